"""X-01 over generated reports: prose written from the printed table raises no finding, in any
format and wording; prose that states a different count raises exactly one, on that count."""

from __future__ import annotations

import random
from dataclasses import replace

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.render import random_variant, render
from corpus.truth import generate_truth
from expectations.findings import report_findings
from extract.api import extract_bytes
from orchestration.lib import shaping

KINDS = {"txt": 3, "md": 1, "html": 3, "docx": 1}


def x01(truth, kind_seed: int) -> pl.DataFrame:
    variant = random_variant(random.Random(kind_seed), truth, KINDS)
    ex = extract_bytes(render(truth, variant), f"r{variant.suffix}")
    assert ex.status == "ok", ex.reason
    reports = shaping.reports_frame([ex], ["r"], "test")
    found = report_findings(
        reports, shaping.cells_frame([ex]), statements=shaping.statements_frame([ex])
    )
    return found.filter((pl.col("rule_id") == "X-01") & (pl.col("outcome") == "violation"))


@settings(max_examples=30, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**31), kind_seed=st.integers(0, 1000), slip=st.integers(1, 40))
def test_prose_agrees_with_its_table_unless_planted(seed: int, kind_seed: int, slip: int) -> None:
    truth = generate_truth(seed)
    assert x01(truth, kind_seed).is_empty()
    if truth.cells.get(("requests", "new_received", "total")) is None:
        return  # no 总计 printed: the prose states the applicants' sum, planted below anyway
    off = x01(replace(truth, narrative_slip=slip), kind_seed)
    assert off.height == 1
    row = off.row(0, named=True)
    assert row["cells"] == "requests.new_received.total"
    assert row["expected"] - row["printed"] == slip
    assert row["message_zh"].startswith("X-01 正文：“本年度共收到政府信息公开申请")
