"""Hostile input to the forecast, standards and goals modules: each refused by name, or right.

Each case was found by feeding the public functions and value classes what a new user might:
a 0 or False for an instant, a forecast built by hand with NaN or negative contacts, a span of
centuries, a baseline of infinity, a wrong type for a lookup key. Each is a specific
``ServiceModelError`` naming the value, never a bare ``TypeError`` or ``OverflowError``, a
silently ignored argument or a wrong figure (docs/staffing.md, docs/goals.md).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._deadline import deadline

from servicemodel.errors import ConfigError, InputTypeError, StaffingError
from servicemodel.forecast import (
    ArrivalForecast,
    WeeklyCounts,
    backtest,
    count_arrivals,
    forecast_arrivals,
)
from servicemodel.model import Ticket

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
TICKETS = [
    Ticket(f"T{w}-{k}", MONDAY + timedelta(weeks=w, hours=9, minutes=k))
    for w in range(8)
    for k in range(1 + (w * 5) % 7)
]
FORECAST = forecast_arrivals(TICKETS)
WEEK_START = FORECAST.start


def _forecast(**changes: Any) -> ArrivalForecast:
    fields: dict[str, Any] = {
        "start": WEEK_START,
        "level": 0.8,
        "weeks_used": 2,
        "mean": {"chat": (1.0,) * 336},
        "low": {"chat": (0.0,) * 336},
        "high": {"chat": (2.0,) * 336},
        "open": (True,) * 336,
    }
    return ArrivalForecast(**{**fields, **changes})


# --- forecast: since and until ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["since", "until"])
@pytest.mark.parametrize("value", [0, False, -0.0, [], {}, ""])
def test_a_falsy_non_datetime_bound_is_refused_not_read_as_none(name: str, value: Any) -> None:
    # ``if since`` read 0, False or [] as "no bound" and forecast from the whole history.
    for call in (forecast_arrivals, count_arrivals, backtest):
        with pytest.raises(InputTypeError, match=rf"^{name}: expected an aware datetime, got "):
            call(TICKETS, **{name: value})


def test_since_after_until_is_refused_naming_both() -> None:
    since, until = MONDAY + timedelta(weeks=6), MONDAY
    with pytest.raises(ConfigError, match=r"^since 2026-04-13T00:00:00\+00:00 is after until "):
        count_arrivals(TICKETS, since=since, until=until)


@pytest.mark.parametrize(
    ("since", "until"),
    [
        (datetime(1900, 1, 1, tzinfo=UTC), None),
        (None, datetime(2400, 1, 1, tzinfo=UTC)),
        (datetime(2, 1, 3, tzinfo=UTC), datetime(9998, 12, 1, tzinfo=UTC)),
    ],
)
def test_a_span_of_centuries_is_refused_quickly_naming_its_ends(
    since: datetime | None, until: datetime | None
) -> None:
    # A mistyped year ran for minutes (a pass over 336 slots for each of 400,000 weeks).
    with deadline(5), pytest.raises(StaffingError, match=r"full weeks, more than the 1,044 "):
        forecast_arrivals(TICKETS, since=since, until=until)


def test_a_stray_ticket_a_century_early_is_refused_too() -> None:
    stray = Ticket("old", datetime(1926, 3, 1, 9, tzinfo=UTC))
    with deadline(5), pytest.raises(StaffingError, match=r"^the history from 1926-03-01T09:00"):
        count_arrivals([stray, *TICKETS])


def test_twenty_years_of_weeks_are_still_counted() -> None:
    counts = count_arrivals(TICKETS, until=MONDAY + timedelta(weeks=1_044))
    assert len(counts.weeks) == 1_043
    assert sum(map(sum, counts.counts["email"])) == len(TICKETS) - 1  # the first Monday's week


# --- forecast: an ArrivalForecast built by hand ---------------------------------------------------


@pytest.mark.parametrize("level", [0, 1, -0.5, 5, 80, math.nan, math.inf, 10**400])
def test_a_forecast_level_outside_0_1_is_refused(level: Any) -> None:
    with pytest.raises(ConfigError, match=r"^level must be a number in \(0, 1\), got "):
        _forecast(level=level)


@pytest.mark.parametrize("level", ["0.8", True, None])
def test_a_forecast_level_of_the_wrong_type_is_refused(level: Any) -> None:
    with pytest.raises(InputTypeError, match=r"^level must be a number in \(0, 1\), got "):
        _forecast(level=level)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (math.nan, r"NaN \(nan\) is not a number"),
        (math.inf, "inf is not a finite number"),
        (10**400, "<int of about 401 digits> is too large"),
    ],
)
@pytest.mark.parametrize("row", ["mean", "low", "high"])
def test_a_forecast_row_value_no_half_hour_can_expect_is_refused(
    row: str, value: Any, message: str
) -> None:
    # NaN and negative contacts were kept (and planned); 10**400 was an OverflowError in calls().
    values = list(getattr(FORECAST, row)["email"])
    values[5] = value
    fields = {"mean": FORECAST.mean, "low": FORECAST.low, "high": FORECAST.high}
    fields[row] = {"email": tuple(values)}
    with pytest.raises(StaffingError, match=rf"^{row}\['email'\]\[5\]: {message}"):
        _forecast(**fields)


def test_a_negative_expected_count_is_refused_a_negative_bound_is_kept() -> None:
    with pytest.raises(StaffingError, match=r"^mean\['chat'\]\[3\]: expected contacts ≥ 0, got "):
        _forecast(mean={"chat": (1.0,) * 3 + (-1.0,) + (1.0,) * 332})
    assert _forecast(low={"chat": (-0.5,) * 336}).low["chat"][0] == -0.5


@given(st.lists(st.floats(0, 1e6), min_size=336, max_size=336))
def test_a_forecast_of_finite_counts_gives_them_back(values: list[float]) -> None:
    row = tuple(values)
    forecast = _forecast(mean={"chat": row}, low={"chat": row}, high={"chat": row})
    assert forecast.calls() == forecast.calls("chat") == row


def test_weekly_counts_refuse_a_negative_count() -> None:
    counts = count_arrivals(TICKETS)
    grid = [list(row) for row in counts.counts["email"]]
    grid[1][7] = -1
    with pytest.raises(StaffingError, match=r"^counts\['email'\]\[1\]\[7\]: expected a count ≥ 0"):
        WeeklyCounts(counts.tz, counts.weeks, {"email": tuple(map(tuple, grid))}, counts.open)
