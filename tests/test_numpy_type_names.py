"""Every shared reader names a refused numpy value's type as numpy's (type_name)."""

from __future__ import annotations

import re

import attrs
import numpy as np
import pytest

from servicemodel._numbers import as_count, real_number, whole_number
from servicemodel._validators import members_of, require_iterable
from servicemodel.errors import ConfigError, InputTypeError


@attrs.frozen
class _Days:
    days: frozenset[int] = attrs.field(validator=members_of(int, frozenset))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: real_number(np.timedelta64(3, "s"), "aht"), "aht: expected a number, got "),
        (lambda: whole_number(np.bool_(True), "n"), "n must be a whole number, got "),
        (lambda: as_count(np.bool_(False), "n"), "n must be a count (a whole number >= 0), got "),
        (lambda: _Days(frozenset({np.bool_(True)})), "days: expected int members, got "),
        (
            lambda: require_iterable(np.int64(3), "rows"),
            "rows: expected an iterable of items, got ",
        ),
    ],
)
def test_a_refused_numpy_value_is_named_as_numpy_s(call: object, message: str) -> None:
    # "got float64 np.float64(2.5)" named numpy's type as if it were a builtin, and numpy's
    # bool as "bool"; instance_of and require_type already said "numpy.float64".
    with pytest.raises(InputTypeError, match="^" + re.escape(message) + r"numpy\.\w+ "):
        call()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: whole_number(np.float64(2.5), "n"), "n must be a whole number, got "),
        (lambda: as_count(np.float32(2.5), "n"), "n must be a count (a whole number >= 0), got "),
        (lambda: as_count(np.int64(-1), "n"), "n must be a count (a whole number >= 0), got "),
    ],
)
def test_a_numpy_number_that_is_no_count_is_named_as_numpy_s(call: object, message: str) -> None:
    # A numpy number is of the right type: one that is no count is a ConfigError, named alike.
    with pytest.raises(ConfigError, match="^" + re.escape(message) + r"numpy\.\w+ "):
        call()  # type: ignore[operator]
