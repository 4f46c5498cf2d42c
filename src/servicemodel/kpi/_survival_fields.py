"""Field checks of the survival accumulators (attrs validators and converters)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from servicemodel._config import one_of, safe_repr
from servicemodel._numbers import is_bool
from servicemodel._validators import require_iterable
from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError, require_instant
from servicemodel.kpi._clock_durations import UNIT_SECONDS
from servicemodel.kpi._count_table import Row
from servicemodel.kpi._survival_curve import check_horizon, check_percentile
from servicemodel.kpi._ticket_base import utc

__all__ = ["as_of_field", "calendar_field", "horizon", "percentiles", "rows", "unit"]


def unit(_instance: Any, _attribute: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise InputTypeError(
            f"unit: expected one of {list(UNIT_SECONDS)}, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    if not one_of(value, UNIT_SECONDS):  # text not allowed: a ValueError
        raise ConfigError(f"unit: expected one of {list(UNIT_SECONDS)}, got {safe_repr(value)}")


def percentiles(value: Any) -> tuple[float, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InputTypeError(f"percentiles: expected numbers in (0, 100], got {safe_repr(value)}")
    return tuple(sorted({check_percentile(q) for q in value}))


def horizon(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        raise InputTypeError("horizon: give a number in the accumulator's unit, not a timedelta")
    return check_horizon(value)


def rows(value: Any) -> tuple[Row, ...]:
    out = tuple(require_iterable(value, "rows"))
    if _plain_rows(out):
        return out
    for row in out:
        # The rows counted here are exactly (float, int, int): the fast test takes them.
        if not (
            type(row) is tuple
            and len(row) == 3
            and type(row[0]) is float
            and type(row[1]) is int
            and type(row[2]) is int
            and 0.0 <= row[0] < math.inf
            and row[1] >= 0
            and row[2] >= 0
        ):
            _check_row(row)
    return out


def _plain_rows(out: tuple[Any, ...]) -> bool:
    """Whether every row is exactly ``(float >= 0, int >= 0, int >= 0)``, decided column-wise.

    The accumulators are rebuilt at every merge, so this runs once per merge over every row:
    each test here is one loop in C (``map`` of a builtin, ``min``/``max``), where a Python
    test per row cost a report on 20,000 tickets about a tenth of its time.
    """
    if not out or not _TUPLE.issuperset(map(type, out)) or not _THREE.issuperset(map(len, out)):
        return False
    times, events, censored = zip(*out, strict=True)
    return (
        _FLOAT.issuperset(map(type, times))
        and _INT.issuperset(map(type, events))
        and _INT.issuperset(map(type, censored))
        and not any(map(math.isnan, times))
        and min(times) >= 0.0
        and max(times) < math.inf
        and min(events) >= 0
        and min(censored) >= 0
    )


_TUPLE = frozenset((tuple,))
_THREE = frozenset((3,))
_FLOAT = frozenset((float,))
_INT = frozenset((int,))


def _check_row(row: Any) -> None:
    """Refuse a row that is no ``(time >= 0, events >= 0, censored >= 0)`` triple of numbers.

    A triple of the right types with a value not allowed (a negative, NaN or infinite time, a
    negative count) is a ``ConfigError``; anything else (no tuple, a tuple of another length, a
    bool, text) an ``InputTypeError``. Both name the row.
    """
    error: type[ServiceModelError] = InputTypeError
    ok = isinstance(row, tuple) and len(row) == 3  # a tuple of another length is no triple
    if ok:
        time, events, censored = row
        typed = (
            isinstance(time, int | float)
            and not is_bool(time)
            and all(isinstance(c, int) and not is_bool(c) for c in (events, censored))
        )
        ok = typed and 0 <= time < math.inf and events >= 0 and censored >= 0
        if typed and not ok:
            error = ConfigError
    if not ok:
        raise error(
            "rows: expected (time, events, censored) triples of a number >= 0 and two counts, "
            f"got {type(row).__name__} {safe_repr(row)}"
        )


def as_of_field(value: Any) -> datetime:
    # require_instant, not require_aware: an instant at the ends of the range has no UTC form.
    return utc(require_instant(value, "as_of"))


def calendar_field(_instance: Any, _attribute: Any, value: Any) -> None:
    if value is not None and not callable(getattr(value, "elapsed", None)):
        raise InputTypeError(
            f"calendar: expected an object with elapsed(a, b) -> timedelta, got {safe_repr(value)}"
        )
