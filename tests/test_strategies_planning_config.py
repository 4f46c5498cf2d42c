"""The staffing, simulation and standards strategies draw values our public functions take.

A drawn workload and targets go through ``required_agents`` (and Erlang A): a plan that meets
every target with the fewest agents, or a ``StaffingError`` saying why none does, never another
exception. A drawn desk simulates with a fixed seed, the same twice, and its counts add up.
Drawn service standards compile to SLA policies, read back from their own file format (a
``dict``, JSON or TOML text, a file) as the same value that measures the same, and measure
drawn histories. Each strategy shrinks to its simplest value and refuses a wrong option by
name.
"""

from __future__ import annotations

import json
import math
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

import servicemodel.strategies as sms
from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError, StaffingError
from servicemodel.feedback import ThemeCounts, ThemeSelector
from servicemodel.model import Ticket, TicketHistory
from servicemodel.reconcile import VerdictRule, VerdictRules, attribute_verdicts
from servicemodel.report import ReportOptions, build_report
from servicemodel.servqual import DimensionWeights, Servqual
from servicemodel.simulate import Exponential, LogNormal, RateProfile, Roster, SupportDesk, simulate
from servicemodel.staffing import (
    AbandonmentTarget,
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    queue_metrics,
    required_agents,
    required_agents_erlang_a,
)
from servicemodel.standards import (
    QualityBenchmark,
    ResponseStandard,
    ServiceStandards,
    measure,
)
from servicemodel.support import HandOff, SupportModel, Tier

_FEW = settings(max_examples=50, deadline=None)
_FIND = settings(derandomize=True, database=None, max_examples=200, deadline=None)
_T0 = datetime(2026, 3, 2, tzinfo=UTC)
_ERLANG_C = (ServiceLevelTarget, AsaTarget, OccupancyTarget)
_ALL_TARGETS = (*_ERLANG_C, AbandonmentTarget)


def _simplest(strategy: Any) -> Any:
    return find(strategy, lambda value: True, settings=_FIND)


# --- staffing ------------------------------------------------------------------------------


def _planned(plan: Any, *args: Any, **options: Any) -> tuple[Any, str]:
    """The plan, or None and the message of the StaffingError refusing it (no other error)."""
    try:
        return plan(*args, **options), ""
    except StaffingError as err:
        return None, str(err)


@_FEW
@given(sms.workloads(), st.lists(sms.staffing_targets(), min_size=1, max_size=3))
def test_a_drawn_workload_is_staffed_or_refused_by_name(
    workload: Workload, targets: list[Any]
) -> None:
    assert 0 <= workload.traffic <= 100
    plan, refused = _planned(required_agents, workload, *targets)
    if workload.calls == 0:
        # docs/staffing.md, "An interval with no calls": 0 agents whatever the targets.
        assert plan is not None, refused
        assert (plan.agents, plan.scheduled) == (0, 0)
        assert all(t.is_met_by(plan.metrics) for t in targets)
        return
    if plan is None:
        assert "unreachable" in refused or "never" in refused
        return
    assert plan.agents > workload.traffic
    assert all(t.is_met_by(plan.metrics) for t in targets)
    fewer = plan.agents - 1
    if fewer > workload.traffic:  # the fewest agents: one less misses a target
        assert not all(t.is_met_by(queue_metrics(workload, fewer)) for t in targets)


@_FEW
@given(
    sms.workloads(max_traffic=30),
    st.lists(sms.staffing_targets(kinds=_ALL_TARGETS), min_size=1, max_size=3),
    st.integers(1, 3600),
)
def test_a_drawn_workload_is_staffed_by_erlang_a_or_refused_by_name(
    workload: Workload, targets: list[Any], patience: int
) -> None:
    plan, refused = _planned(required_agents_erlang_a, workload, *targets, patience=patience)
    if workload.calls == 0:  # no calls: no agents meet every target (docs/staffing.md)
        assert plan is not None, refused
        assert plan.agents == 0
    if plan is None:
        assert "unreachable" in refused or "never" in refused or "no finite" in refused
        return
    assert all(t.is_met_by(plan.metrics) for t in targets)


@_FEW
@given(sms.workloads(max_traffic=0.5))
def test_max_traffic_bounds_the_offered_load(workload: Workload) -> None:
    assert 0 <= workload.traffic <= 0.5
    assert workload.interval in (900, 1800, 3600)


@_FEW
@given(sms.workloads(max_traffic=0.5, allow_no_calls=False))
def test_allow_no_calls_false_draws_some_load(workload: Workload) -> None:
    assert 0 < workload.traffic <= 0.5
    assert workload.calls >= 0.01  # whole calls from 1, a forecast's fraction from 0.01


def test_an_interval_with_no_calls_is_drawn_only_when_allowed() -> None:
    # A valid workload the strategy reaches (a property's failure at no calls is found), and
    # one it never draws with allow_no_calls=False.
    assert find(sms.workloads(max_traffic=5), lambda w: w.calls == 0, settings=_FIND).traffic == 0
    with pytest.raises(NoSuchExample):
        find(sms.workloads(max_traffic=5, allow_no_calls=False), lambda w: w.traffic == 0,
             settings=_FIND)  # fmt: skip


# --- simulation ----------------------------------------------------------------------------


@_FEW
@given(sms.distributions())
def test_a_drawn_distribution_samples_positive_finite_durations(dist: Any) -> None:
    draws = [dist.sample(random.Random(i)) for i in range(5)]
    assert all(math.isfinite(x) and x >= 0 for x in draws)
    assert 1 <= dist.mean <= 3600


@_FEW
@given(sms.rate_profiles(max_rate=12), sms.aware_datetimes())
def test_a_drawn_profile_answers_a_rate_at_any_instant(profile: RateProfile, t: datetime) -> None:
    assert 0 <= profile.rate_at(t) <= 12
    assert len(profile.per_hour) in (168, 336)


@_FEW
@given(sms.rosters(max_agents=4), sms.aware_datetimes())
def test_a_drawn_roster_staffs_a_desk(roster: Roster, t: datetime) -> None:
    assert 1 <= roster.most <= 4
    assert 0 <= roster.agents_at(t) <= roster.most
    assert roster.next_change(t) > t
    assert SupportDesk(roster.most, 1, 180, roster=roster).roster == roster


@settings(max_examples=25, deadline=None)
@given(sms.desks())
def test_a_drawn_desk_simulates_the_same_twice_and_its_counts_add_up(desk: SupportDesk) -> None:
    end = _T0 + timedelta(hours=6)
    run = simulate(desk, _T0, end, seed=3)
    assert run.contacts() == simulate(desk, _T0, end, seed=3).contacts()
    summary = run.summary(within=20)
    assert summary.offered == summary.answered + summary.abandoned == len(run.contacts())
    assert summary.censored == 0  # drained: every contact answered or abandoned
    if desk.patience is None:
        assert summary.abandoned == 0
    for history in run.histories():
        assert history.ticket.channel == desk.channel
        assert list(history.events) == sorted(history.events, key=lambda e: e.at)


@settings(max_examples=10, deadline=None)
@given(sms.desks(calendars=sms.calendars(zones=["UTC"]), max_rate=5, allow_rosters=False))
def test_a_desk_on_a_drawn_calendar_simulates(desk: SupportDesk) -> None:
    run = simulate(desk, _T0, _T0 + timedelta(hours=4), seed=1, drain=False)
    summary = run.summary()
    # Offered contacts are answered or abandoned; those still waiting at the end are censored.
    assert summary.offered == summary.answered + summary.abandoned
    assert len(run.contacts()) == summary.offered + summary.censored


# --- standards -----------------------------------------------------------------------------


@_FEW
@given(sms.service_standards(channels=["email", "chat", "whatsapp"]))
def test_drawn_standards_compile_and_survive_their_file_format(standards: ServiceStandards) -> None:
    policies = standards.policies()
    assert [p.name for p in policies.policies] == list(
        dict.fromkeys(s.channel for s in standards.response)
    )
    data = standards.to_dict()
    read = ServiceStandards.from_dict(data)
    # The file form holds the value itself: an all-channels benchmark a channel lacks, and
    # standards given in any order, read back as they were.
    assert read == standards
    assert read.to_dict() == data
    assert read.policies() == policies


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    assert isinstance(value, dict), value
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


def _toml(data: dict[str, Any]) -> str:
    return "\n".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in data.items())


@_FEW
@given(
    sms.service_standards(channels=["email", "chat", "whatsapp"], max_standards=4),
    st.lists(sms.histories(max_events=6), max_size=3, unique_by=lambda h: h.id),
)
def test_drawn_standards_read_back_from_json_and_toml_files_measure_the_same(
    standards: ServiceStandards, histories: list[Any]
) -> None:
    data = standards.to_dict()
    json_text, toml_text = json.dumps(data), _toml(data)
    assert ServiceStandards.from_json(json_text) == standards
    assert ServiceStandards.from_toml(toml_text) == standards
    with tempfile.TemporaryDirectory() as folder:
        for name, text in (("standards.json", json_text), ("standards.toml", toml_text)):
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            read = ServiceStandards.from_file(path)
            assert read == standards
            at = datetime(2032, 1, 1, tzinfo=UTC)
            assert measure(read, histories, at=at) == measure(standards, histories, at=at)


@settings(max_examples=20, deadline=None)
@given(
    sms.service_standards(max_standards=3),
    st.lists(sms.histories(max_events=6), max_size=4, unique_by=lambda h: h.id),
)
def test_drawn_standards_measure_drawn_histories(
    standards: ServiceStandards, histories: list[Any]
) -> None:
    compliance = measure(standards, histories, at=datetime(2032, 1, 1, tzinfo=UTC))
    assert len(compliance.checks) == len(standards.response) + len(standards.quality)


# --- shrinking -----------------------------------------------------------------------------


_NO_ARRIVALS = RateProfile.constant(0, "UTC")  # the first of the drawn zones


def test_the_strategies_shrink_to_their_simplest_value() -> None:
    assert _simplest(sms.workloads()) == Workload(calls=0, interval=1800, aht=180)
    assert _simplest(sms.workloads(allow_no_calls=False)) == Workload(1, 1800, 180)
    assert _simplest(sms.staffing_targets()) == ServiceLevelTarget(0.8, 20)
    assert _simplest(sms.staffing_targets(kinds=[AbandonmentTarget])) == AbandonmentTarget(0.05)
    assert _simplest(sms.distributions()) == Exponential(180)
    assert _simplest(sms.distributions(kinds=[LogNormal])) == LogNormal(180, cv=1.0)
    assert _simplest(sms.rate_profiles()) == RateProfile.constant(0, "UTC")
    assert _simplest(sms.rosters()) == Roster([1] * 168, "UTC")
    assert _simplest(sms.desks()) == SupportDesk(1, _NO_ARRIVALS, 180)
    assert _simplest(sms.response_standards()) == ResponseStandard(
        "email", "first_reply", timedelta(minutes=15)
    )
    assert _simplest(sms.quality_benchmarks()) == QualityBenchmark(None, "csat", 0.85)
    assert _simplest(sms.service_standards()) == ServiceStandards("Acme")


def test_a_desk_shrinks_to_the_part_its_failure_needs() -> None:
    desk = find(sms.desks(), lambda d: d.patience is not None, settings=_FIND)
    assert desk == SupportDesk(1, _NO_ARRIVALS, 180, patience=180)


# --- wrong options -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: sms.workloads(max_traffic=0), ConfigError, "workloads: max_traffic"),
        (lambda: sms.workloads(max_traffic="5"), InputTypeError, "workloads: max_traffic"),
        (lambda: sms.workloads(max_traffic=2e6), ConfigError, "at most 1e\\+06"),
        (lambda: sms.workloads(allow_no_calls=1), InputTypeError, "workloads: allow_no_calls"),
        (lambda: sms.staffing_targets(kinds=[Workload]), ConfigError, "kinds holds"),
        (lambda: sms.staffing_targets(kinds=["asa"]), InputTypeError, "kinds holds"),
        (lambda: sms.distributions(kinds=[Roster]), ConfigError, "distributions: kinds"),
        (
            lambda: sms.distributions(max_mean=timedelta(milliseconds=5)),
            ConfigError,
            "max_mean must be at least 1 second",
        ),
        (lambda: sms.rate_profiles(max_rate=-1), ConfigError, "rate_profiles: max_rate"),
        (lambda: sms.rate_profiles(zones=["Mars/Base"]), ConfigError, "rate_profiles: zones"),
        (lambda: sms.rosters(max_agents=0), ConfigError, "rosters: max_agents"),
        (lambda: sms.desks(max_agents=1.5), InputTypeError, "desks: max_agents"),
        (lambda: sms.desks(allow_rosters="no"), InputTypeError, "desks: allow_rosters"),
        (lambda: sms.desks(calendars=1), InputTypeError, "desks: calendars"),
        (lambda: sms.response_standards(metrics=["csat"]), ConfigError, "metrics holds"),
        (lambda: sms.response_standards(channels="email"), InputTypeError, "channels"),
        (lambda: sms.quality_benchmarks(metrics=["aht"]), ConfigError, "metrics holds"),
        (lambda: sms.service_standards(max_standards=-1), ConfigError, "max_standards"),
    ],
)
def test_a_wrong_option_names_the_strategy(call: Any, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        call()


@pytest.mark.parametrize(
    ("strategy", "error", "words"),
    [
        (
            lambda: sms.desks(calendars=st.just("24/7")),
            InputTypeError,
            "desks: calendars drew '24/7', not a BusinessCalendar",
        ),
        (
            lambda: sms.service_standards(calendars=st.just(1)),
            InputTypeError,
            "service_standards: calendars drew 1, not a BusinessCalendar",
        ),
    ],
)
def test_a_strategy_option_that_draws_a_wrong_value_names_the_strategy(
    strategy: Any, error: type, words: str
) -> None:
    with pytest.raises(error, match=words):
        find(strategy(), lambda _: True, settings=settings(database=None))


# --- SERVQUAL weights and feedback themes --------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(
    sms.dimension_weights(),
    st.lists(sms.servqual_responses(), min_size=2, max_size=5),
)
def test_drawn_weights_weigh_the_dimension_gaps(weights: DimensionWeights, rs: list[Any]) -> None:
    # Weighted SERVQUAL = sum of w_d * G_d (Parasuraman, Zeithaml & Berry 1991).
    result = Servqual.empty(weights=weights).add_many(rs).result()
    assert result.weighted is not None
    assert result.weighted.value is not None
    gaps = dict(result.dimension_gaps)
    expected = math.fsum(weights.weight(d) * gaps[d].value for d in weights.dimensions)
    assert result.weighted.value == pytest.approx(expected, abs=1e-9)


@_FEW
@given(sms.theme_selectors(), st.lists(sms.themed_tickets(), max_size=5))
def test_a_drawn_selector_counts_drawn_tickets(selector: ThemeSelector, tickets: list[Any]) -> None:
    counts = ThemeCounts.empty(selector)
    for ticket in tickets:
        counts = counts.add(ticket)
    assert counts.n == len(tickets)
    assert ThemeSelector.parse(selector) == selector


def test_weights_and_selectors_shrink_to_their_simplest_value() -> None:
    assert _simplest(sms.dimension_weights()) == DimensionWeights(
        dict.fromkeys(("tangibles", "reliability", "responsiveness", "assurance", "empathy"), 0.2)
    )
    assert _simplest(sms.theme_selectors()) == ThemeSelector.parse("tags")
    mapped = find(sms.theme_selectors(), lambda s: s.kind == "map", settings=_FIND)
    assert mapped == ThemeSelector.parse({"billing": "a"})


# --- support models and verdict rules ------------------------------------------------------


@_FEW
@given(sms.support_models())
def test_a_drawn_support_model_routes_every_ticket_to_an_end(model: SupportModel) -> None:
    names = [t.name for t in model.tiers]
    for name in names:
        path = model.path(name)
        assert path[0] == name
        assert [names.index(t) for t in path] == sorted(names.index(t) for t in path)
    assert model.max_handoffs == len(model.path(names[0])) - 1
    assert SupportModel.from_dict(model.to_dict()) == model


@_FEW
@given(sms.verdict_rules(), st.data())
def test_drawn_rules_read_the_verdicts_tickets_carry(rules: VerdictRules, data: Any) -> None:
    histories, expected = [], []
    for i, rule in enumerate(rules.rules):
        value = data.draw(st.sampled_from([*rule.achieved, *rule.breached]))
        ticket = Ticket(f"T-{i}", _T0, attributes={rule.attribute: value.upper()})
        histories.append(TicketHistory(ticket, []))
        expected.append((ticket.id, "achieved" if value in rule.achieved else "breached"))
    verdicts, errors = attribute_verdicts(histories, rules)
    assert errors == ()
    assert [(v.ticket_id, v.state) for v in verdicts] == expected


def test_support_models_and_verdict_rules_shrink_to_their_simplest_value() -> None:
    assert _simplest(sms.support_models()) == SupportModel("model", [Tier("L1")])
    assert _simplest(sms.verdict_rules()) == VerdictRules(())
    assert _simplest(st.from_type(VerdictRule)) == VerdictRule(
        "SLA status", "first_reply", ["Within SLA"]
    )
    assert _simplest(st.from_type(HandOff)) == HandOff("L1", "L2")


# --- report options ------------------------------------------------------------------------

#: What build_report may refuse for drawn options and histories, each naming the cause.
_REFUSED = (
    "needs at= when there are no histories",
    "no ticket of the",  # a breakdown (--by) no selected ticket has
)


@settings(max_examples=40, deadline=None)
@given(
    sms.report_options(),
    st.lists(sms.histories(max_events=6), max_size=4, unique_by=lambda h: h.id),
)
def test_drawn_options_build_a_report_or_say_why_not(
    options: ReportOptions, desk: list[Any]
) -> None:
    try:
        report = build_report(desk, options)
    except ServiceModelError as err:
        refused = str(err)
    else:
        assert (report.sla is not None) == (options.policies is not None) or not desk
        return
    assert any(words in refused for words in _REFUSED), refused


def test_report_options_shrink_to_the_defaults() -> None:
    assert _simplest(sms.report_options()) == ReportOptions(tz="UTC")
