"""The adapters against records shaped as the vendors' published API references describe them.

Each test builds a record in a documented shape (the URL is on the test) and checks what the
reader makes of it: refused, mis-read or silently wrong is a defect; the regression tests here
pin the fixes, and the others pin shapes that were already read right.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io import eventlog, freshdesk, jira, zendesk
from servicemodel.model import AgentReply, CustomerMessage, InternalNote


def utc(text: str) -> datetime:
    """An instant read independently of the readers (Python's own ISO 8601 parser), in UTC."""
    return datetime.fromisoformat(text).astimezone(UTC)


# -- Zendesk ------------------------------------------------------------------------------------
# https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
# https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-audit-events-reference


def zd_page(**ticket: Any) -> dict[str, Any]:
    base = {"id": 35436, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
            "status": "open", "priority": None, "requester_id": 20978392, "tags": [],
            "via": {"channel": "email", "source": {"from": {}, "to": {}, "rel": None}}}  # fmt: skip
    base.update(ticket)
    return {"tickets": [base], "after_cursor": "c1", "before_cursor": None, "end_of_stream": True}


def zd_audits() -> list[dict[str, Any]]:
    """A ticket opened by email, answered publicly by an agent, then solved."""
    return [
        {"id": 1, "ticket_id": 35436, "created_at": "2026-03-02T09:00:00Z", "author_id": 20978392,
         "via": {"channel": "email"}, "metadata": {}, "events": [
             {"id": 11, "type": "Comment", "public": True, "author_id": 20978392, "body": "Hi"},
             {"id": 12, "type": "Create", "field_name": "status", "value": "new"},
             {"id": 13, "type": "Create", "field_name": "priority", "value": None}]},
        {"id": 2, "ticket_id": 35436, "created_at": "2026-03-02T09:30:00Z", "author_id": 501,
         "via": {"channel": "web"}, "metadata": {}, "events": [
             {"id": 21, "type": "Comment", "public": True, "author_id": 501, "body": "Hello"},
             {"id": 22, "type": "Change", "field_name": "status", "value": "solved",
              "previous_value": "new"}]},
    ]  # fmt: skip


#: Audit events Zendesk documents beside Create, Change, Comment and SatisfactionRating, each in
#: its documented shape; the reference asks integrations to ignore what they do not use.
ZD_OTHER_EVENTS: list[dict[str, Any]] = [
    {"id": 31, "type": "Notification", "subject": "Ticket received", "body": "x",
     "recipients": [20978392], "via": {"channel": "rule", "source": {"rel": "trigger"}}},
    {"id": 32, "type": "Cc", "recipients": [77]},
    {"id": 33, "type": "FollowerChange", "current_followers": ["a@example.com"],
     "previous_followers": []},
    {"id": 34, "type": "EmailCcChange", "current_email_ccs": [], "previous_email_ccs": []},
    {"id": 35, "type": "VoiceComment", "public": True, "author_id": 501, "body": "Call",
     "data": {"from": "+15551234", "to": "+15556789", "call_duration": 40}},
    {"id": 36, "type": "CommentPrivacyChange", "comment_id": 21, "public": False},
    {"id": 37, "type": "SatisfactionRating", "score": "offered", "assignee_id": 501, "body": ""},
    {"id": 38, "type": "AgentMacroReference", "macro_id": 9, "macro_title": "Close"},
    {"id": 39, "type": "ChatStartedEvent", "value": {"visitor_id": "v1"}},
    {"id": 40, "type": "Change", "field_name": "tags", "value": ["vip"], "previous_value": []},
    {"id": 41, "type": "Change", "field_name": "360001234", "value": "x", "previous_value": None},
]  # fmt: skip


def test_zendesk_closed_by_merge_tag_is_a_merge() -> None:
    # Zendesk closes a ticket merged into another and tags it closed_by_merge
    # (https://support.zendesk.com/hc/en-us/articles/203690916). Before, only a "merged" tag
    # or a merge audit counted: without audits the closure was read as a resolution.
    page = zd_page(status="closed", tags=["billing", "closed_by_merge"])
    stream = zendesk.histories([page])
    assert list(stream) == []
    assert [(s.id, s.reason) for s in stream.skipped] == [("35436", "merged")]


def test_zendesk_closed_by_merge_with_plain_audits() -> None:
    audits = zd_audits()
    audits[1]["events"][1]["value"] = "closed"
    stream = zendesk.histories([zd_page(status="closed", tags=["closed_by_merge"])], audits)
    assert list(stream) == []
    assert [s.reason for s in stream.skipped] == ["merged"]


def test_zendesk_closed_without_merge_tag_still_counts() -> None:
    audits = zd_audits()
    audits[1]["events"][1]["value"] = "closed"
    (h,) = zendesk.histories([zd_page(status="closed", tags=["billing"])], audits)
    assert h.solved_at() == utc("2026-03-02T09:30:00+00:00")


def test_zendesk_documented_event_types_are_ignored_not_refused() -> None:
    plain = list(zendesk.histories([zd_page(status="solved")], zd_audits()))
    audits = zd_audits()
    audits[1]["events"] = [*ZD_OTHER_EVENTS, *audits[1]["events"]]
    found = list(zendesk.histories([zd_page(status="solved")], audits))
    assert found == plain
    assert [type(e).__name__ for e in found[0].events] == [
        "CustomerMessage", "AgentReply", "StatusChange"
    ]  # fmt: skip


@given(
    kind=st.text(min_size=1, max_size=12).filter(
        lambda k: k not in {"Comment", "Change", "Create", "SatisfactionRating"}
    ),
    body=st.dictionaries(st.sampled_from(["value", "public", "score", "field_name"]),
                         st.one_of(st.none(), st.text(max_size=5), st.booleans())),
)  # fmt: skip
def test_zendesk_any_unknown_event_type_changes_nothing(kind: str, body: dict[str, Any]) -> None:
    # "Events may be added at any time ... ignore undocumented event types" (audit events ref.)
    plain = list(zendesk.histories([zd_page(status="solved")], zd_audits()))
    audits = zd_audits()
    audits[1]["events"].insert(0, {"id": 99, "type": kind, **body})
    assert list(zendesk.histories([zd_page(status="solved")], audits)) == plain


def test_zendesk_system_author_and_integer_ids() -> None:
    # Automations and triggers write audits with author_id -1; ids are JSON integers.
    audits = zd_audits()
    audits.append(
        {"id": 3, "ticket_id": 35436, "created_at": "2026-03-05T09:30:00Z", "author_id": -1,
         "via": {"channel": "rule", "source": {"rel": "automation"}}, "metadata": {},
         "events": [{"id": 51, "type": "Change", "field_name": "status", "value": "closed",
                     "previous_value": "solved"}]}
    )  # fmt: skip
    (h,) = zendesk.histories([zd_page(status="closed")], audits)
    assert h.id == "35436"
    assert h.ticket.requester == "20978392"
    assert [e.at.astimezone(UTC) for e in h.events][-1] == utc("2026-03-05T09:30:00Z")


# -- Freshdesk ----------------------------------------------------------------------------------
# https://developers.freshdesk.com/api/#tickets, #conversations


def fd_ticket(**fields: Any) -> dict[str, Any]:
    base = {"id": 20, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T12:00:00Z",
            "status": 2, "priority": 1, "source": 2, "requester_id": 1001, "responder_id": 7,
            "tags": [], "custom_fields": {}, "fr_due_by": "2026-03-03T09:00:00Z",
            "due_by": "2026-03-05T09:00:00Z", "fr_escalated": False,
            "is_escalated": False}  # fmt: skip
    base.update(fields)
    return base


def fd_conversation(cid: int, user: int, at: str, **flags: Any) -> dict[str, Any]:
    base = {"id": cid, "ticket_id": 20, "user_id": user, "incoming": False, "private": False,
            "source": 0, "body_text": "x", "support_email": None, "to_emails": [],
            "created_at": at, "updated_at": at}  # fmt: skip
    base.update(flags)
    return base


def test_freshdesk_requester_portal_reply_is_a_customer_message() -> None:
    # `incoming` marks a conversation "created from outside (i.e., not through web portal)":
    # a requester's reply through the customer portal comes with incoming false. Before, it was
    # read as an agent reply, and the first reply time came out as the customer's own message.
    convs = [fd_conversation(1, 1001, "2026-03-02T09:10:00Z"),
             fd_conversation(2, 7, "2026-03-02T09:30:00Z")]  # fmt: skip
    (h,) = freshdesk.histories([[fd_ticket()]], convs)
    kinds = {e.id: type(e) for e in h.events}
    assert kinds["c1"] is CustomerMessage
    assert kinds["c2"] is AgentReply
    assert h.first_reply_at() == utc("2026-03-02T09:30:00+00:00")


def test_freshdesk_forwarded_email_is_no_reply() -> None:
    # Conversation source 8 is a forwarded email: it goes to a third party, not the customer.
    convs = [fd_conversation(1, 7, "2026-03-02T09:10:00Z", source=8),
             fd_conversation(2, 7, "2026-03-02T09:45:00Z")]  # fmt: skip
    (h,) = freshdesk.histories([[fd_ticket()]], convs)
    assert isinstance({e.id: e for e in h.events}["c1"], InternalNote)
    assert h.first_reply_at() == utc("2026-03-02T09:45:00+00:00")


def test_freshdesk_agents_option_still_decides() -> None:
    # With agents= the user id decides, as before, whatever incoming or the requester say.
    convs = [fd_conversation(1, 1001, "2026-03-02T09:10:00Z"),
             fd_conversation(2, 7, "2026-03-02T09:30:00Z", incoming=True)]  # fmt: skip
    (h,) = freshdesk.histories([[fd_ticket()]], convs, agents=[7])
    kinds = {e.id: type(e) for e in h.events}
    assert (kinds["c1"], kinds["c2"]) == (CustomerMessage, AgentReply)


@given(
    incoming=st.booleans(),
    source=st.sampled_from([0, 2, 5, 7, 9, 11]),  # 6: survey feedback, no event
    minute=st.integers(1, 59),
)
def test_freshdesk_requester_is_never_an_agent(incoming: bool, source: int, minute: int) -> None:
    at = f"2026-03-02T10:{minute:02d}:00Z"
    convs = [fd_conversation(1, 1001, at, incoming=incoming, source=source)]
    (h,) = freshdesk.histories([[fd_ticket()]], convs)
    assert type({e.id: e for e in h.events}["c1"]) is CustomerMessage
    assert h.first_reply_at() is None


def test_freshdesk_shapes_already_read_right() -> None:
    # A customer's email reply (incoming true), a private note, an agent's public note; stats.
    convs = [fd_conversation(1, 1001, "2026-03-02T09:05:00Z", incoming=True, source=0),
             fd_conversation(2, 7, "2026-03-02T09:06:00Z", private=True, source=2),
             fd_conversation(3, 7, "2026-03-02T09:20:00Z", source=2)]  # fmt: skip
    ticket = fd_ticket(status=4, stats={"agent_responded_at": "2026-03-02T09:20:00Z",
                                        "requester_responded_at": "2026-03-02T09:05:00Z",
                                        "first_responded_at": "2026-03-02T09:20:00Z",
                                        "status_updated_at": "2026-03-02T11:00:00Z",
                                        "reopened_at": None, "resolved_at": "2026-03-02T11:00:00Z",
                                        "closed_at": None, "pending_since": None})  # fmt: skip
    (h,) = freshdesk.histories([[ticket]], convs)
    kinds = {e.id: type(e) for e in h.events}
    assert (kinds["c1"], kinds["c2"], kinds["c3"]) == (CustomerMessage, InternalNote, AgentReply)
    assert h.first_reply_at() == utc("2026-03-02T09:20:00+00:00")
    assert h.solved_at() == utc("2026-03-02T11:00:00+00:00")


# -- Jira Cloud / Jira Service Management -------------------------------------------------------
# https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/
# https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/


def jira_issue() -> dict[str, Any]:
    return {
        "id": "10001", "key": "SD-1",
        "fields": {
            "created": "2024-01-15T10:23:45.123+0000",
            "status": {"id": "10002", "name": "Resolved", "statusCategory": {"key": "done"}},
            "reporter": {"accountId": "c-1", "accountType": "customer", "active": True},
            "priority": {"id": "3", "name": "Medium"},
            "labels": [],
            "comment": {"startAt": 0, "maxResults": 2, "total": 2, "comments": [
                {"id": "100", "created": "2024-01-15T03:00:00.5-0800", "jsdPublic": True,
                 "author": {"accountId": "a-1", "accountType": "atlassian"}},
                {"id": "101", "created": "2024-01-15T11:30:00.123456789+0000", "jsdPublic": False,
                 "author": {"accountId": "a-1", "accountType": "atlassian"}}]},
        },
        "changelog": {"startAt": 0, "maxResults": 1, "total": 1, "histories": [
            {"id": "200", "created": "2024-01-15T12:00:00.000+0100",
             "author": {"accountId": "a-1"}, "items": [
                 {"field": "status", "fieldtype": "jira", "fieldId": "status",
                  "from": "10000", "fromString": "Waiting for support",
                  "to": "10002", "toString": "Resolved"}]}]},
    }  # fmt: skip


def test_jira_offsets_without_colon_and_fractions_of_any_length() -> None:
    # Jira writes +0000 / -0800 (no colon) with milliseconds; other tools write 1 to 9 digits.
    (h,) = jira.histories([{"issues": [jira_issue()], "nextPageToken": None, "isLast": True}])
    assert h.created_at.astimezone(UTC) == datetime(2024, 1, 15, 10, 23, 45, 123000, tzinfo=UTC)
    assert h.first_reply_at() == datetime(2024, 1, 15, 11, 0, 0, 500000, tzinfo=UTC)
    assert h.solved_at() == datetime(2024, 1, 15, 11, 0, tzinfo=UTC)
    notes = [e for e in h.events if isinstance(e, InternalNote)]
    assert [n.at.astimezone(UTC) for n in notes] == [
        datetime(2024, 1, 15, 11, 30, 0, 123456, tzinfo=UTC)
    ]


def test_jira_service_desk_date_objects() -> None:
    # The service desk API writes dates as {"iso8601", "jira", "friendly", "epochMillis"}.
    issue = copy.deepcopy(jira_issue())
    comments = {"SD-1": {"values": [
        {"id": "100", "public": True, "author": {"accountId": "a-1"},
         "created": {"iso8601": "2024-01-15T11:00:00+0000", "jira": "2024-01-15T11:00:00.000+0000",
                     "friendly": "Today 11:00 AM", "epochMillis": 1705316400000}}]}}  # fmt: skip
    (h,) = jira.histories([issue], comments)
    assert h.first_reply_at() == datetime(2024, 1, 15, 11, 0, tzinfo=UTC)


# -- event logs (pm4py / XES) -------------------------------------------------------------------
# https://www.xes-standard.org/ (lifecycle extension), pm4py's lifecycle:transition column


def xes_rows(transitions: list[str | None]) -> list[dict[str, Any]]:
    """A reply logged once per transition, ten minutes apart, after an opening message."""
    rows: list[dict[str, Any]] = [
        {"case:concept:name": "C1", "concept:name": "Open", "org:resource": "customer",
         "time:timestamp": "2026-03-02 09:00:00+01:00", "lifecycle:transition": "complete"},
    ]  # fmt: skip
    for i, transition in enumerate(transitions):
        rows.append({"case:concept:name": "C1", "concept:name": "Reply", "org:resource": "a1",
                     "time:timestamp": f"2026-03-02 09:{10 * (i + 1):02d}:00+01:00",
                     "lifecycle:transition": transition})  # fmt: skip
    return rows


EL_OPTIONS: dict[str, Any] = {
    "activity_map": {"Open": "customer_message", "Reply": "agent_reply"},
}


def test_eventlog_start_and_complete_rows_count_once() -> None:
    # Before, the start row was a reply too: two replies, the first one 10 minutes early.
    (h,) = eventlog.histories(xes_rows(["start", "complete"]), **EL_OPTIONS)
    replies = [e for e in h.events if isinstance(e, AgentReply)]
    assert [r.at.astimezone(UTC) for r in replies] == [utc("2026-03-02T09:20:00+01:00")]
    assert h.created_at.astimezone(UTC) == utc("2026-03-02T09:00:00+01:00")


@given(st.lists(st.sampled_from(["start", "suspend", "resume", "schedule", "assign",
                                 "complete", "COMPLETE", None, ""]), max_size=5))  # fmt: skip
def test_eventlog_one_reply_per_complete_row(transitions: list[str | None]) -> None:
    (h,) = eventlog.histories(xes_rows(transitions), **EL_OPTIONS)
    counted = [t for t in transitions if t is None or t == "" or t.lower() == "complete"]
    assert len([e for e in h.events if isinstance(e, AgentReply)]) == len(counted)


def test_eventlog_without_lifecycle_column_reads_every_row() -> None:
    rows = xes_rows(["start", "complete"])
    for row in rows:
        del row["lifecycle:transition"]
    (h,) = eventlog.histories(rows, **EL_OPTIONS)
    assert len([e for e in h.events if isinstance(e, AgentReply)]) == 2


def test_freshdesk_filter_api_page() -> None:
    # GET /api/v2/search/tickets wraps a page in {"results": [...], "total": N}. Before, the
    # page was taken for one ticket and refused ("id None").
    page = {"results": [fd_ticket(), fd_ticket(id=21, status=4)], "total": 2}
    found = [h.id for h in freshdesk.histories([page])]
    assert found == ["20", "21"]


def test_freshdesk_filter_api_page_errors_name_the_result(tmp_path: Any) -> None:
    page = {"results": [fd_ticket(), fd_ticket(id=21, priority=9)], "total": 2}
    path = tmp_path / "search.json"
    path.write_text(json.dumps(page))
    result = freshdesk.load([path], on_error="collect")
    assert [h.id for h in result] == ["20"]
    (err,) = result.errors
    assert err.source == str(path)
    assert err.path.endswith("results[1].priority")


def test_zendesk_audit_responses_in_json_files(tmp_path: Any) -> None:
    # The audits endpoint answers {"audits": [...], "next_page", "previous_page", "count"} (or,
    # paged by cursor, with "meta" and "links"); one response per .json file is read, also when
    # one ticket's audits span two responses.
    audits = zd_audits()
    (tmp_path / "p.json").write_text(json.dumps(zd_page(status="solved")))
    (tmp_path / "a1.json").write_text(
        json.dumps(
            {"audits": audits[:1], "meta": {"has_more": True, "after_cursor": "x"}, "links": {}}
        )
    )
    (tmp_path / "a2.json").write_text(json.dumps(
        {"audits": audits[1:], "next_page": None, "previous_page": None, "count": 1}))  # fmt: skip
    result = zendesk.load([tmp_path / n for n in ("p.json", "a1.json", "a2.json")])
    expected = list(zendesk.histories([zd_page(status="solved")], audits))
    assert list(result.histories) == expected


def test_zendesk_audit_response_per_line_is_refused_with_a_way_out(tmp_path: Any) -> None:
    line = json.dumps({"audits": zd_audits(), "next_page": None, "count": 2})
    (tmp_path / "p.json").write_text(json.dumps(zd_page(status="solved")))
    (tmp_path / "a.jsonl").write_text(line + "\n")
    with pytest.raises(ConfigError, match="one audit per line") as caught:
        zendesk.load([tmp_path / "p.json", tmp_path / "a.jsonl"])
    assert str(tmp_path / "a.jsonl") in str(caught.value)
