"""Exports for Excel and WPS users: every mart as CSV (UTF-8 with BOM), one XLSX workbook, and the
data dictionary (数据字典) as a sheet and as ``data_dictionary.csv``.

The dictionary is read from the published file's column comments (dbt ``persist_docs`` of
``models/marts/<mart>.yml``), so the labels and rate formulas have one home: the YAML. A description reads
``<中文标签> — <English>`` or, for a rate, ``<中文标签> = <formula> — <…>``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path

import duckdb
import polars as pl

from orchestration.lib.xlsx import write_workbook

#: the published file names, fixed paths for readers (the versioned folders: ``publishing``)
PUBLISHED_DB = "nianbao_marts.duckdb"
PARQUET_DIR = "parquet"
CSV_DIR = "csv"
WORKBOOK = "nianbao_marts.xlsx"
DICTIONARY = "data_dictionary.csv"
DICTIONARY_SHEET = "数据字典"
#: The longest mart the workbook holds. Excel takes 1,048,575 rows, but a sheet that long is
#: slow to open and a national year's workbook would be hundreds of megabytes; a longer mart gets
#: a one-line sheet pointing to its CSV, which holds every row.
WORKBOOK_MAX_ROWS = 100_000
#: Excel's and WPS's sheet limit (one row is the header). The CSVs are for them, so a longer mart
#: (a national year's fct_report_cells: 20 million rows, 2.5 GB of CSV) is left to its Parquet
#: file and the DuckDB file, and the workbook says so.
CSV_MAX_ROWS = 1_048_575
_BOM = b"\xef\xbb\xbf"

_CJK = r"[\u3400-\u9fff]"


def data_dictionary(conn: duckdb.DuckDBPyConnection, database: str) -> pl.DataFrame:
    """One row per published column: mart, column, 中文标签, type, formula (rates), description."""
    quoted = "'" + database.replace("'", "''") + "'"
    frame = conn.sql(
        "SELECT table_name AS mart, column_name AS column, data_type AS type, "
        "coalesce(comment, '') AS description, column_index "
        f"FROM duckdb_columns() WHERE database_name = {quoted} AND schema_name = 'main' "
        "ORDER BY table_name, column_index"
    ).pl()
    head = pl.col("description").str.split(" — ").list.first()
    is_rate = pl.col("column").str.ends_with("_rate") & head.str.contains("=")
    label = pl.when(is_rate).then(head.str.split(" = ").list.first()).otherwise(head)
    label = label.str.extract(r"^([^A-Za-z]*)").str.strip_chars(" ·:：—-")  # the Chinese part
    return frame.select(
        "mart",
        "column",
        pl.when(label.str.contains(_CJK)).then(label).alias("中文标签"),
        "type",
        pl.when(is_rate)
        .then(head.str.split(" = ").list.slice(1).list.join(" = ").str.strip_chars())
        .alias("formula"),
        "description",
    )


def link_or_copy(source: Path, dest: Path) -> None:
    """A hard link to the previous version's file (same bytes, no copy); a copy across devices."""
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)


def write_csv_with_bom(conn: duckdb.DuckDBPyConnection, relation: str, path: Path) -> None:
    """``relation`` as UTF-8 CSV with a byte-order mark (Excel and WPS read Chinese from it).

    DuckDB streams the rows to disk, so a 20-million-row mart costs no memory here; the BOM is
    put in front by copying the file once.
    """
    part = path.with_name(path.name + ".part")
    conn.execute(f"COPY (SELECT * FROM {relation}) TO '{part}' (FORMAT csv, HEADER)").fetchall()
    with path.open("wb") as out, part.open("rb") as rows:
        out.write(_BOM)
        shutil.copyfileobj(rows, out, 1 << 20)
    part.unlink()


def write_exports(
    conn: duckdb.DuckDBPyConnection,
    database: str,
    tables: Sequence[str],
    folder: Path,
    reuse: Path | None = None,
    unchanged: Collection[str] = (),
    rows: Mapping[str, int] | None = None,
) -> dict[str, str]:
    """Write ``csv/<mart>.csv``, the workbook and the dictionary into ``folder``; return the files.

    CSVs are streamed by DuckDB; a mart longer than ``WORKBOOK_MAX_ROWS`` gets a one-line sheet
    pointing to its CSV (or, past ``CSV_MAX_ROWS``, to its Parquet file) instead of its rows.
    The CSV of an ``unchanged`` mart is hard-linked from the previous version's folder ``reuse``;
    ``rows`` (per mart, when the caller knows them) saves counting each mart again.
    """
    (folder / CSV_DIR).mkdir(parents=True, exist_ok=True)
    dictionary = data_dictionary(conn, database)
    files: dict[str, str] = {}

    def sheets() -> Iterator[tuple[str, pl.DataFrame]]:
        for table in tables:
            relation = f'{database}.main."{table}"'
            if rows is not None and table in rows:
                length = rows[table]
            else:
                ((length,),) = conn.execute(f"SELECT count(*) FROM {relation}").fetchall()
            if length <= CSV_MAX_ROWS:
                files[table] = f"{CSV_DIR}/{table}.csv"
                kept = reuse / files[table] if reuse is not None else None
                if table in unchanged and kept is not None and kept.is_file():
                    link_or_copy(kept, folder / files[table])
                else:
                    write_csv_with_bom(conn, relation, folder / files[table])
            if length > WORKBOOK_MAX_ROWS:
                where = files.get(table, f"{PARQUET_DIR}/{table}.parquet 或 {PUBLISHED_DB}")
                yield (
                    table[:31],
                    pl.DataFrame({"说明": [f"共 {length} 行，超过本工作簿上限，见 {where}"]}),
                )
            else:
                yield table[:31], conn.sql(f"SELECT * FROM {relation}").pl()
        yield DICTIONARY_SHEET, dictionary

    write_workbook(folder / WORKBOOK, sheets())
    dictionary.write_csv(folder / DICTIONARY, include_bom=True)
    files["workbook"] = WORKBOOK
    files["dictionary"] = DICTIONARY
    return files
