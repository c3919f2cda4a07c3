"""The readings a printed row allows (一行的各种读法): every way its tokens can fill its columns.

A row printed with as many cells as columns has one reading, as printed. A row printed short
lost something on its way to us, and the print alone cannot say what:

- two cells met without a separator (crawler text, ``30 0 0 0 03`` for 3,0,0,0,0,0,3): a digit
  run may be cut into several numbers, none with a leading zero;
- an exporter dropped blank cells (pdftotext without layout): a blank may stand anywhere
  between the printed numbers.

Each reading is one such choice. Which one the report meant is not decided here: the template's
identities choose (``consistency.py``), and a cell is emitted only where every reading they
leave agrees. Enumeration is bounded; a row with too many readings has none we can use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from extract.model import Number
from extract.tokens import Token
from extract.values import cell_value, is_mark

#: readings enumerated per row before the row is given up as undecidable
MAX_READINGS = 4000

PRINTED, SPLIT, PLACED = "printed", "split", "placed"


@dataclass(frozen=True, slots=True)
class Slot:
    """One column of a reading: the printed text it holds (``None`` for a dropped blank), where
    it was printed, and how it came to be there."""

    text: str | None
    where: str
    how: str
    #: the characters printed (full-width digits and marks as they were); "" = same as ``text``
    printed: str = ""

    @property
    def value(self) -> Number | None:
        return None if self.text is None else cell_value(self.text)[0]


Reading = tuple[Slot, ...]


def values(reading: Reading) -> tuple[Number | None, ...]:
    return tuple(s.value for s in reading)


def printed_keys(reading: Reading) -> tuple[object, ...]:
    """What each cell of a reading would land as: its number, or for a blank or a mark the text
    printed (a dropped blank and a printed "／" are both ``None`` but not the same cell)."""
    return tuple(
        s.value if s.value is not None else ("", s.printed or s.text or "") for s in reading
    )


#: one printed number inside a run: no leading zero, thousands separators only where they belong
_NUMBER_PIECE = re.compile(r"0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+")
#: a run of digits (and thousands separators) that may hold several numbers
_RUN = re.compile(r"[\d,]*\d[\d,]*")


@lru_cache(maxsize=1 << 16)
def _is_piece(text: str) -> bool:
    return _NUMBER_PIECE.fullmatch(text) is not None


def _pieces(run: str, parts: int) -> Iterator[list[str]]:
    """Every way to cut a digit run into ``parts`` numbers (no leading zeros, separators in
    their places)."""
    if parts == 1:
        if _is_piece(run):
            yield [run]
        return
    for k in range(1, len(run) - parts + 2):
        head = run[:k]
        if not _is_piece(head):
            if head[0] == "0" and len(head) > 1:
                break
            continue
        for rest in _pieces(run[k:], parts - 1):
            yield [head, *rest]


def _count_cuts(run: str, max_parts: int) -> int:
    """How many cuts of ``run`` into at most ``max_parts`` numbers are valid (counted, not
    enumerated: a run of zeros has one cut, a run of distinct digits many)."""
    # ways[i][p]: cuts of run[i:] into exactly p numbers
    n = len(run)
    ways = [[0] * (max_parts + 1) for _ in range(n + 1)]
    ways[n][0] = 1
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n + 1):
            if not _is_piece(run[i:j]):
                if run[i] == "0":
                    break
                continue
            for p in range(1, max_parts + 1):
                ways[i][p] += ways[j][p - 1]
    return sum(ways[0][1:])


@lru_cache(maxsize=1 << 14)
def _cuts(run: str, max_parts: int) -> tuple[tuple[str, ...], ...] | None:
    """Every cut of a digit run into at most ``max_parts`` numbers (itself first); ``None`` when
    there are too many to try. Cached: the same runs recur across reports."""
    top = min(len(run), max_parts)
    if _count_cuts(run, top) > MAX_READINGS:
        return None
    return tuple(tuple(c) for parts in range(1, top + 1) for c in _pieces(run, parts))


def _splittable(t: Token) -> bool:
    return t.kind == "value" and len(t.text) > 1 and _RUN.fullmatch(t.text) is not None


def _valid(slot: Slot) -> bool:
    """A cell that is blank, a mark or a number: anything else is no reading of a cell."""
    return not slot.text or slot.value is not None or is_mark(slot.text)


def _printed(t: Token) -> str:
    return t.raw if t.raw and len(t.raw) == len(t.text) else t.text


def _options(t: Token, max_parts: int) -> list[list[Slot]] | None:
    """The ways one printed token can stand for cells: itself, or its digits cut (``None``:
    too many ways)."""
    if t.kind == "blank":
        return [[Slot("", t.where, PRINTED)]]
    raw = _printed(t)
    if not _splittable(t):
        return [[Slot(t.text, t.where, PRINTED, raw)]]
    cuts = _cuts(t.text, max_parts)
    if cuts is None:
        return None
    out: list[list[Slot]] = []
    for cut in cuts:
        how = PRINTED if len(cut) == 1 else SPLIT
        at, pieces = 0, []
        for p in cut:
            pieces.append(Slot(p, t.where, how, raw[at : at + len(p)]))
            at += len(p)
        out.append(pieces)
    return out


def row_readings(
    tokens: list[Token], n: int, *, blanks_may_drop: bool, limit: int = MAX_READINGS
) -> list[Reading] | None:
    """Every reading of ``tokens`` as exactly ``n`` cells; ``None`` when there are more than
    ``limit`` (too doubtful to use). ``blanks_may_drop``: the layout prints no blank cells, so a
    missing cell may be a blank the exporter dropped."""
    if len(tokens) == n:
        reading = tuple(
            Slot("", t.where, PRINTED)
            if t.kind == "blank"
            else Slot(t.text, t.where, PRINTED, _printed(t))
            for t in tokens
        )
        return [reading] if all(map(_valid, reading)) else []
    if len(tokens) > n:
        return []
    spare = n - len(tokens) + 1  # the most cells one token can become
    options = [_options(t, spare) for t in tokens]
    if any(o is None for o in options):
        return None
    where = tokens[-1].where if tokens else ""
    out: list[Reading] = []
    # suffix minimum of cells each remaining token needs (a token is at least one cell)
    remaining = [len(tokens) - i for i in range(len(tokens) + 1)]

    def walk(i: int, acc: list[Slot]) -> bool:
        if len(out) > limit:
            return False
        left = n - len(acc)
        if i == len(tokens):
            if left == 0:
                out.append(tuple(acc))
            elif blanks_may_drop:
                out.append((*acc, *(Slot(None, where, PLACED) for _ in range(left))))
            return True
        # a dropped blank before this token, then the token itself
        if (
            blanks_may_drop
            and left > remaining[i]
            and not walk(i, [*acc, Slot(None, tokens[i].where, PLACED)])
        ):
            return False
        for opt in options[i]:
            if len(opt) <= left - remaining[i + 1] and not place(i, opt, 0, acc):
                return False
        return True

    def place(i: int, opt: list[Slot], k: int, acc: list[Slot]) -> bool:
        """Piece ``k`` of token ``i``'s cut; a blank may have been dropped between two pieces
        too (the cells met once the blank between them was gone)."""
        if k == len(opt):
            return walk(i + 1, acc)
        room = n - len(acc) - (len(opt) - k) - remaining[i + 1]
        if (
            k > 0
            and blanks_may_drop
            and room > 0
            and not place(i, opt, k, [*acc, Slot(None, opt[k].where, PLACED)])
        ):
            return False
        return place(i, opt, k + 1, [*acc, opt[k]])

    walk(0, [])
    if len(out) > limit:
        return None
    return [r for r in dict.fromkeys(out) if all(map(_valid, r))]
