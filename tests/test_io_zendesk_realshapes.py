"""servicemodel.io.zendesk against the shapes real Zendesk responses have, one test per defect.

The shapes were seen in responses recorded from live Zendesk accounts by public API clients:

- facetoe/zenpy, betamax cassettes ``tests/test_api/betamax/TestTicketAudits.test_values.json``
  (``/ticket_audits.json``, cursor pages with ``meta``/``links``: a ticket deleted and
  restored, ``Change`` of ``status`` to ``deleted`` and back; ``Create`` of
  ``custom_status_id`` on every ticket; ids as strings in events, numbers in tickets),
  ``TestTicketsPagination.test_values.json`` (``/tickets.json``: every ticket carries a
  ``custom_status_id``), ``TicketsIncrementalTest.test_get_values.json`` (incremental pages,
  time and cursor based, with deleted tickets);
- zendesk/zendesk_api_client_rb, VCR cassettes (in its history) under
  ``spec/fixtures/cassettes/``: ``ZendeskAPI_Ticket_Audit/read_ZendeskAPI_Ticket_audits``,
  ``ZendeskAPI_SatisfactionRating/...`` (``/satisfaction_ratings``), ``ZendeskAPI_Ticket/update``
  (``{"ticket": ..., "audit": ...}``) and ``incremental_export.json`` (the legacy
  ``/exports/tickets``, ``results`` rows);
- justeat/ZendeskApiClient, ``test/ZendeskApi.Client.Tests/Converters/ticketAuditSingleResult.json``
  (``{"audit": {...}}``).

The fixtures ``tests/data/zendesk/realshapes_*.json`` are written by hand in those shapes, with
our own ids, texts and times; nothing of the recordings is copied. Expectations are read off
the fixtures by hand (the comments say how), never computed by the reader.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io import zendesk
from servicemodel.io.eventlog import Skipped
from servicemodel.model import (
    AgentReply,
    InternalNote,
    Status,
    StatusChange,
    TicketHistory,
)

DATA = Path(__file__).parent / "data" / "zendesk"
TICKETS = DATA / "realshapes_tickets.json"
AUDITS = DATA / "realshapes_audits.json"
#: Admin-defined statuses of the fixture: 7101 "Awaiting vendor" (Zendesk category pending,
#: paused like hold here), 7102 "Escalated" (category open). 7000, 7001 and 7003 are the
#: account's own New, Open and Pending, which have custom status ids too and are left unmapped.
STATUS_MAP = {"7101": "on_hold", "7102": "open"}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 4, day, hour, minute, tzinfo=UTC)


def read(**kw: Any) -> dict[str, TicketHistory]:
    result = zendesk.load([TICKETS, AUDITS], status_map=STATUS_MAP, on_error="collect", **kw)
    assert result.errors == ()
    assert result.skipped == (Skipped("203", "deleted"),)
    return {h.id: h for h in result.histories}


def changes(h: TicketHistory) -> list[tuple[datetime, Status, str | None]]:
    return [(e.at, e.status, e.label) for e in h.events if isinstance(e, StatusChange)]


# -- the fixture, read as load reads real files --------------------------------------------------


def test_audits_of_all_tickets_in_time_order_join_every_ticket() -> None:
    # /ticket_audits.json lists every ticket's audits by time, tickets interleaved.
    assert sorted(read()) == ["201", "202", "204"]


def test_a_deleted_then_restored_ticket_keeps_its_status() -> None:
    # Ticket 201: new at 08:00, open at 08:20; deleted 04-07 10:00, restored 10:05 (audits
    # 90010 and 90011): neither is a status of ours, so the ticket stays open throughout.
    h = read()["201"]
    assert changes(h) == [(at(6, 8, 20), Status.OPEN, "open")]
    assert h.status_at(at(7, 10, 2)) is Status.OPEN
    assert h.first_reply_at() == at(6, 8, 20)
    (note,) = [e for e in h.events if isinstance(e, InternalNote)]
    assert note.at == at(7, 11)
    # Ids are strings in the events ("4001", "501") and numbers on the ticket: the same ids.
    assert (h.final_assignee(), h.final_group()) == ("4001", "501")


def test_a_ticket_deleted_for_good_is_skipped_with_its_deletion_audit() -> None:
    # Ticket 203 is "deleted" in the export and its audits hold the deletion: skipped, no error.
    result = zendesk.load([TICKETS, AUDITS], status_map=STATUS_MAP, on_error="collect")
    assert Skipped("203", "deleted") in result.skipped
    assert result.errors == ()


def test_leaving_a_mapped_custom_status_for_an_unmapped_one_ends_it() -> None:
    # Ticket 202: open 09:30; pending with custom status 7101 at 12:00 (mapped to on_hold);
    # 04-08 12:00 custom status 7003 (the account's own Pending, unmapped) and no status change:
    # the status field (pending) is in force again.
    h = read()["202"]
    assert changes(h) == [
        (at(6, 9, 30), Status.OPEN, "open"),
        (at(6, 12), Status.ON_HOLD, "7101"),
        (at(8, 12), Status.PENDING, "pending"),
    ]
    assert h.status_at(at(7, 12)) is Status.ON_HOLD
    assert h.status_at(at(8, 13)) is Status.PENDING


def test_without_a_status_map_custom_status_ids_change_nothing() -> None:
    result = zendesk.load([TICKETS, AUDITS], on_error="collect")
    h = {x.id: x for x in result.histories}["202"]
    assert [(t, s) for t, s, _ in changes(h)] == [
        (at(6, 9, 30), Status.OPEN),
        (at(6, 12), Status.PENDING),
    ]


def test_a_ticket_created_in_a_mapped_custom_status_starts_in_it() -> None:
    # Ticket 204: created by agent 4002 straight into 7102 ("Escalated", mapped to open), moved
    # at 11:00 to 7001 (the account's Open) with no status change: still open, its own name.
    h = read()["204"]
    assert h.ticket.created_by_agent
    assert changes(h) == [(at(6, 10), Status.OPEN, "7102"), (at(6, 11), Status.OPEN, "open")]


# -- API responses that are not export files ------------------------------------------------------

PAGE = {"tickets": [{"id": 301, "created_at": "2026-04-06T08:00:00Z", "status": "open",
                     "updated_at": "2026-04-06T09:00:00Z", "requester_id": 3101}]}  # fmt: skip
AUDIT = {"id": 92001, "ticket_id": 301, "created_at": "2026-04-06T08:30:00Z", "author_id": 4101,
         "metadata": {"system": {}, "custom": {}}, "via": {"channel": "web"},
         "events": [{"id": 92002, "type": "Comment", "public": True, "author_id": 4101,
                     "body": "On it.", "attachments": [], "audit_id": 92001}]}  # fmt: skip


def write(tmp_path: Path, name: str, value: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def test_a_single_audit_response_is_read_as_its_audit(tmp_path: Path) -> None:
    page = write(tmp_path, "page.json", PAGE)
    single = write(tmp_path, "audit.json", {"audit": AUDIT})
    (h,) = zendesk.load([page, single]).histories
    (reply,) = [e for e in h.events if isinstance(e, AgentReply)]
    assert (reply.id, reply.at, reply.agent) == ("92002", at(6, 8, 30), "4101")


@pytest.mark.parametrize(
    ("response", "named"),
    [
        # /satisfaction_ratings: scores "offered" and "good", next_page/previous_page/count.
        ({"satisfaction_ratings": [{"id": 93001, "ticket_id": 301, "score": "offered",
          "created_at": "2026-04-06T10:00:00Z", "updated_at": "2026-04-06T10:00:00Z",
          "comment": None, "assignee_id": 4101, "group_id": None, "requester_id": 3101}],
          "next_page": None, "previous_page": None, "count": 1}, "satisfaction ratings"),
        ({"satisfaction_rating": {"id": 93002, "ticket_id": 301, "score": "good"}},
         "satisfaction rating"),
        # The legacy /exports/tickets: rows in "results" beside "field_headers".
        ({"results": [{"id": 301, "status": "Open"}], "field_headers": {"id": "Id"},
          "options": {}, "end_time": 1775500000, "next_page": None}, "legacy"),
        # A ticket update's response: the ticket and the audit it wrote.
        ({"ticket": PAGE["tickets"][0], "audit": AUDIT}, "single-ticket"),
    ],
)  # fmt: skip
def test_other_api_responses_are_refused_naming_what_to_give(
    tmp_path: Path, response: dict[str, Any], named: str
) -> None:
    path = write(tmp_path, "response.json", response)
    with pytest.raises(ConfigError, match=named) as caught:
        zendesk.load([write(tmp_path, "page.json", PAGE), path])
    assert "response.json" in str(caught.value)


# -- laws ------------------------------------------------------------------------------------------

T0 = datetime(2026, 4, 6, 8, tzinfo=UTC)
OURS = {"new": Status.NEW, "open": Status.OPEN, "pending": Status.PENDING, "hold": Status.ON_HOLD,
        "solved": Status.SOLVED}  # fmt: skip
FIELD = st.sampled_from(["open", "pending", "hold", "solved"])


def _audit(n: int, when: datetime, *events: dict[str, Any]) -> dict[str, Any]:
    evs = [{"id": f"{n}.{i}", **e} for i, e in enumerate(events)]
    return {"id": n, "ticket_id": 1, "created_at": when.isoformat(), "author_id": 9, "events": evs}


def _status(value: str, before: str) -> dict[str, Any]:
    return {"type": "Change", "field_name": "status", "value": value, "previous_value": before}


def _custom(value: str, before: str) -> dict[str, Any]:
    return {"type": "Change", "field_name": "custom_status_id", "value": value,
            "previous_value": before}  # fmt: skip


def _read(audits: list[dict[str, Any]], last: str, **kw: Any) -> TicketHistory:
    page = {"tickets": [{"id": 1, "created_at": T0.isoformat(), "status": last,
                         "updated_at": T0.isoformat(), "requester_id": 8}]}  # fmt: skip
    create = _audit(
        0,
        T0,
        {"type": "Create", "field_name": "status", "value": "new"},
        {"type": "Create", "field_name": "custom_status_id", "value": "7000"},
    )
    (h,) = zendesk.histories([page], [create, *audits], **kw)
    return h


@given(st.lists(FIELD, min_size=1, max_size=8), st.sets(st.integers(0, 8)))
def test_a_deletion_and_its_restore_change_no_history(path: list[str], gaps: set[int]) -> None:
    """Deleting a ticket and restoring it, anywhere in its life, changes nothing we read."""
    plain: list[dict[str, Any]] = []
    deleted: list[dict[str, Any]] = []
    before = "new"
    for k, status in enumerate([*path, None]):
        hour = T0 + timedelta(hours=k + 1)
        if k in gaps:  # deleted 10 minutes before the next change, restored 5 minutes later
            deleted.append(
                _audit(100 + k, hour - timedelta(minutes=10), _status("deleted", before))
            )
            deleted.append(_audit(200 + k, hour - timedelta(minutes=5), _status(before, "deleted")))
        if status is not None:
            change = _audit(k + 1, hour, _status(status, before))
            plain.append(change)
            deleted.append(change)
            before = status
    assert _read(deleted, before).events == _read(plain, before).events


#: Custom status ids: mapped ones, and the account's own (unmapped) ids of its standard statuses.
MAPPED = {"7101": Status.ON_HOLD, "7102": Status.OPEN, "7103": Status.PENDING}
SYSTEM = {"open": "7001", "pending": "7003", "hold": "7004", "solved": "7005"}
# One audit: the status field changes with its own id, or a custom status is set (mapped or a
# standard one's id), with the status field changing to its category or not at all.
STEP = st.one_of(
    FIELD.map(lambda f: (f, SYSTEM[f])),
    st.tuples(st.one_of(st.none(), FIELD), st.sampled_from([*MAPPED, *SYSTEM.values()])),
)


@given(st.lists(STEP, min_size=1, max_size=8))
def test_the_status_in_force_is_the_mapped_custom_status_else_the_status_field(
    steps: list[tuple[str | None, str]],
) -> None:
    """After each audit: the latest custom status if it is mapped, else the status field's."""
    audits: list[dict[str, Any]] = []
    field, custom = "new", "7000"
    expected: list[tuple[datetime, Status]] = []
    for k, (new_field, new_custom) in enumerate(steps):
        when = T0 + timedelta(hours=k + 1)
        events = [] if new_field is None else [_status(new_field, field)]
        audits.append(_audit(k + 1, when, *events, _custom(new_custom, custom)))
        field, custom = new_field or field, new_custom
        expected.append((when, MAPPED.get(custom, OURS[field])))
    h = _read(audits, field, status_map={k: v.value for k, v in MAPPED.items()})
    assert [(t, h.status_at(t + timedelta(minutes=1))) for t, _ in expected] == expected
