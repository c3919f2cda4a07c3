"""B-04: every count is a whole number ≥ 0.

Exceptions, from the templates: 2019 本年增/减 (``change``) may be negative but is whole; amounts
(2019 政府集中采购 采购总金额 ``procurement.amount``, 2021 收费金额（万元） ``fees.amount_wan_yuan``)
may be decimal but are ≥ 0. A blank cell holds no count, so it is skipped here (the arithmetic
rules mark it cannot_check and S-01 counts it).

One check row per report × table (not per cell): 100,000 reports × ~200 cells would make a
20-million-row validation; the row lists the offending cells and values instead.
"""

from __future__ import annotations

import polars as pl

from expectations.frames import conform, fmt_number, key_expr, ok_reports
from expectations.messages import with_cannot_check

SIGNED = frozenset({("proactive", "change")})  # (table, col) that may be negative
DECIMAL = frozenset({("procurement", "amount"), ("fees", "amount_wan_yuan")})  # (row, col)


def b04_frame(reports: pl.DataFrame, cells: pl.DataFrame) -> pl.DataFrame:
    """B-04 check frame: printed = number of offending cells (expected 0), per report × table."""
    signed = pl.col("table_name").is_in([t for t, _ in SIGNED]) & pl.col("col_key").is_in(
        [c for _, c in SIGNED]
    )
    decimal = pl.concat_str(["row_key", "col_key"], separator=".").is_in(
        [f"{r}.{c}" for r, c in DECIMAL]
    )
    value = pl.col("value")
    bad = (~signed & (value < 0)) | (~decimal & (value.round(0) != value))
    key = key_expr(pl.col("table_name"), pl.col("row_key"), pl.col("col_key"))
    offending = pl.concat_str([key, pl.lit("="), fmt_number(value)])
    per_table = (
        cells.join(ok_reports(reports).select("report_id"), on="report_id", how="semi")
        .filter(value.is_not_null())
        .with_columns(_bad=bad.fill_null(False))
        .group_by("report_id", "table_name")
        .agg(
            printed=pl.col("_bad").sum().cast(pl.Float64),
            cells=key.filter(pl.col("_bad")).str.join(","),
            printed_text=offending.filter(pl.col("_bad")).str.join(", "),
        )
    )
    return conform(
        per_table.with_columns(
            rule_id=pl.lit("B-04"),
            location=pl.col("table_name"),
            expected=pl.lit(0.0),
            checkable=pl.lit(True),
            passed=pl.col("printed") == 0,
            cells=pl.when(pl.col("cells") == "").then(None).otherwise(pl.col("cells")),
            printed_text=pl.when(pl.col("printed") == 0).then(None).otherwise("printed_text"),
        )
    )


def describe_b04(failing: pl.DataFrame) -> pl.DataFrame:
    n = fmt_number(pl.col("printed"))
    zh = pl.format("B-04 {}表: {}格不是非负整数: {}", "location", n, "printed_text")
    en = pl.format("B-04 table {}: {} cell(s) not a whole number ≥ 0: {}", "location", n,
                   "printed_text")  # fmt: skip
    return failing.with_columns(*with_cannot_check("B-04", pl.col("location"), "", zh, en))
