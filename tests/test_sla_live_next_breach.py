"""``TicketSLA.next_breach``: the earliest deadline still ahead of the running clocks.

A clock already past its deadline has no breach ahead, so a ticket whose running clocks are
all breached has no next breach; its measurements say breached.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from servicemodel.model import CustomerMessage, Ticket
from servicemodel.sla import SLAPolicy, Target, TicketSLA

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_next_breach_is_the_earliest_deadline_still_ahead() -> None:
    # As documented: first reply due 13:00, resolution 17:00 (calendar time). After a
    # customer message at 14:00 only the resolution deadline is ahead; after one at 18:00,
    # none is, though both clocks still run (breached).
    policy = SLAPolicy(
        "p",
        {
            "normal": [
                Target("first_reply", "4h", business=False),
                Target("resolution", "8h", business=False),
            ]
        },
    )
    state = TicketSLA(policy, Ticket("T-2", T0))
    breach = state.next_breach()
    assert breach is not None
    assert (breach.metric.value, breach.at) == ("first_reply", T0 + timedelta(hours=4))
    state.apply(CustomerMessage("m1", T0 + timedelta(hours=5)))
    breach = state.next_breach()
    assert breach is not None
    assert (breach.metric.value, breach.at) == ("resolution", T0 + timedelta(hours=8))
    state.apply(CustomerMessage("m2", T0 + timedelta(hours=9)))
    assert state.next_breach() is None
    assert [m.state.value for m in state.measurements()] == ["breached", "breached"]
