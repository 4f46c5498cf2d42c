"""A value of the right type that is not allowed is a ConfigError (a ValueError) naming it;
a value of the wrong type is an InputTypeError (a TypeError), for every argument below."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.feedback import (
    ChannelMix,
    PositiveNegative,
    ThemeCounts,
    benjamini_hochberg,
    channel_shift,
    chi_square_sf,
    difference_interval,
    theme_changes,
)
from servicemodel.kpi import Durations, Estimate
from servicemodel.kpi._intervals import order_statistic_ranks, t_quantile
from servicemodel.qa import krippendorff_alpha
from servicemodel.servqual import Servqual, ServqualResponse

NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
)
NO_NUMBERS = st.one_of(
    st.booleans(), st.none(), st.text(max_size=4), st.lists(st.floats(0.1, 0.9), max_size=2)
)

_BEFORE = ThemeCounts(selector="tags", n=10, counts={"a": 2, "b": 5})
_AFTER = ThemeCounts(selector="tags", n=12, counts={"a": 6, "b": 1})
_MIX = ChannelMix.empty().add_many(["email"] * 30 + ["chat"] * 20)
_MIX2 = ChannelMix.empty().add_many(["email"] * 10 + ["chat"] * 40)
_DURATIONS = Durations.empty().add_many([60, 120, 3600])
_SERVQUAL = Servqual.empty().add_many(
    ServqualResponse(dict.fromkeys(range(1, 23), 6), dict.fromkeys(range(1, 23), v)) for v in (4, 7)
)


def OPEN_UNIT(x: float) -> bool:
    return 0 < x < 1


#: name -> (call taking the value, the allowed numbers, the text each message names).
CASES: dict[str, tuple[Callable[[Any], Any], Callable[[Any], bool], str]] = {
    "fdr": (lambda v: theme_changes(_BEFORE, _AFTER, fdr=v), OPEN_UNIT, "fdr must be"),
    "alpha": (lambda v: channel_shift([_MIX, _MIX2], alpha=v), OPEN_UNIT, "alpha must be"),
    "p": (lambda v: t_quantile(v, 5), OPEN_UNIT, "p must be"),
    "q": (lambda v: order_statistic_ranks(10, v), lambda x: 0 <= x <= 1, "q must be"),
    "percentile": (
        lambda v: _DURATIONS.percentile(v),
        lambda x: 0 <= x <= 100,
        "percentile q must be",
    ),
    "p_values": (
        lambda v: benjamini_hochberg([0.5, v]),
        lambda x: 0 <= x <= 1,
        "p_values\\[1\\]: expected a number in",
    ),
    "relative_accuracy": (
        lambda v: Durations.empty(sketch=True, relative_accuracy=v),
        lambda x: 1e-6 <= x < 1,
        "relative_accuracy must be",
    ),
}


@settings(max_examples=60)
@given(case=st.sampled_from(sorted(CASES)), value=NUMBERS)
@example(case="fdr", value=1.0)
@example(case="alpha", value=0)
@example(case="p", value=math.nan)
@example(case="q", value=1.5)
@example(case="percentile", value=101)
@example(case="percentile", value=10**400)
@example(case="relative_accuracy", value=1e-17)
def test_a_number_not_allowed_is_a_config_error_naming_it(case: str, value: Any) -> None:
    call, allowed, message = CASES[case]
    if allowed(value):
        call(value)
        return
    with pytest.raises(ConfigError, match=message) as info:
        call(value)
    assert safe_repr(value) in str(info.value)
    assert not isinstance(info.value, TypeError)


@settings(max_examples=40)
@given(case=st.sampled_from(sorted(CASES)), value=NO_NUMBERS)
def test_no_number_is_an_input_type_error_naming_its_type(case: str, value: Any) -> None:
    call, _, message = CASES[case]
    with pytest.raises(InputTypeError, match=message) as info:
        call(value)
    assert type(value).__name__ in str(info.value)


@settings(max_examples=40)
@given(df=st.integers(min_value=-(10**6), max_value=0))
def test_a_df_below_one_is_a_config_error(df: int) -> None:
    with pytest.raises(ConfigError, match=f"df must be an int >= 1, got {df}"):
        t_quantile(0.9, df)
    with pytest.raises(InputTypeError, match="df must be an int"):
        t_quantile(0.9, float(df))  # type: ignore[arg-type]


@settings(max_examples=40)
@given(method=st.text(max_size=12), other=NUMBERS)
def test_a_percentile_method_is_a_known_text(method: str, other: Any) -> None:
    if method in ("nearest-rank", "linear"):
        _DURATIONS.percentile(50, method=method)  # type: ignore[arg-type]
    else:
        with pytest.raises(ConfigError, match="method must be"):
            _DURATIONS.percentile(50, method=method)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="method must be"):
        _DURATIONS.percentile(50, method=other)
    with pytest.raises(ConfigError, match="a sketch gives nearest-rank percentiles only"):
        Durations.empty(sketch=True).add(1).percentile(50, method="linear")


@settings(max_examples=40)
@given(interval=st.text(max_size=8), other=st.one_of(NUMBERS, st.none(), st.booleans()))
def test_a_servqual_interval_is_t_or_normal(interval: str, other: Any) -> None:
    if interval in ("t", "normal"):
        assert _SERVQUAL.result(interval=interval).unweighted.n == 2  # type: ignore[arg-type]
    else:
        with pytest.raises(ConfigError, match="interval must be 't' or 'normal'") as info:
            _SERVQUAL.result(interval=interval)  # type: ignore[arg-type]
        assert safe_repr(interval) in str(info.value)
    with pytest.raises(InputTypeError, match="interval must be 't' or 'normal'"):
        _SERVQUAL.result(interval=other)


@settings(max_examples=40)
@given(
    value=st.floats(-1e6, 1e6),
    low=st.floats(-1e6, 1e6),
    high=st.floats(-1e6, 1e6),
)
def test_an_estimate_holds_its_value_between_its_bounds(
    value: float, low: float, high: float
) -> None:
    if low <= value <= high:
        assert Estimate("x", value, 3, lower=low, upper=high).value == value
        return
    with pytest.raises(ConfigError, match="does not contain"):
        Estimate("x", value, 3, lower=low, upper=high)


@settings(max_examples=40)
@given(
    level=st.sampled_from(["interval", "ratio", "ordinal"]),
    bad=st.one_of(
        st.sampled_from([math.nan, math.inf, -math.inf]),
        st.floats(min_value=-1e6, max_value=-1e-9),
    ),
    no_number=NO_NUMBERS.filter(lambda v: v is not None),
)
def test_a_rating_of_the_right_type_not_allowed_is_a_config_error(
    level: str, bad: float, no_number: Any
) -> None:
    units = [[1, 2], [2, bad]]
    if level == "ordinal" or (level == "interval" and math.isfinite(bad)):
        # Ordinal ranks any sortable value; interval takes any finite number.
        if math.isfinite(bad):
            krippendorff_alpha(units, level=level, resamples=10)  # type: ignore[arg-type]
    else:
        with pytest.raises(ConfigError, match="ratings must be") as info:
            krippendorff_alpha(units, level=level, resamples=10)  # type: ignore[arg-type]
        assert safe_repr(bad) in str(info.value)
    if level != "ordinal":
        with pytest.raises(InputTypeError, match="ratings must be finite numbers"):
            krippendorff_alpha([[1, no_number]], level=level)  # type: ignore[arg-type]


@settings(max_examples=40)
@given(cut=st.sampled_from([math.nan, math.inf, -math.inf]), field=st.sampled_from(["a", "b"]))
def test_a_cut_off_that_is_no_finite_number_is_a_config_error(cut: float, field: str) -> None:
    name = "positive_from" if field == "a" else "negative_to"
    other = {"positive_from": 4, "negative_to": 2}
    with pytest.raises(ConfigError, match=f"{name}: expected a finite number or None"):
        PositiveNegative.empty(**{**other, name: cut})
    with pytest.raises(InputTypeError, match=f"{name}: expected a number or None"):
        PositiveNegative.empty(**{**other, name: "4"})


@settings(max_examples=40)
@given(df=st.integers(min_value=-(10**9), max_value=10**9), statistic=st.floats(0, 100))
def test_a_chi_square_df_out_of_range_is_a_config_error(df: int, statistic: float) -> None:
    if 1 <= df <= 10**6:
        assert 0 <= chi_square_sf(statistic, df) <= 1
    else:
        with pytest.raises(ConfigError, match=f"df: expected an int from 1 to 1,000,000, got {df}"):
            chi_square_sf(statistic, df)
    with pytest.raises(InputTypeError, match="df: expected an int"):
        chi_square_sf(statistic, float(df))  # type: ignore[arg-type]


@settings(max_examples=40)
@given(counts=st.tuples(*[st.integers(0, 50)] * 4))
def test_difference_interval_counts_out_of_relation_are_a_config_error(
    counts: tuple[int, int, int, int],
) -> None:
    x1, n1, x2, n2 = counts
    if n1 > 0 and n2 > 0 and x1 <= n1 and x2 <= n2:
        lo, hi = difference_interval(x1, n1, x2, n2)
        assert -1 <= lo <= hi <= 1
        return
    with pytest.raises(ConfigError, match=f"got {x1}/{n1} and {x2}/{n2}"):
        difference_interval(x1, n1, x2, n2)
