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

from servicemodel._config import safe_repr
from servicemodel.errors import INSTANT_RANGE, MAX_INSTANT, MIN_INSTANT, OutOfRangeError

__all__ = ["utc_add"]


def utc_add(t: datetime, d: timedelta) -> datetime:
    """Return ``t + d`` in UTC, or raise `OutOfRangeError` naming both if it leaves the range."""
    # Aware subtraction cannot overflow, so the bounds are checked before any addition can.
    if not MIN_INSTANT - t <= d < MAX_INSTANT - t:
        raise OutOfRangeError(
            f"{t.isoformat()} + {safe_repr(d)} lies outside the supported range {INSTANT_RANGE}"
        )
    return t.astimezone(UTC) + d
