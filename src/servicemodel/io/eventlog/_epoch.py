"""Private: ``timestamp_unit``: timestamps written as a count since the Unix epoch.

Some exports write an instant as a number: Jira Service Management's SLA fields give
``epochMillis`` beside the text, a database dump flattens it so, and a frame may hold it as
an integer (or, with a missing value in the column, as a float). With ``timestamp_unit`` set,
such a cell is that many seconds (``"s"``) or milliseconds (``"ms"``) since
1970-01-01T00:00:00Z, an instant in UTC: no zone to guess, so ``tz`` plays no part. The count
is read exactly (a ``Decimal``, never a binary float's approximation of a long text), to the
microsecond, half to even.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import (
    INSTANT_RANGE,
    MAX_INSTANT,
    MIN_INSTANT,
    ConfigError,
    InputTypeError,
    OutOfRangeError,
)

__all__ = ["UNITS", "epoch_instant", "read_unit"]

#: The units ``timestamp_unit`` takes, as microseconds per unit.
UNITS = {"s": 1_000_000, "ms": 1_000}
#: One microsecond in each unit, and its power of ten.
_STEPS = {"s": (Decimal("1e-6"), 6), "ms": (Decimal("1e-3"), 3)}
#: A count of 10**16 or more (either sign) lies far outside the supported range (about
#: 2.5e11 seconds, 2.5e14 milliseconds): refused before any arithmetic, which would overflow
#: the decimal context for ``Decimal("1e999999")``.
_MAX_ADJUSTED = 15
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: A count as text: digits, an optional sign and fraction (no exponent, no spaces inside).
_COUNT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
#: Longer texts cannot be an instant in the supported range (and are not parsed at all).
_MAX_DIGITS = 40
_MIN_US = (MIN_INSTANT - _EPOCH) // timedelta(microseconds=1)
_MAX_US = (MAX_INSTANT - _EPOCH) // timedelta(microseconds=1)


def read_unit(value: Any, path: str = "timestamp_unit") -> str | None:
    """The ``timestamp_unit`` option: ``None`` (timestamps are text), ``"s"`` or ``"ms"``.

    Examples:
        >>> read_unit("ms")
        'ms'
        >>> read_unit("millis")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: timestamp_unit: unknown unit 'millis'; expected 's' (seconds) or 'ms' (milliseconds) since the Unix epoch, or none for text timestamps
    """  # noqa: E501
    if value is None:
        return None
    if type(value) is not str or value not in UNITS:
        raise ConfigError(
            f"unknown unit {safe_repr(value)}; expected 's' (seconds) or 'ms' (milliseconds) "
            "since the Unix epoch, or none for text timestamps",
            path=path,
        )
    return value


def epoch_instant(value: Any, unit: str) -> datetime:
    """The instant ``value`` counts in ``unit`` since the Unix epoch, in UTC.

    ``value`` is an ``int``, a whole-or-fractional ``float``, a ``Decimal``, or text of
    digits with an optional sign and fraction (spaces around it are dropped). Anything else
    is an ``InputTypeError``; a count outside the supported range an ``OutOfRangeError``; text
    that is no count a ``ConfigError``, each naming the value.

    Examples:
        >>> epoch_instant(1772442000123, "ms").isoformat()
        '2026-03-02T09:00:00.123000+00:00'
        >>> epoch_instant("1772442000", "s").isoformat()
        '2026-03-02T09:00:00+00:00'
        >>> epoch_instant("2026-03-02", "s")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: not a count of seconds since the Unix epoch: '2026-03-02' (timestamp_unit = "s"; leave it unset for text timestamps)
    """  # noqa: E501
    count = _count(value, unit)
    us = None
    if count.adjusted() <= _MAX_ADJUSTED:
        # quantize rounds the whole count (half to even) to the microsecond; a product at the
        # context's 28 digits would first round a longer count, sometimes to the wrong side.
        step, digits = _STEPS[unit]
        us = int(count.quantize(step, rounding=ROUND_HALF_EVEN).scaleb(digits))
    if us is None or not _MIN_US <= us < _MAX_US:
        raise OutOfRangeError(
            f"{safe_repr(value)} {_NAMES[unit]} since the Unix epoch lies outside the supported "
            f"range {INSTANT_RANGE}"
        )
    return _EPOCH + timedelta(microseconds=int(us))


_NAMES = {"s": "seconds", "ms": "milliseconds"}


def _count(value: Any, unit: str) -> Decimal:
    """``value`` as an exact, finite ``Decimal``, or the error naming it."""
    kind = type(value)
    if kind is int:
        return Decimal(value)
    if kind is float or kind is Decimal:
        number = Decimal(value)
        if number.is_finite():
            return number
    elif kind is str:
        text = value.strip()
        if len(text) <= _MAX_DIGITS and _COUNT.fullmatch(text):
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only counts
                pass
        raise ConfigError(
            f"not a count of {_NAMES[unit]} since the Unix epoch: {safe_repr(value)} "
            f'(timestamp_unit = "{unit}"; leave it unset for text timestamps)'
        )
    elif hasattr(value, "__index__") and not isinstance(value, bool):
        return Decimal(value.__index__())  # a numpy integer
    elif isinstance(value, float) and not isinstance(value, bool):
        number = Decimal(float(value))  # a numpy float
        if number.is_finite():
            return number
    raise InputTypeError(
        f"expected a count of {_NAMES[unit]} since the Unix epoch, got "
        f"{type(value).__name__} {safe_repr(value)}"
    )
