"""The steady check's batches: tallied in one pass, ten of four hours by default, bounded work;
its interval on the log-odds scale."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import StaffingError
from servicemodel.forecast import check_plan
from servicemodel.forecast._check_week import ratio_interval
from servicemodel.kpi._intervals import t_quantile, wilson_interval
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


def test_the_default_batches_are_ten_of_four_hours() -> None:
    plan = plan_intervals([100], aht=180, targets=[SL])
    default = check_plan(plan, seed=2)
    assert default == check_plan(plan, batches=10, hours_per_batch=4, seed=2)
    assert default != check_plan(plan, batches=20, hours_per_batch=2, seed=2)
    assert check_plan(plan, batches=4, seed=2) != check_plan(
        plan, batches=4, hours_per_batch=2, seed=2
    )
    # 200 contacts an hour over ten four-hour batches: the contacts of forty hours.
    assert 7200 < default.intervals[0].contacts < 8800


def test_the_steady_interval_is_the_ratio_interval_on_the_log_odds_scale() -> None:
    # The check's run, rebuilt: one warm-up batch, then the batches' (offered, met) tallies.
    plan = plan_intervals([100], aht=180, targets=[SL])
    (checked,) = check_plan(plan, seed=5).intervals
    row = plan.rows[0]
    desk = SupportDesk(agents=row.agents, arrivals=200.0, handle_time=180.0)
    batch = timedelta(hours=4)
    run = simulate(desk, T0, T0 + 11 * batch, seed=5)
    offered, met = run._window_counts(20.0, [T0 + batch * b for b in range(1, 12)])
    want = ratio_interval(met, offered, 0.95, scale="logit")
    assert (checked.simulated, checked.low, checked.high) == want
    assert checked.contacts == sum(offered)
    # Longer below the level than above it: the log-odds interval follows the level's skew.
    assert checked.simulated - checked.low > checked.high - checked.simulated


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


@settings(max_examples=60, deadline=None)
@given(
    met_offered=st.lists(
        st.integers(0, 60).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
        min_size=2,
        max_size=30,
    ).filter(lambda pairs: any(n for _, n in pairs)),
    level=st.floats(0.5, 0.99),
)
def test_the_logit_interval_is_the_delta_method_on_the_log_odds(
    met_offered: list[tuple[int, int]], level: float
) -> None:
    """Laws: the interval is t·SE/(r(1 − r)) either side of the share's log-odds, mapped back,
    never narrower than Wilson and inside [0, 1]; swapping met and missed mirrors it."""
    met = [m for m, _ in met_offered]
    offered = [n for _, n in met_offered]
    r, low, high = ratio_interval(met, offered, level, scale="logit")
    assert 0.0 <= low <= r <= high <= 1.0
    b, total = len(offered), sum(offered)
    se = math.sqrt(
        sum((m - r * n) ** 2 for m, n in met_offered) / (b * (b - 1))
    ) / (total / b)  # fmt: skip
    wilson_low, wilson_high = wilson_interval(sum(met), total, level)
    if 0 < r < 1:
        spread = t_quantile(0.5 + level / 2, b - 1) * se / (r * (1 - r))
        want_low = 1 / (1 + math.exp(-(_logit(r) - spread)))
        want_high = 1 / (1 + math.exp(-(_logit(r) + spread)))
    else:
        want_low = want_high = r  # no log-odds: every residual is 0, Wilson gives the width
    assert low == pytest.approx(min(want_low, wilson_low), abs=1e-12)
    assert high == pytest.approx(max(want_high, wilson_high), abs=1e-12)
    missed = [n - m for m, n in met_offered]
    q, q_low, q_high = ratio_interval(missed, offered, level, scale="logit")
    assert (q, q_low, q_high) == pytest.approx((1 - r, 1 - high, 1 - low), abs=1e-12)


def test_ratio_interval_names_an_unknown_scale() -> None:
    with pytest.raises(StaffingError, match=r"^scale must be 'linear' or 'logit', got 'log'$"):
        ratio_interval([1, 2], [2, 2], 0.95, scale="log")


def test_the_work_bound_counts_simulated_contacts() -> None:
    # 2,000 calls an hour: 10 four-hour batches and a warm-up simulate about 88,000 contacts,
    # within the bound; 200 two-hour batches about 804,000, past it.
    plan = plan_intervals([1000], aht=180, targets=[SL])
    with pytest.raises(StaffingError, match=r"about 8\.04e\+05 contacts .* \(600,000 contacts\)"):
        check_plan(plan, batches=200, hours_per_batch=2)
