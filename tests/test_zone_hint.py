"""An unknown time zone names the zone the user most likely meant.

``--tz Berlin`` is the usual first try of a new user; the error said only that the zone is
unknown. It now suggests ``Europe/Berlin`` (a city without its area, in any case, spaces for
underscores) or the closest name, and nothing when no name is close.
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.calendar._hours import zone_hint
from servicemodel.cli import main
from servicemodel.errors import ConfigError
from servicemodel.io import eventlog

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Berlin", "Europe/Berlin"),
        ("berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("Europe/Berlni", "Europe/Berlin"),
        ("europe/london", "Europe/London"),
    ],
)
def test_a_mistyped_zone_suggests_the_zone_meant(typed: str, meant: str) -> None:
    assert zone_hint(typed) == f" (did you mean {meant!r}?)"


@pytest.mark.parametrize("typed", ["Mars/Base", "", "../../etc/passwd", "x" * 200])
def test_nothing_close_suggests_nothing(typed: str) -> None:
    assert zone_hint(typed) == ""


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=70))
def test_a_suggestion_is_always_a_real_zone(typed: str) -> None:
    hint = zone_hint(typed)
    if hint:
        name = hint.removeprefix(" (did you mean '").removesuffix("'?)")
        assert name in zoneinfo.available_timezones()


@pytest.mark.parametrize("command", ["report", "assess"])
def test_the_commands_tz_error_suggests_the_zone(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    files = ["examples/data/tickets.jsonl"]
    if command == "assess":
        files.insert(0, "examples/blueprint.toml")
    assert main([command, *files, "--tz", "Berlin"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"servicemodel {command}: error: --tz: unknown time zone 'Berlin' "
        "(did you mean 'Europe/Berlin'?)\n"
    )


def test_calendars_and_event_logs_suggest_the_zone_too() -> None:
    with pytest.raises(ConfigError, match=r"tz: unknown time zone 'Berlin' \(did you mean "):
        BusinessCalendar.weekly("Berlin", {"mon-fri": "09:00-17:00"})
    rows = ["case,activity,time", "T1,Opened,2026-03-02 09:00"]
    with pytest.raises(ConfigError, match=r"'Europe/Berlin'\?\)"):
        eventlog.load(rows, tz="Berlin").collect()
