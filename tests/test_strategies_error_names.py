"""A wrong option's error names the strategy the user called and the option, first thing.

A failing property in another project's suite shows one line; it has to say which call was
wrong. ``service_standards(calendars=...)`` was reported as ``response_standards``' option (the
strategy it draws from), ``report_options(zones=["zz"])`` only at the draw as the report's
``tz``, a ``help_sessions(started_at=...)`` strategy drawing a non-instant as the session's
``started_at`` field, and a lone string for a list of zones or metrics as "a list of object
values".
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import servicemodel.strategies as strategies
from servicemodel.errors import ConfigError, InputTypeError, NaiveDatetimeError, ServiceModelError
from test_strategies_args import HOSTILE, OPTIONS, _make


def _first(strategy: Any) -> Any:
    return find(strategy, lambda _: True, settings=settings(database=None))


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(OPTIONS),
    st.sampled_from([*HOSTILE, st.integers(), st.datetimes()]),
    st.data(),
)
def test_the_error_starts_with_the_strategy_called_and_names_the_option(
    option: tuple[str, str], value: Any, data: st.DataObject
) -> None:
    name, keyword = option
    try:
        data.draw(_make(name, **{keyword: value}))
    except ServiceModelError as err:
        message = str(err)
    else:
        return  # a value the option takes
    assert message.startswith(f"{name}: "), message
    assert keyword in message, message


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: strategies.service_standards(calendars=5),
            InputTypeError,
            "service_standards: calendars must be a Hypothesis strategy (or None), got 5",
        ),
        (
            lambda: strategies.service_standards(calendars=st.just(5)),
            InputTypeError,
            "service_standards: calendars drew 5, not a BusinessCalendar",
        ),
        (
            lambda: strategies.report_options(zones=["Nowhere/Town"]),
            ConfigError,
            "report_options: zones: unknown time zone 'Nowhere/Town'",
        ),
        (
            lambda: strategies.help_sessions(started_at=st.just(5)),
            InputTypeError,
            "help_sessions: started_at drew 5, not a datetime",
        ),
        (
            lambda: strategies.help_sessions(started_at=st.datetimes()),
            NaiveDatetimeError,
            "help_sessions: started_at drew the naive datetime",
        ),
        (
            lambda: strategies.aware_datetimes(timezones="UTC"),
            InputTypeError,
            "aware_datetimes: timezones must be a non-empty list of zone names, got 'UTC'",
        ),
        (
            lambda: strategies.calendars(zones="UTC"),
            InputTypeError,
            "calendars: zones must be a non-empty list of zone names, got 'UTC'",
        ),
        (
            lambda: strategies.policies(metrics="first_reply"),
            InputTypeError,
            "policies: metrics must be a non-empty list of Metric values, got 'first_reply'",
        ),
        (
            lambda: strategies.conditions(kinds=5),
            InputTypeError,
            "conditions: kinds must be a non-empty list of condition classes, got 5",
        ),
    ],
)
def test_each_error_reads_as_the_call(call: Any, error: type, message: str) -> None:
    with pytest.raises(error) as caught:
        _first(call())
    assert str(caught.value).startswith(message)


def test_an_unknown_report_zone_is_refused_where_the_strategy_is_made() -> None:
    # Not only at the draw: report_options checks its zones as calendars() does.
    with pytest.raises(ConfigError, match="report_options: zones"):
        strategies.report_options(zones=["UTC", "Nowhere/Town"])
