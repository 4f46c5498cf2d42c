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

from __future__ import annotations

import enum
import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, NamedTuple, TypeAlias

import attrs

from servicemodel.errors import (
    ConfigError,
    EventOrderError,
    InputTypeError,
    ScaleError,
    require_aware,
)

__all__ = [
    "KNOWN_CHANNELS",
    "AgentReply",
    "AssignmentChange",
    "AttributeValue",
    "CustomerMessage",
    "Event",
    "InternalNote",
    "Priority",
    "PriorityChange",
    "Reopen",
    "SatisfactionRating",
    "Status",
    "StatusChange",
    "StatusSpan",
    "Ticket",
    "TicketHistory",
]


class Priority(enum.StrEnum):
    """Ticket priority, ordered from ``LOW`` to ``URGENT``.

    Examples:
        >>> Priority("high") > Priority.NORMAL
        True
    """

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """Position in the order low < normal < high < urgent (0-based).

        Examples:
            >>> Priority.URGENT.rank
            3
        """
        return _PRIORITY_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank >= other.rank


_PRIORITY_RANK = {p: i for i, p in enumerate(Priority)}


class Status(enum.StrEnum):
    """Ticket status. ``SOLVED`` and ``CLOSED`` count as resolved.

    Examples:
        >>> Status.PENDING.is_resolved, Status.CLOSED.is_resolved
        (False, True)
    """

    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    ON_HOLD = "on_hold"
    SOLVED = "solved"
    CLOSED = "closed"

    @property
    def is_resolved(self) -> bool:
        """True for ``SOLVED`` and ``CLOSED``.

        Examples:
            >>> Status.SOLVED.is_resolved
            True
        """
        return self in (Status.SOLVED, Status.CLOSED)


#: Channels most exports use. The vocabulary is open: any other lower-case name is accepted.
KNOWN_CHANNELS = frozenset({"email", "chat", "phone", "social", "web", "other"})

#: A free-form attribute value: what JSON can carry as a scalar.
AttributeValue: TypeAlias = str | int | float | bool | None


def _utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


def _aware(name: str) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        require_aware(value, name)

    return check


def _name(field: str) -> Any:
    # A readable error naming the field and the value, instead of attrs' tuple-laden TypeError.
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            raise InputTypeError(
                f"{field}: expected a string, got {type(value).__name__} {value!r}"
            )
        if not value:
            raise ConfigError(f"{field} must be a non-empty string, got {value!r}", path=field)

    return check


def _flag(field: str, *, optional: bool) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if not (isinstance(value, bool) or (optional and value is None)):
            allowed = "true, false or null" if optional else "true or false"
            raise InputTypeError(
                f"{field}: expected {allowed}, got {type(value).__name__} {value!r}"
            )

    return check


def _channel(value: Any) -> str:
    if not isinstance(value, str):
        raise InputTypeError(f"channel: expected a string, got {type(value).__name__} {value!r}")
    norm = value.strip().lower()
    if not norm or not all(c.isalnum() or c in "_-." for c in norm):
        raise ConfigError(
            f"channel must be a non-empty name of letters, digits, '_', '-' or '.', got {value!r}",
            path="channel",
        )
    return norm


def _priority(value: Any) -> Priority:
    if isinstance(value, Priority):
        return value
    try:
        return Priority(str(value).strip().lower())
    except ValueError:
        raise ConfigError(
            f"unknown priority {value!r}; expected one of {[p.value for p in Priority]}",
            path="priority",
        ) from None


def _status(value: Any) -> Status:
    if isinstance(value, Status):
        return value
    try:
        return Status(str(value).strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise ConfigError(
            f"unknown status {value!r}; expected one of {[s.value for s in Status]}",
            path="status",
        ) from None


def _tags(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        raise InputTypeError(f"tags: expected a collection of strings, got the string {value!r}")
    out = frozenset(value)
    for tag in out:
        if not isinstance(tag, str) or not tag:
            raise ConfigError(f"every tag must be a non-empty string, got {tag!r}", path="tags")
    return out


def _attributes(value: Any) -> dict[str, AttributeValue]:
    if not isinstance(value, Mapping):
        raise InputTypeError(
            f"attributes: expected a mapping, got {type(value).__name__} {value!r:.60}"
        )
    out: dict[str, AttributeValue] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise ConfigError(f"attribute names must be strings, got {key!r}", path="attributes")
        if item is not None and not isinstance(item, str | int | float | bool):
            raise ConfigError(
                f"attribute values must be str, int, float, bool or None, got {item!r}",
                path=f"attributes.{key}",
            )
        out[key] = item
    return out


def _optional_name(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputTypeError(f"expected a string or None, got {type(value).__name__} {value!r}")
    return value


@attrs.frozen(eq=True, hash=False)
class Ticket:
    """What is known about a ticket when it is created.

    ``channel`` is an open vocabulary (see ``KNOWN_CHANNELS``); a new channel such as
    ``"whatsapp"`` is accepted and normalised to lower case. ``created_by_agent`` marks tickets
    an agent opened on a customer's behalf (their first public reply is the opening message, so
    first reply time counts from the second). ``first_contact`` is the source system's own
    "resolved on first contact" flag where it has one.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t = Ticket("T-9", datetime(2026, 1, 5, 9, tzinfo=timezone.utc), channel="WhatsApp")
        >>> t.channel, t.priority
        ('whatsapp', <Priority.NORMAL: 'normal'>)
    """

    id: str = attrs.field(validator=_name("id"))
    created_at: datetime = attrs.field(validator=_aware("created_at"), eq=_utc)
    requester: str | None = attrs.field(default=None, converter=_optional_name)
    channel: str = attrs.field(default="email", converter=_channel)
    priority: Priority = attrs.field(default=Priority.NORMAL, converter=_priority)
    group: str | None = attrs.field(default=None, converter=_optional_name)
    assignee: str | None = attrs.field(default=None, converter=_optional_name)
    tags: frozenset[str] = attrs.field(default=frozenset(), converter=_tags)
    attributes: dict[str, AttributeValue] = attrs.field(factory=dict, converter=_attributes)
    created_by_agent: bool = attrs.field(
        default=False, validator=_flag("created_by_agent", optional=False)
    )
    first_contact: bool | None = attrs.field(
        default=None, validator=_flag("first_contact", optional=True)
    )


# --- events -------------------------------------------------------------------------------


@attrs.frozen
class Event:
    """Base of every ticket event: an ``id`` unique within its ticket and an aware instant ``at``.

    ``kind`` is the name the event has in dicts, JSON and CSV.

    Examples:
        >>> CustomerMessage.kind, AgentReply.kind
        ('customer_message', 'agent_reply')
    """

    kind: ClassVar[str] = "event"

    id: str = attrs.field(validator=_name("id"))
    # Equality by instant: a datetime in a DST fold never equals its twin in another zone.
    at: datetime = attrs.field(validator=_aware("at"), eq=_utc)


@attrs.frozen
class CustomerMessage(Event):
    """A message from the requester (public by nature).

    Examples:
        >>> from datetime import datetime, timezone
        >>> CustomerMessage("m1", datetime(2026, 1, 5, 9, tzinfo=timezone.utc)).kind
        'customer_message'
    """

    kind: ClassVar[str] = "customer_message"


@attrs.frozen
class AgentReply(Event):
    """A public reply by an agent: the only event that answers the customer.

    Examples:
        >>> from datetime import datetime, timezone
        >>> AgentReply("r1", datetime(2026, 1, 5, 9, tzinfo=timezone.utc), agent="bo").agent
        'bo'
    """

    kind: ClassVar[str] = "agent_reply"

    agent: str | None = attrs.field(default=None, converter=_optional_name)


@attrs.frozen
class InternalNote(Event):
    """A private note between agents; never counts as a reply.

    Examples:
        >>> from datetime import datetime, timezone
        >>> InternalNote("n1", datetime(2026, 1, 5, 9, tzinfo=timezone.utc)).kind
        'internal_note'
    """

    kind: ClassVar[str] = "internal_note"

    agent: str | None = attrs.field(default=None, converter=_optional_name)


@attrs.frozen
class StatusChange(Event):
    """The ticket moved to ``status``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
        >>> StatusChange("s1", t, status="on-hold").status
        <Status.ON_HOLD: 'on_hold'>
    """

    kind: ClassVar[str] = "status_change"

    status: Status = attrs.field(kw_only=True, converter=_status)


@attrs.frozen
class Reopen(Event):
    """The requester or an agent reopened a resolved ticket; its status becomes ``OPEN``.

    A ``StatusChange`` from solved to any unresolved status counts as a reopen too; this event
    exists for exports that record reopening explicitly.

    Examples:
        >>> from datetime import datetime, timezone
        >>> Reopen("o1", datetime(2026, 1, 5, 9, tzinfo=timezone.utc)).kind
        'reopen'
    """

    kind: ClassVar[str] = "reopen"


@attrs.frozen
class PriorityChange(Event):
    """The ticket's priority changed to ``priority``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> PriorityChange("p1", datetime(2026, 1, 5, 9, tzinfo=timezone.utc), priority="urgent")
        PriorityChange(id='p1', at=..., priority=<Priority.URGENT: 'urgent'>)
    """

    kind: ClassVar[str] = "priority_change"

    priority: Priority = attrs.field(kw_only=True, converter=_priority)


@attrs.frozen
class AssignmentChange(Event):
    """The ticket was (re)assigned to a group and/or an agent (``None`` means unassigned).

    Examples:
        >>> from datetime import datetime, timezone
        >>> t = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
        >>> AssignmentChange("a1", t, group="tier-2").group
        'tier-2'
    """

    kind: ClassVar[str] = "assignment_change"

    group: str | None = attrs.field(default=None, converter=_optional_name, kw_only=True)
    assignee: str | None = attrs.field(default=None, converter=_optional_name, kw_only=True)


def _score(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScaleError(f"score must be a number, got {value!r}", path="score")
    if math.isnan(value) or math.isinf(value):
        raise ScaleError(f"score must be finite, got {value!r}", path="score")
    return float(value)


def _scale_end(field: str) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{field} must be a whole number, got {value!r}", path=field)

    return check


@attrs.frozen
class SatisfactionRating(Event):
    """A survey answer attached to the ticket: ``score`` on ``[scale_min, scale_max]``.

    ``survey`` names the instrument (``"csat"``, ``"nps"``, ``"ces"`` or your own), so scores
    of different surveys are never mixed.

    Examples:
        >>> from datetime import datetime, timezone
        >>> r = SatisfactionRating("r1", datetime(2026, 1, 5, tzinfo=timezone.utc), score=9,
        ...                        survey="nps", scale_min=0, scale_max=10)
        >>> r.score, r.survey
        (9.0, 'nps')
    """

    kind: ClassVar[str] = "satisfaction"

    score: float = attrs.field(kw_only=True, converter=_score)
    survey: str = attrs.field(default="csat", kw_only=True, validator=_name("survey"))
    scale_min: int = attrs.field(default=1, kw_only=True, validator=_scale_end("scale_min"))
    scale_max: int = attrs.field(default=5, kw_only=True, validator=_scale_end("scale_max"))

    def __attrs_post_init__(self) -> None:
        if not self.scale_min < self.scale_max:
            raise ConfigError(
                f"scale_min {self.scale_min!r} must be below scale_max {self.scale_max!r}",
                path="scale_min",
            )
        if not self.scale_min <= self.score <= self.scale_max:
            raise ScaleError(
                f"score {self.score!r} is outside the scale "
                f"{self.scale_min}..{self.scale_max} of survey {self.survey!r}",
                path="score",
            )


#: Every concrete event type, by its ``kind``.
EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        CustomerMessage,
        AgentReply,
        InternalNote,
        StatusChange,
        Reopen,
        PriorityChange,
        AssignmentChange,
        SatisfactionRating,
    )
}


# --- history --------------------------------------------------------------------------------


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
