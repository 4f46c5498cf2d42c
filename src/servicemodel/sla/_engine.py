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
from datetime import datetime, timedelta

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import InputTypeError
from servicemodel.model import Priority, Status, TicketHistory
from servicemodel.sla._clock import ClockInterval, clock_add, clock_elapsed
from servicemodel.sla._facts import TicketFacts
from servicemodel.sla._measurement import Measurement, MeasurementState, Metric
from servicemodel.sla._policy import PolicySet, SLAPolicy, Target

__all__ = ["evaluate", "evaluate_many"]


def _running_intervals(
    timeline: Sequence[tuple[datetime, Status]],
    paused: frozenset[Status],
    start: datetime,
    end: datetime,
) -> tuple[list[ClockInterval], Status]:
    """Un-paused intervals of ``[start, end)`` and the status in force at ``end``."""
    intervals: list[ClockInterval] = []
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
        if intervals and intervals[-1][1] == lo:
            intervals[-1] = (intervals[-1][0], hi)
        else:
            intervals.append((lo, hi))
    return intervals, status_at_end


def _open_end(intervals: list[ClockInterval], at: datetime) -> tuple[ClockInterval, ...]:
    """Let the clock run on from ``at`` (for deadlines and projections)."""
    if intervals and intervals[-1][1] == at:
        return (*intervals[:-1], (intervals[-1][0], None))
    return (*intervals, (at, None))


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


#: What measuring a clock against its targets finds: state, target and calendar in force,
#: priority, since when that target applied, due instant, elapsed time, breach instant.
_Verdict = tuple[
    MeasurementState,
    Target,
    BusinessCalendar,
    Priority,
    datetime,
    datetime | None,
    timedelta,
    datetime | None,
]


def _measure(
    policy: SLAPolicy,
    facts: TicketFacts,
    metric: Metric,
    cycle: int,
    start: datetime,
    stop: datetime | None,
) -> Measurement | None:
    """Measure one run of a clock against the targets in force while it ran."""
    end = stop if stop is not None else facts.horizon
    index = policy._index
    if len(facts.priorities) == 1:
        # The priority never changed (most tickets): one segment, one lookup.
        prio = facts.priorities[0][1]
        if (prio, metric) not in index:
            return None
        segments = [(prio, start, end)]
    else:
        segments = _priority_segments(facts.priorities, start, end)
        if all((p, metric) not in index for p, _, _ in segments):
            return None
    paused = policy._paused[metric]
    counted, status_at_end = _running_intervals(facts.statuses, paused, start, end)
    projected = _open_end(counted, end)
    running = stop is None and status_at_end not in paused
    verdict = _verdict(index, metric, segments, counted, projected, end, stop, running)
    if verdict is None:
        return None
    state, target, cal, prio, since, due, elapsed, breached = verdict
    # Positional, and one call per clock: this runs for every clock of every ticket.
    return Measurement(
        facts.ticket_id,
        policy.name,
        metric,
        target,
        prio,
        state,
        start,
        due,
        elapsed,
        target.within - elapsed,
        facts.horizon,
        stop,
        stop if state is MeasurementState.ACHIEVED else None,
        breached,
        cycle,
        policy.warn_at,
        cal,
        projected if stop is not None or running else tuple(counted),
        since,
    )


def _verdict(
    index: dict[tuple[Priority, Metric], tuple[Target, BusinessCalendar]],
    metric: Metric,
    segments: list[tuple[Priority, datetime, datetime]],
    counted: list[ClockInterval],
    projected: tuple[ClockInterval, ...],
    end: datetime,
    stop: datetime | None,
    running: bool,
) -> _Verdict | None:
    """Breached on the first target overrun; else achieved, active or paused on the last."""
    used: timedelta | None = None
    for prio, since, until in segments:
        hit = index.get((prio, metric))
        if hit is None:
            continue
        target, cal = hit
        used = clock_elapsed(cal, counted, until)
        if used > target.within:
            due = clock_add(cal, projected, target.within)
            # The first instant the clock is past the target in force: the deadline itself,
            # or, when a priority change made the deadline retroactive, the change.
            assert due is not None
            elapsed = used if until == end else clock_elapsed(cal, counted, end)
            state = MeasurementState.BREACHED
            return state, target, cal, prio, since, due, elapsed, (due if due >= since else since)
    prio, since, _ = segments[-1]
    hit = index.get((prio, metric))
    if hit is None:
        return None
    target, cal = hit
    # The last segment ends at ``end`` and has just been measured on this target's calendar.
    elapsed = used if used is not None else clock_elapsed(cal, counted, end)
    if stop is None and not running:
        return MeasurementState.PAUSED, target, cal, prio, since, None, elapsed, None
    state = MeasurementState.ACHIEVED if stop is not None else MeasurementState.ACTIVE
    due = clock_add(cal, projected, target.within)
    return state, target, cal, prio, since, due, elapsed, None


def _evaluate_policy(
    policy: SLAPolicy, history: TicketHistory, at: datetime | None
) -> tuple[Measurement, ...]:
    facts = TicketFacts(history, at)
    if facts.before_creation:
        return ()
    out: list[Measurement] = []
    for metric in policy._metrics:
        for i, (start, stop) in enumerate(facts.cycles(metric, policy.reopen)):
            m = _measure(policy, facts, metric, i, start, stop)
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
