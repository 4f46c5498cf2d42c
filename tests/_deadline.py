"""One wall-clock deadline for tests that must not hang (SIGALRM, POSIX, main thread).

The budgets in the tests ("a call gets 2 s") were set on a machine about 2.5 times as fast as
some of the machines the suite now runs on. A budget is there to catch a hang or a blow-up (a
call that runs for minutes), not to time the library, so every budget is stretched by
``TIME_SCALE``: how much slower than that machine this one runs plain Python, measured once
per test session by a short probe (never less than 1). ``SERVICEMODEL_TIME_SCALE`` sets the
factor instead (for example ``4`` on a machine shared with other jobs).
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
    start = time.perf_counter()
    zone = timezone(timedelta(hours=2))
    at = datetime(2026, 3, 2, 9, tzinfo=zone)
    table: dict[int, float] = {}
    for i in range(20_000):
        stamp = (at + timedelta(minutes=i)).astimezone(UTC).timestamp()
        table[i % 97] = table.get(i % 97, 0.0) + stamp
    return time.perf_counter() - start


def _time_scale() -> float:
    given = os.environ.get("SERVICEMODEL_TIME_SCALE")
    if given:
        return max(1.0, float(given))
    return max(1.0, min(_probe() for _ in range(5)) / _REFERENCE)


#: How much every budget is stretched on this machine (at least 1).
TIME_SCALE = _time_scale()


def scaled(seconds: float) -> float:
    """``seconds`` of the reference machine, on this one (``seconds * TIME_SCALE``)."""
    return seconds * TIME_SCALE


@contextmanager
def deadline(
    seconds: float, what: str = "the call", error: type[BaseException] = TimeoutError
) -> Iterator[None]:
    """Raise ``error`` in the main thread if the block runs longer than ``scaled(seconds)``.

    Where SIGALRM is not available (not POSIX, or not the main thread) the block runs unbounded.
    """
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    budget = scaled(seconds)

    def expire(_signum: int, _frame: Any) -> None:
        raise error(f"{what} ran longer than {budget:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
