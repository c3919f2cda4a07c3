"""The scorer over samples + devset: prints per-file accuracy, 100% required on text sources."""

from __future__ import annotations

from extract.api import extract_path
from extract.cli import main
from extract.model import Cell, Extraction, ReportMeta
from extract.scoring import overall, parse_gold, score_all, score_file

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


def test_cli_score_prints_overall(samples_dir, capsys):
    assert main(["score", str(samples_dir / "gold_cells.csv"), str(samples_dir)]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].startswith("overall\t989/989")
