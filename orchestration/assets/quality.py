"""Publisher consistency (质量问题): findings for every report, and the GX suites over them.

One pass builds the check frames (B-01 … B-04, C-01, S-01 … S-03, T-01); the same frames are
validated by Great Expectations (non-blocking WARN checks on this asset, with Data Docs) and
turned into the findings rows, so the checks and the findings table can never disagree.
"""

from __future__ import annotations

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from expectations import catalog
from expectations.findings import RULES, check_frames, report_findings
from expectations.suites import PUBLISHER_SUITES
from expectations.validate import validate_many
from orchestration.assets.ingest import RAW_CELLS, RAW_REPORTS
from orchestration.checks.results import check_result, report_files
from orchestration.metadata import markdown_table
from orchestration.resources import QualityDocs, RunLock
from orchestration.warehouse import ensure_raw_tables, read_frame, replace_rows

RAW_FINDINGS = dg.AssetKey(["raw", "quality_findings"])
REPORT_RULES = tuple(rule.rule_id for rule in RULES)


@dg.asset(
    key=RAW_FINDINGS,
    deps=[RAW_REPORTS, RAW_CELLS],
    group_name="raw",
    kinds={"polars", "duckdb", "great_expectations"},
    check_specs=[
        dg.AssetCheckSpec(
            PUBLISHER_SUITES[rule].name,
            asset=RAW_FINDINGS,
            description=catalog.rule(rule).check_description,
        )
        for rule in REPORT_RULES
    ],
)
def raw_quality_findings(warehouse: DuckDBResource, quality_docs: QualityDocs, run_lock: RunLock):
    """One row per (report, rule, location) where a report's own numbers disagree (B-01 … T-01).

    Recomputed whole each run from raw.reports and raw.cells (vectorised polars).
    """
    with warehouse.get_connection() as conn:
        ensure_raw_tables(conn)
        reports = read_frame(conn, "SELECT * FROM raw.reports")
        cells = read_frame(conn, "SELECT * FROM raw.cells")
        frames = check_frames(reports, cells)
        findings = report_findings(reports, cells, frames)
        replace_rows(conn, "raw.quality_findings", findings)
    by_rule = findings.group_by("rule_id", "outcome").len().sort("rule_id", "outcome")
    yield dg.MaterializeResult(
        metadata={
            "findings": len(findings),
            "reports_with_violations": findings.filter(pl.col("outcome") == "violation")[
                "report_id"
            ].n_unique(),
            "by_rule": markdown_table(by_rule, limit=40),
        }
    )
    summaries = validate_many(
        [(PUBLISHER_SUITES[rule], frames[rule]) for rule in REPORT_RULES],
        quality_docs.folder / "publisher",
        files=report_files(reports),
    )
    for summary in summaries:
        yield check_result(summary, asset_key=RAW_FINDINGS, reports=reports)
