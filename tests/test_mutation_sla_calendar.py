"""Laws of the business calendar and the SLA clock that a plausible slip would break.

Each test pins a documented rule (docs/calendars.md, docs/sla.md) at a place where a one-token
change to the code (a ``<`` for a ``<=``, a dropped clause, a skipped wrap-around) still passed
every other test. Expected values come from the rules, worked out by hand or by a simple
independent reference, never from the code's own output.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import MAX_INSTANT, MIN_INSTANT
from servicemodel.strategies._calendar import calendars

US = timedelta(microseconds=1)
DAY = 1440


def _hhmm(minutes: int) -> str:
    minutes %= DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# -- "BusinessCalendar.always(tz) is open at every instant" (calendars.md, 24/7 and never) -----

EVERY_INSTANT = st.integers(0, (MAX_INSTANT - MIN_INSTANT) // US - 2).map(
    lambda us: MIN_INSTANT + timedelta(microseconds=us)
)


@pytest.mark.parametrize(
    "t",
    [
        MIN_INSTANT,
        datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(1900, 6, 1, 12, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        MAX_INSTANT - 2 * US,
    ],
)
def test_always_open_calendar_is_open_before_the_epoch_too(t: datetime) -> None:
    # The 24/7 calendar is open at every instant of the supported range, so is_open must
    # agree with elapsed (plain arithmetic) there: one microsecond from t is one open
    # microsecond. Before 1970 is_open said "closed".
    for cal in (
        BusinessCalendar.always(),
        BusinessCalendar.always("Europe/Berlin"),
        BusinessCalendar.weekly("UTC", {"mon-sun": "00:00-24:00"}),
    ):
        assert cal.is_always_open
        assert cal.is_open(t)
        assert cal.elapsed(t, t + US) == US


@given(
    cal=st.one_of(
        st.just(BusinessCalendar.always()),
        calendars(zones=["UTC", "Europe/Berlin", "America/New_York"]),
    ),
    t=EVERY_INSTANT,
)
def test_is_open_is_one_open_microsecond_anywhere_in_the_range(
    cal: BusinessCalendar, t: datetime
) -> None:
    # Spans are half-open, so t is open exactly when [t, t + 1 µs) holds open time: the two
    # queries must agree at every instant of the supported range, not only near today.
    assert cal.is_open(t) is (cal.elapsed(t, t + US) == US)


# -- covers_week: a Sunday night shift running into Monday closes the week's gap -----------------


def _covered_minutes(hours: dict[str, list[tuple[int, int]]]) -> set[int]:
    """Reference: the minutes of the week (Monday 00:00 = 0) the spans cover, wrapping Sunday
    night into Monday morning (calendars.md: a span belongs to the day it starts on)."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    out: set[int] = set()
    for day, name in enumerate(names):
        for s, e in hours.get(name, []):
            out |= {(day * DAY + m) % (7 * DAY) for m in range(s, e)}
    return out


@given(
    cut=st.integers(1, DAY - 2),
    length=st.integers(1, DAY - 2),
    sunday_night=st.booleans(),
)
def test_a_week_covered_through_sunday_night_is_always_open(
    cut: int, length: int, sunday_night: bool
) -> None:
    # Every day holds [cut, cut + length) and an overnight span from there to cut on the
    # next day; so Monday 00:00..cut is covered only by Sunday's night span. Without it
    # (sunday_night False) Monday's early morning is closed.
    second = cut + length
    if second >= DAY:
        second = DAY - 1
    spans = [(cut, second), (second, DAY + cut)]
    hours = dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat"), spans)
    hours["sun"] = spans if sunday_night else [(cut, second)]
    week_open = len(_covered_minutes(hours)) == 7 * DAY
    assert week_open is sunday_night
    text = {
        name: [f"{_hhmm(s)}-{_hhmm(e)}" if e != DAY else f"{_hhmm(s)}-24:00" for s, e in sp]
        for name, sp in hours.items()
    }
    cal = BusinessCalendar.weekly("UTC", text)
    assert cal.is_always_open is week_open
    monday = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
    assert cal.is_open(monday) is week_open
