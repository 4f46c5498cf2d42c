"""A live desk's delivery: events stored one by one, redelivered, late, and replayed.

Webhooks and queues deliver at least once and, after a retry, out of order; a desk keeps the
applied events (``event_to_dict``) to replay a ticket when a late one arrives. Whatever the
deliveries, once every event has arrived the state measures what ``evaluate`` measures.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, EventIdError, EventOrderError, InputTypeError
from servicemodel.io import event_from_dict, event_to_dict, history_to_dict
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    InternalNote,
    Priority,
    PriorityChange,
    Reopen,
    SatisfactionRating,
    Status,
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
        # A redelivery is the same event, maybe another object read from JSON in another offset.
        deliveries += [ev, _again(ev, rnd)] if rnd.random() < 0.3 else [ev]
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


def _again(ev: Event, rnd: random.Random) -> Event:
    """``ev`` delivered again: the object itself, or read back from JSON in another offset."""
    if rnd.random() < 0.5:
        return ev
    offset = timezone(timedelta(minutes=rnd.choice([-300, 0, 60, 330])))
    return event_from_dict(
        json.loads(json.dumps(event_to_dict(attrs.evolve(ev, at=ev.at.astimezone(offset)))))
    )


def _mutations(ev: Event) -> list[Event]:
    """``ev`` with one thing changed and its id kept: its instant, its kind or one field."""
    out: list[Event] = [
        attrs.evolve(ev, at=ev.at + timedelta(seconds=1)),
        InternalNote(ev.id, ev.at)
        if type(ev) is not InternalNote
        else CustomerMessage(ev.id, ev.at),
    ]
    for field in attrs.fields(type(ev))[2:]:
        value = getattr(ev, field.name)
        if field.name in ("scale_min", "scale_max"):
            continue
        if isinstance(value, bool):
            changed: Any = not value
        elif isinstance(value, Status | Priority):
            changed = next(x for x in type(value) if x != value)
        elif field.name == "score":
            changed = ev.scale_min if value != ev.scale_min else ev.scale_max  # type: ignore[attr-defined]
        elif isinstance(value, str):
            changed = value + "x"
        else:
            changed = "x" if value is None else None
        out.append(attrs.evolve(ev, **{field.name: changed}))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), histories(min_events=1), st.randoms(use_true_random=False), st.data())
def test_an_event_changed_under_its_id_is_refused_wherever_it_arrives_after_it(
    policy: SLAPolicy, h: TicketHistory, rnd: random.Random, data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(h.events) - 1), label="event")
    changed = data.draw(st.sampled_from(_mutations(h.events[i])), label="changed")
    arrives = data.draw(st.integers(i, len(h.events) - 1), label="after delivery")
    desk = _Desk(policy, h.ticket)
    for ev in h.events[: arrives + 1]:
        desk.deliver(ev)
    row = json.loads(desk.row)
    stored = [event_from_dict(json.loads(text)) for text in desk.stored]
    assert h.events[i] in stored
    refused = f"event id {changed.id!r} was already applied to another event"
    state = TicketSLA.from_dict(row, policy)
    with pytest.raises(EventIdError, match=refused):  # an EventOrderError a retry cannot mend
        state.apply(changed)
    with pytest.raises(EventIdError, match=refused):
        state.rebuild([*stored, changed])
    assert state.to_dict() == row  # unchanged
    # Both events are named when both are at hand (a replay, or a state kept in memory).
    with pytest.raises(EventOrderError, match=refused + r": applied \{.*\}, now \{"):
        TicketSLA.replay(policy, h.ticket, [*h.events, changed])
    # A row written before fingerprints were kept ignores it, as it did then.
    old = {key: value for key, value in row.items() if key != "fingerprints"}
    legacy = TicketSLA.from_dict(old, policy)
    assert not legacy.apply(changed)
    assert legacy.to_dict() == old
    # The refusal changed nothing: the rest of the deliveries end where evaluate ends.
    for ev in h.events[arrives + 1 :]:
        desk.deliver(ev)
    assert not desk.waiting
    end = TicketSLA.from_dict(json.loads(desk.row), policy)
    assert end.measurements(ended=True) == tuple(evaluate(policy, h))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), histories(min_events=1), st.randoms(use_true_random=False))
def test_a_row_without_fingerprints_ends_where_evaluate_ends(
    policy: SLAPolicy, h: TicketHistory, rnd: random.Random
) -> None:
    # A row written before fingerprints were kept, redelivered and extended: as before.
    desk = _Desk(policy, h.ticket)
    cut = rnd.randrange(len(h.events) + 1)
    for ev in h.events[:cut]:
        desk.deliver(ev)
    data = json.loads(desk.row)
    data.pop("fingerprints", None)
    desk.row = json.dumps(data)
    for ev in [*h.events[:cut], *h.events[cut:]]:
        desk.deliver(_again(ev, rnd))
    state = TicketSLA.from_dict(json.loads(desk.row), policy)
    assert state.applied == len(h.events)
    assert state.measurements(ended=True) == tuple(evaluate(policy, h))
    # The ids read from the old row have no fingerprint (null), the later ones have one.
    written = state.to_dict()
    found = written.get("fingerprints", [None] * len(written["ids"]))
    assert sum(f is None for f in found) == cut


def test_another_event_under_an_applied_id_is_an_error_naming_both() -> None:
    # Identity is the whole event: a redelivery repeats its kind, instant and fields.
    state = TicketSLA(POLICY, Ticket("T", T0))
    assert state.apply(AgentReply("r1", T0 + timedelta(hours=1)))
    before = state.to_dict()
    for other in [
        AgentReply("r1", T0 + timedelta(hours=2)),  # another instant, even a later one
        AgentReply("r1", T0 + timedelta(hours=1), agent="ann"),
        StatusChange("r1", T0 + timedelta(minutes=1), status="solved"),  # not late first
    ]:
        with pytest.raises(EventOrderError) as err:
            state.apply(other)
        message = str(err.value)
        assert message.startswith("ticket 'T': event id 'r1' was already applied to another")
        assert json.dumps(event_to_dict(other)) in message
        assert '"at": "2026-03-02T10:00:00+00:00"' in message  # the first one, in memory
        assert state.to_dict() == before  # unchanged
    # The same event: in another offset, or read back from its JSON form.
    cet = timezone(timedelta(hours=1))
    same = AgentReply("r1", (T0 + timedelta(hours=1)).astimezone(cet))
    assert not state.apply(same)
    assert not state.apply(event_from_dict(json.loads(json.dumps(event_to_dict(same)))))
    assert state.to_dict() == before


def test_a_state_read_back_names_the_applied_event_by_its_fingerprint() -> None:
    state = TicketSLA(POLICY, Ticket("T", T0))
    reply = AgentReply("r1", T0 + timedelta(hours=1))
    state.apply(reply)
    data = json.loads(json.dumps(state.to_dict()))
    assert data["ids"] == ["r1"]
    assert len(data["fingerprints"]) == 1
    assert len(data["fingerprints"][0]) == 12
    restored = TicketSLA.from_dict(data, POLICY)
    assert restored == state
    assert not restored.apply(reply)
    with pytest.raises(EventOrderError, match=r"applied an event with fingerprint [0-9a-f]{12}, "):
        restored.apply(CustomerMessage("r1", T0 + timedelta(hours=1)))


def test_an_empty_state_keeps_its_shape() -> None:
    assert "fingerprints" not in TicketSLA(POLICY, Ticket("T", T0)).to_dict()


def test_a_state_written_before_fingerprints_ignores_any_event_under_its_ids() -> None:
    # As before: such a row cannot tell a redelivery from another event (docs say so).
    state = TicketSLA(POLICY, Ticket("T", T0))
    state.apply(AgentReply("r1", T0 + timedelta(hours=1)))
    data = state.to_dict()
    del data["fingerprints"]
    old = TicketSLA.from_dict(data, POLICY)
    assert old.to_dict() == data  # written back in its own shape
    assert not old.apply(StatusChange("r1", T0 + timedelta(hours=2), status="solved"))
    assert old.to_dict() == data
    # Events applied after it are fingerprinted; the old ids stay without (null).
    assert old.apply(CustomerMessage("m2", T0 + timedelta(hours=3)))
    written = old.to_dict()
    assert written["ids"] == ["m2", "r1"]
    assert written["fingerprints"][1] is None
    assert isinstance(written["fingerprints"][0], str)
    again = TicketSLA.from_dict(json.loads(json.dumps(written)), POLICY)
    assert again == old
    with pytest.raises(EventOrderError, match="event id 'm2'"):
        again.apply(CustomerMessage("m2", T0 + timedelta(hours=4)))


@pytest.mark.parametrize(
    ("fingerprints", "message"),
    [
        ("abc", r"^fingerprints: expected a list of event fingerprints, one per id, got 'abc'"),
        ([], r"^fingerprints: expected 1 fingerprints \(or null\), one per entry of ids, got 0"),
        (["0123456789AB"], r"^fingerprints\[0\]: expected an event fingerprint \(12 lowercase"),
        (["0123456789a"], r"^fingerprints\[0\]: .* got '0123456789a'$"),
        ([12], r"^fingerprints\[0\]: .* or null, got 12$"),
    ],
)
def test_a_bad_fingerprints_entry_is_a_config_error_naming_its_path(
    fingerprints: Any, message: str
) -> None:
    state = TicketSLA(POLICY, Ticket("T", T0))
    state.apply(AgentReply("r1", T0 + timedelta(hours=1)))
    data = {**state.to_dict(), "fingerprints": fingerprints}
    with pytest.raises(ConfigError, match=message):
        TicketSLA.from_dict(data, POLICY)


def test_an_id_listed_twice_with_different_fingerprints_is_a_config_error() -> None:
    state = TicketSLA(POLICY, Ticket("T", T0))
    state.apply(AgentReply("r1", T0 + timedelta(hours=1)))
    data = state.to_dict()
    data = {**data, "ids": ["r1", "r1"], "fingerprints": [*data["fingerprints"], None]}
    with pytest.raises(ConfigError, match=r"^fingerprints\[1\]: event id 'r1' is listed twice"):
        TicketSLA.from_dict(data, POLICY)


def test_replay_and_rebuild_refuse_two_events_with_one_id() -> None:
    ticket = Ticket("T", T0)
    first = AgentReply("e1", T0 + timedelta(hours=1))
    other = CustomerMessage("e1", T0 + timedelta(minutes=30))  # sorted before the first
    pattern = r"event id 'e1' was already applied to another event: applied \{\"kind\""
    with pytest.raises(EventOrderError, match=pattern):
        TicketSLA.replay(POLICY, ticket, [first, other])
    state = TicketSLA(POLICY, ticket)
    with pytest.raises(EventOrderError, match=pattern):
        state.rebuild([first, other])
    # The same event twice is one event, as by apply.
    assert TicketSLA.replay(POLICY, ticket, [first, first]).applied == 1
    assert state.rebuild([first, attrs.evolve(first)]).applied == 1


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
