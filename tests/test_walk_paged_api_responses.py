"""An analyst's walk with Freshdesk and Jira Service Management responses fetched page by page.

The shapes follow the vendors' API references: Freshdesk's conversations
(https://developers.freshdesk.com/api/#list_all_ticket_notes, one array per ticket), the
service desk comment and SLA pages of JSM (``size``, ``start``, ``limit``, ``isLastPage``,
``values``: https://developer.atlassian.com/cloud/jira/service-desk/rest/intro/#pagination,
https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/) and the
platform's comment pages (``startAt``, ``maxResults``, ``total``, ``comments``, ADF bodies:
https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import eventlog, freshdesk, jira
from servicemodel.io.eventlog import parse_timestamp
from servicemodel.reconcile import jsm_verdicts

DATA = Path(__file__).parent / "data"
FD = DATA / "freshdesk"
JIRA = DATA / "jira"
MAP = {"Awaiting Vendor": "on_hold"}


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _fd_tickets() -> list[Any]:
    return [_json(FD / f"tickets_page{i}.json") for i in (1, 2)]


def _fd_conversations() -> dict[int, list[dict[str, Any]]]:
    """Each ticket's ``/tickets/{id}/conversations`` array, by ticket id."""
    return {tid: _json(FD / f"conversations_{tid}.json") for tid in (101, 102)}


def _events(stream: Any) -> dict[str, list[tuple[str, str]]]:
    return {h.id: [(type(e).__name__, e.at.isoformat()) for e in h.events] for h in stream}


# -- Freshdesk: conversations by ticket id ------------------------------------------------------


def test_freshdesk_conversations_by_ticket_id_read_as_the_flat_records() -> None:
    """A mapping from a ticket id to its conversations (what a loop over
    ``/tickets/{id}/conversations`` builds) was iterated as its keys: every id an error,
    "a conversation needs the id of its ticket", and no conversation read."""
    by_id = _fd_conversations()
    flat = [rec for recs in by_id.values() for rec in recs]
    opts: dict[str, Any] = {"status_map": {6: "on_hold"}, "on_error": "collect"}
    mapped = freshdesk.histories(_fd_tickets(), by_id, **opts)
    listed = freshdesk.histories(_fd_tickets(), flat, **opts)
    got, want = _events(mapped), _events(listed)
    assert got == want
    assert ("CustomerMessage", "2026-03-02T11:00:00+00:00") in got["101"]  # conversation 9003
    assert [str(e) for e in mapped.errors] == [str(e) for e in listed.errors]


@settings(max_examples=25, deadline=None)
@given(st.sampled_from([101, "101", " 101 "]), st.booleans())
def test_freshdesk_a_conversation_belongs_to_its_keys_ticket(key: Any, keep_id: bool) -> None:
    """Law: under a mapping, a conversation belongs to its key's ticket, by its own
    ``ticket_id`` or without one; the key is read as ids are (an int or its text)."""
    original = _fd_conversations()[101]
    recs = copy.deepcopy(original)
    if not keep_id:
        for rec in recs:
            del rec["ticket_id"]
    ticket = [[_fd_tickets()[0][0]]]  # ticket 101 alone
    (h,) = freshdesk.histories(ticket, {key: recs})
    (want,) = freshdesk.histories(ticket, [original])
    assert h.events == want.events
    assert len(h.events) > 4  # its conversations, not only its stats


def test_freshdesk_a_conversation_under_another_tickets_key_names_both() -> None:
    by_id = {101: _fd_conversations()[102]}
    stream = freshdesk.histories(_fd_tickets(), by_id, status_map={6: "on_hold"},
                                 on_error="collect")  # fmt: skip
    list(stream)
    errs = [e for e in stream.errors if e.path.startswith("conversations[101]")]
    assert len(errs) == len(by_id[101])
    err = errs[0]
    assert err.path == "conversations[101][0].ticket_id"
    assert str(err).endswith(
        "ticket 101: ticket_id 102: the conversation is given under ticket 101 but names another"
    )


# -- JSM: comment pages -----------------------------------------------------------------------


def _jira_pages() -> list[dict[str, Any]]:
    return [_json(JIRA / f"search_page{i}.json") for i in (1, 2)]


@pytest.mark.parametrize("name", ["request_comments_pages.json", "issue_comment_pages.json"])
def test_every_comment_page_of_an_issue_reads_as_its_inline_comments(name: str) -> None:
    """``comments=`` given every page of ``/request/{key}/comment`` (service desk) or
    ``/issue/{key}/comment`` (platform, ADF bodies), as a list: the same history as the
    issue's inline comments. A list of pages used to be read as a list of comments."""
    pages = _json(JIRA / name)
    given_ = _events(jira.histories(_jira_pages(), pages, status_map=MAP, on_error="collect"))
    inline = _events(jira.histories(_jira_pages(), status_map=MAP, on_error="collect"))
    assert given_["SD-1"] == inline["SD-1"]
    assert ("CustomerMessage", "2026-03-02T10:30:00+01:00") in given_["SD-1"]  # the last page


@pytest.mark.parametrize(
    ("name", "path", "field"),
    [
        ("request_comments_pages.json", "comments['SD-1'].isLastPage", "isLastPage False"),
        ("issue_comment_pages.json", "comments['SD-1'].total", "total 3"),
    ],
)
def test_a_comment_page_short_of_the_last_is_refused(name: str, path: str, field: str) -> None:
    """One page of several, given alone, lost the issue's last comments silently (SD-1's
    customer reply at 10:30 vanished): now it is the issue's error, naming the page."""
    first = _json(JIRA / name)["SD-1"][0]
    stream = jira.histories(_jira_pages(), {"SD-1": first}, status_map=MAP, on_error="collect")
    assert "SD-1" not in [h.id for h in stream]
    (err,) = [e for e in stream.errors if "SD-1" in str(e)]
    assert err.path == path
    assert f"issue SD-1: {field}: the comment page(s)" in str(err)
    assert "give every page as a list" in str(err)


def test_a_missing_middle_comment_page_is_refused() -> None:
    """Platform pages that together hold fewer comments than ``total`` miss one."""
    _first, last = _json(JIRA / "issue_comment_pages.json")["SD-1"]
    stream = jira.histories(_jira_pages(), {"SD-1": [last]}, status_map=MAP,
                            on_error="collect")  # fmt: skip
    list(stream)
    (err,) = [e for e in stream.errors if "SD-1" in str(e)]
    assert err.path == "comments['SD-1'][0].total"
    assert "hold 1 of 3 comments" in str(err)


# -- JSM: SLA pages ---------------------------------------------------------------------------


def _sla_split(key: str) -> list[dict[str, Any]]:
    """A request's ``/sla`` response as two pages of one SLA each (``limit=1``)."""
    whole = _json(JIRA / "request_sla.json")[key]
    one, two = whole["values"]
    return [
        dict(whole, size=1, start=0, limit=1, isLastPage=False, values=[one]),
        dict(whole, size=1, start=1, limit=1, isLastPage=True, values=[two]),
    ]


def test_every_sla_page_reads_as_the_whole_response() -> None:
    whole = _json(JIRA / "request_sla.json")
    paged, errors = jsm_verdicts(sla={**whole, "SD-2": _sla_split("SD-2")})
    want, _ = jsm_verdicts(sla=whole)
    assert errors == ()
    assert paged == want
    assert {v.metric for v in paged if v.ticket_id == "SD-2"} == {
        "Time to first response",
        "Time to resolution",
    }


def test_an_sla_page_short_of_the_last_is_refused() -> None:
    """A first page alone read as the whole: the SLAs on the next page were "vendor has no
    clock for it". Now the request's error names the page."""
    first = _sla_split("SD-2")[0]
    verdicts, errors = jsm_verdicts(sla={"SD-2": first}, on_error="collect")
    assert verdicts == ()
    (err,) = errors
    assert err.path == "sla['SD-2'].isLastPage"
    assert "issue SD-2: isLastPage False: the SLA page(s) end before the last one" in str(err)


# -- event logs: a zone name in the timestamp ------------------------------------------------

_UTC_LOG = {
    "columns": {"case": "ticket_id", "activity": "event", "timestamp": "event_time"},
    "activity_map": {"Ticket opened": "customer_message", "Agent reply": "agent_reply"},
    "status_map": {"Resolved": "solved"},
    "date_format": "%Y-%m-%d %H:%M:%S %Z",
}


@pytest.mark.parametrize("tz", [None, "Europe/Berlin", "America/New_York"])
def test_a_timestamp_named_utc_is_utc_whatever_tz_says(tz: str | None) -> None:
    """``2026-03-02 08:00:00 UTC`` (BigQuery's text form of a timestamp) through a
    ``date_format`` with ``%Z``: ``strptime`` reads the name and returns a naive time, which
    was then refused as having no offset, or with ``tz=`` read as local time -- an hour off
    in Berlin, five in New York, silently."""
    options: dict[str, Any] = {**_UTC_LOG, "tz": tz} if tz else dict(_UTC_LOG)
    result = eventlog.load(JIRA.parent / "eventlog" / "utc_named_shape.csv", **options)
    one, two = result.histories
    assert one.created_at == datetime(2026, 3, 2, 8, tzinfo=UTC)
    assert one.first_reply_at() - one.created_at == timedelta(minutes=45)
    assert one.solved_at() == datetime(2026, 3, 2, 13, tzinfo=UTC)
    assert two.created_at == datetime(2026, 7, 1, 22, 30, tzinfo=UTC)


@settings(max_examples=40, deadline=None)
@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)),
    st.sampled_from(["UTC", "GMT", "utc"]),
    st.sampled_from([None, "Europe/Berlin", "Asia/Kolkata"]),
)
def test_a_utc_named_time_reads_as_that_instant(when: datetime, name: str, tz: str | None) -> None:
    """Law: a time written with ``%Z`` as UTC or GMT reads as that instant in UTC, for any
    ``tz=`` (the zone of times written without one)."""
    when = when.replace(microsecond=0)
    stamp = when.strftime("%Y-%m-%d %H:%M:%S ") + name
    got = parse_timestamp(stamp, tz=tz, date_format=("%Y-%m-%d %H:%M:%S %Z",))
    assert got == when.replace(tzinfo=UTC)


# -- JSM: changelog pages ---------------------------------------------------------------------


def _truncated_sd2() -> dict[str, Any]:
    """SD-2 as a search returns a long changelog: its first histories and a larger total."""
    issue = copy.deepcopy(_jira_pages()[0]["issues"][1])
    assert issue["key"] == "SD-2"
    issue["changelog"]["histories"] = issue["changelog"]["histories"][:4]
    issue["changelog"]["maxResults"] = 4
    return issue


def test_a_truncated_changelog_says_to_pass_its_pages_and_they_complete_it() -> None:
    """``/rest/api/3/issue/{key}/changelog`` pages had no place to go: the error said to
    splice them into ``changelog.histories`` by hand. ``changelogs=`` takes them."""
    stream = jira.histories([_truncated_sd2()], status_map=MAP, on_error="collect")
    assert list(stream) == []
    (err,) = stream.errors
    assert err.path == "issues[0].changelog.total"
    assert "pass its pages as changelogs=" in str(err)
    logs = _json(JIRA / "issue_changelog_pages.json")
    (got,) = jira.histories([_truncated_sd2()], changelogs=logs, status_map=MAP)
    (want,) = (h for h in jira.histories(_jira_pages(), status_map=MAP, on_error="collect")
               if h.id == "SD-2")  # fmt: skip
    assert got == want


def test_changelog_pages_short_of_the_last_or_for_no_issue_are_errors() -> None:
    first, _last = _json(JIRA / "issue_changelog_pages.json")["SD-2"]
    stream = jira.histories([_truncated_sd2()], changelogs={"SD-2": first, "SD-99": []},
                            status_map=MAP, on_error="collect")  # fmt: skip
    assert list(stream) == []
    paths = sorted(e.path for e in stream.errors)
    assert paths == ["changelogs['SD-2'].isLast", "changelogs['SD-99']"]
    assert "fetch the rest (/issue/SD-2/changelog?startAt=N)" in str(stream.errors[0])


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 7), st.integers(0, 3), st.booleans())
def test_any_paging_of_a_changelog_reads_the_same(size: int, overlap: int, shuffle: bool) -> None:
    """Law: the histories split into pages of any size, pages overlapping (fetched again
    while the issue changed) and in any order, read as the issue with its whole changelog."""
    whole = _jira_pages()[0]["issues"][1]["changelog"]["histories"]
    pages = []
    for start in range(0, len(whole), size):
        lo = max(0, start - overlap)
        last = start + size >= len(whole)
        values = whole[lo : start + size]
        pages.append({"startAt": lo, "total": len(whole), "isLast": last, "values": values})
    if shuffle:
        pages.reverse()
    (got,) = jira.histories([_truncated_sd2()], changelogs={"SD-2": pages}, status_map=MAP)
    (want,) = (h for h in jira.histories(_jira_pages(), status_map=MAP, on_error="collect")
               if h.id == "SD-2")  # fmt: skip
    assert got == want


def test_freshdesk_load_reads_a_file_of_conversations_by_ticket_id() -> None:
    """The mapping saved as it was built (``json.dump({tid: conversations})``) was read as
    one ticket without an id; it reads as the per-ticket files do."""
    tickets = [FD / "tickets_page1.json", FD / "tickets_page2.json"]
    by_id = freshdesk.load([*tickets, FD / "by_ticket" / "conversations.json"],
                           status_map={6: "on_hold"}, on_error="collect")  # fmt: skip
    files = [FD / "conversations_101.json", FD / "conversations_102.json"]
    per_file = freshdesk.load([*tickets, *files], status_map={6: "on_hold"}, on_error="collect")
    assert by_id.histories == per_file.histories
    assert [str(e).split(": ", 1)[1] for e in by_id.errors] == [
        str(e).split(": ", 1)[1] for e in per_file.errors
    ]
