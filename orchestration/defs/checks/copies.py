"""S-04 (warn): a report's prose is not copied from its agency's previous report or another
agency's report of the same year (内容雷同).

The candidate pairs are found set-wise in DuckDB (``raw/narrative_pairs``) and kept per
comparison by dbt (``int_copy_pairs``); this check validates those pairs with GX, as Y-01 does
the carry-over pairs.
"""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.catalog import rule
from expectations.rules.copies import s04_frame
from expectations.suites import PUBLISHER_SUITES
from expectations.validate import validate_many
from orchestration.defs.assets.dbt import model_key
from orchestration.defs.checks.results import check_result, report_files
from orchestration.defs.resources import QualityDocs
from orchestration.lib.warehouse import read_frame

COPY_PAIRS = model_key("int_copy_pairs")
S04 = PUBLISHER_SUITES["S-04"]


@dg.asset_check(asset=COPY_PAIRS, name=S04.name, description=rule("S-04").check_description)
def prose_not_copied(warehouse: DuckDBResource, quality_docs: QualityDocs):
    with warehouse.get_connection() as conn:
        pairs = read_frame(conn, "SELECT * FROM intermediate.int_copy_pairs")
        reports = read_frame(conn, "SELECT report_id, path, agency, report_year FROM raw.reports")
    (summary,) = validate_many(
        [(S04, s04_frame(pairs))],
        quality_docs.folder / "across_reports",
        files=report_files(reports),
    )
    return check_result(summary, asset_key=COPY_PAIRS, reports=reports)
