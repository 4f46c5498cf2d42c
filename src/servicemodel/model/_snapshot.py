"""Private: the default snapshot of an export -- its last instant, or its latest update.

One rule for every view that reads an export "as it stood": the report's scope, an
assessment and the standards' compliance view. Without ``at``, the snapshot is the later of
the export's last instant and ``observed_until`` (an instant the export is known to reach),
except what lies after ``now``, the time the view is made: an export pulled by then cannot
hold it (a skewed helpdesk clock, a day and month swapped, a typo), so it is refused and said.

Examples:
    >>> from datetime import UTC, datetime
    >>> last, now = datetime(2026, 3, 5, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
    >>> default_snapshot(last, datetime(2026, 3, 6, tzinfo=UTC), now)
    (datetime.datetime(2026, 3, 6, 0, 0, tzinfo=datetime.timezone.utc), 'updated', None)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import attrs

from servicemodel.errors import InputTypeError, require_instant
from servicemodel.model._history import TicketHistory

__all__ = [
    "Basis",
    "Chosen",
    "Default",
    "Known",
    "choose_snapshot",
    "default_from",
    "default_snapshot",
    "latest_known",
]

#: Where a default snapshot came from (``Scope.basis`` without ``"at"``).
Default = Literal["last_event", "updated"]


def default_snapshot(
    last: datetime, seen: datetime | None, now: datetime | None
) -> tuple[datetime, Default, datetime | None]:
    """The default snapshot, where it came from, and the update refused (or ``None``).

    ``last`` is the export's last event, ``seen`` its tickets' latest update and ``now`` the
    time the report is made (``None``: not checked). The snapshot is the later of ``last``
    and ``seen``, except a ``seen`` after ``now``: an export read now was pulled before now,
    so an update after it is a skewed helpdesk clock or a typo (year 2099), and taking it
    would make every open ticket that much older. It is refused, the last event kept.

    Examples:
        >>> from datetime import UTC, datetime
        >>> last, now = datetime(2026, 3, 5, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
        >>> default_snapshot(last, datetime(2026, 3, 6, tzinfo=UTC), now)[1]
        'updated'
        >>> default_snapshot(last, datetime(2099, 3, 6, tzinfo=UTC), now)[1:]
        ('last_event', datetime.datetime(2099, 3, 6, 0, 0, tzinfo=datetime.timezone.utc))
    """
    if seen is None or seen <= last:
        return last, "last_event", None
    if now is not None and seen > now:
        return last, "last_event", seen
    return seen, "updated", None


@attrs.frozen
class Known:
    """What an export states up to the time a report is made (see ``latest_known``).

    ``last`` is its last instant (creation or event) up to that time (``None``: none is);
    ``refused`` its last event when that is after it (``None`` otherwise), and ``events``
    and ``tickets`` count the events (creations included) after it and the tickets they
    belong to.
    """

    last: datetime | None
    refused: datetime | None = None
    events: int = 0
    tickets: int = 0


def _up_to(history: TicketHistory, now: datetime) -> tuple[datetime | None, int]:
    """A history's last instant up to ``now`` (``None``: none is), and its instants after."""
    created = history.created_at.astimezone(UTC)
    times = [e.at.astimezone(UTC) for e in history.events]
    after = sum(1 for t in times if t > now) + (created > now)
    kept = [t for t in (created, *times) if t <= now]
    return (max(kept) if kept else None), after


def latest_known(
    histories: Sequence[TicketHistory], lasts: Sequence[datetime], now: datetime | None
) -> Known:
    """The export's last instant up to ``now`` and what lies after it (``lasts``: each
    history's last instant in UTC; ``now``: the time the report is made, ``None``: not checked).

    An export read now was pulled before now: an event after it is a clock skewed into the
    future, a date read day-first for month-first (2026-03-12 as 2026-12-03) or a typo (year
    2062). Taken as the snapshot it would age every open ticket, and run every SLA clock, to
    it, and count tickets "created" in the future; so the snapshot is the last instant the
    export states up to ``now`` -- as for an update after ``now`` (``default_snapshot``), the
    one instant it is sure to reach, not ``now`` itself, which may be weeks after it was
    pulled. The events after it are then unknown, as any after a snapshot.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import AgentReply, Ticket
        >>> t0, now = datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
        >>> h = TicketHistory(Ticket("T", t0), [AgentReply("r", datetime(2062, 3, 2, tzinfo=UTC))])
        >>> latest_known([h], [h.last_event_at], now)
        Known(last=datetime.datetime(2026, 3, 2, 0, 0, tzinfo=datetime.timezone.utc), refused=datetime.datetime(2062, 3, 2, 0, 0, tzinfo=datetime.timezone.utc), events=1, tickets=1)
    """  # noqa: E501
    last = max(lasts)
    if now is None or last <= now:
        return Known(last)
    known: datetime | None = None
    events = tickets = 0
    for h, end in zip(histories, lasts, strict=True):
        if end <= now:
            known = end if known is None else max(known, end)
            continue
        mine, after = _up_to(h, now)
        events += after
        tickets += 1
        if mine is not None:
            known = mine if known is None else max(known, mine)
    return Known(known, last, events, tickets)


def default_from(
    known: Known, seen: datetime | None, made: datetime | None
) -> tuple[datetime, Default | None, datetime | None, datetime | None]:
    """The default snapshot, its basis, the update refused and the last event it took: the
    export's last instant up to ``made`` (``latest_known``), or the update where later
    (``default_snapshot``). With no instant up to ``made`` but an update, the update; with
    neither, ``made`` itself, on no basis (every ticket is then created after it)."""
    if known.last is not None:
        as_of, basis, refused = default_snapshot(known.last, seen, made)
        return as_of, basis, refused, known.last
    if made is None:  # latest_known finds no instant only up to a time it is given
        raise ValueError("an export's default snapshot with no instant needs the time made")
    if seen is not None and seen <= made:
        return seen, "updated", None, None
    return made, None, seen, None


#: Where a view's snapshot came from: given (``at``), or a default (``Default``).
Basis = Literal["at", "last_event", "updated"]


@attrs.frozen
class Chosen:
    """A view's snapshot and where it came from (see ``choose_snapshot``).

    ``at`` is the snapshot as given (in its own zone) or chosen (UTC); ``basis`` where it
    came from (``None``: the time made itself, as no instant of the export is up to it);
    ``last_event`` the export's last instant taken (``None`` when ``at`` was given). The
    rest say what was refused and are ``None`` / 0 when nothing was: ``refused_update`` an
    ``observed_until`` after ``made_at``, the time the view was made; ``refused_event`` the
    export's last event when after it, with ``future_events`` events (creations included) of
    ``future_tickets`` tickets after it.
    """

    at: datetime
    basis: Basis | None
    last_event: datetime | None = None
    refused_update: datetime | None = None
    made_at: datetime | None = None
    refused_event: datetime | None = None
    future_events: int = 0
    future_tickets: int = 0

    def refusals(self) -> dict[str, Any]:
        """The refusal fields by name, empty when nothing was refused (for ``**`` into a view).

        Examples:
            >>> from datetime import UTC, datetime
            >>> Chosen(datetime(2026, 3, 2, tzinfo=UTC), "at").refusals()
            {}
        """
        if self.refused_update is None and self.refused_event is None:
            return {}
        return {
            "refused_update": self.refused_update,
            "made_at": self.made_at,
            "refused_event": self.refused_event,
            "future_events": self.future_events,
            "future_tickets": self.future_tickets,
        }


def choose_snapshot(
    histories: Sequence[TicketHistory],
    at: datetime | None,
    observed_until: datetime | None,
    now: datetime | None,
    *,
    caller: str,
) -> Chosen:
    """The snapshot of a view named ``caller``: ``at``, else the report's default rule.

    Every instant is checked (an aware datetime in range) whether or not it is used, as
    ``ReportOptions`` checks its fields: a naive ``observed_until`` beside ``at`` is a mistake
    the next call without ``at`` would trip on. Without ``at``, the snapshot is the later of
    the export's last instant up to ``now`` (``latest_known``) and ``observed_until``, unless
    that is after ``now`` (``default_snapshot``); with an ``observed_until`` and no ``now``,
    ``now`` is the wall clock. Without either, nothing is checked against the clock:
    histories built in Python (a simulation) may lie ahead of it.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> h = TicketHistory(Ticket("T", t0), [])
        >>> choose_snapshot([h], None, datetime(2099, 1, 1, tzinfo=UTC), t0, caller="x").basis
        'last_event'
        >>> choose_snapshot([], None, None, None, caller="measure")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: measure needs at= when there are no histories
    """
    made = None if now is None else require_instant(now, "now").astimezone(UTC)
    seen = None
    if observed_until is not None:
        seen = require_instant(observed_until, "observed_until").astimezone(UTC)
    if at is not None:
        return Chosen(require_instant(at, "at"), "at")
    if not histories:
        raise InputTypeError(f"{caller} needs at= when there are no histories")
    if seen is not None and made is None:
        made = datetime.now(UTC)
    lasts = [h.last_event_at.astimezone(UTC) for h in histories]
    known = latest_known(histories, lasts, made)
    when, basis, refused, last = default_from(known, seen, made)
    if refused is None and known.refused is None:
        return Chosen(when, basis, last)
    return Chosen(when, basis, last, refused, made, known.refused, known.events, known.tickets)
