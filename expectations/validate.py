"""Run suites over check frames with an ephemeral GX context and summarise for asset checks.

GX's SQL datasource is broken against DuckDB (GX 1.24), so callers read frames through a
read-only DuckDB connection and pass them here; GX sees a pandas dataframe batch. Each run
renders GX Data Docs (static HTML) into the folder the caller gives and returns its index.html.

The Data Docs name each failing row by report file and cell: when the caller passes ``files``
(report_id → file name), the batch carries ``file``, ``location`` and ``cells`` and GX lists them
beside each unexpected value (``unexpected_index_column_names``). The pages are then made to work
offline (``offline_docs``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from expectations.offline_docs import make_site_offline
from expectations.rules.integrity import reconcile_frame
from expectations.suites import ALL_SUITES, INTEGRITY_SUITES, SuiteSpec

WORST = 10  # offenders kept in a summary
#: what identifies a failing row in the Data Docs, when the frame has it
ROW_IDENTITY = ("file", "location", "cells")
SITE = "nianbao"


@dataclass(frozen=True, slots=True)
class ExpectationOutcome:
    """One expectation of a suite: its type, what it looked at, and how it went."""

    expectation: str
    columns: str
    success: bool
    evaluated: int | None
    unexpected: int | None


@dataclass(frozen=True, slots=True)
class ValidationSummary:
    """What a Dagster asset check needs: pass/fail, counts, worst offenders, the docs link."""

    suite: str
    rule_id: str
    severity: str  # error (blocking) | warn
    success: bool
    rows: int
    cannot_check: int  # rows a rule could not check (a needed cell blank or missing)
    failed_rows: int  # offending rows of the check frame
    expectations: tuple[ExpectationOutcome, ...]
    worst_offenders: list[dict[str, Any]] = field(default_factory=list)
    data_docs_index: str | None = None

    def metadata(self) -> dict[str, Any]:
        """JSON-friendly form for check metadata."""
        return {
            "suite": self.suite,
            "rule_id": self.rule_id,
            "severity": self.severity,
            "success": self.success,
            "rows": self.rows,
            "cannot_check": self.cannot_check,
            "failed_rows": self.failed_rows,
            "failed_expectations": [
                f"{e.expectation}({e.columns}): {e.unexpected} unexpected"
                for e in self.expectations
                if not e.success
            ],
            "worst_offenders": self.worst_offenders,
            "data_docs": self.data_docs_index,
        }


def _quiet() -> None:
    for name in ("great_expectations", "great_expectations.core", "urllib3"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _context(docs_dir: Path | None):
    import great_expectations as gx

    _quiet()
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    if docs_dir is not None:
        docs_dir.mkdir(parents=True, exist_ok=True)
        context.add_data_docs_site(
            site_name=SITE,
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs_dir.resolve()),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return context


def _outcomes(result: Any) -> tuple[ExpectationOutcome, ...]:
    out = []
    for r in result.results:
        cfg = r.expectation_config
        kw = cfg.kwargs
        cols = kw.get("column") or kw.get("column_list") or [kw.get("column_A"), kw.get("column_B")]
        out.append(
            ExpectationOutcome(
                expectation=cfg.type,
                columns=",".join(map(str, cols)) if isinstance(cols, list) else str(cols),
                success=bool(r.success),
                evaluated=(r.result or {}).get("element_count"),
                unexpected=(r.result or {}).get("unexpected_count"),
            )
        )
    return tuple(out)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, str | int | float | bool) or v is None else str(v))
            for k, v in row.items()}  # fmt: skip


def _offenders(spec: SuiteSpec, frame: pl.DataFrame) -> tuple[int, list[dict[str, Any]]]:
    bad = frame.filter(spec.failed().fill_null(False))
    cols = [c for c in spec.offender_columns if c in bad.columns]
    order = spec.offender_order()
    ranked = bad.with_columns(_order=order).sort("_order", descending=True)
    worst = ranked.head(WORST).select(cols)
    return bad.height, [_jsonable(r) for r in worst.iter_rows(named=True)]


def _named(frame: pl.DataFrame, files: pl.DataFrame | None) -> pl.DataFrame:
    """The frame with ``file`` (the report's file name) beside ``report_id``, when known."""
    if files is None or "report_id" not in frame.columns or "file" in frame.columns:
        return frame
    return frame.join(files.select("report_id", "file"), on="report_id", how="left")


def validate_many(
    items: Iterable[tuple[SuiteSpec | str, pl.DataFrame]],
    docs_dir: str | Path | None = None,
    files: pl.DataFrame | None = None,
) -> list[ValidationSummary]:
    """Validate each (suite, check frame) pair in one GX context; build Data Docs once.

    ``files`` (report_id, file) names the report of each failing row in the Data Docs.
    """
    context = _context(Path(docs_dir) if docs_dir is not None else None)
    source = context.data_sources.add_pandas("check_frames")
    import great_expectations as gx

    runs = []
    seen: dict[str, int] = {}
    for spec, frame in items:
        spec = ALL_SUITES[spec] if isinstance(spec, str) else spec
        seen[spec.name] = seen.get(spec.name, 0) + 1
        # a suite validated twice in one run gets a numbered copy (GX names must be unique)
        name = spec.name if seen[spec.name] == 1 else f"{spec.name}__{seen[spec.name]}"
        suite_obj = spec.suite()
        suite_obj.name = name
        asset = source.add_dataframe_asset(name)
        batch = asset.add_batch_definition_whole_dataframe(name)
        suite = context.suites.add(suite_obj)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)
        )
        named = _named(frame, files)
        identity = [c for c in ROW_IDENTITY if c in named.columns]
        cols = list(dict.fromkeys([*(c for c in spec.columns if c in named.columns), *identity]))
        result_format: Any = "SUMMARY"
        if "file" in identity:  # rows named by report and cell (every unexpected row listed)
            result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": identity}
        result = definition.run(
            batch_parameters={"dataframe": named.select(cols).to_pandas()},
            result_format=result_format,
        )
        cannot = frame.filter(~pl.col("checkable")).height if "checkable" in frame.columns else 0
        failed, worst = _offenders(spec, frame)
        runs.append((spec, frame.height, cannot, failed, worst, result))
    index = None
    if docs_dir is not None:
        context.build_data_docs(site_names=[SITE])
        make_site_offline(Path(docs_dir))
        index = str((Path(docs_dir) / "index.html").resolve())
    return [
        ValidationSummary(
            suite=spec.name,
            rule_id=spec.rule_id,
            severity=spec.severity,
            success=bool(result.success),
            rows=rows,
            cannot_check=cannot,
            failed_rows=failed,
            expectations=_outcomes(result),
            worst_offenders=worst,
            data_docs_index=index,
        )
        for spec, rows, cannot, failed, worst, result in runs
    ]


def validate(
    spec: SuiteSpec | str,
    frame: pl.DataFrame,
    docs_dir: str | Path | None = None,
    files: pl.DataFrame | None = None,
) -> ValidationSummary:
    """Validate one check frame against one suite (by spec or suite name)."""
    return validate_many([(spec, frame)], docs_dir, files)[0]


def reconcile_row_counts(
    left: int | pl.DataFrame,
    right: int | pl.DataFrame,
    key: str | None = None,
    docs_dir: str | Path | None = None,
    rows: str | None = None,
) -> ValidationSummary:
    """GX-validated row-count reconciliation between raw and a later layer (blocking).

    ``rows``: the frames hold counts per key in that column (see ``reconcile_frame``).
    """
    return validate(
        INTEGRITY_SUITES["reconcile"], reconcile_frame(left, right, key, rows), docs_dir
    )
