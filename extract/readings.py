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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from extract.model import Number
from extract.tokens import Token
from extract.values import cell_value, is_mark

#: readings enumerated per row before the row is given up as undecidable
MAX_READINGS = 4000

PRINTED, SPLIT, PLACED, ALIGNED = "printed", "split", "placed", "aligned"
#: how certain each way of reading is, least certain last (a cell says the least certain step)
_HOW_RANK = {PRINTED: 0, ALIGNED: 1, SPLIT: 2, PLACED: 3}


@dataclass(slots=True)
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
Values = tuple[Number | None, ...]
Check = Callable[[Values], bool]


def least_certain(slots: list[Slot]) -> Slot:
    """Of the slots several readings agree on, the one whose reading took most on trust."""
    return max(slots, key=lambda s: _HOW_RANK.get(s.how, 0))


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


Shape = tuple[tuple[int, int, int] | None, ...]
"""A reading before it is tied to tokens: per column, (token, start, end) of the printed text
it takes, or ``None`` for a dropped blank."""


@lru_cache(maxsize=1 << 14)
def token_valid(kind: str, text: str) -> bool:
    """A printed cell that is blank, a mark or a number: anything else is no reading of a cell."""
    return kind == "blank" or cell_value(text)[0] is not None or is_mark(text)


@lru_cache(maxsize=1 << 14)
def _shapes(
    printed: tuple[tuple[str, str], ...], n: int, blanks_may_drop: bool, check: Check | None
) -> tuple[tuple[Shape, Values], ...] | None:
    """Every shape of a row printing ``printed`` (kind, text) as ``n`` cells, with its values,
    that passes ``check``; ``None`` when there are too many to try. Cached: rows repeat (a row
    of zeros, the same run in every hypothesis)."""
    k = len(printed)
    if k > n:
        return ()
    spare = n - k + 1  # the most cells one token can become
    options: list[list[tuple[tuple[int, int, int], ...]]] = []
    for i, (kind, text) in enumerate(printed):
        if kind == "value" and len(text) > 1 and _RUN.fullmatch(text) and k < n:
            cuts = _cuts(text, spare)
            if cuts is None:
                return None
            opts = []
            for cut in cuts:
                at, pieces = 0, []
                for piece in cut:
                    pieces.append((i, at, at + len(piece)))
                    at += len(piece)
                opts.append(tuple(pieces))
            options.append(opts)
        elif token_valid(kind, text):
            options.append([((i, 0, len(text)),)])
        else:
            return ()
    out: list[Shape] = []
    remaining = [k - i for i in range(k + 1)]
    budget = [MAX_READINGS]

    def walk(i: int, acc: tuple) -> bool:
        left = n - len(acc)
        if i == k:
            if left == 0 or blanks_may_drop:
                out.append(acc + (None,) * left)
                budget[0] -= 1
            return budget[0] > 0
        # a dropped blank before this token, then the token itself
        if blanks_may_drop and left > remaining[i] and not walk(i, (*acc, None)):
            return False
        for opt in options[i]:
            if len(opt) <= left - remaining[i + 1] and not place(i, opt, 0, acc):
                return False
        return True

    def place(i: int, opt: tuple, j: int, acc: tuple) -> bool:
        """Piece ``j`` of token ``i``'s cut; a blank may have been dropped between two pieces
        too (the cells met once the blank between them was gone)."""
        if j == len(opt):
            return walk(i + 1, acc)
        room = n - len(acc) - (len(opt) - j) - remaining[i + 1]
        if j > 0 and blanks_may_drop and room > 0 and not place(i, opt, j, (*acc, None)):
            return False
        return place(i, opt, j + 1, (*acc, opt[j]))

    if not walk(0, ()):
        return None
    result = []
    for shape in out:
        vals = tuple(
            None
            if part is None or printed[part[0]][0] == "blank"
            else cell_value(printed[part[0]][1][part[1] : part[2]])[0]
            for part in shape
        )
        if check is None or check(vals):
            result.append((shape, vals))
    return tuple(result)


def _materialise(tokens: list[Token], shape: Shape) -> Reading:
    out = []
    last = tokens[-1].where if tokens else ""
    for part in shape:
        if part is None:
            out.append(Slot(None, last, PLACED))
            continue
        i, a, b = part
        t = tokens[i]
        if t.kind == "blank":
            out.append(Slot("", t.where, PRINTED))
            continue
        how = PRINTED if (a, b) == (0, len(t.text)) else SPLIT
        out.append(Slot(t.text[a:b], t.where, how, t.printed[a:b]))
    # a dropped blank sits where the next printed cell was printed
    for j in range(len(out) - 2, -1, -1):
        if out[j].text is None and out[j + 1].text is not None:
            out[j] = Slot(None, out[j + 1].where, PLACED)
    return tuple(out)


def row_readings(
    tokens: list[Token],
    n: int,
    *,
    blanks_may_drop: bool,
    check: Check | None = None,
) -> list[Reading] | None:
    """Every reading of ``tokens`` as exactly ``n`` cells that passes ``check`` (a row's own
    identity); ``None`` when there are too many to try. ``blanks_may_drop``: the layout prints
    no blank cells, so a missing cell may be a blank the exporter dropped."""
    if len(tokens) == n:  # as printed: the one reading
        slots = []
        for t in tokens:
            if t.kind == "blank":
                slots.append(Slot("", t.where, PRINTED))
            elif token_valid(t.kind, t.text):
                slots.append(Slot(t.text, t.where, PRINTED, t.printed))
            else:
                return []
        reading = tuple(slots)
        return [reading] if check is None or check(values(reading)) else []
    printed = tuple((t.kind, t.text) for t in tokens)
    shapes = _shapes(printed, n, blanks_may_drop, check)
    if shapes is None:
        return None
    return [_materialise(tokens, shape) for shape, _ in shapes]
