"""docs/exports-summary.md, "Excel workbooks": the header is the sheet's first non-empty row.

A title above the table is that row, so the load stops naming the header it found (the page
says to delete the title's rows); a header cell merged across columns names its first column
only, and the others, blank, are not read.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from servicemodel.errors import ConfigError
from servicemodel.io import summary

COLUMNS = {"id": "ID", "created": "Created"}


def test_a_title_above_the_table_is_read_as_the_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Tickets, March 2026"])
    sheet.merge_cells("A1:C1")
    sheet.append(["ID", "Created", "Channel"])
    sheet.append([1, datetime(2026, 3, 2, 9, 0), "email"])
    path = tmp_path / "titled.xlsx"
    book.save(path)

    with pytest.raises(ConfigError, match=r"which has \['Tickets, March 2026'\]"):
        summary.load(path, columns=COLUMNS, tz="UTC")

    del sheet["A1"]  # the title's row deleted: the table's header is the first row read
    sheet.unmerge_cells("A1:C1")
    sheet.delete_rows(1)
    book.save(path)
    assert [h.id for h in summary.load(path, columns=COLUMNS, tz="UTC").histories] == ["1"]


def test_the_other_cells_of_a_merged_header_cell_are_not_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Created", None, None, None])
    sheet.merge_cells("B1:C1")
    sheet.append([1, datetime(2026, 3, 2, 9, 0), "no date", None, "a note"])
    path = tmp_path / "merged.xlsx"
    book.save(path)

    loaded = summary.load(path, columns=COLUMNS, tz="UTC")

    assert [(h.id, h.created_at.hour) for h in loaded.histories] == [("1", 9)]
    assert loaded.errors == ()
