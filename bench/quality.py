"""Time the quality gates at national scale: findings + GX validations over synthetic cells.

    .venv/bin/python bench/quality.py [--reports 100000] [--seed 7]

Builds ``--reports`` reports' worth of raw.reports / raw.cells in polars (80 % 2021 template,
20 % 2019; every template cell; consistent sums, then 2 % of reports with one cell off by one,
3 % with a blank cell, 0.5 % with a negative count), then prints the time to build every check
frame + findings, the time to run every publisher and integrity GX suite, and a baseline
measured in the same run: a plain polars group_by sum over the same cells.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np
import polars as pl

from expectations.findings import check_frames, report_findings
from expectations.rules.integrity import files_frame, landing_frame
from expectations.suites import INTEGRITY_SUITES, PUBLISHER_SUITES
from expectations.validate import validate_many
from extract.vocabulary import (
    REQUEST_COLUMNS,
    TEMPLATES,
    outcome_rows,
    request_rows,
    template_cells,
)
from orchestration.lib.raw_tables import CELLS_SCHEMA, FILES_SCHEMA, REPORTS_SCHEMA


def _requests(rng: np.random.Generator, n: int, template: str) -> tuple[np.ndarray, list[str]]:
    """(n, rows, 7) consistent requests values and the row names."""
    rows = list(request_rows(template))
    outcomes = outcome_rows(template)
    out = rng.integers(0, 6, size=(n, len(outcomes), 6))
    result_total = out.sum(axis=1)
    carried_in = rng.integers(0, 4, size=(n, 6))
    carried_out = carried_in + rng.integers(0, 4, size=(n, 6))
    new_received = result_total + carried_out - carried_in
    by_row = {r: out[:, i, :] for i, r in enumerate(outcomes)}
    by_row.update(new_received=new_received, carried_in=carried_in)
    by_row.update(result_total=result_total, carried_out=carried_out)
    values = np.stack([by_row[r] for r in rows], axis=1)  # (n, rows, 6)
    return np.concatenate([values, values.sum(axis=2, keepdims=True)], axis=2), rows


def _long(ids: np.ndarray, values: np.ndarray, table: str, rows: list[str], cols: list[str]):
    n, r, c = values.shape
    return pl.DataFrame(
        {
            "report_id": pl.Series(ids).gather(np.repeat(np.arange(n), r * c)),
            "table_name": pl.Series([table]).gather(np.zeros(n * r * c, dtype=np.int64)),
            "row_key": pl.Series(rows).gather(np.tile(np.repeat(np.arange(r), c), n)),
            "col_key": pl.Series(cols).gather(np.tile(np.arange(c), n * r)),
            "value": values.reshape(-1).astype(np.float64),
        }
    )


def synthetic(n: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(raw.files, raw.reports, raw.cells) for ``n`` reports."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"{i:064x}" for i in range(n)])
    template = np.where(rng.random(n) < 0.8, "2021", "2019")
    parts = []
    for t in TEMPLATES:
        sel = ids[template == t]
        req, rows = _requests(rng, len(sel), t)
        parts.append(_long(sel, req, "requests", rows, list(REQUEST_COLUMNS)))
        disputes = rng.integers(0, 3, size=(len(sel), 3, 4))
        disputes = np.concatenate([disputes, disputes.sum(axis=2, keepdims=True)], axis=2)
        drows = ["review", "litigation_direct", "litigation_after_review"]
        dcols = ["upheld", "corrected", "other", "pending", "total"]
        parts.append(_long(sel, disputes, "disputes", drows, dcols))
        pro = [c for c in template_cells(t) if c.table == "proactive"]
        pvals = rng.integers(0, 50, size=(len(sel), 1, len(pro)))
        pro_long = _long(sel, pvals, "proactive", ["?"], [f"{c.row}|{c.col}" for c in pro])
        parts.append(
            pro_long.with_columns(
                row_key=pl.col("col_key").str.split("|").list.get(0),
                col_key=pl.col("col_key").str.split("|").list.get(1),
            )
        )
    cells = pl.concat(parts)
    # publisher slips: off by one, blank, negative
    pick = rng.random(cells.height)
    per_report = cells.height / n
    off = pick < 0.02 / per_report
    blank = (pick >= 0.02 / per_report) & (pick < 0.05 / per_report)
    negative = (pick >= 0.05 / per_report) & (pick < 0.055 / per_report)
    value = pl.col("value")
    cells = cells.with_columns(
        value=pl.when(pl.Series(off)).then(value + 1)
        .when(pl.Series(blank)).then(None)
        .when(pl.Series(negative)).then(-value - 1)
        .otherwise(value)
    ).with_columns(
        value_text=pl.col("value").cast(pl.Int64).cast(pl.String).fill_null(""),
        source_location=pl.lit("synthetic"),
        how=pl.lit("printed"),
    ).cast(CELLS_SCHEMA)  # fmt: skip
    years = np.where(template == "2021", rng.integers(2021, 2025, n), rng.integers(2019, 2021, n))
    gov = rng.random(n) < 0.2
    agency = np.where(gov, "某某县人民政府", "某某县发展和改革局")
    late = np.where(rng.random(n) < 0.95, rng.integers(0, 30, n), rng.integers(30, 120, n))
    published = [
        dt.date(int(y) + 1, 1, 1) + dt.timedelta(days=int(d))
        for y, d in zip(years, late, strict=True)
    ]
    counts = cells.group_by("report_id").len("cell_count")
    reports = pl.DataFrame(
        {
            "report_id": ids,
            "path": [f"{i}.pdf" for i in ids],
            "status": "ok",
            "agency": agency,
            "report_year": years,
            "template": template,
            "published": published,
            "sections": np.where(rng.random(n) < 0.97, "一二三四五六", "一二三四六"),
        }
    ).join(counts, on="report_id", how="left")
    reports = (
        reports.with_columns(
            pl.lit(None).cast(t).alias(c) for c, t in REPORTS_SCHEMA.items()
            if c not in reports.columns
        )
        .select(list(REPORTS_SCHEMA))
        .cast(REPORTS_SCHEMA)
    )  # fmt: skip
    files = pl.DataFrame(
        {"path": reports["path"], "report_id": ids, "size_bytes": 1000, "format": "pdf"},
        schema=FILES_SCHEMA,
    )
    return files, reports, cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--docs", default=None, help="write GX Data Docs here (slower)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    files, reports, cells = synthetic(args.reports, args.seed)
    t_build = time.perf_counter() - t0
    print(f"synthetic: {reports.height:,} reports, {cells.height:,} cells ({t_build:.1f} s)")

    t0 = time.perf_counter()
    baseline = cells.group_by("report_id", "table_name", "row_key").agg(pl.col("value").sum())
    t_base = time.perf_counter() - t0
    print(
        f"baseline  polars group_by sum over the cells: {t_base:6.2f} s ({baseline.height:,} groups)"
    )

    cpu0 = time.process_time()
    t0 = time.perf_counter()
    frames = check_frames(reports, cells)
    t_frames = time.perf_counter() - t0
    findings = report_findings(reports, cells, frames)
    t_findings = time.perf_counter() - t0
    rows = sum(f.height for f in frames.values())
    print(f"check frames (9 rules):                      {t_frames:6.2f} s ({rows:,} rows)")
    print(
        f"findings incl. check frames:                 {t_findings:6.2f} s ({findings.height:,} findings)"
    )
    print(findings.group_by("rule_id", "outcome").len().sort("rule_id", "outcome"))

    t0 = time.perf_counter()
    integrity = [
        (INTEGRITY_SUITES["files"], files_frame(files, reports)),
        (INTEGRITY_SUITES["landing"], landing_frame(reports, cells)),
    ]
    t_integrity = time.perf_counter() - t0
    print(f"integrity frames:                            {t_integrity:6.2f} s")

    t0 = time.perf_counter()
    items = [(PUBLISHER_SUITES[r], f) for r, f in frames.items()] + integrity
    summaries = validate_many(items, args.docs)
    t_gx = time.perf_counter() - t0
    print(f"GX validations ({len(items)} suites):                 {t_gx:6.2f} s")
    for s in summaries:
        print(f"  {s.suite:40s} success={s.success!s:5s} rows={s.rows:>9,} failed={s.failed_rows:>7,}"
              f" cannot_check={s.cannot_check:>7,}")  # fmt: skip
    total = t_findings + t_integrity + t_gx
    cpu = time.process_time() - cpu0
    print(f"TOTAL findings + integrity + GX:             {total:6.2f} s "
          f"(target < 60 s; {total / t_base:.1f}x the baseline group_by)")  # fmt: skip
    print(f"process CPU time over those steps:           {cpu:6.2f} s (2 shared cores)")


if __name__ == "__main__":
    main()
