"""Extraction on a Dask cluster (``NIANBAO_DASK_ADDRESS``): the cluster's workers do the per-file
work, results stream back as they finish, and the caller lands them exactly as the in-process
pool's.

Plain code, no Dagster: the extraction asset stays the one materialisation of the run; Dask only
replaces the pool of processes. Nothing here schedules, queues or retries by itself beyond what
Dask does:

- workers must import this project (same code, same ``extractor_version``) and see the report
  files at the same absolute paths (a shared disk, or the same machine);
- a worker that dies mid-task (OOM, SIGKILL) has its tasks re-run on another worker by the
  scheduler; a task whose workers keep dying (``distributed.scheduler.allowed-failures``, 3 by
  default) ends in ``KilledWorker``: its files are then sent one per task, and a file whose task
  ends so twice is rejected with that reason — never the batch;
- a file slower than the time limit is set aside by the worker itself (a timer on the task's
  thread), like the pool does with SIGALRM;
- a worker over its memory limit is restarted by its nanny (``dask worker --memory-limit``), which
  reaches us as a death, above;
- the scheduler lost mid-run fails the run (no file is rejected for it): the batches landed stay,
  and the next run extracts only the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from distributed import Client, KilledWorker, as_completed

from extract.model import Extraction
from orchestration.lib.extraction import CHUNK, TIME_LIMIT, extract_one, rejected
from orchestration.lib.fingerprints import extractor_version

#: seconds to wait for the scheduler before the run fails with the address in the message
CONNECT_TIMEOUT = 30


#: the file this worker process is reading now (``client.run(reading_now)`` asks every worker)
_reading: str | None = None


def reading_now() -> str | None:
    """The file this worker is reading, or None: which file a stuck or dying worker held."""
    return _reading


def extract_chunk(items: list[tuple[int, str]], time_limit: float) -> list[tuple[int, Extraction]]:
    """The task a worker runs: each file of a chunk read on its own, never raising."""
    global _reading
    out = []
    for index, path in items:
        _reading = path
        out.append((index, extract_one(path, time_limit)))
    _reading = None
    return out


def check_versions(client: Client) -> None:
    """Refuse a cluster whose workers run other extractor code: their rows would be stamped with
    this process's version and never re-read."""
    ours = extractor_version()
    theirs = client.run(extractor_version)
    if not theirs:
        raise RuntimeError(f"the Dask cluster at {client.scheduler.address} has no workers")
    other = {worker: version for worker, version in theirs.items() if version != ours}
    if other:
        raise RuntimeError(
            f"Dask workers run other extractor code than this pipeline ({ours}): {other}; "
            "install the same version of the project on the workers"
        )


def _killed(path: str) -> Extraction:
    return rejected(path, "worker died while reading this file, on every Dask worker that tried it")


def extract_on_cluster(
    paths: Sequence[Path | str],
    address: str,
    time_limit: float = TIME_LIMIT,
    chunk: int = CHUNK,
    workers: Sequence[str] | None = None,
) -> Iterator[tuple[int, Extraction]]:
    """``(index into paths, result)`` for every file, in the order the cluster finishes them.

    Chunks of ``chunk`` files are submitted at once (one Dask task each; the scheduler balances
    them); each finished chunk is yielded and forgotten, so the client holds only what has not
    been consumed yet. A chunk lost to dying workers is split into single files; a single file
    lost so twice is rejected with the reason. ``workers`` (addresses) restricts the work to some
    of the cluster's workers (the scaling bench: one against two).
    """
    names = [str(p) for p in paths]
    if not names:
        return
    with Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False) as client:
        check_versions(client)
        items = list(enumerate(names))
        futures = [
            client.submit(
                extract_chunk, items[i : i + chunk], time_limit, pure=False, workers=workers
            )
            for i in range(0, len(items), chunk)
        ]
        held = {future.key: items[i * chunk : (i + 1) * chunk] for i, future in enumerate(futures)}
        finished = as_completed(futures, loop=client.loop)
        singles: Counter[int] = Counter()  # KilledWorker of a file's single-file task
        del futures
        for future in finished:
            task = held.pop(future.key)
            try:
                results = future.result()
            except KilledWorker:
                # find the file that kills its workers: one task per file, each given one more
                # round (a task only queued on a dying worker is charged with its death too)
                retry = [item for item in task if len(task) > 1 or singles[item[0]] < 1]
                results = [
                    (index, _killed(path)) for index, path in task if (index, path) not in retry
                ]
                for item in retry:
                    singles[item[0]] += len(task) == 1
                    single = client.submit(
                        extract_chunk, [item], time_limit, pure=False, workers=workers
                    )
                    held[single.key] = [item]
                    finished.add(single)
            # any other error (the scheduler gone, the connection lost) fails the run: what
            # landed stays, and the next run extracts the rest; nothing is rejected for it
            future.release()
            yield from results
