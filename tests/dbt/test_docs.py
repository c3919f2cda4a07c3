"""`make docs` runs `dbt docs generate`: it must work against an empty but built warehouse."""

from __future__ import annotations

import json
from pathlib import Path

from dbt_harness import PROJECT, Warehouse, run_dbt


def test_docs_generate_on_an_empty_built_warehouse(empty_warehouse: Warehouse) -> None:
    assert empty_warehouse.query("select count(*) from marts.mart_agency_year") == [(0,)]
    assert empty_warehouse.query("select count(*) from marts.mart_coverage") == [(0,)]
    run_dbt(
        empty_warehouse.project_dir,
        empty_warehouse.target_dir,
        empty_warehouse.db_path,
        "docs",
        "generate",
    )
    catalog = json.loads((empty_warehouse.target_dir / "catalog.json").read_text(encoding="utf-8"))
    assert "model.nianbao.mart_agency_year" in catalog["nodes"]
    assert "seed.nianbao.region_codes" in catalog["nodes"]


def test_parse_needs_no_warehouse(tmp_path: Path) -> None:
    """Dagster prepares the manifest with `dbt parse` before any warehouse exists."""
    missing = tmp_path / "absent" / "nianbao.duckdb"
    run_dbt(PROJECT, tmp_path / "target", missing, "parse")
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text(encoding="utf-8"))
    assert "model.nianbao.mart_agency_year" in manifest["nodes"]
    assert not missing.exists()
    overview = manifest["docs"]["doc.nianbao.__overview__"]["block_contents"]
    assert "实质公开率" in overview and "dim_report" in overview, "the project's own front page"
    assert "model.nianbao.dim_report" in manifest["nodes"]
