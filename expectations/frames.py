"""Shared shapes for the quality gates: the check-frame schema and small polars helpers.

A *check frame* has one row per report × location a rule looks at. It is the single source of
both the GX validation (``suites``) and the findings rows (``findings``), so the two can never
disagree. A row whose needed cells are blank or not printed is ``checkable = False``
(cannot_check): never a pass and never a violation.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

#: Columns every report-scope check frame carries, in this order.
CHECK_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "rule_id": pl.String(),
    "location": pl.String(),  # e.g. "requests.total" (a column) or "requests.granted" (a row)
    "cells": pl.String(),  # cell keys involved, "table.row.col" joined by ","
    "expected": pl.Float64(),  # what the rule says the value should be
    "printed": pl.Float64(),  # what the report prints
    "expected_text": pl.String(),  # for non-numeric rules (template, sections, deadline)
    "printed_text": pl.String(),
    "checkable": pl.Boolean(),  # False: a needed cell is blank or missing (cannot_check)
    "passed": pl.Boolean(),  # null when not checkable
    "blank_cells": pl.String(),  # the needed cells that are blank or not printed
}


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Add missing check-frame columns as nulls and order/cast them to ``CHECK_SCHEMA``."""
    return frame.select(
        (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t).alias(c)
        for c, t in CHECK_SCHEMA.items()
    )


def empty_check_frame() -> pl.DataFrame:
    return pl.DataFrame(schema=CHECK_SCHEMA)


def ok_reports(reports: pl.DataFrame) -> pl.DataFrame:
    """Reports that were extracted (status ok); rejected files carry no numbers to check."""
    return reports.filter(pl.col("status") == "ok")


def ok_cells(reports: pl.DataFrame, cells: pl.DataFrame, table: str) -> pl.DataFrame:
    """The cells of one table that belong to ok reports."""
    ids = ok_reports(reports).select("report_id")
    return cells.filter(pl.col("table_name") == table).join(ids, on="report_id", how="semi")


def spread(cells: pl.DataFrame, index: list[str], on: str, columns: Iterable[str]) -> pl.DataFrame:
    """Pivot long cells to one Float64 column per key in ``columns`` (absent keys → null).

    Duplicated keys are an integrity failure reported elsewhere; here the first value wins so a
    bad landing never crashes the publisher checks.
    """
    columns = list(columns)
    wanted = cells.filter(pl.col(on).is_in(columns))
    if wanted.is_empty():
        wide = wanted.select(index).unique()
    else:
        wide = wanted.pivot(on=on, index=index, values="value", aggregate_function="first")
    missing = [pl.lit(None, pl.Float64).alias(c) for c in columns if c not in wide.columns]
    return wide.with_columns(missing).select(*index, *(pl.col(c).cast(pl.Float64) for c in columns))


def blank_list(keys: Iterable[tuple[str | pl.Expr, pl.Expr]]) -> pl.Expr:
    """Comma-joined names of the cells whose value is null (null when none is).

    ``keys`` pairs a cell's name (literal or expression) with its value expression.
    """
    parts = [
        pl.when(value.is_null()).then(name if isinstance(name, pl.Expr) else pl.lit(name))
        for name, value in keys
    ]
    joined = pl.concat_str(parts, separator=",", ignore_nulls=True)
    return pl.when(joined == "").then(None).otherwise(joined)


def key_expr(table: str, row: str | pl.Expr, col: str | pl.Expr) -> pl.Expr:
    """``table.row.col`` for literal or column parts."""
    as_expr = [p if isinstance(p, pl.Expr) else pl.lit(p) for p in (table, row, col)]
    return pl.concat_str(as_expr, separator=".")


def all_present(values: Iterable[pl.Expr]) -> pl.Expr:
    return pl.all_horizontal(v.is_not_null() for v in values)


def verdict(expected: pl.Expr, printed: pl.Expr, checkable: pl.Expr) -> pl.Expr:
    """``passed``: null when not checkable, else whether the two sides agree."""
    return pl.when(checkable).then(expected == printed).otherwise(None)


def fmt_number(x: pl.Expr) -> pl.Expr:
    """4.0 → "4", 9116.36 → "9116.36", null → "空"."""
    whole = x.round(0) == x
    text = pl.when(whole).then(x.cast(pl.Int64, strict=False).cast(pl.String))
    return text.otherwise(x.cast(pl.String)).fill_null("空")
