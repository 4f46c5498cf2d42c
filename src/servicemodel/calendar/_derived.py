"""Queries for calendars built from other calendars' open time (algebra, schedule history).

Such a calendar has no zone of its own: its open time is cut into UTC years, and the chunk of
a year is asked of the operands as their open spans in integer microseconds (UTC). From there
on every query is the same O(log n) table lookup a `BusinessCalendar` does.

Examples:
    >>> intersect_spans([(0, 10), (20, 30)], [(5, 25)])
    [(5, 10), (20, 25)]
    >>> subtract_spans([(0, 10), (20, 30)], [(5, 25)])
    [(0, 5), (25, 30)]
    >>> union_spans([[(0, 10)], [(10, 12), (20, 30)]])
    [(0, 12), (20, 30)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from servicemodel.calendar._columns import ColumnQueries
from servicemodel.calendar._instants import (
    duration_us,
    in_range,
    instant,
    out_of_range,
    past_range,
)
from servicemodel.calendar._table import Timeline, from_us
from servicemodel.errors import OutOfRangeError

__all__ = [
    "DerivedQueries",
    "OpenTime",
    "SourceTimeline",
    "intersect_spans",
    "subtract_spans",
    "union_spans",
]

SpanList = list[tuple[int, int]]


class OpenTime(Protocol):
    """What a calendar offers to calendars built from it: its open spans in microseconds."""

    def _open_us(self, lo: int, hi: int) -> SpanList: ...


def union_spans(lists: Iterable[SpanList]) -> SpanList:
    """Return the merged union of sorted span lists."""
    out: SpanList = []
    for a, b in sorted(s for spans in lists for s in spans):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def intersect_spans(xs: SpanList, ys: SpanList) -> SpanList:
    """Return the intersection of two sorted, merged span lists (a linear two-pointer sweep)."""
    out: SpanList = []
    i = j = 0
    while i < len(xs) and j < len(ys):
        a, b = max(xs[i][0], ys[j][0]), min(xs[i][1], ys[j][1])
        if a < b:
            out.append((a, b))
        if xs[i][1] < ys[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract_spans(xs: SpanList, ys: SpanList) -> SpanList:
    """Return ``xs`` minus ``ys``, both sorted and merged."""
    out: SpanList = []
    j = 0
    for a, b in xs:
        while j < len(ys) and ys[j][1] <= a:
            j += 1
        k = j
        while k < len(ys) and ys[k][0] < b:
            if ys[k][0] > a:
                out.append((a, ys[k][0]))
            a = max(a, ys[k][1])
            k += 1
        if a < b:
            out.append((a, b))
    return out


class SourceTimeline(Timeline):
    """Year tables in UTC whose open spans come from a function of ``(lo, hi)``."""

    __slots__ = ("source",)

    def __init__(self, source: Callable[[int, int], SpanList]) -> None:
        super().__init__(UTC)
        self.source = source

    def spans(self, year: int, lo: int, hi: int) -> SpanList:
        """Return the source's open spans in ``[lo, hi)``."""
        return self.source(lo, hi)


class DerivedQueries(ColumnQueries):
    """The calendar queries over a `SourceTimeline`; results in the zone of the input."""

    __slots__ = ()

    if TYPE_CHECKING:  # every subclass defines it; declared here for the type checker only

        def _timeline(self) -> Timeline: ...

    def _open_us(self, lo: int, hi: int) -> SpanList:
        return self._timeline().intervals(lo, hi)

    def _column_timeline(self) -> Timeline | None:
        return self._timeline()

    @property
    def is_always_open(self) -> bool:
        """False: a derived calendar always takes the table path (correct, if not the fastest)."""
        return False

    def is_open(self, t: datetime) -> bool:
        """Return whether the instant ``t`` is open."""
        x = in_range(instant(t, "t"), t, "t")
        return bool(self._run(lambda tl: tl.is_open(x), (t, "t")))

    def next_open(self, t: datetime) -> datetime:
        """Return the first open instant at or after ``t`` (``t`` itself if open)."""
        return self.add(t, timedelta(0))

    def next_close(self, t: datetime) -> datetime:
        """Return the first closed instant at or after ``t`` (``t`` itself if closed)."""
        x = in_range(instant(t, "t"), t, "t")
        return from_us(self._run(lambda tl: tl.next_close(x), (t, "t")), t.tzinfo)

    def previous_open(self, t: datetime) -> datetime:
        """Return the latest opening at or before ``t``."""
        x = in_range(instant(t, "t"), t, "t")
        return from_us(self._run(lambda tl: tl.previous_open(x), (t, "t")), t.tzinfo)

    def previous_close(self, t: datetime) -> datetime:
        """Return the latest close at or before ``t``."""
        x = in_range(instant(t, "t"), t, "t")
        return from_us(self._run(lambda tl: tl.previous_close(x), (t, "t")), t.tzinfo)

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        """Return the open time in ``[a, b)``; negative when ``b < a``."""
        x = in_range(instant(a, "a"), a, "a")
        y = in_range(instant(b, "b"), b, "b")
        if y < x:
            return -timedelta(0, 0, self._run(lambda tl: tl.elapsed(y, x), (a, "a"), (b, "b")))
        return timedelta(0, 0, self._run(lambda tl: tl.elapsed(x, y), (a, "a"), (b, "b")))

    def add(self, t: datetime, d: timedelta) -> datetime:
        """Return ``t`` moved by ``d`` of open time (the rule of `BusinessCalendar.add`)."""
        x, step = _args(t, d)
        try:
            return from_us(self._timeline().add(x, step), t.tzinfo)
        except OutOfRangeError:
            raise past_range(t, d) from None

    def sub(self, t: datetime, d: timedelta) -> datetime:
        """Return ``t`` moved back by ``d`` of open time (the rule of `BusinessCalendar.sub`)."""
        x, step = _args(t, d)
        if step < 0:
            try:
                return self.add(t, -d)
            except OutOfRangeError:  # named as called: sub(t, d), not add(t, -d)
                raise past_range(t, d, "sub") from None
        if step == 0:
            return t
        try:
            return from_us(self._timeline().add(x, -step), t.tzinfo)
        except OutOfRangeError:
            raise past_range(t, d, "sub") from None

    def open_intervals(self, a: datetime, b: datetime) -> list[tuple[datetime, datetime]]:
        """Return the open spans within ``[a, b)``, merged and in order, in ``a``'s zone."""
        x = in_range(instant(a, "a"), a, "a")
        y = in_range(instant(b, "b"), b, "b")
        spans = self._run(lambda tl: tl.intervals(x, y), (a, "a"), (b, "b"))
        return [(from_us(s, a.tzinfo), from_us(e, a.tzinfo)) for s, e in spans]

    def _run(self, query: Callable[[Timeline], Any], *named: tuple[datetime, str]) -> Any:
        try:
            return query(self._timeline())
        except OutOfRangeError:
            raise out_of_range(*named) from None


def _args(t: Any, d: Any) -> tuple[int, int]:
    # ``t`` first, on its own: its InputTypeError is a TypeError too, and must not be taken
    # for a bad ``d``.
    x = instant(t, "t")
    return in_range(x, t, "t"), duration_us(d)
