"""The partial-history attribute is checked when the ticket is built, so a bad one is its
record's error: one broken record never costs the others (or a whole report)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io import load_jsonl
from servicemodel.model import (
    LOST,
    PARTIAL_ATTRIBUTE,
    Ticket,
    TicketHistory,
    _direct,
    _values,
    lost_facts,
)

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_the_modules_name_the_same_attribute() -> None:
    assert _values._PARTIAL == _direct._PARTIAL == PARTIAL_ATTRIBUTE


@pytest.mark.parametrize(
    ("raw", "pattern"),
    [
        ("bogus", r"unknown lost fact 'bogus' in 'bogus'; known facts are \["),
        ("reopens,reopen", r"unknown lost fact 'reopen'"),
        (3, r"expected the lost facts as comma-separated names, got int 3"),
        (True, r"got bool True"),
    ],
)
def test_a_bad_value_is_refused_when_the_ticket_is_built(raw: Any, pattern: str) -> None:
    with pytest.raises(ConfigError, match=pattern) as info:
        Ticket("T", T0, attributes={PARTIAL_ATTRIBUTE: raw})
    assert str(info.value).startswith(f"attributes.{PARTIAL_ATTRIBUTE}: ")


@settings(max_examples=100, deadline=None)
@given(names=st.lists(st.sampled_from(sorted(LOST)), max_size=4), spaces=st.booleans())
def test_every_list_of_known_facts_is_read_as_those_facts(names: list[str], spaces: bool) -> None:
    raw = (", " if spaces else ",").join(names)
    h = TicketHistory(Ticket("T", T0, attributes={PARTIAL_ATTRIBUTE: raw}), [])
    assert lost_facts(h) == frozenset(names)


def test_a_bad_record_is_its_line_only() -> None:
    good = {"id": "A", "created_at": "2026-03-02T09:00:00Z", "attributes": {}}
    bad = {"id": "B", "created_at": "2026-03-02T09:00:00Z",
           "attributes": {PARTIAL_ATTRIBUTE: "bogus"}}  # fmt: skip
    lines = [json.dumps(good), json.dumps(bad), json.dumps({**good, "id": "C"})]
    result = load_jsonl(lines, on_error="collect")
    assert [h.id for h in result.histories] == ["A", "C"]
    (err,) = result.errors
    assert str(err).startswith("line 2: attributes.servicemodel.partial: unknown lost fact")


@settings(max_examples=60, deadline=None)
@given(
    raw=st.one_of(
        st.lists(st.sampled_from(sorted(LOST)), max_size=4).map(", ".join),
        st.text(max_size=12),
        st.integers(),
    )
)
def test_the_fast_record_path_keeps_partial_histories_and_refuses_what_the_model_does(
    raw: Any,
) -> None:
    """A record of a partial history is built directly (a load of partial histories ran
    through the converter, about four times slower a ticket), as the converter builds it;
    a value the model refuses is left to the converter, which names it."""
    record = {"id": "T", "created_at": "2026-03-02T09:00:00+00:00",
              "attributes": {PARTIAL_ATTRIBUTE: raw, "team": "L1"}}  # fmt: skip
    fast = _direct.direct_ticket(record)
    try:
        built = Ticket("T", T0, attributes={PARTIAL_ATTRIBUTE: raw, "team": "L1"})
    except ConfigError:
        assert fast is None
        return
    assert fast == built
    assert fast is not None  # every value the model takes is read directly
