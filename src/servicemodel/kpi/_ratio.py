"""A ratio of two counts with an interval: positive-to-negative, users per ticket creator."""

from __future__ import annotations

import math
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._numbers import as_count
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi._estimate import Estimate, _bounded_count
from servicemodel.kpi._intervals import wilson_interval

#: Counts past 2**53 have no exact float (as in ``wilson_interval``).
_MAX_COUNT = 2**53

__all__ = ["ratio_estimate"]


def ratio_estimate(
    a: int,
    b: int,
    *,
    metric: str,
    names: tuple[str, str] = ("numerator", "denominator"),
    level: float = 0.95,
    missing: int = 0,
) -> Estimate:
    """Return the ratio ``a / b`` of two counts with a Wilson-based interval.

    Given ``a + b``, ``a`` is binomial with ``π = a / (a + b)`` (the conditional view of two
    counts, as in Przyborowski & Wilenski's 1940 test of two Poisson means), and the ratio is
    ``π / (1 − π)``. The interval is the Wilson interval ``(l, u)`` of ``π`` mapped by that
    increasing function: ``[l/(1 − l), u/(1 − u)]``. With ``b = 0`` the ratio is not a number:
    the value is ``None`` (never an infinity), the lower bound is still finite and informative,
    and the upper bound is ``None`` (no finite bound). With ``a + b = 0`` nothing is known.

    Examples:
        >>> ratio_estimate(30, 10, metric="ratio")
        ratio 3 [1.488, 6.049] (n=40, 95 %)
        >>> e = ratio_estimate(5, 0, metric="ratio")
        >>> e.value is None, round(e.lower, 3), e.upper is None
        (True, 1.302, True)
    """
    # Two names, both text: a string of another length broke zip(strict=True).
    if (
        not isinstance(names, tuple | list)
        or len(names) != 2
        or not all(isinstance(name, str) for name in names)
    ):
        raise InputTypeError(f"names: expected two names (text), got {safe_repr(names)}")
    given = (a, b)
    # Ints, numpy ints and whole floats (a frame's column), as every count argument is read.
    a, b = (as_count(count, name) for name, count in zip(names, (a, b), strict=True))
    missing = _bounded_count(missing, "missing")
    if a + b > _MAX_COUNT:
        # Refused by the caller's names: wilson_interval would name its own "n" (a + b).
        # Counts of the right type, too large: a ValueError.
        raise ConfigError(
            f"{names[0]} + {names[1]} must be a count up to 2**53, got "
            f"{safe_repr(given[0])} + {safe_repr(given[1])}"
        )
    counts = ((names[0], a), (names[1], b))
    common: dict[str, Any] = {
        "level": level,
        "method": "wilson-odds",
        "missing": missing,
        "counts": counts,
    }
    n = a + b
    if n == 0:
        return Estimate(metric, None, 0, **common)
    lo, hi = wilson_interval(a, n, level)
    lower: float = lo / (1 - lo)
    upper: float | None = hi / (1 - hi) if hi < 1 else None
    if b == 0:
        return Estimate(metric, None, n, lower=lower, **common)
    value = a / b
    # The map is increasing, so the interval contains the value; rounding must not undo that.
    lower = min(lower, value)
    upper = None if upper is None or not math.isfinite(upper) else max(upper, value)
    return Estimate(metric, value, n, lower=lower, upper=upper, **common)
