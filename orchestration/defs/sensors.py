"""Refresh when reports arrive: a sensor over the reports folder (off until switched on)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg

from orchestration.defs.jobs import build_warehouse
from orchestration.defs.resources import ReportsFolder


def folder_fingerprint(folder: Path) -> str:
    """A digest of every file's path, size and mtime: changes when a report is added or replaced."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(folder).parts):
            stat = path.stat()
            digest.update(
                f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()


@dg.sensor(
    job=build_warehouse,
    minimum_interval_seconds=300,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def new_reports(context: dg.SensorEvaluationContext, reports: ReportsFolder) -> dg.SensorResult:
    """Request one batch run when the reports folder changed since the last run it requested."""
    if not reports.folder.is_dir():
        return dg.SensorResult(skip_reason=f"reports folder {reports.folder} does not exist")
    fingerprint = folder_fingerprint(reports.folder)
    if fingerprint == context.cursor:
        return dg.SensorResult(skip_reason="no new or changed report files")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=fingerprint)], cursor=fingerprint)
