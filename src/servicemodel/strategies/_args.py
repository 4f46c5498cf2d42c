"""Checks of the strategies' own options: a wrong one is a ServiceModelError naming it.

Hypothesis checks its own strategies' arguments lazily and raises ``InvalidArgument``; ours
are checked where the strategy is made (or, for a composite, at its first draw), so a test
that passes ``histories(max_events="5")`` fails with ``histories: max_events must be an int
>= 0, got '5'`` rather than a ``TypeError`` from deep inside a draw. Wrong types are
``InputTypeError`` (a ``TypeError``); values of the right type out of range are
``ConfigError`` (a ``ValueError``, as some of these checks raised before); an empty list is
an ``InputTypeError``, as the strategies that checked for one raised before.

Examples:
    >>> whole("histories", "max_events", "5")
    Traceback (most recent call last):
    ...
    servicemodel.errors.InputTypeError: histories: max_events must be an int >= 0, got '5'
    >>> names("tickets", "channels", ["email", "chat"])
    ('email', 'chat')
"""

from __future__ import annotations

from collections.abc import Collection, MappingView, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, TypeVar

from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.errors import (
    INSTANT_RANGE,
    MAX_INSTANT,
    MIN_INSTANT,
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    require_instant,
)

__all__ = [
    "FIRST_LOCAL",
    "LAST_LOCAL",
    "MOST",
    "drawn_instant",
    "flag",
    "instant",
    "names",
    "ordered",
    "span",
    "strategy",
    "whole",
]

T = TypeVar("T")


#: The most values one example can hold: Hypothesis draws each example from a buffer of a few
#: kilobytes, so a larger minimum can never be met and a larger maximum is never reached.
MOST = 1000


def whole(fn: str, name: str, value: Any, minimum: int = 0, maximum: int | None = None) -> int:
    """``value`` as an int of at least ``minimum`` (and at most ``maximum``; a bool is no int)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError(f"{fn}: {name} must be an int >= {minimum}, got {safe_repr(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        most = "" if maximum is None else f" and <= {maximum}"
        raise ConfigError(f"{fn}: {name} must be an int >= {minimum}{most}, got {safe_repr(value)}")
    return value


def ordered(fn: str, low: tuple[str, Any], high: tuple[str, Any]) -> None:
    """Refuse a lower bound above its upper bound (both already checked for type)."""
    if low[1] > high[1]:
        raise ConfigError(
            f"{fn}: {low[0]} {safe_repr(low[1])} is above {high[0]} {safe_repr(high[1])}"
        )


def flag(fn: str, name: str, value: Any) -> bool:
    """``value`` as a bool (a truthy string is not one)."""
    if not isinstance(value, bool):
        raise InputTypeError(f"{fn}: {name} must be True or False, got {safe_repr(value)}")
    return value


def strategy(fn: str, name: str, value: Any) -> Any:
    """``value`` if it is a Hypothesis strategy or ``None``."""
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise InputTypeError(
            f"{fn}: {name} must be a Hypothesis strategy (or None), got {safe_repr(value)}"
        )
    return value


def names(
    fn: str,
    name: str,
    value: Any,
    allowed: Collection[T] | None = None,
    kind: type = str,
    what: str | None = None,
) -> tuple[Any, ...]:
    """``value`` as a non-empty tuple of ``kind`` values, each among ``allowed`` if given.

    ``what`` says what the items are where ``kind`` does not (``kind=object`` read as "a list
    of object values"; ``what="zone names"`` reads as "a list of zone names").
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence | Collection):
        items_are = what or f"{kind.__name__} values"
        raise InputTypeError(
            f"{fn}: {name} must be a non-empty list of {items_are}, got {safe_repr(value)}"
        )
    if isinstance(value, AbstractSet) and not isinstance(value, MappingView):
        # A set's order follows its items' hashes, which for text (and enum members, and
        # classes) change with the process's hash seed, so the examples drawn from it would
        # differ from one run to the next, even derandomized (Hypothesis' own sampled_from
        # refuses one for this reason). A mapping's keys or items view is a set too, but it
        # iterates in its mapping's order, as the mapping itself (taken below) does: a dict's
        # keys() keeps their insertion order.
        raise InputTypeError(
            f"{fn}: {name} must be an ordered list, not a set, whose order follows its items' "
            "hashes (for text, a seed that changes from run to run) and the examples with it "
            f"(pass sorted(...), a list or a dict's keys()), got {safe_repr(value)}"
        )
    items = tuple(value)
    if not items:  # an InputTypeError, as the strategies that checked this before raised
        raise InputTypeError(f"{fn}: {name} must not be empty")
    for item in items:
        if not isinstance(item, kind) or (kind is str and not item):
            what = "non-empty str" if kind is str else kind.__name__
            raise InputTypeError(
                f"{fn}: {name} must hold {what} values, got {safe_repr(item)}"
                f"{_member_hint(kind, item)}"
            )
        if allowed is not None and item not in allowed:
            known = ", ".join(str(a) for a in allowed)
            raise ConfigError(f"{fn}: {name} holds {safe_repr(item)}; known: {known}")
    return items


def _member_hint(kind: type, item: Any) -> str:
    """`` (write Priority.URGENT)`` for an enum member given by its value, else ``""``.

    Examples:
        >>> from servicemodel.model import Priority
        >>> _member_hint(Priority, "Urgent"), _member_hint(Priority, "soon")
        (' (write Priority.URGENT)', '')
    """
    if not (issubclass(kind, Enum) and isinstance(item, str)):
        return ""
    text = item.strip().lower()
    members: list[Enum] = list(kind)
    member = next((m for m in members if str(m.value).lower() == text), None)
    return "" if member is None else f" (write {kind.__name__}.{member.name})"


def span(fn: str, name: str, value: Any, *, positive: bool = True) -> timedelta:
    """``value`` as a timedelta, above zero with ``positive`` (else at least zero)."""
    if not isinstance(value, timedelta):
        raise InputTypeError(f"{fn}: {name} must be a timedelta, got {safe_repr(value)}")
    if value < timedelta(0) or (positive and not value):
        least = "above" if positive else "at least"
        raise ConfigError(f"{fn}: {name} must be {least} zero, got {value}")
    return value


#: Local bounds whose instants lie in the supported range in every zone (offsets are under a
#: day): a value drawn outside it was refused by the types it was drawn for.
FIRST_LOCAL = (MIN_INSTANT + timedelta(days=1)).replace(tzinfo=None)
LAST_LOCAL = (MAX_INSTANT - timedelta(days=1)).replace(tzinfo=None)


def instant(fn: str, name: str, value: Any, *, aware: bool | None) -> datetime:
    """``value`` as a datetime, aware or naive as the option says (``None``: either).

    An aware bound must lie in the supported range of instants, a naive (local) one where it
    lies in that range in every zone, so that no drawn value is refused by our own types.
    """
    if not isinstance(value, datetime):
        raise InputTypeError(f"{fn}: {name} must be a datetime, got {safe_repr(value)}")
    if aware is not None and (value.utcoffset() is not None) != aware:
        want = "an aware datetime" if aware else "a naive datetime (a local bound)"
        raise ConfigError(f"{fn}: {name} must be {want}, got {value.isoformat()}")
    if value.utcoffset() is not None and not MIN_INSTANT <= value < MAX_INSTANT:
        raise ConfigError(
            f"{fn}: {name} must lie in the supported range {INSTANT_RANGE}, got {value.isoformat()}"
        )
    if value.utcoffset() is None and not FIRST_LOCAL <= value < LAST_LOCAL:
        raise ConfigError(
            f"{fn}: {name} must lie in {FIRST_LOCAL.date()}..{LAST_LOCAL.date()} (local time, "
            f"exclusive end), where an instant in any zone lies in the supported range "
            f"{INSTANT_RANGE}, got {value.isoformat()}"
        )
    return value


def drawn_instant(fn: str, name: str, value: Any) -> datetime:
    """A value drawn from a user's strategy for option ``name``, checked as an instant.

    Our types would refuse it too, but naming the field (``created_at: ...``) rather than the
    strategy and the option that drew it.
    """
    if not isinstance(value, datetime):
        raise InputTypeError(f"{fn}: {name} drew {safe_repr(value)}, not a datetime")
    if value.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{fn}: {name} drew the naive datetime {value.isoformat()}; draw aware ones, "
            f"e.g. with aware_datetimes()"
        )
    return require_instant(value, f"{fn}: {name}")
