"""Hypothesis strategies for SERVQUAL dimension weights and feedback theme selectors.

Examples:
    >>> from hypothesis import find
    >>> find(theme_selectors(), lambda s: True)
    ThemeSelector(kind='tags', name='', mapping=())
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from servicemodel.feedback import ThemeSelector
from servicemodel.servqual import SERVQUAL_1991, DimensionWeights, Instrument
from servicemodel.strategies._args import names
from servicemodel.strategies._feedback import _THEMES

__all__ = ["dimension_weights", "theme_selectors"]

_POINTS = st.integers(0, 100)


def dimension_weights(*, instrument: Instrument = SERVQUAL_1991) -> st.SearchStrategy[Any]:
    """Valid SERVQUAL [`DimensionWeights`][servicemodel.servqual.DimensionWeights].

    Whole points (0 to 100) given to each of ``instrument``'s dimensions, as respondents split
    100 points in the 1991 instrument (Parasuraman, Zeithaml & Berry 1991), read with
    [`from_points`][servicemodel.servqual.DimensionWeights.from_points]; some dimensions may
    get none. Shrinks to equal weights.

    Examples:
        >>> from hypothesis import given
        >>> from servicemodel.servqual import Servqual
        >>> @given(dimension_weights())
        ... def check(weights):
        ...     assert Servqual.empty(weights=weights).weights == weights
        >>> check()
    """
    from servicemodel._config import safe_repr
    from servicemodel.errors import InputTypeError

    if not isinstance(instrument, Instrument):
        raise InputTypeError(
            f"dimension_weights: instrument must be an Instrument, got {safe_repr(instrument)}"
        )
    dimensions = instrument.dimensions

    @st.composite
    def build(draw: st.DrawFn) -> DimensionWeights:
        points = [draw(_POINTS) for _ in dimensions]
        if not any(points):  # no points at all: every dimension alike
            points = [1] * len(points)
        return DimensionWeights.from_points(
            dict(zip(dimensions, points, strict=True)), total=sum(points)
        )

    drawn: st.SearchStrategy[Any] = build()
    return drawn


def theme_selectors(*, themes: Sequence[str] = _THEMES) -> st.SearchStrategy[ThemeSelector]:
    """Valid feedback [`ThemeSelector`][servicemodel.feedback.ThemeSelector]s, made by ``parse``.

    Every tag a theme (``"tags"``), the ``reason`` attribute (``"attr:reason"``, as
    [`themed_tickets`][servicemodel.strategies.themed_tickets] sets it) or a mapping of some of
    ``themes`` (as tags) to fewer theme names, so several tags roll up into one. Shrinks to
    ``"tags"``.

    Examples:
        >>> from hypothesis import given
        >>> from servicemodel.feedback import ThemeCounts
        >>> from servicemodel.strategies import themed_tickets
        >>> @given(theme_selectors(), themed_tickets())
        ... def check(selector, ticket):
        ...     assert ThemeCounts.empty(selector).add(ticket).n == 1
        >>> check()
    """
    pool = names("theme_selectors", "themes", themes)
    tags = st.sampled_from(pool)
    rolled = st.sampled_from(("a", "b"))  # the themes a mapping rolls tags up into

    @st.composite
    def build(draw: st.DrawFn) -> ThemeSelector:
        kind = draw(st.sampled_from(("tags", "attr", "map")))
        if kind == "tags":
            return ThemeSelector.parse("tags")
        if kind == "attr":
            return ThemeSelector.parse("attr:reason")
        mapping = draw(st.dictionaries(tags, rolled, min_size=1))
        return ThemeSelector.parse(dict(sorted(mapping.items())))

    drawn: st.SearchStrategy[ThemeSelector] = build()
    return drawn
