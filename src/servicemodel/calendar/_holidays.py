"""Holiday sources: plain dates, RFC 5545 recurrences and the ``holidays`` package's countries.

A calendar keeps holidays as plain dates plus *sources* that list the dates of any year
([`RRuleHolidays`][servicemodel.calendar.RRuleHolidays],
[`CountryHolidays`][servicemodel.calendar.CountryHolidays]), so it stays a small, comparable,
serialisable value however many years it is asked about.

Examples:
    >>> new_year = {"rrule": "DTSTART:20260101T000000\\nRRULE:FREQ=YEARLY"}
    >>> dates, rules = holiday_list(["2026-12-25", new_year], "holidays")
    >>> sorted(dates), [type(r).__name__ for r in rules]
    ([datetime.date(2026, 12, 25)], ['RRuleHolidays'])
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import MAXYEAR, MINYEAR, date, datetime
from typing import Any

import attrs

from servicemodel._config import fields, join, safe_repr
from servicemodel._validators import instance_of
from servicemodel.calendar._hours import parse_date
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    InputTypeError,
    MissingExtraError,
    OutOfRangeError,
    UnknownHolidaysError,
)

__all__ = ["CountryHolidays", "HolidaySource", "RRuleHolidays", "holiday_list"]

# dateutil's frequencies, coarsest first (YEARLY=0 .. DAILY=3; HOURLY and finer are refused).
_DAILY = 3
# Periods (of a rule's frequency) per year, to bound how far a rule is enumerated.
_PERIODS_PER_YEAR = (1, 12, 53, 366)
# dateutil enumerates a rule period by period from its DTSTART, even through periods that match
# nothing (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 walks every day to year 9999). A rule is therefore
# enumerated at most this many periods past its DTSTART: a few tenths of a second, once.
MAX_PERIODS = 50_000
#: At most this many occurrences are enumerated for one rule (a YEARLY rule with BYDAY=MO,...
#: yields dozens per period): the work of any query stays bounded by this, not by the year asked.
MAX_OCCURRENCES = 100_000


def _check_year(year: Any) -> int:
    if not isinstance(year, int) or isinstance(year, bool):
        raise InputTypeError(f"year: expected an int, got {type(year).__name__} {safe_repr(year)}")
    if not MINYEAR <= year <= MAXYEAR:
        raise OutOfRangeError(f"year {safe_repr(year)} is outside {MINYEAR}..{MAXYEAR}")
    return year


#: RFC 5545's ranges of the date parts a rule may name (a negative value counts from the end).
_BY_RANGES = (
    ("BYMONTH", ("_bymonth",), 12, False),
    ("BYMONTHDAY", ("_bymonthday", "_bynmonthday"), 31, True),
    ("BYYEARDAY", ("_byyearday",), 366, True),
    ("BYWEEKNO", ("_byweekno",), 53, True),
)


def _check_rule(rule: Any) -> None:
    """Refuse what dateutil cannot enumerate in bounded time (sub-daily steps, INTERVAL=0) and
    date parts no date has (``BYMONTH=13``, ``BYMONTHDAY=32``): dateutil takes them and the
    rule then matches no date, so its holidays would be missing without a word."""
    if rule._freq > _DAILY:
        raise ConfigError("holidays are dates: use FREQ=DAILY or coarser, not a sub-daily FREQ")
    if rule._interval < 1:
        raise ConfigError(f"INTERVAL must be at least 1, got {rule._interval}")
    for name, attributes, top, signed in _BY_RANGES:
        for attribute in attributes:
            for value in getattr(rule, attribute, None) or ():
                if not 1 <= (abs(value) if signed else value) <= top:
                    allowed = f"1..{top} or -{top}..-1" if signed else f"1..{top}"
                    raise ConfigError(f"{name}={value} names no date: use {allowed}")


class _Occurrences:
    """The dates a rule set yields, enumerated once, lazily and incrementally, up to a limit.

    One calendar is shared by the threads of a server: the walk is locked, because two threads
    advancing one iterator raise ``ValueError: generator already executing``, and a thread that
    finds a later year already reached would read a year whose last dates another thread has
    taken from the iterator but not stored yet.
    """

    __slots__ = ("by_year", "it", "limit", "lock", "seen", "upto")

    def __init__(self, rules: Any) -> None:
        from dateutil.rrule import rruleset

        parts = list(rules._rrule) + list(rules._exrule)
        # The last year reachable within MAX_PERIODS periods of every rule's DTSTART.
        self.limit = min(
            [MAXYEAR]
            + [
                r._dtstart.year - 1 + MAX_PERIODS * r._interval // _PERIODS_PER_YEAR[r._freq]
                for r in parts
            ]
        )
        clipped = rruleset()
        for kind, group in ((clipped.rrule, rules._rrule), (clipped.exrule, rules._exrule)):
            for r in group:
                stop = datetime(self.limit, 12, 31, 23, 59, 59, tzinfo=r._dtstart.tzinfo)
                # Here UNTIL only stops the walk. dateutil warns (DeprecationWarning) when a
                # rule is built with COUNT and UNTIL, and silencing that would change the
                # process's warning filters, which other threads share: the rule is built
                # without COUNT, then given it back (its walk reads ``_count``).
                part = r.replace(count=None, until=min(stop, r._until) if r._until else stop)
                part._count = r._count
                kind(part)
        for d in rules._rdate:
            clipped.rdate(d)
        for d in rules._exdate:
            clipped.exdate(d)
        self.it: Iterator[datetime] | None = iter(clipped)
        self.by_year: dict[int, set[date]] = {}
        self.upto = MINYEAR - 1  # every year before this one is complete
        self.seen = 0
        self.lock = threading.Lock()

    def dates_in(self, year: int, text: str) -> frozenset[date]:
        with self.lock:
            return self._dates_in(year, text)

    def _dates_in(self, year: int, text: str) -> frozenset[date]:
        if year > self.limit:
            raise CalendarError(
                f"holiday rule {safe_repr(text)} is enumerated up to year {self.limit} only "
                f"({MAX_PERIODS} periods after its DTSTART), not {year}; give it a later DTSTART"
            )
        while self.it is not None and self.upto <= year:
            occurrence = next(self.it, None)
            if occurrence is None:
                self.it = None
                break
            day = occurrence.date()
            self.seen += 1
            if self.seen > MAX_OCCURRENCES:
                # Years before this one are complete; from here on the rule is too dense.
                self.it, self.limit = None, day.year - 1
                raise CalendarError(
                    f"holiday rule {safe_repr(text)} has more than {MAX_OCCURRENCES} occurrences "
                    f"before year {day.year}; a holiday rule lists dates, give it fewer"
                )
            self.by_year.setdefault(day.year, set()).add(day)
            self.upto = day.year
        return frozenset(self.by_year.get(year, ()))


def _check_dtstart(text: str, rules: Any) -> None:
    """Refuse a rule without a ``DTSTART``: dateutil starts it at the current instant, so its
    dates would depend on the day the calendar is first asked (``FREQ=YEARLY`` alone is a
    holiday on today's date every year from now on, and none before)."""
    from dateutil.rrule import rrulestr

    if not (rules._rrule or rules._exrule):
        return  # dates alone (RDATE), which need no start
    # Where the text names no DTSTART, the one given here is taken: two different ones tell.
    first: Any = rrulestr(text, forceset=True, dtstart=datetime(2000, 1, 1))
    second: Any = rrulestr(text, forceset=True, dtstart=datetime(2001, 1, 1))
    parts = list(first._rrule) + list(first._exrule)
    again = list(second._rrule) + list(second._exrule)
    if any(a._dtstart != b._dtstart for a, b in zip(parts, again, strict=True)):
        raise ConfigError(
            "a rule needs a DTSTART (e.g. 'DTSTART:20260101T000000' on the line before "
            "'RRULE:...'); without one it would start at the moment it is first read"
        )


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

    text: str = attrs.field(validator=instance_of(str))
    # The enumerated dates, built on first use: a cache, so not part of the value or a pickle.
    _memo: list[_Occurrences] = attrs.field(
        init=False, factory=list, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        try:
            rules = self._parse()
        except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
            raise ConfigError(
                f"not a valid RFC 5545 recurrence {safe_repr(self.text)}: {exc}"
            ) from None
        try:
            for rule in list(rules._rrule) + list(rules._exrule):
                _check_rule(rule)
            _check_dtstart(self.text, rules)
        except ConfigError as exc:
            raise ConfigError(f"recurrence {safe_repr(self.text)}: {exc.message}") from None

    def __getstate__(self) -> dict[str, Any]:
        return {"text": self.text}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "text", state["text"])
        object.__setattr__(self, "_memo", [])

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
                f"expected an rrule or rruleset, got {type(rule).__name__} {safe_repr(rule)}"
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
        _check_year(year)
        memo = self._memo
        if not memo:
            memo.append(_Occurrences(self._parse()))
        return memo[0].dates_in(year, self.text)


@attrs.frozen
class CountryHolidays:
    """The public holidays of a country (and subdivision) from the ``holidays`` package.

    Needs the ``holidays`` extra, imported only when the dates are needed.

    Examples:
        >>> from datetime import date
        >>> de = CountryHolidays("DE", subdiv="BY")
        >>> date(2026, 12, 25) in de.dates_in(2026)
        True
    """

    country: str = attrs.field(validator=instance_of(str))
    subdiv: str | None = attrs.field(default=None, validator=instance_of(str, optional=True))
    observed: bool = attrs.field(default=True, validator=instance_of(bool))

    def dates_in(self, year: int) -> frozenset[date]:
        """Return the holiday dates that fall in ``year``.

        Examples:
            >>> from datetime import date
            >>> date(2026, 1, 1) in CountryHolidays("US").dates_in(2026)
            True
        """
        try:
            import holidays
        except ImportError:  # pragma: no cover - the extra is installed in development
            raise MissingExtraError("holidays", "CountryHolidays") from None
        _check_year(year)
        try:
            found = holidays.country_holidays(
                self.country, subdiv=self.subdiv, years=year, observed=self.observed
            )
        # The holidays package signals an unknown country or subdivision so; a CountryHolidays
        # built in code (not read from configuration) meets it only here, at its first query.
        except NotImplementedError as exc:
            raise ConfigError(f"{self!r}: {exc}") from None
        # Outside the years its tables cover the package answers "no holidays", not "unknown":
        # Germany's table starts in 1991, so 1985's Christmas would count as a working day.
        first, last = getattr(found, "start_year", None), getattr(found, "end_year", None)
        if (isinstance(first, int) and year < first) or (isinstance(last, int) and year > last):
            raise UnknownHolidaysError(
                f"{self!r}: the holidays package knows these holidays for {first}..{last}, "
                f"not for {year}"
            )
        return frozenset(d for d in found if d.year == year)


HolidaySource = RRuleHolidays | CountryHolidays


def _is_holiday_calendar(value: Any) -> bool:
    # Read off sys.modules, so the package is not imported for a value that cannot be one of
    # its calendars. While another thread imports it, the module there is partly initialised
    # and may not have ``HolidayBase`` yet (nor any calendar of it): that is a "no".
    base = getattr(sys.modules.get("holidays"), "HolidayBase", None)
    return base is not None and isinstance(value, base)


def _holiday_items(value: Any, path: str) -> list[Any]:
    from dateutil.rrule import rrule, rruleset

    if value is None:
        return []
    if isinstance(value, rrule | rruleset | str | date | Mapping) or _is_holiday_calendar(value):
        return [value]
    if not isinstance(value, Iterable):
        raise ConfigError(f"expected a list of holidays, got {safe_repr(value)}", path=path)
    return list(value)


def _from_table(value: Mapping[str, Any], path: str) -> HolidaySource:
    """``{"rrule": text}`` or ``{"country": ..., "subdiv": ..., "observed": ...}``."""
    if "rrule" in value:
        fields(value, path=path, required=("rrule",))
        text = value["rrule"]
        where = join(path, "rrule")
        if not isinstance(text, str):
            raise ConfigError(f"expected RFC 5545 text, got {safe_repr(text)}", path=where)
        try:
            return RRuleHolidays(text)
        except ConfigError as exc:
            raise exc.at(where) from None
    if "country" in value:
        fields(value, path=path, required=("country",), optional=("subdiv", "observed"))
        return _country(value, path)
    # Neither kind named: the unknown-key rule lists every key a holiday table may have.
    fields(value, path=path, optional=("country", "observed", "rrule", "subdiv"))
    raise ConfigError(
        "expected {'rrule': ...} or {'country': ..., 'subdiv': ...}, got "
        f"{safe_repr(dict(value))}",
        path=path,
    )


def _holiday(value: Any, path: str) -> date | HolidaySource:
    from dateutil.rrule import rrule, rruleset

    if isinstance(value, RRuleHolidays | CountryHolidays):
        return value
    if isinstance(value, rrule | rruleset):
        try:
            return RRuleHolidays.from_rule(value)
        except ConfigError as exc:
            raise exc.at(path) from None
    if _is_holiday_calendar(value):
        country = getattr(value, "country", None)
        if not isinstance(country, str):
            raise ConfigError(
                "only country calendars (holidays.country_holidays(...)) can be used; "
                "pass other holiday calendars as a list of dates",
                path=path,
            )
        return CountryHolidays(country, getattr(value, "subdiv", None), bool(value.observed))
    if isinstance(value, Mapping):
        return _from_table(value, path)
    return parse_date(value, path)


def _country(value: Mapping[str, Any], path: str) -> CountryHolidays:
    try:
        source = CountryHolidays(value["country"], value.get("subdiv"), value.get("observed", True))
    except TypeError as exc:
        raise ConfigError(
            f"bad country holidays {safe_repr(dict(value))}: {exc}", path=path
        ) from None
    try:
        import holidays
    except ImportError:  # pragma: no cover - the extra is installed in development
        raise MissingExtraError("holidays", "country holidays") from None
    if source.subdiv is not None and not source.subdiv.strip():
        # The holidays package reads a blank subdivision as none: the country's holidays alone,
        # where the file asked for a region's.
        raise ConfigError(
            f"expected a subdivision code, got {safe_repr(source.subdiv)}; leave subdiv out "
            "for the country's own holidays",
            path=join(path, "subdiv"),
        )
    # The holidays package signals an unknown country or subdivision with NotImplementedError;
    # the country is asked alone first, so that the error names the key that is wrong.
    try:
        holidays.country_holidays(source.country)
    except NotImplementedError as exc:
        raise ConfigError(str(exc), path=join(path, "country")) from None
    try:
        holidays.country_holidays(source.country, subdiv=source.subdiv)
    except NotImplementedError as exc:
        raise ConfigError(str(exc), path=join(path, "subdiv")) from None
    return source


def _hand_added(calendar: Any, source: CountryHolidays, path: str) -> set[date]:
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
        with contextlib.suppress(UnknownHolidaysError):  # a year the package's tables do not cover
            own |= source.dates_in(year)
    removed = sorted(own - held)
    if removed:
        shown = [d.isoformat() for d in removed]
        raise ConfigError(
            f"the holidays calendar lacks its country's own dates {shown}; a country "
            "calendar is kept by name, so pass the dates you want as a list instead",
            path=path,
        )
    return held - own


def holiday_list(value: Any, path: str) -> tuple[frozenset[date], tuple[HolidaySource, ...]]:
    """Read holidays (a list of dates, rules, tables or calendars, or one alone).

    Returns the plain dates and the distinct recurring sources, in the order given.
    """
    dates: set[date] = set()
    sources: list[HolidaySource] = []
    for i, item in enumerate(_holiday_items(value, path)):
        where = join(path, i)
        parsed = _holiday(item, where)
        if isinstance(parsed, CountryHolidays) and _is_holiday_calendar(item):
            dates |= _hand_added(item, parsed, where)
        if isinstance(parsed, date):
            dates.add(parsed)
        elif parsed not in sources:
            sources.append(parsed)
    return frozenset(dates), tuple(sources)
