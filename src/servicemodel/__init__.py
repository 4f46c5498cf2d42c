"""servicemodel: typed building blocks for customer-support software.

The names most users need are importable from here; each also lives in the subpackage named for
its domain (``servicemodel.calendar``, ``servicemodel.sla``, ``servicemodel.kpi``, …), where the
less common ones are. ``import servicemodel`` is cheap: a name is imported from its subpackage
the first time it is used (PEP 562), so a tool that only needs the calendar never loads pandas
glue, the simulator or the report.

Examples:
    >>> import servicemodel as sm
    >>> isinstance(sm.__version__, str)
    True
    >>> sm.NPS.empty().add_many([10, 9, 7, 3]).result().value
    25.0
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from servicemodel._version import __version__
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    EventIdError,
    EventOrderError,
    GoalError,
    InputTypeError,
    JourneyError,
    MergeError,
    MissingExtraError,
    NaiveDatetimeError,
    RecordError,
    ScaleError,
    ServiceModelError,
    StaffingError,
)

if TYPE_CHECKING:  # the type checker sees the names eagerly; at run time they load on first use
    from servicemodel.calendar import (
        BusinessCalendar,
    )
    from servicemodel.escalation import (
        EscalationLadder,
        EscalationLevel,
        Trigger,
    )
    from servicemodel.goals import (
        GoalStatus,
        SmartGoal,
    )
    from servicemodel.io import (
        LoadResult,
        dump_jsonl,
        history_from_dict,
        history_to_dict,
        iter_jsonl,
        load_csv,
        load_jsonl,
    )
    from servicemodel.journey import (
        Journey,
        JourneyStats,
        Stage,
    )
    from servicemodel.kpi import (
        CES,
        CSAT,
        NPS,
        Accumulator,
        Backlog,
        Comparison,
        Durations,
        Estimate,
        FirstContactResolution,
        FirstReplyTime,
        ReopenRate,
        ResolutionRate,
        ResolutionTime,
        SLAAttainment,
        by,
        compare,
        periods,
    )
    from servicemodel.model import (
        AgentReply,
        AssignmentChange,
        CustomerMessage,
        Event,
        InternalNote,
        Priority,
        PriorityChange,
        Reopen,
        SatisfactionRating,
        Status,
        StatusChange,
        Ticket,
        TicketHistory,
    )
    from servicemodel.servqual import (
        Servqual,
        ServqualResponse,
    )
    from servicemodel.simulate import (
        SupportDesk,
    )
    from servicemodel.sla import (
        Measurement,
        Metric,
        PolicySet,
        SLAPolicy,
        Target,
        TicketSLA,
        Timer,
        evaluate,
        evaluate_many,
    )
    from servicemodel.staffing import (
        AsaTarget,
        OccupancyTarget,
        ServiceLevelTarget,
        Workload,
        queue_metrics,
        required_agents,
    )
    from servicemodel.support import (
        SupportModel,
    )

#: Where each lazily loaded public name lives (its public module).
_LAZY: dict[str, tuple[str, ...]] = {
    "servicemodel.calendar": ("BusinessCalendar",),
    "servicemodel.escalation": (
        "EscalationLadder",
        "EscalationLevel",
        "Trigger",
    ),
    "servicemodel.goals": (
        "GoalStatus",
        "SmartGoal",
    ),
    "servicemodel.io": (
        "LoadResult",
        "dump_jsonl",
        "history_from_dict",
        "history_to_dict",
        "iter_jsonl",
        "load_csv",
        "load_jsonl",
    ),
    "servicemodel.journey": (
        "Journey",
        "JourneyStats",
        "Stage",
    ),
    "servicemodel.kpi": (
        "CES",
        "CSAT",
        "NPS",
        "Backlog",
        "Comparison",
        "Durations",
        "Estimate",
        "FirstContactResolution",
        "FirstReplyTime",
        "ReopenRate",
        "ResolutionRate",
        "ResolutionTime",
        "SLAAttainment",
        "by",
        "compare",
        "periods",
        "Accumulator",
    ),
    "servicemodel.model": (
        "AgentReply",
        "AssignmentChange",
        "CustomerMessage",
        "Event",
        "InternalNote",
        "Priority",
        "PriorityChange",
        "Reopen",
        "SatisfactionRating",
        "Status",
        "StatusChange",
        "Ticket",
        "TicketHistory",
    ),
    "servicemodel.servqual": (
        "Servqual",
        "ServqualResponse",
    ),
    "servicemodel.simulate": ("SupportDesk",),
    "servicemodel.sla": (
        "Measurement",
        "Metric",
        "PolicySet",
        "SLAPolicy",
        "Target",
        "TicketSLA",
        "Timer",
        "evaluate",
        "evaluate_many",
    ),
    "servicemodel.staffing": (
        "AsaTarget",
        "OccupancyTarget",
        "ServiceLevelTarget",
        "Workload",
        "queue_metrics",
        "required_agents",
    ),
    "servicemodel.support": ("SupportModel",),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'servicemodel' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


__all__ = [
    "__version__",
    # the ticket model
    "AgentReply",
    "AssignmentChange",
    "CustomerMessage",
    "Event",
    "InternalNote",
    "Priority",
    "PriorityChange",
    "Reopen",
    "SatisfactionRating",
    "Status",
    "StatusChange",
    "Ticket",
    "TicketHistory",
    # loading exports
    "LoadResult",
    "dump_jsonl",
    "history_from_dict",
    "history_to_dict",
    "iter_jsonl",
    "load_csv",
    "load_jsonl",
    # business time
    "BusinessCalendar",
    # SLA clocks and escalation
    "EscalationLadder",
    "EscalationLevel",
    "Measurement",
    "Metric",
    "PolicySet",
    "SLAPolicy",
    "SupportModel",
    "Target",
    "TicketSLA",
    "Timer",
    "Trigger",
    "evaluate",
    "evaluate_many",
    # KPIs
    "CES",
    "CSAT",
    "NPS",
    "Backlog",
    "Comparison",
    "Durations",
    "Estimate",
    "FirstContactResolution",
    "FirstReplyTime",
    "ReopenRate",
    "ResolutionRate",
    "ResolutionTime",
    "SLAAttainment",
    "Accumulator",
    "by",
    "compare",
    "periods",
    # planning: goals, journeys, service quality
    "GoalStatus",
    "Journey",
    "JourneyStats",
    "Servqual",
    "ServqualResponse",
    "SmartGoal",
    "Stage",
    # staffing and simulation
    "AsaTarget",
    "OccupancyTarget",
    "ServiceLevelTarget",
    "SupportDesk",
    "Workload",
    "queue_metrics",
    "required_agents",
    # errors
    "CalendarError",
    "ConfigError",
    "EventIdError",
    "EventOrderError",
    "GoalError",
    "InputTypeError",
    "JourneyError",
    "MergeError",
    "MissingExtraError",
    "NaiveDatetimeError",
    "RecordError",
    "ScaleError",
    "ServiceModelError",
    "StaffingError",
]
