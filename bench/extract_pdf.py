"""Seconds per page of the PDF reader, against one plain pdfplumber pass over the same pages.

Baseline, measured in the same run: ``pdfplumber.open`` + ``page.extract_words()`` on every page
(what any text-layer reader must at least pay). Target: reader / baseline ≤ 1.0.

    .venv/bin/python bench/extract_pdf.py [PDF ...]      # default: devset PDF + generated reports
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pdfplumber
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from extract.readers.pdf import read_pdf

REPO = Path(__file__).resolve().parents[1]
DEVSET_PDF = REPO.parent / "shared" / "devset" / "010_hongze_district_2024.pdf"
FONT = "STSong-Light"
H = A4[1]
PROSE = (
    "本机关坚持以习近平新时代中国特色社会主义思想为指导，全面推进政务公开工作，主动公开政府信息。"
)


def generated_report(requests_rows: int = 26, prose_pages: int = 3) -> bytes:
    """A report-shaped PDF: prose pages, then a ruled 10-column requests table over two pages."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for p in range(prose_pages):
        c.setFont(FONT, 10)
        for i in range(40):
            c.drawString(60, H - 60 - 18 * i, PROSE[: 28 + i % 5])
        c.drawString(290, 30, f"- {p + 1} -")
        c.showPage()
    widths = [24, 60, 150, *([34] * 7)]
    row_h = 28
    for part, rows in enumerate((range(0, 22), range(22, requests_rows))):
        c.setFont(FONT, 8)
        top = 60
        for r in rows:
            x = 40.0
            for col, w in enumerate(widths):
                c.rect(x, H - top - row_h, w, row_h, stroke=1, fill=0)
                text = (
                    f"{r + 1}.标签文字第{r + 1}行"
                    if col == 2
                    else (str(r * col) if col > 2 else "")
                )
                if text:
                    c.drawString(x + 2, H - top - (10 if col == 2 else 24), text)
                x += w
            top += row_h
        c.drawString(290, 30, f"- {prose_pages + part + 1} -")
        c.showPage()
    c.save()
    return buf.getvalue()


def baseline(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words()
        return len(pdf.pages)


def timed_pair(data: bytes, repeat: int) -> tuple[float, float]:
    """Reader and baseline timed alternately (so load from other processes hits both alike);
    the best of ``repeat`` runs of each."""
    reader, base = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        read_pdf(data)
        reader.append(time.perf_counter() - t)
        t = time.perf_counter()
        baseline(data)
        base.append(time.perf_counter() - t)
    return min(reader), min(base)


def main(argv: list[str]) -> int:
    inputs: list[tuple[str, bytes]] = [(Path(a).name, Path(a).read_bytes()) for a in argv]
    if not inputs:
        if DEVSET_PDF.is_file():
            inputs.append((DEVSET_PDF.name, DEVSET_PDF.read_bytes()))
        inputs.append(("generated 5-page report", generated_report()))
        inputs.append(("generated 12-page report", generated_report(prose_pages=10)))
    repeat = 7
    total_reader = total_base = 0.0
    total_pages = 0
    print(
        f"{'file':32} {'pages':>5} {'reader s/page':>14} {'extract_words s/page':>21} {'ratio':>6}"
    )
    for name, data in inputs:
        pages = baseline(data)  # warm-up, and the page count
        read_pdf(data)
        t_reader, t_base = timed_pair(data, repeat)
        total_reader += t_reader
        total_base += t_base
        total_pages += pages
        print(
            f"{name[:32]:32} {pages:5d} {t_reader / pages:14.4f} {t_base / pages:21.4f}"
            f" {t_reader / t_base:6.2f}"
        )
    print(
        f"{'overall':32} {total_pages:5d} {total_reader / total_pages:14.4f}"
        f" {total_base / total_pages:21.4f} {total_reader / total_base:6.2f}"
        f"   (best of {repeat} alternating runs; target ratio ≤ 1.00)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
