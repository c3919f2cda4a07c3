"""Fixtures for the extraction core: the real samples and devset in ../shared, and their gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.scoring import parse_gold


@pytest.fixture(scope="session")
def samples_dir(shared_dir: Path) -> Path:
    return shared_dir / "samples"


@pytest.fixture(scope="session")
def devset_dir(shared_dir: Path) -> Path:
    return shared_dir / "devset"


@pytest.fixture(scope="session")
def samples_gold(samples_dir: Path) -> dict:
    return parse_gold((samples_dir / "gold_cells.csv").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def devset_gold(devset_dir: Path) -> dict:
    return parse_gold((devset_dir / "gold_cells.csv").read_text(encoding="utf-8"))
