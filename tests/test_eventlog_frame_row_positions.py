"""A frame's row that its library cannot convert is named by its position in the frame.

``eventlog.from_pandas`` and ``from_polars`` read a frame sorted by case id, and name each
row by its position in the frame (``rows[i]`` is ``df.iloc[i]``); the library's conversion
failure named the row by its place in the sorted order instead, so "row 0" was another row
of the frame.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from servicemodel.errors import ConfigError
from servicemodel.io import eventlog

COLUMNS = {"case": "c", "activity": "a", "timestamp": "t"}
STATUS_MAP = {"Open": "open"}
T = ["2026-03-02T09:00:00+00:00", "2026-03-02T10:00:00+00:00", "2026-03-02T11:00:00+00:00"]
FAR = 400_000 * 365 * 86_400_000  # milliseconds: an instant past year 9999


def _junk(library: str, cells: list[list[int]]) -> Any:
    """A list-of-instants column; a list holding ``FAR`` has no Python value."""
    if library == "polars":
        return pl.Series(cells, dtype=pl.List(pl.Int64)).cast(pl.List(pl.Datetime("ms")))
    typ = pa.list_(pa.timestamp("ms"))
    return pd.array(pa.array(cells, type=pa.list_(pa.int64())).cast(typ), dtype=pd.ArrowDtype(typ))


def _frame(library: str, cases: list[Any], junk: list[list[int]]) -> Any:
    data = {"c": cases, "a": ["Open"] * len(cases), "t": T[: len(cases)]}
    data["junk"] = _junk(library, junk)
    return pl.DataFrame(data) if library == "polars" else pd.DataFrame(data)


def _read(library: str, frame: Any) -> list[Any]:
    read: Any = eventlog.from_polars if library == "polars" else eventlog.from_pandas
    return list(read(frame, columns=COLUMNS, status_map=STATUS_MAP, attributes=["junk"]))


# pandas converts row by row and fails at the bad row; polars converts in batches and fails at
# the batch's first row: either way the row named is the bad one or one read before it.
@pytest.mark.parametrize(("library", "named"), [("pandas", 1), ("polars", 2)])
def test_the_row_named_is_the_frames_position_not_the_sorted_one(library: str, named: int) -> None:
    frame = _frame(library, ["B", "A", "A"], [[1], [1], [1]])
    assert [h.id for h in _read(library, frame)] == ["A", "B"]
    # Read by case id: A (df.iloc[2]), B (df.iloc[0]), C (df.iloc[1], the bad row). The
    # place of C in that order is 2 and of A 0: pandas named "row 2", polars "row 0".
    frame = _frame(library, ["B", "C", "A"], [[1], [FAR], [1]])
    with pytest.raises(ConfigError) as info:
        _read(library, frame)
    assert str(info.value).startswith(
        f"{library} cannot give the cells of row {named} (or one read after it, in case id "
        "order) to Python: "
    )


@pytest.mark.parametrize(("library", "named"), [("pandas", 0), ("polars", 1)])
def test_a_bad_first_row_of_the_frame_read_second_is_named_by_its_position(
    library: str, named: int
) -> None:
    # Read by case id: A (df.iloc[1]), then B (df.iloc[0], the bad row).
    frame = _frame(library, ["B", "A"], [[FAR], [1]])
    with pytest.raises(ConfigError, match=rf"cells of row {named} \(or one read after it, in"):
        _read(library, frame)


def test_a_frame_read_in_its_own_order_still_names_the_next_rows() -> None:
    # Case ids of mixed types have no order that keeps each id's text together: the frame is
    # read in its own order, and the rows after the one named are the frame's next rows.
    frame = _frame("pandas", [2, "A"], [[FAR], [1]])
    with pytest.raises(ConfigError, match=r"cells of row 0 \(or one of the next\)"):
        _read("pandas", frame)
