"""Report findings computed in batches of reports, so the quality step's memory is one batch.

Every report-scope rule (B-01 … T-01, X-01) reads one report's cells (and statements) only, so
the findings of a national year are the findings of its batches, concatenated, and a report's
findings change only when the report, its reading or the rules do (``raw.quality_checked``): a
re-run checks the new and changed reports, not the year. Each batch's check frames are
spilled to Parquet, to be read back one rule at a time when Great Expectations validates them.
Plain code: the Dagster asset (``assets/quality.py``) calls it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from expectations.findings import check_frames, report_findings
from expectations.frames import CELL_COLUMNS
from orchestration.lib.fingerprints import rules_version
from orchestration.lib.warehouse import read_frame, transaction

#: reports whose cells are checked at a time: bounds the step's memory at national scale
#: (measured over 40,000 reports: 10,000 a batch peaks at 1.5 GB, 20,000 at 2.2 GB, and is no slower)
QUALITY_BATCH = 10_000


def _batch(conn: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The reports named in ``batch_ids``, their cells and their prose's statements."""
    reports = read_frame(
        conn, "SELECT * FROM raw.reports WHERE report_id IN (SELECT report_id FROM batch_ids)"
    )
    cells = read_frame(
        conn,
        f"SELECT {', '.join(CELL_COLUMNS)} FROM raw.cells "
        "WHERE report_id IN (SELECT report_id FROM batch_ids)",
    )
    statements = read_frame(
        conn,
        "SELECT * FROM raw.statements WHERE cells IS NOT NULL "
        "AND report_id IN (SELECT report_id FROM batch_ids)",
    )
    return reports, cells, statements


def stale_reports(conn: duckdb.DuckDBPyConnection, version: str) -> pl.DataFrame:
    """Reports whose findings are missing or were made by other code: new reports, reports read
    again by another extractor, every report when the rules changed."""
    return read_frame(
        conn,
        "SELECT r.report_id FROM raw.reports r LEFT JOIN raw.quality_checked q "
        "ON q.report_id = r.report_id AND q.rules_version = ? "
        "AND q.extractor_version IS NOT DISTINCT FROM r.extractor_version "
        "WHERE q.report_id IS NULL ORDER BY r.report_id",
        [version],
    )


def land_findings(
    conn: duckdb.DuckDBPyConnection,
    spill: Path,
    batch: int = QUALITY_BATCH,
    *,
    recheck_all: bool = False,
) -> int:
    """Bring raw.quality_findings up to date, ``batch`` reports at a time, in one transaction;
    return how many reports were checked.

    Only stale reports (:func:`stale_reports`) are checked, unless ``recheck_all``; findings of
    reports no longer in raw.reports go. Each batch's check frames go to ``spill`` as Parquet
    (at least one batch, possibly empty, so every rule has a frame to validate).
    """
    version = rules_version()
    with transaction(conn):
        if recheck_all:
            conn.execute("DELETE FROM raw.quality_checked").fetchall()
        ids = stale_reports(conn, version)
        conn.register("stale_ids", ids.to_arrow())
        for table in ("quality_findings", "quality_checked"):  # done before the reads
            conn.execute(
                f"DELETE FROM raw.{table} WHERE report_id IN (SELECT report_id FROM stale_ids) "
                "OR report_id NOT IN (SELECT report_id FROM raw.reports)"
            ).fetchall()
        conn.unregister("stale_ids")
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
            checked = reports.select(
                "report_id", pl.lit(version).alias("rules_version"), "extractor_version"
            )
            conn.register("batch_checked", checked.to_arrow())
            conn.execute(
                "INSERT INTO raw.quality_checked (report_id, rules_version, extractor_version) "
                "SELECT report_id, rules_version, extractor_version FROM batch_checked"
            ).fetchall()
            conn.unregister("batch_checked")
    return len(ids)


def spilled(folder: Path, rule: str) -> pl.DataFrame:
    """One rule's check frame over every batch, read back when GX validates it."""
    parts = sorted(folder.glob(f"{rule}.*.parquet"))
    return pl.concat([pl.read_parquet(part) for part in parts], how="vertical_relaxed")
