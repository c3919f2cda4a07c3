"""Pipeline integrity (blocking): a failure means our code or data handling is wrong.

Each check gates everything downstream of its asset, so a broken landing never reaches the marts
and the previously published marts stay as they were.
"""

from __future__ import annotations

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from expectations.rules.integrity import KEY, cell_tallies, files_frame, landing_from_tallies
from expectations.suites import INTEGRITY_SUITES
from expectations.validate import reconcile_row_counts, validate_many
from orchestration.defs.assets.dbt import model_key
from orchestration.defs.assets.ingest import RAW_CELLS, RAW_REPORTS
from orchestration.defs.checks.results import check_result
from orchestration.defs.resources import QualityDocs
from orchestration.lib.warehouse import read_frame, read_parts

FCT_REPORT_CELLS = model_key("fct_report_cells")
FILES_SUITE = INTEGRITY_SUITES["files"].name
LANDING_SUITE = INTEGRITY_SUITES["landing"].name
RECONCILE_SUITE = INTEGRITY_SUITES["reconcile"].name
#: cells held at once by the landing check (hash parts of whole reports): about 0.5 GB
CELLS_PER_PART = 2_500_000


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            FILES_SUITE,
            asset=RAW_REPORTS,
            blocking=True,
            description="Every inventoried file reached raw.reports, extracted or rejected.",
        ),
        dg.AssetCheckSpec(
            LANDING_SUITE,
            asset=RAW_CELLS,
            blocking=True,
            description="raw.cells holds exactly the cells extracted: none dropped, duplicated "
            "or outside the template vocabulary.",
        ),
    ],
)
def landing_integrity(warehouse: DuckDBResource, quality_docs: QualityDocs):
    with warehouse.get_connection() as conn:
        files = read_frame(conn, "SELECT * FROM raw.files")
        reports = read_frame(conn, "SELECT * FROM raw.reports")
        parts = read_parts(
            conn,
            "raw.cells",
            KEY,
            by="report_id",
            rows=CELLS_PER_PART,
        )
        tallies = pl.concat([cell_tallies(part) for part in parts], how="vertical_relaxed")
    files_summary, landing_summary = validate_many(
        [
            (FILES_SUITE, files_frame(files, reports)),
            (LANDING_SUITE, landing_from_tallies(reports, tallies)),
        ],
        quality_docs.folder / "integrity",
    )
    yield check_result(files_summary, asset_key=RAW_REPORTS, reports=reports)
    yield check_result(landing_summary, asset_key=RAW_CELLS, reports=reports)


@dg.asset_check(
    asset=FCT_REPORT_CELLS,
    name=RECONCILE_SUITE,
    blocking=True,
    description="Every extracted cell of raw.cells is in fct_report_cells, once (per report); "
    "cells added by hand are not counted.",
)
def cells_reconcile(warehouse: DuckDBResource, quality_docs: QualityDocs) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:  # counted per report here: 1 row, not 200
        raw = read_frame(
            conn,
            "SELECT c.report_id, count(*) AS n FROM raw.cells c JOIN raw.reports r "
            "USING (report_id) WHERE r.status = 'ok' GROUP BY c.report_id",
        )
        mart = read_frame(  # cells a person added by hand (人工更正) were never extracted
            conn,
            "SELECT report_id, count(*) AS n FROM marts.fct_report_cells "
            "WHERE NOT is_derived AND NOT is_added GROUP BY report_id",
        )
    summary = reconcile_row_counts(
        raw, mart, key="report_id", docs_dir=quality_docs.folder / "reconcile", rows="n"
    )
    return check_result(summary, asset_key=FCT_REPORT_CELLS)
