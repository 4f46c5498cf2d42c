"""The command line's hint for a naive --at/--since/--until: the offset of the report's zone.

docs/report.md: an instant option needs its UTC offset; a value without one is refused, and
the message shows what to write. The example takes the offset the report's zone (``--tz``)
has at that wall time, so copying it gives the local time the user meant in that zone.
"""

from __future__ import annotations

import contextlib
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemodel.cli import main

EXPORT = Path(__file__).resolve().parents[1] / "examples" / "data" / "tickets.jsonl"
AT = "2026-06-30T00:00:00+00:00"
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"]


def _suggestion(err: str) -> str:
    found = re.search(r"write e\.g\. (\S+)\s*$", err.strip().splitlines()[-1])
    assert found is not None, err
    return found[1]


@given(
    name=st.sampled_from(ZONES),
    # Past years (rules known), whole minutes; a wall time in a DST gap or fold is skipped.
    wall=st.datetimes(datetime(2000, 1, 1), datetime(2025, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
    option=st.sampled_from(["--since", "--until"]),
)
def test_the_example_is_the_wall_time_in_the_report_zone(
    name: str, wall: datetime, option: str
) -> None:
    zone = ZoneInfo(name)
    there = wall.replace(tzinfo=zone)
    # A wall time that does not exist, or exists twice, has no single offset to suggest.
    round_trip = there.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    other = wall.replace(tzinfo=zone, fold=1).utcoffset()
    assume(round_trip == wall and other == there.utcoffset())
    text = wall.strftime("%Y-%m-%dT%H:%M")
    argv = ["report", str(EXPORT), "--at", AT, "--tz", name, option, text]
    err_out = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err_out):
        assert main(argv) == 2
    err = err_out.getvalue()
    assert f"in --tz {name}, write e.g. " in err
    fixed = datetime.fromisoformat(_suggestion(err))
    assert fixed.replace(tzinfo=None) == wall
    assert fixed.utcoffset() == there.utcoffset()


def test_a_date_in_berlin_summer_suggests_plus_two(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 1 October 2026 is in CEST (UTC+2; summer time ends on 25 October 2026).
    argv = ["report", str(EXPORT), "--at", AT, "--tz", "Europe/Berlin", "--since", "2026-10-01"]
    assert main(argv) == 2
    assert _suggestion(capsys.readouterr().err) == "2026-10-01T00:00+02:00"


def test_without_tz_the_default_zone_utc_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    # --tz defaults to UTC: the example says so rather than a made-up +01:00.
    assert main(["report", str(EXPORT), "--at", "2026-03-01"]) == 2
    err = capsys.readouterr().err
    assert "in --tz UTC, write e.g. 2026-03-01T00:00+00:00" in err


def test_an_offset_with_seconds_is_written_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    # Amsterdam's mean time until 1937 was UTC+00:19:32 (tz database); 1900 is inside it.
    argv = ["report", str(EXPORT), "--at", "1900-06-01T12:00", "--tz", "Europe/Amsterdam"]
    assert main(argv) == 2
    fixed = _suggestion(capsys.readouterr().err)
    assert fixed == "1900-06-01T12:00+00:19:32"
    assert datetime.fromisoformat(fixed).utcoffset() == timedelta(minutes=19, seconds=32)
