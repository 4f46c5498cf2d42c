"""Freshdesk's due times and escalation flags beside our clocks (``freshdesk_verdicts``).

The fixtures in tests/data/freshdesk/sla/ are written by hand with the field names of the
Freshdesk API v2 ticket (https://developers.freshdesk.com/api/#tickets): ``fr_due_by``,
``fr_escalated``, ``due_by``, ``is_escalated``, ``nr_due_by``, ``nr_escalated`` and ``stats``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import NaiveDatetimeError, RecordError
from servicemodel.io import freshdesk
from servicemodel.model import AgentReply, CustomerMessage, StatusChange, Ticket, TicketHistory
from servicemodel.reconcile import (
    FRESHDESK_FIELDS,
    ClockComparison,
    VendorVerdict,
    freshdesk_verdicts,
    reconcile,
)
from servicemodel.sla import SLAPolicy, Target, evaluate_many

DATA = Path(__file__).resolve().parent / "data" / "freshdesk" / "sla"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
AT = datetime(2026, 3, 2, 16, tzinfo=UTC)
#: Calendar time, no pauses: Freshdesk's histories keep no earlier pause (see the reader).
POLICY = SLAPolicy(
    "standard",
    {
        "normal": [
            Target("first_reply", "1h", business=False),
            Target("resolution", "8h", business=False),
        ]
    },
    pause=(),
)
#: ``stats`` (``include=stats``) of a ticket neither answered nor resolved yet: without them a
#: ticket does not say whether its first response came.
UNANSWERED = {"first_responded_at": None, "resolved_at": None, "reopened_at": None}


def _page(name: str) -> list[dict[str, Any]]:
    page: list[dict[str, Any]] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return page


def _by_clock(clocks: tuple[ClockComparison, ...]) -> dict[tuple[str, str], ClockComparison]:
    return {(c.ticket_id, c.metric): c for c in clocks}


def _fixture_reconciliation() -> dict[tuple[str, str], ClockComparison]:
    page = _page("tickets.json")
    verdicts, errors = freshdesk_verdicts([page])
    assert errors == ()
    ours = evaluate_many(POLICY, freshdesk.histories([page]), at=AT)
    return _by_clock(reconcile(verdicts, ours).clocks)


# -- reading ---------------------------------------------------------------------------------


def test_fixture_verdicts_per_ticket_and_field() -> None:
    verdicts, errors = freshdesk_verdicts([_page("tickets.json")])
    assert errors == ()
    got = [(v.ticket_id, v.metric, v.our_metric, v.state) for v in verdicts]
    assert got == [
        ("201", "fr_due_by", "first_reply", "achieved"),
        ("201", "due_by", "resolution", "achieved"),
        ("202", "fr_due_by", "first_reply", "breached"),
        ("202", "due_by", "resolution", "active"),
        ("203", "fr_due_by", "first_reply", "achieved"),
        ("203", "due_by", "resolution", "active"),
    ]  # 204 states no due time: no verdict; nr_due_by null everywhere: none either
    late = verdicts[2]
    assert late.due_at == late.breached_at == datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert late.fulfilled_at == datetime(2026, 3, 2, 11, 15, tzinfo=UTC)
    assert all(v.source == "freshdesk" and v.our_cycle == 0 for v in verdicts)


def test_a_naive_due_time_is_an_error_naming_ticket_and_field() -> None:
    with pytest.raises(RecordError) as caught:
        freshdesk_verdicts([_page("tickets_broken.json")])
    message = str(caught.value)
    assert message.startswith("pages[0][0].fr_due_by: ticket 301: fr_due_by")
    assert "no offset" in message
    assert "tz=" in message


def test_collect_keeps_the_other_tickets_and_names_each_bad_field() -> None:
    verdicts, errors = freshdesk_verdicts([_page("tickets_broken.json")], on_error="collect")
    assert {v.ticket_id for v in verdicts} == {"304"}
    assert [e.path for e in errors] == [
        "pages[0][0].fr_due_by",
        "pages[0][1].fr_due_by",
        "pages[0][2].fr_escalated",
    ]
    assert "ticket 302: fr_due_by 'tomorrow morning': not an ISO 8601 timestamp" in str(errors[1])
    assert "ticket 303: fr_escalated 'no': expected true or false" in str(errors[2])


def test_a_due_time_outside_the_supported_range_is_said_so_not_unreadable() -> None:
    """A placeholder "no due date" (9999-12-31) is an ISO 8601 timestamp the library cannot
    hold: the error says that, naming the ticket, the field and the value."""
    page = [{"id": 9, "created_at": "2026-03-02T09:00:00Z", "due_by": "9999-12-31T23:59:59Z",
             "stats": UNANSWERED}]  # fmt: skip
    with pytest.raises(RecordError) as caught:
        freshdesk_verdicts([page])
    assert str(caught.value) == (
        "pages[0][0].due_by: ticket 9: due_by '9999-12-31T23:59:59Z': outside the supported "
        "range 0002-01-02..9998-12-31 UTC (exclusive end)"
    )


def test_tz_reads_a_naive_due_time_as_local() -> None:
    page = [{"id": 9, "created_at": "2026-03-02T09:00:00Z", "fr_due_by": "2026-03-02T11:00:00",
             "stats": UNANSWERED}]  # fmt: skip
    (v,), _ = freshdesk_verdicts([page], tz="Europe/Berlin")
    assert v.due_at is not None
    assert v.due_at.astimezone(UTC) == datetime(2026, 3, 2, 10, tzinfo=UTC)


def test_other_records_and_skipped_tickets_are_passed_over() -> None:
    ticket = {"id": 5, "created_at": "2026-03-02T09:00:00Z", "fr_due_by": "2026-03-02T10:00:00Z",
              "stats": UNANSWERED}  # fmt: skip
    conversation = {"id": 1, "ticket_id": 5, "body_text": "hi", "incoming": True}
    spam = dict(ticket, id=6, spam=True)
    by_ticket = {"5": [conversation]}
    verdicts, errors = freshdesk_verdicts([[ticket, conversation, spam], by_ticket])
    assert [(v.ticket_id, v.metric) for v in verdicts] == [("5", "fr_due_by")]
    assert errors == ()


def test_a_ticket_given_twice_is_read_from_its_latest_record() -> None:
    old = {"id": 5, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T09:10:00Z",
           "due_by": "2026-03-02T17:00:00Z", "stats": UNANSWERED}  # fmt: skip
    new = dict(old, updated_at="2026-03-02T12:00:00Z", due_by="2026-03-02T19:00:00Z")
    for pages in ([[old, new]], [[new], [old]]):
        (v,), _ = freshdesk_verdicts(pages)
        assert v.due_at == datetime(2026, 3, 2, 19, tzinfo=UTC)


def test_a_due_time_passed_when_fetched_is_a_breach_with_a_note() -> None:
    page = [{"id": 5, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T09:05:00Z",
             "fr_due_by": "2026-03-02T10:00:00Z", "fr_escalated": False,
             "stats": UNANSWERED}]  # fmt: skip
    (active,), _ = freshdesk_verdicts([page])
    (late,), _ = freshdesk_verdicts([page], read_at=datetime(2026, 3, 2, 11, tzinfo=UTC))
    assert active.state == "active"
    assert active.breached_at is None
    assert late.state == "breached"
    assert late.breached_at == datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert "fr_escalated not set" in late.notes[0]


def test_an_escalation_flag_against_the_due_time_is_kept_with_a_note() -> None:
    stats = {"first_responded_at": "2026-03-02T11:00:00Z"}
    page = [{"id": 5, "created_at": "2026-03-02T09:00:00Z", "fr_due_by": "2026-03-02T12:00:00Z",
             "fr_escalated": True, "stats": stats}]  # fmt: skip
    (v,), _ = freshdesk_verdicts([page])
    assert v.state == "breached"
    assert v.breached_at is None
    assert v.notes[0].startswith("fr_escalated is true though the clock stopped at")


def test_a_reopened_ticket_runs_its_resolution_clock_again() -> None:
    page = [{"id": 5, "created_at": "2026-03-02T09:00:00Z", "due_by": "2026-03-02T17:00:00Z",
             "stats": {"resolved_at": "2026-03-02T10:00:00Z",
                       "reopened_at": "2026-03-02T11:00:00Z"}}]  # fmt: skip
    (v,), _ = freshdesk_verdicts([page])
    assert v.fulfilled_at is None
    assert v.state == "active"


def test_a_ticket_without_stats_is_no_breach_because_its_due_time_passed() -> None:
    """Without ``stats`` a ticket does not say whether it was answered or resolved in time: a
    due time passed when it was fetched decides nothing (it was a breach on both clocks of
    every resolved ticket fetched without ``include=stats``)."""
    resolved = {"id": 5, "status": 4, "created_at": "2026-03-02T09:00:00Z",
                "updated_at": "2026-03-05T11:00:00Z", "fr_due_by": "2026-03-02T10:00:00Z",
                "fr_escalated": False, "due_by": "2026-03-03T09:00:00Z",
                "is_escalated": False}  # fmt: skip
    assert freshdesk_verdicts([[resolved]]) == ((), ())
    # Resolved by an update at or before due_by: resolved in time, when not said.
    early = dict(resolved, id=6, updated_at="2026-03-03T09:00:00Z")
    (v,), _ = freshdesk_verdicts([[early]])
    assert (v.our_metric, v.state, v.fulfilled_at, v.breached_at) == (
        "resolution",
        "achieved",
        None,
        None,
    )
    assert "the ticket carries no stats" in v.notes[0]
    # Open (status 2): not resolved, its resolution clock runs and breaches once due_by passed.
    running = dict(resolved, id=7, status=2)
    (v,), _ = freshdesk_verdicts([[running]])
    assert (v.our_metric, v.state, v.breached_at) == (
        "resolution",
        "breached",
        datetime(2026, 3, 3, 9, tzinfo=UTC),
    )
    # fr_escalated set: the vendor's own word on the first response.
    flagged = dict(resolved, id=8, fr_escalated=True)
    (v,), _ = freshdesk_verdicts([[flagged]])
    assert (v.our_metric, v.state, v.breached_at) == (
        "first_reply",
        "breached",
        datetime(2026, 3, 2, 10, tzinfo=UTC),
    )


@settings(max_examples=40, deadline=None)
@given(status=st.sampled_from([None, 2, 3, 4, 5, 6]),
       fetched=st.integers(min_value=0, max_value=96 * 60))  # fmt: skip
def test_without_stats_or_flags_no_verdict_is_a_breach_unless_the_status_says_running(
    status: int | None, fetched: int
) -> None:
    """A ticket without ``stats`` nor a flag set is breached only on a resolution its status
    says is still running (2 Open, 3 Pending, a custom status), never on its first response."""
    z = "%Y-%m-%dT%H:%M:%SZ"
    record = {"id": 5, "created_at": "2026-03-02T09:00:00Z", "fr_due_by": "2026-03-02T10:00:00Z",
              "due_by": "2026-03-02T17:00:00Z", "fr_escalated": False, "is_escalated": False,
              "updated_at": (T0 + timedelta(minutes=fetched)).strftime(z)}  # fmt: skip
    if status is not None:
        record["status"] = status
    verdicts, errors = freshdesk_verdicts([[record]])
    assert errors == ()
    breached = {v.our_metric for v in verdicts if v.state == "breached"}
    running = status is not None and status not in (4, 5)
    assert breached <= ({"resolution"} if running else set())
    assert "first_reply" not in {v.our_metric for v in verdicts}


def test_is_escalated_alone_does_not_breach_the_resolution() -> None:
    """Freshdesk sets ``is_escalated`` when the ticket "has been escalated for any reason": a
    late first response sets it too, and the resolution made in time stays achieved."""
    stats = {"first_responded_at": "2026-03-02T11:00:00Z", "resolved_at": "2026-03-02T15:00:00Z"}
    page = [{"id": 5, "created_at": "2026-03-02T09:00:00Z", "fr_due_by": "2026-03-02T10:00:00Z",
             "fr_escalated": True, "due_by": "2026-03-02T17:00:00Z", "is_escalated": True,
             "stats": stats}]  # fmt: skip
    first, resolution = freshdesk_verdicts([page])[0]
    assert (first.our_metric, first.state) == ("first_reply", "breached")
    assert (resolution.our_metric, resolution.state) == ("resolution", "achieved")
    assert resolution.breached_at is None
    assert "escalated for any reason" in resolution.notes[0]
    # Past due_by, the resolution is breached by its due time, the flag or not.
    late = [dict(page[0], stats=dict(stats, resolved_at="2026-03-02T18:00:00Z"))]
    (_, resolution), _ = freshdesk_verdicts([late])
    assert (resolution.state, resolution.breached_at, resolution.notes) == (
        "breached",
        datetime(2026, 3, 2, 17, tzinfo=UTC),
        (),
    )


def test_a_ticket_closed_without_a_resolution_stamp_stopped_at_its_close() -> None:
    """``stats.closed_at`` stops the resolution clock of a ticket with no ``resolved_at``, as
    the reader's history solves it there; it was running, and breached once due_by passed."""
    stats = {"first_responded_at": None, "resolved_at": None, "closed_at": "2026-03-02T15:00:00Z"}
    page = [{"id": 5, "status": 5, "created_at": "2026-03-02T09:00:00Z",
             "updated_at": "2026-03-02T18:00:00Z", "due_by": "2026-03-02T17:00:00Z",
             "stats": stats}]  # fmt: skip
    (v,), _ = freshdesk_verdicts([page])
    assert (v.state, v.fulfilled_at, v.breached_at) == (
        "achieved",
        datetime(2026, 3, 2, 15, tzinfo=UTC),
        None,
    )
    (h,) = freshdesk.histories([page])
    assert h.solved_at() == v.fulfilled_at
    resolved = [dict(page[0], status=4)]  # Resolved: the history reads closed_at there too
    (v,), _ = freshdesk_verdicts([resolved])
    assert v.fulfilled_at == datetime(2026, 3, 2, 15, tzinfo=UTC)
    # Reopened after that close: running again.
    again = [dict(page[0], status=2, stats=dict(stats, reopened_at="2026-03-02T16:00:00Z"))]
    (v,), _ = freshdesk_verdicts([again])
    assert (v.state, v.fulfilled_at) == ("breached", None)
    # An open ticket's closed_at is read by neither the history nor here: no error from it.
    stale = [dict(page[0], status=2, stats=dict(stats, closed_at="not a time"))]
    (v,), errors = freshdesk_verdicts([stale])
    assert (v.state, errors) == ("breached", ())
    assert [h.id for h in freshdesk.histories([stale])] == ["5"]


@settings(max_examples=40, deadline=None)
@given(
    read=st.integers(min_value=0, max_value=4 * 60),
    updated=st.integers(min_value=0, max_value=4 * 60),
)
def test_a_running_clock_is_judged_at_the_later_of_read_at_and_updated_at(
    read: int, updated: int
) -> None:
    """No record is fetched before its last update: a ``read_at`` earlier than the ticket's
    ``updated_at`` (one --vendor-read-at for several fetches) dates it no earlier than that."""
    z = "%Y-%m-%dT%H:%M:%SZ"
    page = [{"id": 5, "created_at": "2026-03-02T09:00:00Z", "fr_due_by": "2026-03-02T10:00:00Z",
             "updated_at": (T0 + timedelta(minutes=updated)).strftime(z),
             "stats": UNANSWERED}]  # fmt: skip
    (v,), _ = freshdesk_verdicts([page], read_at=T0 + timedelta(minutes=read))
    fetched = max(read, updated)
    assert v.state == ("breached" if fetched > 60 else "active")


def test_read_at_must_be_aware() -> None:
    with pytest.raises(NaiveDatetimeError, match="read_at"):
        freshdesk_verdicts([], read_at=datetime(2026, 3, 2, 11))


def test_the_fields_table_names_each_due_field_its_flag_and_our_metric() -> None:
    assert {k: (f, m.value) for k, (f, m) in FRESHDESK_FIELDS.items()} == {
        "fr_due_by": ("fr_escalated", "first_reply"),
        "due_by": ("is_escalated", "resolution"),
        "nr_due_by": ("nr_escalated", "next_reply"),
    }


# -- beside ours -----------------------------------------------------------------------------


def test_the_agreeing_and_the_late_ticket_agree_with_ours() -> None:
    clocks = _fixture_reconciliation()
    for key in [("201", "first_reply"), ("201", "resolution"), ("202", "first_reply"),
                ("202", "resolution"), ("203", "first_reply")]:  # fmt: skip
        assert clocks[key].agrees, clocks[key]
    assert clocks[("202", "first_reply")].vendor_state == "breached"
    assert clocks[("202", "first_reply")].our_state == "breached"


def test_a_paused_ticket_whose_due_by_moved_is_explained() -> None:
    c = _fixture_reconciliation()[("203", "resolution")]
    assert (c.vendor_state, c.our_state) == ("active", "active")
    assert c.reason is not None
    assert c.reason.startswith(
        "due instants differ by 2:00:00 (vendor later): vendor 2026-03-02T19:00:00+00:00, ours "
        "2026-03-02T17:00:00+00:00"
    )
    assert "ours was never paused" in c.reason


def test_a_ticket_without_due_fields_is_ours_only() -> None:
    clocks = _fixture_reconciliation()
    assert clocks[("204", "first_reply")].reason == "vendor has no clock for it"
    assert clocks[("204", "first_reply")].vendor_state is None


def test_a_different_calendar_is_named_with_the_closed_hours() -> None:
    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    policy = SLAPolicy("office", {"normal": [Target("resolution", "8h")]}, calendar=office,
                       pause=())  # fmt: skip
    created = datetime(2026, 3, 2, 13, tzinfo=UTC)  # Monday 13:00: ours due Tuesday 13:00
    h = TicketHistory(Ticket("7", created), [])
    vendor = VendorVerdict("7", "due_by", 1, "active", source="freshdesk", our_metric="resolution",
                           our_cycle=0, due_at=created + timedelta(hours=8))  # fmt: skip
    (c,) = reconcile([vendor], evaluate_many(policy, [h], at=created + timedelta(hours=1))).clocks
    assert c.reason is not None
    assert c.reason.startswith("due instants differ by 16:00:00 (vendor earlier)")
    assert "12:00:00 of it is closed on our calendar" in c.reason
    assert "8:00:00 of calendar time after the start: it counts calendar hours" in c.reason


def test_due_instants_one_instant_of_our_clock_apart_agree() -> None:
    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    policy = SLAPolicy("office", {"normal": [Target("resolution", "8h")]}, calendar=office,
                       pause=())  # fmt: skip
    h = TicketHistory(Ticket("7", T0), [])  # Monday 09:00: due at Monday's close = Tuesday 09:00
    close = datetime(2026, 3, 2, 17, tzinfo=UTC)
    vendor = VendorVerdict("7", "due_by", 1, "active", source="freshdesk", our_metric="resolution",
                           our_cycle=0, due_at=close)  # fmt: skip
    (c,) = reconcile([vendor], evaluate_many(policy, [h], at=T0)).clocks
    assert c.agrees, c


def test_our_pause_is_named_beside_the_vendors_export_time_due() -> None:
    policy = SLAPolicy("p", {"normal": [Target("resolution", "8h", business=False)]})
    events = [StatusChange("s1", T0 + timedelta(hours=1), status="pending"),
              StatusChange("s2", T0 + timedelta(hours=3), status="open")]  # fmt: skip
    h = TicketHistory(Ticket("7", T0), events)
    vendor = VendorVerdict("7", "due_by", 1, "active", source="freshdesk", our_metric="resolution",
                           our_cycle=0, due_at=T0 + timedelta(hours=8))  # fmt: skip
    (c,) = reconcile([vendor], evaluate_many(policy, [h], at=T0 + timedelta(hours=4))).clocks
    assert c.reason is not None
    assert c.reason.startswith("due instants differ by 2:00:00 (vendor earlier)")
    assert "our clock was paused for 2:00:00 before its due instant" in c.reason


def test_a_ticket_no_policy_of_ours_matches_is_said_so() -> None:
    page = [{"id": 5, "created_at": "2026-03-02T09:00:00Z", "fr_due_by": "2026-03-02T10:00:00Z",
             "due_by": "2026-03-02T17:00:00Z", "stats": UNANSWERED}]  # fmt: skip
    verdicts, _ = freshdesk_verdicts([page])
    first_only = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    h = TicketHistory(Ticket("5", T0), [])
    clocks = _by_clock(reconcile(verdicts, evaluate_many(first_only, [h], at=AT)).clocks)
    assert clocks[("5", "resolution")].reason == (
        "we have no clock for it: our policy for the ticket sets no resolution target"
    )
    none = _by_clock(reconcile(verdicts, []).clocks)
    assert none[("5", "first_reply")].reason == (
        "we have no clock for it: we measured no clock of the ticket (no policy of ours "
        "applies to it, or its history cannot run our policy's clocks)"
    )


def test_a_next_response_due_with_no_next_reply_clock_of_ours_names_both_causes() -> None:
    """Our policy sets a next_reply target, but no customer message followed the reply: our
    clock has not started, and the reason must not say the policy sets no target."""
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False),
                                        Target("next_reply", "1h", business=False)]},
                       pause=())  # fmt: skip
    h = TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + timedelta(minutes=10))])
    page = [{"id": 7, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T12:00:00Z",
             "nr_due_by": "2026-03-02T13:00:00Z",
             "stats": {"first_responded_at": "2026-03-02T09:10:00Z"}}]  # fmt: skip
    verdicts, _ = freshdesk_verdicts([page])
    clocks = _by_clock(reconcile(verdicts, evaluate_many(policy, [h], at=AT)).clocks)
    assert clocks[("7", "next_reply")].reason == (
        "we have no clock for it: our policy for the ticket sets no next_reply target, or our "
        "next_reply clock has not started (the event that starts it is not in the ticket's "
        "history)"
    )


def test_the_next_response_due_is_our_latest_next_reply_cycle() -> None:
    policy = SLAPolicy("p", {"normal": [Target("next_reply", "1h", business=False)]}, pause=())
    events = [
        AgentReply("r1", T0 + timedelta(minutes=10)),
        CustomerMessage("m1", T0 + timedelta(hours=1)),
        AgentReply("r2", T0 + timedelta(hours=1, minutes=30)),
        CustomerMessage("m2", T0 + timedelta(hours=3)),
    ]
    h = TicketHistory(Ticket("7", T0), [CustomerMessage("d", T0), *events])
    page = [{"id": 7, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T12:00:00Z",
             "nr_due_by": "2026-03-02T13:00:00Z", "nr_escalated": False}]  # fmt: skip
    verdicts, _ = freshdesk_verdicts([page])
    clocks = reconcile(verdicts, evaluate_many(policy, [h], at=T0 + timedelta(hours=3, minutes=5)))
    got = [(c.cycle, c.vendor_state, c.our_state, c.reason) for c in clocks.clocks]
    assert got == [
        (0, None, "achieved", "vendor has no clock for it"),
        (1, "active", "active", None),
    ]


# -- the law ---------------------------------------------------------------------------------

_TARGETS = st.integers(min_value=1, max_value=72 * 60).map(lambda m: timedelta(minutes=m))
_STARTS = st.integers(min_value=0, max_value=14 * 24 * 60).map(lambda m: T0 + timedelta(minutes=m))
_SHIFTS = st.integers(min_value=2, max_value=48 * 60).map(lambda m: timedelta(minutes=m))


def _record(tid: str, created: datetime, due: datetime) -> dict[str, Any]:
    z = "%Y-%m-%dT%H:%M:%SZ"
    return {"id": tid, "created_at": created.strftime(z), "updated_at": created.strftime(z),
            "priority": 2, "status": 2, "source": 1, "due_by": due.strftime(z)}  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(target=_TARGETS, start=_STARTS, shift=_SHIFTS, later=st.booleans(),
       business=st.booleans())  # fmt: skip
def test_a_consistent_vendor_due_agrees_and_a_shifted_one_names_the_shift(
    target: timedelta, start: datetime, shift: timedelta, later: bool, business: bool
) -> None:
    """Our due instant for a ticket, stated by the vendor, agrees; moved by d (over the
    tolerance of one minute), the disagreement names |d| and its side -- on a 24/7 clock, where
    every minute counts, and on business hours, where d is counted open time."""
    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    calendar = office if business else BusinessCalendar.always()
    policy = SLAPolicy("p", {"normal": [Target("resolution", target, business=business)]},
                       calendar=calendar, pause=())  # fmt: skip
    h = TicketHistory(Ticket("7", start), [])
    (m,) = evaluate_many(policy, [h], at=start)
    assert m.due_at is not None
    ours = m.due_at
    (v,), _ = freshdesk_verdicts([[_record("7", start, ours)]])
    (c,) = reconcile([v], [m]).clocks
    assert c.agrees, c
    # Shifted by d of open time on our calendar (the same as wall time on a 24/7 clock).
    moved = calendar.add(ours, shift) if later else calendar.sub(ours, shift)
    if moved is None or (not later and moved <= start):
        return
    (v2,), _ = freshdesk_verdicts([[_record("7", start, moved)]])
    (c2,) = reconcile([v2], [m]).clocks
    gap = abs(moved - ours)
    assert c2.reason is not None
    assert c2.reason.startswith(
        f"due instants differ by {gap} (vendor {'later' if later else 'earlier'})"
    ), c2.reason
    if not business:
        assert gap == shift


# -- in the report -----------------------------------------------------------------------------

CALENDAR_POLICY = '[[policies]]\nname = "calendar"\npause = []\n[policies.targets]\n' + "".join(
    f'{p} = [{{ metric = "first_reply", within = "1h", time = "calendar" }}, '
    f'{{ metric = "resolution", within = "8h", time = "calendar" }}]\n'
    for p in ("low", "normal", "high", "urgent")
)


def _report(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    from servicemodel.cli import main

    policy = tmp_path / "calendar.toml"
    policy.write_text(CALENDAR_POLICY, encoding="utf-8")
    code = main(["report", "--source", "freshdesk", *(str(a) for a in args), "--policy",
                 str(policy), "--at", "2026-03-02T16:00:00Z"])  # fmt: skip
    out, err = capsys.readouterr()
    return code, out, err


def test_the_report_reads_the_exports_own_due_times(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _report(tmp_path, capsys, DATA / "tickets.json")
    assert code == 0, err
    assert "SLA verdicts from Freshdesk beside ours" in out
    assert "6 clocks compared, 5 agree, 1 disagree; 2 only ours, 0 only the vendor's" in out
    assert "ticket 203 resolution#0: vendor active, ours active -- due instants differ by " in out
    assert "the breach instants (due instants, where the vendor states them)" in out


def test_a_later_fetch_given_with_vendor_sla_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    later = [t for t in _page("tickets.json") if t["id"] == 203]
    later[0].update(updated_at="2026-03-02T15:00:00Z", due_by="2026-03-02T17:00:00Z")
    fetched = tmp_path / "fetched_later.json"
    fetched.write_text(json.dumps(later), encoding="utf-8")
    code, out, err = _report(tmp_path, capsys, DATA / "tickets.json", "--vendor-sla", fetched)
    assert code == 0, err
    assert "6 clocks compared, 6 agree, 0 disagree" in out


def test_a_broken_due_time_names_its_file_and_is_set_aside_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = DATA / "tickets_broken.json"
    code, _, err = _report(tmp_path, capsys, broken)
    assert code != 0
    assert f"{broken}" in err
    assert "ticket 301: fr_due_by '2026-03-02T10:00:00': no offset" in err
    code, out, err = _report(tmp_path, capsys, broken, "--skip-bad-records")
    assert code == 0, err
    assert "3 bad vendor SLA record(s) set aside" in err
    assert "SLA verdicts from Freshdesk beside ours" in out


def test_vendor_read_at_dates_the_fetch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ticket: dict[str, Any] = {"id": 5, "status": 2, "priority": 2, "source": 1}
    ticket.update(created_at="2026-03-02T09:00:00Z", updated_at="2026-03-02T09:05:00Z",
                  fr_due_by="2026-03-02T10:00:00Z", stats=UNANSWERED)  # fmt: skip
    page = [ticket]
    export = tmp_path / "tickets.json"
    export.write_text(json.dumps(page), encoding="utf-8")
    code, out, err = _report(tmp_path, capsys, export, "--vendor-read-at", "2026-03-02T12:00:00Z")
    assert code == 0, err
    assert "first_reply             1      1        0" in out  # breached on both sides


def test_a_vendor_file_of_another_kind_says_where_it_goes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = Path(__file__).parent / "data" / "zendesk" / "metric_events.json"
    code, _, err = _report(tmp_path, capsys, DATA / "tickets.json", "--vendor-sla", events)
    assert code != 0
    assert "holds Zendesk ticket metric events, not Freshdesk tickets" in err
    assert "give it to --vendor-sla with --source zendesk" in err


def test_a_policy_that_pauses_leaves_the_tickets_out_and_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A Freshdesk export keeps no earlier pause: under a policy that pauses on pending, the
    report leaves its tickets out of the SLA section, and the vendor's clocks are its alone."""
    from servicemodel.cli import main

    standard = Path(__file__).parents[1] / "examples" / "policies" / "standard.toml"
    code = main(["report", "--source", "freshdesk", str(DATA / "tickets.json"), "--policy",
                 str(standard), "--at", "2026-03-02T16:00:00Z"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "0 clocks compared, 0 agree, 0 disagree; 0 only ours, 6 only the vendor's" in out
    assert "we measured no clock of the ticket (no policy of ours applies to it, or its" in out
