"""Hand-counted figures of small vendor exports across a DST change, checked against the library.

Each expected number below was worked out by hand from the documented definitions (the
metric tables of docs/kpi.md and docs/sla.md), not read off the library: a Zendesk export
(America/New_York, spring forward on Sunday 8 March 2026) with pending and on-hold spells, a
reopen, an agent-created ticket, a merged and a deleted ticket, public and private comments
and good/bad ratings; and a day-first event log in Europe/London (spring forward on Sunday 29
March 2026), one of whose tickets is opened at a local time the change skips.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.io import eventlog, zendesk
from servicemodel.kpi import (
    Backlog,
    FirstContactResolution,
    FirstReplyTime,
    Ratings,
    ReopenRate,
    ResolutionTime,
    SLAAttainment,
)
from servicemodel.model import TicketHistory
from servicemodel.sla import SLAPolicy, Target, evaluate_many

NEW_YORK = BusinessCalendar.from_dict(
    {"tz": "America/New_York", "hours": {"mon-fri": ["09:00-17:00"]}}
)
AGENT_1, AGENT_2 = 601, 602


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class _Audits:
    """Builds audits the way the Ticket Audits API returns them, numbering ids as Zendesk does."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self._next = 0

    def _id(self) -> int:
        self._next += 1
        return self._next

    def add(
        self, ticket: int, at: str, author: int, *events: dict[str, Any], rel: str | None = None
    ) -> None:
        via = {"channel": "web", "source": {"from": {}, "to": {}, "rel": rel}}
        numbered = [{"id": self._id(), **e} for e in events]
        self.records.append(
            {
                "id": 200000 + self._id(),
                "ticket_id": ticket,
                "created_at": at + "Z",
                "author_id": author,
                "via": via,
                "metadata": {},
                "events": numbered,
            }
        )


def _comment(author: int, public: bool) -> dict[str, Any]:
    return {"type": "Comment", "public": public, "body": "...", "author_id": author}


def _status(new: str, old: str) -> dict[str, Any]:
    return {"type": "Change", "field_name": "status", "value": new, "previous_value": old}


def _create(priority: str, status: str = "new") -> list[dict[str, Any]]:
    return [
        {"type": "Create", "field_name": "status", "value": status},
        {"type": "Create", "field_name": "priority", "value": priority},
    ]


def _rating(score: str) -> dict[str, Any]:
    return {"type": "SatisfactionRating", "score": score, "assignee_id": AGENT_1, "body": ""}


def _ticket(
    id_: int, created: str, updated: str, status: str, priority: str, **extra: Any
) -> dict[str, Any]:
    return {
        "id": id_,
        "created_at": created + "Z",
        "updated_at": updated + "Z",
        "status": status,
        "priority": priority,
        "requester_id": 500 + id_ % 100,
        "assignee_id": AGENT_1,
        "group_id": 20,
        "tags": extra.pop("tags", []),
        "via": {"channel": "email"},
        "custom_fields": [],
        **extra,
    }


def _zendesk_export() -> tuple[list[TicketHistory], list[tuple[str, str]]]:
    a = _Audits()
    # 2001, normal: opened Friday 15:00 EST; answered Monday 10:00 EDT (pending); the customer
    # writes Tuesday 09:00 (open); a private note; answered and solved Tuesday 11:00; rated good.
    a.add(2001, "2026-03-06T20:00:00", 501, _comment(501, True), *_create("normal"))
    a.add(2001, "2026-03-09T14:00:00", AGENT_1, _comment(AGENT_1, True), _status("pending", "new"))
    a.add(2001, "2026-03-10T13:00:00", 501, _comment(501, True), _status("open", "pending"))
    a.add(2001, "2026-03-10T14:00:00", AGENT_1, _comment(AGENT_1, False))
    a.add(2001, "2026-03-10T15:00:00", AGENT_1, _comment(AGENT_1, True), _status("solved", "open"))
    a.add(2001, "2026-03-10T16:00:00", 501, _rating("good"))
    # 2002, high: Monday 09:30 EDT; answered 09:45, solved 10:00; reopened by the customer
    # Tuesday 11:00; answered and put on hold 12:00; open Wednesday 10:00; solved 11:00; bad.
    a.add(2002, "2026-03-09T13:30:00", 502, _comment(502, True), *_create("high"))
    a.add(2002, "2026-03-09T13:45:00", AGENT_2, _comment(AGENT_2, True), _status("open", "new"))
    a.add(2002, "2026-03-09T14:00:00", AGENT_2, _status("solved", "open"))
    a.add(2002, "2026-03-10T15:00:00", 502, _comment(502, True), _status("open", "solved"))
    a.add(2002, "2026-03-10T16:00:00", AGENT_2, _comment(AGENT_2, True), _status("hold", "open"))
    a.add(2002, "2026-03-11T14:00:00", AGENT_2, _status("open", "hold"))
    a.add(2002, "2026-03-11T15:00:00", AGENT_2, _comment(AGENT_2, True), _status("solved", "open"))
    a.add(2002, "2026-03-11T18:00:00", 502, _rating("bad"))
    # 2003, low: Monday 10:00 EDT; answered 11:00 (pending); solved Thursday 11:00, no comment.
    a.add(2003, "2026-03-09T14:00:00", 503, _comment(503, True), *_create("low"))
    a.add(2003, "2026-03-09T15:00:00", AGENT_1, _comment(AGENT_1, True), _status("pending", "new"))
    a.add(2003, "2026-03-12T15:00:00", AGENT_1, _status("solved", "pending"))
    # 2004, normal, agent-created Tuesday 09:00 EDT; the second public agent comment at 13:00.
    a.add(2004, "2026-03-10T13:00:00", AGENT_1, _comment(AGENT_1, True), *_create("normal", "open"))
    a.add(2004, "2026-03-10T17:00:00", AGENT_1, _comment(AGENT_1, True))
    a.add(2004, "2026-03-10T18:00:00", 504, _comment(504, True))
    # 2005 merged into another ticket; 2006 deleted (no audits).
    a.add(2005, "2026-03-10T14:00:00", 505, _comment(505, True), *_create("normal"))
    a.add(
        2005,
        "2026-03-10T14:30:00",
        AGENT_1,
        _comment(AGENT_1, False),
        _status("closed", "new"),
        rel="merge",
    )
    # 2007, urgent: Wednesday 11:00 EDT; a private note only.
    a.add(2007, "2026-03-11T15:00:00", 507, _comment(507, True), *_create("urgent"))
    a.add(2007, "2026-03-11T15:30:00", AGENT_1, _comment(AGENT_1, False), _status("open", "new"))
    # 2008, normal: Saturday 12:00 EST; answered and solved Sunday 12:00 EDT (23 h later);
    # closed Thursday (closing a solved ticket is no new resolution).
    a.add(2008, "2026-03-07T17:00:00", 508, _comment(508, True), *_create("normal"))
    a.add(2008, "2026-03-08T16:00:00", AGENT_2, _comment(AGENT_2, True), _status("solved", "new"))
    a.add(2008, "2026-03-12T16:00:00", -1, _status("closed", "solved"))
    page = {
        "tickets": [
            _ticket(2001, "2026-03-06T20:00:00", "2026-03-10T16:00:00", "solved", "normal"),
            _ticket(2002, "2026-03-09T13:30:00", "2026-03-11T18:00:00", "solved", "high"),
            _ticket(2003, "2026-03-09T14:00:00", "2026-03-12T15:00:00", "solved", "low"),
            _ticket(2004, "2026-03-10T13:00:00", "2026-03-10T18:00:00", "open", "normal"),
            _ticket(
                2005,
                "2026-03-10T14:00:00",
                "2026-03-10T14:30:00",
                "closed",
                "normal",
                tags=["closed_by_merge"],
            ),
            _ticket(2006, "2026-03-10T11:00:00", "2026-03-10T12:00:00", "deleted", "normal"),
            _ticket(2007, "2026-03-11T15:00:00", "2026-03-11T15:30:00", "open", "urgent"),
            _ticket(2008, "2026-03-07T17:00:00", "2026-03-12T16:00:00", "closed", "normal"),
        ],
        "after_cursor": None,
        "end_of_stream": True,
    }
    stream = zendesk.histories([page], a.records)
    histories = list(stream)
    return histories, [(s.id, s.reason) for s in stream.skipped]


SNAPSHOT = _utc("2026-03-12T16:00:00")  # the export's last event (2008 closed)


def _minutes(ts: timedelta | None) -> float | None:
    return None if ts is None else ts / timedelta(minutes=1)


def test_zendesk_walk_reads_what_the_audits_say() -> None:
    histories, skipped = _zendesk_export()
    assert skipped == [("2005", "merged"), ("2006", "deleted")]
    assert max(h.last_event_at for h in histories) == SNAPSHOT
    # first reply: calendar minutes in UTC (the spring change makes Friday 15:00 -> Monday
    # 10:00 66 h, not 67), business minutes on 09:00-17:00 New York
    by_id = {h.id: h for h in histories}
    calendar = {
        i: _minutes(r.astimezone(UTC) - h.created_at.astimezone(UTC))
        if (r := h.first_reply_at())
        else None
        for i, h in by_id.items()
    }
    business = {
        i: _minutes(NEW_YORK.elapsed(h.created_at, r)) if (r := h.first_reply_at()) else None
        for i, h in by_id.items()
    }
    assert calendar == {
        "2001": 3960,
        "2002": 15,
        "2003": 60,
        "2004": 240,
        "2007": None,
        "2008": 1380,
    }
    assert business == {"2001": 180, "2002": 15, "2003": 60, "2004": 240, "2007": None, "2008": 0}
    assert by_id["2004"].ticket.created_by_agent
    assert [len(h.reopens()) for h in histories] == [0, 1, 0, 0, 0, 0]


def test_zendesk_walk_kpis_match_the_hand_count() -> None:
    histories, _ = _zendesk_export()
    frt = FirstReplyTime.empty(unit="min").add_many(histories).result()
    assert (frt["mean"].value, frt["median"].value, frt["p90"].value) == (1131, 240, 3960)
    assert frt["median"].missing == 1  # 2007, never answered: censored, not zero
    frt_biz = FirstReplyTime.empty(unit="min", calendar=NEW_YORK).add_many(histories).result()
    assert (frt_biz["mean"].value, frt_biz["median"].value, frt_biz["p90"].value) == (99, 60, 240)
    # full resolution: 91 h, 49.5 h, 73 h, 23 h (2004 and 2007 open); business 12, 17.5, 25, 0
    full = ResolutionTime.empty(unit="h").add_many(histories).result()
    assert (full["mean"].value, full["median"].value, full["p90"].value) == (59.125, 49.5, 91)
    full_biz = ResolutionTime.empty(unit="h", calendar=NEW_YORK).add_many(histories).result()
    assert (full_biz["mean"].value, full_biz["median"].value) == (13.625, 12)
    # first resolution: 2002's first solve came half an hour after creation
    first_biz = (
        ResolutionTime.empty(which="first", unit="h", calendar=NEW_YORK)
        .add_many(histories)
        .result()
    )
    assert (first_biz["mean"].value, first_biz["median"].value) == (9.375, 0.5)
    reopen = ReopenRate.empty().add_many(histories).result()
    assert (reopen.value, reopen.n) == (0.25, 4)
    # FCR without a snapshot: 2001 had two replies before its solve, 2002 was reopened
    everyone = FirstContactResolution.empty().add_many(histories).result()
    assert (everyone.value, everyone.n) == (0.5, 4)
    # at the snapshot, 2001 and 2003 were solved less than 3 days before it: not judged yet
    judged = FirstContactResolution.empty(as_of=SNAPSHOT).add_many(histories).result()
    assert (judged.value, judged.n, judged.missing) == (0.5, 2, 2)
    csat = Ratings.satisfied_share().add_many(histories).result()
    assert (csat.value, csat.n) == (0.5, 2)
    # Tuesday 11:30 EDT: 2001 solved at 11:00; 2002 reopened at 11:00; 2003 pending; 2004 open
    backlog = Backlog.empty(as_of=_utc("2026-03-10T15:30:00")).add_many(histories).result()
    assert (backlog.value, backlog.n) == (3, 5)
    assert Backlog.empty(as_of=SNAPSHOT).add_many(histories).result().value == 2


def test_zendesk_walk_sla_verdicts_match_the_hand_count() -> None:
    histories, _ = _zendesk_export()
    hours = timedelta(hours=1)
    targets = {
        "urgent": [
            Target("first_reply", "1h", business=False),
            Target("resolution", "8h", business=False),
        ],
        "high": [Target("first_reply", "1h"), Target("resolution", "8h")],
        "normal": [Target("first_reply", "8h"), Target("resolution", "16h")],
        "low": [Target("first_reply", "8h"), Target("resolution", "40h")],
    }
    policy = SLAPolicy("std", targets, calendar=NEW_YORK, pause=["pending"], reopen="final")
    measured = list(evaluate_many(policy, histories, at=SNAPSHOT))
    got = {(m.ticket_id, m.metric): (m.state.value, m.elapsed / hours) for m in measured}
    assert got == {
        ("2001", "first_reply"): ("achieved", 3),
        ("2001", "resolution"): ("achieved", 5),  # pending Monday 10:00 to Tuesday 09:00
        ("2002", "first_reply"): ("achieved", 0.25),
        ("2002", "resolution"): ("breached", 8.5),  # 0.5 h, then from the reopen; hold counts
        ("2003", "first_reply"): ("achieved", 1),
        ("2003", "resolution"): ("achieved", 1),
        ("2004", "first_reply"): ("achieved", 4),  # the second public agent comment
        ("2004", "resolution"): ("breached", 19),
        ("2007", "first_reply"): ("breached", 25),
        ("2007", "resolution"): ("breached", 25),
        ("2008", "first_reply"): ("achieved", 0),  # answered on a Sunday
        ("2008", "resolution"): ("achieved", 0),
    }
    due = {(m.ticket_id, m.metric): m.due_at for m in measured if m.state.value == "breached"}
    assert due[("2002", "resolution")] == _utc("2026-03-11T14:30:00")  # Wednesday 10:30 EDT
    assert due[("2004", "resolution")] == _utc("2026-03-12T13:00:00")  # Thursday 09:00 EDT
    first = SLAAttainment.empty(metric="first_reply").add_many(measured).result()
    resolution = SLAAttainment.empty(metric="resolution").add_many(measured).result()
    assert (first.value, first.n) == (5 / 6, 6)
    assert (resolution.value, resolution.n) == (0.5, 6)


LONDON = ZoneInfo("Europe/London")
LOG_OPTIONS: dict[str, Any] = {
    "tz": "Europe/London",
    "dayfirst": True,
    "columns": {"case": "case", "activity": "activity", "timestamp": "at"},
    "activity_map": {
        "Opened": "customer_message",
        "Customer reply": "customer_message",
        "Agent reply": "agent_reply",
        "Reopened": "reopen",
    },
    "status_map": {"Awaiting customer": "pending", "In progress": "open", "Resolved": "solved"},
}
LOG = """case,activity,at
C1,Opened,27/03/2026 16:00
C1,Agent reply,30/03/2026 09:30
C1,Awaiting customer,30/03/2026 09:30
C1,Customer reply,30/03/2026 11:00
C1,In progress,30/03/2026 11:00
C1,Agent reply,30/03/2026 13:00
C1,Resolved,30/03/2026 13:00
C2,Opened,13/04/2026 10:00
C2,Agent reply,13/04/2026 10:20
C2,Resolved,13/04/2026 10:30
C2,Reopened,14/04/2026 09:00
C2,Agent reply,14/04/2026 10:00
C2,Resolved,15/04/2026 16:00
C3,Opened,02/04/2026 08:00
C3,Agent reply,02/04/2026 08:45
C6,Opened,29/03/2026 01:30
C6,Agent reply,29/03/2026 03:00
C6,Resolved,29/03/2026 03:00
"""


def test_day_first_log_across_the_change_matches_the_hand_count() -> None:
    histories = list(eventlog.histories(csv.DictReader(io.StringIO(LOG)), **LOG_OPTIONS))
    by_id = {h.id: h for h in histories}
    # 01:30 on 29 March does not exist in London: it moves forward by the gap, to 02:30 BST
    assert by_id["C6"].created_at.astimezone(UTC) == _utc("2026-03-29T01:30:00")
    # 02/04 is 2 April (day first), 08:00 BST
    assert by_id["C3"].created_at.astimezone(UTC) == _utc("2026-04-02T07:00:00")
    frt = FirstReplyTime.empty(unit="min").add_many(histories).result()
    # C1 64.5 h (Friday 16:00 GMT to Monday 09:30 BST), C2 20 min, C3 45 min, C6 30 min
    assert frt["mean"].value == (3870 + 20 + 45 + 30) / 4
    full = ResolutionTime.empty(unit="h").add_many(histories).result()
    assert (full["mean"].value, full["median"].value) == ((68 + 54 + 0.5) / 3, 54)
    first = ResolutionTime.empty(which="first", unit="h").add_many(histories).result()
    assert first["median"].value == 0.5
    assert ReopenRate.empty().add_many(histories).result().value == 1 / 3


@given(
    st.datetimes(min_value=datetime(2026, 3, 28), max_value=datetime(2026, 3, 30)),
    st.integers(min_value=0, max_value=3 * 24 * 60),
)
def test_reply_time_of_a_local_log_is_the_utc_difference(opened: datetime, minutes: int) -> None:
    """Local times across a spring change read as instants: a wait is never the wall-clock gap."""
    created = opened.replace(second=0, microsecond=0, tzinfo=UTC)
    replied = created + timedelta(minutes=minutes)

    def local(at: datetime) -> str:
        return at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")

    rows = [
        {"case": "T", "activity": "Opened", "at": local(created)},
        {"case": "T", "activity": "Agent reply", "at": local(replied)},
    ]
    (history,) = eventlog.histories(rows, **LOG_OPTIONS)
    frt = FirstReplyTime.empty(unit="min").add(history).result()
    assert frt["median"].value == minutes


STATE_OPTIONS: dict[str, Any] = {
    "tz": "UTC",
    "dayfirst": True,
    "columns": {"case": "case", "activity": "activity", "timestamp": "at", "status": "state"},
    "activity_map": {"Customer message": "customer_message", "Agent reply": "agent_reply"},
    "status_map": {"New": "new", "In Progress": "open", "Resolved": "solved", "Closed": "closed"},
    "ignore": ["Update"],
}


def test_a_reply_row_that_resolves_the_case_solves_it() -> None:
    """A status column sets the status on every row, a reply's row too (its state after it)."""
    rows = [
        {"case": "I3", "activity": "Customer message", "at": "02/03/2026 09:00", "state": "New"},
        {"case": "I3", "activity": "Agent reply", "at": "02/03/2026 10:00", "state": "Resolved"},
        {"case": "I3", "activity": "Update", "at": "05/03/2026 10:00", "state": "Closed"},
    ]
    (history,) = eventlog.histories(rows, **STATE_OPTIONS)
    assert history.first_reply_at() == _utc("2026-03-02T10:00:00")
    assert history.solved_at() == _utc("2026-03-02T10:00:00")  # not the close, 3 days later
    resolution = ResolutionTime.empty(unit="h").add(history).result()
    assert resolution["median"].value == 1
    assert Backlog.empty(as_of=_utc("2026-03-03T00:00:00")).add(history).result().value == 0


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Update", "Customer message", "Agent reply"]),
            st.sampled_from(["", "In Progress", "Resolved", "Closed"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_change_of_the_status_column_is_a_status_change(rows: list[tuple[str, str]]) -> None:
    """Law: after each row, the case's status is the last value its status column gave."""
    names = {"": None, "In Progress": "open", "Resolved": "solved", "Closed": "closed"}
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    log = [{"case": "C", "activity": "Customer message", "at": "02/03/2026 09:00", "state": ""}]
    expected = ["new"]
    for i, (activity, state) in enumerate(rows, start=1):
        at = start + timedelta(hours=i)
        log.append(
            {"case": "C", "activity": activity, "at": at.strftime("%d/%m/%Y %H:%M"), "state": state}
        )
        expected.append(names[state] or expected[-1])
    (history,) = eventlog.histories(log, **STATE_OPTIONS)
    got = [history.status_at(start + timedelta(hours=i)).value for i in range(len(log))]
    assert got == expected
