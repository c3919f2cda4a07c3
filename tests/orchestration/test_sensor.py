"""The new-reports sensor asks for one run per change of the folder, and none otherwise."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from orchestration.defs.resources import ReportsFolder
from orchestration.defs.sensors import new_reports


def _evaluate(folder: Path, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        cursor=cursor, resources={"reports": ReportsFolder(path=str(folder))}
    )
    return new_reports(context)


def test_sensor_requests_a_run_only_when_reports_change(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("report", encoding="utf-8")
    first = _evaluate(tmp_path, None)
    assert len(first.run_requests) == 1
    again = _evaluate(tmp_path, first.cursor)
    assert not again.run_requests and "no new" in again.skip_reason.skip_message
    (tmp_path / "b.html").write_text("another", encoding="utf-8")
    changed = _evaluate(tmp_path, first.cursor)
    assert len(changed.run_requests) == 1 and changed.cursor != first.cursor


def test_sensor_skips_with_a_reason_when_the_folder_is_missing(tmp_path: Path) -> None:
    result = _evaluate(tmp_path / "absent", None)
    assert not result.run_requests and "does not exist" in result.skip_reason.skip_message
