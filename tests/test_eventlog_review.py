"""An event log's documented columns and options, read on every kind of row and by every path.

The law: one log read from its CSV (rows and file), its XES file, its pandas frame and its
polars frame gives the same histories -- here with a status column on every kind of row
(messages, replies, notes, reopens, status activities, ignored ones), a lifecycle column,
the ticket's fields, a ``created`` column and rows at the same instant.
"""

from __future__ import annotations

import csv
import io
import tempfile
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import PartialHistoryError
from servicemodel.io import eventlog
from servicemodel.kpi import FirstReplyTime, LeaveOutPartial
from servicemodel.model import AgentReply, StatusChange, lost_facts

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
#: The pm4py names for the roles XES gives (so that its table is the CSV), our own for the rest.
COLUMNS = {
    "case": "case:concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "resource": "org:resource",
    "lifecycle": "lifecycle:transition",
    "status": "state",
    "created": "case:opened",
    "channel": "channel",
    "priority": "prio",
    "group": "org:group",
    "assignee": "assignee",
    "requester": "case:requester",
}
HEADER = list(COLUMNS.values())
OPTIONS: dict[str, Any] = {
    "columns": COLUMNS,
    "activity_map": {"Open": "customer_message", "Reply": "agent_reply",
                     "Note": "internal_note", "Reopened": "reopen"},
    "status_map": {"Resolved": "solved", "In Progress": "open", "Waiting": "pending",
                   "Closed": "closed"},
    "ignore": ["Update"],
    "priority_map": {"P1": "urgent", "P2": "high"},
}  # fmt: skip
#: One activity of each kind: the four events, a status, an ignored one.
ACTIVITIES = ["Open", "Reply", "Note", "Reopened", "Resolved", "Update"]
STATES = ["", "In Progress", "Waiting", "Closed"]
#: The events' keys (all but the timestamp and the activity), as XES declares them.
EVENT_KEYS = ["org:resource", "lifecycle:transition", "state", "channel", "prio", "org:group",
              "assignee"]  # fmt: skip


def stamp(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


event = st.fixed_dictionaries(
    {
        "concept:name": st.sampled_from(ACTIVITIES),
        "minutes": st.integers(0, 4).map(lambda k: 30 * k),  # ties on purpose
        "org:resource": st.sampled_from(["", "ana", "bo"]),
        "lifecycle:transition": st.sampled_from(["", "complete", "start", "unknown"]),
        "state": st.sampled_from(STATES),
        "channel": st.sampled_from(["", "Email", "Self service"]),
        "prio": st.sampled_from(["", "P1", "P2", "low"]),
        "org:group": st.sampled_from(["", "L1", "L2"]),
        "assignee": st.sampled_from(["", "ana", "bo"]),
    }
)
trace = st.fixed_dictionaries(
    {
        "case:opened": st.sampled_from(["", stamp(-60)]),
        "case:requester": st.sampled_from(["", "cy"]),
        "events": st.lists(event, min_size=1, max_size=6),
    }
)
logs = st.lists(trace, min_size=1, max_size=4)


def table(log: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The log as pm4py's table of it: one row per event, the trace's attributes on each."""
    rows = []
    for i, case in enumerate(log):
        for ev in case["events"]:
            row = {k: v for k, v in ev.items() if k != "minutes"}
            row["time:timestamp"] = stamp(ev["minutes"])
            row["case:concept:name"] = f"C{i}"
            row["case:opened"] = case["case:opened"]
            row["case:requester"] = case["case:requester"]
            rows.append({name: row[name] for name in HEADER})
    return rows


def csv_text(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def xes_bytes(log: list[dict[str, Any]]) -> bytes:
    """The log as XES: an empty value is no attribute (XES has no empty cell)."""
    root = ET.Element("log", {"xes.version": "1.0"})
    # Every key declared, as XES writers do: the log's columns, whatever its events hold.
    for scope, keys in (("trace", ["opened", "requester"]), ("event", EVENT_KEYS)):
        declared = ET.SubElement(root, "global", {"scope": scope})
        for name in keys:
            ET.SubElement(declared, "string", {"key": name, "value": "__INVALID__"})
    for i, case in enumerate(log):
        node = ET.SubElement(root, "trace")
        ET.SubElement(node, "string", {"key": "concept:name", "value": f"C{i}"})
        if case["case:opened"]:
            ET.SubElement(node, "date", {"key": "opened", "value": case["case:opened"]})
        if case["case:requester"]:
            ET.SubElement(node, "string", {"key": "requester", "value": case["case:requester"]})
        for ev in case["events"]:
            child = ET.SubElement(node, "event")
            ET.SubElement(child, "date", {"key": "time:timestamp", "value": stamp(ev["minutes"])})
            for key, value in ev.items():
                if key != "minutes" and value:
                    ET.SubElement(child, "string", {"key": key, "value": value})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@given(log=logs)
def test_csv_xes_and_frames_read_the_same_histories(log: list[dict[str, Any]]) -> None:
    rows = table(log)
    text = csv_text(rows)
    reference = eventlog.histories(
        csv.DictReader(io.StringIO(text)), on_error="collect", **OPTIONS
    ).collect()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "log.csv"
        path.write_text(text, encoding="utf-8")
        xes = Path(d) / "log.xes"
        xes.write_bytes(xes_bytes(log))
        from_file = eventlog.load(path, on_error="collect", **OPTIONS)
        from_xes = eventlog.load(xes, on_error="collect", **OPTIONS)
    as_text = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    nullable = pd.read_csv(io.StringIO(text), dtype_backend="numpy_nullable")
    polars = pl.read_csv(io.StringIO(text), infer_schema=False)
    frames = [
        eventlog.from_pandas(as_text, on_error="collect", **OPTIONS).collect(),
        eventlog.from_pandas(nullable, on_error="collect", **OPTIONS).collect(),
        eventlog.from_polars(polars, on_error="collect", **OPTIONS).collect(),
    ]
    want = reference.histories
    assert len(want) + len(reference.errors) == len(log)
    assert from_file.histories == want
    assert from_xes.histories == want
    for got in frames:
        assert got.histories == want
        assert [str(e) for e in got.errors] == [str(e) for e in reference.errors]


# -- the status column on a status activity's row ----------------------------------------------

STATE_OPTIONS: dict[str, Any] = {
    "tz": "UTC",
    "columns": {"case": "case", "activity": "activity", "timestamp": "at", "status": "state"},
    "activity_map": {"Customer message": "customer_message", "Agent reply": "agent_reply"},
    "status_map": {"In Progress": "open", "Wait": "pending", "Wait - Vendor": "on_hold",
                   "Resolved": "solved", "Closed": "closed"},
    "ignore": ["Update", "Unmatched"],
}  # fmt: skip


def test_the_status_column_sets_the_status_on_a_status_activitys_row_too() -> None:
    """A row whose activity names a status says the case's status after it in its status
    column, as every other row does: a wait for a vendor is on hold, not pending (which would
    stop the requester's wait clock too)."""
    rows = [
        {"case": "A", "activity": "Customer message", "at": "2026-03-02T09:00Z", "state": ""},
        {"case": "A", "activity": "Wait", "at": "2026-03-02T10:00Z", "state": "Wait - Vendor"},
        {"case": "A", "activity": "Resolved", "at": "2026-03-02T12:00Z", "state": "Closed"},
    ]
    (history,) = eventlog.histories(rows, **STATE_OPTIONS)
    changes = [(e.status.value, e.label) for e in history.events if isinstance(e, StatusChange)]
    assert changes == [("on_hold", "Wait - Vendor"), ("closed", "Closed")]


def test_an_empty_or_ignored_status_cell_leaves_a_status_activity_its_own_status() -> None:
    rows = [
        {"case": "A", "activity": "Customer message", "at": "2026-03-02T09:00Z", "state": ""},
        {"case": "A", "activity": "Wait", "at": "2026-03-02T10:00Z", "state": ""},
        {"case": "A", "activity": "Resolved", "at": "2026-03-02T12:00Z", "state": "Unmatched"},
    ]
    (history,) = eventlog.histories(rows, **STATE_OPTIONS)
    changes = [(e.status.value, e.label) for e in history.events if isinstance(e, StatusChange)]
    assert changes == [("pending", "Wait"), ("solved", "Resolved")]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Update", "Customer message", "Agent reply", "Wait", "Resolved"]),
            st.sampled_from(["", "Unmatched", "In Progress", "Wait - Vendor", "Closed"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_after_each_row_the_status_is_its_status_cell_else_its_activitys(
    rows: list[tuple[str, str]],
) -> None:
    """Law: after each row the case's status is its status cell's, when it has one (not
    ignored); else its activity's, when the activity is a status; else the status before."""
    own = {"In Progress": "open", "Wait": "pending", "Wait - Vendor": "on_hold",
           "Resolved": "solved", "Closed": "closed"}  # fmt: skip
    log = [{"case": "C", "activity": "Customer message", "at": stamp(0), "state": ""}]
    expected = ["new"]
    for i, (activity, state) in enumerate(rows, start=1):
        log.append({"case": "C", "activity": activity, "at": stamp(60 * i), "state": state})
        expected.append(own.get(state) or own.get(activity) or expected[-1])
    (history,) = eventlog.histories(log, **STATE_OPTIONS)
    got = [history.status_at(T0 + timedelta(hours=i)).value for i in range(len(log))]
    assert got == expected


# -- the dates of the created column -------------------------------------------------------------

CREATED_OPTIONS: dict[str, Any] = {
    "tz": "UTC",
    "columns": {"case": "case", "activity": "activity", "timestamp": "at", "created": "opened"},
    "activity_map": {"Reply": "agent_reply"},
    "status_map": {"Resolved": "solved"},
}


def test_a_created_date_read_month_first_is_warned_of() -> None:
    """ISO timestamps beside a created column written day first: 02/03/2026 is read as 3
    February, a month before the reply, and the load says so, as for a timestamp."""
    rows = [
        {"case": "A", "activity": "Reply", "at": "2026-03-02T10:00:00Z", "opened": "02/03/2026"},
        {"case": "A", "activity": "Resolved", "at": "2026-03-02T12:00:00Z", "opened": ""},
    ]
    found = eventlog.histories(rows, **CREATED_OPTIONS).collect()
    assert found.histories[0].created_at == datetime(2026, 2, 3, tzinfo=UTC)
    (warning,) = found.warnings
    assert "1 was read month first" in str(warning)
    assert "'02/03/2026' is 3 February 2026" in str(warning)


@given(day=st.integers(13, 28), month=st.integers(1, 12))
def test_a_created_date_past_the_12th_settles_the_order(day: int, month: int) -> None:
    """Law: one created date whose second part is over 12 settles M/D/Y; no warning."""
    rows = [
        {"case": "A", "activity": "Reply", "at": "2026-12-30T10:00:00Z",
         "opened": f"{month:02d}/{day:02d}/2026"},
        {"case": "B", "activity": "Reply", "at": "2026-03-02T10:00:00Z",
         "opened": "02/03/2026"},
    ]  # fmt: skip
    found = eventlog.histories(rows, **CREATED_OPTIONS).collect()
    assert found.histories[0].created_at == datetime(2026, month, day, tzinfo=UTC)
    assert found.warnings == ()


# -- what the docs say of event ids and agent-opened cases -------------------------------------


def test_a_replys_row_that_changes_the_status_gives_a_second_event_after_it() -> None:
    rows = [
        {"case": "A", "activity": "Customer message", "at": "2026-03-02T09:00Z", "state": ""},
        {"case": "A", "activity": "Agent reply", "at": "2026-03-02T10:00Z", "state": "Resolved"},
    ]
    (history,) = eventlog.histories(rows, **STATE_OPTIONS)
    assert [e.id for e in history.events] == ["r0", "r1", "r1.status"]


def test_a_case_opened_by_an_agent_reply_has_no_first_reply_time() -> None:
    """The log does not say whether an agent opened the ticket (Zendesk would count from the
    second public reply) or the log lost the rows before the reply: the first reply is a lost
    fact, left out and counted, never a first reply time of 0."""
    rows = [
        {"case": "A", "activity": "Agent reply", "at": "2026-03-02T10:00Z", "state": ""},
        {"case": "A", "activity": "Customer message", "at": "2026-03-02T11:00Z", "state": ""},
        {"case": "A", "activity": "Agent reply", "at": "2026-03-02T12:00Z", "state": ""},
        {"case": "B", "activity": "Customer message", "at": "2026-03-02T11:00Z", "state": ""},
        {"case": "B", "activity": "Agent reply", "at": "2026-03-02T11:45Z", "state": ""},
    ]
    a, b = eventlog.histories(rows, **STATE_OPTIONS)
    assert not a.ticket.created_by_agent
    assert a.created_at == datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert lost_facts(a) == {"first_reply"}
    assert lost_facts(b) == frozenset()
    with pytest.raises(PartialHistoryError, match=r"^ticket 'A': first reply time needs"):
        FirstReplyTime.empty().add_many([a, b])
    frt = LeaveOutPartial(FirstReplyTime.empty()).add_many([a, b]).result()
    assert frt.n == 1
    assert frt.median.value == 45.0
    assert frt.median.count("left_out") == 1


def test_a_created_column_before_the_reply_keeps_the_first_reply() -> None:
    columns = {**STATE_OPTIONS["columns"], "created": "opened"}
    rows = [
        {"case": "A", "activity": "Agent reply", "at": "2026-03-02T10:00Z", "state": "",
         "opened": "2026-03-02T09:30Z"},
    ]  # fmt: skip
    (a,) = eventlog.histories(rows, **{**STATE_OPTIONS, "columns": columns})
    assert lost_facts(a) == frozenset()
    assert FirstReplyTime.empty().add_many([a]).result().median.value == 30.0


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Agent reply", "Customer message", "Update", "Resolved"]),
            st.integers(0, 3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_first_reply_is_lost_exactly_when_a_reply_is_the_cases_first_event(
    steps: list[tuple[str, int]],
) -> None:
    rows = [
        {"case": "A", "activity": activity, "at": stamp(60 * hour), "state": ""}
        for activity, hour in steps
    ]
    (a,) = eventlog.histories(rows, **STATE_OPTIONS)
    first_event = a.events[0] if a.events else None
    opened_by_reply = isinstance(first_event, AgentReply) and first_event.at == a.created_at
    assert ("first_reply" in lost_facts(a)) is opened_by_reply
    if opened_by_reply:  # the case's first row in time is the reply (ties in the file's order)
        in_time = sorted(steps, key=lambda step: step[1])
        assert next(x for x, _ in in_time if x != "Update") == "Agent reply"
        assert in_time[0][1] == min(hour for x, hour in steps if x != "Update")


LIFECYCLE_OPTIONS: dict[str, Any] = {
    **STATE_OPTIONS,
    "columns": {**STATE_OPTIONS["columns"], "lifecycle": "lc", "group": "team"},
}


@given(
    activity=st.sampled_from(["Agent reply", "Update", "Resolved"]),
    state=st.sampled_from(["", "Closed", "In Progress"]),
    transition=st.sampled_from(["schedule", "start", "suspend", "withdraw", "ate_abort"]),
)
def test_a_row_of_a_stage_before_completion_sets_no_status_but_gives_its_fields(
    activity: str, state: str, transition: str
) -> None:
    """Law: a row whose transition is no event adds no event, its status column included,
    and still gives the ticket's fields (the first row in time that has them)."""
    rows = [
        {"case": "A", "activity": "Customer message", "at": "2026-03-02T09:00Z", "state": "",
         "lc": "complete", "team": ""},
        {"case": "A", "activity": activity, "at": "2026-03-02T10:00Z", "state": state,
         "lc": transition, "team": "L2"},
    ]  # fmt: skip
    (history,) = eventlog.histories(rows, **LIFECYCLE_OPTIONS)
    assert [e.id for e in history.events] == ["r0"]
    assert history.ticket.group == "L2"


# -- cells padded with spaces --------------------------------------------------------------------

PAD_OPTIONS: dict[str, Any] = {
    "columns": {"case": "case", "activity": "activity", "timestamp": "at", "resource": "agent",
                "group": "team", "assignee": "owner", "requester": "who"},
    "activity_map": {"Message": "customer_message", "Reply": "agent_reply"},
}  # fmt: skip


@given(
    pads=st.lists(st.tuples(*[st.sampled_from(["", " ", "  ", "\t"])] * 2), min_size=5, max_size=5),
    contiguous=st.booleans(),
)
def test_spaces_around_a_cell_are_not_part_of_a_case_id_or_a_name(
    pads: list[tuple[str, str]], contiguous: bool
) -> None:
    """Law: a CSV written with spaces after its commas (`C1, Reply, ...`) reads as it does
    without them, as the activity already did: `' C1'` is case `C1`, not a second ticket
    created at the reply, and `' ana'` is the agent `ana`."""

    def pad(i: int, text: str) -> str:
        return f"{pads[i][0]}{text}{pads[i][1]}"

    plain = [
        {"case": "C1", "activity": "Message", "at": "2026-03-02T09:00:00Z", "agent": "",
         "team": "", "owner": "", "who": "cy"},
        {"case": "C1", "activity": "Reply", "at": "2026-03-02T10:00:00Z", "agent": "ana",
         "team": "L1", "owner": "bo", "who": ""},
    ]  # fmt: skip
    padded = [
        {**plain[0], "case": plain[0]["case"], "who": pad(0, "cy")},
        {**plain[1], "case": pad(1, "C1"), "agent": pad(2, "ana"), "team": pad(3, "L1"),
         "owner": pad(4, "bo")},
    ]  # fmt: skip
    want = eventlog.histories(plain, contiguous=contiguous, **PAD_OPTIONS).collect()
    got = eventlog.histories(padded, contiguous=contiguous, **PAD_OPTIONS).collect()
    assert got.histories == want.histories
    (history,) = got.histories
    assert (history.ticket.group, history.ticket.assignee, history.ticket.requester) == (
        "L1",
        "bo",
        "cy",
    )
