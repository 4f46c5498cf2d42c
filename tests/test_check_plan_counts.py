"""check_plan reads its batches and weeks as every count is read: numpy ints too, within bounds."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.forecast import check_plan, forecast_arrivals, plan_week
from servicemodel.simulate import RateProfile, SupportDesk, simulate
from servicemodel.staffing import ServiceLevelTarget, WeeklyPlan, plan_intervals

TARGET = ServiceLevelTarget(0.8, 20)
STEADY = plan_intervals([100, 60], aht=180, targets=[TARGET])


def _week_plan() -> WeeklyPlan:
    profile = RateProfile.weekly([1] * 8 + [12] * 10 + [2] * 6, days=[1, 1, 1, 1, 0.8, 0.2, 0.1])
    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    desk = SupportDesk(agents=4, arrivals=profile, handle_time=180)
    history = simulate(desk, t0, t0 + timedelta(weeks=3), seed=5).histories()
    forecast = forecast_arrivals(history, since=t0, until=t0 + timedelta(weeks=3))
    return plan_week(forecast, aht=180, targets=[TARGET])


def test_numpy_int_batches_and_weeks_are_the_ints_they_hold() -> None:
    # batches=np.int64(5) was "batches must be an int in 2..10000, got np.int64(5)", beside a
    # numpy seed the same call took; weeks likewise.
    assert check_plan(STEADY, batches=np.int64(3)) == check_plan(STEADY, batches=3)
    week = _week_plan()
    chosen = {"mode": "week", "intervals": [18, 20]}
    assert check_plan(week, weeks=np.int32(2), **chosen) == check_plan(week, weeks=2, **chosen)


@pytest.mark.parametrize(
    ("bad", "shown"),
    [(10**20, "100000000000000000000"), (10**5000, "<int of about 5001 digits>"), (1, "1")],
    ids=["1e20", "5001 digits", "one"],
)
def test_weeks_off_the_bound_are_refused_naming_the_value(bad: int, shown: str) -> None:
    # 10**20 weeks raised OverflowError building the tallies; the message's repr of a
    # 5,000-digit int raised ValueError. An int out of range is of the right type: ConfigError.
    said = f"weeks must be a whole number from 2 to 10000, got int {shown}"
    with pytest.raises(ConfigError, match=f"^{re.escape(said)}$"):
        check_plan(STEADY, mode="week", weeks=bad)


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (np.bool_(True), InputTypeError),  # a bool is no count, of the wrong type
        ("5", InputTypeError),
        (2.5, ConfigError),  # a number holding no whole value
        (np.float64(2.5), ConfigError),
        (10_001, ConfigError),  # a whole number out of range
        (1, ConfigError),
    ],
)
def test_batches_that_are_no_whole_number_in_range_are_still_refused(
    bad: object, error: type[Exception]
) -> None:
    said = r"^batches must be a whole number from 2 to 10000, got "
    with pytest.raises(error, match=said):
        check_plan(STEADY, batches=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("whole", [5.0, np.float64(5.0)])
def test_a_whole_float_of_batches_is_the_count_it_holds(whole: float) -> None:
    # Read as every count is (a frame's column with a gap holds floats): 5.0 is 5 batches.
    assert check_plan(STEADY, batches=whole) == check_plan(STEADY, batches=5)
