"""The command line at its edges: ``--since``/``--until`` that meet, the fix an error suggests,
what is written after a failing command, and an ``-o`` file that already exists.

Expected values follow docs/report.md (exit statuses, "``--until`` not after ``--since``" is
bad input, ``since <= created < until``) and the docstrings of the command helpers.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._cli_common import run_command
from servicemodel.cli import main

TICKETS = (
    '{"id": "A", "created_at": "2026-03-02T09:00:00+00:00", "events": []}\n'
    '{"id": "B", "created_at": "2026-03-03T09:00:00+00:00", "events": []}\n'
)
AT = "2026-03-10T00:00:00+00:00"


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.jsonl"
    path.write_text(TICKETS, encoding="utf-8")
    return path


def one_error_line(err: str, prog: str = "servicemodel report") -> str:
    assert err.count("\n") == 1, err
    assert err.startswith(f"{prog}: error: ")
    return err


@pytest.mark.parametrize(
    ("since", "until"),
    [
        ("2026-03-02T10:00:00+01:00", "2026-03-02T09:00:00+00:00"),  # one instant, two offsets
        ("2026-03-02T09:00:00Z", "2026-03-02T09:00:00Z"),
        ("2026-03-02T09:00:00Z", "2026-03-02T08:59:59Z"),
    ],
)
def test_until_not_after_since_is_bad_input(
    export: Path, capsys: pytest.CaptureFixture[str], since: str, until: str
) -> None:
    status = main(["report", str(export), "--at", AT, "--since", since, "--until", until])
    assert status == 2
    line = one_error_line(capsys.readouterr().err)
    assert "--until" in line
    assert "is not after --since" in line


def test_until_after_since_in_another_offset_is_a_window(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 23:00 at -02:00 on the 2nd is 01:00 UTC on the 3rd: after 00:00 UTC, compared in UTC.
    since, until = "2026-03-03T00:00:00+00:00", "2026-03-02T23:00:00-02:00"
    assert main(["report", str(export), "--at", AT, "--since", since, "--until", until]) == 3
    assert "error" not in capsys.readouterr().err  # a window that holds no ticket: exit 3


@settings(max_examples=25)
@given(st.integers(1, 48 * 3600))
def test_a_window_selects_by_creation_since_included_until_excluded(seconds: int) -> None:
    # since <= created < until (docs/report.md): ticket A, created at 09:00 on the 2nd, is
    # selected by any window that starts at that instant, and by none that ends there.
    created = datetime(2026, 3, 2, 9, tzinfo=UTC)
    step = timedelta(seconds=seconds)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tickets.jsonl"
        path.write_text(TICKETS.splitlines()[0] + "\n", encoding="utf-8")
        argv = ["report", str(path), "--at", AT, "--format", "json"]
        starting = ["--since", created.isoformat(), "--until", (created + step).isoformat()]
        ending = ["--since", (created - step).isoformat(), "--until", created.isoformat()]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main([*argv, *starting]) == 0
            assert main([*argv, *ending]) == 3


@pytest.mark.parametrize("option", ["--at", "--since", "--until"])
@pytest.mark.parametrize("text", ["2026-03-02", "2026-03-02T09:00", "2026-03-02T09:00:00.5"])
def test_the_fix_a_missing_offset_suggests_is_accepted(
    export: Path, capsys: pytest.CaptureFixture[str], option: str, text: str
) -> None:
    # A date alone or a time without an offset is an error (docs/report.md); the line says
    # what to write instead, and what it says to write is read.
    assert main(["report", str(export), "--at", AT, option, text]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"{option}: " in line
    assert "has no UTC offset" in line
    suggested = re.search(r"write e\.g\. (\S+)$", line.strip())
    assert suggested is not None, line
    fixed = suggested[1]
    argv = ["report", str(export), option, fixed]
    if option != "--at":
        argv += ["--at", AT]
    assert main(argv) in (0, 3)
    assert "error" not in capsys.readouterr().err


# -- run_command: nothing written after bad input; an existing -o file is replaced -----------


def test_a_command_that_fails_with_bad_input_writes_nothing(tmp_path: Path) -> None:
    # run_command: "what it wrote is written even for a non-zero status below 2 ..., never
    # after bad input".
    def partial(args: argparse.Namespace, buf: io.StringIO) -> int:
        buf.write("half a plan\n")
        return 2

    def short(args: argparse.Namespace, buf: io.StringIO) -> int:
        buf.write("a plan that falls short\n")
        return 1

    out = io.StringIO()
    assert run_command(partial, argparse.Namespace(), None, out, prog="servicemodel x") == 2
    assert out.getvalue() == ""
    target = tmp_path / "plan.txt"
    assert run_command(partial, argparse.Namespace(), target, prog="servicemodel x") == 2
    assert not target.exists()
    assert run_command(short, argparse.Namespace(), target, prog="servicemodel x") == 1
    assert target.read_text(encoding="utf-8") == "a plan that falls short\n"


def test_an_existing_output_file_is_replaced_not_taken_for_an_input(tmp_path: Path) -> None:
    target = tmp_path / "plan.txt"
    target.write_text("last week's plan\n", encoding="utf-8")
    given_file = tmp_path / "tickets.jsonl"
    given_file.write_text(TICKETS, encoding="utf-8")

    def plan(args: argparse.Namespace, buf: io.StringIO) -> int:
        buf.write("this week's plan\n")
        return 0

    args = argparse.Namespace(history=str(given_file), output=target)
    assert run_command(plan, args, target, prog="servicemodel staff") == 0
    assert target.read_text(encoding="utf-8") == "this week's plan\n"


def test_a_hard_link_beside_its_file_is_the_same_file(tmp_path: Path) -> None:
    # distinct_files: "two paths name one file (a.json and ./a.json, a link to it)", compared
    # by device and inode; a hard link has its own path and the file's inode.
    from servicemodel._cli_common import distinct_files

    first = tmp_path / "a.jsonl"
    first.write_text(TICKETS, encoding="utf-8")
    other = tmp_path / "b.jsonl"
    try:
        other.hardlink_to(first)
    except OSError:  # pragma: no cover - a file system without hard links
        pytest.skip("no hard links here")
    kept, said = distinct_files([str(first), str(other)])
    assert kept == [str(first)]
    assert said == (f"{first} is given twice (also as {other}): read once",)


def test_a_selection_that_holds_none_says_so_though_some_records_were_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Exit 3 says which selection is empty; the tickets were read (one record was bad and set
    # aside), so the reason is the window, not that nothing could be read.
    path = tmp_path / "tickets.jsonl"
    path.write_text(TICKETS + "{not json\n", encoding="utf-8")
    argv = ["report", str(path), "--skip-bad-records", "--at", AT]
    assert main([*argv, "--since", "2026-03-05T00:00:00+00:00"]) == 3
    err = capsys.readouterr().err
    assert "no tickets selected: none of the 2 tickets" in err
    assert "could be read" not in err


def test_the_vendor_sla_hint_is_not_given_when_its_list_is_ended(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The hint says to end --vendor-sla's list with --; where it is ended so, the usage error
    # is about something else and says only that.
    argv = ["report", "--source", "zendesk", "--fromat", "json", "--vendor-sla", "events.json"]
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--", "pages.json"])
    assert exit_.value.code == 2
    line = one_error_line(capsys.readouterr().err)
    assert "--fromat" in line
    assert "--vendor-sla takes every file after it" not in line
    with pytest.raises(SystemExit):
        main([*argv, "pages.json"])  # not ended: the hint is part of the line
    assert "(--vendor-sla takes every file after it:" in capsys.readouterr().err


def test_assess_takes_a_ticket_created_at_the_snapshot_instant(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Exit 3 is for an export where no ticket was created by --at (docs/report.md: "all were
    # created after --at"); ticket A was created at 09:00 UTC, the very instant of --at.
    blueprint = str(Path(__file__).resolve().parent.parent / "examples" / "blueprint.toml")
    at = "2026-03-02T10:00:00+01:00"
    assert main(["assess", blueprint, str(export), "--at", at, "--format", "json"]) == 0
    assert "nothing to assess" not in capsys.readouterr().err
    before = "2026-03-02T09:59:59+01:00"
    assert main(["assess", blueprint, str(export), "--at", before]) == 3
    assert "nothing to assess: none was created by --at" in capsys.readouterr().err


def test_a_close_option_is_named_after_a_stray_word(capsys: pytest.CaptureFixture[str]) -> None:
    # CommandParser: a usage error names "a close option name when there is one", whatever
    # unrecognized word comes before the mistyped option.
    from servicemodel._staff_cli import main as staff

    argv = ["tickets.jsonl", "--target", "80% in 20s", "stray", "--shrinkge", "0.3"]
    with pytest.raises(SystemExit) as exit_:
        staff(argv)
    assert exit_.value.code == 2
    line = one_error_line(capsys.readouterr().err, "servicemodel staff")
    assert "unrecognized arguments: stray --shrinkge 0.3 (did you mean --shrinkage?)" in line


def test_an_error_from_standard_input_names_it_as_a_notice_does(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # error_line shows the file an error names "as a notice does" (file_name): "-" is
    # "standard input".
    from servicemodel._cli_common import error_line
    from servicemodel.errors import ConfigError

    line = error_line(ConfigError("line 2: bad", source="-"), "servicemodel report")
    assert line == "servicemodel report: error: standard input: line 2: bad"
    monkeypatch.setattr("sys.stdin", io.StringIO(TICKETS + '{"id": "C"}\n'))
    assert main(["report", "-", "--at", AT]) == 2
    err = one_error_line(capsys.readouterr().err)
    assert err.startswith("servicemodel report: error: standard input: line 3: ")


def test_staff_plans_channels_with_different_handle_times_only_when_told_how(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --channel: "default: all channels as one queue"; --aht: "default: the tickets'
    # handle_time attribute". Chats of 5 minutes and emails of 15 give no one handle time for
    # the queue of both: the command asks for --aht instead of taking one channel's.
    from servicemodel._staff_cli import main as staff

    lines = [
        f'{{"id": "{c}{i}", "created_at": "2026-03-0{i}T09:00:00Z", "channel": "{c}", '
        f'"attributes": {{"handle_time": {s}}}, "events": []}}'
        for i in (2, 3)
        for c, s in (("chat", 300), ("email", 900))
    ]
    path = tmp_path / "tickets.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert staff([str(path), "--target", "80% in 20s"]) == 2
    line = one_error_line(capsys.readouterr().err, "servicemodel staff")
    assert "--aht: no handle time for all channels together" in line
    assert "pass --aht" in line


@pytest.mark.parametrize("aht", ["chat=3m,chat=5m", "chat=3m,Chat=3m", "email=1m,chat=2m,CHAT=2m"])
def test_staff_refuses_a_channel_whose_handle_time_is_given_twice(
    export: Path, capsys: pytest.CaptureFixture[str], aht: str
) -> None:
    # Which of two handle times would count is not said: bad input, exit 2, naming --aht.
    from servicemodel._staff_cli import main as staff

    argv = [str(export), "--target", "80% in 20s", "--channel", "chat", "--aht", aht]
    assert staff(argv) == 2
    line = one_error_line(capsys.readouterr().err, "servicemodel staff")
    assert "--aht: channel 'chat' is given twice" in line


@given(
    st.integers(-3600, 3600),
    st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m))),
)
def test_vendor_instants_are_refused_only_after_now(seconds: int, offset: timezone) -> None:
    # docs/report.md: --vendor-start-time "one after now ... is refused"; --vendor-read-at
    # "not after now". Compared as instants: now itself, in any offset, is allowed.
    from servicemodel._cli_vendor import check_read_at, check_start_time
    from servicemodel.errors import ConfigError

    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    when = (now + timedelta(seconds=seconds)).astimezone(offset)
    for check in (
        lambda: check_start_time("zendesk", when, ["events.json"], now=now),
        lambda: check_read_at("jira", when, when.isoformat(), policies=True, now=now),
    ):
        if seconds > 0:
            with pytest.raises(ConfigError, match=r"after the time this report is made"):
                check()
        else:
            check()


def test_assess_without_at_has_nothing_to_assess_when_every_ticket_is_in_the_future(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without --at the snapshot is the time the assessment is made (as for the report, whose
    # exit 3 covers "all were created after the time the report is made"): a ticket created
    # in year 9000 is after any clock this runs on, so nothing is assessed and nothing written.
    blueprint = str(Path(__file__).resolve().parent.parent / "examples" / "blueprint.toml")
    path = tmp_path / "tickets.jsonl"
    path.write_text(
        '{"id": "F", "created_at": "9000-01-01T00:00:00+00:00", "events": []}\n', encoding="utf-8"
    )
    out = tmp_path / "assessment.json"
    assert main(["assess", blueprint, str(path), "--format", "json", "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert "nothing to assess: the 1 ticket was created after the time this assessment" in err
    assert not out.exists()
