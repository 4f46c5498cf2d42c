"""A stored live state keeps the ticket as created, so a late event is inserted from the row.

``state.ticket`` follows priority and assignment changes; a replay must start from the ticket
as created (``TicketSLA.created_ticket``, stored under ``created_fields``). Rows written before
the key was kept still load; a corrupted key is a ``ConfigError`` naming its path.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    Event,
    InternalNote,
    PriorityChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import GroupIn, PolicySet, SLAPolicy, Target, TicketSLA, evaluate
from servicemodel.strategies import histories, policies, policy_sets, tickets

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

#: Histories of tickets that start in a tier and move between tiers and assignees.
MOVES = histories(
    tickets=st.tuples(tickets(), st.sampled_from(["tier-1", "tier-2"])).map(
        lambda pair: attrs.evolve(pair[0], group=pair[1])
    ),
    kinds=("customer_message", "agent_reply", "status_change", "assignment_change", "reopen"),
)
HISTORIES = MOVES | histories()


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


POLICIES = tier_sets() | policy_sets(max_policies=3) | policies(conditions=True)


def _through_json(state: TicketSLA, policies: SLAPolicy | PolicySet) -> TicketSLA:
    return TicketSLA.from_dict(json.loads(json.dumps(state.to_dict())), policies)


def _stored(
    policies: SLAPolicy | PolicySet, h: TicketHistory, stores: set[int], upto: int
) -> TicketSLA:
    """The first ``upto`` events applied one by one, the state stored as JSON after each in
    ``stores`` (and read back from its row)."""
    state = TicketSLA(policies, h.ticket)
    if 0 in stores:
        state = _through_json(state, policies)
    for i, ev in enumerate(h.events[:upto], start=1):
        state.apply(ev)
        if i in stores:
            state = _through_json(state, policies)
    return state


# -- (a) a replay from the stored row alone ---------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(POLICIES, HISTORIES, st.data())
def test_a_rebuild_from_the_stored_row_equals_applying_every_event(
    policies: SLAPolicy | PolicySet, h: TicketHistory, data: st.DataObject
) -> None:
    n = len(h.events)
    stores = set(data.draw(st.lists(st.integers(0, n), max_size=4)))
    whole = _stored(policies, h, stores, n)
    assert whole.created_ticket == h.ticket
    rebuilt = _through_json(whole, policies).rebuild(h.events)
    assert rebuilt == whole == TicketSLA.replay(policies, h.ticket, h.events)
    assert rebuilt.created_ticket == h.ticket
    assert rebuilt.ticket == whole.ticket
    assert rebuilt.measurements(ended=True) == tuple(evaluate(policies, h))


@settings(max_examples=80, deadline=None)
@given(POLICIES, HISTORIES, st.data())
def test_a_row_stored_after_any_prefix_rebuilds_with_the_late_events_inserted(
    policies: SLAPolicy | PolicySet, h: TicketHistory, data: st.DataObject
) -> None:
    # The events not applied yet arrive late, their instants in any order (events at one
    # instant keep their recorded order: see the "Running SLAs live" page): the row and the
    # stored events are all a desk needs.
    n = len(h.events)
    upto = data.draw(st.integers(0, n))
    stores = set(data.draw(st.lists(st.integers(0, upto), max_size=3))) | {upto}
    row = _stored(policies, h, stores, upto)
    groups: dict[datetime, list[Event]] = {}
    for ev in h.events[upto:]:
        groups.setdefault(ev.at, []).append(ev)
    late = [ev for at in data.draw(st.permutations(list(groups))) for ev in groups[at]]
    rebuilt = row.rebuild([*h.events[:upto], *late])
    assert rebuilt == TicketSLA.from_history(policies, h)
    assert rebuilt.measurements(ended=True) == tuple(evaluate(policies, h))
    assert row.applied == upto  # the state rebuilt from is unchanged


def test_a_moved_ticket_is_rebuilt_in_the_group_it_was_created_in() -> None:
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
    created = Ticket("T", T0, group="tier-1", priority_label="P3")
    applied: list[Event] = [
        AgentReply("r1", T0 + timedelta(hours=2)),
        PriorityChange("p1", T0 + timedelta(hours=2), priority="high", label="P1"),
        AssignmentChange("a1", T0 + timedelta(hours=3), group="tier-2", assignee="ada"),
    ]
    state = TicketSLA.replay(policies, created, applied)
    row = json.loads(json.dumps(state.to_dict()))
    assert row["created_fields"] == {"group": "tier-1", "assignee": None}
    assert row["ticket"]["group"] == "tier-2"
    stored = TicketSLA.from_dict(row, policies)
    assert stored.created_ticket == created
    late = InternalNote("n1", T0 + timedelta(hours=1))
    rebuilt = stored.rebuild([*applied, late])
    expected = tuple(evaluate(policies, TicketHistory.from_unsorted(created, [*applied, late])))
    assert rebuilt.measurements(ended=True) == expected
    assert [(m.policy, m.state.value) for m in rebuilt.measurements()] == [("tier-1", "achieved")]


def test_a_state_with_no_event_writes_no_key() -> None:
    # Its ticket is the ticket as created: rows of new tickets keep their shape.
    state = TicketSLA(SLAPolicy("p", {}), Ticket("T", T0, group="tier-1"))
    assert "created_fields" not in state.to_dict()
    assert TicketSLA.from_dict(state.to_dict(), SLAPolicy("p", {})).created_ticket == state.ticket


# -- (b) rows written before the key was kept -------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(POLICIES, HISTORIES, st.data())
def test_a_row_without_the_key_loads_as_before(
    policies: SLAPolicy | PolicySet, h: TicketHistory, data: st.DataObject
) -> None:
    upto = data.draw(st.integers(0, len(h.events)))
    state = TicketSLA.replay(policies, h.ticket, h.events[:upto])
    old = json.loads(json.dumps(state.to_dict()))
    old.pop("created_fields", None)
    loaded = TicketSLA.from_dict(old, policies)
    assert loaded.to_dict() == old  # its shape is kept
    assert loaded.measurements() == state.measurements()
    assert loaded.timers() == state.timers()
    for ev in h.events[upto:]:
        assert loaded.apply(ev) == state.apply(ev)
    assert loaded.measurements(ended=True) == state.measurements(ended=True)
    if upto == 0:  # nothing can have changed the ticket: it is the ticket as created
        assert loaded.created_ticket == h.ticket
        assert loaded.rebuild(h.events) == TicketSLA.replay(policies, h.ticket, h.events)
    else:  # an assignment change leaves no other trace: unknown, and rebuild says so
        assert loaded.created_ticket is None
        with pytest.raises(ConfigError, match="does not hold the ticket as created") as err:
            loaded.rebuild(h.events)
        assert err.value.path == "created_fields"


# -- (c) a corrupted key ---------------------------------------------------------------------

_BAD_FIELDS: list[tuple[Any, str]] = [
    (None, "created_fields"),  # absent means "written before the key was kept"; null is neither
    ("tier-1", "created_fields"),
    (["tier-1", None], "created_fields"),
    ({"group": "tier-1"}, "created_fields.assignee"),
    ({"group": "tier-1", "assignee": None, "priority": "high"}, "created_fields.priority"),
    ({"group": 1, "assignee": None}, "created_fields.group"),
    ({"group": None, "assignee": True}, "created_fields.assignee"),
    ({"group": ["tier-1"], "assignee": None}, "created_fields.group"),
]


@settings(max_examples=60, deadline=None)
@given(POLICIES, histories(min_events=1), st.sampled_from(_BAD_FIELDS))
def test_a_corrupted_key_is_a_config_error_naming_its_path(
    policies: SLAPolicy | PolicySet, h: TicketHistory, bad: tuple[Any, str]
) -> None:
    value, path = bad
    row = json.loads(json.dumps(TicketSLA.replay(policies, h.ticket, h.events).to_dict()))
    with pytest.raises(ConfigError) as err:
        TicketSLA.from_dict({**row, "created_fields": value}, policies)
    assert err.value.path == path


def test_fields_as_created_that_contradict_a_state_with_no_event_are_refused() -> None:
    state = TicketSLA(SLAPolicy("p", {}), Ticket("T", T0, group="tier-1"))
    row = {**state.to_dict(), "created_fields": {"group": "tier-2", "assignee": None}}
    with pytest.raises(ConfigError, match="no event was applied") as err:
        TicketSLA.from_dict(row, SLAPolicy("p", {}))
    assert err.value.path == "created_fields.group"
