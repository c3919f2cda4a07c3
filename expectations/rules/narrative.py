"""X-01: a count the prose states (正文, mostly 一、总体情况) equals what the tables print.

Only statements ``extract.narrative`` mapped to template cells are checked (its wording names one
quantity); the table side is the cell, or the sum of the cells a quantity covers (行政诉讼 =
未经复议直接起诉 + 复议后起诉 总计). A requests row printed without its 总计 column is summed over
its six applicant columns. A needed cell that is blank or not printed makes the statement
cannot_check, never a violation.
"""

from __future__ import annotations

import polars as pl

from expectations.frames import Prepared, conform, empty_check_frame, fmt_number
from expectations.labels import cells_zh
from expectations.messages import detail_zh, with_cannot_check
from expectations.rules import builds, describes
from extract.vocabulary import APPLICANT_COLUMNS


def _row_values(prep: Prepared) -> pl.DataFrame:
    """(rk, key ``table.row.total``, value): each row's 总计 as printed, or — where the report
    prints no 总计 column — the sum of its six applicant columns when all six hold a number."""
    cells = prep.cells.filter(pl.col("table_name").cast(pl.String).is_in(["requests", "disputes"]))
    row = pl.format("{}.{}.total", "table_name", "row_key")
    totals = cells.filter(pl.col("col_key").cast(pl.String) == "total").select(
        "rk", key=row, value="value", has_total=pl.lit(True)
    )
    applicants = (
        cells.filter(pl.col("col_key").cast(pl.String).is_in(list(APPLICANT_COLUMNS)))
        .group_by("rk", key=row)
        .agg(
            summed=pl.col("value").sum(),
            complete=(pl.col("value").is_not_null().sum() == len(APPLICANT_COLUMNS)),
        )
    )
    return (
        applicants.join(totals, on=["rk", "key"], how="full", coalesce=True)
        .select(
            "rk",
            "key",
            value=pl.when(pl.col("has_total").fill_null(False))
            .then(pl.col("value"))
            .when(pl.col("complete").fill_null(False))
            .then(pl.col("summed")),
        )
        .with_columns(pl.col("value").cast(pl.Float64))
    )


@builds("X-01")
def x01_frame(prep: Prepared) -> pl.DataFrame:
    """X-01 check frame, one row per mapped statement: expected = the number the prose states,
    printed = the table's cell (or the sum of its cells)."""
    stated = prep.statements
    if stated.is_empty():
        return empty_check_frame()
    parts = (
        stated.select("rk", "seq", key=pl.col("cells").str.split(","))
        .explode("key")
        .join(_row_values(prep), on=["rk", "key"], how="left")
        .group_by("rk", "seq")
        .agg(
            table=pl.col("value").sum(),
            checkable=pl.col("value").is_not_null().all(),
            blank=pl.col("key").filter(pl.col("value").is_null()).str.join(","),
        )
    )
    frame = stated.join(parts, on=["rk", "seq"], how="left").with_columns(
        rule_id=pl.lit("X-01"),
        location=pl.format("narrative.{}", pl.col("seq").cast(pl.String).str.zfill(3)),
        expected=pl.col("number").cast(pl.Float64),
        printed=pl.when(pl.col("checkable")).then(pl.col("table")),
        expected_text=pl.col("clause"),
        printed_text=pl.col("quantity"),
    )
    frame = frame.with_columns(
        passed=pl.when(pl.col("checkable")).then(pl.col("expected") == pl.col("printed")),
        blank_cells=pl.when(pl.col("checkable")).then(None).otherwise(pl.col("blank")),
    )
    return conform(prep.named(frame))


@describes("X-01")
def describe_x01(failing: pl.DataFrame) -> pl.DataFrame:
    """``X-01 正文：“共收到政府信息公开申请56件”=56，表格一、本年新收政府信息公开申请数量·总计=54``."""
    table_zh = cells_zh(pl.col("cells"), "+")
    zh = detail_zh(
        "X-01",
        "正文",
        pl.format("“{}”={}，表格{}={}", "expected_text", fmt_number(pl.col("expected")),
                  table_zh, fmt_number(pl.col("printed"))),
    )  # fmt: skip
    en = pl.format(
        "X-01 prose: “{}” states {}, the table ({}) prints {}",
        "expected_text",
        fmt_number(pl.col("expected")),
        "cells",
        fmt_number(pl.col("printed")),
    )
    where_en = pl.format("prose “{}”", "expected_text")
    return failing.with_columns(*with_cannot_check("X-01", "正文", where_en, zh, en))
