"""The overview's "By ISO week of creation" lists every week from the first to the last.

A week in which no ticket was created is listed with 0, as the KPI section's weeks and
``kpi.periods`` list every period: a weekly volume read from the report (the JSON's
``overview.by_week``, the CSV's rows) has no silent gap. The text folds a run of two or more
such weeks into one line, as it folds the KPI section's empty weeks.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.report import build_report, render_csv, render_json, render_text
from servicemodel.report._overview import build_overview
from servicemodel.strategies import histories

ZONES = [UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("Pacific/Chatham"), ZoneInfo("America/Havana")]


def _label(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(histories(max_events=0, max_gap=timedelta(days=40)), max_size=8),
    st.sampled_from(ZONES),
)
def test_overview_weeks_run_unbroken_from_the_first_to_the_last(
    items: list[TicketHistory], tz: Any
) -> None:
    weeks = build_overview(items, tz=tz).by_week
    days = [h.created_at.astimezone(tz).date() for h in items]
    if not days:
        assert weeks == ()
        return
    mondays = [d - timedelta(days=d.weekday()) for d in days]
    first, last = min(mondays), max(mondays)
    expected_labels = [
        _label(first + timedelta(weeks=i)) for i in range((last - first).days // 7 + 1)
    ]
    assert [w for w, _ in weeks] == expected_labels
    counted = Counter(_label(d) for d in days)
    assert dict(weeks) == {w: counted.get(w, 0) for w in expected_labels}
    assert sum(n for _, n in weeks) == len(items)


def _two_weeks_apart() -> list[TicketHistory]:
    t0 = datetime(2026, 8, 3, 9, tzinfo=UTC)  # a Monday: 2026-W32
    later = t0 + timedelta(weeks=3)  # 2026-W35; W33 and W34 have no ticket
    gap_after = later + timedelta(weeks=2)  # 2026-W37; W36 has none
    return [
        TicketHistory(Ticket(f"T{i}", at), [AgentReply("r", at + timedelta(hours=1))])
        for i, at in enumerate((t0, t0, later, gap_after))
    ]


def test_a_quiet_week_is_listed_with_zero_in_json_and_csv() -> None:
    report = build_report(_two_weeks_apart())
    by_week = json.loads(render_json(report))["overview"]["by_week"]
    assert by_week == {
        "2026-W32": 2,
        "2026-W33": 0,
        "2026-W34": 0,
        "2026-W35": 1,
        "2026-W36": 0,
        "2026-W37": 1,
    }
    assert list(by_week) == list(json.loads(render_json(report))["kpi"]["by_week"])
    assert "overview,tickets,,2026-W33,0," in render_csv(report)


def test_text_folds_a_run_of_quiet_weeks_into_one_line() -> None:
    text = render_text(build_report(_two_weeks_apart()))
    overview = text[text.index("By ISO week of creation") : text.index("KPIs")]
    lines = [line.strip() for line in overview.splitlines()[1:] if line.strip()]
    assert lines[1] == "2026-W33 .. 2026-W34  no tickets (2 weeks)"
    assert lines[3].split()[:2] == ["2026-W36", "0"]  # a single quiet week is a row of 0
    assert len(lines) == 5
