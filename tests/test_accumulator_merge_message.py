"""A MergeError names the parameters two accumulators disagree on, and only those."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import MergeError
from servicemodel.kpi import CSAT, Durations, FirstReplySurvival, ResolutionTime

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


def test_an_exact_and_a_sketch_durations_name_every_pair() -> None:
    # The relative accuracy counts only in sketch mode, so no field holds the None an exact
    # accumulator merges with: it is named by its place in the parameters.
    want = r"different parameters: sketch False vs True; relative_accuracy None vs 0\.01$"
    with pytest.raises(MergeError, match=want):
        Durations.empty() + Durations.empty(sketch=True)
    with pytest.raises(MergeError, match=r"parameters: relative_accuracy 0\.01 vs 0\.02$"):
        Durations.empty(sketch=True) + Durations.empty(sketch=True, relative_accuracy=0.02)


def test_a_ticket_time_names_its_durations_parameters_by_path() -> None:
    want = (
        r"different parameters: durations\.sketch False vs True; "
        r"durations\.relative_accuracy None vs 0\.01$"
    )
    with pytest.raises(MergeError, match=want):
        ResolutionTime.empty() + ResolutionTime.empty(sketch=True)


def test_a_differing_percentile_is_named_by_its_field() -> None:
    with pytest.raises(MergeError, match=r"different parameters: percentiles 95\.0 vs 90\.0$"):
        ResolutionTime.empty(percentiles=(50, 95)) + ResolutionTime.empty()


@given(
    st.booleans(),
    st.booleans(),
    st.sampled_from([0.005, 0.01, 0.02]),
    st.sampled_from([0.005, 0.01, 0.02]),
    st.sampled_from(["h", "min"]),
    st.sampled_from(["h", "min"]),
)
def test_every_differing_durations_parameter_is_named(
    sketch_a: bool, sketch_b: bool, acc_a: float, acc_b: float, unit_a: str, unit_b: str
) -> None:
    left = Durations.empty(sketch=sketch_a, relative_accuracy=acc_a, unit=unit_a)
    right = Durations.empty(sketch=sketch_b, relative_accuracy=acc_b, unit=unit_b)
    if left._merge_params() == right._merge_params():
        assert (left + right).n == 0
        return
    with pytest.raises(MergeError) as caught:
        left + right
    pairs = str(caught.value).split("different parameters: ", 1)[1].split("; ")
    names = {"metric", "unit", "sketch", "relative_accuracy"}
    assert pairs, str(caught.value)
    for pair in pairs:
        assert pair.split(" ", 1)[0] in names, pair
