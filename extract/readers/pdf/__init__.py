"""PDF reader (text layer, pdfplumber) → :class:`Document`.

One pass over the pages: each page's layout is walked once for its characters and rulings
(cheaper than pdfplumber's own object dicts); only pages with ruling lines go through table
finding. Ruled tables are rebuilt from their cell rectangles, so a number that a WPS/Word export
prints above or below its label (vertically centred in a tall merged cell) still lands in its
label's row, and a stub label printed one character per line or rotated (三、本年度办理结果) is
read back as one label. A table that runs off the bottom of a page keeps its table number on the
next page, on one column grid. A ruled table loses its 序号 (row-number) column by the rule HTML
and DOCX tables follow (:mod:`extract.readers.grid`). Page headers, footers and page-number lines
are dropped. Text outside tables is one row per line, split into fragments at wide gaps; in
unruled tables a wrapped label rejoins its vertically centred numbers and number columns are
aligned so a blank cell stays a blank in its column.
"""

from __future__ import annotations

import logging

from extract.layout import Document, UnreadableSource
from extract.readers.pdf.columns import _align_pages
from extract.readers.pdf.document import _assemble, _layout_page
from extract.readers.pdf.furniture import _drop_furniture
from extract.readers.pdf.items import _Page
from extract.readers.pdf.pages import _is_password, _open, _scan
from extract.readers.pdf.scanned import MAX_PAGES, Pictures, needs_ocr, recognise_page

# pdfminer warns on stderr about every damaged stream it recovers from; a batch of 100,000
# reports needs the one-line rejection reason, not that noise
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read_pdf(data: bytes) -> Document:
    """Read a PDF into rows: its text layer, and by OCR the pages that have none (scans, cid
    glyph layers, one big picture). Raises :class:`UnreadableSource` for encrypted or truncated
    PDFs and for those with no text to be had either way."""
    pdf = _open(data)
    pictures = Pictures(data)
    pages: list[_Page] = []
    total = cids = 0
    textless: list[int] = []
    scanned: list[int] = []
    failed: list[str] = []
    try:
        for number, page in enumerate(pdf.pages, start=1):
            chars, rulings, cid = _scan(page)
            ocr = needs_ocr(page, len(chars), cid) and len(scanned) < MAX_PAGES
            if ocr:
                try:
                    chars, rulings = recognise_page(page, pictures)
                except MemoryError:
                    raise
                except Exception as exc:  # the model failing on one page must not lose the rest
                    failed.append(f"page {number}: {type(exc).__name__}")
                    chars, rulings = [], []
                scanned.append(number)
                cid = 0 if chars else cid
            pages.append(_layout_page(page, number, chars, rulings, ocr=ocr))
            total += len(chars)
            cids += cid
            if not chars:
                textless.append(number)
            page.flush_cache()
    except UnreadableSource:
        raise
    except MemoryError:
        raise
    except Exception as exc:
        if _is_password(exc):
            raise UnreadableSource("password-protected PDF") from None
        raise UnreadableSource("truncated or corrupt PDF") from None
    finally:
        pdf.close()
        pictures.close()
    if cids and cids >= 0.05 * (total + cids):
        raise UnreadableSource("PDF text uses unmapped glyphs (cid)")
    if total < 20 and failed:
        raise UnreadableSource(f"scanned PDF, and OCR failed on {', '.join(failed)}")
    if total < 20:
        raise UnreadableSource("no text layer (scanned PDF)")
    _drop_furniture(pages)
    _align_pages(pages)
    doc = _assemble(pages)
    if not doc.rows:
        raise UnreadableSource("no text layer (scanned PDF)")
    if scanned:
        doc.notes.append(
            f"page(s) {', '.join(map(str, scanned))} read by OCR (no usable text layer)"
        )
    if failed:
        doc.notes.append(f"OCR failed on {', '.join(failed)}")
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
