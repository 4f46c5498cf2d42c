"""Which event-log rows repeat an earlier row exactly: every cell the same, kind and value.

The reader warns when a row repeats an earlier row of its case with every cell the same
(docs/exports.md, "What an event log cannot express"). Python says ``True == 1 == 1.0`` (and
``0.0 == -0.0``), but the reader keeps a bool, a whole number and a float apart (an attribute
``True`` is written ``true``, ``1`` is ``1``, ``1.0`` is ``1.0``): two rows that differ only
there are two different rows, not a copy. A frame's gap -- NaN of any float width, pandas'
``NA`` and ``NaT`` -- is a missing cell wherever it stands, so a copied row with a gap is still
a copy. numpy's bool, int and float scalars read as the Python value they hold
(``attribute_value``), so ``numpy.int64(7)`` is the cell ``7``. A ``Decimal`` is a number cell
of its own kind, read as its text (an attribute ``Decimal("1.0")`` is ``"1.0"``): so
``Decimal("1")`` and ``Decimal("1.0")`` (and ``Decimal("0")``, ``Decimal("-0")``) are
different cells, none of them the int, float or text they equal in Python; a ``Decimal`` NaN,
quiet or signalling, is a gap, as the reader reads it.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import eventlog

np = pytest.importorskip("numpy")

OPTIONS: dict[str, Any] = {
    "columns": {"case": "case", "activity": "activity", "timestamp": "timestamp"},
    "activity_map": {"Opened": "customer_message", "Reply": "agent_reply"},
    "tz": "UTC",
}


def _row(minute: int, note: Any) -> dict[str, Any]:
    return {
        "case": "A",
        "activity": "Opened" if minute == 0 else "Reply",
        "timestamp": f"2026-03-02 09:{minute:02d}",
        "note": note,
    }


def _warnings(first: Any, second: Any) -> tuple[str, ...]:
    """The warnings of a case whose two replies differ at most in their ``note`` cell."""
    rows = [_row(0, "x"), _row(5, first), _row(5, second)]
    return eventlog.histories(rows, **OPTIONS).collect().warnings


def _is_gap(value: Any) -> bool:
    """The documented gaps: NaN of any float width, a Decimal NaN (quiet or signalling: the
    reader reads both as missing), pandas' NA, NaT."""
    if isinstance(value, float | np.floating):
        return bool(math.isnan(value))
    if isinstance(value, Decimal):
        return value.is_nan()
    return type(value).__name__ in {"NAType", "NaTType"}


def _reading(value: Any) -> tuple[Any, ...]:
    """The cell as the documented rule tells cells apart: its kind, then its value (a float's
    sign too, so 0.0 and -0.0 differ); every gap the same."""
    if _is_gap(value):
        return ("gap",)
    if isinstance(value, bool | np.bool_):
        return ("bool", bool(value))
    if isinstance(value, int | np.integer):
        return ("int", int(value))
    if isinstance(value, float | np.floating):
        # float16/32 widen to float64 exactly; their value is the one the reader keeps
        return ("float", float(value), math.copysign(1.0, float(value)))
    if isinstance(value, Decimal):  # its text: its sign and exponent too
        sign, digits, exponent = value.as_tuple()
        return ("decimal", sign, digits, exponent)
    if value is None:
        return ("none",)
    assert isinstance(value, str)
    return ("str", value)


def _numpy(value: Any, width: str) -> Any:
    """``value`` as a numpy scalar of the given kind, where it fits."""
    if isinstance(value, bool):
        return np.bool_(value)
    if isinstance(value, int):
        return np.int64(value) if -(2**63) <= value < 2**63 else value
    if isinstance(value, float):
        return {"16": np.float16, "32": np.float32, "64": np.float64}[width](value)
    return value


_SMALL = st.sampled_from([0, 1, -1, 2])
_PYTHON_CELLS = st.one_of(
    st.booleans(),
    _SMALL,
    _SMALL.map(float),
    st.sampled_from([-0.0, 0.5, float("nan"), float("inf"), None, "1", "true", ""]),
    st.integers(),
    st.floats(allow_nan=True),
    st.sampled_from(["1", "1.0", "1.00", "0", "-0", "0.0", "NaN", "sNaN", "1E+2", "100"]).map(
        Decimal
    ),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
)
#: Python cells, or the same as numpy scalars (float16 and float32 keep small whole numbers,
#: halves, zero's sign, NaN and infinity exactly).
_CELLS = st.one_of(
    _PYTHON_CELLS,
    st.tuples(
        st.one_of(st.booleans(), _SMALL, _SMALL.map(float), st.sampled_from([-0.0, 0.5])),
        st.sampled_from(["16", "32", "64"]),
    ).map(lambda p: _numpy(*p)),
    st.sampled_from(["16", "32", "64"]).map(lambda w: _numpy(float("nan"), w)),
)


@given(first=_CELLS, second=_CELLS)
def test_two_rows_repeat_exactly_when_every_cell_reads_the_same(first: Any, second: Any) -> None:
    repeated = _reading(first) == _reading(second)
    assert bool(_warnings(first, second)) == repeated


@given(cell=_CELLS)
def test_a_copied_row_always_warns(cell: Any) -> None:
    # A new NaN object each time: a copy is a copy though NaN != NaN.
    copy = float("nan") if isinstance(cell, float) and math.isnan(cell) else cell
    (text,) = _warnings(cell, copy)
    assert text.startswith("1 row of 1 case repeats an earlier row of its case exactly")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (True, 1),
        (1, 1.0),
        (True, 1.0),
        (False, 0),
        (0, 0.0),
        (0.0, -0.0),
        (1, "1"),
        (Decimal("1"), Decimal("1.0")),
        (Decimal("0"), Decimal("-0")),
        (Decimal("100"), Decimal("1E+2")),
        (Decimal("1"), 1),
        (Decimal("1"), 1.0),
        (Decimal("1"), True),
        (Decimal("1"), "1"),
    ],
)
def test_equal_in_python_is_not_the_same_cell(first: Any, second: Any) -> None:
    assert _warnings(first, second) == ()
    assert _warnings(second, first) == ()


@pytest.mark.parametrize(
    "gap",
    [np.float16("nan"), np.float32("nan"), np.float64("nan"), float("nan")],
    ids=["float16", "float32", "float64", "float"],
)
def test_a_nan_of_any_float_width_is_a_gap(gap: Any) -> None:
    assert len(_warnings(gap, float("nan"))) == 1
    assert len(_warnings(np.float32("nan"), gap)) == 1
    assert _warnings(gap, 0.0) == ()


@pytest.mark.parametrize(
    ("numpy_cell", "python_cell"),
    [(np.int64(7), 7), (np.uint8(7), 7), (np.bool_(True), True), (np.float32(0.5), 0.5)],
)
def test_a_numpy_scalar_is_the_python_value_it_holds(numpy_cell: Any, python_cell: Any) -> None:
    assert len(_warnings(numpy_cell, python_cell)) == 1
    assert _warnings(np.bool_(True), 1) == ()
    assert _warnings(np.int64(1), 1.0) == ()


def test_a_frame_copy_with_float32_gaps_still_warns_and_mixed_kinds_do_not() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "case": ["T1", "T1", "T1"],
            "activity": ["Opened", "Reply", "Reply"],
            "timestamp": ["2026-03-02 09:00", "2026-03-02 09:30", "2026-03-02 09:30"],
            # An object column: the cells stay as given (True and 1 differ only in kind).
            "flag": pd.Series([np.float32("nan"), True, 1], dtype=object),
            "size": np.array([np.nan, 2.0, 2.0], dtype=np.float32),
        }
    )
    # A frame's rows hold the columns the reader reads: here the two attributes.
    read = {**OPTIONS, "attributes": ["flag", "size"]}
    assert eventlog.from_pandas(frame, **read).collect().warnings == ()
    gaps = frame.assign(flag=pd.Series([np.float32("nan")] * 3, dtype=object))
    (text,) = eventlog.from_pandas(gaps, **read).collect().warnings
    assert text.startswith("1 row of 1 case repeats an earlier row of its case exactly")


def test_every_kind_of_gap_is_the_same_gap() -> None:
    pd = pytest.importorskip("pandas")
    gaps = [float("nan"), np.float32("nan"), pd.NA, pd.NaT, np.datetime64("NaT", "ns")]
    for first in gaps:
        for second in gaps:
            assert len(_warnings(first, second)) == 1, (first, second)
        assert _warnings(first, "") == ()  # a CSV's empty text is a cell of its own kind


@given(
    st.sampled_from(["int64", "uint8", "float32", "float64", "bool"]),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_a_zero_dimensional_array_cell_is_compared_by_its_repr(
    dtype: str, first: int, second: int
) -> None:
    # A frame's object column may hold a 0-d array (``np.array(7)``): it has a dtype and no
    # dimensions as a numpy scalar has, but no hash. Like a list there, it is compared by its
    # repr, as the reader keys any cell without a hash, never a TypeError.
    a, b = np.array(first, dtype=dtype), np.array(second, dtype=dtype)
    same = repr(a) == repr(b)
    assert len(_warnings(a, b)) == (1 if same else 0)
