"""Private engine behind `BusinessCalendar`: per-year tables of open spans in UTC microseconds.

A calendar's open time is cut into *chunks*, one per local calendar year ``Y``: chunk ``Y`` covers
the instants ``[B(Y), B(Y + 1))`` where ``B(Y)`` is local midnight on 1 January (fold=0). Because
chunks are disjoint in time, the open time of a range is a sum of per-chunk cumulative sums, and
every query is one or two bisects. A chunk holds the merged concrete spans (integer microseconds
since the Unix epoch, UTC) of the local dates that can reach into it -- 30 December of ``Y - 1``
up to 31 December of ``Y`` -- clipped to its bounds, so an overnight span on New Year's Eve is
split at the boundary and each half is counted exactly once.

Examples:
    >>> from zoneinfo import ZoneInfo
    >>> nine_to_five = (((540, 1020),),) * 5 + ((), ())
    >>> table = Table(ZoneInfo("UTC"), nine_to_five, {}, frozenset(), ())
    >>> table.chunk(2026).total // 3_600_000_000  # open hours in 2026
    2088
"""

from __future__ import annotations

import abc
from bisect import bisect_right
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

from servicemodel.errors import (
    MAX_INSTANT,
    MIN_INSTANT,
    CalendarError,
    OutOfRangeError,
    UnknownHolidaysError,
)

__all__ = ["MAX_US", "MIN_US", "Chunk", "HolidaySource", "Table", "from_us", "to_us"]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
ONE_DAY = timedelta(days=1)
# Mean Gregorian year; only used to guess a chunk, which is then corrected exactly.
_US_PER_YEAR = 31_556_952_000_000
# Years for which a chunk can be built (a chunk reads 30 December of the year before).
MIN_YEAR = 2
MAX_YEAR = 9998
# How many consecutive years without open time a search crosses before it gives up.
MAX_EMPTY_YEARS = 8
# How many years one query may cross (elapsed, open_intervals, or add's walk): each year crossed
# builds a table of about a millisecond, so this bounds the work of any one query.
MAX_SPAN_YEARS = 200

Spans = tuple[tuple[int, int], ...]


class HolidaySource(Protocol):
    """Anything that lists the holiday dates of one year."""

    def dates_in(self, year: int) -> frozenset[date]:
        """Return the holidays that fall in ``year``."""
        ...


def to_us(t: datetime) -> int:
    """Return the aware datetime ``t`` as integer microseconds since the epoch.

    Examples:
        >>> to_us(datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC))
        1000000
    """
    # Subtracting across tzinfo objects goes through utcoffset(), which honours fold.
    return (t - EPOCH) // ONE_US


# The supported range of instants (servicemodel.errors.require_instant) in microseconds;
# every instant a query is given or returns lies in [MIN_US, MAX_US).
MIN_US = (MIN_INSTANT - EPOCH) // ONE_US
MAX_US = (MAX_INSTANT - EPOCH) // ONE_US


def from_us(x: int, tz: tzinfo | None) -> datetime:
    """Return the instant ``x`` (microseconds since the epoch) as a datetime in ``tz``.

    Examples:
        >>> from_us(1_000_000, UTC).isoformat()
        '1970-01-01T00:00:01+00:00'
    """
    t = EPOCH + ONE_US * x  # the exact timedelta(0, 0, x), built faster
    return t if tz is UTC else t.astimezone(tz)


class Chunk:
    """The merged open spans of one local year, with cumulative open time before each span."""

    __slots__ = ("cum", "ends", "hi", "lo", "starts", "total", "year")

    def __init__(self, year: int, lo: int, hi: int, spans: list[tuple[int, int]]) -> None:
        self.year = year
        self.lo = lo
        self.hi = hi
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.cum: list[int] = [0]
        for a, b in sorted(spans):
            if self.ends and a <= self.ends[-1]:
                if b > self.ends[-1]:
                    self.cum[-1] += b - self.ends[-1]
                    self.ends[-1] = b
                continue
            self.starts.append(a)
            self.ends.append(b)
            self.cum.append(self.cum[-1] + b - a)
        self.total = self.cum[-1]

    def open_before(self, x: int) -> int:
        """Open time in ``[lo, x)`` for ``lo <= x <= hi``."""
        i = bisect_right(self.starts, x) - 1
        if i < 0:
            return 0
        return self.cum[i] + min(x, self.ends[i]) - self.starts[i]


class Timeline(abc.ABC):
    """Lazily built chunks of open time, and every query over them; plain data, so it pickles.

    A subclass says what is open in a chunk (`spans`); chunk ``Y`` covers ``[B(Y), B(Y + 1))``
    where ``B(Y)`` is local midnight on 1 January in ``tz``.
    """

    __slots__ = ("_bounds", "_chunks", "_last", "first_year", "last_year", "never_open", "tz")

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self._bounds: dict[int, int] = {}
        self._chunks: dict[int, Chunk] = {}
        # Queries cluster in time; checking the last chunk used first skips the year search.
        self._last: Chunk | None = None
        # Set by a subclass whose open time is known to be finite (overrides only): searches
        # then stop just past it instead of after MAX_EMPTY_YEARS.
        self.first_year: int | None = None
        self.last_year: int | None = None
        self.never_open = False

    @abc.abstractmethod
    def spans(self, year: int, lo: int, hi: int) -> list[tuple[int, int]]:
        """Return the open spans of chunk ``year`` within ``[lo, hi)``, in any order."""

    # -- chunks -----------------------------------------------------------------------------

    def bound(self, year: int) -> int:
        """Return ``B(year)``: local midnight on 1 January as microseconds."""
        b = self._bounds.get(year)
        if b is None:
            if year > MAX_YEAR + 1:  # past any chunk; datetime cannot go there
                b = to_us(datetime.max.replace(tzinfo=UTC)) + 1 + year
            elif year < MIN_YEAR:
                b = to_us(datetime.min.replace(tzinfo=UTC)) - 1 + year
            else:
                b = to_us(datetime(year, 1, 1, tzinfo=self.tz))
            self._bounds[year] = b
        return b

    def chunk(self, year: int) -> Chunk:
        """Return the chunk of local ``year``, building it on first use."""
        c = self._chunks.get(year)
        if c is not None:
            return c
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise OutOfRangeError(
                f"year {year} is outside the supported range {MIN_YEAR}..{MAX_YEAR}"
            )
        # The first and last chunks end at the supported range, so an instant lies in some
        # chunk exactly when it is in the range, and hot paths need no check of their own.
        lo, hi = max(self.bound(year), MIN_US), min(self.bound(year + 1), MAX_US)
        spans = self.spans(year, lo, hi)
        c = Chunk(year, lo, hi, spans)
        self._chunks[year] = c
        return c

    def chunk_at(self, x: int) -> Chunk:
        """Return the chunk that holds instant ``x``."""
        c = self._last
        if c is None or not c.lo <= x < c.hi:
            c = self.chunk(self.year_of(x))
            if not c.lo <= x < c.hi:  # within a day of the range's ends, in this zone
                raise OutOfRangeError("instant outside the supported range")
            self._last = c
        return c

    def year_of(self, x: int) -> int:
        """Return the year whose chunk holds ``x``; MIN_YEAR - 1 or MAX_YEAR + 1 outside them."""
        # Clamped first: outside the chunk years ``bound`` moves by 1 µs a year, so walking
        # there would take ~10^10 steps.
        if x < self.bound(MIN_YEAR):
            return MIN_YEAR - 1
        if x >= self.bound(MAX_YEAR + 1):
            return MAX_YEAR + 1
        y = min(max(1970 + x // _US_PER_YEAR, MIN_YEAR), MAX_YEAR)
        while x < self.bound(y):
            y -= 1
        while x >= self.bound(y + 1):
            y += 1
        return y

    def _check(self, year: int, empty_run: int, forward: bool, start: int) -> None:
        if abs(year - start) > MAX_SPAN_YEARS:
            raise CalendarError(f"the answer lies more than {MAX_SPAN_YEARS} years away")
        limit = self.last_year if forward else self.first_year
        if limit is not None:
            if (forward and year > limit) or (not forward and year < limit):
                raise CalendarError("calendar has no open time in that direction")
        elif empty_run > MAX_EMPTY_YEARS:
            raise CalendarError(f"calendar has no open time in {MAX_EMPTY_YEARS} years")

    # -- queries ----------------------------------------------------------------------------

    def position(self, x: int) -> tuple[int, int]:
        """Return ``(year, open time from B(year) to x)``."""
        c = self.chunk_at(x)
        return c.year, c.open_before(x)

    def is_open(self, x: int) -> bool:
        """Return whether instant ``x`` is open."""
        c = self.chunk_at(x)
        i = bisect_right(c.starts, x) - 1
        return i >= 0 and x < c.ends[i]

    def elapsed(self, a: int, b: int) -> int:
        """Open microseconds in ``[a, b)`` for ``a <= b``."""
        # Hot path (every business-hours clock): both ends in the chunk used last, the usual
        # case, is two bisections inline -- ``position`` twice, without its calls.
        c = self._last
        if c is not None and c.lo <= a and b < c.hi:
            starts, ends, cum = c.starts, c.ends, c.cum
            i = bisect_right(starts, b) - 1
            if i < 0:
                return 0
            e = ends[i]
            fb = cum[i] + (b if b < e else e) - starts[i]
            i = bisect_right(starts, a) - 1
            if i < 0:
                return fb
            e = ends[i]
            return fb - (cum[i] + (a if a < e else e) - starts[i])
        ya, fa = self.position(a)
        yb, fb = self.position(b)
        if ya == yb:
            return fb - fa
        _span_check(ya, yb)
        total = self.chunk(ya).total - fa + fb
        for y in range(ya + 1, yb):
            total += self.chunk(y).total
        return total

    def elapsed_add(self, a: int, b: int, d: int) -> tuple[int, int]:
        """``(elapsed(a, b), add(a, d))`` for ``a <= b``, ``a`` located once.

        The shape of most SLA clocks: the open time of one run, and its deadline from its start.
        """
        c = self._last
        if c is None or not (c.lo <= a and b < c.hi):
            return self.elapsed(a, b), self.add(a, d)
        starts, ends, cum = c.starts, c.ends, c.cum
        i = bisect_right(starts, a) - 1
        if i < 0:
            fa = 0
        else:
            e = ends[i]
            fa = cum[i] + (a if a < e else e) - starts[i]
        j = bisect_right(starts, b) - 1
        if j < 0:
            fb = 0
        else:
            e = ends[j]
            fb = cum[j] + (b if b < e else e) - starts[j]
        g = fa + d
        if 0 <= g < c.total:  # the deadline is in the same year (``add``'s fast path)
            k = bisect_right(cum, g) - 1
            return fb - fa, starts[k] + g - cum[k]
        return fb - fa, self.add(a, d)

    def locate(self, year: int, g: int) -> int:
        """Return the latest instant whose open time since ``B(year)`` is ``g``."""
        if self.never_open:
            raise CalendarError("calendar has no open time: no weekly hours, no override hours")
        empty_run = 0
        start = year
        c = self.chunk(year)
        while g < 0:
            year -= 1
            empty_run += 1
            self._check(year, empty_run, False, start)
            c = self.chunk(year)
            g += c.total
            if c.total:
                empty_run = 0
        empty_run = 0
        # ``>=``: running out exactly at the end of a chunk's open time means "the next
        # opening", which lives in a later chunk.
        while g >= c.total:
            g -= c.total
            year += 1
            empty_run = empty_run + 1 if not c.total else 1
            self._check(year, empty_run, True, start)
            c = self.chunk(year)
        i = bisect_right(c.cum, g) - 1
        return c.starts[i] + g - c.cum[i]

    def add(self, x: int, d: int) -> int:
        """Return the latest instant whose open time since ``x`` is ``d`` (signed)."""
        # Hot path of every deadline computation: kept inline, with locals, on purpose.
        c = self._last
        if c is None or not c.lo <= x < c.hi:
            c = self.chunk_at(x)
        starts, cum = c.starts, c.cum
        i = bisect_right(starts, x) - 1
        if i >= 0:
            end = c.ends[i]
            g = cum[i] + (x if x < end else end) - starts[i] + d
        else:
            g = d
        if 0 <= g < c.total:  # the answer is in the same year
            i = bisect_right(cum, g) - 1
            return starts[i] + g - cum[i]
        # Open time never outruns wall time, so ``x + d`` bounds the answer: a budget that
        # leads out of the range, or too many years away, fails here without walking there.
        if not MIN_US <= x + d < MAX_US:
            raise OutOfRangeError("the answer lies outside the supported range")
        if abs(d) > (MAX_SPAN_YEARS + 1) * _US_PER_YEAR:
            raise CalendarError(f"the answer lies more than {MAX_SPAN_YEARS} years away")
        # For ``d < 0`` the latest such instant is the opening that follows the point where the
        # budget runs out, which is never later than ``x``; so one rule serves both signs.
        return self.locate(c.year, g)

    def next_close(self, x: int) -> int:
        """Return the first closed instant at or after ``x``."""
        y = self.chunk_at(x).year
        crossings = 0
        while True:
            c = self.chunk(y)
            i = bisect_right(c.starts, x) - 1
            if i < 0 or x >= c.ends[i]:
                return x
            x = c.ends[i]
            if x < c.hi:
                return x
            y += 1
            crossings += 1
            if crossings > MAX_EMPTY_YEARS:
                raise CalendarError(f"calendar never closes in {MAX_EMPTY_YEARS} years")

    def _step_back(self, y: int, steps: int, start: int) -> Chunk:
        """Return the chunk of year ``y - 1`` for a backward search, or raise if it must end."""
        if steps > MAX_EMPTY_YEARS and self.first_year is None:
            raise CalendarError(f"no opening or close in {MAX_EMPTY_YEARS} years before")
        self._check(y - 1, 0, False, start)
        return self.chunk(y - 1)

    def previous_open(self, x: int) -> int:
        """Return the latest opening (start of a merged span) at or before ``x``."""
        c = self.chunk_at(x)
        start, steps = c.year, 0
        i = bisect_right(c.starts, x) - 1
        while True:
            if i >= 0 and c.starts[i] > c.lo:
                return c.starts[i]
            if i >= 0:  # starts at the chunk's bound: a real opening unless open just before
                before = self._step_back(c.year, steps, start)
                if not (before.ends and before.ends[-1] == before.hi):
                    return c.starts[i]
            else:
                before = self._step_back(c.year, steps, start)
            c, steps = before, steps + 1
            i = len(c.starts) - 1

    def previous_close(self, x: int) -> int:
        """Return the latest close (end of a merged span) at or before ``x``."""
        c = self.chunk_at(x)
        start, steps = c.year, 0
        j = bisect_right(c.ends, x) - 1
        while j < 0:
            after = c
            c, steps = self._step_back(c.year, steps, start), steps + 1
            j = len(c.ends) - 1
            # A span ending at the chunk's bound goes on if the next chunk opens right there.
            if j >= 0 and c.ends[j] == c.hi and after.starts and after.starts[0] == after.lo:
                j -= 1
        return c.ends[j]

    def intervals(self, a: int, b: int) -> list[tuple[int, int]]:
        """Return the merged open spans within ``[a, b)``."""
        out: list[tuple[int, int]] = []
        if a >= b:
            return out
        ya, yb = self.chunk_at(a).year, self.chunk_at(b - 1).year
        _span_check(ya, yb)
        for y in range(ya, yb + 1):
            c = self.chunk(y)
            i = max(bisect_right(c.starts, a) - 1, 0)
            for j in range(i, len(c.starts)):
                s, e = max(c.starts[j], a), min(c.ends[j], b)
                if s >= b:
                    break
                if s >= e:
                    continue
                if out and out[-1][1] == s:
                    out[-1] = (out[-1][0], e)
                else:
                    out.append((s, e))
        return out


class Table(Timeline):
    """The year tables of one weekly calendar (hours, holidays, overrides)."""

    __slots__ = ("_holiday_years", "dates", "overrides", "sources", "weekly")

    def __init__(
        self,
        tz: ZoneInfo,
        weekly: tuple[Spans, ...],
        overrides: Mapping[date, Spans],
        dates: frozenset[date],
        sources: tuple[HolidaySource, ...],
    ) -> None:
        super().__init__(tz)
        self.weekly = weekly
        self.overrides = dict(overrides)
        self.dates = dates
        self.sources = sources
        self._holiday_years: dict[int, frozenset[date]] = {}
        # Without weekly hours the open time is the overrides alone: a finite set, so searches
        # stop just past the first and last override instead of after MAX_EMPTY_YEARS.
        if not any(weekly):
            open_years = [d.year for d, spans in self.overrides.items() if spans]
            self.never_open = not open_years
            if open_years:
                self.first_year = min(open_years) - 1
                self.last_year = max(open_years) + 1

    def _holidays_of(self, year: int) -> frozenset[date]:
        hol = self._holiday_years.get(year)
        if hol is None:
            found: set[date] = set()
            for source in self.sources:
                found |= source.dates_in(year)
            hol = frozenset(found)
            self._holiday_years[year] = hol
        return hol

    def spans(self, year: int, lo: int, hi: int) -> list[tuple[int, int]]:
        """Return the concrete spans of the dates that reach into local ``year``, clipped."""
        try:
            before: frozenset[date] | None = self._holidays_of(year - 1)
        except UnknownHolidaysError:  # a year its holiday source does not cover: needed only if ...
            before = None
        rule_days = self._holidays_of(year) | (before or frozenset())
        tz, weekly, overrides, dates = self.tz, self.weekly, self.overrides, self.dates
        spans: list[tuple[int, int]] = []
        day = date(year - 1, 12, 30)
        last = date(year, 12, 31)
        while day <= last:
            todays = overrides.get(day)
            if todays is None:
                todays = () if (day in dates or day in rule_days) else weekly[day.weekday()]
                if todays and before is None and day.year < year:
                    # ... the last days of the year before reach into this one
                    before = self._needed_before(day, todays, lo, hi, year)
                    if before is not None:
                        rule_days |= before
                        if day in before:
                            todays = ()
            if todays:
                midnight = datetime(day.year, day.month, day.day, tzinfo=tz)
                for s, e in todays:
                    # Aware + timedelta is wall-clock arithmetic; to_us then applies fold=0,
                    # which is exactly the gap/fold rule the calendar promises.
                    a = max(to_us(midnight + timedelta(minutes=s)), lo)
                    b = min(to_us(midnight + timedelta(minutes=e)), hi)
                    if a < b:
                        spans.append((a, b))
            day += ONE_DAY
        return spans

    def _needed_before(
        self, day: date, todays: Spans, lo: int, hi: int, year: int
    ) -> frozenset[date] | None:
        """The holidays of ``year - 1`` when ``day``'s hours reach into ``[lo, hi)``, raising
        the source's error for that year then; else ``None`` (they cannot change the answer)."""
        midnight = datetime(day.year, day.month, day.day, tzinfo=self.tz)
        for s, e in todays:
            a = max(to_us(midnight + timedelta(minutes=s)), lo)
            b = min(to_us(midnight + timedelta(minutes=e)), hi)
            if a < b:
                return self._holidays_of(year - 1)
        return None


def _span_check(ya: int, yb: int) -> None:
    if yb - ya > MAX_SPAN_YEARS:
        raise CalendarError(
            f"a query may span at most {MAX_SPAN_YEARS} years; this one spans {ya}..{yb}"
        )
