"""Real reports re-printed the ways other publishers print the same tables read back the same.

Each case takes the real sample/devset texts (read from ../shared at run time) and applies one
variation seen in published reports: space-separated cells, a re-arranged requests header, notes
and stubs inside row labels, enumerator and spacing variants, units and separators in cells,
marks for empty cells, a turned disputes table, missing 第二十条 headings, tables out of order.
Every gold cell must come out exactly, or be left out with a note — never a wrong number.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from real_text_reports import TEXT_REPORTS

from extract.api import extract_bytes
from extract.scoring import score_file

Gold = dict[tuple[str, str, str], str]


def _lines(fn: Callable[[str], str]) -> Callable[[str], str]:
    return lambda t: "\n".join(map(fn, t.split("\n")))


def _tab_rows(fn: Callable[[list[str]], list[str]]) -> Callable[[str], str]:
    """Apply ``fn`` to the fields of every tab-separated line."""
    return _lines(lambda line: "\t".join(fn(line.split("\t"))) if "\t" in line else line)


def _section(text: str, start: str, end: str) -> tuple[int, int] | None:
    """Line-start offsets of the section whose heading contains ``start`` up to ``end``."""
    m = re.search(rf"^[ \t|]*{start}[^\n]*$", text, re.M)
    if m is None:
        return None
    n = re.search(rf"^[ \t|]*{end}[^\n]*$", text[m.end() :], re.M)
    return (m.start(), m.end() + n.start()) if n else None


def _three_before_two(text: str) -> str:
    two = _section(text, "二、主动公开", "三、收到和处理")
    if two is None:
        return text
    three = _section(text, "三、收到和处理", "四、政府信息公开行政复议")
    if three is None or three[0] != two[1]:
        return text
    a, b, c = two[0], two[1], three[1]
    return text[:a] + text[b:c] + text[a:b] + text[c:]


def _vertical_disputes(text: str) -> str:
    """四 as one 'label value' line per cell (tab layouts: the 15-number row)."""
    groups = ("行政复议", "行政诉讼未经复议直接起诉", "行政诉讼复议后起诉")
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

    def turn(m: re.Match[str]) -> str:
        values = m.group(0).split("\t")
        labels = [f"{g}{o}" for g in groups for o in outcomes]
        return "\n".join(f"{lab} {v}" for lab, v in zip(labels, values, strict=True))

    head = re.search(r"^行政复议\t[^\n]*\n(?:[^\n]*\n){2}", text, re.M)
    if head is None:
        return text
    rest = re.sub(r"^(?:\d+\t){14}\d+\t*$", turn, text[head.end() :], count=1, flags=re.M)
    return text[: head.start()] + rest


_REQ_HEADER = re.compile(r"^[^\n]*勾稽关系[^\n]*\n(?:(?![^\n]*本年新收)[^\n]*\n)*", re.M)


def _header(total_first: bool) -> Callable[[str], str]:
    """The requests header printed as 自然人 / 法人或其他组织 / 总计 then its five sub-columns."""

    def apply(text: str) -> str:
        m = _REQ_HEADER.search(text)
        if m is None or "\t" not in m.group(0):
            return text
        has_total = "总计" in m.group(0)
        top = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
        second = ["自然人", "法人或其他组织"] + (["总计"] if has_total else [])
        if total_first and has_total:
            top.append("总计")
            second = second[:-1]
        rows = [
            top,
            ["", *second],
            ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
        ]
        return text[: m.start()] + "".join("\t".join(r) + "\n" for r in rows) + text[m.end() :]

    return apply


def _stub_every_row(text: str) -> str:
    """三、本年度办理结果 and the group heading repeated on every outcome row (merged cells
    unmerged by a converter)."""
    out, group = [], ""
    in_results = False
    for line in text.split("\n"):
        if "本年度办理结果" in line:
            in_results = True
        if "结转下年度" in line:
            in_results = False
        g = re.search(r"[（(][一二三四五六七][)）][^\t]*", line)
        if in_results and g:
            group = g.group(0)
        if in_results and line.count("\t") >= 4 and re.search(r"\t\d", line):
            fields = line.split("\t")
            if fields[0] == "":
                fields[0] = "三、本年度办理结果"
            if fields[1:2] == [""] and group and re.match(r"\s*\d+[.、．]", fields[2]):
                fields[1] = group
            line = "\t".join(fields)
        out.append(line)
    return "\n".join(out)


def _mark_zeros(mark: str) -> tuple[Callable[[str], str], Callable[[Gold], Gold]]:
    """Every 0 of the disputes row printed as a mark: those cells are blank (null), text kept."""

    def text_fn(text: str) -> str:
        return re.sub(
            r"^(?:\d+\t){14}\d+\t*$",
            lambda m: re.sub(r"(?<![\d])0(?![\d])", mark, m.group(0)),
            text,
            count=1,
            flags=re.M,
        )

    def gold_fn(gold: Gold) -> Gold:
        return {k: "EMPTY" if k[0] == "disputes" and v == "0" else v for k, v in gold.items()}

    return text_fn, gold_fn


def _units(unit: str) -> Callable[[str], str]:
    """Every count cell of a tab row printed with its unit ("3件")."""
    return _tab_rows(lambda f: [x + unit if re.fullmatch(r"\d+", x) else x for x in f])


_TABLES_RE = re.compile(r"^[ \t|]*(?:第二十条|二、主动公开)[^\n]*$", re.M)
_FIVE_RE = re.compile(r"^[ \t|]*五、[^\n]*$", re.M)
_CELL_RE = re.compile(r"(?<![^\t |\n])\d+(?![^\t |\n])")
_PAGE_MARK = re.compile(r"^\s*[—-]\s*\d+\s*[—-]\s*$")
_DISPUTE_ROW = re.compile(r"^[\t |]*(?:\d+[\t |]+){14}\d+[\t |]*$", re.M)


def _table_cells(fn: Callable[[str], str]) -> Callable[[str], str]:
    """Apply ``fn`` to every number printed as a whole cell (tab, space, pipe or line bounded)
    between the first table and section 五."""

    def apply(text: str) -> str:
        a, b = _TABLES_RE.search(text), _dispute_row(text)
        if a is None or b is None:
            return text
        body = "\n".join(
            line if _PAGE_MARK.match(line) else _CELL_RE.sub(lambda m: fn(m.group(0)), line)
            for line in text[a.start() : b.end()].split("\n")
        )
        return text[: a.start()] + body + text[b.end() :]

    return apply


def _table_lines(fn: Callable[[str], str]) -> Callable[[str], str]:
    """Apply ``fn`` to every line from the first table to the disputes row (not the prose)."""

    def apply(text: str) -> str:
        a, b = _TABLES_RE.search(text), _dispute_row(text)
        if a is None or b is None:
            return text
        body = "\n".join(map(fn, text[a.start() : b.end()].split("\n")))
        return text[: a.start()] + body + text[b.end() :]

    return apply


def _dispute_row(text: str) -> re.Match[str] | None:
    """The 15 numbers of 四 printed on one line."""
    return _DISPUTE_ROW.search(text, max(0, text.rfind("结转下年度")))


def _disputes_marked(mark: str) -> tuple[Callable[[str], str], Callable[[Gold], Gold]]:
    """Every 0 of the one-line disputes row printed as a mark: those cells are blank (null)."""

    def text_fn(text: str) -> str:
        m = _dispute_row(text)
        if m is None:
            return text
        row = re.sub(r"(?<!\d)0(?!\d)", mark, m.group(0))
        return text[: m.start()] + row + text[m.end() :]

    def gold_fn(gold: Gold) -> Gold:
        return {k: "EMPTY" if k[0] == "disputes" and v == "0" else v for k, v in gold.items()}

    return text_fn, gold_fn


def _disputes_one_per_line(text: str) -> str:
    """四 printed vertically: one "label value" line per cell."""
    m = _dispute_row(text)
    if m is None:
        return text
    groups = ("行政复议", "行政诉讼未经复议直接起诉", "行政诉讼复议后起诉")
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    labels = [f"{g}{o}" for g in groups for o in outcomes]
    values = re.findall(r"\d+", m.group(0))
    lines = "\n".join(f"{lab} {v}" for lab, v in zip(labels, values, strict=True))
    return text[: m.start()] + lines + text[m.end() :]


def _disputes_label_then_value(text: str) -> str:
    """四 printed vertically with each label on its own line and the value on the next."""
    m = _dispute_row(text)
    if m is None:
        return text
    groups = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    values = iter(re.findall(r"\d+", m.group(0)))
    lines = [f"{g}\n" + "\n".join(f"{o}\n{next(values)}" for o in outcomes) for g in groups]
    return text[: m.start()] + "\n".join(lines) + text[m.end() :]


def _disputes_grid(text: str) -> str:
    """四 as three labelled rows of five (复议 / 直接起诉 / 复议后起诉), the usual grid turned."""
    m = _dispute_row(text)
    if m is None:
        return text
    values = re.findall(r"\d+", m.group(0))
    head = "\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计"
    labels = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
    rows = [f"{lab}\t" + "\t".join(values[5 * i : 5 * i + 5]) for i, lab in enumerate(labels)]
    return text[: m.start()] + "\n".join([head, *rows]) + text[m.end() :]


def _all_zeros_marked(mark: str) -> tuple[Callable[[str], str], Callable[[Gold], Gold]]:
    """Every 0 cell of the three tables printed as a mark: all of them blank (null)."""

    def gold_fn(gold: Gold) -> Gold:
        return {k: "EMPTY" if k[0] != "meta" and v == "0" else v for k, v in gold.items()}

    return _table_cells(lambda n: mark if n == "0" else n), gold_fn


def _org_subtotal(text: str) -> str:
    """三 with an extra 合计 column (the five 法人或其他组织 columns) printed before 总计."""
    m = _REQ_HEADER.search(text)
    end = text.find("结转下年度", m.end() if m else 0)
    if m is None or end < 0 or "总计" not in m.group(0):
        return text
    end = text.find("\n", end) % (len(text) + 1)
    header = m.group(0).replace("总计", "合计\t总计" if "\t" in m.group(0) else "合计 | 总计", 1)

    def add(row: re.Match[str]) -> str:
        sep = row.group(1)
        v = re.split(r" *[\t|] *", row.group(2))
        v = [*v[:6], str(sum(map(int, v[1:6]))), v[6]]
        return sep + (" | " if "|" in sep else "\t").join(v) + row.group(3)

    body = re.sub(
        r"(\t *|\| *)((?:\d+ *[\t|] *){6}\d+)((?: *\|)*\t*)$",
        add,
        text[m.end() : end],
        flags=re.M,
    )
    if body == text[m.end() : end]:  # one cell per line: no row to widen
        return text
    return text[: m.start()] + header + body + text[end:]


CASES: dict[str, Callable[[str], str] | tuple[Callable[[str], str], Callable[[Gold], Gold]]] = {
    "spaces_for_tabs": lambda t: re.sub(r"[ \t]*\t[ \t]*", "    ", t),
    "header_org_split": _header(total_first=False),
    "header_total_first": _header(total_first=True),
    "stub_every_row": _stub_every_row,
    "note_in_new_received": lambda t: re.sub(
        r"(一、本年新收政府信息公开申请数量)",
        r"\1（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        t,
        count=1,
    ),
    "enum_fullwidth_dot": lambda t: re.sub(r"(?<=\d)[.、](?=\D)", "．", t),
    "enum_dunhao": lambda t: re.sub(r"(?<=[\t ]\d)\.(?=\S)|^(\d)\.", r"\1、", t, flags=re.M),
    "spaced_labels": lambda t: re.sub(
        "本年新收|上年结转|予以公开|部分公开|结转下年度", lambda m: " ".join(m.group(0)), t
    ),
    "social_org": lambda t: t.replace("社会公益组织", "社会组织"),
    "public_welfare_org": lambda t: t.replace("社会公益组织", "公益组织").replace(
        "社会组织", "公益组织"
    ),
    "unit_jian": _units("件"),
    "unit_ge": _units("个"),
    "fullwidth_digits": lambda t: t.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "no_article_20_headings": lambda t: re.sub(
        r"^[ \t|]*第二十条第[（(][一二三四五六七八九十][)）]项[^\n]*\n", "", t, flags=re.M
    ),
    "three_before_two": _three_before_two,
    "vertical_disputes": _vertical_disputes,
    "mark_slash": _mark_zeros("/"),
    "mark_emdash": _mark_zeros("—"),
    "mark_fullwidth_minus": _mark_zeros("－"),
    "mark_wu": _mark_zeros("无"),
    "fee_decimals": lambda t: re.sub(r"(行政事业性收费[ \t|]+)0(?=[\s|])", r"\g<1>0.0000", t),
    "cell_unit_jian": _table_cells(lambda n: n + "件"),
    "cell_unit_xiang": _table_cells(lambda n: n + " 项"),
    "cell_thousands": _table_cells(lambda n: f"{int(n):,}"),
    "cell_footnote": _table_cells(lambda n: n + "*" if n != "0" else n),
    "disputes_slash": _disputes_marked("/"),
    "disputes_dash": _disputes_marked("—"),
    "disputes_wu": _disputes_marked("无"),
    "disputes_vertical_lines": _disputes_one_per_line,
    "proactive_2019_row_labels": lambda t: t.replace("行政规范性文件", "规范性文件"),
    "disputes_grid_3x5": _disputes_grid,
    "all_zeros_dash": _all_zeros_marked("—"),
    "all_zeros_slash": _all_zeros_marked("/"),
    "org_subtotal_heji": _org_subtotal,
    "total_named_heji": lambda t: re.sub(r"(?<=[\t ])总计(?=[\t ]*\n)", "合计", t, count=1),
    "traditional_quotes": lambda t: t.replace("“", "「").replace("”", "」"),
}


def _spaced(case: str):
    """A case on top of PDF-to-text spacing (cells separated by several spaces, not tabs)."""
    spec = CASES[case]
    text_fn, gold_fn = spec if isinstance(spec, tuple) else (spec, None)
    spaces = CASES["spaces_for_tabs"]

    def joined(text: str) -> str:
        varied = text_fn(text)
        return text if varied == text else spaces(varied)  # a no-op stays one

    return (joined, gold_fn) if gold_fn else joined


CASES["disputes_label_then_value"] = _disputes_label_then_value
CASES["notes_in_total_rows"] = lambda t: re.sub(
    r"(（七）总计|\(七\) 总计|四、结转下年度继续办理)",
    r"\1（数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    t,
)
CASES["note_with_digits"] = lambda t: re.sub(
    r"(一、本年新收政府信息公开申请数量)", r"\1（第1项+第2项=第3项+第4项）", t, count=1
)
CASES["note_with_bare_digits"] = lambda t: re.sub(
    r"(四、结转下年度继续办理)", r"\1（1+2=3+4）", t, count=1
)
CASES["proactive_empty_cell_unruled"] = (
    lambda t: re.sub(r"^(行政强制)[ \t|]+\d+[ \t|]*$", r"\1", t, count=1, flags=re.M),
    lambda g: {k: "EMPTY" if k[:2] == ("proactive", "coercion") else v for k, v in g.items()},
)
CASES["sub_items_bracketed"] = lambda t: re.sub(
    r"(?<=[\t |])([1-8])[.、](?=[\u4e00-\u9fff])", r"（\1）", t
)
CASES["thousands_fullwidth_comma"] = _table_cells(lambda n: f"{int(n):,}".replace(",", "，"))
CASES["no_requests_header"] = lambda t: _REQ_HEADER.sub("", t, count=1)
CASES["prose_quotes_rows"] = lambda t: re.sub(
    r"^(一、总体情况[^\n]*)$",
    r"\1\n全年本年新收政府信息公开申请12件，上年结转3件，予以公开5件，行政复议1件。",
    t,
    count=1,
    flags=re.M,
)
CASES["note_after_requests"] = lambda t: re.sub(
    r"^([ \t|]*四、政府信息公开行政复议)",
    r"注：本年度因政府信息公开被申请行政复议2件，详见下表。\n\1",
    t,
    count=1,
    flags=re.M,
)


def _single_other_row(text: str) -> str:
    """A 2021 report printing the 2019 single （六）其他处理 row (the three sub-rows summed)."""
    m = re.search(
        r"^([^\n]*其他处理)[^\n]*?((?:\t\d+){6,7})\t*\n[^\n]*?((?:\t\d+){6,7})\t*\n"
        r"[^\n]*3\.其他((?:\t\d+){6,7})\t*$",
        text,
        flags=re.M,
    )
    if m is None:
        return text
    rows = [list(map(int, m.group(i).split("\t")[1:])) for i in (2, 3, 4)]
    sums = "\t".join(str(sum(col)) for col in zip(*rows, strict=True))
    return text[: m.start()] + f"{m.group(1)}\t\t{sums}" + text[m.end() :]


def _single_other_gold(gold: Gold) -> Gold:
    out = {k: v for k, v in gold.items() if not k[1].startswith("other_")}
    for (table, row, col), v in gold.items():
        if row.startswith("other_") and v != "EMPTY":
            key = (table, "other", col)
            out[key] = str(int(out.get(key, "0")) + int(v))
    return out


CASES["mixed_single_other_row"] = (_single_other_row, _single_other_gold)
CASES["disputes_without_header_rows"] = lambda t: re.sub(
    r"^[ \t|]*行政复议[ \t|]+行政诉讼[^\n]*\n(?:[^\n]*结果[^\n]*\n)+", "", t, count=1, flags=re.M
)
CASES["lenticular_brackets"] = lambda t: re.sub(r"[（(]([一二三四五六七八九])[)）]", r"【\1】", t)
CASES["tortoise_brackets"] = lambda t: re.sub(r"[（(]([一二三四五六七八九])[)）]", r"〔\1〕", t)
CASES["colon_after_label"] = _table_lines(
    lambda line: re.sub(r"^([^\t\d]*[\u4e00-\u9fff）)])(?=[\t ]+\d)", r"\1：", line)
)
CASES["note_inside_requests"] = lambda t: re.sub(
    r"^([^\n]*结转下年度继续办理[^\n]*)$",
    r"\1\n注：本年度因政府信息公开被申请行政复议2件，详见下表。",
    t,
    count=1,
    flags=re.M,
)
CASES["cn_enum_dot"] = lambda t: re.sub(r"(?<=[一二三四五六七])、", "．", t)
CASES["ideographic_spaces_in_labels"] = lambda t: re.sub(
    "本年新收|上年结转|本年度办理结果|结转下年度", lambda m: "\u3000".join(m.group(0)), t
)
for _case in (
    "all_zeros_dash",
    "header_org_split",
    "stub_every_row",
    "note_in_new_received",
    "no_article_20_headings",
    "three_before_two",
    "cell_unit_jian",
    "disputes_grid_3x5",
    "org_subtotal_heji",
    "total_named_heji",
    "notes_in_total_rows",
    "spaced_labels",
    "note_with_digits",
    "note_with_bare_digits",
    "colon_after_label",
):
    CASES[f"spaces+{_case}"] = _spaced(_case)


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize(("folder", "name"), TEXT_REPORTS)
def test_variant_reads_gold_or_leaves_out_with_note(
    folder, name, case, shared_dir, samples_gold, devset_gold
):
    gold: Gold = dict((samples_gold if folder == "samples" else devset_gold)[name])
    text = (shared_dir / folder / name).read_text(encoding="utf-8")
    spec = CASES[case]
    text_fn, gold_fn = spec if isinstance(spec, tuple) else (spec, None)
    varied = text_fn(text)
    if gold_fn is not None and varied != text:
        gold = gold_fn(gold)
    ex = extract_bytes(varied.encode("utf-8"), name)
    score = score_file(ex, gold)
    assert score.wrong == [], (score.wrong, ex.notes)
    unexplained = [key for key in score.missing if not _noted(key, ex.notes)]
    assert unexplained == [], (unexplained, ex.notes)


def _noted(key: str, notes: list[str]) -> bool:
    """A missing cell is acceptable only when a note names its row (or its whole table)."""
    table, row = key.split("/")[:2]
    return any(n.startswith((f"{table} {row}:", f"{table}:")) for n in notes)


@pytest.mark.parametrize("case", sorted(CASES))
def test_variant_changes_some_report(case, shared_dir):
    """A variation that changes none of the reports tests nothing."""
    spec = CASES[case]
    text_fn = spec[0] if isinstance(spec, tuple) else spec
    texts = [(shared_dir / f / n).read_text(encoding="utf-8") for f, n in TEXT_REPORTS]
    assert any(text_fn(t) != t for t in texts)
