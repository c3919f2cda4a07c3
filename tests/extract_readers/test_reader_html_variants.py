"""HTML as real publishers vary it: the devset page (015) and generated pages rewritten into the
markup variants seen on government sites, each run through the whole extractor. Every gold (or
truth) cell must come out exactly, or be left out with a note — never a wrong number."""

from __future__ import annotations

import copy
import csv
import re
from collections.abc import Callable
from decimal import Decimal
from html import escape
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from corpus.render.html import render_html
from corpus.truth import Options, generate_truth
from extract.api import extract_bytes
from extract.readers.html import read_html

DEVSET_PAGE = "015_shuyang_fgj_2023.html"
_REPORT_WORDS = ("本年新收", "行政复议", "第二十条", "本年制发件数", "信息内容")
_NUMBER = re.compile(r"^-?[0-9][0-9,.]*$")
_CJK = re.compile(r"[\u4e00-\u9fff（）]")
_META_CHARSET = re.compile(r"<meta[^>]*charset[^>]*>", re.I)

Gold = dict[tuple[str, str, str], Decimal | None]


# --------------------------------------------------------------------------- sources


def _devset(shared: Path) -> tuple[str, Gold]:
    page = (shared / "devset" / DEVSET_PAGE).read_text(encoding="utf-8")
    gold: Gold = {}
    with (shared / "devset" / "gold_cells.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["file"] == DEVSET_PAGE and r["table"] != "meta":
                v = r["value"]
                gold[(r["table"], r["row"], r["col"])] = None if v == "EMPTY" else Decimal(v)
    return page, gold


def _generated(year: int, seed: int) -> tuple[str, Gold]:
    truth = generate_truth(seed, Options(year=year, blanks=3, slips=()))
    page = render_html(truth).decode("utf-8")
    gold = {k: None if v is None else Decimal(str(v)) for k, v in truth.cells.items()}
    return page, gold


# --------------------------------------------------------------------------- DOM helpers


def _report_tables(root: etree._Element) -> list[etree._Element]:
    return [
        t
        for t in root.iter("table")
        if t.find(".//table") is None and any(w in t.text_content() for w in _REPORT_WORDS)
    ]


def _text(el: etree._Element) -> str:
    return re.sub(r"[\s\u00a0\u3000]+", "", el.text_content())


def _cells(root: etree._Element) -> list[etree._Element]:
    return [c for t in _report_tables(root) for c in t.iter("td", "th")]


def _set_html(cell: etree._Element, markup: str) -> None:
    attrs = dict(cell.attrib)
    cell.clear()
    cell.attrib.update(attrs)
    for child in lxml.html.fragments_fromstring(markup):
        if isinstance(child, str):
            cell.text = (cell.text or "") + child
        else:
            cell.append(child)


def _split_point(text: str) -> int | None:
    """A place between two Chinese characters near the middle, where a wrap can fall."""
    mid = len(text) // 2
    for i in sorted(range(1, len(text)), key=lambda i: abs(i - mid)):
        if _CJK.match(text[i - 1]) and _CJK.match(text[i]):
            return i
    return None


# --------------------------------------------------------------------------- variants


def sections_as_tables(root: etree._Element) -> None:
    """Each 第二十条第（X）项 section of table 二 is its own <table>."""
    for t in _report_tables(root):
        rows = list(t.iter("tr"))
        starts = [i for i, tr in enumerate(rows) if "第二十条" in _text(tr)]
        if len(starts) < 2:
            continue
        parent, index = t.getparent(), t.getparent().index(t)
        for n, (a, b) in enumerate(zip(starts, [*starts[1:], len(rows)], strict=True)):
            new = etree.Element("table", border="1")
            body = etree.SubElement(new, "tbody")
            for tr in rows[a:b]:
                body.append(copy.deepcopy(tr))
            new.tail = "\n"
            parent.insert(index + 1 + n, new)
        parent.remove(t)


def th_headers(root: etree._Element) -> None:
    """Header rows (before the first row with a number) use <th>, inside <thead>."""
    for t in _report_tables(root):
        rows = list(t.iter("tr"))
        head = []
        for tr in rows:
            if any(_NUMBER.match(_text(c)) for c in tr):
                break
            head.append(tr)
        if not head or len(head) == len(rows):
            continue
        for tr in head:
            for c in tr:
                c.tag = "th"
        thead = etree.Element("thead")
        for tr in head:
            thead.append(tr)  # moves it
        t.insert(0, thead)


def wrapped_lines(root: etree._Element) -> None:
    """Labels split over <p>s / <br>s, numbers on their own line after a <br> or empty <p>."""
    for i, c in enumerate(_cells(root)):
        text = _text(c)
        if _NUMBER.match(text):
            _set_html(c, f"<p></p><p>{text}</p>" if i % 2 else f"<br>{text}<br>")
        elif (cut := _split_point(text)) is not None:
            a, b = escape(text[:cut]), escape(text[cut:])
            _set_html(c, f"<p>{a}</p><p>{b}</p>" if i % 2 else f"{a}<br/>\n{b}")


def styled_numbers(root: etree._Element) -> None:
    """Numbers wrapped in span/font/strong with &nbsp; and full-width spaces around them."""
    for i, c in enumerate(_cells(root)):
        text = _text(c)
        if _NUMBER.match(text):
            inner = f"<strong>&nbsp;{text}\u3000</strong>" if i % 2 else f"\u3000{text}&nbsp;"
            _set_html(c, f'<span style="font-size:14px"><font face="宋体">{inner}</font></span>')


def blank_markup(root: etree._Element) -> None:
    """Blank cells written as &nbsp;, a full-width space, or an empty styled paragraph."""
    forms = ["&nbsp;", "\u3000", '<p class="MsoNormal"><span>&nbsp;</span></p>', "<br>"]
    n = 0
    for c in _cells(root):
        if not _text(c):
            _set_html(c, forms[n % len(forms)])
            n += 1


def hidden_duplicates(root: etree._Element) -> None:
    """A display:none copy of each number cell (templates that keep a hidden edit column)."""
    for c in _cells(root):
        text = _text(c)
        if _NUMBER.match(text):
            ghost = etree.Element("td", style="display:none")
            ghost.text = str(int(float(text)) + 7) if "." not in text else "9.9"
            ghost.tail = c.tail
            c.addnext(ghost)


def layout_nested(root: etree._Element) -> None:
    """The article inside <div class="TRS_Editor"> inside <div id="zoom"> inside a layout table."""
    body = root.find("body")
    kids = list(body)
    outer = etree.SubElement(body, "table", width="100%")
    tr = etree.SubElement(outer, "tr")
    side = etree.SubElement(tr, "td", width="200")
    side.text = "栏目导航"
    main = etree.SubElement(tr, "td")
    zoom = etree.SubElement(main, "div", id="zoom")
    trs = etree.SubElement(zoom, "div", attrib={"class": "TRS_Editor"})
    for k in kids:
        trs.append(k)


def tables_before(root: etree._Element) -> None:
    """A site-navigation table and a 相关链接 table before the report's tables."""
    body = root.find("body")
    nav = lxml.html.fragment_fromstring(
        '<table class="daohang"><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a>'
        '</td><td><a href="/nb">2023年度报告</a></td><td>2024</td></tr></table>'
    )
    links = lxml.html.fragment_fromstring(
        "<table><tr><td>相关链接</td></tr><tr><td>1</td><td>"
        '<a href="/a">2022年政府信息公开工作年度报告</a></td><td>2023-01-20</td></tr>'
        "<tr><td>2</td><td>2021年政府信息公开工作年度报告</td><td>2022-01-21</td></tr></table>"
    )
    body.insert(0, links)
    body.insert(0, nav)


def serial_column(root: etree._Element) -> None:
    """An extra 序号 column in front of every report table (1, 2, 3… on the data rows)."""
    for t in _report_tables(root):
        rows = list(t.iter("tr"))
        head = 0
        for tr in rows:
            if any(_NUMBER.match(_text(c)) for c in tr):
                break
            head += 1
        n = 0
        for i, tr in enumerate(rows):
            if i == 0 and head:
                cell = etree.Element("td", rowspan=str(head))
                cell.text = "序号"
            elif i < head:
                continue
            else:
                n += 1
                cell = etree.Element("td")
                cell.text = str(n)
            tr.insert(0, cell)


def stub_label_above(root: etree._Element) -> None:
    """A group label (（三）不予公开…) on its own row, its sub-rows' numbers in the rows below."""
    for t in _report_tables(root):
        for tr in list(t.iter("tr")):
            cells = [c for c in tr if c.tag in ("td", "th")]
            if not cells:
                continue
            first = cells[0]
            rs = int(first.get("rowspan") or 1)
            if rs < 2 or not re.match(r"^（[三四五六]）", _text(first)):
                continue
            width = sum(int(c.get("colspan") or 1) for c in cells[1:])
            new = etree.Element("tr")
            label = etree.SubElement(new, "td", rowspan=str(rs + 1))
            label.text = first.text_content()
            etree.SubElement(new, "td", colspan=str(width))
            tr.remove(first)
            tr.addprevious(new)


def _data_rows(t: etree._Element) -> list[etree._Element]:
    return [tr for tr in t.iter("tr") if any(_NUMBER.match(_text(c)) for c in tr)]


def label_row_then_numbers(root: etree._Element) -> None:
    """A row's label on a row of its own (spanning two rows), its numbers in the row below."""
    for t in _report_tables(root):
        for tr in _data_rows(t):
            cells = [c for c in tr if c.tag in ("td", "th")]
            if len(cells) < 3 or not _CJK.search(_text(cells[0])) or cells[0].get("rowspan"):
                continue
            labels = []
            for c in cells:
                if _NUMBER.match(_text(c)) or not _text(c) or not _CJK.search(_text(c)):
                    break
                labels.append(c)
            if len(labels) != 1:
                continue
            top = etree.Element("tr")
            label = labels[0]
            tr.remove(label)
            label.set("rowspan", "2")
            top.append(label)
            tr.addprevious(top)


def fullwidth_digits(root: etree._Element) -> None:
    """Numbers typed with full-width digits (２６)."""
    table = str.maketrans("0123456789", "０１２３４５６７８９")
    for c in _cells(root):
        text = _text(c)
        if _NUMBER.match(text) and "." not in text and "-" not in text:
            _set_html(c, text.translate(table))


def word_office_markup(root: etree._Element) -> None:
    """Word's own export: numbers and labels in <p class=MsoNormal><span lang=EN-US>…<o:p>."""
    for c in _cells(root):
        text = _text(c)
        if text:
            _set_html(
                c,
                '<p class="MsoNormal" align="center"><span lang="EN-US" style="font-size:10.5pt">'
                f"{escape(text)}<o:p></o:p></span></p>",
            )
        else:
            _set_html(c, '<p class="MsoNormal"><span lang="EN-US"><o:p>&nbsp;</o:p></span></p>')


def spacer_rows(root: etree._Element) -> None:
    """Empty spacer rows (every cell &nbsp;) between the rows of each table."""
    for t in _report_tables(root):
        for tr in _data_rows(t)[::3]:
            width = sum(int(c.get("colspan") or 1) for c in tr if c.tag in ("td", "th"))
            spacer = lxml.html.fragment_fromstring(
                "<tr>" + "<td>&nbsp;</td>" * max(width, 1) + "</tr>", create_parent=False
            )
            tr.addnext(spacer)


def ragged_blanks(root: etree._Element) -> None:
    """Trailing blank cells of a row simply not written (no <td> at all)."""
    for t in _report_tables(root):
        for tr in _data_rows(t):
            cells = [c for c in tr if c.tag in ("td", "th")]
            while cells and not _text(cells[-1]) and not cells[-1].get("rowspan"):
                tr.remove(cells.pop())


def table_split_at_page_break(root: etree._Element) -> None:
    """The requests table cut in two at a page break (Word): the stub spanning the cut is
    closed in the first part and re-opened, empty, in the second."""
    for t in _report_tables(root):
        if "本年新收" not in _text(t):
            continue
        rows = list(t.iter("tr"))
        cut = next((i for i, tr in enumerate(rows) if "（四）" in _text(tr)), len(rows) // 2)
        second = etree.Element("table", border="1")
        body = etree.SubElement(second, "tbody")
        for tr in rows[cut:]:
            body.append(tr)  # moves it
        # rowspans crossing the cut: shorten them, re-open them empty in the second part
        for i, tr in enumerate(rows[:cut]):
            for c in tr:
                rs = int(c.get("rowspan") or 1)
                if i + rs > cut:
                    c.set("rowspan", str(cut - i))
                    rest = etree.Element(c.tag, rowspan=str(rs - (cut - i)))
                    if c.get("colspan"):
                        rest.set("colspan", c.get("colspan"))
                    rows[cut].insert(0, rest)
        gap = etree.Element("p")
        gap.append(etree.Element("br", style="page-break-before:always"))
        t.addnext(gap)
        gap.addnext(second)


def calendar_widget(root: etree._Element) -> None:
    """A sidebar calendar table (days 1–31) and a visit counter before the article."""
    days = "".join(
        "<tr>" + "".join(f"<td>{d}</td>" for d in range(w * 7 + 1, min(w * 7 + 8, 32))) + "</tr>"
        for w in range(5)
    )
    widget = lxml.html.fragment_fromstring(
        '<div class="rili"><table><tr><th>日</th><th>一</th><th>二</th><th>三</th><th>四</th>'
        f"<th>五</th><th>六</th></tr>{days}</table>"
        "<table><tr><td>今日访问</td><td>1024</td></tr><tr><td>累计访问</td><td>88231</td></tr>"
        "</table></div>"
    )
    root.find("body").insert(0, widget)


def th_stub_and_tbodies(root: etree._Element) -> None:
    """Row labels as <th scope="row">, and the rows spread over several <tbody>s."""
    for t in _report_tables(root):
        rows = list(t.iter("tr"))
        for tr in rows:
            for c in tr:
                if c.tag == "td" and _CJK.search(_text(c)):
                    c.tag = "th"
                    c.set("scope", "row")
        for child in list(t):
            t.remove(child)
        for i in range(0, len(rows), 4):
            body = etree.SubElement(t, "tbody")
            for tr in rows[i : i + 4]:
                body.append(tr)


def article_twice(root: etree._Element) -> None:
    """The article printed twice (a PC and a mobile copy, one hidden by a stylesheet class)."""
    body = root.find("body")
    copy_box = etree.SubElement(body, "div", attrib={"class": "wap-content"})
    for k in list(body)[:-1]:
        copy_box.append(copy.deepcopy(k))


def sloppy_span_values(root: etree._Element) -> None:
    """Span attributes as some exporters write them: "3.0", " 2 ", "2px"."""
    forms = ["{}.0", " {} ", "{}px"]
    for i, c in enumerate(_cells(root)):
        for attr in ("rowspan", "colspan"):
            if c.get(attr):
                c.set(attr, forms[i % 3].format(c.get(attr)))


# --------------------------------------------------------------------------- encodings


def _page(root: etree._Element) -> str:
    return "<!DOCTYPE html>\n" + lxml.html.tostring(root, encoding="unicode")


def _with_head(page: str, head: str) -> str:
    page = _META_CHARSET.sub("", page)
    return re.sub(r"<head[^>]*>", lambda m: m.group(0) + head, page, count=1)


def utf8(page: str) -> tuple[bytes, str]:
    return page.encode("utf-8"), "report.html"


def gbk_meta(page: str) -> tuple[bytes, str]:
    return _with_head(page, '<meta charset="gb2312">').encode(
        "gbk", "xmlcharrefreplace"
    ), "report.html"


def gbk_http_equiv(page: str) -> tuple[bytes, str]:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'
    return _with_head(page, head).encode("gbk", "xmlcharrefreplace"), "report.htm"


def gbk_no_meta(page: str) -> tuple[bytes, str]:
    return _with_head(page, "").encode("gbk", "xmlcharrefreplace"), "report.html"


def lying_meta(page: str) -> tuple[bytes, str]:
    """Declares gb2312 but the bytes are UTF-8 (a template copied from an old site)."""
    return _with_head(page, '<meta charset="gb2312">').encode("utf-8"), "report.html"


def utf8_meta_gbk_bytes(page: str) -> tuple[bytes, str]:
    """Declares utf-8 but the bytes are GBK (a page re-saved by an old editor)."""
    head = '<meta charset="utf-8">'
    return _with_head(page, head).encode("gbk", "xmlcharrefreplace"), "report.html"


def as_txt(page: str) -> tuple[bytes, str]:
    return page.encode("utf-8"), "report.txt"


def _split_page(page: str) -> tuple[str, str]:
    """(title, body markup) of a page."""
    root = lxml.html.document_fromstring(page)
    title = root.findtext(".//title") or ""
    body = root.find("body")
    inner = (body.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in body)
    return title, inner


def in_iframe(page: str) -> tuple[bytes, str]:
    """The report body is an <iframe srcdoc> of a shell page."""
    title, inner = _split_page(page)
    shell = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        '<body><div class="nav"><a href="/">首页</a></div>'
        f'<iframe width="100%" srcdoc="{escape(inner, quote=True)}"></iframe></body></html>'
    )
    return shell.encode("utf-8"), "report.html"


def in_textarea(page: str) -> tuple[bytes, str]:
    """The report body is the content of a hidden <textarea> a script renders."""
    title, inner = _split_page(page)
    shell = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        '<body><div id="content"></div>'
        f'<textarea id="src" style="display:none">{escape(inner, quote=False)}</textarea>'
        "<script>content.innerHTML = src.value;</script></body></html>"
    )
    return shell.encode("utf-8"), "report.html"


# --------------------------------------------------------------------------- cases

Transform = Callable[[etree._Element], None]
Encode = Callable[[str], tuple[bytes, str]]

VARIANTS: dict[str, tuple[list[Transform], Encode]] = {
    "plain": ([], utf8),
    "sections_as_tables": ([sections_as_tables], utf8),
    "th_headers": ([th_headers], utf8),
    "wrapped_lines": ([wrapped_lines], utf8),
    "styled_numbers": ([styled_numbers], utf8),
    "blank_markup": ([blank_markup], utf8),
    "hidden_duplicates": ([hidden_duplicates], utf8),
    "layout_nested": ([layout_nested], utf8),
    "tables_before": ([tables_before], utf8),
    "serial_column": ([serial_column], utf8),
    "stub_label_above": ([stub_label_above], utf8),
    "label_row_then_numbers": ([label_row_then_numbers], utf8),
    "fullwidth_digits": ([fullwidth_digits], utf8),
    "word_office_markup": ([word_office_markup], utf8),
    "spacer_rows": ([spacer_rows], utf8),
    "ragged_blanks": ([ragged_blanks], utf8),
    "table_split_at_page_break": ([table_split_at_page_break], utf8),
    "utf8_meta_gbk_bytes": ([], utf8_meta_gbk_bytes),
    "calendar_widget": ([calendar_widget], utf8),
    "th_stub_and_tbodies": ([th_stub_and_tbodies], utf8),
    "article_twice": ([article_twice], utf8),
    "sloppy_span_values": ([sloppy_span_values], utf8),
    "gbk_meta": ([], gbk_meta),
    "gbk_http_equiv": ([], gbk_http_equiv),
    "gbk_no_meta": ([], gbk_no_meta),
    "lying_meta": ([], lying_meta),
    "html_in_txt": ([], as_txt),
    "iframe_srcdoc": ([], in_iframe),
    "textarea": ([], in_textarea),
    "everything": (
        [
            calendar_widget,
            tables_before,
            layout_nested,
            th_headers,
            wrapped_lines,
            styled_numbers,
            blank_markup,
            hidden_duplicates,
            sections_as_tables,
        ],
        gbk_http_equiv,
    ),
}
#: variants the mapping step (not the reader) cannot read yet: variant → reason
MAPPER_GAPS: dict[str, str] = {}
#: the devset page, and generated reports chosen for many distinct non-zero numbers (a number
#: read from the wrong row or column shows), one of them without the 总计 column
SOURCES = {
    "devset": None,
    "gen2021": (2023, 36),
    "gen2019": (2020, 179),
    "gen_no_total": (2023, 158),
}


def _source(name: str, shared: Path) -> tuple[str, Gold]:
    drawn = SOURCES[name]
    if drawn is None:
        return _devset(shared)
    return _generated(*drawn)


def _cases() -> list[object]:
    out: list[object] = []
    for source in SOURCES:
        for variant in VARIANTS:
            marks = []
            if variant in MAPPER_GAPS:
                marks.append(pytest.mark.xfail(strict=True, reason=MAPPER_GAPS[variant]))
            out.append(pytest.param(source, variant, marks=marks, id=f"{source}-{variant}"))
    return out


@pytest.mark.parametrize(("source", "variant"), _cases())
def test_variant_keeps_every_cell(shared_dir: Path, source: str, variant: str) -> None:
    page, gold = _source(source, shared_dir)
    transforms, encode = VARIANTS[variant]
    root = lxml.html.document_fromstring(page)
    for t in transforms:
        t(root)
    data, name = encode(_page(root))
    ex = extract_bytes(data, name)
    assert ex.status == "ok", ex.reason
    got = {(c.table, c.row, c.col): c for c in ex.cells}
    problems = []
    for key, want in gold.items():
        cell = got.get(key)
        if cell is None:
            if not ex.notes:
                problems.append(f"{'/'.join(key)}: missing without a note")
            continue
        value = None if cell.value is None else Decimal(str(cell.value))
        if value != want:
            problems.append(f"{'/'.join(key)}: want {want}, got {cell.value} ({cell.text!r})")
    extra = sorted(set(got) - set(gold))
    problems += [f"{'/'.join(k)}: not printed, got {got[k].value}" for k in extra]
    missing = [k for k in gold if k not in got]
    assert not problems, problems
    assert len(missing) <= len(gold) // 10, f"{len(missing)} cells left out: {ex.notes}"


@pytest.mark.parametrize(
    "declared",
    [
        '<meta charset="gb2312">',
        '<meta http-equiv="Content-Type" content="text/html; charset=gbk">',
    ],
)
def test_short_utf8_page_declared_gbk_is_read_as_utf8(declared: str) -> None:
    """A short page decodes without error as GB18030 too (into mojibake): UTF-8 must win."""
    page = f"<html><head>{declared}</head><body><p>本年新收</p><table><tr><td>予以公开</td><td>12</td></tr></table></body></html>"
    doc = read_html(page.encode("utf-8"))
    assert "本年新收" in doc.text and "予以公开\t12" in doc.text, doc.text


def test_gbk_page_still_read_as_gbk() -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>本年新收</p></body></html>'
    assert "本年新收" in read_html(page.encode("gbk")).text


@pytest.mark.parametrize("colspan", ["3.0", " 3 ", "3px", "3"])
def test_span_attribute_counts_its_leading_digits(colspan: str) -> None:
    """Browsers read colspan="3.0" as 3, not 30: the grid must stay 4 positions wide."""
    page = (
        f'<table><tr><td>信息内容</td><td colspan="{colspan}">本年处理决定数量</td></tr>'
        "<tr><td>行政许可</td><td>5</td><td></td><td></td></tr></table>"
    )
    doc = read_html(f"<html><body><p>报告</p>{page}</body></html>".encode())
    widths = [len(r.fragments) for r in doc.rows if r.table is not None]
    assert widths == [4, 4], widths
