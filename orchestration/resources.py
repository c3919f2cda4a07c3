"""Resources, configured once in ``definitions.py`` from the settings."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.dbt_project import nianbao_dbt_project


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


def build_resources() -> dict[str, dg.ConfigurableResource]:
    """Every resource, from the settings (environment variables with defaults under data/)."""
    warehouse = settings.export_warehouse_env()
    return {
        "warehouse": DuckDBResource(database=str(warehouse)),
        "reports": ReportsFolder(path=str(settings.reports_dir())),
        "publish": PublishTarget(path=str(settings.publish_dir())),
        "quality_docs": QualityDocs(path=str(settings.gx_dir())),
        "dbt": DbtCliResource(project_dir=nianbao_dbt_project),
    }
