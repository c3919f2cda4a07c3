"""人工更正: hand corrections (seed cell_corrections) reach the marts by a real `dbt build` over the
scenario — the corrected value used, the extracted one kept beside it, a left-out cell added, a
bad correction failing the test with its row — and incremental builds follow a changed seed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from dbt_harness import TEST_OVERRIDES, Warehouse, copy_project, run_dbt, write_corrections
from dbt_raw_frames import write_raw_tables
from dbt_scenario import scenario_frames
from test_incremental import COMPARED, _rows

from orchestration.lib.review import SHEETS_DIR, sheet_name, write_review_sheets

#: c21 prints 予以公开 40 (the extractor's reading); a person corrects it to 41, after an earlier
#: row (39) that the later one replaces; b22's blank 重复申请 / 科研机构 is really 0 (its derived
#: 总计 then adds up); a21's 行政许可 处理决定数量 was left out by the extraction and is added.
CORRECTIONS = """\
c21,,,requests,granted,total,39,原件第2页（初次核对）,张三,2024-05-01
c21,,,requests,granted,total,41,原件第2页为41，提取为40,张三,2024-05-06
,沭阳县发改局,2022,requests,np_duplicate,research,0,原件该格为0，提取为空,李四,2024-05-07
a21,,,proactive,licensing,decisions,12,原件第1页有此格，提取遗漏,王五,2024-05-08
"""


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    root = tmp_path_factory.mktemp("dbt_corrections")
    project = copy_project(root, TEST_OVERRIDES, corrections=CORRECTIONS)
    db_path = root / "nianbao.duckdb"
    write_raw_tables(db_path, scenario_frames())
    run_dbt(project, root / "target", db_path, "build")
    yield Warehouse(db_path, project, root / "target")


def cell_row(wh: Warehouse, report_id: str, cell_key: str) -> dict:
    [row] = wh.rows(
        "select * from marts.fct_report_cells "
        f"where report_id = '{report_id}' and cell_key = '{cell_key}'"
    )
    return row


def year_row(wh: Warehouse, report_id: str) -> dict:
    [row] = wh.rows(f"select * from marts.mart_agency_year where report_id = '{report_id}'")
    return row


def test_a_correction_replaces_the_value_and_keeps_the_extracted_one(corrected) -> None:
    cell = cell_row(corrected, "c21", "requests.granted.total")
    assert (cell["value"], cell["extracted_value"], cell["is_corrected"]) == (41, 40, True)
    assert cell["correction_reason"] == "原件第2页为41，提取为40"
    assert (cell["corrected_by"], cell["corrected_on"]) == ("张三", dt.date(2024, 5, 6))
    assert cell["source_location"] == "requests/granted/total"  # where it was read stays
    row = year_row(corrected, "c21")
    assert row["granted"] == 41
    assert row["disclosure_rate"] == pytest.approx((41 + 10) / 80)
    untouched = cell_row(corrected, "c21", "requests.partial.total")
    assert (untouched["value"], untouched["extracted_value"]) == (10, 10)
    assert not untouched["is_corrected"] and untouched["correction_reason"] is None


def test_the_earlier_correction_of_a_cell_stays_as_the_trail(corrected) -> None:
    rows = corrected.rows(
        "select corrected_value, is_applied, problem from intermediate.int_cell_corrections "
        "where report_id = 'c21' order by corrected_on"
    )
    assert [(r["corrected_value"], r["is_applied"], r["problem"]) for r in rows] == [
        (39, False, None),
        (41, True, None),
    ]
    [(count,)] = corrected.query(
        "select correction_count from marts.dim_report where report_id = 'c21'"
    )
    assert count == 1


def test_a_correction_by_agency_and_year_and_the_derived_total_follows(corrected) -> None:
    cell = cell_row(corrected, "b22", "requests.np_duplicate.research")
    assert (cell["value"], cell["extracted_value"], cell["is_corrected"]) == (0, None, True)
    assert cell["value_text"] == ""  # printed blank: what the extractor read stays
    total = cell_row(corrected, "b22", "requests.np_duplicate.total")
    assert total["is_derived"] and total["value"] == 1  # 1 + 0 + 0 + 0 + 0 + 0
    assert year_row(corrected, "b22")["np_duplicate"] == 1


def test_a_correction_fills_a_cell_the_extraction_left_out(corrected) -> None:
    cell = cell_row(corrected, "a21", "proactive.licensing.decisions")
    assert (cell["value"], cell["extracted_value"], cell["is_corrected"]) == (12, None, True)
    assert cell["source_location"] == "added by hand (人工更正)"
    assert cell["value_text"] is None and not cell["is_derived"] and cell["in_template"]
    assert cell["is_added"]
    assert not cell_row(corrected, "c21", "requests.granted.total")["is_added"]
    assert year_row(corrected, "a21")["licensing_decisions"] == 12


def test_cells_added_by_hand_leave_the_reconcile_gate_balanced(corrected) -> None:
    """The blocking gate (orchestration/defs/checks/integrity.py) counts raw.cells of ok reports
    against fct_report_cells less derived and hand-added cells: still equal, report by report."""
    unbalanced = corrected.query(
        "with raw as (select report_id, count(*) as n from raw.cells join raw.reports "
        "using (report_id) where status = 'ok' group by 1), "
        "mart as (select report_id, count(*) as n from marts.fct_report_cells "
        "where not is_derived and not is_added group by 1) "
        "select * from raw full join mart using (report_id) where raw.n is distinct from mart.n"
    )
    assert unbalanced == []


def test_findings_stay_about_the_report_as_extracted(corrected) -> None:
    """The report-scope findings come from raw.cells before dbt: a correction does not move them."""
    [(raw,)] = corrected.query("select count(*) from raw.quality_findings")
    [(mart,)] = corrected.query(
        "select count(*) from marts.quality_findings where rule_scope = 'report'"
    )
    assert raw == mart


BAD = """\
nosuchreport,,,requests,granted,total,1,test,x,2024-01-01
a19,,,requests,other_no_correction,total,1,test: a 2021 row on a 2019 report,x,2024-01-01
,沭阳县人民政府,2022,requests,granted,total,1,,x,2024-01-01
d22,,,requests,granted,total,1,test: rejected,x,2024-01-01
,沭阳县不存在局,2021,requests,granted,total,1,test,x,2024-01-01
c21,,,requests,partial,total,11,test: fine,x,2024-01-01
"""


def test_a_bad_correction_fails_the_test_naming_its_row(tmp_path: Path) -> None:
    project = copy_project(tmp_path, TEST_OVERRIDES, corrections=BAD)
    db_path = tmp_path / "nianbao.duckdb"
    write_raw_tables(db_path, scenario_frames())
    run_dbt(project, tmp_path / "target", db_path, "seed")
    run_dbt(project, tmp_path / "target", db_path, "run", "--select", "+int_cell_corrections")
    result = run_dbt(
        project, tmp_path / "target", db_path, "test", "--select", "cell_corrections_resolve",
        check=False,
    )  # fmt: skip
    assert not result.success
    [test] = result.result.results
    assert str(test.status) == "fail" and test.failures == 5, test.message
    wh = Warehouse(db_path, project, tmp_path / "target")
    [(schema,)] = wh.query(
        "select table_schema from information_schema.tables "
        "where table_name = 'cell_corrections_resolve'"
    )
    named = {
        (r["report_id"], r["agency"], r["row"], r["problem"])
        for r in wh.rows(f'select * from "{schema}".cell_corrections_resolve')
    }
    assert named == {
        ("nosuchreport", None, "granted", "no such report in the warehouse"),
        ("a19", None, "other_no_correction",
         "cell requests.other_no_correction.total is not in the report's template 2019"),
        (None, "沭阳县人民政府", "granted", "reason, corrected_by and corrected_on are all required"),
        ("d22", None, "granted", "the report was rejected: it has no cells"),
        (None, "沭阳县不存在局", "granted", "no such report in the warehouse"),
    }  # fmt: skip


def test_changed_corrections_rebuild_incrementally_like_a_full_build(tmp_path: Path) -> None:
    """The incremental models rebuild a report whose corrections change (corrections_digest):
    one dropped (a21), one changed (c21), one added (e21), one kept (b22)."""
    changed = (
        CORRECTIONS.replace("a21,,,proactive", "#").replace(",41,", ",42,")
        + "e21,,,requests,carried_in,total,1,test: added later,x,2024-06-01\n"
    )
    changed = "".join(line + "\n" for line in changed.splitlines() if not line.startswith("#"))
    project = copy_project(tmp_path, TEST_OVERRIDES, corrections=CORRECTIONS)
    db_path = tmp_path / "nianbao.duckdb"
    write_raw_tables(db_path, scenario_frames())
    run_dbt(project, tmp_path / "t0", db_path, "build")
    write_corrections(project, changed)
    run_dbt(project, tmp_path / "t1", db_path, "build")

    full = tmp_path / "full"
    full.mkdir()
    rebuilt_project = copy_project(full, TEST_OVERRIDES, corrections=changed)
    rebuilt = full / "nianbao.duckdb"
    write_raw_tables(rebuilt, scenario_frames())
    run_dbt(rebuilt_project, full / "t", rebuilt, "build")
    for table in COMPARED:
        incremental, whole = _rows(db_path, table), _rows(rebuilt, table)
        assert incremental.equals(whole), table
    wh = Warehouse(db_path, project, tmp_path / "t1")
    assert cell_row(wh, "c21", "requests.granted.total")["value"] == 42
    assert not wh.query(
        "select 1 from marts.fct_report_cells "
        "where report_id = 'a21' and cell_key = 'proactive.licensing.decisions'"
    )
    assert cell_row(wh, "e21", "requests.carried_in.total")["is_corrected"]


def test_review_sheets_show_the_corrections_and_the_versions(corrected, tmp_path: Path) -> None:
    """The sheets read a published file (marts in schema main): 人工更正 with 原提取值 beside
    更正值, 理由, 更正人 and 日期; 报告版本 where an agency-year has two."""
    published = tmp_path / "published.duckdb"
    with duckdb.connect(str(corrected.db_path)) as source:
        names = source.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts'"
        ).fetchall()
        marts = {name: source.sql(f'SELECT * FROM marts."{name}"').pl() for (name,) in names}
    with duckdb.connect(str(published)) as conn:
        for name, table in marts.items():
            conn.register("incoming", table)
            conn.execute(f'CREATE TABLE main."{name}" AS SELECT * FROM incoming')
            conn.unregister("incoming")
    counts = write_review_sheets(published, tmp_path / "review", "test")
    assert counts["corrections"] == 3
    [(c21_agency,)] = corrected.query(
        "select agency_id from marts.dim_report where report_id = 'c21'"
    )
    sheet = (tmp_path / "review" / SHEETS_DIR / sheet_name(c21_agency, 2021)).read_text("utf-8")
    section = sheet[sheet.index('<table id="corrections">') :]
    section = section[: section.index("</table>")]
    for text in ("原提取值", "更正值", "理由", "更正人", "日期", "予以公开", "原件第2页为41，提取为40", "张三", "2024-05-06"):  # fmt: skip
        assert text in section, text
    assert ">40<" in section and ">41<" in section
    gov22 = (tmp_path / "review" / SHEETS_DIR / sheet_name(c21_agency, 2022)).read_text("utf-8")
    versions = gov22[gov22.index('<table id="versions">') :]
    assert "第1版" in versions and "第2版" in versions and "当前采用" in versions
    assert "1 个单元格" in versions  # c22a changed 新收 总计 from c22b
    [(a21_agency,)] = corrected.query(
        "select agency_id from marts.dim_report where report_id = 'a21'"
    )
    added = (tmp_path / "review" / SHEETS_DIR / sheet_name(a21_agency, 2021)).read_text("utf-8")
    assert "未提取" in added and "原件第1页有此格，提取遗漏" in added
