"""A mapping's column that the data file lacks names the mapping's field and the data file.

A ``columns.*`` entry (or an ``attributes`` item) of a ``--map`` file naming a column the CSV
does not have was reported as the CSV's error (``log.csv: columns.timestamp: ...``), as if
the CSV held the field. The field is the mapping's, the columns are the CSV's: the error now
starts with the mapping file and the field, and its message names the CSV and its columns.
In Python the options are keywords, so the error has no source and names the CSV.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from servicemodel.cli import main
from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import eventlog, summary

HEADER = "case,activity,time\n"
ROWS = "C1,Opened,2026-03-02T09:00:00Z\nC1,Resolved,2026-03-02T11:00:00Z\n"
MAPS = '[activity_map]\nOpened = "customer_message"\n[status_map]\nResolved = "solved"\n'


def _log(tmp_path: Path) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(HEADER + ROWS)
    return path


def _map(tmp_path: Path, top: str, columns: str) -> Path:
    path = tmp_path / "mapping.toml"
    path.write_text(f"{top}[columns]\ncase = 'case'\nactivity = 'activity'\n{columns}{MAPS}")
    return path


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # one error, no traceback
    return err


def test_python_api_names_the_field_and_the_data_file(tmp_path: Path) -> None:
    log = _log(tmp_path)
    columns = {"case": "case", "activity": "activity", "timestamp": "tmie"}
    with pytest.raises(ConfigError) as caught:
        eventlog.load(log, columns=columns, status_map={"Resolved": "solved"},
                      activity_map={"Opened": "customer_message"})  # fmt: skip
    err = caught.value
    assert not isinstance(err, RecordError)
    assert (err.source, err.path) == (None, "columns.timestamp")
    assert str(err) == (
        f"columns.timestamp: column 'tmie' for timestamp is not in the header of {log}, which "
        "has ['case', 'activity', 'time'] (did you mean 'time'?); columns= must name one of them"
    )


def test_cli_names_the_map_file_its_field_and_the_data_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _log(tmp_path)
    mapping = _map(tmp_path, "", "timestamp = 'tmie'\n")
    err = _cli(["report", "--source", "eventlog", str(log), "--map", str(mapping)], capsys)
    assert err == (
        f"servicemodel report: error: {mapping}: columns.timestamp: column 'tmie' for timestamp "
        f"is not in the header of {log}, which has ['case', 'activity', 'time'] (did you mean "
        "'time'?); columns in the --map file must name one of them\n"
    )


def test_cli_an_optional_column_the_map_names_names_the_map_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _log(tmp_path)
    mapping = _map(tmp_path, "", "timestamp = 'time'\npriority = 'prio'\n")
    err = _cli(["report", "--source", "eventlog", str(log), "--map", str(mapping)], capsys)
    assert f"error: {mapping}: columns.priority: column 'prio' for priority is not in " in err
    assert f"the header of {log}, which has ['case', 'activity', 'time']" in err


def test_cli_a_default_column_the_map_leaves_out_is_the_map_files_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The map names no timestamp column, and the default one is absent: columns.timestamp of
    # the map file is where it goes.
    log = _log(tmp_path)
    mapping = _map(tmp_path, "", "")
    err = _cli(["report", "--source", "eventlog", str(log), "--map", str(mapping)], capsys)
    assert f"error: {mapping}: columns.timestamp: column 'time:timestamp' (the default " in err
    assert f"is not in the header of {log}, which has" in err


def test_cli_a_wrong_type_names_the_map_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _log(tmp_path)
    mapping = _map(tmp_path, "", "timestamp = 5\n")
    err = _cli(["report", "--source", "eventlog", str(log), "--map", str(mapping)], capsys)
    assert err.endswith(f"error: {mapping}: columns.timestamp: expected a name, got 5\n")
    mapping = _map(tmp_path, "", "timestamp = ''\n")
    err = _cli(["report", "--source", "eventlog", str(log), "--map", str(mapping)], capsys)
    assert err.endswith(f"error: {mapping}: columns.timestamp: expected a column name, got ''\n")


def test_cli_an_attribute_no_header_has_names_the_map_file_and_the_data_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _log(tmp_path)
    mapping = _map(tmp_path, "attributes = ['activty']\n", "timestamp = 'time'\n")
    err = _cli(["report", "--source", "eventlog", str(log), "--map", str(mapping)], capsys)
    assert f"error: {mapping}: attributes[0]: column 'activty' is not in the header of {log}" in err
    assert "(did you mean 'activity'?)" in err


def test_cli_one_row_exports_name_both_files_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "tickets.csv"
    data.write_text("id,created\n1,2026-03-02T09:00:00Z\n")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text("[columns]\nid = 'ticket'\ncreated = 'created'\n")
    err = _cli(["report", "--source", "summary", str(data), "--map", str(mapping)], capsys)
    assert f"error: {mapping}: columns.id: column 'ticket' for id is not in the header " in err
    assert f"of {data}, which has ['id', 'created']" in err
    with pytest.raises(ConfigError) as caught:
        summary.load(data, columns={"id": "ticket", "created": "created"})
    assert (caught.value.source, caught.value.path) == (None, "columns.id")
    assert f"not in the header of {data}," in caught.value.message


def test_a_file_that_is_markup_stays_the_data_files_error(tmp_path: Path) -> None:
    # Not the mapping's fault: the file is XML read as CSV.
    path = tmp_path / "log.csv"
    path.write_text("<?xml version='1.0'?>\n<log/>\n")
    with pytest.raises(ConfigError) as caught:
        eventlog.load(path)
    assert caught.value.source == str(path)
    assert "this file is XML or HTML, not CSV" in caught.value.message
