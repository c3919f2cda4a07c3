"""The batch runner: input order kept, every file answered, a slow or broken file set aside."""

from __future__ import annotations

from pathlib import Path

from pipeline_harness import CORPUS

from orchestration.lib.extraction import CHUNK, extract_files
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
