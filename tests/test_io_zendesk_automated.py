"""Zendesk comments made by a trigger, an automation or Answer Bot are automated replies.

Zendesk's first reply time counts the first public *agent* comment; "automated or bot-related
actions" are not considered (Zendesk help, "Calculating first reply time",
https://support.zendesk.com/hc/en-us/articles/4408821871642). Which update no person made is
said by its ``via`` object: the channel ``rule`` ("Trigger, automation") or an Answer Bot
channel (Zendesk's "Via types reference",
https://developer.zendesk.com/documentation/ticketing/reference-guides/via-types), or a
``source.rel`` of ``trigger`` / ``automation`` ("Via object reference",
https://developer.zendesk.com/documentation/ticketing/reference-guides/via-object-reference).
An audit event has a ``via`` of its own when it differs from its audit's ("Ticket audit events
reference",
https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-audit-events-reference);
a comment of the incremental ticket event export read with ``include=comment_events`` carries
its ``via`` object ("Incremental Exports",
https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/).

The fixtures in ``tests/data/zendesk/automated/`` are hand-written from those field names:
ticket 8001 gets a trigger's acknowledgement 30 s after it is created and a person's reply two
hours later; in 8002, opened through Answer Bot's web widget, the bot's comment has a ``via`` of
its own inside an audit made through the web; in 8003 a trigger adds a private note.
``ticket_events.json`` says the same as ``audits.json`` in the ticket event export's shape.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import zendesk
from servicemodel.io.zendesk._fields import AUTOMATED_CHANNELS, automated_via
from servicemodel.kpi import FirstReplyTime
from servicemodel.model import AgentReply, CustomerMessage, Event, InternalNote, TicketHistory
from servicemodel.sla import SLAPolicy, Target, evaluate
from servicemodel.strategies import histories as history_strategy
from test_io_zendesk import AGENTS, KINDS, audit, comment, page, ticket, to_zendesk

DATA = Path(__file__).parent / "data" / "zendesk" / "automated"
TICKETS, AUDITS, EVENTS = DATA / "tickets.json", DATA / "audits.json", DATA / "ticket_events.json"
RULE = {"channel": "rule", "source": {"from": {"id": 91, "title": "Ack"}, "rel": "trigger"}}


def read(*files: Path) -> dict[str, TicketHistory]:
    found = zendesk.load(list(files))
    assert found.errors == ()
    return {h.id: h for h in found.histories}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def replies(h: TicketHistory) -> list[tuple[str, bool]]:
    return [(r.id, r.automated) for r in h.agent_replies()]


# -- the fixture, read from audits and from the ticket event export -----------------------------


@pytest.mark.parametrize("second", [AUDITS, EVENTS], ids=["audits", "ticket_events"])
def test_a_triggers_and_a_bots_public_comments_are_automated_replies(second: Path) -> None:
    found = read(TICKETS, second)
    assert replies(found["8001"]) == [("800121", True), ("800131", False)]
    assert replies(found["8002"]) == [("800221", True), ("800231", False)]
    assert replies(found["8003"]) == [("800331", False)]
    # A trigger's private comment is a note as before; the requester's question that came in
    # through Answer Bot's widget is still the requester's message.
    assert [e.id for e in found["8003"].events if isinstance(e, InternalNote)] == ["800321"]
    opening = [e for e in found["8002"].events if isinstance(e, CustomerMessage)]
    assert [e.id for e in opening] == ["800211"]
    assert not any(h.ticket.created_by_agent for h in found.values())


@pytest.mark.parametrize("second", [AUDITS, EVENTS], ids=["audits", "ticket_events"])
def test_the_first_reply_is_the_first_reply_a_person_made(second: Path) -> None:
    found = read(TICKETS, second)
    assert found["8001"].first_reply_at() == utc("2026-04-06T11:00:00Z")  # not 09:00:30
    assert found["8002"].first_reply_at() == utc("2026-04-06T10:30:00Z")  # not 10:00:10
    assert found["8003"].first_reply_at() == utc("2026-04-06T12:20:00Z")
    kpi = FirstReplyTime.empty()
    for h in found.values():
        kpi = kpi.add(h)
    result = kpi.result()
    # 120, 30 and 20 minutes; read as replies, the acknowledgements made it 0.5, 1/6 and 20.
    assert (result.n, result.censored) == (3, 0)
    assert result.median.value == 30
    assert result.mean.value == pytest.approx(170 / 3)


def test_the_automated_reply_is_still_a_public_reply_the_policy_decides_on() -> None:
    h = read(TICKETS, AUDITS)["8001"]
    ack, person = h.agent_replies()
    assert h.replies_to_customer() == (ack, person)
    targets = {"normal": [Target("first_reply", "1h", business=False)]}
    (counted,) = evaluate(SLAPolicy("p", targets), h)
    (ignored,) = evaluate(SLAPolicy("p", targets, automated_replies="ignore"), h)
    assert (counted.stopped_at, counted.state) == (ack.at, "achieved")
    assert (ignored.stopped_at, ignored.state) == (person.at, "breached")


# -- the rule, case by case ----------------------------------------------------------------------


T0 = "2026-03-02T09:00:00Z"


def one(*audits: dict[str, Any]) -> TicketHistory:
    (h,) = zendesk.histories([page(ticket(requester_id=100))], list(audits))
    return h


def opened(**via: Any) -> dict[str, Any]:
    return audit(1, T0, comment(11, 100), **via)


@pytest.mark.parametrize(
    ("via", "automated"),
    [
        (RULE, True),
        ({"channel": "rule"}, True),
        ({"channel": 8}, True),  # a via id: "string or integer"
        ({"channel": "api", "source": {"rel": "automation"}}, True),
        ({"channel": "answer_bot"}, True),
        ({"channel": "answer_bot_api"}, True),
        ({"channel": 67}, True),  # answer_bot_for_web_widget
        ({"channel": "answer_bot_for_agents"}, False),  # an agent's comment
        ({"channel": "rule_revision"}, False),
        ({"channel": "web", "source": {"rel": None}}, False),
        ({"channel": "web", "source": {"rel": "merge"}}, False),
        ({"channel": True}, False),  # a bool is no via id
        ({"channel": ["rule"]}, False),
        ("Rule", False),  # a display text says nothing
        (None, False),
    ],
)
def test_which_via_is_automated(via: Any, automated: bool) -> None:
    assert automated_via(via) is automated
    h = one(opened(), audit(2, "2026-03-02T09:01:00Z", comment(21, 200), via=via))
    (reply,) = h.agent_replies()
    assert reply.automated is automated


def test_the_comments_own_via_wins_over_its_audits() -> None:
    by_person = {**comment(21, 200), "via": {"channel": "web"}}
    by_rule = {**comment(31, 200), "via": RULE}
    h = one(
        opened(),
        audit(2, "2026-03-02T09:01:00Z", by_person, via=RULE),
        audit(3, "2026-03-02T09:02:00Z", by_rule, via={"channel": "web"}),
        # a comment whose via is a text, not an object: its audit's decides
        audit(4, "2026-03-02T09:03:00Z", {**comment(41, 200), "via": "Web form"}, via=RULE),
    )
    assert replies(h) == [("21", False), ("31", True), ("41", True)]


def test_the_system_user_alone_marks_nothing() -> None:
    # Zendesk's system user (author_id -1) makes the audits of triggers and automations, whose
    # via says so; without such a via, a public comment of author -1 is read as before.
    h = one(opened(), audit(2, "2026-03-02T09:01:00Z", comment(21, -1), author_id=-1))
    assert replies(h) == [("21", False)]


def test_a_rules_comment_by_the_requester_stays_the_requesters_message() -> None:
    # Who wrote a comment decides its kind, as before; the via only marks an agent's reply.
    h = one(opened(), audit(2, "2026-03-02T09:01:00Z", comment(21, 100), via=RULE))
    assert [(type(e), e.id) for e in h.events] == [(CustomerMessage, "11"), (CustomerMessage, "21")]


def test_the_channel_table_is_what_the_docs_page_lists() -> None:
    text = (Path(__file__).parents[1] / "docs" / "exports.md").read_text(encoding="utf-8")
    for channel in AUTOMATED_CHANNELS:
        if isinstance(channel, str):
            assert f"`{channel}`" in text


# -- the law: marking changes nothing else ---------------------------------------------------------

VIAS = st.one_of(
    st.none(),
    st.sampled_from(["Web form", "Rule"]),
    st.fixed_dictionaries(
        {"channel": st.sampled_from(["web", "email", "api", "rule", 8, 5, "answer_bot", 66, 63,
                                     "answer_bot_for_agents", "rule_revision", "mobile"])},
        optional={"source": st.fixed_dictionaries(
            {"rel": st.sampled_from([None, "trigger", "automation", "merge", "follow_up"])})},
    ),
)  # fmt: skip
_BOT_CHANNELS = {"rule", 8, "answer_bot", 66}
_BOT_RELS = {"trigger", "automation"}


def says_bot(via: Any) -> bool:
    """The rule, written out again for the generated values."""
    if not isinstance(via, dict):
        return False
    rel = via.get("source", {}).get("rel")
    return via["channel"] in _BOT_CHANNELS or rel in _BOT_RELS


def _without_merge(via: Any) -> Any:
    # A closing audit with rel "merge" would make the ticket a merged one: not this law's case.
    if isinstance(via, dict) and via.get("source", {}).get("rel") == "merge":
        return {**via, "source": {"rel": None}}
    return via


@settings(max_examples=60, deadline=None)
@given(history_strategy(kinds=KINDS, max_events=10), st.data(), st.booleans())
def test_a_comment_is_automated_exactly_when_its_via_says_so(
    h: TicketHistory, data: st.DataObject, as_events: bool
) -> None:
    rec, auds = to_zendesk(h)
    marked, expected = [], {}
    for a in auds:
        a = {**a, "via": _without_merge(data.draw(VIAS))}
        events = []
        for ev in a["events"]:
            if ev["type"] == "Comment":
                decides = a["via"]  # the comment's own via object, else its audit's
                if data.draw(st.booleans()):
                    ev = {**ev, "via": _without_merge(data.draw(VIAS))}
                    decides = ev["via"] if isinstance(ev["via"], dict) else decides
                expected[str(ev["id"])] = says_bot(decides)
            events.append(ev)
        marked.append({**a, "events": events})
    (want,) = _read(rec, auds, as_events)
    (got,) = _read(rec, marked, as_events)
    assert got.ticket == want.ticket
    assert len(got.events) == len(want.events)
    for g, w in zip(got.events, want.events, strict=True):
        if isinstance(g, AgentReply):
            assert g.automated is expected[g.id]
            g = attrs.evolve(g, automated=False)
        assert _same(g, w)


def _read(rec: dict[str, Any], audits: list[dict[str, Any]], as_events: bool) -> Any:
    if as_events:
        events = [_as_ticket_event(a) for a in audits]
        return zendesk.histories([page(rec)], ticket_events=events, agents=AGENTS)
    return zendesk.histories([page(rec)], audits, agents=AGENTS)


def _same(a: Event, b: Event) -> bool:
    return type(a) is type(b) and attrs.asdict(a) == attrs.asdict(b)  # type: ignore[arg-type]


def _as_ticket_event(a: dict[str, Any]) -> dict[str, Any]:
    """An audit in the ticket event export's shape, its comments sideloaded."""
    kids = [{**ev, "event_type": ev["type"]} for ev in a["events"]]
    out = {
        "id": a["id"],
        "ticket_id": a["ticket_id"],
        "created_at": a["created_at"],
        "updater_id": a.get("author_id"),
        "event_type": "Audit",
        "child_events": kids,
    }
    return {**out, "via": a["via"]} if a.get("via") is not None else out


def test_the_ticket_events_fixture_says_what_the_audits_say() -> None:
    # Written from the same updates: one ticket event per audit, its comments sideloaded.
    audits = json.loads(AUDITS.read_text(encoding="utf-8"))["audits"]
    events = json.loads(EVENTS.read_text(encoding="utf-8"))["ticket_events"]
    assert [e["id"] for e in events] == [a["id"] for a in audits]
    assert read(TICKETS, AUDITS) == read(TICKETS, EVENTS)
