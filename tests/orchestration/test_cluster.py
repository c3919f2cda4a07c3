"""Extraction on a real Dask cluster (``distributed.LocalCluster``, two worker processes) builds the
same warehouse, row for row, as the in-process pool."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from distributed import LocalCluster
from pipeline_harness import CORPUS, Warehouse, make_warehouse

from orchestration.lib.extraction import extract_stream

#: columns that say when, not what: the same files landed twice differ only there
WHEN = {"first_seen", "first_seen_at", "next_first_seen_at", "published_at"}


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def _build(warehouse: Warehouse, dask_address: str | None) -> tuple[bool, list[str]]:
    """The project's job over ``warehouse``; whether it succeeded and its extraction step's log."""
    from orchestration.definitions import make_definitions
    from orchestration.defs.resources import build_resources

    instance = dg.DagsterInstance.ephemeral()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in warehouse.env().items():
            patch.setenv(name, value)
        if dask_address:
            patch.setenv("NIANBAO_DASK_ADDRESS", dask_address)
        else:
            patch.delenv("NIANBAO_DASK_ADDRESS", raising=False)
        job = make_definitions(build_resources()).resolve_job_def("build_warehouse")
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    logs = [
        entry.user_message
        for entry in instance.all_logs(result.run_id)
        if entry.step_key == "raw_extractions" and entry.is_dagster_event is False
    ]
    return result.success, logs


@pytest.fixture(scope="module")
def both(
    tmp_path_factory, dbt_manifest, subset_rows, cluster: LocalCluster
) -> tuple[Warehouse, list[str], Warehouse, list[str]]:
    """The same files built by the in-process pool and by the cluster."""
    pool = make_warehouse(tmp_path_factory.mktemp("pool"), subset_rows)
    ok_pool, pool_logs = _build(pool, None)
    dask = make_warehouse(tmp_path_factory.mktemp("dask"), subset_rows)
    ok_dask, dask_logs = _build(dask, cluster.scheduler_address)
    assert ok_pool and ok_dask
    return pool, pool_logs, dask, dask_logs


def _tables(path: Path) -> dict[str, str]:
    """Every table of the raw, intermediate and marts schemas → a SELECT of its 'what' columns."""
    with duckdb.connect(str(path), read_only=True) as conn:
        columns = conn.execute(
            "SELECT table_schema, table_name, list(column_name ORDER BY ordinal_position) "
            "FROM information_schema.columns WHERE table_schema IN ('raw', 'intermediate', 'marts') "
            "GROUP BY ALL ORDER BY 1, 2"
        ).fetchall()
    return {
        f"{schema}.{table}": ", ".join(f'"{c}"' for c in names if c not in WHEN)
        for schema, table, names in columns
    }


def _differences(left: Path, right: Path) -> dict[str, tuple[int, int, int]]:
    """Per table: (rows left, rows only left, rows only right), where they are not the same."""
    tables = _tables(left)
    assert tables == _tables(right)
    out = {}
    with duckdb.connect() as conn:
        conn.execute(f"ATTACH '{left}' AS l (READ_ONLY)")
        conn.execute(f"ATTACH '{right}' AS r (READ_ONLY)")
        for table, cols in tables.items():
            count = conn.execute(f"SELECT count(*) FROM l.{table}").fetchone()[0]
            only_l = conn.execute(
                f"SELECT count(*) FROM (SELECT {cols} FROM l.{table} "
                f"EXCEPT ALL SELECT {cols} FROM r.{table})"
            ).fetchone()[0]
            only_r = conn.execute(
                f"SELECT count(*) FROM (SELECT {cols} FROM r.{table} "
                f"EXCEPT ALL SELECT {cols} FROM l.{table})"
            ).fetchone()[0]
            if only_l or only_r:
                out[table] = (count, only_l, only_r)
    return out


def test_cluster_builds_the_same_warehouse_row_for_row(both) -> None:
    pool, pool_logs, dask, dask_logs = both
    assert any("Dask cluster" in line for line in dask_logs), "the cluster was not used"
    assert not any("Dask cluster" in line for line in pool_logs)
    assert _differences(pool.duckdb, dask.duckdb) == {}
    with duckdb.connect(str(dask.duckdb), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM raw.cells").fetchone()[0] > 1000


def test_landing_logs_progress_per_batch_to_the_run(both) -> None:
    """The run page shows ``landed n / total reports · r/s · ETA``, the last one complete."""
    _, pool_logs, _, dask_logs = both
    for logs in (pool_logs, dask_logs):
        lines = [line for line in logs if line.startswith("landed ")]
        assert lines, logs
        done, total = lines[-1].removeprefix("landed ").split(" reports")[0].split(" / ")
        assert done == total and int(total.replace(",", "")) > 0
        assert "/s" in lines[-1] and "ETA" in lines[-1]


def test_a_file_over_the_time_limit_is_set_aside_by_the_cluster(cluster: LocalCluster) -> None:
    """Dask runs tasks on threads, where SIGALRM cannot reach: the thread's own timer does."""
    slow = sorted((CORPUS / "reports").glob("*.pdf"))[-1]
    fine = sorted((CORPUS / "reports").glob("*.txt"))[-1]
    got = dict(extract_stream([slow, fine], cluster.scheduler_address, time_limit=0.001))
    assert sorted(got) == [0, 1]
    assert got[0].status == "rejected" and got[0].file == str(slow)
    assert "longer than 0.001 s" in (got[0].reason or "")
