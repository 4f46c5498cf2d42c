"""Every error line of every command names the command, as its usage errors do.

A usage error said ``servicemodel staff: error: ...``; a runtime error (a missing file, a bad
option value found while running, an output that cannot be written) said only
``servicemodel: error: ...``, so a script running several commands could not tell which failed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pytest

from servicemodel import cli
from servicemodel._cli_common import error_line, run_command
from servicemodel.errors import ConfigError

#: For each command, arguments that fail while running (not while parsing), given a folder.
RUNTIME_ERRORS: dict[str, Callable[[Path], list[str]]] = {
    "staff": lambda tmp: ["staff", str(tmp / "missing.jsonl"), "--target", "80% in 20s"],
    "assess": lambda tmp: ["assess", str(tmp / "missing.toml"), str(tmp / "t.jsonl")],
    "report": lambda tmp: ["report", str(tmp / "missing.jsonl")],
}


def _commands() -> set[str]:
    parser = cli._parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_every_command_has_a_runtime_error_case() -> None:
    # A new command must say which command failed too: add it here.
    assert set(RUNTIME_ERRORS) == _commands()


@pytest.mark.parametrize("command", sorted(RUNTIME_ERRORS))
def test_a_runtime_error_names_the_command(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(RUNTIME_ERRORS[command](tmp_path)) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"servicemodel {command}: error: ")
    assert err.count("\n") == 1  # one line
    assert "missing." in err  # it still names the file


@pytest.mark.parametrize("command", sorted(RUNTIME_ERRORS))
def test_a_usage_error_and_a_runtime_error_begin_alike(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        cli.main([command, "--no-such-option"])
    usage = capsys.readouterr().err
    cli.main(RUNTIME_ERRORS[command](tmp_path))
    runtime = capsys.readouterr().err
    prefix = f"servicemodel {command}: error: "
    assert usage.startswith(prefix)
    assert runtime.startswith(prefix)


def test_an_output_that_cannot_be_written_names_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def hello(_args: argparse.Namespace, buffer: TextIO) -> int:
        buffer.write("hi\n")
        return 0

    folder = tmp_path / "folder"
    folder.mkdir()  # a folder is no file to write
    status = run_command(hello, argparse.Namespace(), folder, prog="servicemodel staff")
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith(f"servicemodel staff: error: {folder}: ")
    assert err.count("\n") == 1


def test_error_line_takes_the_command_and_the_first_line() -> None:
    exc = ConfigError("bad\nmore", path="--tz")
    assert error_line(exc, "servicemodel report") == "servicemodel report: error: --tz: bad"
