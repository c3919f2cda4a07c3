"""One scanned page → the characters and ruling lines a text-layer page would have had, so
the page joins the PDF reader's table path from there on.

Rulings come from the ink; table cells from the rulings (pdfplumber's explicit strategy, as
for a text PDF); text is recognised cell by cell (a cell's wrapped label line by line, never a
neighbour's number with it) and, outside tables, line by line — except running prose, which
the tables do not need (see ``lines.prose_lines``). Every character keeps the
recogniser's probability (``conf``).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

import numpy as np

from extract.readers.ocr.engine import Recognised, recognise
from extract.readers.ocr.image import prepared
from extract.readers.ocr.lines import Piece, Segment, prose_lines, rulings, text_pieces
from extract.readers.pdf.items import Obj
from extract.readers.pdf.ruled import SCAN_TABLE_SETTINGS
from extract.values import UNREAD


def _ruling_objs(segments: list[Segment], k: float) -> list[Obj]:
    out = []
    for s in segments:
        x0, x1, top, bottom = s.x0 * k, s.x1 * k, s.y0 * k, s.y1 * k
        if s.horizontal:
            top = bottom = (top + bottom) / 2
        else:
            x0 = x1 = (x0 + x1) / 2
        out.append(
            {
                "object_type": "line",
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "y0": 0.0,
                "y1": 0.0,
                "width": x1 - x0,
                "height": bottom - top,
            }
        )
    return out


#: paper left around a piece, in piece heights: above and below, and at either end. Tight
#: above and below: the recogniser sizes a crop to its height, and a lone 0 given room reads
#: as a small o (measured on generated scans: 0.05 reads every 0 of a table as 0)
_MARGIN_Y = 0.05
_MARGIN_X = 0.2


def _margins(p: Piece) -> tuple[int, int]:
    h = p.y1 - p.y0
    return max(1, round(_MARGIN_Y * h)), max(2, round(_MARGIN_X * h))


def _pad(gray: np.ndarray, p: Piece) -> np.ndarray:
    """The piece with a margin of paper around it, as the recogniser was trained on."""
    my, mx = _margins(p)
    h, w = p.y1 - p.y0, p.x1 - p.x0
    crop = np.full((h + 2 * my, w + 2 * mx), 255, dtype=np.uint8)
    crop[my : my + h, mx : mx + w] = gray[p.y0 : p.y1, p.x0 : p.x1]
    return np.repeat(crop[:, :, None], 3, axis=2)


def _chars(p: Piece, read: Recognised, k: float, unsure: float = 0.0) -> list[Obj]:
    """A piece's glyphs as characters in page points. The recogniser places each glyph at a
    point along the crop; each character is given the span from midway to its neighbours, so
    a run of digits stays one run (no gap a reader could take for a space). A character read
    less surely than ``unsure`` stands as :data:`UNREAD`."""
    _, mx = _margins(p)
    glyphs = [g for g in read.glyphs]
    centres = [(g.x0 + g.x1) / 2 - mx + p.x0 for g in glyphs]
    unaccounted = _unaccounted_ink(
        p, read.text, [c for c, g in zip(centres, glyphs, strict=True) if not g.text.isspace()]
    )
    out: list[Obj] = []
    spaced = False
    for i, g in enumerate(glyphs):
        if g.text.isspace():
            spaced = True
            continue
        left = p.x0 if i == 0 else max(p.x0, (centres[i - 1] + centres[i]) / 2)
        right = p.x1 if i == len(glyphs) - 1 else min(p.x1, (centres[i] + centres[i + 1]) / 2)
        text = UNREAD if g.prob < unsure else g.text
        conf = 0.0 if read.straddled or unaccounted else g.prob
        out.append(_char(text, left, right, p, k, conf, spaced))
        spaced = False
    return out


#: outside tables, a piece read as punctuation alone is dust, not text
_WORDS = re.compile(r"[\w\u4e00-\u9fff]")


#: a number's digits, separators and sign: the pieces whose every character must be accounted for
_NUMBER_LIKE = re.compile(r"[\d,.，．+\-−—增减]+")


def _unaccounted_ink(p: Piece, text: str, centres: list[float]) -> bool:
    """Whether a number's piece has print the recogniser read nothing in: ink reaching further
    than a glyph from the first or last character read, or a glyph-wide gap between two read
    characters. A thin 1 before a 4, or a minus sign, can vanish from a reading that is
    otherwise sure ("14" read "4" at 0.99); the print is still on the page, so the reading is
    not taken."""
    if not centres or not _NUMBER_LIKE.fullmatch(text.strip()):
        return False
    h = p.y1 - p.y0
    if centres[0] - p.x0 > 0.6 * h or p.x1 - centres[-1] > 0.6 * h:
        return True
    return any(b - a > 1.3 * h for a, b in pairwise(centres))


def _as_numbers(pieces: list[Piece], reads: list[Recognised]) -> list[Recognised]:
    """A table cell's piece read as digits and zero look-alikes (``o``, ``O``) is read among
    what a statutory cell can print — digits, separators, marks — when it is as tall as the
    page's digits: a lone 0 read without words around it is often taken for a letter o, and a
    count cell holds no letters. A blot smaller than a digit (a speck read ``。``) never is."""
    heights = sorted(
        p.y1 - p.y0
        for p, r in zip(pieces, reads, strict=True)
        if r.text.strip().isdigit() and r.confidence >= 0.9
    )
    if not heights:
        return reads
    digit = heights[len(heights) // 2]
    out = []
    for p, r in zip(pieces, reads, strict=True):
        if r.numeric is not None and p.y1 - p.y0 >= 0.75 * digit:
            r = Recognised(r.numeric, r.straddled)
        out.append(r)
    return out


def _without_blots(pieces: list[Piece]) -> tuple[list[Piece], list[Piece]]:
    """Table pieces worth the recogniser, and blots far smaller than the page's digits (a
    speck alone in a cell). A blot is not read — no digit is that small — but it is not paper
    either: it stands as unread, so its cell is left out rather than called blank."""
    if len(pieces) < 10:
        return pieces, []
    heights = sorted(p.y1 - p.y0 for p in pieces)
    typical = heights[len(heights) // 2]
    keep, blots = [], []
    for p in pieces:
        small = max(p.y1 - p.y0, p.x1 - p.x0) < 0.4 * typical
        (blots if small else keep).append(p)
    return keep, blots


def _without_edges(pieces: list[Piece], width: int, height: int) -> list[Piece]:
    """A cell's pieces without the remains of its own borders: a thin sliver along a side
    (a ruling the line mask did not quite cover, on a turned or blurred scan)."""
    out = []
    for p in pieces:
        w, h = p.x1 - p.x0, p.y1 - p.y0
        upright = w <= max(3, 0.25 * h) and (p.x0 <= 3 or p.x1 >= width - 3)
        flat = h <= max(3, 0.25 * w) and (p.y0 <= 3 or p.y1 >= height - 3)
        if not (upright or flat):
            out.append(p)
    return out


def _main_print(pieces: list[Piece]) -> list[Piece]:
    """A cell's print without blots much smaller than its main print (dirt beside a digit)."""
    if len(pieces) < 2:
        return pieces
    tallest = max(p.y1 - p.y0 for p in pieces)
    # a dash or minus sign is flat but as wide as a digit: only what is small both ways goes
    return [p for p in pieces if max(p.y1 - p.y0, p.x1 - p.x0) >= 0.6 * tallest]


#: outside tables (title, dates, headings), a character read less surely than this stands as
#: unread: an agency name or a date with a guessed character is worse than none
_TEXT_PROB = 0.8
#: outside tables, a piece read this unsurely on average is dirt or a seal's remains, not text
_NOISE_PROB = 0.6


def _mean_prob(read: Recognised) -> float:
    probs = [g.prob for g in read.glyphs if not g.text.isspace()]
    return sum(probs) / len(probs) if probs else 0.0


def _without_dust(pieces: list[Piece]) -> list[Piece]:
    """Print outside tables without dust: blots much smaller than the page's text (by the
    median height of its pieces), and small blots on a line of much larger print (by a title).
    Lines of them would otherwise split a wrapped title or sit between a table and its
    continuation."""
    if not pieces:
        return pieces
    heights = sorted(p.y1 - p.y0 for p in pieces)
    typical = heights[len(heights) // 2]
    tallest: dict[int, int] = {}
    for p in pieces:
        tallest[p.line] = max(tallest.get(p.line, 0), p.y1 - p.y0)
    out = []
    for p in pieces:
        h, w = p.y1 - p.y0, p.x1 - p.x0
        if max(h, w) < 0.6 * typical:
            continue
        if h < 0.5 * tallest[p.line] and w < tallest[p.line]:
            continue
        out.append(p)
    return out


def _char(
    text: str, x0: float, x1: float, p: Piece, k: float, conf: float, spaced: bool = False
) -> Obj:
    """A recognised character as the text-layer reader's character dict, in page points."""
    return {
        "text": text,
        "x0": x0 * k,
        "x1": x1 * k,
        "top": p.y0 * k,
        "bottom": p.y1 * k,
        "size": (p.y1 - p.y0) * k,
        "upright": True,
        "rises": False,
        "spaced": spaced,
        "conf": conf,
    }


def _unread(p: Piece, k: float) -> Obj:
    return _char(UNREAD, p.x0, p.x1, p, k, 0.0)


def scan_page(page: Any, bgr: np.ndarray, dpi: int) -> tuple[list[Obj], list[Obj], float]:
    """Characters (with ``conf``) and ruling objects for a pdfplumber ``page`` whose picture is
    ``bgr`` rendered at ``dpi``; and the skew corrected, in degrees."""
    gray, mask, angle = prepared(bgr)
    k = 72.0 / dpi
    segments, line_mask = rulings(mask, dpi)
    text_mask = mask & ~line_mask
    objs = _ruling_objs(segments, k)
    pieces: list[Piece] = []
    outside = text_mask.copy()
    if len(objs) >= 2:
        settings = {
            **SCAN_TABLE_SETTINGS,
            "explicit_vertical_lines": objs,
            "explicit_horizontal_lines": objs,
        }
        try:
            tables = page.find_tables(table_settings=settings)
        except ValueError:
            tables = []
        for tab in tables:
            x0, y0, x1, y1 = (round(v / k) for v in tab.bbox)
            outside[max(0, y0 - 2) : y1 + 2, max(0, x0 - 2) : x1 + 2] = 0
            for cx0, cy0, cx1, cy1 in tab.cells:
                a, b = round(cx0 / k) + 2, round(cy0 / k) + 2
                c, d = round(cx1 / k) - 2, round(cy1 / k) - 2
                if c <= a or d <= b:
                    continue
                found = _without_edges(text_pieces(text_mask[b:d, a:c], dpi), c - a, d - b)
                for p in _main_print(found):
                    pieces.append(Piece(p.x0 + a, p.y0 + b, p.x1 + a, p.y1 + b))
    pieces, blots = _without_blots(pieces)
    free = _without_dust(text_pieces(outside, dpi))
    prose = prose_lines(free)
    in_cells = len(pieces)
    pieces.extend(p for p in free if p.line not in prose)
    reads = recognise([_pad(gray, p) for p in pieces])
    reads = _as_numbers(pieces[:in_cells], reads[:in_cells]) + reads[in_cells:]
    chars = [
        c
        for n, (p, r) in enumerate(zip(pieces, reads, strict=True))
        if n < in_cells or (_WORDS.search(r.text) and _mean_prob(r) >= _NOISE_PROB)
        for c in _chars(p, r, k, 0.0 if n < in_cells else _TEXT_PROB)
    ]
    # print the model read nothing in is not paper: it stands as an unreadable mark, so its
    # cell is left out rather than taken for a blank
    chars += [
        _unread(p, k)
        for p, r in zip(pieces[:in_cells], reads[:in_cells], strict=True)
        if not r.text.strip()
    ]
    chars += [_unread(p, k) for p in blots]
    return chars, objs, angle
