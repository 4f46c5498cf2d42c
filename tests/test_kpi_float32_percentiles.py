"""A numpy float32 percentile is the decimal it prints as, as a float32 shrinkage is.

``numpy.float32(99.9)`` holds 99.90000152587891: read as that float it was measured and named
``p99.90000152587891`` (``p99.9000015258789`` in a summary).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.kpi import Durations, FirstReplyTime

DURATIONS = Durations.empty().add_many(range(1, 1001))


@given(st.integers(min_value=0, max_value=1000).map(lambda t: t / 10))
def test_a_float32_percentile_measures_and_names_as_the_decimal_it_prints(q: float) -> None:
    q32 = np.float32(q)
    printed = float(str(q32))
    assert DURATIONS.percentile(q32) == DURATIONS.percentile(printed)
    assert list(DURATIONS.summary(percentiles=[q32])) == list(
        DURATIONS.summary(percentiles=[printed])
    )
    assert FirstReplyTime.empty(percentiles=[q32]).percentiles == (printed,)


def test_ninety_nine_point_nine_in_float32_is_p99_9() -> None:
    assert list(DURATIONS.summary(percentiles=[np.float32(99.9)])) == ["mean", "p99.9"]
    values = np.array([50, 99.9], dtype=np.float32)
    assert FirstReplyTime.empty(percentiles=values).percentiles == (50.0, 99.9)
