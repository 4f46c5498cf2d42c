"""Private: reading one duration value, and the units and checks ``Durations`` shares.

Examples:
    >>> one_duration(timedelta(minutes=2), "wait", lambda: 60.0)
    2.0
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from datetime import timedelta
from itertools import islice
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool, real_number
from servicemodel._validators import as_tuple
from servicemodel.errors import ConfigError, InputTypeError, ScaleError

__all__ = [
    "MIN_RELATIVE_ACCURACY",
    "UNIT_SECONDS",
    "as_timedelta",
    "bucket_tuple",
    "check_accuracy",
    "check_unit",
    "float_tuple",
    "is_missing",
    "one_duration",
]

UNIT_SECONDS: dict[str, float] = {"s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0}


def as_timedelta(value: float | None, unit: str = "s") -> timedelta | None:
    """Turn a result value in a time ``unit`` back into a ``timedelta`` (``None`` stays ``None``).

    Examples:
        >>> as_timedelta(1.5, "h")
        datetime.timedelta(seconds=5400)
    """
    if value is None:
        return None
    if not isinstance(unit, str):
        raise InputTypeError(
            f"unit {type(unit).__name__} {safe_repr(unit)} is not a time unit; use one of "
            f"{list(UNIT_SECONDS)}"
        )
    if unit not in UNIT_SECONDS:  # text not allowed: a ValueError
        raise ConfigError(
            f"unit {safe_repr(unit)} is not a time unit; use one of {list(UNIT_SECONDS)}"
        )
    seconds = real_number(value, "value") * UNIT_SECONDS[unit]
    try:
        return timedelta(seconds=seconds)
    except OverflowError:
        raise ScaleError(
            f"value: {safe_repr(value)} {unit} is beyond the timedelta range"
        ) from None


#: The finest sketch accuracy accepted: below it ``γ = (1 + α)/(1 − α)`` rounds towards 1 and
#: ``log γ`` loses its digits (at 1e-17 it is exactly 0, a division by zero).
MIN_RELATIVE_ACCURACY = 1e-6


def check_unit(_instance: Any, _attribute: Any, unit: Any) -> None:
    if not isinstance(unit, str):
        raise InputTypeError(f"unit must be a string, got {safe_repr(unit)}")


def check_accuracy(_instance: Any, _attribute: Any, alpha: Any) -> None:
    if is_bool(alpha) or not isinstance(alpha, float | int):
        raise InputTypeError(
            f"relative_accuracy must be a number in [{MIN_RELATIVE_ACCURACY:g}, 1), got "
            f"{type(alpha).__name__} {safe_repr(alpha)}"
        )
    if not MIN_RELATIVE_ACCURACY <= alpha < 1:  # a number not allowed: a ValueError
        raise ConfigError(
            f"relative_accuracy must be in [{MIN_RELATIVE_ACCURACY:g}, 1), got {safe_repr(alpha)}"
        )


_FLOAT = frozenset({float})


def float_tuple(values: Any) -> tuple[float, ...]:
    """The converter of ``Durations.values``: sorted, finite, non-negative floats; else raise.

    The accumulator's own builders hand over a sorted tuple of checked floats, which passes
    with a few C-speed passes (types, sum, order) and no copy; any other number is read by
    ``real_number``. Unsorted values are sorted: the percentiles read them by rank.

    Examples:
        >>> float_tuple([2, 0.5])
        (0.5, 2.0)
        >>> float_tuple(["1h"])
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: values: expected a number, got str '1h'
    """
    out = as_tuple(values, "values")
    if not _FLOAT.issuperset(map(type, out)):
        out = tuple(real_number(v, "values") for v in out)
    elif not math.isfinite(sum(out)):  # NaN or an infinity (or a sum past the float range)
        bad = next((x for x in out if not math.isfinite(x)), None)
        if bad is not None:
            raise ScaleError(f"values: {bad!r} is not a finite value")
    if not all(map(operator.le, out, islice(out, 1, None))):
        out = tuple(sorted(out))
    if out and out[0] < 0:
        raise ScaleError(f"values: negative value {out[0]!r}")
    return out


def bucket_tuple(buckets: Any) -> tuple[tuple[int, int], ...]:
    """The converter of ``Durations.buckets``: ``(index, count)`` int pairs, counts >= 1.

    Sorted by index (ranks are read walking the buckets in order); an index twice is refused.

    Examples:
        >>> bucket_tuple([(3, 1), (-2, 4)])
        ((-2, 4), (3, 1))
        >>> bucket_tuple([(1, 0)])
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: buckets: expected (index, count >= 1) int pairs, got (1, 0)
    """  # noqa: E501
    out = as_tuple(buckets, "buckets")
    for pair in out:
        if not (
            type(pair) is tuple
            and len(pair) == 2
            and type(pair[0]) is int
            and type(pair[1]) is int
            and pair[1] >= 1
        ):
            raise InputTypeError(
                f"buckets: expected (index, count >= 1) int pairs, got {safe_repr(pair)}"
            )
    out = tuple(sorted(out))
    if len({index for index, _ in out}) != len(out):
        raise InputTypeError(f"buckets: an index appears twice in {safe_repr(out)}")
    return out


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    name = type(value).__name__
    if name == "timedelta64":  # numpy's NaT is the one value not equal to itself
        return bool(value != value)
    return name in {"NAType", "NaTType"}


def one_duration(value: Any, metric: str, seconds_per_unit: Callable[[], float]) -> float:
    """One value as a non-negative float in the accumulator's unit, or a named error.

    A ``timedelta`` (or numpy ``timedelta64``) is converted with ``seconds_per_unit()``;
    anything else goes through the one numeric intake (bools, NaN, infinities, huge ints and
    non-numbers refused).
    """
    if isinstance(value, timedelta):
        x = value.total_seconds() / seconds_per_unit()
    elif type(value).__name__ == "timedelta64":
        if is_missing(value):
            raise ScaleError(f"{metric}: {safe_repr(value)} is missing, not a duration")
        # numpy's float() of a timedelta64 ignores its unit: read microseconds instead.
        micros = int(value.astype("timedelta64[us]").astype("int64"))
        x = micros / 1e6 / seconds_per_unit()
    else:
        x = real_number(value, metric)
    if x < 0:
        raise ScaleError(f"{metric}: negative value {safe_repr(value)}")
    return x
