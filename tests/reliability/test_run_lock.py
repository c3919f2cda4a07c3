"""One run at a time, a clear word when blocked, and recovery from a killed run.

Before: two runs at once died on DuckDB's lock with a traceback; a reader holding the working
file failed a refresh with the cause only in the log; a killed run stayed STARTED forever.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest
from warehouse_harness import make_warehouse, run_build

REPO_ROOT = Path(__file__).resolve().parents[2]

HOLD_LOCK = """
import sys, time
from pathlib import Path
from orchestration.lib.runlock import run_lock
with run_lock(Path(sys.argv[1]), wait_s=0):
    print("held", flush=True)
    time.sleep(120)
"""

HOLD_FILE = """
import sys, time, duckdb
conn = duckdb.connect(sys.argv[1])  # a reader holding the working file (what BI tools must not)
print("held", flush=True)
time.sleep(120)
"""


def _hold(tmp_path: Path, script: str, path: Path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(path), "nianbao-test-holder"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_run_waits_then_refuses_naming_the_holder(tmp_path: Path) -> None:
    from orchestration.lib.runlock import RunLocked, run_lock

    db = tmp_path / "wh" / "nianbao.duckdb"
    holder = _hold(tmp_path, HOLD_LOCK, db)
    try:
        waited: list[str] = []
        started = time.monotonic()
        with pytest.raises(RunLocked) as refused, run_lock(db, wait_s=1, on_wait=waited.append):
            pass
        assert 1 <= time.monotonic() - started < 10  # bounded
        message = str(refused.value)
        assert f"pid {holder.pid}" in message and "started 20" in message
        assert "nianbao-test-holder" in message  # the holder's command
        assert waited and f"pid {holder.pid}" in waited[0]
    finally:
        holder.kill()
        holder.wait()


def test_a_stale_lock_of_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    from orchestration.lib.runlock import holder as lock_holder
    from orchestration.lib.runlock import run_lock

    db = tmp_path / "nianbao.duckdb"
    dead = _hold(tmp_path, HOLD_LOCK, db)
    os.kill(dead.pid, signal.SIGKILL)
    dead.wait()
    assert lock_holder(db)["pid"] == dead.pid  # its name is still written there
    with run_lock(db, wait_s=0) as info:
        assert info["pid"] == os.getpid()
        with run_lock(db, wait_s=0):  # reentrant: make run, then the run's own resource
            pass


def _make_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, **env: str
) -> tuple[int, str]:
    """``python -m orchestration.run`` in this process: its exit code and stdout."""
    from orchestration.run import main

    with monkeypatch.context() as patch:
        for name, value in {
            "NIANBAO_REPORTS_DIR": str(tmp_path / "reports"),
            "NIANBAO_DUCKDB_PATH": str(tmp_path / "wh" / "nianbao.duckdb"),
            "NIANBAO_PUBLISH_DIR": str(tmp_path / "publish"),
            **env,
        }.items():
            patch.setenv(name, value)
        code = main([])
    return code, capsys.readouterr().out


def test_make_run_says_on_stdout_that_another_run_or_a_reader_blocks_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "wh" / "nianbao.duckdb"
    holder = _hold(tmp_path, HOLD_LOCK, db)
    try:
        code, out = _make_run(tmp_path, capsys, monkeypatch, NIANBAO_LOCK_WAIT_S="0.5")
    finally:
        holder.kill()
        holder.wait()
    assert code == 1
    assert "refresh not started: another run holds the warehouse" in out
    assert f"pid {holder.pid}" in out and "waiting for the run that holds" in out

    reader = _hold(tmp_path, HOLD_FILE, db)
    try:
        code, out = _make_run(tmp_path, capsys, monkeypatch)
    finally:
        reader.kill()
        reader.wait()
    assert code == 1
    assert "is held by another process" in out
    assert str(reader.pid) in out  # DuckDB names the conflicting process


def test_a_restarted_pipeline_fails_dead_runs_and_removes_a_killed_publish(tmp_path: Path) -> None:
    from orchestration.defs.recovery import PID_TAG

    warehouse = make_warehouse(tmp_path, [])  # empty folder: the run stops at its first asset
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    instance = dg.DagsterInstance.ephemeral()
    killed = dg.DagsterRun(
        job_name="build_warehouse",
        status=dg.DagsterRunStatus.STARTED,
        tags={PID_TAG: str(dead.pid)},
    )
    alive = dg.DagsterRun(
        job_name="build_warehouse",
        status=dg.DagsterRunStatus.STARTED,
        tags={PID_TAG: str(os.getpid())},
    )
    instance.add_run(killed)
    instance.add_run(alive)
    staged = warehouse.publish / "versions" / "20250101T000000Z-deadbeef.tmp"
    (staged / "parquet").mkdir(parents=True)
    (staged / "parquet" / "mart_agency_year.parquet").write_bytes(b"half")
    (warehouse.publish / ".current.0123abcd.tmp").symlink_to("versions/x")

    result = run_build(warehouse, instance=instance)
    assert not result.success  # the folder guard, not the recovery, stops it
    assert instance.get_run_by_id(killed.run_id).status == dg.DagsterRunStatus.FAILURE
    assert instance.get_run_by_id(alive.run_id).status == dg.DagsterRunStatus.STARTED
    assert list(warehouse.publish.rglob("*.tmp")) == []
