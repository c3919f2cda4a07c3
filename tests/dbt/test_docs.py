"""`make docs` runs `dbt docs generate`: it must work against an empty but built warehouse."""

from __future__ import annotations

import json

from dbt_harness import Warehouse, run_dbt


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
