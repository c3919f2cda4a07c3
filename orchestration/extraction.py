"""Run the extractor over a batch of files on every core, never letting one file stop the batch."""

from __future__ import annotations

import hashlib
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import cache, partial
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


#: seconds one file may take before it is set aside (a hostile PDF must not stall the batch)
TIME_LIMIT = 120.0


class _TooSlow(BaseException):
    """The alarm: a BaseException so the extractor's own catch-all cannot swallow it."""


def _alarm(signum: int, frame: object) -> None:
    raise _TooSlow


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the extraction after ``seconds`` (only possible on a process's main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _rejected(path: str, reason: str) -> Extraction:
    data = Path(path).read_bytes() if Path(path).is_file() else b""
    return Extraction.rejected(path, hashlib.sha256(data).hexdigest(), reason.splitlines()[0])


def _extract_one(path: str, time_limit: float = TIME_LIMIT) -> Extraction:
    from extract.api import extract_path

    try:
        with _time_limit(time_limit):
            return extract_path(path)
    except _TooSlow:
        return _rejected(path, f"extraction took longer than {time_limit:g} s; set aside")
    except Exception as error:  # the extractor promises not to raise; a bug must not stop a batch
        return _rejected(path, f"internal extractor error: {type(error).__name__}: {error}")


def extract_files(
    paths: Sequence[Path], workers: int | None = None, time_limit: float = TIME_LIMIT
) -> Iterator[Extraction]:
    """Extraction results in input order; uses a process pool when there is enough work."""
    workers = workers or os.cpu_count() or 1
    names = [str(p) for p in paths]
    one = partial(_extract_one, time_limit=time_limit)
    if workers == 1 or len(names) < 2 * CHUNK:
        yield from map(one, names)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(one, names, chunksize=CHUNK)
