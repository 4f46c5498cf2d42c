"""A ticket with its events in time order, and the facts derived from them once."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

import attrs

from servicemodel.errors import EventOrderError, InputTypeError, require_aware
from servicemodel.model._events import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    PriorityChange,
    Reopen,
    SatisfactionRating,
    StatusChange,
)
from servicemodel.model._ticket import Ticket
from servicemodel.model._values import Priority, Status, _utc

__all__ = ["StatusSpan", "TicketHistory"]


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


class _Timelines(NamedTuple):
    """Per-history lookups built on first use: change instants (UTC) and the values they set."""

    status_starts: tuple[datetime, ...]
    priority_times: tuple[datetime, ...]
    priorities: tuple[Priority, ...]
    assignment_times: tuple[datetime, ...]
    assignments: tuple[tuple[str | None, str | None], ...]
    agent_replies: tuple[AgentReply, ...]
    customer_messages: tuple[CustomerMessage, ...]
    ratings: tuple[SatisfactionRating, ...]
    priority_changes: tuple[PriorityChange, ...]


def _events_tuple(value: Iterable[Event]) -> tuple[Event, ...]:
    if isinstance(value, Event):
        raise InputTypeError("events: expected an iterable of events, got a single event")
    out = tuple(value)
    for i, ev in enumerate(out):
        if not isinstance(ev, Event):
            raise InputTypeError(f"events[{i}]: expected an Event, got {type(ev).__name__} {ev!r}")
    return out


@attrs.frozen(eq=True, hash=False)
class TicketHistory:
    """A ticket and its events in time order, with derived facts computed once.

    Events must be in non-decreasing time order (events at the same instant keep the order
    given), none before the ticket's creation, with ids unique within the ticket; each
    violation is an [`EventOrderError`][servicemodel.errors.EventOrderError]. Use
    [`from_unsorted`][servicemodel.model.TicketHistory.from_unsorted] to sort explicitly.

    The ticket starts in status ``NEW`` with the ticket's priority at ``created_at``.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> h = TicketHistory(Ticket("T-1", t0), [
        ...     InternalNote("n", t0 + timedelta(minutes=5)),
        ...     AgentReply("r", t0 + timedelta(minutes=20)),
        ...     StatusChange("s", t0 + timedelta(hours=1), status="solved"),
        ...     Reopen("o", t0 + timedelta(days=1)),
        ...     StatusChange("s2", t0 + timedelta(days=2), status="solved"),
        ... ])
        >>> h.first_reply_at() == t0 + timedelta(minutes=20), h.reopen_count()
        (True, 1)
        >>> h.first_solved_at() == t0 + timedelta(hours=1), h.solved_at() == t0 + timedelta(days=2)
        (True, True)
    """

    ticket: Ticket = attrs.field(validator=attrs.validators.instance_of(Ticket))
    events: tuple[Event, ...] = attrs.field(converter=_events_tuple)
    _status_spans: tuple[StatusSpan, ...] = attrs.field(
        init=False, eq=False, repr=False, default=()
    )
    _reopens: tuple[datetime, ...] = attrs.field(init=False, eq=False, repr=False, default=())
    _solves: tuple[datetime, ...] = attrs.field(init=False, eq=False, repr=False, default=())
    _first_reply: datetime | None = attrs.field(init=False, eq=False, repr=False, default=None)
    _lookups: _Timelines | None = attrs.field(init=False, eq=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        # Instants are compared in UTC: Python compares two datetimes that share a tzinfo by
        # wall clock, which orders the repeated hour of a DST fall-back wrongly.
        created = _utc(self.ticket.created_at)
        seen: set[str] = set()
        previous: datetime | None = None
        for i, ev in enumerate(self.events):
            if ev.id in seen:
                raise EventOrderError(
                    f"ticket {self.ticket.id!r}: events[{i}] repeats event id {ev.id!r}"
                )
            seen.add(ev.id)
            at = _utc(ev.at)
            if at < created:
                raise EventOrderError(
                    f"ticket {self.ticket.id!r}: event {ev.id!r} at {ev.at.isoformat()} is before "
                    f"the ticket's creation at {created.isoformat()}"
                )
            if previous is not None and at < previous:
                raise EventOrderError(
                    f"ticket {self.ticket.id!r}: event {ev.id!r} at {ev.at.isoformat()} comes "
                    f"after an event at {self.events[i - 1].at.isoformat()}; events must be in "
                    "time order (use TicketHistory.from_unsorted to sort them)"
                )
            previous = at
        self._derive()

    def _derive(self) -> None:
        spans: list[StatusSpan] = []
        current, since = Status.NEW, self.ticket.created_at
        reopens: list[datetime] = []
        solves: list[datetime] = []
        replies: list[datetime] = []
        for ev in self.events:
            if isinstance(ev, AgentReply):
                replies.append(ev.at)
                continue
            if isinstance(ev, StatusChange):
                new = ev.status
            elif isinstance(ev, Reopen):
                new = Status.OPEN
            else:
                continue
            if current.is_resolved and not new.is_resolved:
                reopens.append(ev.at)
            elif new.is_resolved and not current.is_resolved:
                solves.append(ev.at)
            if new is not current:
                if _utc(ev.at) > _utc(since):
                    spans.append(StatusSpan(current, since, ev.at))
                    current, since = new, ev.at
                elif spans and spans[-1].status is new:
                    # A zero-length detour (open -> new at one instant) leaves no span, and the
                    # status it returns to continues the previous span.
                    current, since = new, spans.pop().start
                else:
                    current = new
        spans.append(StatusSpan(current, since, None))
        skip = 1 if self.ticket.created_by_agent else 0
        first = replies[skip] if len(replies) > skip else None
        object.__setattr__(self, "_status_spans", tuple(spans))
        object.__setattr__(self, "_reopens", tuple(reopens))
        object.__setattr__(self, "_solves", tuple(solves))
        object.__setattr__(self, "_first_reply", first)

    def _timelines(self) -> _Timelines:
        # Built once, on first use: most histories are only asked for a few facts, so the
        # constructor does not pay for lookups nobody reads.
        found = self._lookups
        if found is not None:
            return found
        created = _utc(self.ticket.created_at)
        prio_times, prios = [created], [self.ticket.priority]
        assign_times = [created]
        assigns = [(self.ticket.group, self.ticket.assignee)]
        for ev in self.events:
            if isinstance(ev, PriorityChange):
                prio_times.append(_utc(ev.at))
                prios.append(ev.priority)
            elif isinstance(ev, AssignmentChange):
                assign_times.append(_utc(ev.at))
                assigns.append((ev.group, ev.assignee))
        found = _Timelines(
            status_starts=tuple(_utc(span.start) for span in self._status_spans),
            priority_times=tuple(prio_times),
            priorities=tuple(prios),
            assignment_times=tuple(assign_times),
            assignments=tuple(assigns),
            agent_replies=tuple(e for e in self.events if isinstance(e, AgentReply)),
            customer_messages=tuple(e for e in self.events if isinstance(e, CustomerMessage)),
            ratings=tuple(e for e in self.events if isinstance(e, SatisfactionRating)),
            priority_changes=tuple(e for e in self.events if isinstance(e, PriorityChange)),
        )
        object.__setattr__(self, "_lookups", found)
        return found

    @classmethod
    def from_unsorted(cls, ticket: Ticket, events: Iterable[Event]) -> TicketHistory:
        """Build a history from events in any order, sorting them by time (stable).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory.from_unsorted(Ticket("T", t0), [
            ...     AgentReply("b", t0 + timedelta(hours=2)), CustomerMessage("a", t0)])
            >>> [e.id for e in h.events]
            ['a', 'b']
        """
        evs = _events_tuple(events)
        for i, ev in enumerate(evs):
            require_aware(ev.at, f"events[{i}].at")
        return cls(ticket, sorted(evs, key=lambda e: _utc(e.at)))

    # -- derived facts ---------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The ticket's id.

        Examples:
            >>> from datetime import datetime, timezone
            >>> TicketHistory(Ticket("T-5", datetime(2026, 1, 1, tzinfo=timezone.utc)), []).id
            'T-5'
        """
        return self.ticket.id

    @property
    def created_at(self) -> datetime:
        """The ticket's creation instant.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> TicketHistory(Ticket("T", t0), []).created_at == t0
            True
        """
        return self.ticket.created_at

    @property
    def last_event_at(self) -> datetime:
        """The instant of the last event, or the creation instant if there is none.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [CustomerMessage("m", t0 + timedelta(hours=1))])
            >>> h.last_event_at - t0
            datetime.timedelta(seconds=3600)
        """
        return self.events[-1].at if self.events else self.ticket.created_at

    def first_reply_at(self) -> datetime | None:
        """The first public agent reply (the second, for agent-created tickets), or ``None``.

        Internal notes never count. ``None`` means no reply yet: a censored observation, not 0.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [InternalNote("n", t0)])
            >>> h.first_reply_at() is None
            True
        """
        return self._first_reply

    def agent_replies(self) -> tuple[AgentReply, ...]:
        """All public agent replies, in order.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [InternalNote("n", t0), AgentReply("r", t0)])
            >>> [e.id for e in h.agent_replies()]
            ['r']
        """
        return self._timelines().agent_replies

    def customer_messages(self) -> tuple[CustomerMessage, ...]:
        """All customer messages, in order.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [CustomerMessage("m", t0), AgentReply("r", t0)])
            >>> [e.id for e in h.customer_messages()]
            ['m']
        """
        return self._timelines().customer_messages

    def ratings(self, survey: str | None = None) -> tuple[SatisfactionRating, ...]:
        """Satisfaction ratings, optionally only those of one ``survey``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [
            ...     SatisfactionRating("c", t0, score=4),
            ...     SatisfactionRating("n", t0, score=9, survey="nps", scale_min=0, scale_max=10),
            ... ])
            >>> [r.score for r in h.ratings("nps")], len(h.ratings())
            ([9.0], 2)
        """
        found = self._timelines().ratings
        if survey is None:
            return found
        return tuple(e for e in found if e.survey == survey)

    def solve_times(self) -> tuple[datetime, ...]:
        """Every instant the ticket became resolved (solved or closed from an unresolved status).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [
            ...     StatusChange("s", t0 + timedelta(hours=1), status="solved"),
            ...     StatusChange("c", t0 + timedelta(hours=2), status="closed"),  # still resolved
            ... ])
            >>> [t - t0 for t in h.solve_times()]
            [datetime.timedelta(seconds=3600)]
        """
        return self._solves

    def first_solved_at(self) -> datetime | None:
        """When the ticket was first resolved, or ``None``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> TicketHistory(Ticket("T", t0), []).first_solved_at() is None
            True
        """
        return self._solves[0] if self._solves else None

    def solved_at(self) -> datetime | None:
        """When the ticket was finally resolved, or ``None`` if it is unresolved at the end.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [
            ...     StatusChange("s", t0 + timedelta(hours=1), status="solved"),
            ...     Reopen("o", t0 + timedelta(hours=2)),
            ... ])
            >>> h.solved_at() is None, h.first_solved_at() - t0
            (True, datetime.timedelta(seconds=3600))
        """
        return self._solves[-1] if self._solves and self.is_resolved() else None

    def reopens(self) -> tuple[datetime, ...]:
        """Every instant the ticket went from resolved back to unresolved.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [
            ...     StatusChange("s", t0 + timedelta(hours=1), status="solved"),
            ...     StatusChange("p", t0 + timedelta(hours=2), status="pending"),
            ... ])
            >>> [t - t0 for t in h.reopens()]
            [datetime.timedelta(seconds=7200)]
        """
        return self._reopens

    def reopen_count(self) -> int:
        """How many times the ticket was reopened.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> TicketHistory(Ticket("T", t0), []).reopen_count()
            0
        """
        return len(self._reopens)

    def status_spans(self) -> tuple[StatusSpan, ...]:
        """The status timeline: consecutive spans from creation, the last one open-ended.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [StatusChange("s", t0 + timedelta(hours=1),
            ...                                                  status="open")])
            >>> [(s.status.value, s.end is None) for s in h.status_spans()]
            [('new', False), ('open', True)]
        """
        return self._status_spans

    def status_at(self, t: datetime) -> Status:
        """The status in force at ``t`` (an event at ``t`` has already taken effect).

        Before the ticket's creation there is no status: that is an
        [`EventOrderError`][servicemodel.errors.EventOrderError].

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [StatusChange("s", t0 + timedelta(hours=1),
            ...                                                  status="pending")])
            >>> h.status_at(t0).value, h.status_at(t0 + timedelta(hours=1)).value
            ('new', 'pending')
        """
        t = _utc(require_aware(t, "t"))
        if t < _utc(self.ticket.created_at):
            raise EventOrderError(
                f"ticket {self.ticket.id!r} did not exist at {t.isoformat()} "
                f"(created {self.ticket.created_at.isoformat()})"
            )
        i = bisect_right(self._timelines().status_starts, t) - 1
        return self._status_spans[max(i, 0)].status

    def is_resolved(self, at: datetime | None = None) -> bool:
        """Whether the ticket is solved or closed at ``at`` (default: after its last event).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [StatusChange("s", t0 + timedelta(hours=1),
            ...                                                  status="solved")])
            >>> h.is_resolved(), h.is_resolved(at=t0)
            (True, False)
        """
        if at is None:
            return self._status_spans[-1].status.is_resolved
        return self.status_at(at).is_resolved

    def priority_at(self, t: datetime) -> Priority:
        """The priority in force at ``t`` (the ticket's own priority before any change).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0, priority="low"),
            ...                   [PriorityChange("p", t0 + timedelta(hours=1), priority="high")])
            >>> h.priority_at(t0).value, h.priority_at(t0 + timedelta(hours=1)).value
            ('low', 'high')
        """
        t = _utc(require_aware(t, "t"))
        lookups = self._timelines()
        i = bisect_right(lookups.priority_times, t) - 1
        return lookups.priorities[max(i, 0)]

    def priority_changes(self) -> tuple[PriorityChange, ...]:
        """All priority changes, in order.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [PriorityChange("p", t0, priority="urgent")])
            >>> [c.priority.value for c in h.priority_changes()]
            ['urgent']
        """
        return self._timelines().priority_changes

    def assignee_at(self, t: datetime) -> tuple[str | None, str | None]:
        """The ``(group, assignee)`` in force at ``t``.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0, group="tier-1"), [
            ...     AssignmentChange("a", t0 + timedelta(hours=1), group="tier-2", assignee="bo")])
            >>> h.assignee_at(t0), h.assignee_at(t0 + timedelta(hours=2))
            (('tier-1', None), ('tier-2', 'bo'))
        """
        t = _utc(require_aware(t, "t"))
        lookups = self._timelines()
        i = bisect_right(lookups.assignment_times, t) - 1
        return lookups.assignments[max(i, 0)]

    def final_group(self) -> str | None:
        """The group the ticket ended in.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> TicketHistory(Ticket("T", t0, group="billing"), []).final_group()
            'billing'
        """
        return self._timelines().assignments[-1][0]

    def final_assignee(self) -> str | None:
        """The agent the ticket ended with.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [AssignmentChange("a", t0, assignee="bo")])
            >>> h.final_assignee()
            'bo'
        """
        return self._timelines().assignments[-1][1]
