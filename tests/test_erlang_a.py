"""Tests for Erlang A (M/M/N+M) in servicemodel.staffing.

No published Erlang A worked example could be verified for this suite (Mandelbaum & Zeltyn's
teaching note gives 4CallCenters screenshots, not reproducible figures), so every figure is
checked against computations that share no code with the implementation:

- the stationary distribution of the birth–death chain, solved directly on a truncated state
  space (probabilities of waiting and abandoning, mean queue, mean wait, occupancy);
- the published closed forms of Mandelbaum & Zeltyn (2007, §4.4–4.5) for P(W > 0) and
  P(Ab | W > 0), with A(x, y) summed by a plain series;
- the service level by integrating the tagged customer's forward equations (RK4);
- the simulation with abandonment (``servicemodel.simulate``), within a batch-means tolerance;
- Erlang C, as the limit of infinite patience.
"""

from __future__ import annotations

import math
import pickle
import statistics
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import InputTypeError, StaffingError
from servicemodel.simulate import SupportDesk, simulate
from servicemodel.staffing import (
    AbandonmentTarget,
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    erlang_a_metrics,
    erlang_b,
    queue_metrics,
    required_agents,
    required_agents_erlang_a,
)

CCH = Workload(calls=100, interval=1800, aht=180)  # 10 Erlangs, the Erlang C reference example


def _chain(n: int, lam: float, aht: float, patience: float, states: int = 3000) -> list[float]:
    """Stationary distribution of the M/M/n+M chain truncated at ``states`` (log weights)."""
    mu, theta = 1 / aht, 1 / patience
    logs = [0.0]
    for k in range(1, states + 1):
        death = k * mu if k <= n else n * mu + (k - n) * theta
        logs.append(logs[-1] + math.log(lam / death))
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    total = math.fsum(weights)
    return [w / total for w in weights]


CASES = [
    # (agents, calls per 30 min, aht s, patience s): underloaded, critically and overloaded
    (14, 100, 180, 300),
    (10, 100, 180, 60),
    (5, 100, 180, 600),
    (50, 900, 120, 30),
    (1, 1800, 1, 1),
]


@pytest.mark.parametrize(("n", "calls", "aht", "patience"), CASES)
def test_matches_the_truncated_birth_death_chain(
    n: int, calls: float, aht: float, patience: float
) -> None:
    w = Workload(calls=calls, interval=1800, aht=aht)
    lam = w.arrival_rate
    p = _chain(n, lam, aht, patience)
    p_wait = math.fsum(p[n:])
    queue = math.fsum((k - n) * p[k] for k in range(n, len(p)))
    busy = math.fsum(min(k, n) * p[k] for k in range(len(p)))
    m = erlang_a_metrics(w, n, patience=patience)
    assert m.probability_of_waiting == pytest.approx(p_wait, rel=1e-9)
    assert m.queue_length == pytest.approx(queue, rel=1e-9)
    # Flow balance: abandonments per second θ·E[Q] = λ·P(Ab); Little: E[W] = E[Q]/λ.
    assert m.probability_of_abandoning == pytest.approx(queue / patience / lam, rel=1e-9)
    assert m.asa_all == pytest.approx(queue / lam, rel=1e-9)
    assert m.occupancy == pytest.approx(busy / n, rel=1e-9)


def _series_a(x: float, y: float) -> float:
    """A(x, y) = Σ_j y^j / ((x+1)…(x+j)), summed plainly (small cases only)."""
    total, term, j = 1.0, 1.0, 0
    while term > 1e-18 * total or j < y - x:
        j += 1
        term *= y / (x + j)
        total += term
    return total


@pytest.mark.parametrize(("n", "calls", "aht", "patience"), CASES[:4])
def test_matches_mandelbaum_zeltyn_closed_forms(
    n: int, calls: float, aht: float, patience: float
) -> None:
    # Mandelbaum & Zeltyn (2007), "The Palm/Erlang-A queue, with applications to call
    # centers", §4.4-4.5: P(W>0) = A·E / (1 + (A − 1)·E) and
    # P(Ab | W>0) = 1/(ρ·A) + 1 − 1/ρ, with A = A(nμ/θ, λ/θ), E = Erlang B, ρ = λ/(nμ).
    w = Workload(calls=calls, interval=1800, aht=aht)
    x, y = n / aht * patience, w.arrival_rate * patience
    a_xy = _series_a(x, y)
    e = erlang_b(n, w.traffic)
    rho = w.traffic / n
    p_wait = a_xy * e / (1 + (a_xy - 1) * e)
    m = erlang_a_metrics(w, n, patience=patience)
    assert m.probability_of_waiting == pytest.approx(p_wait, rel=1e-9)
    cond = 1 / (rho * a_xy) + 1 - 1 / rho
    assert m.probability_of_abandoning == pytest.approx(cond * p_wait, rel=1e-7)


def _served_within(n: int, lam: float, aht: float, patience: float, t: float) -> float:
    """P(answered within t) by RK4 on the tagged customer's forward equations.

    q_i(s) = P(i customers ahead at s, not yet answered, not abandoned);
    q_i' = −(nμ + iθ + θ)·q_i + (nμ + (i+1)θ)·q_{i+1}; answered at rate nμ·q_0.
    """
    p = _chain(n, lam, aht, patience, states=n + 80)
    c, theta = n / aht, 1 / patience
    q = p[n:]
    size = len(q)

    def deriv(v: list[float]) -> list[float]:
        return [
            -(c + (i + 1) * theta) * v[i]
            + ((c + (i + 1) * theta) * v[i + 1] if i + 1 < size else 0)
            for i in range(size)
        ]

    steps = 1500
    h, answered = t / steps, 0.0
    for _ in range(steps):
        k1 = deriv(q)
        k2 = deriv([a + h / 2 * b for a, b in zip(q, k1, strict=True)])
        k3 = deriv([a + h / 2 * b for a, b in zip(q, k2, strict=True)])
        k4 = deriv([a + h * b for a, b in zip(q, k3, strict=True)])
        # q_0 along the step by Simpson's rule on the RK stages.
        mid = q[0] + h / 4 * (k1[0] + k2[0])
        end = q[0] + h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        answered += c * h / 6 * (q[0] + 4 * mid + end)
        q = [
            a + h / 6 * (b1 + 2 * b2 + 2 * b3 + b4)
            for a, b1, b2, b3, b4 in zip(q, k1, k2, k3, k4, strict=True)
        ]
    return 1 - math.fsum(p[n:]) + answered


@pytest.mark.parametrize(
    ("n", "calls", "aht", "patience", "t"),
    [(14, 100, 180, 300, 20), (8, 100, 180, 600, 60), (3, 5400, 1, 0.5, 0.7)],
)
def test_service_level_matches_integrated_forward_equations(
    n: int, calls: float, aht: float, patience: float, t: float
) -> None:
    w = Workload(calls=calls, interval=1800, aht=aht)
    expected = _served_within(n, w.arrival_rate, aht, patience, t)
    assert erlang_a_metrics(w, n, patience=patience).service_level_at(t) == pytest.approx(
        expected, abs=1e-6
    )


@given(
    agents=st.integers(1, 300),
    load=st.floats(0.05, 0.95),
    aht=st.floats(10, 3600),
    within=st.floats(0, 600),
)
def test_infinite_patience_tends_to_erlang_c(
    agents: int, load: float, aht: float, within: float
) -> None:
    # ρ ≤ 0.95 and patience 10^7 handle times: abandonment is O(E[W]/patience) ≤ 1e-5.
    traffic = load * agents
    w = Workload(calls=traffic * 1800 / aht, interval=1800, aht=aht)
    c = queue_metrics(w, agents, within=within)
    a = erlang_a_metrics(w, agents, patience=1e7 * aht, within=within)
    assert a.probability_of_waiting == pytest.approx(c.probability_of_waiting, abs=1e-4)
    assert a.service_level == pytest.approx(c.service_level, abs=1e-4)
    assert a.asa == pytest.approx(c.asa, rel=1e-3, abs=1e-4 * aht)
    assert a.probability_of_abandoning < 1e-4


@given(agents=st.integers(1, 60), load=st.floats(0.1, 3.0), patience=st.floats(1, 3600))
def test_figures_improve_with_more_agents(agents: int, load: float, patience: float) -> None:
    w = Workload(calls=load * agents * 10, interval=1800, aht=180)
    less = erlang_a_metrics(w, agents, patience=patience)
    more = erlang_a_metrics(w, agents + 1, patience=patience)
    # 1e-9: the service level is a difference of sums carried in log space (absolute
    # accuracy ~1e-12 when it is itself ~1e-12, in heavy overload).
    assert more.probability_of_abandoning <= less.probability_of_abandoning + 1e-9
    assert more.service_level >= less.service_level - 1e-9
    assert more.asa_all <= less.asa_all + 1e-9
    for m in (less, more):
        assert 0 <= m.probability_of_abandoning <= m.probability_of_waiting <= 1
        assert 0 <= m.service_level <= 1
        assert 0 <= m.occupancy <= 1


@pytest.mark.parametrize(
    ("n", "traffic", "patience_in_aht"),
    [(500, 480.0, 1.0), (500, 480.0, 1e-6), (500, 480.0, 1e6), (200, 2000.0, 1e4), (800, 10.0, 5)],
)
def test_stable_for_hundreds_of_agents_and_extreme_patience(
    n: int, traffic: float, patience_in_aht: float
) -> None:
    w = Workload(calls=traffic * 10, interval=1800, aht=180)
    m = erlang_a_metrics(w, n, patience=patience_in_aht * 180)
    for value in (m.probability_of_waiting, m.probability_of_abandoning, m.service_level):
        assert 0 <= value <= 1
    assert all(map(math.isfinite, (m.asa, m.asa_all, m.queue_length)))
    if traffic > n:  # overloaded: whoever cannot be served leaves, P(Ab) → 1 − n/A
        assert m.probability_of_abandoning == pytest.approx(1 - n / traffic, rel=1e-3)
    if patience_in_aht < 1e-3:  # nobody waits long enough to be served: Erlang B's loss
        assert m.probability_of_abandoning == pytest.approx(erlang_b(n, traffic), rel=1e-3)


# --- against the simulation -----------------------------------------------------------------


def test_agrees_with_the_simulation_with_abandonment() -> None:
    # 13 agents, 200 contacts/h, exponential AHT 180 s and patience 300 s: the simulator's
    # exact model. 400 hours (~80,000 contacts) cut into 20 batches of 20 h: a batch holds
    # ~4,000 contacts while the queue forgets its state within minutes, so batch means are
    # nearly independent and SE = sd/√20 (batch means). |simulated − Erlang A| ≤ 4·SE is a
    # false alarm with probability ~6e-5 per figure; SE bounds keep the check sharp.
    desk = SupportDesk(agents=13, arrivals=200, handle_time=180, patience=300)
    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    run = simulate(desk, t0, t0 + timedelta(hours=401), seed=17, warmup=3600)
    batches = [
        run.summary(
            within=20, start=t0 + timedelta(hours=1 + 20 * i), end=t0 + timedelta(hours=21 + 20 * i)
        )
        for i in range(20)
    ]
    predicted = erlang_a_metrics(CCH, 13, patience=300, within=20)
    figures = {
        "service_level": (predicted.service_level, [b.service_level for b in batches], 0.01),
        "asa": (predicted.asa, [b.asa for b in batches], 0.1 * predicted.asa),
        "abandonment": (
            predicted.probability_of_abandoning,
            [b.abandonment_rate for b in batches],
            0.005,
        ),
    }
    for name, (value, samples, max_se) in figures.items():
        values = [float(s) for s in samples if s is not None]
        mean, se = statistics.fmean(values), statistics.stdev(values) / math.sqrt(len(values))
        assert se < max_se, name
        assert abs(mean - value) <= 4 * se, (name, mean, value, se)
    assert run.summary(within=20).occupancy == pytest.approx(predicted.occupancy, rel=0.02)


# --- the search -----------------------------------------------------------------------------


def test_abandonment_lowers_the_staff_the_reference_example_needs() -> None:
    target = ServiceLevelTarget(fraction=0.8, within=20)
    plan = required_agents_erlang_a(CCH, target, patience=300, shrinkage=0.3)
    assert plan.agents == 13 < required_agents(CCH, target).agents == 14
    assert plan.scheduled == 19
    assert plan.metrics.service_level >= 0.8
    assert erlang_a_metrics(CCH, 12, patience=300).service_level < 0.8


def test_all_targets_together_give_the_largest_single_answer() -> None:
    targets = (
        ServiceLevelTarget(fraction=0.8, within=20),
        AsaTarget(seconds=5),
        OccupancyTarget(maximum=0.8),
        AbandonmentTarget(maximum=0.01),
    )
    alone = [required_agents_erlang_a(CCH, t, patience=300).agents for t in targets]
    together = required_agents_erlang_a(CCH, *targets, patience=300)
    assert together.agents == max(alone)
    assert all(t.is_met_by(together.metrics) for t in targets)
    assert not all(
        t.is_met_by(erlang_a_metrics(CCH, together.agents - 1, patience=300)) for t in targets
    )


@given(load=st.floats(0.5, 400), patience=st.floats(5, 3600), fraction=st.floats(0.5, 0.99))
def test_search_returns_the_smallest_count(load: float, patience: float, fraction: float) -> None:
    w = Workload(calls=load * 10, interval=1800, aht=180)
    target = ServiceLevelTarget(fraction=fraction, within=30)
    plan = required_agents_erlang_a(w, target, patience=patience)
    assert target.is_met_by(plan.metrics)
    if plan.agents > 1:
        assert not target.is_met_by(erlang_a_metrics(w, plan.agents - 1, patience=patience))


def test_metrics_and_plans_pickle() -> None:
    plan = required_agents_erlang_a(CCH, AbandonmentTarget(maximum=0.05), patience=300)
    again = pickle.loads(pickle.dumps(plan))
    assert again.agents == plan.agents
    assert again.metrics.service_level_at(30) == plan.metrics.service_level_at(30)


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("patience", [0, -5, math.inf, math.nan, timedelta(0)])
def test_patience_must_be_positive_and_finite(patience: float) -> None:
    with pytest.raises(StaffingError, match="patience"):
        erlang_a_metrics(CCH, 10, patience=patience)
    with pytest.raises(StaffingError, match="patience"):
        required_agents_erlang_a(CCH, AbandonmentTarget(maximum=0.1), patience=patience)


def test_patience_of_the_wrong_type_is_an_input_type_error() -> None:
    with pytest.raises(InputTypeError):
        erlang_a_metrics(CCH, 10, patience=True)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        erlang_a_metrics(CCH, 10, patience="5m")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [0, -1, math.inf, math.nan])
def test_bad_rates_and_handle_times_are_refused(value: float) -> None:
    if value != 0:  # no calls is a workload (an interval nobody calls in), a 0 s handle time not
        with pytest.raises(StaffingError, match="calls"):
            Workload(calls=value, interval=1800, aht=180)
    with pytest.raises(StaffingError, match="aht"):
        Workload(calls=100, interval=1800, aht=value)


@pytest.mark.parametrize("shrinkage", [-0.1, 1, 1.5, math.inf, math.nan])
def test_bad_shrinkage_is_refused(shrinkage: float) -> None:
    with pytest.raises(StaffingError, match="shrinkage"):
        required_agents_erlang_a(
            CCH, AbandonmentTarget(maximum=0.1), patience=300, shrinkage=shrinkage
        )


def test_no_agents_is_refused() -> None:
    with pytest.raises(StaffingError, match="agents must be ≥ 1"):
        erlang_a_metrics(CCH, 0, patience=300)


def test_a_full_service_level_is_unreachable() -> None:
    with pytest.raises(StaffingError, match="unreachable"):
        required_agents_erlang_a(CCH, ServiceLevelTarget(fraction=1, within=20), patience=300)


def test_an_unreachable_target_names_the_best_reachable_value() -> None:
    best = r"best reachable at 12 agents is service level 0\.7723"
    with pytest.raises(StaffingError, match=best):
        required_agents_erlang_a(
            CCH, ServiceLevelTarget(fraction=0.95, within=20), patience=300, max_agents=12
        )


def test_a_far_off_occupancy_names_the_occupancy_reached_in_significant_figures() -> None:
    # docs/staffing.md: 1e-9 at 10 Erlangs within max_agents=10**9 is refused at once; the
    # occupancy reached there, 1e-08, misses it and must not print as 0.0000, which meets it.
    ten_erlangs = Workload(calls=200, interval=3600, aht=180)
    with pytest.raises(StaffingError, match=r"at 1000000000 agents .* occupancy 1e-08,"):
        required_agents_erlang_a(
            ten_erlangs, OccupancyTarget(maximum=1e-9), patience=300, max_agents=10**9
        )


def test_targets_must_be_targets() -> None:
    with pytest.raises(InputTypeError, match="AbandonmentTarget"):
        required_agents_erlang_a(CCH, 0.8, patience=300)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="at least one target"):
        required_agents_erlang_a(CCH, patience=300)
