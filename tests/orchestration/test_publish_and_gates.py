"""Readers during a refresh, BI-style connections, and a blocking gate that keeps bad data out."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import sqlalchemy as sa
from pipeline_harness import CORPUS, corpus_manifest, make_warehouse, run_build

READER = r"""
import json, os, sys, time, duckdb
db, mode, stop, out = sys.argv[1:5]
held = duckdb.connect(db, read_only=True) if mode == "held" else None  # one connection kept open
seen, errors = [], []
query = "select (select count(*) from mart_agency_year), (select count(*) from fct_report_cells)"
while not os.path.exists(stop):
    try:
        if held is not None:
            seen.append(list(held.execute(query).fetchone()))
        else:
            with duckdb.connect(db, read_only=True) as fresh:  # a new connection each time
                seen.append(list(fresh.execute(query).fetchone()))
    except Exception as error:  # any failed read is a defect
        errors.append(repr(error))
    time.sleep(0.05)
json.dump({"seen": seen, "errors": errors}, open(out, "w"))
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory, dbt_manifest):
    rows = corpus_manifest()
    agencies = sorted({r["agency_id"] for r in rows if r["agency_id"]})
    first = [r for r in rows if r["agency_id"] in agencies[:2]]
    later = [r for r in rows if r["agency_id"] in agencies[2:4]]
    warehouse = make_warehouse(tmp_path_factory.mktemp("publish"), first)
    assert run_build(warehouse).success
    return warehouse, later


def _published(warehouse) -> Path:
    return warehouse.publish / "nianbao_marts.duckdb"


def test_readers_see_old_or_new_never_half_and_never_block(small, tmp_path: Path) -> None:
    warehouse, later = small
    with duckdb.connect(str(_published(warehouse)), read_only=True) as conn:
        old = conn.execute(
            "select count(*), (select count(*) from fct_report_cells) from mart_agency_year"
        ).fetchone()
    stop = tmp_path / "stop"
    readers = {
        mode: subprocess.Popen(
            [
                sys.executable,
                "-c",
                READER,
                str(_published(warehouse)),
                mode,
                str(stop),
                str(tmp_path / f"{mode}.json"),
            ]
        )
        for mode in ("held", "fresh")
    }
    try:
        time.sleep(1.5)
        for row in later:  # new reports arrive: the refresh changes the marts
            shutil.copy(CORPUS / "reports" / row["file"], warehouse.reports / row["file"])
        refreshed = run_build(warehouse)
        time.sleep(1.5)
    finally:
        stop.touch()
        for process in readers.values():
            process.wait(timeout=60)
    assert refreshed.success, "the refresh must not be blocked by a reader"
    with duckdb.connect(str(_published(warehouse)), read_only=True) as conn:
        new = tuple(
            conn.execute(
                "select count(*), (select count(*) from fct_report_cells) from mart_agency_year"
            ).fetchone()
        )
    assert new != tuple(old)
    reads = {mode: json.loads((tmp_path / f"{mode}.json").read_text()) for mode in readers}
    for mode, got in reads.items():
        assert got["errors"] == [], mode
        assert got["seen"], mode
        assert {tuple(s) for s in got["seen"]} <= {tuple(old), new}, (
            f"{mode}: a half-published version"
        )
    assert {tuple(s) for s in reads["held"]["seen"]} == {tuple(old)}, (
        "a held connection keeps its version"
    )
    assert new in {tuple(s) for s in reads["fresh"]["seen"]}, (
        "a new connection sees the new version"
    )


def test_bi_tools_connect_through_sqlalchemy(small) -> None:
    warehouse, _ = small
    engine = sa.create_engine(
        f"duckdb:///{_published(warehouse)}", connect_args={"read_only": True}
    )
    with engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
        assert {
            "mart_agency_year",
            "mart_agency_yoy",
            "mart_region_year",
            "mart_coverage",
            "mart_quality",
        } <= names
        rows = conn.execute(
            sa.text(
                "select agency_id, report_year, new_received from mart_agency_year order by 1, 2"
            )
        ).fetchall()
    assert rows and all(r.agency_id for r in rows)
    engine.dispose()
    with duckdb.connect(str(_published(warehouse)), read_only=True) as conn:
        (label,) = conn.execute(
            "select comment from duckdb_columns() "
            "where table_name = 'mart_agency_year' and column_name = 'new_received'"
        ).fetchone()
    assert "本年新收" in label, "column descriptions travel with the published marts"
    assert {p.stem for p in (warehouse.publish / "parquet").glob("*.parquet")} >= {
        "mart_agency_year"
    }


def test_integrity_failure_blocks_publishing(small) -> None:
    """A duplicate cell injected into the landed table fails the blocking gate; marts stay as they were."""
    warehouse, _ = small
    published = _published(warehouse)
    before = published.read_bytes()
    with duckdb.connect(str(warehouse.duckdb)) as conn:
        conn.execute("insert into raw.cells select * from raw.cells limit 1")
    result = run_build(warehouse)
    evaluations = {e.asset_check_key.name: e for e in result.get_asset_check_evaluations()}
    gate = evaluations["landing_kept_every_cell"]
    assert not gate.passed and gate.severity == dg.AssetCheckSeverity.ERROR
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    assert dg.AssetKey(["published", "marts"]) not in materialized
    assert dg.AssetKey(["marts", "mart_agency_year"]) not in materialized
    assert dg.AssetKey(["raw", "quality_findings"]) not in materialized
    assert published.read_bytes() == before, "the published marts must be untouched"
