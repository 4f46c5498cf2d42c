"""A sheet's row with nothing in any column the reader reads -- a "Total" note beside the
table, under a blank header cell -- is read as its CSV row is: the CSV reads such a row
(``,Total,``, or ``,,,`` as Excel saves an emptied row) as a row without an id, the row's
error, so the sheet's is the same error, at the same line and column, said the same way
("the cell is empty", not ``id None`` beside the CSV's ``id ''``). A row with no content at
all is skipped: a CSV's blank line, a sheet's empty row.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.io import eventlog, summary

_ACTIVITIES = {"Opened": "customer_message"}
_SUMMARY = ["id", "created_at", "", "channel"]
_LOG = ["case:concept:name", "concept:name", "time:timestamp", ""]
_notes = st.sampled_from(["Total", "note", 42])
_rows = st.lists(st.tuples(st.booleans(), _notes), min_size=1, max_size=6)


def _write(
    tmp_path: Path, name: str, header: list[str], rows: list[list[Any]]
) -> tuple[Path, Path]:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / f"{name}.xlsx")
    with open(tmp_path / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows([["" if c is None else c for c in row] for row in rows])
    return tmp_path / f"{name}.xlsx", tmp_path / f"{name}.csv"


def _said(errors: Any) -> list[tuple[int | None, str | None, str]]:
    return [(e.line, e.path, e.message) for e in errors]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=_rows)
def test_a_row_empty_in_every_read_column_is_its_csv_rows_error(
    tmp_path: Path, rows: list[tuple[bool, Any]]
) -> None:
    # (True: a ticket; False: a row with at most a note under the blank header.)
    tickets = [
        [str(n), "2026-03-02T09:00:00Z", None, None] if real else [None, None, note, None]
        for n, (real, note) in enumerate(rows)
    ]
    sheet, text = _write(tmp_path, "t", _SUMMARY, tickets)
    a, b = summary.load(sheet, on_error="collect"), summary.load(text, on_error="collect")
    assert [h.id for h in a] == [h.id for h in b] == [str(n) for n, (r, _) in enumerate(rows) if r]
    assert _said(a.errors) == _said(b.errors)
    assert [e.line for e in a.errors] == [n + 2 for n, (r, _) in enumerate(rows) if not r]
    assert all(e.message == "id: the cell is empty; a value is required" for e in a.errors)
    events = [
        [f"C{n}", "Opened", "2026-03-02T09:00:00Z", None] if real else [None, None, None, note]
        for n, (real, note) in enumerate(rows)
    ]
    sheet, text = _write(tmp_path, "l", _LOG, events)
    x = eventlog.load(sheet, activity_map=_ACTIVITIES, on_error="collect")
    y = eventlog.load(text, activity_map=_ACTIVITIES, on_error="collect")
    assert [h.id for h in x.histories] == [h.id for h in y.histories]
    assert _said(x.errors) == _said(y.errors)
    assert all(
        e.message == "missing case (column 'case:concept:name'): the cell is empty"
        for e in x.errors
    )


def test_an_empty_row_is_skipped_in_both(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for row in (["id", "created_at"], ["1", "2026-03-02T09:00:00Z"], [], [None, None]):
        book.active.append(row)
    book.active.append(["2", "2026-03-02T10:00:00Z"])
    book.save(tmp_path / "t.xlsx")
    (tmp_path / "t.csv").write_text(
        "id,created_at\n1,2026-03-02T09:00:00Z\n\n2,2026-03-02T10:00:00Z\n"
    )
    for path in (tmp_path / "t.xlsx", tmp_path / "t.csv"):
        loaded = summary.load(path)
        assert ([h.id for h in loaded], loaded.errors) == (["1", "2"], ())
