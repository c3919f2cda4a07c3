"""PDF with a text layer, laid out like a printed report: tables ruled (every cell bordered) or
unruled (rules above and below only), merged stub labels.

reportlab with the built-in CID font ``STSong-Light`` (no font file to ship or embed);
``invariant=1`` makes the bytes depend only on the content. Long labels wrap inside their cells;
numbers sit vertically centred in tall merged cells, as WPS exports print them.
"""

from __future__ import annotations

import io
from functools import cache

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from corpus.render.document import Heading, Para, ReportDoc, Table, build
from corpus.truth import ReportTruth

FONT = "STSong-Light"


@cache
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = ParagraphStyle("base", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=24, alignment=1),
        "heading": ParagraphStyle("heading", parent=base, fontSize=12, leading=20),
        "body": ParagraphStyle("body", parent=base, firstLineIndent=21),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.5, alignment=1),
        "sign": ParagraphStyle("sign", parent=base, alignment=2),
    }


#: column widths in mm per table (the requests table without 总计 narrows to 6 × 16.5 mm)
WIDTHS_MM = {
    "proactive": (50, 40, 40, 40),
    "requests": (14, 14, 40) + (14.5,) * 7,
    "disputes": (11.3,) * 15,
}


def column_widths(table: Table, scale: float = 1.0) -> list[float]:
    """Column widths in points for ``table`` (the no-总计 requests table has 6 wider columns)."""
    widths = [w * mm * scale for w in WIDTHS_MM[table.name]]
    if table.name == "requests" and table.ncols == 9:  # no 总计 column
        widths = widths[:3] + [16.5 * mm * scale] * 6
    return widths


def span_commands(table: Table, grid: list[list]) -> list[tuple]:
    """reportlab SPAN commands for the table's merged cells (rowspan / colspan)."""
    commands: list[tuple] = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while grid[r][c] is None or grid[r][c] is not cell:
                c += 1
            if cell.rowspan > 1 or cell.colspan > 1:
                commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
            c += cell.colspan
    return commands


def _flowable_table(table: Table, ruled: bool) -> RLTable:
    style = _styles()["cell"]
    grid = table.grid()
    data = [
        [Paragraph(c.text, style) if c is not None and c.text else "" for c in row] for row in grid
    ]
    widths = column_widths(table)
    rules: list[tuple] = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    if not ruled:  # a "three-line" table: rules above and below only, cells found by position
        rules = [
            ("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
            ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black),
        ]
    commands: list[tuple] = [
        *rules,
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    commands += span_commands(table, grid)
    return RLTable(data, colWidths=widths, style=TableStyle(commands), repeatRows=0)


def render_pdf(truth: ReportTruth, ruled: bool = True) -> bytes:
    """The report as a PDF (deterministic bytes); ``ruled=False`` draws no cell borders."""
    doc: ReportDoc = build(truth)
    s = _styles()
    story: list = [Paragraph(t, s["title"]) for t in doc.title]
    story.append(Spacer(1, 6))
    for block in doc.blocks:
        if isinstance(block, Heading):
            story.append(Paragraph(block.text, s["heading"]))
        elif isinstance(block, Para):
            story.append(Paragraph(block.text, s["body"]))
        else:
            story += [_flowable_table(block, ruled), Spacer(1, 6)]
    story += [Paragraph(line, s["sign"]) for line in doc.signature]
    buf = io.BytesIO()
    pdf = SimpleDocTemplate(
        buf,
        pagesize=A4,
        invariant=1,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="".join(doc.title),
        author=truth.agency_printed,
        creator="nianbao corpus",
    )
    pdf.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buf.getvalue()


def _page_number(canvas, pdf) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(A4[0] / 2, 10 * mm, f"— {pdf.page} —")
    canvas.restoreState()
