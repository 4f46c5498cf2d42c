"""How a history's facts are derived from its events: checked once, computed once.

[`TicketHistory`][servicemodel.model.TicketHistory] keeps the public questions; this module
holds the passes over the events that answer them: the order check, the eager pass (status
timeline, solves, reopens, the agent-created ticket's opening message) and the lookups built on
first use (priority and assignment timelines, events by type).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from operator import attrgetter
from typing import NamedTuple

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import require_iterable
from servicemodel.errors import EventOrderError, InputTypeError
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
from servicemodel.model._slots import slot_setters
from servicemodel.model._ticket import Ticket
from servicemodel.model._values import Priority, Status, _utc

__all__ = ["StatusSpan"]

_new = object.__new__


@attrs.frozen
class StatusSpan:
    """A status held over ``[start, end)``; ``end`` is ``None`` for the status still in force.

    Examples:
        >>> from datetime import datetime, timezone
        >>> s = StatusSpan(Status.OPEN, datetime(2026, 1, 5, tzinfo=timezone.utc), None)
        >>> s.end is None
        True
    """

    status: Status
    start: datetime
    end: datetime | None


#: The status timeline as the eager pass keeps it: ``(status, start)`` per span, in order; a
#: span ends where the next one starts (the last is open-ended). The ``StatusSpan`` objects
#: are built from it on first use (``spans_of``): most histories are never asked for them.
Statuses = tuple[tuple[Status, datetime], ...]


class Derived(NamedTuple):
    """What the eager pass over the events finds (instants as the events give them)."""

    statuses: Statuses
    reopens: tuple[datetime, ...]
    solves: tuple[datetime, ...]
    opening_message: AgentReply | None
    first_reply: datetime | None


#: ``Derived``'s fields as a plain tuple, in its order: what the loaders' hot path builds (a
#: NamedTuple costs several times as much to build).
Facts = tuple[
    Statuses, tuple[datetime, ...], tuple[datetime, ...], AgentReply | None, datetime | None
]


class Timelines(NamedTuple):
    """Per-history lookups built on first use: change instants (UTC) and the values they set."""

    status_starts: tuple[datetime, ...]
    status_timeline: tuple[tuple[datetime, Status], ...]
    priority_times: tuple[datetime, ...]
    priorities: tuple[Priority, ...]
    priority_timeline: tuple[tuple[datetime, Priority], ...]
    #: The source's own priority names (``Ticket.priority_label``, ``PriorityChange.label``),
    #: one per entry of ``priorities``.
    priority_labels: tuple[str | None, ...]
    assignment_times: tuple[datetime, ...]
    assignments: tuple[tuple[str | None, str | None], ...]
    agent_replies: tuple[AgentReply, ...]
    replies_to_customer: tuple[AgentReply, ...]
    customer_messages: tuple[CustomerMessage, ...]
    ratings: tuple[SatisfactionRating, ...]
    priority_changes: tuple[PriorityChange, ...]


def events_tuple(value: Iterable[Event]) -> tuple[Event, ...]:
    """Convert ``value`` to a tuple of events, refusing a single event or a non-event."""
    if isinstance(value, Event):
        raise InputTypeError("events: expected an iterable of events, got a single event")
    out = tuple(require_iterable(value, "events"))
    for i, ev in enumerate(out):
        if not isinstance(ev, Event):
            hint = ""
            if isinstance(ev, Mapping):  # an event as JSON: name the reader that makes one
                hint = "; read a dict in the JSON Lines form with servicemodel.io.event_from_dict"
            raise InputTypeError(
                f"events[{i}]: expected an Event, got {type(ev).__name__} {safe_repr(ev)}{hint}"
            )
    return out


def find_violation(ticket: Ticket, events: tuple[Event, ...]) -> tuple[int, str] | None:
    """The index of the first event a helpdesk could not have recorded, and why; or ``None``.

    An event is invalid when it repeats an id, precedes the ticket's creation, comes before
    the event listed ahead of it, or reopens a ticket that is not solved or closed. Readers
    use the index to name the line of the offending event.
    """
    # Instants are compared in UTC: Python compares two datetimes that share a tzinfo by
    # wall clock, which orders the repeated hour of a DST fall-back wrongly.
    created = _utc(ticket.created_at)
    seen: set[str] = set()
    previous = created
    resolved = False  # the status so far is solved or closed (a new ticket is not)
    for i, ev in enumerate(events):
        if ev.id in seen:
            return i, f"{_tid(ticket)}: events[{i}] repeats event id {safe_repr(ev.id)}"
        seen.add(ev.id)
        at = _utc(ev.at)
        if at < previous:
            return i, _order_problem(ticket, events, i, at < created)
        previous = at
        if isinstance(ev, StatusChange):
            resolved = ev.status in _RESOLVED
        elif isinstance(ev, Reopen):
            if not resolved:
                return i, (
                    f"{_tid(ticket)}: reopen {_event(ev)} reopens a ticket that is "
                    f"{_status_before(events, i).value}, not solved or closed; only a "
                    "resolved ticket can be reopened"
                )
            resolved = False
    return None


#: The resolved statuses, as a set: ``Status.is_resolved`` is a property call per event.
_RESOLVED = frozenset(s for s in Status if s.is_resolved)
#: Members read once: ``Status.NEW`` is a lookup through the enum's metaclass on every use.
_NEW, _OPEN = Status.NEW, Status.OPEN


def _order_problem(ticket: Ticket, events: tuple[Event, ...], i: int, early: bool) -> str:
    # Every instant so far is at or after creation, so an event before its predecessor is
    # either before the creation too (said first, as before) or merely out of order. Each
    # instant is shown in the zone it was given in.
    ev = events[i]
    if early:
        created = ticket.created_at.isoformat()
        return f"{_tid(ticket)}: {_event(ev)} is before the ticket's creation at {created}"
    return (
        f"{_tid(ticket)}: {_event(ev)} comes after an event at "
        f"{events[i - 1].at.isoformat()}; events must be in time order (use "
        "TicketHistory.from_unsorted to sort them)"
    )


def _status_before(events: tuple[Event, ...], i: int) -> Status:
    # The status in force before events[i] (only for the message of a bad reopen).
    status = Status.NEW
    for ev in events[:i]:
        if isinstance(ev, StatusChange):
            status = ev.status
        elif isinstance(ev, Reopen):
            status = Status.OPEN
    return status


# Messages are built only for the offending event: safe_repr on every id would tax every
# history built.
def _tid(ticket: Ticket) -> str:
    return f"ticket {safe_repr(ticket.id)}"


def _event(ev: Event) -> str:
    return f"event {safe_repr(ev.id)} at {ev.at.isoformat()}"


def check_order(ticket: Ticket, events: tuple[Event, ...]) -> None:
    """Raise ``EventOrderError`` for the first event a helpdesk could not have recorded."""
    found = find_violation(ticket, events)
    if found is not None:
        raise EventOrderError(found[1])


def derive(ticket: Ticket, events: tuple[Event, ...]) -> Derived:
    """The eager pass: status timeline, solves, reopens, opening message and first reply."""
    spans: list[tuple[Status, datetime]] = []
    current, since = Status.NEW, ticket.created_at
    reopens: list[datetime] = []
    solves: list[datetime] = []
    replies: list[AgentReply] = []
    since_utc = _utc(since)  # the current span's start in UTC, converted once per span
    for ev in events:
        if isinstance(ev, AgentReply):
            replies.append(ev)
            continue
        if isinstance(ev, StatusChange):
            new = ev.status
        elif isinstance(ev, Reopen):
            new = Status.OPEN
        else:
            continue
        was_resolved, now_resolved = current in _RESOLVED, new in _RESOLVED
        if was_resolved and not now_resolved:
            reopens.append(ev.at)
        elif now_resolved and not was_resolved:
            solves.append(ev.at)
        if new is not current:
            at = _utc(ev.at)
            if at > since_utc:
                spans.append((current, since))
                current, since, since_utc = new, ev.at, at
            elif spans and spans[-1][0] is new:
                # A zero-length detour (open -> new at one instant) leaves no span, and the
                # status it returns to continues the previous span.
                current, since = spans.pop()
                since_utc = _utc(since)
            else:
                current = new
    spans.append((current, since))
    return Derived._make(_derived(ticket, spans, reopens, solves, replies))


def spans_of(statuses: Statuses) -> tuple[StatusSpan, ...]:
    """The ``StatusSpan`` objects of a status timeline kept as ``(status, start)`` pairs."""
    ends: list[datetime | None] = [start for _, start in statuses[1:]]
    ends.append(None)  # a span ends where the next starts; the last is open-ended
    return tuple(_span(s, start, end) for (s, start), end in zip(statuses, ends, strict=True))


def _derived(
    ticket: Ticket,
    spans: list[tuple[Status, datetime]],
    reopens: list[datetime],
    solves: list[datetime],
    replies: list[AgentReply],
) -> Facts:
    # The one place the agent-created rule lives: such a ticket's first agent reply is the
    # message that opened it, so it answers nobody and the first reply is the next one.
    opening = replies[0] if ticket.created_by_agent and replies else None
    answers = replies[1:] if opening is not None else replies
    # A bot's or auto-responder's reply is no first reply (Zendesk's first reply time counts
    # the first public comment by an agent; SLA policies decide for their own clocks).
    first_reply = next((r.at for r in answers if not r.automated), None)
    return (tuple(spans), tuple(reopens), tuple(solves), opening, first_reply)


def checked_derive(ticket: Ticket, events: tuple[Event, ...]) -> Derived | None:
    """``check_order`` and ``derive`` in one walk over the events, one UTC conversion each.

    ``None`` when an event breaks a rule of ``find_violation`` (``check_order`` then raises
    its error) or is of a type other than the library's own (``derive`` then decides, with
    ``isinstance`` as before); otherwise exactly ``derive``'s result.
    """
    found = checked_facts(ticket, events)
    return None if found is None else Derived._make(found)


def checked_facts(
    ticket: Ticket, events: tuple[Event, ...], ats: list[datetime] | None = None
) -> Facts | None:
    """``checked_derive`` as a plain tuple (hot in loaders and in ``TicketHistory``).

    ``ats``: a list to which the creation instant in UTC and then each event's are appended,
    in order (complete only when the facts are returned).
    """
    replies: list[AgentReply] = []
    changes: list[tuple[Event, datetime]] = []  # status changes and reopens, with UTC instants
    keep = _drop if ats is None else ats.append
    try:
        if len(set(map(_ID, events))) != len(events):  # a repeated id (a set built in C)
            return None
        previous = created = _utc(ticket.created_at)
        keep(created)
        for ev in events:
            at = ev.at.astimezone(UTC)
            if at < previous:
                return None
            previous = at
            keep(at)
            cls = type(ev)
            if cls is AgentReply:
                replies.append(ev)  # type: ignore[arg-type]
            elif cls is StatusChange or cls is Reopen:
                changes.append((ev, at))
            elif cls not in _PLAIN:
                return None
        return _status_facts(ticket, created, changes, replies)
    except Exception:  # e.g. an instant out of range: the two passes raise their own error
        return None


_ID = attrgetter("id")


def _drop(_: datetime) -> None:
    """Where ``checked_facts`` puts the UTC instants nobody asked for."""


_SPAN_STATUS, _SPAN_START, _SPAN_END = slot_setters(StatusSpan, "status", "start", "end")


def _span(status: Status, start: datetime, end: datetime | None) -> StatusSpan:
    # StatusSpan(status, start, end), its slots filled directly (one per span).
    span = _new(StatusSpan)
    _SPAN_STATUS(span, status)
    _SPAN_START(span, start)
    _SPAN_END(span, end)
    return span


#: The library's event types that neither change the status nor reply.
_PLAIN = frozenset(
    {CustomerMessage, InternalNote, PriorityChange, AssignmentChange, SatisfactionRating}
)


def _status_facts(
    ticket: Ticket,
    created: datetime,
    changes: list[tuple[Event, datetime]],
    replies: list[AgentReply],
) -> Facts | None:
    # derive's status walk over the changes only, their UTC instants given, then _derived;
    # None for a reopen while the ticket is unresolved (find_violation's rule: the status so
    # far is ``current``).
    spans: list[tuple[Status, datetime]] = []
    current, since, since_utc = _NEW, ticket.created_at, created
    resolved = False  # current in _RESOLVED, kept as the status changes
    reopens: list[datetime] = []
    solves: list[datetime] = []
    for ev, at_utc in changes:
        if type(ev) is Reopen:
            if not resolved:
                return None
            new = _OPEN
        else:
            new = ev.status  # type: ignore[attr-defined]
        if new is current:
            continue
        if resolved is not (new in _RESOLVED):  # into or out of a resolved status
            resolved = not resolved
            (solves if resolved else reopens).append(ev.at)
        if at_utc > since_utc:
            spans.append((current, since))
            current, since, since_utc = new, ev.at, at_utc
        elif spans and spans[-1][0] is new:
            current, since = spans.pop()
            since_utc = _utc(since)
        else:
            current = new
    spans.append((current, since))
    return _derived(ticket, spans, reopens, solves, replies)


def build_timelines(ticket: Ticket, events: tuple[Event, ...], derived: Derived) -> Timelines:
    """The lookups built on first use, from the events and the eager pass."""
    created = _utc(ticket.created_at)
    prio_times, prios = [created], [ticket.priority]
    labels = [ticket.priority_label]
    assign_times = [created]
    assigns = [(ticket.group, ticket.assignee)]
    for ev in events:
        if isinstance(ev, PriorityChange):
            prio_times.append(_utc(ev.at))
            prios.append(ev.priority)
            labels.append(ev.label)
        elif isinstance(ev, AssignmentChange):
            assign_times.append(_utc(ev.at))
            assigns.append((ev.group, ev.assignee))
    replies = tuple(e for e in events if isinstance(e, AgentReply))
    starts = tuple(_utc(start) for _, start in derived.statuses)
    statuses = (status for status, _ in derived.statuses)
    return Timelines(
        status_starts=starts,
        status_timeline=tuple(zip(starts, statuses, strict=True)),
        priority_times=tuple(prio_times),
        priorities=tuple(prios),
        priority_timeline=tuple(zip(prio_times, prios, strict=True)),
        priority_labels=tuple(labels),
        assignment_times=tuple(assign_times),
        assignments=tuple(assigns),
        agent_replies=replies,
        replies_to_customer=replies[1:] if derived.opening_message is not None else replies,
        customer_messages=tuple(e for e in events if isinstance(e, CustomerMessage)),
        ratings=tuple(e for e in events if isinstance(e, SatisfactionRating)),
        priority_changes=tuple(e for e in events if isinstance(e, PriorityChange)),
    )
