"""The errors servicemodel raises.

Every error derives from [`ServiceModelError`][servicemodel.errors.ServiceModelError], so one
``except ServiceModelError`` catches them all; each also derives from the built-in it refines,
so code that already catches ``ValueError`` or ``TypeError`` keeps working::

    ServiceModelError
    ├── NaiveDatetimeError (ValueError)   a datetime without tzinfo
    ├── InputTypeError (TypeError)        a value of the wrong type
    ├── ConfigError (ValueError)          bad configuration or record; carries ``path``
    │   ├── RecordError                   a bad record in a file; carries ``line``
    │   │   └── UnreadableFileError       the file cannot be read past this record
    │   └── ScaleError                    a score outside its scale, NaN, or a bool
    ├── EventOrderError (ValueError)      events out of order, before creation, duplicated ids
    ├── MergeError (ValueError)           accumulators with different parameters
    ├── CalendarError (ValueError)        a calendar with no open time where some is needed
    │   ├── OutOfRangeError               an instant outside the supported range (years 2..9998)
    │   └── UnknownHolidaysError          a year a holiday source has no data for
    ├── GoalError (ValueError)            a SMART goal missing a letter or inconsistent
    ├── JourneyError (ValueError)         a transition a journey does not allow
    ├── StaffingError (ValueError)        unreachable targets, queueing values out of range
    ├── PartialHistoryError (ValueError)  a figure needs a fact a summary export does not hold
    ├── UnknownKeyError (KeyError)        a lookup by a name the value does not hold
    └── MissingExtraError (ImportError)   an optional dependency is not installed

Examples:
    >>> from servicemodel.errors import ConfigError, ServiceModelError
    >>> err = ConfigError("must be HH:MM-HH:MM, got '9-5'", path="hours.mon[0]")
    >>> str(err)
    "hours.mon[0]: must be HH:MM-HH:MM, got '9-5'"
    >>> isinstance(err, (ServiceModelError, ValueError))
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "CalendarError",
    "ConfigError",
    "EventIdError",
    "EventOrderError",
    "GoalError",
    "InputTypeError",
    "JourneyError",
    "MergeError",
    "MissingExtraError",
    "NaiveDatetimeError",
    "OutOfRangeError",
    "PartialHistoryError",
    "RecordError",
    "ScaleError",
    "ServiceModelError",
    "StaffingError",
    "UnknownHolidaysError",
    "UnknownKeyError",
    "UnreadableFileError",
    "require_aware",
    "require_instant",
]


class ServiceModelError(Exception):
    """Root of every error raised by servicemodel.

    Examples:
        >>> issubclass(ScaleError, ServiceModelError)
        True
    """


class NaiveDatetimeError(ServiceModelError, ValueError):
    """A datetime without a time zone was given where an instant is needed.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> require_aware(datetime(2026, 1, 5, 9), "start")
        Traceback (most recent call last):
        ...
        servicemodel.errors.NaiveDatetimeError: start: naive datetime 2026-01-05T09:00:00 ...
    """


class InputTypeError(ServiceModelError, TypeError):
    """A value of the wrong type was given (e.g. a string where a datetime is needed).

    Examples:
        >>> issubclass(InputTypeError, TypeError)
        True
    """


class ConfigError(ServiceModelError, ValueError):
    """Configuration (or a record) is malformed; ``path`` names the offending field.

    ``source`` names the file the configuration was read from, when it was read from one; the
    message then starts with it, so ``policies.toml: policies[1].targets.urgent[0].within: ...``
    says which file and which field.

    Examples:
        >>> ConfigError("unknown time zone 'Mars/Base'", path="tz").path
        'tz'
        >>> str(ConfigError("unknown key 'x'", path="hours.x", source="cal.toml"))
        "cal.toml: hours.x: unknown key 'x'"
    """

    def __init__(self, message: str, *, path: str = "", source: str | None = None) -> None:
        # A label that is no text (a 5,000-digit index, an array) is kept as its cut repr: an
        # error's own message never raises, and ``path`` stays text for ``at``.
        path = path if isinstance(path, str) else "" if path is None else _label(path)
        source = source if source is None or isinstance(source, str) else _label(source)
        self.path = path
        self.message = message
        self.source = source
        where = f"{path}: " if path else ""
        origin = f"{_origin(source)}: " if source else ""
        super().__init__(f"{origin}{where}{message}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, {"path": self.path, "source": self.source}))

    def at(self, prefix: str) -> ConfigError:
        """Return the same error with ``prefix`` put in front of its path.

        Examples:
            >>> str(ConfigError("bad", path="within").at("targets.urgent[0]"))
            'targets.urgent[0].within: bad'
        """
        prefix = prefix if isinstance(prefix, str) else "" if prefix is None else _label(prefix)
        if not self.path:
            joined = prefix
        elif self.path.startswith("["):
            joined = f"{prefix}{self.path}"
        else:
            joined = f"{prefix}.{self.path}" if prefix else self.path
        return type(self)(self.message, path=joined, source=self.source)

    def in_file(self, source: str) -> ConfigError:
        """Return the same error, saying it came from the file ``source``.

        Examples:
            >>> str(ConfigError("bad", path="tz").in_file("cal.toml"))
            'cal.toml: tz: bad'
        """
        return type(self)(self.message, path=self.path, source=source)


def _rebuild(cls: type[ConfigError], message: str, kwargs: dict[str, Any]) -> ConfigError:
    return cls(message, **kwargs)


class RecordError(ConfigError):
    """A record read from a file is malformed; ``line`` is its 1-based line number.

    Examples:
        >>> e = RecordError("not a number: 'x'", path="priority", line=7)
        >>> str(e)
        "line 7: priority: not a number: 'x'"
    """

    def __init__(
        self, message: str, *, path: str = "", line: int | None = None, source: str | None = None
    ) -> None:
        self.line = line
        self.path = path
        self.message = message
        self.source = source
        where = f"{path}: " if path else ""
        prefix = f"line {line}: " if line is not None else ""
        origin = f"{_origin(source)}: " if source else ""
        ValueError.__init__(self, f"{origin}{prefix}{where}{message}")

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {"path": self.path, "line": self.line, "source": self.source}
        return (_rebuild, (type(self), self.message, kwargs))

    def at(self, prefix: str) -> RecordError:
        """Return the same error with ``prefix`` put in front of its path."""
        base = ConfigError.at(self, prefix)
        return type(self)(base.message, path=base.path, line=self.line, source=self.source)

    def in_file(self, source: str) -> RecordError:
        """Return the same error, saying it came from the file ``source``."""
        return type(self)(self.message, path=self.path, line=self.line, source=source)


class UnreadableFileError(RecordError):
    """A file cannot be read past this record: bytes not in its encoding, or a line the CSV
    reader refuses. There is no next record to go on with, so ``on_error="collect"`` stops
    here too.

    Examples:
        >>> e = UnreadableFileError("not utf-8 text (byte 0xff)", line=3, source="a.csv")
        >>> str(e), isinstance(e, RecordError)
        ('a.csv: line 3: not utf-8 text (byte 0xff)', True)
    """


class EventOrderError(ServiceModelError, ValueError):
    """Events are out of time order, precede the ticket's creation, or repeat an id.

    Examples:
        >>> issubclass(EventOrderError, ValueError)
        True
    """


class EventIdError(EventOrderError):
    """Another event reuses the id of an event already applied to a ticket (a redelivery
    repeats the same kind, instant and fields). A subclass of ``EventOrderError``, so handlers
    that catch that still catch it; one that retries late events can tell this apart, since a
    retry cannot mend it.

    Examples:
        >>> issubclass(EventIdError, EventOrderError)
        True
    """


class ScaleError(ConfigError):
    """A score lies outside its scale, is NaN, or is a bool.

    A [`ConfigError`][servicemodel.errors.ConfigError], so a bad score in a record is reported
    with the path of its field like any other bad value.

    Examples:
        >>> issubclass(ScaleError, ValueError)
        True
        >>> str(ScaleError("score 9.0 is outside the scale 1..5", path="score"))
        'score: score 9.0 is outside the scale 1..5'
    """


class MergeError(ServiceModelError, ValueError):
    """Two accumulators with different parameters (e.g. CSAT scales) cannot be merged.

    Examples:
        >>> issubclass(MergeError, ValueError)
        True
    """


class CalendarError(ServiceModelError, ValueError):
    """A calendar operation cannot be answered, e.g. a calendar that is never open.

    Examples:
        >>> issubclass(CalendarError, ValueError)
        True
    """


class OutOfRangeError(CalendarError):
    """An instant (or a result computed from one) lies outside the supported range.

    Instants are supported from 0002-01-02 to 9998-12-31 UTC (years 2..9998, less a day at
    each end so that every time zone's local date stays inside them); see
    [`require_instant`][servicemodel.errors.require_instant]. A
    [`CalendarError`][servicemodel.errors.CalendarError], hence a ``ValueError``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> require_instant(datetime(1, 1, 1, tzinfo=timezone.utc), "at")
        Traceback (most recent call last):
        ...
        servicemodel.errors.OutOfRangeError: at: 0001-01-01T00:00:00+00:00 is outside ...
    """


class UnknownHolidaysError(CalendarError):
    """A calendar query needs a year its holiday source has no data for.

    The ``holidays`` package keeps each country's table for a span of years (Germany's from
    1991) and answers "no holidays" outside it; such a year's holidays are unknown, not absent,
    so a query there is refused rather than counted as working days. A
    [`CalendarError`][servicemodel.errors.CalendarError], hence a ``ValueError``.

    Examples:
        >>> issubclass(UnknownHolidaysError, CalendarError)
        True
    """


class GoalError(ServiceModelError, ValueError):
    """A SMART goal misses a letter (e.g. no deadline) or is inconsistent.

    Examples:
        >>> issubclass(GoalError, ValueError)
        True
    """


class JourneyError(ServiceModelError, ValueError):
    """A customer moved between journey stages in a way the journey does not allow.

    Examples:
        >>> issubclass(JourneyError, ValueError)
        True
    """


class StaffingError(ServiceModelError, ValueError):
    """A staffing target cannot be reached, or a queueing value is out of range (never a value
    of the wrong type: that is an [`InputTypeError`][servicemodel.errors.InputTypeError]).

    Examples:
        >>> issubclass(StaffingError, ValueError)
        True
    """


class UnknownKeyError(ServiceModelError, KeyError):
    """A lookup by a name the value does not hold (an item, a dimension, a count, a segment).

    A ``KeyError``, so the mapping protocol (``in``, ``.get``) and code that catches
    ``KeyError`` keep working; its message is shown as written, not quoted as a key.

    Examples:
        >>> err = UnknownKeyError("item 23 is not in instrument 'SERVQUAL 1991'")
        >>> str(err), isinstance(err, KeyError)
        ("item 23 is not in instrument 'SERVQUAL 1991'", True)
    """

    def __str__(self) -> str:
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class PartialHistoryError(ServiceModelError, ValueError):
    """A figure needs a fact that the export behind a partial history does not hold.

    One-row-per-ticket exports and summary timestamps give histories without, say, the time in
    each status or the replies after the first; a figure that needs them refuses instead of
    guessing (see [`servicemodel.io.summary`][servicemodel.io.summary]).

    ``lost`` names the facts the figure needed and the history lacks (empty when the raiser
    did not say); [`LeaveOutPartial`][servicemodel.kpi.LeaveOutPartial] counts them.

    Examples:
        >>> issubclass(PartialHistoryError, ValueError)
        True
        >>> sorted(PartialHistoryError("no reopens", lost=["reopens"]).lost)
        ['reopens']
    """

    def __init__(self, *args: Any, lost: Iterable[str] = ()) -> None:
        super().__init__(*args)
        # (Pickled with the exception's __dict__, so it crosses process boundaries too.)
        self.lost: frozenset[str] = frozenset(lost)


class MissingExtraError(ServiceModelError, ImportError):
    """An optional dependency is needed; the message names the extra to install.

    Examples:
        >>> str(MissingExtraError("pandas", "to_frame"))
        "to_frame needs pandas: pip install 'servicemodel[pandas]'"
    """

    def __init__(self, extra: str, feature: str, package: str | None = None) -> None:
        self.extra = extra
        self.feature = feature
        self.package = package
        super().__init__(f"{feature} needs {package or extra}: pip install 'servicemodel[{extra}]'")

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle as ``cls(*args)``; this one's args are not its constructor's, and
        # errors cross process boundaries in parallel runs (dask workers).
        return (type(self), (self.extra, self.feature, self.package))


def require_aware(value: Any, name: str) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime, else raise a specific error.

    Examples:
        >>> from datetime import datetime, timezone
        >>> require_aware(datetime(2026, 1, 5, 9, tzinfo=timezone.utc), "at").hour
        9
        >>> require_aware(10**5000, "at")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: at: expected an aware datetime, got int <int of ...>
    """
    if not isinstance(value, datetime):
        # Imported here: the config layer imports this module.
        from servicemodel._config import safe_repr

        raise InputTypeError(
            f"{_label(name)}: expected an aware datetime, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    tz = value.tzinfo
    if tz is None and type(value).__name__ == "NaTType":  # pandas' NaT: a missing instant
        raise NaiveDatetimeError(
            f"{_label(name)}: got NaT, a missing instant; expected an aware datetime"
        )
    try:
        offset = None if tz is None else value.utcoffset()  # checks the offset too
    except Exception as exc:  # a broken tzinfo: its own error, whatever its type
        from servicemodel._config import safe_repr

        raise InputTypeError(
            f"{_label(name)}: the time zone of {safe_repr(value)} gives no valid UTC offset ({exc})"
        ) from None
    if offset is None:
        raise NaiveDatetimeError(
            f"{_label(name)}: naive datetime {value.isoformat()} has no time zone; "
            "attach one, e.g. value.replace(tzinfo=ZoneInfo('UTC'))"
        )
    if tz.__class__ not in _STDLIB_ZONES:
        _check_pytz(value, tz, offset, name)
    return value


#: The standard library's zone types, which need no further check.
_STDLIB_ZONES = frozenset({type(UTC), ZoneInfo})


def _check_pytz(value: datetime, tz: Any, offset: timedelta, name: object) -> None:
    """Refuse a pytz zone attached with ``tzinfo=`` (or ``replace``) instead of ``localize``.

    pytz's zones then give the zone's first offset in history, its local mean time (+00:53
    for Europe/Berlin), so every instant would be silently minutes off. pytz's documentation
    says to use ``localize`` ("Unfortunately using the tzinfo argument of the standard
    datetime constructors 'does not work' with pytz for many timezones", pytz's README).
    Recognised by pytz's own ``localize`` and ``normalize`` methods (pytz is not imported):
    the zone object itself is attached (it is what ``localize`` gives for the earliest
    date) and ``normalize`` gives another offset at that instant. A value ``localize`` made
    has another of the zone's entries as its ``tzinfo``, and keeps its exact instant even
    when arithmetic has left its wall time stale (pytz's ``normalize`` then mends the wall
    time, not the instant): it is accepted.
    """
    try:  # a look-alike's attribute lookups may raise anything: then it is no pytz zone
        localize = getattr(tz, "localize", None)
        normalize = getattr(tz, "normalize", None)
    except Exception:
        return
    if not callable(localize) or not callable(normalize):
        return
    try:
        right = normalize(value).utcoffset()
        attached = right != offset and tz is localize(datetime(1, 1, 2)).tzinfo
    except Exception:  # a look-alike that is no pytz zone: its offsets were checked above
        return
    if attached:
        from servicemodel._config import safe_repr

        try:
            zone = safe_repr(getattr(tz, "zone", None) or type(tz).__name__)
        except Exception:  # a look-alike whose zone cannot be read
            zone = type(tz).__name__
        raise InputTypeError(
            f"{_label(name)}: {value.isoformat()} has pytz's {zone} zone attached with "
            f"tzinfo=, which gives the zone's first offset in history ({offset}) instead of "
            f"the one in force ({right if type(right) is timedelta else safe_repr(right)}); "
            f"use ZoneInfo({zone}), or pytz's "
            f"{zone} zone's localize(naive)"
        )


def _origin(source: str) -> str:
    """A file name as a message's origin: as it is, or quoted when it would not print on one line.

    A name holding a newline or a tab (``'a\\nb.jsonl'``) is quoted like a value, so the
    message stays one line and a reader sees where the name ends.
    """
    if source.isprintable():
        return source
    from servicemodel._config import safe_repr

    return safe_repr(source, limit=240)


def _label(name: object) -> str:
    """``name`` as a message's label: text as it is, anything else by its (cut) repr."""
    if isinstance(name, str):
        return name
    from servicemodel._config import safe_repr

    return safe_repr(name)


# The one supported range of instants, [MIN_INSTANT, MAX_INSTANT), used by the calendar, SLA,
# goals, escalation and report code alike. Years 2..9998 less a day at each end: a local date
# in any zone (offsets are under 24 h) then lies in years 2..9998, the years a calendar can
# build (its year table reads the last days of the year before), and converting to UTC or any
# zone never leaves the datetime type's years 1..9999.
MIN_INSTANT = datetime(2, 1, 2, tzinfo=UTC)
MAX_INSTANT = datetime(9998, 12, 31, tzinfo=UTC)
INSTANT_RANGE = f"{MIN_INSTANT.date()}..{MAX_INSTANT.date()} UTC (exclusive end)"  # 0002-01-02


def require_instant(value: Any, name: str) -> datetime:
    """Return ``value`` if it is an aware datetime inside the supported range, else raise.

    The range is 0002-01-02 (inclusive) to 9998-12-31 (exclusive) UTC, whatever the offset the
    value carries: `InputTypeError` for a non-datetime, `NaiveDatetimeError` without a zone,
    `OutOfRangeError` outside the range; each message names the value.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> require_instant(datetime(2026, 1, 5, 9, tzinfo=timezone.utc), "at").hour
        9
        >>> east = timezone(timedelta(hours=23, minutes=59))
        >>> require_instant(datetime(1, 1, 1, tzinfo=east), "--at")
        Traceback (most recent call last):
        ...
        servicemodel.errors.OutOfRangeError: --at: 0001-01-01T00:00:00+23:59 is outside the ...
    """
    instant = require_aware(value, name)
    # Compared, not converted: an aware comparison never overflows (even where
    # ``astimezone(UTC)`` would raise OverflowError), and pandas compares a nanosecond
    # Timestamp with the range's ends without casting them to its narrower range.
    if not MIN_INSTANT <= instant < MAX_INSTANT:
        raise OutOfRangeError(
            f"{name}: {instant.isoformat()} is outside the supported range {INSTANT_RANGE}"
        )
    return instant
