"""The report's overview section: what is in the export, by channel, priority, status, week."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timezone, tzinfo

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
    # One pass with plain counts (it was a pass per priority and per status).
    weeks: list[date] = []
    channels: list[str] = []
    priorities: list[Priority] = []
    statuses: list[Status] = []
    created: list[datetime] = []
    locals_: list[datetime] = []
    events = 0
    for h in histories:
        ticket = h.ticket
        at = h.created_at
        created.append(at)
        local = at.astimezone(tz)
        locals_.append(local)
        weeks.append(local.date())
        channels.append(ticket.channel)
        priorities.append(ticket.priority)
        statuses.append(h.status_spans()[-1].status)
        events += len(h.events)
    by_priority, by_status = Counter(priorities), Counter(statuses)
    first, last = _span(created, locals_, tz)
    return Overview(
        tickets=len(histories),
        events=events,
        first_created=first,
        last_created=last,
        by_channel=Counter(channels).most_common(),
        by_priority=[(p.value, n) for p in Priority if (n := by_priority[p])],
        by_status=[(s.value, n) for s in Status if (n := by_status[s])],
        by_week=_iso_weeks(Counter(weeks)),
    )


def _span(
    created: list[datetime], local: list[datetime], tz: tzinfo
) -> tuple[datetime | None, datetime | None]:
    """The first and last creation instants, in ``tz``."""
    if not created:
        return None, None
    if isinstance(tz, timezone):
        # A fixed offset: the instants in ``tz`` share one tzinfo and one offset, so they
        # compare by their fields (cheaper than comparing across zones) in the same order.
        return min(local), max(local)
    return min(created).astimezone(tz), max(created).astimezone(tz)


def _iso_weeks(days: Counter[date]) -> list[tuple[str, int]]:
    """The ISO week labels of the counted local dates, with their counts, in label order."""
    by_week: Counter[str] = Counter()
    for day, n in days.items():
        iso = day.isocalendar()
        by_week[f"{iso.year}-W{iso.week:02d}"] += n
    return sorted(by_week.items())
