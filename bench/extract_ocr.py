"""Seconds per scanned page on one core, beside the same pages read from their text layer and
beside the OCR model's own inference time on them (the floor), all in the same run; and what
the scans read back as: right / left out / wrong cells against the truth.

Each report is generated (known truth), laid out as a PDF (text layer), and printed-stamped-
scanned by ``corpus.render.scan`` (150–200 dpi, turned, blurred, speckled, JPEG, a red seal).
The reader runs on one core (``NIANBAO_OCR_THREADS=1``, CPU time of this process). Budget:
≤ 4 s per scanned page.

    .venv/bin/python bench/extract_ocr.py [--reports N] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("NIANBAO_OCR_THREADS", "1")

import pypdfium2 as pdfium

from corpus.render.pdf import render_pdf
from corpus.render.scan import render_scan
from corpus.truth import generate_truth
from extract.api import extract_bytes
from extract.readers.ocr import engine

BUDGET_S_PER_PAGE = 4.0


class ModelClock:
    """CPU seconds spent inside the recogniser's own inference (``session.run``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        sess, _ = engine._recogniser()
        self._run = sess.run

        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return self._run(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - start

        sess.run = timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1000)
    args = parser.parse_args()
    engine.load()
    clock = ModelClock()
    per_page_ocr, per_page_text, per_page_model = [], [], []
    right = left_out = wrong = total = 0
    wrong_lines: list[str] = []
    for seed in range(args.seed, args.seed + args.reports):
        truth = generate_truth(seed)
        text_pdf = render_pdf(truth)
        scan = render_scan(truth, seed)
        pages = len(pdfium.PdfDocument(scan))
        start = time.process_time()
        extract_bytes(text_pdf, "text.pdf")
        text_s = time.process_time() - start
        before = clock.seconds
        start = time.process_time()
        ex = extract_bytes(scan, "scan.pdf")
        ocr_s = time.process_time() - start
        model_s = clock.seconds - before
        per_page_ocr.append(ocr_s / pages)
        per_page_text.append(text_s / pages)
        per_page_model.append(model_s / pages)
        got = {(c.table, c.row, c.col): c.value for c in ex.cells}
        for key, want in truth.cells.items():
            total += 1
            if key not in got:
                left_out += 1
            elif got[key] == want:
                right += 1
            else:
                wrong += 1
                wrong_lines.append(f"seed {seed} {'/'.join(key)}: {got[key]!r} for {want!r}")
        extra = set(got) - set(truth.cells)
        wrong += len(extra)
        print(
            f"seed {seed}: {pages} pages  scan {ocr_s / pages:5.2f} s/page  "
            f"model {model_s / pages:5.2f}  text layer {text_s / pages:5.3f}  "
            f"cells {len(got)}/{len(truth.cells)}",
            flush=True,
        )
    med = statistics.median
    ocr, model, text = med(per_page_ocr), med(per_page_model), med(per_page_text)
    print()
    print(f"scanned page, one core (median): {ocr:.2f} s   budget {BUDGET_S_PER_PAGE:.1f} s")
    print(f"  OCR model alone (the floor):   {model:.2f} s   reader / floor = {ocr / model:.2f}×")
    print(f"  same page, text layer:         {text:.3f} s   scan / text = {ocr / text:.0f}×")
    print(
        f"cells: {total}  right {right} ({right / total:.1%})  left out {left_out} "
        f"({left_out / total:.1%})  wrong {wrong}"
    )
    for line in wrong_lines[:20]:
        print("  WRONG", line)
    print("within budget" if ocr <= BUDGET_S_PER_PAGE else "OVER BUDGET")


if __name__ == "__main__":
    main()
