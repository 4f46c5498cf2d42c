"""Partial histories: what an export could not say, and refusing to guess it.

An export that keeps only summary timestamps (one row per ticket, Freshdesk's ``stats``) gives
a history that lacks facts: the time in each status, the replies after the first, the reopens;
one without a first-reply or a solved column lacks even the first reply or the solve (a
ticket without them is then unknown, not unanswered or open).
Its ticket carries the attribute ``servicemodel.partial`` listing them, and every figure that
needs one of them refuses with a [`PartialHistoryError`][servicemodel.errors.PartialHistoryError]
instead of computing a number from what is not there.

An export may still say *that* a ticket was reopened where its instants are lost (Zendesk's
"Reopens" count, Freshdesk's ``stats.reopened_at`` of a ticket resolved again): the attribute
``servicemodel.reopens`` holds that count, and [`reopened`][servicemodel.model.reopened]
reads it, so the reopen rate and FCR count such a ticket as reopened.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import require_iterable, require_type
from servicemodel.errors import ConfigError, PartialHistoryError
from servicemodel.model._history import TicketHistory
from servicemodel.model._ticket import Ticket

__all__ = [
    "LOST",
    "MOST_REOPENS",
    "PARTIAL_ATTRIBUTE",
    "REOPENS_ATTRIBUTE",
    "check_lost",
    "known_reopens",
    "cut_history",
    "lost_facts",
    "mark",
    "reopened",
    "require_facts",
]

PARTIAL_ATTRIBUTE = "servicemodel.partial"
"""The ticket attribute that marks a partial history: the facts it lacks, comma-separated."""

REOPENS_ATTRIBUTE = "servicemodel.reopens"
"""The ticket attribute that says how often a ticket was reopened where its history does not
show it: a whole number, at least 1 (the ticket was reopened at least that many times).

An export that counts reopens without their instants (Zendesk's "Reopens" column) or says only
that a ticket was reopened (Freshdesk's ``stats.reopened_at``, the last reopen, of a ticket
resolved again since) sets it beside the lost fact ``reopens``. A ticket the export says was
never reopened has no such attribute: its history does not lose ``reopens`` at all."""

#: The largest count of reopens: JSON numbers (JavaScript's, a float) hold whole numbers exactly
#: up to 2**53, and one of more than 4,300 digits cannot even be written as text.
MOST_REOPENS = 2**53

LOST: Mapping[str, str] = {
    "pauses": "the time spent in each status (SLA pauses, requester wait, agent work time)",
    "next_reply": "every reply and customer message after the first reply (next reply time)",
    "periodic_update": "every public agent update after the first (periodic update time)",
    "reopens": "how often the ticket was reopened (reopen count and rate)",
    "first_resolution": "the first resolution of a reopened ticket (first resolution time)",
    "status_order": "the order of the statuses between creation and the final one",
    "status_times": "when each status was set (only the ticket's last update is known)",
    "first_reply": "the first agent reply (first reply time, and whether a ticket was answered)",
    "resolution": "whether and when the ticket was solved (resolution time and rate, backlog)",
}
"""Every fact an export may lack, and what it is needed for."""


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
    return _lost_of(require_type(history, TicketHistory, "history").ticket)


def _lost_of(ticket: Ticket) -> frozenset[str]:
    """The facts ``ticket``'s history lacks, read from its attribute (``lost_facts``)."""
    raw = ticket.attributes.get(PARTIAL_ATTRIBUTE)
    if raw is None:
        return frozenset()
    if type(raw) is not str:
        raise ConfigError(
            f"ticket {safe_repr(ticket.id)}: expected the lost facts as comma-separated names, "
            f"got {type(raw).__name__} {safe_repr(raw)}; known facts are {sorted(LOST)}",
            path=f"attributes.{PARTIAL_ATTRIBUTE}",
        )
    found = _facts(raw)
    if isinstance(found, str):  # a name no export loses: a typo would lose nothing, silently
        raise ConfigError(
            f"ticket {safe_repr(ticket.id)}: unknown lost fact {safe_repr(found)} in "
            f"{safe_repr(raw)}; known facts are {sorted(LOST)}",
            path=f"attributes.{PARTIAL_ATTRIBUTE}",
        )
    return found


def check_lost(raw: Any) -> None:
    """Refuse a ``servicemodel.partial`` attribute value that names no lost facts as
    ``lost_facts`` reads them (the ticket's converter calls it, so a bad record is its
    loader's record error, and the figures never meet it).

    Examples:
        >>> check_lost("reopens, pauses")
        >>> check_lost("reopen")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: attributes.servicemodel.partial: unknown lost fact 'reopen' in 'reopen'; known facts are [...]
    """  # noqa: E501
    path = f"attributes.{PARTIAL_ATTRIBUTE}"
    if type(raw) is not str:
        raise ConfigError(
            f"expected the lost facts as comma-separated names, got {type(raw).__name__} "
            f"{safe_repr(raw)}; known facts are {sorted(LOST)}",
            path=path,
        )
    found = _facts(raw)
    if isinstance(found, str):
        raise ConfigError(
            f"unknown lost fact {safe_repr(found)} in {safe_repr(raw)}; known facts are "
            f"{sorted(LOST)}",
            path=path,
        )


@functools.lru_cache(maxsize=256)
def _facts(raw: str) -> frozenset[str] | str:
    """The facts ``raw`` names (spaces around a name ignored), or the first unknown name."""
    found = frozenset(name for f in raw.split(",") if (name := f.strip()))
    for name in sorted(found):
        if name not in LOST:
            return name
    return found


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
        servicemodel.errors.PartialHistoryError: ticket '7': the reopen rate needs how often ...
    """
    wanted = list(require_iterable(facts, "facts"))
    for i, fact in enumerate(wanted):
        require_type(fact, str, f"facts[{i}]")
    missing = sorted(lost_facts(history) & set(wanted))
    if not missing:
        return
    needs = "; ".join(LOST.get(f, f) for f in missing)
    raise PartialHistoryError(
        f"ticket {safe_repr(history.id)}: {what} needs {needs}, which its export does not hold "
        f"(lost: {', '.join(missing)}); compute it from a full export (every event), or leave "
        "these tickets out and count them (kpi.LeaveOutPartial(kpi) does)",
        lost=missing,
    )


def known_reopens(history: TicketHistory) -> int:
    """How many times ``history`` is known to have been reopened: at least this many.

    The reopens its events show, or the count its export gave
    ([`REOPENS_ATTRIBUTE`][servicemodel.model.REOPENS_ATTRIBUTE]) where that is more. A count
    that is no whole number of at least 1 is a ``ConfigError``, as is one above the reopens
    shown by a history that lacks none of them (no ``reopens`` among its lost facts).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t = Ticket("7", datetime(2026, 3, 2, tzinfo=timezone.utc),
        ...            attributes={PARTIAL_ATTRIBUTE: "reopens", REOPENS_ATTRIBUTE: 2})
        >>> known_reopens(TicketHistory(t, []))
        2
    """
    h = require_type(history, TicketHistory, "history")
    shown = len(h.reopens())
    raw = h.ticket.attributes.get(REOPENS_ATTRIBUTE)
    if raw is None:
        return shown
    check_reopens(raw, h.id)
    check_reopens_shown(h.ticket, shown)
    assert type(raw) is int  # (checked above)
    return max(shown, raw)


def check_reopens(raw: Any, ticket_id: object = None) -> None:
    """Refuse a ``servicemodel.reopens`` attribute value that is no whole number from 1 to
    ``MOST_REOPENS`` (the ticket's converter calls it, so a bad record is its loader's record
    error).

    Examples:
        >>> check_reopens(2)
        >>> check_reopens("2")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: attributes.servicemodel.reopens: expected the reopens counted by the export as a whole number of at least 1, got str '2' (a ticket never reopened has no such attribute)
    """  # noqa: E501
    named = "" if ticket_id is None else f"ticket {safe_repr(ticket_id)}: "
    if type(raw) is int and raw > MOST_REOPENS:
        raise ConfigError(
            f"{named}the reopens counted by the export, {safe_repr(raw)}, are past the largest "
            "count a JSON reader holds exactly (2**53): a broken cell?",
            path=f"attributes.{REOPENS_ATTRIBUTE}",
        )
    if type(raw) is not int or raw < 1:
        raise ConfigError(
            f"{named}expected the reopens counted by the export as a whole number of at least "
            f"1, got {type(raw).__name__} {safe_repr(raw)} (a ticket never reopened has no "
            "such attribute)",
            path=f"attributes.{REOPENS_ATTRIBUTE}",
        )


def check_reopens_shown(ticket: Ticket, shown: int) -> None:
    """Refuse a ticket whose export counted more reopens than its history shows, though the
    history lacks none of them (the history's constructor calls it).

    Examples:
        >>> from datetime import datetime, timezone
        >>> t = Ticket("7", datetime(2026, 3, 2, tzinfo=timezone.utc),
        ...            attributes={REOPENS_ATTRIBUTE: 2})
        >>> check_reopens_shown(t, 2)
        >>> check_reopens_shown(t, 1)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: attributes.servicemodel.reopens: ticket '7': 2 reopens counted, yet its history shows 1 and lacks none (no 'reopens' among its lost facts); mark the reopens lost (servicemodel.partial) where the export does not give their instants
    """  # noqa: E501
    raw = ticket.attributes.get(REOPENS_ATTRIBUTE)
    if type(raw) is int and raw > shown and "reopens" not in _lost_of(ticket):
        raise ConfigError(
            f"ticket {safe_repr(ticket.id)}: {safe_repr(raw)} reopens counted, yet its history "
            f"shows {shown} and lacks none (no 'reopens' among its lost facts); mark the reopens "
            f"lost ({PARTIAL_ATTRIBUTE}) where the export does not give their instants",
            path=f"attributes.{REOPENS_ATTRIBUTE}",
        )


def cut_history(history: TicketHistory, cutoff: datetime) -> TicketHistory:
    """``history`` as it stood at ``cutoff`` (an aware instant): events after it are not
    known yet (a report's or an assessment's snapshot).

    A count of reopens ([`REOPENS_ATTRIBUTE`][servicemodel.model.REOPENS_ATTRIBUTE]) is kept
    only where the cut still says it: the reopens it counts are lost (their instants unknown)
    and the cut keeps the final solve of a ticket resolved at its end, before which every
    reopen fell. Otherwise it is dropped: beside a history that lacks none of its reopens it
    told nothing the events do not (and the cut may show fewer); beside lost reopens the cut
    may fall before them, so whether the ticket was reopened by then is unknown
    ([`reopened`][servicemodel.model.reopened] is ``None``) rather than counted early.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import StatusChange
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> counted = {PARTIAL_ATTRIBUTE: "reopens", REOPENS_ATTRIBUTE: 1}
        >>> h = TicketHistory(Ticket("7", t0, attributes=counted),
        ...                   [StatusChange("s", t0 + timedelta(days=3), status="solved")])
        >>> reopened(cut_history(h, t0 + timedelta(days=1))), reopened(cut_history(h, t0 + timedelta(days=3)))
        (None, True)
    """  # noqa: E501
    cut = cutoff.astimezone(UTC)
    if history.last_event_at.astimezone(UTC) <= cut:
        return history
    ticket = history.ticket
    if REOPENS_ATTRIBUTE in ticket.attributes:
        solved = history.solved_at()
        still_said = (
            "reopens" in _lost_of(ticket) and solved is not None and solved.astimezone(UTC) <= cut
        )
        if not still_said:
            kept = {k: v for k, v in ticket.attributes.items() if k != REOPENS_ATTRIBUTE}
            ticket = attrs.evolve(ticket, attributes=kept)
    return TicketHistory(ticket, [e for e in history.events if e.at.astimezone(UTC) <= cut])


def reopened(history: TicketHistory) -> bool | None:
    """Whether ``history`` was reopened at least once; ``None`` when its export cannot say.

    ``True`` when it shows a reopen or its export counted one
    ([`known_reopens`][servicemodel.model.known_reopens]); ``False`` when it lacks none of
    its reopens and shows none; ``None`` when it lacks them (``reopens`` among its
    [`lost_facts`][servicemodel.model.lost_facts]) and nothing says it was reopened. A
    reopen instant may be unknown: when it was reopened is another question.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> lost = {PARTIAL_ATTRIBUTE: "reopens"}
        >>> reopened(TicketHistory(Ticket("A", t0), [])), reopened(TicketHistory(Ticket("B", t0, attributes=lost), []))
        (False, None)
        >>> reopened(TicketHistory(Ticket("C", t0, attributes={**lost, REOPENS_ATTRIBUTE: 1}), []))
        True
    """  # noqa: E501
    if known_reopens(history):
        return True
    return None if "reopens" in lost_facts(history) else False
