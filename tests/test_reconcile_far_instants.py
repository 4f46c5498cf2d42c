"""A vendor instant centuries from ours (a placeholder due date such as 9999-12-31, written by a
helpdesk for "no due date") beside a clock of ours that counts business hours.

``reconcile`` counts our clock's time between the two instants to tell one deadline from two;
the calendar refuses a query across more than 200 years, and that ``CalendarError`` (naming
neither the ticket nor the field) refused the whole reconciliation and the report with it. Such
instants are a disagreement whatever the calendar counts: the reason names the gap.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from servicemodel.calendar import BusinessCalendar
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import VendorVerdict, freshdesk_verdicts, reconcile
from servicemodel.report import ReportOptions, build_report
from servicemodel.sla import SLAPolicy, Target, evaluate_many

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]}, calendar=OFFICE, pause=())
#: Ticket 7's first reply came at 14:00 UTC, after its due instant 10:00 UTC: breached.
HISTORY = TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + timedelta(hours=5))])
FAR = datetime(9998, 12, 30, tzinfo=UTC)


def _ours() -> list[object]:
    return list(evaluate_many(POLICY, [HISTORY], at=T0 + timedelta(days=1)))


def test_a_placeholder_freshdesk_due_time_disagrees_and_names_the_gap() -> None:
    rec = {"id": 7, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T15:00:00Z",
           "fr_due_by": "9998-12-30T00:00:00Z", "stats": {}}  # fmt: skip
    verdicts, _ = freshdesk_verdicts([[rec]])
    (clock,) = reconcile(verdicts, _ours()).clocks
    assert not clock.agrees
    assert clock.reason is not None
    assert "due instants differ by 2912015 days, 14:00:00 (vendor later)" in clock.reason
    assert "closed on our calendar" not in clock.reason  # not counted: centuries apart
    report = build_report(
        [HISTORY],
        ReportOptions(policies=POLICY, at=T0 + timedelta(days=1), vendor_verdicts=verdicts),
    )
    assert report.reconciliation is not None
    assert report.reconciliation.overall.compared == 1
    assert report.reconciliation.overall.agreed == 0


@pytest.mark.parametrize("when", [FAR, datetime(2300, 1, 1, tzinfo=UTC)])
def test_a_breach_instant_centuries_after_ours_disagrees(when: datetime) -> None:
    vendor = VendorVerdict("7", "reply_time", 1, "breached", breached_at=when)
    (clock,) = reconcile([vendor], _ours()).clocks
    gap = when - datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert clock.reason == f"breach instants differ by {gap} (tolerance 0:01:00)"


def test_an_instant_within_the_calendars_reach_is_still_counted() -> None:
    # Two years on, on a Saturday (outside our hours): counted on our calendar, the closed
    # part named as before.
    rec = {"id": 7, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T15:00:00Z",
           "fr_due_by": "2028-03-04T10:00:00Z", "stats": {}}  # fmt: skip
    verdicts, _ = freshdesk_verdicts([[rec]])
    (clock,) = reconcile(verdicts, _ours()).clocks
    assert clock.reason is not None
    assert "of it is closed on our calendar" in clock.reason


def test_a_vendor_due_instant_in_the_last_microsecond_of_the_range_is_compared() -> None:
    # Whether the vendor's instant lies outside our hours was asked of the calendar from a
    # microsecond before it to a microsecond after it: for 9998-12-30T23:59:59.999999Z that
    # is the range's end, and the OutOfRangeError ("b: 9998-12-31T00:00:00+00:00 is outside
    # the supported range") refused the whole reconciliation, naming neither ticket nor field.
    policy = SLAPolicy("p", {"normal": [Target("resolution", "8h")]}, calendar=OFFICE, pause=())
    start = datetime(9998, 12, 20, tzinfo=UTC)
    rec = {"id": 7, "created_at": "9998-12-20T00:00:00Z", "status": 2, "stats": {},
           "due_by": "9998-12-30T23:59:59.999999Z"}  # fmt: skip
    verdicts, _ = freshdesk_verdicts([[rec]])
    ours = list(evaluate_many(policy, [TicketHistory(Ticket("7", start), [])], at=start))
    (clock,) = reconcile(verdicts, ours).clocks
    assert not clock.agrees
    assert clock.reason is not None
    assert "due instants differ by 8 days, 15:59:59.999999 (vendor later)" in clock.reason
    # 00:59 in Berlin on Thursday 9998-12-31: outside our hours, so the closed time is named.
    assert "closed on our calendar" in clock.reason
