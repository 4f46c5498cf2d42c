"""KPI calculators with honest statistics: every number comes with its n and an interval.

Every accumulator (survey scores ``NPS``/``CSAT``/``CES``, ``Durations``, the ticket-history
KPIs, SLA attainment, ``Segmented``) follows one protocol,
[`Accumulator`][servicemodel.kpi.Accumulator]: it is a frozen, mergeable value; ``empty()``,
``add``/``add_many`` and ``merge`` (or ``+``, so ``sum(parts)`` works) return new ones, and
``result()`` returns an [Estimate][servicemodel.kpi.Estimate] (or a summary of estimates).
Business outcomes (retention, churn, CLV) are plain functions.

Examples:
    >>> from servicemodel.kpi import CSAT, compare
    >>> march = CSAT.empty().add_many([5, 4, 4, 2, 5, 3, 5, 4])
    >>> april = CSAT.empty().add_many([5, 5, 4, 5, 4, 5, 4, 5])
    >>> round(compare(march, april).difference, 3)
    0.25
"""

from servicemodel._public import publish
from servicemodel.kpi._accumulator import Accumulator, MergeOperators
from servicemodel.kpi._durations import Durations, as_timedelta
from servicemodel.kpi._estimate import Comparison, Estimate, compare, mean_estimate, proportion
from servicemodel.kpi._first_contact import FirstContactResolution
from servicemodel.kpi._frames import (
    estimates_to_frame,
    estimates_to_polars,
    estimates_to_records,
)
from servicemodel.kpi._intervals import (
    nps_interval,
    order_statistic_ranks,
    t_quantile,
    wilson_interval,
    z_for_level,
)
from servicemodel.kpi._left_out import LeaveOutPartial
from servicemodel.kpi._outcomes import (
    churn_rate,
    customer_lifetime_value,
    lifetime_value_from_orders,
    retention_rate,
)
from servicemodel.kpi._periods import Periods, periods
from servicemodel.kpi._rates import Backlog, OneTouchRate, ReopenRate, ResolutionRate
from servicemodel.kpi._ratings import Ratings
from servicemodel.kpi._ratio import ratio_estimate
from servicemodel.kpi._segment_result import SegmentResult
from servicemodel.kpi._segments import NAMED_KEYS, Segmented, by
from servicemodel.kpi._sla_attainment import SLA_STATES, SLAAttainment, SLAMeasurementLike
from servicemodel.kpi._survey import CES, CSAT, NPS
from servicemodel.kpi._times import ElapsedCalendar, FirstReplyTime, ResolutionTime, TimeSummary

__all__ = [
    # the protocol
    "Accumulator",
    "MergeOperators",
    # estimates and the statistics behind them
    "Comparison",
    "Estimate",
    "compare",
    "estimates_to_frame",
    "estimates_to_polars",
    "estimates_to_records",
    "mean_estimate",
    "nps_interval",
    "order_statistic_ranks",
    "proportion",
    "t_quantile",
    "wilson_interval",
    "ratio_estimate",
    "z_for_level",
    # survey scores and durations
    "CES",
    "CSAT",
    "NPS",
    "Durations",
    "as_timedelta",
    # ticket-history KPIs
    "SLA_STATES",
    "Backlog",
    "ElapsedCalendar",
    "FirstContactResolution",
    "FirstReplyTime",
    "LeaveOutPartial",
    "OneTouchRate",
    "Ratings",
    "ReopenRate",
    "ResolutionRate",
    "ResolutionTime",
    "SLAAttainment",
    "SLAMeasurementLike",
    "TimeSummary",
    # segments and periods
    "NAMED_KEYS",
    "Periods",
    "SegmentResult",
    "Segmented",
    "by",
    "periods",
    # business outcomes
    "churn_rate",
    "customer_lifetime_value",
    "lifetime_value_from_orders",
    "retention_rate",
]

# survival analysis of censored ticket times (issue 14)
from servicemodel.kpi._logrank import LogRankResult, logrank
from servicemodel.kpi._survival import SurvivalTimes
from servicemodel.kpi._survival_curve import SurvivalCurve
from servicemodel.kpi._survival_tickets import FirstReplySurvival, ResolutionSurvival

__all__ += [
    # survival of censored ticket times
    "FirstReplySurvival",
    "LogRankResult",
    "ResolutionSurvival",
    "SurvivalCurve",
    "SurvivalTimes",
    "logrank",
]

# publish also resolves attrs annotations and moves methods with their classes (see _public).
publish(__name__, globals(), __all__)
