"""Private: the latest ``updated`` instant a helpdesk export shows of its tickets.

An export is pulled at or after the last update of each ticket it holds, and that update is
often later than any event the reader turns into a history (a field edit the model does not
keep, a view, an export pulled hours after the last reply). The latest ``updated`` of the
tickets that loaded is so a lower bound of the export's time:
[`LoadResult.observed_until`][servicemodel.io.LoadResult].

An ``updated`` is read as the reader reads the tickets' other instants; one it cannot read
(missing, null, no offset, out of the supported range) is left out here and never an error:
the reader says what is wrong with it where it needs it. An ``updated`` earlier than its
ticket's events is kept as read; it cannot move a snapshot that also waits for the last event.
One after the time the export is read is kept as read too: it is no instant the export can
reach, and the report refuses it as its snapshot, saying so (see ``report._select``).

Examples:
    >>> from datetime import UTC, datetime
    >>> from servicemodel.model import Ticket, TicketHistory
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> u = Updates()
    >>> u.note("1", datetime(2026, 3, 5, 10, tzinfo=UTC))
    >>> u.note("1", t0)            # an older version of ticket 1: the latest is kept
    >>> u.note("2", None)          # no readable updated
    >>> one, two = TicketHistory(Ticket("1", t0), []), TicketHistory(Ticket("2", t0), [])
    >>> u.until([one, two]).isoformat()
    '2026-03-05T10:00:00+00:00'
    >>> u.until([two]) is None
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from servicemodel.errors import ServiceModelError, require_instant
from servicemodel.model import TicketHistory

__all__ = ["Updates"]


class Updates:
    """Each ticket id's latest readable ``updated`` instant (UTC), noted as records are read."""

    def __init__(self) -> None:
        self._at: dict[str, datetime] = {}

    def note(self, tid: str | None, at: datetime | None) -> None:
        """Note ticket ``tid``'s ``updated`` (``None``: none readable, or no usable id)."""
        if tid is None or at is None:
            return
        try:  # the reader's parse may keep instants the library cannot hold: left out too
            at = require_instant(at, "updated").astimezone(UTC)
        except ServiceModelError:
            return
        known = self._at.get(tid)
        if known is None or at > known:
            self._at[tid] = at

    def until(self, histories: Iterable[TicketHistory]) -> datetime | None:
        """The latest ``updated`` of the tickets that became ``histories`` (``None``: none).

        A record set aside as bad or skipped (deleted, merged) tells nothing here: its
        instants are not read as the loaded tickets' are.
        """
        found = [at for h in histories if (at := self._at.get(h.id)) is not None]
        return max(found, default=None)
