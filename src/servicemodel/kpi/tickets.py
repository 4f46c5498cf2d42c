"""Compatibility path: the ticket-history KPIs live in ``servicemodel.kpi``; import them there."""

from servicemodel.kpi import SLA_STATES as SLA_STATES
from servicemodel.kpi import Backlog as Backlog
from servicemodel.kpi import ElapsedCalendar as ElapsedCalendar
from servicemodel.kpi import FirstContactResolution as FirstContactResolution
from servicemodel.kpi import FirstReplyTime as FirstReplyTime
from servicemodel.kpi import Ratings as Ratings
from servicemodel.kpi import ReopenRate as ReopenRate
from servicemodel.kpi import ResolutionRate as ResolutionRate
from servicemodel.kpi import ResolutionTime as ResolutionTime
from servicemodel.kpi import SLAAttainment as SLAAttainment
from servicemodel.kpi import SLAMeasurementLike as SLAMeasurementLike
from servicemodel.kpi import TimeSummary as TimeSummary
