"""servicemodel.io.freshdesk against the shapes of real recorded Freshdesk API responses.

The fixtures in ``tests/data/freshdesk/realshapes/`` are written by hand (our own ids, texts
and times) in the shapes seen in recorded responses:

- ``sjkingo/python-freshdesk``, ``freshdesk/v2/tests/sample_json_data/``: ``ticket_1.json``
  (a single ticket with ``stats``, ``requester``, ``attachments`` at ``+05:30``, custom fields
  holding nulls), ``all_tickets.json`` and ``search_tickets.json`` (a list shape with the older
  names ``ticket_type``, ``isescalated``, ``custom_field``, ``frDueBy`` and ``+10:00``
  offsets), ``conversations.json``, ``note_1.json``, ``reply_1.json`` (``support_email``,
  ``cc_emails: null``, ``source`` 0 and 2);
- conversation ``source`` codes beyond the documented 0, 2, 5, 6, 7, 8: Freshdesk's own note
  sources, ``Ramesh-Veeriaperumal/freshconsult``, ``app/models/helpdesk/source/constants.rb``
  (``NOTE_SOURCES``: 3 status, 4 meta, 13 summary, 15 automation rule, 16 automation rule's
  forward; ticket source 5 Twitter, 6 Facebook); a survey's remark is a note with source
  "feedback" (6), ``incoming: true``, ``private: false`` by the customer
  (``app/models/custom_survey/survey_result.rb``, ``add_feedback``), and the same repository's
  tests assert it leaves a resolved ticket resolved (``test_feedback_note_customer``).

Expected values come from those semantics and the fixture's own fields, never from the reader.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import freshdesk
from servicemodel.kpi import FirstContactResolution
from servicemodel.model import AgentReply, InternalNote, TicketHistory

DATA = Path(__file__).parent / "data" / "freshdesk" / "realshapes"


def read(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


# What each conversation ``source`` is, from Freshdesk's note sources (see the module doc):
# None for the survey's remark (no event), else the event kind for a public, outgoing one.
EXPECTED_KIND = {
    0: "agent_reply",  # an email reply
    2: "agent_reply",  # a public note by an agent
    3: "internal_note",  # status
    4: "internal_note",  # meta
    6: None,  # survey feedback
    8: "internal_note",  # forwarded email
    13: "internal_note",  # ticket summary
    15: "agent_reply",  # automation rule (automated)
    16: "internal_note",  # automation rule's forward
}


def _load() -> dict[str, TicketHistory]:
    files = [DATA / n for n in ("tickets.json", "conversations.json", "satisfaction_ratings.json")]
    result = freshdesk.load(files)
    assert result.errors == ()
    return {h.id: h for h in result}


def test_recorded_ticket_shape_reads_every_field_it_maps() -> None:
    raw = read("tickets.json")[0]
    h = _load()[str(raw["id"])]
    assert h.ticket.created_at == _utc(raw["created_at"])
    assert h.ticket.requester == str(raw["requester_id"])  # not the embedded requester object
    assert h.ticket.assignee == str(raw["responder_id"])
    assert h.ticket.channel == "email"
    assert h.ticket.priority.value == "normal"  # 2 Medium
    assert h.solved_at() == _utc(raw["stats"]["resolved_at"])
    attrs = h.ticket.attributes
    assert attrs["type"] == raw["type"]
    assert attrs["cf_order_ref"] == raw["custom_fields"]["cf_order_ref"]
    assert attrs["cf_region"] is None  # a custom field left empty stays empty


def test_conversation_sources_read_as_freshdesk_means_them() -> None:
    h = _load()["5101"]
    by_id = {e.id: e for e in h.events}
    for c in read("conversations.json"):
        kind = EXPECTED_KIND[c["source"]] if not c["private"] else "internal_note"
        event = by_id.get(f"c{c['id']}")
        assert (event.kind if event is not None else None) == kind, c["source"]
    automated = by_id["c9004"]
    assert isinstance(automated, AgentReply)
    assert automated.automated
    assert isinstance(by_id["c9003"], InternalNote)  # forwarded to a vendor, not the customer
    # The customer's only message is the description: the survey's remark is not one.
    assert [e.id for e in h.customer_messages()] == ["5101.description"]


def test_the_survey_remark_costs_no_first_contact_resolution() -> None:
    # Solved after one human reply; the remark left with the survey 30 minutes later is no
    # further customer message (the FCR rule's own words), so the ticket is resolved on first
    # contact. The automated reply (source 15) is left out here: it is a second reply.
    convs = [c for c in read("conversations.json") if c["source"] != 15]
    tickets = [read("tickets.json")[0]]
    (h,) = freshdesk.histories([tickets], [convs])
    fcr = FirstContactResolution().add(h).result()
    assert (fcr.n, fcr.value) == (1, 1.0)


def test_older_list_shape_keeps_type_escalation_and_social_channel() -> None:
    legacy = read("tickets.json")[1]
    h = _load()[str(legacy["id"])]
    assert h.ticket.channel == "social"  # source 5, Twitter
    assert h.ticket.attributes["type"] == legacy["ticket_type"]
    assert h.ticket.attributes["is_escalated"] is legacy["isescalated"]
    assert h.ticket.created_at.utcoffset() == timedelta(hours=10)  # the offset is kept
    legacy = dict(legacy, custom_field={"cf_line": "retail"}, source=6)
    (h,) = freshdesk.histories([[legacy]])
    assert (h.ticket.attributes["cf_line"], h.ticket.channel) == ("retail", "social")


def test_extra_stats_and_ticket_fields_are_ignored() -> None:
    # Fields the reader does not map (Freshservice-style stats counters, include=requester,
    # attachments with their own offsets) change nothing.
    raw = read("tickets.json")[0]
    plain = {k: v for k, v in raw.items() if k not in ("requester", "attachments")}
    extra = copy.deepcopy(raw)
    extra["stats"].update(opened_at=None, inbound_count=1, first_assigned_at=None,
                          resolution_time_in_secs=3600, ticket_id=raw["id"])  # fmt: skip
    (a,) = freshdesk.histories([[plain]])
    (b,) = freshdesk.histories([[extra]])
    assert a == b


_T0 = datetime(2026, 4, 6, 8, tzinfo=UTC)


def _ticket() -> dict[str, Any]:
    return {"id": 1, "created_at": "2026-04-06T08:00:00Z", "updated_at": "2026-04-06T12:00:00Z",
            "status": 4, "priority": 2, "source": 1, "requester_id": 50,
            "stats": {"resolved_at": "2026-04-06T09:00:00Z"}}  # fmt: skip


def _conv(cid: int, minutes: int, **fields: Any) -> dict[str, Any]:
    at = (_T0 + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")
    base = {"id": cid, "ticket_id": 1, "created_at": at, "incoming": False, "private": False,
            "user_id": 70, "source": 0}  # fmt: skip
    return base | fields


@given(st.lists(st.integers(min_value=61, max_value=600), max_size=4))
def test_survey_remarks_never_change_a_history(minutes: list[int]) -> None:
    """Law: survey feedback (source 6) adds nothing to a history, whenever it is left."""
    base = [_conv(1, 20)]
    remarks = [
        _conv(100 + i, m, source=6, incoming=True, user_id=50) for i, m in enumerate(minutes)
    ]
    (without,) = freshdesk.histories([[_ticket()]], [base])
    (with_remarks,) = freshdesk.histories([[_ticket()]], [base + remarks])
    assert with_remarks == without


@given(
    st.sampled_from([3, 4, 8, 13, 16]),
    st.booleans(),
    st.one_of(st.none(), st.sampled_from([50, 70])),
)
def test_forwards_and_agents_records_are_internal_notes(
    source: int, incoming: bool, user: int | None
) -> None:
    """Law: forwards (8, 16) and status, meta and summary records (3, 4, 13) are internal
    notes, whoever wrote them and whatever ``incoming`` says."""
    conv = _conv(7, 30, source=source, incoming=incoming, user_id=user)
    (h,) = freshdesk.histories([[_ticket()]], [[conv]])
    (event,) = [e for e in h.events if e.id == "c7"]
    assert isinstance(event, InternalNote)
