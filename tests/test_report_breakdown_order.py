"""The report's ``--by`` breakdown lists its segments in the KPI module's order.

Priorities run low to urgent, as the overview's "By priority" lists them (the labels sorted as
text once gave high, low, normal, urgent); names run alphabetically; the tickets without a
value, ``(none)``, come first. A ticket counts in the segment of each of its tags, so the tag
segments add up to more than the tickets whenever one has two tags.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.io import load_jsonl
from servicemodel.kpi import ReopenRate, by
from servicemodel.model import (
    AgentReply,
    Priority,
    PriorityChange,
    Ticket,
    TicketHistory,
)
from servicemodel.report import ReportOptions, build_report, render_text
from servicemodel.strategies import histories

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "data" / "tickets.jsonl"
NONE = "(none)"


def _labels(report_histories: list[TicketHistory], key: str) -> list[str]:
    report = build_report(report_histories, ReportOptions(by=key))
    return [scope.label for scope in report.kpi.by_breakdown]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(histories(max_events=4), min_size=1, max_size=6, unique_by=lambda h: h.id),
    st.sampled_from(["priority", "tag", "group", "agent"]),
)
def test_breakdown_lists_the_segments_of_by_in_its_order_none_first(
    items: list[TicketHistory], key: str
) -> None:
    segments = by(key, ReopenRate.empty()).add_many(items).result()
    if all(k is None for k in segments):  # a breakdown no ticket has a value for is refused
        return
    expected = [NONE] * (None in segments) + [str(k) for k in segments if k is not None]
    labels = _labels(items, key)
    assert labels == expected
    if key == "priority":
        assert [Priority(x) for x in labels] == sorted(Priority(x) for x in labels)


def test_sample_priority_breakdown_runs_low_to_urgent_like_the_overview() -> None:
    items = list(load_jsonl(SAMPLE).histories[:400])
    report = build_report(items, ReportOptions(by="priority"))
    labels = [scope.label for scope in report.kpi.by_breakdown]
    assert labels == ["low", "normal", "high", "urgent"]
    text = render_text(report)
    kpi_part = text[text.rindex("\nBy priority\n") :]
    positions = [kpi_part.index(f"\n{p}\n") for p in labels]
    assert positions == sorted(positions)


def test_priority_breakdown_counts_a_ticket_under_its_priority_at_the_snapshot() -> None:
    # T1 came in as low and was raised to urgent: low in the overview (at creation), urgent in
    # the breakdown (as it stood at the snapshot), the segment kpi.by("priority") gives it.
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    raised = TicketHistory(
        Ticket("T1", t0, priority="low"),
        [
            PriorityChange("p", t0 + timedelta(minutes=5), priority="urgent"),
            AgentReply("r", t0 + timedelta(hours=1)),
        ],
    )
    plain = TicketHistory(Ticket("T2", t0, priority="low"), [AgentReply("r", t0)])
    report = build_report([raised, plain], ReportOptions(by="priority"))
    assert report.overview.by_priority == (("low", 2),)
    n = {scope.label: scope.figure("frt_p50").n for scope in report.kpi.by_breakdown}
    assert n == {"low": 1, "urgent": 1}


def test_tag_segments_count_a_ticket_once_per_tag() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    tagged = [
        TicketHistory(Ticket("A", t0, tags=("bug", "login")), [AgentReply("r", t0)]),
        TicketHistory(Ticket("B", t0, tags=("bug",)), [AgentReply("r", t0)]),
        TicketHistory(Ticket("C", t0), [AgentReply("r", t0)]),
    ]
    report = build_report(tagged, ReportOptions(by="tag"))
    n = {scope.label: scope.figure("frt_p50").n for scope in report.kpi.by_breakdown}
    assert n == {NONE: 1, "bug": 2, "login": 1}
    assert sum(n.values()) == 4  # three tickets: segments by tag do not add up to the total
    assert report.kpi.overall.figure("frt_p50").n == 3
    assert Counter(t for h in tagged for t in h.ticket.tags or (NONE,)) == Counter(n)
