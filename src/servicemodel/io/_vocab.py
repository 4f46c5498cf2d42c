"""Private: admin-defined vocabularies -- a source's own priorities mapped to ours.

Helpdesks let admins define priorities (``P1``, ``Sev 2``, ``Critical``). A ``priority_map``
maps each to one of ours (low, normal, high, urgent); our own names need no entry. Without a
mapping an unknown value is an error that lists the values known, never a guess.

Examples:
    >>> pm = read_priority_map({"P1": "urgent", "P2": "high"})
    >>> map_priority("P1", pm).value, map_priority("low", pm).value
    ('urgent', 'low')
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

__all__ = ["map_priority", "read_priority_map"]


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
        out[str(raw)] = Priority.parse(value, join(path, str(raw)))
    return out


def map_priority(raw: Any, priority_map: Mapping[str, Priority]) -> Priority:
    """The priority ``raw`` names: through ``priority_map`` first, then by our own names."""
    key = str(raw).strip()
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
