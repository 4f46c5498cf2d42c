"""A stored live state written before the policy timeline was kept.

Before ``matches`` was stored, a clock of a ticket moved to another policy was measured as
if the policy it ended under had applied from the clock's start. A row of that age cannot
say when the ticket moved, so it is refused with a ``ConfigError`` saying to replay the
ticket, rather than loaded and measured unlike a replay of its events. Rows of other ages
(and rows of tickets never moved) load as before.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.model import AgentReply, AssignmentChange, CustomerMessage, Ticket
from servicemodel.sla import GroupIn, PolicySet, SLAPolicy, Target, TicketSLA
from servicemodel.strategies import histories, policies, tickets

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
TIERS = PolicySet(
    [
        SLAPolicy(
            "tier-1",
            {"normal": [Target("first_reply", "8h", business=False)]},
            condition=GroupIn(["tier-1"]),
        ),
        SLAPolicy(
            "tier-2",
            {"normal": [Target("first_reply", "1h", business=False)]},
            condition=GroupIn(["tier-2"]),
        ),
    ]
)
#: The keys a row written before the policy timeline lacks (all were added after it).
NEWER = ("matches", "held_matches", "held", "created_fields", "fingerprints")


def _aged(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` as a version before the policy timeline wrote it."""
    return {k: v for k, v in row.items() if k not in NEWER}


def test_a_moved_ticket_in_a_row_without_the_policy_timeline_is_refused() -> None:
    state = TicketSLA(TIERS, Ticket("T-1", T0, group="tier-1"))
    state.apply(CustomerMessage("m1", T0 + timedelta(minutes=5)))
    state.apply(AssignmentChange("a1", T0 + timedelta(hours=3), group="tier-2"))
    (m,) = state.measurements()
    # The tier-2 target applies from the move: breached then, not at 10:00 (1 h after the
    # start), which is what the row's age measured.
    assert (m.policy, m.state.value, m.breached_at) == (
        "tier-2",
        "breached",
        T0 + timedelta(hours=3),
    )
    row = json.loads(json.dumps(state.to_dict()))
    with pytest.raises(ConfigError) as err:
        TicketSLA.from_dict(_aged(row), TIERS)
    assert err.value.path == "matches"
    assert "ticket 'T-1': the state was stored before the policy timeline was kept" in str(
        err.value
    )
    assert "TicketSLA.replay(policies, ticket_as_created, events)" in str(err.value)


def test_a_ticket_never_moved_loads_from_a_row_of_that_age() -> None:
    state = TicketSLA(TIERS, Ticket("T-2", T0, group="tier-1"))
    state.apply(AgentReply("r1", T0 + timedelta(hours=2)))
    loaded = TicketSLA.from_dict(_aged(state.to_dict()), TIERS)
    assert loaded.measurements() == state.measurements()


def test_a_ticket_matched_again_by_an_edited_set_still_loads() -> None:
    # Matched to another policy by a changed set, not by an event: every clock is measured
    # from its start, which needs no timeline; its row (written now) keeps created_fields.
    state = TicketSLA(TIERS, Ticket("T-3", T0, group="tier-1"))
    state.apply(CustomerMessage("m1", T0 + timedelta(minutes=5)))
    other = PolicySet([SLAPolicy("any", {"normal": [Target("first_reply", "2h", business=False)]})])
    moved = TicketSLA.from_dict(state.to_dict(), other)  # tier-1 is gone: matched to 'any'
    row = json.loads(json.dumps(moved.to_dict()))
    assert row["rematched"] is True
    assert "matches" not in row
    assert "created_fields" in row
    assert TicketSLA.from_dict(row, other).measurements() == moved.measurements()


MOVES = histories(
    tickets=st.tuples(tickets(), st.sampled_from(["tier-1", "tier-2"])).map(
        lambda pair: attrs.evolve(pair[0], group=pair[1])
    ),
    kinds=("customer_message", "agent_reply", "status_change", "assignment_change", "reopen"),
)


@st.composite
def tier_sets(draw: st.DrawFn) -> PolicySet:
    one, two = draw(policies()), draw(policies())
    return PolicySet(
        [
            attrs.evolve(one, name="t1", condition=GroupIn(["tier-1"])),
            attrs.evolve(two, name="t2", condition=GroupIn(["tier-2"])),
        ]
    )


@settings(max_examples=80, deadline=None)
@given(tier_sets(), MOVES, st.data())
def test_a_row_of_that_age_loads_exactly_when_it_can_be_measured_as_a_replay(
    policy_set: PolicySet, h: Any, data: st.DataObject
) -> None:
    upto = data.draw(st.integers(0, len(h.events)))
    state = TicketSLA.replay(policy_set, h.ticket, h.events[:upto])
    row = json.loads(json.dumps(state.to_dict()))
    aged = _aged(row)
    if row["rematched"] and upto:
        event("refused")
        with pytest.raises(ConfigError) as err:
            TicketSLA.from_dict(aged, policy_set)
        assert err.value.path == "matches"
        assert repr(h.ticket.id) in str(err.value)
    else:  # never moved: the row measures as the replay does
        loaded = TicketSLA.from_dict(aged, policy_set)
        assert loaded.measurements() == state.measurements()
        assert loaded.measurements(ended=True) == state.measurements(ended=True)
    # A row of today's shape without only created_fields (written between the two keys)
    # keeps loading, moved or not.
    partial = {k: v for k, v in row.items() if k != "created_fields"}
    assert TicketSLA.from_dict(partial, policy_set).measurements() == state.measurements()
