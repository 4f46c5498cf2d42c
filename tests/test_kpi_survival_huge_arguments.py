"""A survival curve's percentile and horizon errors show a huge Fraction as its size."""

from __future__ import annotations

from fractions import Fraction

import pytest

from servicemodel.errors import ConfigError
from servicemodel.kpi import SurvivalTimes

CURVE = SurvivalTimes.empty().add_many([(t, True) for t in range(1, 11)]).result()
#: About 1e10, written with 5,001-digit terms: repr() of it raised ValueError (Python writes
#: no int of more than 4,300 digits by default), instead of the percentile's own error.
HUGE = Fraction(10**5000 + 1, 10**4990)


def test_a_huge_fraction_percentile_is_refused_in_the_library_s_words() -> None:
    with pytest.raises(ConfigError, match=r"^percentile must be in \(0, 100\], got "):
        CURVE.percentile(HUGE)
    with pytest.raises(ConfigError, match=r"^percentile must be in \(0, 100\], got "):
        SurvivalTimes.empty(percentiles=[HUGE])


def test_a_huge_negative_fraction_horizon_is_refused_in_the_library_s_words() -> None:
    with pytest.raises(ConfigError, match=r"^horizon must be >= 0, got "):
        CURVE.restricted_mean(-HUGE)
