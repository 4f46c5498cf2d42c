"""Laws found missing by an independent recomputation of the staffing figures.

- the agents a target needs never fall when the load grows (Erlang C and Erlang A), and
  Erlang A, whose impatient callers shorten the queue, never asks for more than Erlang C;
- ``check_plan``'s simulated level is the share of the simulated contacts answered in time,
  with the ratio estimator's interval (never narrower than the contacts' Wilson interval), not
  the mean of the batches' shares;
- ``check_plan`` checks an interval with contacts and no agents (it was left out, and passed);
- ``servicemodel staff --aht`` refuses a per-channel handle time with no channel name;
- a simulated desk refuses more agents than a run can hold, and a lognormal ``cv`` whose square
  overflows (its samples were NaN);
- a plan checks its handle time, targets and ``within`` before any interval is staffed, so a
  plan whose intervals are all empty refuses them too instead of keeping them in its rows.
"""

from __future__ import annotations

import math
import random
import statistics
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError, StaffingError
from servicemodel.forecast import check_plan
from servicemodel.forecast._check_week import ratio_interval
from servicemodel.kpi._intervals import t_quantile, wilson_interval
from servicemodel.simulate import LogNormal, SupportDesk, simulate
from servicemodel.simulate._desk import MAX_DESK_AGENTS
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
        with pytest.raises(ServiceModelError, match=r"^aht: "):  # named by its parameter
            plan_intervals([0], aht=aht, targets=[SL])  # type: ignore[arg-type]


# --- check_plan: the simulated level is the contacts' share, its interval the ratio's --------


def test_a_quiet_interval_is_simulated_without_bias() -> None:
    # 1 contact a half hour, 1 agent, AHT 4 min: Erlang C gives 87.6 % within 20 s. The mean
    # of the 20 batches' shares read about 95 % (an empty batch counted as 100 %).
    plan = plan_intervals([1], aht=240, targets=[SL])
    checks = [check_plan(plan, seed=seed).intervals[0] for seed in range(300)]
    predicted = checks[0].predicted
    assert predicted == pytest.approx(0.8760, abs=1e-4)
    pooled = sum(c.simulated * c.contacts for c in checks) / sum(c.contacts for c in checks)
    assert abs(pooled - predicted) < 0.02
    assert abs(statistics.fmean(c.simulated for c in checks) - predicted) < 0.02


@settings(max_examples=25, deadline=None)
@given(
    calls=st.floats(0.5, 60),
    seed=st.integers(0, 10**6),
    batches=st.integers(2, 8),
    hours=st.sampled_from([0.25, 0.5, 1.0]),
)
def test_the_steady_level_pools_the_batches_contacts(
    calls: float, seed: int, batches: int, hours: float
) -> None:
    plan = plan_intervals([calls], aht=240, targets=[SL])
    check = check_plan(plan, seed=seed, batches=batches, hours_per_batch=hours).intervals[0]
    desk = SupportDesk(agents=plan.rows[0].agents, arrivals=calls * 2, handle_time=240)
    t0 = datetime(2026, 1, 5, tzinfo=UTC)
    run = simulate(desk, t0, t0 + timedelta(hours=hours * (batches + 1)), seed=seed)
    window = run.summary(within=20, start=t0 + timedelta(hours=hours))
    assert check.contacts == window.offered
    if window.offered:
        assert check.simulated == pytest.approx(window.answered_within / window.offered)
        assert check.low <= check.simulated <= check.high
    else:
        assert (check.simulated, check.low, check.high) == (1.0, 0.0, 1.0)


@given(
    met_offered=st.lists(
        st.integers(0, 50).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
        min_size=2,
        max_size=30,
    ).filter(lambda pairs: any(n for _, n in pairs)),
    level=st.floats(0.5, 0.99),
)
def test_the_ratio_interval_is_the_delta_method_one(
    met_offered: list[tuple[int, int]], level: float
) -> None:
    met = [m for m, _ in met_offered]
    offered = [n for _, n in met_offered]
    r, low, high = ratio_interval(met, offered, level)
    assert r == pytest.approx(sum(met) / sum(offered))
    assert 0.0 <= low <= r <= high <= 1.0
    b = len(offered)
    residual = sum((m - r * n) ** 2 for m, n in met_offered) / (b * (b - 1))
    se = math.sqrt(residual) / (sum(offered) / b)
    half = t_quantile(0.5 + level / 2, b - 1) * se
    wilson_low, wilson_high = wilson_interval(sum(met), sum(offered), level)
    # the ratio's interval, widened to the contacts' Wilson interval where that is wider
    assert low == pytest.approx(max(0.0, min(r - half, wilson_low)), abs=1e-12)
    assert high == pytest.approx(min(1.0, max(r + half, wilson_high)), abs=1e-12)
    assert low <= wilson_low + 1e-12
    assert high >= wilson_high - 1e-12


@given(offered=st.lists(st.integers(0, 5), min_size=2, max_size=20).filter(any))
def test_contacts_all_answered_in_time_leave_room_below_100_percent(offered: list[int]) -> None:
    # Every residual is 0, so the batch spread says nothing; 100 % of a few contacts is not
    # certainty ([100 %, 100 %] was shown for a quiet interval).
    r, low, high = ratio_interval(offered, offered, 0.95)
    assert r == high == 1.0
    assert low == pytest.approx(wilson_interval(sum(offered), sum(offered), 0.95)[0])
    assert low < 1.0


# --- the staff command -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aht", "message"),
    [
        ("=3m", "write each handle time as channel=duration, e.g. chat=10m, got '=3m'"),
        ("chat=3m,", "write each handle time as channel=duration, e.g. chat=10m, got ''"),
        ("chat=", "got 'chat='"),
        ("chat=3m,Chat=5m", "channel 'chat' is given twice"),
    ],
)
def test_the_staff_command_refuses_a_per_channel_handle_time_without_a_channel(
    aht: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from servicemodel._staff_cli import main

    export = str(Path(__file__).parent.parent / "examples" / "data" / "tickets.jsonl")
    assert main([export, "--target", "80% in 20s", "--aht", aht]) == 2
    err = capsys.readouterr().err
    assert err.startswith("servicemodel staff: error: --aht: ")
    assert message in err
    assert err.count("\n") == 1


# --- the simulated desk ----------------------------------------------------------------------


@settings(max_examples=20, deadline=2000)
@given(agents=st.integers(MAX_DESK_AGENTS + 1, 10**400))
def test_a_desk_past_the_agent_bound_is_refused_at_once(agents: int) -> None:
    # 10**9 agents built a billion-entry queue of free agents before the first contact.
    with pytest.raises(ConfigError, match=r"^agents: must be at most 1,000,000, got"):
        SupportDesk(agents=agents, arrivals=10, handle_time=300)


def test_a_desk_at_the_agent_bound_runs() -> None:
    t0 = datetime(2026, 1, 5, tzinfo=UTC)
    desk = SupportDesk(agents=MAX_DESK_AGENTS, arrivals=60, handle_time=300)
    summary = simulate(desk, t0, t0 + timedelta(hours=1), seed=3).summary(within=0)
    assert summary.offered > 0
    assert summary.service_level == 1.0


@given(cv=st.one_of(st.floats(1.35e154, 1e308), st.integers(10**155, 10**300)))
def test_a_lognormal_whose_sigma_overflows_is_refused(cv: float) -> None:
    # cv² overflowed to inf, sigma was inf and every sampled handle time NaN
    with pytest.raises(ConfigError, match=r"^cv: must be at most about 1.34e154"):
        LogNormal(300, cv=cv)


@given(cv=st.floats(1e-3, 1.34e154))
def test_a_lognormal_below_the_cv_bound_samples_finite_durations(cv: float) -> None:
    d = LogNormal(300, cv=cv)
    rng = random.Random(7)
    assert all(math.isfinite(d.sample(rng)) for _ in range(20))


# --- check_plan: a busy interval with no agents is the shortest there is --------------------


@settings(max_examples=10, deadline=None)
@given(
    calls=st.floats(1, 200),
    model=st.sampled_from(["erlang-c", "erlang-a"]),
    seed=st.integers(0, 1000),
)
def test_a_busy_interval_edited_to_no_agents_is_short(calls: float, model: str, seed: int) -> None:
    plan = plan_intervals([calls, calls], aht=180, targets=[SL], model=model, patience=300)  # type: ignore[arg-type]
    rows = list(plan.rows)
    rows[1] = attrs.evolve(rows[1], agents=0)
    check = check_plan(attrs.evolve(plan, rows=tuple(rows)), batches=3, seed=seed)
    empty = [c for c in check.intervals if c.index == 1]
    assert len(empty) == 1
    assert (empty[0].predicted, empty[0].simulated, empty[0].high) == (0.0, 0.0, 0.0)
    assert empty[0].short
    assert not check.passed


def test_a_week_checks_a_busy_interval_edited_to_no_agents() -> None:
    calls = [20 if s // 48 < 5 and 16 <= s % 48 < 36 else 0 for s in range(336)]
    plan = plan_intervals(calls, aht=240, targets=[SL], start=datetime(2026, 3, 2, tzinfo=UTC))
    rows = list(plan.rows)
    rows[20] = attrs.evolve(rows[20], agents=0)
    week = check_plan(attrs.evolve(plan, rows=tuple(rows)), mode="week", weeks=3, seed=4)
    found = {c.index: c for c in week.intervals}
    assert 20 in found
    assert found[20].short
    assert 0 not in found  # no agents and no contacts: nothing to check


@pytest.mark.parametrize(
    ("calls", "interval", "aht"), [(5e-324, 1800, 180), (1e-300, 1e300, 1e-10)]
)
def test_an_offered_load_that_underflows_to_zero_is_refused(
    calls: float, interval: float, aht: float
) -> None:
    # Every field is positive, so a zero rate or load is the float running out, not "no
    # work": staffed as 0 agents it would be a silently wrong plan.
    with pytest.raises(StaffingError, match="underflows to 0"):
        Workload(calls=calls, interval=interval, aht=aht)


def test_a_tiny_but_representable_load_is_kept() -> None:
    assert Workload(calls=1e-300, interval=1e10, aht=1e-10).traffic > 0
