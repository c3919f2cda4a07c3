"""Short Chinese labels for locations, taken from the template vocabulary (cells.csv)."""

from __future__ import annotations

from functools import cache

import polars as pl

from extract.vocabulary import cell_specs


@cache
def row_labels(table: str) -> dict[str, str]:
    """Row key → printed row label (e.g. granted → 三（一）予以公开)."""
    return {c.row: c.row_label for c in cell_specs() if c.table == table}


@cache
def col_labels(table: str) -> dict[str, str]:
    """Column key → the last part of the printed column label (商业企业, 总计, 结果维持 …)."""
    return {c.col: c.col_label.split("·")[-1] for c in cell_specs() if c.table == table}


def lookup(column: str, mapping: dict[str, str], suffix: str = "") -> pl.Expr:
    """Map a key column to its label (+ suffix); unknown keys fall back to the key itself."""
    return pl.concat_str(
        [pl.col(column).replace_strict(mapping, default=pl.col(column)), pl.lit(suffix)]
    )
