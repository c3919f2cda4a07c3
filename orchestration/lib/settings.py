"""Where things live. Each setting is one environment variable with a default under ``data/``.

Reading a setting changes nothing: the dbt invocation gets the warehouse path through
:func:`dbt_environment`, so the dbt profile (``env_var('NIANBAO_DUCKDB_PATH')``) and the Dagster
resources always agree.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from orchestration.lib.raw_tables import DEFAULT_DUCKDB_PATH, DUCKDB_PATH_ENV

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

REPORTS_DIR_ENV = "NIANBAO_REPORTS_DIR"
PUBLISH_DIR_ENV = "NIANBAO_PUBLISH_DIR"
GX_DIR_ENV = "NIANBAO_GX_DIR"


def _path(env: str, default: str) -> Path:
    value = os.environ.get(env) or str(REPO_ROOT / default)
    return Path(value).expanduser().resolve()


def warehouse_path() -> Path:
    """The DuckDB file the pipeline writes (raw, staging, marts)."""
    return _path(DUCKDB_PATH_ENV, DEFAULT_DUCKDB_PATH)


def reports_dir() -> Path:
    """The folder of report files to ingest; defaults to the embedded default corpus."""
    return _path(REPORTS_DIR_ENV, "data/corpus/reports")


def publish_dir() -> Path:
    """Where the read-only copy of the marts (DuckDB + Parquet) is published for BI tools."""
    return _path(PUBLISH_DIR_ENV, "data/publish")


def gx_dir() -> Path:
    """Where Great Expectations writes its Data Docs."""
    return _path(GX_DIR_ENV, "data/gx")


DOCS_URL_ENV = "NIANBAO_DOCS_URL"
DOCS_PORT = 8080


def docs_url(path: str = "") -> str:
    """Where ``make docs`` serves dbt docs, Data Docs and review sheets (links in the UI)."""
    base = os.environ.get(DOCS_URL_ENV) or f"http://127.0.0.1:{DOCS_PORT}"
    return f"{base.rstrip('/')}/{path.lstrip('/')}"


@contextmanager
def dbt_environment(warehouse: Path) -> Iterator[None]:
    """Point dbt at ``warehouse`` for the block (its profile reads ``NIANBAO_DUCKDB_PATH``).

    dbt runs as a subprocess that inherits the environment; setting the variable around one
    invocation, and putting it back after, keeps importing this package free of side effects.
    """
    old = os.environ.get(DUCKDB_PATH_ENV)
    os.environ[DUCKDB_PATH_ENV] = str(warehouse)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(DUCKDB_PATH_ENV, None)
        else:
            os.environ[DUCKDB_PATH_ENV] = old


def dbt_executable() -> str:
    """dbt from this interpreter's environment, by absolute path: found without an activated
    environment (make, CI, the Dagster webserver's subprocesses) and without touching PATH."""
    return str(Path(sys.executable).with_name("dbt"))


ALLOW_SHRINK_ENV = "NIANBAO_ALLOW_SHRINK"


def allow_shrink() -> bool:
    """Whether a run may drop more than half of the reports the warehouse holds (confirmed)."""
    return os.environ.get(ALLOW_SHRINK_ENV, "").strip().lower() in {"1", "true", "yes"}


DUCKDB_MEMORY_ENV = "NIANBAO_DUCKDB_MEMORY"
DEFAULT_DUCKDB_MEMORY = "1GB"


def duckdb_memory_limit() -> str:
    """DuckDB's ``memory_limit`` for the pipeline's connections and for dbt (its profile reads
    the same variable). Left alone DuckDB takes 80 % of RAM; capped, its big joins and sorts spill
    to disk, so a national year stays within a few GB beside the extraction workers."""
    return os.environ.get(DUCKDB_MEMORY_ENV, "").strip() or DEFAULT_DUCKDB_MEMORY


DASK_ADDRESS_ENV = "NIANBAO_DASK_ADDRESS"


def dask_address() -> str | None:
    """The Dask scheduler that extracts new and changed files (``tcp://host:8786``); unset, the
    in-process pool does."""
    return os.environ.get(DASK_ADDRESS_ENV, "").strip() or None
