"""Published layer: the marts copied, atomically, to a read-only DuckDB file (readable by DuckDB
1.x clients), Parquet, CSV with BOM and one XLSX workbook with the data dictionary."""

import json

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from orchestration.defs.assets.dbt import layer_keys
from orchestration.defs.metadata import markdown_table
from orchestration.defs.resources import PublishTarget, RunLock
from orchestration.lib.exports import CSV_DIR, DICTIONARY, WORKBOOK
from orchestration.lib.publishing import MANIFEST, PUBLISHED_DB, current_version, publish_marts

MART_SCHEMA = "marts"


@dg.asset(
    key=["published", "marts"],
    deps=layer_keys("marts"),
    group_name="published",
    kinds={"duckdb", "parquet"},
)
def published_marts(
    context: dg.AssetExecutionContext,
    warehouse: DuckDBResource,
    publish: PublishTarget,
    run_lock: RunLock,
) -> dg.MaterializeResult:
    """发布 — every mart as one new version, switched in atomically; only after the gates pass."""
    with warehouse.get_connection() as conn:
        tables = [
            (MART_SCHEMA, name)
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = ? ORDER BY table_name",
                [MART_SCHEMA],
            ).fetchall()
        ]
        counts = publish_marts(conn, tables, publish.folder, version=context.run.run_id[:8])
    manifest = json.loads((publish.folder / MANIFEST).read_text(encoding="utf-8"))
    how = manifest.get("how", {})
    rows = pl.DataFrame(
        {"mart": list(counts), "rows": list(counts.values()), "how": [how.get(m) for m in counts]}
    )
    return dg.MaterializeResult(
        metadata={
            "version": current_version(publish.folder) or "",
            "published_from": manifest.get("published_from") or "",
            "duckdb_file": dg.MetadataValue.path(str(publish.folder / PUBLISHED_DB)),
            "manifest": dg.MetadataValue.path(str(publish.folder / MANIFEST)),
            "parquet_folder": dg.MetadataValue.path(str(publish.folder / "parquet")),
            "csv_folder": dg.MetadataValue.path(str(publish.folder / CSV_DIR)),
            "workbook": dg.MetadataValue.path(str(publish.folder / WORKBOOK)),
            "data_dictionary": dg.MetadataValue.path(str(publish.folder / DICTIONARY)),
            "rows_per_mart": markdown_table(rows, limit=50),
            **{f"rows.{name}": count for name, count in counts.items()},
        }
    )
