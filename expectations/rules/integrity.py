"""Pipeline integrity (blocking): the landing lost, duplicated or invented nothing.

- every inventoried file (raw.files) reached raw.reports, extracted or rejected;
- a rejected report has a one-line reason and no cells; status is ok | rejected;
- the cells landed for a report are exactly as many as the extractor emitted (raw.reports
  ``cell_count``), none is duplicated and every key is in the template vocabulary (either
  version: a mixed report may print the other version's row);
- row counts reconcile between raw and a later layer.

Whether the *publisher* printed every template cell is S-01 (structure.py), a warning.
"""

from __future__ import annotations

import polars as pl

from extract.vocabulary import all_keys

KEY = ["report_id", "table_name", "row_key", "col_key"]


def _vocabulary() -> pl.DataFrame:
    return pl.DataFrame(sorted(all_keys()), schema=KEY[1:], orient="row")


def files_frame(files: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """One row per inventoried file: ``landed`` = its report_id is in raw.reports."""
    ids = reports.select("report_id").unique().with_columns(landed=pl.lit(True))
    return (
        files.select("path", "report_id")
        .join(ids, on="report_id", how="left")
        .with_columns(pl.col("landed").fill_null(False))
    )


def landing_frame(reports: pl.DataFrame, cells: pl.DataFrame) -> pl.DataFrame:
    """One row per raw.reports row: declared vs landed cells, duplicates, unknown keys."""
    known = _vocabulary().with_columns(_known=pl.lit(True))
    tagged = cells.select(KEY).join(known, on=KEY[1:], how="left")
    key = pl.concat_str(KEY[1:], separator=".")
    dup = pl.len().over(KEY) > 1
    per_report = (
        tagged.with_columns(_dup=dup, _key=key)
        .group_by("report_id")
        .agg(
            landed_cells=pl.len(),
            duplicate_cells=pl.col("_dup").sum() - pl.col("_key").filter("_dup").n_unique(),
            unknown_keys=pl.col("_known").is_null().sum(),
            offending=pl.concat_str(
                [
                    pl.col("_key").filter("_dup").unique(maintain_order=True).str.join(","),
                    pl.col("_key").filter(pl.col("_known").is_null()).str.join(","),
                ],
                separator=";",
            ),
        )
    )
    frame = reports.select("report_id", "status", "reason", "cell_count").join(
        per_report, on="report_id", how="left"
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
) -> pl.DataFrame:
    """Row counts of two layers side by side (optionally per value of ``key``).

    ``left_rows``/``right_rows`` are 0 for a key present on one side only.
    """

    def counts(side: int | pl.DataFrame, name: str) -> pl.DataFrame:
        if isinstance(side, int):
            if key is not None:
                raise ValueError("a key needs frames on both sides, not counts")
            return pl.DataFrame({"key": ["*"], name: [side]})
        if key is None:
            return pl.DataFrame({"key": ["*"], name: [side.height]})
        return side.group_by(pl.col(key).cast(pl.String).alias("key")).agg(pl.len().alias(name))

    joined = counts(left, "left_rows").join(
        counts(right, "right_rows"), on="key", how="full", coalesce=True
    )
    return joined.with_columns(
        pl.col("left_rows").fill_null(0).cast(pl.Int64),
        pl.col("right_rows").fill_null(0).cast(pl.Int64),
    ).sort("key")
