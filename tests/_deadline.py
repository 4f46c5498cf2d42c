"""One wall-clock deadline for tests that must not hang (SIGALRM, POSIX, main thread)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def deadline(
    seconds: float, what: str = "the call", error: type[BaseException] = TimeoutError
) -> Iterator[None]:
    """Raise ``error`` in the main thread if the block runs longer than ``seconds``.

    Where SIGALRM is not available (not POSIX, or not the main thread) the block runs unbounded.
    """
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise error(f"{what} ran longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
