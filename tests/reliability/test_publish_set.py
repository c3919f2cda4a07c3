"""The published marts switch as one set, through one pointer, and old versions stay readable.

Before: the DuckDB file was swapped, then nine Parquet files one by one; a crash in between left
them disagreeing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest


def _warehouse(tmp_path: Path, rows: int) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(str(tmp_path / f"wh{rows}.duckdb"))
    conn.execute("CREATE SCHEMA marts")
    for name in ("a", "b"):
        conn.execute(f"CREATE TABLE marts.{name} AS SELECT range AS x FROM range({rows})")
    return conn


def _rows(db: str | Path) -> int:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("SELECT count(*) FROM a").fetchone()[0]


def test_one_pointer_switches_db_parquet_and_manifest_together(tmp_path: Path) -> None:
    from orchestration.lib.publishing import (
        KEEP_VERSIONS,
        connect_published,
        publish_marts,
        published_versions,
    )

    target = tmp_path / "publish"
    tables = [("marts", "a"), ("marts", "b")]
    for rows in range(1, 6):
        with _warehouse(tmp_path, rows) as conn:
            assert publish_marts(conn, tables, target, version=f"v{rows}") == {"a": rows, "b": rows}
        manifest = json.loads((target / "manifest.json").read_text())
        assert manifest["rows"] == {"a": rows, "b": rows}
        assert _rows(target / "nianbao_marts.duckdb") == rows
        for name in ("a", "b"):
            parquet = target / "parquet" / f"{name}.parquet"
            assert duckdb.execute(f"SELECT count(*) FROM '{parquet}'").fetchall() == [(rows,)]
        # every documented path goes through the one `current` pointer
        for stable in ("nianbao_marts.duckdb", "parquet", "manifest.json"):
            assert os.readlink(target / stable) == f"current/{stable}"
        if rows == 2:
            held = duckdb.connect(str(target / "nianbao_marts.duckdb"), read_only=True)
    assert len(published_versions(target)) == KEEP_VERSIONS
    # a connection opened on version 2 keeps reading it, even after its folder was pruned
    assert held.execute("SELECT count(*) FROM a").fetchone()[0] == 2
    # DuckDB caches one instance per resolved file in a process; each version is its own file,
    # so a new connection through the fixed path sees the new version though one is held
    with duckdb.connect(str(target / "nianbao_marts.duckdb"), read_only=True) as same:
        assert same.execute("SELECT count(*) FROM a").fetchone()[0] == 5
    with connect_published(target) as fresh:
        assert fresh.execute("SELECT count(*) FROM a").fetchone()[0] == 5
    held.close()


def test_a_failed_publish_leaves_the_set_and_no_staged_folder(tmp_path: Path) -> None:
    from orchestration.lib.publishing import current_version, publish_marts

    target = tmp_path / "publish"
    with _warehouse(tmp_path, 3) as conn:
        publish_marts(conn, [("marts", "a"), ("marts", "b")], target)
        before = current_version(target)
        with pytest.raises(duckdb.CatalogException):
            publish_marts(conn, [("marts", "a"), ("marts", "missing")], target)
    assert current_version(target) == before
    assert list(target.rglob("*.tmp")) == []


def test_the_layout_before_versions_is_taken_over(tmp_path: Path) -> None:
    from orchestration.lib.publishing import publish_marts

    target = tmp_path / "publish"
    (target / "parquet").mkdir(parents=True)
    (target / "parquet" / "a.parquet").write_bytes(b"old")
    (target / "nianbao_marts.duckdb").write_bytes(b"old")
    with _warehouse(tmp_path, 4) as conn:
        publish_marts(conn, [("marts", "a")], target)
    assert (target / "parquet").is_symlink() and (target / "nianbao_marts.duckdb").is_symlink()
    assert _rows(target / "nianbao_marts.duckdb") == 4
    assert [p.name for p in target.iterdir() if p.name.startswith(".")] == []
