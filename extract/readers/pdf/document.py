"""Page assembly: one page's characters → ruled tables and text lines; pages → Document, a table
running over a page break kept as one table.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from extract.layout import Document, Fragment, Row
from extract.readers.grid import row_line
from extract.readers.pdf.furniture import _drop_watermark
from extract.readers.pdf.items import Obj, _Line, _Page, _Table
from extract.readers.pdf.lines import _lines_of, _pieces, ocr_confidence
from extract.readers.pdf.pages import _shown_height
from extract.readers.pdf.ruled import (
    _cluster,
    _continues,
    _cover_continued_stub,
    _drop_serial_column,
    _grid,
    _ruled_tables,
    _spans,
)
from extract.readers.pdf.unruled import _attach_detached_labels, _rejoin_cut_numbers
from extract.values import UNREAD, is_cjk, is_value_text


def _layout_page(
    page: Any, number: int, chars: list[Obj], rulings: list[Obj], ocr: bool = False
) -> _Page:
    """Characters and rulings of one page (from its text layer, or recognised from its
    picture when ``ocr``) → its ruled tables and text lines in reading order."""
    out = _Page(number, _shown_height(page), ocr_chars=chars if ocr else None)
    if not ocr:  # a scan's glyph sizes are print heights, not font sizes
        chars = _drop_watermark(chars, out)
    tables, rest = _ruled_tables(page, chars, rulings, scanned=ocr)
    if ocr:
        tables = [_unread_noise(tab) for tab in tables]
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
    return out


def _unread_noise(tab: _Table) -> _Table:
    """A scanned table's cell that holds neither a value nor words ("2776：", "O", "0."): what
    the scan shows there could not be read, so it stands as :data:`UNREAD` — it keeps its
    place in the row (a stray "O" read as a label would shift every number after it) and its
    cell is left out."""
    cells = []
    for x0, top, x1, bottom, text in tab.cells:
        if text and not any(is_cjk(ch) for ch in text) and not is_value_text(text):
            text = UNREAD
        cells.append((x0, top, x1, bottom, text))
    return _Table(tab.top, tab.bottom, cells, tab.xs, tab.ys)


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
    confidence: dict[str, float] = {}
    scanned = {p.number: p for p in pages if p.ocr_chars is not None}
    n_tables = 0
    for number, block in blocks:
        if isinstance(block, _Line):
            if number in scanned:
                frags = [
                    Fragment(
                        p,
                        _recognised(
                            p, (x0, block.top, x1, block.bottom), scanned[number], confidence
                        ),
                    )
                    for x0, x1, p in block.pieces
                ]
                rows.append(Row(frags))
            else:
                rows.append(Row([Fragment(p, f"page {number}") for p in block.parts]))
            lines.append("\t".join(block.parts))
            continue
        xs = _cluster(x for _, part in block for x in part.xs)
        parts = _drop_serial_column([_spans(part, xs) for _, part in block])
        for k, ((page_no, _), spans) in enumerate(zip(block, parts, strict=True)):
            where, where_of = f"page {page_no}", None
            if page_no in scanned:
                where = f"page {page_no} (OCR)"
                where_of = partial(_recognised, page=scanned[page_no], confidence=confidence)
            part_rows = _grid(spans, n_tables, where, where_of)
            if k:
                notes.append(f"table {n_tables + 1} continued on page {page_no}")
                _cover_continued_stub(part_rows)
            rows.extend(part_rows)
            lines.extend(row_line(r) for r in part_rows)
        n_tables += 1
    return Document(
        rows=rows, text="\n".join(lines), kind="pdf", notes=notes, confidence=confidence
    )


def _recognised(
    text: str, box: tuple[float, float, float, float], page: _Page, confidence: dict[str, float]
) -> str:
    """A fragment of a scanned page: ``where`` names the page as OCR'd and is unique, so the
    document's ``confidence`` can say how sure the recogniser was of this very fragment."""
    where = f"page {page.number} (OCR) #{len(confidence) + 1}"
    confidence[where] = ocr_confidence(page.ocr_chars or [], box)
    return where
