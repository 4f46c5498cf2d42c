"""A ``sheet`` named when no file is an Excel workbook is refused, never silently ignored.

The option chooses the sheet of a workbook; given with CSV (or XES) files only, it would do
nothing, so it is a ``ConfigError`` at ``sheet`` naming the value and the files that are not
workbooks -- in Python, and from a ``--map`` file on the command line.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError
from servicemodel.io import eventlog, summary

_TICKETS = "id,created_at\n{n},2026-03-02T09:00:00Z\n"
_LOG = "case:concept:name,concept:name,time:timestamp\nC{n},Opened,2026-03-02T09:00:00Z\n"
_ACTIVITIES = {"Opened": "customer_message"}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12),
    count=st.integers(1, 3),
)
def test_a_sheet_named_for_csv_files_only_is_a_config_error(
    tmp_path: Path, name: str, count: int
) -> None:
    tickets = [tmp_path / f"t{i}.csv" for i in range(count)]
    logs = [tmp_path / f"l{i}.csv" for i in range(count)]
    for n, (t, log) in enumerate(zip(tickets, logs, strict=True)):
        t.write_text(_TICKETS.format(n=n))
        log.write_text(_LOG.format(n=n))
    for load, files, more in (
        (summary.load, tickets, {}),
        (eventlog.load, logs, {"activity_map": _ACTIVITIES, "tz": "UTC"}),
    ):
        with pytest.raises(ConfigError) as caught:
            load(files, sheet=name, **more)
        said = str(caught.value)
        assert said.startswith(f"sheet: {name!r} names the sheet of an Excel workbook")
        assert str(files[-1]) in said
        assert "are not workbooks" in said
    # Without it, the same files load.
    assert len(summary.load(tickets)) == count
    assert len(eventlog.load(logs, **more).histories) == count


def test_a_sheet_is_read_when_one_file_is_a_workbook(tmp_path: Path) -> None:
    csv_file = tmp_path / "a.csv"
    csv_file.write_text(_TICKETS.format(n=1))
    book = openpyxl.Workbook()
    book.active.title = "Other"
    raw = book.create_sheet("Raw")
    raw.append(["id", "created_at"])
    raw.append(["2", "2026-03-02T10:00:00Z"])
    book.save(tmp_path / "b.xlsx")
    loaded = summary.load([csv_file, tmp_path / "b.xlsx"], sheet="Raw")
    assert [h.id for h in loaded] == ["1", "2"]


def test_a_map_file_naming_a_sheet_for_csv_files_fails_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(_TICKETS.format(n=1))
    mapping = tmp_path / "map.toml"
    mapping.write_text('sheet = "Tickets"\n')
    assert main(["report", "--source", "summary", str(tickets), "--map", str(mapping)]) != 0
    err = capsys.readouterr().err
    assert re.search(r"sheet: 'Tickets' names the sheet of an Excel workbook", err), err
    assert str(tickets) in err
