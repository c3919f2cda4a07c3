"""What a page is read into: text lines (pieces split at wide gaps) and ruled tables (cell
rectangles with their text), in reading order per page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Obj = dict[str, Any]


@dataclass(slots=True)
class _Line:
    """A text line outside tables: pieces ``(x0, x1, text)`` split at wide gaps."""

    top: float
    bottom: float
    pieces: list[tuple[float, float, str]]

    @property
    def parts(self) -> list[str]:
        return [t for _, _, t in self.pieces]

    @property
    def text(self) -> str:
        return " ".join(self.parts)


@dataclass(slots=True)
class _Table:
    """One ruled table on one page: cell rectangles with their text, and its grid lines."""

    top: float
    bottom: float
    cells: list[tuple[float, float, float, float, str]]  # x0, top, x1, bottom, text
    xs: list[float]
    ys: list[float]


@dataclass(slots=True)
class _Page:
    number: int
    height: float
    items: list[tuple[float, _Line | _Table]] = field(default_factory=list)
    rotated: int = 0  # rotated glyphs dropped outside tables
    watermark: int = 0  # oversized (watermark) glyphs dropped
    #: the recognised characters (with ``conf``) when the page was read from its picture
    ocr_chars: list[Obj] | None = None


def _mid(line: _Line) -> float:
    return (line.top + line.bottom) / 2
