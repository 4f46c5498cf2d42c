"""Hypothesis strategies for SERVQUAL: complete respondents for an instrument.

Examples:
    >>> from hypothesis import find
    >>> r = find(servqual_responses(), lambda r: True)
    >>> r.expectation(1), r.perception(22)
    (1, 1)
"""

from __future__ import annotations

from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.servqual import SERVQUAL_1991, Instrument, ServqualResponse
from servicemodel.strategies._args import flag, whole

__all__ = ["servqual_responses"]

_FN = "servqual_responses"


def servqual_responses(
    *,
    instrument: Instrument = SERVQUAL_1991,
    min_value: int | None = None,
    max_value: int | None = None,
    respondent: bool = False,
) -> Any:
    """Return a strategy for complete [`ServqualResponse`][servicemodel.servqual.ServqualResponse]s.

    Every item of ``instrument`` gets an expectation and a perception answer drawn from the
    instrument's scale (narrowed by ``min_value``/``max_value``). ``respondent=True`` also draws
    a short respondent id; ids may repeat between draws, and a
    [`Servqual`][servicemodel.servqual.Servqual] counts a respondent once, so draw lists of
    them with ``st.lists(..., unique_by=lambda r: r.respondent)``.

    Examples:
        >>> from hypothesis import given
        >>> from servicemodel.servqual import Servqual
        >>> @given(servqual_responses(min_value=3, max_value=5))
        ... def check(r):
        ...     assert Servqual.empty().add(r).n == 1
        ...     assert all(3 <= a <= 5 for _, a in r.expectations)
        >>> check()
    """
    from hypothesis import strategies as st

    if not isinstance(instrument, Instrument):
        raise InputTypeError(
            f"{_FN}: instrument must be an Instrument, got {safe_repr(instrument)}"
        )
    low, high = instrument.scale
    low = low if min_value is None else whole(_FN, "min_value", min_value, minimum=-(10**6))
    high = high if max_value is None else whole(_FN, "max_value", max_value, minimum=-(10**6))
    flag(_FN, "respondent", respondent)
    if not instrument.scale[0] <= low <= high <= instrument.scale[1]:
        raise ConfigError(
            f"{_FN}: need {instrument.scale[0]} <= min_value <= max_value <= "
            f"{instrument.scale[1]}, got min_value {low} and max_value {high}"
        )
    # A dict of answers, not a list zipped with the item numbers in a lambda: Hypothesis prints
    # a failing example as the code that built it, and a lambda's names (``items``) do not
    # paste back into ``@example(...)``.
    answers = st.fixed_dictionaries(
        {item: st.integers(min_value=low, max_value=high) for item in instrument.item_numbers}
    )
    ids: Any = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
    return st.builds(
        ServqualResponse, answers, answers, respondent=ids if respondent else st.none()
    )
