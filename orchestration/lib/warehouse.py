"""Landing frames in DuckDB: set-based statements only, whatever the batch size.

DuckDB allows one writing process per file, so every write goes through one connection held for
the duration of a step; readers (BI tools) read the published copy, never this file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager

import duckdb
import polars as pl

from orchestration.lib.raw_tables import RAW_TABLES

_DUCKDB_TYPES: dict[type[pl.DataType], str] = {
    pl.String: "VARCHAR",
    pl.Int64: "BIGINT",
    pl.Int32: "INTEGER",
    pl.UInt64: "UBIGINT",
    pl.Float64: "DOUBLE",
    pl.Date: "DATE",
    pl.Boolean: "BOOLEAN",
    pl.Datetime: "TIMESTAMP",
}


def ddl(table: str, schema: dict[str, pl.DataType]) -> str:
    columns = ", ".join(f'"{name}" {_DUCKDB_TYPES[type(dtype)]}' for name, dtype in schema.items())
    return f"CREATE TABLE IF NOT EXISTS {table} ({columns})"


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """The statements of the block in one transaction: committed when it ends, rolled back when
    it raises (an interrupt included), so a crash leaves all of them or none."""
    conn.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def ensure_raw_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and its tables when missing (a fresh warehouse), and add the columns
    a warehouse built by an older version lacks (raw.cells.how): idempotent, so safe on every run.
    Rows landed before a column existed keep it null until their report is landed again."""
    conn.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for name, schema in RAW_TABLES.items():
        conn.execute(ddl(f"raw.{name}", schema))
        for column in missing_columns(conn, name, schema):
            conn.execute(
                f'ALTER TABLE raw.{name} ADD COLUMN IF NOT EXISTS "{column}" '
                f"{_DUCKDB_TYPES[type(schema[column])]}"
            )


def missing_columns(
    conn: duckdb.DuckDBPyConnection, table: str, schema: dict[str, pl.DataType]
) -> list[str]:
    """The columns of ``schema`` that raw.<table> does not have yet."""
    present = {
        row[0]
        for row in conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'raw' AND table_name = ?",
            [table],
        ).fetchall()
    }
    return [c for c in schema if c not in present]


def replace_rows(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    frame: pl.DataFrame,
    *,
    key: str | None = None,
    keep: Iterable[str] | None = None,
) -> None:
    """Make ``table`` hold ``frame``: in one transaction, delete and insert set-wise.

    With ``key`` and ``keep``, rows whose key is in ``keep`` survive (incremental landing: only
    what changed is rewritten); without them the table is replaced whole.
    """
    land_batch(conn, {table: frame}, key=key, keep=[] if keep is None else keep)


def land_batch(
    conn: duckdb.DuckDBPyConnection,
    frames: dict[str, pl.DataFrame],
    *,
    key: str | None,
    keep: Iterable[str] | None,
    replace: Collection[str] = (),
) -> None:
    """Land several tables' rows for one batch in one transaction: all of them or none.

    ``raw.reports`` and ``raw.cells`` used to be two commits; a crash between them left reports
    marked extracted without their cells, never extracted again. Rows whose ``key`` is in
    ``keep`` survive; with no ``key`` each table is replaced whole. With ``keep=None`` and a
    ``key``, only the rows whose key is in ``replace`` are deleted first: for the later batches
    of one run, whose tables already hold nothing outside what the run keeps, so that each
    batch does not scan every table whole (an empty ``replace`` deletes nothing).
    """
    delete = None  # the WHERE of the delete before each insert (None: no delete)
    if key is not None:
        keys = keep if keep is not None else replace
        frame = pl.DataFrame({"k": list(keys)}, schema={"k": pl.String})
        conn.register("batch_keys", frame.to_arrow())
        if keep is not None:
            delete = f'"{key}" NOT IN (SELECT k FROM batch_keys)'
        elif replace:
            delete = f'"{key}" IN (SELECT k FROM batch_keys)'
    try:
        with transaction(conn):
            for table, frame in frames.items():
                conn.register("incoming_frame", frame.to_arrow())
                if key is None:
                    conn.execute(f"DELETE FROM {table}")
                elif delete is not None:
                    conn.execute(f"DELETE FROM {table} WHERE {delete}")
                columns = ", ".join(f'"{c}"' for c in frame.columns)
                conn.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_frame"
                )
                conn.unregister("incoming_frame")
    finally:
        if key is not None:
            conn.unregister("batch_keys")


def mark_withdrawn(conn: duckdb.DuckDBPyConnection, now: dt.datetime) -> tuple[int, int]:
    """Stamp ``withdrawn_at`` on the reports no file of raw.files holds any more, and clear it
    on those whose file came back: one set-based statement (one transaction), a no-op when
    nothing changed, so a re-run with the same folder leaves the same warehouse.

    Returns (withdrawn, restored) by this call."""
    changed = conn.execute(
        """
        WITH present AS (SELECT DISTINCT report_id FROM raw.files)
        UPDATE raw.reports r
        SET withdrawn_at = CASE WHEN r.withdrawn_at IS NULL THEN ?::TIMESTAMP END
        WHERE (r.withdrawn_at IS NULL) = (r.report_id NOT IN (SELECT report_id FROM present))
        RETURNING r.withdrawn_at IS NOT NULL AS withdrawn
        """,
        [now],
    ).fetchall()
    withdrawn = sum(1 for (flag,) in changed if flag)
    return withdrawn, len(changed) - withdrawn


def read_frame(
    conn: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None
) -> pl.DataFrame:
    if params is None:
        return conn.sql(sql).pl()
    return conn.sql(sql, params=params).pl()


def read_parts(
    conn: duckdb.DuckDBPyConnection, table: str, columns: list[str], by: str, rows: int
) -> Iterator[pl.DataFrame]:
    """``columns`` of ``table`` a part at a time, every value of ``by`` whole in one part.

    Parts are hash buckets of ``by`` of about ``rows`` rows each, so a check over 20 million
    cells holds a few million at once and per-``by`` figures need no merging across parts.
    """
    ((total,),) = conn.execute(f"SELECT count(*) FROM {table}").fetchall()
    parts = max(1, -(-total // rows))
    select = ", ".join(f'"{c}"' for c in columns)
    for part in range(parts):
        yield conn.sql(f'SELECT {select} FROM {table} WHERE hash("{by}") % {parts} = {part}').pl()
