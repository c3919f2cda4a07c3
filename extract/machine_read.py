"""Cells read by OCR keep a number only when the scan proves it.

A recogniser can be sure and wrong, or unsure and right; neither may land a wrong number. So a
machine-read cell is kept when

- its least sure digit or mark reaches :data:`MIN_CONFIDENCE`, and
- no identity of the template (B-01 … C-01) that it takes part in fails. A sure misreading
  (a digit under a seal's stroke lost, ``13`` read ``3`` at 0.999) and a publisher's slip look
  alike on a scan, so neither is kept: the scanned report's slips are not findings, they are
  cells left out with the reason, and
- its row was not read by a layout's rule of thumb (surplus cells cut off, a middle cell
  assumed dropped): on a scan, surplus cells are more often a grid the recogniser broke.

Everything else is left out with a note naming the cell, its printed text and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from extract.identities import equations, holds, identities, printed_other
from extract.model import Cell
from extract.tables.common import Note
from extract.values import UNREAD
from extract.vocabulary import MONEY_CELLS

#: a machine-read cell whose least sure character is below this is left out
MIN_CONFIDENCE = 0.90
_OCR_WHERE = re.compile(r"^(page \d+ \(OCR\)) #\d+$")
_OCR_IN_TEXT = re.compile(r"(page \d+ \(OCR\)) #\d+")
Key = tuple[str, str, str]


def public_where(where: str) -> str:
    """``page 4 (OCR) #17`` → ``page 4 (OCR)``: the fragment number only links a cell to its
    confidence inside the reader."""
    m = _OCR_WHERE.match(where)
    return m.group(1) if m else where


def public_where_in(note: str) -> str:
    """A note with every OCR fragment number dropped."""
    return _OCR_IN_TEXT.sub(r"\1", note)


def _name(c: Cell) -> str:
    return f"{c.table}/{c.row}/{c.col} ({c.text!r}, {public_where(c.where)})"


def settle(
    cells: list[Cell],
    confidence: dict[str, float],
    template: str | None,
    reader_notes: Sequence[Note] = (),
) -> tuple[list[Cell], list[str]]:
    """Machine-read cells with their confidence, the unproved ones left out; and the notes."""
    unread = [c for c in cells if UNREAD in c.text]
    if unread:
        cells = [c for c in cells if UNREAD not in c.text]
    notes = [f"left out {_name(c)}: print on the scan that could not be read" for c in unread]
    if not confidence:
        return cells, notes
    kept: list[Cell] = []
    guessed = _guessed(reader_notes)
    # sums first, over every cell as read: a cell left out for doubt would leave its sum
    # unchecked, and with it the sure misreadings beside it
    doubted = _failing(cells, template or "2021")
    for c in cells:
        machine = "(OCR)" in c.where
        key = (c.table, c.row, c.col)
        if machine and ((c.table, c.row) in guessed or (c.table, "*") in guessed):
            notes.append(f"left out {_name(c)}: {guessed_reason(c.table)}")
            continue
        if machine and key in doubted:
            rules = ", ".join(sorted(doubted[key]))
            notes.append(f"left out {_name(c)}: OCR'd cell in a sum that does not hold ({rules})")
            continue
        if machine and key not in MONEY_CELLS and isinstance(c.value, float | Decimal):
            notes.append(
                f"left out {_name(c)}: a count read with a decimal point (a comma or dust?)"
            )
            continue
        conf = confidence.get(c.where)
        if conf is None:
            kept.append(replace(c, where=public_where(c.where)))
            continue
        if conf < MIN_CONFIDENCE:
            notes.append(f"left out {_name(c)}: OCR confidence {conf:.2f} < {MIN_CONFIDENCE}")
            continue
        kept.append(replace(c, where=public_where(c.where), confidence=round(conf, 4)))
    return kept, notes


#: reader notes whose reading is a layout's rule of thumb, not a proof: fine for text that
#: printed the surplus, not for a table whose grid the recogniser may have broken
_GUESSES = {
    "row_truncated": "requests",
    "run_truncated": "disputes",
    "first_and_last": "proactive",
}


def guessed_reason(table: str) -> str:
    return f"OCR'd {table} row read by a rule of thumb (surplus or missing cells), not proved"


def _guessed(notes: Sequence[Note]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for n in notes:
        table = _GUESSES.get(n.code)
        if table is not None:
            out |= {(table, row) for row in n.rows} or {(table, "*")}
    return out


def _failing(cells: list[Cell], template: str) -> dict[Key, set[str]]:
    """Machine-read cells in an equation that does not hold (rule ids per cell)."""
    values = {(c.table, c.row, c.col): c.value for c in cells}
    read = {(c.table, c.row, c.col) for c in cells if "(OCR)" in c.where}
    if not read:
        return {}
    rows: dict[str, list[str]] = {}
    cols: dict[str, list[str]] = {}
    for table, row, col in values:
        if row not in rows.setdefault(table, []):
            rows[table].append(row)
        if col not in cols.setdefault(table, []):
            cols[table].append(col)
    out: dict[Key, set[str]] = {}
    for ident in identities(template, printed_other(rows.get("requests", []))):
        lines = (tuple(rows.get(ident.table, [])), tuple(cols.get(ident.table, [])))
        for _, left, right in equations(ident, *lines):
            if holds(left, right, values.get) is not False:
                continue
            for k in (*left, *right):
                if k in read:
                    out.setdefault(k, set()).add(ident.rule)
    return out
