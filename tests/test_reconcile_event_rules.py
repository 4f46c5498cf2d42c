"""Rules for reading Zendesk's ticket metric events that the event types reference decides.

Fixtures are hand-written in the shape of the "Ticket Metric Events" API reference
(https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metric_events/) and its
"Ticket metric event types reference"
(https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-metric-event-types-reference).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

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
    times = {e["type"]: [] for e in events}
    for e in events:
        times[e["type"]].append(datetime.fromisoformat(e["time"]))
    fulfils, activates = sorted(times.get("fulfill", [])), times.get("activate", [])
    last = [f for f in fulfils if not any(a > f for a in activates)]
    assert v.fulfilled_at == (min(last) if last else None)
