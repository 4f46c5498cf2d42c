"""Private: durations as written in SLA configuration ("4h", "2d 4h", "PT4H", 90).

Examples:
    >>> parse_duration("1h 30m")
    datetime.timedelta(seconds=5400)
    >>> format_duration(parse_duration("PT4H"))
    '4h'
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError

__all__ = ["MAX_DURATION", "format_duration", "parse_duration"]

#: The longest duration a configuration may give (100 years of 365.25 days): longer ones are
#: mistakes, and a deadline that far out would leave the datetime range when added to an instant.
MAX_DURATION = timedelta(days=36525)
_MAX_SECONDS = MAX_DURATION.total_seconds()

_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
# ASCII only: in a str pattern \d matches any Unicode digit ("٣", "１") and \s any space.
_SHORT = re.compile(r"(\d+(?:\.\d+)?)\s*([wdhms])", re.IGNORECASE | re.ASCII)
_ISO = re.compile(
    r"P(?:(?P<w>\d+(?:\.\d+)?)W)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?",
    re.IGNORECASE | re.ASCII,
)


def parse_duration(value: Any, *, path: str = "") -> timedelta:
    """Read a duration: ``"4h"``, ``"30m"``, ``"2d 4h"``, ISO 8601 ``"PT4H"``, or minutes.

    A bare number (int or float, or a string of digits) is a number of **minutes**. A day
    (``d``) is 24 hours and a week (``w``) 7 days of the clock's own time: on a business
    calendar ``"1d"`` is 24 *open* hours, not one working day, so write business targets in
    hours. A ``timedelta`` is accepted as is. Text is ASCII: another script's digits ("٣h",
    "１h") are refused, not read as 3 or 1. Errors are ``ConfigError`` with ``path``.

    Examples:
        >>> parse_duration(90) == parse_duration("1h30m") == parse_duration("PT1H30M")
        True
        >>> parse_duration("１h", path="within")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: within: cannot read duration '１h': it holds '１' (U+FF11), not ASCII; write digits 0-9 and units in ASCII, e.g. '4h', '30m', '2d 4h', 'PT4H' or minutes
    """  # noqa: E501
    if isinstance(value, timedelta):
        out = value
    elif isinstance(value, bool):
        raise ConfigError(f"expected a duration, got the boolean {value!r}", path=path)
    elif isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ConfigError(f"duration must be finite, got {safe_repr(value)}", path=path)
        out = _bounded(value * 60, value, path)
    elif isinstance(value, str):
        out = _parse_text(value, path)
    else:
        raise ConfigError(
            f"expected a duration such as '4h', '30m', 'PT4H' or minutes, got {safe_repr(value)}",
            path=path,
        )
    if out <= timedelta(0):
        raise ConfigError(f"duration must be positive, got {safe_repr(value)}", path=path)
    if out > MAX_DURATION:
        raise _too_long(value, path)
    return out


def _too_long(value: Any, path: str) -> ConfigError:
    return ConfigError(
        f"duration {safe_repr(value)} is longer than the maximum of "
        f"{MAX_DURATION.days} days (100 years)",
        path=path,
    )


def _bounded(seconds: float, value: Any, path: str) -> timedelta:
    """``timedelta(seconds=seconds)``, refusing (before building it) more than the maximum."""
    if seconds > _MAX_SECONDS:  # also a huge int: compared exactly, never converted
        raise _too_long(value, path)
    if seconds <= 0:
        raise ConfigError(f"duration must be positive, got {safe_repr(value)}", path=path)
    return timedelta(seconds=seconds)


def _require_ascii(value: str, path: str) -> None:
    # float() and \d would read other scripts' digits ("٣h" as 3 hours, "１h" as 1): a
    # duration is written in ASCII, as every example shows.
    if not value.isascii():
        char = next(c for c in value if not c.isascii())
        raise ConfigError(
            f"cannot read duration {safe_repr(value)}: it holds {safe_repr(char)} "
            f"(U+{ord(char):04X}), not ASCII; write digits 0-9 and units in ASCII, "
            "e.g. '4h', '30m', '2d 4h', 'PT4H' or minutes",
            path=path,
        )


def _refuse_signed(text: str, value: str, path: str, bad: ConfigError) -> None:
    """Refuse ``text`` written with a minus sign: negative if the rest reads as a duration.

    '-5m', '-PT1H': a duration read with a sign is negative, which no target can be; said so
    rather than that it cannot be read (as '-5', a bare number, already was). Text without a
    sign passes.
    """
    rest = text[1:].strip()
    if text[0] != "-" or rest[:1] in ("", "-"):
        return
    try:
        _parse_text(rest, path)
    except ConfigError as exc:
        if exc.message.startswith("cannot read"):  # a rest read as too long or zero: signed
            raise bad from None
    raise ConfigError(f"duration must be positive, got {safe_repr(value)}", path=path)


def _parse_text(value: str, path: str) -> timedelta:
    text = value.strip()
    bad = ConfigError(
        f"cannot read duration {safe_repr(value)}; "
        "write e.g. '4h', '30m', '2d 4h', 'PT4H' or minutes",
        path=path,
    )
    if not text:
        raise bad
    _require_ascii(value, path)
    _refuse_signed(text, value, path, bad)
    try:
        minutes = float(text)
    except ValueError:
        pass
    else:
        if minutes != minutes or abs(minutes) == float("inf"):
            raise bad
        return _bounded(minutes * 60, value, path)
    if text[0] in "pP":
        m = _ISO.fullmatch(text)
        if m is None or text.upper() in ("P", "PT") or text.upper().endswith("T"):
            raise bad
        seconds = sum(float(v) * _UNITS[k] for k, v in m.groupdict().items() if v is not None)
        return _bounded(seconds, value, path)
    pos, seconds = 0, 0.0
    compact = text.replace(",", " ")
    for m in _SHORT.finditer(compact):
        if compact[pos : m.start()].strip():
            raise bad
        seconds += float(m.group(1)) * _UNITS[m.group(2).lower()]
        pos = m.end()
    if pos == 0 or compact[pos:].strip():
        raise bad
    return _bounded(seconds, value, path)


def format_duration(d: timedelta) -> str:
    """Write a duration compactly, the inverse of ``parse_duration``.

    A fraction of a second is kept to the microsecond (``"1m 30.5s"``), so a configuration
    written by ``to_dict`` reads back to the same value.

    Examples:
        >>> format_duration(parse_duration("2d 4h"))
        '2d 4h'
        >>> format_duration(timedelta(minutes=1, seconds=30, microseconds=500000))
        '1m 30.5s'
    """
    if d.microseconds and d > timedelta(0):
        seconds = f"{d.seconds % 60}.{d.microseconds:06d}".rstrip("0") + "s"
        whole = timedelta(days=d.days, seconds=d.seconds - d.seconds % 60)
        return f"{_whole_seconds(whole)} {seconds}" if whole else seconds
    return _whole_seconds(d)


def _whole_seconds(d: timedelta) -> str:
    total = int(d.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        n, total = divmod(total, size)
        if n:
            parts.append(f"{n}{unit}")
    return sign + (" ".join(parts) if parts else "0s")
