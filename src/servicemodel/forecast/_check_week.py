"""A weekly plan checked as one continuous run: queues carry over from one interval to the next.

The steady-state check (``check_plan(mode="steady")``) simulates every interval as its own
stationary queue, which is the Erlang model's own assumption and so cannot see what a real week
does: a backlog left by an understaffed half hour is served in the next one, a morning ramp-up
meets a queue that built overnight, agents going off shift finish their contact first. Here the
whole week is one run: arrivals follow the plan's forecast half hour by half hour, a
[`Roster`][servicemodel.simulate.Roster] puts each row's agents on shift, and the run repeats
the same week ``weeks`` times after a one-day warm-up. Each interval's simulated service level
pools the contacts that arrived in it; its interval is the pooled level ± t·SE on the log-odds
scale, with the ratio estimator's batch-means standard error over the weeks (weeks are
near-independent batches; the intervals of one week are not, which is why they are not used as
batches). On the level's own scale the interval missed mostly on one side: a half hour's level
over a few weeks is skewed (``ratio_interval``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from servicemodel.errors import StaffingError
from servicemodel.forecast._arrivals import read_count, week_end
from servicemodel.kpi import t_quantile, wilson_interval
from servicemodel.simulate import RateProfile, Roster, SupportDesk, simulate
from servicemodel.simulate._shared import week_slot
from servicemodel.staffing import ServiceLevelTarget, WeeklyPlan

__all__ = ["MAX_WEEK_CHECK_WORK", "ratio_interval", "row_level", "week_levels"]

_WEEK = 7 * 24 * 3600.0

#: The most work the week check may take, in expected simulated contacts over all its runs
#: (``weeks`` weeks of the plan's forecast contacts, plus a day of warm-up per run). The week
#: check simulates about 65,000 contacts a second (a roster and a rate per half hour), so this
#: is about 45 seconds: eight weeks of a desk taking 300,000 contacts a week stay within it,
#: and a check past it is refused rather than run for minutes (the steady check's bound is
#: ``MAX_CHECK_WORK`` per interval).
MAX_WEEK_CHECK_WORK = 3_000_000


def _week_shape(plan: WeeklyPlan) -> tuple[datetime, timezone, int]:
    """The plan's start, the fixed-offset zone its slots are counted in, and the slot shift."""
    if plan.interval not in (1800.0, 3600.0) or len(plan.rows) * plan.interval != _WEEK:
        raise StaffingError(
            "mode='week' needs a plan of one week in half hours (336 rows; 334 or 338 in a "
            "week with a DST change, from Monday 00:00 local) or hours (168), "
            f"got {len(plan.rows)} rows of {plan.interval:g} s"
        )
    start = plan.rows[0].start
    if start is None:
        raise StaffingError("mode='week' needs a plan with a start instant (plan_week gives one)")
    # The rows are consecutive instants, so their slots are counted in the start's fixed
    # offset: a DST change inside the week moves no row to another slot.
    offset = start.utcoffset()
    assert offset is not None  # rows' starts are aware (PlanRow validates them)
    tz = timezone(offset)
    return start, tz, week_slot(start, tz, len(plan.rows))


def _dst_week(plan: WeeklyPlan) -> tzinfo | None:
    """The plan's zone when its rows are the real half hours of a local week with a DST
    change (334 or 338 rows from a Monday 00:00, as ``plan_week`` gives); else None."""
    start = plan.rows[0].start if plan.rows else None
    tz = None if start is None else start.tzinfo
    if start is None or tz is None or plan.interval != 1800.0 or len(plan.rows) == 336:
        return None
    local = start.astimezone(tz)
    end = (plan.rows[-1].start or start).astimezone(UTC) + timedelta(seconds=plan.interval)
    if (local.weekday(), local.hour, local.minute) != (0, 0, 0):
        return None
    return tz if week_end(local) == end else None


def _dst_desk(plan: WeeklyPlan, tz: tzinfo) -> SupportDesk:
    """The desk of a DST week: rates and agents per local half hour of the week in ``tz``;
    both passes of a repeated half hour share its slot (the busier one's agents)."""
    rates = [0.0] * 336
    counts = [0] * 336
    aht = _week_aht(plan)
    for row in plan.rows:
        assert row.start is not None  # _dst_week checked the starts
        slot = week_slot(row.start, tz, 336)
        rates[slot] = max(rates[slot], row.calls / plan.interval * 3600.0)
        counts[slot] = max(counts[slot], row.agents * plan.concurrency)
    return SupportDesk(
        agents=max(counts),
        arrivals=RateProfile(rates, tz),
        handle_time=aht,
        patience=plan.patience,
        roster=Roster(counts, tz),
    )


def _week_aht(plan: WeeklyPlan) -> float:
    """The one handle time of the week's staffed rows (the run draws every contact's handle
    time from one distribution). Both desks ask first, before building anything."""
    ahts = sorted({row.aht for row in plan.rows if row.agents > 0})
    if len(ahts) > 1:
        raise StaffingError(f"mode='week' needs one handle time for the week, got {ahts}")
    if not ahts:  # no row staffed (week_levels answers that case before building a desk)
        raise StaffingError("the plan staffs no interval: nothing to simulate")
    return ahts[0]


def _desk(plan: WeeklyPlan, tz: tzinfo, shift: int) -> SupportDesk:
    slots = len(plan.rows)
    rates = [0.0] * slots
    counts = [0] * slots
    aht = _week_aht(plan)
    for row in plan.rows:
        slot = (row.index + shift) % slots
        rates[slot] = row.calls / plan.interval * 3600.0
        counts[slot] = row.agents * plan.concurrency
    return SupportDesk(
        agents=max(counts),
        arrivals=RateProfile(rates, tz),
        handle_time=aht,
        patience=plan.patience,
        roster=Roster(counts, tz),
    )


def week_levels(
    plan: WeeklyPlan, target: ServiceLevelTarget, *, weeks: int, seed: int, level: float
) -> list[tuple[int, float, float, float, int] | None]:
    """Per row: (index, simulated level, low, high, contacts); None for a row with no agents
    and no forecast contacts (nothing to check).

    A row whose contacts fall in fewer than two weeks gets the uninformative interval [0, 1]
    (so it is never called short on no evidence).
    """
    # A numpy int is the int it holds; at most 10,000, as batches: 10**20 weeks raised
    # OverflowError building the tallies, and a 5,000-digit int broke the message's repr.
    # A bool or text is an InputTypeError, 1 or 2.5 a ConfigError (read_count).
    weeks = read_count(weeks, "weeks", 2, 10_000)
    dst = _dst_week(plan)
    start, tz, shift = (plan.rows[0].start, dst, 0) if dst else _week_shape(plan)
    assert start is not None  # both give a plan with starts
    if all(row.agents == 0 for row in plan.rows):
        # Nobody on shift all week: nothing to simulate, and nobody answers. Each row with
        # forecast contacts is short, as in the steady check (this was an error).
        return [(row.index, 0.0, 0.0, 0.0, 0) if row.calls > 0 else None for row in plan.rows]
    _check_week_work(plan, weeks, runs=weeks if dst else 1)
    desk = _dst_desk(plan, dst) if dst else _desk(plan, tz, shift)
    warm = timedelta(days=1)
    t0 = start.astimezone(UTC)
    n = len(plan.rows)
    offered = [[0] * weeks for _ in range(n)]
    within = [[0] * weeks for _ in range(n)]
    if dst:
        # The week's own DST change happens once: each week is its own run of the real
        # week (independent replications, a day of warm-up each), not weeks in a row.
        length = timedelta(seconds=n * plan.interval)
        runs = [simulate(desk, t0 - warm, t0 + length, seed=seed + w) for w in range(weeks)]
    else:
        runs = [simulate(desk, t0 - warm, t0 + timedelta(weeks=weeks), seed=seed)]
    for w, run in enumerate(runs):
        for c in run.contacts():
            offset = (c.arrived_at.astimezone(UTC) - t0).total_seconds()
            if offset < 0 or (c.answered_at is None and c.abandoned_at is None):
                continue
            week, row = divmod(int(offset // plan.interval), n)
            week += w
            if week >= weeks or (dst and week != w):
                continue
            offered[row][week] += 1
            wait = c.wait
            if c.answered_at is not None and wait is not None and wait <= target.within:
                within[row][week] += 1
    # A row with contacts but no agents is checked too: its contacts wait for the next shift.
    checked = [row.agents > 0 or row.calls > 0 for row in plan.rows]
    return [row_level(checked[i], i, offered[i], within[i], level, scale="logit") for i in range(n)]


def _check_week_work(plan: WeeklyPlan, weeks: int, runs: int) -> None:
    """Refuse a week check whose simulation would run for minutes (``MAX_WEEK_CHECK_WORK``).

    The expected contacts: ``weeks`` times the week's forecast, plus, for each run, a day of
    warm-up, which repeats the week's last day (its rows are the slots before the start).
    """
    week = math.fsum(row.calls for row in plan.rows)
    day_rows = round(24 * 3600 / plan.interval)
    warm_up = math.fsum(row.calls for row in plan.rows[-day_rows:])
    contacts = weeks * week + runs * warm_up
    if contacts > MAX_WEEK_CHECK_WORK:
        raise StaffingError(
            f"check_plan(mode='week', weeks={weeks}) would simulate about {contacts:.3g} "
            f"contacts ({weeks} weeks of {week:.3g} forecast contacts, plus warm-up), more than "
            f"the week check's bound ({MAX_WEEK_CHECK_WORK:,} contacts); use fewer weeks, or "
            "mode='steady' for the busiest intervals"
        )


def ratio_interval(
    met: Sequence[int], offered: Sequence[int], level: float, *, scale: str = "linear"
) -> tuple[float, float, float]:
    """The pooled share ``Σ met / Σ offered`` over batches and its batch-means interval.

    The service level is a ratio of two batch totals, so its standard error is the ratio
    estimator's (the delta method; W. G. Cochran, *Sampling Techniques*, 3rd ed., 1977,
    ch. 6): ``sqrt(Σ_b (m_b − r·n_b)² / (B(B − 1))) / n̄``, over all ``B`` batches, empty ones
    included. It is the same number as the regenerative method's ratio estimator in A. M. Law
    and W. D. Kelton, *Simulation Modeling and Analysis* (ch. 9): ``s² = s₁₁ − 2r·s₁₂ +
    r²·s₂₂`` over the (met, offered) pairs, half width ``z·sqrt(s²/B) / n̄`` -- here with
    Student's t on ``B − 1`` degrees of freedom, wider for few batches. The estimator is
    biased by O(1/B) and its interval assumes near-independent batches, which is why batches
    should be long (half an hour or more) and the week check takes whole weeks. The mean of the
    batch shares instead weights a batch of one contact like a batch of a hundred and counts an
    empty batch as some level, which biases it (upwards for a quiet interval: busy batches,
    which wait longer, hold more of the contacts). The interval is never narrower than the
    Wilson score interval of ``Σ met`` out of ``Σ offered`` (contacts taken as independent,
    the least uncertainty a queue's correlated waits leave). Needs ``Σ offered > 0`` and at
    least two batches; the interval is clipped to [0, 1].

    ``scale="logit"`` takes the same standard error to the log-odds of the share (the delta
    method: ``se / (r(1 − r))``), puts the t interval there and maps it back: an interval
    inside (0, 1), longer on the side away from the nearer bound (A. Agresti, *Categorical
    Data Analysis*, 3rd ed., 2013, §1.4 and §16.1, the delta method and the logit interval
    for a proportion). The steady check uses it: a queue's service level is skewed (a batch
    with a burst of arrivals lowers it far more than a quiet batch raises it) and the
    estimated standard error is smallest in the runs whose level came out highest, so the
    symmetric interval missed mostly on one side -- in 2,000 runs of 20 two-hour batches at
    100 contacts per half hour the Erlang C level lay below it in 6.5 % of runs and above it
    in 1.0 %. A share of exactly 0 or 1 has no log-odds; it keeps the linear interval (every
    residual is 0 there, and the Wilson interval gives the width).

    Examples:
        >>> r, low, high = ratio_interval([8, 0, 9, 7], [10, 0, 10, 10], 0.95)
        >>> round(r, 4), low < r < high
        (0.8, True)
        >>> _, low, high = ratio_interval([80, 95, 90, 70], [100] * 4, 0.95, scale="logit")
        >>> round(low, 3), round(high, 3)  # further below 0.8375 than above it
        (0.585, 0.95)
    """
    if scale not in ("linear", "logit"):
        raise StaffingError(f"scale must be 'linear' or 'logit', got {scale!r}")
    batches = len(offered)
    total = sum(offered)
    pooled = sum(met) / total
    mean_offered = total / batches
    residuals = math.fsum((m - pooled * n) ** 2 for m, n in zip(met, offered, strict=True))
    se = math.sqrt(residuals / (batches * (batches - 1))) / mean_offered
    t = t_quantile(0.5 + level / 2, batches - 1)
    if scale == "logit" and 0 < pooled < 1:
        centre = math.log(pooled / (1 - pooled))
        spread = t * se / (pooled * (1 - pooled))
        low, high = _expit(centre - spread), _expit(centre + spread)
    else:
        low, high = pooled - t * se, pooled + t * se
    # Never narrower than the Wilson interval of the contacts taken as independent: waits in
    # a queue are positively correlated, so that is the least uncertainty there is. It keeps
    # a quiet interval whose few contacts were all answered in time (every residual 0) from
    # claiming [100 %, 100 %].
    wilson_low, wilson_high = wilson_interval(sum(met), total, level)
    return (
        pooled,
        max(0.0, min(low, wilson_low)),
        min(1.0, max(high, wilson_high)),
    )


def _expit(x: float) -> float:
    """The inverse of the log-odds, ``1 / (1 + e^-x)``, without overflow for large ``|x|``."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def row_level(
    checked: bool,
    i: int,
    offered: Sequence[int],
    within: Sequence[int],
    level: float,
    *,
    scale: str = "linear",
) -> tuple[int, float, float, float, int] | None:
    """(index, pooled level, low, high, contacts) of one row from its batches, ``None`` if it
    is not checked: no contacts give level 1 in [0, 1], contacts in fewer than two batches
    their share in [0, 1] (no spread between batches to estimate an error from), else the
    ratio interval (on ``scale``, see ``ratio_interval``)."""
    if not checked:
        return None
    total = sum(offered)
    if total == 0:
        return (i, 1.0, 0.0, 1.0, 0)
    if sum(1 for o in offered if o) < 2:
        return (i, sum(within) / total, 0.0, 1.0, total)
    pooled, low, high = ratio_interval(within, offered, level, scale=scale)
    return (i, pooled, low, high, total)
