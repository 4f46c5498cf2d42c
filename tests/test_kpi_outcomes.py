"""Tests for retention, churn and customer lifetime value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import (
    churn_rate,
    customer_lifetime_value,
    lifetime_value_from_orders,
    retention_rate,
)


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000))
def test_retention_reference_and_bounds(start: int, kept: int, new: int) -> None:
    kept = min(kept, start)
    est = retention_rate(start=start, end=kept + new, new=new)
    if start == 0:
        assert est.value is None
        return
    assert est.value == pytest.approx((kept + new - new) / start)
    assert est.lower is not None
    assert est.upper is not None
    assert est.value is not None
    assert 0 <= est.lower <= est.value <= est.upper <= 1
    churn = churn_rate(start=start, lost=start - kept)
    assert churn.value == pytest.approx(1 - est.value)


def test_retention_rejects_impossible_counts() -> None:
    with pytest.raises(ConfigError, match="new"):
        retention_rate(start=10, end=5, new=6)
    with pytest.raises(ConfigError, match="end"):
        retention_rate(start=10, end=20, new=5)
    with pytest.raises(ConfigError, match="lost"):
        churn_rate(start=10, lost=11)
    with pytest.raises(ConfigError, match="start"):
        churn_rate(start=10.5, lost=1)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="start"):
        churn_rate(start="10", lost=1)  # type: ignore[arg-type]


@given(
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.sampled_from(["int64", "int32", "uint64", "uint16"]),
)
def test_numpy_integer_counts_give_the_rates_of_their_ints(
    start: int, kept: int, new: int, kind: str
) -> None:
    # Law: a count read from a frame (an integral numpy scalar) is its int, as
    # wilson_interval and order_statistic_ranks read counts.
    np = pytest.importorskip("numpy")
    kept = min(kept, start)
    as_numpy = getattr(np, kind)  # each holds counts up to 20,000
    got = retention_rate(start=as_numpy(start), end=as_numpy(kept + new), new=as_numpy(new))
    assert got == retention_rate(start=start, end=kept + new, new=new)
    lost = as_numpy(start - kept)
    assert churn_rate(start=as_numpy(start), lost=lost) == churn_rate(
        start=start, lost=start - kept
    )


@pytest.mark.parametrize("field", ["start", "end", "new"])
@pytest.mark.parametrize(
    "kind", ["bool", "numpy bool", "float", "numpy float", "NaN", "timedelta64"]
)
def test_retention_refuses_bools_and_non_integral_counts_by_name(field: str, kind: str) -> None:
    np = pytest.importorskip("numpy")
    bad = {
        "bool": True,
        "numpy bool": np.bool_(True),
        "float": 5.5,
        "numpy float": np.float64(5.5),
        "NaN": np.float64("nan"),
        "timedelta64": np.timedelta64(5, "s"),
    }[kind]
    counts = {"start": 10, "end": 5, "new": 0, field: bad}
    # A bool or a numpy time is no number; 5.5 and NaN are numbers that are no whole number.
    error = ConfigError if kind in ("float", "numpy float", "NaN") else InputTypeError
    with pytest.raises(error, match=f"^{field} must be a whole number, got"):
        retention_rate(**counts)


def test_retention_reads_whole_floats_as_counts() -> None:
    # A frame's column of counts with a gap is float64: 95.0 is the count 95.
    np = pytest.importorskip("numpy")
    want = retention_rate(start=100, end=95, new=10)
    assert retention_rate(start=100.0, end=np.float64(95.0), new=10.0) == want  # type: ignore[arg-type]


def test_clv_textbook_example() -> None:
    # Gupta & Lehmann (2003): CLV = m r / (1 + i - r); m = 100, r = 0.8, i = 0.1 -> 266.67.
    assert customer_lifetime_value(margin=100, retention=0.8, discount=0.1) == pytest.approx(
        800 / 3
    )
    assert customer_lifetime_value(margin=50, retention=0, discount=0) == 0
    with pytest.raises(ConfigError, match="retention"):
        customer_lifetime_value(margin=1, retention=1, discount=0)
    with pytest.raises(ConfigError, match="discount"):
        customer_lifetime_value(margin=1, retention=0.5, discount=-0.1)


@given(st.floats(0, 1e4), st.floats(0, 0.99), st.floats(0, 0.5))
def test_clv_equals_discounted_geometric_series(m: float, r: float, d: float) -> None:
    # Independent check: sum over years t >= 1 of m r^t / (1 + d)^t.
    series = sum(m * (r / (1 + d)) ** t for t in range(1, 5000))
    assert customer_lifetime_value(margin=m, retention=r, discount=d) == pytest.approx(
        series, rel=1e-6, abs=1e-9
    )


def test_order_based_clv() -> None:
    assert lifetime_value_from_orders(
        average_order_value=20, purchase_frequency=4, lifespan=2.5
    ) == pytest.approx(200)
    with pytest.raises(ConfigError, match="lifespan"):
        lifetime_value_from_orders(average_order_value=20, purchase_frequency=4, lifespan=-1)


@given(
    m=st.floats(1e300, 1.7e308),
    r=st.floats(0.5, 0.999),
    d=st.floats(0.0, 1.0),
    sign=st.sampled_from([1.0, -1.0]),
)
def test_clv_beyond_the_float_range_is_refused_not_infinite(
    m: float, r: float, d: float, sign: float
) -> None:
    # Finite inputs near the float maximum gave an infinite CLV without a word.
    value = sign * m * r / (1 + d - r)
    if abs(value) < float("inf"):
        assert customer_lifetime_value(margin=sign * m, retention=r, discount=d) == value
    else:
        with pytest.raises(ConfigError, match="beyond the float range"):
            customer_lifetime_value(margin=sign * m, retention=r, discount=d)


@given(a=st.floats(1e150, 1e308), f=st.floats(1e150, 1e308), y=st.floats(0.0, 1e10))
def test_order_based_clv_beyond_the_float_range_is_refused(a: float, f: float, y: float) -> None:
    product = a * f * y
    if product < float("inf"):
        assert (
            lifetime_value_from_orders(average_order_value=a, purchase_frequency=f, lifespan=y)
            == product
        )
    else:
        with pytest.raises(ConfigError, match="beyond the float range"):
            lifetime_value_from_orders(average_order_value=a, purchase_frequency=f, lifespan=y)
