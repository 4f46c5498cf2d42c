"""Zendesk's Ticket Metrics durations beside our KPI times (``zendesk_ticket_metrics``).

The reference below computes each duration from the events by Zendesk's documented rules
("About native Support time duration metrics", "Calculating first reply time"), without the
history's derived facts, so that the library's definitions are checked against them.
"""

from __future__ import annotations

import itertools
import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    RecordError,
    ServiceModelError,
)
from servicemodel.io import zendesk
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    AgentReply,
    CustomerMessage,
    Reopen,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.reconcile import (
    ZENDESK_DURATIONS,
    DurationComparison,
    DurationReconciliation,
    zendesk_ticket_metrics,
)
from servicemodel.reconcile._shared import CLI_HINTS, PYTHON_HINTS, durations_outcome
from servicemodel.strategies import histories

DATA = Path(__file__).parent / "data" / "zendesk" / "durations"
T0 = datetime(2026, 5, 4, 9, tzinfo=UTC)  # a Monday


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def history(events: list[Any], *, tid: str = "7", by_agent: bool = False) -> TicketHistory:
    return TicketHistory(Ticket(tid, T0, created_by_agent=by_agent), events)


def one(h: TicketHistory, record: dict[str, Any], **kw: Any) -> DurationReconciliation:
    r, errors = zendesk_ticket_metrics([h], [{"ticket_id": h.id, **record}], **kw)
    assert errors == ()
    return r


def reason(r: DurationReconciliation, field: str, clock: str = "calendar") -> str | None:
    (c,) = [c for c in r.comparisons if (c.field, c.clock) == (field, clock)]
    return c.reason


def kind(r: DurationReconciliation, field: str, clock: str = "calendar") -> str | None:
    found = reason(r, field, clock)
    return None if found is None else found.split(":", 1)[0]


# -- the fixture -----------------------------------------------------------------------------


def fixture() -> tuple[list[TicketHistory], list[str], Any]:
    found = zendesk.load([DATA / "tickets.json", DATA / "audits.json"]).histories
    audits = json.loads((DATA / "audits.json").read_text())["audits"]
    shared = [
        str(ev["id"])
        for a in audits
        for ev in a["events"]
        if ev["type"] == "Comment" and (ev.get("via") or a["via"])["channel"] == "ticket_sharing"
    ]
    return list(found), shared, json.loads((DATA / "ticket_metrics.json").read_text())


def test_fixture_counts_and_reasons() -> None:
    found, shared, metrics = fixture()
    r, errors = zendesk_ticket_metrics(found, [metrics], shared_replies=shared)
    assert errors == ()
    assert (len(r.comparisons), r.agreements, r.unmatched) == (32, 24, 1)
    assert sorted(r.reasons().items()) == [
        ("a reopen", 2),
        ("automated reply", 2),
        ("business vs calendar minutes", 2),
        ("ticket-sharing comment", 2),
    ]
    assert r.by_field()[("reply_time_in_minutes", "calendar")] == (3, 2)
    assert str(r).splitlines()[0] == (
        "32 durations compared: 24 agree, 8 disagree; 1 history without a record"
    )


def test_fixture_rounding_nearest_parts_ticket_9101() -> None:
    found, shared, metrics = fixture()
    r, _ = zendesk_ticket_metrics(found, [metrics], shared_replies=shared, rounding="nearest")
    rounded = [c for c in r.disagreements if c.ticket_id == "9101"]
    assert {c.field for c in rounded} == {
        "reply_time_in_minutes",
        "requester_wait_time_in_minutes",
        "agent_wait_time_in_minutes",
    }
    assert all(c.reason and c.reason.startswith("whole-minute rounding") for c in rounded)


# -- each explanation ------------------------------------------------------------------------


def test_agree_in_whole_minutes_floor_and_nearest() -> None:
    h = history([AgentReply("r", at(42.5))])
    rec = {"reply_time_in_minutes": {"calendar": 42}}
    assert one(h, rec).agreements == 1
    r = one(h, rec, rounding="nearest")
    assert kind(r, "reply_time_in_minutes") == "whole-minute rounding"
    assert "try rounding='floor'" in (reason(r, "reply_time_in_minutes") or "")
    assert one(h, {"reply_time_in_minutes": {"calendar": 43}}, rounding="nearest").agreements == 1


def test_no_reply_on_either_side() -> None:
    h = history([AgentReply("r", at(30))])
    r = one(h, {"reply_time_in_minutes": {"calendar": None}})
    assert kind(r, "reply_time_in_minutes") == "no reply in the vendor's record"
    r = one(history([]), {"reply_time_in_minutes": {"calendar": 30, "business": None}})
    assert kind(r, "reply_time_in_minutes") == "no reply in our history"
    assert reason(r, "reply_time_in_minutes", "business") is None  # both none: agree


def test_unsolved_on_either_side() -> None:
    solved = history([StatusChange("s", at(60), status="solved")])
    r = one(solved, {"full_resolution_time_in_minutes": None})
    assert kind(r, "full_resolution_time_in_minutes") == "unsolved in the vendor's record"
    assert r.agreements == 0
    assert len(r.comparisons) == 2  # null: both clocks null
    r = one(history([]), {"first_resolution_time_in_minutes": {"calendar": 60}})
    assert kind(r, "first_resolution_time_in_minutes") == "unsolved in our history"


def test_automated_reply_the_vendor_counted() -> None:
    h = history([AgentReply("bot", at(0.5), automated=True), AgentReply("r", at(60))])
    r = one(h, {"reply_time_in_minutes": {"calendar": 0}})
    assert kind(r, "reply_time_in_minutes") == "automated reply"
    assert "'bot'" in (reason(r, "reply_time_in_minutes") or "")


def test_agent_created_ticket_both_ways() -> None:
    events = [AgentReply("open", at(0)), AgentReply("r", at(25))]
    # Ours knows the agent opened it (first reply: the second comment), the vendor does not.
    r = one(history(events, by_agent=True), {"reply_time_in_minutes": {"calendar": 0}})
    assert kind(r, "reply_time_in_minutes") == "agent-created ticket"
    assert "opening message 'open'" in (reason(r, "reply_time_in_minutes") or "")
    # The vendor counts the second public agent comment; ours takes the ticket as the requester's.
    r = one(history(events), {"reply_time_in_minutes": {"calendar": 25}})
    assert kind(r, "reply_time_in_minutes") == "agent-created ticket"
    assert "second public agent comment 'r'" in (reason(r, "reply_time_in_minutes") or "")
    both = one(history(events, by_agent=True), {"reply_time_in_minutes": {"calendar": 25}})
    assert both.agreements == 1


def test_ticket_sharing_comment_and_a_later_reply() -> None:
    events = [CustomerMessage("m", at(0)), AgentReply("p", at(10)), AgentReply("r", at(50))]
    h = history(events)
    rec = {"reply_time_in_minutes": {"calendar": 50}}
    r = one(h, rec, shared_replies=["p"])
    assert kind(r, "reply_time_in_minutes") == "ticket-sharing comment"
    assert kind(one(h, rec), "reply_time_in_minutes") == "a later reply"
    # Zendesk null, ours the shared comment: ticket sharing too.
    r = one(
        history(events[:2]), {"reply_time_in_minutes": {"calendar": None}}, shared_replies=["p"]
    )
    assert kind(r, "reply_time_in_minutes") == "ticket-sharing comment"


def test_business_minutes_without_and_with_a_calendar() -> None:
    # Created Monday 09:00 UTC; reply Monday 19:00: 600 calendar minutes, 480 in 09-17.
    h = history([AgentReply("r", at(600))])
    rec = {"reply_time_in_minutes": {"calendar": 600, "business": 480}}
    r = one(h, rec)
    assert kind(r, "reply_time_in_minutes", "business") == "business vs calendar minutes"
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    assert one(h, rec, calendar=cal).agreements == 2
    r = one(h, {"reply_time_in_minutes": {"calendar": 600, "business": 300}}, calendar=cal)
    assert kind(r, "reply_time_in_minutes", "business") == "business minutes differ"
    # Without a calendar, a vendor business value equal to its calendar value is compared as is.
    assert one(h, {"reply_time_in_minutes": {"calendar": 600, "business": 600}}).agreements == 2


def test_reopen_first_and_full_resolution() -> None:
    h = history(
        [
            StatusChange("s1", at(60), status="solved"),
            Reopen("o", at(180)),
            StatusChange("s2", at(240), status="solved"),
        ]
    )
    r = one(
        h,
        {
            "first_resolution_time_in_minutes": {"calendar": 60},
            "full_resolution_time_in_minutes": {"calendar": 60},
        },
    )
    assert reason(r, "first_resolution_time_in_minutes") is None
    assert kind(r, "full_resolution_time_in_minutes") == "a reopen"
    r = one(h, {"first_resolution_time_in_minutes": {"calendar": 240}})
    assert kind(r, "first_resolution_time_in_minutes") == "a reopen"
    reopened = history([StatusChange("s1", at(60), status="solved"), Reopen("o", at(180))])
    r = one(reopened, {"full_resolution_time_in_minutes": {"calendar": 60}})
    assert "the ticket is open again" in (reason(r, "full_resolution_time_in_minutes") or "")


def test_status_times_and_the_export_window() -> None:
    h = history(
        [
            StatusChange("p", at(30), status="pending"),
            StatusChange("h", at(90), status="on_hold"),
            StatusChange("o", at(100), status="open"),
            StatusChange("s", at(130), status="solved"),
        ]
    )
    rec = {
        "requester_wait_time_in_minutes": {"calendar": 70},  # new 30 + hold 10 + open 30
        "agent_wait_time_in_minutes": {"calendar": 60},
        "on_hold_time_in_minutes": {"calendar": 10},
    }
    assert one(h, rec).agreements == 3
    wrong = {"requester_wait_time_in_minutes": {"calendar": 50}}
    assert kind(one(h, wrong), "requester_wait_time_in_minutes") == "durations differ"
    r = one(h, wrong, start_time=at(20))
    assert kind(r, "requester_wait_time_in_minutes") == "status time before the export window"
    assert one(h, rec, start_time=at(20)).agreements == 3  # only a difference is explained
    assert kind(one(history([]), wrong), "requester_wait_time_in_minutes") == (
        "none in our history"
    )


def test_lost_first_reply_and_replies_before_the_window() -> None:
    t = Ticket("7", T0, attributes={PARTIAL_ATTRIBUTE: "first_reply"})
    r = one(TicketHistory(t, []), {"reply_time_in_minutes": {"calendar": 5}})
    assert kind(r, "reply_time_in_minutes") == "the export lacks it"
    h = history([AgentReply("r", at(90))])
    r = one(h, {"reply_time_in_minutes": {"calendar": 5}}, start_time=at(60))
    assert kind(r, "reply_time_in_minutes") == "events before the export window"


def test_status_times_null_in_the_vendors_record() -> None:
    h = history([StatusChange("o", at(10), status="open")])
    r = one(h, {"requester_wait_time_in_minutes": None})
    assert kind(r, "requester_wait_time_in_minutes") == "none in the vendor's record"
    assert one(history([]), {"requester_wait_time_in_minutes": None}).agreements == 2


def test_lost_status_facts_explain_a_status_difference() -> None:
    t = Ticket("7", T0, attributes={PARTIAL_ATTRIBUTE: "pauses,status_times"})
    h = TicketHistory(t, [StatusChange("s", at(60), status="solved")])
    r = one(h, {"requester_wait_time_in_minutes": {"calendar": 20}})
    assert kind(r, "requester_wait_time_in_minutes") == "status time before the export window"


def test_reply_time_in_seconds_and_null_for_other_channels() -> None:
    h = history([AgentReply("r", at(1.5))])
    r = one(h, {"reply_time_in_seconds": {"calendar": 90}})
    assert (r.agreements, r.comparisons[0].unit) == (1, "s")
    assert one(h, {"reply_time_in_seconds": None}).comparisons == ()
    assert one(h, {"reply_time_in_seconds": {"calendar": None}}).comparisons == ()


def test_record_shapes() -> None:
    h = history([AgentReply("r", at(5))])
    rec = {"ticket_id": 7, "reply_time_in_minutes": {"calendar": 5}}
    for page in (
        {"ticket_metric": rec},
        {"ticket_metrics": [rec]},
        {"metric_sets": [rec], "tickets": []},
        {"tickets": [{"id": 7, "metric_set": rec}]},
    ):
        r, errors = zendesk_ticket_metrics([h], [page])
        assert (r.agreements, errors) == (1, ()), page
    r, _ = zendesk_ticket_metrics([h, history([], tid="8")], [rec])
    assert r.unmatched == 1


#: Pages that hold no record: each is a page all the same, never a record without its
#: ticket_id (the incremental export's last page is ``{"tickets": [], "end_of_stream": true}``).
_EMPTY_PAGES: list[dict[str, Any]] = [
    {"tickets": [], "end_of_stream": True},
    {"tickets": [{"id": 7}], "after_cursor": "x", "end_of_stream": False},
    {"ticket_metrics": [], "next_page": None, "count": 0},
    {"metric_sets": []},
    {"metric_sets": [], "tickets": []},
]


def test_a_page_without_records_gives_none_and_no_error(tmp_path: Path) -> None:
    h = history([AgentReply("r", at(5))])
    rec = {"ticket_id": 7, "reply_time_in_minutes": {"calendar": 5}}
    for page in _EMPTY_PAGES:
        for on_error in ("raise", "collect"):
            r, errors = zendesk_ticket_metrics([h], [page, rec, page], on_error=on_error)  # type: ignore[arg-type]
            assert (r.agreements, r.disagreements, errors) == (1, (), ()), page
    lines = tmp_path / "pages.jsonl"
    lines.write_text(
        json.dumps({"tickets": [{"id": 7, "metric_set": rec}], "end_of_stream": False})
        + "\n"
        + json.dumps({"tickets": [], "end_of_stream": True})
        + "\n",
        encoding="utf-8",
    )
    r, errors = zendesk_ticket_metrics([h], [lines])
    assert (r.agreements, errors) == (1, ())


@pytest.mark.parametrize(
    ("page", "where", "says"),
    [
        (
            {"ticket_metrics": 5},
            "metric_records[0].ticket_metrics",
            "ticket_metrics 5: expected a list",
        ),
        (
            {"metric_sets": None},
            "metric_records[0].metric_sets",
            "metric_sets None: expected a list",
        ),
        ({"tickets": {}}, "metric_records[0].tickets", "tickets {}: expected a list"),
        (
            {"ticket_metric": [1]},
            "metric_records[0].ticket_metric",
            "ticket_metric [1]: expected a ticket metric record as a JSON object",
        ),
    ],
)
def test_a_page_key_of_the_wrong_shape_is_the_pages_error(page: Any, where: str, says: str) -> None:
    with pytest.raises(RecordError) as caught:
        zendesk_ticket_metrics([], [page])
    assert (caught.value.path, caught.value.message) == (where, says)
    _, errors = zendesk_ticket_metrics([], [page, {"tickets": []}], on_error="collect")
    assert [e.path for e in errors] == [where]


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "where", "says"),
    [
        ({"ticket_id": 99}, "ticket_metrics[0].ticket_id", "ticket 99: ticket_id '99'"),
        (
            {"ticket_id": 7, "reply_time_in_minutes": {"calendar": "30"}},
            "ticket_metrics[0].reply_time_in_minutes.calendar",
            "ticket 7: reply_time_in_minutes.calendar '30'",
        ),
        (
            {"ticket_id": 7, "on_hold_time_in_minutes": {"business": -1}},
            "ticket_metrics[0].on_hold_time_in_minutes.business",
            "ticket 7: on_hold_time_in_minutes.business -1",
        ),
        (
            {"ticket_id": 7, "agent_wait_time_in_minutes": {"calendar": math.nan}},
            "ticket_metrics[0].agent_wait_time_in_minutes.calendar",
            "ticket 7: agent_wait_time_in_minutes.calendar nan",
        ),
        (
            {"ticket_id": 7, "reply_time_in_minutes": {"calendar": True}},
            "ticket_metrics[0].reply_time_in_minutes.calendar",
            "ticket 7: reply_time_in_minutes.calendar True",
        ),
        (
            {"ticket_id": 7, "reply_time_in_minutes": 30},
            "ticket_metrics[0].reply_time_in_minutes",
            "ticket 7: reply_time_in_minutes 30",
        ),
        ({"reopens": 0}, "ticket_metrics[0].ticket_id", "ticket_id None"),
    ],
)
def test_bad_records_name_path_ticket_and_field(record: Any, where: str, says: str) -> None:
    good = {"ticket_id": 8, "reply_time_in_minutes": {"calendar": 5}}
    hs = [history([]), history([AgentReply("r", at(5))], tid="8")]
    page = {"ticket_metrics": [record, good]}
    with pytest.raises(RecordError) as info:
        zendesk_ticket_metrics(hs, [page])
    assert info.value.path == f"metric_records[0].{where}"
    assert says in str(info.value)
    r, errors = zendesk_ticket_metrics(hs, [page], on_error="collect")
    assert [e.path for e in errors] == [info.value.path]
    assert [c.ticket_id for c in r.comparisons] == ["8"]
    assert r.agreements == 1


def test_files_of_records_name_file_and_line(tmp_path: Path) -> None:
    found, shared, _ = fixture()
    r, errors = zendesk_ticket_metrics(found, [DATA / "ticket_metrics.json"], shared_replies=shared)
    assert (r.agreements, errors) == (24, ())
    lines = tmp_path / "metrics.jsonl"
    lines.write_text(
        '{"ticket_id": 9101, "reply_time_in_minutes": {"calendar": 42}}\n'
        "not json\n"
        '{"ticket_id": 9101, "on_hold_time_in_minutes": {"calendar": -5}}\n'
        '{"ticket_id": 77, "reopens": 0}\n',
        encoding="utf-8",
    )
    r, errors = zendesk_ticket_metrics(found, [lines], on_error="collect")
    assert [(e.source, e.line) for e in errors] == [
        (str(lines), 2),
        (str(lines), 3),
        (str(lines), 4),
    ]
    assert errors[1].path == "[2].on_hold_time_in_minutes.calendar"
    assert str(errors[2]).startswith(f"{lines}: line 4: [3].ticket_id: ticket 77:")
    assert r.agreements == 1
    with pytest.raises(RecordError, match="line 2"):
        zendesk_ticket_metrics(found, [lines])


@pytest.mark.parametrize("on_error", ["raise", "collect"])
def test_a_file_that_cannot_be_opened_is_a_config_error_naming_it(
    tmp_path: Path, on_error: Any
) -> None:
    # open()'s FileNotFoundError / IsADirectoryError / "embedded null byte" escaped as such.
    for path, says in (
        (tmp_path / "missing.json", "No such file or directory"),
        (tmp_path, "Is a directory"),
    ):
        with pytest.raises(ConfigError) as caught:
            zendesk_ticket_metrics([], [path], on_error=on_error)
        assert str(caught.value) == f"{path}: cannot read: {says}"
    with pytest.raises(ConfigError, match="NUL byte"):
        zendesk_ticket_metrics([], [Path("metrics\x00.json")], on_error=on_error)


@settings(max_examples=30)
@given(rounding=st.text(max_size=5) | st.integers() | st.just(10**5000) | st.just("x" * 10_000))
def test_any_other_rounding_is_one_short_config_error(rounding: Any) -> None:
    # Named by its repr, a 5,000-digit int raised Python's own ValueError instead.
    assume(rounding not in ("floor", "nearest"))
    with pytest.raises(ConfigError, match="rounding: expected 'floor' or 'nearest', got") as caught:
        zendesk_ticket_metrics([], [], rounding=rounding)
    assert len(str(caught.value)) < 300


def test_arguments_are_checked() -> None:
    with pytest.raises(ConfigError, match="rounding"):
        zendesk_ticket_metrics([], [], rounding="up")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="calendar"):
        zendesk_ticket_metrics([], [], calendar=object())
    with pytest.raises(InputTypeError):
        zendesk_ticket_metrics([object()], [])  # type: ignore[list-item]
    with pytest.raises(NaiveDatetimeError):
        zendesk_ticket_metrics([], [], start_time=datetime(2026, 5, 4))


def test_values_are_typed_and_frozen() -> None:
    c = DurationComparison("7", "reply_time_in_minutes", "calendar", 1, 1.5)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        c.vendor = 2  # type: ignore[misc]
    with pytest.raises(ValueError, match="field"):
        DurationComparison("7", "replies", "calendar", 1, 1.5)
    with pytest.raises(ValueError, match="clock"):
        DurationComparison("7", "reply_time_in_minutes", "wall", 1, 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        DurationComparison(7, "reply_time_in_minutes", "calendar", 1, 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        DurationComparison("7", "reply_time_in_minutes", "calendar", True, 1.5)
    for bad in (-1, math.nan):
        with pytest.raises(ValueError, match="vendor"):
            DurationComparison("7", "reply_time_in_minutes", "calendar", bad, 1.5)
    r = DurationReconciliation((c,))
    assert r.to_records() == [
        {
            "ticket_id": "7",
            "field": "reply_time_in_minutes",
            "clock": "calendar",
            "unit": "min",
            "vendor": 1,
            "ours": 1.5,
            "agrees": True,
            "reason": None,
        }
    ]
    assert set(ZENDESK_DURATIONS) >= {c.field}


@settings(max_examples=60)
@given(
    where=st.sampled_from(["vendor", "ours"]),
    bad=st.sampled_from([-1, -0.5, math.nan, math.inf, -math.inf, 10**400]),
)
def test_a_bad_duration_is_a_service_model_error_naming_it(where: str, bad: Any) -> None:
    # attrs' own ge() and in_() raised a bare ValueError, no ServiceModelError.
    values = {"vendor": 1.0, "ours": 1.5, where: bad}
    with pytest.raises(ServiceModelError, match=where) as caught:
        DurationComparison("7", "reply_time_in_minutes", "calendar", **values)
    assert isinstance(caught.value, ValueError | TypeError)


def test_bad_names_and_counts_are_service_model_errors() -> None:
    with pytest.raises(ConfigError, match=r"field: .*'replies'"):
        DurationComparison("7", "replies", "calendar", 1, 1.5)
    with pytest.raises(ConfigError, match=r"clock: .*'wall'"):
        DurationComparison("7", "reply_time_in_minutes", "wall", 1, 1.5)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"rounding: .*'up'"):
        DurationReconciliation((), rounding="up")
    with pytest.raises(ConfigError, match=r"unmatched must be a count .* -1"):
        DurationReconciliation((), unmatched=-1)


# -- the laws --------------------------------------------------------------------------------


def _solves(h: TicketHistory) -> list[datetime]:
    resolved, out = False, []
    for e in h.events:
        if isinstance(e, StatusChange):
            now = e.status in (Status.SOLVED, Status.CLOSED)
        elif isinstance(e, Reopen):
            now = False
        else:
            continue
        if now and not resolved:
            out.append(e.at.astimezone(UTC))
        resolved = now
    return out + ([] if resolved else [datetime.max.replace(tzinfo=UTC)])  # marker: unsolved


def _status_minutes(h: TicketHistory, cal: Any = None) -> dict[str, int] | None:
    """Minutes in each status over the stretches a later status change ended.

    A status held for no time is no stretch (the model's status timeline drops zero-length
    detours): a change at the instant of the one before replaces it, and one back to the
    status before that merges with it. ``None`` when no stretch ended.
    """
    line: list[tuple[Status, datetime]] = [(Status.NEW, h.created_at.astimezone(UTC))]
    for e in h.events:
        if isinstance(e, StatusChange):
            new = e.status
        elif isinstance(e, Reopen):
            new = Status.OPEN
        else:
            continue
        when = e.at.astimezone(UTC)
        if new == line[-1][0]:
            continue
        if when == line[-1][1]:
            line.pop()
            if line and line[-1][0] == new:
                continue
        line.append((new, when))
    if len(line) < 2:
        return None
    totals: dict[Status, timedelta] = {}
    for (status, since), (_, until) in itertools.pairwise(line):
        held = until - since if cal is None else cal.elapsed(since, until)
        totals[status] = totals.get(status, timedelta(0)) + held

    def of(*statuses: Status) -> int:
        held = sum((totals.get(s, timedelta(0)) for s in statuses), timedelta(0))
        return held // timedelta(minutes=1)

    return {
        "requester_wait_time_in_minutes": of(Status.NEW, Status.OPEN, Status.ON_HOLD),
        "agent_wait_time_in_minutes": of(Status.PENDING),
        "on_hold_time_in_minutes": of(Status.ON_HOLD),
    }


def reference(h: TicketHistory, cal: Any = None) -> dict[str, Any]:
    """Zendesk's Ticket Metrics record of ``h``, by its documented rules: ``business`` minutes
    on ``cal`` (without one, the same as ``calendar``: an account always open)."""
    created = h.created_at.astimezone(UTC)

    def minutes(t: datetime | None) -> dict[str, int | None]:
        if t is None:
            return {"calendar": None, "business": None}
        m = (t - created) // timedelta(minutes=1)
        b = m if cal is None else cal.elapsed(created, t) // timedelta(minutes=1)
        return {"calendar": m, "business": b}

    # First reply: the first public agent comment, the second for a ticket an agent created
    # ("If the ticket is created by an agent and the first comment is public ..."); automated
    # replies are not agents' replies.
    replies = [e for e in h.events if isinstance(e, AgentReply)]
    if h.ticket.created_by_agent:
        replies = replies[1:]
    first = next((e.at.astimezone(UTC) for e in replies if not e.automated), None)
    solves = _solves(h)
    unsolved = solves[-1].year == datetime.max.year
    real = solves[:-1] if unsolved else solves
    rec: dict[str, Any] = {
        "ticket_id": h.id,
        "reply_time_in_minutes": minutes(first),
        "first_resolution_time_in_minutes": minutes(real[0] if real else None),
        "full_resolution_time_in_minutes": minutes(None if unsolved else real[-1]),
    }
    status = _status_minutes(h)
    business = status if cal is None else _status_minutes(h, cal)
    for field in ("requester_wait_time_in_minutes", "agent_wait_time_in_minutes",
                  "on_hold_time_in_minutes"):  # fmt: skip
        rec[field] = {
            "calendar": None if status is None else status[field],
            "business": None if business is None else business[field],
        }
    return rec


_HISTORIES = st.lists(histories(max_events=8), min_size=1, max_size=4, unique_by=lambda h: h.id)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HISTORIES)
def test_law_every_clock_agrees_with_the_reference(hs: list[TicketHistory]) -> None:
    r, errors = zendesk_ticket_metrics(hs, [reference(h) for h in hs])
    assert errors == ()
    assert r.disagreements == (), r.disagreements
    assert len(r.comparisons) == 12 * len(hs)


_CALENDAR = BusinessCalendar.weekly(
    "Europe/Berlin", {"mon-fri": "09:00-17:00", "sat": "10:00-12:00"}
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HISTORIES)
def test_law_every_business_clock_agrees_on_a_calendar(hs: list[TicketHistory]) -> None:
    r, errors = zendesk_ticket_metrics(
        hs, [reference(h, _CALENDAR) for h in hs], calendar=_CALENDAR
    )
    assert errors == ()
    assert r.disagreements == (), r.disagreements


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HISTORIES, st.data())
def test_law_one_perturbed_minute_is_one_disagreement(
    hs: list[TicketHistory], data: st.DataObject
) -> None:
    records = [reference(h) for h in hs]
    places = [
        (i, field, clock)
        for i, rec in enumerate(records)
        for field, value in rec.items()
        if field != "ticket_id"
        for clock in ("calendar", "business")
        if value[clock] is not None
    ]
    assume(places)  # a ticket with no duration yet has nothing to perturb
    i, field, clock = data.draw(st.sampled_from(places))
    delta = data.draw(st.integers(min_value=1, max_value=10**6))
    value = records[i][field][clock] or 0
    # Up or down by at least one minute, never below 0.
    records[i][field] = {
        **records[i][field],
        clock: value - delta if value >= delta else value + delta,
    }
    r, errors = zendesk_ticket_metrics(hs, records)
    assert errors == ()
    (bad,) = r.disagreements
    assert (bad.ticket_id, bad.field, bad.clock) == (hs[i].id, field, clock)
    assert r.agreements == len(r.comparisons) - 1


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("reply_time_in_minutes", {}, "{}: expected an object of calendar and business minutes"),
        (
            "on_hold_time_in_minutes",
            {"Calendar": 42, "Business": 0},
            "expected an object of calendar and business minutes",
        ),
        ("reply_time_in_seconds", {"business": 5}, "expected an object of calendar seconds"),
        ("reply_time_in_seconds", 2520, "2520: expected an object of calendar seconds"),
    ],
)
def test_a_duration_object_without_its_clocks_is_the_records_error(
    field: str, value: Any, says: str
) -> None:
    # Such an object compared nothing and said nothing: a misspelt key hid every duration.
    hs = [history([AgentReply("r", at(42))])]
    record = {"ticket_id": 7, field: value}
    with pytest.raises(RecordError) as info:
        zendesk_ticket_metrics(hs, [record])
    assert info.value.path == f"metric_records[0].{field}"
    assert says in str(info.value)
    r, errors = zendesk_ticket_metrics(hs, [record], on_error="collect")
    assert [e.path for e in errors] == [f"metric_records[0].{field}"]
    assert r.comparisons == ()
    # One clock of the two is a record of that clock alone, as before.
    r, errors = zendesk_ticket_metrics(hs, [{"ticket_id": 7, field: {"calendar": 42 * 60}}])
    assert errors == ()
    assert len(r.comparisons) == 1


def _unplaced(r: DurationReconciliation) -> DurationReconciliation:
    # The path names the record's place among metric_records, which a page put before moves.
    return attrs.evolve(r, comparisons=tuple(attrs.evolve(c, path="") for c in r.comparisons))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HISTORIES, st.data())
def test_law_pages_without_records_change_nothing(
    hs: list[TicketHistory], data: st.DataObject
) -> None:
    records: list[Any] = [reference(h) for h in hs]
    base, _ = zendesk_ticket_metrics(hs, records)
    padded = list(records)
    for page in data.draw(st.lists(st.sampled_from(_EMPTY_PAGES), max_size=4)):
        padded.insert(data.draw(st.integers(0, len(padded))), page)
    got, errors = zendesk_ticket_metrics(hs, padded)
    assert errors == ()
    assert _unplaced(got) == _unplaced(base)
    assert [c.path.split("]", 1)[1] for c in got.comparisons] == [
        c.path.split("]", 1)[1] for c in base.comparisons
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HISTORIES, st.data())
def test_law_records_outside_the_histories_are_told_apart_from_bad_ones(
    hs: list[TicketHistory], data: st.DataObject
) -> None:
    # Each record is good, bad (a negative minute), or of a ticket outside the histories
    # (good or bad); the outcome's unknown are exactly the good ones outside, by structure.
    outside_ids = st.sampled_from(["999001", "x9", "names no ticket among the histories"])
    records: list[Any] = []
    expected: list[str] = []  # per error, in order: "unknown" or "bad"
    for _ in range(data.draw(st.integers(0, 6))):
        tid = data.draw(st.sampled_from([h.id for h in hs]) | outside_ids)
        bad = data.draw(st.booleans())
        value = -1 if bad else 5
        records.append({"ticket_id": tid, "on_hold_time_in_minutes": {"calendar": value}})
        known = tid in {h.id for h in hs}
        if bad or not known:
            expected.append("bad" if bad else "unknown")
    outcome = durations_outcome(hs, records, on_error="collect")
    direct, errors = zendesk_ticket_metrics(hs, records, on_error="collect")
    assert outcome.reconciliation == direct
    assert [str(e) for e in outcome.errors] == [str(e) for e in errors]
    said = {id(e): "unknown" for e in outcome.unknown} | {id(e): "bad" for e in outcome.bad}
    assert [said[id(e)] for e in outcome.errors] == expected
    assert len(outcome.unknown) + len(outcome.bad) == len(outcome.errors)


_PYTHON_WORDS = ("calendar=", "rounding=", "shared_replies=", "lost_facts")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _HISTORIES,
    st.lists(st.integers(-90, 90), min_size=1, max_size=12),
    st.sampled_from(["floor", "nearest"]),
)
def test_law_hints_change_only_the_end_of_a_reason(
    hs: list[TicketHistory], shifts: list[int], rounding: Any
) -> None:
    # The same comparisons in Python's words and the command's: the same kind of each reason,
    # the same numbers, and no Python argument named in the command's.
    records = [reference(h) for h in hs]
    n = 0
    for rec in records:
        for field, value in rec.items():
            if field == "ticket_id" or value is None:
                continue
            for clock in ("calendar", "business"):
                if value.get(clock) is not None:
                    value[clock] = max(0, value[clock] + shifts[n % len(shifts)])
                    n += 1
    python = durations_outcome(hs, records, rounding=rounding)
    cli = durations_outcome(hs, records, rounding=rounding, hints=CLI_HINTS)
    direct, _ = zendesk_ticket_metrics(hs, records, rounding=rounding)
    assert python.reconciliation == direct
    mine, theirs = python.reconciliation, cli.reconciliation
    assert mine.reasons() == theirs.reasons()
    for a, b in zip(mine.comparisons, theirs.comparisons, strict=True):
        assert attrs.evolve(a, reason=None) == attrs.evolve(b, reason=None)
        assert (a.reason is None) == (b.reason is None)
        if a.reason is not None and b.reason is not None:
            assert a.reason.split(":", 1)[0] == b.reason.split(":", 1)[0]
            assert not any(word in b.reason for word in _PYTHON_WORDS), b.reason


def test_each_python_hint_has_the_commands_words() -> None:
    h = history([AgentReply("a", at(10)), AgentReply("b", at(50))])
    rec = {"reply_time_in_minutes": {"calendar": 50, "business": 20}}
    python, cli = (
        durations_outcome([h], [{"ticket_id": 7, **rec}], hints=hints).reconciliation
        for hints in (PYTHON_HINTS, CLI_HINTS)
    )
    said = [c.reason or "" for c in python.disagreements]
    assert "pass shared_replies=" in said[0]
    assert "pass calendar= with the account's schedule" in said[1]
    told = [c.reason or "" for c in cli.disagreements]
    assert told[0].endswith("an automated reply the export did not mark?)")
    assert "give --policy" in told[1]
    rounded = one(history([AgentReply("a", at(10.5))]), {"reply_time_in_minutes": {"calendar": 11}})
    assert "try rounding='nearest'" in (reason(rounded, "reply_time_in_minutes") or "")
    cli_rounded = durations_outcome(
        [history([AgentReply("a", at(10.5))])],
        [{"ticket_id": 7, "reply_time_in_minutes": {"calendar": 11}}],
        hints=CLI_HINTS,
    ).reconciliation
    assert "the report makes ours whole by floor" in (
        reason(cli_rounded, "reply_time_in_minutes") or ""
    )
    with pytest.raises(InputTypeError, match="hints"):
        durations_outcome([], [], hints="cli")  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    vendor=st.floats(0, 1e9, allow_nan=False),
    ours=st.floats(0, 1e9, allow_nan=False),
    field=st.sampled_from(sorted(ZENDESK_DURATIONS)),
)
def test_a_comparison_shows_each_duration_to_two_decimals(
    vendor: float, ours: float, field: str
) -> None:
    # The text and the CSV notes (str of a comparison): 42.001 min is "42 min", never "42."
    # (a point with no digit after it), as the report's tables show it; every shown number
    # is within half a hundredth of the duration.
    c = DurationComparison("7", field, "calendar", vendor, ours, reason="durations differ")
    shown = str(c).split(": ", 1)[1].split(" -- ")[0]  # "vendor 42 min, ours 42.5 min"
    for (word, number, unit), x in zip(
        (part.split(" ") for part in shown.split(", ")), (vendor, ours), strict=True
    ):
        assert (word, unit) in {("vendor", c.unit), ("ours", c.unit)}
        assert not number.endswith(".")
        assert abs(float(number) - x) <= 0.005 + 1e-9 * x
    from servicemodel.report._ticket_metrics_tables import _number

    assert _number(vendor, c.unit) == f"{shown.split(' ')[1]} {c.unit}"


def test_a_duration_of_42_001_minutes_differs_as_42_in_the_text() -> None:
    h = TicketHistory(Ticket("7", T0), [AgentReply("r", at(42.001))])
    rec = {"ticket_id": 7, "reply_time_in_minutes": {"calendar": 30}}
    r, _ = zendesk_ticket_metrics([h], [rec])
    assert str(r.disagreements[0]) == (
        "ticket 7 reply_time_in_minutes (calendar): vendor 30 min, ours 42 min -- durations "
        "differ: vendor 30, ours 42"
    )
