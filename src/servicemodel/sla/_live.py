"""Private: the live SLA engine -- one running state per ticket, fed one event at a time.

A [`TicketSLA`][servicemodel.sla.TicketSLA] is what a helpdesk backend keeps per ticket: it
applies each incoming event (webhooks are delivered at least once: a repeated event is
ignored, another event under an applied id is an error),
measures every clock at any instant, says when it next has to wake up
([`next_timer`][servicemodel.sla.TicketSLA.next_timer]), and turns into plain JSON types for a
database row ([`to_dict`][servicemodel.sla.TicketSLA.to_dict]). The batch
[`evaluate`][servicemodel.sla.evaluate] is this engine folded over a history.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
    >>> state = TicketSLA(p, Ticket("T-1", t0))
    >>> timer = state.next_timer()
    >>> timer.kind, timer.fraction, timer.at.strftime("%H:%M")
    ('warning', 0.5, '11:00')
    >>> state.apply(AgentReply("r", t0 + timedelta(hours=1))), state.next_timer()
    (True, None)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool
from servicemodel._validators import require_iterable
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    EventIdError,
    EventOrderError,
    InputTypeError,
    require_instant,
)
from servicemodel.model import Event, Ticket, TicketHistory
from servicemodel.sla._clock import Memo
from servicemodel.sla._engine import (
    clocks,
    fold,
    measure,
    measure_clock,
    naming_ticket,
    policies_of,
)
from servicemodel.sla._facts import HANDLERS, ClockFacts, handler_for
from servicemodel.sla._measurement import Measurement, MeasurementState, Metric
from servicemodel.sla._policy import PolicySet, SLAPolicy, Target  # noqa: F401 - Target: doctests
from servicemodel.sla._state import event_form, facts_from_dict, facts_to_dict, fingerprint
from servicemodel.sla._timer import LadderLike, Timer, timers_of

__all__ = ["TicketSLA"]


class TicketSLA:
    """One ticket's live SLA state: apply events one at a time, ask what is due and when.

    Mutable, for speed: ``apply`` updates the state in place (an immutable copy per event
    costs a copy of the timelines; measured in ``benchmarks/bench_live.py``). Use ``copy()``
    for a snapshot and ``to_dict()``/``from_dict()`` to keep it in a database row.

    Thread-safe: its methods take a lock of its own, so threads may share a state (reading
    it updates running totals, a cache); events applied from several threads apply in the
    order the threads get the lock (see "Thread safety" on the "Running SLAs live" page).

    - Events at one instant apply in the order they are applied.
    - An event that was already applied (the same kind, id, instant and fields) is ignored
      (``apply`` returns ``False``): webhooks are delivered at least once. Another event
      under an applied id is an [`EventOrderError`][servicemodel.errors.EventOrderError]
      naming the id and both events: the state keeps a fingerprint of each applied event
      to tell them apart.
    - An event older than the last applied one is an
      [`EventOrderError`][servicemodel.errors.EventOrderError]; to insert it, rebuild the state
      from the ticket's stored events with [`rebuild`][servicemodel.sla.TicketSLA.rebuild]
      (which replays them from the ticket as created).
    - Whenever an event changes a field a condition reads (priority, group, assignee), the
      ticket is matched against the policies again: running clocks continue under the policy
      that applies now (measured from their start), stopped clocks keep the policy that
      applied when they stopped, and a ticket no policy matches has no running clock but
      those already breached (a breach is final: they run on under their policy).

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import CustomerMessage, Ticket
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "2h", business=False)]})
        >>> state = TicketSLA(p, Ticket("T-1", t0))
        >>> msg = CustomerMessage("m1", t0 + timedelta(minutes=5))
        >>> state.apply(msg), state.apply(msg)  # the second delivery is ignored
        (True, False)
        >>> (m,) = state.measurements(t0 + timedelta(hours=3))
        >>> m.state.value, m.overdue
        ('breached', datetime.timedelta(seconds=3600))
    """

    __slots__ = ("_facts", "_ids", "_lock", "_prints")

    # ``_ids`` maps each applied id to what tells a redelivery from another event under it:
    # the event itself when it was applied to this object, its fingerprint when it was read
    # from a row, ``None`` when the row was written before fingerprints were kept.
    # ``_prints`` caches the fingerprints of the events: hashing one costs about ten applies,
    # so it is done only when the state is written or an id repeats.
    # ``_lock`` is held by every method that reads or writes ``_facts`` (their running totals,
    # ``_facts.memo``, grow while the state is read) or ``_prints``: not part of the value.
    # Reentrant: a ladder's ``timeline``, called under it by ``timers``, may read the state.
    _ids: dict[str, Event | str | None]
    _prints: dict[str, str]
    _lock: threading.RLock

    def __init__(self, policies: SLAPolicy | PolicySet, ticket: Ticket) -> None:
        if not isinstance(ticket, Ticket):
            raise InputTypeError(f"ticket: expected a Ticket, got {type(ticket).__name__}")
        require_instant(ticket.created_at, "created_at")
        self._facts = ClockFacts(ticket, _policies(policies))
        self._facts.memo = Memo()
        self._ids, self._prints = {}, {}
        self._lock = threading.RLock()

    # -- building --------------------------------------------------------------------------

    @classmethod
    def replay(
        cls, policies: SLAPolicy | PolicySet, ticket: Ticket, events: Iterable[Event]
    ) -> TicketSLA:
        """The state after ``events`` in time order (stable: one instant keeps their order).

        This is how a late event is inserted: load the ticket's stored events, add the late
        one and replay. A repeated event is ignored, as by ``apply``; two different events
        with one id are an [`EventOrderError`][servicemodel.errors.EventOrderError].
        ``ticket`` is the ticket as created: a state's
        [`ticket`][servicemodel.sla.TicketSLA.ticket] has the fields as they are now (a
        ticket replayed from it after a move to another group would count as if it had
        always been there). A stored state keeps the ticket as created:
        [`rebuild`][servicemodel.sla.TicketSLA.rebuild] replays from it.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import AgentReply, CustomerMessage, Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "2h", business=False)]})
            >>> late = CustomerMessage("m", t0 + timedelta(minutes=1))
            >>> s = TicketSLA.replay(p, Ticket("T", t0), [AgentReply("r", t0 + timedelta(hours=1)), late])
            >>> s.applied, s.last_event_at == t0 + timedelta(hours=1)
            (2, True)
        """  # noqa: E501
        state = cls(policies, ticket)
        state._apply_sorted(events)
        return state

    def rebuild(self, events: Iterable[Event]) -> TicketSLA:
        """A new state: ``events`` replayed from this state's ticket as created.

        ``TicketSLA.replay(policies, state.created_ticket, events)`` under this state's
        policies, so a desk inserts a late event from the stored row and the stored events
        alone: ``state.rebuild(stored_events + [late])``. This state is unchanged. Every event
        this state applied must be among ``events`` (a store that lost one, or only the late
        event passed, would measure part of the history): one that is not is a
        [`ConfigError`][servicemodel.errors.ConfigError] naming it; to drop an event on
        purpose, use ``TicketSLA.replay``. A state
        read from a row written before the ticket as created was kept, after events, cannot
        tell it ([`created_ticket`][servicemodel.sla.TicketSLA.created_ticket] is ``None``):
        that is a [`ConfigError`][servicemodel.errors.ConfigError] naming
        ``created_fields``; replay it with ``TicketSLA.replay`` and the ticket as created.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import AgentReply, AssignmentChange, InternalNote, Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "2h", business=False)]})
            >>> s = TicketSLA(p, Ticket("T", t0, group="tier-1"))
            >>> moved = AssignmentChange("a", t0 + timedelta(hours=3), group="tier-2")
            >>> s.apply(moved), s.ticket.group
            (True, 'tier-2')
            >>> late = InternalNote("n", t0 + timedelta(hours=1))
            >>> r = s.rebuild([moved, late])
            >>> r.created_ticket.group, r.ticket.group, r.applied
            ('tier-1', 'tier-2', 2)
        """
        ticket = self._facts.created_ticket
        if ticket is None:
            facts = self._facts
            raise ConfigError(
                f"ticket {safe_repr(facts.ticket.id)}: the state does not hold the ticket as "
                f"created (it was stored before that was kept, after {len(self._ids)} events "
                "that may have changed its group or assignee); replay it with "
                "TicketSLA.replay(policies, ticket_as_created, events)",
                path="created_fields",
            )
        state = TicketSLA.__new__(TicketSLA)
        state._facts = ClockFacts(ticket, self._facts.policies)
        state._facts.memo = Memo()
        state._ids, state._prints = {}, {}
        state._lock = threading.RLock()
        with self._lock:  # another thread may apply to this state meanwhile
            applied = list(self._ids)
        listed = list(require_iterable(events, self._named("events")))
        # Checked before the replay too: without an event it applied, the rest may not replay
        # at all (a reopen whose solve is missing), an EventOrderError that named no missing
        # event instead of this ConfigError.
        given = {ev.id for ev in listed if isinstance(ev, Event)}
        self._refuse_missing([i for i in applied if i not in given])
        state._apply_sorted(listed)
        self._refuse_missing([i for i in applied if i not in state._ids])
        return state

    def _refuse_missing(self, missing: list[str]) -> None:
        """A ``ConfigError`` naming ``missing``, events this state applied, if there are any."""
        if missing:
            # Passing only the late event (or a store that lost some) would otherwise give a
            # state without the events it had: clocks silently measured on part of a history.
            shown = ", ".join(safe_repr(i) for i in sorted(missing)[:3])
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            raise ConfigError(
                f"ticket {safe_repr(self._facts.ticket.id)}: "
                + (
                    "1 event this state applied is"
                    if len(missing) == 1
                    else f"{len(missing)} events this state applied are"
                )
                + f" not among the events to rebuild from ({shown}{more}); "
                "pass every stored event with the late one, state.rebuild([*stored, late]), "
                "or, to drop an event on purpose, TicketSLA.replay(policies, "
                "state.created_ticket, events)",
                path="events",
            )

    def _apply_sorted(self, events: Iterable[Event]) -> None:
        name = self._named("events")
        for ev in sorted(require_iterable(events, name), key=lambda ev: _utc_at(ev, name)):
            self.apply(ev)

    @classmethod
    def from_history(cls, policies: SLAPolicy | PolicySet, history: TicketHistory) -> TicketSLA:
        """The state after every event of ``history`` (the fold ``evaluate`` uses).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("resolution", "1d")]})
            >>> TicketSLA.from_history(p, TicketHistory(Ticket("T", t0), [])).applied
            0
        """
        if not isinstance(history, TicketHistory):
            raise InputTypeError(f"history: expected a TicketHistory, got {type(history).__name__}")
        state = cls.__new__(cls)
        last = require_instant(history.last_event_at, "last event at").astimezone(UTC)
        state._facts = fold(_policies(policies), history, last)
        state._facts.memo = Memo()
        state._ids, state._prints = {ev.id: ev for ev in history.events}, {}
        state._lock = threading.RLock()
        return state

    def copy(self) -> TicketSLA:
        """An independent copy (``apply`` on one never changes the other).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import CustomerMessage, Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> a = TicketSLA(SLAPolicy("p", {}), Ticket("T", t0))
            >>> b = a.copy()
            >>> b.apply(CustomerMessage("m", t0)), a.applied, b.applied
            (True, 0, 1)
        """
        other = TicketSLA.__new__(TicketSLA)
        with self._lock:
            other._facts = self._facts.copy()
            other._ids, other._prints = dict(self._ids), dict(self._prints)
        other._lock = threading.RLock()
        return other

    def __getstate__(self) -> tuple[ClockFacts, dict[str, Event | str | None], dict[str, str]]:
        # The running totals are a cache keyed by the identity of the policies' calendars,
        # which a pickle does not keep: a copy of the facts starts them afresh (``copy``).
        with self._lock:
            return self._facts.copy(), dict(self._ids), dict(self._prints)

    def __setstate__(
        self, state: tuple[ClockFacts, dict[str, Event | str | None], dict[str, str]]
    ) -> None:
        self._facts, self._ids, self._prints = state
        self._lock = threading.RLock()

    # -- reading ---------------------------------------------------------------------------

    @property
    def ticket(self) -> Ticket:
        """The ticket with its fields as they are now (priority, group and assignee change).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import PriorityChange, Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> s = TicketSLA(SLAPolicy("p", {}), Ticket("T", t0))
            >>> _ = s.apply(PriorityChange("c", t0, priority="high"))
            >>> s.ticket.priority.value
            'high'
        """
        return self._facts.ticket

    @property
    def created_ticket(self) -> Ticket | None:
        """The ticket as created, before any priority or assignment change (a replay's start).

        Kept in [`to_dict`][servicemodel.sla.TicketSLA.to_dict], so a state read back from
        its row can be [`rebuilt`][servicemodel.sla.TicketSLA.rebuild] with a late event.
        ``None`` only for a state read from a row written before it was kept, after events:
        an assignment change leaves no other trace in the state.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import PriorityChange, Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> s = TicketSLA(SLAPolicy("p", {}), Ticket("T", t0))
            >>> _ = s.apply(PriorityChange("c", t0, priority="high"))
            >>> s.created_ticket.priority.value, s.ticket.priority.value
            ('normal', 'high')
        """
        return self._facts.created_ticket

    @property
    def policy(self) -> SLAPolicy | None:
        """The policy that applies to the ticket now, or ``None``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> TicketSLA(SLAPolicy("p", {}), Ticket("T", t0)).policy.name
            'p'
        """
        i = self._facts.policy
        found: SLAPolicy | None = self._facts.policies[i] if i >= 0 else None
        return found

    @property
    def last_event_at(self) -> datetime:
        """The instant (UTC) of the last applied event, or the ticket's creation.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> TicketSLA(SLAPolicy("p", {}), Ticket("T", t0)).last_event_at == t0
            True
        """
        return self._facts.last

    @property
    def applied(self) -> int:
        """How many distinct events have been applied.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> TicketSLA(SLAPolicy("p", {}), Ticket("T", t0)).applied
            0
        """
        return len(self._ids)

    # -- applying --------------------------------------------------------------------------

    def apply(self, event: Event) -> bool:
        """Apply one event in place; ``False`` if it was already applied (ignored).

        A redelivery is the same event: the same kind, id, instant and fields (as
        [`event_to_dict`][servicemodel.io.event_to_dict] writes them, the instant in UTC).
        Raises [`EventOrderError`][servicemodel.errors.EventOrderError] for another event
        under an applied id, for an event older than the last applied one or than the
        ticket, or a reopen of an unresolved ticket; the state is then unchanged. An id read
        from a state written before fingerprints were kept has none: any event under it is
        ignored, as then.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import CustomerMessage, Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> s = TicketSLA(SLAPolicy("p", {}), Ticket("T", t0))
            >>> s.apply(CustomerMessage("b", t0 + timedelta(hours=2)))
            True
            >>> s.apply(CustomerMessage("a", t0 + timedelta(hours=1)))
            Traceback (most recent call last):
            ...
            servicemodel.errors.EventOrderError: ticket 'T': event 'a' at 2026-03-02T10:00:00+00:00 is older than the last applied event (2026-03-02T11:00:00+00:00); rebuild the state with state.rebuild(stored_events + [event]) to insert it
        """  # noqa: E501
        # The hot path of a live desk: the dispatch of ClockFacts.apply, inlined, and the
        # lock taken here rather than around a call (a call's frame costs a tenth of it).
        handler = HANDLERS.get(type(event))
        if handler is None:
            if not isinstance(event, Event):
                raise InputTypeError(
                    f"{self._named('event')}: expected an Event, got "
                    f"{type(event).__name__}{_dict_hint(event)}"
                )
            handler = handler_for(type(event))
        with self._lock:
            ids = self._ids
            if event.id in ids:
                seen = ids[event.id]
                if seen is event or seen is None:  # the same object, or an id without print
                    return False
                return self._repeated(event, seen)
            facts = self._facts
            try:
                at = event.at.astimezone(UTC)
            except OverflowError:  # an instant past the datetime years (events are aware)
                require_instant(event.at, self._named(f"event {safe_repr(event.id)} at"))
                raise
            if at < facts.last:
                raise EventOrderError(self._late(event, at))
            handler(facts, event, at)
            facts.last = at
            ids[event.id] = event
            return True

    def _repeated(self, event: Event, seen: Event | str) -> bool:
        """``False`` if ``event`` is the one applied under its id, else an ``EventIdError``."""
        applied = self._print(event.id, seen)
        if fingerprint(event) == applied:
            return False
        first = _shown(seen) if isinstance(seen, Event) else f"an event with fingerprint {applied}"
        raise EventIdError(
            f"ticket {safe_repr(self._facts.ticket.id)}: event id {safe_repr(event.id)} was "
            f"already applied to another event: applied {first}, now {_shown(event)}; a "
            "redelivery repeats the same kind, instant and fields: give each event an id of "
            'its own within the ticket (see the "Running SLAs live" docs page)'
        )

    def _late(self, event: Event, at: datetime) -> str:
        facts = self._facts
        where = (
            f"ticket {safe_repr(facts.ticket.id)}: event {safe_repr(event.id)} at {at.isoformat()}"
        )
        if at < facts.created:
            return f"{where} is before the ticket's creation at {facts.created.isoformat()}"
        return (
            f"{where} is older than the last applied event ({facts.last.isoformat()}); rebuild "
            "the state with state.rebuild(stored_events + [event]) to insert it"
        )

    # -- measuring -------------------------------------------------------------------------

    def _for_ticket(self, exc: CalendarError, at: datetime, what: str) -> CalendarError:
        """``exc`` naming this ticket, its creation, its last event and ``at`` (``what``)."""
        facts = self._facts
        return naming_ticket(exc, facts.ticket.id, facts.created, facts.last, what, at)

    def _named(self, name: str) -> str:
        """``name`` prefixed with this ticket, for an error about an argument.

        A desk measures many states in one loop: an instant it passes wrong (naive, of
        another type, behind the last event by a skewed clock) must say for which ticket.
        """
        return f"ticket {safe_repr(self._facts.ticket.id)}: {name}"

    def _horizon(self, at: datetime | None, name: str) -> datetime:
        last = self._facts.last
        if at is None:
            return last
        t = require_instant(at, self._named(name)).astimezone(UTC)
        if t < last:
            raise EventOrderError(
                f"{self._named(name)}: {t.isoformat()} is before the last applied event "
                f"({last.isoformat()}); a live state can only be measured from its last event on"
                + (
                    "; timers(since, past=True) lists the timers before it"
                    if name == "since"
                    else ""
                )
            )
        return t

    def measurements(
        self, at: datetime | None = None, *, ended: bool = False
    ) -> tuple[Measurement, ...]:
        """Every clock measured at ``at`` (default: the last event), assuming no other event.

        ``ended=True`` says no event will ever follow (the batch view of a finished history):
        a resolved ticket's last resolution is then final, as in ``evaluate`` at or after a
        history's last event. Live, a solved ticket may still be reopened, so its resolution
        clock (``reopen="final"``) is ``paused``.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import StatusChange, Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> s = TicketSLA(SLAPolicy("p", {"normal": [Target("resolution", "1d")]}),
            ...               Ticket("T", t0))
            >>> _ = s.apply(StatusChange("s", t0 + timedelta(hours=2), status="solved"))
            >>> s.measurements()[0].state.value, s.measurements(ended=True)[0].state.value
            ('paused', 'achieved')
        """
        if not is_bool(ended):  # read per clock: an array would raise its truth value there
            raise InputTypeError(
                f"ended: expected True or False, got {type(ended).__name__} {safe_repr(ended)}"
            )
        with self._lock:
            t = self._horizon(at, "at")
            try:
                return measure(self._facts, t, bool(ended))
            except CalendarError as exc:
                raise self._for_ticket(exc, t, "measured at") from None

    def timers(
        self,
        since: datetime | None = None,
        *,
        ladder: LadderLike | None = None,
        past: bool = False,
    ) -> tuple[Timer, ...]:
        """Every warning, breach and (with ``ladder``) escalation at or after ``since``, in order.

        ``since`` defaults to the last event; the list assumes no further event (each event
        can move or cancel timers, so ask again after applying one): a resolved ticket's
        clocks are taken as stopped, so nothing fires after it is solved unless it reopens.

        ``since`` before the last event is an ``EventOrderError`` unless ``past=True``: the
        list then starts with the timers the events so far put in the past, exactly those
        ``evaluate`` and ``ladder.timeline`` list for the history. A desk that inserted a late
        event with ``rebuild`` fires from it those its timer loop had not reached before
        (see the "Running SLAs live" docs page).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import AgentReply, Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
            >>> s = TicketSLA(p, Ticket("T", t0))
            >>> [(t.kind, t.at.hour) for t in s.timers()]
            [('warning', 11), ('warning', 12), ('breach', 13)]
            >>> _ = s.apply(AgentReply("r", t0 + timedelta(hours=3)))
            >>> [(t.kind, t.at.hour) for t in s.timers(t0, past=True)]
            [('warning', 11)]
        """
        if ladder is not None and not callable(getattr(ladder, "timeline", None)):
            raise InputTypeError(
                f"ladder: expected an EscalationLadder (with timeline), got "
                f"{type(ladder).__name__} {safe_repr(ladder)}"
            )
        if not is_bool(past):
            raise InputTypeError(
                f"past: expected True or False, got {type(past).__name__} {safe_repr(past)}"
            )
        with self._lock:
            return self._timers(since, ladder, past)

    def _timers(
        self, since: datetime | None, ladder: LadderLike | None, past: bool
    ) -> tuple[Timer, ...]:
        if past and since is not None:
            # Before the last event: the clocks are measured at it (a clock that stopped
            # since ``since`` has its verdict), and every timer from ``since`` on is listed.
            first = require_instant(since, self._named("since")).astimezone(UTC)
            t = max(first, self._facts.last)
        else:
            first = t = self._horizon(since, "since")
        facts = self._facts
        memo = facts.memo
        cache = memo.timers if memo is not None else {}  # no memo: a benchmark's baseline
        if len(cache) > _MAX_CACHED:
            cache.clear()
        now = _signature(facts)
        out: list[Timer] = []
        # "No further event" is the batch view of an ended history: a resolved ticket's
        # resolution clocks stop at its last resolution, so nothing fires after it. Clocks
        # that stopped before ``t`` have nothing left to fire and are not measured.
        for clock in clocks(facts, True, since=first):
            policy, metric, cycle, start, stop, in_force = clock
            key = (metric, cycle, start, stop, id(policy), in_force)
            hit = cache.get(key)
            if hit is not None and hit[0] == now and hit[1] is ladder and hit[3] is policy:
                found = hit[2]
            else:
                # A clock's timers (from its start) depend only on the timelines and the
                # policy, not on the instant it is measured at: keep them until those change.
                try:
                    m = measure_clock(facts, clock, t)
                    found = [] if m is None else timers_of(m, m.started_at, ladder, memo)
                except CalendarError as exc:
                    raise self._for_ticket(exc, t, "timers since") from None
                cache[key] = (now, ladder, found, policy)
            out += [x for x in found if x.at >= first]
        out.sort(key=Timer._order)
        return tuple(out)

    def next_timer(
        self, since: datetime | None = None, *, ladder: LadderLike | None = None
    ) -> Timer | None:
        """The earliest timer at or after ``since`` (default: the last event), or ``None``.

        Nothing about the ticket's clocks changes between ``since`` and it unless an event
        arrives; a timer loop sleeps until then (see the "Running SLAs live" docs page).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]},
            ...               warn_at=[])
            >>> TicketSLA(p, Ticket("T", t0)).next_timer().at.hour
            13
        """
        found = self.timers(since, ladder=ladder)
        return found[0] if found else None

    def next_breach(self) -> Timer | None:
        """The earliest deadline still ahead among the running clocks, or ``None``.

        The ticket's "escalation at", at or after the last event: a clock already past its
        deadline has no breach ahead, so once every running clock is breached this is
        ``None`` (their ``measurements()`` say ``breached``). That includes a clock a priority
        change at the last event put past its new, shorter target: its breach happened at the
        change (``breached_at``), so it is in [`overdue`][servicemodel.sla.TicketSLA.overdue],
        never here, though ``timers()`` lists that breach at the change for a timer loop to
        fire.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False),
            ...                                Target("resolution", "8h", business=False)]})
            >>> b = TicketSLA(p, Ticket("T", t0)).next_breach()
            >>> b.metric.value, b.at.hour
            ('first_reply', 13)
        """
        with self._lock:
            last = self._facts.last
            passed: set[tuple[Metric, int]] | None = None
            for timer in self.timers():
                if timer.kind != "breach":
                    continue
                # A breach timer after the last event is a deadline ahead; one at it is ahead
                # only if its clock is still within its target there (due exactly then). A
                # retroactive breach (a shorter target set at the last event) is already past.
                if timer.at == last:
                    if passed is None:
                        passed = {
                            (m.metric, m.cycle)
                            for m in self.measurements(ended=True)
                            if m.state is MeasurementState.BREACHED
                        }
                    if (timer.metric, timer.cycle) in passed:
                        continue
                return timer
            return None

    def overdue(self, at: datetime | None = None) -> tuple[Measurement, ...]:
        """The running clocks already past their deadline at ``at``, earliest breach first.

        The other half of [`next_breach`][servicemodel.sla.TicketSLA.next_breach]: a deadline
        that has passed unmet stays here, with ``breached_at`` (the instant of the breach)
        and ``overdue`` (how far past the target), until an event stops its clock -- as
        Zammad's ``escalation_at`` stays in the past once breached. ``at`` defaults to the
        last event; like ``next_breach`` it assumes no further event, so a solved ticket's
        clocks count as stopped (it has nothing overdue unless it is reopened), while a
        clock paused after its breach (pending) is still overdue: a breach is final. These
        are the ``breached`` clocks with no ``stopped_at`` among ``measurements(at,
        ended=True)``, exactly those ``evaluate`` gives for the events so far at ``at``.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import InternalNote, Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False),
            ...                                Target("resolution", "8h", business=False)]})
            >>> state = TicketSLA(p, Ticket("T", t0))
            >>> _ = state.apply(InternalNote("n", t0 + timedelta(hours=3), agent="ana"))
            >>> [(m.metric.value, m.breached_at.hour, m.overdue) for m in state.overdue()]
            [('first_reply', 10, datetime.timedelta(seconds=7200))]
            >>> b = state.next_breach()  # the deadline still ahead
            >>> b.metric.value, b.at.hour
            ('resolution', 17)
        """
        found = [
            m
            for m in self.measurements(at, ended=True)
            if m.state is MeasurementState.BREACHED and m.stopped_at is None
        ]
        found.sort(key=_breach_order)
        return tuple(found)

    # -- persistence -----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The state as plain JSON types (with a ``schema`` version), for a database row.

        Policies are stored by name; ``from_dict`` links them back.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h")]})
            >>> s = TicketSLA(p, Ticket("T", t0))
            >>> s.to_dict()["schema"], TicketSLA.from_dict(s.to_dict(), p) == s
            (1, True)
        """
        with self._lock:
            return facts_to_dict(self._facts, self._fingerprints())

    def _fingerprints(self) -> dict[str, str | None]:
        """The applied ids with their events' fingerprints (``None``: not known)."""
        return {key: self._print(key, seen) for key, seen in self._ids.items()}

    def _print(self, key: str, seen: Event | str | None) -> str | None:
        """The fingerprint of ``seen``, the entry of ``_ids`` under ``key`` (hashed once)."""
        if not isinstance(seen, Event):
            return seen
        found = self._prints.get(key)
        if found is None:
            found = self._prints[key] = fingerprint(seen)
        return found

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], policies: SLAPolicy | PolicySet) -> TicketSLA:
        """Read a state written by ``to_dict``, linking policy names to ``policies``.

        A state of another schema version, a malformed one (an instant out of order, or
        outside the ticket's life from its creation to its last event), or one naming a
        policy the set no longer has (for a stopped clock) is a
        [`ConfigError`][servicemodel.errors.ConfigError].
        The ticket is matched against ``policies`` again, so running clocks follow a changed
        policy set.

        Examples:
            >>> TicketSLA.from_dict({"schema": 0}, SLAPolicy("p", {}))
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: ...
        """
        state = cls.__new__(cls)
        state._facts, ids = facts_from_dict(data, _policies(policies))
        state._ids, state._prints = {**ids}, {}
        state._facts.memo = Memo()
        state._lock = threading.RLock()
        return state

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TicketSLA):
            return NotImplemented
        return self._facts.policies == other._facts.policies and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        policy = self.policy
        name = policy.name if policy else None
        return (
            f"TicketSLA(ticket={self._facts.ticket.id!r}, policy={name!r}, "
            f"applied={self.applied}, last_event_at={self._facts.last.isoformat()!r})"
        )


#: The most clocks whose timers a live state keeps (a ticket has a few running at a time).
_MAX_CACHED = 64


def _breach_order(m: Measurement) -> tuple[datetime, int, int, str]:
    """Earliest breach first; at one instant in the metrics' order, then by cycle (as timers)."""
    return (m.breached_at or m.evaluated_at, _METRICS.index(m.metric), m.cycle, m.policy)


_METRICS = list(Metric)


def _signature(facts: ClockFacts) -> tuple[Any, ...]:
    """What a clock's timers depend on besides the clock itself.

    The timelines only grow at their end, or change their last one or two entries (an event
    at the instant of the last one), so their lengths and last entries tell them apart.
    """
    statuses, priorities, labels = facts.statuses, facts.priorities, facts.labels
    return (
        len(statuses),
        statuses[-1],
        statuses[-2] if len(statuses) > 1 else None,
        len(priorities),
        priorities[-1],
        len(labels),
        labels[-1],
        facts.policy,
    )


def _policies(policies: Any) -> tuple[SLAPolicy, ...]:
    """The policies of ``policies``; anything else is an error naming it, with the fix."""
    return policies_of(policies, "policies")


def _shown(event: Event) -> str:
    """``event`` as its JSON form, for a message."""
    return json.dumps(event_form(event), default=repr)


def _dict_hint(value: object) -> str:
    # A webhook's JSON is the usual thing handed to apply; say which reader turns it into one.
    if isinstance(value, Mapping):
        return "; read a dict in the JSON Lines form with servicemodel.io.event_from_dict"
    return ""


def _utc_at(ev: Event, name: str) -> datetime:
    """``ev``'s instant in UTC; ``name`` (the argument, with its ticket) heads an error."""
    if not isinstance(ev, Event):
        raise InputTypeError(f"{name}: expected an Event, got {type(ev).__name__}{_dict_hint(ev)}")
    return require_instant(ev.at, f"{name}: event {safe_repr(ev.id)} at").astimezone(UTC)
