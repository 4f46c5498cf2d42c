"""A ticket of Zendesk's ticket event export that lost its start reads its Ticket Metrics.

The export holds a ticket's updates from its ``start_time`` on: a ticket without a ``Create``
event began before, and the status its first event found was set at an unknown instant. One
resolved all through the export was last solved before its start: its metric set's
``solved_at`` (the last solve) places that solve, and without it the ticket lacks its
resolution (it used to be solved at its creation, a resolution time of 0). The metric set's
``reopens`` counts the ticket's whole life: 0 with no reopen shown says it lacks none, above 0
is kept as ``servicemodel.reopens`` beside the reopens the events show. A ticket updated after
its last event, or with its ``Create`` event, reads no metric set.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import RecordError
from servicemodel.io import zendesk
from servicemodel.kpi import ReopenRate
from servicemodel.model import REOPENS_ATTRIBUTE, lost_facts, reopened

CREATED = datetime(2026, 4, 1, 8, tzinfo=UTC)
START = datetime(2026, 5, 4, 10, tzinfo=UTC)  # the ticket's first event in the export

TICKET = {
    "id": 9,
    "created_at": "2026-04-01T08:00:00Z",
    "updated_at": "2026-05-04T10:00:00Z",
    "status": "solved",
    "priority": "normal",
    "requester_id": 1,
    "tags": ["x", "y"],
    "via": {"channel": "email"},
    "custom_fields": [],
}


def _event(eid: int, at: str, *children: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": eid,
        "ticket_id": 9,
        "timestamp": 0,
        "created_at": at,
        "updater_id": 2,
        "via": "Web form",
        "system": {},
        "metadata": {},
        "event_type": "Audit",
        "child_events": list(children),
    }


TAGGED = _event(
    1,
    "2026-05-04T10:00:00Z",
    {"id": 11, "via": "Web form", "tags": ["x", "y"], "added_tags": ["y"],
     "removed_tags": [], "previous_value": ["x"], "event_type": "Change"},
)  # fmt: skip


def _status(eid: int, at: str, before: str, after: str) -> dict[str, Any]:
    child = {"id": eid * 10 + 1, "via": "Web form", "status": after, "previous_value": before,
             "event_type": "Change"}  # fmt: skip
    return _event(eid, at, child)


def _read(
    metric_set: dict[str, Any] | None, events: list[dict[str, Any]] | None = None, **ticket: Any
) -> Any:
    record = {**copy.deepcopy(TICKET), **ticket}
    if metric_set is not None:
        record["metric_set"] = {"ticket_id": 9, **metric_set}
    page = {"ticket_events": events or [TAGGED], "end_of_stream": True}
    (h,) = zendesk.histories([{"tickets": [record]}], ticket_events=[page])
    return h


def test_without_a_metric_set_a_ticket_solved_before_the_start_lacks_its_resolution() -> None:
    h = _read(None)
    assert {"resolution", "first_resolution", "reopens"} <= lost_facts(h)
    assert reopened(h) is None


def test_solved_at_places_the_solve_and_reopens_0_says_none_is_lacking() -> None:
    h = _read({"reopens": 0, "solved_at": "2026-04-02T08:00:00Z"})
    assert h.solved_at() == datetime(2026, 4, 2, 8, tzinfo=UTC)
    assert not {"resolution", "first_resolution", "reopens"} & lost_facts(h)
    assert reopened(h) is False
    assert {"status_times", "first_reply"} <= lost_facts(h)  # still unknown before the start


def test_reopens_above_0_are_counted_beside_the_lost_reopens() -> None:
    h = _read({"reopens": 2, "solved_at": "2026-04-03T08:00:00Z"})
    assert h.ticket.attributes[REOPENS_ATTRIBUTE] == 2
    assert reopened(h) is True
    assert "reopens" in lost_facts(h)
    assert "resolution" not in lost_facts(h)
    assert ReopenRate.empty().add(h).result().value == 1.0


def test_a_solved_at_after_the_first_event_that_found_it_solved_is_the_tickets_error() -> None:
    with pytest.raises(RecordError, match=r"metric_set\.solved_at.*found it solved already"):
        _read({"reopens": 0, "solved_at": "2026-05-05T08:00:00Z"})


def test_a_reopen_in_the_export_keeps_the_reopens_lost_beside_a_stale_0() -> None:
    # The metric set, read before the reopen, says 0: the events say 1 at least.
    events = [_status(1, "2026-05-04T10:00:00Z", "solved", "open")]
    h = _read({"reopens": 0, "solved_at": "2026-04-02T08:00:00Z"}, events, status="open")
    assert reopened(h) is True
    assert "reopens" in lost_facts(h)
    assert "first_resolution" in lost_facts(h)  # the solve before the start: instant unknown


def test_a_ticket_updated_after_its_last_event_reads_no_metric_set() -> None:
    h = _read(
        {"reopens": 0, "solved_at": "2026-04-02T08:00:00Z"}, updated_at="2026-06-01T08:00:00Z"
    )
    assert {"resolution", "reopens"} <= lost_facts(h)


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=0, max_value=5),
    st.integers(min_value=0, max_value=(START - CREATED) // timedelta(minutes=1)),
)
def test_law_the_metric_set_gives_the_last_solve_and_whether_it_was_reopened(
    reopens: int, solved_after: int
) -> None:
    solved = CREATED + timedelta(minutes=solved_after)
    h = _read({"reopens": reopens, "solved_at": solved.isoformat()})
    assert h.solved_at() == solved
    assert "resolution" not in lost_facts(h)
    assert reopened(h) is (reopens > 0)
    assert ("first_resolution" in lost_facts(h)) is (reopens > 0)
