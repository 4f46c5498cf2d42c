"""A compressed or zipped export given to a CSV reader says what it is and what to do.

It used to stop at "not UTF-8 text (byte 0x8b) ... cp1252 for most Windows exports", which
sends the analyst after an encoding; an XES log saved as ``.xml`` stopped at a header error
whose only column was ``<?xml ...``. The law: whatever a gzip file holds, read as CSV it is an
``UnreadableFileError`` saying it is gzip-compressed, from both CSV readers.
"""

from __future__ import annotations

import gzip
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, UnreadableFileError
from servicemodel.io import eventlog, summary

READERS = [eventlog.load, summary.load]


@given(text=st.text(max_size=200), reader=st.sampled_from(READERS))
def test_any_gzip_file_is_said_to_be_gzip(text: str, reader: object) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "export.csv.gz"
        path.write_bytes(gzip.compress(("id,created_at\n" + text).encode()))
        with pytest.raises(UnreadableFileError) as err:
            reader(path)  # type: ignore[operator]
    assert "the file is gzip-compressed: decompress it first" in str(err.value)
    assert err.value.source == str(path)


@pytest.mark.parametrize("reader", READERS)
def test_a_zip_archive_is_said_to_be_one(reader: object, tmp_path: Path) -> None:
    path = tmp_path / "tickets.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sheet1.xml", "".join(f"<c r='A{i}'>{i * 7919}</c>" for i in range(500)))
    # (Named .xlsx, it is read as a workbook: a zip without a workbook's parts is none.)
    with pytest.raises(UnreadableFileError, match="the file is a zip archive"):
        reader(path)  # type: ignore[operator]


@pytest.mark.parametrize(
    "first",
    ['<?xml version="1.0" encoding="UTF-8"?>', "<log xes.version='1.0'>", "<!DOCTYPE html>"],
)
def test_markup_under_a_csv_name_says_so(first: str, tmp_path: Path) -> None:
    path = tmp_path / "log.xml"
    path.write_text(first + "\n<trace></trace>\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="this file is XML or HTML, not CSV"):
        eventlog.load(path)


def test_a_header_that_only_starts_with_a_bracket_is_a_plain_header_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("<,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"columns\.case: column"):
        eventlog.load(path)
