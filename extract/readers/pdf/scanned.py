"""Pages without usable text — a scan with no text layer, a layer of unmapped (cid) glyphs, or
one big picture inside an otherwise normal PDF — are rendered (pdfium) and read by OCR into the
characters and rulings a text page would have had; from there they take the text path.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from extract.readers.pdf.items import Obj

#: the resolution pages are rendered at for OCR (dots per inch), and the most pixels a page's
#: longer side may have (a poster-sized page is rendered smaller, not into gigabytes)
DPI = int(os.environ.get("NIANBAO_OCR_DPI", "200"))
MAX_SIDE = 4000
#: the most pages of one file that are OCR'd (a report has a dozen; a 300-page scan is not one)
MAX_PAGES = 20
#: a page with fewer text-layer characters than this, under a picture covering this share of
#: it, is a scan
FEW_CHARS = 20
PICTURE_SHARE = 0.3


def needs_ocr(page: Any, n_chars: int, cid: int) -> bool:
    """Whether a page's text must be recognised from its picture."""
    if cid and cid >= n_chars:
        return True
    if n_chars >= FEW_CHARS:
        return False
    area = float(page.width) * float(page.height) or 1.0
    covered = sum(
        max(0.0, float(im["x1"]) - float(im["x0"]))
        * max(0.0, float(im["bottom"]) - float(im["top"]))
        for im in page.images
    )
    return covered / area >= PICTURE_SHARE


class Pictures:
    """The file's pages as pictures, opened once and only when a page needs one."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._doc: Any = None

    def render(self, index: int, width: float, height: float) -> tuple[np.ndarray, int]:
        """Page ``index`` (0-based) as a BGR image and the dpi it was rendered at."""
        import pypdfium2 as pdfium

        if self._doc is None:
            self._doc = pdfium.PdfDocument(self._data)
        dpi = min(DPI, int(MAX_SIDE * 72 / max(width, height, 1.0)))
        bitmap = self._doc[index].render(scale=dpi / 72, grayscale=False)
        pixels = bitmap.to_numpy()
        bgr = pixels[:, :, 2::-1] if bitmap.rev_byteorder else pixels[:, :, :3]
        return np.ascontiguousarray(bgr), dpi

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()


def recognise_page(page: Any, pictures: Pictures) -> tuple[list[Obj], list[Obj]]:
    """Characters (with ``conf``) and rulings of a page read from its picture."""
    from extract.readers.ocr.page import scan_page

    image, dpi = pictures.render(page.page_number - 1, float(page.width), float(page.height))
    chars, rulings, _ = scan_page(page, image, dpi)
    return chars, rulings
