"""Private: timestamps of event logs -- ISO 8601 or D/M/Y, never a guessed zone."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError, NaiveDatetimeError, require_instant

__all__ = ["parse_timestamp", "zone"]

_NUMERIC = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)


def zone(tz: str | tzinfo | None) -> tzinfo | None:
    if tz is None or isinstance(tz, tzinfo):
        return tz
    if not isinstance(tz, str):
        raise InputTypeError(f"tz: expected a zone name or a tzinfo, got {safe_repr(tz)}")
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown time zone {safe_repr(tz)}", path="tz") from None


def parse_timestamp(
    value: Any, *, tz: str | tzinfo | None = None, dayfirst: bool = False
) -> datetime:
    """An aware instant from an ISO 8601 or ``D/M/Y H:M[:S]`` text (or a datetime).

    A value without an offset takes ``tz`` (local time, the first of a repeated hour; a time in
    a DST gap moves forward by the gap); without ``tz`` it is a ``NaiveDatetimeError``.

    Examples:
        >>> parse_timestamp("03/04/2026 10:30", tz="UTC", dayfirst=True).isoformat()
        '2026-04-03T10:30:00+00:00'
        >>> parse_timestamp("2026-04-03 10:30")
        Traceback (most recent call last):
        ...
        servicemodel.errors.NaiveDatetimeError: timestamp '2026-04-03 10:30' has no offset; ...
    """
    zone_ = zone(tz)
    if hasattr(value, "to_pydatetime"):  # pandas.Timestamp: a datetime with extra precision
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        parsed = _parse_text(value.strip(), dayfirst=dayfirst)
    else:
        raise InputTypeError(f"expected a timestamp, got {type(value).__name__} {safe_repr(value)}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if zone_ is None:
            raise NaiveDatetimeError(
                f"timestamp {safe_repr(value)} has no offset; pass tz= (e.g. tz='Europe/Berlin') "
                "to say which zone the export's local times are in"
            )
        # fold=0: a repeated local time takes the first occurrence; in a gap, the offset
        # before the change applies, which moves the time forward by the gap (DOMAIN.md).
        parsed = parsed.replace(tzinfo=zone_, fold=0)
        if isinstance(zone_, ZoneInfo):
            # Year 1 or 9999 with an offset runs past the datetime years: require_instant
            # below names the value.
            with contextlib.suppress(OverflowError):
                parsed = parsed.astimezone(UTC).astimezone(zone_)
    # The one guard for instants near the ends of the calendar: later sorting and arithmetic
    # in UTC would overflow there.
    return require_instant(parsed, "timestamp")


def _parse_text(text: str, *, dayfirst: bool) -> datetime:
    m = _NUMERIC.fullmatch(text)
    if m is None:
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise ConfigError(f"not a timestamp: {safe_repr(text)}") from None
    a, b, year, hh, mm, ss, frac, offset = m.groups()
    day, month = (a, b) if dayfirst else (b, a)
    iso = f"{year}-{int(month):02d}-{int(day):02d}T{int(hh or 0):02d}:{mm or '00'}:{ss or '00'}"
    if frac:
        iso += "." + frac.ljust(6, "0")
    if offset:
        iso += "+00:00" if offset == "Z" else offset
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        order = "D/M/Y" if dayfirst else "M/D/Y"
        raise ConfigError(f"not a valid {order} timestamp: {safe_repr(text)}") from None
