"""Resources, configured once in ``definitions.py`` from the settings."""

from __future__ import annotations

import importlib.metadata
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource
from packaging import version

from orchestration.defs.dbt_project import nianbao_dbt_project
from orchestration.defs.recovery import fail_dead_runs, tag_run
from orchestration.lib import settings
from orchestration.lib.publishing import cleanup_staged
from orchestration.lib.runlock import run_lock


class _Folder(dg.ConfigurableResource):
    """A folder the pipeline reads or writes, configured once from the settings."""

    path: str

    @property
    def folder(self) -> Path:
        return Path(self.path)


class ReportsFolder(_Folder):
    """The folder of report files (年度报告) to ingest: ``NIANBAO_REPORTS_DIR``."""


class PublishTarget(_Folder):
    """Where BI tools read the marts: a read-only DuckDB file and one Parquet file per mart."""


class QualityDocs(_Folder):
    """Where Great Expectations writes its Data Docs (linked from the asset checks)."""


class DbtCli(DbtCliResource):
    """dbt, told its own version without asking it: dagster-dbt runs ``dbt --version`` once per
    run to learn it, which imports dbt and looks up the latest release on PyPI — 5 to 6 s of
    every run. The executable is this environment's own (``settings.dbt_executable``), so the
    installed dbt-core is its version; any other executable is still asked."""

    @cached_property
    def _cli_version(self) -> version.Version:
        if Path(self.dbt_executable).parent == Path(sys.executable).parent:
            return version.parse(importlib.metadata.version("dbt-core"))
        return super()._cli_version


class RunLock(dg.ConfigurableResource):
    """Held for the whole run by every asset that writes: one run at a time per warehouse.

    Taking it is also when a run recovers from a crashed one: runs whose process is gone are
    marked failed in the run storage, and a killed publish's staged files are removed.
    """

    warehouse: str
    publish: str

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[RunLock]:
        if context.instance is not None and context.run_id:
            tag_run(context.instance, context.run_id, os.getpid())  # before waiting: known alive
        with run_lock(Path(self.warehouse), on_wait=context.log.warning if context.log else None):
            if context.instance is not None:
                for run_id in fail_dead_runs(context.instance, context.run_id):
                    context.log.warning(f"run {run_id} was left unfinished: marked failed")
            for name in cleanup_staged(Path(self.publish)):
                context.log.warning(f"removed {name}, left staged by a killed publish")
            yield self


def build_resources() -> dict[str, dg.ConfigurableResource]:
    """Every resource, from the settings (environment variables with defaults under data/)."""
    warehouse = settings.warehouse_path()
    return {
        "warehouse": DuckDBResource(
            database=str(warehouse),
            connection_config={"memory_limit": settings.duckdb_memory_limit()},
        ),
        "run_lock": RunLock(warehouse=str(warehouse), publish=str(settings.publish_dir())),
        "reports": ReportsFolder(path=str(settings.reports_dir())),
        "publish": PublishTarget(path=str(settings.publish_dir())),
        "quality_docs": QualityDocs(path=str(settings.gx_dir())),
        "dbt": DbtCli(project_dir=nianbao_dbt_project, dbt_executable=settings.dbt_executable()),
    }
