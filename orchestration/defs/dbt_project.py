"""The dbt project, loaded through ``DbtProject`` (manifest prepared by ``make`` or the tests).

Importing this changes nothing: no environment variable, PATH entry or folder. The warehouse path
reaches dbt per invocation (``settings.dbt_environment``) and dbt by absolute path
(``settings.dbt_executable``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.lib import settings

nianbao_dbt_project = DbtProject(
    project_dir=settings.DBT_PROJECT_DIR,
    profiles_dir=settings.DBT_PROJECT_DIR,
)

#: set by ``dagster dev`` for the code it loads (dagster-dbt reads the same variable)
DEV_CLI_ENV = "DAGSTER_IS_DEV_CLI"


def parse_dbt_project() -> Path:
    """``dbt parse``: writes target/manifest.json, what the Dagster dbt assets are built from.

    dagster-dbt's own preparer runs ``dbt`` from PATH; this runs this environment's dbt by
    absolute path, so nothing needs PATH changed.
    """
    project = nianbao_dbt_project
    DbtCliResource(project_dir=project, dbt_executable=settings.dbt_executable()).cli(
        ["parse", "--quiet"], target_path=project.target_path
    ).wait()
    if not project.manifest_path.exists():
        raise SystemExit(f"dbt parse did not write {project.manifest_path}")
    return project.manifest_path


def parse_if_dev() -> None:
    """Under ``dagster dev`` only, re-parse on each code reload so edited models show up."""
    if os.environ.get(DEV_CLI_ENV):
        parse_dbt_project()


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
