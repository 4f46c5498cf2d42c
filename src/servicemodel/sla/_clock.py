"""Private: clock arithmetic over the intervals a clock runs, on top of a business calendar.

A clock runs over *clock intervals* ``(a, b)`` -- the times it is not paused -- and counts only
the calendar's open time inside them. ``b is None`` marks the last interval as still running (so
deadlines can be projected). Everything is computed in UTC so that wall-clock arithmetic in a
DST zone can never move an instant.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> class AlwaysOpen:
    ...     is_always_open = True
    ...     def elapsed(self, a, b): return b - a
    ...     def add(self, t, d): return t + d
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> intervals = ((t0, t0 + timedelta(hours=1)), (t0 + timedelta(hours=3), None))
    >>> clock_elapsed(AlwaysOpen(), intervals, t0 + timedelta(hours=4))
    datetime.timedelta(seconds=7200)
    >>> clock_add(AlwaysOpen(), intervals, timedelta(hours=2)) - t0
    datetime.timedelta(seconds=14400)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from servicemodel.calendar import CalendarLike
from servicemodel.calendar._instants import utc_add

__all__ = ["ClockInterval", "Memo", "clock_add", "clock_elapsed"]

ZERO = timedelta(0)

#: A stretch ``[a, b)`` during which a clock runs (not paused); ``b is None``: still running.
#: Named apart from the calendar's opening spans and the model's status spans.
ClockInterval = tuple[datetime, datetime | None]

#: Open time of closed clock intervals, by ``(id(calendar), a, b)``: a live state measures the
#: same closed intervals after every event, and business time over one costs a table walk.
#: The calendars are the policies' own, alive as long as the state that holds the memo.
Memo = dict[tuple[int, datetime, datetime], timedelta]


def _open_time(cal: CalendarLike, a: datetime, b: datetime, memo: Memo | None) -> timedelta:
    if memo is None:
        return cal.elapsed(a, b)
    key = (id(cal), a, b)
    got = memo.get(key)
    if got is None:
        got = memo[key] = cal.elapsed(a, b)
    return got


def clock_elapsed(
    cal: CalendarLike, intervals: Sequence[ClockInterval], t: datetime, memo: Memo | None = None
) -> timedelta:
    """Open, un-paused time from the clock's start up to ``t``."""
    total = ZERO
    always = cal.is_always_open
    for a, b in intervals:
        if a >= t:
            break
        if b is None or b > t:
            total += (t - a) if always else cal.elapsed(a, t)
        else:
            total += (b - a) if always else _open_time(cal, a, b, memo)
    return total


def clock_add(
    cal: CalendarLike, intervals: Sequence[ClockInterval], d: timedelta, memo: Memo | None = None
) -> datetime | None:
    """The latest instant at which the clock has run exactly ``d``; ``None`` if not yet known.

    When ``d`` runs out exactly at a pause, the answer is the moment the clock next counts
    again (so a deadline never lands inside a pause); if the clock is paused for good (its last
    interval is closed) and has not run ``d``, the answer is ``None``.
    """
    remaining = d
    always = cal.is_always_open
    for a, b in intervals:
        if b is None:
            return utc_add(a, remaining) if always else cal.add(a, remaining)
        got = (b - a) if always else _open_time(cal, a, b, memo)
        if got > remaining:
            return utc_add(a, remaining) if always else cal.add(a, remaining)
        remaining -= got
    return None
