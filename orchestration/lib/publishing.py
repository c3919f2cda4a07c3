"""Publish the marts where BI tools read them, atomically as a set, never blocking the pipeline.

Each refresh writes a complete version folder, ``versions/<version>/`` (the DuckDB file, one
Parquet file per mart, ``manifest.json``), staged under a ``.tmp`` name and renamed when complete;
then one pointer, the ``current`` symlink, is swapped with ``os.replace`` (atomic on POSIX). The
documented paths (``nianbao_marts.duckdb``, ``parquet/``, ``manifest.json``) are fixed symlinks
through ``current``, so a reader resolves one version of every file. The previous versions are
kept (``KEEP_VERSIONS``) so a reader that opened one keeps reading it.

The DuckDB file is written in storage version ``STORAGE_VERSION`` (v1.0.0, storage number 64),
which every DuckDB 1.x client reads (the 1.x CLI, Evidence's and Metabase's drivers); the
default of the pinned DuckDB would be one they refuse. Each version also carries the Excel
exports (``orchestration.lib.exports``: CSV with BOM, one workbook, the data dictionary). The review
sheets (``orchestration.lib.review``) are published the same way in their own folder,
``review/versions/<version>/`` behind ``review/current`` (:func:`publish_folder`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from orchestration.lib.exports import CSV_DIR, DICTIONARY, WORKBOOK, write_exports

#: the storage format of the published file: readable by DuckDB ≥ 1.0 (storage number 64)
STORAGE_VERSION = "v1.0.0"
PUBLISHED_DB = "nianbao_marts.duckdb"
PARQUET_DIR = "parquet"
MANIFEST = "manifest.json"
VERSIONS = "versions"
CURRENT = "current"
#: the review sheets' own versioned folder under the publish folder
REVIEW_DIR = "review"
#: versions kept: the current one and the two before it
KEEP_VERSIONS = 3
#: the fixed paths readers use, each a symlink through ``current``
_STABLE = (PUBLISHED_DB, PARQUET_DIR, MANIFEST, CSV_DIR, WORKBOOK, DICTIONARY)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_comments(
    conn: duckdb.DuckDBPyConnection, tables: Sequence[tuple[str, str]], alias: str
) -> None:
    """Carry the marts' descriptions (dbt persist_docs → DuckDB comments) into the copy."""
    for schema, table in tables:
        (comment,) = conn.execute(
            "SELECT comment FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = ? AND table_name = ?",
            [schema, table],
        ).fetchone() or (None,)
        if comment:
            conn.execute(f'COMMENT ON TABLE {alias}.main."{table}" IS {_quote(comment)}')
        columns = conn.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE database_name = "
            "current_database() AND schema_name = ? AND table_name = ? AND comment IS NOT NULL",
            [schema, table],
        ).fetchall()
        for column, text in columns:
            conn.execute(f'COMMENT ON COLUMN {alias}.main."{table}"."{column}" IS {_quote(text)}')


def cleanup_staged(target: Path) -> list[str]:
    """Remove what a killed publish left staged (``.tmp`` files and folders); return their names.

    Safe only under the run lock: nothing else publishes meanwhile.
    """
    removed = []
    review = target / REVIEW_DIR
    for folder in (target, target / VERSIONS, review, review / VERSIONS):
        if not folder.is_dir():
            continue
        for leftover in folder.glob("*.tmp"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink(missing_ok=True)
            removed.append(str(leftover.relative_to(target)))
    old_parquet = target / PARQUET_DIR
    if old_parquet.is_dir() and not old_parquet.is_symlink():  # a layout before versions
        for leftover in old_parquet.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)
            removed.append(str(leftover.relative_to(target)))
    return sorted(removed)


def _swap_symlink(link: Path, points_to: str) -> None:
    """Point ``link`` at ``points_to`` in one rename; readers never see it missing."""
    staged = link.with_name(f".{link.name}.{uuid.uuid4().hex[:8]}.tmp")
    os.symlink(points_to, staged)
    if link.is_dir() and not link.is_symlink():  # the pre-versions parquet/ folder
        retired = link.with_name(f".{link.name}.old.tmp")
        os.replace(link, retired)
        os.replace(staged, link)
        shutil.rmtree(retired)
        return
    os.replace(staged, link)


def current_version(target: Path) -> str | None:
    """The published version's name (its folder under ``versions/``), or None."""
    link = target / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def published_versions(target: Path) -> list[str]:
    """Complete versions on disk, oldest first."""
    folder = target / VERSIONS
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.endswith(".tmp"))


def published_db(target: Path) -> Path:
    """The current version's DuckDB file by its own (versioned) path.

    DuckDB caches one database instance per resolved file in a process while any connection to
    it is open. Each version is a new file, so a new connection (by this path or through the
    fixed symlink) reaches the current version even while the process holds an older one; with
    a file replaced in place it would have been handed the old, cached instance.
    """
    return (target / CURRENT).resolve() / PUBLISHED_DB


def connect_published(target: Path):  # -> duckdb.DuckDBPyConnection
    """A read-only connection to the current published version (see :func:`published_db`)."""
    return duckdb.connect(str(published_db(target)), read_only=True)


def publish_folder(
    target: Path,
    write: Callable[[Path], dict[str, Any]],
    version: str | None = None,
    stable: Sequence[str] = (),
) -> tuple[str, dict[str, Any]]:
    """Stage a new version folder under ``target/versions``, let ``write`` fill it, rename it
    into place, switch ``target/current`` to it in one rename, and keep ``KEEP_VERSIONS``.

    ``stable`` names files or folders of a version that also get a fixed symlink
    ``target/<name>`` → ``current/<name>``. On any failure the staged folder is removed and the
    published version stays as it was. Returns the version name and what ``write`` returned.
    """
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{stamp}-{version or uuid.uuid4().hex[:8]}"
    versions = target / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    staged = versions / f"{name}.tmp"
    staged.mkdir(parents=True)
    try:
        result = write(staged)
        os.replace(staged, versions / name)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)  # the published version stays as it was
        raise
    _swap_symlink(target / CURRENT, f"{VERSIONS}/{name}")  # the one switch
    for entry in stable:
        link = target / entry
        if not (link.is_symlink() and os.readlink(link) == f"{CURRENT}/{entry}"):
            _swap_symlink(link, f"{CURRENT}/{entry}")
    for old in published_versions(target)[:-KEEP_VERSIONS]:
        shutil.rmtree(versions / old, ignore_errors=True)
    return name, result


def publish_marts(
    conn: duckdb.DuckDBPyConnection,
    tables: Sequence[tuple[str, str]],
    target: Path,
    version: str | None = None,
) -> dict[str, int]:
    """Copy ``(schema, table)`` pairs into a new version under ``target``, switch ``current`` to
    it, and return rows per table.

    The version holds ``nianbao_marts.duckdb`` (every mart in schema ``main``, storage version
    ``STORAGE_VERSION``), ``parquet/`` (one file per mart), the Excel exports (``csv/``,
    ``nianbao_marts.xlsx``, ``data_dictionary.csv``) and ``manifest.json`` (version, time, rows
    per mart). On any failure the staged version is removed and the published one stays.
    """
    alias = f"publish_{uuid.uuid4().hex[:8]}"

    def write(staged: Path) -> dict[str, Any]:
        counts: dict[str, int] = {}
        (staged / PARQUET_DIR).mkdir()
        conn.execute(
            f"ATTACH '{staged / PUBLISHED_DB}' AS {alias} (STORAGE_VERSION '{STORAGE_VERSION}')"
        )
        try:
            for schema, table in tables:
                conn.execute(
                    f'CREATE TABLE {alias}.main."{table}" AS SELECT * FROM "{schema}"."{table}"'
                )
                (counts[table],) = conn.execute(
                    f'SELECT count(*) FROM {alias}.main."{table}"'
                ).fetchone()
                parquet = staged / PARQUET_DIR / f"{table}.parquet"
                conn.execute(f"COPY {alias}.main.\"{table}\" TO '{parquet}' (FORMAT parquet)")
            _copy_comments(conn, tables, alias)
            exports = write_exports(conn, alias, [t for _, t in tables], staged)
            conn.execute(f"CHECKPOINT {alias}")
        finally:
            conn.execute(f"DETACH {alias}")
        manifest = {
            "version": staged.name.removesuffix(".tmp"),
            "published_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "storage_version": STORAGE_VERSION,
            "files": [
                PUBLISHED_DB,
                *(f"{PARQUET_DIR}/{t}.parquet" for _, t in tables),
                *exports.values(),
            ],
            "rows": counts,
        }
        (staged / MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        return counts

    _, counts = publish_folder(target, write, version, stable=_STABLE)
    return counts
