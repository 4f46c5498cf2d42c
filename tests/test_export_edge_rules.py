"""The export readers' edge cases, each pinned to the rule its page states.

- Zendesk audits and ticket events of one ticket read together: an update in both (one
  ``id``) is read once, from the audit; updates of one second, of either kind, go in the
  order of their ids (docs/exports.md, "Audits and ticket events given together").
- A comment that does not say whether the customer saw it (Zendesk ``public``,
  ``comment_public``; Freshdesk ``private``): no event, and the ticket lacks its replies
  (docs/exports.md, "Comments that do not say public"; docs/exports-freshdesk.md, "A
  conversation that does not say private").
- Freshdesk ``stats`` timestamps in one second (docs/exports-freshdesk.md, "Timestamps in one
  second").
- Jira Data Center's ``sd.public.comment`` ``internal`` flag written as a text
  (docs/exports-jira.md, "Public or internal: how the flag is read").
- A Zendesk closed ticket without audits whose ``solved_at`` equals its ``updated_at``
  (docs/exports.md, the Ticket Metrics table).

Expected values come from those rules, never from running the readers.
"""

from __future__ import annotations

import copy
import sys
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import RecordError
from servicemodel.io import freshdesk, jira, zendesk
from servicemodel.model import (
    REOPENS_ATTRIBUTE,
    AgentReply,
    CustomerMessage,
    InternalNote,
    Reopen,
    Status,
    StatusChange,
    TicketHistory,
    lost_facts,
)
from servicemodel.strategies import histories as history_strategy
from test_io_zendesk import AGENTS, KINDS, page, to_zendesk
from test_io_zendesk_ticket_events import to_ticket_events

REPLIES = frozenset({"first_reply", "next_reply", "periodic_update"})
MESSAGES = (AgentReply, CustomerMessage, InternalNote)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def statuses(h: TicketHistory) -> list[tuple[str, Status, datetime]]:
    return [(e.id, e.status, e.at.astimezone(UTC)) for e in h.events if isinstance(e, StatusChange)]


# -- 1. Zendesk audits and ticket events together --------------------------------------------


@given(
    history_strategy(kinds=KINDS, max_events=10),
    st.data(),
    st.randoms(use_true_random=False),
)
def test_a_ticket_read_from_any_mix_of_audits_and_ticket_events_is_its_audits_history(
    h: TicketHistory, data: st.DataObject, rnd: Any
) -> None:
    # The law: each update given as an audit, as a ticket event, or as both (the event with
    # or without the comment_events sideload, since the audit is read), in any order, gives
    # the history its audits alone give -- nothing counted twice, nothing lost.
    rec, auds = to_zendesk(h)
    (want,) = zendesk.histories([page(rec)], auds, agents=AGENTS)
    audits: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for audit in auds:
        where = data.draw(st.sampled_from(["audit", "event", "both"]))
        sideload = where == "event" or data.draw(st.booleans())
        if where != "event":
            audits.append(audit)
        if where != "audit":
            events.extend(to_ticket_events([audit], sideload=sideload))
    rnd.shuffle(audits)
    rnd.shuffle(events)
    pages = [{"ticket_events": events[k : k + 2]} for k in range(0, len(events), 2)]
    (got,) = zendesk.histories([page(rec)], audits, ticket_events=pages, agents=AGENTS)
    assert got == want
    assert lost_facts(got) == frozenset()


T0, T1 = "2026-05-04T08:00:00Z", "2026-05-04T09:00:00Z"
TICKET = {"id": 1, "created_at": T0, "updated_at": T1, "status": "pending", "requester_id": 5}
CREATE = {
    "id": 1, "ticket_id": 1, "created_at": T0, "author_id": 5,
    "events": [{"id": 11, "type": "Create", "field_name": "status", "value": "new"}],
}  # fmt: skip


def _event(eid: int | str, status: str, before: str) -> dict[str, Any]:
    return {"id": eid, "ticket_id": 1, "created_at": T1, "updater_id": 6,
            "child_events": [{"id": f"{eid}1", "status": status, "previous_value": before,
                              "event_type": "Change"}]}  # fmt: skip


def _audit(aid: int | str, status: str, before: str) -> dict[str, Any]:
    return {"id": aid, "ticket_id": 1, "created_at": T1, "author_id": 6,
            "events": [{"id": f"{aid}1", "type": "Change", "field_name": "status",
                        "value": status, "previous_value": before}]}  # fmt: skip


@pytest.mark.parametrize("reverse", [False, True])
def test_an_audit_and_a_ticket_event_of_one_second_go_in_the_order_of_their_ids(
    reverse: bool,
) -> None:
    # Event 10 opens the ticket, audit 20 sets it pending, both at 09:00:00: 10 is first
    # whichever export carries it and whatever order they come in.
    audits = [CREATE, _audit(20, "pending", "open")]
    pages = [{"ticket_events": [_event(10, "open", "new")]}]
    (h,) = zendesk.histories([page(TICKET)], audits[::-1] if reverse else audits,
                             ticket_events=pages)  # fmt: skip
    assert [(s, at) for _, s, at in statuses(h)] == [
        (Status.OPEN, utc(T1)),
        (Status.PENDING, utc(T1)),
    ]
    # The same with the kinds swapped: audit 10, event 20.
    (swapped,) = zendesk.histories(
        [page(TICKET)], [CREATE, _audit(10, "open", "new")],
        ticket_events=[{"ticket_events": [_event(20, "pending", "open")]}],
    )  # fmt: skip
    assert [s for _, s, _ in statuses(swapped)] == [Status.OPEN, Status.PENDING]


def test_an_update_in_both_exports_is_read_once_from_the_audit() -> None:
    # Audit 30 holds the agent's public reply; the ticket event 30 (as text, without the
    # comment_events sideload) only says a comment was made. One reply, no lost facts.
    reply = {"id": 30, "ticket_id": 1, "created_at": T1, "author_id": 6,
             "events": [{"id": 31, "type": "Comment", "public": True, "author_id": 6}]}  # fmt: skip
    event = {"id": "30", "ticket_id": 1, "created_at": T1, "updater_id": 6,
             "child_events": [{"id": 31, "comment_present": True, "comment_public": True,
                               "event_type": "Comment"}]}  # fmt: skip
    rec = {**TICKET, "status": "new"}
    for order in ([event], [event, event]):
        (h,) = zendesk.histories([page(rec)], [CREATE, reply],
                                 ticket_events=[{"ticket_events": order}])  # fmt: skip
        assert [(type(e).__name__, e.id) for e in h.events] == [("AgentReply", "31")]
        assert lost_facts(h) == frozenset()


def test_load_reads_an_update_in_both_files_once(tmp_path: Any) -> None:
    import json

    reply = {"id": 30, "ticket_id": 1, "created_at": T1, "author_id": 6,
             "events": [{"id": 31, "type": "Comment", "public": True, "author_id": 6}]}  # fmt: skip
    rec = {**TICKET, "status": "new"}
    (tmp_path / "tickets.json").write_text(json.dumps(page(rec)))
    (tmp_path / "audits.jsonl").write_text("\n".join(json.dumps(a) for a in (CREATE, reply)))
    (tmp_path / "events.json").write_text(
        json.dumps({"ticket_events": to_ticket_events([CREATE, reply], sideload=False)})
    )
    for names in (["tickets.json", "audits.jsonl", "events.json"],
                  ["events.json", "audits.jsonl", "tickets.json"]):  # fmt: skip
        result = zendesk.load([tmp_path / n for n in names])
        assert not result.errors
        (h,) = result.histories
        assert [type(e).__name__ for e in h.events] == ["AgentReply"]
        assert lost_facts(h) == frozenset()


def test_an_audit_id_past_the_hosts_int_text_limit_is_the_tickets_error() -> None:
    # A host may lower Python's int-to-text limit to 640 digits; an audit id of 701 digits
    # then has no text, and matching audits with ticket events must not raise Python's
    # ValueError: the id is the ticket's RecordError, as it is without a ticket event.
    reply = {"id": 10**700 + 3, "ticket_id": 1, "created_at": T1, "author_id": 6,
             "events": [{"id": 31, "type": "Comment", "public": True, "author_id": 6}]}  # fmt: skip
    rec = {**TICKET, "status": "new"}
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        for events in ([], [{"ticket_events": [_event(40, "open", "new")]}]):
            with pytest.raises(RecordError, match=r"audits\[1\]\.id: ticket 1: audit id"):
                list(zendesk.histories([page(rec)], [CREATE, reply], ticket_events=events,
                                       agents=AGENTS))  # fmt: skip
    finally:
        sys.set_int_max_str_digits(before)


# -- 2. a comment that does not say whether the customer saw it --------------------------------


def _comments(audits: list[dict[str, Any]]) -> list[tuple[int, int]]:
    return [(i, j) for i, a in enumerate(audits) for j, ev in enumerate(a["events"])
            if ev["type"] == "Comment"]  # fmt: skip


@given(history_strategy(kinds=KINDS, max_events=10), st.data())
def test_a_zendesk_comment_without_public_costs_the_replies_and_nothing_else(
    h: TicketHistory, data: st.DataObject
) -> None:
    rec, auds = to_zendesk(h)
    found = _comments(auds)
    if not found:
        return
    i, j = data.draw(st.sampled_from(found))
    (want,) = zendesk.histories([page(rec)], auds, agents=AGENTS)
    changed = copy.deepcopy(auds)
    dropped = changed[i]["events"][j]
    del dropped["public"]
    (got,) = zendesk.histories([page(rec)], changed, agents=AGENTS)
    assert [e for e in got.events if not isinstance(e, MESSAGES)] == [
        e for e in want.events if not isinstance(e, MESSAGES)
    ]
    assert [e for e in got.events if isinstance(e, MESSAGES)] == [
        e for e in want.events if isinstance(e, MESSAGES) and e.id != str(dropped["id"])
    ]
    assert lost_facts(got) == REPLIES
    # The ticket event export's sideloaded comment without public: the same.
    sideloaded = to_ticket_events(changed, sideload=True)
    (from_events,) = zendesk.histories([page(rec)], ticket_events=sideloaded, agents=AGENTS)
    assert from_events == got


def test_a_first_comment_without_public_still_counts_as_the_first_comment() -> None:
    # The ticket's first comment decides created_by_agent; one whose visibility is not said
    # is still the first, so the agent's public comment after it does not make the ticket
    # an agent's.
    first = {"id": 2, "ticket_id": 1, "created_at": T0, "author_id": 6,
             "events": [{"id": 21, "type": "Comment", "author_id": 6}]}  # fmt: skip
    reply = {"id": 30, "ticket_id": 1, "created_at": T1, "author_id": 6,
             "events": [{"id": 31, "type": "Comment", "public": True, "author_id": 6}]}  # fmt: skip
    rec = {**TICKET, "status": "new"}
    (h,) = zendesk.histories([page(rec)], [CREATE, first, reply], agents=[6])
    assert not h.ticket.created_by_agent
    assert [e.id for e in h.events if isinstance(e, MESSAGES)] == ["31"]
    (said,) = zendesk.histories([page(rec)], [CREATE, reply], agents=[6])
    assert said.ticket.created_by_agent  # the same reply, first: the agent's ticket


def test_a_comment_present_without_comment_public_costs_the_replies() -> None:
    kid = {"id": 31, "comment_present": True, "event_type": "Comment"}
    event = {"id": 30, "ticket_id": 1, "created_at": T1, "updater_id": 6, "child_events": [kid]}
    create = to_ticket_events([CREATE], sideload=True)
    rec = {**TICKET, "status": "new"}
    (h,) = zendesk.histories([page(rec)], ticket_events=[{"ticket_events": [*create, event]}])
    assert not any(isinstance(e, MESSAGES) for e in h.events)
    assert lost_facts(h) == REPLIES


@pytest.mark.parametrize("value", [None, "true", 1])
def test_a_zendesk_public_that_is_no_boolean_is_the_tickets_error(value: Any) -> None:
    comment = {"id": 31, "type": "Comment", "public": value, "author_id": 6}
    reply = {"id": 30, "ticket_id": 1, "created_at": T1, "author_id": 6, "events": [comment]}
    with pytest.raises(RecordError, match="ticket 1: public") as info:
        list(zendesk.histories([page({**TICKET, "status": "new"})], [CREATE, reply]))
    assert info.value.path == "audits[1].events[0].public"


FD_T0, FD_T1 = "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"
FD_TICKET = {"id": 5, "created_at": FD_T0, "updated_at": FD_T1, "status": 2, "source": 1,
             "requester_id": 50}  # fmt: skip


def _conversation(source: int, **extra: Any) -> dict[str, Any]:
    return {"id": 1, "ticket_id": 5, "user_id": 77, "incoming": False, "source": source,
            "created_at": "2026-03-02T09:10:00Z", **extra}  # fmt: skip


@pytest.mark.parametrize("source", [0, 2, 15])
def test_a_freshdesk_conversation_without_private_costs_the_replies(source: int) -> None:
    # A reply (0), a note (2) or an automation rule's note (15): which the customer saw is
    # not said, so it is neither a reply nor a note.
    (h,) = freshdesk.histories([[FD_TICKET]], [_conversation(source)])
    assert [type(e).__name__ for e in h.events if isinstance(e, MESSAGES)] == [
        "CustomerMessage"  # the description
    ]
    assert lost_facts(h) >= REPLIES
    # Said, it is read: public by an agent is a reply, private a note.
    (public,) = freshdesk.histories([[FD_TICKET]], [_conversation(source, private=False)])
    (private,) = freshdesk.histories([[FD_TICKET]], [_conversation(source, private=True)])
    assert any(isinstance(e, AgentReply) for e in public.events)
    assert any(isinstance(e, InternalNote) for e in private.events)
    assert not REPLIES & lost_facts(private)


@pytest.mark.parametrize("source", [3, 4, 8, 13, 16])
def test_a_freshdesk_internal_source_without_private_is_still_a_note(source: int) -> None:
    (h,) = freshdesk.histories([[FD_TICKET]], [_conversation(source)])
    assert [e.id for e in h.events if isinstance(e, InternalNote)] == ["c1"]
    assert not REPLIES & lost_facts(h)


def test_a_freshdesk_survey_remark_without_private_is_no_event_and_costs_nothing() -> None:
    (h,) = freshdesk.histories([[FD_TICKET]], [_conversation(6, user_id=50, incoming=True)])
    assert [e.id for e in h.events if isinstance(e, MESSAGES)] == ["5.description"]
    assert not REPLIES & lost_facts(h)


def test_a_freshdesk_private_that_is_no_boolean_is_the_tickets_error() -> None:
    with pytest.raises(RecordError, match="ticket 5: private 'false': expected true or false"):
        list(freshdesk.histories([[FD_TICKET]], [_conversation(0, private="false")]))


# -- 3. Freshdesk stats timestamps in one second -----------------------------------------------

T_SOLVE = "2026-03-02T09:30:00Z"


def _stats_ticket(status: int, **stats: str) -> dict[str, Any]:
    return {**FD_TICKET, "status": status, "stats": {"resolved_at": T_SOLVE, **stats}}


@pytest.mark.parametrize("key", ["reopened_at", "status_updated_at"])
def test_an_unresolved_ticket_reopened_in_the_second_of_its_solve_is_solved_then_reopened(
    key: str,
) -> None:
    (h,) = freshdesk.histories([[_stats_ticket(2, **{key: T_SOLVE})]])
    placed = [(type(e).__name__, getattr(e, "status", None), e.at.astimezone(UTC))
              for e in h.events if isinstance(e, StatusChange | Reopen)]  # fmt: skip
    assert placed == [
        ("StatusChange", Status.OPEN, utc(FD_T0)),
        ("StatusChange", Status.SOLVED, utc(T_SOLVE)),
        ("Reopen", None, utc(T_SOLVE)),
    ]
    assert h.reopen_count() == 1
    assert (h.ticket.attributes.get(REOPENS_ATTRIBUTE) == 1) == (key == "reopened_at")


def test_an_unresolved_ticket_reopened_before_its_solve_is_an_error() -> None:
    with pytest.raises(RecordError, match="no reopened_at or status_updated_at follows"):
        list(freshdesk.histories([[_stats_ticket(2, reopened_at="2026-03-02T09:29:59Z")]]))


@pytest.mark.parametrize("status", [4, 5])
def test_a_resolved_ticket_reopened_in_the_second_of_its_solve_was_reopened_before_it(
    status: int,
) -> None:
    (h,) = freshdesk.histories([[_stats_ticket(status, reopened_at=T_SOLVE, closed_at=FD_T1)]])
    assert statuses(h)[1] == ("5.resolved", Status.SOLVED, utc(T_SOLVE))
    assert not any(isinstance(e, Reopen) for e in h.events)
    assert h.ticket.attributes[REOPENS_ATTRIBUTE] == 1
    assert {"reopens", "first_resolution"} <= lost_facts(h)
    with pytest.raises(RecordError, match="after the resolution"):
        list(freshdesk.histories(
            [[_stats_ticket(status, reopened_at="2026-03-02T09:30:01Z", closed_at=FD_T1)]]
        ))  # fmt: skip


def test_a_resolved_ticket_whose_status_updated_at_is_its_solve_is_just_solved() -> None:
    (h,) = freshdesk.histories([[_stats_ticket(4, status_updated_at=T_SOLVE)]])
    assert [s for _, s, _ in statuses(h)] == [Status.OPEN, Status.SOLVED]
    assert REOPENS_ATTRIBUTE not in h.ticket.attributes
    assert not {"reopens", "first_resolution"} & lost_facts(h)


# -- 4. Jira Data Center's internal flag ---------------------------------------------------------


def _issue(internal: Any) -> dict[str, Any]:
    comment = {"id": "1", "author": {"key": "agent"}, "created": "2026-03-02T10:00:00.000+0000",
               "body": "x", "properties": [{"key": "sd.public.comment",
                                            "value": {"internal": internal}}]}  # fmt: skip
    return {"key": "SD-9", "fields": {
        "created": "2026-03-02T09:00:00.000+0000",
        "status": {"id": "1", "name": "Waiting for support", "statusCategory": {"key": "new"}},
        "reporter": {"key": "cust"}, "comment": {"comments": [comment]},
    }}  # fmt: skip


@given(st.booleans())
def test_a_jira_internal_flag_written_as_text_reads_as_the_boolean(internal: bool) -> None:
    (as_bool,) = jira.histories([_issue(internal)], agents=["agent"])
    (as_text,) = jira.histories([_issue(str(internal).lower())], agents=["agent"])
    assert as_text == as_bool
    kind = InternalNote if internal else AgentReply
    assert [type(e) for e in as_text.events if isinstance(e, MESSAGES)][-1] is kind


@pytest.mark.parametrize("internal", ["yes", "True", "true ", 1, 0, [], {}])
def test_a_jira_internal_flag_of_another_value_is_the_issues_error(internal: Any) -> None:
    with pytest.raises(RecordError, match="issue SD-9: internal") as info:
        list(jira.histories([_issue(internal)], agents=["agent"]))
    assert info.value.path.endswith(".properties[0].value.internal")
    # Collected: the issue is set aside with its error, the others are read.
    good = {**_issue(True), "key": "SD-10"}
    stream = jira.histories([_issue(internal), good], agents=["agent"], on_error="collect")
    assert [h.id for h in stream] == ["SD-10"]
    assert len(stream.errors) == 1


@pytest.mark.parametrize("value", ['{"internal": true}', 1, ["internal"]])
def test_a_jira_sd_public_comment_value_that_is_no_object_is_the_issues_error(
    value: Any,
) -> None:
    issue = _issue(True)
    issue["fields"]["comment"]["comments"][0]["properties"][0]["value"] = value
    with pytest.raises(RecordError, match=r"issue SD-9: sd\.public\.comment"):
        list(jira.histories([issue], agents=["agent"]))


def test_a_jira_comment_without_an_internal_flag_is_public() -> None:
    # Jira's default: no internal key, or a null one, leaves the comment public.
    for value in ({}, {"internal": None}, None):
        issue = _issue(True)
        issue["fields"]["comment"]["comments"][0]["properties"][0]["value"] = value
        (h,) = jira.histories([issue], agents=["agent"])
        assert [type(e) for e in h.events if isinstance(e, MESSAGES)][-1] is AgentReply


@pytest.mark.parametrize("field", ["public", "jsdPublic"])
def test_a_jira_public_flag_that_is_no_boolean_names_the_field_the_record_holds(
    field: str,
) -> None:
    # "RecordError naming the issue key and the field": the service-desk API's comments say
    # public, the Cloud platform's jsdPublic; the error names the one that is wrong.
    issue = _issue(True)
    comment = issue["fields"]["comment"]["comments"][0]
    del comment["properties"]
    comment[field] = "false"
    with pytest.raises(RecordError, match=f"issue SD-9: {field} 'false'") as info:
        list(jira.histories([issue], agents=["agent"]))
    assert info.value.path == f"issues[0].fields.comment.comments[0].{field}"


# -- 5. a Zendesk closed ticket without audits, solved at its last update ----------------------


def _closed(solved_at: str) -> dict[str, Any]:
    return {"id": 3, "created_at": T0, "updated_at": T1, "status": "closed",
            "metric_set": {"ticket_id": 3, "solved_at": solved_at, "reopens": 0}}  # fmt: skip


def test_a_closed_ticket_solved_at_its_last_update_gets_one_change_to_closed() -> None:
    (h,) = zendesk.histories([page(_closed(T1))])
    assert statuses(h) == [("3.status", Status.CLOSED, utc(T1))]
    assert h.solved_at() == utc(T1)
    assert "resolution" not in lost_facts(h)


def test_a_closed_ticket_solved_before_its_last_update_is_solved_then_closed() -> None:
    solve = "2026-05-04T08:30:00Z"
    (h,) = zendesk.histories([page(_closed(solve))])
    assert statuses(h) == [
        ("3.solved", Status.SOLVED, utc(solve)),
        ("3.status", Status.CLOSED, utc(T1)),
    ]
    assert h.solved_at() == utc(solve)
