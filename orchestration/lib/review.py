"""Review sheets (核查意见): one printable HTML page per agency and year, and an index page.

Each sheet also lists the cells corrected by hand (人工更正: 原提取值 beside 更正值, with 理由, 更正人,
日期) and, when the agency-year has several versions, each version and what it changed.

Read from the published marts (one version, so a sheet never mixes two refreshes), shaped with a
few set-based queries and polars, rendered with Jinja2 into ``review/versions/<version>/`` and
switched in with ``publishing.publish_folder`` like the marts. Everything a reviewer reads is in
Chinese; rule wording and severity come from ``expectations.catalog``, labels from the marts'
column comments (``models/marts/<mart>.yml``), the deadline from the T-01 rule itself. No script, no CDN: the
pages open from a file share, print to clean A4 pages (``@page``) and carry inline SVG charts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape

from expectations.catalog import OUTCOME_ZH, RULES_BY_ID, SEVERITY_ZH
from expectations.labels import cell_labels
from expectations.rules.timeliness import GOVERNMENT_NAME, deadline
from orchestration.lib.exports import data_dictionary

INDEX = "index.html"
SHEETS_DIR = "sheets"
#: the headline figures set beside last year's (mart_agency_year columns)
HEADLINE = (
    "new_received", "carried_in", "result_total", "granted", "partial", "denied_total",
    "unable_total", "carried_over", "review_total", "litigation_direct_total",
    "licensing_decisions", "penalty_decisions", "disclosure_rate",
)  # fmt: skip
#: cells listed per finding before "等 N 格"
CELLS_SHOWN = 12
LARGEST_CHANGES = 3


#: a sheet's file name under ``sheets/``: agency_id, year
SHEET_FILE = "{}_{}.html"


def sheet_name(agency_id: str, year: int) -> str:
    """The sheet's file name under ``sheets/``."""
    return SHEET_FILE.format(agency_id, year)


def _frame(conn: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    return conn.sql(sql).pl()


def _labels(conn: duckdb.DuckDBPyConnection, database: str) -> dict[str, str]:
    """mart_agency_year column → its 中文标签 (from the published column comments)."""
    dictionary = data_dictionary(conn, database).filter(pl.col("mart") == "mart_agency_year")
    return {c: (zh or c) for c, zh in dictionary.select("column", "中文标签").iter_rows()}


def _reports(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per agency-year sheet: the primary report, its file and region, its deadline."""
    frame = _frame(
        conn,
        """
        SELECT y.agency_id, y.report_year, y.report_id, y.agency_name, y.template_version,
               y.quality_status, y.finding_count, y.error_count, y.cannot_check_count,
               y.new_received, d.file_name, d.source_kind, d.published_on, d.index_no,
               d.status, d.rejection_reason,
               d.cell_count, coalesce(r.province_name, '未知地区') AS province,
               coalesce(r.city_name, '') AS city, coalesce(r.county_name, '') AS county
        FROM mart_agency_year y
        JOIN dim_report d USING (report_id)
        LEFT JOIN dim_region r ON r.region_id = y.region_id
        """,
    )
    government = pl.col("agency_name").fill_null("").str.strip_chars().str.contains(GOVERNMENT_NAME)
    due = deadline(pl.col("report_year"), government)
    return frame.with_columns(
        deadline=due,
        on_time=pl.col("published_on") <= due,
        region=pl.concat_str(["province", "city", "county"], separator=" ").str.strip_chars(),
        sheet=pl.format(SHEET_FILE, "agency_id", "report_year"),
    ).sort("province", "city", "county", "agency_name", "report_year")


def _where_zh(location: pl.Expr) -> pl.Expr:
    """The extractor's provenance (``table 2 row 5 col 3``, ``page 3``, ``line 12``) in Chinese."""
    return (
        location.str.replace(r"^derived.*", "由六类申请人之和推算")
        .str.replace_all(r"table (\d+) row (\d+) col (\d+)", "第${1}表第${2}行第${3}列")
        .str.replace_all(r"page (\d+)", "第${1}页")
        .str.replace_all(r"line (\d+)", "第${1}行")
    )


def _findings(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every finding of a primary report, with its cells: label, printed text, where printed."""
    findings = _frame(
        conn,
        """
        WITH f AS (
            SELECT f.*, row_number() OVER (ORDER BY f.report_id, f.rule_id, f.location) AS n
            FROM quality_findings f JOIN mart_agency_year y USING (report_id)
        ),
        c AS (
            SELECT n, report_id, unnest(string_split(cells, ',')) AS raw_key,
                   generate_subscripts(string_split(cells, ','), 1) AS k
            FROM f
        )
        SELECT c.n, split_part(c.raw_key, '@', 1) AS cell_key,
               nullif(split_part(c.raw_key, '@', 2), '') AS other_report,
               fc.row_label_zh, fc.col_label_zh, fc.value_text, fc.source_location,
               coalesce(fc.is_corrected, false) AS is_corrected,
               coalesce(fc.value, fc.amount) AS corrected
        FROM c
        LEFT JOIN fct_report_cells fc
            ON fc.report_id = coalesce(nullif(split_part(c.raw_key, '@', 2), ''), c.report_id)
            AND fc.cell_key = split_part(c.raw_key, '@', 1)
        ORDER BY c.n, c.k  -- each finding's cells in the rule's order, the same on every run
        """,
    )
    head = _frame(
        conn,
        """
        SELECT row_number() OVER (ORDER BY f.report_id, f.rule_id, f.location) AS n,
               f.report_id, f.rule_id, f.severity, f.outcome, f.message_zh, f.expected,
               f.printed, f.expected_date, f.printed_date
        FROM quality_findings f JOIN mart_agency_year y USING (report_id)
        """,
    )
    labels = cell_labels()
    cells = findings.with_columns(
        source_location=_where_zh(pl.col("source_location")),
        label=pl.when(pl.col("row_label_zh").is_not_null())
        .then(pl.concat_str(["row_label_zh", "col_label_zh"], separator="·"))
        .otherwise(pl.col("cell_key").replace_strict(labels, default=pl.col("cell_key"))),
        year_note=pl.when(pl.col("other_report").is_not_null()).then(pl.lit("上年报告")),
    )
    return head.join(
        cells.group_by("n").agg(
            pl.struct(
                "label", "value_text", "source_location", "year_note", "is_corrected", "corrected"
            ).alias("cells")
        ),
        on="n",
        how="left",
    ).sort("report_id", "severity", "rule_id", "n")


def _corrections(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The hand-corrected cells (人工更正) of every sheet's report: extracted beside corrected."""
    frame = _frame(
        conn,
        """
        SELECT c.report_id, c.cell_key, c.row_label_zh, c.col_label_zh,
               coalesce(c.extracted_value, c.extracted_amount) AS extracted,
               coalesce(c.value, c.amount) AS corrected,
               c.is_added AS added, c.correction_reason, c.corrected_by, c.corrected_on
        FROM fct_report_cells c JOIN mart_agency_year y USING (report_id)
        WHERE c.is_corrected
        ORDER BY c.report_id, c.cell_key
        """,
    )
    return frame.with_columns(
        label=pl.concat_str(["row_label_zh", "col_label_zh"], separator="·").fill_null(
            pl.col("cell_key")
        )
    )


def _versions(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every version of the agency-years that have more than one, with the cells each changed."""
    return _frame(
        conn,
        """
        SELECT v.agency_id, v.report_year, v.version_number, v.file_name, v.published_on,
               v.status, v.is_current, v.is_withdrawn, v.withdrawn_at,
               count(m.cell_key) AS changed_cells
        FROM report_versions v
        LEFT JOIN mart_restatements m ON m.new_sha256 = v.report_id
        WHERE v.version_count > 1
        GROUP BY ALL
        ORDER BY v.agency_id, v.report_year, v.version_number
        """,
    )


def _yoy(conn: duckdb.DuckDBPyConnection, labels: dict[str, str]) -> pl.DataFrame:
    metrics = ", ".join(f"'{m}'" for m in HEADLINE)
    frame = _frame(
        conn,
        f"""
        SELECT agency_id, report_year, metric, value, prev_value, change, pct_change, comparability
        FROM mart_agency_yoy WHERE metric IN ({metrics})
        """,
    )
    order = {m: i for i, m in enumerate(HEADLINE)}
    return frame.with_columns(
        label=pl.col("metric").replace_strict(labels, default=pl.col("metric")),
        order=pl.col("metric").replace_strict(order, return_dtype=pl.Int32),
        is_rate=pl.col("metric").str.ends_with("_rate"),
    ).sort("agency_id", "report_year", "order")


def _number(value: Any, rate: bool = False) -> str:
    """Whole numbers as integers, rates as percentages, blanks as 空."""
    if value is None:
        return "空"
    if rate:
        return f"{value * 100:.1f}%"
    if float(value) == int(float(value)):
        return f"{int(float(value)):,}"
    return f"{float(value):,.2f}"


def _chart(points: list[tuple[int, int | None]], current: int) -> str:
    """A small inline SVG bar chart of applications (本年新收) over the years."""
    width, height, pad = 320, 120, 22
    known = [v for _, v in points if v is not None]
    top = max(known, default=0) or 1
    step = (width - 2 * pad) / max(len(points), 1)
    bars = []
    for i, (year, value) in enumerate(points):
        x = pad + i * step + step * 0.15
        w = step * 0.7
        h = 0 if value is None else (height - 2 * pad) * value / top
        y = height - pad - h
        fill = "#b22222" if year == current else "#7f8c9a"
        label = "空" if value is None else str(value)
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}">'
            f"<title>{year}年：{label}</title></rect>"
            f'<text x="{x + w / 2:.1f}" y="{height - 6}" text-anchor="middle" '
            f'font-size="10">{year}</text>'
            f'<text x="{x + w / 2:.1f}" y="{max(y - 3, 10):.1f}" text-anchor="middle" '
            f'font-size="10">{label}</text>'
        )
    return (
        f'<svg class="chart" role="img" aria-label="历年本年新收申请数" '
        f'width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#333" stroke-width="1"/>{"".join(bars)}</svg>'
    )


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("orchestration.lib", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = _number
    return env


def write_review_sheets(published_db: Path, folder: Path, version: str) -> dict[str, int]:
    """Render every agency-year sheet and the index into ``folder``; return counts."""
    with duckdb.connect(str(published_db), read_only=True) as conn:
        database = conn.sql("SELECT current_database()").fetchall()[0][0]
        labels = _labels(conn, database)
        reports = _reports(conn)
        findings = _findings(conn)
        corrections = _corrections(conn)
        versions = _versions(conn)
        yoy = _yoy(conn, labels)
    env = _environment()
    sheet = env.get_template("review_sheet.html")
    (folder / SHEETS_DIR).mkdir(parents=True, exist_ok=True)
    generated = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8)))
    common = {
        "version": version,
        "generated": generated.strftime("%Y-%m-%d %H:%M"),
        "rules": RULES_BY_ID,
        "severity_zh": SEVERITY_ZH,
        "outcome_zh": OUTCOME_ZH,
    }
    by_report = {k[0]: g for k, g in findings.partition_by("report_id", as_dict=True).items()}
    corrected = {
        k[0]: g.to_dicts() for k, g in corrections.partition_by("report_id", as_dict=True).items()
    }
    issued = {k: g.to_dicts() for k, g in versions.partition_by(["agency_id", "report_year"],
                                                                 as_dict=True).items()}  # fmt: skip
    by_agency_year = {k: g for k, g in yoy.partition_by(["agency_id", "report_year"],
                                                         as_dict=True).items()}  # fmt: skip
    series = {
        k[0]: list(g.select("report_year", "new_received").iter_rows())
        for k, g in reports.partition_by("agency_id", as_dict=True).items()
    }
    for report in reports.iter_rows(named=True):
        found = by_report.get(report["report_id"], pl.DataFrame())
        context = by_agency_year.get((report["agency_id"], report["report_year"]), pl.DataFrame())
        changes = (
            context.filter(pl.col("change").is_not_null() & ~pl.col("is_rate"))
            .with_columns(size=pl.col("change").abs())
            .sort("size", descending=True)
            .head(LARGEST_CHANGES)
        )
        html = sheet.render(
            report=report,
            violations=[] if found.is_empty() else
            found.filter(pl.col("outcome") == "violation").to_dicts(),
            unchecked=[] if found.is_empty() else
            found.filter(pl.col("outcome") == "cannot_check").to_dicts(),
            headline=context.to_dicts(),
            changes=changes.to_dicts(),
            chart=_chart(series[report["agency_id"]], report["report_year"]),
            corrections=corrected.get(report["report_id"], []),
            versions=issued.get((report["agency_id"], report["report_year"]), []),
            cells_shown=CELLS_SHOWN,
            **common,
        )  # fmt: skip
        (folder / SHEETS_DIR / report["sheet"]).write_text(html, encoding="utf-8")
    regions = [
        {"region": region[0], "rows": rows.to_dicts()}
        for region, rows in reports.partition_by(
            "region", as_dict=True, maintain_order=True
        ).items()
    ]
    index = env.get_template("review_index.html").render(
        regions=regions, sheets_dir=SHEETS_DIR, total=reports.height, **common
    )
    (folder / INDEX).write_text(index, encoding="utf-8")
    return {
        "sheets": reports.height,
        "findings": findings.height,
        "corrections": corrections.height,
    }
