"""servicemodel.io.freshdesk: tickets + conversations + ratings -> histories; every error."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import freshdesk
from servicemodel.io.summary import PartialHistoryError, lost_facts, require_for_policy
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    InternalNote,
    Status,
    StatusChange,
)
from servicemodel.sla import SLAPolicy, Target

DATA = Path(__file__).parent / "data" / "freshdesk"
CUSTOM = {6: ("on_hold", "Waiting on Third Party")}


def read(name: str) -> Any:
    return json.loads((DATA / name).read_text())


def pages() -> list[list[dict[str, Any]]]:
    return [read(f"tickets_page{i}.json") for i in (1, 2, 3)]


def conversation_files() -> list[list[dict[str, Any]]]:
    return [read(n) for n in ("conversations_101.json", "conversations_102.json")]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def by_id(stream: Any) -> dict[str, Any]:
    return {h.id: h for h in stream}


def test_fixture_maps_every_field() -> None:
    stream = freshdesk.histories(
        pages(), [*conversation_files(), *read("conversations_more.json")],
        ratings=read("satisfaction_ratings.json"), status_map=CUSTOM, on_error="collect",
    )  # fmt: skip
    found = by_id(stream)
    assert sorted(found) == ["101", "102", "103", "106", "109"]
    h = found["101"]
    assert (h.ticket.channel, h.ticket.priority.value, h.ticket.group) == ("email", "normal", "31")
    assert h.ticket.assignee == "901"
    assert h.ticket.requester == "501"
    assert h.ticket.attributes["cf_plan"] == "pro"
    assert h.ticket.tags == {"billing"}
    kinds = [type(e) for e in h.events if e.id.startswith("c")]
    assert kinds == [InternalNote, AgentReply, CustomerMessage, AgentReply]
    assert utc(h.first_reply_at().isoformat()) == utc("2026-03-02T08:40:00Z")
    assert h.solved_at() == utc("2026-03-02T14:00:00Z")
    assert h.status_at(utc("2026-03-05T08:00:00Z")) is Status.CLOSED
    (rating,) = h.ratings()
    assert (rating.score, rating.scale_min, rating.scale_max) == (7, 1, 7)  # 103 = top answer
    # 102: solved, reopened by the customer's message, now pending since the agent's question.
    h = found["102"]
    assert h.reopen_count() == 1
    assert h.status_at(utc("2026-03-04T09:00:00Z")) is Status.PENDING
    assert {"reopens", "first_resolution"} <= lost_facts(h)
    # 103: the custom status, labelled, from status_updated_at.
    last = found["103"].events[-1]
    assert isinstance(last, StatusChange)
    assert last.status is Status.ON_HOLD
    assert last.label == "Waiting on Third Party"
    assert last.at == utc("2026-03-03T12:00:00Z")
    # 106: an outbound email: an agent opened it, no reply yet.
    assert found["106"].ticket.created_by_agent
    assert found["106"].first_reply_at() is None
    # 109: offsets kept; no conversations exported, so stats give the first reply.
    h = found["109"]
    assert h.created_at.utcoffset() == timedelta(hours=5, minutes=30)
    assert utc(h.first_reply_at().isoformat()) - utc(h.created_at.isoformat()) == timedelta(
        minutes=30
    )
    assert "next_reply" in lost_facts(h)
    assert h.ratings()[0].score == 3
    assert [(s.id, s.reason) for s in stream.skipped] == [("104", "deleted"), ("105", "spam")]


def test_collect_keeps_every_good_ticket_and_names_each_error() -> None:
    stream = freshdesk.histories(
        pages(), [*conversation_files(), *read("conversations_more.json")],
        status_map=CUSTOM, on_error="collect",
    )  # fmt: skip
    assert len(list(stream)) == 5
    messages = [str(e) for e in stream.errors]
    assert messages == [
        "pages[1][3].priority: ticket 107: priority 9: unknown priority; known: "
        "{1: 'low', 2: 'normal', 3: 'high', 4: 'urgent'} (map others with priority_map=)",
        "conversations[4].created_at: ticket 108: created_at '2026-03-04T09:59:00Z': before the "
        "ticket's creation 2026-03-04T10:00:00+00:00",
        "conversations[5].ticket_id: ticket 999: ticket_id '999': 1 conversation(s) for a "
        "ticket that never appears in the export",
    ]


def test_unknown_custom_status_lists_the_known_ones() -> None:
    with pytest.raises(RecordError) as err:
        list(freshdesk.histories(pages()))
    assert err.value.path == "pages[0][2].status"
    assert "ticket 103: status 6: unknown status" in str(err.value)
    assert "2: 'open', 3: 'pending', 4: 'solved', 5: 'closed'" in str(err.value)
    assert "status_map" in str(err.value)


def test_load_tells_files_apart_and_names_the_file() -> None:
    files = sorted(DATA.glob("*.json"), reverse=True)  # any order of files
    r = freshdesk.load(files, status_map=CUSTOM, on_error="collect")
    assert sorted(h.id for h in r) == ["101", "102", "103", "106", "109"]
    assert sorted((e.source, e.path) for e in r.errors) == [
        (str(DATA / "conversations_more.json"), "[2].created_at"),
        (str(DATA / "conversations_more.json"), "[3].ticket_id"),
        (str(DATA / "tickets_page2.json"), "[3].priority"),
    ]
    assert sorted(s.reason for s in r.skipped) == ["deleted", "spam"]
    with pytest.raises(RecordError, match=r"conversations_more.json: \[2\].created_at"):
        freshdesk.load(files, status_map=CUSTOM)


def test_load_reads_json_lines_with_line_numbers(tmp_path: Path) -> None:
    f = tmp_path / "tickets.jsonl"
    recs = read("tickets_page1.json")
    recs[1]["stats"]["pending_since"] = "yesterday"
    f.write_text("\n".join(json.dumps(r) for r in recs) + "\n{oops\n")
    r = freshdesk.load(f, status_map=CUSTOM, on_error="collect")
    assert [h.id for h in r] == ["101", "103"]
    assert [(e.line, e.path) for e in r.errors] == [(4, ""), (2, "stats.pending_since")]


def test_summary_timestamps_before_creation_and_inconsistent_stats() -> None:
    base = {"id": 1, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
            "status": 4, "stats": {"resolved_at": "2026-03-02T08:00:00Z"}}  # fmt: skip
    where = r"pages\[0\]\[0\].stats.resolved_at: ticket 1: resolved_at '2026-03-02T08:00:00Z'"
    with pytest.raises(RecordError, match=where + ": before the ticket's creation"):
        list(freshdesk.histories([[base]]))
    still_open = {**base, "status": 2, "stats": {"resolved_at": "2026-03-02T09:30:00Z"}}
    with pytest.raises(RecordError, match="no reopened_at or status_updated_at"):
        list(freshdesk.histories([[still_open]]))
    naive = {**base, "created_at": "2026-03-02 09:00:00", "stats": None}
    with pytest.raises(RecordError, match="no offset"):
        list(freshdesk.histories([[naive]]))
    (h,) = freshdesk.histories([[naive]], tz="Europe/Berlin")
    assert h.created_at.utcoffset() == timedelta(hours=1)
    assert "status_times" in lost_facts(h)


def test_bad_configuration_names_its_key() -> None:
    with pytest.raises(ConfigError, match=r"status_map.6: unknown status 'waiting'"):
        freshdesk.histories([], status_map={6: "waiting"})
    with pytest.raises(ConfigError, match=r"priority_map.x: expected a numeric code"):
        freshdesk.histories([], priority_map={"x": "low"})
    with pytest.raises(ConfigError, match="on_error"):
        freshdesk.histories([], on_error="ignore")  # type: ignore[arg-type]


def test_agents_decide_who_wrote() -> None:
    page = [{"id": 5, "created_at": "2026-03-02T09:00:00Z", "status": 2, "source": 1}]
    conv = [{"id": 1, "ticket_id": 5, "user_id": 77, "incoming": False, "private": False,
             "created_at": "2026-03-02T09:10:00Z"}]  # fmt: skip
    (h,) = freshdesk.histories([page], conv, agents=[88])
    assert h.first_reply_at() is None
    assert len(h.customer_messages()) == 2
    (h,) = freshdesk.histories([page], lambda tid: conv if tid == "5" else [])
    assert h.first_reply_at() == utc("2026-03-02T09:10:00Z")


def test_partial_history_refuses_a_pausing_sla_policy() -> None:
    (h,) = freshdesk.histories([pages()[0][:1]])
    with pytest.raises(PartialHistoryError, match="ticket '101': SLA policy 'std'"):
        require_for_policy(h, SLAPolicy("std", {"normal": [Target("resolution", "8h")]}))
    plain = SLAPolicy("fr", {"normal": [Target("first_reply", "1h")]}, pause=[])
    require_for_policy(h, plain)  # first reply, nothing paused: supported
    with pytest.raises(PartialHistoryError, match="next_reply"):
        require_for_policy(h, SLAPolicy("nr", {"normal": [Target("next_reply", "1h")]}, pause=[]))


# -- the join does not depend on how the export was split ---------------------------------------

TICKETS = [t for page in pages() for t in page]
CONVS = [c for f in conversation_files() for c in f] + read("conversations_more.json")[:2]


@given(
    cuts=st.lists(st.integers(0, len(TICKETS)), max_size=4),
    order=st.permutations(range(len(CONVS))),
    files=st.integers(1, 4),
)
def test_histories_do_not_depend_on_page_splits_or_conversation_order(
    cuts: list[int], order: list[int], files: int
) -> None:
    bounds = [0, *sorted(cuts), len(TICKETS)]
    split = [TICKETS[a:b] for a, b in itertools.pairwise(bounds)]
    shuffled = [CONVS[i] for i in order]
    chunks = [shuffled[k::files] for k in range(files)]  # several conversation "files"
    ref = freshdesk.histories([TICKETS], CONVS, status_map=CUSTOM, on_error="collect")
    got = freshdesk.histories(split, chunks, status_map=CUSTOM, on_error="collect")
    assert list(got) == list(ref)
    assert [str(e.message) for e in got.errors] == [str(e.message) for e in ref.errors]
    assert got.skipped == ref.skipped


T0 = "2026-01-01T00:00:00Z"
GOOD = {"id": 9, "created_at": T0, "status": 2}
FAR = "0001-01-01T00:00:00+23:59"


@pytest.mark.parametrize(
    ("rec", "where"),
    [
        ({"id": 1, "created_at": FAR, "status": 2}, "pages[0][0].created_at"),
        ({"id": 1, "created_at": T0, "status": 2, "stats": {"resolved_at": FAR}},
         "pages[0][0].stats.resolved_at"),
        ({"id": 2, "created_at": T0, "status": 4, "stats": "x"}, "pages[0][0].stats"),
        ({"id": 3, "created_at": T0, "status": 2, "custom_fields": [1]},
         "pages[0][0].custom_fields"),
        ("junk", "pages[0][0]"),
    ],
)  # fmt: skip
def test_hostile_records_are_record_errors(rec: Any, where: str) -> None:
    stream = freshdesk.histories([[rec, GOOD]], on_error="collect")
    assert [h.id for h in stream] == ["9"]
    (err,) = stream.errors
    assert err.path == where
