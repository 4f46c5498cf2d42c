"""Schedule history: a calendar made of versions, each in force from a given instant.

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> from servicemodel.calendar import BusinessCalendar
    >>> before = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    >>> after = BusinessCalendar.weekly("UTC", {"mon-fri": "08:00-20:00"})
    >>> history = ScheduleHistory([(None, before), (datetime(2026, 3, 1, tzinfo=UTC), after)])
    >>> friday, tuesday = datetime(2026, 2, 27, tzinfo=UTC), datetime(2026, 3, 3, tzinfo=UTC)
    >>> history.elapsed(friday, tuesday)  # 8 h on Friday, 12 h on Monday
    datetime.timedelta(seconds=72000)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from servicemodel._config import Configurable, safe_repr
from servicemodel._validators import iso_datetime
from servicemodel.calendar._algebra import CalendarAlgebra, built_from, require_calendar_value
from servicemodel.calendar._derived import DerivedQueries, SourceTimeline, SpanList
from servicemodel.calendar._table import MAX_US, MIN_US, Timeline, to_us
from servicemodel.errors import ConfigError, InputTypeError, OutOfRangeError, require_instant

__all__ = ["ScheduleHistory", "read_since"]

Version = tuple[datetime | None, Any]


def _versions(value: Any) -> tuple[Version, ...]:
    try:
        return tuple((since, cal) for since, cal in value)
    except (TypeError, ValueError):
        raise InputTypeError(
            f"versions: expected (since, calendar) pairs, got {safe_repr(value)}"
        ) from None


def _check_versions(_: Any, __: Any, value: tuple[Version, ...]) -> None:
    if not value:
        raise InputTypeError("a schedule history needs at least one version")
    last: tuple[int, datetime] | None = None
    for i, (since, cal) in enumerate(value):
        require_calendar_value(cal, f"versions[{i}]")
        if since is None:
            if i == 0:
                continue
            raise InputTypeError(
                f"versions[{i}].since: only the first version may be in force since always "
                "(None); every later one needs the aware instant it starts at"
            )
        at = to_us(require_instant(since, f"versions[{i}].since"))
        if last is not None and at <= last[0]:
            raise InputTypeError(
                f"versions[{i}].since: {since.isoformat()} is not after the version before "
                f"({last[1].isoformat()}); versions go in order of since, each instant once"
            )
        last = (at, since)


@attrs.frozen(repr=False)
class ScheduleHistory(DerivedQueries, CalendarAlgebra, Configurable):
    """Calendar versions, each in force from its ``since`` instant until the next one's.

    ``versions`` is a sequence of ``(since, calendar)`` pairs in order of ``since`` (aware
    datetimes, compared in UTC). The first ``since`` may be ``None``: that version has been in
    force since the start of the supported range; otherwise the calendar is closed before it.
    The open time is the piecewise union, so ``elapsed``, ``add`` and ``sub`` across a version
    change count each stretch under the hours in force then, and every query of a
    `BusinessCalendar` is answered with the same rules, in O(log n).

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> history = ScheduleHistory.from_dict({"versions": [
        ...     {"calendar": {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}}},
        ...     {"since": "2026-03-02T00:00:00+00:00",
        ...      "calendar": {"tz": "UTC", "hours": {"mon-fri": "08:00-20:00"}}},
        ... ]})
        >>> history.add(datetime(2026, 2, 27, 16, tzinfo=UTC), timedelta(hours=3)).isoformat()
        '2026-03-02T10:00:00+00:00'
    """

    versions: tuple[Version, ...] = attrs.field(converter=_versions, validator=_check_versions)
    _cache: list[Timeline] = attrs.field(init=False, factory=list, eq=False, hash=False)
    _nesting: int = attrs.field(init=False, default=0, eq=False, hash=False)
    _parts: int = attrs.field(init=False, default=1, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        depth, size = built_from((cal for _, cal in self.versions), "a schedule history")
        object.__setattr__(self, "_nesting", depth)
        object.__setattr__(self, "_parts", size)

    def __getstate__(self) -> dict[str, Any]:
        return {
            "versions": self.versions,
            "_cache": [],
            "_nesting": self._nesting,
            "_parts": self._parts,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return f"ScheduleHistory({list(self.versions)!r})"

    def _timeline(self) -> Timeline:
        if not self._cache:
            self._cache.append(SourceTimeline(self._pieces))
        return self._cache[0]

    def windows(self) -> list[tuple[int, int, Any]]:
        """Return each version's ``[from, until)`` window in microseconds, with its calendar."""
        starts = [MIN_US if s is None else to_us(s) for s, _ in self.versions]
        ends = [*starts[1:], MAX_US]
        cals = [cal for _, cal in self.versions]
        return list(zip(starts, ends, cals, strict=True))

    def _pieces(self, lo: int, hi: int) -> SpanList:
        out: SpanList = []
        for a, b, cal in self.windows():
            a, b = max(a, lo), min(b, hi)
            if a < b:
                out.extend(cal._open_us(a, b))
        return out

    # -- configuration ---------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScheduleHistory:
        """Return the history described by ``data``: ``{"versions": [{"since", "calendar"}, …]}``.

        ``since`` is an ISO 8601 instant with an offset (or a TOML offset date-time), required
        for every version but the first. ``calendar`` is any calendar table a policy file
        takes, read by the same reader: a `BusinessCalendar` table, a ``union``,
        ``intersection`` or ``difference`` of calendar tables, or a history of its own. Errors
        name the full path (``versions[1].calendar.union[0].hours.mon``).

        Examples:
            >>> ScheduleHistory.from_dict({"versions": [{"calendar": {"tz": "Mars"}}]})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: versions[0].calendar.tz: unknown time zone 'Mars'
            >>> ScheduleHistory.from_dict({"versions": [{"calendar": {"union": [{"tz": "UTC"}]}}]})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: versions[0].calendar.union: a union needs at least two calendars, got 1
        """  # noqa: E501
        from servicemodel.calendar._config import history_from_dict  # it reads this class

        return history_from_dict(data, "", None, 1)

    def to_dict(self) -> dict[str, Any]:
        """Return the history in the shape `from_dict` reads, every version's calendar included.

        A version that is a combined calendar or a history is written as such; a calendar
        class of your own has no file form, and is an ``InputTypeError`` naming its version
        (``versions[1].calendar``).

        Examples:
            >>> from datetime import UTC, datetime
            >>> from servicemodel.calendar import BusinessCalendar
            >>> office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> lunch = BusinessCalendar.weekly("UTC", {"mon-fri": "12:00-13:00"})
            >>> since = datetime(2026, 3, 2, tzinfo=UTC)
            >>> h = ScheduleHistory([(None, BusinessCalendar.always()), (since, office - lunch)])
            >>> h.to_dict()["versions"][1]["calendar"]["difference"][1]["hours"]
            {'mon-fri': ['12:00-13:00']}
            >>> ScheduleHistory.from_dict(h.to_dict()) == h
            True
        """
        from servicemodel.calendar._config import calendar_to_dict  # it writes this class

        return calendar_to_dict(self, "")


def read_since(value: Any, path: str, *, first: bool) -> datetime | None:
    """A version's ``since`` read from config: an aware instant (ISO 8601 text or a TOML
    offset date-time), ``None`` allowed for the first version only; errors under ``path``."""
    if value is None:
        if first:
            return None
        raise ConfigError("missing required key 'since' (every version but the first)", path=path)
    if isinstance(value, str):
        try:
            value = iso_datetime(value)
        except ValueError:
            raise ConfigError(
                f"expected an ISO 8601 instant, got {safe_repr(value)}", path=path
            ) from None
    expected = "expected an instant with a UTC offset, e.g. '2026-03-01T00:00:00+01:00'"
    try:
        aware = isinstance(value, datetime) and value.utcoffset() is not None
    except ValueError:  # pandas' NaT is a datetime whose utcoffset raises: no instant at all
        raise ConfigError(f"got NaT, a missing instant; {expected}", path=path) from None
    if not aware:
        raise ConfigError(f"{expected}, got {safe_repr(value)}", path=path)
    try:
        return require_instant(value, path)
    except OutOfRangeError as exc:  # said once under the path, not "path: path: ..."
        raise ConfigError(str(exc).removeprefix(f"{path}: "), path=path) from None
