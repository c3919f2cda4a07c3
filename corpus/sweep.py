"""``python -m corpus.sweep [N] [--kind K]``: round-trip N generated reports through every layout.

Prints, per layout, how many reports came back exactly and, for each failure, the plainest
wording that still fails (wording flags switched off one at a time while the failure persists),
so a report to the extractor's authors names the layout, the variant and the cell that differed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import fields, replace

from corpus.render import VARIANTS, Variant, render
from corpus.roundtrip import differences
from corpus.truth import Options, ReportTruth, Wording, generate_truth
from extract.model import Extraction

Extract = Callable[[bytes, str], Extraction]


def _fails(truth: ReportTruth, variant: Variant, extract_bytes: Extract) -> list[str]:
    extraction = extract_bytes(render(truth, variant), f"report{variant.suffix}")
    return differences(truth, extraction, missing_ok_with_note=not variant.exact)


def reduce(
    truth: ReportTruth, variant: Variant, extract_bytes: Extract
) -> tuple[Wording, list[str]]:
    """The plainest wording (flags back to their defaults) under which the round trip still fails."""
    plain = Wording()
    wording = truth.wording
    diffs = _fails(truth, variant, extract_bytes)
    for f in fields(Wording):
        if getattr(wording, f.name) == getattr(plain, f.name):
            continue
        trial = replace(wording, **{f.name: getattr(plain, f.name)})
        candidate = generate_truth(
            truth.seed,
            Options(agency=truth.agency, year=truth.year, template=truth.template,
                    wording=trial, blanks=len(truth.blanks),
                    slips=tuple(s.kind for s in truth.slips)),
        )  # fmt: skip
        if not variant.can_show(candidate):
            continue
        again = _fails(candidate, variant, extract_bytes)
        if again:
            wording, diffs = trial, again
    return wording, diffs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.sweep", description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=50, help="reports per layout")
    parser.add_argument("--kind", help="only this output kind (txt, md, html, pdf, docx)")
    parser.add_argument("--start", type=int, default=0, help="first seed")
    args = parser.parse_args(argv)
    from extract.api import extract_bytes  # the extractor is optional for the rest of corpus

    failed = 0
    for variant in VARIANTS:
        if args.kind and variant.kind != args.kind:
            continue
        ok, bad, started = 0, [], time.perf_counter()
        for seed in range(args.start, args.start + args.n):
            truth = generate_truth(seed)
            if not variant.can_show(truth):
                continue
            if _fails(truth, variant, extract_bytes):
                bad.append(truth)
            else:
                ok += 1
        took = time.perf_counter() - started
        print(f"{variant.name:28s} ok {ok:4d}  failed {len(bad):3d}  ({took:.1f}s)")
        for truth in bad[:3]:
            wording, diffs = reduce(truth, variant, extract_bytes)
            print(f"    seed {truth.seed} {truth.template}: {wording}")
            for line in diffs[:4]:
                print(f"        {line}")
        failed += len(bad)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
