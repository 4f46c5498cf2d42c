"""Entry point Hypothesis runs on import: registers our types for ``st.from_type``.

It lives apart from ``servicemodel.strategies`` and registers *deferred* strategies, because
Hypothesis runs it while ``hypothesis`` itself (and possibly ``servicemodel.strategies``) is
still being imported; resolving the real strategy at first draw avoids an import cycle.
"""

from __future__ import annotations

import importlib
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


def _hypothesis_setup_hook() -> None:
    """Register servicemodel's types for ``st.from_type``."""
    from hypothesis import strategies as st

    def deferred(name: str, *args: Any, **options: Any) -> Any:
        # The strategy ``name`` called with these arguments, made at the first draw.
        def resolve() -> Any:
            where = "servicemodel.strategies" + ("._types" if name.startswith("_") else "")
            return getattr(importlib.import_module(where), name)(*args, **options)

        return st.deferred(resolve)

    def public(module_name: str, class_name: str) -> Any:
        return getattr(importlib.import_module(module_name), class_name)

    for (module_name, class_name), strategy_name in _REGISTRY.items():
        st.register_type_strategy(public(module_name, class_name), deferred(strategy_name))
    for (module_name, class_name), strategy_name in _BY_KIND.items():
        cls = public(module_name, class_name)
        st.register_type_strategy(cls, deferred(strategy_name, kinds=[cls]))
    for class_name in _ACCUMULATORS:
        cls = public("servicemodel.kpi", class_name)
        st.register_type_strategy(cls, deferred("accumulators", cls))
    for module_name, class_name in _OTHER_ACCUMULATORS:
        cls = public(module_name, class_name)
        st.register_type_strategy(cls, deferred("accumulators", cls))
    # Conditions and events: the base class draws any kind, each subclass its own kind.
    kinds = [public("servicemodel.sla", class_name) for class_name in _CONDITIONS]
    st.register_type_strategy(public("servicemodel.sla", "Condition"), deferred("conditions"))
    for cls in kinds:
        st.register_type_strategy(cls, deferred("conditions", kinds=[cls]))
    event_types = public("servicemodel.model", "EVENT_TYPES")
    st.register_type_strategy(
        public("servicemodel.model", "Event"), deferred("events", kinds=sorted(event_types))
    )
    for kind, cls in event_types.items():
        st.register_type_strategy(cls, deferred("events", kinds=[kind]))
