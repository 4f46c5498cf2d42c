"""KPI calculators with honest statistics: every number comes with its n and an interval.

Accumulators (``NPS``, ``CSAT``, ``CES``, ``Durations``) are frozen, mergeable values:
``empty()``, ``add``/``add_many`` and ``merge`` (or ``+``, so ``sum(parts)`` works) return new
ones, and ``result()`` returns an [Estimate][servicemodel.kpi.Estimate]. Business outcomes
(retention, churn, CLV) are plain functions.

Examples:
    >>> from servicemodel.kpi import CSAT, compare
    >>> march = CSAT.empty().add_many([5, 4, 4, 2, 5, 3, 5, 4])
    >>> april = CSAT.empty().add_many([5, 5, 4, 5, 4, 5, 4, 5])
    >>> round(compare(march, april).difference, 3)
    0.25
"""

from servicemodel._public import publish
from servicemodel.kpi._accumulator import Accumulator, MergeOperators
from servicemodel.kpi._estimate import (
    Comparison,
    Estimate,
    compare,
    estimates_to_frame,
    estimates_to_records,
    mean_estimate,
    nps_interval,
    order_statistic_ranks,
    proportion,
    t_quantile,
    wilson_interval,
    z_for_level,
)
from servicemodel.kpi.durations import Durations, as_timedelta
from servicemodel.kpi.outcomes import (
    churn_rate,
    customer_lifetime_value,
    lifetime_value_from_orders,
    retention_rate,
)
from servicemodel.kpi.survey import CES, CSAT, NPS

__all__ = [
    "CES",
    "CSAT",
    "NPS",
    "Comparison",
    "Durations",
    "Estimate",
    "as_timedelta",
    "churn_rate",
    "compare",
    "customer_lifetime_value",
    "estimates_to_frame",
    "estimates_to_records",
    "lifetime_value_from_orders",
    "mean_estimate",
    "nps_interval",
    "order_statistic_ranks",
    "proportion",
    "retention_rate",
    "t_quantile",
    "wilson_interval",
    "z_for_level",
]

# --- ticket-history KPIs, segments and periods (kpi/tickets.py, kpi/segments.py) -----------
from servicemodel.kpi.segments import (
    NAMED_KEYS,
    Periods,
    Segmented,
    SegmentResult,
    by,
    periods,
)
from servicemodel.kpi.tickets import (
    SLA_STATES,
    Backlog,
    ElapsedCalendar,
    FirstContactResolution,
    FirstReplyTime,
    Ratings,
    ReopenRate,
    ResolutionRate,
    ResolutionTime,
    SLAAttainment,
    SLAMeasurementLike,
    TimeSummary,
)

__all__ += [
    "Accumulator",
    "MergeOperators",
    "NAMED_KEYS",
    "SLA_STATES",
    "Backlog",
    "ElapsedCalendar",
    "FirstContactResolution",
    "FirstReplyTime",
    "Periods",
    "Ratings",
    "ReopenRate",
    "ResolutionRate",
    "ResolutionTime",
    "SLAAttainment",
    "SLAMeasurementLike",
    "SegmentResult",
    "Segmented",
    "TimeSummary",
    "by",
    "periods",
]


publish(__name__, globals(), __all__)
