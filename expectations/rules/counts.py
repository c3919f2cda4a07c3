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

from expectations.frames import Prepared, conform, fmt_number, key_expr
from expectations.labels import TABLE_ZH, cells_zh
from expectations.messages import detail_zh, with_cannot_check
from expectations.rules import builds, describes
from extract.vocabulary import MONEY_CELLS

SIGNED = frozenset({("proactive", "change")})  # (table, col) that may be negative
DECIMAL = frozenset((row, col) for _, row, col in MONEY_CELLS)  # (row, col)


def _bad() -> pl.Expr:
    """A value that is not a whole number ≥ 0 where the template asks for one."""
    signed = pl.any_horizontal(
        (pl.col("table_name") == t) & (pl.col("col_key") == c) for t, c in SIGNED
    )
    decimal = pl.any_horizontal(
        (pl.col("row_key") == r) & (pl.col("col_key") == c) for r, c in DECIMAL
    )
    value = pl.col("value")
    return (~signed & (value < 0)) | (~decimal & (value.round(0) != value))


@builds("B-04")
def b04_frame(prep: Prepared) -> pl.DataFrame:
    """B-04 check frame: printed = number of offending cells (expected 0), per report × table."""
    valued = prep.cells.filter(pl.col("value").is_not_null()).with_columns(_bad=_bad())
    per_table = valued.group_by("rk", "table_name").agg(printed=pl.col("_bad").sum())
    key = key_expr(pl.col("table_name"), pl.col("row_key"), pl.col("col_key"))
    offending = (
        valued.filter("_bad")
        .group_by("rk", "table_name")
        .agg(
            cells=key.str.join(","),
            printed_text=pl.concat_str(
                [cells_zh(key), pl.lit("="), fmt_number(pl.col("value"))]
            ).str.join("，"),
        )
    )
    frame = per_table.join(offending, on=["rk", "table_name"], how="left").with_columns(
        rule_id=pl.lit("B-04"),
        location=pl.col("table_name").cast(pl.String),
        expected=pl.lit(0.0),
        printed=pl.col("printed").cast(pl.Float64),
        checkable=pl.lit(True),
        passed=pl.col("printed") == 0,
    )
    return conform(prep.named(frame))


@describes("B-04")
def describe_b04(failing: pl.DataFrame) -> pl.DataFrame:
    n = fmt_number(pl.col("printed"))
    where_zh = pl.col("location").replace_strict(TABLE_ZH, default=pl.col("location"))
    zh = detail_zh("B-04", where_zh, pl.format("{}格不是非负整数：{}", n, "printed_text"))
    en = pl.format("B-04 table {}: {} cell(s) not a whole number ≥ 0: {}", "location", n,
                   "printed_text")  # fmt: skip
    return failing.with_columns(*with_cannot_check("B-04", where_zh, "", zh, en))
