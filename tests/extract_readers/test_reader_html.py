"""HTML reader on small pages built here: spans, Word markup, charset, chrome, nesting."""

from __future__ import annotations

import pytest

from extract.layout import Document, UnreadableSource
from extract.readers.grid import clean_text
from extract.readers.html import read_html


def grid(doc: Document, table: int) -> list[list[str]]:
    return [
        ["~" if f.covered else f.text for f in r.fragments] for r in doc.rows if r.table == table
    ]


SPANS = """<html><body><h1>某某局2023年政府信息公开工作年度报告</h1>
<table>
<tr><td colspan="2" rowspan="2">信息内容</td><td colspan="2">申请人情况</td></tr>
<tr><td>自然人</td><td>总计</td></tr>
<tr><td rowspan="2">三、办理结果</td><td>（一）予以公开</td><td>5</td><td></td></tr>
<tr><td>（二）部分公开</td><td>&nbsp;</td><td>2</td></tr>
</table></body></html>"""


def test_rowspan_colspan_resolved_to_grid() -> None:
    doc = read_html(SPANS.encode())
    assert grid(doc, 0) == [
        ["信息内容", "~", "申请人情况", "~"],
        ["~", "~", "自然人", "总计"],
        ["三、办理结果", "（一）予以公开", "5", ""],
        ["~", "（二）部分公开", "", "2"],
    ]
    blank = doc.rows[-1].fragments[2]
    assert blank.text == "" and not blank.covered
    assert blank.where == "table 1 row 4 col 3"
    assert doc.text.splitlines()[0] == "某某局2023年政府信息公开工作年度报告"


WORD = """<html><body><table>
<tr><td><p class=MsoNormal><span lang=EN-US>一</span><span>、本年</span>
<span>新收政府信息</span><span>公开申请数量<o:p></o:p></span></p></td>
<td><p><span>1</span><span>2</span></p></td></tr>
<tr><td><p>商业</p><p>企业</p></td><td><p><span><o:p>&nbsp;</o:p></span></p></td></tr>
</table></body></html>"""


def test_word_markup_split_spans_are_joined() -> None:
    doc = read_html(WORD.encode())
    assert grid(doc, 0) == [["一、本年新收政府信息公开申请数量", "12"], ["商业企业", ""]]


def test_gbk_page_with_meta_charset() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "</head><body><p>政府信息公开工作年度报告</p><table><tr><td>本年新收</td><td>7</td></tr>"
        "</table></body></html>"
    )
    doc = read_html(page.encode("gbk"))
    assert "政府信息公开工作年度报告" in doc.text
    assert grid(doc, 0) == [["本年新收", "7"]]


def test_site_chrome_dropped_and_nested_tables_read() -> None:
    page = """<html><head><title>某某局2022年政府信息公开年度报告</title>
    <style>td{color:red}</style><script>var x = "本年新收 99";</script></head><body>
    <div class="nav"><a>首页</a><a>政务公开</a></div>
    <table class="layout"><tr><td><p>二、主动公开政府信息情况</p>
      <table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>
    <div style="display:none">隐藏文字</div>
    <footer>版权所有 网站标识码</footer></body></html>"""
    doc = read_html(page.encode())
    assert "首页" not in doc.text and "版权所有" not in doc.text
    assert "99" not in doc.text and "color" not in doc.text and "隐藏文字" not in doc.text
    assert doc.text.splitlines()[0] == "某某局2022年政府信息公开年度报告"
    assert grid(doc, 0) == [["规章", "0"]]
    assert "二、主动公开政府信息情况" in doc.text


def test_html_embedded_in_text_file() -> None:
    data = "保存的网页\n<div><table><tr><td>规章</td><td>3</td></tr></table></div>".encode()
    doc = read_html(data)
    assert grid(doc, 0) == [["规章", "3"]]


@pytest.mark.parametrize(
    "data",
    [b"", b"<html><head><title></title></head><body><script>x()</script></body></html>"],
)
def test_page_without_body_text_is_rejected(data: bytes) -> None:
    with pytest.raises(UnreadableSource):
        read_html(data)


def test_clean_text() -> None:
    assert clean_text("本年\u00a0 新收\n 数量") == "本年新收数量"
    assert clean_text(" 1 234 ") == "1 234"
    assert clean_text("2024 年") == "2024 年"


def test_table_split_in_two_keeps_one_number() -> None:
    page = """<body><p>三、收到和处理政府信息公开申请情况</p>
    <table><tr><td>一、本年新收</td><td>1</td><td>1</td></tr></table>
    <table><tr><td>二、上年结转</td><td>0</td><td>0</td></tr></table>
    <table><tr><td>行政复议</td><td>0</td></tr></table>
    <p>五、存在的主要问题</p><table><tr><td>a</td><td>1</td></tr></table></body>"""
    doc = read_html(page.encode())
    tables = [
        (r.table, r.fragments[0].text, r.fragments[0].where)
        for r in doc.rows
        if r.table is not None
    ]
    assert tables == [
        (0, "一、本年新收", "table 1 row 1 col 1"),
        (0, "二、上年结转", "table 2 row 1 col 1"),
        (1, "行政复议", "table 3 row 1 col 1"),
        (2, "a", "table 4 row 1 col 1"),
    ]


@pytest.mark.parametrize("head", ['<meta charset="GBK">', ""])
def test_gbk_page_short_meta_or_none(head: str) -> None:
    page = f"<html><head>{head}</head><body><p>政府信息公开工作年度报告</p></body></html>"
    doc = read_html(page.encode("gb18030"))
    assert doc.text == "政府信息公开工作年度报告"


def test_article_hidden_until_script_shows_it_is_still_read() -> None:
    page = """<body><div class="nav">首页</div><div id="zoom" style="display:none">
    <p>某某局2023年政府信息公开工作年度报告</p><table><tr><td>规章</td><td>2</td></tr></table>
    </div><script>document.getElementById('zoom').style.display='block'</script></body>"""
    doc = read_html(page.encode())
    assert grid(doc, 0) == [["规章", "2"]]
    assert any("hidden" in n for n in doc.notes)


def test_tables_as_pictures_noted() -> None:
    page = '<body><p>二、主动公开政府信息情况</p><p><img src="t1.png"><img src="t2.png"></p></body>'
    doc = read_html(page.encode())
    assert any("2 images" in n for n in doc.notes)
