"""Private: what the frame readers check of a frame before reading a row of it.

A notebook hands the readers whatever it holds: a pandas or a polars frame (or a polars
``LazyFrame``), column labels that are not text (``0``, a ``MultiIndex``'s tuples), the same
label twice (``pd.concat(axis=1)``, ``pd.read_csv(mangle_dupe_cols=...)``), and keyword
options with a typo. Each of these is one specific error here, before any row: never an
``AttributeError`` from a missing method, nor a duplicated column whose last copy is read
silently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError, MissingExtraError

__all__ = ["check_options", "label_of", "pandas_frame", "polars_frame", "unique_columns"]


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
