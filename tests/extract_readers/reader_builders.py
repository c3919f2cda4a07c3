"""Builders for small real PDFs (reportlab, the built-in STSong-Light CID font) and DOCX files
(python-docx) that the reader tests read back with the real libraries."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PAGE_H = A4[1]


@dataclass(frozen=True)
class GridCell:
    """A ruled cell: grid position and extent, its text lines, and where they sit in the cell
    (top, bottom, or stacked one character per line)."""

    row: int
    col: int
    lines: Sequence[str]
    rowspan: int = 1
    colspan: int = 1
    anchor: str = "top"


def draw_table(
    c: canvas.Canvas,
    left: float,
    top: float,
    widths: Sequence[float],
    heights: Sequence[float],
    cells: Sequence[GridCell],
    size: float = 9,
) -> None:
    """Draw every cell as a stroked rectangle and place its text (``top`` from the page top)."""
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] + h)
    c.setFont(FONT, size)
    for cell in cells:
        x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
        y0, y1 = ys[cell.row], ys[cell.row + cell.rowspan]
        c.rect(x0, PAGE_H - y1, x1 - x0, y1 - y0, stroke=1, fill=0)
        lines = list(cell.lines)
        if cell.anchor == "stack":
            lines = [ch for ch in "".join(lines)]
        step = size + 3
        first = y1 - 4 - step * (len(lines) - 1) if cell.anchor == "bottom" else y0 + size + 3
        for i, line in enumerate(lines):
            c.drawString(x0 + 3, PAGE_H - (first + i * step), line)


def text_line(c: canvas.Canvas, x: float, top: float, text: str, size: float = 10) -> None:
    c.setFont(FONT, size)
    c.drawString(x, PAGE_H - top, text)


def new_canvas(**kwargs: object) -> tuple[canvas.Canvas, io.BytesIO]:
    buf = io.BytesIO()
    return canvas.Canvas(buf, pagesize=A4, **kwargs), buf
