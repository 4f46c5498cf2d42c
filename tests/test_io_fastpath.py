"""Loading records fast: the direct path builds exactly what the converter builds, or defers."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ServiceModelError
from servicemodel.io import history_to_dict
from servicemodel.io._records import _fast_event, _fast_ticket, event_from_dict, structure
from servicemodel.model import Ticket, TicketHistory
from servicemodel.strategies import histories

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
TIMES = st.sampled_from(
    [
        "2026-03-02T09:00:00Z",
        " 2026-03-02T09:00:00+01:00 ",
        "2026-03-02T09:00:00",
        "0001-01-01T00:00:00+14:00",
        "x",
    ]
)


def _converter(build: Any, data: Any) -> Any:
    try:
        return build(data)
    except ServiceModelError:
        return None


@given(histories())
def test_well_formed_records_take_the_fast_path_and_equal_the_converter(h: TicketHistory) -> None:
    record = history_to_dict(h)
    for ev in record.pop("events"):
        assert _fast_event(ev) == event_from_dict(ev, "") == _fast_event(dict(ev))
        assert _fast_event(ev) is not None
    assert _fast_ticket(record) == structure(record, Ticket, "") is not None


@given(histories(min_events=1), st.data())
def test_a_damaged_event_is_built_only_when_the_converter_builds_it(
    h: TicketHistory, data: st.DataObject
) -> None:
    ev = history_to_dict(h)["events"][0]
    key = data.draw(st.sampled_from([*ev, "extra"]))
    ev[key] = data.draw(JSON | TIMES)
    fast = _fast_event(ev)
    if fast is not None:
        assert fast == _converter(lambda d: event_from_dict(d, ""), ev)


@given(histories(), st.data())
def test_a_damaged_ticket_is_built_only_when_the_converter_builds_it(
    h: TicketHistory, data: st.DataObject
) -> None:
    record = history_to_dict(h)
    del record["events"]
    key = data.draw(st.sampled_from([*record, "extra"]))
    record[key] = data.draw(JSON | TIMES)
    fast = _fast_ticket(record)
    if fast is not None:
        assert fast == _converter(lambda d: structure(d, Ticket, ""), record)
