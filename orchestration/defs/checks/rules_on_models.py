"""The checks of the rules whose check frame is read from a dbt model, generated from the catalog:
one multi-asset check per model, one check per rule, on that model's asset.

- S-04 (内容雷同) on ``int_copy_pairs``: the candidate pairs are found set-wise in DuckDB
  (``raw/narrative_pairs``), kept per comparison by dbt; ``expectations.rules.copies`` builds the
  check frame from them.
- Y-01 and Y-02 (跨年度) on ``int_checks_cross_year``: computed in SQL, the model's rows are the
  check frames, validated as they are (``findings.model_check_frame``).

The report rules' checks are on ``raw/quality_findings`` itself (``assets/quality.py``).
"""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.catalog import RULE_CATALOG, RuleSpec
from expectations.findings import model_check_frame
from expectations.suites import PUBLISHER_SUITES
from expectations.validate import validate_many
from orchestration.defs.assets.dbt import model_key
from orchestration.defs.checks.results import check_result, report_files
from orchestration.defs.resources import QualityDocs
from orchestration.lib.warehouse import read_frame

#: the Data Docs folder of each scope (``make docs`` links them)
DOCS_FOLDER = {"agency_year": "across_years", "across_reports": "across_reports"}


def rules_on(model: str) -> dg.AssetChecksDefinition:
    """The checks of the catalog's rules read from dbt ``model``, validated in one GX run."""
    specs: list[RuleSpec] = [s for s in RULE_CATALOG if s.checked_by.model == model]
    key = model_key(model)
    table = ".".join(key.path)  # dagster-dbt prefixes the model's schema: intermediate.<model>
    folder = DOCS_FOLDER[specs[0].scope]

    @dg.multi_asset_check(
        name=f"rules_on_{model}",
        specs=[
            dg.AssetCheckSpec(
                PUBLISHER_SUITES[s.rule_id].name, asset=key, description=s.check_description
            )
            for s in specs
        ],
    )
    def check(warehouse: DuckDBResource, quality_docs: QualityDocs):
        with warehouse.get_connection() as conn:
            rows = read_frame(conn, f"SELECT * FROM {table} ORDER BY ALL")
            reports = read_frame(
                conn, "SELECT report_id, path, agency, report_year FROM raw.reports"
            )
        summaries = validate_many(
            [(PUBLISHER_SUITES[s.rule_id], model_check_frame(s.rule_id, rows)) for s in specs],
            quality_docs.folder / folder,
            files=report_files(reports),
        )
        for summary in summaries:
            yield check_result(summary, asset_key=key, reports=reports)

    return check


#: every dbt model a rule of the catalog is read from, in catalog order
MODELS = tuple(dict.fromkeys(m for s in RULE_CATALOG if (m := s.checked_by.model)))
RULE_CHECKS = [rules_on(model) for model in MODELS]
