"""One pipeline run at a time: an advisory lock next to the warehouse file, naming its holder.

DuckDB lets one process write a file; a second run used to die on DuckDB's own lock with a
traceback. The run lock is taken first, so a second run waits (bounded) and then refuses with a
message naming the holder (pid, start time, command). The lock is ``flock`` on
``<warehouse>.lock``: the kernel drops it when the holder dies, so a stale lock (a killed run) is
simply taken over; the holder file is rewritten by each new holder.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

#: seconds a second run waits for the first before refusing
LOCK_WAIT_ENV = "NIANBAO_LOCK_WAIT_S"
DEFAULT_WAIT_S = 60.0

#: this process's held locks (path → [fd, depth]): make run and the run's resource nest
_HELD: dict[str, list[int]] = {}


class RunLocked(RuntimeError):
    """Another live run holds the warehouse."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def wait_seconds() -> float:
    return float(os.environ.get(LOCK_WAIT_ENV) or DEFAULT_WAIT_S)


def holder(warehouse: Path) -> dict[str, object]:
    """Who holds (or last held) the lock, as written by that run; {} when unknown."""
    try:
        return json.loads(lock_path(warehouse).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def describe(info: dict[str, object]) -> str:
    if not info:
        return "an unknown process"
    return f"pid {info.get('pid')} (started {info.get('started')}, command: {info.get('command')})"


@contextmanager
def run_lock(
    warehouse: Path,
    *,
    wait_s: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[dict[str, object]]:
    """Hold the warehouse's run lock for the block; reentrant within one process.

    Waits up to ``wait_s`` seconds (``NIANBAO_LOCK_WAIT_S``, default 60) for a live holder, telling
    ``on_wait`` once whom it waits for, then raises :class:`RunLocked` naming the holder.
    """
    path = lock_path(warehouse)
    key = str(path)
    if key in _HELD:
        _HELD[key][1] += 1
        try:
            yield holder(warehouse)
        finally:
            _HELD[key][1] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + (wait_seconds() if wait_s is None else wait_s)
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            who = describe(holder(warehouse))
            if time.monotonic() >= deadline:
                os.close(fd)
                raise RunLocked(
                    f"another run holds the warehouse {warehouse}: {who}; "
                    f"not started (waited {wait_s if wait_s is not None else wait_seconds():g} s, "
                    f"set {LOCK_WAIT_ENV} to wait longer)"
                ) from None
            if on_wait and not told:
                on_wait(f"waiting for the run that holds the warehouse: {who} …")
                told = True
            time.sleep(0.2)
    info = {
        "pid": os.getpid(),
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": " ".join(sys.argv) or sys.executable,
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode(), 0)
    _HELD[key] = [fd, 1]
    try:
        yield info
    finally:
        del _HELD[key]
        os.ftruncate(fd, 0)  # no holder named once released
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
