"""Estimates as table rows: flat records, pandas frames and polars frames.

Both frame builders take the same records and the same period columns, so a pandas frame and a
polars frame of one result hold the same values: period columns become time-zone-aware
datetimes (the instant each period starts, in its zone), a column of one string enum (a
priority, a status) becomes an ordered categorical of its values in the enum's order (polars
makes such a column an ``Enum`` by itself), an estimate's ``value``, ``lower``, ``upper`` or
``se`` column is a float column even when every row lacks it (``NaN`` in pandas, null in
polars: not an ``object`` or ``Null`` column that concatenating frames would spread), a
survival curve's ``reason`` column is text in polars even when every figure exists,
everything else is what the record holds.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from servicemodel._config import safe_repr
from servicemodel._validators import require_iterable
from servicemodel.errors import InputTypeError, MissingExtraError, OutOfRangeError
from servicemodel.kpi._estimate import Estimate
from servicemodel.kpi._periods import Periods

#: An estimate's number columns: floats (or missing), also when every row of a frame lacks one.
_FLOATS = frozenset({"value", "lower", "upper", "se"})
#: Text columns that every row may lack: a survival curve's ``reason`` for a missing figure.
_TEXTS = frozenset({"reason"})

__all__ = [
    "estimates_to_frame",
    "estimates_to_polars",
    "estimates_to_records",
    "records_to_frame",
    "records_to_polars",
]


def _items(
    estimates: Mapping[Any, Estimate] | Iterable[Estimate],
) -> Iterable[tuple[Any, Estimate]]:
    if isinstance(estimates, Mapping):
        return estimates.items()
    return ((None, e) for e in require_iterable(estimates, "estimates"))


def _check_key(key: Any) -> None:
    """Refuse a ``key`` that is neither a column name nor a sequence of names."""
    names = [key] if isinstance(key, str) else key
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        raise InputTypeError(
            f"key: expected a column name or a sequence of names, got {type(key).__name__} "
            f"{safe_repr(key)}"
        )


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
    _check_key(key)
    if isinstance(estimates, Estimate):
        raise InputTypeError(
            f"estimates: expected a mapping of names to estimates or an iterable of estimates, "
            f"got one Estimate {safe_repr(estimates)}; give it as [estimate] or {{name: estimate}}"
        )
    records: list[dict[str, Any]] = []
    is_mapping = isinstance(estimates, Mapping)
    for k, est in _items(estimates):
        if not hasattr(est, "to_record"):
            raise InputTypeError(
                f"expected Estimate values, got {type(est).__name__} {safe_repr(est)}"
            )
        row: dict[str, Any] = {}
        if is_mapping:
            if isinstance(key, str):
                row[key] = k
            else:
                parts = tuple(k) if isinstance(k, tuple) else (k,)
                if len(parts) != len(key):
                    raise InputTypeError(
                        f"key {safe_repr(k)} does not match columns {safe_repr(list(key))}"
                    )
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
    return records_to_frame(estimates_to_records(estimates, key=key), feature="estimates_to_frame")


def estimates_to_polars(
    estimates: Mapping[Any, Estimate] | Iterable[Estimate],
    *,
    key: str | Sequence[str] = "segment",
) -> Any:
    """Return a polars ``DataFrame`` with one row per estimate (see ``estimates_to_records``).

    Raises ``MissingExtraError`` when polars is not installed.

    Examples:
        >>> from servicemodel.kpi import proportion
        >>> frame = estimates_to_polars({"email": proportion(8, 10)}, key="channel")
        >>> frame["channel"].to_list(), frame["n"].to_list()
        (['email'], [10])
    """
    records = estimates_to_records(estimates, key=key)
    return records_to_polars(records, feature="estimates_to_polars")


# --- records to frames ------------------------------------------------------------------------


def _pandas(feature: str) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise MissingExtraError("pandas", feature) from exc
    return pd


def _polars(feature: str) -> Any:
    try:
        import polars as pl
    except ImportError as exc:
        raise MissingExtraError("polars", feature) from exc
    return pl


def _columns(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every key of the records, in the order they first appear (as pandas orders them)."""
    return list(dict.fromkeys(k for record in records for k in record))


def _instants(key: Periods, values: Sequence[Any]) -> list[datetime | None] | None:
    """The UTC instants at which the periods start (None: a column that is not all dates)."""
    if not all(v is None or isinstance(v, date) for v in values):
        return None
    # Converted in UTC: a frame's time-zone conversion is exact there, also across DST.
    return [None if v is None else key.period_start(v).astimezone(UTC) for v in values]


def records_to_frame(
    records: Sequence[Mapping[str, Any]],
    *,
    periods: Mapping[str, Periods] | None = None,
    feature: str = "to_frame",
) -> Any:
    """Return a pandas ``DataFrame`` of ``records``; ``periods`` columns become aware datetimes.

    A period column holds ``datetime64[ns, tz]`` (the zone of its ``Periods``): each period's
    start instant; a period outside pandas' nanosecond range (1677-09-21 to 2262-04-11) is an
    ``OutOfRangeError``. Raises ``MissingExtraError`` naming ``feature`` when pandas is missing.

    Examples:
        >>> from datetime import date
        >>> from servicemodel.kpi import periods
        >>> frame = records_to_frame([{"period": date(2026, 3, 2), "n": 4}],
        ...                          periods={"period": periods("week", tz="Europe/Berlin")})
        >>> str(frame["period"].dtype), str(frame["period"][0])
        ('datetime64[ns, Europe/Berlin]', '2026-03-02 00:00:00+01:00')
    """
    pd = _pandas(feature)
    frame = pd.DataFrame.from_records(list(records), columns=_columns(records))
    for name, key in (periods or {}).items():
        instants = _instants(key, list(frame[name])) if name in frame else None
        if instants is not None:
            # A ZoneInfo, not the name: pandas takes a name as pytz's zone (pytz installed),
            # whose offsets stop in 2037 and miss Morocco's (2026-10-01 in Casablanca was
            # shown as 2026-09-30 23:00+00:00): the local start would be the wrong day.
            frame[name] = _stamps(pd, name, instants).tz_convert(ZoneInfo(key.tz))
    for name in frame.columns:
        # From the records, not the frame: a key a record lacks (an empty period's row in a
        # nested result) is NaN in the frame, which is no enum member.
        raw = [record.get(name) for record in records]
        kind = _string_enum(raw)
        if name in _FLOATS and all(v is None for v in frame[name]):
            frame[name] = frame[name].astype("float64")
        elif kind is not None:
            # The enum's order, as in polars' Enum: priorities sort from low to urgent.
            values = [None if v is None else str(v) for v in raw]
            categories = pd.CategoricalDtype([m.value for m in kind], ordered=True)
            frame[name] = pd.Series(values, index=frame.index, dtype=categories)
    return frame


def _string_enum(values: Sequence[Any]) -> type[enum.Enum] | None:
    """The string enum a column holds (members, their values as text, None), else None.

    ``by("priority", fill=["urgent"])`` mixes ``Priority`` members and text; either way the
    column is a categorical of the enum's values, in pandas and polars alike.
    """
    kinds = {type(v) for v in values if isinstance(v, enum.Enum)}
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    names = [m.value for m in kind]
    if not all(isinstance(name, str) for name in names):
        return None
    if not all(v is None or isinstance(v, kind) or v in names for v in values):
        return None
    return kind


def _stamps(pd: Any, name: str, instants: list[datetime | None]) -> Any:
    """The instants as a pandas ``DatetimeIndex`` in UTC, in nanoseconds (pandas' unit).

    A period outside pandas' nanosecond range (1677-09-21 to 2262-04-11) is an
    ``OutOfRangeError``: in another unit pandas gives wrong offsets after 2262 and crashes
    showing a zoned time before 1677 (pandas 2.3), so no such frame is made.
    """
    try:
        return pd.to_datetime(instants, utc=True).as_unit("ns")
    except pd.errors.OutOfBoundsDatetime:
        first = min(i for i in instants if i is not None)
        last = max(i for i in instants if i is not None)
        raise OutOfRangeError(
            f"column {name!r}: periods from {first.isoformat()} to {last.isoformat()} run "
            "outside the instants a pandas frame holds (1677-09-21 to 2262-04-11); "
            "to_polars() and to_records() hold them"
        ) from None


def _polars_series(pl: Any, name: str, values: list[Any]) -> Any:
    _check_polars_name(name)
    try:
        return pl.Series(name, values)
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
        pass
    if all(v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in values):
        return pl.Series(name, values, dtype=pl.Float64)  # ints and floats mixed: as pandas does
    # Mixed or unusual segment keys (tuples of several types, frozensets): kept as objects.
    return pl.Series(name, values, dtype=pl.Object)


def _check_polars_name(name: Any) -> None:
    """Refuse a column name polars cannot hold: it stores names as UTF-8 (no lone surrogate)."""
    if isinstance(name, str) and name.isascii():
        return
    try:
        ok = isinstance(name, str) and name.encode("utf-8") is not None
    except UnicodeEncodeError:
        ok = False
    if not ok:
        raise InputTypeError(
            f"column name {safe_repr(name)}: polars needs a name that is text UTF-8 can encode "
            "(no lone surrogate)"
        )


def records_to_polars(
    records: Sequence[Mapping[str, Any]],
    *,
    periods: Mapping[str, Periods] | None = None,
    texts: Iterable[str] = (),
    feature: str = "to_polars",
) -> Any:
    """Return a polars ``DataFrame`` of ``records``; ``periods`` columns become aware datetimes.

    The same columns, in the same order, as ``records_to_frame``; period columns are
    ``Datetime("us", tz)``; a column named in ``texts`` (a key whose segments are text) is
    ``String`` also when every record lacks it, never polars' ``Null`` type. Raises
    ``MissingExtraError`` naming ``feature`` when polars is missing
    (``pip install 'servicemodel[polars]'``).

    Examples:
        >>> from datetime import date
        >>> from servicemodel.kpi import periods
        >>> frame = records_to_polars([{"period": date(2026, 3, 2), "n": 4}],
        ...                           periods={"period": periods("week", tz="Europe/Berlin")})
        >>> frame.schema["period"]
        Datetime(time_unit='us', time_zone='Europe/Berlin')
    """
    pl = _polars(feature)
    wanted = periods or {}
    text_columns = _TEXTS | set(texts)
    series = []
    for name in _columns(records):
        values = [record.get(name) for record in records]
        key = wanted.get(name)
        instants = None if key is None else _instants(key, values)
        kind = _string_enum(values)
        if key is not None and instants is not None:
            utc = pl.Series(name, instants, dtype=pl.Datetime("us", "UTC"))
            series.append(utc.dt.convert_time_zone(key.tz))
        elif name in _FLOATS and all(v is None for v in values):
            series.append(pl.Series(name, values, dtype=pl.Float64))
        elif name in text_columns and all(v is None for v in values):
            # Text, not polars' Null type, which no frame with a reason concatenates with.
            series.append(pl.Series(name, values, dtype=pl.String))
        elif kind is not None:
            _check_polars_name(name)
            text = [None if v is None else str(v) for v in values]
            series.append(pl.Series(name, text, dtype=pl.Enum([m.value for m in kind])))
        else:
            series.append(_polars_series(pl, name, values))
    return pl.DataFrame(series)
