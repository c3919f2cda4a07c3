"""The one ``Definitions`` object: assets by layer, their checks, the job, resources configured once.

Layers: raw (inventory, extraction, findings) → reference/staging/intermediate/marts (dbt) →
published (read-only copy for BI tools). Everything runs in one process so that exactly one
writer ever holds the DuckDB file.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.assets.dbt import nianbao_dbt_models
from orchestration.defs.assets.ingest import raw_extractions, raw_files
from orchestration.defs.assets.publish import published_marts
from orchestration.defs.assets.quality import raw_narrative_pairs, raw_quality_findings
from orchestration.defs.assets.review import review_sheets
from orchestration.defs.checks import all_checks
from orchestration.defs.jobs import build_warehouse, nightly_refresh
from orchestration.defs.resources import build_resources
from orchestration.defs.sensors import new_reports


def make_definitions(resources: dict[str, dg.ConfigurableResource]) -> dg.Definitions:
    """The project's definitions over the given resources (tests pass temporary folders)."""
    return dg.Definitions(
        assets=[
            raw_files,
            raw_extractions,
            raw_quality_findings,
            raw_narrative_pairs,
            nianbao_dbt_models,
            published_marts,
            review_sheets,
        ],
        asset_checks=all_checks(),
        jobs=[build_warehouse],
        schedules=[nightly_refresh],
        sensors=[new_reports],
        resources=resources,
        executor=dg.in_process_executor,
    )


defs = make_definitions(build_resources())
