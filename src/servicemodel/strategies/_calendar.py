"""Hypothesis strategy for business calendars (re-exported from ``servicemodel.strategies``).

Examples:
    >>> from servicemodel.strategies._calendar import DST_ZONES
    >>> "Australia/Lord_Howe" in DST_ZONES
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.calendar import BusinessCalendar, RRuleHolidays, zone
from servicemodel.errors import InputTypeError, MissingExtraError
from servicemodel.strategies._args import flag, names, ordered

__all__ = ["DST_ZONES", "calendars"]

DST_ZONES = (
    "UTC",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "America/Santiago",
)
"""Zones whose rules stress calendars: both DST directions, a 30-minute shift (Lord Howe) and
a change at local midnight (Santiago)."""

# Minutes where DST changes happen somewhere (00:00-03:00) and day ends, so that span
# boundaries often fall inside gaps and folds.
_HOT_MINUTES = (0, 30, 60, 90, 120, 150, 180, 1410, 1440)
_DAY_KEYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def calendars(  # noqa: C901 - one optional draw per keyword option, each a small branch
    *,
    zones: Sequence[str] = DST_ZONES,
    allow_overnight: bool = True,
    allow_holidays: bool = True,
    allow_overrides: bool = True,
    allow_empty: bool = False,
    min_date: date = date(2018, 1, 1),
    max_date: date = date(2030, 12, 31),
) -> Any:
    """Return a strategy for valid `BusinessCalendar` values.

    Weekly hours have up to three spans a day, boundaries biased to the hours where DST
    changes happen; overnight spans, holiday dates, recurring holidays (every second, third or
    fourth week, so some time stays open) and date overrides (including closed dates) are
    drawn unless switched off. Holidays and overrides fall between ``min_date`` and
    ``max_date``. With ``allow_empty=False`` (the default) at least one weekday has hours.

    Examples:
        >>> from hypothesis import given
        >>> @given(calendars(zones=["Europe/London"], allow_holidays=False))
        ... def test(cal):
        ...     assert cal.tz.key == "Europe/London"
        >>> test()
    """
    try:
        from hypothesis import strategies as st
    except ImportError:  # pragma: no cover - the extra is installed in development
        raise MissingExtraError("hypothesis", "servicemodel.strategies") from None

    fn = "calendars"
    tzs = [
        zone(z, f"{fn}: zones") for z in names(fn, "zones", zones, kind=object, what="zone names")
    ]
    for name, value in (
        ("allow_overnight", allow_overnight),
        ("allow_holidays", allow_holidays),
        ("allow_overrides", allow_overrides),
        ("allow_empty", allow_empty),
    ):
        flag(fn, name, value)
    ordered(fn, ("min_date", _day(min_date, "min_date")), ("max_date", _day(max_date, "max_date")))
    minute = st.one_of(st.sampled_from(_HOT_MINUTES), st.integers(0, 1440))

    @st.composite
    def day_spans(draw: Any) -> list[str]:
        points = sorted(draw(st.sets(minute, max_size=6)))
        if len(points) % 2:
            points = points[:-1]
        spans = [(points[i], points[i + 1]) for i in range(0, len(points), 2)]
        last_end = max(spans[-1][1], 1) if spans else 1
        if allow_overnight and last_end <= 1439 and draw(st.booleans()):
            # An overnight span starts after the day's other spans and ends before its own
            # start on the next day, so it never overlaps a span of the same day.
            start = draw(st.one_of(st.sampled_from((1439, 1380)), st.integers(last_end, 1439)))
            start = max(start, last_end)
            spans.append((start, draw(st.integers(0, start - 1)) + 1440))
        return [_fmt(s, e) for s, e in spans]

    # Made once, not per draw: a strategy made inside a draw is validated again each time,
    # which was most of the time a calendar took (up to 13 of them per example).
    spans_of_a_day = day_spans()
    some_dates = st.dates(min_value=min_date, max_value=max_date)
    zone_keys = st.sampled_from([z.key for z in tzs])

    @st.composite
    def build(draw: Any) -> BusinessCalendar:
        tz = draw(zone_keys)
        week = [draw(spans_of_a_day) for _ in range(7)]
        if not allow_empty and not any(week):
            week[draw(st.integers(0, 6))] = [_fmt(540, 1020)]
        hours = {_DAY_KEYS[(i + 1) % 7]: spans for i, spans in enumerate(week) if spans}
        holidays: list[Any] = []
        overrides: dict[str, list[str]] = {}
        if allow_holidays:
            # Sorted: a set of dates iterates in an order that depends on the process's hash
            # seed, so a derandomized run or a saved example drew other calendars elsewhere.
            holidays += [d.isoformat() for d in sorted(draw(st.sets(some_dates, max_size=20)))]
            if draw(st.booleans()):
                start = draw(some_dates)
                # Until max_date: without an end, the rule's dates ran on for ever, past the
                # range the docstring promises every holiday falls in.
                rule = RRuleHolidays(
                    f"DTSTART:{start:%Y%m%d}T000000\nRRULE:FREQ=WEEKLY;"
                    f"INTERVAL={draw(st.integers(2, 4))};"
                    f"BYDAY={draw(st.sampled_from(_RRULE_DAYS))};UNTIL={max_date:%Y%m%d}T000000"
                )
                holidays.append({"rrule": rule.text})
        if allow_overrides:
            for day in sorted(draw(st.sets(some_dates, max_size=6))):
                overrides[day.isoformat()] = draw(spans_of_a_day)
        return BusinessCalendar.from_dict(
            {"tz": tz, "hours": hours, "holidays": holidays, "overrides": overrides}
        )

    return build()


def _day(value: Any, name: str) -> date:
    # A datetime is a date too, but a bound with a time of day is not what the option means.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InputTypeError(f"calendars: {name} must be a date, got {safe_repr(value)}")
    return value


def _fmt(start: int, end: int) -> str:
    shown = end - 1440 if end > 1440 else end
    return f"{start // 60:02d}:{start % 60:02d}-{shown // 60:02d}:{shown % 60:02d}"
