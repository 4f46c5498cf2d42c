"""Private: duration columns (time after creation) and the missing cells of nullable frames.

Some exports give a clock as the time it took, not the instant it stopped: Zendesk's "First
reply time in minutes" and "Full resolution time in minutes", Freshdesk's "First response
time (in hrs)" and "Resolution time (in hrs)". Such a column is read as **calendar** time
after the ticket's creation: the instant is the creation plus the duration, in UTC (elapsed
time, whatever the clocks of the zone do). A business-hours duration ("... within business
hours") is a different clock and must not be mapped to these roles: added to the creation it
would be a wrong instant.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

__all__ = ["DURATION_ROLES", "DURATION_UNITS", "is_na", "parse_duration"]

#: Seconds in each unit a duration role names (its suffix).
DURATION_UNITS: Mapping[str, int] = {"s": 1, "min": 60, "h": 3600}

#: The duration roles of each instant role: ``first_reply_after_min`` is the first reply as
#: minutes after creation.
DURATION_ROLES: Mapping[str, tuple[str, ...]] = {
    role: tuple(f"{role}_after_{unit}" for unit in DURATION_UNITS)
    for role in ("first_reply", "solved")
}

_NUMBER = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")
_CLOCK = re.compile(r"(\d+):([0-5]\d)(?::([0-5]\d))?")


def is_na(value: Any) -> bool:
    """Whether ``value`` is pandas' ``NA`` (the missing cell of a nullable column).

    Checked by type name, so that reading a plain CSV never imports pandas. ``NA`` is neither
    equal nor unequal to itself (``NA != NA`` is ``NA``), so the NaN test misses it.

    Examples:
        >>> import pandas as pd
        >>> is_na(pd.NA), is_na(None), is_na(float("nan"))
        (True, False, False)
    """
    kind = type(value)
    return kind.__name__ == "NAType" and kind.__module__.startswith("pandas")


def _no_amount(value: Any) -> bool:
    """Whether ``value`` is a boolean or a complex number, Python's or a frame's (numpy's)."""
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    return isinstance(value, bool) or kind in ("b", "c")


def _unit_of(role: str) -> int:
    return DURATION_UNITS[role.rsplit("_", 1)[1]]


def parse_duration(value: Any, role: str) -> timedelta:
    """The duration a cell of ``role``'s column holds, or ``ValueError`` saying why not.

    A number (``12``, ``0.5``; text with a decimal point) is in the unit of the role's suffix
    (``_s``, ``_min``, ``_h``); a clock text ``H:MM`` or ``H:MM:SS`` and a ``timedelta``
    (pandas' ``Timedelta``, a polars duration) are durations as they are. Negative, infinite
    and NaN values are refused (a missing cell never gets here).

    Examples:
        >>> parse_duration("90", "first_reply_after_min"), parse_duration(1.5, "solved_after_h")
        (datetime.timedelta(seconds=5400), datetime.timedelta(seconds=5400))
        >>> parse_duration("1:30:00", "solved_after_h")
        datetime.timedelta(seconds=5400)
        >>> parse_duration("-5", "first_reply_after_min")
        Traceback (most recent call last):
        ...
        ValueError: expected a duration (a number of minutes, or H:MM:SS)
    """
    if isinstance(value, timedelta):
        if value < timedelta(0):
            raise ValueError("a negative duration")
        # A plain timedelta: pandas' Timedelta of a column in "ms" or "s" adds to a datetime
        # as no time at all (pandas 2.3: datetime + Timedelta("90min").as_unit("s") is the
        # datetime itself). Its days, seconds and microseconds are right (nanoseconds cut).
        return timedelta(value.days, value.seconds, value.microseconds)
    unit = _unit_of(role)
    words = {1: "seconds", 60: "minutes", 3600: "hours"}[unit]
    bad = f"expected a duration (a number of {words}, or H:MM:SS)"
    if isinstance(value, str):
        text = value.strip()
        clock = _CLOCK.fullmatch(text)
        if clock is not None:
            h, m, s = clock.groups()
            return timedelta(hours=int(h), minutes=int(m), seconds=int(s or 0))
        if not _NUMBER.fullmatch(text):  # no sign, exponent, "nan", "inf" or "1_000"
            raise ValueError(bad)
        amount = float(text)
    elif _no_amount(value):  # float() takes True as 1 and numpy's 1+5j as 1: neither is time
        raise ValueError(bad)
    else:
        try:
            amount = float(value)  # int, float, numpy numbers
        except (TypeError, ValueError, OverflowError):
            raise ValueError(bad) from None
    if not math.isfinite(amount) or amount < 0:
        raise ValueError(bad)
    return timedelta(seconds=amount * unit)
