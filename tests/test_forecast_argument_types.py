"""The forecast functions read their counts, levels and modes by the library's rule.

A value of the wrong type (a bool, text, None where None is no choice, bytes, a list, a numpy
time) is an ``InputTypeError``; a right-typed value not allowed (0 weeks, ``recent=1``, 2.5, an
unknown mode) a ``ConfigError``; each names the argument, the value and what is allowed. A
numpy integer is the count it holds, whatever its width (docs/staffing.md, "Arrival forecasts
from a ticket history"). A ``StaffingError`` is kept for outcomes (a history too short).
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._cli_common import run_command
from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError, StaffingError
from servicemodel.forecast import (
    HistoryTooShortError,
    backtest,
    check_plan,
    forecast_arrivals,
    handle_times,
    plan_week,
)
from servicemodel.model import Ticket
from servicemodel.staffing import ServiceLevelTarget, WeeklyPlan, plan_intervals

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
TARGET = ServiceLevelTarget(0.8, 20)
STEADY = plan_intervals([100, 60], aht=180, targets=[TARGET])

#: Seven full weeks whose counts differ week to week (so no backtest figure is NaN).
TICKETS = [
    Ticket(f"T{w}-{k}", MONDAY + timedelta(weeks=w, hours=9, minutes=k))
    for w in range(8)
    for k in range(1 + (w * 5) % 7)
]
UNTIL = MONDAY + timedelta(weeks=7)


def _week_plan() -> WeeklyPlan:
    forecast = forecast_arrivals(TICKETS, until=UNTIL)
    return plan_week(forecast, aht=180, targets=[TARGET])


WEEK = _week_plan()

#: name -> (call with the value, lowest allowed, highest allowed or None).
COUNTS: dict[str, tuple[Callable[[Any], Any], int, int | None]] = {
    "forecast_arrivals(recent=)": (lambda v: forecast_arrivals(TICKETS, recent=v), 2, None),
    "backtest(weeks=)": (lambda v: backtest(TICKETS, weeks=v, until=UNTIL), 1, 5),
    "backtest(recent=)": (lambda v: backtest(TICKETS, weeks=2, recent=v, until=UNTIL), 2, None),
    "check_plan(batches=)": (lambda v: check_plan(STEADY, batches=v), 2, 4),
    "check_plan(weeks=)": (
        lambda v: check_plan(WEEK, mode="week", weeks=v, intervals=[18]),
        2,
        3,
    ),
    "check_plan(intervals=[i])": (lambda v: check_plan(STEADY, batches=2, intervals=[v]), 0, 1),
}

#: The argument each call names in its message.
NAMES = {
    "forecast_arrivals(recent=)": "recent",
    "backtest(weeks=)": "weeks",
    "backtest(recent=)": "recent",
    "check_plan(batches=)": "batches",
    "check_plan(weeks=)": "weeks",
    "check_plan(intervals=[i])": "intervals[0] (a row index)",
}

NUMPY_INTS = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]

WRONG_TYPES = st.one_of(
    st.booleans(),
    st.sampled_from([np.True_, np.False_]),
    st.text(max_size=4),
    st.binary(max_size=4),
    st.lists(st.integers(0, 3), max_size=2),
    st.just(np.timedelta64(3, "s")),
    st.complex_numbers(max_magnitude=5, allow_nan=False),
)


def _expect(error: type[Exception], name: str, call: Callable[[Any], Any], value: Any) -> str:
    with pytest.raises(error) as info:
        call(value)
    message = str(info.value)
    assert type(info.value) is error, message  # not a subclass standing in for it
    assert message.startswith(f"{name} must be a whole number "), message
    assert message.endswith(safe_repr(value)), message
    return message


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(sorted(COUNTS)), value=WRONG_TYPES)
def test_a_wrong_typed_count_is_an_input_type_error_naming_it(key: str, value: Any) -> None:
    call, _, _ = COUNTS[key]
    _expect(InputTypeError, NAMES[key], call, value)


@pytest.mark.parametrize("key", [k for k in sorted(COUNTS) if "recent" not in k])
def test_none_is_no_count_where_none_is_no_choice(key: str) -> None:
    call, _, _ = COUNTS[key]
    _expect(InputTypeError, NAMES[key], call, None)


@settings(max_examples=40, deadline=None)
@given(
    key=st.sampled_from(sorted(COUNTS)),
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: not x.is_integer()),
        st.integers(-(10**6), -1),
    ),
)
def test_a_number_that_is_no_count_is_a_config_error_naming_it(key: str, value: float) -> None:
    call, _, _ = COUNTS[key]
    _expect(ConfigError, NAMES[key], call, value)


@pytest.mark.parametrize("key", sorted(COUNTS))
def test_a_whole_number_out_of_range_is_a_config_error_saying_what_is_allowed(key: str) -> None:
    call, low, high = COUNTS[key]
    message = _expect(ConfigError, NAMES[key], call, low - 1)
    allowed = f"≥ {low}" if high is None or key.startswith("backtest(weeks") else f"from {low} to"
    assert allowed in message


@settings(max_examples=24, deadline=None)
@given(data=st.data(), key=st.sampled_from(sorted(COUNTS)), dtype=st.sampled_from(NUMPY_INTS))
def test_a_numpy_int_in_range_is_the_int_it_holds(
    data: st.DataObject, key: str, dtype: type[np.integer[Any]]
) -> None:
    call, low, high = COUNTS[key]
    top = high if high is not None else low + 6
    count = data.draw(st.integers(low, min(top, int(np.iinfo(dtype).max))), label="count")
    # repr: a figure with nothing to average is NaN, and NaN != NaN.
    assert repr(call(dtype(count))) == repr(call(count))


def test_backtest_weeks_past_the_history_is_an_outcome_even_with_thousands_of_digits() -> None:
    # The right type and allowed, but the history cannot hold it: HistoryTooShortError. The
    # message's text of a 5,000-digit int raised ValueError (Python's int-to-text limit).
    with pytest.raises(HistoryTooShortError, match=r"^a backtest on <int of about 5001 digits>"):
        backtest(TICKETS, weeks=10**5000, until=UNTIL)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (True, InputTypeError),
        ("0.9", InputTypeError),
        (None, InputTypeError),
        (np.bool_(False), InputTypeError),
        (0, ConfigError),
        (1, ConfigError),
        (95, ConfigError),
        (float("nan"), ConfigError),
        (10**400, ConfigError),
    ],
)
@pytest.mark.parametrize("function", ["forecast_arrivals", "backtest", "check_plan"])
def test_a_level_is_a_number_in_0_1(value: Any, error: type[Exception], function: str) -> None:
    calls: dict[str, Callable[[Any], Any]] = {
        "forecast_arrivals": lambda v: forecast_arrivals(TICKETS, level=v),
        "backtest": lambda v: backtest(TICKETS, weeks=2, level=v, until=UNTIL),
        "check_plan": lambda v: check_plan(STEADY, batches=2, level=v),
    }
    with pytest.raises(error) as info:
        calls[function](value)
    assert type(info.value) is error
    said = "level must be a number in (0, 1), got "
    assert str(info.value).startswith(said)
    assert str(info.value).endswith(safe_repr(value))


@pytest.mark.parametrize("level", [np.float32(0.9), np.float64(0.9), 0.9])
def test_a_numpy_float_level_is_the_level_it_holds(level: Any) -> None:
    # The library's one rule of a level: a numpy number is the decimal it prints as
    # (float32(0.9) is 0.9, not the 0.8999999761581421 its bits hold).
    assert check_plan(STEADY, batches=2, level=level).level == 0.9


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        (True, InputTypeError),
        (None, InputTypeError),
        (b"week", InputTypeError),
        (np.array(["week"]), InputTypeError),
        ("weekly", ConfigError),
        ("Steady", ConfigError),
        ("", ConfigError),
    ],
)
def test_a_mode_is_steady_or_week(mode: Any, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        check_plan(STEADY, batches=2, mode=mode)
    assert type(info.value) is error
    assert str(info.value).startswith("mode must be 'steady' or 'week', got ")


@pytest.mark.parametrize(
    ("value", "error"),
    [(True, InputTypeError), ("3", InputTypeError), (0, ConfigError), (-1.5, ConfigError)],
)
def test_hours_per_batch_is_a_positive_number(value: Any, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        check_plan(STEADY, batches=2, hours_per_batch=value)
    assert type(info.value) is error
    assert str(info.value).startswith("hours_per_batch must be a positive finite number, got ")


@pytest.mark.parametrize("channel", [True, 3, np.int64(3), b"email"])
def test_a_channel_that_is_no_text_is_an_input_type_error(channel: Any) -> None:
    forecast = forecast_arrivals(TICKETS, until=UNTIL)
    with pytest.raises(InputTypeError, match=r"^channel: expected a channel name \(str\)"):
        forecast.calls(channel)
    # A name the forecast does not hold stays what it was: no forecast for that channel.
    with pytest.raises(StaffingError, match="no forecast for channel 'phone'"):
        forecast.calls("phone")


def test_an_input_type_error_in_a_command_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The command's runner catches every ServiceModelError: an InputTypeError (no ConfigError
    # nor StaffingError) is one line on standard error, never a traceback.
    def run(_args: argparse.Namespace, _out: TextIO) -> int:
        check_plan(STEADY, mode=None)  # type: ignore[arg-type]
        return 0

    args = argparse.Namespace(output=None)
    assert run_command(run, args, None, io.StringIO(), prog="servicemodel staff") == 2
    err = capsys.readouterr().err
    assert err == "servicemodel staff: error: mode must be 'steady' or 'week', got NoneType None\n"


@pytest.mark.parametrize("flag", [True, np.True_])
def test_a_handle_time_given_as_a_bool_is_an_input_type_error(flag: Any) -> None:
    chat = [Ticket("A", MONDAY, channel="chat", attributes={"handle_time": flag})]
    with pytest.raises(InputTypeError, match=r"^tickets\[0\]\.attributes\.handle_time: expected"):
        handle_times(chat)
    with pytest.raises(InputTypeError, match=r"^given\['chat'\]: expected a number, got "):
        handle_times([], given={"chat": flag})
