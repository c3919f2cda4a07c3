"""Degraded reports through the extractor: right / left out / wrong per class, and reports/s.

Usage: ``.venv/bin/python bench/degraded.py [N] [--seed BASE]`` (N default 20,000). Reports are
:func:`corpus.degrade.random_degraded_report` of seeds BASE … BASE+N-1 (``NIANBAO_DEGRADED_SEED``
or 0), the same stream the property test draws its first 2,000 from. Not a timed test: a figure
to watch as the extractor changes. CPU time (process_time), generation and extraction apart.
Exit status 1 when any cell was wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.degrade import Coverage, random_degraded_report
from extract.api import extract_bytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/degraded.py", description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=20_000, help="reports")
    parser.add_argument(
        "--seed", type=int, default=int(os.environ.get("NIANBAO_DEGRADED_SEED", "0"))
    )
    parser.add_argument("--wrong", type=int, default=3, help="wrong cells shown per class group")
    args = parser.parse_args(argv)
    cov = Coverage()
    gen = ext = 0.0
    for seed in range(args.seed, args.seed + args.n):
        t0 = time.process_time()
        d = random_degraded_report(seed)
        t1 = time.process_time()
        ex = extract_bytes(d.data, d.name)
        t2 = time.process_time()
        cov.add(d, ex)
        gen, ext = gen + t1 - t0, ext + t2 - t1
    print(cov.table())
    print(
        f"\n{args.n} reports from seed {args.seed}: extraction {args.n / ext:,.0f} reports/s, "
        f"generation {args.n / gen:,.0f} reports/s, both {args.n / (gen + ext):,.0f} reports/s "
        "(one core, CPU time)"
    )
    if cov.wrong:
        print(f"\nwrong cells by class ({cov.total_wrong}):")
        print(cov.wrong_by_class(args.wrong))
    return 1 if cov.wrong else 0


if __name__ == "__main__":
    sys.exit(main())
