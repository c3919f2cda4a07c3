"""The dbt project, loaded through ``DbtProject`` (manifest prepared by ``make`` or the tests)."""

from __future__ import annotations

import os
import shutil
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

#: dbt artefact folders of Dagster runs kept in dbt_project/target (each is about 7 MB)
KEEP_DBT_RUNS = 3
#: dagster-dbt names each invocation's target folder after the asset definition
RUN_TARGET_PREFIX = "nianbao_dbt_models-"


def prune_dbt_targets(target: Path | None = None, keep: int = KEEP_DBT_RUNS) -> list[str]:
    """Remove all but the ``keep`` newest per-run dbt target folders; return what was removed."""
    target = target or settings.DBT_PROJECT_DIR / "target"
    runs = sorted(
        (p for p in target.glob(f"{RUN_TARGET_PREFIX}*") if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
    )
    removed = runs[:-keep] if keep > 0 else runs
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return [p.name for p in removed]
