"""``order_statistic_ranks`` against scipy's exact binomial (Boost's incomplete beta).

The ranks are defined by binomial tails (Conover, *Practical Nonparametric Statistics*, 3rd
ed., 3.2): ``l`` is the largest rank with ``P(B <= l - 1) <= α/2`` and ``u`` the smallest
with ``P(B <= u - 1) >= 1 - α/2``, B ~ Bin(n, q). Up to a variance n·q·(1 − q) of 1e7 the
library sums the binomial window; past it, the Edgeworth-corrected normal CDF. Both must give
the exact ranks, also at huge n with a tiny q, where log C(n, k) from lgamma lost every digit.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.kpi._intervals import order_statistic_ranks

binom = pytest.importorskip("scipy.stats").binom


def _exact(n: int, q: float, level: float) -> tuple[int | None, int | None]:
    a = (1 - level) / 2
    k = int(binom.ppf(a, n, q))
    while k >= 0 and binom.cdf(k, n, q) > a:
        k -= 1
    while binom.cdf(k + 1, n, q) <= a:
        k += 1
    lower = k + 1
    k = int(binom.ppf(1 - a, n, q))
    while binom.cdf(k - 1, n, q) >= 1 - a:
        k -= 1
    while binom.cdf(k, n, q) < 1 - a:
        k += 1
    upper = k + 1
    return (lower if lower >= 1 else None), (upper if upper <= n else None)


def _near_a_tie(n: int, q: float, level: float, ranks: tuple[int | None, int | None]) -> bool:
    """Whether a tail probability at a rank is within 1e-9 of its bound (floating point's call)."""
    a = (1 - level) / 2
    for r, bound in zip(ranks, (a, 1 - a), strict=True):
        for k in () if r is None else (r - 2, r - 1):
            if abs(binom.cdf(k, n, q) - bound) <= 1e-9 * max(bound, 1e-300):
                return True
    return False


@settings(max_examples=60, deadline=None)
@given(
    log_n=st.floats(0, 15.9),
    q=st.one_of(
        st.floats(0.001, 0.999),
        st.floats(-9, -0.5).map(lambda e: 10**e),
        st.floats(-9, -0.5).map(lambda e: 1 - 10**e),
    ),
    level=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_ranks_are_the_exact_binomial_ranks(log_n: float, q: float, level: float) -> None:
    n = max(1, int(10**log_n))
    if n * q * (1 - q) > 1e12 or not 0 < q < 1:
        return  # scipy's quantile search gives up there
    try:
        want = _exact(n, q, level)
    except (ValueError, OverflowError):  # scipy's ppf answered NaN: no reference
        return
    got = order_statistic_ranks(n, q, level)
    if got != want:
        assert _near_a_tie(n, q, level, want)


@pytest.mark.parametrize(
    ("n", "q", "level", "ranks"),
    [
        (100, 0.5, 0.95, (40, 61)),  # the textbook median ranks
        (2**53, 1e-12, 0.95, (8822, 9195)),  # Poisson(9007.2) quantiles 8822 and 9194
        (4 * 10**9 + 1, 0.5, 0.95, None),  # the summed window was one rank off here
        (2 * 10**10, 0.25, 0.8, None),  # and two here
    ],
)
def test_huge_counts(n: int, q: float, level: float, ranks: tuple[int, int] | None) -> None:
    got = order_statistic_ranks(n, q, level)
    assert got == (ranks if ranks is not None else _exact(n, q, level))
    assert math.isfinite(float(got[0] or 0))
