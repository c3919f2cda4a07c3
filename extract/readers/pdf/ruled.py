"""Tables with ruling lines: pdfplumber finds the cell rectangles from the explicit rulings, each
character goes to the cell it falls in, and the cells are laid on a grid (merged cells covered).
A table that runs over a page keeps its column lines on every page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from extract.layout import Fragment, Row
from extract.readers.grid import Span, drop_column, grid_rows, serial_column
from extract.readers.pdf.items import Obj, _Table
from extract.readers.pdf.lines import _cell_text
from extract.readers.pdf.values import _is_value

_POSITION = re.compile(r"row (\d+) col (\d+)$")


def _cluster(values: Iterable[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(bounds: Sequence[float], v: float, tol: float = 2.0) -> int:
    return max(0, bisect_right(bounds, v + tol) - 1)


#: pdfplumber's table finding on explicit rulings. A text PDF's rulings are exact, and snapping
#: joins a border drawn twice; a scan's rulings are one segment per line already, and snapping
#: by 3 pt would chain a narrow table's column lines into one and lose their crossings
TABLE_SETTINGS = {
    "vertical_strategy": "explicit",
    "horizontal_strategy": "explicit",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
SCAN_TABLE_SETTINGS = {**TABLE_SETTINGS, "snap_tolerance": 1}


def _ruled_tables(
    page: Any, chars: list[Obj], rulings: list[Obj], scanned: bool = False
) -> tuple[list[_Table], list[Obj]]:
    """Tables ruled by lines on this page, and the characters left outside them."""
    if len(rulings) < 2:
        return [], chars
    settings = {
        **(SCAN_TABLE_SETTINGS if scanned else TABLE_SETTINGS),
        "explicit_vertical_lines": rulings,
        "explicit_horizontal_lines": rulings,
    }
    try:
        found = page.find_tables(table_settings=settings)
    except ValueError:  # fewer than two rulings in one direction
        return [], chars
    tables: list[_Table] = []
    claimed: set[int] = set()
    for tab in found:
        cells = tab.cells
        if len(cells) < 2:
            continue
        xs = _cluster(v for c in cells for v in (c[0], c[2]))
        ys = _cluster(v for c in cells for v in (c[1], c[3]))
        owner: dict[tuple[int, int], int] = {}
        for i, (x0, top, x1, bottom) in enumerate(cells):
            r0, c0 = _index(ys, top), _index(xs, x0)
            r1, c1 = max(r0 + 1, _index(ys, bottom)), max(c0 + 1, _index(xs, x1))
            for r in range(r0, r1):
                for c in range(c0, c1):
                    owner.setdefault((r, c), i)
        if len(xs) == 2:  # a single-column box (a framed paragraph): leave it to the text flow
            continue
        members: list[list[Obj]] = [[] for _ in cells]
        x_lo, y_lo, x_hi, y_hi = tab.bbox
        for n, ch in enumerate(chars):
            cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            if not (x_lo <= cx <= x_hi and y_lo <= cy <= y_hi):
                continue
            i = owner.get((_index(ys, cy, 0), _index(xs, cx, 0)))
            if i is None:
                continue
            members[i].append(ch)
            claimed.add(n)
        texts = [(*cell, _cell_text(members[i])) for i, cell in enumerate(cells)]
        tables.append(_Table(y_lo, y_hi, texts, xs, ys))
    rest = [ch for n, ch in enumerate(chars) if n not in claimed]
    return tables, rest


@dataclass(frozen=True, slots=True)
class _Cell(Span):
    """A ruled cell on the grid, with the rectangle it was printed in."""

    box: tuple[float, float, float, float]


def _spans(part: _Table, xs: list[float]) -> list[_Cell]:
    """One page's part of a table as grid cells on the column lines ``xs`` (shared by all parts
    of a table continued over pages, so a column keeps its position on every page)."""
    spans = []
    for x0, top, x1, bottom, text in part.cells:
        r0, c0 = _index(part.ys, top), _index(xs, x0)
        r1, c1 = max(r0 + 1, _index(part.ys, bottom)), max(c0 + 1, _index(xs, x1))
        spans.append(_Cell(r0, c0, r1 - r0, c1 - c0, text, (x0, top, x1, bottom)))
    return spans


def _drop_serial_column(parts: list[list[_Cell]]) -> list[list[_Cell]]:
    """The parts of one table (one per page) without its 序号 column: the column is found on the
    parts stacked one below the other (its numbers run on over the page break, its header may be
    printed again) and dropped from each, so every part keeps the same columns."""
    stacked: list[_Cell] = []
    offset = 0
    for spans in parts:
        stacked += [replace(s, row=s.row + offset) for s in spans] if offset else spans
        offset += max((s.row + s.rowspan for s in spans), default=0)
    col = serial_column(stacked)
    return parts if col is None else [drop_column(spans, col) for spans in parts]


def _grid(
    spans: list[_Cell],
    index: int,
    where: str,
    where_of: Callable[[str, tuple[float, float, float, float]], str] | None = None,
) -> list[Row]:
    """One page's part of a table as grid rows. ``where_of(text, box)`` names each printed cell
    by its rectangle (a scanned page's cells each carry their own recogniser confidence)."""
    boxes: dict[tuple[int, int], tuple[float, float, float, float]] = {}
    for s in spans:
        boxes.setdefault((s.row, s.col), s.box)
    rows = grid_rows(spans, index, "")
    out = []
    for row in rows:
        frags = []
        for f in row.fragments:
            here = where
            if where_of is not None and f.text and not f.covered:
                r, c = (int(n) for n in _POSITION.search(f.where).groups())
                here = where_of(f.text, boxes[(r - 1, c - 1)])
            frags.append(Fragment(f.text, here, f.covered))
        out.append(Row(frags, table=index))
    return out


def _continues(prev: _Table, part: _Table) -> bool:
    """Same left and right border: the part on the new page is the same table running on."""
    return abs(prev.xs[0] - part.xs[0]) <= 3 and abs(prev.xs[-1] - part.xs[-1]) <= 3


def _cover_continued_stub(rows: list[Row]) -> None:
    """On a continued table's first row, empty stub positions before the row's label are the
    rest of merged labels from the previous page: covered, not blank cells."""
    if not rows:
        return
    frags = rows[0].fragments
    first = next((i for i, f in enumerate(frags) if f.text), None)
    if first is None or first == 0 or _is_value(frags[first].text):
        return
    for i in range(first):
        if not frags[i].covered:
            frags[i] = Fragment("", frags[i].where, covered=True)
