"""Every staffing function reads a shrinkage as scheduled_agents does: the decimal it prints as."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.staffing import (
    ServiceLevelTarget,
    Workload,
    plan_intervals,
    required_agents,
    required_agents_erlang_a,
    scheduled_agents,
)

TARGET = ServiceLevelTarget(0.8, 20)
KINDS = [np.float32, np.float16, np.float64]


@settings(max_examples=40)
@given(
    st.integers(min_value=1, max_value=300),
    st.integers(min_value=0, max_value=95),
    st.sampled_from(KINDS),
)
def test_a_numpy_shrinkage_schedules_alike_everywhere(calls: int, percent: int, kind: type) -> None:
    # required_agents and plan_intervals read np.float32(0.3) as 0.30000001192... and scheduled
    # 21 of 14 agents, where scheduled_agents (which reads the decimal it prints as) gave 20.
    shrinkage = kind(percent / 100)
    plain = float(str(shrinkage))  # the decimal it prints as
    work = Workload(calls=calls, interval=1800, aht=180)
    plan = required_agents(work, TARGET, shrinkage=shrinkage)
    assert plan == required_agents(work, TARGET, shrinkage=plain)
    assert plan.scheduled == scheduled_agents(plan.agents, shrinkage)
    week = plan_intervals([calls], aht=180, targets=[TARGET], shrinkage=shrinkage)
    assert week == plan_intervals([calls], aht=180, targets=[TARGET], shrinkage=plain)
    erlang_a = required_agents_erlang_a(work, TARGET, patience=300, shrinkage=shrinkage)
    assert erlang_a.scheduled == scheduled_agents(erlang_a.agents, shrinkage)


def test_fourteen_agents_at_a_float32_thirty_percent_schedule_twenty() -> None:
    work = Workload(calls=100, interval=1800, aht=180)
    plan = required_agents(work, TARGET, shrinkage=np.float32(0.3))
    assert (plan.agents, plan.scheduled, plan.shrinkage) == (14, 20, 0.3)
    week = plan_intervals([100], aht=180, targets=[TARGET], shrinkage=np.float32(0.3))
    assert (week.rows[0].agents, week.rows[0].scheduled) == (14, 20)
