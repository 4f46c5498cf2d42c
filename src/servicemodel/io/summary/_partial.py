"""Private: partial histories -- what an export could not say, and refusing to guess it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import ServiceModelError
from servicemodel.io._source import LoadResult
from servicemodel.io.eventlog._stream import Skipped
from servicemodel.model import TicketHistory

__all__ = [
    "LOST",
    "PARTIAL_ATTRIBUTE",
    "ExportLoad",
    "PartialHistoryError",
    "lost_facts",
    "require_facts",
    "require_for_policy",
]

PARTIAL_ATTRIBUTE = "servicemodel.partial"
"""The ticket attribute that marks a partial history: the facts it lacks, comma-separated."""

LOST: Mapping[str, str] = {
    "pauses": "the time spent in each status (SLA pauses, requester wait, agent work time)",
    "next_reply": "every reply and customer message after the first reply (next reply time)",
    "periodic_update": "every public agent update after the first (periodic update time)",
    "reopens": "how often the ticket was reopened (reopen count and rate)",
    "first_resolution": "the first resolution of a reopened ticket (first resolution time)",
    "status_order": "the order of the statuses between creation and the final one",
    "status_times": "when each status was set (only the ticket's last update is known)",
}
"""Every fact an export may lack, and what it is needed for."""


class PartialHistoryError(ServiceModelError, ValueError):
    """A figure needs a fact that the export behind a partial history does not hold.

    Examples:
        >>> issubclass(PartialHistoryError, ValueError)
        True
    """


@attrs.frozen
class ExportLoad(LoadResult):
    """A [`LoadResult`][servicemodel.io.LoadResult] that also lists the records skipped.

    Examples:
        >>> from servicemodel.io.eventlog import Skipped
        >>> r = ExportLoad((), skipped=(Skipped("9", "spam"),))
        >>> len(r), r.skipped[0].reason
        (0, 'spam')
    """

    skipped: tuple[Skipped, ...] = ()


def mark(attributes: dict[str, Any], lost: Iterable[str]) -> None:
    """Record the lost facts on a ticket's attributes (nothing for a complete history)."""
    found = sorted(set(lost))
    unknown = [f for f in found if f not in LOST]
    if unknown:  # pragma: no cover - a programming error in an adapter
        raise AssertionError(f"unknown lost facts {unknown}")
    if found:
        attributes[PARTIAL_ATTRIBUTE] = ",".join(found)


def lost_facts(history: TicketHistory) -> frozenset[str]:
    """The facts ``history`` lacks because its export could not say them (empty if complete).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t = Ticket("7", datetime(2026, 3, 2, tzinfo=timezone.utc),
        ...            attributes={PARTIAL_ATTRIBUTE: "next_reply,pauses"})
        >>> sorted(lost_facts(TicketHistory(t, [])))
        ['next_reply', 'pauses']
    """
    raw = history.ticket.attributes.get(PARTIAL_ATTRIBUTE)
    if not isinstance(raw, str) or not raw:
        return frozenset()
    return frozenset(f for f in raw.split(",") if f)


def require_facts(history: TicketHistory, facts: Iterable[str], *, what: str) -> None:
    """Refuse (``PartialHistoryError``) when ``history`` lacks any of ``facts`` that ``what`` needs.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t = Ticket("7", datetime(2026, 3, 2, tzinfo=timezone.utc),
        ...            attributes={PARTIAL_ATTRIBUTE: "reopens"})
        >>> require_facts(TicketHistory(t, []), ["reopens"], what="the reopen rate")
        Traceback (most recent call last):
        ...
        servicemodel.io.summary.PartialHistoryError: ticket '7': the reopen rate needs how often ...
    """
    missing = sorted(lost_facts(history) & set(facts))
    if not missing:
        return
    needs = "; ".join(LOST.get(f, f) for f in missing)
    raise PartialHistoryError(
        f"ticket {safe_repr(history.id)}: {what} needs {needs}, which its export does not hold "
        f"(lost: {', '.join(missing)}); compute it from a full export (every event), or leave "
        "it out for these tickets"
    )


#: Metrics whose clocks stop at each reply or update after the first: they need every one.
_METRIC_FACTS: Mapping[str, tuple[str, ...]] = {
    "next_reply": ("next_reply",),
    "periodic_update": ("periodic_update",),
    "requester_wait": ("pauses",),
    "agent_work": ("pauses",),
}


def require_for_policy(history: TicketHistory, policy: Any) -> None:
    """Refuse an SLA policy whose clocks ``history`` cannot run (``PartialHistoryError``).

    ``policy`` is an SLA policy (anything with ``metrics`` and ``pause``): a clock that pauses
    needs the status intervals, next reply and periodic update need every reply. A policy
    that pauses on nothing, measuring only first reply and resolution, runs on any history.

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
        servicemodel.io.summary.PartialHistoryError: ticket '7': SLA policy 'p' (pauses on pending) needs ...
    """  # noqa: E501
    lost = lost_facts(history)
    if not lost:
        return
    name = safe_repr(getattr(policy, "name", "?"))
    pause = sorted(str(s) for s in getattr(policy, "pause", ()))
    labels = sorted(str(s) for s in getattr(policy, "pause_labels", ()))
    if pause or labels:
        on = ", ".join(pause + [f"label:{s}" for s in labels])
        require_facts(history, ("pauses",), what=f"SLA policy {name} (pauses on {on})")
    for metric in getattr(policy, "metrics", ()):
        facts = _METRIC_FACTS.get(str(metric), ())
        require_facts(history, facts, what=f"SLA policy {name}, metric {metric}")
