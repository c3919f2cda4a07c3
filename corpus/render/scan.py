"""A report as the scan of its printed, signed and stamped copy: an image-only PDF (or the page
images themselves), each page rasterised at 150–200 dpi, turned by up to ±1.5°, blurred,
speckled, sometimes printed faint, JPEG-compressed, with a red seal (公章) stamped over part of
the last page's print.

The pages are first laid out by :func:`corpus.render.pdf.render_pdf` and rendered by pdfium,
which needs a Chinese font on the system (Debian's ``fonts-wqy-microhei``; the Makefile
installs it). Deterministic for a given truth and seed.
"""

from __future__ import annotations

import io
import math
import random
import time
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from corpus.render.pdf import render_pdf
from corpus.truth import ReportTruth

#: where the system keeps the Chinese font the seal's ring of text is drawn in
SEAL_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@dataclass(frozen=True, slots=True)
class ScanLook:
    """How one scan was made (kept for test ids and for reproducing a failure)."""

    dpi: int
    angle: float
    blur: float
    speckle: float
    faint: bool
    jpeg: int
    seal: bool

    @property
    def name(self) -> str:
        flags = "+faint" if self.faint else ""
        return f"scan/{self.dpi}dpi {self.angle:+.1f}° q{self.jpeg}{flags}"


def random_look(rng: random.Random) -> ScanLook:
    return ScanLook(
        dpi=rng.choice((150, 170, 200)),
        angle=round(rng.uniform(-1.5, 1.5), 2),
        blur=round(rng.uniform(0.0, 0.8), 2),
        speckle=round(rng.uniform(0.0, 0.0006), 5),
        faint=rng.random() < 0.25,
        jpeg=rng.randint(40, 85),
        seal=True,
    )


def _seal(size: int, name: str) -> Image.Image:
    """A round red seal: double ring, star, the agency's name around the top (RGBA)."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (220, 30, 35, 210)
    w = max(3, size // 40)
    draw.ellipse((w, w, size - w, size - w), outline=red, width=w)
    c = size / 2
    r = size * 0.16
    star = [
        (
            c + (r if k % 2 == 0 else r * 0.4) * math.sin(k * math.pi / 5),
            c - (r if k % 2 == 0 else r * 0.4) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=red)
    try:
        font = ImageFont.truetype(SEAL_FONT, max(8, size // 9))
    except OSError:
        font = ImageFont.load_default()
    chars = name[:14]
    for k, ch in enumerate(chars):
        angle = -math.pi * 0.75 + k * (1.5 * math.pi / max(1, len(chars) - 1))
        x = c + (c - size * 0.17) * math.sin(angle)
        y = c - (c - size * 0.17) * math.cos(angle)
        draw.text((x, y), ch, fill=red, font=font, anchor="mm")
    return img


def _degrade(
    page: Image.Image, look: ScanLook, rng: random.Random, seal: Image.Image | None
) -> Image.Image:
    img = page.convert("RGB")
    if seal is not None:
        w, h = img.size
        x = int(rng.uniform(0.45, 0.75) * w) - seal.size[0] // 2
        y = int(rng.uniform(0.25, 0.75) * h) - seal.size[1] // 2
        layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
        layer.paste(seal, (x, y), seal)
        # ink on paper multiplies: black print stays black under the red
        arr = np.asarray(img, dtype=np.float32)
        lay = np.asarray(layer, dtype=np.float32)
        alpha = lay[:, :, 3:4] / 255.0
        tint = 1.0 - alpha * (1.0 - lay[:, :, :3] / 255.0)
        img = Image.fromarray(np.clip(arr * tint, 0, 255).astype(np.uint8))
    if look.faint:
        arr = np.asarray(img, dtype=np.float32)
        img = Image.fromarray((255 - (255 - arr) * 0.55).astype(np.uint8))
    img = img.rotate(look.angle, resample=Image.BICUBIC, expand=False, fillcolor=(250, 250, 248))
    if look.blur:
        img = img.filter(ImageFilter.GaussianBlur(look.blur))
    if look.speckle:
        arr = np.array(img)
        nrng = np.random.default_rng(rng.randrange(1 << 30))
        mask = nrng.random(arr.shape[:2]) < look.speckle
        arr[mask] = nrng.integers(0, 90, size=(int(mask.sum()), 1), dtype=np.uint8)
        img = Image.fromarray(arr)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=look.jpeg)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def scanned_pages(
    pdf: bytes, seed: int, seal_name: str = "某某局", look: ScanLook | None = None
) -> tuple[list[Image.Image], ScanLook]:
    """Any PDF's pages as degraded scans (the seal on the last page), and how they were made
    (drawn from ``seed`` unless ``look`` is given)."""
    import pypdfium2 as pdfium

    rng = random.Random(f"scan:{seed}")
    drawn = random_look(rng)
    look = look or drawn
    doc = pdfium.PdfDocument(pdf)
    pages = []
    try:
        n = len(doc)
        for i in range(n):
            raw = doc[i].render(scale=look.dpi / 72).to_pil()
            seal = _seal(int(look.dpi * 1.6), seal_name) if look.seal and i == n - 1 else None
            pages.append(_degrade(raw, look, rng, seal))
    finally:
        doc.close()
    return pages, look


def scan_pages(
    truth: ReportTruth, seed: int, ruled: bool = True, look: ScanLook | None = None
) -> tuple[list[Image.Image], ScanLook]:
    """The report's pages as degraded scans, and how they were made."""
    return scanned_pages(render_pdf(truth, ruled=ruled), seed, truth.agency_printed, look)


#: the date written into every generated scan, so its bytes depend only on the report
_FIXED_DATE = time.gmtime(1767225600)  # 2026-01-01


def as_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """Page images as an image-only PDF (JPEG-coded, as scanners write them)."""
    buf = io.BytesIO()
    pages[0].save(
        buf,
        "PDF",
        resolution=dpi,
        save_all=True,
        append_images=pages[1:],
        creationDate=_FIXED_DATE,
        modDate=_FIXED_DATE,
        producer="nianbao corpus",
    )
    return buf.getvalue()


#: a plain office scan: 150 dpi, a little turned and soft, stamped (the default corpus's
#: scanned reports, kept small)
OFFICE_SCAN = ScanLook(
    dpi=150, angle=0.6, blur=0.3, speckle=0.00005, faint=False, jpeg=55, seal=True
)


def render_scan(
    truth: ReportTruth, seed: int = 0, ruled: bool = True, look: ScanLook | None = None
) -> bytes:
    """The report as an image-only PDF of its scanned pages."""
    pages, look = scan_pages(truth, seed, ruled, look)
    return as_pdf(pages, look.dpi)


def scan_pdf(pdf: bytes, seed: int = 0) -> bytes:
    """Any PDF (a real report's, say) printed, stamped and scanned back to an image-only PDF."""
    pages, look = scanned_pages(pdf, seed)
    return as_pdf(pages, look.dpi)
