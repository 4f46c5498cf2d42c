"""Private: event logs held in pandas or polars frames, read as rows of plain values."""

from __future__ import annotations

from typing import Any

from servicemodel.errors import MissingExtraError
from servicemodel.io.eventlog._options import check_frame, columns_of
from servicemodel.io.eventlog._read import histories
from servicemodel.io.eventlog._stream import HistoryStream

__all__ = ["from_pandas", "from_polars"]


def from_pandas(df: Any, **options: Any) -> HistoryStream:
    """Stream the histories of a pandas event log (rows grouped by case for you).

    Takes the options of [`histories`][servicemodel.io.eventlog.histories]. The frame is
    sorted by case id (stable, so each case keeps its row order) before reading; a case column
    of mixed types (ids as text and as numbers) has no order, and its rows are grouped in
    memory instead. Frames as notebooks hold them read as their CSV does: ``pd.NA`` (nullable
    ``string``, ``Int64``, ``boolean`` dtypes), ``NaN`` and ``NaT`` are missing values,
    ``category`` and ``string[pyarrow]`` cells are their text, a ``datetime64`` column with a
    zone is read as those instants and a naive one takes ``tz`` (past microseconds cut, as in
    a text).

    Examples:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"case:concept:name": ["B", "A", "B"],
        ...                    "concept:name": ["Resolved", "Resolved", "Reopened"],
        ...                    "time:timestamp": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 10:00",
        ...                                                      "2026-03-03 09:00"], utc=True)})
        >>> [h.id for h in from_pandas(df, status_map={"Resolved": "solved", "Reopened": "open"})]
        ['A', 'B']
    """  # noqa: E501
    try:
        import pandas  # noqa: F401  (only to say which extra is missing)
    except ImportError:
        raise MissingExtraError("pandas", "servicemodel.io.eventlog.from_pandas") from None
    check_frame(list(df.columns), options.get("columns"), options.get("attributes", ()))
    case = columns_of(options.get("columns"))["case"]
    try:
        ordered = df.sort_values(case, kind="stable")
    except TypeError:  # '<' between an id as text and one as a number: group in memory
        ordered, options = df, {**options, "contiguous": False}
    names = [str(c) for c in ordered.columns]
    rows = (dict(zip(names, values, strict=True)) for values in ordered.itertuples(False, None))
    return histories(rows, **options)


def from_polars(df: Any, **options: Any) -> HistoryStream:
    """Stream the histories of a polars event log (rows grouped by case for you).

    Takes the options of [`histories`][servicemodel.io.eventlog.histories]. Nulls are
    missing values; a ``Datetime`` column with a ``time_zone`` is read as those instants, one
    without takes ``tz``; ``Categorical`` and ``Enum`` cells are their text.

    Examples:
        >>> import polars as pl
        >>> df = pl.DataFrame({"case:concept:name": ["A"], "concept:name": ["Resolved"],
        ...                    "time:timestamp": ["2026-03-02T09:00:00Z"]})
        >>> [h.solved_at().isoformat() for h in from_polars(df, status_map={"Resolved": "solved"})]
        ['2026-03-02T09:00:00+00:00']
    """
    try:
        import polars  # noqa: F401  (only to say which extra is missing)
    except ImportError:
        raise MissingExtraError("polars", "servicemodel.io.eventlog.from_polars") from None
    check_frame(list(df.columns), options.get("columns"), options.get("attributes", ()))
    case = columns_of(options.get("columns"))["case"]
    return histories(df.sort(case, maintain_order=True).iter_rows(named=True), **options)
