"""A MergeError names the parameters two accumulators disagree on, and only those."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import MergeError
from servicemodel.kpi import CSAT, FirstReplySurvival, ResolutionTime

_INSTANTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@given(_INSTANTS, _INSTANTS, st.sampled_from([(50, 90), (25, 50, 75), (90,)]))
def test_a_different_as_of_is_named_alone(a: datetime, b: datetime, pct: tuple[int, ...]) -> None:
    left = FirstReplySurvival.empty(as_of=a, percentiles=pct)
    right = FirstReplySurvival.empty(as_of=b, percentiles=pct)
    if a == b:
        assert (left + right).result().n == 0
        return
    with pytest.raises(MergeError) as caught:
        left + right
    message = str(caught.value)
    assert message.endswith(f"different parameters: as_of {a.isoformat()} vs {b.isoformat()}")


@given(st.integers(3, 10), st.integers(3, 10))
def test_each_differing_parameter_is_named(high_a: int, high_b: int) -> None:
    left = CSAT.empty(high=high_a, satisfied_from=high_a)
    right = CSAT.empty(high=high_b, satisfied_from=high_b)
    if high_a == high_b:
        assert left.merge(right).result().n == 0
        return
    want = f"high {high_a} vs {high_b}; satisfied_from {high_a} vs {high_b}$"
    with pytest.raises(MergeError, match=want):
        left.merge(right)


def test_many_differences_are_counted_past_the_first_three() -> None:
    from servicemodel.kpi._accumulator import _parameter_differences

    text = _parameter_differences((1, 2, 3, 4, 5), (6, 7, 8, 9, 10))
    assert text == "1 vs 6; 2 vs 7; 3 vs 8 (and 2 more)"


def test_a_different_unit_is_named_with_its_values() -> None:
    with pytest.raises(MergeError, match=r"parameters: unit 'h' vs 'min'$"):
        ResolutionTime.empty(unit="h") + ResolutionTime.empty(unit="min")


def test_a_nested_parameter_is_named_by_its_path() -> None:
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(MergeError, match=r"; times\.unit 'min' vs 'h'$"):
        FirstReplySurvival.empty(as_of=t0) + FirstReplySurvival.empty(
            as_of=t0 + timedelta(hours=1), unit="h"
        )


def test_a_window_of_another_length_is_named() -> None:
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(MergeError, match=r"different parameters: .+ vs .+"):
        FirstReplySurvival.empty(as_of=t0) + FirstReplySurvival.empty(
            as_of=t0 + timedelta(seconds=1)
        )
