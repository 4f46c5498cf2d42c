"""Tests for Estimate, the interval formulas and compare()."""

from __future__ import annotations

import math
import pickle
from statistics import NormalDist

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import (
    NPS,
    Estimate,
    compare,
    estimates_to_frame,
    estimates_to_records,
    mean_estimate,
    nps_interval,
    order_statistic_ranks,
    proportion,
    t_quantile,
    wilson_interval,
)
from servicemodel.kpi import _estimate as _estimate_module


def test_wilson_matches_newcombe_1998_worked_example() -> None:
    # Newcombe RG (1998), "Two-sided confidence intervals for the single proportion",
    # Statistics in Medicine 17:857-872, Table I: 81/263, score method -> 0.2553 to 0.3662.
    lo, hi = wilson_interval(81, 263, 0.95)
    assert round(lo, 4) == 0.2553
    assert round(hi, 4) == 0.3662


def test_wilson_newcombe_small_examples() -> None:
    # Same table: 15/148 -> 0.0624-0.1605; 0/20 -> 0-0.1611; 1/29 -> 0.0061-0.1718.
    assert [round(x, 4) for x in wilson_interval(15, 148)] == [0.0624, 0.1605]
    assert [round(x, 4) for x in wilson_interval(0, 20)] == [0.0, 0.1611]
    assert [round(x, 4) for x in wilson_interval(1, 29)] == [0.0061, 0.1718]


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    # Standard t table values (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
    [(0.975, 1, 12.706), (0.975, 3, 3.182), (0.975, 5, 2.571), (0.975, 10, 2.228),
     (0.975, 30, 2.042), (0.95, 7, 1.895), (0.995, 20, 2.845), (0.975, 100, 1.984),
     (0.975, 1000, 1.962)],
)  # fmt: skip
def test_t_quantile_matches_table(p: float, df: int, expected: float) -> None:
    assert round(t_quantile(p, df), 3) == expected
    assert t_quantile(1 - p, df) == pytest.approx(-t_quantile(p, df), abs=1e-9)


def _reference_wilson(k: int, n: int, z: float) -> tuple[float, float]:
    # Solve |k/n - p| = z sqrt(p(1-p)/n) for p as a quadratic, written independently.
    phat = k / n
    a = 1 + z * z / n
    b = -(2 * phat + z * z / n)
    c = phat * phat
    disc = math.sqrt(max(b * b - 4 * a * c, 0.0))
    return (-b - disc) / (2 * a), (-b + disc) / (2 * a)


@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_agrees_with_quadratic_and_contains_p(kn: tuple[int, int]) -> None:
    k, n = kn
    lo, hi = wilson_interval(k, n)
    rlo, rhi = _reference_wilson(k, n, NormalDist().inv_cdf(0.975))
    assert lo == pytest.approx(rlo, abs=1e-9)
    assert hi == pytest.approx(rhi, abs=1e-9)
    assert 0 <= lo <= k / n <= hi <= 1


@given(st.integers(1, 300), st.integers(0, 300), st.integers(2, 50))
def test_proportion_interval_shrinks_when_scaled_up(n: int, k: int, factor: int) -> None:
    k = k % (n + 1)
    small, big = proportion(k, n), proportion(k * factor, n * factor)
    assert small.value == big.value
    assert big.half_width is not None
    assert small.half_width is not None
    assert big.half_width < small.half_width


def test_proportion_empty_has_no_value() -> None:
    est = proportion(0, 0, metric="FCR")
    assert est.value is None
    assert est.lower is None
    assert est.n == 0
    assert "FCR" in repr(est)


def test_nps_interval_reference() -> None:
    # Rocks (2016) adjusted Wald, computed by hand: 50 promoters, 20 detractors of 100.
    n2 = 103
    p, d = 50.75 / n2, 20.75 / n2
    se = math.sqrt((p + d - (p - d) ** 2) / n2)
    lo, hi, got_se = nps_interval(50, 20, 100)
    assert got_se == pytest.approx(100 * se)
    assert lo == pytest.approx(100 * (p - d - 1.959963984540054 * se))
    assert hi == pytest.approx(100 * (p - d + 1.959963984540054 * se))


def _binom_cdf(k: int, n: int, q: float) -> float:
    return sum(math.comb(n, i) * q**i * (1 - q) ** (n - i) for i in range(0, k + 1))


@given(st.integers(1, 120), st.sampled_from([0.1, 0.25, 0.5, 0.9, 0.99]))
def test_order_statistic_ranks_coverage(n: int, q: float) -> None:
    lower, upper = order_statistic_ranks(n, q, 0.95)
    lo_ok = 0.0 if lower is None else _binom_cdf(lower - 1, n, q)
    hi_ok = 1.0 if upper is None else _binom_cdf(upper - 1, n, q)
    assert hi_ok - lo_ok >= 0.95 - 1e-9
    if lower is not None:
        assert _binom_cdf(lower - 1, n, q) <= 0.025 + 1e-12
        # one rank further in would break the tail condition
        assert lower == n or _binom_cdf(lower, n, q) > 0.025 - 1e-12
    if upper is not None:
        assert _binom_cdf(upper - 1, n, q) >= 0.975 - 1e-12
        assert upper == 1 or _binom_cdf(upper - 2, n, q) < 0.975 + 1e-12


def test_order_statistic_ranks_median_table() -> None:
    # Conover, Practical Nonparametric Statistics: n = 100 median, 95 % -> ranks 40 and 61.
    assert order_statistic_ranks(100, 0.5) == (40, 61)
    assert order_statistic_ranks(5, 0.5) == (None, None)  # 2 * 0.5**5 > 0.05


def test_mean_estimate_t_interval() -> None:
    xs = [2.0, 4.0, 4.0, 5.0, 7.0, 9.0]
    n = len(xs)
    mean = sum(xs) / n
    m2 = sum((x - mean) ** 2 for x in xs)
    est = mean_estimate(n, mean, m2)
    sd = math.sqrt(m2 / (n - 1))
    assert est.upper == pytest.approx(mean + 2.570582 * sd / math.sqrt(n), rel=1e-6)
    assert mean_estimate(1, 3.0, 0.0).lower is None
    assert mean_estimate(0, 0.0, 0.0).value is None


def test_estimate_repr_and_records() -> None:
    est = Estimate("NPS", 34.2, 812, lower=30.1, upper=38.3, unit="points")
    assert repr(est) == "NPS 34.2 ±4.1 (n=812, 95 %)"
    assert "<b>NPS</b>" in est._repr_html_()
    assert est.to_record()["value"] == 34.2
    assert pickle.loads(pickle.dumps(est)) == est
    with pytest.raises(ConfigError, match="does not contain"):
        Estimate("x", 5.0, 3, lower=6.0, upper=7.0)
    with pytest.raises(ConfigError, match=r"got 1\.5"):
        Estimate("x", 0.5, 3, level=1.5)


def test_records_and_frame_for_segment_mappings() -> None:
    mapping = {("email", "W01"): proportion(3, 4), ("chat", "W01"): proportion(0, 0)}
    recs = estimates_to_records(mapping, key=("channel", "week"))
    assert [(r["channel"], r["week"], r["n"]) for r in recs] == [
        ("email", "W01", 4),
        ("chat", "W01", 0),
    ]
    frame = estimates_to_frame(mapping, key=("channel", "week"))
    assert list(frame["n"]) == [4, 0]
    assert estimates_to_records([proportion(1, 2)])[0]["value"] == 0.5


def _z_test(d: float, se1: float, se2: float) -> float:
    z = d / math.sqrt(se1**2 + se2**2)
    return 2 * (1 - NormalDist().cdf(abs(z)))


@given(
    st.integers(0, 60), st.integers(0, 60), st.integers(0, 60),
    st.integers(0, 60), st.integers(0, 60), st.integers(0, 60),
)  # fmt: skip
def test_compare_nps_reference(p1: int, q1: int, d1: int, p2: int, q2: int, d2: int) -> None:
    a = NPS.empty().add_many([10] * p1 + [7] * q1 + [0] * d1)
    b = NPS.empty().add_many([9] * p2 + [8] * q2 + [6] * d2)
    if a.n == 0 or b.n == 0:  # no standard error on one side: an NPS that cannot be compared
        with pytest.raises(ConfigError, match="a value and a standard error on both sides"):
            compare(a, b)
        return
    c = compare(a, b)
    ea, eb = a.result(), b.result()
    assert ea.value is not None
    assert eb.value is not None
    assert c.basis == "wald"
    assert c.difference == pytest.approx(eb.value - ea.value)

    def wald_se(promoters: int, detractors: int, n: int) -> float:
        # Difference, interval and test stand on one basis: the Wald (unadjusted) variance of
        # the NPS, Var = (p + d - (p - d)^2) / n in shares, times 100 for points.
        pp, dd = promoters / n, detractors / n
        return 100 * math.sqrt((pp + dd - (pp - dd) ** 2) / n)

    se_a, se_b = wald_se(p1, d1, a.n), wald_se(p2, d2, b.n)
    if se_a == 0 and se_b == 0:
        return  # no spread on either side: nothing to test against
    assert c.p_value == pytest.approx(_z_test(c.difference, se_a, se_b), abs=1e-9)
    assert c.lower <= c.difference <= c.upper
    assert c.lower >= -200
    assert c.upper <= 200
    assert c.significant == (c.p_value < 0.05)


def test_compare_rejects_mixed_units() -> None:
    with pytest.raises(ConfigError, match="cannot compare"):
        compare(proportion(1, 2), NPS.empty().add(9))


@given(
    st.floats(-1e4, 1e4, allow_nan=False),
    st.floats(0, 1e3, allow_nan=False),
    st.floats(0, 1e3, allow_nan=False),
    st.sampled_from(["", "h", "points", "share"]),
)
def test_a_plus_minus_gives_back_the_bounds_as_printed(
    value: float, below: float, above: float, unit: str
) -> None:
    # Whatever an estimate prints, a reader gets the interval back from it: "v ±h" only
    # where v - h and v + h print as the bounds; otherwise the bounds themselves.
    est = Estimate("x", value, 9, lower=value - below, upper=value + above, unit=unit)
    _, interval, _ = est._text()
    fmt = _estimate_module._fmt
    lower, upper = fmt(value - below, unit), fmt(value + above, unit)
    if interval.startswith("±"):
        assert est.lower is not None
        assert est.upper is not None
        half = (est.upper - est.lower) / 2
        assert interval == f"±{fmt(half, unit)}"
        assert (fmt(value - half, unit), fmt(value + half, unit)) == (lower, upper)
    else:
        assert interval == f"[{lower}, {upper}]"


def test_one_estimate_given_for_many_says_how_to_give_it() -> None:
    # A median read off a result (result()["median"]) is one Estimate, not a mapping of them.
    est = proportion(8, 10, metric="FCR")
    with pytest.raises(InputTypeError, match=r"got one Estimate FCR .*as \[estimate\] or \{name"):
        estimates_to_records(est)
    assert [r["value"] for r in estimates_to_records([est])] == [0.8]
    assert estimates_to_records({"all": est})[0]["segment"] == "all"


def test_an_unknown_statistic_names_the_ones_there_are() -> None:
    # It used to say only 'p95', which read like a bug rather than a statistic not chosen.
    from servicemodel.errors import UnknownKeyError
    from servicemodel.kpi import FirstReplyTime

    result = FirstReplyTime.empty(unit="min").add_many([1, 2, 3]).result()
    with pytest.raises(UnknownKeyError) as err:
        result["p95"]
    assert str(err.value) == "no estimate 'p95'; the names are ['mean', 'median', 'p90']"
    assert "p95" not in result
    assert result.get("p95") is None
