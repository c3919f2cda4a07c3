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

from orchestration.lib.exports import (
    CSV_DIR,
    DICTIONARY,
    PARQUET_DIR,
    PUBLISHED_DB,
    WORKBOOK,
    link_or_copy,
    write_exports,
)

#: the storage format of the published file: readable by DuckDB ≥ 1.0 (storage number 64)
STORAGE_VERSION = "v1.0.0"
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


#: Marts an incremental publish updates per key: the rows of keys whose content changed are
#: replaced, the rest stay in the copy of the previous version (a national fct_report_cells is
#: 20 million rows; a re-run with 1 % of the reports changed rewrites 1 % of them).
KEYED_MARTS: dict[str, str] = {
    "fct_report_cells": "report_id",
    "quality_findings": "report_id",
    "dim_report": "report_id",
    "mart_agency_yoy": "agency_id",
    "mart_agency_year": "agency_id",
}


def table_digest(conn: duckdb.DuckDBPyConnection, relation: str) -> str:
    """``<rows>:<sum of row hashes>`` — equal for the same rows in any order (a multiset digest;
    a sum, not a xor, so duplicated rows do not cancel out)."""
    rows, total = conn.execute(
        f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {relation} AS t"
    ).fetchone()  # type: ignore[misc]
    return f"{rows}:{total}"


def _columns(conn: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    return [(name, kind) for name, kind, *_ in conn.execute(f"DESCRIBE {relation}").fetchall()]


def _replace_changed_keys(conn: duckdb.DuckDBPyConnection, source: str, dest: str, key: str) -> int:
    """Replace in ``dest`` the rows of every ``key`` whose rows differ from ``source``'s (per-key
    digests compared set-wise); return how many keys were replaced."""
    changed = f"_changed_{uuid.uuid4().hex[:8]}"
    per_key = 'SELECT "{k}" AS k, count(*) AS n, sum(hash(t)) AS h FROM {rel} AS t GROUP BY 1'
    conn.execute(
        f"CREATE TEMP TABLE {changed} AS SELECT coalesce(a.k, b.k) AS k "
        f"FROM ({per_key.format(k=key, rel=source)}) AS a "
        f"FULL JOIN ({per_key.format(k=key, rel=dest)}) AS b ON a.k = b.k "
        "WHERE a.h IS DISTINCT FROM b.h OR a.n IS DISTINCT FROM b.n"
    )
    try:
        ((keys,),) = conn.execute(f"SELECT count(*) FROM {changed}").fetchall()
        if keys:
            conn.execute(f'DELETE FROM {dest} WHERE "{key}" IN (SELECT k FROM {changed})')
            conn.execute(
                f'INSERT INTO {dest} SELECT * FROM {source} WHERE "{key}" IN (SELECT k FROM {changed})'
            )
        return keys
    finally:
        conn.execute(f"DROP TABLE {changed}")


def _previous(target: Path) -> tuple[Path, dict[str, Any]] | None:
    """The current version's folder and manifest, when an incremental publish can start from it."""
    if current_version(target) is None:
        return None
    folder = (target / CURRENT).resolve()
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("storage_version") != STORAGE_VERSION or "digests" not in manifest:
        return None
    if not (folder / PUBLISHED_DB).is_file():
        return None
    return folder, manifest


def publish_marts(
    conn: duckdb.DuckDBPyConnection,
    tables: Sequence[tuple[str, str]],
    target: Path,
    version: str | None = None,
    keyed: dict[str, str] | None = None,
) -> dict[str, int]:
    """Copy ``(schema, table)`` pairs into a new version under ``target``, switch ``current`` to
    it, and return rows per table.

    The version holds ``nianbao_marts.duckdb`` (every mart in schema ``main``, storage version
    ``STORAGE_VERSION``), ``parquet/`` (one file per mart), the Excel exports (``csv/``,
    ``nianbao_marts.xlsx``, ``data_dictionary.csv``) and ``manifest.json`` (version, time, rows
    and a content digest per mart, how each mart was published). On any failure the staged
    version is removed and the published one stays.

    Incremental: the new version starts as a copy of the current version's DuckDB file. A mart
    whose digest is unchanged is kept (its Parquet and CSV files hard-linked); a mart in
    ``keyed`` (default :data:`KEYED_MARTS`) gets only the rows of its changed keys replaced; any
    other changed mart is copied whole. Every kept or updated mart must then have the digest of
    its source, or it is copied whole: a published number is never one the warehouse no longer
    holds.
    """
    keyed = KEYED_MARTS if keyed is None else keyed
    alias = f"publish_{uuid.uuid4().hex[:8]}"
    previous = _previous(target)

    def write(staged: Path) -> dict[str, Any]:
        counts: dict[str, int] = {}
        digests: dict[str, str] = {}
        methods: dict[str, str] = {}
        (staged / PARQUET_DIR).mkdir()
        if previous is not None:
            shutil.copyfile(previous[0] / PUBLISHED_DB, staged / PUBLISHED_DB)
            conn.execute(f"ATTACH '{staged / PUBLISHED_DB}' AS {alias}")
        else:
            conn.execute(
                f"ATTACH '{staged / PUBLISHED_DB}' AS {alias} (STORAGE_VERSION '{STORAGE_VERSION}')"
            )
        try:
            held = {
                name
                for (name,) in conn.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = ? "
                    "AND schema_name = 'main'",
                    [alias],
                ).fetchall()
            }
            before = previous[1]["digests"] if previous is not None else {}
            for schema, table in tables:
                source, dest = f'"{schema}"."{table}"', f'{alias}.main."{table}"'
                digests[table] = table_digest(conn, source)
                method = _publish_table(
                    conn, source, dest, digests[table], before.get(table) if table in held else None,
                    keyed.get(table) if table in held else None,
                )  # fmt: skip
                methods[table] = method
                counts[table] = int(digests[table].split(":")[0])  # dest has source's rows now
                parquet = staged / PARQUET_DIR / f"{table}.parquet"
                kept = previous[0] / PARQUET_DIR / f"{table}.parquet" if previous else None
                if method == "unchanged" and kept is not None and kept.is_file():
                    link_or_copy(kept, parquet)
                else:
                    write_parquet(conn, dest, parquet)
            for gone in sorted(held - {t for _, t in tables}):  # a mart no longer built
                conn.execute(f'DROP TABLE {alias}.main."{gone}"')
            _copy_comments(conn, tables, alias)
            unchanged = {t for t, m in methods.items() if m == "unchanged"}
            exports = write_exports(
                conn, alias, [t for _, t in tables], staged,
                reuse=previous[0] if previous else None, unchanged=unchanged, rows=counts,
            )  # fmt: skip
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
            "digests": digests,
            "published_from": previous[1]["version"] if previous is not None else None,
            "how": methods,
        }
        (staged / MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        return counts

    _, counts = publish_folder(target, write, version, stable=_STABLE)
    return counts


def write_parquet(conn: duckdb.DuckDBPyConnection, relation: str, path: Path) -> None:
    """COPY ``relation`` to Parquet without keeping its insertion order: DuckDB then writes row
    groups on every thread (fct_report_cells, 20 M rows: 19 → 10 s). A Parquet file promises no
    row order; the rows, and the published DuckDB table's order, are unchanged."""
    ((before,),) = conn.execute("SELECT current_setting('preserve_insertion_order')").fetchall()
    conn.execute("SET preserve_insertion_order = false")
    try:
        conn.execute(f"COPY {relation} TO '{path}' (FORMAT parquet)")
    finally:
        conn.execute(f"SET preserve_insertion_order = {str(bool(before)).lower()}")


def _publish_table(
    conn: duckdb.DuckDBPyConnection,
    source: str,
    dest: str,
    digest: str,
    before: str | None,
    key: str | None,
) -> str:
    """Bring ``dest`` to ``source``'s rows (``digest``); return how: ``unchanged``, ``by_key``
    (changed keys replaced) or ``copied`` (whole). ``before`` and ``key`` are given only when the
    copy of the previous version holds the table: its digest then, and the key to update by."""
    held = before is not None or key is not None
    same_shape = held and _columns(conn, source) == _columns(conn, dest)
    if same_shape and before == digest:
        method = "unchanged"
    elif same_shape and key is not None:
        _replace_changed_keys(conn, source, dest, key)
        method = "by_key"
    else:
        method = "copied"
    if method != "copied" and table_digest(conn, dest) == digest:
        return method
    conn.execute(f"CREATE OR REPLACE TABLE {dest} AS SELECT * FROM {source}")
    return "copied"
