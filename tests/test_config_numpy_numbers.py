"""A config built in Python may hold numpy numbers from a frame: each reads as its float.

The configuration layer's ``finite_number`` (goal targets, QA weights, blueprint figures, SLA
verdict tolerances) read only Python ints and floats, so ``numpy.int64(80)`` from a frame
was refused as "expected a number"; numpy's bool and times stay refused.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._config import finite_number
from servicemodel.errors import ConfigError


@given(
    st.one_of(
        st.integers(min_value=-(2**62), max_value=2**62).map(np.int64),
        st.integers(min_value=-(2**31), max_value=2**31 - 1).map(np.int32),
        st.floats(allow_nan=False, allow_infinity=False, width=32).map(np.float32),
        st.floats(allow_nan=False, allow_infinity=False).map(np.float64),
        st.fractions(max_denominator=1000),
    )
)
def test_a_numpy_number_or_fraction_reads_as_its_float(value: object) -> None:
    out = finite_number(value, "target")
    assert type(out) is float
    assert out == float(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [
        np.True_,
        np.timedelta64(5, "s"),
        np.datetime64("2026-01-01"),
        np.float64("nan"),
        np.float32("inf"),
        "80",
        None,
        True,
    ],
)
def test_what_is_no_finite_number_is_refused_with_its_path(bad: object) -> None:
    with pytest.raises(ConfigError, match=r"^target: expected"):
        finite_number(bad, "target")


def test_a_goal_target_from_a_frame_is_read() -> None:
    assert finite_number(np.int64(80), "goals[0].target") == 80.0
    assert math.isclose(finite_number(Fraction(1, 3), "x"), 1 / 3)
