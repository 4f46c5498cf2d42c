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
    ("servicemodel.qa", "Criterion"): "criteria",
    ("servicemodel.qa", "Scale"): "_scale",
    ("servicemodel.qa", "Section"): "_section",
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


def _hypothesis_setup_hook() -> None:
    """Register servicemodel's types for ``st.from_type``."""
    from hypothesis import strategies as st

    def deferred(name: str) -> Any:
        def resolve() -> Any:
            where = "servicemodel.strategies" + ("._types" if name.startswith("_") else "")
            return getattr(importlib.import_module(where), name)()

        return st.deferred(resolve)

    for (module_name, class_name), strategy_name in _REGISTRY.items():
        cls = getattr(importlib.import_module(module_name), class_name)
        st.register_type_strategy(cls, deferred(strategy_name))

    kpi = importlib.import_module("servicemodel.kpi")

    def accumulators_of(cls: type) -> Any:
        def resolve() -> Any:
            return importlib.import_module("servicemodel.strategies").accumulators(cls)

        return st.deferred(resolve)

    for class_name in _ACCUMULATORS:
        cls = getattr(kpi, class_name)
        st.register_type_strategy(cls, accumulators_of(cls))

    # Every event type: the base class draws any kind, each subclass its own kind.
    model = importlib.import_module("servicemodel.model")

    def events_of(kinds: list[str]) -> Any:
        def resolve() -> Any:
            return importlib.import_module("servicemodel.strategies").events(kinds=kinds)

        return st.deferred(resolve)

    event_types = model.EVENT_TYPES
    st.register_type_strategy(model.Event, events_of(sorted(event_types)))
    for kind, cls in event_types.items():
        st.register_type_strategy(cls, events_of([kind]))
