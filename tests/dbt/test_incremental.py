"""The big models are incremental by report (mart_agency_yoy by agency): after reports arrive,
leave, are read again by newer extractor code or change which copy speaks for a year, an
incremental `dbt build` leaves the same tables, row for row, as a full rebuild over the same raw
tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
from dbt_harness import TEST_OVERRIDES, copy_project, run_dbt
from dbt_raw_frames import write_raw_tables
from dbt_scenario import scenario_frames

INCREMENTAL = ("intermediate.int_cells_with_totals", "intermediate.int_report_metrics",
               "marts.fct_report_cells", "marts.mart_agency_yoy")  # fmt: skip
COMPARED = (*INCREMENTAL, "marts.mart_agency_year", "marts.quality_findings")


def _change_raw(db_path: Path) -> None:
    """A new copy of c22 (published later: it becomes primary), a report gone (a19), one read
    again by newer code with one cell read differently (b21), one now rejected (a20)."""
    with duckdb.connect(str(db_path)) as conn:
        conn.execute(
            "INSERT INTO raw.reports SELECT * REPLACE ('c22c' AS report_id, ? AS published) "
            "FROM raw.reports WHERE report_id = 'c22a'",
            [dt.date(2023, 3, 31)],
        )
        conn.execute(
            "INSERT INTO raw.cells SELECT * REPLACE ('c22c' AS report_id) FROM raw.cells "
            "WHERE report_id = 'c22a'"
        )
        conn.execute("DELETE FROM raw.cells WHERE report_id IN ('a19', 'a20')")
        conn.execute("DELETE FROM raw.reports WHERE report_id = 'a19'")
        conn.execute(
            "UPDATE raw.reports SET status = 'rejected', reason = 'test', extractor_version = "
            "'newer' WHERE report_id = 'a20'"
        )
        conn.execute("UPDATE raw.reports SET extractor_version = 'newer' WHERE report_id = 'b21'")
        conn.execute(
            "UPDATE raw.cells SET value = value + 1 WHERE report_id = 'b21' AND "
            "row_key = 'new_received' AND col_key = 'natural_person'"
        )


def _rows(db_path: Path, table: str) -> pl.DataFrame:
    """Every row of ``table``, columns by name, in one order."""
    with duckdb.connect(str(db_path)) as conn:
        frame = conn.sql(f"SELECT * FROM {table}").pl()
    frame = frame.select(sorted(frame.columns))
    return frame.sort(frame.columns, nulls_last=True)


def test_incremental_build_equals_a_full_rebuild(tmp_path: Path) -> None:
    project = copy_project(tmp_path, TEST_OVERRIDES)
    db_path = tmp_path / "nianbao.duckdb"
    write_raw_tables(db_path, scenario_frames())
    run_dbt(project, tmp_path / "t0", db_path, "build")
    _change_raw(db_path)
    run_dbt(project, tmp_path / "t1", db_path, "build")
    compiled = next((tmp_path / "t1").rglob("compiled/**/fct_report_cells.sql")).read_text()
    assert "stale as (" in compiled, "the second build was not incremental"
    yoy = next((tmp_path / "t1").rglob("compiled/**/mart_agency_yoy.sql")).read_text()
    assert "source_digest from" in yoy, "mart_agency_yoy was not built incrementally"

    rebuilt = tmp_path / "rebuilt.duckdb"  # the same raw tables, built from nothing
    write_raw_tables(rebuilt, scenario_frames())
    _change_raw(rebuilt)
    run_dbt(project, tmp_path / "t2", rebuilt, "build")
    for table in COMPARED:
        incremental, full = _rows(db_path, table), _rows(rebuilt, table)
        assert incremental.height == full.height > 0, table
        assert incremental.equals(full), table
    with duckdb.connect(str(db_path)) as conn:
        held = dict(
            conn.execute(
                "SELECT report_id, bool_or(is_primary) FROM marts.fct_report_cells "
                "WHERE report_id IN ('a19', 'a20', 'b21', 'c22a', 'c22c') GROUP BY 1"
            ).fetchall()
        )
    assert held == {"b21": True, "c22a": False, "c22c": True}, held
    with duckdb.connect(str(db_path)) as conn:
        (value,) = conn.execute(
            "SELECT value FROM marts.fct_report_cells WHERE report_id = 'b21' AND "
            "cell_key = 'requests.new_received.natural_person'"
        ).fetchone()
    assert value is not None
