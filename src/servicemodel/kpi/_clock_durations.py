"""The durations of the ticket clocks, read from histories (the loops of their ``add_many``).

[FirstReplySurvival][servicemodel.kpi.FirstReplySurvival] and
[ResolutionSurvival][servicemodel.kpi.ResolutionSurvival] turn each history into a checked
duration in their unit, observed or censored, or count it as created after ``as_of``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from itertools import repeat
from typing import Any

from servicemodel.kpi._ticket_base import as_history
from servicemodel.model import TicketHistory

__all__ = ["UNIT_SECONDS", "Read", "calendar_durations", "utc_durations"]

#: The units of the survival accumulators, in seconds.
UNIT_SECONDS: dict[str, float] = {"s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0}

#: What a pass has read of a history: ``created_at`` and ``last_event_at`` in UTC, and
#: ``is_resolved()`` (after its last event).
Read = tuple[datetime, datetime, bool]

Durations = tuple[list[float], list[float], int]


def calendar_durations(clock: Any, items: Iterable[Any]) -> Durations:
    """The checked durations of the events and the censorings, and the count created later.

    ``clock`` is a ticket clock; each history goes through its ``pair`` (business time).
    """
    observed: list[float] = []
    censored: list[float] = []
    later = 0
    duration = clock.times.duration
    for item in items:
        pair = clock.pair(item)
        if pair is None:
            later += 1
        else:
            (observed if pair[1] else censored).append(duration(pair[0]))
    return observed, censored, later


def utc_durations(clock: Any, items: Iterable[Any], reads: Sequence[Read] | None) -> Durations:
    """``calendar_durations`` in calendar time, with the instants read once in UTC.

    The same figures as ``pair`` and ``SurvivalTimes.duration`` give, without a call per
    ticket for each: this loop runs once per ticket of every report. ``reads`` are the
    instants a pass has read already (``reads[i]`` of ``items[i]``), or ``None``; the clock's
    ``_end_utc(history, read)`` says when its event happened, in UTC (``None``: not by
    ``as_of``).
    """
    as_of = clock.as_of
    per_unit = timedelta(seconds=UNIT_SECONDS[clock.times.unit])
    end_of = clock._end_utc
    observed: list[float] = []
    censored: list[float] = []
    later = 0
    for item, read in zip(items, repeat(None) if reads is None else reads, strict=False):
        history = item if type(item) is TicketHistory else as_history(item)
        start = history.ticket.created_at.astimezone(UTC) if read is None else read[0]
        if start > as_of:
            later += 1
            continue
        end = end_of(history, read)
        elapsed = (as_of if end is None else end) - start
        x = elapsed / per_unit
        if x < 0:  # never for a valid history; the same error as SurvivalTimes.duration
            clock.times.duration(elapsed)
        (censored if end is None else observed).append(x + 0.0)
    return observed, censored, later
