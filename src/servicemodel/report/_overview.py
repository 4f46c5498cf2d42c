"""The report's overview section: what is in the export, by channel, priority, status, week."""

from __future__ import annotations

import itertools
import operator
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    Priority,
    Reopen,
    Status,
    StatusChange,
    TicketHistory,
    lost_facts,
)
from servicemodel.model._shared import utc_instants
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
    # Columns read with C-level map() and counted with Counter (it was a Python pass per
    # priority and per status): this runs once per ticket of every report.
    tickets = list(map(_ticket, histories))
    created = list(map(_created, tickets))
    local = list(map(datetime.astimezone, created, itertools.repeat(tz)))
    by_priority = Counter(map(_priority, tickets))
    by_status = Counter(map(_final_status, histories))
    first, last = _span(histories, created, local, tz)
    return Overview(
        tickets=len(histories),
        events=sum(map(len, map(_events, histories))),
        first_created=first,
        last_created=last,
        by_channel=Counter(map(_channel, tickets)).most_common(),
        by_priority=[(p.value, n) for p in Priority if (n := by_priority[p])],
        by_status=[(s.value, n) for s in Status if (n := by_status[s])]
        + ([(UNKNOWN_STATUS, n)] if (n := by_status[None]) else [])
        + ([(NO_SOLVE_STATUS, n)] if (n := by_status[NO_SOLVE_STATUS]) else []),
        by_week=_iso_weeks(Counter(map(datetime.date, local))),
    )


#: The final status of a ticket whose export keeps no status, only when it was solved or
#: closed (one row per ticket): not solved, but new, open, pending or on hold is not known.
UNKNOWN_STATUS = "not solved (status unknown)"


#: The final status of a ticket whose export has no solved column: solved or not is unknown.
NO_SOLVE_STATUS = "status unknown (no solved column)"


def _final_status(history: TicketHistory) -> Status | str | None:
    """The ticket's final status, ``None`` when its export does not say it.

    A partial history without a single status change was never given a status by its
    export; counting it as ``new`` would call an answered, waiting ticket new. Without a
    solved column (lost ``resolution``) not even solved or not is known: ``NO_SOLVE_STATUS``,
    unless the ticket was closed.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> from servicemodel.model import PARTIAL_ATTRIBUTE
        >>> t0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
        >>> row = Ticket("T", t0, attributes={PARTIAL_ATTRIBUTE: "status_order"})
        >>> _final_status(TicketHistory(row, [])), _final_status(TicketHistory(Ticket("U", t0), []))
        (None, <Status.NEW: 'new'>)
    """
    if PARTIAL_ATTRIBUTE in history.ticket.attributes:
        # No status event at all (not "one span": changes at the creation instant, as in a
        # log whose events all share one timestamp, leave one span of a given status).
        stated = any(isinstance(e, _STATUS_EVENTS) for e in history.events)
        final = history.final_status()
        # A status the export states (Zendesk's current status of a ticket read without its
        # audits) is known even when the instant of the solve is not.
        if final is not Status.CLOSED and "resolution" in lost_facts(history) and not stated:
            return NO_SOLVE_STATUS
        if not stated:
            return None
    return history.final_status()


_STATUS_EVENTS = (StatusChange, Reopen)


_ticket, _events = operator.attrgetter("ticket"), operator.attrgetter("events")
_created, _channel = operator.attrgetter("created_at"), operator.attrgetter("channel")
_priority = operator.attrgetter("priority")


def _span(
    histories: Sequence[TicketHistory], created: list[datetime], local: list[datetime], tz: tzinfo
) -> tuple[datetime | None, datetime | None]:
    """The first and last creation instants, in ``tz``."""
    if not created:
        return None, None
    if isinstance(tz, timezone):
        # A fixed offset: the instants in ``tz`` share one tzinfo and one offset, so they
        # compare by their fields (cheaper than comparing across zones) in the same order.
        return min(local), max(local)
    # In UTC, as each history's order check converted them: instants sharing one ZoneInfo
    # compare by wall clock, ignoring fold (PEP 495), so a second 02:15 of a repeated hour
    # came before a first 02:45.
    utc = list(map(_created_utc, histories, created))
    return min(utc).astimezone(tz), max(utc).astimezone(tz)


def _created_utc(h: TicketHistory, created: datetime) -> datetime:
    ats = utc_instants(h)
    return ats[0] if ats is not None else created.astimezone(UTC)


def _iso_weeks(days: Counter[date]) -> list[tuple[str, int]]:
    """Every ISO week from the first counted local date's to the last one's, with its count.

    A week with no ticket is listed with 0, as in the KPI section's weeks and in
    ``kpi.periods``: a volume series read from the report has no silent gap (the weeks with
    tickets alone, plotted, joined the weeks around a quiet stretch).

    Examples:
        >>> from datetime import date
        >>> _iso_weeks(Counter({date(2026, 8, 3): 2, date(2026, 8, 19): 1}))
        [('2026-W32', 2), ('2026-W33', 0), ('2026-W34', 1)]
    """
    by_monday: Counter[date] = Counter()
    for day, n in days.items():
        by_monday[day - timedelta(days=day.weekday())] += n
    if not by_monday:
        return []
    first, last = min(by_monday), max(by_monday)
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    return [(_week_label(monday), by_monday[monday]) for monday in weeks]


def _week_label(monday: date) -> str:
    iso = monday.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"
