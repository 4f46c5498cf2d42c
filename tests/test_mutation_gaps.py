"""Regressions that kill mutants the rest of the suite let survive (issue 11, mutation testing).

Each test names the mutant it was written for (see mutation/README.md: the operator and the
line it changes); expected values are worked out by hand. Two real bugs turned up while
reading surviving mutants (``nps_interval`` and ``wilson_interval`` took ``True`` as a count);
they are fixed and their tests below guard them.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from servicemodel.calendar import BusinessCalendar, CountryHolidays
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    OutOfRangeError,
)
from servicemodel.kpi import (
    Estimate,
    compare,
    mean_estimate,
    nps_interval,
    proportion,
    t_quantile,
    wilson_interval,
    z_for_level,
)
from servicemodel.kpi._intervals import check_level, order_statistic_ranks
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    PriorityChange,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import Metric, SLAPolicy, Target, evaluate

H = timedelta(hours=1)
M = timedelta(minutes=1)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


# -- calendar engine ----------------------------------------------------------------------------


def test_adjacent_overnight_spans_merge_so_next_close_is_closed() -> None:
    # Mutant: `a <= self.ends[-1]` -> `a < ...` in Chunk: spans that touch stay apart, so
    # next_close stops at Tuesday 00:00, an instant that is still open.
    cal = BusinessCalendar.weekly("UTC", {"mon": "22:00-24:00", "tue": "00:00-06:00"})
    close = cal.next_close(utc(2026, 1, 5, 23))  # 2026-01-05 is a Monday
    assert close == utc(2026, 1, 6, 6)
    assert not cal.is_open(close)
    # The same through a local zone, where the join is not at UTC midnight.
    berlin = BusinessCalendar.weekly("Europe/Berlin", {"mon": "22:00-24:00", "tue": "00:00-06:00"})
    close = berlin.next_close(utc(2026, 1, 5, 22))
    assert close == utc(2026, 1, 6, 5)
    assert not berlin.is_open(close)


def _closed(since: str, until: str) -> BusinessCalendar:
    rule = f"DTSTART:{since}T000000\nRRULE:FREQ=DAILY;UNTIL={until}T000000"
    return BusinessCalendar.from_dict(
        {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}, "holidays": [{"rrule": rule}]}
    )


@pytest.mark.parametrize(
    ("t", "d", "expected"),
    [
        (utc(2025, 12, 31, 16), 2 * H, utc(2033, 1, 3, 10)),  # forward over 2026..2032
        (utc(2033, 1, 3, 10), -2 * H, utc(2025, 12, 31, 16)),  # backward over the same
    ],
)
def test_a_search_crosses_seven_closed_years(t: datetime, d: timedelta, expected: datetime) -> None:
    # Mutants: `empty_run > MAX_EMPTY_YEARS` -> `>=`, and locate's `empty_run = 0` -> 1.
    # Leaving an open year counts as the first step of an empty run, so seven whole closed
    # years between two open ones are the most a search crosses.
    assert _closed("20260101", "20321231").add(t, d) == expected


@pytest.mark.parametrize(
    ("t", "d"),
    [(utc(2025, 12, 31, 16), 2 * H), (utc(2034, 1, 2, 10), -2 * H)],
    ids=["forward", "backward"],
)
def test_a_search_gives_up_at_eight_closed_years(t: datetime, d: timedelta) -> None:
    # Mutant: MAX_EMPTY_YEARS 8 -> 9 (the search would reach 2034 / 2025).
    with pytest.raises(CalendarError, match="no open time in 8 years"):
        _closed("20260101", "20331231").add(t, d)


def test_a_search_that_starts_in_a_closed_year_counts_it() -> None:
    assert _closed("20260101", "20331231").next_open(utc(2026, 1, 1)) == utc(2034, 1, 2, 9)
    with pytest.raises(CalendarError, match="no open time in 8 years"):
        _closed("20260101", "20341231").next_open(utc(2026, 1, 1))


def test_an_override_only_calendar_is_searched_to_its_overrides_from_far_away() -> None:
    # Mutants: `if not any(weekly):` -> `if False:` and dropping first_year/last_year: the
    # search then falls back to the 8-empty-years rule and gives up before reaching 2026.
    cal = BusinessCalendar.from_dict({"tz": "UTC", "overrides": {"2026-03-02": ["09:00-17:00"]}})
    assert cal.next_open(utc(2010, 1, 1)) == utc(2026, 3, 2, 9)
    assert cal.add(utc(2045, 1, 1), -H) == utc(2026, 3, 2, 16)
    with pytest.raises(CalendarError, match="in that direction"):
        cal.next_open(utc(2026, 3, 3))
    with pytest.raises(CalendarError, match="in that direction"):
        cal.add(utc(2026, 3, 1), -H)
    with pytest.raises(CalendarError, match="no weekly hours, no override hours"):
        BusinessCalendar.from_dict({"tz": "UTC"}).next_open(utc(2026, 1, 1))


def test_open_intervals_in_the_last_supported_year() -> None:
    # Mutant: `range(ya, yb + 1)` -> `yb + 2` in intervals: it would build the table of the
    # year after the last supported one.
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    a = datetime(9998, 12, 1, tzinfo=UTC)  # a Wednesday
    spans = cal.open_intervals(a, a + timedelta(days=1))
    assert spans == [(a.replace(hour=9), a.replace(hour=17))]


def test_an_instant_a_day_before_the_range_is_refused_not_answered() -> None:
    # Mutant: chunk_at's range check off: 0002-01-01 12:00 UTC lies in year 2's table but
    # before the supported range (0002-01-02), and would be answered "closed".
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    with pytest.raises(OutOfRangeError, match="t: 0002-01-01T12:00:00"):
        cal.is_open(datetime(2, 1, 1, 12, tzinfo=UTC))


def test_a_query_may_span_exactly_two_hundred_years() -> None:
    # Mutant: `yb - ya > MAX_SPAN_YEARS` -> `>=`.
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    assert cal.elapsed(utc(2026, 1, 1), utc(2226, 1, 1)) > timedelta(days=17_000)
    with pytest.raises(CalendarError, match="at most 200 years"):
        cal.elapsed(utc(2026, 1, 1), utc(2227, 1, 1))


@pytest.mark.parametrize(
    "cal",
    [BusinessCalendar.always(), BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})],
    ids=["always", "weekly"],
)
def test_add_from_outside_the_range_names_the_instant(cal: BusinessCalendar) -> None:
    # Mutants: dropping `require_instant(t, "t")` in add's range errors (both branches): the
    # error would blame the result instead of naming the bad start.
    with pytest.raises(OutOfRangeError, match="t: 0001-01-01T00:00:00"):
        cal.add(datetime(1, 1, 1, tzinfo=UTC), H)


def test_an_override_only_calendar_searches_back_to_its_earliest_override() -> None:
    # Mutant: `min(open_years)` -> `max(...)`: the backward limit would stop at the latest
    # override's year, so the 2026 override could not be reached from 2030.
    cal = BusinessCalendar.from_dict(
        {"tz": "UTC", "overrides": {"2026-03-02": ["09:00-17:00"], "2030-03-04": ["09:00-17:00"]}}
    )
    assert cal.add(utc(2030, 3, 4, 8), -H) == utc(2026, 3, 2, 16)
    assert cal.add(utc(2026, 3, 3, 8), H) == utc(2030, 3, 4, 10)


def test_the_first_and_last_supported_years_have_tables() -> None:
    # Mutant: MIN_YEAR 2 -> 3. Year 2 is the first year the calendar supports.
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    assert not cal.is_open(datetime(2, 6, 1, 12, tzinfo=UTC))  # a Saturday
    assert cal.next_open(datetime(2, 6, 2, 18, tzinfo=UTC)) == datetime(2, 6, 3, 9, tzinfo=UTC)
    assert cal.elapsed(datetime(2, 1, 2, tzinfo=UTC), datetime(2, 1, 9, tzinfo=UTC)) == 40 * H
    late = datetime(9998, 12, 1, 12, tzinfo=UTC)  # a Wednesday
    assert cal.add(late, 8 * H) == datetime(9998, 12, 2, 12, tzinfo=UTC)


def test_an_instant_whose_year_guess_is_too_high_finds_its_year() -> None:
    # Mutant: `y -= 1` -> `y += 1` in year_of. The guess divides by the mean Gregorian year,
    # which puts the last hours of 2025 (UTC) in 2026; a fresh calendar must walk back.
    late = utc(2025, 12, 31, 20)  # a Wednesday
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    assert not cal.is_open(late)
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    assert cal.next_open(late) == utc(2026, 1, 1, 9)
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    assert cal.elapsed(late, utc(2026, 1, 2)) == 8 * H


def test_an_overnight_override_on_new_years_eve_is_reached_across_the_year() -> None:
    # Mutant: `year > limit` -> `>=` in the forward check: the search may not enter the year
    # after the last override, where this override's second half lies.
    cal = BusinessCalendar.from_dict({"tz": "UTC", "overrides": {"2026-12-31": ["22:00-06:00"]}})
    assert cal.add(utc(2026, 12, 31, 23), 2 * H) == utc(2027, 1, 1, 1)
    assert cal.add(utc(2027, 1, 1, 5), -3 * H) == utc(2027, 1, 1, 2)
    assert cal.add(utc(2027, 1, 1, 5), -6 * H) == utc(2026, 12, 31, 23)


def test_a_calendar_that_never_closes_says_so() -> None:
    # Mutant: dropping the `raise` in next_close: the walk would run to the end of the range.
    cal = BusinessCalendar.weekly("UTC", {"mon-sun": "00:00-24:00"}, holidays=["2000-01-03"])
    assert not cal.is_always_open
    with pytest.raises(CalendarError, match="never closes in 8 years"):
        cal.next_close(utc(2026, 3, 1))


def test_open_intervals_reaches_one_microsecond_into_the_next_year() -> None:
    # Mutant: `chunk_at(b - 1)` -> `b - 2`: the year of the last instant of [a, b) is missed.
    us = timedelta(microseconds=1)
    cal = BusinessCalendar.weekly("UTC", {"mon-sun": "00:00-24:00"}, holidays=["2000-01-03"])
    end = utc(2027, 1, 1) + us
    assert cal.open_intervals(utc(2026, 12, 31, 23), end) == [(utc(2026, 12, 31, 23), end)]


def test_a_used_calendar_still_equals_and_hashes_like_a_fresh_one() -> None:
    # Mutants: `eq=False` / `hash=False` -> True on the private table cache.
    used = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    fresh = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    assert used.is_open(utc(2026, 1, 5, 10))
    assert used == fresh
    assert hash(used) == hash(fresh)
    assert len({used, fresh}) == 1


def test_an_always_open_calendar_says_why_it_never_closes() -> None:
    # Mutant: `if self._always:` -> `if False:` in next_close (the table walk would give up
    # with the generic "never closes in 8 years").
    with pytest.raises(CalendarError, match="always-open calendar never closes"):
        BusinessCalendar.always().next_close(utc(2026, 3, 1))


def test_add_to_a_naive_datetime_names_the_instant() -> None:
    # Mutant: dropping `require_aware(t, "t")` in add: the error would blame `d` instead.
    with pytest.raises(NaiveDatetimeError):
        BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}).add(datetime(2026, 1, 5), H)
    with pytest.raises(InputTypeError, match="d: expected a timedelta"):
        BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}).add(utc(2026, 1, 5), 3600)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "hours", [[()] * 7, ((),) * 6, ((),) * 8], ids=["list", "six-days", "eight-days"]
)
def test_hours_must_be_a_tuple_of_seven_days(hours: Any) -> None:
    # Mutant: `isinstance(value, tuple) and len(value) == 7` -> `or`.
    with pytest.raises(ConfigError, match="expected 7 tuples"):
        BusinessCalendar(ZoneInfo("UTC"), hours)


@pytest.mark.parametrize(
    ("entry", "observed"),
    [
        ({"country": "US"}, True),
        ({"country": "US", "observed": False}, False),
        ({"country": "DE", "subdiv": "BY", "observed": False}, False),
    ],
)
def test_country_holidays_round_trip_observed_and_subdiv(
    entry: dict[str, Any], observed: bool
) -> None:
    # Mutants: dropping `entry["observed"] = False` / `entry["subdiv"] = ...` in to_dict.
    cal = BusinessCalendar.from_dict({"tz": "UTC", "holidays": [entry]})
    (rule,) = cal.holiday_rules
    assert isinstance(rule, CountryHolidays)
    assert rule.observed is observed
    assert cal.to_dict()["holidays"] == [entry]
    assert BusinessCalendar.from_dict(cal.to_dict()) == cal


def test_observed_false_changes_the_open_time() -> None:
    # 2027-12-25 is a Saturday: observed US Christmas falls on Friday 24 December.
    hours = {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}}
    observed = BusinessCalendar.from_dict({**hours, "holidays": [{"country": "US"}]})
    actual = BusinessCalendar.from_dict(
        {**hours, "holidays": [{"country": "US", "observed": False}]}
    )
    friday = utc(2027, 12, 24, 12)
    assert not observed.is_open(friday)
    assert actual.is_open(friday)
    assert BusinessCalendar.from_dict(actual.to_dict()).is_open(friday)


# -- SLA engine ---------------------------------------------------------------------------------


def _history(t0: datetime, *events: Any) -> TicketHistory:
    return TicketHistory(Ticket("T-1", t0), list(events))


def _resolution(policy: SLAPolicy, h: TicketHistory, **kw: Any) -> Any:
    (m,) = [m for m in evaluate(policy, h, **kw) if m.metric is Metric.RESOLUTION]
    return m


def test_a_budget_that_runs_out_exactly_at_a_pause_is_due_when_the_clock_resumes() -> None:
    # Mutant: `got > remaining` -> `>=` in clock_add: the deadline would land at the start of
    # the pause instead of the moment the clock counts again.
    p = SLAPolicy("p", {"normal": [Target("resolution", "1h", business=False)]})
    t0 = utc(2026, 3, 2, 9)
    h = _history(
        t0,
        StatusChange("p", t0 + H, status="pending"),
        StatusChange("o", t0 + 3 * H, status="open"),
        StatusChange("s", t0 + 3 * H + 30 * M, status="solved"),
    )
    m = _resolution(p, h)
    assert (m.state, m.due_at, m.breached_at) == ("breached", t0 + 3 * H, t0 + 3 * H)
    assert m.elapsed == 90 * M
    live = _resolution(p, h, at=t0 + 2 * H)
    assert (live.state, live.due_at, live.elapsed) == ("paused", None, H)
    # Solved the moment it resumes: exactly on the deadline, so achieved.
    on_time = _history(
        t0,
        StatusChange("p", t0 + H, status="pending"),
        StatusChange("s", t0 + 3 * H, status="solved"),
    )
    m = _resolution(
        SLAPolicy("p", {"normal": [Target("resolution", "1h", business=False)]}), on_time
    )
    assert m.elapsed == H
    assert m.state == "achieved"


def test_a_clock_is_paused_by_the_status_in_force_at_the_horizon_not_a_later_one() -> None:
    # Mutant: dropping the `break` at the horizon in _running_intervals: the status in force
    # would be the history's last one (here open), so a paused clock would look active.
    p = SLAPolicy("p", {"normal": [Target("resolution", "4h", business=False)]})
    t0 = utc(2026, 3, 2, 9)
    h = _history(
        t0,
        StatusChange("p", t0 + H, status="pending"),
        StatusChange("o", t0 + 3 * H, status="open"),
    )
    live = _resolution(p, h, at=t0 + 2 * H)
    assert (live.state, live.due_at, live.elapsed) == ("paused", None, H)
    later = _resolution(p, h, at=t0 + 4 * H)
    assert (later.state, later.due_at, later.elapsed) == ("active", t0 + 6 * H, 2 * H)


def test_a_business_budget_that_runs_out_at_a_pause_is_due_at_the_next_open_running_instant() -> (
    None
):
    # The same boundary on a calendar: 1 h of Monday 16-17, then pending over the night.
    office = {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}}
    p = SLAPolicy.from_dict(
        {
            "name": "p",
            "calendar": office,
            "targets": {"normal": [{"metric": "resolution", "within": "1h"}]},
        }
    )
    t0 = utc(2026, 3, 2, 16)
    h = _history(
        t0,
        StatusChange("p", t0 + H, status="pending"),
        StatusChange("o", utc(2026, 3, 3, 11), status="open"),
    )
    m = _resolution(p, h, at=utc(2026, 3, 3, 12))
    assert (m.state, m.due_at, m.elapsed) == ("breached", utc(2026, 3, 3, 11), 2 * H)


def test_a_clock_stopped_while_paused_projects_its_deadline_past_the_pause() -> None:
    # Mutant: `intervals[-1][1] == at` -> `!=` in _open_end: the running interval that ended
    # at the pause would be stretched to the stop, counting the pending time.
    p = SLAPolicy("p", {"normal": [Target("resolution", "2h", business=False)]})
    t0 = utc(2026, 3, 2, 9)
    h = _history(
        t0,
        StatusChange("p", t0 + H, status="pending"),
        StatusChange("s", t0 + 5 * H, status="solved"),  # solved while pending
    )
    m = _resolution(p, h)
    assert (m.state, m.elapsed, m.due_at) == ("achieved", H, t0 + 6 * H)
    # A stopped clock keeps its projected spans (`stop is not None` -> `is` drops them).
    assert m.spans == ((t0, t0 + H), (t0 + 5 * H, None))


def test_a_priority_change_before_a_reply_clock_starts_sets_its_target() -> None:
    # Mutant: dropping `current = p` for changes at or before the clock's start: the
    # next_reply clock opened after the raise would keep the normal target.
    p = SLAPolicy(
        "p",
        {
            "normal": [Target("next_reply", "4h", business=False)],
            "urgent": [Target("next_reply", "1h", business=False)],
        },
    )
    t0 = utc(2026, 3, 2, 9)
    h = _history(
        t0,
        AgentReply("r1", t0 + H),
        PriorityChange("u", t0 + 2 * H, priority="urgent"),
        CustomerMessage("c", t0 + 3 * H),
        AgentReply("r2", t0 + 5 * H),
    )
    (m,) = evaluate(p, h)
    assert (m.metric, m.priority, m.state) == ("next_reply", "urgent", "breached")
    assert (m.due_at, m.elapsed) == (t0 + 4 * H, 2 * H)


def test_a_deadline_inside_an_earlier_running_stretch_is_found_there() -> None:
    # Mutant: `if got > remaining:` -> `if False:` in clock_add: the budget would be spent past
    # the first stretch and the deadline pushed back from the last one.
    p = SLAPolicy("p", {"normal": [Target("resolution", "1h", business=False)]})
    t0 = utc(2026, 3, 2, 9)
    h = _history(
        t0,
        StatusChange("p", t0 + 2 * H, status="pending"),
        StatusChange("o", t0 + 3 * H, status="open"),
        StatusChange("s", t0 + 4 * H, status="solved"),
    )
    m = _resolution(p, h)
    assert (m.state, m.due_at, m.breached_at, m.elapsed) == ("breached", t0 + H, t0 + H, 3 * H)


def test_first_reply_stops_at_the_reply_or_at_a_solve_before_any_reply() -> None:
    # Mutant: `self.first_stop is None` -> `is not None` when the ticket is resolved: the solve
    # would overwrite the reply's stop, and a solve before any reply would stop nothing.
    p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
    t0 = utc(2026, 3, 2, 9)
    replied = _history(t0, AgentReply("r", t0 + H), StatusChange("s", t0 + 2 * H, status="solved"))
    (m,) = evaluate(p, replied)
    assert (m.state, m.stopped_at, m.elapsed) == ("achieved", t0 + H, H)
    solved = _history(
        t0, StatusChange("s", t0 + 2 * H, status="solved"), AgentReply("r", t0 + 3 * H)
    )
    (m,) = evaluate(p, solved)
    assert (m.state, m.stopped_at, m.elapsed) == ("achieved", t0 + 2 * H, 2 * H)


def test_target_calendar_given_as_a_mapping_is_read_not_dropped() -> None:
    mapping = {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}}
    t = Target("first_reply", "1h", calendar=mapping)
    assert t.calendar == BusinessCalendar.from_dict(mapping)
    assert t.to_dict()["calendar"] == BusinessCalendar.from_dict(mapping).to_dict()
    # And it is the calendar the clock counts on: Friday 16:30 + 1 h is Monday 09:30.
    p = SLAPolicy("p", {"normal": [t]})
    t0 = utc(2026, 3, 6, 16, 30)
    (m,) = evaluate(p, _history(t0, AgentReply("r", utc(2026, 3, 9, 9, 15))))
    assert (m.due_at, m.state) == (utc(2026, 3, 9, 9, 30), "achieved")


# -- KPI estimators -----------------------------------------------------------------------------


# Student's t quantiles to 9 decimals (standard tables; R's qt gives the same digits).
T_TABLE = [
    (0.975, 1, 12.70620474),
    (0.975, 2, 4.30265273),
    (0.975, 3, 3.182446305),
    (0.975, 4, 2.776445105),
    (0.975, 5, 2.570581836),
    (0.975, 7, 2.364624252),
    (0.975, 10, 2.228138852),
    (0.975, 29, 2.045229642),
    (0.975, 30, 2.042272456),
    (0.975, 100, 1.983971519),
    (0.975, 1000, 1.962339081),
    (0.995, 3, 5.840909310),
    (0.995, 9, 3.249835542),
    (0.9, 6, 1.439755747),
    (0.025, 3, -3.182446305),
]


@pytest.mark.parametrize(("p", "df", "expected"), T_TABLE)
def test_t_quantile_matches_the_table(p: float, df: int, expected: float) -> None:
    # Mutants in _t_abs_cdf (odd/even df branches, the series) and in the Newton polish: the
    # doctest only checks df = 10, and the expansion alone is off in the 4th decimal at df = 3.
    assert t_quantile(p, df) == pytest.approx(expected, abs=1e-8)


@pytest.mark.parametrize(
    ("p", "df"), [(0, 5), (1, 5), (-0.1, 5), (0, 1), (1, 2), (0.5, 0), (0.5, True), (0.5, 2.0)]
)
def test_t_quantile_rejects_p_outside_zero_one_and_bad_df(p: float, df: Any) -> None:
    # Mutants: `0 < p < 1` -> `<=`, and dropping the `raise` for p. A df that is no int is an
    # InputTypeError; a number not allowed (p 0 or 1, df 0) a ConfigError.
    error = InputTypeError if type(df) is not int else ConfigError
    with pytest.raises(error):
        t_quantile(p, df)


def _exact_ranks(n: int, num: int, den: int, tail: Fraction) -> tuple[int | None, int | None]:
    """The order-statistic ranks by exact integer arithmetic, for q = num / den."""
    total = den**n
    weight = (den - num) ** n  # den**n * P(B = 0)
    cdf = []  # den**n * P(B <= k)
    running = 0
    for k in range(n + 1):
        running += weight
        cdf.append(running)
        weight = weight * (n - k) * num // ((k + 1) * (den - num)) if k < n else 0
    lower = max((r for r in range(1, n + 1) if cdf[r - 1] <= tail * total), default=None)
    upper = min((r for r in range(1, n + 1) if cdf[r - 1] >= (1 - tail) * total), default=None)
    return lower, upper


@pytest.mark.parametrize(("n", "num", "den"), [(3_000, 1, 2), (2_000, 9, 10), (1, 1, 100)])
def test_order_statistic_ranks_for_large_and_tiny_samples(n: int, num: int, den: int) -> None:
    # Mutants: the window `12 * sd` -> `12 / sd` (too narrow once n is large: the ranks lie
    # about 2 standard deviations out) and `n <= 0` -> `n <= 1` (one value has an upper rank
    # for a low quantile). The tail is 2.5 % up to the float rounding of 1 - 0.95.
    expected = _exact_ranks(n, num, den, Fraction(1, 40))
    assert order_statistic_ranks(n, num / den) == expected


@pytest.mark.parametrize(
    ("n", "q", "ranks"), [(10, 1.0, (10, None)), (10, 0.0, (None, 1)), (1, 1.0, (1, None))]
)
def test_order_statistic_ranks_of_the_extreme_quantiles(
    n: int, q: float, ranks: tuple[int | None, int | None]
) -> None:
    # Mutant: `q >= 1.0` -> `q >= 2.0` in the binomial window (log1p(-1) then fails). With
    # q = 1 every draw is below the quantile: B = n, so only the lower rank n exists.
    assert order_statistic_ranks(n, q) == ranks


def test_z_for_level_default_is_95_percent() -> None:
    # Mutant: the default level 0.95 -> 1.95.
    assert z_for_level() == pytest.approx(1.959963985, abs=1e-9)
    assert z_for_level(0.9) == pytest.approx(1.644853627, abs=1e-9)


@pytest.mark.parametrize("level", [0, 0.0, -0.5, 1, 1.5, 95, math.nan, math.inf])
def test_a_level_outside_zero_one_is_rejected(level: Any) -> None:
    # Mutant: dropping the range check in check_level (a level of 0 or below then passed).
    # A number of the right type but out of range is a ConfigError (a ValueError).
    with pytest.raises(ConfigError, match="level must be a number strictly between 0 and 1"):
        check_level(level)
    with pytest.raises(ConfigError):
        proportion(1, 2, level=level)


@pytest.mark.parametrize("level", [True, "0.95", None])
def test_a_level_of_the_wrong_type_is_rejected(level: Any) -> None:
    with pytest.raises(InputTypeError, match="level must be a number strictly between 0 and 1"):
        check_level(level)
    with pytest.raises(InputTypeError):
        proportion(1, 2, level=level)


@pytest.mark.parametrize(
    ("promoters", "detractors", "n", "lower", "upper"),
    [
        (100, 0, 100, 93.09014809291502, 100.0),  # the upper bound is clipped
        (0, 100, 100, -100.0, -93.09014809291502),  # the lower bound is clipped
        (50, 20, 100, 14.05, 44.20),  # worked out: centre 29.13, half-width 15.08
    ],
)
def test_nps_interval_clips_both_ends(
    promoters: int, detractors: int, n: int, lower: float, upper: float
) -> None:
    lo, hi, se = nps_interval(promoters, detractors, n)
    assert lo == pytest.approx(lower, abs=0.01)
    assert hi == pytest.approx(upper, abs=0.01)
    assert -100.0 <= lo <= hi <= 100.0
    assert se > 0


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: proportion(-1, 2), ConfigError),
        (lambda: proportion(3, 2), ConfigError),
        (lambda: proportion(True, 2), InputTypeError),
        (lambda: proportion(1, True), InputTypeError),
        (lambda: wilson_interval(-1, 2), ConfigError),
        (lambda: wilson_interval(1, 0), ConfigError),
        (lambda: nps_interval(-1, 0, 2), ConfigError),
        (lambda: nps_interval(0, -1, 2), ConfigError),
        (lambda: nps_interval(0, 0, -1), ConfigError),
        (lambda: nps_interval(2, 1, 2), ConfigError),
    ],
    ids=[
        "proportion-negative",
        "proportion-over-n",
        "proportion-bool-successes",
        "proportion-bool-n",
        "wilson-negative",
        "wilson-zero-n",
        "nps-negative-promoters",
        "nps-negative-detractors",
        "nps-negative-n",
        "nps-over-n",
    ],
)
def test_bad_counts_are_rejected(call: Any, error: type[Exception]) -> None:
    # A bool is no count (InputTypeError); the intervals refuse whole numbers that break the
    # counts' relations (a negative count, successes over n) as values not allowed.
    with pytest.raises(error):
        call()


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1e6, "", "1e+06"),  # from a million on: 3 significant digits, exponent form
        (999999.0, "", "999999"),
        (0.01, "", "0.01"),
        (0.00999, "", "0.00999"),  # below 0.01: 3 significant digits
        (99.99, "", "99.99"),
        (100.0, "", "100"),
        (0.0, "", "0"),
        (34.26, "points", "34.3"),
        (0.5, "share", "50.0 %"),
        (2.5, "min", "2.5 min"),
    ],
)
def test_estimate_values_are_shown_by_unit(value: float, unit: str, shown: str) -> None:
    # Mutants in _fmt: `unit == "points"` -> `!=`, `abs(value) >= 1e6` -> `>`.
    assert repr(Estimate("x", value, 3, unit=unit)) == f"x {shown} (n=3)"  # no interval: no level


@pytest.mark.parametrize(
    ("bounds", "text"),
    [
        ({"lower": 1.0}, "x 2 [1, ?] (n=5, 95 %)"),  # a one-sided interval
        ({"upper": 3.0}, "x 2 [?, 3] (n=5, 95 %)"),
        ({"lower": 2.0, "upper": 2.0}, "x 2 ±0 (n=5, 95 %)"),  # zero width is symmetric
        ({"lower": 1.5, "upper": 2.5}, "x 2 ±0.5 (n=5, 95 %)"),
        # Lopsided by 4 % of the width: "±" would print bounds the interval does not have.
        ({"lower": 1.46, "upper": 2.5}, "x 2 [1.46, 2.5] (n=5, 95 %)"),
    ],
)
def test_estimate_intervals_are_shown(bounds: dict[str, Any], text: str) -> None:
    # Mutants in _text: dropping the `hi = ...` of a one-sided interval; "±" only where
    # value ± half the width prints as the bounds.
    assert repr(Estimate("x", 2.0, 5, **bounds)) == text


def test_proportion_standard_error_is_agresti_caffo() -> None:
    # Mutant: `1 - p_adj` -> `1 + p_adj`. p~ = (3 + 1) / (4 + 2).
    assert proportion(3, 4).se == pytest.approx(math.sqrt(4 / 6 * (2 / 6) / 6), rel=1e-12)
    assert proportion(0, 4).se == pytest.approx(math.sqrt(1 / 6 * (5 / 6) / 6), rel=1e-12)
    assert proportion(0, 0).se is None  # no value, so no standard error of one


@pytest.mark.parametrize(
    ("bounds", "lower", "upper"),
    [((1, 5), 1.0, 4.554260257), ((2, 3), 2.0, 3.0), ((0, 10), 0.445739743, 4.554260257)],
)
def test_mean_estimate_clips_to_bounds_only_where_they_bind(
    bounds: tuple[float, float], lower: float, upper: float
) -> None:
    # Mutant: `max(bounds[1], mean)` -> `min`: the upper bound would collapse onto the mean.
    # Values 1, 2, 3, 4: mean 2.5, m2 5, t(0.975, 3) * sqrt(5 / 3 / 4) = 2.054260257.
    est = mean_estimate(4, 2.5, 5.0, bounds=bounds)
    assert est.lower == pytest.approx(lower, abs=1e-9)
    assert est.upper == pytest.approx(upper, abs=1e-9)


def test_compare_clips_a_share_difference_to_plus_minus_one() -> None:
    # Mutant: dropping the clip of compare's interval to the unit's range (±1 for shares).
    c = compare(proportion(0, 5), proportion(5, 5))
    assert c.difference == 1.0
    assert c.upper == 1.0
    assert 0 < c.lower < 1


@pytest.mark.parametrize(
    "args", [(True, 0, 2), (0, True, 2), (0, 0, True)], ids=["promoters", "detractors", "n"]
)
def test_nps_interval_rejects_bool_counts(args: tuple[Any, ...]) -> None:
    with pytest.raises(InputTypeError):
        nps_interval(*args)


@pytest.mark.parametrize("args", [(True, 2), (1, True)], ids=["successes", "n"])
def test_wilson_interval_rejects_bool_counts(args: tuple[Any, ...]) -> None:
    with pytest.raises(InputTypeError):
        wilson_interval(*args)


def test_an_estimate_with_no_value_has_no_standard_error() -> None:
    from servicemodel.kpi import CSAT, NPS

    for empty in (proportion(0, 0), NPS.empty().result(), CSAT.empty().result()):
        assert empty.value is None
        assert empty.se is None
