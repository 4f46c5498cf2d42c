"""Private: what the frame readers check of a frame before reading a row of it.

A notebook hands the readers whatever it holds: a pandas or a polars frame (or a polars
``LazyFrame``), column labels that are not text (``0``, a ``MultiIndex``'s tuples), the same
label twice (``pd.concat(axis=1)``, ``pd.read_csv(mangle_dupe_cols=...)``), and keyword
options with a typo. Each of these is one specific error here, before any row: never an
``AttributeError`` from a missing method, nor a duplicated column whose last copy is read
silently.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.calendar._shared import python_zone
from servicemodel.errors import ConfigError, InputTypeError, MissingExtraError

__all__ = [
    "check_options",
    "guarded_rows",
    "label_of",
    "pandas_cells",
    "pandas_frame",
    "polars_cells",
    "polars_frame",
    "polars_rows",
    "read_columns",
    "unique_columns",
]


def _library(obj: Any) -> str:
    return type(obj).__module__.split(".", 1)[0]


def _shown(obj: Any) -> str:
    """What ``obj`` is, in a line: a frame's repr is a table, so its type names it."""
    kind = type(obj)
    if kind.__module__ == "builtins":
        return f"{kind.__name__} {safe_repr(obj, limit=60)}"
    return f"{kind.__module__}.{kind.__qualname__}"


def pandas_frame(df: Any, feature: str) -> Any:
    """``df`` if it is a pandas ``DataFrame``; else an ``InputTypeError`` naming what it is.

    Examples:
        >>> pandas_frame([1, 2], "from_pandas")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: from_pandas: expected a pandas DataFrame, got list [1, 2]
    """  # noqa: E501
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("pandas", feature) from None
    if isinstance(df, pd.DataFrame):
        return df
    hint = " (a polars frame: read it with from_polars)" if _library(df) == "polars" else ""
    raise InputTypeError(f"{feature}: expected a pandas DataFrame, got {_shown(df)}{hint}")


def polars_frame(df: Any, feature: str) -> Any:
    """``df`` as a polars ``DataFrame``: a ``LazyFrame`` is collected (its query run once).

    Anything else is an ``InputTypeError`` naming what it is; a failing lazy query is a
    ``ConfigError`` with polars' own message.
    """
    try:
        import polars as pl
    except ImportError:
        raise MissingExtraError("polars", feature) from None
    if isinstance(df, pl.LazyFrame):
        try:
            return df.collect()
        except pl.exceptions.PolarsError as exc:
            raise ConfigError(f"{feature}: the LazyFrame's query failed: {exc}") from None
    if isinstance(df, pl.DataFrame):
        return df
    hint = " (a pandas frame: read it with from_pandas)" if _library(df) == "pandas" else ""
    raise InputTypeError(
        f"{feature}: expected a polars DataFrame or LazyFrame, got {_shown(df)}{hint}"
    )


def unique_columns(labels: Sequence[Any], used: Iterable[str]) -> None:
    """Refuse a frame in which a column the reader reads appears twice (as text).

    A row is read as ``{str(label): value}``, so two columns of one name -- or ``0`` and
    ``"0"`` -- would leave only the last one's value: a silently wrong id or instant.

    Examples:
        >>> unique_columns(["id", "created", "id"], ["created"])
        >>> unique_columns(["id", "created", "id"], ["id", "created"])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: column 'id' appears 2 times in the frame; give each column the reader reads a name of its own (e.g. df.columns = [...])
    """  # noqa: E501
    counts = Counter(str(label) for label in labels)
    for name in dict.fromkeys(used):
        if counts[name] > 1:
            raise ConfigError(
                f"column {safe_repr(name)} appears {counts[name]} times in the frame; give each "
                "column the reader reads a name of its own (e.g. df.columns = [...])"
            )


def label_of(labels: Sequence[Any], name: str) -> Any:
    """The frame's own label of the column named ``name`` (``0`` for ``"0"``)."""
    for label in labels:
        if str(label) == name:
            return label
    return name  # (checked before: not reached for a column the frame lacks)


def check_options(options: Mapping[str, Any], allowed: Iterable[str], feature: str) -> None:
    """Refuse an option the reader does not take, naming it and the ones it takes.

    Examples:
        >>> check_options({"tz": "UTC", "tzz": 1}, ["tz", "columns"], "from_pandas")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: tzz: from_pandas: unknown option(s) ['tzz']; expected some of ['columns', 'tz']
    """  # noqa: E501
    known = set(allowed)
    unknown = sorted(set(options) - known)
    if unknown:
        raise ConfigError(
            f"{feature}: unknown option(s) {unknown}; expected some of {sorted(known)}",
            path=unknown[0],
        )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: The instants a ``datetime`` holds in any zone (a day from each end of its years): a cell
#: inside is read, and refused by the reader's own range check if it must be.
_FIRST, _LAST = datetime(1, 1, 2, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)
_UNITS = {"us": timedelta(microseconds=1), "ms": timedelta(milliseconds=1),
          "s": timedelta(seconds=1)}  # fmt: skip


def _bounds(unit: str) -> tuple[int, int]:
    """The first and the past-the-last ``_FIRST`` .. ``_LAST`` as counts of ``unit``."""
    if unit == "ns":  # (timedelta has no nanoseconds: count microseconds, then scale)
        low, high = _bounds("us")
        return low * 1000, high * 1000
    step = _UNITS[unit]
    return (_FIRST - _EPOCH) // step, (_LAST - _EPOCH) // step


def polars_cells(df: Any) -> Any:
    """``df`` with every ``Datetime`` or ``Date`` column that holds a value no ``datetime``
    holds made text, so that its rows can be read; else ``df`` itself.

    polars cannot give such a value to Python (it panics: year 146 million, as an epoch in
    nanoseconds read as milliseconds gives). In such a column each value is its ISO 8601
    text (with its offset, if the column has a zone: read as the value would be) and each
    one out of range names its count of units after 1970, which the reader refuses as that
    row's error -- the other rows are read. A ``Duration`` past ``timedelta``'s range is a
    ``ConfigError`` naming the column.
    """
    import polars as pl

    fixed = []
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.Datetime):
            unit = dtype.time_unit or "us"
            low, high = _bounds(unit)
            text = "%Y-%m-%dT%H:%M:%S%.f" + ("%:z" if dtype.time_zone else "")
            after = f"{unit} after 1970-01-01T00:00:00Z"
        elif isinstance(dtype, pl.Date):
            low, high = _day_bounds()
            text, after = "%Y-%m-%d", "days after 1970-01-01"
        elif isinstance(dtype, pl.Duration):
            _check_durations(pl, df, name, dtype)
            continue
        else:
            continue
        raw = pl.col(name).to_physical()
        inside = raw.is_between(low, high, closed="left") | raw.is_null()
        if df.select(inside.all()).item():
            continue
        shown = pl.when(inside).then(pl.col(name)).otherwise(None).dt.strftime(text)
        fixed.append(
            pl.when(inside).then(shown).otherwise(pl.format(f"{{}} {after}", raw)).alias(name)
        )
    return df.with_columns(fixed) if fixed else df


def polars_rows(df: Any) -> Iterator[dict[str, Any]]:
    """The rows of ``df`` as ``{name: value}``, each instant of a zoned column exact.

    polars gives a zoned ``Datetime`` cell as the local time its own bundled zone data
    give, with the ``ZoneInfo`` of the zone's name attached, which Python reads with its
    own zone data: where the two differ (a government changed its rules, and one side is
    newer) the instant would move by the difference. Each zoned column is read in UTC here
    (its physical values) and each cell put in its zone by Python, so the instant is the
    column's and the local time the one Python's data give; a column in UTC is read as it
    is. The cells are those of ``polars_cells(df)``.
    """
    import polars as pl

    df = polars_cells(df)
    zones: dict[str, tzinfo] = {}
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.Datetime) and dtype.time_zone not in (None, "UTC"):
            zone = python_zone(dtype.time_zone)
            if zone is not None:  # (else polars' own read raises, named by guarded_rows)
                zones[name] = zone
    if not zones:
        return iter(df.iter_rows(named=True))
    utc = df.with_columns(pl.col(name).dt.convert_time_zone("UTC") for name in zones)
    return _in_zones(utc.iter_rows(named=True), list(zones.items()))


def _in_zones(
    rows: Iterable[dict[str, Any]], zones: list[tuple[str, tzinfo]]
) -> Iterator[dict[str, Any]]:
    for row in rows:
        for name, zone in zones:
            value = row[name]
            if value is not None:
                row[name] = value.astimezone(zone)
        yield row


def _check_durations(pl: Any, df: Any, name: str, dtype: Any) -> None:
    """Refuse a ``Duration`` column with a value past ``timedelta``'s (polars would overflow)."""
    unit = dtype.time_unit or "us"
    most = (timedelta.max // timedelta(microseconds=1)) * {"ns": 1000, "us": 1, "ms": 1}[unit]
    most = most // 1000 if unit == "ms" else most
    raw = df.get_column(name).to_physical()
    worst = raw.abs().max()
    if worst is not None and worst > most:
        raise ConfigError(
            f"column {safe_repr(name)}: a duration of {worst} {unit} is past the longest "
            "timedelta (999,999,999 days); is the column's time unit the one it was written in?"
        )


def pandas_cells(df: Any) -> Any:
    """``df`` with each pyarrow timestamp or date column that holds a value no ``datetime``
    holds made an ``object`` column, so that its rows can be read; else ``df`` itself.

    pandas cannot give such a value to Python (``OverflowError``); in such a column each one
    out of range names its count of units after 1970, which the reader refuses as that row's
    error, and the others are their ``datetime``.

    Only a frame with a pyarrow column imports pyarrow (such a column means it is installed):
    the ``pandas`` extra alone, without pyarrow, reads frames of numpy columns.
    """
    out = df
    for i, dtype in enumerate(df.dtypes):
        kind = getattr(dtype, "pyarrow_dtype", None)
        if kind is None:
            continue
        import pyarrow as pa
        import pyarrow.compute as pc

        if not (pa.types.is_timestamp(kind) or pa.types.is_date(kind)):
            continue
        column = pa.array(df.iloc[:, i])
        # date32 counts days, date64 milliseconds, a timestamp its unit.
        unit = "days" if pa.types.is_date32(kind) else getattr(kind, "unit", "ms")
        low, high = _day_bounds() if unit == "days" else _bounds(unit)
        ints = column.cast(pa.int32() if unit == "days" else pa.int64())
        least, most = (pc.min_max(ints)[k].as_py() for k in ("min", "max"))
        if least is None or low <= least <= most < high:  # (the usual case: no list made)
            continue
        values = ints.to_pylist()
        cells = [
            None if v is None else column[j].as_py() if low <= v < high
            else f"{v} {unit} after 1970-01-01" + ("" if unit == "days" else "T00:00:00Z")
            for j, v in enumerate(values)
        ]  # fmt: skip
        if out is df:
            out = df.copy(deep=False)
        out.isetitem(i, cells)
    return out


def _day_bounds() -> tuple[int, int]:
    return (_FIRST - _EPOCH).days, (_LAST - _EPOCH).days


def read_columns(df: Any, used: Iterable[str]) -> Any:
    """Only the columns of ``df`` whose names are in ``used``, in the frame's order.

    A row's every cell is made a Python value before the reader sees it, so a column no role
    reads is not kept: its cells (a nested list of instants past the datetime years, an
    object no library converts) cannot stop a row from being read, nor cost time.
    """
    wanted = set(used)
    keep = [i for i, label in enumerate(df.columns) if str(label) in wanted]
    if len(keep) == len(df.columns):
        return df
    if hasattr(df, "iloc"):  # pandas: by position (labels may repeat or not be text)
        return df.iloc[:, keep]
    return df.select([df.columns[i] for i in keep])


def guarded_rows(
    rows: Iterable[Any],
    library: str,
    *,
    positions: Iterable[int] | None = None,
    order: str | None = None,
) -> Iterator[Any]:
    """``rows`` (a frame's rows as Python values), each conversion failure of the frame
    library one ``ConfigError`` naming the row.

    ``pandas_cells`` and ``polars_cells`` make the columns a reader reads convertible; a
    value nested in a list or struct cell (an instant past the datetime years inside a list
    of them) is beyond them, and the library would raise its own error -- polars even a
    ``PanicException``, which is no ``Exception``. The library converts rows in batches, so
    the row named is the first of the batch that failed, or the frame's next rows.
    ``positions`` are the rows' positions in the frame (``0, 1, ...`` by default); read in
    another ``order`` (an event log sorted by case id), a row is still named by its position
    in the frame (``df.iloc[i]``), as the reader's own errors name it, and the rows that may
    be the failing one are those read after it in that order, not the frame's next rows.
    """
    it = iter(rows)
    places = iter(positions) if positions is not None else itertools.count()
    after = "one of the next" if order is None else f"one read after it, in {order} order"
    while True:
        index = next(places, None)
        try:
            row = next(it)
        except StopIteration:
            return
        except BaseException as exc:
            if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
                raise  # KeyboardInterrupt, SystemExit, a caller's timeout
            raise ConfigError(
                f"{library} cannot give the cells of row {index} (or {after}) to "
                f"Python: {type(exc).__name__}: {safe_repr(str(exc), limit=200)}; a list or "
                "struct cell may hold a value no Python type holds (a date past year 9999)"
            ) from None
        yield row
