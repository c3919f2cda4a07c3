"""Real GX validations over check frames: suites fail on a bad frame and pass on a good one,
the summary names the offenders, and Data Docs are written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from quality_build import frames, one_report, report_row

from expectations.catalog import rule
from expectations.findings import across_year_findings, check_frames, report_findings
from expectations.rules.across_years import y01_frame, y02_frame
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


def _carry_pairs(carried_in: list[float | None], prev_out: list[float | None]) -> pl.DataFrame:
    n = len(carried_in)
    return pl.DataFrame(
        {
            "agency_id": ["a1"] * n,
            "report_year": [2023] * n,
            "col_key": ["total", "natural_person", "commercial"][:n],
            "report_id": ["r23"] * n,
            "prev_report_id": ["r22"] * n,
            "carried_in": carried_in,
            "prev_carried_out": prev_out,
        },
        schema_overrides={"carried_in": pl.Int64, "prev_carried_out": pl.Int64},
    )


def test_y01_carry_over() -> None:
    good = y01_frame(_carry_pairs([3, 2, None], [3, 2, 1]))
    bad = y01_frame(_carry_pairs([3, 2], [4, 2]))
    res_good, res_bad = validate_many(
        [("carry_over_continues_across_years", good), ("carry_over_continues_across_years", bad)]
    )
    assert res_good.success and good["checkable"].to_list() == [True, True, False]
    assert not res_bad.success and res_bad.failed_rows == 1
    assert res_bad.worst_offenders[0]["location"] == "requests.total"
    assert (res_bad.worst_offenders[0]["expected"], res_bad.worst_offenders[0]["printed"]) == (4, 3)


def test_y02_in_force() -> None:
    pairs = pl.DataFrame(
        {
            "agency_id": ["a1", "a1"],
            "report_year": [2023, 2023],
            "row_key": ["rules", "normative_docs"],
            "report_id": ["r23", "r23"],
            "in_force": [10, 7],
            "prev_in_force": [9, 5],
            "issued": [2, 3],
            "repealed": [1, 0],
        }
    )
    frame = y02_frame(pairs)
    assert frame["expected"].to_list() == [10.0, 8.0]
    summary = validate("in_force_counts_continue_across_years", frame)
    assert not summary.success
    assert summary.worst_offenders[0]["location"] == "proactive.normative_docs"
    with pytest.raises(ValueError, match="int_in_force_pairs: missing columns"):
        y02_frame(pairs.drop("issued"))


def test_rejected_only_batch_validates() -> None:
    reports, cells = frames([report_row(status="rejected", reason="no text layer")], {})
    checks = check_frames(reports, cells)
    summaries = validate_many([(PUBLISHER_SUITES[r], f) for r, f in checks.items()])
    assert all(s.success and s.rows == 0 for s in summaries)


def test_across_year_findings_rows() -> None:
    found = across_year_findings(carry_over_pairs=_carry_pairs([3, 2, None], [4, 2, 1]))
    assert found["outcome"].to_list() == ["cannot_check", "violation"]
    violation = found.filter(pl.col("outcome") == "violation").row(0, named=True)
    assert violation["rule_id"] == "Y-01" and violation["report_id"] == "r23"
    assert violation["message_zh"] == "Y-01 总计列：上年四、结转下年度=4，本年二、上年结转=3"
    assert across_year_findings().is_empty()
