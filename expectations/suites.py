"""GX 1.x ExpectationSuites kept as code, named after what they protect.

Each ``SuiteSpec`` pairs a suite with the check frame it validates (``expectations.rules``) and
the polars predicate for its offending rows, so the Dagster check can show the worst offenders
from the very frame GX validated. Publisher suites (severity ``warn``: a finding about the
report, never a crash) skip cannot_check rows with a row condition; integrity suites (severity
``error``) block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import great_expectations as gx
import great_expectations.expectations as gxe
import polars as pl
from great_expectations.expectations.row_conditions import Column

from expectations.catalog import RULE_CATALOG, RuleSpec

#: skip cannot_check rows: a rule that needs a blank cell neither passes nor fails
CHECKABLE = {"row_condition": Column("checkable") == True}  # noqa: E712


@dataclass(frozen=True, slots=True)
class SuiteSpec:
    """A suite, the check frame columns it reads, and how to find its offending rows."""

    name: str
    rule_id: str  # B-01 … T-01, Y-01/Y-02, or INTEGRITY
    severity: str  # error (blocking) | warn
    description: str
    columns: tuple[str, ...]  # the frame columns handed to GX
    expectations: Callable[[], list[gxe.Expectation]]
    failed: Callable[[], pl.Expr]  # offending rows of the check frame
    offender_columns: tuple[str, ...]
    offender_order: Callable[[], pl.Expr]  # larger = worse

    def suite(self) -> gx.ExpectationSuite:
        """A fresh ExpectationSuite object (GX binds suites to one context)."""
        notes = f"{self.rule_id} ({self.severity}): {self.description}"
        return gx.ExpectationSuite(
            name=self.name, expectations=self.expectations(), meta={"notes": notes}
        )


def _shape(rule: str) -> list[gxe.Expectation]:
    """What every report-scope check frame must look like."""
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="report_id"),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["report_id", "location"]),
        gxe.ExpectColumnValuesToBeInSet(column="rule_id", value_set=[rule]),
        gxe.ExpectColumnValuesToNotBeNull(column="checkable"),
    ]


def _numeric(rule: str) -> Callable[[], list[gxe.Expectation]]:
    def build() -> list[gxe.Expectation]:
        return [
            *_shape(rule),
            gxe.ExpectColumnPairValuesToBeEqual(
                column_A="expected", column_B="printed", **CHECKABLE
            ),
        ]

    return build


def _textual(rule: str) -> Callable[[], list[gxe.Expectation]]:
    def build() -> list[gxe.Expectation]:
        return [
            *_shape(rule),
            gxe.ExpectColumnPairValuesToBeEqual(
                column_A="expected_text", column_B="printed_text", **CHECKABLE
            ),
        ]

    return build


def _flagged(rule: str, extra: Callable[[], list[gxe.Expectation]] | None = None):
    def build() -> list[gxe.Expectation]:
        more = extra() if extra else []
        return [
            *_shape(rule),
            gxe.ExpectColumnValuesToBeInSet(column="passed", value_set=[True], **CHECKABLE),
            *more,
        ]

    return build


def _violation() -> pl.Expr:
    return pl.col("checkable") & ~pl.col("passed")


def _gap() -> pl.Expr:
    return (pl.col("expected") - pl.col("printed")).abs().fill_null(0)


NUMERIC_COLUMNS = ("report_id", "rule_id", "location", "checkable", "expected", "printed")
TEXT_COLUMNS = ("report_id", "rule_id", "location", "checkable", "expected_text", "printed_text")
NUMERIC_OFFENDER = ("report_id", "location", "expected", "printed", "cells")
TEXT_OFFENDER = ("report_id", "location", "expected_text", "printed_text")


def _publisher(spec: RuleSpec) -> SuiteSpec:
    """The suite of one catalog rule: its name, severity and description are the catalog's."""
    name, rule, severity, description = spec.suite, spec.rule_id, spec.severity, spec.description
    if spec.kind == "numeric":
        return SuiteSpec(
            name, rule, severity, description, NUMERIC_COLUMNS, _numeric(rule), _violation,
            NUMERIC_OFFENDER, _gap,
        )  # fmt: skip
    if spec.kind == "text":
        return SuiteSpec(
            name, rule, severity, description, TEXT_COLUMNS, _textual(rule), _violation,
            TEXT_OFFENDER, lambda: pl.lit(0),
        )  # fmt: skip
    return SuiteSpec(
        name, rule, severity, description, (*NUMERIC_COLUMNS, "passed", *TEXT_COLUMNS[4:]),
        _flagged(rule), _violation, (*NUMERIC_OFFENDER, *TEXT_OFFENDER[2:]), _gap,
    )  # fmt: skip


#: Publisher consistency (non-blocking): one suite per rule of the catalog.
PUBLISHER_SUITES: dict[str, SuiteSpec] = {r.rule_id: _publisher(r) for r in RULE_CATALOG}


def _files_expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToBeUnique(column="path"),
        gxe.ExpectColumnValuesToNotBeNull(column="report_id"),
        gxe.ExpectColumnValuesToBeInSet(column="landed", value_set=[True]),
    ]


def _landing_expectations() -> list[gxe.Expectation]:
    rejected = {"row_condition": Column("status") == "rejected"}
    ok = {"row_condition": Column("status") == "ok"}
    return [
        gxe.ExpectColumnValuesToBeUnique(column="report_id"),
        gxe.ExpectColumnValuesToNotBeNull(column="status"),  # null: cells of no known report
        gxe.ExpectColumnValuesToBeInSet(column="status", value_set=["ok", "rejected"]),
        gxe.ExpectColumnValuesToBeInSet(column="has_reason", value_set=[True], **rejected),
        gxe.ExpectColumnValuesToBeBetween(column="landed_cells", max_value=0, **rejected),
        gxe.ExpectColumnValuesToNotBeNull(column="template", **ok),
        gxe.ExpectColumnValuesToBeInSet(column="template", value_set=["2019", "2021"], **ok),
        gxe.ExpectColumnValuesToBeBetween(column="landed_cells", min_value=1, **ok),
        gxe.ExpectColumnPairValuesToBeEqual(column_A="declared_cells", column_B="landed_cells"),
        gxe.ExpectColumnValuesToBeBetween(column="duplicate_cells", min_value=0, max_value=0),
        gxe.ExpectColumnValuesToBeBetween(column="unknown_keys", min_value=0, max_value=0),
    ]


def _reconcile_expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToBeUnique(column="key"),
        gxe.ExpectColumnPairValuesToBeEqual(column_A="left_rows", column_B="right_rows"),
    ]


#: Pipeline integrity (blocking).
INTEGRITY_SUITES: dict[str, SuiteSpec] = {
    "files": SuiteSpec(
        "every_file_is_accounted_for", "INTEGRITY", "error",
        "every raw.files row reached raw.reports (extracted or rejected)",
        ("path", "report_id", "landed"), _files_expectations,
        lambda: ~pl.col("landed") | pl.col("report_id").is_null(), ("path", "report_id"),
        lambda: pl.lit(0),
    ),
    "landing": SuiteSpec(
        "landing_kept_every_cell", "INTEGRITY", "error",
        "raw.cells holds exactly the cells emitted: none dropped, duplicated or unknown",
        ("report_id", "status", "has_reason", "template", "declared_cells", "landed_cells",
         "duplicate_cells", "unknown_keys"),
        _landing_expectations,
        lambda: (pl.col("declared_cells") != pl.col("landed_cells"))
        | (pl.col("duplicate_cells") > 0) | (pl.col("unknown_keys") > 0)
        | ((pl.col("status") == "rejected") & ~pl.col("has_reason"))
        | ((pl.col("status") == "rejected") & (pl.col("landed_cells") > 0))
        | ((pl.col("status") == "ok") & (pl.col("landed_cells") == 0))
        | ((pl.col("status") == "ok") & ~pl.col("template").is_in(["2019", "2021"]).fill_null(False))
        | ~pl.col("status").is_in(["ok", "rejected"]).fill_null(False),
        ("report_id", "status", "template", "declared_cells", "landed_cells", "duplicate_cells",
         "unknown_keys", "offending"),
        lambda: (pl.col("declared_cells") - pl.col("landed_cells")).abs()
        + pl.col("duplicate_cells") + pl.col("unknown_keys"),
    ),
    "reconcile": SuiteSpec(
        "row_counts_reconcile", "INTEGRITY", "error",
        "the same rows in raw and in the later layer",
        ("key", "left_rows", "right_rows"), _reconcile_expectations,
        lambda: pl.col("left_rows") != pl.col("right_rows"),
        ("key", "left_rows", "right_rows"),
        lambda: (pl.col("left_rows") - pl.col("right_rows")).abs(),
    ),
}  # fmt: skip

ALL_SUITES: dict[str, SuiteSpec] = {
    s.name: s for s in (*PUBLISHER_SUITES.values(), *INTEGRITY_SUITES.values())
}
