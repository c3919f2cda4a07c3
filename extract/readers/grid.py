"""Grid and text helpers shared by the HTML, DOCX and PDF readers: text normalisation
(:func:`clean_text`), merged cells laid out on a grid (:class:`Span` → :func:`grid_rows`, merged
positions ``covered``, not blank cells), a table split by a break kept as one table
(:func:`continue_table`), and a grid row as one text line (:func:`row_line`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.layout import Fragment, Row

_CJK = r"\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201f\u2026"
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[\s\u00a0\u3000]+")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def clean_text(text: str) -> str:
    """Normalise a cell or line: &nbsp;/ideographic/zero-width spaces, runs of whitespace, and the
    spaces a wrap or a span boundary leaves between two Chinese characters (本年 新收 → 本年新收)."""
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


def grid_rows(spans: Sequence[Span], table: int, where_prefix: str) -> list[Row]:
    """Lay spans out as grid rows: text at the top-left position, ``covered`` fragments elsewhere.

    A row is as long as its right-most occupied position (ragged rows are not padded: a missing
    position is neither a blank cell nor covered). Rows with no text at all are dropped.
    """
    cells: dict[tuple[int, int], Fragment] = {}
    for s in spans:
        for dr in range(s.rowspan):
            for dc in range(s.colspan):
                r, c = s.row + dr, s.col + dc
                if (r, c) in cells:
                    continue
                where = f"{where_prefix} row {r + 1} col {c + 1}"
                if dr == 0 and dc == 0:
                    cells[(r, c)] = Fragment(s.text, where)
                else:
                    cells[(r, c)] = Fragment("", where, covered=True)
    by_row: dict[int, dict[int, Fragment]] = {}
    for (r, c), frag in cells.items():
        by_row.setdefault(r, {})[c] = frag
    rows: list[Row] = []
    for r in sorted(by_row):
        line = by_row[r]
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
