"""Staffing: a ``max_agents`` that leaves nothing to search says so plainly, and a number of
agents or a plan's ``model`` of the wrong type is an InputTypeError, never a StaffingError.

docs/staffing.md: with calls to answer, ``max_agents`` must be at least 1 (Erlang C: at least
floor(A) + 1, the first count with a steady state); a number of agents is a count, read as
every count is (14.5 or NaN a ``ConfigError``, a bool or text an ``InputTypeError``); a
``StaffingError`` is a queueing outcome or range.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, StaffingError
from servicemodel.staffing import (
    AbandonmentTarget,
    ServiceLevelTarget,
    Workload,
    erlang_a_metrics,
    plan_intervals,
    queue_metrics,
    required_agents,
    required_agents_erlang_a,
)

SL = ServiceLevelTarget(fraction=0.8, within=20)
#: 100 calls per 30 min at 180 s: A = 10 Erlangs (docs: the Call Centre Helper example).
CCH = Workload(calls=100, interval=1800, aht=180)

loads = st.floats(min_value=0.01, max_value=200.0)


@given(loads)
def test_max_agents_0_with_calls_says_it_must_be_at_least_1(calls: float) -> None:
    w = Workload(calls=calls, interval=1800, aht=180)
    with pytest.raises(StaffingError, match=r"^max_agents must be ≥ 1 with calls to answer .*0$"):
        required_agents(w, SL, max_agents=0)
    with pytest.raises(StaffingError, match=r"^max_agents must be ≥ 1 for Erlang A .*got 0$"):
        required_agents_erlang_a(w, AbandonmentTarget(0.05), patience=300, max_agents=0)


def test_max_agents_0_with_no_calls_plans_no_agents() -> None:
    # docs/staffing.md: a workload of no calls needs 0 agents, whatever the targets.
    night = Workload(calls=0, interval=1800, aht=180)
    assert required_agents(night, SL, max_agents=0).agents == 0
    assert required_agents_erlang_a(night, SL, patience=300, max_agents=0).agents == 0


@given(loads, st.data())
def test_a_cap_below_the_first_count_searched_names_both(calls: float, data: Any) -> None:
    w = Workload(calls=calls, interval=1800, aht=180)
    start = math.floor(w.traffic) + 1  # the first count with a steady state (N > A)
    cap = data.draw(st.integers(min_value=1, max_value=start - 1)) if start > 1 else None
    if cap is None:
        return  # A < 1: every cap from 1 is searched
    with pytest.raises(StaffingError) as info:
        required_agents(w, SL, max_agents=cap)
    message = str(info.value)
    assert message.startswith(f"max_agents={cap} is below {start}, the fewest agents")
    assert "from" not in message  # no "from 11 to max_agents=5"


@given(loads, st.integers(min_value=1, max_value=5))
def test_a_cap_from_the_first_count_searches_and_meets_or_says_unreachable(
    calls: float, extra: int
) -> None:
    w = Workload(calls=calls, interval=1800, aht=180)
    cap = math.floor(w.traffic) + extra
    reachable = cap >= required_agents(w, SL).agents  # the fewest meeting SL, uncapped
    if reachable:
        assert required_agents(w, SL, max_agents=cap).agents <= cap
    else:
        with pytest.raises(StaffingError, match=r"^unreachable target"):
            required_agents(w, SL, max_agents=cap)


def test_queue_metrics_reads_agents_as_a_count() -> None:
    assert queue_metrics(CCH, 14.0) == queue_metrics(CCH, 14)
    with pytest.raises(ConfigError, match=r"^agents must be a whole number, got float 14.5$"):
        queue_metrics(CCH, 14.5)
    with pytest.raises(InputTypeError, match=r"^agents must be a whole number, got str '14'$"):
        queue_metrics(CCH, "14")  # type: ignore[arg-type]


@given(
    st.one_of(
        st.booleans(),
        st.text(max_size=3),
        st.none(),
        st.lists(st.integers(min_value=1, max_value=3), max_size=2),
    )
)
def test_a_wrong_typed_count_or_model_is_never_a_staffing_error(bad: Any) -> None:
    calls: list[Any] = [
        lambda: queue_metrics(CCH, bad),
        lambda: erlang_a_metrics(CCH, bad, patience=300),
        lambda: plan_intervals([30.0], aht=180, targets=[SL], concurrency=bad),
    ]
    if not isinstance(bad, str):  # a model is named by text: other text is the StaffingError
        calls.append(lambda: plan_intervals([30.0], aht=180, targets=[SL], model=bad))
    if bad is not None:  # None is max_agents' default: the cap from the load
        calls.append(lambda: required_agents(CCH, SL, max_agents=bad))
    for call in calls:
        with pytest.raises(InputTypeError):
            call()


@given(st.floats(allow_nan=True).filter(lambda x: not (math.isfinite(x) and x.is_integer())))
def test_a_number_holding_no_whole_value_is_a_config_error(bad: float) -> None:
    for call in (
        lambda: queue_metrics(CCH, bad),  # type: ignore[arg-type]
        lambda: required_agents(CCH, SL, max_agents=bad),  # type: ignore[arg-type]
        lambda: plan_intervals([30.0], aht=180, targets=[SL], concurrency=bad),  # type: ignore[arg-type]
    ):
        with pytest.raises(ConfigError):
            call()


def test_an_unknown_model_name_is_still_named() -> None:
    with pytest.raises(StaffingError, match="model must be 'erlang-c' or 'erlang-a', got 'x'"):
        plan_intervals([30.0], aht=180, targets=[SL], model="x")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="model must be 'erlang-c' or 'erlang-a', got int 5"):
        plan_intervals([30.0], aht=180, targets=[SL], model=5)  # type: ignore[arg-type]
