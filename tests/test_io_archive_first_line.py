"""An archive given to our own loaders says what it is and what to do, on its first line.

An analyst's first try is often the workbook or the zipped download itself. Read as JSON
Lines it said ``not UTF-8 text: bytes b'\\x82'``, or ``not valid JSON``, with no word of
Excel or zip; the one-row-per-ticket reader already said "unzip it, or save the sheet as CSV".
"""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from servicemodel.cli import main
from servicemodel.errors import RecordError
from servicemodel.io import load_csv, load_jsonl

ZIP = "not text: the file is a zip archive (an Excel workbook, or an export zipped for download)"
GZIP = "not text: the file is gzip-compressed: decompress it first (gunzip)"
ROW = '{"id": "A", "created_at": "2026-01-05T09:00:00Z"}\n'


def _workbook(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return path


def _gzipped(path: Path) -> Path:
    path.write_bytes(gzip.compress(ROW.encode() * 50))
    return path


@pytest.mark.parametrize("loader", [load_jsonl, load_csv])
@pytest.mark.parametrize(("make", "said"), [(_workbook, ZIP), (_gzipped, GZIP)])
def test_an_archive_stops_on_its_first_line_saying_what_it_is(
    tmp_path: Path, loader: Callable[[Path], object], make: Callable[[Path], Path], said: str
) -> None:
    path = make(tmp_path / "export.jsonl")
    with pytest.raises(RecordError) as err:
        loader(path)
    assert err.value.line == 1
    assert err.value.message.startswith(said)


def test_collected_every_line_is_still_accounted_for(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "export.jsonl")
    result = load_jsonl(path, on_error="collect")
    assert result.histories == ()
    assert result.errors[0].message.startswith(ZIP)
    assert len(result.lines_set_aside) + result.blank_lines == result.lines_read


def test_a_text_file_starting_like_no_archive_loads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(ROW, encoding="utf-8")
    assert [h.id for h in load_jsonl(path).histories] == ["A"]


def test_the_report_names_the_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _workbook(tmp_path / "tickets.xlsx")
    assert main(["report", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: line 1: {ZIP}: unzip it, or save the sheet as CSV" in err
