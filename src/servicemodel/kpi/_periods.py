"""Period keys for segments: the local day, ISO week, month or quarter of a record.

A [`Periods`][servicemodel.kpi.Periods] value (built by [`periods(...)`][servicemodel.kpi.periods])
is a segment key: it maps a record's instant to the start date of its period in a chosen time
zone (computed with ``dateutil``), or to ``None`` outside ``[start, end)``. Instants are compared
in UTC.

Examples:
    >>> from datetime import datetime, timezone
    >>> p = periods("week", tz="Europe/Berlin")
    >>> p.label(p.floor(datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)))
    '2026-W10'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any, Literal, TypeAlias
from zoneinfo import ZoneInfo

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule
from dateutil.tz import resolve_imaginary

from servicemodel._config import one_of, safe_repr
from servicemodel.calendar import zone
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    OutOfRangeError,
    require_aware,
    require_instant,
)
from servicemodel.model import TicketHistory, require_facts

__all__ = ["PeriodUnit", "Periods", "periods"]

PeriodUnit: TypeAlias = Literal["day", "week", "month", "quarter"]
_UNITS = ("day", "week", "month", "quarter")
_INSTANTS = ("created", "first_reply", "first_solved", "solved")
#: The facts a partial history must hold for each instant to be known (``model.LOST``).
_AT_FACTS = {
    "first_reply": ("first_reply",),
    "first_solved": ("resolution", "first_resolution"),
    "solved": ("resolution",),
}


def _zone(value: Any) -> str:
    name = value.key if isinstance(value, ZoneInfo) else value
    if not isinstance(name, str):
        raise InputTypeError(f"tz: expected a zone name or ZoneInfo, got {safe_repr(value)}")
    return zone(name, "tz").key


def _unit(value: Any) -> str:
    if not one_of(value, _UNITS):
        raise ConfigError(
            f"unknown period {safe_repr(value)}; expected one of {list(_UNITS)}", path="unit"
        )
    return str(value)


def _instant_spec(value: Any) -> Any:
    if callable(value):
        return value
    if not one_of(value, _INSTANTS):
        raise ConfigError(
            f"unknown instant {safe_repr(value)}; expected one of {list(_INSTANTS)} or a function",
            path="at",
        )
    return value


def _bound(value: Any) -> date | datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return require_aware(value, "bound")
    if isinstance(value, date):
        return value
    raise InputTypeError(f"period bounds must be dates or aware datetimes, got {safe_repr(value)}")


def local_day_start(day: date, tz: tzinfo) -> datetime:
    """The first instant of the local ``day`` in ``tz``, as the wall time a clock there shows.

    ``datetime(..., tzinfo=zone)`` at a midnight in a DST gap (America/Santiago on
    2024-09-08) is a wall time no clock shows: with a ``ZoneInfo`` it printed as
    ``00:00-04:00`` and, like every time in a gap, compared unequal to the same instant in
    another zone (PEP 495); dateutil's zones read it with the offset after the change, an hour
    early, on the day before. The day begins where the gap moves midnight to, ``01:00-03:00``:
    ``zoneinfo``'s reading of a gap (fold=0), which ``dateutil.tz.resolve_imaginary`` gives for
    any ``tzinfo`` (the same wall time and offset for every ``ZoneInfo`` gap of 1900-2100).

    Examples:
        >>> from datetime import date
        >>> from zoneinfo import ZoneInfo
        >>> local_day_start(date(2024, 9, 8), ZoneInfo("America/Santiago")).isoformat()
        '2024-09-08T01:00:00-03:00'
    """
    wall = datetime(day.year, day.month, day.day, tzinfo=tz)
    try:
        return resolve_imaginary(wall)
    except OverflowError:  # at the ends of the datetime range: no DST there to resolve
        return wall


@functools.lru_cache(maxsize=4096)
def _day_start(tz: str, year: int, month: int, day: int) -> datetime:
    """The first instant of a local day in the zone named ``tz`` (``local_day_start``).

    Cached: a fixed range reads its bounds' starts for every record.
    """
    return local_day_start(date(year, month, day), ZoneInfo(tz))


def _fixed(instant: datetime) -> datetime:
    """``instant`` with its offset as a fixed zone: compared by instant, never by wall clock.

    Aware datetimes sharing one tzinfo compare by wall clock, wrong across a DST change; with
    fixed offsets they compare as instants, and, unlike ``astimezone(UTC)``, never overflow
    near the ends of the datetime range.
    """
    return instant.replace(tzinfo=timezone(instant.utcoffset() or timedelta(0)))


@attrs.frozen
class Periods:
    """A period key: the local start date of the day, ISO week, month or quarter of a record.

    Build one with [`periods(...)`][servicemodel.kpi.periods]. A record's instant is
    its creation by default (``at="created"``; also ``"first_reply"``, ``"first_solved"``,
    ``"solved"`` or a function returning an aware datetime or ``None``); records without that
    instant, or outside ``[start, end)``, are left out and counted in ``Segmented.dropped``.
    Weeks start on Monday (ISO 8601); quarters in January, April, July and October.

    Examples:
        >>> from datetime import datetime, timezone
        >>> p = periods("week", tz="Europe/Berlin")
        >>> p.floor(datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc))  # Monday 00:30 in Berlin
        datetime.date(2026, 3, 2)
        >>> p.label(p.floor(datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)))
        '2026-W10'
    """

    unit: str = attrs.field(converter=_unit)
    tz: str = attrs.field(default="UTC", converter=_zone)
    start: date | datetime | None = attrs.field(default=None, converter=_bound)
    end: date | datetime | None = attrs.field(default=None, converter=_bound)
    at: Any = attrs.field(default="created", converter=_instant_spec)

    def __attrs_post_init__(self) -> None:
        if self.start is None or self.end is None:
            return
        lo = self.start if isinstance(self.start, datetime) else self.period_start(self.start)
        hi = self.end if isinstance(self.end, datetime) else self.period_start(self.end)
        # As instants: two datetimes sharing a ZoneInfo compare by wall clock, so an end in
        # the repeated hour of a DST change (fold=1) looked earlier than a start before it.
        if _fixed(hi) <= _fixed(lo):
            raise ConfigError(
                f"the range [{self.start.isoformat()}, {self.end.isoformat()}) is empty; "
                "end must be after start",
                path="end",
            )

    @property
    def name(self) -> str:
        """The column name of this key in records: ``"period"``.

        Examples:
            >>> periods("day").name
            'period'
        """
        return "period"

    @property
    def step(self) -> relativedelta:
        """The length of one period.

        Examples:
            >>> periods("quarter").step
            relativedelta(months=+3)
        """
        return {
            "day": relativedelta(days=1),
            "week": relativedelta(weeks=1),
            "month": relativedelta(months=1),
            "quarter": relativedelta(months=3),
        }[self.unit]

    def floor_date(self, day: date) -> date:
        """Return the first date of the period containing the local date ``day``.

        Examples:
            >>> from datetime import date
            >>> periods("quarter").floor_date(date(2026, 8, 17))
            datetime.date(2026, 7, 1)
        """
        # A datetime is a date too, but its period start came back a datetime (day, week and
        # month units), which range() then compared with a date: a bare TypeError.
        if not isinstance(day, date) or isinstance(day, datetime):
            raise InputTypeError(
                f"day: expected a date (floor() takes an instant), got {type(day).__name__} "
                f"{safe_repr(day)}"
            )
        if self.unit == "day":
            return day
        if self.unit == "week":
            return day - timedelta(days=day.weekday())
        if self.unit == "month":
            return day.replace(day=1)
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)

    def floor(self, instant: datetime) -> date:
        """Return the first local date of the period containing the aware ``instant``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> periods("month", tz="America/New_York").floor(
            ...     datetime(2026, 3, 1, 3, tzinfo=timezone.utc))  # still February in New York
            datetime.date(2026, 2, 1)
        """
        require_aware(instant, "instant")
        return self.floor_date(self._local(instant, "instant").date())

    def _local(self, instant: datetime, name: str) -> datetime:
        """Return ``instant`` in the periods' zone, or raise ``OutOfRangeError`` naming it.

        An instant whose local time lies past the datetime range made ``astimezone`` raise a
        bare ``OverflowError``.
        """
        try:
            return instant.astimezone(ZoneInfo(self.tz))
        except OverflowError:
            require_instant(instant, name)  # raises OutOfRangeError naming the instant
            raise  # pragma: no cover - require_instant refuses every instant that overflows

    def label(self, start: date) -> str:
        """Return a short label: ``2026-03-02``, ``2026-W10``, ``2026-03`` or ``2026-Q1``.

        Examples:
            >>> from datetime import date
            >>> periods("quarter").label(date(2026, 7, 1))
            '2026-Q3'
        """
        if not isinstance(start, date):
            raise InputTypeError(
                f"start: expected a date, got {type(start).__name__} {safe_repr(start)}"
            )
        if self.unit == "day":
            return start.isoformat()
        if self.unit == "week":
            year, week, _ = start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.unit == "month":
            return f"{start.year}-{start.month:02d}"
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"

    def period_start(self, start: date) -> datetime:
        """Return the aware instant at which the period beginning on ``start`` begins.

        That is local midnight, or, where midnight falls in a DST gap, the wall time the gap
        moves it to: the day begins at 01:00 when clocks jump from 00:00 to 01:00.

        Examples:
            >>> from datetime import date
            >>> periods("day", tz="Europe/Berlin").period_start(date(2026, 3, 2)).isoformat()
            '2026-03-02T00:00:00+01:00'
            >>> periods("day", tz="America/Santiago").period_start(date(2024, 9, 8)).isoformat()
            '2024-09-08T01:00:00-03:00'
        """
        if not isinstance(start, date):
            raise InputTypeError(
                f"start: expected a date, got {type(start).__name__} {safe_repr(start)}"
            )
        return _day_start(self.tz, start.year, start.month, start.day)

    def range(self, first: date, last: date) -> list[date]:
        """Return the start dates of every period from the one of ``first`` to that of ``last``.

        Examples:
            >>> from datetime import date
            >>> periods("month").range(date(2026, 1, 15), date(2026, 4, 1))
            [datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)]
        """  # noqa: E501
        a, b = self.floor_date(first), self.floor_date(last)
        if b < a:
            return []
        freq, interval = {
            "day": (DAILY, 1),
            "week": (WEEKLY, 1),
            "month": (MONTHLY, 1),
            "quarter": (MONTHLY, 3),
        }[self.unit]
        start = datetime(a.year, a.month, a.day)
        until = datetime(b.year, b.month, b.day)
        rule = rrule(freq, interval=interval, dtstart=start, until=until)  # type: ignore[arg-type]
        return [d.date() for d in rule]

    def _local_bound(self, bound: date | datetime, *, end: bool) -> date:
        if isinstance(bound, datetime):
            name = "end" if end else "start"
            local = self._local(bound, name)
            if end:
                # The last instant before the end, stepped back in UTC: a datetime in a zone
                # steps by wall clock, so an end at the first instant of a day that begins in
                # a DST gap (01:00-03:00) stepped back to 00:59:59.999999, inside the gap and
                # still that day, and listed a day no record could be in.
                last = require_instant(bound, name).astimezone(UTC) - timedelta(microseconds=1)
                local = self._local(last, name)
            return local.date()
        if end and bound == date.min:  # the day before it is no date (an OverflowError)
            raise OutOfRangeError(f"end: {bound.isoformat()} leaves no day before it in range")
        return bound - timedelta(days=1) if end else bound

    def bounds(self) -> tuple[date | None, date | None]:
        """Return the first and last period start dates of the fixed range (``None`` if open).

        Examples:
            >>> from datetime import date
            >>> periods("week", start=date(2026, 3, 4), end=date(2026, 3, 16)).bounds()
            (datetime.date(2026, 3, 2), datetime.date(2026, 3, 9))
        """
        first = last = None
        if self.start is not None:
            first = self.floor_date(self._local_bound(self.start, end=False))
        if self.end is not None:
            last = self.floor_date(self._local_bound(self.end, end=True))
        return first, last

    def instant(self, record: Any) -> datetime | None:
        """Return the instant of ``record`` that decides its period (``None``: no such instant).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
            >>> periods("day", at="solved").instant(h) is None
            True
        """
        spec = self.at
        if callable(spec):
            value = spec(record)
            return None if value is None else require_aware(value, "at(record)")
        if isinstance(record, TicketHistory):
            if spec == "created":
                return record.created_at
            # A partial history lacking the fact has no such instant for a reason other than
            # "not yet": it refuses (PartialHistoryError) rather than leave its period.
            require_facts(record, _AT_FACTS[spec], what=f"the period of its {spec} instant")
            if spec == "first_reply":
                return record.first_reply_at()
            if spec == "first_solved":
                return record.first_solved_at()
            return record.solved_at()
        for attr in ("at", "created_at"):
            value = getattr(record, attr, None)
            if isinstance(value, datetime):
                return require_aware(value, attr)
        # An SLA measurement (duck-typed: kpi never imports sla) has two instants a period could
        # mean; name both rather than pick one.
        hint = (
            " such as at=lambda m: m.started_at (when its clock started) or "
            "at=lambda m: m.stopped_at (when it stopped; None while it runs)"
            if isinstance(getattr(record, "started_at", None), datetime)
            else ""
        )
        raise InputTypeError(
            f"cannot find the period of {type(record).__name__} {safe_repr(record)}: it is not "
            f"a ticket history and has no .at or .created_at; pass at=<function>{hint}"
        )

    def _in_range(self, instant: datetime) -> bool:
        start, end = self.start, self.end
        # Instants compare in UTC (same-zone datetimes compare by wall clock, wrong across DST).
        instant = instant.astimezone(UTC)
        if start is not None:
            if isinstance(start, datetime):
                if instant < start.astimezone(UTC):
                    return False
            elif instant < self.period_start(start):
                return False
        if end is not None:
            if isinstance(end, datetime):
                if instant >= end.astimezone(UTC):
                    return False
            elif instant >= self.period_start(end):
                return False
        return True

    def __call__(self, record: Any) -> date | None:
        """Return the period start date of ``record``, or ``None`` if it falls outside."""
        instant = self.instant(record)
        if instant is None or not self._in_range(instant):
            return None
        return self.floor(instant)


def periods(
    unit: PeriodUnit,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    *,
    tz: str | ZoneInfo = "UTC",
    at: str | Callable[[Any], datetime | None] = "created",
) -> Periods:
    """Return a period key for [`by`][servicemodel.kpi.by] over ``[start, end)``.

    ``start``/``end`` are local dates in ``tz`` or aware datetimes; the result of a segmented
    accumulator has every period from the one containing ``start`` (or the first record) to the
    one containing the end (or the last record), so a trend chart has no silent gaps.

    Examples:
        >>> from datetime import date
        >>> p = periods("month", date(2026, 1, 1), date(2026, 4, 1), tz="Europe/Berlin")
        >>> [p.label(d) for d in p.range(*p.bounds())]
        ['2026-01', '2026-02', '2026-03']
    """
    if not isinstance(tz, str | ZoneInfo):
        raise InputTypeError(
            f"tz: expected a zone name or a ZoneInfo, got {type(tz).__name__} {safe_repr(tz)}"
        )
    for name, bound in (("start", start), ("end", end)):
        if callable(getattr(bound, "add_many", None)):
            # periods("week", acc): the key taken for a wrapper of the accumulator.
            raise InputTypeError(
                f"{name}: expected a date or an aware datetime, got the accumulator "
                f"{type(bound).__name__}; periods(...) is a segment key, not a wrapper: "
                f"by(periods({unit!r}), accumulator) segments the accumulator by period"
            )
    return Periods(unit, tz if isinstance(tz, str) else tz.key, start, end, at)
