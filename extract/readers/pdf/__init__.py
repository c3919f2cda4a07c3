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

import logging

from extract.layout import Document, UnreadableSource
from extract.readers.pdf.columns import _align_pages
from extract.readers.pdf.document import _assemble, _read_page
from extract.readers.pdf.furniture import _drop_furniture
from extract.readers.pdf.items import _Page
from extract.readers.pdf.pages import _is_password, _open

# pdfminer warns on stderr about every damaged stream it recovers from; a batch of 100,000
# reports needs the one-line rejection reason, not that noise
logging.getLogger("pdfminer").setLevel(logging.ERROR)


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
