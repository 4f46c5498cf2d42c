"""Staffing with Erlang C: how many agents a service-level, ASA or occupancy target needs.

The model is the M/M/N queue: Poisson arrivals, exponential handle times, ``N`` identical agents,
no abandonment. For offered load ``A`` (arrival rate × mean handle time, in Erlangs):

- Erlang B by the stable recursion ``B(0) = 1``, ``B(k) = A·B(k−1) / (k + A·B(k−1))`` (no
  factorials, so it works for thousands of agents);
- probability of waiting ``P_w = N·B / (N − A·(1 − B))``;
- service level ``SL(t) = 1 − P_w·exp(−(N − A)·t / h)``;
- average speed of answer ``ASA = P_w·h / (N − A)``;
- occupancy ``A / N``.

``N`` must exceed ``A``: with ``N ≤ A`` the queue has no steady state. The smallest ``N`` meeting
a target is searched from ``floor(A) + 1``; scheduled staff is ``ceil(N / (1 − shrinkage))``.

Examples:
    >>> from servicemodel.staffing import ServiceLevelTarget, Workload, required_agents
    >>> plan = required_agents(
    ...     Workload(calls=100, interval=1800, aht=180),
    ...     ServiceLevelTarget(fraction=0.8, within=20),
    ...     shrinkage=0.3,
    ... )
    >>> plan.agents, plan.scheduled, round(plan.metrics.service_level, 4)
    (14, 20, 0.8884)
"""

from servicemodel._public import publish
from servicemodel.staffing._erlang import (
    erlang_b,
    erlang_c,
    queue_metrics,
    required_agents,
    scheduled_agents,
)
from servicemodel.staffing._erlang_a import (
    AbandonmentTarget,
    ErlangAMetrics,
    ErlangAPlan,
    ErlangATarget,
    erlang_a_metrics,
    required_agents_erlang_a,
)
from servicemodel.staffing._plan import PlanRow, WeeklyPlan, plan_intervals
from servicemodel.staffing._values import (
    MAX_AGENTS,
    MAX_TRAFFIC,
    AsaTarget,
    OccupancyTarget,
    QueueMetrics,
    ServiceLevelTarget,
    StaffingPlan,
    StaffingTarget,
    Workload,
)

__all__ = [
    "MAX_AGENTS",
    "MAX_TRAFFIC",
    "AsaTarget",
    "OccupancyTarget",
    "QueueMetrics",
    "ServiceLevelTarget",
    "StaffingPlan",
    "StaffingTarget",
    "Workload",
    "erlang_b",
    # Erlang A: abandonment with exponential patience
    "AbandonmentTarget",
    "ErlangAMetrics",
    "ErlangAPlan",
    "ErlangATarget",
    "erlang_a_metrics",
    "required_agents_erlang_a",
    # plans over many intervals
    "PlanRow",
    "WeeklyPlan",
    "plan_intervals",
    "erlang_c",
    "queue_metrics",
    "required_agents",
    "scheduled_agents",
]

publish(__name__, globals(), __all__)
