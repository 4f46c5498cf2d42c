"""The JSON report's goal series points carry ``censored``, as its KPI and SLA times do.

docs/goals.md: a goal's median or percentile time is a Kaplan-Meier estimate, its tickets still
waiting at the cutoff inside ``n`` and counted as censored; a mean is over finished tickets only
(the waiting ones are ``missing``), and under ``--finished-only`` every time is. docs/report.md:
``censored`` is named alike in the JSON and the CSV. The schema (additionalProperties false)
takes the new key, and a report written before it (no ``censored``) still validates.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.goals import SmartGoal
from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
from servicemodel.report import ReportOptions, build_report, render_csv, render_json

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
SCHEMA = json.loads(
    resources.files("servicemodel.report").joinpath("schema/report-1.json").read_text("utf-8")
)


@st.composite
def histories(draw: st.DrawFn) -> list[TicketHistory]:
    """Tickets over three weeks: some answered, some solved, some still waiting."""
    out = []
    for i in range(draw(st.integers(1, 8))):
        t = T0 + timedelta(days=draw(st.integers(0, 20)), minutes=i)
        events: list[Any] = []
        if draw(st.booleans()):
            events.append(AgentReply(f"r{i}", t + timedelta(hours=draw(st.integers(1, 30)))))
        if draw(st.booleans()):
            events.append(StatusChange(f"s{i}", t + timedelta(hours=31), status="solved"))
        out.append(TicketHistory(Ticket(f"T{i}", t), events))
    return out


def _goal(kpi: str, statistic: str | None) -> SmartGoal:
    timed = kpi == "first_reply_time"
    return SmartGoal(
        name="g",
        kpi=kpi,
        statistic=statistic,
        unit="h" if timed else "share",
        comparator="<" if timed else ">",
        target=2.0 if timed else 0.9,
        baseline=8.0 if timed else 0.5,
        objective="speed",
        start=T0.replace(hour=0),
        deadline=T0.replace(hour=0) + timedelta(weeks=5),
    )


def _waiting_by_week(found: list[TicketHistory]) -> dict[str, int]:
    """Per ISO week of creation, the tickets with no agent reply (none comes after ``at``)."""
    out: dict[str, int] = {}
    for h in found:
        year, week, _ = h.ticket.created_at.isocalendar()
        label = f"{year}-W{week:02d}"
        out[label] = out.get(label, 0) + (not any(isinstance(e, AgentReply) for e in h.events))
    return out


@given(
    histories(),
    st.sampled_from(
        [
            ("first_reply_time", "median"),
            ("first_reply_time", "p90"),
            ("first_reply_time", "mean"),
            ("resolution_rate", None),
        ]
    ),
    st.booleans(),
)
def test_each_goal_point_gives_its_censored_tickets_as_the_csv_does(
    found: list[TicketHistory], goal: tuple[str, str | None], finished_only: bool
) -> None:
    kpi, statistic = goal
    at = T0 + timedelta(days=22)
    report = build_report(
        found, ReportOptions(at=at, finished_only=finished_only, goals=[_goal(kpi, statistic)])
    )
    data = json.loads(render_json(report))
    jsonschema.validate(data, SCHEMA)
    (g,) = data["goals"]["goals"]
    rows = {
        r["period"]: r
        for r in csv.DictReader(io.StringIO(render_csv(report)))
        if (r["section"], r["metric"]) == ("goals", "value")
    }
    waiting = _waiting_by_week(found)
    km = kpi == "first_reply_time" and statistic != "mean" and not finished_only
    assert g["series"]
    for point in g["series"]:
        expected = waiting.get(point["period"], 0) if km else 0
        assert point["censored"] == expected, point
        assert point["censored"] == int(rows[point["period"]]["censored"])
    for goal_report in report.goals.goals if report.goals else ():
        for p in goal_report.series:
            assert p.censored == (waiting.get(p.period, 0) if km else 0)


def test_a_point_without_censored_from_an_older_report_still_validates() -> None:
    found = [TicketHistory(Ticket("T1", T0), [AgentReply("r", T0 + timedelta(hours=1))])]
    report = build_report(
        found,
        ReportOptions(at=T0 + timedelta(days=22), goals=[_goal("first_reply_time", "median")]),
    )
    data = json.loads(render_json(report))
    for point in data["goals"]["goals"][0]["series"]:
        assert point.pop("censored") == 0
    jsonschema.validate(data, SCHEMA)
    data["goals"]["goals"][0]["series"][0]["censored"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
