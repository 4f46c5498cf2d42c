"""Value vocabulary of the model: priorities, statuses, channels and the field validators.

The validators and converters here are shared by [`Ticket`][servicemodel.model.Ticket] and the
event classes, so every field of the same meaning is checked the same way. ``pasteable`` and
``normalize_channel`` (in ``__all__``) are internal but shared with other subpackages (the
standards read their channel names with the same rule as a ticket's); they are not public API.

Examples:
    >>> Priority("urgent") > Priority.HIGH, Status("on-hold".replace("-", "_")).is_resolved
    (True, False)
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeAlias, TypeVar

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    ScaleError,
    require_aware,
    require_instant,
)

E = TypeVar("E", bound=type[enum.Enum])

__all__ = [
    "KNOWN_CHANNELS",
    "AttributeValue",
    "Priority",
    "Status",
    "normalize_channel",
    "pasteable",
]


def pasteable(cls: E) -> E:
    """Show the enum's members as ``Priority.LOW``, code that pastes back, where Hypothesis does.

    A str-based member's repr is ``<Priority.LOW: 'low'>``, and Hypothesis prints a ``str``
    subclass with its repr, so a failing example that held one could not be pasted into
    ``@example(...)``. Hypothesis and IPython both print a value with its ``_repr_pretty_``
    method when it has one; this class decorator gives the enum one (set after the class is
    made, since an enum's body may not define a ``_sunder_`` name).

    Examples:
        >>> class Printer:  # the one method of IPython's printer that this uses
        ...     def text(self, s):
        ...         print(s)
        >>> Priority.LOW._repr_pretty_(Printer(), False)
        Priority.LOW
    """

    def _repr_pretty_(member: enum.Enum, printer: Any, cycle: bool) -> None:
        printer.text(f"{type(member).__name__}.{member.name}")

    cls._repr_pretty_ = _repr_pretty_  # type: ignore[attr-defined]
    return cls


@pasteable
class Priority(enum.StrEnum):
    """Ticket priority, ordered from ``LOW`` to ``URGENT``.

    Examples:
        >>> Priority("high") > Priority.NORMAL
        True
    """

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @classmethod
    def parse(cls, value: Any, path: str = "priority") -> Priority:
        """Read a priority written any usual way (``"High"``, ``" urgent "``), or a clear error.

        The one reader every configuration and export uses, so an unknown priority is the
        same ``ConfigError`` (listing ours, at ``path``) wherever it is written.

        Examples:
            >>> Priority.parse(" High ")
            <Priority.HIGH: 'high'>
            >>> Priority.parse("p1", "priority_map.P1")
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: priority_map.P1: unknown priority 'p1'; expected one of ['low', 'normal', 'high', 'urgent']
        """  # noqa: E501
        if isinstance(value, cls):
            return value
        # Only text names a priority: str() of anything else never does, and of a deeply
        # nested list it raised a RecursionError.
        if isinstance(value, str):
            try:
                return cls(value.strip().lower())
            except ValueError:
                pass
        raise ConfigError(
            f"unknown priority {safe_repr(value)}; expected one of {[p.value for p in cls]}",
            path=path,
        )

    @property
    def rank(self) -> int:
        """Position in the order low < normal < high < urgent (0-based).

        Examples:
            >>> Priority.URGENT.rank
            3
        """
        return _PRIORITY_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank >= other.rank


_PRIORITY_RANK = {p: i for i, p in enumerate(Priority)}


@pasteable
class Status(enum.StrEnum):
    """Ticket status. ``SOLVED`` and ``CLOSED`` count as resolved.

    Examples:
        >>> Status.PENDING.is_resolved, Status.CLOSED.is_resolved
        (False, True)
    """

    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    ON_HOLD = "on_hold"
    SOLVED = "solved"
    CLOSED = "closed"

    @classmethod
    def parse(cls, value: Any, path: str = "status") -> Status:
        """Read a status written any usual way (``"On-Hold"``, ``"on hold"``), or a clear error.

        Examples:
            >>> Status.parse("On-Hold")
            <Status.ON_HOLD: 'on_hold'>
            >>> Status.parse("hold")
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: status: unknown status 'hold'; expected one of [...] (Zendesk's 'hold' is 'on_hold' here)
            >>> Status.parse("done", "status_map.Resolved")
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: status_map.Resolved: unknown status 'done'; expected one of ['new', 'open', 'pending', 'on_hold', 'solved', 'closed']
        """  # noqa: E501
        if isinstance(value, cls):
            return value
        hint = ""
        if isinstance(value, str):  # only text names a status (as for Priority.parse)
            key = value.strip().lower().replace("-", "_").replace(" ", "_")
            try:
                return cls(key)
            except ValueError:
                hint = _STATUS_HINTS.get(key, "")
        raise ConfigError(
            f"unknown status {safe_repr(value)}; expected one of {[s.value for s in cls]}{hint}",
            path=path,
        )

    @property
    def is_resolved(self) -> bool:
        """True for ``SOLVED`` and ``CLOSED``.

        Examples:
            >>> Status.SOLVED.is_resolved
            True
        """
        return self in (Status.SOLVED, Status.CLOSED)


#: What an unknown status that is another desk's word for one of ours adds to its error: ours
#: (the readers of those desks' exports map it themselves).
_STATUS_HINTS = {
    "hold": " (Zendesk's 'hold' is 'on_hold' here)",
    "onhold": " (on hold is 'on_hold' here)",
    "resolved": " (resolved is 'solved' here)",
}

#: Channels most exports use. The vocabulary is open: any other lower-case name is accepted.
KNOWN_CHANNELS = frozenset({"email", "chat", "phone", "social", "web", "other"})

#: A free-form attribute value: what JSON can carry as a scalar (a float is finite: strict JSON
#: has no NaN or infinity).
AttributeValue: TypeAlias = str | int | float | bool | None


def _utc(t: datetime, name: str = "instant") -> datetime:
    """``t`` in UTC; the one place the model converts an instant to UTC.

    ``0001-01-01T00:00:00+23:59`` is a valid aware datetime, but its UTC time lies before
    year 1, where ``astimezone`` raises ``OverflowError``: that becomes the library's
    ``OutOfRangeError`` naming the field, not a traceback from wherever it was compared.
    """
    try:
        return t.astimezone(UTC)
    except OverflowError:
        require_instant(t, name)  # raises OutOfRangeError for every instant that overflows
        raise  # pragma: no cover - kept so no path returns without a value


def _aware(name: str) -> Any:
    # Checked once, when the value is built: every instant the model holds lies in the
    # library's one supported range (servicemodel.errors.require_instant), so comparing and
    # subtracting later never overflows, and an absurd date in one record is that record's
    # error at load time instead of a failure of the whole report when a calendar meets it.
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, datetime):
            raise InputTypeError(
                f"{name}: expected an aware datetime, got {type(value).__name__} {safe_repr(value)}"
            )
        require_aware(value, name)
        # A UTC offset is under a day, so only local years near the ends can leave the range;
        # the year test spares the check on every other instant (hot in loaders).
        if value.year <= 2 or value.year >= 9998:
            require_instant(value, name)

    return check


def _name(field: str) -> Any:
    # A readable error naming the field and the value, instead of attrs' tuple-laden TypeError.
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            raise InputTypeError(
                f"{field}: expected a string, got {type(value).__name__} {safe_repr(value)}"
            )
        if not value:
            raise ConfigError(
                f"{field} must be a non-empty string, got {safe_repr(value)}", path=field
            )
        if "\x00" in value:
            raise _nul(field, value)

    return check


def _nul(what: str, value: str, path: str | None = None) -> ConfigError:
    """An identifier holding a NUL: a name nobody could type or search for, which C-based
    tools and databases cut at the NUL (two ids would become one), refused as a policy's
    name is. ``path``: the field (``what`` by default)."""
    return ConfigError(f"{what} cannot hold a NUL, got {safe_repr(value)}", path=path or what)


def _optional_label(field: str) -> Any:
    """A validator: ``None`` or a string with something besides spaces (a source's own name).

    A label is matched exactly against a policy's keys (a pause list, ``"label:NAME"``
    targets): an empty or non-string label could never be listed there, so it is refused
    rather than kept.
    """

    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(
                f"expected a non-blank string or None, got {safe_repr(value)}", path=field
            )

    return check


def _flag(field: str, *, optional: bool) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if not (isinstance(value, bool) or (optional and value is None)):
            allowed = "true, false or null" if optional else "true or false"
            raise InputTypeError(
                f"{field}: expected {allowed}, got {type(value).__name__} {safe_repr(value)}"
            )

    return check


def normalize_channel(value: Any) -> str:
    """A channel name as the model keeps it: stripped and lower-cased, checked for its letters."""
    if not isinstance(value, str):
        raise InputTypeError(
            f"channel: expected a string, got {type(value).__name__} {safe_repr(value)}"
        )
    norm = value.strip().lower()
    if not norm or not all(c.isalnum() or c in "_-." for c in norm):
        raise ConfigError(
            "channel must be a non-blank name of letters, digits, '_', '-' or '.', "
            f"got {safe_repr(value)}",
            path="channel",
        )
    return norm


def _priority(value: Any) -> Priority:
    return Priority.parse(value)


def _status(value: Any) -> Status:
    return Status.parse(value)


def _tags(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        raise InputTypeError(
            f"tags: expected a collection of strings, got the string {safe_repr(value)}"
        )
    if isinstance(value, Mapping):  # its keys would be the tags: {"vip": False} tagged vip
        raise InputTypeError(
            f"tags: expected a collection of strings, got {type(value).__name__} "
            f"{safe_repr(value)} (the tags a mapping marks true: [k for k, v in m.items() if v])"
        )
    try:
        out = frozenset(value)
    except TypeError:  # not iterable, or an unhashable item such as a list
        raise InputTypeError(
            f"tags: expected a collection of strings, got {type(value).__name__} {safe_repr(value)}"
        ) from None
    for tag in out:
        if not isinstance(tag, str) or not tag:
            raise ConfigError(
                f"every tag must be a non-empty string, got {safe_repr(tag)}", path="tags"
            )
        if "\x00" in tag:
            raise _nul("a tag", tag, "tags")
    return out


#: The types an attribute value keeps as given (its exact type: a subclass is looked at).
_PLAIN = frozenset({str, int, float, bool, type(None)})
#: numpy scalar kinds an attribute takes as Python's own value: bool, ints, floats, text.
_NUMPY_KINDS = frozenset("biufU")


def plain_attribute(item: Any) -> Any:
    """A numpy bool, integer, float or text scalar as Python's own value; others unchanged.

    A value from a DataFrame row (``np.int64(5)``, ``np.bool_(True)``, ``np.float32(2.5)``)
    is the number or flag it holds, as the frame readers take it, so a ticket or journey
    event built by hand from a frame row holds what one read from the frame holds. A
    ``datetime64``, a complex number or an array is not an attribute value and stays as it
    is, for the caller's check to refuse.

    Examples:
        >>> import numpy as np
        >>> [type(plain_attribute(v)).__name__ for v in (np.int64(5), np.bool_(True), "x")]
        ['int', 'bool', 'str']
    """
    kind = type(item)
    if kind in _PLAIN:
        return item
    numpy_scalar = any(c.__name__ == "generic" and c.__module__ == "numpy" for c in kind.__mro__)
    if numpy_scalar and getattr(getattr(item, "dtype", None), "kind", None) in _NUMPY_KINDS:
        # A text scalar is a str already; ``item()`` would drop its trailing NUL characters.
        plain = str.__str__(item) if isinstance(item, str) else item.item()
        if type(plain) in _PLAIN:  # (a long double stays numpy's: refused as it is)
            return plain
    return item


def typed_attribute(key: Any, item: Any) -> AttributeValue:
    """``item`` as an attribute value of the right type, else an ``InputTypeError``.

    The type check of a ticket's attributes, and of a journey event's and a stage rule's:
    a name must be text and a value text, a number, a bool or ``None`` (a numpy scalar of
    those as Python's own value). A value of the wrong type (a list, a mapping, a set,
    bytes) is an ``InputTypeError`` naming the attribute and the value, as every value of
    the wrong type is; a value of the right type that is not allowed (NaN, an infinity, a
    whole number too long to write) is the caller's ``ConfigError``.

    Examples:
        >>> typed_attribute("plan", "team")
        'team'
        >>> typed_attribute("seats", [1, 2])
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: attributes.seats: expected an attribute value (str, int, float, bool or None), got list [1, 2]
    """  # noqa: E501
    if not isinstance(key, str):
        raise InputTypeError(
            f"attributes: an attribute name must be a string, got {type(key).__name__} "
            f"{safe_repr(key)}"
        )
    if type(item) not in _PLAIN:
        item = plain_attribute(item)
    if item is not None and not isinstance(item, str | int | float | bool):
        raise InputTypeError(
            f"attributes.{key}: expected an attribute value (str, int, float, bool or None), "
            f"got {type(item).__name__} {safe_repr(item)}"
        )
    if "\x00" in key:  # (after the value's type: a wrong type is named first, as before)
        raise _nul("an attribute name", key, "attributes")
    return item


def _attributes(value: Any) -> dict[str, AttributeValue]:
    if not isinstance(value, Mapping):
        raise InputTypeError(
            f"attributes: expected a mapping, got {type(value).__name__} {safe_repr(value)}"
        )
    out: dict[str, AttributeValue] = {}
    for key, item in value.items():
        item = typed_attribute(key, item)
        if type(item) is int and item.bit_length() > MAX_INT_BITS and key != _REOPENS:
            raise ConfigError(
                f"an attribute's whole number has {item.bit_length():,} bits, more than the "
                f"{MAX_INT_BITS:,} a JSON writer takes, got {safe_repr(item)}",
                path=f"attributes.{key}",
            )
        if isinstance(item, float) and not math.isfinite(item):
            raise ConfigError(
                "an attribute's number must be finite (strict JSON has no NaN or infinity), "
                f"got {safe_repr(item)}",
                path=f"attributes.{key}",
            )
        out[key] = item
    if out.get(_PARTIAL) is not None:  # a partial history's lost facts: checked here, once
        from servicemodel.model._partial import check_lost  # (it imports the ticket's module)

        check_lost(out[_PARTIAL])
    if out.get(_REOPENS) is not None:  # a count of reopens the history cannot show
        from servicemodel.model._partial import check_reopens

        check_reopens(out[_REOPENS])
    return out


#: The largest whole number an attribute holds, in bits (about 4,000 digits: Python writes no
#: int of more than 4,300 digits as text by default, so ``dump_jsonl`` could not write it).
#: One definition for every check of it: the ticket's, the loaders' fast path
#: (``model._direct``) and a journey's stage rules (through ``model._shared``).
MAX_INT_BITS = 13_000

#: ``model._partial.PARTIAL_ATTRIBUTE`` (that module imports this one's dependants).
_PARTIAL = "servicemodel.partial"
#: ``model._partial.REOPENS_ATTRIBUTE``.
_REOPENS = "servicemodel.reopens"


def _optional_name(value: Any, field: str) -> str | None:
    """``None`` or a string without a NUL (a requester, group, assignee, agent); an error
    names ``field``. The converters below are one named function per field (what attrs'
    typing takes)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputTypeError(
            f"{field}: expected a string or None, got {type(value).__name__} {safe_repr(value)}"
        )
    if "\x00" in value:
        raise _nul(field, value)
    return value


def _requester(value: Any) -> str | None:
    return _optional_name(value, "requester")


def _group(value: Any) -> str | None:
    return _optional_name(value, "group")


def _assignee(value: Any) -> str | None:
    return _optional_name(value, "assignee")


def _agent(value: Any) -> str | None:
    return _optional_name(value, "agent")


def _score(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScaleError(f"score must be a number, got {safe_repr(value)}", path="score")
    # float() first: a huge int (10**400) has no float, and math.isnan() of it overflows.
    try:
        score = float(value)
    except OverflowError:
        score = math.inf
    if math.isnan(score) or math.isinf(score):
        raise ScaleError(f"score must be finite, got {safe_repr(value)}", path="score")
    return score


#: The largest end of a survey scale (either sign): scores are floats, compared with the ends
#: and turned into shares of the scale, exact only up to 2**53; real scales end near 10.
SCALE_LIMIT = 2**53


def _scale_end(field: str) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{field} must be a whole number, got {safe_repr(value)}", path=field)
        if not -SCALE_LIMIT <= value <= SCALE_LIMIT:
            raise ConfigError(
                f"{field} {safe_repr(value)} is past the largest scale end (2**53, as floats "
                "hold whole numbers exactly)",
                path=field,
            )

    return check
