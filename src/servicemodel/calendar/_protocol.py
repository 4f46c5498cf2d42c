"""The one calendar protocol: what SLA clocks and time KPIs need from a business calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from servicemodel.errors import CalendarError, ServiceModelError

__all__ = [
    "CalendarLike",
    "add_unchecked_law",
    "always_open",
    "checked_add",
    "checked_elapsed",
    "checked_sub",
    "is_broken",
]


@runtime_checkable
class CalendarLike(Protocol):
    """What the SLA engine and the KPIs read from a calendar; ``BusinessCalendar`` has it all.

    KPIs measure open time with ``elapsed``; SLA clocks also project deadlines with ``add``
    and take the plain-arithmetic path when ``is_always_open`` holds. Instants are aware
    datetimes; implementations must compute in UTC (same-zone datetime arithmetic in Python is
    wall-clock time, wrong across a DST change).

    Examples:
        >>> from datetime import datetime, timedelta
        >>> class Wall:
        ...     is_always_open = True
        ...     def elapsed(self, a: datetime, b: datetime) -> timedelta:
        ...         return b - a
        ...     def add(self, t: datetime, d: timedelta) -> datetime:
        ...         return t + d
        >>> isinstance(Wall(), CalendarLike), isinstance(BusinessCalendar.always(), CalendarLike)
        (True, True)
    """

    @property
    def is_always_open(self) -> bool:
        """True for a calendar open at every instant (24/7, no holidays or overrides)."""
        ...  # pragma: no cover - protocol

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        """Open time in ``[a, b)``; negative when ``b < a``."""
        ...  # pragma: no cover - protocol

    def add(self, t: datetime, d: timedelta) -> datetime:
        """The latest instant ``x >= t`` with ``elapsed(t, x) == d`` (for ``d >= 0``)."""
        ...  # pragma: no cover - protocol


# -- the answers of a calendar of one's own, checked -----------------------------------------
#
# A calendar of this package (anything with ``_open_us``: BusinessCalendar, CombinedCalendar,
# ScheduleHistory) is trusted. A class of the caller's own is asked through these functions,
# which turn what would be a foreign exception or a silently wrong verdict into a
# ``CalendarError`` naming the calendar and the query: a query that raises, an answer of the
# wrong type, a naive instant, open time that is negative or longer than the stretch asked
# about, an ``add`` that lands before its start, a ``sub`` after it, and an ``add`` whose
# answer its own ``elapsed`` contradicts (the protocol's law ``elapsed(t, add(t, d)) == d``;
# the one way a calendar that answers the same query differently from call to call is caught).


def _trusted(cal: object) -> bool:
    return callable(getattr(type(cal), "_open_us", None))


def _broken(cal: object, query: str, problem: str) -> CalendarError:
    exc = CalendarError(
        f"calendar {_shown(cal)}: {query} {problem}; a calendar of your own must answer as "
        "the CalendarLike protocol says (aware instants, open time from 0 up to the stretch "
        "asked about, elapsed(t, add(t, d)) == d)"
    )
    exc._broken_calendar = True  # type: ignore[attr-defined]
    return exc


def is_broken(exc: BaseException) -> bool:
    """Whether ``exc`` says a calendar of one's own broke the protocol (raised by the checked
    queries), rather than a calendar's own ``CalendarError`` (no open time ahead).

    Examples:
        >>> from servicemodel.errors import CalendarError
        >>> is_broken(_broken(object(), "add(t, d)", "gave None")), is_broken(CalendarError("x"))
        (True, False)
    """
    return getattr(exc, "_broken_calendar", False) is True


def _shown(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the error being reported
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= 200 else text[:197] + "..."


def _ask(cal: object, query: str, call: Callable[[], Any]) -> Any:
    try:
        return call()
    except ServiceModelError:
        raise
    except Exception as exc:
        raise _broken(cal, query, f"raised {type(exc).__name__}: {exc}") from exc


def always_open(cal: CalendarLike) -> bool:
    """``cal.is_always_open``, which a calendar of one's own must give as ``True`` or ``False``.

    Examples:
        >>> class Odd:
        ...     def is_always_open(self): return False  # a method, not a property: truthy
        >>> always_open(Odd())
        Traceback (most recent call last):
        ...
        servicemodel.errors.CalendarError: calendar <...Odd object at 0x...>: is_always_open gave a bound method, not True or False; ...
    """  # noqa: E501
    if _trusted(cal):
        return cal.is_always_open
    flag = _ask(cal, "is_always_open", lambda: cal.is_always_open)
    if type(flag) is not bool:
        raise _broken(cal, "is_always_open", f"gave {_kind(flag)}, not True or False")
    return flag


def _kind(value: object) -> str:
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name.replace('method', 'bound method') if name == 'method' else name}"


def checked_elapsed(cal: Any, a: datetime, b: datetime) -> timedelta:
    """``cal.elapsed(a, b)``, checked when ``cal`` is a class of one's own.

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> class Backwards:
        ...     is_always_open = False
        ...     def elapsed(self, a, b): return a - b
        ...     def add(self, t, d): return t + d
        ...     def __repr__(self): return "Backwards()"
        >>> t = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> checked_elapsed(Backwards(), t, t + timedelta(hours=1))
        Traceback (most recent call last):
        ...
        servicemodel.errors.CalendarError: calendar Backwards(): elapsed(2026-03-02T09:00:00+00:00, 2026-03-02T10:00:00+00:00) gave -1 day, 23:00:00, not from 0 up to 1:00:00; ...
    """  # noqa: E501
    if _trusted(cal):
        return cal.elapsed(a, b)  # type: ignore[no-any-return]
    if b < a:  # the protocol: negative when ``b < a``
        return -checked_elapsed(cal, b, a)
    query = f"elapsed({a.isoformat()}, {b.isoformat()})"
    got = _ask(cal, query, lambda: cal.elapsed(a, b))
    if type(got) is not timedelta:
        raise _broken(cal, query, f"gave {_kind(got)} {_shown(got)}, not a timedelta")
    span = b.astimezone(UTC) - a.astimezone(UTC)
    if not timedelta(0) <= got <= span:
        raise _broken(cal, query, f"gave {got}, not from 0 up to {span}")
    return got


def checked_add(cal: CalendarLike, t: datetime, d: timedelta) -> datetime:
    """``cal.add(t, d)`` for ``d >= 0``, checked when ``cal`` is a class of one's own: an
    aware instant, not before ``t``, after exactly ``d`` of ``cal``'s own open time."""
    if _trusted(cal):
        return cal.add(t, d)
    query = f"add({t.isoformat()}, {d})"
    x = _instant(cal, query, _ask(cal, query, lambda: cal.add(t, d)))
    if x < t:
        raise _broken(cal, query, f"gave {x.isoformat()}, before its start")
    back = checked_elapsed(cal, t, x)
    if back != d:
        raise _broken(
            cal, query, f"gave {x.isoformat()}, but elapsed from {t.isoformat()} to it is {back}"
        )
    return x


def add_unchecked_law(cal: Any, t: datetime, d: timedelta) -> datetime:
    """``cal.add(t, d)`` for a calendar asked only ``add`` (no ``elapsed`` to check it by):
    a query that raises anything but a ``ServiceModelError``, a ``CalendarError`` of its own,
    or an answer that is no aware instant or lands before ``t``, is a ``CalendarError`` naming
    the calendar and the query (``is_broken``). A calendar of this package is asked directly:
    its ``CalendarError`` (no open time ahead, past the supported range) passes through as it is.

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> class Closed:
        ...     def add(self, t, d): raise CalendarError("no open time ahead")
        ...     def __repr__(self): return "Closed()"
        >>> add_unchecked_law(Closed(), datetime(2026, 3, 2, tzinfo=UTC), timedelta(hours=1))
        Traceback (most recent call last):
        ...
        servicemodel.errors.CalendarError: calendar Closed(): add(2026-03-02T00:00:00+00:00, 1:00:00) raised CalendarError: no open time ahead; ...
    """  # noqa: E501
    if _trusted(cal):
        return cal.add(t, d)  # type: ignore[no-any-return]
    query = f"add({t.isoformat()}, {d})"
    try:
        got = _ask(cal, query, lambda: cal.add(t, d))
    except CalendarError as exc:
        # Its own CalendarError could mean anything (a bug, a lookup that failed), not just
        # "no open time ahead": a caller that reads that as an answer would change a figure
        # on a failure. Named, like every other way a calendar of one's own can fail.
        if is_broken(exc):
            raise
        raise _broken(cal, query, f"raised {type(exc).__name__}: {exc}") from exc
    x = _instant(cal, query, got)
    if x < t:
        raise _broken(cal, query, f"gave {x.isoformat()}, before its start")
    return x


def checked_sub(cal: Any, t: datetime, d: timedelta) -> datetime:
    """``cal.sub(t, d)`` for ``d >= 0`` (a calendar that has it), checked like ``checked_add``:
    an aware instant, not after ``t``."""
    if _trusted(cal):
        return cal.sub(t, d)  # type: ignore[no-any-return]
    query = f"sub({t.isoformat()}, {d})"
    x = _instant(cal, query, _ask(cal, query, lambda: cal.sub(t, d)))
    if x > t:
        raise _broken(cal, query, f"gave {x.isoformat()}, after its start")
    return x


def _instant(cal: object, query: str, x: Any) -> datetime:
    if not isinstance(x, datetime):
        raise _broken(cal, query, f"gave {_kind(x)} {_shown(x)}, not a datetime")
    if x.utcoffset() is None:
        raise _broken(cal, query, f"gave the naive datetime {x.isoformat()}, not an aware one")
    return x
