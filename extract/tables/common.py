"""What every table reader returns, and the small pieces they share.

A table reader returns cells and *notes*: a note has a code (what kind of doubt), the cells it
concerns and a sentence for a human. Later steps act on codes, never on the wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.model import Cell
from extract.readings import Slot
from extract.tokens import Token
from extract.values import cell_value


@dataclass(frozen=True, slots=True)
class Note:
    """Something the reader wants a human to know: ``code`` (e.g. ``row_left_out``), the rows
    or cells it concerns, and the text printed in the extraction's notes."""

    code: str
    text: str
    rows: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True)
class TableResult:
    """The cells one table reader read, with its notes."""

    cells: list[Cell] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def note(self, code: str, text: str, *rows: str) -> None:
        self.notes.append(Note(code, text, rows))


def token_cell(table: str, row: str, col: str, tok: Token, how: str = "printed") -> Cell:
    """A cell as printed in one token (blank token: value ``None``, text "")."""
    value = cell_value(tok.text)[0] if tok.kind == "value" else None
    return Cell(table, row, col, value, tok.printed if tok.kind == "value" else "", tok.where, how)


def slot_cell(table: str, row: str, col: str, slot: Slot, how: str | None = None) -> Cell:
    """A cell from one column of a chosen reading (a dropped blank: value ``None``, text "")."""
    if slot.text is None:
        return Cell(table, row, col, None, "", slot.where, how or slot.how)
    value, _ = cell_value(slot.text)
    return Cell(table, row, col, value, slot.printed or slot.text, slot.where, how or slot.how)


def unsigned(cells: list[Token]) -> list[Token]:
    """Counts are never negative: a "-" before a number in 三/四 is a mark printed against it."""
    out: list[Token] = []
    for t in cells:
        if t.kind == "value" and len(t.text) > 1 and t.text[0] in "-−" and t.text[1].isdigit():
            out += [
                Token("value", t.text[0], t.where, glued=True, raw=t.raw[:1]),
                Token("value", t.text[1:], t.where, glued=True, raw=t.raw[1:]),
            ]
        else:
            out.append(t)
    return out


def trim_blank_ends(cells: list[Token], n: int) -> list[Token]:
    """Surplus blank cells at a row's ends are structure a text export kept (covered cells of
    a merged label); blanks inside the row are cells."""
    cells = list(cells)
    while len(cells) > n and cells[-1].kind == "blank":
        cells.pop()
    while len(cells) > n and cells[0].kind == "blank":
        cells.pop(0)
    return cells
