"""The marts built by a real `dbt build` over the scenario of scenario.py (see conftest.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from dbt_harness import Warehouse, run_dbt

from orchestration.lib.raw_tables import FINDINGS_SCHEMA


def agency_of(wh: Warehouse, report_id: str) -> str:
    [(agency_id,)] = wh.query(
        f"select agency_id from intermediate.int_agency_reports where report_id = '{report_id}'"
    )
    return agency_id


def year_row(wh: Warehouse, report_id: str) -> dict:
    [row] = wh.rows(f"select * from marts.mart_agency_year where report_id = '{report_id}'")
    return row


def test_rates_match_a_hand_computation(warehouse: Warehouse) -> None:
    row = year_row(warehouse, "c21")
    assert row["result_total"] == 80
    assert row["denied_total"] == 2
    assert row["unable_total"] == 24
    assert row["other_total"] == 4
    assert row["disclosure_rate"] == pytest.approx((40 + 10) / 80)
    assert row["denial_rate"] == pytest.approx(2 / 80)
    assert row["not_held_rate"] == pytest.approx(20 / 80)
    assert row["carry_over_rate"] == pytest.approx(10 / (85 + 5))
    assert row["review_correction_rate"] == pytest.approx(1 / (6 - 1))
    assert row["litigation_correction_rate"] == pytest.approx((1 + 0) / ((4 - 1) + (1 - 0)))
    assert row["licensing_decisions"] == 100


def test_rates_are_null_when_the_denominator_is_zero_or_blank(warehouse: Warehouse) -> None:
    row = year_row(warehouse, "c22a")
    assert row["result_total"] == 0
    assert row["disclosure_rate"] is None
    assert row["not_held_rate"] is None  # numerator blank too
    assert row["review_correction_rate"] is None  # no disputes cells at all


def test_renamed_agency_is_one_agency_across_years(warehouse: Warehouse) -> None:
    ids = {agency_of(warehouse, r) for r in ("a19", "a20", "a21", "a23")}
    assert len(ids) == 1
    [agency] = warehouse.rows(f"select * from marts.dim_agency where agency_id = '{ids.pop()}'")
    assert agency["name_count"] == 4
    assert agency["matched_by"] == "lineage"
    assert (agency["first_year"], agency["last_year"]) == (2019, 2023)
    # the latest name without the OCR-slipped prefix (沐阳) speaks for the agency
    assert agency["agency_name"] == "沭阳县科技和工业信息化局"
    assert agency["region_id"] == "321322"


def test_abbreviated_name_is_the_same_agency(warehouse: Warehouse) -> None:
    assert agency_of(warehouse, "b21") == agency_of(warehouse, "b22")  # 发展和改革局 = 发改局


def test_same_name_in_another_county_is_another_agency(warehouse: Warehouse) -> None:
    assert agency_of(warehouse, "c21") != agency_of(warehouse, "e21")
    [(region,)] = warehouse.query(
        f"select region_id from marts.dim_agency where agency_id = '{agency_of(warehouse, 'e21')}'"
    )
    assert region == "321323"


def test_a_merger_is_not_guessed(warehouse: Warehouse) -> None:
    merged = agency_of(warehouse, "g21")
    assert len({merged, agency_of(warehouse, "g20"), agency_of(warehouse, "h20")}) == 3


def test_the_governments_office_is_not_the_government(warehouse: Warehouse) -> None:
    assert agency_of(warehouse, "e21") != agency_of(warehouse, "e22")


def test_agencies_of_unknown_region_stand_alone(warehouse: Warehouse) -> None:
    assert agency_of(warehouse, "u21") != agency_of(warehouse, "u22")
    assert not warehouse.query(
        f"select 1 from marts.mart_coverage where agency_id = '{agency_of(warehouse, 'u21')}'"
    )


def test_a_hand_override_merges_what_no_rule_joins(warehouse: Warehouse) -> None:
    assert agency_of(warehouse, "f21") == agency_of(warehouse, "f22")
    [(matched_by,)] = warehouse.query(
        f"select matched_by from marts.dim_agency where agency_id = '{agency_of(warehouse, 'f21')}'"
    )
    assert matched_by == "override"


def test_an_ambiguous_or_unmatched_region_is_never_guessed(warehouse: Warehouse) -> None:
    assert agency_of(warehouse, "v21") != agency_of(warehouse, "v22")
    [region] = warehouse.rows(
        "select r.* from marts.dim_region r join intermediate.int_agency_reports a using (region_id) "
        "where a.report_id = 'p21'"
    )
    assert region["region_id"].startswith("350000-")
    assert (region["province_name"], region["county_name"]) == ("福建省", "平潭综合实验区")
    assert region["is_matched"] is False


def test_a_hand_override_splits_one_name_by_year(warehouse: Warehouse) -> None:
    assert agency_of(warehouse, "k21") != agency_of(warehouse, "k22")


def test_missing_year_shows_in_coverage(warehouse: Warehouse) -> None:
    grid = {
        row["report_year"]: row["coverage_status"]
        for row in warehouse.rows(
            "select report_year, coverage_status from marts.mart_coverage "
            f"where agency_id = '{agency_of(warehouse, 'a19')}'"
        )
    }
    assert grid == {
        2019: "published",
        2020: "published",
        2021: "published",
        2022: "missing",
        2023: "published",
    }
    [(status,)] = warehouse.query(
        "select coverage_status from marts.mart_coverage "
        f"where agency_id = '{agency_of(warehouse, 'd22')}' and report_year = 2022"
    )
    assert status == "rejected"


def test_y01_finding_when_carried_in_differs_from_last_years_carried_out(
    warehouse: Warehouse,
) -> None:
    findings = warehouse.rows(
        "select * from marts.quality_findings where rule_id = 'Y-01' order by location"
    )
    assert {(f["report_id"], f["location"], f["outcome"]) for f in findings} == {
        ("a21", "requests.natural_person", "violation"),
        ("a21", "requests.total", "violation"),
    }
    total = next(f for f in findings if f["location"] == "requests.total")
    assert (total["printed"], total["expected"], total["severity"]) == (5.0, 3.0, "warn")
    assert "a20" in total["cells"]
    # the one Chinese style, labels from the template and side names from the rule catalog
    assert total["message_zh"] == "Y-01 总计列：上年四、结转下年度=3，本年二、上年结转=5"
    assert year_row(warehouse, "a21")["quality_status"] == "findings"
    assert (
        year_row(warehouse, "a20")["quality_status"] == "passes"
    )  # 2019 → 2020 carried over exactly


def test_y02_violation_and_blank_gives_cannot_check(warehouse: Warehouse) -> None:
    rows = {
        f["location"]: f
        for f in warehouse.rows(
            "select * from marts.quality_findings where report_id = 'c22a' and rule_id = 'Y-02'"
        )
    }
    assert rows["proactive.normative_docs"]["outcome"] == "violation"
    assert rows["proactive.normative_docs"]["expected"] == 12.0
    assert rows["proactive.normative_docs"]["printed"] == 13.0
    assert rows["proactive.rules"]["outcome"] == "cannot_check"
    assert rows["proactive.normative_docs"]["message_zh"] == (
        "Y-02 行政规范性文件行：上年现行有效+制发−废止=12，现行有效=13"
    )
    assert (
        rows["proactive.rules"]["message_zh"]
        == "Y-02 规章行：无法核对，空白或缺失：规章·现行有效件数"
    )
    # no Y-02 across the template break (a20 is 2019, a21 is 2021)
    assert not warehouse.query(
        "select 1 from marts.quality_findings where report_id = 'a21' and rule_id = 'Y-02'"
    )


def test_derived_total_is_marked_and_never_guessed(warehouse: Warehouse) -> None:
    cells = {
        r["row_key"]: r
        for r in warehouse.rows(
            "select * from marts.fct_report_cells where report_id = 'b22' and col_key = 'total'"
        )
    }
    assert cells["new_received"]["value"] == 5
    assert cells["new_received"]["is_derived"] is True
    assert cells["new_received"]["value_text"] is None
    assert "np_duplicate" not in cells  # 科研机构 blank: no total
    assert year_row(warehouse, "b22")["has_derived_total"] is True
    assert year_row(warehouse, "b22")["new_received"] == 5
    printed = warehouse.query(
        "select count(*) from marts.fct_report_cells where report_id = 'c21' and is_derived"
    )
    assert printed == [(0,)]


def test_rejected_report_gives_a_rejected_row(warehouse: Warehouse) -> None:
    row = year_row(warehouse, "d22")
    assert row["quality_status"] == "rejected"
    assert row["report_status"] == "rejected"
    assert row["new_received"] is None
    # a rejected file naming no agency is in no agency mart
    assert not warehouse.query("select 1 from marts.mart_agency_year where report_id = 'x00'")


def test_two_reports_in_one_year_pick_the_later_published(warehouse: Warehouse) -> None:
    [row] = warehouse.rows(
        "select * from marts.mart_agency_year "
        f"where agency_id = '{agency_of(warehouse, 'c21')}' and report_year = 2022"
    )
    assert row["report_id"] == "c22a"  # published later (a re-issue) wins, whatever its cells
    assert row["report_count"] == 2
    chosen = warehouse.query(
        "select report_id, copies, chosen_by from intermediate.int_agency_reports "
        "where report_id in ('c22a', 'c22b') order by report_id"
    )
    assert chosen == [("c22a", 2, "published"), ("c22b", 2, None)]


def test_report_scope_findings_set_quality_status(warehouse: Warehouse) -> None:
    row = year_row(warehouse, "b21")
    assert (row["quality_status"], row["finding_count"], row["error_count"]) == ("findings", 1, 1)
    gov = year_row(warehouse, "c21")  # only a cannot_check: still passes
    assert (gov["quality_status"], gov["cannot_check_count"]) == ("passes", 1)
    [quality] = warehouse.rows("select * from marts.mart_quality where report_id = 'b21'")
    assert quality["rules_violated"] == "B-01"
    assert quality["rank_in_year"] == 1


def test_yoy_compares_only_like_with_like_across_the_template_break(warehouse: Warehouse) -> None:
    agency = agency_of(warehouse, "a21")
    rows = {
        r["metric"]: r
        for r in warehouse.rows(
            f"select * from marts.mart_agency_yoy where agency_id = '{agency}' and report_year = 2021"
        )
    }
    assert (rows["new_received"]["prev_value"], rows["new_received"]["change"]) == (12.0, 8.0)
    assert rows["new_received"]["pct_change"] == pytest.approx(8 / 12)
    assert rows["licensing_decisions"]["comparability"] == "comparable"
    for metric in ("rules_total_published", "rules_in_force"):
        assert rows[metric]["comparability"] == "template_break"
        assert rows[metric]["is_comparable"] is False
        assert rows[metric]["prev_value"] is None
    [gap] = warehouse.rows(
        "select * from marts.mart_agency_yoy "
        f"where agency_id = '{agency}' and report_year = 2023 and metric = 'new_received'"
    )
    assert (gap["comparability"], gap["prev_value"]) == ("no_previous_report", None)


def test_region_rollups_by_level(warehouse: Warehouse) -> None:
    rows = {
        r["region_year_id"]: r
        for r in warehouse.rows("select * from marts.mart_region_year where report_year = 2021")
    }
    assert rows["county:321322:2021"]["agencies_reported"] == 5
    assert rows["county:321323:2021"]["agencies_reported"] == 2
    assert rows["city:321300:2021"]["agencies_reported"] == 7
    assert rows["province:320000:2021"]["new_received"] == 20 + 6 + 85 + 3 + 4 + 1 + 1
    assert rows["province:320000:2021"]["disclosure_rate"] == pytest.approx(50 / 80)
    assert rows["county:321322:2021"]["county_name"] == "沭阳县"


def test_region_ocr_slip_matches_the_official_county(warehouse: Warehouse) -> None:
    [(region,)] = warehouse.query(
        "select region_id from intermediate.int_report_regions where report_id = 'a23'"
    )
    assert region == "321322"


def test_every_mart_column_is_documented(warehouse: Warehouse) -> None:
    manifest = json.loads((warehouse.target_dir / "manifest.json").read_text(encoding="utf-8"))
    documented = {
        node["name"]: {c for c, spec in node["columns"].items() if spec.get("description")}
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    }
    actual: dict[str, set[str]] = {}
    for table, column in warehouse.query(
        "select table_name, column_name from information_schema.columns where table_schema = 'marts'"
    ):
        actual.setdefault(table, set()).add(column)
    assert set(actual) == set(documented)
    missing = {
        t: sorted(cols - documented[t]) for t, cols in actual.items() if cols - documented[t]
    }
    assert not missing


def test_cross_year_findings_have_the_columns_of_raw_quality_findings(warehouse: Warehouse) -> None:
    columns = [
        name
        for (name,) in warehouse.query(
            "select column_name from information_schema.columns "
            "where table_schema = 'intermediate' and table_name = 'int_findings_cross_year' "
            "order by ordinal_position"
        )
    ]
    assert columns == list(FINDINGS_SCHEMA)


def test_the_rates_check_ran_and_passed(warehouse: Warehouse) -> None:
    results = json.loads((warehouse.target_dir / "run_results.json").read_text(encoding="utf-8"))
    statuses = {r["unique_id"].split(".")[2]: r["status"] for r in results["results"]}
    assert statuses["rates_within_unit_interval"] == "pass"
    assert statuses["derived_total_is_sum_of_applicants"] == "pass"
    assert all(status in ("success", "pass") for status in statuses.values())


#: the dbt unit tests (`unit_tests:` in the models' YAML) that pin the rate formulas of
#: macros/metrics.sql, by model
RATE_UNIT_TESTS = {
    "int_report_metrics": {
        "rates_follow_their_formulas",
        "rates_are_null_on_a_zero_or_blank_denominator_and_a_blank_numerator",
    },
    "mart_agency_year": {"rates_are_the_primary_reports"},
    "mart_region_year": {"region_rates_are_recomputed_from_sums"},
    "mart_agency_yoy": {"yoy_compares_each_rate_with_the_year_before"},
}


def test_the_dbt_unit_tests_run_and_pass(warehouse: Warehouse, tmp_path: Path) -> None:
    """`dbt test --select test_type:unit` over the built warehouse (a fixture takes its column
    types from the model's parent there): every unit test of the project runs — the rate
    formulas' among them — and passes. The fixture's `dbt build` runs them too, before the model
    each tests: a broken formula already stops that build, naming its unit test and the diff."""
    result = run_dbt(
        warehouse.project_dir,
        tmp_path / "target",  # not the build's: other tests read its run_results.json
        warehouse.db_path,
        "test",
        "--select",
        "test_type:unit",
        check=False,
    )
    assert result.result is not None, result.exception
    statuses = {r.node.unique_id: (str(r.status), r.message) for r in result.result.results}
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text(encoding="utf-8"))
    assert set(statuses) == set(manifest["unit_tests"])
    ran = {tuple(uid.split(".")[2:4]) for uid in statuses}  # unit_test.nianbao.<model>.<name>
    assert {(model, name) for model, names in RATE_UNIT_TESTS.items() for name in names} <= ran
    failed = {uid: status for uid, status in statuses.items() if status[0] != "pass"}
    assert not failed
    assert result.success


def test_how_a_cell_was_read_reaches_the_fact_table(warehouse: Warehouse) -> None:
    """读取方式: a cell landed as split arrives as split; a derived 总计 was not read at all."""
    how = dict(
        warehouse.query("select cell_key, how from marts.fct_report_cells where report_id = 'c21'")
    )
    assert how["requests.result_total.total"] == "split"
    assert how["requests.granted.total"] == "printed"
    derived = warehouse.query(
        "select distinct how from marts.fct_report_cells where report_id = 'b22' and is_derived"
    )
    assert derived == [(None,)]


def test_unique_combination_fails_on_exactly_the_duplicated_keys(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    """The project's uniqueness test (grouped by a hash first, then by the columns): on a copy of
    the warehouse with one fact-table row doubled and one key of int_cells_with_totals doubled
    with a null column, those two tests fail with those keys, and every other one still passes."""
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse.db_path, db)
    wal = warehouse.db_path.with_name(warehouse.db_path.name + ".wal")
    if wal.exists():  # what dbt wrote last may not be checkpointed into the file yet
        shutil.copyfile(wal, db.with_name(db.name + ".wal"))
    with duckdb.connect(str(db)) as conn:
        conn.execute(
            "INSERT INTO marts.fct_report_cells SELECT * FROM marts.fct_report_cells LIMIT 1"
        )
        for _ in range(2):
            conn.execute(
                "INSERT INTO intermediate.int_cells_with_totals SELECT * REPLACE "
                "(NULL AS cell_key) FROM intermediate.int_cells_with_totals "
                "ORDER BY report_id, cell_key LIMIT 1"
            )
    result = run_dbt(
        warehouse.project_dir, tmp_path / "target", db,
        "test", "--select", "test_name:unique_combination", check=False,
    )  # fmt: skip
    assert result.result is not None, result.exception
    failed = {
        r.node.unique_id.split(".")[2]: r.failures
        for r in result.result.results
        if str(r.status) == "fail"
    }
    assert set(failed) == {
        "unique_combination_fct_report_cells_report_id__cell_key",
        "unique_combination_int_cells_with_totals_report_id__cell_key",
    }, failed
    assert all(n == 1 for n in failed.values())
    assert len(result.result.results) > len(failed)
