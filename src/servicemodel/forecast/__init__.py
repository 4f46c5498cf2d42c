"""Arrival forecasts from a ticket history, weekly staffing plans, and their check by simulation.

- [`forecast_arrivals`][servicemodel.forecast.forecast_arrivals]: contacts per channel and half
  hour of the week (336 slots, local time), the mean of the last weeks' counts with
  prediction intervals; closed slots (nights, holidays, closures of a
  [`BusinessCalendar`][servicemodel.calendar.BusinessCalendar]) are left out of the estimate
  and forecast as 0.
- [`backtest`][servicemodel.forecast.backtest]: forecast each of the last weeks from the weeks
  before it; MASE against the seasonal-naive forecast (Hyndman & Koehler 2006).
- [`plan_week`][servicemodel.forecast.plan_week]: the agents each half hour needs (Erlang C or
  A), via [`plan_intervals`][servicemodel.staffing.plan_intervals].
- [`check_plan`][servicemodel.forecast.check_plan]: simulate each staffed interval with
  [`servicemodel.simulate`][servicemodel.simulate] and compare its service level with the
  target, with batch-means intervals.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import Ticket
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> from servicemodel.forecast import forecast_arrivals
    >>> ts = [Ticket(f"T{i}-{k}", t0 + timedelta(weeks=i, seconds=k))
    ...       for i in range(3) for k in range(100)]
    >>> f = forecast_arrivals(ts, since=t0.replace(hour=0), until=t0 + timedelta(weeks=3))
    >>> f.weeks_used, f.calls()[18], f.start.date().isoformat()
    (3, 100.0, '2026-03-30')
"""

from servicemodel._public import publish
from servicemodel.forecast._arrivals import (
    SLOTS,
    ArrivalForecast,
    HistoryTooShortError,
    WeeklyCounts,
    count_arrivals,
    forecast_arrivals,
    handle_times,
)
from servicemodel.forecast._backtest import Backtest, BacktestRow, backtest
from servicemodel.forecast._check import IntervalCheck, PlanCheck, check_plan, plan_week

__all__ = [
    # counting and forecasting arrivals
    "SLOTS",
    "ArrivalForecast",
    "HistoryTooShortError",
    "WeeklyCounts",
    "count_arrivals",
    "forecast_arrivals",
    "handle_times",
    # backtest
    "Backtest",
    "BacktestRow",
    "backtest",
    # the plan and its check by simulation
    "IntervalCheck",
    "PlanCheck",
    "check_plan",
    "plan_week",
]

publish(__name__, globals(), __all__)
