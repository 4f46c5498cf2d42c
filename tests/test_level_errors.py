"""A confidence level's errors: a number out of (0, 1) is a ConfigError, no number an
InputTypeError, whatever accumulator's ``result(level=...)`` it is given to."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import CES, CSAT, NPS, Durations, ResolutionRate
from servicemodel.kpi._intervals import check_level

ACCUMULATORS = [
    NPS.empty().add_many([9, 10, 3]),
    CSAT.empty().add_many([5, 4, 1]),
    CES.empty().add_many([7, 5, 2]),
    Durations.empty().add_many([60, 120, 3600]),
    Durations.empty(sketch=True).add_many([60, 120, 3600]),
    NPS.empty(),
    ResolutionRate.empty(),
]

NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
)


def _usable(level: float) -> bool:
    return 0 < level < 1 and 0.5 + level / 2 < 1


@settings(max_examples=60)
@given(acc=st.sampled_from(ACCUMULATORS), level=NUMBERS)
@example(acc=ACCUMULATORS[0], level=95)
@example(acc=ACCUMULATORS[0], level=0)
@example(acc=ACCUMULATORS[0], level=1)
@example(acc=ACCUMULATORS[3], level=-0.5)
@example(acc=ACCUMULATORS[4], level=math.nan)
@example(acc=ACCUMULATORS[1], level=1 - 1e-16)
def test_a_number_is_a_level_or_a_config_error_naming_it(acc: Any, level: Any) -> None:
    if _usable(level):
        assert acc.result(level=level).level == level
        return
    with pytest.raises(ConfigError, match="level must be a number strictly between 0 and 1") as e:
        acc.result(level=level)
    assert safe_repr(level) in str(e.value)
    assert isinstance(e.value, ValueError)
    assert not isinstance(e.value, TypeError)


@settings(max_examples=40)
@given(
    acc=st.sampled_from(ACCUMULATORS),
    level=st.one_of(st.booleans(), st.none(), st.text(max_size=4), st.lists(st.floats(0.1, 0.9))),
)
def test_no_number_is_an_input_type_error(acc: Any, level: Any) -> None:
    with pytest.raises(InputTypeError, match="level must be a number strictly between 0 and 1"):
        acc.result(level=level)
    with pytest.raises(InputTypeError, match=type(level).__name__):
        check_level(level)
