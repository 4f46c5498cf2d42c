"""Private: the SLA engine -- a ticket history measured against a policy, clock by clock.

[`evaluate`][servicemodel.sla.evaluate] picks the policy (the first of a set whose condition
matches), finds each clock's start and stop, and measures the time it ran on its target's
calendar, minus pauses, against the target in force (a priority change can change it).

The one boundary rule: ``due_at`` is the calendar's ``add(start, target)`` pushed out by paused
time, and a clock that stops **at or before** ``due_at`` is achieved; after it, breached.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> from servicemodel.sla import SLAPolicy
    >>> policy = SLAPolicy.from_dict({
    ...     "name": "standard",
    ...     "calendar": {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}},
    ...     "targets": {"normal": [{"metric": "first_reply", "within": "2h"}]},
    ... })
    >>> t0 = datetime(2026, 3, 6, 16, 0, tzinfo=timezone.utc)  # a Friday, one hour before close
    >>> h = TicketHistory(Ticket("T-1", t0), [AgentReply("r", t0 + timedelta(days=3))])
    >>> (m,) = evaluate(policy, h)
    >>> m.due_at.isoformat(), m.state.value, m.elapsed
    ('2026-03-09T10:00:00+00:00', 'breached', datetime.timedelta(seconds=28800))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta

from servicemodel.errors import InputTypeError, require_aware
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
from servicemodel.sla._clock import ClockInterval, clock_add, clock_elapsed
from servicemodel.sla._measurement import Measurement, MeasurementState, Metric
from servicemodel.sla._policy import PolicySet, SLAPolicy

__all__ = ["evaluate", "evaluate_many"]

_RESOLVED = frozenset({Status.SOLVED, Status.CLOSED})


def _running_spans(
    timeline: Sequence[tuple[datetime, Status]],
    paused: frozenset[Status],
    start: datetime,
    end: datetime,
) -> tuple[list[ClockInterval], Status]:
    """Un-paused spans of ``[start, end)`` and the status in force at ``end``."""
    spans: list[ClockInterval] = []
    n = len(timeline)
    status_at_end = timeline[0][1]
    for i in range(n):
        t, status = timeline[i]
        if t > end:
            break
        status_at_end = status
        nxt = timeline[i + 1][0] if i + 1 < n else None
        lo = t if t > start else start
        hi = end if nxt is None or nxt > end else nxt
        if lo >= hi or status in paused:
            continue
        if spans and spans[-1][1] == lo:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans, status_at_end


def _open_end(spans: list[ClockInterval], at: datetime) -> tuple[ClockInterval, ...]:
    """Let the clock run on from ``at`` (for deadlines and projections)."""
    if spans and spans[-1][1] == at:
        return (*spans[:-1], (spans[-1][0], None))
    return (*spans, (at, None))


class _Facts:
    """What one pass over a history's events (up to the horizon) finds."""

    __slots__ = ("first_reply", "next_reply", "periodic", "prios", "solves", "status", "timeline")

    def __init__(self, history: TicketHistory, horizon: datetime) -> None:
        ticket = history.ticket
        status = Status.NEW
        created = ticket.created_at.astimezone(UTC)
        timeline: list[tuple[datetime, Status]] = [(created, status)]
        prios: list[tuple[datetime, Priority]] = [(created, ticket.priority)]
        solves: list[datetime] = []
        next_reply: list[tuple[datetime, datetime | None]] = []
        periodic: list[tuple[datetime, datetime | None]] = []
        first_reply: datetime | None = None
        fr_done = False
        skip = 1 if ticket.created_by_agent else 0
        replies = 0
        nr_open: datetime | None = None
        nr_waiting = False
        pu_open: datetime | None = None
        for ev in history.events:
            # UTC throughout: datetimes sharing a zone compare and subtract by wall clock,
            # which gets the repeated hour of a DST fall-back wrong.
            at = ev.at.astimezone(UTC)
            if at > horizon:
                break
            kind = type(ev)
            if kind is AgentReply:
                if not fr_done:
                    if replies == skip:
                        first_reply, fr_done = at, True
                elif nr_open is not None:
                    next_reply.append((nr_open, at))
                    nr_open = None
                nr_waiting = False
                replies += 1
                if pu_open is not None:
                    periodic.append((pu_open, at))
                    pu_open = None
                if status not in _RESOLVED:
                    pu_open = at
            elif kind is CustomerMessage:
                if fr_done and nr_open is None:
                    if status in _RESOLVED:
                        # Answered once the ticket is reopened, if it ever is.
                        nr_waiting = True
                    else:
                        nr_open = at
            elif kind is StatusChange or kind is Reopen:
                new = ev.status if isinstance(ev, StatusChange) else Status.OPEN
                if new is status:
                    continue
                if new in _RESOLVED and status not in _RESOLVED:
                    solves.append(at)
                    if not fr_done:
                        first_reply, fr_done = at, True
                    if nr_open is not None:
                        if nr_open < at:
                            next_reply.append((nr_open, at))
                        nr_open = None
                    if pu_open is not None:
                        if pu_open < at:
                            periodic.append((pu_open, at))
                        pu_open = None
                    nr_waiting = False
                elif status in _RESOLVED and new not in _RESOLVED and nr_waiting:
                    nr_open, nr_waiting = at, False
                status = new
                timeline.append((at, new))
            elif kind is PriorityChange:
                assert isinstance(ev, PriorityChange)
                prios.append((at, ev.priority))
        if nr_open is not None:
            next_reply.append((nr_open, None))
        if pu_open is not None:
            periodic.append((pu_open, None))
        self.first_reply = first_reply
        self.next_reply = next_reply
        self.periodic = periodic
        self.prios = prios
        self.solves = solves
        self.status = status
        self.timeline = timeline


def _priority_segments(
    prios: Sequence[tuple[datetime, Priority]], start: datetime, end: datetime
) -> list[tuple[Priority, datetime, datetime]]:
    """``(priority, since, until)`` pieces covering ``[start, end]``, the last one up to ``end``."""
    current = prios[0][1]
    since = start
    out: list[tuple[Priority, datetime, datetime]] = []
    for t, p in prios[1:]:
        if t <= start:
            current = p
        elif t <= end:
            if p is not current:
                out.append((current, since, t))
                current, since = p, t
        else:
            break
    out.append((current, since, end))
    return out


def _measure(
    policy: SLAPolicy,
    facts: _Facts,
    ticket_id: str,
    metric: Metric,
    cycle: int,
    start: datetime,
    stop: datetime | None,
    horizon: datetime,
) -> Measurement | None:
    index = policy._index
    segments = _priority_segments(facts.prios, start, stop if stop is not None else horizon)
    if all((p, metric) not in index for p, _, _ in segments):
        return None
    end = stop if stop is not None else horizon
    paused = policy._paused[metric]
    spans, status_at_end = _running_spans(facts.timeline, paused, start, end)
    projected = _open_end(spans, end)
    running = stop is None and status_at_end not in paused
    clock_spans = projected if stop is not None or running else tuple(spans)
    last_used: timedelta | None = None
    for prio, since, until in segments:
        hit = index.get((prio, metric))
        if hit is None:
            continue
        target, cal = hit
        used = clock_elapsed(cal, spans, until)
        last_used = used
        if used > target.within:
            due = clock_add(cal, projected, target.within)
            # The first instant the clock is past the target in force: the deadline itself,
            # or, when a priority change made the deadline retroactive, the change.
            assert due is not None
            breached = due if due >= since else since
            elapsed = used if until == end else clock_elapsed(cal, spans, end)
            return Measurement(
                ticket_id,
                policy.name,
                metric,
                target,
                prio,
                MeasurementState.BREACHED,
                start,
                due,
                elapsed,
                target.within - elapsed,
                horizon,
                stop,
                None,
                breached,
                cycle,
                policy.warn_at,
                cal,
                clock_spans,
                since,
            )
    prio, since = segments[-1][0], segments[-1][1]
    hit = index.get((prio, metric))
    if hit is None:
        return None
    target, cal = hit
    # The last segment ends at ``end`` and has just been measured on this target's calendar.
    elapsed = last_used if last_used is not None else clock_elapsed(cal, spans, end)
    if stop is not None:
        state = MeasurementState.ACHIEVED
        due = clock_add(cal, projected, target.within)
    elif running:
        state = MeasurementState.ACTIVE
        due = clock_add(cal, projected, target.within)
    else:
        state = MeasurementState.PAUSED
        due = None
    return Measurement(
        ticket_id,
        policy.name,
        metric,
        target,
        prio,
        state,
        start,
        due,
        elapsed,
        target.within - elapsed,
        horizon,
        stop,
        stop,
        None,
        cycle,
        policy.warn_at,
        cal,
        clock_spans,
        since,
    )


def _evaluate_policy(
    policy: SLAPolicy, history: TicketHistory, at: datetime | None
) -> tuple[Measurement, ...]:
    created = history.ticket.created_at.astimezone(UTC)
    if at is None:
        horizon = history.last_event_at.astimezone(UTC)
    else:
        horizon = require_aware(at, "at").astimezone(UTC)
        if horizon < created:
            return ()
    complete = horizon >= history.last_event_at.astimezone(UTC)
    facts = _Facts(history, horizon)
    tid = history.ticket.id
    out: list[Measurement] = []
    for metric in policy._metrics:
        cycles: Sequence[tuple[datetime, datetime | None]]
        if metric is Metric.FIRST_REPLY:
            cycles = ((created, facts.first_reply),)
        elif metric is Metric.NEXT_REPLY:
            cycles = facts.next_reply
        elif metric is Metric.PERIODIC_UPDATE:
            cycles = facts.periodic
        else:
            stop: datetime | None = None
            if policy.reopen == "first":
                stop = facts.solves[0] if facts.solves else None
            elif complete and facts.status.is_resolved:
                # Nothing happens after the horizon: the last resolution is the final one.
                stop = facts.solves[-1]
            cycles = ((created, stop),)
        for i, (start, stop_at) in enumerate(cycles):
            m = _measure(policy, facts, tid, metric, i, start, stop_at, horizon)
            if m is not None:
                out.append(m)
    return tuple(out)


def evaluate(
    policy_or_set: SLAPolicy | PolicySet, history: TicketHistory, at: datetime | None = None
) -> tuple[Measurement, ...]:
    """Measure ``history`` against a policy (or the first matching policy of a set).

    With ``at``, only events up to ``at`` count and running clocks are measured up to ``at``.
    Without it, clocks are measured up to the history's last event. Before the last event
    the view is live: with ``reopen="final"`` a solved ticket's resolution clock is
    ``paused`` (it may still be reopened); at or after the last event the history has ended
    and its last resolution is final (``achieved`` or ``breached``). A ticket no policy
    matches, or created after ``at``, gives ``()``.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})
        >>> h = TicketHistory(Ticket("T", t0), [AgentReply("r", t0 + timedelta(hours=1))])
        >>> [(m.metric, m.state) for m in evaluate(p, h)]  # a reply exactly at the deadline
        [(<Metric.FIRST_REPLY: 'first_reply'>, <MeasurementState.ACHIEVED: 'achieved'>)]
    """
    if not isinstance(history, TicketHistory):
        raise InputTypeError(f"history: expected a TicketHistory, got {type(history).__name__}")
    if isinstance(policy_or_set, PolicySet):
        policy = policy_or_set.policy_for(history)
        if policy is None:
            return ()
    elif isinstance(policy_or_set, SLAPolicy):
        policy = policy_or_set
        if not policy.condition.matches(history.ticket):
            return ()
    else:
        raise InputTypeError(
            f"expected an SLAPolicy or PolicySet, got {type(policy_or_set).__name__}"
        )
    return _evaluate_policy(policy, history, at)


def evaluate_many(
    policy_or_set: SLAPolicy | PolicySet,
    histories: Iterable[TicketHistory],
    at: datetime | None = None,
) -> Iterator[Measurement]:
    """Stream the measurements of many histories, holding one ticket at a time.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})
        >>> hs = (TicketHistory(Ticket(f"T{i}", t0), []) for i in range(3))
        >>> [m.ticket_id for m in evaluate_many(p, hs)]
        ['T0', 'T1', 'T2']
    """
    for history in histories:
        yield from evaluate(policy_or_set, history, at)
