"""The checks of the rules whose check frame is read from a dbt model, generated from the catalog:
one multi-asset check per model, one check per rule, on that model's asset.

- S-04 (内容雷同) on ``int_copy_pairs``: the candidate pairs are found set-wise in DuckDB
  (``raw/narrative_pairs``), kept per comparison by dbt; ``expectations.rules.copies`` builds the
  check frame from them.
- Y-01 and Y-02 (跨年度) on ``int_checks_cross_year``: computed in SQL, the model's rows are the
  check frames, validated as they are (``findings.model_check_frame``).

GX validates the rows it has not validated before (``orchestration.lib.validated_rows``): a 1 %
re-run of a national year validates the pairs that changed, not 625,000 rows; each check still
fails while any violation stands in the whole model.

The report rules' checks are on ``raw/quality_findings`` itself (``assets/quality.py``).
"""

from __future__ import annotations

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from expectations.catalog import RULE_CATALOG, RuleSpec
from expectations.findings import model_check_frame
from expectations.suites import PUBLISHER_SUITES
from expectations.validate import validate_many
from orchestration.defs.assets.dbt import model_key
from orchestration.defs.checks.results import check_result, report_files
from orchestration.defs.resources import QualityDocs
from orchestration.lib import validated_rows
from orchestration.lib.warehouse import ensure_raw_tables, read_frame


def _ordered(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows to validate without their digests, in a fixed order (Data Docs list failing
    rows in it)."""
    rows = frame.drop(validated_rows.DIGEST)
    return rows.sort(rows.columns, nulls_last=True)


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
            ensure_raw_tables(conn)
            rows = read_frame(conn, f"SELECT * FROM {table}")
            reports = read_frame(
                conn, "SELECT report_id, path, agency, report_year FROM raw.reports"
            )
            frames = {
                s.rule_id: validated_rows.with_digests(model_check_frame(s.rule_id, rows))
                for s in specs
            }
            del rows
            fresh = validated_rows.fresh_rows(conn, frames)
        summaries = validate_many(
            [(PUBLISHER_SUITES[s.rule_id], _ordered(fresh[s.rule_id])) for s in specs],
            quality_docs.folder / folder,
            files=report_files(reports),
        )
        with warehouse.get_connection() as conn:  # validated: not validated again
            validated_rows.record(conn, frames)
        for summary in summaries:
            frame = frames[summary.rule_id]
            failing = PUBLISHER_SUITES[summary.rule_id].failed().fill_null(False)
            yield check_result(
                summary,
                asset_key=key,
                reports=reports,
                stored_violations=frame.filter(failing).height,
                rows_in_model=frame.height,
            )

    return check


#: every dbt model a rule of the catalog is read from, in catalog order
MODELS = tuple(dict.fromkeys(m for s in RULE_CATALOG if (m := s.checked_by.model)))
RULE_CHECKS = [rules_on(model) for model in MODELS]
