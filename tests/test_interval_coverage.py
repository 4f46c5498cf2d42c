"""Coverage of the intervals, computed exactly (every outcome weighted by its probability).

The numbers asserted here are those of ``docs/intervals.md`` ("Measured coverage");
``benchmarks/bench_interval_coverage.py`` prints the whole tables, Monte Carlo ones too.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.kpi import order_statistic_ranks, ratio_estimate, wilson_interval


def _pmf(n: int, p: float) -> list[float]:
    lp, lq = math.log(p), math.log1p(-p)
    lf = [math.lgamma(k + 1) for k in range(n + 1)]
    return [math.exp(lf[n] - lf[k] - lf[n - k] + k * lp + (n - k) * lq) for k in range(n + 1)]


def _wilson_coverage(n: int, p: float, level: float = 0.95) -> float:
    return math.fsum(
        w
        for k, w in enumerate(_pmf(n, p))
        if (lambda b: b[0] <= p <= b[1])(wilson_interval(k, n, level))
    )


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 300),
    q=st.floats(0.01, 0.99),
    level=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_order_statistic_intervals_cover_at_least_their_level(
    n: int, q: float, level: float
) -> None:
    # Distribution-free: for a continuous distribution the q quantile lies in
    # [x_(l), x_(u)] exactly when l <= B <= u - 1, B ~ Bin(n, q); a bound of None is an
    # unbounded side. The ranks are chosen so that this is at least the level.
    lower, upper = order_statistic_ranks(n, q, level)
    pmf = _pmf(n, q)
    lo = 0 if lower is None else lower
    hi = n if upper is None else upper - 1
    assert math.fsum(pmf[lo : hi + 1]) >= level - 1e-9


def test_order_statistic_coverage_is_the_documented_one() -> None:
    # docs/intervals.md: the median of 30 (ranks 10 and 21) and the p90 of 100 (84 and 96).
    assert order_statistic_ranks(30, 0.5) == (10, 21)
    assert round(100 * math.fsum(_pmf(30, 0.5)[10:21]), 1) == 95.7
    assert order_statistic_ranks(100, 0.9) == (84, 96)
    assert round(100 * math.fsum(_pmf(100, 0.9)[84:96]), 1) == 95.6


def test_wilson_coverage_is_the_documented_one() -> None:
    # Brown, Cai & DasGupta (2001): close to the level on average, with narrow dips near
    # p = 0 and 1 (an x of 1 or 2 just misses p). docs/intervals.md gives these numbers.
    documented = {(5, 0.02): 90.4, (10, 0.1): 93.0, (100, 0.5): 94.3, (1000, 0.1): 94.9}
    for (n, p), percent in documented.items():
        assert round(100 * _wilson_coverage(n, p), 1) == percent
    assert round(100 * _wilson_coverage(10, 0.0175), 1) == 83.8  # the dip below x = 1's bound
    mean = math.fsum(_wilson_coverage(30, (i + 0.5) / 200) for i in range(200)) / 200
    assert abs(mean - 0.95) < 0.005


def test_the_odds_of_two_counts_cover_as_the_wilson_interval_of_their_share() -> None:
    # Given a + b = n, a ~ Bin(n, π) and the ratio's interval is the Wilson interval of π
    # mapped by π/(1 − π): it covers the true ratio exactly when Wilson covers π.
    n, share = 30, 0.25
    ratio = share / (1 - share)
    covered = 0.0
    for a, w in enumerate(_pmf(n, share)):
        est = ratio_estimate(a, n - a, metric="ratio")
        upper = math.inf if est.upper is None else est.upper
        covered += w * (est.lower is not None and est.lower <= ratio <= upper)
    assert math.isclose(covered, _wilson_coverage(n, share), rel_tol=1e-12)
