"""Boundary rules of service standards: the verdict at the threshold and without a bound, the
ends of each scale, goals from baselines at the edges, and what a measured check carries (its
shortfall, its level and the first-contact review window at the snapshot)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.goals import Comparator
from servicemodel.kpi import Estimate
from servicemodel.model import AgentReply, SatisfactionRating, StatusChange, Ticket, TicketHistory
from servicemodel.standards import (
    QualityBenchmark,
    ResponseStandard,
    ServiceStandards,
    Verdict,
    measure,
    verdict,
)

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
small = st.integers(min_value=-3, max_value=3).map(float)


@st.composite
def estimates(draw: st.DrawFn) -> Estimate:
    """An estimate whose value and bounds are small whole numbers (so ties are common), with
    either bound possibly missing."""
    value, a, b = sorted(draw(st.lists(small, min_size=3, max_size=3)), key=abs)
    lower, upper = min(a, b, value), max(a, b, value)
    return Estimate(
        "x",
        value,
        50,
        lower=draw(st.sampled_from([lower, None])),
        upper=draw(st.sampled_from([upper, None])),
    )


@given(estimate=estimates(), comparator=st.sampled_from(list(Comparator)), threshold=small)
def test_the_verdict_is_the_documented_rule(
    estimate: Estimate, comparator: Comparator, threshold: float
) -> None:
    # Verdict: missed when the value misses; at risk when the value meets it but the bound on
    # the far side (upper for <, <=; lower for >, >=) does not, or is missing; else met.
    holds = OPERATORS[comparator.value]
    assert estimate.value is not None
    bound = estimate.upper if comparator.lower_is_better else estimate.lower
    if not holds(estimate.value, threshold):
        expected = Verdict.MISSED
    elif bound is None or not holds(bound, threshold):
        expected = Verdict.AT_RISK
    else:
        expected = Verdict.MET
    assert verdict(estimate, comparator, threshold) is expected


def test_a_value_at_a_strict_threshold_misses_it() -> None:
    e = Estimate("x", 0.5, 50, lower=0.4, upper=0.6)
    assert verdict(e, ">", 0.5) is Verdict.MISSED
    assert verdict(e, "<", 0.5) is Verdict.MISSED
    assert verdict(Estimate("x", 0.5, 50, lower=0.5, upper=0.5), ">=", 0.5) is Verdict.MET


def test_a_value_without_an_interval_is_at_risk_never_met() -> None:
    assert verdict(Estimate("x", 0.99, 3), ">=", 0.5) is Verdict.AT_RISK
    assert verdict(Estimate("x", 0.01, 3), "<=", 0.5) is Verdict.AT_RISK


def test_attainment_is_a_share_in_the_half_open_unit_interval() -> None:
    # "expected a share in (0, 1]": every clock within the target may be required, none may not.
    assert ResponseStandard("chat", "first_reply", "1h", attainment=1.0).attainment == 1.0
    with pytest.raises(ConfigError, match=r"share in \(0, 1\]"):
        ResponseStandard("chat", "first_reply", "1h", attainment=0.0)


@pytest.mark.parametrize(
    ("metric", "best"), [("csat", 1.0), ("fcr", 1.0), ("reopen_rate", 0.0), ("nps", 100.0)]
)
def test_a_benchmark_at_the_best_end_of_its_scale_is_allowed(metric: str, best: float) -> None:
    # The scale is closed: [0, 1] for shares, [-100, 100] for NPS; only the worst value is
    # refused, as a benchmark that always holds.
    assert QualityBenchmark(None, metric, best).threshold == best


@pytest.mark.parametrize(("metric", "baseline"), [("csat", 0.0), ("nps", -100.0)])
def test_a_baseline_at_the_worst_end_of_its_scale_makes_a_goal(
    metric: str, baseline: float
) -> None:
    threshold = 0.9 if metric == "csat" else 30.0
    s = ServiceStandards("x", quality=[QualityBenchmark("email", metric, threshold)])
    start = datetime(2026, 8, 3, tzinfo=UTC)
    (g,) = s.goals({("email", metric): baseline}, start=start, deadline=start + timedelta(weeks=13))
    assert g.baseline == baseline
    assert g.target == threshold


@pytest.mark.parametrize(("metric", "threshold"), [("csat", 0.9), ("reopen_rate", 0.06)])
def test_a_baseline_equal_to_the_benchmark_meets_it_and_makes_no_goal(
    metric: str, threshold: float
) -> None:
    # A goal is made for each benchmark the baseline misses; `>=` and `<=` hold at equality.
    s = ServiceStandards("x", quality=[QualityBenchmark(None, metric, threshold)])
    start = datetime(2026, 8, 3, tzinfo=UTC)
    assert s.goals({(None, metric): threshold}, start=start, deadline=start + timedelta(1)) == ()


def _rated(scores: list[int]) -> list[TicketHistory]:
    return [
        TicketHistory(
            Ticket(f"T{i}", T0, channel="email"),
            [SatisfactionRating(f"s{i}", T0 + timedelta(hours=1), score=score)],
        )
        for i, score in enumerate(scores)
    ]


def test_a_quality_check_shortfall_runs_from_the_threshold_to_the_worst_value() -> None:
    # CSAT 8 of 10 satisfied (4-5 of 1-5) against 0.9: (0.9 - 0.8) / (0.9 - 0), the relative
    # shortfall of a share whose worst value is 0.
    s = ServiceStandards("x", quality=[QualityBenchmark(None, "csat", 0.9)])
    (check,) = measure(s, _rated([5] * 8 + [1] * 2), at=T0 + timedelta(days=1)).checks
    assert check.estimate.value == pytest.approx(0.8)
    assert check.verdict is Verdict.MISSED
    assert check.shortfall == pytest.approx(0.1 / 0.9)


@given(level=st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_every_check_is_measured_at_the_level_asked_for(level: float) -> None:
    hs = [
        TicketHistory(
            Ticket(f"T{i}", T0, channel="chat"), [AgentReply("r", T0 + timedelta(minutes=i))]
        )
        for i in range(1, 21)
    ]
    s = ServiceStandards(
        "x",
        [ResponseStandard("chat", "first_reply", "15m", business=False)],
        [QualityBenchmark("chat", "csat", 0.8)],
    )
    c = measure(s, hs, at=T0 + timedelta(days=1), level=level)
    assert [check.estimate.level for check in c.checks] == [level, level]


def test_first_contact_resolution_waits_for_the_review_window_at_the_snapshot() -> None:
    # Solved a day before the snapshot with a 3-day review window: it cannot be judged yet, so
    # it is left out of n and counted as missing.
    h = TicketHistory(
        Ticket("T1", T0, channel="email"),
        [
            AgentReply("r", T0 + timedelta(hours=1)),
            StatusChange("s", T0 + timedelta(hours=2), status="solved"),
        ],
    )
    s = ServiceStandards("x", quality=[QualityBenchmark(None, "fcr", 0.7)])
    (open_window,) = measure(s, [h], at=T0 + timedelta(days=1)).checks
    assert open_window.estimate.n == 0
    assert open_window.estimate.missing == 1
    assert open_window.verdict is Verdict.NO_DATA
    (closed,) = measure(s, [h], at=T0 + timedelta(days=4)).checks
    assert closed.estimate.n == 1
    assert closed.estimate.value == 1.0
