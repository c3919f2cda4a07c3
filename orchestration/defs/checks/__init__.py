"""Asset checks defined outside their assets: integrity gates, cross-year continuity, copies.

The report-scope publisher checks live on ``raw/quality_findings`` itself (they share its
check frames); dbt's YAML tests arrive as asset checks through dagster-dbt.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.checks.across_years import continuity_across_years
from orchestration.defs.checks.copies import prose_not_copied
from orchestration.defs.checks.integrity import cells_reconcile, landing_integrity


def all_checks() -> list[dg.AssetChecksDefinition]:
    return [landing_integrity, cells_reconcile, continuity_across_years, prose_not_copied]
