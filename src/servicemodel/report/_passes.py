"""One pass over the histories for the KPI section: overall, per channel and per week at once.

The KPI section reports the same accumulators overall, per channel and per ISO week. Rather
than running every accumulator over every history three times (once per segmentation), the
histories are grouped once by (week, channel), each group is accumulated once, and the
overall, channel and week accumulators are merges of those groups. The accumulators are
mergeable by the library's protocol (``merge`` is exact: counts and count tables are summed),
so the figures equal the three-pass ones; merges are done pairwise in a balanced tree so a
long series of weeks costs ``O(n log weeks)``, not ``O(n * weeks)``.

Examples:
    >>> from datetime import UTC, date, datetime
    >>> from servicemodel.kpi import ReopenRate, periods
    >>> from servicemodel.model import Ticket, TicketHistory
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> hs = [TicketHistory(Ticket(f"T{i}", t0, channel=c), []) for i, c in enumerate("aab")]
    >>> done = one_pass(hs, ReopenRate.empty(), periods("week", tz="UTC"), t0)
    >>> sorted(done.channels.parts), done.tickets.total(), done.still_open.total()
    (['a', 'b'], 3, 3)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import attrs

from servicemodel.kpi import Periods, Segmented, by
from servicemodel.model import PARTIAL_ATTRIBUTE, Status, TicketHistory, lost_facts
from servicemodel.model._shared import utc_instants

__all__ = ["OnePass", "merge_all", "one_pass"]


class OnePass(NamedTuple):
    """What one pass collects: the accumulators overall, per channel, per week, and counts.

    ``tickets`` and ``still_open`` count the tickets created in each week and those of them
    not resolved at the snapshot (for the partial-week rule). ``read`` holds the results of
    ``overall`` and ``channels`` once read, with their level (``(level, overall, channels)``),
    so a later reader at the same level need not compute them again.
    """

    overall: Any
    channels: Segmented
    weeks: Segmented
    tickets: Counter[Any]
    still_open: Counter[Any]
    read: tuple[float, Any, Any] | None = None


def merge_all(accumulators: Sequence[Any], empty: Any) -> Any:
    """Merge ``accumulators`` pairwise in a balanced tree (``empty`` if there are none).

    Examples:
        >>> from servicemodel.kpi import ReopenRate
        >>> merge_all([], ReopenRate.empty()) == ReopenRate.empty()
        True
    """
    level = list(accumulators)
    if not level:
        return empty
    while len(level) > 1:
        pairs = [level[i].merge(level[i + 1]) for i in range(0, len(level) - 1, 2)]
        level = pairs + ([level[-1]] if len(level) % 2 else [])
    return level[0]


#: What ``_groups`` reads of a history, for the accumulators' ``_add_read``: ``created_at``
#: and ``last_event_at`` in UTC, and ``is_resolved()`` (after its last event).
Read = tuple[datetime, datetime, bool]

#: The statuses ``is_resolved`` counts, as a tuple: a status is found in it by identity (a
#: set would hash the enum member in Python).
_RESOLVED = tuple(s for s in Status if s.is_resolved)
Groups = dict[tuple[Any, Hashable], tuple[list[TicketHistory], list[Read]]]


def _creation_zone(week_key: Periods) -> ZoneInfo | None:
    """The zone of a plain period key of the creation instant (``None`` for any other key).

    Such a key (the KPI section's) puts a history in the period of its creation date in that
    zone, with no range to check: ``_groups`` reads it directly, once per ticket.
    """
    if week_key.at != "created" or week_key.start is not None or week_key.end is not None:
        return None
    return ZoneInfo(week_key.tz)


def _groups(
    histories: Sequence[TicketHistory], week_key: Periods, cutoff: datetime | None
) -> tuple[Groups, Counter[Any], Counter[Any]]:
    """The histories grouped by (week, channel), each with what was read of it; tickets and
    those still open at ``cutoff``, per week."""
    # One loop with local names, as it runs once per ticket of every report; each instant is
    # converted to UTC once, here, for the grouping and for the accumulators.
    zone = _creation_zone(week_key)
    in_utc = zone is not None and week_key.tz == "UTC"  # the local date is the UTC date
    periods_of_day: dict[date, date] = {}  # local creation date -> period start (same key)
    groups: Groups = {}
    weeks: list[Any] = []
    open_weeks: list[Any] = []
    for h in histories:
        # _read and _resolved, inlined (two calls per ticket saved).
        ats = utc_instants(h)  # converted when the history was built
        if ats is None:
            created = h.ticket.created_at.astimezone(UTC)
            events = h.events
            last = events[-1].at.astimezone(UTC) if events else created  # h.last_event_at
        else:
            created, last = ats[0], ats[-1]
        read = (created, last, h.final_status() in _RESOLVED)  # h.is_resolved()
        if zone is None:
            week = week_key(h)
        else:
            day = (created if in_utc else h.ticket.created_at.astimezone(zone)).date()
            week = periods_of_day.get(day)
            if week is None:
                week = periods_of_day[day] = week_key.floor_date(day)
        group = groups.get(key := (week, h.ticket.channel))
        if group is None:
            group = groups[key] = ([], [])
        group[0].append(h)
        group[1].append(read)
        weeks.append(week)
        resolved = read[2] if cutoff is None or last <= cutoff else h.is_resolved(at=cutoff)
        if not resolved and not _solve_unknown(h):
            open_weeks.append(week)
    return groups, Counter(weeks), Counter(open_weeks)


def _solve_unknown(h: TicketHistory) -> bool:
    """Whether ``h``'s export cannot say if it was solved (no solved column): such a ticket
    is not counted as still open (a partial week then says nothing of it)."""
    return PARTIAL_ATTRIBUTE in h.ticket.attributes and "resolution" in lost_facts(h)


def _read(h: TicketHistory) -> Read:
    # What ``_groups`` reads of each history (inlined there).
    return h.ticket.created_at.astimezone(UTC), h.last_event_at.astimezone(UTC), h.is_resolved()


def one_pass(
    histories: Sequence[TicketHistory], empty: Any, week_key: Periods, as_of: datetime | None
) -> OnePass:
    """Accumulate ``histories`` once, grouped by (week, channel), and merge the groups.

    Examples:
        >>> from datetime import UTC, date, datetime
        >>> from servicemodel.kpi import ReopenRate, periods
        >>> one_pass([], ReopenRate.empty(), periods("week"), datetime(2026, 1, 5, tzinfo=UTC))[0]
        ReopenRate(solved=0, reopened=0)
    """
    cutoff = None if as_of is None else as_of.astimezone(UTC)
    groups, tickets, still_open = _groups(histories, week_key, cutoff)
    by_week: dict[Any, list[Any]] = {}
    by_channel: dict[Any, list[Any]] = {}
    add_read = getattr(empty, "_add_read", None)  # the section's bundle takes the reads too
    for (week, channel), (group, reads) in groups.items():
        acc = empty.add_many(group) if add_read is None else add_read(group, reads)
        by_channel.setdefault(channel, []).append(acc)
        if week is not None:  # a period key that places a ticket nowhere drops it
            by_week.setdefault(week, []).append(acc)
    channel_parts = {k: merge_all(v, empty) for k, v in by_channel.items()}
    weeks = by(week_key, empty)
    dropped = sum(len(g) for (week, _), (g, _) in groups.items() if week is None)
    return OnePass(
        overall=merge_all(list(channel_parts.values()), empty),
        channels=attrs.evolve(by("channel", empty), parts=channel_parts),
        weeks=attrs.evolve(
            weeks, parts={k: merge_all(v, empty) for k, v in by_week.items()}, dropped=dropped
        ),
        tickets=tickets,
        still_open=still_open,
    )
