"""A frame's object cell that holds an array is a value, not a gap.

docs/exports.md: a frame's gaps are NaN (of any float width), ``pd.NA`` and ``NaT``; a cell
holding anything else is read, as a list or a numpy array in an object column is (by its
text). A pandas array (``pd.array([1, 2])``) compared with itself answers an array, which is
no "unequal to itself" verdict: it was read as missing, its value lost without a word, and two
rows holding different arrays were a repeated row.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import eventlog

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

OPTIONS: dict[str, Any] = {
    "columns": {"case": "case", "activity": "activity", "timestamp": "timestamp"},
    "activity_map": {"Opened": "customer_message", "Reply": "agent_reply"},
    "tz": "UTC",
    "attributes": ["note"],
}

_VALUES = st.lists(st.integers(-5, 5), min_size=1, max_size=4)
_ARRAYS = st.one_of(
    _VALUES.map(lambda v: pd.array(v, dtype="Int64")),
    _VALUES.map(lambda v: pd.array([*v, None], dtype="Int64")),
    _VALUES.map(lambda v: pd.array([float(x) for x in v], dtype="Float64")),
    _VALUES.map(lambda v: np.array(v)),
    _VALUES.map(lambda v: np.array([float("nan"), *v])),
)


def _read(*notes: Any) -> Any:
    rows = [{"case": "A", "activity": "Opened", "timestamp": "2026-03-02 09:00", "note": "x"}]
    rows += [
        {"case": "A", "activity": "Reply", "timestamp": "2026-03-02 09:05", "note": note}
        for note in notes
    ]
    return eventlog.histories(rows, **OPTIONS).collect()


@given(_ARRAYS)
def test_an_array_cell_is_read_not_taken_for_a_gap(cell: Any) -> None:
    rows = [{"case": "A", "activity": "Opened", "timestamp": "2026-03-02 09:00", "note": cell}]
    (history,) = eventlog.histories(rows, **OPTIONS).collect().histories
    assert "note" in history.ticket.attributes


@given(_ARRAYS, _ARRAYS)
def test_rows_with_different_arrays_are_no_repeat(first: Any, second: Any) -> None:
    repeated = bool(_read(first, second).warnings)
    assert repeated == (repr(first) == repr(second))
