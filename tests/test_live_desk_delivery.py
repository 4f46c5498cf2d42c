"""A live desk's delivery: events stored one by one, redelivered, late, and replayed.

Webhooks and queues deliver at least once and, after a retry, out of order; a desk keeps the
applied events (``event_to_dict``) to replay a ticket when a late one arrives. Whatever the
deliveries, once every event has arrived the state measures what ``evaluate`` measures.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, EventOrderError, InputTypeError
from servicemodel.io import event_from_dict, event_to_dict, history_to_dict
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    Event,
    InternalNote,
    PriorityChange,
    Reopen,
    SatisfactionRating,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import GroupIn, PolicySet, SLAPolicy, Target, TicketSLA, evaluate
from servicemodel.strategies import histories, policies

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})


# -- one event as a plain dict ------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(histories())
def test_every_event_round_trips_through_json(h: TicketHistory) -> None:
    records = history_to_dict(h)["events"]
    for ev, record in zip(h.events, records, strict=True):
        data = json.loads(json.dumps(event_to_dict(ev)))
        assert data == record  # the item of the history's record, for one event on its own
        back = event_from_dict(data)
        assert back == ev
        assert type(back) is type(ev)


def test_an_event_that_is_no_history_on_its_own_is_written() -> None:
    reopen = Reopen("o1", T0)
    assert event_to_dict(reopen) == {"kind": "reopen", "id": "o1", "at": T0.isoformat()}
    with pytest.raises(EventOrderError):
        TicketHistory(Ticket("T", T0), [reopen])
    rating = SatisfactionRating("s1", T0, score=4)
    assert event_from_dict(event_to_dict(rating)) == rating
    raise_it = PriorityChange("p1", T0, priority="urgent", label="P0")
    assert event_to_dict(raise_it)["label"] == "P0"
    assert event_from_dict(event_to_dict(raise_it)) == raise_it


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "reply", "id": "e", "at": "2026-03-02T09:00:00Z"}, "kind: unknown event kind"),
        ({"id": "e", "at": "2026-03-02T09:00:00Z"}, "kind: unknown event kind None"),
        ({"kind": "reopen", "id": "e", "at": "2026-03-02T09:00:00"}, "naive datetime"),
        ({"kind": "reopen", "id": "e", "at": "2026-03-02T09:00:00Z", "x": 1}, "unknown field"),
        ({"kind": "reopen", "id": "e", "at": "x"}, "at: not an ISO 8601 timestamp: 'x'"),
        ({"kind": "status_change", "id": "e", "at": "2026-03-02T09:00:00Z"}, "status"),
        ("reopen", "an event must be a mapping, got str 'reopen'$"),
        ('{"kind": "reopen"}', r"got str .*\(JSON text: parse it with json.loads first\)"),
    ],
)
def test_a_bad_event_dict_is_a_config_error(data: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        event_from_dict(data)


def test_event_from_dict_names_the_path_it_is_given() -> None:
    with pytest.raises(ConfigError, match=r"^events\[3\]\.kind: unknown event kind"):
        event_from_dict({"kind": "x"}, "events[3]")
    with pytest.raises(InputTypeError, match="path: expected str, got int 3"):
        event_from_dict({"kind": "reopen"}, 3)  # type: ignore[arg-type]


def test_event_to_dict_refuses_what_is_not_an_event() -> None:
    with pytest.raises(InputTypeError, match="event: expected an Event, got dict"):
        event_to_dict({"kind": "reopen"})  # type: ignore[arg-type]


# -- the policies argument ----------------------------------------------------------------

TOML = """
[[policies]]
name = "p"
targets.normal = [{ metric = "first_reply", within = "4h" }]
"""


@pytest.mark.parametrize(
    ("policies", "message"),
    [
        (TOML, r"got str '\\n\[\[policies.*PolicySet\.from_toml"),
        ({"policies": []}, r"got dict \{'policies': \[\]\}; read a policy file's text"),
        ([POLICY, POLICY], r"got list .*PolicySet\(\[\.\.\.\]\)"),
        (None, r"^policies: expected an SLAPolicy or PolicySet, got NoneType None$"),
    ],
)
def test_the_policies_argument_is_named_with_its_value_and_the_fix(
    policies: Any, message: str
) -> None:
    ticket = Ticket("T", T0)
    state = TicketSLA(POLICY, ticket)
    calls = [
        lambda: TicketSLA(policies, ticket),
        lambda: TicketSLA.replay(policies, ticket, []),
        lambda: TicketSLA.from_history(policies, TicketHistory(ticket, [])),
        lambda: TicketSLA.from_dict(state.to_dict(), policies),
    ]
    for call in calls:
        with pytest.raises(InputTypeError, match=message):
            call()
    assert TicketSLA(PolicySet.from_toml(TOML), ticket).policy is not None


# -- at-least-once, out-of-order delivery -------------------------------------------------


class _Desk:
    """The docs' handler: a JSON row per ticket, the applied events kept for a replay."""

    def __init__(self, policy: SLAPolicy, ticket: Ticket) -> None:
        self.policy = policy
        self.row = json.dumps(TicketSLA(policy, ticket).to_dict())
        self.stored: list[str] = []
        self.waiting: list[Event] = []  # refused for now (a reopen before its solve)

    def deliver(self, event: Event) -> None:
        state = TicketSLA.from_dict(json.loads(self.row), self.policy)
        try:
            applied = state.apply(event)
        except EventOrderError:
            events = [event_from_dict(json.loads(text)) for text in self.stored]
            try:
                state = state.rebuild([*events, event])  # from the ticket as created
            except EventOrderError:
                self.waiting.append(event)  # left in the queue, delivered again later
                return
            applied = True
        if applied:
            self.stored.append(json.dumps(event_to_dict(event)))
        self.row = json.dumps(state.to_dict())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), histories(), st.randoms(use_true_random=False))
def test_redelivered_and_late_events_end_where_evaluate_ends(
    policy: SLAPolicy, h: TicketHistory, rnd: random.Random
) -> None:
    deliveries: list[Event] = []
    for ev in h.events:
        deliveries += [ev, ev] if rnd.random() < 0.3 else [ev]
    # A retry delivers an event after later ones; events at one instant keep their recorded
    # order (a desk cannot tell it from their instants: see the "Running SLAs live" page).
    for i in range(len(deliveries) - 1):
        a, b = deliveries[i], deliveries[i + 1]
        if a.at != b.at and rnd.random() < 0.3:
            deliveries[i], deliveries[i + 1] = b, a
    desk = _Desk(policy, h.ticket)
    for ev in deliveries:
        desk.deliver(ev)
    while desk.waiting:  # the queue's redelivery of what was refused
        waiting, desk.waiting = desk.waiting, []
        for ev in waiting:
            desk.deliver(ev)
    state = TicketSLA.from_dict(json.loads(desk.row), policy)
    assert state.applied == len(h.events)
    assert state.measurements(ended=True) == tuple(evaluate(policy, h))


def test_a_redelivery_with_another_instant_is_still_ignored() -> None:
    # Identity is the id alone: the state keeps ids, not events.
    state = TicketSLA(POLICY, Ticket("T", T0))
    assert state.apply(AgentReply("r1", T0 + timedelta(hours=1)))
    assert not state.apply(AgentReply("r1", T0 + timedelta(hours=2)))
    assert not state.apply(StatusChange("r1", T0 + timedelta(minutes=1), status="solved"))
    assert state.last_event_at == T0 + timedelta(hours=1)


def test_a_replay_starts_from_the_ticket_as_created_not_from_state_ticket() -> None:
    # state.ticket has the fields as they are now: replayed from it, a ticket that moved to
    # another group counts as if it had always been there (what the docs warn about).
    tier1 = SLAPolicy(
        "tier-1",
        {"normal": [Target("first_reply", "8h", business=False)]},
        condition=GroupIn(["tier-1"]),
    )
    tier2 = SLAPolicy(
        "tier-2",
        {"normal": [Target("first_reply", "1h", business=False)]},
        condition=GroupIn(["tier-2"]),
    )
    policies = PolicySet([tier1, tier2])
    created = Ticket("T", T0, group="tier-1")
    applied = [
        AgentReply("r1", T0 + timedelta(hours=2)),
        AssignmentChange("a1", T0 + timedelta(hours=3), group="tier-2"),
    ]
    state = TicketSLA.replay(policies, created, applied)
    assert state.ticket.group == "tier-2"
    late = InternalNote("n1", T0 + timedelta(hours=1))
    right = TicketSLA.replay(policies, created, [*applied, late])
    wrong = TicketSLA.replay(policies, state.ticket, [*applied, late])
    expected = tuple(evaluate(policies, TicketHistory.from_unsorted(created, [*applied, late])))
    assert right.measurements(ended=True) == expected
    assert [(m.policy, m.state.value) for m in right.measurements()] == [("tier-1", "achieved")]
    assert [(m.policy, m.state.value) for m in wrong.measurements()] == [("tier-2", "breached")]
