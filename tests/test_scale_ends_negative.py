"""A rating scale's ends are whole numbers that may be negative (docs/kpi.md, "counts")."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.kpi import CSAT
from servicemodel.model import SatisfactionRating

AT = datetime(2026, 3, 2, 9, tzinfo=UTC)


@given(st.integers(-50, 50), st.integers(1, 20), st.data())
def test_negative_scale_ends_are_kept(low: int, width: int, data: st.DataObject) -> None:
    high = low + width
    score = data.draw(st.integers(low, high))
    rating = SatisfactionRating("r", AT, score=score, scale_min=low, scale_max=high)
    assert (rating.scale_min, rating.scale_max, rating.score) == (low, high, score)
    csat = CSAT.empty(low=low, high=high, satisfied_from=high)
    assert (csat.low, csat.high) == (low, high)
    # A whole float or Fraction end is the int; a fraction of a point is no scale end.
    assert (
        SatisfactionRating(
            "r", AT, score=high, scale_min=float(low), scale_max=Fraction(high)
        ).scale_min
        == low
    )


@pytest.mark.parametrize("end", [-1.5, Fraction(-3, 2), float("nan")])
def test_a_scale_end_that_is_no_whole_number_is_refused(end: object) -> None:
    with pytest.raises(ConfigError, match="scale_min"):
        SatisfactionRating("r", AT, score=1, scale_min=end, scale_max=5)
