"""A live state's calendar errors name the ticket and the instants they are about."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from servicemodel.errors import CalendarError, OutOfRangeError
from servicemodel.escalation import EscalationLadder
from servicemodel.model import CustomerMessage, Ticket
from servicemodel.sla import SLAPolicy, TicketSLA

POLICY = SLAPolicy.from_dict(
    {
        "name": "office",
        "calendar": {"tz": "Europe/Berlin", "hours": {"mon-fri": "09:00-17:00"}},
        "targets": {"normal": [{"metric": "first_reply", "within": "40h"}]},
    }
)
LADDER = EscalationLadder.from_dict({"levels": [{"name": "lead", "trigger": "breach"}]})
T0 = datetime(2026, 3, 6, 14, 0, tzinfo=UTC)

CALLS: dict[str, Callable[[TicketSLA], Any]] = {
    "next_timer": lambda s: s.next_timer(),
    "timers": lambda s: s.timers(ladder=LADDER),
    "next_breach": lambda s: s.next_breach(),
    "measurements": lambda s: s.measurements(),
}


@pytest.mark.parametrize("call", CALLS)
def test_a_bogus_far_future_event_names_the_ticket(call: str) -> None:
    # A timestamp 974 years out: the calendar refuses a query over more than 200 years.
    state = TicketSLA(POLICY, Ticket("T-9", T0))
    bogus = datetime(3000, 1, 1, tzinfo=UTC)
    assert state.apply(CustomerMessage("m1", bogus))  # apply queries no calendar
    with pytest.raises(CalendarError) as info:
        CALLS[call](state)
    text = str(info.value)
    assert text.startswith(
        "ticket 'T-9' (created 2026-03-06T14:00:00+00:00, last event at "
        "3000-01-01T00:00:00+00:00), "
    )
    assert re.search(r"(measured at|timers since) 3000-01-01T00:00:00\+00:00: ", text)
    assert text.endswith("a query may span at most 200 years; this one spans 2026..3000")


@pytest.mark.parametrize("call", CALLS)
def test_a_deadline_past_the_range_keeps_its_class_and_names_the_ticket(call: str) -> None:
    created = datetime(9998, 12, 29, tzinfo=UTC)
    state = TicketSLA(POLICY, Ticket("T-10", created))
    with pytest.raises(OutOfRangeError) as info:
        CALLS[call](state)
    text = str(info.value)
    assert text.startswith("ticket 'T-10' (created 9998-12-29T00:00:00+00:00, last event at ")
    assert "the result lies outside the supported range" in text


def test_an_instant_after_the_last_event_is_the_one_named() -> None:
    state = TicketSLA(POLICY, Ticket("T-11", datetime(9998, 12, 27, tzinfo=UTC)))
    since = datetime(9998, 12, 28, 12, tzinfo=UTC)
    with pytest.raises(OutOfRangeError, match=r"timers since 9998-12-28T12:00:00\+00:00: "):
        state.next_timer(since)
    with pytest.raises(OutOfRangeError, match=r"measured at 9998-12-28T12:00:00\+00:00: "):
        state.measurements(since)
