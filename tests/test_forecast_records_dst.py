"""``ArrivalForecast.to_records()`` across DST changes: one record per real half hour of the
forecast week, each start a real instant with its UTC offset -- the plan's rows, record by row.

The forecast itself is kept per half hour of the local week (336 slots: the seasonal profile
is a property of the local time of day), so a record also names its ``slot``: in an autumn
week two records (the two passes of the repeated hour, told apart by their offsets) take the
same slot's forecast, and in a spring week the slots of the hour that does not exist have no
record, as ``plan_week`` gives them no row.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import StaffingError
from servicemodel.forecast import ArrivalForecast, plan_week
from servicemodel.forecast._check import week_calls
from servicemodel.staffing import ServiceLevelTarget

BERLIN = ZoneInfo("Europe/Berlin")
HALF = timedelta(minutes=30)
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Australia/Sydney", "UTC")


def _forecast(monday: datetime, channels: tuple[str, ...] = ("chat",)) -> ArrivalForecast:
    mean = {c: tuple(float(s + 1000 * k) for s in range(336)) for k, c in enumerate(channels)}
    low = {c: tuple(v - 0.5 for v in row) for c, row in mean.items()}
    high = {c: tuple(v + 0.5 for v in row) for c, row in mean.items()}
    return ArrivalForecast(monday, 0.8, 2, mean, low, high, tuple(s % 48 >= 16 for s in range(336)))


def _sunday(records: list[dict], day: int) -> list[tuple[str, int]]:
    return [
        (r["start"].isoformat(), r["slot"])
        for r in records
        if r["start"].day == day and 1 <= r["start"].hour < 4
    ]


def test_a_spring_week_has_no_record_at_the_missing_two_oclock() -> None:
    records = _forecast(datetime(2026, 3, 23, tzinfo=BERLIN)).to_records()
    assert len(records) == 334
    assert _sunday(records, 29) == [
        ("2026-03-29T01:00:00+01:00", 6 * 48 + 2),
        ("2026-03-29T01:30:00+01:00", 6 * 48 + 3),
        ("2026-03-29T03:00:00+02:00", 6 * 48 + 6),
        ("2026-03-29T03:30:00+02:00", 6 * 48 + 7),
    ]
    assert all(r["mean"] == r["slot"] for r in records)  # each takes its own slot's forecast


def test_an_autumn_week_has_the_repeated_hour_twice_with_its_offsets() -> None:
    records = _forecast(datetime(2026, 10, 19, tzinfo=BERLIN)).to_records()
    assert len(records) == 338
    assert _sunday(records, 25)[2:6] == [
        ("2026-10-25T02:00:00+02:00", 6 * 48 + 4),
        ("2026-10-25T02:30:00+02:00", 6 * 48 + 5),
        ("2026-10-25T02:00:00+01:00", 6 * 48 + 4),
        ("2026-10-25T02:30:00+01:00", 6 * 48 + 5),
    ]
    repeated = [r for r in records if r["slot"] == 6 * 48 + 4]
    assert [r["mean"] for r in repeated] == [292.0, 292.0]
    assert [r["low"] for r in repeated] == [291.5, 291.5]
    assert [r["high"] for r in repeated] == [292.5, 292.5]


def test_records_are_the_plans_rows() -> None:
    forecast = _forecast(datetime(2026, 10, 19, tzinfo=BERLIN))
    plan = plan_week(forecast, aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    records = forecast.to_records()
    assert [r["start"] for r in records] == [row.start for row in plan.rows]
    assert [r["start"].utcoffset() for r in records] == [row.start.utcoffset() for row in plan.rows]
    assert [r["mean"] for r in records] == [row.calls for row in plan.rows]


def test_every_channel_has_the_same_real_half_hours() -> None:
    records = _forecast(datetime(2026, 3, 23, tzinfo=BERLIN), ("chat", "email")).to_records()
    chat = [r for r in records if r["channel"] == "chat"]
    email = [r for r in records if r["channel"] == "email"]
    assert len(chat) == len(email) == 334
    assert [r["start"] for r in chat] == [r["start"] for r in email]
    assert [r["mean"] - 1000 for r in email] == [r["mean"] for r in chat]


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
)
def test_records_cover_the_real_week_once_each_with_its_local_slot(name: str, day: date) -> None:
    # Laws: the records' starts are consecutive real half hours from Monday 00:00 local to
    # the next Monday 00:00 local (so every instant of the week is in exactly one record);
    # each record carries the forecast of the local half hour of the week its start is in,
    # which is what plan_week staffs in the row with that start.
    tz = ZoneInfo(name)
    monday = day - timedelta(days=day.weekday())
    start = datetime(monday.year, monday.month, monday.day, tzinfo=tz)
    forecast = _forecast(start)
    records = forecast.to_records()
    instants = [r["start"].astimezone(UTC) for r in records]
    following = monday + timedelta(weeks=1)
    end = datetime(following.year, following.month, following.day, tzinfo=tz).astimezone(UTC)
    assert instants[0] == start.astimezone(UTC)
    assert all(b - a == HALF for a, b in itertools.pairwise(instants))
    assert instants[-1] + HALF == end
    for r in records:
        local = r["start"]
        assert local.tzinfo is tz
        assert r["slot"] == local.weekday() * 48 + local.hour * 2 + local.minute // 30
        assert r["mean"] == forecast.mean["chat"][r["slot"]]
        assert r["open"] == forecast.open[r["slot"]]
    assert [r["mean"] for r in records] == week_calls(forecast, forecast.calls())


def test_a_forecast_of_other_than_336_slots_plans_one_row_per_slot() -> None:
    # No week to follow: each slot is a real half hour from the start, in the records and in
    # the plan alike (the plan used to give 336 rows of slot 0's forecast).
    mean = tuple(float(s) for s in range(10))
    forecast = ArrivalForecast(
        datetime(2026, 3, 29, 1, tzinfo=BERLIN), 0.8, 2, {"c": mean}, {"c": mean}, {"c": mean},
        (True,) * 10,
    )  # fmt: skip
    plan = plan_week(forecast, aht=120, targets=[ServiceLevelTarget(fraction=0.8, within=20)])
    records = forecast.to_records()
    assert [row.calls for row in plan.rows] == [r["mean"] for r in records] == list(mean)
    assert [row.start for row in plan.rows] == [r["start"] for r in records]


def test_a_week_forecast_that_does_not_start_on_monday_midnight_is_refused() -> None:
    # Slot 0 is Monday 00:00: a Wednesday start laid each slot on the wrong half hour, and
    # its week's rows stopped at the next Monday (222 of them).
    mean = (1.0,) * 336
    wednesday = datetime(2026, 3, 4, 9, tzinfo=BERLIN)
    with pytest.raises(StaffingError, match=r"start: .* got 2026-03-04T09:00:00\+01:00 \(a Wed"):
        ArrivalForecast(wednesday, 0.8, 2, {"c": mean}, {"c": mean}, {"c": mean}, (True,) * 336)
