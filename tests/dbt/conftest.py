"""Session fixtures: a real DuckDB file with raw tables, and one real `dbt build` over it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dbt_harness import PROJECT, TEST_OVERRIDES, Warehouse, copy_project, run_dbt
from dbt_raw_frames import write_raw_tables
from dbt_scenario import scenario_frames


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The scenario landed in raw.*, then `dbt build` (seeds, models, tests) over it."""
    root = tmp_path_factory.mktemp("dbt_scenario")
    project = copy_project(root, TEST_OVERRIDES)
    db_path = root / "nianbao.duckdb"
    write_raw_tables(db_path, scenario_frames())
    run_dbt(project, root / "target", db_path, "build")
    yield Warehouse(db_path, project, root / "target")


@pytest.fixture(scope="session")
def empty_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """Empty raw tables, built: what `make docs` meets on a fresh checkout."""
    root = tmp_path_factory.mktemp("dbt_empty")
    db_path = root / "nianbao.duckdb"
    write_raw_tables(db_path, {})
    run_dbt(PROJECT, root / "target", db_path, "build")
    return Warehouse(db_path, PROJECT, root / "target")
