"""Tests for rosters in the simulation and the week-long check of a staffing plan.

A ``Roster`` varies the agents on shift by hour or half hour of the week;
``check_plan(mode="week")`` runs a whole weekly plan as one simulation, so a queue left by one
interval carries into the next.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, StaffingError
from servicemodel.forecast import ArrivalForecast, check_plan, plan_week
from servicemodel.simulate import RateProfile, Roster, SupportDesk, simulate
from servicemodel.staffing import ServiceLevelTarget, WeeklyPlan, plan_intervals

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
SL = ServiceLevelTarget(0.8, 20)
BERLIN = ZoneInfo("Europe/Berlin")


# --- the roster value ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "error", "match"),
    [
        ([1] * 100, ConfigError, "168"),
        ([1] * 167 + [-1], ConfigError, "≥ 0"),
        ([0] * 168, ConfigError, "nobody"),
        ([True] * 168, InputTypeError, "agents\\[0\\]"),
        ("1" * 168, InputTypeError, "str"),
    ],
)
def test_a_bad_roster_is_a_specific_error(counts: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        Roster(counts)  # type: ignore[arg-type]


def test_a_desk_cannot_roster_more_agents_than_it_has() -> None:
    with pytest.raises(ConfigError, match="roster puts 3 agents on shift but the desk has 2"):
        SupportDesk(agents=2, arrivals=10, handle_time=60, roster=Roster([3] * 168))


def test_shift_boundaries_follow_the_local_clock_across_dst() -> None:
    # Berlin springs forward on 2026-03-29 at 02:00 -> 03:00: the half-hour boundaries 02:00
    # and 02:30 do not exist, so after 01:45 local the next change is 03:00 local (01:00 UTC).
    r = Roster([1] * 336, BERLIN)
    before = datetime(2026, 3, 29, 1, 45, tzinfo=BERLIN)
    nxt = r.next_change(before)
    assert nxt.astimezone(BERLIN).hour == 2 or nxt.astimezone(BERLIN).hour == 3
    assert nxt.astimezone(UTC) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    # Sunday 23:30 local is the last slot of the week.
    r2 = Roster([0] * 335 + [5], BERLIN)
    assert r2.agents_at(datetime(2026, 3, 29, 23, 40, tzinfo=BERLIN)) == 5


# --- the engine with a roster --------------------------------------------------------------


@given(agents=st.integers(1, 6), seed=st.integers(0, 10_000), rate=st.floats(5, 80))
def test_a_constant_roster_is_the_same_desk_without_one(
    agents: int, seed: int, rate: float
) -> None:
    plain = SupportDesk(agents=agents, arrivals=rate, handle_time=300, patience=600)
    rostered = attrs.evolve(plain, roster=Roster([agents] * 336))
    end = MONDAY + timedelta(hours=6)
    a = simulate(plain, MONDAY, end, seed=seed)
    b = simulate(rostered, MONDAY, end, seed=seed)
    assert a.contacts() == b.contacts()
    assert a.summary(within=20) == b.summary(within=20)


@given(seed=st.integers(0, 10_000))
def test_half_hour_rates_in_pairs_equal_the_hourly_profile(seed: int) -> None:
    hourly = [float((h * 7) % 30) for h in range(168)]
    halves = [r for r in hourly for _ in range(2)]
    a = SupportDesk(agents=3, arrivals=RateProfile(hourly), handle_time=200)
    b = SupportDesk(agents=3, arrivals=RateProfile(halves), handle_time=200)
    end = MONDAY + timedelta(days=2)
    assert simulate(a, MONDAY, end, seed=seed).contacts() == (
        simulate(b, MONDAY, end, seed=seed).contacts()
    )


@given(seed=st.integers(0, 10_000), on=st.integers(1, 4))
def test_nobody_is_answered_while_nobody_is_on_shift(seed: int, on: int) -> None:
    # On shift only 09:00-12:00 each day (half hours 18..23); contacts arrive around the clock.
    counts = [on if 18 <= s % 48 < 24 else 0 for s in range(336)]
    roster = Roster(counts)
    desk = SupportDesk(agents=on, arrivals=4, handle_time=600, roster=roster)
    run = simulate(desk, MONDAY, MONDAY + timedelta(days=2), seed=seed)
    answered = [c for c in run.contacts() if c.answered_at is not None]
    assert answered
    for c in answered:
        assert roster.agents_at(c.answered_at) > 0
    # Never more contacts in hand at an answer instant than agents on shift plus those leaving
    # (who finish what they hold), and never more than the desk's agents.
    for c in answered:
        assert c.answered_at is not None
        in_hand = sum(
            1
            for d in answered
            if d.answered_at is not None
            and d.answered_at <= c.answered_at
            and (d.solved_at is None or d.solved_at > c.answered_at)
        )
        assert in_hand <= on


def test_agents_going_off_shift_finish_their_contact() -> None:
    # Two agents until 09:00, then one. A 2-hour contact answered at 08:50 is finished at
    # 10:50, not cut off at 09:00.
    counts = [2 if s < 18 else 1 for s in range(336)]
    desk = SupportDesk(agents=2, arrivals=1, handle_time=7200, roster=Roster(counts))
    run = simulate(desk, MONDAY + timedelta(hours=8, minutes=50), MONDAY + timedelta(hours=9))
    for c in run.contacts():
        if c.answered_at is not None and c.solved_at is not None:
            assert (c.solved_at - c.answered_at).total_seconds() == pytest.approx(c.handle)


def test_occupancy_counts_only_agents_on_shift() -> None:
    # One agent on shift for 12 h of the day, two for the other 12 h: the capacity is 36
    # agent-hours a day, not 48.
    counts = [1 if s % 48 < 24 else 2 for s in range(336)]
    desk = SupportDesk(agents=2, arrivals=3, handle_time=600, roster=Roster(counts))
    run = simulate(desk, MONDAY, MONDAY + timedelta(days=7), seed=5, drain=False)
    s = run.summary(within=20, start=MONDAY, end=MONDAY + timedelta(days=7))
    busy_hours = sum(
        (min(c.solved_at, MONDAY + timedelta(days=7)) - c.answered_at).total_seconds() / 3600
        for c in run.contacts()
        if c.answered_at is not None and c.solved_at is not None
    )
    assert s.occupancy == pytest.approx(busy_hours / (36 * 7), rel=0.02)


# --- the week-long check of a plan ----------------------------------------------------------


def _office_week(peak: float) -> list[float]:
    """Calls per half hour: weekdays 08:00-18:00, a mid-morning peak; nothing otherwise."""
    out = []
    for s in range(336):
        day, slot = divmod(s, 48)
        if day < 5 and 16 <= slot < 36:
            out.append(peak if 20 <= slot < 24 else peak / 2)
        else:
            out.append(0.0)
    return out


def test_a_plan_meets_its_target_in_the_week_long_run() -> None:
    plan = plan_intervals(_office_week(40), aht=240, targets=[SL], start=MONDAY)
    check = check_plan(plan, mode="week", weeks=6, seed=2)
    staffed = [r for r in plan.rows if r.agents > 0]
    assert len(check.intervals) == len(staffed) == 100
    assert check.passed, str(check)


def test_the_week_long_run_sees_a_backlog_the_steady_check_cannot() -> None:
    # Monday 10:00-10:30 is badly understaffed (1 agent for 40 calls of 4 min: 5.3 Erlangs).
    # The steady check of 10:30 does not know: it starts every interval with an empty queue.
    # In the week-long run the backlog of 10:00 is still being served at 10:30, so 10:30
    # misses its target there, although its own staffing is the plan's.
    plan = plan_intervals(_office_week(40), aht=240, targets=[SL], start=MONDAY)
    short = 20  # Monday 10:00
    rows = list(plan.rows)
    rows[short] = attrs.evolve(rows[short], agents=1)
    broken = attrs.evolve(plan, rows=tuple(rows))
    week = check_plan(broken, mode="week", weeks=6, seed=4)
    steady = check_plan(broken, intervals=[short + 1], batches=10, hours_per_batch=1, seed=4)
    after = next(c for c in week.intervals if c.index == short + 1)
    assert steady.passed  # the next interval alone is fine
    assert after.short, str(week)
    assert next(c for c in week.intervals if c.index == short).short


def test_week_mode_needs_a_week_long_plan_with_a_start() -> None:
    with pytest.raises(StaffingError, match="336 rows"):
        check_plan(plan_intervals([10, 20], aht=180, targets=[SL], start=MONDAY), mode="week")
    with pytest.raises(StaffingError, match="start instant"):
        check_plan(plan_intervals(_office_week(10), aht=180, targets=[SL]), mode="week")
    plan = plan_intervals(_office_week(10), aht=180, targets=[SL], start=MONDAY)
    with pytest.raises(ConfigError, match="weeks must be"):  # input of the right type
        check_plan(plan, mode="week", weeks=1)
    with pytest.raises(ConfigError, match="mode must be"):
        check_plan(plan_intervals([10], aht=180, targets=[SL]), mode="month")


def _two_handle_times(plan: WeeklyPlan) -> WeeklyPlan:
    """``plan`` with its first staffed row at another handle time (the week check needs one)."""
    rows = list(plan.rows)
    k = next(i for i, r in enumerate(rows) if r.agents > 0)
    rows[k] = attrs.evolve(rows[k], aht=rows[k].aht + 60)
    return attrs.evolve(plan, rows=tuple(rows))


def test_week_mode_refuses_two_handle_times_after_the_shape_and_before_the_run() -> None:
    # Pins which error comes first when a plan has two handle times and another fault: the
    # weeks, the plan's shape and its start are checked before the handle times, in both the
    # plain and the DST week; a row without agents does not count.
    one = "mode='week' needs one handle time for the week, got"
    plain = _two_handle_times(plan_intervals(_office_week(10), aht=180, targets=[SL], start=MONDAY))
    with pytest.raises(StaffingError, match=rf"^{one} \[180.0, 240.0\]$"):
        check_plan(plain, mode="week", weeks=2)
    berlin = ZoneInfo("Europe/Berlin")
    autumn = ArrivalForecast(
        datetime(2026, 10, 19, tzinfo=berlin), 0.8, 2, {"c": (9.0,) * 336},
        {"c": (9.0,) * 336}, {"c": (9.0,) * 336}, (True,) * 336,
    )  # fmt: skip
    dst = _two_handle_times(plan_week(autumn, aht=180, targets=[SL]))
    assert len(dst.rows) == 338
    with pytest.raises(StaffingError, match=rf"^{one} \[180.0, 240.0\]$"):
        check_plan(dst, mode="week", weeks=2)
    for plan in (plain, dst):
        with pytest.raises(ConfigError, match="weeks must be"):
            check_plan(plan, mode="week", weeks=1)
    short = _two_handle_times(plan_intervals([10, 20], aht=180, targets=[SL], start=MONDAY))
    with pytest.raises(StaffingError, match="336 rows"):
        check_plan(short, mode="week")
    no_start = _two_handle_times(plan_intervals(_office_week(10), aht=180, targets=[SL]))
    with pytest.raises(StaffingError, match="start instant"):
        check_plan(no_start, mode="week")
    # Another handle time on the rows nobody staffs is no second handle time.
    one_aht = plan_intervals(_office_week(10), aht=180, targets=[SL], start=MONDAY)
    rows = [attrs.evolve(r, aht=999.0) if r.agents == 0 else r for r in one_aht.rows]
    assert check_plan(attrs.evolve(one_aht, rows=tuple(rows)), mode="week", weeks=2).intervals


def test_next_change_across_a_half_hour_spring_change_is_the_first_new_slot() -> None:
    # Lord Howe springs forward on 2026-10-04 from 02:00 (+10:30) to 02:30 (+11:00): on an
    # hourly roster the 02:00 slot starts at 02:30 local (15:30 UTC), and 01:30 local
    # (15:00 UTC) is still the 01:00 slot -- it was answered as a change, with no change.
    roster = Roster(list(range(168)), "Australia/Lord_Howe")
    t = datetime(2026, 10, 3, 14, 30, tzinfo=UTC)  # 01:00 local
    change = roster.next_change(t)
    assert change == datetime(2026, 10, 3, 15, 30, tzinfo=UTC)
    assert roster.agents_at(change) != roster.agents_at(t)
    assert roster.agents_at(change - timedelta(microseconds=1)) == roster.agents_at(t)


@pytest.mark.parametrize(
    ("t", "slots"),
    [
        # 2026-04-05: 03:45 (+13:45) is set back to 02:45 (+12:45) at 14:00 UTC.
        (datetime(2026, 4, 4, 13, 19, tzinfo=UTC), 168),  # 03:04 local, the 03:00 slot
        (datetime(2026, 4, 4, 13, 50, tzinfo=UTC), 336),  # 03:35 local, the 03:30 slot
        # 2026-09-27: 02:45 (+12:45) jumps to 03:45 (+13:45) at 14:00 UTC.
        (datetime(2026, 9, 26, 13, 48, tzinfo=UTC), 168),  # 02:33 local, the 02:00 slot
        (datetime(2026, 9, 26, 13, 48, tzinfo=UTC), 336),  # 02:33 local, the 02:30 slot
    ],
)
def test_next_change_at_chathams_quarter_hour_changes_is_the_change_itself(
    t: datetime, slots: int
) -> None:
    # Chatham's clock changes at a quarter to the hour: the slot changes at the change itself,
    # which is no wall-clock boundary (the answer was the boundary after, 14:15 UTC, a quarter
    # of an hour with the count of a slot no longer shown on the clock).
    roster = Roster(list(range(slots)), "Pacific/Chatham")
    change = roster.next_change(t)
    assert change == t.replace(hour=14, minute=0)
    assert roster.agents_at(change) != roster.agents_at(t)
    assert roster.agents_at(change - timedelta(microseconds=1)) == roster.agents_at(t)
