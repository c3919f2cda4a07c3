"""C-01: per disputes row (四、行政复议、行政诉讼), 维持 + 纠正 + 其他 + 尚未审结 = 总计."""

from __future__ import annotations

import polars as pl

from expectations import messages
from expectations.frames import (
    Prepared,
    all_present,
    blank_list,
    key_expr,
    split_finish,
    spread,
    verdict,
)
from expectations.labels import lookup, row_labels
from extract.vocabulary import DISPUTE_COLUMNS

PARTS = DISPUTE_COLUMNS[:-1]  # upheld, corrected, other, pending


def c01_frame(prep: Prepared) -> pl.DataFrame:
    """C-01 check frame: expected = the four outcomes, printed = 总计, per disputes row."""
    wide = spread(prep.table("disputes"), ["rk", "row_key"], "col_key", DISPUTE_COLUMNS)

    def cell(col: str) -> pl.Expr:
        return key_expr("disputes", pl.col("row_key"), col)

    checkable = all_present(pl.col(c) for c in DISPUTE_COLUMNS)
    expected = pl.sum_horizontal(pl.col(c) for c in PARTS)
    base = wide.with_columns(
        rule_id=pl.lit("C-01"),
        location=pl.concat_str([pl.lit("disputes."), pl.col("row_key").cast(pl.String)]),
        expected=pl.when(checkable).then(expected),
        printed=pl.when(checkable).then(pl.col("total")),
        checkable=checkable,
        passed=verdict(expected, pl.col("total"), checkable),
    )
    cells = pl.concat_str([cell(c) for c in DISPUTE_COLUMNS], separator=",")
    return split_finish(
        prep, base, cells, blank_list((cell(c), pl.col(c)) for c in DISPUTE_COLUMNS)
    )


def describe_c01(failing: pl.DataFrame) -> pl.DataFrame:
    key = pl.col("location").str.split(".").list.get(1).alias("_k")
    zh, en = messages.numeric(
        "C-01",
        lookup("_k", row_labels("disputes"), "行"),
        pl.concat_str([pl.lit("row "), pl.col("_k")]),
        "维持+纠正+其他+尚未审结",
        "upheld+corrected+other+pending",
        "总计",
        "total",
    )
    return failing.with_columns(key).with_columns(zh, en).drop("_k")
