"""Where things live. Each setting is one environment variable with a default under ``data/``.

The DuckDB path is exported into the environment at import time so the dbt profile
(``env_var('NIANBAO_DUCKDB_PATH')``) and the Dagster resources always agree.
"""

from __future__ import annotations

import os
from pathlib import Path

from orchestration.raw_tables import DEFAULT_DUCKDB_PATH, DUCKDB_PATH_ENV

REPO_ROOT = Path(__file__).resolve().parents[1]
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


def export_warehouse_env() -> Path:
    """Pin the warehouse path in the environment so the dbt subprocess sees the same file."""
    path = warehouse_path()
    os.environ[DUCKDB_PATH_ENV] = str(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


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
