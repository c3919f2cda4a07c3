"""Prepare the dbt manifest (``dbt parse``) so the Dagster definitions can load anywhere.

``dagster dev`` re-parses on load by itself; ``make run``, ``make test`` and CI call this first.
"""

from __future__ import annotations

from orchestration.defs.dbt_project import parse_dbt_project

if __name__ == "__main__":
    print(f"dbt manifest ready: {parse_dbt_project()}")
