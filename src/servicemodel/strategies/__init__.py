"""Hypothesis strategies for servicemodel's types, for your own property-based tests.

Needs the ``hypothesis`` extra (``pip install 'servicemodel[hypothesis]'``). Names follow
Hypothesis' own style: plural nouns, keyword-only options. Importing Hypothesis registers
servicemodel's types for ``st.from_type`` (through the ``hypothesis`` entry point).

Examples:
    >>> from datetime import UTC
    >>> from hypothesis import given, strategies as st
    >>> from servicemodel.model import TicketHistory
    >>> @given(st.from_type(TicketHistory))
    ... def check(history):  # in UTC: one zone's repeated hour compares by wall clock
    ...     in_utc = lambda e: e.at.astimezone(UTC)
    ...     assert list(history.events) == sorted(history.events, key=in_utc)
    >>> check()
"""

from __future__ import annotations

try:  # every strategy is built from Hypothesis' own: say which extra brings it
    import hypothesis as _hypothesis  # noqa: F401
except ImportError:
    from servicemodel.errors import MissingExtraError

    raise MissingExtraError("hypothesis", "servicemodel.strategies") from None

from servicemodel.strategies._calendar import calendars
from servicemodel.strategies._feedback import help_sessions, satisfaction_ratings, themed_tickets
from servicemodel.strategies._kpi import accumulators, survey_scores
from servicemodel.strategies._model import aware_datetimes, events, histories, tickets
from servicemodel.strategies._models import support_models, verdict_rules
from servicemodel.strategies._planning import goals, journey_events, journeys, stages
from servicemodel.strategies._qa import criteria, qa_evaluations, scorecards
from servicemodel.strategies._report import report_options
from servicemodel.strategies._schedules import (
    calendar_selectors,
    combined_calendars,
    holiday_rules,
    schedule_histories,
)
from servicemodel.strategies._servqual import servqual_responses
from servicemodel.strategies._simulate import desks, distributions, rate_profiles, rosters
from servicemodel.strategies._sla import (
    conditions,
    ladders,
    levels,
    measurements,
    policies,
    policy_sets,
    targets,
    triggers,
)
from servicemodel.strategies._staffing import staffing_targets, workloads
from servicemodel.strategies._standards import (
    quality_benchmarks,
    response_standards,
    service_standards,
)
from servicemodel.strategies._weights import dimension_weights, theme_selectors

__all__ = [
    # the ticket model
    "aware_datetimes",
    "events",
    "histories",
    "tickets",
    # calendars, SLA policies, escalation
    "calendar_selectors",
    "calendars",
    "combined_calendars",
    "conditions",
    "holiday_rules",
    "ladders",
    "levels",
    "measurements",
    "policies",
    "policy_sets",
    "schedule_histories",
    "targets",
    "triggers",
    # KPIs and survey instruments
    "accumulators",
    "dimension_weights",
    "servqual_responses",
    "survey_scores",
    # staffing and simulation
    "desks",
    "distributions",
    "rate_profiles",
    "rosters",
    "staffing_targets",
    "workloads",
    # service standards
    "quality_benchmarks",
    "response_standards",
    "service_standards",
    # planning
    "goals",
    "journey_events",
    "journeys",
    "stages",
    # reports
    "report_options",
    # support models and vendor verdicts
    "support_models",
    "verdict_rules",
    # quality assurance
    "criteria",
    "qa_evaluations",
    "scorecards",
    # feedback and self-service
    "help_sessions",
    "satisfaction_ratings",
    "theme_selectors",
    "themed_tickets",
]
