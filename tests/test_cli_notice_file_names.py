"""A notice naming a file stays one line, and ``-`` beside ``/dev/stdin`` is one file.

``notice`` promises one line on standard error; a file name holding a newline split the
"given twice" warning (and the other notices naming a file) over two. Such a name is quoted
as error messages quote values (``safe_repr``); a name that prints as one line is left as it
is. Standard input given as ``-`` and as ``/dev/stdin`` is one file, read once, with the same
warning as a file given twice.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from servicemodel._cli_common import distinct_files, error_line, file_name, path_text
from servicemodel.cli import main
from servicemodel.errors import RecordError


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("a.json", "a.json"),
        ("-", "standard input"),
        ("tickets ü.json", "tickets ü.json"),
        ("a\nb.json", "'a\\nb.json'"),
        ("a\tb.json", "'a\\tb.json'"),
    ],
)
def test_a_file_name_that_does_not_print_as_one_line_is_quoted(name: str, shown: str) -> None:
    assert file_name(name) == shown
    assert "\n" not in file_name(name)


def test_the_given_twice_warning_about_a_name_with_a_newline_is_one_line(
    tmp_path: Path,
) -> None:
    odd = tmp_path / "page\n1.json"
    try:
        odd.write_text("[]", encoding="utf-8")
    except OSError:  # pragma: no cover - a file system refusing the name
        pytest.skip("no newline in file names here")
    _, said = distinct_files([str(odd), str(odd)])
    assert said == (f"{file_name(str(odd))} is given twice: read once",)
    assert "\n" not in said[0]
    assert repr(str(odd)) in said[0]


def test_a_notice_naming_a_file_with_a_newline_is_one_line_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "tickets\n.jsonl"
    try:
        odd.write_text("", encoding="utf-8")
    except OSError:  # pragma: no cover - a file system refusing the name
        pytest.skip("no newline in file names here")
    code = main(["report", str(odd), str(odd)])
    err = capsys.readouterr().err
    assert code == 3  # no tickets: the notice names the file
    quoted = file_name(str(odd))
    assert err.splitlines() == [
        f"servicemodel report: warning: {quoted} is given twice: read once",
        f"servicemodel report: no tickets selected: the export holds no tickets ({quoted})",
    ]


def test_an_error_naming_a_file_with_a_newline_is_one_line_with_its_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The error line is the message's first line: a newline in the file name that starts the
    # message cut it to the name's first part ("servicemodel report: error: tickets").
    odd = tmp_path / "tickets\n.jsonl"
    try:
        odd.write_text('{"id": "1", "created_at": "bad"}\n', encoding="utf-8")
    except OSError:  # pragma: no cover - a file system refusing the name
        pytest.skip("no newline in file names here")
    code = main(["report", str(odd)])
    (line,) = capsys.readouterr().err.splitlines()
    assert code == 2
    assert line.startswith(f"servicemodel report: error: {file_name(str(odd))}: line 1: ")
    assert "created_at: not an ISO 8601 timestamp: 'bad'" in line


@pytest.mark.parametrize("odd", ["out\nx", "out\tx", "out\u2028x"])
def test_an_output_error_naming_a_folder_with_a_newline_is_one_line_with_its_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], odd: str
) -> None:
    # "-o: cannot write the report to <tmp>/out" was all that was said of -o naming a folder
    # called 'out<newline>x': the line ended at the newline, before the reason.
    folder = tmp_path / odd
    try:
        folder.mkdir()
    except OSError:  # pragma: no cover - a file system refusing the name
        pytest.skip("no such character in file names here")
    export = tmp_path / "t.jsonl"
    export.write_text(
        '{"id": "1", "created_at": "2026-03-02T09:00:00Z", "events": []}\n', encoding="utf-8"
    )
    for target, reason in (
        (folder, ": it is a folder"),
        (folder / "no" / "r.txt", f": the folder {path_text(folder / 'no')} does not exist"),
    ):
        code = main(["report", str(export), "-o", str(target)])
        (line,) = capsys.readouterr().err.splitlines()
        assert code == 2
        assert line == (
            f"servicemodel report: error: -o: cannot write the report to {path_text(target)}"
            + reason
        )
        assert repr(odd)[1:-1] in line


def test_an_error_naming_a_file_that_prints_as_one_line_is_unchanged() -> None:
    exc = RecordError("bad", line=3, source="a.csv")
    assert error_line(exc, "servicemodel report") == "servicemodel report: error: " + str(exc)


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="no /dev/stdin here")
def test_dash_and_dev_stdin_are_one_file_read_once() -> None:
    # In a child process whose standard input is a pipe: both names are that pipe.
    code = (
        "from servicemodel._cli_common import distinct_files\n"
        "kept, said = distinct_files(['-', '/dev/stdin'])\n"
        "print(kept, said)\n"
        "kept, said = distinct_files(['/dev/stdin', '-', '-'])\n"
        "print(kept, said)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input="", capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "['-'] ('standard input is given twice (also as /dev/stdin): read once',)",
        "['/dev/stdin'] ('/dev/stdin is given 3 times (also as standard input): read once',)",
    ]


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="no /dev/stdin here")
def test_the_report_reads_an_export_given_as_dash_and_dev_stdin_once() -> None:
    export = Path(__file__).parent.parent / "examples" / "data" / "tickets.jsonl"
    argv = [sys.executable, "-m", "servicemodel.cli", "report", "-", "/dev/stdin",
            "--format", "json"]  # fmt: skip
    done = subprocess.run(
        argv, input=export.read_text(encoding="utf-8"), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "servicemodel report: warning: standard input is given twice (also as /dev/stdin): "
        "read once"
    ]
