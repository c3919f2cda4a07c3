"""The grid clean-up the table readers share (:mod:`extract.readers.grid`): the 序号 column rule
on spans, and each grid reader (HTML, DOCX, ruled PDF) applying it to a table built here."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
import pytest
from reader_builders import FONT
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from extract.layout import Document
from extract.readers.docx import read_docx
from extract.readers.grid import (
    SERIAL_LABELS,
    Span,
    drop_column,
    drop_serial_column,
    grid_rows,
    is_serial_column,
    serial_column,
)
from extract.readers.html import read_html
from extract.readers.pdf import read_pdf


def spans_of(*rows: tuple[str, ...]) -> list[Span]:
    """One-cell spans of a plain table given row by row."""
    return [Span(r, c, 1, 1, text) for r, row in enumerate(rows) for c, text in enumerate(row)]


def texts(spans: list[Span]) -> list[list[str]]:
    """The table as text, ``~`` at covered positions."""
    return [
        ["~" if f.covered else f.text for f in row.fragments] for row in grid_rows(spans, 0, "t")
    ]


NUMBERED = spans_of(
    ("序号", "项目", "数量"),
    ("1", "本年新收", "5"),
    ("2", "上年结转", "3"),
    ("3", "总计", "8"),
)


# --------------------------------------------------------------------------- the rule


def test_a_serial_column_of_row_numbers_is_dropped() -> None:
    assert serial_column(NUMBERED) == 0
    assert texts(drop_serial_column(NUMBERED)) == [
        ["项目", "数量"],
        ["本年新收", "5"],
        ["上年结转", "3"],
        ["总计", "8"],
    ]


def test_the_clean_up_is_pure() -> None:
    before = list(NUMBERED)
    drop_serial_column(NUMBERED)
    assert before == NUMBERED


@pytest.mark.parametrize("label", [*sorted(SERIAL_LABELS), "序 号"])
def test_every_serial_label_is_recognised(label: str) -> None:
    assert is_serial_column([label, "1", "2", "3"])


def test_blank_cells_and_a_header_printed_again_are_allowed() -> None:
    """Group-label rows print no number; a table continued on a new page repeats its header."""
    assert is_serial_column(["序号", "", "1", "2", "", "序号", "3", "4"])


def test_an_empty_serial_column_is_dropped() -> None:
    spans = spans_of(("序号", "项目", "数量"), ("", "本年新收", "5"), ("", "总计", "5"))
    assert texts(drop_serial_column(spans)) == [["项目", "数量"], ["本年新收", "5"], ["总计", "5"]]


@pytest.mark.parametrize(
    "values",
    [
        ("5", "12", "3"),  # counts under a 序号 header
        ("1", "2", "4"),  # a gap: not the row numbers
        ("0", "1", "2"),
        ("2", "3", "4"),  # not from 1
        ("1", "1", "1"),
        ("1", "2", "1,000"),
        ("1", "2", "三"),
    ],
)
def test_a_serial_column_whose_values_are_not_row_numbers_is_kept(
    values: tuple[str, ...],
) -> None:
    spans = spans_of(("序号", "项目"), *((v, f"第{i}项") for i, v in enumerate(values)))
    assert serial_column(spans) is None
    assert drop_serial_column(spans) == spans


def test_row_numbers_under_another_header_are_kept() -> None:
    """1, 2, 3 under 数量 could be statutory counts: only the label makes a 序号 column."""
    spans = spans_of(("项目", "数量"), ("本年新收", "1"), ("上年结转", "2"), ("总计", "3"))
    assert serial_column(spans) is None


def test_the_label_must_be_the_column_head() -> None:
    assert not is_serial_column(["说明", "序号", "1", "2"])
    assert not is_serial_column(["1", "2", "3"])
    assert not is_serial_column([])


def test_the_serial_column_need_not_be_the_first() -> None:
    spans = spans_of(("项目", "序号", "数量"), ("本年新收", "1", "5"), ("总计", "2", "5"))
    assert serial_column(spans) == 1
    assert texts(drop_serial_column(spans)) == [["项目", "数量"], ["本年新收", "5"], ["总计", "5"]]


def test_a_cell_merged_across_the_column_is_narrowed() -> None:
    """A title row over the whole table and a label spanning the 序号 and label columns keep their
    text, one column narrower."""
    spans = [
        Span(0, 0, 1, 3, "表一"),
        *(Span(1, c, 1, 1, t) for c, t in enumerate(("序号", "项目", "数量"))),
        *(Span(2, c, 1, 1, t) for c, t in enumerate(("1", "本年新收", "5"))),
        Span(3, 0, 1, 2, "总计"),
        Span(3, 2, 1, 1, "5"),
    ]
    assert serial_column(spans) == 0
    assert texts(drop_serial_column(spans)) == [
        ["表一", "~"],
        ["项目", "数量"],
        ["本年新收", "5"],
        ["总计", "5"],
    ]


def test_a_merged_serial_header_over_two_rows() -> None:
    spans = [
        Span(0, 0, 2, 1, "序号"),
        Span(0, 1, 1, 2, "申请人情况"),
        Span(1, 1, 1, 1, "自然人"),
        Span(1, 2, 1, 1, "总计"),
        *(Span(2, c, 1, 1, t) for c, t in enumerate(("1", "3", "3"))),
    ]
    assert texts(drop_serial_column(spans)) == [
        ["申请人情况", "~"],
        ["自然人", "总计"],
        ["3", "3"],
    ]


@dataclass(frozen=True, slots=True)
class Boxed(Span):
    box: tuple[float, float]


def test_drop_column_keeps_what_a_reader_adds_to_its_spans() -> None:
    """The PDF reader's cells carry their printed rectangle through the clean-up."""
    spans = [Boxed(0, c, 1, 1, t, (c, 0)) for c, t in enumerate(("序号", "项目", "数量"))]
    out = drop_column(spans, 0)
    assert [(s.col, s.text, s.box) for s in out] == [(0, "项目", (1, 0)), (1, "数量", (2, 0))]
    assert all(isinstance(s, Boxed) for s in out)


# --------------------------------------------------------------------------- every grid reader

ROWS = [("序号", "项目", "数量")] + [(str(n), f"第{n}项", str(n * 7 % 13)) for n in range(1, 6)]
COUNTS = [("序号", "项目", "数量"), ("5", "本年新收", "7"), ("12", "上年结转", "2")]


def table_rows(doc: Document) -> list[list[str]]:
    return [[f.text for f in r.fragments] for r in doc.rows if r.table is not None]


def html(rows: list[tuple[str, ...]]) -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{t}</td>" for t in row) + "</tr>" for row in rows)
    return f"<html><body><p>某某局年度报告</p><table>{cells}</table></body></html>".encode()


def word(rows: list[tuple[str, ...]]) -> bytes:
    d = docx.Document()
    d.add_paragraph("某某局2023年政府信息公开工作年度报告")
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def pdf(rows: list[tuple[str, ...]], space_mm: float = 0) -> bytes:
    """A titled ruled table, its header printed again on each page; ``space_mm`` above it pushes
    it over a page break."""
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
        ]
    )
    buf = io.BytesIO()
    table = RLTable(rows, colWidths=[15 * mm, 60 * mm, 25 * mm], style=style, repeatRows=1)
    title = Paragraph("某某局2023年政府信息公开工作年度报告", ParagraphStyle("t", fontName=FONT))
    SimpleDocTemplate(buf, pagesize=A4, invariant=1).build([title, Spacer(1, space_mm * mm), table])
    return buf.getvalue()


READERS = {
    "html": (html, read_html),
    "docx": (word, read_docx),
    "pdf": (pdf, read_pdf),
}


@pytest.mark.parametrize("kind", READERS)
def test_each_grid_reader_drops_a_serial_column(kind: str) -> None:
    build, read = READERS[kind]
    assert table_rows(read(build(ROWS))) == [list(row[1:]) for row in ROWS]


@pytest.mark.parametrize("kind", READERS)
def test_each_grid_reader_keeps_a_serial_header_over_counts(kind: str) -> None:
    build, read = READERS[kind]
    assert table_rows(read(build(COUNTS))) == [list(row) for row in COUNTS]


def test_a_pdf_table_over_two_pages_loses_its_serial_column_on_both() -> None:
    """The numbers run on over the page break and the header is printed again: one column."""
    rows = [("序号", "项目", "数量")] + [(str(n), f"第{n}项", str(n % 9)) for n in range(1, 31)]
    doc = read_pdf(pdf(rows, space_mm=200))
    assert "table 1 continued on page 2" in doc.notes
    got = table_rows(doc)
    assert [r for r in got if r != ["项目", "数量"]] == [list(row[1:]) for row in rows[1:]]
    assert all(len(r) == 2 for r in got)
