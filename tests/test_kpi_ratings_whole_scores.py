"""A rating between two points of the survey's scale (an NPS of 8.5) names its ticket.

The NPS accumulator refused it with its own message ("NPS scores are whole numbers 0..10, got
8.5"), which named no ticket; the report, the standards and the goals read ratings through
``Ratings``, which now refuses it as it refuses a rating on another scale.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ScaleError
from servicemodel.goals import SmartGoal
from servicemodel.kpi import CES, CSAT, NPS, Ratings
from servicemodel.model import SatisfactionRating, Ticket, TicketHistory
from servicemodel.report import ReportOptions, build_report, goal_series
from servicemodel.standards import QualityBenchmark, ServiceStandards, measure

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
AT = T0 + timedelta(days=30)


def _history(
    ticket: str, score: float, *, survey: str = "nps", low: int = 0, high: int = 10
) -> TicketHistory:
    rating = SatisfactionRating(
        "r1", T0 + timedelta(hours=1), score=score, survey=survey, scale_min=low, scale_max=high
    )
    return TicketHistory(Ticket(ticket, T0, channel="chat"), [rating])


NAMED = r"^ticket 'T-7': nps rating 'r1' scores 8\.5; NPS counts whole scores 0\.\.10$"


def test_ratings_names_the_ticket_and_the_score() -> None:
    with pytest.raises(ScaleError, match=NAMED):
        Ratings.empty(NPS.empty()).add(_history("T-7", 8.5))
    with pytest.raises(ScaleError, match=NAMED):
        Ratings.empty(NPS.empty()).scores(_history("T-7", 8.5))


def test_the_report_names_the_ticket() -> None:
    hs = [_history("T-1", 9), _history("T-7", 8.5)]
    with pytest.raises(ScaleError, match=NAMED):
        build_report(hs, ReportOptions(at=AT))


def test_the_standards_name_the_ticket() -> None:
    standards = ServiceStandards("Acme", quality=[QualityBenchmark(None, "nps", 30)])
    with pytest.raises(ScaleError, match=NAMED):
        measure(standards, [_history("T-1", 9), _history("T-7", 8.5)], at=AT)


def test_a_goal_names_the_ticket() -> None:
    goal = SmartGoal(
        name="NPS 30",
        kpi="nps",
        unit="points",
        period="month",
        comparator=">=",
        target=30.0,
        baseline=0.0,
        objective="keep customers",
        start=T0 - timedelta(days=1),
        deadline=T0 + timedelta(days=29),
    )
    with pytest.raises(ScaleError, match=NAMED):
        goal_series([_history("T-7", 8.5)], goal, at=AT)


def test_a_csat_mean_and_a_ces_name_the_ticket_too() -> None:
    with pytest.raises(ScaleError, match=r"^ticket 'T2': csat rating 'r1' scores 4\.5; CSAT"):
        Ratings.empty(CSAT.empty()).add(_history("T2", 4.5, survey="csat", low=1, high=5))
    with pytest.raises(ScaleError, match=r"^ticket 'T3': ces rating 'r1' scores 6\.5; CES"):
        Ratings.empty(CES.empty()).add(_history("T3", 6.5, survey="ces", low=1, high=7))


def test_a_whole_float_is_its_point() -> None:
    ratings = Ratings.empty(NPS.empty()).add(_history("T", 9.0))
    assert ratings.accumulator == NPS.empty().add(9)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.integers(0, 20).map(lambda half: half / 2),  # 0, 0.5, ..., 10
        min_size=1,
        max_size=8,
    )
)
def test_ratings_refuse_exactly_what_the_accumulator_refuses_and_name_the_ticket(
    scores: list[float],
) -> None:
    hs = [_history(f"T{i}", s) for i, s in enumerate(scores)]
    bad = [i for i, s in enumerate(scores) if not s.is_integer()]
    if not bad:
        got = Ratings.empty(NPS.empty()).add_many(hs).accumulator
        assert got == NPS.empty().add_many([int(s) for s in scores])
        return
    with pytest.raises(ScaleError) as raised:
        Ratings.empty(NPS.empty()).add_many(hs)
    first = bad[0]
    assert str(raised.value).startswith(f"ticket 'T{first}': nps rating 'r1' scores ")
    assert repr(scores[first]) in str(raised.value)
    # The accumulator refuses the same scores (with a message of its own).
    with pytest.raises(ScaleError):
        NPS.empty().add_many(scores)
