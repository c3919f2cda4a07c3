"""THE default corpus: a fixed-seed set of synthetic reports a new user can load at once.

~25 agencies in four real regions, report years 2019–2024 with gaps, mixed formats (mostly text
and HTML, ~15% PDF, ~10% DOCX), a few arithmetic slips, blanks and late publications, one agency
renamed after a reorganisation, one printed with a short name, a laggard still on the 2019
format, one report restated (published again later with a few cells changed: manifest column
``restates``), and three files that are not reports at all. Same seed, same bytes.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from corpus.invariants import broken_rules, broken_year_rules
from corpus.regions import Agency, Region
from corpus.render import SCAN, Variant, random_variant, render
from corpus.render.scan import OFFICE_SCAN, render_scan
from corpus.truth import (
    SLIP_RULES,
    Key,
    Options,
    ReportTruth,
    Value,
    generate_truth,
    template_for_year,
)
from extract.vocabulary import cell_specs

SEED = 20190101
YEARS = tuple(range(2019, 2025))
KIND_WEIGHTS = {"txt": 30, "md": 10, "html": 35, "pdf": 15, "docx": 15}

_WUZHI = Region("河南省", "焦作市", "武陟县")
_JIAOZUO = Region("河南省", "焦作市", None)
_HONGZE = Region("江苏省", "淮安市", "洪泽区")
_SHUYANG = Region("江苏省", "宿迁市", "沭阳县")
_QINYUAN = Region("山西省", "长治市", "沁源县")
_OTOG = Region("内蒙古自治区", "鄂尔多斯市", "鄂托克旗")


def _a(slug: str, name: str, region: Region, scale: float, gov: bool = False) -> Agency:
    return Agency(slug, name, region, "government" if gov else "department", scale)


#: (agency, ASCII slug for file names). Names are printed as given unless renamed below.
AGENCIES: tuple[Agency, ...] = (
    _a("wuzhi-gov", "武陟县人民政府", _WUZHI, 25, gov=True),
    _a("wuzhi-gxj", "武陟县科技和工业信息化局", _WUZHI, 1.5),
    _a("wuzhi-fgw", "武陟县发展和改革委员会", _WUZHI, 2),
    _a("wuzhi-jyj", "武陟县教育局", _WUZHI, 3),
    _a("wuzhi-zrzy", "武陟县自然资源局", _WUZHI, 12),
    _a("wuzhi-scjg", "武陟县市场监督管理局", _WUZHI, 4),
    _a("jiaozuo-gov", "焦作市人民政府", _JIAOZUO, 250, gov=True),
    _a("jiaozuo-sthj", "焦作市生态环境局", _JIAOZUO, 10),
    _a("jiaozuo-zjj", "焦作市住房和城乡建设局", _JIAOZUO, 30),
    _a("hongze-gov", "淮安市洪泽区人民政府", _HONGZE, 40, gov=True),
    _a("hongze-czj", "淮安市洪泽区财政局", _HONGZE, 1),
    _a("hongze-wjw", "淮安市洪泽区卫生健康委员会", _HONGZE, 2),
    _a("hongze-jtj", "淮安市洪泽区交通运输局", _HONGZE, 1),
    _a("shuyang-gov", "沭阳县人民政府", _SHUYANG, 60, gov=True),
    _a("shuyang-fgj", "沭阳县发展和改革局", _SHUYANG, 2),
    _a("shuyang-rsj", "沭阳县人力资源和社会保障局", _SHUYANG, 5),
    _a("qinyuan-gov", "沁源县人民政府", _QINYUAN, 15, gov=True),
    _a("qinyuan-nyj", "沁源县农业农村局", _QINYUAN, 1),
    _a("qinyuan-mzj", "沁源县民政局", _QINYUAN, 1),
    _a("qinyuan-sjj", "沁源县审计局", _QINYUAN, 0.3),
    _a("qinyuan-tjj", "沁源县统计局", _QINYUAN, 0.2),
    _a("otog-gov", "鄂托克旗人民政府", _OTOG, 12, gov=True),
    _a("otog-jyj", "鄂托克旗教育局", _OTOG, 2),
    _a("otog-sthj", "鄂托克旗生态环境局", _OTOG, 2),
    _a("otog-gxkj", "鄂托克旗工信和科技局", _OTOG, 0.5),
)

#: The reorganised agency: 工信局 → 工业和信息化科技局 → 科技和工业信息化局 (same 武陟县).
RENAMED = {
    "wuzhi-gxj": {
        2019: "武陟县工信局",
        2020: "武陟县工信局",
        2021: "武陟县工业和信息化科技局",
        2022: "武陟县工业和信息化科技局",
    }
}
#: Printed with a short name in one year.
SHORT_NAMES = {("shuyang-fgj", 2022): "沭阳县发改局"}
#: A laggard still printing the 2019 format after 2020 (as sample 003 does).
LAGGARD = {"qinyuan-nyj": 2022}


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of the corpus: a report (truth + variant) or a deliberately bad file."""

    file: str
    data: bytes
    truth: ReportTruth | None
    variant: Variant | None
    bad_reason: str | None = None
    previous: ReportTruth | None = None  # the agency's report of the year before, when published
    restates: str = ""  # the file this one re-issues with some cells changed (a restatement)


_NOT_A_REPORT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>页面不存在 - 武陟县人民政府</title></head>
<body><div class="header"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a></div>
<div class="main"><h1>404 您访问的页面不存在或已删除</h1>
<p>请检查网址是否正确，或返回<a href="/">网站首页</a>继续浏览。</p>
<ul><li><a href="/zwgk/gknb/">政府信息公开年报</a></li><li><a href="/zwgk/gkzn/">公开指南</a></li></ul>
</div><div class="footer">主办：武陟县人民政府办公室　版权所有</div></body></html>
"""


def _bad_files(rng: random.Random) -> list[Entry]:
    junk = bytes(rng.getrandbits(8) for _ in range(4096))
    return [
        Entry("bad_empty.txt", b"", None, None, "empty file"),
        Entry("bad_junk.pdf", junk, None, None, "binary junk"),
        Entry(
            "bad_not_a_report.html",
            _NOT_A_REPORT.encode("utf-8"),
            None,
            None,
            "an HTML page that is not a report",
        ),
    ]


def _plan(rng: random.Random) -> list[tuple[Agency, int]]:
    """Which (agency, year) reports exist: every agency several years, some years missing."""
    plan = []
    for agency in AGENCIES:
        first = rng.choice((2019, 2019, 2019, 2020))
        years = [y for y in YEARS if y >= first]
        for _ in range(rng.choice((0, 1, 1, 2))):
            if len(years) > 3:
                years.remove(rng.choice(years[1:-1]))
        plan += [(agency, y) for y in years]
    return plan


def build_corpus(seed: int = SEED) -> list[Entry]:
    """Every file of the default corpus, in file-name order."""
    rng = random.Random(seed)
    plan = _plan(rng)
    n = len(plan)
    specials = rng.sample(range(n), 16)
    slipped = dict(zip(specials[:6], sorted(SLIP_RULES) * 2, strict=False))
    blanked = set(specials[6:11])
    late = set(specials[11:15])
    planned = set((a.id, y) for a, y in plan)
    chained = [i for i, (a, y) in enumerate(plan) if (a.id, y - 1) in planned and i not in specials]
    for i in random.Random(seed + 1).sample(chained, 2):  # 上年结转 ≠ last year's 结转下年度
        slipped[i] = "carried_in_mismatch"
    entries: list[Entry] = []
    previous: dict[str, ReportTruth] = {}
    for i, (agency, year) in enumerate(plan):
        printed = RENAMED.get(agency.id, {}).get(year, agency.name)
        printed = SHORT_NAMES.get((agency.id, year), printed)
        laggard = LAGGARD.get(agency.id)
        template = "2019" if laggard and year <= laggard else None
        prev = previous.get(agency.id) if (agency.id, year - 1) in planned else None
        options = Options(
            agency=agency,
            agency_printed=printed,
            year=year,
            template=template,
            slips=(slipped[i],) if i in slipped else (),
            blanks=rng.randint(2, 10) if i in blanked else 0,
            late=i in late,
            published_stated=True if i in late else None,
            previous=prev,
        )
        truth = generate_truth(rng.getrandbits(32), options)
        if i in slipped and not truth.slips:  # this report can't host that slip: try the others
            for kind in sorted(SLIP_RULES):
                truth = generate_truth(truth.seed, replace(options, slips=(kind,)))
                if truth.slips:
                    break
        previous[agency.id] = truth
        variant = random_variant(rng, truth, KIND_WEIGHTS)
        name = f"{agency.id}_{year}{variant.suffix}"
        entries.append(Entry(name, render(truth, variant), truth, variant, previous=prev))
    _scan_a_few(entries, specials, seed)
    _plant_narratives(entries, specials, seed)
    entries.append(_restated(entries, seed))
    entries += _bad_files(rng)
    return sorted(entries, key=lambda e: e.file)


#: how many reports of the default corpus are scans of the stamped paper copy
N_SCANNED = 3


def _scan_a_few(entries: list[Entry], specials: list[int], seed: int) -> None:
    """Turn a few plain reports (no slip, blank or late date to find) into scans: a scan's
    unreadable print is left out, so a scanned report carries no finding the corpus plans."""
    plain = [
        i
        for i, e in enumerate(entries)
        if i not in specials and e.truth is not None and not e.truth.slips and not e.truth.blanks
    ]
    for i in random.Random(seed + 2).sample(plain, N_SCANNED):
        e = entries[i]
        data = render_scan(e.truth, seed=e.truth.seed, look=OFFICE_SCAN)
        name = e.file.rsplit(".", 1)[0] + ".pdf"
        entries[i] = replace(e, file=name, data=data, variant=SCAN)


#: the suffix of the restated report's file name (the original's name + it)
RESTATED = "_restated"


def restatement(truth: ReportTruth) -> dict[Key, Value]:
    """The cells a re-issued report (更正后重新发布) prints differently: a few 予以公开 requests of
    自然人 re-filed as 本机关不掌握 (in its 总计 too, so every sum still holds) and the 行政许可
    处理决定数量 corrected upward. Only these cells differ."""
    np_, total = ("requests", "granted", "natural_person"), ("requests", "granted", "total")
    moved = 1 + (int(truth.cells[np_] or 0) > 3)
    changed: dict[Key, Value] = {}
    for col in ("natural_person", "total"):
        granted, not_held = ("requests", "granted", col), ("requests", "unable_not_held", col)
        changed[granted] = int(truth.cells[granted] or 0) - moved
        changed[not_held] = int(truth.cells[not_held] or 0) + moved
    licensing = ("proactive", "licensing", "decisions")
    changed[licensing] = int(truth.cells[licensing] or 0) + 3
    assert changed[total] >= 0
    return changed


def _restated(entries: list[Entry], seed: int) -> Entry:
    """One report published again later with some cells changed (a restatement): a plain text
    or web report of the 2021 template, printed with its date, with room before the deadline."""

    def fits(e: Entry) -> bool:
        t = e.truth
        if t is None or e.variant is None or e.variant == SCAN or e.variant.kind == "pdf":
            return False
        deadline = date(t.year + 1, 3 if t.agency.kind == "government" else 1, 31)
        return (
            t.template == "2021"
            and not t.narrative_slip
            and t.prose_seed is None  # not one of the planted narratives (X-01, S-04)
            and not t.slips
            and not t.blanks
            and t.published_stated
            and t.published < deadline
            and not t.wording.no_total_column
            and int(t.cells.get(("requests", "granted", "natural_person")) or 0) >= 2
            and ("proactive", "licensing", "decisions") in t.cells
            and e.variant.kind in ("txt", "md", "html")
        )

    original = random.Random(seed + 3).choice([e for e in entries if fits(e)])
    t = original.truth
    assert t is not None and original.variant is not None
    deadline = date(t.year + 1, 3 if t.agency.kind == "government" else 1, 31)
    truth = replace(
        t,
        cells={**t.cells, **restatement(t)},
        published=min(t.published + timedelta(days=7), deadline),
    )
    stem, suffix = original.file.rsplit(".", 1)
    return Entry(
        f"{stem}{RESTATED}.{suffix}",
        render(truth, original.variant),
        truth,
        original.variant,
        previous=original.previous,
        restates=original.file,
    )


def _plant_narratives(entries: list[Entry], specials: list[int], seed: int) -> None:
    """One report whose prose is its agency's previous report's, copied with this year's
    numbers (S-04, 内容雷同), and one whose prose states more applications than its table
    (X-01); both among plain reports (no slip, blank, late date or scan) of other agencies."""
    index = {(e.truth.agency.id, e.truth.year): i for i, e in enumerate(entries) if e.truth}

    def plain(i: int) -> bool:
        e = entries[i]
        t = e.truth
        return (
            t is not None and i not in specials and not t.slips and not t.blanks
            and e.variant is not SCAN
        )  # fmt: skip

    rng = random.Random(seed + 3)
    copies = [
        i
        for i, e in enumerate(entries)
        if plain(i)
        and e.previous is not None
        and plain(index[(e.truth.agency.id, e.truth.year - 1)])
    ]
    copied = rng.choice(copies)
    source = entries[copied].previous
    stating = [
        i
        for i in range(len(entries))
        if plain(i) and entries[i].truth.agency.id != entries[copied].truth.agency.id
        and entries[i].truth.cells.get(("requests", "new_received", "total")) is not None
    ]  # fmt: skip
    for i, change in (
        (copied, {"prose_seed": source.seed}),
        (rng.choice(stating), {"narrative_slip": 3}),
    ):
        e = entries[i]
        truth = replace(e.truth, **change)
        entries[i] = replace(e, data=render(truth, e.variant), truth=truth)


# ----------------------------------------------------------------------------- gold and manifest


def value_text(value: object) -> str:
    """A value as the gold format writes it: the number, or ``EMPTY`` for a blank."""
    return "EMPTY" if value is None else str(value)


def gold_rows(file: str, truth: ReportTruth) -> list[tuple[str, ...]]:
    """``file,template,table,row,col,value`` rows: meta first, then every cell in cells.csv order."""
    t = truth.template
    rows = [
        (file, t, "meta", "agency", "value", truth.agency_printed),
        (file, t, "meta", "year", "value", str(truth.year)),
        (file, t, "meta", "template", "value", t),
    ]
    if truth.published_stated:
        rows.append((file, t, "meta", "published", "value", truth.published.isoformat()))
    order = {}
    for spec in cell_specs():
        order.setdefault(spec.key, len(order))
    for key in sorted(truth.cells, key=lambda k: order[k]):
        rows.append((file, t, *key, value_text(truth.cells[key])))
    return rows


MANIFEST_FIELDS = (
    "file", "status", "agency_id", "agency", "agency_kind", "province", "city", "county", "year",
    "template", "format", "layout", "published", "late", "blanks", "slips", "rules", "findings",
    "reason", "restates",
)  # fmt: skip


def findings(entry: Entry) -> list[str]:
    """Every rule the warehouse should flag on this report: the slips' report-level rules,
    cross-year rules against the previous report (Y-01, Y-02), a late date (T-01), a template
    that does not match the year (S-02), missing section headings (S-03), planted prose (X-01
    stated count off the table, S-04 copied prose)."""
    t = entry.truth
    if t is None:
        return []
    found = set(broken_rules(t.cells))
    if entry.previous is not None:
        found |= broken_year_rules(entry.previous.cells, t.cells)
    if t.late:
        found.add("T-01")
    if t.template != template_for_year(t.year):
        found.add("S-02")
    if t.wording.no_headings:
        found.add("S-03")
    return sorted(found | t.narrative_rules)


def manifest_row(entry: Entry) -> dict[str, str]:
    t, v = entry.truth, entry.variant
    if t is None or v is None:
        return {
            **dict.fromkeys(MANIFEST_FIELDS, ""),
            "file": entry.file,
            "status": "bad",
            "format": entry.file.rsplit(".", 1)[-1],
            "reason": entry.bad_reason or "",
        }
    return {
        "file": entry.file,
        "status": "report",
        "agency_id": t.agency.id,
        "agency": t.agency_printed,
        "agency_kind": t.agency.kind,
        "province": t.region.province,
        "city": t.region.city,
        "county": t.region.county or "",
        "year": str(t.year),
        "template": t.template,
        "format": v.kind,
        "layout": v.name,
        "published": t.published.isoformat() if t.published_stated else "",
        "late": "yes" if t.late else "",
        "blanks": str(len(t.blanks)),
        "slips": ";".join(s.kind for s in t.slips),
        "rules": ";".join(sorted(t.broken_rules | t.narrative_rules)),
        "findings": ";".join(findings(entry)),
        "reason": "",
        "restates": entry.restates,
    }


def _csv(header: tuple[str, ...], rows: list) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_corpus(out: Path, seed: int = SEED) -> list[Entry]:
    """Write the corpus files, ``truth.csv`` and ``manifest.csv`` into ``out``."""
    entries = build_corpus(seed)
    reports = out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    for stale in reports.iterdir():
        if stale.is_file() and stale.name not in {e.file for e in entries}:
            stale.unlink()
    for e in entries:
        (reports / e.file).write_bytes(e.data)
    gold = [row for e in entries if e.truth for row in gold_rows(e.file, e.truth)]
    (out / "truth.csv").write_bytes(
        _csv(("file", "template", "table", "row", "col", "value"), gold)
    )
    manifest = [[manifest_row(e)[f] for f in MANIFEST_FIELDS] for e in entries]
    (out / "manifest.csv").write_bytes(_csv(MANIFEST_FIELDS, manifest))
    return entries
