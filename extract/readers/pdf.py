"""PDF reader (text layer, pdfplumber) → :class:`Document`.

One pass over the pages: each page's layout is walked once for its characters and rulings
(cheaper than pdfplumber's own object dicts); only pages with ruling lines go through table
finding. Ruled tables are rebuilt from their cell rectangles, so a number that a WPS/Word export
prints above or below its label (vertically centred in a tall merged cell) still lands in its
label's row, and a stub label printed one character per line or rotated (三、本年度办理结果) is
read back as one label. A table that runs off the bottom of a page keeps its table number on the
next page, on one column grid. Page headers, footers and page-number lines are dropped. Text
outside tables is one row per line, split into fragments at wide gaps; in unruled tables a
wrapped label rejoins its vertically centred numbers and number columns are aligned so a blank
cell stays a blank in its column.
"""

from __future__ import annotations

import io
import logging
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from extract.layout import Document, Fragment, Row, UnreadableSource
from extract.readers.html import Span, clean_text, grid_rows, row_line

Obj = dict[str, Any]

# pdfminer warns on stderr about every damaged stream it recovers from; a batch of 100,000
# reports needs the one-line rejection reason, not that noise
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_MARGIN = 0.085  # share of the page height treated as header/footer band
_DECOR = r"[\s\-—–_·•|－]*"
_PAGE_NUMBER = re.compile(
    rf"^{_DECOR}(?:"
    r"\d{1,4}"  # - 3 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"  # 第3页 共5页
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"  # 共5页 第3页
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"  # 3/5
    r"|(?:page\s*)?\d{1,4}(?:\s*of\s*\d{1,4})?"  # Page 3 of 5
    rf"){_DECOR}$",
    re.I,
)
_PAGE_OF = re.compile(r"页|page", re.I)
_CID = re.compile(r"\(cid:\d+\)")
_WHITE = {(1,), (1.0,), (1, 1, 1), (1.0, 1.0, 1.0), (0, 0, 0, 0), (0.0, 0.0, 0.0, 0.0)}


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


# --------------------------------------------------------------------------- opening


def _open(data: bytes) -> pdfplumber.PDF:
    if b"%PDF" not in data[:1024]:
        raise UnreadableSource("not a PDF (no %PDF header)")
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n")[-2048:]:
        raise UnreadableSource("truncated or corrupt PDF")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableSource("password-protected PDF") from None
    except Exception as exc:
        if _is_password(exc):
            raise UnreadableSource("password-protected PDF") from None
        raise UnreadableSource("truncated or corrupt PDF") from None
    return pdf


def _is_password(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, PDFPasswordIncorrect | PDFEncryptionError):
            return True
        if any(isinstance(a, PDFPasswordIncorrect | PDFEncryptionError) for a in seen.args):
            return True
        seen = seen.__cause__ or seen.__context__
    return "password" in str(exc).lower()


# --------------------------------------------------------------------------- characters


def _scan(page: Any) -> tuple[list[Obj], list[Obj], int]:
    """One walk over the page's layout (pdfminer objects, as pdfplumber interprets them):
    characters as small dicts in page coordinates (top-down, like pdfplumber's), ruling
    candidates (lines, rectangles, stroked paths) as pdfplumber-style objects, and the count of
    unmapped (cid) glyphs. Skips pdfplumber's conversion of every object to a full attribute
    dict, which costs about as much as interpreting the page."""
    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    chars: list[Obj] = []
    rulings: list[Obj] = []
    cid = 0
    spaced = False
    stack = [iter(page.layout._objs)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
            continue
        if isinstance(obj, LTChar):
            text = obj.get_text()
            if not text or text.isspace():
                spaced = True
                continue
            if text.startswith("(cid:") and _CID.fullmatch(text):
                cid += 1
                continue
            a, b = abs(obj.matrix[0]), abs(obj.matrix[1])
            if a > 0.1 * b and b > 0.1 * a:  # slanted (diagonal watermark), never report text
                continue
            chars.append(
                {
                    "text": text,
                    "x0": obj.x0 + mb_x0,
                    "x1": obj.x1 + mb_x0,
                    "top": height - obj.y1 + mb_top,
                    "bottom": height - obj.y0 + mb_top,
                    "size": obj.size,
                    "upright": b <= 0.1 * a,
                    # text running up the page (rotated counter-clockwise) reads bottom to top
                    "rises": obj.matrix[1] > 0,
                    "spaced": spaced,  # a space glyph came just before (narrow word spaces)
                }
            )
            spaced = False
        elif isinstance(obj, LTCurve):
            ruling = _ruling(obj, height, mb_x0, mb_top)
            if ruling is not None:
                rulings.append(ruling)
        elif isinstance(obj, LTContainer):
            stack.append(iter(obj._objs))
    return chars, rulings, cid


def _shown_height(page: Any) -> float:
    """The page's height as shown: a portrait page marked /Rotate 90 or 270 (landscape as some
    exporters print it) is laid out turned, its text from the top down over the media box's
    width: that is the height the header/footer bands are measured on."""
    if (page.rotation or 0) % 180 == 90:
        return float(page.width)
    return float(page.height)


def _ruling(obj: LTCurve, height: float, mb_x0: float, mb_top: float) -> Obj | None:
    """A line, a stroked or coloured rectangle, or a stroked path, as a pdfplumber object that
    ``find_tables`` can take as an explicit ruling; None for what does not rule a table."""
    kind = "line" if isinstance(obj, LTLine) else "rect" if isinstance(obj, LTRect) else "curve"
    if not _is_ruling(kind, obj.stroke, obj.fill, obj.non_stroking_color):
        return None
    top = height - obj.y1 + mb_top
    out: Obj = {
        "object_type": kind,
        "x0": obj.x0 + mb_x0,
        "x1": obj.x1 + mb_x0,
        "y0": obj.y0,
        "y1": obj.y1,
        "top": top,
        "bottom": height - obj.y0 + mb_top,
        "doctop": top,
        "width": obj.width,
        "height": obj.height,
    }
    if kind == "curve":
        out["pts"] = [(mb_x0 + x, mb_top + height - y) for x, y in obj.pts]
    return out


#: glyphs this many times the page's median size are a watermark (titles are ~1.5×)
_WATERMARK_SIZE = 3.0


def _drop_watermark(chars: list[Obj], page: _Page) -> list[Obj]:
    """Drop a level watermark (内部资料 across the page): its huge glyphs would otherwise merge
    into the table rows they cross. Slanted ones never reach here (see :func:`_scan`)."""
    if len(chars) < 20:
        return chars
    sizes = sorted(c["size"] for c in chars)
    limit = _WATERMARK_SIZE * sizes[len(sizes) // 2]
    if sizes[-1] <= limit:
        return chars
    kept = [c for c in chars if c["size"] <= limit]
    page.watermark = len(chars) - len(kept)
    return kept


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


# --------------------------------------------------------------------------- ruled tables


def _is_ruling(kind: str, stroke: bool, fill: bool, colour: Any) -> bool:
    """Lines and stroked rectangles or paths rule a table; so do filled rectangles in a colour
    (thin black bars drawn as borders, shaded header cells). White fills (page backgrounds, the
    white cell fills WPS draws under every cell) and filled shapes (seals, logos) do not."""
    if kind == "line" or stroke:
        return True
    if fill and kind == "rect":
        key = tuple(colour) if isinstance(colour, list | tuple) else (colour,)
        return colour is not None and key not in _WHITE
    return False


def _cluster(values: Iterable[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(bounds: Sequence[float], v: float, tol: float = 2.0) -> int:
    return max(0, bisect_right(bounds, v + tol) - 1)


def _ruled_tables(
    page: Any, chars: list[Obj], rulings: list[Obj]
) -> tuple[list[_Table], list[Obj]]:
    """Tables ruled by lines on this page, and the characters left outside them."""
    if len(rulings) < 2:
        return [], chars
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": rulings,
        "explicit_horizontal_lines": rulings,
        "snap_tolerance": 3,
        "join_tolerance": 3,
        "intersection_tolerance": 3,
    }
    try:
        found = page.find_tables(table_settings=settings)
    except ValueError:  # fewer than two rulings in one direction
        return [], chars
    tables: list[_Table] = []
    claimed: set[int] = set()
    for tab in found:
        cells = tab.cells
        if len(cells) < 2:
            continue
        xs = _cluster(v for c in cells for v in (c[0], c[2]))
        ys = _cluster(v for c in cells for v in (c[1], c[3]))
        owner: dict[tuple[int, int], int] = {}
        for i, (x0, top, x1, bottom) in enumerate(cells):
            r0, c0 = _index(ys, top), _index(xs, x0)
            r1, c1 = max(r0 + 1, _index(ys, bottom)), max(c0 + 1, _index(xs, x1))
            for r in range(r0, r1):
                for c in range(c0, c1):
                    owner.setdefault((r, c), i)
        if len(xs) == 2:  # a single-column box (a framed paragraph): leave it to the text flow
            continue
        members: list[list[Obj]] = [[] for _ in cells]
        x_lo, y_lo, x_hi, y_hi = tab.bbox
        for n, ch in enumerate(chars):
            cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            if not (x_lo <= cx <= x_hi and y_lo <= cy <= y_hi):
                continue
            i = owner.get((_index(ys, cy, 0), _index(xs, cx, 0)))
            if i is None:
                continue
            members[i].append(ch)
            claimed.add(n)
        texts = [(*cell, _cell_text(members[i])) for i, cell in enumerate(cells)]
        tables.append(_Table(y_lo, y_hi, texts, xs, ys))
    rest = [ch for n, ch in enumerate(chars) if n not in claimed]
    return tables, rest


def _grid(part: _Table, xs: list[float], index: int, where: str) -> list[Row]:
    """One page's part of a table as grid rows on the column lines ``xs`` (shared by all parts
    of a table continued over pages, so a column keeps its position on every page)."""
    spans = []
    for x0, top, x1, bottom, text in part.cells:
        r0, c0 = _index(part.ys, top), _index(xs, x0)
        r1, c1 = max(r0 + 1, _index(part.ys, bottom)), max(c0 + 1, _index(xs, x1))
        spans.append(Span(r0, c0, r1 - r0, c1 - c0, text))
    rows = grid_rows(spans, index, "")
    return [
        Row([Fragment(f.text, where, f.covered) for f in row.fragments], table=index)
        for row in rows
    ]


def _continues(prev: _Table, part: _Table) -> bool:
    """Same left and right border: the part on the new page is the same table running on."""
    return abs(prev.xs[0] - part.xs[0]) <= 3 and abs(prev.xs[-1] - part.xs[-1]) <= 3


# --------------------------------------------------------------------------- page assembly


def _read_page(page: Any, number: int) -> tuple[_Page, int, int]:
    chars, rulings, cid = _scan(page)
    out = _Page(number, _shown_height(page))
    chars = _drop_watermark(chars, out)
    tables, rest = _ruled_tables(page, chars, rulings)
    for tab in tables:
        out.items.append((tab.top, tab))
    # rotated glyphs outside tables are watermarks and margin stamps, not report text
    rotated = sum(1 for c in rest if not c["upright"])
    if rotated:
        rest = [c for c in rest if c["upright"]]
        out.rotated = rotated
    lines = []
    for line in _lines_of(rest):
        top = min(c["top"] for c in line)
        bottom = max(c["bottom"] for c in line)
        pieces = _pieces(line, split_gap=2.0)
        if pieces:
            lines.append(_Line(top, bottom, pieces))
    out.items.extend((ln.top, ln) for ln in _rejoin_cut_numbers(lines))
    out.items.sort(key=lambda it: it[0])
    out.items = _attach_detached_labels(out.items)
    return out, len(chars), cid


# --------------------------------------------------------------------------- unruled tables

_MARKS = {"/", "／", "-", "－", "—", "——", "–", "无", "\\"}
_NUMBER = re.compile(r"^[-－+]?[\d０-９][\d０-９,，.．]*\s*(?:万元|元|%|％)?$")
#: how far (in line heights, centre to centre) a wrapped label line may sit from its row
_REACH = 1.6
#: how a row's label opens: （一） 1. 一、 第二十条第（五）项
_ROW_START = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]"
    r"|第[一二三四五六七八九十百\d]{1,4}[条项])"
)


def _is_value(text: str) -> bool:
    return text in _MARKS or bool(_NUMBER.match(text))


def _mid(line: _Line) -> float:
    return (line.top + line.bottom) / 2


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


def _drop_furniture(pages: list[_Page]) -> None:
    """Remove page numbers and running headers/footers: text lines in the top or bottom band of
    a page that are page-number shaped, or that repeat on several pages; and anywhere on the
    page, lines that are nothing but a worded page number (第 3 页 共 5 页, Page 3 of 5)."""
    band: Counter[str] = Counter()

    def in_band(page: _Page, line: _Line) -> bool:
        return line.bottom < page.height * _MARGIN or line.top > page.height * (1 - _MARGIN)

    for page in pages:
        for _, item in page.items:
            if isinstance(item, _Line) and in_band(page, item):
                band[re.sub(r"\d+", "#", item.text)] += 1
    repeated = {t for t, n in band.items() if n >= 2 and len(pages) >= 2}
    # a running header that repeats the title printed in the body: the body keeps it
    seen: set[str] = {
        shape
        for page in pages
        for _, item in page.items
        if isinstance(item, _Line) and not in_band(page, item)
        for shape in [re.sub(r"\d+", "#", item.text)]
        if shape in repeated
    }
    for page in pages:
        kept = []
        for top, item in page.items:
            if (
                isinstance(item, _Line)
                and _PAGE_OF.search(item.text)
                and _PAGE_NUMBER.match(item.text)
            ):
                continue  # 第 3 页 共 5 页 above a tall bottom margin: never report text
            if isinstance(item, _Line) and in_band(page, item):
                if _PAGE_NUMBER.match(item.text):
                    continue
                shape = re.sub(r"\d+", "#", item.text)
                if shape in repeated and shape in seen:
                    continue  # a running header: keep its first copy (it may be the title)
                seen.add(shape)
            kept.append((top, item))
        page.items = kept


def _assemble(pages: list[_Page]) -> Document:
    """Pages → Document. A table that opens a page right after one that closed the previous
    page (nothing in between, same outer borders) is the same table: it keeps its number and
    all its parts are laid on the union of their column lines."""
    blocks: list[tuple[int, _Line | list[tuple[int, _Table]]]] = []
    for page in pages:
        for pos, (_, item) in enumerate(page.items):
            if isinstance(item, _Table) and pos == 0 and blocks:
                last = blocks[-1][1]
                if (
                    isinstance(last, list)
                    and last[-1][0] == page.number - 1
                    and _continues(last[-1][1], item)
                ):
                    last.append((page.number, item))
                    continue
            blocks.append(
                (page.number, [(page.number, item)] if isinstance(item, _Table) else item)
            )
    rows: list[Row] = []
    lines: list[str] = []
    notes: list[str] = []
    n_tables = 0
    for number, block in blocks:
        if isinstance(block, _Line):
            rows.append(Row([Fragment(p, f"page {number}") for p in block.parts]))
            lines.append("\t".join(block.parts))
            continue
        xs = _cluster(x for _, part in block for x in part.xs)
        for k, (page_no, part) in enumerate(block):
            part_rows = _grid(part, xs, n_tables, f"page {page_no}")
            if k:
                notes.append(f"table {n_tables + 1} continued on page {page_no}")
                _cover_continued_stub(part_rows)
            rows.extend(part_rows)
            lines.extend(row_line(r) for r in part_rows)
        n_tables += 1
    return Document(rows=rows, text="\n".join(lines), kind="pdf", notes=notes)


def _cover_continued_stub(rows: list[Row]) -> None:
    """On a continued table's first row, empty stub positions before the row's label are the
    rest of merged labels from the previous page: covered, not blank cells."""
    if not rows:
        return
    frags = rows[0].fragments
    first = next((i for i, f in enumerate(frags) if f.text), None)
    if first is None or first == 0 or _is_value(frags[first].text):
        return
    for i in range(first):
        if not frags[i].covered:
            frags[i] = Fragment("", frags[i].where, covered=True)


def read_pdf(data: bytes) -> Document:
    """Read a PDF's text layer into rows. Raises :class:`UnreadableSource` for encrypted,
    truncated, scanned (no text layer) or unmapped-glyph (cid) PDFs."""
    pdf = _open(data)
    pages: list[_Page] = []
    total = cids = 0
    textless: list[int] = []
    try:
        for number, page in enumerate(pdf.pages, start=1):
            read, n, cid = _read_page(page, number)
            pages.append(read)
            total += n
            cids += cid
            if n == 0:
                textless.append(number)
            page.flush_cache()
    except UnreadableSource:
        raise
    except Exception as exc:
        if _is_password(exc):
            raise UnreadableSource("password-protected PDF") from None
        raise UnreadableSource("truncated or corrupt PDF") from None
    finally:
        pdf.close()
    if cids and cids >= 0.05 * (total + cids):
        raise UnreadableSource("PDF text uses unmapped glyphs (cid)")
    if total < 20:
        raise UnreadableSource("no text layer (scanned PDF)")
    _drop_furniture(pages)
    _align_pages(pages)
    doc = _assemble(pages)
    if not doc.rows:
        raise UnreadableSource("no text layer (scanned PDF)")
    if textless:
        doc.notes.append(f"no text layer on page(s) {', '.join(map(str, textless))} (scanned?)")
    if cids:
        doc.notes.append(f"{cids} unmapped (cid) glyphs dropped")
    marked = [str(p.number) for p in pages if p.watermark]
    if marked:
        doc.notes.append(f"watermark glyphs dropped on page(s) {', '.join(marked)}")
    rotated = [f"{p.rotated} on page {p.number}" for p in pages if p.rotated]
    if rotated:
        doc.notes.append(f"rotated text outside tables dropped: {', '.join(rotated)}")
    return doc


def _align_pages(pages: list[_Page]) -> None:
    """Unruled tables: give every line of numbers one piece per number column, ``""`` where the
    column is empty on that line (a blank cell), so a blank does not shift later numbers left.

    Columns are the horizontal extents shared by the numbers of one table: a run of consecutive
    number lines (on to the next page when the table runs over it), bridged over wrapped stub
    lines that sit between two of its rows (a line whose text all ends left of the numbers, such
    as the 供 of a wrapped 无法提供). A run too short to show every column (one row under its
    header) takes the missing ones from the header line just above it, and a row right under
    its header with no number at all gets one blank per header column. A run whose numbers do
    not fall one per column is aligned in its parts (page by page, between stub lines), or
    left as it is.
    """
    for page in pages:
        page.items = _blank_rows(page.items)
    items = [it for page in pages for it in page.items]
    where = [(n, k) for n, page in enumerate(pages) for k in range(len(page.items))]
    for run in _runs(items, where):
        parts = run if len(run) == 1 else [[k for part in run for k in part], *run]
        done: set[int] = set()
        for part in parts:
            if done.intersection(part):
                continue
            lines = [items[k][1] for k in part]
            aligned = _aligned(lines, _header_columns(items, part, _columns(lines)))
            if aligned is lines:
                continue
            done.update(part)
            for k, line in zip(part, aligned, strict=True):
                n, pos = where[k]
                pages[n].items[pos] = (pages[n].items[pos][0], line)


def _blank_rows(items: list[tuple[float, _Line | _Table]]) -> list:
    """A row of an unruled table whose cells are all empty prints only its label: right under
    a header line (a stub header over the label, column headers right of it), it gets one
    ``""`` per column header, so the row is read as blanks rather than left out."""
    out = list(items)
    for k in range(1, len(items)):
        header, row = items[k - 1][1], items[k][1]
        if not (isinstance(header, _Line) and isinstance(row, _Line)) or len(row.pieces) != 1:
            continue
        x0, x1, text = row.pieces[0]
        if _is_value(text) or len(header.pieces) < 2:
            continue
        if any(_is_value(t) for _, _, t in header.pieces):
            continue
        h = max(row.bottom - row.top, 1.0)
        stub = header.pieces[0]
        heads = header.pieces[1:]
        if not (-h <= row.top - header.bottom <= 2 * h):
            continue
        if not (stub[0] <= x1 and x0 <= stub[1] and x1 < heads[0][0]):
            continue
        if any(_ROW_START.match(t) for _, _, t in heads):
            continue  # a wrapped stub beside a row label (（六）其他处 / 2.申请人…), not a header
        blanks = [(a, a, "") for a, _, _ in heads]
        out[k] = (items[k][0], _Line(row.top, row.bottom, [row.pieces[0], *blanks]))
    return out


def _value_x(line: _Line) -> float:
    return next(x0 for x0, _, t in line.pieces if _is_value(t))


def _runs(items: list[tuple[float, _Line | _Table]], where: list[tuple[int, int]]) -> list:
    """The number lines of each unruled table, as parts (lists of item indexes). Number lines
    that follow each other on a page are one part; the table goes on in a new part across a
    page break with nothing in between, or across stub lines (all their text left of both
    lines' numbers) no more than four line heights tall (a heading between two tables is
    farther apart)."""
    runs: list[list[list[int]]] = []
    run: list[list[int]] = []
    between: list[_Line] = []
    for i, (_, item) in enumerate(items):
        if isinstance(item, _Table):
            run, between = [], []
            continue
        if not _is_value(item.pieces[-1][2]):
            if run:
                between.append(item)
            continue
        if run:
            last = run[-1][-1]
            prev = items[last][1]
            left = min(_value_x(prev), _value_x(item))
            h = max(item.bottom - item.top, prev.bottom - prev.top, 1.0)
            if where[last][0] != where[i][0]:
                if between:
                    run = []
                else:
                    run.append([])
            elif between:
                stub = all(ln.pieces[-1][1] < left for ln in between)
                if stub and _mid(item) - _mid(prev) <= 4 * h:
                    run.append([])
                else:
                    run = []
        if not run:
            run = [[]]
            runs.append(run)
        run[-1].append(i)
        between = []
    return runs


def _columns(lines: list[_Line]) -> list[tuple[float, float]]:
    """Horizontal extents the lines' numbers share (overlapping spans merged)."""
    spans = sorted((x0, x1) for ln in lines for x0, x1, t in ln.pieces if _is_value(t))
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(a, b) for a, b in columns]


def _header_columns(
    items: list[tuple[float, _Line | _Table]], run: list[int], columns: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """``columns`` completed from the header line right above the run: when that line has more
    pieces right of the run's labels than the run has columns, and every column lies under a
    piece of its own, a header piece with no column under it is an empty column."""
    first = run[0]
    if first == 0 or not columns:
        return columns
    header = items[first - 1][1]
    top = items[first][1]
    if not isinstance(header, _Line) or any(_is_value(t) for _, _, t in header.pieces):
        return columns
    h = max(top.bottom - top.top, 1.0)
    if not -h <= top.top - header.bottom <= 2 * h:
        return columns
    end = _label_end(items, run)
    heads = [(x0, x1) for x0, x1, _ in header.pieces if x0 > end]
    if len(heads) <= len(columns):
        heads = _header_leaves(items, run[0], end)
    if len(heads) <= len(columns):
        return columns
    owner = []
    for a, b in columns:
        under = [k for k, (x0, x1) in enumerate(heads) if a <= x1 and b >= x0]
        if len(under) != 1:
            return columns
        owner.append(under[0])
    if len(set(owner)) != len(owner):
        return columns
    mine = dict(zip(owner, columns, strict=True))
    return [mine.get(k, (x0, x0)) for k, (x0, _) in enumerate(heads)]


def _header_leaves(
    items: list[tuple[float, _Line | _Table]], first: int, end: float
) -> list[tuple[float, float]]:
    """The bottom-level column headers of a header printed over several lines (自然人 beside
    法人或其他组织 over 商业企业…, labels wrapped as 商业企/业): of the header lines right above
    the first number line (up to the heading over the table), the pieces right of the row labels
    (``end``) with no piece under them on a lower header line, merged where they overlap."""
    block: list[_Line] = []  # nearest first
    below = items[first][1]
    for k in range(first - 1, max(first - 9, -1), -1):
        line = items[k][1]
        if not isinstance(line, _Line) or any(_is_value(t) for _, _, t in line.pieces):
            break
        if len(line.pieces) == 1 and _ROW_START.match(line.pieces[0][2]):
            break  # the section heading over the table
        h = max(line.bottom - line.top, 1.0)
        if below.top - line.bottom > 2 * h:
            break
        block.append(line)
        below = line
    leaves = sorted(
        (x0, x1)
        for n, ln in enumerate(block)
        for x0, x1, t in ln.pieces
        if t
        and x0 > end
        and not any(a <= x1 and x0 <= b for low in block[:n] for a, b, u in low.pieces if u)
    )
    merged: list[list[float]] = []
    for x0, x1 in leaves:
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _label_end(items: list[tuple[float, _Line | _Table]], run: list[int]) -> float:
    ends = [p[1] for k in run for p in items[k][1].pieces if not _is_value(p[2])]
    return max(ends, default=0.0)


def _aligned(lines: list, columns: list[tuple[float, float]]) -> list:
    if len(columns) < 2:
        return lines
    result = []
    for ln in lines:
        label = [p for p in ln.pieces if not _is_value(p[2])]
        slots: list[tuple[float, float, str] | None] = [None] * len(columns)
        for p in ln.pieces:
            if not _is_value(p[2]):
                continue
            k = next((i for i, (a, b) in enumerate(columns) if a <= p[0] <= b), None)
            if k is None or slots[k] is not None or (label and label[-1][1] > columns[0][0]):
                return lines  # two numbers in one column, or a label reaching into the numbers
            slots[k] = p
        pieces = label + [
            s if s is not None else (columns[i][0], columns[i][0], "") for i, s in enumerate(slots)
        ]
        result.append(_Line(ln.top, ln.bottom, pieces))
    return result
