"""Each renderer writes a file its kind's real library reads back, with the truth's labels and
numbers in it; layouts show the wording variants they are asked for."""

from __future__ import annotations

import io
import re

import docx
import pdfplumber
import pytest
from lxml import html as lxml_html

from corpus.render import VARIANTS, LayoutCannotShow, Variant, render
from corpus.render.document import Table, build
from corpus.truth import Options, Wording, generate_truth

W = Wording(half_brackets=True, enumerator="、", straight_quotes=True, social_org_short=True)


def _truth(seed: int = 5, **kw):
    return generate_truth(seed, Options(year=2022, slips=(), blanks=0, **kw))


def test_variant_names_are_unique_and_cover_every_kind() -> None:
    assert len({v.name for v in VARIANTS}) == len(VARIANTS)
    assert {v.kind for v in VARIANTS} == {"txt", "md", "html", "pdf", "docx"}


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_every_variant_is_deterministic(variant: Variant) -> None:
    t = _truth(8)
    assert render(t, variant) == render(_truth(8), variant)


def test_tables_fill_their_grids_for_every_wording() -> None:
    for seed in range(80):
        doc = build(generate_truth(seed))
        tables = [b for b in doc.blocks if isinstance(b, Table)]
        assert [t.name for t in tables] == ["proactive", "requests", "disputes"]
        for t in tables:
            grid = t.grid()  # raises when the spans do not tile the grid
            assert all(len(row) == t.ncols for row in grid)


def test_every_cell_is_printed_once_at_its_key() -> None:
    t = _truth(21)
    keys = []
    for table in (b for b in build(t).blocks if isinstance(b, Table)):
        keys += [c.key for row in table.rows for c in row if c.key]
    assert sorted(keys) == sorted(t.cells)


def test_pdf_reads_back_with_pdfplumber() -> None:
    t = _truth(5)
    data = render(t, Variant("pdf", "ruled"))
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
        tables = [tb for p in pdf.pages for tb in p.find_tables()]
    assert t.agency_printed in text and f"{t.year}年" in text
    for label in (
        "本年新收政府信息公开申请数量",
        "结转下年度继续办理",
        "行政复议",
        "政府信息公开行政复议",
    ):
        assert label in text
    assert tables, "ruled tables are found as tables"
    new_total = str(t.cells[("requests", "new_received", "total")])
    assert re.search(rf"本年新收政府信息公开申请数量.*\b{new_total}\b", text)


def test_docx_opens_with_python_docx_and_keeps_merges() -> None:
    t = _truth(5)
    d = docx.Document(io.BytesIO(render(t, Variant("docx", "merged"))))
    text = "\n".join(p.text for p in d.paragraphs)
    assert t.agency_printed in text and "六、其他需要报告的事项" in text
    assert len(d.tables) == 3
    requests = d.tables[1]
    stub = requests.cell(5, 0)  # 三、本年度办理结果 spans every outcome row
    assert stub.text == "三、本年度办理结果" and requests.cell(6, 0)._tc is stub._tc
    assert requests.cell(3, 3).text == str(t.cells[("requests", "new_received", "natural_person")])


@pytest.mark.parametrize("gbk", [False, True])
def test_html_is_a_real_table_in_its_declared_charset(gbk: bool) -> None:
    t = _truth(6)
    data = render(t, Variant("html", "word_soup", chrome=True, gbk=gbk))
    assert (b'charset="gbk"' in data) is gbk
    if gbk:
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
    page = lxml_html.fromstring(data.decode("gbk" if gbk else "utf-8"))
    chrome = ("xxgk_info", "layout")  # the site's info table and its layout table
    tables = [tb for tb in page.iter("table") if tb.get("class") not in chrome]
    assert len(tables) == 3
    assert tables[1].xpath(".//td[@rowspan]") and tables[1].xpath(".//td[@colspan]")
    cells = ["".join(td.itertext()).strip() for td in tables[1].iter("td")]
    assert "一、本年新收政府信息公开申请数量" in cells
    assert "首页" in page.text_content()  # site chrome around the article


def test_text_layouts_show_the_wording_variants() -> None:
    t = _truth(7, wording=W)
    body = render(t, Variant("txt", "tsv")).decode()
    assert "(三)不予公开" in body and "1、属于国家秘密" in body
    assert '"三安全一稳定"' in body and "社会组织" in body and "社会公益组织" not in body


def test_cell_per_line_prints_blanks_as_whitespace_lines() -> None:
    t = generate_truth(5, Options(year=2022, slips=(), blanks=8, wording=Wording()))
    lines = render(t, Variant("txt", "cell_per_line")).decode().split("\n")
    assert sum(1 for line in lines if line and not line.strip()) >= 8


def test_pdftext_refuses_blanks_it_would_lose() -> None:
    t = generate_truth(5, Options(year=2022, blanks=3, wording=Wording()))
    with pytest.raises(LayoutCannotShow):
        render(t, Variant("txt", "pdftext"))
    assert not Variant("txt", "pdftext").can_show(t)
    marked = generate_truth(5, Options(year=2022, blanks=3, wording=Wording(blank_mark="/")))
    assert Variant("txt", "pdftext").can_show(marked)
    assert render(marked, Variant("txt", "pdftext")).decode().count(" /") >= 3


def test_no_total_column_and_bare_disputes_row() -> None:
    t = _truth(9, wording=Wording(no_total_column=True, disputes_bare=True))
    body = render(t, Variant("txt", "tsv")).decode()
    header = next(line for line in body.split("\n") if line.startswith("\t\t\t自然人"))
    assert "总计" not in header
    assert "结果维持" not in body  # the disputes header is not printed
    numbers = [str(v) for k, v in t.cells.items() if k[0] == "disputes"]
    assert "\t".join(numbers) in body


def test_mixed_2021_report_prints_the_single_2019_other_row() -> None:
    t = _truth(10, wording=Wording(mixed_other_row=True))
    body = render(t, Variant("txt", "tsv")).decode()
    other = [str(t.cells[("requests", "other", c)]) for c in t.request_columns()]
    assert "\t（六）其他处理\t" + "\t".join(other) in body and "3.其他" not in body
    assert "本年制发件数" in body  # still the 2021 proactive table


def test_markdown_tables_are_pipe_tables_broken_by_a_page_marker() -> None:
    body = render(_truth(11), Variant("md", "pipe_broken")).decode()
    assert body.count("|---|") >= 4 and re.search(r"^— \d+ —$", body, re.M)
    assert "## 表三：收到和处理政府信息公开申请情况" in body


def test_marks_thousands_and_year_first_title() -> None:
    w = Wording(blank_mark="—", thousands=True, year_first_title=True)
    t = generate_truth(2, Options(year=2023, blanks=4, slips=(), wording=w))
    t.cells[("proactive", "licensing", "decisions")] = 12345
    body = render(t, Variant("txt", "tsv")).decode()
    assert "行政许可\t12,345" in body
    assert f"{t.year}年{t.agency_printed}政府信息公开工作年度报告" in body
    fields = [f for line in body.split("\n") for f in line.split("\t")]
    assert fields.count("—") == len(t.blanks)
