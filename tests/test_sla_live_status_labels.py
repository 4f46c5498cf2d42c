"""A policy that pauses on the source's own status names (``pause = ["label:NAME"]``), live.

The label timeline is part of a stored state (``status_labels``): a state read back from its
row pauses where the live state did, so live equals batch after every restart. A label given
at the ticket's very creation instant pauses from the creation, as one given a second later
does from then.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Event,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import SLAPolicy, Target, TicketSLA, evaluate

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
HOUR = timedelta(hours=1)
VENDOR = "Awaiting Vendor"
POLICY = SLAPolicy(
    "desk",
    {"normal": [Target("first_reply", "4h", business=False)]},
    pause_labels=[VENDOR],
)


def _stored(state: TicketSLA) -> TicketSLA:
    """``state`` through a JSON database row and back."""
    return TicketSLA.from_dict(json.loads(json.dumps(state.to_dict())), POLICY)


def test_a_label_pause_survives_the_row() -> None:
    # on_hold does not pause by default; its label does. First reply 4 h (calendar time):
    # 09:00-10:00 counted, 10:00-13:00 paused, so due at 09:00 + 4 h + 3 h = 16:00.
    state = TicketSLA(POLICY, Ticket("T-1", T0))
    state.apply(StatusChange("s1", T0 + HOUR, status="on_hold", label=VENDOR))
    state = _stored(state)
    (m,) = state.measurements(T0 + 3 * HOUR)
    assert (m.state.value, m.elapsed, m.remaining, m.due_at) == ("paused", HOUR, 3 * HOUR, None)
    state.apply(StatusChange("s2", T0 + 4 * HOUR, status="open"))
    state = _stored(state)
    (m,) = state.measurements(T0 + 4 * HOUR)
    assert (m.state.value, m.due_at) == ("active", T0 + 7 * HOUR)
    state.apply(AgentReply("r1", T0 + 6 * HOUR))
    (m,) = _stored(state).measurements()
    assert (m.state.value, m.elapsed) == ("achieved", 3 * HOUR)


@pytest.mark.parametrize("offset", [timedelta(0), timedelta(seconds=1)])
def test_a_label_from_the_creation_pauses_from_then(offset: timedelta) -> None:
    # Set on hold "Awaiting Vendor" at (or a second after) the creation, replied 5 h later
    # while still on hold: the clock counted only the time before the label, so it is
    # achieved with that elapsed, in the batch view and live, stored or not.
    ticket = Ticket("T-2", T0)
    events = [
        StatusChange("s1", T0 + offset, status="on_hold", label=VENDOR),
        AgentReply("r1", T0 + 5 * HOUR),
    ]
    (batch,) = evaluate(POLICY, TicketHistory(ticket, events))
    assert (batch.state.value, batch.elapsed) == ("achieved", offset)
    state = TicketSLA(POLICY, ticket)
    state.apply(events[0])
    state = _stored(state)
    (m,) = state.measurements(T0 + 3 * HOUR)
    assert (m.state.value, m.elapsed) == ("paused", offset)
    state.apply(events[1])
    assert list(_stored(state).measurements(ended=True)) == [batch]


_STATUSES = st.sampled_from(["open", "on_hold", "pending", "solved"])
_LABELS = st.sampled_from([None, VENDOR, "Other"])


@st.composite
def _events(draw: st.DrawFn) -> list[Event]:
    out: list[Event] = []
    at = T0
    for i in range(draw(st.integers(1, 10))):
        at += timedelta(minutes=draw(st.sampled_from([0, 0, 15, 60, 180])))
        kind = draw(st.sampled_from(["message", "reply", "status", "status"]))
        if kind == "message":
            out.append(CustomerMessage(f"e{i}", at))
        elif kind == "reply":
            out.append(AgentReply(f"e{i}", at))
        else:
            status = draw(_STATUSES)
            out.append(StatusChange(f"e{i}", at, status=status, label=draw(_LABELS)))
    return out


POLICIES = SLAPolicy(
    "desk",
    {
        "normal": [
            Target("first_reply", "4h", business=False),
            Target("next_reply", "2h", business=False),
            Target("resolution", "1d", business=False),
            Target("agent_work", "8h", business=False),
        ]
    },
    pause_labels=[VENDOR],
)


@given(_events(), st.integers(0, 48 * 60))
def test_live_with_a_restart_after_every_event_equals_batch(
    events: list[Event], minutes: int
) -> None:
    # Law: after each event, a state stored in a row and read back measures what the batch
    # view of the events so far measures, and what a state never stored measures later on.
    ticket = Ticket("T-3", T0)
    kept = TicketSLA(POLICIES, ticket)
    row: dict[str, Any] = kept.to_dict()
    for n, event in enumerate(events, 1):
        state = TicketSLA.from_dict(json.loads(json.dumps(row)), POLICIES)
        assert state.apply(event) is kept.apply(event) is True
        row = state.to_dict()
        assert state == kept
        history = TicketHistory(ticket, events[:n])
        assert list(state.measurements(ended=True)) == list(evaluate(POLICIES, history))
        later = event.at + timedelta(minutes=minutes)
        assert state.measurements(later) == kept.measurements(later)
        assert state.next_timer() == kept.next_timer()


def _labelled_row() -> dict[str, Any]:
    state = TicketSLA(POLICY, Ticket("T-4", T0))
    state.apply(StatusChange("s1", T0 + HOUR, status="on_hold", label=VENDOR))
    state.apply(StatusChange("s2", T0 + 2 * HOUR, status="open"))
    row = json.loads(json.dumps(state.to_dict()))
    assert row["status_labels"] == [
        ["2026-03-02T09:00:00+00:00", None],
        ["2026-03-02T10:00:00+00:00", VENDOR],
        ["2026-03-02T11:00:00+00:00", None],
    ]
    return row


def test_a_row_without_labels_has_no_status_labels_key() -> None:
    # States of desks that never see a label keep their shape.
    state = TicketSLA(POLICY, Ticket("T-5", T0))
    state.apply(StatusChange("s1", T0 + HOUR, status="on_hold"))
    assert "status_labels" not in state.to_dict()


@pytest.mark.parametrize(
    ("labels", "path"),
    [
        ("Awaiting Vendor", "status_labels"),
        ({"a": 1}, "status_labels"),
        ([], "status_labels"),
        ([["2026-03-02T09:00:00+00:00"]], "status_labels[0]"),
        ([["2026-03-02T09:00:00+00:00", 7]], "status_labels[0][1]"),
        ([["2026-03-02T09:00:00+00:00", "  "]], "status_labels[0][1]"),
        ([["2026-03-02T09:00:00+00:00", ["x"]]], "status_labels[0][1]"),
        ([["2026-03-02T09:00:00", None]], "status_labels[0][0]"),
        ([[1772442000, None]], "status_labels[0][0]"),
        (
            [["2026-03-02T09:00:00+00:00", None], ["2026-03-02T09:00:00+00:00", "A"]],
            "status_labels[1][0]",
        ),
        (
            [["2026-03-02T10:00:00+00:00", None], ["2026-03-02T09:30:00+00:00", "A"]],
            "status_labels[1][0]",
        ),
        ([["2026-03-02T09:30:00+00:00", "A"]], "status_labels"),
        (
            [["2026-03-02T09:00:00+00:00", None], ["2026-03-02T12:00:00+00:00", "A"]],
            "status_labels[1][0]",
        ),
    ],
)
def test_a_bad_label_timeline_is_a_config_error_naming_it(labels: Any, path: str) -> None:
    row = {**_labelled_row(), "status_labels": labels}
    with pytest.raises(ConfigError) as info:
        TicketSLA.from_dict(row, POLICY)
    assert info.value.path == path


_OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "08:00-18:00"})
_TARGETS = {
    "normal": [
        Target("first_reply", "4h"),
        Target("next_reply", "2h"),
        Target("periodic_update", "3h", business=False),
        Target("resolution", "1d"),
        Target("agent_work", "8h"),
        Target("requester_wait", "6h"),
    ]
}
BY_STATUS = SLAPolicy("desk", _TARGETS, pause=["pending", "on_hold"], calendar=_OFFICE)
BY_LABEL = SLAPolicy("desk", _TARGETS, pause=["pending"], pause_labels=[VENDOR], calendar=_OFFICE)


@st.composite
def _on_hold_labelled(draw: st.DrawFn) -> list[Event]:
    """Histories whose every on-hold change, and only those, carries the label."""
    out: list[Event] = []
    at = T0
    for i in range(draw(st.integers(1, 10))):
        at += timedelta(minutes=draw(st.sampled_from([0, 0, 30, 120, 600])))
        kind = draw(st.sampled_from(["message", "reply", "status", "status"]))
        if kind == "message":
            out.append(CustomerMessage(f"e{i}", at))
        elif kind == "reply":
            out.append(AgentReply(f"e{i}", at))
        else:
            status = draw(_STATUSES)
            label = VENDOR if status == "on_hold" else None
            out.append(StatusChange(f"e{i}", at, status=status, label=label))
    return out


@given(_on_hold_labelled())
def test_pausing_on_a_label_is_pausing_on_its_status(events: list[Event]) -> None:
    # Law: when a label marks exactly the on-hold changes, pausing on the label measures what
    # pausing on on-hold does (the first change at the creation instant included), in the
    # batch view and live through a row after every event.
    ticket = Ticket("T-6", T0)
    expected = list(evaluate(BY_STATUS, TicketHistory(ticket, events)))
    assert list(evaluate(BY_LABEL, TicketHistory(ticket, events))) == expected
    state = TicketSLA(BY_LABEL, ticket)
    for event in events:
        state = TicketSLA.from_dict(json.loads(json.dumps(state.to_dict())), BY_LABEL)
        state.apply(event)
    assert list(state.measurements(ended=True)) == expected
