"""Tests for servicemodel.goals: the SMART letters, evaluation laws and loading."""

from __future__ import annotations

import pickle
import random
import statistics
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, GoalError, InputTypeError, NaiveDatetimeError
from servicemodel.goals import (
    Comparator,
    GoalState,
    SmartGoal,
    goals_from_dict,
    goals_from_file,
    goals_from_toml,
)
from servicemodel.io import load_jsonl
from servicemodel.kpi import Estimate, mean_estimate

ROOT = Path(__file__).resolve().parents[1]
START = datetime(2026, 8, 3, tzinfo=UTC)
DEADLINE = START + timedelta(weeks=13)

BASE: dict[str, Any] = {
    "name": "replies under 2 h",
    "kpi": "first_reply_time",
    "statistic": "mean",
    "unit": "h",
    "comparator": "<",
    "target": 2.0,
    "baseline": 4.0,
    "objective": "customers hear from us fast",
    "start": START,
    "deadline": DEADLINE,
}


def goal(**changes: Any) -> SmartGoal:
    return SmartGoal(**{**BASE, **changes})


def est(value: float | None, half: float | None = 0.2, n: int = 100) -> Estimate:
    if value is None:
        return Estimate("kpi", None, 0)
    if half is None:
        return Estimate("kpi", value, n)
    return Estimate("kpi", value, n, lower=value - half, upper=value + half)


def weekly(values: Sequence[float | None], start: datetime = START) -> dict[datetime, Estimate]:
    return {start + timedelta(weeks=i): est(v) for i, v in enumerate(values)}


# --- the letters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("name", "not specific: no name"),
        ("kpi", "not specific: no KPI"),
        ("comparator", "not measurable: no comparator"),
        ("target", "not measurable: no target"),
        ("baseline", "not attainable: no baseline"),
        ("objective", "not relevant: no objective"),
        ("start", "not time-bound: no start"),
        ("deadline", "not time-bound: no deadline"),
    ],
)
def test_missing_letter_names_letter_and_what(missing: str, message: str) -> None:
    kwargs = {k: v for k, v in BASE.items() if k != missing}
    with pytest.raises(GoalError, match=message):
        SmartGoal(**kwargs)


def test_blank_text_counts_as_missing() -> None:
    with pytest.raises(GoalError, match="not relevant"):
        goal(objective="   ")


def test_serves_satisfies_relevant() -> None:
    g = goal(objective=None, serves="retention")
    assert g.serves == "retention"
    with pytest.raises(GoalError, match="cannot serve itself"):
        goal(objective=None, serves=BASE["name"])


@pytest.mark.parametrize("delta", [timedelta(0), timedelta(days=-1)])
def test_deadline_not_after_start_is_error(delta: timedelta) -> None:
    with pytest.raises(GoalError, match=r"deadline .* is not after its start"):
        goal(deadline=START + delta)


@pytest.mark.parametrize("field", ["start", "deadline"])
def test_naive_datetime_is_rejected(field: str) -> None:
    naive = datetime(2026, 8, 3) if field == "start" else datetime(2026, 11, 2)
    with pytest.raises(NaiveDatetimeError, match=field):
        goal(**{field: naive})


def test_bad_comparator_and_types() -> None:
    with pytest.raises(GoalError, match="unknown comparator '=='"):
        goal(comparator="==")
    with pytest.raises(InputTypeError):
        goal(target="2")
    with pytest.raises(InputTypeError):
        goal(target=True)
    with pytest.raises(GoalError, match="finite"):
        goal(target=float("inf"))


@pytest.mark.parametrize(
    ("comparator", "baseline"), [("<", 1.5), ("<", 2.0), ("<=", 2.0), (">", 3.0), (">=", 2.0)]
)
def test_baseline_already_meeting_target_is_error(comparator: str, baseline: float) -> None:
    with pytest.raises(GoalError, match="already meets the target"):
        goal(comparator=comparator, baseline=baseline)


def test_target_beyond_credible_improvement_is_flagged_not_rejected() -> None:
    ok = goal(max_improvement=2.5)
    assert ok.attainable
    assert ok.warnings == ()
    flagged = goal(max_improvement=1.0)
    assert not flagged.attainable
    assert "beyond the largest credible improvement of 1 h" in flagged.warnings[0]
    assert flagged.evaluate({}, at=START).attainable is False
    with pytest.raises(GoalError, match="max_improvement"):
        goal(max_improvement=-1.0)


def test_goal_is_frozen_hashable_and_picklable() -> None:
    g = goal(segment={"channel": "email", "hours": "business"})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        g.target = 3.0  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(g)) == g
    assert hash(g) == hash(goal(segment={"hours": "business", "channel": "email"}))
    assert "first_reply_time [channel=email, hours=business] < 2 h" in repr(g)


# --- progress -------------------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def goals_and_values(draw: st.DrawFn) -> tuple[SmartGoal, float, float]:
    comparator = draw(st.sampled_from(list(Comparator)))
    target = draw(finite)
    gap = draw(st.floats(min_value=1e-3, max_value=1e5))
    baseline = target + gap if comparator.lower_is_better else target - gap
    # A KPI of no known range (a QA score): any real target is one it might reach.
    g = goal(kpi="qa_score", unit="points", comparator=comparator, target=target, baseline=baseline)
    return g, draw(finite), draw(finite)


@given(goals_and_values())
def test_progress_zero_at_baseline_one_at_target(case: tuple[SmartGoal, float, float]) -> None:
    g, _, _ = case
    assert g.progress(g.baseline_value) == 0.0
    assert g.progress(g.target_value) == pytest.approx(1.0)


@given(goals_and_values())
def test_progress_monotone_in_goal_direction(case: tuple[SmartGoal, float, float]) -> None:
    g, a, b = case
    better, worse = (
        (min(a, b), max(a, b)) if g.direction.lower_is_better else (max(a, b), min(a, b))
    )
    assert g.progress(better) >= g.progress(worse)


# --- evaluation -----------------------------------------------------------------------------


def test_not_started_before_start_and_without_data() -> None:
    g = goal()
    early = g.evaluate(weekly([3.0]), at=START - timedelta(seconds=1))
    assert early.status is GoalState.NOT_STARTED
    assert early.latest is None
    assert g.evaluate({}, at=START + timedelta(days=3)).status is GoalState.NOT_STARTED
    # Points with no value are not data.
    assert g.evaluate(weekly([None, None]), at=START + timedelta(weeks=2)).status is (
        GoalState.NOT_STARTED
    )


def test_missed_without_any_data_by_the_deadline() -> None:
    assert goal().evaluate({}, at=DEADLINE).status is GoalState.MISSED


def test_on_track_and_at_risk_follow_the_projection() -> None:
    g = goal()
    improving = g.evaluate(weekly([4.0, 3.8, 3.6, 3.4]), at=START + timedelta(weeks=4))
    assert improving.status is GoalState.ON_TRACK
    assert improving.projection is not None
    assert improving.projection < 2.0
    flat = g.evaluate(weekly([4.0, 4.1, 3.9, 4.0]), at=START + timedelta(weeks=4))
    assert flat.status is GoalState.AT_RISK
    assert flat.projection is not None
    assert flat.projection > 2.0


def test_projection_is_ordinary_least_squares_to_the_deadline() -> None:
    values = [4.0, 3.5, 3.9, 3.1, 3.3, 2.8]
    status = goal().evaluate(weekly(values), at=START + timedelta(weeks=6))
    xs = [7.0 * i for i in range(len(values))]
    slope, intercept = statistics.linear_regression(xs, values)
    assert status.slope_per_day == pytest.approx(slope)
    assert status.projection == pytest.approx(intercept + slope * 91)
    assert status.points == len(values)


def test_single_point_projects_flat() -> None:
    status = goal().evaluate(weekly([3.0]), at=START + timedelta(days=2))
    assert status.projection == 3.0
    assert status.slope_per_day == 0.0
    assert status.status is GoalState.AT_RISK


def test_achieved_and_missed() -> None:
    g = goal()
    series = weekly([4.0, 3.0, 1.9])
    early = g.evaluate(series, at=START + timedelta(weeks=3))
    assert early.status is GoalState.ACHIEVED
    assert early.progress == pytest.approx((1.9 - 4.0) / (2.0 - 4.0))
    assert early.latest is not None
    assert early.latest.value == 1.9
    assert early.latest_period == START + timedelta(weeks=2)
    late = g.evaluate(weekly([4.0] * 13), at=DEADLINE + timedelta(days=30))
    assert late.status is GoalState.MISSED


def test_strict_needs_the_whole_interval() -> None:
    g = goal()
    series = {START: Estimate("frt", 1.9, 50, lower=1.6, upper=2.2)}
    at = START + timedelta(days=1)
    assert g.evaluate(series, at=at).status is GoalState.ACHIEVED
    # Strictly not met yet, but the (point) trend still reaches the target.
    assert g.evaluate(series, at=at, strict=True).status is GoalState.ON_TRACK
    no_interval = {START: Estimate("frt", 1.0, 1)}
    assert g.evaluate(no_interval, at=at, strict=True).status is not GoalState.ACHIEVED
    higher = goal(comparator=">=", target=0.9, baseline=0.8)
    share = {START: Estimate("csat", 0.92, 300, lower=0.89, upper=0.95)}
    assert higher.evaluate(share, at=at).status is GoalState.ACHIEVED
    assert higher.evaluate(share, at=at, strict=True).status is not GoalState.ACHIEVED


def test_data_after_at_or_deadline_or_before_start_is_ignored() -> None:
    g = goal()
    series = weekly([3.5, 3.0])
    at = START + timedelta(weeks=1, days=1)
    with_future = {**series, START + timedelta(weeks=2): est(1.0)}
    with_past = {START - timedelta(weeks=1): est(0.5), **series}
    base = g.evaluate(series, at=at)
    assert g.evaluate(with_future, at=at) == base
    assert g.evaluate(with_past, at=at) == base
    after = {**weekly([3.0] * 13), DEADLINE + timedelta(days=1): est(1.0)}
    assert g.evaluate(after, at=DEADLINE + timedelta(days=2)).status is GoalState.MISSED


def test_period_keys_may_be_dates_pairs_or_period_objects() -> None:
    g = goal()
    at = START + timedelta(weeks=3)
    by_datetime = g.evaluate(weekly([3.5, 3.0, 2.5]), at=at)

    @attrs.frozen
    class Period:
        start: datetime

    by_date = g.evaluate(
        {date(2026, 8, 3) + timedelta(weeks=i): est(v) for i, v in enumerate([3.5, 3.0, 2.5])},
        at=at,
    )
    by_period = g.evaluate([(Period(k), v) for k, v in weekly([3.5, 3.0, 2.5]).items()], at=at)
    for other in (by_date, by_period):
        assert other.status == by_datetime.status
        assert other.projection == pytest.approx(by_datetime.projection)
    with pytest.raises(InputTypeError, match="series period"):
        g.evaluate({"week 1": est(3.0)}, at=at)
    with pytest.raises(NaiveDatetimeError):
        g.evaluate({datetime(2026, 8, 3): est(3.0)}, at=at)
    with pytest.raises(NaiveDatetimeError):
        g.evaluate({}, at=datetime(2026, 8, 3))


series_values = st.lists(
    st.one_of(st.none(), st.floats(min_value=0.0, max_value=10.0)), min_size=0, max_size=16
)


@given(
    values=series_values,
    at_days=st.integers(min_value=-10, max_value=130),
    strict=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_status_is_a_pure_function_of_goal_series_and_at(
    values: list[float | None], at_days: int, strict: bool, seed: int
) -> None:
    g = goal()
    at = START + timedelta(days=at_days)
    series = weekly(values)
    first = g.evaluate(series, at=at, strict=strict)
    # Same inputs, same answer; the order of the series does not matter.
    assert g.evaluate(series, at=at, strict=strict) == first
    items = list(series.items())
    random.Random(seed).shuffle(items)
    assert g.evaluate(dict(items), at=at, strict=strict) == first
    # Points later than `at` do not change it.
    future = {k: est(0.0) for k in (at + timedelta(days=1), at + timedelta(days=8))}
    assert g.evaluate({**series, **future}, at=at, strict=strict).status == first.status


@given(values=series_values, at_days=st.integers(min_value=0, max_value=130))
def test_strict_achievement_implies_plain_achievement(
    values: list[float | None], at_days: int
) -> None:
    g = goal()
    at = START + timedelta(days=at_days)
    strict = g.evaluate(weekly(values), at=at, strict=True)
    plain = g.evaluate(weekly(values), at=at)
    if strict.status is GoalState.ACHIEVED:
        assert plain.status is GoalState.ACHIEVED
    assume(plain.latest is not None)
    assert plain.progress == pytest.approx(g.progress(plain.latest.value))  # type: ignore[union-attr, arg-type]


def test_status_to_dict_is_json_ready() -> None:
    import json

    status = goal().evaluate(weekly([3.5, 3.0]), at=START + timedelta(weeks=2))
    record = json.loads(json.dumps(status.to_dict()))
    assert record["status"] == status.status.value
    assert record["latest"]["value"] == 3.0
    assert pickle.loads(pickle.dumps(status)) == status


# --- loading --------------------------------------------------------------------------------


def as_dict(**changes: Any) -> dict[str, Any]:
    data = {**BASE, "start": "2026-08-03T00:00:00+00:00", "deadline": "2026-11-02T00:00:00Z"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_from_dict_round_trip_and_dates_with_tz() -> None:
    g = SmartGoal.from_dict(as_dict(segment={"channel": "email"}))
    assert SmartGoal.from_dict(g.to_dict()) == g
    local = SmartGoal.from_dict(
        as_dict(start="2026-08-03", deadline="2026-11-02", tz="Europe/Berlin")
    )
    assert local.window[0] == datetime(2026, 8, 3, tzinfo=ZoneInfo("Europe/Berlin"))
    assert local.window[1].utcoffset() == timedelta(hours=1)  # CET after the DST change


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"deadline": None}, "deadline", "not time-bound: no deadline"),
        ({"baseline": None}, "baseline", "not attainable: no baseline"),
        ({"kpi": None}, "kpi", "not specific: no KPI"),
        ({"objective": None}, "objective", "not relevant"),
        ({"target": "fast"}, "target", "expected a number"),
        ({"comparator": "=>"}, "comparator", "unknown comparator"),
        ({"period": "fortnight"}, "period", "expected one of"),
        ({"deadline": "2026-11-02"}, "deadline", "needs a time zone"),
        ({"deadline": "2026-11-02T00:00:00"}, "deadline", "naive datetime"),
        ({"deadline": "next quarter"}, "deadline", "not an ISO 8601"),
        ({"tz": "Mars/Base"}, "tz", "unknown time zone"),
        ({"colour": "red"}, "colour", "unknown key"),
        ({"segment": {"channel": 3}}, "segment.channel", "non-empty string"),
        ({"deadline": "2026-07-01T00:00:00Z"}, "deadline", "not after its start"),
        ({"baseline": 1.5}, "baseline", "already meets the target"),
    ],
)
def test_from_dict_errors_carry_field_paths(
    changes: dict[str, Any], path: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        goals_from_dict({"goals": [as_dict(), as_dict(name="second", **changes)]})
    assert info.value.path == f"goals[1].{path}"


def test_goal_set_checks_names_and_references() -> None:
    with pytest.raises(ConfigError, match="duplicate goal name") as info:
        goals_from_dict([as_dict(), as_dict()])
    assert info.value.path == "goals[1].name"
    with pytest.raises(ConfigError, match="not a goal in this set"):
        goals_from_dict([as_dict(serves="nobody")])
    cycle = [as_dict(name="a", serves="b"), as_dict(name="b", serves="a")]
    with pytest.raises(ConfigError, match="cycle"):
        goals_from_dict(cycle)
    with pytest.raises(ConfigError, match="unknown key"):
        goals_from_dict({"goal": []})
    with pytest.raises(ConfigError, match="not valid TOML"):
        goals_from_toml("[[goals]\n")


def test_example_goals_toml_loads() -> None:
    goals = goals_from_toml((ROOT / "examples" / "goals.toml").read_text(encoding="utf-8"))
    names = [g.name for g in goals]
    assert "First response under 2 hours" in names
    assert all(g.attainable for g in goals)


def test_seed_goal_evaluates_against_the_sample_data() -> None:
    """ "Reduce average first-response time to under 2 hours within the next quarter"."""
    goals = goals_from_toml((ROOT / "examples" / "goals.toml").read_text(encoding="utf-8"))
    seed = next(g for g in goals if g.name == "First response under 2 hours")
    assert (seed.kpi, seed.statistic, seed.direction, seed.target_value, seed.unit) == (
        "first_reply_time",
        "mean",
        Comparator.LT,
        2.0,
        "h",
    )
    start, deadline = seed.window
    assert 89 <= (deadline - start).days <= 92  # one quarter
    histories = load_jsonl(ROOT / "examples" / "data" / "tickets.jsonl").histories
    tz = start.tzinfo
    hours: dict[datetime, list[float]] = defaultdict(list)
    for h in histories:
        replied = h.first_reply_at()
        if replied is None:
            continue
        local = h.created_at.astimezone(tz)
        monday = datetime.combine(
            local.date() - timedelta(days=local.weekday()), datetime.min.time(), tz
        )
        hours[monday].append((replied.astimezone(UTC) - h.created_at).total_seconds() / 3600)
    series = {}
    for week in sorted(hours):
        xs = hours[week]
        mean = statistics.fmean(xs)
        series[week] = mean_estimate(
            len(xs), mean, sum((x - mean) ** 2 for x in xs), metric="first reply time", unit="h"
        )
    assert len(series) == 13
    # A point counts from its period's start: just before week 7 begins, six weeks are known.
    mid = seed.evaluate(series, at=start + timedelta(weeks=6) - timedelta(seconds=1))
    end = seed.evaluate(series, at=deadline)
    assert mid.points == 6
    assert end.points == 13
    # The sample data's weekly mean stays far above 2 h (it is heavy-tailed), so the goal is
    # not met; whatever the status, it must agree with the latest value and the projection.
    assert end.latest is not None
    assert end.latest.value == pytest.approx(series[max(series)].value)
    assert end.status is (GoalState.ACHIEVED if end.latest.value < 2.0 else GoalState.MISSED)  # type: ignore[operator]
    assert mid.status in (GoalState.ON_TRACK, GoalState.AT_RISK, GoalState.ACHIEVED)
    assert mid.projection is not None
    assert (mid.status is GoalState.ON_TRACK) == (mid.projection < 2.0 and mid.latest.value >= 2.0)  # type: ignore[union-attr, operator]


def test_instants_compare_in_utc_across_the_dst_fold() -> None:
    # 2026-10-25 in Berlin: 02:10 of the second (CET) pass is after 02:30 of the first (CEST)
    # pass, although its wall clock reads earlier.
    berlin = ZoneInfo("Europe/Berlin")
    first = datetime(2026, 10, 25, 2, 30, tzinfo=berlin)
    second = datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=berlin)
    assert second.astimezone(UTC) > first.astimezone(UTC)
    g = goal(start=first, deadline=second + timedelta(weeks=4))
    estimate = Estimate("frt", 1.0, 30, lower=0.5, upper=1.5)
    # The point's period begins after `at`: it is not known yet.
    assert g.evaluate({second: estimate}, at=first).status is GoalState.NOT_STARTED
    assert g.evaluate({second: estimate}, at=second).status is GoalState.ACHIEVED
    # A deadline later in time than the start is valid even when its wall clock is earlier.
    assert goal(start=first, deadline=second).window == (first, second)
    with pytest.raises(GoalError, match="not after its start"):
        goal(start=second, deadline=first)


# --- one config layer ---------------------------------------------------------------------------


def test_unknown_key_at_depth_has_the_full_path_and_the_one_message_shape() -> None:
    with pytest.raises(ConfigError) as info:
        goals_from_dict({"goals": [as_dict(), as_dict(name="second", colour="red")]})
    assert info.value.path == "goals[1].colour"
    assert info.value.message.startswith("unknown key 'colour'; expected one of ['baseline', ")
    assert str(info.value).startswith("goals[1].colour: unknown key 'colour'; expected one of [")
    with pytest.raises(ConfigError) as info:
        goals_from_dict({"goals": [], "goal": []})
    assert (info.value.path, info.value.message) == (
        "goal",
        "unknown key 'goal'; expected one of ['goals']",
    )


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ({"goals": 5}, "goals", "expected a list of goal tables, got 5"),
        ({"goals": "csat"}, "goals", "expected a list of goal tables, got 'csat'"),
        ({"goals": [5]}, "goals[0]", "expected a goal table, got 5"),
        ({"goals": [{**BASE, "segment": 3}]}, "goals[0].segment", "expected a table of names"),
        ({"goals": [{**BASE, "target": float("inf")}]}, "goals[0].target", "finite number"),
    ],
)
def test_wrong_shapes_are_config_errors_with_paths(
    data: dict[str, Any], path: str, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        goals_from_dict(data)
    assert info.value.path == path
    assert message in info.value.message


def test_goals_from_file_names_the_file(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "goals.toml").read_text(encoding="utf-8")
    good = tmp_path / "goals.toml"
    good.write_text(text, encoding="utf-8")
    assert goals_from_file(good) == goals_from_toml(text)
    bad = tmp_path / "bad.toml"
    bad.write_text(text + '\n[[goals]]\nname = "x"\ncolour = "red"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        goals_from_file(bad)
    n = len(goals_from_toml(text))
    assert info.value.source == str(bad)
    assert info.value.path == f"goals[{n}].colour"
    assert str(info.value).startswith(f"{bad}: goals[{n}].colour: unknown key 'colour'")
    missing = tmp_path / "missing.json"
    missing.write_text('{"goals": [{"name": "x"}]}', encoding="utf-8")
    with pytest.raises(ConfigError, match="not specific: no KPI") as info:
        goals_from_file(missing)
    assert (info.value.source, info.value.path) == (str(missing), "goals[0].kpi")


def test_one_goal_reads_from_toml_json_and_file(tmp_path: Path) -> None:
    g = goal()
    path = tmp_path / "goal.json"
    import json

    path.write_text(json.dumps(g.to_dict()), encoding="utf-8")
    assert SmartGoal.from_file(path) == g
    assert SmartGoal.from_json(json.dumps(g.to_dict())) == g
    with pytest.raises(ConfigError) as info:
        SmartGoal.from_dict({**g.to_dict(), "targett": 1})
    assert info.value.path == "targett"


# --- hostile series values ------------------------------------------------------------------


@attrs.frozen
class _LooseEstimate:
    """An estimate-like point that does not check its numbers, as a user's own type may not."""

    value: Any
    n: int = 5
    lower: Any = None
    upper: Any = None


unusable = st.sampled_from(
    [float("nan"), float("inf"), -float("inf"), True, False, "3", 10**400, b"1", [1.0]]
)


@given(
    bad=unusable,
    field=st.sampled_from(["value", "lower", "upper"]),
    values=st.lists(st.floats(0.5, 6.0), min_size=1, max_size=6),
    where=st.integers(0, 5),
    strict=st.booleans(),
)
def test_a_used_point_with_no_finite_number_is_refused_naming_its_period(
    bad: Any, field: str, values: list[float], where: int, strict: bool
) -> None:
    # A NaN or infinite value made the trend line NaN and the status "at_risk" without a word;
    # text ("3") was read as a number and a bool as 0 or 1.
    g = goal()
    series: dict[datetime, Any] = {
        START + timedelta(weeks=i): _LooseEstimate(v) for i, v in enumerate(values)
    }
    key = START + timedelta(weeks=where % len(values))
    series[key] = attrs.evolve(series[key], **{field: bad})
    with pytest.raises(InputTypeError, match=rf"series\[.*\]\.{field}: "):
        g.evaluate(series, at=DEADLINE, strict=strict)


@given(values=series_values, bad=unusable)
def test_a_point_outside_the_window_is_not_read(values: list[float | None], bad: Any) -> None:
    # Data after `at` never changes the answer: not even an unusable value there.
    g = goal()
    at = START + timedelta(weeks=3)
    later = {at + timedelta(days=1): _LooseEstimate(bad)}
    assert g.evaluate({**weekly(values), **later}, at=at) == g.evaluate(weekly(values), at=at)


@given(
    values=st.lists(st.floats(0.5, 6.0), min_size=1, max_size=6),
    where=st.integers(0, 5),
    zone=st.sampled_from(["Pacific/Chatham", "America/Santiago", "Asia/Kathmandu"]),
    first=st.booleans(),
)
def test_two_points_at_one_instant_are_refused_in_either_order(
    values: list[float], where: int, zone: str, first: bool
) -> None:
    # The same period keyed twice (here in another zone) made the latest value, and so the
    # status, depend on the order of the series.
    g = goal()
    series = list(weekly(values).items())
    key, _ = series[where % len(values)]
    twin = (key.astimezone(ZoneInfo(zone)), est(1.0))
    items = [twin, *series] if first else [*series, twin]
    with pytest.raises(InputTypeError, match="both start at"):
        g.evaluate(items, at=DEADLINE)


@pytest.mark.parametrize(
    ("target", "said"),
    [
        (90, r"target 90\.0 is not a share in \[0, 1\] \(unit 'share'\) \(for 90 %, write 0\.9\)$"),
        (-5, r"target -5\.0 is not a share in \[0, 1\] \(unit 'share'\)$"),
        (1000, r"target 1000\.0 is not a share in \[0, 1\] \(unit 'share'\)$"),
    ],
)
def test_a_share_written_as_a_percentage_gets_the_share_only_where_one_exists(
    target: float, said: str
) -> None:
    # -5 was told "write -0.05 for -5 %" and 1000 "write 10 for 1000 %": no share either.
    with pytest.raises(GoalError, match=said):
        # (the comparator that leaves the baseline 0.1 short of the target)
        goal(kpi="reopen_rate", statistic=None, unit="share",
             comparator="<=" if target < 0 else ">=", target=target, baseline=0.1)  # fmt: skip
