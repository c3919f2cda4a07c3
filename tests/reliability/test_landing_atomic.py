"""Landing is one transaction per batch, and a run heals reports landed without their cells.

Before: raw.reports then raw.cells were two commits; a crash or an exception between them
(OverflowError shaping a 400-digit cell) left reports marked extracted with no cells, never
re-extracted, and landing_kept_every_cell failed on every later run.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest
from warehouse_harness import agency_rows, make_warehouse, query, run_build

from expectations.suites import INTEGRITY_SUITES

ORPHANS = (
    "SELECT count(*) FROM raw.reports r WHERE status = 'ok' AND cell_count > 0 "
    "AND NOT EXISTS (SELECT 1 FROM raw.cells c WHERE c.report_id = r.report_id)"
)


def test_a_failing_cells_insert_rolls_back_the_reports_of_its_batch(tmp_path: Path) -> None:
    from orchestration.lib.raw_tables import REPORTS_SCHEMA
    from orchestration.lib.warehouse import ensure_raw_tables, land_batch

    reports = pl.DataFrame(
        [{"report_id": "r1", "path": "a.txt", "status": "ok", "cell_count": 1}],
        schema=REPORTS_SCHEMA,
    )
    broken_cells = pl.DataFrame({"report_id": ["r1"], "no_such_column": [1]})
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as conn:
        ensure_raw_tables(conn)
        with pytest.raises(duckdb.Error):
            land_batch(
                conn, {"raw.reports": reports, "raw.cells": broken_cells}, key="report_id", keep=[]
            )
        assert conn.execute("SELECT count(*) FROM raw.reports").fetchone() == (0,)


def test_an_exception_in_shaping_lands_nothing_of_its_batch_and_the_next_run_heals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import orchestration.defs.assets.ingest as ingest

    warehouse = make_warehouse(tmp_path, agency_rows("hongze-czj"))
    shaped = ingest.cells_frame
    calls = []

    def overflow_on_second_batch(batch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise OverflowError("int too large to convert to float")  # a 400-digit cell
        return shaped(batch)

    with monkeypatch.context() as fault:
        fault.setattr(ingest, "LANDING_BATCH", 2)
        fault.setattr(ingest, "cells_frame", overflow_on_second_batch)
        assert not run_build(warehouse).success
    assert query(warehouse, "SELECT count(*) FROM raw.reports") == [(2,)]  # batch 1 only
    assert query(warehouse, ORPHANS) == [(0,)]

    # an older version's interrupted landing: a report marked ok whose cells never landed
    with duckdb.connect(str(warehouse.duckdb)) as conn:
        (orphan,) = conn.execute("SELECT min(report_id) FROM raw.reports").fetchone()
        conn.execute("DELETE FROM raw.cells WHERE report_id = ?", [orphan])
    assert query(warehouse, ORPHANS) == [(1,)]

    healed = run_build(warehouse)
    assert healed.success
    assert query(warehouse, ORPHANS) == [(0,)]
    files = len(list(warehouse.reports.iterdir()))
    assert query(warehouse, "SELECT count(*) FROM raw.reports") == [(files,)]
    gates = {s.name for s in INTEGRITY_SUITES.values()}
    assert all(
        e.passed for e in healed.get_asset_check_evaluations() if e.asset_check_key.name in gates
    )


def test_a_later_batch_replaces_only_its_own_keys(tmp_path: Path) -> None:
    """The first batch of a run clears what the run does not keep; later batches delete only
    their own keys (a report landed twice in one run is not doubled) and scan nothing else."""
    from orchestration.lib.raw_tables import REPORTS_SCHEMA
    from orchestration.lib.warehouse import ensure_raw_tables, land_batch

    def reports(*ids: str) -> dict[str, pl.DataFrame]:
        rows = [{"report_id": i, "path": f"{i}.txt", "status": "ok"} for i in ids]
        return {"raw.reports": pl.DataFrame(rows, schema=REPORTS_SCHEMA)}

    def held(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
        return conn.execute("SELECT report_id, path FROM raw.reports ORDER BY ALL").fetchall()

    with duckdb.connect(str(tmp_path / "wh.duckdb")) as conn:
        ensure_raw_tables(conn)
        land_batch(conn, reports("kept", "stale", "orphan"), key="report_id", keep=[])
        land_batch(conn, reports("a", "b"), key="report_id", keep={"kept"})  # first batch
        assert [r for r, _ in held(conn)] == ["a", "b", "kept"]
        land_batch(conn, reports("c"), key="report_id", keep=None, replace=set())
        assert [r for r, _ in held(conn)] == ["a", "b", "c", "kept"]
        again = reports("a")
        again["raw.reports"] = again["raw.reports"].with_columns(path=pl.lit("a2.txt"))
        land_batch(conn, again, key="report_id", keep=None, replace={"a"})
        assert held(conn) == [("a", "a2.txt"), ("b", "b.txt"), ("c", "c.txt"), ("kept", "kept.txt")]
