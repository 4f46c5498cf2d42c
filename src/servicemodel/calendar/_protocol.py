"""The one calendar protocol: what SLA clocks and time KPIs need from a business calendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

__all__ = ["CalendarLike"]


@runtime_checkable
class CalendarLike(Protocol):
    """What the SLA engine and the KPIs read from a calendar; ``BusinessCalendar`` has it all.

    KPIs measure open time with ``elapsed``; SLA clocks also project deadlines with ``add``
    and take the plain-arithmetic path when ``is_always_open`` holds. Instants are aware
    datetimes; implementations must compute in UTC (same-zone datetime arithmetic in Python is
    wall-clock time, wrong across a DST change).

    Examples:
        >>> from datetime import datetime, timedelta
        >>> class Wall:
        ...     is_always_open = True
        ...     def elapsed(self, a: datetime, b: datetime) -> timedelta:
        ...         return b - a
        ...     def add(self, t: datetime, d: timedelta) -> datetime:
        ...         return t + d
        >>> isinstance(Wall(), CalendarLike), isinstance(BusinessCalendar.always(), CalendarLike)
        (True, True)
    """

    @property
    def is_always_open(self) -> bool:
        """True for a calendar open at every instant (24/7, no holidays or overrides)."""
        ...  # pragma: no cover - protocol

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        """Open time in ``[a, b)``; negative when ``b < a``."""
        ...  # pragma: no cover - protocol

    def add(self, t: datetime, d: timedelta) -> datetime:
        """The latest instant ``x >= t`` with ``elapsed(t, x) == d`` (for ``d >= 0``)."""
        ...  # pragma: no cover - protocol
