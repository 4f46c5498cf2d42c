"""Documented readings of an assessment: automated replies, tickets on channels not offered.

docs/blueprint.md says both: standards are measured by the SLA engine (``automated_replies =
"count"`` by default), goals on ``first_reply_time`` by the KPI, which skips automated replies;
a ticket on a channel the blueprint does not offer is no error and counts in "all" only.
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


def test_a_ticket_on_a_channel_not_offered_counts_in_all_only() -> None:
    # docs/blueprint.md: no error; in the ticket total and the all-channel benchmarks only.
    from servicemodel.model import SatisfactionRating

    bp = Blueprint.from_dict(
        {
            "name": "b",
            "channels": ["email"],
            "standards": {
                "name": "s",
                "quality": {"csat": 0.8},
                "channels": {"email": {"first_reply": "1h"}},
            },
        }
    )
    rated = [AgentReply("r", T0), SatisfactionRating("c", T0 + timedelta(hours=1), score=1)]
    hs = [
        TicketHistory(Ticket("F", T0, channel="fax"), rated),
        TicketHistory(Ticket("E", T0, channel="email"), [AgentReply("r", T0)]),
    ]
    a = assess(bp, hs, at=T0 + timedelta(days=1))
    figures = {g.name: (g.estimate.value, g.estimate.n) for g in a.gaps}
    assert a.tickets == 2
    assert figures == {
        "all csat": (0.0, 1),
        "email first_reply": (1.0, 1),
        "email csat": (None, 0),
    }
