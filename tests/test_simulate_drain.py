"""A draining run always ends, even when nobody can ever answer the contacts still waiting.

With ``drain=True`` agents work on after ``end`` until the queue is served. A roster that puts
agents on shift only while the calendar is closed (or a calendar that never opens again) can
serve nobody: the run used to step from shift change to shift change for ever. It now stops
at its first event ``IDLE_DRAIN`` (53 weeks) or more after the end, the last answer and the end
of the handling in hand while contacts still wait; those contacts are left unanswered
(``censored``).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from _deadline import deadline
from servicemodel.calendar import BusinessCalendar
from servicemodel.simulate import (
    Exponential,
    RateProfile,
    Roster,
    SimulationResult,
    SupportDesk,
    simulate,
)
from servicemodel.simulate._engine import IDLE_DRAIN
from servicemodel.strategies import desks

T0 = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
OFFICE = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
NEVER_OPEN = BusinessCalendar.weekly("UTC", {})
# Open for one hour on the first day of the run, never again.
ONE_HOUR_ONLY = BusinessCalendar.weekly("UTC", {}, overrides={"2026-03-02": ["09:00-10:00"]})
# Half-hour slots of the week (Monday 00:00 first) in which OFFICE is closed.
CLOSED_SLOTS = [s for s in range(336) if s % 48 < 18 or s % 48 >= 34 or s >= 5 * 48]


def _night_desk(patience: float | None = None) -> SupportDesk:
    """The reported desk: its one agent is on shift Monday 00:30-01:00, while it is closed."""
    night = [0] * 336
    night[1] = 1
    return SupportDesk(
        agents=1,
        arrivals=RateProfile([20.0] * 168),
        handle_time=Exponential(60.0),
        patience=patience,
        calendar=OFFICE,
        roster=Roster(night),
    )


def _outcomes_add_up(run: SimulationResult) -> None:
    """Every contact is answered, abandoned or still waiting (censored): exactly one."""
    s = run.summary()
    assert s.offered == s.answered + s.abandoned
    assert s.offered + s.censored == run.size
    for c in run.contacts():
        assert (c.answered_at is None) or (c.abandoned_at is None)
        if c.answered_at is not None:
            assert c.answered_at >= c.arrived_at
        if c.solved_at is not None:
            assert c.answered_at is not None
            assert c.solved_at >= c.answered_at


def test_a_roster_staffed_only_while_closed_ends_with_the_contacts_unanswered() -> None:
    with deadline(10, "simulate with a roster staffed only while the calendar is closed"):
        run = simulate(_night_desk(), T0, T0 + timedelta(days=1), seed=7)
    s = run.summary()
    assert run.size > 0
    assert (s.answered, s.abandoned, s.censored) == (0, 0, run.size)
    assert all(c.wait is None for c in run.contacts())
    assert len(run.histories()) == run.size  # the censored tickets still build


def test_the_stopped_drain_is_deterministic() -> None:
    with deadline(20, "two stopped drains"):
        a = simulate(_night_desk(), T0, T0 + timedelta(days=1), seed=7)
        b = simulate(_night_desk(), T0, T0 + timedelta(days=1), seed=7)
    assert a.contacts() == b.contacts()


def test_customers_who_cannot_be_answered_give_up_on_their_patience() -> None:
    with deadline(10, "simulate with patience and nobody to answer"):
        run = simulate(_night_desk(patience=600), T0, T0 + timedelta(days=1), seed=7)
    s = run.summary()
    assert run.size > 0
    assert (s.answered, s.abandoned, s.censored) == (0, run.size, 0)


def test_patience_longer_than_the_idle_drain_is_left_waiting() -> None:
    # A patience far beyond IDLE_DRAIN: the run stops before those customers would give up.
    desk = _night_desk(patience=100 * IDLE_DRAIN.total_seconds())
    with deadline(10, "simulate with a very long patience and nobody to answer"):
        run = simulate(desk, T0, T0 + timedelta(hours=6), seed=3)
    s = run.summary()
    assert s.answered == 0
    assert s.censored > 0
    for c in run.contacts():
        if c.abandoned_at is not None:
            assert c.abandoned_at - c.arrived_at <= IDLE_DRAIN + timedelta(hours=6)


def test_a_calendar_that_never_opens_serves_nobody_and_ends() -> None:
    for roster in (None, Roster([1] * 168)):
        desk = SupportDesk(
            agents=1, arrivals=10, handle_time=60, calendar=NEVER_OPEN, roster=roster
        )
        with deadline(10, "simulate with a calendar that never opens"):
            run = simulate(desk, T0, T0 + timedelta(hours=5), seed=1)
        s = run.summary()
        assert run.size > 0
        assert s.censored == run.size


def test_work_in_hand_when_the_calendar_closes_for_good_never_finishes() -> None:
    # Contacts arrive during the calendar's only open hour; handling takes hours, so what is
    # picked up is never finished, and the rest is never answered. Before, the engine raised
    # CalendarError looking for the next opening.
    desk = SupportDesk(
        agents=2, arrivals=30, handle_time=Exponential(7200.0), calendar=ONE_HOUR_ONLY
    )
    start = T0.replace(hour=9)
    with deadline(10, "simulate with a calendar that closes for good"):
        run = simulate(desk, start, start + timedelta(hours=1), seed=2)
    s = run.summary()
    assert s.answered >= 1
    assert s.censored >= 1
    assert any(c.answered_at is not None and c.solved_at is None for c in run.contacts())
    _outcomes_add_up(run)
    assert len(run.histories()) == run.size


def test_a_roster_that_meets_the_calendar_once_a_week_still_drains_completely() -> None:
    # One agent, on shift only Monday 09:00-09:30 while open: the queue left by a busy day is
    # served over the following weeks; the idle limit never cuts a drain that makes progress.
    slots = [0] * 336
    slots[18] = 1
    desk = SupportDesk(
        agents=1, arrivals=4, handle_time=Exponential(300.0), calendar=OFFICE, roster=Roster(slots)
    )
    with deadline(20, "a slow but complete drain"):
        run = simulate(desk, T0, T0 + timedelta(days=1), seed=5)
    s = run.summary()
    assert run.size > 0
    assert s.censored == 0
    assert s.answered == run.size
    last = max(c.answered_at for c in run.contacts() if c.answered_at is not None)
    assert last - T0 > timedelta(weeks=1)  # it took more than one week of Monday mornings


def _reopening(on: str) -> BusinessCalendar:
    """Open 09:00-10:00 on the first day of the run, then only on the date ``on``."""
    return BusinessCalendar.weekly(
        "UTC", {}, overrides={"2026-03-02": ["09:00-10:00"], on: ["09:00-17:00"]}
    )


def test_contacts_wait_for_an_opening_within_the_idle_limit_and_no_longer() -> None:
    # No roster: the same rule as for one. Half a year later is served, two years later is not.
    start = T0.replace(hour=10)
    for on, served in (("2026-09-01", True), ("2028-03-01", False)):
        desk = SupportDesk(agents=1, arrivals=6, handle_time=60, calendar=_reopening(on))
        with deadline(10, "simulate with a calendar that reopens much later"):
            run = simulate(desk, start, start + timedelta(hours=1), seed=4)
        s = run.summary()
        assert run.size > 0
        assert (s.answered, s.censored) == ((run.size, 0) if served else (0, run.size))
        if served:
            assert all(
                c.answered_at is not None and c.answered_at.month == 9 for c in run.contacts()
            )


def test_a_non_draining_run_is_unchanged_by_the_idle_limit() -> None:
    run = simulate(_night_desk(), T0, T0 + timedelta(days=1), seed=7, drain=False)
    s = run.summary()
    assert s.censored == run.size > 0


def _mismatched_desks() -> st.SearchStrategy[SupportDesk]:
    """Desks whose roster never meets their calendar, or whose calendar never (again) opens."""

    @st.composite
    def build(draw: st.DrawFn) -> SupportDesk:
        kind = draw(st.sampled_from(["closed_slots", "never_open", "one_hour"]))
        agents = draw(st.integers(1, 3))
        slots = [0] * 336
        for s in draw(st.lists(st.sampled_from(CLOSED_SLOTS), min_size=1, max_size=12)):
            slots[s] = draw(st.integers(1, agents))
        roster = Roster(slots) if kind == "closed_slots" or draw(st.booleans()) else None
        calendar = {"closed_slots": OFFICE, "never_open": NEVER_OPEN, "one_hour": ONE_HOUR_ONLY}
        return SupportDesk(
            agents,
            draw(st.floats(0, 20)),
            Exponential(draw(st.floats(10, 1800))),
            patience=draw(st.none() | st.floats(10, 3600)),
            calendar=calendar[kind],
            roster=roster,
        )

    return build()


@settings(max_examples=15, deadline=None)
@given(desk=desks(max_agents=2) | _mismatched_desks(), seed=st.integers(0, 1000))
def test_any_desk_drains_in_bounded_time_and_its_outcomes_add_up(
    desk: SupportDesk, seed: int
) -> None:
    with deadline(10, "simulate a drawn desk for a day"):
        run = simulate(desk, T0, T0 + timedelta(days=1), seed=seed)
    _outcomes_add_up(run)
    if desk.patience is None:
        assert run.summary().abandoned == 0
    if desk.roster is None and desk.calendar in (None, OFFICE):
        # Agents always on shift and a calendar that keeps opening: the queue is served out.
        assert run.summary().censored == 0


# -- the end of the supported range, and handling that spans years --------------------------

END_OF_RANGE = datetime(9998, 12, 29, tzinfo=UTC)  # a Monday, two days before the range ends


def test_a_drain_at_the_end_of_the_supported_range_ends_there_and_its_contacts_are_readable() -> (
    None
):
    # The one agent comes on shift on Sunday 23:30, after the range's end (9998-12-31): the
    # drain used to answer contacts there, and contacts() refused the answered_at it made
    # (an OutOfRangeError for a valid run); with a calendar it raised one naming 't'.
    for calendar in (None, OFFICE):
        desk = SupportDesk(
            agents=1, arrivals=5, handle_time=60, calendar=calendar, roster=Roster([0] * 335 + [1])
        )
        with deadline(10, "a drain that runs into the end of the supported range"):
            run = simulate(desk, END_OF_RANGE, END_OF_RANGE + timedelta(hours=6), seed=1)
            contacts = run.contacts()
            assert len(run.histories()) == run.size
        s = run.summary()
        assert run.size > 0
        assert (s.answered, s.censored) == (0, run.size)
        assert all(c.answered_at is None for c in contacts)
        _outcomes_add_up(run)


def test_handling_that_would_end_past_the_supported_range_never_ends() -> None:
    # 10**12 s (31,700 years) of handling: with no calendar, contacts() refused its solved_at;
    # on an office calendar the run stepped night by night towards year 9998 (no end in sight).
    # 1e300 s (past what a timedelta holds) was an OverflowError on an office calendar.
    for calendar, handle in itertools.product((None, OFFICE), (10.0**12, 1e300)):
        desk = SupportDesk(agents=2, arrivals=5, handle_time=handle, calendar=calendar)
        with deadline(10, "handling that would end after the supported range"):
            run = simulate(desk, T0.replace(hour=9), T0.replace(hour=15), seed=1)
            contacts = run.contacts()
        answered = [c for c in contacts if c.answered_at is not None]
        assert len(answered) == 2
        assert all(c.solved_at is None for c in answered)
        _outcomes_add_up(run)


@settings(max_examples=30, deadline=None)
@given(
    mean=st.sampled_from([600.0, 3 * 3600.0, 5 * 86400.0, 90 * 86400.0, 3 * 365 * 86400.0]),
    seed=st.integers(0, 1000),
)
def test_handling_over_many_closes_ends_at_the_first_instant_it_is_done(
    mean: float, seed: int
) -> None:
    # Handling spanning more than a few closes is found from the calendar's open time, not
    # night by night: it still ends at the earliest instant with its handle time of open time
    # counted (at a close, not at the next opening, when it runs out there).
    desk = SupportDesk(agents=3, arrivals=2, handle_time=Exponential(mean), calendar=OFFICE)
    with deadline(10, "simulate long handling on an office calendar"):
        run = simulate(desk, T0.replace(hour=9), T0.replace(hour=17), seed=seed)
    us = timedelta(microseconds=1)
    for c in run.contacts():
        if c.answered_at is None or c.solved_at is None:
            continue
        worked = OFFICE.elapsed(c.answered_at, c.solved_at)
        assert abs(worked.total_seconds() - c.handle) <= 2e-6, c
        assert OFFICE.elapsed(c.answered_at, c.solved_at - 2 * us).total_seconds() < c.handle, c


def test_handling_longer_than_the_idle_limit_is_no_idle_time() -> None:
    # Handle times of about 90 days of office time (over a year of calendar time each): the
    # agents are at work, not idle, and the queue is served out. The drain used to stop 53
    # weeks after the last answer, though busy agents would answer the rest when free.
    desk = SupportDesk(agents=2, arrivals=2, handle_time=Exponential(90 * 86400.0), calendar=OFFICE)
    with deadline(10, "a drain of handling longer than the idle limit"):
        run = simulate(desk, T0.replace(hour=9), T0.replace(hour=17), seed=3)
    s = run.summary()
    assert run.size > 2
    assert (s.answered, s.censored) == (run.size, 0)
    _outcomes_add_up(run)
