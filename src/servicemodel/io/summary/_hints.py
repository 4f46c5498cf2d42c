"""Private: what the one-row reader adds to an error when a real export's cell says more.

Found on public exports: a Zendesk ticket export kept in a public repository
(jpayal554/Plum-Assignment, 16,476 tickets) writes ``1900-01-01 00:00:00`` in "Solved at"
for every unsolved ticket -- a spreadsheet's or SQL Server's day zero standing for "no date"
-- and scores its satisfaction survey 1 to 5 where the shipped Zendesk mapping expects Good /
Bad. Both stay errors (a placeholder read as missing by guess would hide a real 1900 date, and
a score off the scale is no rating we may rescale), but the error says what to change.
"""

from __future__ import annotations

import math
from datetime import date, datetime

__all__ = ["before_creation", "off_scale"]

#: Days that exports write for "no date": SQL Server's and a spreadsheet's day zero
#: (1900-01-01, and 1899-12-30/31 where the epoch is the day before) and the Unix epoch.
#: (The first day of year 1 is past the instants any reader takes: it is refused as such.)
PLACEHOLDER_DAYS = frozenset(
    {date(1900, 1, 1), date(1899, 12, 30), date(1899, 12, 31), date(1970, 1, 1)}
)


def before_creation(value: object, at: datetime, created: datetime) -> str:
    """The error for an instant ``at`` (read from ``value``) before the ticket's creation.

    Examples:
        >>> from datetime import UTC
        >>> c = datetime(2023, 4, 1, 19, 41, tzinfo=UTC)
        >>> before_creation("2023-03-01", datetime(2023, 3, 1, tzinfo=UTC), c)
        "before the ticket's creation 2023-04-01T19:41:00+00:00"
        >>> print(before_creation("1900-01-01 00:00:00", datetime(1900, 1, 1, tzinfo=UTC), c))
        ... # doctest: +NORMALIZE_WHITESPACE
        before the ticket's creation 2023-04-01T19:41:00+00:00; 1900-01-01 is a placeholder
        some exports write for no date: if so, add '1900-01-01 00:00:00' to missing
    """
    why = f"before the ticket's creation {created.isoformat()}"
    if at.date() not in PLACEHOLDER_DAYS or not isinstance(value, str):
        return why
    return (
        f"{why}; {at.date().isoformat()} is a placeholder some exports write for no date: if "
        f"so, add {value.strip()!r} to missing"
    )


def off_scale(score: float, low: int, high: int) -> str:
    """The error for a ``score`` outside the rating scale ``low..high``.

    Examples:
        >>> off_scale(4.0, 0, 1)
        'outside the rating scale 0..1; if the survey scores 1..5, set rating_scale = [1, 5]'
        >>> off_scale(11.0, 1, 5)
        'outside the rating scale 1..5'
        >>> off_scale(float("inf"), 0, 1)
        'outside the rating scale 0..1'
    """
    why = f"outside the rating scale {low}..{high}"
    # A whole score above a good/bad scale: the survey has more points than the map assumed
    # (a wider scale's score past its end is just a bad value).
    if (low, high) != (0, 1) or not math.isfinite(score) or score != int(score) or score < high:
        return why
    for top in (5, 10):
        if score <= top:
            return f"{why}; if the survey scores 1..{top}, set rating_scale = [1, {top}]"
    return why
