"""Regressions: what the sweep of every public name (``tests/fuzz/test_fuzz_public_api.py``) found.

Each case is the smallest call that broke the contract: bad input gets a specific
``ServiceModelError`` whose message names the value; never another exception type.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _deadline import deadline
from servicemodel.calendar import BusinessCalendar, CountryHolidays, RRuleHolidays, union
from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _calendar() -> BusinessCalendar:
    return BusinessCalendar.from_dict({"tz": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}})


def _samples() -> dict[str, Callable[[], Any]]:
    from servicemodel.dask import RatingScores
    from servicemodel.feedback import ThemeSelector
    from servicemodel.goals import SmartGoal
    from servicemodel.kpi import NPS, Estimate, SurvivalTimes, by
    from servicemodel.model import Ticket, TicketHistory
    from servicemodel.qa import Criterion, QAScores, Scale, Scorecard, Section
    from servicemodel.sla import AttributeIn, HasTags, SLAPolicy
    from servicemodel.standards import ServiceStandards

    def card() -> Scorecard:
        return Scorecard("c", [Section("s", [Criterion("greet", Scale.parse("yes_no"))])])

    goal = {
        "name": "g", "objective": "o", "kpi": "csat", "comparator": ">=", "target": 0.9,
        "baseline": 0.8, "start": "2026-01-01T00:00:00+00:00",
        "deadline": "2026-06-30T00:00:00+00:00",
    }  # fmt: skip
    return {
        "calendar": _calendar,
        "union": lambda: union(_calendar(), _calendar()),
        "rrule": lambda: RRuleHolidays("DTSTART:20260101\nRRULE:FREQ=YEARLY"),
        "country": lambda: CountryHolidays("DE"),
        "history": lambda: TicketHistory(Ticket("T", T0), []),
        "goal": lambda: SmartGoal.from_dict(goal),
        "theme": lambda: ThemeSelector("tags"),
        "standards": lambda: ServiceStandards.from_dict({"name": "s"}),
        "qa_scores": lambda: QAScores(card()),
        "criterion": lambda: Criterion("greet", Scale.parse("yes_no")),
        "survival": lambda: SurvivalTimes.empty(),
        "policy": lambda: SLAPolicy("p", {}),
        "has_tags": lambda: HasTags(["vip"]),
        "attribute_in": lambda: AttributeIn("plan", ["gold"]),
        "rating_scores": lambda: RatingScores("csat"),
        "nps": lambda: NPS.empty(),
        "segmented": lambda: by("channel", NPS.empty()),
        "estimate": lambda: Estimate("csat", 0.5, 10),
    }


#: (sample, field, a value of the wrong type or not among the options): refused with a
#: ServiceModelError. attrs' own validators raised a bare TypeError/ValueError here.
WRONG_FIELDS = [
    ("calendar", "tz", "UTC"),
    ("calendar", "holidays", ["2026-01-01"]),
    ("calendar", "holidays", frozenset({"2026-01-01"})),
    ("calendar", "holiday_rules", [None]),
    ("calendar", "overrides", "1"),
    ("calendar", "overrides", 1155),
    ("calendar", "overrides", ((T0.date(),),)),
    ("union", "op", "xor"),
    ("rrule", "text", 5),
    ("country", "country", None),
    ("country", "subdiv", 7),
    ("country", "observed", "yes"),
    ("history", "ticket", "T"),
    ("goal", "unit", 10**5000),
    ("goal", "period", "fortnight"),
    ("theme", "kind", "colour"),
    ("standards", "name", 1.5),
    ("standards", "calendar", "Europe/Berlin"),
    ("qa_scores", "scorecard", "card"),
    ("criterion", "scale", "1-5"),
    ("survival", "metric", None),
    ("policy", "calendar_from", "channel"),
    ("has_tags", "require_all", "yes"),
    ("attribute_in", "name", ["plan"]),
    ("rating_scores", "survey", []),
    # converter=tuple / dict raised a TypeError outside any library frame
    ("union", "operands", False),
    ("nps", "counts", 3182),
    ("segmented", "parts", 0),
    ("segmented", "fill", 5),
    ("estimate", "counts", -391),
    ("criterion", "fail_on", -656),
]


@pytest.mark.parametrize(
    ("sample", "field", "value"), WRONG_FIELDS, ids=[f"{s}.{f}" for s, f, _ in WRONG_FIELDS]
)
def test_wrong_field_values_are_library_errors(sample: str, field: str, value: Any) -> None:
    instance = _samples()[sample]()
    with pytest.raises(ServiceModelError) as info:
        attrs.evolve(instance, **{field: value})
    assert isinstance(info.value, InputTypeError | ConfigError)
    assert field in str(info.value)


@given(value=st.one_of(st.integers(), st.text(max_size=5), st.none(), st.floats()))
def test_calendar_zone_of_any_other_type_is_an_input_type_error(value: Any) -> None:
    with pytest.raises(InputTypeError, match="tz: expected ZoneInfo"):
        attrs.evolve(_calendar(), tz=value)


def _busy_plan() -> Any:
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    return plan_intervals([1000, 60], aht=180, targets=[ServiceLevelTarget(0.8, 20)])


@pytest.mark.parametrize(
    "options",
    [
        {"intervals": -3877},
        {"intervals": "30m"},
        {"intervals": [5]},
        {"seed": "75%"},
        {"level": ["a"]},
        {"level": 1.5},
    ],
    ids=["intervals-int", "intervals-text", "intervals-range", "seed", "level-list", "level"],
)
def test_check_plan_refuses_bad_options(options: dict[str, Any]) -> None:
    from servicemodel.forecast import check_plan

    with pytest.raises(ServiceModelError) as info:
        check_plan(_busy_plan(), **options)
    assert next(iter(options)) in str(info.value)


def test_plan_week_and_check_plan_refuse_what_is_no_forecast_or_plan() -> None:
    from servicemodel.forecast import check_plan, plan_week
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    with pytest.raises(InputTypeError, match="forecast"):
        plan_week("1", aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    with pytest.raises(InputTypeError, match="plan"):
        check_plan("1")
    with pytest.raises(InputTypeError, match="targets"):
        plan_intervals([10], aht=180, targets=3264)


@pytest.mark.parametrize(
    ("options", "refused_as"),
    [
        # The work bound is an outcome of the plan and the options: a StaffingError.
        ({"hours_per_batch": 101_593}, "StaffingError"),  # years per batch: ran for minutes
        ({"batches": 297, "hours_per_batch": 2}, "StaffingError"),  # each batch read the run
        # batches out of 2..10000 is an input of the right type not allowed: a ConfigError.
        ({"batches": 10**5000}, "ConfigError"),  # OverflowError on the way to the bound
        ({"batches": 10_001}, "ConfigError"),
    ],
    ids=["long-batches", "many-batches", "huge-int", "over-10000"],
)
def test_check_plan_refuses_unbounded_work_quickly(
    options: dict[str, Any], refused_as: str
) -> None:
    from servicemodel import errors
    from servicemodel.forecast import check_plan

    error: type[Exception] = getattr(errors, refused_as)
    with deadline(2.0, "check_plan"), pytest.raises(error) as info:
        check_plan(_busy_plan(), **options)
    assert "batches" in str(info.value)


@settings(max_examples=min(20, settings.default.max_examples))
@given(batches=st.integers(2, 40), hours=st.floats(0.05, 1.0))
def test_check_plan_within_its_bound_still_runs(batches: int, hours: float) -> None:
    from servicemodel.forecast import check_plan
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    # 20 calls a half hour: at most 40 * 41 * 40 = 66,000 contact-batches, far inside the bound.
    plan = plan_intervals([20], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    check = check_plan(plan, batches=batches, hours_per_batch=hours, seed=3)
    assert [row.index for row in check.intervals] == [0]
    assert all(0.0 <= row.simulated <= 1.0 for row in check.intervals)


def _history() -> Any:
    from servicemodel.model import Ticket, TicketHistory

    return TicketHistory(Ticket("T", T0), [])


def _forecast() -> Any:
    from datetime import timedelta

    from servicemodel.forecast import forecast_arrivals
    from servicemodel.model import Ticket

    tickets = [Ticket(f"T{i}", T0 + timedelta(weeks=i), channel="chat") for i in range(4)]
    return forecast_arrivals(tickets)


def _compliance() -> Any:
    from servicemodel.standards import ServiceStandards, measure

    return measure(ServiceStandards.from_dict({"name": "s"}), [], at=T0)


def _gap(**changes: Any) -> Any:
    from servicemodel.blueprint import Gap
    from servicemodel.goals import Comparator
    from servicemodel.kpi import Estimate
    from servicemodel.standards import Verdict

    gap = Gap(
        "qa", "QA score", "QA score >= 80", None, Comparator.GE, 80.0, "",
        Estimate("QA score", None, 0), Verdict.NO_DATA, None,
    )  # fmt: skip
    return attrs.evolve(gap, **changes)


def _goal() -> Any:

    return _samples()["goal"]()


def _calls() -> list[tuple[str, Callable[[], Any]]]:
    """(id, a call with one argument of the wrong kind) that raised a builtin error."""
    from servicemodel.blueprint import Blueprint, assess, assessment_to_dict, rank, render_text
    from servicemodel.dask import read_tickets
    from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
    from servicemodel.forecast import count_arrivals, handle_times
    from servicemodel.journey import Journey, JourneyStats, StageRule, events_from_histories
    from servicemodel.model import TicketHistory, require_facts

    ladder = EscalationLadder([EscalationLevel("L1", Trigger("fraction", 0.5))])
    return [
        ("require_facts-history", lambda: require_facts("T-1", ["reopens"], what="x")),
        ("require_facts-facts", lambda: require_facts(_history(), 5, what="x")),
        ("require_facts-fact", lambda: require_facts(_history(), [["a"]], what="x")),
        ("from_unsorted-events", lambda: TicketHistory.from_unsorted(_history().ticket, 5)),
        ("render_text", lambda: render_text("assessment")),
        ("assessment_to_dict", lambda: assessment_to_dict(None)),
        ("rank-int", lambda: rank(-202)),
        ("gap-estimate", lambda: _gap(estimate="1")),
        ("compliance-checks", lambda: _evolve(_compliance(), checks=["1"])),
        ("compliance-tickets", lambda: _evolve(_compliance(), tickets="3")),
        ("gap-comparator", lambda: _gap(comparator=">=")),
        ("gap-name", lambda: _gap(name=None)),
        ("gap-shortfall", lambda: _gap(shortfall="0.1")),
        ("rank-str", lambda: rank("gaps")),
        ("assess-histories", lambda: assess(Blueprint("b"), 5, at=T0)),
        ("level_at", lambda: ladder.level_at("m", T0)),
        ("timeline", lambda: ladder.timeline(1.5)),
        ("ladder-levels", lambda: attrs.evolve(ladder, levels=1)),
        ("count_arrivals", lambda: count_arrivals(True)),
        ("count_arrivals-calendar", lambda: count_arrivals([], calendar="UTC")),
        ("count_arrivals-tz", lambda: count_arrivals([], tz=5)),
        ("handle_times-tickets", lambda: handle_times(132499387763203)),
        ("handle_times-item", lambda: handle_times(["a"])),
        ("handle_times-key", lambda: handle_times([], key=[])),
        ("handle_times-given", lambda: handle_times([], given=["a"])),
        ("handle_times-given-key", lambda: handle_times([], given={1: 300})),
        ("forecast-calls", lambda: _forecast().calls({"a": 1})),
        ("stage_rule-matches", lambda: StageRule(kinds=["x"]).matches(["30m"])),
        ("journey-stage", lambda: Journey.default().stage({})),
        ("journey-index", lambda: Journey.default().index([])),
        ("journey-paths", lambda: Journey.default().paths(-2324)),
        ("journey-path", lambda: Journey.default().path(0)),
        ("journey-stats", lambda: JourneyStats.empty().add_many(70884)),
        ("events_from_histories", lambda: events_from_histories(3.5)),
        ("events_from_histories-item", lambda: events_from_histories(["h"])),
        (
            "events_from_histories-customer",
            lambda: events_from_histories([_history()], customer=-1),
        ),
        ("goal-progress", lambda: _goal().progress(" ")),
        ("goal-progress-nan", lambda: _goal().progress(float("nan"))),
        ("goal-meets", lambda: _goal().meets({"value": 1})),
        ("goal-meets-text", lambda: _goal().meets(_samples()["goal"]().meets)),
        ("goal-evaluate", lambda: _goal().evaluate(-1, at=T0)),
        ("goal-evaluate-pairs", lambda: _goal().evaluate("1", at=T0)),
        ("goal-segment", lambda: attrs.evolve(_goal(), segment=5)),
        ("read_tickets-number", lambda: read_tickets(7.0)),
        ("read_tickets-mapping", lambda: read_tickets({})),
        ("read_tickets-blocksize", lambda: read_tickets("a.jsonl", blocksize=":s")),
    ]


@pytest.mark.parametrize(("name", "call"), _calls(), ids=[name for name, _ in _calls()])
def test_wrong_arguments_are_library_errors(name: str, call: Callable[[], Any]) -> None:
    with pytest.raises(ServiceModelError) as info:
        call()
    assert str(info.value).strip()


def _accumulators() -> list[tuple[str, Any]]:
    from servicemodel.kpi import (
        NPS,
        Backlog,
        FirstContactResolution,
        FirstReplySurvival,
        FirstReplyTime,
        Ratings,
        ReopenRate,
        ResolutionRate,
        ResolutionSurvival,
        ResolutionTime,
        SLAAttainment,
        SurvivalTimes,
        by,
    )

    return [
        ("FirstContactResolution", FirstContactResolution.empty()),
        ("ResolutionRate", ResolutionRate.empty()),
        ("ReopenRate", ReopenRate.empty()),
        ("Backlog", Backlog.empty(as_of=T0)),
        ("Ratings", Ratings(NPS.empty(), "nps")),
        ("Segmented", by("channel", ResolutionRate.empty())),
        ("SLAAttainment", SLAAttainment.empty()),
        ("SurvivalTimes", SurvivalTimes.empty()),
        ("FirstReplySurvival", FirstReplySurvival.empty(as_of=T0)),
        ("ResolutionSurvival", ResolutionSurvival.empty(as_of=T0)),
        ("FirstReplyTime", FirstReplyTime.empty()),
        ("ResolutionTime", ResolutionTime.empty()),
    ]


@given(successes=st.integers(0, 50), extra=st.integers(0, 50))
def test_wilson_interval_takes_numpy_counts_as_ints(successes: int, extra: int) -> None:
    import numpy as np

    from servicemodel.kpi import wilson_interval

    n = successes + extra + 1
    assert wilson_interval(np.int64(successes), np.int64(n)) == wilson_interval(successes, n)


@pytest.mark.parametrize("value", [26433, 7.5, None, float("nan"), "abc", {"a": 1}])
@pytest.mark.parametrize(
    ("name", "accumulator"), _accumulators(), ids=[n for n, _ in _accumulators()]
)
def test_add_many_of_no_collection_is_an_input_type_error(
    name: str, accumulator: Any, value: Any
) -> None:
    with pytest.raises(InputTypeError, match="expected an iterable of items"):
        accumulator.add_many(value)


def _feedback_calls() -> list[tuple[str, Callable[[], Any]]]:
    from servicemodel.feedback import (
        ChannelMix,
        PositiveNegative,
        ThemeCounts,
        ThemeSelector,
        benjamini_hochberg,
    )

    themes = ThemeCounts.empty(ThemeSelector("tags"))
    return [
        ("channel-count", lambda: ChannelMix.empty().count({})),
        ("channel-add_many", lambda: ChannelMix.empty().add_many(1 + 1j)),
        ("channel-counts", lambda: attrs.evolve(ChannelMix.empty(), counts=0)),
        ("channel-counts-text", lambda: attrs.evolve(ChannelMix.empty(), counts="ab")),
        ("channel-counts-negative", lambda: attrs.evolve(ChannelMix.empty(), counts={"a": -1})),
        ("theme-count", lambda: themes.count(["75%"])),
        ("theme-add_many", lambda: themes.add_many(-285)),
        ("theme-counts", lambda: attrs.evolve(themes, counts=[("a", "b")])),
        ("ratio-add_many", lambda: PositiveNegative.empty().add_many(63407)),
        ("ratio-classify", lambda: PositiveNegative.empty().classify("1")),
        ("benjamini_hochberg", lambda: benjamini_hochberg(7295)),
        ("theme-shares-estimates", lambda: _evolve(themes.result(), estimates=[("a", 1)])),
        ("theme-shares-n", lambda: _evolve(themes.result(), n=-1)),
        ("theme-shares-unthemed", lambda: _evolve(themes.result(), unthemed=0.5)),
        ("channel-shares-estimates", lambda: _evolve(ChannelMix.empty().result(), estimates=5)),
        ("channel-shares-n", lambda: _evolve(ChannelMix.empty().result(), n="3")),
    ]


@pytest.mark.parametrize(
    ("name", "call"), _feedback_calls(), ids=[name for name, _ in _feedback_calls()]
)
def test_feedback_wrong_arguments_are_library_errors(name: str, call: Callable[[], Any]) -> None:
    with pytest.raises(ServiceModelError) as info:
        call()
    assert str(info.value).strip()


_NAT = float("nan")


def _standards() -> Any:
    import servicemodel.standards

    return servicemodel.standards


def _estimate() -> Any:
    from servicemodel.kpi import Estimate

    return Estimate("csat", 0.5, 10, lower=0.25, upper=0.75)


def _evolve(instance: Any, **changes: Any) -> Any:
    return attrs.evolve(instance, **changes)


def _servqual() -> Any:
    import servicemodel.servqual

    return servicemodel.servqual


def _instrument() -> Any:
    return _servqual().Instrument


def _sla() -> Any:
    import servicemodel.sla

    return servicemodel.sla


def _measurement() -> Any:
    sla = _sla()
    policy = sla.SLAPolicy("p", {"normal": [sla.Target("first_reply", "1h")]})
    return sla.evaluate(policy, _history(), T0)[0]


def _ticket_sla() -> Any:
    sla = _sla()
    policy = sla.SLAPolicy("p", {"normal": [sla.Target("first_reply", "1h")]})
    return sla.TicketSLA(policy, _history().ticket)


def _journey() -> Any:
    import servicemodel.journey

    return servicemodel.journey


def _journey_report() -> Any:
    journey = _journey()
    return journey.JourneyStats.empty().result()


def _kpi() -> Any:
    import servicemodel.kpi

    return servicemodel.kpi


def _staffing() -> Any:
    import servicemodel.staffing

    return servicemodel.staffing


def _selfservice() -> Any:
    import servicemodel.selfservice

    return servicemodel.selfservice


def _support() -> Any:
    import servicemodel.support

    return servicemodel.support


def _simulate() -> Any:
    import servicemodel.simulate

    return servicemodel.simulate


def _qa_reconcile_calls() -> list[tuple[str, Callable[[], Any]]]:
    from servicemodel.qa import (
        QAScores,
        Scale,
        calibrate,
        cohen_kappa,
        fleiss_kappa,
        krippendorff_alpha,
    )
    from servicemodel.reconcile import VendorVerdict, jsm_verdicts, reconcile, zendesk_verdicts
    from servicemodel.sla import Metric

    card = _samples()["qa_scores"]().scorecard
    verdict = VendorVerdict("T-1", "first_reply", 1, "achieved")
    return [
        ("scale-value", lambda: Scale.parse("1-5").value(Metric.RESOLUTION)),
        ("section-criteria", lambda: attrs.evolve(card.sections[0], criteria=3)),
        ("scorecard-sections", lambda: attrs.evolve(card, sections=None)),
        ("normalised_weights", lambda: card.normalised_weights(9.0e154)),
        ("normalised_weights-id", lambda: card.normalised_weights([["greet"]])),
        ("qa_scores-add_many", lambda: QAScores(card).add_many(2**128)),
        ("calibrate", lambda: calibrate(66, card)),
        ("cohen_kappa", lambda: cohen_kappa([None], 6.0e153)),
        ("fleiss_kappa", lambda: fleiss_kappa(1 + 1j)),
        ("fleiss_kappa-subject", lambda: fleiss_kappa([7, 8])),
        ("krippendorff_alpha", lambda: krippendorff_alpha([-0.0])),
        ("reconcile-vendor", lambda: reconcile(1036515, [])),
        ("reconcile-vendor-item", lambda: reconcile(["PT4H"], [])),
        ("reconcile-measurements", lambda: reconcile([verdict], -2 * 10**20)),
        ("reconcile-measurement", lambda: reconcile([], ["m"])),
        ("zendesk_verdicts", lambda: zendesk_verdicts(7.2e-214)),
        ("jsm_verdicts-names", lambda: jsm_verdicts([], names="1")),
        ("calendar-add_many", lambda: union(_calendar(), _calendar()).add_many(8.1e15, "a")),
        ("exponential-mean", lambda: _simulate().Exponential(10**5000)),
        ("asa-is_met_by", lambda: _staffing().AsaTarget(20).is_met_by("1")),
        ("applies_to", lambda: _sla().SLAPolicy("p", {}).applies_to("")),
        ("instant_at", lambda: _measurement().instant_at("75%")),
        ("calendar_for", lambda: _sla().CalendarSelector("channel", {}).calendar_for("1")),
        ("timers-ladder", lambda: _ticket_sla().timers(ladder=-156)),
        ("journey-from_history", lambda: _journey().JourneyEvent.from_history("1")),
        ("policy_for", lambda: _sla().PolicySet([_sla().SLAPolicy("p", {})]).policy_for(10**5000)),
        ("target_for", lambda: _sla().SLAPolicy("p", {}).target_for("low", {})),
        ("priority_in", lambda: _sla().PriorityIn(["urgent"]).matches("1")),
        ("channel_in", lambda: _sla().ChannelIn(["chat"]).matches(None)),
        ("group_in", lambda: _sla().GroupIn(["a"]).matches(float("nan"))),
        ("has_tags", lambda: _sla().HasTags(["vip"]).matches(5)),
        ("attribute_in", lambda: _sla().AttributeIn("plan", ["gold"]).matches({})),
        ("exponential-rng", lambda: _simulate().Exponential(60).sample("1")),
        ("lognormal-rng", lambda: _simulate().LogNormal(60).sample(3.6e198)),
        ("rate-weekly", lambda: _simulate().RateProfile.weekly(-16328594)),
        ("rate-weekly-item", lambda: _simulate().RateProfile.weekly([None] * 24)),
        ("periods-tz", lambda: _kpi().periods("day", tz=[876608])),
        ("wilson-text", lambda: _kpi().wilson_interval(1, "2d 4h")),
        ("wilson-huge", lambda: _kpi().wilson_interval(1, 10**5000)),
        ("wilson-nan", lambda: _kpi().wilson_interval(float("nan"), 1)),
        ("nps_interval", lambda: _kpi().nps_interval("x", 1, 1)),
        ("order_statistic_ranks-n", lambda: _kpi().order_statistic_ranks("a", 0.5)),
        ("order_statistic_ranks-q", lambda: _kpi().order_statistic_ranks(1, T0)),
        ("t_quantile", lambda: _kpi().t_quantile("1", 1)),
        ("satisfied_from", lambda: _kpi().Ratings.satisfied_from([1], 5)),
        ("ces-version", lambda: _kpi().CES.empty(version={"a": 1})),
        ("periods-label", lambda: _kpi().periods("week").label(1 + 1j)),
        ("survival_at", lambda: _kpi().SurvivalTimes.empty().result().survival_at({"a": 1})),
        ("journey-report-stage", lambda: _journey_report().stage(10**5000)),
        ("period_start", lambda: _kpi().periods("week").period_start("1")),
        ("periods-range", lambda: _kpi().periods("week").range(T0.date(), [-424])),
        ("servqual-from_dimensions", lambda: _instrument().from_dimensions("a", -2.8e293)),
        ("servqual-numbers", lambda: _instrument().from_dimensions("a", {"a": 5})),
        (
            "servqual-reverse",
            lambda: _evolve(_instrument()("a", ("a",), ((1, "a"),)), reverse_scored=[[1]]),
        ),
        ("servqual-scale", lambda: _evolve(_instrument()("a", ("a",), ((1, "a"),)), scale=5)),
        ("servqual-name", lambda: _instrument()(10**5000, ("a",), ((1, "a"),))),
        ("servqual-add_many", lambda: _servqual().Servqual.empty().add_many(5)),
        ("servqual-empty", lambda: _servqual().Servqual.empty(instrument=10**5000)),
        ("occupancy-is_met_by", lambda: _staffing().OccupancyTarget(0.8).is_met_by([1])),
        ("level-is_met_by", lambda: _staffing().ServiceLevelTarget(0.8, 20).is_met_by(0.5)),
        ("abandon-is_met_by", lambda: _staffing().AbandonmentTarget(0.1).is_met_by("1")),
        ("queue_metrics", lambda: _staffing().queue_metrics("workload", 1)),
        ("erlang_a_metrics", lambda: _staffing().erlang_a_metrics("w", 1, patience=30)),
        ("customer_of", lambda: _selfservice().SelfService.empty().customer_of(True)),
        ("selfservice-add_many", lambda: _selfservice().SelfService.empty().add_many(837)),
        (
            "selfservice-tickets",
            lambda: attrs.evolve(_selfservice().SelfService.empty(), tickets=1),
        ),
        ("preset", lambda: _support().SupportModel.preset(float("-inf"))),
        ("next_tier", lambda: _support().SupportModel.preset("tiered").next_tier([-4176])),
        (
            "support-tiers",
            lambda: attrs.evolve(_support().SupportModel.preset("tiered"), tiers=[1]),
        ),
        ("standards-response", lambda: attrs.evolve(_samples()["standards"](), response=5)),
        ("standards-quality", lambda: attrs.evolve(_samples()["standards"](), quality=5)),
        ("standards-extra", lambda: attrs.evolve(_samples()["standards"](), extra_channels=5)),
        ("benchmark-metric", lambda: _standards().QualityBenchmark(None, {"": 1}, 0.8)),
        ("shortfall-value", lambda: _standards().shortfall({"kind": 1}, "<", 0.5, 0.5)),
        ("shortfall-worst", lambda: _standards().shortfall(0.5, "<", 0.5, _NAT)),
        ("verdict-threshold", lambda: _standards().verdict(_estimate(), "<", [1, 2])),
        ("verdict-estimate", lambda: _standards().verdict({"value": 1}, "<", 0.5)),
        ("roster-next_change", lambda: _simulate().Roster((2,) * 168).next_change("1")),
    ]


@pytest.mark.parametrize(
    ("name", "call"), _qa_reconcile_calls(), ids=[name for name, _ in _qa_reconcile_calls()]
)
def test_qa_and_reconcile_wrong_arguments_are_library_errors(
    name: str, call: Callable[[], Any]
) -> None:
    with pytest.raises(ServiceModelError) as info:
        call()
    assert str(info.value).strip()
