"""Turn a GX validation summary into a Dagster asset check result the UI can show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl

from expectations.validate import ValidationSummary
from orchestration.lib import settings

#: where ``make docs`` (orchestration.docs_server) serves the Data Docs folder
DATA_DOCS_ROUTE = "data-docs"


def report_files(reports: pl.DataFrame) -> pl.DataFrame:
    """report_id → file (its path under the reports folder), to name failing rows in Data Docs."""
    return reports.select("report_id", pl.col("path").alias("file"))


def _offenders_with_names(offenders: list[dict[str, Any]], reports: pl.DataFrame | None) -> Any:
    """Worst offenders with the report's path, agency and year beside its id."""
    if reports is None or not offenders or "report_id" not in offenders[0]:
        return offenders
    names = {
        row["report_id"]: row
        for row in reports.select("report_id", "path", "agency", "report_year").iter_rows(
            named=True
        )
    }
    out = []
    for offender in offenders:
        named = names.get(offender["report_id"], {})
        out.append(
            {
                "path": named.get("path"),
                "agency": named.get("agency"),
                "year": named.get("report_year"),
                **offender,
            }
        )
    return out


def data_docs_url(index: str) -> str:
    """The Data Docs page as ``make docs`` serves it (browsers refuse ``file://`` links from the
    UI); a page outside the Data Docs folder keeps its path."""
    path = Path(index).resolve()
    try:
        relative = path.relative_to(settings.gx_dir())
    except ValueError:
        return path.as_uri()
    return settings.docs_url(f"{DATA_DOCS_ROUTE}/{relative.as_posix()}")


def check_result(
    summary: ValidationSummary,
    *,
    asset_key: dg.AssetKey | None = None,
    check_name: str | None = None,
    reports: pl.DataFrame | None = None,
    stored_violations: int | None = None,
    rows_in_model: int | None = None,
) -> dg.AssetCheckResult:
    """The suite's severity word as Dagster's: ERROR for ``error``, WARN for ``warn``.

    Publisher rules carry the catalog's severity (B-01 … C-01 error, S/T/Y warn), the same word
    as in the marts; only the integrity gates block (their check specs are ``blocking``).
    ``stored_violations``: the rule's violations over the whole warehouse, when this run
    validated only the reports it checked (new or changed); the check then fails while any
    stand, as it did on the run that found them. ``rows_in_model``: the check frame's rows in
    all, when only the new and changed ones were validated (``rows_checked``).
    """
    severity = (
        dg.AssetCheckSeverity.ERROR if summary.severity == "error" else dg.AssetCheckSeverity.WARN
    )
    metadata: dict[str, Any] = {
        "rule_id": summary.rule_id,
        "severity": summary.severity,
        "rows_checked": summary.rows,
        "failed_rows": summary.failed_rows,
        "cannot_check_blank": summary.cannot_check,
        "failed_expectations": dg.MetadataValue.json(summary.metadata()["failed_expectations"]),
        "worst_offenders": dg.MetadataValue.json(
            _offenders_with_names(summary.worst_offenders, reports)
        ),
    }
    if rows_in_model is not None:
        metadata["rows_in_model"] = rows_in_model
    passed = summary.success
    if stored_violations is not None:
        metadata["violations_in_warehouse"] = stored_violations
        passed = passed and stored_violations == 0
    if summary.data_docs_index:
        metadata["data_docs"] = dg.MetadataValue.url(data_docs_url(summary.data_docs_index))
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=check_name or summary.suite,
        passed=passed,
        severity=severity,
        metadata=metadata,
        description=f"{summary.rule_id}: {summary.failed_rows} failing of {summary.rows}",
    )
