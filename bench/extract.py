"""Reports/second of the text extractor on one core (target ≥ 300/s).

Usage: ``.venv/bin/python bench/extract.py [SECONDS] [--corpus]``. Reads the text reports in
../shared/samples and ../shared/devset (txt/md) and times ``extract_bytes`` over them repeatedly.
CPU time (process_time), not wall time: the machine is shared. The baseline, measured in the same run over the same bytes, is the floor any extractor pays:
decoding the bytes and splitting them into lines. ``--corpus`` adds the rate over distinct
synthetic reports (corpus.build_corpus, txt/md) extracted once each, so no cache is warm.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

# This file is named like the package it measures: put the repo, not bench/, first on the path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.modules.pop("extract", None)

from extract.api import extract_bytes  # noqa: E402
from extract.decode import decode_bytes  # noqa: E402

SHARED = _HERE.parents[1] / "shared"


def _rate(fn, corpus: list[tuple[str, bytes]], seconds: float) -> tuple[float, int]:
    n = 0
    start = time.process_time()
    while (elapsed := time.process_time() - start) < seconds:
        for name, data in corpus:
            fn(data, name)
            n += 1
    return n / elapsed, n


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seconds = float(args[0]) if args else 3.0
    files = sorted(
        p
        for d in ("samples", "devset")
        for p in (SHARED / d).glob("*")
        if p.suffix in (".txt", ".md") and p.name != "README.md"
    )
    if not files:
        print(f"no text reports under {SHARED}", file=sys.stderr)
        return 2
    corpus = [(p.name, p.read_bytes()) for p in files]
    for name, data in corpus:  # warm caches (cpca's table, regexes) outside the timing
        assert extract_bytes(data, name).status == "ok", name
    base, _ = _rate(lambda data, name: decode_bytes(data).splitlines(), corpus, seconds / 3)
    rate, n = _rate(extract_bytes, corpus, seconds)
    kb = sum(len(d) for _, d in corpus) / len(corpus) / 1024
    print(f"corpus: {len(corpus)} text reports, mean {kb:.1f} KiB")
    print(f"baseline decode+split: {base:,.0f} reports/s")
    print(f"extract_bytes:         {rate:,.0f} reports/s ({n} extractions, one core)")
    verdict = "OK" if rate >= 300 else "MISSED"
    print(f"cost vs baseline:      {base / rate:,.1f}x; target >= 300 reports/s: {verdict}")
    if "--corpus" in sys.argv:
        _distinct()
    return 0


def _distinct() -> None:
    """Distinct synthetic text reports, each extracted once: no cache sees a text twice."""
    from corpus.default import build_corpus

    corpus = [
        (e.file, e.data)
        for e in build_corpus()
        if e.variant is not None and e.variant.kind in ("txt", "md")
    ]
    start = time.process_time()
    for name, data in corpus:
        extract_bytes(data, name)
    elapsed = time.process_time() - start
    print(
        f"distinct synthetic txt/md, once each: {len(corpus) / elapsed:,.0f} reports/s ({len(corpus)})"
    )


if __name__ == "__main__":
    sys.exit(main())
