"""Instant arithmetic that stays inside the supported range (years 2..9998, UTC).

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> utc_add(datetime(2026, 1, 5, 9, tzinfo=UTC), timedelta(hours=1)).hour
    10
    >>> utc_add(datetime(2026, 1, 5, tzinfo=UTC), timedelta.max)
    Traceback (most recent call last):
    ...
    servicemodel.errors.OutOfRangeError: 2026-01-05T00:00:00+00:00 + ... lies outside ...
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.calendar._table import EPOCH, MAX_US, MIN_US, ONE_US
from servicemodel.errors import (
    INSTANT_RANGE,
    MAX_INSTANT,
    MIN_INSTANT,
    InputTypeError,
    OutOfRangeError,
    require_aware,
    require_instant,
)

__all__ = ["duration_us", "in_range", "instant", "out_of_range", "past_range", "utc_add"]


def utc_add(t: datetime, d: timedelta) -> datetime:
    """Return ``t + d`` in UTC, or raise `OutOfRangeError` naming both if it leaves the range."""
    # Aware subtraction cannot overflow, so the bounds are checked before any addition can.
    if not MIN_INSTANT - t <= d < MAX_INSTANT - t:
        raise OutOfRangeError(
            f"{t.isoformat()} + {safe_repr(d)} lies outside the supported range {INSTANT_RANGE}"
        )
    return t.astimezone(UTC) + d


def instant(t: Any, name: str) -> int:
    """``t`` as microseconds since the epoch; the range is the caller's to check."""
    # The subtraction fails with TypeError for anything but an aware datetime; only then pay
    # for the precise error. (A calendar's year table ends where the supported range does, so
    # queries that reach the table are range-checked there, off the hot path.)
    try:
        x = (t - EPOCH) // ONE_US
    except TypeError:
        require_aware(t, name)
        raise
    if not isinstance(x, int):
        # pandas' NaT is a datetime without a zone that subtracts to NaT, and NaT // 1 µs is
        # a float NaN: refuse it here, as the missing instant it is, before it reaches a table.
        require_aware(t, name)
        raise InputTypeError(f"{name}: expected an aware datetime, got {safe_repr(t)}")
    return x


def duration_us(d: Any) -> int:
    """``d`` (a timedelta) as whole microseconds, floored; anything else is an InputTypeError.

    Examples:
        >>> duration_us(timedelta(seconds=1, microseconds=5))
        1000005
        >>> duration_us(float("nan"))
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: d: expected a timedelta, got float nan
    """
    try:
        step = d // ONE_US
    except TypeError:
        step = None
    # pandas' NaT // 1 µs is a float NaN, not a TypeError.
    if not isinstance(step, int):
        raise InputTypeError(f"d: expected a timedelta, got {type(d).__name__} {safe_repr(d)}")
    return step


def in_range(x: int, t: datetime, name: str) -> int:
    """Return ``x`` (``t`` in microseconds) if it is in the supported range, else raise."""
    if not MIN_US <= x < MAX_US:
        require_instant(t, name)
    return x


def out_of_range(*named: tuple[datetime, str]) -> OutOfRangeError:
    """The error for a table that found an instant outside the range: name the instant."""
    for t, name in named:
        require_instant(t, name)
    t, name = named[0]
    return OutOfRangeError(
        f"{name}: the answer for {t.isoformat()} lies outside the supported range {INSTANT_RANGE}"
    )


def past_range(t: datetime, d: timedelta, op: str = "add") -> OutOfRangeError:
    """The error for ``op(t, d)`` whose answer would leave the supported range."""
    return OutOfRangeError(
        f"{op}({t.isoformat()}, {safe_repr(d)}): the result lies outside the supported range "
        f"{INSTANT_RANGE}"
    )
