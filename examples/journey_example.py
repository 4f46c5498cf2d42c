"""Worked example: customer-journey analytics on the data the repository ships.

Part 1 reads examples/data/journeys.jsonl (made by examples/make_journey_data.py): 400
customers' touchpoints, placed in the default seven-stage journey with one declared backward
move (retention -> support). It shows the funnel with Wilson intervals for conversion,
drop-off, time in stage, pain points, unclassified events and transitions the journey does not
allow, and checks that two halves of the customers merged give the same answer as one pass.

Part 2 derives a small journey from the support tickets in examples/data/tickets.jsonl:
customers are requesters and stages come from ticket tags.

Run: ``python examples/journey_example.py``
"""

from __future__ import annotations

import json
from pathlib import Path

from servicemodel.io import load_jsonl
from servicemodel.journey import (
    Journey,
    JourneyEvent,
    JourneyReport,
    JourneyStats,
    Stage,
    StageRule,
    events_from_histories,
)
from servicemodel.kpi import Estimate

DATA = Path(__file__).resolve().parent / "data"


def _pct(e: Estimate | None) -> str:
    if e is None or e.value is None:
        return "–"
    lo = "?" if e.lower is None else f"{100 * e.lower:.0f}"
    hi = "?" if e.upper is None else f"{100 * e.upper:.0f}"
    return f"{100 * e.value:5.1f} % [{lo}–{hi}]"


def _hours(e: Estimate) -> str:
    if e.value is None:
        return "–"
    return f"{e.value / 24:5.1f} d" if e.value >= 48 else f"{e.value:5.1f} h"


def describe(report: JourneyReport) -> list[str]:
    """Return a text table of ``report``."""
    lines = [
        f"{report.customers} customers",
        f"{'stage':<14}{'reached':>8}  {'conversion to next':<22}{'drop-off':<22}"
        f"{'median':>8}{'p90':>9}",
    ]
    for s in report.stages:
        lines.append(
            f"{s.name:<14}{s.reached:>8}  {_pct(s.conversion):<22}{_pct(s.drop_off):<22}"
            f"{_hours(s.time_median):>8}{_hours(s.time_p90):>9}"
        )
    csat = report.pain_points("csat")
    if csat:
        lines.append(
            "pain points by CSAT (lowest first): "
            + ", ".join(f"{s.name} {_pct(s.csat)} (n={s.csat.n})" for s in csat)
        )
    reopen = report.pain_points("reopen_rate")
    if reopen:
        lines.append(
            "pain points by reopen rate (highest first): "
            + ", ".join(f"{s.name} {_pct(s.reopen_rate)} (n={s.reopen_rate.n})" for s in reopen)
        )
    kinds: dict[str, int] = {}
    for e in report.unclassified:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    lines.append(f"unclassified events: {len(report.unclassified)} {kinds}")
    bad = ", ".join(f"{a}→{b}: {n}" for (a, b), n in report.disallowed.items())
    lines.append(f"transitions the journey does not allow: {bad or 'none'}")
    return lines


def touchpoint_journey() -> list[str]:
    """Part 1: the default journey on the seeded touchpoint data."""
    events = [
        JourneyEvent.from_dict(json.loads(line))
        for line in (DATA / "journeys.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    journey = Journey.default(backward=[("retention", "support")])
    one_pass = JourneyStats.empty(journey).add_events(events)
    # Partition by customer (as a cluster would) and merge: the same answer as one pass.
    customers = sorted({e.customer for e in events})
    half = set(customers[: len(customers) // 2])
    left = JourneyStats.empty(journey).add_events(e for e in events if e.customer in half)
    right = JourneyStats.empty(journey).add_events(e for e in events if e.customer not in half)
    assert left + right == one_pass
    return ["Touchpoint journey (examples/data/journeys.jsonl)", *describe(one_pass.result())]


def ticket_journey() -> list[str]:
    """Part 2: a journey derived from support tickets: customers are requesters, stages tags."""
    histories = load_jsonl(DATA / "tickets.jsonl").histories
    journey = Journey(
        [
            Stage("onboarding", rules=[StageRule(tags=["how-to", "login", "integration"])]),
            Stage("billing", rules=[StageRule(tags=["invoice", "refund"])]),
            Stage("incident", rules=[StageRule(tags=["bug", "outage"])]),
            Stage("feedback", rules=[StageRule(tags=["feature-request"])]),
        ],
        # Customers with an incident often go back to asking how things work.
        backward=[("incident", "onboarding"), ("feedback", "incident"), ("billing", "onboarding")],
    )
    report = JourneyStats.empty(journey).add_events(events_from_histories(histories)).result()
    return ["Ticket journey (examples/data/tickets.jsonl, stages from tags)", *describe(report)]


def main() -> list[str]:
    """Return the example's output lines."""
    return [*touchpoint_journey(), "", *ticket_journey()]


if __name__ == "__main__":
    print("\n".join(main()))
