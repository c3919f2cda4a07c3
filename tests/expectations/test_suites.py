"""Real GX validations over check frames: suites fail on a bad frame and pass on a good one,
the summary names the offenders, and Data Docs are written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from quality_build import frames, one_report, report_row

from expectations.catalog import rule
from expectations.findings import check_frames, model_check_frame, report_findings
from expectations.frames import CHECK_SCHEMA
from expectations.suites import PUBLISHER_SUITES
from expectations.validate import validate, validate_many
from orchestration.lib.raw_tables import STATEMENTS_SCHEMA


@pytest.fixture(scope="module")
def bad_and_good(tmp_path_factory: pytest.TempPathFactory):
    """One GX run over every publisher suite: report r1 broken everywhere, r2 consistent."""
    bad_r, bad_c = one_report(
        changes={
            ("requests", "carried_out", "total"): 5.0,  # B-01, B-03
            ("requests", "other", "commercial"): 1.0,  # B-02, B-03 (2019 其他处理)
            ("proactive", "penalty", "decisions"): -2.0,  # B-04
            ("disputes", "review", "total"): 9.0,  # C-01
            ("requests", "granted", "research"): None,  # S-01 + cannot_check
        },
        template="2019",
        report_year=2023,  # S-02
        sections="一二三五六",  # S-03
        published=dt.date(2024, 3, 1),  # T-01 (a department)
    )
    good_r, good_c = one_report(published=dt.date(2023, 1, 5))
    reports = pl.concat([bad_r, good_r.with_columns(report_id=pl.lit("r2"))])
    cells = pl.concat([bad_c, good_c.with_columns(report_id=pl.lit("r2"))])
    statements = _received_stated(cells, {"r1": 7, "r2": 0})  # X-01: r1's prose is 7 off
    checks = check_frames(reports, cells, statements)
    docs = tmp_path_factory.mktemp("gx") / "data_docs"
    items = [(PUBLISHER_SUITES[r], f) for r, f in checks.items()]
    items += [
        (PUBLISHER_SUITES[r], f.filter(pl.col("report_id") == "r2")) for r, f in checks.items()
    ]
    summaries = validate_many(items, docs)
    n = len(checks)
    return reports, cells, checks, summaries[:n], summaries[n:], docs, statements


def _received_stated(cells: pl.DataFrame, off: dict[str, int]) -> pl.DataFrame:
    """raw.statements: each report's prose states its 本年新收 总计, plus ``off``."""
    received = cells.filter(
        (pl.col("row_key") == "new_received") & (pl.col("col_key") == "total")
    ).select("report_id", "value")
    return pl.DataFrame(
        [
            {
                "report_id": r,
                "seq": 1,
                "number": int(v) + off[r],
                "quantity": "received",
                "cells": "requests.new_received.total",
                "clause": "共收到政府信息公开申请",
                "source_location": "line 3",
            }
            for r, v in received.iter_rows()
        ],
        schema=STATEMENTS_SCHEMA,
    )


def test_every_publisher_suite_fails_on_the_bad_report(bad_and_good) -> None:
    _, _, checks, bad, *_ = bad_and_good
    assert [s.rule_id for s in bad] == list(checks)
    assert [s.rule_id for s in bad if s.success] == []
    assert all(s.severity == rule(s.rule_id).severity for s in bad)  # the catalog's word


def test_every_publisher_suite_passes_on_the_good_report(bad_and_good) -> None:
    _, _, _, _, good, *_ = bad_and_good
    assert [s.suite for s in good if not s.success] == []
    assert all(s.failed_rows == 0 and s.worst_offenders == [] for s in good)


def test_gx_and_findings_agree(bad_and_good) -> None:
    """GX unexpected counts = violation findings per rule: one source, no disagreement."""
    reports, cells, _, bad, _, _, statements = bad_and_good
    found = report_findings(reports, cells, statements=statements)
    found = found.filter(pl.col("outcome") == "violation")
    per_rule = dict(found.group_by("rule_id").len().iter_rows())
    for s in bad:
        rule_exp = [e for e in s.expectations if e.columns in ("expected,printed",
                    "expected_text,printed_text", "passed")]  # fmt: skip
        assert len(rule_exp) == 1, s.suite
        assert rule_exp[0].unexpected == s.failed_rows == per_rule[s.rule_id], s.rule_id


def test_summary_names_worst_offender_with_numbers(bad_and_good) -> None:
    _, _, _, bad, *_ = bad_and_good
    c01 = next(s for s in bad if s.rule_id == "C-01")
    assert c01.worst_offenders == [
        {
            "report_id": "r1",
            "location": "disputes.review",
            "expected": 4.0,
            "printed": 9.0,
            "cells": "disputes.review.upheld,disputes.review.corrected,disputes.review.other,"
            "disputes.review.pending,disputes.review.total",
        }
    ]
    b02 = next(s for s in bad if s.rule_id == "B-02")
    assert b02.cannot_check == 1  # the blank granted × research cell
    b01 = next(s for s in bad if s.rule_id == "B-01")
    assert b01.cannot_check == 0
    meta = b01.metadata()
    assert meta["failed_expectations"] == [
        "expect_column_pair_values_to_be_equal(expected,printed): 1 unexpected"
    ]
    assert meta["data_docs"].endswith("index.html")


def test_data_docs_index_exists(bad_and_good) -> None:
    *_, docs, _ = bad_and_good
    index = Path(docs) / "index.html"
    assert index.is_file()
    pages = list((Path(docs) / "validations").rglob("*.html"))
    assert len(pages) == 2 * 10
    assert "requests_inflow_equals_outflow" in index.read_text(encoding="utf-8")


def test_cannot_check_rows_are_not_failures() -> None:
    """A frame where every row is cannot_check passes the rule expectation (nothing checked)."""
    reports, cells = one_report(changes={("disputes", "review", "pending"): None})
    c01 = check_frames(reports, cells)["C-01"]
    assert c01.filter(~pl.col("checkable")).height == 1
    assert validate("disputes_outcomes_add_up_to_total", c01).success


def test_duplicate_location_breaks_the_frame_shape() -> None:
    reports, cells = one_report()
    b01 = check_frames(reports, cells)["B-01"]
    summary = validate("requests_inflow_equals_outflow", pl.concat([b01, b01.head(1)]))
    assert not summary.success
    failed = [e.expectation for e in summary.expectations if not e.success]
    assert failed == ["expect_compound_columns_to_be_unique"]


def _cross_year_rows(*rows: tuple[str, str, float | None, float | None]) -> pl.DataFrame:
    """Rows shaped like dbt ``int_checks_cross_year`` (rule, location, expected, printed), with
    its context columns; the arithmetic is the SQL's (tests/dbt), these rows only carry it."""
    checkable = [e is not None and p is not None for _, _, e, p in rows]
    return pl.DataFrame(
        {
            "report_id": ["r23"] * len(rows),
            "rule_id": [r for r, *_ in rows],
            "location": [loc for _, loc, *_ in rows],
            "cells": [f"{loc}@r22" for _, loc, *_ in rows],
            "expected": [e for _, _, e, _ in rows],
            "printed": [p for *_, p in rows],
            "checkable": checkable,
            "passed": [
                e == p if c else None for (_, _, e, p), c in zip(rows, checkable, strict=True)
            ],
            "blank_cells": [None if c else "x" for c in checkable],
            "agency_id": ["a1"] * len(rows),
            "report_year": [2023] * len(rows),
            "prev_report_id": ["r22"] * len(rows),
            "where_zh": ["总计列"] * len(rows),
            "blank_zh": [None] * len(rows),
        },
        schema_overrides={"expected": pl.Float64, "printed": pl.Float64},
    )


def test_cross_year_rows_are_conformed_and_validated_as_they_are() -> None:
    """Y-01 / Y-02 rows of dbt are the check frames: conformed, one rule each, GX-validated."""
    rows = _cross_year_rows(
        ("Y-01", "requests.total", 3, 3),
        ("Y-01", "requests.natural_person", 4, 3),
        ("Y-01", "requests.commercial", None, 1),
        ("Y-02", "proactive.rules", 10, 10),
    )
    y01, y02 = model_check_frame("Y-01", rows), model_check_frame("Y-02", rows)
    assert y01.schema == pl.Schema(CHECK_SCHEMA) == y02.schema
    assert y01["location"].to_list() == [
        "requests.total", "requests.natural_person", "requests.commercial",
    ]  # fmt: skip
    assert y01["checkable"].to_list() == [True, True, False]
    res01, res02 = validate_many([(PUBLISHER_SUITES["Y-01"], y01), (PUBLISHER_SUITES["Y-02"], y02)])
    assert not res01.success and res01.failed_rows == 1 and res01.cannot_check == 1
    offender = res01.worst_offenders[0]
    assert (offender["location"], offender["expected"], offender["printed"]) == (
        "requests.natural_person", 4.0, 3.0,
    )  # fmt: skip
    assert res02.success and res02.rows == 1
    # a frame built by a rules module, or per report, is not read this way
    with pytest.raises(ValueError, match="per report"):
        model_check_frame("B-01", rows)


def test_rejected_only_batch_validates() -> None:
    reports, cells = frames([report_row(status="rejected", reason="no text layer")], {})
    checks = check_frames(reports, cells)
    summaries = validate_many([(PUBLISHER_SUITES[r], f) for r, f in checks.items()])
    assert all(s.success and s.rows == 0 for s in summaries)
