"""The command line's hints are themselves valid input: doing what a message says works."""

from __future__ import annotations

import contextlib
import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main

SAMPLE = "examples/data/tickets.jsonl"
_SUGGESTED = re.compile(r"write e\.g\. (.+)$")


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(["date", "minutes", "seconds", "space"]),
)
def test_the_offset_an_at_without_one_is_told_to_add_parses(moment: datetime, form: str) -> None:
    text = {
        "date": moment.date().isoformat(),
        "minutes": moment.isoformat(timespec="minutes"),
        "seconds": moment.isoformat(timespec="seconds"),
        "space": moment.isoformat(sep=" ", timespec="minutes"),
    }[form]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["report", SAMPLE, "--at", text, "--format", "json"]) == 2
    suggestion = _SUGGESTED.search(err.getvalue().strip())
    assert suggestion is not None, err.getvalue()
    fixed = datetime.fromisoformat(suggestion.group(1))
    assert fixed.utcoffset() is not None
    # The same wall-clock instant the user wrote, with an offset added.
    assert fixed.replace(tzinfo=None) == datetime.fromisoformat(text)


@pytest.mark.parametrize("source", ["zendesk", "freshdesk", "jira"])
def test_a_csv_given_to_an_api_reader_names_the_one_row_reader(
    source: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--source", source, "tests/data/summary/tickets.csv"]) == 2
    err = capsys.readouterr().err
    assert f"--source {source} reads" in err
    assert "--source summary" in err
    assert f"examples/mappings/{source}-csv.toml" in err


@pytest.mark.parametrize(
    ("source", "export", "mapping"),
    [
        ("summary", "tests/data/summary/zendesk_tickets.csv", "examples/mappings/zendesk-csv.toml"),
        ("eventlog", "tests/data/eventlog/servicenow_shape.csv",
         "examples/mappings/servicenow-incidents.toml"),
    ],
)  # fmt: skip
def test_a_mapping_without_tz_names_the_file_and_line(
    source: str,
    export: str,
    mapping: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with open(mapping, encoding="utf-8") as fh:
        kept = [line for line in fh if not line.startswith("tz ")]
    naive = tmp_path / "naive.toml"
    naive.write_text("".join(kept), encoding="utf-8")
    assert main(["report", "--source", source, export, "--map", str(naive)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"servicemodel report: error: {export}: line 2: ")
    assert "has no offset; name the zone" in err
