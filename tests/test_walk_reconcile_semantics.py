"""Vendor SLA verdicts reconciled against the vendors' documented semantics, worked out by hand.

Each history below is small enough to reconcile on paper from what the vendors document:
Zendesk's "Ticket Metric Events" API and its event types reference (``activate``, ``pause``,
``fulfill``, ``apply_sla``, ``apply_group_sla``, ``breach`` -- recorded ahead, at the instant a
target will run out, and marked ``deleted`` or voided by a fulfilment before it --,
``update_status``), Jira Service Management's SLA resource (``completedCycles`` and
``ongoingCycle`` with ``breachTime``, ``goalDuration``, ``elapsedTime``, ``paused``,
``withinCalendarHours``) and Freshdesk's ticket fields (``fr_due_by``, ``due_by``,
``fr_escalated``, ``is_escalated``, ``stats``). Every figure the library gives is checked: each
clock's verdicts and breach instants on both sides, the counts, and the cause each
disagreement names. Then hostile input to each public function, and the laws as properties.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    PriorityChange,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.reconcile import (
    Reconciliation,
    VendorVerdict,
    freshdesk_verdicts,
    jsm_verdicts,
    reconcile,
    zendesk_verdicts,
)
from servicemodel.sla import Measurement, SLAPolicy, Target, evaluate_many

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
H = timedelta(hours=1)
MIN = timedelta(minutes=1)


def _z(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _ev(
    eid: int, metric: str, kind: str, at: datetime, instance: int = 1, **extra: Any
) -> dict[str, Any]:
    return {"id": eid, "ticket_id": 7, "metric": metric, "instance_id": instance, "type": kind,
            "time": _z(at), **extra}  # fmt: skip


def _sla(minutes: int, *, business: bool = False, title: str = "Gold") -> dict[str, Any]:
    return {"target": minutes, "business_hours": business, "policy": {"title": title}}


def _measured(policy: SLAPolicy, history: TicketHistory, at: datetime) -> list[Measurement]:
    return list(evaluate_many(policy, [history], at=at))


def _calendar_policy(*targets: tuple[str, str], **kw: Any) -> SLAPolicy:
    return SLAPolicy("Gold", {"normal": [Target(m, w, business=False) for m, w in targets]}, **kw)


# -- Zendesk, worked out by hand ------------------------------------------------------------


def test_reply_time_instances_are_the_first_reply_and_each_next_reply() -> None:
    # Instance 1: first reply at 09:30 inside 1 h (its breach event, recorded ahead at 10:00,
    # is voided by the fulfilment before it). Instance 2: the customer wrote at 11:00, the
    # reply came at 12:30, breached at 12:00. Instance 3: asked 13:00, answered 13:10.
    evs = [
        _ev(1, "reply_time", "activate", T0),
        _ev(2, "reply_time", "apply_sla", T0, sla=_sla(60)),
        _ev(3, "reply_time", "breach", T0 + H),
        _ev(4, "reply_time", "fulfill", T0 + 30 * MIN),
        _ev(5, "reply_time", "activate", T0 + 2 * H, 2),
        _ev(6, "reply_time", "apply_sla", T0 + 2 * H, 2, sla=_sla(60)),
        _ev(7, "reply_time", "breach", T0 + 3 * H, 2),
        _ev(8, "reply_time", "fulfill", T0 + 3 * H + 30 * MIN, 2),
        _ev(9, "reply_time", "activate", T0 + 4 * H, 3),
        _ev(10, "reply_time", "apply_sla", T0 + 4 * H, 3, sla=_sla(60)),
        _ev(11, "reply_time", "breach", T0 + 5 * H, 3),
        _ev(12, "reply_time", "fulfill", T0 + 4 * H + 10 * MIN, 3),
    ]
    verdicts, errors = zendesk_verdicts(evs)
    assert errors == ()
    assert [(v.instance, v.state, v.breached_at) for v in verdicts] == [
        (1, "achieved", None),
        (2, "breached", T0 + 3 * H),
        (3, "achieved", None),
    ]
    history = TicketHistory(Ticket("7", T0), [
        AgentReply("r1", T0 + 30 * MIN), CustomerMessage("c1", T0 + 2 * H),
        AgentReply("r2", T0 + 3 * H + 30 * MIN), CustomerMessage("c2", T0 + 4 * H),
        AgentReply("r3", T0 + 4 * H + 10 * MIN)])  # fmt: skip
    policy = _calendar_policy(("first_reply", "1h"), ("next_reply", "1h"))
    r = reconcile(verdicts, _measured(policy, history, T0 + 6 * H))
    assert [(c.metric, c.cycle, c.vendor_instance, c.vendor_state, c.our_state,
             c.vendor_breached_at, c.our_breached_at, c.reason) for c in r.clocks] == [
        ("first_reply", 0, 1, "achieved", "achieved", None, None, None),
        ("next_reply", 0, 2, "breached", "breached", T0 + 3 * H, T0 + 3 * H, None),
        ("next_reply", 1, 3, "achieved", "achieved", None, None, None),
    ]  # fmt: skip
    assert r.agreements == 3


def test_a_policy_change_mid_ticket_is_the_target_in_force_at_the_breach() -> None:
    # 8 h applied at 09:00; the priority went urgent at 10:00 and 2 h applied then: breached at
    # 11:00 on both sides when ours changes priority at 10:00 too.
    evs = [
        _ev(1, "resolution_time", "activate", T0),
        _ev(2, "resolution_time", "apply_sla", T0, sla=_sla(480)),
        _ev(3, "resolution_time", "apply_sla", T0 + H, sla=_sla(120, title="Urgent")),
        _ev(4, "resolution_time", "breach", T0 + 2 * H),
    ]
    (v,), _ = zendesk_verdicts(evs)
    assert (v.state, v.target, v.target_since, v.policy) == ("breached", 2 * H, T0 + H, "Urgent")
    assert [a[1] for a in v.applied] == [8 * H, 2 * H]
    policy = SLAPolicy("Gold", {"normal": [Target("resolution", "8h", business=False)],
                                "urgent": [Target("resolution", "2h", business=False)]})  # fmt: skip  # noqa: E501
    changed = TicketHistory(Ticket("7", T0), [PriorityChange("p", T0 + H, priority="urgent")])
    assert reconcile([v], _measured(policy, changed, T0 + 3 * H)).agreements == 1
    # Ours never changed priority: our 8 h clock is still running at 12:00.
    (c,) = reconcile([v], _measured(policy, TicketHistory(Ticket("7", T0), []), T0 + 3 * H)).clocks
    assert (c.vendor_state, c.our_state) == ("breached", "active")
    assert c.reason == (
        "verdict differs: vendor breached, ours active; targets differ: vendor 2:00:00, ours "
        "8:00:00; targets set at different times: ours did not change, the vendor's was set at "
        "2026-03-02T10:00:00+00:00 (a priority or policy change)"
    )


def test_different_pause_statuses_part_the_breach_instants() -> None:
    # Zendesk's resolution_time never pauses: 2 h from 09:00 breaches at 11:00. Ours pauses
    # on pending (09:30-11:00), so it breaches 1 h 30 later, at 12:30.
    evs = [
        _ev(1, "resolution_time", "activate", T0),
        _ev(2, "resolution_time", "apply_sla", T0, sla=_sla(120)),
        _ev(3, "resolution_time", "breach", T0 + 2 * H),
    ]
    verdicts, _ = zendesk_verdicts(evs)
    history = TicketHistory(Ticket("7", T0), [
        StatusChange("s1", T0 + 30 * MIN, status="pending"),
        StatusChange("s2", T0 + 2 * H, status="open")])  # fmt: skip
    (c,) = reconcile(verdicts, _measured(_calendar_policy(("resolution", "2h")), history,
                                         T0 + 6 * H)).clocks  # fmt: skip
    assert (c.vendor_breached_at, c.our_breached_at) == (T0 + 2 * H, T0 + 3 * H + 30 * MIN)
    # The cause is named: it said only "breach instants differ by 1:30:00".
    assert c.reason == (
        "breach instants differ by 1:30:00 (tolerance 0:01:00); our clock was paused for "
        "1:30:00 before the vendor's breach: the pause statuses differ, or the vendor's clock "
        "does not pause"
    )


def test_update_status_gives_the_counted_time_in_the_kind_the_sla_counts() -> None:
    evs = [
        _ev(1, "reply_time", "activate", T0),
        _ev(2, "reply_time", "apply_sla", T0, sla=_sla(60, business=True)),
        _ev(3, "reply_time", "fulfill", T0 + 30 * MIN),
        _ev(4, "reply_time", "update_status", T0 + 30 * MIN,
            status={"calendar": 30, "business": 20}),
    ]  # fmt: skip
    (v,), _ = zendesk_verdicts(evs)
    assert (v.state, v.elapsed, v.elapsed_at) == ("achieved", 20 * MIN, T0 + 30 * MIN)


def test_group_sla_and_pausable_update_have_no_clock_of_ours() -> None:
    evs = [
        _ev(1, "group_ownership_time", "activate", T0),
        _ev(2, "group_ownership_time", "apply_group_sla", T0,
            group_sla={"target": 60, "business_hours": False, "policy": {"title": "Tier 1"}}),
        _ev(3, "group_ownership_time", "breach", T0 + H),
        _ev(4, "pausable_update_time", "activate", T0),
        _ev(5, "pausable_update_time", "apply_sla", T0, sla=_sla(60)),
    ]  # fmt: skip
    verdicts, _ = zendesk_verdicts(evs)
    r = reconcile(verdicts, [])
    assert [(c.metric, c.cycle, c.vendor_instance, c.vendor_state, c.reason) for c in r.clocks] == [
        ("group_ownership_time", 0, 1, "breached", "we have no such metric"),
        ("pausable_update_time", 0, 1, "active", "we have no such metric"),
    ]  # fmt: skip
    assert verdicts[0].policy == "Tier 1"


# -- hostile input ----------------------------------------------------------------------------


def _one_clock() -> tuple[VendorVerdict, list[Measurement]]:
    history = TicketHistory(Ticket("7", T0), [])
    ms = _measured(_calendar_policy(("first_reply", "1h")), history, T0 + 2 * H)
    return VendorVerdict("7", "reply_time", 1, "breached", target=H, breached_at=T0 + H), ms


@pytest.mark.parametrize(
    ("tolerance", "error", "said"),
    [
        (60, InputTypeError, "tolerance: expected a timedelta of 0 or more, got int 60"),
        (-MIN, ConfigError, "tolerance: expected a timedelta of 0 or more, got "
                            "datetime.timedelta(days=-1, seconds=86340)"),
        (None, InputTypeError, "tolerance: expected a timedelta of 0 or more, got NoneType None"),
    ],
)  # fmt: skip
def test_a_tolerance_that_is_no_timedelta_of_0_or_more_is_refused(
    tolerance: Any, error: type[Exception], said: str
) -> None:
    # An int failed with a bare TypeError; a negative tolerance made an instant equal to ours
    # "differ by 0:00:00".
    v, ms = _one_clock()
    with pytest.raises(error) as caught:
        reconcile([v], ms, tolerance=tolerance)
    assert str(caught.value) == said
    with pytest.raises(error):
        Reconciliation((), tolerance)


def test_a_tolerance_of_0_and_the_largest_still_reconcile() -> None:
    v, ms = _one_clock()
    assert reconcile([v], ms, tolerance=timedelta(0)).agreements == 1
    assert reconcile([v], ms, tolerance=timedelta.max).agreements == 1


@pytest.mark.parametrize(
    ("change", "path", "value"),
    [
        ({"target": -5 * MIN}, "vendor_verdicts[0].target", "days=-1, seconds=86100"),
        ({"elapsed": -5 * MIN}, "vendor_verdicts[0].elapsed", "days=-1, seconds=86100"),
        ({"source": "jsm", "our_metric": "first_reply", "our_cycle": -3},
         "vendor_verdicts[0].our_cycle", "-3"),
        ({"source": "jsm", "our_metric": "first_replies", "our_cycle": 0},
         "vendor_verdicts[0].our_metric", "'first_replies'"),
        ({"stops": ((T0 + 2 * H, T0 + H),)}, "vendor_verdicts[0].stops[0][1]",
         "2026-03-02T10:00:00+00:00"),
        ({"applied": ((T0, -H, False, "Gold"),)}, "vendor_verdicts[0].applied[0][1]",
         "days=-1, seconds=82800"),
    ],
)  # fmt: skip
def test_a_verdict_no_clock_can_have_is_refused_naming_its_field(
    change: dict[str, Any], path: str, value: str
) -> None:
    # A negative target or counted time was compared as given; an unknown our_metric was
    # listed as "we have no clock for it", a negative cycle as cycle -3, and a resume before
    # its stop was kept.
    v, ms = _one_clock()
    with pytest.raises(ConfigError) as caught:
        reconcile([attrs.evolve(v, **change)], ms)
    assert str(caught.value).startswith(path + ": ")
    assert value in str(caught.value)


def _ms(span: timedelta) -> dict[str, int]:
    return {"millis": int(span.total_seconds() * 1000)}


def _iso(when: datetime) -> dict[str, str]:
    return {"iso8601": when.isoformat()}


_CYCLE = {"startTime": _iso(T0), "stopTime": _iso(T0 + H), "breached": False,
          "goalDuration": _ms(2 * H), "elapsedTime": _ms(H)}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field", "said"),
    [
        ({"elapsedTime": {"millis": -5}}, "elapsedTime", "expected a duration of 0 or more"),
        ({"goalDuration": {"millis": -5}}, "goalDuration", "expected a duration of 0 or more"),
        ({"stopTime": _iso(T0 - H)}, "stopTime",
         "before the cycle's startTime 2026-03-02T09:00:00+00:00"),
    ],
)  # fmt: skip
def test_a_jsm_cycle_no_clock_can_have_costs_only_its_own_sla(
    change: dict[str, Any], field: str, said: str
) -> None:
    # A negative counted time was compared with ours as given; a cycle that stopped before it
    # started was kept.
    bad = {"name": "Time to resolution", "completedCycles": [{**_CYCLE, **change}]}
    good = {"name": "Time to resolution", "completedCycles": [_CYCLE]}
    verdicts, errors = jsm_verdicts(
        sla={"SD-1": {"values": [bad]}, "SD-2": {"values": [good]}}, on_error="collect"
    )
    assert [v.ticket_id for v in verdicts] == ["SD-2"]
    (error,) = errors
    assert str(error).startswith(
        f"sla['SD-1'].values[0].completedCycles[0].{field}: issue SD-1: {field} "
    )
    assert str(error).endswith(said)


@pytest.mark.parametrize(
    ("change", "path", "said"),
    [
        ({"sla": {**_sla(60), "business_hours": "true"}}, "sla.business_hours",
         "sla.business_hours 'true': expected true, false or null"),
        ({"sla": {**_sla(60), "business_hours": 1}}, "sla.business_hours",
         "sla.business_hours 1: expected true, false or null"),
        ({"instance_id": 2**63}, "instance_id",
         "instance_id 9223372036854775808: expected a whole number of 0 or more, below 2**63"),
    ],
)  # fmt: skip
def test_a_zendesk_event_field_of_another_type_is_refused_not_dropped(
    change: dict[str, Any], path: str, said: str
) -> None:
    # business_hours "true" was read as not said, so the business-hours flag was never
    # compared; an instance_id past 2**63 made the reconciliation refuse every verdict.
    bad = {**_ev(1, "reply_time", "apply_sla", T0, sla=_sla(60)), **change}
    good = {**_ev(2, "reply_time", "apply_sla", T0, sla=_sla(60)), "ticket_id": 8}
    verdicts, errors = zendesk_verdicts([bad, good], on_error="collect")
    assert [v.ticket_id for v in verdicts] == ["8"]
    assert [str(e) for e in errors] == [f"metric_events[0].{path}: ticket 7: {said}"]


# -- JSM: repeating cycles, an ongoing paused cycle --------------------------------------------


def _reopened_jsm() -> tuple[tuple[VendorVerdict, ...], TicketHistory]:
    # Cycle 1: 09:00-10:00, 1 h of a 2 h goal, met. Resolved at 10:00, reopened at 12:00:
    # JSM starts cycle 2, which counted 30 min by 12:30 and is paused (pending) when read
    # at 13:00. Ours (reopen "final") runs its one clock on: 1 h 30 counted, paused.
    rec = {"name": "Time to resolution", "completedCycles": [_CYCLE], "ongoingCycle": {
        "startTime": _iso(T0 + 3 * H), "breached": False, "paused": True,
        "withinCalendarHours": True, "goalDuration": _ms(2 * H), "elapsedTime": _ms(30 * MIN),
        "remainingTime": _ms(90 * MIN), "breachTime": _iso(T0 + 5 * H)}}  # fmt: skip
    verdicts, errors = jsm_verdicts(sla={"SD-1": {"values": [rec]}}, read_at=T0 + 4 * H)
    assert errors == ()
    history = TicketHistory(Ticket("SD-1", T0), [
        StatusChange("s", T0 + H, status="solved"), StatusChange("o", T0 + 3 * H, status="open"),
        StatusChange("p", T0 + 3 * H + 30 * MIN, status="pending")])  # fmt: skip
    return verdicts, history


def test_jsm_cycles_are_instances_and_an_ongoing_paused_cycle_is_active() -> None:
    verdicts, _ = _reopened_jsm()
    assert [(v.instance, v.our_cycle, v.state, v.elapsed, v.elapsed_at, v.paused, v.fulfilled_at)
            for v in verdicts] == [
        (1, 0, "achieved", H, T0 + H, None, T0 + H),
        (2, 1, "active", 30 * MIN, T0 + 4 * H, True, None),
    ]  # fmt: skip


def test_a_jsm_cycle_that_ended_at_a_reopen_ours_ran_on_for_names_the_reopen() -> None:
    # Both clocks counted 1 h to 10:00, when JSM's cycle 1 ended. The disagreement is ours
    # running on after the reopen, not the counted time: it was "counted time differs: vendor
    # 1:00:00, ours 1:30:00", ours at 13:00 beside the vendor's at 10:00.
    verdicts, history = _reopened_jsm()
    policy = _calendar_policy(("resolution", "2h"))
    first, second = reconcile(verdicts, _measured(policy, history, T0 + 4 * H)).clocks
    assert (first.cycle, first.vendor_state, first.our_state) == (0, "achieved", "active")
    assert first.reason == (
        "verdict differs: vendor achieved, ours active; the vendor's clock stopped at "
        "2026-03-02T10:00:00+00:00; ours stopped then too and ran again at "
        "2026-03-02T12:00:00+00:00 (a reopen ours runs on for, the vendor did not: its next "
        "cycle, or no reopen on its side), counting 0:30:00 more"
    )
    assert (second.cycle, second.vendor_instance, second.our_state) == (1, 2, None)
    assert second.reason is not None
    assert second.reason.startswith("a cycle we do not run: vendor 'Time to resolution' cycle 2")
    # Ours stopping at the first resolution (reopen "first") agrees with cycle 1.
    first_only = _calendar_policy(("resolution", "2h"), reopen="first")
    r = reconcile(verdicts, _measured(first_only, history, T0 + 4 * H))
    assert [c.agrees for c in r.clocks] == [True, False]


def test_a_vendor_stop_ours_does_not_have_is_named_and_counted_to_that_stop() -> None:
    # The vendor's clock stopped at 10:00 with 1 h counted; ours has no stop, 3 h by 12:00
    # and breached at 11:00. The counted times agree at 10:00; the stop is the cause.
    v = VendorVerdict("SD-1", "Time to resolution", 1, "achieved", target=2 * H, source="jsm",
                      our_metric="resolution", our_cycle=0, started_at=T0,
                      fulfilled_at=T0 + H, elapsed=H, elapsed_at=T0 + H)  # fmt: skip
    ms = _measured(_calendar_policy(("resolution", "2h")), TicketHistory(Ticket("SD-1", T0), []),
                   T0 + 3 * H)  # fmt: skip
    (c,) = reconcile([v], ms).clocks
    assert c.reason == (
        "verdict differs: vendor achieved, ours breached; the vendor's clock stopped at "
        "2026-03-02T10:00:00+00:00, ours did not: it counted 2:00:00 more by our snapshot "
        "(what stopped the vendor's is no stop of ours, or not in the ticket's history)"
    )


def test_a_breach_recorded_ahead_of_our_snapshot_says_so() -> None:
    # Zendesk records the breach event when the SLA is applied, at 10:00, when 1 h runs out.
    # Measured at 09:10, ours is running; the vendor's breach had not happened then. With a
    # fulfilment at 09:30 before it, the breach never happened: achieved on both sides.
    evs = [
        _ev(1, "reply_time", "activate", T0),
        _ev(2, "reply_time", "apply_sla", T0, sla=_sla(60)),
        _ev(3, "reply_time", "breach", T0 + H),
    ]
    verdicts, _ = zendesk_verdicts(evs)
    assert [(v.state, v.breached_at) for v in verdicts] == [("breached", T0 + H)]
    policy = _calendar_policy(("first_reply", "1h"))
    history = TicketHistory(Ticket("7", T0), [])
    (c,) = reconcile(verdicts, _measured(policy, history, T0 + 10 * MIN)).clocks
    assert c.reason == (
        "verdict differs: vendor breached, ours active; the vendor's breach at "
        "2026-03-02T10:00:00+00:00 is after our snapshot (2026-03-02T09:10:00+00:00): a breach "
        "recorded ahead, at the instant the target runs out, our due instant too "
        "(2026-03-02T10:00:00+00:00), had not happened when ours was measured"
    )
    # Measured after it, both breached at 10:00.
    assert reconcile(verdicts, _measured(policy, history, T0 + 2 * H)).agreements == 1
    fulfilled = [*evs, _ev(4, "reply_time", "fulfill", T0 + 30 * MIN)]
    verdicts, _ = zendesk_verdicts(fulfilled)
    assert [(v.state, v.breached_at, v.fulfilled_at) for v in verdicts] == [
        ("achieved", None, T0 + 30 * MIN)
    ]
    replied = TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + 30 * MIN)])
    assert reconcile(verdicts, _measured(policy, replied, T0 + 2 * H)).agreements == 1


def test_a_clock_of_ours_measured_twice_counts_once_and_two_measurements_are_refused() -> None:
    # The copy was listed again as "vendor has no clock for it" beside the verdict it took.
    v, ms = _one_clock()
    r = reconcile([v], ms + ms)
    assert (r.agreements, len(r.clocks)) == (1, 1)
    later = _measured(_calendar_policy(("first_reply", "1h")), TicketHistory(Ticket("7", T0), []),
                      T0 + 3 * H)  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        reconcile([v], ms + later)
    assert str(caught.value) == (
        "measurements[1]: ticket '7' first_reply#0 is measured twice, differently "
        "(measurements[0] and here): a clock of ours takes one measurement; evaluate each "
        "ticket once, under one policy and at one instant"
    )


# -- laws ------------------------------------------------------------------------------------

_STEPS = st.lists(
    st.tuples(
        st.integers(1, 600),  # minutes after the previous event
        st.sampled_from(["reply", "message", "pending", "open", "solved"]),
    ),
    max_size=8,
)


def _history(tid: str, steps: list[tuple[int, str]]) -> TicketHistory:
    events: list[Any] = []
    at = T0
    for n, (gap, kind) in enumerate(steps):
        at += timedelta(minutes=gap)
        if kind == "reply":
            events.append(AgentReply(f"e{n}", at))
        elif kind == "message":
            events.append(CustomerMessage(f"e{n}", at))
        else:
            events.append(StatusChange(f"e{n}", at, status=kind))
    return TicketHistory(Ticket(tid, T0), events)


_POLICY = _calendar_policy(("first_reply", "1h"), ("next_reply", "2h"), ("resolution", "8h"),
                           ("requester_wait", "4h"), ("agent_work", "3h"))  # fmt: skip


def _as_vendor(m: Measurement) -> VendorVerdict:
    """Our measurement as a vendor would state it: the same clock, verdict and figures."""
    state = {"achieved": "achieved", "breached": "breached"}.get(m.state.value, "active")
    return VendorVerdict(
        m.ticket_id, m.metric.value, m.cycle + 1, state, policy=m.policy,
        target=m.target.within, business=m.target.business, breached_at=m.breached_at,
        fulfilled_at=m.stopped_at, elapsed=m.elapsed, paused=m.state.value == "paused",
        started_at=m.started_at, source="ours", our_metric=m.metric.value, our_cycle=m.cycle,
        target_since=m.target_since, elapsed_at=m.stopped_at or m.evaluated_at,
        paused_at=m.evaluated_at, due_at=m.due_at,
    )  # fmt: skip


@given(st.lists(_STEPS, min_size=1, max_size=4), st.integers(0, 3000))
def test_law_a_history_reconciled_with_itself_agrees_everywhere(
    tickets: list[list[tuple[int, str]]], minutes: int
) -> None:
    at = T0 + timedelta(minutes=minutes)
    histories = [_history(str(i), steps) for i, steps in enumerate(tickets)]
    ms = list(evaluate_many(_POLICY, histories, at=at))
    r = reconcile([_as_vendor(m) for m in ms], ms)
    assert [c.reason for c in r.clocks] == [None] * len(ms)
    assert r.agreements == len(ms)
    # Each clock once, whichever side repeats it.
    again = reconcile([_as_vendor(m) for m in ms] * 2, ms * 2)
    assert again == r


@given(
    st.lists(_STEPS, min_size=0, max_size=4),
    st.integers(0, 3000),
    st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["reply_time", "resolution_time",
             "requester_wait_time", "agent_work_time", "pausable_update_time",
             "group_ownership_time", "periodic_update_time"]), st.integers(0, 3),
             st.sampled_from(["achieved", "breached", "active"])), max_size=12),
)  # fmt: skip
def test_law_every_clock_is_compared_or_one_sided_once(
    tickets: list[list[tuple[int, str]]],
    minutes: int,
    said: list[tuple[int, str, int, str]],
) -> None:
    at = T0 + timedelta(minutes=minutes)
    ms = list(evaluate_many(_POLICY, [_history(str(i), s) for i, s in enumerate(tickets)], at=at))
    vendor = {
        (str(t), metric, n): VendorVerdict(
            str(t), metric, n, state, breached_at=T0 + H if state == "breached" else None
        )
        for t, metric, n, state in said
    }
    r = reconcile(vendor.values(), iter(ms))
    sides = [(c.vendor_state is not None, c.our_state is not None) for c in r.clocks]
    both = sides.count((True, True))
    assert r.agreements + (len(r.disagreements) - sides.count((True, False))
                           - sides.count((False, True))) == both  # fmt: skip
    assert both + sides.count((True, False)) + sides.count((False, True)) == len(r.clocks)
    assert (True, True) not in [(c.vendor_state is None, c.our_state is None) for c in r.clocks]
    # Every measurement is one clock, every vendor verdict one clock, none counted twice.
    assert sum(c.our_state is not None for c in r.clocks) == len(ms)
    assert sum(c.vendor_state is not None for c in r.clocks) == len(vendor)
    assert all(c.agrees == (c.reason is None) for c in r.clocks)
    text = r.to_text().splitlines()[0]
    assert text == (
        f"{both} clocks compared: {r.agreements} agree, {both - r.agreements} disagree; "
        f"{sides.count((False, True))} only ours, {sides.count((True, False))} only the vendor's"
    )


# -- different calendars; Freshdesk's due fields and escalation flags -------------------------


def test_a_vendor_counting_calendar_hours_is_named_from_its_due_instants() -> None:
    # Created Monday 16:30, first reply 18:30. Freshdesk's fr_due_by 17:30 is 1 h of calendar
    # time: the reply is late. Ours counts 1 h of business time (09:00-17:00): 30 min on
    # Monday, 30 on Tuesday, due 09:30; 18:30 is after hours, so nothing was counted by then.
    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    start = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)
    ticket = {"id": 7, "created_at": _z(start), "updated_at": _z(start + H), "status": 2,
              "fr_due_by": _z(start + H), "fr_escalated": False,
              "stats": {"first_responded_at": _z(start + 2 * H)}}  # fmt: skip
    (v,), errors = freshdesk_verdicts([[ticket]], read_at=start + 3 * H)
    assert (v.state, v.breached_at, v.due_at, v.fulfilled_at, errors) == (
        "breached",
        start + H,
        start + H,
        start + 2 * H,
        (),
    )
    history = TicketHistory(Ticket("7", start), [AgentReply("r", start + 2 * H)])
    policy = SLAPolicy("Gold", {"normal": [Target("first_reply", "1h")]}, calendar=office)
    (c,) = reconcile([v], _measured(policy, history, start + 3 * H)).clocks
    assert (c.vendor_state, c.our_state) == ("breached", "achieved")
    assert c.reason == (
        "verdict differs: vendor breached, ours achieved; due instants differ by 16:00:00 "
        "(vendor earlier): vendor 2026-03-02T17:30:00+00:00, ours 2026-03-03T09:30:00+00:00; "
        "15:30:00 of it is closed on our calendar: the vendor's business hours or holidays "
        "differ from ours; the vendor's due instant is 1:00:00 of calendar time after the "
        "start: it counts calendar hours, ours business hours"
    )


def test_zendesk_business_hours_beside_our_calendar_hours_names_the_clock_kind() -> None:
    # Zendesk's 1 business hour from Monday 16:30 runs out Tuesday 09:30 (its breach event,
    # recorded ahead); the reply at 18:30 voids it. Ours counts calendar hours: breached 17:30.
    start = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)
    evs = [
        {**_ev(1, "reply_time", "activate", start)},
        {**_ev(2, "reply_time", "apply_sla", start, sla=_sla(60, business=True))},
        {**_ev(3, "reply_time", "breach", datetime(2026, 3, 3, 9, 30, tzinfo=UTC))},
        {**_ev(4, "reply_time", "fulfill", start + 2 * H)},
    ]
    (v,), _ = zendesk_verdicts(evs)
    assert (v.state, v.breached_at, v.business) == ("achieved", None, True)
    history = TicketHistory(Ticket("7", start), [AgentReply("r", start + 2 * H)])
    (c,) = reconcile([v], _measured(_calendar_policy(("first_reply", "1h")), history,
                                    start + 3 * H)).clocks  # fmt: skip
    assert (c.our_breached_at, c.reason) == (
        start + H,
        "verdict differs: vendor achieved, ours breached; vendor counts business time, ours "
        "calendar time",
    )


def test_freshdesk_escalation_flags_without_instants() -> None:
    # fr_escalated set though fr_due_by (12:00) had not passed when fetched at 11:00: the due
    # instant moved after the escalation; breached, at an instant not said. is_escalated
    # alone never breaches the resolution (set "for any reason").
    ticket = {"id": 7, "created_at": _z(T0), "updated_at": _z(T0 + 2 * H), "status": 2,
              "fr_due_by": _z(T0 + 3 * H), "fr_escalated": True,
              "due_by": _z(T0 + 24 * H), "is_escalated": True, "stats": {}}  # fmt: skip
    first, resolution = freshdesk_verdicts([[ticket]], read_at=T0 + 2 * H)[0]
    assert (first.state, first.breached_at) == ("breached", None)
    assert first.notes == (
        "fr_escalated is true though fr_due_by 2026-03-02T12:00:00+00:00 had not passed when "
        "the ticket was fetched: the due instant moved after the escalation (a pause or a "
        "priority change)",
    )
    assert (resolution.state, resolution.breached_at) == ("active", None)
    assert resolution.notes[0].startswith("is_escalated is true though due_by")


_KINDS = st.sampled_from(["activate", "pause", "fulfill", "breach", "apply_sla", "update_status"])


@given(
    st.lists(st.tuples(_KINDS, st.integers(0, 240), st.integers(0, 2)), min_size=1, max_size=10),
    st.randoms(use_true_random=False),
)
def test_law_zendesk_verdicts_do_not_depend_on_the_order_or_copies_of_the_events(
    said: list[tuple[str, int, int]], rnd: Any
) -> None:
    events = []
    for eid, (kind, minutes, extra) in enumerate(said, 1):
        at = T0 + timedelta(minutes=minutes)
        ev = _ev(eid, "resolution_time", kind, at)
        if kind == "apply_sla":
            ev["sla"] = None if extra == 2 else _sla(60 * (extra + 1))
        elif kind == "update_status":
            ev["status"] = {"calendar": minutes, "business": None}
        elif kind == "breach" and extra == 2:
            ev["deleted"] = True
        events.append(ev)
    expected = zendesk_verdicts(events)
    shuffled = events + [dict(e) for e in events[: len(events) // 2]]
    rnd.shuffle(shuffled)
    assert zendesk_verdicts(shuffled) == expected
    for v in expected[0]:
        # A verdict's instants are the events': a breach only from a breach event not
        # deleted, a fulfilment only from a fulfill event.
        if v.breached_at is not None:
            assert any(e["type"] == "breach" and not e.get("deleted")
                       and e["time"] == _z(v.breached_at) for e in events)  # fmt: skip
        if v.fulfilled_at is not None:
            assert v.state != "active"
            assert any(e["type"] == "fulfill" and e["time"] == _z(v.fulfilled_at)
                       for e in events)  # fmt: skip
        assert (v.state == "breached") == (v.breached_at is not None)


def test_an_sla_removed_before_a_breach_is_no_vendor_verdict() -> None:
    # apply_sla at 09:00 (1 h), then an apply_sla with no SLA at 09:30: Zendesk no longer
    # measures the clock, so ours (breached at 10:00) is "ours only". A removal after the
    # breach keeps the breach: both breached at 10:00.
    removed = [
        _ev(1, "resolution_time", "activate", T0),
        _ev(2, "resolution_time", "apply_sla", T0, sla=_sla(60)),
        _ev(3, "resolution_time", "apply_sla", T0 + 30 * MIN, sla=None),
    ]
    verdicts, _ = zendesk_verdicts(removed)
    assert [(v.state, v.target, len(v.applied)) for v in verdicts] == [("active", None, 2)]
    policy = _calendar_policy(("resolution", "1h"))
    history = TicketHistory(Ticket("7", T0), [])
    (c,) = reconcile(verdicts, _measured(policy, history, T0 + 2 * H)).clocks
    assert (c.vendor_state, c.our_state, c.reason) == (
        None,
        "breached",
        "vendor has no clock for it",
    )
    late = [*removed[:2], _ev(4, "resolution_time", "breach", T0 + H),
            _ev(3, "resolution_time", "apply_sla", T0 + 90 * MIN, sla=None)]  # fmt: skip
    verdicts, _ = zendesk_verdicts(late)
    r = reconcile(verdicts, _measured(policy, history, T0 + 2 * H))
    assert [(c.vendor_breached_at, c.our_breached_at, c.reason) for c in r.clocks] == [
        (T0 + H, T0 + H, None)
    ]
