"""Run the real dbt CLI over a copy of dbt_project and read the DuckDB file it builds."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dbt.cli.main import dbtRunner, dbtRunnerResult

from orchestration.lib.raw_tables import DUCKDB_PATH_ENV

PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"

#: the hand pin the override test relies on (appended to the copied project's seed)
TEST_OVERRIDES = "".join(
    f"{row}\n"
    for row in (
        # merge: 档案馆 and 档案局 are one body
        "江苏省,,沭阳县,沭阳县档案馆,,,archives,test: 档案馆 became 档案局",
        "江苏省,,沭阳县,沭阳县档案局,,,archives,test: 档案馆 became 档案局",
        # split: the same name is another body from 2022 on
        "江苏省,,沭阳县,沭阳县城管局,,2021,urban-old,test: reorganised in 2022",
        "江苏省,,沭阳县,沭阳县城管局,2022,,urban-new,test: reorganised in 2022",
    )
)


@dataclass(frozen=True)
class Warehouse:
    db_path: Path
    project_dir: Path
    target_dir: Path

    def query(self, sql: str) -> list[tuple]:
        con = duckdb.connect(str(self.db_path))
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def rows(self, sql: str) -> list[dict]:
        con = duckdb.connect(str(self.db_path))
        try:
            cur = con.execute(sql)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        finally:
            con.close()


def run_dbt(
    project_dir: Path, target_dir: Path, db_path: Path, *args: str, check: bool = True
) -> dbtRunnerResult:
    """Invoke the real dbt CLI in-process; fail the test with dbt's own message when it fails
    (``check=False``: return the result, failed or not)."""
    old = os.environ.get(DUCKDB_PATH_ENV)
    os.environ[DUCKDB_PATH_ENV] = str(db_path)
    try:
        result = dbtRunner().invoke(
            [
                *args,
                "--project-dir",
                str(project_dir),
                "--profiles-dir",
                str(project_dir),
                "--target-path",
                str(target_dir),
                "--log-path",
                str(target_dir / "logs"),
                "--quiet",
            ]
        )
    finally:
        if old is None:
            os.environ.pop(DUCKDB_PATH_ENV, None)
        else:
            os.environ[DUCKDB_PATH_ENV] = old
    if check and not result.success:
        failures = []
        for r in getattr(result.result, "results", None) or []:
            if str(getattr(r, "status", "")) in ("error", "fail"):
                failures.append(f"{r.node.unique_id}: {r.status} {r.message}")
        pytest.fail(f"dbt {' '.join(args)} failed: {result.exception or ''} {failures}")
    return result


def copy_project(dest: Path, extra_overrides: str = "", corrections: str = "") -> Path:
    """A copy of dbt_project with rows added to seeds agency_overrides and cell_corrections."""
    project = dest / "dbt_project"
    shutil.copytree(
        PROJECT, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages")
    )
    if extra_overrides:
        with (project / "seeds" / "agency_overrides.csv").open("a", encoding="utf-8") as seed:
            seed.write(extra_overrides)
    if corrections:
        write_corrections(project, corrections)
    return project


def write_corrections(project: Path, rows: str) -> None:
    """Seed cell_corrections of a copied project: its header, then ``rows`` (CSV lines)."""
    seed = project / "seeds" / "cell_corrections.csv"
    header = (PROJECT / "seeds" / "cell_corrections.csv").read_text(encoding="utf-8")
    seed.write_text(header.splitlines()[0] + "\n" + rows, encoding="utf-8")
