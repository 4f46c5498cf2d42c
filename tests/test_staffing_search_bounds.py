"""The searches for the smallest N do bounded work and return the smallest count.

Once Erlang B underflows to 0.0 (304 agents at 10 Erlangs, 2A from 2,000 up) nobody waits in
either model, so Erlang A and Erlang C give the same figures there: occupancy ``A / N``, no
abandonment. The
Erlang A search kept one Erlang B value per agent up to the count it looked at, and a target
far below the load with a large ``max_agents`` (an occupancy of 1e-9 with ``max_agents=10**9``)
ran for minutes and gigabytes where Erlang C answered at once. Erlang C, past the underflow,
goes straight to ``ceil(A / maximum)``; the quotient is rounded, and 0.1 / 1e-6 =
100000.00000000001 made it answer 100001 agents where 100000 give exactly 1e-6.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import StaffingError
from servicemodel.staffing import (
    MAX_AGENTS,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    erlang_a_metrics,
    erlang_b,
    queue_metrics,
    required_agents,
    required_agents_erlang_a,
)


def _workload(load: float) -> Workload:
    return Workload(calls=load * 1800 / 180, interval=1800, aht=180)


@settings(max_examples=40, deadline=None)
@given(
    load=st.floats(0.1, 200),
    maximum=st.floats(1e-6, 1e-3),  # at most 2e8 agents: below the bound
    patience=st.sampled_from([5.0, 60.0, 600.0]),
)
def test_far_above_the_load_erlang_a_staffs_occupancy_as_erlang_c(
    load: float, maximum: float, patience: float
) -> None:
    workload = _workload(load)
    target = OccupancyTarget(maximum=maximum)
    a = required_agents_erlang_a(workload, target, patience=patience, max_agents=MAX_AGENTS)
    c = required_agents(workload, target, max_agents=MAX_AGENTS)
    assert a.agents == c.agents
    assert a.metrics.probability_of_abandoning < 1e-100
    assert a.metrics.occupancy <= maximum


@settings(max_examples=40, deadline=None)
@given(
    load=st.floats(0.1, 50),
    maximum=st.floats(1e-6, 0.9),
    fraction=st.floats(0.5, 0.99),
    patience=st.sampled_from([30.0, 300.0]),
)
def test_a_plans_metrics_are_those_of_its_agent_count(
    load: float, maximum: float, fraction: float, patience: float
) -> None:
    workload = _workload(load)
    targets = (OccupancyTarget(maximum=maximum), ServiceLevelTarget(fraction=fraction, within=20))
    plan = required_agents_erlang_a(workload, *targets, patience=patience, max_agents=10**8)
    assert plan.metrics == erlang_a_metrics(workload, plan.agents, patience=patience, within=20)
    assert all(t.is_met_by(plan.metrics) for t in targets)
    if plan.agents > 1:
        fewer = erlang_a_metrics(workload, plan.agents - 1, patience=patience, within=20)
        assert not all(t.is_met_by(fewer) for t in targets)


@pytest.mark.parametrize(
    ("load", "zero_at"),
    [(0.1, 122), (10.0, 304), (100.0, 690), (1000.0, 2445), (2000.0, 4000), (5000.0, 10000)],
)
def test_erlang_b_underflows_where_the_staffing_page_says(load: float, zero_at: int) -> None:
    # docs/staffing.md and erlang_b's docstring give these counts as the bound on the work
    # (hundreds of agents past a small load, 2A from 2,000 Erlangs up).
    assert erlang_b(zero_at - 1, load) > 0.0
    assert erlang_b(zero_at, load) == 0.0


def test_an_occupancy_unreachable_below_the_agent_bound_is_refused_at_once() -> None:
    workload = _workload(10.0)  # 10 Erlangs need 10**10 agents for an occupancy of 1e-9
    with pytest.raises(StaffingError, match=f"max_agents={MAX_AGENTS} agents.*abandonment 0$"):
        required_agents_erlang_a(
            workload, OccupancyTarget(maximum=1e-9), patience=60, max_agents=MAX_AGENTS
        )


@settings(max_examples=60, deadline=None)
@given(
    # Decimal loads and maxima too: their quotients land on whole counts, up to rounding.
    load=st.floats(0.01, 500) | st.integers(1, 5000).map(lambda k: k / 10),
    maximum=st.floats(1e-6, 1.0) | st.sampled_from([1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 0.3, 0.7]),
)
def test_erlang_c_gives_the_smallest_count_an_occupancy_allows(load: float, maximum: float) -> None:
    workload = _workload(load)
    target = OccupancyTarget(maximum=maximum)
    plan = required_agents(workload, target, max_agents=MAX_AGENTS)
    assert target.is_met_by(plan.metrics)
    fewer = plan.agents - 1
    if fewer > workload.traffic:  # below that, no steady state: not a candidate
        assert not target.is_met_by(queue_metrics(workload, fewer))


def test_an_occupancy_met_exactly_takes_no_extra_agent() -> None:
    workload = Workload(calls=1, interval=1800, aht=180)  # 0.1 Erlangs
    plan = required_agents(workload, OccupancyTarget(maximum=1e-6), max_agents=MAX_AGENTS)
    assert plan.agents == 100_000
    assert plan.metrics.occupancy == 1e-6
