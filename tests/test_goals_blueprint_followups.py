"""Goal statuses and goal estimates refuse what no evaluation gives; goal gaps measure toward
the worst value on the goal's own side; goal targets are checked on the KPI's known scale."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError
from servicemodel.goals import GoalState, GoalStatus, SmartGoal
from servicemodel.kpi import Estimate

START = datetime(2026, 8, 3, tzinfo=UTC)
BASE: dict[str, Any] = {
    "name": "g",
    "objective": "why",
    "start": START,
    "deadline": START + timedelta(weeks=13),
}

NOT_FINITE = st.sampled_from([math.nan, math.inf, -math.inf])
FINITE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


def _status(**fields: Any) -> GoalStatus:
    return GoalStatus("g", GoalState.ON_TRACK, START, "ok", **fields)


def _time_goal() -> SmartGoal:
    return SmartGoal(
        **BASE, kpi="first_reply_time", unit="h", comparator="<", target=2.0, baseline=4.0
    )


# --- GoalStatus and the estimates a goal reads -------------------------------------------------


@given(st.sampled_from(["progress", "projection", "slope_per_day"]), NOT_FINITE)
def test_a_status_number_that_is_not_finite_is_refused_naming_it(field: str, bad: float) -> None:
    """Law: progress, projection and slope are finite or None; NaN and infinities are refused."""
    with pytest.raises(ConfigError, match=rf"^GoalStatus\.{field}: {bad!r} is not a finite"):
        _status(**{field: bad})
    assert _status(**{field: None}).to_dict()[field] is None


@given(st.sampled_from(["progress", "projection", "slope_per_day"]), FINITE)
def test_a_finite_status_number_is_kept(field: str, value: float) -> None:
    assert _status(**{field: value}).to_dict()[field] == value


def _estimate_like(value: Any, lower: Any, upper: Any, n: Any = 30) -> SimpleNamespace:
    return SimpleNamespace(value=value, lower=lower, upper=upper, n=n)


@given(FINITE, FINITE, FINITE)
def test_a_status_refuses_a_latest_interval_exactly_when_it_is_reversed(
    value: float, a: float, b: float
) -> None:
    """Law: a hand-built latest estimate is kept iff lower <= upper; else refused naming both."""
    latest = _estimate_like(value, a, b)
    if a <= b:
        assert _status(latest=latest).to_dict()["latest"]["lower"] == a
    else:
        with pytest.raises(ConfigError, match=r"^GoalStatus\.latest: lower bound .* is above"):
            _status(latest=latest)


@given(st.sampled_from(["value", "lower", "upper"]), NOT_FINITE)
def test_a_status_refuses_a_latest_value_or_bound_that_is_not_finite(
    field: str, bad: float
) -> None:
    fields: dict[str, Any] = {"value": 1.0, "lower": None, "upper": None}
    fields[field] = bad
    with pytest.raises(ConfigError, match=rf"^GoalStatus\.latest\.{field}: "):
        _status(latest=_estimate_like(**fields))


@pytest.mark.parametrize(
    ("fields", "error", "said"),
    [
        ({"value": "1"}, InputTypeError, r"^GoalStatus\.latest\.value: expected a number"),
        ({"n": -1}, ConfigError, r"^GoalStatus\.latest\.n must be a count"),
        ({"n": 2.5}, ConfigError, r"^GoalStatus\.latest\.n must be a count"),
    ],
)
def test_a_status_refuses_a_latest_of_the_wrong_kind(
    fields: dict[str, Any], error: type[Exception], said: str
) -> None:
    values: dict[str, Any] = {"value": 1.0, "lower": None, "upper": None, "n": 30, **fields}
    with pytest.raises(error, match=said):
        _status(latest=_estimate_like(**values))


@given(FINITE, FINITE, FINITE)
def test_a_goal_refuses_a_reversed_interval_where_it_reads_one(
    value: float, a: float, b: float
) -> None:
    """Law: meets() and evaluate() read an estimate-like iff its interval is in order."""
    goal = _time_goal()
    est = _estimate_like(value, a, b)
    at = START + timedelta(days=1)
    if a <= b:
        goal.meets(est, strict=True)
        assert goal.evaluate({START: est}, at=at).latest is est
        return
    with pytest.raises(ConfigError, match=r"^estimate: lower bound .* is above upper bound"):
        goal.meets(est, strict=True)
    with pytest.raises(ConfigError, match=r"^series\[.*\]: lower bound .* is above upper bound"):
        goal.evaluate({START: est}, at=at)


@given(st.sampled_from(["value", "lower", "upper"]), NOT_FINITE)
def test_a_goal_refuses_an_estimate_that_is_not_finite(field: str, bad: float) -> None:
    # A NaN value compared false with the target: meets() said "not met" without a word.
    fields: dict[str, Any] = {"value": 1.0, "lower": None, "upper": None}
    fields[field] = bad
    est = _estimate_like(**fields)
    with pytest.raises(ServiceModelError, match=rf"^estimate\.{field}: "):
        _time_goal().meets(est)
    with pytest.raises(ServiceModelError, match=rf"^series\[.*\]\.{field}: "):
        _time_goal().evaluate({START: est}, at=START + timedelta(days=1))


def test_an_evaluation_still_builds_its_status_from_real_estimates() -> None:
    goal = _time_goal()
    series = {START + timedelta(weeks=w): Estimate("frt", v, 50, lower=v - 0.2, upper=v + 0.2)
              for w, v in enumerate([3.8, 3.5, 3.1])}  # fmt: skip
    status = goal.evaluate(series, at=START + timedelta(weeks=3))
    assert attrs.evolve(status) == status
    assert status.status is GoalState.ON_TRACK
