"""Zoned frame columns read as their instants, whatever zone data the frame library bundles.

polars gives a zoned ``Datetime`` cell to Python as the local time its own bundled zone data
(chrono-tz) give, with the ``ZoneInfo`` of the zone's name attached -- which Python reads
with *its* zone data (the system's zone files, or the ``tzdata`` package). When the two
differ (a government changed its rules and one side is newer), the instant moves by the
difference. Here Python is given made-up zone data for one zone, built as a TZif file (RFC
8536) by the small writer below, so no ``zic`` is needed: the readers must still give the
instants the columns hold (their physical UTC values).
"""

from __future__ import annotations

import struct
import zoneinfo
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

pl = pytest.importorskip("polars")

from servicemodel.calendar import BusinessCalendar  # noqa: E402
from servicemodel.io import eventlog, summary  # noqa: E402

#: A zone no other test reads (so its cached ``ZoneInfo`` is this file's alone): Sri Lanka,
#: at +05:30 since 2006 in the real data, which polars bundles.
KEY = "Asia/Colombo"
REAL = timedelta(hours=5, minutes=30)
#: The made-up rule Python is given: +05:30 until 2020, then +06:30 (as if the clocks had
#: been moved an hour on for good) -- an hour from what polars' data say from 2020 on.
CHANGED_AT = datetime(2020, 1, 1, tzinfo=UTC)
MADE_UP = timedelta(hours=6, minutes=30)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _abbr(offset: int) -> bytes:
    sign, size = ("+" if offset >= 0 else "-"), abs(offset) // 60
    return f"{sign}{size // 60:02d}{size % 60:02d}".encode()


def tzif(first: int, changes: Sequence[tuple[int, int]]) -> bytes:
    """TZif version 2 data (RFC 8536) of a zone at UTC offset ``first`` (seconds) that moves
    to each ``(at, offset)`` of ``changes`` at ``at`` (seconds after 1970), never DST."""
    offsets = list(dict.fromkeys([first, *(offset for _, offset in changes)]))
    names = [_abbr(offset) for offset in offsets]
    chars = b"".join(name + b"\0" for name in names)
    starts = [sum(len(n) + 1 for n in names[:i]) for i in range(len(names))]
    kinds = [offsets.index(offset) for _, offset in changes]

    def block(time_format: str) -> bytes:
        counts = struct.pack(">6l", 0, 0, 0, len(changes), len(offsets), len(chars))
        times = b"".join(struct.pack(time_format, at) for at, _ in changes)
        types = bytes(kinds)
        infos = b"".join(struct.pack(">lBB", o, 0, s) for o, s in zip(offsets, starts, strict=True))
        return b"TZif2" + bytes(15) + counts + times + types + infos + chars

    last = offsets[kinds[-1]] if changes else first
    hours, rest = divmod(abs(last), 3600)
    posix = f"<{_abbr(last).decode()}>{'-' if last > 0 else ''}{hours}:{rest // 60:02d}"
    return block(">l") + block(">q") + f"\n{posix}\n".encode()


@pytest.fixture(scope="module")
def zone_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("zones")
    path = root / KEY
    path.parent.mkdir(parents=True)
    changed = int(CHANGED_AT.timestamp())
    path.write_bytes(tzif(int(REAL.total_seconds()), [(changed, int(MADE_UP.total_seconds()))]))
    return root


@contextmanager
def python_zone_data(root: Path) -> Iterator[None]:
    """Python reads ``KEY`` from ``root`` (every other zone as before) while inside."""
    before = zoneinfo.TZPATH
    zoneinfo.reset_tzpath([str(root), *before])
    ZoneInfo.clear_cache(only_keys=[KEY])
    try:
        yield
    finally:
        zoneinfo.reset_tzpath(before)
        ZoneInfo.clear_cache(only_keys=[KEY])


def physical(column: Any) -> list[datetime | None]:
    """The instants a polars ``Datetime`` column holds, from its UTC values (no zone data)."""
    micros = column.dt.epoch("us").to_list()
    return [None if m is None else EPOCH + timedelta(microseconds=m) for m in micros]


def zoned(times: Sequence[datetime | None]) -> Any:
    """A polars column of ``times`` in ``KEY``, made from UTC in polars."""
    utc = pl.Series("time", list(times), dtype=pl.Datetime("us", "UTC"))
    return utc.dt.convert_time_zone(KEY)


#: Instants on both sides of the made-up change; a day from the ends of the datetime years.
instants = st.datetimes(
    min_value=datetime(1, 1, 3), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)


def test_pythons_made_up_data_differ_from_polars_data(zone_dir: Path) -> None:
    at = datetime(2026, 3, 2, 7, tzinfo=UTC)
    with python_zone_data(zone_dir):
        assert at.astimezone(ZoneInfo(KEY)).utcoffset() == MADE_UP
        assert datetime(2019, 6, 1, tzinfo=UTC).astimezone(ZoneInfo(KEY)).utcoffset() == REAL
        polars_offset = zoned([at]).dt.base_utc_offset().to_list()
    assert polars_offset == [REAL]
    assert at.astimezone(ZoneInfo(KEY)).utcoffset() == REAL  # (and restored after)


@given(times=st.lists(instants, min_size=1, max_size=6))
def test_an_event_log_frame_gives_the_instants_its_column_holds(
    zone_dir: Path, times: list[datetime]
) -> None:
    column = zoned(times)
    df = pl.DataFrame(
        {"case:concept:name": [f"C{i}" for i in range(len(times))],
         "concept:name": ["Open"] * len(times), "time:timestamp": column}
    )  # fmt: skip
    with python_zone_data(zone_dir):
        read = list(eventlog.from_polars(df, status_map={"Open": "open"}))
        zone = ZoneInfo(KEY)
        by_id = {h.id: h.created_at for h in read}
        for i, at in enumerate(physical(column)):
            got = by_id[f"C{i}"]
            assert got == at  # the same instant ...
            assert got.tzinfo is zone  # ... in the zone Python's data give
            assert got.utcoffset() == at.astimezone(zone).utcoffset()


@given(
    rows=st.lists(st.tuples(instants, st.none() | st.timedeltas(timedelta(0), timedelta(days=40))),
                  min_size=1, max_size=6)
)  # fmt: skip
def test_a_summary_frame_gives_the_instants_its_columns_hold(
    zone_dir: Path, rows: list[tuple[datetime, timedelta | None]]
) -> None:
    created = zoned([t for t, _ in rows])
    # (no solve past the instants drawn: one past the datetime years is another test's)
    last = datetime(9999, 12, 30, tzinfo=UTC)
    solved = zoned([None if d is None or t > last - d else t + d for t, d in rows])
    df = pl.DataFrame(
        {"id": [str(i) for i in range(len(rows))], "created_at": created, "solved_at": solved}
    )
    with python_zone_data(zone_dir):
        read = {h.id: h for h in summary.from_polars(df)}
        for i, (at, done) in enumerate(zip(physical(created), physical(solved), strict=True)):
            history = read[str(i)]
            assert history.created_at == at
            assert history.created_at.tzinfo is ZoneInfo(KEY)
            assert history.solved_at() == done


def test_a_pandas_column_in_a_zoneinfo_gives_its_instants(zone_dir: Path) -> None:
    # pandas puts a Timestamp in its zone with that zone's own data (here Python's, for a
    # ZoneInfo zone): the instant is the column's whichever data that is.
    pd = pytest.importorskip("pandas")
    times = [datetime(2019, 12, 31, 20, tzinfo=UTC), datetime(2026, 3, 2, 7, tzinfo=UTC)]
    with python_zone_data(zone_dir):
        zone = ZoneInfo(KEY)
        df = pd.DataFrame(
            {"case:concept:name": ["A", "B"], "concept:name": ["Open", "Open"],
             "time:timestamp": pd.Series(times).dt.tz_convert(zone)}
        )  # fmt: skip
        read = list(eventlog.from_pandas(df, status_map={"Open": "open"}))
        assert [h.created_at for h in read] == times
        assert [h.created_at.utcoffset() for h in read] == [REAL, MADE_UP]


def test_a_calendar_answers_a_far_row_of_a_polars_column_from_its_instant(
    zone_dir: Path,
) -> None:
    # A row centuries long is answered one by one, from the cell as a datetime.
    cal = BusinessCalendar.weekly("UTC", {"mon-sun": "00:00-24:00"})
    start = datetime(2026, 3, 2, 7, tzinfo=UTC)
    far = timedelta(days=365 * 199)
    starts = zoned([start, start])
    with python_zone_data(zone_dir):
        added = cal.add_many(starts, pl.Series([timedelta(hours=1), far]))
        assert physical(added) == [start + timedelta(hours=1), start + far]
