"""Exports for Excel and WPS users: every mart as CSV (UTF-8 with BOM), one XLSX workbook, and the
data dictionary (数据字典) as a sheet and as ``data_dictionary.csv``.

The dictionary is read from the published file's column comments (dbt ``persist_docs`` of
``marts.yml``), so the labels and rate formulas have one home: the YAML. A description reads
``<中文标签> — <English>`` or, for a rate, ``<中文标签> = <formula> — <…>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import polars as pl
import xlsxwriter

CSV_DIR = "csv"
WORKBOOK = "nianbao_marts.xlsx"
DICTIONARY = "data_dictionary.csv"
DICTIONARY_SHEET = "数据字典"
#: Excel's row limit (one row is the header); a longer mart is left to its CSV and Parquet
EXCEL_MAX_ROWS = 1_048_575

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


def write_exports(
    conn: duckdb.DuckDBPyConnection, database: str, tables: Sequence[str], folder: Path
) -> dict[str, str]:
    """Write ``csv/<mart>.csv``, the workbook and the dictionary into ``folder``; return the files.

    Frames go through Arrow (no per-row Python); a mart longer than Excel's sheet limit gets a
    one-line sheet pointing to its CSV.
    """
    (folder / CSV_DIR).mkdir(parents=True, exist_ok=True)
    dictionary = data_dictionary(conn, database)
    files: dict[str, str] = {}
    workbook = xlsxwriter.Workbook(str(folder / WORKBOOK), {"strings_to_numbers": False})
    try:
        for table in tables:
            frame = conn.sql(f'SELECT * FROM {database}.main."{table}"').pl()
            csv_path = folder / CSV_DIR / f"{table}.csv"
            frame.write_csv(csv_path, include_bom=True)
            files[table] = f"{CSV_DIR}/{table}.csv"
            if frame.height > EXCEL_MAX_ROWS:
                note = pl.DataFrame(
                    {"说明": [f"行数 {frame.height} 超过 Excel 上限，见 {files[table]}"]}
                )
                note.write_excel(workbook, worksheet=table[:31], autofit=True)
            else:
                frame.write_excel(workbook, worksheet=table[:31], autofit=True, float_precision=4)
        dictionary.write_excel(workbook, worksheet=DICTIONARY_SHEET, autofit=True)
    finally:
        workbook.close()
    dictionary.write_csv(folder / DICTIONARY, include_bom=True)
    files["workbook"] = WORKBOOK
    files["dictionary"] = DICTIONARY
    return files
