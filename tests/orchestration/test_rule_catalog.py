"""Each rule registered once: every rule of the catalog has exactly one check-frame source, one GX
suite, one Dagster asset check on the asset its frame comes from, and one row in the dbt seed."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from expectations.catalog import RULE_CATALOG, RuleSpec
from expectations.findings import RULES
from expectations.rules import BUILDERS, DESCRIBERS
from expectations.suites import ALL_SUITES, PUBLISHER_SUITES

DBT = Path(__file__).resolve().parents[2] / "dbt_project"
IDS = [r.rule_id for r in RULE_CATALOG]


def _model_sql(model: str) -> str:
    (path,) = (DBT / "models").rglob(f"{model}.sql")
    return path.read_text(encoding="utf-8")


def test_rule_ids_are_unique() -> None:
    assert len(IDS) == len(set(IDS))


def test_the_registry_holds_the_catalogs_rules_and_no_others() -> None:
    """Builders and describers are registered by the modules the catalog names, for its ids."""
    built_in_python = {r.rule_id for r in RULE_CATALOG if r.checked_by.module}
    assert set(BUILDERS) == built_in_python
    assert set(DESCRIBERS) == {r.rule_id for r in RULE_CATALOG if r.checked_by.per_report}
    for spec in RULE_CATALOG:
        for registry in (BUILDERS, DESCRIBERS):
            if spec.rule_id in registry:
                assert registry[spec.rule_id].__module__ == spec.checked_by.module, spec.rule_id
    per_report = [r.rule_id for r in RULE_CATALOG if r.checked_by.per_report]
    assert [r.rule_id for r in RULES] == per_report


@pytest.mark.parametrize("spec", RULE_CATALOG, ids=IDS)
def test_exactly_one_check_frame_source(spec: RuleSpec) -> None:
    """A Python builder, or (computed in SQL) the rows of one dbt model — never both, never none."""
    sources = []
    if spec.rule_id in BUILDERS:
        sources.append(BUILDERS[spec.rule_id])
    if spec.checked_by.module is None:
        assert spec.checked_by.model, spec.rule_id
        assert f"'{spec.rule_id}' as rule_id" in _model_sql(spec.checked_by.model)
        sources.append(spec.checked_by.model)
    assert len(sources) == 1, sources
    if spec.checked_by.model:  # the model it reads exists
        assert _model_sql(spec.checked_by.model)


@pytest.mark.parametrize("spec", RULE_CATALOG, ids=IDS)
def test_exactly_one_gx_suite(spec: RuleSpec) -> None:
    assert PUBLISHER_SUITES[spec.rule_id].name == spec.suite
    assert [s.rule_id for s in ALL_SUITES.values() if s.name == spec.suite] == [spec.rule_id]


def test_exactly_one_dagster_check_per_rule_on_the_asset_its_frame_comes_from(
    dbt_manifest,
) -> None:
    from orchestration.definitions import defs
    from orchestration.defs.assets.dbt import model_key
    from orchestration.defs.assets.quality import RAW_FINDINGS

    checks = defs.resolve_asset_graph().asset_check_keys
    named = Counter(check.name for check in checks)
    for spec in RULE_CATALOG:
        assert named[spec.suite] == 1, spec.rule_id
        (check,) = [c for c in checks if c.name == spec.suite]
        model = spec.checked_by.model
        assert check.asset_key == (model_key(model) if model else RAW_FINDINGS), spec.rule_id


def test_exactly_one_row_in_the_dbt_seed() -> None:
    with (DBT / "seeds" / "rule_catalog.csv").open(encoding="utf-8", newline="") as seed:
        rows = list(csv.DictReader(seed))
    assert sorted(r["rule_id"] for r in rows) == sorted(IDS)
    by_id = {r["rule_id"]: r for r in rows}
    for spec in RULE_CATALOG:
        assert (by_id[spec.rule_id]["severity"], by_id[spec.rule_id]["suite"]) == (
            spec.severity,
            spec.suite,
        )
