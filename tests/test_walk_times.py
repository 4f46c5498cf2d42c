"""Time KPIs and their statistics against references recomputed from the definitions.

Order-statistic ranks are compared with the exact binomial in fractions (the documented rule:
``l`` the largest rank with ``P(B <= l - 1) <= α/2``, ``u`` the smallest with
``P(B <= u - 1) >= 1 - α/2``), including the ties where a binomial probability equals a tail.
"""

from __future__ import annotations

import math
import sys
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, ScaleError
from servicemodel.kpi import Durations, FirstReplyTime, ResolutionTime, order_statistic_ranks

#: Quantiles and levels as written; dyadic ones (0.5, 0.75, 0.875) and 0.9 with q = 0.95 make
#: a binomial probability equal to a tail exactly.
_QS = ("0", "0.01", "0.05", "0.1", "0.125", "0.25", "0.5", "0.75", "0.875", "0.9", "0.95", "1")
_LEVELS = ("0.5", "0.75", "0.8", "0.875", "0.9", "0.95", "0.99")


def _exact_ranks(n: int, q: Fraction, level: Fraction) -> tuple[int | None, int | None]:
    tail = (1 - level) / 2
    cdf: list[Fraction] = []
    total = Fraction(0)
    for k in range(n + 1):
        total += math.comb(n, k) * q**k * (1 - q) ** (n - k)
        cdf.append(total)
    lower = max((r for r in range(1, n + 1) if cdf[r - 1] <= tail), default=None)
    upper = min((r for r in range(1, n + 1) if cdf[r - 1] >= 1 - tail), default=None)
    return lower, upper


@settings(max_examples=200)
@given(st.integers(1, 40), st.sampled_from(_QS), st.sampled_from(_LEVELS))
def test_order_statistic_ranks_equal_the_exact_binomial_rule(n: int, q: str, level: str) -> None:
    assert order_statistic_ranks(n, float(q), float(level)) == _exact_ranks(
        n, Fraction(q), Fraction(level)
    )


@pytest.mark.parametrize(
    ("n", "q", "level", "ranks"),
    [
        (1, 0.95, 0.9, (1, None)),  # P(B <= 0) = 1/20 = α/2
        (1, 0.875, 0.75, (1, None)),  # 1/8 = α/2
        (2, 0.5, 0.5, (1, 2)),  # 1/4 = α/2 and 3/4 = 1 - α/2
        (4, 0.5, 0.875, (1, 4)),  # 1/16 = α/2
    ],
)
def test_a_tail_met_exactly_gives_its_rank(
    n: int, q: float, level: float, ranks: tuple[int | None, int | None]
) -> None:
    assert order_statistic_ranks(n, q, level) == ranks


def test_a_percentile_interval_at_a_tie_has_its_bound() -> None:
    # Two values, 50 % level: [x(1), x(2)] covers the median with probability 1/2 exactly.
    est = Durations.empty().add_many([5, 7]).percentile(50, level=0.5)
    assert (est.value, est.lower, est.upper) == (5.0, 5.0, 7.0)
    sketch = Durations.empty(sketch=True).add_many([5, 7]).percentile(50, level=0.5)
    assert sketch.lower is not None
    assert sketch.upper is not None
    assert abs(sketch.lower - 5) <= 0.01 * 5
    assert abs(sketch.upper - 7) <= 0.01 * 7


def test_a_negative_number_of_values_is_refused_by_name() -> None:
    with pytest.raises(ConfigError, match="got -3"):
        order_statistic_ranks(-3, 0.5)


@pytest.mark.parametrize(
    "missing", [pd.NaT, pd.NA, np.timedelta64("NaT", "ns")], ids=["NaT", "NA", "timedelta64-NaT"]
)
@pytest.mark.parametrize("kind", [FirstReplyTime, ResolutionTime])
def test_a_missing_marker_in_a_list_of_times_says_to_write_none(kind: Any, missing: Any) -> None:
    # Durations' hint (skip_missing=True) is no option of the time KPIs: None is censored.
    with pytest.raises(ScaleError, match=r"is not a time; write None") as info:
        kind.empty().add_many([1.0, missing])
    assert "skip_missing" not in str(info.value)
    assert kind.empty().add_many([1.0, None]).censored == 1


_MAX = sys.float_info.max
#: Values anywhere up to the float maximum, many near it (where a bucket's upper edge γ^i or
#: 2·γ^i leaves the float range), in lists whose sum stays finite (a sketch refuses more).
_HUGE = st.one_of(
    st.floats(min_value=0, max_value=_MAX / 8),
    st.floats(min_value=_MAX / 16, max_value=_MAX / 8),
    st.floats(min_value=1e-9, max_value=1e3),
)


@settings(max_examples=300)
@given(
    values=st.lists(_HUGE, min_size=1, max_size=8),
    top=st.one_of(st.none(), st.floats(min_value=_MAX / 4, max_value=_MAX)),
    alpha=st.one_of(
        st.sampled_from([0.01, 0.2, 0.4, 0.6, 0.9]), st.floats(min_value=1e-3, max_value=0.95)
    ),
)
def test_every_sketch_percentile_is_within_alpha_up_to_the_float_maximum(
    values: list[float], top: float | None, alpha: float
) -> None:
    # Masson, Rim & Lee (2019): every quantile within relative error α. A value near the
    # float maximum was read as the largest value held (α = 0.4: 5.1e307 as 1.3e308).
    if top is not None:
        values = [*values[:1], top - values[0] if values[0] < top / 2 else top / 2]
    sketch = Durations.empty(sketch=True, relative_accuracy=alpha).add_many(values)
    ordered = sorted(values)
    for q in (0, 10, 25, 50, 75, 90, 100):
        exact = ordered[max(1, math.ceil(q * len(ordered) / 100)) - 1]
        got = sketch.percentile(q).value
        assert got is not None
        if exact >= 1e-9:
            assert abs(got - exact) <= alpha * exact * (1 + 1e-12), (q, exact, got)


@settings(max_examples=100)
@given(st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=6, unique=True))
def test_each_percentile_has_its_own_name_that_reads_back(qs: list[float]) -> None:
    # f"p{q:g}" named 99.99999 "p100", beside the real p100: one key for two estimates.
    summary = ResolutionTime.empty(percentiles=qs).add_many([1, 2, 3]).result()
    keys = [key for key in summary if key.startswith("p")]
    assert len(keys) == len(set(keys))
    assert {float(key[1:]) for key in keys} == {q for q in map(float, qs) if q != 50}
    durations = Durations.empty().add_many([1, 2, 3])
    assert set(durations.summary(percentiles=qs)) == {"mean", *(f"p{k[1:]}" for k in keys)} | (
        {"p50"} if 50 in qs else set()
    )
    for q in qs:
        assert float(durations.percentile(q).metric.rsplit(" p", 1)[1]) == q


def test_a_percentile_a_short_name_would_round_is_named_in_full() -> None:
    summary = FirstReplyTime.empty(percentiles=(99.99999, 100)).add_many([1.0]).result()
    assert list(summary) == ["mean", "median", "p99.99999", "p100"]
    assert summary["p99.99999"].metric == "first reply time p99.99999"
