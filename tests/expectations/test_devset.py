"""The real devset and samples: the genuine publisher findings, by hand from gold_cells.csv and
again through the real extractor.

Computed by hand from the gold files (every printed value, errors included) before writing this:
no report's sums disagree (B-01/B-02/B-03/C-01 hold wherever every needed cell is printed, and
every count is a whole number ≥ 0). The genuine findings are:

- 004_pingtan_2022: published 2023-02-20, after the 31 Jan deadline — 平潭综合实验区 is not a
  人民政府 by name, so the department deadline applies (T-01).
- 015_shuyang_fgj_2023: 125 of the 175 requests cells are blank (S-01), so B-03 cannot be checked
  on any row and B-01/B-02 only on the natural-person and total columns.
- samples 003: a 2023 report on the 2019 template (S-02).
- samples 004: no 总计 column — 25 requests cells missing (S-01); B-03 cannot be checked.
- samples 001: blank cells in all three tables (S-01: 77 requests, 1 proactive, 2 disputes).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from quality_gold import gold_frames

from expectations.findings import report_findings

ARITHMETIC = ["B-01", "B-02", "B-03", "B-04", "C-01"]


def _violations(findings: pl.DataFrame) -> set[tuple[str, str, str]]:
    bad = findings.filter(pl.col("outcome") == "violation")
    return {
        (r[:3], rule, loc)
        for r, rule, loc in bad.select("report_id", "rule_id", "location").iter_rows()
    }


def test_gold_devset_findings(shared_dir: Path) -> None:
    reports, cells = gold_frames(shared_dir / "devset" / "gold_cells.csv")
    findings = report_findings(reports, cells)
    v = findings.filter(pl.col("outcome") == "violation")
    assert v.filter(pl.col("rule_id").is_in(ARITHMETIC)).is_empty()
    t01 = v.filter(pl.col("rule_id") == "T-01")
    assert t01["report_id"].to_list() == ["004_pingtan_2022.txt"]
    assert t01["message_zh"][0] == "T-01 发布日期：截止日期=2023-01-31，发布日期=2023-02-20"
    s01 = v.filter((pl.col("rule_id") == "S-01") & (pl.col("location") == "requests"))
    assert s01["message_zh"].to_list() == ["S-01 依申请公开表：应有175格，缺0格，空白125格"]
    shuyang = findings.filter(pl.col("report_id") == "015_shuyang_fgj_2023.html")
    cannot = shuyang.filter(pl.col("outcome") == "cannot_check")
    assert cannot.filter(pl.col("rule_id") == "B-03").height == 25
    checked_b01 = {"requests.natural_person", "requests.total"}
    assert checked_b01.isdisjoint(cannot.filter(pl.col("rule_id") == "B-01")["location"])


def test_gold_samples_findings(shared_dir: Path) -> None:
    reports, cells = gold_frames(shared_dir / "samples" / "gold_cells.csv")
    findings = report_findings(reports, cells)
    v = findings.filter(pl.col("outcome") == "violation")
    assert v.filter(pl.col("rule_id").is_in(ARITHMETIC)).is_empty()
    assert _violations(findings) == {
        ("001", "S-01", "requests"),
        ("001", "S-01", "proactive"),
        ("001", "S-01", "disputes"),
        ("003", "S-01", "requests"),  # one blank cell
        ("003", "S-02", "template"),
        ("004", "S-01", "requests"),
    }
    s01 = v.filter(pl.col("rule_id") == "S-01").sort("report_id", "location")
    assert s01["printed"].to_list() == [13.0, 9.0, 98.0, 160.0, 150.0]
    b03 = findings.filter(
        pl.col("report_id").str.starts_with("004") & (pl.col("rule_id") == "B-03")
    )
    assert set(b03["outcome"]) == {"cannot_check"} and b03.height == 25


def _extracted(folder: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    from extract import api as extract_api
    from orchestration.lib import shaping

    files = sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".md", ".html", ".pdf"})
    results = [extract_api.extract_path(p) for p in files]
    reports = shaping.reports_frame(results, [p.name for p in files], "test")
    return reports.with_columns(report_id=pl.col("path")), shaping.cells_frame(results).join(
        pl.DataFrame({"report_id": [r.sha256 for r in results], "_p": [p.name for p in files]}),
        on="report_id",
    ).with_columns(report_id=pl.col("_p")).drop("_p")


@pytest.mark.slow
def test_extracted_devset_and_samples_show_the_genuine_findings(shared_dir: Path) -> None:
    """Through the real extractor: the same genuine findings, and no invented arithmetic error."""
    dev_r, dev_c = _extracted(shared_dir / "devset")
    smp_r, smp_c = _extracted(shared_dir / "samples")
    reports, cells = pl.concat([dev_r, smp_r]), pl.concat([dev_c, smp_c])
    needed = ["004_pingtan_2022.txt", "015_shuyang_fgj_2023.html"]
    needed += [p for p in smp_r["report_id"] if p[:3] in {"003", "004"}]
    ok = reports.filter(pl.col("status") == "ok")["report_id"].to_list()
    assert set(needed) <= set(ok), reports.select("report_id", "reason").rows()
    findings = report_findings(reports, cells)
    found = _violations(findings)
    assert ("004", "T-01", "published") in found
    assert ("015", "S-01", "requests") in found
    assert ("003", "S-02", "template") in found
    assert ("004", "S-01", "requests") in found  # samples/004: no 总计 column
    arithmetic = findings.filter(
        (pl.col("outcome") == "violation") & pl.col("rule_id").is_in(ARITHMETIC)
    )
    assert arithmetic.is_empty(), arithmetic.select("report_id", "message_zh").rows()
