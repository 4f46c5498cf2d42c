"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Outside ``servicemodel.sla``, import
these from here, never from a private module of the package, so that what the package shares is in
one place (``tests/test_layering_private.py`` checks it). Only imports: the code stays in the module
named for it.
"""

from servicemodel.sla._clock import clock_add, clock_elapsed
from servicemodel.sla._config import (
    calendar_from_dict,
    is_calendar,
    read_business_time,
    read_optional_calendar,
    read_pause,
)
from servicemodel.sla._duration import format_duration, parse_duration
from servicemodel.sla._engine import OnceEach, once_each
from servicemodel.sla._partial import without_metrics

__all__ = [
    "OnceEach",
    "calendar_from_dict",
    "clock_add",
    "clock_elapsed",
    "format_duration",
    "is_calendar",
    "once_each",
    "parse_duration",
    "read_business_time",
    "read_optional_calendar",
    "read_pause",
    "without_metrics",
]
