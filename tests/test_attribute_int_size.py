"""A ticket attribute's whole number is one ``dump_jsonl`` can write: an int of more than about
4,000 digits (Python writes none past 4,300 as text by default) is refused when the ticket is
built, so a loader sets its record aside instead of failing the writer later."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io import dump_jsonl, load_jsonl
from servicemodel.model import Ticket, TicketHistory

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=-(10**3900), max_value=10**3900))
def test_an_accepted_whole_number_is_written_and_read_back(value: int) -> None:
    h = TicketHistory(Ticket("T", T0, attributes={"n": value}), [])
    (back,) = load_jsonl(dump_jsonl([h]).splitlines())
    assert back.ticket.attributes["n"] == value


@pytest.mark.parametrize("value", [10**4200, -(10**4200), 2**13_001])
def test_a_larger_one_is_refused_naming_the_attribute(value: int) -> None:
    with pytest.raises(ConfigError, match=r"attributes\.n: .*digits"):
        Ticket("T", T0, attributes={"n": value})


def test_in_a_file_it_costs_only_its_own_record() -> None:
    lines = [
        '{"id":"b","created_at":"2026-01-01T00:00:00Z","attributes":{"x":' + "9" * 4200 + "}}",
        '{"id":"c","created_at":"2026-01-01T00:00:00Z"}',
    ]
    got = load_jsonl(lines, on_error="collect")
    assert [h.id for h in got] == ["c"]
    (err,) = got.errors
    assert err.line == 1
    assert "attributes.x" in str(err)
