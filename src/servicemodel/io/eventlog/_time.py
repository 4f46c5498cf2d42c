"""Private: event-log timestamps -- ISO 8601, numeric dates or a format; never a guessed zone."""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import re
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import TZPATH, ZoneInfo, ZoneInfoNotFoundError

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool
from servicemodel._validators import iso_datetime
from servicemodel.calendar import zone as calendar_zone
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    OutOfRangeError,
    ServiceModelError,
    require_instant,
)
from servicemodel.io._columns import zoneinfo_of_pytz
from servicemodel.io.eventlog._months import (
    MonthNames,
    foreign_month,
    month_formats,
    month_names,
    uses_month_names,
)

__all__ = ["date_formats", "parse_timestamp", "read_month_names", "zone"]

#: A 12-hour marker as the locales write it: ``PM``, ``pm``, ``p.m.`` (``en_CA``, ``nl``,
#: ``es_MX``) and ``p. m.`` (CLDR's ``es``, with a space or a no-break space after ``p.``);
#: its first letter is the half.
_HALF = r"([AaPp])(?:\.\s?)?[Mm]\.?"
#: The time of day after a numeric date: ``H:M[:S[.f]]``, a 12-hour marker, an offset (``Z``,
#: ``+01:00``, ``+0100`` or ``+01``, minutes under 60: ``fromisoformat`` reads ``+01:60`` as
#: +02:00). Spaces may stand before the offset (``2026-03-01 09:00:00 +0100``, as ``git log
#: --date=iso`` and Java's ``yyyy-MM-dd HH:mm:ss Z`` write it): the offset is read all the
#: same, never dropped. ISO 8601 has no space there, and its readers (``iso_datetime``)
#: refuse one; an event log reads the layouts of spreadsheets and logs, where it is common.
_CLOCK = (
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*" + _HALF + r")?)?"
    r"\s*(Z|[+-]\d{2}(?::?[0-5]\d)?)?"
)
#: A 12-hour marker standing as a word of a text (for ``%p``, which reads ``AM``/``PM`` only).
_MARKER = re.compile(r"(?<![^\W\d_])" + _HALF + r"(?![^\W\d_])")
#: ``D/M/Y`` or ``M/D/Y`` (``/``, ``.`` or ``-`` between the parts), which ``dayfirst`` decides.
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})" + _CLOCK)
#: ``Y/M/D`` with ``/`` or ``.`` (``2012/10/09 14:50:17.000``): a year first is never ambiguous.
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})" + _CLOCK)
#: ISO 8601's date with ``-`` and a one-digit hour (``2023-06-01 7:29``), as a spreadsheet's
#: ``yyyy-mm-dd h:mm`` writes it (the public "Customer Support Ticket Dataset" does): tried
#: only after ``fromisoformat``, which wants two digits, has refused the text.
_YEAR_FIRST_DASHED = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _CLOCK)


def zone(tz: str | tzinfo | None) -> tzinfo | None:
    """The ``tz`` option as a zone: a name (``"Europe/Berlin"``) or a ``tzinfo``.

    A pytz zone is taken by its name: pytz's zones give the right offset only through
    their own ``localize``, and attached to a local time they give the zone's first
    offset (Amsterdam's local mean time, +00:18 -- every instant silently 42 minutes off).
    A dateutil zone read from the zone database (``dateutil.tz.gettz``) is taken by its name
    too: dateutil reads only a zone file's 32-bit part, so it knows no DST after 2037 and
    other offsets before 1902 (``zoneinfo`` reads the whole file). Any other ``tzinfo`` is
    kept, and local times in it follow the same rule (see ``parse_timestamp``).

    Examples:
        >>> zone("Europe/Berlin")
        zoneinfo.ZoneInfo(key='Europe/Berlin')
    """
    # (Looked up on the class: a tzinfo of the caller's whose __getattr__ raises is kept.)
    if isinstance(tz, tzinfo) and hasattr(type(tz), "localize"):
        name = getattr(type(tz), "zone", None)  # pytz; its fixed offsets (zone None) are right
        if isinstance(name, str):
            return zone(name)
    if isinstance(tz, tzinfo) and (key := _database_key(tz)) is not None:
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError, OSError):
            return ZoneInfo(key)
    if tz is None or isinstance(tz, tzinfo):
        return tz
    if not isinstance(tz, str):
        raise InputTypeError(f"tz: expected a zone name or a tzinfo, got {safe_repr(tz)}")
    # The calendars' reading of a name: also refuses the machine's own zone, leap-second
    # copies and the placeholder zone, which would put every naive timestamp off.
    return calendar_zone(tz, "tz")


def _database_key(tz: tzinfo) -> str | None:
    """The zone database key of a dateutil zone read from a zone file, else ``None``.

    ``gettz`` keeps the file it read: a path under a zone folder (``.../Europe/Amsterdam``)
    or, from dateutil's own bundled database, the key itself.
    """
    if type(tz).__module__.split(".", 1)[0] != "dateutil":
        return None
    filename = getattr(tz, "_filename", None)
    if not isinstance(filename, str) or not filename:
        return None
    if not os.path.isabs(filename):
        return filename
    # gettz's own folders (its module is loaded: the zone is one of its objects).
    folders = getattr(sys.modules.get("dateutil.tz.tz"), "TZPATHS", ())
    for root in (*TZPATH, *folders):
        with contextlib.suppress(ValueError, TypeError):  # another drive (Windows)
            key = os.path.relpath(filename, root)
            if not key.startswith(os.pardir):
                return key.replace(os.sep, "/")
    return None


def date_formats(value: Any, path: str = "date_format") -> tuple[str, ...]:
    """The ``strptime`` formats of a ``date_format`` option (one, or several tried in order).

    Each format is checked once, here: it must read back what it writes, so a typo such as
    ``%Q`` is a ``ConfigError`` naming it rather than a failure on every row.

    Examples:
        >>> date_formats("%d/%b/%y %I:%M %p")
        ('%d/%b/%y %I:%M %p',)
        >>> date_formats("%d/%m/%Q")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: date_format: '%d/%m/%Q' is not a strptime format ...
    """
    formats = (value,) if isinstance(value, str) else value
    if not isinstance(formats, (list, tuple)) or not formats:
        raise ConfigError(
            f"expected a strptime format or a list of them, got {safe_repr(value)}", path=path
        )
    for i, fmt in enumerate(formats):
        where = path if isinstance(value, str) else f"{path}[{i}]"
        if not isinstance(fmt, str) or "%" not in fmt:
            raise ConfigError(
                f"expected a strptime format such as '%d/%m/%Y %H:%M', got {safe_repr(fmt)}",
                path=where,
            )
        if not _reads_back(fmt):
            raise ConfigError(
                f"{safe_repr(fmt)} is not a strptime format that reads back what it writes "
                "(see the directives of datetime.strptime)",
                path=where,
            )
        fault = _date_fault(fmt) or _clock_fault(fmt)
        if fault:
            raise ConfigError(f"{safe_repr(fmt)} {fault}", path=where)
    return tuple(formats)


#: The directives that read a weekday (a week number gives a day only with one).
_WEEKDAY = frozenset("aAwu")


@functools.lru_cache(maxsize=64)  # asked by the checks of each format, themselves cached
def _directives(fmt: str) -> frozenset[str]:
    """The letters of ``fmt``'s directives, as strptime pairs each ``%`` with the character
    after it (``'%%'`` pairs off as a literal).

    Examples:
        >>> sorted(_directives("%d/%m/%Y %%H"))
        ['%', 'Y', 'd', 'm']
    """
    return frozenset(re.findall(r"%(.)", fmt, flags=re.DOTALL))


@functools.lru_cache(maxsize=64)  # checked for every timestamp read: once per format
def _date_fault(fmt: str) -> str:
    """What makes ``fmt`` read a wrong date (``''``: it reads year, month and day once).

    strptime fills what a format does not read from 1900-01-01, so ``'%d/%m %H:%M'`` reads
    every timestamp in 1900 and ``'%Y-%m'`` every one on the 1st; and of a year, a month or
    a day read twice (``%Y`` and ``%y``, ``%m`` and ``%b``, ``%j`` and ``%d``, ``%d/%m``
    and a week number with its weekday, ``%m`` and ``%j`` -- a day of the year, like a week
    number with its weekday, gives the month too --, two weekdays beside a week number) it
    keeps one and drops the other: silently wrong instants. A week number with a weekday
    (``%Y %U %w``, ``%G-W%V-%u``) gives the day; ``%c`` and ``%x`` read a whole date, in
    every locale (``%c`` its weekday too). Two month names (``%b %B``) are read and must
    agree.

    Examples:
        >>> _date_fault("%d/%m %H:%M")
        'reads no year: strptime would fill it in from 1900-01-01 for every timestamp; a format needs a year (%Y or %y) and a day (%d with %m, %b or %B; %j; or a week number with its weekday)'
        >>> _date_fault("%Y-%m")[:12], _date_fault("%%Y %H")[:21], _date_fault("%Y %m %b %d")[:29]
        ('reads no day', 'reads no year and day', 'reads the month twice (%m and')
        >>> _date_fault("%Y %y %m %d")[:32], _date_fault("%Y %m %d %U %w")[:31]
        ('reads the year twice (%Y and %y)', 'reads the day twice (%d and %U)')
        >>> _date_fault("%Y %m %j")[:33], _date_fault("%Y %b %W %a")[:33]
        ('reads the month twice (%m and %j)', 'reads the month twice (%b and %W)')
        >>> _date_fault("%G-W%V-%u %a")[:35], _date_fault("%c %U")[:31]
        ('reads the weekday twice (%a and %u)', 'reads the day twice (%U and %c)')
        >>> _date_fault("%d/%b/%y %I:%M %p"), _date_fault("%G-W%V-%u"), _date_fault("%c")
        ('', '', '')
    """  # noqa: E501
    found = _directives(fmt)
    whole = [c for c in "cx" if c in found]  # a whole date each
    names = sorted(found & {"b", "B"})[:1]  # two month names are read as one, and checked
    weekday = bool(found & _WEEKDAY) or "c" in found  # %c writes the weekday too (%a)
    weeks = [w for w in "UW" if w in found and weekday]
    iso = ["V"] if "V" in found and "G" in found and weekday else []
    # A day of the year (%j) and a week number with its weekday give the month as well:
    # strptime takes the month from them and drops a %m, %b or %B beside them.
    dated = [j for j in "j" if j in found] + weeks + iso
    months = [m for m in "m" if m in found] + names + whole
    readers = (
        ("year", [y for y in "YyG" if y in found] + whole),
        ("day", [d for d in "jd" if d in found] + weeks + iso + whole),
        ("month", months + (dated if months else [])),
        # Beside a week number the weekday is part of the day: of two, strptime keeps one.
        ("weekday", sorted(found & _WEEKDAY) if weeks or iso else []),
    )
    for part, read in readers:
        if len(read) > 1:
            return (
                f"reads the {part} twice (%{read[0]} and %{read[1]}): strptime would keep "
                "one and drop the other; read it once"
            )
    year = bool(readers[0][1])
    day = bool("j" in found or weeks or iso or whole or ("d" in found and months))
    missing = " and ".join(part for part, ok in (("year", year), ("day", day)) if not ok)
    if missing:
        return (
            f"reads no {missing}: strptime would fill it in from 1900-01-01 for every "
            "timestamp; a format needs a year (%Y or %y) and a day (%d with %m, %b or %B; "
            "%j; or a week number with its weekday)"
        )
    return ""


@functools.lru_cache(maxsize=64)
def _clock_fault(fmt: str) -> str:
    """What makes ``fmt`` read a wrong hour (``''``: none).

    strptime takes the hour from ``%I`` over ``%H`` (``%c`` and ``%X`` read ``%H``) and
    drops the other, and reads ``%p`` only with ``%I``: ``'%H:%M %p'`` reads ``9:30 PM``
    as 09:30. Without ``%p``, ``%I`` reads every hour as a morning's: ``12:30`` as 00:30,
    and an afternoon's ``2:05`` as 02:05. All are silently wrong instants.

    Examples:
        >>> _clock_fault("%Y-%m-%d %I:%M %p"), _clock_fault("%c")
        ('', '')
        >>> _clock_fault("%Y-%m-%d %H %I")[:32], _clock_fault("%Y-%m-%d %H:%M %p")[:38]
        ('reads the hour twice (%H and %I)', 'reads a 12-hour marker (%p) without %I')
        >>> _clock_fault("%Y-%m-%d %I:%M")[:44]
        'reads a 12-hour hour (%I) without its marker'
    """
    found = _directives(fmt)
    hours = [h for h in "HIcX" if h in found]
    if len(hours) > 1:
        return (
            f"reads the hour twice (%{hours[0]} and %{hours[1]}): strptime would keep one "
            "and drop the other; read it once"
        )
    if "p" in found and "I" not in found:
        return (
            "reads a 12-hour marker (%p) without %I, the hour it belongs to: strptime "
            "ignores %p beside a 24-hour hour, so '9:30 PM' would read as 09:30; read the "
            "hour with %I"
        )
    if "I" in found and "p" not in found:
        return (
            "reads a 12-hour hour (%I) without its marker (%p): strptime reads every hour "
            "as before noon, so '12:30' would read as 00:30 and an afternoon's '2:05' as "
            "02:05; read the marker with %p, or a 24-hour hour with %H"
        )
    return ""


def read_month_names(
    value: Any, formats: tuple[str, ...] | None, path: str = "month_names"
) -> MonthNames | None:
    """The ``month_names`` option, checked against the ``date_format`` it is for.

    Names with no ``%b`` or ``%B`` to read them are a ``ConfigError``: set, they would
    silently do nothing.

    Examples:
        >>> read_month_names("es", ("%d/%b/%y",)).language
        'es'
        >>> read_month_names("es", None)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: month_names: month names are read by %b or %B in date_format, and there is no date_format
    """  # noqa: E501
    if value is None:
        return None
    months = month_names(value, path)
    if formats is None or not uses_month_names(formats):
        shown = "there is no date_format" if formats is None else f"{list(formats)} has neither"
        raise ConfigError(
            f"month names are read by %b or %B in date_format, and {shown}", path=path
        )
    return months


@functools.lru_cache(maxsize=64)
def _reads_back(fmt: str) -> bool:
    """Whether ``fmt`` reads back an instant it wrote (checked once per format).

    Python 3.13 warns (a DeprecationWarning) when strptime reads a day of the month without
    a year (``'%d/%m'``), and an error filter makes that warning raise. The probe leaves the
    process's warning filters alone -- swapping them is not thread-safe: a server's other
    threads would lose or gain filters meanwhile -- and gives such a format a year of its own
    instead: ``'%Y '`` before it. The year is read apart, before anything of the format, so
    the probe reads back exactly when the format alone does.

    Examples:
        >>> _reads_back("%d/%m %H:%M"), _reads_back("%d/%m/%Q"), _reads_back("%d %d")
        (True, False, False)
    """
    sample = datetime(2026, 11, 30, 14, 5, 6, 789000, tzinfo=UTC)
    probe = f"%Y {fmt}" if _day_without_year(fmt) else fmt
    try:
        datetime.strptime(sample.strftime(probe), probe)
    except (ValueError, re.error):  # re.error: a directive given twice ('%d %d')
        return False
    return True


def _day_without_year(fmt: str) -> bool:
    """Whether strptime finds a ``%d`` in ``fmt`` and no year (``%Y``, ``%y``, ``%G``): when
    Python 3.13 warns. Its parser pairs each ``%`` with the character after it, as this does
    (``'%%d'`` is a percent sign and a ``d``).

    Examples:
        >>> _day_without_year("%d/%m"), _day_without_year("%d/%m/%y"), _day_without_year("%%d")
        (True, False, False)
    """
    found = _directives(fmt)
    return "d" in found and not found & {"Y", "y", "G"}


def parse_timestamp(
    value: Any,
    *,
    tz: str | tzinfo | None = None,
    dayfirst: bool = False,
    date_format: str | Sequence[str] | None = None,
    month_names: str | Sequence[str | Sequence[str]] | MonthNames | None = None,
) -> datetime:
    """An aware instant from an ISO 8601, ``D/M/Y``/``M/D/Y`` or ``Y/M/D`` text (or a datetime).

    A frame's cells are read as their text would be: a ``date`` (or ``"2026-03-02"``) is the
    start of its day, naive; a numpy ``datetime64`` is read as its ISO 8601 text.

    Numeric dates may carry a time ``H:M[:S[.f]]``, a 12-hour ``AM``/``PM`` marker and an
    offset. ``date_format`` (a ``strptime`` format, or several tried in order) reads any other
    layout, such as Jira's ``30/Nov/26 2:05 PM`` (``"%d/%b/%y %I:%M %p"``); a text it does not
    match is still read if it is ISO 8601. ``month_names`` (a language code such as ``"es"``,
    or the 12 months' names) makes its ``%b``/``%B`` read the month names of an export in
    another language (``06/ene/26``), without case, trailing dot or accents; without it, a
    name of a built-in language is an error that names the option. A value without an offset takes ``tz`` (local time,
    the first of a repeated hour; a time in a DST gap moves forward by the gap); without ``tz``
    it is a ``NaiveDatetimeError``.

    Examples:
        >>> parse_timestamp("03/04/2026 10:30", tz="UTC", dayfirst=True).isoformat()
        '2026-04-03T10:30:00+00:00'
        >>> parse_timestamp("2012/10/09 2:50:17 PM", tz="UTC").isoformat()
        '2012-10-09T14:50:17+00:00'
        >>> parse_timestamp("30/Nov/26 2:05 PM", tz="UTC", date_format="%d/%b/%y %I:%M %p").isoformat()
        '2026-11-30T14:05:00+00:00'
        >>> parse_timestamp("06/févr./26", tz="UTC", date_format="%d/%b/%y", month_names="fr").date()
        datetime.date(2026, 2, 6)
        >>> parse_timestamp("2026-04-03 10:30")
        Traceback (most recent call last):
        ...
        servicemodel.errors.NaiveDatetimeError: timestamp '2026-04-03 10:30' has no offset; ...
    """  # noqa: E501
    zone_ = zone(tz)
    if not is_bool(dayfirst):  # "no" is truthy: it would read the date day first
        raise ConfigError(f"expected True or False, got {safe_repr(dayfirst)}", path="dayfirst")
    if hasattr(value, "to_pydatetime"):  # pandas.Timestamp: a datetime with extra precision
        # Cut past microseconds, as a text's digits are (to_pydatetime would warn and round).
        try:
            if getattr(value, "nanosecond", 0):
                value = value.replace(nanosecond=0)
            value = value.to_pydatetime()
        except (ValueError, OverflowError):  # pandas' far units: past the datetime years
            shown = safe_repr(value)
            if shown.startswith("<"):  # (no repr that far in a zone: its count of units)
                with contextlib.suppress(Exception):
                    shown = f"{int(value.asm8.view('i8'))} {value.unit} after 1970"
            raise OutOfRangeError(
                f"timestamp {shown} is past the years a datetime holds (1..9999)"
            ) from None
    if type(value).__name__ == "datetime64":  # numpy's, in a frame's object column
        value = str(value)  # its ISO 8601 text, naive: read as the text (no unit overflows)
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):  # a frame's date cell: its day's start, as its text reads
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        _refuse_far_count(value)
        formats = None if date_format is None else date_formats(date_format)
        months = None if month_names is None else read_month_names(month_names, formats)
        parsed = _parse_text(value.strip(), dayfirst=dayfirst, formats=formats, months=months)
    else:
        raise InputTypeError(f"expected a timestamp, got {type(value).__name__} {safe_repr(value)}")
    return _aware(parsed, value, zone_)


#: The text a frame reader gives a polars or pyarrow cell past the datetime years
#: (``io._frame_input``): its count of units after 1970.
_FAR_COUNT = re.compile(r"(-?\d+) (ns|us|ms|s|days) after 1970-01-01(?:T00:00:00Z)?")


def _refuse_far_count(text: str) -> None:
    """Refuse a frame cell past the datetime years as a pandas ``Timestamp`` there is refused.

    Such a cell reaches the reader as the text of its count (a polars value past year 9999
    cannot be given to Python), and read as a text it was "not a timestamp" with the layouts
    read: the same cell from pandas' nanosecond-free column said it was out of range.
    """
    # The substring first: a regular expression per cell cost about 5 % of each timestamp's
    # reading (every event log row reads one), where this test is a tenth of that.
    found = _FAR_COUNT.fullmatch(text) if " after 1970-01-01" in text else None
    if found is not None:
        raise OutOfRangeError(
            f"timestamp {found[1]} {found[2]} after 1970 is past the years a datetime holds "
            "(1..9999)"
        )


def _aware(parsed: datetime, value: Any, zone_: tzinfo | None) -> datetime:
    try:
        return _in_zone(parsed, value, zone_)
    except ServiceModelError:
        raise
    except Exception as exc:  # a tzinfo of the caller's code: its offsets are unusable
        raise _zone_error(parsed, value, zone_, exc) from exc


def _in_zone(parsed: datetime, value: Any, zone_: tzinfo | None) -> datetime:
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if zone_ is None:
            raise NaiveDatetimeError(
                f"timestamp {safe_repr(value)} has no offset; pass tz= (e.g. tz='Europe/Berlin') "
                "to say which zone the export's local times are in"
            )
        # fold=0: a repeated local time takes the first occurrence; in a gap, the offset
        # before the change applies, which moves the time forward by the gap (DOMAIN.md).
        parsed = parsed.replace(tzinfo=zone_, fold=0)
        # Year 1 or 9999 with an offset runs past the datetime years: require_instant
        # below names the value.
        with contextlib.suppress(OverflowError):
            if isinstance(zone_, ZoneInfo):
                parsed = parsed.astimezone(UTC).astimezone(zone_)
            elif not isinstance(zone_, timezone) and parsed.dst() is not None:
                # (a fixed offset has no gap nor fold; a zone whose dst() is None cannot
                # say which instant shows a local time, so its own offset for it applies)
                parsed = _first_occurrence(parsed.replace(tzinfo=None), zone_)
        if parsed.utcoffset() is None:  # not naive: the zone given has no offset for it
            raise ConfigError(
                f"the zone {safe_repr(zone_)} gives no UTC offset for the local time "
                f"{parsed.replace(tzinfo=None).isoformat()} of timestamp {safe_repr(value)}",
                path="tz",
            )
    else:
        parsed = zoneinfo_of_pytz(parsed)
    # The one guard for instants near the ends of the calendar: later sorting and arithmetic
    # in UTC would overflow there.
    return require_instant(parsed, "timestamp")


def _zone_error(
    parsed: datetime, value: Any, zone_: tzinfo | None, exc: Exception
) -> ServiceModelError:
    """The error for a zone whose ``utcoffset`` raised or gave no offset ``datetime`` takes
    (a ``timedelta`` strictly within a day): ``tz``'s, or the value's own."""
    own = parsed.tzinfo is not None and parsed.tzinfo is not zone_
    why = f"{type(exc).__name__}: {safe_repr(str(exc))}"
    if own:
        return InputTypeError(
            f"timestamp {safe_repr(value)}: its zone {safe_repr(parsed.tzinfo)} gives no "
            f"usable UTC offset ({why})"
        )
    return ConfigError(
        f"the zone {safe_repr(zone_)} gives no usable UTC offset for the local time "
        f"{parsed.replace(tzinfo=None).isoformat()} of timestamp {safe_repr(value)} ({why})",
        path="tz",
    )


def _first_occurrence(wall: datetime, zone_: tzinfo) -> datetime:
    """The naive local time ``wall`` in ``zone_`` as ``zoneinfo`` reads it with fold=0.

    For a ``tzinfo`` that may not follow PEP 495 in a gap or a fold (a dateutil zone gives
    the offset after the change to a time in a spring-forward gap): the instants the zone's
    offsets give are checked against the zone's own ``fromutc``. The earliest that shows
    ``wall`` is its first occurrence; if none does, ``wall`` is in a gap and the offset in
    effect before the change applies, which moves it forward by the gap.
    """
    given = (zone_.utcoffset(wall.replace(tzinfo=zone_, fold=f)) for f in (0, 1))
    offsets = {o for o in given if o is not None}
    if not offsets:  # a zone that gives no offset: left to require_instant to refuse
        return wall.replace(tzinfo=zone_)
    # A zone may give one side's offset for both folds in a gap: the instants those give
    # fall on either side of the change, so their offsets add the other side's.
    around = (_offset_at(wall - o, zone_) for o in tuple(offsets))
    offsets |= {o for o in around if o is not None}
    shown = [wall - o for o in offsets if _local(wall - o, zone_) == wall]
    if shown:
        utc = min(shown)
    else:  # the earliest candidate instant is before the change (a gap widens the offset)
        before = _offset_at(wall - max(offsets), zone_)
        utc = wall - (max(offsets) if before is None else before)
    return utc.replace(tzinfo=UTC).astimezone(zone_)


def _local(utc: datetime, zone_: tzinfo) -> datetime:
    """The naive local time in ``zone_`` of the naive UTC time ``utc``."""
    return utc.replace(tzinfo=UTC).astimezone(zone_).replace(tzinfo=None)


def _offset_at(utc: datetime, zone_: tzinfo) -> timedelta | None:
    """The offset ``zone_`` is at in the naive UTC instant ``utc``."""
    return utc.replace(tzinfo=UTC).astimezone(zone_).utcoffset()


def _parse_text(
    text: str,
    *,
    dayfirst: bool,
    formats: tuple[str, ...] | None = None,
    months: MonthNames | None = None,
) -> datetime:
    try:
        if months is not None and formats is not None:
            found = _with_months(text, formats, months)
        elif formats is not None:  # only these, then ISO 8601: no other layout is guessed
            found = _by_formats(text, formats)
        else:
            found = None
    except _NoSuchDay as exc:  # no format read it: the first day its year lacks is the error
        raise ConfigError(exc.message) from None
    if found is not None:
        return found
    m = None if formats is not None else _NUMERIC.fullmatch(text)
    if m is not None:
        a, b, year, *clock = m.groups()
        day, month = (a, b) if dayfirst else (b, a)
        order = "D/M/Y" if dayfirst else "M/D/Y"
    elif formats is None and (m := _YEAR_FIRST.fullmatch(text)) is not None:
        year, month, day, *clock = m.groups()
        order = "Y/M/D"
    else:
        try:
            return iso_datetime(text)
        except ValueError:
            m = None if formats is not None else _YEAR_FIRST_DASHED.fullmatch(text)
            if m is None:
                raise ConfigError(_unreadable(text, formats, dayfirst, months)) from None
        year, month, day, *clock = m.groups()
        order = "Y-M-D"
    try:
        return datetime.fromisoformat(_iso(year, month, day, *clock))
    except ValueError:
        raise ConfigError(
            f"not a valid {order} timestamp: {safe_repr(text)}{_order_hint(order, text)}"
        ) from None


def _order_hint(order: str, text: str) -> str:
    """What to try for a numeric date that is no date in ``order``: the other order, where it
    reads ``text`` (a day-first reading of ``3/29/2012 12:36``, a copy of an export re-saved by
    a US spreadsheet, says month-first reads it), and never where it does not (``31/31/2026``
    is no date either way: suggesting ``dayfirst`` would send the reader after a wrong fix).

    Examples:
        >>> _order_hint("D/M/Y", "3/29/2012 12:36"), _order_hint("D/M/Y", "31/02/2012")
        (' (read as dayfirst; dayfirst=False reads M/D/Y)', ' (read as dayfirst)')
        >>> _order_hint("M/D/Y", "30/11/2026"), _order_hint("M/D/Y", "31/31/2026 10:00")
        (' (dayfirst=True reads D/M/Y)', ' (read month first; D/M/Y does not read it either)')
    """
    if order not in ("M/D/Y", "D/M/Y"):
        return ""
    other = order == "M/D/Y"  # the other order's dayfirst
    if not _reads_numeric(text, dayfirst=other):
        if other:
            return " (read month first; D/M/Y does not read it either)"
        return " (read as dayfirst)"
    if other:
        return " (dayfirst=True reads D/M/Y)"
    return " (read as dayfirst; dayfirst=False reads M/D/Y)"


def _reads_numeric(text: str, *, dayfirst: bool) -> bool:
    """Whether ``text`` is a valid numeric date (``_NUMERIC``) in the order ``dayfirst`` says."""
    m = _NUMERIC.fullmatch(text)
    if m is None:
        return False
    a, b, year, *clock = m.groups()
    day, month = (a, b) if dayfirst else (b, a)
    try:
        datetime.fromisoformat(_iso(year, month, day, *clock))
    except ValueError:
        return False
    return True


class _NoSuchDay(ConfigError):
    """A timestamp a format matches, naming a day its year does not have (``2025 366`` by
    ``%Y %j``): refused as strptime refuses 30 February, so the next format is tried, and this
    error is raised only when none reads the timestamp."""


def _with_months(text: str, formats: tuple[str, ...], months: MonthNames) -> datetime | None:
    """``text`` read by ``formats`` whose ``%b``/``%B`` read ``months`` (``None``: none reads
    it). A format with a month name reads only the text with the name made a number, so an
    English name is never taken for another language's month."""
    refused: _NoSuchDay | None = None
    for fmt, count in month_formats(formats):
        for candidate in months.candidates(text, count) if count else (text,):
            try:
                found = _strptime(candidate, fmt)
            except _NoSuchDay as exc:
                refused = refused or exc
                continue
            if found is not None:
                return found
    if refused is not None:
        raise refused
    return None


def _by_formats(text: str, formats: tuple[str, ...]) -> datetime | None:
    """``text`` read by the first of ``formats`` that reads it (``None``: none does).

    A format that matches ``text`` but names a day its year does not have is passed over
    as one strptime refuses (30 February) is; when no format reads ``text``, the first such
    refusal is the error (as with that format alone).
    """
    refused: _NoSuchDay | None = None
    for fmt in formats:
        try:
            if _names_twice(fmt):  # strptime would take the last of two months named
                found = _with_months(text, (fmt,), month_names("en"))
            else:
                found = _strptime(text, fmt)
        except _NoSuchDay as exc:
            refused = refused or exc
            continue
        if found is not None:
            return found
    if refused is not None:
        raise refused
    return None


def _strptime(text: str, fmt: str) -> datetime | None:
    """``datetime.strptime(text, fmt)``, or ``None``; a ``%p`` also reads the dotted markers
    (``p.m.``, ``p. m.``) that ``strptime`` does not, as the numeric dates read them. A
    ``%Z`` that read ``UTC`` or ``GMT`` gives the instant in UTC (see ``_zone_named``)."""
    # _zone_named's ConfigError is a ValueError too: it is raised outside the ``try``.
    try:
        found = datetime.strptime(text, fmt)
    except ValueError:
        _no_such_week(text, fmt)
        if not _reads_half(fmt):
            return None
    else:
        return _zone_named(_in_its_year(found, text, fmt), text, fmt)
    marked = _MARKER.sub(lambda m: "PM" if m.group(1) in "Pp" else "AM", text)
    if marked == text:
        return None
    try:
        found = datetime.strptime(marked, fmt)
    except ValueError:
        _no_such_week(marked, fmt, shown=text)
        return None
    return _zone_named(_in_its_year(found, marked, fmt, shown=text), marked, fmt, shown=text)


@functools.lru_cache(maxsize=64)
def _year_day_pattern(fmt: str) -> re.Pattern[str] | None:
    """The regular expression strptime matches ``fmt`` with, when ``fmt`` reads the day as a
    day of the year or a week date (``%j``, ``%U``, ``%W``, ``%V``; not a literal ``%%j``);
    else ``None``. Built once per format."""
    if not _directives(fmt) & set("jUWV"):
        return None
    try:
        pattern = importlib.import_module("_strptime")._TimeRE_cache.compile(fmt)
    except Exception:  # pragma: no cover - another Python's internals: left unchecked
        return None
    return pattern if isinstance(pattern, re.Pattern) else None


def _in_its_year(found: datetime, text: str, fmt: str, shown: str | None = None) -> datetime:
    """``found``, when it is in the year ``text`` reads; else a ``ConfigError`` naming
    ``shown``, the timestamp as written (``text`` has a dotted ``p.m.`` made ``PM``).

    strptime moves a day of the year or a week date that the year does not have into the
    next or the previous year: ``'2025 366'`` by ``'%Y %j'`` is 2026-01-01, week 0's Sunday
    of ``'%Y %U %w'`` a day of the year before, ISO week 53 of a year of 52 weeks the next
    year's first week; and week 0's Saturday of a year that begins on a Sunday (it has no
    week 0) it reads as week 1's -- a date that is not the one written, silently. So the
    date found must have the year, the week and the day of the year read.
    """
    pattern = _year_day_pattern(fmt)
    match = None if pattern is None else pattern.match(text)  # for the numbers it read
    if match is None:
        return found
    read = match.groupdict()
    _no_such_week(text, fmt, shown, read)  # said as Python 3.12 and later find it
    iso_year, iso_week, _ = found.isocalendar()
    checks = [("Y", found.year), ("y", found.year % 100), ("G", iso_year),
              ("j", found.timetuple().tm_yday), ("V", iso_week)]  # fmt: skip
    if any(read.get(w) is not None for w in "aAwu"):  # a week number gives a day only so
        checks += [("U", int(found.strftime("%U"))), ("W", int(found.strftime("%W")))]
    for name, number in checks:
        if read.get(name) is not None and int(read[name]) != number:
            year = next((read[y] for y in "YG" if read.get(y) is not None), "read")
            if read.get("y") is not None and year == "read":  # %y: 69-99 are 1969-1999
                year = str(int(read["y"]) + (1900 if int(read["y"]) >= 69 else 2000))
            raise _NoSuchDay(
                f"timestamp {safe_repr(text if shown is None else shown)}: date_format "
                f"{safe_repr(fmt)} reads a day that "
                f"the year {year} does not have (strptime would read "
                f"{found.date().isoformat()})"
            )
    return found


def _no_such_week(
    text: str, fmt: str, shown: str | None = None, read: dict[str, Any] | None = None
) -> None:
    """A ``ConfigError`` when ``fmt`` reads an ISO week (``%G`` and ``%V``) that its ISO year
    does not have: week 0, or week 53 of a year of 52 weeks. Python 3.12 and later refuse it
    inside strptime (the ``ValueError`` this follows), where Python 3.11 moves it into the
    next year (``_in_its_year``, which asks this first): on every Python it is the same
    error, not a text that matches no format. ``read``: the groups strptime's pattern read
    from ``text``, when they are known.

    Examples:
        >>> _no_such_week("2026-W53-1", "%G-W%V-%u") is None  # 2026 has 53 ISO weeks
        True
    """
    if read is None:
        pattern = _year_day_pattern(fmt)
        match = None if pattern is None else pattern.match(text)
        read = {} if match is None else match.groupdict()
    year, week = read.get("G"), read.get("V")
    if year is None or week is None or not 1 <= int(year) <= 9999:
        return
    weeks = date(int(year), 12, 28).isocalendar()[1]  # 28 December is in the last week
    if not 1 <= int(week) <= weeks:
        raise _NoSuchDay(
            f"timestamp {safe_repr(text if shown is None else shown)}: date_format "
            f"{safe_repr(fmt)} reads a day that the year {year} does not have (ISO week "
            f"{int(week)} of a year of {weeks} weeks)"
        )


_UTC_NAMES = frozenset({"utc", "gmt"})


def _zone_named(found: datetime, text: str, fmt: str, shown: str | None = None) -> datetime:
    """``found`` in UTC when ``fmt``'s ``%Z`` read ``UTC`` or ``GMT`` (``2026-03-02
    10:15:30 UTC``, as BigQuery writes a timestamp as text): ``strptime`` reads the name
    and returns a naive time, which ``tz=`` would then read as local -- hours off, silently.
    Any other name ``%Z`` reads is one of the reading machine's own (``time.tzname``: ``CET``
    or ``CEST`` where the machine is set to Berlin): refused, since ``tz=`` would read the
    time in its own zone, whatever the name says, and the same file would read differently
    (or not at all) on another machine. An empty name (``%Z`` reads nothing) says no zone.

    With ``%z`` beside it the offset gives the instant; a ``UTC`` or ``GMT`` beside a non-zero
    offset (``2026-03-02 10:00 UTC +0100``) contradicts it, and is refused rather than read
    at the offset silently; any other name is refused too, as without ``%z`` (it reads only
    on a machine whose zone has that name, so the file would read differently elsewhere).

    Errors name ``shown``, the timestamp as written (``text`` has a dotted ``p.m.`` made
    ``PM``)."""
    if not _reads_zone_name(fmt):
        return found
    shown = text if shown is None else shown
    name = time.strptime(text, fmt).tm_zone
    if found.tzinfo is not None:
        offset = found.utcoffset()
        if name is not None and name.casefold() in _UTC_NAMES and offset:
            raise ConfigError(
                f"timestamp {safe_repr(shown)}: date_format {safe_repr(fmt)} reads the zone "
                f"name {safe_repr(name)} with %Z and the offset {_offset_text(offset)} with "
                "%z, which contradict each other; fix the text, or leave %Z or %z out"
            )
        if name and name.casefold() not in _UTC_NAMES:
            # Read only where the machine's own zone has that name (CET on a machine set to
            # Berlin), refused elsewhere: the same file must read alike on every machine.
            raise ConfigError(
                f"timestamp {safe_repr(shown)}: date_format {safe_repr(fmt)} reads the zone "
                f"name {safe_repr(name)} with %Z, which reads only UTC and GMT on every "
                "machine (other names only where the machine's own zone has them); the "
                "offset beside it (%z) gives the instant: drop the name from the text"
            )
        return found
    if name is not None and name.casefold() in _UTC_NAMES:
        return found.replace(tzinfo=UTC)
    if name:
        raise ConfigError(
            f"timestamp {safe_repr(shown)}: date_format {safe_repr(fmt)} reads the zone name "
            f"{safe_repr(name)} with %Z, which gives no offset (only UTC and GMT are read); "
            "write offsets and read them with %z, or leave %Z out and pass tz= for the zone"
        )
    return found


def _offset_text(offset: timedelta) -> str:
    """``+01:00`` for an hour east of UTC (seconds when there are any)."""
    sign = "-" if offset < timedelta(0) else "+"
    minutes, seconds = divmod(int(abs(offset).total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


@functools.lru_cache(maxsize=64)
def _reads_zone_name(fmt: str) -> bool:
    """Whether ``fmt`` has a ``%Z`` directive (not a literal ``%%Z``)."""
    return "%Z" in fmt.replace("%%", "")


@functools.lru_cache(maxsize=64)
def _reads_half(fmt: str) -> bool:
    """Whether ``fmt`` has a ``%p`` directive (not a literal ``%%p``)."""
    return "%p" in fmt.replace("%%", "")


@functools.lru_cache(maxsize=64)
def _names_twice(fmt: str) -> bool:
    """Whether ``fmt`` reads more than one month name (``%b %B``): ``strptime`` alone would
    silently take the last of two different months, so the names are read as ``month_names``
    reads them (in English), and must name one month."""
    return month_formats((fmt,))[0][1] > 1


#: A numeric date with a two-digit year (``11/30/26 2:05 PM``, as a spreadsheet saves dates):
#: never read without a format (which century, which order), but a format can be suggested.
_SHORT_YEAR = re.compile(
    r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2})"
    r"(?:([ T])(\d{1,2}):(\d{2})(:\d{2})?(\s*[AaPp](?:\.\s?)?[Mm]\.?)?)?"
)


def _suggested_format(text: str, dayfirst: bool = False) -> str | None:
    """A ``date_format`` that reads ``text``, when it is a numeric date with a two-digit year.

    The order is the one the value shows (a first part over 12 is a day, a second part over
    12 is one); when both parts could be a month, the one ``dayfirst`` says (month first
    without it, a US spreadsheet's default) is named -- never an order the caller said is
    not the export's -- and the message asks to check it. ``None`` when no format would read
    the text.

    Examples:
        >>> _suggested_format("11/30/26 2:05 PM")
        '%m/%d/%y %I:%M %p'
        >>> _suggested_format("30.11.26 14:05")
        '%d.%m.%y %H:%M'
        >>> _suggested_format("05.06.26", dayfirst=True)
        '%d.%m.%y'
        >>> _suggested_format("2026-11-30 14:05") is None
        True
    """
    m = _SHORT_YEAR.fullmatch(text)
    if m is None:
        return None
    first, sep, second, _, space, hh, _, secs, half = m.groups()
    day_first = int(first) > 12 or (int(second) <= 12 and dayfirst)
    fmt = f"%d{sep}%m{sep}%y" if day_first else f"%m{sep}%d{sep}%y"
    if hh is not None:
        clock = ("%I" if half else "%H") + ":%M" + (":%S" if secs else "")
        if half:
            clock += " %p" if half[0].isspace() else "%p"
        fmt = f"{fmt}{space}{clock}"
    if _strptime(text, fmt) is None:  # e.g. month 13 either way: no honest suggestion
        return None
    return fmt


#: A text that reads as a count since the Unix epoch: 10 digits (seconds, 2001-2286) or 13
#: (milliseconds), with an optional fraction.
_EPOCH_COUNT = re.compile(r"(\d{10}|\d{13})(\.\d+)?")


def _unreadable(
    text: str,
    formats: tuple[str, ...] | None,
    dayfirst: bool = False,
    months: MonthNames | None = None,
) -> str:
    if formats is None:
        suggestion = _suggested_format(text, dayfirst)
        if suggestion is not None:
            return (
                f"not a timestamp: {safe_repr(text)} has a two-digit year, which is never "
                f"guessed; if the export writes dates so, pass date_format = "
                f"{safe_repr(suggestion)} (check the day/month order against a date after "
                "the 12th)"
            )
        count = _EPOCH_COUNT.fullmatch(text.strip())
        if count is not None:  # 10 digits: seconds since 1970 (2001-2286); 13: milliseconds
            unit = "s" if len(count[1]) == 10 else "ms"
            return (
                f"not a timestamp: {safe_repr(text)} looks like a count of "
                f"{'seconds' if unit == 's' else 'milliseconds'} since the Unix epoch; an "
                f'event log reads times written so with timestamp_unit = "{unit}"'
            )
        return (
            f"not a timestamp: {safe_repr(text)} (ISO 8601, D/M/Y, M/D/Y or Y/M/D are read; "
            "pass date_format= a strptime format for any other layout)"
        )
    shown = formats[0] if len(formats) == 1 else list(formats)
    names = "" if months is None else f" (month names {months})"
    why = None if months is not None else foreign_month(text, formats)
    return (
        f"timestamp {safe_repr(text)} matches neither date_format {safe_repr(shown)}{names} "
        f"nor ISO 8601{'' if why is None else ': ' + why}"
    )


def _iso(
    year: str,
    month: str,
    day: str,
    hh: str | None,
    mm: str | None,
    ss: str | None,
    frac: str | None,
    half: str | None,
    offset: str | None,
) -> str:
    """The ISO 8601 text of a numeric date's parts (``ValueError``: an impossible 12-hour time)."""
    hour = int(hh or 0)
    if half is not None:  # 12-hour clock: 12 AM is midnight, 12 PM noon
        if not 1 <= hour <= 12:
            raise ValueError(hour)
        hour = hour % 12 + (12 if half in "Pp" else 0)
    iso = f"{year}-{int(month):02d}-{int(day):02d}T{hour:02d}:{mm or '00'}:{ss or '00'}"
    if frac:
        iso += "." + frac[:6].ljust(6, "0")  # past microseconds: cut, as fromisoformat does
    if offset:
        iso += "+00:00" if offset == "Z" else offset
    return iso
