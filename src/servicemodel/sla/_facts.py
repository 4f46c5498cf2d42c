"""Private: what the SLA engine knows about one ticket, kept up to date event by event.

[`ClockFacts`][servicemodel.sla._facts.ClockFacts] is the engine's running state: the status
and priority timelines (in UTC), where each clock started and stopped, and which policy of the
set applied when it stopped. ``apply`` takes one event in O(1) (amortised); the measuring in
``_engine`` reads these facts at any instant at or after the last event. The batch
[`evaluate`][servicemodel.sla.evaluate] folds a history through the same ``apply`` and the
live [`TicketSLA`][servicemodel.sla.TicketSLA] calls it one event at a time: one engine.

Events at one instant apply in their recorded order, and a clock remembers how many priority
changes had been applied when it stopped (``Stop``): a change recorded after the event that
stopped a clock, even at the same instant, never reaches that clock.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, CustomerMessage, Ticket
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> facts = ClockFacts(Ticket("T", t0), (None,))
    >>> for ev in [AgentReply("r1", t0 + timedelta(hours=1)),
    ...            CustomerMessage("c", t0 + timedelta(hours=2)),
    ...            AgentReply("r2", t0 + timedelta(hours=3))]:
    ...     facts.apply(ev, ev.at.astimezone(timezone.utc))
    >>> [(a.hour, b[0].hour) for a, b in facts.next_reply]
    [(11, 12)]
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import EventOrderError
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    Priority,
    PriorityChange,
    Reopen,
    Status,
    StatusChange,
    Ticket,
)
from servicemodel.sla._clock import Memo

__all__ = ["HANDLERS", "ClockFacts", "Cycle", "Stop", "handler_for"]

# ``Status.is_resolved`` as a set: the check runs for every status event.
_RESOLVED = frozenset(s for s in Status if s.is_resolved)
# Read once: an enum member lookup goes through its metaclass (every ticket starts new).
_NEW, _OPEN = Status.NEW, Status.OPEN


def _since(entry: tuple[datetime, Any]) -> datetime:
    return entry[0]


#: Where a clock stopped: the instant, how many priority timeline entries were in force (the
#: changes applied before the stopping event), and the index of the policy that applied then
#: (-1: none).
Stop = tuple[datetime, int, int]
#: One run of a clock: its start and its stop (``None``: still running).
Cycle = tuple[datetime, Stop | None]


def match(policies: Sequence[Any], ticket: Ticket) -> int:
    """Index of the first policy whose condition matches ``ticket``; -1 if none does."""
    for i, p in enumerate(policies):
        if p is not None and p.condition.matches(ticket):
            if p.calendar_from is not None:
                p.for_ticket(ticket)  # an unknown calendar name fails here, not when measured
            return i
    return -1


class ClockFacts:
    """One ticket's SLA facts, updated in place by ``apply`` (all instants in UTC).

    ``policies`` is the ordered policy tuple the ticket is matched against whenever a field a
    condition reads (priority, group, assignee) changes. A ``None`` entry never matches (the
    docstring example uses it to keep facts without policies).
    """

    __slots__ = (
        "answered",
        "created",
        "created_ticket",
        "first_solve",
        "first_stop",
        "held",
        "held_matches",
        "labels",
        "last",
        "last_solve",
        "matches",
        "memo",
        "next_open",
        "next_reply",
        "opening_pending",
        "periodic",
        "periodic_open",
        "plabels",
        "policies",
        "policy",
        "priorities",
        "rematched",
        "statuses",
        "ticket",
        "waiting",
    )

    def __init__(
        self, ticket: Ticket, policies: Sequence[Any], created: datetime | None = None
    ) -> None:
        # ``created``: the creation instant in UTC, when the caller has it already.
        if created is None:
            created = ticket.created_at.astimezone(UTC)
        self.ticket = ticket
        # The ticket as created, which a replay starts from (``ticket`` follows the field
        # changes); ``None`` for a state stored before it was kept, when it cannot be told.
        self.created_ticket: Ticket | None = ticket
        self.policies = policies
        self.created = created
        self.last = created
        self.statuses: list[tuple[datetime, Status]] = [(created, _NEW)]
        self.priorities: list[tuple[datetime, Priority]] = [(created, ticket.priority)]
        # The source's own status names (``StatusChange.label``), for policies that pause on
        # them; it only grows when a label changes, so unlabelled histories never touch it.
        self.labels: list[tuple[datetime, str | None]] = [(created, None)]
        # The source's own priority names, one per entry of ``priorities`` (for policies with
        # ``"label:NAME"`` targets); ``None`` until the ticket has one, so unlabelled
        # histories never touch it.
        label = ticket.priority_label
        self.plabels: list[str | None] | None = None if label is None else [label]
        self.policy = match(policies, ticket)
        # Which entries of ``priorities`` and of ``matches`` were applied while the ticket was
        # solved or closed (their indices, ascending): such a change reaches the resolution
        # clocks only when the ticket is next reopened. Recorded when applied, so a change
        # recorded after a solve at the solve's own instant counts as made while solved.
        self.held: list[int] = []
        self.held_matches: list[int] = []
        self.rematched = False  # whether a field change ever changed the policy
        # The policy timeline, once a field change changed the policy (empty before): each
        # entry is when a policy came into force, the priority entries in force then, and
        # the policy's index (-1: none).
        self.matches: list[Stop] = []
        # The first reply clock's stop (the first reply, or a resolution before one).
        self.first_stop: Stop | None = None
        self.first_solve: Stop | None = None
        self.last_solve: Stop | None = None
        # An agent-created ticket's first agent reply opens it and answers nobody.
        self.opening_pending = ticket.created_by_agent
        # The reply clocks (next_reply, periodic_update): see ``_reply``/``_message``.
        self.answered = False
        self.waiting = False  # a message arrived while resolved: answered once reopened
        self.next_open: datetime | None = None
        self.periodic_open: datetime | None = None
        self.next_reply: list[Cycle] = []
        self.periodic: list[Cycle] = []
        # Running totals of the clocks, for a live state that measures them after every event
        # (a cache, not state); ``None`` for a one-off measurement, where it only costs.
        self.memo: Memo | None = None

    def copy(self) -> ClockFacts:
        """An independent copy (the lists are copied; their items are immutable)."""
        other = ClockFacts.__new__(ClockFacts)
        for name in ClockFacts.__slots__:
            value = getattr(self, name)
            setattr(other, name, list(value) if isinstance(value, list) else value)
        if self.memo is not None:  # running totals follow one timeline: never share them
            other.memo = Memo()
        return other

    # -- reading ---------------------------------------------------------------------------

    @property
    def status(self) -> Status:
        """The status in force now."""
        return self.statuses[-1][1]

    @property
    def labelled(self) -> bool:
        """Whether a status change ever gave the ticket a label of the source's own.

        A label set at the ticket's creation instant replaces the first entry rather than
        adding one, so the length of the timeline alone does not tell.
        """
        labels = self.labels
        return len(labels) > 1 or labels[0][1] is not None

    def in_force_from(self, at: datetime, end: datetime, held: bool) -> datetime:
        """When a target set at ``at`` takes effect on a resolution clock (up to ``end``).

        ``at``, unless the change was applied while the ticket was solved (``held``, in the
        recorded order: a change recorded after a solve at the solve's instant is held too)
        and the ticket is still solved once every event at ``at`` applied. Then it is the
        instant the ticket is next reopened, or ``end`` if it is not reopened before: a live
        desk takes a solved ticket's resolution clocks as stopped, so a target set meanwhile
        cannot fire before the reopen, and the batch view says the same (no warning or
        breach instant a live desk could not have fired).
        """
        if not held:
            return at
        statuses = self.statuses
        j = bisect_right(statuses, at, key=_since)
        if statuses[j - 1][1] not in _RESOLVED:
            return at
        for t, status in statuses[j:]:
            if t > end:
                break
            if status not in _RESOLVED:
                return t
        # Solved ever since, as far as the timeline tells: a clock that saw the change was
        # reopened and solved again at one instant (a reopen that lasted no time leaves no
        # entry), at its stop at the latest.
        return end

    def held_at(self, at: datetime, n: int) -> bool:
        """Whether the priority change in force from ``at`` (the last one at that instant
        among the first ``n`` entries) was applied while the ticket was solved."""
        return bisect_right(self.priorities, at, hi=n, key=_since) - 1 in self.held

    def stop_here(self, at: datetime) -> Stop:
        """A stop at ``at`` that sees the priority changes and policy applied so far."""
        return (at, len(self.priorities), self.policy)

    def reply_cycles(self, which: list[Cycle], open_at: datetime | None) -> list[Cycle]:
        """The finished cycles of a reply clock plus the running one, if any."""
        return [*which, (open_at, None)] if open_at is not None else which

    # -- applying --------------------------------------------------------------------------

    def apply(self, ev: Event, at: datetime) -> None:
        """Apply ``ev`` (at ``at``, its instant in UTC); the caller checked order and ids."""
        handler = _HANDLERS.get(type(ev)) or handler_for(type(ev))
        handler(self, ev, at)
        self.last = at

    def _reply(self, ev: Event, at: datetime) -> None:
        is_opening = self.opening_pending
        if not is_opening and getattr(ev, "automated", False) and self._ignores_automated():
            return  # a bot's reply answers nobody under this policy
        self.opening_pending = False
        stop = (at, len(self.priorities), self.policy)  # ``stop_here(at)``, once
        if not self.answered:
            # The message that opened an agent-created ticket answers nobody.
            self.answered = not is_opening
            if self.answered and self.first_stop is None:
                self.first_stop = stop
        elif self.next_open is not None:
            self.next_reply.append((self.next_open, stop))
            self.next_open = None
        self.waiting = False
        if self.periodic_open is not None:
            self.periodic.append((self.periodic_open, stop))
            self.periodic_open = None
        if self.statuses[-1][1] not in _RESOLVED:
            self.periodic_open = at

    def _ignores_automated(self) -> bool:
        """Whether the policy in force says automated replies stop no reply clock."""
        i = self.policy
        return i >= 0 and self.policies[i].automated_replies == "ignore"

    def _message(self, ev: Event, at: datetime) -> None:
        if self.answered and self.next_open is None:
            if self.statuses[-1][1] in _RESOLVED:
                self.waiting = True
            else:
                self.next_open = at

    def _status(self, ev: Event, at: datetime) -> None:
        statuses = self.statuses
        since, current = statuses[-1]
        if isinstance(ev, StatusChange):
            new, label = ev.status, ev.label
        elif current not in _RESOLVED:
            # Named as the batch view names it (TicketHistory), with what a live desk does.
            raise EventOrderError(
                f"ticket {safe_repr(self.ticket.id)}: reopen event {safe_repr(ev.id)} at "
                f"{ev.at.isoformat()} reopens a ticket that is {current.value}, not solved or "
                "closed; only a resolved ticket can be reopened (delivered before the solve "
                "it reopens, keep it until the solve has been applied)"
            )
        else:
            new, label = _OPEN, None
        if label != self.labels[-1][1]:
            self._label(label, at)
        if new is current:  # most status events of a busy desk change nothing
            return
        was = current in _RESOLVED
        if new in _RESOLVED:
            if not was:
                self._resolved(at)
        elif was and self.waiting:
            self.next_open, self.waiting = at, False
        if at > since:
            statuses.append((at, new))
        elif len(statuses) > 1 and statuses[-2][1] is new:
            # A zero-length detour (open -> new at one instant) leaves no span, and the status
            # it returns to continues the previous span (the model's status spans do the same).
            statuses.pop()
        else:
            statuses[-1] = (since, new)

    def _label(self, label: str | None, at: datetime) -> None:
        labels = self.labels
        if at > labels[-1][0]:
            labels.append((at, label))
        else:  # a second change at one instant: the last one is the label in force
            labels[-1] = (labels[-1][0], label)

    def _resolved(self, at: datetime) -> None:
        stop = self.stop_here(at)
        if self.first_solve is None:
            self.first_solve = stop
        self.last_solve = stop
        if self.first_stop is None:
            self.first_stop = stop
        self.answered = True
        if self.next_open is not None and self.next_open < at:
            self.next_reply.append((self.next_open, stop))
        if self.periodic_open is not None and self.periodic_open < at:
            self.periodic.append((self.periodic_open, stop))
        self.next_open = self.periodic_open = None
        self.waiting = False

    def _priority(self, ev: Event, at: datetime) -> None:
        assert isinstance(ev, PriorityChange)
        label = ev.label
        # First: a failed match leaves the facts unchanged.
        self._fields(at, priority=ev.priority, priority_label=label)
        if label is not None or self.plabels is not None:
            if self.plabels is None:  # the first label: the entries before it had none
                self.plabels = [None] * len(self.priorities)
            self.plabels.append(label)
        if self.statuses[-1][1] in _RESOLVED:
            self.held.append(len(self.priorities))
        self.priorities.append((at, ev.priority))

    def _assignment(self, ev: Event, at: datetime) -> None:
        assert isinstance(ev, AssignmentChange)
        self._fields(at, group=ev.group, assignee=ev.assignee)

    def _fields(self, at: datetime, **changes: Any) -> None:
        """The ticket's fields changed: match the policy set again (as Zendesk does)."""
        ticket = attrs.evolve(self.ticket, **changes)
        policy = match(self.policies, ticket)
        self.ticket = ticket
        if policy != self.policy:
            if not self.matches:
                self.matches.append((self.created, 1, self.policy))
            if self.statuses[-1][1] in _RESOLVED:
                self.held_matches.append(len(self.matches))
            self.matches.append((at, len(self.priorities), policy))
            self.policy, self.rematched = policy, True

    def _other(self, ev: Event, at: datetime) -> None:
        """Notes, ratings and unknown kinds change no clock."""


_Handler = Callable[[ClockFacts, Event, datetime], None]

#: Handlers by event kind, looked up by class: exact classes hit this table directly, and a
#: subclass is resolved once (by ``isinstance``) and cached, so it is never silently ignored.
_KINDS: tuple[tuple[type[Event], _Handler], ...] = (
    (AgentReply, ClockFacts._reply),
    (CustomerMessage, ClockFacts._message),
    (StatusChange, ClockFacts._status),
    (Reopen, ClockFacts._status),
    (PriorityChange, ClockFacts._priority),
    (AssignmentChange, ClockFacts._assignment),
)
_HANDLERS: dict[type, _Handler] = dict(_KINDS)
#: The table, for the hot loops that dispatch themselves (``TicketSLA.apply``, ``fold``).
HANDLERS = _HANDLERS


def handler_for(kind: type) -> _Handler:
    found: _Handler = ClockFacts._other
    for base, handler in _KINDS:
        if issubclass(kind, base):
            found = handler
            break
    _HANDLERS[kind] = found
    return found
