"""Every gold cell of the real text reports (samples + devset text sources), exactly."""

from __future__ import annotations

import pytest

from extract.api import extract_path
from extract.scoring import score_file

SAMPLES = [
    "000_3a76839b33e1ea7f.txt",
    "001_4c0c190e26175d40.txt",
    "002_1c8e325bb41e745e.txt",
    "003_74be42d8da5a3ee7.txt",
    "004_d6809da3688135dc.txt",
]
DEVSET_TEXT = ["004_pingtan_2022.txt", "012_shanghai_govoffice_2025.md"]


def _assert_exact(ex, gold):
    assert ex.status == "ok", ex.reason
    score = score_file(ex, gold)
    assert score.wrong == [] and score.missing == [], (score.wrong, score.missing)
    extra = [(c.table, c.row, c.col) for c in ex.cells if (c.table, c.row, c.col) not in gold]
    assert extra == [], f"cells the gold does not list (guessed?): {extra}"
    assert all(c.where for c in ex.cells)


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_every_gold_cell(name, samples_dir, samples_gold):
    _assert_exact(extract_path(samples_dir / name), samples_gold[name])


@pytest.mark.parametrize("name", DEVSET_TEXT)
def test_devset_text_every_gold_cell(name, devset_dir, devset_gold):
    _assert_exact(extract_path(devset_dir / name), devset_gold[name])


def test_sample_blanks_are_null_with_empty_text(samples_dir):
    ex = extract_path(samples_dir / "001_4c0c190e26175d40.txt")
    cell = {(c.table, c.row, c.col): c for c in ex.cells}
    blank = cell[("requests", "new_received", "total")]
    assert blank.value is None and blank.text == ""
    assert cell[("proactive", "fees", "amount_wan_yuan")].value is None


def test_no_total_column_gives_no_total_cells(samples_dir):
    ex = extract_path(samples_dir / "004_d6809da3688135dc.txt")
    assert not [c for c in ex.cells if c.table == "requests" and c.col == "total"]
    assert len([c for c in ex.cells if c.table == "requests"]) == 25 * 6


def test_sample_metadata(samples_dir):
    ex = extract_path(samples_dir / "001_4c0c190e26175d40.txt")
    r = ex.report
    assert (r.agency, r.year, r.template, r.published) == (
        "鄂托克旗工信和科技局",
        2022,
        "2021",
        "2023-01-18",
    )
    assert (r.province, r.city, r.county) == ("内蒙古自治区", "鄂尔多斯市", "鄂托克旗")
    assert r.index_no == "000014349/2023-00042"
    assert r.sections == ["一", "二", "三", "四", "五", "六"]
    only_agency = extract_path(samples_dir / "002_1c8e325bb41e745e.txt").report
    assert only_agency.agency == "工信局" and only_agency.province is None  # never guessed
    old = extract_path(samples_dir / "003_74be42d8da5a3ee7.txt").report
    assert (old.year, old.template) == (2023, "2019")  # a laggard on the 2019 form


def test_run_together_digits_split_only_when_unique(devset_dir):
    ex = extract_path(devset_dir / "004_pingtan_2022.txt")
    cell = {(c.table, c.row, c.col): c.value for c in ex.cells}
    assert [
        cell[("requests", "new_received", c)] for c in ("natural_person", "commercial", "total")
    ] == [71, 3, 74]
    assert not any(k[1] == "normative_docs" for k in cell)  # 8855698 has several readings
    assert any("8855698" in n and "several readings" in n for n in ex.notes)
    assert ex.report.published == "2023-02-20"


def test_displaced_markdown_rows_placed_by_template_order(devset_dir):
    ex = extract_path(devset_dir / "012_shanghai_govoffice_2025.md")
    cell = {(c.table, c.row, c.col): c.value for c in ex.cells}
    assert cell[("requests", "np_confirm_reissue", "total")] == 0
    assert cell[("requests", "other_no_correction", "total")] == 43
    assert ex.report.agency == "上海市人民政府办公厅" and ex.report.year == 2025


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("某某局关于2023年政府信息公开工作年度报告", "某某局", 2023),
        ("某某局政府信息公开工作2023年度报告", "某某局", 2023),
        ("2023年某某县人民政府政府信息公开年报", "某某县人民政府", 2023),
        ("某某局政府信息公开工作年度报告（2023年度）", "某某局", 2023),
        ("标题: 平潭综合实验区2022年度政府信息公开工作年度报告", "平潭综合实验区", 2022),
        (
            "沁源县发展改革和科学技术局\n2023年度政府信息公开年度报告",
            "沁源县发展改革和科学技术局",
            2023,
        ),
        (
            "首页>信息公开年报\n鄂托克旗工信和科技局2022年政府信息公开工作年度报告",
            "鄂托克旗工信和科技局",
            2022,
        ),
    ],
)
def test_title_variants(title, agency, year):
    from extract.metadata import title_agency_year

    assert title_agency_year(title) == (agency, year)


def test_published_from_signature_date():
    from extract.metadata import published_date

    assert published_date("正文……\n某某县人民政府\n2024年1月17日\n") == "2024-01-17"
    assert published_date("正文\n某某局\n二〇二四年一月十七日\n") == "2024-01-17"
    assert published_date("没有日期的报告") is None
    assert published_date("正文\n沭阳县发展和改革局 2024年1月17日\n") == "2024-01-17"
    assert published_date("本报告统计期限为2023年1月1日至2023年12月31日") is None


def test_metadata_fallbacks_and_crawl_dates():
    from extract.metadata import read_metadata, title_agency_year

    assert title_agency_year("淮安市洪泽区人民\n政府2024年政府信息公开工作年度报告") == (
        "淮安市洪泽区人民政府",
        2024,
    )
    m = read_metadata(
        "正文\n本报告中所列数据统计期限自2022年1月1日起至2022年12月31日止。\n"
        "发布机构\t某某县人民政府\n采集时间：2025-12-30T21:37:37\n时间：2023-01-05\n"
    )
    assert (m.agency, m.year, m.published) == ("某某县人民政府", 2022, "2023-01-05")
    assert (m.province, m.city, m.county) == (None, None, None)  # 某某县 is no place


def test_publication_date_label_beats_written_date():
    from extract.metadata import published_date

    assert published_date("成文日期：2024-01-10 发布日期：2024-01-17") == "2024-01-17"


def test_agency_with_brackets_in_its_name():
    from extract.metadata import title_agency_year

    assert title_agency_year(
        "某县发展和改革局（县粮食和物资储备局）2023年政府信息公开工作年度报告"
    ) == (
        "某县发展和改革局（县粮食和物资储备局）",
        2023,
    )
