"""Progress of a long step, as one line a person can read (``landed 12,000 / 100,000 reports ·
180/s · ETA 8 min``), handed to whoever listens.

Plain code, no Dagster: the extraction asset logs each line to the run (the UI shows it) and
calls the listeners registered here, which is how ``make run`` — executing the job in its own
process — draws a progress bar on the terminal while the run is silent otherwise.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@dataclass(frozen=True, slots=True)
class Tick:
    """Where a step is: ``done`` of ``total`` items, at ``rate`` items/s since it started."""

    step: str
    done: int
    total: int
    rate: float

    @property
    def eta(self) -> float | None:
        """Seconds left at the rate so far; None before anything is done."""
        if self.rate <= 0:
            return None
        return max(self.total - self.done, 0) / self.rate

    def line(self) -> str:
        eta = "" if self.eta is None else f" · ETA {_duration(self.eta)}"
        return f"{self.step} {self.done:,} / {self.total:,} reports · {self.rate:,.0f}/s{eta}"


Listener = Callable[[Tick], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> Callable[[], None]:
    """Call ``listener`` with every tick from now on; returns the function that stops it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


@dataclass
class Meter:
    """Counts one step's items and makes the ticks (rate measured from the meter's start)."""

    step: str
    total: int
    done: int = 0
    started: float = field(default_factory=time.monotonic)

    def advance(self, count: int) -> Tick:
        """Add ``count`` items, tell the listeners, and return the tick (for the run log)."""
        self.done += count
        elapsed = max(time.monotonic() - self.started, 1e-9)
        tick = Tick(self.step, self.done, self.total, self.done / elapsed)
        for listener in list(_listeners):
            listener(tick)
        return tick


class TerminalBar:
    """A listener: a redrawn bar on a terminal, one plain line per tick anywhere else (a log
    file, CI), so ``make run`` is never a silent prompt."""

    WIDTH = 28

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.__stderr__ or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.open = False

    def __call__(self, tick: Tick) -> None:
        if not self.tty:
            print(tick.line(), file=self.stream, flush=True)
            return
        share = tick.done / tick.total if tick.total else 1.0
        filled = round(share * self.WIDTH)
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        self.stream.write(f"\r{bar} {share:4.0%} {tick.line()}\x1b[K")
        self.stream.flush()
        self.open = tick.done < tick.total
        if not self.open:
            self.stream.write("\n")

    def close(self) -> None:
        """End a bar left mid-line (a failed run) so the summary starts on its own line."""
        if self.tty and self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False
