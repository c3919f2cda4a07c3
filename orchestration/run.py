"""``make run``: build the warehouse in one in-process run and print what happened.

Runs are recorded in ``$DAGSTER_HOME`` (data/dagster_home via the Makefile), so they show in
the Dagster UI afterwards.
"""

from __future__ import annotations

import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import dagster as dg
import duckdb

from orchestration import settings
from orchestration.prepare import prepare_dbt_manifest


def _instance() -> dg.DagsterInstance:
    if os.environ.get("DAGSTER_HOME"):
        os.makedirs(os.environ["DAGSTER_HOME"], exist_ok=True)
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def _reader(path: Path) -> duckdb.DuckDBPyConnection:
    """Read-only when nothing else holds the file in this process; else share its instance."""
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.ConnectionException:
        return duckdb.connect(str(path))


def summarise(result: dg.ExecuteInProcessResult) -> str:
    """Reports read and rejected, cells, checks passed and failed, rows per mart, the file."""
    lines = [f"run {result.run_id}: {'succeeded' if result.success else 'FAILED'}"]
    path = settings.warehouse_path()
    with _reader(path) as conn:
        status = dict(
            conn.execute("SELECT status, count(*) FROM raw.reports GROUP BY 1").fetchall()
        )
        files = conn.execute("SELECT count(*) FROM raw.files").fetchone()[0]
        cells = conn.execute("SELECT count(*) FROM raw.cells").fetchone()[0]
        lines.append(
            f"reports: {files} files, {status.get('ok', 0)} extracted, "
            f"{status.get('rejected', 0)} rejected; {cells} cells landed"
        )
        for path_, reason in conn.execute(
            "SELECT path, reason FROM raw.reports WHERE status = 'rejected' ORDER BY path"
        ).fetchall():
            lines.append(f"  rejected {path_}: {reason}")
        marts = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' "
            "ORDER BY table_name"
        ).fetchall()
        lines.append("marts:")
        for (name,) in marts:
            count = conn.execute(f'SELECT count(*) FROM marts."{name}"').fetchone()[0]
            lines.append(f"  {name:<28} {count:>8} rows")
        if "quality_findings" in {name for (name,) in marts}:
            by_rule = conn.execute(
                "SELECT rule_id, count(DISTINCT report_id) FROM marts.quality_findings "
                "WHERE outcome = 'violation' GROUP BY rule_id ORDER BY rule_id"
            ).fetchall()
            listed = ", ".join(f"{rule} {count}" for rule, count in by_rule) or "none"
            lines.append(f"reports with findings, by rule: {listed}")
    evaluations = result.get_asset_check_evaluations()
    passed = [e for e in evaluations if e.passed]
    failed = [e for e in evaluations if not e.passed]
    lines.append(
        f"checks: {len(passed)} passed, {len(failed)} failed "
        "(WARN = findings about a publisher's report, kept as data; ERROR = an integrity gate)"
    )
    for evaluation in failed:
        severity = evaluation.severity.value if evaluation.severity else ""
        key = evaluation.asset_check_key
        lines.append(f"  {severity:<5} {key.asset_key.to_user_string()}:{key.name}")
    lines.append(f"warehouse: {path}")
    lines.append(f"published marts: {settings.publish_dir()}")
    return "\n".join(lines)


def main() -> int:
    prepare_dbt_manifest()
    from orchestration.definitions import defs

    job = defs.resolve_job_def("build_warehouse")
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    log_path = settings.warehouse_path().parent / "last_run.log"
    print(f"building the warehouse from {settings.reports_dir()} (log: {log_path}) …", flush=True)
    with log_path.open("w", encoding="utf-8") as log, redirect_stdout(log), redirect_stderr(log):
        result = job.execute_in_process(
            instance=_instance(), raise_on_error=False, run_config=quiet
        )
    print(summarise(result))
    if not result.success:
        print(f"the run failed: see {log_path} and the run in the Dagster UI (make ui)")
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
