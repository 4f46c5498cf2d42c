"""A plan from a forecast, and its check by simulation, interval by interval."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import (
    count_field,
    count_value,
    is_bool,
    read_seed,
    real_number,
    type_name,
)
from servicemodel._validators import (
    as_tuple,
    members_of,
    real,
    require_iterable,
    require_type,
)
from servicemodel.errors import ConfigError, InputTypeError, StaffingError, require_instant
from servicemodel.forecast._arrivals import (
    SLOT,
    ArrivalForecast,
    _level_field,
    read_choice,
    read_count,
    read_level,
    real_half_hours,
)
from servicemodel.forecast._check_week import row_level, week_levels
from servicemodel.kpi._shared import level_value
from servicemodel.simulate import SupportDesk, simulate
from servicemodel.staffing import (
    ErlangATarget,
    ServiceLevelTarget,
    WeeklyPlan,
    Workload,
    erlang_a_metrics,
    plan_intervals,
    queue_metrics,
)

#: Simulated runs start here (any instant would do: each interval is a steady queue).
_T0 = datetime(2026, 1, 5, tzinfo=UTC)

#: The most work one interval's steady check may take, in expected simulated contacts (the
#: batches are tallied in one pass over the run, so the work grows with the contacts only).
#: The default check of a busy interval (2,000 calls an hour, 10 batches of four hours after
#: one of warm-up) simulates about 88,000 (half a second); a check past this bound is refused
#: rather than run for minutes.
MAX_CHECK_WORK = 600_000


def plan_week(
    forecast: ArrivalForecast,
    *,
    aht: float | timedelta,
    targets: Sequence[ErlangATarget],
    channel: str | None = None,
    model: str = "erlang-c",
    patience: float | timedelta | None = None,
    shrinkage: float = 0.0,
    concurrency: int = 1,
) -> WeeklyPlan:
    """The staffing plan for a forecast week: one row per real half hour, from its start.

    ``channel`` picks one channel's forecast (None: all channels together, one queue).

    The rows are the week's real half hours, Monday 00:00 to Monday 00:00 in the forecast's
    zone: 336 in most weeks, 334 in a week whose Sunday is 23 hours long (spring forward: the
    hour that does not exist gets no row) and 338 in a week with a 25-hour day (fall back:
    the repeated hour gets two rows, each with its UTC offset, ``02:00+02:00`` then
    ``02:00+01:00`` in Europe/Berlin). Each row takes the forecast of the half hour of the
    week its local start falls in, so both passes of a repeated hour are staffed for the
    contacts that hour brings. The rows of a day cover its real length and
    ``total_agent_hours`` counts every hour once (a plan by wall-clock slots staffed the
    missing spring hour and left the repeated autumn hour unstaffed).

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.forecast import forecast_arrivals, plan_week
        >>> from servicemodel.model import Ticket
        >>> from servicemodel.staffing import ServiceLevelTarget
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> ts = [Ticket(f"T{i}-{k}", t0 + timedelta(weeks=i, seconds=k))
        ...       for i in range(4) for k in range(60)]
        >>> plan = plan_week(forecast_arrivals(ts), aht=180,
        ...                  targets=[ServiceLevelTarget(0.8, 20)], shrinkage=0.3)
        >>> len(plan.rows), plan.rows[18].agents, plan.rows[18].scheduled
        (336, 9, 13)
    """
    require_type(forecast, ArrivalForecast, "forecast")
    return plan_intervals(
        week_calls(forecast, forecast.calls(channel)),
        aht=aht,
        targets=targets,
        interval=SLOT,
        model=model,  # type: ignore[arg-type]  # plan_intervals checks the name
        patience=patience,
        shrinkage=shrinkage,
        concurrency=concurrency,
        start=forecast.start,
    )


def week_calls(forecast: ArrivalForecast, calls: Sequence[float]) -> list[float]:
    """The forecast contacts of each real half hour of the forecast week, in order.

    A half hour takes the forecast of the slot of the week its local start falls in: a
    week with a DST change has 334 or 338 half hours (one fewer or one more hour), not 336.
    These are the half hours of ``ArrivalForecast.to_records()`` (one helper gives both); a
    forecast of other than 336 slots keeps one value per slot.

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> berlin = ZoneInfo("Europe/Berlin")
        >>> autumn = ArrivalForecast(datetime(2026, 10, 19, tzinfo=berlin), 0.8, 2,
        ...     {"chat": tuple(range(336))}, {"chat": (0.0,) * 336},
        ...     {"chat": (0.0,) * 336}, (True,) * 336)
        >>> calls = week_calls(autumn, autumn.calls())
        >>> len(calls), calls[290:296]  # Sunday 01:00, 01:30, 02:00, 02:30, 02:00, 02:30
        (338, [290.0, 291.0, 292.0, 293.0, 292.0, 293.0])
    """
    return [float(calls[s]) for _, s in real_half_hours(forecast.start, len(calls))]


def _share_field(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: a service level, a share in [0, 1] (NaN, 5 and 10**400 were kept, and
    the last was an OverflowError in ``str(PlanCheck)``)."""
    _REAL(instance, attribute, value)
    if not 0 <= value <= 1:  # NaN too
        raise ConfigError(
            f"{attribute.name}: expected a share in [0, 1], got {type_name(value)} "
            f"{safe_repr(value)}"
        )


def _seconds_field(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: a finite number of seconds ≥ 0 (the target's answer time)."""
    _REAL(instance, attribute, value)
    if not (math.isfinite(value) and value >= 0):
        raise ConfigError(
            f"{attribute.name}: expected a finite number of seconds ≥ 0, got "
            f"{type_name(value)} {safe_repr(value)}"
        )


def _optional_instant(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: None (a plan without starts) or an aware datetime in range."""
    if value is not None:
        require_instant(value, attribute.name)


_REAL = real()


@attrs.frozen
class IntervalCheck:
    """Simulated against predicted service level for one interval of a plan.

    ``low``/``high`` bound the simulated service level (a ``level`` batch-means interval);
    ``short`` is True when even ``high`` is below the target: the plan misses it there.
    ``target``, ``predicted``, ``simulated``, ``low`` and ``high`` are shares in [0, 1] and
    ``index`` a row number ≥ 0 (else a ``ConfigError`` naming the field and the value).
    """

    index: int = attrs.field(converter=count_value, validator=count_field)
    start: datetime | None = attrs.field(validator=_optional_instant)
    agents: int = attrs.field(converter=count_value, validator=count_field)
    target: float = attrs.field(validator=_share_field)
    predicted: float = attrs.field(validator=_share_field)
    simulated: float = attrs.field(validator=_share_field)
    low: float = attrs.field(validator=_share_field)
    high: float = attrs.field(validator=_share_field)
    contacts: int = attrs.field(converter=count_value, validator=count_field)

    @property
    def short(self) -> bool:
        """Whether the simulation shows the interval below target beyond its uncertainty."""
        return self.high < self.target


def _intervals(value: Any) -> tuple[Any, ...]:
    return as_tuple(value, "intervals")


@attrs.frozen
class PlanCheck:
    """The plan's service level in simulation, interval by interval."""

    within: float = attrs.field(validator=_seconds_field)
    level: float = attrs.field(converter=level_value, validator=_level_field)
    intervals: tuple[IntervalCheck, ...] = attrs.field(
        converter=_intervals, validator=members_of(IntervalCheck, tuple)
    )

    @property
    def short(self) -> tuple[IntervalCheck, ...]:
        """The intervals the simulation shows below target."""
        return tuple(i for i in self.intervals if i.short)

    @property
    def passed(self) -> bool:
        """Whether no interval is short."""
        return not self.short

    def __str__(self) -> str:
        """The table of checked intervals, each named by its start with its UTC offset.

        The offset tells apart the two passes of an hour repeated when the clocks go back
        (``2026-10-25T02:00+02:00``, then ``2026-10-25T02:00+01:00`` in Europe/Berlin), as
        the plan's text, JSON and CSV outputs write them; a check of a plan without starts
        shows the row numbers.

        Examples:
            >>> from datetime import datetime
            >>> from zoneinfo import ZoneInfo
            >>> at = datetime(2026, 3, 29, 3, tzinfo=ZoneInfo("Europe/Berlin"))
            >>> row = IntervalCheck(292, at, 3, 0.8, 0.85, 0.9, 0.85, 0.95, 40)
            >>> print(PlanCheck(20.0, 0.95, (row,)))
            start                   agents  target  Erlang     sim  interval
            2026-03-29T03:00+02:00       3   80.0%   85.0%   90.0%  [85.0%, 95.0%]
        """
        names = [_start_text(c) for c in self.intervals]
        head = "start" if any(c.start is not None for c in self.intervals) else "row"
        width = max([len(head), *map(len, names)])
        lines = [f"{head:<{width}}{'agents':>8}{'target':>8}{'Erlang':>8}{'sim':>8}  interval"]
        for c, name in zip(self.intervals, names, strict=True):
            flag = "  SHORT" if c.short else ""
            lines.append(
                f"{name:<{width}}{c.agents:>8}{c.target:>8.1%}{c.predicted:>8.1%}"
                f"{c.simulated:>8.1%}  [{c.low:.1%}, {c.high:.1%}]{flag}"
            )
        return "\n".join(lines)


def _start_text(check: IntervalCheck) -> str:
    """An interval's start to the minute (to the second if it has seconds) with its offset."""
    if check.start is None:
        return str(check.index)
    spec = "seconds" if check.start.second or check.start.microsecond else "minutes"
    return check.start.isoformat(timespec=spec)


def _predicted(
    plan: WeeklyPlan, calls: float, aht: float, servers: int, target: ServiceLevelTarget
) -> float:
    """The model's service level for ``servers`` (recomputed: rows may have been edited)."""
    if servers == 0:
        return 0.0  # contacts and no agents: nobody answers (rows with neither are not checked)
    # A row with no forecast contacts (a plan edited to keep an agent on a quiet half hour) is
    # a Workload of 0 calls, which both models take: nobody waits, so its level is 1.0.
    workload = Workload(calls=calls, interval=plan.interval, aht=aht)
    if plan.patience is not None:
        m = erlang_a_metrics(workload, servers, patience=plan.patience, within=target.within)
        return m.service_level
    if servers <= workload.traffic:
        return 0.0  # Erlang C: no steady state, the queue grows without bound
    return queue_metrics(workload, servers, within=target.within).service_level


def _service_target(plan: WeeklyPlan) -> ServiceLevelTarget:
    for target in plan.targets:
        if isinstance(target, ServiceLevelTarget):
            return target
    raise StaffingError("check_plan needs a plan with a ServiceLevelTarget to compare against")


def _row_indices(intervals: Sequence[int] | None, rows: int) -> list[int] | None:
    """``check_plan``'s ``intervals``: row indices of the plan (``None``: every row), each
    once and in row order, as the week check gives them (``[1, 1]`` listed row 1 twice and
    counted it short twice)."""
    if intervals is None:
        return None
    out = list(require_iterable(intervals, "intervals"))
    for i, index in enumerate(out):
        # A row index is read as a count is (a numpy int from a frame is the int it holds):
        # a bool or text is of the wrong type, -1, 2.5 or a row past the plan a ConfigError.
        out[i] = read_count(index, f"intervals[{i}] (a row index)", 0, rows - 1)
    return sorted(set(out))


def check_plan(
    plan: WeeklyPlan,
    *,
    batches: int = 10,
    hours_per_batch: float = 4.0,
    level: float = 0.95,
    seed: int = 0,
    intervals: Sequence[int] | None = None,
    mode: str = "steady",
    weeks: int = 8,
) -> PlanCheck:
    """Simulate the staffed intervals of ``plan`` and compare their service level with the target.

    ``mode="steady"`` (the default) simulates each interval as its own steady queue -- the
    plan's assumption too -- with the interval's forecast arrival rate, exponential handle times
    of the plan's AHT, its agents (times the concurrency: k servers per agent) and, for an
    Erlang A plan, exponential patience. ``batches`` batches of ``hours_per_batch`` hours follow
    a warm-up of one batch; the simulated level is the share of the batches' contacts answered
    in time, with the ratio estimator's batch-means interval at ``level`` confidence on the
    log-odds scale (the delta method: the standard error divided by r(1 − r) for a level r; A.
    Agresti, *Categorical Data Analysis*, 3rd ed., 2013, §16.1), never narrower than the Wilson
    interval. By default 10 batches of four hours: batch means must be nearly uncorrelated for
    the interval to hold (A. M. Law and W. D. Kelton, *Simulation Modeling and Analysis*, batch
    means; 10 to 30 batches, after B. Schmeiser, "Batch size effects in the analysis of
    simulation output", *Operations Research* 30, 1982), and shorter batches of a busy queue are
    not -- half-hour batches' 95 % interval held the Erlang C level in about 80 % of runs at 100
    Erlangs. The log-odds scale follows the skew of a service level (a symmetric interval missed
    it mostly on one side). docs/staffing.md gives the measurements. With no contacts, or
    contacts in one batch only, the interval is [0, 1]. A row with forecast contacts and no
    agents is short (0 %); one with agents and no forecast contacts is predicted 100 % (nobody
    waits). ``intervals`` limits the check to some row indices (all rows with agents or contacts
    by default). ``batches`` (and ``weeks``) is at most 10,000, and an interval whose expected
    simulated contacts pass ``MAX_CHECK_WORK`` (600,000, seconds of work) is refused with a
    ``StaffingError``.

    ``batches``, ``weeks`` and the row indices of ``intervals`` are counts (an int, a numpy
    int or ``4.0``), ``batches`` and ``weeks`` from 2 to 10,000; ``level`` is a number in
    (0, 1), ``hours_per_batch`` a positive number and ``mode`` ``"steady"`` or ``"week"``. A
    value of the wrong type (a bool, text for a number, a number for ``mode``) is an
    ``InputTypeError``; one of the right type not allowed (1 batch, 2.5, NaN, row 99 of a
    two-row plan, ``mode="weekly"``) a ``ConfigError``; each names the argument, the value and
    what is allowed. Every argument is read whichever mode runs (``weeks`` in a steady check,
    ``batches`` in a week check too).

    ``mode="week"`` runs the whole week as one simulation, ``weeks`` times over after a day of
    warm-up: arrivals follow the forecast interval by interval, each row's agents are on shift
    in their interval (a [`Roster`][servicemodel.simulate.Roster]), and a queue left at the
    end of an interval carries into the next -- what the steady check cannot see. Each
    interval's level pools its contacts over the weeks, with a batch-means interval over the
    weeks (on the log-odds scale too). It needs a one-week plan with a start (``plan_week``
    gives one). A week check whose expected simulated contacts (``weeks`` times the week's
    forecast, plus the warm-up) pass ``MAX_WEEK_CHECK_WORK`` (3,000,000, under a minute of
    work) is refused with a ``StaffingError`` naming ``weeks`` and the contacts.

    Examples:
        >>> from servicemodel.forecast import check_plan
        >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
        >>> plan = plan_intervals([100, 60], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
        >>> check_plan(plan, batches=5, seed=1).passed
        True
    """
    require_type(plan, WeeklyPlan, "plan")
    seed = read_seed(seed)
    level = read_level(level)
    intervals = _row_indices(intervals, len(plan.rows))
    mode = read_choice(mode, "mode", ("steady", "week"))
    # Every argument read, whichever mode runs: a weeks="2" given to a steady check (or a
    # batches=1 to a week check) is refused, not silently unused.
    batches = read_count(batches, "batches", 2, 10_000)  # a numpy int is the int it holds
    weeks = read_count(weeks, "weeks", 2, 10_000)
    batch = _batch_seconds(hours_per_batch)
    target = _service_target(plan)
    if mode == "week":
        rows = week_levels(plan, target, weeks=weeks, seed=seed, level=level)
    else:
        rows = _steady_levels(plan, target, batches, batch, level, seed, intervals)
    wanted = None if intervals is None else set(intervals)
    out = []
    for found in rows:
        if found is None or (wanted is not None and found[0] not in wanted):
            continue
        i, simulated, low, high, contacts = found
        row = plan.rows[i]
        predicted = _predicted(plan, row.calls, row.aht, row.agents * plan.concurrency, target)
        out.append(
            IntervalCheck(
                i, row.start, row.agents, target.fraction, predicted, simulated, low, high, contacts
            )
        )
    return PlanCheck(within=target.within, level=level, intervals=tuple(out))


def _batch_seconds(hours_per_batch: float) -> float:
    """``hours_per_batch`` in seconds: a positive finite number, else an error naming it."""
    message = (
        f"hours_per_batch must be a positive finite number, got {type_name(hours_per_batch)} "
        f"{safe_repr(hours_per_batch)}"
    )
    if is_bool(hours_per_batch):
        raise InputTypeError(message)
    try:
        batch = real_number(hours_per_batch, "hours_per_batch", error=ConfigError) * 3600
    except InputTypeError:
        raise InputTypeError(message) from None
    except ConfigError:  # NaN, an infinity, past the float range
        raise ConfigError(message) from None
    if not (math.isfinite(batch) and batch > 0):
        raise ConfigError(message)
    return batch


def _check_work(per_hour: float, batch: float, batches: int, row: int) -> None:
    """Refuse a steady check whose simulation would run for minutes (see ``MAX_CHECK_WORK``)."""
    contacts = per_hour * batch * (batches + 1) / 3600
    if contacts > MAX_CHECK_WORK:
        raise StaffingError(
            f"checking interval {row} would simulate about {contacts:.3g} contacts over "
            f"{batches} batches of {batch / 3600:g} h, more than check_plan's bound "
            f"({MAX_CHECK_WORK:,} contacts); use fewer or shorter batches"
        )


def _steady_levels(
    plan: WeeklyPlan,
    target: ServiceLevelTarget,
    batches: int,
    batch: float,
    level: float,
    seed: int,
    intervals: Sequence[int] | None,
) -> list[tuple[int, float, float, float, int] | None]:
    """Per chosen row: (index, batch mean, low, high, contacts), each row its own steady queue;
    ``batches`` batches of ``batch`` seconds (both read by ``check_plan``)."""
    chosen = range(len(plan.rows)) if intervals is None else intervals
    out: list[tuple[int, float, float, float, int] | None] = []
    for i in chosen:
        row = plan.rows[i]
        if row.agents == 0:
            if row.calls > 0:
                # Contacts and nobody to answer them: the shortest interval there is. It was
                # left out, so a plan edited to no agents in a busy half hour "passed".
                out.append((i, 0.0, 0.0, 0.0, 0))
            continue
        desk = SupportDesk(
            agents=row.agents * plan.concurrency,
            arrivals=row.calls / plan.interval * 3600,
            handle_time=row.aht,
            patience=plan.patience,
        )
        _check_work(desk.arrivals.mean, batch, batches, i)
        t0 = _T0
        run = simulate(desk, t0, t0 + timedelta(seconds=batch * (batches + 1)), seed=seed + i)
        edges = [t0 + timedelta(seconds=batch * b) for b in range(1, batches + 2)]
        offered, met = run._window_counts(target.within, edges)
        # The contacts' share answered in time, not the mean of the batches' shares: that
        # counted an empty batch as 100 % and a batch of one contact like one of a hundred,
        # and read 95 % for a quiet interval whose Erlang C level is 88 %. As in the week
        # check: no contacts, or contacts in one batch only (no spread to estimate: one
        # missed contact read [0 %, 79 %], short), give [0, 1], never short on no evidence.
        out.append(row_level(True, i, offered, met, level, scale="logit"))
    return out
