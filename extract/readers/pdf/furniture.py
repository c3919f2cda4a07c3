"""Page furniture: watermark glyphs, page numbers, running headers and footers. None of it is
report text, and left in it would merge into table rows or split a table's lines.
"""

from __future__ import annotations

import re
from collections import Counter

from extract.readers.pdf.items import Obj, _Line, _Page

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
