"""Business calendars: exact, DST-correct, O(log n) working-hours arithmetic.

A [`BusinessCalendar`][servicemodel.calendar.BusinessCalendar] is a set of open instants: weekly
hours in local wall-clock time of an IANA zone, minus holidays, with per-date overrides. Every
local date contributes the spans that *start* on it (its override if it has one, else nothing on
a holiday, else its weekday's hours); overnight spans run into the next day; span ends become
instants by the ``zoneinfo`` rules with ``fold=0`` (a time in a spring-forward gap moves forward
by the gap, a repeated time takes its first occurrence); spans are half-open ``[open, close)``
and durations are real elapsed time.

Examples:
    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> cal = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
    >>> berlin = ZoneInfo("Europe/Berlin")
    >>> cal.add(datetime(2026, 1, 2, 16, tzinfo=berlin), timedelta(hours=1))  # a Friday
    datetime.datetime(2026, 1, 5, 9, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Berlin'))
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from servicemodel._calendar_table import EPOCH, ONE_US, Table, from_us, to_us
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    InputTypeError,
    MissingExtraError,
    require_aware,
)

__all__ = ["BusinessCalendar", "CountryHolidays", "RRuleHolidays"]

_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MINUTES_PER_DAY = 1440
_TIME = re.compile(r"(\d{2}):(\d{2})")
_SPAN = re.compile(r"\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*")

Span = tuple[int, int]
"""A span as ``(start, end)`` minutes after local midnight; ``end > 1440`` runs overnight."""
DaySpans = tuple[Span, ...]


# -- holiday sources ---------------------------------------------------------------------------


@attrs.frozen
class RRuleHolidays:
    """Holidays given by an RFC 5545 recurrence, as ``dateutil.rrule.rrulestr`` parses it.

    Build one from a ``dateutil`` ``rrule`` or ``rruleset`` with
    [`from_rule`][servicemodel.calendar.RRuleHolidays.from_rule]; the text form keeps the
    calendar comparable and serialisable.

    Examples:
        >>> rule = RRuleHolidays("DTSTART:20260106T000000\\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")
        >>> sorted(rule.dates_in(2026))[:2]
        [datetime.date(2026, 1, 6), datetime.date(2026, 1, 20)]
    """

    text: str = attrs.field(validator=attrs.validators.instance_of(str))

    def __attrs_post_init__(self) -> None:
        try:
            self._parse()
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise ConfigError(f"not a valid RFC 5545 recurrence {self.text!r}: {exc}") from None

    def _parse(self) -> Any:
        from dateutil.rrule import rrulestr

        return rrulestr(self.text, forceset=True)

    @classmethod
    def from_rule(cls, rule: Any) -> RRuleHolidays:
        """Return the holidays of a ``dateutil`` ``rrule`` or ``rruleset``.

        Examples:
            >>> from datetime import datetime
            >>> from dateutil.rrule import YEARLY, rrule
            >>> xmas = rrule(YEARLY, bymonth=12, bymonthday=25, dtstart=datetime(2000, 1, 1))
            >>> RRuleHolidays.from_rule(xmas).dates_in(2026)
            frozenset({datetime.date(2026, 12, 25)})
        """
        from dateutil.rrule import rrule, rruleset

        if isinstance(rule, rrule):
            return cls(str(rule))
        if not isinstance(rule, rruleset):
            raise InputTypeError(
                f"expected an rrule or rruleset, got {type(rule).__name__} {rule!r:.60}"
            )
        # rruleset has no text form of its own; its parts (private but stable since 2.x) do.
        lines: list[str] = []
        starts = set()
        for part in getattr(rule, "_rrule"):  # noqa: B009
            head, body = str(part).split("\n", 1)
            starts.add(head)
            lines.append(body)
        if len(starts) > 1:
            raise ConfigError(
                "an rruleset whose rules have different DTSTARTs; pass them separately"
            )
        for part in getattr(rule, "_exrule"):  # noqa: B009
            lines.append("EX" + str(part).split("\n", 1)[1])
        lines += [f"RDATE:{d:%Y%m%dT%H%M%S}" for d in getattr(rule, "_rdate")]  # noqa: B009
        lines += [f"EXDATE:{d:%Y%m%dT%H%M%S}" for d in getattr(rule, "_exdate")]  # noqa: B009
        return cls("\n".join(sorted(starts) + lines))

    def dates_in(self, year: int) -> frozenset[date]:
        """Return the holiday dates that fall in ``year``.

        Examples:
            >>> len(RRuleHolidays("DTSTART:20260101T000000\\nRRULE:FREQ=MONTHLY").dates_in(2026))
            12
        """
        rules = self._parse()
        first = datetime(year, 1, 1)
        last = datetime(year, 12, 31, 23, 59, 59)
        probe = next(iter(rules), None)
        if probe is not None and probe.tzinfo is not None:
            first, last = first.replace(tzinfo=probe.tzinfo), last.replace(tzinfo=probe.tzinfo)
        return frozenset(d.date() for d in rules.between(first, last, inc=True))


@attrs.frozen
class CountryHolidays:
    """The public holidays of a country (and subdivision) from the ``holidays`` package.

    Needs the ``holidays`` extra, imported only when the dates are needed.

    Examples:
        >>> de = CountryHolidays("DE", subdiv="BY")
        >>> date(2026, 12, 25) in de.dates_in(2026)
        True
    """

    country: str = attrs.field(validator=attrs.validators.instance_of(str))
    subdiv: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    observed: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))

    def dates_in(self, year: int) -> frozenset[date]:
        """Return the holiday dates that fall in ``year``.

        Examples:
            >>> date(2026, 1, 1) in CountryHolidays("US").dates_in(2026)
            True
        """
        try:
            import holidays
        except ImportError:  # pragma: no cover - the extra is installed in development
            raise MissingExtraError("holidays", "CountryHolidays") from None
        found = holidays.country_holidays(
            self.country, subdiv=self.subdiv, years=year, observed=self.observed
        )
        return frozenset(d for d in found if d.year == year)


HolidaySource = RRuleHolidays | CountryHolidays


# -- parsing -----------------------------------------------------------------------------------


def _zone(value: Any, path: str = "tz") -> ZoneInfo:
    if isinstance(value, ZoneInfo):
        return value
    if not isinstance(value, str):
        raise ConfigError(f"expected an IANA zone name, got {value!r}", path=path)
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown time zone {value!r}", path=path) from None


def _minutes(text: str, span: str, *, end: bool) -> int:
    m = _TIME.fullmatch(text)
    assert m is not None  # _SPAN matched already
    hh, mm = int(m[1]), int(m[2])
    if mm > 59 or hh > 24 or (hh == 24 and (mm or not end)):
        raise ConfigError(f"no such time of day {text!r} in span {span!r}")
    return hh * 60 + mm


def _span(value: Any) -> Span:
    if not isinstance(value, str):
        raise ConfigError(f"expected a span 'HH:MM-HH:MM', got {value!r}")
    m = _SPAN.fullmatch(value)
    if m is None:
        raise ConfigError(f"expected a span 'HH:MM-HH:MM', got {value!r}")
    start = _minutes(m[1], value, end=False)
    end = _minutes(m[2], value, end=True)
    if end == start:
        raise ConfigError(f"span {value!r} is empty (for a whole day write '00:00-24:00')")
    if end < start:
        end += _MINUTES_PER_DAY  # overnight: ends on the next day
    return start, end


def _fmt_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _fmt_span(span: Span) -> str:
    start, end = span
    shown = end if end <= _MINUTES_PER_DAY else end - _MINUTES_PER_DAY
    return f"{_fmt_time(start)}-{_fmt_time(shown)}"


def _check_day(spans: DaySpans) -> None:
    for s, e in spans:
        if not (0 <= s < _MINUTES_PER_DAY and s < e and (e <= _MINUTES_PER_DAY or e < s + 1440)):
            raise ConfigError(f"invalid span ({s}, {e}): expected minutes 0 <= start < end")
    if list(spans) != sorted(spans):
        raise ConfigError(f"spans must be sorted by start, got {spans!r}")
    for (s1, e1), (s2, e2) in itertools.pairwise(spans):
        if s2 < e1:
            raise ConfigError(
                f"spans {_fmt_span((s1, e1))!r} and {_fmt_span((s2, e2))!r} overlap on one day"
            )


def _day_spans(value: Any) -> DaySpans:
    if isinstance(value, str):
        return (_span(value),)
    if not isinstance(value, Sequence):
        raise ConfigError(f"expected a span or a list of spans, got {value!r}")
    items = value
    spans: list[Span] = []
    for i, item in enumerate(items):
        try:
            spans.append(_span(item))
        except ConfigError as exc:
            raise exc.at(f"[{i}]") from None
    result = tuple(sorted(spans))
    _check_day(result)
    return result


def _days(key: Any) -> list[int]:
    if not isinstance(key, str):
        raise ConfigError(f"expected weekday names like 'mon-fri', got {key!r}")
    days: list[int] = []
    for part in key.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in _DAY_NAMES or (last and last not in _DAY_NAMES):
            raise ConfigError(f"unknown weekday {part!r}: use {', '.join(_DAY_NAMES)} or 'mon-fri'")
        i, j = _DAY_NAMES.index(first), _DAY_NAMES.index(last or first)
        days += [(i + k) % 7 for k in range((j - i) % 7 + 1)]
    return days


def _weekly(hours: Any) -> tuple[DaySpans, ...]:
    if not isinstance(hours, Mapping):
        raise ConfigError(f"expected a mapping of weekdays to spans, got {hours!r}")
    week: list[DaySpans | None] = [None] * 7
    for key, value in hours.items():
        try:
            days = _days(key)
            spans = _day_spans(value)
        except ConfigError as exc:
            raise exc.at(str(key)) from None
        for day in days:
            if week[day] is not None:
                raise ConfigError(f"{_DAY_NAMES[day]} is given twice", path=str(key))
            week[day] = spans
    return tuple(day or () for day in week)


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ConfigError(f"expected a date, got the datetime {value!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"expected a date 'YYYY-MM-DD', got {value!r}")


def _is_holiday_calendar(value: Any) -> bool:
    module = sys.modules.get("holidays")
    return module is not None and isinstance(value, module.HolidayBase)


def _holiday_items(value: Any) -> list[Any]:
    from dateutil.rrule import rrule, rruleset

    if value is None:
        return []
    if isinstance(value, rrule | rruleset | str | date | Mapping) or _is_holiday_calendar(value):
        return [value]
    if not isinstance(value, Iterable):
        raise ConfigError(f"expected a list of holidays, got {value!r}")
    return list(value)


def _holiday(value: Any) -> date | HolidaySource:
    from dateutil.rrule import rrule, rruleset

    if isinstance(value, RRuleHolidays | CountryHolidays):
        return value
    if isinstance(value, rrule | rruleset):
        return RRuleHolidays.from_rule(value)
    if _is_holiday_calendar(value):
        country = getattr(value, "country", None)
        if not isinstance(country, str):
            raise ConfigError(
                "only country calendars (holidays.country_holidays(...)) can be used; "
                "pass other holiday calendars as a list of dates"
            )
        return CountryHolidays(country, getattr(value, "subdiv", None), bool(value.observed))
    if isinstance(value, Mapping):
        keys = set(value)
        if keys == {"rrule"}:
            text = value["rrule"]
            if not isinstance(text, str):
                raise ConfigError(f"expected RFC 5545 text, got {text!r}", path="rrule")
            try:
                return RRuleHolidays(text)
            except ConfigError as exc:
                raise exc.at("rrule") from None
        if "country" in keys and keys <= {"country", "subdiv", "observed"}:
            return _country(value)
        raise ConfigError(
            f"expected {{'rrule': ...}} or {{'country': ..., 'subdiv': ...}}, got {value!r}"
        )
    return _date(value)


def _country(value: Mapping[str, Any]) -> CountryHolidays:
    try:
        source = CountryHolidays(value["country"], value.get("subdiv"), value.get("observed", True))
    except TypeError as exc:
        raise ConfigError(f"bad country holidays {dict(value)!r}: {exc}") from None
    try:
        import holidays
    except ImportError:  # pragma: no cover - the extra is installed in development
        raise MissingExtraError("holidays", "country holidays") from None
    try:
        holidays.country_holidays(source.country, subdiv=source.subdiv)
    # The holidays package signals an unknown country or subdivision with NotImplementedError.
    except NotImplementedError as exc:
        raise ConfigError(str(exc), path="country") from None
    return source


def _hand_added(calendar: Any, source: CountryHolidays) -> set[date]:
    """Dates a ``holidays`` calendar holds beyond its country's own, kept as plain dates.

    A country calendar is stored as its country and subdivision; dates the user added to it
    (``h.update({...})``, extra categories) would otherwise be dropped without a word.
    """
    years = sorted(calendar.years)
    if not years:
        return set()
    held = set(calendar.keys())
    own: set[date] = set()
    for year in years:
        own |= source.dates_in(year)
    removed = sorted(own - held)
    if removed:
        shown = [d.isoformat() for d in removed]
        raise ConfigError(
            f"the holidays calendar lacks its country's own dates {shown}; a country "
            "calendar is kept by name, so pass the dates you want as a list instead"
        )
    return held - own


def _holidays(value: Any) -> tuple[frozenset[date], tuple[HolidaySource, ...]]:
    dates: set[date] = set()
    sources: list[HolidaySource] = []
    for i, item in enumerate(_holiday_items(value)):
        try:
            parsed = _holiday(item)
            if isinstance(parsed, CountryHolidays) and _is_holiday_calendar(item):
                dates |= _hand_added(item, parsed)
        except ConfigError as exc:
            raise exc.at(f"[{i}]") from None
        if isinstance(parsed, date):
            dates.add(parsed)
        elif parsed not in sources:
            sources.append(parsed)
    return frozenset(dates), tuple(sources)


def _overrides(value: Any) -> tuple[tuple[date, DaySpans], ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise ConfigError(f"expected a mapping of dates to spans, got {value!r}")
    found: dict[date, DaySpans] = {}
    for key, spans in value.items():
        try:
            day = _date(key)
            if day in found:
                raise ConfigError(f"date {day.isoformat()} is given twice")
            found[day] = _day_spans(spans)
        except ConfigError as exc:
            raise exc.at(str(key)) from None
    return tuple(sorted(found.items()))


# -- validators --------------------------------------------------------------------------------


def _valid_hours(_: Any, __: Any, value: Any) -> None:
    if not (isinstance(value, tuple) and len(value) == 7):
        raise ConfigError(f"expected 7 tuples of spans (Monday first), got {value!r}", path="hours")
    for name, spans in zip(_DAY_NAMES, value, strict=True):
        try:
            _check_day(spans)
        except ConfigError as exc:
            raise exc.at(f"hours.{name}") from None


def _valid_overrides(_: Any, __: Any, value: Any) -> None:
    days = [day for day, _ in value]
    if days != sorted(set(days)):
        raise ConfigError("override dates must be sorted and distinct", path="overrides")
    for day, spans in value:
        try:
            _check_day(spans)
        except ConfigError as exc:
            raise exc.at(f"overrides.{day.isoformat()}") from None


def _covers_week(hours: tuple[DaySpans, ...]) -> bool:
    week = _MINUTES_PER_DAY * 7
    pieces: list[Span] = []
    for day, spans in enumerate(hours):
        for s, e in spans:
            a, b = day * _MINUTES_PER_DAY + s, day * _MINUTES_PER_DAY + e
            pieces += [(a, min(b, week))] + ([(0, b - week)] if b > week else [])
    reached = 0
    for a, b in sorted(pieces):
        if a > reached:
            return False
        reached = max(reached, b)
    return reached >= week


def _instant(t: Any, name: str) -> int:
    # The subtraction inside to_us fails with TypeError for anything but an aware datetime;
    # only then pay for the precise error.
    try:
        return (t - EPOCH) // ONE_US  # type: ignore[no-any-return]
    except TypeError:
        require_aware(t, name)
        raise


# -- the calendar ------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class BusinessCalendar:
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

    tz: ZoneInfo = attrs.field(validator=attrs.validators.instance_of(ZoneInfo))
    hours: tuple[DaySpans, ...] = attrs.field(default=((),) * 7, validator=_valid_hours)
    holidays: frozenset[date] = attrs.field(
        factory=frozenset,
        validator=attrs.validators.deep_iterable(
            attrs.validators.instance_of(date), attrs.validators.instance_of(frozenset)
        ),
    )
    holiday_rules: tuple[HolidaySource, ...] = attrs.field(
        default=(),
        validator=attrs.validators.deep_iterable(
            attrs.validators.instance_of(RRuleHolidays | CountryHolidays),
            attrs.validators.instance_of(tuple),
        ),
    )
    overrides: tuple[tuple[date, DaySpans], ...] = attrs.field(
        default=(), validator=_valid_overrides
    )
    _table_cache: list[Table] = attrs.field(
        init=False, factory=list, eq=False, repr=False, hash=False
    )
    _always: bool = attrs.field(init=False, default=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        # Decided once: every query takes the plain-arithmetic path when this holds.
        always = (
            not self.holidays
            and not self.holiday_rules
            and not self.overrides
            and _covers_week(self.hours)
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
        return cls(_zone(tz), (((0, _MINUTES_PER_DAY),),) * 7)

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
        ``{"country": "DE", "subdiv": "BY"}``), ``overrides``. Errors name the field.

        Examples:
            >>> BusinessCalendar.from_dict({"tz": "UTC", "hours": {"mon": "9-5"}})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: hours.mon: expected a span 'HH:MM-HH:MM', got '9-5'
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {type(data).__name__} {data!r:.60}")
        unknown = sorted(set(data) - {"tz", "hours", "holidays", "overrides"})
        if unknown:
            raise ConfigError(f"unknown key {unknown[0]!r}", path=str(unknown[0]))
        if "tz" not in data:
            raise ConfigError("a calendar needs a time zone, e.g. 'Europe/Berlin'", path="tz")
        tz = _zone(data["tz"])
        parts: dict[str, Any] = {}
        for key, parse in (("hours", _weekly), ("holidays", _holidays), ("overrides", _overrides)):
            try:
                # Not ``or``: an unexpanded ``holidays`` calendar is an empty dict, hence falsy.
                value = data.get(key)
                parts[key] = parse({} if value is None and key == "hours" else value)
            except ConfigError as exc:
                raise exc.at(key) from None
        dates, rules = parts["holidays"]
        return cls(tz, parts["hours"], dates, rules, parts["overrides"])

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
                key = _DAY_NAMES[day] if last == day else f"{_DAY_NAMES[day]}-{_DAY_NAMES[last]}"
                hours[key] = [_fmt_span(s) for s in self.hours[day]]
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
            "overrides": {d.isoformat(): [_fmt_span(s) for s in sp] for d, sp in self.overrides},
        }

    def __repr__(self) -> str:
        return f"BusinessCalendar.from_dict({self.to_dict()!r})"

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

    # -- queries --------------------------------------------------------------------------------

    def is_open(self, t: datetime) -> bool:
        """Return whether the instant ``t`` is open.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> cal.is_open(datetime(2026, 1, 5, 17, tzinfo=timezone.utc))  # closing instant
            False
        """
        x = to_us(require_aware(t, "t"))
        if self._always:
            return True
        return self._table().is_open(x)

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
        x = to_us(require_aware(t, "t"))
        if self._always:
            raise CalendarError("an always-open calendar never closes")
        return from_us(self._table().next_close(x), t.tzinfo)

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        """Return the open time in ``[a, b)``; negative when ``b < a``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> fri = datetime(2026, 1, 2, 16, tzinfo=timezone.utc)
            >>> cal.elapsed(fri, fri.replace(day=5, hour=10))  # Fri 16:00 to Mon 10:00
            datetime.timedelta(seconds=7200)
        """
        x = _instant(a, "a")
        y = _instant(b, "b")
        if self._always:
            return timedelta(0, 0, y - x)
        cache = self._table_cache
        table = cache[0] if cache else self._table()
        if y < x:
            return -timedelta(0, 0, table.elapsed(y, x))
        return timedelta(0, 0, table.elapsed(x, y))

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
            raise InputTypeError(f"d: expected a timedelta, got {type(d).__name__} {d!r}") from None
        if self._always:
            y = x + step
        else:
            cache = self._table_cache
            y = (cache[0] if cache else self._table()).add(x, step)
        r = EPOCH + timedelta(0, 0, y)
        tz = t.tzinfo
        return r if tz is UTC else r.astimezone(tz)

    def open_intervals(self, a: datetime, b: datetime) -> list[tuple[datetime, datetime]]:
        """Return the open spans within ``[a, b)``, merged and in order, in ``a``'s zone.

        Examples:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": ["09:00-12:00", "13:00-17:00"]})
            >>> a = datetime(2026, 1, 5, 10, tzinfo=timezone.utc)
            >>> [(s.hour, e.hour) for s, e in cal.open_intervals(a, a.replace(hour=14))]
            [(10, 12), (13, 14)]
        """
        x = to_us(require_aware(a, "a"))
        y = to_us(require_aware(b, "b"))
        if self._always:
            return [(a, from_us(y, a.tzinfo))] if x < y else []
        spans = self._table().intervals(x, y)
        return [(from_us(s, a.tzinfo), from_us(e, a.tzinfo)) for s, e in spans]
