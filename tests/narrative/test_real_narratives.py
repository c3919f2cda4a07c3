"""X-01 on the real samples and devset, through the real extractor. Every statement mapped was
checked by hand against the report; two reports genuinely say something else in their prose
than in their table, and those are the only findings:

- 004_pingtan_2022: “全区收到政府信息公开申请75件” — the table's 本年新收 is 74 (75 is 本年新收 +
  上年结转 1: the prose counts the carried-over request as received);
- 010_hongze_district_2024: “区政府办代表区政府受理政府信息公开申请17件” — the table's 本年新收
  is 95 (the prose speaks of the office's own requests, the table of the whole government).

Everything else mapped agrees (上海市人民政府办公厅: 受理 1295, 办结 1191, 上年结转 189,
予以公开及部分公开 208, 不予公开 20, 无法提供 564, 不予处理 80; 平潭: 行政复议 2, 行政诉讼 1;
沭阳县发改局: 收到 26).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from expectations.findings import report_findings
from extract.api import extract_path
from orchestration.lib import shaping


def _x01(paths: list[Path]) -> tuple[pl.DataFrame, pl.DataFrame]:
    results = [extract_path(p) for p in paths]
    names = [p.name for p in paths]
    reports = shaping.reports_frame(results, names, "test")
    statements = shaping.statements_frame(results)
    found = report_findings(reports, shaping.cells_frame(results), statements=statements)
    x01 = found.filter(pl.col("rule_id") == "X-01").join(
        reports.select("report_id", file="path"), on="report_id"
    )
    return x01, statements.join(reports.select("report_id", file="path"), on="report_id")


def test_only_the_genuine_disagreements(shared_dir: Path) -> None:
    devset = sorted(
        p for p in (shared_dir / "devset").iterdir() if p.suffix in {".txt", ".md", ".html", ".pdf"}
    )
    samples = sorted((shared_dir / "samples").glob("*.txt"))
    x01, statements = _x01(devset + samples)
    assert x01.filter(pl.col("outcome") == "cannot_check").is_empty()
    found = {(r["file"], r["expected"], r["printed"]) for r in x01.iter_rows(named=True)}
    assert found == {
        ("004_pingtan_2022.txt", 75.0, 74.0),
        ("010_hongze_district_2024.pdf", 17.0, 95.0),
    }
    compared = statements.filter(pl.col("cells").is_not_null())
    assert compared.height == 12  # 10 agree, 2 are the findings above
    assert set(compared["file"]) == {
        "004_pingtan_2022.txt", "010_hongze_district_2024.pdf", "012_shanghai_govoffice_2025.md",
        "015_shuyang_fgj_2023.html",
    }  # fmt: skip
    message = x01.filter(pl.col("file") == "004_pingtan_2022.txt")["message_zh"][0]
    assert message == (
        "X-01 正文：“全区收到政府信息公开申请75件”=75，表格一、本年新收政府信息公开申请数量·总计=74"
    )
