"""A ticket with its events in time order, and the facts derived from them once."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import instance_of
from servicemodel.errors import ConfigError, EventOrderError, InputTypeError, require_aware
from servicemodel.model._events import (
    AgentReply,
    CustomerMessage,
    Event,
    PriorityChange,
    SatisfactionRating,
)
from servicemodel.model._facts import (
    _RESOLVED,
    Derived,
    Facts,
    Statuses,
    StatusSpan,
    Timelines,
    build_timelines,
    check_order,
    checked_facts,
    derive,
    events_tuple,
    spans_of,
)
from servicemodel.model._slots import slot_setters
from servicemodel.model._ticket import Ticket
from servicemodel.model._values import Priority, Status, _utc

__all__ = ["TicketHistory"]

_new = object.__new__
#: ``model._partial.REOPENS_ATTRIBUTE`` (that module imports this one).
_COUNTED = "servicemodel.reopens"
_set = object.__setattr__  # what attrs' own __init__ of a frozen class uses


@attrs.frozen(eq=True, hash=False)
class TicketHistory:
    """A ticket and its events in time order, with derived facts computed once.

    Events must be in non-decreasing time order (events at the same instant keep the order
    given), none before the ticket's creation, with ids unique within the ticket, and a
    [`Reopen`][servicemodel.model.Reopen] only while the ticket is solved or closed; each
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

    ticket: Ticket = attrs.field(validator=instance_of(Ticket))
    events: tuple[Event, ...] = attrs.field(converter=events_tuple)
    # The status timeline as (status, start) pairs; its StatusSpan objects built on first use.
    _statuses: Statuses = attrs.field(init=False, eq=False, repr=False, default=())
    _reopens: tuple[datetime, ...] = attrs.field(init=False, eq=False, repr=False, default=())
    _solves: tuple[datetime, ...] = attrs.field(init=False, eq=False, repr=False, default=())
    _opening: AgentReply | None = attrs.field(init=False, eq=False, repr=False, default=None)
    _first_reply: datetime | None = attrs.field(init=False, eq=False, repr=False, default=None)
    _lookups: Timelines | None = attrs.field(init=False, eq=False, repr=False, default=None)
    _spans: tuple[StatusSpan, ...] | None = attrs.field(
        init=False, eq=False, repr=False, default=None
    )
    # The creation instant and each event's, in UTC, as the order check converted them
    # (``None`` for a history of event types of the user's): see ``utc_instants``.
    _utc_ats: tuple[datetime, ...] | None = attrs.field(
        init=False, eq=False, repr=False, default=None
    )

    def __attrs_post_init__(self) -> None:
        ats: list[datetime] = []
        found = checked_facts(self.ticket, self.events, ats)
        if found is None:  # a broken rule (raised here, as ever) or an event type of the user's
            check_order(self.ticket, self.events)
            found = derive(self.ticket, self.events)
        else:
            _set(self, "_utc_ats", tuple(ats))
        if _COUNTED in self.ticket.attributes:
            _check_count(self.ticket, len(found[1]))
        self._keep(found)

    @classmethod
    def _of_loaded(cls, ticket: Ticket, events: Sequence[Event]) -> TicketHistory:
        """The loaders' constructor: what ``cls(ticket, events)`` builds, with the same checks.

        For a ``Ticket`` and the library's own event types (what a loader builds), the fused
        check of ``checked_facts`` is every check ``__init__`` runs, so the history is
        filled directly, without attrs' generic ``__init__`` (hot in loaders). Anything else,
        and every refusal, goes through ``cls(ticket, events)``, which raises as ever.
        """
        evs = tuple(events)  # the same tuple if it is one
        ats: list[datetime] = []
        found = checked_facts(ticket, evs, ats) if type(ticket) is Ticket else None
        if found is None:
            return cls(ticket, evs)
        statuses, reopens, solves, opening, first_reply = found
        if _COUNTED in ticket.attributes:
            _check_count(ticket, len(reopens))
        self = _new(cls)
        _TICKET(self, ticket)
        _EVENTS(self, evs)
        _STATUSES(self, statuses)
        _REOPENS(self, reopens)
        _SOLVES(self, solves)
        _OPENING(self, opening)
        _FIRST_REPLY(self, first_reply)
        _LOOKUPS(self, None)
        _SPANS(self, None)
        _UTC_ATS(self, tuple(ats))
        return self

    def _keep(self, found: Facts) -> None:
        statuses, reopens, solves, opening, first_reply = found
        _set(self, "_statuses", statuses)
        _set(self, "_reopens", reopens)
        _set(self, "_solves", solves)
        _set(self, "_opening", opening)
        _set(self, "_first_reply", first_reply)

    def _timelines(self) -> Timelines:
        # Built once, on first use: most histories are only asked for a few facts, so the
        # constructor does not pay for lookups nobody reads.
        found = self._lookups
        if found is None:
            derived = Derived(
                self._statuses, self._reopens, self._solves, self._opening, self._first_reply
            )
            found = build_timelines(self.ticket, self.events, derived)
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
        evs = events_tuple(events)
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

        That is the first of
        [`replies_to_customer`][servicemodel.model.TicketHistory.replies_to_customer] not
        marked ``automated``: internal notes and bot or auto-responder replies never count
        (Zendesk's first reply time). ``None`` means no reply yet: a censored observation,
        not 0.

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

    def opening_message(self) -> AgentReply | None:
        """The agent reply that opened an agent-created ticket, or ``None``.

        When an agent creates a ticket on a customer's behalf (``Ticket.created_by_agent``),
        its first public agent reply is the message that opened the ticket: it answers nobody,
        so first reply time, reply counts and the first and next reply SLA clocks skip it.
        The periodic update clock, which runs between public agent comments (Zendesk's
        definition), starts at it. This is the one place that rule is decided.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0, created_by_agent=True), [
            ...     AgentReply("open", t0), AgentReply("r", t0 + timedelta(hours=1))])
            >>> h.opening_message().id
            'open'
        """
        return self._opening

    def replies_to_customer(self) -> tuple[AgentReply, ...]:
        """Public agent replies that answer the customer, in order.

        All agent replies except the
        [`opening_message`][servicemodel.model.TicketHistory.opening_message] of an
        agent-created ticket; its first element not marked ``automated`` is the first reply.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> events = [AgentReply("open", t0), AgentReply("r", t0 + timedelta(hours=1))]
            >>> [e.id for e in TicketHistory(Ticket("T", t0), events).replies_to_customer()]
            ['open', 'r']
            >>> h = TicketHistory(Ticket("T", t0, created_by_agent=True), events)
            >>> [e.id for e in h.replies_to_customer()], h.first_reply_at() - t0
            (['r'], datetime.timedelta(seconds=3600))
        """
        return self._timelines().replies_to_customer

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
        if not isinstance(survey, str):  # compared with ==: an array would answer in kind
            raise InputTypeError(
                f"survey: expected a survey name or None, got {type(survey).__name__} "
                f"{safe_repr(survey)}"
            )
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
        found = self._spans
        if found is None:  # built on first use: most histories are never asked for them
            found = spans_of(self._statuses)
            object.__setattr__(self, "_spans", found)
        return found

    def final_status(self) -> Status:
        """The status the ticket ended in: that of the last of its status spans.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [StatusChange("s", t0 + timedelta(hours=1),
            ...                                                  status="pending")])
            >>> h.final_status().value, TicketHistory(Ticket("U", t0), []).final_status().value
            ('pending', 'new')
        """
        return self._statuses[-1][0]

    def status_timeline(self) -> tuple[tuple[datetime, Status], ...]:
        """The status timeline as ``(start, status)`` pairs in UTC, from creation; built once.

        The same spans as [`status_spans`][servicemodel.model.TicketHistory.status_spans]
        (zero-length detours dropped), with instants converted to UTC so they can be compared
        and subtracted safely across DST changes.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0), [StatusChange("s", t0 + timedelta(hours=1),
            ...                                                  status="pending")])
            >>> [(t - t0, s.value) for t, s in h.status_timeline()]
            [(datetime.timedelta(0), 'new'), (datetime.timedelta(seconds=3600), 'pending')]
        """
        return self._timelines().status_timeline

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
        t = _utc(require_aware(t, "t"), "t")
        if t < _utc(self.ticket.created_at):
            raise EventOrderError(
                f"ticket {safe_repr(self.ticket.id)} did not exist at {t.isoformat()} "
                f"(created {self.ticket.created_at.isoformat()})"
            )
        i = bisect_right(self._timelines().status_starts, t) - 1
        return self._statuses[max(i, 0)][0]

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
            return self._statuses[-1][0] in _RESOLVED
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
        t = _utc(require_aware(t, "t"), "t")
        lookups = self._timelines()
        i = bisect_right(lookups.priority_times, t) - 1
        return lookups.priorities[max(i, 0)]

    def priority_label_at(self, t: datetime) -> str | None:
        """The source's own name for the priority in force at ``t`` (``None``: none given).

        The ticket's ``priority_label`` before any change, then the ``label`` of the last
        [`PriorityChange`][servicemodel.model.PriorityChange] at or before ``t``.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0, priority="urgent", priority_label="Highest"),
            ...                   [PriorityChange("p", t0 + timedelta(hours=1), priority="urgent",
            ...                                   label="P0")])
            >>> h.priority_label_at(t0), h.priority_label_at(t0 + timedelta(hours=1))
            ('Highest', 'P0')
        """
        t = _utc(require_aware(t, "t"), "t")
        lookups = self._timelines()
        i = bisect_right(lookups.priority_times, t) - 1
        return lookups.priority_labels[max(i, 0)]

    def priority_timeline(self) -> tuple[tuple[datetime, Priority], ...]:
        """The priority timeline as ``(since, priority)`` pairs in UTC, from creation; built once.

        The first pair is the ticket's own priority at ``created_at``; one pair follows per
        [`PriorityChange`][servicemodel.model.PriorityChange], in order.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0, priority="low"),
            ...                   [PriorityChange("p", t0 + timedelta(hours=1), priority="high")])
            >>> [(t - t0, p.value) for t, p in h.priority_timeline()]
            [(datetime.timedelta(0), 'low'), (datetime.timedelta(seconds=3600), 'high')]
        """
        return self._timelines().priority_timeline

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
        """The ``(group, assignee)`` in force at ``t`` (the ticket's own before any change).

        As [`priority_at`][servicemodel.model.TicketHistory.priority_at], and unlike
        [`status_at`][servicemodel.model.TicketHistory.status_at], an instant before the
        ticket's creation gives the ticket's own group and assignee, not an error.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T", t0, group="tier-1"), [
            ...     AssignmentChange("a", t0 + timedelta(hours=1), group="tier-2", assignee="bo")])
            >>> h.assignee_at(t0), h.assignee_at(t0 + timedelta(hours=2))
            (('tier-1', None), ('tier-2', 'bo'))
        """
        t = _utc(require_aware(t, "t"), "t")
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


#: The slots _of_loaded fills: every field (a new one fails this unpacking, at import).
(
    _TICKET,
    _EVENTS,
    _STATUSES,
    _REOPENS,
    _SOLVES,
    _OPENING,
    _FIRST_REPLY,
    _LOOKUPS,
    _SPANS,
    _UTC_ATS,
) = slot_setters(TicketHistory, *(field.name for field in attrs.fields(TicketHistory)))


def utc_instants(history: TicketHistory) -> tuple[datetime, ...] | None:
    """``history``'s creation instant and then each event's, in UTC, as its order check
    converted them (the last is ``last_event_at``); ``None`` when they were not kept (a
    history of event types of the user's): convert them as they are read.

    The report's sections read every ticket's instants in UTC: each is converted once, when
    the history is built, not again in every section.
    """
    return history._utc_ats


def _check_count(ticket: Ticket, shown: int) -> None:
    """Refuse an export's count of reopens above those a history lacking none of them shows."""
    from servicemodel.model._partial import check_reopens_shown  # (it imports this module)

    check_reopens_shown(ticket, shown)


def given_once(histories: Sequence[TicketHistory], name: str = "histories") -> None:
    """Refuse a ticket whose history is given twice, naming both places (a ``ConfigError``).

    A figure over histories given in Python (service standards, a blueprint assessment)
    would count such a ticket twice: its clocks in the attainment, its rating in CSAT, its
    place in the ticket total. The readers refuse a ticket on two rows the same way, so one
    given twice is a slip to name, not a ticket to count again.

    Examples:
        >>> from datetime import datetime, timezone
        >>> h = TicketHistory(Ticket("T1", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
        >>> given_once([h, h])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: histories[1]: ticket 'T1' is given twice (also histories[0]); give each ticket's history once
    """  # noqa: E501
    first: dict[str, int] = {}
    for i, h in enumerate(histories):
        earlier = first.setdefault(h.id, i)
        if earlier != i:
            raise ConfigError(
                f"ticket {safe_repr(h.id)} is given twice (also {name}[{earlier}]); "
                "give each ticket's history once",
                path=f"{name}[{i}]",
            )
