"""Private: the usual timestamp of a one-row-per-ticket export, read without the general parser.

Spreadsheet exports write local times as ``D/M/Y H:M`` (or ``M/D/Y``, seconds or not) and
``tz=`` names their zone. That one shape -- two-digit day, month and hour, ASCII digits, a
``ZoneInfo`` zone -- is read here to exactly what the event log's ``parse_timestamp``
returns (the same local
time, the first of a repeated hour, a time in a DST gap moved forward) and its instant in UTC,
which the reader compares next. Anything else -- an offset, a fraction, one-digit fields, a
date that does not exist, the ends of the calendar -- is left to ``parse_timestamp``, which
reads it or says what is wrong: this is a shortcut, never a second opinion.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from servicemodel.errors import MAX_INSTANT, MIN_INSTANT

__all__ = ["local_instant"]

_DATE_SEPARATORS = frozenset("/.-")


def _shape(text: str) -> bool:
    """``NN?NN?NNNN?NN:NN`` with ``:NN`` or not: the separators of parse_timestamp's pattern."""
    size = len(text)
    return (
        (size == 16 or (size == 19 and text[16] == ":"))
        and text[2] in _DATE_SEPARATORS
        and text[5] in _DATE_SEPARATORS
        and text[10] in " T"
        and text[13] == ":"
    )


def local_instant(text: str, zone: ZoneInfo, dayfirst: bool) -> tuple[datetime, datetime] | None:
    """(the instant in ``zone``, the same in UTC), or None: then ``parse_timestamp`` reads it.

    ``text`` is stripped, as ``parse_timestamp`` strips it.

    Examples:
        >>> local_instant("02/03/2026 09:00", ZoneInfo("Europe/Berlin"), dayfirst=True)[1]
        datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.timezone.utc)
        >>> local_instant("2/3/2026 9:00", ZoneInfo("Europe/Berlin"), dayfirst=True) is None
        True
    """
    if not _shape(text):
        return None
    digits = text[0:2] + text[3:5] + text[6:10] + text[11:13] + text[14:16] + text[17:19]
    if not (digits.isascii() and digits.isdigit()):  # str.isdigit alone takes any script's
        return None
    first, second = int(text[0:2]), int(text[3:5])
    day, month = (first, second) if dayfirst else (second, first)
    seconds = int(text[17:19]) if len(text) == 19 else 0
    try:
        local = datetime(
            int(text[6:10]), month, day, int(text[11:13]), int(text[14:16]), seconds, tzinfo=zone
        )
        utc = local.astimezone(UTC)
    except (ValueError, OverflowError):  # no such date or time, or past the datetime years
        return None
    if not MIN_INSTANT <= utc < MAX_INSTANT:  # outside the one supported range: named there
        return None
    # Back from UTC: what parse_timestamp does to move a time in a DST gap forward.
    return utc.astimezone(zone), utc
