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
