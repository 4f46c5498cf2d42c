"""servicemodel: typed building blocks for customer-support software.

Examples:
    >>> import servicemodel
    >>> isinstance(servicemodel.__version__, str)
    True
"""

from servicemodel._version import __version__
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

__all__ = [
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
    "__version__",
]
