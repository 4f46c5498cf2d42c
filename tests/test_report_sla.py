"""Tests for the SLA report section (issue 4): servicemodel.report's SLA section."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
from servicemodel.report._json import sla_data
from servicemodel.report._sla import build_sla
from servicemodel.report._text import sla_lines
from servicemodel.sla import HasTags, PolicySet, SLAPolicy, Target

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
H = timedelta(hours=1)
POLICY = PolicySet(
    [
        SLAPolicy(
            "p",
            {
                "normal": [Target("first_reply", "1h", business=False)],
                "high": [
                    Target("first_reply", "30m", business=False),
                    Target("resolution", "4h", business=False),
                ],
            },
            condition=~HasTags(["spam"]),
        )
    ]
)


def build(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The section as the JSON output shows it."""
    return sla_data(build_sla(*args, **kwargs))


def render(*args: Any, **kwargs: Any) -> list[str]:
    """The section as the text output shows it."""
    return sla_lines(build_sla(*args, **kwargs))


def times(section: dict[str, Any], metric: str) -> dict[str, Any]:
    """The one time row of ``metric`` (every target here is in calendar time)."""
    rows = [row for row in section["times"] if row["metric"] == metric]
    assert len(rows) == 1, rows
    row = dict(rows[0])
    assert (row.pop("metric"), row.pop("base"), row.pop("base_kind")) == (
        metric,
        "calendar time",
        "calendar",
    )
    return row


def hist(
    i: int, reply_after: timedelta | None, priority: str = "normal", **kw: object
) -> TicketHistory:
    events = [AgentReply("r", T0 + reply_after)] if reply_after is not None else []
    return TicketHistory(Ticket(f"T{i}", T0, priority=priority, **kw), events)  # type: ignore[arg-type]


def test_attainment_times_and_worst() -> None:
    hs = [
        hist(1, 10 * timedelta(minutes=1)),
        hist(2, 50 * timedelta(minutes=1)),
        hist(3, 90 * timedelta(minutes=1)),  # breached by 30 min
        hist(4, None),  # never answered: breached by 9 h at the evaluation instant
        hist(5, 5 * H, "high"),  # breached by 4.5 h
        hist(6, None, tags=["spam"]),  # no policy
        TicketHistory(
            Ticket("T7", T0, priority="high"),
            [AgentReply("r", T0 + 0.25 * H), StatusChange("s", T0 + 3 * H, status="solved")],
        ),
    ]
    section = build(hs, POLICY, at=T0 + 10 * H, worst=2, finished_only=True)
    rows = {(r["metric"], r["priority"]): r for r in section["attainment"]}
    assert rows["first_reply", "normal"] == {
        "metric": "first_reply",
        "priority": "normal",
        "achieved": 2,
        "breached": 2,
        "active": 0,
        "paused": 0,
        "attainment": 0.5,
        # Added with the intervals: SLAAttainment's Wilson interval for 2 of 4.
        "attainment_lower": rows["first_reply", "normal"]["attainment_lower"],
        "attainment_upper": rows["first_reply", "normal"]["attainment_upper"],
    }
    assert 0.15 < rows["first_reply", "normal"]["attainment_lower"] < 0.5
    assert 0.5 < rows["first_reply", "normal"]["attainment_upper"] < 0.85
    assert rows["first_reply", "high"]["breached"] == 1
    assert rows["resolution", "high"]["breached"] == 1  # T5 unresolved 10 h after creation
    assert (section["tickets"], section["measured_tickets"]) == (7, 6)
    fr = times(section, "first_reply")
    assert fr.pop("estimator") == "finished-only"
    # Stopped first-reply clocks: 10 m, 15 m, 50 m, 90 m, 300 m.
    assert (fr["n"], fr["censored"]) == (5, 1)  # T4 never answered: censored, not zero
    assert fr["median_hours"] == 50 / 60
    assert fr["p90_hours"] == 5.0
    assert times(section, "resolution") == {
        "estimator": "finished-only",
        "n": 1,
        "censored": 1,  # T5 is unresolved at the evaluation instant: no resolution time yet
        "median_hours": 3.0,
        "p90_hours": 3.0,
        # Added with the intervals: one value gives no order-statistic bound at 95 %.
        "median_lower_hours": None,
        "median_upper_hours": None,
        "p90_lower_hours": None,
        "p90_upper_hours": None,
    }
    worst = section["worst_breaches"]
    assert [(w["ticket"], w["metric"]) for w in worst] == [
        ("T4", "first_reply"),
        ("T5", "resolution"),
    ]
    assert [w["overrun_hours"] for w in worst] == [9.0, 6.0]
    # The default, Kaplan-Meier: T4's running clock is censored at 10 h, not dropped.
    km = times(build(hs, POLICY, at=T0 + 10 * H), "first_reply")
    assert (km["estimator"], km["n"], km["censored"]) == ("kaplan-meier", 6, 1)
    assert km["median_hours"] == 50 / 60  # S drops to 1/2 at 50 min (3 of 6 replied)
    early = build(hs, POLICY, at=T0 + 0.5 * H)
    rows = {(r["metric"], r["priority"]): r for r in early["attainment"]}
    assert (rows["first_reply", "normal"]["achieved"], rows["first_reply", "normal"]["active"]) == (
        1,
        3,
    )
    json.dumps(section)  # JSON-ready


def test_render_lists_every_row_and_breach() -> None:
    lines = render([hist(1, 2 * H), hist(2, None)], POLICY)
    text = "\n".join(lines)
    assert lines[0] == "SLA attainment"
    assert "first_reply" in text
    assert "0.0 %" in text
    assert "T1" in text
    assert "over by 1.0 h" in text
    assert "(1 still running, censored)" in text  # T2's first reply: censored
    finished = "\n".join(render([hist(1, 2 * H), hist(2, None)], POLICY, finished_only=True))
    assert "(1 still running, not counted)" in finished


def test_empty_input() -> None:
    section = build([], POLICY)
    assert section["attainment"] == []
    assert section["times"] == []  # no clock, so no time base either
    finished = build([], POLICY, finished_only=True)
    assert finished["times"] == []
    # A base with no stopped clock (all still running) has no value and no interval.
    from servicemodel.report._base import CALENDAR
    from servicemodel.report._json import _times as times_data
    from servicemodel.report._sla import _times as time_row
    from servicemodel.sla import Metric

    row = times_data(time_row(Metric.FIRST_REPLY, CALENDAR, [], 0.95, True))
    assert row == {
        "metric": "first_reply",
        "base": "calendar time",
        "base_kind": "calendar",
        "estimator": "finished-only",
        "n": 0,
        "censored": 0,
        "median_hours": None,
        "p90_hours": None,
        # Added with the intervals: no values, no interval.
        "median_lower_hours": None,
        "median_upper_hours": None,
        "p90_lower_hours": None,
        "p90_upper_hours": None,
    }
    assert "  none" in render([], POLICY)


def test_sample_data_with_standard_policies() -> None:
    root = Path(__file__).parents[1]
    from servicemodel.io import load_jsonl

    hs = load_jsonl(root / "examples/data/tickets.jsonl").histories[:300]
    ps = PolicySet.from_file(root / "examples/policies/standard.toml")
    section = build(hs, ps)
    assert section["measured_tickets"] == len(hs)
    total = sum(
        r["achieved"] + r["breached"] + r["active"] + r["paused"] for r in section["attainment"]
    )
    assert total >= len(hs)  # at least a first-reply clock each
    assert len(section["worst_breaches"]) <= 10
