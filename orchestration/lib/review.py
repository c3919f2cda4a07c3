"""Review sheets (核查意见): one printable HTML page per agency and year, and an index page.

Each sheet also lists the cells corrected by hand (人工更正: 原提取值 beside 更正值, with 理由, 更正人,
日期) and, when the agency-year has several versions, each version and what it changed.

Read from the published marts (one version, so a sheet never mixes two refreshes), shaped with a
few set-based queries and polars, rendered with Jinja2 into ``review/versions/<version>/`` and
switched in with ``publishing.publish_folder`` like the marts. Everything a reviewer reads is in
Chinese; rule wording and severity come from ``expectations.catalog``, labels from the marts'
column comments (``models/marts/<mart>.yml``), the deadline from the T-01 rule itself. No script, no CDN: the
pages open from a file share, print to clean A4 pages (``@page``) and carry inline SVG charts.

Incremental: a national year is 100,000 sheets, and a re-run after a few reports changed must not
render them all again. Everything a sheet shows is first gathered into one row per sheet (nested
columns, set-based group-bys), and each row gets a digest (polars row hashes) beside a digest of
what every sheet shares (templates, rule wording, this module). A sheet whose digests equal those
of the previous review version (``sheets.parquet`` there) is hard-linked from it, keeping the time
and marts version it was made with (it says so: 生成于 … 依据数据版本 …); only the others are
rendered. Sheets of agency-years no longer published are not carried over.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from importlib import metadata
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup, escape

from expectations.catalog import OUTCOME_ZH, RULES_BY_ID, SEVERITY_ZH
from expectations.labels import cell_labels
from expectations.rules.timeliness import GOVERNMENT_NAME, deadline
from orchestration.lib.exports import data_dictionary, link_or_copy

INDEX = "index.html"
SHEETS_DIR = "sheets"
#: per sheet of a review version: its digests and the marts version and time it was made with
SHEETS_MANIFEST = "sheets.parquet"
#: the templates every sheet is rendered with (their text is part of the shared digest)
SHEET_TEMPLATES = ("review_sheet.html", "_style.css")
#: the headline figures set beside last year's (mart_agency_year columns)
HEADLINE = (
    "new_received", "carried_in", "result_total", "granted", "partial", "denied_total",
    "unable_total", "carried_over", "review_total", "litigation_direct_total",
    "licensing_decisions", "penalty_decisions", "disclosure_rate",
)  # fmt: skip
#: cells listed per finding before "等 N 格"
CELLS_SHOWN = 12
LARGEST_CHANGES = 3

# What the sheet template reads, per nested row. Only these go into a sheet's digest, so a field
# the template starts to read must be added here (the environment's StrictUndefined then fails
# loudly instead of printing a blank).
REPORT_FIELDS = (
    "agency_name", "report_year", "region", "template_version", "file_name", "source_kind",
    "cell_count", "index_no", "published_on", "deadline", "on_time", "status",
    "rejection_reason", "error_count",
)  # fmt: skip
FINDING_FIELDS = ("rule_id", "severity", "message_zh", "cells", "cell_total")
UNCHECKED_FIELDS = ("rule_id", "message_zh")
HEADLINE_FIELDS = ("label", "value", "prev_value", "change", "is_rate", "comparability")
CHANGE_FIELDS = ("label", "prev_value", "value")
CORRECTION_FIELDS = (
    "label", "added", "extracted", "corrected", "correction_reason", "corrected_by",
    "corrected_on",
)  # fmt: skip
VERSION_FIELDS = (
    "version_number", "file_name", "published_on", "status", "is_current", "is_withdrawn",
    "withdrawn_at", "changed_cells",
)  # fmt: skip
#: the nested columns of one sheet's row (``_sheet_rows``): exactly what its digest covers
SHEET_INPUTS = (
    "report", "violations", "unchecked", "headline", "changes", "corrections", "versions",
    "years", "applications",
)  # fmt: skip
#: the index's number columns shown as they are, after the agency (then 本年新收, then the link)
INDEX_NUMBERS = ("report_year", "finding_count", "error_count", "cannot_check_count")


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


#: a total order of the findings (ties are findings that read the same), numbered alike by both
#: queries of ``_findings``
_FINDING_ORDER = "f.report_id, f.rule_id, f.location, f.severity, f.outcome, f.message_zh, f.cells"


def _findings(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every finding of a primary report; a violation with the cells a sheet lists (the first
    ``CELLS_SHOWN``: label, printed text, where printed, a hand correction) and how many it has.

    A cannot-check finding's cells are not printed, nor a violation's past ``CELLS_SHOWN``: they
    are neither joined to the 4-million-row cells fact nor converted to Python objects.
    """
    cells = _frame(
        conn,
        f"""
        WITH f AS (
            SELECT f.*, row_number() OVER (ORDER BY {_FINDING_ORDER}) AS n
            FROM quality_findings f JOIN mart_agency_year y USING (report_id)
        ),
        c AS (
            SELECT n, k, report_id, raw_key FROM (
                SELECT n, report_id, unnest(string_split(cells, ',')) AS raw_key,
                       generate_subscripts(string_split(cells, ','), 1) AS k
                FROM f WHERE outcome = 'violation'
            ) WHERE k <= {CELLS_SHOWN}
        )
        SELECT c.n, c.k, split_part(c.raw_key, '@', 1) AS cell_key,
               nullif(split_part(c.raw_key, '@', 2), '') AS other_report,
               fc.row_label_zh, fc.col_label_zh, fc.value_text, fc.source_location,
               coalesce(fc.is_corrected, false) AS is_corrected,
               CASE WHEN fc.is_corrected THEN coalesce(fc.value, fc.amount) END AS corrected
        FROM c
        LEFT JOIN fct_report_cells fc
            ON fc.report_id = coalesce(nullif(split_part(c.raw_key, '@', 2), ''), c.report_id)
            AND fc.cell_key = split_part(c.raw_key, '@', 1)
        """,
    ).sort("n", "k")  # each finding's cells in the rule's order (polars sorts faster than SQL)
    head = _frame(
        conn,
        f"""
        SELECT row_number() OVER (ORDER BY {_FINDING_ORDER}) AS n,
               f.report_id, f.rule_id, f.severity, f.outcome, f.message_zh,
               coalesce(len(string_split(f.cells, ',')), 0) AS cell_total
        FROM quality_findings f JOIN mart_agency_year y USING (report_id)
        """,
    )
    labels = cell_labels()
    cells = cells.with_columns(
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


class _Environment(Environment):
    """Jinja looks ``row.field`` up as an attribute first and as a key only after catching the
    AttributeError; the sheets' rows are dicts, and those exceptions (about 180 per sheet) cost
    a third of the rendering."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def _environment() -> Environment:
    env = _Environment(
        loader=PackageLoader("orchestration.lib", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,  # a field missing from the nested rows fails, never blank
        auto_reload=False,  # no stat of each template (and the included CSS) per sheet
    )
    env.filters["number"] = _number
    return env


def html_text(expr: pl.Expr) -> pl.Expr:
    """Text escaped as Jinja's autoescape (markupsafe) escapes it: ``& < > " '``."""
    for char, entity in (
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ('"', "&#34;"),
        ("'", "&#39;"),
    ):
        expr = expr.str.replace_all(char, entity, literal=True)
    return expr


def index_rows(reports: pl.DataFrame, sheets_dir: str) -> pl.Series:
    """The index's ``<tr>`` of every report, built column-wise: a national index has 100,000
    rows, which Jinja took seconds to render one field at a time on every run. Numbers are
    formatted by :func:`_number`, once per distinct value."""
    numbers = reports["new_received"].unique()
    formatted = {value: _number(value) for value in numbers.to_list()}
    received = pl.col("new_received").replace_strict(formatted, return_dtype=pl.String)
    if None in formatted:  # replace_strict maps values, never null: blanks are 空 by _number
        received = received.fill_null(formatted[None])
    cell = '<td class="num">{}</td>\n'
    return reports.select(
        pl.format(
            "<tr>\n<td>{}</td>\n" + cell * 5 + '<td><a href="{}/{}">查看</a></td>\n</tr>',
            html_text(
                pl.when(pl.col("agency_name").fill_null("") == "")
                .then(pl.lit("未知机关"))
                .otherwise(pl.col("agency_name"))
            ),
            *(pl.col(c).cast(pl.String).fill_null("None") for c in INDEX_NUMBERS),
            received,
            pl.lit(str(escape(sheets_dir))),
            html_text(pl.col("sheet")),
        ).alias("html")
    ).to_series()


def _sheet_rows(
    reports: pl.DataFrame,
    findings: pl.DataFrame,
    corrections: pl.DataFrame,
    versions: pl.DataFrame,
    yoy: pl.DataFrame,
) -> pl.DataFrame:
    """One row per sheet (in ``reports``' order) holding everything the sheet shows, as nested
    columns (:data:`SHEET_INPUTS`): a few group-bys instead of a filter per sheet, and the exact
    input of the sheet's digest."""
    key = ["agency_id", "report_year"]
    per_report = findings.group_by("report_id").agg(
        violations=pl.struct(FINDING_FIELDS).filter(pl.col("outcome") == "violation"),
        unchecked=pl.struct(UNCHECKED_FIELDS).filter(pl.col("outcome") == "cannot_check"),
    )
    corrected = corrections.group_by("report_id").agg(corrections=pl.struct(CORRECTION_FIELDS))
    issued = versions.group_by(key).agg(versions=pl.struct(VERSION_FIELDS))
    headline = yoy.group_by(key).agg(headline=pl.struct(HEADLINE_FIELDS))
    largest = (
        yoy.filter(pl.col("change").is_not_null() & ~pl.col("is_rate"))
        .with_columns(size=pl.col("change").abs())
        .sort([*key, "size", "order"], descending=[False, False, True, False])
        .group_by(key, maintain_order=True)
        .head(LARGEST_CHANGES)
        .group_by(key)
        .agg(changes=pl.struct(CHANGE_FIELDS))
    )
    series = reports.group_by("agency_id", maintain_order=True).agg(  # lists convert faster
        years=pl.col("report_year"), applications=pl.col("new_received")
    )
    return (
        reports.select(
            "sheet", "agency_id", "report_year", "report_id", report=pl.struct(REPORT_FIELDS)
        )
        .join(per_report, on="report_id", how="left", maintain_order="left")
        .join(headline, on=key, how="left", maintain_order="left")
        .join(largest, on=key, how="left", maintain_order="left")
        .join(corrected, on="report_id", how="left", maintain_order="left")
        .join(issued, on=key, how="left", maintain_order="left")
        .join(series, on="agency_id", how="left", maintain_order="left")
        .select("sheet", *SHEET_INPUTS)
    )


def _digests(rows: pl.DataFrame) -> pl.Series:
    """Each sheet's digest: two polars row hashes (128 bits) over its nested inputs.

    Set-based (about 0.1 s for 20,000 sheets, where hashing a JSON dump per sheet in Python
    takes seconds). Polars row hashes are stable within one polars version, which the shared
    digest (:func:`template_digest`) therefore includes.
    """
    inputs = rows.select(SHEET_INPUTS)
    return pl.format("{}-{}", inputs.hash_rows(seed=0), inputs.hash_rows(seed=1)).alias("digest")


def template_digest(env: Environment, schema: pl.Schema) -> str:
    """What every sheet shares, digested: the templates' text, the rule wording and severity
    words the sheets print, this module's code (formatting, the chart), the libraries that
    render and hash, and the nested rows' schema. A change to any re-renders every sheet."""
    parts: dict[str, Any] = {
        "templates": {
            name: env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
            for name in SHEET_TEMPLATES
        },
        "rules": {r: [s.title_zh, s.severity] for r, s in sorted(RULES_BY_ID.items())},
        "severity_zh": SEVERITY_ZH,
        "outcome_zh": OUTCOME_ZH,
        "code": Path(__file__).read_text(encoding="utf-8"),
        "libraries": {p: metadata.version(p) for p in ("polars", "jinja2", "markupsafe")},
        "schema": str(schema),
    }
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def previous_sheets(folder: Path | None) -> pl.DataFrame | None:
    """The sheets manifest of the previous review version (None: no version, or one written
    before sheets had digests — every sheet is then rendered)."""
    if folder is None or not (folder / SHEETS_MANIFEST).is_file():
        return None
    return pl.read_parquet(folder / SHEETS_MANIFEST)


def _unchanged(rows: pl.DataFrame, shared: str, previous: pl.DataFrame | None) -> pl.DataFrame:
    """The sheets whose digests equal the previous version's, with the marts version and time
    they were made with."""
    made = pl.DataFrame(schema={"sheet": pl.String, "version": pl.String, "generated": pl.String})
    if previous is None:
        return made
    return (
        rows.select("sheet", "digest")
        .join(
            previous.filter(pl.col("template") == shared).select(
                "sheet", "digest", "version", "generated"
            ),
            on=["sheet", "digest"],
            how="inner",
        )
        .select(made.columns)
    )


def _link(unchanged: pl.DataFrame, previous: Path | None, folder: Path) -> pl.DataFrame:
    """Hard-link the unchanged sheets from the previous version; return those linked (a file
    gone from there is rendered instead).

    A national re-run links about 99,000 sheets: each link is made relative to the two folders'
    descriptors, so no path is built or resolved per sheet."""
    if previous is None:
        return unchanged
    source, dest = previous / SHEETS_DIR, folder / SHEETS_DIR
    linked = []
    src_fd = os.open(source, os.O_RDONLY | os.O_DIRECTORY)
    try:
        dst_fd = os.open(dest, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for name in unchanged["sheet"]:
                try:
                    os.link(name, name, src_dir_fd=src_fd, dst_dir_fd=dst_fd)
                    linked.append(True)
                except FileNotFoundError:
                    linked.append(False)
                except OSError:  # another device: copied (link_or_copy's fallback)
                    try:
                        link_or_copy(source / name, dest / name)
                        linked.append(True)
                    except FileNotFoundError:
                        linked.append(False)
        finally:
            os.close(dst_fd)
    finally:
        os.close(src_fd)
    return unchanged.filter(pl.Series(linked, dtype=pl.Boolean))


#: sheets rendered per task, and how many sheets make a second process worth its start: a
#: national first run renders 100,000 (about 0.5 ms each), a 1 % re-run a few thousand
CHUNK_SHEETS = 1_000
PARALLEL_SHEETS = 8_000


def _common() -> dict[str, Any]:
    return {
        "rules": RULES_BY_ID,
        "severity_zh": SEVERITY_ZH,
        "outcome_zh": OUTCOME_ZH,
        "cells_shown": CELLS_SHOWN,
    }


@functools.cache
def _sheet_template() -> Template:
    """The compiled sheet template, once per process (workers render many chunks)."""
    return _environment().get_template("review_sheet.html")


def _render_rows(rows: list[dict[str, Any]], folder: Path, version: str, stamp: str) -> int:
    """Write one HTML file per sheet row (plain dicts: no polars in a forked worker)."""
    sheet = _sheet_template()
    common = _common()
    for row in rows:
        report = row["report"]
        points = list(zip(row["years"], row["applications"], strict=True))
        html = sheet.render(
            report=report,
            violations=row["violations"] or [],
            unchecked=row["unchecked"] or [],
            headline=row["headline"] or [],
            changes=row["changes"] or [],
            chart=_chart(points, report["report_year"]),
            corrections=row["corrections"] or [],
            versions=row["versions"] or [],
            version=version,
            generated=stamp,
            **common,
        )
        (folder / row["sheet"]).write_bytes(html.encode("utf-8"))
    return len(rows)


def render_sheets(
    todo: pl.DataFrame, folder: Path, version: str, stamp: str, workers: int | None = None
) -> int:
    """Render the sheet rows of ``todo`` into ``folder``; return how many.

    Rendering is pure Python (Jinja), so a national first run uses every core: chunks of rows,
    turned into dicts here, go to forked workers with at most two chunks each in flight (the
    rows of 100,000 sheets are never all in memory as dicts). Small runs render in-process."""
    workers = workers or os.cpu_count() or 1
    chunks = (c.rows(named=True) for c in todo.iter_slices(CHUNK_SHEETS))
    if workers == 1 or todo.height < PARALLEL_SHEETS:
        return sum(_render_rows(rows, folder, version, stamp) for rows in chunks)
    done = 0
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: set[Future[int]] = set()
        for rows in chunks:
            pending.add(pool.submit(_render_rows, rows, folder, version, stamp))
            if len(pending) >= 2 * workers:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                done += sum(f.result() for f in finished)
        done += sum(f.result() for f in pending)
    return done


def write_review_sheets(
    published_db: Path, folder: Path, version: str, previous: Path | None = None
) -> dict[str, int]:
    """Render the agency-year sheets and the index into ``folder``; return counts.

    ``previous`` is the previous review version's folder: a sheet whose digests are unchanged
    is hard-linked from it instead of rendered (``kept`` of the counts; ``rendered`` the rest).
    """
    with duckdb.connect(str(published_db), read_only=True) as conn:
        database = conn.sql("SELECT current_database()").fetchall()[0][0]
        labels = _labels(conn, database)
        reports = _reports(conn)
        findings = _findings(conn)
        corrections = _corrections(conn)
        versions = _versions(conn)
        yoy = _yoy(conn, labels)
    env = _environment()
    rows = _sheet_rows(reports, findings, corrections, versions, yoy)
    rows = rows.with_columns(_digests(rows))
    shared = template_digest(env, rows.select(SHEET_INPUTS).schema)
    (folder / SHEETS_DIR).mkdir(parents=True, exist_ok=True)
    kept = _link(_unchanged(rows, shared, previous_sheets(previous)), previous, folder)
    generated = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8)))
    stamp = generated.strftime("%Y-%m-%d %H:%M")
    todo = rows.join(kept.select("sheet"), on="sheet", how="anti", maintain_order="left")
    render_sheets(todo, folder / SHEETS_DIR, version, stamp)
    made = rows.select("sheet", "digest", template=pl.lit(shared)).join(
        kept, on="sheet", how="left", maintain_order="left"
    )
    made.with_columns(
        version=pl.col("version").fill_null(version), generated=pl.col("generated").fill_null(stamp)
    ).write_parquet(folder / SHEETS_MANIFEST)
    regions = [
        {"region": region[0], "rows": Markup("\n".join(members["html"]))}
        for region, members in reports.select("region", html=index_rows(reports, SHEETS_DIR))
        .partition_by("region", as_dict=True, maintain_order=True)
        .items()
    ]
    index = env.get_template("review_index.html").render(
        regions=regions, total=reports.height, rendered=todo.height,
        kept=kept.height, version=version, generated=stamp, **_common(),
    )  # fmt: skip
    (folder / INDEX).write_text(index, encoding="utf-8")
    return {
        "sheets": reports.height,
        "rendered": todo.height,
        "kept": kept.height,
        "findings": findings.height,
        "corrections": corrections.height,
    }
