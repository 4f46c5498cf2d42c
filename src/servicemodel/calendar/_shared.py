"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Outside ``servicemodel.calendar``,
import these from here, never from a private module of the package, so that what the package shares
is in one place (``tests/test_layering_private.py`` checks it). Only imports: the code stays in the
module named for it.
"""

from servicemodel.calendar._columns import python_zone
from servicemodel.calendar._config import (
    CALENDAR_KINDS,
    calendar_from_dict,
    calendar_ref,
    calendar_to_dict,
    is_calendar,
)
from servicemodel.calendar._hours import zone_hint
from servicemodel.calendar._instants import utc_add
from servicemodel.calendar._protocol import (
    add_unchecked_law,
    always_open,
    checked_add,
    checked_elapsed,
    checked_sub,
    is_broken,
)
from servicemodel.calendar._table import EPOCH, MAX_SPAN_YEARS, ONE_US, Timeline

__all__ = [
    "CALENDAR_KINDS",
    "EPOCH",
    "MAX_SPAN_YEARS",
    "ONE_US",
    "Timeline",
    "add_unchecked_law",
    "always_open",
    "calendar_from_dict",
    "calendar_ref",
    "calendar_to_dict",
    "checked_add",
    "checked_elapsed",
    "checked_sub",
    "is_broken",
    "is_calendar",
    "python_zone",
    "utc_add",
    "zone_hint",
]
