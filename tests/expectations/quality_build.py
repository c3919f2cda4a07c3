"""Small raw.reports / raw.cells frames for the quality-gate tests: a fully consistent report
per template, which a test then breaks in exactly one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from extract.vocabulary import APPLICANT_COLUMNS, template_cells
from orchestration.lib.raw_tables import CELLS_SCHEMA, REPORTS_SCHEMA

Key = tuple[str, str, str]


def consistent_values(template: str) -> dict[Key, float]:
    """Every template cell with values that satisfy B-01…B-04 and C-01."""
    values: dict[Key, float] = {}
    for c in template_cells(template):
        if c.table == "proactive":
            value = -1.0 if c.col == "change" else 2.5 if "amount" in c.col else 3.0
        elif c.table == "disputes":
            value = {"upheld": 2.0, "corrected": 1.0, "other": 0.0, "pending": 1.0}.get(c.col, 4.0)
        else:
            continue
        values[c.key] = value
    rows = {c.row for c in template_cells(template) if c.table == "requests"}
    for j, col in enumerate(APPLICANT_COLUMNS):
        column = dict.fromkeys(rows, 0.0)
        column.update(granted=j + 1.0, partial=1.0, carried_in=1.0, carried_out=1.0)
        column.update(new_received=j + 2.0, result_total=j + 2.0)
        values.update({("requests", row, col): v for row, v in column.items()})
    for row in rows:
        total = sum(values[("requests", row, col)] for col in APPLICANT_COLUMNS)
        values[("requests", row, "total")] = total
    return values


def report_row(report_id: str = "r1", **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(REPORTS_SCHEMA)
    row.update(
        report_id=report_id,
        path=f"{report_id}.txt",
        status="ok",
        agency="某某县发展和改革局",
        report_year=2022,
        template="2021",
        published=dt.date(2023, 1, 20),
        sections="一二三四五六",
    )
    row.update(overrides)
    return row


def frames(
    reports: list[dict[str, Any]], cells: dict[str, dict[Key, float | None]]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(raw.reports, raw.cells) frames; ``cells`` maps report_id → {key: value or None}."""
    cell_rows = [
        {
            "report_id": rid,
            "table_name": t,
            "row_key": r,
            "col_key": c,
            "value": v,
            "value_text": "" if v is None else f"{v:g}",
            "source_location": "test",
            "how": "printed",
            "confidence": None,
        }
        for rid, values in cells.items()
        for (t, r, c), v in values.items()
    ]
    for rep in reports:
        if rep.get("cell_count") is None:
            rep["cell_count"] = len(cells.get(rep["report_id"], {}))
    return (
        pl.DataFrame(reports, schema=REPORTS_SCHEMA),
        pl.DataFrame(cell_rows, schema=CELLS_SCHEMA),
    )


def one_report(
    template: str = "2021",
    changes: dict[Key, float | None] | None = None,
    drop: tuple[Key, ...] = (),
    **report: Any,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A consistent report of ``template`` with some cells changed (None = blank) or dropped."""
    values: dict[Key, float | None] = dict(consistent_values(template))
    values.update(changes or {})
    for key in drop:
        values.pop(key)
    report.setdefault("report_year", 2020 if template == "2019" else 2022)
    return frames([report_row(template=template, **report)], {"r1": values})
