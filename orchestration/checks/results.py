"""Turn a GX validation summary into a Dagster asset check result the UI can show."""

from __future__ import annotations

from typing import Any

import dagster as dg
import polars as pl

from expectations.validate import ValidationSummary


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


def check_result(
    summary: ValidationSummary,
    *,
    asset_key: dg.AssetKey | None = None,
    check_name: str | None = None,
    reports: pl.DataFrame | None = None,
) -> dg.AssetCheckResult:
    """ERROR for integrity suites (blocking), WARN for publisher consistency."""
    severity = (
        dg.AssetCheckSeverity.ERROR if summary.severity == "error" else dg.AssetCheckSeverity.WARN
    )
    metadata: dict[str, Any] = {
        "rule_id": summary.rule_id,
        "rows_checked": summary.rows,
        "failed_rows": summary.failed_rows,
        "cannot_check_blank": summary.cannot_check,
        "failed_expectations": dg.MetadataValue.json(summary.metadata()["failed_expectations"]),
        "worst_offenders": dg.MetadataValue.json(
            _offenders_with_names(summary.worst_offenders, reports)
        ),
    }
    if summary.data_docs_index:
        metadata["data_docs"] = dg.MetadataValue.url(f"file://{summary.data_docs_index}")
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=check_name or summary.suite,
        passed=summary.success,
        severity=severity,
        metadata=metadata,
        description=f"{summary.rule_id}: {summary.failed_rows} failing of {summary.rows}",
    )
