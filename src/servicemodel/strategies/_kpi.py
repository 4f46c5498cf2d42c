"""Hypothesis strategies for KPI inputs: survey answers on a chosen scale.

Examples:
    >>> from hypothesis import find
    >>> find(survey_scores(survey="nps", min_size=3), lambda xs: True)
    [0, 0, 0]
"""

from __future__ import annotations

from typing import Any, Literal

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.strategies._args import MOST, flag, ordered, whole

__all__ = ["survey_scores"]

_SCALES: dict[str, tuple[int, int]] = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "ces-1.0": (1, 5),
}


def survey_scores(
    *,
    survey: Literal["nps", "csat", "ces", "ces-1.0"] = "nps",
    min_value: int | None = None,
    max_value: int | None = None,
    min_size: int = 0,
    max_size: int | None = None,
    missing: bool = False,
) -> Any:
    """Return a strategy for lists of integer survey scores on ``survey``'s scale.

    ``min_value``/``max_value`` override the scale's ends (e.g. CSAT on 1–7); ``missing=True``
    also draws ``None`` (an unanswered survey) now and then.

    Examples:
        >>> from hypothesis import given
        >>> @given(survey_scores(survey="csat", max_size=5))
        ... def check(xs):
        ...     assert all(1 <= x <= 5 for x in xs)
        >>> check()
    """
    from hypothesis import strategies as st

    fn = "survey_scores"
    if not isinstance(survey, str):
        raise InputTypeError(f"{fn}: survey must be a str, got {safe_repr(survey)}")
    if survey not in _SCALES:
        known = ", ".join(_SCALES)
        raise ConfigError(f"{fn}: survey must be one of {known}, got {safe_repr(survey)}")
    low, high = _SCALES[survey]
    low = low if min_value is None else min_value
    high = high if max_value is None else max_value
    low = whole(fn, "min_value", low, minimum=-(10**6))
    high = whole(fn, "max_value", high, minimum=-(10**6))
    ordered(fn, ("min_value", low), ("max_value", high))
    flag(fn, "missing", missing)
    # A score that may be missing takes two draws: 900 overran Hypothesis' buffer on every
    # example (the data_too_large health check), so a longer minimum could never be met.
    whole(fn, "min_size", min_size, maximum=MOST // 2 if missing else MOST)
    if max_size is not None:
        most = whole(fn, "max_size", max_size, maximum=MOST)
        ordered(fn, ("min_size", min_size), ("max_size", most))
    element: Any = st.integers(min_value=low, max_value=high)
    if missing:
        element = st.one_of(element, st.none())
    return st.lists(element, min_size=min_size, max_size=max_size)
