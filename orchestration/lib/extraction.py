"""Run the extractor over a batch of files on every core, never letting one file stop the batch.

The workers are our own processes, each with a pipe and a known list of files it holds, rather
than a ProcessPoolExecutor: an executor whose worker is killed breaks as a whole (every pending
file fails, or the parent waits forever), while here a dead worker costs only its file.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from extract.model import Extraction

#: files per worker task: large enough to amortise process hand-off, small enough to balance
CHUNK = 16


#: seconds one file may take before it is set aside (a hostile PDF must not stall the batch)
TIME_LIMIT = 120.0


class _TooSlow(BaseException):
    """The alarm: a BaseException so the extractor's own catch-all cannot swallow it."""


@contextmanager
def _thread_time_limit(seconds: float) -> Iterator[None]:
    """Interrupt this (non-main) thread after ``seconds``: a Dask worker runs tasks on threads,
    where SIGALRM cannot reach. A timer raises :class:`_TooSlow` in the thread between two
    bytecodes, which is as far as SIGALRM reaches too (neither stops a hang inside C code)."""
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(target), ctypes.py_object(_TooSlow)
                )

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["fired"]:  # fired but maybe not raised yet: never let it escape later
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
    if state["fired"]:  # raised, but a library's bare ``except:`` swallowed it: still too slow
        raise _TooSlow


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the extraction after ``seconds``: SIGALRM on a process's main thread, a timer
    that raises in the thread anywhere else."""
    if threading.current_thread() is not threading.main_thread():
        with _thread_time_limit(seconds):
            yield
        return
    fired: list[bool] = []

    def alarm(signum: int, frame: object) -> None:
        fired.append(True)
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:  # raised, but a library's bare ``except:`` swallowed it: still too slow
        raise _TooSlow


def rejected(path: str, reason: str) -> Extraction:
    """A rejection keyed like the inventory keys the file, with the first line of the reason."""
    from orchestration.lib.inventory import file_id

    return Extraction.rejected(path, file_id(Path(path)), reason.splitlines()[0])


def extract_one(path: str, time_limit: float = TIME_LIMIT) -> Extraction:
    """One file read within the time limit; never raises (a bug or a hostile file is a rejection)."""
    from extract.api import extract_path
    from orchestration.lib.inventory import file_id, misnamed

    if (real := misnamed(Path(path))) is not None:
        return Extraction.rejected(path, file_id(real), "file name is not valid UTF-8; rename it")
    try:
        with _time_limit(time_limit):
            result = extract_path(path)
    except _TooSlow:
        return rejected(path, f"extraction took longer than {time_limit:g} s; set aside")
    except MemoryError:
        return rejected(path, "needs more memory than a worker may use; set aside")
    except Exception as error:  # the extractor promises not to raise; a bug must not stop a batch
        return rejected(path, f"internal extractor error: {type(error).__name__}: {error}")
    if not result.sha256:  # unreadable: keyed like the inventory keyed it
        result.sha256 = file_id(Path(path))
    return result


#: virtual memory a worker may add to what it inherits (RLIMIT_AS): a file that needs more is
#: rejected with a MemoryError instead of waking the kernel's OOM killer
WORKER_MEMORY = 1536 << 20

#: seconds past the time limit after which a worker that does not answer is killed (a hang in C
#: code that SIGALRM cannot interrupt)
GRACE = 15.0


def _limit_memory(extra: int) -> None:
    """Cap this process's address space at its current size plus ``extra`` bytes."""
    if extra <= 0:
        return
    try:
        with open("/proc/self/statm") as handle:
            current = int(handle.read().split()[0]) * resource.getpagesize()
    except OSError:
        current = 0
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _serve(conn: Connection, time_limit: float, memory: int) -> None:
    """A worker: take lists of (index, path), answer (index, Extraction) per file, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when the batch stops
    _limit_memory(memory)
    while (task := conn.recv()) is not None:
        for index, path in task:
            conn.send((index, extract_one(path, time_limit)))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    held: list[tuple[int, str]] = field(default_factory=list)
    since: float = 0.0

    @property
    def pid(self) -> int:
        return self.process.pid or 0


def _died(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        return f"worker died (signal {-code}) while reading this file"
    return f"worker died (exit status {code}) while reading this file"


class _Pool:
    """Worker processes that each hold a known list of files: when one dies (OOM killer,
    SIGKILL, a crash in C code) the file it was reading is retried once in a fresh worker, then
    rejected with the signal; the files it had not started go back to the queue."""

    def __init__(self, names: list[str], workers: int, time_limit: float, memory: int) -> None:
        self.names, self.time_limit, self.memory = names, time_limit, memory
        self.queue: deque[tuple[int, str]] = deque(enumerate(names))
        self.results: dict[int, Extraction] = {}
        self.deaths: Counter[int] = Counter()
        self.context = multiprocessing.get_context()
        self.workers = [self._start() for _ in range(min(workers, len(names)))]

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_serve, args=(child, self.time_limit, self.memory), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def pids(self) -> list[int]:
        """The pids of the live workers (tests kill one)."""
        return [w.pid for w in self.workers]

    def _feed(self) -> None:
        per = max(1, min(CHUNK, -(-len(self.queue) // (2 * len(self.workers)))))
        for worker in self.workers:
            if worker.held or not self.queue:
                continue
            task = [self.queue.popleft() for _ in range(min(per, len(self.queue)))]
            worker.held, worker.since = task, time.monotonic()
            with suppress(OSError):  # dead already: its sentinel says so on the next wait
                worker.conn.send(task)

    def _receive(self, worker: _Worker) -> None:
        while worker.conn.poll():
            index, result = worker.conn.recv()
            self.results[index] = result
            worker.held = [h for h in worker.held if h[0] != index]
            worker.since = time.monotonic()

    def _replace(self, worker: _Worker, reason: str | None = None) -> None:
        """Charge the file ``worker`` was reading, requeue the rest, start a fresh worker."""
        if worker.held:
            (index, path), rest = worker.held[0], worker.held[1:]
            self.deaths[index] += 1
            if reason is None and self.deaths[index] < 2:
                self.queue.appendleft((index, path))
            else:
                self.results[index] = rejected(path, reason or _died(worker.process))
            self.queue.extendleft(reversed(rest))
        worker.conn.close()
        worker.process.join(1)
        self.workers[self.workers.index(worker)] = self._start()

    def step(self) -> None:
        """Hand out work, wait for an answer or a death, and deal with it."""
        self._feed()
        busy = [w for w in self.workers if w.held]
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
        now = time.monotonic()
        for worker in busy:
            try:
                if worker.conn in ready:
                    self._receive(worker)
            except (EOFError, OSError):
                pass  # the pipe broke mid-message: the worker died, handled below
            if not worker.process.is_alive():
                with suppress(EOFError, OSError):
                    self._receive(worker)
                self._replace(worker)
            elif worker.held and now - worker.since > self.time_limit + GRACE:
                worker.process.kill()
                worker.process.join()
                limit = f"{self.time_limit:g}"
                self._replace(worker, f"extraction took longer than {limit} s; worker stopped")

    def close(self) -> None:
        for worker in self.workers:
            with suppress(OSError):
                worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


#: the pool of the extraction running now, if any (tests kill one of its workers)
current_pool: _Pool | None = None


def extract_files(
    paths: Sequence[Path],
    workers: int | None = None,
    time_limit: float = TIME_LIMIT,
    memory: int = WORKER_MEMORY,
) -> Iterator[Extraction]:
    """Extraction results in input order; uses worker processes when there is enough work.

    A worker that dies costs only the file it was reading (retried once, then rejected with the
    signal); a worker silent past the time limit is killed and its file rejected. Each worker's
    address space is capped at what it inherits plus ``memory`` bytes."""
    global current_pool
    workers = workers or os.cpu_count() or 1
    names = [str(p) for p in paths]
    if workers == 1 or len(names) < 2 * CHUNK:
        for name in names:
            yield extract_one(name, time_limit)
        return
    pool = _Pool(names, workers, time_limit, memory)
    current_pool = pool
    try:
        for index in range(len(names)):
            while index not in pool.results:
                pool.step()
            yield pool.results.pop(index)
    finally:
        current_pool = None
        pool.close()


def extract_stream(
    paths: Sequence[Path], address: str | None = None, time_limit: float = TIME_LIMIT
) -> Iterator[tuple[int, Extraction]]:
    """``(index into paths, result)`` for every file: from the Dask cluster at ``address`` in
    the order it finishes them, else from the in-process pool in input order."""
    if address:
        from orchestration.lib.cluster import extract_on_cluster  # distributed only when used

        yield from extract_on_cluster(paths, address, time_limit)
    else:
        yield from enumerate(extract_files(paths, time_limit=time_limit))
