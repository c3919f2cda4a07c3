"""报告版本: the copies of an agency-year are versions kept side by side (report_versions), what
changed between consecutive ones is listed cell by cell (mart_restatements), and a withdrawn
version (its file left the folder) stays but no longer speaks while another one is present."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import polars as pl
import pytest
from dbt_harness import TEST_OVERRIDES, Warehouse, copy_project, run_dbt
from dbt_raw_frames import write_raw_tables
from dbt_scenario import scenario_frames

#: 沭阳县人民政府 2022: c22b (published 20 Mar, prints only 新收 总计 = 1), then c22a (30 Mar)
WITHDRAWN = ("c22a", "e21")
GOV22 = "select agency_id from intermediate.int_agency_reports where report_id = 'c22a'"


def versions(wh: Warehouse) -> list[tuple]:
    return wh.query(
        "select version_number, report_id, is_current, is_withdrawn, previous_report_id, "
        f"version_count from marts.report_versions where agency_id = ({GOV22}) "
        "and report_year = 2022 order by version_number"
    )


def test_versions_are_numbered_as_issued_and_the_later_one_is_current(warehouse) -> None:
    assert versions(warehouse) == [
        (1, "c22b", False, False, None, 2),
        (2, "c22a", True, False, "c22b", 2),
    ]
    [(single,)] = warehouse.query(
        "select version_count from marts.report_versions where report_id = 'c21'"
    )
    assert single == 1
    [(unnamed,)] = warehouse.query(
        "select count(*) from marts.report_versions where report_id = 'x00'"
    )
    assert unnamed == 0  # no agency or year: no agency-year to be a version of


def test_restatements_list_exactly_the_cells_that_changed(warehouse) -> None:
    rows = warehouse.rows("select * from marts.mart_restatements")
    assert [
        (
            r["cell_key"], r["old_value"], r["new_value"], r["old_sha256"], r["new_sha256"],
            r["old_published_on"], r["new_published_on"], r["new_is_current"],
        )
        for r in rows
    ] == [
        (
            "requests.new_received.total", 1, 0, "c22b", "c22a",
            dt.date(2023, 3, 20), dt.date(2023, 3, 30), True,
        )
    ]  # fmt: skip
    assert rows[0]["row_label_zh"].startswith("一、本年新收")


@pytest.fixture(scope="module")
def withdrawn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The scenario with the files of c22a (one of two versions) and e21 (the only one) gone
    from the folder: withdrawn_at as the landing sets it."""
    root = tmp_path_factory.mktemp("dbt_withdrawn")
    project = copy_project(root, TEST_OVERRIDES)
    db_path = root / "nianbao.duckdb"
    frames = scenario_frames()
    reports = frames["reports"]
    gone = dt.datetime(2024, 6, 1, 8, 0)
    frames["reports"] = reports.with_columns(
        withdrawn_at=pl.when(pl.col("report_id").is_in(WITHDRAWN)).then(gone)
    )
    frames["files"] = frames["files"].filter(~pl.col("report_id").is_in(WITHDRAWN))
    write_raw_tables(db_path, frames)
    run_dbt(project, root / "target", db_path, "build")
    yield Warehouse(db_path, project, root / "target")


def test_a_withdrawn_version_stays_but_the_present_one_speaks(withdrawn) -> None:
    assert versions(withdrawn) == [
        (1, "c22b", True, False, None, 2),
        (2, "c22a", False, True, "c22b", 2),
    ]
    [(chosen_by,)] = withdrawn.query(
        "select chosen_by from marts.dim_report where report_id = 'c22b'"
    )
    assert chosen_by == "withdrawn"
    [(is_withdrawn, at)] = withdrawn.query(
        "select is_withdrawn, withdrawn_at from marts.dim_report where report_id = 'c22a'"
    )
    assert is_withdrawn and at == dt.datetime(2024, 6, 1, 8, 0)
    [(speaks,)] = withdrawn.query(
        f"select report_id from marts.mart_agency_year where agency_id = ({GOV22}) "
        "and report_year = 2022"
    )
    assert speaks == "c22b"
    # the history keeps the restatement, now to a version that no longer speaks
    [(old, new, current)] = withdrawn.query(
        "select old_sha256, new_sha256, new_is_current from marts.mart_restatements"
    )
    assert (old, new, current) == ("c22b", "c22a", False)


def test_a_withdrawn_only_version_still_speaks(withdrawn) -> None:
    """With no other version of its agency-year, a withdrawn report still speaks: the marts keep
    its figures, report_versions and dim_report say it is withdrawn."""
    [(current, is_withdrawn, chosen_by)] = withdrawn.query(
        "select is_current, is_withdrawn, chosen_by from marts.report_versions "
        "where report_id = 'e21'"
    )
    assert (current, is_withdrawn, chosen_by) == (True, True, "only")
    [(new_received,)] = withdrawn.query(
        "select new_received from marts.mart_agency_year where report_id = 'e21'"
    )
    assert new_received == 3
