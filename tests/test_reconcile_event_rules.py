"""Rules for reading Zendesk's ticket metric events that the event types reference decides.

Fixtures are hand-written in the shape of the "Ticket Metric Events" API reference
(https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metric_events/) and its
"Ticket metric event types reference"
(https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-metric-event-types-reference).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.reconcile import zendesk_verdicts

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _ev(eid: int, kind: str, minutes: float, **extra: Any) -> dict[str, Any]:
    at = T0 + timedelta(minutes=minutes)
    return {"id": eid, "ticket_id": 987, "metric": "resolution_time", "instance_id": 1,
            "type": kind, "time": at.isoformat().replace("+00:00", "Z"), **extra}  # fmt: skip


def _apply(eid: int, minutes: float, target: int = 60) -> dict[str, Any]:
    sla = {"target": target, "business_hours": False, "policy": {"id": 1, "title": "Gold"}}
    return _ev(eid, "apply_sla", minutes, sla=sla)


# -- several fulfill events for one clock instance ---------------------------------------------


def test_a_second_fulfill_without_an_activate_between_restates_the_first() -> None:
    # The reference: a fulfill is "the end state of that metric has been fulfilled", and only
    # an activate says it is "no longer ... fulfilled". A clock fulfilled at 09:30 stood
    # stopped when a breach event came at 10:00: a later fulfill (10:30, a second solve
    # without a reopen event between) moves neither the stop nor the verdict.
    events = [_ev(1, "activate", 0), _apply(2, 0), _ev(3, "fulfill", 30),
              _ev(4, "breach", 60), _ev(5, "fulfill", 90)]  # fmt: skip
    (v,), _ = zendesk_verdicts(events)
    assert (v.state, v.fulfilled_at, v.breached_at) == (
        "achieved",
        T0 + timedelta(minutes=30),
        None,
    )
    assert v.stops == ((T0 + timedelta(minutes=30), None),)


def test_after_a_reopen_the_first_fulfill_of_the_last_run_counts() -> None:
    events = [_ev(1, "activate", 0), _apply(2, 0, target=180), _ev(3, "fulfill", 30),
              _ev(4, "activate", 40), _ev(5, "fulfill", 100), _ev(6, "fulfill", 200)]  # fmt: skip
    (v,), _ = zendesk_verdicts(events)
    assert (v.state, v.fulfilled_at) == ("achieved", T0 + timedelta(minutes=100))
    assert v.stops == ((T0 + timedelta(minutes=30), T0 + timedelta(minutes=40)),
                       (T0 + timedelta(minutes=100), None))  # fmt: skip


_KINDS = st.sampled_from(["activate", "fulfill", "pause", "breach", "update_status"])


@st.composite
def _clock_events(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(0, 8))
    out = [_apply(1, 0)]
    for i in range(n):
        kind = draw(_KINDS)
        minutes = draw(st.integers(0, 240))
        extra = (
            {"status": {"calendar": minutes, "business": None}} if kind == "update_status" else {}
        )
        out.append(_ev(10 + i, kind, minutes, **extra))
    return out


@settings(max_examples=60, deadline=None)
@given(_clock_events())
def test_the_stop_in_force_is_the_first_fulfill_after_the_last_reopen(
    events: list[dict[str, Any]],
) -> None:
    (v,), _ = zendesk_verdicts(events)
    # Each event at its (time, id): at one instant the higher id was recorded later, so an
    # activate of a higher id than the fulfill of its second takes that fulfil back.
    placed: dict[str, list[tuple[datetime, int]]] = {e["type"]: [] for e in events}
    for e in events:
        placed[e["type"]].append((datetime.fromisoformat(e["time"]), e["id"]))
    fulfils, activates = sorted(placed.get("fulfill", [])), placed.get("activate", [])
    last = [f for f in fulfils if not any(a > f for a in activates)]
    assert v.fulfilled_at == (min(last)[0] if last else None)


# -- events after the report's snapshot --------------------------------------------------------


def _wait(eid: int, kind: str, minutes: float, **extra: Any) -> dict[str, Any]:
    return dict(_ev(eid, kind, minutes, **extra), metric="requester_wait_time")


def _waiting_events() -> list[dict[str, Any]]:
    """Requester wait on ticket 987: created 09:00 with an 8 h calendar target; pending (a
    pause) at 11:00, when Zendesk also updated the metric's status (120 minutes counted)."""
    sla = {"target": 480, "business_hours": False, "policy": {"title": "Gold"}}
    status = {"calendar": 120, "business": None}
    return [_wait(1, "activate", 0), _wait(2, "apply_sla", 0, sla=sla),
            _wait(3, "pause", 120), _wait(4, "update_status", 120, status=status)]  # fmt: skip


def _waiting_measurement(at: datetime, target: str = "8h") -> Any:
    from servicemodel.model import Ticket, TicketHistory
    from servicemodel.sla import SLAPolicy, Target, evaluate

    policy = SLAPolicy("Gold", {"normal": [Target("requester_wait", target, business=False)]})
    return evaluate(policy, TicketHistory(Ticket("987", T0), []), at=at)


def test_a_pause_after_the_snapshot_is_not_the_vendors_word_at_the_snapshot() -> None:
    from servicemodel.report._reconcile import at_snapshot

    (v,), _ = zendesk_verdicts(_waiting_events())
    assert (v.state, v.paused, v.elapsed) == ("active", True, timedelta(minutes=120))
    snapshot = T0 + timedelta(hours=1)  # 10:00: the ticket was open, the clock running
    then = at_snapshot(v, snapshot)
    assert then is not None
    assert (then.state, then.paused, then.elapsed) == ("active", None, None)


def test_a_disagreement_at_the_snapshot_is_not_explained_by_a_later_pause() -> None:
    from servicemodel.report._reconcile import ReconcileTally

    (v,), _ = zendesk_verdicts(_waiting_events())
    snapshot = T0 + timedelta(hours=1)
    tally = ReconcileTally([v], {"987"}, at=snapshot)
    tally.add(_waiting_measurement(snapshot, target="30m"))  # ours breached at 09:30
    (c,) = tally.section().disagreements
    assert c.reason == (
        "verdict differs: vendor active, ours breached; "
        "targets differ: vendor 8:00:00, ours 0:30:00"
    )


#: A verdict's fields the vendor may leave unsaid at a snapshot when what said them came later
#: (the target, its policy and flag are not among them: ``applied`` says which was in force).
_MAY_BE_UNSAID = ("paused", "paused_at", "elapsed", "elapsed_at")
_TYPES = st.sampled_from(["activate", "fulfill", "pause", "breach", "update_status", "apply_sla"])


def _event(kind: str, eid: int, minutes: int, draw: st.DrawFn) -> dict[str, Any]:
    if kind == "apply_sla":
        sla = {"target": draw(st.sampled_from([30, 60, 480])),
               "business_hours": draw(st.booleans()),
               "policy": {"title": draw(st.sampled_from(["Gold", "Silver"]))}}  # fmt: skip
        # Sometimes none: "the SLA policy and target being enforced ..., if any" -- removed.
        return _wait(eid, kind, minutes, sla=draw(st.sampled_from([sla, sla, None])))
    if kind == "update_status":
        status = {"calendar": draw(st.integers(0, 300)), "business": draw(st.integers(0, 300))}
        return _wait(eid, kind, minutes, status=status)
    return _wait(eid, kind, minutes)


@st.composite
def _before_and_after(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    cut = draw(st.integers(0, 240))
    # The SLA applied at creation, or first (and perhaps changed or removed) later.
    sla = {"target": 60, "business_hours": False}
    before = [_wait(1, "apply_sla", 0, sla=sla)] if draw(st.booleans()) else []
    for i in range(draw(st.integers(0, 6))):
        before.append(_event(draw(_TYPES), 10 + i, draw(st.integers(0, cut)), draw))
    after = [_event(draw(_TYPES), 100 + i, draw(st.integers(cut + 1, cut + 240)), draw)
             for i in range(draw(st.integers(0, 6)))]  # fmt: skip

    def has(events: list[dict[str, Any]], kind: str) -> bool:
        return any(e["type"] == kind for e in events)

    if (has(after, "breach") and not has(before + after, "apply_sla")) or (
        has(before, "breach") and not has(before, "apply_sla")
    ):
        # A breach with no apply_sla before it is read as a clock whose SLA was applied
        # before the export's start: in force at the snapshot, which the events up to it
        # cannot say (a later breach), or which a later first apply_sla contradicts.
        before.insert(0, _wait(1, "apply_sla", 0, sla=sla))
    return before, after, cut


@settings(max_examples=80, deadline=None)
@given(_before_and_after())
def test_events_after_the_snapshot_never_change_what_the_verdict_says_at_it(
    drawn: tuple[list[dict[str, Any]], list[dict[str, Any]], int],
) -> None:
    """Law: the verdict read from every event, taken back to a snapshot, says what the one
    read from the events up to the snapshot says there -- its target, policy and flag too,
    and no verdict when there was none then (no SLA applied yet, or removed, and no breach)
    -- or, for what a later event restated (a pause flag, a counted time), nothing."""
    from servicemodel.report._reconcile import at_snapshot

    before, after, cut = drawn
    at = T0 + timedelta(minutes=cut)
    known = zendesk_verdicts(before)[0]
    full = zendesk_verdicts(before + after)[0]
    then = at_snapshot(known[0], at) if known else None
    now = at_snapshot(full[0], at) if full else None
    if now is None:
        # No verdict then; or the vendor's first activate came after the snapshot.
        started_later = bool(full) and not [e for e in before if e["type"] == "activate"]
        assert then is None or started_later
        return
    assert then is not None
    for name in attrs.fields_dict(type(now)):
        mine, truth = getattr(now, name), getattr(then, name)
        assert mine == truth or (name in _MAY_BE_UNSAID and mine is None), name


# -- Jira Service Management: an ongoing cycle's elapsedTime is the figure when fetched --------


def _jsm_record() -> dict[str, Any]:
    """``/request/SD-1/sla`` (the REST API's SlaInformationDTO): Time to resolution, ongoing
    since 09:00 with a 4 h goal, fetched at 11:00 (2 h elapsed, 2 h remaining)."""

    def iso(minutes: int) -> dict[str, str]:
        return {"iso8601": (T0 + timedelta(minutes=minutes)).isoformat()}

    cycle = {"startTime": iso(0), "breachTime": iso(240), "breached": False, "paused": False,
             "withinCalendarHours": True, "goalDuration": {"millis": 4 * 3_600_000},
             "elapsedTime": {"millis": 2 * 3_600_000},
             "remainingTime": {"millis": 2 * 3_600_000}}  # fmt: skip
    return {"SD-1": {"values": [{"name": "Time to resolution", "ongoingCycle": cycle}]}}


def _resolution_at(at: datetime) -> Any:
    from servicemodel.model import Ticket, TicketHistory
    from servicemodel.sla import SLAPolicy, Target, evaluate

    policy = SLAPolicy("p", {"normal": [Target("resolution", "1h", business=False)]})
    return evaluate(policy, TicketHistory(Ticket("SD-1", T0), []), at=at)


def test_an_ongoing_jsm_cycle_is_compared_with_ours_at_the_instant_it_was_read() -> None:
    from servicemodel.reconcile import jsm_verdicts, reconcile

    (v,), _ = jsm_verdicts(sla=_jsm_record(), read_at=T0 + timedelta(hours=2))
    assert (v.elapsed, v.elapsed_at) == (timedelta(hours=2), T0 + timedelta(hours=2))
    # Our snapshot is 12:00 (3 h counted); at 11:00, when JSM's record was read, ours had
    # counted 2 h too: no difference in counted time, only in the targets.
    (c,) = reconcile([v], _resolution_at(T0 + timedelta(hours=3))).clocks
    assert c.reason == (
        "verdict differs: vendor active, ours breached; "
        "targets differ: vendor 4:00:00, ours 1:00:00"
    )


def test_without_its_read_instant_an_ongoing_jsm_cycle_has_no_counted_time() -> None:
    from servicemodel.reconcile import jsm_verdicts, reconcile

    (v,), _ = jsm_verdicts(sla=_jsm_record())
    assert (v.elapsed, v.elapsed_at, v.paused) == (None, None, False)
    (c,) = reconcile([v], _resolution_at(T0 + timedelta(hours=3))).clocks
    assert "counted time" not in (c.reason or "")


def test_a_running_clock_read_later_differs_at_that_instant() -> None:
    from servicemodel.reconcile import jsm_verdicts, reconcile

    # Read at 10:00 and said 2 h: ours had counted 1 h then.
    (v,), _ = jsm_verdicts(sla=_jsm_record(), read_at=T0 + timedelta(hours=1))
    (c,) = reconcile([v], _resolution_at(T0 + timedelta(hours=3))).clocks
    assert c.reason is not None
    assert c.reason.endswith(
        "counted time differs: vendor 2:00:00, ours 1:00:00 "
        "(both at 2026-03-02T10:00:00+00:00, when the vendor's was read)"
    )


# -- reply instances: numbered anew for each reply, never reused -------------------------------


def _reply(eid: int, kind: str, minutes: float, instance: int, **extra: Any) -> dict[str, Any]:
    return dict(_ev(eid, kind, minutes, **extra), metric="reply_time", instance_id=instance)


def test_a_reply_clock_that_runs_again_is_a_fulfilment_taken_back_not_a_reused_number() -> None:
    # The reference (instance_id): "Use the instance_id property to track each instance of a
    # metric event that can occur more than once per ticket, such as the reply_time event. The
    # value increments over the lifetime of the ticket." A later reply has a new number, so a
    # reply instance activated again after its fulfill had its fulfilment taken back.
    sla = {"target": 60, "business_hours": False, "policy": {"title": "Gold"}}
    events = [_reply(1, "activate", 0, 2), _reply(2, "apply_sla", 0, 2, sla=sla),
              _reply(3, "fulfill", 30, 2), _reply(4, "activate", 200, 2),
              _reply(5, "fulfill", 230, 2), _reply(6, "activate", 300, 3),
              _reply(7, "apply_sla", 300, 3, sla=sla), _reply(8, "fulfill", 320, 3)]  # fmt: skip
    second, third = zendesk_verdicts(events)[0]
    assert second.notes == (
        "the vendor's clock ran again at 2026-03-02T12:20:00+00:00 after its fulfilment at "
        "2026-03-02T09:30:00+00:00 (its fulfilment taken back: Zendesk numbers each reply's "
        "instance anew, so this is no later reply)",
    )
    assert (second.instance, second.fulfilled_at) == (2, T0 + timedelta(minutes=230))
    assert (third.instance, third.notes) == (3, ())


@settings(max_examples=40, deadline=None)
@given(st.permutations(list(range(8))))
def test_a_reply_clock_run_again_reads_the_same_in_any_order(order: list[int]) -> None:
    sla = {"target": 60, "business_hours": False, "policy": {"title": "Gold"}}
    events = [_reply(1, "activate", 0, 2), _reply(2, "apply_sla", 0, 2, sla=sla),
              _reply(3, "fulfill", 30, 2), _reply(4, "activate", 200, 2),
              _reply(5, "breach", 260, 2), _reply(6, "fulfill", 300, 2),
              _reply(7, "fulfill", 310, 2), _reply(8, "activate", 20, 2)]  # fmt: skip
    assert zendesk_verdicts([events[i] for i in order]) == zendesk_verdicts(events)
