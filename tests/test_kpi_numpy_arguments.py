"""KPI arguments given as numpy numbers (read from a frame) are the numbers they hold."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import CSAT, Durations, FirstContactResolution, FirstReplyTime, ResolutionTime

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
    # A numpy bool is no number (InputTypeError); a number out of 0..100 a ConfigError.
    error = InputTypeError if isinstance(bad, np.bool_) else ConfigError
    with pytest.raises(error, match=r"each percentile must be a number in 0\.\.100"):
        FirstReplyTime.empty(percentiles=[50, bad])
    with pytest.raises(error, match=r"percentile q must be a number in 0\.\.100"):
        Durations.empty().add(1).percentile(bad)  # type: ignore[arg-type]


@given(
    st.integers(min_value=-20, max_value=20),
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=0, max_value=5),
    st.sampled_from([np.int64, np.int32, np.int16]),
)
def test_numpy_ints_are_the_ints_of_a_scale_and_a_reply_limit(
    low: int, size: int, most: int, kind: type
) -> None:
    # CSAT.empty(low=np.int64(1)) was "low must be an int, got np.int64(1)", and
    # FirstContactResolution.empty(max_replies=np.int64(2)) "must be an int >= 0".
    high, satisfied = low + size, low + 1
    plain = CSAT.empty(low=low, high=high, satisfied_from=satisfied)
    assert CSAT.empty(low=kind(low), high=kind(high), satisfied_from=kind(satisfied)) == plain
    fcr = FirstContactResolution.empty(max_replies=kind(most))
    assert fcr == FirstContactResolution.empty(max_replies=most)
    assert type(fcr.max_replies) is int


@pytest.mark.parametrize(
    ("bad", "error"), [(np.bool_(True), InputTypeError), (1.5, ConfigError), ("1", InputTypeError)]
)
def test_a_scale_end_that_is_no_whole_number_is_still_refused(
    bad: object, error: type[Exception]
) -> None:
    # A whole float (1.0) is a scale end, as it is a count (test_count_rules); 1.5 is a number
    # that is no whole number (a ConfigError), a bool or text no number (an InputTypeError).
    with pytest.raises(error, match=r"^low must be a whole number, got "):
        CSAT.empty(low=bad)  # type: ignore[arg-type]
