"""The dbt project, loaded through ``DbtProject`` (manifest prepared by ``make`` or the tests)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration import settings

settings.export_warehouse_env()
# dbt is installed in this interpreter's environment; make sure its executable is found even
# when the environment is not activated (make, CI, the Dagster webserver's subprocesses)
_bin = str(Path(sys.executable).parent)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join([_bin, os.environ.get("PATH", "")])

nianbao_dbt_project = DbtProject(
    project_dir=settings.DBT_PROJECT_DIR,
    profiles_dir=settings.DBT_PROJECT_DIR,
)
# under `dagster dev` the manifest is rebuilt from the project on load; elsewhere it must exist
nianbao_dbt_project.prepare_if_dev()
