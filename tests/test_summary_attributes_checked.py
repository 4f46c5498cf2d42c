"""The one-row reader checks ``attributes`` as the event-log reader does.

A column in ``attributes`` that the header (or the frame) lacks is a ``ConfigError`` before any
row, naming the column and the closest one there is -- it used to give no attribute and no
error, so a verdict rule or a ``--by attr:`` breakdown on it read nothing, silently. A lone
string (``attributes="Status"``) is refused instead of being read as one-letter columns.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io import summary

HEADER = ["id", "created_at", "solved_at", "Status", "Type"]
ROW = ["1", "2026-03-02T09:00:00Z", "2026-03-02T17:00:00Z", "Open", "Question"]


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(ROW) + "\n", encoding="utf-8")
    return path


@given(name=st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1))
def test_a_kept_column_is_read_or_refused_never_dropped(name: str) -> None:
    frame = pd.DataFrame([ROW], columns=HEADER)
    if name in HEADER:
        (h,) = list(summary.from_pandas(frame, attributes=[name]))
        assert h.ticket.attributes[name] == ROW[HEADER.index(name)]
    else:
        with pytest.raises(ConfigError, match=r"attributes\[0\]: column .* is not in the frame"):
            summary.from_pandas(frame, attributes=[name])


def test_a_missing_column_in_a_file_names_the_file_and_the_close_one(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    with pytest.raises(ConfigError) as err:
        summary.load(path, attributes=["Status", "Tpye"])
    text = str(err.value)
    assert text.startswith(f"attributes[1]: column 'Tpye' is not in the header of {path},")
    assert "did you mean 'Type'?" in text
    assert summary.load(path, attributes=["Status"]).histories[0].ticket.attributes["Status"]


def test_polars_frames_are_checked_too() -> None:
    frame = pl.DataFrame([ROW], schema=HEADER, orient="row")
    with pytest.raises(ConfigError, match="is not in the frame"):
        summary.from_polars(frame, attributes=["status"])


def test_a_lone_string_is_refused_not_split_into_letters() -> None:
    rows = [dict(zip(HEADER, ROW, strict=True))]
    with pytest.raises(ConfigError, match="attributes: expected a list of column names"):
        list(summary.histories(rows, attributes="Status"))
