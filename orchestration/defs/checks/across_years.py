"""Y-01 and Y-02 (warn): an agency's numbers continue from one year's report to the next.

The pairing of each report with the same agency's previous one is set-based SQL in dbt
(``int_carry_over_pairs``, ``int_in_force_pairs``); these checks validate those pairs with GX.
"""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.catalog import rule
from expectations.rules.across_years import y01_frame, y02_frame
from expectations.suites import PUBLISHER_SUITES
from expectations.validate import validate_many
from orchestration.defs.assets.dbt import model_key
from orchestration.defs.checks.results import check_result, report_files
from orchestration.defs.resources import QualityDocs
from orchestration.lib.warehouse import read_frame

CARRY_OVER_PAIRS = model_key("int_carry_over_pairs")
IN_FORCE_PAIRS = model_key("int_in_force_pairs")
Y01 = PUBLISHER_SUITES["Y-01"]
Y02 = PUBLISHER_SUITES["Y-02"]


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            Y01.name, asset=CARRY_OVER_PAIRS, description=rule("Y-01").check_description
        ),
        dg.AssetCheckSpec(
            Y02.name, asset=IN_FORCE_PAIRS, description=rule("Y-02").check_description
        ),
    ],
)
def continuity_across_years(warehouse: DuckDBResource, quality_docs: QualityDocs):
    with warehouse.get_connection() as conn:
        carry = read_frame(conn, "SELECT * FROM intermediate.int_carry_over_pairs")
        in_force = read_frame(conn, "SELECT * FROM intermediate.int_in_force_pairs")
        reports = read_frame(conn, "SELECT report_id, path, agency, report_year FROM raw.reports")
    y01, y02 = validate_many(
        [(Y01, y01_frame(carry)), (Y02, y02_frame(in_force))],
        quality_docs.folder / "across_years",
        files=report_files(reports),
    )
    yield check_result(y01, asset_key=CARRY_OVER_PAIRS, reports=reports)
    yield check_result(y02, asset_key=IN_FORCE_PAIRS, reports=reports)
