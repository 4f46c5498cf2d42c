"""The standards' CSAT reads each rating on its own scale, as the report and the goals do.

It read every rating as 1-5: a 4 of 1-7 counted satisfied (not in the goal), Zendesk's
"good" (1 of 0..1) unsatisfied, and a 6 of 1-7 stopped the measure with a ScaleError that
named no ticket. Its NPS rounded each score and read any scale as 0-10, where the report
refuses both.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ScaleError
from servicemodel.kpi import Ratings
from servicemodel.model import SatisfactionRating, Ticket, TicketHistory
from servicemodel.report import ReportOptions, build_report, goal_series
from servicemodel.standards import QualityBenchmark, ServiceStandards, measure, quality_estimate
from servicemodel.strategies import satisfaction_ratings

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
AT = T0 + timedelta(days=30)
#: Ours (1-5), Zendesk's good/bad (0..1), Freshdesk's 1-7, NPS-like 0-10 and a 1-3 scale.
SCALES = ((1, 5), (0, 1), (1, 7), (0, 10), (1, 3))
STANDARDS = ServiceStandards(
    "Acme",
    quality=[QualityBenchmark(None, "csat", 0.8), QualityBenchmark("chat", "csat", 0.9)],
)


def _rating(i: int, score: int, low: int, high: int, minutes: int = 60) -> SatisfactionRating:
    at = T0 + timedelta(minutes=7 * i + minutes)
    return SatisfactionRating(f"s{i}-{minutes}", at, score=score, scale_min=low, scale_max=high)


def _ticket(i: int, channel: str, ratings: list[SatisfactionRating]) -> TicketHistory:
    return TicketHistory(Ticket(f"T{i}", T0 + timedelta(minutes=7 * i), channel=channel), ratings)


@st.composite
def _rated_histories(draw: st.DrawFn) -> list[TicketHistory]:
    """Tickets on two channels, each with up to two CSAT ratings on any of ``SCALES``."""
    out = []
    for i in range(draw(st.integers(0, 10))):
        created = T0 + timedelta(minutes=7 * i)
        drawn = draw(
            st.lists(
                satisfaction_ratings(scales=SCALES, at=st.just(created + timedelta(hours=1))),
                max_size=2,
            )
        )
        # Ids unique within the ticket, as the model requires.
        ratings = [attrs.evolve(r, id=f"s{j}") for j, r in enumerate(drawn)]
        out.append(_ticket(i, draw(st.sampled_from(["email", "chat"])), ratings))
    return out


def _satisfied(r: SatisfactionRating) -> bool:
    # Counted by hand: top-2-box on five points or more, the top point on a shorter scale.
    points = r.scale_max - r.scale_min + 1
    return r.score >= (r.scale_max - 1 if points >= 5 else r.scale_max)


@settings(max_examples=60, deadline=None)
@given(_rated_histories())
def test_standards_csat_is_the_report_and_goal_csat_on_mixed_scales(
    hs: list[TicketHistory],
) -> None:
    checks = {c.channel: c.estimate for c in measure(STANDARDS, hs, at=AT).checks}
    report = build_report(hs, ReportOptions(at=AT)).kpi
    assert report is not None
    scopes = {s.label: s for s in report.by_channel}
    for channel, est in checks.items():
        items = [h for h in hs if channel in ("all", h.ticket.channel)]
        # The KPI section's and the goals' accumulator, on the same tickets.
        assert est == Ratings.satisfied_share().add_many(items).result(0.95)
        assert est == quality_estimate("csat", items)
        latest = [h.ratings("csat")[-1] for h in items if h.ratings("csat")]
        assert est.n == len(latest)
        expected = sum(map(_satisfied, latest)) / len(latest) if latest else None
        assert est.value == expected
        scope = report.overall if channel == "all" else scopes.get(channel)
        if scope is not None:
            assert scope.figure("csat") == est
        elif latest:
            raise AssertionError(f"the report has no {channel} scope for rated tickets")


def test_each_rating_counts_on_its_own_scale() -> None:
    hs = [
        _ticket(0, "chat", [_rating(0, 4, 1, 7)]),  # 4 of 1-7: below 6-7, not satisfied
        _ticket(1, "chat", [_rating(1, 1, 0, 1)]),  # Zendesk "good": satisfied
        _ticket(2, "chat", [_rating(2, 6, 1, 7)]),  # 6 of 1-7: satisfied (was a ScaleError)
        _ticket(3, "chat", [_rating(3, 0, 0, 1)]),  # Zendesk "bad"
        _ticket(4, "chat", [_rating(4, 4, 1, 5)]),  # 4 of 1-5: satisfied
        # Rated again: only the latest (a 2 of 1-5) counts.
        _ticket(5, "chat", [_rating(5, 5, 1, 5), _rating(5, 2, 1, 5, minutes=90)]),
    ]
    est = quality_estimate("csat", hs)
    assert (est.n, est.value) == (6, 3 / 6)


def test_the_compiled_goal_measures_a_one_to_seven_export_as_the_standard_did() -> None:
    hs = [_ticket(i, "chat", [_rating(i, s, 1, 7)]) for i, s in enumerate((7, 6, 5, 4, 6, 2))]
    start, deadline = T0 - timedelta(days=1), T0 + timedelta(days=29)
    compliance = measure(STANDARDS, hs, at=deadline)
    (check,) = [c for c in compliance.checks if c.channel == "chat"]
    assert (check.estimate.n, check.estimate.value) == (6, 3 / 6)
    (goal,) = [
        g
        for g in compliance.goals(start=start, deadline=deadline, period="month")
        if g.segment_dict == {"channel": "chat"}
    ]
    _, series = goal_series(hs, goal, at=deadline)
    assert list(series.values()) == [check.estimate]


# --- NPS: read as the report reads it ---------------------------------------------------------

NPS_STANDARDS = ServiceStandards("Acme", quality=[QualityBenchmark(None, "nps", 30)])


@st.composite
def _nps_histories(draw: st.DrawFn) -> list[TicketHistory]:
    out = []
    for i in range(draw(st.integers(0, 10))):
        at = st.just(T0 + timedelta(minutes=7 * i + 60))
        drawn = draw(
            st.lists(satisfaction_ratings(survey="nps", scales=[(0, 10)], at=at), max_size=2)
        )
        out.append(_ticket(i, "chat", [attrs.evolve(r, id=f"n{j}") for j, r in enumerate(drawn)]))
    return out


@settings(max_examples=40, deadline=None)
@given(_nps_histories())
def test_standards_nps_is_the_report_nps(hs: list[TicketHistory]) -> None:
    (check,) = measure(NPS_STANDARDS, hs, at=AT).checks
    report = build_report(hs, ReportOptions(at=AT)).kpi
    assert report is not None
    assert check.estimate == report.overall.figure("nps")


@pytest.mark.parametrize(
    "rating",
    [
        # An "nps" survey on 1-5 was counted as if on 0-10; a 8.5 was rounded to 8.
        SatisfactionRating("n", T0 + timedelta(hours=1), score=5, survey="nps"),
        SatisfactionRating(
            "n", T0 + timedelta(hours=1), score=8.5, survey="nps", scale_min=0, scale_max=10
        ),
    ],
)
def test_an_nps_rating_the_report_refuses_is_refused_as_the_report_refuses_it(
    rating: SatisfactionRating,
) -> None:
    hs = [_ticket(0, "chat", [rating])]
    # Both are named by their ticket and rating, in the standards as in the report.
    named = r"^ticket 'T0': nps rating 'n' scores (5\.0 on the scale 1\.\.5|8\.5; NPS counts)"
    with pytest.raises(ScaleError, match=named):
        measure(NPS_STANDARDS, hs, at=AT)
    with pytest.raises(ScaleError, match=named):
        build_report(hs, ReportOptions(at=AT))
