"""Survey-side primitives recomputed from their published definitions: regressions of a walk.

Student's t quantile (every mean interval: CSAT and CES means, SERVQUAL gaps, QA scores) is
checked against closed forms of the t distribution (Abramowitz & Stegun 26.7.3/26.7.4).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.kpi import CES, CSAT, t_quantile, z_for_level

# The largest level the intervals accept: 0.5 + level / 2 stays below 1 in floating point.
_TOP_LEVEL = 0.9999999999999998


def _t3_tail(t: float) -> float:
    """P(T > t) for 3 degrees of freedom, from its closed form (A&S 26.7.3), for t > 0."""
    u = t / math.sqrt(3)
    return (math.atan(1 / u) - u / (1 + u * u)) / math.pi


def _t4_tail(t: float) -> float:
    """P(T > t) for 4 degrees of freedom, from its closed form (A&S 26.7.4), for t > 0."""
    theta = math.atan(t / 2)
    return (1 - math.sin(theta) * (1 + math.cos(theta) ** 2 / 2)) / 2


@given(st.floats(min_value=1e-6, max_value=0.45))
def test_t_quantile_inverts_the_closed_form_tails_of_three_and_four_df(q: float) -> None:
    # Law: P(T > t_quantile(1 - q, df)) == q. The closed forms lose digits to cancellation
    # below q ~ 1e-6, hence the range and the tolerance.
    assert _t3_tail(t_quantile(1 - q, 3)) == pytest.approx(q, rel=1e-8)
    assert _t4_tail(t_quantile(1 - q, 4)) == pytest.approx(q, rel=1e-8)


@given(st.integers(3, 6000), st.floats(min_value=0.5, max_value=_TOP_LEVEL))
def test_t_quantile_is_finite_and_above_the_normal_quantile_at_every_level(
    df: int, level: float
) -> None:
    # Law: for every accepted level and df the critical value exists, and t's heavier tails
    # put it at or above the normal one. Newton steps on the distribution function divided
    # by zero for levels within a few floats of 1 (df = 94 at level 1 - 2.2e-16).
    t = t_quantile(0.5 + level / 2, df)
    assert math.isfinite(t)
    assert t >= z_for_level(level) * (1 - 1e-12)


@given(
    st.integers(3, 6000),
    st.floats(min_value=0.5, max_value=_TOP_LEVEL),
    st.floats(min_value=0.5, max_value=_TOP_LEVEL),
)
def test_t_quantile_grows_with_the_level_and_is_antisymmetric(df: int, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert t_quantile(0.5 + low / 2, df) <= t_quantile(0.5 + high / 2, df)
    p = 0.5 + high / 2
    assert t_quantile(1 - p, df) == pytest.approx(-t_quantile(p, df), rel=1e-12)


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [
        # Values of scipy.stats.t.ppf; the expansion alone (used beyond 300 df) was off by
        # 1e-11 at the first, and 4e-8 further out.
        (0.9995, 301, 3.3231418181839993),
        (0.975, 1841, 1.961253395250573),
        (0.999, 30, 3.3851848668293045),
        (0.99999, 4999, 4.268987090290967),
        (1 - 1.1102230246251565e-16, 94, 9.96133850177087),
    ],
)
def test_t_quantile_matches_reference_values_to_1e_12(p: float, df: int, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, rel=1e-12)


def test_t_quantile_deep_in_the_tail_matches_the_power_law_of_three_df() -> None:
    # P(T > t) ~ 2 / (3π u³), u = t/√3, far out: 1e-200 puts t near 4.8e66.
    t = -t_quantile(1e-200, 3)
    u = t / math.sqrt(3)
    assert 2 / (3 * math.pi * u**3) == pytest.approx(1e-200, rel=1e-12)


def test_cauchy_quantile_of_a_tiny_probability_keeps_its_digits() -> None:
    # tan(π(p − ½)) gave -1.6e16 for p = 1e-300; the quantile is -1/(π p).
    assert t_quantile(1e-300, 1) == pytest.approx(-1 / (math.pi * 1e-300), rel=1e-12)
    q = 2.0**-40  # 1 - q is exact: the upper quantile mirrors the lower one
    assert t_quantile(1 - q, 1) == pytest.approx(-t_quantile(q, 1), rel=1e-12)
    assert t_quantile(q, 1) == pytest.approx(-1 / (math.pi * q), rel=1e-12)


def test_survey_means_at_the_top_level_have_finite_intervals() -> None:
    # CSAT and CES means at the largest accepted level raised a bare ZeroDivisionError.
    csat = CSAT.empty().add_many([1, 2, 3, 4, 5] * 19).result(_TOP_LEVEL, statistic="mean")
    ces = CES.empty().add_many([1, 4, 7] * 99).result(_TOP_LEVEL)
    for est in (csat, ces):
        assert est.lower is not None
        assert est.upper is not None
        assert est.lower <= est.value <= est.upper
