"""``make run``: build the warehouse in one in-process run and print what happened.

One run at a time (the run lock; a second run waits up to ``NIANBAO_LOCK_WAIT_S`` and then
refuses, naming the holder). ``--allow-shrink`` confirms a run that drops most reports.

Extraction reports each landed batch as it goes: a progress bar on a terminal, one plain line
per batch otherwise (``landed 12,000 / 100,000 reports · 180/s · ETA 8 min``).

Runs are recorded in ``$DAGSTER_HOME`` (data/dagster_home via the Makefile), so they show in
the Dagster UI afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.defs.dbt_project import parse_dbt_project
from orchestration.lib import progress, settings
from orchestration.lib.progress import TerminalBar
from orchestration.lib.publishing import REVIEW_DIR
from orchestration.lib.runlock import RunLocked, run_lock


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


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), text)


def failure_causes(result: dg.ExecuteInProcessResult) -> list[str]:
    """Each failed step with the innermost error that made it fail (not the wrappers)."""
    causes = []
    for event in result.all_events:
        if event.is_step_failure:
            data = event.step_failure_data
            if data.user_failure_data and data.user_failure_data.description:
                text = data.user_failure_data.description
            elif data.error is not None:
                error = data.error
                while error.cause is not None:
                    error = error.cause
                text = f"{error.cls_name}: {_first_line(error.message.removeprefix(f'{error.cls_name}: '))}"
            else:
                text = "failed"
            causes.append(f"{event.step_key}: {text}")
        elif event.is_run_failure and not causes and event.message:
            causes.append(event.message)
    return causes


def _choice_lines(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Which copy speaks for an agency-year printed by several reports, and by which rule."""
    try:
        rows = conn.execute(
            "SELECT p.chosen_by, count(*) FROM intermediate.int_agency_reports p "
            "WHERE p.is_primary AND p.copies > 1 GROUP BY 1 ORDER BY 1"
        ).fetchall()
    except duckdb.Error:
        return []
    if not rows:
        return []
    by = ", ".join(f"{rule} {count}" for rule, count in rows)
    return [
        f"copies: {sum(c for _, c in rows)} agency-years printed by several reports; "
        f"chosen by {by} (rule: published date, then arrival, then fewer findings)"
    ]


def _removed_lines(result: dg.ExecuteInProcessResult) -> list[str]:
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        if materialization.asset_key == dg.AssetKey(["raw", "files"]):
            meta = materialization.metadata
            count = meta.get("removed_files")
            if count is not None and count.value:
                names = meta["removed_names"].value
                return [f"removed: {count.value} files no longer in the folder: {names}"]
    return []


def _withdrawn_lines(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Reports kept though their files left the folder (已撤回), never silently gone."""
    try:
        (count,) = conn.execute("SELECT count(withdrawn_at) FROM raw.reports").fetchone()
    except duckdb.Error:  # a warehouse from before the column: nothing withdrawn yet
        return []
    if not count:
        return []
    return [
        f"  withdrawn: {count} reports whose files left the folder are kept "
        "(dim_report.is_withdrawn; a version in the folder speaks before them)"
    ]


def _warehouse_lines(path: Path) -> list[str]:
    """Files, reports, cells, rejections, rows per mart, findings and copy choices."""
    lines: list[str] = []
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
        lines += _withdrawn_lines(conn)
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
        lines += _choice_lines(conn)
    return lines


def summarise(result: dg.ExecuteInProcessResult) -> str:
    """Reports read and rejected, cells, checks passed and failed, rows per mart, the file.

    A failed run starts with its causes; a warehouse that cannot be read is said so, not raised.
    """
    lines = [f"run {result.run_id}: {'succeeded' if result.success else 'FAILED'}"]
    if not result.success:
        lines += [f"  cause: {cause}" for cause in failure_causes(result)]
    lines += _removed_lines(result)
    path = settings.warehouse_path()
    try:
        lines += _warehouse_lines(path)
    except duckdb.Error as error:
        lines.append(f"warehouse not readable ({path}): {_first_line(str(error))}")
    evaluations = result.get_asset_check_evaluations()
    passed = [e for e in evaluations if e.passed]
    failed = [e for e in evaluations if not e.passed]
    lines.append(
        f"checks: {len(passed)} passed, {len(failed)} failed "
        "(ERROR / WARN = the rule's severity, as in quality_findings; publisher findings are "
        "kept as data, only the integrity gates block publishing)"
    )
    for evaluation in failed:
        severity = evaluation.severity.value if evaluation.severity else ""
        key = evaluation.asset_check_key
        lines.append(f"  {severity:<5} {key.asset_key.to_user_string()}:{key.name}")
    lines.append(f"warehouse: {path}")
    lines.append(f"published marts: {settings.publish_dir()}")
    lines.append(f"review sheets (核查意见): {settings.publish_dir() / REVIEW_DIR / 'index.html'}")
    return "\n".join(lines)


def held_by_another_process(path: Path) -> str | None:
    """DuckDB's own message when another process (a reader, a BI tool) holds the working file."""
    if not path.exists():
        return None
    try:
        duckdb.connect(str(path)).close()
    except duckdb.Error as error:
        return _first_line(str(error))
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.run", description=__doc__)
    parser.add_argument(
        "--allow-shrink",
        action="store_true",
        help="confirm a run that removes more than half of the reports the warehouse holds",
    )
    args = parser.parse_args(argv)
    if args.allow_shrink:
        os.environ[settings.ALLOW_SHRINK_ENV] = "1"
    path = settings.warehouse_path()
    log_path = path.parent / "last_run.log"
    try:
        with run_lock(path, on_wait=lambda text: print(text, flush=True)):
            blocked = held_by_another_process(path)
            if blocked:
                print(
                    f"refresh not started: the warehouse file {path} is held by another process "
                    f"(readers and BI tools should open the published copy in "
                    f"{settings.publish_dir()}, never this file). DuckDB says: {blocked}"
                )
                return 1
            parse_dbt_project()  # after the checks: a refused run costs no dbt parse
            from orchestration.definitions import defs

            job = defs.resolve_job_def("build_warehouse")
            quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
            print(
                f"building the warehouse from {settings.reports_dir()} (log: {log_path}) …",
                flush=True,
            )
            bar = TerminalBar(sys.stdout)  # taken before stdout goes to the log
            stop = progress.listen(bar)
            try:
                with (
                    log_path.open("w", encoding="utf-8") as log,
                    redirect_stdout(log),
                    redirect_stderr(log),
                ):
                    result = job.execute_in_process(
                        instance=_instance(), raise_on_error=False, run_config=quiet
                    )
            finally:
                stop()
                bar.close()
            print(summarise(result))  # under the lock: the next run cannot change the file yet
    except RunLocked as locked:
        print(f"refresh not started: {locked}")
        return 1
    if not result.success:
        print(f"the run failed: see {log_path} and the run in the Dagster UI (make ui)")
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
