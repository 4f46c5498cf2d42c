"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Outside ``servicemodel.io.zendesk``,
import these from here, never from a private module of the package, so that what the package shares
is in one place (``tests/test_layering_private.py`` checks it). Only imports: the code stays in the
module named for it.
"""

from servicemodel.io.zendesk._fields import fail, read_id, read_instant, read_mapping
from servicemodel.io.zendesk._load import metric_event_files, ticket_metric_files
from servicemodel.io.zendesk._metrics import (
    by_ticket,
    first_found,
    own_record,
    page_records,
    record_ticket,
)

__all__ = [
    "by_ticket",
    "fail",
    "first_found",
    "metric_event_files",
    "own_record",
    "page_records",
    "read_id",
    "read_instant",
    "read_mapping",
    "record_ticket",
    "ticket_metric_files",
]
