"""Value vocabulary of the model: priorities, statuses, channels and the field validators.

The validators and converters here are shared by [`Ticket`][servicemodel.model.Ticket] and the
event classes, so every field of the same meaning is checked the same way.

Examples:
    >>> Priority("urgent") > Priority.HIGH, Status("on-hold".replace("-", "_")).is_resolved
    (True, False)
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeAlias

import attrs

from servicemodel.errors import ConfigError, InputTypeError, ScaleError, require_aware

__all__ = ["KNOWN_CHANNELS", "AttributeValue", "Priority", "Status"]


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

    @property
    def is_resolved(self) -> bool:
        """True for ``SOLVED`` and ``CLOSED``.

        Examples:
            >>> Status.SOLVED.is_resolved
            True
        """
        return self in (Status.SOLVED, Status.CLOSED)


#: Channels most exports use. The vocabulary is open: any other lower-case name is accepted.
KNOWN_CHANNELS = frozenset({"email", "chat", "phone", "social", "web", "other"})

#: A free-form attribute value: what JSON can carry as a scalar.
AttributeValue: TypeAlias = str | int | float | bool | None


def _utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


def _aware(name: str) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        require_aware(value, name)

    return check


def _name(field: str) -> Any:
    # A readable error naming the field and the value, instead of attrs' tuple-laden TypeError.
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            raise InputTypeError(
                f"{field}: expected a string, got {type(value).__name__} {value!r}"
            )
        if not value:
            raise ConfigError(f"{field} must be a non-empty string, got {value!r}", path=field)

    return check


def _flag(field: str, *, optional: bool) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if not (isinstance(value, bool) or (optional and value is None)):
            allowed = "true, false or null" if optional else "true or false"
            raise InputTypeError(
                f"{field}: expected {allowed}, got {type(value).__name__} {value!r}"
            )

    return check


def _channel(value: Any) -> str:
    if not isinstance(value, str):
        raise InputTypeError(f"channel: expected a string, got {type(value).__name__} {value!r}")
    norm = value.strip().lower()
    if not norm or not all(c.isalnum() or c in "_-." for c in norm):
        raise ConfigError(
            f"channel must be a non-empty name of letters, digits, '_', '-' or '.', got {value!r}",
            path="channel",
        )
    return norm


def _priority(value: Any) -> Priority:
    if isinstance(value, Priority):
        return value
    try:
        return Priority(str(value).strip().lower())
    except ValueError:
        raise ConfigError(
            f"unknown priority {value!r}; expected one of {[p.value for p in Priority]}",
            path="priority",
        ) from None


def _status(value: Any) -> Status:
    if isinstance(value, Status):
        return value
    try:
        return Status(str(value).strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise ConfigError(
            f"unknown status {value!r}; expected one of {[s.value for s in Status]}",
            path="status",
        ) from None


def _tags(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        raise InputTypeError(f"tags: expected a collection of strings, got the string {value!r}")
    out = frozenset(value)
    for tag in out:
        if not isinstance(tag, str) or not tag:
            raise ConfigError(f"every tag must be a non-empty string, got {tag!r}", path="tags")
    return out


def _attributes(value: Any) -> dict[str, AttributeValue]:
    if not isinstance(value, Mapping):
        raise InputTypeError(
            f"attributes: expected a mapping, got {type(value).__name__} {value!r:.60}"
        )
    out: dict[str, AttributeValue] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise ConfigError(f"attribute names must be strings, got {key!r}", path="attributes")
        if item is not None and not isinstance(item, str | int | float | bool):
            raise ConfigError(
                f"attribute values must be str, int, float, bool or None, got {item!r}",
                path=f"attributes.{key}",
            )
        out[key] = item
    return out


def _optional_name(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputTypeError(f"expected a string or None, got {type(value).__name__} {value!r}")
    return value


def _score(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScaleError(f"score must be a number, got {value!r}", path="score")
    if math.isnan(value) or math.isinf(value):
        raise ScaleError(f"score must be finite, got {value!r}", path="score")
    return float(value)


def _scale_end(field: str) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{field} must be a whole number, got {value!r}", path=field)

    return check
