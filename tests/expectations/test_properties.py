"""Property: on a consistent report, changing any one cell makes only the rules that involve
that cell fire, each finding naming it; blanking it yields cannot_check, never a violation of an
arithmetic rule."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from quality_build import consistent_values, one_report

from expectations.findings import report_findings

KEYS = {t: sorted(consistent_values(t)) for t in ("2019", "2021")}
ARITHMETIC = {"B-01", "B-02", "B-03", "C-01"}


@st.composite
def one_change(draw: st.DrawFn) -> tuple[str, tuple[str, str, str], int]:
    template = draw(st.sampled_from(["2019", "2021"]))
    key = draw(st.sampled_from(KEYS[template]))
    delta = draw(st.integers(min_value=1, max_value=50))
    return template, key, delta


def _report(template: str, changes: dict) -> tuple[pl.DataFrame, pl.DataFrame]:
    published = dt.date(2021, 1, 5) if template == "2019" else dt.date(2023, 1, 5)
    return one_report(template, changes=changes, published=published)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_change())
def test_one_changed_cell_is_named_by_every_finding(change) -> None:
    template, key, delta = change
    value = consistent_values(template)[key] + delta
    found = report_findings(*_report(template, {key: value}))
    cell = ".".join(key)
    assert set(found["outcome"]) <= {"violation"}
    for cells in found["cells"]:
        assert cell in cells.split(",")
    if key[0] != "proactive":  # proactive cells take part in no sum
        assert set(found["rule_id"]) & ARITHMETIC


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_change())
def test_one_blank_cell_is_cannot_check(change) -> None:
    template, key, _ = change
    found = report_findings(*_report(template, {key: None}))
    cell = ".".join(key)
    arithmetic = found.filter(pl.col("rule_id").is_in(list(ARITHMETIC)))
    assert set(arithmetic["outcome"]) <= {"cannot_check"}
    for rule_id, outcome, cells in found.select("rule_id", "outcome", "cells").iter_rows():
        assert cell in cells.split(","), (rule_id, outcome)
    s01 = found.filter(pl.col("rule_id") == "S-01")
    assert s01["outcome"].to_list() == ["violation"]  # the blank is counted, never guessed
