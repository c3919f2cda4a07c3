"""Published layer: the marts copied, atomically, to a read-only DuckDB file and Parquet."""

from __future__ import annotations

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from orchestration.assets.dbt import layer_keys
from orchestration.metadata import markdown_table
from orchestration.publishing import PUBLISHED_DB, publish_marts
from orchestration.resources import PublishTarget

MART_SCHEMA = "marts"


@dg.asset(
    key=["published", "marts"],
    deps=layer_keys("marts"),
    group_name="published",
    kinds={"duckdb", "parquet"},
)
def published_marts(warehouse: DuckDBResource, publish: PublishTarget) -> dg.MaterializeResult:
    """发布 — every mart, swapped in atomically for BI tools; runs only after the gates pass."""
    with warehouse.get_connection() as conn:
        tables = [
            (MART_SCHEMA, name)
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = ? ORDER BY table_name",
                [MART_SCHEMA],
            ).fetchall()
        ]
        counts = publish_marts(conn, tables, publish.folder)
    rows = pl.DataFrame({"mart": list(counts), "rows": list(counts.values())})
    return dg.MaterializeResult(
        metadata={
            "duckdb_file": dg.MetadataValue.path(str(publish.folder / PUBLISHED_DB)),
            "parquet_folder": dg.MetadataValue.path(str(publish.folder / "parquet")),
            "rows_per_mart": markdown_table(rows, limit=50),
            **{f"rows.{name}": count for name, count in counts.items()},
        }
    )
