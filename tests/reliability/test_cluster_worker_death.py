"""A Dask worker SIGKILLed mid-run (what the OOM killer does) loses nothing: the scheduler re-runs
its tasks on the other worker and every file is answered."""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import suppress
from pathlib import Path

import dask
from builders import REPORTS, slow_text
from distributed import Client, LocalCluster

from extract.model import Extraction
from orchestration.lib.cluster import reading_now
from orchestration.lib.extraction import extract_stream


def _busy_worker(client: Client, deadline: float) -> str:
    """The address of a worker that is running a task now."""
    while time.monotonic() < deadline:
        for address, keys in client.processing().items():
            if keys:
                return address
        time.sleep(0.02)
    raise AssertionError("no worker took a task in time")


def test_killing_one_worker_mid_run_still_accounts_for_every_file(tmp_path: Path) -> None:
    slow = tmp_path / "slow.txt"
    slow.write_bytes(slow_text())  # seconds of reading: the kill lands mid-task
    quick = sorted(p for p in REPORTS.glob("*") if p.suffix in {".txt", ".md"})[:39]
    paths = [slow, *quick]
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        pids = client.run(os.getpid)
        got: dict[int, Extraction] = {}
        thread = threading.Thread(
            target=lambda: got.update(extract_stream(paths, cluster.scheduler_address)),
            daemon=True,
        )
        thread.start()
        victim = _busy_worker(client, time.monotonic() + 60)
        time.sleep(0.3)
        os.kill(pids[victim], signal.SIGKILL)
        thread.join(180)
        assert not thread.is_alive(), "the run did not end after a worker was killed"
        assert victim not in client.run(os.getpid), "the worker was not killed"
    assert sorted(got) == list(range(len(paths))), "a file was lost or answered twice"
    assert [got[i].file for i in range(len(paths))] == [str(p) for p in paths]
    assert all(r.status == "ok" or r.reason for r in got.values())
    assert sum(r.status == "ok" for r in got.values()) >= 30
    assert got[0].status == "rejected" and "not an annual report" in (got[0].reason or "")


def _kill_reader_of(client: Client, path: Path, deadline: float) -> None:
    """SIGKILL the worker reading ``path`` now, well inside its seconds of reading."""
    while time.monotonic() < deadline:
        with suppress(Exception):  # a worker starting or dying does not answer
            for address, reading in client.run(reading_now).items():
                if reading == str(path):
                    time.sleep(0.3)
                    os.kill(client.run(os.getpid, workers=[address])[address], signal.SIGKILL)
                    return
        time.sleep(0.05)
    raise AssertionError(f"no worker read {path} in time")


def test_a_file_that_kills_every_worker_that_tries_it_is_rejected(tmp_path: Path) -> None:
    """With no retries allowed by Dask, the chunk is split into single files, each given one
    more round; the file whose workers died every time is rejected, with the reason, and the
    others of its chunk are read (one queued behind it on a worker killed in both rounds may
    share its fate: Dask gives no retry here)."""
    slow = tmp_path / "slow.txt"
    slow.write_bytes(slow_text())
    reports = sorted(p for p in REPORTS.glob("*.txt") if not p.name.startswith("bad_"))
    paths = [slow, *reports[:3]]
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        got: dict[int, Extraction] = {}
        thread = threading.Thread(
            target=lambda: got.update(extract_stream(paths, cluster.scheduler_address)),
            daemon=True,
        )
        thread.start()
        deadline = time.monotonic() + 60
        _kill_reader_of(client, slow, deadline)  # the chunk of four
        _kill_reader_of(client, slow, deadline)  # the slow file alone
        _kill_reader_of(client, slow, deadline)  # and its one more round
        thread.join(120)
        assert not thread.is_alive(), "the run did not end after its workers were killed"
    assert sorted(got) == [0, 1, 2, 3]
    assert got[0].status == "rejected" and got[0].file == str(slow)
    assert (
        got[0].reason == "worker died while reading this file, on every Dask worker that tried it"
    )
    assert got[0].sha256
    # every other file is accounted for: read, or — when Dask queued it behind the killer on a
    # worker that was killed in both rounds (possible with no retries allowed) — rejected with
    # the same reason, never lost and never a wrong reason
    for i in (1, 2, 3):
        assert got[i].status == "ok" or got[i].reason == got[0].reason, got[i].reason
    assert any(got[i].status == "ok" for i in (1, 2, 3))
