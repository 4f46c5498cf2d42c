"""The business calendar: a set of open instants, and its configuration shape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from servicemodel._config import Configurable, fields, safe_repr
from servicemodel._validators import instance_of, members_of
from servicemodel.calendar._algebra import CalendarAlgebra
from servicemodel.calendar._columns import ColumnQueries
from servicemodel.calendar._holidays import (
    CountryHolidays,
    HolidaySource,
    RRuleHolidays,
    holiday_list,
)
from servicemodel.calendar._hours import (
    DAY_NAMES,
    MINUTES_PER_DAY,
    DaySpans,
    check_day,
    covers_week,
    fmt_span,
    overrides,
    weekly_hours,
    zone,
)
from servicemodel.calendar._instants import (
    duration_us,
    in_range,
    instant,
    out_of_range,
    past_range,
)
from servicemodel.calendar._table import EPOCH, MAX_US, MIN_US, ONE_US, Table, from_us
from servicemodel.errors import (
    INSTANT_RANGE,
    CalendarError,
    ConfigError,
    InputTypeError,
    OutOfRangeError,
    require_aware,
    require_instant,
)

__all__ = ["BusinessCalendar"]


def _valid_hours(_: Any, __: Any, value: Any) -> None:
    if not (isinstance(value, tuple) and len(value) == 7):
        raise ConfigError(
            f"expected 7 tuples of spans (Monday first), got {safe_repr(value)}", path="hours"
        )
    for name, spans in zip(DAY_NAMES, value, strict=True):
        _check_shape(spans, f"hours.{name}")
        check_day(spans, f"hours.{name}")


def _check_shape(spans: Any, path: str) -> None:
    # Built in code, a day's spans may be anything; check_day unpacks them as pairs of ints.
    if not (
        isinstance(spans, tuple | list)
        and all(
            isinstance(span, tuple | list)
            and len(span) == 2
            and all(isinstance(m, int) and not isinstance(m, bool) for m in span)
            for span in spans
        )
    ):
        raise ConfigError(
            f"expected a tuple of (start, end) minute pairs, got {safe_repr(spans)}", path=path
        )


_holiday_members = members_of(date, frozenset)


def _valid_holidays(instance: Any, attribute: Any, value: Any) -> None:
    _holiday_members(instance, attribute, value)
    # A datetime is a date to isinstance, but never equal to one: as a holiday it closed
    # nothing, and the calendar's file form wrote it as text its reader refuses.
    for day in value:
        if isinstance(day, datetime):
            raise InputTypeError(
                f"holidays: expected dates, got the datetime {safe_repr(day)}; pass its .date()"
            )


def _valid_overrides(_: Any, __: Any, value: Any) -> None:
    if not isinstance(value, tuple | list):
        raise InputTypeError(
            f"overrides: expected a tuple of (date, spans) pairs, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    for i, pair in enumerate(value):
        if not (isinstance(pair, tuple | list) and len(pair) == 2 and isinstance(pair[0], date)):
            raise InputTypeError(
                f"overrides[{i}]: expected a (date, spans) pair, got {safe_repr(pair)}"
            )
        if isinstance(pair[0], datetime):  # never equal to a date: it replaced no hours
            raise InputTypeError(
                f"overrides[{i}]: expected a date, got the datetime {safe_repr(pair[0])}; "
                "pass its .date()"
            )
    days = [day for day, _ in value]
    if days != sorted(set(days)):
        raise ConfigError("override dates must be sorted and distinct", path="overrides")
    for day, spans in value:
        _check_shape(spans, f"overrides.{day.isoformat()}")
        check_day(spans, f"overrides.{day.isoformat()}")


# -- the calendar ------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class BusinessCalendar(CalendarAlgebra, ColumnQueries, Configurable):
    """A set of open instants: weekly local hours in a time zone, holidays and date overrides.

    Build one with [`weekly`][servicemodel.calendar.BusinessCalendar.weekly],
    [`from_dict`][servicemodel.calendar.BusinessCalendar.from_dict] or
    [`always`][servicemodel.calendar.BusinessCalendar.always]. Fields, in normal form:
    ``hours`` holds 7 tuples (Monday first) of ``(start, end)`` minutes after local midnight,
    ``end > 1440`` meaning the span runs overnight; ``holidays`` the holiday dates;
    ``holiday_rules`` recurring holiday sources; ``overrides`` sorted ``(date, spans)`` pairs
    that replace the hours starting on that date (an empty tuple closes it, and an override
    wins over a holiday). Queries are O(log n) lookups in a per-year table built on first use.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> hours = {"mon-fri": "09:00-17:00"}
        >>> cal = BusinessCalendar.weekly("UTC", hours, holidays=["2026-01-01"])
        >>> a = datetime(2025, 12, 31, 12, tzinfo=timezone.utc)
        >>> cal.elapsed(a, a + timedelta(days=2))  # Wed noon to Fri noon over New Year's Day
        datetime.timedelta(seconds=28800)
    """

    tz: ZoneInfo = attrs.field(validator=instance_of(ZoneInfo))
    hours: tuple[DaySpans, ...] = attrs.field(default=((),) * 7, validator=_valid_hours)
    holidays: frozenset[date] = attrs.field(factory=frozenset, validator=_valid_holidays)
    holiday_rules: tuple[HolidaySource, ...] = attrs.field(
        default=(),
        validator=members_of((RRuleHolidays, CountryHolidays), tuple),
    )
    overrides: tuple[tuple[date, DaySpans], ...] = attrs.field(
        default=(), validator=_valid_overrides
    )
    _table_cache: list[Table] = attrs.field(
        init=False, factory=list, eq=False, repr=False, hash=False
    )
    _always: bool = attrs.field(init=False, default=False, eq=False, repr=False, hash=False)

    def __getstate__(self) -> dict[str, Any]:
        # The lazily built year tables are a cache: a pickle carries the calendar, not them
        # (smaller, and no reference to the private table engine's module).
        state = {a.name: getattr(self, a.name) for a in attrs.fields(type(self))}
        state["_table_cache"] = []
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def __attrs_post_init__(self) -> None:
        # Decided once: every query takes the plain-arithmetic path when this holds.
        always = (
            not self.holidays
            and not self.holiday_rules
            and not self.overrides
            and covers_week(self.hours)
        )
        object.__setattr__(self, "_always", always)

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def always(cls, tz: str | ZoneInfo = "UTC") -> BusinessCalendar:
        """Return the 24/7 calendar, for which every operation is plain (UTC) arithmetic.

        Examples:
            >>> BusinessCalendar.always().is_always_open
            True
        """
        return cls(zone(tz), (((0, MINUTES_PER_DAY),),) * 7)

    @classmethod
    def weekly(
        cls,
        tz: str | ZoneInfo,
        hours: Mapping[str, str | Sequence[str]],
        *,
        holidays: Any = (),
        overrides: Mapping[date | str, str | Sequence[str]] | None = None,
    ) -> BusinessCalendar:
        """Return a calendar from weekly hours such as ``{"mon-fri": ["09:00-17:00"]}``.

        ``holidays`` is a list of dates (or ``"YYYY-MM-DD"``), ``dateutil`` rules or rule sets,
        ``holidays`` package country calendars, or one of the latter alone. ``overrides`` maps
        a date to the spans that start on it (``[]`` closes the date). A span ``"22:00-06:00"``
        runs overnight; ``"24:00"`` is the end of the day.

        Examples:
            >>> cal = BusinessCalendar.weekly(
            ...     "Europe/Berlin",
            ...     {"mon-fri": ["09:00-12:00", "13:00-17:00"], "sat": "10:00-14:00"},
            ...     overrides={"2026-12-24": ["09:00-12:00"]},
            ... )
            >>> cal.to_dict()["hours"]
            {'mon-fri': ['09:00-12:00', '13:00-17:00'], 'sat': ['10:00-14:00']}
        """
        return cls.from_dict(
            {"tz": tz, "hours": hours, "holidays": holidays, "overrides": overrides}
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BusinessCalendar:
        """Return the calendar described by ``data`` (as loaded from JSON or TOML).

        Keys: ``tz`` (required), ``hours``, ``holidays`` (dates, ``{"rrule": text}`` or
        ``{"country": "DE", "subdiv": "BY"}``), ``overrides``. Errors name the field by its
        full path (``hours.mon[0]``, ``overrides.2026-12-24[1]``); ``from_toml``,
        ``from_json`` and ``from_file`` read the same shape.

        Examples:
            >>> BusinessCalendar.from_dict({"tz": "UTC", "hours": {"mon": "9-5"}})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: hours.mon: expected a span 'HH:MM-HH:MM', got '9-5'
            >>> from datetime import UTC, datetime
            >>> BusinessCalendar.from_toml('''
            ... tz = "Europe/Berlin"
            ... [hours]
            ... mon-fri = ["09:00-17:00"]
            ... ''').is_open(datetime(2026, 1, 5, 8, 30, tzinfo=UTC))
            True
        """
        table = fields(data, optional=("tz", "hours", "holidays", "overrides"))
        if "tz" not in table:
            raise ConfigError("a calendar needs a time zone, e.g. 'Europe/Berlin'", path="tz")
        tz = zone(table["tz"])
        hours = table.get("hours")
        # Not ``or``: an unexpanded ``holidays`` calendar is an empty dict, hence falsy.
        dates, rules = holiday_list(table.get("holidays"), "holidays")
        return cls(
            tz,
            weekly_hours({} if hours is None else hours, "hours"),
            dates,
            rules,
            overrides(table.get("overrides"), "overrides"),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the calendar in the shape `from_dict` reads, with weekdays grouped.

        Examples:
            >>> hours = {"mon-fri": "09:00-17:00"}
            >>> cal = BusinessCalendar.weekly("UTC", hours, holidays=["2026-12-25"])
            >>> cal.to_dict()  # doctest: +NORMALIZE_WHITESPACE
            {'tz': 'UTC', 'hours': {'mon-fri': ['09:00-17:00']},
             'holidays': ['2026-12-25'], 'overrides': {}}
            >>> BusinessCalendar.from_dict(cal.to_dict()) == cal
            True
        """
        hours: dict[str, list[str]] = {}
        day = 0
        while day < 7:
            last = day
            while last + 1 < 7 and self.hours[last + 1] == self.hours[day]:
                last += 1
            if self.hours[day]:
                key = DAY_NAMES[day] if last == day else f"{DAY_NAMES[day]}-{DAY_NAMES[last]}"
                hours[key] = [fmt_span(s) for s in self.hours[day]]
            day = last + 1
        holidays: list[Any] = [d.isoformat() for d in sorted(self.holidays)]
        for rule in self.holiday_rules:
            if isinstance(rule, RRuleHolidays):
                holidays.append({"rrule": rule.text})
            else:
                entry: dict[str, Any] = {"country": rule.country}
                if rule.subdiv is not None:
                    entry["subdiv"] = rule.subdiv
                if not rule.observed:
                    entry["observed"] = False
                holidays.append(entry)
        return {
            "tz": self.tz.key,
            "hours": hours,
            "holidays": holidays,
            "overrides": {d.isoformat(): [fmt_span(s) for s in sp] for d, sp in self.overrides},
        }

    def __repr__(self) -> str:
        return f"BusinessCalendar.from_dict({self.to_dict()!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Print as ``repr`` does, its file form wrapped, for Hypothesis and IPython.

        Hypothesis prints an attrs value field by field, so a failing example showed a
        calendar as its internal minute tuples (``hours=(((540, 1020),), (), ...)``), in
        every policy, measurement and desk holding one.

        Examples:
            >>> from hypothesis.vendor.pretty import pretty
            >>> print(pretty(BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"})))
            BusinessCalendar.from_dict({'tz': 'UTC',
              'hours': {'mon': ['09:00-17:00']},
              'holidays': [],
              'overrides': {}})
        """
        with printer.group(1, "BusinessCalendar.from_dict(", ")"):
            printer.pretty(self.to_dict())

    # -- internals ------------------------------------------------------------------------------

    @property
    def is_always_open(self) -> bool:
        """Whether the calendar is open at every instant (24/7, no holidays or overrides).

        Examples:
            >>> BusinessCalendar.weekly("UTC", {"mon-sun": "00:00-24:00"}).is_always_open
            True
        """
        return self._always

    def _table(self) -> Table:
        # The cache is a private, eq/hash-excluded list so the frozen class stays a value.
        cache = self._table_cache
        if not cache:
            cache.append(
                Table(self.tz, self.hours, dict(self.overrides), self.holidays, self.holiday_rules)
            )
        return cache[0]

    def _open_us(self, lo: int, hi: int) -> list[tuple[int, int]]:
        # What calendars built from this one (algebra, schedule history) read.
        return [(lo, hi)] if self._always else self._table().intervals(lo, hi)

    def _column_timeline(self) -> Table | None:
        return None if self._always else self._table()

    # -- queries --------------------------------------------------------------------------------

    def is_open(self, t: datetime) -> bool:
        """Return whether the instant ``t`` is open.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> cal.is_open(datetime(2026, 1, 5, 17, tzinfo=timezone.utc))  # closing instant
            False
        """
        x = instant(t, "t")
        if self._always:
            in_range(x, t, "t")  # open at every instant of the range, before 1970 too
            return True
        try:
            return self._table().is_open(x)
        except OutOfRangeError:
            raise out_of_range((t, "t")) from None

    def next_open(self, t: datetime) -> datetime:
        """Return the first open instant at or after ``t`` (``t`` itself if open).

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> cal.next_open(datetime(2026, 1, 3, 12, tzinfo=timezone.utc)).isoformat()
            '2026-01-05T09:00:00+00:00'
        """
        return self.add(t, timedelta(0))

    def next_close(self, t: datetime) -> datetime:
        """Return the first closed instant at or after ``t`` (``t`` itself if closed).

        For the end of the next shift while closed, use ``next_close(next_open(t))``. Raises
        `CalendarError` for a calendar that never closes.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> cal.next_close(datetime(2026, 1, 5, 10, tzinfo=timezone.utc)).isoformat()
            '2026-01-05T17:00:00+00:00'
        """
        x = in_range(instant(t, "t"), t, "t")
        if self._always:
            raise CalendarError("an always-open calendar never closes")
        try:
            y = self._table().next_close(x)
        except OutOfRangeError:  # open up to the range's end: the table ran out of years
            y = MAX_US
        if y >= MAX_US:
            raise OutOfRangeError(
                f"next_close({t.isoformat()}): the next close lies outside the supported range "
                f"{INSTANT_RANGE}"
            )
        return from_us(y, t.tzinfo)

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        """Return the open time in ``[a, b)``; negative when ``b < a``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> fri = datetime(2026, 1, 2, 16, tzinfo=timezone.utc)
            >>> cal.elapsed(fri, fri.replace(day=5, hour=10))  # Fri 16:00 to Mon 10:00
            datetime.timedelta(seconds=7200)
        """
        # Hot path (every business-hours clock): ``instant`` inlined; only a failed
        # conversion pays for the precise error.
        try:
            x = (a - EPOCH) // ONE_US
        except TypeError:
            x = instant(a, "a")
        try:
            y = (b - EPOCH) // ONE_US
        except TypeError:
            y = instant(b, "b")
        if self._always:
            return timedelta(0, 0, in_range(y, b, "b") - in_range(x, a, "a"))
        cache = self._table_cache
        table = cache[0] if cache else self._table()
        try:
            # ``ONE_US * n`` is the exact ``timedelta(0, 0, n)``, built faster.
            if y < x:
                return -(ONE_US * table.elapsed(y, x))
            return ONE_US * table.elapsed(x, y)
        except OutOfRangeError:
            raise out_of_range((a, "a"), (b, "b")) from None
        except TypeError:
            # Not an instant the inlined conversion refused (pandas' NaT becomes a float NaN):
            # name it; anything else is a bug, and raised as it is.
            instant(a, "a")
            instant(b, "b")
            raise

    def add(self, t: datetime, d: timedelta) -> datetime:
        """Return ``t`` moved by ``d`` of open time, in ``t``'s zone.

        For ``d >= 0`` the latest ``x >= t`` with ``elapsed(t, x) == d``: running out exactly
        at a close gives the next opening, and ``add(t, 0)`` is ``next_open(t)``. For ``d < 0``
        the latest ``x <= t`` with ``elapsed(x, t) == -d``. Hence for ``x >= t``,
        ``x <= add(t, d)`` exactly when ``elapsed(t, x) <= d``: a deadline you can trust.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> monday_4pm = datetime(2026, 1, 5, 16, tzinfo=timezone.utc)
            >>> cal.add(monday_4pm, timedelta(hours=1)).isoformat()
            '2026-01-06T09:00:00+00:00'
        """
        # Hot path (every SLA deadline): conversions are inlined; both raise TypeError on bad
        # input, and only then is the precise error worked out.
        try:
            x = (t - EPOCH) // ONE_US
            step = d // ONE_US
        except TypeError:
            require_aware(t, "t")
            raise InputTypeError(
                f"d: expected a timedelta, got {type(d).__name__} {safe_repr(d)}"
            ) from None
        if self._always:
            y = x + step
            if not (MIN_US <= x < MAX_US and MIN_US <= y < MAX_US):
                raise _add_refused(t, d)
        else:
            cache = self._table_cache
            try:
                # The table checks the range off its fast path, and fails fast on a budget
                # that leads out of it (no walk through the years up to the range's end).
                y = (cache[0] if cache else self._table()).add(x, step)
            except (OutOfRangeError, TypeError) as exc:
                raise _add_refused(t, d, exc) from None
        r = EPOCH + ONE_US * y
        tz = t.tzinfo
        return r if tz is UTC else r.astimezone(tz)

    def sub(self, t: datetime, d: timedelta) -> datetime:
        """Return ``t`` moved back by ``d`` of open time, in ``t``'s zone.

        For ``d >= 0`` the latest ``x <= t`` with ``elapsed(x, t) == d``; a negative ``d`` is
        ``add(t, -d)``. It is the exact inverse of `add` on open instants: for every open ``t``,
        ``sub(add(t, d), d) == t`` and ``add(sub(t, d), d) == t``; for any ``t``,
        ``sub(add(t, d), d) == next_open(t)`` and ``elapsed(sub(t, d), t) == d``. Counting back
        an hour from Tue 10:00 stops at the opening, Tue 09:00 (not Mon 17:00), and
        ``sub(t, 0) == t``. O(log n), like `add`.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> tuesday_10am = datetime(2026, 1, 6, 10, tzinfo=timezone.utc)
            >>> cal.sub(tuesday_10am, timedelta(hours=2)).isoformat()
            '2026-01-05T16:00:00+00:00'
        """
        x = in_range(instant(t, "t"), t, "t")
        step = duration_us(d)
        if step < 0:
            try:
                return self.add(t, -d)
            except OutOfRangeError:  # named as called: sub(t, d), not add(t, -d)
                raise past_range(t, d, "sub") from None
        if step == 0:
            return t
        if self._always:
            y = x - step
            if y < MIN_US:
                raise past_range(t, d, "sub")
        else:
            try:
                y = self._table().add(x, -step)
            except OutOfRangeError:
                raise past_range(t, d, "sub") from None
        return from_us(y, t.tzinfo)

    def previous_open(self, t: datetime) -> datetime:
        """Return the latest opening at or before ``t``, in ``t``'s zone.

        That is the start of the open span holding ``t``, else of the last one before it. Spans
        are merged, so an opening is an instant that is open while the instant just
        before it is closed. Raises `CalendarError` for a calendar that never closes or has no
        opening in eight years before ``t``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> cal.previous_open(datetime(2026, 1, 3, 12, tzinfo=timezone.utc)).isoformat()
            '2026-01-02T09:00:00+00:00'
        """
        return self._previous(t, opening=True)

    def previous_close(self, t: datetime) -> datetime:
        """Return the latest close at or before ``t`` (the end of an open span), in ``t``'s zone.

        For a closed ``t`` that is the start of the closed stretch holding it (``t`` itself at
        a closing instant), so ``elapsed(previous_close(t), t) == 0``; for an open ``t`` the end
        of the span before the current one.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> cal.previous_close(datetime(2026, 1, 5, 10, tzinfo=timezone.utc)).isoformat()
            '2026-01-02T17:00:00+00:00'
        """
        return self._previous(t, opening=False)

    def _previous(self, t: datetime, *, opening: bool) -> datetime:
        x = in_range(instant(t, "t"), t, "t")
        if self._always:
            raise CalendarError("an always-open calendar never opens or closes")
        table = self._table()
        try:
            y = table.previous_open(x) if opening else table.previous_close(x)
        except OutOfRangeError:
            what = "opening" if opening else "close"
            raise OutOfRangeError(
                f"the {what} before {t.isoformat()} lies outside the supported range "
                f"{INSTANT_RANGE}"
            ) from None
        return from_us(y, t.tzinfo)

    def open_intervals(self, a: datetime, b: datetime) -> list[tuple[datetime, datetime]]:
        """Return the open spans within ``[a, b)``, merged and in order, in ``a``'s zone.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": ["09:00-12:00", "13:00-17:00"]})
            >>> a = datetime(2026, 1, 5, 10, tzinfo=timezone.utc)
            >>> [(s.hour, e.hour) for s, e in cal.open_intervals(a, a.replace(hour=14))]
            [(10, 12), (13, 14)]
        """
        x = in_range(instant(a, "a"), a, "a")
        y = in_range(instant(b, "b"), b, "b")
        if self._always:
            return [(a, from_us(y, a.tzinfo))] if x < y else []
        spans = self._table().intervals(x, y)
        return [(from_us(s, a.tzinfo), from_us(e, a.tzinfo)) for s, e in spans]


def _add_refused(t: datetime, d: Any, exc: Exception | None = None) -> Exception:
    """The error for an ``add`` whose fast path failed: the bad argument, else the range."""
    # NaN from pandas' NaT passes the inlined conversions (NaT // 1 µs is a float NaN) and
    # fails only here, as a comparison that never holds or a table lookup of a float.
    require_instant(t, "t")
    duration_us(d)
    if isinstance(exc, TypeError):
        return exc  # not a bad argument: a bug, raised as it is
    return past_range(t, d)
