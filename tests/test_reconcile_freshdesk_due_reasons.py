"""Freshdesk due instants beside ours on a business calendar: each disagreement says why.

Found by reconciling a generated export of 2,000 tickets whose due times follow Freshdesk's
rules with the vendor stating a target that runs out at a close as that close: a ticket
resolved after the close, before the next opening, read ``verdict differs`` with no reason;
a reopened ticket's pause and the nights a moved due time spans were named as another
calendar's closed hours.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.io import freshdesk
from servicemodel.reconcile import ClockComparison, freshdesk_verdicts, reconcile
from servicemodel.sla import SLAPolicy, Target, evaluate_many

OFFICE = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
POLICY = SLAPolicy("office", {"normal": [Target("resolution", "8h")]}, calendar=OFFICE, pause=())
MON = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday, at the opening


def _z(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _resolution(rec: dict[str, Any], at: datetime) -> ClockComparison:
    verdicts, errors = freshdesk_verdicts([[rec]], read_at=at)
    assert errors == ()
    ours = evaluate_many(POLICY, freshdesk.histories([[rec]]), at=at)
    (clock,) = [c for c in reconcile(verdicts, ours).clocks if c.metric == "resolution"]
    return clock


def _ticket(due: datetime, **stats: datetime) -> dict[str, Any]:
    done = "resolved_at" in stats and "reopened_at" not in stats
    last = max([MON, *stats.values()])
    return {"id": 7, "created_at": _z(MON), "updated_at": _z(last), "status": 4 if done else 2,
            "priority": 2, "source": 1, "due_by": _z(due), "is_escalated": False,
            "stats": {k: _z(v) for k, v in stats.items()}}  # fmt: skip


def test_a_resolve_after_the_close_the_vendor_dates_the_deadline_at_says_why() -> None:
    # 8 business hours from Monday 09:00 run out at the 17:00 close: Freshdesk states 17:00,
    # ours is due at Tuesday's opening. Resolved Monday 19:00: late for the vendor, in time here.
    rec = _ticket(MON + timedelta(hours=8), resolved_at=MON + timedelta(hours=10))
    c = _resolution(rec, MON + timedelta(hours=11))
    assert (c.vendor_state, c.our_state) == ("breached", "achieved")
    assert c.reason == (
        "verdict differs: vendor breached, ours achieved; the due instants are one deadline of "
        "our clock: vendor 2026-03-02T17:00:00+00:00, ours 2026-03-03T09:00:00+00:00, none of "
        "our counted time between them (a target that runs out at a close is due at the next "
        "opening); the vendor counts the closed time after its due instant as late, we do not; "
        "ours stopped at 2026-03-02T19:00:00+00:00, between them"
    )


def test_a_fetch_after_the_close_the_vendor_dates_the_deadline_at_says_why() -> None:
    rec = _ticket(MON + timedelta(hours=8))
    c = _resolution(rec, MON + timedelta(hours=12))  # fetched Monday 21:00, still open
    assert (c.vendor_state, c.our_state) == ("breached", "active")
    assert c.reason is not None
    assert "; the ticket was fetched at 2026-03-02T21:00:00+00:00, between them" in c.reason


def test_a_reopen_is_our_pause_not_another_calendar() -> None:
    # Resolved Monday 12:00, reopened Tuesday 12:00: ours counts 3 h, pauses a day, then 5 h
    # to Tuesday's close, due Wednesday 09:00; the vendor's stays Monday 17:00.
    rec = _ticket(MON + timedelta(hours=8), resolved_at=MON + timedelta(hours=3),
                  reopened_at=MON + timedelta(hours=27))  # fmt: skip
    c = _resolution(rec, MON + timedelta(hours=28))
    assert c.reason is not None
    assert "due instants differ by 1 day, 16:00:00 (vendor earlier)" in c.reason
    assert "our clock was paused for 1 day, 0:00:00" in c.reason
    assert "closed on our calendar" not in c.reason


def test_an_earlier_due_inside_our_hours_with_no_pause_names_the_vendors_counting() -> None:
    # Created Monday 10:00, ours due Tuesday 10:00; the vendor's Tuesday 09:30, no night
    # between: another calendar's hours, or a shorter target.
    rec = _ticket(MON + timedelta(hours=24, minutes=30))
    rec["created_at"] = _z(MON + timedelta(hours=1))
    c = _resolution(rec, MON + timedelta(hours=2))
    assert c.reason is not None
    assert "ours was never paused and the vendor's is earlier: the vendor counts time" in c.reason
    assert "closed on our calendar" not in c.reason


@settings(max_examples=40, deadline=None)
@given(moved=st.integers(min_value=2, max_value=6 * 8 * 60))
def test_a_due_time_moved_later_by_business_time_is_never_another_calendar(moved: int) -> None:
    # The vendor's SLA timer paused for `moved` open minutes: its due instant is in our hours
    # (or at a close), however many nights and weekends the move spans.
    due = OFFICE.add(MON + timedelta(hours=8), timedelta(minutes=moved))
    if due.hour == 9 and due.minute == 0:
        due = OFFICE.previous_close(due)  # the vendor dates it at the close
    c = _resolution(_ticket(due), MON + timedelta(minutes=1))
    assert c.reason is not None
    assert "(vendor later)" in c.reason
    assert "ours was never paused: the vendor moves its due instant" in c.reason
    assert "closed on our calendar" not in c.reason
