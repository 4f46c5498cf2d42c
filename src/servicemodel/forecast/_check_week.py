"""A weekly plan checked as one continuous run: queues carry over from one interval to the next.

The steady-state check (``check_plan(mode="steady")``) simulates every interval as its own
stationary queue, which is the Erlang model's own assumption and so cannot see what a real week
does: a backlog left by an understaffed half hour is served in the next one, a morning ramp-up
meets a queue that built overnight, agents going off shift finish their contact first. Here the
whole week is one run: arrivals follow the plan's forecast half hour by half hour, a
[`Roster`][servicemodel.simulate.Roster] puts each row's agents on shift, and the run repeats
the same week ``weeks`` times after a one-day warm-up. Each interval's simulated service level
pools the contacts that arrived in it; its interval is the batch mean over the weeks ± t·SE
(weeks are near-independent batches; the intervals of one week are not, which is why they are
not used as batches).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

from servicemodel.errors import StaffingError
from servicemodel.kpi._intervals import t_quantile
from servicemodel.simulate import RateProfile, Roster, SupportDesk, simulate
from servicemodel.simulate._roster import week_slot
from servicemodel.staffing import ServiceLevelTarget, WeeklyPlan

__all__ = ["week_levels"]

_WEEK = 7 * 24 * 3600.0


def _week_shape(plan: WeeklyPlan) -> tuple[datetime, timezone, int]:
    """The plan's start, the fixed-offset zone its slots are counted in, and the slot shift."""
    if plan.interval not in (1800.0, 3600.0) or len(plan.rows) * plan.interval != _WEEK:
        raise StaffingError(
            "mode='week' needs a plan of one week in half hours (336 rows) or hours (168), "
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


def _desk(plan: WeeklyPlan, tz: timezone, shift: int) -> SupportDesk:
    slots = len(plan.rows)
    rates = [0.0] * slots
    counts = [0] * slots
    ahts = {row.aht for row in plan.rows if row.agents > 0}
    if len(ahts) > 1:
        raise StaffingError(f"mode='week' needs one handle time for the week, got {sorted(ahts)}")
    for row in plan.rows:
        slot = (row.index + shift) % slots
        rates[slot] = row.calls / plan.interval * 3600.0
        counts[slot] = row.agents * plan.concurrency
    if max(counts) == 0:
        raise StaffingError("the plan staffs no interval: nothing to simulate")
    return SupportDesk(
        agents=max(counts),
        arrivals=RateProfile(rates, tz),
        handle_time=ahts.pop(),
        patience=plan.patience,
        roster=Roster(counts, tz),
    )


def week_levels(
    plan: WeeklyPlan, target: ServiceLevelTarget, *, weeks: int, seed: int, level: float
) -> list[tuple[int, float, float, float, int] | None]:
    """Per row: (index, simulated level, low, high, contacts), or None for an unstaffed row.

    A row whose contacts fall in fewer than two weeks gets the uninformative interval [0, 1]
    (so it is never called short on no evidence).
    """
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 2:
        raise StaffingError(f"weeks must be an int ≥ 2, got {weeks!r}")
    start, tz, shift = _week_shape(plan)
    desk = _desk(plan, tz, shift)
    warm = timedelta(days=1)
    t0 = start.astimezone(UTC)
    run = simulate(desk, t0 - warm, t0 + timedelta(weeks=weeks), seed=seed)
    n = len(plan.rows)
    offered = [[0] * weeks for _ in range(n)]
    within = [[0] * weeks for _ in range(n)]
    for c in run.contacts():
        offset = (c.arrived_at.astimezone(UTC) - t0).total_seconds()
        if offset < 0 or (c.answered_at is None and c.abandoned_at is None):
            continue
        k = int(offset // plan.interval)
        week, row = divmod(k, n)
        if week >= weeks:
            continue
        offered[row][week] += 1
        wait = c.wait
        if c.answered_at is not None and wait is not None and wait <= target.within:
            within[row][week] += 1
    return [_row_level(plan.rows[i].agents, i, offered[i], within[i], level) for i in range(n)]


def _row_level(
    agents: int, i: int, offered: Sequence[int], within: Sequence[int], level: float
) -> tuple[int, float, float, float, int] | None:
    if agents == 0:
        return None
    total = sum(offered)
    if total == 0:
        return (i, 1.0, 0.0, 1.0, 0)
    pooled = sum(within) / total
    batches = [w / o for w, o in zip(within, offered, strict=True) if o]
    if len(batches) < 2:
        return (i, pooled, 0.0, 1.0, total)
    t = t_quantile(0.5 + level / 2, len(batches) - 1)
    half = t * statistics.stdev(batches) / math.sqrt(len(batches))
    return (i, pooled, max(0.0, pooled - half), min(1.0, pooled + half), total)
