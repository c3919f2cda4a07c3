"""Real client programs the published files are tested with, each installed once under .cache/.

- a DuckDB 1.x client (``duckdb==1.1.3``, the line Evidence's and Metabase's drivers and the 1.x
  CLI ship) in its own virtual environment, created with uv: the project's DuckDB is newer and
  would hide a storage format 1.x clients refuse;
- Debian's headless Chromium for the review sheets.

``make test`` installs both first (``python tests/orchestration/bi_clients.py``); a bare pytest
run installs the DuckDB client on first use and skips the browser test without Chromium, unless
``CI`` is set, when it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DUCKDB_1X = "1.1.3"
CLIENT_VENV = REPO_ROOT / ".cache" / f"duckdb-{DUCKDB_1X}"
CHROMIUM = Path("/usr/bin/chromium")
#: flags that work in this container (no sandbox as root, no network side traffic)
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


def _uv() -> str:
    found = shutil.which("uv")
    return found or str(REPO_ROOT / ".venv-bootstrap" / "bin" / "uv")


def duckdb_1x_python() -> Path:
    """The interpreter of the DuckDB 1.x client environment, created on first use."""
    python = CLIENT_VENV / "bin" / "python"
    marker = CLIENT_VENV / ".installed"
    if not marker.exists():
        CLIENT_VENV.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [_uv(), "venv", "--quiet", "--allow-existing", "--python", sys.executable,
             str(CLIENT_VENV)],
            check=True,
        )  # fmt: skip
        subprocess.run(
            [_uv(), "pip", "install", "--quiet", "--python", str(python),
             f"duckdb=={DUCKDB_1X}"],
            check=True,
        )  # fmt: skip
        marker.touch()
    return python


def chromium() -> Path | None:
    """Debian's chromium when installed (``make test`` apt-installs it when missing)."""
    return CHROMIUM if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK) else None


if __name__ == "__main__":
    print(duckdb_1x_python())
