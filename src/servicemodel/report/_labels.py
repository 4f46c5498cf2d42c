"""Private: the policies' source labels that no ticket of the export has, one warning each.

A policy can pause on a desk's own status name (``label:NAME`` in ``pause``) and give a
desk's own priority name targets of its own (``targets."label:NAME"``). Labels are compared
exactly, so one misspelt or cased otherwise ("Waiting for Customer" for JSM's "Waiting for
customer") never matches: the clocks it should pause run, the tickets it should target take
their category's targets, and nothing else says so. The SLA section carries them
([`SLASection.unseen_labels`][servicemodel.report.SLASection]); every rendering says them,
and ``servicemodel report`` also on standard error.

Examples:
    >>> from datetime import UTC, datetime
    >>> from servicemodel.model import StatusChange, Ticket
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> h = TicketHistory(Ticket("T", t0), [StatusChange("s", t0, status="pending",
    ...                                                  label="Waiting for customer")])
    >>> p = SLAPolicy("desk", {}, pause_labels=["Waiting for Customer"])
    >>> print(unseen_labels(p, [h])[0].text())
    policy 'desk' pauses on label:Waiting for Customer, which no status change of the export
    has (labels are compared exactly; the export's: ['Waiting for customer'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.model import Priority, PriorityChange, StatusChange, TicketHistory
from servicemodel.report._checks import of, texts
from servicemodel.sla import PolicySet, SLAPolicy

__all__ = ["SHOWN", "WHERE", "UnseenLabel", "unseen_labels"]

#: Where a policy names a source label: what it pauses on, what it has targets for.
WHERE = ("pause", "targets")

#: How many of the export's labels a warning names ("and N more" after them).
SHOWN = 12


def _export_labels(value: object) -> tuple[str, ...]:
    """The converter of ``export_labels``: texts, sorted and once each."""
    return tuple(sorted(set(texts(value, "export_labels"))))


def _where(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InputTypeError(
            f"{attribute.name}: expected one of {list(WHERE)}, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    if value not in WHERE:  # text not allowed: a ValueError
        raise ConfigError(
            f"expected one of {list(WHERE)}, got {safe_repr(value)}", path=attribute.name
        )


@attrs.frozen
class UnseenLabel:
    """A policy's source label that no ticket of the export has: one SLA section warning.

    ``where`` is ``"pause"`` (a ``label:NAME`` the policy pauses on, which no status change
    has) or ``"targets"`` (a ``label:NAME`` the policy has targets for, which no ticket has
    as its priority); ``export_labels`` are the export's labels of that kind (status labels
    for a pause, priority labels for targets), sorted, to compare with.

    Examples:
        >>> w = UnseenLabel("desk", "targets", "p1", ("P1", "P2"))
        >>> print(w.text())
        policy 'desk' has targets for label:p1, a priority no ticket of the export has (labels
        are compared exactly; the export's: ['P1', 'P2'])
    """

    policy: str = attrs.field(validator=of(str))
    where: Literal["pause", "targets"] = attrs.field(validator=_where)
    label: str = attrs.field(validator=of(str))
    export_labels: tuple[str, ...] = attrs.field(default=(), converter=_export_labels)

    def text(self) -> str:
        """The warning, as every rendering says it (the first ``SHOWN`` labels of the export).

        Examples:
            >>> print(UnseenLabel("desk", "pause", "Vendor").text())
            policy 'desk' pauses on label:Vendor, which no status change of the export has
            (labels are compared exactly; the export's: none)
        """
        seen = _some(self.export_labels)
        if self.where == "pause":
            return (
                f"policy {self.policy!r} pauses on label:{self.label}, which no status change of "
                f"the export has (labels are compared exactly; the export's: {seen})"
            )
        return (
            f"policy {self.policy!r} has targets for label:{self.label}, a priority no ticket "
            f"of the export has (labels are compared exactly; the export's: {seen})"
        )


def unseen_labels(
    policies: PolicySet | SLAPolicy | None, histories: Sequence[TicketHistory]
) -> tuple[UnseenLabel, ...]:
    """The policies' source labels (``label:NAME`` in ``pause`` and among the targets) that no
    ticket of ``histories`` has, in the policies' order, each policy's pauses first.

    Nothing is said without policies or without tickets (no export to judge). A label set by
    a later status or priority change counts as seen, as the ticket's own priority label does.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> from servicemodel.sla import Target
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> h = TicketHistory(Ticket("T", t0, priority_label="P1"), [])
        >>> p = SLAPolicy("desk", {"label:p1": [Target("first_reply", "15m")]})
        >>> [(w.where, w.label, w.export_labels) for w in unseen_labels(p, [h])]
        [('targets', 'p1', ('P1',))]
        >>> unseen_labels(p, [])
        ()
    """
    if policies is None or not histories:
        return ()
    listed = policies.policies if isinstance(policies, PolicySet) else (policies,)
    statuses, priorities = _labels_of(histories)
    out: list[UnseenLabel] = []
    for policy in listed:
        for label in sorted(policy.pause_labels - statuses):
            out.append(UnseenLabel(policy.name, "pause", label, statuses))
        keys = (k for k in policy.targets if not isinstance(k, Priority))
        for label in sorted(k[len("label:") :] for k in keys):
            if label not in priorities:
                out.append(UnseenLabel(policy.name, "targets", label, priorities))
    return tuple(out)


def _labels_of(histories: Sequence[TicketHistory]) -> tuple[set[str], set[str]]:
    """The status labels and the priority labels the histories hold."""
    statuses: set[str] = set()
    priorities: set[str] = set()
    for history in histories:
        if history.ticket.priority_label:
            priorities.add(history.ticket.priority_label)
        for event in history.events:
            if isinstance(event, StatusChange) and event.label:
                statuses.add(event.label)
            elif isinstance(event, PriorityChange) and event.label:
                priorities.add(event.label)
    return statuses, priorities


def _some(labels: tuple[str, ...], shown: int = SHOWN) -> str:
    more = f" and {len(labels) - shown} more" if len(labels) > shown else ""
    return f"{list(labels[:shown])}{more}" if labels else "none"
