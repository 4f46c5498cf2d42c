"""The shared ``mapping_of`` validator: a mapping of names (text) to values of a kind.

Laws: a valid mapping passes unchanged (the very object is kept); a mapping with one key that
is no text, or one value of the wrong kind (a bool counts as no number), is refused with a
``ServiceModelError`` whose message names the field and the offending key. The three fields
that use it (a blueprint's ladders and escalation, a calibration's criteria and offsets, a
journey report's transitions) refuse the same way.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._validators import mapping_of
from servicemodel.errors import InputTypeError, ServiceModelError

#: (kinds, a strategy of values of those kinds, a strategy of values of none of them).
KINDS: list[tuple[Any, st.SearchStrategy[Any], st.SearchStrategy[Any]]] = [
    (int, st.integers(), st.one_of(st.booleans(), st.floats(), st.text(max_size=3), st.none())),
    (str, st.text(max_size=5), st.one_of(st.integers(), st.binary(max_size=3), st.none())),
    (
        (int, float),
        st.one_of(st.integers(), st.floats(allow_nan=False)),
        st.one_of(st.booleans(), st.text(max_size=3), st.lists(st.integers(), max_size=2)),
    ),
]

#: Hashable keys that are no text; their repr is short, so the message shows it whole.
NOT_TEXT = st.one_of(
    st.integers(-1000, 1000),
    st.none(),
    st.booleans(),
    st.binary(max_size=4),
    st.tuples(st.text(max_size=2), st.text(max_size=2)),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
)


def _box(validator: Any) -> type:
    @attrs.frozen
    class Box:
        table: Any = attrs.field(validator=validator)

    return Box


@st.composite
def kinds_and_mappings(draw: st.DrawFn) -> tuple[Any, st.SearchStrategy[Any], dict[str, Any]]:
    kinds, values, wrong = draw(st.sampled_from(KINDS))
    mapping = draw(st.dictionaries(st.text(max_size=6), values, max_size=6))
    return kinds, wrong, mapping


def _with(mapping: dict[Any, Any], key: Any, value: Any, at: int) -> dict[Any, Any]:
    """``mapping`` with ``key: value`` inserted at position ``at`` (a dict keeps its order)."""
    items = [(k, v) for k, v in mapping.items() if k != key]
    items.insert(min(at, len(items)), (key, value))
    return dict(items)


@given(drawn=kinds_and_mappings())
def test_a_valid_mapping_passes_unchanged(drawn: tuple[Any, Any, dict[str, Any]]) -> None:
    kinds, _wrong, mapping = drawn
    box = _box(mapping_of(kinds))(mapping)
    assert box.table is mapping
    assert box.table == dict(mapping)


@given(drawn=kinds_and_mappings(), data=st.data())
def test_a_key_that_is_no_text_is_refused_naming_field_and_key(
    drawn: tuple[Any, Any, dict[str, Any]], data: st.DataObject
) -> None:
    kinds, _wrong, mapping = drawn
    key = data.draw(NOT_TEXT)
    value = data.draw(st.sampled_from(list(mapping.values()))) if mapping else None
    bad = _with(mapping, key, value, data.draw(st.integers(0, 6)))
    with pytest.raises(ServiceModelError) as refused:
        _box(mapping_of(kinds))(bad)
    assert refused.value.args[0].startswith("table: ")
    assert repr(key) in str(refused.value)


@given(drawn=kinds_and_mappings(), key=st.text(max_size=6), data=st.data())
def test_a_value_of_the_wrong_kind_is_refused_naming_field_and_key(
    drawn: tuple[Any, Any, dict[str, Any]], key: str, data: st.DataObject
) -> None:
    kinds, wrong, mapping = drawn
    bad = _with(mapping, key, data.draw(wrong), data.draw(st.integers(0, 6)))
    with pytest.raises(ServiceModelError) as refused:
        _box(mapping_of(kinds))(bad)
    assert refused.value.args[0].startswith("table: ")
    assert repr(key) in str(refused.value)


@given(value=st.one_of(st.integers(), st.text(max_size=3), st.lists(st.integers(), max_size=2)))
def test_what_is_no_mapping_is_refused_naming_the_field(value: Any) -> None:
    with pytest.raises(InputTypeError, match=r"^table: expected a mapping of names to int"):
        _box(mapping_of(int))(value)


@given(flag=st.booleans())
def test_a_bool_is_a_value_only_when_allowed(flag: bool) -> None:
    assert _box(mapping_of(int, allow_bool=True))({"a": flag}).table == {"a": flag}
    with pytest.raises(InputTypeError, match="'a'"):
        _box(mapping_of(int))({"a": flag})


@given(n=st.integers())
def test_the_condition_holds_for_every_value(n: int) -> None:
    box = _box(mapping_of(int, condition=lambda v: v >= 0))
    if n >= 0:
        assert box({"a": n}).table == {"a": n}
    else:
        with pytest.raises(InputTypeError, match="'a'"):
            box({"a": n})


def test_a_container_and_key_rule_can_be_required() -> None:
    # The journey report's shape: a dict (not any mapping) of (from, to) pairs.
    from types import MappingProxyType

    pairs = _box(
        mapping_of(
            int,
            keys=lambda k: isinstance(k, tuple) and len(k) == 2,
            keys_what="pairs",
            container=dict,
        )
    )
    assert pairs({("a", "b"): 1}).table == {("a", "b"): 1}
    with pytest.raises(InputTypeError, match=r"^table: expected a dict of pairs to int"):
        pairs(MappingProxyType({("a", "b"): 1}))
    with pytest.raises(InputTypeError, match="expected pairs mapped to int, got 'ab': 1"):
        pairs({"ab": 1})


# --- the three fields that use it ------------------------------------------------------------


def _blueprint() -> Any:
    from servicemodel.blueprint import Blueprint

    return Blueprint("x")


def _calibration() -> Any:
    from servicemodel.qa import Criterion, Scale, Scorecard, Section, calibrate

    card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
    return calibrate([], card)


def _journey_report() -> Any:
    from servicemodel.journey import JourneyStats

    return JourneyStats.empty().result()


FIELDS = [
    (_blueprint, "ladders", {}),
    (_blueprint, "escalation", {"vip": "tier2"}),
    (_calibration, "offsets", {"ann": 1.5, "rob": -1}),
    (_calibration, "criteria", {}),
    (_journey_report, "transitions", {("a", "b"): 3}),
    (_journey_report, "disallowed", {}),
]


@pytest.mark.parametrize(("make", "field", "good"), FIELDS)
def test_the_fields_keep_their_valid_values(make: Any, field: str, good: Any) -> None:
    assert getattr(attrs.evolve(make(), **{field: good}), field) == good


@given(case=st.sampled_from(FIELDS), key=NOT_TEXT, value=st.sampled_from([object(), True, -1]))
def test_the_fields_refuse_a_bad_entry_naming_field_and_key(
    case: tuple[Any, str, Any], key: Any, value: Any
) -> None:
    make, field, _good = case
    with pytest.raises(ServiceModelError) as refused:
        attrs.evolve(make(), **{field: {key: value}})
    assert refused.value.args[0].startswith(f"{field}: ")
    assert repr(key) in str(refused.value)


@pytest.mark.parametrize("value", [-1, True, 2.0])
def test_journey_counts_are_ints_at_least_zero(value: Any) -> None:
    with pytest.raises(InputTypeError, match=r"transitions: .*\('a', 'b'\)"):
        attrs.evolve(_journey_report(), transitions={("a", "b"): value})
