"""Each report-scope rule: passes on a consistent report, names exactly the right cells and
numbers when broken, and gives cannot_check (never pass, never violation) on a blank."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from quality_build import consistent_values, frames, one_report, report_row

from expectations.findings import RULES_BY_ID, check_frames, report_findings
from expectations.frames import CHECK_SCHEMA
from orchestration.lib.raw_tables import FINDINGS_SCHEMA


def findings(reports: pl.DataFrame, cells: pl.DataFrame, rule: str | None = None) -> pl.DataFrame:
    out = report_findings(reports, cells)
    assert out.schema == pl.Schema(FINDINGS_SCHEMA)
    return out if rule is None else out.filter(pl.col("rule_id") == rule)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_consistent_report_has_no_findings(template: str) -> None:
    published = dt.date(2021, 1, 10) if template == "2019" else dt.date(2023, 1, 10)
    reports, cells = one_report(template, published=published)
    assert findings(reports, cells).is_empty()
    for rule, frame in check_frames(reports, cells).items():
        assert frame.schema == pl.Schema(CHECK_SCHEMA), rule
        stated = rule != "X-01"  # X-01 has a row per count the prose states; none given here
        assert (frame.height > 0) == stated and frame["passed"].all(), rule


def test_b01_names_the_column_and_both_sides() -> None:
    reports, cells = one_report(changes={("requests", "carried_out", "total"): 5.0})
    b01 = findings(reports, cells, "B-01").row(0, named=True)
    # total column: 一 = 2+…+7 = 27, 二 = 6; 三(七) = 27, 四 printed 5 instead of 6
    assert b01["location"] == "requests.total"
    assert (b01["expected"], b01["printed"]) == (33.0, 32.0)
    assert b01["outcome"] == "violation" and b01["severity"] == "error"
    assert b01["message_zh"] == "B-01 总计列：一+二=33，三(七)+四=32"
    assert b01["message_en"].startswith("B-01 column total: new_received+carried_in=33")
    assert "requests.carried_out.total" in b01["cells"].split(",")
    assert findings(reports, cells, "B-01").height == 1
    # the same cell also breaks B-03 for row carried_out
    b03 = findings(reports, cells, "B-03").row(0, named=True)
    assert (b03["location"], b03["expected"], b03["printed"]) == ("requests.carried_out", 6, 5)


def test_b02_counts_every_outcome_row() -> None:
    reports, cells = one_report(changes={("requests", "other_fee_unpaid", "research"): 2.0})
    b02 = findings(reports, cells, "B-02")
    assert b02["location"].to_list() == ["requests.research"]
    assert b02.row(0, named=True)["expected"] == 6.0 and b02["printed"][0] == 4.0
    assert "requests.other_fee_unpaid.research" in b02["cells"][0]
    assert b02["message_zh"][0] == "B-02 科研机构列：三(一)至(六)之和=6，三(七)总计=4"


def test_b02_mixed_report_uses_the_single_2019_other_row() -> None:
    """A 2021 report printing the 2019 （六）其他处理 row: checked with that row."""
    values = consistent_values("2021")
    for col in ("natural_person", "commercial", "research", "social_welfare"):
        for row in ("other_no_correction", "other_fee_unpaid", "other_other"):
            values.pop(("requests", row, col))
    for col in ("legal_services", "other_org", "total"):
        for row in ("other_no_correction", "other_fee_unpaid", "other_other"):
            values.pop(("requests", row, col))
    values.update({("requests", "other", c): 0.0 for c in ("natural_person", "commercial")})
    values.update({("requests", "other", c): 0.0 for c in ("research", "social_welfare")})
    values.update({("requests", "other", c): 0.0 for c in ("legal_services", "total")})
    values[("requests", "other", "other_org")] = 3.0  # breaks other_org only
    reports, cells = frames([report_row()], {"r1": values})
    b02 = findings(reports, cells, "B-02")
    assert b02["location"].to_list() == ["requests.other_org"]
    assert (b02["expected"][0], b02["printed"][0]) == (10.0, 7.0)
    assert "requests.other.other_org" in b02["cells"][0]
    assert "other_fee_unpaid" not in b02["cells"][0]
    # and S-01 accepts the 2019 row in place of the three 2021 rows
    assert findings(reports, cells, "S-01").is_empty()


def test_b03_per_row() -> None:
    reports, cells = one_report(changes={("requests", "granted", "natural_person"): 4.0})
    b03 = findings(reports, cells, "B-03")
    assert b03["location"].to_list() == ["requests.granted"]
    assert (b03["expected"][0], b03["printed"][0]) == (24.0, 21.0)
    assert b03["message_zh"][0] == "B-03 三（一）予以公开行：六类申请人之和=24，总计=21"


def test_b04_flags_negative_and_fractional_counts_only() -> None:
    reports, cells = one_report(
        changes={
            ("disputes", "review", "pending"): -1.0,
            ("proactive", "licensing", "decisions"): 2.5,
            ("proactive", "fees", "amount_wan_yuan"): 9116.36,  # an amount: decimals are fine
        }
    )
    b04 = findings(reports, cells, "B-04").sort("location")
    assert b04["location"].to_list() == ["disputes", "proactive"]
    assert b04["cells"].to_list() == ["disputes.review.pending", "proactive.licensing.decisions"]
    assert b04["printed"].to_list() == [1.0, 1.0]
    assert b04["message_zh"][1] == "B-04 主动公开表：1格不是非负整数：行政许可·本年处理决定数量=2.5"


def test_b04_allows_negative_change_in_2019() -> None:
    reports, cells = one_report("2019", published=dt.date(2021, 1, 1))
    assert cells.filter(pl.col("col_key") == "change")["value"].min() == -1.0
    assert findings(reports, cells).is_empty()


def test_c01_per_disputes_row() -> None:
    reports, cells = one_report(changes={("disputes", "litigation_direct", "total"): 5.0})
    c01 = findings(reports, cells, "C-01")
    assert c01["location"].to_list() == ["disputes.litigation_direct"]
    assert (c01["expected"][0], c01["printed"][0]) == (4.0, 5.0)
    assert c01["message_zh"][0].startswith(
        "C-01 行政诉讼·未经复议直接起诉行：维持+纠正+其他+尚未审结=4，总计=5"
    )


def test_blank_cell_is_cannot_check_never_pass_nor_violation() -> None:
    reports, cells = one_report(changes={("requests", "carried_in", "commercial"): None})
    frames_ = check_frames(reports, cells)
    b01 = frames_["B-01"].filter(pl.col("location") == "requests.commercial").row(0, named=True)
    assert b01["checkable"] is False and b01["passed"] is None
    assert b01["blank_cells"] == "requests.carried_in.commercial"
    out = findings(reports, cells)
    cc = out.filter(pl.col("outcome") == "cannot_check")
    assert sorted(cc["rule_id"].to_list()) == ["B-01", "B-03"]
    assert cc.filter(pl.col("rule_id") == "B-01")["message_zh"][0] == (
        "B-01 商业企业列：无法核对，空白或缺失：二、上年结转政府信息公开申请数量·商业企业"
    )
    assert out.filter(pl.col("outcome") == "violation")["rule_id"].to_list() == ["S-01"]
    s01 = out.filter(pl.col("rule_id") == "S-01").row(0, named=True)
    assert s01["cells"] == "requests.carried_in.commercial"
    assert s01["message_zh"] == "S-01 依申请公开表：应有175格，缺0格，空白1格"


def test_s01_missing_column_and_table() -> None:
    values = consistent_values("2021")
    dropped = [k for k in values if k[0] == "requests" and k[2] == "total"]
    dropped += [k for k in values if k[0] == "disputes"]
    reports, cells = one_report(drop=tuple(dropped))
    s01 = findings(reports, cells, "S-01").sort("location")
    assert s01["location"].to_list() == ["disputes", "requests"]
    assert s01["expected"].to_list() == [15.0, 175.0]
    assert s01["printed"].to_list() == [0.0, 150.0]
    assert s01["message_zh"][1] == "S-01 依申请公开表：应有175格，缺25格，空白0格"
    # no total column → B-03 cannot check any row; B-01/B-02 still check the six columns
    assert set(findings(reports, cells, "B-03")["outcome"]) == {"cannot_check"}
    assert findings(reports, cells, "B-01").is_empty()


@pytest.mark.parametrize(
    "note",
    [
        "left out requests/granted/total ('1?', page 3 (OCR)): OCR confidence 0.71 < 0.9",
        "requests granted: 9 cells printed for 7 columns; row left out",
        "requests: 2 row(s) near page 3 could not be matched to a label; left out",
    ],
)
def test_s01_cannot_check_where_the_extractor_left_print_of_the_table_out(note: str) -> None:
    """Missing cells the extractor saw but could not prove may be printed: S-01 must not tell
    the agency it left them out. Blank cells, and other tables, are still checked."""
    values = consistent_values("2021")
    dropped = (("requests", "granted", "total"), ("disputes", "review", "total"))
    reports, cells = one_report(drop=dropped, changes={("proactive", "rules", "issued"): None})
    reports = reports.with_columns(notes=pl.lit(f"page(s) 3 read by OCR; {note}"))
    assert ("proactive", "rules", "issued") in values
    s01 = findings(reports, cells, "S-01").sort("location")
    assert s01.select("location", "outcome").rows() == [
        ("disputes", "violation"),  # no note about disputes: missing is the publisher's
        ("proactive", "violation"),  # a blank cell is printed blank, whatever the notes say
        ("requests", "cannot_check"),
    ]
    requests = s01.row(2, named=True)
    assert requests["message_zh"] == (
        "S-01 依申请公开表：无法核对：缺1格，其中有提取时无法确认而未采用的印刷内容"
    )
    assert "left print of this table out" in requests["message_en"]
    assert "disputes" not in note and "proactive" not in note


def test_s02_template_against_year() -> None:
    reports, cells = one_report("2019", report_year=2023, published=dt.date(2024, 1, 2))
    s02 = findings(reports, cells, "S-02").row(0, named=True)
    assert s02["outcome"] == "violation" and s02["severity"] == "warn"
    assert s02["message_zh"] == "S-02 模板版本：应用模板=2021版，实用模板=2019版"
    reports, cells = one_report(report_year=None)
    assert findings(reports, cells, "S-02")["outcome"].to_list() == ["cannot_check"]


@pytest.mark.parametrize(
    ("sections", "outcome"),
    [("一二三四六", "violation"), ("一三二四五六", "violation"), (None, "cannot_check")],
)
def test_s03_sections(sections: str | None, outcome: str) -> None:
    reports, cells = one_report(sections=sections)
    assert findings(reports, cells, "S-03")["outcome"].to_list() == [outcome]


@pytest.mark.parametrize(
    ("agency", "published", "outcome"),
    [
        ("某某县发展和改革局", dt.date(2023, 1, 31), None),
        ("某某县发展和改革局", dt.date(2023, 2, 1), "violation"),
        ("某某县人民政府", dt.date(2023, 3, 31), None),
        ("某某市人民政府办公室", dt.date(2023, 3, 1), None),
        ("上海市人民政府办公厅", dt.date(2023, 4, 1), "violation"),
        (None, dt.date(2023, 1, 2), None),
        (None, dt.date(2023, 2, 2), "cannot_check"),
        (None, dt.date(2023, 4, 2), "violation"),
        ("某某县人民政府", None, "cannot_check"),
    ],
)
def test_t01_deadline(agency: str | None, published: dt.date | None, outcome: str | None) -> None:
    reports, cells = one_report(agency=agency, published=published)
    got = findings(reports, cells, "T-01")["outcome"].to_list()
    assert got == ([] if outcome is None else [outcome])


def test_t01_message_names_both_dates() -> None:
    reports, cells = one_report(published=dt.date(2023, 2, 20))
    t01 = findings(reports, cells, "T-01").row(0, named=True)
    assert t01["message_zh"] == "T-01 发布日期：截止日期=2023-01-31，发布日期=2023-02-20"


def test_rejected_reports_are_not_checked() -> None:
    reports, cells = frames([report_row(status="rejected", reason="no text layer")], {})
    assert findings(reports, cells).is_empty()


def test_every_rule_is_registered_with_the_spec_severity() -> None:
    errors = {r for r, rule in RULES_BY_ID.items() if rule.severity == "error"}
    assert errors == {"B-01", "B-02", "B-03", "B-04", "C-01"}
    assert set(RULES_BY_ID) - errors == {"S-01", "S-02", "S-03", "T-01", "X-01"}


def test_bad_landing_does_not_crash_publisher_rules() -> None:
    """Duplicates and unknown keys are integrity failures; the publisher rules still run."""
    reports, cells = one_report()
    reports = reports.with_columns(template=pl.lit(None, pl.String))
    junk = cells.head(2).with_columns(row_key=pl.lit("made_up"))
    dup = cells.filter(pl.col("table_name") == "requests").head(3)
    out = findings(reports, pl.concat([cells, junk, dup]))
    assert out.filter(pl.col("outcome") == "violation").is_empty()
    s01 = out.filter(pl.col("rule_id") == "S-01")
    assert set(s01["outcome"]) == {"cannot_check"} and s01.height == 3  # no template known
    assert set(out["rule_id"]) == {"S-01", "S-02"}
