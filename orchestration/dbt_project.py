"""The dbt project, loaded through ``DbtProject`` (manifest prepared by ``make`` or the tests)."""

from __future__ import annotations

from dagster_dbt import DbtProject

from orchestration import settings

settings.export_warehouse_env()

nianbao_dbt_project = DbtProject(
    project_dir=settings.DBT_PROJECT_DIR,
    profiles_dir=settings.DBT_PROJECT_DIR,
)
# under `dagster dev` the manifest is rebuilt from the project on load; elsewhere it must exist
nianbao_dbt_project.prepare_if_dev()
