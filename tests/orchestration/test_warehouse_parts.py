"""Reading a big table a part at a time (``read_parts``) against a real DuckDB file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.lib.warehouse import read_parts


@pytest.mark.parametrize("rows", [1, 7, 50, 10_000])
def test_parts_hold_every_row_once_and_each_report_whole(tmp_path: Path, rows: int) -> None:
    cells = pl.DataFrame(
        {
            "report_id": [f"r{i % 13}" for i in range(300)],
            "row_key": [f"k{i}" for i in range(300)],
        }
    )
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute("CREATE TABLE cells AS SELECT * FROM cells")
        parts = list(read_parts(conn, "cells", ["report_id", "row_key"], by="report_id", rows=rows))
    assert len(parts) == min(300, -(-300 // rows))
    together = pl.concat(parts)
    assert together.sort("row_key").equals(cells.sort("row_key"))
    owners = pl.concat(
        [p.select("report_id").unique().with_columns(part=pl.lit(i)) for i, p in enumerate(parts)]
    )
    assert owners["report_id"].is_unique().all()  # no report split across two parts


def test_an_empty_table_is_one_empty_part(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute("CREATE TABLE cells (report_id VARCHAR, row_key VARCHAR)")
        parts = list(read_parts(conn, "cells", ["report_id"], by="report_id", rows=100))
    assert [p.height for p in parts] == [0]
