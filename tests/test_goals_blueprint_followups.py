"""Goal statuses and goal estimates refuse what no evaluation gives; goal gaps measure toward
the worst value on the goal's own side; goal targets are checked on the KPI's known scale."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.blueprint import Blueprint, assess
from servicemodel.blueprint._assess import goal_worst
from servicemodel.errors import ConfigError, GoalError, InputTypeError, ServiceModelError
from servicemodel.goals import Comparator, GoalState, GoalStatus, SmartGoal
from servicemodel.kpi import Estimate
from servicemodel.model import SatisfactionRating, Ticket, TicketHistory
from servicemodel.standards import Verdict, shortfall

START = datetime(2026, 8, 3, tzinfo=UTC)
BASE: dict[str, Any] = {
    "name": "g",
    "objective": "why",
    "start": START,
    "deadline": START + timedelta(weeks=13),
}

NOT_FINITE = st.sampled_from([math.nan, math.inf, -math.inf])
FINITE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


def _status(**fields: Any) -> GoalStatus:
    return GoalStatus("g", GoalState.ON_TRACK, START, "ok", **fields)


def _time_goal() -> SmartGoal:
    return SmartGoal(
        **BASE, kpi="first_reply_time", unit="h", comparator="<", target=2.0, baseline=4.0
    )


# --- GoalStatus and the estimates a goal reads -------------------------------------------------


@given(st.sampled_from(["progress", "projection", "slope_per_day"]), NOT_FINITE)
def test_a_status_number_that_is_not_finite_is_refused_naming_it(field: str, bad: float) -> None:
    """Law: progress, projection and slope are finite or None; NaN and infinities are refused."""
    with pytest.raises(ConfigError, match=rf"^GoalStatus\.{field}: {bad!r} is not a finite"):
        _status(**{field: bad})
    assert _status(**{field: None}).to_dict()[field] is None


@given(st.sampled_from(["progress", "projection", "slope_per_day"]), FINITE)
def test_a_finite_status_number_is_kept(field: str, value: float) -> None:
    assert _status(**{field: value}).to_dict()[field] == value


def _estimate_like(value: Any, lower: Any, upper: Any, n: Any = 30) -> SimpleNamespace:
    return SimpleNamespace(value=value, lower=lower, upper=upper, n=n)


@given(FINITE, FINITE, FINITE)
def test_a_status_refuses_a_latest_interval_exactly_when_it_is_reversed(
    value: float, a: float, b: float
) -> None:
    """Law: a hand-built latest estimate is kept iff lower <= upper; else refused naming both."""
    latest = _estimate_like(value, a, b)
    if a <= b:
        assert _status(latest=latest).to_dict()["latest"]["lower"] == a
    else:
        with pytest.raises(ConfigError, match=r"^GoalStatus\.latest: lower bound .* is above"):
            _status(latest=latest)


@given(st.sampled_from(["value", "lower", "upper"]), NOT_FINITE)
def test_a_status_refuses_a_latest_value_or_bound_that_is_not_finite(
    field: str, bad: float
) -> None:
    fields: dict[str, Any] = {"value": 1.0, "lower": None, "upper": None}
    fields[field] = bad
    with pytest.raises(ConfigError, match=rf"^GoalStatus\.latest\.{field}: "):
        _status(latest=_estimate_like(**fields))


@pytest.mark.parametrize(
    ("fields", "error", "said"),
    [
        ({"value": "1"}, InputTypeError, r"^GoalStatus\.latest\.value: expected a number"),
        ({"n": -1}, ConfigError, r"^GoalStatus\.latest\.n must be a count"),
        ({"n": 2.5}, ConfigError, r"^GoalStatus\.latest\.n must be a count"),
    ],
)
def test_a_status_refuses_a_latest_of_the_wrong_kind(
    fields: dict[str, Any], error: type[Exception], said: str
) -> None:
    values: dict[str, Any] = {"value": 1.0, "lower": None, "upper": None, "n": 30, **fields}
    with pytest.raises(error, match=said):
        _status(latest=_estimate_like(**values))


@given(FINITE, FINITE, FINITE)
def test_a_goal_refuses_a_reversed_interval_where_it_reads_one(
    value: float, a: float, b: float
) -> None:
    """Law: meets() and evaluate() read an estimate-like iff its interval is in order."""
    goal = _time_goal()
    est = _estimate_like(value, a, b)
    at = START + timedelta(days=1)
    if a <= b:
        goal.meets(est, strict=True)
        assert goal.evaluate({START: est}, at=at).latest is est
        return
    with pytest.raises(ConfigError, match=r"^estimate: lower bound .* is above upper bound"):
        goal.meets(est, strict=True)
    with pytest.raises(ConfigError, match=r"^series\[.*\]: lower bound .* is above upper bound"):
        goal.evaluate({START: est}, at=at)


@given(st.sampled_from(["value", "lower", "upper"]), NOT_FINITE)
def test_a_goal_refuses_an_estimate_that_is_not_finite(field: str, bad: float) -> None:
    # A NaN value compared false with the target: meets() said "not met" without a word.
    fields: dict[str, Any] = {"value": 1.0, "lower": None, "upper": None}
    fields[field] = bad
    est = _estimate_like(**fields)
    with pytest.raises(ServiceModelError, match=rf"^estimate\.{field}: "):
        _time_goal().meets(est)
    with pytest.raises(ServiceModelError, match=rf"^series\[.*\]\.{field}: "):
        _time_goal().evaluate({START: est}, at=START + timedelta(days=1))


def test_an_evaluation_still_builds_its_status_from_real_estimates() -> None:
    goal = _time_goal()
    series = {START + timedelta(weeks=w): Estimate("frt", v, 50, lower=v - 0.2, upper=v + 0.2)
              for w, v in enumerate([3.8, 3.5, 3.1])}  # fmt: skip
    status = goal.evaluate(series, at=START + timedelta(weeks=3))
    assert attrs.evolve(status) == status
    assert status.status is GoalState.ON_TRACK


# --- the shortfall's worst value lies on the standard's missing side ---------------------------

#: Exact binary fractions, so the laws hold without rounding.
DYADIC = st.integers(min_value=-(2**20), max_value=2**20).map(lambda k: k / 64)
COMPARATORS = st.sampled_from(list(Comparator))


def _missing_side(cmp: Comparator, threshold: float, step: float) -> float:
    """A value ``step`` from the threshold toward the worst side (step >= 0)."""
    return threshold + step if cmp.lower_is_better else threshold - step


@given(COMPARATORS, DYADIC, st.integers(min_value=1, max_value=2**20), DYADIC, DYADIC)
def test_the_shortfall_runs_from_0_at_the_threshold_to_1_at_the_worst_value(
    cmp: Comparator, threshold: float, room: int, a: float, b: float
) -> None:
    """Law: with the worst value on the missing side, the shortfall is 0 at the threshold,
    at most 0 past it, in (0, 1] between it and the worst value (1 at the worst), and grows
    as the value moves away from the threshold."""
    worst = _missing_side(cmp, threshold, room / 64)
    assert shortfall(threshold, cmp, threshold, worst) == 0
    assert shortfall(worst, cmp, threshold, worst) == 1
    for step in (abs(a), abs(b)):
        short = shortfall(_missing_side(cmp, threshold, step), cmp, threshold, worst)
        margin = shortfall(_missing_side(cmp, threshold, -step), cmp, threshold, worst)
        assert margin <= 0
        if 0 < step <= room / 64:
            assert 0 < short <= 1
    near, far = sorted((abs(a), abs(b)))
    s_near = shortfall(_missing_side(cmp, threshold, near), cmp, threshold, worst)
    s_far = shortfall(_missing_side(cmp, threshold, far), cmp, threshold, worst)
    assert s_near < s_far if near < far else s_near == s_far


@given(COMPARATORS, DYADIC, st.integers(min_value=1, max_value=2**20), DYADIC)
def test_a_worst_value_on_the_wrong_side_of_the_threshold_is_refused_naming_both(
    cmp: Comparator, threshold: float, room: int, value: float
) -> None:
    """Law: a worst value on the met side of the threshold is a ConfigError naming both."""
    worst = _missing_side(cmp, threshold, -room / 64)
    said = rf"^the worst value {worst!r} lies (above|below) the threshold {threshold!r} of a"
    with pytest.raises(ConfigError, match=said):
        shortfall(value, cmp, threshold, worst)


def test_the_reviewed_case_is_refused() -> None:
    # 0.8 against >= 0.9 with a worst of 1 gave 1.0, "the worst value the metric can take".
    with pytest.raises(ConfigError, match=r"worst value 1\.0 lies above the threshold 0\.9"):
        shortfall(0.8, ">=", 0.9, worst=1.0)


# --- a goal's gap measures toward the worst value of its own direction -------------------------

#: (kpi, unit as the goals report gives it, lowest, highest value)
SCALES = [
    ("csat", "share", 0.0, 1.0),
    ("csat", "", 1.0, 5.0),
    ("nps", "points", -100.0, 100.0),
    ("reopen_rate", "share", 0.0, 1.0),
    ("resolution_rate", "share", 0.0, 1.0),
    ("first_reply_time", "h", 0.0, math.inf),
    ("resolution_time", "d", 0.0, math.inf),
]


@given(
    st.sampled_from(SCALES),
    COMPARATORS,
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=1),
)
def test_a_goal_gap_is_in_0_1_for_every_value_of_the_kpi_that_misses_the_target(
    scale: tuple[str, str, float, float], cmp: Comparator, where: float, how_far: float
) -> None:
    """Law: for every goal direction, the worst value lies on the missing side of the target,
    so a value of the KPI that misses the target has a shortfall in [0, 1] (a time held
    ``<=`` has no highest value: its relative overrun is positive)."""
    kpi, unit, low, high = scale
    top = 100.0 if math.isinf(high) else high
    target = low + where * (top - low)
    worst = goal_worst(kpi, unit, cmp, target)
    if worst is None:
        assert kpi.endswith("_time")
        assert cmp.lower_is_better
        value = target + how_far * 10
        if target > 0:
            assert shortfall(value, cmp, target, None) >= 0
        return
    assert (worst > target) if cmp.lower_is_better else (worst < target)
    far_end = high if cmp.lower_is_better else low
    value = target + how_far * (far_end - target)
    assert 0 <= shortfall(value, cmp, target, worst) <= 1


def _one_week_of_ratings(scores: list[int]) -> list[TicketHistory]:
    return [
        TicketHistory(
            Ticket(f"T{i}", START + timedelta(hours=i)),
            [SatisfactionRating(f"r{i}", START + timedelta(hours=i + 1), score=score)],
        )
        for i, score in enumerate(scores)
    ]


@pytest.mark.parametrize(
    ("comparator", "target", "baseline", "expected"),
    [
        # 3 of 10 satisfied: 0.3 against <= 0.2 runs 0.1 of the 0.8 up to 1 (it was measured
        # against the 0.2 down to 0: 0.5).
        ("<=", 0.2, 0.9, 0.1 / 0.8),
        # ... and against >= 0.9, 0.6 of the 0.9 down to 0.
        (">=", 0.9, 0.2, 0.6 / 0.9),
    ],
)
def test_an_assessed_csat_goal_is_measured_toward_the_worst_of_its_direction(
    comparator: str, target: float, baseline: float, expected: float
) -> None:
    goal = {"name": "csat", "objective": "why", "kpi": "csat", "comparator": comparator,
            "target": target, "baseline": baseline, "tz": "UTC", "start": "2026-08-03",
            "deadline": "2026-08-31"}  # fmt: skip
    bp = Blueprint.from_dict({"name": "x", "goals": [goal]})
    hs = _one_week_of_ratings([5, 5, 5, 1, 1, 1, 1, 1, 1, 1])
    (gap,) = assess(bp, hs, at=START + timedelta(weeks=1)).gaps
    assert gap.estimate.value == pytest.approx(0.3)
    assert gap.verdict is Verdict.MISSED
    assert gap.shortfall == pytest.approx(expected)


def test_a_strict_goal_at_the_end_of_its_scale_is_measured_against_the_whole_scale() -> None:
    # A target at the worst end itself (a mean rating > 1 on 1-5, a reopen rate < 1) leaves
    # "no room" between the target and the worst value: the scale's width measures it.
    assert goal_worst("csat", "", Comparator.GT, 1.0) == -3.0
    assert goal_worst("reopen_rate", "share", Comparator.LT, 1.0) == 2.0
    assert shortfall(1.0, Comparator.GT, 1.0, -3.0) == 0
    assert shortfall(2.0, Comparator.GT, 1.0, -3.0) == -0.25


# --- what a goal checks of its target: the KPI's scale where known, finite numbers else -------


def _goal(**fields: Any) -> SmartGoal:
    return SmartGoal(**{**BASE, **fields})


SHARE_KPIS = [("csat", None), ("csat", "share"), ("reopen_rate", None), ("resolution_rate", "rate")]


@given(
    st.sampled_from(SHARE_KPIS),
    st.sampled_from(["target", "baseline"]),
    st.floats(min_value=1.001, max_value=1000) | st.floats(min_value=-1000, max_value=-0.001),
)
def test_a_share_kpi_with_no_unit_refuses_a_number_outside_0_1(
    kpi_statistic: tuple[str, str | None], field: str, outside: float
) -> None:
    """Law: csat (but its mean), reopen_rate and resolution_rate are shares as the goals report
    reads them, with or without unit="share": a target or baseline outside [0, 1] is refused
    naming the field (90 written for 90 % was built, and only the report refused it)."""
    kpi, statistic = kpi_statistic
    numbers = {"target": 0.5, "baseline": 0.5, field: outside}
    cmp = ">=" if (field == "target") == (outside > 1) else "<="  # the baseline misses it
    with pytest.raises(GoalError, match=rf"{field} .* is not a share in \[0, 1\]: {kpi} is"):
        _goal(kpi=kpi, statistic=statistic, comparator=cmp, **numbers)
    with pytest.raises(GoalError, match=rf"{field} .* is not a share in \[0, 1\] \(unit 'share'"):
        _goal(kpi=kpi, statistic=statistic, unit="share", comparator=cmp, **numbers)


@given(st.floats(min_value=0.5, max_value=0.99), st.floats(min_value=0, max_value=0.49))
def test_a_share_kpi_with_no_unit_keeps_a_share(target: float, baseline: float) -> None:
    for kpi in ("csat", "reopen_rate", "resolution_rate"):
        assert _goal(kpi=kpi, comparator=">=", target=target, baseline=baseline).target == target


def test_a_csat_mean_is_of_unknown_scale() -> None:
    # The mean rating's scale (1-5 in the goals report, 1-7 or 0-10 elsewhere) is not the
    # goal's to know: its target is any finite number.
    assert _goal(kpi="csat", statistic="mean", comparator=">=", target=6.2, baseline=5.8)


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"kpi": "nps", "comparator": ">=", "target": 10, "baseline": -150},
         "baseline -150 is no value of the KPI: an NPS is at least -100"),
        ({"kpi": "nps", "comparator": "<", "target": 10, "baseline": 101},
         "baseline 101 is no value of the KPI: an NPS is at most 100"),
        ({"kpi": "resolution_time", "unit": "h", "comparator": ">", "target": 2, "baseline": -1},
         "baseline -1 is no value of the KPI: a time is at least 0"),
    ],
)  # fmt: skip
def test_a_baseline_the_kpi_never_takes_is_refused(fields: dict[str, Any], said: str) -> None:
    with pytest.raises(GoalError, match=rf"^goal 'g' is not measurable: {said}$"):
        _goal(**fields)


@given(COMPARATORS, FINITE, FINITE)
def test_a_kpi_of_unknown_scale_takes_any_finite_target_short_of_the_baseline(
    cmp: Comparator, target: float, baseline: float
) -> None:
    """Law: with the scale unknown, a goal is built iff its baseline does not meet its target."""
    fields = {"kpi": "handled per agent", "comparator": cmp, "target": target}
    if cmp.holds(baseline, target) or baseline == target:
        with pytest.raises(GoalError, match="already meets the target"):
            _goal(**fields, baseline=baseline)
    else:
        assert _goal(**fields, baseline=baseline).target == target


@given(COMPARATORS, st.sampled_from(["target", "baseline"]), NOT_FINITE, FINITE)
def test_a_kpi_of_unknown_scale_refuses_a_target_or_baseline_that_is_not_finite(
    cmp: Comparator, field: str, bad: float, other: float
) -> None:
    numbers = {"target": other, "baseline": other + 1, field: bad}
    with pytest.raises(GoalError, match=rf"{field} {bad!r} is not a finite number"):
        _goal(kpi="handled per agent", comparator=cmp, **numbers)


# --- a ticket given twice to assess ---------------------------------------------------------


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=8, unique=True),
       st.data())  # fmt: skip
def test_assess_refuses_a_ticket_given_twice_naming_it(ids: list[int], data: st.DataObject) -> None:
    """Law: distinct histories are assessed (each counted once); one repeated is a ConfigError
    naming its id and both places, whatever else is asked (it counted twice in the total)."""
    hs = [TicketHistory(Ticket(f"T{i}", START + timedelta(hours=i)), []) for i in ids]
    at = START + timedelta(days=3)
    assert assess(Blueprint("x"), hs, at=at).tickets == len(hs)
    again = data.draw(st.integers(min_value=0, max_value=len(hs) - 1))
    repeated = [*hs, hs[again]]
    with pytest.raises(ConfigError, match=rf"ticket 'T{ids[again]}' is given twice") as info:
        assess(Blueprint("x"), repeated, at=at, now=datetime(1, 1, 1, tzinfo=UTC))
    assert info.value.path == f"histories[{len(hs)}]"
