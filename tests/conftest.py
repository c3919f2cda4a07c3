"""Suite-wide fixtures: where ../shared is, and what to do when it is not there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (spec, samples, devset). Skips without it, but fails under CI=true."""
    if not SHARED.is_dir():
        message = f"{SHARED} is absent: the real reports (samples, devset) cannot be tested"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SHARED
