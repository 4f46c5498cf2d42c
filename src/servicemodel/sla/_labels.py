"""Private: pausing clocks on a source's own status names (``StatusChange.label``).

A policy's ``pause_labels`` pause its clocks while the label of the ticket's last status change
is one of them, on top of the statuses in ``pause``. The engine measures the clock's running
intervals from the status timeline, then takes out the spans of paused labels here.

Examples:
    >>> from datetime import datetime, timezone
    >>> t = [datetime(2026, 3, 2, h, tzinfo=timezone.utc) for h in range(12)]
    >>> labels = [(t[0], None), (t[2], "Awaiting Vendor"), (t[5], None)]
    >>> kept, paused_at_end = minus_labels([(t[1], t[8])], labels, {"Awaiting Vendor"}, t[8])
    >>> [(a.hour, b.hour) for a, b in kept], paused_at_end
    ([(1, 2), (5, 8)], False)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence
from datetime import datetime

from servicemodel.sla._clock import ClockInterval

__all__ = ["minus_labels"]

Labels = Sequence[tuple[datetime, str | None]]


def _at(entry: tuple[datetime, str | None]) -> datetime:
    return entry[0]


def _paused_spans(
    labels: Labels, paused: Collection[str], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The spans ``[a, b)`` of ``labels`` in ``paused`` between ``start`` and ``end``."""
    # Only spans that reach past ``start`` matter: bisect, so long histories stay linear.
    first = max(bisect_right(labels, start, key=_at) - 1, 0)
    out: list[tuple[datetime, datetime]] = []
    for i in range(first, len(labels)):
        t, label = labels[i]
        if t >= end:
            break
        if label is not None and label in paused:
            nxt = labels[i + 1][0] if i + 1 < len(labels) else end
            out.append((t, min(nxt, end)))
    return out


def minus_labels(
    counted: Sequence[ClockInterval],
    labels: Labels,
    paused: Collection[str],
    end: datetime,
) -> tuple[list[ClockInterval], bool]:
    """``counted`` without the spans of paused labels, and whether one is in force at ``end``.

    ``counted`` are the closed intervals a clock ran (sorted, disjoint, each ending by
    ``end``); ``labels`` the label timeline (sorted by instant, UTC).
    """
    here = labels[max(bisect_right(labels, end, key=_at) - 1, 0)][1]
    at_end = here is not None and here in paused
    spans = _paused_spans(labels, paused, counted[0][0], end) if counted else []
    if not spans:
        return list(counted), at_end
    out: list[ClockInterval] = []
    k = 0
    for a, b in counted:
        lo, hi = a, b if b is not None else end
        while k < len(spans) and spans[k][1] <= lo:
            k += 1
        j = k
        while j < len(spans) and spans[j][0] < hi and lo < hi:
            s, e = spans[j]
            if s > lo:
                out.append((lo, s))
            lo = max(lo, e)
            j += 1
        if lo < hi:
            out.append((lo, hi))
    return out, at_end
