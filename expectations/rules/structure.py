"""S-01 cells present, S-02 template matches year, S-03 six section headings in order.

The split with pipeline integrity (``integrity.py``): integrity asks whether our landing kept
every cell the extractor emitted; S-01 asks whether the *publisher's report* has every cell its
template prescribes. A blank cell is printed but holds no number, so S-01 counts it next to the
missing ones (never guessed as 0): a report passes S-01 only when every template cell has a value.
A mixed report that prints the other version's （六）其他处理 row(s) instead of its own is
checked against that version's rows for the group.

Missing is not always the publisher's doing: when the extractor saw print in a table that it could
not prove (a scan's doubtful digit, a row it could not place — its notes say ``left out``), the
missing cells of that table may well be printed, so S-01 is ``cannot_check`` there, not a
violation; blank cells alone are still the publisher's.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from expectations.frames import COL_ENUM, ROW_ENUM, TABLE_ENUM, Prepared, conform, key_expr
from expectations.labels import TABLE_ZH
from expectations.messages import detail_zh, sides_zh, with_cannot_check
from expectations.rules import builds, describes
from extract.identities import OTHER_2019, OTHER_2021
from extract.vocabulary import TABLES, template_cells

#: （六）其他处理 as each version prints it (the rows B-02 adds that differ between versions)
OTHER_GROUP = {"2019": OTHER_2019, "2021": OTHER_2021}
SECTIONS = "一二三四五六"  # 一、总体情况 … 六、其他需要报告的事项
KEY = ["table_name", "row_key", "col_key"]


@cache
def expected_keys() -> pl.DataFrame:
    """(template, group, table_name, row_key, col_key): the cells a report must print.

    ``group`` is the version whose （六）其他处理 rows the report uses.
    """
    rows = []
    for template in OTHER_GROUP:
        cells = template_cells(template)
        base = [c for c in cells if not (c.table == "requests" and c.row in OTHER_GROUP[template])]
        cols = [c.col for c in cells if c.table == "requests" and c.row == "granted"]
        for group, group_rows in OTHER_GROUP.items():
            keys = [(c.table, c.row, c.col) for c in base]
            keys += [("requests", r, col) for r in group_rows for col in cols]
            rows += [(template, group, *k) for k in keys]
    frame = pl.DataFrame(rows, schema=["template", "group", *KEY], orient="row")
    return frame.with_columns(
        pl.col("table_name").cast(TABLE_ENUM),
        pl.col("row_key").cast(ROW_ENUM),
        pl.col("col_key").cast(COL_ENUM),
    )


def _slot() -> pl.Expr:
    """One integer per (table, row, col) of the vocabulary enums."""
    phys = [pl.col(c).to_physical().cast(pl.UInt32) for c in KEY]
    return phys[0] * 65536 + phys[1] * 256 + phys[2]


def _group_used(prep: Prepared) -> pl.DataFrame:
    """Per ok report with a template: which version's other-processing rows it printed."""
    req = prep.table("requests")
    printed = req.group_by("rk").agg(
        has_2019=pl.col("row_key").is_in(OTHER_GROUP["2019"]).any(),
        has_2021=pl.col("row_key").is_in(OTHER_GROUP["2021"]).any(),
    )
    ok = prep.reports.filter(pl.col("template").is_in(list(OTHER_GROUP)))
    out = ok.select("rk", "template").join(printed, on="rk", how="left")
    other = pl.when(pl.col("template") == "2021").then(pl.lit("2019")).otherwise(pl.lit("2021"))
    own_printed = pl.when(pl.col("template") == "2021").then("has_2021").otherwise("has_2019")
    other_printed = pl.when(pl.col("template") == "2021").then("has_2019").otherwise("has_2021")
    switched = other_printed.fill_null(False) & ~own_printed.fill_null(False)
    return out.select("rk", "template", group=pl.when(switched).then(other).otherwise("template"))


def left_out_in(table: str) -> pl.Expr:
    """Whether a report's notes (raw.reports.notes, joined by "; ") say the extractor left out
    print of ``table``: every such note names its table first ("requests granted: …; row left
    out", "disputes: 16 cells printed for 15; left out") or as "left out requests/granted/total"
    (extract.machine_read)."""
    tail = (  # how a note's second clause says it: "…; row left out"
        r"; (?:row |rows |cells |read the first and last, the middle |\d+ cell\(s\) they "
        r"disagree on )?left out"
    )
    names_table = rf"(?:^|; ){table}\b[^;]*(?:\bleft out|{tail})|left out {table}/"
    return pl.col("notes").fill_null("").str.contains(names_table)


@builds("S-01")
def s01_frame(prep: Prepared) -> pl.DataFrame:
    """S-01 check frame per report × table: expected = template cells, printed = with a value."""
    keys = expected_keys()
    groups = _group_used(prep)
    n_expected = keys.group_by("template", "group", "table_name").agg(
        expected=pl.len().cast(pl.Float64)
    )
    # membership of each cell in its report's expected set, on integers: combo × slot
    combos = {c: i for i, c in enumerate(sorted(set(keys.select("template", "group").iter_rows())))}
    combo_of = pl.concat_str(["template", "group"], separator="|").replace_strict(
        {f"{t}|{g}": i for (t, g), i in combos.items()}, return_dtype=pl.UInt32
    )
    by_rk = pl.Series("combo", [None] * prep.reports.height, dtype=pl.UInt32).scatter(
        groups["rk"], groups.select(combo_of).to_series()
    )
    expected_slots = keys.select(combo_of * 16777216 + _slot()).to_series()
    member = (pl.lit(by_rk).gather(pl.col("rk")) * 16777216 + _slot()).is_in(
        expected_slots.implode()
    )
    counted = (
        prep.cells.with_columns(_member=member.fill_null(False))
        .group_by("rk", "table_name")
        .agg(
            _present=pl.col("_member").sum(),
            printed=(pl.col("_member") & pl.col("value").is_not_null()).sum().cast(pl.Float64),
        )
    )
    tables = pl.DataFrame({"table_name": list(TABLES)}, schema={"table_name": TABLE_ENUM})
    left_out = prep.reports.select(
        "rk", *(left_out_in(t).alias(f"_left_{t}") for t in TABLES)
    ).unpivot(index="rk", variable_name="table_name", value_name="_left_out")
    left_out = left_out.with_columns(
        pl.col("table_name").str.strip_prefix("_left_").cast(TABLE_ENUM)
    )
    frame = (
        groups.join(tables, how="cross")
        .join(left_out, on=["rk", "table_name"], how="left")
        .join(n_expected, on=["template", "group", "table_name"], how="left")
        .join(counted, on=["rk", "table_name"], how="left")
        .with_columns(
            pl.min_horizontal(pl.col("_present").fill_null(0), pl.col("expected")).cast(pl.Int64),
            pl.min_horizontal(pl.col("printed").fill_null(0.0), pl.col("expected")),
        )
        .with_columns(_missing=pl.col("expected").cast(pl.Int64) - pl.col("_present"))
        .with_columns(
            rule_id=pl.lit("S-01"),
            location=pl.col("table_name").cast(pl.String),
            checkable=~((pl.col("_missing") > 0) & pl.col("_left_out").fill_null(False)),
            passed=pl.col("expected") == pl.col("printed"),
            printed_text=pl.format(
                "missing={};blank={}",
                pl.col("_missing"),
                pl.col("_present") - pl.col("printed").cast(pl.Int64),
            ),
        )
    )
    failing = frame.filter(~pl.col("passed"))
    lacking = (
        failing.select("rk", "template", "group", "table_name")
        .join(keys, on=["template", "group", "table_name"])
        .join(
            prep.cells.join(failing.select("rk").unique(), on="rk", how="semi")
            .filter(pl.col("value").is_not_null())
            .select("rk", *KEY),
            on=["rk", *KEY],
            how="anti",
        )
        .group_by("rk", "table_name")
        .agg(
            cells=key_expr(pl.col("table_name"), pl.col("row_key"), pl.col("col_key")).str.join(",")
        )
    )
    frame = frame.join(lacking, on=["rk", "table_name"], how="left").with_columns(
        blank_cells=pl.col("cells")
    )
    checked = prep.named(frame)
    unknown = prep.reports.join(groups, on="rk", how="anti").select("report_id")
    unknown = unknown.join(pl.DataFrame({"location": list(TABLES)}), how="cross").with_columns(
        rule_id=pl.lit("S-01"), checkable=pl.lit(False), blank_cells=pl.lit("report.template")
    )
    return conform(pl.concat([conform(checked), conform(unknown)]))


@describes("S-01")
def describe_s01(failing: pl.DataFrame) -> pl.DataFrame:
    counts = pl.col("printed_text").str.extract_groups(r"missing=(\d+);blank=(\d+)")
    where_zh = pl.col("location").replace_strict(TABLE_ZH, default=pl.col("location"))
    where_en = pl.concat_str([pl.lit("table "), pl.col("location")])
    m, b = counts.struct.field("1"), counts.struct.field("2")
    exp = pl.col("expected").cast(pl.Int64).cast(pl.String)
    zh = detail_zh("S-01", where_zh, pl.format("应有{}格，缺{}格，空白{}格", exp, m, b))
    en = pl.format("S-01 {}: {} cells required, {} missing, {} blank", where_en, exp, m, b)
    cc_zh, cc_en = with_cannot_check("S-01", where_zh, where_en, zh, en)
    # not checkable although the template is known: the extractor left print of the table out
    unread = ~pl.col("checkable") & pl.col("printed_text").is_not_null()
    unread_zh = detail_zh(
        "S-01", where_zh, pl.format("无法核对：缺{}格，其中有提取时无法确认而未采用的印刷内容", m)
    )
    unread_en = pl.format(
        "S-01 {}: cannot check: {} cells missing, and the extractor left print of this table out",
        where_en,
        m,
    )
    return failing.with_columns(
        pl.when(unread).then(unread_zh).otherwise(cc_zh).alias("message_zh"),
        pl.when(unread).then(unread_en).otherwise(cc_en).alias("message_en"),
    )


@builds("S-02")
def s02_frame(prep: Prepared) -> pl.DataFrame:
    """S-02 check frame: the template version the report year calls for vs the one used."""
    ok = prep.reports
    year, template = pl.col("report_year"), pl.col("template")
    expected = pl.when(year <= 2020).then(pl.lit("2019")).when(year >= 2021).then(pl.lit("2021"))
    checkable = year.is_not_null() & template.is_not_null()
    blank = pl.concat_str(
        [
            pl.when(year.is_null()).then(pl.lit("report.report_year")),
            pl.when(template.is_null()).then(pl.lit("report.template")),
        ],
        separator=",",
        ignore_nulls=True,
    )
    return conform(
        ok.with_columns(
            rule_id=pl.lit("S-02"),
            location=pl.lit("template"),
            cells=pl.lit("report.report_year,report.template"),
            expected_text=expected,
            printed_text=template,
            checkable=checkable,
            passed=pl.when(checkable).then(expected == template),
            blank_cells=pl.when(checkable).then(None).otherwise(blank),
        )
    )


@describes("S-02")
def describe_s02(failing: pl.DataFrame) -> pl.DataFrame:
    zh = detail_zh(
        "S-02", "模板版本", sides_zh("S-02", pl.format("{}版", "expected_text"),
                                     pl.format("{}版", "printed_text"))
    )  # fmt: skip
    en = pl.format(
        "S-02 template: the report year calls for the {} template, printed {}",
        "expected_text",
        "printed_text",
    )
    return failing.with_columns(*with_cannot_check("S-02", "模板版本", "template", zh, en))


@builds("S-03")
def s03_frame(prep: Prepared) -> pl.DataFrame:
    """S-03 check frame: section numerals found, in order, vs 一二三四五六."""
    sections = pl.col("sections")
    checkable = sections.is_not_null()
    return conform(
        prep.reports.with_columns(
            rule_id=pl.lit("S-03"),
            location=pl.lit("sections"),
            cells=pl.lit("report.sections"),
            expected_text=pl.lit(SECTIONS),
            printed_text=sections,
            checkable=checkable,
            passed=pl.when(checkable).then(sections == SECTIONS),
            blank_cells=pl.when(checkable).then(None).otherwise(pl.lit("report.sections")),
        )
    )


@describes("S-03")
def describe_s03(failing: pl.DataFrame) -> pl.DataFrame:
    found = pl.when(pl.col("printed_text") == "").then(pl.lit("无")).otherwise("printed_text")
    zh = detail_zh("S-03", "章节", sides_zh("S-03", pl.col("expected_text"), found))
    en = pl.format("S-03 sections: expected {} in order, found {}", "expected_text", found)
    return failing.with_columns(*with_cannot_check("S-03", "章节", "sections", zh, en))
