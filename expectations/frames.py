"""Shared shapes for the quality gates: the check-frame schema and small polars helpers.

A *check frame* has one row per report × location a rule looks at. It is the single source of
both the GX validation (``suites``) and the findings rows (``findings``), so the two can never
disagree. A row whose needed cells are blank or not printed is ``checkable = False``
(cannot_check): never a pass and never a violation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from extract.vocabulary import TABLES, cell_specs

#: The vocabulary as enums: grouping and pivoting on small integers instead of strings.
TABLE_ENUM = pl.Enum(list(TABLES))
ROW_ENUM = pl.Enum(sorted({c.row for c in cell_specs()}))
COL_ENUM = pl.Enum(sorted({c.col for c in cell_specs()}))

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
#: ``cells`` and ``blank_cells`` are filled on rows that are violations or cannot_check; on a
#: passing row the cells are implied by the location (filling ~3 million passing rows at
#: national scale would cost ~1 GB of strings for nothing).


#: the raw.statements columns a rule reads (X-01)
STATED_SCHEMA: dict[str, pl.DataType] = {
    "seq": pl.Int32(),
    "number": pl.Int64(),
    "quantity": pl.String(),
    "cells": pl.String(),
    "clause": pl.String(),
}


@dataclass(frozen=True, slots=True)
class Prepared:
    """The ok reports and their cells, encoded once and shared by every rule.

    ``reports``: the ok reports with ``rk`` (UInt32 row key); ``cells``: rk, table_name,
    row_key, col_key as enums of the vocabulary (keys outside it are dropped: integrity reports
    them), value.
    """

    reports: pl.DataFrame
    cells: pl.DataFrame
    #: the counts the ok reports' prose states that name template cells (raw.statements rows
    #: with ``cells``), with ``rk``; empty when none were given
    statements: pl.DataFrame = field(default_factory=lambda: pl.DataFrame())

    def table(self, name: str) -> pl.DataFrame:
        return self.cells.filter(pl.col("table_name") == name)

    def named(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Put report_id back in place of rk."""
        ids = self.reports.select("rk", "report_id")
        return frame.join(ids, on="rk", how="left").drop("rk")


#: the raw.cells columns the rules read: the warehouse fetches these, not the whole row
CELL_COLUMNS = ("report_id", "table_name", "row_key", "col_key", "value")


def prepare(
    reports: pl.DataFrame, cells: pl.DataFrame, statements: pl.DataFrame | None = None
) -> Prepared:
    """Encode raw.reports / raw.cells (and raw.statements) for the rules (ok reports only)."""
    ok = reports.filter(pl.col("status") == "ok").with_row_index("rk")
    enc = (
        cells.select(CELL_COLUMNS)
        .join(ok.select("report_id", "rk"), on="report_id", how="inner")
        .select(
            "rk",
            pl.col("table_name").cast(TABLE_ENUM, strict=False),
            pl.col("row_key").cast(ROW_ENUM, strict=False),
            pl.col("col_key").cast(COL_ENUM, strict=False),
            "value",
        )
        .drop_nulls(["table_name", "row_key", "col_key"])
    )
    stated = pl.DataFrame(schema={"rk": pl.UInt32, **STATED_SCHEMA})
    if statements is not None and not statements.is_empty():
        stated = (
            statements.filter(pl.col("cells").is_not_null())
            .join(ok.select("report_id", "rk"), on="report_id", how="inner")
            .select("rk", *STATED_SCHEMA)
            .cast(STATED_SCHEMA)  # type: ignore[arg-type]
        )
    return Prepared(reports=ok, cells=enc, statements=stated)


def split_finish(
    prep: Prepared, frame: pl.DataFrame, cells: pl.Expr, blank: pl.Expr
) -> pl.DataFrame:
    """Name the reports and fill ``cells``/``blank_cells`` on the non-passing rows only."""
    ok = pl.col("passed").fill_null(False)
    passing = frame.filter(ok)
    failing = frame.filter(~ok).with_columns(
        cells=cells, blank_cells=pl.when(pl.col("checkable")).then(None).otherwise(blank)
    )
    both = pl.concat([passing, failing], how="diagonal_relaxed")
    return conform(prep.named(both))


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Add missing check-frame columns as nulls and order/cast them to ``CHECK_SCHEMA``."""
    return frame.select(
        (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t).alias(c)
        for c, t in CHECK_SCHEMA.items()
    )


def empty_check_frame() -> pl.DataFrame:
    return pl.DataFrame(schema=CHECK_SCHEMA)


def spread(cells: pl.DataFrame, index: list[str], on: str, columns: Iterable[str]) -> pl.DataFrame:
    """Pivot long cells to one Float64 column per key in ``columns`` (absent keys → null).

    ``index`` is ``["rk", <an enum key column>]``; it is packed into one UInt64 for the pivot
    (a pivot on a two-column index is ~10x slower at 17 million cells). Duplicated keys are an
    integrity failure reported elsewhere; here the first value wins so a bad landing never
    crashes the publisher checks.
    """
    rk, part = index
    columns = list(columns)
    packed = pl.col(rk).cast(pl.UInt64) * 65536 + pl.col(part).to_physical().cast(pl.UInt64)
    wanted = cells.filter(pl.col(on).is_in(columns)).select(_k=packed, on=pl.col(on), value="value")
    if wanted.is_empty():
        wide = wanted.select("_k").unique()
    else:
        wide = wanted.pivot(on="on", index="_k", values="value", aggregate_function="first")
    enum = cells.schema[part]
    categories = pl.Series(part, enum.categories, dtype=enum)  # type: ignore[attr-defined]
    missing = [pl.lit(None, pl.Float64).alias(c) for c in columns if c not in wide.columns]
    return wide.with_columns(missing).select(
        (pl.col("_k") // 65536).cast(pl.UInt32).alias(rk),
        pl.lit(categories).gather((pl.col("_k") % 65536).cast(pl.UInt32)).alias(part),
        *(pl.col(c).cast(pl.Float64) for c in columns),
    )


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
    as_expr = [
        p.cast(pl.String) if isinstance(p, pl.Expr) else pl.lit(p) for p in (table, row, col)
    ]
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
