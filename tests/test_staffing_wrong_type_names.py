"""A staffing input of the wrong type is named by its parameter.

A workload holds two durations (``interval`` and ``aht``), a target a share and a duration,
and the functions take a shrinkage, a patience, a traffic and a ``within`` beside them: an
``InputTypeError`` that said only "seconds" or "staffing input" left the caller to guess which
argument was wrong. The library's rule (bad input gets a clear, specific error naming the
value) names the parameter too, as a wrong *value* of each already does ("shrinkage must be
in [0, 1)").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import InputTypeError
from servicemodel.staffing import (
    AbandonmentTarget,
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    erlang_a_metrics,
    erlang_b,
    erlang_c,
    plan_intervals,
    queue_metrics,
    required_agents,
    required_agents_erlang_a,
    scheduled_agents,
)

NIGHT = Workload(calls=0, interval=1800, aht=180)
BUSY = Workload(calls=100, interval=1800, aht=180)
SL = ServiceLevelTarget(fraction=0.8, within=20)

#: (parameter, a call that passes ``bad`` as that parameter)
CALLS: list[tuple[str, Callable[[Any], object]]] = [
    ("interval", lambda bad: Workload(calls=1, interval=bad, aht=180)),
    ("aht", lambda bad: Workload(calls=1, interval=1800, aht=bad)),
    ("fraction", lambda bad: ServiceLevelTarget(fraction=bad, within=20)),
    ("within", lambda bad: ServiceLevelTarget(fraction=0.8, within=bad)),
    ("seconds", lambda bad: AsaTarget(seconds=bad)),
    ("maximum", lambda bad: OccupancyTarget(maximum=bad)),
    ("maximum", lambda bad: AbandonmentTarget(maximum=bad)),
    ("shrinkage", lambda bad: required_agents(NIGHT, SL, shrinkage=bad)),
    ("shrinkage", lambda bad: required_agents_erlang_a(BUSY, SL, patience=60, shrinkage=bad)),
    ("shrinkage", lambda bad: scheduled_agents(3, bad)),
    ("patience", lambda bad: required_agents_erlang_a(BUSY, SL, patience=bad)),
    ("patience", lambda bad: erlang_a_metrics(BUSY, 14, patience=bad)),
    ("within", lambda bad: required_agents_erlang_a(BUSY, SL, patience=60, within=bad)),
    ("within", lambda bad: required_agents(BUSY, SL, within=bad)),
    ("within", lambda bad: queue_metrics(BUSY, 14, within=bad)),
    ("within", lambda bad: queue_metrics(BUSY, 14).service_level_at(bad)),
    ("within", lambda bad: erlang_a_metrics(BUSY, 14, patience=60).service_level_at(bad)),
    ("traffic", lambda bad: erlang_b(3, bad)),
    ("traffic", lambda bad: erlang_c(3, bad)),
    ("aht", lambda bad: plan_intervals([1.0], aht=bad, targets=[SL])),
    ("interval", lambda bad: plan_intervals([1.0], aht=180, interval=bad, targets=[SL])),
]

#: Values of no numeric type: a bool, text (a duration as the command line writes it, or a
#: number as a CSV cell holds it), bytes, a list, a dict. (``None`` is no wrong type for
#: ``within``, whose default it is.)
WRONG = st.sampled_from([True, False, "30m", "0.3", b"20", [20], {"s": 1}])


@pytest.mark.parametrize(
    ("name", "call"), CALLS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CALLS)]
)
@given(bad=WRONG)
def test_a_value_of_the_wrong_type_is_named_by_its_parameter(
    name: str, call: Callable[[Any], object], bad: Any
) -> None:
    with pytest.raises(InputTypeError) as err:
        call(bad)
    assert str(err.value).startswith(f"{name}: "), str(err.value)
