"""Turn a shared gold_cells.csv into raw.reports / raw.cells frames (test helper).

The gold file lists every printed cell (``EMPTY`` = blank) and ``meta`` rows; it is read from
``<repo>/../shared`` at test time (the ``shared_dir`` fixture), never copied into the repo.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from orchestration.lib.raw_tables import CELLS_SCHEMA, REPORTS_SCHEMA


def gold_frames(path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(reports, cells) with the raw schemas; report_id is the file name."""
    gold = pl.read_csv(path, schema_overrides={"value": pl.String, "template": pl.String})
    meta = gold.filter(pl.col("table") == "meta").pivot(
        on="row", index="file", values="value", aggregate_function="first"
    )
    for name in ("agency", "year", "template", "published"):
        if name not in meta.columns:
            meta = meta.with_columns(pl.lit(None, pl.String).alias(name))
    body = gold.filter(pl.col("table") != "meta")
    counts = body.group_by("file").len("cell_count")
    reports = meta.join(counts, on="file", how="left").select(
        report_id=pl.col("file"),
        path=pl.col("file"),
        status=pl.lit("ok"),
        agency=pl.col("agency"),
        report_year=pl.col("year").cast(pl.Int32),
        template=pl.col("template"),
        published=pl.col("published").str.to_date(),
        cell_count=pl.col("cell_count").cast(pl.Int32),
    )
    reports = (
        reports.with_columns(
            pl.lit(None).cast(t).alias(c)
            for c, t in REPORTS_SCHEMA.items()
            if c not in reports.columns
        )
        .select(list(REPORTS_SCHEMA))
        .cast(REPORTS_SCHEMA)
    )  # type: ignore[arg-type]
    cells = body.select(
        report_id=pl.col("file"),
        table_name=pl.col("table"),
        row_key=pl.col("row"),
        col_key=pl.col("col"),
        value=pl.when(pl.col("value") == "EMPTY")
        .then(None)
        .otherwise(pl.col("value"))
        .cast(pl.Float64, strict=False),
        value_text=pl.when(pl.col("value") == "EMPTY").then(pl.lit("")).otherwise("value"),
        source_location=pl.lit("gold"),
        how=pl.lit("printed"),
        confidence=pl.lit(None, pl.Float64),  # hand-checked gold: not machine-read
    ).cast(CELLS_SCHEMA)  # type: ignore[arg-type]
    return reports, cells
