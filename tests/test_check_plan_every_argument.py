"""check_plan reads every argument it is given, whichever mode runs.

Its docstring says ``batches`` and ``weeks`` are counts from 2 to 10,000 and
``hours_per_batch`` a positive number, a bool or text an ``InputTypeError`` and a value not
allowed a ``ConfigError``. ``weeks`` was read only by ``mode="week"`` and ``batches`` and
``hours_per_batch`` only by the steady check, so ``weeks="2"`` or ``weeks=0`` (a typo a user
meant for the week check) passed a steady check silently.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.forecast import check_plan
from servicemodel.staffing import ServiceLevelTarget, plan_intervals

# A plan with no start: the week check needs one, so only the argument check can answer first.
PLAN = plan_intervals([4, 6], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
MODES = st.sampled_from(["steady", "week"])
NAMES = st.sampled_from(["batches", "weeks"])

_WRONG_TYPE = st.one_of(
    st.booleans(), st.text(max_size=3), st.none(), st.binary(max_size=2), st.just([2])
)
_NOT_ALLOWED = st.one_of(
    st.integers(max_value=1),
    st.integers(min_value=10_001),
    st.floats(min_value=2, max_value=10_000).filter(lambda x: x != math.floor(x)),
    st.sampled_from([math.nan, math.inf, -math.inf]),
)


@given(MODES, NAMES, _WRONG_TYPE)
def test_a_count_of_the_wrong_type_is_an_input_type_error_in_either_mode(
    mode: str, name: str, value: object
) -> None:
    with pytest.raises(InputTypeError, match=f"^{name} must be a whole number from 2 to 10000"):
        check_plan(PLAN, mode=mode, **{name: value})  # type: ignore[arg-type]


@given(MODES, NAMES, _NOT_ALLOWED)
def test_a_count_not_allowed_is_a_config_error_in_either_mode(
    mode: str, name: str, value: float
) -> None:
    with pytest.raises(ConfigError, match=f"^{name} must be a whole number from 2 to 10000"):
        check_plan(PLAN, mode=mode, **{name: value})  # type: ignore[arg-type]


@given(MODES, st.one_of(st.booleans(), st.text(max_size=3), st.none()))
def test_hours_per_batch_of_the_wrong_type_is_an_input_type_error_in_either_mode(
    mode: str, value: object
) -> None:
    with pytest.raises(InputTypeError, match=r"^hours_per_batch must be a positive finite number"):
        check_plan(PLAN, mode=mode, hours_per_batch=value)  # type: ignore[arg-type]


@given(MODES, st.one_of(st.floats(max_value=0), st.sampled_from([math.nan, math.inf])))
def test_hours_per_batch_not_allowed_is_a_config_error_in_either_mode(
    mode: str, value: float
) -> None:
    with pytest.raises(ConfigError, match=r"^hours_per_batch must be a positive finite number"):
        check_plan(PLAN, mode=mode, hours_per_batch=value)
