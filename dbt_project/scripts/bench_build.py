"""Time `dbt build` over a synthetic warehouse: N agencies × Y years of full 2021-template reports.

``.venv/bin/python dbt_project/scripts/bench_build.py --agencies 3000 --years 3`` prints the
build time over the synthetic raw tables beside a baseline measured in the same run: the same
build over empty raw tables (dbt's fixed cost: parsing, seeds, ~150 tests). Cells are built with
polars cross joins, never per report.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import polars as pl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from orchestration.lib.raw_tables import DUCKDB_PATH_ENV, RAW_TABLES  # noqa: E402

PROJECT = ROOT / "dbt_project"
DEPARTMENTS = (
    "工业和信息化局",
    "发展和改革局",
    "教育局",
    "财政局",
    "人民政府",
    "民政局",
    "卫生健康委员会",
)


def synthetic_frames(agencies: int, years: int) -> dict[str, pl.DataFrame]:
    """Raw frames: every 2021 cell of every report, values from a hash of the key (no semantics)."""
    counties = pl.read_csv(
        PROJECT / "seeds" / "region_codes.csv", schema_overrides={"adcode": pl.String}
    )
    counties = counties.filter(pl.col("level") == "county").head(agencies // len(DEPARTMENTS) + 1)
    names = (
        counties.select("adcode", pl.col("name").alias("county"))
        .join(pl.DataFrame({"department": DEPARTMENTS}), how="cross")
        .head(agencies)
    )
    year_frame = pl.DataFrame(
        {"report_year": list(range(2023 - years + 1, 2024))}, schema={"report_year": pl.Int32}
    )
    reports = (
        names.join(year_frame, how="cross")
        .with_columns(
            report_id=pl.concat_str("adcode", "department", pl.col("report_year").cast(pl.String)),
            agency=pl.concat_str("county", "department"),
        )
        .with_columns(
            path=pl.col("report_id") + ".txt",
            status=pl.lit("ok"),
            template=pl.lit("2021"),
            province=pl.lit(None, pl.String),
            city=pl.lit(None, pl.String),
        )
    )
    spec = pl.read_csv(
        PROJECT / "seeds" / "template_cells.csv", schema_overrides={"template": pl.String}
    )
    spec = spec.filter(pl.col("template") == "2021").select(
        pl.col("table").alias("table_name"),
        pl.col("row").alias("row_key"),
        pl.col("col").alias("col_key"),
    )
    cells = (
        reports.select("report_id")
        .join(spec, how="cross")
        .with_columns(
            value=(pl.concat_str("report_id", "row_key", "col_key").hash() % 50).cast(pl.Float64)
        )
        .with_columns(
            value_text=pl.col("value").cast(pl.Int64).cast(pl.String),
            source_location=pl.lit("bench"),
            how=pl.lit("printed"),
        )
    )
    return {
        "files": reports.select("path", "report_id").with_columns(
            size_bytes=pl.lit(1000), format=pl.lit("txt")
        ),
        "reports": reports,
        "cells": cells,
        "quality_findings": pl.DataFrame(),
    }


def land(db_path: Path, frames: dict[str, pl.DataFrame]) -> None:
    con = duckdb.connect(str(db_path))
    con.execute("create schema if not exists raw")
    for table, schema in RAW_TABLES.items():
        data = frames.get(table, pl.DataFrame())
        typed = (
            pl.DataFrame(
                {name: data[name] if name in data.columns else None for name in schema}
            ).cast(schema)
            if len(data)
            else pl.DataFrame(schema=schema)
        )
        con.register("incoming", typed)
        con.execute(f"create or replace table raw.{table} as select * from incoming")
        con.unregister("incoming")
    con.close()


def timed_build(db_path: Path, target: Path) -> float:
    from dbt.cli.main import dbtRunner

    os.environ[DUCKDB_PATH_ENV] = str(db_path)
    start = time.perf_counter()
    result = dbtRunner().invoke(
        [
            "build",
            "--project-dir",
            str(PROJECT),
            "--profiles-dir",
            str(PROJECT),
            "--target-path",
            str(target),
            "--log-path",
            str(target / "logs"),
            "--quiet",
        ]
    )
    elapsed = time.perf_counter() - start
    if not result.success:
        raise SystemExit(f"dbt build failed: {result.exception}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=3000)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        land(tmp_path / "empty.duckdb", {})
        baseline = timed_build(tmp_path / "empty.duckdb", tmp_path / "t0")
        frames = synthetic_frames(args.agencies, args.years)
        land(tmp_path / "bench.duckdb", frames)
        elapsed = timed_build(tmp_path / "bench.duckdb", tmp_path / "t1")
    n_reports, n_cells = len(frames["reports"]), len(frames["cells"])
    print(f"baseline  dbt build, empty raw tables: {baseline:6.1f} s")
    print(f"synthetic dbt build, {n_reports} reports / {n_cells} cells: {elapsed:6.1f} s")
    print(f"marginal  {(elapsed - baseline) / max(n_reports, 1) * 1e3:.2f} ms per report")


if __name__ == "__main__":
    main()
