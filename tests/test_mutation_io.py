"""Mutation-walk gaps of the export readers, each pinned by the rule its docs state.

- Zendesk ticket event export, a ticket that lost its start (docs/exports.md, "A ticket of
  the ticket event export that lost its start"): the metric set's ``solved_at`` is the last
  solve, read only for a ticket resolved all through the export; "one after the ticket's
  first event, which found it solved already, is the ticket's error" -- after the *first*
  event, not the last, and one at that event's instant is not after it.
- Zendesk Ticket Metrics of a ticket without audits: "``reopens`` 0 with the solve known: the
  first resolution is known too" -- without the solve, it is not.
- Freshdesk conversations (docs/exports-freshdesk.md): a public conversation by the ticket's
  ``requester_id`` is a ``CustomerMessage`` "whatever ``incoming`` says: a reply through the
  customer portal has ``incoming: false``".
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from servicemodel.errors import RecordError
from servicemodel.io import freshdesk, jira, load_csv, summary, zendesk
from servicemodel.model import AgentReply, CustomerMessage, Status, StatusChange, lost_facts

# -- Zendesk: a ticket of the ticket event export that lost its start ---------------------------

_TICKET = {
    "id": 9,
    "created_at": "2026-04-01T08:00:00Z",
    "updated_at": "2026-05-04T12:00:00Z",
    "status": "solved",
    "priority": "normal",
    "requester_id": 1,
    "via": {"channel": "email"},
}


def _tagged(eid: int, at: str) -> dict[str, Any]:
    """A ticket event that changes only the tags (no status, no comment, no Create)."""
    child = {
        "id": eid * 10,
        "tags": ["x"],
        "added_tags": ["x"],
        "removed_tags": [],
        "previous_value": [],
        "event_type": "Change",
    }
    return {
        "id": eid,
        "ticket_id": 9,
        "created_at": at,
        "updater_id": 2,
        "event_type": "Audit",
        "child_events": [child],
    }


#: Two events of a ticket solved all through the export: the first at 10:00, the last at 12:00.
_EVENTS = [_tagged(1, "2026-05-04T10:00:00Z"), _tagged(2, "2026-05-04T12:00:00Z")]


def _lost_start(solved_at: str) -> Any:
    record = {
        **copy.deepcopy(_TICKET),
        "metric_set": {"ticket_id": 9, "reopens": 0, "solved_at": solved_at},
    }
    page = {"ticket_events": _EVENTS, "end_of_stream": True}
    (h,) = zendesk.histories([{"tickets": [record]}], ticket_events=[page])
    return h


def test_a_solved_at_between_the_first_and_the_last_event_is_the_tickets_error() -> None:
    # The first event (10:00) found the ticket solved already: a last solve at 11:00 is after
    # it, whatever later events there are.
    with pytest.raises(RecordError, match=r"solved_at"):
        _lost_start("2026-05-04T11:00:00Z")


def test_a_solved_at_at_the_first_events_instant_places_the_solve() -> None:
    # Not after the first event: the solve is placed at solved_at, and the resolution is known.
    h = _lost_start("2026-05-04T10:00:00Z")
    assert h.solved_at() == datetime(2026, 5, 4, 10, tzinfo=UTC)
    assert "resolution" not in lost_facts(h)


# -- Zendesk: Ticket Metrics of a ticket without audits -----------------------------------------


def test_reopens_0_without_the_solve_leaves_the_first_resolution_lost() -> None:
    record = {**copy.deepcopy(_TICKET), "metric_set": {"ticket_id": 9, "reopens": 0}}
    (h,) = zendesk.histories([{"tickets": [record]}])
    assert "reopens" not in lost_facts(h)  # reopens 0: the ticket lacks no reopen
    assert {"resolution", "first_resolution"} <= lost_facts(h)  # the solve is unknown


def test_reopens_0_with_the_solve_known_knows_the_first_resolution() -> None:
    record = {
        **copy.deepcopy(_TICKET),
        "metric_set": {"ticket_id": 9, "reopens": 0, "solved_at": "2026-05-04T09:00:00Z"},
    }
    (h,) = zendesk.histories([{"tickets": [record]}])
    assert not {"resolution", "first_resolution", "reopens"} & lost_facts(h)


# -- Freshdesk: who wrote a conversation --------------------------------------------------------


def _freshdesk_kinds(user_id: int, incoming: bool) -> list[type]:
    ticket = {
        "id": 1,
        "created_at": "2026-03-02T09:00:00Z",
        "updated_at": "2026-03-02T11:00:00Z",
        "status": 2,
        "source": 1,
        "requester_id": 7,
    }
    conv = {
        "id": 10,
        "ticket_id": 1,
        "created_at": "2026-03-02T10:00:00Z",
        "incoming": incoming,
        "private": False,
        "user_id": user_id,
    }
    (h,) = freshdesk.histories([[ticket]], [conv])
    return [type(e) for e in h.events if e.id.startswith("c")]


@pytest.mark.parametrize("incoming", [False, True])
def test_a_public_conversation_by_the_requester_is_a_customer_message(incoming: bool) -> None:
    assert _freshdesk_kinds(7, incoming) == [CustomerMessage]


def test_a_public_outgoing_conversation_by_anyone_else_is_an_agent_reply() -> None:
    assert _freshdesk_kinds(99, False) == [AgentReply]
    assert _freshdesk_kinds(99, True) == [CustomerMessage]


# -- Freshdesk: the satisfaction survey's answers ------------------------------------------------

#: Freshdesk's survey answers, worst to best, read as a 1-7 scale in that order
#: (docs/exports-freshdesk.md: "-103 -> 1, -102 -> 2, -101 -> 3, 100 -> 4, 101 -> 5, 102 -> 6,
#: 103 -> 7").
_ANSWERS = [-103, -102, -101, 100, 101, 102, 103]


def test_each_survey_answer_is_its_place_on_the_seven_point_scale() -> None:
    ticket = {
        "id": 1,
        "created_at": "2026-03-02T09:00:00Z",
        "updated_at": "2026-03-02T11:00:00Z",
        "status": 2,
        "source": 1,
        "requester_id": 7,
    }
    ratings = [
        {
            "id": 50 + i,
            "ticket_id": 1,
            "created_at": f"2026-03-02T10:0{i}:00Z",
            "ratings": {"default_question": answer},
        }
        for i, answer in enumerate(_ANSWERS)
    ]
    (h,) = freshdesk.histories([[ticket]], ratings=ratings)
    found = sorted(h.ratings(), key=lambda r: r.at)
    assert [r.score for r in found] == list(range(1, 8))
    assert {(r.scale_min, r.scale_max) for r in found} == {(1, 7)}


# -- Jira: internal comments -------------------------------------------------------------------


def _jira_comment_kind(**flags: Any) -> str:
    """The kind of one agent's comment on an issue, with the comment's visibility ``flags``."""
    comment = {
        "id": "100",
        "created": "2026-04-07T10:30:00.000+0200",
        "author": {"accountId": "a1", "accountType": "atlassian"},
        **flags,
    }
    issue = {
        "key": "X-1",
        "fields": {
            "created": "2026-04-07T10:00:00.000+0200",
            "priority": {"name": "Low"},
            "reporter": {"accountId": "c1"},
            "assignee": None,
            "status": {"id": "1", "name": "Open", "statusCategory": {"key": "new"}},
            "comment": {"comments": [comment], "total": 1},
        },
    }
    (h,) = jira.histories([issue])
    (kind,) = [e.kind for e in h.events if e.id.startswith("comment-")]
    return kind


def test_a_comment_restricted_by_visibility_is_internal() -> None:
    # docs/exports-jira.md: a comment is internal with "a `visibility` restriction" (to a group
    # or role: the customer never sees it).
    restricted = {"visibility": {"type": "role", "value": "Administrators"}}
    assert _jira_comment_kind(**restricted) == "internal_note"
    assert _jira_comment_kind() == "agent_reply"


def test_one_child_event_setting_two_fields_gives_both_changes() -> None:
    # docs/exports.md: a Change child event names each field it sets by a key of its own;
    # status and priority are both read, from one child as from two.
    ticket = {
        **copy.deepcopy(_TICKET),
        "created_at": "2026-05-04T09:00:00Z",
        "updated_at": "2026-05-04T10:00:00Z",
        "status": "pending",
        "priority": "high",
    }
    create = {
        "id": 1,
        "ticket_id": 9,
        "created_at": "2026-05-04T09:00:00Z",
        "updater_id": 1,
        "event_type": "Audit",
        "child_events": [{"id": 4, "status": "new", "priority": "normal", "event_type": "Create"}],
    }
    change = {
        "id": 2,
        "ticket_id": 9,
        "created_at": "2026-05-04T10:00:00Z",
        "updater_id": 1,
        "event_type": "Audit",
        "child_events": [
            {"id": 5, "status": "pending", "priority": "high", "event_type": "Change"}
        ],
    }
    page = {"ticket_events": [create, change], "end_of_stream": True}
    (h,) = zendesk.histories([{"tickets": [ticket]}], ticket_events=[page])
    at = datetime(2026, 5, 4, 10, tzinfo=UTC)
    assert h.status_at(at).value == "pending"
    assert h.priority_at(at).value == "high"
    assert len({e.id for e in h.events}) == len(h.events) == 2


# -- Jira: pages that hold less than their total ------------------------------------------------


def _jira_issue(**fields: Any) -> dict[str, Any]:
    return {
        "key": "X-1",
        "fields": {
            "created": "2026-04-07T10:00:00.000+0200",
            "priority": {"name": "Low"},
            "reporter": {"accountId": "c1"},
            "assignee": None,
            "status": {"id": "1", "name": "Open", "statusCategory": {"key": "new"}},
            **fields,
        },
    }


def _history(n: int) -> dict[str, Any]:
    return {
        "id": str(n),
        "created": f"2026-04-07T1{n}:00:00.000+0200",
        "items": [
            {
                "field": "labels",
                "fieldId": "labels",
                "from": None,
                "fromString": "",
                "to": None,
                "toString": f"l{n}",
            }
        ],
    }


@pytest.mark.parametrize("held", [1, 2, 3])
@pytest.mark.parametrize("missing", [0, 1, 2])
def test_changelog_pages_holding_fewer_histories_than_their_total_are_refused(
    held: int, missing: int
) -> None:
    # jira.histories: changelogs= gives the pages of /issue/{key}/changelog; pages that hold
    # fewer histories than their ``total`` miss some (docs/exports-jira.md): the issue's error.
    page = {
        "values": [_history(i) for i in range(1, held + 1)],
        "startAt": 0,
        "total": held + missing,
        "isLast": True,
    }
    read = jira.histories([_jira_issue()], changelogs={"X-1": [page]}, on_error="collect")
    found = list(read)
    if missing:
        assert found == []
        assert any("histories" in e.message for e in read.errors)
    else:
        assert [h.id for h in found] == ["X-1"]


@pytest.mark.parametrize("held", [1, 2, 3])
@pytest.mark.parametrize("missing", [0, 1, 2])
def test_comment_pages_holding_fewer_comments_than_their_total_are_refused(
    held: int, missing: int
) -> None:
    comments = [
        {
            "id": str(i),
            "created": f"2026-04-07T1{i}:00:00.000+0200",
            "author": {"accountId": "a1"},
            "jsdPublic": True,
        }
        for i in range(1, held + 1)
    ]
    page = {"comments": comments, "startAt": 0, "total": held + missing}
    read = jira.histories([_jira_issue()], comments={"X-1": [page]}, on_error="collect")
    found = list(read)
    if missing:
        assert found == []
        assert any("comments" in e.message for e in read.errors)
    else:
        assert [h.id for h in found] == ["X-1"]


def _sd_comment(i: int) -> dict[str, Any]:
    """A service-desk request comment (``/rest/servicedeskapi/request/{key}/comment``)."""
    return {
        "id": str(i),
        "body": "x",
        "public": True,
        "author": {"accountId": "a1"},
        "created": {"iso8601": f"2026-04-07T11:{i:02d}:00+0200"},
    }


def test_service_desk_comment_pages_that_overlap_leave_no_gap() -> None:
    # A page fetched again from a later start, shorter than the first, is inside it: the
    # comments 0..5 are all held, so the page at start 5 follows without a gap.
    pages = [
        {
            "start": 0,
            "limit": 5,
            "size": 5,
            "isLastPage": False,
            "values": [_sd_comment(i) for i in range(5)],
        },
        {"start": 1, "limit": 1, "size": 1, "isLastPage": False, "values": [_sd_comment(1)]},
        {"start": 5, "limit": 5, "size": 1, "isLastPage": True, "values": [_sd_comment(5)]},
    ]
    (h,) = jira.histories([_jira_issue()], comments={"X-1": pages})
    assert len([e for e in h.events if e.id.startswith("comment-")]) == 6
    # and a real gap is still refused: without the page at start 0, comments 0..0 are missing
    with pytest.raises(RecordError, match=r"no page holds comments"):
        list(jira.histories([_jira_issue()], comments={"X-1": pages[1:]}))


def test_a_comment_at_the_issues_creation_instant_is_read() -> None:
    # Only a comment *before* the issue's creation is the issue's error.
    assert _jira_comment_kind(created="2026-04-07T10:00:00.000+0200") == "agent_reply"


def test_a_zendesk_ticket_without_via_has_the_channel_other() -> None:
    # As every reader names a ticket whose export gives no channel (docs/exports-jira.md,
    # docs/exports-summary.md, the event log's docs: "the ticket's channel is `other`").
    record = {k: v for k, v in copy.deepcopy(_TICKET).items() if k != "via"}
    (h,) = zendesk.histories([{"tickets": [{**record, "status": "open"}]}])
    assert h.ticket.channel == "other"


# -- one-row (summary) exports --------------------------------------------------------------------

_T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("reply", "solve"), [(60, 180), (180, 60)])
def test_a_rating_without_its_instant_is_at_the_last_of_first_reply_and_solve(
    reply: int, solve: int
) -> None:
    # docs/exports-summary.md: ``rated`` defaults to "the last of first reply, solve, close".
    row = {
        "id": "A",
        "created_at": _T0.isoformat(),
        "first_reply_at": (_T0 + timedelta(minutes=reply)).isoformat(),
        "solved_at": (_T0 + timedelta(minutes=solve)).isoformat(),
        "rating": "5",
    }
    (h,) = summary.histories([row], rating_scale=(1, 5))
    (rating,) = h.ratings()
    assert rating.at.astimezone(UTC) == _T0 + timedelta(minutes=max(reply, solve))


def test_a_not_done_status_changed_at_the_creation_is_taken() -> None:
    # docs/exports-summary.md: a not-done row takes its status at ``status_changed``; only
    # without that instant, "or with one before the creation", does it stay unknown.
    row = {"id": "A", "created_at": _T0.isoformat(), "State": "Waiting", "Since": _T0.isoformat()}
    columns = {"status": "State", "status_changed": "Since"}
    (h,) = summary.histories([row], columns=columns, status_map={"Waiting": "pending"})
    (change,) = [e for e in h.events if e.id == "status"]
    assert isinstance(change, StatusChange)
    assert change.status is Status.PENDING
    assert change.at.astimezone(UTC) == _T0


# -- the CSV event export's tally -----------------------------------------------------------------


@pytest.mark.parametrize("rows", [0, 1, 2])
@pytest.mark.parametrize("blanks", [0, 1])
def test_every_line_of_a_csv_export_is_counted_the_header_too(rows: int, blanks: int) -> None:
    # LoadResult: "Every physical line is accounted for: it is blank, the CSV header, ...".
    header = "ticket_id,created_at,channel,event_id,event_kind,event_at"
    data = [
        f"T{i},2026-01-05T09:00:00Z,chat,e{i},agent_reply,2026-01-05T09:03:00Z" for i in range(rows)
    ]
    lines = [header, *[""] * blanks, *data]
    result = load_csv(lines)
    assert result.lines_read == len(lines)
    assert result.blank_lines == blanks
    assert len(result.histories) == rows


@pytest.mark.parametrize("status", ["new", "open", "solved"])
@pytest.mark.parametrize(("score", "value"), [("good", 1), ("bad", 0)])
def test_a_ticket_without_audits_keeps_its_rating_at_updated_at(
    status: str, score: str, value: int
) -> None:
    # docs/exports.md: "``satisfaction_rating.score`` of a ticket without audits: the same
    # rating, at ``updated_at``" -- whatever its status, a new one's too.
    record = {**copy.deepcopy(_TICKET), "status": status, "satisfaction_rating": {"score": score}}
    (h,) = zendesk.histories([{"tickets": [record]}])
    (rating,) = h.ratings()
    assert (rating.score, rating.scale_min, rating.scale_max) == (value, 0, 1)
    assert rating.at.astimezone(UTC) == datetime(2026, 5, 4, 12, tzinfo=UTC)


def test_a_ticket_on_two_rows_is_an_error_of_the_second() -> None:
    # docs/exports-summary.md: one row per ticket; "a ticket id on two rows" is an error.
    rows = [
        {"id": "A", "created_at": _T0.isoformat()},
        {"id": "B", "created_at": _T0.isoformat()},
        {"id": "A", "created_at": (_T0 + timedelta(hours=1)).isoformat()},
    ]
    read = summary.histories(rows, on_error="collect")
    assert [h.id for h in read] == ["A", "B"]
    (error,) = read.errors
    assert "appears on two rows" in error.message
    assert error.path == "rows[2].id"
