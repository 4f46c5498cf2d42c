"""A usage error of any ``servicemodel`` command is one line on stderr, exit status 2.

The line names the command, the bad option or value, and the command's ``--help`` -- not
argparse's usage block followed by the error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from servicemodel.cli import main

ROOT = Path(__file__).resolve().parents[1]
TICKETS = str(ROOT / "examples" / "data" / "tickets.jsonl")
BLUEPRINT = str(ROOT / "examples" / "blueprint.toml")

# (argv, the command's name as printed, what the line must say)
CASES = [
    (["report", TICKETS, "--fromat", "json"], "servicemodel report",
     "unrecognized arguments: --fromat json (did you mean --format?)"),
    (["report", TICKETS, "--format", "xml"], "servicemodel report",
     "argument --format: invalid choice: 'xml' (choose from 'text', 'json', 'html', "
     "'markdown', 'csv')"),
    (["report"], "servicemodel report", "the following arguments are required: PATH"),
    (["report", TICKETS, "--tz"], "servicemodel report", "argument --tz: expected one argument"),
    (["staff", TICKETS, "--target", "80% in 20s", "--bogus"], "servicemodel staff",
     "unrecognized arguments: --bogus"),
    (["staff", TICKETS], "servicemodel staff",
     "the following arguments are required: --target"),
    (["staff", TICKETS, "--target", "80% in 20s", "--model", "erlang-x"], "servicemodel staff",
     "argument --model: invalid choice: 'erlang-x' (choose from 'erlang-c', 'erlang-a')"),
    (["assess", BLUEPRINT, TICKETS, "--fromat=json"], "servicemodel assess",
     "unrecognized arguments: --fromat=json (did you mean --format?)"),
    (["assess"], "servicemodel assess",
     "the following arguments are required: blueprint, tickets"),
    (["assess", BLUEPRINT, TICKETS, "--format", "pdf"], "servicemodel assess",
     "argument --format: invalid choice: 'pdf' (choose from 'text', 'json', 'html')"),
    (["reconcile"], "servicemodel", "argument command: invalid choice: 'reconcile' (choose from "
     "'staff', 'assess', 'report')"),
    ([], "servicemodel", "the following arguments are required: command"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "prog", "says"), CASES)
def test_a_usage_error_is_one_line_naming_the_command_and_its_help(
    argv: list[str], prog: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"{prog}: error: {says}; see '{prog} --help'\n"


def test_no_usage_block_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", TICKETS, "--fromat", "json"])
    assert "usage:" not in capsys.readouterr().err


def test_an_unknown_option_far_from_every_option_names_none(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["report", TICKETS, "--zzzzzzzz"])
    err = capsys.readouterr().err
    assert err == (
        "servicemodel report: error: unrecognized arguments: --zzzzzzzz; "
        "see 'servicemodel report --help'\n"
    )


def test_the_vendor_sla_hint_is_part_of_the_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--source", "zendesk", "--vendor-sla", "events.json", "pages.json"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("servicemodel report: error: the following arguments are required: PATH")
    assert "(--vendor-sla takes every file after it:" in err
    assert err.endswith("; see 'servicemodel report --help'\n")


def test_help_is_still_the_whole_usage(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["report", "--help"], ["staff", "--help"], ["assess", "--help"], ["--help"]):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 0
        assert capsys.readouterr().out.startswith("usage: servicemodel")


def test_python_dash_m_prints_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "servicemodel", "report", TICKETS, "--fromat", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "servicemodel report: error: unrecognized arguments: --fromat json "
        "(did you mean --format?); see 'servicemodel report --help'"
    ]
