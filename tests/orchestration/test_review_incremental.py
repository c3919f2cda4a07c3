"""Incremental review sheets (核查意见): a sheet is rendered again only when what it shows changed;
the others are hard links to the previous version's files, and the folder then reads exactly as a
full render from scratch would (but for the line that says when and from which marts version each
sheet was made). Over a small published marts file built in a real DuckDB file."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from jinja2 import FileSystemLoader

from orchestration.lib.review import (
    INDEX,
    SHEETS_DIR,
    SHEETS_MANIFEST,
    _environment,
    sheet_name,
    template_digest,
    write_review_sheets,
)

AGENCIES = ("a1", "a2", "a3")
YEARS = (2021, 2022, 2023)
#: the line every sheet prints its making on (生成于 … 依据数据版本 …)
STAMP = re.compile(r'^<p class="muted stamp">.*$', re.M)

MARTS = """
CREATE TABLE dim_region AS SELECT 'r1' AS region_id, '江苏省' AS province_name,
    '宿迁市' AS city_name, '沭阳县' AS county_name;
CREATE TABLE mart_agency_year AS
SELECT a AS agency_id, y AS report_year, a || '_' || y AS report_id,
       CASE a WHEN 'a1' THEN '沭阳县人民政府' WHEN 'a2' THEN '沭阳县发改局' ELSE '沭阳县教育局' END
           AS agency_name,
       '2021' AS template_version, 'checked' AS quality_status, 2::BIGINT AS finding_count,
       1::BIGINT AS error_count, 1::BIGINT AS cannot_check_count,
       (10 * y - 20200 + length(a))::BIGINT AS new_received, 'r1' AS region_id
FROM unnest(['a1', 'a2', 'a3']) t(a), unnest([2021, 2022, 2023]) u(y);
COMMENT ON COLUMN mart_agency_year.new_received IS '本年新收申请数 — new requests';
CREATE TABLE dim_report AS
SELECT report_id, agency_id, report_id || '.pdf' AS file_name, 'pdf' AS source_kind,
       make_date(report_year + 1, 1, 20) AS published_on, 'IDX-' || report_id AS index_no,
       'parsed' AS status, NULL::VARCHAR AS rejection_reason, 120::BIGINT AS cell_count
FROM mart_agency_year;
CREATE TABLE fct_report_cells AS
SELECT report_id, 'requests.granted.total' AS cell_key, '三（一）予以公开' AS row_label_zh,
       '总计' AS col_label_zh, '40' AS value_text, 'table 2 row 5 col 3' AS source_location,
       false AS is_corrected, 40::BIGINT AS value, NULL::DECIMAL(18, 4) AS amount,
       40::BIGINT AS extracted_value, NULL::DECIMAL(18, 4) AS extracted_amount,
       false AS is_added, NULL::VARCHAR AS correction_reason, NULL::VARCHAR AS corrected_by,
       NULL::DATE AS corrected_on
FROM mart_agency_year;
CREATE TABLE quality_findings AS
SELECT report_id, 'B-01' AS rule_id, 'error' AS severity, 'violation' AS outcome,
       'B-01 总计列：一+二=41，三(七)+四=40' AS message_zh, 'requests.total' AS location,
       'requests.granted.total' AS cells
FROM mart_agency_year
UNION ALL
SELECT report_id, 'S-01', 'warn', 'cannot_check', 'S-01 无法核对，空白或缺失：三（二）部分公开·总计',
       'requests', 'requests.partial.total'
FROM mart_agency_year;
CREATE TABLE report_versions AS
SELECT agency_id, report_year, 1::BIGINT AS version_number, report_id || '.pdf' AS file_name,
       make_date(report_year + 1, 1, 20) AS published_on, 'parsed' AS status, true AS is_current,
       false AS is_withdrawn, NULL::TIMESTAMP AS withdrawn_at, 1::BIGINT AS version_count,
       report_id
FROM mart_agency_year;
CREATE TABLE mart_restatements AS SELECT 'x' AS new_sha256, 'k' AS cell_key WHERE false;
CREATE TABLE mart_agency_yoy AS
SELECT agency_id, report_year, 'new_received' AS metric, new_received::DOUBLE AS value,
       (new_received - 10)::DOUBLE AS prev_value,
       CASE WHEN report_year > 2021 THEN 10.0 END AS change, NULL::DOUBLE AS pct_change,
       CASE WHEN report_year > 2021 THEN 'comparable' ELSE 'no_previous_report' END
           AS comparability
FROM mart_agency_year;
"""


def _marts(path: Path) -> Path:
    """A published marts file: 3 agencies × 3 years, a violation and a cannot-check each."""
    with duckdb.connect(str(path)) as conn:
        conn.execute(MARTS)
    return path


def _changed(source: Path, dest: Path, *statements: str) -> Path:
    shutil.copyfile(source, dest)
    with duckdb.connect(str(dest)) as conn:
        for statement in statements:
            conn.execute(statement)
    return dest


def _sheets(folder: Path) -> dict[str, Path]:
    return {p.name: p for p in sorted((folder / SHEETS_DIR).glob("*.html"))}


def _unstamped(path: Path) -> str:
    return STAMP.sub("", path.read_text(encoding="utf-8"))


def _linked(a: Path, b: Path) -> bool:
    return os.stat(a).st_ino == os.stat(b).st_ino


@pytest.fixture
def first(tmp_path: Path) -> tuple[Path, Path]:
    """The marts file and a first (full) review version rendered from it."""
    marts = _marts(tmp_path / "marts_v1.duckdb")
    counts = write_review_sheets(marts, tmp_path / "v1", "marts_v1")
    assert (counts["rendered"], counts["kept"]) == (9, 0)
    return marts, tmp_path / "v1"


def test_a_run_without_change_renders_nothing_and_links_every_sheet(first, tmp_path) -> None:
    marts, v1 = first
    counts = write_review_sheets(marts, tmp_path / "v2", "marts_v2", previous=v1)
    assert (counts["sheets"], counts["rendered"], counts["kept"]) == (9, 0, 9)
    before, after = _sheets(v1), _sheets(tmp_path / "v2")
    assert before.keys() == after.keys() and len(after) == 9
    for name, sheet in after.items():
        assert _linked(sheet, before[name])
        assert sheet.read_bytes() == before[name].read_bytes()
        assert "依据数据版本 marts_v1" in sheet.read_text(encoding="utf-8")  # when it was made
    index = (tmp_path / "v2" / INDEX).read_text(encoding="utf-8")
    assert all(f'href="{SHEETS_DIR}/{name}"' in index for name in after)
    assert "数据版本 marts_v2" in index and "沿用" in index
    manifest = pl.read_parquet(tmp_path / "v2" / SHEETS_MANIFEST)
    assert manifest.height == 9 and set(manifest["version"]) == {"marts_v1"}


def test_a_changed_report_re_renders_exactly_the_sheets_that_show_it(first, tmp_path) -> None:
    """a1 2022's finding is reworded; a3 2023 gets a hand correction; a2 2023's 本年新收 changes,
    which its chart of every year and its own 与上年对比 show: 5 sheets of 9."""
    marts, v1 = first
    changed = _changed(
        marts,
        tmp_path / "marts_v2.duckdb",
        "UPDATE quality_findings SET message_zh = message_zh || '（复核）' "
        "WHERE report_id = 'a1_2022' AND outcome = 'violation'",
        "UPDATE fct_report_cells SET is_corrected = true, value = 41, correction_reason = "
        "'原件为41', corrected_by = '张三', corrected_on = DATE '2024-05-06' "
        "WHERE report_id = 'a3_2023'",
        "UPDATE mart_agency_year SET new_received = 99 WHERE report_id = 'a2_2023'",
        "UPDATE mart_agency_yoy SET value = 99 WHERE agency_id = 'a2' AND report_year = 2023",
    )
    counts = write_review_sheets(changed, tmp_path / "v2", "marts_v2", previous=v1)
    assert (counts["rendered"], counts["kept"]) == (5, 4)
    expected = {sheet_name("a1", 2022), sheet_name("a3", 2023)}
    expected |= {sheet_name("a2", y) for y in YEARS}
    before, after = _sheets(v1), _sheets(tmp_path / "v2")
    assert {n for n, p in after.items() if not _linked(p, before[n])} == expected
    for name in expected:
        assert "依据数据版本 marts_v2" in after[name].read_text(encoding="utf-8")
    assert "（复核）" in after[sheet_name("a1", 2022)].read_text(encoding="utf-8")
    assert "原件为41" in after[sheet_name("a3", 2023)].read_text(encoding="utf-8")
    full = tmp_path / "full"
    write_review_sheets(changed, full, "marts_v2")
    scratch = _sheets(full)
    assert scratch.keys() == after.keys()
    for name, sheet in after.items():  # kept and rendered alike read as a full render
        assert _unstamped(sheet) == _unstamped(scratch[name]), name
    manifest = pl.read_parquet(tmp_path / "v2" / SHEETS_MANIFEST)
    made = dict(manifest.select("sheet", "version").iter_rows())
    assert {n for n, v in made.items() if v == "marts_v2"} == expected


def test_a_changed_template_or_rule_text_re_renders_every_sheet(first, tmp_path) -> None:
    marts, v1 = first
    # the previous version as if made with other templates / rule wording
    manifest = pl.read_parquet(v1 / SHEETS_MANIFEST)
    manifest.with_columns(template=pl.lit("another template digest")).write_parquet(
        v1 / SHEETS_MANIFEST
    )
    counts = write_review_sheets(marts, tmp_path / "v2", "marts_v2", previous=v1)
    assert (counts["rendered"], counts["kept"]) == (9, 0)
    before, after = _sheets(v1), _sheets(tmp_path / "v2")
    assert not any(_linked(p, before[n]) for n, p in after.items())
    # and the shared digest does follow a template's text
    env = _environment()
    schema = pl.read_parquet(tmp_path / "v2" / SHEETS_MANIFEST).schema  # any schema, held fixed
    templates = tmp_path / "templates"
    shutil.copytree(Path(env.loader.get_source(env, "_style.css")[1]).parent, templates)  # type: ignore[union-attr,arg-type]
    edited = _environment()
    edited.loader = FileSystemLoader(str(templates))
    assert template_digest(edited, schema) == template_digest(env, schema)
    sheet = templates / "review_sheet.html"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("核查结论", "核查意见"), "utf-8")
    assert template_digest(edited, schema) != template_digest(env, schema)


def test_a_removed_agency_year_is_not_carried_over(first, tmp_path) -> None:
    marts, v1 = first
    changed = _changed(
        marts,
        tmp_path / "marts_v2.duckdb",
        "DELETE FROM mart_agency_year WHERE report_id = 'a3_2021'",
    )
    counts = write_review_sheets(changed, tmp_path / "v2", "marts_v2", previous=v1)
    gone = sheet_name("a3", 2021)
    after = _sheets(tmp_path / "v2")
    assert counts["sheets"] == 8 and gone not in after and len(after) == 8
    # a3's other years lose a bar of their chart: rendered again; a1's and a2's are kept
    assert (counts["rendered"], counts["kept"]) == (2, 6)
    assert gone not in (tmp_path / "v2" / INDEX).read_text(encoding="utf-8")
    assert gone not in set(pl.read_parquet(tmp_path / "v2" / SHEETS_MANIFEST)["sheet"])


def test_a_previous_version_without_digests_renders_every_sheet(first, tmp_path) -> None:
    """A review version published before sheets had digests (no sheets.parquet)."""
    marts, v1 = first
    (v1 / SHEETS_MANIFEST).unlink()
    counts = write_review_sheets(marts, tmp_path / "v2", "marts_v2", previous=v1)
    assert (counts["rendered"], counts["kept"]) == (9, 0)


def test_a_sheet_missing_from_the_previous_version_is_rendered(first, tmp_path) -> None:
    marts, v1 = first
    (v1 / SHEETS_DIR / sheet_name("a2", 2022)).unlink()
    counts = write_review_sheets(marts, tmp_path / "v2", "marts_v2", previous=v1)
    assert (counts["rendered"], counts["kept"]) == (1, 8)
    assert sheet_name("a2", 2022) in _sheets(tmp_path / "v2")


def test_sheets_rendered_by_worker_processes_are_those_rendered_in_process(
    first, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national first run renders in forked workers, in chunks: the same files, every one."""
    from orchestration.lib import review

    marts, v1 = first
    monkeypatch.setattr(review, "PARALLEL_SHEETS", 2)
    monkeypatch.setattr(review, "CHUNK_SHEETS", 2)  # 9 sheets: five chunks over two workers
    counts = write_review_sheets(marts, tmp_path / "par", "marts_v1")
    assert (counts["rendered"], counts["kept"]) == (9, 0)
    alone, together = _sheets(v1), _sheets(tmp_path / "par")
    assert list(together) == list(alone)
    assert all(_unstamped(together[n]) == _unstamped(alone[n]) for n in alone)
