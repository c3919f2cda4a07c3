"""Findings computed a few reports at a time are the findings computed over all reports at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from expectations.findings import RULES, check_frames, report_findings
from orchestration.quality_batches import land_findings, spilled


def test_batched_findings_equal_the_whole(built, tmp_path: Path) -> None:
    warehouse, result = built
    assert result.success
    copy = tmp_path / "copy.duckdb"
    shutil.copy(warehouse.duckdb, copy)
    spill = tmp_path / "spill"
    spill.mkdir()
    with duckdb.connect(str(copy)) as conn:
        reports = conn.sql("SELECT * FROM raw.reports").pl()
        cells = conn.sql("SELECT * FROM raw.cells").pl()
        statements = conn.sql("SELECT * FROM raw.statements").pl()
        whole = report_findings(reports, cells, statements=statements)
        frames = check_frames(reports, cells, statements)
        land_findings(conn, spill, batch=4)
        batched = conn.sql("SELECT * FROM raw.quality_findings").pl()
    assert len(reports) > 8, "too few reports to make several batches"
    assert len(list(spill.glob("B-01.*.parquet"))) == -(-len(reports) // 4)
    assert whole.height > 0
    key = ["report_id", "rule_id", "location"]
    assert batched.sort(key).equals(whole.select(batched.columns).sort(key))
    for rule in RULES:
        sort = ["report_id", "location"]
        assert spilled(spill, rule.rule_id).sort(sort).equals(frames[rule.rule_id].sort(sort))
