"""A percentile argument of any real kind is named and read as its float, in every KPI."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import Durations, FirstReplyTime

times = Durations.empty(unit="h").add_many([1, 2, 3, 5, 8, 13, 21])


@given(st.fractions(min_value=0, max_value=100, max_denominator=1000))
def test_a_fraction_percentile_is_summarised_as_its_float(q: Fraction) -> None:
    # Durations.summary named the percentile with f"{q:g}", which a Fraction refuses on
    # Python 3.11 (TypeError) after percentile() itself had accepted it.
    summary = times.summary(percentiles=[q])
    assert summary == times.summary(percentiles=[float(q)])
    assert times.percentile(q) == times.percentile(float(q))


def test_a_fraction_percentile_is_named_as_a_float_one() -> None:
    assert sorted(times.summary(percentiles=[Fraction(1, 2), Fraction(199, 2)])) == [
        "mean",
        "p0.5",
        "p99.5",
    ]


@pytest.mark.parametrize("bad", [Decimal("50"), "50", np.bool_(False), None, 10**400])
def test_time_kpis_and_durations_refuse_the_same_percentiles(bad: object) -> None:
    # One test (is_percentile) for both readers: what one refuses, the other refuses too, with
    # the same error: a number out of 0..100 (10**400) is a ConfigError; no number an
    # InputTypeError.
    error = ConfigError if type(bad) is int else InputTypeError
    with pytest.raises(error, match=r"each percentile must be a number in 0\.\.100"):
        FirstReplyTime.empty(percentiles=[bad])  # type: ignore[list-item]
    with pytest.raises(error, match=r"percentile q must be a number in 0\.\.100"):
        times.percentile(bad)  # type: ignore[arg-type]
    with pytest.raises(error, match=r"percentile q must be a number in 0\.\.100"):
        times.summary(percentiles=[bad])  # type: ignore[list-item]
