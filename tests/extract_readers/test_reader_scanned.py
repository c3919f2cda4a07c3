"""Scanned reports: image-only PDFs and page images read by the real OCR model, never a wrong number.

Every scan here is made by ``corpus.render.scan`` from a report with known truth (or from the
devset's real PDF): rasterised at 150–200 dpi, turned by up to ±1.5°, blurred, speckled,
sometimes printed faint, JPEG-compressed, with a red seal stamped over the last page. A cell is
right, left out (with a note), or wrong; wrong is never allowed, for cells and for the metadata
(an agency name the scan could not show is left out, not guessed). Coverage is printed
(``-s``) and held above a floor so the reader cannot quietly stop reading.

``NIANBAO_SCAN_SEED`` moves the seed base; ``bench/extract_ocr.py`` runs the same check over
more reports and measures the cost per page.
"""

from __future__ import annotations

import io
import os
from importlib.resources import files
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from corpus.render.scan import SEAL_FONT, render_scan, scan_pages, scan_pdf
from corpus.roundtrip import differences
from corpus.truth import generate_truth
from extract.api import extract_bytes
from extract.machine_read import MIN_CONFIDENCE
from extract.readers.ocr import engine
from extract.readers.ocr.image import ink, skew_angle, without_seal
from extract.scoring import parse_gold, score_file

SEED_BASE = int(os.environ.get("NIANBAO_SCAN_SEED", "100"))
N_REPORTS = 6
DEVSET_PDF = "010_hongze_district_2024.pdf"


def _line(text: str, size: int = 40) -> np.ndarray:
    img = Image.new("RGB", (size * (len(text) + 2), int(size * 1.6)), "white")
    ImageDraw.Draw(img).text(
        (size, size // 4), text, fill="black", font=ImageFont.truetype(SEAL_FONT, size)
    )
    return np.asarray(img)[:, :, ::-1].copy()


def test_the_model_ships_in_the_wheel_and_reads_chinese_and_digits() -> None:
    model = files("rapidocr_onnxruntime") / "models" / "ch_PP-OCRv4_rec_infer.onnx"
    assert model.is_file() and model.stat().st_size > 5_000_000
    read = engine.recognise([_line("本年新收申请2024件")])[0]
    assert read.text.strip() == "本年新收申请2024件"
    assert read.confidence > 0.9
    assert all(g.x0 < h.x0 for g, h in zip(read.glyphs, read.glyphs[1:], strict=False))


def test_the_seal_is_taken_out_and_the_print_beneath_it_kept() -> None:
    page = np.full((200, 200, 3), 255, dtype=np.uint8)
    cv2.putText(page, "8", (80, 130), cv2.FONT_HERSHEY_SIMPLEX, 2.5, (40, 40, 40), 5)
    seal = np.full_like(page, 255)
    cv2.circle(seal, (100, 100), 90, (35, 30, 220), -1)  # red (BGR), multiplied over the print
    stamped = (page.astype(np.float32) * seal / 255.0).astype(np.uint8)
    gray = without_seal(stamped)
    assert gray[10:40, 90:110].min() > 200, "bare seal reads as paper"
    digit = gray[60:140, 70:140]
    assert digit.min() < 90, "the digit under the seal is still print"


@pytest.mark.parametrize("angle", [-1.5, -0.7, 0.5, 1.2])
def test_skew_is_measured_from_the_print(angle: float) -> None:
    import pypdfium2 as pdfium

    from corpus.render.pdf import render_pdf

    page = pdfium.PdfDocument(render_pdf(generate_truth(5)))[1].render(scale=150 / 72).to_pil()
    turned = page.convert("RGB").rotate(angle, resample=Image.BICUBIC, fillcolor="white")
    img = np.asarray(turned)[:, :, ::-1].copy()
    assert abs(skew_angle(ink(without_seal(img))) + angle) < 0.15


@pytest.fixture(scope="module")
def scans() -> list[tuple[int, object, object]]:
    out = []
    for seed in range(SEED_BASE, SEED_BASE + N_REPORTS):
        truth = generate_truth(seed)
        data = render_scan(truth, seed)
        out.append((seed, truth, extract_bytes(data, f"scan_{seed}.pdf")))
    return out


def test_scanned_reports_never_land_a_wrong_number(scans) -> None:
    right = total = 0
    wrong: list[str] = []
    for seed, truth, ex in scans:
        assert ex.status == "ok", (seed, ex.reason)
        diffs = differences(truth, ex)
        # a metadata field the scan could not show is left out (None); anything else is wrong
        wrong += [f"seed {seed}: {d}" for d in diffs if "missing" not in d and "got None" not in d]
        got = {(c.table, c.row, c.col): c.value for c in ex.cells}
        total += len(truth.cells)
        right += sum(1 for k, v in truth.cells.items() if k in got and got[k] == v)
        machine = [c for c in ex.cells if c.value is not None]
        assert all(c.confidence is not None and c.confidence >= MIN_CONFIDENCE for c in machine)
        assert all(c.where.endswith("(OCR)") for c in ex.cells)
        assert any("read by OCR" in n for n in ex.notes)
    share = right / total
    print(
        f"\nscanned: {len(scans)} reports, {total} cells: right {right} ({share:.1%}), wrong {len(wrong)}"
    )
    assert not wrong, "\n".join(wrong[:20])
    assert share > 0.6, f"coverage fell to {share:.1%}"


def test_left_out_cells_are_noted(scans) -> None:
    for seed, truth, ex in scans:
        if set(truth.cells) - {(c.table, c.row, c.col) for c in ex.cells}:
            assert any(n.startswith("left out") or "not read" in n for n in ex.notes), seed


def test_the_devset_pdf_scanned_is_right_or_left_out(shared_dir: Path) -> None:
    raw = (shared_dir / "devset" / DEVSET_PDF).read_bytes()
    gold = parse_gold((shared_dir / "devset" / "gold_cells.csv").read_text(encoding="utf-8"))[
        DEVSET_PDF
    ]
    for seed in (0, 1):
        ex = extract_bytes(scan_pdf(raw, seed), DEVSET_PDF)
        score = score_file(ex, gold)
        wrong = [w for w in score.wrong if "got None" not in w]
        print(f"\ndevset PDF as scan (seed {seed}): {score.summary()}")
        assert not wrong, wrong
        assert score.right >= 0.8 * score.total


def test_page_images_are_read_the_same_way() -> None:
    truth = generate_truth(SEED_BASE)
    pages, look = scan_pages(truth, SEED_BASE)
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], dpi=(look.dpi, look.dpi))
    ex = extract_bytes(buf.getvalue(), "report.tif")
    assert ex.status == "ok", ex.reason
    assert not [d for d in differences(truth, ex) if "missing" not in d and "got None" not in d]
    assert len(ex.cells) > 0.6 * len(truth.cells)
    png = io.BytesIO()
    pages[0].save(png, "PNG")
    first = extract_bytes(png.getvalue(), "page1.png")
    assert first.status == "ok" and {c.table for c in first.cells} >= {"proactive"}


def test_a_damaged_or_giant_image_is_rejected_with_its_reason() -> None:
    png = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(png, "PNG")
    cut = extract_bytes(png.getvalue()[:60], "cut.png")
    assert cut.status == "rejected" and "image" in cut.reason
    giant = io.BytesIO()
    Image.new("1", (12_000, 9_000), 1).save(giant, "PNG")  # 108 million pixels, tiny file
    big = extract_bytes(giant.getvalue(), "giant.png")
    assert big.status == "rejected" and "pixels" in big.reason, big.reason


def test_one_scanned_page_in_a_text_pdf_is_the_only_page_ocred() -> None:
    """A normal PDF whose requests page was pasted in as a picture: that page is OCR'd, the
    rest is read from the text layer."""
    import pypdfium2 as pdfium

    from corpus.render.pdf import render_pdf

    truth = generate_truth(SEED_BASE + 1)
    text_pdf = render_pdf(truth)
    scanned = pdfium.PdfDocument(render_scan(truth, SEED_BASE + 1))
    mixed = pdfium.PdfDocument(text_pdf)
    mixed.del_page(1)
    mixed.import_pages(scanned, [1], index=1)
    buf = io.BytesIO()
    mixed.save(buf)
    ex = extract_bytes(buf.getvalue(), "mixed.pdf")
    assert ex.status == "ok", ex.reason
    assert any(n.startswith("page(s) 2 read by OCR") for n in ex.notes), ex.notes
    assert not [d for d in differences(truth, ex) if "missing" not in d]
    pages = {c.where for c in ex.cells}
    assert "page 1" in pages and "page 2 (OCR)" in pages
