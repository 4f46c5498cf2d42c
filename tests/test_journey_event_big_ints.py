"""A journey event's attribute whole number fits a JSON writer, as a ticket's does.

docs/journey.md, "Stages, touchpoints and rules": an event's attributes hold what a ticket's
do, checked by the ticket's own rule. A whole number of more than 13,000 bits (about 4,000
digits; Python writes no int of more than 4,300 digits as text, so ``to_dict`` written with
``json.dumps`` would fail) is a ``ConfigError`` at ``attributes.<name>``, in the ticket's
words, from the constructor, from ``from_dict`` and from ``from_history`` alike. One of 13,000
bits or fewer is held, and ``to_dict`` writes it as JSON that reads back.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.journey import Journey, JourneyEvent, StageRule, events_from_histories
from servicemodel.model import Ticket, TicketHistory

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
LIMIT = 13_000  # bits (docs/journey.md)
NAMES = st.sampled_from(["x", "seats", "order total"])


@st.composite
def whole_numbers(draw: st.DrawFn) -> int:
    """Whole numbers of about the limit's size, on both sides of it, of either sign."""
    bits = draw(st.integers(min_value=LIMIT - 3, max_value=LIMIT + 3))
    low = 1 << (bits - 1)
    magnitude = draw(st.sampled_from([low, (1 << bits) - 1, low + 1]))
    return magnitude if draw(st.booleans()) else -magnitude


def _message(value: int) -> str:
    # The ticket's words, said for an event too.
    return (
        f"an attribute's whole number has {value.bit_length():,} bits, more than the "
        f"{LIMIT:,} a JSON writer takes"
    )


@given(whole_numbers(), NAMES)
def test_an_event_holds_a_whole_number_only_up_to_the_json_limit(value: int, name: str) -> None:
    if value.bit_length() <= LIMIT:
        e = JourneyEvent("ada", T0, "ticket", attributes={name: value})
        assert e.attribute(name) == value
        assert JourneyEvent.from_dict(json.loads(json.dumps(e.to_dict()))) == e
        return
    for given_as in ({name: value}, [(name, value)]):
        with pytest.raises(ConfigError) as err:
            JourneyEvent("ada", T0, "ticket", attributes=given_as)
        assert err.value.path == f"attributes.{name}"
        assert str(err.value).startswith(f"attributes.{name}: {_message(value)}, got ")


@given(
    st.one_of(
        whole_numbers(),
        st.integers(),
        st.booleans(),
        st.floats(allow_nan=True),
        st.text(max_size=3),
        st.none(),
    )
)
def test_an_event_refuses_exactly_what_a_ticket_refuses_in_its_words(value: Any) -> None:
    try:
        Ticket("T", T0, attributes={"x": value})
        ticket_error = None
    except ConfigError as exc:
        ticket_error = str(exc)
    try:
        JourneyEvent("ada", T0, "ticket", attributes={"x": value})
        event_error = None
    except ConfigError as exc:
        event_error = str(exc)
    assert event_error == ticket_error


@given(whole_numbers())
def test_from_dict_reads_with_the_same_rule(value: int) -> None:
    data = {"customer": "ada", "at": T0.isoformat(), "kind": "ticket", "attributes": {"x": value}}
    if value.bit_length() <= LIMIT:
        assert JourneyEvent.from_dict(data).attribute("x") == value
        return
    with pytest.raises(ConfigError, match=rf"^attributes\.x: {re.escape(_message(value))}") as e:
        JourneyEvent.from_dict(data)
    assert e.value.path == "attributes.x"


def test_the_limit_is_inclusive_and_a_bool_is_no_whole_number() -> None:
    held = JourneyEvent("ada", T0, "k", attributes={"a": 2**LIMIT - 1, "b": -(2**LIMIT - 1)})
    assert held.attribute("a") == 2**LIMIT - 1
    json.dumps(held.to_dict())  # written
    with pytest.raises(ConfigError, match=r"has 13,001 bits, more than the 13,000 a JSON"):
        JourneyEvent("ada", T0, "k", attributes={"a": 2**LIMIT})
    assert JourneyEvent("ada", T0, "k", attributes={"a": True}).attribute("a") is True


def test_a_ticket_holding_one_anyway_is_refused_naming_the_ticket() -> None:
    # A ticket refuses it when built; one that holds it anyway (loading a pickle, or a
    # frozen class written around, runs no converter) is named.
    ticket = Ticket("T-7", T0, "ada", attributes={"x": 1})
    object.__setattr__(ticket, "attributes", {"x": 2**LIMIT})
    history = TicketHistory(ticket, [])
    with pytest.raises(ConfigError, match=r"^attributes\.x: ticket 'T-7': an attribute's whole"):
        JourneyEvent.from_history(history)
    with pytest.raises(ConfigError, match=r"ticket 'T-7'"):
        events_from_histories([history])


# -- stage rules ----------------------------------------------------------------------------------


@given(whole_numbers(), NAMES)
def test_a_rule_holds_a_whole_number_only_when_an_event_can(value: int, name: str) -> None:
    # docs/journey.md: a rule's attribute value no event can hold would match no event, and is
    # refused as an event refuses it: a ConfigError at attributes.<name>, naming the value.
    if value.bit_length() <= LIMIT:
        rule = StageRule(attributes={name: value})
        assert rule.matches(JourneyEvent("ada", T0, "k", attributes={name: value}))
        nearer = value - 1 if value > 0 else value + 1  # another number an event holds
        assert not rule.matches(JourneyEvent("ada", T0, "k", attributes={name: nearer}))
        assert StageRule.from_dict(rule.to_dict()) == rule
        return
    with pytest.raises(ConfigError) as err:
        StageRule(attributes={name: value})
    assert err.value.path == f"attributes.{name}"
    text = str(err.value)
    assert text.startswith(f"attributes.{name}: attribute {name!r}: a whole number of ")
    assert f"{value.bit_length():,} bits matches no event" in text
    assert f"at most {LIMIT:,}" in text
    assert re.search(r"got -?<int of about \d+ digits>$", text)  # the value, shortened
    table = {"stages": [{"name": "a", "rules": [{"attributes": {name: value}}]}]}
    with pytest.raises(ConfigError, match=rf"^stages\[0\]\.rules\[0\]\.attributes\.{name}: "):
        Journey.from_dict(table)


def test_a_rule_takes_the_limit_itself_and_a_bool() -> None:
    assert StageRule(attributes={"a": 2**LIMIT - 1}).attributes == (("a", 2**LIMIT - 1),)
    with pytest.raises(ConfigError, match=r"a whole number of 13,001 bits matches no event"):
        StageRule(attributes={"a": -(2**LIMIT)})
    assert StageRule(attributes={"a": True}).attributes == (("a", True),)
