"""Report section: each SMART goal's status, computed from ticket histories.

For every goal, the KPI series is computed from the histories with the accumulators of
[`servicemodel.kpi`][servicemodel.kpi] over the goal's periods (``day``, ``week`` or ``month``
in the time zone of its start, from its start to its deadline), restricted to its segment,
and the goal is evaluated at ``at`` with
[`SmartGoal.evaluate`][servicemodel.goals.SmartGoal.evaluate].

KPIs: ``first_reply_time`` and ``resolution_time`` (statistic ``mean``, ``median`` or ``pNN``
with NN below 100 -- ``p100``, the longest time, is refused: its Kaplan-Meier estimate is
undefined while the longest wait is still open; unit ``s``, ``min``, ``h`` or ``d``, default
``h``; a ticket counts in the period it was created), ``csat`` (statistic ``share`` of
satisfied ratings, each judged on its own scale
as in the KPI section -- 4-5 of 1-5, 6-7 of 1-7, "good" of good/bad -- default, or ``mean``
of ratings on 1-5; a rating counts in the period it was given, and only a ticket's latest rating),
``nps`` (points; by rating time, latest rating per ticket), ``reopen_rate`` and
``resolution_rate`` (shares; by creation). Segments: ``channel``, ``priority``, ``group``,
``agent`` (as the ticket stood at the snapshot) and ``tag``.

The data are read as they stood at ``min(at, deadline)``: events after it are ignored, so
evaluating at a past instant gives the answer the report would have given then (a ticket
still waiting for its first reply is censored, not counted with a reply it got later).
Median and percentile times are Kaplan-Meier estimates (open tickets censored at that
instant); a ``mean`` time has no such estimate with censoring and is over finished tickets
only, which the goal's ``treatment`` says.

Partial periods (see ``_partial``: not covered completely by the data, or with 5 % or more
of their tickets still waiting for what the KPI measures) are shown in the series but left
out of the evaluation: the latest value, the progress and the trend line stand on complete
periods only, and ``GoalReport.treatment`` says which periods were left out.

A partial history (see [`lost_facts`][servicemodel.model.lost_facts]) lacking what the goal's
KPI needs (a first reply, the solve, the reopens) is left out of the series and counted: each
period's estimate counts it in ``missing`` and says so in its method, and the treatment
starts with "3 tickets left out: partial history (lost: first_reply)". Left out is what the
KPI refuses, as in the report's KPI section: the reopen rate keeps a ticket known reopened
and counts an unsolved one nowhere, though both lack their reopens. A goal whose figure
stands on no ticket while some were left out cannot be measured on the export: a
``PartialHistoryError`` naming the goal.

A share target (``csat``, ``reopen_rate``, ``resolution_rate``) outside ``[0, 1]`` is a
``ConfigError`` (90 % is written 0.9), and so is a segment value that never occurs in the
data (the message lists the values that do) unless ``allow_unknown_segments``, which makes it
a warning.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.goals import SmartGoal
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> t0 = datetime(2026, 8, 3, 9, tzinfo=timezone.utc)
    >>> hs = [TicketHistory(Ticket(f"T{d}", t0 + timedelta(days=d)),
    ...                     [AgentReply("r", t0 + timedelta(days=d, hours=3 - d / 40))])
    ...       for d in range(0, 28, 2)]
    >>> goal = SmartGoal(name="replies", kpi="first_reply_time", statistic="mean", unit="h",
    ...                  comparator="<", target=2, baseline=3, objective="speed",
    ...                  start=t0.replace(hour=0), deadline=t0 + timedelta(weeks=8))
    >>> section = build_goals(hs, [goal], at=t0 + timedelta(weeks=4))
    >>> section.goals[0].status.status
    <GoalState.ON_TRACK: 'on_track'>
    >>> section.goals[0].goal.describe()
    'mean first_reply_time < 2 h by 2026-09-28 (baseline 3 h)'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import attrs

from servicemodel._validators import require_type
from servicemodel.errors import ConfigError, InputTypeError, PartialHistoryError, require_instant
from servicemodel.goals import GoalStatus, SmartGoal
from servicemodel.kpi import (
    CSAT,
    NPS,
    Estimate,
    FirstReplySurvival,
    FirstReplyTime,
    Periods,
    Ratings,
    ReopenRate,
    ResolutionRate,
    ResolutionSurvival,
    ResolutionTime,
    periods,
)
from servicemodel.model import TicketHistory, require_facts
from servicemodel.model._shared import utc_instants
from servicemodel.report._checks import histories_of
from servicemodel.report._document import GoalReport, GoalsSection, SeriesPoint
from servicemodel.report._goal_checks import (
    KPIS,
    TIME_KPIS,
    check_segments,
    segment_filter,
    statistic_of,
    unit_of,
)
from servicemodel.report._left_out import Supported, lacking, left_out_text, reopen_known
from servicemodel.report._partial import PartialRule
from servicemodel.report._select import snapshot

__all__ = ["KPIS", "build_goals", "goal_series"]


#: The KPIs this report can compute, with the unit their targets are in by default.
def _zone_name(tz: tzinfo | None, when: datetime) -> str:
    key = getattr(tz, "key", None)
    if isinstance(key, str):
        return key
    offset = when.utcoffset() or timedelta(0)
    # A zone without an IANA name whose offset changes (dateutil's tz.gettz("Europe/Berlin")):
    # its start's offset held for every period would count the weeks after a change an hour
    # off. (pytz zones, pandas 2's, are ZoneInfo by the time a goal holds them.)
    seasons = {datetime(when.year, month, 1, tzinfo=tz).utcoffset() for month in (1, 7)}
    if seasons - {offset}:
        raise ConfigError(
            f"the goal's start has a time zone with no IANA name ({type(tz).__name__}) whose "
            f"offset changes in {when.year}; give start a ZoneInfo time zone",
            path="start",
        )
    hours, rest = divmod(offset.total_seconds(), 3600)
    if rest:
        raise ConfigError(
            f"the goal's start has the fixed offset {offset}, which is not whole hours; "
            "give start a ZoneInfo time zone",
            path="start",
        )
    if hours == 0:
        return "UTC"
    # POSIX-style Etc zones count the other way: UTC+2 is Etc/GMT-2.
    return f"Etc/GMT{-int(hours):+d}"


def goal_series(
    histories: Sequence[TicketHistory],
    goal: SmartGoal,
    *,
    at: datetime | None = None,
    level: float = 0.95,
    where: str = "goal",
    finished_only: bool = False,
) -> tuple[Periods, dict[datetime, Estimate]]:
    """Compute ``goal``'s KPI series from ``histories``: period start -> estimate.

    The series is a true snapshot as of ``min(at, deadline)`` (the deadline when ``at`` is
    ``None``): tickets created after it are left out and every ticket is read as it stood
    then, so a ticket not yet replied to is censored (not counted in the reply time), a
    later reopen or rating is unknown, and of a ticket's ratings only the latest one given
    by then counts. Median and percentile times are Kaplan-Meier estimates (a ticket waiting
    at the snapshot is censored) unless ``finished_only``. ``where`` prefixes the path of
    a [`ConfigError`][servicemodel.errors.ConfigError] for a KPI, statistic, unit or segment
    the report does not support.

    Examples:
        >>> from servicemodel.report._goals import _doc_goal
        >>> p, series = goal_series([], _doc_goal())
        >>> len(series), p.unit
        (13, 'week')
    """
    histories = histories_of(histories)
    require_type(goal, SmartGoal, "goal")
    key, series, _, _ = _goal_data(
        histories, goal, at=at, level=level, where=where, finished_only=finished_only
    )
    return key, series


def _goal_data(
    histories: Sequence[TicketHistory],
    goal: SmartGoal,
    *,
    at: datetime | None,
    level: float,
    where: str,
    finished_only: bool = False,
) -> tuple[Periods, dict[datetime, Estimate], dict[Any, list[Any]], datetime]:
    """The series, the items of each period and the cutoff the data were read at."""
    stat = statistic_of(goal, where)
    unit = unit_of(goal, where, stat)
    start, deadline = goal.window
    key = periods(
        goal.period,  # type: ignore[arg-type]
        start,
        deadline,
        tz=_zone_name(start.tzinfo, start),
    )
    cutoff = deadline.astimezone(UTC)
    if at is not None:
        cutoff = min(require_instant(at, "at").astimezone(UTC), cutoff)
    wanted = segment_filter(goal, where)
    chosen = [
        seen
        for h in histories
        if h.created_at.astimezone(UTC) <= cutoff and wanted(seen := snapshot(h, cutoff))
    ]
    kpi = goal.kpi
    buckets = _buckets(chosen, key, kpi or "", stat)
    series: dict[datetime, Estimate] = {}
    for period, items in buckets.items():
        series[key.period_start(period)] = _estimate(
            kpi or "", stat, unit, items, level, as_of=cutoff, finished_only=finished_only
        )
    return key, series, buckets, cutoff


def _ratings_for(kpi: str, stat: str) -> Ratings:
    """The one reading of a survey's ratings for a goal (as in the report's KPI section).

    CSAT as a share: each rating satisfied or not on its own scale (0/1); CSAT as a mean: the
    scores, which must be on 1-5; NPS: the scores, which must be on 0-10. A rating on another
    scale is a ``ScaleError`` naming the ticket, never a silently wrong number.
    """
    if kpi == "nps":
        return Ratings.empty(NPS.empty())
    if stat == "mean":
        return Ratings.empty(CSAT.empty())
    return Ratings.satisfied_share()


def _buckets(
    chosen: list[TicketHistory], key: Periods, kpi: str, stat: str = ""
) -> dict[Any, list[Any]]:
    """Each period's items: rating values for csat and nps, else the histories themselves."""
    first, last = key.bounds()
    assert first is not None
    assert last is not None
    buckets: dict[Any, list[Any]] = {d: [] for d in key.range(first, last)}
    if kpi in ("csat", "nps"):
        reading = _ratings_for(kpi, stat)
        for h in chosen:
            # A customer who rates a ticket again has changed their mind: only the latest
            # rating counts (as servicemodel.kpi.Ratings does by default).
            for rating in h.ratings(kpi)[-1:]:
                period = key(rating)
                if period is not None:
                    buckets[period].extend(reading.scores(h))
    else:
        for h in chosen:
            period = key(h)
            if period is not None:
                buckets[period].append(h)
    return buckets


def _time_estimate(
    kpi: str, stat: str, unit: str, items: list[Any], level: float, as_of: datetime, km: bool
) -> Estimate:
    percentiles = (50.0, 90.0)
    if stat.startswith("p"):
        percentiles = (50.0, float(stat[1:]))
    acc: Any
    if km:
        # Kaplan-Meier: a ticket still waiting at the cutoff is censored, not dropped.
        survival = FirstReplySurvival if kpi == "first_reply_time" else ResolutionSurvival
        acc = survival.empty(as_of=as_of, unit=unit, percentiles=percentiles)
    elif kpi == "first_reply_time":
        acc = FirstReplyTime.empty(unit=unit, percentiles=percentiles)
    else:
        acc = ResolutionTime.empty(unit=unit, percentiles=percentiles)
    # A partial history lacking the clock's end is left out and counted (see ``_left_out``).
    needs = _GOAL_NEEDS[kpi]
    est: Estimate = Supported(acc, needs, kpi, (stat,)).add_many(items).result(level)[stat]
    return est


def _estimate(
    kpi: str,
    stat: str,
    unit: str,
    items: list[Any],
    level: float,
    *,
    as_of: datetime,
    finished_only: bool = False,
) -> Estimate:
    if kpi in TIME_KPIS:
        km = stat != "mean" and not finished_only
        return _time_estimate(kpi, stat, unit, items, level, as_of, km)
    if kpi in ("csat", "nps"):
        survey: Any = _ratings_for(kpi, stat).accumulator.add_many([round(s) for s in items])
        if kpi == "csat" and stat == "mean":
            return survey.result(level, statistic="mean")  # type: ignore[no-any-return]
        return survey.result(level)  # type: ignore[no-any-return]
    rate: Any = ReopenRate.empty() if kpi == "reopen_rate" else ResolutionRate.empty()
    return Supported(rate, _GOAL_NEEDS[kpi], kpi).add_many(items).result(level)  # type: ignore[no-any-return]


#: What each KPI computed from histories needs that a partial history may lack
#: (``servicemodel.model.lost_facts``): such a history is left out of the goal's series.
_GOAL_NEEDS: dict[str, frozenset[str]] = {
    "first_reply_time": frozenset({"first_reply"}),
    "resolution_time": frozenset({"resolution"}),
    "reopen_rate": frozenset({"reopens", "resolution"}),
    "resolution_rate": frozenset({"resolution"}),
}


#: The KPI a ticket lacking a fact of a rate goal's needs is tried on, as the goal's figure
#: (``Supported``) tries it: one the KPI accepts all the same is no loss to the figure.
_PROBES: dict[str, Any] = {
    "reopen_rate": ReopenRate.empty(),
    "resolution_rate": ResolutionRate.empty(),
}


def _lacks(history: TicketHistory, kpi: str | None, needs: frozenset[str]) -> frozenset[str]:
    """What ``history`` lacks of ``needs`` that leaves it out of the goal's figure."""
    return _sorted_out(history, kpi, needs)[0]


def _sorted_out(
    history: TicketHistory, kpi: str | None, needs: frozenset[str]
) -> tuple[frozenset[str], bool]:
    """What ``history`` lacks that leaves it out of the goal's figure, and whether the figure
    stands on it: the figure's own rule (``Supported``).

    A ticket lacking a fact is left out only where the KPI refuses it. The reopen rate accepts
    one known reopened though its reopens are lost (it counts it: the figure stands on it) and
    an unsolved one lacking them (counted nowhere, as a ticket never solved is): neither is
    left out, nor said to be.
    """
    found = lacking(history, needs)
    if not found:
        return found, True
    probe = _PROBES.get(kpi or "")
    if probe is None:
        return found, False
    try:
        probe.add(history)
    except PartialHistoryError:
        return found, False
    return frozenset(), reopen_known(history, found)


def _left_out(goal: SmartGoal, buckets: dict[Any, list[Any]]) -> tuple[int, frozenset[str]]:
    """How many of the goal's tickets lack what its KPI needs, and which facts they lack.

    When some do and the figure stands on none (as the figure reads "not available from this
    export"), the goal cannot be measured on this export: the error of the first such ticket
    says so (``build_goals`` names the goal).
    """
    needs = _GOAL_NEEDS.get(goal.kpi or "")
    if needs is None:  # a survey's ratings: nothing an export may lack
        return 0, frozenset()
    tickets = [h for items in buckets.values() for h in items if isinstance(h, TicketHistory)]
    sorted_out = [(h, *_sorted_out(h, goal.kpi, needs)) for h in tickets]
    lacking_ones = [(h, found) for h, found, _ in sorted_out if found]
    if lacking_ones and not any(used for _, _, used in sorted_out):
        require_facts(lacking_ones[0][0], needs, what=str(goal.kpi).replace("_", " "))
    lost: frozenset[str] = frozenset().union(*(found for _, found in lacking_ones))
    return len(lacking_ones), lost


def _default_at(histories: Sequence[TicketHistory]) -> datetime:
    if not histories:
        raise InputTypeError("build needs at= when there are no histories")
    # The latest in UTC (one ZoneInfo compares by wall clock, so a second 02:15 in a repeated
    # hour came before a first 02:45), returned as the history wrote it.
    return max(histories, key=_last_utc).last_event_at


def _last_utc(h: TicketHistory) -> datetime:
    ats = utc_instants(h)  # converted once, when the history was built
    return ats[-1] if ats is not None else h.last_event_at.astimezone(UTC)


def build_goals(
    histories: Sequence[TicketHistory],
    goals: Sequence[SmartGoal],
    *,
    at: datetime | None = None,
    strict: bool = False,
    level: float = 0.95,
    partial: PartialRule | None = None,
    finished_only: bool = False,
    allow_unknown_segments: bool = False,
    tz: tzinfo | None = None,
    include_partial: bool = False,
) -> GoalsSection:
    """Return the goals section: each goal, its series and its status at ``at``.

    ``at`` defaults to the last event in ``histories``; ``strict`` asks for the whole interval
    to meet the target (see [`SmartGoal.meets`][servicemodel.goals.SmartGoal.meets]).
    ``partial`` is the rule flagging partial periods (default: 5 % waiting); those are
    left out of the evaluation unless ``include_partial`` (they are flagged either way).
    ``finished_only`` computes median and percentile times over finished tickets only;
    ``allow_unknown_segments`` makes a segment value no ticket has a warning, not an error.
    ``tz`` is the zone ``at`` is shown in (default: as given).

    Examples:
        >>> from datetime import datetime, timezone
        >>> g = _doc_goal()
        >>> build_goals([], [g], at=g.window[0]).summary
        (('not_started', 1),)
    """
    when = _default_at(histories) if at is None else require_instant(at, "at")
    if tz is not None:
        when = when.astimezone(tz)  # the same instant, shown in the report's zone
    out: list[GoalReport] = []
    summary: dict[str, int] = {}
    for i, goal in enumerate(goals):
        if not isinstance(goal, SmartGoal):
            raise InputTypeError(f"goals[{i}]: expected a SmartGoal, got {type(goal).__name__}")
        options = _GoalOptions(
            when, strict, level, partial, finished_only, allow_unknown_segments, include_partial
        )
        try:
            report = _goal_report(histories, goal, f"goals[{i}]", options)
        except PartialHistoryError as exc:
            # The error names a ticket and a fact; say which goal asked for the figure.
            raise PartialHistoryError(
                f"goals[{i}]: goal {goal.name!r} ({goal.kpi}) cannot be measured on this export "
                f"(leave the goal out, or read a full export): {exc}"
            ) from None
        state = report.status.status.value
        summary[state] = summary.get(state, 0) + 1
        out.append(report)
    return GoalsSection(at=when, strict=strict, level=level, goals=tuple(out), summary=summary)


@attrs.frozen
class _GoalOptions:
    """The section's options, passed once per goal."""

    when: datetime
    strict: bool
    level: float
    partial: PartialRule | None
    finished_only: bool
    allow_unknown: bool
    include_partial: bool


def _goal_report(
    histories: Sequence[TicketHistory], goal: SmartGoal, where: str, opts: _GoalOptions
) -> GoalReport:
    problems = check_segments(histories, goal, where) if histories else ()
    if problems and not opts.allow_unknown:
        path, _, message = problems[0].partition(": ")
        raise ConfigError(message, path=path)
    key, series, buckets, cutoff = _goal_data(
        histories,
        goal,
        at=opts.when,
        level=opts.level,
        where=where,
        finished_only=opts.finished_only,
    )
    waiting = "not replied to" if goal.kpi == "first_reply_time" else "unresolved"
    rule = attrs.evolve(opts.partial or PartialRule(as_of=cutoff), as_of=cutoff, waiting=waiting)
    left_out, lost = _left_out(goal, buckets)
    needs = _GOAL_NEEDS.get(goal.kpi or "", frozenset())
    points = []
    for period, items in buckets.items():
        start = key.period_start(period)
        end = key.period_start(period + key.step)
        # A ticket left out of the figure (lacking what it needs) is not waiting for it either.
        tickets = [
            h for h in items if isinstance(h, TicketHistory) and not _lacks(h, goal.kpi, needs)
        ]
        still_open = sum(1 for h in tickets if _waiting(goal.kpi, h, cutoff))
        why = rule.reason(start, end, tickets=len(tickets), open_tickets=still_open)
        begins = start.astimezone(UTC)
        # A period beginning at the cutoff has begun (events at the cutoff have happened): a
        # ticket created then is in it, and its figure is partial. One beginning later, or at
        # the cutoff with nothing in it yet, has no value: nothing to flag.
        if begins > cutoff or (begins == cutoff and not items):
            why = None
        points.append(SeriesPoint(key.label(period), start, series[start], why))
    used = {p.start: p.estimate for p in points if opts.include_partial or p.partial is None}
    status: GoalStatus = goal.evaluate(used, at=opts.when, strict=opts.strict)
    unit = unit_of(goal, where, statistic_of(goal, where))
    return GoalReport(
        goal=goal,
        unit=unit,
        status=status,
        series=tuple(points),
        treatment=_treatment(
            goal, points, problems, opts, left_out_text(left_out, lost) if left_out else ""
        ),
    )


def _waiting(kpi: str | None, history: TicketHistory, cutoff: datetime) -> bool:
    """Whether the ticket still waits at ``cutoff`` for what the goal's KPI measures."""
    if kpi == "first_reply_time":
        reply = history.first_reply_at()
        return reply is None or reply.astimezone(UTC) > cutoff
    return not history.is_resolved(at=cutoff)


def _treatment(
    goal: SmartGoal,
    points: list[SeriesPoint],
    problems: Sequence[str],
    opts: _GoalOptions,
    left_out: str = "",
) -> str:
    notes = [left_out] if left_out else []
    flagged = [f"{p.period} ({p.partial})" for p in points if p.partial is not None]
    if flagged:
        how = (
            "used as they are" if opts.include_partial else "left out of latest, progress and trend"
        )
        notes.append(f"partial periods {how}: {'; '.join(flagged)}")
    finished_only = opts.finished_only
    if goal.kpi in TIME_KPIS:
        stat = (goal.statistic or "mean").lower()
        if stat == "mean" or finished_only:
            notes.append(f"{stat} over finished tickets only (waiting ones not counted)")
        else:
            notes.append(f"{stat} by Kaplan-Meier (open tickets censored at the snapshot)")
    notes.extend(f"warning: {p}" for p in problems)
    return "; ".join(notes)


def _doc_goal() -> SmartGoal:
    """The goal the examples use: mean email first reply under 2 h, weekly, Aug-Oct 2026."""
    return SmartGoal(
        name="email replies under 2 h",
        kpi="first_reply_time",
        statistic="mean",
        unit="h",
        comparator="<",
        target=2.0,
        baseline=4.0,
        objective="customers hear from us fast",
        segment={"channel": "email"},
        start=datetime(2026, 8, 3, tzinfo=UTC),
        deadline=datetime(2026, 8, 3, tzinfo=UTC) + timedelta(weeks=13),
    )
