"""Findings computed a few reports at a time are the findings computed over all reports at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from expectations.findings import RULES, check_frames, report_findings
from orchestration.lib.quality_batches import land_findings, spilled


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
        assert land_findings(conn, spill, batch=4, recheck_all=True) == len(reports)
        batched = conn.sql("SELECT * FROM raw.quality_findings").pl()
    assert len(reports) > 8, "too few reports to make several batches"
    assert len(list(spill.glob("B-01.*.parquet"))) == -(-len(reports) // 4)
    assert whole.height > 0
    key = ["report_id", "rule_id", "location"]
    assert batched.sort(key).equals(whole.select(batched.columns).sort(key))
    for rule in RULES:
        sort = ["report_id", "location"]
        assert spilled(spill, rule.rule_id).sort(sort).equals(frames[rule.rule_id].sort(sort))


def test_a_rerun_checks_only_new_changed_or_rechecked_reports(built, tmp_path: Path) -> None:
    """Findings are kept for reports checked by the same rules on the same reading; a report
    read again by another extractor, or every report after the rules change, is checked again,
    and the result equals checking everything."""
    warehouse, _ = built
    copy = tmp_path / "copy.duckdb"
    shutil.copy(warehouse.duckdb, copy)
    key = ["report_id", "rule_id", "location"]

    def land(conn: duckdb.DuckDBPyConnection) -> int:
        spill = tmp_path / f"spill{len(list(tmp_path.glob('spill*')))}"
        spill.mkdir()
        return land_findings(conn, spill, batch=4)

    with duckdb.connect(str(copy)) as conn:
        everything = conn.sql("SELECT * FROM raw.quality_findings").pl().sort(key)
        assert everything.height > 0
        assert land(conn) == 0, "a built warehouse has every report checked"
        some = [r for (r,) in conn.execute(
            "SELECT DISTINCT report_id FROM raw.quality_findings ORDER BY 1 LIMIT 3"
        ).fetchall()]  # fmt: skip
        conn.execute(
            "UPDATE raw.reports SET extractor_version = 'another' WHERE report_id IN ?", [some]
        )
        conn.execute("DELETE FROM raw.quality_findings WHERE report_id = ?", [some[0]])
        assert land(conn) == 3
        again = conn.sql("SELECT * FROM raw.quality_findings").pl().sort(key)
        assert again.equals(everything)
        conn.execute("UPDATE raw.quality_checked SET rules_version = 'old rules'")
        (reports,) = conn.execute("SELECT count(*) FROM raw.reports").fetchone()
        assert land(conn) == reports
        assert conn.sql("SELECT * FROM raw.quality_findings").pl().sort(key).equals(everything)
        gone = some[1]
        conn.execute("DELETE FROM raw.reports WHERE report_id = ?", [gone])
        assert land(conn) == 0
        (left,) = conn.execute(
            "SELECT count(*) FROM raw.quality_findings WHERE report_id = ?", [gone]
        ).fetchone()
        assert left == 0
