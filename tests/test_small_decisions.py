"""Four small documented decisions, each pinned: a goal's p100, ``Journey.allows`` for one
stage, a zero-tolerance QA benchmark, and ordered mapping views in the strategies."""

from __future__ import annotations

import math
import shutil
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import servicemodel.strategies as strategies
from servicemodel.blueprint import Blueprint, assess
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.goals import SmartGoal
from servicemodel.io import load_jsonl
from servicemodel.journey import Journey
from servicemodel.model import TicketHistory
from servicemodel.qa import Evaluation, load_evaluations, score
from servicemodel.report import goal_series
from servicemodel.standards import Verdict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# --- 1. a goal's statistic p100 ----------------------------------------------------------


def _goal(statistic: str) -> SmartGoal:
    return SmartGoal(
        name="g",
        kpi="first_reply_time",
        statistic=statistic,
        unit="h",
        comparator="<",
        target=2.0,
        baseline=8.0,
        objective="speed",
        start=datetime(2026, 8, 3, tzinfo=UTC),
        deadline=datetime(2026, 11, 2, tzinfo=UTC),
    )


@pytest.mark.parametrize("statistic", ["p100", "P100", "p100.0", "p1e2"])
def test_a_goal_on_p100_is_refused_saying_why_and_what_to_write(statistic: str) -> None:
    # docs/goals.md: p100, the longest time, has no Kaplan-Meier estimate while the longest
    # wait is still open; a goal's percentile is below 100, and p99 or p99.9 is offered.
    with pytest.raises(ConfigError) as info:
        goal_series([], _goal(statistic))
    assert info.value.path is not None
    assert info.value.path.endswith("statistic")
    message = str(info.value)
    assert repr(statistic) in message
    assert "longest time" in message
    assert "use p99 or p99.9" in message


@settings(max_examples=50)
@given(st.floats(min_value=0, max_value=100, exclude_min=True, exclude_max=True))
def test_a_goal_takes_every_percentile_between_0_and_100(q: float) -> None:
    # The documented range of a goal's pNN: above 0, below 100; p50 is the median, and any
    # other is named so that its name reads back as it (docs/kpi.md).
    _, series = goal_series([], _goal(f"p{q!r}"))
    assert series
    metric = next(iter(series.values())).metric
    if q == 50:
        assert metric == "first reply time median"
    else:
        assert float(metric.removeprefix("first reply time p")) == q


@settings(max_examples=30)
@given(st.floats(min_value=100, exclude_min=True, allow_nan=False) | st.floats(max_value=0))
def test_a_goal_percentile_outside_0_100_is_refused(q: float) -> None:
    with pytest.raises(ConfigError, match=r"statistic"):
        goal_series([], _goal(f"p{q!r}"))


# --- 2. Journey.allows for a stage and itself ---------------------------------------------


@settings(max_examples=50)
@given(strategies.journeys(), st.booleans(), st.data())
def test_staying_in_a_stage_is_always_allowed(
    journey: Journey, skips: bool, data: st.DataObject
) -> None:
    # Journey.allows: staying in a stage is no transition, allowed with or without skips.
    journey = attrs.evolve(journey, allow_skips=skips)
    stage = data.draw(st.sampled_from(journey.names))
    assert journey.allows(stage, stage) is True


def test_the_default_journey_without_skips_allows_staying_but_not_skipping() -> None:
    journey = Journey.default(allow_skips=False)
    assert all(journey.allows(s, s) for s in journey.names)
    assert journey.allows("awareness", "consideration")
    assert not journey.allows("awareness", "purchase")


def test_allows_names_an_unknown_stage_even_for_itself() -> None:
    with pytest.raises(ConfigError, match="unknown stage 'nowhere'"):
        Journey.default(allow_skips=False).allows("nowhere", "nowhere")


# --- 3. a zero-tolerance QA benchmark -------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the example blueprint with the files it references."""
    shutil.copy(EXAMPLES / "blueprint.toml", tmp_path / "blueprint.toml")
    shutil.copy(EXAMPLES / "goals.toml", tmp_path / "goals.toml")
    (tmp_path / "policies").mkdir()
    shutil.copy(EXAMPLES / "policies" / "standard.toml", tmp_path / "policies")
    (tmp_path / "data").mkdir()
    shutil.copy(EXAMPLES / "data" / "qa_scorecard.toml", tmp_path / "data")
    return tmp_path


def _with(folder: Path, **shares: Any) -> Path:
    f = folder / "blueprint.toml"
    text = f.read_text(encoding="utf-8")
    for key, old in (("pass_rate", "0.7"), ("critical_failure_rate", "0.05")):
        line = f"{key} = {old}"
        assert line in text
        if key in shares:
            text = text.replace(line, f"{key} = {shares[key]}", 1)
    f.write_text(text, encoding="utf-8")
    return f


@pytest.mark.parametrize(
    ("key", "value"),
    [("critical_failure_rate", 0), ("critical_failure_rate", 0.0), ("pass_rate", 1)],
)
def test_a_zero_tolerance_qa_benchmark_is_taken(folder: Path, key: str, value: float) -> None:
    bp = Blueprint.from_file(_with(folder, **{key: value}))
    assert getattr(bp.qa, key) == value


@pytest.mark.parametrize(
    ("key", "value", "text"),
    [
        ("pass_rate", 0, "qa.pass_rate: pass_rate >= 0 always holds"),
        ("critical_failure_rate", 1, "qa.critical_failure_rate: critical_failure_rate <= 1 always"),
        ("pass_rate", 70, "qa.pass_rate: expected a share in [0, 1], got 70 (for 70 %, write 0.7)"),
        ("critical_failure_rate", -0.1, "qa.critical_failure_rate: expected a share in [0, 1]"),
        ("critical_failure_rate", 1.5, "qa.critical_failure_rate: expected a share in [0, 1]"),
    ],
)
def test_a_qa_benchmark_that_always_holds_or_is_no_share_is_refused(
    folder: Path, key: str, value: float, text: str
) -> None:
    f = _with(folder, **{key: value})
    with pytest.raises(ConfigError) as info:
        Blueprint.from_file(f)
    assert str(info.value).startswith(f"{f}: {text}"), str(info.value)


@cache
def _tickets() -> tuple[TicketHistory, ...]:
    return tuple(load_jsonl(EXAMPLES / "data" / "tickets.jsonl").histories)


def _critical_gap(bp: Blueprint, evaluations: list[Evaluation]) -> Any:
    a = assess(bp, _tickets(), evaluations=evaluations)
    (gap,) = [g for g in a.gaps if g.name == "QA critical-failure rate"]
    return gap


def test_a_zero_critical_failure_benchmark_is_missed_by_one_failure(folder: Path) -> None:
    bp = Blueprint.from_file(_with(folder, critical_failure_rate=0))
    assert bp.scorecard is not None
    evaluations = list(load_evaluations(EXAMPLES / "data" / "qa_evaluations.csv", bp.scorecard))
    failing = [e for e in evaluations if score(bp.scorecard, e).critical_failures]
    clean = [e for e in evaluations if not score(bp.scorecard, e).critical_failures]
    assert failing
    assert clean
    # One critical failure among clean evaluations: the rate is above 0, the benchmark missed,
    # and its shortfall is (value - 0) / (1 - 0), the rate itself (standards.shortfall).
    gap = _critical_gap(bp, [*clean, failing[0]])
    assert gap.threshold == 0
    assert gap.verdict is Verdict.MISSED
    assert math.isclose(gap.estimate.value, 1 / (len(clean) + 1))
    assert math.isclose(gap.shortfall, gap.estimate.value)
    # None at all: the rate is 0 but its interval's upper bound is above 0, so at_risk, not met.
    gap = _critical_gap(bp, clean)
    assert gap.estimate.value == 0
    assert gap.estimate.upper > 0
    assert gap.verdict is Verdict.AT_RISK
    assert gap.shortfall == 0


# --- 4. strategies: a set is refused, a mapping's ordered views are taken -----------------


_CHANNELS = st.lists(st.sampled_from(["chat", "email", "phone", "web"]), min_size=1, unique=True)


@settings(max_examples=20)
@given(_CHANNELS, st.data())
def test_a_dicts_keys_and_values_are_taken_in_the_dicts_order(
    channels: list[str], data: st.DataObject
) -> None:
    # A dict keeps its insertion order on every run, so its views are ordered lists of values.
    by_key = dict.fromkeys(channels, 0)
    by_value = dict(enumerate(channels))
    for value in (by_key.keys(), by_value.values()):
        ticket = data.draw(strategies.tickets(channels=value))
        assert ticket.channel in channels


@settings(max_examples=20)
@given(_CHANNELS, st.sampled_from([set, frozenset]), st.data())
def test_a_set_is_refused_with_a_reason_true_of_it(
    channels: list[str], kind: type, data: st.DataObject
) -> None:
    with pytest.raises(InputTypeError) as info:
        data.draw(strategies.tickets(channels=kind(channels)))
    message = str(info.value)
    assert message.startswith("tickets: channels must be an ordered list, not a set")
    assert "whose order changes from run to run" not in message  # not true of every set
    assert "for text, a seed that changes from run to run" in message
    assert "a dict's keys()" in message
