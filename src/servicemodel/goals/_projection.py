"""Where a goal stands: the KPI series read up to an instant and its least-squares trend."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any, cast

from servicemodel._config import safe_repr
from servicemodel._validators import require_iterable
from servicemodel.errors import GoalError, InputTypeError, require_instant
from servicemodel.goals._status import (
    EstimateLike,
    GoalState,
    GoalStatus,
    _fmt_num,
    check_interval,
)
from servicemodel.kpi._shared import local_day_start

if TYPE_CHECKING:
    from servicemodel.goals._goal import SmartGoal

__all__: list[str] = []


def _period_start(key: Any, start: datetime) -> datetime:
    """The instant a series' period starts: a date key's is its first instant in the start's zone.

    Not ``datetime.combine(key, time(), tzinfo=...)``: on a day whose midnight a DST change
    skips (America/Santiago, 2024-09-08) that is a wall time no clock shows, ``00:00-04:00``,
    which compared unequal to the same instant in another zone; the day begins at
    ``01:00-03:00``, where the gap moves midnight to (as ``Periods.period_start`` reads it).
    """
    if isinstance(key, datetime):
        return require_instant(key, f"series period {safe_repr(key)}")
    if isinstance(key, date):
        # Checked as a datetime key is: a date near the ends of the range (0001-01-01 east of
        # UTC) made the comparison in UTC raise a bare OverflowError.
        assert start.tzinfo is not None  # the goal's start is aware
        return require_instant(
            local_day_start(key, start.tzinfo), f"series period {safe_repr(key)}"
        )
    inner = getattr(key, "start", None)
    if isinstance(inner, datetime):
        return require_instant(inner, f"series period {safe_repr(key)}")
    raise InputTypeError(
        f"series period {safe_repr(key)}: expected an aware datetime, a date or a period with a "
        f"'start' datetime, got {type(key).__name__}"
    )


def _ols_projection(points: list[tuple[datetime, float]], when: datetime) -> tuple[float, float]:
    """Return (value of the least-squares line at ``when``, slope per day).

    Time is elapsed: UTC instants subtracted, in days of 24 hours (a week across a DST change
    is 6 days 23 hours), as the project subtracts instants; wall-clock days would make the
    slope depend on the zone the same instants are keyed in.
    """
    projection, slope = _ols_line(points, when, 1.0)
    if not (math.isfinite(projection) and math.isfinite(slope)):
        # Fitted again to the values divided by the largest: a sum of values near the
        # float's end overflowed, and a flat series of 1e308 projected NaN ("trend reaches
        # nan"). Only then: the values of every other series stay exactly as they were.
        scale = max(abs(v) for _, v in points)
        projection, slope = _ols_line(points, when, scale)
    if not (math.isfinite(projection) and math.isfinite(slope)):
        raise GoalError(
            f"the least-squares trend through the series ({_fmt_num(points[0][1])} at "
            f"{points[0][0].isoformat()} to {_fmt_num(points[-1][1])} at "
            f"{points[-1][0].isoformat()}) leaves the float range by {when.isoformat()}"
        )
    return projection, slope


def _ols_line(
    points: list[tuple[datetime, float]], when: datetime, scale: float
) -> tuple[float, float]:
    """``_ols_projection`` of the values divided by ``scale``, multiplied back."""
    origin = points[0][0]
    xs = [(t - origin) / timedelta(days=1) for t, _ in points]
    ys = [v / scale for _, v in points]
    n = len(xs)
    x_mean = sum(xs) / n
    y_mean = sum(ys) / n
    sxx = sum((x - x_mean) ** 2 for x in xs)
    if sxx == 0:
        return y_mean * scale, 0.0
    slope = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True)) / sxx
    x_when = (when - origin) / timedelta(days=1)
    return (y_mean + slope * (x_when - x_mean)) * scale, slope * scale


_Point = tuple[datetime, Any, EstimateLike, datetime]  # (UTC instant, key, estimate, start)


def _points(
    series: Mapping[Any, EstimateLike] | Iterable[tuple[Any, EstimateLike]],
    start: datetime,
    cutoff: datetime,
) -> list[_Point]:
    """The series' points with a value whose period starts in ``[start, cutoff]``, by time."""
    # A pandas Series of estimates indexed by period is a mapping too: iterated, it gave its
    # estimates alone, refused as "expected (period, estimate) pairs".
    indexed = callable(getattr(series, "items", None)) and hasattr(series, "index")
    items: Any = series
    if isinstance(series, Mapping) or indexed:
        items = cast("Any", series).items()
    start_utc = start.astimezone(UTC)
    points: list[_Point] = []
    for pair in require_iterable(items, "series"):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InputTypeError(
                f"series: expected (period, estimate) pairs, got {type(pair).__name__} "
                f"{safe_repr(pair)}"
            )
        key, est = pair
        t = _period_start(key, start)
        if not hasattr(est, "value"):
            raise InputTypeError(
                f"series[{safe_repr(key)}]: expected an Estimate, "
                f"got {type(est).__name__} {safe_repr(est)}"
            )
        t_utc = t.astimezone(UTC)
        if est.value is None or not start_utc <= t_utc <= cutoff:
            continue
        _check_point(key, est)
        points.append((t_utc, key, est, t))
    points.sort(key=lambda p: p[0])
    # Two points at one instant (the same period keyed twice, e.g. in two time zones) would
    # make the latest value, and so the status, depend on the order of the series.
    for (t_a, key_a, _, _), (t_b, key_b, _, _) in pairwise(points):
        if t_a == t_b:
            raise InputTypeError(
                f"series periods {safe_repr(key_a)} and {safe_repr(key_b)} both start at "
                f"{t_a.isoformat()}: a series has one value per period"
            )
    return points


def _check_point(key: Any, est: EstimateLike) -> None:
    """Refuse a used point whose value or bounds are no finite number (NaN, inf, a bool, text),
    or whose lower bound is above its upper bound: the trend line through it, and the status,
    would be NaN or wrong without a word."""
    check_interval(est, f"series[{safe_repr(key)}]", error=InputTypeError)


def evaluate_goal(
    goal: SmartGoal,
    series: Mapping[Any, EstimateLike] | Iterable[tuple[Any, EstimateLike]],
    *,
    at: datetime,
    strict: bool = False,
) -> GoalStatus:
    """Where ``goal`` stands at ``at`` (the rules are in ``SmartGoal.evaluate``'s docstring)."""
    require_instant(at, "at")
    start, deadline = goal.window
    # Compare instants in UTC: two datetimes sharing a ZoneInfo compare by wall clock,
    # which is wrong in the repeated hour when DST ends.
    at_utc, start_utc, deadline_utc = (d.astimezone(UTC) for d in (at, start, deadline))
    points = _points(series, start, min(at_utc, deadline_utc))

    def status(state: GoalState, reason: str, **kw: Any) -> GoalStatus:
        return GoalStatus(
            goal=goal.name or "",
            status=state,
            at=at,
            reason=reason,
            points=len(points),
            strict=strict,
            attainable=goal.attainable,
            **kw,
        )

    if at_utc < start_utc:
        return status(GoalState.NOT_STARTED, f"starts {start.isoformat()}")
    if not points:
        if at_utc >= deadline_utc:
            return status(GoalState.MISSED, "no data between the start and the deadline")
        return status(GoalState.NOT_STARTED, "no data since the start")
    state, reason, common = _judge(goal, points, strict=strict, past=at_utc >= deadline_utc)
    return status(state, reason, **common)


def _judge(
    goal: SmartGoal, points: list[_Point], *, strict: bool, past: bool
) -> tuple[GoalState, str, dict[str, Any]]:
    """State, reason and figures for a goal with data: achieved, missed, on track or at risk."""
    _, key_last, latest, t_last = points[-1]
    assert latest.value is not None
    projection, slope = _ols_projection(
        [(t, float(e.value)) for t, _, e, _ in points if e.value is not None],
        goal.window[1].astimezone(UTC),
    )
    common: dict[str, Any] = {
        "progress": goal.progress(latest.value),
        "latest": latest,
        "latest_period": key_last,
        "latest_at": t_last,
        "projection": projection,
        "slope_per_day": slope,
    }
    target = f"{goal.direction.value} {_fmt_num(goal.target_value)}"
    value = _fmt_num(latest.value)
    if goal.meets(latest, strict=strict):
        return GoalState.ACHIEVED, f"latest value {value} meets {target}", common
    if past:
        return GoalState.MISSED, f"last value before the deadline {value} misses {target}", common
    trend = f"trend reaches {_fmt_num(projection)} by the deadline"
    if goal.direction.holds(projection, goal.target_value):
        return GoalState.ON_TRACK, f"{trend}, meeting {target}", common
    return GoalState.AT_RISK, f"{trend}, missing {target}", common
