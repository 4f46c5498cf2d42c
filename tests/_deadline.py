"""One deadline for tests that must not hang (POSIX interval timers, main thread).

The budgets in the tests ("a call gets 2 s") were set on a machine about 2.5 times as fast as
some of the machines the suite now runs on. A budget is there to catch a hang or a blow-up (a
call that runs for minutes), not to time the library, so every budget is stretched by
``TIME_SCALE``: how much slower than that machine this one runs plain Python, measured once
per test session by a short probe (never less than 1). ``SERVICEMODEL_TIME_SCALE`` sets the
factor instead.

A budget counts the process's CPU time (``ITIMER_PROF``), not the wall clock: a hang in the
library is a loop that burns CPU, and a CPU budget holds the same on a machine shared with
other jobs, where the wall clock of a busy 2-core machine can run three or four times as fast
as a test's CPU time (the suite's own ``-n auto`` workers are such jobs). A block that waits
instead of computing (a lock, a subprocess, a cluster) is caught by a wall-clock backstop,
``WALL_FACTOR`` times the budget plus ``WALL_SLACK`` seconds; ``deadline(..., clock="wall")``
uses the wall clock alone, for blocks that mostly wait.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

#: The probe's best time, in seconds, on the machine where the budgets were set (estimated:
#: it takes about 0.085 s on a machine where ``json.loads`` runs 2.5 times as slowly).
_REFERENCE = 0.035


def _probe() -> float:
    """Seconds taken by a fixed mix of the work the library does: arithmetic on aware
    datetimes, UTC conversion and dict updates in a Python loop."""
    start = time.process_time()
    zone = timezone(timedelta(hours=2))
    at = datetime(2026, 3, 2, 9, tzinfo=zone)
    table: dict[int, float] = {}
    for i in range(20_000):
        stamp = (at + timedelta(minutes=i)).astimezone(UTC).timestamp()
        table[i % 97] = table.get(i % 97, 0.0) + stamp
    return time.process_time() - start


def _time_scale() -> float:
    given = os.environ.get("SERVICEMODEL_TIME_SCALE")
    if given:
        return max(1.0, float(given))
    return max(1.0, min(_probe() for _ in range(5)) / _REFERENCE)


#: How much every budget is stretched on this machine (at least 1).
TIME_SCALE = _time_scale()


#: The wall-clock backstop of a CPU budget: ``WALL_FACTOR * budget + WALL_SLACK`` seconds.
WALL_FACTOR = 6.0
WALL_SLACK = 20.0


def cpu_time() -> float:
    """The process's CPU time in seconds (user and system), the clock budgets are kept in."""
    return time.process_time()


def scaled(seconds: float) -> float:
    """``seconds`` of the reference machine, on this one (``seconds * TIME_SCALE``)."""
    return seconds * TIME_SCALE


@contextmanager
def deadline(
    seconds: float,
    what: str = "the call",
    error: type[BaseException] = TimeoutError,
    *,
    clock: str = "cpu",
) -> Iterator[None]:
    """Raise ``error`` in the main thread if the block runs longer than ``scaled(seconds)``.

    ``clock="cpu"`` (the default) counts the process's CPU time, with a wall-clock backstop
    for a block that waits (see the module's docstring); ``clock="wall"`` counts wall time.
    Where interval timers are not available (not POSIX, or not the main thread) the block runs
    unbounded.
    """
    if clock not in ("cpu", "wall"):
        raise ValueError(f"clock must be 'cpu' or 'wall', got {clock!r}")
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    budget = scaled(seconds)
    wall = budget if clock == "wall" else budget * WALL_FACTOR + WALL_SLACK

    def expire_cpu(_signum: int, _frame: Any) -> None:
        raise error(f"{what} ran longer than {budget:g} s of CPU time")

    def expire_wall(_signum: int, _frame: Any) -> None:
        raise error(f"{what} ran longer than {wall:g} s")

    # An enclosing deadline's handlers and timers are put back as they were, its timers less
    # the time this block took (a nested deadline never switches an outer one off).
    timers = [(signal.ITIMER_REAL, signal.SIGALRM, expire_wall, wall, time.perf_counter)]
    if clock == "cpu":
        timers.append((signal.ITIMER_PROF, signal.SIGPROF, expire_cpu, budget, time.process_time))
    saved = []
    for which, signum, handler, seconds_left, now in timers:
        previous = signal.signal(signum, handler)
        outer, _ = signal.setitimer(which, seconds_left)
        saved.append((which, signum, previous, outer, now, now()))
    try:
        yield
    finally:
        for which, signum, previous, outer, now, began in reversed(saved):
            signal.setitimer(which, 0)
            # (None: a handler not set from Python, which cannot be put back from Python)
            if previous is not None:
                signal.signal(signum, previous)
            if outer > 0:
                signal.setitimer(which, max(outer - (now() - began), 1e-6))
