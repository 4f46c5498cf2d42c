"""The steady check's batches: tallied in one pass, two hours long by default, bounded work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import StaffingError
from servicemodel.forecast import check_plan
from servicemodel.simulate import SupportDesk, simulate
from servicemodel.staffing import ServiceLevelTarget, plan_intervals

T0 = datetime(2026, 1, 5, tzinfo=UTC)
SL = ServiceLevelTarget(0.8, 20)


@settings(max_examples=20, deadline=None)
@given(
    agents=st.integers(1, 6),
    per_hour=st.floats(1, 120),
    patience=st.none() | st.floats(10, 600),
    minutes=st.integers(1, 90),
    windows=st.integers(1, 8),
    within=st.floats(0, 120),
    seed=st.integers(0, 2**16),
)
def test_one_pass_tallies_equal_the_summary_of_each_window(
    agents: int,
    per_hour: float,
    patience: float | None,
    minutes: int,
    windows: int,
    within: float,
    seed: int,
) -> None:
    """Law: the per-batch counts the check reads in one pass are each window's summary
    (offered with abandons counted as missed, answered within the threshold)."""
    desk = SupportDesk(agents=agents, arrivals=per_hour, handle_time=240.0, patience=patience)
    step = timedelta(minutes=minutes)
    run = simulate(desk, T0, T0 + step * (windows + 1), seed=seed)
    edges = [T0 + step * b for b in range(windows + 2)]
    offered, met = run._window_counts(within, edges)
    summaries = [
        run.summary(within=within, start=edges[b], end=edges[b + 1]) for b in range(windows + 1)
    ]
    assert offered == [s.offered for s in summaries]
    assert met == [s.answered_within for s in summaries]


def test_the_default_batches_are_two_hours_long() -> None:
    plan = plan_intervals([100], aht=180, targets=[SL])
    default = check_plan(plan, batches=4, seed=2)
    assert default == check_plan(plan, batches=4, hours_per_batch=2, seed=2)
    assert default != check_plan(plan, batches=4, hours_per_batch=0.5, seed=2)
    # 200 contacts an hour over four two-hour batches: the contacts of eight hours.
    assert 1200 < default.intervals[0].contacts < 2000


def test_the_work_bound_counts_simulated_contacts() -> None:
    # 2,000 calls an hour: 20 two-hour batches and a warm-up simulate about 84,000 contacts,
    # within the bound; 200 batches about 804,000, past it.
    plan = plan_intervals([1000], aht=180, targets=[SL])
    with pytest.raises(StaffingError, match=r"about 8\.04e\+05 contacts .* \(600,000 contacts\)"):
        check_plan(plan, batches=200)
