"""Weekly hours and date overrides: parsing ``"09:00-17:00"`` spans, checking and printing them.

A day's hours are spans ``(start, end)`` in minutes after local midnight; ``end > 1440`` means
the span runs overnight into the next day. Every parser takes the path of the value it reads,
so an error names the field in full (``hours.mon[1]``, ``overrides.2026-12-24[0]``).

Examples:
    >>> weekly_hours({"mon-fri": ["09:00-12:00", "22:00-02:00"]}, "hours")[0]
    ((540, 720), (1320, 1560))
    >>> weekly_hours({"mon": ["09:00-10:00", "9-5"]}, "hours")
    Traceback (most recent call last):
    ...
    servicemodel.errors.ConfigError: hours.mon[1]: expected a span 'HH:MM-HH:MM', got '9-5'
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
import zoneinfo
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicemodel._config import as_list, as_mapping, join, safe_repr
from servicemodel.errors import ConfigError

__all__ = [
    "DAY_NAMES",
    "MINUTES_PER_DAY",
    "DaySpans",
    "Span",
    "check_day",
    "covers_week",
    "fmt_span",
    "overrides",
    "parse_date",
    "weekly_hours",
    "zone",
    "zone_hint",
]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 1440
# ASCII only, as durations are read: another script's digits ("٠٩:00") are no time of day.
_TIME = re.compile(r"(\d{2}):(\d{2})", re.ASCII)
_SPAN = re.compile(r"\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*", re.ASCII)

Span = tuple[int, int]
"""A span as ``(start, end)`` minutes after local midnight; ``end > 1440`` runs overnight."""
DaySpans = tuple[Span, ...]


def zone(value: Any, path: str = "tz") -> ZoneInfo:
    """Return the ``ZoneInfo`` named by ``value`` (or ``value`` itself if it is one).

    The one place user input becomes a zone: any name the OS or ``zoneinfo`` rejects (unknown,
    too long for a file name, a NUL byte, a directory, a path outside the zone database) is a
    `ConfigError` at ``path`` naming the value.

    Examples:
        >>> zone("Europe/Berlin").key
        'Europe/Berlin'
        >>> zone("../../etc/passwd", "tz")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: tz: unknown time zone '../../etc/passwd'
    """
    if isinstance(value, ZoneInfo):
        if isinstance(value.key, str):  # the same names refused as a ZoneInfo of them
            _civil_name(value.key, path)
        return value
    if not isinstance(value, str):
        raise ConfigError(f"expected an IANA zone name, got {safe_repr(value)}", path=path)
    _civil_name(value, path)
    try:
        return ZoneInfo(value)
    # OSError: the name becomes a file path (too long, a directory); ValueError: NUL, absolute
    # or non-normalised paths, a file that is not a zone. The OS message would show the path of
    # the zone database, not the user's value.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ConfigError(
            f"unknown time zone {safe_repr(value)}{zone_hint(value)}", path=path
        ) from None


def _civil_name(value: str, path: str) -> None:
    """Refuse zone-database names that are no place's civil clock."""
    if value.lower() in _MACHINE_ZONES:
        # Files in some zone databases, not IANA zones: a link to the machine's own zone (or
        # the rules it was built with), so the same file gave other hours on another machine.
        raise ConfigError(
            f"{safe_repr(value)} is this machine's zone, not a zone of its own: give an IANA "
            "name such as 'Europe/Berlin'",
            path=path,
        )
    if value.lower().startswith("right/"):
        # Copies that count leap seconds: the zone's changes fall 27 s off the civil ones
        # (Berlin's 2024 summer time began at 01:00:27 UTC, not 01:00:00).
        raise ConfigError(
            f"{safe_repr(value)} counts leap seconds, which civil clocks do not: give "
            f"{repr(value[6:]) if value[6:] else 'an IANA name such as Europe/Berlin'}",
            path=path,
        )
    if value.lower() == "factory":
        raise ConfigError(
            f"{safe_repr(value)} is a placeholder for an unset zone, not a place's clock: give an "
            "IANA name such as 'Europe/Berlin'",
            path=path,
        )


#: Names a zone database may hold that stand for the machine's zone, not one place's.
_MACHINE_ZONES = frozenset({"localtime", "posixrules"})


@functools.cache
def _zone_names() -> tuple[str, ...]:
    try:
        return tuple(sorted(zoneinfo.available_timezones() - _MACHINE_ZONES - {"Factory"}))
    except (OSError, ValueError):  # an unreadable zone database: no suggestion, not an error
        return ()


def zone_hint(value: object) -> str:
    """`` (did you mean 'Area/City'?)`` for a mistyped zone name, else ``""``.

    A city without its area (``Berlin``, ``new york``) is the usual mistake; otherwise the
    closest name, if one is close.

    Examples:
        >>> zone_hint("new york"), zone_hint("Europe/Berlni"), zone_hint("Mars/Base")
        (" (did you mean 'America/New_York'?)", " (did you mean 'Europe/Berlin'?)", '')
    """
    if not isinstance(value, str) or not 0 < len(value) <= 64:
        return ""
    names = _zone_names()
    city = "_".join(value.split()).lower()
    found = [n for n in names if n.lower().rsplit("/", 1)[-1] == city]
    if not found:
        by_case = {n.lower(): n for n in names}
        close = difflib.get_close_matches(value.lower(), list(by_case), n=1, cutoff=0.85)
        found = [by_case[c] for c in close]
    return f" (did you mean {found[0]!r}?)" if found else ""


def _minutes(text: str, span: str, path: str, *, end: bool) -> int:
    m = _TIME.fullmatch(text)
    assert m is not None  # _SPAN matched already
    hh, mm = int(m[1]), int(m[2])
    if mm > 59 or hh > 24 or (hh == 24 and (mm or not end)):
        raise ConfigError(
            f"no such time of day {safe_repr(text)} in span {safe_repr(span)}", path=path
        )
    return hh * 60 + mm


def _span(value: Any, path: str) -> Span:
    m = _SPAN.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        ascii_only = not isinstance(value, str) or value.isascii()
        hint = "" if ascii_only else " (write the hours in ASCII digits 0-9)"
        raise ConfigError(f"expected a span 'HH:MM-HH:MM', got {safe_repr(value)}{hint}", path=path)
    start = _minutes(m[1], value, path, end=False)
    end = _minutes(m[2], value, path, end=True)
    if end == start:
        raise ConfigError(
            f"span {safe_repr(value)} is empty (for a whole day write '00:00-24:00')", path=path
        )
    if end < start:
        end += MINUTES_PER_DAY  # overnight: ends on the next day
    return start, end


def _fmt_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def fmt_span(span: Span) -> str:
    """Print a span the way it is written: ``"22:00-06:00"`` for an overnight one.

    Examples:
        >>> fmt_span((1320, 1800))
        '22:00-06:00'
    """
    start, end = span
    shown = end if end <= MINUTES_PER_DAY else end - MINUTES_PER_DAY
    return f"{_fmt_time(start)}-{_fmt_time(shown)}"


def check_day(spans: DaySpans, path: str = "") -> None:
    """Check one day's spans in normal form: valid minutes, sorted, not overlapping."""
    for s, e in spans:
        if not (0 <= s < MINUTES_PER_DAY and s < e and (e <= MINUTES_PER_DAY or e < s + 1440)):
            raise ConfigError(
                f"invalid span ({s}, {e}): expected minutes 0 <= start < end", path=path
            )
    if list(spans) != sorted(spans):
        raise ConfigError(f"spans must be sorted by start, got {safe_repr(spans)}", path=path)
    for (s1, e1), (s2, e2) in itertools.pairwise(spans):
        if s2 < e1:
            raise ConfigError(
                f"spans {fmt_span((s1, e1))!r} and {fmt_span((s2, e2))!r} overlap on one day",
                path=path,
            )


def _day_spans(value: Any, path: str) -> DaySpans:
    # One span may be written alone; a list gives each span its index in the path.
    if isinstance(value, str):
        return (_span(value, path),)
    items = as_list(value, path, "a span or a list of spans")
    result = tuple(sorted(_span(item, join(path, i)) for i, item in enumerate(items)))
    check_day(result, path)
    return result


def _days(key: str, path: str) -> list[int]:
    days: list[int] = []
    for part in key.lower().replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        # ``dash and not last``: 'mon-' is a range cut short, not Monday alone.
        if first not in DAY_NAMES or (dash and last not in DAY_NAMES):
            raise ConfigError(
                f"unknown weekday {safe_repr(part)}: use {', '.join(DAY_NAMES)} or 'mon-fri'",
                path=path,
            )
        i, j = DAY_NAMES.index(first), DAY_NAMES.index(last or first)
        days += [(i + k) % 7 for k in range((j - i) % 7 + 1)]
    return days


def weekly_hours(hours: Any, path: str) -> tuple[DaySpans, ...]:
    """Read ``{"mon-fri": spans, "sat": span, ...}`` into 7 days of spans, Monday first."""
    table = as_mapping(hours, path, "a mapping of weekdays to spans")
    week: list[DaySpans | None] = [None] * 7
    for key, value in table.items():
        where = join(path, key)
        days = _days(key, where)
        spans = _day_spans(value, where)
        for day in days:
            if week[day] is not None:
                raise ConfigError(f"{DAY_NAMES[day]} is given twice", path=where)
            week[day] = spans
    return tuple(day or () for day in week)


def parse_date(value: Any, path: str) -> date:
    """A ``date`` or ``"YYYY-MM-DD"`` as a date (a datetime is refused: it is not a day)."""
    if isinstance(value, datetime):
        raise ConfigError(f"expected a date, got the datetime {safe_repr(value)}", path=path)
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"expected a date 'YYYY-MM-DD', got {safe_repr(value)}", path=path)


def overrides(value: Any, path: str) -> tuple[tuple[date, DaySpans], ...]:
    """Read ``{date: spans}`` into sorted ``(date, spans)`` pairs (``[]`` closes the date)."""
    if value is None:
        return ()
    # Not as_mapping: Python callers may key overrides by date objects, not only by strings.
    if not isinstance(value, Mapping):
        raise ConfigError(
            f"expected a mapping of dates to spans, got {safe_repr(value)} "
            f"({type(value).__name__})",
            path=path,
        )
    found: dict[date, DaySpans] = {}
    for key, spans in value.items():
        where = join(path, key.isoformat() if isinstance(key, date) else str(key))
        day = parse_date(key, where)
        if day in found:
            raise ConfigError(f"date {day.isoformat()} is given twice", path=where)
        found[day] = _day_spans(spans, where)
    return tuple(sorted(found.items()))


def covers_week(hours: tuple[DaySpans, ...]) -> bool:
    """Whether the weekly hours leave no instant of the week closed.

    Examples:
        >>> covers_week((((0, 1440),),) * 7), covers_week((((0, 1440),),) * 6 + ((),))
        (True, False)
    """
    week = MINUTES_PER_DAY * 7
    pieces: list[Span] = []
    for day, spans in enumerate(hours):
        for s, e in spans:
            a, b = day * MINUTES_PER_DAY + s, day * MINUTES_PER_DAY + e
            pieces += [(a, min(b, week))] + ([(0, b - week)] if b > week else [])
    reached = 0
    for a, b in sorted(pieces):
        if a > reached:
            return False
        reached = max(reached, b)
    return reached >= week
