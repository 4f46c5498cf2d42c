"""Calendars recomputed by hand and by a second method: DST edge cases, derived calendars' laws,
and refusals of values that are not instants or durations (pandas' NaT above all)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _zones import (
    CHATHAM_BACK_2026,
    CHATHAM_FORWARD_2026,
    LORD_HOWE_BACK_2026,
    LORD_HOWE_FORWARD_2026,
    WEEKDAYS,
    Change,
    change_like,
    opening_around,
)
from servicemodel.calendar import BusinessCalendar, CountryHolidays, ScheduleHistory
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    OutOfRangeError,
    ServiceModelError,
)
from servicemodel.strategies._calendar import calendars
from test_calendar_laws import US, durations, instants, utc

H = timedelta(hours=1)
M = timedelta(minutes=1)
NINE_TO_FIVE = BusinessCalendar.weekly("America/New_York", {"mon-fri": "09:00-17:00"})
MONDAY = datetime(2026, 1, 5, 10, tzinfo=UTC)


def kinds() -> list[Any]:
    """One calendar of each kind: table, 24/7, combined, schedule history."""
    return [
        NINE_TO_FIVE,
        BusinessCalendar.always("Europe/London"),
        NINE_TO_FIVE | BusinessCalendar.weekly("UTC", {"sat": "10:00-11:00"}),
        ScheduleHistory([(None, NINE_TO_FIVE), (MONDAY, BusinessCalendar.always())]),
    ]


# -- pandas' NaT and other values that are not instants or durations ---------------------------


@pytest.mark.parametrize("cal", kinds(), ids=["table", "always", "combined", "history"])
def test_nat_as_an_instant_is_refused_by_every_query(cal: Any) -> None:
    # NaT is a datetime without a zone whose arithmetic gives NaN: the table calendar used to
    # fail with a bare TypeError from deep inside its year lookup. (Today a NaiveDatetimeError;
    # any error of the library's that names NaT will do.)
    queries = [
        lambda: cal.is_open(pd.NaT),
        lambda: cal.next_open(pd.NaT),
        lambda: cal.elapsed(pd.NaT, MONDAY),
        lambda: cal.elapsed(MONDAY, pd.NaT),
        lambda: cal.add(pd.NaT, H),
        lambda: cal.sub(pd.NaT, H),
        lambda: cal.open_intervals(MONDAY, pd.NaT),
        lambda: cal.elapsed_many([MONDAY], [pd.NaT]),
        lambda: cal.add_many([pd.NaT], H),
    ]
    for query in queries:
        with pytest.raises(ServiceModelError, match="NaT"):
            query()


def test_nat_is_called_a_missing_instant_not_a_naive_one() -> None:
    # "attach a time zone" is no help for a missing value: the message says what NaT is.
    cal = kinds()[0]
    with pytest.raises(NaiveDatetimeError, match="got NaT, a missing instant") as caught:
        cal.is_open(pd.NaT)
    assert "time zone" not in str(caught.value)


@pytest.mark.parametrize("cal", kinds(), ids=["table", "always", "combined", "history"])
@pytest.mark.parametrize("bad", [pd.NaT, float("nan"), float("inf"), 5, None])
def test_a_duration_that_is_not_a_timedelta_is_named(cal: Any, bad: Any) -> None:
    # NaT used to be reported as an answer outside the supported range (table calendar) or
    # as a bare ValueError (24/7 calendar's sub).
    for query in (lambda: cal.add(MONDAY, bad), lambda: cal.sub(MONDAY, bad)):
        with pytest.raises(InputTypeError, match=r"d: expected a timedelta, got \w+ "):
            query()
    for query in (lambda: cal.add_many([MONDAY], [bad]), lambda: cal.add_many([MONDAY], bad)):
        with pytest.raises(InputTypeError, match="durations: expected"):
            query()


@pytest.mark.parametrize("cal", kinds(), ids=["table", "always", "combined", "history"])
def test_a_bad_instant_is_not_blamed_on_the_duration(cal: Any) -> None:
    # A combined calendar or history used to say "d: expected a timedelta" for a bad ``t``.
    with pytest.raises(InputTypeError, match="t: expected an aware datetime, got str"):
        cal.add("2026-01-05T10:00:00Z", H)
    with pytest.raises(InputTypeError, match="t: expected an aware datetime, got str"):
        cal.sub("2026-01-05T10:00:00Z", H)
    with pytest.raises(NaiveDatetimeError, match="t: naive datetime"):
        cal.add(datetime(2026, 1, 5), H)


@pytest.mark.parametrize("cal", kinds(), ids=["table", "always", "combined", "history"])
@pytest.mark.parametrize("d", [timedelta.max, timedelta.min, timedelta(days=10**8)])
def test_columns_with_huge_durations_raise_the_scalar_error(cal: Any, d: timedelta) -> None:
    # A timedelta holds more microseconds than int64: add_many used to raise OverflowError.
    with pytest.raises(OutOfRangeError, match="lies outside the supported range") as scalar:
        cal.add(MONDAY, d)
    with pytest.raises(OutOfRangeError) as column:
        cal.add_many([MONDAY], [d])
    assert str(column.value) == str(scalar.value)
    with pytest.raises(OutOfRangeError):
        cal.add_many([MONDAY], d)


def test_an_answer_past_the_range_names_the_instant_asked_about() -> None:
    history = ScheduleHistory([(None, BusinessCalendar.always())])
    with pytest.raises(OutOfRangeError, match="t: the answer for 9998-12-30T00:00:00"):
        history.next_close(datetime(9998, 12, 30, tzinfo=UTC))


# -- DST cases worked by hand ------------------------------------------------------------------


def test_lord_howe_half_hour_shift() -> None:
    # Lord Howe moves between +10:30 and +11:00 at 02:00 local: on 4 October 2026 02:00-02:30
    # does not exist; on 5 April 2026 01:30-02:00 happens twice. (The changes are read from
    # the zone data in use, see _zones: these while the data have them.)
    forward = change_like("Australia/Lord_Howe", LORD_HOWE_FORWARD_2026)
    cal = BusinessCalendar.weekly("Australia/Lord_Howe", opening_around(forward, 15 * M, 45 * M))
    october = forward.at - timedelta(days=1)
    # 01:45+10:30 to 02:45+11:00: 15:15 to 15:45 UTC.
    assert cal.open_intervals(october, october + timedelta(days=2)) == [
        (forward.at - 15 * M, forward.at + 45 * M - (forward.after - forward.before))
    ]
    back = change_like("Australia/Lord_Howe", LORD_HOWE_BACK_2026)
    cal = BusinessCalendar.weekly("Australia/Lord_Howe", opening_around(back, 15 * M, 45 * M))
    april = back.at - timedelta(hours=15)
    # 01:45 is taken at its first occurrence (+11:00), 02:45 comes after the repeat (+10:30):
    # 90 minutes from 14:45 UTC.
    assert cal.elapsed(april, april + timedelta(days=2)) == 60 * M + (back.before - back.after)
    assert utc(cal.next_open(april)) == back.at - 15 * M


def _saturday_22(change: Change) -> datetime:
    """22:00 on the evening before the day of ``change``, at the offset before it, in UTC."""
    day = change.wall_before.date() - timedelta(days=1)
    return datetime(day.year, day.month, day.day, 22, tzinfo=UTC) - change.before


def test_chatham_night_shift_across_both_changes() -> None:
    # Chatham is +12:45 in winter, +13:45 in summer; it changes at 02:45 standard time, early
    # on a Sunday (2026-09-27 and 2026-04-05, or the changes the zone data in use give).
    forward = change_like("Pacific/Chatham", CHATHAM_FORWARD_2026)
    back = change_like("Pacific/Chatham", CHATHAM_BACK_2026)
    for change in (forward, back):
        assert change.wall_before.hour < 6, f"{change}: not in a night shift ending at 06:00"
    night = {WEEKDAYS[forward.wall_before.weekday() - 1]: "22:00-06:00"}
    cal = BusinessCalendar.weekly("Pacific/Chatham", night)
    spring = _saturday_22(forward)  # 09:15 UTC on 2026-09-26
    # 22:00 +12:45 to 06:00 +13:45: 7 hours.
    assert cal.next_close(spring) == spring + 8 * H - (forward.after - forward.before)
    night = {WEEKDAYS[back.wall_before.weekday() - 1]: "22:00-06:00"}
    cal = BusinessCalendar.weekly("Pacific/Chatham", night)
    autumn = _saturday_22(back)  # 08:15 UTC on 2026-04-04
    assert cal.is_open(autumn)
    assert not cal.is_open(autumn - US)
    # 22:00 +13:45 to 06:00 +12:45: 9 hours.
    assert cal.elapsed(autumn, autumn + timedelta(days=1)) == 8 * H + (back.before - back.after)
    kolkata = BusinessCalendar.weekly("Asia/Kolkata", {"sat": "22:00-06:00"})
    sat = datetime(2026, 4, 4, 12, tzinfo=UTC)
    assert kolkata.elapsed(sat, sat + timedelta(days=1)) == 8 * H


def test_a_holiday_on_the_day_new_york_springs_forward() -> None:
    hours = {"sat": "22:00-06:00", "sun": "00:00-24:00"}
    open_day = BusinessCalendar.weekly("America/New_York", hours)
    holiday = BusinessCalendar.weekly("America/New_York", hours, holidays=["2026-03-08"])
    sat = datetime(2026, 3, 7, 17, tzinfo=UTC)
    week = sat + timedelta(days=2)
    # Saturday's night shift still runs (it starts on Saturday): 22:00 EST to 06:00 EDT, 7 h;
    # Sunday's own 23-hour day does not start.
    assert holiday.elapsed(sat, week) == 7 * H
    assert open_day.elapsed(sat, week) == 2 * H + 23 * H
    due = holiday.add(sat, 7 * H)  # runs out at the close: the next opening, a week later
    assert utc(due) == datetime(2026, 3, 15, 2, tzinfo=UTC)  # Sat 14 Mar 22:00 EDT


def test_a_half_day_before_a_holiday_is_an_override() -> None:
    cal = BusinessCalendar.weekly(
        "Europe/London",
        {"mon-fri": "09:00-17:00"},
        holidays=["2026-12-25"],
        overrides={"2026-12-24": "09:00-12:00"},
    )
    thu = datetime(2026, 12, 24, 11, tzinfo=UTC)
    assert cal.add(thu, H) == datetime(2026, 12, 28, 9, tzinfo=UTC)  # 12:00 closes: Monday
    assert cal.elapsed(thu, datetime(2026, 12, 28, 10, tzinfo=UTC)) == 2 * H


def test_far_years_and_the_edges_of_a_span() -> None:
    cal = BusinessCalendar.weekly("America/New_York", {"mon-sun": "22:00-06:00"})
    ny = ZoneInfo("America/New_York")
    for year in (1970, 2038, 2100):
        start = datetime(year, 6, 1, 22, tzinfo=ny)
        assert cal.is_open(start)
        assert not cal.is_open(start - US)
        close = start + timedelta(hours=8)
        assert utc(cal.next_close(start)) == utc(close)
        assert cal.add(start, 8 * H) == datetime(year, 6, 2, 22, tzinfo=ny)
        assert cal.add(start, timedelta(0)) == start
        assert cal.sub(close, 8 * H) == start.astimezone(ny)
        assert cal.elapsed(close, start) == -8 * H


# -- the laws, over calendars built from calendars ---------------------------------------------

cals = calendars(allow_holidays=False)


@st.composite
def derived(draw: Any) -> Any:
    a, b = draw(cals), draw(cals)
    kind = draw(st.sampled_from(["&", "|", "-", "history"]))
    if kind == "history":
        since = draw(instants())
        return ScheduleHistory([(None, a), (since, b)])
    return {"&": a & b, "|": a | b, "-": a - b}[kind]


@settings(max_examples=60)
@given(st.data(), derived(), instants(), instants())
def test_deadline_law_on_combined_calendars_and_histories(
    data: st.DataObject, cal: Any, s: datetime, x: datetime
) -> None:
    s, x = sorted([s, x], key=utc)
    d = data.draw(durations(BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})))
    try:
        due = cal.add(s, d)
    except ServiceModelError:
        return  # an intersection or difference may have no open time for years
    assert (utc(x) <= utc(due)) == (cal.elapsed(s, x) <= d)
    assert cal.elapsed(s, due) == d
    assert cal.elapsed(s, utc(due) + US) > d


@settings(max_examples=60)
@given(derived(), instants(), instants(), instants())
def test_elapsed_on_combined_calendars_and_histories_is_additive(
    cal: Any, a: datetime, b: datetime, c: datetime
) -> None:
    assert cal.elapsed(a, b) + cal.elapsed(b, c) == cal.elapsed(a, c)
    assert cal.elapsed(b, a) == -cal.elapsed(a, b)
    lo, hi = sorted([a, b], key=utc)
    assert timedelta(0) <= cal.elapsed(lo, hi) <= utc(hi) - utc(lo)


@settings(max_examples=60)
@given(st.data(), derived(), instants(), instants())
def test_add_on_combined_calendars_and_histories_is_monotone(
    data: st.DataObject, cal: Any, t1: datetime, t2: datetime
) -> None:
    unit = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    d1, d2 = sorted([data.draw(durations(unit)), data.draw(durations(unit))])
    t1, t2 = sorted([t1, t2], key=utc)
    try:
        assert utc(cal.add(t1, d1)) <= utc(cal.add(t2, d1))
        assert utc(cal.add(t1, d1)) <= utc(cal.add(t1, d2))
        assert utc(cal.sub(t1, d2)) <= utc(cal.sub(t1, d1))
    except ServiceModelError:
        return  # no open time for years in that direction


# -- values built in code, not read from configuration -----------------------------------------


@pytest.mark.parametrize(
    ("hours", "overrides"),
    [
        (((540, 600),) * 7, ()),  # a day given as one span, not a tuple of spans
        ((((540.0, 600),),) * 7, ()),
        (((),) * 7, ((date(2026, 1, 1), (5,)),)),
    ],
)
def test_spans_of_the_wrong_shape_are_a_config_error(hours: Any, overrides: Any) -> None:
    # They used to fail with a bare TypeError while being unpacked.
    with pytest.raises(ConfigError, match="expected a tuple of \\(start, end\\) minute pairs"):
        BusinessCalendar(ZoneInfo("UTC"), hours, overrides=overrides)


@pytest.mark.parametrize("source", [CountryHolidays("XX"), CountryHolidays("US", subdiv="ZZ")])
def test_an_unknown_country_built_in_code_is_named_at_its_first_query(
    source: CountryHolidays,
) -> None:
    # from_dict checks the country when it reads it; one built in code used to fail with the
    # holidays package's NotImplementedError at the first query.
    cal = BusinessCalendar(ZoneInfo("UTC"), (((540, 1020),),) * 7, holiday_rules=(source,))
    with pytest.raises(ConfigError, match=f"{source.country}"):
        cal.is_open(MONDAY)


def test_next_close_of_a_calendar_that_never_opens_or_does_not_close_for_years() -> None:
    # As docs/calendars.md says: with no open time every instant is closed, so next_close(t)
    # is t; open around the clock with the next holiday years away, it is a CalendarError.
    never = BusinessCalendar.weekly("UTC", {})
    assert never.next_close(MONDAY) == MONDAY
    with pytest.raises(CalendarError, match="no open time"):
        never.next_open(MONDAY)
    far = BusinessCalendar.weekly("UTC", {"mon-sun": "00:00-24:00"}, holidays=["2040-01-01"])
    with pytest.raises(CalendarError, match="never closes in 8 years"):
        far.next_close(MONDAY)
    eve = datetime(2039, 12, 31, 12, tzinfo=UTC)
    assert far.next_close(eve) == datetime(2040, 1, 1, tzinfo=UTC)


def test_derived_calendars_serve_time_kpis_and_sla_policies() -> None:
    # As docs/calendars.md says: CalendarLike wherever the library takes a calendar, SLA
    # policies, targets and calendar selectors included; anything else is refused by name.
    from servicemodel.kpi import FirstReplyTime
    from servicemodel.sla import CalendarSelector, SLAPolicy, Target

    history = ScheduleHistory([(None, NINE_TO_FIVE), (MONDAY, BusinessCalendar.always())])
    assert FirstReplyTime(calendar=history).calendar is history
    reply = Target("first_reply", "1h", calendar=NINE_TO_FIVE | NINE_TO_FIVE)
    assert reply.calendar == NINE_TO_FIVE | NINE_TO_FIVE
    assert SLAPolicy("p", {"normal": [reply]}, calendar=history).calendar is history
    assert CalendarSelector("channel", {"chat": history}).calendars["chat"] is history
    with pytest.raises(InputTypeError, match=r"^calendar: expected a BusinessCalendar .*str '9-5'"):
        SLAPolicy("p", {"normal": [reply]}, calendar="9-5")
    with pytest.raises(InputTypeError, match=r"^calendar: expected a BusinessCalendar .*int 7"):
        Target("first_reply", "1h", calendar=7)
    with pytest.raises(InputTypeError, match=r"got type <class '.*BusinessCalendar'>"):
        SLAPolicy("p", {}, calendar=BusinessCalendar)  # the class, not a calendar
