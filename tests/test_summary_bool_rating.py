"""A boolean in the rating column is no score, and the error says so.

An Excel sheet holds TRUE/FALSE as boolean cells, and a data frame holds a bool column as
numpy's ``bool_`` (a nullable ``boolean`` column as numpy's or Python's bool). None of them is
a survey's score: ``float(True)`` is 1.0, so a bool used to be either accepted as a score of 1
(numpy's, on a 0..1 scale) or refused as "outside the rating scale 0..1" although 1 is inside.
Each is now refused as a boolean, naming the cell.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from servicemodel.io import summary

COLUMNS = {"id": "ID", "created": "Created", "rating": "R"}


@pytest.mark.parametrize("scale", [(0, 1), (1, 5)])
def test_a_boolean_cell_of_a_sheet_is_no_score(tmp_path: Path, scale: tuple[int, int]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Created", "R"])
    sheet.append([1, datetime(2026, 3, 2, 9, 0), True])
    sheet.append([2, datetime(2026, 3, 2, 9, 0), False])
    sheet.append([3, datetime(2026, 3, 2, 9, 0), 1])
    path = tmp_path / "t.xlsx"
    book.save(path)

    loaded = summary.load(path, columns=COLUMNS, tz="UTC", rating_scale=scale, on_error="collect")

    assert [h.id for h in loaded.histories] == ["3"]
    assert [(e.line, e.path) for e in loaded.errors] == [(2, "R"), (3, "R")]
    assert [e.message for e in loaded.errors] == [
        "ticket '1': R True: expected a score, not a boolean",
        "ticket '2': R False: expected a score, not a boolean",
    ]


@pytest.mark.parametrize("dtype", ["bool", "boolean"])
def test_a_boolean_of_a_frame_is_no_score(dtype: str) -> None:
    frame = pd.DataFrame(
        {
            "ID": ["1", "2"],
            "Created": pd.to_datetime(["2026-03-02T09:00:00Z", "2026-03-02T09:00:00Z"]),
            "R": pd.array([True, False], dtype=dtype),
        }
    )

    loaded = summary.from_pandas(
        frame, columns=COLUMNS, rating_scale=(0, 1), on_error="collect"
    ).collect()

    assert loaded.histories == ()
    assert [e.message for e in loaded.errors] == [
        "ticket '1': R True: expected a score, not a boolean",
        "ticket '2': R False: expected a score, not a boolean",
    ]
