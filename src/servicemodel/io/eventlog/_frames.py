"""Private: event logs held in pandas or polars frames, read as rows of plain values."""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import Any

from servicemodel.io._frame_input import (
    check_options,
    guarded_rows,
    label_of,
    pandas_cells,
    pandas_frame,
    polars_frame,
    polars_rows,
    read_columns,
    unique_columns,
)
from servicemodel.io.eventlog._options import attribute_names, check_frame, columns_of
from servicemodel.io.eventlog._read import Numbered, histories
from servicemodel.io.eventlog._stream import HistoryStream

__all__ = ["from_pandas", "from_polars"]


def from_pandas(df: Any, **options: Any) -> HistoryStream:
    """Stream the histories of a pandas event log (rows grouped by case for you).

    Takes the options of [`histories`][servicemodel.io.eventlog.histories] (another option,
    a column the reader reads that the frame holds twice, or something other than a pandas
    frame is an error before any row). The frame is
    sorted by case id (stable, so each case keeps its row order) before reading; a case column
    of mixed types (ids as text and as numbers, ``1`` beside ``True`` or ``1.0``) has no order
    that keeps each id's text together, and its rows are grouped in memory instead. Frames as notebooks hold them read as their CSV does: ``pd.NA`` (nullable
    ``string``, ``Int64``, ``boolean`` dtypes), ``NaN`` and ``NaT`` are missing values,
    ``category`` and ``string[pyarrow]`` cells are their text, a ``datetime64`` column with a
    zone is read as those instants (a pytz zone, as pandas 2 holds a named one, as the
    ``ZoneInfo`` of its name, as polars gives it) and a naive one takes ``tz`` (past
    microseconds cut, as in a text).

    Examples:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"case:concept:name": ["B", "A", "B"],
        ...                    "concept:name": ["Resolved", "Resolved", "Reopened"],
        ...                    "time:timestamp": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 10:00",
        ...                                                      "2026-03-03 09:00"], utc=True)})
        >>> [h.id for h in from_pandas(df, status_map={"Resolved": "solved", "Reopened": "open"})]
        ['A', 'B']
    """  # noqa: E501
    df = pandas_frame(df, "servicemodel.io.eventlog.from_pandas")
    case, used = _checked(list(df.columns), options, "from_pandas")
    ordered = _by_case(df, case)
    order: str | None = "case id"
    if ordered is None:  # no order that keeps each id's text together: group in memory
        ordered, options, order = df, {**options, "contiguous": False}, None
        positions: Sequence[int] = range(len(df))
    else:
        positions = ordered.index  # each row's position in the frame (read one by one)
    ordered = read_columns(ordered, used)
    names = [str(c) for c in ordered.columns]
    cells = pandas_cells(ordered).itertuples(False, None)
    cells = guarded_rows(cells, "pandas", positions=positions, order=order)
    rows = (dict(zip(names, values, strict=True)) for values in cells)
    return histories(Numbered(rows, positions), **options)


def from_polars(df: Any, **options: Any) -> HistoryStream:
    """Stream the histories of a polars event log (rows grouped by case for you).

    Takes the options of [`histories`][servicemodel.io.eventlog.histories]; a ``LazyFrame``
    is collected first. Nulls are
    missing values; a ``Datetime`` column with a ``time_zone`` is read as those instants, one
    without takes ``tz``; ``Categorical`` and ``Enum`` cells are their text.

    Examples:
        >>> import polars as pl
        >>> df = pl.DataFrame({"case:concept:name": ["A"], "concept:name": ["Resolved"],
        ...                    "time:timestamp": ["2026-03-02T09:00:00Z"]})
        >>> [h.solved_at().isoformat() for h in from_polars(df, status_map={"Resolved": "solved"})]
        ['2026-03-02T09:00:00+00:00']
    """
    df = polars_frame(df, "servicemodel.io.eventlog.from_polars")
    case, used = _checked(list(df.columns), options, "from_polars")
    import polars as pl

    # Each row's position in the frame, in the order of the (stable) sort by case id; a row
    # without a case id comes last, as pandas sorts it, so both frames stop at the same error.
    place = pl.int_range(pl.len(), dtype=pl.Int64).sort_by(
        case, maintain_order=True, nulls_last=True
    )
    positions = df.select(place).to_series()  # read one by one, never a list of them all
    ordered = read_columns(df.sort(case, maintain_order=True, nulls_last=True), used)
    cells = polars_rows(ordered)
    rows = guarded_rows(cells, "polars", positions=positions, order="case id")
    return histories(Numbered(rows, positions), **options)


def _by_case(df: Any, case: Any) -> Any:
    """``df`` sorted by its case column (stable), or None when sorting would not keep the rows
    of each case id's text together.

    Values that sort as equal may be different ids as text (``1``, ``True``, ``1.0`` and
    ``Decimal("1.0")`` are equal; ``"1"``, ``"True"``, ``"1"``, ``"1.0"`` are not), and an
    id between them would start a case again: only a column of one dtype, or of text alone
    (an ``object`` or ``category`` column of ``str``), is sorted.
    """
    column = df[case]
    values = column.cat.categories if column.dtype.name == "category" else column
    if values.dtype == object and any(type(v) is not str for v in values.dropna()):
        return None
    try:  # the case ids numbered 0, 1, ...: the sorted index is each row's place in the frame
        order = column.reset_index(drop=True).sort_values(kind="stable").index
        return df.take(order).set_axis(order, axis=0)
    except TypeError:  # (not reached for one type of values; kept as the safe answer)
        return None


#: The options ``histories`` takes (all but its rows).
_OPTIONS = tuple(inspect.signature(histories).parameters)[1:]


def _checked(
    labels: Sequence[Any], options: Mapping[str, Any], feature: str
) -> tuple[Any, list[str]]:
    """Check the frame's columns and the options: the frame's label of the case column, and
    the names of the columns the reader reads."""
    check_options(options, _OPTIONS, feature)
    columns = options.get("columns")
    check_frame(labels, columns, options.get("attributes", ()))
    roles = columns_of(columns)
    used = [*roles.values(), *attribute_names(options.get("attributes", ()))]
    unique_columns(labels, used)
    return label_of(labels, roles["case"]), used
