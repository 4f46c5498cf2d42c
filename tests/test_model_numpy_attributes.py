"""A ticket's and a journey event's attributes take a numpy scalar as Python's own value.

The rule (``Ticket``'s and ``JourneyEvent``'s docstrings): a numpy bool, integer, float or text
scalar, as a DataFrame row's cell holds it, is kept as the Python value it holds, as the frame
readers keep it; it is then checked by the attribute rule (finite floats, whole numbers of at
most 13,000 bits). Other numpy values (dates, complex numbers, arrays) are refused as before.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ServiceModelError
from servicemodel.journey import JourneyEvent
from servicemodel.model import Ticket

np = pytest.importorskip("numpy")

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
INT_TYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
FLOAT_TYPES = [np.float16, np.float32, np.float64]


@st.composite
def numpy_scalars(draw: st.DrawFn) -> tuple[Any, Any]:
    """A numpy scalar and the Python value it holds (computed from the dtype's own range)."""
    kind = draw(st.sampled_from(["int", "float", "bool", "str"]))
    if kind == "int":
        dtype = draw(st.sampled_from(INT_TYPES))
        info = np.iinfo(dtype)
        value = draw(st.integers(int(info.min), int(info.max)))
        return dtype(value), value
    if kind == "float":
        dtype = draw(st.sampled_from(FLOAT_TYPES))
        width = {np.float16: 16, np.float32: 32, np.float64: 64}[dtype]
        value = draw(st.floats(allow_nan=False, allow_infinity=False, width=width))
        return dtype(value), value
    if kind == "bool":
        value = draw(st.booleans())
        return np.bool_(value), value
    value = draw(st.text(max_size=5))
    return np.str_(value), value


def _ticket(value: Any) -> Any:
    return Ticket("T", T0, attributes={"a": value}).attributes["a"]


def _event(value: Any) -> Any:
    return dict(JourneyEvent("c", T0, "visit", attributes={"a": value}).attributes)["a"]


@given(pair=numpy_scalars())
def test_a_numpy_scalar_is_kept_as_the_python_value_it_holds(pair: tuple[Any, Any]) -> None:
    scalar, value = pair
    for kept in (_ticket(scalar), _event(scalar)):
        assert type(kept) is type(value)
        assert kept == value


@given(pair=numpy_scalars())
def test_a_ticket_of_numpy_attributes_equals_one_of_python_values(pair: tuple[Any, Any]) -> None:
    scalar, value = pair
    assert Ticket("T", T0, attributes={"a": scalar}) == Ticket("T", T0, attributes={"a": value})


@pytest.mark.parametrize("dtype", FLOAT_TYPES)
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_a_numpy_nan_or_infinity_is_refused_as_python_s_is(dtype: Any, bad: float) -> None:
    for make in (_ticket, _event):
        with pytest.raises(ServiceModelError, match="must be finite"):
            make(dtype(bad))


@pytest.mark.parametrize(
    "value",
    [
        np.datetime64("2026-01-01", "s"),
        np.timedelta64(5, "s"),
        np.complex128(1j),
        np.array(3),
        np.array([1, 2]),
    ],
    ids=["datetime64", "timedelta64", "complex", "0-d array", "array"],
)
def test_other_numpy_values_are_refused(value: Any) -> None:
    for make in (_ticket, _event):
        with pytest.raises(ServiceModelError, match="attribute"):
            make(value)
