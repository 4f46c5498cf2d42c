"""Weekly plans across DST changes: rows are the week's real half hours, labelled in local time
with their UTC offset; history counts leave out the half hours a change skips or repeats."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.forecast import (
    ArrivalForecast,
    check_plan,
    count_arrivals,
    forecast_arrivals,
    plan_week,
)
from servicemodel.model import Ticket
from servicemodel.staffing import ServiceLevelTarget, plan_intervals

SL = ServiceLevelTarget(fraction=0.8, within=20)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
HALF = timedelta(minutes=30)
#: Zones whose changes fall inside a day (not at midnight); Lord Howe shifts by 30 minutes.
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Australia/Sydney", "UTC")


def _forecast(monday: datetime, calls: float = 1.0) -> ArrivalForecast:
    mean = tuple(float(calls) + s for s in range(336))
    return ArrivalForecast(
        monday, 0.8, 2, {"chat": mean}, {"chat": mean}, {"chat": mean}, (True,) * 336
    )


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz)


def _sunday(plan_rows: list, day: int) -> list[str]:
    return [r.start.isoformat() for r in plan_rows if r.start.day == day and r.start.hour < 4]


def test_a_spring_week_in_berlin_has_334_rows_and_no_row_in_the_missing_hour() -> None:
    plan = plan_week(_forecast(datetime(2026, 3, 23, tzinfo=BERLIN)), aht=180, targets=[SL])
    assert len(plan.rows) == 334
    assert _sunday(list(plan.rows), 29) == [
        "2026-03-29T00:00:00+01:00",
        "2026-03-29T00:30:00+01:00",
        "2026-03-29T01:00:00+01:00",
        "2026-03-29T01:30:00+01:00",
        "2026-03-29T03:00:00+02:00",
        "2026-03-29T03:30:00+02:00",
    ]
    # The 03:00 row takes the forecast of Sunday 03:00 (slot 6·48 + 6), not 02:00's.
    assert plan.rows[292].calls == 1.0 + 6 * 48 + 6
    assert plan.total_agent_hours == sum(r.agents for r in plan.rows) / 2


def test_an_autumn_week_in_berlin_has_338_rows_and_the_repeated_hour_twice() -> None:
    plan = plan_week(_forecast(datetime(2026, 10, 19, tzinfo=BERLIN)), aht=180, targets=[SL])
    assert len(plan.rows) == 338
    starts = _sunday(list(plan.rows), 25)
    assert starts[4:8] == [
        "2026-10-25T02:00:00+02:00",
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T02:00:00+01:00",
        "2026-10-25T02:30:00+01:00",
    ]
    # Both passes of 02:00 are staffed for the 02:00 forecast.
    assert plan.rows[292].calls == plan.rows[294].calls == 1.0 + 6 * 48 + 4
    assert plan.rows[292].agents == plan.rows[294].agents > 0


def test_new_york_repeats_one_oclock_and_skips_two() -> None:
    autumn = plan_week(_forecast(datetime(2026, 10, 26, tzinfo=NEW_YORK)), aht=180, targets=[SL])
    spring = plan_week(_forecast(datetime(2026, 3, 2, tzinfo=NEW_YORK)), aht=180, targets=[SL])
    assert (len(autumn.rows), len(spring.rows)) == (338, 334)
    assert _sunday(list(autumn.rows), 1)[2:4] == [
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T01:30:00-04:00",
    ]
    assert _sunday(list(autumn.rows), 1)[4:6] == [
        "2026-11-01T01:00:00-05:00",
        "2026-11-01T01:30:00-05:00",
    ]
    assert "2026-03-08T02:00:00-05:00" not in _sunday(list(spring.rows), 8)
    assert "2026-03-08T03:00:00-04:00" in _sunday(list(spring.rows), 8)


def test_plan_intervals_steps_in_real_time_across_a_change() -> None:
    start = datetime(2026, 10, 25, 1, tzinfo=BERLIN)
    plan = plan_intervals([10.0] * 6, aht=180, targets=[SL], start=start)
    utc = [r.start.astimezone(UTC) for r in plan.rows]
    assert all(b - a == HALF for a, b in itertools.pairwise(utc))
    assert [r.start.strftime("%H:%M%z") for r in plan.rows] == [
        "01:00+0200",
        "01:30+0200",
        "02:00+0200",
        "02:30+0200",
        "02:00+0100",
        "02:30+0100",
    ]


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(ZONES),
    monday=st.dates(min_value=date(2000, 1, 3), max_value=date(2035, 12, 24)).map(
        lambda d: d - timedelta(days=d.weekday())
    ),
    fractions=st.lists(st.floats(0, 1, exclude_max=True), min_size=1, max_size=20),
)
def test_rows_cover_each_day_exactly_and_every_instant_falls_in_one_row(
    name: str, monday: date, fractions: list[float]
) -> None:
    """Law: the rows of every local day cover exactly its real elapsed time (23, 24, 24.5,
    25 hours ...), and every instant of the week lies in exactly one row."""
    tz = ZoneInfo(name)
    start = _local_midnight(monday, tz)
    plan = plan_week(_forecast(start), aht=60, targets=[SL])
    for k in range(7):
        day = monday + timedelta(days=k)
        length = _local_midnight(day + timedelta(days=1), tz).astimezone(UTC) - (
            _local_midnight(day, tz).astimezone(UTC)
        )
        rows = [r for r in plan.rows if r.start.astimezone(tz).date() == day]
        assert len(rows) * HALF == length
    week_start = start.astimezone(UTC)
    week_end = _local_midnight(monday + timedelta(days=7), tz).astimezone(UTC)
    for f in fractions:
        instant = week_start + timedelta(seconds=int((week_end - week_start).total_seconds() * f))
        holding = [r for r in plan.rows if r.start.astimezone(UTC) <= instant < r.start + HALF]
        assert len(holding) == 1
        local = instant.astimezone(tz)
        slot = local.weekday() * 48 + local.hour * 2 + local.minute // 30
        assert holding[0].calls == 1.0 + slot  # the forecast of its local half hour


def _uniform_history(since: datetime, until: datetime, every: timedelta) -> list[Ticket]:
    t, end, out = since.astimezone(UTC), until.astimezone(UTC), []
    while t < end:
        out.append(Ticket(f"T{len(out)}", t))
        t += every
    return out


def test_history_counts_leave_out_the_skipped_and_the_repeated_half_hours() -> None:
    """A steady stream of one contact per two minutes forecasts 15 for every half hour: the
    autumn repeat was counted 30 (both passes in one slot) and the spring gap 0."""
    since = datetime(2026, 10, 12, tzinfo=BERLIN)
    until = datetime(2026, 11, 2, tzinfo=BERLIN)
    history = _uniform_history(since, until, timedelta(minutes=2))
    counts = count_arrivals(history, tz="Europe/Berlin", since=since, until=until)
    autumn = counts.weeks.index(date(2026, 10, 19))
    assert counts.counts["email"][autumn][292] == 30  # what happened: both passes
    assert [counts.open[autumn][s] for s in (291, 292, 293, 294)] == [True, False, False, True]
    forecast = forecast_arrivals(history, tz="Europe/Berlin", since=since, until=until)
    assert set(forecast.calls()) == {15.0}

    spring_since = datetime(2026, 3, 16, tzinfo=BERLIN)
    spring_until = datetime(2026, 4, 6, tzinfo=BERLIN)
    spring = _uniform_history(spring_since, spring_until, timedelta(minutes=2))
    forecast = forecast_arrivals(spring, tz="Europe/Berlin", since=spring_since, until=spring_until)
    assert set(forecast.calls()) == {15.0}


def test_the_week_check_runs_a_dst_week_as_it_happens() -> None:
    mean = tuple(20.0 if 16 <= s % 48 < 40 else 2.0 for s in range(336))
    forecast = ArrivalForecast(
        datetime(2026, 10, 19, tzinfo=BERLIN),
        0.8,
        4,
        {"c": mean},
        {"c": mean},
        {"c": mean},
        (True,) * 336,
    )
    plan = plan_week(forecast, aht=180, targets=[SL])
    checked = check_plan(plan, mode="week", weeks=2, seed=3)
    assert len(checked.intervals) == 338
    assert [c.start for c in checked.intervals] == [r.start for r in plan.rows]
    # Contacts arrive in both passes of the repeated hour (rows 292-295).
    assert all(c.contacts > 0 for c in checked.intervals[292:296])
    assert sum(c.contacts for c in checked.intervals) > 0
