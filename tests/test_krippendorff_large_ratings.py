"""Krippendorff's alpha on numeric ratings too large for their squared differences.

A rating past 1e100 in size (a float up to the float range, or an int of any size) is a
``ConfigError`` naming it, at every numeric level: squared differences of such ratings leave
the float range (a bare ``OverflowError``, or a NaN alpha refused as an ``InputTypeError``
about ``Estimate.value``, before).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.qa import krippendorff_alpha

_LEVELS = ("interval", "ratio", "ordinal")

_too_large = st.one_of(
    st.floats(min_value=1.0000001e100, allow_infinity=False),
    st.integers(min_value=int(1e100) + 1, max_value=10**1000),
)


@pytest.mark.parametrize("level", _LEVELS)
@given(big=_too_large)
def test_a_rating_too_large_is_a_config_error_naming_it(level: str, big: float) -> None:
    with pytest.raises(ConfigError, match=f"{level} ratings must be numbers of at most 1e"):
        krippendorff_alpha([[1, big], [2, 2], [1, 1]], level=level, resamples=10)  # type: ignore[arg-type]


@pytest.mark.parametrize("level", _LEVELS)
@given(
    units=st.lists(
        st.lists(st.integers(0, 10) | st.floats(-1e100, 1e100), min_size=2, max_size=4),
        min_size=1,
        max_size=6,
    )
)
def test_ratings_up_to_the_bound_give_a_number_or_none(
    level: str, units: list[list[float]]
) -> None:
    if level == "ratio":
        units = [[abs(v) for v in u] for u in units]
    result = krippendorff_alpha(units, level=level, resamples=10)  # type: ignore[arg-type]
    assert result.value is None or math.isfinite(result.value)
