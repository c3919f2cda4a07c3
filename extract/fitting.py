"""Fitting printed cells to a row's columns (单元格对齐): segments, trimming, digit splitting.

A *segment* is a run of cell values/blanks and the label text printed before it. ``fit`` makes a
segment exactly as wide as the columns the headers print: surplus structural blanks (covered
cells a text export kept) are trimmed, and run-together digits are cut only where exactly one
reading satisfies the row's own sums. Doubt is reported in ``notes``, never resolved by a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from extract.model import Number
from extract.tokens import Token
from extract.values import cell_value

Check = Callable[[list[Number | None]], bool]
_MAX_READINGS = 20000  # readings tried per run before giving up (C(29, 6) would be 475k)
_MAX_RUN = 30  # longest digit run we try to split (C(29, 14) readings at worst are never reached)


@dataclass(slots=True)
class Segment:
    """Cells printed in a run, and the label text printed before them."""

    context: str
    cells: list[Token] = field(default_factory=list)

    @property
    def has_value(self) -> bool:
        return any(t.kind == "value" for t in self.cells)


def segments(toks: list[Token], lo: int, hi: int) -> list[Segment]:
    """Split ``toks[lo:hi]`` into label-context + cell runs; a row break ends a run."""
    out: list[Segment] = []
    ctx: list[str] = []
    cur: Segment | None = None
    for t in toks[lo:hi]:
        if t.kind == "text":
            if cur is not None:
                out.append(cur)
                cur, ctx = None, []
            ctx.append(t.norm)
        elif t.kind == "break":
            if cur is not None:
                out.append(cur)
                cur, ctx = None, []
        else:
            if cur is None:
                cur = Segment("".join(ctx))
            cur.cells.append(t)
    if cur is not None:
        out.append(cur)
    return out


# --- fitting a run of printed cells to the columns ----------------------------------------


def _readings(run: str, parts: int) -> Iterator[list[str]]:
    """Every way to cut a digit run into ``parts`` numbers without leading zeros."""
    if parts == 1:
        if run and (run == "0" or run[0] != "0"):
            yield [run]
        return
    max_len = len(run) - (parts - 1)
    for k in range(1, max_len + 1):
        head = run[:k]
        if len(head) > 1 and head[0] == "0":
            break
        for rest in _readings(run[k:], parts - 1):
            yield [head, *rest]


def split_runs(
    tokens: list[Token], n: int, check: Check | None, limit: int = 2
) -> list[list[Token]]:
    """Readings (at most ``limit``) of the tokens as ``n`` cells that pass ``check``: digit runs
    may be cut, anything else (a mark, a decimal) stays one cell."""
    runs = [t.text for t in tokens]
    if not any(r.isdigit() and len(r) > 1 for r in runs) or max(map(len, runs)) > _MAX_RUN:
        return []
    found: list[list[Token]] = []

    def parts_of(i: int, left: int) -> Iterator[list[tuple[str, str]]]:
        if i == len(runs):
            if left == 0:
                yield []
            return
        remaining = len(runs) - i - 1
        if not runs[i].isdigit():
            if left - 1 >= remaining:
                for tail in parts_of(i + 1, left - 1):
                    yield [(runs[i], tokens[i].where), *tail]
            return
        for p in range(1, min(len(runs[i]), left - remaining) + 1):
            for head in _readings(runs[i], p):
                for tail in parts_of(i + 1, left - p):
                    yield [(h, tokens[i].where) for h in head] + tail

    for tried, reading in enumerate(parts_of(0, n)):
        if tried >= _MAX_READINGS:
            return found + found[:1] if found else []  # too many to tell apart: not unique
        values = [cell_value(v)[0] for v, _ in reading]
        if check is None or check(values):
            found.append([Token("value", v, w) for v, w in reading])
            if len(found) >= limit:
                break
    return found


def fit(cells: list[Token], n: int, check: Check | None, what: str, notes: list[str]):
    """Exactly ``n`` cells (tokens, or ``None`` for a column left unread), or ``None`` if unsure."""
    cells = list(cells)
    if check is None and any(t.glued and len(t.text) > 1 for t in cells):
        # No sum to check: only a reading that cannot be otherwise (every glued number one
        # digit once cut, no glued sign or separator) is taken.
        risky = any(
            t.glued and (t.text in "-−" or not t.text.isdigit()) and len(t.text) > 1 for t in cells
        )
        risky = risky or any(t.glued and t.text in "-−" for t in cells)
        digits = sum(len(t.text) if t.text.isdigit() else 1 for t in cells)
        if risky or digits != n:
            notes.append(
                f"{what}: cells printed without separators ({''.join(t.text for t in cells)}) "
                "and no sum to check a reading; cells left out"
            )
            return None
        return [
            Token("value", ch, t.where, glued=True) if t.text.isdigit() else t
            for t in cells
            for ch in (t.text if t.text.isdigit() else [t.text])
        ]
    while len(cells) > n and cells[-1].kind == "blank":
        cells.pop()
    while len(cells) > n and cells[0].kind == "blank":
        cells.pop(0)
    if len(cells) == n:
        return cells
    if len(cells) > n:
        values = [cell_value(t.text)[0] for t in cells[:n]]
        if check is not None and check(values):
            notes.append(f"{what}: {len(cells)} cells printed for {n} columns; read the first {n}")
            return cells[:n]
        notes.append(f"{what}: {len(cells)} cells printed for {n} columns; row left out")
        return None
    values = [t for t in cells if t.kind == "value"]
    if len(values) == len(cells):
        readings = split_runs(cells, n, check)
        if len(readings) == 1:
            notes.append(
                f"{what}: run-together digits {' '.join(t.text for t in cells)} split by the row sums"
            )
            return readings[0]
        if len(readings) > 1 and len(cells) == 1:
            notes.append(
                f"{what}: run-together digits {cells[0].text} allow several readings; cells left out"
            )
            return None
    if len(cells) == 2 and n >= 3 and check is None and not any(t.glued for t in cells):
        notes.append(f"{what}: 2 of {n} cells printed; read the first and last, the rest left out")
        return [cells[0], *([None] * (n - 2)), cells[1]]
    notes.append(f"{what}: {len(cells)} cells printed for {n} columns; row left out")
    return None


def _num(values: list[Number | None]) -> list[Number]:
    """Blank or marked cells count as nothing when a reading's sums are checked."""
    return [0 if v is None else v for v in values]


def row_total_check(values: list[Number | None]) -> bool:
    """B-03: 总计 = the six applicant columns."""
    v = _num(values)
    return sum(v[:6]) == v[6]


def disputes_check(values: list[Number | None]) -> bool:
    """C-01 for each of the three dispute rows."""
    v = _num(values)
    return all(sum(v[i : i + 4]) == v[i + 4] for i in range(0, 15, 5))
