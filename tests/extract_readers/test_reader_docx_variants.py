"""Word files laid out the ways real publishers lay them out read back to the gold cells.

Each case builds a .docx (python-docx, raw WordprocessingML where python-docx has no API) from
the real sample reports (read from ../shared at run time, their tab rows laid into real Word
tables) and from the corpus generator, applies one variation seen in published Word reports, and
extracts it: every gold cell must come out exactly, or be left out with a note — never wrong.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from copy import deepcopy

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from corpus.render import Variant as RenderVariant
from corpus.render import render
from corpus.roundtrip import differences
from corpus.truth import Options, generate_truth
from extract.api import extract_bytes
from extract.layout import UnreadableSource
from extract.readers.docx import read_docx
from extract.scoring import parse_gold, score_file

# the samples whose table rows survived the conversion as tab-separated lines (001 and 002 hold
# one cell per line: their row structure is gone, so they cannot be laid back into a grid)
SAMPLES = [
    "000_3a76839b33e1ea7f.txt",
    "003_74be42d8da5a3ee7.txt",
    "004_d6809da3688135dc.txt",
]
SEEDS = [3, 11]
_DIGITS = re.compile(r"^\d+(\.\d+)?$")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# --------------------------------------------------------------------------- building


def _blocks(text: str) -> list[tuple[str, object]]:
    """Sample text as ("p", line) and ("t", rows) blocks: runs of tab lines with two or more
    fields are one table (a single indented field is a paragraph)."""
    out: list[tuple[str, object]] = []
    table: list[list[str]] = []
    for line in text.split("\n"):
        if sum(1 for f in line.split("\t") if f.strip()) >= 2:
            table.append(line.split("\t"))
            continue
        if not line.strip():
            continue
        if table:
            out.append(("t", table))
            table = []
        out.append(("p", line.strip()))
    if table:
        out.append(("t", table))
    return out


def _first_data_row(rows: list[list[str]]) -> int:
    for i, row in enumerate(rows):
        if any(_DIGITS.match(c.strip()) for c in row):
            return i
    return len(rows)


def _add_table(d, rows: list[list[str]], merged: bool) -> None:
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    t = d.add_table(rows=len(grid), cols=width)
    t.style = "Table Grid"
    cells = [list(row.cells) for row in t.rows]
    merges: list[tuple[int, int, int, int]] = []
    if merged:
        first = _first_data_row(grid)
        for r in range(first):  # header label spanning right over the columns it heads
            for c, text in enumerate(grid[r]):
                if not text.strip():
                    continue
                end = c
                while (
                    end + 1 < width
                    and not grid[r][end + 1].strip()
                    and any(grid[k][end + 1].strip() for k in range(r + 1, first))
                ):
                    end += 1
                if end > c:
                    merges.append((r, c, r, end))
        for r, row in enumerate(grid):  # 三、本年度办理结果 down over its result rows
            if "办理结果" in row[0] and r >= first:
                end = r
                while end + 1 < len(grid) and not grid[end + 1][0].strip():
                    end += 1
                if end > r:
                    merges.append((r, 0, end, 0))
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text.strip():
                cells[r][c].text = text.strip()
    for r0, c0, r1, c1 in merges:
        keep = cells[r0][c0].text
        cells[r0][c0].merge(cells[r1][c1]).text = keep


def sample_docx(text: str, merged: bool = False) -> docx.document.Document:
    d = docx.Document()
    for kind, body in _blocks(text):
        if kind == "p":
            d.add_paragraph(body)
        else:
            _add_table(d, body, merged)
            d.add_paragraph("")
    return d


def _save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- XML helpers


def _tables(d) -> list:
    return list(d.element.body.iterchildren(qn("w:tbl")))


def _tc_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def _number_cells(d) -> list:
    return [tc for tc in d.element.body.iter(qn("w:tc")) if _DIGITS.match(_tc_text(tc))]


def _runs_p(tc):
    """The cell's single paragraph, emptied of runs (keeping pPr)."""
    ps = tc.findall(qn("w:p"))
    p = ps[0]
    for extra in ps[1:]:
        tc.remove(extra)
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)
    return p


def _run(text: str, tag: str = "w:t") -> object:
    return parse_xml(f'<w:r {nsdecls("w")}><{tag} xml:space="preserve">{text}</{tag}></w:r>')


def _each_number(fn: Callable[[object, str], None], every: int = 1):
    def apply(d) -> None:
        for i, tc in enumerate(_number_cells(d)):
            if i % every == 0:
                fn(tc, _tc_text(tc))

    return apply


def _num_sdt(tc, text: str) -> None:
    p = _runs_p(tc)
    p.append(
        parse_xml(
            f'<w:sdt {nsdecls("w")}><w:sdtPr><w:id w:val="1"/><w:text/></w:sdtPr>'
            f"<w:sdtContent><w:r><w:t>{text}</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )


def _cell_sdt(tc, text: str) -> None:
    """The whole cell wrapped in a cell-level content control."""
    tr = tc.getparent()
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    tr.replace(tc, sdt)
    sdt.find(qn("w:sdtContent")).append(tc)


def _num_tracked(tc, text: str) -> None:
    p = _runs_p(tc)
    p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>9'
            "</w:delText></w:r></w:del>"
        )
    )
    p.append(_run(text[:-1])) if len(text) > 1 else None
    p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>{text[-1]}</w:t></w:r></w:ins>'
        )
    )
    p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="3" w:author="a"><w:r><w:delText>7'
            "</w:delText></w:r></w:del>"
        )
    )


def _num_field(tc, text: str) -> None:
    p = _runs_p(tc)
    p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" =SUM(LEFT) "><w:r><w:t>{text}</w:t></w:r>'
            "</w:fldSimple>"
        )
    )


def _num_complex_field(tc, text: str) -> None:
    p = _runs_p(tc)
    for xml in (
        '<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r {ns}><w:instrText xml:space="preserve"> =SUM(ABOVE) \\# "0" </w:instrText></w:r>',
        '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {{ns}}><w:t>{text}</w:t></w:r>",
        '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        p.append(parse_xml(xml.format(ns=nsdecls("w"))))


def _num_hyperlink(tc, text: str) -> None:
    p = _runs_p(tc)
    p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w")} w:anchor="n{text}"><w:r><w:rPr>'
            f'<w:rStyle w:val="Hyperlink"/></w:rPr><w:t>{text}</w:t></w:r></w:hyperlink>'
        )
    )


def _textbox(text: str) -> object:
    return parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
        '<v:shape style="width:30pt;height:12pt"><v:textbox><w:txbxContent><w:p><w:r>'
        f"<w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )


def _num_textbox(tc, text: str) -> None:
    _runs_p(tc).append(_textbox(text))


def _num_trailing_paragraph(tc, text: str) -> None:
    p = _runs_p(tc)
    p.append(_run(text + " "))
    tc.append(parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve"> </w:t></w:r></w:p>'))


def _num_footnote(tc, text: str) -> None:
    p = _runs_p(tc)
    p.append(_run(text))
    p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            '<w:footnoteReference w:id="1"/></w:r>'
        )
    )


def _num_hidden_run(tc, text: str) -> None:
    """A superseded number kept as hidden text (w:vanish) in front of the shown one."""
    p = _runs_p(tc)
    p.append(parse_xml(f"<w:r {nsdecls('w')}><w:rPr><w:vanish/></w:rPr><w:t>8</w:t></w:r>"))
    p.append(_run(text))


def _num_drawing_textbox(tc, text: str) -> None:
    """The number in a DrawingML text box: Word writes it twice (wps choice, VML fallback)."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    _runs_p(tc).append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/'
            'markup-compatibility/2006"><mc:AlternateContent><mc:Choice Requires="wps">'
            f"{box}</mc:Choice><mc:Fallback>{box}</mc:Fallback></mc:AlternateContent></w:r>"
        )
    )


def _deleted_rows(d) -> None:
    """Every data row preceded by a tracked deletion of an older copy with other numbers."""
    for tbl in _tables(d):
        for tr in tbl.findall(qn("w:tr")):
            if not any(_DIGITS.match(_tc_text(tc)) for tc in tr.findall(qn("w:tc"))):
                continue
            old = deepcopy(tr)
            old.get_or_add_trPr().append(
                parse_xml(f'<w:del {nsdecls("w")} w:id="9" w:author="a"/>')
            )
            for r in list(old.iter(qn("w:r"))):
                for t in r.findall(qn("w:t")):
                    t.tag = qn("w:delText")
                    if _DIGITS.match(t.text or ""):
                        t.text = "7"
                wrap = parse_xml(f'<w:del {nsdecls("w")} w:id="9" w:author="a"/>')
                r.addprevious(wrap)
                wrap.append(r)
            tr.addprevious(old)


def _wrap(el, xml: str, content: str | None) -> None:
    """Put ``el`` inside a new wrapper element (inside its ``content`` child when given)."""
    wrapper = parse_xml(xml)
    el.addprevious(wrapper)
    (wrapper.find(qn(content)) if content else wrapper).append(el)


def _tables_in_sdt(d) -> None:
    """Each whole table inside a block-level content control."""
    for tbl in _tables(d):
        _wrap(tbl, f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>", "w:sdtContent")


def _custom_xml(d) -> None:
    """Rows and number cells inside w:customXml (XML-mapped government templates)."""
    xml = f'<w:customXml {nsdecls("w")} w:element="item"/>'
    for tbl in _tables(d):
        for i, tr in enumerate(tbl.findall(qn("w:tr"))):
            if i % 2:
                _wrap(tr, xml, None)
            else:
                for tc in tr.findall(qn("w:tc")):
                    if _DIGITS.match(_tc_text(tc)):
                        _wrap(tc, xml, None)


def _tables_in_textbox(d) -> None:
    """Each table inside a floating text box anchored in a paragraph (WPS and pasted layouts)."""
    for tbl in _tables(d):
        p = parse_xml(
            f'<w:p {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict>'
            '<v:shape style="width:400pt;height:300pt"><v:textbox><w:txbxContent/></v:textbox>'
            "</v:shape></w:pict></w:r></w:p>"
        )
        tbl.addprevious(p)
        box = next(p.iter(qn("w:txbxContent")))
        box.append(tbl)
        box.append(OxmlElement("w:p"))


def _num_digit_runs(tc, text: str) -> None:
    """One run per digit (each keystroke its own revision id), with a bookmark in between."""
    p = _runs_p(tc)
    for i, ch in enumerate(text):
        if i:
            p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{i}" w:name="b{i}"/>'))
        p.append(_run(ch))


def _num_fullwidth(tc, text: str) -> None:
    _runs_p(tc).append(_run(text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})))


def _title_in_box_table(d) -> None:
    """The title typed in a bordered one-cell table above the report."""
    body = d.element.body
    p = body.find(qn("w:p"))
    box = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr/><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid>'
        "<w:tr><w:tc><w:tcPr/></w:tc></w:tr></w:tbl>"
    )
    p.addprevious(box)
    box.find(f"{qn('w:tr')}/{qn('w:tc')}").append(p)


def _two_line_labels(d) -> None:
    """Labels of 6+ characters typed over two paragraphs (the writer pressed Enter)."""
    for tc in d.element.body.iter(qn("w:tc")):
        text = _tc_text(tc)
        if len(text) >= 6 and not _DIGITS.match(text) and len(tc.findall(qn("w:p"))) == 1:
            half = len(text) // 2
            p = _runs_p(tc)
            p.append(_run(text[:half]))
            second = deepcopy(p)
            for child in list(second):
                if child.tag != qn("w:pPr"):
                    second.remove(child)
            second.append(_run(text[half:]))
            p.addnext(second)


def _interior_blanks(d) -> list:
    """Empty, unmerged cells with a number somewhere left and right of them in the same row:
    the blank value cells (text-derived sample grids are ragged at the row ends)."""
    out = []
    for tbl in d.element.body.iter(qn("w:tbl")):
        for tr in tbl.findall(qn("w:tr")):
            tcs = tr.findall(qn("w:tc"))
            digits = [i for i, tc in enumerate(tcs) if _DIGITS.match(_tc_text(tc))]
            if len(digits) < 2:
                continue
            for tc in tcs[digits[0] + 1 : digits[-1]]:
                merged = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is not None
                if not _tc_text(tc) and not merged:
                    out.append(tc)
    return out


def _blank_mark(mark: str):
    """Blank value cells printed as ``mark``."""

    def apply(d) -> None:
        for tc in _interior_blanks(d):
            _runs_p(tc).append(_run(mark))

    return apply


def _placeholder_blanks(d) -> None:
    """Blank value cells holding a content control that shows its placeholder prompt."""
    for tc in _interior_blanks(d):
        _runs_p(tc).append(
            parse_xml(
                f"<w:sdt {nsdecls('w')}><w:sdtPr><w:showingPlcHdr/><w:text/></w:sdtPr>"
                '<w:sdtContent><w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>'
                "<w:t>单击或点击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt>"
            )
        )


# --------------------------------------------------------------------------- table layouts


def _row_width(tr) -> int:
    width = 0
    for tc in tr.findall(qn("w:tc")):
        span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        width += int(span.get(qn("w:val"))) if span is not None else 1
    return width


def _set_span(tc, n: int) -> None:
    tcpr = tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:gridSpan")):
        tcpr.remove(old)
    if n > 1:
        span = OxmlElement("w:gridSpan")
        span.set(qn("w:val"), str(n))
        tcpr.insert(0, span)


def _one_big_table(d) -> None:
    """Every statutory table, with the paragraphs between them as full-width rows, in one table."""
    body = d.element.body
    tables = _tables(d)
    if len(tables) < 2:
        return
    first, last = tables[0], tables[-1]
    between, el = [], first.getnext()
    while el is not None and el is not last:
        between.append(el)
        el = el.getnext()
    between.append(last)
    width = max(_row_width(tr) for t in tables for tr in t.findall(qn("w:tr")))
    grid = first.find(qn("w:tblGrid"))
    for col in grid.findall(qn("w:gridCol")):
        grid.remove(col)
    for _ in range(width):
        grid.append(OxmlElement("w:gridCol"))

    def pad(tr) -> None:
        missing = width - _row_width(tr)
        if missing > 0:
            tc = tr.findall(qn("w:tc"))[-1]
            span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            _set_span(tc, (int(span.get(qn("w:val"))) if span is not None else 1) + missing)

    for tr in first.findall(qn("w:tr")):
        pad(tr)
    for el in between:
        if el.tag == qn("w:tbl"):
            for tr in el.findall(qn("w:tr")):
                pad(tr)
                first.append(tr)
            body.remove(el)
        elif el.tag == qn("w:p"):
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            body.remove(el)
            if text.strip():
                tr = parse_xml(f"<w:tr {nsdecls('w')}><w:tc><w:tcPr/></w:tc></w:tr>")
                tr.find(qn("w:tc")).append(el)
                _set_span(tr.find(qn("w:tc")), width)
                first.append(tr)


def _split_tables(repeat_header: bool, keep_merges: bool = True):
    """Each table with 8+ rows cut in two at a page break, the header rows repeated; with
    ``keep_merges`` False the cut may fall inside a vertical merge (the second part starts with
    a w:vMerge continuation that has nothing above it)."""

    def apply(d) -> None:
        for tbl in _tables(d):
            trs = tbl.findall(qn("w:tr"))
            if len(trs) < 8:
                continue
            head = 0
            while head < len(trs) and not any(
                _DIGITS.match(_tc_text(tc)) for tc in trs[head].findall(qn("w:tc"))
            ):
                head += 1
            cut = (head + len(trs)) // 2
            # never cut through a vertical merge: move the cut up to a row that starts fresh
            while (
                keep_merges
                and cut > head + 1
                and any(
                    (vm := tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")) is not None
                    and vm.get(qn("w:val")) != "restart"
                    for tc in trs[cut].findall(qn("w:tc"))
                )
            ):
                cut -= 1
            second = deepcopy(tbl)
            for tr in second.findall(qn("w:tr")):
                second.remove(tr)
            if repeat_header:
                for tr in trs[:head]:
                    copy = deepcopy(tr)
                    trpr = copy.get_or_add_trPr()
                    trpr.append(OxmlElement("w:tblHeader"))
                    second.append(copy)
            for tr in trs[cut:]:
                second.append(tr)
            brk = parse_xml(f'<w:p {nsdecls("w")}><w:r><w:br w:type="page"/></w:r></w:p>')
            tbl.addnext(brk)
            brk.addnext(second)

    return apply


def _nested_in_layout_table(d) -> None:
    """The whole report inside the one cell of a borderless layout table."""
    body = d.element.body
    outer = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr>'
        '<w:tcW w:w="9000" w:type="dxa"/></w:tcPr></w:tc></w:tr></w:tbl>'
    )
    tc = outer.find(f"{qn('w:tr')}/{qn('w:tc')}")
    for el in list(body):
        if el.tag in (qn("w:p"), qn("w:tbl")):
            tc.append(el)
    tc.append(OxmlElement("w:p"))
    body.insert(0, outer)


def _grid_before_after(d) -> None:
    """Leading/trailing empty cells dropped and declared as w:gridBefore / w:gridAfter."""
    for tbl in _tables(d):
        for tr in tbl.findall(qn("w:tr")):
            tcs = tr.findall(qn("w:tc"))
            if len(tcs) < 3:
                continue
            trpr = tr.get_or_add_trPr()
            if not _tc_text(tcs[0]) and tcs[0].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is None:
                tr.remove(tcs[0])
                el = OxmlElement("w:gridBefore")
                el.set(qn("w:val"), "1")
                trpr.insert(0, el)
            if not _tc_text(tcs[-1]) and tcs[-1].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is None:
                tr.remove(tcs[-1])
                el = OxmlElement("w:gridAfter")
                el.set(qn("w:val"), "1")
                trpr.append(el)


def _ragged_rows(d) -> None:
    """Trailing empty cells simply missing (no w:gridAfter), as some converters write rows."""
    for tbl in _tables(d):
        for tr in tbl.findall(qn("w:tr")):
            tcs = tr.findall(qn("w:tc"))
            while (
                len(tcs) > 2
                and not _tc_text(tcs[-1])
                and tcs[-1].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is None
            ):
                tr.remove(tcs.pop())


def _tables_in_header_footer(d) -> None:
    """A copy of the requests table in the page header and a number table in the footer."""
    section = d.sections[0]
    header, footer = section.header, section.footer
    tables = _tables(d)
    if tables:
        header._element.append(deepcopy(tables[min(1, len(tables) - 1)]))
        header._element.append(OxmlElement("w:p"))
    t = footer.add_table(rows=1, cols=3, width=docx.shared.Inches(6))
    for i, text in enumerate(["第", "1", "页"]):
        t.cell(0, i).text = text


def _serial_column(d) -> None:
    """An extra 序号 first column: 序号 in the header, 1, 2, 3… on the data rows."""
    for tbl in _tables(d):
        trs = tbl.findall(qn("w:tr"))
        if any(_DIGITS.match(_tc_text(tc)) for tc in trs[0].findall(qn("w:tc"))):
            continue  # a bare number table (no header row) has nowhere to print 序号
        grid = tbl.find(qn("w:tblGrid"))
        grid.insert(0, OxmlElement("w:gridCol"))
        n = 0
        for i, tr in enumerate(trs):
            has_number = any(_DIGITS.match(_tc_text(tc)) for tc in tr.findall(qn("w:tc")))
            if has_number:
                n += 1
            text = str(n) if has_number else ("序号" if i == 0 else "")
            tc = parse_xml(f"<w:tc {nsdecls('w')}><w:tcPr/><w:p/></w:tc>")
            if text:
                tc.find(qn("w:p")).append(_run(text))
            first = tr.find(qn("w:tc"))
            first.addprevious(tc)


def _title_in_textbox(d) -> None:
    body = d.element.body
    p = body.find(qn("w:p"))
    text = "".join(t.text or "" for t in p.iter(qn("w:t")))
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)
    p.append(_textbox(text))


def _title_as_heading(d) -> None:
    d.paragraphs[0].style = d.styles["Title"]
    for p in d.paragraphs[1:]:
        if re.match(r"^[一二三四五六七]、", p.text):
            p.style = d.styles["Heading 1"]


def _alt_chunk(d) -> None:
    """The statutory tables as an embedded HTML part (w:altChunk), as some CMS exports do."""
    body = d.element.body
    # one chunk per table, each where its table stood
    for i, tbl in enumerate(_tables(d)):
        rows = []
        for tr in tbl.findall(qn("w:tr")):
            cells = []
            for tc in tr.findall(qn("w:tc")):
                span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                vm = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                if vm is not None and vm.get(qn("w:val")) != "restart":
                    continue
                rs = ""
                if vm is not None:
                    rs = f" rowspan={_vmerge_depth(tbl, tr, tc)}"
                cs = f" colspan={span.get(qn('w:val'))}" if span is not None else ""
                cells.append(f"<td{cs}{rs}>{_tc_text(tc)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        page = (
            "<html><head><meta charset='utf-8'></head><body><table border=1>"
            + "".join(rows)
            + "</table></body></html>"
        )
        part = Part(
            PackURI(f"/word/afchunk{i + 1}.htm"), "text/html", page.encode(), d.part.package
        )
        rid = d.part.relate_to(part, RT.A_F_CHUNK)
        chunk_el = parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>')
        body.replace(tbl, chunk_el)


def _vmerge_depth(tbl, tr, tc) -> int:
    trs = tbl.findall(qn("w:tr"))
    r = trs.index(tr)
    col = 0
    for other in tr.findall(qn("w:tc")):
        if other is tc:
            break
        span = other.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        col += int(span.get(qn("w:val"))) if span is not None else 1
    depth = 1
    for below in trs[r + 1 :]:
        c = 0
        found = False
        for other in below.findall(qn("w:tc")):
            if c == col:
                vm = other.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                found = vm is not None and vm.get(qn("w:val")) != "restart"
                break
            span = other.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            c += int(span.get(qn("w:val"))) if span is not None else 1
        if not found:
            break
        depth += 1
    return depth


# --------------------------------------------------------------------------- cases

Transform = Callable[[object], None]
CASES: dict[str, tuple[bool, Transform | None]] = {  # name → (merged sample tables, transform)
    "plain": (False, None),
    "merged_stub_and_header": (True, None),
    "one_big_table": (True, _one_big_table),
    "split_repeat_header": (True, _split_tables(True)),
    "split_no_header": (True, _split_tables(False)),
    "split_through_merge": (True, _split_tables(False, keep_merges=False)),
    "two_line_labels": (True, _two_line_labels),
    "number_trailing_space_paragraph": (True, _each_number(_num_trailing_paragraph)),
    "number_footnote": (True, _each_number(_num_footnote, every=3)),
    "number_in_textbox": (False, _each_number(_num_textbox, every=2)),
    "number_in_run_sdt": (True, _each_number(_num_sdt)),
    "cell_in_sdt": (True, _each_number(_cell_sdt, every=2)),
    "number_tracked_changes": (True, _each_number(_num_tracked)),
    "number_field_simple": (True, _each_number(_num_field)),
    "number_complex_field": (True, _each_number(_num_complex_field, every=2)),
    "number_hyperlink": (True, _each_number(_num_hyperlink, every=2)),
    "number_hidden_text": (True, _each_number(_num_hidden_run, every=2)),
    "number_in_drawing_textbox": (True, _each_number(_num_drawing_textbox, every=2)),
    "deleted_rows_tracked": (True, _deleted_rows),
    "tables_in_sdt": (True, _tables_in_sdt),
    "rows_and_cells_in_custom_xml": (True, _custom_xml),
    "tables_in_textbox": (True, _tables_in_textbox),
    "nested_in_layout_table": (True, _nested_in_layout_table),
    "grid_before_after": (False, _grid_before_after),
    "tables_in_header_footer": (True, _tables_in_header_footer),
    "ragged_rows": (False, _ragged_rows),
    "serial_column": (False, _serial_column),
    "blank_slash": (True, _blank_mark("/")),
    "blank_dash": (True, _blank_mark("—")),
    "blank_placeholder_sdt": (True, _placeholder_blanks),
    "title_in_textbox": (True, _title_in_textbox),
    "title_in_box_table": (True, _title_in_box_table),
    "number_digit_runs": (True, _each_number(_num_digit_runs)),
    "number_fullwidth_digits": (True, _each_number(_num_fullwidth, every=2)),
    "title_heading_styles": (True, _title_as_heading),
    "alt_chunk_html": (True, _alt_chunk),
}
XFAIL: dict[str, str] = {}


def _noted(key: str, notes: list[str]) -> bool:
    table, row = key.split("/")[:2]
    return any(n.startswith((f"{table} {row}:", f"{table}:")) for n in notes)


def _param(case: str):
    marks = [pytest.mark.xfail(strict=True, reason=XFAIL[case])] if case in XFAIL else []
    return pytest.param(case, marks=marks, id=case)


@pytest.fixture(scope="module")
def samples_gold(shared_dir):
    return parse_gold((shared_dir / "samples" / "gold_cells.csv").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_sample_variant_reads_gold_or_notes(case, shared_dir, samples_gold) -> None:
    merged, transform = CASES[case]
    problems = {}
    for name in SAMPLES:
        d = sample_docx((shared_dir / "samples" / name).read_text(encoding="utf-8"), merged)
        if transform is not None:
            transform(d)
        ex = extract_bytes(_save(d), name.replace(".txt", ".docx"))
        score = score_file(ex, samples_gold[name])
        unexplained = [k for k in score.missing if not _noted(k, ex.notes)]
        if score.wrong or unexplained or ex.status != "ok":
            problems[name] = (ex.reason, score.wrong[:5], unexplained[:5], ex.notes[:3])
    assert problems == {}


@pytest.mark.parametrize("case", [_param(c) for c in CASES if CASES[c][1] is not None])
@pytest.mark.parametrize("seed", SEEDS)
def test_corpus_variant_reads_truth(case, seed) -> None:
    truth = generate_truth(seed, Options(slips=(), blanks=4))
    d = docx.Document(io.BytesIO(render(truth, RenderVariant("docx", "merged"))))
    CASES[case][1](d)
    data = _save(d)
    # the requests table must reach the mapper as a table, not flattened into a paragraph
    assert any(r.table is not None and "本年新收" in r.text for r in read_docx(data).rows)
    ex = extract_bytes(data, "report.docx")
    assert differences(truth, ex, missing_ok_with_note=True) == []


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][1] is not None])
def test_variant_changes_the_document(case) -> None:
    """A transform that leaves the Word XML alone tests nothing."""
    truth = generate_truth(SEEDS[0], Options(slips=(), blanks=4))
    d = docx.Document(io.BytesIO(render(truth, RenderVariant("docx", "merged"))))
    before = d.element.xml + "".join(h._element.xml for h in [d.sections[0].header])
    CASES[case][1](d)
    after = d.element.xml + "".join(h._element.xml for h in [d.sections[0].header])
    assert after != before


def test_placeholder_prompt_is_not_text() -> None:
    truth = generate_truth(SEEDS[0], Options(slips=(), blanks=4))
    d = docx.Document(io.BytesIO(render(truth, RenderVariant("docx", "merged"))))
    _placeholder_blanks(d)
    assert "单击或点击此处输入文字" in d.element.xml
    assert "单击或点击此处输入文字" not in read_docx(_save(d)).text


def _with_chunk(d, content_type: str, blob: bytes) -> None:
    part = Part(PackURI("/word/afchunk.bin"), content_type, blob, d.part.package)
    rid = d.part.relate_to(part, RT.A_F_CHUNK)
    d.element.body.insert(0, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))


def test_unsupported_chunk_is_noted_and_alone_is_rejected_with_reason() -> None:
    d = docx.Document()
    d.add_paragraph("某某局2023年政府信息公开工作年度报告")
    _with_chunk(d, "application/rtf", b"{\\rtf1 ...}")
    doc = read_docx(_save(d))
    assert doc.notes == ["embedded application/rtf chunk 1 (w:altChunk) not read"]
    d = docx.Document()
    for p in list(d.element.body.iterchildren(qn("w:p"))):
        d.element.body.remove(p)
    _with_chunk(d, "application/rtf", b"{\\rtf1 ...}")
    with pytest.raises(UnreadableSource, match=r"^DOCX has no text \(embedded application/rtf"):
        read_docx(_save(d))


def test_plain_text_chunk_is_read() -> None:
    d = docx.Document()
    _with_chunk(d, "text/plain", "二、主动公开政府信息情况\n规章\t1".encode())
    assert "二、主动公开政府信息情况" in read_docx(_save(d)).text


def _repackage(data: bytes, fn: Callable[[str, bytes], bytes]) -> bytes:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, fn(name, src.read(name)))
    return out.getvalue()


_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
PACKAGES: dict[str, Callable[[str, bytes], bytes]] = {
    "docm_macro_enabled": lambda n, b: (
        b.replace(_MAIN, b"application/vnd.ms-word.document.macroEnabled.main+xml")
        if n == "[Content_Types].xml"
        else b
    ),
    "dotx_template": lambda n, b: (
        b.replace(_MAIN, _MAIN.replace(b"document.main", b"template.main"))
        if n == "[Content_Types].xml"
        else b
    ),
    "strict_open_xml": lambda n, b: (
        b.replace(W.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main").replace(
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        )
        if n.endswith((".xml", ".rels"))
        else b
    ),
}


@pytest.mark.parametrize("package", sorted(PACKAGES))
@pytest.mark.parametrize("seed", SEEDS)
def test_package_variant_reads_truth(package, seed) -> None:
    """Macro-enabled, template and Strict Open XML packages hold the same WordprocessingML."""
    truth = generate_truth(seed, Options(slips=(), blanks=4))
    data = _repackage(render(truth, RenderVariant("docx", "merged")), PACKAGES[package])
    ex = extract_bytes(data, "report.docx")
    assert differences(truth, ex, missing_ok_with_note=True) == []
