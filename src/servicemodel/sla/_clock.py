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

from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from servicemodel.calendar import BusinessCalendar, CalendarLike
from servicemodel.calendar._shared import (
    EPOCH,
    ONE_US,
    Timeline,
    always_open,
    checked_add,
    checked_elapsed,
    utc_add,
)
from servicemodel.errors import CalendarError, OutOfRangeError

__all__ = [
    "ClockInterval",
    "Memo",
    "Track",
    "clock_add",
    "clock_elapsed",
    "counting",
    "elapsed_and_due",
    "one_run",
    "year_table",
]

ZERO = timedelta(0)

#: A stretch ``[a, b)`` during which a clock runs (not paused); ``b is None``: still running.
#: Named apart from the calendar's opening spans and the model's status spans.
ClockInterval = tuple[datetime, datetime | None]


class Track:
    """Running totals of one clock of a live state, kept from event to event.

    ``closed`` are the clock's intervals that no later event can change (they end before the
    status timeline's last two entries, the only ones an event at their instant may still
    rewrite); ``run_from`` is where the running stretch after them began (``None``: paused);
    ``upto`` is how many timeline entries they account for. ``cums`` holds, per calendar,
    the cumulative open time of ``closed``, so a deadline is a bisection, not a walk.
    """

    __slots__ = ("closed", "cums", "run_from", "upto", "views")

    def __init__(self, upto: int) -> None:
        self.closed: list[tuple[datetime, datetime]] = []
        self.cums: dict[int, list[timedelta]] = {}
        self.run_from: datetime | None = None
        self.upto = upto
        self.views: tuple[Sequence[ClockInterval], ...] = ()

    def cum(self, cal: CalendarLike) -> list[timedelta]:
        """Cumulative open time of ``closed`` on ``cal``, extended to the new intervals."""
        got = self.cums.get(id(cal))
        if got is None:
            got = self.cums[id(cal)] = []
        closed = self.closed
        if len(got) < len(closed):
            total = got[-1] if got else ZERO
            always = always_open(cal)
            for a, b in closed[len(got) :]:
                total += (b - a) if always else checked_elapsed(cal, a, b)
                got.append(total)
        return got


class Memo:
    """A live state's running totals: one ``Track`` per running clock, and each clock's
    timers while nothing they depend on changes (a cache, not state).

    Interval sequences built from a track are registered by identity (``register``), so
    ``clock_elapsed`` and ``clock_add`` given one of them skip its closed prefix by the
    track's cumulative sums. The calendars are the policies' own, alive as long as the state.
    """

    __slots__ = ("timers", "tracks", "views")

    def __init__(self) -> None:
        self.tracks: dict[tuple[datetime, frozenset[Any]], Track] = {}
        self.views: dict[int, tuple[Sequence[ClockInterval], Track, int]] = {}
        #: Each clock's timers with what they were computed from (see ``TicketSLA.timers``);
        #: an entry holds its policy, so the ``id`` in its key names no other policy while
        #: the entry lives.
        self.timers: dict[tuple[Any, ...], tuple[tuple[Any, ...], object, list[Any], object]] = {}

    def register(self, track: Track, *views: Sequence[ClockInterval]) -> None:
        """Let ``clock_elapsed``/``clock_add`` recognise ``views`` (built on ``track``)."""
        table = self.views
        for old in track.views:
            table.pop(id(old), None)
        closed = track.closed
        for v in views:
            # The closed intervals lead every view, except that the last one may be left open
            # (``b is None``) when the clock runs on from its end.
            n = min(len(closed), len(v))
            if n and v[n - 1] != closed[n - 1]:
                n -= 1
            table[id(v)] = (v, track, n)
        track.views = views

    def prefix(self, intervals: Sequence[ClockInterval]) -> tuple[int, Track | None]:
        """How many leading ``intervals`` a track has totals for, and the track."""
        hit = self.views.get(id(intervals))
        if hit is None or hit[0] is not intervals:
            return 0, None
        return hit[2], hit[1]


def clock_elapsed(
    cal: CalendarLike, intervals: Sequence[ClockInterval], t: datetime, memo: Memo | None = None
) -> timedelta:
    """Open, un-paused time from the clock's start up to ``t``."""
    total = ZERO
    always = always_open(cal)
    first = 0
    if memo is not None:
        n, track = memo.prefix(intervals)
        if track is not None and n and intervals[n - 1][1] is not None:
            end = intervals[n - 1][1]
            if end is not None and end <= t:
                total, first = track.cum(cal)[n - 1], n
    for i in range(first, len(intervals)):
        a, b = intervals[i]
        if a >= t:
            break
        if b is None or b > t:
            total += (t - a) if always else checked_elapsed(cal, a, t)
        else:
            total += (b - a) if always else checked_elapsed(cal, a, b)
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
    always = always_open(cal)
    first = 0
    if memo is not None:
        n, track = memo.prefix(intervals)
        if track is not None and n:
            cums = track.cum(cal)
            # The first closed interval during which the clock passes ``d``, by bisection.
            k = bisect_right(cums, d, hi=n)
            if k < n:
                a = intervals[k][0]
                rest = d - cums[k - 1] if k else d
                return utc_add(a, rest) if always else checked_add(cal, a, rest)
            remaining, first = d - cums[n - 1], n
    for i in range(first, len(intervals)):
        a, b = intervals[i]
        if b is None:
            return utc_add(a, remaining) if always else checked_add(cal, a, remaining)
        got = (b - a) if always else checked_elapsed(cal, a, b)
        if got > remaining:
            return utc_add(a, remaining) if always else checked_add(cal, a, remaining)
        remaining -= got
    return None


#: How ``elapsed_and_due`` counts on a calendar: by the general functions (any calendar), plain
#: UTC arithmetic (a 24/7 ``BusinessCalendar``), or on a ``BusinessCalendar``'s year table.
GENERAL, ALWAYS_OPEN, ON_TABLE = 0, 1, 2


def counting(cal: CalendarLike) -> int:
    """How ``elapsed_and_due`` counts on ``cal`` (``GENERAL``, ``ALWAYS_OPEN``, ``ON_TABLE``)."""
    if type(cal) is not BusinessCalendar:
        return GENERAL
    return ALWAYS_OPEN if cal.is_always_open else ON_TABLE


def elapsed_and_due(
    cal: CalendarLike,
    counted: Sequence[tuple[datetime, datetime]],
    end: datetime,
    within: timedelta,
    project: bool,
    how: int | None = None,
    within_us: int | None = None,
) -> tuple[timedelta, datetime | None]:
    """``clock_elapsed(cal, counted, end)``, and ``clock_add(cal, projected, within)`` when
    that passes ``within`` or ``project`` holds (else ``None``), in one walk.

    ``counted`` are the closed intervals a clock ran up to ``end`` (each within it) and
    ``projected`` is the clock run on from ``end`` (``_open_end``). Each interval's open time
    is computed once, in integer microseconds on the calendar's year table; a query that
    leaves the common case (an error to report) is answered by the general functions.
    ``how`` is ``counting(cal)`` and ``within_us`` is ``within`` in microseconds, when the
    caller keeps them.
    """
    if how is None:
        how = counting(cal)
    try:
        if how == ON_TABLE:
            table = cal._column_timeline()  # type: ignore[attr-defined]
            d = within // ONE_US if within_us is None else within_us
            return _on_table(table, counted, end, within, d, project)
        if how == ALWAYS_OPEN:
            return _always_open(counted, end, within, project)
    except (OutOfRangeError, CalendarError):
        pass  # out of the common case: the general functions raise the error they always did
    return _general(cal, counted, end, within, project)


def _always_open(
    counted: Sequence[tuple[datetime, datetime]], end: datetime, within: timedelta, project: bool
) -> tuple[timedelta, datetime | None]:
    """``elapsed_and_due`` on a 24/7 calendar: plain UTC arithmetic."""
    total = ZERO
    for a, b in counted:
        total += b - a
    if not project and not total > within:
        return total, None
    remaining = within
    k = len(counted)
    # The projection runs on from the last interval when it reaches ``end``.
    if k and counted[-1][1] == end:
        k -= 1
        at = counted[k][0]
    else:
        at = end
    for i in range(k):
        a, b = counted[i]
        if b - a > remaining:
            return total, utc_add(a, remaining)
        remaining -= b - a
    return total, utc_add(at, remaining)


def _on_table(
    table: Timeline,
    counted: Sequence[tuple[datetime, datetime]],
    end: datetime,
    within: timedelta,
    d: int,
    project: bool,
) -> tuple[timedelta, datetime | None]:
    """``elapsed_and_due`` on a business calendar's year table, in microseconds (``d`` is
    ``within``).

    ``ONE_US * n`` is the exact ``timedelta(0, 0, n)``, built faster.
    """
    if len(counted) == 1 and counted[0][1] == end:
        return one_run(table, counted[0][0], end, d, project)
    got = [table.elapsed((a - EPOCH) // ONE_US, (b - EPOCH) // ONE_US) for a, b in counted]
    total = ONE_US * sum(got)
    if not project and not total > within:
        return total, None
    remaining = d
    k = len(counted)
    if k and counted[-1][1] == end:
        k -= 1
        at = counted[k][0]
    else:
        at = end
    for i in range(k):
        if got[i] > remaining:
            at = counted[i][0]
            break
        remaining -= got[i]
    return total, _utc(table.add((at - EPOCH) // ONE_US, remaining), at)


def one_run(
    table: Timeline, a: datetime, b: datetime, d: int, project: bool
) -> tuple[timedelta, datetime | None]:
    """``_on_table`` of a clock that ran once, from ``a`` up to its end ``b`` (most clocks):
    its deadline counts from its start. May raise what the year table raises (the caller
    then asks the general functions, as ``elapsed_and_due`` does).
    """
    xa = (a - EPOCH) // ONE_US
    xb = (b - EPOCH) // ONE_US
    if project:
        us, y = table.elapsed_add(xa, xb, d)
        due = EPOCH + ONE_US * y  # ``_utc``, inline
        return ONE_US * us, (due if a.tzinfo is UTC else due.astimezone(a.tzinfo))
    us = table.elapsed(xa, xb)
    return ONE_US * us, (_utc(table.add(xa, d), a) if us > d else None)


def year_table(cal: CalendarLike, how: int) -> Timeline | None:
    """The year table ``elapsed_and_due`` counts on when ``how`` is ``ON_TABLE``, else (or
    when it cannot be had) ``None``."""
    if how != ON_TABLE:
        return None
    try:
        return cal._column_timeline()  # type: ignore[attr-defined, no-any-return]
    except (OutOfRangeError, CalendarError):
        return None


def _utc(y: int, like: datetime) -> datetime:
    """The instant ``y`` (microseconds) in ``like``'s zone, as ``BusinessCalendar.add``."""
    r = EPOCH + ONE_US * y
    return r if like.tzinfo is UTC else r.astimezone(like.tzinfo)


def _general(
    cal: CalendarLike,
    counted: Sequence[tuple[datetime, datetime]],
    end: datetime,
    within: timedelta,
    project: bool,
) -> tuple[timedelta, datetime | None]:
    """``elapsed_and_due`` by the general clock functions."""
    used = clock_elapsed(cal, counted, end)
    if not project and not used > within:
        return used, None
    if counted and counted[-1][1] == end:
        projected: tuple[ClockInterval, ...] = (*counted[:-1], (counted[-1][0], None))
    else:
        projected = (*counted, (end, None))
    return used, clock_add(cal, projected, within)
