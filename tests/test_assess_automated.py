"""An automated reply stops a response standard's clock but never counts as a first reply time.

docs/blueprint.md says so: standards are measured by the SLA engine (``automated_replies =
"count"`` by default), goals on ``first_reply_time`` by the KPI, which skips automated replies.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from servicemodel.blueprint import Blueprint, assess
from servicemodel.model import AgentReply, Ticket, TicketHistory

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday


def test_a_bot_meets_the_standard_and_the_goal_shows_the_people() -> None:
    bp = Blueprint.from_dict(
        {
            "name": "b",
            "standards": {
                "name": "s",
                "channels": {"email": {"first_reply": {"within": "1h", "time": "calendar"}}},
            },
            "goals": [
                {
                    "name": "first reply",
                    "objective": "people answer within the hour",
                    "kpi": "first_reply_time",
                    "unit": "h",
                    "period": "day",
                    "comparator": "<=",
                    "target": 1.0,
                    "baseline": 8.0,
                    "tz": "UTC",
                    "start": "2026-03-02",
                    "deadline": "2026-03-31",
                }
            ],
        }
    )
    bot, person = timedelta(minutes=1), timedelta(hours=5)
    hs = [
        TicketHistory(
            Ticket(f"T{i}", T0, channel="email"),
            [AgentReply("bot", T0 + bot, automated=True), AgentReply("r", T0 + person)],
        )
        for i in range(20)
    ]
    a = assess(bp, hs, at=T0 + timedelta(days=2))
    gaps = {g.source: g for g in a.gaps}
    assert (gaps["standard"].estimate.value, gaps["standard"].estimate.n) == (1.0, 20)
    assert gaps["goal"].estimate.value == 5.0
    assert gaps["goal"].verdict.value == "missed"
