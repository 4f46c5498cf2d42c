"""Helpers shared by the ticket-history KPIs: input checks, count validators, UTC instants."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field
from servicemodel.errors import InputTypeError, require_instant
from servicemodel.kpi._estimate import Estimate
from servicemodel.model import TicketHistory

__all__ = ["as_history", "count_field", "optional_aware", "utc", "with_counts"]


def utc(t: datetime) -> datetime:
    """Return ``t`` in UTC (same-zone datetimes compare and subtract by wall clock)."""
    return t.astimezone(UTC)


def as_history(value: Any) -> TicketHistory:
    """Return ``value`` if it is a ``TicketHistory``, else raise ``InputTypeError``."""
    if not isinstance(value, TicketHistory):
        raise InputTypeError(
            f"expected a TicketHistory, got {type(value).__name__} {safe_repr(value)}"
        )
    return value


def optional_aware(name: str) -> Any:
    """Return an attrs validator accepting ``None`` or an aware datetime inside the range.

    An instant at the ends of the datetime range cannot be moved to UTC (``utc`` raised
    ``OverflowError`` where the KPI compared it), so it is refused here by ``require_instant``.
    """

    def check(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            require_instant(value, name)

    return check


def with_counts(est: Estimate, **named: int) -> Estimate:
    """Return ``est`` with the named counts behind it appended (numerator and denominator)."""
    extra: dict[str, Any] = {"counts": (*est.counts, *named.items())}
    return attrs.evolve(est, **extra)
