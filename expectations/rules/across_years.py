"""Y-01, Y-02: check frames over the dbt pair models (the pairing itself is set-based SQL).

- Y-01 ``int_carry_over_pairs`` (agency_id, report_year, col_key, report_id, prev_report_id,
  carried_in, prev_carried_out): 二 上年结转 (year) = 四 结转下年度 (year − 1), per column.
- Y-02 ``int_in_force_pairs`` (agency_id, report_year, row_key, report_id, in_force,
  prev_in_force, issued, repealed): 现行有效 (year) = 现行有效 (year − 1) + 本年制发 − 本年废止.
"""

from __future__ import annotations

import polars as pl

from expectations import messages
from expectations.frames import all_present, blank_list, conform, verdict
from expectations.labels import col_labels, lookup, row_labels

CARRY_OVER_COLUMNS = (
    "agency_id", "report_year", "col_key", "report_id", "prev_report_id", "carried_in",
    "prev_carried_out",
)  # fmt: skip
IN_FORCE_COLUMNS = (
    "agency_id", "report_year", "row_key", "report_id", "in_force", "prev_in_force", "issued",
    "repealed",
)  # fmt: skip


def _require(frame: pl.DataFrame, columns: tuple[str, ...], model: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{model}: missing columns {missing}")


def y01_frame(pairs: pl.DataFrame) -> pl.DataFrame:
    """Y-01 check frame: expected = last year's 结转下年度, printed = this year's 上年结转."""
    _require(pairs, CARRY_OVER_COLUMNS, "int_carry_over_pairs")
    ci, prev = pl.col("carried_in").cast(pl.Float64), pl.col("prev_carried_out").cast(pl.Float64)
    checkable = all_present([ci, prev])
    this = pl.format("requests.carried_in.{}", "col_key")
    last = pl.format("prev:requests.carried_out.{}", "col_key")
    return conform(
        pairs.with_columns(
            rule_id=pl.lit("Y-01"),
            location=pl.format("requests.{}", "col_key"),
            cells=pl.concat_str([this, last], separator=","),
            expected=prev,
            printed=ci,
            checkable=checkable,
            passed=verdict(prev, ci, checkable),
            blank_cells=blank_list([(this, ci), (last, prev)]),
        )
    ).with_columns(pairs.select("agency_id", "report_year", "prev_report_id"))


def y02_frame(pairs: pl.DataFrame) -> pl.DataFrame:
    """Y-02 check frame: expected = last year's 现行有效 + 制发 − 废止, printed = 现行有效."""
    _require(pairs, IN_FORCE_COLUMNS, "int_in_force_pairs")
    names = ("in_force", "prev_in_force", "issued", "repealed")
    v = {n: pl.col(n).cast(pl.Float64) for n in names}
    checkable = all_present(v.values())
    expected = v["prev_in_force"] + v["issued"] - v["repealed"]
    keys = {
        n: pl.format("{}proactive.{}.{}", pl.lit("prev:" if n == "prev_in_force" else ""),
                     "row_key", pl.lit(n.removeprefix("prev_")))
        for n in names
    }  # fmt: skip
    return conform(
        pairs.with_columns(
            rule_id=pl.lit("Y-02"),
            location=pl.format("proactive.{}", "row_key"),
            cells=pl.concat_str(list(keys.values()), separator=","),
            expected=expected,
            printed=v["in_force"],
            checkable=checkable,
            passed=verdict(expected, v["in_force"], checkable),
            blank_cells=blank_list((keys[n], v[n]) for n in names),
        )
    ).with_columns(pairs.select("agency_id", "report_year"))


def describe_y01(failing: pl.DataFrame) -> pl.DataFrame:
    col = pl.col("location").str.split(".").list.get(1).alias("_k")
    zh, en = messages.numeric(
        "Y-01", lookup("_k", col_labels("requests"), "列"), pl.format("column {}", "_k"),
        "last year's carried_out", "carried_in",
    )  # fmt: skip
    return failing.with_columns(col).with_columns(zh, en).drop("_k")


def describe_y02(failing: pl.DataFrame) -> pl.DataFrame:
    row = pl.col("location").str.split(".").list.get(1).alias("_k")
    zh, en = messages.numeric(
        "Y-02", lookup("_k", row_labels("proactive"), "行"), pl.format("row {}", "_k"),
        "prev in_force+issued−repealed", "in_force",
    )  # fmt: skip
    return failing.with_columns(row).with_columns(zh, en).drop("_k")
