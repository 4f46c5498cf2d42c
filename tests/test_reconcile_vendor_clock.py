"""servicemodel.reconcile against vendor records whose clock is known: our own verdicts written
as Zendesk ticket metric events and JSM SLA cycles, events of one instant read in any order,
and two verdicts claiming one clock.

Zendesk's event shapes follow its "Ticket metric event types reference"
(https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-metric-event-types-reference);
JSM's the SLA information of a request (``/rest/servicedeskapi/request/{key}/sla``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    PriorityChange,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.reconcile import VendorVerdict, jsm_verdicts, reconcile, zendesk_verdicts
from servicemodel.report import ReportOptions, build_report
from servicemodel.report._reconcile import at_snapshot
from servicemodel.sla import Measurement, MeasurementState, Metric, SLAPolicy, Target, evaluate
from servicemodel.strategies import histories, policies

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

# -- our verdicts written as the vendor's records --------------------------------------------

#: Our metric -> Zendesk's metric and the instance_id of our cycle 0 (the module docs' table).
_ZENDESK = {
    Metric.FIRST_REPLY: ("reply_time", 1),
    Metric.NEXT_REPLY: ("reply_time", 2),
    Metric.PERIODIC_UPDATE: ("periodic_update_time", 1),
    Metric.RESOLUTION: ("resolution_time", 1),
    Metric.REQUESTER_WAIT: ("requester_wait_time", 1),
    Metric.AGENT_WORK: ("agent_work_time", 1),
}


def _time(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def zendesk_events(m: Measurement, first_id: int) -> list[dict[str, Any]]:
    """The metric events Zendesk records for a clock that counts as ours did."""
    metric, base = _ZENDESK[m.metric]
    ids = iter(range(first_id, first_id + 10))

    def ev(kind: str, at: datetime, **extra: Any) -> dict[str, Any]:
        where = {"ticket_id": int(m.ticket_id), "metric": metric, "instance_id": base + m.cycle}
        return {"id": next(ids), **where, "type": kind, "time": _time(at), **extra}

    minutes = m.elapsed / timedelta(minutes=1)
    sla = {"target_in_seconds": m.target.within.total_seconds(),
           "business_hours": m.target.business, "policy": {"title": m.policy}}  # fmt: skip
    out = [ev("activate", m.started_at), ev("apply_sla", m.started_at, sla=sla)]
    if m.state is MeasurementState.PAUSED:
        out.append(ev("pause", m.evaluated_at))
    if m.state is MeasurementState.BREACHED:
        assert m.breached_at is not None
        out.append(ev("breach", m.breached_at))
    if m.stopped_at is not None:
        out.append(ev("fulfill", m.stopped_at))
        out.append(ev("update_status", m.stopped_at,
                      status={"calendar": minutes, "business": minutes}))  # fmt: skip
    return out


def _millis(d: timedelta) -> dict[str, Any]:
    return {"millis": int(d / timedelta(milliseconds=1))}


def _when(at: datetime) -> dict[str, Any]:
    return {"iso8601": at.astimezone(UTC).isoformat()}


def jsm_cycle(m: Measurement) -> dict[str, Any]:
    """The JSM SLA cycle of a goal that counts as our clock did (completed once stopped)."""
    breached = m.state is MeasurementState.BREACHED
    cycle: dict[str, Any] = {"startTime": _when(m.started_at), "breached": breached,
                             "goalDuration": _millis(m.target.within),
                             "elapsedTime": _millis(m.elapsed)}  # fmt: skip
    if breached:
        assert m.breached_at is not None
        cycle["breachTime"] = _when(m.breached_at)
    if m.stopped_at is not None:
        cycle["stopTime"] = _when(m.stopped_at)
    else:
        cycle["paused"] = m.state is MeasurementState.PAUSED
    return cycle


@st.composite
def _measured(draw: st.DrawFn) -> list[Measurement]:
    found = draw(st.lists(histories(max_events=8), min_size=1, max_size=4,
                          unique_by=lambda h: h.id))  # fmt: skip
    # Zendesk's ticket ids are numbers.
    found = [TicketHistory(Ticket(str(i), h.ticket.created_at, priority=h.ticket.priority),
                           h.events) for i, h in enumerate(found, 1)]  # fmt: skip
    policy = draw(policies())
    at = max(h.last_event_at for h in found) + draw(
        st.sampled_from([timedelta(0), timedelta(hours=5), timedelta(days=4)])
    )
    return [m for h in found for m in evaluate(policy, h, at=at)]


@settings(deadline=None, max_examples=60)
@given(_measured(), st.randoms(use_true_random=False))
def test_our_verdicts_written_as_zendesk_events_agree_on_every_clock(
    measured: list[Measurement], rnd: Any
) -> None:
    events: list[dict[str, Any]] = []
    for m in measured:
        events += zendesk_events(m, 10 * len(events) + 1)
    rnd.shuffle(events)  # any order, as the export's pages give them
    verdicts, errors = zendesk_verdicts(events)
    assert errors == ()
    result = reconcile(verdicts, measured)
    assert result.disagreements == ()
    assert result.agreements == len(measured) == len(verdicts)


@settings(deadline=None, max_examples=60)
@given(_measured())
def test_our_verdicts_written_as_jsm_cycles_agree_on_every_clock(
    measured: list[Measurement],
) -> None:
    # One JSM SLA per metric and ticket: its cycle n is our cycle n - 1.
    slas: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for m in sorted(measured, key=lambda m: m.cycle):
        slas.setdefault(m.ticket_id, {}).setdefault(m.metric.value, []).append(jsm_cycle(m))
    sla = {}
    for key, by_metric in slas.items():
        values = []
        for name, cycles in by_metric.items():
            done = [c for c in cycles if "stopTime" in c]
            ongoing = [c for c in cycles if "stopTime" not in c]
            assert len(ongoing) <= 1  # only the last cycle runs
            assert all("stopTime" not in c for c in cycles[len(done) :])
            record: dict[str, Any] = {"name": name, "completedCycles": done}
            if ongoing:
                record["ongoingCycle"] = ongoing[0]
            values.append(record)
        sla[key] = {"values": values, "isLastPage": True}
    verdicts, errors = jsm_verdicts(sla=sla, names={m.value: m for m in Metric})
    assert errors == ()
    result = reconcile(verdicts, measured)
    assert result.disagreements == ()
    assert result.agreements == len(measured) == len(verdicts)


# -- events of one instant -------------------------------------------------------------------


def _ev(eid: int | None, kind: str, minutes: int, **extra: Any) -> dict[str, Any]:
    out = {"ticket_id": 7, "metric": "reply_time", "instance_id": 1, "type": kind,
           "time": _time(T0 + timedelta(minutes=minutes)), **extra}  # fmt: skip
    if eid is not None:
        out["id"] = eid
    return out


def _sla(minutes: int, title: str) -> dict[str, Any]:
    return {"target": minutes, "business_hours": False, "policy": {"title": title}}


# Zendesk's times are whole seconds: the policy applied at creation and a trigger's priority
# change, or two status updates, can share one. Its ids number the events in order.
_SAME_INSTANT = [
    _ev(1, "activate", 0),
    _ev(2, "apply_sla", 0, sla=_sla(60, "Standard")),
    _ev(3, "apply_sla", 0, sla=_sla(30, "Urgent")),
    _ev(4, "fulfill", 40),
    _ev(5, "update_status", 40, status={"calendar": 39, "business": 0}),
    _ev(6, "update_status", 40, status={"calendar": 40, "business": 0}),
]


@given(st.permutations(_SAME_INSTANT))
def test_events_of_one_instant_are_read_in_the_order_of_their_ids(events: Any) -> None:
    (v,), _ = zendesk_verdicts(events)
    assert (v.policy, v.target) == ("Urgent", timedelta(minutes=30))
    assert (v.elapsed, v.state) == (timedelta(minutes=40), "achieved")  # no breach recorded


_WITHOUT_IDS = [{k: x for k, x in e.items() if k != "id"} for e in _SAME_INSTANT]


@given(st.permutations(_WITHOUT_IDS))
def test_events_of_one_instant_without_ids_never_depend_on_the_order(events: Any) -> None:
    assert zendesk_verdicts(events) == zendesk_verdicts(_WITHOUT_IDS)


# -- one clock, one vendor verdict -----------------------------------------------------------


def _jsm_record(name: str, breached: bool, goal_minutes: int) -> dict[str, Any]:
    stop = T0 + timedelta(minutes=90)
    return {"name": name, "completedCycles": [{
        "startTime": _when(T0), "stopTime": _when(stop), "breached": breached,
        "goalDuration": _millis(timedelta(minutes=goal_minutes)),
        "elapsedTime": _millis(stop - T0)}]}  # fmt: skip


def _two_first_replies() -> tuple[VendorVerdict, ...]:
    sla = {"SD-1": {"values": [_jsm_record("Time to first response", True, 60),
                               _jsm_record("VIP first response", False, 120)]}}  # fmt: skip
    verdicts, _ = jsm_verdicts(sla=sla, names={"VIP first response": "first_reply"})
    return verdicts


_POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
_HISTORY = TicketHistory(Ticket("SD-1", T0), [AgentReply("r", T0 + timedelta(minutes=90))])


def test_two_vendor_verdicts_on_one_clock_are_an_error_naming_both() -> None:
    # Before: the last one mapped was compared and the other dropped without a word.
    verdicts = _two_first_replies()
    with pytest.raises(ConfigError) as caught:
        reconcile(verdicts, evaluate(_POLICY, _HISTORY))
    message = str(caught.value)
    assert caught.value.path == "vendor_verdicts[1]"
    assert "ticket 'SD-1' first_reply#0 has two different vendor verdicts" in message
    assert "'Time to first response' #1 breached (vendor_verdicts[0])" in message
    assert "'VIP first response' #1 achieved" in message
    options = ReportOptions(policies=_POLICY, vendor_verdicts=verdicts)
    with pytest.raises(ConfigError, match=r"vendor_verdicts\[1\]: ticket 'SD-1' first_reply#0"):
        build_report([_HISTORY], options)


def test_the_same_verdict_given_twice_counts_once() -> None:
    first, _ = _two_first_replies()
    result = reconcile([first, first], evaluate(_POLICY, _HISTORY))
    assert (len(result.clocks), result.agreements) == (1, 1)
    other = VendorVerdict("SD-1", "pausable_update_time", 1, "achieved")
    assert len(reconcile([other, other], []).clocks) == 1
    options = ReportOptions(policies=_POLICY, vendor_verdicts=[first, first])
    section = build_report([_HISTORY], options).reconciliation
    assert section is not None
    assert (section.verdicts, section.overall.compared, section.overall.agreed) == (1, 1, 1)


# -- when the targets were set ---------------------------------------------------------------

_PRIORITY_POLICY = SLAPolicy("p", {
    "normal": [Target("first_reply", "4h", business=False)],
    "urgent": [Target("first_reply", "1h", business=False)],
})  # fmt: skip
_MIN = timedelta(minutes=1)


def _raised_at(minutes: int) -> TicketHistory:
    """Raised to urgent ``minutes`` in, never answered."""
    change = PriorityChange("p", T0 + minutes * _MIN, priority="urgent")
    late = AgentReply("r", T0 + 300 * _MIN)
    return TicketHistory(Ticket("7", T0), [change, late])


def _zendesk_first_reply(applied: list[tuple[int, int]], breach: int, done: int) -> VendorVerdict:
    events = [_ev(1, "activate", 0), _ev(9, "breach", breach), _ev(10, "fulfill", done)]
    events += [_ev(2 + i, "apply_sla", at, sla=_sla(target, "Gold"))
               for i, (at, target) in enumerate(applied)]  # fmt: skip
    (v,), _ = zendesk_verdicts(events)
    return v


def test_a_priority_change_both_sides_made_together_is_no_explanation() -> None:
    # Both raised the target at 30 min; the vendor's breach is 20 min later (its calendar):
    # before, the reason named our priority change, as if only ours had made it.
    (m,) = evaluate(_PRIORITY_POLICY, _raised_at(30))
    v = _zendesk_first_reply([(0, 240), (30, 60)], breach=80, done=300)
    assert v.target_since == T0 + 30 * _MIN
    (c,) = reconcile([v], [m]).clocks
    assert c.reason == "breach instants differ by 0:20:00 (tolerance 0:01:00)"


def test_a_policy_change_only_the_vendor_made_is_named() -> None:
    (m,) = evaluate(_POLICY_4H, TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + 90 * _MIN)]))
    v = _zendesk_first_reply([(0, 240), (45, 60)], breach=60, done=90)
    (c,) = reconcile([v], [m]).clocks
    assert c.reason == (
        "verdict differs: vendor breached, ours achieved; targets differ: vendor 1:00:00, "
        "ours 4:00:00; targets set at different times: ours did not change, the vendor's was "
        "set at 2026-03-02T09:45:00+00:00 (a priority or policy change)"
    )


def test_a_target_the_vendor_set_after_its_breach_is_left_unsaid() -> None:
    # Ours raised at 90 min and breached then; the vendor breached at 60 (its 1 h target set
    # at creation) and re-applied a target at 200: which target decided its breach, and when
    # it was set, the records do not say beyond the creation.
    (m,) = evaluate(_PRIORITY_POLICY, _raised_at(90))
    v = _zendesk_first_reply([(0, 60), (200, 60)], breach=60, done=300)
    (c,) = reconcile([v], [m]).clocks
    assert c.reason == "breach instants differ by 0:30:00 (tolerance 0:01:00)"


def test_a_vendor_that_does_not_say_when_keeps_our_change_named() -> None:
    (m,) = evaluate(_PRIORITY_POLICY, _raised_at(30))
    v = VendorVerdict("7", "reply_time", 1, "breached", breached_at=T0 + 80 * _MIN)
    (c,) = reconcile([v], [m]).clocks
    assert c.reason == (
        "breach instants differ by 0:20:00 (tolerance 0:01:00); our target changed at "
        "2026-03-02T09:30:00+00:00 (a priority change)"
    )


_POLICY_4H = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})


def test_a_target_set_after_the_snapshot_was_not_in_force_at_it() -> None:
    # The one in force then was the 4 h target applied at creation (the verdict's history).
    v = _zendesk_first_reply([(0, 240), (45, 60)], breach=60, done=90)
    before = at_snapshot(v, T0 + 30 * _MIN)
    assert before is not None
    assert (before.state, before.target, before.target_since) == ("active", 240 * _MIN, T0)
    assert before.applied == v.applied[:1]
    # Without a history (another reader), the target in force then is not known: none.
    unsaid = at_snapshot(attrs.evolve(v, applied=()), T0 + 30 * _MIN)
    assert unsaid is not None
    assert (unsaid.state, unsaid.target, unsaid.target_since) == ("active", None, None)
    assert at_snapshot(v, T0 + 50 * _MIN) == attrs.evolve(
        v,
        state="active",
        breached_at=None,
        fulfilled_at=None,
        elapsed=None,
        paused=None,
        stops=(),
    )


# -- a broken record -------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["true", "false", 1, 0, [], {}])
def test_a_deleted_flag_that_is_no_boolean_is_an_error_naming_the_event(flag: Any) -> None:
    # Before: anything but true read as live, so a breach Zendesk took back counted.
    other = {**_ev(20, "breach", 90), "ticket_id": 8}
    events = [_ev(1, "apply_sla", 0, sla=_sla(60, "Gold")), _ev(2, "breach", 60, deleted=flag),
              other, {**_ev(21, "apply_sla", 0, sla=_sla(60, "Gold")), "ticket_id": 8}]  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        zendesk_verdicts(events)
    assert caught.value.path == "metric_events[1].deleted"
    assert str(caught.value).startswith("metric_events[1].deleted: ticket 7: deleted ")
    verdicts, errors = zendesk_verdicts(events, on_error="collect")
    assert [e.path for e in errors] == ["metric_events[1].deleted"]
    # The other clocks still count; the broken event's clock is read without it.
    assert [(v.ticket_id, v.state) for v in verdicts] == [("7", "active"), ("8", "breached")]


def test_a_breached_jsm_cycle_running_while_ours_is_paused_names_the_pauses() -> None:
    # Before: only an active vendor clock was compared for pauses; a breached ongoing cycle
    # that JSM says is running got "counted time differs" alone.
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "2h", business=False)]})
    history = TicketHistory(
        Ticket("A-1", T0), [StatusChange("s", T0 + 30 * _MIN, status="pending")]
    )
    (m,) = evaluate(policy, history, at=T0 + 600 * _MIN)
    assert m.state is MeasurementState.PAUSED
    ongoing = {"startTime": _when(T0), "breached": True, "breachTime": _when(T0 + 120 * _MIN),
               "goalDuration": _millis(120 * _MIN), "paused": False}  # fmt: skip
    verdicts, _ = jsm_verdicts(sla={"A-1": {"values": [
        {"name": "Time to first response", "ongoingCycle": ongoing}]}})  # fmt: skip
    (c,) = reconcile(verdicts, [m]).clocks
    assert c.reason == (
        "verdict differs: vendor breached, ours active; "
        "ours paused, vendor clock running: the pause statuses differ"
    )


# -- the report's snapshot -------------------------------------------------------------------


def _resolution(*events: tuple[int, str]) -> VendorVerdict:
    evs = [_ev(1, "apply_sla", 0, sla=_sla(600, "Gold"))]
    evs += [{**_ev(10 + i, kind, at), "metric": "resolution_time"} for i, (at, kind) in
            enumerate(events)]  # fmt: skip
    evs[0]["metric"] = "resolution_time"
    (v,), _ = zendesk_verdicts(evs)
    return v


def test_a_clock_reopened_after_the_snapshot_stood_fulfilled_at_it() -> None:
    # Solved at 60, reopened at 300: at 120 Zendesk's clock stood fulfilled. Before, the
    # reopen had erased the fulfilment and the snapshot read the clock as active.
    v = _resolution((0, "activate"), (60, "fulfill"), (300, "activate"))
    assert (v.state, v.fulfilled_at) == ("active", None)
    assert v.stops == ((T0 + 60 * _MIN, T0 + 300 * _MIN),)
    then = at_snapshot(v, T0 + 120 * _MIN)
    assert then is not None
    assert (then.state, then.fulfilled_at, then.stops) == (
        "achieved",
        T0 + 60 * _MIN,
        ((T0 + 60 * _MIN, None),),
    )
    assert at_snapshot(v, T0 + 300 * _MIN) is v  # running again at the reopen
    # Solved again at 400: at 120 it stood at its first fulfilment, at 350 it ran.
    again = _resolution((0, "activate"), (60, "fulfill"), (300, "activate"), (400, "fulfill"))
    assert (again.state, again.fulfilled_at) == ("achieved", T0 + 400 * _MIN)
    first = at_snapshot(again, T0 + 120 * _MIN)
    assert first is not None
    assert (first.state, first.fulfilled_at) == ("achieved", T0 + 60 * _MIN)
    running = at_snapshot(again, T0 + 350 * _MIN)
    assert running is not None
    assert (running.state, running.fulfilled_at) == ("active", None)


def test_a_breach_at_the_snapshot_itself_has_not_happened_yet() -> None:
    # Ours evaluated at its deadline is active (a stop then is on time); so is the vendor's.
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    (m,) = evaluate(policy, TicketHistory(Ticket("7", T0), []), at=T0 + 60 * _MIN)
    v = _zendesk_first_reply([(0, 60)], breach=60, done=90)
    then = at_snapshot(v, T0 + 60 * _MIN)
    assert then is not None
    assert (m.state.value, then.state) == ("active", "active")
    assert reconcile([then], [m]).agreements == 1
    later = at_snapshot(v, T0 + 61 * _MIN)
    assert later is not None
    assert later.state == "breached"


def test_a_clock_that_ran_again_after_its_fulfilment_says_so_in_the_explanation() -> None:
    # A next reply instance activated again after its fulfill (Zendesk numbers each reply's
    # instance anew, so its fulfilment was taken back): its events are one verdict (breached
    # by the second run); the reason says why.
    events = [
        _ev(1, "activate", 0, instance_id=2), _ev(2, "apply_sla", 0, instance_id=2,
                                                  sla=_sla(60, "Gold")),
        _ev(3, "fulfill", 30, instance_id=2), _ev(4, "activate", 200, instance_id=2),
        _ev(5, "breach", 260, instance_id=2), _ev(6, "fulfill", 300, instance_id=2),
    ]  # fmt: skip
    (v,), _ = zendesk_verdicts(events)
    assert v.notes == (
        "the vendor's clock ran again at 2026-03-02T12:20:00+00:00 after its fulfilment at "
        "2026-03-02T09:30:00+00:00 (its fulfilment taken back: Zendesk numbers each "
        "reply's instance anew, so this is no later reply)",
    )
    policy = SLAPolicy("p", {"normal": [Target("next_reply", "1h", business=False)]})
    history = TicketHistory(Ticket("7", T0), [
        AgentReply("r0", T0), CustomerMessage("c", T0 + _MIN),
        AgentReply("r1", T0 + 30 * _MIN)])  # fmt: skip
    (m,) = [m for m in evaluate(policy, history) if m.cycle == 0]
    (c,) = reconcile([v], [m]).clocks
    assert c.reason is not None
    assert c.reason.startswith("verdict differs: vendor breached, ours achieved")
    assert c.reason.endswith(v.notes[0])
    # A resolution clock running again is a reopen.
    reopened = _resolution((0, "activate"), (60, "fulfill"), (300, "activate"))
    assert reopened.notes == (
        "the vendor's clock ran again at 2026-03-02T14:00:00+00:00 after its fulfilment at "
        "2026-03-02T10:00:00+00:00 (a reopen)",
    )
