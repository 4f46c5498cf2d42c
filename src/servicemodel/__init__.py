"""servicemodel: typed building blocks for customer-support software.

The names most users need are importable from here; each also lives in the module named for
its domain (``servicemodel.calendar``, ``servicemodel.sla``, ``servicemodel.kpi``, …), where the
less common ones are.

Examples:
    >>> import servicemodel as sm
    >>> isinstance(sm.__version__, str)
    True
    >>> sm.NPS.empty().add_many([10, 9, 7, 3]).result().value
    25.0
"""

from servicemodel._version import __version__
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import (
    CalendarError,
    ConfigError,
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
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.goals import GoalStatus, SmartGoal
from servicemodel.io import (
    LoadResult,
    dump_jsonl,
    history_from_dict,
    history_to_dict,
    iter_jsonl,
    load_csv,
    load_jsonl,
)
from servicemodel.journey import Journey, JourneyStats, Stage
from servicemodel.kpi import (
    CES,
    CSAT,
    NPS,
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
from servicemodel.servqual import Servqual, ServqualResponse
from servicemodel.simulate import SupportDesk
from servicemodel.sla import (
    Measurement,
    Metric,
    PolicySet,
    SLAPolicy,
    Target,
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
from servicemodel.support import SupportModel

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
