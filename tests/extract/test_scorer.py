"""The scorer over samples + devset: prints per-file accuracy, 100% required on text sources.

Right / left out / wrong are counted apart: a wrong number is worse than a gap.
"""

from __future__ import annotations

from extract.api import extract_path
from extract.cli import main
from extract.model import Cell, Extraction, ReportMeta
from extract.scoring import (
    Expected,
    classify_cells,
    overall,
    overall_counts,
    parse_gold,
    score_all,
    score_file,
)

TEXT_SUFFIXES = (".txt", ".md")


def test_scorer_over_real_reports(samples_dir, devset_dir, samples_gold, devset_gold, capsys):
    for folder, gold in ((samples_dir, samples_gold), (devset_dir, devset_gold)):
        scores = score_all([extract_path(folder / name) for name in gold], gold)
        with capsys.disabled():
            for s in scores:
                print(f"\n{s.file}: {s.right}/{s.total} = {s.accuracy:.1%}", end="")
            print(f"\n{folder.name} overall: {overall(scores):.1%}")
        for s in scores:
            if s.file.endswith(TEXT_SUFFIXES):
                assert s.accuracy == 1.0, (s.file, s.wrong, s.missing)


def test_score_file_counts_wrong_missing_and_blank():
    gold = parse_gold(
        "file,template,table,row,col,value\n"
        "a.txt,2021,meta,year,value,2022\n"
        "a.txt,2021,disputes,review,upheld,3\n"
        "a.txt,2021,disputes,review,other,EMPTY\n"
        "a.txt,2021,disputes,review,total,5\n"
    )["a.txt"]
    ex = Extraction(
        file="a.txt",
        sha256="x",
        status="ok",
        report=ReportMeta(year=2022),
        cells=[
            Cell("disputes", "review", "upheld", 4, "4", "line 1"),
            Cell("disputes", "review", "other", None, "", "line 1"),
        ],
    )
    s = score_file(ex, gold)
    assert (s.right, s.total) == (2, 4)
    assert s.wrong == ["disputes/review/upheld: got 4, gold 3"]
    assert s.missing == ["disputes/review/total"]
    assert (s.left_out, s.wrong_count) == (1, 1)
    assert s.summary() == "right 2/4 (50.0%)  left out 1  wrong 1"
    assert overall_counts([s, s]) == (4, 2, 2, 8)


def test_score_file_a_number_for_a_blank_is_wrong_and_unknown_cells_do_not_count():
    gold = parse_gold(
        "file,template,table,row,col,value\n"
        "a.txt,2021,disputes,review,other,EMPTY\n"
        "a.txt,2021,disputes,review,upheld,0\n"
    )["a.txt"]
    ex = Extraction(
        file="a.txt",
        sha256="x",
        status="ok",
        report=ReportMeta(),
        cells=[
            Cell("disputes", "review", "other", 0, "0", "line 1"),  # 0 where blank: wrong
            Cell("disputes", "review", "upheld", None, "", "line 1"),  # blank where 0: wrong
            Cell("disputes", "review", "total", 9, "9", "line 1"),  # gold silent: not counted
        ],
    )
    s = score_file(ex, gold)
    assert (s.right, s.left_out, s.wrong_count, s.total) == (0, 0, 2, 2)


def _ex(*cells: Cell, status: str = "ok") -> Extraction:
    return Extraction(
        file="r.txt", sha256="x", status=status, report=ReportMeta(), cells=list(cells)
    )  # type: ignore[arg-type]


def test_classify_cells_right_left_out_wrong():
    from decimal import Decimal

    expected = {
        ("requests", "granted", "total"): Expected(3, "3"),
        ("requests", "partial", "total"): Expected(None, ""),  # printed empty
        ("requests", "carried_out", "total"): Expected(None, "／"),  # a full-width mark
        ("proactive", "fees", "amount_wan_yuan"): Expected(Decimal("1.5"), "1.50"),
        ("proactive", "licensing", "change"): Expected(-7, "减7"),
        ("disputes", "review", "total"): Expected(4, "4"),
    }
    v = classify_cells(
        expected,
        _ex(
            Cell("requests", "granted", "total", 3, "3", "line 1"),
            Cell("requests", "partial", "total", None, "", "line 2"),
            Cell("requests", "carried_out", "total", None, "/", "line 3"),  # text not as printed
            Cell("proactive", "fees", "amount_wan_yuan", 1.5, "1.50", "line 4"),
            Cell("proactive", "licensing", "change", 7, "7", "line 5"),  # sign lost
            Cell("requests", "other", "total", 0, "0", "line 6"),  # not printed at all
        ),
    )
    assert sorted(v.right) == [
        ("proactive", "fees", "amount_wan_yuan"),
        ("requests", "granted", "total"),
        ("requests", "partial", "total"),
    ]
    assert v.left_out == [("disputes", "review", "total")]
    assert sorted(str(w) for w in v.wrong) == [
        "proactive/licensing/change: expected -7 ('减7'), got 7 ('7') at line 5",
        "requests/carried_out/total: expected blank ('／'), got blank ('/') at line 3",
        "requests/other/total: expected not printed, got 0 ('0') at line 6",
    ]


def test_classify_cells_blank_is_not_zero_and_rejected_lands_nothing():
    expected = {("requests", "granted", "total"): Expected(None, ""), ("x", "y", "z"): Expected(0)}
    v = classify_cells(
        expected,
        _ex(
            Cell("requests", "granted", "total", 0, "0", "line 1"),
            Cell("x", "y", "z", None, "", "line 2"),
        ),
    )
    assert (len(v.right), len(v.left_out), len(v.wrong)) == (0, 0, 2)
    v = classify_cells(expected, _ex(status="rejected"))
    assert (v.right, v.wrong, sorted(v.left_out)) == ([], [], sorted(expected))


def test_cli_score_prints_overall(samples_dir, capsys):
    assert main(["score", str(samples_dir / "gold_cells.csv"), str(samples_dir)]) == 0
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert last.startswith("overall\t989/989")
    assert last.endswith("left out 0\twrong 0")
