"""``TicketSLA.timers(since, past=True)`` over policy sets that match a ticket again.

The law of ``tests/test_sla_live_missed_timers.py`` -- the past timers are exactly the
warnings, breaches and ladder steps ``evaluate`` and ``ladder.timeline`` list -- drawn there
over one policy and no priority change. Here over policy sets with conditions and histories
with every event kind, priority and assignment changes among them: a ticket matched again
measures some clocks under a policy in force from a later instant (``_in_force``), and the
cut-off ``since`` must stay the caller's for every clock of the ticket.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.escalation import EscalationLadder
from servicemodel.model import TicketHistory
from servicemodel.sla import PolicySet, PriorityIn, TicketSLA, evaluate
from servicemodel.strategies import histories, ladders, policies, policy_sets

#: Event kinds that move a ticket between the policies of a set routed by priority.
KINDS = ["priority_change", "agent_reply", "customer_message", "status_change", "reopen"]


@st.composite
def by_priority(draw: st.DrawFn) -> PolicySet:
    """Two policies routed by priority, as a desk routes urgent tickets: a ticket whose
    priority changes is matched again (drawn sets route by tags or channel too, which a
    history never changes, so few of their tickets are)."""
    urgent, rest = draw(policies()), draw(policies())
    return PolicySet(
        [
            attrs.evolve(urgent, name="urgent", condition=PriorityIn(["urgent", "high"])),
            attrs.evolve(rest, name="rest"),  # matches every ticket
        ]
    )


def listed_by_batch(
    policy: PolicySet, h: TicketHistory, ladder: EscalationLadder, end: datetime
) -> Counter[Any]:
    """Every warning, breach and ladder step the batch view says happened before ``end``."""
    out: Counter[Any] = Counter()
    for m in evaluate(policy, h, at=end):
        key = (h.ticket.id, m.metric.value, m.cycle)
        out.update(((*key, "warning", f, 0), x) for f, x in m.warnings if x is not None and x < end)
        if m.breached_at is not None and m.breached_at < end:
            out[(*key, "breach", None, 0), m.breached_at] += 1
        out.update(
            ((*key, "escalation", s.level, s.repeat), s.at)
            for s in ladder.timeline(m)
            if s.at < end
        )
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(policy_sets(), by_priority()),
    st.one_of(histories(max_events=8), histories(max_events=8, kinds=KINDS)),
    ladders(max_levels=2),
    st.data(),
)
def test_past_timers_of_a_policy_set_are_what_the_batch_view_lists(
    policy: PolicySet, h: TicketHistory, ladder: EscalationLadder, data: st.DataObject
) -> None:
    s = TicketSLA.from_history(policy, h)
    end = h.last_event_at.astimezone(UTC) + timedelta(hours=data.draw(st.integers(0, 72)))
    created = h.created_at.astimezone(UTC)
    listed = [(t.key, t.at) for t in s.timers(created, ladder=ladder, past=True) if t.at < end]
    assert Counter(listed) == listed_by_batch(policy, h, ladder, end)
    # From any instant: the same list cut there.
    since = created + (end - created) * data.draw(st.floats(0, 1))
    cut = [x for x in listed if x[1] >= since]
    assert [(t.key, t.at) for t in s.timers(since, ladder=ladder, past=True) if t.at < end] == cut
