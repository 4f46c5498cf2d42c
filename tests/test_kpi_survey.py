"""Tests for the survey accumulators NPS, CSAT and CES and the survey_scores strategy."""

from __future__ import annotations

import math
import pickle
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, MergeError, ScaleError
from servicemodel.kpi import CES, CSAT, NPS
from servicemodel.strategies._kpi import survey_scores

nps_lists = survey_scores(survey="nps", max_size=200)


def _splits(xs: list[int]) -> st.SearchStrategy[list[list[int]]]:
    cuts = st.lists(st.integers(0, len(xs)), max_size=5).map(sorted)
    return cuts.map(lambda cs: [xs[a:b] for a, b in zip([0, *cs], [*cs, len(xs)], strict=True)])


@given(nps_lists.flatmap(lambda xs: st.tuples(st.just(xs), _splits(xs))))
def test_nps_merge_of_any_split_equals_one_pass(case: tuple[list[int], list[list[int]]]) -> None:
    xs, parts = case
    whole = NPS.empty().add_many(xs)
    accs = [NPS.empty().add_many(p) for p in parts]
    assert sum(accs, NPS.empty()) == whole
    assert sum(accs) == whole  # __radd__ accepts the integer 0
    assert sum(reversed(accs), NPS.empty()) == whole  # commutative / associative
    one_by_one = NPS.empty()
    for x in xs:
        one_by_one = one_by_one.add(x)
    assert one_by_one == whole
    assert whole.merge(NPS.empty()) == whole


@given(nps_lists, st.randoms(use_true_random=False))
def test_nps_bounds_reference_and_permutation(xs: list[int], rnd: Any) -> None:
    est = NPS.empty().add_many(xs).result()
    shuffled = list(xs)
    rnd.shuffle(shuffled)
    assert NPS.empty().add_many(shuffled).result() == est
    if not xs:
        assert est.value is None
        assert est.n == 0
        return
    promoters = len([x for x in xs if x >= 9])
    detractors = len([x for x in xs if x <= 6])
    assert est.value == pytest.approx(100 * (promoters - detractors) / len(xs))
    assert est.lower is not None
    assert est.upper is not None
    assert est.value is not None
    assert -100 <= est.lower <= est.value <= est.upper <= 100
    assert est.n == len(xs)


@given(survey_scores(survey="nps", min_size=1, max_size=60), st.integers(2, 20))
def test_nps_interval_shrinks_as_n_grows(xs: list[int], factor: int) -> None:
    small = NPS.empty().add_many(xs).result()
    big = NPS.empty().add_many(xs * factor).result()
    assert small.value == pytest.approx(big.value)
    assert small.half_width is not None
    assert big.half_width is not None
    assert big.half_width <= small.half_width


@given(survey_scores(survey="csat", min_value=1, max_value=7, max_size=200), st.integers(2, 7))
def test_csat_reference_and_bounds(xs: list[int], threshold: int) -> None:
    acc = CSAT.empty(low=1, high=7, satisfied_from=threshold).add_many(xs)
    share = acc.result()
    mean = acc.result(statistic="mean")
    if not xs:
        assert share.value is None
        assert mean.value is None
        return
    assert share.value == pytest.approx(len([x for x in xs if x >= threshold]) / len(xs))
    assert share.lower is not None
    assert share.upper is not None
    assert share.value is not None
    assert 0 <= share.lower <= share.value <= share.upper <= 1
    assert mean.value == pytest.approx(sum(xs) / len(xs))
    if len(xs) > 1:
        assert mean.lower is not None
        assert mean.upper is not None
        assert mean.value is not None
        assert 1 <= mean.lower <= mean.value <= mean.upper <= 7


@given(
    survey_scores(survey="ces", max_size=200).flatmap(
        lambda xs: st.tuples(st.just(xs), _splits(xs))
    )
)
def test_ces_merge_and_reference(case: tuple[list[int], list[list[int]]]) -> None:
    xs, parts = case
    whole = CES.empty().add_many(xs)
    assert sum((CES.empty().add_many(p) for p in parts), CES.empty()) == whole
    share = whole.result(statistic="share")
    if xs:
        assert share.value == pytest.approx(len([x for x in xs if x >= 5]) / len(xs))
        assert whole.result().value == pytest.approx(sum(xs) / len(xs))


def test_ces_version_1_is_low_effort_good() -> None:
    acc = CES.empty(version="1.0").add_many([1, 2, 5, 4])
    assert acc.result(statistic="share").value == 0.5
    with pytest.raises(ScaleError, match=r"outside the scale 1\.\.5"):
        acc.add(6)


@pytest.mark.parametrize(
    ("make", "bad"),
    [
        (NPS.empty, 11),
        (NPS.empty, -1),
        (NPS.empty, 9.5),
        (NPS.empty, math.nan),
        (NPS.empty, True),
        (CSAT.empty, 0),
        (CSAT.empty, False),
        (CES.empty, 8),
    ],
)
def test_bad_scores_raise_scale_error_naming_the_value(make: Callable[[], Any], bad: Any) -> None:
    with pytest.raises(ScaleError) as info:
        make().add(bad)
    assert repr(bad) in str(info.value) or "NaN" in str(info.value)
    with pytest.raises(ScaleError):
        make().add_many([make().low, bad])


def test_bool_hidden_behind_equal_int_is_found() -> None:
    # True == 1 shares a dict key with 1, so the fast path must look at types.
    with pytest.raises(ScaleError, match="bool"):
        NPS.empty().add_many([1, 1, True])
    with pytest.raises(ScaleError, match="bool"):
        NPS.empty().add_many(iter([0, False]))


def test_non_numbers_are_type_errors() -> None:
    with pytest.raises(InputTypeError, match="'9'"):
        NPS.empty().add("9")


def test_whole_floats_count_as_scores() -> None:
    assert NPS.empty().add_many([9.0, 10.0]).promoters == 2


def test_merge_across_parameters_is_refused() -> None:
    with pytest.raises(MergeError, match="high 5 vs 7; satisfied_from 4 vs 6"):
        CSAT.empty().merge(CSAT.empty(high=7, satisfied_from=6))
    with pytest.raises(MergeError):
        _ = CES.empty() + CES.empty(version="1.0")
    with pytest.raises(MergeError):
        NPS.empty().merge(CSAT.empty())  # type: ignore[arg-type]


def test_bad_parameters() -> None:
    with pytest.raises(ConfigError, match=r"low < high, got 5\.\.1"):
        CSAT.empty(low=5, high=1)
    with pytest.raises(ConfigError, match="satisfied_from=9"):
        CSAT.empty(satisfied_from=9)
    with pytest.raises(ValueError, match="version"):
        CES.empty(version="3.0")  # type: ignore[arg-type]


def test_pickle_round_trip() -> None:
    for acc in (
        NPS.empty().add_many([1, 9, 10]),
        CSAT.empty(high=7, satisfied_from=6).add(6),
        CES.empty(version="1.0").add(2),
    ):
        assert pickle.loads(pickle.dumps(acc)) == acc


def test_missing_values() -> None:
    with pytest.raises(ScaleError, match="skip_missing"):
        NPS.empty().add_many([9, None])
    acc = NPS.empty().add_many([9, None, math.nan], skip_missing=True)
    assert (acc.n, acc.missing) == (1, 2)
    est = acc.result()
    assert est.missing == 2
    assert est.n == 1
    with pytest.raises(ScaleError):
        NPS.empty().add_many(pd.Series([9, None]), skip_missing=False)


def test_columns_agree_with_lists() -> None:
    xs = [0, 3, 6, 7, 8, 9, 10, 10, 5]
    ref = NPS.empty().add_many(xs)
    assert NPS.empty().add_many(pd.Series(xs)) == ref
    assert NPS.empty().add_many(pl.Series(xs)) == ref
    assert NPS.empty().add_many(np.array(xs)) == ref
    assert NPS.empty().add_many(tuple(xs)) == ref
    with_gaps = NPS.empty().add_many(pd.Series([*xs, None], dtype="Int64"))
    assert with_gaps.counts == ref.counts
    assert with_gaps.missing == 1
    assert NPS.empty().add_many(pl.Series([*xs, None])).missing == 1
    assert NPS.empty().add_many(np.array([*xs, np.nan])).missing == 1
    with pytest.raises(ScaleError, match="boolean"):
        NPS.empty().add_many(pd.Series([True, False]))
    with pytest.raises(ScaleError, match="boolean"):
        NPS.empty().add_many(pl.Series([True]))
    with pytest.raises(ScaleError, match="11"):
        NPS.empty().add_many(pd.Series([1, 11]))


@given(survey_scores(survey="csat", missing=True, max_size=30))
def test_strategy_draws_on_scale(xs: list[int | None]) -> None:
    assert all(x is None or 1 <= x <= 5 for x in xs)
    acc = CSAT.empty().add_many(xs, skip_missing=True)
    assert acc.n + acc.missing == len(xs)


def test_strategy_rejects_bad_arguments() -> None:
    # An unknown survey or reversed bounds are values out of range: ConfigError, naming the
    # strategy, the option and the value (docs/strategies.md); a wrong type an InputTypeError.
    with pytest.raises(ConfigError, match=r"survey_scores: survey .* got 'sus'"):
        survey_scores(survey="sus")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=r"survey_scores: survey .* got 5"):
        survey_scores(survey=5)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="survey_scores: min_value 5 is above max_value 2"):
        survey_scores(min_value=5, max_value=2)


@given(
    st.lists(st.integers(0, 120), max_size=300),
    st.booleans(),
    st.integers(0, 299),
)
def test_list_fast_path_equals_one_by_one_and_finds_bools(
    xs: list[int], flag: bool, where: int
) -> None:
    # Scale 0..120 holds the bytes b"T" (84) and b"F" (70) that the bool check looks for.
    empty = CSAT.empty(low=0, high=120, satisfied_from=60)
    one_by_one = empty
    for x in xs:
        one_by_one = one_by_one.add(x)
    assert empty.add_many(xs) == one_by_one
    assert empty.add_many(tuple(xs)) == one_by_one
    assert empty.add_many(iter(xs)) == one_by_one
    with_bool = [*xs[:where], flag, *xs[where:]]
    with pytest.raises(ScaleError, match="bool"):
        empty.add_many(with_bool)
    with pytest.raises(ScaleError, match="bool"):
        empty.add_many(iter(with_bool))


def test_list_fast_path_leaves_errors_and_int_likes_to_the_general_path() -> None:
    assert NPS.empty().add_many([np.int64(9), 10, 3]).promoters == 2
    with pytest.raises(ScaleError, match="11"):
        NPS.empty().add_many([9] * 1000 + [11])
    with pytest.raises(ScaleError, match="bool"):
        NPS.empty().add_many([10] * 100_000 + [False])
    with pytest.raises(ScaleError, match="skip_missing"):
        NPS.empty().add_many([9, 10, None])
    assert NPS.empty().add_many([9, 10, 9.0]).promoters == 3
