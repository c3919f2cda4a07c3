"""Grid and text helpers shared by the HTML, DOCX and PDF readers.

A grid reader turns each source table into :class:`Span` cells (merged or not) and runs them
through the same small steps, in this order:

1. :func:`drop_serial_column` — a 序号 (row-number) column is not data
   (:func:`serial_column` finds it, :func:`drop_column` takes it out);
2. :func:`grid_rows` — merged cells laid out on a grid, merged positions ``covered`` (not blank
   cells), rows without text dropped;
3. :func:`continue_table` — a table split by a break in the source kept as one table (the PDF
   reader joins tables over pages by their borders instead);
4. :func:`row_line` — each grid row as one text line.

:func:`clean_text` normalises every cell's text before it becomes a :class:`Span`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from extract.layout import Fragment, Row

_CJK = r"\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201f\u2026"
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[\s\u00a0\u3000]+")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
#: a character :func:`clean_text` removes or changes (``\s`` is what ``str.strip`` strips)
_UNCLEAN = re.compile(r"[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff\u00ad]")


def clean_text(text: str) -> str:
    """Normalise a cell or line: &nbsp;/ideographic/zero-width spaces, runs of whitespace, and the
    spaces a wrap or a span boundary leaves between two Chinese characters (本年 新收 → 本年新收)."""
    if not _UNCLEAN.search(text):
        return text  # most cells: one word or number, nothing to normalise
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    if " " in text:
        text = _CJK_GAP.sub("", text)
    return text


@dataclass(frozen=True, slots=True)
class Span:
    """One merged-or-not cell placed on a grid: top-left position and extent."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


#: header labels of a row-number column (序号 serial number, 行次 line number, …)
SERIAL_LABELS = frozenset({"序号", "序", "编号", "序列号", "行号", "行次"})
_ROW_NUMBER = re.compile(r"^\d{1,3}$")

SpanT = TypeVar("SpanT", bound=Span)


def is_serial_column(texts: Sequence[str]) -> bool:
    """Whether a column's texts, top to bottom, are a 序号 (serial-number) column: its first text
    is a label of :data:`SERIAL_LABELS`, and below it every cell is empty, the label again (a
    header repeated on a continued page) or the next of the row numbers 1, 2, 3… in order.

    Both are needed: a label alone could head a column of counts, and counts alone can happen
    to run 1, 2, 3. A column with any other value (a gap, a repeat, a number not in order) is
    kept, so a column whose values could be statutory numbers is never dropped."""
    filled = [t.replace(" ", "") for t in texts if t]
    if not filled or filled[0] not in SERIAL_LABELS:
        return False
    expected = 1
    for text in filled[1:]:
        if text in SERIAL_LABELS:
            continue
        if not _ROW_NUMBER.match(text) or int(text) != expected:
            return False
        expected += 1
    return True


def serial_column(spans: Sequence[Span]) -> int | None:
    """The grid column that is a 序号 (serial-number) column (:func:`is_serial_column`), or None.

    A column is made of its one-column cells; a cell merged across several columns (a title
    row, a label spanning the 序号 and label columns) belongs to none of them."""
    if all(s.text.replace(" ", "") not in SERIAL_LABELS for s in spans if s.colspan == 1):
        return None  # no column headed by a label (most tables): no need to sort the columns
    columns: dict[int, list[Span]] = {}
    for s in spans:
        if s.colspan == 1:
            columns.setdefault(s.col, []).append(s)
    for col in sorted(columns):
        cells = sorted(columns[col], key=lambda s: s.row)
        if is_serial_column([s.text for s in cells]):
            return col
    return None


def drop_column(spans: Sequence[SpanT], col: int) -> list[SpanT]:
    """``spans`` without grid column ``col``: its own cells left out, a cell merged across it one
    column narrower, the cells right of it one column to the left (order kept)."""
    out: list[SpanT] = []
    for s in spans:
        if s.col <= col < s.col + s.colspan:
            if s.colspan == 1:
                continue
            s = replace(s, colspan=s.colspan - 1)
        elif s.col > col:
            s = replace(s, col=s.col - 1)
        out.append(s)
    return out


def drop_serial_column(spans: Sequence[SpanT]) -> list[SpanT]:
    """``spans`` without their 序号 (serial-number) column, if they have one.

    Publishers number a table's rows 1, 2, 3… in a first column headed 序号; left in, the mapper
    would read those row numbers as counts. The column is recognised by
    :func:`serial_column`."""
    col = serial_column(spans)
    return list(spans) if col is None else drop_column(spans, col)


def grid_rows(spans: Sequence[Span], table: int, where_prefix: str) -> list[Row]:
    """Lay spans out as grid rows: text at the top-left position, ``covered`` fragments elsewhere.

    A row is as long as its right-most occupied position (ragged rows are not padded: a missing
    position is neither a blank cell nor covered). Rows with no text at all are dropped.
    """
    by_row: dict[int, dict[int, Fragment]] = {}
    for s in spans:
        if s.rowspan == 1 and s.colspan == 1:  # most cells: one position, no loops
            r, c = s.row, s.col
            line = by_row.get(r)
            if line is None:
                line = by_row[r] = {}
            if c not in line:
                line[c] = Fragment(s.text, f"{where_prefix} row {r + 1} col {c + 1}")
            continue
        for dr in range(s.rowspan):
            r = s.row + dr
            line = by_row.setdefault(r, {})
            for dc in range(s.colspan):
                c = s.col + dc
                if c in line:
                    continue
                where = f"{where_prefix} row {r + 1} col {c + 1}"
                if dr == 0 and dc == 0:
                    line[c] = Fragment(s.text, where)
                else:
                    line[c] = Fragment("", where, covered=True)
    rows: list[Row] = []
    for r in sorted(by_row):
        line = by_row[r]
        if not line:  # only spans of no width reached it
            continue
        width = max(line) + 1
        frags = [
            line.get(c) or Fragment("", f"{where_prefix} row {r + 1} col {c + 1}", covered=True)
            for c in range(width)
        ]
        if any(f.text for f in frags):
            rows.append(Row(frags, table=table))
    return rows


def continue_table(rows: list[Row], grid: list[Row], notes: list[str]) -> int:
    """Give ``grid`` the previous table's number when it follows that table directly (no text
    in between) with the same number of grid positions: one table split in two (a page break
    in the source). Returns 1 when ``grid`` is a new table, else 0."""
    prev = rows[-1] if rows else None
    width = max(len(r.fragments) for r in grid)
    if prev is not None and prev.table is not None:
        prev_width = 0
        for r in reversed(rows):
            if r.table != prev.table:
                break
            prev_width = max(prev_width, len(r.fragments))
        if width == prev_width:
            for row in grid:
                row.table = prev.table
            notes.append(f"table {prev.table + 1} continues after a break")
            return 0
    return 1


def row_line(row: Row) -> str:
    """A table row as one text line (tab between positions that hold text)."""
    return "\t".join(f.text for f in row.fragments if f.text)
