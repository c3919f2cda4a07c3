"""Y-01 and Y-02 are computed once, in SQL (int_checks_cross_year): the check rows of every pair,
the findings that are their failing rows, and the GX suites run over the very same rows."""

from __future__ import annotations

import duckdb
import polars as pl
from dbt_harness import Warehouse

from expectations.findings import model_check_frame
from expectations.suites import PUBLISHER_SUITES
from expectations.validate import validate_many


def _frame(warehouse: Warehouse, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(warehouse.db_path)) as conn:
        return conn.sql(sql).pl()


def test_one_check_row_per_pair_and_location(warehouse: Warehouse) -> None:
    counts = dict(
        warehouse.query(
            "select rule_id, count(*) from intermediate.int_checks_cross_year group by 1"
        )
    )
    [(carry,)] = warehouse.query("select count(*) from intermediate.int_carry_over_pairs")
    [(in_force,)] = warehouse.query("select count(*) from intermediate.int_in_force_pairs")
    assert counts == {"Y-01": carry, "Y-02": in_force}


def test_check_rows_pass_fail_and_cannot_check(warehouse: Warehouse) -> None:
    rows = {
        (r["report_id"], r["location"]): r
        for r in warehouse.rows("select * from intermediate.int_checks_cross_year")
    }
    passing = rows[("a20", "requests.total")]  # 2019 → 2020 carried over exactly
    assert (passing["expected"], passing["printed"], passing["checkable"], passing["passed"]) == (
        2.0,
        2.0,
        True,
        True,
    )
    assert passing["blank_cells"] is None and passing["prev_report_id"] == "a19"
    carried = rows[("a21", "requests.total")]
    assert (carried["expected"], carried["printed"], carried["passed"]) == (3.0, 5.0, False)
    assert carried["cells"] == "requests.carried_in.total,requests.carried_out.total@a20"
    assert carried["where_zh"] == "总计列"
    in_force = rows[("c22a", "proactive.normative_docs")]
    assert (in_force["expected"], in_force["printed"], in_force["passed"]) == (12.0, 13.0, False)
    blank = rows[("c22a", "proactive.rules")]
    assert (blank["checkable"], blank["passed"]) == (False, None)
    assert blank["blank_cells"] == "proactive.rules.in_force"
    assert blank["blank_zh"] == "规章·现行有效件数"


def test_findings_are_the_failing_check_rows(warehouse: Warehouse) -> None:
    key = "report_id, rule_id, location, cells, expected, printed"
    failing = warehouse.query(
        f"select {key}, case when checkable then 'violation' else 'cannot_check' end "
        "from intermediate.int_checks_cross_year where not checkable or not passed order by all"
    )
    found = warehouse.query(
        f"select {key}, outcome from intermediate.int_findings_cross_year order by all"
    )
    assert found == failing and found


def test_gx_validates_the_sql_rows_and_agrees_with_the_findings(warehouse: Warehouse) -> None:
    """The Dagster check's path: the model's rows, conformed, through the rules' GX suites."""
    rows = _frame(warehouse, "select * from intermediate.int_checks_cross_year")
    findings = _frame(warehouse, "select * from intermediate.int_findings_cross_year")
    summaries = validate_many(
        [(PUBLISHER_SUITES[r], model_check_frame(r, rows)) for r in ("Y-01", "Y-02")]
    )
    for summary in summaries:
        mine = findings.filter(pl.col("rule_id") == summary.rule_id)
        violations = mine.filter(pl.col("outcome") == "violation").height
        assert not summary.success and summary.failed_rows == violations > 0, summary.rule_id
        assert summary.cannot_check == mine.height - violations
        assert summary.rows == rows.filter(pl.col("rule_id") == summary.rule_id).height
