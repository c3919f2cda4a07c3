"""Page assembly: one page's characters → ruled tables and text lines; pages → Document, a table
running over a page break kept as one table.
"""

from __future__ import annotations

from typing import Any

from extract.layout import Document, Fragment, Row
from extract.readers.grid import row_line
from extract.readers.pdf.furniture import _drop_watermark
from extract.readers.pdf.items import _Line, _Page, _Table
from extract.readers.pdf.lines import _lines_of, _pieces
from extract.readers.pdf.pages import _scan, _shown_height
from extract.readers.pdf.ruled import (
    _cluster,
    _continues,
    _cover_continued_stub,
    _grid,
    _ruled_tables,
)
from extract.readers.pdf.unruled import _attach_detached_labels, _rejoin_cut_numbers


def _read_page(page: Any, number: int) -> tuple[_Page, int, int]:
    chars, rulings, cid = _scan(page)
    out = _Page(number, _shown_height(page))
    chars = _drop_watermark(chars, out)
    tables, rest = _ruled_tables(page, chars, rulings)
    for tab in tables:
        out.items.append((tab.top, tab))
    # rotated glyphs outside tables are watermarks and margin stamps, not report text
    rotated = sum(1 for c in rest if not c["upright"])
    if rotated:
        rest = [c for c in rest if c["upright"]]
        out.rotated = rotated
    lines = []
    for line in _lines_of(rest):
        top = min(c["top"] for c in line)
        bottom = max(c["bottom"] for c in line)
        pieces = _pieces(line, split_gap=2.0)
        if pieces:
            lines.append(_Line(top, bottom, pieces))
    out.items.extend((ln.top, ln) for ln in _rejoin_cut_numbers(lines))
    out.items.sort(key=lambda it: it[0])
    out.items = _attach_detached_labels(out.items)
    return out, len(chars), cid


def _assemble(pages: list[_Page]) -> Document:
    """Pages → Document. A table that opens a page right after one that closed the previous
    page (nothing in between, same outer borders) is the same table: it keeps its number and
    all its parts are laid on the union of their column lines."""
    blocks: list[tuple[int, _Line | list[tuple[int, _Table]]]] = []
    for page in pages:
        for pos, (_, item) in enumerate(page.items):
            if isinstance(item, _Table) and pos == 0 and blocks:
                last = blocks[-1][1]
                if (
                    isinstance(last, list)
                    and last[-1][0] == page.number - 1
                    and _continues(last[-1][1], item)
                ):
                    last.append((page.number, item))
                    continue
            blocks.append(
                (page.number, [(page.number, item)] if isinstance(item, _Table) else item)
            )
    rows: list[Row] = []
    lines: list[str] = []
    notes: list[str] = []
    n_tables = 0
    for number, block in blocks:
        if isinstance(block, _Line):
            rows.append(Row([Fragment(p, f"page {number}") for p in block.parts]))
            lines.append("\t".join(block.parts))
            continue
        xs = _cluster(x for _, part in block for x in part.xs)
        for k, (page_no, part) in enumerate(block):
            part_rows = _grid(part, xs, n_tables, f"page {page_no}")
            if k:
                notes.append(f"table {n_tables + 1} continued on page {page_no}")
                _cover_continued_stub(part_rows)
            rows.extend(part_rows)
            lines.extend(row_line(r) for r in part_rows)
        n_tables += 1
    return Document(rows=rows, text="\n".join(lines), kind="pdf", notes=notes)
