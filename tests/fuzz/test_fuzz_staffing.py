"""Fuzz ``servicemodel.staffing``: Erlang B/C, queue metrics and staffing searches.

Besides the error contract: bounded time for any agent count, and finite probabilities.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.staffing import (
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    erlang_b,
    erlang_c,
    queue_metrics,
    required_agents,
    scheduled_agents,
)

from .conftest import assert_contract, expect_finite, fuzz_settings
from .hostile import HUGE, numbers

pytestmark = pytest.mark.fuzz

AGENTS = st.one_of(
    st.sampled_from([0, 1, 2, 14, 10**7, 10**9, 10**18, HUGE, -1, True, 14.0, math.nan, None]),
    st.integers(-5, 200),
    numbers(),
)
LOADS = st.one_of(
    st.sampled_from([1.0, 10.0, 0.0, -1.0, 1e-320, 1e308, math.inf, math.nan, HUGE, 10**7]),
    st.floats(0.001, 1000),
    numbers(),
)
DURATIONS = st.one_of(
    st.sampled_from([20, 0, 1e-320, 1e308, timedelta.max, timedelta(0), timedelta(seconds=-1)]),
    numbers(),
)


@fuzz_settings(150)
@given(agents=AGENTS, traffic=LOADS)
@example(agents=10**9, traffic=1.0)
def test_erlang(agents: Any, traffic: Any) -> None:
    for fn in (erlang_b, erlang_c):
        out = assert_contract(fn, agents, traffic)
        if isinstance(out, float):
            expect_finite(f"{fn.__name__}({agents!r}, {traffic!r})", probability=out)
            assert 0 <= out <= 1, f"{fn.__name__}({agents!r}, {traffic!r}) = {out}"


@fuzz_settings(100)
@given(calls=LOADS, interval=DURATIONS, aht=DURATIONS)
@example(calls=1e308, interval=1e-300, aht=1e308)
def test_workload(calls: Any, interval: Any, aht: Any) -> None:
    w = assert_contract(Workload, calls, interval, aht)
    if isinstance(w, Workload):
        expect_finite(repr(w), traffic=w.traffic, arrival_rate=w.arrival_rate)


@fuzz_settings(120)
@given(calls=LOADS, aht=DURATIONS, agents=AGENTS, within=DURATIONS)
@example(calls=1e308, aht=1e308, agents=HUGE, within=20)
def test_queue_metrics(calls: Any, aht: Any, agents: Any, within: Any) -> None:
    w = assert_contract(Workload, calls, 1800, aht)
    if not isinstance(w, Workload):
        return
    m = assert_contract(queue_metrics, w, agents, within=within)
    if not isinstance(m, Exception):
        what = f"queue_metrics({w!r}, {agents!r}, within={within!r})"
        expect_finite(what, pw=m.probability_of_waiting, sl=m.service_level, asa=m.asa)


TARGETS = st.one_of(
    st.builds(
        ServiceLevelTarget,
        st.sampled_from([0.8, 0.999999, 1e-300, 1 - 1e-16]),
        st.sampled_from([20, 0, 1e-320, 1e308, timedelta(0), timedelta(days=10**6)]),
    ),
    st.builds(AsaTarget, st.sampled_from([20, 1e-300, 1e308, 0.001])),
    st.builds(OccupancyTarget, st.sampled_from([0.85, 1e-300, 1.0, 1 - 1e-16])),
)


@fuzz_settings(100)
@given(
    calls=LOADS,
    aht=DURATIONS,
    targets=st.lists(st.one_of(TARGETS, numbers()), max_size=3),
    shrinkage=st.one_of(st.sampled_from([0.0, 0.3, 1 - 1e-16, 1.0, -0.0]), numbers()),
    within=st.one_of(st.none(), DURATIONS),
    max_agents=st.one_of(st.none(), AGENTS),
)
@example(
    calls=10**7,
    aht=1800,
    targets=[OccupancyTarget(0.85)],
    shrinkage=0.0,
    within=None,
    max_agents=None,
)
def test_required_agents(
    calls: Any, aht: Any, targets: list[Any], shrinkage: Any, within: Any, max_agents: Any
) -> None:
    w = assert_contract(Workload, calls, 1800, aht)
    if not isinstance(w, Workload):
        return
    assert_contract(
        required_agents, w, *targets, shrinkage=shrinkage, within=within, max_agents=max_agents
    )


@fuzz_settings(100)
@given(
    agents=AGENTS, shrinkage=st.one_of(st.sampled_from([1 - 1e-16, 5e-324, 0.3, 1.0]), numbers())
)
def test_scheduled_agents(agents: Any, shrinkage: Any) -> None:
    assert_contract(scheduled_agents, agents, shrinkage)


@fuzz_settings(60)
@given(fraction=numbers(), within=DURATIONS, seconds=DURATIONS, maximum=numbers())
def test_targets(fraction: Any, within: Any, seconds: Any, maximum: Any) -> None:
    assert_contract(ServiceLevelTarget, fraction, within)
    assert_contract(AsaTarget, seconds)
    assert_contract(OccupancyTarget, maximum)
