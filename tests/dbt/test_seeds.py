"""The dbt seeds that copy or generate reference data stay equal to their sources."""

from __future__ import annotations

import csv
import importlib.util
import io
from pathlib import Path
from types import ModuleType

from extract.identities import identity_rows
from extract.vocabulary import APPLICANT_COLUMNS, cell_specs

PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"


def test_template_cells_seed_equals_extract_cells() -> None:
    seed = (PROJECT / "seeds" / "template_cells.csv").read_text(encoding="utf-8")
    shipped = (Path(__file__).resolve().parents[2] / "extract" / "cells.csv").read_text(
        encoding="utf-8"
    )
    assert seed == shipped
    rows = list(csv.DictReader(io.StringIO(seed)))
    assert len(rows) == len(cell_specs())


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, PROJECT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_identity_seed_is_what_extract_identities_generates() -> None:
    """dbt adds up the cells extract.identities names: re-run the script after changing one."""
    script = _script("generate_identity_seed")
    seed = (PROJECT / "seeds" / "template_identities.csv").read_text(encoding="utf-8")
    assert seed == script.seed_text()
    rows = list(csv.DictReader(io.StringIO(seed)))
    assert rows == identity_rows()
    b03 = {r["term"] for r in rows if r["rule_id"] == "B-03" and r["side"] == "right"}
    assert b03 == set(APPLICANT_COLUMNS)
    assert {(r["template"], r["rule_id"]) for r in rows} == {
        (t, rule) for t in ("2019", "2021") for rule in ("B-01", "B-02", "B-03", "C-01")
    }


def test_region_seed_is_what_the_script_generates_from_cpca() -> None:
    script = _script("generate_region_seed")
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


def test_rule_seed_is_what_the_catalog_generates() -> None:
    """dbt's cross-year findings read the catalog's wording: re-run the script after a change."""
    script = _script("generate_rule_seed")
    seed = (PROJECT / "seeds" / "rule_catalog.csv").read_text(encoding="utf-8")
    assert seed == script.seed_text()
    rows = list(csv.DictReader(io.StringIO(seed)))
    assert {r["rule_id"]: r["severity"] for r in rows}["B-01"] == "error"
