"""Run the extractor over a batch of files on every core, never letting one file stop the batch."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from importlib import resources
from pathlib import Path

from extract.model import Extraction

#: files per worker task: large enough to amortise process hand-off, small enough to balance
CHUNK = 16


@cache
def extractor_version() -> str:
    """A fingerprint of the extract package's code and vocabulary: a change re-extracts everything."""
    digest = hashlib.sha256()
    root = resources.files("extract")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.suffix in {".py", ".csv"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(Path(str(root))).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _extract_one(path: str) -> Extraction:
    from extract.api import extract_path

    try:
        return extract_path(path)
    except Exception as error:  # the extractor promises not to raise; a bug must not stop a batch
        data = Path(path).read_bytes() if Path(path).is_file() else b""
        reason = f"internal extractor error: {type(error).__name__}: {error}".splitlines()[0]
        return Extraction.rejected(path, hashlib.sha256(data).hexdigest(), reason)


def extract_files(paths: Sequence[Path], workers: int | None = None) -> Iterator[Extraction]:
    """Extraction results in input order; uses a process pool when there is enough work."""
    workers = workers or os.cpu_count() or 1
    names = [str(p) for p in paths]
    if workers == 1 or len(names) < 2 * CHUNK:
        yield from map(_extract_one, names)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_extract_one, names, chunksize=CHUNK)
