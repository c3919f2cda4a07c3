"""Pipeline integrity suites (blocking): nothing lost, duplicated or invented on landing."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from quality_build import frames, one_report, report_row

from expectations.rules.integrity import (
    cell_tallies,
    files_frame,
    landing_frame,
    landing_from_tallies,
)
from expectations.suites import INTEGRITY_SUITES
from expectations.validate import reconcile_row_counts, validate, validate_many
from orchestration.lib.raw_tables import FILES_SCHEMA

LANDING = INTEGRITY_SUITES["landing"]
FILES = INTEGRITY_SUITES["files"]


def _files(*rows: tuple[str, str]) -> pl.DataFrame:
    data = [{"path": p, "report_id": r, "size_bytes": 1, "format": "txt"} for p, r in rows]
    return pl.DataFrame(data, schema=FILES_SCHEMA)


def test_clean_landing_passes() -> None:
    reports, cells = one_report()
    rejected, _ = frames([report_row("r9", status="rejected", reason="not a report")], {})
    reports = pl.concat([reports, rejected])
    files = _files(("a.txt", "r1"), ("copy/a.txt", "r1"), ("b.pdf", "r9"))
    landing, found = validate_many(
        [(LANDING, landing_frame(reports, cells)), (FILES, files_frame(files, reports))]
    )
    assert landing.success and found.success
    assert landing.severity == "error"


def test_duplicated_cell_row_fails() -> None:
    reports, cells = one_report()
    dup = pl.concat([cells, cells.filter(pl.col("row_key") == "granted").head(1)])
    frame = landing_frame(reports, dup)
    summary = validate(LANDING, frame)
    assert not summary.success
    assert frame["duplicate_cells"].to_list() == [1]
    failed = {e.expectation + ":" + e.columns for e in summary.expectations if not e.success}
    # one extra row: also more cells landed than the extractor emitted
    assert failed == {
        "expect_column_values_to_be_between:duplicate_cells",
        "expect_column_pair_values_to_be_equal:declared_cells,landed_cells",
    }
    assert summary.worst_offenders[0]["offending"].startswith("requests.granted.natural_person")


def test_dropped_cell_and_unknown_key_fail() -> None:
    reports, cells = one_report()
    unknown = cells.head(1).with_columns(row_key=pl.lit("made_up_row"))
    frame = landing_frame(reports, pl.concat([cells.slice(2), unknown]))
    assert frame.select("declared_cells", "landed_cells", "unknown_keys").row(0) == (200, 199, 1)
    summary = validate(LANDING, frame)
    assert not summary.success and summary.failed_rows == 1


def test_other_version_row_is_a_known_key() -> None:
    reports, cells = one_report()
    mixed = cells.filter(pl.col("row_key") != "other_other").with_columns(
        row_key=pl.when(pl.col("row_key") == "other_fee_unpaid")
        .then(pl.lit("other"))
        .otherwise("row_key")
    )
    frame = landing_frame(reports.with_columns(cell_count=pl.lit(mixed.height, pl.Int32)), mixed)
    assert frame["unknown_keys"].to_list() == [0]


def test_rejected_without_reason_fails() -> None:
    reports, cells = frames([report_row("r9", status="rejected", reason=" ")], {})
    assert not validate(LANDING, landing_frame(reports, cells)).success


def test_vanished_file_fails() -> None:
    reports, _ = one_report()
    files = _files(("a.txt", "r1"), ("lost.pdf", "r404"))
    summary = validate(FILES, files_frame(files, reports))
    assert not summary.success
    assert summary.worst_offenders == [{"path": "lost.pdf", "report_id": "r404"}]


def test_row_counts_reconcile() -> None:
    assert reconcile_row_counts(5, 5).success
    bad = reconcile_row_counts(5, 4)
    assert not bad.success and bad.worst_offenders[0] == {
        "key": "*",
        "left_rows": 5,
        "right_rows": 4,
    }
    raw = pl.DataFrame({"report_id": ["a", "a", "b"]})
    later = pl.DataFrame({"report_id": ["a", "b", "b"]})
    by_key = reconcile_row_counts(raw, later, key="report_id")
    assert not by_key.success and by_key.failed_rows == 2
    assert reconcile_row_counts(
        raw, raw.sample(fraction=1.0, shuffle=True), key="report_id"
    ).success


def test_orphan_cells_fail() -> None:
    """Cells of a report_id that is not in raw.reports: a row with no status, which fails."""
    reports, cells = one_report()
    orphan = cells.head(3).with_columns(report_id=pl.lit("ghost"))
    frame = landing_frame(reports, pl.concat([cells, orphan]))
    assert frame.filter(pl.col("report_id") == "ghost")["landed_cells"].to_list() == [3]
    summary = validate(LANDING, frame)
    assert not summary.success
    assert summary.worst_offenders[0]["report_id"] == "ghost"


def test_ok_report_without_cells_or_template_fails() -> None:
    reports, cells = one_report()
    no_cells, _ = frames([report_row("r2")], {})
    no_template = reports.with_columns(report_id=pl.lit("r3"), template=pl.lit(None, pl.String))
    both = pl.concat([reports, no_cells, no_template])
    summary = validate(LANDING, landing_frame(both, cells))
    assert not summary.success
    assert sorted(o["report_id"] for o in summary.worst_offenders) == ["r2", "r3"]
    failed = {e.expectation + ":" + e.columns for e in summary.expectations if not e.success}
    assert failed == {
        "expect_column_values_to_not_be_null:template",
        "expect_column_values_to_be_between:landed_cells",
        "expect_column_pair_values_to_be_equal:declared_cells,landed_cells",  # r3 declared 200
    }


def _messy_landing(seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Five reports' cells with duplicates, unknown keys, dropped cells and an orphan."""
    reports, cells = one_report()
    ids = [f"r{i}" for i in range(5)]
    reports = pl.concat([reports.with_columns(report_id=pl.lit(i)) for i in ids])
    many = pl.concat([cells.with_columns(report_id=pl.lit(i)) for i in [*ids, "ghost"]])
    shuffled = many.sample(fraction=1.0, shuffle=True, seed=seed)
    dup = shuffled.slice(20, 7)
    unknown = shuffled.head(5).with_columns(col_key=pl.lit("made_up"))
    return reports, pl.concat([shuffled.slice(20), dup, unknown])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), parts=st.integers(1, 7))
def test_tallies_of_report_parts_add_up_to_the_whole(seed: int, parts: int) -> None:
    """The warehouse tallies cells a hash part at a time: the same frame as all at once."""
    reports, cells = _messy_landing(seed)
    bucket = pl.col("report_id").hash(seed) % parts
    pieces = [cell_tallies(cells.filter(bucket == p)) for p in range(parts)]
    in_parts = landing_from_tallies(reports, pl.concat(pieces, how="vertical_relaxed"))
    whole = landing_frame(reports, cells)
    assert_frame_equal(in_parts, whole, check_row_order=False)
    assert whole["duplicate_cells"].sum() > 0 and whole["unknown_keys"].sum() > 0


def test_reconcile_of_counts_is_reconcile_of_rows() -> None:
    """Counted per key in the warehouse, or row by row: the same verdict and offenders."""
    raw = pl.DataFrame({"report_id": ["a", "a", "b", "c"]})
    later = pl.DataFrame({"report_id": ["a", "b", "b", "d"]})

    def counted(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.group_by("report_id").agg(n=pl.len())

    rows = reconcile_row_counts(raw, later, key="report_id")
    counts = reconcile_row_counts(counted(raw), counted(later), key="report_id", rows="n")
    assert not counts.success and counts.failed_rows == rows.failed_rows == 4
    assert counts.worst_offenders == rows.worst_offenders
    assert reconcile_row_counts(counted(raw), counted(raw), key="report_id", rows="n").success
