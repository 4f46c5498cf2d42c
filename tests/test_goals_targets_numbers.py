"""Goal targets a KPI can never meet, and goal numbers read from numpy and pandas."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, GoalError, InputTypeError
from servicemodel.goals import Comparator, SmartGoal, goals_from_dict
from servicemodel.kpi import Estimate

START = datetime(2026, 8, 3, tzinfo=UTC)
BASE: dict[str, Any] = {
    "name": "g",
    "objective": "why",
    "start": START,
    "deadline": START + timedelta(weeks=13),
}
#: (kpi, unit, lowest value, highest value) of the KPIs whose values a goal knows.
RANGES = [
    ("csat", "share", 0.0, 1.0),
    ("reopen_rate", "share", 0.0, 1.0),
    ("nps", "points", -100.0, 100.0),
    ("first_reply_time", "h", 0.0, math.inf),
    ("resolution_time", "d", 0.0, math.inf),
]


def _baseline(comparator: Comparator, target: float, low: float, high: float) -> float | None:
    """A baseline on the unmet side of the target and among the KPI's values, if one exists."""
    if comparator.lower_is_better:
        above = min(high, target + 1)
        return above if above > target else None
    below = max(low, target - 1)
    return below if below < target else None


@given(
    st.sampled_from(RANGES),
    st.sampled_from(list(Comparator)),
    st.floats(min_value=-300, max_value=300, allow_nan=False),
)
def test_a_goal_is_built_exactly_when_some_value_of_its_kpi_meets_the_target(
    kpi_range: tuple[str, str, float, float], comparator: Comparator, target: float
) -> None:
    kpi, unit, low, high = kpi_range
    if unit == "share" and not 0 <= target <= 1:
        return  # a share outside [0, 1] has its own error (90 written for 90 %)
    fields = {**BASE, "kpi": kpi, "unit": unit, "comparator": comparator, "target": target}
    fields["baseline"] = _baseline(comparator, target, low, high)
    if fields["baseline"] is None:
        return  # no baseline short of it: refused as already met (a goal asks for a change)
    reachable = comparator.holds(low if comparator.lower_is_better else high, target)
    if reachable:
        assert SmartGoal(**fields).target == target
    else:
        with pytest.raises(GoalError, match=r"is not attainable: target .* can never be met: "):
            SmartGoal(**fields)


@pytest.mark.parametrize(
    ("kpi", "unit", "comparator", "target", "said"),
    [
        ("csat", "share", ">", 1.0, "target > 1 can never be met: a share is at most 1"),
        ("reopen_rate", "share", "<", 0.0, "target < 0 can never be met: a share is at least 0"),
        ("nps", "points", ">=", 120, "target >= 120 can never be met: an NPS is at most 100"),
        ("first_reply_time", "h", "<", 0, "target < 0 can never be met: a time is at least 0"),
    ],
)
def test_an_unreachable_target_is_named_with_its_path(
    kpi: str, unit: str, comparator: str, target: float, said: str
) -> None:
    # It was built and stayed at risk for ever, or on track when the trend ran past the
    # possible values (an NPS trend reaching 130 "met" >= 120).
    fields = {**BASE, "kpi": kpi, "unit": unit, "comparator": comparator, "target": target}
    fields["baseline"] = target + 1 if comparator.startswith("<") else target - 1
    fields.update(start="2026-08-03", deadline="2026-11-02", tz="Europe/Berlin")
    with pytest.raises(
        ConfigError, match=rf"^goals\[0\]\.target: goal 'g' is not attainable: {said}$"
    ):
        goals_from_dict({"goals": [fields]})


NUMPY_TYPES = [np.int64, np.int32, np.uint16, np.float32, np.float64]


@given(st.sampled_from(NUMPY_TYPES), st.integers(min_value=1, max_value=1000))
def test_numpy_numbers_give_the_goal_plain_numbers_give(kind: Any, whole: int) -> None:
    # A figure read from a frame is a numpy scalar: numpy.float64 (a float subclass) was taken
    # and numpy.int64 or float32 refused, in SmartGoal(...) and in goals_from_dict alike.
    target, baseline, most = kind(whole), kind(whole + 2), kind(5)
    fields = {**BASE, "kpi": "handled", "comparator": "<"}
    plain = SmartGoal(
        **fields, target=float(target), baseline=float(baseline), max_improvement=float(most)
    )
    assert SmartGoal(**fields, target=target, baseline=baseline, max_improvement=most) == plain
    assert type(SmartGoal(**fields, target=target, baseline=baseline).target) is float
    dates = {"start": "2026-08-03T00:00:00+00:00", "deadline": plain.to_dict()["deadline"]}
    read = goals_from_dict(
        {
            "goals": [
                {**fields, **dates, "target": target, "baseline": baseline, "max_improvement": most}
            ]
        }
    )
    assert read[0] == plain


@pytest.mark.parametrize("column", [pd.Series([2.0]), np.array([2.0]), pd.Index([2.0])], ids=type)
def test_a_column_is_no_goal_number(column: Any) -> None:
    with pytest.raises(InputTypeError, match="expected a number or None, got"):
        SmartGoal(**BASE, kpi="handled", comparator="<", target=column, baseline=4.0)
    goal = SmartGoal(**BASE, kpi="handled", comparator="<", target=2.0, baseline=4.0)
    with pytest.raises(InputTypeError, match="value: expected a number, got"):
        goal.progress(column)  # a one-row Series gave its value, with a FutureWarning


def test_a_numpy_bool_flag_is_named_as_numpy_s() -> None:
    # (frame.value > 0).any() is a numpy bool, whose type is named 'bool' too: the error read
    # "strict: expected bool, got bool np.True_".
    goal = SmartGoal(**BASE, kpi="handled", comparator="<", target=2.0, baseline=4.0)
    said = r"^strict: expected bool, got numpy\.bool np\.True_ \(bool\(value\) gives a bool\)$"
    with pytest.raises(InputTypeError, match=said):
        goal.evaluate({}, at=START, strict=np.bool_(True))
    with pytest.raises(InputTypeError, match=r"^strict: expected bool, got numpy\.int64 "):
        goal.evaluate({}, at=START, strict=np.int64(1))
    assert goal.evaluate({}, at=START, strict=bool(np.bool_(True))).strict is True


@given(
    st.lists(st.floats(min_value=0, max_value=10) | st.none(), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=100),
)
def test_a_pandas_series_of_estimates_is_read_as_the_dict_it_holds(
    values: list[float | None], days: int
) -> None:
    # Iterated, a Series gives its estimates alone: it was refused as "expected (period,
    # estimate) pairs" although it maps each period to its estimate as a dict does.
    goal = SmartGoal(**BASE, kpi="handled", comparator="<", target=2.0, baseline=4.0)
    series = {
        START + timedelta(weeks=i): Estimate("x", v, 0 if v is None else 30)
        for i, v in enumerate(values)
    }
    at = START + timedelta(days=days)
    assert goal.evaluate(pd.Series(series), at=at) == goal.evaluate(series, at=at)


@pytest.mark.parametrize("field", ["target", "baseline", "max_improvement"])
@pytest.mark.parametrize(
    ("bad", "error", "said"),
    [
        (np.bool_(True), InputTypeError, "expected a number or None, got numpy.bool np.True_"),
        ("2", InputTypeError, "expected a number or None, got str '2'"),
        (10**400, GoalError, "<int of about 401 digits> is too large"),
    ],
)
def test_a_refused_goal_number_names_its_field(
    field: str, bad: object, error: type[Exception], said: str
) -> None:
    # "expected a number or None, got bool np.True_" said neither which of the three numbers
    # it was nor that the bool was numpy's; a huge int was a "goal number".
    numbers = {"target": 2.0, "baseline": 4.0, field: bad}
    with pytest.raises(error, match=rf"^{field}: {re.escape(said)}"):
        SmartGoal(**BASE, kpi="handled", comparator="<", **numbers)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["name", "kpi", "statistic", "objective", "serves"])
def test_a_refused_goal_text_names_its_field(field: str) -> None:
    fields = {**BASE, "kpi": "handled", "comparator": "<", "target": 2.0, "baseline": 4.0}
    fields[field] = 7
    with pytest.raises(InputTypeError, match=rf"^{field}: expected a string or None, got int 7$"):
        SmartGoal(**fields)
