"""Laws of a goal's periods and trend line across DST changes.

* A ``date`` period key, and a ``date`` start read from a goal table with a ``tz``, begin at
  the first instant of that local day: a real wall time (read back from UTC it is the same
  wall time and offset), equal to its own instant in UTC, on that date, with the instant
  before it on the day before. On a day whose midnight a DST change skips (America/Santiago,
  2026-09-06, in the zone data of 2023 on) that is 01:00-03:00, not a 00:00-04:00 no clock
  shows. Which day that is, is read from the zone data in use (``_zones``).
* The trend line measures elapsed time (instants subtracted in UTC, days of 24 hours): the
  same instants keyed in any other zone give the same slope per day and projection, and its
  slope through two points is their difference over the hours between them / 24.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz as dateutil_tz
from hypothesis import example, given, settings
from hypothesis import strategies as st

from _zones import first_instant, midnight_gap, midnight_gaps
from servicemodel.errors import OutOfRangeError
from servicemodel.goals import SmartGoal, goals_from_dict
from servicemodel.kpi import Estimate
from servicemodel.strategies import aware_datetimes

#: Zones whose clocks jump at midnight on some days (a day that begins at 01:00), and two that
#: change at other hours.
ZONES = [
    "America/Santiago",
    "America/Havana",
    "America/Asuncion",
    "Asia/Beirut",
    "Africa/Cairo",
    "Europe/Berlin",
    "Australia/Lord_Howe",
]
FIRST, LAST = date(2020, 1, 1), date(2030, 12, 31)
#: When the goals are evaluated: after any gap day ``midnight_gap`` gives (up to 2041).
AT = datetime(2043, 1, 1, tzinfo=UTC)


#: The days of 2020-2030 whose midnight lies in a DST gap, as the zone data in use say.
GAPS = [(name, day) for name in ZONES for day in midnight_gaps(ZoneInfo(name), FIRST, LAST)]
#: Santiago's 2026-09-06 while the zone data say its midnight does not exist, else the day
#: they give (for Python's zones and for dateutil's, which may read other data).
GAP, DATEUTIL_GAP = midnight_gap("zoneinfo"), midnight_gap("dateutil")
days = st.one_of(
    st.sampled_from(GAPS),
    st.tuples(st.sampled_from(ZONES), st.dates(min_value=FIRST, max_value=LAST)),
)


def _goal(tz: Any, **kw: Any) -> SmartGoal:
    fields: dict[str, Any] = {
        "name": "g", "kpi": "first_reply_time", "statistic": "mean", "unit": "h",
        "comparator": "<", "target": 2.0, "baseline": 7.5, "objective": "why",
        "start": datetime(2019, 12, 1, tzinfo=tz), "deadline": datetime(2043, 2, 1, tzinfo=tz),
    }  # fmt: skip
    return SmartGoal(**(fields | kw))


def _first_instant_of(t: datetime, day: date, zone: Any) -> None:
    """``t`` is the first instant of the local ``day`` in ``zone``, as a clock there shows it."""
    back = t.astimezone(UTC).astimezone(zone)
    assert (back.replace(tzinfo=None), back.utcoffset()) == (t.replace(tzinfo=None), t.utcoffset())
    assert t == t.astimezone(UTC)  # a time in a gap compares unequal to its own instant
    assert t.date() == day
    assert (t.astimezone(UTC) - timedelta(microseconds=1)).astimezone(zone).date() < day


def test_a_day_whose_midnight_a_dst_change_skips_begins_when_the_clocks_jump() -> None:
    # Santiago's 2026-09-06 begins at 01:00-03:00 (04:00 UTC), where the zone data say so.
    zone = ZoneInfo(GAP.zone)
    status = _goal(zone).evaluate({GAP.day: Estimate("x", 3.0, 10)}, at=AT)
    assert status.latest_at is not None
    assert status.latest_at.isoformat() == GAP.shown
    assert status.latest_at == GAP.begins == first_instant(GAP.day, zone)


@settings(max_examples=60)
@given(days, st.sampled_from(["zoneinfo", "dateutil"]))
@example(GAP.as_example, "zoneinfo")
@example(DATEUTIL_GAP.as_example, "dateutil")
def test_a_date_key_begins_at_the_first_instant_of_its_day(
    zone_day: tuple[str, date], kind: str
) -> None:
    name, day = zone_day
    # dateutil's zones read a midnight in a gap with the offset after the change: an hour
    # early, on the day before.
    zone: Any = ZoneInfo(name) if kind == "zoneinfo" else dateutil_tz.gettz(name)
    status = _goal(zone).evaluate({day: Estimate("x", 3.0, 10)}, at=AT)
    assert status.latest_period == day
    assert status.latest_at is not None
    _first_instant_of(status.latest_at, day, zone)
    # The same period keyed by that instant, in UTC, is the same point.
    keyed = _goal(zone).evaluate(
        {status.latest_at.astimezone(UTC): Estimate("x", 3.0, 10)},
        at=AT,
    )
    assert keyed.latest_at == status.latest_at


@settings(max_examples=40)
@given(days)
@example(GAP.as_example)
def test_a_date_start_read_with_a_tz_begins_at_the_first_instant_of_its_day(
    zone_day: tuple[str, date],
) -> None:
    name, day = zone_day
    table = {
        "name": "g", "kpi": "first_reply_time", "statistic": "mean", "unit": "h",
        "comparator": "<", "target": 2.0, "baseline": 7.5, "objective": "why", "tz": name,
        "start": day.isoformat(), "deadline": (day + timedelta(days=90)).isoformat(),
    }  # fmt: skip
    (goal,) = goals_from_dict({"goals": [table]})
    start, deadline = goal.window
    _first_instant_of(start, day, ZoneInfo(name))
    _first_instant_of(deadline, day + timedelta(days=90), ZoneInfo(name))


def test_a_date_key_past_the_supported_range_is_refused_naming_it() -> None:
    # 0001-01-01 in Tokyo is before 0001-01-01 UTC: a bare OverflowError, as the comparison in
    # UTC overflowed.
    goal = _goal(ZoneInfo("Asia/Tokyo"))
    with pytest.raises(OutOfRangeError, match=r"^series period datetime\.date\(1, 1, 1\): "):
        goal.evaluate({date.min: Estimate("x", 3.0, 10)}, at=datetime(2026, 1, 1, tzinfo=UTC))


points = st.lists(
    st.tuples(
        aware_datetimes(
            min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=ZONES
        ),
        st.integers(min_value=0, max_value=100),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda p: p[0].astimezone(UTC),
)


@settings(max_examples=60)
@given(points, st.sampled_from([*ZONES, "UTC", "Asia/Kolkata"]))
def test_the_trend_is_the_same_whatever_zone_the_instants_are_keyed_in(
    pairs: list[tuple[datetime, int]], other: str
) -> None:
    at = AT
    goal = _goal(UTC)
    mine = goal.evaluate({t: Estimate("x", float(v), 10) for t, v in pairs}, at=at)
    moved = {t.astimezone(ZoneInfo(other)): Estimate("x", float(v), 10) for t, v in pairs}
    theirs = goal.evaluate(moved, at=at)
    assert mine.slope_per_day is not None
    assert (theirs.slope_per_day, theirs.projection) == (mine.slope_per_day, mine.projection)
    assert (theirs.status, theirs.points) == (mine.status, mine.points)


@settings(max_examples=40)
@given(days, st.integers(min_value=1, max_value=3), st.integers(min_value=-50, max_value=50))
@example(GAP.as_example, 1, 7)
def test_the_slope_is_per_day_of_24_hours_elapsed(
    zone_day: tuple[str, date], weeks: int, rise: int
) -> None:
    # Two weekly date keys across a DST change are 6 days 23 hours (or 7 days 1 hour) apart,
    # not 7 wall-clock days: the slope is the rise over the hours between them / 24.
    name, day = zone_day
    zone = ZoneInfo(name)
    first, last = day - timedelta(days=3), day - timedelta(days=3) + timedelta(weeks=weeks)
    series = {first: Estimate("x", 5.0, 10), last: Estimate("x", 5.0 + rise, 10)}
    status = _goal(zone).evaluate(series, at=AT)
    # zoneinfo reads a midnight in a gap (fold=0) as the instant the day begins.
    starts = [datetime(d.year, d.month, d.day, tzinfo=zone).astimezone(UTC) for d in (first, last)]
    elapsed_days = (starts[1] - starts[0]).total_seconds() / 86400
    assert status.slope_per_day == pytest.approx(rise / elapsed_days, rel=1e-12, abs=1e-12)
