"""Percentiles given as numpy numbers (an array of them) are the percentiles they hold."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import Durations, FirstReplyTime, ResolutionTime

qs = st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=4)


@given(qs, st.sampled_from([np.int64, np.int32, np.float32, np.float64]))
def test_an_array_of_percentiles_is_read_as_its_numbers(chosen: list[int], kind: type) -> None:
    # np.array([50, 90]) iterates as numpy ints, refused as "each percentile must be a number
    # in 0..100, got np.int64(50)", which it is.
    numpy = np.array(chosen, dtype=kind)
    assert FirstReplyTime.empty(percentiles=numpy) == FirstReplyTime.empty(percentiles=chosen)
    assert ResolutionTime.empty(percentiles=numpy) == ResolutionTime.empty(percentiles=chosen)
    times = Durations.empty(unit="h").add_many([1, 2, 3, 5, 8, 13, 21])
    summary = times.summary(percentiles=tuple(float(q) for q in numpy))
    assert times.summary(percentiles=numpy) == summary
    for q in numpy:
        assert times.percentile(q) == times.percentile(float(q))


@pytest.mark.parametrize("bad", [np.bool_(True), np.float64("nan"), np.int64(101)])
def test_a_numpy_value_off_the_percentile_range_is_still_refused(bad: object) -> None:
    with pytest.raises(ConfigError, match=r"each percentile must be a number in 0\.\.100"):
        FirstReplyTime.empty(percentiles=[50, bad])
    with pytest.raises(InputTypeError, match=r"percentile q must be a number in 0\.\.100"):
        Durations.empty().add(1).percentile(bad)  # type: ignore[arg-type]
