"""Publisher findings (质量问题): one row per report × rule × location that fails or cannot be checked.

``report_findings`` is what lands as raw.quality_findings (FINDINGS_SCHEMA). It is built from the
same check frames the GX suites validate, so a finding and a failed expectation always agree.

Which function builds each rule's check frame is not listed here: the catalog names each rule's
module (``catalog.RuleSpec.checked_by``), the module registers its builder and describer by rule
id (``expectations.rules``), and ``RULES`` binds the two, in catalog order. A rule read from a
dbt model gets its frame from ``model_check_frame``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from expectations import catalog
from expectations.frames import Prepared, conform, prepare
from expectations.rules import BUILDERS, DESCRIBERS

#: raw.quality_findings — 质量问题: one row per (report, rule, location) for the report-scope rules
#: (B-01 … B-04, C-01, S-01 … S-03, T-01, X-01), computed here before dbt runs. The
#: cross-year rules (Y-01, Y-02) and S-04 need agency identity and are found in dbt.
FINDINGS_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "rule_id": pl.String(),  # B-01 … T-01
    "severity": pl.String(),  # error | warn (expectations.catalog, the spec's word)
    "outcome": pl.String(),  # violation | cannot_check (a needed cell is blank)
    "location": pl.String(),  # e.g. "requests.total" (a column), "requests.granted" (a row)
    "cells": pl.String(),  # the cell keys involved, "table.row.col" joined by ","
    "expected": pl.Float64(),  # what the rule says the value should be (null when not numeric)
    "printed": pl.Float64(),  # what the report prints
    "expected_date": pl.Date(),  # date rules (T-01): the deadline
    "printed_date": pl.Date(),  # date rules (T-01): the publication date
    "message_zh": pl.String(),  # e.g. "B-01 自然人列：一+二=4，三(七)+四=3"
    "message_en": pl.String(),
}

Builder = Callable[[Prepared], pl.DataFrame]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's check-frame builder and messages; id and severity are the catalog's."""

    rule_id: str
    build: Builder  # encoded ok reports and cells -> check frame
    describe: Callable[[pl.DataFrame], pl.DataFrame]  # adds message_zh / message_en

    @property
    def severity(self) -> str:
        """error | warn, from :mod:`expectations.catalog`."""
        return catalog.rule(self.rule_id).severity


def _registered(registry: dict[str, Callable], rule_id: str, what: str) -> Callable:
    if rule_id not in registry:
        module = catalog.rule(rule_id).checked_by.module
        raise LookupError(f"{rule_id}: {module} registers no {what} for it")
    return registry[rule_id]


def _bind() -> tuple[Rule, ...]:
    """The report rules of the catalog, each with what its module registered (the modules are
    imported here, by the names the catalog gives)."""
    modules = [m for spec in catalog.RULE_CATALOG if (m := spec.checked_by.module)]
    for module in dict.fromkeys(modules):
        importlib.import_module(module)
    return tuple(
        Rule(
            spec.rule_id,
            _registered(BUILDERS, spec.rule_id, "@builds"),
            _registered(DESCRIBERS, spec.rule_id, "@describes"),
        )
        for spec in catalog.RULE_CATALOG
        if spec.checked_by.per_report
    )


#: the report rules (B-01 … B-04, C-01, S-01 … S-03, X-01, T-01), in catalog order
RULES: tuple[Rule, ...] = _bind()
RULES_BY_ID = {r.rule_id: r for r in RULES}

#: rules whose two sides are dates (expected_text / printed_text hold ISO dates)
DATE_RULES = frozenset({"T-01"})


def check_frames(
    reports: pl.DataFrame, cells: pl.DataFrame, statements: pl.DataFrame | None = None
) -> dict[str, pl.DataFrame]:
    """Every report-scope check frame, by rule id (ok reports only); X-01 reads
    ``statements`` (raw.statements) and has no rows without them."""
    prep = prepare(reports, cells, statements)
    return {r.rule_id: r.build(prep) for r in RULES}


def findings_from(rule: Rule, frame: pl.DataFrame) -> pl.DataFrame:
    """The violation and cannot_check rows of one check frame, as FINDINGS_SCHEMA rows."""
    failing = frame.filter(~pl.col("checkable") | ~pl.col("passed"))
    described = rule.describe(failing)
    dated = rule.rule_id in DATE_RULES

    def as_date(column: str) -> pl.Expr:
        text = pl.col(column) if column in described.columns else pl.lit(None, pl.String)
        return text.str.to_date("%Y-%m-%d", strict=False) if dated else pl.lit(None, pl.Date)

    return described.select(
        pl.col("report_id"),
        pl.lit(rule.rule_id).alias("rule_id"),
        pl.lit(rule.severity).alias("severity"),
        pl.when(pl.col("checkable"))
        .then(pl.lit("violation"))
        .otherwise(pl.lit("cannot_check"))
        .alias("outcome"),
        pl.col("location"),
        pl.col("cells"),
        pl.col("expected"),
        pl.col("printed"),
        as_date("expected_text").alias("expected_date"),
        as_date("printed_text").alias("printed_date"),
        pl.col("message_zh"),
        pl.col("message_en"),
    ).cast(FINDINGS_SCHEMA)  # type: ignore[arg-type]


def report_findings(
    reports: pl.DataFrame,
    cells: pl.DataFrame,
    frames: dict[str, pl.DataFrame] | None = None,
    statements: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """All report-scope findings (B-01…B-04, C-01, S-01…S-03, T-01, X-01) with FINDINGS_SCHEMA.

    Pass ``frames`` (from ``check_frames``) to reuse check frames already validated by GX.
    """
    frames = frames if frames is not None else check_frames(reports, cells, statements)
    parts = [findings_from(r, frames[r.rule_id]) for r in RULES if r.rule_id in frames]
    if not parts:
        return pl.DataFrame(schema=FINDINGS_SCHEMA)
    return pl.concat(parts).sort("report_id", "rule_id", "location")


def model_check_frame(rule_id: str, rows: pl.DataFrame) -> pl.DataFrame:
    """The check frame of a rule read from a dbt model, from that model's rows: built by the
    rule's module when the catalog names one (S-04 over ``int_copy_pairs``), else the model's
    rows of the rule, conformed to ``frames.CHECK_SCHEMA`` (Y-01 and Y-02 are computed in SQL,
    ``int_checks_cross_year``: no arithmetic here)."""
    checked_by = catalog.rule(rule_id).checked_by
    if checked_by.per_report:
        raise ValueError(f"{rule_id} is checked per report, from the raw tables")
    if checked_by.module:
        return _registered(BUILDERS, rule_id, "@builds")(rows)
    return conform(rows.filter(pl.col("rule_id") == rule_id))
