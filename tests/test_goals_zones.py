"""A goal's zone given as pandas (pytz) or dateutil gives the weeks its IANA zone gives."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from dateutil import tz as dateutil_tz
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.goals import SmartGoal
from servicemodel.kpi import Estimate
from servicemodel.report import goal_series

ZONES = ["Europe/Berlin", "America/New_York", "America/Havana", "Australia/Lord_Howe"]


def _goal(start: datetime, deadline: datetime, period: str = "week") -> SmartGoal:
    return SmartGoal(
        name="g", kpi="first_reply_time", statistic="mean", unit="h", period=period,
        comparator="<", target=2.0, baseline=7.5, objective="why",
        start=start, deadline=deadline,
    )  # fmt: skip


@settings(max_examples=40)
@given(
    st.sampled_from(ZONES),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
    st.integers(min_value=1, max_value=40),
    st.sampled_from(["day", "week", "month"]),
)
def test_a_pandas_start_counts_the_periods_of_its_zone(
    name: str, first: date, weeks: int, period: str
) -> None:
    # pandas 2 zones a Timestamp with pytz, which has no 'key': the periods were counted in
    # the start's fixed offset (Etc/GMT-2 for Berlin in summer), an hour off after a change.
    last = first + timedelta(weeks=weeks)
    zone = ZoneInfo(name)
    # Through UTC: Havana's midnight of its spring change is no clock's time (00:00 is 01:00),
    # and two datetimes of one ZoneInfo compare by wall clock.
    zoned = _goal(
        datetime(first.year, first.month, first.day, tzinfo=zone).astimezone(UTC).astimezone(zone),
        datetime(last.year, last.month, last.day, tzinfo=zone).astimezone(UTC).astimezone(zone),
        period,
    )
    start, deadline = (pd.Timestamp(d.astimezone(UTC)).tz_convert(name) for d in zoned.window)
    if int(pd.__version__.split(".")[0]) < 3:  # pandas 3 zones with zoneinfo
        assert hasattr(start.tzinfo, "localize")  # pytz's, as pandas 2 gives it
    pandas = _goal(start, deadline, period)
    assert pandas == zoned
    key, series = goal_series([], pandas)
    assert key.tz == name
    assert sorted(series) == sorted(goal_series([], zoned)[1])
    # A date key is local midnight of the zone, not pytz's local mean time (tzinfo=).
    day = first + timedelta(days=1)
    at = datetime(last.year, last.month, last.day, tzinfo=UTC)
    point = {day: Estimate("x", 3.0, 10)}
    assert pandas.evaluate(point, at=at).latest_at == zoned.evaluate(point, at=at).latest_at


def test_a_zone_without_a_name_that_changes_its_offset_is_refused() -> None:
    berlin = dateutil_tz.gettz("Europe/Berlin")
    goal = _goal(datetime(2026, 8, 3, tzinfo=berlin), datetime(2026, 11, 2, tzinfo=berlin))
    said = r"^start: the goal's start has a time zone with no IANA name \(tzfile\) whose offset"
    with pytest.raises(ConfigError, match=said):
        goal_series([], goal)
    fixed = dateutil_tz.tzoffset(None, 7200)  # one offset all year: its periods are exact
    key, _ = goal_series(
        [], _goal(datetime(2026, 8, 3, tzinfo=fixed), datetime(2026, 11, 2, tzinfo=fixed))
    )
    assert key.tz == "Etc/GMT-2"
