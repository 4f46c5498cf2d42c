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

from servicemodel._public import publish
from servicemodel.calendar._algebra import CombinedCalendar, difference, intersection, union
from servicemodel.calendar._calendar import BusinessCalendar
from servicemodel.calendar._history import ScheduleHistory
from servicemodel.calendar._holidays import CountryHolidays, RRuleHolidays
from servicemodel.calendar._hours import zone
from servicemodel.calendar._protocol import CalendarLike

__all__ = [
    # the calendar
    "BusinessCalendar",
    "CalendarLike",
    "zone",
    # calendars built from calendars
    "CombinedCalendar",
    "ScheduleHistory",
    "difference",
    "intersection",
    "union",
    # holiday sources
    "CountryHolidays",
    "RRuleHolidays",
]

publish(__name__, globals(), __all__)
