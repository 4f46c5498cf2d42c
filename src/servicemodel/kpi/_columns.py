"""Counting values from Python iterables and from pandas / polars / numpy columns.

Shared by the survey accumulators: one pass, counts per distinct value, with optional
dependencies imported only when a column of theirs is actually passed in.

Examples:
    >>> counts, _ = distinct_counts([1, 2, 2])
    >>> sorted(counts)
    [(1, 1), (2, 2)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import islice
from typing import Any

from servicemodel.errors import ScaleError

__all__ = ["column_kind", "distinct_counts"]

_CHUNK = 1 << 16


def column_kind(values: Any) -> str | None:
    """Return ``"pandas"``, ``"polars"`` or ``"numpy"`` for a column of that library, else None.

    Examples:
        >>> column_kind([1, 2]) is None
        True
    """
    module = type(values).__module__.split(".", 1)[0]
    if module == "pandas" and hasattr(values, "value_counts"):
        return "pandas"
    if module == "polars" and hasattr(values, "value_counts"):
        return "polars"
    if module == "numpy" and hasattr(values, "dtype"):
        return "numpy"
    return None


def _reject_bools(chunk: list[Any] | tuple[Any, ...]) -> None:
    # True == 1 and False == 0 share a Counter key, so bools must be found by type.
    if bool in set(map(type, chunk)):
        first = next(x for x in chunk if type(x) is bool)
        raise ScaleError(f"a bool is not a score: got {first!r}")


def distinct_counts(values: Iterable[Any]) -> tuple[list[tuple[Any, int]], bool]:
    """Return ``([(value, count), ...], is_column)`` counting each distinct value once.

    Missing markers (``None``, NaN, pandas ``NA``) are returned as keys like any other value;
    the caller decides what they mean. Bools, and boolean columns, raise ``ScaleError``.

    Examples:
        >>> distinct_counts([True])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ScaleError: a bool is not a score: got True
    """
    kind = column_kind(values)
    if kind == "pandas":
        series: Any = values
        if series.dtype == bool or str(series.dtype) == "boolean":
            raise ScaleError(f"a boolean column is not a column of scores (dtype {series.dtype})")
        vc = series.value_counts(dropna=False, sort=False)
        return [(k, int(c)) for k, c in zip(vc.index.tolist(), vc.tolist(), strict=True)], True
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
    if isinstance(values, list | tuple):
        _reject_bools(values)
        total.update(values)
    else:
        iterator = iter(values)
        while chunk := list(islice(iterator, _CHUNK)):
            _reject_bools(chunk)
            total.update(chunk)
    return list(total.items()), kind is not None
