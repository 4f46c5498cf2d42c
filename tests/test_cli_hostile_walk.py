"""What a hostile walk through the command line found: each case is one line on stderr, exit 2.

- Standard output that is closed (``>&-``) or that fails (a reader that went away, a full
  disk) was a traceback from ``staff`` and ``assess`` (``AttributeError: 'NoneType' object
  has no attribute 'write'``, ``BrokenPipeError``), and from ``report`` when closed; a report
  to a failing one said ``error: [Errno 32] Broken pipe``, naming no output.
- ``staff`` on an export with a bad record said ``error: line 3: not valid JSON (...)``,
  naming no file, where ``report`` and ``assess`` name it.
- ``assess --survey`` of a missing file or a folder said Python's
  ``[Errno 2] No such file or directory: 'answers.csv'``, where every other file of every
  command says ``answers.csv: cannot read: No such file or directory``.
- ``report -o export.jsonl/report.txt`` said "the folder export.jsonl does not exist" of a
  file that does exist: it is no folder.
- ``report -`` with standard input closed (``<&-``) said "source: expected a path or an
  iterable of lines, got NoneType None", naming an argument of the Python API.
- ``staff -`` and ``assess BLUEPRINT -`` with the export piped in said "standard input:
  cannot read: No such file or directory": they read a file named ``-``, and named it as
  standard input. They read files only, and now say so.
- ``staff --calendar`` with a calendar open at no time (no hours, or closed all the week
  planned) wrote a plan of 0.0 agent hours with an empty table and exit status 0, saying
  nothing of why.
- ``staff --channel ""`` (an unset shell variable, ``--channel "$CHANNEL"``) planned all
  channels as one queue, as if no ``--channel`` were given: a plan for several times the
  contacts, with no word said.
- An empty file name (``--calendar "$HOURS"`` with the variable unset) was read as no option
  by ``staff --calendar`` (a plan open around the clock, unsaid), and as the current folder
  ``.`` by every option read as a path (``error: .: unknown config format ''``), naming
  neither the option nor the value given. Each is now a usage error naming the option.
- ``report --vendor-sla`` of an empty file (a download that failed) gave a reconciliation
  section of 0 clocks compared, every clock "only ours", with no word that the file held
  nothing.
- A long value (a file's contents pasted by mistake) was said in full in its error:
  ``--at``/``--since``/``--until``/``--vendor-read-at``/``--vendor-start-time``, ``--by
  attr:...`` (twice), ``staff --target`` and ``--shrinkage``, ``assess --at``: an error line
  of 100,000 characters. It is cut as every other quoted value is.
"""

from __future__ import annotations

import errno
import io
import sys
from pathlib import Path

import pytest

from servicemodel.cli import main

ROOT = Path(__file__).resolve().parents[1]
TICKETS = str(ROOT / "examples" / "data" / "tickets.jsonl")
BLUEPRINT = str(ROOT / "examples" / "blueprint.toml")

#: Each command run so that it writes to standard output.
COMMANDS = {
    "report": ["report", TICKETS],
    "staff": ["staff", TICKETS, "--target", "80% in 20s", "--aht", "3m"],
    "assess": ["assess", BLUEPRINT, TICKETS],
}


class _Failing(io.StringIO):
    """A standard output whose writes fail with ``code`` (EPIPE: its reader went away)."""

    def __init__(self, code: int) -> None:
        super().__init__()
        self.code = code

    def write(self, text: str) -> int:
        raise OSError(self.code, errno.errorcode[self.code].lower())


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_closed_standard_output_is_one_line_naming_it(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", None)  # what Python sets when file descriptor 1 is closed
    assert main(COMMANDS[command]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"servicemodel {command}: error: standard output is closed")
    assert "-o FILE" in err


@pytest.mark.parametrize("code", [errno.EPIPE, errno.ENOSPC])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_standard_output_that_fails_is_one_line_naming_it(
    command: str, code: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", _Failing(code))
    assert main(COMMANDS[command]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"servicemodel {command}: error: cannot write to standard output (")
    assert errno.errorcode[code].lower() in err


@pytest.mark.parametrize(
    ("suffix", "bad", "says"),
    [
        (".jsonl", b'{"id": "T-1", "created_at": ', "line 2: not valid JSON"),
        (".jsonl", b"\xff\xfe{}", "line 2: not UTF-8 text"),
        (".csv", b"T-1,2026-08-0", "line 3: created_at: not an ISO 8601 timestamp"),
    ],
)
def test_staff_names_the_file_of_a_bad_record(
    suffix: str, bad: bytes, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = Path(TICKETS).read_bytes().splitlines()[0]
    head = b"ticket_id,created_at\nT-0,2026-08-03T00:00:00+00:00\n" if suffix == ".csv" else good
    export = tmp_path / f"export{suffix}"
    export.write_bytes(head.rstrip(b"\n") + b"\n" + bad + b"\n")
    assert main(["staff", str(export), "--target", "80% in 20s", "--aht", "3m"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"servicemodel staff: error: {export}: {says}")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "reason"), [("missing.csv", "No such file or directory"), ("folder", "Is a directory")]
)
def test_an_unreadable_survey_file_is_said_as_every_unreadable_file(
    name: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "folder").mkdir()
    survey = tmp_path / name
    assert main(["assess", BLUEPRINT, TICKETS, "--survey", str(survey)]) == 2
    err = capsys.readouterr().err
    assert err == f"servicemodel assess: error: {survey}: cannot read: {reason}\n"


def test_an_output_inside_a_file_says_the_file_is_no_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("kept\n")
    output = not_a_folder / "report.txt"
    assert main(["report", TICKETS, "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"servicemodel report: error: -o: cannot write the report to {output}: "
        f"{not_a_folder} is a file, not a folder\n"
    )
    assert not_a_folder.read_text() == "kept\n"


def test_reading_a_closed_standard_input_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", None)  # what Python sets when file descriptor 0 is closed
    assert main(["report", "-"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("servicemodel report: error: PATH: - reads standard input, which is")
    assert "which is closed" in err
    assert "NoneType" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "argument"),
    [
        (["staff", "-", "--target", "80% in 20s", "--aht", "3m"], "history"),
        (["assess", BLUEPRINT, "-"], "tickets"),
    ],
)
def test_a_command_that_reads_files_only_says_so_for_standard_input(
    argv: list[str],
    argument: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(Path(TICKETS).read_text(encoding="utf-8")))
    assert main(argv) == 2
    err = capsys.readouterr().err
    command = argv[0]
    assert err.startswith(f"servicemodel {command}: error: {argument}: ")
    assert "reads the export from a file, not from standard input" in err
    assert "No such file" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "calendar",
    [
        'tz = "UTC"\n[hours]\n',
        'tz = "UTC"\nholidays = ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05",'
        ' "2026-11-06"]\n[hours]\n"mon-fri" = ["09:00-17:00"]\n',
    ],
)
def test_a_calendar_open_at_no_time_of_the_week_planned_is_said(
    calendar: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hours.toml"
    path.write_text(calendar, encoding="utf-8")
    argv = ["staff", TICKETS, "--target", "80% in 20s", "--aht", "3m", "--calendar", str(path)]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"servicemodel staff: error: --calendar: {path} is open ")
    assert "2026-11-02T00:00:00+00:00" in captured.err  # the week planned
    assert captured.err.count("\n") == 1


@pytest.mark.parametrize("channel", ["", " ", "\t"])
def test_a_blank_channel_is_refused_not_read_as_all_channels(
    channel: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["staff", TICKETS, "--target", "80% in 20s", "--aht", "3m", "--channel", channel]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"servicemodel staff: error: --channel: {channel!r} ")
    assert captured.err.count("\n") == 1


#: Each argument naming a file, given the empty name: (argv, command, the argument's name).
EMPTY_NAMES = [
    (["report", ""], "report", "PATH"),
    (["report", TICKETS, "--map", ""], "report", "--map"),
    (["report", TICKETS, "--policy", ""], "report", "--policy"),
    (["report", TICKETS, "--goals", ""], "report", "--goals"),
    (["report", TICKETS, "--vendor-sla", ""], "report", "--vendor-sla"),
    (["report", TICKETS, "-o", ""], "report", "-o/--output"),
    (["staff", "", "--target", "80% in 20s"], "staff", "history"),
    (["staff", TICKETS, "--target", "80% in 20s", "--calendar", ""], "staff", "--calendar"),
    (["staff", TICKETS, "--target", "80% in 20s", "-o", ""], "staff", "-o/--output"),
    (["assess", "", TICKETS], "assess", "blueprint"),
    (["assess", BLUEPRINT, ""], "assess", "tickets"),
    (["assess", BLUEPRINT, TICKETS, "--survey", ""], "assess", "--survey"),
    (["assess", BLUEPRINT, TICKETS, "--qa", ""], "assess", "--qa"),
    (["assess", BLUEPRINT, TICKETS, "-o", ""], "assess", "-o/--output"),
]


@pytest.mark.parametrize(("argv", "command", "argument"), EMPTY_NAMES)
def test_an_empty_file_name_is_a_usage_error_naming_the_argument(
    argv: list[str], command: str, argument: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    prog = f"servicemodel {command}"
    assert captured.err.startswith(f"{prog}: error: argument {argument}: '' names no file")
    assert captured.err.endswith(f"; see '{prog} --help'\n")  # (--vendor-sla adds its hint)
    assert captured.err.count("\n") == 1


ZENDESK = ROOT / "tests" / "data" / "zendesk"


def test_an_empty_vendor_sla_file_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "metric_events.jsonl"  # (an empty .json is refused as no JSON)
    empty.write_bytes(b"\n")
    files = [str(ZENDESK / n) for n in ("tickets_page1.json", "tickets_page2.json", "audits.jsonl")]
    argv = ["report", "--source", "zendesk", *files, "--map", str(ZENDESK / "map.toml"),
            "--policy", str(ZENDESK / "policy.toml"), "--vendor-sla", str(empty)]  # fmt: skip
    assert main(argv) == 0
    err = capsys.readouterr().err
    said = f"servicemodel report: warning: --vendor-sla: {empty} is empty: no SLA record is read"
    assert said in err


LONG = "9" * 100_000

#: Each option given a very long value, in a command that fails on it.
LONG_VALUES = [
    ["report", TICKETS, "--at", LONG],
    ["report", TICKETS, "--since", LONG],
    ["report", TICKETS, "--until", LONG],
    ["report", TICKETS, "--vendor-read-at", LONG],
    ["report", TICKETS, "--vendor-start-time", "x" + LONG],
    ["report", TICKETS, "--by", "attr:" + LONG],
    ["staff", TICKETS, "--target", f"{LONG}% in 20s", "--aht", "3m"],
    ["staff", TICKETS, "--target", f"x{LONG}", "--aht", "3m"],
    ["staff", TICKETS, "--target", "80% in 20s", "--aht", "3m", "--shrinkage", LONG],
    ["assess", BLUEPRINT, TICKETS, "--at", LONG],
]


@pytest.mark.parametrize("argv", LONG_VALUES, ids=lambda argv: f"{argv[0]} {argv[-2]}")
def test_a_long_value_is_cut_in_its_error_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"servicemodel {argv[0]}: error: ")
    assert err.count("\n") == 1
    assert len(err) < 1_000
    assert "…" in err  # cut, and said to be
