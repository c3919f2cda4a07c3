"""After a crash: runs left STARTED in Dagster's run storage, and a killed publish's debris.

Called by the run lock's holder at the start of every run, so a restarted pipeline recovers by
itself: nothing else can be running while the lock is held.
"""

from __future__ import annotations

import socket
import time

import dagster as dg

from orchestration.lib.runlock import pid_alive

PID_TAG = "nianbao/pid"
HOST_TAG = "nianbao/host"
#: a run without our pid tag younger than this may still be starting up: left alone
UNTAGGED_GRACE_S = 600.0

_UNFINISHED = [
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.CANCELING,
]


def tag_run(instance: dg.DagsterInstance, run_id: str, pid: int) -> None:
    """Record which process executes the run, so a later run can tell whether it is gone."""
    instance.add_run_tags(run_id, {PID_TAG: str(pid), HOST_TAG: socket.gethostname()})


def _is_gone(instance: dg.DagsterInstance, run: dg.DagsterRun) -> bool:
    pid = run.tags.get(PID_TAG)
    if pid is None:  # started by older code or died before tagging: judge by age
        record = instance.get_run_record_by_id(run.run_id)
        updated = record.update_timestamp.timestamp() if record else 0.0
        return time.time() - updated > UNTAGGED_GRACE_S
    if run.tags.get(HOST_TAG) not in (None, socket.gethostname()):
        return False  # another machine's process: cannot tell
    return not pid_alive(int(pid))


def fail_dead_runs(instance: dg.DagsterInstance, current_run_id: str | None) -> list[str]:
    """Mark as FAILURE every unfinished run whose process is gone; return their run ids."""
    failed = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=_UNFINISHED)):
        if run.run_id == current_run_id or not _is_gone(instance, run):
            continue
        instance.report_run_failed(
            run,
            message="the process running this run is gone (killed or crashed); "
            f"marked failed by run {current_run_id}",
        )
        failed.append(run.run_id)
    return failed
