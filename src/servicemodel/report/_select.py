"""Which tickets a report covers, and what it knows of them: the snapshot and the selection.

A report is a snapshot at one instant ``as_of`` (``--at``; by default the export's last event,
or the tickets' latest update where the export states one that is later -- unless that update
is after the time the report is made, which no export pulled by then can hold: a skewed
helpdesk clock or a typo, refused and said, see ``default_snapshot``; events after that time
are refused alike, and the snapshot is the export's last instant up to it, see
``latest_known``): a ticket created
after it is not in the report, and of the others only the events up to it are
known (a reply that came later is not a reply yet). ``since``/``until`` then select tickets by
creation, ``since <= created_at < until``. Every section is built from the same selection.

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> hs = [TicketHistory(Ticket(f"T{i}", t0 + timedelta(hours=i)),
    ...                     [AgentReply("r", t0 + timedelta(hours=i, minutes=30))])
    ...       for i in range(3)]
    >>> chosen, scope = select(hs, at=t0 + timedelta(hours=1, minutes=10))
    >>> [h.ticket.id for h in chosen], scope.after_snapshot, len(chosen[1].events)
    (['T0', 'T1'], 1, 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import Literal, Protocol

import attrs

from servicemodel.errors import require_instant
from servicemodel.model import TicketHistory
from servicemodel.model._shared import (
    Known,
    cut_history,
    default_from,
    default_snapshot,
    latest_known,
)

__all__ = [
    "Known",
    "Scope",
    "default_from",
    "default_snapshot",
    "events_warning",
    "latest_known",
    "select",
    "snapshot",
    "snapshot_warning",
]


@attrs.frozen
class Scope:
    """What a report covers: the snapshot instant, the creation window and the counts.

    ``total`` tickets were read; ``after_snapshot`` of them were created after ``as_of`` and
    ``outside_window`` outside ``[since, until)``; ``selected`` remain. ``as_of`` is ``None``
    only for an export with no tickets and no ``--at``. ``basis`` says where ``as_of`` came
    from: ``"at"`` (given), ``"last_event"`` (the export's last event) or ``"updated"`` (the
    tickets' latest update, later than ``last_event``); ``None`` when unknown (no snapshot, or
    a scope built by hand). ``last_event`` is the export's last event when the snapshot was
    chosen by default. ``refused_update`` is the tickets' latest update when it was later than
    both the last event and ``made_at``, the time the report was made (both ``None``
    otherwise): no export pulled by then can hold it, so it was not taken as the snapshot
    (``warnings`` says so). ``refused_event`` is the export's last event when it is after
    ``made_at`` (``None`` otherwise), refused alike: ``future_events`` events (a ticket's
    creation counts as one) of ``future_tickets`` tickets lie after ``made_at``; the snapshot
    is then the export's last instant up to ``made_at`` (``last_event``), so the tickets
    created after it are left out (``after_snapshot``) and the later events unknown. When no
    instant of the export is up to ``made_at``, ``as_of`` is ``made_at``, ``basis`` is
    ``None`` and nothing is selected.

    Examples:
        >>> Scope(None, None, None, 0, 0, 0, 0).empty_reason()
        'the export holds no tickets'
    """

    as_of: datetime | None
    since: datetime | None
    until: datetime | None
    total: int
    after_snapshot: int
    outside_window: int
    selected: int
    basis: Literal["at", "last_event", "updated"] | None = None
    last_event: datetime | None = None
    refused_update: datetime | None = None
    made_at: datetime | None = None
    refused_event: datetime | None = None
    future_events: int = 0
    future_tickets: int = 0

    def warnings(self, tz: tzinfo | None = None) -> tuple[str, ...]:
        """What the reader must know about the snapshot, one text each (instants in ``tz``).

        Examples:
            >>> from datetime import UTC, datetime
            >>> t, now = datetime(2026, 3, 5, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
            >>> Scope(t, None, None, 1, 0, 0, 1, "last_event", t).warnings()
            ()
            >>> skewed = datetime(2099, 3, 5, tzinfo=UTC)
            >>> Scope(t, None, None, 1, 0, 0, 1, "last_event", t, skewed, now).warnings()[0][:72]
            "the tickets' latest update, 2099-03-05T00:00:00+00:00, is after the time"
        """
        # No instant of the export up to the time made: the snapshot is that time (default_from).
        itself = self.as_of is not None and self.as_of == self.made_at
        return snapshot_warnings(self, tz, itself=itself)

    def empty_reason(self, tz: tzinfo | None = None) -> str | None:
        """Why no ticket is selected (``None`` when some are): the first rule that emptied it.

        Instants are shown in ``tz`` (default: UTC).

        Examples:
            >>> Scope(None, None, None, 4, 4, 0, 0).empty_reason()
            'all 4 tickets were created after the snapshot instant (--at None)'
        """
        if self.selected:
            return None
        if not self.total:
            return "the export holds no tickets"
        at = _shown(self.as_of, tz)
        every = _all_were(self.total)
        if self.after_snapshot == self.total and self.refused_event is not None:
            return (
                f"{every} created after the time this report was made "
                f"({_shown(self.made_at, tz)}); pass --at to set the snapshot"
            )
        if self.after_snapshot == self.total:
            return f"{every} created after the snapshot instant (--at {at})"
        before = self.total - self.after_snapshot
        return (
            f"none of the {before} ticket{'' if before == 1 else 's'} created by {at} was "
            f"created {_window(self.since, self.until, tz)}"
        )


def _all_were(n: int) -> str:
    """``"all 4 tickets were"``, and ``"the 1 ticket was"`` for one.

    Examples:
        >>> _all_were(4), _all_were(1)
        ('all 4 tickets were', 'the 1 ticket was')
    """
    return "the 1 ticket was" if n == 1 else f"all {n} tickets were"


def _window(since: datetime | None, until: datetime | None, tz: tzinfo | None) -> str:
    """The creation window in words, naming only the bounds given ("--until None" is none)."""
    if since is None:
        return f"before --until {_shown(until, tz)}"
    if until is None:
        return f"at or after --since {_shown(since, tz)}"
    return f"in [--since {_shown(since, tz)}, --until {_shown(until, tz)})"


def _shown(when: datetime | None, tz: tzinfo | None) -> str | None:
    return None if when is None else when.astimezone(tz or UTC).isoformat()


def _taken(basis: str | None, capped: bool, itself: bool) -> str:
    """What a default snapshot is, in the warnings' words ("that time": the time made).

    ``capped``: events after the time made were refused, so the export's instant taken is
    its last one up to that time; ``itself``: no instant is up to it, and the snapshot is
    that time (``default_from``, on no ``basis``).
    """
    if basis == "updated":
        return "the tickets' latest update"
    if itself and basis is None:
        return "that time itself, as no instant of the export is up to it"
    if not capped:
        return "the export's last event"
    return "the export's last instant up to that time"


class _Snapshot(Protocol):
    """What a report's scope and an assessment say about their snapshot."""

    @property
    def refused_event(self) -> datetime | None: ...
    @property
    def future_events(self) -> int: ...
    @property
    def future_tickets(self) -> int: ...
    @property
    def refused_update(self) -> datetime | None: ...
    @property
    def made_at(self) -> datetime | None: ...
    @property
    def basis(self) -> Literal["at", "last_event", "updated"] | None: ...


def snapshot_warnings(
    said: _Snapshot, tz: tzinfo | None, made: str = "report", *, itself: bool
) -> tuple[str, ...]:
    """The snapshot's warnings (events after the time made, then a refused update), one text
    each; ``itself``: no instant of the export is up to that time, so it is the snapshot."""
    found = (
        events_warning(
            said.refused_event,
            said.future_events,
            said.future_tickets,
            said.made_at,
            tz,
            made,
            basis=said.basis,
            itself=itself,
        ),
        snapshot_warning(
            said.refused_update,
            said.made_at,
            tz,
            made,
            capped=said.refused_event is not None,
            basis=said.basis,
            itself=itself,
        ),
    )
    return tuple(w for w in found if w is not None)


def snapshot_warning(
    refused: datetime | None,
    made_at: datetime | None,
    tz: tzinfo | None,
    made: str = "report",
    *,
    capped: bool = False,
    basis: str | None = "last_event",
    itself: bool = False,
) -> str | None:
    """The words for an update refused as the snapshot (``None``: none was refused).

    The rest say what the snapshot is instead, in the words of ``events_warning``: with
    events after the time made refused too (``capped``), the export's last instant up to that
    time, not its last event; with no instant up to it (``itself``, on no ``basis``), that
    time itself.

    Examples:
        >>> from datetime import UTC, datetime
        >>> snapshot_warning(None, None, None) is None
        True
        >>> t, now = datetime(2099, 3, 2, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
        >>> snapshot_warning(t, now, None, capped=True).split("? ")[1]
        "It is not taken as the snapshot (the export's last instant up to that time is); pass --at to set the snapshot"
    """  # noqa: E501
    if refused is None:
        return None
    zone = tz or UTC
    when = "" if made_at is None else f" ({made_at.astimezone(zone).isoformat()})"
    return (
        f"the tickets' latest update, {refused.astimezone(zone).isoformat()}, is after the "
        f"time this {made} was made{when}: a skewed helpdesk clock or a typo? It is not taken "
        f"as the snapshot ({_taken(basis, capped, itself)} is); pass --at to set the snapshot"
    )


def events_warning(
    refused: datetime | None,
    events: int,
    tickets: int,
    made_at: datetime | None,
    tz: tzinfo | None,
    made: str = "report",
    *,
    basis: str | None = "last_event",
    itself: bool = False,
) -> str | None:
    """The words for events after the time the report was made (``None``: there are none).

    ``basis`` is the snapshot's (``Scope.basis``): the export's last instant up to that time
    (``"last_event"``) or the tickets' latest update where later (``"updated"``); ``itself``:
    no instant is up to that time, and the snapshot is that time (on no ``basis``); in the
    words of ``snapshot_warning``.

    Examples:
        >>> from datetime import UTC, datetime
        >>> t, now = datetime(2062, 3, 2, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
        >>> events_warning(t, 3, 2, now, None).startswith("3 events of 2 tickets")
        True
    """
    if refused is None:
        return None
    zone = tz or UTC
    when = "" if made_at is None else f" ({made_at.astimezone(zone).isoformat()})"
    some = f"{events} event{'s' if events != 1 else ''} of {tickets} ticket"
    verb = "are" if events != 1 else "is"
    return (
        f"{some}{'s' if tickets != 1 else ''} (a creation counts as one) {verb} after the "
        f"time this {made} was made{when}, the latest at "
        f"{refused.astimezone(zone).isoformat()}: a clock skewed into the future, a day and "
        f"month swapped or a typo? The snapshot is {_taken(basis, True, itself)}; tickets created "
        "after it are left out and later events unknown; pass --at to set the snapshot"
    )


def snapshot(history: TicketHistory, as_of: datetime) -> TicketHistory:
    """The history as it stood at ``as_of``: events after it are not known yet.

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> from servicemodel.model import AgentReply, Ticket
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> h = TicketHistory(Ticket("T", t0), [AgentReply("r", t0 + timedelta(hours=2))])
        >>> snapshot(h, t0 + timedelta(hours=1)).events
        ()
    """
    return cut_history(history, as_of)


def _instant(value: datetime | None, name: str) -> datetime | None:
    return None if value is None else require_instant(value, name).astimezone(UTC)


def select(
    histories: Sequence[TicketHistory],
    *,
    at: datetime | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    observed_until: datetime | None = None,
    now: datetime | None = None,
) -> tuple[list[TicketHistory], Scope]:
    """Return the histories a report covers, each as of the snapshot, and what was left out.

    ``at`` defaults to the latest event of the export (the best "now" it tells), or to
    ``observed_until`` (the tickets' latest update, a lower bound of the export's time) where
    that is later and not after ``now``, the time the report is made (``None``: not
    checked; see ``default_snapshot``); events after ``now`` are not taken either (see
    ``latest_known``); comparisons are in UTC.

    Examples:
        >>> select([])[1].as_of is None
        True
    """
    as_of = _instant(at, "at")
    seen = _instant(observed_until, "observed_until")
    made = _instant(now, "now")
    basis: Literal["at", "last_event", "updated"] | None = None if as_of is None else "at"
    last: datetime | None = None
    refused: datetime | None = None
    lasts: list[datetime] | None = None
    known = Known(None)
    if as_of is None and histories:
        # Each history's last instant converted to UTC once (a conversion costs more than the
        # rest of the loop): for the default snapshot and, below, for the snapshot test.
        lasts = [h.last_event_at.astimezone(UTC) for h in histories]
        known = latest_known(histories, lasts, made)
        as_of, basis, refused, last = default_from(known, seen, made)
    skewed = refused is not None or known.refused is not None
    told = (
        refused,
        made if skewed else None,
        known.refused,
        known.events,
        known.tickets,
    )
    lo, hi = _instant(since, "since"), _instant(until, "until")
    if lasts is not None and lo is None and hi is None and known.refused is None:
        # The default: the snapshot is at or after the latest event, so every history is
        # selected as it is (none is created after its own events, the model's rule, so none
        # after it).
        chosen = list(histories)
        return chosen, Scope(as_of, lo, hi, len(chosen), 0, 0, len(chosen), basis, last, *told)
    chosen = []
    after = outside = 0
    for i, h in enumerate(histories):
        created = h.created_at.astimezone(UTC)
        if as_of is not None and created > as_of:
            after += 1
        elif (lo is not None and created < lo) or (hi is not None and created >= hi):
            outside += 1
        elif as_of is None or (lasts is not None and lasts[i] <= as_of):
            chosen.append(h)  # nothing after the snapshot to cut
        else:
            chosen.append(snapshot(h, as_of))
    scope = Scope(as_of, lo, hi, len(histories), after, outside, len(chosen), basis, last, *told)
    return chosen, scope
