"""Where the print is on a scanned page: ruling lines, and text lines cut into pieces at wide
gaps — from the ink mask, before anything is recognised, so only ink is sent to the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: the height of the smallest digit a report prints, in points (a 7.5 pt table font's digits)
SMALLEST_PRINT_PT = 5.0


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling line in pixels: horizontal when ``y0 == y1`` in spirit (thin and long)."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.y1 - self.y0


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of print on one text line, in pixels: what one recogniser call reads."""

    x0: int
    y0: int
    x1: int
    y1: int
    #: the text line it is on (pieces of one line share it)
    line: int = 0


def rulings(mask: np.ndarray, dpi: int) -> tuple[list[Segment], np.ndarray]:
    """Ruling lines (at least ~5 mm long) and a mask of their pixels, so text can be read
    without them. A line broken by a little noise is closed first."""
    reach = max(10, int(dpi * 5 / 25.4))
    horiz = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1))
    )
    vert = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, reach))
    )
    segments: list[Segment] = []
    for lines in (horiz, vert):
        n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for x, y, w, h, _area in stats[1:n]:
            segments.append(Segment(int(x), int(y), int(x + w), int(y + h)))
    both = cv2.dilate(horiz | vert, np.ones((3, 3), np.uint8))
    return segments, both


def _runs(profile: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """Runs of true in ``profile`` as half-open ranges, runs closer than ``min_gap`` joined."""
    idx = np.flatnonzero(profile)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > min_gap)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def text_pieces(mask: np.ndarray, dpi: int, gap: float = 1.2) -> list[Piece]:
    """Pieces of print in ``mask`` (rulings already removed): text lines by the row profile,
    each cut where a gap is wider than ``gap`` line heights.

    Lines and pieces are found from blots at least half as tall as the smallest digit a
    report prints (:data:`SMALLEST_PRINT_PT`): dust and speckle never make a piece of their
    own, while a decimal point or a 、 between larger print lies inside its piece and is read
    with it."""
    least = SMALLEST_PRINT_PT * dpi / 72
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    big = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    keep[1:] = big >= 0.5 * least
    clean = keep[labels]
    out: list[Piece] = []
    for line, (y0, y1) in enumerate(_runs(clean.any(axis=1), 1)):
        band = clean[y0:y1]
        for x0, x1 in _runs(band.any(axis=0), max(2, int(gap * (y1 - y0)))):
            rows = np.flatnonzero(band[:, x0:x1].any(axis=1))
            out.append(Piece(x0, y0 + int(rows[0]), x1, y0 + int(rows[-1]) + 1, line))
    return out


def prose_lines(pieces: list[Piece]) -> set[int]:
    """Lines of running prose: a piece reaching across most of the print's width at body
    height. Their words are not needed to find or read the tables (headings, the title and
    the signature date are short or large), and they are most of a page's recognition cost."""
    if not pieces:
        return set()
    left = min(p.x0 for p in pieces)
    width = max(p.x1 for p in pieces) - left
    heights = sorted(p.y1 - p.y0 for p in pieces)
    body = heights[len(heights) // 2]
    by_line: dict[int, list[Piece]] = {}
    for p in pieces:
        by_line.setdefault(p.line, []).append(p)
    out = set()
    for line, ps in by_line.items():
        widest = max(ps, key=lambda p: p.x1 - p.x0)
        if widest.x1 - widest.x0 >= 0.6 * width and widest.y1 - widest.y0 <= 1.3 * body:
            out.add(line)
    return out


def has_print(mask: np.ndarray, dpi: int) -> bool:
    """Whether a region holds any print bigger than a speck (a blank cell holds none)."""
    speck = max(2, dpi // 100)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return bool(n > 1 and ((stats[1:, 2] > speck) | (stats[1:, 3] > speck)).any())
