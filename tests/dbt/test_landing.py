"""The landing code (shaping + warehouse) feeding a real dbt build: a warehouse built by an older
version (raw.cells without ``how``) is upgraded in place, and a cell the reader split arrives in
fct_report_cells as ``split``."""

from __future__ import annotations

from pathlib import Path

import duckdb
from dbt_harness import Warehouse, copy_project, run_dbt

from extract.model import Cell, Extraction, ReportMeta
from orchestration.lib.raw_tables import CELLS_SCHEMA
from orchestration.lib.shaping import cells_frame, reports_frame
from orchestration.lib.warehouse import ensure_raw_tables, replace_rows

OLD_CELLS_DDL = (
    "create table raw.cells (report_id varchar, table_name varchar, row_key varchar, "
    "col_key varchar, value double, value_text varchar, source_location varchar)"
)


def _extraction(sha: str, cells: list[Cell]) -> Extraction:
    meta = ReportMeta(agency="沭阳县财政局", county="沭阳县", year=2022, template="2021")
    return Extraction(f"{sha}.txt", sha, "ok", report=meta, cells=cells)


def test_an_old_warehouse_gains_how_and_a_split_cell_lands_as_split(tmp_path: Path) -> None:
    db_path = tmp_path / "nianbao.duckdb"
    con = duckdb.connect(str(db_path))
    try:
        con.execute("create schema raw")
        con.execute(OLD_CELLS_DDL)
        con.execute(
            "insert into raw.cells values ('old', 'requests', 'granted', 'total', 4, '4', 'line 9')"
        )
        ensure_raw_tables(con)
        ensure_raw_tables(con)  # re-running is safe
        columns = [r[0] for r in con.execute("describe raw.cells").fetchall()]
        assert columns == list(CELLS_SCHEMA)
        assert con.execute("select how from raw.cells").fetchall() == [(None,)]

        new = _extraction(
            "new",
            [
                Cell("requests", "granted", "total", 12, "12", "line 20", how="split"),
                Cell("requests", "partial", "total", 3, "3", "line 21"),
            ],
        )
        old = _extraction("old", [])  # its cells were landed by the older version
        replace_rows(con, "raw.reports", reports_frame([old, new], ["old.txt", "new.txt"], "test"))
        replace_rows(con, "raw.cells", cells_frame([new]), key="report_id", keep={"old"})
    finally:
        con.close()

    project = copy_project(tmp_path)
    run_dbt(
        project,
        tmp_path / "target",
        db_path,
        "build",
        "--select",
        "+fct_report_cells",
        "--indirect-selection",
        "cautious",
    )
    wh = Warehouse(db_path, project, tmp_path / "target")
    assert wh.query(
        "select report_id, cell_key, how from marts.fct_report_cells order by report_id, cell_key"
    ) == [
        ("new", "requests.granted.total", "split"),
        ("new", "requests.partial.total", "printed"),
        ("old", "requests.granted.total", None),  # landed before how existed
    ]
