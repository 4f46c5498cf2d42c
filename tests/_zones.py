"""Facts about DST changes, read from the zone data the tests run with, never pinned.

Python reads the IANA zone data it finds (the system's zone files first, else the ``tzdata``
package), dateutil the system's or its own bundled copy. Governments change their rules,
sometimes with weeks of notice (Chile moved its September change in 2022, Mexico dropped DST
in 2022, Paraguay in 2024): a test that pins a future change would turn red with newer data,
and one that pins the newer rule red with older data, without any bug. A test that needs a
day whose midnight does not exist, or a change of a given size, takes it from here: the
concrete example its comments describe while the data in use still say so, else what the data
give -- the first day after it whose midnight does not exist, in its zone or another that has
such days (``midnight_gap``); the first change of that size in the zone from the example's
year on, else the last one before it, a past change data of any year agree on
(``change_like``). Finding none is a failure naming the zones and the data, never a skipped
test: the code paths these tests exist for would go unchecked.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil import tz as dateutil_tz

#: How far the searches look: a rule changed now applies within a few years, and a zone that
#: has no change of the kind asked for in 15 years has dropped it.
SEARCH_YEARS = 15

#: Zones whose clocks jump at local midnight on some days (a day that begins at 01:00), the
#: first one the concrete example's; the rest stand in when a government drops the change.
MIDNIGHT_ZONES = ("America/Santiago", "America/Havana", "Asia/Beirut", "Africa/Cairo")

ZoneReader = Callable[[str], tzinfo]


def zoneinfo_zone(name: str) -> tzinfo:
    return ZoneInfo(name)


def dateutil_zone(name: str) -> tzinfo:
    zone = dateutil_tz.gettz(name)
    assert zone is not None, f"dateutil has no zone {name!r}"
    return zone


#: The two readers of the zone data the tests check: Python's and dateutil's.
READERS: dict[str, ZoneReader] = {"zoneinfo": zoneinfo_zone, "dateutil": dateutil_zone}


def data_version() -> str:
    """Which zone data ``zoneinfo`` reads, for failure messages (``tzdata 2025b``)."""
    for root in zoneinfo.TZPATH:
        zi = Path(root) / "tzdata.zi"
        if zi.is_file():
            with zi.open(encoding="utf-8") as f:
                return f"{f.readline().strip().lstrip('# ')} in {root}"
        if (Path(root) / "Etc" / "UTC").is_file():
            return f"the zone files in {root}"
    try:
        import tzdata  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return "zone data of unknown version"
    return f"the tzdata package's {tzdata.IANA_VERSION}"


def wall_exists(wall: datetime) -> bool:
    """Whether a clock in ``wall``'s zone ever shows ``wall``: read back from UTC it is the
    same wall time. A wall time in a DST gap comes back another one (for any ``tzinfo``)."""
    zone = wall.tzinfo
    assert zone is not None
    return wall.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None)


def midnight_exists(day: date, zone: tzinfo) -> bool:
    return wall_exists(datetime(day.year, day.month, day.day, tzinfo=zone))


def midnight_gaps(zone: tzinfo, first: date, last: date) -> list[date]:
    """The days ``first..last`` whose local midnight does not exist in ``zone``."""
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [day for day in days if not midnight_exists(day, zone)]


def first_instant(day: date, zone: tzinfo) -> datetime:
    """The first instant, in UTC, whose local date in ``zone`` is ``day``.

    Found by bisection over whole seconds (the zone data's changes fall on whole seconds), so
    it does not lean on how a ``tzinfo`` reads a wall time in a gap: midnight where midnight
    exists, else the instant the clocks jump. For a day whose start is not repeated (a change
    that moves the clocks back across midnight gives two).
    """
    low = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=26)
    high = low + timedelta(hours=52)  # offsets lie within a day: low is before, high after
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) // 2
        middle = middle.replace(microsecond=0)
        if middle.astimezone(zone).date() >= day:
            high = middle
        else:
            low = middle
    return high


class Change(NamedTuple):
    """A change of a zone's offset: the instant (UTC) and the offsets before and after it."""

    at: datetime
    before: timedelta
    after: timedelta

    @property
    def wall_before(self) -> datetime:
        """The wall time a clock showed when the change came (naive): ``02:00`` for most."""
        return (self.at + self.before).replace(tzinfo=None)

    @property
    def wall_after(self) -> datetime:
        """The wall time the clocks were set to (naive): ``01:30`` for 02:00 back 30 minutes."""
        return (self.at + self.after).replace(tzinfo=None)


def changes(zone: tzinfo, start: datetime, end: datetime) -> list[Change]:
    """The offset changes of ``zone`` from ``start`` to ``end`` (aware), in order.

    Read every hour, then bisected to the second: no zone has changed its offset twice within
    an hour.
    """
    found, t = [], start.astimezone(UTC)
    step, offset = timedelta(hours=1), _offset(start, zone)
    while t < end:
        after = _offset(t + step, zone)
        if after != offset:
            low, high = t, t + step
            while high - low > timedelta(seconds=1):
                middle = (low + (high - low) // 2).replace(microsecond=0)
                low, high = (middle, high) if _offset(middle, zone) == offset else (low, middle)
            found.append(Change(high, offset, after))
            offset = after
        t += step
    return found


def _offset(t: datetime, zone: tzinfo) -> timedelta:
    offset = t.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def first_change(
    zone: tzinfo, start: datetime, kind: Callable[[Change], bool], *, what: str
) -> Change:
    """The first change of ``zone`` on or after ``start`` that ``kind`` accepts, within
    ``SEARCH_YEARS`` years; a failure naming ``what`` was sought when the data give none."""
    end = start + timedelta(days=365 * SEARCH_YEARS)
    for change in changes(zone, start, end):
        if kind(change):
            return change
    raise AssertionError(
        f"{zone} has no {what} from {start:%Y-%m-%d} to {end:%Y-%m-%d} in {data_version()}: "
        f"the rule was dropped; the test needs a zone whose data still have one"
    )


class MidnightGap(NamedTuple):
    """A zone's day whose midnight does not exist, with what the data say of it."""

    zone: str
    day: date
    begins: datetime  # the first instant of that day, in UTC
    shown: str  # that instant as a clock in the zone shows it, in ISO 8601

    @property
    def as_example(self) -> tuple[str, date]:
        return (self.zone, self.day)


#: The concrete example the tests describe: in Chile the clocks jump from 00:00 -04 to
#: 01:00 -03 on the first Sunday of September (the rule since 2023): 2026-09-06, at 04:00 UTC.
SANTIAGO_2026 = MidnightGap(
    "America/Santiago",
    date(2026, 9, 6),
    datetime(2026, 9, 6, 4, tzinfo=UTC),
    "2026-09-06T01:00:00-03:00",
)


def midnight_gap(
    reader: str = "zoneinfo",
    example: MidnightGap = SANTIAGO_2026,
    zones: Iterable[str] = MIDNIGHT_ZONES,
) -> MidnightGap:
    """A day whose midnight does not exist, in the data ``reader`` reads.

    ``example`` while those data say its day begins at its instant, shown as it says; else
    the first such day after it in ``example``'s zone, else in the first of ``zones`` that has
    one, from the example's year on; a failure when none has one within ``SEARCH_YEARS`` years.
    """
    read = READERS[reader]
    if _gap(example.zone, example.day, read) == example:
        return example
    last = date(example.day.year + SEARCH_YEARS, 12, 31)
    names = list(dict.fromkeys([example.zone, *zones]))
    for name in names:
        start = example.day if name == example.zone else date(example.day.year, 1, 1)
        found = midnight_gaps(read(name), start, last)
        gap = _gap(name, found[0], read) if found else None
        if gap is not None:
            return gap
    raise AssertionError(
        f"no day whose midnight does not exist in {names} from "
        f"{example.day.year} to {last.year} in {data_version()} (read with {reader}): the "
        f"test needs a zone whose clocks still jump at midnight"
    )


def _gap(name: str, day: date, read: ZoneReader) -> MidnightGap | None:
    """``day`` in the zone ``name`` as the data say it begins, if its midnight does not exist."""
    zone = read(name)
    if midnight_exists(day, zone):
        return None
    begins = first_instant(day, zone)
    return MidnightGap(name, day, begins, begins.astimezone(zone).isoformat())


def change_like(name: str, example: Change) -> Change:
    """A change of the zone ``name`` by as much as ``example``, in the data Python reads.

    ``example`` while the data still have it; else the first change of that size from the
    start of ``example``'s year on; else, when the zone dropped such changes, the last one
    before that year (a past change: data of any year agree on it). A failure names the zone
    and the data when it never had one.
    """
    zone, size = ZoneInfo(name), example.after - example.before
    around = changes(zone, example.at - timedelta(hours=2), example.at + timedelta(hours=2))
    if around == [example]:
        return example
    year = datetime(example.at.year, 1, 1, tzinfo=UTC)
    later = changes(zone, year, year + timedelta(days=365 * SEARCH_YEARS))
    earlier = changes(zone, year - timedelta(days=365 * SEARCH_YEARS), year)
    found = [c for c in later if c.after - c.before == size]
    found += [c for c in reversed(earlier) if c.after - c.before == size]
    if not found:
        raise AssertionError(
            f"{name} has no change of {size} within {SEARCH_YEARS} years of {example.at:%Y} in "
            f"{data_version()}: the test needs a zone whose data have one"
        )
    return found[0]


_H = timedelta(hours=1)

#: Lord Howe Island moves its clocks by 30 minutes at 02:00: back (02:00+11:00 -> 01:30+10:30)
#: on the first Sunday of April, forward (02:00+10:30 -> 02:30+11:00) on the first of October.
LORD_HOWE_BACK_2026 = Change(datetime(2026, 4, 4, 15, tzinfo=UTC), 11 * _H, 10.5 * _H)
LORD_HOWE_FORWARD_2026 = Change(datetime(2026, 10, 3, 15, 30, tzinfo=UTC), 10.5 * _H, 11 * _H)
#: The Chatham Islands change at 02:45 standard time: back from 03:45+13:45 to 02:45+12:45 on
#: the first Sunday of April, forward from 02:45+12:45 to 03:45+13:45 on the last of September.
CHATHAM_BACK_2026 = Change(datetime(2026, 4, 4, 14, tzinfo=UTC), 13.75 * _H, 12.75 * _H)
CHATHAM_FORWARD_2026 = Change(datetime(2026, 9, 26, 14, tzinfo=UTC), 12.75 * _H, 13.75 * _H)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def opening_around(change: Change, before: timedelta, after: timedelta) -> dict[str, str]:
    """Weekly business hours on the day of ``change``: from ``before`` before the wall time the
    clocks showed as it came to ``after`` after it (``{"sun": "01:00-03:00"}`` around a change
    at 02:00 on a Sunday), for ``BusinessCalendar.weekly``."""
    day = change.wall_before.date()
    start, end = change.wall_before - before, change.wall_before + after
    midnight = datetime(day.year, day.month, day.day)
    assert midnight <= start <= end <= midnight + timedelta(days=1), (
        f"{change} is too near midnight for hours from {before} before it to {after} after it"
    )
    until = "24:00" if end.date() > day else f"{end:%H:%M}"
    return {WEEKDAYS[day.weekday()]: f"{start:%H:%M}-{until}"}


#: Chile puts its clocks back from 00:00-03:00 to 23:00-04:00 on the first Sunday of April
#: (the rule since 2019): 23:00-23:59 on Saturday 2026-04-04 happens twice.
SANTIAGO_BACK_2026 = Change(datetime(2026, 4, 5, 3, tzinfo=UTC), -3 * _H, -4 * _H)
