"""Count tables of survival times: ``(time, events, censored)`` rows, built and merged.

The state of [SurvivalTimes][servicemodel.kpi.SurvivalTimes] is such a table, times distinct
and increasing; merging two is their row-wise sum, so any split of the input merges to the
table of one pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["Row", "count_rows", "merge_rows"]

# Rows of the accumulator state: (time, events, censored), times distinct and increasing.
Row = tuple[float, int, int]


def merge_rows(a: tuple[Row, ...], b: tuple[Row, ...]) -> tuple[Row, ...]:
    """The row-wise sum of two sorted count tables (a merge of sorted lists, O(len a + len b)).

    The walk compares the two current rows, takes the earlier (both, summed, at the same
    time) and goes on with the rest of that table; when one table ends, the rest of the
    other follows as it is.
    """
    if not a:
        return b
    if not b:
        return a
    out: list[Row] = []
    rest_a, rest_b = iter(a), iter(b)
    last = _walk(rest_a, rest_b, out.append)
    for row, rest in zip(last, (rest_a, rest_b), strict=True):
        if row is not _END:
            out.append(row)
            out.extend(rest)
    return tuple(out)


def _walk(
    rest_a: Iterator[Row], rest_b: Iterator[Row], append: Callable[[Row], None]
) -> tuple[Any, Any]:
    """Merge two tables until one ends; return the current row of each (``_END``: ended)."""
    # Iterators and the rows unpacked once each, not indexing both tables at every step: this
    # runs over every row of every merge of the report's single pass.
    ra, rb = next(rest_a), next(rest_b)
    (ta, da, ca), (tb, db, cb) = ra, rb
    while True:
        if ta == tb:
            append((ta, da + db, ca + cb))
            ra, rb = next(rest_a, _END), next(rest_b, _END)
            if ra is _END or rb is _END:
                return ra, rb
            (ta, da, ca), (tb, db, cb) = ra, rb
        elif ta < tb:
            append(ra)
            ra = next(rest_a, _END)
            if ra is _END:
                return ra, rb
            ta, da, ca = ra
        else:
            append(rb)
            rb = next(rest_b, _END)
            if rb is _END:
                return ra, rb
            tb, db, cb = rb


_END: Any = object()  # what next() gives at the end of a table (any row, even None, is a row)


def count_rows(observed: list[float], censored: list[float]) -> tuple[Row, ...]:
    """The count table of event and censoring times (checked durations), sorted by time."""
    # Counter counts in C; ``get`` avoids Counter's Python-level ``__missing__``.
    events, censorings = Counter(observed).get, Counter(censored).get
    times = sorted(set(observed).union(censored))
    return tuple([(t, events(t, 0), censorings(t, 0)) for t in times])
