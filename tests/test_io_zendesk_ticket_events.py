"""Zendesk's incremental ticket event export read as the tickets' audits.

The fixtures in ``tests/data/zendesk/ticket_events/`` are hand-written in the shapes Zendesk
documents and public clients record (see ``servicemodel.io.zendesk._events``): the page and
event fields of the API reference "Incremental Exports" and of airbytehq/airbyte's
source-zendesk-support unit tests (``TICKET_EVENTS_STREAM_RESPONSE``); ``Comment`` child
events as the ``comment_events`` sideload gives them; ``comment_present`` /
``comment_public`` flags without it; ``Create`` / ``Change`` child events that name their
field by a key of its own (cloudbees-oss/zendesk-java-client issue #271). Ticket 6001 is
read with the sideload, 6002 without it, 6003 has no event; the second page starts with the
first page's last event again (a time-based export's next page starts at the previous
``end_time``).
"""

from __future__ import annotations

import copy
import itertools
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import zendesk
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    InternalNote,
    SatisfactionRating,
    Status,
    StatusChange,
    TicketHistory,
    lost_facts,
)
from servicemodel.strategies import histories as history_strategy
from test_io_zendesk import AGENTS, KINDS, page, to_zendesk

DATA = Path(__file__).parent / "data" / "zendesk" / "ticket_events"
TICKETS = DATA / "tickets.json"
PAGE1, PAGE2 = DATA / "events_page1.json", DATA / "events_page2.json"
REPLIES = {"first_reply", "next_reply", "periodic_update"}


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def by_id(histories: Any) -> dict[str, TicketHistory]:
    return {h.id: h for h in histories}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


# -- the fixture ---------------------------------------------------------------------------------


def test_the_fixture_reads_every_ticket_whatever_the_order_of_the_files() -> None:
    first = zendesk.load([TICKETS, PAGE1, PAGE2])
    for order in ([PAGE2, TICKETS, PAGE1], [PAGE1, PAGE2, TICKETS]):
        again = zendesk.load(order)
        assert again.histories == first.histories
    assert [h.id for h in first.histories] == ["6001", "6002", "6003"]
    assert first.errors == ()


def test_an_event_on_two_pages_is_read_once() -> None:
    h = by_id(zendesk.load([TICKETS, PAGE1, PAGE2]).histories)["6001"]
    notes = [e for e in h.events if isinstance(e, InternalNote)]
    assert [n.id for n in notes] == ["7132"]  # event 7131 is on both pages


def test_ticket_read_with_comment_events_is_complete() -> None:
    h = by_id(zendesk.load([TICKETS, PAGE1, PAGE2]).histories)["6001"]
    assert lost_facts(h) == frozenset()
    assert h.first_reply_at() == utc("2026-05-04T09:05:00Z")
    assert [type(e) for e in h.events if isinstance(e, AgentReply | CustomerMessage)] == [
        CustomerMessage, AgentReply, CustomerMessage, AgentReply,
    ]  # fmt: skip
    solved = [e for e in h.events if isinstance(e, StatusChange) and e.status is Status.SOLVED]
    assert [e.at for e in solved] == [utc("2026-05-05T10:00:00Z")]
    (rating,) = [e for e in h.events if isinstance(e, SatisfactionRating)]
    assert (rating.score, rating.at) == (1, utc("2026-05-06T12:00:00Z"))
    assert (h.final_group(), h.final_assignee()) == ("31", "901")


def test_ticket_read_without_comment_events_lacks_its_replies() -> None:
    h = by_id(zendesk.load([TICKETS, PAGE1, PAGE2]).histories)["6002"]
    assert lost_facts(h) == REPLIES  # never "unanswered": the replies are unknown
    assert not any(isinstance(e, AgentReply | CustomerMessage) for e in h.events)
    (note,) = [e for e in h.events if isinstance(e, InternalNote)]  # private: a note anyway
    assert note.at == utc("2026-05-04T11:00:00Z")
    assert h.status_at(utc("2026-05-04T11:00:00Z")) is Status.PENDING


def test_histories_in_memory_equal_load() -> None:
    stream = zendesk.histories([load_json(TICKETS)], ticket_events=[load_json(PAGE1),
                                                                    load_json(PAGE2)])  # fmt: skip
    assert list(stream) == list(zendesk.load([TICKETS, PAGE1, PAGE2]).histories)


def test_one_ticket_event_a_line_is_read_like_its_page(tmp_path: Path) -> None:
    lines = tmp_path / "events.jsonl"
    events = load_json(PAGE1)["ticket_events"] + load_json(PAGE2)["ticket_events"]
    lines.write_text("".join(json.dumps(e) + "\n" for e in reversed(events)), encoding="utf-8")
    assert (
        zendesk.load([TICKETS, lines]).histories == zendesk.load([TICKETS, PAGE1, PAGE2]).histories
    )


def test_the_unix_timestamp_stands_for_a_missing_created_at() -> None:
    pages = [load_json(PAGE1), load_json(PAGE2)]
    for p in pages:
        for event in p["ticket_events"]:
            del event["created_at"]
    got = zendesk.histories([load_json(TICKETS)], ticket_events=pages)
    assert list(got) == list(zendesk.load([TICKETS, PAGE1, PAGE2]).histories)


def test_a_ticket_begun_before_the_export_start_lacks_its_beginning() -> None:
    page1 = load_json(PAGE1)
    page1["ticket_events"] = [e for e in page1["ticket_events"] if e["id"] != 7101]
    h = by_id(zendesk.histories([load_json(TICKETS)], ticket_events=[page1, load_json(PAGE2)]))
    lost = lost_facts(h["6001"])
    assert {"first_reply", "pauses", "status_order", "reopens"} <= lost
    assert "resolution" not in lost  # the solve is in the export


def test_a_ticket_updated_after_the_last_event_takes_its_status_as_of_updated_at() -> None:
    tickets = load_json(TICKETS)
    tickets["tickets"][1].update(status="solved", updated_at="2026-05-07T09:00:00Z")
    h = by_id(zendesk.histories([tickets], ticket_events=[load_json(PAGE1), load_json(PAGE2)]))
    late = h["6002"]
    assert late.events[-1] == StatusChange("6002.status", utc("2026-05-07T09:00:00Z"),
                                           status=Status.SOLVED, label="solved")  # fmt: skip
    assert {"resolution", "status_times"} <= lost_facts(late)


def test_the_cli_reads_ticket_event_files(capsys: pytest.CaptureFixture[str]) -> None:
    from servicemodel.cli import main

    assert main(["report", "--source", "zendesk", str(TICKETS), str(PAGE1), str(PAGE2)]) == 0
    out = capsys.readouterr().out
    assert "tickets: 3" in out
    assert "lost: first_reply" in out  # ticket 6002: said, not counted as unanswered


# -- errors --------------------------------------------------------------------------------------


def bad_event(**change: Any) -> dict[str, Any]:
    event = json.loads(json.dumps(load_json(PAGE1)["ticket_events"][2]))  # 6001's event 7111
    event.update(change)
    return event


@pytest.mark.parametrize(
    ("event", "field", "value"),
    [
        (bad_event(child_events=[{"id": 1, "status": "escalated", "event_type": "Change"}]),
         "status", "'escalated'"),
        (bad_event(child_events=[{"id": 1, "comment_present": "yes", "event_type": "Comment"}]),
         "comment_present", "'yes'"),
        (bad_event(child_events={"id": 1}), "child_events", "{'id': 1}"),
        (bad_event(child_events=["Change"]), "child event", "'Change'"),
        (bad_event(created_at=None, timestamp="soon"), "timestamp", "'soon'"),
        (bad_event(created_at="2026-05-04"), "created_at", "'2026-05-04'"),
        (bad_event(created_at="2026-05-01T00:00:00Z"), "created_at", "'2026-05-01T00:00:00Z'"),
        (bad_event(updater_id=[901]), "updater_id", "[901]"),
        (bad_event(child_events=[{"id": 1, "priority": "p0", "event_type": "Change"}]),
         "priority", "'p0'"),
    ],
)  # fmt: skip
def test_a_bad_event_names_file_event_ticket_field_and_value(
    tmp_path: Path, event: dict[str, Any], field: str, value: str
) -> None:
    page1 = load_json(PAGE1)
    page1["ticket_events"][2] = event
    events = tmp_path / "events.json"
    events.write_text(json.dumps(page1), encoding="utf-8")
    result = zendesk.load([TICKETS, events, PAGE2], on_error="collect")
    (error,) = result.errors
    text = str(error)
    assert str(events) in text
    assert "ticket_events[2]" in text
    assert "ticket event 7111" in text
    assert "ticket 6001" in text
    assert f"{field} {value}" in text
    assert [h.id for h in result.histories] == ["6002", "6003"]  # the others are kept
    with pytest.raises(RecordError):
        zendesk.load([TICKETS, events, PAGE2])


def test_an_event_for_a_ticket_not_in_the_pages_is_an_error() -> None:
    tickets = load_json(TICKETS)
    del tickets["tickets"][1]
    stream = zendesk.histories([tickets], ticket_events=[load_json(PAGE1), load_json(PAGE2)],
                               on_error="collect")  # fmt: skip
    assert [h.id for h in stream] == ["6001", "6003"]
    (error,) = stream.errors
    assert "ticket 6002" in str(error)
    assert "never appears" in str(error)


def test_a_record_that_is_no_event_page_is_an_error() -> None:
    stream = zendesk.histories([load_json(TICKETS)], ticket_events=[{"results": []}],
                               on_error="collect")  # fmt: skip
    assert len(list(stream)) == 3
    (error,) = stream.errors
    assert error.path == "ticket_events[0]"
    assert "'ticket_events' list" in str(error)


@pytest.mark.parametrize("events", ["events.json", {"ticket_events": []}, 7])
def test_ticket_events_must_be_a_list(events: Any) -> None:
    with pytest.raises(ConfigError, match="ticket_events"):
        zendesk.histories([load_json(TICKETS)], ticket_events=events)


def test_ticket_events_need_the_audits_as_a_list() -> None:
    with pytest.raises(ConfigError, match="not a function"):
        zendesk.histories([load_json(TICKETS)], lambda _tid: [],
                          ticket_events=[load_json(PAGE1)])  # fmt: skip


# -- the round trip: ticket events give the histories the audits give ----------------------------


def to_ticket_events(audits: list[dict[str, Any]], *, sideload: bool) -> list[dict[str, Any]]:
    """The documented shape, written from audits: each audit one ticket event; comments as
    the ``comment_events`` sideload gives them (or only as flags without it); Create and
    Change events naming their field by a key of its own."""
    out = []
    for a in audits:
        kids: list[dict[str, Any]] = []
        for ev in a["events"]:
            if ev["type"] == "Comment" and sideload:
                kids.append({**ev, "via_reference_id": None, "event_type": "Comment"})
            elif ev["type"] == "Comment":
                kids.append({"id": ev["id"], "via": "Web form", "comment_present": True,
                             "comment_public": ev["public"], "event_type": "Comment"})  # fmt: skip
            else:
                kid = {"id": ev["id"], "via": "Web form", ev["field_name"]: ev["value"]}
                if "previous_value" in ev:
                    kid["previous_value"] = ev["previous_value"]
                kids.append({**kid, "event_type": ev["type"]})
        at = datetime.fromisoformat(a["created_at"])
        out.append({
            "id": a["id"], "ticket_id": a["ticket_id"], "timestamp": int(at.timestamp()),
            "created_at": a["created_at"], "updater_id": 1, "via": "Web form", "system": {},
            "event_type": "Audit", "child_events": kids,
        })  # fmt: skip
    return out


def pages_of(events: list[dict[str, Any]], cuts: list[int]) -> list[dict[str, Any]]:
    """The events on pages cut at ``cuts``, each page starting with the previous one's last
    event again (as a time-based export does at its ``end_time``)."""
    bounds = sorted({min(c, len(events)) for c in cuts} | {0, len(events)})
    return [
        {"ticket_events": events[max(lo - 1, 0) : hi], "count": hi - lo, "end_of_stream": False}
        for lo, hi in itertools.pairwise(bounds)
    ]


@given(
    history_strategy(kinds=KINDS, max_events=10),
    st.lists(st.integers(0, 12), max_size=3),
    st.randoms(use_true_random=False),
)
def test_ticket_events_give_the_histories_the_audits_give(
    h: TicketHistory, cuts: list[int], rnd: Any
) -> None:
    rec, auds = to_zendesk(h)
    (want,) = zendesk.histories([page(rec)], auds, agents=AGENTS)
    pages = pages_of(to_ticket_events(auds, sideload=True), cuts)
    rnd.shuffle(pages)  # pages in any order, overlapping
    (got,) = zendesk.histories([page(rec)], ticket_events=pages, agents=AGENTS)
    assert got == want
    assert lost_facts(got) == frozenset()


@given(history_strategy(kinds=KINDS, max_events=10))
def test_without_comment_events_only_the_comments_are_lost(h: TicketHistory) -> None:
    rec, auds = to_zendesk(h)
    (want,) = zendesk.histories([page(rec)], auds, agents=AGENTS)
    (got,) = zendesk.histories(
        [page(rec)], ticket_events=to_ticket_events(auds, sideload=False), agents=AGENTS
    )
    said = (CustomerMessage, AgentReply, InternalNote)
    assert [e for e in got.events if not isinstance(e, said)] == [
        e for e in want.events if not isinstance(e, said)
    ]
    notes = [(e.id, e.at) for e in want.events if isinstance(e, InternalNote)]
    assert [(e.id, e.at) for e in got.events if isinstance(e, InternalNote)] == notes
    public = any(isinstance(e, AgentReply | CustomerMessage) for e in want.events)
    assert lost_facts(got) == (REPLIES if public else frozenset())


def test_events_at_one_instant_keep_their_order_whatever_the_order_of_the_pages() -> None:
    # Found by the property above: the creation and a change in the same second, on two
    # pages given in reverse, read the change first (its previous status, none, as the
    # first status). Of events at one instant the lower id is the earlier.
    t0 = "2026-05-04T08:00:00Z"
    rec = {"id": 1, "created_at": t0, "updated_at": t0, "status": "open", "requester_id": 5}
    create = {
        "id": 10,
        "ticket_id": 1,
        "created_at": t0,
        "updater_id": 5,
        "child_events": [{"id": 11, "status": "new", "event_type": "Create"}],
    }
    change = {
        "id": 20,
        "ticket_id": 1,
        "created_at": t0,
        "updater_id": 6,
        "child_events": [
            {"id": 21, "status": "open", "previous_value": "new", "event_type": "Change"}
        ],
    }
    pages = [{"ticket_events": [create]}, {"ticket_events": [change]}]  # fmt: skip
    (forward,) = zendesk.histories([page(rec)], ticket_events=pages)
    (backward,) = zendesk.histories([page(rec)], ticket_events=pages[::-1])
    assert forward == backward
    assert [(e.id, e.status) for e in backward.events if isinstance(e, StatusChange)] == [
        ("21", Status.OPEN)
    ]


def _two_changes(first_id: str, second_id: str) -> list[Any]:
    """Ticket 1 made new, then moved to pending (``first_id``) and on to solved
    (``second_id``) in one second: only the ids order the two changes."""
    t0, t1 = "2026-05-04T08:00:00Z", "2026-05-04T09:00:00Z"

    def event(eid: str, status: str, before: str | None, at: str) -> dict[str, Any]:
        child = {"id": f"{eid}.1", "status": status, "event_type": "Create"}
        if before is not None:
            child.update(event_type="Change", previous_value=before)
        return {"id": eid, "ticket_id": 1, "created_at": at, "updater_id": 6,
                "child_events": [child]}  # fmt: skip

    return [event("created", "new", None, t0), event(first_id, "pending", "new", t1),
            event(second_id, "solved", "pending", t1)]  # fmt: skip


_SOLVED = {"id": 1, "created_at": "2026-05-04T08:00:00Z", "updated_at": "2026-05-04T09:00:00Z",
           "status": "solved", "requester_id": 5}  # fmt: skip


def _statuses(events: list[Any]) -> list[str]:
    (got,) = zendesk.histories([page(_SOLVED)], ticket_events=[{"ticket_events": events}])
    return [e.status.value for e in got.events if isinstance(e, StatusChange)]


def test_an_event_id_of_thousands_of_digits_orders_its_events_without_int() -> None:
    # A ticket event id given as text of 5,000 digits is past Python's int-from-text limit:
    # int() raised its ValueError out of the reader. Ids are compared by their digits, as the
    # report orders ticket ids: the lower number is the earlier event.
    events = _two_changes("9" * 5000, "1" + "0" * 5000)
    assert _statuses(events) == _statuses(events[::-1]) == ["pending", "solved"]


@given(st.lists(st.from_regex(r"0{0,3}[1-9][0-9]{0,40}", fullmatch=True), min_size=2,
                max_size=2, unique_by=lambda d: d.lstrip("0")))  # fmt: skip
def test_events_at_one_instant_are_ordered_by_the_number_of_their_ids(ids: list[str]) -> None:
    # The law: of two ticket events in one second, the one whose id is the lower number is
    # read first, whatever the ids' lengths, leading zeros and the pages' order.
    events = _two_changes(*sorted(ids, key=int))
    assert _statuses(events) == _statuses(events[::-1]) == ["pending", "solved"]


def test_the_writer_round_trip_holds_for_a_long_history() -> None:
    """One fixed history with every kind, so a failure here names the kind at once."""
    t0 = datetime(2026, 5, 4, 8, tzinfo=UTC)
    rec = {"id": 1, "created_at": t0.isoformat(),
           "updated_at": (t0 + timedelta(hours=3)).isoformat(), "status": "solved",
           "requester_id": "customer", "via": {"channel": "web"}}  # fmt: skip
    auds = [
        {"id": 10, "ticket_id": 1, "created_at": t0.isoformat(), "events": [
            {"id": 11, "type": "Comment", "public": True, "author_id": "customer"},
            {"id": 12, "type": "Create", "field_name": "status", "value": "new"}]},
        {"id": 20, "ticket_id": 1, "created_at": (t0 + timedelta(hours=1)).isoformat(), "events": [
            {"id": 21, "type": "Comment", "public": True, "author_id": "ada"},
            {"id": 22, "type": "Change", "field_name": "status", "value": "open",
             "previous_value": "new"}]},
        {"id": 30, "ticket_id": 1, "created_at": (t0 + timedelta(hours=3)).isoformat(), "events": [
            {"id": 31, "type": "Change", "field_name": "status", "value": "solved",
             "previous_value": "open"}]},
    ]  # fmt: skip
    (want,) = zendesk.histories([page(rec)], auds, agents=AGENTS)
    (got,) = zendesk.histories([page(rec)], ticket_events=to_ticket_events(auds, sideload=True),
                               agents=AGENTS)  # fmt: skip
    assert got == want
    assert [e.kind for e in got.events] == ["customer_message", "agent_reply", "status_change",
                                            "status_change"]  # fmt: skip


@pytest.mark.parametrize("junk", [lambda: np.array([1, 2]), lambda: Decimal("sNaN")])
def test_an_event_repeated_with_values_that_cannot_be_compared_is_an_error(junk: Any) -> None:
    # Given from Python, an event twice under its id holding a value whose == refuses (an
    # array: ValueError; a signalling decimal: InvalidOperation): the repeat is named as an
    # error, the ticket keeps its first copy and the other tickets load.
    pages = [load_json(PAGE1), load_json(PAGE2)]
    first = copy.deepcopy(pages[0]["ticket_events"][0])
    first["metadata"] = {"junk": junk()}
    again = {**first, "metadata": {"junk": junk()}}
    clean = by_id(zendesk.histories([load_json(TICKETS)], ticket_events=pages))
    pages[0]["ticket_events"][0] = first
    stream = zendesk.histories(
        [load_json(TICKETS)],
        ticket_events=[*pages, {"ticket_events": [again]}],
        on_error="collect",
    )
    found = by_id(stream)
    (error,) = stream.errors
    assert isinstance(error, RecordError)
    assert error.path == "ticket_events[2].ticket_events[0].id"
    assert f"audit {first['id']} is read twice with different contents" in str(error)
    assert {tid: h for tid, h in found.items() if tid != str(first["ticket_id"])} == {
        tid: h for tid, h in clean.items() if tid != str(first["ticket_id"])
    }


@pytest.mark.parametrize(
    ("child", "field"),
    [
        ({"event_type": ["Change"], "status": "solved"}, "event_type"),
        ({"event_type": {"name": "Change"}}, "event_type"),
        ({"type": 5, "public": True, "author_id": 801}, "type"),
        ({"event_type": "Change", "field_name": ["status"], "value": "solved"}, "field_name"),
    ],
)
def test_a_child_event_whose_type_or_field_is_no_text_is_an_error(
    child: dict[str, Any], field: str
) -> None:
    # Such a child event was skipped without a word: a change to solved so given was lost.
    pages = [load_json(PAGE1), load_json(PAGE2)]
    event = pages[0]["ticket_events"][0]
    event["child_events"].append(child)
    clean = by_id(zendesk.histories([load_json(TICKETS)], ticket_events=[load_json(PAGE1)]))
    stream = zendesk.histories([load_json(TICKETS)], ticket_events=pages, on_error="collect")
    found = by_id(stream)
    (error,) = stream.errors
    k = len(event["child_events"]) - 1
    assert error.path == f"ticket_events[0].ticket_events[0].child_events[{k}].{field}"
    assert str(event["ticket_id"]) not in found
    assert set(found) == set(clean) - {str(event["ticket_id"])}


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"id": 1, "type": ["Change"], "field_name": "status", "value": "solved"}, "type"),
        ({"id": 1, "type": "Change", "field_name": ["status"], "value": "solved"}, "field_name"),
    ],
)
def test_an_audit_event_whose_type_or_field_is_no_text_is_an_error(
    event: dict[str, Any], field: str
) -> None:
    ticket = {"id": 7, "created_at": "2026-03-02T09:00:00Z", "status": "open", "requester_id": 1}
    audit = {"id": 69, "ticket_id": 7, "created_at": "2026-03-02T09:00:00Z", "events": [event]}
    with pytest.raises(RecordError) as info:
        list(zendesk.histories([{"tickets": [ticket]}], [audit]))
    assert info.value.path == f"audits[0].events[0].{field}"
