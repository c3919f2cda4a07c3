"""The batch runner: input order kept, every file answered, a slow or broken file set aside."""

from __future__ import annotations

import contextlib
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pipeline_harness import CORPUS

from orchestration.lib.extraction import CHUNK, _time_limit, _TooSlow, extract_files
from orchestration.lib.fingerprints import extractor_version


def _pdf() -> Path:
    return sorted((CORPUS / "reports").glob("*.pdf"))[-1]


def test_pool_keeps_input_order_and_answers_every_file(tmp_path: Path) -> None:
    reports = sorted((CORPUS / "reports").glob("*"))[: 2 * CHUNK + 3]
    results = list(extract_files(reports, workers=2))
    assert [Path(r.file) for r in results] == reports
    assert all(r.status in {"ok", "rejected"} for r in results)
    assert all(r.reason for r in results if r.status == "rejected")


def test_a_file_over_the_time_limit_is_set_aside_with_its_name(tmp_path: Path) -> None:
    slow, fine = _pdf(), sorted((CORPUS / "reports").glob("*.txt"))[-1]
    results = list(extract_files([slow, fine], workers=1, time_limit=0.001))
    assert results[0].status == "rejected"
    assert "longer than" in results[0].reason and results[0].file == str(slow)
    assert len(results) == 2


def test_extractor_version_is_a_stable_fingerprint() -> None:
    assert extractor_version() == extractor_version()
    assert len(extractor_version()) == 16


def _swallows_everything(seconds: float) -> str:
    """A library that catches everything (a bare ``except:``) and keeps going past the limit."""
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(BaseException):  # the alarm lands here and is swallowed
            if time.monotonic() >= deadline:
                return "finished"
            sum(range(1000))


@pytest.mark.parametrize("on_thread", [False, True], ids=["main thread", "worker thread"])
def test_an_alarm_swallowed_by_a_catch_all_still_sets_the_file_aside(on_thread: bool) -> None:
    """A timer that fired means the limit was passed, whatever the library did with the alarm."""

    def run() -> str:
        try:
            with _time_limit(0.05):
                return _swallows_everything(0.4)
        except _TooSlow:
            return "too slow"

    if not on_thread:
        assert run() == "too slow"
        return
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(run).result() == "too slow"


def _run_quick() -> str:
    with _time_limit(5.0):
        return _swallows_everything(0.01)


def test_a_quick_block_under_the_limit_is_left_alone() -> None:
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(_run_quick).result() == "finished"
