"""Opening a PDF and walking each page's layout once: characters and ruling candidates as small
dicts (cheaper than pdfplumber's object dicts), so only pages with rulings go through table
finding. Encrypted, truncated and non-PDF bytes are rejected with a one-line reason.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from extract.layout import UnreadableSource
from extract.readers.pdf.items import Obj

_CID = re.compile(r"\(cid:\d+\)")
_WHITE = {(1,), (1.0,), (1, 1, 1), (1.0, 1.0, 1.0), (0, 0, 0, 0), (0.0, 0.0, 0.0, 0.0)}


def _open(data: bytes) -> pdfplumber.PDF:
    if b"%PDF-" not in data[:1024]:
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
