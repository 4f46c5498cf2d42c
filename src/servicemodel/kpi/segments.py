"""Compatibility path: segments and periods now live in ``servicemodel.kpi``; import them there."""

from servicemodel.kpi import NAMED_KEYS as NAMED_KEYS
from servicemodel.kpi import Periods as Periods
from servicemodel.kpi import Segmented as Segmented
from servicemodel.kpi import SegmentResult as SegmentResult
from servicemodel.kpi import by as by
from servicemodel.kpi import periods as periods
from servicemodel.kpi._periods import PeriodUnit as PeriodUnit
from servicemodel.kpi._segments import SegmentKey as SegmentKey
