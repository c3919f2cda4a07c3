"""Small raw-table frames for the dbt tests, typed by the schemas of orchestration/lib/raw_tables.py.

The scenario is written as plain rows; ``frame`` casts them through the shared schema dicts so a
change to the landing contract breaks these tests rather than drifting from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from orchestration.lib.raw_tables import RAW_TABLES

APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
)


def frame(table: str, rows: Iterable[Mapping[str, object]]) -> pl.DataFrame:
    """Rows → a frame with exactly the columns and dtypes of raw.<table> (missing keys → null)."""
    schema = RAW_TABLES[table]
    rows = list(rows)
    columns = {name: [row.get(name) for row in rows] for name in schema}
    return pl.DataFrame(columns, schema=schema)


def write_raw_tables(db_path: Path, frames: Mapping[str, pl.DataFrame]) -> None:
    """Create schema raw with every table of RAW_TABLES (empty where no frame is given)."""
    con = duckdb.connect(str(db_path))
    try:
        con.execute("create schema if not exists raw")
        for table in RAW_TABLES:
            data = frames.get(table, frame(table, []))
            con.register("incoming", data)
            con.execute(f"create or replace table raw.{table} as select * from incoming")
            con.unregister("incoming")
    finally:
        con.close()


def report(
    report_id: str,
    agency: str | None,
    year: int | None,
    *,
    template: str = "2021",
    status: str = "ok",
    province: str | None = "江苏省",
    city: str | None = "宿迁市",
    county: str | None = "沭阳县",
    published: date | None = None,
    reason: str | None = None,
) -> dict[str, object]:
    return {
        "report_id": report_id,
        "path": f"reports/{report_id}.txt",
        "status": status,
        "reason": reason,
        "agency": agency,
        "province": province,
        "city": city,
        "county": county,
        "report_year": year,
        "template": template,
        "published": published,
        "sections": "一二三四五六" if status == "ok" else None,
        "cell_count": None,
        "extractor_version": "test",
    }


def request_cells(
    report_id: str, rows: Mapping[str, tuple[float | None, ...]], *, with_total: bool = True
) -> list[dict[str, object]]:
    """Requests cells: each row gives the six applicant values, then the total when printed."""
    cols = (*APPLICANTS, "total") if with_total else APPLICANTS
    out = []
    for row_key, values in rows.items():
        for col_key, value in zip(cols, values, strict=False):
            out.append(cell(report_id, "requests", row_key, col_key, value))
    return out


def cell(
    report_id: str, table: str, row: str, col: str, value: float | None, how: str = "printed"
) -> dict[str, object]:
    text = "" if value is None else f"{value:g}"
    return {
        "report_id": report_id,
        "table_name": table,
        "row_key": row,
        "col_key": col,
        "value": value,
        "value_text": text,
        "source_location": f"{table}/{row}/{col}",
        "how": how,
    }
