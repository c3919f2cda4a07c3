"""Pipeline integrity (blocking): the landing lost, duplicated or invented nothing.

- every inventoried file (raw.files) reached raw.reports, extracted or rejected;
- a rejected report has a one-line reason and no cells; status is ok | rejected;
- an ok report has a template version (2019 | 2021) and at least one landed cell (an
  extraction with no cells is a rejection by the extractor's contract);
- the cells landed for a report are exactly as many as the extractor emitted (raw.reports
  ``cell_count``), none is duplicated and every key is in the template vocabulary (either
  version: a mixed report may print the other version's row);
- row counts reconcile between raw and a later layer.

Whether the *publisher* printed every template cell is S-01 (structure.py), a warning.
"""

from __future__ import annotations

import polars as pl

from expectations.frames import COL_ENUM, ROW_ENUM, TABLE_ENUM
from extract.vocabulary import all_keys

KEY = ["report_id", "table_name", "row_key", "col_key"]


def _slot(table: pl.Expr, row: pl.Expr, col: pl.Expr) -> pl.Expr:
    """One integer per (table, row, col) of the vocabulary enums (null if any part is unknown)."""
    phys = [e.to_physical().cast(pl.UInt32) for e in (table, row, col)]
    return phys[0] * 65536 + phys[1] * 256 + phys[2]


def _known_slots() -> pl.Series:
    """The slots of every key of either template version."""
    keys = pl.DataFrame(sorted(all_keys()), schema=KEY[1:], orient="row")
    enc = keys.select(
        pl.col("table_name").cast(TABLE_ENUM),
        pl.col("row_key").cast(ROW_ENUM),
        pl.col("col_key").cast(COL_ENUM),
    )
    return enc.select(_slot(*(pl.col(c) for c in KEY[1:]))).to_series()


def files_frame(files: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """One row per inventoried file: ``landed`` = its report_id is in raw.reports."""
    ids = reports.select("report_id").unique().with_columns(landed=pl.lit(True))
    return (
        files.select("path", "report_id")
        .join(ids, on="report_id", how="left")
        .with_columns(pl.col("landed").fill_null(False))
    )


def cell_tallies(cells: pl.DataFrame) -> pl.DataFrame:
    """One row per report_id of ``cells``: cells landed, duplicated, outside the vocabulary.

    Every figure is per report, so tallies of cells split by report (each report's cells in one
    part) concatenate to the tallies of the whole: the warehouse feeds it a part at a time.
    """
    slot = _slot(
        pl.col("table_name").cast(TABLE_ENUM, strict=False),
        pl.col("row_key").cast(ROW_ENUM, strict=False),
        pl.col("col_key").cast(COL_ENUM, strict=False),
    )
    known = _known_slots()
    tagged = cells.select("report_id", _slot=slot.fill_null(0)).with_columns(
        _known=pl.col("_slot").is_in(known.implode())
    )
    per_report = tagged.group_by("report_id").agg(
        landed_cells=pl.len(),
        unknown_keys=(~pl.col("_known")).sum(),
        duplicate_cells=pl.col("_known").sum() - pl.col("_slot").filter("_known").n_unique(),
    )
    bad_ids = per_report.filter((pl.col("unknown_keys") > 0) | (pl.col("duplicate_cells") > 0))
    suspects = cells.join(bad_ids.select("report_id"), on="report_id", how="semi")
    key = pl.concat_str(KEY[1:], separator=".")
    offending = (
        suspects.with_columns(
            _key=key,
            _dup=pl.len().over(KEY) > 1,
            _known=slot.is_in(known.implode()).fill_null(False),
        )
        .group_by("report_id")
        .agg(
            offending=pl.concat_str(
                [
                    pl.col("_key").filter("_dup").unique(maintain_order=True).str.join(","),
                    pl.col("_key").filter(~pl.col("_known")).str.join(","),
                ],
                separator=";",
            )
        )
    )
    return per_report.join(offending, on="report_id", how="left").with_columns(
        pl.col("landed_cells", "unknown_keys", "duplicate_cells").cast(pl.Int64),
        pl.col("offending").cast(pl.String),
    )


def landing_frame(reports: pl.DataFrame, cells: pl.DataFrame) -> pl.DataFrame:
    """One row per report: declared vs landed cells, duplicates, unknown keys."""
    return landing_from_tallies(reports, cell_tallies(cells))


def landing_from_tallies(reports: pl.DataFrame, tallies: pl.DataFrame) -> pl.DataFrame:
    """Each report's declared cell count beside its :func:`cell_tallies`.

    Cells whose report_id is not in raw.reports (orphans) get a row of their own with a null
    status, which fails the status expectation.
    """
    frame = reports.select("report_id", "status", "reason", "template", "cell_count").join(
        tallies, on="report_id", how="full", coalesce=True
    )
    return frame.with_columns(
        declared_cells=pl.col("cell_count").fill_null(0).cast(pl.Int64),
        landed_cells=pl.col("landed_cells").fill_null(0).cast(pl.Int64),
        duplicate_cells=pl.col("duplicate_cells").fill_null(0).cast(pl.Int64),
        unknown_keys=pl.col("unknown_keys").fill_null(0).cast(pl.Int64),
        has_reason=pl.col("reason").is_not_null() & (pl.col("reason").str.strip_chars() != ""),
    ).drop("cell_count")


def reconcile_frame(
    left: int | pl.DataFrame,
    right: int | pl.DataFrame,
    key: str | None = None,
    rows: str | None = None,
) -> pl.DataFrame:
    """Row counts of two layers side by side (optionally per value of ``key``).

    ``left_rows``/``right_rows`` are 0 for a key present on one side only. With ``rows``, each
    frame row stands for that many rows (counted per key in the warehouse, so tens of millions
    of cells arrive as one row per report).
    """

    def counts(side: int | pl.DataFrame, name: str) -> pl.DataFrame:
        if isinstance(side, int):
            if key is not None:
                raise ValueError("a key needs frames on both sides, not counts")
            return pl.DataFrame({"key": ["*"], name: [side]})
        size = pl.len() if rows is None else pl.col(rows).sum()
        if key is None:
            return side.select(pl.lit("*").alias("key"), size.alias(name))
        return side.group_by(pl.col(key).cast(pl.String).alias("key")).agg(size.alias(name))

    joined = counts(left, "left_rows").join(
        counts(right, "right_rows"), on="key", how="full", coalesce=True
    )
    return joined.with_columns(
        pl.col("left_rows").fill_null(0).cast(pl.Int64),
        pl.col("right_rows").fill_null(0).cast(pl.Int64),
    ).sort("key")
