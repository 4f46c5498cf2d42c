"""Period keys: a fixed range is compared as instants, and a fill names its period.

Found by checking per-period results against an independent pandas reference:

* ``periods(unit, start, end)`` compared two datetimes of one zone by wall clock, so an end in
  the repeated hour of a DST change (``fold=1``) looked earlier than a start before it, and a
  valid range was refused as empty.
* ``by(periods("week"), acc, fill=[a Wednesday])`` listed the Wednesday as a second segment
  beside its week's Monday: two rows labelled ``2026-W10``, one of them empty.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _zones import midnight_gap
from servicemodel.errors import ConfigError, InputTypeError, NaiveDatetimeError
from servicemodel.kpi import ReopenRate, ResolutionRate, by, periods
from servicemodel.model import Ticket, TicketHistory
from servicemodel.strategies import aware_datetimes

UNITS = ["day", "week", "month", "quarter"]
DST_ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago"]
BERLIN = ZoneInfo("Europe/Berlin")

near_2026 = aware_datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31), timezones=DST_ZONES
)


def ticket(at: datetime, name: str = "T") -> TicketHistory:
    return TicketHistory(Ticket(name, at), [])


def fall_backs(tz: str) -> list[datetime]:
    """The instants (UTC) in 2026 at which ``tz`` turns its clocks back: a wall time repeats."""
    zone, found = ZoneInfo(tz), []
    t = datetime(2026, 1, 1, tzinfo=UTC)
    while t.year == 2026:
        after = t + timedelta(minutes=30)
        if after.astimezone(zone).utcoffset() < t.astimezone(zone).utcoffset():  # type: ignore[operator]
            found.append(after)
        t = after
    return found


@st.composite
def around_a_fall_back(draw: Any) -> tuple[str, datetime, datetime]:
    """A zone and two instants near one of its fall-backs (so often in its repeated hour)."""
    tz = draw(st.sampled_from(DST_ZONES))
    at = draw(st.sampled_from(fall_backs(tz)))
    seconds = st.integers(-5400, 5400)
    a, b = (at + timedelta(seconds=draw(seconds)) for _ in range(2))
    return tz, a, b


@given(
    around_a_fall_back() | st.tuples(st.sampled_from(DST_ZONES), near_2026, near_2026),
    st.sampled_from(UNITS),
)
def test_a_range_is_empty_exactly_when_its_end_is_not_after_its_start(
    bounds: tuple[str, datetime, datetime], unit: str
) -> None:
    tz, start, end = bounds
    # Both bounds in the periods' own zone: the case where wall clocks and instants differ.
    start, end = start.astimezone(ZoneInfo(tz)), end.astimezone(ZoneInfo(tz))
    if end.astimezone(UTC) <= start.astimezone(UTC):
        with pytest.raises(ConfigError, match="end must be after start"):
            periods(unit, start, end, tz=tz)  # type: ignore[arg-type]
        return
    key = periods(unit, start, end, tz=tz)  # type: ignore[arg-type]
    # Every instant of [start, end) is in the range, its end is not.
    inside = by(key, ResolutionRate.empty()).add_many([ticket(start, "S"), ticket(end, "E")])
    assert inside.dropped == 1
    assert sum(e.n for e in inside.result().values()) == 1


def test_an_end_in_the_repeated_hour_after_a_start_before_it_is_a_range() -> None:
    start = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)  # 00:30 UTC, summer time
    end = datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=BERLIN)  # 01:10 UTC, winter time
    key = periods("day", start, end, tz="Europe/Berlin")
    assert key.bounds() == (date(2026, 10, 25), date(2026, 10, 25))
    at = datetime(2026, 10, 25, 0, 45, tzinfo=UTC)  # 02:45 summer time, between the two
    assert key(ticket(at)) == date(2026, 10, 25)
    with pytest.raises(ConfigError, match="end must be after start"):
        periods("day", end, start, tz="Europe/Berlin")


@given(
    st.lists(near_2026, max_size=6),
    st.lists(st.dates(date(2025, 12, 1), date(2027, 1, 31)), max_size=4),
    st.sampled_from(UNITS),
    st.sampled_from(DST_ZONES),
)
def test_a_fill_lists_its_period_once_and_the_periods_stay_contiguous(
    instants: list[datetime], fill: list[date], unit: str, tz: str
) -> None:
    key = periods(unit, tz=tz)  # type: ignore[arg-type]
    hs = [ticket(t, f"T{i}") for i, t in enumerate(instants)]
    res = by(key, ResolutionRate.empty(), fill=fill).add_many(hs).result()
    starts = list(res)
    assert all(key.floor_date(s) == s for s in starts)  # every segment is a period's start
    labels = [key.label(s) for s in starts]
    assert len(labels) == len(set(labels))
    assert all(b == a + key.step for a, b in itertools.pairwise(starts))  # no gap, no extra
    assert {key.floor_date(d) for d in fill} <= set(starts)
    assert sum(e.n for e in res.values()) == len(hs)  # the periods partition the tickets
    # The same fill given as any day of its period is the same accumulator: they merge.
    again = by(key, ReopenRate.empty(), fill=[key.floor_date(d) for d in fill])
    assert (by(key, ReopenRate.empty(), fill=fill) + again).result() == by(
        key, ReopenRate.empty(), fill=fill
    ).result()


def test_a_fill_of_a_mid_week_day_is_its_week() -> None:
    t = ticket(datetime(2026, 3, 2, 9, tzinfo=BERLIN))
    weekly = by(periods("week"), ResolutionRate.empty(), fill=[date(2026, 3, 4), date(2026, 3, 18)])
    res = weekly.add(t).result()
    assert [(periods("week").label(k), e.n) for k, e in res.items()] == [
        ("2026-W10", 1),
        ("2026-W11", 0),
        ("2026-W12", 0),
    ]
    # An aware instant names the period of its local day: Sunday 23:30 UTC is Monday in Berlin.
    late = datetime(2026, 3, 8, 23, 30, tzinfo=UTC)
    res = by(periods("week", tz="Europe/Berlin"), ResolutionRate.empty(), fill=[late]).result()
    assert list(res) == [date(2026, 3, 9)]


@pytest.mark.parametrize(
    ("fill", "error", "message"),
    [
        (["2026-03-04"], InputTypeError, r"fill\[0\]: a period key's segments are dates"),
        ([None], InputTypeError, r"fill\[0\]: a period key's segments are dates"),
        ([datetime(2026, 3, 4)], NaiveDatetimeError, r"fill\[0\]"),
        ([date(2026, 3, 4), date(2026, 5, 4)], ConfigError, r"fill\[1\].*outside the periods"),
    ],
)
def test_a_fill_that_names_no_period_of_the_range_is_refused(
    fill: list[Any], error: type[Exception], message: str
) -> None:
    key = periods("week", date(2026, 3, 2), date(2026, 3, 16))
    with pytest.raises(error, match=message):
        by(key, ResolutionRate.empty(), fill=fill)


def test_a_fill_in_the_range_keeps_the_range_as_it_is() -> None:
    key = periods("week", date(2026, 3, 2), date(2026, 3, 16))
    res = by(key, ResolutionRate.empty(), fill=[date(2026, 3, 15)]).result()
    assert list(res) == [date(2026, 3, 2), date(2026, 3, 9)]
    assert all(e.n == 0 and e.value is None for e in res.values())


#: Days that begin in a DST gap (clocks jump from 00:00 to 01:00), in zones that do that: two
#: past ones, and Santiago's 2026-09-06 (or the day the zone data in use give, see _zones).
GAP_DAYS = [
    ("America/Santiago", date(2025, 9, 7)),
    midnight_gap().as_example,
    ("Asia/Beirut", date(2025, 3, 30)),
]


@st.composite
def ranges_in_a_zone(draw: Any) -> tuple[str, datetime, datetime]:
    """A zone and a range of instants in it; the end often the first instant of a gap day."""
    tz, day = draw(st.sampled_from(GAP_DAYS))
    zone = ZoneInfo(tz)
    first = periods("day", tz=tz).period_start(day)  # 01:00 local: the day's first instant
    end = draw(
        st.sampled_from([first, first.astimezone(UTC) + timedelta(microseconds=1)])
        | aware_datetimes(
            min_value=datetime(day.year, day.month, day.day) - timedelta(days=3),
            max_value=datetime(day.year, day.month, day.day) + timedelta(days=40),
            timezones=[tz],
        )
    )
    start = end.astimezone(UTC) - timedelta(hours=draw(st.integers(1, 24 * 100)))
    return tz, start.astimezone(zone), end.astimezone(zone)


@given(ranges_in_a_zone(), st.sampled_from(UNITS))
def test_a_bound_is_an_instant_whatever_zone_it_is_written_in(
    bounds: tuple[str, datetime, datetime], unit: str
) -> None:
    tz, start, end = bounds
    local = periods(unit, start, end, tz=tz)  # type: ignore[arg-type]
    in_utc = periods(unit, start.astimezone(UTC), end.astimezone(UTC), tz=tz)  # type: ignore[arg-type]
    assert local.bounds() == in_utc.bounds()
    # The last period is that of the last instant before the end (the end is excluded).
    last = end.astimezone(UTC) - timedelta(microseconds=1)
    assert local.bounds()[1] == local.floor(last)
    # So every listed period can hold a record: one at the range's last instant is in the last.
    just_in = TicketHistory(Ticket("J", last), [])
    result = by(local, ResolutionRate.empty()).add(just_in).result()
    assert list(result)[-1] == local(just_in)


def test_an_end_at_the_first_instant_of_a_day_that_begins_in_a_gap_excludes_that_day() -> None:
    # 2026-09-06 has no 00:00 in Santiago: its first instant is 01:00-03:00, 04:00 UTC.
    gap = midnight_gap()
    end = gap.begins.astimezone(ZoneInfo(gap.zone))
    days = [gap.day - timedelta(days=2), gap.day - timedelta(days=1)]
    key = periods("day", days[0], end, tz=gap.zone)
    assert key.bounds() == (days[0], days[1])
    assert list(by(key, ResolutionRate.empty()).result()) == days
