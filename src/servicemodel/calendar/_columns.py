"""Whole columns at once: ``elapsed_many`` and ``add_many`` over sequences and data-frame columns.

With numpy (the ``numpy`` extra; pandas brings it, polars does not) the calendar's year
tables for the years a column touches are laid end to end as three int64 arrays -- span
starts, span ends, open time before each span -- and a whole column is answered with two
``searchsorted`` calls, in the same integer microseconds as the scalar queries, so every
answer is exactly the scalar one. Rows the arrays cannot answer for certain (outside the
tables built, more than seven years of walking, spans near the 200-year limit, the edges of
the supported range) are handed to the scalar method, which gives the same answer or raises
the same error.

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> from servicemodel.calendar import BusinessCalendar
    >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    >>> monday = datetime(2026, 1, 5, 8, tzinfo=UTC)
    >>> cal.elapsed_many([monday, monday], [monday + timedelta(hours=3), monday])
    [datetime.timedelta(seconds=7200), datetime.timedelta(0)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicemodel._config import safe_repr
from servicemodel._validators import require_iterable
from servicemodel.calendar._instants import instant
from servicemodel.calendar._table import (
    _US_PER_YEAR,
    EPOCH,
    MAX_SPAN_YEARS,
    MAX_US,
    MIN_US,
    ONE_US,
    Timeline,
)
from servicemodel.errors import (
    InputTypeError,
    MissingExtraError,
    NaiveDatetimeError,
    OutOfRangeError,
)

__all__ = ["ColumnQueries", "python_zone"]

# Rows whose answer lies more than this many chunk years from their start go to the scalar
# method: it gives up after MAX_EMPTY_YEARS (8) empty years, and within 7 it never can.
_MAX_YEARS_AWAY = 7
# Pairs further apart than this are near the 200-year query limit: the scalar method decides.
_FAR_US = (MAX_SPAN_YEARS - 2) * _US_PER_YEAR
_NULL = -(2**63)  # pandas' NaT as int64
_CAP = 2**62  # durations beyond it (in microseconds) are held to it, and go to the scalar method
#: Microseconds per unit of a pandas column held in a coarser unit than ``us``.
_PER_UNIT = {"ms": 1000, "s": 1_000_000}


def _pandas_us(np: Any, raw: Any, unit: str) -> tuple[Any, Any]:
    """A pandas column's int64 counts of ``unit`` (``NaT`` the least int64) as microseconds,
    with the mask of its missing values.

    pandas 2 holds a column in ``s``, ``ms``, ``us`` or ``ns`` (a frame read from parquet or
    arrow, or made from polars, is in ``us``): each is read in its own unit. A count past
    the microseconds int64 holds is held to ``±_CAP``, outside the range answered from the
    arrays, so the scalar method names it.
    """
    null = raw == _NULL
    if unit == "ns":
        us = raw // 1000
    elif unit == "us":
        us = raw
    else:
        per = _PER_UNIT[unit]
        us = np.clip(raw, -_CAP // per, _CAP // per) * per
    return np.where(null, 0, us), null


class _Column:
    """One input column as int64 microseconds, with what is needed to answer in its kind."""

    __slots__ = ("get", "index", "kind", "n", "null", "tz", "unit")

    def __init__(self, kind: str, us: Any, null: Any, get: Callable[[int], Any]) -> None:
        self.kind = kind
        self.n = len(us)
        self.null = null
        self.get = get
        self.tz: Any = None
        self.index: Any = None
        self.unit = "ns"  # a pandas answer's unit: the column's own, or "us" for a coarser one


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def _instants(np: Any, values: Any, name: str) -> tuple[_Column, Any]:
    """Return ``values`` as (column, int64 microseconds); nulls count as 0 and are masked."""
    module = type(values).__module__.split(".")[0]
    if module == "pandas" and hasattr(values, "dtype") and getattr(values, "ndim", 1) == 1:
        return _pandas_instants(np, values, name)
    if module == "polars" and hasattr(values, "dtype"):
        return _polars_instants(np, values, name)
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        raise NaiveDatetimeError(
            f"{name}: numpy datetime64 carries no time zone; pass aware datetimes, or a pandas "
            f"or polars column with a time zone"
        )
    seq = list(require_iterable(values, name))
    try:
        us = np.fromiter(((t - EPOCH) // ONE_US for t in seq), dtype=np.int64, count=len(seq))
    # ValueError: pandas' NaT in a plain sequence subtracts to NaT, and NaT // 1 µs is NaN.
    except (TypeError, ValueError):
        for i, t in enumerate(seq):
            instant(t, f"{name}[{i}]")
        raise  # pragma: no cover - instant raised
    col = _Column("numpy" if isinstance(values, np.ndarray) else "list", us, None, seq.__getitem__)
    return col, us


def _pandas_instants(np: Any, values: Any, name: str) -> tuple[_Column, Any]:
    import pandas as pd

    arrow = getattr(values.dtype, "pyarrow_dtype", None)
    if arrow is not None and values.dtype.kind == "M":
        return _arrow_instants(np, values, arrow, name)
    tz = getattr(values.dtype, "tz", None)
    if tz is None:
        if values.dtype.kind == "M":
            raise NaiveDatetimeError(f"{name}: the column has no time zone ({values.dtype})")
        cells = values.tolist()
        if any(c is pd.NA for c in cells):
            zoned = _without_na(pd, values, cells)
            if zoned is not None:
                return _pandas_instants(np, zoned, name)
        col, us = _instants(np, cells, name)
        col.kind, col.index = "pandas-object", getattr(values, "index", None)
        if col.index is None:
            col.kind = "list"
        return col, us
    stamps = pd.DatetimeIndex(values)
    us, null = _pandas_us(np, np.asarray(stamps.asi8), stamps.unit)
    if isinstance(values, pd.Series):
        col = _Column("pandas", us, null if null.any() else None, values.iloc.__getitem__)
        col.index = values.index
    else:
        col = _Column("pandas-index", us, null if null.any() else None, values.__getitem__)
    col.tz = tz
    col.unit = "ns" if stamps.unit == "ns" else "us"
    return col, us


def _without_na(pd: Any, values: Any, cells: list[Any]) -> Any:
    """``values`` with each ``pandas.NA`` written as ``None``, if pandas then holds it zoned.

    pandas makes ``None`` or ``NaT`` beside aware datetimes the ``NaT`` of a zoned column,
    but keeps ``pandas.NA`` in an object column: read so, NA gives what ``None`` gives in its
    place (a missing answer). A column pandas would hold as objects even so (mixed zones, a
    cell that is no datetime) gives None, and is read cell by cell as it is.
    """
    cells = [None if c is pd.NA else c for c in cells]
    if isinstance(values, pd.Series):
        zoned = pd.Series(cells, index=values.index, name=values.name)
    else:
        zoned = pd.Index(cells, name=values.name)
    return zoned if getattr(zoned.dtype, "tz", None) is not None else None


def _arrow_instants(np: Any, values: Any, arrow: Any, name: str) -> tuple[_Column, Any]:
    """A pandas column of pyarrow timestamps (``timestamp[us, tz=UTC][pyarrow]``).

    Its dtype has no ``tz`` (the zone is the pyarrow type's): read from the pyarrow array in
    its own unit, not through ``DatetimeIndex``, which pandas 2 makes nanoseconds (an
    instant before 1677 or after 2262 would not convert). A date or a naive timestamp is
    refused as a naive numpy column is.
    """
    import pandas as pd
    import pyarrow as pa

    zone = getattr(arrow, "tz", None)
    if not pa.types.is_timestamp(arrow) or zone is None:
        raise NaiveDatetimeError(f"{name}: the column has no time zone ({values.dtype})")
    raw = np.asarray(pa.array(values).cast(pa.int64()).fill_null(_NULL).to_numpy())
    us, null = _pandas_us(np, raw, arrow.unit)
    if isinstance(values, pd.Series):
        col = _Column("pandas", us, null if null.any() else None, values.iloc.__getitem__)
        col.index = values.index
    else:
        col = _Column("pandas-index", us, null if null.any() else None, values.__getitem__)
    # A ZoneInfo (or a fixed offset), never the name: pandas 2 reads a name as a pytz zone.
    col.tz = python_zone(zone) or zone
    col.unit = "ns" if arrow.unit == "ns" else "us"
    return col, us


def _polars_instants(np: Any, values: Any, name: str) -> tuple[_Column, Any]:
    import polars as pl

    dtype = values.dtype
    if not isinstance(dtype, pl.Datetime):
        col, us = _instants(np, values.to_list(), name)
        return col, us
    if dtype.time_zone is None:
        raise NaiveDatetimeError(f"{name}: the column has no time zone ({dtype})")
    raw = values.to_physical().fill_null(0).to_numpy().astype(np.int64)
    us = {"ns": raw // 1000, "us": raw, "ms": raw * 1000}[dtype.time_unit]
    null = values.is_null().to_numpy()
    col = _Column("polars", us, null if null.any() else None, _polars_cell(values))
    col.tz = dtype.time_zone
    return col, us


def _polars_cell(values: Any) -> Callable[[int], Any]:
    """A getter of one cell of a zoned polars column, as its instant in its zone.

    polars gives a cell as the local time of its own bundled zone data, with the
    ``ZoneInfo`` of the zone's name attached, which Python reads with its own zone data:
    the cell is read in UTC (its physical value) and put in its zone by Python, so its
    instant is the column's whatever zone data either side bundles.
    """

    def get(i: int) -> Any:
        cell = values[i : i + 1].dt.convert_time_zone("UTC")[0]
        zone = python_zone(values.dtype.time_zone)
        return cell if cell is None or zone is None else cell.astimezone(zone)

    return get


def python_zone(name: str) -> tzinfo | None:
    """The zone polars attaches to a cell of a column in zone ``name``; None if none.

    Examples:
        >>> python_zone("Europe/Paris"), python_zone("+01:00"), python_zone("no zone")
        (zoneinfo.ZoneInfo(key='Europe/Paris'), datetime.timezone(datetime.timedelta(seconds=3600)), None)
    """  # noqa: E501
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        try:  # a fixed offset ("+01:00"), as polars reads one ZoneInfo does not know
            return datetime.fromisoformat(f"2000-01-01T00:00:00{name}").tzinfo
        except ValueError:
            return None


def _duration_us(d: Any) -> int:
    """``d`` in microseconds, held to ``±_CAP`` (TypeError for anything but a timedelta)."""
    v = d // ONE_US
    if not isinstance(v, int):  # pandas' NaT // 1 µs is a float NaN
        raise TypeError(d)
    # A timedelta reaches ±8.6e19 µs, past int64; rows held to the cap are far past _FAR_US,
    # so the scalar method answers them with their own duration (and its error).
    return v if -_CAP < v < _CAP else (_CAP if v > 0 else -_CAP)


def _durations(np: Any, values: Any, n: int) -> tuple[Any, Any]:
    """Return durations as int64 microseconds (floored, like the scalar) and a null mask."""
    if isinstance(values, timedelta):
        return np.full(n, _duration_us(values), dtype=np.int64), None
    # One timedelta for all, or a column: a scalar of any other kind (pandas' NaT, a number)
    # is named here, before pandas or ``list`` fails on it with an error of its own.
    require_iterable(values, "durations")
    module = type(values).__module__.split(".")[0]
    if module == "pandas":
        import pandas as pd

        if getattr(getattr(values, "dtype", None), "kind", None) != "m":
            _check_duration_cells(np, values)
        spans = pd.TimedeltaIndex(values)
        us, null = _pandas_us(np, np.asarray(spans.asi8), spans.unit)
        return us, (null if null.any() else None)
    if module == "polars":
        import polars as pl

        if isinstance(values.dtype, pl.Duration):
            raw = values.to_physical().fill_null(0).to_numpy().astype(np.int64)
            null = values.is_null().to_numpy()
            us = {"ns": raw // 1000, "us": raw, "ms": raw * 1000}[values.dtype.time_unit]
            return us, (null if null.any() else None)
        values = values.to_list()
    if isinstance(values, np.ndarray) and values.dtype.kind == "m":
        us, null = _numpy_durations(np, values)
        return us, (null if null.any() else None)
    seq = list(values)
    try:
        return np.fromiter(map(_duration_us, seq), dtype=np.int64, count=len(seq)), None
    except TypeError:
        bad = next(d for d in seq if not isinstance(d, timedelta))
        raise InputTypeError(
            f"durations: expected timedeltas, got {type(bad).__name__} {safe_repr(bad)}"
        ) from None


def _check_duration_cells(np: Any, values: Any) -> None:
    """Refuse a pandas column of anything but timedeltas and missing values (``None``,
    ``NaT``, ``NaN``, ``pandas.NA`` in an object column), as the scalar ``add`` refuses such a
    duration.

    ``pandas.TimedeltaIndex`` reads numbers as nanoseconds and texts as durations (``"5"``
    is 5 ns): an int column of minutes gave every start back unchanged, silently, and a
    text it could not read, or a datetime or bool column, raised pandas' own error.
    """
    import pandas as pd

    hint = "pass a timedelta64 column, e.g. pandas.to_timedelta(column, unit='min')"
    dtype = getattr(values, "dtype", None)
    if dtype is None or getattr(values, "ndim", 1) != 1:  # a DataFrame: no one column
        raise InputTypeError(
            f"durations: expected timedeltas or one column of them, got a {type(values).__name__}"
        )
    if getattr(dtype, "kind", "O") != "O":  # numbers, booleans, datetimes: never a duration
        raise InputTypeError(f"durations: expected timedeltas, got a column of {dtype}; {hint}")
    cells = values.tolist() if hasattr(values, "tolist") else list(values)
    for i, d in enumerate(cells):
        if d is None or d is pd.NaT or d is pd.NA or isinstance(d, timedelta | np.timedelta64):
            continue
        if isinstance(d, float) and d != d:  # NaN: pandas' missing value in such a column
            continue
        raise InputTypeError(
            f"durations[{i}]: expected a timedelta, got {type(d).__name__} {safe_repr(d)} "
            f"(a column of {dtype}); {hint}"
        )


def _numpy_durations(np: Any, values: Any) -> tuple[Any, Any]:
    """A numpy ``timedelta64`` array as int64 microseconds (floored) and its ``NaT`` mask.

    Each unit is read as itself: made nanoseconds first, a ``timedelta64[s]`` of more than
    292 years wrapped round to a wrong duration (500 years added gave an instant 85 years
    back). A count past the microseconds int64 holds is held to ``±_CAP``, so the scalar
    method names it; months and years have no fixed length and are refused.
    """
    null = np.isnat(values)
    unit, count = np.datetime_data(values.dtype)
    if unit in ("ns", "ps", "fs", "as", "generic"):  # finer than a microsecond: only cut
        us = values.astype("timedelta64[us]").view(np.int64)
    else:
        try:
            per = int(np.timedelta64(count, unit) // np.timedelta64(1, "us"))
        except TypeError:
            raise InputTypeError(
                f"durations: a timedelta64[{unit}] array has no fixed length (a month or a "
                "year is no number of microseconds); pass it in days, hours, minutes or seconds"
            ) from None
        raw = values.view(np.int64)
        us = np.clip(raw, -_CAP // per, _CAP // per) * per
    return np.where(null, 0, us), null


class _Arrays:
    """The chunks of years ``first..last`` of a timeline laid end to end as numpy arrays."""

    def __init__(self, np: Any, timeline: Timeline, first: int, last: int) -> None:
        starts: list[int] = []
        ends: list[int] = []
        cum: list[int] = []
        years: list[int] = []
        los: list[int] = []
        total = 0
        for y in range(first, last + 1):
            c = timeline.chunk(y)
            los.append(c.lo)
            starts += c.starts
            ends += c.ends
            cum += [total + v for v in c.cum[:-1]]
            years += [y] * len(c.starts)
            total += c.total
        self.lo, self.hi = timeline.chunk(first).lo, timeline.chunk(last).hi
        self.first = first
        self.s = np.array(starts, dtype=np.int64)
        self.e = np.array(ends, dtype=np.int64)
        self.c = np.array(cum, dtype=np.int64)
        self.years = np.array(years, dtype=np.int64)
        self.los = np.array(los, dtype=np.int64)
        self.total = total

    def open_before(self, np: Any, x: Any) -> Any:
        """Open time from the first chunk's start to each ``x`` (inside the arrays' range)."""
        if not len(self.s):
            return np.zeros_like(x)
        i = np.searchsorted(self.s, x, side="right") - 1
        k = np.maximum(i, 0)
        return np.where(i >= 0, self.c[k] + np.minimum(x, self.e[k]) - self.s[k], 0)

    def year_of(self, np: Any, x: Any) -> Any:
        return np.searchsorted(self.los, x, side="right") - 1 + self.first

    def locate(self, np: Any, g: Any) -> tuple[Any, Any]:
        """The latest instant with ``open_before == g`` (``0 <= g < total``), and its year."""
        k = np.maximum(np.searchsorted(self.c, g, side="right") - 1, 0)
        return self.s[k] + g - self.c[k], self.years[k]


def _years(timeline: Timeline, lo: int, hi: int, pad: int) -> tuple[int, int]:
    first = max(timeline.year_of(max(lo, MIN_US)) - pad, 2)
    last = min(timeline.year_of(min(hi, MAX_US - 1)) + pad, 9998)
    return first, last


class ColumnQueries:
    """Mixin: ``elapsed_many`` and ``add_many`` for every calendar of this package."""

    __slots__ = ()

    if TYPE_CHECKING:  # each calendar class defines these; declared for the type checker only

        def _column_timeline(self) -> Timeline | None: ...

        def elapsed(self, a: datetime, b: datetime) -> timedelta: ...

        def add(self, t: datetime, d: timedelta) -> datetime: ...

    def elapsed_many(self, starts: Any, ends: Any) -> Any:
        """Return ``elapsed(a, b)`` for every pair of ``starts`` and ``ends``, exactly.

        ``starts`` and ``ends`` are equally long sequences of aware datetimes, numpy object
        arrays of them, or pandas (numpy- or pyarrow-backed) / polars columns with a time zone,
        in any unit (pandas 3 holds parsed text and datetimes in ``us``). The answer has
        the kind of ``starts``: a list of timedeltas, a numpy ``timedelta64[us]`` array, a
        pandas ``timedelta64[ns]`` Series on the same index (``[us]`` when ``starts`` is held
        in ``us``, ``ms`` or ``s``), or a polars ``Duration("us")`` Series; a missing value
        (NaT, null) in either column gives a missing answer (``None`` in a list). Vectorised
        with numpy; without it
        a plain sequence is answered one pair at a time, and a column asks for the extra.

        Examples:
            >>> from datetime import UTC, datetime, timedelta
            >>> from servicemodel.calendar import BusinessCalendar
            >>> import pandas as pd
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> a = pd.Series(pd.to_datetime(["2026-01-02 16:00", "2026-01-05 08:00"], utc=True))
            >>> cal.elapsed_many(a, a + timedelta(days=3)).tolist()
            [Timedelta('0 days 08:00:00'), Timedelta('1 days 00:00:00')]
        """
        np = _numpy()
        if np is None:
            return _scalar_only(self.elapsed, starts, ends, "elapsed_many")
        col, x = _instants(np, starts, "starts")
        ends_col, y = _instants(np, ends, "ends")
        if len(x) != len(y):
            raise InputTypeError(f"starts and ends differ in length: {len(x)} and {len(y)}")
        _same_index(col.index, ends_col.index, "ends")
        null = _either(np, col.null, ends_col.null)
        out = np.zeros(len(x), dtype=np.int64)
        todo = np.ones(len(x), dtype=bool) if null is None else ~null
        ok = todo & (x >= MIN_US) & (x < MAX_US) & (y >= MIN_US) & (y < MAX_US)
        ok &= np.abs(y - x) < _FAR_US
        timeline = self._column_timeline()
        if ok.any():
            if timeline is None:
                out[ok] = y[ok] - x[ok]
            else:
                lo = min(int(x[ok].min()), int(y[ok].min()))
                first, last = _years(timeline, lo, max(int(x[ok].max()), int(y[ok].max())), 0)
                if last - first <= MAX_SPAN_YEARS:
                    arrays = _Arrays(np, timeline, first, last)
                    out[ok] = arrays.open_before(np, y[ok]) - arrays.open_before(np, x[ok])
                else:  # rows centuries apart: one table for all would be too big
                    ok[:] = False
        for i in np.flatnonzero(todo & ~ok):
            out[i] = self.elapsed(col.get(int(i)), ends_col.get(int(i))) // ONE_US
        return _durations_out(np, col, out, null)

    def add_many(self, starts: Any, durations: Any) -> Any:
        """Return ``add(t, d)`` for every pair of ``starts`` and ``durations``, exactly.

        ``durations`` is one timedelta for all, or a sequence / numpy ``timedelta64`` array (in
        any unit of fixed length) / pandas or polars duration column as long as ``starts``.
        Answers are in the zone of
        their start, in the kind of ``starts`` (a list, a numpy object array, a pandas Series
        on the same index, in nanoseconds or, for a column in ``us``, ``ms`` or ``s``,
        microseconds; a polars Series); missing values give missing answers (``None`` in a
        list or an object array). An answer past
        a nanosecond column's range (1677-09-21 to 2262-04-11) is an
        [`OutOfRangeError`][servicemodel.errors.OutOfRangeError], never a wrapped instant.

        Examples:
            >>> from datetime import UTC, datetime, timedelta
            >>> from servicemodel.calendar import BusinessCalendar
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> friday_4pm = datetime(2026, 1, 2, 16, tzinfo=UTC)
            >>> [t.isoformat() for t in cal.add_many([friday_4pm], timedelta(hours=2))]
            ['2026-01-05T10:00:00+00:00']
        """
        np = _numpy()
        if np is None:
            return _scalar_only(self.add, starts, durations, "add_many")
        col, x = _instants(np, starts, "starts")
        d, dnull = _durations(np, durations, len(x))
        if len(d) != len(x):
            raise InputTypeError(f"starts and durations differ in length: {len(x)} and {len(d)}")
        if type(durations).__module__.split(".")[0] == "pandas":
            _same_index(col.index, getattr(durations, "index", None), "durations")
        null = _either(np, col.null, dnull)
        todo = np.ones(len(x), dtype=bool) if null is None else ~null
        out = np.zeros(len(x), dtype=np.int64)
        ok = todo & (x >= MIN_US) & (x < MAX_US) & (np.abs(d) < _FAR_US)
        timeline = self._column_timeline()
        if timeline is None:
            ok &= (x + np.where(ok, d, 0) >= MIN_US) & (x + np.where(ok, d, 0) < MAX_US)
            out[ok] = x[ok] + d[ok]
        elif ok.any():
            ok = _add_rows(np, timeline, x, d, ok, out)
        for i in np.flatnonzero(todo & ~ok):
            step = _get_duration(durations, int(i), d)
            out[i] = (self.add(col.get(int(i)), step) - EPOCH) // ONE_US
        return _instants_out(np, col, out, null)


def _same_index(starts: Any, other: Any, name: str) -> None:
    """Refuse two pandas Series whose rows are not the same rows, in the same order.

    Rows are paired by position. pandas pairs two Series by their index labels, so ``ends -
    starts`` on Series in different orders pairs each start with its own end, and pairing
    them by position instead gave every row another row's answer without a word.
    """
    if starts is None or other is None or starts.equals(other):
        return
    raise InputTypeError(
        f"starts and {name} are pandas Series with different indexes, so their rows would be "
        f"paired by position, not by label: align them first ({name}.reindex(starts.index)) "
        f"or take them from one frame ({_first_difference(starts, other, name)})"
    )


def _first_difference(a: Any, b: Any, name: str) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if not (x == y or (x != x and y != y)):  # NaN labels: the same when both are NaN
            return f"starts.index[{i}] is {safe_repr(x)}, {name}.index[{i}] is {safe_repr(y)}"
    return f"{len(a)} labels against {len(b)}"  # pragma: no cover - lengths are checked first


def _add_rows(np: Any, timeline: Timeline, x: Any, d: Any, ok: Any, out: Any) -> Any:
    """Answer the rows in ``ok`` from year arrays; return the rows answered."""
    first, last = _years(timeline, int(x[ok].min()), int(x[ok].max()), 1)
    if last - first > MAX_SPAN_YEARS:
        return np.zeros_like(ok)
    arrays = _Arrays(np, timeline, first, last)
    rows = np.flatnonzero(ok)
    g = arrays.open_before(np, x[rows]) + d[rows]
    inside = (g >= 0) & (g < arrays.total)
    rows, g = rows[inside], g[inside]
    y, year = arrays.locate(np, g)
    near = np.abs(year - arrays.year_of(np, x[rows])) <= _MAX_YEARS_AWAY
    rows, y = rows[near], y[near]
    out[rows] = y
    answered = np.zeros_like(ok)
    answered[rows] = True
    return answered


def _either(np: Any, a: Any, b: Any) -> Any:
    if a is None:
        return b
    return a if b is None else a | b


def _get_duration(values: Any, i: int, us: Any) -> Any:
    if isinstance(values, timedelta):
        return values
    if type(values).__module__ == "numpy":
        # As read (``us``): the scalar method takes no nanoseconds' timedelta64.
        return timedelta(0, 0, int(us[i]))
    if type(values).__module__.split(".")[0] == "pandas":
        return values.iloc[i] if hasattr(values, "iloc") else values[i]
    return values[i]


def _durations_out(np: Any, col: _Column, us: Any, null: Any) -> Any:
    if col.kind == "list":
        # A missing end or duration (a NaT in a column beside a list) is a missing answer,
        # None, never the 0 its row holds in ``us``.
        missing = [False] * col.n if null is None else null.tolist()
        return [
            None if m else timedelta(0, 0, v) for v, m in zip(us.tolist(), missing, strict=True)
        ]
    if col.kind == "numpy":
        out = us.astype("timedelta64[us]")
        if null is not None:
            out[null] = np.timedelta64("NaT", "us")  # numpy 2.5 deprecates a unitless NaT
        return out
    if col.kind.startswith("pandas"):
        import pandas as pd

        scale = 1000 if col.unit == "ns" else 1
        raw = np.where(null, _NULL, us * scale) if null is not None else us * scale
        return pd.Series(raw.view(f"timedelta64[{col.unit}]"), index=col.index)
    import polars as pl

    s = pl.Series(us, dtype=pl.Int64).cast(pl.Duration("us"))
    return s if null is None else s.scatter(np.flatnonzero(null), None)


def _instants_out(np: Any, col: _Column, us: Any, null: Any) -> Any:
    if col.kind in ("list", "numpy", "pandas-object"):
        # A missing duration (a NaT in a column beside a list) is a missing answer, None,
        # never the epoch its row holds in ``us``.
        missing = [False] * col.n if null is None else null.tolist()
        res = [
            None if m else (EPOCH + timedelta(0, 0, v)).astimezone(col.get(i).tzinfo)
            for i, (v, m) in enumerate(zip(us.tolist(), missing, strict=True))
        ]
        if col.kind == "list":
            return res
        if col.kind == "numpy":
            return np.array(res, dtype=object)
        import pandas as pd

        return pd.Series(res, index=col.index, dtype=object)
    if col.kind.startswith("pandas"):
        import pandas as pd

        if col.unit == "ns":
            _check_nanoseconds(np, us, null)
        scale = 1000 if col.unit == "ns" else 1
        raw = np.where(null, _NULL, us * scale) if null is not None else us * scale
        idx = pd.DatetimeIndex(raw.view(f"datetime64[{col.unit}]"))
        idx = idx.tz_localize("UTC").tz_convert(col.tz)
        return idx if col.kind == "pandas-index" else pd.Series(idx, index=col.index)
    import polars as pl

    s = pl.Series(us, dtype=pl.Int64).cast(pl.Datetime("us", "UTC")).dt.convert_time_zone(col.tz)
    return s if null is None else s.scatter(np.flatnonzero(null), None)


#: The microseconds a pandas ``datetime64[ns]`` column holds (1677-09-21 to 2262-04-11).
_NS_US = 2**63 // 1000 - 1


def _check_nanoseconds(np: Any, us: Any, null: Any) -> None:
    """Refuse answers past pandas' nanosecond range: the column would wrap them to 1677."""
    outside = np.abs(us) > _NS_US
    if null is not None:
        outside &= ~null
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        at = (EPOCH + timedelta(0, 0, int(us[i]))).isoformat()
        raise OutOfRangeError(
            f"starts[{i}]: the answer {at} is outside the instants a datetime64[ns] column "
            "holds (1677-09-21 to 2262-04-11); pass the column in microseconds "
            "(.astype('datetime64[us, <zone>]')) or as a list"
        )


def _scalar_only(fn: Callable[[Any, Any], Any], xs: Any, ys: Any, name: str) -> list[Any]:
    """Without numpy: plain sequences one pair at a time; columns need the extra."""
    if type(xs).__module__.split(".")[0] in ("pandas", "polars", "numpy"):
        raise MissingExtraError("numpy", f"{name} on a {type(xs).__name__} column", "numpy")
    seq = list(xs)
    if isinstance(ys, timedelta):
        return [fn(t, ys) for t in seq]
    other: Sequence[Any] = list(ys)
    if len(other) != len(seq):
        raise InputTypeError(f"the two columns differ in length: {len(seq)} and {len(other)}")
    return [fn(a, b) for a, b in zip(seq, other, strict=True)]
