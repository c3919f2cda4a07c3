"""Tables without rules, line by line: a number wrapped after its thousands separator is joined
back, and a wrapped label rejoins the row of its vertically centred numbers.
"""

from __future__ import annotations

import re

from extract.readers.grid import clean_text
from extract.readers.pdf.items import _Line, _mid, _Table
from extract.readers.pdf.values import _ROW_START, _is_value

#: how far (in line heights, centre to centre) a wrapped label line may sit from its row
_REACH = 1.6
_CUT_HEAD = re.compile(r"^[-－]?\d{1,3}(?:[,，]\d{3})*[,，]$")  # 12, (a number cut after its comma)
_CUT_TAIL = re.compile(r"^\d{3}(?:[,，]\d{3})*(?:[.．]\d+)?$")  # 345


def _rejoin_cut_numbers(lines: list[_Line]) -> list[_Line]:
    """Unruled tables: a number too wide for its cell wraps after a thousands separator (``12,``
    over ``345``). Each half lands on a different text line; join the halves into one number,
    placed on the line (of those from the upper half's to the lower half's) nearest their
    common centre: the row's centre, where its label and one-line numbers sit."""
    if not any(_CUT_HEAD.match(t) for ln in lines for _, _, t in ln.pieces):
        return lines
    pieces = [list(ln.pieces) for ln in lines]
    for i, ln in enumerate(lines):
        for p in list(pieces[i]):
            if not _CUT_HEAD.match(p[2]):
                continue
            h = max(ln.bottom - ln.top, 1.0)
            below = None
            for j in range(i + 1, len(lines)):
                if lines[j].top - ln.bottom > h:
                    break
                below = next(
                    (
                        q
                        for q in pieces[j]
                        if _CUT_TAIL.match(q[2])
                        and q[0] <= p[1] + h
                        and p[0] <= q[1] + h
                        and abs((q[0] + q[1]) - (p[0] + p[1])) <= max(p[1] - p[0], q[1] - q[0])
                    ),
                    None,
                )
                if below is not None:
                    break
            if below is None:
                continue
            joined = (min(p[0], below[0]), max(p[1], below[1]), p[2] + below[2])
            centre = (ln.top + lines[j].bottom) / 2
            pieces[i].remove(p)
            pieces[j].remove(below)
            home = pieces[min(range(i, j + 1), key=lambda k: abs(_mid(lines[k]) - centre))]
            home.append(joined)
            home.sort(key=lambda q: q[0])
    return [_Line(ln.top, ln.bottom, ps) for ln, ps in zip(lines, pieces, strict=True) if ps]


def _attach_detached_labels(items: list[tuple[float, _Line | _Table]]) -> list:
    """Unruled tables: put a wrapped label back on the row of its numbers.

    Without ruling lines a label wrapped over two or three lines prints its numbers vertically
    centred: on a line of their own between the label's lines, or on the label's middle line.
    A one-piece label line joins the nearest line of numbers (centre distance within
    ``_REACH`` line heights, and left of the numbers) when those numbers have no label of their
    own, or when the label line sits between two lines of numbers (a wrapped row inside a
    table); a further wrapped line next to an attached one follows it.
    """
    lines = [it for _, it in items if isinstance(it, _Line)]
    values = [ln for ln in lines if _is_value(ln.pieces[-1][2])]
    if len(values) < 2:
        return items
    orphan = {id(v) for v in values if all(_is_value(t) for _, _, t in v.pieces)}
    first_value_x = {id(v): next(x0 for x0, _, t in v.pieces if _is_value(t)) for v in values}
    order = {id(ln): i for i, ln in enumerate(lines)}
    value_idx = [order[id(v)] for v in values]
    attached: dict[int, _Line] = {}  # id(label line) → value line

    def candidates(ln: _Line) -> _Line | None:
        h = max(ln.bottom - ln.top, 1.0)
        # nearest; on a tie the row above (a wrapped label continues the row it started)
        best = min(values, key=lambda v: (abs(_mid(v) - _mid(ln)), _mid(v) > _mid(ln)))
        if abs(_mid(best) - _mid(ln)) > _REACH * h or ln.pieces[-1][1] > first_value_x[id(best)]:
            return None
        i = order[id(ln)]
        sandwiched = any(j < i for j in value_idx) and any(j > i for j in value_idx)
        if not (id(best) in orphan or sandwiched) or not fits(ln, best):
            return None
        return best

    def fits(ln: _Line, target: _Line) -> bool:
        """A row's label starts with its enumerator: a line below a row that opens a new item
        is not that row's continuation, and a row whose own label opens an item has no label
        lines above it."""
        if _mid(ln) > _mid(target):
            return not _ROW_START.match(ln.pieces[0][2])
        own = [t for _, _, t in target.pieces if not _is_value(t)]
        return not (own and _ROW_START.match(own[0]))

    labels = [ln for ln in lines if len(ln.pieces) == 1 and not _is_value(ln.pieces[0][2])]
    for ln in labels:
        target = candidates(ln)
        if target is not None:
            attached[id(ln)] = target
    for ln in labels:  # one more wrapped line beyond an attached one
        if id(ln) in attached:
            continue
        i = order[id(ln)]
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and id(lines[j]) in attached:
                near, target = lines[j], attached[id(lines[j])]
                h = max(ln.bottom - ln.top, 1.0)
                farther = abs(_mid(ln) - _mid(target)) > abs(_mid(near) - _mid(target))
                close = abs(_mid(ln) - _mid(near)) <= _REACH * h
                if farther and close and fits(ln, target):
                    attached[id(ln)] = target
                    break
    if not attached:
        return items
    above: dict[int, list[_Line]] = {}
    for ln in lines:
        if id(ln) in attached:
            above.setdefault(id(attached[id(ln)]), []).append(ln)
    out: list[tuple[float, _Line | _Table]] = []
    for top, item in items:
        if isinstance(item, _Line) and id(item) in attached:
            continue
        if isinstance(item, _Line) and id(item) in above:
            item = _merge_label(item, above[id(item)])
        out.append((top, item))
    return out


def _merge_label(row: _Line, extra: list[_Line]) -> _Line:
    """The value line ``row`` with the label lines ``extra`` joined into its label piece."""
    own = [p for p in row.pieces if not _is_value(p[2])]
    nums = [p for p in row.pieces if _is_value(p[2])]
    parts = [(ln.top, ln.pieces[0]) for ln in extra] + [(row.top, p) for p in own]
    parts.sort(key=lambda tp: (tp[0], tp[1][0]))
    text = clean_text(" ".join(p[2] for _, p in parts))
    x0 = min(p[0] for _, p in parts)
    x1 = max(p[1] for _, p in parts)
    top = min(row.top, *(ln.top for ln in extra))
    bottom = max(row.bottom, *(ln.bottom for ln in extra))
    return _Line(top, bottom, [(x0, x1, text), *nums])
