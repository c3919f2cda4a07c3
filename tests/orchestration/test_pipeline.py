"""The whole graph, materialized for real: files → Dagster → DuckDB → dbt → GX → published marts."""

from __future__ import annotations

import csv

import dagster as dg
import duckdb
import pytest
from pipeline_harness import CORPUS, run_build

from expectations.suites import INTEGRITY_SUITES


def _truth() -> dict[tuple[str, str, str, str], str]:
    with (CORPUS / "truth.csv").open(encoding="utf-8") as handle:
        return {
            (r["file"], r["table"], r["row"], r["col"]): r["value"] for r in csv.DictReader(handle)
        }


def _counts(path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as conn:
        tables = conn.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema IN ('raw', 'staging', 'intermediate', 'marts') ORDER BY 1, 2"
        ).fetchall()
        return {
            f"{s}.{t}": conn.execute(f'SELECT count(*) FROM "{s}"."{t}"').fetchone()[0]
            for s, t in tables
        }


def test_job_succeeds_and_lands_every_file(built) -> None:
    warehouse, result = built
    assert result.success
    with duckdb.connect(str(warehouse.duckdb), read_only=True) as conn:
        files = conn.execute("SELECT count(*) FROM raw.files").fetchone()[0]
        status = dict(
            conn.execute("SELECT status, count(*) FROM raw.reports GROUP BY 1").fetchall()
        )
        rejected = dict(
            conn.execute(
                "SELECT path, reason FROM raw.reports WHERE status = 'rejected'"
            ).fetchall()
        )
    bad = {r["file"] for r in warehouse.manifest if r["status"] == "bad"}
    assert files == len(warehouse.manifest)
    assert set(rejected) == bad, "exactly the bad files are rejected"
    assert all(reason for reason in rejected.values()), "every rejection has a reason"
    assert status["ok"] == len(warehouse.manifest) - len(bad)


def test_marts_hold_the_generated_truth(built) -> None:
    """Requests totals in mart_agency_year equal the generator's numbers, agency by agency."""
    warehouse, _ = built
    truth = _truth()
    with duckdb.connect(str(warehouse.duckdb), read_only=True) as conn:
        rows = conn.execute(
            "SELECT r.path, m.agency_id, m.new_received, m.carried_in, m.carried_over "
            "FROM marts.mart_agency_year m JOIN raw.reports r ON r.report_id = m.report_id"
        ).fetchall()
    assert rows
    generated_agency = {r["file"]: r["agency_id"] for r in warehouse.manifest}
    ours_by_generated: dict[str, set[str]] = {}
    for path, agency_id, new_received, carried_in, carried_over in rows:
        for key, got in (
            ("new_received", new_received),
            ("carried_in", carried_in),
            ("carried_out", carried_over),
        ):
            want = truth.get((path, "requests", key, "total"))
            if want is None or want == "EMPTY":
                continue
            assert got is not None and float(got) == float(want), (path, key, got, want)
        ours_by_generated.setdefault(generated_agency[path], set()).add(agency_id)
    # one agency across years, renamed or not; different agencies stay apart
    assert all(len(ids) == 1 for ids in ours_by_generated.values()), ours_by_generated
    flat = [next(iter(ids)) for ids in ours_by_generated.values()]
    assert len(flat) == len(set(flat))


def test_consistency_checks_name_the_injected_slips(built) -> None:
    warehouse, result = built
    evaluations = {e.asset_check_key.name: e for e in result.get_asset_check_evaluations()}
    b01 = evaluations["requests_inflow_equals_outflow"]
    slipped = {r["file"] for r in warehouse.manifest if "B-01" in r["rules"].split(";")}
    offenders = {o["path"] for o in b01.metadata["worst_offenders"].value}
    if slipped:
        assert not b01.passed
        assert b01.severity == dg.AssetCheckSeverity.ERROR  # the catalog's word for B-01
        assert b01.metadata["severity"].value == "error"
        assert slipped <= offenders
    with duckdb.connect(str(warehouse.duckdb), read_only=True) as conn:
        found = {
            (path, rule)
            for path, rule in conn.execute(
                "SELECT r.path, f.rule_id FROM marts.quality_findings f "
                "JOIN raw.reports r USING (report_id) WHERE f.outcome = 'violation'"
            ).fetchall()
        }
    for row in warehouse.manifest:
        for rule in filter(None, row["rules"].split(";")):
            assert (row["file"], rule) in found, (row["file"], rule)


def test_integrity_gates_pass_and_marts_are_published(built) -> None:
    warehouse, result = built
    gates = {s.name for s in INTEGRITY_SUITES.values()}
    blocking = [e for e in result.get_asset_check_evaluations() if e.asset_check_key.name in gates]
    assert blocking and all(e.passed for e in blocking), [
        e.asset_check_key for e in blocking if not e.passed
    ]
    published = warehouse.publish / "nianbao_marts.duckdb"
    with duckdb.connect(str(published), read_only=True) as reader:
        got = reader.execute("SELECT count(*) FROM mart_agency_year").fetchone()[0]
    assert got == _counts(warehouse.duckdb)["marts.mart_agency_year"] > 0
    assert (warehouse.publish / "parquet" / "mart_agency_year.parquet").is_file()


def _cross_year_checks(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    ruled = [(getattr(e.metadata.get("rule_id"), "value", None), e) for e in
             result.get_asset_check_evaluations()]  # fmt: skip
    return {rule: e for rule, e in ruled if rule in ("Y-01", "Y-02")}


def test_rerun_changes_nothing(built) -> None:
    warehouse, first = built
    before = _counts(warehouse.duckdb)
    again = run_build(warehouse)
    assert again.success
    assert _counts(warehouse.duckdb) == before
    extracted = [m for m in again.asset_materializations_for_node("raw_extractions")]
    assert extracted and extracted[0].metadata["extracted_this_run"].value == 0
    # the cross-year rows were validated by the first run: none again, same verdict
    checks, rechecks = _cross_year_checks(first), _cross_year_checks(again)
    assert set(checks) == set(rechecks) == {"Y-01", "Y-02"}
    assert not checks["Y-01"].passed, "the corpus plants a Y-01 slip"
    for rule, check in checks.items():
        recheck = rechecks[rule]
        rows = check.metadata["rows_in_model"].value
        assert check.metadata["rows_checked"].value == rows > 0
        assert recheck.metadata["rows_checked"].value == 0
        assert recheck.metadata["rows_in_model"].value == rows
        stood = check.metadata["violations_in_warehouse"].value
        assert stood == check.metadata["failed_rows"].value
        assert recheck.metadata["violations_in_warehouse"].value == stood
        assert recheck.passed == check.passed


@pytest.mark.parametrize("table", ["raw.cells"])
def test_no_duplicate_cells(built, table: str) -> None:
    warehouse, _ = built
    with duckdb.connect(str(warehouse.duckdb), read_only=True) as conn:
        dupes = conn.execute(
            f"SELECT count(*) FROM (SELECT report_id, table_name, row_key, col_key FROM {table} "
            "GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()[0]
    assert dupes == 0
