"""The dbt seeds that copy or generate reference data stay equal to their sources."""

from __future__ import annotations

import csv
import importlib.util
import io
from pathlib import Path

from extract.vocabulary import cell_specs

PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"


def test_template_cells_seed_equals_extract_cells() -> None:
    seed = (PROJECT / "seeds" / "template_cells.csv").read_text(encoding="utf-8")
    shipped = (Path(__file__).resolve().parents[2] / "extract" / "cells.csv").read_text(
        encoding="utf-8"
    )
    assert seed == shipped
    rows = list(csv.DictReader(io.StringIO(seed)))
    assert len(rows) == len(cell_specs())


def test_region_seed_is_what_the_script_generates_from_cpca() -> None:
    spec = importlib.util.spec_from_file_location(
        "generate_region_seed", PROJECT / "scripts" / "generate_region_seed.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    generated = script.region_rows(script.cpca_adcodes_csv())
    with (PROJECT / "seeds" / "region_codes.csv").open(encoding="utf-8") as seed:
        committed = list(csv.DictReader(seed))
    assert committed == generated
    by_code = {r["adcode"]: r for r in committed}
    assert by_code["321322"] == {
        "adcode": "321322",
        "name": "沭阳县",
        "short_name": "沭阳",
        "level": "county",
        "province_adcode": "320000",
        "city_adcode": "321300",
    }
    # a district of a municipality has no prefecture-level parent
    assert by_code["110108"]["city_adcode"] == ""
    assert {r["level"] for r in committed} == {"province", "city", "county"}
