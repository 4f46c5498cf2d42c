"""Tests for servicemodel.staffing (Erlang C)."""

from __future__ import annotations

import math
import pickle
from datetime import timedelta
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, StaffingError
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

# --- published reference -------------------------------------------------------------------

# Call Centre Helper, "How to calculate the number of agents needed / Erlang C formula — made
# simple with an easy worked example" (callcentrehelper.com): 100 calls in 30 minutes, AHT
# 180 s, target 80 % answered in 20 s -> 14 agents, P_w 17.41 %, service level 88.84 %,
# ASA 7.84 s, occupancy 71.43 %, 20 agents scheduled with 30 % shrinkage. The same figures are
# reproduced by pyworkforce's README and the R package ErlangC.
CCH = Workload(calls=100, interval=1800, aht=180)


def test_call_centre_helper_reference_example() -> None:
    plan = required_agents(CCH, ServiceLevelTarget(fraction=0.8, within=20), shrinkage=0.3)
    assert plan.agents == 14
    assert plan.scheduled == 20
    m = plan.metrics
    assert m.traffic == pytest.approx(10.0)
    assert round(m.probability_of_waiting, 4) == 0.1741
    assert round(m.service_level, 4) == 0.8884
    assert round(m.asa, 2) == 7.84
    assert round(m.occupancy, 4) == 0.7143


def test_call_centre_helper_13_agents_miss_the_target() -> None:
    # Minimality of the published answer: one agent fewer falls short of 80 % in 20 s.
    m = queue_metrics(CCH, 13, within=20)
    assert m.service_level < 0.8
    assert not ServiceLevelTarget(fraction=0.8, within=20).is_met_by(m)


def test_matches_pyworkforce_with_an_occupancy_cap() -> None:
    # pyworkforce's own test suite (rodrigo-arenas/pyworkforce, queuing/tests/test_erlang.py,
    # test_over_occupancy_erlangc): the same workload with "asa" (its name for the answer-time
    # threshold) 0.33 min, service level 0.8 and max occupancy 0.7 gives 15 raw positions,
    # 22 scheduled at 30 % shrinkage, SL 0.941, occupancy 0.667, waiting probability 0.102.
    # Its search starts at round(A + 1) = 11 here, which equals floor(A) + 1, so the
    # conventions agree on this input.
    plan = required_agents(
        CCH,
        ServiceLevelTarget(fraction=0.8, within=timedelta(minutes=0.33)),
        OccupancyTarget(maximum=0.7),
        shrinkage=0.3,
    )
    assert plan.agents == 15
    assert plan.scheduled == 22
    assert round(plan.metrics.service_level, 3) == 0.941
    assert round(plan.metrics.occupancy, 3) == 0.667
    assert round(plan.metrics.probability_of_waiting, 3) == 0.102


@pytest.mark.parametrize(
    ("agents", "table_load"),
    [(1, 0.01), (5, 1.36), (10, 4.46), (20, 12.03), (50, 37.90), (100, 84.06)],
)
def test_erlang_b_matches_the_published_one_percent_table(agents: int, table_load: float) -> None:
    # The standard Erlang B traffic table (grade of service 1 %, loads to 0.01 Erlang), as
    # printed in teletraffic textbooks and reproduced by online Erlang B calculators: the load
    # N trunks carry at 1 % blocking. The printed load is the largest 0.01-step load whose
    # blocking does not exceed 1 %.
    assert erlang_b(agents, table_load) <= 0.01 < erlang_b(agents, table_load + 0.01)


# --- independent closed forms --------------------------------------------------------------


@given(rho=st.floats(0.01, 0.99), aht=st.floats(1, 1000), t=st.floats(0, 300))
def test_mm1_closed_form(rho: float, aht: float, t: float) -> None:
    # M/M/1 (e.g. Kleinrock, Queueing Systems vol. 1, §3.2): P_w = ρ, W_q = ρ·h/(1 − ρ),
    # P(W_q > t) = ρ·exp(−(1 − ρ)·t/h).
    w = Workload(calls=rho * 3600 / aht, interval=3600, aht=aht)
    m = queue_metrics(w, 1, within=t)
    assert m.probability_of_waiting == pytest.approx(w.traffic, rel=1e-9)
    a = w.traffic
    assert m.asa == pytest.approx(a * aht / (1 - a), rel=1e-9)
    assert m.service_level == pytest.approx(1 - a * math.exp(-(1 - a) * t / aht), rel=1e-9)


@given(a=st.floats(0.01, 1.99))
def test_mm2_closed_form(a: float) -> None:
    # M/M/2: P_w = A² / (2 + A) (textbook closed form from the Erlang C sum with N = 2).
    assert erlang_c(2, a) == pytest.approx(a * a / (2 + a), rel=1e-9)


def _erlang_b_direct(n: int, a: Fraction) -> Fraction:
    terms = [a**k / math.factorial(k) for k in range(n + 1)]
    return terms[n] / sum(terms)


@given(
    n=st.integers(0, 40),
    a=st.fractions(min_value=Fraction(1, 100), max_value=60, max_denominator=1000),
)
def test_erlang_b_recursion_matches_factorial_formula(n: int, a: Fraction) -> None:
    assert erlang_b(n, float(a)) == pytest.approx(float(_erlang_b_direct(n, a)), rel=1e-9)


@given(
    n=st.integers(1, 40),
    a=st.fractions(min_value=Fraction(1, 100), max_value=40, max_denominator=1000),
)
def test_erlang_c_matches_factorial_formula(n: int, a: Fraction) -> None:
    assume(n > a)
    top = a**n / math.factorial(n) * Fraction(n) / (n - a)
    direct = top / (sum(a**k / math.factorial(k) for k in range(n)) + top)
    assert erlang_c(n, float(a)) == pytest.approx(float(direct), rel=1e-9)


# --- laws ----------------------------------------------------------------------------------

workloads = st.builds(
    Workload,
    calls=st.floats(0.5, 5000),
    interval=st.sampled_from([900, 1800, 3600]),
    aht=st.floats(10, 1200),
)


@given(w=workloads, extra=st.integers(1, 50), t=st.floats(0, 120))
def test_metrics_improve_with_more_agents(w: Workload, extra: int, t: float) -> None:
    n = math.floor(w.traffic) + extra
    lo, hi = queue_metrics(w, n, within=t), queue_metrics(w, n + 1, within=t)
    assert hi.service_level >= lo.service_level
    assert hi.probability_of_waiting <= lo.probability_of_waiting
    assert hi.asa <= lo.asa
    assert hi.occupancy < lo.occupancy


@given(w=workloads, extra=st.integers(1, 30))
def test_probabilities_are_probabilities(w: Workload, extra: int) -> None:
    m = queue_metrics(w, math.floor(w.traffic) + extra)
    assert 0 <= m.probability_of_waiting <= 1
    assert 0 <= m.service_level <= 1
    assert m.asa >= 0
    assert 0 < m.occupancy < 1


targets = st.one_of(
    st.builds(ServiceLevelTarget, fraction=st.floats(0.05, 0.99), within=st.floats(0, 120)),
    st.builds(AsaTarget, seconds=st.floats(0.5, 600)),
    st.builds(OccupancyTarget, maximum=st.floats(0.3, 1.0)),
)


@given(w=workloads, target=targets)
def test_required_agents_is_minimal(w: Workload, target: object) -> None:
    assert isinstance(target, ServiceLevelTarget | AsaTarget | OccupancyTarget)
    plan = required_agents(w, target)
    n = plan.agents
    assert n > w.traffic
    assert target.is_met_by(plan.metrics)
    if n - 1 > w.traffic:
        assert not target.is_met_by(queue_metrics(w, n - 1))
    else:
        assert n == math.floor(w.traffic) + 1


@given(w=workloads, chosen=st.lists(targets, min_size=1, max_size=3))
def test_several_targets_all_met_and_minimal(w: Workload, chosen: list[object]) -> None:
    ts = [t for t in chosen if isinstance(t, ServiceLevelTarget | AsaTarget | OccupancyTarget)]
    plan = required_agents(w, *ts)
    assert plan.targets == tuple(ts)
    assert all(t.is_met_by(plan.metrics) for t in ts)
    assert plan.agents == max(required_agents(w, t).agents for t in ts)
    if plan.agents - 1 > w.traffic:
        below = queue_metrics(w, plan.agents - 1)
        assert not all(t.is_met_by(below) for t in ts)


@given(frac=st.floats(0.0, 0.99))
def test_search_starts_at_floor_plus_one(frac: float) -> None:
    # pyworkforce starts at round(A + 1) and so returns one agent too many when A's fractional
    # part is ≥ .5; a very lax target must give floor(A) + 1.
    w = Workload(calls=(7 + frac) * 1800 / 180, interval=1800, aht=180)
    plan = required_agents(w, ServiceLevelTarget(fraction=0.01, within=600))
    assert plan.agents == math.floor(w.traffic) + 1


@given(
    a=st.floats(100, 3000),
    extra=st.integers(1, 200),
    t=st.floats(0, 60),
)
def test_stable_for_hundreds_and_thousands_of_agents(a: float, extra: int, t: float) -> None:
    w = Workload(calls=a * 3600 / 300, interval=3600, aht=300)
    m = queue_metrics(w, math.floor(w.traffic) + extra, within=t)
    for value in (m.probability_of_waiting, m.service_level, m.asa, m.occupancy):
        assert math.isfinite(value)
    assert 0 <= m.probability_of_waiting <= 1
    assert 0 <= m.service_level <= 1


def test_large_workload_required_agents() -> None:
    w = Workload(calls=20000, interval=1800, aht=300)  # A ≈ 3333 Erlangs
    plan = required_agents(w, ServiceLevelTarget(fraction=0.9, within=20))
    assert plan.agents > w.traffic
    assert plan.metrics.service_level >= 0.9
    assert queue_metrics(w, plan.agents - 1, within=20).service_level < 0.9


@given(n=st.integers(0, 500), s=st.sampled_from(["0", "0.1", "0.25", "0.3", "0.35", "0.5", "0.9"]))
def test_scheduled_agents_exact(n: int, s: str) -> None:
    expected = math.ceil(Fraction(n) / (1 - Fraction(s)))
    assert scheduled_agents(n, float(s)) == expected


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"calls": -5, "interval": 1800, "aht": 180},
        {"calls": math.nan, "interval": 1800, "aht": 180},
        {"calls": math.inf, "interval": 1800, "aht": 180},
        {"calls": 100, "interval": 1800, "aht": 0},
        {"calls": 100, "interval": 0, "aht": 180},
        {"calls": 100, "interval": 1800, "aht": math.inf},
    ],
)
def test_invalid_workload(kwargs: dict[str, float]) -> None:
    # calls may be 0 (an interval with no contacts), not below; interval and aht are above 0.
    with pytest.raises(
        StaffingError, match=r"must be a (positive finite number|finite number ≥ 0)"
    ):
        Workload(**kwargs)


def test_wrong_types() -> None:
    with pytest.raises(InputTypeError):
        Workload(calls=True, interval=1800, aht=180)
    # 14.5 agents: a number that is no whole number, a right-typed value not allowed.
    with pytest.raises(ConfigError, match=r"agents must be a whole number, got float 14\.5"):
        queue_metrics(CCH, 14.5)  # type: ignore[arg-type]
    # A whole float is the number of agents it holds, as every count argument is read.
    assert queue_metrics(CCH, 14.0) == queue_metrics(CCH, 14)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        required_agents(CCH, 0.8)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="at least one target"):
        required_agents(CCH)


def test_timedelta_durations() -> None:
    w = Workload(calls=100, interval=timedelta(minutes=30), aht=timedelta(minutes=3))
    assert w == CCH
    assert queue_metrics(w, 14, within=timedelta(seconds=20)).service_level == pytest.approx(
        queue_metrics(CCH, 14, within=20).service_level
    )


@pytest.mark.parametrize("agents", [5, 10])
def test_no_steady_state(agents: int) -> None:
    with pytest.raises(StaffingError, match=rf"agents={agents} must exceed the offered load A=10"):
        queue_metrics(CCH, agents)


@pytest.mark.parametrize("fraction", [0, -0.1, 1.01, math.nan])
def test_service_level_fraction_outside_unit_interval(fraction: float) -> None:
    with pytest.raises(StaffingError, match=r"fraction must be in \(0, 1\]"):
        ServiceLevelTarget(fraction=fraction, within=20)


@pytest.mark.parametrize("shrinkage", [-0.1, 1.0, 1.5, math.nan])
def test_shrinkage_outside_range(shrinkage: float) -> None:
    with pytest.raises(StaffingError, match=r"shrinkage must be in \[0, 1\)"):
        required_agents(CCH, AsaTarget(seconds=20), shrinkage=shrinkage)
    with pytest.raises(StaffingError, match="shrinkage"):
        scheduled_agents(14, shrinkage)


def test_hundred_percent_service_level_is_unreachable() -> None:
    with pytest.raises(StaffingError, match="unreachable target: Erlang C never answers 100 %"):
        required_agents(CCH, ServiceLevelTarget(fraction=1.0, within=20))


def test_search_cap_is_reported() -> None:
    with pytest.raises(StaffingError, match=r"unreachable target .*max_agents=12"):
        required_agents(CCH, ServiceLevelTarget(fraction=0.8, within=20), max_agents=12)
    with pytest.raises(StaffingError, match="unreachable target OccupancyTarget"):
        required_agents(CCH, OccupancyTarget(maximum=0.001))


def test_values_are_picklable() -> None:
    plan = required_agents(CCH, ServiceLevelTarget(fraction=0.8, within=20), shrinkage=0.3)
    assert pickle.loads(pickle.dumps(plan)) == plan


# --- a percentage or a duration string where a share or seconds go ------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: ServiceLevelTarget(fraction=80, within=20),
            "fraction must be in (0, 1], got 80.0 (for 80 %, write 0.8)",
        ),
        (
            lambda: OccupancyTarget(maximum=85),
            "maximum must be in (0, 1], got 85.0 (for 85 %, write 0.85)",
        ),
        (
            lambda: required_agents(CCH, AsaTarget(seconds=10), shrinkage=30),
            "shrinkage must be in [0, 1), got 30 (for 30 %, write 0.3)",
        ),
        # 100 % shrinkage is no share either, and 1.5 is no clear percentage: no suggestion.
        (
            lambda: required_agents(CCH, AsaTarget(seconds=10), shrinkage=100),
            "shrinkage must be in [0, 1), got 100",
        ),
        (
            lambda: ServiceLevelTarget(fraction=1.5, within=20),
            "fraction must be in (0, 1], got 1.5",
        ),
    ],
)
def test_a_percentage_for_a_share_names_the_share_to_write(make: object, message: str) -> None:
    with pytest.raises(StaffingError) as err:
        make()  # type: ignore[operator]
    assert str(err.value) == message


@given(st.integers(2, 99) | st.floats(2, 99.99))
def test_the_share_suggested_for_a_percentage_is_taken(percent: float) -> None:
    with pytest.raises(StaffingError) as err:
        ServiceLevelTarget(fraction=percent, within=20)
    written = str(err.value).rsplit("write ", 1)[1].rstrip(")")
    assert ServiceLevelTarget(fraction=float(written), within=20).fraction == pytest.approx(
        percent / 100, rel=1e-5
    )


def test_a_duration_string_says_to_give_seconds_or_a_timedelta() -> None:
    # "30m" is how the command line writes it; the old message named only "seconds".
    with pytest.raises(InputTypeError) as err:
        Workload(calls=100, interval="30m", aht=180)  # type: ignore[arg-type]
    assert str(err.value) == (
        "interval: a duration here is seconds (a number) or a timedelta, got str '30m' "
        "(e.g. 1800 or timedelta(minutes=30) for half an hour)"
    )
