"""Private: a calendar's file form, read and written by every config type that holds one.

One reader for every place a calendar is configured: ``ScheduleHistory.from_dict``, a policy
file's calendars (``servicemodel.sla``), service standards. A calendar table is a
``BusinessCalendar`` table; a table with ``versions`` is a ``ScheduleHistory``; a table with
one key ``union``, ``intersection`` or ``difference`` lists the calendars it combines (tables,
or names of calendars defined above it). Errors carry the full path
(``versions[1].calendar.union[0].hours.mon``).

Examples:
    >>> from servicemodel.calendar import BusinessCalendar
    >>> a = BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"})
    >>> closed = BusinessCalendar.from_dict({"tz": "UTC"})
    >>> calendar_from_dict({"difference": [a.to_dict(), {"tz": "UTC"}]}, "") == a - closed
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from servicemodel._config import as_list, fields, join, safe_repr
from servicemodel.calendar._algebra import MAX_NESTING, CombinedCalendar
from servicemodel.calendar._calendar import BusinessCalendar
from servicemodel.calendar._history import ScheduleHistory, read_since
from servicemodel.calendar._protocol import CalendarLike
from servicemodel.errors import ConfigError, InputTypeError

__all__ = [
    "CALENDAR_KINDS",
    "calendar_from_dict",
    "calendar_ref",
    "calendar_to_dict",
    "history_from_dict",
    "is_calendar",
]


#: What a calendar may be, as error messages say it.
CALENDAR_KINDS = (
    "a BusinessCalendar or another calendar (CombinedCalendar, ScheduleHistory, or any "
    "CalendarLike: is_always_open, elapsed(a, b), add(t, d))"
)
#: The calendar algebra's operations as a calendar table names them (``union = [a, b]``).
_ALGEBRA = ("union", "intersection", "difference")


def is_calendar(value: Any) -> bool:
    """Whether ``value`` is a calendar an SLA clock can count on (``CalendarLike``).

    A ``BusinessCalendar`` (its fast paths), or anything with ``is_always_open`` and callable
    ``elapsed`` and ``add``: the clocks then ask it those queries and nothing else.

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
        >>> is_calendar(office), is_calendar(office | office), is_calendar(BusinessCalendar)
        (True, True, False)
    """
    if type(value) is BusinessCalendar:
        return True
    try:
        # Read here: isinstance of a Protocol reads no property from Python 3.12 on
        # (getattr_static), so a flag that raises was a calendar there and not in 3.11.
        _ = value.is_always_open
        return (
            not isinstance(value, type)  # the class itself has the attributes too
            and isinstance(value, CalendarLike)
            and callable(getattr(value, "elapsed", None))
            and callable(getattr(value, "add", None))
        )
    except Exception:  # an attribute that raises (a property): not a calendar to count on
        return False


def calendar_from_dict(
    value: Any, path: str, calendars: Mapping[str, CalendarLike] | None = None, depth: int = 0
) -> CalendarLike:
    """A calendar read from its config table, with errors under ``path``.

    A ``BusinessCalendar`` table; a table with ``versions`` is a ``ScheduleHistory`` (its
    ``from_dict`` shape); a table with one key ``union``, ``intersection`` or ``difference``
    lists the calendars it combines (tables, or names in ``calendars``).

    Examples:
        >>> calendar_from_dict({"union": [{"tz": "UTC"}]}, "calendars.both")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: calendars.both.union: a union needs at least two calendars, got 1
    """  # noqa: E501
    if isinstance(value, Mapping):
        ops = [op for op in _ALGEBRA if op in value]
        if (ops or "versions" in value) and depth >= MAX_NESTING:
            # Said before reading deeper, so a file nested 10,000 deep is no RecursionError.
            raise ConfigError(
                f"calendars built from calendars may be nested at most {MAX_NESTING} levels deep",
                path=path,
            )
        if ops:
            return _combined_from_dict(value, ops[0], path, calendars, depth + 1)
        if "versions" in value:
            return history_from_dict(value, path, calendars, depth + 1)
    try:
        return BusinessCalendar.from_dict(value)
    except ConfigError as exc:
        raise exc.at(path) from None


def _combined_from_dict(
    value: Mapping[str, Any],
    op: str,
    path: str,
    calendars: Mapping[str, CalendarLike] | None,
    depth: int,
) -> CombinedCalendar:
    """``{op: [calendar, ...]}``: a ``CombinedCalendar`` of the calendars listed."""
    table = fields(value, path=path, required=(op,), what="a combined calendar")
    here = join(path, op)
    listed = as_list(table[op], here, "a list of calendars")
    operands = [
        calendar_ref(item, calendars, join(here, i), depth) for i, item in enumerate(listed)
    ]
    if op == "difference" and len(operands) != 2:
        raise ConfigError(
            f"a difference takes two calendars (open time, then the time taken out), got "
            f"{len(operands)}",
            path=here,
        )
    if len(operands) < 2:
        raise ConfigError(f"a {op} needs at least two calendars, got {len(operands)}", path=here)
    for i, o in enumerate(operands):
        if o is None:
            raise ConfigError(
                "expected a calendar table or a calendar name, got None", path=join(here, i)
            )
    try:
        return CombinedCalendar(op, operands)  # type: ignore[arg-type]
    except (ConfigError, InputTypeError) as exc:  # nested too deep through names defined above
        raise ConfigError(str(exc), path=here) from None


def history_from_dict(
    value: Mapping[str, Any], path: str, calendars: Mapping[str, CalendarLike] | None, depth: int
) -> ScheduleHistory:
    """``{"versions": [{"since", "calendar"}, ...]}``: a ``ScheduleHistory``, whose versions may
    be any calendar table (a combination, a history) or a name in ``calendars``; ``depth`` is
    the history's own level of nesting (1 at the top of a file)."""
    table = fields(value, path=path, required=("versions",), what="a schedule history")
    here = join(path, "versions")
    out: list[tuple[datetime | None, CalendarLike]] = []
    for i, item in enumerate(as_list(table["versions"], here)):
        at = join(here, i)
        version = fields(item, path=at, required=("calendar",), optional=("since",))
        since = read_since(version.get("since"), join(at, "since"), first=i == 0)
        cal = calendar_ref(version["calendar"], calendars, join(at, "calendar"), depth)
        if cal is None:
            raise ConfigError(
                "expected a calendar table or a calendar name, got None", path=join(at, "calendar")
            )
        before = out[-1][0] if out else None
        if since is not None and before is not None and since <= before:
            raise ConfigError(
                f"{since.isoformat()} is not after the version before ({before.isoformat()}); "
                "versions go in order of since, each instant once",
                path=join(at, "since"),
            )
        out.append((since, cal))
    if not out:
        raise ConfigError("a schedule history needs at least one version", path=here)
    try:
        return ScheduleHistory(out)
    except (ConfigError, InputTypeError) as exc:  # nested too deep through names defined above
        raise ConfigError(str(exc), path=here) from None


def calendar_to_dict(cal: CalendarLike, what: str) -> dict[str, Any]:
    """``cal`` in the shape ``calendar_from_dict`` reads; an ``InputTypeError`` naming ``what``
    and the calendar for one that has no such shape (a calendar class of your own).

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> a = BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"})
        >>> calendar_from_dict(calendar_to_dict(a | a, "calendar"), "calendar") == a | a
        True
    """
    if isinstance(cal, BusinessCalendar):
        return cal.to_dict()
    if isinstance(cal, CombinedCalendar):
        here = join(what, cal.op)
        return {cal.op: [calendar_to_dict(o, join(here, i)) for i, o in enumerate(cal.operands)]}
    if isinstance(cal, ScheduleHistory):
        here = join(what, "versions")
        versions: list[dict[str, Any]] = []
        for i, (since, version) in enumerate(cal.versions):
            at = join(join(here, i), "calendar")
            entry: dict[str, Any] = {"calendar": calendar_to_dict(version, at)}
            if since is not None:
                entry["since"] = since.isoformat()
            versions.append(entry)
        return {"versions": versions}
    raise InputTypeError(
        f"{what}: this calendar has no dict form (only a BusinessCalendar, and combinations "
        f"and schedule histories of such calendars, have one), got "
        f"{type(cal).__name__} {safe_repr(cal)}"
    )


def calendar_ref(
    value: Any, calendars: Mapping[str, CalendarLike] | None, path: str, depth: int = 0
) -> CalendarLike | None:
    """A calendar given inline, or by its name in the set's ``calendars`` table.

    Examples:
        >>> calendar_ref("office", {}, "policies[0].calendar")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: policies[0].calendar: unknown calendar 'office'; defined calendars: []
    """  # noqa: E501
    if value is None or is_calendar(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):
        if calendars is None or value not in calendars:
            known = sorted(calendars) if calendars else []
            raise ConfigError(
                f"unknown calendar {safe_repr(value)}; defined calendars: {known}", path=path
            )
        return calendars[value]
    if isinstance(value, Mapping):
        return calendar_from_dict(value, path, calendars, depth)
    raise ConfigError(
        f"expected a calendar mapping or a calendar name, got {safe_repr(value)}", path=path
    )
