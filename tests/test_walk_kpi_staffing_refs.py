"""KPIs and staffing recomputed from their published definitions, independently of the library.

Each figure is worked out here from the formula the literature gives (fractions where the
definition is exact, the standard library's normal quantile otherwise) and compared with what
``servicemodel.kpi`` and ``servicemodel.staffing`` report: NPS and its adjusted-Wald interval
(Rocks 2016), CSAT and CES, Wilson intervals, retention / churn / CLV, nearest-rank and
interpolated percentiles with their order-statistic intervals, the DDSketch error bound,
Kaplan–Meier against ``lifelines`` and a hand count, the Erlang C reference example of Call
Centre Helper, and Erlang A against its birth–death chain solved directly.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from statistics import NormalDist
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.errors import ServiceModelError
from servicemodel.kpi import (
    CES,
    CSAT,
    NPS,
    Durations,
    churn_rate,
    compare,
    customer_lifetime_value,
    nps_interval,
    order_statistic_ranks,
    retention_rate,
    wilson_interval,
)

Z95 = NormalDist().inv_cdf(0.975)


# --- survey scores ------------------------------------------------------------------------------


def ref_nps(scores: list[int]) -> tuple[float, float, float]:
    """NPS with its adjusted-Wald interval (Rocks 2016), from the scores alone."""
    n = len(scores)
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    n_adj = n + 3
    p, d = (promoters + 0.75) / n_adj, (detractors + 0.75) / n_adj
    se = math.sqrt((p + d - (p - d) ** 2) / n_adj)
    value = 100 * (promoters - detractors) / n
    lower = max(-100.0, 100 * (p - d - Z95 * se))
    upper = min(100.0, 100 * (p - d + Z95 * se))
    return value, min(lower, value), max(upper, value)


def test_nps_definition_counts_six_as_detractor_and_passives_in_n() -> None:
    # 9-10 promoters, 7-8 passives, 0-6 detractors (6 is a detractor, not a passive).
    acc = NPS.empty().add_many([10, 9, 8, 7, 6, 0])
    assert (acc.promoters, acc.passives, acc.detractors) == (2, 2, 2)
    assert acc.result().value == 0.0
    # Passives count in n: 2 promoters, 1 passive, 1 detractor -> 100·(2 − 1)/4.
    assert NPS.empty().add_many([9, 10, 8, 6]).result().value == 25.0


@given(st.lists(st.integers(0, 10), min_size=1, max_size=60))
def test_nps_and_its_adjusted_wald_interval_match_rocks(scores: list[int]) -> None:
    est = NPS.empty().add_many(scores).result()
    value, lower, upper = ref_nps(scores)
    assert est.value == pytest.approx(value, abs=1e-9)
    assert est.lower == pytest.approx(lower, abs=1e-9)
    assert est.upper == pytest.approx(upper, abs=1e-9)
    assert -100 <= est.lower <= est.value <= est.upper <= 100


def test_nps_interval_published_example() -> None:
    # 50 promoters, 30 passives, 20 detractors: p̃ = 50.75/103, d̃ = 20.75/103.
    lo, hi, se = nps_interval(50, 20, 100)
    p, d = Fraction(5075, 10300), Fraction(2075, 10300)
    se_ref = math.sqrt(float(p + d - (p - d) ** 2) / 103)
    assert se == pytest.approx(100 * se_ref, rel=1e-12)
    assert (lo, hi) == pytest.approx(
        (100 * (float(p - d) - Z95 * se_ref), 100 * (float(p - d) + Z95 * se_ref)), rel=1e-12
    )


@given(
    st.lists(st.integers(0, 10), min_size=2, max_size=40),
    st.lists(st.integers(0, 10), min_size=2, max_size=40),
)
def test_two_nps_z_test_is_difference_over_root_sum_of_wald_variances(
    a: list[int], b: list[int]
) -> None:
    def wald_se(scores: list[int]) -> float:
        n = len(scores)
        p = sum(s >= 9 for s in scores) / n
        d = sum(s <= 6 for s in scores) / n
        return 100 * math.sqrt(max(0.0, p + d - (p - d) ** 2) / n)

    c = compare(NPS.empty().add_many(a), NPS.empty().add_many(b))
    diff = ref_nps(b)[0] - ref_nps(a)[0]
    se = math.hypot(wald_se(a), wald_se(b))
    assert c.difference == pytest.approx(diff, abs=1e-9)
    assert c.se == pytest.approx(se, abs=1e-9)
    if se > 0:
        z = diff / se
        assert c.z == pytest.approx(z, rel=1e-9, abs=1e-12)
        assert c.p_value == pytest.approx(2 * (1 - NormalDist().cdf(abs(z))), abs=1e-12)


def ref_wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_is_the_score_interval(kn: tuple[int, int]) -> None:
    k, n = kn
    lo, hi = wilson_interval(k, n)
    ref_lo, ref_hi = ref_wilson(k, n)
    assert lo == pytest.approx(max(0.0, ref_lo), abs=1e-12)
    assert hi == pytest.approx(min(1.0, ref_hi), abs=1e-12)


def test_wilson_textbook_value() -> None:
    # 81 of 263 (Wilson 1927 as used by Newcombe 1998): 0.2553 to 0.3662.
    lo, hi = wilson_interval(81, 263)
    assert (round(lo, 4), round(hi, 4)) == (0.2553, 0.3662)


@given(st.lists(st.integers(1, 5), min_size=1, max_size=80))
def test_csat_is_the_top_two_box_share_of_answered_surveys(scores: list[int]) -> None:
    est = CSAT.empty().add_many(scores).result()
    k = sum(s >= 4 for s in scores)
    assert est.value == k / len(scores)  # the correctly rounded quotient
    assert est.n == len(scores)
    assert (est.lower, est.upper) == pytest.approx(wilson_interval(k, len(scores)))


def test_csat_good_over_good_plus_bad_as_zendesk_counts_it() -> None:
    # Zendesk: good / (good + bad); offered and unanswered surveys are not in the denominator.
    # On a 0..1 scale (bad = 0, good = 1), unanswered given as missing answers.
    good, bad, unanswered = 37, 13, 50
    acc = CSAT.empty(low=0, high=1, satisfied_from=1).add_many(
        [1] * good + [0] * bad + [None] * unanswered, skip_missing=True
    )
    est = acc.result()
    assert est.value == good / (good + bad)
    assert (est.n, est.missing) == (good + bad, unanswered)


def test_ces_versions_have_opposite_directions_and_never_mix() -> None:
    # CES 2.0: 1-7 agreement, good = 5..7 (high is good). CES 1.0: 1-5 effort, good = 1..2.
    two = CES.empty().add_many([7, 6, 5, 4, 1])
    one = CES.empty(version="1.0").add_many([1, 2, 3, 5, 5])
    assert two.result(statistic="share").value == 3 / 5
    assert two.result().value == 23 / 5
    assert one.result(statistic="share").value == 2 / 5
    assert one.result().value == 16 / 5
    with pytest.raises(ServiceModelError):
        two.merge(one)  # type: ignore[arg-type]
    with pytest.raises(ServiceModelError):
        compare(two, one)
    with pytest.raises(ServiceModelError):
        one.add(7)  # off the 1..5 scale


# --- business outcomes -------------------------------------------------------------------------


@given(
    st.integers(1, 10_000).flatmap(
        lambda s: st.tuples(st.just(s), st.integers(0, s), st.integers(0, 10_000))
    )
)
def test_retention_is_end_minus_new_over_start(sk: tuple[int, int, int]) -> None:
    start, kept, new = sk
    est = retention_rate(start=start, end=kept + new, new=new)
    assert est.value == kept / start
    assert (est.lower, est.upper) == pytest.approx(wilson_interval(kept, start))


def test_churn_and_retention_published_examples() -> None:
    assert churn_rate(start=100, lost=15).value == 0.15
    # 200 at the start, 210 at the end, 30 new: 180 kept of 200.
    assert retention_rate(start=200, end=210, new=30).value == 0.9


@given(
    st.floats(0, 1e6, allow_nan=False),
    st.fractions(0, Fraction(99, 100), max_denominator=100),
    st.fractions(0, 1, max_denominator=100),
)
def test_simple_clv_is_m_r_over_one_plus_d_minus_r(m: float, r: Fraction, d: Fraction) -> None:
    got = customer_lifetime_value(margin=m, retention=float(r), discount=float(d))
    assert got == pytest.approx(m * float(r) / (1 + float(d) - float(r)), rel=1e-12, abs=1e-12)
    # Gupta & Lehmann's infinite sum of m·r^t/(1 + d)^t, t >= 1, equals the closed form.
    if m:
        series = sum(m * (float(r) / (1 + float(d))) ** t for t in range(1, 4000))
        assert got == pytest.approx(series, rel=1e-6)


# --- percentiles -------------------------------------------------------------------------------


def ref_nearest_rank(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = max(1, math.ceil(Fraction(repr(float(q))) * len(ordered) / 100))
    return ordered[rank - 1]


def ref_linear(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(np.array(values, dtype=float), q, method="linear"))


def ref_binomial_cdf(n: int, q: Fraction, k: int) -> Fraction:
    return sum(
        (math.comb(n, j) * q**j * (1 - q) ** (n - j) for j in range(k + 1)), start=Fraction(0)
    )


@given(
    st.lists(st.integers(0, 10_000), min_size=1, max_size=60),
    st.sampled_from([0, 1, 10, 25, 50, 75, 90, 95, 99, 100]),
)
def test_percentile_definitions_nearest_rank_and_linear(values: list[int], q: int) -> None:
    d = Durations.empty().add_many(values)
    assert d.percentile(q).value == ref_nearest_rank(values, q)
    assert d.percentile(q, method="linear").value == pytest.approx(
        ref_linear(values, q), rel=1e-12, abs=1e-9
    )


@given(
    st.integers(1, 120),
    st.sampled_from(["0.5", "0.9", "0.25", "0.99"]),
    st.sampled_from(["0.95", "0.9"]),
)
def test_order_statistic_ranks_are_the_extreme_binomial_ranks(n: int, qs: str, ls: str) -> None:
    q, level = Fraction(qs), Fraction(ls)
    alpha_half = (1 - level) / 2
    lower, upper = order_statistic_ranks(n, float(q), float(level))
    # l = the largest rank with P(B <= l - 1) <= α/2; u = the smallest with P(B <= u - 1)
    # >= 1 - α/2 (None where no rank qualifies).
    lows = [r for r in range(1, n + 1) if ref_binomial_cdf(n, q, r - 1) <= alpha_half]
    ups = [r for r in range(1, n + 1) if ref_binomial_cdf(n, q, r - 1) >= 1 - alpha_half]
    assert lower == (max(lows) if lows else None)
    assert upper == (min(ups) if ups else None)
    if lower is not None and upper is not None:
        coverage = ref_binomial_cdf(n, q, upper - 1) - ref_binomial_cdf(n, q, lower - 1)
        assert coverage >= level


@given(
    st.lists(st.integers(0, 1000), min_size=1, max_size=80),
    st.sampled_from([10, 50, 90, 99]),
    st.sampled_from(["nearest-rank", "linear"]),
)
def test_percentile_interval_is_the_pair_of_order_statistics(
    values: list[int], q: int, method: str
) -> None:
    est = Durations.empty().add_many(values).percentile(q, method=method)  # type: ignore[arg-type]
    ordered = sorted(values)
    lower, upper = order_statistic_ranks(len(values), q / 100)
    assert est.lower == (None if lower is None else min(ordered[lower - 1], est.value))
    assert est.upper == (None if upper is None else max(ordered[upper - 1], est.value))


def test_median_ranks_textbook() -> None:
    # n = 100, median, 95 %: ranks 40 and 61 (Conover, Practical Nonparametric Statistics).
    assert order_statistic_ranks(100, 0.5) == (40, 61)


@given(
    st.lists(st.floats(1e-6, 1e9, allow_nan=False), min_size=1, max_size=200),
    st.sampled_from([0.05, 0.01, 0.001]),
    st.sampled_from([0, 1, 25, 50, 90, 99, 100]),
)
def test_ddsketch_percentile_within_relative_error_of_nearest_rank(
    values: list[float], alpha: float, q: int
) -> None:
    d = Durations.empty(sketch=True, relative_accuracy=alpha).add_many(values)
    exact = ref_nearest_rank(values, q)
    got = d.percentile(q).value
    assert got is not None
    assert abs(got - exact) <= alpha * exact * (1 + 1e-9)


# --- Kaplan–Meier, Greenwood, Brookmeyer–Crowley, restricted mean, log-rank --------------------


def ref_km(pairs: list[tuple[int, bool]]) -> list[tuple[int, int, int, Fraction, Fraction]]:
    """(t, n_at_risk, deaths, S(t), Σ d/(n(n − d))) at each distinct event time, by hand."""
    out = []
    s, gw = Fraction(1), Fraction(0)
    for t in sorted({t for t, e in pairs if e}):
        at_risk = sum(1 for u, _ in pairs if u >= t)  # censored at t is still at risk at t
        deaths = sum(1 for u, e in pairs if u == t and e)
        s *= Fraction(at_risk - deaths, at_risk)
        if at_risk > deaths:
            gw += Fraction(deaths, at_risk * (at_risk - deaths))
        out.append((t, at_risk, deaths, s, gw))
    return out


survival_samples = st.lists(st.tuples(st.integers(1, 30), st.booleans()), min_size=1, max_size=40)


@given(survival_samples)
def test_kaplan_meier_and_greenwood_by_hand(pairs: list[tuple[int, bool]]) -> None:
    from servicemodel.kpi import SurvivalTimes

    km = SurvivalTimes.empty().add_many(pairs).result()
    ref = ref_km(pairs)
    assert km.times == tuple(float(t) for t, *_ in ref)
    assert km.at_risk == tuple(n for _, n, *_ in ref)
    assert km.deaths == tuple(d for _, _, d, *_ in ref)
    for got_s, got_se, (_, _, _, s, gw) in zip(km.survival, km.se, ref, strict=True):
        assert got_s == pytest.approx(float(s), abs=1e-12)
        if s > 0:
            assert got_se == pytest.approx(float(s) * math.sqrt(gw), rel=1e-9, abs=1e-12)
    assert (km.n, km.events, km.censored) == (
        len(pairs),
        sum(e for _, e in pairs),
        sum(not e for _, e in pairs),
    )


@given(survival_samples, st.sampled_from([25, 50, 75, 90]))
def test_percentile_is_the_first_time_the_curve_reaches_one_minus_q(
    pairs: list[tuple[int, bool]], q: int
) -> None:
    from servicemodel.kpi import SurvivalTimes

    km = SurvivalTimes.empty(percentiles=(q,)).add_many(pairs).result()
    target = 1 - Fraction(q, 100)
    hits = [t for t, _, _, s, _ in ref_km(pairs) if s <= target]
    est, why = km.percentile(q)
    if hits:
        assert est.value == hits[0]
    else:
        assert est.value is None
        assert why


def _lifelines() -> object:
    return pytest.importorskip("lifelines")


@given(survival_samples)
def test_kaplan_meier_band_and_median_interval_agree_with_lifelines(
    pairs: list[tuple[int, bool]],
) -> None:
    lifelines = _lifelines()
    import warnings

    from servicemodel.kpi import SurvivalTimes

    km = SurvivalTimes.empty().add_many(pairs).result()
    durations = [t for t, _ in pairs]
    observed = [e for _, e in pairs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitter = lifelines.KaplanMeierFitter().fit(durations, observed)  # type: ignore[attr-defined]
    sf = fitter.survival_function_["KM_estimate"]
    ci = fitter.confidence_interval_survival_function_
    for t, s, lo, hi in zip(km.times, km.survival, km.lower, km.upper, strict=True):
        assert s == pytest.approx(float(sf.loc[t]), abs=1e-12)
        if 0 < s < 1:  # lifelines' exponential Greenwood band, the same log-log transform
            assert lo == pytest.approx(float(ci.iloc[:, 0].loc[t]), abs=1e-9)
            assert hi == pytest.approx(float(ci.iloc[:, 1].loc[t]), abs=1e-9)
    median = km["median"].value
    ll_median = fitter.median_survival_time_
    if median is None:
        assert math.isinf(ll_median)
    else:
        assert median == ll_median


@given(survival_samples, st.integers(1, 30))
def test_restricted_mean_is_the_area_under_the_curve(
    pairs: list[tuple[int, bool]], tau: int
) -> None:
    from servicemodel.kpi import SurvivalTimes

    km = SurvivalTimes.empty().add_many(pairs).result()
    ref = ref_km(pairs)
    last = max(t for t, _ in pairs)
    est, why = km.restricted_mean(tau)
    s_end = ref[-1][3] if ref else Fraction(1)
    if tau > last and s_end > 0:
        assert est.value is None
        assert why
        return
    # The area of a step function: S is constant between event times.
    area, prev_t, prev_s = Fraction(0), 0, Fraction(1)
    for t, _, _, s, _ in ref:
        if t >= tau:
            break
        area += prev_s * (t - prev_t)
        prev_t, prev_s = t, s
    area += prev_s * (tau - prev_t)
    assert est.value == pytest.approx(float(area), rel=1e-12, abs=1e-12)
    # Klein & Moeschberger 4.5.2: Σ_{t_i < τ} A_i² d_i / (n_i (n_i − d_i)), A_i = ∫_{t_i}^τ S.
    variance = Fraction(0)
    for t, n, d, _, _ in ref:
        if t >= tau or n == d:
            continue
        a_i, p_t, p_s = Fraction(0), t, next(s for u, _, _, s, _ in ref if u == t)
        for u, _, _, s, _ in ref:
            if u <= t:
                continue
            if u >= tau:
                break
            a_i += p_s * (u - p_t)
            p_t, p_s = u, s
        a_i += p_s * (tau - p_t)
        variance += a_i**2 * Fraction(d, n * (n - d))
    assert est.se == pytest.approx(math.sqrt(variance), rel=1e-9, abs=1e-12)


@given(survival_samples, survival_samples)
def test_logrank_agrees_with_lifelines(
    a: list[tuple[int, bool]], b: list[tuple[int, bool]]
) -> None:
    _lifelines()
    import warnings

    from lifelines.statistics import logrank_test

    from servicemodel.kpi import SurvivalTimes, logrank

    got = logrank(SurvivalTimes.empty().add_many(a), SurvivalTimes.empty().add_many(b))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = logrank_test(
            [t for t, _ in a], [t for t, _ in b], [e for _, e in a], [e for _, e in b]
        )
    if got.variance > 0:
        assert got.statistic == pytest.approx(ref.test_statistic, rel=1e-9, abs=1e-12)
        assert got.p_value == pytest.approx(ref.p_value, rel=1e-9, abs=1e-12)
    assert got.observed == (sum(e for _, e in a), sum(e for _, e in b))


# --- Erlang C -----------------------------------------------------------------------------------


def ref_erlang_c(n: int, a: Fraction) -> Fraction:
    """P(wait) for M/M/n from the textbook sums, exactly (a rational load)."""
    terms = [a**k / math.factorial(k) for k in range(n)]
    top = a**n / math.factorial(n) * Fraction(n) / (n - a)
    return top / (sum(terms, Fraction(0)) + top)


def test_erlang_c_call_centre_helper_reference_example() -> None:
    from servicemodel.staffing import (
        ServiceLevelTarget,
        Workload,
        erlang_c,
        queue_metrics,
        required_agents,
    )

    # 100 calls per 30 min, AHT 180 s, 80 % answered in 20 s, 30 % shrinkage.
    w = Workload(calls=100, interval=1800, aht=180)
    assert w.traffic == 10.0
    plan = required_agents(w, ServiceLevelTarget(fraction=0.8, within=20), shrinkage=0.3)
    assert (plan.agents, plan.scheduled) == (14, 20)
    m = plan.metrics
    pw = ref_erlang_c(14, Fraction(10))
    assert m.probability_of_waiting == pytest.approx(float(pw), rel=1e-12)
    assert round(m.probability_of_waiting, 4) == 0.1741
    assert round(m.service_level, 4) == 0.8884
    assert round(m.asa, 2) == 7.84
    assert m.service_level == pytest.approx(1 - float(pw) * math.exp(-(14 - 10) * 20 / 180))
    assert m.asa == pytest.approx(float(pw) * 180 / (14 - 10))
    assert m.occupancy == pytest.approx(10 / 14)
    # 13 agents miss the target: 14 is the smallest.
    assert queue_metrics(w, 13, within=20).service_level < 0.8
    assert erlang_c(14, 10.0) == pytest.approx(float(pw), rel=1e-12)


@given(st.integers(1, 60), st.fractions(Fraction(1, 10), 59, max_denominator=20))
def test_erlang_c_matches_the_textbook_sums(n: int, a: Fraction) -> None:
    from servicemodel.staffing import erlang_c

    if n <= a:
        with pytest.raises(ServiceModelError, match="must exceed the offered load"):
            erlang_c(n, float(a))
        return
    assert erlang_c(n, float(a)) == pytest.approx(float(ref_erlang_c(n, a)), rel=1e-9)


@given(st.integers(1, 200), st.sampled_from([0.5, 0.6, 0.75, 0.99]))
def test_search_starts_at_floor_a_plus_one_when_the_fraction_is_a_half_or_more(
    whole: int, fraction: float
) -> None:
    from servicemodel.staffing import AsaTarget, Workload, queue_metrics, required_agents

    # A = whole + fraction; a target every steady state meets (ASA within a day) is met by the
    # first count with a steady state, floor(A) + 1 -- round(A + 1) would give one too many.
    load = whole + fraction
    w = Workload(calls=load, interval=3600, aht=3600)
    plan = required_agents(w, AsaTarget(seconds=86_400 * 365 * 1000))
    assert plan.agents == math.floor(load) + 1
    with pytest.raises(ServiceModelError, match="must exceed the offered load"):
        queue_metrics(w, math.floor(load))


# --- Erlang A against the birth–death chain ----------------------------------------------------


def ref_erlang_a(
    n: int, lam: float, aht: float, patience: float, within: float, states: int = 3000
) -> dict[str, float]:
    """Erlang A figures from the truncated chain and the tagged customer's absorbing chain."""
    import numpy as np
    from scipy.linalg import expm

    mu, theta = 1 / aht, 1 / patience
    logs = [0.0]
    for k in range(1, states + 1):
        logs.append(logs[-1] + math.log(lam / (min(k, n) * mu + max(k - n, 0) * theta)))
    top = max(logs)
    # States whose weight is below e^-45 of the largest add nothing a float can hold.
    keep = max(k for k, v in enumerate(logs) if v > top - 45 or k <= n)
    pi = np.exp(np.array(logs[: keep + 1]) - top)
    pi /= pi.sum()
    waiting = pi[n:]  # an arrival (PASTA) that finds k >= n waits at queue position k - n + 1
    positions = len(waiting)
    # The tagged customer at position j: moves to j − 1 at rate nμ + (j − 1)θ (served from
    # position 1), abandons at rate θ. Transient generator over positions 1..positions.
    q = np.zeros((positions, positions))
    served = np.zeros(positions)
    for j in range(1, positions + 1):
        ahead = n * mu + (j - 1) * theta
        q[j - 1, j - 1] = -(ahead + theta)
        if j == 1:
            served[0] = ahead
        else:
            q[j - 1, j - 2] = ahead
    inv = np.linalg.inv(-q)
    p_served = inv @ served  # from each position: the chance of being served at all
    mean_served = inv @ (inv @ served)  # E[wait · 1{served}]
    late = expm(q * within) @ p_served  # served, but after ``within``
    p_wait = float(waiting.sum())
    p_ab = float(waiting @ (1 - p_served))
    queue = float(sum(pi[k] * (k - n) for k in range(n + 1, len(pi))))
    return {
        "probability_of_waiting": p_wait,
        "probability_of_abandoning": p_ab,
        "service_level": float(pi[:n].sum() + waiting @ (p_served - late)),
        "asa": float(waiting @ mean_served) / (1 - p_ab),
        "asa_all": queue / lam,
        "queue_length": queue,
        "occupancy": lam * aht * (1 - p_ab) / n,
    }


@given(
    st.integers(1, 40),
    st.floats(0.2, 1.6),
    st.sampled_from([60.0, 180.0, 600.0]),
    st.sampled_from([30.0, 120.0, 900.0]),
    st.sampled_from([0.0, 20.0, 60.0]),
)
def test_erlang_a_matches_the_birth_death_chain(
    n: int, utilisation: float, aht: float, patience: float, within: float
) -> None:
    pytest.importorskip("scipy")
    from servicemodel.staffing import Workload, erlang_a_metrics

    interval = 3600.0
    calls = utilisation * n * interval / aht
    w = Workload(calls=calls, interval=interval, aht=aht)
    m = erlang_a_metrics(w, n, patience=patience, within=within)
    ref = ref_erlang_a(n, calls / interval, aht, patience, within)
    for name, value in ref.items():
        assert getattr(m, name) == pytest.approx(value, rel=1e-6, abs=1e-9), name


# --- ticket-history KPIs, from the event lists ------------------------------------------------

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
KINDS = ("reply", "bot", "note", "msg", "solve", "close", "open", "pending", "reopen")


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[timedelta, list[tuple[str, timedelta]]]]:
    """Tickets as (creation offset, [(kind, offset from creation)]), offsets non-decreasing."""
    out = []
    for _ in range(draw(st.integers(0, 12))):
        created = timedelta(minutes=draw(st.integers(0, 3000)))
        at, events = timedelta(0), []
        for kind in draw(st.lists(st.sampled_from(KINDS), max_size=9)):
            at += timedelta(minutes=draw(st.sampled_from([0, 1, 30, 600, 2000, 5000])))
            events.append((kind, at))
        out.append((created, events))
    return out


def _event(kind: str, eid: str, at: datetime) -> Any:
    from servicemodel.model import (
        AgentReply,
        CustomerMessage,
        InternalNote,
        Reopen,
        StatusChange,
    )

    if kind in ("reply", "bot"):
        return AgentReply(eid, at, automated=kind == "bot")
    if kind == "note":
        return InternalNote(eid, at)
    if kind == "msg":
        return CustomerMessage(eid, at)
    if kind == "reopen":
        return Reopen(eid, at)
    status = {"solve": "solved", "close": "closed", "open": "open", "pending": "pending"}[kind]
    return StatusChange(eid, at, status=status)


def build(spec: list[tuple[timedelta, list[tuple[str, timedelta]]]]) -> list[Any]:
    """TicketHistory values for ``spec``; a reopen of an unresolved ticket is dropped."""
    from servicemodel.model import Ticket, TicketHistory

    out = []
    for i, (created, events) in enumerate(spec):
        made, resolved = [], False
        for j, (kind, offset) in enumerate(events):
            at, eid = T0 + created + offset, f"e{j}"
            if kind == "reopen" and not resolved:
                continue
            made.append(_event(kind, eid, at))
            if kind in ("solve", "close"):
                resolved = True
            elif kind in ("open", "pending", "reopen"):
                resolved = False
        out.append(TicketHistory(Ticket(f"T{i}", T0 + created), made))
    return out


def facts(spec_item: tuple[timedelta, list[tuple[str, timedelta]]]) -> dict[str, Any]:
    """What the definitions read from one ticket's events, worked out from the spec alone."""
    created, events = spec_item
    resolved, solves, reopens, statuses = False, [], [], [(timedelta(0), False)]
    replies, messages = [], []
    for kind, at in events:
        if kind == "reopen" and not resolved:
            continue
        if kind in ("solve", "close"):
            if not resolved:
                solves.append(at)
            resolved = True
        elif kind in ("open", "pending", "reopen"):
            if resolved:
                reopens.append(at)
            resolved = False
        elif kind == "reply":
            replies.append(at)
        elif kind == "msg":
            messages.append(at)
        statuses.append((at, resolved))
    return {
        "created": created,
        "first_reply": replies[0] if replies else None,
        "first_solve": solves[0] if solves else None,
        "final_solve": solves[-1] if solves and resolved else None,
        "resolved": resolved,
        "reopened": bool(reopens),
        "replies": replies,
        "messages": messages,
        "reopens": reopens,
        "statuses": statuses,
    }


def ref_median(values: list[float]) -> float | None:
    return ref_nearest_rank(values, 50) if values else None


@given(histories())
def test_first_reply_and_resolution_times_with_censored_tickets(spec: Any) -> None:
    from servicemodel.kpi import FirstReplyTime, ResolutionTime

    hs, fs = build(spec), [facts(s) for s in spec]
    minutes = [f["first_reply"] / timedelta(minutes=1) for f in fs if f["first_reply"] is not None]
    frt = FirstReplyTime.empty().add_many(hs).result()
    assert frt.censored == sum(f["first_reply"] is None for f in fs)
    assert frt.median.value == ref_median(minutes)
    for which, key in (("first", "first_solve"), ("full", "final_solve")):
        hours = [f[key] / timedelta(hours=1) for f in fs if f[key] is not None]
        rt = ResolutionTime.empty(which=which).add_many(hs).result()
        assert rt.censored == sum(f[key] is None for f in fs)
        assert rt.median.value == ref_median(hours)
        assert rt.n == len(hours)


@given(histories())
def test_rates_from_the_event_lists(spec: Any) -> None:
    from servicemodel.kpi import OneTouchRate, ReopenRate, ResolutionRate

    hs, fs = build(spec), [facts(s) for s in spec]
    solved_once = [f for f in fs if f["first_solve"] is not None]
    reopen = ReopenRate.empty().add_many(hs).result()
    assert reopen.n == len(solved_once)
    assert reopen.count("successes") == sum(f["reopened"] for f in solved_once)
    resolution = ResolutionRate.empty().add_many(hs).result()
    assert (resolution.n, resolution.count("successes")) == (
        len(fs),
        sum(f["resolved"] for f in fs),
    )
    touch = OneTouchRate.empty().add_many(hs)
    assert touch.resolved == sum(f["resolved"] for f in fs)
    assert touch.one_touch == sum(f["resolved"] and len(f["replies"]) < 2 for f in fs)


@given(histories(), st.sampled_from([1, 30, 600, 4000]), st.integers(0, 2))
def test_first_contact_resolution_window_and_matching_rule(
    spec: Any, window_minutes: int, max_replies: int
) -> None:
    from servicemodel.kpi import FirstContactResolution

    window = timedelta(minutes=window_minutes)
    hs, fs = build(spec), [facts(s) for s in spec]
    acc = FirstContactResolution.empty(window=window, max_replies=max_replies).add_many(hs)
    expected = []
    for f in fs:
        s = f["first_solve"]
        if s is None:
            continue
        expected.append(
            sum(r <= s for r in f["replies"]) <= max_replies
            and not any(s < m <= s + window for m in f["messages"])
            and not any(s < r <= s + window for r in f["reopens"])
        )
    assert (acc.solved, acc.first_contact) == (len(expected), sum(expected))


@given(histories(), st.integers(0, 12_000))
def test_backlog_counts_unresolved_tickets_at_the_instant(spec: Any, minute: int) -> None:
    from servicemodel.kpi import Backlog

    as_of = T0 + timedelta(minutes=minute)
    hs, fs = build(spec), [facts(s) for s in spec]
    existing = open_ = 0
    for f in fs:
        if T0 + f["created"] > as_of:
            continue
        existing += 1
        state = [r for at, r in f["statuses"] if T0 + f["created"] + at <= as_of][-1]
        open_ += not state
    acc = Backlog.empty(as_of=as_of).add_many(hs)
    assert (acc.existing, acc.open) == (existing, open_)


# --- hostile input: a ServiceModelError naming the value, or a valid answer -----------------


def test_attainment_of_one_metric_refuses_a_measurement_without_a_metric() -> None:
    from types import SimpleNamespace

    from servicemodel.errors import InputTypeError
    from servicemodel.kpi import SLAAttainment

    bare = SimpleNamespace(state="achieved")
    # Without a metric filter the state is all it reads.
    assert SLAAttainment.empty().add(bare).achieved == 1
    with pytest.raises(InputTypeError, match=r"with a \.metric, got SimpleNamespace"):
        SLAAttainment.empty(metric="first_reply").add(bare)
    with pytest.raises(InputTypeError, match="'first_reply'"):
        SLAAttainment.empty(metric="first_reply").add_many(iter([bare]))


def test_sla_attainment_is_achieved_over_achieved_plus_breached() -> None:
    from types import SimpleNamespace

    from servicemodel.kpi import SLAAttainment

    states = ["achieved"] * 17 + ["breached"] * 3 + ["active"] * 4 + ["paused"] * 2
    ms = [SimpleNamespace(state=s, metric="reply", priority=None) for s in states]
    ms += [SimpleNamespace(state="breached", metric="resolution", priority=None)]
    est = SLAAttainment.empty(metric="reply").add_many(ms).result()
    assert (est.value, est.n, est.missing) == (17 / 20, 20, 6)
    assert (est.lower, est.upper) == pytest.approx(wilson_interval(17, 20))


@pytest.mark.parametrize(
    "name", [["successes"], ("successes",), None, 3, b"successes", {"successes": 1}]
)
def test_an_estimates_count_is_asked_for_by_name(name: Any) -> None:
    import numpy as np

    from servicemodel.errors import InputTypeError
    from servicemodel.kpi import proportion

    est = proportion(3, 4)
    for value in (name, np.array(["successes", "failures"])):
        with pytest.raises(InputTypeError, match="a count's name is text"):
            est.count(value)
    assert est.count("successes") == 3


huge_whole_floats = st.floats(1e6 + 1, 1e308, allow_infinity=False).map(math.ceil).map(float)


@given(st.sampled_from(["low", "high", "satisfied_from"]), huge_whole_floats, st.booleans())
def test_a_csat_scale_end_past_the_limit_is_named_as_given(
    name: str, huge: float, negative: bool
) -> None:
    from servicemodel.errors import ConfigError

    value = -huge if negative else huge
    with pytest.raises(ConfigError) as info:
        CSAT.empty(**{name: value})
    assert str(info.value) == f"{name} must be within ±1000000, got {value!r}"


@given(huge_whole_floats)
def test_counts_past_their_limit_are_named_as_given(huge: float) -> None:
    from servicemodel.errors import ConfigError, StaffingError
    from servicemodel.kpi import proportion
    from servicemodel.staffing import (
        AsaTarget,
        Workload,
        erlang_b,
        queue_metrics,
        required_agents,
        scheduled_agents,
    )

    with pytest.raises(ConfigError) as info:
        proportion(huge, 10)
    assert str(info.value).endswith(f"got {huge!r} of 10")
    w = Workload(calls=100, interval=1800, aht=180)
    if huge > 1e9:
        for call in (
            lambda: erlang_b(huge, 1.0),
            lambda: queue_metrics(w, huge),
            lambda: scheduled_agents(huge, 0.3),
        ):
            with pytest.raises(StaffingError) as info:
                call()
            assert str(info.value).startswith(f"agents={huge!r} is above")
        with pytest.raises(StaffingError) as info:
            required_agents(w, AsaTarget(10), max_agents=huge)
        assert str(info.value).startswith(f"max_agents={huge!r} is above")
    with pytest.raises(StaffingError) as info:
        erlang_b(-huge, 1.0)
    assert str(info.value) == f"agents must be ≥ 0, got {-huge!r}"


HOSTILE: list[Any] = [
    True,
    "5",
    None,
    math.nan,
    math.inf,
    -math.inf,
    -0.0,
    1e308,
    -1e308,
    10**400,
    -1,
    2.5,
    5e-324,
    Fraction(1, 3),
    complex(1, 1),
    [],
    (),
    b"5",
    timedelta(seconds=-1),
    object(),
]


def _entry_points() -> dict[str, Any]:
    """One argument of each public KPI and staffing entry point, the others valid."""
    from types import SimpleNamespace

    import servicemodel.kpi as K
    import servicemodel.staffing as S

    w = S.Workload(calls=100, interval=1800, aht=180)
    d = K.Durations.empty().add_many([1, 2, 3, 4, 5])
    km = K.SurvivalTimes.empty(horizon=4).add_many([(1, True), (2, False), (3, True), (5, True)])
    curve = km.result()
    sla = S.ServiceLevelTarget(0.8, 20)
    return {
        "NPS.add": lambda v: K.NPS.empty().add(v),
        "NPS.add_many": lambda v: K.NPS.empty().add_many(x for x in [9, v]),
        "NPS.result": lambda v: K.NPS.empty().add(9).result(v),
        "CSAT.empty(low)": lambda v: K.CSAT.empty(low=v),
        "CSAT.empty(satisfied_from)": lambda v: K.CSAT.empty(satisfied_from=v),
        "CSAT.result(statistic)": lambda v: K.CSAT.empty().add(5).result(statistic=v),
        "CES.empty(version)": lambda v: K.CES.empty(version=v),
        "CES.count_of": lambda v: K.CES.empty().count_of(v),
        "wilson_interval": lambda v: K.wilson_interval(v, 10),
        "nps_interval": lambda v: K.nps_interval(1, 1, v),
        "order_statistic_ranks": lambda v: K.order_statistic_ranks(10, v),
        "t_quantile": lambda v: K.t_quantile(0.9, v),
        "proportion": lambda v: K.proportion(v, 10),
        "mean_estimate": lambda v: K.mean_estimate(3, v, 1.0),
        "Estimate.count": lambda v: K.proportion(1, 2).count(v),
        "retention_rate": lambda v: K.retention_rate(start=10, end=v, new=1),
        "churn_rate": lambda v: K.churn_rate(start=v, lost=1),
        "customer_lifetime_value": lambda v: K.customer_lifetime_value(
            margin=v, retention=0.5, discount=0.1
        ),
        "Durations.add": lambda v: K.Durations.empty().add(v),
        "Durations(sketch).add": lambda v: K.Durations.empty(sketch=True).add(v),
        "Durations.percentile": lambda v: d.percentile(v),
        "Durations.percentile(level)": lambda v: d.percentile(50, v),
        "SurvivalTimes.add": lambda v: K.SurvivalTimes.empty().add((v, True)),
        "SurvivalTimes.empty(horizon)": lambda v: K.SurvivalTimes.empty(horizon=v),
        "SurvivalCurve.survival_at": lambda v: curve.survival_at(v),
        "SurvivalCurve.percentile": lambda v: curve.percentile(v),
        "SurvivalCurve.restricted_mean": lambda v: curve.restricted_mean(v),
        "logrank": lambda v: K.logrank(km, v),
        "compare": lambda v: K.compare(K.NPS.empty().add_many([9, 1]), v),
        "SLAAttainment.add": lambda v: K.SLAAttainment.empty(metric="x").add(
            SimpleNamespace(state=v)
        ),
        "FirstContactResolution.empty": lambda v: K.FirstContactResolution.empty(window=v),
        "Backlog.empty": lambda v: K.Backlog.empty(as_of=v),
        "erlang_b": lambda v: S.erlang_b(v, 10.0),
        "erlang_c": lambda v: S.erlang_c(14, v),
        "Workload(calls)": lambda v: S.Workload(calls=v, interval=1800, aht=180),
        "Workload(aht)": lambda v: S.Workload(calls=100, interval=1800, aht=v),
        "ServiceLevelTarget": lambda v: S.ServiceLevelTarget(fraction=v, within=20),
        "queue_metrics": lambda v: S.queue_metrics(w, v),
        "required_agents(shrinkage)": lambda v: S.required_agents(w, sla, shrinkage=v),
        "required_agents(max_agents)": lambda v: S.required_agents(w, sla, max_agents=v),
        "scheduled_agents": lambda v: S.scheduled_agents(14, v),
        "erlang_a_metrics": lambda v: S.erlang_a_metrics(w, 14, patience=v),
        "required_agents_erlang_a": lambda v: S.required_agents_erlang_a(
            w, S.AbandonmentTarget(0.05), patience=v
        ),
    }


@pytest.mark.parametrize("name", sorted(_entry_points()))
def test_hostile_arguments_are_refused_by_a_library_error_or_answered(name: str) -> None:
    from _deadline import deadline

    call = _entry_points()[name]
    for value in HOSTILE:
        try:
            with deadline(5, f"{name}({value!r:.40})"):
                result = call(value)
        except ServiceModelError:
            continue
        # Answered: every number it reports is finite (no NaN or infinity passed off).
        for field in ("value", "lower", "upper", "se"):
            x = getattr(result, field, None)
            assert not (isinstance(x, float) and not math.isfinite(x)), (name, value, field)
        if isinstance(result, float):
            assert math.isfinite(result), (name, value)


@example(aht=1e300, gap=1e-14)  # P_w·aht/(N − A) about 1e314 s
@example(aht=1e290, gap=1e-12)  # about 1e302 s: reported
@given(st.floats(1e290, 1e300), st.floats(1e-15, 1e-12))
def test_an_average_speed_of_answer_past_the_float_range_is_refused(aht: float, gap: float) -> None:
    from servicemodel.errors import StaffingError
    from servicemodel.staffing import Workload, queue_metrics

    # One agent, a load just below 1: P_w·aht/(N − A) is past 1e308 s.
    w = Workload(calls=(1 - gap) / aht, interval=1, aht=aht)
    a = w.traffic
    if not 0 < a < 1:
        return
    exact = a * aht / (1 - a)  # P_w = A for one agent
    if math.isfinite(exact):
        assert queue_metrics(w, 1).asa == pytest.approx(exact, rel=1e-6)
        return
    with pytest.raises(StaffingError, match="average speed of answer with 1 agent at"):
        queue_metrics(w, 1)
    assert math.isfinite(queue_metrics(w, 3).asa)


@given(
    st.integers(1, 400),
    st.integers(1, 99),
    st.sampled_from(["float32", "float16", "float64"]),
)
def test_a_numpy_target_staffs_as_the_decimal_it_prints(load: int, percent: int, kind: str) -> None:
    import numpy as np

    from servicemodel.staffing import (
        AbandonmentTarget,
        AsaTarget,
        OccupancyTarget,
        ServiceLevelTarget,
        Workload,
        required_agents,
    )

    # np.float32(0.7) holds 0.699999988...: read so, 7 Erlangs needed 11 agents, not 10.
    given_ = getattr(np, kind)(percent / 100)
    decimal = float(str(given_))
    w = Workload(calls=load, interval=3600, aht=3600)

    def agents(maximum: Any) -> int:
        return required_agents(w, OccupancyTarget(maximum=maximum), max_agents=100_000).agents

    assert agents(given_) == agents(decimal)
    assert OccupancyTarget(maximum=given_).maximum == decimal
    assert AbandonmentTarget(maximum=given_).maximum == decimal
    assert ServiceLevelTarget(fraction=given_, within=given_).within == decimal
    assert AsaTarget(seconds=given_).seconds == decimal
    assert Workload(calls=given_, interval=given_, aht=given_).calls == decimal
    assert (
        required_agents(
            Workload(calls=7, interval=1, aht=1), OccupancyTarget(maximum=np.float32(0.7))
        ).agents
        == 10
    )


@given(
    st.integers(0, 10_000),
    st.integers(0, 99),
    st.integers(0, 50),
    st.sampled_from(["int64", "float32", "float64", "Decimal", "Fraction"]),
)
def test_lifetime_values_take_any_real_number_as_the_decimal_it_prints(
    margin: int, retention: int, discount: int, kind: str
) -> None:
    from decimal import Decimal

    import numpy as np

    from servicemodel.kpi import lifetime_value_from_orders

    def as_kind(x: Fraction) -> Any:
        if kind == "Decimal":
            return Decimal(x.numerator) / Decimal(x.denominator)
        if kind == "Fraction":
            return x
        if kind == "int64":
            return np.int64(x) if x.denominator == 1 else float(x)
        return getattr(np, kind)(float(x))

    # A frame's figure (a numpy scalar) or a money amount (a Decimal) is a number: they were
    # refused as "margin must be a number, got float32".
    m, r, d = Fraction(margin), Fraction(retention, 100), Fraction(discount, 100)

    def plain(x: Any) -> float:  # a numpy scalar is the decimal it prints as
        return float(str(x)) if type(x).__module__ == "numpy" else float(x)

    mm, rr, dd = (plain(as_kind(x)) for x in (m, r, d))
    got = customer_lifetime_value(margin=as_kind(m), retention=as_kind(r), discount=as_kind(d))
    assert got == customer_lifetime_value(margin=mm, retention=rr, discount=dd)
    assert got == pytest.approx(mm * rr / (1 + dd - rr), rel=1e-12, abs=1e-12)
    assert lifetime_value_from_orders(
        average_order_value=as_kind(m), purchase_frequency=as_kind(r), lifespan=as_kind(d)
    ) == pytest.approx(float(m * r * d), rel=1e-6, abs=1e-9)


@given(
    st.sampled_from([1, 10, 1000, 10**6, 10**9, 2**53]),
    st.sampled_from(["0.5", "0.9", "0.95", "0.99", "0.1"]),
    st.sampled_from(["float16", "float32", "float64", "longdouble"]),
)
def test_order_statistic_ranks_read_a_numpy_q_as_the_decimal_it_prints(
    n: int, written: str, kind: str
) -> None:
    import warnings

    import numpy as np

    # numpy's arithmetic overflowed a float16's n·q (a RuntimeWarning), and a numpy float64
    # at n = 2**53 reached a numpy bool subtraction (a bare TypeError).
    q = getattr(np, kind)(written)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = order_statistic_ranks(n, q)
    assert got == order_statistic_ranks(n, float(str(q)))


def test_t_quantile_reads_its_arguments_as_the_float_and_int_they_are() -> None:
    import numpy as np

    from servicemodel.errors import ConfigError
    from servicemodel.kpi import t_quantile

    # A Fraction within a float of 0 or 1 is no probability a float can hold: it failed bare
    # (a division by zero, inv_cdf undefined).
    for p in (Fraction(1, 10**400), Fraction(10**20 - 1, 10**20)):
        for df in (1, 2, 5, 6000):
            with pytest.raises(ConfigError, match="as a float"):
                t_quantile(p, df)
    # A numpy int is an int (n - 1 of a frame's length); a numpy p the decimal it prints as.
    assert t_quantile(0.975, np.int64(10)) == t_quantile(0.975, 10)
    assert t_quantile(np.float32(0.9999999), 5) == t_quantile(0.9999999, 5)
    assert t_quantile(Fraction(1, 3), 5) == t_quantile(1 / 3, 5)


@given(st.lists(st.sampled_from([-0.0, 0.0, 1.0, 2.5]), min_size=1, max_size=20))
def test_a_negative_zero_duration_is_the_zero_it_equals(values: list[float]) -> None:
    import numpy as np

    # -0.0 was kept: a median or p0 of it read "-0 s" and its interval "[?, -0]".
    for acc in (
        Durations.empty().add_many(values),
        Durations.empty().add_many(np.array(values)),
        Durations.empty().add_many(iter(values)),
        sum((Durations.empty().add(v) for v in values), Durations.empty()),
    ):
        assert all(math.copysign(1.0, x) > 0 for x in acc.values)
        assert "-0" not in repr(acc.percentile(0)) + repr(acc.median())
    from servicemodel.kpi import SurvivalTimes

    km = SurvivalTimes.empty().add_many([(1, True), (2, False)]).result()
    est, _ = km.restricted_mean(-0.0)
    assert "-0" not in repr(est)
    assert math.copysign(1.0, SurvivalTimes.empty(horizon=-0.0).horizon or 0.0) > 0


def test_a_staffing_duration_of_negative_zero_is_the_zero_it_equals() -> None:
    from servicemodel.staffing import (
        ServiceLevelTarget,
        Workload,
        erlang_a_metrics,
        plan_intervals,
        queue_metrics,
        required_agents,
    )

    # -0.0 was kept: ServiceLevelTarget(fraction=0.8, within=-0.0), figures "within -0 s".
    w = Workload(calls=100, interval=1800, aht=180)
    target = ServiceLevelTarget(0.8, -0.0)
    assert target == ServiceLevelTarget(0.8, 0)
    assert "-0" not in repr(target)
    for within in (
        target.within,
        queue_metrics(w, 14, within=-0.0).within,
        required_agents(w, target).metrics.within,
        erlang_a_metrics(w, 14, patience=300, within=-0.0).within,
    ):
        assert math.copysign(1.0, within) == 1.0
    assert plan_intervals([100], aht=180, targets=[target]).rows[0].agents == 14
