"""Shape checks for reading journeys from configuration (values, lists, pairs, flags)."""

from __future__ import annotations

from typing import Any

from servicemodel._config import as_list, as_mapping, join, safe_repr
from servicemodel.errors import ConfigError
from servicemodel.model import AttributeValue

__all__: list[str] = []


def _name_list(data: Any, path: str) -> list[str]:
    items = as_list(data, path, "a list of names")
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item:
            raise ConfigError(
                f"expected a non-empty string, got {safe_repr(item)}", path=join(path, i)
            )
        if "\x00" in item:  # as the value's own check says it, with the item's index
            raise ConfigError(
                f"a name cannot hold a NUL, got {safe_repr(item)}", path=join(path, i)
            )
    return list(items)


def _attribute_table(data: Any, path: str) -> dict[str, AttributeValue]:
    table = as_mapping(data, path)
    for key, value in table.items():
        if value is not None and not isinstance(value, str | int | float | bool):
            raise ConfigError(f"expected a scalar, got {safe_repr(value)}", path=join(path, key))
    return dict(table)


def _flag(data: Any, path: str) -> bool:
    if not isinstance(data, bool):
        raise ConfigError(f"expected true or false, got {safe_repr(data)}", path=path)
    return data


_RULE_KEYS = ("kinds", "channels", "tags", "attributes")
_STAGE_KEYS = ("touchpoints", "channels", "rules")
_JOURNEY_KEYS = ("backward", "allow_skips")


def _backward_pairs(data: Any, path: str) -> list[tuple[str, str]]:
    out = []
    for i, pair in enumerate(as_list(data, path, "a list of [from, to] pairs")):
        item = as_list(pair, join(path, i), "a [from, to] pair")
        if len(item) != 2 or not all(isinstance(name, str) for name in item):
            raise ConfigError(
                f"expected a [from, to] pair of stage names, got {safe_repr(pair)}",
                path=join(path, i),
            )
        out.append((item[0], item[1]))
    return out
