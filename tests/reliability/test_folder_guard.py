"""An empty, unmounted or mostly emptied reports folder never wipes the warehouse or the marts.

Before: an empty folder removed every report and published empty marts, and the run succeeded;
deleted files vanished without a trace in the run summary. (Now a removed file's report stays,
withdrawn; the guard still stops a run that would withdraw most of them by accident.)
"""

from __future__ import annotations

import shutil

import pytest
from warehouse_harness import (
    agency_rows,
    make_warehouse,
    published_state,
    query,
    run_build,
    summary_of,
)


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    warehouse = make_warehouse(tmp_path_factory.mktemp("guard"), agency_rows("hongze-czj"))
    assert run_build(warehouse).success
    return warehouse


def _unchanged(warehouse, before: dict) -> None:
    assert query(warehouse, "SELECT count(*) FROM raw.reports") == [(5,)]
    assert published_state(warehouse) == before


def test_an_empty_or_missing_folder_stops_before_landing_and_says_why(landed) -> None:
    before = published_state(landed)
    stash = landed.root / "stash"
    shutil.move(landed.reports, stash)
    try:
        landed.reports.mkdir()
        for confirmed in ({}, {"NIANBAO_ALLOW_SHRINK": "1"}):  # never, even confirmed
            result = run_build(landed, env=confirmed)
            assert not result.success
            summary = summary_of(landed, result)
            assert "cause: raw__files: the reports folder" in summary
            assert "is empty" in summary and "ConnectionException" not in summary
            _unchanged(landed, before)
        landed.reports.rmdir()  # unmounted: the folder is not there at all
        result = run_build(landed)
        assert not result.success
        assert "is missing" in summary_of(landed, result)
        _unchanged(landed, before)
    finally:
        shutil.rmtree(landed.reports, ignore_errors=True)
        shutil.move(stash, landed.reports)


def test_losing_most_reports_needs_confirmation_and_is_listed(landed) -> None:
    before = published_state(landed)
    stash = landed.root / "stash2"
    stash.mkdir()
    gone = sorted(p.name for p in landed.reports.iterdir())[:3]
    for name in gone:
        shutil.move(landed.reports / name, stash / name)
    refused = run_build(landed)
    assert not refused.success
    assert "would remove 3 of the 5 reports" in summary_of(landed, refused)
    assert "NIANBAO_ALLOW_SHRINK=1" in summary_of(landed, refused)
    _unchanged(landed, before)

    confirmed = run_build(landed, env={"NIANBAO_ALLOW_SHRINK": "1"})
    assert confirmed.success
    summary = summary_of(landed, confirmed)
    assert f"removed: 3 files no longer in the folder: {', '.join(gone)}" in summary
    # the removed files' reports stay, withdrawn (已撤回), never silently gone
    assert query(landed, "SELECT count(*), count(withdrawn_at) FROM raw.reports") == [(5, 3)]
    assert "withdrawn: 3 reports whose files left the folder are kept" in summary
    assert published_state(landed)["version"] != before["version"]
