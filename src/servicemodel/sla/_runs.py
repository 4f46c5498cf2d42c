"""Private: the intervals a clock runs, read off a ticket's status timeline.

A clock runs while the ticket's status is not one its policy pauses on; these walk the status
timeline (``ClockFacts.statuses``, in UTC) for the intervals of ``[start, end)`` it ran. The
live state keeps running totals of them per clock (``Track``) so each event walks only the
timeline's last entries.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from servicemodel.model import Priority, Status
from servicemodel.sla._clock import ClockInterval, Memo, Track

__all__ = ["open_end", "running_intervals", "status_time", "tracked_intervals"]


def status_time(entry: tuple[datetime, Status] | tuple[datetime, Priority]) -> datetime:
    return entry[0]


def running_intervals(
    timeline: Sequence[tuple[datetime, Status]],
    paused: frozenset[Status],
    start: datetime,
    end: datetime,
) -> tuple[list[tuple[datetime, datetime]], Status]:
    """Un-paused intervals of ``[start, end)`` and the status in force at ``end``.

    A walk over the running stretches (as ``_walk``): each ends where a paused status begins,
    or at ``end``. It starts at the span in force at ``start``: a scan from creation for every
    cycle of a reply clock would make long histories quadratic.
    """
    intervals: list[tuple[datetime, datetime]] = []
    if start <= timeline[0][0]:
        entries: Iterable[tuple[datetime, Status]] = timeline
        status_at_end = timeline[0][1]
    else:
        first = bisect_right(timeline, start, key=status_time) - 1
        entries = map(timeline.__getitem__, range(first, len(timeline)))  # no copy
        status_at_end = timeline[first][1]
    run_from = None
    for t, status in entries:
        if t > end:
            break
        status_at_end = status
        at = t if t > start else start
        if status in paused:
            if run_from is not None:
                if at > run_from:
                    intervals.append((run_from, at))
                run_from = None
        elif run_from is None:
            run_from = at
    if run_from is not None and end > run_from:
        intervals.append((run_from, end))
    return intervals, status_at_end


#: The most clock tracks a live state keeps (a ticket has a few running clocks at a time).
_MAX_TRACKS = 32


def tracked_intervals(
    memo: Memo,
    timeline: Sequence[tuple[datetime, Status]],
    paused: frozenset[Status],
    start: datetime,
    end: datetime,
) -> tuple[list[ClockInterval], Status, Track]:
    """``running_intervals`` for a running clock of a live state, from its running totals.

    The timeline entries that no event can change any more (all but the last two: an event
    at the last instant may rewrite the last entry, or drop it and rewrite the one before)
    are folded into the clock's ``Track`` once; each call walks only the last two entries.
    ``end`` is at or after the last entry (a live state is measured from its last event on).
    """
    key = (start, paused)
    track = memo.tracks.get(key)
    if track is None:
        if len(memo.tracks) >= _MAX_TRACKS:
            # Finished reply cycles leave their tracks behind: start afresh rather than grow
            # with the ticket (the running clocks rebuild theirs with one walk).
            memo.tracks.clear()
            memo.views.clear()
        first = bisect_right(timeline, start, key=status_time) - 1
        track = memo.tracks[key] = Track(max(first, 0))
    final = len(timeline) - 2
    if track.upto < final:
        track.run_from = _walk(
            timeline, track.upto, final, paused, start, track.run_from, track.closed
        )
        track.upto = final
    intervals: list[ClockInterval] = list(track.closed)
    run_from = _walk(timeline, track.upto, len(timeline), paused, start, track.run_from, intervals)
    if run_from is not None and end > run_from:
        intervals.append((run_from, end))
    return intervals, timeline[-1][1], track


def _walk(
    timeline: Sequence[tuple[datetime, Status]],
    lo: int,
    hi: int,
    paused: frozenset[Status],
    start: datetime,
    run_from: datetime | None,
    out: list[Any],
) -> datetime | None:
    """Append to ``out`` the intervals that entries ``lo..hi`` close; the open stretch's start."""
    for i in range(lo, hi):
        t, status = timeline[i]
        at = t if t > start else start
        if status in paused:
            if run_from is not None and at > run_from:
                out.append((run_from, at))
            run_from = None
        elif run_from is None:
            run_from = at
    return run_from


def open_end(intervals: Sequence[ClockInterval], at: datetime) -> tuple[ClockInterval, ...]:
    """Let the clock run on from ``at`` (for deadlines and projections)."""
    if intervals and intervals[-1][1] == at:
        return (*intervals[:-1], (intervals[-1][0], None))
    return (*intervals, (at, None))
