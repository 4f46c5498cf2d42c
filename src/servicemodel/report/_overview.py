"""The report's overview section: what is in the export, by channel, priority, status, week."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import tzinfo

from servicemodel.model import Priority, Status, TicketHistory
from servicemodel.report._document import Overview

__all__ = ["build_overview"]


def build_overview(histories: Sequence[TicketHistory], *, tz: tzinfo) -> Overview:
    """Count tickets by channel, priority, final status and ISO week of creation (in ``tz``).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> h = TicketHistory(Ticket("T", datetime(2026, 1, 5, 9, tzinfo=UTC), channel="chat"), [])
        >>> section = build_overview([h], tz=UTC)
        >>> section.by_channel, section.by_week
        ((('chat', 1),), (('2026-W02', 1),))
    """
    by_week: Counter[str] = Counter()
    for h in histories:
        iso = h.created_at.astimezone(tz).isocalendar()
        by_week[f"{iso.year}-W{iso.week:02d}"] += 1
    created = [h.created_at for h in histories]
    return Overview(
        tickets=len(histories),
        events=sum(len(h.events) for h in histories),
        first_created=min(created).astimezone(tz) if created else None,
        last_created=max(created).astimezone(tz) if created else None,
        by_channel=Counter(h.ticket.channel for h in histories).most_common(),
        by_priority=[
            (p.value, n)
            for p in Priority
            if (n := sum(1 for h in histories if h.ticket.priority is p))
        ],
        by_status=[
            (s.value, n)
            for s in Status
            if (n := sum(1 for h in histories if h.status_spans()[-1].status is s))
        ],
        by_week=sorted(by_week.items()),
    )
