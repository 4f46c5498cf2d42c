"""Issue 11: hostile numbers, numeric types and config shapes never escape as another exception.

One test per violation class of the fuzz findings (classes 1, 2a/2c, 4, 5, 6 and the staffing
rows of 8), parametrized over the minimal inputs, each asserting the specific
``ServiceModelError`` subclass and that the message names the offending value or field; plus
Hypothesis properties over hostile numeric values for every numeric accumulator.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _deadline import cpu_time, scaled
from servicemodel._numbers import real_number
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    ScaleError,
    ServiceModelError,
    StaffingError,
)
from servicemodel.escalation import EscalationLadder
from servicemodel.journey import Journey, JourneyEvent, Stage
from servicemodel.kpi import CES, CSAT, NPS, Durations, Estimate, SLAAttainment
from servicemodel.kpi._intervals import nps_interval
from servicemodel.servqual import DimensionWeights, responses_from_rows
from servicemodel.sla import PolicySet, Target
from servicemodel.sla._duration import MAX_DURATION, parse_duration
from servicemodel.staffing import (
    MAX_AGENTS,
    MAX_TRAFFIC,
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    erlang_b,
    erlang_c,
    queue_metrics,
    required_agents,
    scheduled_agents,
)

np: Any
try:
    import numpy as np
except ImportError:  # pragma: no cover - numpy is a test dependency, but stay importable
    np = None

HUGE = 10**5000


def _deep(depth: int = 5000) -> list[Any]:
    x: list[Any] = []
    for _ in range(depth):
        x = [x]
    return x


def _policy(**extra: Any) -> Callable[[], Any]:
    return lambda: PolicySet.from_dict({"policies": [{"name": "x", "targets": {}, **extra}]})


def _within(value: Any) -> Callable[[], Any]:
    target = {"metric": "first_reply", "within": value}
    return lambda: PolicySet.from_dict(
        {"policies": [{"name": "x", "targets": {"urgent": [target]}}]}
    )


def _raises(build: Callable[[], Any], error: type[ServiceModelError], named: str) -> None:
    with pytest.raises(error) as info:
        build()
    assert named in str(info.value), str(info.value)


# --- class 1: huge ints in messages --------------------------------------------------------

HUGE_INT_CASES = [
    ("nps-add", lambda: NPS.empty().add(HUGE), ScaleError),
    ("csat-level", lambda: CSAT.empty().add_many([5]).result(HUGE), ConfigError),
    ("percentile", lambda: Durations.empty().add_many([1, 2]).percentile(HUGE), ConfigError),
    ("erlang-b-agents", lambda: erlang_b(-HUGE, 1.0), StaffingError),
    ("queue-agents", lambda: queue_metrics(Workload(100, 1800, 180), HUGE), StaffingError),
    ("journey-backward", lambda: Journey.default(backward=[HUGE]), ConfigError),
    ("journey-skips", lambda: Journey.default(allow_skips=HUGE), InputTypeError),
]


@pytest.mark.parametrize(
    ("build", "error"), [c[1:] for c in HUGE_INT_CASES], ids=[c[0] for c in HUGE_INT_CASES]
)
def test_huge_ints_are_named_by_size(build: Callable[[], Any], error: type[Exception]) -> None:
    _raises(build, error, "<int of about 5001 digits>")


# --- class 2a/2c: deep nesting --------------------------------------------------------------


def test_deep_values_in_messages_are_cut() -> None:
    deep = _deep()
    _raises(lambda: Durations.empty().add(deep), InputTypeError, "list")
    _raises(lambda: Durations.empty().add_many(deep), InputTypeError, "list")
    event = {"at": datetime(2026, 1, 5, tzinfo=UTC), "kind": "t"}
    _raises(
        lambda: JourneyEvent("a", **event, attributes={"k": deep}), InputTypeError, "attributes.k"
    )


@pytest.mark.parametrize("key", ["any", "all", "not"])
def test_deep_conditions_are_config_errors_with_the_path(key: str) -> None:
    c: Any = {"tags": ["a"]}
    for _ in range(5000):
        c = {key: c if key == "not" else [c]}
    with pytest.raises(ConfigError, match="nested more than 200 levels") as info:
        _policy(condition=c)()
    assert info.value.path.startswith(f"policies[0].condition.{key}")


# --- class 4: numeric conversion -------------------------------------------------------------

CONVERSION_CASES: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    ("workload-calls", lambda: Workload(HUGE, 1800, 1), StaffingError, "5001 digits"),
    ("occupancy", lambda: OccupancyTarget(HUGE), StaffingError, "5001 digits"),
    ("scheduled", lambda: scheduled_agents(14, HUGE), StaffingError, "5001 digits"),
    ("erlang-b-traffic", lambda: erlang_b(5, HUGE), StaffingError, "5001 digits"),
    ("workload-aht", lambda: Workload(1, 1800, HUGE), StaffingError, "5001 digits"),
    ("sl-within", lambda: ServiceLevelTarget(0.8, HUGE), StaffingError, "5001 digits"),
    ("durations-huge", lambda: Durations.empty().add(HUGE), ScaleError, "5001 digits"),
    (
        "durations-snan",
        lambda: Durations.empty().add(Decimal("sNaN")),
        ScaleError,
        "Decimal('sNaN')",
    ),
    (
        "durations-many-huge",
        lambda: Durations.empty().add_many([HUGE], skip_missing=True),
        ScaleError,
        "5001 digits",
    ),
    ("csat-snan", lambda: CSAT.empty().add(Decimal("sNaN")), ScaleError, "sNaN"),
    ("csat-list", lambda: CSAT.empty().add_many([[None]]), InputTypeError, "[None]"),
    ("csat-many-snan", lambda: CSAT.empty().add_many([Decimal("sNaN")]), ScaleError, "sNaN"),
    ("within-1e308", _within(1e308), ConfigError, "1e+308"),
    ("within-huge", _within(HUGE), ConfigError, "5001 digits"),
    ("within-text", _within("1e308"), ConfigError, "'1e308'"),
    ("within-weeks", _within("99999999999w"), ConfigError, "'99999999999w'"),
    ("within-days", _within("99999999999d"), ConfigError, "'99999999999d'"),
    ("within-iso", _within("P99999999999D"), ConfigError, "'P99999999999D'"),
    ("within-1e12", _within(10**12), ConfigError, "1000000000000"),
    (
        "escalation-delay",
        lambda: EscalationLadder.from_dict(
            {"levels": [{"name": "x", "trigger": {"after_breach": "99999999999d"}}]}
        ),
        ConfigError,
        "'99999999999d'",
    ),
    (
        "servqual-arabic-digit",
        lambda: list(responses_from_rows([{"E1": "١", "P1": "5"}])),
        ConfigError,
        "'١'",
    ),
    (
        "servqual-weight-huge",
        lambda: DimensionWeights({"a": HUGE, "b": 0.5}),
        ConfigError,
        "5001 digits",
    ),
]


@pytest.mark.parametrize(
    ("build", "error", "named"),
    [c[1:] for c in CONVERSION_CASES],
    ids=[c[0] for c in CONVERSION_CASES],
)
def test_odd_numbers_are_specific_errors(
    build: Callable[[], Any], error: type[Exception], named: str
) -> None:
    _raises(build, error, named)


@pytest.mark.skipif(np is None, reason="numpy not installed")
def test_numpy_scalars() -> None:
    _raises(lambda: NPS.empty().add(np.array([1, 2])), InputTypeError, "array")
    _raises(lambda: NPS.empty().add(np.bool_(True)), ScaleError, "True")
    _raises(lambda: NPS.empty().add_many([np.bool_(True)]), ScaleError, "True")
    _raises(lambda: Durations.empty().add(np.timedelta64("NaT", "ns")), ScaleError, "NaT")
    _raises(lambda: Workload(np.bool_(True), 1800, 180), InputTypeError, "True")
    assert NPS.empty().add(np.int64(9)).promoters == 1
    assert Durations.empty().add(np.timedelta64(5, "ms")).values == (0.005,)
    assert type(Workload(np.float64(100), np.int64(1800), 180).traffic) is float


def test_level_too_close_to_one_is_a_clear_error() -> None:
    for build in (
        lambda: NPS.empty().add_many([9]).result(1 - 1e-16),
        lambda: CSAT.empty().add_many([5]).result(1 - 1e-16),
        lambda: Durations.empty().add_many([1, 2]).mean(1 - 1e-16),
    ):
        _raises(build, ConfigError, "0.9999999999999999")


def test_relative_accuracy_range() -> None:
    _raises(lambda: Durations.empty(sketch=True, relative_accuracy=1e-17), ConfigError, "1e-17")


# --- class 5: scalars or None where a list is expected ----------------------------------------

SHAPE_CASES: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    ("pause-int", _policy(pause=5), ConfigError, "policies[0].pause"),
    ("pause-date", _policy(pause=date(2026, 1, 1)), ConfigError, "policies[0].pause"),
    ("warn-int", _policy(warn_at=5), ConfigError, "policies[0].warn_at"),
    ("warn-none", _policy(warn_at=None), ConfigError, "policies[0].warn_at"),
    ("tags-int", _policy(condition={"tags": 5}), ConfigError, "condition.tags"),
    ("channel-int", _policy(condition={"channel": 5}), ConfigError, "condition.channel"),
    (
        "escalation-targets-none",
        lambda: EscalationLadder.from_dict(
            {"levels": [{"name": "x", "trigger": "breach", "targets": None}]}
        ),
        ConfigError,
        "levels[0].targets",
    ),
    (
        "escalation-targets-int",
        lambda: EscalationLadder.from_dict(
            {"levels": [{"name": "x", "trigger": "breach", "targets": 2}]}
        ),
        ConfigError,
        "levels[0].targets",
    ),
    ("backward-none", lambda: Journey.default(backward=None), ConfigError, "backward"),
    ("backward-int", lambda: Journey.default(backward=5), ConfigError, "backward"),
    ("skips-none", lambda: Journey.default(allow_skips=None), InputTypeError, "allow_skips"),
    ("stage-none", lambda: Stage(None), InputTypeError, "name"),  # type: ignore[arg-type]
    ("ces-version", lambda: CES(version=2.0), ConfigError, "2.0"),  # type: ignore[arg-type]
    ("nps-many-none", lambda: NPS.empty().add_many(None), InputTypeError, "None"),  # type: ignore[arg-type]
    ("ces-many-int", lambda: CES.empty().add_many(5), InputTypeError, "5"),  # type: ignore[arg-type]
    ("durations-many-none", lambda: Durations.empty().add_many(None), InputTypeError, "None"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(
    ("build", "error", "named"), [c[1:] for c in SHAPE_CASES], ids=[c[0] for c in SHAPE_CASES]
)
def test_wrong_shapes_are_specific_errors(
    build: Callable[[], Any], error: type[Exception], named: str
) -> None:
    _raises(build, error, named)


def test_target_calendar_mapping_is_read_not_dropped() -> None:
    cal = {"tz": "UTC", "hours": {"mon": "09:00-17:00"}}
    assert Target("first_reply", "4h", calendar=cal).calendar is not None
    assert Target.from_dict({"metric": "first_reply", "within": "4h", "calendar": cal}).calendar
    _raises(lambda: Target("first_reply", "4h", calendar=5), InputTypeError, "5")


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: Estimate("x", 1.0, True), InputTypeError),
        (lambda: Estimate("x", 1.0, -1), ConfigError),
        (lambda: Estimate("x", 1.0, 1, missing=True), InputTypeError),
        (lambda: Durations(count=-1), ConfigError),
        (lambda: Durations(missing=True), InputTypeError),
        (lambda: NPS(missing=-1), ConfigError),
        (lambda: CSAT(missing=True), InputTypeError),
        (lambda: SLAAttainment(achieved=True), InputTypeError),
        (lambda: SLAAttainment(breached=-2), ConfigError),
    ],
)
def test_counts_are_ints_at_least_zero(build: Callable[[], Any], error: type[Exception]) -> None:
    # A bool is no count (a wrong type); a negative int is a count's type with a value not allowed.
    with pytest.raises(error, match="must be a count \\(a whole number >= 0\\)"):
        build()


def test_durations_are_bounded_at_parse_time() -> None:
    assert parse_duration(MAX_DURATION) == MAX_DURATION
    _raises(lambda: parse_duration(MAX_DURATION + timedelta(seconds=1)), ConfigError, "100 years")
    _raises(lambda: parse_duration(-HUGE), ConfigError, "positive")


# --- class 6: float overflow and silent numbers ----------------------------------------------


@pytest.mark.parametrize(
    "values", [[1e308, 0.0], [1e308, 1e308], [0, 1e200], [3600.0, 1e300, 1e308, 0.0]]
)
@pytest.mark.parametrize("sketch", [False, True])
def test_huge_durations_give_finite_estimates(values: list[float], sketch: bool) -> None:
    try:
        acc = Durations.empty(sketch=sketch).add_many(values)
    except ScaleError as exc:  # a sketch cannot hold a sum past the float range: said so
        message = str(exc)
        assert sketch
        assert "float range" in message
        return
    est = acc.mean()
    assert est.value is not None
    assert math.isfinite(est.value)
    assert est.value == pytest.approx(math.fsum(v / len(values) for v in values))
    for bound in (est.lower, est.upper):
        assert bound is None or math.isfinite(bound)
    if len(set(values)) > 1:
        assert est.lower == 0.0  # durations are never negative; the spread is huge


def test_estimate_refuses_non_finite_numbers() -> None:
    for kwargs in (
        {"value": math.nan},
        {"value": math.inf},
        {"value": 1.0, "lower": -math.inf},
        {"value": 1.0, "upper": math.nan},
        {"value": 1.0, "se": math.inf},
        {"value": HUGE},
    ):
        value = kwargs.pop("value")
        # A number not allowed (NaN, an infinity, an int past floats): a ConfigError.
        with pytest.raises(ConfigError, match="Estimate"):
            Estimate("x", value, 2, **kwargs)


def test_workload_products_must_be_finite() -> None:
    _raises(lambda: Workload(calls=1e308, interval=1e-300, aht=1e308), StaffingError, "1e+308")
    _raises(lambda: Workload(268, 1e-320, 1), StaffingError, "1e-320")
    _raises(
        lambda: required_agents(Workload(1e308, 1800, 1e308), OccupancyTarget(0.85)),
        StaffingError,
        "1e+308",
    )


@pytest.mark.parametrize(
    ("promoters", "detractors", "n"),
    [(0, 0, 1), (1, 0, 1), (0, 1, 1), (200, 0, 200), (0, 200, 200)],
)
def test_nps_interval_is_clipped_on_both_ends(promoters: int, detractors: int, n: int) -> None:
    lo, hi, _ = nps_interval(promoters, detractors, n, 0.999)
    assert -100.0 <= lo <= hi <= 100.0
    scores = [10] * promoters + [0] * detractors + [7] * (n - promoters - detractors)
    est = NPS.empty().add_many(scores).result(0.999)
    assert est.lower is not None
    assert est.upper is not None
    assert -100.0 <= est.lower <= est.value <= est.upper <= 100.0  # type: ignore[operator]


def test_nps_interval_reaches_both_clips() -> None:
    assert nps_interval(1, 0, 1, 0.999)[1] == 100.0
    assert nps_interval(0, 1, 1, 0.999)[0] == -100.0


# --- class 8: bounded work in staffing ------------------------------------------------------

BOUNDED_CASES: list[tuple[str, Callable[[], Any]]] = [
    ("erlang-b-1e9", lambda: erlang_b(10**9, 1.0)),
    ("erlang-c-1e9", lambda: erlang_c(10**9, 1.0)),
    ("erlang-b-huge", lambda: erlang_b(HUGE, 1.0)),
    ("queue-1e9", lambda: queue_metrics(Workload(100, 1800, 180), 10**9)),
    ("required-1e7", lambda: required_agents(Workload(10**7, 1800, 1800), OccupancyTarget(0.85))),
    (
        "required-unreachable-cap",
        lambda: required_agents(
            Workload(100, 1800, 180), OccupancyTarget(1e-300), max_agents=10**18
        ),
    ),
    (
        "required-unreachable",
        lambda: required_agents(
            Workload(100, 1800, 180), OccupancyTarget(1e-300), max_agents=MAX_AGENTS
        ),
    ),
    (
        "required-max-traffic",
        lambda: required_agents(
            Workload(MAX_TRAFFIC, 1, 1), ServiceLevelTarget(0.999, 1), AsaTarget(1e-300)
        ),
    ),
]


@pytest.mark.parametrize("build", [c[1] for c in BOUNDED_CASES], ids=[c[0] for c in BOUNDED_CASES])
def test_staffing_work_is_bounded(build: Callable[[], Any]) -> None:
    start = cpu_time()
    try:
        build()
    except StaffingError as exc:
        message = str(exc)
        assert "maximum" in message or "unreachable" in message
    assert cpu_time() - start < scaled(3.0)


def test_erlang_b_underflow_is_exact_zero() -> None:
    assert erlang_b(10**9, 1.0) == 0.0
    assert erlang_b(200, 1.0) == 0.0  # 1/200! is below the smallest double
    assert erlang_b(2, 1.0) == pytest.approx(0.2)
    assert erlang_c(10**9, 1.0) == 0.0


# --- properties: hostile numbers ------------------------------------------------------------


def _hostile_values() -> st.SearchStrategy[Any]:
    plain = st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30),
        st.sampled_from([HUGE, -HUGE, 10**400, True, False, 0, 1, 5, 9, 10]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([Decimal("sNaN"), Decimal("NaN"), Decimal("Infinity"), Decimal("1e400")]),
        st.decimals(allow_nan=False, allow_infinity=False),
        st.fractions(),
        st.just(Fraction(10**400, 3)),
        st.none(),
        st.text(max_size=3),
        st.lists(st.integers(0, 10), max_size=2),
        st.timedeltas(),
    )
    if np is None:
        return plain
    numpy_values = st.sampled_from(
        [
            np.bool_(True),
            np.bool_(False),
            np.int64(9),
            np.float64("nan"),
            np.float64("inf"),
            np.float32(3.0),
            np.timedelta64("NaT", "ns"),
            np.timedelta64(5, "s"),
            np.array([1, 2]),
            np.array(5),
        ]
    )
    return st.one_of(plain, numpy_values)


ACCUMULATORS: list[Callable[[], Any]] = [
    NPS.empty,
    CSAT.empty,
    CES.empty,
    Durations.empty,
    lambda: Durations.empty(sketch=True),
]


def _check_estimate(est: Estimate) -> None:
    for number in (est.value, est.lower, est.upper, est.se):
        assert number is None or math.isfinite(number)


@given(st.lists(_hostile_values(), max_size=6), st.sampled_from(range(len(ACCUMULATORS))))
def test_hostile_numbers_are_accepted_or_refused_cleanly(values: list[Any], which: int) -> None:
    acc = ACCUMULATORS[which]()
    for value in values:
        with contextlib.suppress(ServiceModelError):
            acc = acc.add(value)
    with contextlib.suppress(ServiceModelError):
        acc.add_many(values)
    if isinstance(acc, Durations):
        for est in acc.summary().values():
            _check_estimate(est)
    else:
        _check_estimate(acc.result())


@given(st.lists(st.floats(0, 1.7e308), min_size=1, max_size=8), st.booleans())
def test_durations_results_are_finite_for_any_finite_values(
    values: list[float], sketch: bool
) -> None:
    try:
        acc = Durations.empty(sketch=sketch).add_many(values)
    except ScaleError:  # only a sketch whose sum leaves the float range
        assert sketch
        return
    for est in acc.summary(percentiles=(0, 50, 99, 100)).values():
        _check_estimate(est)


@given(_hostile_values(), _hostile_values())
def test_staffing_inputs_accept_or_refuse_cleanly(calls: Any, aht: Any) -> None:
    try:
        workload = Workload(calls, 1800, aht)
    except ServiceModelError:
        return
    try:
        plan = required_agents(workload, OccupancyTarget(0.85))
    except ServiceModelError:
        return
    # No calls need no agents, whose occupancy is None (docs/staffing.md); else a number.
    occupancy = plan.metrics.occupancy
    assert occupancy is None if workload.calls == 0 else math.isfinite(occupancy or math.nan)


@pytest.mark.skipif(np is None, reason="numpy not installed")
@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["array", "series"]))
def test_a_column_of_one_value_is_no_number(value: float, kind: str) -> None:
    # float() of a one-element pandas Series gave its value (with a FutureWarning): a column
    # passed where a number belongs was read silently. Any column is refused; a scalar is read.
    import pandas as pd

    column = np.array([value]) if kind == "array" else pd.Series([value])
    refused = r"^score: expected a number, got (numpy\.ndarray|Series)"
    with pytest.raises(InputTypeError, match=refused):
        real_number(column, "score")
    assert real_number(np.float64(value), "score") == value
    assert real_number(np.array(value), "score") == value  # a 0-d array is one number
