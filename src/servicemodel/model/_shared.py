"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Outside ``servicemodel.model``, import
these from here, never from a private module of the package, so that what the package shares is in
one place (``tests/test_layering_private.py`` checks it). Only imports: the code stays in the module
named for it.
"""

from servicemodel.model._direct import direct_event, direct_instant, direct_ticket
from servicemodel.model._facts import find_violation
from servicemodel.model._history import given_once, utc_instants
from servicemodel.model._partial import (
    LOST,
    MOST_REOPENS,
    PARTIAL_ATTRIBUTE,
    cut_history,
    lost_facts,
    mark,
    require_facts,
)
from servicemodel.model._slots import slot_setters
from servicemodel.model._snapshot import (
    Basis,
    Chosen,
    Known,
    choose_snapshot,
    default_from,
    default_snapshot,
    latest_known,
)
from servicemodel.model._values import (
    MAX_INT_BITS,
    normalize_channel,
    pasteable,
    plain_attribute,
    typed_attribute,
)
from servicemodel.model._values import _attributes as ticket_attributes

__all__ = [
    "Basis",
    "Chosen",
    "Known",
    "LOST",
    "MAX_INT_BITS",
    "MOST_REOPENS",
    "PARTIAL_ATTRIBUTE",
    "choose_snapshot",
    "cut_history",
    "default_from",
    "default_snapshot",
    "direct_event",
    "direct_instant",
    "direct_ticket",
    "find_violation",
    "given_once",
    "latest_known",
    "lost_facts",
    "mark",
    "normalize_channel",
    "pasteable",
    "plain_attribute",
    "require_facts",
    "slot_setters",
    "ticket_attributes",
    "typed_attribute",
    "utc_instants",
]
