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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, cast

from servicemodel._config import safe_repr
from servicemodel.calendar import CalendarLike
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    InputTypeError,
    PartialHistoryError,
    require_instant,
)
from servicemodel.model import Event, TicketHistory, lost_facts
from servicemodel.model._shared import utc_instants
from servicemodel.sla._clock import ClockInterval, Memo, Track, clock_add, clock_elapsed
from servicemodel.sla._facts import HANDLERS, ClockFacts, Stop, handler_for
from servicemodel.sla._labels import minus_labels
from servicemodel.sla._measurement import Measurement, MeasurementState, Metric, built
from servicemodel.sla._plain import cycles, measure_plain
from servicemodel.sla._policy import PolicySet, SLAPolicy, Target
from servicemodel.sla._prio_labels import TargetKey, category, keyed
from servicemodel.sla._runs import open_end, running_intervals, tracked_intervals

__all__ = [
    "Clock",
    "clocks",
    "evaluate",
    "evaluate_many",
    "evaluations",
    "fold",
    "measure",
    "measure_clock",
    "policies_of",
]


#: The handler of the event kinds that change no clock (``fold`` skips the call).
_no_clock = ClockFacts._other


def _keys(policy: SLAPolicy, facts: ClockFacts) -> Sequence[tuple[datetime, TargetKey]]:
    """The priority timeline, each entry with the key of the targets it is measured by."""
    if facts.plabels is None or not policy._labels:  # no names, or no targets for any
        return facts.priorities
    return keyed(policy, facts.priorities, facts.plabels)


def _when(entry: tuple[datetime, Any]) -> datetime:
    return entry[0]


def _matched_at(entry: Stop) -> datetime:
    return entry[0]


def _priority_segments(
    prios: Sequence[tuple[datetime, TargetKey]], n: int, start: datetime, end: datetime
) -> list[tuple[TargetKey, datetime, datetime]]:
    """``(priority, since, until)`` pieces covering ``[start, end]``, the last one up to ``end``.

    Only the first ``n`` timeline entries count (the changes applied before the clock
    stopped). Several changes at one instant leave only the last: the stretches between them
    last no time, so no target was ever in force over them.
    """
    # The changes up to ``start`` only set the priority in force at it: skip them by bisection,
    # so the many cycles of a long reply history do not rescan the timeline from creation.
    first = min(max(bisect_right(prios, start, hi=n, key=_when), 1), n)
    current = prios[first - 1][1]
    since = start
    out: list[tuple[TargetKey, datetime, datetime]] = []
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
    CalendarLike,
    TargetKey,
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
    since: datetime | None = None,
) -> Measurement | None:
    """Measure one run of a clock against the targets in force while it ran.

    ``since``: when ``policy`` came into force for the clock, if after its start (the ticket
    was matched to it again): its targets apply from then, as a priority change's do.
    """
    if stopped is None:
        stop, end, n = None, horizon, len(facts.priorities)
    else:
        stop, n = stopped[0], stopped[1]
        end = stop
    index = policy._index
    prios = _keys(policy, facts)
    first = start if since is None or since <= start else since
    if n == 1:
        # The priority never changed (most tickets): one segment, one lookup.
        prio = prios[0][1]
        if (prio, metric) not in index:
            return None
        segments = [(prio, first, end)]
    else:
        segments = _priority_segments(prios, n, first, end)
        if metric not in _REPLY_METRICS:
            segments = _reopened(facts, segments, n, end)
        if all((p, metric) not in index for p, _, _ in segments):
            return None
    paused = policy._paused[metric]
    memo = facts.memo
    track: Track | None = None
    if memo is not None and stop is None:
        counted, status_at_end, track = tracked_intervals(memo, facts.statuses, paused, start, end)
    else:
        closed, status_at_end = running_intervals(facts.statuses, paused, start, end)
        counted = cast(list[ClockInterval], closed)
    running = stop is None and status_at_end not in paused
    if policy.pause_labels and facts.labelled:  # the source's own statuses pause too
        counted, label_paused = minus_labels(counted, facts.labels, policy.pause_labels, end)
        running = running and not label_paused
        track = None
    projected = open_end(counted, end)
    spans = projected if stop is not None or running else tuple(counted)
    if track is not None:
        assert memo is not None
        memo.register(track, counted, projected, spans)
    verdict = _verdict(index, metric, segments, counted, projected, end, stop, running, memo)
    if verdict is None:
        return None
    state, target, cal, key, since, due, elapsed, breached = verdict
    prio = category(key)
    # Positional, and one call per clock: this runs for every clock of every ticket.
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


_REPLY_METRICS = frozenset({Metric.FIRST_REPLY, Metric.NEXT_REPLY, Metric.PERIODIC_UPDATE})


def _from(facts: ClockFacts, metric: Metric, k: int, end: datetime) -> datetime:
    """When the policy matched by ``facts.matches[k]`` applies to a clock of ``metric`` that
    runs up to ``end`` (see ``_reopened``)."""
    since = facts.matches[k][0]
    if metric in _REPLY_METRICS:
        return since
    return facts.in_force_from(since, end, k in facts.held_matches)


def _reopened(
    facts: ClockFacts,
    segments: list[tuple[TargetKey, datetime, datetime]],
    n: int,
    end: datetime,
) -> list[tuple[TargetKey, datetime, datetime]]:
    """``segments`` with each target set while solved in force from the reopen, as live.

    A stretch whose target was replaced again before the reopen was never in force: dropped.
    ``n``: the priority entries the clock saw (see ``_priority_segments``).
    """
    out = [segments[0]]
    last = len(segments) - 1
    for k, (prio, since, until) in enumerate(segments[1:], 1):
        since = facts.in_force_from(since, end, facts.held_at(since, n))
        if since < until or k == last:
            out.append((prio, since, until))
    return out


def _verdict(
    index: dict[tuple[TargetKey, Metric], tuple[Target, CalendarLike]],
    metric: Metric,
    segments: list[tuple[TargetKey, datetime, datetime]],
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


#: One clock of a ticket: the policy it is measured under, its metric, cycle number, start,
#: stop (``None``: running) and when that policy came into force for it (``None``: from its
#: start).
Clock = tuple[SLAPolicy, Metric, int, datetime, Stop | None, datetime | None]


def _for_ticket(facts: ClockFacts, which: int) -> SLAPolicy:
    policy: SLAPolicy = facts.policies[which]
    if policy.calendar_from is not None:
        # The calendar comes from fields no event changes: the ticket as it is now.
        policy = policy.for_ticket(facts.ticket)
    return policy


def _in_force(
    facts: ClockFacts, metric: Metric, cycle: int, start: datetime, stop: Stop | None, which: int
) -> tuple[int, datetime | None]:
    """The policy a clock of a ticket matched again is measured under, and since when
    (``None``: from the clock's start; a match made while solved applies from the reopen).

    ``which`` (the policy at the clock's stop, or now) from when the ticket was last matched
    to it; but a breach is final, as under a priority change: a clock that overran the
    target of a policy in force before is measured under that policy, from when it came
    into force.
    """
    matches = facts.matches
    end = stop[0] if stop is not None else facts.last
    k = bisect_right(matches, end, key=_matched_at) - 1
    while k > 0 and matches[k][2] != which:
        k -= 1  # a match recorded after the stop, at its instant
    if k < 0 or matches[k][2] != which:
        return which, None  # the set changed since: in force from the start, as before
    for j in range(k):
        at, _, q = matches[j]
        until, n, _ = matches[j + 1]
        if until <= start or q < 0:
            continue
        since = _from(facts, metric, j, until) if at > start else None
        before = _measure(
            _for_ticket(facts, q), facts, until, metric, cycle, start, (until, n, q), since
        )
        if before is not None and before.state is MeasurementState.BREACHED:
            return q, since
    return which, _from(facts, metric, k, end) if matches[k][0] > start else None


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
        # A ticket no policy matches now reads its reopens as the last policy it matched did:
        # leaving every policy neither stops a clock nor runs a stopped one again.
        last = next((q for _, _, q in reversed(facts.matches) if q >= 0), now)
        reopen = policies[last].reopen if last >= 0 else "final"
    out: list[Clock] = []
    for metric in metrics:
        for i, (start, stop) in enumerate(cycles(facts, metric, reopen, ended)):
            if stop is None:
                which = now
            elif since is not None and stop[0] < since:
                continue
            else:
                which = stop[2]
            # Not ``since``: that is the cut-off for every clock of the loop.
            in_force = None
            if facts.matches:
                # Also for a ticket no policy matches now: a clock that overran the target
                # of a policy in force before stays breached under it (a breach is final,
                # as when a priority without a target follows a breach).
                which, in_force = _in_force(facts, metric, i, start, stop, which)
            if which < 0:
                continue
            out.append((_for_ticket(facts, which), metric, i, start, stop, in_force))
    return out


def measure_clock(facts: ClockFacts, clock: Clock, horizon: datetime) -> Measurement | None:
    """One clock of ``facts`` measured at ``horizon`` (``None``: no target applies)."""
    policy, metric, cycle, start, stop, since = clock
    return _measure(policy, facts, horizon, metric, cycle, start, stop, since)


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
        plain = measure_plain(facts, horizon, ended)
        if plain is not None:
            return plain
    out: list[Measurement] = []
    for policy, metric, i, start, stop, in_force in clocks(facts, ended, since):
        m = _measure(policy, facts, horizon, metric, i, start, stop, in_force)
        if m is not None:
            out.append(m)
    return tuple(out)


def policies_of(
    policy_or_set: SLAPolicy | PolicySet, name: str = "policy_or_set"
) -> tuple[SLAPolicy, ...]:
    """The ordered policies a ticket is matched against (one, for a single policy).

    Anything else is an ``InputTypeError`` naming the argument (``name``) and its value, with
    the fix for the usual mistakes: a policy file's text or table, a list of policies.
    """
    if isinstance(policy_or_set, PolicySet):
        return policy_or_set.policies
    if isinstance(policy_or_set, SLAPolicy):
        return (policy_or_set,)
    if isinstance(policy_or_set, str | bytes | Mapping):
        hint = (
            "; read a policy file's text or table first, with PolicySet.from_toml, "
            "from_json or from_dict"
        )
    elif isinstance(policy_or_set, list | tuple) and all(
        isinstance(p, SLAPolicy) for p in policy_or_set
    ):
        hint = "; give several policies as PolicySet([...]) (the first that matches applies)"
    else:
        hint = ""
    raise InputTypeError(
        f"{name}: expected an SLAPolicy or PolicySet, got {type(policy_or_set).__name__} "
        f"{safe_repr(policy_or_set)}{hint}"
    )


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
    events = history.events
    ats = utc_instants(history)  # kept when the history was built: not converted again
    instants = _utc_ats(events) if ats is None else _after_first(ats)
    for ev, t in zip(events, instants, strict=True):
        if t > horizon:
            break
        at = t
        handler = handlers.get(type(ev))
        if handler is None:
            handler = handler_for(type(ev))
        if handler is not _no_clock:  # notes and ratings change no clock: no call
            handler(facts, ev, t)
    facts.last = at
    return facts


def _utc_ats(events: tuple[Event, ...]) -> Iterator[datetime]:
    """Each event's instant in UTC, converted as it is read."""
    for ev in events:
        yield ev.at.astimezone(UTC)


def _after_first(instants: tuple[datetime, ...]) -> Iterator[datetime]:
    """The events' instants of ``utc_instants`` (the creation instant comes first)."""
    found = iter(instants)
    next(found)
    return found


def evaluate(
    policy_or_set: SLAPolicy | PolicySet,
    history: TicketHistory,
    at: datetime | None = None,
    *,
    partial: Literal["refuse", "leave_out"] = "refuse",
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

    A partial history (see [`lost_facts`][servicemodel.model.lost_facts]) whose policy needs
    a fact it lacks is refused with ``PartialHistoryError`` (``partial="refuse"``, the
    default); ``partial="leave_out"`` measures it on the clocks it can run instead (see
    [`SLALeftOut`][servicemodel.sla.SLALeftOut], which also counts the ones left out).

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})
        >>> h = TicketHistory(Ticket("T", t0), [AgentReply("r", t0 + timedelta(hours=1))])
        >>> [(m.metric, m.state) for m in evaluate(p, h)]  # a reply exactly at the deadline
        [(<Metric.FIRST_REPLY: 'first_reply'>, <MeasurementState.ACHIEVED: 'achieved'>)]
    """
    if not isinstance(partial, str) or partial != "refuse":  # (an array compares per element)
        from servicemodel.sla._partial import SLALeftOut, partial_mode

        if partial_mode(partial) == "leave_out":
            return SLALeftOut.empty(policy_or_set, at=at).evaluate(history)
    _check_history(history)
    return _evaluate(policies_of(policy_or_set), history, at, None)


def _check_history(history: Any) -> None:
    if not isinstance(history, TicketHistory):
        raise InputTypeError(f"history: expected a TicketHistory, got {type(history).__name__}")


def _check_histories(histories: Any) -> None:
    if isinstance(histories, TicketHistory) or not isinstance(histories, Iterable):
        raise InputTypeError(
            f"histories: expected an iterable of TicketHistory, got {type(histories).__name__} "
            f"{safe_repr(histories)} (a single history: put it in a list)"
        )


class OnceEach:
    """The ticket ids met so far in one stream, refusing one met again: a ticket counted twice
    counts twice in every figure built on it.

    ``check(tid, i)`` remembers ``tid`` or, met before, raises a ``ConfigError`` naming it at
    ``{where}[{i}]`` and saying what it would count twice in (``counted``). The ids are kept
    exactly, in memory that stops growing (spilled to disk past a threshold, as the streaming
    readers keep theirs); ``close`` (or the ``with`` block) removes the spill.

    Examples:
        >>> with OnceEach() as once:
        ...     once.check("A", 0)
        ...     once.check("A", 1)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: histories[1]: ticket 'A' appears twice in histories: each ticket is measured once (a repeated one would count twice in every attainment); keep one history per ticket, its latest
    """  # noqa: E501

    __slots__ = ("_counted", "_done", "_known", "_remember", "_seen", "_where")

    def __init__(
        self,
        where: str = "histories",
        *,
        done: str = "measured",
        counted: str = "every attainment",
    ) -> None:
        from servicemodel.io._shared import SeenIds  # (only the streams that check need it)

        self._seen = SeenIds()
        self._known, self._remember = self._seen.ops()
        self._where, self._done, self._counted = where, done, counted

    def check(self, tid: str, i: int) -> None:
        """Remember ``tid``, the ``i``-th item; a ``ConfigError`` if it was met before."""
        if self._known(tid):
            raise ConfigError(
                f"ticket {safe_repr(tid)} appears twice in {self._where}: each ticket is "
                f"{self._done} once (a repeated one would count twice in {self._counted}); "
                "keep one history per ticket, its latest",
                path=f"{self._where}[{i}]",
            )
        self._remember(tid)

    def close(self) -> None:
        """Remove the ids' spill (if any); nothing is remembered after this."""
        self._seen.close()

    def __enter__(self) -> OnceEach:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def once_each(histories: Iterable[Any], where: str = "histories") -> Iterator[Any]:
    """``histories`` as given, refusing a ticket id met before (a ``ConfigError`` naming it at
    ``{where}[i]``, see ``OnceEach``). An item that is no history passes through, for the
    caller's own check to name.
    """
    with OnceEach(where) as once:
        for i, history in enumerate(histories):
            if isinstance(history, TicketHistory):
                once.check(history.ticket.id, i)
            yield history


def _evaluate(
    policies: tuple[SLAPolicy, ...],
    history: TicketHistory,
    at: datetime | None,
    at_utc: datetime | None,
) -> tuple[Measurement, ...]:
    """``evaluate`` of a checked history; ``at_utc``: ``at`` already checked, in UTC."""
    ats = utc_instants(history)
    try:
        if ats is None:
            last = history.last_event_at.astimezone(UTC)
            created = history.ticket.created_at.astimezone(UTC)
        else:
            last, created = ats[-1], ats[0]
    except OverflowError:  # a history holding an instant past the datetime years
        require_instant(history.ticket.created_at, "created_at")
        require_instant(history.last_event_at, "last event at")
        raise
    if at is None:
        horizon = last
    elif at_utc is not None:
        horizon = at_utc
    else:
        horizon = require_instant(at, "at").astimezone(UTC)
    if horizon < created:
        return ()
    partial = bool(lost_facts(history))
    if partial:
        _require_facts(policies, history, None)
    facts = fold(policies, history, horizon, created)
    if partial and facts.matches:
        _require_facts(policies, history, facts)
    # Nothing happens after a horizon at or past the last event: the history has ended.
    try:
        return measure(facts, horizon, horizon >= last)
    except CalendarError as exc:  # a deadline past the range, a 200-year search: which ticket
        raise naming_ticket(exc, history.ticket.id, created, last, "measured at", horizon) from None


def naming_ticket(
    exc: CalendarError, ticket_id: str, created: datetime, last: datetime, what: str, at: datetime
) -> CalendarError:
    """``exc`` (of the same class) saying which ticket, and which instants, it is about.

    A calendar query fails on a deadline past the supported range or a search of 200 years,
    most often because an event was stamped far from the others (a bogus timestamp): the
    ticket's creation and last event show which. ``what`` says what ``at`` is ("measured at").
    """
    message = (
        f"ticket {safe_repr(ticket_id)} (created {created.isoformat()}, last event at "
        f"{last.isoformat()}), {what} {at.isoformat()}: {exc}"
    )
    try:
        return type(exc)(message)
    except Exception:  # a subclass with another constructor: keep the error as it was
        return exc


def _require_facts(
    policies: tuple[SLAPolicy, ...], history: TicketHistory, facts: ClockFacts | None
) -> None:
    """Refuse a partial history (``PartialHistoryError``) that a policy needs lost facts of.

    A summary export's history lacks the status intervals and later replies: a policy that
    needs them refuses rather than measuring what is not there. Without ``facts``, the
    policies matching the ticket as created; with them, the policies it was matched to later,
    after a priority or assignment change.
    """
    # Imported here: only partial histories need the summary reader's rules.
    from servicemodel.io.summary import require_for_policy

    try:
        if facts is None:
            for policy in policies:
                if policy.applies_to(history):
                    require_for_policy(history, policy)
            return
        for _, _, q in facts.matches:
            if q >= 0:
                require_for_policy(history, policies[q])
    except PartialHistoryError as exc:  # say how to leave it out: the option of this call
        raise PartialHistoryError(
            f'{exc} (partial="leave_out" measures it on the clocks it can run; '
            "sla.SLALeftOut counts what it leaves out)",
            lost=exc.lost,
        ) from None


def evaluate_many(
    policy_or_set: SLAPolicy | PolicySet,
    histories: Iterable[TicketHistory],
    at: datetime | None = None,
    *,
    partial: Literal["refuse", "leave_out"] = "refuse",
) -> Iterator[Measurement]:
    """Stream the measurements of many histories, holding one ticket at a time.

    ``partial`` as in ``evaluate``: ``"leave_out"`` measures each partial history on the
    clocks it can run (count what it left out with [`SLALeftOut`][servicemodel.sla.SLALeftOut]).

    Raises:
        ConfigError: a ticket id appears twice among the histories (``path`` names the second,
            ``histories[i]``): its measurements would count twice in every attainment built
            on them. The measurements of the tickets before it have been yielded.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})
        >>> hs = (TicketHistory(Ticket(f"T{i}", t0), []) for i in range(3))
        >>> [m.ticket_id for m in evaluate_many(p, hs)]
        ['T0', 'T1', 'T2']
    """
    for measurements in evaluations(policy_or_set, histories, at, partial=partial):
        yield from measurements


def evaluations(
    policy_or_set: SLAPolicy | PolicySet,
    histories: Iterable[TicketHistory],
    at: datetime | None = None,
    *,
    partial: Literal["refuse", "leave_out"] = "refuse",
) -> Iterator[tuple[Measurement, ...]]:
    """``evaluate`` of each history in turn, the policies and ``at`` checked once.

    The first history is evaluated as ``evaluate`` does (which checks the policies and
    ``at``, raising its errors there); the others reuse what it checked. ``partial`` as in
    ``evaluate``.
    """
    _check_histories(histories)
    if not isinstance(partial, str) or partial != "refuse":  # (an array compares per element)
        from servicemodel.sla._partial import SLALeftOut, partial_mode

        if partial_mode(partial) == "leave_out":
            yield from SLALeftOut.empty(policy_or_set, at=at).evaluations(histories)
            return
    policies: tuple[SLAPolicy, ...] | None = None
    at_utc = None
    for history in once_each(histories):
        if policies is None:
            yield evaluate(policy_or_set, history, at)
            policies = policies_of(policy_or_set)
            at_utc = None if at is None else at.astimezone(UTC)
        else:
            _check_history(history)
            yield _evaluate(policies, history, at, at_utc)
