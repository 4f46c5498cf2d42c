"""A journey event's attribute float is finite, as a ticket's is (docs/journey.md, "Stages,
touchpoints and rules"): strict JSON, which ``to_dict`` writes, has no NaN or infinity, so
either is a ``ConfigError`` at ``attributes.<name>`` naming the value, from the constructor
and from ``from_dict`` alike. A missing value is ``None`` or no attribute at all. A stage
rule's attribute value that is NaN or an infinity would match no event, and is refused too,
at its path in a journey file.
"""

from __future__ import annotations

import json
import math
import pickle
import struct
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.journey import Journey, JourneyEvent, Stage, StageRule, events_from_histories
from servicemodel.model import Ticket, TicketHistory

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [math.nan, -math.nan, math.inf, -math.inf, -0.0, 1e308]
)
NAMES = st.sampled_from(["x", "plan", "score"])


def _ticket_message(value: float) -> str:
    # The ticket's words (docs/concepts.md), at the same path.
    return rf"attributes\.\w+: an attribute's number must be finite .*got {value!r}"


@given(FLOATS, NAMES)
def test_an_event_holds_a_float_attribute_only_when_it_is_finite(value: float, name: str) -> None:
    if math.isfinite(value):
        e = JourneyEvent("ada", T0, "ticket", attributes={name: value})
        assert e.attribute(name) == value
        assert e.attributes == ((name, value),)
    else:
        with pytest.raises(ConfigError, match=_ticket_message(value)) as err:
            JourneyEvent("ada", T0, "ticket", attributes={name: value})
        assert err.value.path == f"attributes.{name}"
        with pytest.raises(ConfigError, match=_ticket_message(value)):
            JourneyEvent("ada", T0, "ticket", attributes=[(name, value)])  # pairs, too


@given(FLOATS)
def test_an_event_refuses_exactly_the_attributes_a_ticket_refuses(value: float) -> None:
    # "An event's attributes hold what a ticket's do."
    try:
        Ticket("T", T0, attributes={"x": value})
        ticket_ok = True
    except ConfigError:
        ticket_ok = False
    try:
        JourneyEvent("ada", T0, "ticket", attributes={"x": value})
        event_ok = True
    except ConfigError:
        event_ok = False
    assert ticket_ok == event_ok == math.isfinite(value)


@given(FLOATS, st.sampled_from(["plain", "numpy"]))
def test_a_numpy_float_is_held_or_refused_as_its_python_float(value: float, kind: str) -> None:
    np = pytest.importorskip("numpy")
    item = np.float64(value) if kind == "numpy" else value
    if math.isfinite(value):
        e = JourneyEvent("ada", T0, "ticket", attributes={"x": item})
        assert e.attribute("x") == value
    else:
        with pytest.raises(ConfigError, match=r"^attributes\.x: .*finite"):
            JourneyEvent("ada", T0, "ticket", attributes={"x": item})


@given(FLOATS)
def test_from_dict_reads_with_the_same_rule_and_to_dict_writes_strict_json(value: float) -> None:
    data = {"customer": "ada", "at": T0.isoformat(), "kind": "ticket", "attributes": {"x": value}}
    if not math.isfinite(value):
        with pytest.raises(ConfigError, match=_ticket_message(value)) as err:
            JourneyEvent.from_dict(data)
        assert err.value.path == "attributes.x"  # kept, not folded into the message alone
        return
    e = JourneyEvent.from_dict(data)
    text = json.dumps(e.to_dict(), allow_nan=False)
    assert JourneyEvent.from_dict(json.loads(text)) == e


@given(st.lists(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "1.5", "-0.0"])))
def test_a_json_line_with_a_non_finite_number_is_refused_where_python_reads_one(
    literals: list[str],
) -> None:
    # Python's json reads NaN, Infinity and -Infinity, and 1e400 as an infinity.
    for literal in literals:
        line = f'{{"customer": "ada", "at": "{T0.isoformat()}", "kind": "ticket", '
        line += f'"attributes": {{"x": {literal}}}}}'
        if literal in ("1.5", "-0.0"):
            assert JourneyEvent.from_dict(json.loads(line)).attribute("x") == float(literal)
        else:
            with pytest.raises(ConfigError, match=r"^attributes\.x: .*finite"):
                JourneyEvent.from_dict(json.loads(line))


@given(st.dictionaries(NAMES, st.none() | st.text(max_size=3) | st.integers(-5, 5), max_size=3))
def test_a_missing_value_is_none_or_no_attribute(attributes: dict[str, Any]) -> None:
    e = JourneyEvent("ada", T0, "ticket", attributes=attributes)
    for name in ("x", "plan", "score"):
        assert e.attribute(name) == attributes.get(name)  # None whether given as None or absent


@given(st.dictionaries(NAMES, st.floats(allow_nan=False, allow_infinity=False), max_size=3))
def test_events_from_histories_keep_a_tickets_finite_attributes(
    attributes: dict[str, float],
) -> None:
    (e,) = events_from_histories([TicketHistory(Ticket("T", T0, "ada", attributes=attributes), [])])
    assert dict(e.attributes) == attributes


def _unpickled_ticket(value: float) -> TicketHistory:
    """A history as a stored pickle holds it when its ticket's attribute ``x`` is ``value``.

    Loading a pickle runs no converter, so the bytes a ticket holding NaN or an infinity
    would write still load: made here from a finite ticket's pickle, its 8-byte float swapped.
    """
    marker = 12345.5
    data = pickle.dumps(TicketHistory(Ticket("T-7", T0, "ada", attributes={"x": marker}), []))
    old, new = struct.pack(">d", marker), struct.pack(">d", value)
    assert data.count(old) == 1
    history = pickle.loads(data.replace(old, new))
    assert isinstance(history, TicketHistory)
    return history


@given(st.sampled_from([math.nan, math.inf, -math.inf]))
def test_an_unpickled_ticket_holding_one_is_refused_naming_the_ticket(value: float) -> None:
    history = _unpickled_ticket(value)
    with pytest.raises(ConfigError, match=r"^attributes\.x: ticket 'T-7': .*finite") as err:
        JourneyEvent.from_history(history)
    assert err.value.path == "attributes.x"
    with pytest.raises(ConfigError, match=r"ticket 'T-7'"):
        events_from_histories([history])


# -- stage rules --------------------------------------------------------------------------------


@given(FLOATS, NAMES)
def test_a_rule_holds_an_attribute_value_only_when_an_event_can(value: float, name: str) -> None:
    if not math.isfinite(value):
        with pytest.raises(ConfigError, match=r"NaN or an infinity matches no event") as err:
            StageRule(attributes={name: value})
        assert err.value.path == f"attributes.{name}"
        table = {"stages": [{"name": "a", "rules": [{"attributes": {name: value}}]}]}
        with pytest.raises(ConfigError, match=rf"^stages\[0\]\.rules\[0\]\.attributes\.{name}: "):
            Journey.from_dict(table)
        return
    # A finite value is kept, and matches the events that hold it (and only those).
    rule = StageRule(attributes={name: value})
    journey = Journey([Stage("a", rules=[rule])])
    assert rule.matches(JourneyEvent("ada", T0, "k", attributes={name: value}))
    assert not rule.matches(JourneyEvent("ada", T0, "k"))
    assert journey.stages[0].rules == (rule,)


@pytest.mark.parametrize("literal", ["nan", "inf", "-inf", "+inf", "1e400"])
def test_a_journey_file_with_a_non_finite_rule_value_names_the_file_and_field(
    tmp_path: Any, literal: str
) -> None:
    # TOML writes NaN and the infinities as literals; 1e400 reads as an infinity.
    path = tmp_path / "journey.toml"
    path.write_text(
        f'[[stages]]\nname = "vip"\n[[stages.rules]]\nattributes = {{ score = {literal} }}\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        Journey.from_file(path)
    assert str(err.value).startswith(f"{path}: stages[0].rules[0].attributes.score: ")
    assert "matches no event" in str(err.value)
