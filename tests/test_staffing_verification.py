"""Laws found missing by an independent recomputation of the staffing figures.

- the agents a target needs never fall when the load grows (Erlang C and Erlang A), and
  Erlang A, whose impatient callers shorten the queue, never asks for more than Erlang C;
- a plan checks its handle time, targets and ``within`` before any interval is staffed, so a
  plan whose intervals are all empty refuses them too instead of keeping them in its rows.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import InputTypeError, ServiceModelError, StaffingError
from servicemodel.staffing import (
    AbandonmentTarget,
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    plan_intervals,
    required_agents,
    required_agents_erlang_a,
)

SL = ServiceLevelTarget(fraction=0.8, within=20)

c_targets = st.one_of(
    st.builds(ServiceLevelTarget, st.floats(0.05, 0.99), st.sampled_from([0, 5, 20, 60])),
    st.builds(AsaTarget, st.floats(1, 120)),
    st.builds(OccupancyTarget, st.floats(0.5, 1.0)),
)


def _workload(load: float, aht: float) -> Workload:
    return Workload(calls=load * 1800 / aht, interval=1800, aht=aht)


@settings(max_examples=60, deadline=None)
@given(
    load=st.floats(1e-4, 500),
    growth=st.floats(0, 0.5),
    aht=st.sampled_from([30.0, 180.0, 600.0]),
    targets=st.lists(c_targets, min_size=1, max_size=3),
    patience=st.sampled_from([10.0, 60.0, 300.0, 3000.0]),
)
def test_agents_needed_never_fall_as_the_load_grows(
    load: float, growth: float, aht: float, targets: list[object], patience: float
) -> None:
    light, heavy = _workload(load, aht), _workload(load * (1 + growth), aht)
    c_light = required_agents(light, *targets).agents  # type: ignore[arg-type]
    c_heavy = required_agents(heavy, *targets).agents  # type: ignore[arg-type]
    a_light = required_agents_erlang_a(light, *targets, patience=patience).agents  # type: ignore[arg-type]
    a_heavy = required_agents_erlang_a(heavy, *targets, patience=patience).agents  # type: ignore[arg-type]
    assert c_light <= c_heavy
    assert a_light <= a_heavy
    assert a_light <= c_light
    assert a_heavy <= c_heavy


bad_ahts = st.sampled_from([0, -1, -180.0, math.nan, math.inf, -math.inf])


@settings(max_examples=30, deadline=None)
@given(empty=st.integers(1, 48), aht=bad_ahts, model=st.sampled_from(["erlang-c", "erlang-a"]))
def test_a_plan_of_empty_intervals_refuses_a_bad_handle_time(
    empty: int, aht: float, model: str
) -> None:
    with pytest.raises(StaffingError, match="aht must be a positive finite duration"):
        plan_intervals(
            [0] * empty,
            aht=aht,
            targets=[SL],
            model=model,  # type: ignore[arg-type]
            patience=300,
        )


@pytest.mark.parametrize("calls", [[0, 0], [0, 100]])
def test_plan_targets_are_checked_before_any_interval(calls: list[float]) -> None:
    with pytest.raises(InputTypeError, match=r"targets\[1\]: expected a ServiceLevelTarget.*int 3"):
        plan_intervals(calls, aht=180, targets=[SL, 3])  # type: ignore[list-item]
    with pytest.raises(StaffingError, match=r"targets\[0\]: an AbandonmentTarget needs"):
        plan_intervals(calls, aht=180, targets=[AbandonmentTarget(0.05)])
    with pytest.raises(StaffingError, match=r"^within must be a finite number ≥ 0, got -1"):
        plan_intervals(calls, aht=180, targets=[SL], within=-1)


def test_an_erlang_a_plan_of_empty_intervals_takes_an_abandonment_target() -> None:
    plan = plan_intervals(
        [0, 0], aht=180, targets=[AbandonmentTarget(0.05)], model="erlang-a", patience=300
    )
    assert [r.agents for r in plan.rows] == [0, 0]
    assert [r.aht for r in plan.rows] == [180.0, 180.0]


def test_every_refusal_is_a_service_model_error() -> None:
    for aht in ("3m", None, True):
        with pytest.raises(ServiceModelError, match="seconds"):
            plan_intervals([0], aht=aht, targets=[SL])  # type: ignore[arg-type]
