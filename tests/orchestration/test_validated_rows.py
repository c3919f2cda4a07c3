"""The check-frame rows GX has validated are not validated again (orchestration.lib.validated_rows),
on a real DuckDB file: new and changed rows are fresh, rows gone leave, a new version starts over."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.lib import validated_rows
from orchestration.lib.warehouse import ensure_raw_tables


def _frame(passed: list[bool | None], offset: int = 0) -> pl.DataFrame:
    n = len(passed)
    return validated_rows.with_digests(
        pl.DataFrame(
            {
                "report_id": [f"r{i + offset}" for i in range(n)],
                "location": ["requests.total"] * n,
                "expected": [float(i) for i in range(n)],
                "passed": passed,
            }
        )
    )


@pytest.fixture
def conn(tmp_path: Path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        ensure_raw_tables(conn)
        yield conn


def test_only_new_and_changed_rows_are_fresh(conn: duckdb.DuckDBPyConnection) -> None:
    y01, y02 = _frame([True, False, None, True]), _frame([True, True])
    fresh = validated_rows.fresh_rows(conn, {"Y-01": y01, "Y-02": y02})
    assert fresh["Y-01"].equals(y01) and fresh["Y-02"].equals(y02)
    assert validated_rows.record(conn, {"Y-01": y01, "Y-02": y02}) == 6

    assert all(f.height == 0 for f in validated_rows.fresh_rows(conn, {"Y-01": y01}).values())
    # one row's outcome changes, one row is new, one is gone
    changed = pl.concat(
        [
            y01.head(3).drop(validated_rows.DIGEST),
            pl.DataFrame(
                {"report_id": ["r3"], "location": ["requests.total"], "expected": [9.0]},
                schema_overrides={"expected": pl.Float64},
            ).with_columns(passed=pl.lit(False)),
            pl.DataFrame(
                {"report_id": ["r9"], "location": ["requests.total"], "expected": [1.0]}
            ).with_columns(passed=pl.lit(True)),
        ]
    ).pipe(validated_rows.with_digests)
    fresh = validated_rows.fresh_rows(conn, {"Y-01": changed})["Y-01"]
    assert fresh["report_id"].to_list() == ["r3", "r9"]
    assert validated_rows.record(conn, {"Y-01": changed}) == 2
    kept = conn.execute(
        "SELECT rule_id, count(*) FROM raw.validated_rows GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert kept == [("Y-01", 5), ("Y-02", 2)]  # r3's old row left; Y-02 untouched


def test_a_new_version_validates_every_row_again(
    conn: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _frame([True, False])
    validated_rows.record(conn, {"S-04": frame})
    assert validated_rows.fresh_rows(conn, {"S-04": frame})["S-04"].height == 0
    monkeypatch.setattr(validated_rows, "version", lambda: "other rules")
    assert validated_rows.fresh_rows(conn, {"S-04": frame})["S-04"].height == 2
    validated_rows.record(conn, {"S-04": frame})
    assert conn.execute("SELECT DISTINCT version FROM raw.validated_rows").fetchall() == [
        ("other rules",)
    ]


def test_recording_is_one_transaction(conn: duckdb.DuckDBPyConnection) -> None:
    frame = _frame([True, True, False])
    validated_rows.record(conn, {"Y-02": frame})
    broken = frame.with_columns(digest_a=pl.lit("not a number"))
    with pytest.raises(duckdb.Error):
        validated_rows.record(conn, {"Y-02": broken})
    assert conn.execute("SELECT count(*) FROM raw.validated_rows").fetchall() == [(3,)]
