"""servicemodel.reconcile against the shapes the vendors document, one test per defect found.

Zendesk: the "Ticket Metric Events" API reference
(https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metric_events/) and the
"Ticket metric event types reference"
(https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-metric-event-types-reference).
Jira Service Management: the SLA information of a request (``/rest/servicedeskapi/request/{key}/sla``)
and the same SLA objects in an issue's ``fields.customfield_NNNNN``.
"""  # noqa: E501

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.model import Ticket, TicketHistory
from servicemodel.reconcile import VendorVerdict, jsm_verdicts, reconcile, zendesk_verdicts
from servicemodel.sla import SLAPolicy, Target, evaluate_many

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
H = timedelta(hours=1)
# The sla object as the reference describes it: a target in minutes (and, in newer exports,
# in seconds), business or calendar hours, and the policy's id, title and description.
SLA = {"target": 60, "target_in_seconds": 3600, "business_hours": False,
       "policy": {"id": 25, "title": "Gold", "description": "for gold customers"}}  # fmt: skip


def ev(kind: str, minutes: float = 0, metric: str = "reply_time", **extra: Any) -> dict[str, Any]:
    """One metric event in the documented shape, ``minutes`` after T0."""
    at = (T0 + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")
    out = {"id": extra.pop("id", None), "ticket_id": 1, "metric": metric, "instance_id": 1,
           "type": kind, "time": at, "deleted": False}  # fmt: skip
    out.update(extra)
    return out


def only(events: list[dict[str, Any]]) -> VendorVerdict:
    verdicts, errors = zendesk_verdicts(events)
    assert errors == ()
    (v,) = verdicts
    return v


# -- Zendesk -------------------------------------------------------------------------------


def test_a_group_sla_is_a_verdict_on_a_clock_we_do_not_run() -> None:
    """``apply_group_sla`` carries ``group_sla`` (group_ownership_time); it was dropped."""
    events = [
        ev("activate", metric="group_ownership_time"),
        ev("apply_group_sla", metric="group_ownership_time",
           group_sla={"target": 1440, "business_hours": False,
                      "policy": {"id": "01H", "title": "Tier 2 OLA", "description": None}}),
        ev("breach", 1440, metric="group_ownership_time"),
    ]  # fmt: skip
    v = only(events)
    assert (v.metric, v.state, v.policy, v.target) == (
        "group_ownership_time", "breached", "Tier 2 OLA", timedelta(days=1),
    )  # fmt: skip
    (clock,) = reconcile([v], []).clocks
    assert (clock.vendor_state, clock.our_state, clock.reason) == (
        "breached", None, "we have no such metric",
    )  # fmt: skip


def test_a_breach_without_an_apply_sla_in_the_export_is_still_a_breach() -> None:
    """An incremental export from a start time can hold the breach but not the earlier
    ``apply_sla``; the breach (it carries no ``sla``) is evidence enough of an SLA."""
    v = only([ev("breach", 60), ev("fulfill", 90)])
    assert (v.state, v.breached_at, v.target, v.policy) == ("breached", T0 + H, None, None)


def test_every_deleted_event_is_ignored() -> None:
    """ "You can ignore any event where deleted is true" -- not only breaches."""
    events = [
        ev("apply_sla", sla=SLA),
        ev("apply_sla", 5, sla=dict(SLA, target=600, target_in_seconds=36000), deleted=True),
        ev("breach", 60, id=7),
        ev("fulfill", 30, deleted=True),
    ]
    v = only(events)
    assert (v.state, v.target, v.breached_at, v.fulfilled_at) == ("breached", H, T0 + H, None)


def test_a_breach_deleted_in_a_later_export_cancels_the_earlier_copy() -> None:
    """Two incremental runs read together: the same event id, first live, then deleted."""
    events = [
        ev("apply_sla", sla=SLA),
        ev("breach", 60, id=7),
        ev("breach", 60, id=7, deleted=True),
    ]
    v = only(events)
    assert (v.state, v.breached_at) == ("active", None)


def test_an_apply_sla_without_an_sla_removes_the_target() -> None:
    """``sla`` is the policy in force "if any": an apply_sla without one is no error. The
    verdict is kept with its history (a snapshot before the removal reads it), with no
    target now, and ``reconcile`` reads it as no vendor verdict."""
    v = only([ev("apply_sla", sla=SLA), ev("apply_sla", 10, sla=None)])
    assert (v.target, v.policy, v.target_since) == (None, None, None)
    assert v.applied == ((T0, H, False, "Gold"), (T0 + 10 * timedelta(minutes=1), None, None, None))
    assert reconcile([v], []).clocks == ()
    assert zendesk_verdicts([ev("apply_sla", sla=None)]) == ((), ())  # never an SLA: none


def test_measure_events_and_a_null_instance_id_are_read() -> None:
    """The reference's own example: ``measure`` events of instance 0; instance_id optional."""
    events = [
        ev("measure", metric="agent_work_time", instance_id=0),
        ev("activate", metric="agent_work_time", instance_id=None),
        ev("apply_sla", metric="agent_work_time", instance_id=None, sla=SLA),
    ]
    v = only(events)
    assert (v.metric, v.instance, v.state, v.started_at) == ("agent_work_time", 1, "active", T0)


def test_the_export_pages_are_read_and_a_repeated_event_counts_once() -> None:
    """A time-based export page (``ticket_metric_events``, ``next_page``, ``end_time``,
    ``count``); the next page starts at ``end_time``, so it can repeat the last event."""
    last = ev("fulfill", 40, id=3)
    page1 = {"ticket_metric_events": [ev("apply_sla", sla=SLA, id=1), ev("activate", id=2), last],
             "next_page": "https://x.zendesk.com/api/v2/incremental/ticket_metric_events?start_time=1772442000",
             "end_time": 1772442000, "count": 3}  # fmt: skip
    page2 = {"ticket_metric_events": [last], "next_page": None, "end_time": 1772442000, "count": 1}
    v = only([page1, page2])
    assert (v.state, v.fulfilled_at, v.target) == ("achieved", T0 + 40 * timedelta(minutes=1), H)
    _, errors = zendesk_verdicts([{"ticket_metric_events": "x"}], on_error="collect")
    assert [e.path for e in errors] == ["metric_events[0].ticket_metric_events"]


def _reopened() -> list[dict[str, Any]]:
    """requester_wait_time solved, reopened, paused (chronological, as Zendesk lists them)."""
    rw = "requester_wait_time"
    return [
        ev("activate", 0, metric=rw, id=10),
        ev("apply_sla", 0, metric=rw, sla=dict(SLA, business_hours=True), id=11),
        ev("fulfill", 30, metric=rw, id=12),
        ev("update_status", 30, metric=rw, status={"calendar": 30, "business": 20}, id=13),
        ev("activate", 120, metric=rw, id=14),  # reopened
        ev("pause", 150, metric=rw, id=15),  # pending
    ]


def test_a_reopened_and_paused_clock_is_active_and_paused() -> None:
    v = only(_reopened())
    assert (v.state, v.fulfilled_at, v.paused, v.business) == ("active", None, True, True)
    assert (v.elapsed, v.started_at) == (timedelta(minutes=20), T0)  # business minutes


#: One reply_time clock breached (the breach read twice, then deleted) and fulfilled at 70.
_REPLY = [
    ev("apply_sla", sla=SLA),
    ev("breach", 60, id=7),
    ev("update_status", 70, status={"calendar": 70}),
    ev("fulfill", 70),
    ev("breach", 60, id=7, deleted=True),
]


@given(st.permutations([*_reopened(), *_REPLY]))
def test_verdicts_do_not_depend_on_the_order_of_the_events(events: list[dict[str, Any]]) -> None:
    """The docstring's promise, "in any order": an activate read before the fulfil it follows,
    an update_status before its apply_sla, a deletion before the event it deletes."""
    verdicts, _ = zendesk_verdicts(events)
    got = {
        v.metric: (v.state, v.fulfilled_at, v.breached_at, v.elapsed, v.paused) for v in verdicts
    }
    assert got == {
        "reply_time": ("achieved", T0 + 70 * timedelta(minutes=1), None, 70 * timedelta(minutes=1),
                       None),
        "requester_wait_time": ("active", None, None, timedelta(minutes=20), True),
    }  # fmt: skip


def test_a_paused_zendesk_clock_explains_a_verdict() -> None:
    """Zendesk pauses agent_work_time while pending or on-hold; its pause was never read,
    so "different pause statuses" could not explain a Zendesk disagreement."""
    aw = "agent_work_time"
    v = only([ev("activate", metric=aw), ev("apply_sla", metric=aw, sla=SLA),
              ev("pause", 30, metric=aw)])  # fmt: skip
    policy = SLAPolicy("p", {"normal": [Target("agent_work", "1h", business=False)]})
    history = TicketHistory(Ticket("1", T0), [])
    (clock,) = reconcile([v], evaluate_many(policy, [history], at=T0 + 3 * H)).clocks
    assert clock.reason == (
        "verdict differs: vendor active, ours breached; vendor clock paused, ours running: "
        "the pause statuses differ"
    )


@pytest.mark.parametrize(
    "time", ["2026-03-02T10:00:00.000Z", "2026-03-02T11:00:00+01:00", "2026-03-02T10:00:00.5Z"]
)
def test_times_with_milliseconds_or_an_offset_are_instants(time: str) -> None:
    """Already fine: any ISO 8601 instant with an offset, compared in UTC."""
    v = only([ev("apply_sla", sla=SLA), dict(ev("breach"), time=time)])
    assert abs(v.breached_at - (T0 + H)) < timedelta(seconds=1)  # type: ignore[operator]


# -- Jira Service Management ---------------------------------------------------------------


def _when(at: datetime) -> dict[str, Any]:
    """A service-desk date object: iso8601, jira, friendly (display text), epochMillis."""
    local = at.astimezone(datetime.fromisoformat("2026-01-01T00:00:00+01:00").tzinfo)
    return {"iso8601": local.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "jira": local.strftime("%Y-%m-%dT%H:%M:%S.000%z"), "friendly": "Today 10:00",
            "epochMillis": int(at.timestamp() * 1000)}  # fmt: skip


def _millis(d: timedelta) -> dict[str, Any]:
    return {"millis": int(d.total_seconds() * 1000), "friendly": "…"}


def test_a_jsm_cycle_without_a_goal_gives_no_verdict() -> None:
    """A "No target" goal: no ``goalDuration`` (nor breachTime, remainingTime). JSM times the
    cycle but cannot breach it; it was read as achieved (or active) against no target."""
    no_goal = {"startTime": _when(T0), "stopTime": _when(T0 + H), "breached": False,
               "elapsedTime": _millis(H)}  # fmt: skip
    with_goal = dict(no_goal, goalDuration=_millis(4 * H), breachTime=_when(T0 + 4 * H),
                     remainingTime=_millis(3 * H))  # fmt: skip
    ongoing = {"startTime": _when(T0 + 5 * H), "breached": False, "paused": False,
               "withinCalendarHours": True, "elapsedTime": _millis(H)}  # fmt: skip
    field = {"id": "1", "name": "Time to resolution", "_links": {"self": "https://x/sla/1"},
             "completedCycles": [no_goal, with_goal], "ongoingCycle": ongoing,
             "slaDisplayFormat": "NEW_SLA_FORMAT"}  # fmt: skip
    issue = {"key": "SD-1", "fields": {"customfield_10030": field, "customfield_10031": None}}
    verdicts, errors = jsm_verdicts([issue])
    assert errors == ()
    (v,) = verdicts  # cycle 2 keeps its number: instance 2, our cycle 1
    assert (v.instance, v.our_cycle, v.state, v.target) == (2, 1, "achieved", 4 * H)
