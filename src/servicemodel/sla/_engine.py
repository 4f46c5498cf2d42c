"""Private: the SLA engine -- a ticket history measured against a policy, clock by clock.

[`evaluate`][servicemodel.sla.evaluate] folds a history through the engine's running facts
(``_facts``: the policy that applies, each clock's start and stop), then measures the time each
clock ran on its target's calendar, minus pauses, against the target in force (a priority
change can change it). The live [`TicketSLA`][servicemodel.sla.TicketSLA] measures the same
facts, kept event by event.

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

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import InputTypeError, require_instant
from servicemodel.model import Priority, Status, TicketHistory, lost_facts
from servicemodel.sla._clock import (
    ClockInterval,
    Memo,
    Track,
    clock_add,
    clock_elapsed,
    elapsed_and_due,
)
from servicemodel.sla._facts import HANDLERS, ClockFacts, Cycle, Stop, handler_for
from servicemodel.sla._labels import minus_labels
from servicemodel.sla._measurement import Measurement, MeasurementState, Metric
from servicemodel.sla._policy import PlainClock, PolicySet, SLAPolicy, Target

__all__ = [
    "Clock",
    "clocks",
    "evaluate",
    "evaluate_many",
    "fold",
    "measure",
    "measure_clock",
    "policies_of",
]


def _status_time(entry: tuple[datetime, Status] | tuple[datetime, Priority]) -> datetime:
    return entry[0]


def _running_intervals(
    timeline: Sequence[tuple[datetime, Status]],
    paused: frozenset[Status],
    start: datetime,
    end: datetime,
) -> tuple[list[tuple[datetime, datetime]], Status]:
    """Un-paused intervals of ``[start, end)`` and the status in force at ``end``.

    A walk over the running stretches (as ``_walk``): each ends where a paused status begins,
    or at ``end``. It starts at the span in force at ``start``: a scan from creation for every
    cycle of a reply clock would make long histories quadratic.
    """
    intervals: list[tuple[datetime, datetime]] = []
    if start <= timeline[0][0]:
        entries: Iterable[tuple[datetime, Status]] = timeline
        status_at_end = timeline[0][1]
    else:
        first = bisect_right(timeline, start, key=_status_time) - 1
        entries = map(timeline.__getitem__, range(first, len(timeline)))  # no copy
        status_at_end = timeline[first][1]
    run_from = None
    for t, status in entries:
        if t > end:
            break
        status_at_end = status
        at = t if t > start else start
        if status in paused:
            if run_from is not None:
                if at > run_from:
                    intervals.append((run_from, at))
                run_from = None
        elif run_from is None:
            run_from = at
    if run_from is not None and end > run_from:
        intervals.append((run_from, end))
    return intervals, status_at_end


#: The most clock tracks a live state keeps (a ticket has a few running clocks at a time).
_MAX_TRACKS = 32


def _tracked_intervals(
    memo: Memo,
    timeline: Sequence[tuple[datetime, Status]],
    paused: frozenset[Status],
    start: datetime,
    end: datetime,
) -> tuple[list[ClockInterval], Status, Track]:
    """``_running_intervals`` for a running clock of a live state, from its running totals.

    The timeline entries that no event can change any more (all but the last two: an event
    at the last instant may rewrite the last entry, or drop it and rewrite the one before)
    are folded into the clock's ``Track`` once; each call walks only the last two entries.
    ``end`` is at or after the last entry (a live state is measured from its last event on).
    """
    key = (start, paused)
    track = memo.tracks.get(key)
    if track is None:
        if len(memo.tracks) >= _MAX_TRACKS:
            # Finished reply cycles leave their tracks behind: start afresh rather than grow
            # with the ticket (the running clocks rebuild theirs with one walk).
            memo.tracks.clear()
            memo.views.clear()
        first = bisect_right(timeline, start, key=_status_time) - 1
        track = memo.tracks[key] = Track(max(first, 0))
    final = len(timeline) - 2
    if track.upto < final:
        track.run_from = _walk(
            timeline, track.upto, final, paused, start, track.run_from, track.closed
        )
        track.upto = final
    intervals: list[ClockInterval] = list(track.closed)
    run_from = _walk(timeline, track.upto, len(timeline), paused, start, track.run_from, intervals)
    if run_from is not None and end > run_from:
        intervals.append((run_from, end))
    return intervals, timeline[-1][1], track


def _walk(
    timeline: Sequence[tuple[datetime, Status]],
    lo: int,
    hi: int,
    paused: frozenset[Status],
    start: datetime,
    run_from: datetime | None,
    out: list[Any],
) -> datetime | None:
    """Append to ``out`` the intervals that entries ``lo..hi`` close; the open stretch's start."""
    for i in range(lo, hi):
        t, status = timeline[i]
        at = t if t > start else start
        if status in paused:
            if run_from is not None and at > run_from:
                out.append((run_from, at))
            run_from = None
        elif run_from is None:
            run_from = at
    return run_from


def _open_end(intervals: Sequence[ClockInterval], at: datetime) -> tuple[ClockInterval, ...]:
    """Let the clock run on from ``at`` (for deadlines and projections)."""
    if intervals and intervals[-1][1] == at:
        return (*intervals[:-1], (intervals[-1][0], None))
    return (*intervals, (at, None))


def _priority_segments(
    prios: Sequence[tuple[datetime, Priority]], n: int, start: datetime, end: datetime
) -> list[tuple[Priority, datetime, datetime]]:
    """``(priority, since, until)`` pieces covering ``[start, end]``, the last one up to ``end``.

    Only the first ``n`` timeline entries count (the changes applied before the clock
    stopped). Several changes at one instant leave only the last: the stretches between them
    last no time, so no target was ever in force over them.
    """
    # The changes up to ``start`` only set the priority in force at it: skip them by bisection,
    # so the many cycles of a long reply history do not rescan the timeline from creation.
    first = min(max(bisect_right(prios, start, hi=n, key=_status_time), 1), n)
    current = prios[first - 1][1]
    since = start
    out: list[tuple[Priority, datetime, datetime]] = []
    for i in range(first, n):
        t, p = prios[i]
        if t > end:
            break
        elif t == since:
            # A second change at the instant of the previous one replaces it; back to the
            # priority before it, the earlier stretch simply continues.
            if out and out[-1][0] is p:
                since = out.pop()[1]
            current = p
        elif p is not current:
            out.append((current, since, t))
            current, since = p, t
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
    facts: ClockFacts,
    horizon: datetime,
    metric: Metric,
    cycle: int,
    start: datetime,
    stopped: Stop | None,
) -> Measurement | None:
    """Measure one run of a clock against the targets in force while it ran."""
    if stopped is None:
        stop, end, n = None, horizon, len(facts.priorities)
    else:
        stop, n = stopped[0], stopped[1]
        end = stop
    index = policy._index
    if n == 1:
        # The priority never changed (most tickets): one segment, one lookup.
        prio = facts.priorities[0][1]
        if (prio, metric) not in index:
            return None
        segments = [(prio, start, end)]
    else:
        segments = _priority_segments(facts.priorities, n, start, end)
        if metric not in _REPLY_METRICS:
            segments = _reopened(facts, segments, end)
        if all((p, metric) not in index for p, _, _ in segments):
            return None
    paused = policy._paused[metric]
    memo = facts.memo
    track: Track | None = None
    if memo is not None and stop is None:
        counted, status_at_end, track = _tracked_intervals(memo, facts.statuses, paused, start, end)
    else:
        closed, status_at_end = _running_intervals(facts.statuses, paused, start, end)
        counted = cast(list[ClockInterval], closed)
    running = stop is None and status_at_end not in paused
    if policy.pause_labels and len(facts.labels) > 1:  # the source's own statuses pause too
        counted, label_paused = minus_labels(counted, facts.labels, policy.pause_labels, end)
        running = running and not label_paused
        track = None
    projected = _open_end(counted, end)
    spans = projected if stop is not None or running else tuple(counted)
    if track is not None:
        assert memo is not None
        memo.register(track, counted, projected, spans)
    verdict = _verdict(index, metric, segments, counted, projected, end, stop, running, memo)
    if verdict is None:
        return None
    state, target, cal, prio, since, due, elapsed, breached = verdict
    # Positional, and one call per clock: this runs for every clock of every ticket.
    return Measurement(
        facts.ticket.id,
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
        stop if state is MeasurementState.ACHIEVED else None,
        breached,
        cycle,
        policy.warn_at,
        cal,
        spans,
        since,
    )


def _measure_one(
    policy: SLAPolicy,
    facts: ClockFacts,
    horizon: datetime,
    metric: Metric,
    cycle: int,
    start: datetime,
    stop: datetime | None,
    prio: Priority,
    plain: PlainClock,
) -> Measurement:
    """``_measure`` of a one-off measurement under one target (no priority change, no pause
    by source labels): the general path's answer, each open time computed once."""
    end = horizon if stop is None else stop
    target, cal, paused, how = plain
    counted, status_at_end = _running_intervals(facts.statuses, paused, start, end)
    within = target.within
    # Whether the clock runs on past ``end`` (stopped, or running now): then it has a deadline.
    project = stop is not None or status_at_end not in paused
    elapsed, due = elapsed_and_due(cal, counted, end, within, project, how)
    breached = None
    if elapsed > within:
        state = MeasurementState.BREACHED
        assert due is not None
        breached = due if due >= start else start
    elif not project:
        state = MeasurementState.PAUSED
    else:
        state = MeasurementState.ACHIEVED if stop is not None else MeasurementState.ACTIVE
    return Measurement(
        facts.ticket.id,
        policy.name,
        metric,
        target,
        prio,
        state,
        start,
        due,
        elapsed,
        within - elapsed,
        horizon,
        stop,
        stop if state is MeasurementState.ACHIEVED else None,
        breached,
        cycle,
        policy.warn_at,
        cal,
        _open_end(counted, end) if project else tuple(counted),
        start,
    )


_REPLY_METRICS = frozenset({Metric.FIRST_REPLY, Metric.NEXT_REPLY, Metric.PERIODIC_UPDATE})


def _reopened(
    facts: ClockFacts, segments: list[tuple[Priority, datetime, datetime]], end: datetime
) -> list[tuple[Priority, datetime, datetime]]:
    """``segments`` with each target set while solved in force from the reopen, as live.

    A stretch whose target was replaced again before the reopen was never in force: dropped.
    """
    out = [segments[0]]
    last = len(segments) - 1
    for k, (prio, since, until) in enumerate(segments[1:], 1):
        since = facts.in_force_from(since, end)
        if since < until or k == last:
            out.append((prio, since, until))
    return out


def _verdict(
    index: dict[tuple[Priority, Metric], tuple[Target, BusinessCalendar]],
    metric: Metric,
    segments: list[tuple[Priority, datetime, datetime]],
    counted: list[ClockInterval],
    projected: tuple[ClockInterval, ...],
    end: datetime,
    stop: datetime | None,
    running: bool,
    memo: Memo | None,
) -> _Verdict | None:
    """Breached on the first target overrun; else achieved, active or paused on the last."""
    used: timedelta | None = None
    for prio, since, until in segments:
        hit = index.get((prio, metric))
        if hit is None:
            continue
        target, cal = hit
        used = clock_elapsed(cal, counted, until, memo)
        if used > target.within:
            due = clock_add(cal, projected, target.within, memo)
            # The first instant the clock is past the target in force: the deadline itself,
            # or, when a priority change made the deadline retroactive, the change.
            assert due is not None
            elapsed = used if until == end else clock_elapsed(cal, counted, end, memo)
            state = MeasurementState.BREACHED
            return state, target, cal, prio, since, due, elapsed, (due if due >= since else since)
    prio, since, _ = segments[-1]
    hit = index.get((prio, metric))
    if hit is None:
        return None
    target, cal = hit
    # The last segment ends at ``end`` and has just been measured on this target's calendar.
    elapsed = used if used is not None else clock_elapsed(cal, counted, end, memo)
    if stop is None and not running:
        return MeasurementState.PAUSED, target, cal, prio, since, None, elapsed, None
    state = MeasurementState.ACHIEVED if stop is not None else MeasurementState.ACTIVE
    due = clock_add(cal, projected, target.within, memo)
    return state, target, cal, prio, since, due, elapsed, None


def _cycles(facts: ClockFacts, metric: Metric, reopen: str, ended: bool) -> Sequence[Cycle]:
    """The runs of ``metric``'s clock: ``(start, stop)``, in order."""
    if metric is Metric.FIRST_REPLY:
        return ((facts.created, facts.first_stop),)
    if metric is Metric.NEXT_REPLY:
        return facts.reply_cycles(facts.next_reply, facts.next_open)
    if metric is Metric.PERIODIC_UPDATE:
        return facts.reply_cycles(facts.periodic, facts.periodic_open)
    if reopen == "first":
        return ((facts.created, facts.first_solve),)
    if ended and facts.status.is_resolved:
        # The history has ended resolved: its last resolution is the final one.
        return ((facts.created, facts.last_solve),)
    return ((facts.created, None),)


#: One clock of a ticket: the policy it is measured under, its metric, cycle number, start
#: and stop (``None``: running).
Clock = tuple[SLAPolicy, Metric, int, datetime, Stop | None]


def clocks(facts: ClockFacts, ended: bool, since: datetime | None = None) -> list[Clock]:
    """The clocks of ``facts`` (see ``measure``), each with the policy it is measured under."""
    policies = facts.policies
    now = facts.policy
    if not facts.rematched:
        # One policy governed every clock (almost every ticket): its metrics only.
        if now < 0:
            return []
        metrics: Sequence[Metric] = policies[now]._metrics
        reopen = policies[now].reopen
    else:
        metrics = tuple(Metric)
        reopen = policies[now].reopen if now >= 0 else "final"
    out: list[Clock] = []
    for metric in metrics:
        for i, (start, stop) in enumerate(_cycles(facts, metric, reopen, ended)):
            if stop is None:
                which = now
            elif since is not None and stop[0] < since:
                continue
            else:
                which = stop[2]
            if which < 0:
                continue
            policy = policies[which]
            if policy.calendar_from is not None:
                # The calendar comes from fields no event changes: the ticket as it is now.
                policy = policy.for_ticket(facts.ticket)
            out.append((policy, metric, i, start, stop))
    return out


def measure_clock(facts: ClockFacts, clock: Clock, horizon: datetime) -> Measurement | None:
    """One clock of ``facts`` measured at ``horizon`` (``None``: no target applies)."""
    policy, metric, cycle, start, stop = clock
    return _measure(policy, facts, horizon, metric, cycle, start, stop)


def measure(
    facts: ClockFacts, horizon: datetime, ended: bool, since: datetime | None = None
) -> tuple[Measurement, ...]:
    """Every clock of ``facts`` measured at ``horizon`` (UTC, at or after the last event).

    A running clock is measured under the policy that applies now; a stopped one under the
    policy that applied when it stopped. ``ended``: no event will follow (the batch view),
    so a resolved ticket's last resolution is final. With ``since``, clocks that stopped
    before it are left out (nothing about them can happen at or after ``since``).
    """
    if facts.memo is None and since is None and not facts.rematched and len(facts.priorities) == 1:
        plain = _measure_plain(facts, horizon, ended)
        if plain is not None:
            return plain
    out: list[Measurement] = []
    for policy, metric, i, start, stop in clocks(facts, ended, since):
        m = _measure(policy, facts, horizon, metric, i, start, stop)
        if m is not None:
            out.append(m)
    return tuple(out)


def _measure_plain(
    facts: ClockFacts, horizon: datetime, ended: bool
) -> tuple[Measurement, ...] | None:
    """``measure`` of a one-off measurement (no live totals) of a ticket whose priority never
    changed and that one policy governed throughout (most tickets); ``None``: not that case.

    The same clocks in the same order as ``clocks``, each measured by ``_measure_one``: a
    metric without a target at the ticket's priority is skipped before its cycles are built.
    """
    now = facts.policy
    if now < 0:
        return ()
    policy = facts.policies[now]
    metrics, reopen = policy._metrics, policy.reopen
    if policy.calendar_from is not None:
        # The calendar comes from fields no event changes: the ticket as it is now.
        policy = policy.for_ticket(facts.ticket)
    if policy.pause_labels and len(facts.labels) > 1:
        return None  # the source's own statuses pause too: the general path
    prio = facts.priorities[0][1]
    index = policy._plain
    out: list[Measurement] = []
    for metric in metrics:
        hit = index.get((prio, metric))
        if hit is None:
            continue
        for i, (start, stop) in enumerate(_cycles(facts, metric, reopen, ended)):
            at = None if stop is None else stop[0]
            out.append(_measure_one(policy, facts, horizon, metric, i, start, at, prio, hit))
    return tuple(out)


def policies_of(policy_or_set: SLAPolicy | PolicySet) -> tuple[SLAPolicy, ...]:
    """The ordered policies a ticket is matched against (one, for a single policy)."""
    if isinstance(policy_or_set, PolicySet):
        return policy_or_set.policies
    if isinstance(policy_or_set, SLAPolicy):
        return (policy_or_set,)
    raise InputTypeError(f"expected an SLAPolicy or PolicySet, got {type(policy_or_set).__name__}")


def fold(
    policies: tuple[SLAPolicy, ...],
    history: TicketHistory,
    horizon: datetime,
    created: datetime | None = None,
) -> ClockFacts:
    """The engine's facts after every event of ``history`` up to ``horizon`` (UTC).

    ``created``: the ticket's creation instant in UTC, when the caller has it already.
    """
    facts = ClockFacts(history.ticket, policies, created)
    handlers = HANDLERS
    at = facts.last
    for ev in history.events:
        t = ev.at.astimezone(UTC)
        if t > horizon:
            break
        at = t
        handler = handlers.get(type(ev))
        if handler is None:
            handler = handler_for(type(ev))
        handler(facts, ev, t)
    facts.last = at
    return facts


def evaluate(
    policy_or_set: SLAPolicy | PolicySet, history: TicketHistory, at: datetime | None = None
) -> tuple[Measurement, ...]:
    """Measure ``history`` against a policy (or the first matching policy of a set).

    The ticket is matched against the policies again whenever an event changes a field a
    condition can read (priority, group, assignee): a running clock is measured under the
    policy that applies now, a stopped one under the policy that applied when it stopped.
    Events at one instant apply in their recorded order. This is the live engine
    ([`TicketSLA`][servicemodel.sla.TicketSLA]) folded over the history.

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
    policies = policies_of(policy_or_set)
    try:
        last = history.last_event_at.astimezone(UTC)
        created = history.ticket.created_at.astimezone(UTC)
    except OverflowError:  # a history holding an instant past the datetime years
        require_instant(history.ticket.created_at, "created_at")
        require_instant(history.last_event_at, "last event at")
        raise
    horizon = last if at is None else require_instant(at, "at").astimezone(UTC)
    if horizon < created:
        return ()
    if lost_facts(history):
        # A summary export's history lacks the status intervals and later replies: a policy
        # that needs them refuses (PartialHistoryError) rather than measuring what is not there.
        # Imported here: only partial histories need the summary reader's rules.
        from servicemodel.io.summary import require_for_policy

        for policy in policies:
            if policy.applies_to(history):
                require_for_policy(history, policy)
    # Nothing happens after a horizon at or past the last event: the history has ended.
    return measure(fold(policies, history, horizon, created), horizon, horizon >= last)


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
