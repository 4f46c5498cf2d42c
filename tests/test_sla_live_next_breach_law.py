"""``TicketSLA.next_breach`` is the earliest due time among the clocks still running in time.

docs/live.md: ``next_breach()`` is the earliest deadline still ahead across the running clocks,
at or after the last event; a clock already past its deadline has no breach ahead, so once
every running clock is breached it is ``None``. As a law over any history: measured at the last
event, the clocks that are ``active`` (running, not paused, not yet breached) are exactly those
with a breach ahead, and ``next_breach().at`` is the earliest of their ``due_at``.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.model import TicketHistory
from servicemodel.sla import PolicySet, SLAPolicy, Target, TicketSLA
from servicemodel.strategies import histories, policy_sets

OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": ["09:00-12:00", "13:00-17:00"]})
TARGETS = [
    Target("first_reply", "4h", business=False),
    Target("next_reply", "2h"),
    Target("periodic_update", "3h", business=False),
    Target("resolution", "2d"),
    Target("agent_work", "8h"),
    Target("requester_wait", "6h", business=False),
]
POLICY = SLAPolicy(
    "desk",
    dict.fromkeys(("low", "normal", "high", "urgent"), TARGETS),
    pause=["pending", "on_hold"],
    calendar=OFFICE,
)


@given(st.just(POLICY) | policy_sets(), histories(max_events=10))
def test_next_breach_is_the_earliest_due_time_of_the_active_clocks(
    policies: SLAPolicy | PolicySet, history: TicketHistory
) -> None:
    # The fixed desk policy (all six clocks, pauses, a business calendar), or any drawn
    # policy set (conditions, the desk's own status and priority names).
    state = TicketSLA.replay(policies, history.ticket, history.events)
    measured = state.measurements()
    ahead = [m.due_at for m in measured if m.state.value == "active" and m.due_at is not None]
    breach = state.next_breach()
    if not ahead:
        # Nothing running in time: every running clock is breached, paused, or none runs.
        assert breach is None
        return
    assert breach is not None
    assert breach.kind == "breach"
    assert breach.at == min(ahead)
    assert breach.at >= state.last_event_at
    # ... and it is the breach of such a clock: its metric, at its due time.
    assert any(
        m.state.value == "active" and m.metric == breach.metric and m.due_at == breach.at
        for m in measured
    )
