"""One limit for an attribute's whole number, whichever path checks it.

docs/journey.md and the ticket's rule: an attribute's whole number has at most 13,000 bits
(about 4,000 digits; Python writes no int of more than 4,300 digits as text, so a JSON writer
could not write it). The ticket's converter, the loaders' direct path (which builds a plainly
well-formed record without the converter, and defers anything else to it) and a journey's
stage rules all read the one definition. Law: for any whole number near the limit, the direct
path builds a ticket exactly when the ticket's own check accepts the number, and the same one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.model import Ticket
from servicemodel.model._direct import direct_ticket
from servicemodel.model._shared import MAX_INT_BITS

LIMIT = 13_000  # bits (docs/journey.md)
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@st.composite
def whole_numbers(draw: st.DrawFn) -> int:
    """Whole numbers of about the limit's size, on both sides of it, of either sign."""
    bits = draw(st.integers(min_value=LIMIT - 2, max_value=LIMIT + 2))
    low = 1 << (bits - 1)
    magnitude = draw(st.sampled_from([low, (1 << bits) - 1]))
    return magnitude if draw(st.booleans()) else -magnitude


def test_the_shared_limit_is_the_documented_one() -> None:
    assert MAX_INT_BITS == LIMIT


@given(whole_numbers())
def test_the_direct_path_and_the_ticket_take_the_same_whole_numbers(value: int) -> None:
    record = {"id": "T", "created_at": "2026-03-02T09:00:00+00:00", "attributes": {"n": value}}
    direct = direct_ticket(record)
    try:
        ticket: Ticket | None = Ticket("T", T0, attributes={"n": value})
    except ConfigError:
        ticket = None
    assert (ticket is not None) == (value.bit_length() <= LIMIT)
    assert direct == ticket  # None (deferred to the converter, which refuses) or the same ticket
