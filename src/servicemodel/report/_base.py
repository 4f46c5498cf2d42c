"""The time base of a duration: calendar time, or the business hours of one calendar.

Every duration in the report says which base it is counted in, and durations of different
bases are never summarised together. A business calendar is named by what it is (zone, weekly
hours, holidays and overrides), since policy files name calendars only locally.

Examples:
    >>> from servicemodel.calendar import BusinessCalendar
    >>> base_of(None)
    Base(kind='calendar', label='calendar time')
    >>> base_of(BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "08:00-18:00"})).label
    'business hours of Europe/Berlin mon-fri 08:00-18:00'
"""

from __future__ import annotations

from typing import Any

import attrs

from servicemodel.calendar import BusinessCalendar, CombinedCalendar, ScheduleHistory

__all__ = ["CALENDAR", "Base", "base_of", "same_calendar"]


@attrs.frozen
class Base:
    """A time base: ``kind`` is ``"calendar"`` or ``"business"``; ``label`` names it in full.

    Examples:
        >>> Base("calendar", "calendar time").kind
        'calendar'
    """

    kind: str
    label: str


CALENDAR = Base("calendar", "calendar time")


_SYMBOL = {"union": " | ", "intersection": " & ", "difference": " - "}


def _describe(calendar: Any) -> str:
    """What ``calendar`` is: a business calendar's zone and hours; a combination or a schedule
    history by its parts (``(A | B)``, ``A; from <instant> B``); anything else by its ``repr``.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.calendar import BusinessCalendar, ScheduleHistory
        >>> a = BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"})
        >>> b = BusinessCalendar.weekly("Asia/Tokyo", {"mon": "09:00-17:00"})
        >>> _describe(ScheduleHistory([(None, a | b), (datetime(2026, 6, 1, tzinfo=UTC), a)]))
        '(UTC mon 09:00-17:00 | Asia/Tokyo mon 09:00-17:00); from 2026-06-01T00:00:00+00:00 UTC mon 09:00-17:00'
    """  # noqa: E501
    if isinstance(calendar, CombinedCalendar):
        return "(" + _SYMBOL[calendar.op].join(map(_describe, calendar.operands)) + ")"
    if isinstance(calendar, ScheduleHistory):
        return "; ".join(
            _describe(cal) if since is None else f"from {since.isoformat()} {_describe(cal)}"
            for since, cal in calendar.versions
        )
    if not isinstance(calendar, BusinessCalendar):
        try:
            return repr(calendar)
        except Exception:  # a calendar of one's own whose repr fails still names a base
            return f"<{type(calendar).__qualname__} object>"
    data = calendar.to_dict()
    hours = ", ".join(
        f"{days} {' '.join(spans) if isinstance(spans, list) else spans}"
        for days, spans in dict(data.get("hours", {})).items()
    )
    extra = [f"{len(data[key])} {key}" for key in ("holidays", "overrides") if data.get(key)]
    tail = f" ({', '.join(extra)})" if extra else ""
    return f"{data.get('tz', '?')} {hours}{tail}"


def base_of(calendar: Any) -> Base:
    """Return the base of durations counted on ``calendar`` (``None`` or 24/7: calendar time).

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> base_of(BusinessCalendar.always()).kind
        'calendar'
    """
    if calendar is None or getattr(calendar, "is_always_open", False):
        return CALENDAR
    return Base("business", f"business hours of {_describe(calendar)}")


def same_calendar(a: object, b: object) -> bool:
    """``a == b`` for two calendars; one whose ``==`` raises or answers no bool is another
    (a calendar of one's own: told apart, never raised).

    Examples:
        >>> same_calendar(None, None), same_calendar(None, object())
        (True, False)
    """
    if a is b:
        return True
    try:
        same = a == b
    except Exception:  # a calendar of one's own whose == fails: told apart, never raised
        return False
    return same is True
