"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Outside ``servicemodel.io.eventlog``,
import these from here, never from a private module of the package, so that what the package shares
is in one place (``tests/test_layering_private.py`` checks it). Only imports: the code stays in the
module named for it.
"""

from servicemodel.io.eventlog._day_order import DayOrder
from servicemodel.io.eventlog._epoch import read_unit
from servicemodel.io.eventlog._months import MonthNames, month_names_option
from servicemodel.io.eventlog._options import attribute_names, check_attributes
from servicemodel.io.eventlog._stream import HistoryStream, Incomplete, Item, OnError, Skipped
from servicemodel.io.eventlog._time import date_formats, parse_timestamp, read_month_names, zone

__all__ = [
    "DayOrder",
    "HistoryStream",
    "Incomplete",
    "Item",
    "MonthNames",
    "OnError",
    "Skipped",
    "attribute_names",
    "check_attributes",
    "date_formats",
    "month_names_option",
    "parse_timestamp",
    "read_month_names",
    "read_unit",
    "zone",
]
