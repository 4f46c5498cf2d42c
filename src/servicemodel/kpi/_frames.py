"""Estimates as table rows: flat records and pandas frames."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from servicemodel.errors import InputTypeError, MissingExtraError
from servicemodel.kpi._estimate import Estimate

__all__ = ["estimates_to_frame", "estimates_to_records"]


def _items(
    estimates: Mapping[Any, Estimate] | Iterable[Estimate],
) -> Iterable[tuple[Any, Estimate]]:
    if isinstance(estimates, Mapping):
        return estimates.items()
    return ((None, e) for e in estimates)


def estimates_to_records(
    estimates: Mapping[Any, Estimate] | Iterable[Estimate],
    *,
    key: str | Sequence[str] = "segment",
) -> list[dict[str, Any]]:
    """Return one flat ``dict`` per estimate; mapping keys become a ``key`` column.

    A tuple key (e.g. ``(channel, week)``) is spread over several columns when ``key`` is a
    sequence of names of the same length. A plain iterable of estimates gets no key column.

    Examples:
        >>> from servicemodel.kpi import proportion
        >>> recs = estimates_to_records({"email": proportion(8, 10), "chat": proportion(9, 10)},
        ...                             key="channel")
        >>> [(r["channel"], r["value"]) for r in recs]
        [('email', 0.8), ('chat', 0.9)]
    """
    records: list[dict[str, Any]] = []
    is_mapping = isinstance(estimates, Mapping)
    for k, est in _items(estimates):
        if not hasattr(est, "to_record"):
            raise InputTypeError(f"expected Estimate values, got {type(est).__name__} {est!r}")
        row: dict[str, Any] = {}
        if is_mapping:
            if isinstance(key, str):
                row[key] = k
            else:
                parts = tuple(k) if isinstance(k, tuple) else (k,)
                if len(parts) != len(key):
                    raise InputTypeError(f"key {k!r} does not match columns {list(key)!r}")
                row.update(zip(key, parts, strict=True))
        row.update(est.to_record())
        records.append(row)
    return records


def estimates_to_frame(
    estimates: Mapping[Any, Estimate] | Iterable[Estimate],
    *,
    key: str | Sequence[str] = "segment",
) -> Any:
    """Return a pandas ``DataFrame`` with one row per estimate (see ``estimates_to_records``).

    Raises ``MissingExtraError`` when pandas is not installed.

    Examples:
        >>> from servicemodel.kpi import proportion
        >>> frame = estimates_to_frame({"email": proportion(8, 10)}, key="channel")
        >>> list(frame["channel"])
        ['email']
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas is in the dev venv
        raise MissingExtraError("pandas", "estimates_to_frame") from exc
    return pd.DataFrame.from_records(estimates_to_records(estimates, key=key))
