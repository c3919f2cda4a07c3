"""An extraction worker reads tens of thousands of reports: what it keeps between them (the
caches of labels and cell texts) must not grow with each report's own text.

Caching a whole report's text (``decide_template`` once did, through ``normalize_label``) kept
about 14 KB per report in every worker: 700 MB each over a national year, and a fifth slower.
Measured with ``tracemalloc``, which counts allocations, not time: the figure is deterministic.
"""

from __future__ import annotations

import gc
import tracemalloc

from corpus.render import VARIANTS, render
from corpus.truth import Options, generate_truth
from extract.api import extract_bytes

#: what a report may leave behind in the caches, at most (1.4 KB today: new cell texts and
#: labels; 15 KB when the report's text was cached)
KEPT_PER_REPORT = 4_000


def _reports(seeds: range) -> list[tuple[bytes, str]]:
    variants = [v for v in VARIANTS if v.exact and v.kind in ("html", "txt", "md")]
    out = []
    for seed in seeds:
        truth = generate_truth(seed, Options())
        variant = variants[seed % len(variants)]
        if variant.can_show(truth):
            out.append((render(truth, variant), f"report_{seed}{variant.suffix}"))
    return out


def test_a_worker_keeps_no_report_text_between_reports() -> None:
    warm, measured = _reports(range(9_000, 9_150)), _reports(range(9_150, 9_300))
    for data, name in warm:  # the caches of template labels and common cells fill here
        extract_bytes(data, name)
    gc.collect()
    tracemalloc.start()
    try:
        for data, name in measured:
            assert extract_bytes(data, name).status == "ok", name
        gc.collect()
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept / len(measured) < KEPT_PER_REPORT, f"{kept / len(measured):,.0f} bytes a report"
