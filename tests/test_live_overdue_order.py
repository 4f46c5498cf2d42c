"""``TicketSLA.overdue``: clocks breached at one instant come in the metrics' order.

``overdue(at)`` lists the running clocks past their deadline earliest breach first (docs/live.md);
clocks that breached at the same instant follow the order of ``Metric``, as the timers of one
instant do, so a queue built from it is the same on every call.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.model import Ticket
from servicemodel.sla import Metric, SLAPolicy, Target, TicketSLA

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
#: Metrics a new ticket starts at once (at its creation), each its own clock.
AT_CREATION = ["first_reply", "requester_wait", "agent_work", "resolution"]


@given(
    st.lists(st.sampled_from(AT_CREATION), min_size=2, max_size=4, unique=True),
    st.integers(1, 120),
)
def test_clocks_breached_at_one_instant_are_in_the_metrics_order(
    metrics: list[str], minutes: int
) -> None:
    # Every target the same: every clock breaches at T0 + minutes, the same instant.
    targets = [Target(m, f"{minutes}m", business=False) for m in metrics]
    state = TicketSLA(SLAPolicy("p", {"normal": targets}), Ticket("T", T0))
    late = state.overdue(T0 + timedelta(minutes=minutes, seconds=1))
    assert {m.breached_at for m in late} == {T0 + timedelta(minutes=minutes)}
    order = list(Metric)
    assert [m.metric for m in late] == sorted((Metric(m) for m in metrics), key=order.index)
