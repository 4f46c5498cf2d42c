"""Field checks of the survival accumulators (attrs validators and converters)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from servicemodel._config import one_of, safe_repr
from servicemodel._numbers import real_number
from servicemodel.errors import InputTypeError, require_aware
from servicemodel.kpi._clock_durations import UNIT_SECONDS
from servicemodel.kpi._count_table import Row
from servicemodel.kpi._survival_curve import check_percentile
from servicemodel.kpi._ticket_base import utc

__all__ = ["as_of_field", "calendar_field", "horizon", "percentiles", "rows", "unit"]


def unit(_instance: Any, _attribute: Any, value: Any) -> None:
    if not one_of(value, UNIT_SECONDS):
        raise InputTypeError(f"unit: expected one of {list(UNIT_SECONDS)}, got {safe_repr(value)}")


def percentiles(value: Any) -> tuple[float, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InputTypeError(f"percentiles: expected numbers in (0, 100], got {safe_repr(value)}")
    return tuple(sorted({check_percentile(q) for q in value}))


def horizon(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        raise InputTypeError("horizon: give a number in the accumulator's unit, not a timedelta")
    x = real_number(value, "horizon", error=InputTypeError)
    if x < 0:
        raise InputTypeError(f"horizon must be >= 0, got {safe_repr(value)}")
    return x


def rows(value: Any) -> tuple[Row, ...]:
    return tuple(value)


def as_of_field(value: Any) -> datetime:
    return utc(require_aware(value, "as_of"))


def calendar_field(_instance: Any, _attribute: Any, value: Any) -> None:
    if value is not None and not callable(getattr(value, "elapsed", None)):
        raise InputTypeError(
            f"calendar: expected an object with elapsed(a, b) -> timedelta, got {safe_repr(value)}"
        )
