"""Peak memory and seconds of extracting each hostile file, each in its own process.

    .venv/bin/python bench/hostile.py

Target (issue 9): every hostile file rejected under 1 GB and 30 s. Each file is extracted by a
fresh ``nianbao extract`` process; its peak RSS is read from ``getrusage(RUSAGE_CHILDREN)``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "reliability"))

from builders import hostile_files


def measure(path: Path) -> tuple[float, float, dict]:
    """(peak RSS in MB, seconds, the JSON line) of one ``nianbao extract`` on ``path``."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "extract.cli", "extract", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return peak, seconds, json.loads(done.stdout.splitlines()[0])


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        hostile_files(folder)
        os.mkfifo(folder / "pipe.txt")
        print(f"{'file':<18}{'MB on disk':>11}{'peak RSS MB':>12}{'seconds':>9}  result")
        worst = 0.0
        for path in sorted(folder.iterdir()):
            # RUSAGE_CHILDREN keeps the largest child so far: measure each in a fresh parent
            probe = subprocess.run(
                [sys.executable, __file__, "--one", str(path)],
                capture_output=True,
                text=True,
                timeout=600,
            )
            peak, seconds, status, reason = probe.stdout.rstrip("\n").split("\t")
            disk = path.lstat().st_blocks * 512 / 2**20
            print(
                f"{path.name:<18}{disk:>11.1f}{float(peak):>12.0f}{float(seconds):>9.2f}  "
                f"{status}{': ' + reason if reason else ''}"
            )
            worst = max(worst, float(peak))
        print(f"worst peak RSS {worst:.0f} MB (target < 1024 MB, < 30 s each)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        peak, seconds, line = measure(Path(sys.argv[2]))
        print(f"{peak}\t{seconds}\t{line['status']}\t{line.get('reason') or ''}")
        sys.exit(0)
    sys.exit(main())
