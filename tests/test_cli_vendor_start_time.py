"""``--vendor-start-time``: the Zendesk incremental export's ``start_time`` on the command line.

``zendesk_verdicts(start_time=...)`` tells a breach whose clock began before the export (its
SLA applied before it) from one whose policy is unknown; the pages do not say where the export
began, so the report command takes it as an option: ISO 8601 with an offset, or the Unix time
of the export's URL. A naive instant, a source other than Zendesk and a run without
``--vendor-sla`` are refused, each naming the option (and the value it cannot read).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import _parse_start_time, main
from servicemodel.errors import ConfigError

DATA = Path(__file__).parent / "data" / "zendesk"
EXPORT = [str(DATA / n) for n in ("tickets_page1.json", "tickets_page2.json", "audits.jsonl")]
SLA = ["--map", str(DATA / "map.toml"), "--policy", str(DATA / "policy.toml"),
       "--at", "2026-03-06T00:00:00Z"]  # fmt: skip
UNKNOWN = "vendor's policy unknown: no apply_sla before its breach among Zendesk's events"
BEFORE = (
    "vendor's policy unknown: its clock started before the export's start_time "
    "2026-03-02T09:00:00+00:00, so its SLA was applied before the export"
)


def _events(tmp_path: Path) -> str:
    """Ticket 1001's first reply breached with no apply_sla (nor activate) among the events:
    ours is achieved, so the clock disagrees and its reason carries the note."""
    breach = {"id": 1, "ticket_id": 1001, "metric": "reply_time", "instance_id": 1,
              "type": "breach", "time": "2026-03-02T09:30:00Z"}  # fmt: skip
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"ticket_metric_events": [breach]}), encoding="utf-8")
    return str(path)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["report", "--source", "zendesk", *EXPORT, *SLA, *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "given_as", ["2026-03-02T09:00:00Z", "2026-03-02T10:00+01:00", "1772442000"]
)
def test_the_start_time_turns_the_note_into_applied_before_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], given_as: str
) -> None:
    events = _events(tmp_path)
    code, out, _ = _run(["--vendor-sla", events, "--vendor-start-time", given_as], capsys)
    assert code == 0
    assert BEFORE in out
    assert UNKNOWN not in out
    # Without it, the command line cannot tell: the first note, as before.
    code, out, _ = _run(["--vendor-sla", events], capsys)
    assert code == 0
    assert UNKNOWN in out
    assert "before the export" not in out


def test_a_naive_start_time_is_refused_naming_the_option_and_the_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--vendor-sla", _events(tmp_path), "--vendor-start-time", "2026-03-02T09:00"]
    code, out, err = _run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.strip() == (
        "servicemodel report: error: --vendor-start-time: '2026-03-02T09:00' has no UTC "
        "offset; write e.g. 2026-03-02T09:00+01:00"
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("yesterday", "--vendor-start-time: not an ISO 8601 instant: 'yesterday'"),
        (
            "2026-03-02",
            "--vendor-start-time: '2026-03-02' has no UTC offset; write e.g. "
            "2026-03-02T00:00+01:00",
        ),
        ("9" * 30, f"--vendor-start-time: '{'9' * 30}' is no Unix time a date can have"),
    ],
)
def test_an_unreadable_start_time_names_the_option_and_the_value(text: str, said: str) -> None:
    with pytest.raises(ConfigError) as info:
        _parse_start_time(text)
    assert str(info.value).startswith(said)


def test_a_start_time_nothing_would_read_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without --vendor-sla: no metric event to date.
    code, _, err = _run(["--vendor-start-time", "1772442000"], capsys)
    assert code == 2
    assert "--vendor-start-time: is where a Zendesk incremental export began" in err
    assert "none were given" in err
    # With another source: it has no incremental export.
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"results": [], "total": 0}), encoding="utf-8")
    code = main(["report", "--source", "freshdesk", str(page), "--vendor-start-time",
                 "1772442000"])  # fmt: skip
    assert code == 2
    assert "--source freshdesk has no such export: leave it out" in capsys.readouterr().err


@pytest.mark.parametrize("given_as", ["2999-01-01T00:00:00Z", "32472144000"])
def test_a_start_time_after_now_is_refused_naming_the_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], given_as: str
) -> None:
    """An export starts before it is fetched: read as given, a start_time in the future would
    say every clock of the export began before it. Refused as --vendor-read-at refuses one."""
    code, out, err = _run(["--vendor-sla", _events(tmp_path), "--vendor-start-time", given_as],
                          capsys)  # fmt: skip
    assert code == 2
    assert out == ""
    assert f"--vendor-start-time: '{given_as}' is after the time this report is made (" in err
    assert "the export started before it was fetched; a typo?" in err


def test_help_lists_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    assert "--vendor-start-time INSTANT" in out
    assert "start_time" in out


#: A day's margin from either end of datetime's range: any offset's ISO form stays in it.
_DAY = 86_400


@settings(max_examples=50, deadline=None)
@given(st.integers(_DAY, 253402300799 - _DAY), st.integers(-14 * 60, 14 * 60))
def test_the_unix_time_and_the_iso_form_of_one_instant_read_the_same(
    seconds: int, offset_minutes: int
) -> None:
    # The law: the Unix time of an export's URL and the same instant written in ISO 8601 with
    # any offset give the same start_time, an aware instant in UTC.
    instant = datetime.fromtimestamp(seconds, UTC)
    shown = instant.astimezone(timezone(timedelta(minutes=offset_minutes))).isoformat()
    assert _parse_start_time(str(seconds)) == _parse_start_time(shown) == instant


@pytest.mark.parametrize("text", ["-5", " -1772442000 "])
def test_a_negative_unix_time_is_refused_as_one_before_1970(text: str) -> None:
    # It is a Unix time (the export's start_time is whole seconds since 1970), not text that
    # is "not an ISO 8601 instant": said as such, naming the value.
    with pytest.raises(ConfigError) as info:
        _parse_start_time(text)
    said = str(info.value)
    assert said.startswith(f"--vendor-start-time: {text!r} is a Unix time before 1970")
    assert "not an ISO 8601 instant" not in said


def test_a_negative_unix_time_on_the_command_line_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(["--vendor-sla", _events(tmp_path), "--vendor-start-time=-5"], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(
        "servicemodel report: error: --vendor-start-time: '-5' is a Unix time before 1970"
    )
    assert err.count("\n") == 1
