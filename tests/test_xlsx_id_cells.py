"""An id cell holding a date, a time or a boolean is its row's error, naming the cell.

Such a cell is most likely another column mapped as the id (a created date, a flag), and its
text would not be the CSV's (``2026-03-02 09:00:00``, ``True`` for the CSV's ``TRUE``): the
row is refused, saying so, and every other row loads. A whole number stays its id.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.io import eventlog, summary

_ACTIVITIES = {"Opened": "customer_message"}

_not_ids = st.one_of(
    st.booleans(),
    st.datetimes(datetime(1901, 1, 1), datetime(2099, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
    st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)


def _said(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {'TRUE' if value else 'FALSE'}"
    if isinstance(value, datetime):
        return f"the date {value.isoformat(' ')}"
    assert isinstance(value, time)
    return f"the time {value.isoformat()}"


def _book(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bad=_not_ids, count=st.integers(1, 4), at=st.integers(0, 4))
def test_a_typed_id_cell_is_its_rows_error_alone(
    tmp_path: Path, bad: Any, count: int, at: int
) -> None:
    at = min(at, count)
    ids: list[Any] = [str(n) for n in range(count)]
    ids.insert(at, bad)
    line = at + 2
    tickets = _book(
        tmp_path / "t.xlsx", [["id", "created_at"], *[[i, "2026-03-02T09:00:00Z"] for i in ids]]
    )
    loaded = summary.load(tickets, on_error="collect")
    assert [h.id for h in loaded] == [str(n) for n in range(count)]
    (error,) = loaded.errors
    assert (error.line, error.path) == (line, "id")
    assert error.message.startswith(f"cell A{line} holds {_said(bad)}, not an id: ")
    assert "another column mapped as the id" in error.message
    log = _book(
        tmp_path / "l.xlsx",
        [
            ["case:concept:name", "concept:name", "time:timestamp"],
            *[[i, "Opened", "2026-03-02T09:00:00Z"] for i in ids],
        ],
    )
    read = eventlog.load(log, activity_map=_ACTIVITIES, on_error="collect")
    assert [h.id for h in read.histories] == [str(n) for n in range(count)]
    (error,) = read.errors
    assert (error.line, error.path) == (line, "case:concept:name")
    assert f"cell A{line} holds {_said(bad)}, not an id: " in error.message


@pytest.mark.parametrize("number", [7, 101.0])
def test_a_whole_number_stays_its_id(tmp_path: Path, number: float) -> None:
    path = _book(tmp_path / "t.xlsx", [["id", "created_at"], [number, "2026-03-02T09:00:00Z"]])
    assert [h.id for h in summary.load(path)] == [str(int(number))]


def test_a_date_beside_the_id_is_read(tmp_path: Path) -> None:
    # Only the id column is checked: a date in another read column is a date.
    path = _book(
        tmp_path / "t.xlsx",
        [["id", "created_at", "flag"], ["1", datetime(2026, 3, 2, 9), True]],
    )
    (h,) = summary.load(path, tz="UTC", attributes=["flag"])
    assert h.created_at == datetime.fromisoformat("2026-03-02T09:00:00+00:00")
