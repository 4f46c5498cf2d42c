"""A new user's hostile walk of SERVQUAL, the blueprint and QA: what it found, pinned.

Each test is one input a user tried that raised an exception of another kind than the
library's, or gave a number no respondent, rater or standard could give. The expected values
follow from the definitions in docs/servqual.md, docs/qa.md and docs/blueprint.md, worked out
by hand in the comments.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, ScaleError, UnknownKeyError
from servicemodel.qa import Criterion, Scale, Scorecard
from servicemodel.servqual import (
    SERVQUAL_1988,
    DimensionWeights,
    Instrument,
    Servqual,
    ServqualResponse,
)

# --- SERVQUAL ---------------------------------------------------------------------------


def test_reversing_an_answer_off_the_scale_is_a_scale_error_not_a_negative_score() -> None:
    # 8 − 99 = −91: no answer on the 1–7 scale turns into that.
    with pytest.raises(ScaleError, match=r"item 10: 99 is outside the 1–7 scale"):
        SERVQUAL_1988.reverse(10, 99)
    with pytest.raises(ScaleError, match=r"item 1: 0 is outside"):
        SERVQUAL_1988.reverse(1, 0)  # not reverse-scored, still off the scale


def test_reversing_an_answer_to_an_item_not_in_the_instrument_names_the_item() -> None:
    # Item 23 is in no dimension of the 22-item instrument: returning the answer unchanged
    # would say it is a positively worded item.
    with pytest.raises(UnknownKeyError, match=r"item 23 is not in instrument 'SERVQUAL 1988'"):
        SERVQUAL_1988.reverse(23, 3)


@given(
    low=st.integers(min_value=-(2**53), max_value=2**53 - 1),
    width=st.integers(min_value=1, max_value=2**20),
    data=st.data(),
)
def test_reverse_keeps_every_answer_on_its_scale(low: int, width: int, data: st.DataObject) -> None:
    high = min(low + width, 2**53)
    inst = Instrument.from_dimensions("x", {"d": [1, 2]}, reverse_scored=[2], scale=(low, high))
    inside = data.draw(st.integers(min_value=low, max_value=high))
    assert low <= inst.reverse(2, inside) <= high
    outside = data.draw(st.integers(min_value=high + 1) | st.integers(max_value=low - 1))
    with pytest.raises(ScaleError):
        inst.reverse(2, outside)


@pytest.mark.parametrize("scale", [(1, 10**400), (-(10**400), 10**400), (-(2**53) - 1, 0)])
def test_a_scale_beyond_2_to_the_53_is_refused_when_built(scale: tuple[int, int]) -> None:
    # It was accepted, and result() then raised OverflowError turning the sums into floats.
    with pytest.raises(ConfigError, match=r"^scale: ends must lie within ±2\*\*53"):
        Instrument.from_dimensions("huge", {"d": [1]}, scale=scale)


def test_the_widest_scale_allowed_still_scores() -> None:
    inst = Instrument.from_dimensions("wide", {"d": [1]}, scale=(-(2**53), 2**53))
    acc = Servqual.empty(instrument=inst).add_many(
        [ServqualResponse({1: 2**53}, {1: -(2**53)}), ServqualResponse({1: 0}, {1: 0})]
    )
    # Gaps −2**54 and 0: mean −2**53, and the interval stays within ±2**54.
    gap = acc.result().item(1)
    assert gap.value == -(2.0**53)
    assert gap.lower is not None
    assert gap.upper is not None
    assert -(2.0**54) <= gap.lower <= gap.value <= gap.upper <= 2.0**54


def test_points_near_the_float_maximum_sum_exactly_instead_of_overflowing() -> None:
    # Each point and the total are finite floats; their float sum is not (fsum raised
    # OverflowError). 1e308 + 1e308 is not 1e308: a ConfigError naming the points.
    with pytest.raises(ConfigError, match=r"^points: points must sum to 1e\+308, got more than"):
        DimensionWeights.from_points({"a": 1e308, "b": 1e308}, total=1e308)
    w = DimensionWeights.from_points({"a": 1e308, "b": 5e307}, total=1.5e308)
    assert w.weight("a") == pytest.approx(2 / 3)
    assert w.weight("b") == pytest.approx(1 / 3)


def test_a_zero_written_as_minus_zero_is_a_weight_of_zero() -> None:
    w = DimensionWeights.from_points({"a": 100, "b": -0.0})
    assert repr(w.weight("b")) == "0.0"
    assert repr(DimensionWeights({"a": 1, "b": -0.0}).weight("b")) == "0.0"


# --- QA -----------------------------------------------------------------------------------


@pytest.mark.parametrize("point", [True, False, 5.0, Decimal(5), Fraction(5), 5 + 0j, "5"])
def test_scale_value_refuses_what_is_no_point_though_it_equals_one(point: object) -> None:
    # True == 1 and 5.0 == 5: the rank lookup found them, so value(True) was 0 (the rank of 1)
    # although read(True) refuses a bool as an answer.
    with pytest.raises(ScaleError, match=r"^point: .* is not a point of the scale '1-5'"):
        Scale.parse("1-5").value(point)


def test_scale_value_takes_the_points_read_gives() -> None:
    np = pytest.importorskip("numpy")
    assert Scale.parse("1-5").value(np.int64(4)) == Fraction(3, 4)
    assert Scale.parse("yes_no").value("no") == 0
    with pytest.raises(ScaleError, match=r"^point: 1 is not a point of the scale 'yes_no'"):
        Scale.parse("yes_no").value(1)


@given(spec=st.sampled_from(["yes_no", "1-5", "0-10", "1-7"]), data=st.data())
def test_scale_value_of_a_read_answer_is_its_rank(spec: str, data: st.DataObject) -> None:
    scale = Scale.parse(spec)
    rank = data.draw(st.integers(min_value=0, max_value=len(scale.points) - 1))
    point = scale.read(str(scale.points[rank]))
    assert scale.value(point) == Fraction(rank, len(scale.points) - 1)


def test_a_critical_criterion_with_no_failing_point_is_a_config_error() -> None:
    # fail_on = [] made a critical criterion no answer could fail: critical in name only.
    with pytest.raises(ConfigError, match=r"^fail_on: a critical criterion needs a point"):
        Criterion("verify", Scale.parse("yes_no"), critical=True, fail_on=[])
    table = {"name": "s", "criteria": [{"id": "v", "scale": "1-5", "critical": True}]}
    table["criteria"][0]["fail_on"] = []
    with pytest.raises(ConfigError, match=r"^sections\[0\]\.criteria\[0\]\.fail_on: "):
        Scorecard.from_dict({"name": "card", "sections": [table]})
    # Not critical: fail_on decides nothing, and an empty one is allowed as before.
    assert Criterion("tone", Scale.parse("1-5"), fail_on=[]).fail_on == ()
