"""Report section: each SMART goal's status, computed from ticket histories.

For every goal, the KPI series is computed from the histories with the accumulators of
[`servicemodel.kpi`][servicemodel.kpi] over the goal's periods (``day``, ``week`` or ``month``
in the time zone of its start, from its start to its deadline), restricted to its segment,
and the goal is evaluated at ``at`` with
[`SmartGoal.evaluate`][servicemodel.goals.SmartGoal.evaluate].

KPIs: ``first_reply_time`` and ``resolution_time`` (statistic ``mean``, ``median`` or ``pNN``;
unit ``s``, ``min``, ``h`` or ``d``, default ``h``; a ticket counts in the period it was
created), ``csat`` (statistic ``share`` of satisfied 4-5 answers on 1-5, default, or
``mean``; a rating counts in the period it was given, and only a ticket's latest rating),
``nps`` (points; by rating time, latest rating per ticket), ``reopen_rate`` and
``resolution_rate`` (shares; by creation). Segments: ``channel``, ``priority``, ``group``,
``agent`` (as the ticket stood at the snapshot) and ``tag``.

The data are read as they stood at ``min(at, deadline)``: events after it are ignored, so
evaluating at a past instant gives the answer the report would have given then (a ticket
still waiting for its first reply is censored, not counted with a reply it got later).

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

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from servicemodel.errors import ConfigError, InputTypeError, require_instant
from servicemodel.goals import GoalStatus, SmartGoal
from servicemodel.kpi import (
    CSAT,
    NAMED_KEYS,
    NPS,
    Estimate,
    FirstReplyTime,
    Periods,
    ReopenRate,
    ResolutionRate,
    ResolutionTime,
    periods,
)
from servicemodel.model import TicketHistory
from servicemodel.report._document import GoalReport, GoalsSection, SeriesPoint

__all__ = ["KPIS", "build_goals", "goal_series"]

#: The KPIs this report can compute, with the unit their targets are in by default.
KPIS: dict[str, str] = {
    "first_reply_time": "h",
    "resolution_time": "h",
    "csat": "share",
    "nps": "points",
    "reopen_rate": "share",
    "resolution_rate": "share",
}
_TIME_UNITS = ("s", "min", "h", "d")
_SEGMENT_KEYS = ("channel", "priority", "group", "agent", "tag")


def _zone_name(tz: tzinfo | None, when: datetime) -> str:
    key = getattr(tz, "key", None)
    if isinstance(key, str):
        return key
    offset = when.utcoffset() or timedelta(0)
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


def _segment_filter(goal: SmartGoal, where: str) -> Callable[[TicketHistory], bool]:
    checks: list[Callable[[TicketHistory], bool]] = []
    for key, wanted in goal.segment:
        if key not in _SEGMENT_KEYS:
            raise ConfigError(
                f"the goals report cannot segment by {key!r}; it supports {list(_SEGMENT_KEYS)}",
                path=f"{where}.segment.{key}",
            )
        checks.append(_segment_check(key, wanted))

    def keep(history: TicketHistory) -> bool:
        return all(check(history) for check in checks)

    return keep


def _segment_check(key: str, wanted: str) -> Callable[[TicketHistory], bool]:
    fn = NAMED_KEYS[key]

    def check(history: TicketHistory) -> bool:
        value = fn(history)
        if key == "tag":
            return wanted in value
        return str(value) == wanted

    return check


def _statistic(goal: SmartGoal, where: str) -> str:
    kpi, stat = goal.kpi, (goal.statistic or "").lower()
    if kpi not in KPIS:
        raise ConfigError(
            f"the goals report cannot compute KPI {kpi!r}; it supports {sorted(KPIS)}",
            path=f"{where}.kpi",
        )
    if kpi in ("first_reply_time", "resolution_time"):
        return _time_statistic(goal, where, stat or "mean")
    if kpi == "csat":
        if stat in ("", "share", "top-2-box", "top2", "satisfied"):
            return "share"
        if stat == "mean":
            return "mean"
        raise ConfigError(
            f"statistic {goal.statistic!r} for csat is not 'share' or 'mean'",
            path=f"{where}.statistic",
        )
    if stat not in ("", "score", "share", "rate", "value"):
        raise ConfigError(
            f"statistic {goal.statistic!r} does not apply to {kpi}", path=f"{where}.statistic"
        )
    return ""


def _time_statistic(goal: SmartGoal, where: str, stat: str) -> str:
    if stat in ("mean", "median"):
        return stat
    if stat.startswith("p"):
        try:
            q = float(stat[1:])
        except ValueError:
            q = -1.0
        if 0 < q < 100:
            return "median" if q == 50 else f"p{q:g}"
    raise ConfigError(
        f"statistic {goal.statistic!r} is not one of mean, median, pNN (e.g. p90)",
        path=f"{where}.statistic",
    )


def _unit(goal: SmartGoal, where: str, statistic: str) -> str:
    kpi = goal.kpi or ""
    if kpi not in KPIS:
        raise ConfigError(
            f"the goals report cannot compute KPI {kpi!r}; it supports {sorted(KPIS)}",
            path=f"{where}.kpi",
        )
    if kpi in ("first_reply_time", "resolution_time"):
        unit = goal.unit or "h"
        if unit not in _TIME_UNITS:
            raise ConfigError(
                f"unit {goal.unit!r} is not a time unit {list(_TIME_UNITS)}", path=f"{where}.unit"
            )
        return unit
    expected = "" if kpi == "csat" and statistic == "mean" else KPIS[kpi]
    if goal.unit and goal.unit != expected:
        raise ConfigError(
            f"{kpi} is measured in {expected or 'scale points'!r}, not {goal.unit!r}",
            path=f"{where}.unit",
        )
    return expected


def goal_series(
    histories: Sequence[TicketHistory],
    goal: SmartGoal,
    *,
    at: datetime | None = None,
    level: float = 0.95,
    where: str = "goal",
) -> tuple[Periods, dict[datetime, Estimate]]:
    """Compute ``goal``'s KPI series from ``histories``: period start -> estimate.

    The series is a true snapshot as of ``min(at, deadline)`` (the deadline when ``at`` is
    ``None``): tickets created after it are left out and every ticket is read as it stood
    then, so a ticket not yet replied to is censored (not counted in the reply time), a
    later reopen or rating is unknown, and of a ticket's ratings only the latest one given
    by then counts. ``where`` prefixes the path of
    a [`ConfigError`][servicemodel.errors.ConfigError] for a KPI, statistic, unit or segment
    the report does not support.

    Examples:
        >>> from servicemodel.report._goals import _doc_goal
        >>> p, series = goal_series([], _doc_goal())
        >>> len(series), p.unit
        (13, 'week')
    """
    stat = _statistic(goal, where)
    unit = _unit(goal, where, stat)
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
    wanted = _segment_filter(goal, where)
    chosen = [
        snapshot
        for h in histories
        if h.created_at.astimezone(UTC) <= cutoff and wanted(snapshot := _as_of(h, cutoff))
    ]
    kpi = goal.kpi
    buckets = _buckets(chosen, key, kpi or "")
    series: dict[datetime, Estimate] = {}
    for period, items in buckets.items():
        series[key.period_start(period)] = _estimate(kpi or "", stat, unit, items, level)
    return key, series


def _buckets(chosen: list[TicketHistory], key: Periods, kpi: str) -> dict[Any, list[Any]]:
    """Each period's items: rating scores for csat and nps, else the histories themselves."""
    first, last = key.bounds()
    assert first is not None
    assert last is not None
    buckets: dict[Any, list[Any]] = {d: [] for d in key.range(first, last)}
    if kpi in ("csat", "nps"):
        for h in chosen:
            # A customer who rates a ticket again has changed their mind: only the latest
            # rating counts (as servicemodel.kpi.Ratings does by default).
            for rating in h.ratings(kpi)[-1:]:
                period = key(rating)
                if period is not None:
                    buckets[period].append(rating.score)
    else:
        for h in chosen:
            period = key(h)
            if period is not None:
                buckets[period].append(h)
    return buckets


def _as_of(history: TicketHistory, cutoff: datetime) -> TicketHistory:
    """The history as it stood at ``cutoff`` (UTC): later events are not known yet."""
    if history.last_event_at.astimezone(UTC) <= cutoff:
        return history
    return TicketHistory(
        history.ticket, [e for e in history.events if e.at.astimezone(UTC) <= cutoff]
    )


def _estimate(kpi: str, stat: str, unit: str, items: list[Any], level: float) -> Estimate:
    if kpi in ("first_reply_time", "resolution_time"):
        percentiles = (50.0, 90.0)
        if stat.startswith("p"):
            percentiles = (50.0, float(stat[1:]))
        acc: Any = (
            FirstReplyTime.empty(unit=unit, percentiles=percentiles)
            if kpi == "first_reply_time"
            else ResolutionTime.empty(unit=unit, percentiles=percentiles)
        )
        summary = acc.add_many(items).result(level)
        est: Estimate = summary[stat]
        return est
    if kpi == "csat":
        csat = CSAT.empty().add_many([round(s) for s in items])
        return csat.result(level, statistic="mean" if stat == "mean" else "share")
    if kpi == "nps":
        return NPS.empty().add_many([round(s) for s in items]).result(level)
    if kpi == "reopen_rate":
        return ReopenRate.empty().add_many(items).result(level)
    return ResolutionRate.empty().add_many(items).result(level)


def _default_at(histories: Sequence[TicketHistory]) -> datetime:
    if not histories:
        raise InputTypeError("build needs at= when there are no histories")
    return max(h.last_event_at for h in histories)


def build_goals(
    histories: Sequence[TicketHistory],
    goals: Sequence[SmartGoal],
    *,
    at: datetime | None = None,
    strict: bool = False,
    level: float = 0.95,
) -> GoalsSection:
    """Return the goals section: each goal, its series and its status at ``at``.

    ``at`` defaults to the last event in ``histories``; ``strict`` asks for the whole interval
    to meet the target (see [`SmartGoal.meets`][servicemodel.goals.SmartGoal.meets]).

    Examples:
        >>> from datetime import datetime, timezone
        >>> g = _doc_goal()
        >>> build_goals([], [g], at=g.window[0]).summary
        (('not_started', 1),)
    """
    when = _default_at(histories) if at is None else require_instant(at, "at")
    out: list[GoalReport] = []
    summary: dict[str, int] = {}
    for i, goal in enumerate(goals):
        if not isinstance(goal, SmartGoal):
            raise InputTypeError(f"goals[{i}]: expected a SmartGoal, got {type(goal).__name__}")
        where = f"goals[{i}]"
        key, series = goal_series(histories, goal, at=when, level=level, where=where)
        status: GoalStatus = goal.evaluate(series, at=when, strict=strict)
        summary[status.status.value] = summary.get(status.status.value, 0) + 1
        points = [
            SeriesPoint(key.label(key.floor(start)), start, est) for start, est in series.items()
        ]
        unit = _unit(goal, where, _statistic(goal, where))
        out.append(GoalReport(goal=goal, unit=unit, status=status, series=tuple(points)))
    return GoalsSection(at=when, strict=strict, level=level, goals=tuple(out), summary=summary)


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
