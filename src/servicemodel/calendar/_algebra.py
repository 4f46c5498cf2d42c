"""Calendar algebra: intersection, union and difference of calendars, in any zones.

Examples:
    >>> from datetime import UTC, datetime
    >>> from servicemodel.calendar import BusinessCalendar
    >>> support = BusinessCalendar.weekly("UTC", {"mon-fri": "08:00-18:00"})
    >>> shift = BusinessCalendar.weekly("UTC", {"mon-fri": "12:00-20:00"})
    >>> monday = datetime(2026, 1, 5, tzinfo=UTC)
    >>> both = support & shift
    >>> [(s.hour, e.hour) for s, e in both.open_intervals(monday, monday.replace(hour=23))]
    [(12, 18)]
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from servicemodel._validators import as_tuple, in_
from servicemodel.calendar._derived import (
    DerivedQueries,
    OpenTime,
    SourceTimeline,
    SpanList,
    intersect_spans,
    subtract_spans,
    union_spans,
)
from servicemodel.calendar._table import Timeline
from servicemodel.errors import ConfigError, InputTypeError

__all__ = [
    "MAX_NESTING",
    "MAX_PARTS",
    "CalendarAlgebra",
    "CombinedCalendar",
    "difference",
    "intersection",
    "built_from",
    "nesting",
    "parts",
    "require_calendar_value",
    "union",
]

Op = Literal["intersection", "union", "difference"]
_SYMBOL = {"intersection": " & ", "union": " | ", "difference": " - "}


class CalendarAlgebra:
    """Mixin: ``a & b``, ``a | b`` and ``a - b`` for every calendar of this package."""

    __slots__ = ()

    def __and__(self, other: Any) -> CombinedCalendar:
        return intersection(self, other)

    def __or__(self, other: Any) -> CombinedCalendar:
        return union(self, other)

    def __sub__(self, other: Any) -> CombinedCalendar:
        return difference(self, other)


#: How deep calendars may be built from calendars (a combination of combinations, a history
#: of combinations). Every query walks the operands recursively: without a bound, a
#: combination nested a few hundred levels deep (easily written in a policy file) raised
#: ``RecursionError`` from any query. No real schedule needs more than a handful of levels.
MAX_NESTING = 32
#: How many calendars one may be built from in all, each use of a shared one counted (the
#: size of its ``repr`` and ``to_dict``, and of the walk ``==`` and ``hash`` make). A policy
#: file's names let each level use the one above twice: 30 lines made a calendar of 2**30
#: parts, which took minutes to read and could never be written back.
MAX_PARTS = 10_000


def nesting(calendar: Any) -> int:
    """How many levels of calendars built from calendars ``calendar`` has (0: a plain one).

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> a = BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"})
        >>> nesting(a), nesting(a | a), nesting((a | a) & a)
        (0, 1, 2)
    """
    depth = getattr(calendar, "_nesting", 0)
    return depth if type(depth) is int else 0


def parts(calendar: Any) -> int:
    """How many plain calendars ``calendar`` is built from, each use counted (1: a plain one).

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> a = BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"})
        >>> b = a | a
        >>> parts(a), parts(b), parts(b & b & a)
        (1, 2, 5)
    """
    size = getattr(calendar, "_parts", 1)
    return size if type(size) is int else 1


def built_from(calendars: Any, what: str) -> tuple[int, int]:
    """The nesting and parts of a calendar built from ``calendars``; a ``ConfigError`` (a
    ``ValueError``: calendars of the right type, too many of them) past ``MAX_NESTING`` or
    ``MAX_PARTS``."""
    listed = list(calendars)
    depth = 1 + max((nesting(c) for c in listed), default=0)
    if depth > MAX_NESTING:
        raise ConfigError(
            f"calendars built from calendars may be nested at most {MAX_NESTING} levels deep, "
            f"got {depth}",
            path=what,
        )
    size = sum(parts(c) for c in listed)
    if size > MAX_PARTS:
        raise ConfigError(
            f"a calendar may be built from at most {MAX_PARTS:,} calendars in all (each use of "
            f"one counted), got {size:,}",
            path=what,
        )
    return depth, size


def require_calendar_value(value: Any, what: str) -> None:
    """An ``InputTypeError`` under ``what`` unless ``value`` is a calendar of this package
    (one with ``_open_us``, such as a ``BusinessCalendar``), not a calendar class.

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> require_calendar_value(BusinessCalendar, "versions[0]")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: versions[0]: expected a servicemodel calendar, got the class BusinessCalendar itself (build one, e.g. BusinessCalendar.weekly(...))
    """  # noqa: E501
    if isinstance(value, type):
        # The class has _open_us too, and a query on it raised a bare TypeError much later.
        raise InputTypeError(
            f"{what}: expected a servicemodel calendar, got the class {value.__name__} "
            f"itself (build one, e.g. {value.__name__}.weekly(...))"
            if value.__name__ == "BusinessCalendar"
            else f"{what}: expected a servicemodel calendar, got the class {value.__name__} itself"
        )
    try:
        ours = callable(getattr(value, "_open_us", None))
    except Exception:  # an object whose attribute lookup raises is no calendar of ours
        ours = False
    if not ours:
        raise InputTypeError(
            f"{what}: expected a servicemodel calendar, got {type(value).__name__}"
        )


def _check_operands(_: Any, __: Any, value: Any) -> None:
    for i, operand in enumerate(value):
        require_calendar_value(operand, f"operands[{i}]")


def _operands(value: Any) -> tuple[Any, ...]:
    return as_tuple(value, "operands")


@attrs.frozen(repr=False)
class CombinedCalendar(DerivedQueries, CalendarAlgebra):
    """A calendar made of others: their intersection, union or difference.

    Open where all operands are (intersection), where any is (union), or where the first is
    and the second is not (difference).

    Built with ``a & b``, ``a | b``, ``a - b`` or `intersection`, `union`, `difference`;
    the operands may be in different zones (open time is an instant set, compared in UTC) and
    may themselves be combined calendars or schedule histories. It answers every query of a
    `BusinessCalendar` (``is_open``, ``next_open``, ``next_close``, ``previous_open``,
    ``previous_close``, ``elapsed``, ``add``, ``sub``, ``open_intervals``, ``elapsed_many``,
    ``add_many``) with the same rules, in O(log n) after a year's table is built from the
    operands' open spans. Its ``repr`` is the expression that builds it.

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> from servicemodel.calendar import BusinessCalendar
        >>> hours = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
        >>> lunch = BusinessCalendar.weekly("UTC", {"mon-fri": "12:00-13:00"})
        >>> monday = datetime(2026, 1, 5, tzinfo=UTC)
        >>> (hours - lunch).elapsed(monday, monday + timedelta(days=1))
        datetime.timedelta(seconds=25200)
    """

    op: Op = attrs.field(validator=in_(("intersection", "union", "difference")))
    operands: tuple[Any, ...] = attrs.field(converter=_operands, validator=_check_operands)
    _cache: list[Timeline] = attrs.field(init=False, factory=list, eq=False, hash=False)
    _nesting: int = attrs.field(init=False, default=0, eq=False, hash=False)
    _parts: int = attrs.field(init=False, default=1, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if len(self.operands) < 2 or (self.op == "difference" and len(self.operands) != 2):
            # Calendars of the right type (checked by the validator), too few or too many.
            raise ConfigError(f"a {self.op} needs two operands, got {len(self.operands)}")
        depth, size = built_from(self.operands, f"a calendar {self.op}")
        object.__setattr__(self, "_nesting", depth)
        object.__setattr__(self, "_parts", size)

    def __getstate__(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "operands": self.operands,
            "_cache": [],
            "_nesting": self._nesting,
            "_parts": self._parts,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return "(" + _SYMBOL[self.op].join(map(repr, self.operands)) + ")"

    @property
    def is_always_open(self) -> bool:
        """Whether the calendar is known to be open at every instant.

        Examples:
            >>> from servicemodel.calendar import BusinessCalendar
            >>> always = BusinessCalendar.always()
            >>> (always | BusinessCalendar.weekly("UTC", {"mon": "09:00-10:00"})).is_always_open
            True
        """
        flags = [bool(getattr(o, "is_always_open", False)) for o in self.operands]
        if self.op == "intersection":
            return all(flags)
        return self.op == "union" and any(flags)

    def _timeline(self) -> Timeline:
        if not self._cache:
            self._cache.append(SourceTimeline(self._combine))
        return self._cache[0]

    def _combine(self, lo: int, hi: int) -> SpanList:
        parts: list[SpanList] = [o._open_us(lo, hi) for o in self.operands]
        if self.op == "union":
            return union_spans(parts)
        if self.op == "difference":
            return subtract_spans(parts[0], parts[1])
        out = parts[0]
        for part in parts[1:]:
            out = intersect_spans(out, part)
        return out


def _flat(op: Op, calendars: tuple[OpenTime, ...]) -> list[Any]:
    # (a & b) & c is stored as one intersection of three: shorter reprs, one sweep per year.
    out: list[Any] = []
    for cal in calendars:
        if isinstance(cal, CombinedCalendar) and cal.op == op:
            out.extend(cal.operands)
        else:
            out.append(cal)
    return out


def intersection(*calendars: Any) -> CombinedCalendar:
    """Return the calendar open where every one of ``calendars`` is open (``a & b & …``).

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> a = BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"})
        >>> intersection(a, a, a).op, len(intersection(a, a, a).operands)
        ('intersection', 3)
    """
    return CombinedCalendar("intersection", _flat("intersection", calendars))


def union(*calendars: Any) -> CombinedCalendar:
    """Return the calendar open where any one of ``calendars`` is open (``a | b | …``).

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> a = BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"})
        >>> b = BusinessCalendar.weekly("Asia/Tokyo", {"mon": "09:00-17:00"})
        >>> union(a, b).operands == (a, b)
        True
    """
    return CombinedCalendar("union", _flat("union", calendars))


def difference(calendar: Any, closed: Any) -> CombinedCalendar:
    """Return ``calendar`` with the open time of ``closed`` taken out (``a - b``).

    Breaks, maintenance windows and partial-day closures are differences.

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> hours = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
        >>> window = {"2026-01-05": "09:00-11:00"}
        >>> maintenance = BusinessCalendar.weekly("UTC", {}, overrides=window)
        >>> difference(hours, maintenance) == hours - maintenance
        True
    """
    return CombinedCalendar("difference", (calendar, closed))
