"""docs/exports.md, event log "Excel workbooks": the header is the sheet's first non-empty row.

A title above the table is that row, so the load stops naming the header it found (the page
says to delete the title's rows), as for a one-row-per-ticket sheet.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from servicemodel.errors import ConfigError
from servicemodel.io import eventlog


def test_a_title_above_an_event_log_table_is_read_as_the_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Support log, March"])
    sheet.append(["case:concept:name", "concept:name", "time:timestamp"])
    sheet.append(["C1", "Opened", "2026-03-02T09:00:00Z"])
    path = tmp_path / "log.xlsx"
    book.save(path)
    with pytest.raises(ConfigError) as caught:
        eventlog.load(path, activity_map={"Opened": "customer_message"})
    assert "which has ['Support log, March']" in str(caught.value)
    sheet.delete_rows(1)  # as the page says: delete the title's rows
    book.save(path)
    (history,) = eventlog.load(path, activity_map={"Opened": "customer_message"}).histories
    assert history.id == "C1"
