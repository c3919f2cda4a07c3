"""Extraction results → polars frames with the landed schemas (``raw_tables``).

Pure functions: a batch of :class:`extract.model.Extraction` in, three frames out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from extract.model import Extraction
from orchestration.raw_tables import CELLS_SCHEMA, REPORTS_SCHEMA


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def reports_frame(
    results: Sequence[Extraction], paths: Sequence[str], extractor_version: str
) -> pl.DataFrame:
    """One row per extraction result; ``paths`` are the inventory paths (relative) in order."""
    rows = []
    for result, path in zip(results, paths, strict=True):
        meta = result.report
        rows.append(
            {
                "report_id": result.sha256,
                "path": path,
                "status": result.status,
                "reason": result.reason,
                "agency": meta.agency if meta else None,
                "province": meta.province if meta else None,
                "city": meta.city if meta else None,
                "county": meta.county if meta else None,
                "report_year": meta.year if meta else None,
                "template": meta.template if meta else None,
                "published": _date(meta.published) if meta else None,
                "index_no": meta.index_no if meta else None,
                "sections": "".join(meta.sections) if meta else None,
                "cell_count": len(result.cells),
                "notes": "; ".join(result.notes) or None,
                "extractor_version": extractor_version,
            }
        )
    return pl.DataFrame(rows, schema=REPORTS_SCHEMA)


def cells_frame(results: Sequence[Extraction]) -> pl.DataFrame:
    """Every cell of every ok result, long."""
    columns: dict[str, list] = {name: [] for name in CELLS_SCHEMA}
    for result in results:
        if result.status != "ok":
            continue
        for cell in result.cells:
            columns["report_id"].append(result.sha256)
            columns["table_name"].append(cell.table)
            columns["row_key"].append(cell.row)
            columns["col_key"].append(cell.col)
            columns["value"].append(None if cell.value is None else float(cell.value))
            columns["value_text"].append(cell.text)
            columns["source_location"].append(cell.where)
            columns["how"].append(cell.how)
            columns["confidence"].append(cell.confidence)
    return pl.DataFrame(columns, schema=CELLS_SCHEMA)
