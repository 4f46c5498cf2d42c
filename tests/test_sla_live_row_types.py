"""A hand-edited or corrupted live state row is a ``ConfigError`` naming its field.

``TicketSLA.from_dict`` reads a database row; whatever a value of it was replaced with, the
row either loads (and then measures without another error) or is refused with a
``ConfigError`` whose path names a key of the row, never another exception type.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    PriorityChange,
    StatusChange,
    Ticket,
)
from servicemodel.sla import GroupIn, PolicySet, SLAPolicy, Target, TicketSLA

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HOUR = timedelta(hours=1)
TARGETS = {
    "normal": [
        Target("first_reply", "4h", business=False),
        Target("next_reply", "2h", business=False),
        Target("periodic_update", "3h", business=False),
        Target("resolution", "1d", business=False),
    ],
    "urgent": [Target("first_reply", "1h", business=False)],
}
POLICIES = PolicySet(
    [
        SLAPolicy("tier-2", TARGETS, condition=GroupIn(["tier-2"]), pause_labels=["Vendor"]),
        SLAPolicy("tier-1", TARGETS),
    ]
)


def _row() -> dict[str, Any]:
    """A row with every optional key: cycles, stops, labels, a move and held changes."""
    state = TicketSLA(POLICIES, Ticket("T-1", T0, group="tier-1", priority_label="P3"))
    for event in [
        CustomerMessage("m1", T0 + HOUR),
        AgentReply("r1", T0 + 2 * HOUR),
        CustomerMessage("m2", T0 + 3 * HOUR),
        StatusChange("s1", T0 + 4 * HOUR, status="on_hold", label="Vendor"),
        AssignmentChange("a1", T0 + 5 * HOUR, group="tier-2"),
        StatusChange("s2", T0 + 6 * HOUR, status="solved"),
        PriorityChange("p1", T0 + 7 * HOUR, priority="urgent", label="P1"),
        StatusChange("s3", T0 + 8 * HOUR, status="open"),
        AgentReply("r2", T0 + 9 * HOUR),
    ]:
        state.apply(event)
    row: dict[str, Any] = json.loads(json.dumps(state.to_dict()))
    return row


ROW = _row()


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if path:
        yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*path, i))


PATHS = list(_paths(ROW))
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.sampled_from(["", " ", "x", "new", "urgent", "tier-1", "2026-03-02T10:00:00"]),
    st.sampled_from(["2026-03-02T10:00:00+00:00", "2999-01-01T00:00:00+00:00"]),
    st.lists(st.none(), max_size=2),
    st.just({}),
)


def test_the_row_has_every_optional_key() -> None:
    assert {"matches", "held", "priority_labels", "status_labels", "created_fields"} <= set(ROW)


@given(st.sampled_from(PATHS), VALUES | st.just(KeyError))
def test_an_edited_value_loads_or_is_a_config_error_naming_its_key(
    path: tuple[Any, ...], value: Any
) -> None:
    row = copy.deepcopy(ROW)
    here = row
    for key in path[:-1]:
        here = here[key]
    if value is KeyError:
        del here[path[-1]]
    else:
        here[path[-1]] = value
    failed: ConfigError | None = None
    try:
        state = TicketSLA.from_dict(row, POLICIES)
    except ConfigError as err:
        failed = err
    if failed is not None:
        # A value that disagrees with another key may be blamed on either (the fingerprints
        # of an id list one short): the path names a key of the row, never nothing.
        assert failed.path.split(".")[0].split("[")[0] in ROW
        return
    state.measurements(ended=True)
    state.timers(state.last_event_at, past=True)


@pytest.mark.parametrize("key", ["first_stop", "first_solve", "last_solve"])
def test_true_is_no_count_of_priority_changes(key: str) -> None:
    row = copy.deepcopy(ROW)
    assert row[key] is not None
    assert row[key][1] == 1
    row[key][1] = True  # equal to 1 in Python, but no number in a JSON row
    with pytest.raises(ConfigError) as info:
        TicketSLA.from_dict(row, POLICIES)
    assert info.value.path == key


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        ({"created_at": "2026-03-02T09:00:00"}, "ticket.created_at"),
        ({"created_at": 1772442000}, "ticket.created_at"),
        ({"priority": 3}, "ticket.priority"),
        ({"tags": "vip"}, "ticket.tags"),
        ({"id": None}, "ticket.id"),
    ],
)
def test_a_bad_ticket_field_is_named_inside_the_ticket(edit: dict[str, Any], path: str) -> None:
    row = copy.deepcopy(ROW)
    row["ticket"].update(edit)
    with pytest.raises(ConfigError) as info:
        TicketSLA.from_dict(row, POLICIES)
    assert info.value.path == path


@pytest.mark.parametrize("ticket", [[], "T-1", None, 7])
def test_a_ticket_that_is_no_table_is_named(ticket: Any) -> None:
    with pytest.raises(ConfigError) as info:
        TicketSLA.from_dict({**ROW, "ticket": ticket}, POLICIES)
    assert info.value.path == "ticket"
    assert "table" in info.value.message
