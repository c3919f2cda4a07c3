"""Publisher consistency (质量问题): findings for every report, and the GX suites over them.

One pass, in batches of reports, builds the check frames (B-01 … B-04, C-01, S-01 … S-03, T-01);
the same frames are validated by Great Expectations (non-blocking WARN checks on this asset, with Data Docs) and
turned into the findings rows, so the checks and the findings table can never disagree.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from expectations import catalog
from expectations.findings import RULES
from expectations.rules.copies import THRESHOLD, land_pairs
from expectations.suites import PUBLISHER_SUITES
from expectations.validate import validate_many
from orchestration.defs.assets.ingest import RAW_CELLS, RAW_NARRATIVES, RAW_REPORTS, RAW_STATEMENTS
from orchestration.defs.checks.results import check_result, report_files
from orchestration.defs.metadata import markdown_table
from orchestration.defs.resources import QualityDocs, RunLock
from orchestration.lib import settings
from orchestration.lib.quality_batches import QUALITY_BATCH, land_findings, spilled
from orchestration.lib.warehouse import ensure_raw_tables, read_frame

RAW_FINDINGS = dg.AssetKey(["raw", "quality_findings"])
RAW_PAIRS = dg.AssetKey(["raw", "narrative_pairs"])
REPORT_RULES = tuple(rule.rule_id for rule in RULES)


@dg.asset(
    key=RAW_FINDINGS,
    deps=[RAW_REPORTS, RAW_CELLS, RAW_STATEMENTS],
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

    Computed for the reports that are new or changed since they were last checked (all of them
    when the rules change), in batches of reports (every report-scope rule reads one report's
    cells only): a batch's check frames are spilled to Parquet and its findings written, so
    memory is one batch, not a national year. GX then validates each rule's frame read back
    alone; each check also counts the rule's violations standing in the whole warehouse.
    Findings are replaced in one transaction.
    """
    spill = Path(tempfile.mkdtemp(prefix="check-frames-", dir=settings.warehouse_path().parent))
    try:
        with warehouse.get_connection() as conn:
            ensure_raw_tables(conn)
            checked = land_findings(conn, spill, QUALITY_BATCH)
            by_rule = read_frame(
                conn,
                "SELECT rule_id, outcome, count(*) AS len FROM raw.quality_findings "
                "GROUP BY ALL ORDER BY rule_id, outcome",
            )
            ((total, with_violations),) = conn.execute(
                "SELECT count(*), count(DISTINCT report_id) FILTER (WHERE outcome = 'violation') "
                "FROM raw.quality_findings"
            ).fetchall()
            names = read_frame(conn, "SELECT report_id, path, agency, report_year FROM raw.reports")
        violations = dict(
            by_rule.filter(pl.col("outcome") == "violation").select("rule_id", "len").iter_rows()
        )
        yield dg.MaterializeResult(
            metadata={
                "reports_checked_this_run": checked,
                "findings": int(total),
                "reports_with_violations": int(with_violations),
                "by_rule": markdown_table(by_rule, limit=40),
            }
        )
        summaries = validate_many(
            ((PUBLISHER_SUITES[rule], spilled(spill, rule)) for rule in REPORT_RULES),
            quality_docs.folder / "publisher",
            files=report_files(names),
        )
        for summary in summaries:
            yield check_result(
                summary,
                asset_key=RAW_FINDINGS,
                reports=names,
                stored_violations=int(violations.get(summary.rule_id, 0)),
            )
    finally:
        shutil.rmtree(spill, ignore_errors=True)


@dg.asset(key=RAW_PAIRS, deps=[RAW_NARRATIVES], group_name="raw", kinds={"duckdb"})
def raw_narrative_pairs(warehouse: DuckDBResource, run_lock: RunLock) -> dg.MaterializeResult:
    """正文相似 — pairs of reports whose prose sketches overlap, with the estimated similarity.

    Brought up to date each run from raw.narrative_sketches by set-based DuckDB statements
    (``expectations.rules.copies``): only the pairs of reports whose sketch or rarest hashes
    changed are compared again. dbt's ``int_copy_pairs`` keeps the pairs S-04 judges (the
    agency's previous year, another agency's same year).
    """
    with warehouse.get_connection() as conn:
        ensure_raw_tables(conn)
        landed = land_pairs(conn)
    return dg.MaterializeResult(
        metadata={
            "candidate_pairs": landed.pairs,
            "pairs_compared_this_run": landed.compared,
            "pairs_at_threshold": landed.copies,
            "threshold": THRESHOLD,
        }
    )
