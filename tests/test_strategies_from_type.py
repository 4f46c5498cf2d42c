"""``st.from_type`` draws every public value type a user would ask it for, valid and varied.

Each registered type is drawn through ``st.from_type`` (the ``hypothesis`` entry point's
registrations), checked by the type's own validation and by the public functions that take
it, and drawn the same under ``derandomize=True``. Every public attrs class is either
registered or on the commented "not drawn" list below, so a new one cannot be forgotten.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import servicemodel
import servicemodel.strategies as sms
from _accumulators import empty_options
from servicemodel import _hypothesis_hook as hook
from servicemodel import kpi, sla
from servicemodel.calendar import (
    BusinessCalendar,
    CombinedCalendar,
    RRuleHolidays,
    ScheduleHistory,
)
from servicemodel.errors import ConfigError, InputTypeError, StaffingError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.feedback import ThemeCounts, ThemeSelector
from servicemodel.journey import Journey, JourneyEvent, Stage, StageRule
from servicemodel.model import EVENT_TYPES, Event, Priority
from servicemodel.qa import Criterion, QAScores, Scale, Scorecard, Section
from servicemodel.reconcile import VerdictRule, VerdictRules, attribute_verdicts
from servicemodel.report import ReportOptions, build_report
from servicemodel.servqual import DimensionWeights, Instrument, Servqual
from servicemodel.simulate import Exponential, LogNormal, RateProfile, Roster, SupportDesk, simulate
from servicemodel.sla import Condition, Measurement, Metric, SLAPolicy, Target
from servicemodel.staffing import (
    AbandonmentTarget,
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    required_agents,
    required_agents_erlang_a,
)
from servicemodel.standards import (
    QUALITY_METRICS,
    QualityBenchmark,
    QualityMetric,
    ResponseStandard,
    ServiceStandards,
)
from servicemodel.support import HandOff, SupportModel, Tier

# Public attrs classes ``st.from_type`` does not draw, and why. Results are computed from
# values that are drawn (draw those and compute); the rest wait for a strategy of their own.
_RESULT = "a result computed from drawn values: draw its inputs and compute it"
_OPTIONAL = "needs an optional extra (dask or holidays) to be useful"
_KEYED = "holds a key function (kpi.by, kpi.periods): build one around a drawn accumulator"
_ABOVE = "a source file name or a whole design: no strategy yet (build one from drawn parts)"
NOT_DRAWN: dict[str, str] = {
    **dict.fromkeys(
        [
            "blueprint.Assessment",
            "blueprint.Gap",
            "escalation.EscalationStep",
            "feedback.ChannelShares",
            "feedback.ChannelShift",
            "feedback.PositiveNegative",
            "feedback.ThemeChange",
            "feedback.ThemeChanges",
            "feedback.ThemeShares",
            "forecast.ArrivalForecast",
            "forecast.WeeklyCounts",
            "forecast.Backtest",
            "forecast.BacktestRow",
            "forecast.IntervalCheck",
            "forecast.PlanCheck",
            "goals.GoalStatus",
            "io.LoadResult",
            "io.Skipped",
            "io.freshdesk.TicketSLA",
            "io.eventlog.ExportResult",
            "io.summary.ExportLoad",
            "journey.CustomerPath",
            "journey.JourneyReport",
            "journey.StageSummary",
            "journey.Visit",
            "kpi.Comparison",
            "kpi.Estimate",
            "kpi.LogRankResult",
            "kpi.SurvivalCurve",
            "kpi.TimeSummary",
            "model.StatusSpan",
            "qa.Agreement",
            "qa.Calibration",
            "qa.LoadedEvaluations",
            "qa.QAResult",
            "qa.ScoredEvaluation",
            "reconcile.ClockComparison",
            "reconcile.DurationComparison",
            "reconcile.DurationReconciliation",
            "reconcile.Reconciliation",
            "reconcile.VendorVerdict",
            "report.AttainmentRow",
            "report.Breach",
            "report.CurveReport",
            "report.Detail",
            "report.Figure",
            "report.GoalReport",
            "report.GoalsSection",
            "report.KPIScope",
            "report.KPISection",
            "report.Overview",
            "report.PolicyAttainment",
            "report.ReconcileRow",
            "report.ReconcileSection",
            "report.Report",
            "report.SLASection",
            "report.SeriesPoint",
            "report.TicketMetricsRow",
            "report.TicketMetricsSection",
            "report.TimeRow",
            "report.UnseenLabel",
            "selfservice.LoadedSessions",
            "selfservice.SelfServiceResult",
            "servqual.ServqualResult",
            "simulate.Contact",
            "simulate.SimulationResult",
            "simulate.SimulationSummary",
            "sla.Timer",
            "staffing.ErlangAMetrics",
            "staffing.ErlangAPlan",
            "staffing.PlanRow",
            "staffing.QueueMetrics",
            "staffing.StaffingPlan",
            "staffing.WeeklyPlan",
            "standards.Compliance",
            "standards.StandardCheck",
        ],
        _RESULT,
    ),
    **dict.fromkeys(
        ["calendar.CountryHolidays", "dask.RatingScores", "dask.SLAMeasurements"], _OPTIONAL
    ),
    **dict.fromkeys(["kpi.Periods", "kpi.Segmented"], _KEYED),
    **dict.fromkeys(
        ["blueprint.Blueprint", "blueprint.QABenchmarks", "report.Source"],
        _ABOVE,
    ),
}


def _public_attrs_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(servicemodel.__path__, "servicemodel."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj):
                found[f"{obj.__module__}.{obj.__qualname__}".removeprefix("servicemodel.")] = obj
    return found


def _registered() -> dict[str, type]:
    classes = [getattr(importlib.import_module(m), c) for m, c in hook._REGISTRY]
    classes += [getattr(kpi, c) for c in hook._ACCUMULATORS]
    classes += [getattr(importlib.import_module(m), c) for m, c in hook._OTHER_ACCUMULATORS]
    classes += [Event, *EVENT_TYPES.values()]
    classes += [getattr(sla, c) for c in hook._CONDITIONS]
    classes += [getattr(importlib.import_module(m), c) for m, c in hook._BY_KIND]
    return {f"{c.__module__}.{c.__qualname__}".removeprefix("servicemodel."): c for c in classes}


def test_the_condition_base_class_draws_every_kind() -> None:
    seen: set[type] = set()

    @settings(max_examples=100, database=None, deadline=None)
    @given(st.from_type(Condition))
    def check(value: Condition) -> None:
        seen.add(type(value))

    check()
    assert {c.__name__ for c in seen} == set(hook._CONDITIONS)


def test_every_public_attrs_class_is_drawn_or_listed_with_a_reason() -> None:
    public = _public_attrs_classes()
    registered = _registered()
    forgotten = sorted(set(public) - set(registered) - set(NOT_DRAWN))
    assert forgotten == [], (
        f"register these for st.from_type or list them in NOT_DRAWN: {forgotten}"
    )
    # Neither list names a class twice, or one that is gone.
    assert not set(registered) & set(NOT_DRAWN)
    assert sorted(set(NOT_DRAWN) - set(public)) == []
    assert sorted(set(registered) - set(public)) == []


def _accepted(value: Any) -> None:
    """The type's own validation, and the public functions that take it, accept ``value``."""
    attrs.validate(value)
    assert attrs.evolve(value) == value  # built again: converters and __attrs_post_init__
    if isinstance(value, Target):
        assert SLAPolicy("p", {"normal": [value]}).metrics == (value.metric,)
    elif isinstance(value, Trigger):
        EscalationLadder([EscalationLevel("L1", value)])
    elif isinstance(value, EscalationLevel):
        assert EscalationLadder([value]).levels == (value,)
    elif isinstance(value, Stage):
        assert Journey([value]).stages == (value,)
    elif isinstance(value, JourneyEvent):
        journey = Journey([Stage(value.kind), Stage("other")])
        journey.classify(value)
    elif isinstance(value, Criterion):
        assert Scorecard("c", [Section("s", [value])]).criteria == (value,)
    elif isinstance(value, Scale):
        Criterion("c", value)
    elif isinstance(value, Condition):
        assert SLAPolicy("p", {}, condition=value).condition == value
        assert sla.condition_from_dict(value.to_dict()) == value
    elif isinstance(value, StageRule):
        assert Journey([Stage("s", rules=[value])]).stages[0].rules == (value,)
    elif isinstance(value, Section):
        Scorecard("c", [value])
    elif isinstance(value, Measurement):
        assert Measurement.from_dict(value.to_dict()) == value
        counted = kpi.SLAAttainment.empty().add(value)
        assert counted.achieved + counted.breached + counted.active + counted.paused == 1
    elif isinstance(value, QAScores):
        assert value + QAScores.empty(value.scorecard) == value
        value.result()
    elif isinstance(value, Servqual):
        assert value + Servqual.empty(instrument=value.instrument) == value
        value.result()
    elif isinstance(value, Instrument):
        Servqual.empty(instrument=value)
    elif isinstance(value, (CombinedCalendar, ScheduleHistory)):
        week = value.elapsed(_T0, _T0 + timedelta(days=7))
        assert timedelta(0) <= week <= timedelta(days=7)
        assert SupportDesk(1, 1, 180, calendar=value).calendar == value
    elif isinstance(value, RRuleHolidays):
        cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}, holidays=[value])
        assert BusinessCalendar.from_dict(cal.to_dict()) == cal
    elif isinstance(value, sla.CalendarSelector):
        assert SLAPolicy("p", {}, calendar_from=value).calendar_from == value
    elif isinstance(value, (Workload, *_TARGETS)):
        _staffed(value)
    elif isinstance(value, (Exponential, LogNormal)):
        assert value.sample(random.Random(0)) >= 0
        assert SupportDesk(1, 1, value, patience=value).handle_time == value
    elif isinstance(value, RateProfile):
        assert SupportDesk(1, value, 180).arrivals == value
    elif isinstance(value, Roster):
        assert SupportDesk(value.most, 1, 180, roster=value).roster == value
    elif isinstance(value, SupportDesk):
        run = simulate(value, _T0, _T0 + timedelta(hours=2), seed=0)
        assert run.summary().censored == 0
    elif isinstance(value, ResponseStandard):
        assert ServiceStandards("s", [value]).policies().policies[0].name == value.channel
    elif isinstance(value, QualityBenchmark):
        ServiceStandards("s", quality=[value])
    elif isinstance(value, ServiceStandards):
        value.policies()
        ServiceStandards.from_dict(value.to_dict())
    elif isinstance(value, QualityMetric):
        assert QUALITY_METRICS[value.name] == value
    elif isinstance(value, ReportOptions):
        build_report([], attrs.evolve(value, at=value.at or _T0))
    elif isinstance(value, SupportModel):
        assert SupportModel.from_dict(value.to_dict()) == value
        assert value.path(value.tiers[0].name)[-1] in {t.name for t in value.tiers}
    elif isinstance(value, Tier):
        assert SupportModel("m", [value]).tiers == (value,)
    elif isinstance(value, HandOff):
        levels = [Tier(f"L{i}") for i in range(1, 7)]
        assert SupportModel("m", levels, [value]).handoffs == (value,)
    elif isinstance(value, VerdictRules):
        assert attribute_verdicts([], value) == ((), ())
    elif isinstance(value, VerdictRule):
        assert {value.state_of(v) for v in value.achieved} <= {"achieved"}
        assert {value.state_of(v) for v in value.breached} <= {"breached"}
    elif isinstance(value, DimensionWeights):
        assert Servqual.empty(weights=value).weights == value
        assert sum(value.weight(d) for d in value.dimensions) == pytest.approx(1)
    elif isinstance(value, ThemeSelector):
        assert ThemeCounts.empty(value).selector == value
        assert ThemeSelector.parse(value) == value
    elif isinstance(value, sla.SLALeftOut):
        assert value.merge(value).tickets == 2 * value.tickets
    elif isinstance(value, kpi.MergeOperators):
        assert value + type(value).empty(**empty_options(value)) == value
        value.result()


_T0 = datetime(2026, 3, 2, tzinfo=UTC)
_TARGETS = (ServiceLevelTarget, AsaTarget, OccupancyTarget, AbandonmentTarget)


def _staffed(value: Any) -> None:
    # A plan, or a StaffingError saying no staff meets the target: never another exception.
    workload = value if isinstance(value, Workload) else Workload(100, 1800, 180)
    target = value if not isinstance(value, Workload) else ServiceLevelTarget(0.8, 20)
    try:
        if not isinstance(target, AbandonmentTarget):
            assert target.is_met_by(required_agents(workload, target).metrics)
        assert target.is_met_by(required_agents_erlang_a(workload, target, patience=300).metrics)
    except StaffingError:
        assert not isinstance(value, Workload)  # 80 % in 20 s is always reachable


_DRAWN = sorted(_registered())


@pytest.mark.parametrize("name", _DRAWN)
def test_from_type_draws_values_the_type_and_its_users_accept(name: str) -> None:
    cls = _registered()[name]

    # Every health check on but the one that times the machine (too_slow, which could fail a
    # loaded CI runner at random), as in a user's suite; this suite's profile turns more off.
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.from_type(cls))
    def check(value: Any) -> None:
        assert isinstance(value, cls)
        _accepted(value)

    check()


@pytest.mark.parametrize("name", _DRAWN)
def test_from_type_is_deterministic_when_derandomized(name: str) -> None:
    cls = _registered()[name]

    def draws() -> list[str]:
        seen: list[str] = []

        @settings(
            max_examples=8,
            derandomize=True,
            database=None,
            deadline=None,
        )
        @given(st.from_type(cls))
        def record(value: Any) -> None:
            # Every field, not repr: a repr may leave fields out (Durations' values), as the
            # survival KPIs' times do (so their fields are followed into those times).
            seen.append(repr(attrs.astuple(value, recurse=name in _NESTED_COUNTS)))

        record()
        return seen

    first = draws()
    assert first == draws()
    assert len(set(first)) > 1 or name in _ONE_VALUE  # and varied


#: Types whose counts sit in a field whose repr leaves them out.
_NESTED_COUNTS = frozenset({"kpi.FirstReplySurvival", "kpi.ResolutionSurvival"})

#: Types with one value only.
_ONE_VALUE = frozenset({"sla.Always"})


_FIND = settings(derandomize=True, database=None, max_examples=200, deadline=None)


def _simplest(strategy: Any) -> Any:
    return find(strategy, lambda value: True, settings=_FIND)


def test_the_new_strategies_shrink_to_their_simplest_value() -> None:
    assert _simplest(sms.targets()) == Target(Metric.FIRST_REPLY, timedelta(minutes=15))
    assert _simplest(sms.triggers()) == Trigger.at_breach()
    assert _simplest(sms.levels()) == EscalationLevel("L1", Trigger.at_breach())
    assert _simplest(sms.stages()) == Stage(
        "awareness", touchpoints=["awareness"], rules=[StageRule(kinds=["awareness"])]
    )
    assert _simplest(sms.conditions()) == sla.Always()
    assert _simplest(sms.criteria()) == Criterion("c0", Scale.parse("yes_no"), weight=0.25)
    m = _simplest(sms.measurements())
    assert (m.metric, m.priority, m.target.within) == (
        Metric.FIRST_REPLY,
        Priority.LOW,
        timedelta(minutes=15),
    )
    assert m.started_at == m.evaluated_at  # a ticket with no events, measured at creation


@pytest.mark.parametrize("name", hook._ACCUMULATORS)
def test_a_drawn_accumulator_shrinks_to_the_empty_one(name: str) -> None:
    cls = getattr(kpi, name)
    drawn = _simplest(sms.accumulators(cls))
    assert drawn == cls.empty(**empty_options(drawn))


def test_drawn_qa_scores_and_servqual_shrink_to_empty_ones() -> None:
    scores = _simplest(sms.accumulators(QAScores))
    assert scores == QAScores.empty(scores.scorecard)
    assert len(scores.scorecard.criteria) == 1
    assert _simplest(sms.accumulators(Servqual)) == Servqual.empty()


@pytest.mark.parametrize("name", hook._ACCUMULATORS)
def test_a_drawn_accumulator_has_counted_something_now_and_then(name: str) -> None:
    cls = getattr(kpi, name)
    fed = find(
        sms.accumulators(cls),
        lambda acc: acc != cls.empty(**empty_options(acc)),
        settings=_FIND,
    )
    assert fed.merge(fed) != fed  # it holds counts: merged with itself, they double


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (
            lambda: sms.accumulators("NPS"),
            InputTypeError,
            "kind must be one of the accumulator",
        ),
        (lambda: sms.accumulators(kpi.Segmented), ConfigError, "Segmented is not drawn"),
        (lambda: sms.accumulators(kpi.NPS, max_inputs=-1), ConfigError, "max_inputs"),
        (lambda: sms.triggers(business="yes"), InputTypeError, "triggers: business"),
        (lambda: sms.criteria(ids=[]), InputTypeError, "criteria: ids"),
        (lambda: sms.conditions(kinds=[Target]), ConfigError, "conditions: kinds holds"),
        (lambda: sms.conditions(kinds=["always"]), InputTypeError, "conditions: kinds holds"),
    ],
)
def test_a_wrong_option_names_the_strategy(call: Any, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        call()


@pytest.mark.parametrize(
    "strategy",
    [
        lambda: sms.targets(metrics=["nope"]),
        lambda: sms.targets(max_hours=0),
        lambda: sms.levels(business=1),
        lambda: sms.stages(channels="no"),
        lambda: sms.measurements(policies=[1]),
        lambda: sms.measurements(histories=st.just(1)),
    ],
)
def test_a_wrong_option_of_a_composite_is_refused_at_its_first_draw(strategy: Any) -> None:
    with pytest.raises((ConfigError, InputTypeError)):
        find(strategy(), lambda value: True, settings=_FIND)


#: Accumulators drawn with an option of their own, or outside ``servicemodel.kpi``.
_OTHERS = {c: (m, c) for m, c in hook._OTHER_ACCUMULATORS if c not in ("QAScores", "Servqual")}


def _empty_like(acc: Any) -> Any:
    return type(acc).empty(**empty_options(acc))


@pytest.mark.parametrize("name", sorted(_OTHERS))
def test_another_drawn_accumulator_shrinks_to_the_empty_one(name: str) -> None:
    module, _ = _OTHERS[name]
    cls = getattr(importlib.import_module(module), name)
    drawn = _simplest(sms.accumulators(cls))
    assert drawn == _empty_like(drawn)
    fed = find(sms.accumulators(cls), lambda acc: acc != _empty_like(acc), settings=_FIND)
    assert fed.merge(_empty_like(fed)) == fed
    # SelfService refuses a session counted twice, JourneyStats a customer in both parts.
    if name not in ("SelfService", "JourneyStats"):
        assert fed.merge(fed) != fed  # it holds counts: merged with itself, they double
