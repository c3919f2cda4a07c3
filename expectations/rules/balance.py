"""B-01, B-02, B-03: the sums printed in the requests table (三、收到和处理政府信息公开申请情况).

- B-01 per column: 一 本年新收 + 二 上年结转 = 三（七）总计 + 四 结转下年度 (the printed 勾稽关系).
- B-02 per column: 三（七）总计 = the sum of every outcome row （一）…（六）. （六）其他处理 is one row
  ``other`` in 2019 and three rows ``other_*`` in 2021; a mixed report may print either, so the
  group used is the 2021 rows when all three have a value, else the single 2019 row.
- B-03 per row: 总计 = the six applicant columns (自然人 + 五类法人或其他组织).

Locations come from what the report printed: a column or row with no cell at all is not checked
here (S-01 reports the missing cells); one with some cells blank or missing is cannot_check.
Which cells each rule adds is :mod:`extract.identities`' word (the same lists the reader and dbt
use); this module only lays them out as polars frames.
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
from expectations.rules import builds, describes
from extract.identities import (
    B01,
    B03,
    COMMON_OUTCOMES,
    OTHER_2019,
    OTHER_2021,
    Identity,
    identities,
)
from extract.vocabulary import REQUEST_COLUMNS, request_rows

ALL_REQUEST_ROWS = tuple(dict.fromkeys((*request_rows("2019"), *request_rows("2021"))))


def _rule(template: str, rule: str) -> Identity:
    return next(i for i in identities(template) if i.rule == rule)


#: B-02 as each version prints （六）: 三（七） = （一）…（五） + its own other-processing row(s)
B02_2019, B02_2021 = _rule("2019", "B-02"), _rule("2021", "B-02")
B01_EXPECTED = B01.left  # 一 + 二
B01_PRINTED = B01.right  # 三（七） + 四


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


def _sum(terms: tuple[str, ...]) -> pl.Expr:
    """The terms' sum; a single term is itself (a null stays null)."""
    return pl.col(terms[0]) if len(terms) == 1 else pl.sum_horizontal(pl.col(t) for t in terms)


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


@builds("B-01")
def b01_frame(prep: Prepared) -> pl.DataFrame:
    """B-01 check frame: expected = 一+二, printed = 三（七）+四, per requests column."""
    rows = (*B01_EXPECTED, *B01_PRINTED)
    return _finish(
        prep,
        _by_column(prep),
        B01.rule,
        pl.concat_str([pl.lit("requests."), pl.col("col_key").cast(pl.String)]),
        _joined(rows),
        _sum(B01_EXPECTED),
        _sum(B01_PRINTED),
        all_present(pl.col(r) for r in rows),
        _blank(rows),
    )


@builds("B-02")
def b02_frame(prep: Prepared) -> pl.DataFrame:
    """B-02 check frame: expected = sum of outcome rows, printed = 三（七）总计, per column."""
    new_complete = all_present(pl.col(r) for r in OTHER_2021)
    any_new = pl.any_horizontal(pl.col(r).is_not_null() for r in OTHER_2021)
    use_2019 = ~new_complete & (all_present(pl.col(r) for r in OTHER_2019) | ~any_new)
    rows_2019 = (*B02_2019.right, *B02_2019.left)
    rows_2021 = (*B02_2021.right, *B02_2021.left)
    other_sum = pl.when(use_2019).then(_sum(OTHER_2019)).otherwise(_sum(OTHER_2021))
    checkable = pl.when(use_2019).then(all_present(pl.col(r) for r in rows_2019))
    checkable = checkable.otherwise(all_present(pl.col(r) for r in rows_2021))
    return _finish(
        prep,
        _by_column(prep),
        B02_2021.rule,
        pl.concat_str([pl.lit("requests."), pl.col("col_key").cast(pl.String)]),
        pl.when(use_2019).then(_joined(rows_2019)).otherwise(_joined(rows_2021)),
        _sum(COMMON_OUTCOMES) + other_sum,
        _sum(B02_2021.left),
        checkable,
        pl.when(use_2019).then(_blank(rows_2019)).otherwise(_blank(rows_2021)),
    )


@builds("B-03")
def b03_frame(prep: Prepared) -> pl.DataFrame:
    """B-03 check frame: expected = six applicant columns, printed = 总计, per requests row."""
    wide = spread(prep.table("requests"), ["rk", "row_key"], "col_key", REQUEST_COLUMNS)
    cols = (*B03.right, *B03.left)  # the applicants, then 总计

    def cell(col: str) -> pl.Expr:
        return key_expr("requests", pl.col("row_key"), col)

    return _finish(
        prep,
        wide,
        B03.rule,
        pl.concat_str([pl.lit("requests."), pl.col("row_key").cast(pl.String)]),
        pl.concat_str([cell(c) for c in cols], separator=","),
        _sum(B03.right),
        _sum(B03.left),
        all_present(pl.col(c) for c in cols),
        blank_list((cell(c), pl.col(c)) for c in cols),
    )


def _part() -> pl.Expr:
    """The column or row key after ``requests.``."""
    return pl.col("location").str.split(".").list.get(1).alias("_k")


def _describe(failing: pl.DataFrame, msgs: tuple[pl.Expr, pl.Expr]) -> pl.DataFrame:
    return failing.with_columns(_part()).with_columns(*msgs).drop("_k")


def _column_where() -> tuple[pl.Expr, pl.Expr]:
    return lookup("_k", col_labels("requests"), "列"), pl.concat_str([pl.lit("column "), "_k"])


@describes("B-01")
def describe_b01(failing: pl.DataFrame) -> pl.DataFrame:
    zh, en = _column_where()
    return _describe(
        failing,
        messages.numeric(B01.rule, zh, en, "+".join(B01.left), "+".join(B01.right)),
    )


@describes("B-02")
def describe_b02(failing: pl.DataFrame) -> pl.DataFrame:
    zh, en = _column_where()
    return _describe(
        failing,
        messages.numeric(B02_2021.rule, zh, en, "sum of outcome rows", "+".join(B02_2021.left)),
    )


@describes("B-03")
def describe_b03(failing: pl.DataFrame) -> pl.DataFrame:
    zh = lookup("_k", row_labels("requests"), "行")
    en = pl.concat_str([pl.lit("row "), pl.col("_k")])
    return _describe(
        failing,
        messages.numeric(B03.rule, zh, en, "sum of applicants", "+".join(B03.left)),
    )
