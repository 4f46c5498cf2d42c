"""A live state's argument errors name the ticket, the argument and the value.

A desk measures many states in one loop (a dashboard, the timer tick): an instant passed
wrong -- behind the last event by a skewed clock, naive, of another type -- must say which
ticket it was asked of, and leave the state as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import EventOrderError, InputTypeError, NaiveDatetimeError
from servicemodel.model import CustomerMessage, Ticket
from servicemodel.sla import SLAPolicy, Target, TicketSLA

POLICY = SLAPolicy(
    "p",
    {"normal": [Target("first_reply", "4h", business=False), Target("resolution", "1d")]},
)
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

CALLS: dict[str, Callable[[TicketSLA, Any], Any]] = {
    "measurements": lambda s, at: s.measurements(at),
    "measurements ended": lambda s, at: s.measurements(at, ended=True),
    "timers": lambda s, at: s.timers(at),
    "next_timer": lambda s, at: s.next_timer(at),
}
NAMES = {"measurements": "at", "measurements ended": "at", "timers": "since", "next_timer": "since"}

ids = st.text(min_size=1, max_size=12).filter(lambda s: s.strip() == s and s.isprintable())


@settings(max_examples=60, deadline=None)
@given(
    ticket_id=ids,
    last=st.integers(min_value=1, max_value=10_000),
    behind=st.integers(min_value=1, max_value=10_000),
    call=st.sampled_from(sorted(CALLS)),
)
def test_an_instant_before_the_last_event_names_the_ticket(
    ticket_id: str, last: int, behind: int, call: str
) -> None:
    state = TicketSLA(POLICY, Ticket(ticket_id, T0))
    state.apply(CustomerMessage("m1", T0 + timedelta(minutes=last)))
    before = json.dumps(state.to_dict())
    now = T0 + timedelta(minutes=last) - timedelta(seconds=behind)  # a clock behind
    with pytest.raises(EventOrderError) as info:
        CALLS[call](state, now)
    assert str(info.value).startswith(f"ticket {ticket_id!r}: {NAMES[call]}: {now.isoformat()} ")
    assert json.dumps(state.to_dict()) == before


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize(
    ("value", "error", "shown"),
    [
        (datetime(2026, 3, 3, 9), NaiveDatetimeError, "naive datetime 2026-03-03T09:00:00"),
        ("2026-03-03T09:00:00Z", InputTypeError, "got str '2026-03-03T09:00:00Z'"),
    ],
)
def test_a_wrong_instant_names_the_ticket(
    call: str, value: object, error: type[Exception], shown: str
) -> None:
    state = TicketSLA(POLICY, Ticket("T-7", T0))
    with pytest.raises(error) as info:
        CALLS[call](state, value)
    text = str(info.value)
    assert text.startswith(f"ticket 'T-7': {NAMES[call]}: ")
    assert shown in text


def test_past_timers_name_the_ticket_for_a_naive_since() -> None:
    state = TicketSLA(POLICY, Ticket("T-7", T0))
    with pytest.raises(NaiveDatetimeError, match=r"^ticket 'T-7': since: naive datetime"):
        state.timers(datetime(2026, 3, 2, 9), past=True)


def test_apply_and_replay_name_the_ticket_for_what_is_no_event() -> None:
    state = TicketSLA(POLICY, Ticket("T-7", T0))
    raw = {"kind": "customer_message", "id": "m1", "at": "2026-03-02T10:00:00Z"}
    with pytest.raises(InputTypeError, match=r"^ticket 'T-7': event: expected an Event, got dict"):
        state.apply(raw)  # type: ignore[arg-type]
    assert state.applied == 0
    with pytest.raises(InputTypeError, match=r"^ticket 'T-8': events: expected an Event, got dict"):
        TicketSLA.replay(POLICY, Ticket("T-8", T0), [raw])  # type: ignore[list-item]
    with pytest.raises(InputTypeError, match=r"^ticket 'T-7': events: expected an Event, got int"):
        state.rebuild([CustomerMessage("m1", T0), 5])  # type: ignore[list-item]
