"""The canonical ticket and event model that SLA clocks, KPIs and journeys all read.

A [`Ticket`][servicemodel.model.Ticket] holds what is known when a ticket is created; the
events that follow are small frozen values, one type per meaning; a
[`TicketHistory`][servicemodel.model.TicketHistory] is a ticket with its events in time order
and the derived facts users ask for (first agent reply, solve times, reopens, status at t).

Examples:
    >>> from datetime import datetime, timezone
    >>> t0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> from datetime import timedelta as td
    >>> h = TicketHistory(
    ...     Ticket("T-1", t0, requester="ada@example.com", channel="email"),
    ...     [
    ...         AgentReply("e1", t0 + td(minutes=30), agent="bo"),
    ...         StatusChange("e2", t0 + td(hours=2), status=Status.SOLVED),
    ...     ],
    ... )
    >>> h.first_reply_at() - t0
    datetime.timedelta(seconds=1800)
    >>> h.status_at(t0 + td(hours=3))
    <Status.SOLVED: 'solved'>
"""

from servicemodel._public import publish
from servicemodel.model._events import (
    EVENT_TYPES as EVENT_TYPES,
)
from servicemodel.model._events import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    InternalNote,
    PriorityChange,
    Reopen,
    SatisfactionRating,
    StatusChange,
)
from servicemodel.model._facts import StatusSpan
from servicemodel.model._history import TicketHistory
from servicemodel.model._partial import (
    LOST,
    PARTIAL_ATTRIBUTE,
    REOPENS_ATTRIBUTE,
    known_reopens,
    lost_facts,
    reopened,
    require_facts,
)
from servicemodel.model._ticket import Ticket
from servicemodel.model._values import KNOWN_CHANNELS, AttributeValue, Priority, Status

__all__ = [
    # values
    "KNOWN_CHANNELS",
    "AttributeValue",
    "Priority",
    "Status",
    # the ticket and its history
    "StatusSpan",
    "Ticket",
    "TicketHistory",
    # events
    "AgentReply",
    "AssignmentChange",
    "CustomerMessage",
    "Event",
    "InternalNote",
    "PriorityChange",
    "Reopen",
    "SatisfactionRating",
    "StatusChange",
    # partial histories (exports that keep only summary timestamps)
    "LOST",
    "PARTIAL_ATTRIBUTE",
    "REOPENS_ATTRIBUTE",
    "known_reopens",
    "lost_facts",
    "reopened",
    "require_facts",
]

# EVENT_TYPES (kind -> event class) stays out of __all__, as before; servicemodel.io and the
# Hypothesis hook read it from here.
publish(__name__, globals(), __all__)
