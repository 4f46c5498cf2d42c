"""The live state's documented rules that no other test pinned down.

Each test states a rule of ``TicketSLA`` (its docstrings, docs/live.md, docs/sla.md) with its
expected value worked out from that rule, for a case the other tests of the live state leave
open: the message for an event at the ticket's creation that arrives after a later one, the
independence of a copy, a next_reply cycle due exactly at the last event, equality under an
edited policy, a row with an instant after its last event, the ids a failed rebuild names,
timers asked after every event (a desk's loop) against a state built at once, rows read back
after changes at a solve's instant or under a changed policy set, and the order of clocks
overdue from one instant.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given

from servicemodel.errors import ConfigError, EventOrderError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    InternalNote,
    PriorityChange,
    Reopen,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import GroupIn, PolicySet, SLAPolicy, Target, TicketSLA
from servicemodel.strategies import histories, policy_sets

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
POLICY = SLAPolicy(
    "p",
    {
        "normal": [
            Target("first_reply", "4h", business=False),
            Target("resolution", "8h", business=False),
        ]
    },
)


def _at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


# -- late events -----------------------------------------------------------------------------


def test_an_event_at_the_creation_after_a_later_one_is_older_than_the_last_event() -> None:
    # apply: "an event older than the last applied one or than the ticket" is an
    # EventOrderError. An event at the creation instant is not before the ticket: it is late
    # only because a later event was applied, so the message says that, with the rebuild fix.
    state = TicketSLA(POLICY, Ticket("T", T0))
    assert state.apply(InternalNote("n", _at(1)))
    with pytest.raises(EventOrderError) as caught:
        state.apply(CustomerMessage("m", T0))
    message = str(caught.value)
    assert "older than the last applied event" in message
    assert "state.rebuild(" in message
    assert "before the ticket's creation" not in message
    assert state.applied == 1  # the state is unchanged


# -- copies ------------------------------------------------------------------------------------


def test_a_copy_tells_its_own_redeliveries_after_another_event_under_the_id_in_the_original() -> (
    None
):
    # copy(): "an independent copy (apply on one never changes the other)". Once they part,
    # each may apply its own event under a new id; each then ignores a redelivery of its own
    # event (apply returns False), also after the other wrote its row, and refuses the other's.
    a = TicketSLA(POLICY, Ticket("T", T0))
    assert a.apply(CustomerMessage("m1", _at(1)))
    b = a.copy()
    mine, theirs = InternalNote("x", _at(2), agent="ana"), InternalNote("x", _at(2), agent="bo")
    assert a.apply(mine)
    assert b.apply(theirs)
    a.to_dict()  # writing a's row hashes its event
    assert b.apply(InternalNote("x", _at(2), agent="bo")) is False  # b's redelivery
    assert a.apply(InternalNote("x", _at(2), agent="ana")) is False  # a's redelivery
    b.to_dict()
    with pytest.raises(EventOrderError):
        b.apply(InternalNote("x", _at(2), agent="ana"))
    a_row, b_row = a.to_dict(), b.to_dict()
    assert a_row["ids"] == b_row["ids"] == ["m1", "x"]
    assert a_row["fingerprints"][0] == b_row["fingerprints"][0]  # the shared event
    assert a_row["fingerprints"][1] != b_row["fingerprints"][1]  # two different events


# -- next_breach -------------------------------------------------------------------------------

REPLIES = SLAPolicy(
    "replies",
    {
        "normal": [
            Target("first_reply", "1h", business=False),
            Target("next_reply", "1h", business=False),
        ]
    },
)


def test_a_next_reply_cycle_due_at_the_last_event_is_ahead_though_an_earlier_cycle_breached() -> (
    None
):
    # docs/sla.md: a clock is achieved at or before due_at; next_breach: the earliest deadline
    # still ahead, at or after the last event. The second next_reply cycle is due exactly at
    # the last event (05:00) and not breached there, so it is the deadline ahead, whatever the
    # first cycle (breached at 02:00, stopped at 03:00) did: each cycle is its own clock.
    state = TicketSLA(REPLIES, Ticket("T", T0))
    for ev in (
        AgentReply("r1", _at(0.5)),
        CustomerMessage("c1", _at(1)),  # next_reply cycle, due 02:00
        AgentReply("r2", _at(3)),  # stops it, breached
        CustomerMessage("c2", _at(4)),  # next cycle, due 05:00
        InternalNote("n", _at(5), agent="ana"),  # no public reply: the cycle runs on
    ):
        assert state.apply(ev)
    breach = state.next_breach()
    assert breach is not None
    assert (breach.metric.value, breach.kind, breach.at) == ("next_reply", "breach", _at(5))
    assert state.overdue() == ()  # the first cycle stopped; the second is not past due


# -- equality ----------------------------------------------------------------------------------


def test_a_row_read_under_an_edited_policy_of_the_same_name_is_another_state() -> None:
    # docs/live.md: a state links its policies by name only, and editing a policy's targets in
    # place changes the verdicts (a first reply in 3 hours against 4 becomes breached against
    # 2). The row read back under its own policy is the state (to_dict's example); read under
    # the edited policy it measures otherwise, so it is not equal to it.
    edited = SLAPolicy("p", {"normal": [Target("first_reply", "2h", business=False)]})
    original = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
    state = TicketSLA(original, Ticket("T", T0))
    assert state.apply(AgentReply("r", _at(3)))
    row = state.to_dict()
    same, other = TicketSLA.from_dict(row, original), TicketSLA.from_dict(row, edited)
    assert [m.state.value for m in same.measurements(ended=True)] == ["achieved"]
    assert [m.state.value for m in other.measurements(ended=True)] == ["breached"]
    assert same == state
    assert other != state
    assert other.to_dict() == row  # the rows alike: only the policies tell them apart


# -- reading a row -----------------------------------------------------------------------------

FULL = SLAPolicy(
    "full",
    {
        "normal": [
            Target("first_reply", "4h", business=False),
            Target("next_reply", "2h", business=False),
            Target("periodic_update", "3h", business=False),
            Target("resolution", "8h", business=False),
        ]
    },
)


def _row() -> dict[str, Any]:
    """A row of a ticket replied to, solved, reopened and written to again (last event 14:00)."""
    state = TicketSLA(FULL, Ticket("T", T0))
    for ev in (
        AgentReply("r", _at(1)),
        CustomerMessage("c", _at(2)),
        StatusChange("s", _at(3), status="solved"),
        Reopen("o", _at(4)),
        CustomerMessage("c2", _at(5)),
    ):
        assert state.apply(ev)
    return state.to_dict()


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("first_stop", "first_stop[0]"),
        ("first_solve", "first_solve[0]"),
        ("last_solve", "last_solve[0]"),
        ("next_open", "next_open"),
        ("periodic_open", "periodic_open"),
    ],
)
def test_an_instant_after_the_last_event_is_a_config_error_naming_it(key: str, path: str) -> None:
    # from_dict: a state with an instant "outside the ticket's life from its creation to its
    # last event" is a ConfigError (edited or corrupted in storage), naming where it is.
    row = _row()
    after = _at(6).isoformat()  # an hour after the last event
    if key.endswith("_open"):
        row[key] = after
    else:
        row[key] = [after, *row[key][1:]]
    assert TicketSLA.from_dict(_row(), FULL).last_event_at == _at(5)  # the row as written loads
    with pytest.raises(ConfigError) as caught:
        TicketSLA.from_dict(row, FULL)
    assert caught.value.path == path
    assert "outside the ticket's life" in str(caught.value)


# -- rebuild -----------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", [1, 2, 3, 4, 5])
def test_a_rebuild_without_applied_events_names_up_to_three_and_counts_the_rest(
    missing: int,
) -> None:
    # rebuild: every event this state applied must be among the events, or a ConfigError
    # naming the missing ones: the first three by id, then how many more there are.
    state = TicketSLA(FULL, Ticket("T", T0))
    notes = [InternalNote(f"n{i}", _at(i), agent="ana") for i in range(1, 6)]
    for ev in notes:
        assert state.apply(ev)
    kept = notes[missing:]  # n1 ... n<missing> lost by the store
    with pytest.raises(ConfigError) as caught:
        state.rebuild(kept)
    message = str(caught.value)
    assert caught.value.path == "events"
    shown = ", ".join(repr(f"n{i}") for i in range(1, min(missing, 3) + 1))
    rest = f" and {missing - 3} more" if missing > 3 else ""
    assert f"({shown}{rest})" in message


# -- timers asked after every event ---------------------------------------------------------


@given(policy_sets(), histories())
def test_timers_asked_after_every_event_are_those_of_a_state_built_at_once(
    policies: PolicySet, h: TicketHistory
) -> None:
    # timers: "each event can move or cancel timers, so ask again after applying one". The
    # answer depends only on the events applied, never on what was asked before: a state asked
    # after every event (a desk's timer loop) lists what a state built from the same events
    # at once lists, and so does its next_timer and next_breach; from_history is the fold
    # evaluate uses.
    ladder = EscalationLadder([EscalationLevel("remind", Trigger.before_due("1h"))])
    s = TicketSLA(policies, h.ticket)
    for k, ev in enumerate(h.events, 1):
        s.apply(ev)
        fresh = TicketSLA.from_history(policies, TicketHistory(h.ticket, h.events[:k]))
        assert s.timers() == fresh.timers()
        assert s.timers(ladder=ladder) == fresh.timers(ladder=ladder)
        assert s.next_breach() == fresh.next_breach()
        past = h.ticket.created_at
        assert s.timers(past, past=True) == fresh.timers(past, past=True)


TIERS = PolicySet(
    [
        SLAPolicy(
            "tier-1",
            {"normal": [Target("first_reply", "3h", business=False)]},
            condition=GroupIn(["tier-1"]),
        ),
        SLAPolicy(
            "tier-2",
            {"normal": [Target("first_reply", "10h", business=False)]},
            condition=GroupIn(["tier-2"]),
        ),
    ]
)


def test_past_timers_after_a_move_away_and_back_are_those_of_a_state_built_at_once() -> None:
    # A ticket moved to another policy and back, with its timers asked before: the fields the
    # timers read are as they were then, but the ticket's policy timeline is not. The timers
    # from its creation (past=True) are "exactly those evaluate lists for the history", as for
    # a state that never answered before.
    created = Ticket("T", T0, group="tier-1")
    events = [
        AssignmentChange("a1", _at(1), group="tier-2"),
        AssignmentChange("a2", _at(2), group="tier-1"),
    ]
    s = TicketSLA(TIERS, created)
    assert s.timers(T0, past=True) == s.timers()  # asked once, at the creation
    for ev in events:
        assert s.apply(ev)
        s.timers()
    fresh = TicketSLA.replay(TIERS, created, events)
    assert s.timers(T0, past=True) == fresh.timers(T0, past=True)
    assert s.timers() == fresh.timers()


def test_a_row_read_under_a_set_that_routes_the_ticket_elsewhere_keeps_its_stopped_clocks() -> None:
    # TicketSLA: stopped clocks keep the policy that applied when they stopped; from_dict: the
    # ticket is matched against the policies again, so running clocks follow a changed set.
    # The first reply stopped under "reply"; read under a set whose first policy, "solve",
    # now takes the ticket, that clock stays achieved under "reply" and the resolution clock
    # (from the creation) runs under "solve".
    reply = SLAPolicy("reply", {"normal": [Target("first_reply", "4h", business=False)]})
    solve = SLAPolicy("solve", {"normal": [Target("resolution", "8h", business=False)]})
    state = TicketSLA(PolicySet([reply]), Ticket("T", T0))
    assert state.apply(AgentReply("r", _at(1)))
    back = TicketSLA.from_dict(state.to_dict(), PolicySet([solve, reply]))
    assert back.policy is not None
    assert back.policy.name == "solve"
    found = [(m.metric.value, m.policy, m.state.value) for m in back.measurements()]
    assert found == [("first_reply", "reply", "achieved"), ("resolution", "solve", "active")]
    (breach,) = [t for t in back.timers() if t.kind == "breach"]
    assert (breach.metric.value, breach.at) == ("resolution", _at(8))


URGENT = SLAPolicy(
    "urgent",
    {
        "normal": [Target("resolution", "8h", business=False)],
        "urgent": [Target("resolution", "2h", business=False)],
    },
)


def test_a_row_without_held_reads_a_change_recorded_before_a_solve_at_its_instant_as_not_held() -> (
    None
):
    # docs/live.md: a state written before `held` was stored loads too, the changes made while
    # solved read off the status timeline, which differs only for a change recorded after a
    # solve at the solve's own instant. Here the change to urgent is recorded before the solve
    # at 12:00: not held, so the 2 h target applies at once and the resolution clock (3 h by
    # then) breached at the change, as the state that applied the events measures it.
    state = TicketSLA(URGENT, Ticket("T", T0))
    for ev in (
        PriorityChange("c", _at(3), priority="urgent"),
        StatusChange("s", _at(3), status="solved"),
        Reopen("o", _at(5)),
    ):
        assert state.apply(ev)
    row = state.to_dict()
    assert row["held"] == []
    old = TicketSLA.from_dict({k: v for k, v in row.items() if k != "held"}, URGENT)
    (m,) = state.measurements()
    assert (m.metric.value, m.state.value, m.breached_at) == ("resolution", "breached", _at(3))
    assert old.measurements() == state.measurements()
    assert old.to_dict() == row


def test_a_row_with_a_change_during_a_zero_length_reopen_reads_back() -> None:
    # to_dict/from_dict: a row read back is the state. Solved at 11:00, then at 12:00 reopened,
    # its priority changed and solved again: the change was made while the ticket was open
    # (not held), and the reopen leaves no status entry (no time passed), but the last solve is
    # at the change's instant, which tells the row from a corrupted one.
    state = TicketSLA(URGENT, Ticket("T", T0))
    for ev in (
        StatusChange("s1", _at(2), status="solved"),
        Reopen("o", _at(3)),
        PriorityChange("c", _at(3), priority="urgent"),
        StatusChange("s2", _at(3), status="solved"),
    ):
        assert state.apply(ev)
    row = state.to_dict()
    assert row["held"] == []
    assert row["last_solve"][0] == _at(3).isoformat()
    back = TicketSLA.from_dict(row, URGENT)
    assert back == state
    assert back.measurements(ended=True) == state.measurements(ended=True)


def test_a_row_without_priority_names_knows_only_the_current_one() -> None:
    # docs/live.md: the row holds the ticket's current fields. A row without the timeline of
    # the source's priority names (one written by hand) has only the current ticket's name:
    # it names the last priority entry; the names before it, the one as created included,
    # are unknown (None), not the current one.
    state = TicketSLA(URGENT, Ticket("T", T0, priority_label="Medium"))
    assert state.apply(PriorityChange("c", _at(1), priority="urgent", label="P0"))
    row = state.to_dict()
    assert row["priority_labels"] == ["Medium", "P0"]
    back = TicketSLA.from_dict({k: v for k, v in row.items() if k != "priority_labels"}, URGENT)
    assert back.ticket.priority_label == "P0"
    created = back.created_ticket
    assert created is not None
    assert (created.priority.value, created.priority_label) == ("normal", None)
    assert back.to_dict()["priority_labels"] == [None, "P0"]


# -- overdue -----------------------------------------------------------------------------------


def test_clocks_breached_at_one_instant_are_overdue_in_the_metrics_order_before_their_cycles() -> (
    None
):
    # overdue: earliest breach first; "at one instant in the metrics' order, then by cycle (as
    # timers)". The second next_reply cycle (cycle 1) and the resolution clock (cycle 0) both
    # breach at 13:00: next_reply comes first, as it does in Metric, whatever their cycles.
    policy = SLAPolicy(
        "p",
        {
            "normal": [
                Target("first_reply", "1h", business=False),
                Target("next_reply", "1h", business=False),
                Target("resolution", "4h", business=False),
            ]
        },
    )
    state = TicketSLA(policy, Ticket("T", T0))
    for ev in (
        AgentReply("r1", _at(0.5)),
        CustomerMessage("c1", _at(0.75)),  # next_reply cycle 0, answered at 10:00
        AgentReply("r2", _at(1)),
        CustomerMessage("c2", _at(3)),  # next_reply cycle 1, due 13:00
        InternalNote("n", _at(5), agent="ana"),
    ):
        assert state.apply(ev)
    found = [(m.metric.value, m.cycle, m.breached_at) for m in state.overdue()]
    assert found == [("next_reply", 1, _at(4)), ("resolution", 0, _at(4))]


def test_a_move_held_while_solved_reaches_the_clock_at_the_reopen_when_read_back() -> None:
    # docs/live.md: the row holds which changes were made while the ticket was solved (`held`,
    # `held_matches`): such a change reaches the resolution clocks only at the reopen. Moved
    # to tier-2 (2 h) after the solve at 12:00, the resolution clock (3 h by then) breaches at
    # the reopen at 14:00, in the state and in its row read back.
    policies = PolicySet(
        [
            SLAPolicy(
                "tier-1",
                {"normal": [Target("resolution", "8h", business=False)]},
                condition=GroupIn(["tier-1"]),
            ),
            SLAPolicy(
                "tier-2",
                {"normal": [Target("resolution", "2h", business=False)]},
                condition=GroupIn(["tier-2"]),
            ),
        ]
    )
    state = TicketSLA(policies, Ticket("T", T0, group="tier-1"))
    for ev in (
        StatusChange("s", _at(3), status="solved"),
        AssignmentChange("a", _at(3), group="tier-2"),
        Reopen("o", _at(5)),
    ):
        assert state.apply(ev)
    (m,) = state.measurements()
    assert (m.policy, m.state.value, m.breached_at) == ("tier-2", "breached", _at(5))
    back = TicketSLA.from_dict(state.to_dict(), policies)
    assert back.measurements() == state.measurements()


def test_a_row_whose_policy_timeline_names_a_removed_policy_still_loads() -> None:
    # _state: the policy timeline reads a policy the set no longer has as none (no clock
    # stopped under it); docs/live.md: only a stopped clock's removed policy is an error. The
    # ticket left tier-1 for tier-2 at 10:00 with no clock stopped: the row loads under a set
    # without tier-1, its running first reply clock under tier-2.
    state = TicketSLA(TIERS, Ticket("T", T0, group="tier-1"))
    assert state.apply(AssignmentChange("a", _at(1), group="tier-2"))
    row = state.to_dict()
    assert [entry[2] for entry in row["matches"]] == ["tier-1", "tier-2"]
    only = PolicySet([TIERS.policies[1]])
    back = TicketSLA.from_dict(row, only)
    assert back.policy is not None
    assert back.policy.name == "tier-2"
    assert [(m.metric.value, m.policy) for m in back.measurements()] == [("first_reply", "tier-2")]


@pytest.mark.parametrize("key", ["first_stop", "first_solve", "last_solve"])
def test_a_stop_that_counts_no_priority_entry_is_a_config_error_naming_it(key: str) -> None:
    # A stop is [instant, priorities in force, policy]; the priority timeline starts with the
    # ticket's priority at its creation, so a clock stops with at least one entry in force. A
    # row counting none is malformed (from_dict: a ConfigError), named where it is.
    row = _row()
    row[key] = [row[key][0], 0, row[key][2]]
    with pytest.raises(ConfigError) as caught:
        TicketSLA.from_dict(row, FULL)
    assert caught.value.path == key


def test_a_status_label_timeline_starting_before_the_creation_is_a_config_error() -> None:
    # from_dict: an instant outside the ticket's life is a ConfigError; the timeline of the
    # source's status names starts at the creation, as the status timeline does.
    state = TicketSLA(FULL, Ticket("T", T0))
    assert state.apply(StatusChange("s", _at(1), status="pending", label="Awaiting Vendor"))
    assert state.apply(StatusChange("s2", _at(2), status="open", label="Open"))
    row = state.to_dict()
    labels = row["status_labels"]
    assert [label for _, label in labels] == [None, "Awaiting Vendor", "Open"]
    edited = {**row, "status_labels": [[_at(-1).isoformat(), None], *labels[1:]]}
    with pytest.raises(ConfigError) as caught:
        TicketSLA.from_dict(edited, FULL)
    assert caught.value.path == "status_labels"
