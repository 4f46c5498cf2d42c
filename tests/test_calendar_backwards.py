"""Counting backwards (issue 16): ``sub``, ``previous_open`` and ``previous_close``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import CalendarError, InputTypeError, OutOfRangeError
from servicemodel.strategies._calendar import calendars
from test_calendar_laws import US, durations, instants, utc

H = timedelta(hours=1)
NINE_TO_FIVE = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@given(st.data(), calendars(), instants())
def test_sub_inverts_add_on_open_instants(
    data: st.DataObject, cal: BusinessCalendar, t: datetime
) -> None:
    d = data.draw(durations(cal))
    up = cal.add(t, d)
    # Everywhere: sub(add(t, d), d) is where add started counting, next_open(t).
    assert utc(cal.sub(up, d)) == utc(cal.next_open(t))
    if cal.is_open(t):
        assert utc(cal.sub(up, d)) == utc(t)
        assert utc(cal.add(cal.sub(t, d), d)) == utc(t)


@given(st.data(), calendars(), instants())
def test_sub_is_the_latest_instant_with_that_much_open_time_before(
    data: st.DataObject, cal: BusinessCalendar, t: datetime
) -> None:
    d = data.draw(durations(cal))
    x = cal.sub(t, d)
    assert x.tzinfo is t.tzinfo
    assert utc(x) <= utc(t)
    assert cal.elapsed(x, t) == d
    if utc(x) < utc(t):
        assert cal.elapsed(utc(x) + US, t) < d  # latest: one microsecond later is too little
    if d:
        assert cal.is_open(x)
        assert utc(x) == utc(cal.add(t, -d))
        assert utc(cal.sub(t, -d)) == utc(cal.add(t, d))


@given(st.data(), calendars(), instants())
def test_sub_composes_and_is_monotone(
    data: st.DataObject, cal: BusinessCalendar, t: datetime
) -> None:
    d1, d2 = sorted([data.draw(durations(cal)), data.draw(durations(cal))])
    assert utc(cal.sub(t, d1 + d2)) == utc(cal.sub(cal.sub(t, d1), d2))
    assert utc(cal.sub(t, d2)) <= utc(cal.sub(t, d1))


@given(calendars(), instants())
def test_previous_open_and_close_agree_with_open_intervals(
    cal: BusinessCalendar, t: datetime
) -> None:
    window = utc(t) - timedelta(days=60)
    spans = [(utc(s), utc(e)) for s, e in cal.open_intervals(window, utc(t) + US)]
    # A span that begins at the window's start may have begun earlier: no verdict then.
    openings = [s for s, _ in spans if s > window]
    closes = [e for _, e in spans if e <= utc(t)]
    assume(openings and closes)
    assert utc(cal.previous_open(t)) == openings[-1]
    assert utc(cal.previous_close(t)) == closes[-1]
    assert cal.previous_open(t).tzinfo is t.tzinfo
    if cal.is_open(t):
        assert cal.elapsed(cal.previous_open(t), t) == utc(t) - utc(cal.previous_open(t))
    else:
        assert cal.elapsed(cal.previous_close(t), t) == timedelta(0)


def test_the_boundary_rule_on_a_nine_to_five_week() -> None:
    tue_10 = at(2026, 1, 6, 10)
    assert NINE_TO_FIVE.sub(tue_10, H) == at(2026, 1, 6, 9)  # stops at the opening
    assert NINE_TO_FIVE.sub(tue_10, H + US) == at(2026, 1, 5, 17) - US
    assert NINE_TO_FIVE.sub(at(2026, 1, 6, 9), 8 * H) == at(2026, 1, 5, 9)
    saturday = at(2026, 1, 10, 12)
    assert NINE_TO_FIVE.sub(saturday, timedelta(0)) == saturday
    assert NINE_TO_FIVE.sub(saturday, H) == at(2026, 1, 9, 16)
    assert NINE_TO_FIVE.previous_open(saturday) == at(2026, 1, 9, 9)
    assert NINE_TO_FIVE.previous_close(saturday) == at(2026, 1, 9, 17)
    assert NINE_TO_FIVE.previous_close(at(2026, 1, 9, 17)) == at(2026, 1, 9, 17)
    assert NINE_TO_FIVE.previous_open(at(2026, 1, 9, 9)) == at(2026, 1, 9, 9)
    assert NINE_TO_FIVE.previous_close(at(2026, 1, 9, 10)) == at(2026, 1, 8, 17)


def test_results_come_back_in_the_zone_of_the_input() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    t = datetime(2026, 1, 6, 11, tzinfo=berlin)  # 10:00 UTC
    assert NINE_TO_FIVE.sub(t, H) == datetime(2026, 1, 6, 10, tzinfo=berlin)
    assert NINE_TO_FIVE.sub(t, H).tzinfo is berlin


def test_a_span_across_new_year_is_one_opening_and_one_close() -> None:
    nights = BusinessCalendar.weekly("UTC", {"wed": "20:00-06:00"})  # 31 Dec 2025 is a Wednesday
    t = at(2026, 1, 1, 3)
    assert nights.previous_open(t) == at(2025, 12, 31, 20)
    assert nights.previous_close(at(2026, 1, 1, 7)) == at(2026, 1, 1, 6)
    assert nights.previous_close(t) == at(2025, 12, 25, 6)
    assert nights.sub(t, 7 * H) == at(2025, 12, 31, 20)
    assert nights.sub(t, 8 * H) == at(2025, 12, 25, 5)


def test_an_always_open_calendar_has_no_opening_or_close() -> None:
    always = BusinessCalendar.always()
    t = at(2026, 1, 6, 10)
    assert always.sub(t, H) == t - H
    with pytest.raises(CalendarError):
        always.previous_open(t)
    with pytest.raises(CalendarError):
        always.previous_close(t)
    full = BusinessCalendar.weekly("UTC", {"mon-sun": "00:00-24:00"}, holidays=["2000-01-01"])
    with pytest.raises(CalendarError, match="8 years"):
        full.previous_close(t)


def test_an_override_only_calendar_searches_back_to_its_earliest_override() -> None:
    cal = BusinessCalendar.from_dict(
        {"tz": "UTC", "overrides": {"2006-03-02": ["09:00-17:00"], "2030-03-04": ["09:00-17:00"]}}
    )
    assert cal.previous_open(at(2029, 1, 1)) == at(2006, 3, 2, 9)
    assert cal.previous_close(at(2029, 1, 1)) == at(2006, 3, 2, 17)
    with pytest.raises(CalendarError):
        cal.previous_open(at(2006, 1, 1))


def test_sub_and_previous_refuse_bad_input_and_the_edge_of_the_range() -> None:
    with pytest.raises(InputTypeError, match="d: expected a timedelta"):
        NINE_TO_FIVE.sub(at(2026, 1, 6), 5)  # type: ignore[arg-type]
    early = datetime(2, 1, 3, 12, tzinfo=UTC)
    with pytest.raises(OutOfRangeError, match="sub"):
        NINE_TO_FIVE.sub(early, 100 * H)
    with pytest.raises(OutOfRangeError, match="sub"):
        BusinessCalendar.always().sub(early, 100 * H)
    with pytest.raises(OutOfRangeError):
        NINE_TO_FIVE.previous_open(datetime(2, 1, 2, tzinfo=UTC))
