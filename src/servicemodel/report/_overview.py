"""The report's overview section: what is in the export, by channel, priority, status, week."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from servicemodel.model import Priority, Status, TicketHistory


def build(histories: Sequence[TicketHistory], *, tz: tzinfo) -> dict[str, Any]:
    """Counts of tickets by channel, priority, final status and ISO week of creation.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> h = TicketHistory(Ticket("T", datetime(2026, 1, 5, 9, tzinfo=UTC), channel="chat"), [])
        >>> section = build([h], tz=UTC)
        >>> section["by_channel"], section["by_week"]
        ({'chat': 1}, {'2026-W02': 1})
    """
    by_week: Counter[str] = Counter()
    for h in histories:
        iso = h.created_at.astimezone(tz).isocalendar()
        by_week[f"{iso.year}-W{iso.week:02d}"] += 1
    created = [h.created_at for h in histories]
    return {
        "tickets": len(histories),
        "first_created": min(created).astimezone(tz).isoformat() if created else None,
        "last_created": max(created).astimezone(tz).isoformat() if created else None,
        "events": sum(len(h.events) for h in histories),
        "by_channel": dict(Counter(h.ticket.channel for h in histories).most_common()),
        "by_priority": {
            p.value: n
            for p in Priority
            if (n := sum(1 for h in histories if h.ticket.priority is p))
        },
        "by_status": {
            s.value: n
            for s in Status
            if (n := sum(1 for h in histories if h.status_spans()[-1].status is s))
        },
        "by_week": dict(sorted(by_week.items())),
    }


def _bar(n: int, top: int, width: int = 30) -> str:
    return "#" * max(1, round(width * n / top)) if top and n else ""


def render(section: dict[str, Any]) -> list[str]:
    """Text lines for the overview section.

    Examples:
        >>> lines = render({"tickets": 0, "events": 0, "first_created": None,
        ...                 "last_created": None, "by_channel": {}, "by_priority": {},
        ...                 "by_status": {}, "by_week": {}})
        >>> lines[:3]
        ['Overview', '========', 'tickets: 0   events: 0']
    """
    lines = [
        "Overview",
        "========",
        f"tickets: {section['tickets']}   events: {section['events']}",
        f"created: {section['first_created']} .. {section['last_created']}",
    ]
    for key, title in (
        ("by_channel", "By channel"),
        ("by_priority", "By priority"),
        ("by_status", "By final status"),
        ("by_week", "By ISO week of creation"),
    ):
        counts: dict[str, int] = section[key]
        total = sum(counts.values()) or 1
        top = max(counts.values(), default=0)
        lines += ["", title]
        for name, n in counts.items():
            lines.append(f"  {name:<10} {n:>6} {100 * n / total:5.1f} %  {_bar(n, top)}")
    return lines
