"""Escalation ladders: who is notified or assigned as an SLA clock runs toward and past breach.

An [`EscalationLadder`][servicemodel.escalation.EscalationLadder] is an ordered list of
[`EscalationLevel`][servicemodel.escalation.EscalationLevel]s. Each level has a
[`Trigger`][servicemodel.escalation.Trigger] -- a fraction of the target, the breach, a delay
after the breach or after the previous level, or a reminder a delay before the deadline, in
business or calendar time -- and free-form targets ("team-lead", "tier-2"). After the last
level, the ladder may repeat every N, a bounded number of times: the last level alone, or with
``repeat_scope="ladder"`` the whole ladder from its first level (PagerDuty's ``num_loops``,
Opsgenie's ``repeat``).
A measurement that stops before a level's instant never escalates to it, levels are reached
in order, never earlier than the one before, and nothing escalates while the clock is paused
(pending, or the ticket solved).

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import Ticket, TicketHistory
    >>> from servicemodel.sla import SLAPolicy, Target, evaluate
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
    >>> (m,) = evaluate(p, TicketHistory(Ticket("T", t0), []), at=t0 + timedelta(hours=5))
    >>> ladder = EscalationLadder.from_dict({"levels": [
    ...     {"name": "warn", "trigger": "75%", "targets": ["team-lead"]},
    ...     {"name": "breach", "trigger": "breach", "targets": ["duty-manager"]},
    ... ]})
    >>> [(s.level, s.at.strftime("%H:%M")) for s in ladder.timeline(m)]
    [('warn', '12:00'), ('breach', '13:00')]
    >>> ladder.level_at(m, t0 + timedelta(hours=3, minutes=30)).level
    'warn'
"""

from servicemodel._public import publish
from servicemodel.escalation._ladder import (
    MAX_LEVELS as MAX_LEVELS,  # not in __all__: the bounds, for error messages and tests
)
from servicemodel.escalation._ladder import (
    MAX_REPEATS as MAX_REPEATS,
)
from servicemodel.escalation._ladder import (
    EscalationLadder,
    EscalationLevel,
    EscalationStep,
)
from servicemodel.escalation._trigger import Trigger, TriggerKind

__all__ = [
    # ladders
    "EscalationLadder",
    "EscalationLevel",
    "EscalationStep",
    # triggers
    "Trigger",
    "TriggerKind",
]

publish(__name__, globals(), __all__)
