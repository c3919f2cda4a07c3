"""Publish the marts where BI tools read them, atomically, without ever blocking the pipeline.

Each refresh writes a brand-new DuckDB file and new Parquet files next to the published ones and
renames them into place (``os.replace`` is atomic on POSIX). A reader that holds a connection to
the old file keeps reading the old version; a new connection sees the new one; nobody ever sees a
half-written file, and the pipeline never waits on a reader's lock.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from pathlib import Path

import duckdb

PUBLISHED_DB = "nianbao_marts.duckdb"


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


def publish_marts(
    conn: duckdb.DuckDBPyConnection,
    tables: Sequence[tuple[str, str]],
    target: Path,
) -> dict[str, int]:
    """Copy ``(schema, table)`` pairs from the warehouse into ``target``; return rows per table.

    ``target/nianbao_marts.duckdb`` holds every mart in schema ``main``; ``target/parquet/`` one
    file per mart.
    """
    target.mkdir(parents=True, exist_ok=True)
    (target / "parquet").mkdir(exist_ok=True)
    token = uuid.uuid4().hex[:8]
    staged_db = target / f".{PUBLISHED_DB}.{token}.tmp"
    alias = f"publish_{token}"
    counts: dict[str, int] = {}
    staged_parquet: list[tuple[Path, Path]] = []
    conn.execute(f"ATTACH '{staged_db}' AS {alias}")
    try:
        for schema, table in tables:
            conn.execute(
                f'CREATE TABLE {alias}.main."{table}" AS SELECT * FROM "{schema}"."{table}"'
            )
            (counts[table],) = conn.execute(
                f'SELECT count(*) FROM {alias}.main."{table}"'
            ).fetchone()
            final = target / "parquet" / f"{table}.parquet"
            staged = final.with_name(f".{table}.{token}.tmp")
            staged_parquet.append((staged, final))
            conn.execute(f"COPY {alias}.main.\"{table}\" TO '{staged}' (FORMAT parquet)")
        _copy_comments(conn, tables, alias)
        conn.execute(f"CHECKPOINT {alias}")
    except Exception:
        conn.execute(f"DETACH {alias}")
        for leftover in [staged_db, *(staged for staged, _ in staged_parquet)]:
            leftover.unlink(missing_ok=True)  # the published version stays as it was
        raise
    conn.execute(f"DETACH {alias}")
    os.replace(staged_db, target / PUBLISHED_DB)
    for staged, final in staged_parquet:
        os.replace(staged, final)
    return counts
