"""Drawn combined calendars, schedule histories, holiday rules and calendar selectors.

Each drawn value is taken by the functions that use it: a combined calendar is open exactly
where its operation of its operands' open times says, and keeps the deadline rule of every
calendar; a schedule history is open where the version in force is; a holiday rule closes a
calendar on its dates and survives the calendar's file; a selector picks a policy's calendar.
Each strategy shrinks to its simplest value and refuses a wrong option by name.
"""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import servicemodel.strategies as sms
from servicemodel.calendar import (
    BusinessCalendar,
    CombinedCalendar,
    RRuleHolidays,
    ScheduleHistory,
    intersection,
)
from servicemodel.errors import CalendarError, ConfigError, InputTypeError
from servicemodel.model import TicketHistory
from servicemodel.simulate import SupportDesk, simulate
from servicemodel.sla import CalendarSelector, Metric, SLAPolicy, Target, evaluate

_FEW = settings(max_examples=30, deadline=None)
_FIND = settings(derandomize=True, database=None, max_examples=200, deadline=None)
_T0 = datetime(2026, 1, 1, tzinfo=UTC)
_WHEN = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2027, 2, 1), timezones=st.just(UTC)
)
_SMALL = sms.calendars(zones=["UTC", "Europe/Berlin", "Australia/Lord_Howe"])


def _open(cal: Any, t: datetime) -> bool:
    if isinstance(cal, CombinedCalendar):
        flags = [_open(c, t) for c in cal.operands]
        if cal.op == "intersection":
            return all(flags)
        if cal.op == "union":
            return any(flags)
        return flags[0] and not flags[1]
    return bool(cal.is_open(t))


@_FEW
@given(sms.combined_calendars(calendars=_SMALL), st.lists(_WHEN, min_size=1, max_size=5))
def test_a_drawn_combination_is_open_where_its_operands_say(
    cal: CombinedCalendar, instants: list[datetime]
) -> None:
    for t in instants:
        assert cal.is_open(t) == _open(cal, t)


@_FEW
@given(
    sms.combined_calendars(calendars=_SMALL),
    _WHEN,
    st.integers(1, 60 * 24 * 14).map(lambda m: timedelta(minutes=m)),
    _WHEN,
)
def test_a_drawn_combination_keeps_the_deadline_rule(
    cal: CombinedCalendar, start: datetime, target: timedelta, t: datetime
) -> None:
    # t <= add(start, target) exactly when elapsed(start, t) <= target (for t after start).
    try:
        due = cal.add(start, target)
    except CalendarError:
        return  # never open again (a - a, disjoint hours): said so by name
    if t >= start:
        assert (t <= due) == (cal.elapsed(start, t) <= target)
    assert cal.elapsed(start, due) == target


@settings(max_examples=15, deadline=None)
@given(sms.combined_calendars(calendars=_SMALL))
def test_a_drawn_combination_pickles(cal: CombinedCalendar) -> None:
    assert pickle.loads(pickle.dumps(cal)) == cal


@settings(max_examples=15, deadline=None)
@given(sms.combined_calendars(calendars=_SMALL, ops=["union"], nested=False))
def test_a_drawn_union_staffs_a_desk(cal: CombinedCalendar) -> None:
    # A union of calendars with hours is open some time; an intersection or a difference may
    # never be, which simulate refuses with a CalendarError (after searching eight years).
    desk = SupportDesk(1, 4, 300, calendar=cal)
    run = simulate(desk, _T0, _T0 + timedelta(hours=6), seed=2, drain=False)
    summary = run.summary()
    assert len(run.contacts()) == summary.offered + summary.censored
    assert summary.offered == summary.answered + summary.abandoned


@_FEW
@given(sms.schedule_histories(calendars=_SMALL), st.lists(_WHEN, min_size=1, max_size=5))
def test_a_drawn_history_is_open_where_the_version_in_force_is(
    history: ScheduleHistory, instants: list[datetime]
) -> None:
    for t in instants:
        in_force = [cal for since, cal in history.versions if since is None or since <= t]
        assert history.is_open(t) == (bool(in_force) and in_force[-1].is_open(t))
    assert ScheduleHistory.from_dict(history.to_dict()) == history
    assert pickle.loads(pickle.dumps(history)) == history


@_FEW
@given(sms.holiday_rules(min_date=date(2025, 1, 1), max_date=date(2026, 6, 30)))
def test_a_drawn_rule_closes_a_calendar_on_its_dates(rule: RRuleHolidays) -> None:
    cal = BusinessCalendar.weekly("UTC", {"mon-sun": "09:00-17:00"}, holidays=[rule])
    assert BusinessCalendar.from_dict(cal.to_dict()) == cal
    for day in sorted(rule.dates_in(2026))[:5]:
        assert not cal.is_open(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))


@_FEW
@given(sms.calendar_selectors(), sms.histories(max_events=4))
def test_a_drawn_selector_picks_a_policys_calendar(
    selector: CalendarSelector, history: TicketHistory
) -> None:
    policy = SLAPolicy("p", {"normal": [Target(Metric.FIRST_REPLY, "1h")]}, calendar_from=selector)
    assert SLAPolicy.from_dict(policy.to_dict()) == policy
    try:
        name = selector.name_for(history.ticket)
    except ConfigError as err:  # a name the selector has no calendar for, said so
        assert "which is not one of" in str(err)  # noqa: PT017
        return
    assert name is None or name in selector.names
    evaluate(policy, history)


_OFFICE = [BusinessCalendar.always(), BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})]


def test_the_strategies_shrink_to_their_simplest_value() -> None:
    # Leaves from a list: shrinking calendars() itself takes seconds (its own tests pin it).
    leaves = st.sampled_from(_OFFICE)
    cal = find(sms.combined_calendars(calendars=leaves), lambda c: True, settings=_FIND)
    assert cal == intersection(_OFFICE[0], _OFFICE[0])
    history = find(sms.schedule_histories(calendars=leaves), lambda h: True, settings=_FIND)
    assert history == ScheduleHistory([(None, _OFFICE[0])])
    rule = find(sms.holiday_rules(), lambda r: True, settings=_FIND)
    assert rule == RRuleHolidays(
        "DTSTART:20180101T000000\nRRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1"
    )
    selector = find(sms.calendar_selectors(), lambda s: True, settings=_FIND)
    assert selector == CalendarSelector("attr:region", {"emea": BusinessCalendar.always()})


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: sms.combined_calendars(ops=["xor"]), ConfigError, "ops holds 'xor'"),
        (lambda: sms.combined_calendars(max_operands=1), ConfigError, "max_operands"),
        (lambda: sms.combined_calendars(nested="yes"), InputTypeError, "nested"),
        (lambda: sms.combined_calendars(calendars=1), InputTypeError, "calendars"),
        (lambda: sms.schedule_histories(max_versions=0), ConfigError, "max_versions"),
        (
            lambda: sms.holiday_rules(min_date=date(2030, 1, 1), max_date=date(2020, 1, 1)),
            ConfigError,
            "holiday_rules: min_date datetime.date\\(2030, 1, 1\\) is above max_date",
        ),
        (
            lambda: sms.holiday_rules(min_date=datetime(2020, 1, 1)),
            InputTypeError,
            "holiday_rules: min_date must be a date",
        ),
        (lambda: sms.calendar_selectors(calendars="24/7"), InputTypeError, "calendars"),
    ],
)
def test_a_wrong_option_names_the_strategy(call: Any, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        call()


@pytest.mark.parametrize(
    ("strategy", "words"),
    [
        (lambda: sms.combined_calendars(calendars=st.just(1)), "combined_calendars: calendars"),
        (lambda: sms.schedule_histories(calendars=st.just("x")), "schedule_histories: calendars"),
        (lambda: sms.calendar_selectors(calendars=st.just(1)), "calendar_selectors: calendars"),
    ],
)
def test_a_calendars_option_that_draws_no_calendar_names_the_strategy(
    strategy: Any, words: str
) -> None:
    with pytest.raises(InputTypeError, match=words):
        find(strategy(), lambda _: True, settings=settings(database=None))
