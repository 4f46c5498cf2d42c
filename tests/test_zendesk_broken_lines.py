"""A broken line of an export file is that line's bad record wherever it is in the file.

``zendesk.load`` read what a file holds from its first record and raised a first line that is
not JSON even with ``on_error="collect"``, so ``servicemodel report --skip-bad-records``
stopped at it and told the user to give the ``--skip-bad-records`` just given; a broken line
of a pages or audits file stopped a run (``on_error="raise"``) with the error of a page that
is no page, or of an audit without a ticket id, quoting the broken line's own error as its
value.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servicemodel.cli import main
from servicemodel.errors import RecordError, UnreadableFileError
from servicemodel.io import zendesk
from servicemodel.io.zendesk._shared import ticket_metric_files

ZD = Path(__file__).parent / "data" / "zendesk"
DURATIONS = ZD / "durations"
BROKEN = "{broken"
#: Deeper than Python's recursion limit, and than that of CPython's C code: 3.13 reads JSON
#: and writes reprs 10,000 levels deep (3.11 and 3.12 stop at 1,000, as Python code does).
DEEP = 100_000


def _lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _page() -> str:
    return json.dumps(json.loads((ZD / "tickets_page1.json").read_text(encoding="utf-8")))


def _audits() -> list[str]:
    found = json.loads((DURATIONS / "audits.json").read_text(encoding="utf-8"))["audits"]
    return [json.dumps(a) for a in found]


@pytest.mark.parametrize("at", [0, 1])
def test_a_broken_line_of_pages_is_a_bad_record_first_or_not(tmp_path: Path, at: int) -> None:
    lines = [_page()]
    lines.insert(at, BROKEN)
    path = _lines(tmp_path / "pages.jsonl", lines)
    with pytest.raises(RecordError, match=rf"pages\.jsonl: line {at + 1}: not valid JSON"):
        zendesk.load([path])
    loaded = zendesk.load([path], on_error="collect")
    assert [e.line for e in loaded.errors] == [at + 1]
    assert "not valid JSON" in str(loaded.errors[0])
    assert len(loaded.histories) == len(zendesk.load([ZD / "tickets_page1.json"]).histories)


def test_a_broken_first_line_of_ticket_metrics_is_set_aside(tmp_path: Path) -> None:
    good = {"ticket_id": 9101, "reopens": 0, "reply_time_in_minutes": {"calendar": 42}}
    path = _lines(tmp_path / "ticket_metrics.jsonl", [BROKEN, json.dumps(good)])
    files = [DURATIONS / "tickets.json", DURATIONS / "audits.json", path]
    loaded = zendesk.load(files, on_error="collect")
    assert [(e.source, e.line) for e in loaded.errors] == [(str(path), 1)]
    assert ticket_metric_files(files)[-1] == (path, True)


def test_a_broken_line_of_audits_raises_its_own_error(tmp_path: Path) -> None:
    audits = _audits()
    path = _lines(tmp_path / "audits.jsonl", [audits[0], BROKEN, *audits[1:]])
    with pytest.raises(RecordError) as raised:
        zendesk.load([DURATIONS / "tickets.json", path])
    assert str(raised.value) == (
        f"{path}: line 2: not valid JSON (Expecting property name enclosed in double quotes "
        "at column 2)"
    )
    loaded = zendesk.load([DURATIONS / "tickets.json", path], on_error="collect")
    assert [str(e) for e in loaded.errors] == [str(raised.value)]


def test_a_file_of_broken_lines_only_is_each_line_a_bad_record(tmp_path: Path) -> None:
    path = _lines(tmp_path / "broken.jsonl", [BROKEN, "[" * DEEP + "]" * DEEP])
    with pytest.raises(RecordError, match=r"broken\.jsonl: line 1: not valid JSON"):
        zendesk.load([DURATIONS / "tickets.json", path])
    loaded = zendesk.load([DURATIONS / "tickets.json", path], on_error="collect")
    assert [e.line for e in loaded.errors] == [1, 2]
    assert "nested too deeply" in str(loaded.errors[1])


def test_skip_bad_records_reads_past_a_broken_first_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _lines(tmp_path / "pages.jsonl", [BROKEN, _page()])
    assert main(["report", "--source", "zendesk", str(path)]) == 2
    assert "line 1: not valid JSON" in capsys.readouterr().err
    assert main(["report", "--source", "zendesk", "--skip-bad-records", str(path)]) == 0
    assert "1 bad record(s) set aside" in capsys.readouterr().err


def test_a_json_file_nothing_of_which_can_be_read_is_not_said_to_be_skippable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A .json file is one value: nested past the recursion limit, nothing of it can be read,
    # as for a syntax error; --skip-bad-records cannot help, given or not.
    path = tmp_path / "deep.json"
    path.write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    with pytest.raises(UnreadableFileError, match=r"deep\.json: line 1: nested too deeply"):
        zendesk.load([path], on_error="collect")
    for skip in ([], ["--skip-bad-records"]):
        assert main(["report", "--source", "zendesk", *skip, str(path)]) == 2
        (line,) = capsys.readouterr().err.splitlines()
        assert line.endswith(
            "deep.json: line 1: nested too deeply to read (more levels than Python's recursion "
            "limit)"
        )
