"""An id cell that holds no whole number says how to keep ids whole in Excel, not only in pandas.

A sheet's number cell is a float to Excel; an id such as ``101.5`` (or one past 2**53, whose
digits Excel rounds) is no ticket's id, and the error said to read the column "e.g.
dtype=str", an option of a data frame reader that a workbook has not. It now names both.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl

from servicemodel.io import eventlog, summary

HINT = (
    "read the column as text or integers (a frame's dtype=str; in Excel, a column formatted "
    "as Text)"
)


def _book(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_sheets_fractional_ticket_id_names_the_excel_way(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "t.xlsx",
        [["ID", "Created"], [101, datetime(2026, 3, 2, 9)], [101.5, datetime(2026, 3, 2, 9)]],
    )

    loaded = summary.load(
        path, columns={"id": "ID", "created": "Created"}, tz="UTC", on_error="collect"
    )

    assert [h.id for h in loaded.histories] == ["101"]
    (error,) = loaded.errors
    assert (error.line, error.path) == (3, "ID")
    assert error.message == f"ID 101.5: an id read as a float loses digits: {HINT}"


def test_a_sheets_fractional_case_id_names_the_excel_way(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "log.xlsx",
        [["Case", "Activity", "Time"], [2.5, "Opened", datetime(2026, 3, 2, 9)]],
    )

    loaded = eventlog.load(
        path,
        columns={"case": "Case", "activity": "Activity", "timestamp": "Time"},
        activity_map={"Opened": "customer_message"},
        tz="UTC",
        on_error="collect",
    )

    assert loaded.histories == ()
    (error,) = loaded.errors
    assert error.message.endswith(HINT)
