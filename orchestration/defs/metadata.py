"""Small renderers for Dagster metadata (markdown tables), so the UI shows numbers, not blobs."""

from __future__ import annotations

import dagster as dg
import polars as pl


def markdown_table(frame: pl.DataFrame, limit: int = 20) -> dg.MetadataValue:
    """A markdown table of the first ``limit`` rows; "none" for an empty frame."""
    if frame.is_empty():
        return dg.MetadataValue.md("none")
    shown = frame.head(limit)
    header = "| " + " | ".join(shown.columns) + " |"
    rule = "| " + " | ".join("---" for _ in shown.columns) + " |"
    body = [
        "| " + " | ".join("" if v is None else str(v).replace("|", "\\|") for v in row) + " |"
        for row in shown.iter_rows()
    ]
    more = [f"\n… and {len(frame) - limit} more"] if len(frame) > limit else []
    return dg.MetadataValue.md("\n".join([header, rule, *body, *more]))
