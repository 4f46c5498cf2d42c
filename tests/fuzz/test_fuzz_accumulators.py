"""Fuzz the KPI accumulators: hostile scores, values, levels and merges.

Every returned ``Estimate`` must carry finite (or None) ``value``/``lower``/``upper``.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.kpi import CES, CSAT, NPS, Durations

from .conftest import assert_contract, fuzz_settings
from .hostile import hostile, numbers, scalars

pytestmark = pytest.mark.fuzz

LEVELS = [0, 1, 1 - 1e-16, 1e-300, 0.5, 0.95, 2, -1, math.nan, math.inf, None, "0.95", True]


def _empties() -> list[Any]:
    return [
        NPS.empty(),
        CSAT.empty(),
        CSAT.empty(low=0, high=10, satisfied_from=7),
        CES.empty(),
        CES.empty(version="1.0"),
        Durations.empty(),
        Durations.empty(sketch=True),
    ]


ACCUMULATORS = st.sampled_from(range(len(_empties()))).map(lambda i: _empties()[i])
VALID = {"NPS": [0, 7, 10], "CSAT": [1, 4, 5], "CES": [1, 5, 7], "Durations": [0.5, 60, 3600.0]}


def _valid(acc: Any) -> list[Any]:
    return VALID[type(acc).__name__]


def _filled(acc: Any) -> Any:
    good = [v for v in _valid(acc) if not hasattr(acc, "high") or acc.low <= v <= acc.high]
    return acc.add_many(good * 3)


def _results(acc: Any, level: Any) -> None:
    """Every statistic of ``acc`` at ``level``, each under the contract."""
    assert_contract(acc.result, level)
    if isinstance(acc, CSAT):
        assert_contract(acc.result, level, statistic="mean")
    if isinstance(acc, Durations):
        assert_contract(acc.mean, level)
        assert_contract(acc.median, level)
        assert_contract(acc.summary, level)


@fuzz_settings(150)
@given(acc=ACCUMULATORS, value=scalars())
def test_add(acc: Any, value: Any) -> None:
    out = assert_contract(acc.add, value)
    if not isinstance(out, Exception):
        _results(out, 0.95)


@fuzz_settings(150)
@given(
    acc=ACCUMULATORS,
    values=st.lists(st.one_of(scalars(), st.sampled_from([0, 5, 10, 60.0])), max_size=6),
    skip=st.sampled_from([None, True, False]),
)
def test_add_many(acc: Any, values: list[Any], skip: Any) -> None:
    out = assert_contract(acc.add_many, values, skip_missing=skip)
    if not isinstance(out, Exception):
        _results(out, 0.95)


@fuzz_settings(60)
@given(acc=ACCUMULATORS, values=hostile())
def test_add_many_not_a_list(acc: Any, values: Any) -> None:
    assert_contract(acc.add_many, values)


@fuzz_settings(150)
@given(acc=ACCUMULATORS, level=st.one_of(st.sampled_from(LEVELS), numbers()), n=st.integers(0, 3))
@example(acc=NPS.empty(), level=1 - 1e-16, n=3)
def test_result_levels(acc: Any, level: Any, n: int) -> None:
    for _ in range(n):
        acc = _filled(acc)
    _results(acc, level)


@fuzz_settings(80)
@given(
    values=st.lists(
        st.sampled_from([0.0, 1e-320, 5e-324, 1e308, 1.7e308, 1e300, 3600.0, 2**53 + 1]), max_size=8
    ),
    sketch=st.booleans(),
    q=st.one_of(st.sampled_from([0, 50, 100, 99.9999, -1, 101, math.nan]), numbers()),
    level=st.sampled_from(LEVELS),
)
def test_durations_extremes(values: list[float], sketch: bool, q: Any, level: Any) -> None:
    acc = assert_contract(Durations.empty(sketch=sketch).add_many, values)
    if isinstance(acc, Exception):
        return
    _results(acc, level)
    assert_contract(acc.percentile, q, level)


@fuzz_settings(60)
@given(acc=ACCUMULATORS, other=st.one_of(ACCUMULATORS, hostile()))
def test_merge(acc: Any, other: Any) -> None:
    assert_contract(lambda: acc + other)
    assert_contract(lambda: other + acc)
    assert_contract(acc.merge, other)
