"""Private: the engine's fast path -- one-off measurements of the usual ticket.

Most tickets keep their priority, stay under one policy and are measured once (the batch
[`evaluate`][servicemodel.sla.evaluate], not the live state): then every clock has one target
in force from start to stop, and ``measure_plain`` measures it with each open time computed
once (``_clock.elapsed_and_due``). The answer is the general path's (``_engine._measure``),
value for value; the tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from servicemodel.calendar import CalendarLike
from servicemodel.calendar._shared import Timeline
from servicemodel.errors import CalendarError, OutOfRangeError
from servicemodel.model import Priority, Status
from servicemodel.sla._clock import ClockInterval, elapsed_and_due, one_run, year_table
from servicemodel.sla._facts import ClockFacts, Cycle
from servicemodel.sla._measurement import Measurement, MeasurementState, Metric, built
from servicemodel.sla._policy import PlainClock, SLAPolicy
from servicemodel.sla._runs import open_end, running_intervals

__all__ = ["cycles", "measure_plain"]


_FIRST_REPLY, _NEXT_REPLY, _PERIODIC_UPDATE = (
    Metric.FIRST_REPLY,
    Metric.NEXT_REPLY,
    Metric.PERIODIC_UPDATE,
)
_RESOLVED = frozenset(s for s in Status if s.is_resolved)
#: The states, read once (an enum member lookup goes through its metaclass).
_BREACHED, _PAUSED, _ACHIEVED, _ACTIVE = (
    MeasurementState.BREACHED,
    MeasurementState.PAUSED,
    MeasurementState.ACHIEVED,
    MeasurementState.ACTIVE,
)


def cycles(facts: ClockFacts, metric: Metric, reopen: str, ended: bool) -> Sequence[Cycle]:
    """The runs of ``metric``'s clock: ``(start, stop)``, in order."""
    # Hot (every metric of every ticket): ``facts.reply_cycles`` and ``facts.status`` inline.
    if metric is _FIRST_REPLY:
        return ((facts.created, facts.first_stop),)
    if metric is _NEXT_REPLY:
        at = facts.next_open
        return facts.next_reply if at is None else [*facts.next_reply, (at, None)]
    if metric is _PERIODIC_UPDATE:
        at = facts.periodic_open
        return facts.periodic if at is None else [*facts.periodic, (at, None)]
    if reopen == "first":
        return ((facts.created, facts.first_solve),)
    if ended and facts.statuses[-1][1] in _RESOLVED:
        # The history has ended resolved: its last resolution is the final one.
        return ((facts.created, facts.last_solve),)
    return ((facts.created, None),)


def measure_plain(
    facts: ClockFacts, horizon: datetime, ended: bool
) -> tuple[Measurement, ...] | None:
    """``measure`` of a one-off measurement (no live totals) of a ticket whose priority never
    changed and that one policy governed throughout (most tickets); ``None``: not that case.

    The same clocks in the same order as ``_engine.clocks``, each measured by ``_measure_one``: a
    metric without a target at the ticket's priority is skipped before its cycles are built.
    """
    now = facts.policy
    if now < 0:
        return ()
    policy = facts.policies[now]
    reopen = policy.reopen
    if policy.calendar_from is not None:
        # The calendar comes from fields no event changes: the ticket as it is now.
        policy = policy.for_ticket(facts.ticket)
    if policy.pause_labels and facts.labelled:
        return None  # the source's own statuses pause too: the general path
    prio = facts.priorities[0][1]
    # The key of the ticket's targets: its priority, or a source's priority name with its own.
    key = prio if facts.plabels is None else policy.target_key(prio, facts.plabels[0])
    out: list[Measurement] = []
    cal = table = paused = None
    pauses: list[tuple[datetime, datetime]] = []
    for plain in policy._plain.get(key, ()):  # the metrics with a target at ``key``, in order
        if plain[2] is not cal:  # the metrics of a policy mostly share one calendar
            # Once per calendar, not per clock (``None``: not a business calendar's table).
            cal = plain[2]
            table = year_table(cal, plain[4])
        if plain[3] is not paused:  # and mostly one set of pausing statuses
            paused = plain[3]
            pauses = _pauses(facts.statuses, paused)
        for i, (start, stop) in enumerate(cycles(facts, plain[0], reopen, ended)):
            at = None if stop is None else stop[0]
            out.append(
                _measure_one(policy, facts, horizon, i, start, at, prio, plain, table, pauses)
            )
    return tuple(out)


def _pauses(
    statuses: list[tuple[datetime, Status]], paused: frozenset[Status]
) -> list[tuple[datetime, datetime]]:
    """The stretches ``[p, q)`` the status timeline spends in ``paused`` (``q`` is
    ``_NEVER`` for one still on), in order: one walk per ticket, shared by its clocks."""
    out: list[tuple[datetime, datetime]] = []
    since: datetime | None = None
    for t, status in statuses:
        if status in paused:
            if since is None:
                since = t
        elif since is not None:
            out.append((since, t))
            since = None
    if since is not None:
        out.append((since, _NEVER))
    return out


#: Later than any instant a timeline holds.
_NEVER = datetime.max.replace(tzinfo=UTC)


def _single_run(
    pauses: list[tuple[datetime, datetime]], start: datetime, end: datetime, stopped: bool
) -> datetime | None:
    """Where a clock from ``start`` to ``end`` began its one run, if it ran once, up to
    ``end``, and runs on past it (what ``running_intervals`` finds as ``[(a, end)]`` with a
    deadline); else ``None``. The run begins at ``start``, or where the pause holding
    ``start`` ends; the next pause must begin after ``end`` (at ``end``: a stopped clock).
    """
    for k in range(len(pauses)):
        p, q = pauses[k]
        if q > start:
            if p > start:
                a = start
            else:  # paused at ``start``: the run begins when this pause ends
                a = q
                p = pauses[k + 1][0] if k + 1 < len(pauses) else _NEVER
            return a if a < end and (p > end or (p == end and stopped)) else None
    return start if start < end else None


def _measure_one(
    policy: SLAPolicy,
    facts: ClockFacts,
    horizon: datetime,
    cycle: int,
    start: datetime,
    stop: datetime | None,
    prio: Priority,
    plain: PlainClock,
    table: Timeline | None,
    pauses: list[tuple[datetime, datetime]],
) -> Measurement:
    """``_measure`` of a one-off measurement under one target (no priority change, no pause
    by source labels): the general path's answer, each open time computed once.

    ``pauses``: the stretches the status timeline pauses this clock (``_pauses``).
    """
    end = horizon if stop is None else stop
    metric, target, cal, paused, how, within_us = plain
    within = target.within
    if pauses:
        run = _single_run(pauses, start, end, stop is not None)
    else:  # never paused (``_single_run`` of no pauses, inline: most tickets)
        run = start if start < end else None
    if run is not None:
        # One run up to ``end`` (most clocks), and the clock runs on past it.
        project = True
        spans: tuple[ClockInterval, ...] = ((run, None),)
        if table is None:
            elapsed, due = elapsed_and_due(cal, ((run, end),), end, within, True, how, within_us)
        else:
            elapsed, due = _one(table, cal, run, end, within, how, within_us)
    else:
        counted, status_at_end = running_intervals(facts.statuses, paused, start, end)
        # Whether the clock runs on past ``end`` (stopped, or running now): then it has a
        # deadline.
        project = stop is not None or status_at_end not in paused
        elapsed, due, spans = _count(table, cal, counted, end, within, project, how, within_us)
    breached = achieved = None
    if elapsed > within:
        state = _BREACHED
        assert due is not None
        breached = due if due >= start else start
    elif not project:
        state = _PAUSED
    elif stop is not None:
        state, achieved = _ACHIEVED, stop
    else:
        state = _ACTIVE
    return built(
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
        achieved,
        breached,
        cycle,
        policy.warn_at,
        cal,
        spans,
        start,
    )


def _one(
    table: Timeline,
    cal: CalendarLike,
    start: datetime,
    end: datetime,
    within: timedelta,
    how: int,
    within_us: int,
) -> tuple[timedelta, datetime | None]:
    """``_count`` of a clock that ran once from ``start`` up to ``end`` and runs on."""
    try:
        return one_run(table, start, end, within_us, True)
    except (OutOfRangeError, CalendarError):
        pass  # out of the common case: elapsed_and_due answers (or raises) as always
    return elapsed_and_due(cal, ((start, end),), end, within, True, how, within_us)


def _count(
    table: Timeline | None,
    cal: CalendarLike,
    counted: list[tuple[datetime, datetime]],
    end: datetime,
    within: timedelta,
    project: bool,
    how: int,
    within_us: int,
) -> tuple[timedelta, datetime | None, tuple[ClockInterval, ...]]:
    """``elapsed_and_due`` and the measurement's spans (``open_end(counted, end)`` when the
    clock runs on, else ``counted``); a single run up to ``end`` (most clocks) on ``table``
    directly, its spans built as they are."""
    if len(counted) == 1 and counted[0][1] == end:
        run = counted[0]
        spans: tuple[ClockInterval, ...] = ((run[0], None),) if project else (run,)
        if table is not None:
            try:
                return (*one_run(table, run[0], end, within_us, project), spans)
            except (OutOfRangeError, CalendarError):
                pass  # out of the common case: elapsed_and_due answers (or raises) as always
    else:
        spans = open_end(counted, end) if project else tuple(counted)
    return (*elapsed_and_due(cal, counted, end, within, project, how, within_us), spans)
