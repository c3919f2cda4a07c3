"""C-01: per disputes row (四、行政复议、行政诉讼), 维持 + 纠正 + 其他 + 尚未审结 = 总计.

The columns added are :data:`extract.identities.C01`'s (the reader and dbt use the same list).
"""

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
from expectations.rules import builds, describes
from extract.identities import C01
from extract.vocabulary import DISPUTE_COLUMNS

PARTS = C01.right  # upheld, corrected, other, pending
COLUMNS = (*C01.right, *C01.left)  # the parts, then 总计


@builds("C-01")
def c01_frame(prep: Prepared) -> pl.DataFrame:
    """C-01 check frame: expected = the four outcomes, printed = 总计, per disputes row."""
    wide = spread(prep.table("disputes"), ["rk", "row_key"], "col_key", DISPUTE_COLUMNS)
    total = pl.col(C01.left[0]) if len(C01.left) == 1 else pl.sum_horizontal(C01.left)

    def cell(col: str) -> pl.Expr:
        return key_expr("disputes", pl.col("row_key"), col)

    checkable = all_present(pl.col(c) for c in COLUMNS)
    expected = pl.sum_horizontal(pl.col(c) for c in PARTS)
    base = wide.with_columns(
        rule_id=pl.lit(C01.rule),
        location=pl.concat_str([pl.lit("disputes."), pl.col("row_key").cast(pl.String)]),
        expected=pl.when(checkable).then(expected),
        printed=pl.when(checkable).then(total),
        checkable=checkable,
        passed=verdict(expected, total, checkable),
    )
    cells = pl.concat_str([cell(c) for c in COLUMNS], separator=",")
    return split_finish(prep, base, cells, blank_list((cell(c), pl.col(c)) for c in COLUMNS))


@describes("C-01")
def describe_c01(failing: pl.DataFrame) -> pl.DataFrame:
    key = pl.col("location").str.split(".").list.get(1).alias("_k")
    zh, en = messages.numeric(
        C01.rule,
        lookup("_k", row_labels("disputes"), "行"),
        pl.concat_str([pl.lit("row "), pl.col("_k")]),
        "+".join(C01.right),
        "+".join(C01.left),
    )
    return failing.with_columns(key).with_columns(zh, en).drop("_k")
