"""A ticket refuses a NaN or infinite attribute when it is built, but loading a pickle runs no
converter: a stored pickle of a ticket holding one (the bytes such a ticket writes) still
loads, so the self-service join and the theme selector keep their own answers to it.

- self-service (docs/selfservice.md, "Which customers are the same"): a non-text customer
  that is not a whole number is an ``InputTypeError`` naming the ticket, the attribute and
  the value; for NaN the message adds that a missing customer is ``None``;
- themes (docs/feedback.md, "Themes"): there is never a theme called ``"nan"`` or ``"inf"``:
  such a value gives no theme, and the ticket counts as unthemed.
"""

from __future__ import annotations

import math
import pickle
import struct
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import InputTypeError
from servicemodel.feedback import ThemeCounts
from servicemodel.model import Ticket, TicketHistory
from servicemodel.selfservice import SelfService

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
NON_FINITE = st.sampled_from([math.nan, -math.nan, math.inf, -math.inf])


def _unpickled(value: float) -> TicketHistory:
    """A history loaded from a pickle whose ticket's attribute ``x`` is ``value``: a finite
    ticket's pickle with its 8-byte float swapped, the bytes a ticket holding ``value`` writes."""
    marker = 12345.5
    data = pickle.dumps(TicketHistory(Ticket("T-7", T0, "ann", attributes={"x": marker}), []))
    old = struct.pack(">d", marker)
    assert data.count(old) == 1
    history = pickle.loads(data.replace(old, struct.pack(">d", value)))
    assert isinstance(history, TicketHistory)
    got = history.ticket.attributes["x"]
    assert isinstance(got, float)
    assert math.isnan(got) if math.isnan(value) else got == value
    return history


@given(NON_FINITE, st.sampled_from(["history", "ticket"]))
def test_the_join_refuses_an_unpickled_non_finite_customer(value: float, given_as: str) -> None:
    history = _unpickled(value)
    item = history if given_as == "history" else history.ticket
    with pytest.raises(InputTypeError) as err:
        SelfService.empty(customer="attr:x").add(item)
    text = str(err.value)
    assert "ticket 'T-7'" in text
    assert "attribute 'x'" in text
    assert f"got float {value!r}" in text
    assert ("a missing customer is None" in text) == math.isnan(value)


@given(NON_FINITE)
def test_an_unpickled_non_finite_reason_gives_no_theme(value: float) -> None:
    history = _unpickled(value)
    counts = ThemeCounts.empty("attr:x").add(history).add(history.ticket)
    assert counts.themes == ()
    assert (counts.n, counts.unthemed) == (2, 2)
    assert counts.count("nan") == counts.count("inf") == counts.count("-inf") == 0
