"""T-01: published no later than the statutory deadline (条例 第四十九、五十条).

Deadline for report year Y: 31 March of Y+1 for a government's own report, 31 January of Y+1
for a department's. The rule by name: an agency whose name (as printed, trimmed) ends in
人民政府, 人民政府办公室 or 人民政府办公厅 is a government; every other agency is a department.
When the agency is unknown the report is still judged where both deadlines agree (published by
31 Jan passes, after 31 Mar fails); in between it is cannot_check.
"""

from __future__ import annotations

import polars as pl

from expectations.frames import Prepared, conform
from expectations.messages import detail_zh, sides_zh, with_cannot_check
from expectations.rules import builds, describes

GOVERNMENT_NAME = r"人民政府(办公室|办公厅)?$"


def deadline(year: pl.Expr, government: pl.Expr) -> pl.Expr:
    """31 Mar (government) or 31 Jan (department) of the year after the report year."""
    month = pl.when(government).then(3).otherwise(1)
    return pl.date(year + 1, month, 31)


@builds("T-01")
def t01_frame(prep: Prepared) -> pl.DataFrame:
    """T-01 check frame: expected_text = deadline, printed_text = publication date."""
    agency = pl.col("agency").str.strip_chars()
    government = agency.str.contains(GOVERNMENT_NAME)
    year, published = pl.col("report_year"), pl.col("published")
    due = deadline(year, government)
    earliest, latest = deadline(year, pl.lit(False)), deadline(year, pl.lit(True))
    known = agency.is_not_null() & (agency != "")
    checkable = (
        year.is_not_null()
        & published.is_not_null()
        & (known | (published <= earliest) | (published > latest))
    )
    effective_due = pl.when(known).then(due).when(published <= earliest).then(earliest)
    effective_due = effective_due.otherwise(latest)
    blank = pl.concat_str(
        [
            pl.when(year.is_null()).then(pl.lit("report.report_year")),
            pl.when(published.is_null()).then(pl.lit("report.published")),
            pl.when(~known).then(pl.lit("report.agency")),
        ],
        separator=",",
        ignore_nulls=True,
    )
    return conform(
        prep.reports.with_columns(
            rule_id=pl.lit("T-01"),
            location=pl.lit("published"),
            cells=pl.lit("report.agency,report.report_year,report.published"),
            expected_text=pl.when(checkable).then(effective_due.cast(pl.String)),
            printed_text=published.cast(pl.String),
            checkable=checkable,
            passed=pl.when(checkable).then(published <= effective_due),
            blank_cells=pl.when(checkable).then(None).otherwise(blank),
        )
    )


@describes("T-01")
def describe_t01(failing: pl.DataFrame) -> pl.DataFrame:
    zh = detail_zh(
        "T-01", "发布日期", sides_zh("T-01", pl.col("expected_text"), pl.col("printed_text"))
    )
    en = pl.format("T-01 published: {} is after the deadline {}", "printed_text", "expected_text")
    return failing.with_columns(*with_cannot_check("T-01", "发布日期", "published", zh, en))
