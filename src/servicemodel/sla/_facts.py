"""Private: what the SLA engine reads from a ticket history, cut at the evaluation horizon.

The history already knows its status and priority timelines, its solves and its first reply
(with the agent-created-ticket rule, decided once in
[`TicketHistory.opening_message`][servicemodel.model.TicketHistory.opening_message]); this
module only reads them, in UTC, up to the horizon. The one fact the model does not keep is
SLA-only: the cycles of the reply clocks (``next_reply``, ``periodic_update``), which depend on
the order of replies, customer messages and resolutions. They are found here, in one pass over
the events, and only for policies that measure them.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, CustomerMessage, Ticket, TicketHistory
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> h = TicketHistory(Ticket("T", t0), [
    ...     AgentReply("r1", t0 + timedelta(hours=1)),
    ...     CustomerMessage("c", t0 + timedelta(hours=2)),
    ...     AgentReply("r2", t0 + timedelta(hours=3)),
    ... ])
    >>> facts = TicketFacts(h, None)
    >>> [(a.hour, b.hour) for a, b in facts.cycles(Metric.NEXT_REPLY, "final")]
    [(11, 12)]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from servicemodel.errors import require_instant
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Priority,
    PriorityChange,
    Reopen,
    Status,
    StatusChange,
    TicketHistory,
)
from servicemodel.sla._measurement import Metric

__all__ = ["Cycle", "TicketFacts"]

#: One run of a clock: its start and its stop (``None``: not stopped by the horizon).
Cycle = tuple[datetime, datetime | None]


class TicketFacts:
    """One history's SLA facts up to ``horizon`` (default: its last event), all in UTC."""

    __slots__ = (
        "_history",
        "_replies",
        "complete",
        "created",
        "horizon",
        "priorities",
        "statuses",
        "ticket_id",
    )

    def __init__(self, history: TicketHistory, at: datetime | None) -> None:
        try:
            last = history.last_event_at.astimezone(UTC)
            self.created = history.ticket.created_at.astimezone(UTC)
        except OverflowError:  # a history holding an instant past the datetime years
            require_instant(history.ticket.created_at, "created_at")
            require_instant(history.last_event_at, "last event at")
            raise
        self.horizon = last if at is None else require_instant(at, "at").astimezone(UTC)
        # Nothing happens after a horizon at or past the last event: the history has ended.
        self.complete = self.horizon >= last
        self.ticket_id = history.ticket.id
        # The eager status spans and, only when the priority ever changed, the priority
        # timeline: both are the history's own facts, read without making it build its lazy
        # lookups (a pass over the events) for a ticket that never changed priority.
        self.statuses: Sequence[tuple[datetime, Status]] = [
            (span.start.astimezone(UTC), span.status) for span in history.status_spans()
        ]
        self.priorities: Sequence[tuple[datetime, Priority]] = (
            history.priority_timeline()
            if PriorityChange in map(type, history.events)
            else ((self.created, history.ticket.priority),)
        )
        self._history = history
        self._replies: tuple[list[Cycle], list[Cycle]] | None = None

    @property
    def before_creation(self) -> bool:
        """Whether the horizon is before the ticket existed (nothing to measure)."""
        return self.horizon < self.created

    def cycles(self, metric: Metric, reopen: str) -> Sequence[Cycle]:
        """The runs of ``metric``'s clock: ``(start, stop)``, in order."""
        if metric is Metric.FIRST_REPLY:
            return ((self.created, self._first_reply_stop()),)
        if metric is Metric.NEXT_REPLY:
            return self._reply_cycles()[0]
        if metric is Metric.PERIODIC_UPDATE:
            return self._reply_cycles()[1]
        return ((self.created, self._resolution_stop(reopen)),)

    def _seen(self, t: datetime | None) -> datetime | None:
        """``t`` in UTC if it happened by the horizon, else ``None``."""
        if t is None:
            return None
        u = t.astimezone(UTC)
        return u if u <= self.horizon else None

    def _first_reply_stop(self) -> datetime | None:
        # The first reply stops the clock; so does resolving the ticket before any reply.
        solves = self._history.solve_times()
        reply = self._seen(self._history.first_reply_at())
        solve = self._seen(solves[0]) if solves else None
        if reply is None or solve is None:
            return reply or solve
        return min(reply, solve)

    def _resolution_stop(self, reopen: str) -> datetime | None:
        solves = self._history.solve_times()
        if reopen == "first":
            return self._seen(solves[0]) if solves else None
        if self.complete and self.statuses[-1][1].is_resolved:
            # The history has ended resolved: its last resolution is the final one.
            return solves[-1].astimezone(UTC)
        return None

    def _reply_cycles(self) -> tuple[list[Cycle], list[Cycle]]:
        if self._replies is None:
            self._replies = _reply_cycles(self._history, self.horizon)
        return self._replies


def _reply_cycles(history: TicketHistory, horizon: datetime) -> tuple[list[Cycle], list[Cycle]]:
    """``next_reply`` and ``periodic_update`` cycles, in one pass over the events.

    A reply clock opens on a customer message after the first reply (``next_reply``) or on an
    agent reply (``periodic_update``) and closes on the next agent reply; resolving the
    ticket closes both, and a message that arrives while it is resolved opens ``next_reply``
    when it is reopened. Events at one instant keep their order, so this walks the events
    rather than merging the model's per-type lists by time.
    """
    cycles = _ReplyCycles(history.opening_message())
    for ev in history.events:
        kind = type(ev)
        if kind is AgentReply:
            at = ev.at.astimezone(UTC)
            if at > horizon:
                break
            cycles.reply(ev is cycles.opening, at)
        elif kind is CustomerMessage:
            at = ev.at.astimezone(UTC)
            if at > horizon:
                break
            cycles.message(at)
        elif kind is StatusChange or kind is Reopen:
            at = ev.at.astimezone(UTC)
            if at > horizon:
                break
            resolved = isinstance(ev, StatusChange) and ev.status.is_resolved
            if resolved is not cycles.resolved:
                cycles.resolution(resolved, at)
    return cycles.done()


class _ReplyCycles:
    """The state of the reply clocks while walking the events (see ``_reply_cycles``)."""

    __slots__ = (
        "answered",
        "next_open",
        "next_reply",
        "opening",
        "periodic",
        "periodic_open",
        "resolved",
        "waiting",
    )

    def __init__(self, opening: AgentReply | None) -> None:
        self.opening = opening
        self.answered = False  # first reply given (or the ticket resolved before one)
        self.resolved = False
        self.waiting = False  # a message arrived while resolved: answered once reopened
        self.next_open: datetime | None = None
        self.periodic_open: datetime | None = None
        self.next_reply: list[Cycle] = []
        self.periodic: list[Cycle] = []

    def reply(self, is_opening: bool, at: datetime) -> None:
        if not self.answered:
            # The message that opened an agent-created ticket answers nobody.
            self.answered = not is_opening
        elif self.next_open is not None:
            self.next_reply.append((self.next_open, at))
            self.next_open = None
        self.waiting = False
        if self.periodic_open is not None:
            self.periodic.append((self.periodic_open, at))
            self.periodic_open = None
        if not self.resolved:
            self.periodic_open = at

    def message(self, at: datetime) -> None:
        if self.answered and self.next_open is None:
            if self.resolved:
                self.waiting = True
            else:
                self.next_open = at

    def resolution(self, resolved: bool, at: datetime) -> None:
        """The ticket became resolved (``resolved``) or was reopened at ``at``."""
        if resolved:
            self.answered = True
            if self.next_open is not None and self.next_open < at:
                self.next_reply.append((self.next_open, at))
            if self.periodic_open is not None and self.periodic_open < at:
                self.periodic.append((self.periodic_open, at))
            self.next_open = self.periodic_open = None
            self.waiting = False
        elif self.waiting:
            self.next_open, self.waiting = at, False
        self.resolved = resolved

    def done(self) -> tuple[list[Cycle], list[Cycle]]:
        if self.next_open is not None:
            self.next_reply.append((self.next_open, None))
        if self.periodic_open is not None:
            self.periodic.append((self.periodic_open, None))
        return self.next_reply, self.periodic
