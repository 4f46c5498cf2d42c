"""A ``sheet`` naming a chart sheet says it is a chart sheet, not a table, and lists the
worksheets; a name the workbook lacks still says there is no such sheet."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from servicemodel.errors import ConfigError
from servicemodel.io import eventlog, summary


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    tickets = book.active
    tickets.title = "Tickets"
    tickets.append(["id", "created_at"])
    tickets.append(["1", "2026-03-02T09:00:00Z"])
    book.create_sheet("Raw").append(["id", "created_at"])
    chart = BarChart()
    chart.add_data(Reference(tickets, min_col=1, min_row=1, max_row=2))
    book.create_chartsheet("Chart", 1).add_chart(chart)
    book.save(path)
    return path


def test_a_chart_sheet_is_named_as_one_with_the_worksheets(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "t.xlsx")
    for load in (summary.load, eventlog.load):
        with pytest.raises(ConfigError) as caught:
            load(path, sheet="Chart")
        assert str(caught.value) == (
            f"sheet: sheet 'Chart' in {path} is a chart sheet, not a table of rows; name one "
            "of its worksheets: ['Tickets', 'Raw']"
        )
    with pytest.raises(
        ConfigError,
        match=rf"^sheet: no sheet 'chart' in {re.escape(str(path))}; it has "
        r"\['Tickets', 'Raw'\]$",
    ):
        summary.load(path, sheet="chart")
    # The first sheet read is the first worksheet, the chart sheet between them aside.
    assert [h.id for h in summary.load(path)] == ["1"]
