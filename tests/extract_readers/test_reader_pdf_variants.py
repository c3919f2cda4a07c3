"""PDF layouts real publishers produce, rendered from generated truth and read back end to end.

Each case renders one report (``corpus.truth.generate_truth`` + ``corpus.render.document.build``)
with reportlab and the built-in ``STSong-Light`` CID font in one layout variant — rules, page
breaks, orientation, font size and wrapping, stub labels, page furniture, prose columns, cell
alignment, blank columns, glyph order, watermarks — runs ``extract.api.extract_bytes`` and checks
every truth cell: extracted with its value, or left out with a note; never a wrong number.
"""

from __future__ import annotations

import dataclasses
import io
import random
import re
from dataclasses import dataclass

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from corpus.render.document import Heading, Para, Table, TCell, build
from corpus.render.pdf import column_widths, span_commands
from corpus.truth import Options, ReportTruth, Wording, generate_truth
from extract.api import extract_bytes
from extract.readers.pdf import read_pdf

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass(frozen=True)
class Layout:
    """One way of printing the report."""

    rules: str = "grid"  # grid | none | three_line | box | rows | columns (only those rules)
    size: float = 7.5  # cell font size
    scale: float = 1.0  # column width factor (narrow columns wrap labels and numbers)
    align: str = "CENTER"  # how numbers sit in their cells
    landscape: bool = False
    turned: bool = False  # landscape drawn on portrait pages shown turned (/Rotate 90)
    repeat_header: bool = False  # header rows printed again on every page of a long table
    push: float = 0.0  # space before the requests table (moves its page break), in mm
    stub: str = "plain"  # plain | stack (one char per line) | rotate (90°)
    furniture: bool = False  # title header and 第 X 页 共 Y 页 footer on every page
    footer_mm: float = 10  # footer baseline above the page bottom (a tall bottom margin: 30)
    two_columns: bool = False  # the prose before the tables set in two columns
    shuffle: bool = False  # glyphs drawn one by one in random order
    watermark: bool = False
    big_numbers: bool = False  # numbers ≥ 1,000 printed with separators
    blank_column: str | None = None  # applicant column printed all blank
    split_at: str | None = None  # requests table broken to a new page before this row label
    blank_disputes: tuple[str, ...] = ()  # disputes columns printed blank in every group
    serial: bool = False  # a 序号 first column: 序号 over the header, 1, 2, 3… on the number rows
    watermark_angle: float = 45


def truth_for(layout: Layout, seed: int = 283, **wording: object) -> ReportTruth:
    """A report with many distinct numbers (seed 283) and three blank cells, in the national
    wording unless ``wording`` overrides it (no 总计 column, bare disputes row, blank marks…)."""
    wording = Wording(**{"thousands": layout.big_numbers, **wording})
    truth = generate_truth(seed, Options(year=2023, wording=wording, slips=(), blanks=3))
    cells = dict(truth.cells)
    for key, value in cells.items():
        if layout.big_numbers and key[0] == "requests" and isinstance(value, int):
            cells[key] = value * 1237  # sums still hold
        if layout.blank_column and key[0] == "requests" and key[2] == layout.blank_column:
            cells[key] = None
        if key[0] == "disputes" and key[2] in layout.blank_disputes:
            cells[key] = None
    return dataclasses.replace(truth, cells=cells)


class Rotated(Flowable):
    """A stub label turned 90° counter-clockwise (reads bottom to top), or clockwise."""

    def __init__(self, text: str, size: float, clockwise: bool = False) -> None:
        super().__init__()
        self.text, self.size, self.clockwise = text, size, clockwise

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = self.size + 2
        self.height = pdfmetrics.stringWidth(self.text, FONT, self.size) + 4
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFont(FONT, self.size)
        if self.clockwise:
            c.translate(self.size, self.height)
            c.rotate(-90)
            c.drawString(2, 0, self.text)
        else:
            c.rotate(90)
            c.drawString(2, -self.size, self.text)
        c.restoreState()


class TurnedCanvas(rl_canvas.Canvas):
    """Landscape content on portrait pages marked /Rotate 90 (how some exporters print
    landscape): every page's drawing is turned a quarter so the viewer shows it upright."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["pagesize"] = A4
        super().__init__(*args, **kwargs)
        self._turn()

    def setPageSize(self, size) -> None:
        super().setPageSize(A4)

    def _turn(self) -> None:
        self.translate(A4[0], 0)
        self.rotate(90)

    def showPage(self) -> None:
        super().showPage()
        self._turn()


class ShuffledCanvas(rl_canvas.Canvas):
    """Draws every string as single glyphs in random order (some generators emit text so)."""

    def drawString(self, x, y, text, *args, **kwargs):
        rng = random.Random(f"{x:.1f}:{y:.1f}:{text}")
        font, size = self._fontname, self._fontsize
        offsets, pos = [], x
        for ch in text:
            offsets.append((pos, ch))
            pos += pdfmetrics.stringWidth(ch, font, size)
        rng.shuffle(offsets)
        for px, ch in offsets:
            super().drawString(px, y, ch)

    def drawRightString(self, x, y, text, *args, **kwargs):
        self.drawString(x - pdfmetrics.stringWidth(text, self._fontname, self._fontsize), y, text)

    def drawCentredString(self, x, y, text, *args, **kwargs):
        w = pdfmetrics.stringWidth(text, self._fontname, self._fontsize)
        self.drawString(x - w / 2, y, text)


def _cell(text: str, key: object, layout: Layout, style: ParagraphStyle, stub: bool) -> object:
    if not text:
        return ""
    if stub and layout.stub == "stack":
        return Paragraph("<br/>".join(text), style)
    if stub and layout.stub in ("rotate", "rotate_cw"):
        return Rotated(text, layout.size, clockwise=layout.stub == "rotate_cw")
    if key is not None and not layout.big_numbers:
        return text  # a plain string: the cell's alignment applies
    if key is not None and "," in text:  # a narrow cell breaks 12,345 after its comma
        text = text.replace(",", ",<br/>", 1)
    return Paragraph(text, style)


def flowable_table(table: Table, layout: Layout) -> RLTable:
    align = {"CENTER": 1, "RIGHT": 2, "LEFT": 0}[layout.align]
    style = ParagraphStyle(
        "cell",
        fontName=FONT,
        fontSize=layout.size,
        leading=layout.size + 2,
        alignment=align,
        wordWrap="CJK",
    )
    grid = table.grid()
    data = []
    for row in grid:
        out = []
        for c in row:
            stub = c is not None and c.rowspan > 3 and c.key is None
            out.append("" if c is None else _cell(c.text, c.key, layout, style, stub))
        data.append(out)
    widths = _widths(table, layout.scale)
    last = len(grid) - 1
    rules: list[tuple] = {
        "grid": [("GRID", (0, 0), (-1, -1), 0.5, colors.black)],
        "none": [],
        "three_line": [
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black),
            (
                "LINEBELOW",
                (0, _header_rows(table) - 1),
                (-1, _header_rows(table) - 1),
                0.6,
                colors.black,
            ),
            ("LINEBELOW", (0, last), (-1, last), 1.2, colors.black),
        ],
        "box": [("BOX", (0, 0), (-1, -1), 1, colors.black)],
        "rows": [("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)],
        "columns": [("LINEAFTER", (0, 0), (-1, -1), 0.5, colors.black)],
    }[layout.rules]
    commands: list[tuple] = [
        *rules,
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), layout.align),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), layout.size),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    commands += span_commands(table, grid)
    repeat = _header_rows(table) if layout.repeat_header else 0
    return RLTable(data, colWidths=widths, style=TableStyle(commands), repeatRows=repeat)


def _placed(table: Table) -> list[tuple[int, int, TCell]]:
    grid = table.grid()
    return [(r, grid[r].index(cell), cell) for r, row in enumerate(table.rows) for cell in row]


def _table(table: Table, placed: list[tuple[int, int, TCell]], nrows: int) -> Table:
    rows: list[list[TCell]] = [[] for _ in range(nrows)]
    for r, _, cell in sorted(placed, key=lambda p: (p[0], p[1])):
        rows[r].append(cell)
    return Table(table.name, table.ncols, tuple(tuple(r) for r in rows))


def split_table(table: Table, at: str, repeat: bool) -> tuple[Table, Table]:
    """The table broken before the row whose label contains ``at``, as a word processor breaks
    it at a page end: merged cells crossing the break run on (empty) in the second part, whose
    header rows are printed again when ``repeat``."""
    placed = _placed(table)
    k = next(r for r, _, cell in placed if at in re.sub("[、．]", ".", cell.text))
    head = _header_rows(table) if repeat else 0
    first, second = [], []
    for r, c, cell in placed:
        if r < k:
            first.append((r, c, dataclasses.replace(cell, rowspan=min(cell.rowspan, k - r))))
            if r + cell.rowspan > k:
                rest = r + cell.rowspan - k
                second.append((head, c, TCell("", rowspan=rest, colspan=cell.colspan)))
            if r < head:
                second.append((r, c, cell))
        else:
            second.append((r - k + head, c, cell))
    return _table(table, first, k), _table(table, second, len(table.rows) - k + head)


#: width of a 序号 column, taken from the table's other columns
SERIAL_MM = 7


def _serial(table: Table) -> bool:
    """Whether the table (or the part of it after a page break) has a 序号 column."""
    first = table.rows[0][0]
    return first.key is None and (first.text == "序号" or first.text.isdigit())


def _widths(table: Table, scale: float) -> list[float]:
    """The corpus column widths; a 序号 column's width is taken from the others."""
    if not _serial(table):
        return column_widths(table, scale)
    base = column_widths(Table(table.name, table.ncols - 1, ()), scale)
    first = SERIAL_MM * mm * scale
    return [first, *(w * (sum(base) - first) / sum(base) for w in base)]


def with_serial(table: Table) -> Table:
    """The table with a 序号 first column (a bare number row, with no header, has none)."""
    if any(c.key is not None for c in table.rows[0]):
        return table
    head = _header_rows(table)
    rows: list[tuple[TCell, ...]] = [(TCell("序号", rowspan=head), *table.rows[0])]
    rows += table.rows[1:head]
    rows += [(TCell(str(n)), *row) for n, row in enumerate(table.rows[head:], start=1)]
    return Table(table.name, table.ncols + 1, tuple(rows))


def _header_rows(table: Table) -> int:
    """Rows above the first number row."""
    for r, row in enumerate(table.rows):
        if any(c.key is not None for c in row):
            return max(r, 1)
    return 1


def render(truth: ReportTruth, layout: Layout) -> bytes:
    doc = build(truth)
    if layout.serial:
        blocks = tuple(with_serial(b) if isinstance(b, Table) else b for b in doc.blocks)
        doc = dataclasses.replace(doc, blocks=blocks)
    base = ParagraphStyle("base", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK")
    title_s = ParagraphStyle("title", parent=base, fontSize=16, leading=24, alignment=1)
    head_s = ParagraphStyle("heading", parent=base, fontSize=12, leading=20)
    body_s = ParagraphStyle("body", parent=base, firstLineIndent=21)
    title = "".join(doc.title)
    size = landscape(A4) if layout.landscape else A4
    w, h = size
    margin = 15 * mm
    low = max(20, layout.footer_mm + 8) * mm
    one = Frame(margin, low, w - 2 * margin, h - 20 * mm - low, id="one")
    half = (w - 2 * margin - 6 * mm) / 2
    two = [
        Frame(margin, 20 * mm, half, h - 40 * mm, id="left"),
        Frame(margin + half + 6 * mm, 20 * mm, half, h - 40 * mm, id="right"),
    ]

    def make_story() -> list:
        """The flowables, fresh for each pass (reportlab keeps state in a built flowable: a
        second build of the same objects can fail to lay out)."""
        story: list = [Paragraph(t, title_s) for t in doc.title]
        if layout.two_columns:
            story.insert(0, NextPageTemplate("two"))
            story.append(NextPageTemplate("one"))
        tables = 0
        for block in doc.blocks:
            if isinstance(block, Heading):
                if layout.two_columns and block.text.startswith("二"):
                    story.append(PageBreak())  # the tables start on a one-column page
                story.append(Paragraph(block.text, head_s))
            elif isinstance(block, Para):
                story.append(Paragraph(block.text, body_s))
            else:
                tables += 1
                if layout.landscape:
                    story.append(PageBreak())  # a short page: each table starts a new one
                if block.name == "requests" and layout.push:
                    story += [PageBreak(), Spacer(1, layout.push * mm)]
                if block.name == "requests" and layout.split_at:
                    one_part, two_part = split_table(block, layout.split_at, layout.repeat_header)
                    story += [flowable_table(one_part, layout), PageBreak()]
                    block = two_part
                story += [flowable_table(block, layout), Spacer(1, 6)]
        story += [Paragraph(line, body_s) for line in doc.signature]
        return story

    total = [0]

    def on_page(c: rl_canvas.Canvas, d: BaseDocTemplate) -> None:
        c.saveState()
        if layout.furniture:
            c.setFont(FONT, 9)
            c.drawCentredString(w / 2, h - 12 * mm, title)
            c.line(margin, h - 14 * mm, w - margin, h - 14 * mm)
            c.drawCentredString(
                w / 2, layout.footer_mm * mm, f"第 {d.page} 页 共 {total[0] or 9} 页"
            )
        if layout.watermark:
            c.setFont(FONT, 48)
            c.setFillColor(colors.Color(0.85, 0.85, 0.85))
            c.translate(w / 2, h / 2)
            c.rotate(layout.watermark_angle)
            c.drawCentredString(0, 0, "内部资料 注意保存")
        c.restoreState()

    def once() -> bytes:
        buf = io.BytesIO()
        turn = 90 if layout.turned else 0
        pdf = BaseDocTemplate(buf, pagesize=size, invariant=1, title=title, rotation=turn)
        pdf.addPageTemplates(
            [
                PageTemplate("one", frames=[one], onPage=on_page),
                PageTemplate("two", frames=two, onPage=on_page),
            ]
        )
        if layout.shuffle:
            pdf.build(make_story(), canvasmaker=ShuffledCanvas)
        elif layout.turned:
            pdf.build(make_story(), canvasmaker=TurnedCanvas)
        else:
            pdf.build(make_story())
        total[0] = pdf.page
        return buf.getvalue()

    once()
    return once()  # second pass knows the page count for 共 Y 页


VARIANTS: dict[str, Layout] = {
    "ruled": Layout(),
    "unruled": Layout(rules="none"),
    "three_line": Layout(rules="three_line"),
    "outer_border": Layout(rules="box"),
    "row_rules_only": Layout(rules="rows"),
    "row_rules_split": Layout(rules="rows", split_at="5."),
    "column_rules_only": Layout(rules="columns"),
    "repeat_header_ruled": Layout(repeat_header=True, push=150),
    "repeat_header_unruled": Layout(repeat_header=True, push=150, rules="none"),
    "split_in_outcomes_ruled": Layout(split_at="5."),
    "split_in_outcomes_unruled": Layout(split_at="5.", rules="none"),
    "split_in_outcomes_three_line": Layout(split_at="5.", rules="three_line"),
    "split_in_outcomes_box": Layout(split_at="5.", rules="box"),
    "split_in_outcomes_repeat": Layout(split_at="5.", repeat_header=True),
    "split_in_outcomes_repeat_unruled": Layout(split_at="5.", repeat_header=True, rules="none"),
    "split_in_outcomes_repeat_three_line": Layout(
        split_at="5.", repeat_header=True, rules="three_line"
    ),
    "split_before_other_sub_items": Layout(split_at="1.申请人无正当理由"),
    "split_before_other_sub_items_unruled": Layout(split_at="1.申请人无正当理由", rules="none"),
    "landscape": Layout(landscape=True, scale=1.3),
    "small_wrapping": Layout(size=6, scale=0.75, big_numbers=True),
    "small_wrapping_unruled": Layout(size=6, scale=0.75, big_numbers=True, rules="none"),
    "stub_stacked": Layout(stub="stack"),
    "stub_rotated": Layout(stub="rotate"),
    "stub_stacked_unruled": Layout(stub="stack", rules="none"),
    "furniture": Layout(furniture=True, push=150),
    "two_column_prose": Layout(two_columns=True),
    "right_aligned": Layout(align="RIGHT"),
    "left_aligned": Layout(align="LEFT"),
    "right_aligned_unruled": Layout(align="RIGHT", rules="none"),
    "left_aligned_unruled": Layout(align="LEFT", rules="none"),
    "blank_column": Layout(blank_column="natural_person"),
    "blank_column_unruled": Layout(blank_column="natural_person", rules="none"),
    "shuffled_glyphs": Layout(shuffle=True),
    "shuffled_glyphs_unruled": Layout(shuffle=True, rules="none"),
    "watermark": Layout(watermark=True),
    "watermark_unruled": Layout(watermark=True, rules="none"),
    "stub_rotated_clockwise": Layout(stub="rotate_cw"),
    "stub_rotated_clockwise_unruled": Layout(stub="rotate_cw", rules="none"),
    "blank_dispute_column": Layout(blank_disputes=("pending",)),
    "blank_dispute_column_unruled": Layout(blank_disputes=("pending",), rules="none"),
    "blank_dispute_columns_three_line": Layout(
        blank_disputes=("corrected", "pending"), rules="three_line"
    ),
    "flat_watermark": Layout(watermark=True, watermark_angle=0),
    "flat_watermark_unruled": Layout(watermark=True, watermark_angle=0, rules="none"),
    # combinations real reports show together
    "high_footer": Layout(furniture=True, footer_mm=30, split_at="5."),
    "high_footer_unruled": Layout(furniture=True, footer_mm=30, split_at="5.", rules="none"),
    "high_footer_three_line": Layout(furniture=True, footer_mm=30, rules="three_line"),
    "furniture_unruled_split": Layout(furniture=True, split_at="5.", rules="none"),
    "furniture_three_line_split": Layout(furniture=True, split_at="5.", rules="three_line"),
    "furniture_box_repeat": Layout(furniture=True, split_at="5.", repeat_header=True, rules="box"),
    "turned_landscape": Layout(landscape=True, turned=True, scale=1.3),
    "turned_landscape_unruled": Layout(landscape=True, turned=True, scale=1.3, rules="none"),
    "turned_landscape_furniture": Layout(
        landscape=True, turned=True, scale=1.3, furniture=True, rules="three_line"
    ),
    "landscape_unruled": Layout(landscape=True, scale=1.3, rules="none"),
    "landscape_three_line": Layout(landscape=True, scale=1.3, rules="three_line"),
    "small_wrapping_three_line": Layout(size=6, scale=0.75, big_numbers=True, rules="three_line"),
    "small_wrapping_box": Layout(size=6, scale=0.75, big_numbers=True, rules="box"),
    "small_wrapping_split": Layout(size=6, scale=0.75, big_numbers=True, split_at="5."),
    "stub_rotated_split": Layout(stub="rotate", split_at="5."),
    "stub_rotated_unruled": Layout(stub="rotate", rules="none"),
    "stub_stacked_split_unruled": Layout(stub="stack", split_at="5.", rules="none"),
    "shuffled_stacked_furniture": Layout(shuffle=True, stub="stack", furniture=True),
    "shuffled_split_unruled": Layout(shuffle=True, split_at="5.", rules="none"),
    "blank_column_right_aligned_unruled": Layout(
        blank_column="commercial", align="RIGHT", rules="none"
    ),
    "blank_total_column_three_line": Layout(blank_column="total", rules="three_line"),
    "blank_first_column_left_unruled": Layout(
        blank_column="natural_person", align="LEFT", rules="none"
    ),
    "two_column_watermark_unruled": Layout(two_columns=True, watermark=True, rules="none"),
    "everything_ruled": Layout(
        furniture=True,
        watermark=True,
        two_columns=True,
        stub="stack",
        split_at="5.",
        repeat_header=True,
        align="RIGHT",
    ),
    "everything_unruled": Layout(
        furniture=True,
        watermark=True,
        two_columns=True,
        stub="stack",
        split_at="5.",
        repeat_header=True,
        align="RIGHT",
        rules="none",
    ),
    # a 序号 column: row numbers are not counts, on one page or over two
    "serial_column": Layout(serial=True),
    "serial_column_split_repeat": Layout(serial=True, split_at="5.", repeat_header=True),
    "serial_column_stub_rotated_split": Layout(serial=True, stub="rotate", split_at="5."),
}
XFAIL: dict[str, str] = {}


def check(truth: ReportTruth, data: bytes, name: str) -> list[str]:
    """Wrong numbers always count; a missing cell unless a note names its table."""
    ex = extract_bytes(data, f"{name}.pdf")
    if ex.status != "ok":
        return [f"rejected: {ex.reason}"]
    got = {(c.table, c.row, c.col): c for c in ex.cells}
    out = []
    for key, want in truth.cells.items():
        cell = got.get(key)
        if cell is None:
            if not any(key[0] in note for note in ex.notes):
                out.append(f"{'/'.join(key)}: expected {want}, missing without a note")
        elif (want is None) != (cell.value is None) or (
            want is not None and float(cell.value) != float(want)
        ):
            out.append(f"{'/'.join(key)}: expected {want}, got {cell.value!r} ({cell.text!r})")
    return out


def _params() -> list:
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=XFAIL[n])) if n in XFAIL else n
        for n in VARIANTS
    ]


@pytest.mark.parametrize("name", _params())
def test_variant_cells(name: str) -> None:
    layout = VARIANTS[name]
    truth = truth_for(layout)
    assert check(truth, render(truth, layout), name) == []


FURNISHED = [n for n, v in VARIANTS.items() if v.furniture]


@pytest.mark.parametrize("name", FURNISHED)
def test_page_furniture_dropped(name: str) -> None:
    """The running title and the 第 X 页 共 Y 页 footers are not report rows (the title is
    kept once, as the document's title)."""
    layout = VARIANTS[name]
    truth = truth_for(layout)
    doc = read_pdf(render(truth, layout))
    texts = [r.text for r in doc.rows]
    assert not [t for t in texts if re.search(r"第\s*\d+\s*页", t)]
    title = "".join(build(truth).title)
    assert sum(t.replace(" ", "") == title for t in texts) <= 1


SERIAL = [n for n, v in VARIANTS.items() if v.serial]


@pytest.mark.parametrize("name", SERIAL)
def test_serial_column_is_dropped(name: str) -> None:
    """The 序号 column is not read as counts: no row is left unmatched and no cell left out."""
    layout = VARIANTS[name]
    truth = truth_for(layout)
    ex = extract_bytes(render(truth, layout), f"{name}.pdf")
    assert set(truth.cells) <= {(c.table, c.row, c.col) for c in ex.cells}
    assert [n for n in ex.notes if "continued on page" not in n] == []


SEEDS = {
    11: {"no_total_column": True, "blank_mark": "/"},
    42: {"disputes_bare": True, "blank_mark": "—", "half_brackets": True},
    97: {"mixed_other_row": True, "enumerator": "、"},
    1234: {"enumerator": "．", "blank_mark": "-", "social_org_short": True},
}
SEEDED = (
    "unruled",
    "three_line",
    "split_in_outcomes_unruled",
    "small_wrapping_unruled",
    "blank_column_unruled",
    "stub_rotated",
)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", SEEDED)
def test_variant_cells_other_reports(name: str, seed: int) -> None:
    """The hardest layouts on other reports, each in a wording real publishers use."""
    layout = VARIANTS[name]
    truth = truth_for(layout, seed, **SEEDS[seed])
    assert check(truth, render(truth, layout), name) == []
