"""Self-service: ticket deflection and the self-service score from a help-centre session log.

A [`Session`][servicemodel.selfservice.Session] is one help-centre visit (id, customer,
start, articles read); [`load_sessions`][servicemodel.selfservice.load_sessions] reads a log
from CSV or JSON Lines. [`SelfService`][servicemodel.selfservice.SelfService] accumulates
sessions and tickets together (mergeable on the one protocol) and gives the **deflection
rate** — sessions not followed by a ticket from the same customer within a window (7 days by
default) — and the **self-service score** — help-centre users per ticket creator (Zendesk's
definition) —, both with intervals, overall or per period.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import Ticket
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> acc = SelfService.empty(window=timedelta(days=3)).add_many([
    ...     Session("s1", "ann", t0), Session("s2", "bob", t0),
    ...     Ticket("T1", t0 + timedelta(days=1), requester="ann"),
    ...     Ticket("T2", t0 + timedelta(days=9), requester="bob")])
    >>> acc.result().deflection
    deflection rate 50.0 % ±40.5 (n=2, 95 %)
"""

from servicemodel._public import publish
from servicemodel.selfservice._deflection import DEFAULT_WINDOW, SelfService, SelfServiceResult
from servicemodel.selfservice._load import SESSION_FIELDS, LoadedSessions, load_sessions
from servicemodel.selfservice._session import Session

__all__ = [
    # sessions and the log
    "SESSION_FIELDS",
    "LoadedSessions",
    "Session",
    "load_sessions",
    # deflection and the self-service score
    "DEFAULT_WINDOW",
    "SelfService",
    "SelfServiceResult",
]

publish(__name__, globals(), __all__)
