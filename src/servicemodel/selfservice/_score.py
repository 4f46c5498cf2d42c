"""The self-service score's interval: a ratio of two counts, from a Wilson interval.

The same construction as ``servicemodel.feedback.ratio_estimate`` (the two subpackages sit on
one layer and may not import each other, so the dozen lines live in both until the helper
moves down into ``kpi``): given ``u + c``, ``u`` is binomial with ``π = u / (u + c)`` and the
ratio is ``π / (1 − π)``; the Wilson interval of ``π`` maps through that increasing function.

Examples:
    >>> users_per_creator(30, 10)
    self-service score 3 [1.488, 6.049] (n=40, 95 %)
"""

from __future__ import annotations

from typing import Any

from servicemodel.kpi import Estimate, wilson_interval

__all__ = ["users_per_creator"]


def users_per_creator(users: int, creators: int, level: float = 0.95) -> Estimate:
    """Return ``users / creators`` with its interval; no value (never inf) when ``creators == 0``.

    Examples:
        >>> e = users_per_creator(5, 0)
        >>> e.value is None, round(e.lower, 3), e.upper is None
        (True, 1.302, True)
    """
    common: dict[str, Any] = {
        "level": level,
        "method": "wilson-odds",
        "counts": (("help_centre_users", users), ("ticket_creators", creators)),
    }
    n = users + creators
    if n == 0:
        return Estimate("self-service score", None, 0, **common)
    lo, hi = wilson_interval(users, n, level)
    lower = lo / (1 - lo)
    if creators == 0:
        return Estimate("self-service score", None, n, lower=lower, **common)
    value = users / creators
    upper = max(hi / (1 - hi), value) if hi < 1 else None
    return Estimate("self-service score", value, n, lower=min(lower, value), upper=upper, **common)
