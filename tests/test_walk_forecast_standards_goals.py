"""Hostile input to the forecast, standards and goals modules: each refused by name, or right.

Each case was found by feeding the public functions and value classes what a new user might:
a 0 or False for an instant, a forecast built by hand with NaN or negative contacts, a span of
centuries, a baseline of infinity, a wrong type for a lookup key. Each is a specific
``ServiceModelError`` naming the value, never a bare ``TypeError`` or ``OverflowError``, a
silently ignored argument or a wrong figure (docs/staffing.md, docs/goals.md).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests._deadline import deadline

from servicemodel.errors import (
    ConfigError,
    GoalError,
    InputTypeError,
    NaiveDatetimeError,
    StaffingError,
)
from servicemodel.forecast import (
    ArrivalForecast,
    Backtest,
    BacktestRow,
    IntervalCheck,
    PlanCheck,
    WeeklyCounts,
    backtest,
    count_arrivals,
    forecast_arrivals,
)
from servicemodel.goals import SmartGoal
from servicemodel.kpi import Estimate
from servicemodel.model import Priority, Ticket
from servicemodel.sla import Metric
from servicemodel.standards import (
    QualityBenchmark,
    ResponseStandard,
    ServiceStandards,
    quality_estimate,
    shortfall,
)

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


def test_the_bound_on_weeks_is_inclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bound, lowered to keep the test short: its weeks are counted, one more is refused.
    monkeypatch.setattr("servicemodel.forecast._arrivals.MAX_WEEKS", 5)
    counts = count_arrivals(TICKETS, until=MONDAY + timedelta(weeks=6))
    assert len(counts.weeks) == 5
    with pytest.raises(StaffingError, match=r"holds 6 full weeks, more than the 5 "):
        count_arrivals(TICKETS, until=MONDAY + timedelta(weeks=7))


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


@settings(max_examples=25)  # a forecast of 336 slots a case
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


# --- standards ---------------------------------------------------------------------------------

STANDARDS = ServiceStandards(
    "Acme",
    [
        ResponseStandard("email", "first_reply", "1h"),
        ResponseStandard("email", "first_reply", "10m", priority="urgent"),
    ],
    [
        QualityBenchmark("email", "csat", 0.9),
        QualityBenchmark(None, "nps", 30),
        QualityBenchmark(None, "reopen_rate", 0.1),
    ],
)
START = datetime(2026, 8, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (([], "first_reply", "normal"), InputTypeError, r"^channel: expected a string, got list"),
        ((3, "first_reply", "normal"), InputTypeError, r"^channel: expected a string, got int 3"),
        (("email", {}, "normal"), ConfigError, r"^metric: unknown response metric \{\}"),
        (("email", "frist", "low"), ConfigError, r"^metric: unknown response metric 'frist'"),
        (("email", "first_reply", []), ConfigError, r"^priority: unknown priority \[\]"),
        (("email", "first_reply", "nope"), ConfigError, r"^priority: unknown priority 'nope'"),
        (("email", "first_reply", None), ConfigError, r"^priority: unknown priority None"),
    ],
)
def test_response_for_refuses_what_is_no_channel_metric_or_priority(
    args: tuple[Any, Any, Any], error: type[Exception], message: str
) -> None:
    # A list was a bare TypeError (unhashable); a priority of "nope" got the channel's default.
    with pytest.raises(error, match=message):
        STANDARDS.response_for(*args)


def test_response_for_reads_its_arguments_as_a_standard_does() -> None:
    urgent = STANDARDS.response_for(" Email", "first_reply", "URGENT")
    assert urgent is not None
    assert urgent.within == timedelta(minutes=10)
    assert STANDARDS.response_for("email", Metric.FIRST_REPLY, Priority.URGENT) == urgent
    default = STANDARDS.response_for("email", "first_reply", "low")
    assert default is not None
    assert default.within == timedelta(hours=1)
    assert STANDARDS.response_for("chat", "first_reply", "low") is None


@pytest.mark.parametrize("key", [("email", "csat"), (None, "nps"), (None, "reopen_rate")])
@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_an_infinite_baseline_is_refused_not_taken_as_the_benchmark_met(
    key: tuple[str | None, str], value: float
) -> None:
    # An infinite CSAT "met" the benchmark >= 0.9: no goal was made, and nothing said why.
    with pytest.raises(GoalError, match=rf"^baselines\[{re.escape(repr(key))}\]: {value} is not"):
        STANDARDS.goals({key: value}, start=START, deadline=START + timedelta(weeks=4))


@given(st.floats(0, 1))
def test_a_csat_baseline_in_0_1_makes_a_goal_exactly_when_it_misses(baseline: float) -> None:
    goals = STANDARDS.goals(
        {("email", "csat"): baseline}, start=START, deadline=START + timedelta(weeks=4)
    )
    assert len(goals) == (baseline < 0.9)


@pytest.mark.parametrize(
    ("value", "threshold", "worst"),
    [(1e308, -1e308, None), (-1e308, 1e308, None), (1e308, 1e-300, None)],
)
def test_a_shortfall_past_the_float_range_is_refused_not_infinite(
    value: float, threshold: float, worst: float | None
) -> None:
    for cmp in (">=", "<="):
        with pytest.raises(ConfigError, match=r"is beyond the float range$"):
            shortfall(value, cmp, threshold, worst)


@given(st.floats(-1e6, 1e6), st.floats(0.001, 1e6))
def test_a_shortfall_is_finite_and_zero_exactly_at_the_threshold(
    value: float, threshold: float
) -> None:
    for cmp in (">=", "<="):
        gap = shortfall(value, cmp, threshold, None)
        assert math.isfinite(gap)
        assert (gap == 0) == (value == threshold)


# --- goals -------------------------------------------------------------------------------------

GOAL = SmartGoal(
    name="handle time down",
    kpi="aht",
    comparator="<",
    target=2.0,
    baseline=1e300,
    objective="o",
    start=START,
    deadline=START + timedelta(weeks=13),
)


def _series(values: list[float]) -> dict[datetime, Estimate]:
    return {START + timedelta(weeks=w): Estimate("x", v, 10) for w, v in enumerate(values)}


@pytest.mark.parametrize("value", [1e308, -1e308, 1.7e308])
def test_a_flat_series_near_the_float_end_projects_its_value_not_nan(value: float) -> None:
    # The sums of the least-squares line overflowed: "trend reaches nan by the deadline".
    status = GOAL.evaluate(_series([value] * 4), at=START + timedelta(weeks=4))
    assert (status.projection, status.slope_per_day) == (value, 0.0)
    assert "nan" not in status.reason


def test_a_trend_that_leaves_the_float_range_is_refused_by_name() -> None:
    with pytest.raises(GoalError, match=r"^the least-squares trend through the series \(1e\+308"):
        GOAL.evaluate(_series([1e308, -1e308]), at=START + timedelta(weeks=4))


@given(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=6), st.floats(1e-3, 1e300))
def test_the_projection_scales_with_the_values(values: list[float], factor: float) -> None:
    # Least squares is linear in the values: scaled values give a scaled line, as long as
    # the figures stay in the float range (the fit near the float's end is this one, scaled).
    at = START + timedelta(weeks=len(values))
    base = GOAL.evaluate(_series(values), at=at)
    scaled = GOAL.evaluate(_series([v * factor for v in values]), at=at)
    assert base.projection is not None
    assert scaled.projection is not None
    assert scaled.projection == pytest.approx(base.projection * factor, rel=1e-6, abs=1e-3 * factor)


@pytest.mark.parametrize("metric", ["csat", "nps", "reopen_rate", "resolution_rate", "fcr"])
@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"as_of": "3"}, InputTypeError, r"^as_of: expected an aware datetime, got str '3'$"),
        ({"as_of": datetime(2026, 3, 2)}, NaiveDatetimeError, r"^as_of: naive datetime 2026-03-02"),
        ({"fcr_window": -1}, InputTypeError, r"^window must be a timedelta, got -1$"),
        ({"fcr_window": timedelta(days=-1)}, ConfigError, r"^window: must not be negative, got "),
    ],
)
def test_quality_estimate_reads_as_of_and_the_window_for_every_metric(
    metric: str, arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    # Only FCR read them: any value at all was taken silently for the other four metrics.
    with pytest.raises(error, match=message):
        quality_estimate(metric, [], **arguments)


# --- forecast: results built by hand ------------------------------------------------------------


def _interval(**changes: Any) -> IntervalCheck:
    fields: dict[str, Any] = {
        "index": 1,
        "start": None,
        "agents": 3,
        "target": 0.8,
        "predicted": 0.85,
        "simulated": 0.9,
        "low": 0.85,
        "high": 0.95,
        "contacts": 40,
    }
    return IntervalCheck(**{**fields, **changes})


@pytest.mark.parametrize("name", ["target", "predicted", "simulated", "low", "high"])
@pytest.mark.parametrize("value", [math.nan, -0.1, 5, 10**400])
def test_an_interval_check_level_outside_0_1_is_refused(name: str, value: Any) -> None:
    # Kept as given: 10**400 was an OverflowError in str(PlanCheck), 5 printed "500.0%".
    with pytest.raises(ConfigError, match=rf"^{name}: "):
        _interval(**{name: value})


def test_an_interval_check_refuses_a_negative_row_and_a_naive_start() -> None:
    with pytest.raises(ConfigError, match=r"^index must be a count"):
        _interval(index=-1)
    with pytest.raises(NaiveDatetimeError, match=r"^start: naive datetime 2026-01-01"):
        _interval(start=datetime(2026, 1, 1))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"within": math.nan}, r"^within: expected a finite number of seconds ≥ 0, got float nan"),
        ({"within": -5}, r"^within: expected a finite number of seconds ≥ 0, got int -5"),
        ({"level": 7}, r"^level must be a number in \(0, 1\), got int 7"),
    ],
)
def test_a_plan_check_refuses_a_bad_answer_time_or_level(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        PlanCheck(**{"within": 20.0, "level": 0.95, "intervals": (), **changes})


@given(st.floats(0, 1), st.floats(0, 1))
def test_an_interval_is_short_exactly_when_its_high_misses_the_target(
    target: float, high: float
) -> None:
    check = _interval(target=target, low=0.0, high=high)
    assert check.short == (high < target)
    assert PlanCheck(20.0, 0.95, (check,)).passed == (high >= target)


def test_a_backtest_refuses_no_weeks_a_bad_level_and_rows_of_junk() -> None:
    row = BacktestRow("all", 10, 1.0, 1.0, 1.0, 1.0, 0.5)
    with pytest.raises(StaffingError, match=r"^weeks: a backtest holds at least one held-out"):
        Backtest((), 0.8, (row,))  # str() was an IndexError
    with pytest.raises(InputTypeError, match=r"^level must be a number in \(0, 1\), got str"):
        Backtest((MONDAY.date(),), "0.8", (row,))  # str() was a ValueError
    with pytest.raises(InputTypeError, match=r"^mae: expected int or float, got NoneType"):
        BacktestRow("all", 10, None, 1.0, 1.0, 1.0, 0.5)  # str() was a TypeError
    text = str(Backtest((MONDAY.date(),), 0.8, (row,)))
    assert text.startswith("backtest on 1 weeks from 2026-03-02: 80 % intervals")
