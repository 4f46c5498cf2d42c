"""A breach is final both ways: a priority change after a clock breached leaves the clock as
it was (its target, breach, priority and escalation steps), whether it raises or lowers the
target; a change before the breach moves the clock to the new target (docs/sla.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.escalation import EscalationLadder
from servicemodel.model import PriorityChange, Ticket, TicketHistory
from servicemodel.sla import SLAPolicy, Target, evaluate

T0 = datetime(2026, 3, 6, 14, 10, tzinfo=UTC)  # a Friday afternoon in Berlin
LADDER = EscalationLadder.from_dict(
    {
        "levels": [
            {"name": "warn", "trigger": "75%"},
            {"name": "breach", "trigger": "breach"},
            {"name": "after", "trigger": {"after_breach": "30m"}},
        ],
        "repeat": {"every": "1h", "times": 2, "scope": "ladder"},
    }
)


@settings(max_examples=60, deadline=None)
@given(
    hours=st.tuples(*[st.integers(1, 12)] * 3),
    business=st.booleans(),
    to=st.sampled_from(["low", "high"]),
    after=st.integers(1, 3 * 24 * 60),
)
def test_a_change_after_the_breach_leaves_the_clock_as_it_was(
    hours: tuple[int, int, int], business: bool, to: str, after: int
) -> None:
    targets = {
        p: [Target("first_reply", f"{h}h", business=business)]
        for p, h in zip(("low", "normal", "high"), hours, strict=True)
    }
    policy = SLAPolicy.from_dict(
        {
            "name": "p",
            "calendar": {"tz": "Europe/Berlin", "hours": {"mon-fri": "08:00-18:00"}},
            "targets": {p: [t.to_dict() for t in ts] for p, ts in targets.items()},
        }
    )
    end = T0 + timedelta(days=10)
    (plain,) = evaluate(policy, TicketHistory(Ticket("T", T0), []), at=end)
    assert plain.breached_at is not None
    change = plain.breached_at + timedelta(minutes=after)  # strictly after the breach
    history = TicketHistory(Ticket("T", T0), [PriorityChange("c", change, priority=to)])
    (m,) = evaluate(policy, history, at=end)
    assert (m.priority, m.target, m.due_at, m.breached_at, m.target_since) == (
        plain.priority,
        plain.target,
        plain.due_at,
        plain.breached_at,
        plain.target_since,
    )
    assert LADDER.timeline(m) == LADDER.timeline(plain)
    # At or before the breach instant, the change moves the clock to the new target.
    at_breach = TicketHistory(
        Ticket("T", T0), [PriorityChange("c", plain.breached_at, priority=to)]
    )
    (moved,) = evaluate(policy, at_breach, at=end)
    assert moved.priority.value == to
    assert moved.target_since == plain.breached_at
