"""Publisher findings (质量问题): one row per report × rule × location that fails or cannot be checked.

``report_findings`` is what lands as raw.quality_findings (FINDINGS_SCHEMA). It is built from the
same check frames the GX suites validate, so a finding and a failed expectation always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from expectations import catalog
from expectations.frames import Prepared, prepare
from expectations.rules import (
    across_years,
    balance,
    counts,
    disputes,
    narrative,
    structure,
    timeliness,
)
from extract.identities import B01, B03, C01

#: raw.quality_findings — 质量问题: one row per (report, rule, location) for the report-scope rules
#: (B-01 … B-04, C-01, S-01 … S-03, T-01), computed here before dbt runs. The
#: cross-year rules (Y-01, Y-02) need agency identity and are computed in dbt.
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


RULES: tuple[Rule, ...] = (
    Rule(B01.rule, balance.b01_frame, balance.describe_b01),
    Rule(balance.B02_2021.rule, balance.b02_frame, balance.describe_b02),
    Rule(B03.rule, balance.b03_frame, balance.describe_b03),
    Rule("B-04", counts.b04_frame, counts.describe_b04),
    Rule(C01.rule, disputes.c01_frame, disputes.describe_c01),
    Rule("S-01", structure.s01_frame, structure.describe_s01),
    Rule("S-02", structure.s02_frame, structure.describe_s02),
    Rule("S-03", structure.s03_frame, structure.describe_s03),
    Rule("T-01", timeliness.t01_frame, timeliness.describe_t01),
    Rule("X-01", narrative.x01_frame, narrative.describe_x01),
)
RULES_BY_ID = {r.rule_id: r for r in RULES}

#: Across-year rules: their check frames come from the dbt pair models, not from raw.cells.
ACROSS_YEAR_RULES: tuple[Rule, ...] = (
    Rule("Y-01", lambda _p: across_years.y01_frame, across_years.describe_y01),
    Rule("Y-02", lambda _p: across_years.y02_frame, across_years.describe_y02),
)
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


def across_year_findings(
    carry_over_pairs: pl.DataFrame | None = None, in_force_pairs: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Y-01 / Y-02 findings (FINDINGS_SCHEMA) from ``int_carry_over_pairs`` /
    ``int_in_force_pairs`` frames; ``report_id`` is the later year's report."""
    parts = []
    if carry_over_pairs is not None:
        parts.append(findings_from(ACROSS_YEAR_RULES[0], across_years.y01_frame(carry_over_pairs)))
    if in_force_pairs is not None:
        parts.append(findings_from(ACROSS_YEAR_RULES[1], across_years.y02_frame(in_force_pairs)))
    if not parts:
        return pl.DataFrame(schema=FINDINGS_SCHEMA)
    return pl.concat(parts).sort("report_id", "rule_id", "location")
