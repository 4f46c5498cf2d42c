"""Private: partial histories -- what an export could not say, and refusing to guess it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.io._source import LoadResult
from servicemodel.model import TicketHistory
from servicemodel.model._shared import LOST, PARTIAL_ATTRIBUTE, lost_facts, mark, require_facts

__all__ = [
    "LOST",
    "PARTIAL_ATTRIBUTE",
    "ExportLoad",
    "lost_facts",
    "mark",
    "metric_facts",
    "require_facts",
    "require_for_policy",
]


@attrs.frozen
class ExportLoad(LoadResult):
    """A [`LoadResult`][servicemodel.io.LoadResult] of a helpdesk export (it lists ``skipped``).

    Examples:
        >>> from servicemodel.io.eventlog import Skipped
        >>> r = ExportLoad((), skipped=(Skipped("9", "spam"),))
        >>> len(r), r.skipped[0].reason
        (0, 'spam')
    """


#: What each metric's clock needs: the replies or updates after the first that stop it, the
#: status intervals that pause it, the first reply and the solve (which also stops a first
#: reply clock) that an export without such a column does not hold.
_METRIC_FACTS: Mapping[str, tuple[str, ...]] = {
    "first_reply": ("first_reply", "resolution"),
    "next_reply": ("next_reply",),
    "periodic_update": ("periodic_update",),
    "resolution": ("resolution",),
    "requester_wait": ("pauses", "resolution"),
    "agent_work": ("pauses", "resolution"),
}


def metric_facts(metric: Any) -> tuple[str, ...]:
    """The facts an SLA ``metric``'s clock needs (none: it runs on any history).

    Examples:
        >>> metric_facts("first_reply"), metric_facts("resolution")
        (('first_reply', 'resolution'), ('resolution',))
    """
    return _METRIC_FACTS.get(str(metric), ())


def require_for_policy(history: TicketHistory, policy: Any) -> None:
    """Refuse an SLA policy whose clocks ``history`` cannot run (``PartialHistoryError``).

    ``policy`` is an SLA policy (anything with ``metrics`` and ``pause``): a clock that pauses
    needs the status intervals, next reply and periodic update need every reply, first reply
    needs the first reply and the solve, resolution the solve. A policy that pauses on
    nothing, measuring only first reply and resolution, runs on a history that has both.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> from servicemodel.sla import SLAPolicy, Target
        >>> t = Ticket("7", datetime(2026, 3, 2, tzinfo=timezone.utc),
        ...            attributes={PARTIAL_ATTRIBUTE: "pauses"})
        >>> h = TicketHistory(t, [])
        >>> require_for_policy(h, SLAPolicy("p", {"normal": [Target("first_reply", "1h")]},
        ...                                 pause=[]))
        >>> require_for_policy(h, SLAPolicy("p", {"normal": [Target("first_reply", "1h")]}))
        Traceback (most recent call last):
        ...
        servicemodel.errors.PartialHistoryError: ticket '7': SLA policy 'p' (pauses on pending) needs ...
    """  # noqa: E501
    lost = lost_facts(history)
    if not lost or not getattr(policy, "metrics", ()):
        return  # nothing lost, or no clock to run (a report strips what it cannot measure)
    name = safe_repr(getattr(policy, "name", "?"))
    pause = sorted(str(s) for s in getattr(policy, "pause", ()))
    labels = sorted(str(s) for s in getattr(policy, "pause_labels", ()))
    if pause or labels:
        on = ", ".join(pause + [f"label:{s}" for s in labels])
        require_facts(history, ("pauses",), what=f"SLA policy {name} (pauses on {on})")
    for metric in getattr(policy, "metrics", ()):
        facts = _METRIC_FACTS.get(str(metric), ())
        require_facts(history, facts, what=f"SLA policy {name}, metric {metric}")
