"""Boundary rules of staffing targets, escalation ladders, the simulation, goals and standards.

Each test pins a documented rule at the exact value where a comparison's ``<`` and ``<=``
(or a similar one-character slip) part ways; the expected values follow from the rule as
docs/staffing.md, docs/escalation.md, docs/goals.md and docs/standards text state it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any, Literal
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.goals import Comparator, GoalState, SmartGoal
from servicemodel.kpi import Estimate
from servicemodel.model import PriorityChange, StatusChange, Ticket, TicketHistory
from servicemodel.simulate import Roster, SupportDesk, simulate
from servicemodel.sla import Measurement, SLAPolicy, Target, evaluate
from servicemodel.staffing import (
    AbandonmentTarget,
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    plan_intervals,
    required_agents,
    required_agents_erlang_a,
)


@attrs.frozen
class _Figures:
    """Queue figures given outright: a target reads only these (``QueueFigures``)."""

    level: float
    asa: float
    occupancy: float
    probability_of_abandoning: float

    def service_level_at(self, within: float | timedelta) -> float:
        return self.level


_share = st.floats(min_value=0.01, max_value=1.0, allow_nan=False)


# --- staffing targets: "at least" and "at most" include the bound (docs/staffing.md) --------


@given(_share)
def test_service_level_target_is_met_at_exactly_its_fraction(fraction: float) -> None:
    # "answer at least `fraction` of contacts within `within` seconds"
    target = ServiceLevelTarget(fraction=fraction, within=20)
    assert target.is_met_by(_Figures(fraction, 1.0, 0.5, 0.0))


@given(st.floats(min_value=0.001, max_value=1e6, allow_nan=False))
def test_asa_target_is_met_at_exactly_its_seconds(seconds: float) -> None:
    # AsaTarget: "the ASA is at most `seconds`"
    assert AsaTarget(seconds=seconds).is_met_by(_Figures(0.9, seconds, 0.5, 0.0))


@given(_share)
def test_occupancy_and_abandonment_targets_are_met_at_exactly_their_maximum(m: float) -> None:
    # "keep agents busy at most `maximum`"; "abandon ... at or below `maximum`"
    assert OccupancyTarget(maximum=m).is_met_by(_Figures(0.9, 1.0, m, 0.0))
    assert AbandonmentTarget(maximum=m).is_met_by(_Figures(0.9, 1.0, 0.5, m))  # type: ignore[arg-type]


# --- staffing searches and plans --------------------------------------------------------------

_CCH = Workload(calls=100, interval=1800, aht=180)  # Call Centre Helper's worked example


def test_reported_service_level_is_at_the_first_service_level_targets_threshold() -> None:
    # required_agents: "``within`` sets the threshold of the reported service level (default:
    # the first service-level target's, else 20 s)"; Erlang A reports the same threshold.
    targets = (ServiceLevelTarget(0.5, within=10), ServiceLevelTarget(0.6, within=30))
    assert required_agents(_CCH, *targets).metrics.within == 10
    assert required_agents_erlang_a(_CCH, *targets, patience=300).metrics.within == 10


@pytest.mark.parametrize("model", ["erlang-c", "erlang-a"])
def test_a_target_met_one_agent_lower_leaves_the_fte_of_the_binding_one(
    model: Literal["erlang-c", "erlang-a"],
) -> None:
    # docs/staffing.md: fte is "N − 1 plus the share of the last agent the *binding* target
    # needs": a second target that N − 1 agents already meet binds nothing.
    binding = ServiceLevelTarget(fraction=0.8, within=20)
    loose = AsaTarget(seconds=3600)
    patience = 300 if model == "erlang-a" else None
    alone = plan_intervals([100], aht=180, targets=[binding], model=model, patience=patience)
    both = plan_intervals([100], aht=180, targets=[binding, loose], model=model, patience=patience)
    (row_alone,), (row_both,) = alone.rows, both.rows
    assert row_both.agents == row_alone.agents
    assert row_alone.agents - 1 < row_alone.fte < row_alone.agents  # interpolated, not whole
    assert row_both.fte == row_alone.fte


# --- escalation ladders ------------------------------------------------------------------------

_BERLIN = ZoneInfo("Europe/Berlin")
_OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "08:00-18:00"})
_H = timedelta(hours=1)
_T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday


def _berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=_BERLIN)


def _resolution_paused_from(t0: datetime, pause: datetime, resume: datetime) -> Measurement:
    """A 24/7 four-hour resolution clock, pending over ``[pause, resume)``, still running."""
    policy = SLAPolicy("p", {"normal": [Target("resolution", "4h", business=False)]})
    events = [StatusChange("p", pause, status="pending"), StatusChange("o", resume, status="open")]
    (m,) = evaluate(policy, TicketHistory(Ticket("T", t0), events), at=resume + _H)
    return m


def test_a_step_at_the_instant_the_clock_pauses_is_skipped() -> None:
    # "Nothing escalates while the clock is paused": a clock runs over [start, pause), and a
    # timer loop fires a ticket's timers *before* an event at t (docs/live.md), so a pause at
    # exactly a level's instant cancels it, as a reply at exactly that instant does.
    ladder = EscalationLadder(
        [EscalationLevel("lead", Trigger.after_previous("2h", business=False))]
    )
    m = _resolution_paused_from(_T0, _T0 + 2 * _H, _T0 + 3 * _H)
    assert ladder.timeline(m) == ()
    # A minute later the clock runs at that instant, and the level is reached there.
    m = _resolution_paused_from(_T0, _T0 + 2 * _H + timedelta(minutes=1), _T0 + 3 * _H)
    assert [s.at for s in ladder.timeline(m)] == [_T0 + 2 * _H]


@pytest.mark.parametrize("business", [True, False])
def test_a_reminder_due_at_the_instant_the_clock_pauses_fires_when_it_resumes(
    business: bool,
) -> None:
    # before_due: "it fires when the clock has `delay` of its target left"; the clock has 1 h
    # left from the pause at 3 h until it runs again, so the reminder fires at the resume
    # (in calendar time too: the deadline projected at the resume is 1 h after it).
    ladder = EscalationLadder(
        [EscalationLevel("reminder", Trigger.before_due("1h", business=business))]
    )
    m = _resolution_paused_from(_T0, _T0 + 3 * _H, _T0 + 5 * _H)
    assert m.due_at == _T0 + 6 * _H
    assert [s.at for s in ladder.timeline(m)] == [_T0 + 5 * _H]


def test_a_retroactive_breach_at_night_fires_its_first_level_at_the_next_opening() -> None:
    # docs/escalation.md: a priority change at night that makes the breach retroactive: "the
    # breach itself happened at the change (`breached_at`), but its level fires at the next
    # opening" -- also when the breach level is the ladder's first (no earlier level to wait on).
    policy = SLAPolicy(
        "p",
        {"normal": [Target("first_reply", "10h")], "urgent": [Target("first_reply", "2h")]},
        calendar=_OFFICE,
    )
    raised = [PriorityChange("c", _berlin(2, 22), priority="urgent")]
    (m,) = evaluate(policy, TicketHistory(Ticket("T", _berlin(2, 9)), raised), at=_berlin(3, 12))
    assert m.breached_at == _berlin(2, 22)
    ladder = EscalationLadder([EscalationLevel("breach", Trigger.at_breach(), ["duty-manager"])])
    assert [s.at for s in ladder.timeline(m)] == [_berlin(3, 8)]
    # One business hour after the breach is one hour after that opening.
    later = EscalationLadder([EscalationLevel("later", Trigger.after_breach("1h"), ["lead"])])
    assert [s.at for s in later.timeline(m)] == [_berlin(3, 9)]


class _OwnCalendar:
    """A calendar of one's own (the ``CalendarLike`` protocol), answering as office hours do."""

    @property
    def is_always_open(self) -> bool:
        return False

    def is_open(self, t: datetime) -> bool:
        return _OFFICE.is_open(t)

    def next_open(self, t: datetime) -> datetime:
        return _OFFICE.next_open(t)

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        return _OFFICE.elapsed(a, b)

    def add(self, t: datetime, d: timedelta) -> datetime:
        return _OFFICE.add(t, d)


@pytest.mark.parametrize("calendar", [_OFFICE, _OwnCalendar()], ids=["office", "own"])
@pytest.mark.parametrize(
    ("created", "expected"),
    [(_berlin(2, 10), _berlin(2, 10)), (_berlin(1, 22), _berlin(2, 8))],  # Mon 10:00; Sun night
)
def test_a_target_shorter_than_its_reminder_is_reminded_of_when_it_starts(
    calendar: Any, created: datetime, expected: datetime
) -> None:
    # docs/escalation.md: "A target shorter than the reminder is reminded of when it starts
    # (at the next opening, in business time)" -- on any calendar, one of one's own too.
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]}, calendar=calendar)
    (m,) = evaluate(policy, TicketHistory(Ticket("T", created), []), at=created + _H)
    ladder = EscalationLadder([EscalationLevel("reminder", Trigger.before_due("2h"))])
    assert [s.at for s in ladder.timeline(m)] == [expected]


@pytest.mark.parametrize("calendar", [_OFFICE, _OwnCalendar()], ids=["office", "own"])
def test_a_reminder_on_a_measurement_built_by_hand_counts_back_exact_open_time(
    calendar: Any,
) -> None:
    # before_due counts `delay` of open time back from due_at (calendar.sub; by bisection
    # on a calendar without sub): 3 business hours before Tuesday 10:00 on 08:00-18:00 hours
    # is Monday 17:00 exactly, to the microsecond.
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "4h")]}, calendar=_OFFICE)
    (m,) = evaluate(policy, TicketHistory(Ticket("T", _berlin(2, 16)), []), at=_berlin(2, 17))
    assert m.due_at == _berlin(3, 10)
    by_hand = attrs.evolve(m, spans=(), calendar=calendar)  # no running intervals
    ladder = EscalationLadder([EscalationLevel("reminder", Trigger.before_due("3h"))])
    assert [s.at for s in ladder.timeline(by_hand)] == [_berlin(2, 17)]


# --- the simulation ------------------------------------------------------------------------------

_MONDAY = datetime(2026, 3, 2, tzinfo=UTC)


@given(st.integers(0, 10**6), st.data())
def test_summary_counts_against_thresholds_taken_from_the_runs_own_waits(
    seed: int, data: st.DataObject
) -> None:
    # docs/staffing.md: service level is "answered within T / offered" (a wait of exactly T is
    # within T); abandoned_within counts those who hung up within T; short_abandon leaves out
    # "the contacts that hung up sooner than that" (so a wait of exactly T is not short).
    # T is one of the run's own waits, so the boundary is hit exactly.
    desk = SupportDesk(agents=2, arrivals=40, handle_time=240, patience=120)
    run = simulate(desk, _MONDAY, _MONDAY + 2 * _H, seed=seed)
    waits = run.waits()
    kinds = [c.abandoned for c in run.contacts()]
    observed = [w for w in waits if w is not None]
    if not observed:
        return
    t = data.draw(st.sampled_from(observed))
    s = run.summary(within=t, short_abandon=t)
    answered = [w for w, gone in zip(waits, kinds, strict=True) if w is not None and not gone]
    abandoned = [w for w, gone in zip(waits, kinds, strict=True) if w is not None and gone]
    assert s.answered_within == sum(w <= t for w in answered)
    assert s.abandoned_within == sum(w <= t for w in abandoned)
    assert s.short_abandoned == sum(w < t for w in abandoned)


def test_a_roster_that_dips_for_an_hour_gets_its_busy_agent_back() -> None:
    # Two agents, rostered 2 - 1 - 2 over Monday 00:00-03:00 UTC, handling ten-hour contacts:
    # at 01:00 one busy agent is due off shift when done; at 02:00 the roster asks for two
    # again, and that agent (still busy) stays on, so both agents answer the queue after it.
    counts = [2] * 168
    counts[1] = 1  # Monday 01:00-02:00
    desk = SupportDesk(agents=2, arrivals=60, handle_time=36000, roster=Roster(counts, "UTC"))
    run = simulate(desk, _MONDAY, _MONDAY + 3 * _H, seed=3)
    contacts = run.contacts()
    busy_over_the_dip = [
        c
        for c in contacts
        if c.answered_at is not None
        and c.answered_at < _MONDAY + _H
        and c.solved_at is not None
        and c.solved_at > _MONDAY + 2 * _H
    ]
    assert len(busy_over_the_dip) == 2  # the premise: both agents busy through the dip
    later = {c.agent for c in contacts if c.answered_at and c.answered_at >= _MONDAY + 2 * _H}
    assert len(later) == 2


# --- goals ---------------------------------------------------------------------------------------

_G_START = datetime(2026, 8, 3, tzinfo=UTC)
_G_DEADLINE = _G_START + timedelta(weeks=13)


def _goal() -> SmartGoal:
    return SmartGoal(
        name="replies under 2 h",
        kpi="first_reply_time",
        statistic="mean",
        unit="h",
        comparator="<",
        target=2.0,
        baseline=4.0,
        objective="customers hear from us fast",
        start=_G_START,
        deadline=_G_DEADLINE,
    )


@pytest.mark.parametrize("last", [_G_START + timedelta(weeks=4), _G_DEADLINE])
def test_a_period_starting_at_the_evaluation_instant_is_used(last: datetime) -> None:
    # SmartGoal.evaluate: "points with a value whose period starts within
    # [start, min(at, deadline)] are used" -- a closed interval at both ends.
    series = {_G_START: Estimate("frt", 3.0, 50), last: Estimate("frt", 1.5, 50)}
    status = _goal().evaluate(series, at=last)
    assert status.latest_at == last
    assert status.status is GoalState.ACHIEVED  # 1.5 h < 2 h
    assert _goal().evaluate(series, at=last - timedelta(microseconds=1)).latest_at == _G_START


def test_a_wall_clock_reminder_due_at_the_pause_fires_when_the_clock_resumes() -> None:
    # before_due with time = "calendar" on a business-hours target: "wall-clock hours before
    # the deadline as projected while the clock runs". Monday 09:00 + 4 business hours is
    # 13:00, so the reminder an hour before is at 12:00 -- the instant the ticket goes pending,
    # when the clock no longer runs. From the resume at 14:00 the deadline is 15:00, and an
    # hour before it is the resume itself.
    policy = SLAPolicy("p", {"normal": [Target("resolution", "4h")]}, calendar=_OFFICE)
    events = [
        StatusChange("p", _berlin(2, 12), status="pending"),
        StatusChange("o", _berlin(2, 14), status="open"),
    ]
    (m,) = evaluate(policy, TicketHistory(Ticket("T", _berlin(2, 9)), events), at=_berlin(2, 15))
    assert m.due_at == _berlin(2, 15)
    ladder = EscalationLadder(
        [EscalationLevel("reminder", Trigger.before_due("1h", business=False))]
    )
    assert [s.at for s in ladder.timeline(m)] == [_berlin(2, 14)]


_ROSTER_ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]


def _offset_changes(zone_name: str) -> list[datetime]:
    """The hours of 2026 (UTC) after which ``zone_name``'s UTC offset differs (DST changes)."""
    tz = ZoneInfo(zone_name)
    hours = [datetime(2026, 1, 1, tzinfo=UTC) + k * _H for k in range(366 * 24)]
    return [
        a
        for a, b in pairwise(hours)
        if a.astimezone(tz).utcoffset() != b.astimezone(tz).utcoffset()
    ]


_NEAR_CHANGES = [(z, t) for z in _ROSTER_ZONES for t in _offset_changes(z)] + [
    ("UTC", datetime(2026, 3, 2, tzinfo=UTC))
]


@pytest.mark.parametrize("slots", [168, 336])
@pytest.mark.parametrize("near", _NEAR_CHANGES, ids=lambda v: f"{v[0]}-{v[1]:%m-%d}")
@given(st.integers(-12, 12), st.integers(0, 15 * 60 * 10**6 - 1), st.floats(0, 1, exclude_max=True))
def test_a_roster_count_never_changes_before_its_next_change(
    slots: int, near: tuple[str, datetime], quarter: int, us: int, share: float
) -> None:
    # Roster.next_change is "the next slot boundary after t, where the count may change": with
    # a different count in every slot of the (local) week, every instant from t up to it has the
    # count at t -- also around a DST change, and in an autumn change's repeated hour, where
    # the wall clock goes back. t is drawn within three hours of each change of 2026.
    zone_name, anchor = near
    roster = Roster(list(range(slots)), zone_name)
    t = anchor + quarter * timedelta(minutes=15) + timedelta(microseconds=us)
    change = roster.next_change(t)
    assert change > t
    # Any instant in [t, change) (timedelta * float rounds to the microsecond: kept below).
    between = min(t + (change - t) * share, change - timedelta(microseconds=1))
    assert roster.agents_at(between) == roster.agents_at(t)
    assert roster.agents_at(change - timedelta(microseconds=1)) == roster.agents_at(t)


def test_the_repeated_hour_of_an_autumn_change_has_its_own_slot_changes() -> None:
    # Berlin, 25 October 2026: 02:00-03:00 CEST, then 02:00-03:00 CET again. A half-hour roster
    # changes at 02:30 CEST, then back to the 02:00 slot at 02:00 CET, and at 02:30 CET.
    roster = Roster(list(range(336)), "Europe/Berlin")
    t = datetime(2026, 10, 25, 0, 15, tzinfo=UTC)  # 02:15 CEST
    changes = []
    for _ in range(3):
        t = roster.next_change(t)
        changes.append(t)
    assert changes == [
        datetime(2026, 10, 25, h, m, tzinfo=UTC) for h, m in ((0, 30), (1, 0), (1, 30))
    ]


@pytest.mark.parametrize(
    ("comparator", "met"), [("<", False), ("<=", True), (">", False), (">=", True)]
)
def test_a_goal_whose_latest_value_equals_its_target_meets_only_an_inclusive_comparator(
    comparator: str, met: bool
) -> None:
    # docs/goals.md: the comparator is one of <, <=, >, >= with its ordinary meaning, so a
    # value exactly at the target meets <= and >= and misses < and >.
    assert Comparator(comparator).holds(2.0, 2.0) is met
    baseline = 4.0 if comparator.startswith("<") else 1.0
    goal = attrs.evolve(_goal(), comparator=comparator, baseline=baseline)
    series = {_G_START: Estimate("frt", 3.0, 50), _G_DEADLINE: Estimate("frt", 2.0, 50)}
    status = goal.evaluate(series, at=_G_DEADLINE)
    assert (status.status is GoalState.ACHIEVED) is met
