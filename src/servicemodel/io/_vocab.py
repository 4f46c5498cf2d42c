"""Private: admin-defined vocabularies -- a source's own priorities mapped to ours.

Helpdesks let admins define priorities (``P1``, ``Sev 2``, ``Critical``). A ``priority_map``
maps each to one of ours (low, normal, high, urgent); our own names need no entry. Without a
mapping an unknown value is an error that lists the values known, never a guess. A reader
keeps the source's own name beside the category (``priority_and_label``), as
``Ticket.priority_label``, so an SLA policy can give it targets of its own (``"label:P1"``).

Examples:
    >>> pm = read_priority_map({"P1": "urgent", "P2": "high"})
    >>> map_priority("P1", pm).value, map_priority("low", pm).value
    ('urgent', 'low')
    >>> priority_and_label(" P1 ", pm), priority_and_label("High", pm)
    ((<Priority.URGENT: 'urgent'>, 'P1'), (<Priority.HIGH: 'high'>, None))
    >>> map_priority("P9", pm)
    Traceback (most recent call last):
    ...
    servicemodel.errors.ConfigError: priority: unknown priority 'P9'; expected one of ['P1', 'P2', 'high', 'low', 'normal', 'urgent'] (map it in priority_map)
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicemodel._config import join, safe_repr
from servicemodel.errors import ConfigError
from servicemodel.model import Priority

__all__ = ["map_priority", "priority_and_label", "read_priority_map", "source_label"]

#: Our own priority names: a source value spelled as one of them carries no name of its own.
_OURS = frozenset(p.value for p in Priority)


def read_priority_map(
    mapping: Mapping[Any, str | Priority] | None, path: str = "priority_map"
) -> dict[str, Priority]:
    """Check a ``priority_map``: every value one of our priorities (the error names the key)."""
    if mapping is None:
        return {}
    if not isinstance(mapping, Mapping):
        raise ConfigError(f"expected a table, got {safe_repr(mapping)}", path=path)
    out: dict[str, Priority] = {}
    for raw, value in mapping.items():
        key = _text(raw)
        if key is None:
            raise ConfigError(
                f"key {safe_repr(raw)}: too long to be the name of a priority", path=path
            )
        out[key] = Priority.parse(value, join(path, key))
    return out


def _text(raw: Any) -> str | None:
    """``str(raw)``, or ``None`` for an integer too long to write (over 4,300 digits)."""
    try:
        return str(raw)
    except ValueError:
        return None


def map_priority(raw: Any, priority_map: Mapping[str, Priority]) -> Priority:
    """The priority ``raw`` names: through ``priority_map`` first, then by our own names."""
    key = (_text(raw) or "").strip()
    found = priority_map.get(key)
    if found is not None:
        return found
    try:
        return Priority(key.lower())
    except ValueError:
        known = sorted({*priority_map, *(p.value for p in Priority)})
        raise ConfigError(
            f"unknown priority {safe_repr(raw)}; expected one of {known} (map it in priority_map)",
            path="priority",
        ) from None


def source_label(raw: Any) -> str | None:
    """The source's own name for a priority: its text (stripped), or ``None`` for one of ours.

    ``None`` too for a missing or blank value: a label is text with something besides spaces.

    Examples:
        >>> source_label(" Sev 1 "), source_label("URGENT"), source_label(None)
        ('Sev 1', None, None)
    """
    if raw is None:
        return None
    text = str(raw).strip()
    if not text or text.lower() in _OURS:
        return None
    return text


def priority_and_label(
    raw: Any, priority_map: Mapping[str, Priority]
) -> tuple[Priority, str | None]:
    """``(map_priority(raw, priority_map), source_label(raw))``: the category and the name."""
    return map_priority(raw, priority_map), source_label(raw)
