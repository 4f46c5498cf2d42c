"""Which of our types Hypothesis' ``st.from_type`` draws, registered as each package loads.

Hypothesis runs our entry point (``servicemodel._hypothesis_hook``) when it is imported, in
every process that has servicemodel installed, whether or not its tests use servicemodel.
Importing every package there cost about seven times the import of Hypothesis itself, so the
entry point only says that Hypothesis is here (``hypothesis_loaded``): the packages imported so
far are registered then, and each package imported later registers its own types at the end of
its ``__init__`` (``loaded(__name__)``). Either way a type is registered before any code can
name it. This module sits at the bottom of the layers and imports no package of ours: it finds
each class in ``sys.modules`` by name.

The strategies are *deferred*: Hypothesis may run the entry point while ``hypothesis`` itself
(and possibly ``servicemodel.strategies``) is still being imported; resolving the real
strategy at the first draw avoids an import cycle.
"""

from __future__ import annotations

import importlib
import sys
import threading
from typing import Any

#: (module, class) -> name of the strategy function in ``servicemodel.strategies`` (a name
#: starting with ``_`` names one of the private module ``servicemodel.strategies._types``: a
#: type drawn as a whole value only, with no options worth a public strategy). Every public
#: attrs class is here or on the "not drawn" list in tests/test_strategies_from_type.py.
_REGISTRY: dict[tuple[str, str], str] = {
    ("servicemodel.model", "Ticket"): "tickets",
    ("servicemodel.model", "TicketHistory"): "histories",
    ("servicemodel.calendar", "BusinessCalendar"): "calendars",
    ("servicemodel.sla", "SLAPolicy"): "policies",
    ("servicemodel.sla", "PolicySet"): "policy_sets",
    ("servicemodel.escalation", "EscalationLadder"): "ladders",
    ("servicemodel.servqual", "ServqualResponse"): "servqual_responses",
    ("servicemodel.goals", "SmartGoal"): "goals",
    ("servicemodel.journey", "Journey"): "journeys",
    ("servicemodel.qa", "Scorecard"): "scorecards",
    ("servicemodel.qa", "Evaluation"): "qa_evaluations",
    ("servicemodel.selfservice", "Session"): "help_sessions",
    ("servicemodel.sla", "Target"): "targets",
    ("servicemodel.sla", "Measurement"): "measurements",
    ("servicemodel.escalation", "Trigger"): "triggers",
    ("servicemodel.escalation", "EscalationLevel"): "levels",
    ("servicemodel.journey", "Stage"): "stages",
    ("servicemodel.journey", "JourneyEvent"): "_journey_event",
    ("servicemodel.journey", "StageRule"): "_stage_rule",
    ("servicemodel.qa", "Criterion"): "criteria",
    ("servicemodel.qa", "Scale"): "_scale",
    ("servicemodel.qa", "Section"): "_section",
    ("servicemodel.servqual", "Instrument"): "_instrument",
    ("servicemodel.calendar", "CombinedCalendar"): "combined_calendars",
    ("servicemodel.calendar", "RRuleHolidays"): "holiday_rules",
    ("servicemodel.calendar", "ScheduleHistory"): "schedule_histories",
    ("servicemodel.sla", "CalendarSelector"): "calendar_selectors",
    ("servicemodel.servqual", "DimensionWeights"): "dimension_weights",
    ("servicemodel.feedback", "ThemeSelector"): "theme_selectors",
    ("servicemodel.support", "SupportModel"): "support_models",
    ("servicemodel.support", "Tier"): "_tier",
    ("servicemodel.support", "HandOff"): "_handoff",
    ("servicemodel.reconcile", "VerdictRules"): "verdict_rules",
    ("servicemodel.reconcile", "VerdictRule"): "_verdict_rule",
    ("servicemodel.report", "ReportOptions"): "report_options",
    ("servicemodel.staffing", "Workload"): "workloads",
    ("servicemodel.simulate", "RateProfile"): "rate_profiles",
    ("servicemodel.simulate", "Roster"): "rosters",
    ("servicemodel.simulate", "SupportDesk"): "desks",
    ("servicemodel.standards", "ResponseStandard"): "response_standards",
    ("servicemodel.standards", "QualityBenchmark"): "quality_benchmarks",
    ("servicemodel.standards", "ServiceStandards"): "service_standards",
    ("servicemodel.standards", "QualityMetric"): "_quality_metric",
}

#: (module, class) -> a strategy with a ``kinds`` option, called with ``kinds=[class]``: one
#: strategy draws several related classes (staffing targets, duration distributions).
_BY_KIND: dict[tuple[str, str], str] = {
    ("servicemodel.staffing", "ServiceLevelTarget"): "staffing_targets",
    ("servicemodel.staffing", "AsaTarget"): "staffing_targets",
    ("servicemodel.staffing", "OccupancyTarget"): "staffing_targets",
    ("servicemodel.staffing", "AbandonmentTarget"): "staffing_targets",
    ("servicemodel.simulate", "Exponential"): "distributions",
    ("servicemodel.simulate", "LogNormal"): "distributions",
}

#: KPI accumulators: ``accumulators(cls)`` for each, an empty one fed drawn inputs.
_ACCUMULATORS = (
    "Backlog",
    "CES",
    "CSAT",
    "Durations",
    "FirstContactResolution",
    "FirstReplyTime",
    "NPS",
    "OneTouchRate",
    "ReopenRate",
    "ResolutionRate",
    "ResolutionTime",
    "SLAAttainment",
)


#: Other accumulators ``accumulators(cls)`` draws: outside ``servicemodel.kpi``, or with an
#: option of their own (an instant to count at, a survey accumulator inside).
_OTHER_ACCUMULATORS = (
    ("servicemodel.qa", "QAScores"),
    ("servicemodel.servqual", "Servqual"),
    ("servicemodel.kpi", "FirstReplySurvival"),
    ("servicemodel.kpi", "ResolutionSurvival"),
    ("servicemodel.kpi", "SurvivalTimes"),
    ("servicemodel.kpi", "Ratings"),
    ("servicemodel.feedback", "ChannelMix"),
    ("servicemodel.feedback", "ThemeCounts"),
    ("servicemodel.selfservice", "SelfService"),
    ("servicemodel.sla", "SLALeftOut"),
    ("servicemodel.kpi", "LeaveOutPartial"),
    ("servicemodel.journey", "JourneyStats"),
)

#: Every kind of SLA condition, registered by class; ``Condition`` draws any of them.
_CONDITIONS = (
    "Always",
    "PriorityIn",
    "ChannelIn",
    "GroupIn",
    "HasTags",
    "AttributeIn",
    "Not",
    "AllOf",
    "AnyOf",
)

#: Every package with types to register; any other calling ``loaded`` has none.
_PACKAGES = frozenset(
    [m for m, _ in _REGISTRY]
    + [m for m, _ in _BY_KIND]
    + [m for m, _ in _OTHER_ACCUMULATORS]
    + ["servicemodel.kpi", "servicemodel.sla", "servicemodel.model"]
)

_lock = threading.Lock()
#: Our packages whose ``__init__`` has run to its end.
_done: set[str] = set()
#: Those whose types are registered.
_registered: set[str] = set()
_hypothesis_here = False


def loaded(module_name: str) -> None:
    """Called at the end of each package's ``__init__``: register its types if Hypothesis is
    imported (otherwise remember that the package is complete)."""
    if module_name not in _PACKAGES:
        return
    with _lock:
        _done.add(module_name)
        if not _hypothesis_here:
            return
    _register(module_name)


def hypothesis_loaded() -> None:
    """Hypothesis' entry point: register the types of every package imported so far."""
    global _hypothesis_here
    with _lock:
        _hypothesis_here = True
        ready = sorted(_done)
    for module_name in ready:
        _register(module_name)


def _register(module_name: str) -> None:
    with _lock:
        if module_name in _registered:
            return
        _registered.add(module_name)
    module = sys.modules[module_name]
    for cls, strategy_name, options in _drawn_from(module_name, module):
        _register_one(cls, strategy_name, options)


def _drawn_from(module_name: str, module: Any) -> list[tuple[Any, str, dict[str, Any]]]:
    """Each class of ``module`` with the strategy that draws it and that strategy's options."""
    found: list[tuple[Any, str, dict[str, Any]]] = []
    for (m, class_name), strategy_name in _REGISTRY.items():
        if m == module_name:
            found.append((getattr(module, class_name), strategy_name, {}))
    for (m, class_name), strategy_name in _BY_KIND.items():
        if m == module_name:
            cls = getattr(module, class_name)
            found.append((cls, strategy_name, {"kinds": [cls]}))
    pairs = [("servicemodel.kpi", c) for c in _ACCUMULATORS] + list(_OTHER_ACCUMULATORS)
    for m, class_name in pairs:
        if m == module_name:
            cls = getattr(module, class_name)
            found.append((cls, "accumulators", {"cls": cls}))
    if module_name == "servicemodel.sla":
        # Conditions: the base class draws any kind, each subclass its own kind.
        found.append((module.Condition, "conditions", {}))
        for class_name in _CONDITIONS:
            cls = getattr(module, class_name)
            found.append((cls, "conditions", {"kinds": [cls]}))
    if module_name == "servicemodel.model":
        # Events alike: ``Event`` draws any kind, each subclass its own.
        event_types = module.EVENT_TYPES
        found.append((module.Event, "events", {"kinds": sorted(event_types)}))
        found += [(cls, "events", {"kinds": [kind]}) for kind, cls in event_types.items()]
    return found


def _register_one(cls: Any, strategy_name: str, options: dict[str, Any]) -> None:
    from hypothesis import strategies as st

    def resolve() -> Any:
        # The strategy made at the first draw: importing ``servicemodel.strategies`` now
        # would import every package while this one is still being imported.
        private = strategy_name.startswith("_")
        where = "servicemodel.strategies" + ("._types" if private else "")
        made = getattr(importlib.import_module(where), strategy_name)
        if strategy_name == "accumulators":
            return made(options["cls"])
        return made(**options)

    strategy = st.deferred(resolve)
    # Registered as a function of the type, so Hypothesis does not resolve the strategy to
    # check that it is not empty (it would, for a strategy given as such).
    st.register_type_strategy(cls, lambda _type: strategy)
