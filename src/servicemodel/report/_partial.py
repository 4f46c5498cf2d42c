"""Partial periods: a period the data does not cover completely, or whose tickets are still open.

A period is *partial* when (checked in this order, the first rule gives the reason):

1. it ends after the snapshot instant (events after it are unknown);
2. it starts before ``--since`` or ends after ``--until`` (the selection cuts it);
3. at least ``open_share`` (default 5 %) of the tickets created in it still wait at the
   snapshot (for the KPI section: are unresolved; for a goal: wait for what its KPI
   measures, e.g. a first reply), so its figures rest on tickets whose outcome is not known.

The first rule alone would miss the usual case: the last full week of an export has all its
days, but the tickets of its last days have not had the time to finish. In the sample data
the complete weeks have no ticket waiting, the last week 10 % for a first reply and 24 % for
a resolution; 5 % leaves room for the odd stuck ticket in an old week.

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> start = datetime(2026, 10, 26, tzinfo=UTC)
    >>> rule = PartialRule(as_of=start + timedelta(days=3))
    >>> rule.reason(start, start + timedelta(days=7), tickets=10, open_tickets=0)
    'ends after the snapshot 2026-10-29T00:00:00+00:00'
    >>> rule = PartialRule(as_of=start + timedelta(days=8))
    >>> rule.reason(start, start + timedelta(days=7), tickets=10, open_tickets=3)
    '3 of 10 tickets (30 %) unresolved at the snapshot'
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

import attrs

__all__ = ["OPEN_SHARE", "PartialRule"]

#: The default share of unresolved tickets from which a period is partial.
OPEN_SHARE = 0.05


@attrs.frozen
class PartialRule:
    """The rule deciding whether a period is partial (see the module's docstring).

    Examples:
        >>> from datetime import UTC, datetime
        >>> PartialRule(as_of=datetime(2026, 1, 1, tzinfo=UTC)).open_share
        0.05
    """

    as_of: datetime | None
    since: datetime | None = None
    until: datetime | None = None
    open_share: float = OPEN_SHARE
    tz: tzinfo = UTC
    waiting: str = "unresolved"

    def reason(
        self, start: datetime, end: datetime, *, tickets: int = 0, open_tickets: int = 0
    ) -> str | None:
        """Why the period ``[start, end)`` is partial, or ``None`` when it is complete.

        Examples:
            >>> from datetime import UTC, datetime
            >>> rule = PartialRule(as_of=datetime(2026, 2, 1, tzinfo=UTC))
            >>> rule.reason(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 8, tzinfo=UTC))
        """
        s, e = start.astimezone(UTC), end.astimezone(UTC)
        if self.as_of is not None and e > self.as_of:
            return f"ends after the snapshot {self.as_of.astimezone(self.tz).isoformat()}"
        if self.since is not None and s < self.since:
            return f"starts before --since {self.since.astimezone(self.tz).isoformat()}"
        if self.until is not None and e > self.until:
            return f"ends after --until {self.until.astimezone(self.tz).isoformat()}"
        if tickets and open_tickets >= self.open_share * tickets:
            share = 100 * open_tickets / tickets
            waiting = f"{open_tickets} of {tickets} tickets ({share:.0f} %) {self.waiting}"
            return f"{waiting} at the snapshot"
        return None
