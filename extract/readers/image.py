"""Image files of report pages (PNG, JPEG, TIFF — a multi-page TIFF is a whole report) are read
as the scanned PDF they would have been: the pages are wrapped in an image-only PDF at their own
resolution and read by :func:`extract.readers.pdf.read_pdf`, which OCRs pages without text. One
path for every scan.
"""

from __future__ import annotations

import io
import warnings

from extract.layout import Document, UnreadableSource

#: the most pixels one page image may have (an A4 page at 600 dpi is 35 million); a larger
#: image is a decompression bomb or not a page
MAX_PIXELS = 60_000_000
#: the resolution assumed when the file states none: an A4 page's width in inches
_A4_WIDTH_IN = 8.27


def read_image(data: bytes) -> Document:
    """Read page images by OCR. Raises :class:`UnreadableSource` for undecodable or oversized
    images."""
    from PIL import Image, ImageSequence

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
        pages = []
        dpi = 0.0
        for frame in ImageSequence.Iterator(img):
            if frame.width * frame.height > MAX_PIXELS:
                raise UnreadableSource(
                    f"page image of {frame.width}×{frame.height} pixels (limit {MAX_PIXELS:,})"
                )
            stated = frame.info.get("dpi", (0, 0))[0] or 0
            dpi = float(stated) if stated and float(stated) >= 50 else frame.width / _A4_WIDTH_IN
            pages.append(frame.convert("RGB"))
            if len(pages) >= 100:
                break
    except UnreadableSource:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnreadableSource(f"image larger than {MAX_PIXELS:,} pixels") from None
    except Exception as exc:
        raise UnreadableSource(f"damaged or unsupported image ({type(exc).__name__})") from None
    if not pages:
        raise UnreadableSource("image file with no pages")
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    from extract.readers.pdf import read_pdf

    doc = read_pdf(buf.getvalue())
    doc.kind = "image"
    return doc
