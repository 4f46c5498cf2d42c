"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Outside ``servicemodel.reconcile``,
import these from here, never from a private module of the package, so that what the package shares
is in one place (``tests/test_layering_private.py`` checks it). Only imports: the code stays in the
module named for it.
"""

from servicemodel.reconcile._attributes import VerdictRules, rules_no_ticket_has
from servicemodel.reconcile._compare import (
    SIDE_LABELS,
    ClockVerdicts,
    reason_kind,
    set_aside_conflicts,
    side,
)
from servicemodel.reconcile._durations import (
    CLI_HINTS,
    PYTHON_HINTS,
    DurationsOutcome,
    Hints,
    durations_outcome,
)
from servicemodel.reconcile._verdict import check_verdict, has_sla, sla_in_force
from servicemodel.reconcile._zendesk import notes_seen_at

__all__ = [
    "CLI_HINTS",
    "PYTHON_HINTS",
    "Hints",
    "ClockVerdicts",
    "DurationsOutcome",
    "SIDE_LABELS",
    "VerdictRules",
    "check_verdict",
    "durations_outcome",
    "has_sla",
    "notes_seen_at",
    "reason_kind",
    "rules_no_ticket_has",
    "set_aside_conflicts",
    "side",
    "sla_in_force",
]
