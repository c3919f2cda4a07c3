"""Short Chinese labels for locations and cells, taken from the template vocabulary (cells.csv)."""

from __future__ import annotations

from functools import cache

import polars as pl

from extract.vocabulary import cell_specs

#: the three statutory tables as a reviewer names them
TABLE_ZH = {"proactive": "主动公开表", "requests": "依申请公开表", "disputes": "复议诉讼表"}
#: report-level "cells" some rules look at (metadata rather than table cells)
REPORT_FIELDS_ZH = {
    "report.agency": "机关名称",
    "report.report_year": "报告年度",
    "report.published": "发布日期",
    "report.template": "模板版本",
    "report.sections": "章节标题",
    "report.narrative": "正文",
}
#: cross-year rules mark the previous year's cells with this prefix (``prev:requests…``)
PREVIOUS = "prev:"


@cache
def row_labels(table: str) -> dict[str, str]:
    """Row key → printed row label (e.g. granted → 三（一）予以公开)."""
    return {c.row: c.row_label for c in cell_specs() if c.table == table}


@cache
def col_labels(table: str) -> dict[str, str]:
    """Column key → the last part of the printed column label (商业企业, 总计, 结果维持 …)."""
    return {c.col: c.col_label.split("·")[-1] for c in cell_specs() if c.table == table}


@cache
def cell_labels() -> dict[str, str]:
    """``table.row.col`` (and ``prev:`` + it, and ``report.*``) → 行·列 in Chinese."""
    labels = {
        f"{c.table}.{c.row}.{c.col}": f"{c.row_label}·{c.col_label.split('·')[-1]}"
        for c in cell_specs()
    }
    labels |= {PREVIOUS + k: f"上年{v}" for k, v in labels.items()}
    return labels | REPORT_FIELDS_ZH


def lookup(column: str, mapping: dict[str, str], suffix: str = "") -> pl.Expr:
    """Map a key column to its label (+ suffix); unknown keys fall back to the key itself."""
    return pl.concat_str(
        [pl.col(column).replace_strict(mapping, default=pl.col(column)), pl.lit(suffix)]
    )


def cells_zh(column: str | pl.Expr, separator: str = "、") -> pl.Expr:
    """A comma-joined list of cell keys as their Chinese labels (unknown keys kept as they are)."""
    keys = pl.col(column) if isinstance(column, str) else column
    mapping = cell_labels()
    return (
        keys.str.split(",")
        .list.eval(pl.element().replace_strict(mapping, default=pl.element()))
        .list.join(separator)
    )
