"""Numbers from notebooks in stored counts, plan concurrency, CSAT scales, week checks and goals.

A count is read by one rule (``_numbers.as_count``): an int, an integral numpy scalar or a
whole float is the count, stored as the Python int it holds; a bool, NaN, a fractional float or
a negative number is refused naming the field. The same reading holds for a staffing plan's
``concurrency`` and a CSAT scale's ends; the week check's simulation work is bounded as the
steady check's is; and a pandas Series given as a goal's baseline is refused naming the field.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import servicemodel
from servicemodel._numbers import count_value
from servicemodel.errors import ConfigError, GoalError, InputTypeError, StaffingError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.forecast import IntervalCheck, check_plan
from servicemodel.forecast._check_week import MAX_WEEK_CHECK_WORK, _check_week_work
from servicemodel.goals import GoalState, GoalStatus, SmartGoal, goals_from_dict
from servicemodel.kpi import CSAT, NPS, Durations, Estimate, FirstContactResolution, SLAAttainment
from servicemodel.model import SatisfactionRating
from servicemodel.qa import Criterion, QAScores, Scale, Scorecard, Section
from servicemodel.report import Figure, ReportOptions
from servicemodel.sla import SLALeftOut, SLAPolicy, Target
from servicemodel.staffing import ServiceLevelTarget, plan_intervals
from servicemodel.standards import QualityBenchmark, ServiceStandards

np = pytest.importorskip("numpy")
npst = pytest.importorskip("hypothesis.extra.numpy")
pd = pytest.importorskip("pandas")

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
_INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]


@st.composite
def counts_as_given(draw: st.DrawFn, *, max_value: int = 100) -> tuple[int, Any]:
    """A count and one way a notebook gives it: int, numpy int, whole float or numpy float."""
    n = draw(st.integers(min_value=0, max_value=max_value))
    dtype = np.dtype(draw(st.sampled_from(_INT_DTYPES)))
    as_numpy = draw(npst.from_dtype(dtype, min_value=n, max_value=n))
    given_as = draw(st.sampled_from([n, as_numpy, float(n), np.float64(n), np.float32(n)]))
    return n, given_as


def not_whole() -> st.SearchStrategy[Any]:
    """What is no whole number: bools, NaN, infinities, fractional numbers, text."""
    return st.one_of(
        st.sampled_from([True, False, np.True_, np.False_, math.nan, np.float64("nan"), "3"]),
        st.sampled_from([math.inf, -math.inf]),
        st.floats(min_value=-1e6, max_value=1e6).filter(lambda x: not x.is_integer()),
        st.floats(min_value=-1e6, max_value=1e6)
        .filter(lambda x: not x.is_integer())
        .map(np.float64),
    )


def refused_as(bad: Any) -> type[Exception]:
    """The error of what is no count: a bool or text is of the wrong type (``InputTypeError``),
    a number that is no count (NaN, 2.5, -1) of the right type with a value not allowed."""
    return InputTypeError if isinstance(bad, bool | np.bool_ | str) else ConfigError


def not_counts() -> st.SearchStrategy[Any]:
    """What is no count: what is no whole number, and negative whole numbers."""
    return st.one_of(
        not_whole(),
        st.integers(min_value=-(10**6), max_value=-1),
        st.integers(min_value=-(10**6), max_value=-1).map(np.int64),
        st.integers(min_value=-(10**6), max_value=-1).map(float),
    )


CARD = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})


#: Public values with a stored count: how to build one with the count, and the field's name.
STORED: dict[str, tuple[Callable[[Any], Any], str]] = {
    "Estimate.n": (lambda v: Estimate("x", 1.0, v), "n"),
    "Estimate.missing": (lambda v: Estimate("x", 1.0, 3, missing=v), "missing"),
    "Durations.count": (lambda v: Durations(count=v), "count"),
    "NPS.missing": (lambda v: NPS(missing=v), "missing"),
    "CSAT.missing": (lambda v: CSAT(missing=v), "missing"),
    "SLAAttainment.achieved": (lambda v: SLAAttainment(achieved=v), "achieved"),
    "FirstContactResolution.max_replies": (
        lambda v: FirstContactResolution(max_replies=v),
        "max_replies",
    ),
    "Figure.n": (lambda v: Figure("kpi", "csat", "", "", 0.5, n=v), "n"),
    # These two refused in words of their own ("n: expected a count (a whole number >= 0)").
    "QAScores.n": (lambda v: QAScores(CARD, n=v), "n"),
    "SLALeftOut.left_out": (lambda v: SLALeftOut(POLICY, left_out=v), "left_out"),
    "IntervalCheck.contacts": (
        lambda v: IntervalCheck(3, None, 2, 0.8, 0.85, 0.9, 0.8, 0.95, v),
        "contacts",
    ),
    "GoalStatus.points": (
        lambda v: GoalStatus("g", GoalState.ON_TRACK, MONDAY, "on track", points=v),
        "points",
    ),
}


@settings(max_examples=60)
@given(st.sampled_from(sorted(STORED)), counts_as_given())
def test_a_stored_count_is_read_as_a_count_argument_is(name: str, count: tuple[int, Any]) -> None:
    build, field = STORED[name]
    n, given_as = count
    value = build(given_as)
    assert value == build(n)
    assert type(getattr(value, field)) is int


@settings(max_examples=60)
@given(st.sampled_from(sorted(STORED)), not_counts())
def test_what_is_no_count_is_refused_naming_the_field(name: str, bad: Any) -> None:
    build, field = STORED[name]
    with pytest.raises(refused_as(bad), match=rf"^{field} must be a count \(a whole number >= 0\)"):
        build(bad)


@settings(max_examples=40)
@given(
    st.lists(counts_as_given(), min_size=11, max_size=11),
    st.sampled_from(["tuple", "array"]),
)
def test_a_survey_accumulators_counts_are_read_as_counts(
    counts: list[tuple[int, Any]], shape: str
) -> None:
    plain = NPS(counts=tuple(n for n, _ in counts))
    given_as = [g for _, g in counts]
    made = NPS(counts=np.array([n for n, _ in counts]) if shape == "array" else tuple(given_as))
    assert made == plain
    assert all(type(c) is int for c in made.counts)


@settings(max_examples=40)
@given(not_counts(), st.integers(min_value=0, max_value=10))
def test_what_is_no_count_among_a_survey_accumulators_counts_is_refused(bad: Any, at: int) -> None:
    counts: list[Any] = [1] * 11
    counts[at] = bad
    # Worded as every count's refusal, naming the entry ("counts must be an int >= 0, got
    # 2.5" named none, though 2.0 is read as the count 2).
    named = rf"^NPS: counts\[{at}\] must be a count \(a whole number >= 0\), got "
    with pytest.raises(refused_as(bad), match=named):
        NPS(counts=tuple(counts))


def _public_attrs_classes() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(servicemodel.__path__, "servicemodel."):
        if module.name.rsplit(".", 1)[-1].startswith("_") or module.name == "servicemodel.dask":
            continue
        try:
            mod = importlib.import_module(module.name)
        except ImportError:  # an optional extra not installed
            continue
        found += [c for c in vars(mod).values() if isinstance(c, type) and attrs.has(c)]
    return sorted(set(found), key=lambda c: (c.__module__, c.__qualname__))


def test_every_stored_count_field_reads_its_value_by_the_count_rule() -> None:
    # A field checked as a count and not converted held a numpy int as it was given, or
    # refused one: each has the one converter, so np.int64(5) and 5.0 are stored as 5.
    count_checks = {"count_field", "_count_field", "count", "_count", "_count_or_none"}
    fields = [
        (cls, f)
        for cls in _public_attrs_classes()
        for f in attrs.fields(cls)
        if getattr(f.validator, "__name__", None) in count_checks
        and getattr(f.validator, "__module__", "").startswith("servicemodel.")
    ]
    assert len(fields) > 80  # the walk found the result values' counts
    # count_value itself, or a converter by count_value_up_to for a field with a largest
    # count (a float past it is handed on as given, to be named so): each reads as it does.
    missed = [
        f"{c.__qualname__}.{f.name}"
        for c, f in fields
        if f.converter is None or not _reads_as_count_value(f.converter)
    ]
    assert missed == []


def _reads_as_count_value(convert: Any) -> bool:
    if convert is count_value:
        return True
    given = [np.int64(5), np.uint8(5), 5.0, Decimal("5"), Fraction(10, 2), 2.5, -1, True, "5"]
    got = [convert(v) for v in given]
    return got == [count_value(v) for v in given] and all(
        type(a) is type(b) for a, b in zip(got, map(count_value, given), strict=True)
    )


#: Options users give in Python with a count: how to build one, and the words that name it.
OPTIONS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "ReportOptions.reconcile_listed": (
        lambda v: ReportOptions(reconcile_listed=v),
        r"^reconcile_listed must be a count \(a whole number >= 0\), got ",
    ),
    "EscalationLadder.repeat_times": (
        lambda v: EscalationLadder(
            [EscalationLevel("lead", Trigger.at_fraction(0.5))], repeat_every="1h", repeat_times=v
        ),
        r"repeat_times must be a whole number in 0\.\.",
    ),
}


@settings(max_examples=40)
@given(st.sampled_from(sorted(OPTIONS)), counts_as_given(max_value=5).filter(lambda c: c[0] > 0))
def test_a_count_option_is_read_as_a_count(name: str, count: tuple[int, Any]) -> None:
    build, _ = OPTIONS[name]
    n, given_as = count
    assert build(given_as) == build(n)


@settings(max_examples=40)
@given(st.sampled_from(sorted(OPTIONS)), not_counts())
def test_what_is_no_count_option_is_refused_naming_it(name: str, bad: Any) -> None:
    build, named = OPTIONS[name]
    with pytest.raises((InputTypeError, ConfigError), match=named):
        build(bad)


# -- a staffing plan's concurrency ---------------------------------------------------------

SL = ServiceLevelTarget(0.8, 20)


@settings(max_examples=30)
@given(counts_as_given(max_value=6).filter(lambda c: c[0] >= 1))
def test_concurrency_is_read_as_a_count(count: tuple[int, Any]) -> None:
    n, given_as = count
    plan = plan_intervals([30.0], aht=180, targets=[SL], concurrency=given_as)
    assert plan == plan_intervals([30.0], aht=180, targets=[SL], concurrency=n)
    assert type(plan.concurrency) is int


def concurrency_refused_as(bad: Any) -> type[Exception]:
    """The error of what is no concurrency: a bool or text is of the wrong type, a number
    holding no whole value (NaN, 2.5) a right-typed value not allowed, as for every count;
    a whole number out of range (0, -3, past 2**53) a StaffingError, as negative agents are
    (docs/staffing.md, docs/kpi.md)."""
    if refused_as(bad) is InputTypeError:
        return InputTypeError
    whole = isinstance(bad, int | np.integer) or (math.isfinite(bad) and float(bad).is_integer())
    return StaffingError if whole else ConfigError


@settings(max_examples=30)
@given(not_counts())
def test_what_is_no_concurrency_is_refused_naming_it(bad: Any) -> None:
    with pytest.raises(concurrency_refused_as(bad), match=r"^concurrency must be a whole number"):
        plan_intervals([30.0], aht=180, targets=[SL], concurrency=bad)


@settings(max_examples=30)
@given(st.one_of(not_counts(), st.just(0), st.integers(min_value=2**53 + 1)))
def test_a_stored_plans_concurrency_is_refused_as_the_argument_is(bad: Any) -> None:
    # The field was checked as an int only: attrs.evolve(plan, concurrency=0) or -3 was kept.
    plan = plan_intervals([30.0], aht=180, targets=[SL])
    error = concurrency_refused_as(bad)
    with pytest.raises(error, match=r"^concurrency must be a whole number from 1"):
        attrs.evolve(plan, concurrency=bad)


# -- a CSAT scale's ends ---------------------------------------------------------------------


@st.composite
def whole_as_given(draw: st.DrawFn, value: int) -> Any:
    """``value`` (maybe negative) as an int, a numpy int or a whole float."""
    dtype = np.dtype(draw(st.sampled_from(["int8", "int16", "int32", "int64"])))
    as_numpy = draw(npst.from_dtype(dtype, min_value=value, max_value=value))
    return draw(st.sampled_from([value, as_numpy, float(value), np.float64(value)]))


@settings(max_examples=40)
@given(st.integers(min_value=-50, max_value=50), st.integers(min_value=1, max_value=10), st.data())
def test_csat_scale_ends_are_read_as_whole_numbers(
    low: int, size: int, data: st.DataObject
) -> None:
    high, satisfied = low + size, low + 1
    given_as = [data.draw(whole_as_given(v)) for v in (low, high, satisfied)]
    plain = CSAT.empty(low=low, high=high, satisfied_from=satisfied)
    for made in (
        CSAT.empty(low=given_as[0], high=given_as[1], satisfied_from=given_as[2]),
        CSAT(low=given_as[0], high=given_as[1], satisfied_from=given_as[2]),
    ):
        assert made == plain
        assert made.add(high).result().n == 1
        assert all(type(x) is int for x in (made.low, made.high, made.satisfied_from))


@settings(max_examples=40)
@given(st.sampled_from(["low", "high", "satisfied_from"]), not_whole())
def test_a_csat_scale_end_that_is_no_whole_number_is_refused_naming_it(
    field: str, bad: Any
) -> None:
    with pytest.raises(refused_as(bad), match=rf"^{field} must be a whole number, got "):
        CSAT.empty(**{field: bad})


@settings(max_examples=40)
@given(st.integers(min_value=-50, max_value=50), st.integers(min_value=1, max_value=10), st.data())
def test_a_ratings_scale_ends_are_read_as_whole_numbers(
    low: int, size: int, data: st.DataObject
) -> None:
    high = low + size
    given_as = [data.draw(whole_as_given(v)) for v in (low, high)]
    plain = SatisfactionRating("r", MONDAY, score=high, scale_min=low, scale_max=high)
    made = SatisfactionRating("r", MONDAY, score=high, scale_min=given_as[0], scale_max=given_as[1])
    assert made == plain
    assert type(made.scale_min) is int
    assert type(made.scale_max) is int


@settings(max_examples=40)
@given(st.sampled_from(["scale_min", "scale_max"]), not_whole())
def test_a_ratings_scale_end_that_is_no_whole_number_is_refused_naming_it(
    field: str, bad: Any
) -> None:
    with pytest.raises(ConfigError, match=rf"^{field}: {field} must be a whole number, got "):
        SatisfactionRating("r", MONDAY, score=1, **{field: bad})


# -- the week check's bound on simulation work ------------------------------------------------

BUSY = plan_intervals([1000.0] * 336, aht=180, targets=[SL], start=MONDAY)


@settings(max_examples=50)
@given(
    st.lists(st.floats(min_value=0, max_value=5000), min_size=336, max_size=336),
    st.integers(min_value=2, max_value=10_000),
    st.booleans(),
)
def test_the_week_check_is_refused_exactly_past_its_bound(
    calls: list[float], weeks: int, one_run: bool
) -> None:
    rows = tuple(attrs.evolve(r, calls=c) for r, c in zip(BUSY.rows, calls, strict=True))
    plan = attrs.evolve(BUSY, rows=rows)
    runs = 1 if one_run else weeks
    expected = weeks * math.fsum(calls) + runs * math.fsum(calls[-48:])
    if expected > MAX_WEEK_CHECK_WORK:
        with pytest.raises(StaffingError, match=rf"mode='week', weeks={weeks}\) would simulate"):
            _check_week_work(plan, weeks, runs)
    else:
        _check_week_work(plan, weeks, runs)  # within the bound: no error


@settings(max_examples=20)
@given(st.integers(min_value=9, max_value=10_000))
def test_a_week_check_past_the_bound_is_refused_before_simulating(weeks: int) -> None:
    # 336,000 contacts a week: nine weeks or more pass 3,000,000. Refused at once (no run).
    with pytest.raises(StaffingError, match=rf"weeks={weeks}\) .* more than the week check's"):
        check_plan(BUSY, mode="week", weeks=weeks)


def test_the_week_check_within_the_bound_still_runs() -> None:
    calls = [20.0 if 16 <= s % 48 < 36 else 0.0 for s in range(336)]
    plan = plan_intervals(calls, aht=180, targets=[SL], start=MONDAY)
    assert check_plan(plan, mode="week", weeks=2, seed=1).intervals


# -- a goal's baseline given as a column -----------------------------------------------------

GOAL: dict[str, Any] = {
    "name": "CSAT 90 %",
    "kpi": "csat",
    "comparator": ">=",
    "target": 0.9,
    "objective": "happier customers",
    "start": MONDAY,
    "deadline": MONDAY + timedelta(weeks=12),
}


def columns() -> st.SearchStrategy[Any]:
    """A column of shares: a pandas Series or a numpy array, of one value or more."""
    values = st.lists(st.floats(min_value=0, max_value=0.89), min_size=1, max_size=4)
    return st.one_of(values.map(pd.Series), values.map(np.array))


@settings(max_examples=30)
@given(columns())
def test_a_column_as_a_goals_baseline_is_refused_naming_the_field(column: Any) -> None:
    with pytest.raises(InputTypeError, match=r"^baseline: expected a number or None, got .* of "):
        SmartGoal(**GOAL, baseline=column)
    with pytest.raises(ConfigError, match=r"a column is no number") as info:
        goals_from_dict({"goals": [{**GOAL, "baseline": column}]})
    assert info.value.path == "goals[0].baseline"
    standards = ServiceStandards("Acme", quality=[QualityBenchmark("email", "csat", 0.9)])
    named = r"^baselines\[\('email', 'csat'\)\]: expected a number, got .* a column is no number"
    with pytest.raises(InputTypeError, match=named):
        standards.goals(
            {("email", "csat"): column}, start=MONDAY, deadline=MONDAY + timedelta(weeks=12)
        )


@settings(max_examples=30)
@given(st.floats(min_value=0, max_value=0.89))
def test_a_numpy_baseline_is_the_number_it_holds(x: float) -> None:
    standards = ServiceStandards("Acme", quality=[QualityBenchmark("email", "csat", 0.9)])
    end = MONDAY + timedelta(weeks=12)
    (plain,) = standards.goals({("email", "csat"): x}, start=MONDAY, deadline=end)
    (numpy,) = standards.goals({("email", "csat"): np.float64(x)}, start=MONDAY, deadline=end)
    assert numpy == plain
    assert SmartGoal(**GOAL, baseline=pd.Series([x]).iloc[-1]) == SmartGoal(**GOAL, baseline=x)


@settings(max_examples=30)
@given(
    st.one_of(st.floats(min_value=1.0, max_value=1e6, exclude_min=True), st.integers(2, 100)),
    st.booleans(),
)
def test_a_baseline_outside_its_kpis_range_is_refused_not_taken_as_met(
    value: float, nps: bool
) -> None:
    # A CSAT of 82 (for 82 %) "met" a benchmark of 0.9, and an NPS of 150 one of 30: no goal
    # was made and nothing said why.
    metric, threshold = ("nps", 30.0) if nps else ("csat", 0.9)
    value = value + 100 if nps else value
    standards = ServiceStandards("Acme", quality=[QualityBenchmark("email", metric, threshold)])
    what = r"an NPS in \[-100, 100\]" if nps else r"a share in \[0, 1\]"
    with pytest.raises(
        GoalError, match=rf"^baselines\[\('email', '{metric}'\)\]: .* is not {what}"
    ):
        standards.goals(
            {("email", metric): value}, start=MONDAY, deadline=MONDAY + timedelta(weeks=12)
        )


def test_a_baseline_written_as_a_percentage_says_how_to_write_it() -> None:
    standards = ServiceStandards("Acme", quality=[QualityBenchmark("email", "csat", 0.9)])
    with pytest.raises(
        GoalError, match=r"82\.0 is not a share in \[0, 1\] \(for 82 %, write 0\.82\)$"
    ):
        standards.goals(
            {("email", "csat"): 82}, start=MONDAY, deadline=MONDAY + timedelta(weeks=12)
        )


@pytest.mark.parametrize("baselines", [None, [(("email", "csat"), 0.5)], "csat=0.5"])
def test_baselines_that_are_no_mapping_are_refused_naming_them(baselines: Any) -> None:
    standards = ServiceStandards("Acme", quality=[QualityBenchmark("email", "csat", 0.9)])
    with pytest.raises(InputTypeError, match=r"^baselines: expected Mapping, got "):
        standards.goals(baselines, start=MONDAY, deadline=MONDAY + timedelta(weeks=12))
