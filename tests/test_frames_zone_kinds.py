"""Local times read with ``tz=`` give the same instants whatever kind of zone names the zone.

The rule (DOMAIN.md, "DST"): a naive local time maps to an instant as ``zoneinfo`` maps it
with fold=0 -- a time in a spring-forward gap moves forward by the gap, a repeated time takes
its first occurrence. Law: for any naive wall time, including the gaps and folds around real
DST changes of a few zones, reading it with ``tz=`` given as the zone's name, a ``ZoneInfo``,
a pytz zone (when pytz is installed) or a dateutil zone gives the instant of that rule (or
the same error). The reference instant is computed here with the standard library alone.
Frames (pandas, polars) and the CSV event log read with ``tz=`` the same way.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ServiceModelError
from servicemodel.io import eventlog
from servicemodel.io.eventlog import parse_timestamp

dateutil_tz = pytest.importorskip("dateutil.tz")

#: Zones with DST changes of different shapes: a one-hour change in spring and autumn (from
#: an offset of zero in London), a 30-minute one (Lord Howe), changes at midnight (Sao Paulo,
#: until 2019), a skipped day (Apia, December 2011), and no DST since 1945 (Kolkata).
NAMES = (
    "Europe/Amsterdam",
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Pacific/Apia",
    "Asia/Kolkata",
)

#: dateutil reads only a zone file's 32-bit part: a zone it builds from such a file holds
#: the database's offsets only between these years.
DATEUTIL_DATA = (datetime(1902, 1, 1), datetime(2037, 12, 31))


def _changes(name: str, start: int = 1990, end: int = 2030) -> list[tuple[datetime, timedelta]]:
    """(the naive local time just before the change, the change) for each offset change.

    Found from ``ZoneInfo``'s offsets at UTC instants (a day apart, then a minute apart):
    the code under test is not used.
    """
    zone = ZoneInfo(name)

    def offset(utc: datetime) -> timedelta:
        shift = utc.astimezone(zone).utcoffset()
        assert shift is not None
        return shift

    found = []
    day = datetime(start, 1, 1, tzinfo=UTC)
    while day.year < end:
        nxt = day + timedelta(days=1)
        if offset(day) != offset(nxt):
            lo, hi = day, nxt
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                lo, hi = (mid, hi) if offset(mid) == offset(day) else (lo, mid)
            wall = (hi.replace(tzinfo=None) + offset(lo)).replace(second=0, microsecond=0)
            found.append((wall, offset(hi) - offset(lo)))
        day = nxt
    return found


CHANGES = {name: _changes(name) for name in NAMES}


def _kinds(name: str) -> dict[str, tzinfo | str]:
    """Every kind of zone a user may pass for ``name``."""
    kinds: dict[str, tzinfo | str] = {"name": name, "zoneinfo": ZoneInfo(name)}
    if importlib.util.find_spec("pytz") is not None:
        import pytz

        kinds["pytz"] = pytz.timezone(name)
    gettz = dateutil_tz.gettz(name)
    assert gettz is not None
    kinds["dateutil"] = gettz
    return kinds


@functools.cache
def _dateutil_from_bytes(name: str) -> tzinfo:
    """A dateutil zone built from the zone file's bytes: no name to take it by."""
    from zoneinfo import TZPATH

    for root in TZPATH:
        path = Path(root, name)
        if path.is_file():
            return dateutil_tz.tzfile(io.BytesIO(path.read_bytes()))  # type: ignore[no-any-return]
    pytest.skip("no zone files on this machine")


def _expected(wall: datetime, name: str) -> datetime:
    """The rule: zoneinfo with fold=0."""
    return wall.replace(tzinfo=ZoneInfo(name), fold=0).astimezone(UTC)


def _read(wall: datetime, tz: tzinfo | str) -> datetime | type[ServiceModelError]:
    try:
        return parse_timestamp(wall.isoformat(sep=" "), tz=tz).astimezone(UTC)
    except ServiceModelError as exc:
        return type(exc)


@st.composite
def near_changes(draw: st.DrawFn) -> tuple[str, datetime]:
    """A zone and a naive wall time within three hours of one of its changes (gaps, folds)."""
    name = draw(st.sampled_from(NAMES))
    changes = CHANGES[name]
    if not changes:
        return name, draw(st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1)))
    wall, _change = draw(st.sampled_from(changes))
    minutes = draw(st.integers(-180, 180))
    seconds = draw(st.integers(0, 59))
    return name, wall + timedelta(minutes=minutes, seconds=seconds)


def test_the_zones_have_gaps_and_folds() -> None:
    # The drawn times reach both shapes: changes forward (gaps) and back (folds).
    shapes = {change > timedelta(0) for changes in CHANGES.values() for _, change in changes}
    assert shapes == {True, False}
    assert any(change == timedelta(minutes=30) for _, change in CHANGES["Australia/Lord_Howe"])


@given(drawn=near_changes())
def test_every_zone_kind_reads_a_time_near_a_change_by_the_rule(
    drawn: tuple[str, datetime],
) -> None:
    name, wall = drawn
    expected = _expected(wall, name)
    for kind, tz in _kinds(name).items():
        assert _read(wall, tz) == expected, kind


@given(drawn=near_changes())
def test_a_dateutil_zone_without_a_name_follows_the_rule_too(
    drawn: tuple[str, datetime],
) -> None:
    # Read through its own offsets (no name to take it by), inside the years its data holds.
    name, wall = drawn
    assert _read(wall, _dateutil_from_bytes(name)) == _expected(wall, name)


@given(name=st.sampled_from(NAMES), wall=st.datetimes(*DATEUTIL_DATA))
def test_any_wall_time_reads_the_same_in_every_kind(name: str, wall: datetime) -> None:
    kinds = {**_kinds(name), "dateutil-bytes": _dateutil_from_bytes(name)}
    read = {kind: _read(wall, tz) for kind, tz in kinds.items()}
    assert set(read.values()) == {_expected(wall, name)}, read


@given(name=st.sampled_from(NAMES), wall=st.datetimes())
def test_any_year_reads_the_same_or_fails_the_same(name: str, wall: datetime) -> None:
    # Past the years dateutil's own data holds, its database zones are read by their name.
    read = {kind: _read(wall, tz) for kind, tz in _kinds(name).items()}
    assert len(set(read.values())) == 1, read


def test_the_example_of_the_issue() -> None:
    # 02:30 on 2026-03-29 does not exist in Amsterdam (02:00 CET -> 03:00 CEST): the offset
    # before the change (+01:00) applies, so it reads as 01:30 UTC, shown as 03:30 CEST.
    wall = datetime(2026, 3, 29, 2, 30)
    for tz in [*_kinds("Europe/Amsterdam").values(), _dateutil_from_bytes("Europe/Amsterdam")]:
        read = parse_timestamp("2026-03-29 02:30", tz=tz)
        assert read.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
        assert read.replace(tzinfo=None) == wall + timedelta(hours=1)


def test_a_fixed_offset_or_a_posix_rule_zone_is_read_through_its_offsets() -> None:
    # A dateutil rule zone (no zone file) gets the rule from its own offsets.
    cet = dateutil_tz.tzstr("CET-1CEST,M3.5.0,M10.5.0/3")
    assert parse_timestamp("2026-03-29 02:30", tz=cet).astimezone(UTC) == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )
    assert parse_timestamp("2026-10-25 02:30", tz=cet).astimezone(UTC) == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )
    fixed = dateutil_tz.tzoffset(None, 3600)
    assert parse_timestamp("2026-03-29 02:30", tz=fixed).astimezone(UTC) == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )


# --- frames and the CSV event log ------------------------------------------------------------


OPTIONS: dict[str, Any] = {"status_map": {"Opened": "open"}}


def _log(walls: list[datetime]) -> list[dict[str, Any]]:
    return [
        {"case:concept:name": str(i), "concept:name": "Opened", "time:timestamp": w}
        for i, w in enumerate(walls)
    ]


def _created(read: Callable[[Any], Any], tz: tzinfo | str) -> list[datetime]:
    return [h.ticket.created_at.astimezone(UTC) for h in read(tz)]


def _readers(walls: list[datetime]) -> dict[str, Callable[[Any], Any]]:
    rows = _log(walls)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows({**r, "time:timestamp": r["time:timestamp"].isoformat(sep=" ")} for r in rows)
    lines = text.getvalue().splitlines()
    readers: dict[str, Callable[[Any], Any]] = {
        "csv": lambda tz: eventlog.histories(csv.DictReader(lines), tz=tz, **OPTIONS).collect(),
    }
    if importlib.util.find_spec("pandas") is not None:
        import pandas as pd

        frame = pd.DataFrame(rows)
        readers["pandas"] = lambda tz: eventlog.from_pandas(frame, tz=tz, **OPTIONS).collect()
    if importlib.util.find_spec("polars") is not None:
        import polars as pl

        pl_frame = pl.DataFrame(rows)
        readers["polars"] = lambda tz: eventlog.from_polars(pl_frame, tz=tz, **OPTIONS).collect()
    return readers


@given(drawn=st.lists(near_changes(), min_size=1, max_size=4), name=st.sampled_from(NAMES))
def test_frames_and_the_csv_log_read_local_times_by_the_rule(
    drawn: list[tuple[str, datetime]], name: str
) -> None:
    walls = [wall.replace(second=0) for _, wall in drawn]
    expected = sorted(_expected(w, name) for w in walls)
    kinds = {**_kinds(name), "dateutil-bytes": _dateutil_from_bytes(name)}
    for reader_name, read in _readers(walls).items():
        for kind, tz in kinds.items():
            assert sorted(_created(read, tz)) == expected, (reader_name, kind)
