"""The report's SLA rows per priority say which tickets of that priority were left out.

A partial history that cannot run a metric's clock is left out of the metric (see
``servicemodel.sla.SLALeftOut``); the row over all priorities counts it, and so does the row
of the ticket's priority (its priority at the snapshot), so the priority rows' counts add up
to the total's. A priority whose every ticket was left out still has its row, with no clock.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import given, settings

from servicemodel.io.summary._partial import metric_facts
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    AgentReply,
    PriorityChange,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.report import (
    ReportOptions,
    build_report,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.report._left_out import LEFT_OUT, left_out
from test_report_left_out import POLICY, mixes

SCHEMA = Path(__file__).parent.parent / "src" / "servicemodel" / "report" / "schema"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HOUR = timedelta(hours=1)
UNAUDITED = "first_reply,next_reply,pauses,periodic_update,reopens,status_order,status_times"


def _ticket(i: int, priority: str, *, lost: str = "") -> TicketHistory:
    created = T0 + i * HOUR
    attributes = {PARTIAL_ATTRIBUTE: lost} if lost else {}
    ticket = Ticket(f"T{i}", created, priority=priority, attributes=attributes)
    events = [StatusChange(f"{i}.s", created + 3 * HOUR, status="solved")]
    if not lost:
        events.insert(0, AgentReply(f"{i}.r", created + HOUR))
    return TicketHistory(ticket, events)


def _export() -> list[TicketHistory]:
    # Normal: three complete, one without audits; high: one complete, two without audits;
    # urgent: one, without audits (no urgent ticket has a known first reply).
    return [
        _ticket(0, "normal"),
        _ticket(1, "normal"),
        _ticket(2, "normal"),
        _ticket(3, "normal", lost=UNAUDITED),
        _ticket(4, "high"),
        _ticket(5, "high", lost=UNAUDITED),
        _ticket(6, "high", lost=UNAUDITED),
        _ticket(7, "urgent", lost=UNAUDITED),
    ]


def _rows(report: Any) -> dict[tuple[str, str | None], Any]:
    section = report.sla
    return {(r.metric, r.priority): r for r in (*section.attainment, *section.by_metric)}


def test_each_priority_row_says_what_it_left_out() -> None:
    report = build_report(_export(), ReportOptions(policies=POLICY))
    rows = _rows(report)
    counts = {
        key: (r.achieved + r.breached + r.active + r.paused, r.attainment.count(LEFT_OUT))
        for key, r in rows.items()
        if key[0] == "first_reply"
    }
    assert counts == {
        ("first_reply", "urgent"): (0, 1),
        ("first_reply", "high"): (1, 2),
        ("first_reply", "normal"): (3, 1),
        ("first_reply", None): (4, 4),
    }
    # Every ticket knows its solve: resolution leaves none out, at any priority.
    assert all(not left_out(r.attainment) for k, r in rows.items() if k[0] == "resolution")
    urgent = rows["first_reply", "urgent"].attainment
    assert (urgent.value, urgent.n, urgent.missing) == (None, 0, 1)
    text = render_text(report)
    assert "(2 tickets left out: partial history (lost: first_reply))" in text
    assert "(1 ticket left out: partial history (lost: first_reply))" in text
    assert "(4 tickets left out: partial history (lost: first_reply))" in text
    data = json.loads(render_json(report))
    jsonschema.validate(data, json.loads((SCHEMA / "report-1.json").read_text("utf-8")))
    high = next(
        r
        for r in data["sla"]["attainment"]
        if (r["metric"], r["priority"]) == ("first_reply", "high")
    )
    assert high["left_out"] == 2
    assert high["note"] == "2 tickets left out: partial history (lost: first_reply)"
    markdown = render_markdown(report)  # (which escapes the underscore)
    assert (
        "| first\\_reply | high | 1 | 0 | 0 | 0 | 100.0 % \\[20.7, 100.0\\]; 2 tickets left out: "
        in markdown
    )


def test_a_complete_export_has_no_notes() -> None:
    report = build_report(_export()[:3], ReportOptions(policies=POLICY))
    assert all(not left_out(r.attainment) for r in _rows(report).values())
    assert "left out" not in render_text(report)


def _final_priority(h: TicketHistory) -> str:
    prio = h.ticket.priority
    for e in h.events:
        if isinstance(e, PriorityChange):
            prio = e.priority
    return prio.value


@settings(max_examples=25, deadline=None)
@given(mix=mixes())
def test_the_priority_rows_count_the_tickets_of_their_priority(
    mix: tuple[list[TicketHistory], list[TicketHistory], datetime],
) -> None:
    # Each copy lacking a fact the clock needs is counted on the row of its priority at the
    # snapshot (every priority has a target in POLICY), once; the rows add up to the total.
    complete, copies, as_of = mix
    report = build_report(complete + copies, ReportOptions(policies=POLICY, at=as_of))
    rows = _rows(report)
    for metric in ("first_reply", "resolution"):
        facts = set(metric_facts(metric))
        want: dict[str, int] = {}
        for c in copies:
            if set(c.ticket.attributes[PARTIAL_ATTRIBUTE].split(",")) & facts:
                prio = _final_priority(c)
                want[prio] = want.get(prio, 0) + 1
        total = rows.get((metric, None))
        if total is None or (total.attainment.value is None and total.attainment.n == 0):
            continue  # no ticket could run the clock: the metric is "not available"
        got = {
            prio: left_out(r.attainment)
            for (m, prio), r in rows.items()
            if m == metric and prio is not None and left_out(r.attainment)
        }
        assert got == want, metric
        assert left_out(total.attainment) == sum(want.values())
