"""Report metadata across the ways real publishers print titles, dates, 索引号 and places.

Table-driven: each row is a realistic snippet and what it states; the last tests splice the real
samples' titles into the variants (breadcrumbs, Chinese-numeral years, wrapped titles …).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.dates import CN_DATE, NUMERIC_DATE, arabic_years, cn_int, date_from_match
from extract.metadata import published_date, read_metadata, region_of, title_agency_year

TITLES = [
    # year after the agency, the usual subjects
    ("某某县财政局2023年政府信息公开工作年度报告", "某某县财政局", 2023),
    ("某某市人民政府2023年政务公开工作年度报告", "某某市人民政府", 2023),
    ("某某县教育局2023年信息公开年报", "某某县教育局", 2023),
    ("某某县卫生健康委员会2023年度政府信息公开年度报告", "某某县卫生健康委员会", 2023),
    ("某某区民政局2023年度报告", "某某区民政局", 2023),
    # year before the agency
    ("2023年度某某市生态环境局政府信息公开工作年度报告", "某某市生态环境局", 2023),
    ("2023年某某县人民政府政务公开工作年度报告", "某某县人民政府", 2023),
    # Chinese-numeral, spaced and full-width years
    ("某某县水利局二〇二三年政府信息公开工作年度报告", "某某县水利局", 2023),
    ("二零二三年度某某县农业农村局政府信息公开工作年度报告", "某某县农业农村局", 2023),
    ("某某县医疗保障局二0二三年政府信息公开工作年度报告", "某某县医疗保障局", 2023),
    ("某某县司法局 2023 年度 政府信息公开工作年度报告", "某某县司法局", 2023),
    ("某某县商务局２０２３年政府信息公开工作年度报告", "某某县商务局", 2023),
    ("某某县统计局2023　年度政府信息公开工作年度报告", "某某县统计局", 2023),
    # 《》 and 关于…的报告
    ("《某某市自然资源局2023年政府信息公开工作年度报告》", "某某市自然资源局", 2023),
    ("关于某某县审计局2023年度政府信息公开工作情况的报告", "某某县审计局", 2023),
    ("某某县应急管理局关于2023年政府信息公开工作年度报告", "某某县应急管理局", 2023),
    ("某某县人民政府关于2023年度政府信息公开工作的报告", "某某县人民政府", 2023),
    ("2023年某某县人民政府信息公开年报", "某某县人民政府", 2023),
    # wrapped over two and three lines
    ("某某县市场监督管理局\n2023年度政府信息公开工作年度报告", "某某县市场监督管理局", 2023),
    ("某某市交通运输局2023年\n政府信息公开工作年度报告", "某某市交通运输局", 2023),
    ("某某市住房和城乡建设局\n2023年度\n政府信息公开工作年度报告", "某某市住房和城乡建设局", 2023),
    # page chrome and breadcrumbs before the title, the title repeated in a page header
    (
        "您好，欢迎访问某某市人民政府网站！\n当前位置：首页 > 政务公开 > 政府信息公开年报\n"
        "某某市人力资源和社会保障局2023年政府信息公开工作年度报告\n",
        "某某市人力资源和社会保障局",
        2023,
    ),
    (
        "首页>信息公开>政府信息公开工作年度报告\n某某县林业局2023年政府信息公开工作年度报告",
        "某某县林业局",
        2023,
    ),
    (
        "某某县文化广电和旅游局2023年政府信息公开工作年度报告\n发布时间：2024-01-18\n"
        "某某县文化广电和旅游局2023年政府信息公开工作年度报告\n一、总体情况",
        "某某县文化广电和旅游局",
        2023,
    ),
    # a 2023 report published in 2024: the year is the one covered
    (
        "发布日期：2024-01-18\n某某县发展和改革局2023年政府信息公开工作年度报告",
        "某某县发展和改革局",
        2023,
    ),
    # breadcrumbs printed with spaces or other arrows, squashed into the title line
    (
        "首页 政务公开 信息公开年报 某某县城市管理局2023年政府信息公开工作年度报告",
        "某某县城市管理局",
        2023,
    ),
    (
        "您的位置：首页 » 政府信息公开 » 某某县退役军人事务局2023年政府信息公开工作年度报告",
        "某某县退役军人事务局",
        2023,
    ),
    # a labelled title wins over a sidebar link to last year's report printed above it
    (
        "往年年报：某某县财政局2022年政府信息公开工作年度报告\n"
        "名称：某某县财政局2023年政府信息公开工作年度报告\n",
        "某某县财政局",
        2023,
    ),
    # year at the end
    ("某某局政府信息公开工作年度报告（2023年度）", "某某局", 2023),
    ("某某局政府信息公开工作2023年度报告", "某某局", 2023),
]


@pytest.mark.parametrize(("text", "agency", "year"), TITLES)
def test_title_variants(text: str, agency: str, year: int) -> None:
    assert title_agency_year(text) == (agency, year)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。", 2023),
        ("本报告统计期限为二〇二三年一月一日至十二月三十一日。", 2023),
        ("本办法自2023年1月1日起施行。", None),
    ],
)
def test_year_from_the_statistics_period_when_no_title(text: str, year: int | None) -> None:
    assert read_metadata(text).year == year


@pytest.mark.parametrize(
    "text",
    [
        "一、总体情况\n2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "当前位置：首页 > 政府信息公开年报",
        "",
    ],
)
def test_no_title_no_guess(text: str) -> None:
    assert title_agency_year(text) == (None, None)


DATES = [
    ("2024-01-18", "2024-01-18"),
    ("2024/1/18", "2024-01-18"),
    ("2024.01.18", "2024-01-18"),
    ("2024年1月18日", "2024-01-18"),
    ("2024 年 1 月 8 日", "2024-01-08"),
    ("二〇二四年一月十八日", "2024-01-18"),
    ("二零二四年一月十日", "2024-01-10"),
    ("二〇二四年十一月二十日", "2024-11-20"),
    ("二〇二三年十二月三十一日", "2023-12-31"),
    ("二0二四年一月十八日", "2024-01-18"),
    ("2024-01-18 10:20:33", "2024-01-18"),
    ("2024-02-30", None),  # no such day
    ("2024年13月1日", None),
    ("没有日期", None),
]


@pytest.mark.parametrize(("text", "iso"), DATES)
def test_parse_date(text: str, iso: str | None) -> None:
    """The date grammar the metadata reader matches with (either notation)."""
    m = re.search(f"{NUMERIC_DATE}|{CN_DATE}", text)
    assert (date_from_match(m) if m else None) == iso


@pytest.mark.parametrize(
    ("s", "n"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("三十一", 31), ("二〇二四", 2024)],
)
def test_cn_int(s: str, n: int) -> None:
    assert cn_int(s) == n


def test_arabic_years_only_touch_years() -> None:
    assert arabic_years("二〇二三年度某局") == "2023年度某局"
    assert arabic_years("三个月") == "三个月"
    assert arabic_years("0000年") == "0000年"


BODY = "一、总体情况\n2023年，本机关认真贯彻《条例》，该办法自2023年1月1日起施行。\n六、其他需要报告的事项\n无。\n"
PUBLISHED = [
    # labels, every notation
    ("发布时间：2024-01-18 10:20:33\n" + BODY, 2023, "2024-01-18"),
    ("发布日期: 2024/1/18\n" + BODY, 2023, "2024-01-18"),
    ("发文日期：2024.01.18\n" + BODY, 2023, "2024-01-18"),
    ("成文日期：2024年1月18日\n" + BODY, 2023, "2024-01-18"),
    ("日期：2024-01-18\n" + BODY, 2023, "2024-01-18"),
    ("发布机构：某某局 | 日期：2024-01-18\n" + BODY, 2023, "2024-01-18"),
    ("发布时间：二〇二四年一月十八日\n" + BODY, 2023, "2024-01-18"),
    ("【发布日期】2024-01-18 【字体：大 中 小】\n" + BODY, 2023, "2024-01-18"),
    ("信息来源：某某局 发布时间 ： 2024 - 01 - 18 浏览次数：12\n" + BODY, 2023, "2024-01-18"),
    ("成文日期：2024-01-10 发布日期：2024-01-17\n" + BODY, 2023, "2024-01-17"),
    # signature block at the end
    (BODY + "某某县人民政府办公室\n2024年1月18日\n", 2023, "2024-01-18"),
    (BODY + "某某县人民政府办公室\n二〇二四年一月十八日\n", 2023, "2024-01-18"),
    (BODY + "某某县人民政府办公室\n二零二四年一月三十一日\n", 2023, "2024-01-31"),
    (BODY + "某某县人民政府办公室\n2024-01-18\n", 2023, "2024-01-18"),
    (BODY + "某某县发展和改革局  2024年1月18日\n", 2023, "2024-01-18"),
    (BODY + "2024年1月18日\n", 2023, "2024-01-18"),  # a lone date as the last line
    (BODY + "某某局\n2024年1月18日\n主办：某某县人民政府\n网站地图\n", 2023, "2024-01-18"),
    # dates in prose near the end are no signature
    (BODY + "本机关于\n2024年1月18日\n完成了年报编制工作，特此报告。\n", 2023, None),
    (BODY + "该制度于2024年1月18日\n", 2023, None),
    (BODY + "截至2024年1月18日\n", 2023, None),
    (BODY + "页面更新 2024-05-06\n", 2023, None),  # footer chrome, no signing body
    (BODY + "某某街道办事处 二〇二四年一月八日\n", 2023, "2024-01-08"),
    # crawl / visit / print timestamps and body prose are no publication date
    ("采集时间：2024-03-01 08:00:00\n" + BODY, 2023, None),
    ("访问时间：2024-03-01\n打印时间：2024-03-02\n更新时间：2024-03-03\n" + BODY, 2023, None),
    ("办理时间：2024-01-05\n施行日期：2024-01-06\n" + BODY, 2023, None),
    (BODY, 2023, None),
    (BODY + "本办法自2024年1月1日起施行。\n", 2023, None),
    # never before the end of the report year: the label went wrong, say nothing
    ("发布时间：2023-06-01\n" + BODY, 2023, None),
    (BODY + "某某局\n2023年3月5日\n", 2023, None),
    ("发布时间：2023-06-01\n发文日期：2024-01-20\n" + BODY, 2023, "2024-01-20"),
]


@pytest.mark.parametrize(("text", "year", "iso"), PUBLISHED)
def test_published_date(text: str, year: int, iso: str | None) -> None:
    assert published_date(text, year) == iso


@pytest.mark.parametrize(
    ("line", "index_no"),
    [
        ("索引号：000014349/2023-00042 分类：科技", "000014349/2023-00042"),
        ("索引号:11320000014751459P/2024-00012", "11320000014751459P/2024-00012"),
        ("索 引 号： 001008-2023-000123", "001008-2023-000123"),
        ("索引号：11320800 / 2024 - 00012\t主题分类：其他", "11320800/2024-00012"),
        ("索引号：ＭＢ１５９８６７２Ｘ／２０２４－００００３", "MB1598672X/2024-00003"),
        ("索引号：\n发布机构：某局", None),
        ("没有索引号的页面", None),
    ],
)
def test_index_no(line: str, index_no: str | None) -> None:
    assert read_metadata(line + "\n" + BODY).index_no == index_no


@pytest.mark.parametrize(
    ("agency", "region"),
    [
        ("沭阳县发展和改革局", ("江苏省", "宿迁市", "沭阳县")),
        ("淮安市洪泽区人民政府", ("江苏省", "淮安市", "洪泽区")),
        ("上海市人民政府办公厅", ("上海市", None, None)),
        ("上海市浦东新区人民政府", ("上海市", None, "浦东新区")),
        ("国家税务总局南京市税务局", ("江苏省", "南京市", None)),
        # special zones
        ("平潭综合实验区", ("福建省", None, None)),
        ("苏州工业园区管理委员会", ("江苏省", "苏州市", None)),
        ("南京市江北新区管理委员会", ("江苏省", "南京市", None)),
        ("淮安经济技术开发区管委会", ("江苏省", "淮安市", None)),
        # ambiguous or no place: never guessed
        ("朝阳区人民政府", (None, None, None)),  # Beijing and Changchun
        ("鼓楼区教育局", (None, None, None)),
        ("江北新区管理委员会", (None, None, None)),  # Nanjing's, not Chongqing 江北区
        ("横琴粤澳深度合作区", (None, None, None)),  # 合作 is no 合作市
        ("某某县人民政府", (None, None, None)),
        ("工信局", (None, None, None)),
    ],
)
def test_region(agency: str, region: tuple) -> None:
    assert region_of(agency) == region


# ---- the real samples' titles, printed the ways other publishers print them


def _cn_year(year: int) -> str:
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(year))


def _full_width(s: str) -> str:
    return s.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


VARIANTS = {
    "as_printed": lambda a, y, body: f"{a}{y}年政府信息公开工作年度报告\n{body}",
    "breadcrumbs": lambda a, y, body: (
        f"您好,欢迎来到本站!\n首页 > 政务公开 > 政府信息公开年报\n"
        f"{a}{y}年政府信息公开工作年度报告\n{body}"
    ),
    "year_first": lambda a, y, body: f"{y}年度{a}政府信息公开工作年度报告\n{body}",
    "cn_year": lambda a, y, body: f"{a}{_cn_year(y)}年政府信息公开工作年度报告\n{body}",
    "full_width_spaced": lambda a, y, body: (
        f"{a} {_full_width(str(y))} 年度 政务公开工作年度报告\n{body}"
    ),
    "wrapped": lambda a, y, body: f"{a}\n{y}年度政府信息公开工作年度报告\n{body}",
    "quoted": lambda a, y, body: f"《{a}{y}年政府信息公开工作年度报告》\n{body}",
    "about": lambda a, y, body: f"关于{a}{y}年度政府信息公开工作情况的报告\n{body}",
    "published_next_year": lambda a, y, body: (
        f"{a}{y}年政府信息公开工作年度报告\n发布时间：{y + 1}-01-18 09:30:00\n{body}"
    ),
    "crawler_header": lambda a, y, body: (
        f"标题: {a}{y}年度政府信息公开工作年度报告\n发布时间: {y + 1}-01-18 15:07\n文号: \n"
        f"采集时间: {y + 2}-03-01T08:00:00\n==================== 正文 ====================\n{body}"
    ),
    "page_chrome": lambda a, y, body: (
        f"{a}{y}年政府信息公开工作年度报告_门户网站\n当前位置：首页 > 政务公开 > 年报\n"
        f"{a}{y}年政府信息公开工作年度报告\n索引号：000014349/{y + 1}-00042\n{body}\n"
        f"相关链接：{a}{y - 1}年政府信息公开工作年度报告\n访问时间：{y + 2}-05-06 11:12:13\n"
    ),
    "three_lines": lambda a, y, body: f"{a}\n{y}年度\n政府信息公开工作年度报告\n{body}",
    "signed_cn": lambda a, y, body: (
        f"{a}{y}年政府信息公开工作年度报告\n{body}\n{a}\n{_cn_year(y + 1)}年一月十八日\n"
    ),
}


def _sample_cases(samples_dir: Path, gold: dict) -> list[tuple[str, str, int, str]]:
    """(file, agency, year, body without its title) for each sample that names its agency."""
    cases = []
    for name, cells in sorted(gold.items()):
        agency = cells.get(("meta", "agency", "value"))
        year = cells.get(("meta", "year", "value"))
        if not agency or not year:
            continue
        text = (samples_dir / name).read_text(encoding="utf-8")
        body = text[text.find("一、总体情况") :] if "一、总体情况" in text else text
        cases.append((name, agency, int(year), body))
    return cases


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_real_samples_in_every_title_variant(
    samples_dir: Path, samples_gold: dict, variant: str
) -> None:
    cases = _sample_cases(samples_dir, samples_gold)
    assert cases, "no sample with a gold agency"
    for name, agency, year, body in cases:
        meta = read_metadata(VARIANTS[variant](agency, year, body))
        assert (meta.agency, meta.year) == (agency, year), (name, variant)
        if variant in ("published_next_year", "signed_cn", "crawler_header"):
            assert meta.published == f"{year + 1}-01-18", (name, variant)
        else:
            assert meta.published is None, (name, variant)
        if variant == "page_chrome":
            assert meta.index_no == f"000014349/{year + 1}-00042", name
