"""Prepare the dbt manifest (``dbt parse``) so the Dagster definitions can load anywhere.

``dagster dev`` re-parses on load by itself; ``make run``, ``make test`` and CI call this first.
"""

from __future__ import annotations

from orchestration.dbt_project import nianbao_dbt_project


def prepare_dbt_manifest() -> None:
    nianbao_dbt_project.preparer.prepare(nianbao_dbt_project)
    if not nianbao_dbt_project.manifest_path.exists():
        raise SystemExit(f"dbt parse did not write {nianbao_dbt_project.manifest_path}")


if __name__ == "__main__":
    prepare_dbt_manifest()
    print(f"dbt manifest ready: {nianbao_dbt_project.manifest_path}")
