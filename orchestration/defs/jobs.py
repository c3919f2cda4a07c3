"""The one job people run, and its nightly schedule."""

from __future__ import annotations

import dagster as dg

from orchestration.lib.memory import release


@dg.success_hook(name="release_memory")
def release_memory(context: dg.HookContext) -> None:
    """After each step, hand its freed memory back to the system: the job runs in one process,
    so without it a step's leftovers are the next step's floor (orchestration.lib.memory)."""
    release()


#: everything: inventory → extraction → quality findings → dbt → gates → publish
build_warehouse = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Build the whole warehouse from the reports folder in one batch run.",
    hooks={release_memory},
)

#: reports arrive all spring (departments by 31 Jan, governments by 31 Mar): refresh nightly
nightly_refresh = dg.ScheduleDefinition(
    name="nightly_refresh",
    job=build_warehouse,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
