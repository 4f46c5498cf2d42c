"""Reading values from Python iterables and from pandas / polars / numpy columns.

Shared by the accumulators: counts per distinct value for the survey scores, floats for
durations; optional dependencies are imported only when a column of theirs is passed in.

Examples:
    >>> counts, _ = distinct_counts([1, 2, 2])
    >>> sorted(counts)
    [(1, 1), (2, 2)]
"""

from __future__ import annotations

import marshal
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool, real_number
from servicemodel.errors import InputTypeError, ScaleError

__all__ = [
    "column_floats",
    "column_kind",
    "distinct_counts",
    "iterable",
    "refuse_frame",
    "skip_option",
]

_CHUNK = 1 << 16


def skip_option(skip_missing: Any) -> bool | None:
    """``skip_missing`` as ``None`` or a bool (numpy's too); anything else is refused.

    Checked once a call, before any value is read: the truth value of an array raised
    ``ValueError`` at the first missing value.

    Examples:
        >>> skip_option(None), skip_option(True)
        (None, True)
        >>> skip_option("yes")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: skip_missing: expected True, False or None, got ...
    """
    if skip_missing is None:
        return None
    if not is_bool(skip_missing):
        raise InputTypeError(
            f"skip_missing: expected True, False or None, got {type(skip_missing).__name__} "
            f"{safe_repr(skip_missing)}"
        )
    return bool(skip_missing)


def column_kind(values: Any) -> str | None:
    """Return ``"pandas"``, ``"polars"`` or ``"numpy"`` for a column of that library, else None.

    Examples:
        >>> column_kind([1, 2]) is None
        True
    """
    refuse_frame(values, "a column of values", 'one of its columns (df["column"])')
    module = type(values).__module__.split(".", 1)[0]
    if module == "pandas" and hasattr(values, "value_counts"):
        return "pandas"
    if module == "polars" and hasattr(values, "value_counts"):
        return "polars"
    if module == "numpy" and hasattr(values, "dtype"):
        return "numpy"
    return None


def refuse_frame(values: Any, expected: str, instead: str) -> None:
    """Refuse a whole pandas or polars frame where a column (or rows) is read.

    pandas' frame would fail in its own words and polars' be read column by column (each
    column a value): the same ``InputTypeError`` for both, saying what to pass ``instead``.

    Examples:
        >>> import polars as pl
        >>> refuse_frame(pl.DataFrame({"s": [9]}), "a column of values", 'df["s"]')
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: expected a column of values, got a polars DataFrame; pass df["s"]
    """  # noqa: E501
    module = type(values).__module__.split(".", 1)[0]
    if module in ("pandas", "polars") and type(values).__name__ in ("DataFrame", "LazyFrame"):
        raise InputTypeError(
            f"expected {expected}, got a {module} {type(values).__name__}; pass {instead}"
        )


def _reject_bools(chunk: list[Any] | tuple[Any, ...]) -> None:
    # True == 1 and False == 0 share a Counter key, so bools must be found by type.
    types = set(map(type, chunk))
    if bool in types or any(t.__module__ == "numpy" and "bool" in t.__name__ for t in types):
        first = next(x for x in chunk if is_bool(x))
        raise ScaleError(f"a bool is not a score: got {safe_repr(first)}")


def _has_bool(chunk: list[Any] | tuple[Any, ...]) -> bool:
    """Return whether ``chunk`` holds a bool, without a Python-level loop over the items."""
    try:
        # marshal writes True/False as the single bytes b"T"/b"F" (never as ints), so a dump
        # without those bytes has no bool. Int payloads may contain them by chance: then (and
        # for items marshal cannot write) fall back to looking at every item's type.
        dumped = marshal.dumps(chunk, 2)
    except ValueError:
        dumped = b"TF"
    if b"T" not in dumped and b"F" not in dumped:
        return False
    return bool in set(map(type, chunk))


def _byte_counts(packed: bytes, keys: tuple[int, ...]) -> dict[int, int]:
    """Count each of ``keys`` in ``packed``, which holds no other byte (``bytes.count``, in C)."""
    counts = {k: packed.count(bytes((k,))) for k in keys[:-1]}
    counts[keys[-1]] = len(packed) - sum(counts.values())
    return counts


def _small_int_counts(
    chunk: list[Any] | tuple[Any, ...], low: int, high: int
) -> list[tuple[int, int]] | None:
    """Count a chunk of whole-number scores on ``low..high`` (within 0..255) at C speed.

    Returns ``[(score, count), ...]`` for the scores present, or ``None`` when the chunk holds
    anything but ints on the scale (a float, a string, ``None``, an off-scale int...), so the
    caller's general path counts it and raises the precise error. Bools also give ``None``.
    """
    if not 0 <= low <= high <= 255:
        return None
    try:
        # bytes() takes only ints 0..255 (via __index__) and raises on anything else.
        packed = bytes(chunk)
    except (TypeError, ValueError):
        return None
    if packed.translate(None, bytes(range(low, high + 1))):
        return None
    counts = _byte_counts(packed, tuple(range(low, high + 1)))
    # bytes() turned any True/False into 1/0: only then is there a bool to look for.
    if (counts.get(0) or counts.get(1)) and _has_bool(chunk):
        return None
    return [(k, c) for k, c in counts.items() if c]


def _add_counts(
    total: Counter[Any], chunk: list[Any] | tuple[Any, ...], scale: tuple[int, int] | None
) -> None:
    fast = None if scale is None else _small_int_counts(chunk, *scale)
    if fast is not None:
        for key, count in fast:
            total[key] += count
        return
    _reject_bools(chunk)
    try:
        total.update(chunk)
    except TypeError:
        # An unhashable item (a list) or Decimal('sNaN') (which refuses hashing): name it.
        for item in chunk:
            try:
                hash(item)
            except TypeError:
                real_number(item, "score")
                raise InputTypeError(
                    f"score: expected a number, got {type(item).__name__} {safe_repr(item)}"
                ) from None
        raise


def iterable(values: Any, what: str) -> Iterable[Any]:
    """``values`` if it can be iterated (a str cannot: it is one value), else raise."""
    column_kind(values)  # (a whole data frame is refused there)
    if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
        raise InputTypeError(
            f"{what}: expected an iterable of values, got {type(values).__name__} "
            f"{safe_repr(values)}"
        )
    return values  # type: ignore[no-any-return]


def distinct_counts(
    values: Iterable[Any], scale: tuple[int, int] | None = None
) -> tuple[list[tuple[Any, int]], bool]:
    """Return ``([(value, count), ...], is_column)`` counting each distinct value once.

    Missing markers (``None``, NaN, pandas ``NA``) are returned as keys like any other value;
    the caller decides what they mean. Bools, and boolean columns, raise ``ScaleError``.
    ``scale=(low, high)`` announces the expected whole-number scores: lists of ints on that
    scale are then counted without touching each item from Python (the result is the same).

    Examples:
        >>> distinct_counts([True])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ScaleError: a bool is not a score: got True
    """
    kind = column_kind(values)
    if kind == "pandas":
        series: Any = _pandas_series(values)
        if _pandas_bools(series):
            raise ScaleError(f"a boolean column is not a column of scores (dtype {series.dtype})")
        vc = series.value_counts(dropna=False, sort=False)
        # A category no row holds is counted 0: it is no score (nor off the scale).
        pairs = zip(vc.index.tolist(), vc.tolist(), strict=True)
        return [(k, int(c)) for k, c in pairs if c], True
    if kind == "polars":
        import polars as pl

        col: Any = values
        if col.dtype == pl.Boolean:
            raise ScaleError(f"a boolean column is not a column of scores (dtype {col.dtype})")
        rows = col.value_counts().rows()
        return [(k, int(c)) for k, c in rows], True
    if kind == "numpy":
        import numpy as np

        arr: Any = values
        if arr.dtype == bool:
            raise ScaleError(f"a boolean array is not an array of scores (dtype {arr.dtype})")
        if arr.dtype.kind in "iuf":
            keys, cnts = np.unique(arr.ravel(), return_counts=True)
            return [(k, int(c)) for k, c in zip(keys.tolist(), cnts.tolist(), strict=True)], True
        values = arr.ravel().tolist()
    total: Counter[Any] = Counter()
    values = iterable(values, "scores")
    if isinstance(values, list | tuple):
        _add_counts(total, values, scale)
    else:
        iterator = iter(values)
        while chunk := list(islice(iterator, _CHUNK)):
            _add_counts(total, chunk, scale)
    return list(total.items()), kind is not None


def column_floats(
    values: Any, metric: str, seconds_per_unit: Callable[[], float]
) -> tuple[list[Any], int] | None:
    """Return a column's non-missing values and its missing count; None if no column.

    Number columns give floats. Timedelta columns are converted with ``seconds_per_unit()``
    (called only for them, so a non-time unit fails only when it matters); boolean columns
    are refused, naming ``metric``. NaN in a float column counts as missing. Any other column
    (``object``, text) gives its cells as they are, for the caller to read one by one as it
    reads a list: a ``timedelta`` is a duration, a text is no number.

    Examples:
        >>> column_floats([1, 2], "x", lambda: 1.0) is None
        True
    """
    kind = column_kind(values)
    if kind == "pandas":
        return _pandas_floats(values, metric, seconds_per_unit)
    if kind == "polars":
        return _polars_floats(values, metric, seconds_per_unit)
    if kind == "numpy":
        return _numpy_floats(values, metric, seconds_per_unit)
    return None


def _pandas_series(values: Any) -> Any:
    """A pandas column as a ``Series``: an ``Index``, a ``Categorical`` or another array has
    neither ``value_counts(sort=...)`` nor ``.dt``."""
    import pandas as pd

    return values if isinstance(values, pd.Series) else pd.Series(values, copy=False)


def _pandas_bools(series: Any) -> bool:
    """Whether a pandas column holds booleans: ``bool``, nullable ``boolean`` or pyarrow's."""
    import pandas as pd

    return bool(pd.api.types.is_bool_dtype(series.dtype))


def _no_instants(dtype: Any, metric: str) -> None:
    """Refuse a column of instants or dates as durations (its numbers count from 1970)."""
    raise InputTypeError(
        f"{metric}: a column of instants or dates (dtype {dtype}) is not a column of "
        "durations; subtract the column of start instants from it first"
    )


def _pandas_floats(
    values: Any, metric: str, seconds_per_unit: Callable[[], float]
) -> tuple[list[Any], int]:
    series = _pandas_series(values)
    if _pandas_bools(series):
        raise ScaleError(f"{metric}: a boolean column is not a column of durations")
    kind = getattr(series.dtype, "kind", "O")
    if kind == "M" or str(series.dtype).startswith(("date32", "date64", "time32", "time64")):
        _no_instants(series.dtype, metric)
    mask = series.isna()
    kept = series[~mask]
    if kind == "m":  # numpy's timedelta64 and pyarrow's duration, in any unit
        # Cut to microseconds, as a timedelta and the numpy path are: one column, one figure.
        micros = kept.to_numpy(dtype="timedelta64[us]").astype(float)
        return (micros / (1e6 * seconds_per_unit())).tolist(), int(mask.sum())
    if not _pandas_numbers(series):
        # Cells as a list holds them: timedeltas read as durations, text refused by name
        # (astype(float) parsed '1.5' and raised its own error on a timedelta).
        return kept.tolist(), int(mask.sum())
    return kept.astype(float).tolist(), int(mask.sum())


def _pandas_numbers(series: Any) -> bool:
    """Whether a pandas column holds numbers (numpy, nullable or pyarrow; a category of them)."""
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        dtype = dtype.categories.dtype
    return bool(pd.api.types.is_numeric_dtype(dtype))


def _polars_floats(
    col: Any, metric: str, seconds_per_unit: Callable[[], float]
) -> tuple[list[Any], int]:
    import polars as pl

    if col.dtype == pl.Boolean:
        raise ScaleError(f"{metric}: a boolean column is not a column of durations")
    if col.dtype.is_temporal() and not isinstance(col.dtype, pl.Duration):
        _no_instants(col.dtype, metric)  # Datetime, Date, Time: cast to a float they count
    kept = col.drop_nulls()
    if kept.dtype == pl.Duration or str(kept.dtype).startswith("Duration"):
        # Divided as numpy divides the other columns, each count made a float and divided by
        # one float (polars' own division may round the last bit otherwise): one column, one
        # figure, whatever library holds it. Plain Python, not numpy: polars does not bring
        # numpy, and its to_numpy() without it panics.
        scale = 1e6 * seconds_per_unit()
        micros = kept.dt.total_microseconds().to_list()
        return [float(m) / scale for m in micros], len(col) - len(kept)
    if not kept.dtype.is_numeric():
        return kept.to_list(), len(col) - len(kept)  # read one by one, as a list is
    kept = kept.cast(pl.Float64)
    floats = kept.filter(kept.is_not_nan()).to_list()
    return floats, len(col) - len(floats)


def _numpy_floats(
    values: Any, metric: str, seconds_per_unit: Callable[[], float]
) -> tuple[list[float], int] | None:
    import numpy as np

    arr: Any = np.asarray(values).ravel()
    if arr.dtype == bool:
        raise ScaleError(f"{metric}: a boolean array is not an array of durations")
    if arr.dtype.kind == "m":
        nat = np.isnat(arr)
        seconds = arr[~nat].astype("timedelta64[us]").astype(float) / (1e6 * seconds_per_unit())
        return seconds.tolist(), int(nat.sum())
    if arr.dtype.kind in "iuf":
        nan = np.isnan(arr) if arr.dtype.kind == "f" else np.zeros(arr.shape, bool)
        return arr[~nan].astype(float).tolist(), int(nan.sum())
    return None
