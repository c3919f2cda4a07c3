"""Raw layer: the file inventory, then extraction landed as raw.reports and raw.cells."""

from itertools import islice

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from orchestration.extraction import extract_files, extractor_version
from orchestration.inventory import scan, to_land
from orchestration.metadata import markdown_table
from orchestration.resources import ReportsFolder
from orchestration.shaping import cells_frame, reports_frame
from orchestration.warehouse import ensure_raw_tables, read_frame, replace_rows

RAW_FILES = dg.AssetKey(["raw", "files"])
RAW_REPORTS = dg.AssetKey(["raw", "reports"])
RAW_CELLS = dg.AssetKey(["raw", "cells"])

#: files extracted and landed per transaction: bounds memory for a national year (~100k files)
LANDING_BATCH = 2_000


@dg.asset(key=RAW_FILES, group_name="raw", kinds={"duckdb", "polars"})
def raw_files(
    context: dg.AssetExecutionContext, reports: ReportsFolder, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    """文件清单 — every file in the reports folder with its sha256, size and claimed format."""
    found = scan(reports.folder)
    files = to_land(found)
    set_aside = found.filter(pl.col("status") != "listed").select("path", "status", "reason")
    for row in set_aside.iter_rows(named=True):
        context.log.warning(f"{row['status']} {row['path']}: {row['reason']}")
    with warehouse.get_connection() as conn:
        ensure_raw_tables(conn)
        replace_rows(conn, "raw.files", files)
    by_format = files.group_by("format").len().sort("format")
    return dg.MaterializeResult(
        metadata={
            "folder": str(reports.folder),
            "files": len(files),
            "distinct_reports": files["report_id"].n_unique(),
            "by_format": markdown_table(by_format),
            "set_aside": markdown_table(set_aside, limit=50),
        }
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            RAW_REPORTS,
            deps=[RAW_FILES],
            group_name="raw",
            kinds={"duckdb", "polars"},
            description="报告 — one row per distinct file content: ok with metadata, or rejected with a reason.",
        ),
        dg.AssetSpec(
            RAW_CELLS,
            deps=[RAW_FILES],
            group_name="raw",
            kinds={"duckdb", "polars"},
            description="单元格 — every statutory cell read, long, with its printed text and provenance.",
        ),
    ],
)
def raw_extractions(
    context: dg.AssetExecutionContext, reports: ReportsFolder, warehouse: DuckDBResource
) -> tuple[dg.MaterializeResult, dg.MaterializeResult]:
    """Extract what is new or was read by older extractor code; keep the rest as landed."""
    version = extractor_version()
    with warehouse.get_connection() as conn:
        ensure_raw_tables(conn)
        files = read_frame(conn, "SELECT * FROM raw.files")
        current = read_frame(
            conn,
            f"SELECT report_id FROM raw.reports WHERE extractor_version = '{version}'",
        )
    wanted = files.group_by("report_id").agg(pl.col("path").min()).sort("path")
    todo = wanted.join(current, on="report_id", how="anti")
    keep = set(wanted["report_id"]) - set(todo["report_id"])
    context.log.info(f"{len(wanted)} reports in the folder, {len(todo)} to extract ({version=})")

    paths = todo["path"].to_list()
    results = extract_files([reports.folder / p for p in paths])  # one pool for the whole run
    landed = 0
    for start in range(0, max(len(paths), 1), LANDING_BATCH):
        batch_paths = paths[start : start + LANDING_BATCH]
        batch = list(islice(results, len(batch_paths)))
        reports_batch = reports_frame(batch, batch_paths, version)
        with warehouse.get_connection() as conn:
            replace_rows(conn, "raw.reports", reports_batch, key="report_id", keep=keep)
            replace_rows(conn, "raw.cells", cells_frame(batch), key="report_id", keep=keep)
        keep |= set(reports_batch["report_id"])
        landed += len(batch)
        for rejected in reports_batch.filter(pl.col("status") == "rejected").iter_rows(named=True):
            context.log.warning(f"rejected {rejected['path']}: {rejected['reason']}")

    with warehouse.get_connection() as conn:
        summary = read_frame(
            conn,
            "SELECT status, count(*) AS reports, sum(cell_count) AS cells "
            "FROM raw.reports GROUP BY status ORDER BY status",
        )
        rejected = read_frame(
            conn, "SELECT path, reason FROM raw.reports WHERE status = 'rejected' ORDER BY path"
        )
    counts = dict(zip(summary["status"], summary["reports"], strict=True))
    cells = int(summary["cells"].fill_null(0).sum())
    return (
        dg.MaterializeResult(
            asset_key=RAW_REPORTS,
            metadata={
                "extracted_this_run": landed,
                "ok": int(counts.get("ok", 0)),
                "rejected": int(counts.get("rejected", 0)),
                "rejected_files": markdown_table(rejected, limit=50),
                "extractor_version": version,
            },
        ),
        dg.MaterializeResult(asset_key=RAW_CELLS, metadata={"cells": cells}),
    )
