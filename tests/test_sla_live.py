"""The live SLA engine (issue 12): TicketSLA, same-instant events, persistence, laws."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, EventOrderError, InputTypeError, RecordError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.io import history_to_dict, load_csv, load_jsonl
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    PriorityChange,
    Reopen,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import (
    GroupIn,
    Measurement,
    MeasurementState,
    Metric,
    PolicySet,
    SLAPolicy,
    Target,
    TicketSLA,
    Timer,
    evaluate,
)
from servicemodel.strategies import histories, tickets
from servicemodel.strategies._sla import ladders, policies, policy_sets

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
H = timedelta(hours=1)
REPLY_TARGETS = {
    "normal": [
        Target("first_reply", "8h", business=False),
        Target("resolution", "2d", business=False),
    ],
    "urgent": [Target("first_reply", "1h", business=False)],
}
POLICY = SLAPolicy("p", REPLY_TARGETS)


def verdicts(ms: tuple[Measurement, ...]) -> list[tuple[str, str, str]]:
    return [(m.metric.value, m.state.value, m.priority.value) for m in ms]


# -- same-instant events: the bugs issue 12 names ----------------------------------------------


def test_priority_change_recorded_after_the_stopping_reply_does_not_reach_its_clock() -> None:
    # Replied after 5 h at normal (8 h): achieved. Raised to urgent (1 h) at the same instant,
    # recorded after the reply: the clock had already stopped, so it stays achieved.
    h = TicketHistory(
        Ticket("T", T0),
        [AgentReply("r", T0 + 5 * H), PriorityChange("c", T0 + 5 * H, priority="urgent")],
    )
    (fr, *_) = evaluate(POLICY, h)
    assert (fr.metric, fr.state, fr.priority) == (
        Metric.FIRST_REPLY,
        MeasurementState.ACHIEVED,
        "normal",
    )


def test_priority_change_recorded_before_the_stopping_reply_is_in_force() -> None:
    # Recorded order decides: raised to urgent, then replied, at one instant -- the reply
    # answered an urgent ticket 5 h late, breached at the change.
    h = TicketHistory(
        Ticket("T", T0),
        [PriorityChange("c", T0 + 5 * H, priority="urgent"), AgentReply("r", T0 + 5 * H)],
    )
    (fr, *_) = evaluate(POLICY, h)
    assert (fr.state, fr.priority, fr.breached_at) == ("breached", "urgent", T0 + 5 * H)


def test_two_priority_changes_at_one_instant_leave_no_zero_length_stretch() -> None:
    # normal -> urgent -> normal at one instant: urgent was never in force, no breach.
    at = T0 + 5 * H
    h = TicketHistory(
        Ticket("T", T0),
        [
            PriorityChange("c1", at, priority="urgent"),
            PriorityChange("c2", at, priority="normal"),
            AgentReply("r", T0 + 6 * H),
        ],
    )
    (fr, *_) = evaluate(POLICY, h)
    assert (fr.state, fr.priority, fr.target_since) == ("achieved", "normal", T0)
    # Two changes at one instant equal the last one alone.
    h2 = TicketHistory(
        Ticket("T", T0),
        [
            PriorityChange("c1", at, priority="high"),
            PriorityChange("c2", at, priority="urgent"),
            AgentReply("r", T0 + 6 * H),
        ],
    )
    h3 = TicketHistory(
        Ticket("T", T0),
        [PriorityChange("c2", at, priority="urgent"), AgentReply("r", T0 + 6 * H)],
    )
    assert evaluate(POLICY, h2) == evaluate(POLICY, h3)


def test_finished_resolution_clock_survives_a_change_recorded_after_the_solve() -> None:
    # Solved, then (same instant) moved to urgent, which has no resolution target: the
    # finished resolution clock must stay in attainment.
    at = T0 + 3 * H
    h = TicketHistory(
        Ticket("T", T0),
        [
            AgentReply("r", T0 + H),
            StatusChange("s", at, status="solved"),
            PriorityChange("c", at, priority="urgent"),
        ],
    )
    assert ("resolution", "achieved", "normal") in verdicts(evaluate(POLICY, h))


@st.composite
def same_instant_groups(draw: st.DrawFn) -> tuple[TicketHistory, list[Event]]:
    """A history whose last instant carries a group of priority changes, plus a second group."""
    h = draw(histories(max_events=8))
    at = h.last_event_at
    n = draw(st.integers(1, 4))
    prios = draw(st.lists(st.sampled_from(["low", "normal", "high", "urgent"]), min_size=n))
    group: list[Event] = [PriorityChange(f"g{i}", at, priority=p) for i, p in enumerate(prios)]
    return h, group


@given(policies(), same_instant_groups())
def test_a_group_of_priority_changes_at_one_instant_equals_its_last(
    policy: SLAPolicy, drawn: tuple[TicketHistory, list[Event]]
) -> None:
    h, group = drawn
    whole = TicketHistory(h.ticket, [*h.events, *group])
    last = TicketHistory(h.ticket, [*h.events, group[-1]])
    assert evaluate(policy, whole) == evaluate(policy, last)


@given(policies(), same_instant_groups())
def test_events_recorded_after_a_stop_at_its_instant_never_change_that_clock(
    policy: SLAPolicy, drawn: tuple[TicketHistory, list[Event]]
) -> None:
    h, group = drawn
    before = {(m.metric, m.cycle): m for m in evaluate(policy, h) if m.stopped_at is not None}
    after = {
        (m.metric, m.cycle): m
        for m in evaluate(policy, TicketHistory(h.ticket, [*h.events, *group]))
    }
    for key, m in before.items():
        if m.metric in (Metric.FIRST_REPLY, Metric.NEXT_REPLY, Metric.PERIODIC_UPDATE):
            assert attrs.evolve(after[key], evaluated_at=m.evaluated_at) == m


# -- the live state ----------------------------------------------------------------------------


def test_redelivery_is_ignored_and_late_events_are_an_order_error() -> None:
    s = TicketSLA(POLICY, Ticket("T", T0))
    msg = CustomerMessage("m", T0 + 2 * H)
    assert s.apply(msg) is True
    before = s.to_dict()
    assert s.apply(msg) is False
    assert s.to_dict() == before
    with pytest.raises(EventOrderError, match="older than the last applied event"):
        s.apply(AgentReply("late", T0 + H))
    with pytest.raises(EventOrderError, match="before the ticket's creation"):
        TicketSLA(POLICY, Ticket("T", T0)).apply(AgentReply("x", T0 - H))
    with pytest.raises(EventOrderError, match="reopens a ticket"):
        s.apply(Reopen("o", T0 + 3 * H))
    assert s.to_dict() == before
    # The documented way in: replay the stored events with the late one.
    replayed = TicketSLA.replay(POLICY, Ticket("T", T0), [msg, AgentReply("late", T0 + H)])
    h = TicketHistory(Ticket("T", T0), [AgentReply("late", T0 + H), msg])
    assert replayed.measurements(ended=True) == evaluate(POLICY, h)
    with pytest.raises(InputTypeError):
        s.apply("not an event")  # type: ignore[arg-type]
    with pytest.raises(EventOrderError, match="before the last applied event"):
        s.measurements(T0)


def test_an_event_given_as_its_json_dict_names_the_reader_that_makes_one() -> None:
    # A webhook handler's first try is to apply the JSON it received; the error said only
    # "got dict". The reader it names takes that very dict.
    from servicemodel.io import event_from_dict

    data = {"kind": "agent_reply", "id": "r", "at": "2026-03-02T10:00:00Z"}
    hint = "; read a dict in the JSON Lines form with servicemodel.io.event_from_dict"
    state = TicketSLA(POLICY, Ticket("T", T0))
    with pytest.raises(InputTypeError) as err:
        state.apply(data)  # type: ignore[arg-type]
    assert str(err.value) == "ticket 'T': event: expected an Event, got dict" + hint
    with pytest.raises(InputTypeError) as err:
        TicketSLA.replay(POLICY, Ticket("T", T0), [data])  # type: ignore[list-item]
    assert str(err.value) == "ticket 'T': events: expected an Event, got dict" + hint
    with pytest.raises(InputTypeError) as err:
        TicketHistory(Ticket("T", T0), [data])  # type: ignore[list-item]
    assert str(err.value).endswith(hint)
    assert state.apply(event_from_dict(data)) is True
    with pytest.raises(InputTypeError) as err:
        state.apply("not an event")  # type: ignore[arg-type]
    assert str(err.value) == "ticket 'T': event: expected an Event, got str"


def test_subclassed_events_are_recognised_by_kind() -> None:
    @attrs.frozen
    class BotReply(AgentReply):
        bot: str = "helper"

    s = TicketSLA(POLICY, Ticket("T", T0))
    s.apply(BotReply("r", T0 + H))
    h = TicketHistory(Ticket("T", T0), [BotReply("r", T0 + H)])
    assert evaluate(POLICY, h)[0].state is MeasurementState.ACHIEVED
    assert s.measurements()[0].state is MeasurementState.ACHIEVED


def test_overdue_instead_of_negative_remaining() -> None:
    (m, _) = evaluate(POLICY, TicketHistory(Ticket("T", T0), []), at=T0 + 9 * H)
    assert m.overdue == H
    assert m.remaining == -H
    (m, _) = evaluate(POLICY, TicketHistory(Ticket("T", T0), []), at=T0 + 7 * H)
    assert m.overdue == timedelta(0)


def test_timers_and_next_breach() -> None:
    s = TicketSLA(POLICY, Ticket("T", T0))
    kinds = [(t.metric.value, t.kind, t.fraction, t.at - T0) for t in s.timers()]
    assert kinds == [
        ("first_reply", "warning", 0.5, 4 * H),
        ("first_reply", "warning", 0.75, 6 * H),
        ("first_reply", "breach", None, 8 * H),
        ("resolution", "warning", 0.5, 24 * H),
        ("resolution", "warning", 0.75, 36 * H),
        ("resolution", "breach", None, 48 * H),
    ]
    nb = s.next_breach()
    assert nb is not None
    assert (nb.metric, nb.at) == (Metric.FIRST_REPLY, T0 + 8 * H)
    ladder = EscalationLadder([EscalationLevel("lead", Trigger.at_breach())])
    escalations = [t for t in s.timers(ladder=ladder) if t.kind == "escalation"]
    assert [(t.level, t.at - T0) for t in escalations] == [("lead", 8 * H), ("lead", 48 * H)]
    s.apply(PriorityChange("c", T0 + 2 * H, priority="urgent"))
    # Raised to urgent after 2 h: the 1 h target is already overrun -- both warnings and the
    # breach happen at the change.
    now = [(t.kind, t.fraction) for t in s.timers() if t.at == T0 + 2 * H]
    assert now == [("warning", 0.5), ("warning", 0.75), ("breach", None)]
    t = next(t for t in s.timers() if t.kind == "breach")
    assert (t.at, t.metric) == (T0 + 2 * H, Metric.FIRST_REPLY)
    assert t.key == ("T", "first_reply", 0, "breach", None, 0)
    # That breach has happened (at the change): the clock is overdue, not a deadline still
    # ahead (docs/live.md), and urgent sets no resolution target: nothing is ahead.
    (late,) = s.overdue()
    assert (late.metric, late.breached_at) == (Metric.FIRST_REPLY, T0 + 2 * H)
    assert s.next_breach() is None


def test_policy_is_matched_again_when_fields_change() -> None:
    tier1 = SLAPolicy(
        "tier1",
        {
            "normal": [
                Target("first_reply", "8h", business=False),
                Target("resolution", "2d", business=False),
            ]
        },
        condition=GroupIn(["tier-1"]),
    )
    tier2 = SLAPolicy(
        "tier2",
        {
            "normal": [
                Target("first_reply", "1h", business=False),
                Target("resolution", "4h", business=False),
            ]
        },
        condition=GroupIn(["tier-2"]),
    )
    ps = PolicySet([tier1, tier2])
    events: list[Event] = [
        AgentReply("r", T0 + 2 * H),  # first reply achieved under tier1 (8 h)
        AssignmentChange("a", T0 + 3 * H, group="tier-2"),
    ]
    h = TicketHistory(Ticket("T", T0, group="tier-1"), events)
    by_metric = {m.metric.value: m for m in evaluate(ps, h)}
    # The finished clock keeps the policy it stopped under; the running one follows tier2.
    assert (by_metric["first_reply"].policy, by_metric["first_reply"].state) == (
        "tier1",
        "achieved",
    )
    assert (by_metric["resolution"].policy, by_metric["resolution"].state) == ("tier2", "active")
    s = TicketSLA.replay(ps, h.ticket, events)
    assert s.policy is tier2
    assert s.ticket.group == "tier-2"
    assert s.measurements(ended=True) == evaluate(ps, h)
    # Moved to a group no policy covers: no running clock; the finished one stays.
    s.apply(AssignmentChange("b", T0 + 4 * H, group="billing"))
    assert s.policy is None
    assert [m.metric.value for m in s.measurements()] == ["first_reply"]


def _by_group() -> PolicySet:
    """Tier 1 answers within 1 h, tier 2 within 8 h (calendar time, no warnings)."""

    def tier(name: str, within: str) -> SLAPolicy:
        target = Target("first_reply", within, business=False)
        return SLAPolicy(name, {"normal": [target]}, condition=GroupIn([name]), warn_at=[])

    return PolicySet([tier("tier-1", "1h"), tier("tier-2", "8h")])


def test_a_breach_is_final_when_the_ticket_moves_to_a_looser_policy() -> None:
    # Breached at 10:00 under tier 1 (1 h), moved to tier 2 (8 h) at 11:00. The move used
    # to measure the clock under tier 2 from its start: active again, breach undone, so
    # the verdict changed with the instant it was asked at.
    h = TicketHistory(
        Ticket("T", T0, group="tier-1"),
        [AssignmentChange("g", T0 + 2 * H, group="tier-2"), CustomerMessage("m", T0 + 3 * H)],
    )
    for at in (T0 + 90 * timedelta(minutes=1), T0 + 3 * H):
        (m,) = evaluate(_by_group(), h, at=at)
        assert (m.policy, m.state.value, m.breached_at) == ("tier-1", "breached", T0 + H)
    (m,) = TicketSLA.from_history(_by_group(), h).measurements(ended=True)
    assert (m.policy, m.breached_at) == ("tier-1", T0 + H)


def test_a_tighter_policy_breaches_at_the_move_not_before() -> None:
    # Two hours in under tier 2 (8 h), moved to tier 1 (1 h): breached at the move, as a
    # priority change would be; the breach used to be dated 10:00, under tier 2's watch.
    h = TicketHistory(
        Ticket("T", T0, group="tier-2"), [AssignmentChange("g", T0 + 2 * H, group="tier-1")]
    )
    (m,) = evaluate(_by_group(), h)
    assert (m.policy, m.state.value) == ("tier-1", "breached")
    assert (m.due_at, m.breached_at, m.target_since) == (T0 + H, T0 + 2 * H, T0 + 2 * H)


@st.composite
def tier_sets(draw: st.DrawFn) -> PolicySet:
    """Two random policies, one per group the generated events move tickets between."""
    one, two = draw(policies()), draw(policies())
    return PolicySet(
        [
            attrs.evolve(one, name="t1", condition=GroupIn(["tier-1"])),
            attrs.evolve(two, name="t2", condition=GroupIn(["tier-2"])),
        ]
    )


#: Histories of tickets that start in a tier and move between tiers.
MOVES = histories(
    tickets=st.tuples(tickets(), st.sampled_from(["tier-1", "tier-2"])).map(
        lambda pair: attrs.evolve(pair[0], group=pair[1])
    ),
    kinds=("customer_message", "agent_reply", "status_change", "assignment_change"),
)


@given(tier_sets() | policy_sets(max_policies=3), MOVES | histories(), st.data())
def test_verdicts_are_final_across_policy_changes(
    policies: PolicySet, h: TicketHistory, data: st.DataObject
) -> None:
    a, b = sorted(data.draw(st.lists(instants(h), min_size=2, max_size=2)))
    early = {(m.metric, m.cycle): m for m in evaluate(policies, h, at=a)}
    late = {(m.metric, m.cycle): m for m in evaluate(policies, h, at=b)}
    for key, m in early.items():
        if m.state.is_final:
            n = late[key]
            assert (n.state, n.policy, n.achieved_at, n.breached_at) == (
                m.state,
                m.policy,
                m.achieved_at,
                m.breached_at,
            )
        if m.breached_at is not None:
            assert m.breached_at >= m.target_since


#: A ticket breached in tier 1, matched by no policy for a while, then back in tier 1: its
#: breach is final, so the clock stays breached under tier 1 through the stretch without a
#: policy, and a ladder step that falls there fires live as the batch view lists it.
GAP_POLICIES = PolicySet(
    [
        SLAPolicy(
            "t1",
            {"normal": [Target("first_reply", "15m", business=False)]},
            condition=GroupIn(["tier-1"]),
        )
    ]
)
GAP = TicketHistory(
    Ticket("T-gap", T0, group="tier-1"),
    [
        AssignmentChange("a", T0 + timedelta(minutes=54), group=None),
        AssignmentChange("b", T0 + timedelta(minutes=61), group="tier-1"),
        AgentReply("r", T0 + 2 * H),
    ],
)
GAP_LADDER = EscalationLadder([EscalationLevel("manager", Trigger.after_breach("45m"))])


def test_leaving_every_policy_keeps_the_reopen_rule_of_the_last() -> None:
    # Under t2 (reopen = "first") the resolution clock stops at the first solve; a reopen and
    # a move to no policy do not run it again under the default rule ("final").
    target = [Target("resolution", "15m", business=False)]
    policies = PolicySet(
        [
            SLAPolicy("t1", {"low": target}, condition=GroupIn(["tier-1"])),
            SLAPolicy("t2", {"low": target}, condition=GroupIn(["tier-2"]), reopen="first"),
        ]
    )
    h = TicketHistory(
        Ticket("T-first", T0, priority="low", group="tier-2"),
        [
            StatusChange("e0", T0, status="solved"),
            StatusChange("e1", T0, status="new"),
            AssignmentChange("e2", T0 + timedelta(minutes=16), group=None),
        ],
    )
    for at in (T0, T0 + timedelta(minutes=16)):
        (m,) = evaluate(policies, h, at=at)
        assert (m.metric, m.policy, m.state, m.achieved_at) == ("resolution", "t2", "achieved", T0)
    state = TicketSLA.replay(policies, h.ticket, h.events)
    assert state.measurements(T0 + timedelta(minutes=16)) == evaluate(policies, h)


def test_a_breach_stays_while_no_policy_matches() -> None:
    # The ticket matches no policy from 00:54 to 01:01 (relative to T0); its first reply
    # clock breached at 00:15 under t1 and stays breached under t1 there, live and batch,
    # with the ladder step 45 minutes after the breach (01:00) due in that stretch.
    gap_at = T0 + timedelta(minutes=56)
    state = TicketSLA.replay(GAP_POLICIES, GAP.ticket, GAP.events[:1])
    assert state.policy is None
    (m,) = state.measurements(gap_at)
    assert (m.policy, m.state, m.breached_at) == ("t1", "breached", T0 + timedelta(minutes=15))
    assert evaluate(GAP_POLICIES, GAP, at=gap_at) == (m,)
    due = [t.at for t in state.timers(gap_at, ladder=GAP_LADDER) if t.kind == "escalation"]
    assert due == [T0 + H]
    (final,) = evaluate(GAP_POLICIES, GAP)
    assert [step.at for step in GAP_LADDER.timeline(final)] == [T0 + H]


@given(
    tier_sets() | policy_sets(max_policies=3),
    MOVES | histories(max_events=8),
    ladders(max_levels=3),
)
@example(GAP_POLICIES, GAP, GAP_LADDER)
def test_a_timer_loop_fires_what_batch_lists_when_the_policy_changes(
    policies: PolicySet, h: TicketHistory, ladder: EscalationLadder
) -> None:
    # A move to another policy replaces a clock's target as a priority change does: from
    # ``target_since`` on, the desk fires what the batch view lists.
    fired = fired_live(policies, h, ladder)
    listed, since = listed_by_batch(policies, h, ladder)

    def under_final(timers: set[Any]) -> set[Any]:
        return {(k, at) for k, at in timers if (k[1], k[2]) in since and at >= since[k[1], k[2]]}

    assert under_final(fired) == under_final(listed)


@given(tier_sets() | policy_sets(max_policies=3), MOVES | histories(), st.data())
def test_a_state_matched_again_round_trips(
    policies: PolicySet, h: TicketHistory, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(h.events)))
    s = TicketSLA.replay(policies, h.ticket, h.events[:cut])
    back = TicketSLA.from_dict(json.loads(json.dumps(s.to_dict())), policies)
    assert back == s
    for ev in h.events[cut:]:
        s.apply(ev)
        back.apply(ev)
    assert back.measurements(ended=True) == s.measurements(ended=True) == evaluate(policies, h)


# -- persistence -------------------------------------------------------------------------------


def test_state_round_trips_through_json() -> None:
    s = TicketSLA(POLICY, Ticket("T", T0, tags=["vip"], attributes={"plan": "team"}))
    for ev in [
        CustomerMessage("m", T0),
        AgentReply("r", T0 + H),
        StatusChange("s", T0 + 2 * H, status="pending"),
    ]:
        s.apply(ev)
    data = json.loads(json.dumps(s.to_dict()))
    back = TicketSLA.from_dict(data, POLICY)
    assert back == s
    assert back.measurements() == s.measurements()
    assert repr(back).startswith("TicketSLA(ticket='T', policy='p', applied=3")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schema": 0}, "unsupported TicketSLA state schema 0.*older servicemodel"),
        ({"schema": 2}, "unsupported TicketSLA state schema 2.*newer servicemodel"),
        ({"schema": "1"}, "unsupported TicketSLA state schema '1'"),
        ({"schema": True}, "unsupported TicketSLA state schema True"),
        ({"schema": 1.0}, r"unsupported TicketSLA state schema 1\.0"),
        (
            {"first_stop": [T0.isoformat(), 1, "gone"]},
            r"first_stop\[2\]: the state names policy 'gone'",
        ),
        (
            {"statuses": [["2026-03-02T09:00:00+00:00", "limbo"]]},
            r"statuses\[0\]\[1\]: unknown value 'limbo'",
        ),
        ({"last": "yesterday"}, "last: cannot read instant 'yesterday'"),
        ({"first_stop": ["2026-03-02T09:00:00+00:00", 9, None]}, "more priority changes"),
        ({"extra": 1}, "extra: unknown key 'extra'"),
        ({"policy": []}, r"policy: expected a policy name or null, got \[\]"),
        ({"policy": {}}, r"policy: expected a policy name or null, got \{\}"),
        ({"first_stop": [T0.isoformat(), 1, ["p"]]}, r"first_stop\[2\]: expected a policy name"),
        (
            {"statuses": [[T0.isoformat(), "new"], [(T0 - H).isoformat(), "open"]]},
            r"statuses\[1\]\[0\]: entry at 2026-03-02T08:00:00\+00:00 is before the one at",
        ),
        ({"last": (T0 - H).isoformat()}, "last: last event at .* is before the ticket's creation"),
        (
            {"priorities": [[(T0 + H).isoformat(), "normal"]]},
            r"priorities\[0\]\[0\]: instant 2026-03-02T10:00:00\+00:00 is outside the ticket's",
        ),
        (
            {"last": (T0 + 2 * H).isoformat(), "statuses": [[(T0 + H).isoformat(), "new"]]},
            "statuses: a timeline starts at the ticket's creation",
        ),
        ({"next_open": (T0 + H).isoformat()}, "next_open: instant .* is outside the ticket's"),
    ],
)
def test_bad_states_are_config_errors(change: dict[str, Any], message: str) -> None:
    data = {**TicketSLA(POLICY, Ticket("T", T0)).to_dict(), **change}
    with pytest.raises(ConfigError, match=message):
        TicketSLA.from_dict(data, POLICY)


def _instant_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of every instant a stored state holds, but the ticket's and ``last``."""
    if isinstance(data, dict):
        skip = ("ticket", "last")
        return [p for k, v in data.items() if k not in skip for p in _instant_paths(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _instant_paths(v, (*path, i))]
    if isinstance(data, str) and path and path[0] not in ("ids", "priority_labels"):
        try:
            return [path] if datetime.fromisoformat(data).tzinfo is not None else []
        except ValueError:
            return []
    return []


@given(policies(conditions=True), histories(), st.data())
def test_a_stored_instant_outside_the_tickets_life_is_refused(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    # A state edited or corrupted in storage used to load and measure without an error
    # (a status timeline out of order, a last event before the creation), giving wrong
    # numbers. Every instant of a state lies between the creation and the last event.
    stored = TicketSLA.from_history(policy, h).to_dict()
    paths = _instant_paths(stored)
    path = data.draw(st.sampled_from(paths))
    created, last = h.created_at.astimezone(UTC), TicketSLA.from_history(policy, h).last_event_at
    outside = data.draw(st.sampled_from([created - timedelta(seconds=1), last + H]))
    bad = json.loads(json.dumps(stored))
    node = bad
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = outside.isoformat()
    with pytest.raises(ConfigError, match=r"outside the ticket's life|before the one at"):
        TicketSLA.from_dict(bad, policy)


@given(policies(conditions=True), histories())
def test_a_stored_state_holds_only_plain_json_types(policy: SLAPolicy, h: TicketHistory) -> None:
    plain = (str, int, float, bool, type(None))

    def odd(value: Any) -> list[type]:
        if isinstance(value, dict):
            return [t for k, v in value.items() for t in odd(k) + odd(v)]
        if isinstance(value, list):
            return [t for v in value for t in odd(v)]
        return [] if type(value) in plain else [type(value)]

    assert odd(TicketSLA.from_history(policy, h).to_dict()) == []


# -- laws (Hypothesis) -------------------------------------------------------------------------


def instants(h: TicketHistory) -> st.SearchStrategy[datetime]:
    created = h.created_at.astimezone(UTC)
    span = (h.last_event_at.astimezone(UTC) - created) + timedelta(days=2)
    return st.integers(0, span // timedelta(seconds=1)).map(
        lambda s: created + timedelta(seconds=s)
    )


def state_at(policy: SLAPolicy, h: TicketHistory, at: datetime) -> TicketSLA:
    s = TicketSLA(policy, h.ticket)
    for ev in h.events:
        if ev.at.astimezone(UTC) > at:
            break
        s.apply(ev)
    return s


@given(policies(conditions=True), histories(), st.data())
def test_applying_events_one_by_one_equals_evaluate_at_every_instant(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    at = data.draw(instants(h))
    assume(at >= h.created_at)
    s = state_at(policy, h, at)
    ended = at >= h.last_event_at
    assert s.measurements(at, ended=ended) == evaluate(policy, h, at=at)
    assert TicketSLA.from_history(policy, h).measurements(ended=True) == evaluate(policy, h)


@given(policies(conditions=True), histories(), st.data())
def test_running_totals_never_change_an_answer(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    # A state asked after every event keeps running totals per clock; a fresh state built
    # from the same events has none. Both must say the same, and equal the batch view.
    ladder = EscalationLadder(
        [
            EscalationLevel("remind", Trigger.before_due("1h")),
            EscalationLevel("b", Trigger.at_breach()),
        ]
    )
    s = TicketSLA(policy, h.ticket)
    for k, ev in enumerate(h.events, 1):
        s.apply(ev)
        fresh = TicketSLA.from_history(policy, TicketHistory(h.ticket, h.events[:k]))
        later = s.last_event_at + timedelta(minutes=data.draw(st.integers(0, 3000)))
        assert s.measurements(later) == fresh.measurements(later)
        assert s.timers(ladder=ladder) == fresh.timers(ladder=ladder)
        assert s.measurements(ended=True) == evaluate(policy, TicketHistory(h.ticket, h.events[:k]))


@given(policies(conditions=True), histories(), st.data())
def test_round_trip_then_continue_equals_no_round_trip(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(h.events)))
    s = TicketSLA(policy, h.ticket)
    for ev in h.events[:cut]:
        s.apply(ev)
    back = TicketSLA.from_dict(json.loads(json.dumps(s.to_dict())), policy)
    assert back == s
    for ev in h.events[cut:]:
        s.apply(ev)
        back.apply(ev)
    assert back == s
    assert back.measurements(ended=True) == s.measurements(ended=True) == evaluate(policy, h)


@given(policies(), histories(kinds=("customer_message", "internal_note", "status_change")))
def test_a_renamed_policy_changes_no_running_clock(policy: SLAPolicy, h: TicketHistory) -> None:
    # A state names the policy in force when it was written. A set that no longer has it
    # (renamed, or removed) used to refuse the state even when no clock had stopped under
    # it; only a stopped clock's policy is needed, and running clocks are matched again.
    s = TicketSLA.from_history(policy, h)
    stored = s.to_dict()
    stops = [stored[k] for k in ("first_stop", "first_solve", "last_solve")]
    stops += [stop for key in ("next_reply", "periodic") for _, stop in stored[key]]
    assume(all(stop is None for stop in stops))  # no clock stopped under the policy
    renamed = attrs.evolve(policy, name=f"{policy.name}-v2")
    back = TicketSLA.from_dict(json.loads(json.dumps(stored)), renamed)
    assert back.policy == renamed
    fresh = TicketSLA.from_history(renamed, h)
    assert back.measurements() == fresh.measurements()
    assert back.timers() == fresh.timers()


@given(policies(), histories(), st.data())
def test_reapplying_an_applied_event_changes_nothing(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    assume(h.events)
    s = TicketSLA.from_history(policy, h)
    before = s.to_dict()
    ev = data.draw(st.sampled_from(h.events))
    assert s.apply(ev) is False
    assert s.to_dict() == before


def observable(s: TicketSLA, at: datetime) -> list[tuple[Any, ...]]:
    """What a desk can see at ``at``: each clock's state and the warnings already crossed."""
    return [
        (m.metric, m.cycle, m.state, tuple(f for f, x in m.warnings if x is not None and x <= at))
        for m in s.measurements(at)
    ]


@given(policies(), histories(max_events=6), st.data())
def test_next_timer_is_never_past_and_nothing_changes_before_it(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    s = TicketSLA.from_history(policy, h)
    last = s.last_event_at
    timer = s.next_timer()
    now = observable(s, last)
    if timer is None:
        later = last + timedelta(days=data.draw(st.integers(1, 60)))
        assert [x[:3] for x in observable(s, later)] == [x[:3] for x in now]
        return
    assert timer.at >= last
    assume(timer.at > last)
    gap = (timer.at - last) // timedelta(seconds=1)
    assume(gap > 1)
    between = last + timedelta(seconds=data.draw(st.integers(1, gap - 1)))
    assert observable(s, between) == now


def fired_live(
    policy: SLAPolicy | PolicySet, h: TicketHistory, ladder: EscalationLadder
) -> set[Any]:
    """Every timer a timer loop fires over ``h``, asking the state after each event."""
    s = TicketSLA(policy, h.ticket)
    end = h.last_event_at.astimezone(UTC)
    out: set[Any] = set()
    events = list(h.events)
    # The state after k events fires what falls before the next event (an event at a
    # timer's instant comes first: a reply at the deadline is on time); the last state, what
    # falls before the end of the history -- at the end itself an event could still come.
    for k in range(len(events) + 1):
        if k:
            s.apply(events[k - 1])
        until = end if k == len(events) else events[k].at.astimezone(UTC)
        out |= {(t.key, t.at) for t in s.timers(ladder=ladder) if t.at < until}
    return out


def listed_by_batch(
    policy: SLAPolicy | PolicySet, h: TicketHistory, ladder: EscalationLadder
) -> tuple[set[Any], dict[tuple[str, int], datetime]]:
    """What ``evaluate`` says happened before the end, and each clock's ``target_since``."""
    end = h.last_event_at.astimezone(UTC)
    out: set[Any] = set()
    since: dict[tuple[str, int], datetime] = {}
    for m in evaluate(policy, h):
        key = (h.ticket.id, m.metric.value, m.cycle)
        assert m.target_since is not None
        since[key[1:]] = m.target_since
        out |= {((*key, "warning", f, 0), x) for f, x in m.warnings if x is not None}
        if m.breached_at is not None:
            out.add(((*key, "breach", None, 0), m.breached_at))
        out |= {
            ((*key, "escalation", step.level, step.repeat), step.at) for step in ladder.timeline(m)
        }
    return {x for x in out if x[1] < end}, since


@given(policies(), histories(max_events=8), ladders(max_levels=3))
def test_a_timer_loop_fires_what_batch_lists_under_each_final_target(
    policy: SLAPolicy, h: TicketHistory, ladder: EscalationLadder
) -> None:
    # Measurements agree on every history (the laws above, priority changes included). Fired
    # timers are history a live desk cannot take back: before a priority change replaced a
    # clock's target (``target_since``), the desk fired under the old target (or, for a
    # priority without one, not at all) while the batch view measures against the final one.
    # From ``target_since`` on the two agree, and without a priority change they are equal.
    fired = fired_live(policy, h, ladder)
    listed, since = listed_by_batch(policy, h, ladder)

    def under_final(timers: set[Any]) -> set[Any]:
        return {(k, at) for k, at in timers if (k[1], k[2]) in since and at >= since[k[1], k[2]]}

    assert under_final(fired) == under_final(listed)
    if not any(isinstance(e, PriorityChange) for e in h.events):
        assert fired == listed


def test_a_breach_made_retroactive_while_solved_is_fired_after_the_reopen() -> None:
    # Low (1h) worked 40 min, solved; raised to urgent (30 min) while solved; reopened at
    # 10:10. A live desk takes the solved ticket's clocks as stopped, so the tighter target
    # takes effect at the reopen: the breach is crossed then, live and in batch (it used to
    # be back-dated to the change, an instant no timer loop could fire at).
    policy = SLAPolicy(
        "p",
        {
            "low": [Target("agent_work", "1h", business=False)],
            "urgent": [Target("agent_work", "30m", business=False)],
        },
    )
    minute = timedelta(minutes=1)
    events: list[Event] = [
        StatusChange("s", T0 + 40 * minute, status="solved"),
        PriorityChange("c", T0 + 50 * minute, priority="urgent"),
        Reopen("r", T0 + 70 * minute),
        CustomerMessage("m", T0 + 3 * H),
    ]
    h = TicketHistory(Ticket("T", T0, priority="low"), events)
    (m,) = evaluate(policy, h)
    reopened = T0 + 70 * minute
    assert (m.state.value, m.breached_at, m.target_since) == ("breached", reopened, reopened)
    ladder = EscalationLadder([EscalationLevel("b", Trigger.at_breach())])
    fired = {x for x in fired_live(policy, h, ladder) if x[0][3] in ("breach", "escalation")}
    assert fired == {
        (("T", "agent_work", 0, "breach", None, 0), reopened),
        (("T", "agent_work", 0, "escalation", "b", 0), reopened),
    }


def test_a_clock_paused_since_its_start_escalates_nothing() -> None:
    # First reply paused while new, and the ticket stays new until the reply at 09:16: the
    # clock never ran, so a level 15 minutes after its start never fell while it ran. The
    # live state used to list it (a ladder reads a measurement without spans as hand-built).
    policy = SLAPolicy(
        "p", {"normal": [Target("first_reply", "1h", business=False)]}, pause=["new"], warn_at=[]
    )
    ladder = EscalationLadder(
        [EscalationLevel("L1", Trigger.after_previous("15m", business=False))]
    )
    h = TicketHistory(
        Ticket("T", T0), [CustomerMessage("m", T0), AgentReply("r", T0 + 16 * timedelta(minutes=1))]
    )
    s = TicketSLA(policy, h.ticket)
    s.apply(h.events[0])
    assert s.timers(ladder=ladder) == ()
    (m,) = evaluate(policy, h)
    assert list(ladder.timeline(m)) == []
    assert fired_live(policy, h, ladder) == set()


def test_the_batch_view_lists_no_step_for_a_clock_paused_since_its_start() -> None:
    # Found by the timer-loop law with random examples: paused while new, never left new.
    policy = SLAPolicy(
        "p", {"normal": [Target("first_reply", "1h", business=False)]}, pause=["new"], warn_at=[]
    )
    ladder = EscalationLadder([EscalationLevel("L1", Trigger.after_previous("1s", business=False))])
    h = TicketHistory(Ticket("T", T0), [CustomerMessage("m", T0 + timedelta(minutes=1))])
    (m,) = evaluate(policy, h)
    assert m.state is MeasurementState.PAUSED
    assert list(ladder.timeline(m)) == []


def test_a_ticket_solved_at_its_creation_instant_is_achieved_once_the_history_ends() -> None:
    # Zendesk's agent work time and requester wait count time in new/open (and on-hold, for
    # requester wait) until solved; a ticket solved the instant it was created counted none.
    # Live it may still be reopened, so the clocks are paused, exactly as for a ticket solved
    # later; once the history has ended (the batch view past its last event) they are
    # achieved, with zero elapsed and the deadline the target gives from creation.
    targets = [
        Target(m, "8h", business=False) for m in ("agent_work", "requester_wait", "resolution")
    ]
    policy = SLAPolicy("p", {"normal": targets})
    h = TicketHistory(Ticket("T", T0), [StatusChange("s", T0, status="solved")])
    s = TicketSLA.replay(policy, h.ticket, h.events)
    for at in (T0, T0 + H):
        live = s.measurements(at)
        assert [(m.state.value, m.elapsed, m.due_at) for m in live] == [
            ("paused", timedelta(0), None)
        ] * 3
        ended = s.measurements(at, ended=True)
        assert ended == evaluate(policy, h, at=at)
        assert [(m.state.value, m.elapsed, m.due_at) for m in ended] == [
            ("achieved", timedelta(0), T0 + 8 * H)
        ] * 3
    # Reopened at the same instant: the clocks run from creation, nothing was counted yet.
    s.apply(Reopen("r", T0))
    reopened = s.measurements(T0 + H)
    assert [(m.state.value, m.elapsed) for m in reopened] == [("active", H)] * 3
    h2 = TicketHistory(h.ticket, [*h.events, Reopen("r", T0)])
    assert reopened == evaluate(policy, h2, at=T0 + H)


def test_timer_is_a_value() -> None:
    t = Timer(T0, "T", Metric.FIRST_REPLY, 0, "warning", fraction=0.5)
    assert attrs.evolve(t) == t


@attrs.frozen
class BotReply(AgentReply):
    """A subclass of the reply (a desk's own event type): its flag is read all the same."""

    automated: bool = True


@pytest.mark.parametrize(("option", "state"), [("count", "achieved"), ("ignore", "active")])
@pytest.mark.parametrize(
    "reply", [AgentReply("bot", T0 + H, automated=True), BotReply("bot", T0 + H)]
)
def test_automated_replies_stop_reply_clocks_unless_the_policy_ignores_them(
    option: str, state: str, reply: AgentReply
) -> None:
    policy = SLAPolicy.from_dict(
        {
            "name": "p",
            "automated_replies": option,
            "targets": {"normal": [{"metric": "first_reply", "within": "8h", "time": "calendar"}]},
        }
    )
    h = TicketHistory(Ticket("T", T0), [reply])
    (m,) = evaluate(policy, h, at=T0 + 2 * H)
    assert m.state == state
    assert SLAPolicy.from_dict(policy.to_dict()) == policy
    assert ("automated_replies" in policy.to_dict()) is (option == "ignore")
    s = TicketSLA(policy, h.ticket)
    s.apply(h.events[0])
    assert s.measurements(T0 + 2 * H) == (m,)


def test_the_default_counts_automated_replies() -> None:
    assert SLAPolicy("p", {}).automated_replies == "count"
    assert AgentReply("r", T0).automated is False


def test_automated_replies_survive_json_lines_and_csv() -> None:
    bot = AgentReply("bot", T0 + H, automated=True)
    human = AgentReply("human", T0 + 2 * H, agent="kim")
    h = TicketHistory(Ticket("T", T0), [bot, human])
    record = history_to_dict(h)
    assert record["events"][0]["automated"] is True
    assert "automated" not in record["events"][1]  # written only when set
    back = load_jsonl([json.dumps(record)])
    assert list(back) == [h]
    rows = [
        "ticket_id,created_at,event_id,event_kind,event_at,event_agent,event_automated",
        f"T,{T0.isoformat()},bot,agent_reply,{bot.at.isoformat()},,true",
        f"T,{T0.isoformat()},human,agent_reply,{human.at.isoformat()},kim,",
    ]
    assert list(load_csv(rows)) == [h]
    policy = SLAPolicy(
        "p",
        {"normal": [Target("first_reply", "8h", business=False)]},
        automated_replies="ignore",
    )
    (m,) = evaluate(policy, next(iter(load_csv(rows))))
    assert m.stopped_at == human.at  # the bot answered nobody
    with pytest.raises(RecordError, match="event_automated: not a valid automated: 'maybe'"):
        list(load_csv([rows[0], rows[1].replace(",true", ",maybe")]))


def test_automated_replies_option_is_checked() -> None:
    with pytest.raises(ConfigError, match="automated_replies: expected 'count' or 'ignore'"):
        SLAPolicy.from_dict({"name": "p", "targets": {}, "automated_replies": "maybe"})


class CountingList(list[Any]):
    """A status timeline that counts how often the engine reads an entry."""

    reads = 0

    def __getitem__(self, index: Any) -> Any:
        CountingList.reads += 1
        return super().__getitem__(index)


def test_many_cycles_are_measured_in_linear_time() -> None:
    # 10,000 reply cycles: rescanning the status timeline from creation for every cycle was
    # quadratic. Counted, not timed: the entries read per event stay flat as the history
    # grows 40-fold (a quadratic scan would read 40 times as many per event).
    from servicemodel.sla._engine import fold, measure

    events: list[Event] = []
    for i in range(5000):
        t = T0 + i * 2 * H
        events += [CustomerMessage(f"m{i}", t), AgentReply(f"r{i}", t + H)]
        events += [StatusChange(f"p{i}", t + H, status="pending")]
        events += [StatusChange(f"o{i}", t + 2 * H - timedelta(minutes=1), status="open")]
    targets = [
        Target("next_reply", "2h", business=False),
        Target("periodic_update", "3h", business=False),
    ]
    policy = SLAPolicy("p", {"normal": targets})

    def reads_per_event(n: int) -> float:
        h = TicketHistory(Ticket("T", T0), events[:n])
        facts = fold((policy,), h, h.last_event_at.astimezone(UTC))
        facts.statuses = CountingList(facts.statuses)
        CountingList.reads = 0
        assert len(measure(facts, facts.last, True)) == n // 2 - 1
        return CountingList.reads / n

    small, large = reads_per_event(500), reads_per_event(20_000)
    assert large < 2 * small


def test_a_long_conversation_keeps_its_totals_bounded_and_right() -> None:
    # 300 events, about 150 reply cycles: the state drops finished clocks' totals on the way.
    events: list[Event] = []
    for i in range(75):
        t = T0 + i * 3 * H
        events += [CustomerMessage(f"m{i}", t), AgentReply(f"r{i}", t + H)]
        events += [StatusChange(f"p{i}", t + H, status="pending")]
        events += [StatusChange(f"o{i}", t + 2 * H, status="open")]
    targets = [
        Target("next_reply", "2h"),
        Target("periodic_update", "3h"),
        Target("resolution", "5d"),
    ]
    office = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "08:00-18:00"})
    policy = SLAPolicy("p", {"normal": targets}, calendar=office)
    s = TicketSLA(policy, Ticket("T", T0))
    most = 0
    for k, ev in enumerate(events, 1):
        s.apply(ev)
        timers = s.timers()
        most = max(most, len(s._facts.memo.tracks))  # type: ignore[union-attr]
        if k % 25 == 0:
            fresh = TicketSLA.from_history(policy, TicketHistory(Ticket("T", T0), events[:k]))
            assert timers == fresh.timers()
            assert s.measurements() == fresh.measurements()
    assert most == 32  # reached the bound, and was cleared (never above it)
