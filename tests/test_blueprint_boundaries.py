"""Boundary rules of the blueprint: every gap's shortfall runs to its metric's documented worst
value, the QA benchmarks' directions and ends, the ranking's tie-break, the level asked for and
the goal's note."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.blueprint import Assessment, Blueprint, Gap, assess, rank
from servicemodel.blueprint._assess import goal_note
from servicemodel.errors import ConfigError
from servicemodel.goals import Comparator, GoalState, SmartGoal
from servicemodel.io import load_jsonl
from servicemodel.kpi import Estimate
from servicemodel.qa import load_evaluations
from servicemodel.servqual import responses_from_rows
from servicemodel.standards import Verdict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@cache
def _assessed(level: float = 0.95) -> Assessment:
    """The example blueprint, with a goal on the mean CSAT (1-5) added, on the example data."""
    bp = Blueprint.from_file(EXAMPLES / "blueprint.toml")
    start, deadline = bp.goals[0].window
    mean_csat = SmartGoal(
        name="mean rating 4.6",
        kpi="csat",
        statistic="mean",
        comparator=">=",
        target=4.6,
        baseline=4.0,
        objective="happier customers",
        start=start,
        deadline=deadline,
    )
    bp = attrs.evolve(bp, goals=(*bp.goals, mean_csat))
    hs = load_jsonl(EXAMPLES / "data" / "tickets.jsonl").histories
    assert bp.scorecard is not None
    evaluations = load_evaluations(EXAMPLES / "data" / "qa_evaluations.csv", bp.scorecard)
    with open(EXAMPLES / "data" / "servqual.csv", newline="") as handle:
        survey = list(responses_from_rows(csv.DictReader(handle)))
    return assess(bp, hs, survey=survey, evaluations=evaluations, level=level)


def _expected_shortfall(
    value: float, cmp: Comparator, threshold: float, worst: float | None
) -> float:
    # standards.shortfall's documented formula, written out.
    if worst is None:
        return (value - threshold) / abs(threshold)
    if cmp.lower_is_better:
        return (value - threshold) / (worst - threshold)
    return (threshold - value) / (threshold - worst)


#: The module's documented worst values of the goal KPIs ("the CSAT mean 1 (on 1-5)").
GOAL_WORST: dict[tuple[str, bool], float | None] = {
    ("csat", True): 0.0,
    ("csat", False): 1.0,
    ("nps", False): -100.0,
    ("reopen_rate", True): 1.0,
    ("resolution_rate", True): 0.0,
    ("first_reply_time", False): None,
    ("resolution_time", False): None,
}


def test_every_gap_shortfall_runs_to_its_metrics_documented_worst_value() -> None:
    a = _assessed()
    assert a.goals is not None
    kpis = {r.goal.name: (r.goal.kpi, r.unit == "share") for r in a.goals.goals}
    seen: set[str] = set()
    for gap in a.gaps:
        if gap.estimate.value is None:
            assert gap.shortfall is None
            continue
        worst: float | None
        if gap.source == "goal":
            kpi, share = kpis[gap.name]
            worst = GOAL_WORST[
                (str(kpi), share if kpi in ("csat", "reopen_rate", "resolution_rate") else False)
            ]
            seen.add(f"goal {kpi} {'share' if share else ''}")
        elif gap.source == "servqual":
            worst = 1.0 - 7.0  # a gap on 1-7 is at worst 1 - 7, held to >= 0
            assert (gap.comparator, gap.threshold) == (Comparator.GE, 0.0)
            seen.add("servqual")
        elif gap.source == "qa":
            # A QA mean score and pass rate are at worst 0, the critical-failure rate 1.
            worst = 1.0 if gap.comparator.lower_is_better else 0.0
            seen.add(f"qa {gap.name}")
        else:
            continue  # the standards' own shortfalls are tested with the standards
        expected = _expected_shortfall(gap.estimate.value, gap.comparator, gap.threshold, worst)
        assert gap.shortfall == pytest.approx(expected), gap.name
    assert {
        "goal csat share",
        "goal csat ",
        "goal nps ",
        "goal reopen_rate share",
        "goal first_reply_time ",
        "servqual",
    } <= seen


def test_the_qa_benchmarks_hold_each_rate_in_its_direction() -> None:
    # "mean score >= the scorecard's pass mark, a pass rate >= pass_rate and a
    # critical-failure rate <= critical_failure_rate".
    a = _assessed()
    bp = a.blueprint
    assert bp.scorecard is not None
    qa = {g.threshold: g.comparator for g in a.gaps if g.source == "qa"}
    assert qa == {
        bp.scorecard.pass_mark: Comparator.GE,
        bp.qa.pass_rate: Comparator.GE,
        bp.qa.critical_failure_rate: Comparator.LE,
    }


def test_every_gap_is_measured_at_the_level_asked_for() -> None:
    a = _assessed(0.8)
    levels = {(g.source, g.estimate.level) for g in a.gaps if g.estimate.n}
    assert {source for source, _ in levels} == {"standard", "goal", "servqual", "qa"}
    assert {level for _, level in levels} == {0.8}


def _blueprint_with_qa(**shares: float) -> Blueprint:
    qa: dict[str, Any] = {"scorecard": "data/qa_scorecard.toml", **shares}
    return Blueprint.from_dict({"name": "x", "qa": qa}, base=EXAMPLES)


@pytest.mark.parametrize(("key", "best"), [("pass_rate", 1.0), ("critical_failure_rate", 0.0)])
def test_a_qa_rate_at_its_best_end_is_a_zero_tolerance_benchmark(key: str, best: float) -> None:
    bp = _blueprint_with_qa(**{key: best})
    assert getattr(bp.qa, key) == best


@pytest.mark.parametrize(("key", "worst"), [("pass_rate", 0), ("critical_failure_rate", 1)])
def test_a_qa_rate_at_its_worst_end_always_holds_and_is_refused(key: str, worst: int) -> None:
    with pytest.raises(ConfigError, match="always holds"):
        _blueprint_with_qa(**{key: worst})


@given(names=st.lists(st.text("abc", min_size=1, max_size=3), min_size=2, max_size=6))
def test_equal_shortfalls_rank_by_source_then_name(names: list[str]) -> None:
    sources = ["qa", "servqual", "goal", "standard"]
    gaps = [
        Gap(
            sources[i % 4],
            name,
            "",
            None,
            Comparator.GE,
            0.5,
            "share",
            Estimate("x", 0.4, 10),
            Verdict.MISSED,
            0.2,
        )
        for i, name in enumerate(names)
    ]
    order = ["standard", "goal", "servqual", "qa"]
    ranked = rank(gaps)
    assert [(g.source, g.name) for g in ranked] == sorted(
        ((g.source, g.name) for g in gaps), key=lambda p: (order.index(p[0]), p[1])
    )


@pytest.mark.parametrize("state", [s for s in GoalState if s is not GoalState.ACHIEVED])
def test_only_an_achieved_goal_is_told_its_interval_does_not_rule_out_a_miss(
    state: GoalState,
) -> None:
    assert "interval" not in goal_note(state, Verdict.AT_RISK)
    assert "interval" in goal_note(GoalState.ACHIEVED, Verdict.AT_RISK)
    assert "interval" not in goal_note(GoalState.ACHIEVED, Verdict.MET)
