"""Boundary rules of goals: comparators at equality, the window's closed ends, the credible
improvement's edge and the order of points keyed in different zones (docs/goals.md)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.goals import Comparator, GoalState, SmartGoal
from servicemodel.kpi import Estimate

START = datetime(2026, 8, 3, tzinfo=UTC)
DEADLINE = START + timedelta(weeks=13)

BASE: dict[str, Any] = {
    "name": "replies under 2 h",
    "kpi": "first_reply_time",
    "unit": "h",
    "comparator": "<",
    "target": 2.0,
    "baseline": 4.0,
    "objective": "customers hear from us fast",
    "start": START,
    "deadline": DEADLINE,
}

# "Whether ``value <comparator> target`` is true" (Comparator.holds).
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def goal(**changes: Any) -> SmartGoal:
    return SmartGoal(**{**BASE, **changes})


def est(value: float) -> Estimate:
    return Estimate("kpi", value, 100, lower=value - 0.2, upper=value + 0.2)


# Small integers, so that a value equal to the target is drawn often.
small = st.integers(min_value=-5, max_value=5).map(float)


@given(comparator=st.sampled_from(list(Comparator)), value=small, target=small)
def test_a_comparator_holds_exactly_as_its_operator(
    comparator: Comparator, value: float, target: float
) -> None:
    assert comparator.holds(value, target) is OPERATORS[comparator.value](value, target)


def test_a_value_equal_to_the_target_meets_an_inclusive_comparator_only() -> None:
    assert Comparator.GE.holds(0.9, 0.9)
    assert Comparator.LE.holds(0.9, 0.9)
    assert not Comparator.GT.holds(0.9, 0.9)
    assert not Comparator.LT.holds(0.9, 0.9)


def test_at_the_start_a_point_at_the_start_is_read() -> None:
    # Points count within [start, min(at, deadline)]; only an `at` before the start is
    # not_started. At the start itself, the point of the first period is used.
    met = goal().evaluate({START: est(1.5)}, at=START)
    assert met.status is GoalState.ACHIEVED
    assert met.points == 1
    not_met = goal().evaluate({START: est(3.5)}, at=START)
    assert not_met.status is GoalState.AT_RISK  # one point: a flat line at 3.5
    assert not_met.points == 1


@given(after=st.integers(min_value=0, max_value=60))
def test_a_goal_met_by_its_last_point_is_achieved_at_and_after_the_deadline(after: int) -> None:
    # "achieved: the latest point meets the target" comes before "missed: the deadline has
    # passed and the last point before it does not meet the target".
    at = DEADLINE + timedelta(days=after)
    series = {START: est(3.5), START + timedelta(weeks=12): est(1.5)}
    status = goal().evaluate(series, at=at)
    assert status.status is GoalState.ACHIEVED
    missed = goal().evaluate({**series, START + timedelta(weeks=12): est(2.5)}, at=at)
    assert missed.status is GoalState.MISSED


@given(
    baseline=st.integers(min_value=1, max_value=50),
    change=st.integers(min_value=1, max_value=20),
    most=st.integers(min_value=1, max_value=25),
)
def test_attainable_exactly_when_the_change_is_at_most_the_credible_improvement(
    baseline: int, change: int, most: int
) -> None:
    # "a target further from the baseline than max_improvement is flagged": a change equal to
    # it is credible.
    g = goal(
        kpi="backlog",
        target=float(baseline + change),
        baseline=float(baseline),
        comparator=">=",
        max_improvement=float(most),
    )
    assert g.attainable is (change <= most)
    assert (g.warnings == ()) is (change <= most)


ZONES = [UTC, ZoneInfo("Asia/Tokyo"), ZoneInfo("America/New_York"), ZoneInfo("Pacific/Kiritimati")]


@given(
    hours=st.lists(st.integers(min_value=0, max_value=48), min_size=1, max_size=8, unique=True),
    data=st.data(),
)
def test_the_latest_point_is_the_latest_instant_whatever_zones_keys_are_in(
    hours: list[int], data: st.DataObject
) -> None:
    # The latest point is the latest instant: keying the same instants in other zones (whose
    # wall clocks order them differently: hours apart, offsets up to 19 h apart) changes
    # nothing.
    values = data.draw(st.lists(small.map(abs), min_size=len(hours), max_size=len(hours)))
    zones = data.draw(st.lists(st.sampled_from(ZONES), min_size=len(hours), max_size=len(hours)))
    instants = [START + timedelta(hours=h) for h in hours]
    in_utc = dict(zip(instants, map(est, values), strict=True))
    zoned = {t.astimezone(z): e for (t, e), z in zip(in_utc.items(), zones, strict=True)}
    at = START + timedelta(days=85)
    a = goal().evaluate(in_utc, at=at)
    b = goal().evaluate(zoned, at=at)
    last = max(instants)
    assert a.latest_at == last
    assert b.latest_at == last
    assert b.latest is in_utc[last]
    assert (b.status, b.progress) == (a.status, a.progress)
