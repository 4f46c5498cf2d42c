"""Regressions: the last open sites of the public-API sweep's ledger (``KNOWN``).

Each case is the smallest call that broke the contract at one ledger site: bad input gets a
specific ``ServiceModelError`` whose message names the field or argument and the value; never
another exception type, never a hang, never a silently wrong number.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, ServiceModelError
from servicemodel.kpi import Durations, as_timedelta

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

#: A 5,000-digit int: ``repr`` and ``str`` refuse it, ``float`` overflows.
HUGE = 10**5000

#: Values an ``on_error`` option can be that are no text; an array answers ``==`` with an array.
NOT_TEXT = [np.array([1, 2]), None, 1, ["raise"], HUGE]


# --------------------------------------------------------------------------- io


@pytest.mark.parametrize("on_error", NOT_TEXT, ids=lambda v: type(v).__name__)
def test_eventlog_on_error_that_is_no_text_is_a_config_error(on_error: Any) -> None:
    from servicemodel.io import eventlog

    row = {"case:concept:name": "C", "concept:name": "x", "time:timestamp": "2026-03-02T09:00Z"}
    with pytest.raises(ConfigError, match="on_error must be 'raise' or 'collect'"):
        eventlog.histories([row], on_error=on_error)


@pytest.mark.parametrize("on_error", NOT_TEXT, ids=lambda v: type(v).__name__)
def test_summary_load_on_error_that_is_no_text_is_a_config_error(on_error: Any) -> None:
    from servicemodel.io import summary

    with pytest.raises(ConfigError, match="on_error must be 'raise' or 'collect'"):
        summary.load("tests/data/summary/tickets.csv", on_error=on_error)


def _raises_library_error(fn: Any, *args: Any, **kwargs: Any) -> ServiceModelError:
    """Call ``fn``; it must raise a ``ServiceModelError`` with a message (returned)."""
    with pytest.raises(ServiceModelError) as info:
        fn(*args, **kwargs)
    assert str(info.value).strip()
    return info.value


# --------------------------------------------------------------------------- kpi: durations


@pytest.mark.parametrize(
    ("value", "unit"),
    [("1", "s"), ([1], "s"), (math.nan, "h"), (True, "s"), (HUGE, "s"), (1e300, "d"), (1, [])],
    ids=["text", "list", "nan", "bool", "huge", "past-timedelta", "unit-list"],
)
def test_as_timedelta_refuses_what_is_no_finite_number(value: Any, unit: Any) -> None:
    _raises_library_error(as_timedelta, value, unit)


def test_as_timedelta_still_converts_numbers() -> None:
    assert as_timedelta(Decimal("1.5"), "h") == timedelta(minutes=90)
    assert as_timedelta(None) is None


@pytest.mark.parametrize(
    "values",
    [1, None, ["a"], [math.nan], [math.inf, 1.0], [-1.0], [True], [HUGE]],
    ids=["int", "none", "text", "nan", "inf", "negative", "bool", "huge"],
)
def test_durations_values_are_checked_at_construction(values: Any) -> None:
    # Was: values=1 raised a bare TypeError in the converter; values=["a"] was kept and
    # mean() failed with a TypeError deep in the sums.
    error = _raises_library_error(attrs.evolve, Durations.empty(), values=values)
    assert "values" in str(error)


def test_durations_values_are_read_as_sorted_floats() -> None:
    # Percentiles read the values by rank: unsorted values gave a wrong median silently.
    d = attrs.evolve(Durations.empty(), values=[3, Fraction(1, 2), 2.0])
    assert d.values == (0.5, 2.0, 3.0)
    assert d.median().value == 2.0


@given(st.lists(st.floats(0, 1e300), max_size=30))
def test_durations_values_keep_any_valid_list_as_its_sorted_floats(values: list[float]) -> None:
    assert attrs.evolve(Durations.empty(), values=values).values == tuple(sorted(values))


@pytest.mark.parametrize(
    "buckets",
    [1, [1], [(1,)], [(1, 0)], [("a", 1)], [(1, True)], [(1, 1), (1, 2)]],
    ids=["int", "no-pair", "short", "zero-count", "text", "bool", "twice"],
)
def test_durations_buckets_are_checked_at_construction(buckets: Any) -> None:
    sketch = Durations.empty(sketch=True)
    error = _raises_library_error(attrs.evolve, sketch, buckets=buckets)
    assert "buckets" in str(error)
