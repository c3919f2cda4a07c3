"""Restatements kept, never overwritten; a removed file is withdrawn, not forgotten.

The default corpus re-issues 焦作市人民政府's 2024 report a week later with five cells changed
(manifest column ``restates``; its truth in truth.csv). Built by the real job: both versions are
kept, mart_restatements lists exactly the changed cells. Then the restated file leaves the folder:
its report stays, marked withdrawn, and the original speaks again; a re-run changes nothing; the
file coming back un-withdraws it.

Before: a file removed from the folder took its report and cells out of the warehouse.
"""

from __future__ import annotations

import csv
import hashlib
import shutil

import pytest
from warehouse_harness import CORPUS, agency_rows, make_warehouse, query, run_build, summary_of

RAW_STATE = (
    "SELECT report_id, status, first_seen, withdrawn_at, cell_count FROM raw.reports ORDER BY 1",
    "SELECT count(*), count(DISTINCT report_id) FROM raw.cells",
)
VERSIONS = (
    "SELECT version_number, file_name, is_current, is_withdrawn FROM marts.report_versions "
    "WHERE report_year = 2024 ORDER BY version_number"
)


def _sha(name: str) -> str:
    return hashlib.sha256((CORPUS / "reports" / name).read_bytes()).hexdigest()


def _truth_changes(original: str, restated: str) -> set[tuple[str, int, int]]:
    """(cell_key, old, new) for every cell the two files print differently (truth.csv)."""
    with (CORPUS / "truth.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["table"] != "meta"]
    cells = {
        name: {f"{r['table']}.{r['row']}.{r['col']}": r["value"] for r in rows if r["file"] == name}
        for name in (original, restated)
    }
    old, new = cells[original], cells[restated]
    return {(k, int(old[k]), int(new[k])) for k in old if old[k] != new[k]}


@pytest.fixture(scope="module")
def restated_pair() -> tuple[str, str]:
    [row] = [r for r in agency_rows("jiaozuo-gov") if r["restates"]]
    return row["restates"], row["file"]


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    warehouse = make_warehouse(tmp_path_factory.mktemp("versions"), agency_rows("jiaozuo-gov"))
    assert run_build(warehouse).success
    return warehouse


def test_the_restated_report_is_a_new_version_and_its_changes_are_listed(
    landed, restated_pair
) -> None:
    original, restated = restated_pair
    assert query(landed, VERSIONS) == [(1, original, False, False), (2, restated, True, False)]
    listed = query(
        landed,
        "SELECT cell_key, coalesce(old_value, old_amount), coalesce(new_value, new_amount), "
        "old_sha256, new_sha256, old_published_on < new_published_on FROM marts.mart_restatements",
    )
    changes = _truth_changes(original, restated)
    assert len(changes) == 5
    assert {(k, int(o), int(n)) for k, o, n, *_ in listed} == changes
    assert {tuple(r[3:]) for r in listed} == {(_sha(original), _sha(restated), True)}
    [(speaks,)] = query(
        landed, "SELECT report_id FROM marts.mart_agency_year WHERE report_year = 2024"
    )
    assert speaks == _sha(restated)


def test_a_removed_file_is_withdrawn_then_restored(landed, restated_pair) -> None:
    original, restated = restated_pair
    stash = landed.root / "stash"
    stash.mkdir()
    shutil.move(landed.reports / restated, stash / restated)
    result = run_build(landed)
    assert result.success
    assert f"removed: 1 files no longer in the folder: {restated}" in summary_of(landed, result)
    [(status, withdrawn_at)] = query(
        landed,
        f"SELECT status, withdrawn_at FROM raw.reports WHERE report_id = '{_sha(restated)}'",
    )
    assert status == "ok" and withdrawn_at is not None
    [(cells,)] = query(
        landed, f"SELECT count(*) FROM raw.cells WHERE report_id = '{_sha(restated)}'"
    )
    assert cells == 200  # its cells stay with it
    assert query(landed, VERSIONS) == [(1, original, True, False), (2, restated, False, True)]
    [(speaks,)] = query(
        landed, "SELECT report_id FROM marts.mart_agency_year WHERE report_year = 2024"
    )
    assert speaks == _sha(original)
    assert query(
        landed,
        f"SELECT is_withdrawn, chosen_by FROM marts.dim_report WHERE report_id = '{_sha(original)}'",
    ) == [(False, "withdrawn")]
    assert len(query(landed, "SELECT * FROM marts.mart_restatements")) == 5  # history stays

    # the same folder again: the same warehouse, nothing duplicated, the stamp kept
    before = [query(landed, sql) for sql in RAW_STATE]
    marts_before = query(landed, "SELECT count(*) FROM marts.fct_report_cells")
    assert run_build(landed).success
    assert [query(landed, sql) for sql in RAW_STATE] == before
    assert query(landed, "SELECT count(*) FROM marts.fct_report_cells") == marts_before

    # the file comes back: un-withdrawn, current again
    shutil.move(stash / restated, landed.reports / restated)
    assert run_build(landed).success
    [(withdrawn_at,)] = query(
        landed, f"SELECT withdrawn_at FROM raw.reports WHERE report_id = '{_sha(restated)}'"
    )
    assert withdrawn_at is None
    assert query(landed, VERSIONS) == [(1, original, False, False), (2, restated, True, False)]
    [(reports, distinct)] = query(
        landed, "SELECT count(*), count(DISTINCT report_id) FROM raw.reports"
    )
    assert reports == distinct == len(agency_rows("jiaozuo-gov"))
