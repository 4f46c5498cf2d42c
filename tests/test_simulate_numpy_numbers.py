"""A desk's figures from a frame: numpy numbers are the numbers they hold.

``SupportDesk(agents=numpy.int64(3))`` was read, but its arrivals, handle time and patience,
``Exponential``/``LogNormal`` means and ``cv``, and ``RateProfile`` rates refused a
``numpy.int64`` or ``numpy.float32`` (``frame["calls"].sum()``, a float32 column's mean) as
no number; so did ``plan_intervals(concurrency=numpy.int64(2))``, whose other figures were
read. numpy's bool and times stay refused.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, StaffingError
from servicemodel.simulate import Exponential, LogNormal, RateProfile, SupportDesk
from servicemodel.staffing import ServiceLevelTarget, plan_intervals

KINDS = [np.int64, np.int32, np.uint16, np.float32, np.float64, np.float16]
SL = ServiceLevelTarget(0.8, 20)


@given(
    st.sampled_from(KINDS),
    st.integers(min_value=1, max_value=2000),
    st.integers(min_value=1, max_value=2000),
    st.integers(min_value=0, max_value=500),
)
def test_numpy_figures_give_the_desk_python_numbers_give(
    kind: Any, handle: int, patience: int, arrivals: int
) -> None:
    plain = SupportDesk(
        agents=3,
        arrivals=float(kind(arrivals)),
        handle_time=float(kind(handle)),
        patience=float(kind(patience)),
    )
    desk = SupportDesk(
        agents=3, arrivals=kind(arrivals), handle_time=kind(handle), patience=kind(patience)
    )
    assert desk == plain
    assert type(desk.handle_time.mean) is float
    assert LogNormal(kind(handle), cv=kind(1)) == LogNormal(float(kind(handle)), cv=1.0)
    assert type(LogNormal(60, cv=kind(1)).cv) in (int, float)
    assert RateProfile.constant(kind(arrivals)) == RateProfile.constant(float(kind(arrivals)))
    assert RateProfile([kind(arrivals)] * 168).per_hour == (float(kind(arrivals)),) * 168


@pytest.mark.parametrize(
    "bad",
    [np.True_, np.timedelta64(5, "s"), np.datetime64("2026-01-01"), "300"],
    ids=["bool", "timedelta64", "datetime64", "text"],
)
def test_numpy_bools_and_times_are_no_seconds(bad: Any) -> None:
    with pytest.raises(InputTypeError, match=r"^handle_time: expected Exponential, LogNormal"):
        SupportDesk(agents=1, arrivals=10, handle_time=bad)
    with pytest.raises(InputTypeError, match=r"^arrivals: expected a RateProfile"):
        SupportDesk(agents=1, arrivals=bad, handle_time=300)


def test_a_numpy_nan_is_refused_as_before() -> None:
    with pytest.raises(ConfigError, match="must be a positive finite duration"):
        Exponential(np.float32("nan"))
    with pytest.raises(ConfigError, match="must be a finite rate"):
        SupportDesk(agents=1, arrivals=np.float64("inf"), handle_time=300)


@pytest.mark.parametrize("kind", [np.int64, np.int32, np.uint8])
def test_a_numpy_concurrency_is_the_int_it_holds(kind: Any) -> None:
    plain = plan_intervals([10.0, 20.0], aht=180, targets=[SL], concurrency=2)
    plan = plan_intervals([10.0, 20.0], aht=180, targets=[SL], concurrency=kind(2))
    assert plan == plain
    assert type(plan.concurrency) is int


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (2.5, ConfigError),
        (np.float64(2.5), ConfigError),
        (math.nan, ConfigError),
        (True, InputTypeError),
        (np.True_, InputTypeError),
        ("2", InputTypeError),
        (0, StaffingError),
        (2**53 + 1, StaffingError),
    ],
)
def test_what_is_no_concurrency_is_refused(bad: Any, error: type[Exception]) -> None:
    # A whole float (2.0) is a concurrency, as it is a number of agents (test_count_rules). A
    # value of the wrong type is an InputTypeError, a number holding no whole value a
    # ConfigError, a whole number out of range a StaffingError; one message for all.
    with pytest.raises(error, match=r"^concurrency must be a whole number from 1 to 2\*\*53"):
        plan_intervals([10.0], aht=timedelta(minutes=3), targets=[SL], concurrency=bad)
