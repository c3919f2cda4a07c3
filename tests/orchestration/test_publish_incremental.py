"""An incremental publish (a copy of the previous version, changed keys replaced) publishes exactly
the warehouse's rows, as a full copy would, over a random history of changes."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import duckdb
from bi_clients import duckdb_1x_python

from orchestration.lib.publishing import (
    MANIFEST,
    PARQUET_DIR,
    PUBLISHED_DB,
    publish_marts,
    table_digest,
)

KEYED = {"cells": "report_id"}


def _rows(conn: duckdb.DuckDBPyConnection, relation: str) -> list[tuple]:
    return sorted(conn.execute(f"SELECT * FROM {relation}").fetchall(), key=repr)


def _setup(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute("CREATE SCHEMA marts")
    conn.execute(
        "CREATE TABLE marts.cells AS SELECT 'r' || (i % 40) AS report_id, i AS k, "
        "CAST(i * 1.5 AS DECIMAL(18, 4)) AS value, NULL::VARCHAR AS note FROM range(400) t(i)"
    )
    conn.execute("CREATE TABLE marts.summary AS SELECT i AS year, i * 2 AS n FROM range(5) t(i)")


def _change(conn: duckdb.DuckDBPyConnection, rng: random.Random, step: int) -> str:
    """One random change to the warehouse, as a run would make; returns its name."""
    kind = rng.choice(
        ["nothing", "update", "insert", "delete", "duplicate", "summary", "null_key", "new_column"]
    )
    report = f"r{rng.randrange(45)}"
    if kind == "update":
        conn.execute("UPDATE marts.cells SET value = value + 1 WHERE report_id = ?", [report])
    elif kind == "insert":
        conn.execute(
            "INSERT INTO marts.cells SELECT ?, 1000 + ?, 7, 'new' FROM range(3)", [report, step]
        )
    elif kind == "delete":
        conn.execute("DELETE FROM marts.cells WHERE report_id = ?", [report])
    elif kind == "duplicate":  # the same row twice: a digest that cancels would miss it
        conn.execute("INSERT INTO marts.cells SELECT * FROM marts.cells LIMIT 1")
    elif kind == "summary":
        conn.execute("UPDATE marts.summary SET n = n + 1 WHERE year = ?", [rng.randrange(5)])
    elif kind == "null_key":
        conn.execute("INSERT INTO marts.cells VALUES (NULL, -1, 1, 'no key')")
    elif kind == "new_column":
        conn.execute(
            f"CREATE OR REPLACE TABLE marts.summary AS SELECT *, {step} AS c{step} "
            "FROM marts.summary"
        )
    return kind


def test_incremental_publish_equals_the_warehouse_over_a_random_history(tmp_path: Path) -> None:
    target = tmp_path / "publish"
    tables = [("marts", "cells"), ("marts", "summary")]
    seen_methods: set[str] = set()
    for seed in range(3):
        rng = random.Random(seed)
        with duckdb.connect(str(tmp_path / f"wh{seed}.duckdb")) as conn:
            _setup(conn)
            for step in range(12):
                kind = _change(conn, rng, step)
                previous = (target / "current").resolve() if (target / "current").exists() else None
                before = (previous / PUBLISHED_DB).read_bytes() if previous is not None else None
                publish_marts(conn, tables, target, keyed=KEYED)
                manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
                seen_methods.update(manifest["how"].values())
                db = target / "current" / PUBLISHED_DB
                conn.execute(f"ATTACH '{db}' AS pub (READ_ONLY)")
                try:
                    for _, table in tables:
                        where = f"seed {seed} step {step} ({kind}) {table}"
                        assert _rows(conn, f"pub.main.{table}") == _rows(conn, f"marts.{table}"), (
                            where
                        )
                        parquet = target / "current" / PARQUET_DIR / f"{table}.parquet"
                        assert _rows(conn, f"'{parquet}'") == _rows(conn, f"marts.{table}"), where
                        assert manifest["digests"][table] == table_digest(conn, f"marts.{table}")
                finally:
                    conn.execute("DETACH pub")
                if before is not None:  # a reader of the previous version sees it unchanged
                    assert (previous / PUBLISHED_DB).read_bytes() == before
    # the random history went through every way of publishing a mart
    assert seen_methods == {"unchanged", "by_key", "copied"}


def test_unchanged_marts_are_linked_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "publish"
    tables = [("marts", "cells"), ("marts", "summary")]
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as conn:
        _setup(conn)
        publish_marts(conn, tables, target, keyed=KEYED)
        first = (target / "current").resolve()
        conn.execute("UPDATE marts.cells SET value = 0 WHERE report_id = 'r3'")
        publish_marts(conn, tables, target, keyed=KEYED)
    second = (target / "current").resolve()
    manifest = json.loads((second / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["how"] == {"cells": "by_key", "summary": "unchanged"}
    assert manifest["published_from"] == first.name
    for name in (f"{PARQUET_DIR}/summary.parquet", "csv/summary.csv"):
        assert (second / name).stat().st_ino == (first / name).stat().st_ino, name
    assert (second / "csv/cells.csv").stat().st_ino != (first / "csv/cells.csv").stat().st_ino


def test_a_duckdb_1x_client_reads_an_incrementally_published_file(tmp_path: Path) -> None:
    target = tmp_path / "publish"
    tables = [("marts", "cells"), ("marts", "summary")]
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as conn:
        _setup(conn)
        publish_marts(conn, tables, target, keyed=KEYED)
        conn.execute("DELETE FROM marts.cells WHERE report_id IN ('r1', 'r2')")
        conn.execute("INSERT INTO marts.cells VALUES ('r99', 1, 2.5, 'added')")
        publish_marts(conn, tables, target, keyed=KEYED)
        expected = conn.execute("SELECT count(*), sum(value) FROM marts.cells").fetchone()
    script = (
        "import duckdb, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print(duckdb.__version__, *con.execute('select count(*), sum(value) from cells').fetchone())\n"
    )
    run = subprocess.run(
        [str(duckdb_1x_python()), "-c", script, str(target / PUBLISHED_DB)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    version, rows, total = run.stdout.split()
    assert version.startswith("1.") and (int(rows), float(total)) == (
        expected[0],
        float(expected[1]),
    )
