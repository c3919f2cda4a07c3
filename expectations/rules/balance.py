"""B-01, B-02, B-03: the sums printed in the requests table (三、收到和处理政府信息公开申请情况).

- B-01 per column: 一 本年新收 + 二 上年结转 = 三（七）总计 + 四 结转下年度 (the printed 勾稽关系).
- B-02 per column: 三（七）总计 = the sum of every outcome row （一）…（六）. （六）其他处理 is one row
  ``other`` in 2019 and three rows ``other_*`` in 2021; a mixed report may print either, so the
  group used is the 2021 rows when all three have a value, else the single 2019 row.
- B-03 per row: 总计 = the six applicant columns (自然人 + 五类法人或其他组织).

Locations come from what the report printed: a column or row with no cell at all is not checked
here (S-01 reports the missing cells); one with some cells blank or missing is cannot_check.
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
from expectations.labels import col_labels, lookup, row_labels
from extract.vocabulary import APPLICANT_COLUMNS, REQUEST_COLUMNS, outcome_rows, request_rows

OTHER_2019 = ("other",)  # （六）其他处理, 2019
OTHER_2021 = ("other_no_correction", "other_fee_unpaid", "other_other")  # 2021 sub-rows
#: outcome rows common to both versions (（一）…（五）)
COMMON_OUTCOMES = tuple(r for r in outcome_rows("2019") if r not in OTHER_2019)
ALL_REQUEST_ROWS = tuple(dict.fromkeys((*request_rows("2019"), *request_rows("2021"))))

B01_EXPECTED = ("new_received", "carried_in")  # 一 + 二
B01_PRINTED = ("result_total", "carried_out")  # 三（七） + 四


def _by_column(prep: Prepared) -> pl.DataFrame:
    """One row per (report, requests column), one Float64 column per row key."""
    req = prep.table("requests").filter(pl.col("col_key").is_in(REQUEST_COLUMNS))
    return spread(req, ["rk", "col_key"], "row_key", ALL_REQUEST_ROWS)


def _cell(row: str) -> pl.Expr:
    """``requests.<row>.<col>`` for the current column."""
    return key_expr("requests", row, pl.col("col_key"))


def _joined(rows: tuple[str, ...]) -> pl.Expr:
    return pl.concat_str([_cell(r) for r in rows], separator=",")


def _blank(rows: tuple[str, ...]) -> pl.Expr:
    return blank_list((_cell(r), pl.col(r)) for r in rows)


def _finish(
    prep: Prepared,
    wide: pl.DataFrame,
    rule: str,
    location: pl.Expr,
    cells: pl.Expr,
    expected: pl.Expr,
    printed: pl.Expr,
    checkable: pl.Expr,
    blank: pl.Expr,
) -> pl.DataFrame:
    base = wide.with_columns(
        rule_id=pl.lit(rule),
        location=location,
        expected=pl.when(checkable).then(expected),
        printed=pl.when(checkable).then(printed),
        checkable=checkable,
        passed=verdict(expected, printed, checkable),
    )
    return split_finish(prep, base, cells, blank)


def b01_frame(prep: Prepared) -> pl.DataFrame:
    """B-01 check frame: expected = 一+二, printed = 三（七）+四, per requests column."""
    rows = (*B01_EXPECTED, *B01_PRINTED)
    return _finish(
        prep,
        _by_column(prep),
        "B-01",
        pl.concat_str([pl.lit("requests."), pl.col("col_key").cast(pl.String)]),
        _joined(rows),
        pl.sum_horizontal(pl.col(r) for r in B01_EXPECTED),
        pl.sum_horizontal(pl.col(r) for r in B01_PRINTED),
        all_present(pl.col(r) for r in rows),
        _blank(rows),
    )


def b02_frame(prep: Prepared) -> pl.DataFrame:
    """B-02 check frame: expected = sum of outcome rows, printed = 三（七）总计, per column."""
    new_complete = all_present(pl.col(r) for r in OTHER_2021)
    any_new = pl.any_horizontal(pl.col(r).is_not_null() for r in OTHER_2021)
    use_2019 = ~new_complete & (pl.col("other").is_not_null() | ~any_new)
    rows_2019 = (*COMMON_OUTCOMES, *OTHER_2019, "result_total")
    rows_2021 = (*COMMON_OUTCOMES, *OTHER_2021, "result_total")
    other_sum = pl.when(use_2019).then(pl.col("other"))
    other_sum = other_sum.otherwise(pl.sum_horizontal(pl.col(r) for r in OTHER_2021))
    checkable = pl.when(use_2019).then(all_present(pl.col(r) for r in rows_2019))
    checkable = checkable.otherwise(all_present(pl.col(r) for r in rows_2021))
    return _finish(
        prep,
        _by_column(prep),
        "B-02",
        pl.concat_str([pl.lit("requests."), pl.col("col_key").cast(pl.String)]),
        pl.when(use_2019).then(_joined(rows_2019)).otherwise(_joined(rows_2021)),
        pl.sum_horizontal(pl.col(r) for r in COMMON_OUTCOMES) + other_sum,
        pl.col("result_total"),
        checkable,
        pl.when(use_2019).then(_blank(rows_2019)).otherwise(_blank(rows_2021)),
    )


def b03_frame(prep: Prepared) -> pl.DataFrame:
    """B-03 check frame: expected = six applicant columns, printed = 总计, per requests row."""
    wide = spread(prep.table("requests"), ["rk", "row_key"], "col_key", REQUEST_COLUMNS)

    def cell(col: str) -> pl.Expr:
        return key_expr("requests", pl.col("row_key"), col)

    return _finish(
        prep,
        wide,
        "B-03",
        pl.concat_str([pl.lit("requests."), pl.col("row_key").cast(pl.String)]),
        pl.concat_str([cell(c) for c in REQUEST_COLUMNS], separator=","),
        pl.sum_horizontal(pl.col(c) for c in APPLICANT_COLUMNS),
        pl.col("total"),
        all_present(pl.col(c) for c in REQUEST_COLUMNS),
        blank_list((cell(c), pl.col(c)) for c in REQUEST_COLUMNS),
    )


def _part() -> pl.Expr:
    """The column or row key after ``requests.``."""
    return pl.col("location").str.split(".").list.get(1).alias("_k")


def _describe(failing: pl.DataFrame, msgs: tuple[pl.Expr, pl.Expr]) -> pl.DataFrame:
    return failing.with_columns(_part()).with_columns(*msgs).drop("_k")


def _column_where() -> tuple[pl.Expr, pl.Expr]:
    return lookup("_k", col_labels("requests"), "列"), pl.concat_str([pl.lit("column "), "_k"])


def describe_b01(failing: pl.DataFrame) -> pl.DataFrame:
    zh, en = _column_where()
    return _describe(
        failing,
        messages.numeric(
            "B-01", zh, en, "一+二", "new_received+carried_in", "三(七)+四",
            "result_total+carried_out",
        ),
    )  # fmt: skip


def describe_b02(failing: pl.DataFrame) -> pl.DataFrame:
    zh, en = _column_where()
    return _describe(
        failing,
        messages.numeric(
            "B-02", zh, en, "三(一)至(六)之和", "sum of outcome rows", "三(七)总计",
            "result_total",
        ),
    )  # fmt: skip


def describe_b03(failing: pl.DataFrame) -> pl.DataFrame:
    zh = lookup("_k", row_labels("requests"), "行")
    en = pl.concat_str([pl.lit("row "), pl.col("_k")])
    return _describe(
        failing,
        messages.numeric("B-03", zh, en, "六类申请人之和", "sum of applicants", "总计", "total"),
    )
