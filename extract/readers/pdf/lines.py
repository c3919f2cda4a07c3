"""Characters → visual lines → text: lines by overlapping vertical extents, pieces split at
wide gaps, a table cell's text (stacked or rotated labels read back as one label).
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.readers.grid import clean_text
from extract.readers.pdf.items import Obj
from extract.values import is_cjk


def _lines_of(chars: Sequence[Obj]) -> list[list[Obj]]:
    """Group characters into visual lines (overlapping vertical extents), each sorted by x."""
    lines: list[list[Obj]] = []
    bounds: list[tuple[float, float]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        mid = (c["top"] + c["bottom"]) / 2
        if bounds and bounds[-1][0] <= mid <= bounds[-1][1]:
            lines[-1].append(c)
            top, bottom = bounds[-1]
            bounds[-1] = (min(top, c["top"]), max(bottom, c["bottom"]))
        else:
            lines.append([c])
            bounds.append((c["top"], c["bottom"]))
    for i, line in enumerate(lines):
        line.sort(key=lambda c: c["x0"])
        lines[i] = _drop_overprint(line)
    return lines


def _drop_overprint(line: list[Obj]) -> list[Obj]:
    """Drop a glyph drawn again within a point of itself (fake bold): in a line sorted by x the
    copy is the next character."""
    out = line[:1]
    for c in line[1:]:
        prev = out[-1]
        if (
            c["text"] == prev["text"]
            and c["x0"] - prev["x0"] < 1.0
            and abs(c["top"] - prev["top"]) < 1.0
        ):
            continue
        out.append(c)
    return out


def _pieces(line: Sequence[Obj], split_gap: float | None = None) -> list[tuple[float, float, str]]:
    """Characters of one line → ``(x0, x1, text)`` pieces; a gap wider than ``split_gap`` glyph
    sizes starts a new piece, a gap wider than a third of the glyph size becomes a space."""
    pieces: list[tuple[float, float, str]] = []
    buf: list[str] = []
    start = end = 0.0
    prev: Obj | None = None
    for c in line:
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            size = max(c.get("size") or 0, prev.get("size") or 0, 1.0)
            if split_gap is not None and gap > split_gap * size:
                pieces.append((start, end, "".join(buf)))
                buf = []
            elif gap > size / 3 or c["spaced"]:
                buf.append(" ")
        if not buf:
            start = c["x0"]
        buf.append(c["text"])
        end = c["x1"]
        prev = c
    if buf:
        pieces.append((start, end, "".join(buf)))
    return [(x0, x1, t) for x0, x1, t in ((a, b, clean_text(t)) for a, b, t in pieces) if t]


def _join(line: Sequence[Obj]) -> str:
    return "".join(t for _, _, t in _pieces(line))


def _cell_text(chars: Sequence[Obj]) -> str:
    """Text of one table cell: its lines top to bottom, wraps joined (clean_text removes the
    space left between two Chinese characters, so a stacked 三/、/本/年 reads 三、本年)."""
    if not chars:
        return ""
    if all(not c["upright"] for c in chars):
        # rotated text: clockwise runs top to bottom with later lines to the left;
        # counter-clockwise runs bottom to top with later lines to the right
        if sum(c["rises"] for c in chars) * 2 > len(chars):
            ordered = sorted(chars, key=lambda c: (round(c["x0"]), -c["top"]))
        else:
            ordered = sorted(chars, key=lambda c: (-round(c["x0"]), c["top"]))
        return clean_text("".join(c["text"] for c in ordered))
    return clean_text(" ".join(_join(line) for line in _lines_of(chars)))


def ocr_confidence(chars: Sequence[Obj], box: tuple[float, float, float, float]) -> float:
    """How sure the recogniser was of the text in ``box`` (x0, top, x1, bottom): the lowest
    probability of a character centred in it — digits and marks only when there are any, since
    a number is only as sure as its least sure digit and a label's glyphs do not make it."""
    x0, top, x1, bottom = box
    inside = [
        c
        for c in chars
        if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1
        and top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1
    ]
    marks = [c for c in inside if not is_cjk(c["text"])]
    pool = marks or inside
    return min((c["conf"] for c in pool), default=1.0)
