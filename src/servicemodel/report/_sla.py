"""Report section: SLA attainment, business-time first reply and resolution, worst breaches.

Every history is measured against the policy set with
[`evaluate_many`][servicemodel.sla.evaluate_many] (final view unless ``at`` is given).
Attainment is ``achieved / (achieved + breached)`` per metric and priority; clocks still
active or paused are counted but left out of the ratio. Times are the clocks' own elapsed
time (business time on the target's calendar, pauses excluded) of clocks that stopped; a clock still
running or paused has no value yet (censored, not zero) and is counted as ``censored``;
percentiles use the nearest-rank rule. A breach's overrun is ``elapsed - target``.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> from servicemodel.sla import PolicySet, SLAPolicy, Target
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> ps = PolicySet([SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})])
    >>> hs = [TicketHistory(Ticket(f"T{i}", t0), [AgentReply("r", t0 + timedelta(minutes=20 * i))])
    ...       for i in range(1, 5)]
    >>> section = build(hs, ps)
    >>> section["attainment"][0]["attainment"]
    0.75
    >>> render(section)[3].split()
    ['first_reply', 'normal', '3', '1', '0', '0', '75.0', '%']
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from servicemodel.model import Priority, TicketHistory
from servicemodel.sla import Measurement, MeasurementState, Metric, PolicySet, SLAPolicy, evaluate

__all__ = ["build", "render"]

_STATES = ("achieved", "breached", "active", "paused")


def _percentile(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def build(
    histories: Iterable[TicketHistory],
    policies: PolicySet | SLAPolicy,
    *,
    at: datetime | None = None,
    worst: int = 10,
) -> dict[str, Any]:
    """Measure ``histories`` against ``policies`` and summarise (a JSON-ready dict).

    Streams the histories (one ticket at a time); memory grows with the number of stopped
    first-reply and resolution clocks (for the percentiles) and ``worst``.
    """
    counts: dict[tuple[Metric, Priority], dict[str, int]] = {}
    hours: dict[Metric, list[float]] = {Metric.FIRST_REPLY: [], Metric.RESOLUTION: []}
    censored = dict.fromkeys(hours, 0)
    heap: list[tuple[float, int, dict[str, Any]]] = []
    tickets = measured = 0
    seq = 0
    for h in histories:
        tickets += 1
        ms = evaluate(policies, h, at=at)
        if ms:
            measured += 1
        for m in ms:
            row = counts.setdefault((m.metric, m.priority), dict.fromkeys(_STATES, 0))
            row[str(m.state.value)] += 1
            if m.metric in hours:
                if m.stopped_at is not None:
                    hours[m.metric].append(m.elapsed.total_seconds() / 3600)
                else:
                    censored[m.metric] += 1
            if m.state is MeasurementState.BREACHED and worst > 0:
                seq += 1
                item = (-m.remaining.total_seconds(), -seq, _breach(m))
                if len(heap) < worst:
                    heapq.heappush(heap, item)
                else:
                    heapq.heappushpop(heap, item)
    attainment = []
    for metric in Metric:
        for prio in reversed(Priority):
            found = counts.get((metric, prio))
            if found is None:
                continue
            decided = found["achieved"] + found["breached"]
            attainment.append(
                {
                    "metric": metric.value,
                    "priority": prio.value,
                    **found,
                    "attainment": found["achieved"] / decided if decided else None,
                }
            )
    times = {}
    for metric, values in hours.items():
        values.sort()
        times[metric.value] = {
            "n": len(values),
            "censored": censored[metric],
            "median_hours": _percentile(values, 0.5),
            "p90_hours": _percentile(values, 0.9),
        }
    return {
        "tickets": tickets,
        "measured_tickets": measured,
        "evaluated_at": at.isoformat() if at is not None else None,
        "attainment": attainment,
        "business_time": times,
        "worst_breaches": [item for _, _, item in sorted(heap, reverse=True)],
    }


def _breach(m: Measurement) -> dict[str, Any]:
    return {
        "ticket": m.ticket_id,
        "policy": m.policy,
        "metric": m.metric.value,
        "priority": m.priority.value,
        "target_hours": m.target.within.total_seconds() / 3600,
        "overrun_hours": -m.remaining.total_seconds() / 3600,
        "due_at": m.due_at.isoformat() if m.due_at is not None else None,
        "stopped_at": m.stopped_at.isoformat() if m.stopped_at is not None else None,
    }


def _h(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} h"


def render(section: dict[str, Any]) -> list[str]:
    """Text lines for the SLA section."""
    lines = [
        "SLA attainment",
        "==============",
        f"{'metric':<16} {'priority':<8} {'achvd':>6} {'brchd':>6} {'active':>6} "
        f"{'paused':>6} {'attainment':>10}",
    ]
    for row in section["attainment"]:
        ratio = "-" if row["attainment"] is None else f"{100 * row['attainment']:.1f} %"
        lines.append(
            f"{row['metric']:<16} {row['priority']:<8} {row['achieved']:>6} {row['breached']:>6} "
            f"{row['active']:>6} {row['paused']:>6} {ratio:>10}"
        )
    lines.append(
        f"({section['measured_tickets']} of {section['tickets']} tickets matched a policy; "
        "attainment = achieved / (achieved + breached))"
    )
    lines += ["", "Business time of stopped clocks (nearest-rank percentiles)"]
    for metric, t in section["business_time"].items():
        lines.append(
            f"  {metric:<12} n={t['n']:<6} median {_h(t['median_hours']):>9}   "
            f"p90 {_h(t['p90_hours']):>9}   ({t['censored']} still running, not counted)"
        )
    lines += ["", "Worst breaches (by overrun)"]
    if not section["worst_breaches"]:
        lines.append("  none")
    for b in section["worst_breaches"]:
        lines.append(
            f"  {b['ticket']:<12} {b['metric']:<16} {b['priority']:<7} "
            f"over by {b['overrun_hours']:.1f} h (target {b['target_hours']:g} h, "
            f"due {b['due_at']})"
        )
    return lines
