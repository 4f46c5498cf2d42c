"""``TicketSLA.overdue``: the running clocks already past their deadline, with the breach instant.

docs/live.md: ``next_breach()`` lists the earliest deadline still ahead; ``overdue(at)`` lists
the deadlines already passed and not yet met (Zammad's ``escalation_at`` stays in the past once
breached), earliest breach first. It takes the view ``next_breach`` and ``timers`` take -- no
further event: a solved ticket's clocks are stopped -- and a clock paused after its breach is
still overdue (a breach is final). Law: for any history cut anywhere and any instant ``at`` at
or after the cut, the live state's ``overdue(at)`` is exactly the ``breached`` clocks with no
``stopped_at`` that the batch ``evaluate`` gives for the same events at ``at``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import EventOrderError, InputTypeError
from servicemodel.model import (
    AgentReply,
    InternalNote,
    PriorityChange,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import MeasurementState, PolicySet, SLAPolicy, Target, TicketSLA, evaluate
from servicemodel.strategies import histories, policy_sets

OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": ["09:00-12:00", "13:00-17:00"]})
TARGETS = [
    Target("first_reply", "4h", business=False),
    Target("next_reply", "2h"),
    Target("periodic_update", "3h", business=False),
    Target("resolution", "2d"),
    Target("agent_work", "8h"),
    Target("requester_wait", "6h", business=False),
]
DESK = SLAPolicy(
    "desk",
    dict.fromkeys(("low", "normal", "high", "urgent"), TARGETS),
    pause=["pending", "on_hold"],
    calendar=OFFICE,
)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
SHORT = SLAPolicy(
    "short",
    {
        "normal": [
            Target("first_reply", "1h", business=False),
            Target("resolution", "2h", business=False),
        ]
    },
    pause=["pending"],
)


def _key(m: object) -> tuple[str, str, int]:
    return (m.policy, m.metric.value, m.cycle)  # type: ignore[attr-defined]


@given(
    policies=st.just(DESK) | policy_sets(),
    history=histories(max_events=10),
    cut=st.integers(0, 10),
    later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=9)),
)
def test_live_overdue_is_batch_breached_and_still_running(
    policies: SLAPolicy | PolicySet, history: TicketHistory, cut: int, later: timedelta
) -> None:
    events = list(history.events)[:cut]
    state = TicketSLA.replay(policies, history.ticket, events)
    at = state.last_event_at + later
    live = state.overdue(at)
    batch = [
        m
        for m in evaluate(policies, TicketHistory(history.ticket, events), at=at)
        if m.state is MeasurementState.BREACHED and m.stopped_at is None
    ]
    assert sorted(live, key=_key) == sorted(batch, key=_key)
    # Earliest breach first, each in the past (or now) and past its target.
    instants = [m.breached_at for m in live]
    assert all(b is not None and b <= at for b in instants)
    assert instants == sorted(instants)  # type: ignore[type-var]
    assert all(m.evaluated_at == at for m in live)


@given(history=histories(max_events=10))
def test_overdue_and_next_breach_split_the_running_clocks(history: TicketHistory) -> None:
    # At the last event every clock with a deadline, not stopped, is either still in time
    # (its breach lies ahead: next_breach is the earliest such) or past it (overdue).
    state = TicketSLA.replay(DESK, history.ticket, history.events)
    measured = state.measurements(ended=True)
    overdue = {_key(m) for m in state.overdue()}
    ahead = {_key(m) for m in measured if m.state is MeasurementState.ACTIVE}
    assert not overdue & ahead
    breached = {
        _key(m) for m in measured if m.state is MeasurementState.BREACHED and m.stopped_at is None
    }
    assert overdue == breached
    breach = state.next_breach()
    assert (breach is None) == (not ahead)


#: Shorter targets for higher priorities: a raise after some time makes a deadline retroactive.
TIERED = SLAPolicy(
    "tiered",
    {
        "low": [Target("first_reply", "8h", business=False), Target("resolution", "3d")],
        "normal": [Target("first_reply", "4h", business=False), Target("resolution", "2d")],
        "high": [Target("first_reply", "1h", business=False), Target("resolution", "8h")],
        "urgent": [
            Target("first_reply", "15m", business=False),
            Target("next_reply", "30m", business=False),
            Target("resolution", "4h", business=False),
        ],
    },
    pause=["pending"],
    calendar=OFFICE,
)


@given(
    policies=st.just(TIERED) | policy_sets(),
    history=histories(max_events=10),
    cut=st.integers(0, 10),
    change=st.none()
    | st.tuples(
        st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=12)),
        st.sampled_from(["urgent", "high", "normal", "low"]),
    ),
)
def test_no_clock_is_both_overdue_and_the_next_breach(
    policies: SLAPolicy | PolicySet,
    history: TicketHistory,
    cut: int,
    change: tuple[timedelta, str] | None,
) -> None:
    # docs/live.md: next_breach() is the earliest deadline still ahead; a clock already past
    # its deadline -- a retroactive one too (a priority change at the last event) -- is in
    # overdue(), not there. timers() keeps that breach at the change, for the loop to fire.
    # The history is cut anywhere, and may end in a priority change (a raise after some time
    # is what makes a deadline retroactive).
    events = list(history.events)[:cut]
    if change is not None:
        start = events[-1].at if events else history.ticket.created_at
        events.append(PriorityChange("last-change", start + change[0], priority=change[1]))
    state = TicketSLA.replay(policies, history.ticket, events)
    last = state.last_event_at
    overdue = {(m.metric, m.cycle): m for m in state.overdue()}
    breached = {
        (m.metric, m.cycle)
        for m in state.measurements(ended=True)
        if m.state is MeasurementState.BREACHED
    }
    assert set(overdue) <= breached
    breach = state.next_breach()
    assert breach is None or (breach.metric, breach.cycle) not in breached
    timers = [t for t in state.timers() if t.kind == "breach"]
    for t in timers:
        late = overdue.get((t.metric, t.cycle))
        if late is not None:  # no breach ahead: its own breach, at the last event at most
            assert t.at == late.breached_at == last
    ahead = [t for t in timers if (t.metric, t.cycle) not in breached]
    assert breach == (ahead[0] if ahead else None)


def test_a_deadline_made_retroactive_at_the_last_event_is_overdue_not_next() -> None:
    # Raised to high (first reply within 1 h) two hours in: breached at the raise (docs/sla.md,
    # "Priority changes"), so overdue at once; the deadline still ahead is resolution's, 8
    # business hours from Monday 10:00 Berlin (09:00 UTC): 6 on Monday (10-12, 13-17), 2 on
    # Tuesday (09-11 Berlin), so Tuesday 10:00 UTC.
    state = TicketSLA(TIERED, Ticket("T-6", T0))
    raised = T0 + timedelta(hours=2)
    state.apply(PriorityChange("p", raised, priority="high"))
    (late,) = state.overdue()
    assert (late.metric.value, late.breached_at, late.due_at) == (
        "first_reply", raised, T0 + timedelta(hours=1))  # fmt: skip
    breach = state.next_breach()
    assert breach is not None
    assert (breach.metric.value, breach.at) == ("resolution", datetime(2026, 3, 3, 10, tzinfo=UTC))
    # The loop still fires the retroactive breach, at the raise.
    assert [(t.metric.value, t.at) for t in state.timers() if t.kind == "breach"] == [
        ("first_reply", raised), ("resolution", breach.at)]  # fmt: skip


def test_a_deadline_passed_unmet_stays_listed_until_the_reply() -> None:
    state = TicketSLA(SHORT, Ticket("T-1", T0))
    assert state.overdue() == ()  # at creation nothing is late
    assert state.overdue(T0 + timedelta(hours=1)) == ()  # at the deadline: still on time
    (m,) = state.overdue(T0 + timedelta(hours=1, minutes=30))
    assert (m.metric.value, m.breached_at, m.overdue) == (
        "first_reply", T0 + timedelta(hours=1), timedelta(minutes=30))  # fmt: skip
    # next_breach is unchanged: the earliest deadline still ahead, at or after the last event.
    assert state.next_breach() is not None
    assert state.next_breach().metric.value == "first_reply"  # type: ignore[union-attr]
    both = state.overdue(T0 + timedelta(hours=3))
    assert [(m.metric.value, m.breached_at) for m in both] == [
        ("first_reply", T0 + timedelta(hours=1)),
        ("resolution", T0 + timedelta(hours=2)),
    ]
    state.apply(AgentReply("r", T0 + timedelta(hours=3)))
    (left,) = state.overdue()
    assert left.metric.value == "resolution"


def test_an_internal_note_is_no_reply_and_a_pause_after_the_breach_is_still_overdue() -> None:
    state = TicketSLA(SHORT, Ticket("T-2", T0))
    state.apply(InternalNote("n", T0 + timedelta(hours=2, minutes=30), agent="ana"))
    state.apply(StatusChange("p", T0 + timedelta(hours=2, minutes=45), status="pending"))
    assert [m.metric.value for m in state.overdue(T0 + timedelta(hours=5))] == [
        "first_reply",
        "resolution",
    ]
    assert state.next_breach() is None  # every running clock is past its deadline


def test_a_solved_ticket_has_nothing_overdue() -> None:
    # As timers and next_breach take it: no further event, so its clocks stopped at the solve.
    state = TicketSLA(SHORT, Ticket("T-3", T0))
    state.apply(StatusChange("s", T0 + timedelta(hours=3), status="solved"))
    assert state.overdue() == ()
    assert state.overdue(T0 + timedelta(days=3)) == ()
    assert {m.state for m in state.measurements(ended=True)} == {MeasurementState.BREACHED}


def test_an_instant_before_the_last_event_or_of_another_type_is_refused() -> None:
    state = TicketSLA(SHORT, Ticket("T-4", T0))
    state.apply(InternalNote("n", T0 + timedelta(hours=2), agent="ana"))
    with pytest.raises(EventOrderError, match="'T-4': at"):
        state.overdue(T0)
    with pytest.raises(InputTypeError):
        state.overdue("2026-03-02T12:00:00Z")  # type: ignore[arg-type]


def test_a_calendar_error_names_the_ticket_as_measurements_does() -> None:
    # overdue measures every clock: a calendar query past its limit names the ticket there too.
    from servicemodel.errors import CalendarError
    from servicemodel.model import CustomerMessage

    office = SLAPolicy.from_dict(
        {
            "name": "office",
            "calendar": {"tz": "Europe/Berlin", "hours": {"mon-fri": "09:00-17:00"}},
            "targets": {"normal": [{"metric": "first_reply", "within": "40h"}]},
        }
    )
    state = TicketSLA(office, Ticket("T-9", T0))
    assert state.apply(CustomerMessage("m1", datetime(3000, 1, 1, tzinfo=UTC)))
    with pytest.raises(CalendarError, match=r"^ticket 'T-9' \(created .*measured at 3000-01-01"):
        state.overdue()


def test_the_earliest_breach_comes_first_whatever_the_metric() -> None:
    # Resolution (1 h) breaches before first reply (3 h): the breach instants set the order.
    policy = SLAPolicy(
        "p",
        {
            "normal": [
                Target("first_reply", "3h", business=False),
                Target("resolution", "1h", business=False),
            ]
        },
    )
    state = TicketSLA(policy, Ticket("T-5", T0))
    late = state.overdue(T0 + timedelta(hours=5))
    assert [(m.metric.value, m.breached_at) for m in late] == [
        ("resolution", T0 + timedelta(hours=1)),
        ("first_reply", T0 + timedelta(hours=3)),
    ]
    assert [m.overdue for m in late] == [timedelta(hours=4), timedelta(hours=2)]
