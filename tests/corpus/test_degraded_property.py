"""The extractor never lands a wrong number, however the table was degraded on its way to text.

Generates :data:`N_REPORTS` reports through random combinations of :data:`corpus.degrade.DEGRADATIONS`
(seeded: ``NIANBAO_DEGRADED_SEED`` moves the seed base, default 0), extracts each and sorts every
cell into right / left out / wrong. Left out is allowed (a degraded table may be unreadable);
wrong is not: a number that is not the printed one, a number for a blank or a mark, a mark's text
not as printed, a cell the report does not print. The coverage table is printed (``-s``) and
summarised in the failure message, with the first wrong cells and how to reproduce each.

The small tests below show each class really degrades, so the layer cannot quietly become a no-op.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import replace
from itertools import pairwise

from corpus.degrade import (
    DEGRADATIONS,
    FULLWIDTH_MARKS,
    degrade,
    degrade_report,
    random_degraded,
    random_degraded_report,
    run,
)
from corpus.render.document import Table, build
from corpus.truth import Options, generate_truth

N_REPORTS = 2000
SEED_BASE = int(os.environ.get("NIANBAO_DEGRADED_SEED", "0"))
_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_degraded_reports_never_land_a_wrong_cell():
    started = time.process_time()
    cov = run(range(SEED_BASE, SEED_BASE + N_REPORTS))
    took = time.process_time() - started
    table = cov.table()
    print(f"\n{N_REPORTS} degraded reports from seed {SEED_BASE} in {took:.1f}s CPU\n{table}")
    for name in DEGRADATIONS:  # every class drawn often enough to mean something
        assert cov.rows[name].reports >= N_REPORTS // 10, (name, table)
    assert cov.rows["slips"].reports >= N_REPORTS // 20, table
    per_report: dict[int, int] = {}
    shown = []
    for w in cov.wrong:  # the first ~20, at most two per report, so more reports show
        if per_report.setdefault(w.seed, 0) < 2 and len(shown) < 20:
            per_report[w.seed] += 1
            shown.append(f"  {w}")
    first = "\n".join(shown)
    n_wrong = cov.total_wrong
    assert n_wrong == 0, (
        f"{n_wrong} wrong cells in {len({w.seed for w in cov.wrong})} reports\n{table}\n"
        f"first wrong cells (class, seed, key, expected, got):\n{first}\n"
        "reproduce: .venv/bin/python -m corpus.degrade --seed SEED  (report text and every "
        "wrong / left-out cell)"
    )


# ----------------------------------------------------------------------------- determinism


def test_same_seed_same_report():
    for seed in range(20):
        assert random_degraded(seed)[3] == random_degraded(seed)[3]
        truth = generate_truth(seed)
        classes = frozenset(DEGRADATIONS[: 1 + seed % len(DEGRADATIONS)]) - {"generic_headers"}
        assert degrade(truth, classes, seed) == degrade(truth, classes, seed)


def test_printed_text_is_what_the_bytes_show():
    """Every non-empty printed cell text occurs in the report (the gold the test judges by)."""
    for seed in range(60):
        d = random_degraded_report(seed)
        text = d.data.decode("utf-8")
        for key, printed in d.printed.items():
            assert printed == "" or printed in text, (seed, key, printed)


# ----------------------------------------------------------------------------- each class degrades


def _number_rows(truth) -> list[list[tuple[str, str, str]]]:
    """The statutory keys of each table row that prints numbers, in document order."""
    out = []
    for block in build(truth).blocks:
        if isinstance(block, Table):
            out += [[c.key for c in row if c.key] for row in block.rows if any(c.key for c in row)]
    return out


def _pipe_rows_after_rule(text: str) -> list[list[str]]:
    lines = text.splitlines()
    rows = []
    for i, line in enumerate(lines[1:], 1):
        if line.startswith("| ") and lines[i - 1].startswith("|---"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def test_lost_separators_lose_some_boundaries_and_run_some_rows_together():
    label = "一、本年新收政府信息公开申请数量 "
    partial = whole = 0
    for seed in range(60):
        truth = generate_truth(seed, Options(blanks=0))
        d = degrade_report(truth, frozenset({"lost_separators"}), seed, layout="pdftext")
        cols = truth.request_columns()
        want = [d.printed[("requests", "new_received", c)] for c in cols]
        line = next(x for x in d.data.decode().splitlines() if x.startswith(label))
        tokens = line.removeprefix(label).split(" ")
        assert "".join(tokens) == "".join(want), (seed, line)  # digits kept, only spaces lost
        partial += 1 < len(tokens) < len(cols)
        whole += len(tokens) == 1
        crawled = degrade_report(truth, frozenset({"lost_separators"}), seed, layout="crawler")
        whole += crawled.effects["rows_run_together"] > 0
    assert partial >= 10 and whole >= 10, (partial, whole)


def test_dropped_blanks_print_fewer_numbers_than_columns():
    shorter = 0
    for seed in range(30):
        truth = generate_truth(seed, Options(blanks=12))
        truth.wording = replace(truth.wording, blank_mark="")
        classes = frozenset({"dropped_blanks", "generic_headers"})
        d = degrade_report(truth, classes, seed)
        rows = _pipe_rows_after_rule(d.data.decode())
        keys = _number_rows(truth)
        assert len(rows) == len(keys), seed
        for cells, row_keys in zip(rows, keys, strict=True):
            printed = [d.printed[k] for k in row_keys if d.printed[k] != ""]
            assert cells[1:] == printed, (seed, cells, row_keys)  # blanks gone, nothing marks them
            shorter += len(cells) - 1 < len(row_keys)
    assert shorter >= 30, shorter


def test_detached_labels_print_labels_and_number_rows_apart():
    split = 0
    for seed in range(30):
        truth = generate_truth(seed)
        d = degrade_report(truth, frozenset({"detached_labels"}), seed)
        text = d.data.decode()
        pipe_rows = [x for x in text.splitlines() if x.startswith("| ")]
        assert len(pipe_rows) == len(_number_rows(truth)), seed
        assert not any(_CJK.search(x.replace("无", "")) for x in pipe_rows), seed  # labels apart
        assert d.effects["detached_blocks"] >= 3, seed
        lines = text.splitlines()
        labels = (
            "（一）予以公开",
            "(一)予以公开",
            "行政规范性文件",
            "1.属于国家秘密",
            "1、属于国家秘密",
        )
        split += any(a + b in labels and a not in labels for a, b in pairwise(lines))
    assert split >= 3, split


def test_generic_headers_name_no_column():
    for seed in range(20):
        truth = generate_truth(seed)
        d = degrade_report(truth, frozenset({"generic_headers"}), seed)
        text = d.data.decode()
        headers = [x for x in text.splitlines() if x.startswith("| 项目 |")]
        assert len(headers) == len(_number_rows(truth)), seed
        assert all(h.startswith("| 项目 | 数据1 |") for h in headers)
        for name in (
            "商业企业",
            "法律服务机构",
            "本年制发件数",
            "本年新制作数量",
            "结果维持",
            "尚未审结",
        ):
            assert name not in text, (seed, name)


def test_worded_changes_print_signs_and_words_and_glue():
    seen: set[str] = set()
    glued = 0
    for seed in range(80):
        truth = generate_truth(seed, Options(template="2019", year=2020))
        d = degrade_report(truth, frozenset({"worded_changes"}), seed, layout="pdftext")
        for k, v in truth.cells.items():
            if k[2] == "change" and v:
                printed = d.printed[k]
                seen.add(printed[0])
                sign = -1 if printed[0] in "-－减" else 1
                assert sign * int(printed.lstrip("+-＋－增减").translate(_ASCII)) == v, (seed, k)
        glued += bool(re.search(r"[0-9０-９][增减][0-9０-９]", d.data.decode()))
    assert {"+", "-", "增", "减"} <= seen, seen
    assert glued >= 5, glued


_ASCII = str.maketrans("０１２３４５６７８９，", "0123456789,")


def test_fullwidth_marks_print_every_blank_as_a_mark():
    seen: set[str] = set()
    for seed in range(30):
        truth = generate_truth(seed, Options(blanks=8))
        d = degrade_report(truth, frozenset({"fullwidth_marks"}), seed)
        assert truth.blanks, seed
        for k in truth.blanks:
            assert d.printed[k] in FULLWIDTH_MARKS, (seed, k, d.printed[k])
            seen.add(d.printed[k])
        assert d.effects["marks"] == len(truth.blanks)
    assert seen == set(FULLWIDTH_MARKS)


def test_random_reports_mix_classes_blanks_and_slips():
    reports = [random_degraded_report(s) for s in range(300)]
    assert sum(not d.classes for d in reports) >= 10  # plain reports as a baseline
    assert sum(len(d.classes) >= 2 for d in reports) >= 60
    assert sum(bool(d.truth.slips) for d in reports) >= 20
    assert sum(bool(d.truth.blanks) for d in reports) >= 100
    assert {d.name.rsplit(".", 1)[1] for d in reports} == {"txt", "md"}
