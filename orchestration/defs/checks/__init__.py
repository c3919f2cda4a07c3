"""Asset checks defined outside their assets: integrity gates, and the rules read from dbt
models (cross-year continuity, copies), generated from the rule catalog.

The report-scope publisher checks live on ``raw/quality_findings`` itself (they share its
check frames); dbt's YAML tests arrive as asset checks through dagster-dbt.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.checks.integrity import cells_reconcile, landing_integrity
from orchestration.defs.checks.rules_on_models import RULE_CHECKS


def all_checks() -> list[dg.AssetChecksDefinition]:
    return [landing_integrity, cells_reconcile, *RULE_CHECKS]
