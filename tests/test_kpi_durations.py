"""Tests for Durations: exact percentiles, order-statistic intervals, the DDSketch mode."""

from __future__ import annotations

import math
import pickle
import statistics
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, MergeError, ScaleError
from servicemodel.kpi import Durations, as_timedelta, estimates_to_records

values_st = st.lists(
    st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False), max_size=150
)
positive_values = st.lists(st.floats(min_value=1e-6, max_value=1e9), min_size=1, max_size=300)
qs = st.sampled_from([0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100])


def _nearest_rank(xs: list[float], q: float) -> float:
    # Written from the textbook definition: smallest value with at least q % of data <= it.
    s = sorted(xs)
    for v in s:
        if len([x for x in s if x <= v]) * 100 >= q * len(s) - 1e-9:
            return v
    return s[-1]


def _splits(xs: list[Any]) -> st.SearchStrategy[list[list[Any]]]:
    cuts = st.lists(st.integers(0, len(xs)), max_size=5).map(sorted)
    return cuts.map(lambda cs: [xs[a:b] for a, b in zip([0, *cs], [*cs, len(xs)], strict=True)])


@given(values_st.flatmap(lambda xs: st.tuples(st.just(xs), _splits(xs))))
def test_exact_merge_of_any_split_equals_one_pass(
    case: tuple[list[float], list[list[float]]],
) -> None:
    xs, parts = case
    whole = Durations.empty().add_many(xs)
    accs = [Durations.empty().add_many(p) for p in parts]
    assert sum(accs, Durations.empty()) == whole
    assert sum(reversed(accs)) == whole
    one = Durations.empty()
    for x in xs:
        one = one.add(x)
    assert one == whole


@given(values_st, qs, st.randoms(use_true_random=False))
def test_exact_percentiles_agree_with_reference(xs: list[float], q: float, rnd: Any) -> None:
    d = Durations.empty().add_many(xs)
    shuffled = list(xs)
    rnd.shuffle(shuffled)
    assert Durations.empty().add_many(shuffled).percentile(q) == d.percentile(q)
    est = d.percentile(q)
    if not xs:
        assert est.value is None
        return
    assert est.value == _nearest_rank(xs, q)
    linear = d.percentile(q, method="linear").value
    assert linear == pytest.approx(float(np.percentile(xs, q)), rel=1e-9, abs=1e-9)
    assert est.lower is None or est.lower <= est.value
    assert est.upper is None or est.value <= est.upper
    mean = d.mean()
    assert mean.value == pytest.approx(statistics.fmean(xs), rel=1e-9, abs=1e-9)
    if len(xs) > 1:
        assert mean.upper is not None
        assert mean.value is not None
        assert mean.upper >= mean.value


@given(st.lists(st.integers(0, 10_000), min_size=20, max_size=80), st.integers(2, 6))
def test_median_interval_shrinks_as_n_grows(xs: list[int], factor: int) -> None:
    small = Durations.empty().add_many(xs).median()
    big = Durations.empty().add_many(xs * factor).median()
    assert small.lower is not None
    assert small.upper is not None
    assert big.lower is not None
    assert big.upper is not None
    assert small.lower <= big.lower
    assert big.upper <= small.upper


@given(positive_values, qs, st.sampled_from([0.005, 0.01, 0.05]))
def test_sketch_relative_error_guarantee(xs: list[float], q: float, alpha: float) -> None:
    exact = Durations.empty().add_many(xs).percentile(q).value
    sketched = Durations.empty(sketch=True, relative_accuracy=alpha).add_many(xs).percentile(q)
    assert exact is not None
    assert sketched.value is not None
    assert abs(sketched.value - exact) <= alpha * exact * (1 + 1e-9)


@given(positive_values.flatmap(lambda xs: st.tuples(st.just(xs), _splits(xs))))
def test_sketch_merge_equals_one_pass(case: tuple[list[float], list[list[float]]]) -> None:
    xs, parts = case
    empty = Durations.empty(sketch=True)
    whole = empty.add_many(xs)
    merged = sum((empty.add_many(p) for p in parts), empty)
    assert merged.buckets == whole.buckets
    assert (merged.zeros, merged.n, merged.low, merged.high) == (
        whole.zeros,
        whole.n,
        whole.low,
        whole.high,
    )
    assert merged.total == pytest.approx(whole.total)
    assert merged.m2 == pytest.approx(whole.m2, rel=1e-6, abs=1e-6)
    for q in (50, 90, 99):
        assert merged.percentile(q) == whole.percentile(q)


def test_sketch_memory_does_not_grow_with_n() -> None:
    rnd = np.random.default_rng(5)
    small = Durations.empty(sketch=True).add_many(rnd.exponential(3600, 2_000).tolist())
    big = Durations.empty(sketch=True).add_many(rnd.exponential(3600, 200_000).tolist())
    # Buckets are bounded by log(max/min)/log(gamma), whatever n is.
    bound = math.log(big.high / big.low) / math.log(big.gamma) + 2
    assert len(big.buckets) <= bound
    assert len(big.buckets) < 3 * len(small.buckets)
    assert not big.values


def test_zero_and_tiny_values_in_sketch() -> None:
    d = Durations.empty(sketch=True).add_many([0, 0, 1e-12, 5.0])
    assert d.zeros == 3
    assert d.median().value == 0.0
    assert d.percentile(100).value == pytest.approx(5.0, rel=0.01)


def test_timedeltas_and_units() -> None:
    d = Durations.empty(unit="min").add_many([timedelta(minutes=3), timedelta(hours=1)])
    assert d.values == (3.0, 60.0)
    assert as_timedelta(d.percentile(100).value, "min") == timedelta(hours=1)
    assert as_timedelta(None) is None
    with pytest.raises(ConfigError, match="time unit"):
        Durations.empty(unit="tickets").add(timedelta(1))
    with pytest.raises(ConfigError, match="'tickets' is not a time unit"):
        as_timedelta(1.0, "tickets")
    with pytest.raises(InputTypeError, match="not a time unit"):
        as_timedelta(1.0, 60)


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf, True])
def test_bad_values_raise_scale_error(bad: Any) -> None:
    with pytest.raises(ScaleError):
        Durations.empty().add(bad)
    with pytest.raises(ScaleError):
        Durations.empty().add_many([1.0, bad])
    with pytest.raises(ScaleError):
        Durations.empty(sketch=True).add_many([1.0, bad])


def test_missing_values() -> None:
    with pytest.raises(ScaleError, match="skip_missing"):
        Durations.empty().add_many([1.0, None])
    d = Durations.empty().add_many([1.0, None, math.nan], skip_missing=True)
    assert (d.n, d.missing, d.median().missing) == (1, 2, 2)


def test_columns() -> None:
    ref = Durations.empty().add_many([60.0, 7200.0])
    td = pd.Series(pd.to_timedelta(["1min", None, "2h"]))
    assert Durations.empty().add_many(td).values == ref.values
    assert Durations.empty().add_many(td).missing == 1
    assert Durations.empty().add_many(pd.Series([60.0, np.nan, 7200.0])).values == ref.values
    assert Durations.empty().add_many(pl.Series([60, None, 7200])).values == ref.values
    pl_td = pl.Series([timedelta(minutes=1), None, timedelta(hours=2)])
    assert Durations.empty().add_many(pl_td).values == ref.values
    assert Durations.empty().add_many(np.array([60, 7200])).values == ref.values
    np_td = np.array([60, 7200], dtype="timedelta64[s]")
    assert Durations.empty().add_many(np_td).values == ref.values
    with pytest.raises(ScaleError):
        Durations.empty().add_many(pd.Series([1.0, -2.0]))
    with pytest.raises(ScaleError):
        Durations.empty().add_many(pd.Series([1.0, None]), skip_missing=False)


def test_empty_and_single() -> None:
    e = Durations.empty()
    assert e.median().value is None
    assert e.mean().value is None
    one = e.add(4)
    assert one.mean().lower is None
    assert one.median().value == 4.0
    assert one.median().lower is None  # no order statistic is far enough out with n = 1


def test_merge_refuses_different_parameters() -> None:
    with pytest.raises(MergeError):
        Durations.empty().merge(Durations.empty(sketch=True))
    with pytest.raises(MergeError):
        Durations.empty(sketch=True).merge(Durations.empty(sketch=True, relative_accuracy=0.02))
    with pytest.raises(MergeError):
        _ = Durations.empty(unit="s") + Durations.empty(unit="min")


def test_bad_arguments() -> None:
    with pytest.raises(ConfigError):
        Durations.empty(relative_accuracy=1.5)
    with pytest.raises(ConfigError):
        Durations.empty().add(1).percentile(101)
    with pytest.raises(ConfigError):
        Durations.empty(sketch=True).add(1).percentile(50, method="linear")
    with pytest.raises(InputTypeError):
        Durations.empty().add("5")


def test_pickle_and_summary_records() -> None:
    for d in (Durations.empty().add_many([1, 2, 3]), Durations.empty(sketch=True).add_many([1, 2])):
        assert pickle.loads(pickle.dumps(d)) == d
    d = Durations.empty(metric="FRT").add_many(range(100))
    rows = estimates_to_records(d.summary(percentiles=(50, 90, 99)), key="statistic")
    assert [r["statistic"] for r in rows] == ["mean", "p50", "p90", "p99"]
    assert rows[1]["metric"] == "FRT p50"


@given(
    st.floats(min_value=0, max_value=1e9),
    st.lists(st.floats(min_value=0, max_value=1e3), min_size=2, max_size=200),
    st.sampled_from([1.0, 1e-3, 1e-6]),
    st.booleans(),
)
def test_mean_standard_error_matches_exact_arithmetic(
    offset: float, spread: list[float], scale: float, sketch: bool
) -> None:
    # Large offsets with tiny spreads push the variance to the cancellation-free fallback.
    from fractions import Fraction

    xs = [offset + scale * s for s in spread]
    exact = [Fraction(x) for x in xs]
    n = len(exact)
    mean = sum(exact) / n
    m2 = sum((x - mean) ** 2 for x in exact)
    est = Durations.empty(sketch=sketch).add_many(xs).mean()
    assert est.value == pytest.approx(float(mean), rel=1e-12)
    assert est.se is not None
    assert est.se == pytest.approx(math.sqrt(m2 / (n - 1) / n), rel=1e-6, abs=1e-300)


def test_negative_value_is_named_in_lists_and_streams() -> None:
    with pytest.raises(ScaleError, match=r"-2\.5"):
        Durations.empty().add_many([3.0, -2.5, 1.0])
    with pytest.raises(ScaleError, match=r"-2"):
        Durations.empty().add(1).add_many(iter([3, -2, 1]))
    with pytest.raises(ScaleError, match=r"-1\.0"):
        Durations.empty(sketch=True).add_many([3.0, -1.0])
