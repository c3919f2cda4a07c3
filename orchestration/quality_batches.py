"""Report findings computed in batches of reports, so the quality step's memory is one batch.

Every report-scope rule (B-01 … T-01, X-01) reads one report's cells (and statements) only, so the findings of a
national year are the findings of its batches, concatenated. Each batch's check frames are
spilled to Parquet, to be read back one rule at a time when Great Expectations validates them.
Plain code: the Dagster asset (``assets/quality.py``) calls it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from expectations.findings import check_frames, report_findings
from orchestration.warehouse import read_frame

#: reports whose cells are checked at a time: bounds the step's memory at national scale
QUALITY_BATCH = 20_000


def _batch(conn: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The reports named in ``batch_ids``, their cells and their prose's statements."""
    reports = read_frame(
        conn, "SELECT * FROM raw.reports WHERE report_id IN (SELECT report_id FROM batch_ids)"
    )
    cells = read_frame(
        conn, "SELECT * FROM raw.cells WHERE report_id IN (SELECT report_id FROM batch_ids)"
    )
    statements = read_frame(
        conn,
        "SELECT * FROM raw.statements WHERE cells IS NOT NULL "
        "AND report_id IN (SELECT report_id FROM batch_ids)",
    )
    return reports, cells, statements


def land_findings(conn: duckdb.DuckDBPyConnection, spill: Path, batch: int = QUALITY_BATCH) -> None:
    """Replace raw.quality_findings with the findings of every report, ``batch`` reports at a
    time, in one transaction; each batch's check frames go to ``spill`` as Parquet."""
    ids = read_frame(conn, "SELECT report_id FROM raw.reports ORDER BY report_id")
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.execute("DELETE FROM raw.quality_findings").fetchall()  # done before the reads
        for number, start in enumerate(range(0, max(len(ids), 1), batch)):
            conn.register("batch_ids", ids.slice(start, batch).to_arrow())
            reports, cells, statements = _batch(conn)
            conn.unregister("batch_ids")
            frames = check_frames(reports, cells, statements)
            for rule, frame in frames.items():
                frame.write_parquet(spill / f"{rule}.{number:05d}.parquet")
            findings = report_findings(reports, cells, frames)
            del frames, cells
            conn.register("batch_findings", findings.to_arrow())
            columns = ", ".join(f'"{c}"' for c in findings.columns)
            conn.execute(
                f"INSERT INTO raw.quality_findings ({columns}) SELECT {columns} FROM batch_findings"
            ).fetchall()
            conn.unregister("batch_findings")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def spilled(folder: Path, rule: str) -> pl.DataFrame:
    """One rule's check frame over every batch, read back when GX validates it."""
    parts = sorted(folder.glob(f"{rule}.*.parquet"))
    return pl.concat([pl.read_parquet(part) for part in parts], how="vertical_relaxed")
