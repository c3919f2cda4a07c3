"""``nianbao`` command line: ``extract FILE...`` (JSON Lines) and ``score GOLD_CSV DIR``.

``score`` prints right / left out / wrong apart, per file and overall: a wrong number is worse
than a gap, so a score that merges them hides the one that matters.

Exit status of ``extract``: 0 when every file is ok, 1 when any was rejected (each still gets its
line), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extract.api import extract_path
from extract.scoring import overall, overall_counts, parse_gold, score_all


def _extract(files: list[str]) -> int:
    rejected = False
    out = sys.stdout
    for f in files:
        ex = extract_path(f)
        rejected |= ex.status != "ok"
        out.write(ex.to_json() + "\n")
    out.flush()
    return 1 if rejected else 0


def _score(gold_csv: str, directory: str, verbose: bool) -> int:
    try:
        gold = parse_gold(Path(gold_csv).read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"nianbao score: cannot read {gold_csv}: {exc.strerror}", file=sys.stderr)
        return 2
    root = Path(directory)
    if not root.is_dir():
        print(f"nianbao score: {directory} is not a directory", file=sys.stderr)
        return 2
    extractions = [extract_path(root / name) for name in gold]
    scores = score_all(extractions, gold)
    for ex, s in zip(extractions, scores, strict=True):
        status = "" if ex.status == "ok" else f"  [rejected: {ex.reason}]"
        print(
            f"{s.file}\t{s.right}/{s.total}\t{s.accuracy:.1%}"
            f"\tleft out {s.left_out}\twrong {s.wrong_count}{status}"
        )
        if verbose:
            for line in (
                *(f"{w}  [WRONG]" for w in s.wrong),
                *(f"{m}: left out" for m in s.missing),
            ):
                print(f"    {line}")
    right, left_out, wrong, total = overall_counts(scores)
    print(f"overall\t{right}/{total}\t{overall(scores):.1%}\tleft out {left_out}\twrong {wrong}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nianbao", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_ex = sub.add_parser("extract", help="extract reports, print JSON Lines")
    p_ex.add_argument("files", nargs="+", metavar="FILE")
    p_sc = sub.add_parser("score", help="cell accuracy against a gold_cells.csv")
    p_sc.add_argument("gold_csv")
    p_sc.add_argument("directory")
    p_sc.add_argument("-v", "--verbose", action="store_true", help="list wrong and left-out cells")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    if args.command == "extract":
        return _extract(args.files)
    return _score(args.gold_csv, args.directory, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
