"""Extraction results → polars frames with the landed schemas (``raw_tables``).

Pure functions: a batch of :class:`extract.model.Extraction` in, three frames out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from expectations.rules.copies import MIN_SHINGLES, sketches
from extract.model import Extraction
from extract.narrative import comparable_text
from orchestration.lib.raw_tables import (
    CELLS_SCHEMA,
    NARRATIVES_SCHEMA,
    REPORTS_SCHEMA,
    SKETCHES_SCHEMA,
    STATEMENTS_SCHEMA,
)


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


def statements_frame(results: Sequence[Extraction]) -> pl.DataFrame:
    """Every count the prose of an ok result states, in order (raw.statements)."""
    rows = [
        {
            "report_id": result.sha256,
            "seq": seq,
            "number": st.number,
            "quantity": st.quantity,
            "cells": ",".join(st.cells) or None,
            "clause": st.text,
            "source_location": st.where,
        }
        for result in results
        if result.status == "ok"
        for seq, st in enumerate(result.statements, start=1)
    ]
    return pl.DataFrame(rows, schema=STATEMENTS_SCHEMA)


def narrative_frames(results: Sequence[Extraction]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(raw.narratives, raw.narrative_sketches) for the ok results: the prose as S-04 compares
    it (the report's own names out) and its bottom-k shingle sketch, computed for the batch."""
    ok = [r for r in results if r.status == "ok"]
    texts = [
        comparable_text(
            r.narrative,
            [r.report.agency, r.report.province, r.report.city, r.report.county]
            if r.report
            else [],
        )
        for r in ok
    ]
    ids = [r.sha256 for r in ok]
    counts, kept = sketches(ids, texts)
    sizes = pl.DataFrame(
        {
            "report_id": ids,
            "sentences": [len(r.narrative) for r in ok],
            "comparable_chars": [len(t) for t in texts],
        },
        schema={"report_id": pl.String, "sentences": pl.Int32, "comparable_chars": pl.Int32},
    )
    narratives = sizes.join(counts, on="report_id", how="left").with_columns(
        judged=pl.col("shingles") >= MIN_SHINGLES
    )
    narratives = narratives.select(list(NARRATIVES_SCHEMA))
    return narratives.cast(NARRATIVES_SCHEMA), kept.cast(SKETCHES_SCHEMA)  # type: ignore[arg-type]
