"""End-to-end scale: N generated reports through the whole Dagster job, stage by stage.

Baseline, measured in the same run over the same files: the extractor alone on every core
(`extract_files`), which is the floor the pipeline cannot beat. The ratio says what the
warehouse (landing, findings, dbt, gates, publishing) adds on top of reading the reports.

    .venv/bin/python bench/pipeline.py [N]      # default 2000 text/HTML reports
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

import dagster as dg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from corpus.render import random_variant, render  # noqa: E402
from corpus.truth import generate_truth  # noqa: E402


def write_reports(folder: Path, n: int) -> None:
    rng = random.Random(7)
    for seed in range(n):
        truth = generate_truth(seed)
        variant = random_variant(rng, truth, {"txt": 5, "md": 1, "html": 4})
        (folder / f"r{seed:06d}{variant.suffix}").write_bytes(render(truth, variant))


def main(n: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    reports = root / "reports"
    reports.mkdir()
    started = time.perf_counter()
    write_reports(reports, n)
    print(f"generated {n} reports in {time.perf_counter() - started:.1f} s ({root})")

    os.environ.update(
        NIANBAO_REPORTS_DIR=str(reports),
        NIANBAO_DUCKDB_PATH=str(root / "wh" / "nianbao.duckdb"),
        NIANBAO_PUBLISH_DIR=str(root / "publish"),
        NIANBAO_GX_DIR=str(root / "gx"),
    )
    from orchestration.defs.dbt_project import parse_dbt_project
    from orchestration.lib.extraction import extract_files

    parse_dbt_project()
    from orchestration.definitions import make_definitions
    from orchestration.defs.resources import build_resources

    paths = sorted(reports.iterdir())
    started = time.perf_counter()
    results = list(extract_files(paths))
    baseline = time.perf_counter() - started
    ok = sum(r.status == "ok" for r in results)
    print(f"baseline, extractor alone on {os.cpu_count()} cores: {baseline:.1f} s "
          f"({n / baseline:.0f} reports/s, {ok} ok)")  # fmt: skip

    job = make_definitions(build_resources()).resolve_job_def("build_warehouse")
    quiet = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}
    started = time.perf_counter()
    with open(os.devnull, "w") as sink, redirect_stdout(sink):  # dbt's own log lines
        result = job.execute_in_process(
            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False, run_config=quiet
        )
    total = time.perf_counter() - started
    print(f"whole job: {total:.1f} s ({n / total:.0f} reports/s), success={result.success}")
    for event in result.all_events:
        if event.event_type_value == "STEP_SUCCESS":
            seconds = event.event_specific_data.duration_ms / 1000
            print(f"  {event.step_key:<32} {seconds:8.1f} s")
    print(f"pipeline / extractor-alone ratio: {total / baseline:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
