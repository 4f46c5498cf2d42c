"""A Zendesk breach with no ``apply_sla`` before it among the events: the vendor's policy unknown.

Zendesk emits ``breach`` "when a SLA target is breached", so some SLA was in force; an export
that holds no ``apply_sla`` at or before the breach does not say which. The clock is compared
(Zendesk's verdict is a breach) and a disagreement on it says the vendor's policy is unknown;
it says the SLA was applied before the export only when the export's ``start_time`` is given
and the clock's first ``activate`` is before it or absent (Zendesk emits one for every metric,
SLA or not, so such a clock -- and its ticket -- began before the export).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import NaiveDatetimeError
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import reconcile, zendesk_verdicts
from servicemodel.report._reconcile import at_snapshot, side
from servicemodel.sla import SLAPolicy, Target, evaluate_many

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
UNKNOWN = "vendor's policy unknown: no apply_sla before its breach among Zendesk's events"
SLA = {"target": 60, "business_hours": False, "policy": {"title": "Gold"}}


def _ev(kind: str, minutes: int, eid: int, **extra: Any) -> dict[str, Any]:
    at = (T0 + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")
    return {"id": eid, "ticket_id": 7, "metric": "reply_time", "instance_id": 1, "type": kind,
            "time": at, **extra}  # fmt: skip


def _ours(reply_after: timedelta) -> list[Any]:
    h = TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + reply_after)])
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "2h", business=False)]})
    return list(evaluate_many(policy, [h]))


def test_a_breach_alone_is_compared_and_its_policy_unknown() -> None:
    (v,), _ = zendesk_verdicts([_ev("activate", 0, 1), _ev("breach", 60, 2)])
    assert (v.state, v.target, v.policy, v.applied) == ("breached", None, None, ())
    assert v.notes == (UNKNOWN,)
    (c,) = reconcile([v], _ours(timedelta(minutes=90))).clocks
    assert side(c) == "both"  # compared: both sides have a verdict
    assert c.reason == f"verdict differs: vendor breached, ours achieved; {UNKNOWN}"
    assert "before the export" not in c.reason


def test_an_apply_sla_after_the_breach_does_not_say_what_decided_it() -> None:
    events = [_ev("activate", 0, 1), _ev("breach", 60, 2), _ev("apply_sla", 90, 3, sla=SLA)]
    (v,), _ = zendesk_verdicts(events)
    assert v.state == "breached"
    assert v.notes == (UNKNOWN,)


def test_an_apply_sla_before_the_breach_leaves_no_note() -> None:
    events = [_ev("apply_sla", 0, 1, sla=SLA), _ev("activate", 0, 2), _ev("breach", 60, 3)]
    (v,), _ = zendesk_verdicts(events)
    assert (v.state, v.policy, v.notes) == ("breached", "Gold", ())


def test_a_removed_sla_before_the_breach_is_no_sla_in_force() -> None:
    events = [_ev("apply_sla", 0, 1, sla=SLA), _ev("apply_sla", 10, 2), _ev("breach", 60, 3)]
    (v,), _ = zendesk_verdicts(events)
    assert v.notes == (UNKNOWN,)


def test_before_the_export_is_said_when_the_clock_began_before_its_start_time() -> None:
    start = T0 + timedelta(minutes=30)
    (v,), _ = zendesk_verdicts([_ev("breach", 60, 2)], start_time=start)
    assert v.notes == (
        "vendor's policy unknown: its clock started before the export's start_time "
        "2026-03-02T09:30:00+00:00, so its SLA was applied before the export",
    )


def test_a_clock_first_activated_before_the_start_time_began_before_the_export() -> None:
    start = T0 + timedelta(minutes=30)
    events = [_ev("activate", 0, 1), _ev("pause", 10, 2), _ev("activate", 40, 3),
              _ev("breach", 60, 4)]  # fmt: skip
    (v,), _ = zendesk_verdicts(events, start_time=start)
    assert "so its SLA was applied before the export" in v.notes[0]


def test_a_clock_activated_inside_the_export_is_not_said_to_be_older() -> None:
    start = T0 - timedelta(days=1)
    (v,), _ = zendesk_verdicts([_ev("activate", 0, 1), _ev("breach", 60, 2)], start_time=start)
    assert v.notes == (UNKNOWN,)


def test_other_events_without_an_sla_give_no_verdict() -> None:
    """Activate, pause, fulfill and update_status come for every metric, SLA or not."""
    events = [
        _ev("activate", 0, 1),
        _ev("pause", 10, 2),
        _ev("activate", 20, 3),
        _ev("fulfill", 30, 4),
        _ev("update_status", 30, 5, status={"calendar": 20}),
    ]
    assert zendesk_verdicts(events) == ((), ())


def test_a_snapshot_before_the_breach_has_not_seen_the_note() -> None:
    (v,), _ = zendesk_verdicts([_ev("activate", 0, 1), _ev("breach", 60, 2)])
    before = at_snapshot(v, T0 + timedelta(minutes=30))
    assert before is not None
    assert (before.state, before.notes) == ("active", ())
    after = at_snapshot(v, T0 + timedelta(minutes=61))
    assert after is not None
    assert after.notes == (UNKNOWN,)


def test_start_time_must_be_aware() -> None:
    with pytest.raises(NaiveDatetimeError, match="start_time"):
        zendesk_verdicts([], start_time=datetime(2026, 3, 2))


_KINDS = ("apply_sla", "remove_sla", "breach", "activate", "fulfill", "pause")


@st.composite
def _clock_events(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for i in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(_KINDS))
        minutes = draw(st.integers(0, 180))
        if kind == "apply_sla":
            out.append(_ev("apply_sla", minutes, i, sla=SLA))
        elif kind == "remove_sla":
            out.append(_ev("apply_sla", minutes, i))
        else:
            out.append(_ev(kind, minutes, i))
    return out


def _minute(e: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(e["time"])


@settings(max_examples=80, deadline=None)
@given(_clock_events(), st.one_of(st.none(), st.integers(-60, 240)), st.randoms())
def test_the_policy_is_unknown_exactly_when_no_sla_was_in_force_at_the_breach(
    events: list[dict[str, Any]], start: int | None, rnd: Any
) -> None:
    """Law: a verdict carries the "vendor's policy unknown" note exactly when it is breached
    and the last apply_sla before its breach (by time, then id) is none or a removal;
    the note says the SLA was applied before the export exactly when a start_time is given
    and the clock's first activate is before it (or none is among the events); and the
    order of the events never matters."""
    start_time = None if start is None else T0 + timedelta(minutes=start)
    found, _ = zendesk_verdicts(events, start_time=start_time)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert zendesk_verdicts(shuffled, start_time=start_time)[0] == found
    if not found:
        return
    (v,) = found
    unknown = [n for n in v.notes if n.startswith("vendor's policy unknown")]
    if v.breached_at is None:
        assert unknown == []
        return
    # The breach counted is the first by time, then id; an apply_sla of its second is before
    # it exactly when its id is lower (Zendesk numbers events in the order it records them).
    breach = min((_minute(e), e["id"]) for e in events if e["type"] == "breach")
    assert breach[0] == v.breached_at
    applies = sorted((_minute(e), e["id"], "sla" in e) for e in events if e["type"] == "apply_sla")
    in_force = [has for at, eid, has in applies if (at, eid) < breach]
    assert (unknown != []) == (not in_force or not in_force[-1])
    if unknown:
        activated = [_minute(e) for e in events if e["type"] == "activate"]
        # The clock began before the export: its first activate is before start_time, or
        # none is among the events (Zendesk emits one for every metric).
        older = start_time is not None and (not activated or min(activated) < start_time)
        assert ("applied before the export" in unknown[0]) == older
