"""Shared helpers for the warehouse reliability tests (no conftest here: the folder is shared).

Builds small real warehouses with the project's own job (tests/orchestration/pipeline_harness)
and reads what a run left behind: raw tables, the published set, the run summary.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "orchestration"))

from pipeline_harness import (
    CORPUS,
    Warehouse,
    corpus_manifest,
    make_warehouse,
)

__all__ = [
    "CORPUS",
    "Warehouse",
    "agency_rows",
    "corpus_manifest",
    "make_warehouse",
    "published_state",
    "query",
    "run_build",
    "summary_of",
]


_prepared = False


def agency_rows(*agency_ids: str) -> list[dict[str, str]]:
    """The corpus rows of the given agencies (every year): a small, fast warehouse."""
    return [r for r in corpus_manifest() if r["agency_id"] in agency_ids]


def run_build(
    warehouse: Warehouse,
    *,
    instance: dg.DagsterInstance | None = None,
    env: dict[str, str] | None = None,
) -> dg.ExecuteInProcessResult:
    """The project's job over the project's definitions; resources and extra settings from env."""
    global _prepared
    if not _prepared:  # the definitions load the dbt manifest: parse the project once
        from orchestration.defs.dbt_project import parse_dbt_project

        parse_dbt_project()
        _prepared = True
    from orchestration.definitions import make_definitions
    from orchestration.defs.resources import build_resources

    with pytest.MonkeyPatch.context() as patch:
        for name, value in {**warehouse.env(), **(env or {})}.items():
            patch.setenv(name, value)
        job = make_definitions(build_resources()).resolve_job_def("build_warehouse")
        return job.execute_in_process(
            instance=instance or dg.DagsterInstance.ephemeral(), raise_on_error=False
        )


def summary_of(warehouse: Warehouse, result: dg.ExecuteInProcessResult) -> str:
    """What `make run` prints for this run."""
    from orchestration.run import summarise

    with pytest.MonkeyPatch.context() as patch:
        for name, value in warehouse.env().items():
            patch.setenv(name, value)
        return summarise(result)


def query(warehouse: Warehouse, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse.duckdb), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def published_state(warehouse: Warehouse) -> dict[str, object]:
    """The published set as a reader sees it: version, rows per mart in DuckDB and Parquet."""
    publish = warehouse.publish
    manifest = json.loads((publish / "manifest.json").read_text(encoding="utf-8"))
    with duckdb.connect(str(publish / "nianbao_marts.duckdb"), read_only=True) as conn:
        tables = [t for (t,) in conn.execute("SHOW TABLES").fetchall()]
        in_db = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        in_parquet = {
            t: conn.execute(
                f"SELECT count(*) FROM read_parquet('{publish / 'parquet' / (t + '.parquet')}')"
            ).fetchone()[0]
            for t in tables
        }
    return {"version": manifest["version"], "db": in_db, "parquet": in_parquet, **manifest}
