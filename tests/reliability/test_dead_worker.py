"""A worker killed with SIGKILL mid-extraction (what the OOM killer does) costs only its file."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from builders import REPORTS, slow_text

from extract.model import Extraction
from orchestration.lib import extraction
from orchestration.lib.extraction import extract_files


def _batch(tmp_path: Path) -> list[Path]:
    """A slow but legitimate file first, then 39 real reports."""
    slow = tmp_path / "slow.txt"
    slow.write_bytes(slow_text())
    quick = sorted(p for p in REPORTS.glob("*") if p.suffix in {".txt", ".md"})[:39]
    return [slow, *quick]


def _run_in_thread(paths: list[Path]) -> tuple[threading.Thread, list[Extraction]]:
    results: list[Extraction] = []
    thread = threading.Thread(
        target=lambda: results.extend(extract_files(paths, workers=2)), daemon=True
    )
    thread.start()
    return thread, results


def _kill_holder_of(index: int, not_pids: set[int], deadline: float) -> int:
    """SIGKILL the live worker reading file ``index`` (one not in ``not_pids``); its pid."""
    while time.monotonic() < deadline:
        pool = extraction.current_pool
        for worker in list(pool.workers) if pool else []:
            held = list(worker.held)
            if held and held[0][0] == index and worker.pid not in not_pids:
                time.sleep(0.3)  # well inside the file's few seconds of reading
                os.kill(worker.pid, signal.SIGKILL)
                return worker.pid
        time.sleep(0.02)
    raise AssertionError(f"no worker took file {index} in time")


def test_a_worker_killed_once_costs_nothing(tmp_path: Path) -> None:
    paths = _batch(tmp_path)
    thread, results = _run_in_thread(paths)
    _kill_holder_of(0, set(), time.monotonic() + 30)
    thread.join(60)
    assert not thread.is_alive(), "the batch did not end after a worker was killed"
    assert [r.file for r in results] == [str(p) for p in paths]
    assert results[0].status == "rejected" and "not an annual report" in (results[0].reason or "")
    assert sum(r.status == "ok" for r in results[1:]) >= 30


def test_a_file_that_kills_its_worker_twice_is_rejected_and_the_batch_ends(
    tmp_path: Path,
) -> None:
    paths = _batch(tmp_path)
    thread, results = _run_in_thread(paths)
    deadline = time.monotonic() + 30
    first = _kill_holder_of(0, set(), deadline)
    _kill_holder_of(0, {first}, deadline)  # the retry, in a fresh worker
    thread.join(60)
    assert not thread.is_alive(), "the batch did not end after a worker was killed"
    assert [r.file for r in results] == [str(p) for p in paths]
    assert results[0].status == "rejected"
    assert results[0].reason == "worker died (signal 9) while reading this file"
    assert results[0].sha256  # keyed like the inventory keys it
    assert all(r.status == "ok" or r.reason for r in results)
    assert sum(r.status == "ok" for r in results[1:]) >= 30
    assert extraction.current_pool is None  # workers stopped
