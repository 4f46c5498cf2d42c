"""Private: targets of a desk's own priority names (a policy's ``"label:NAME"`` keys).

A policy's ``targets`` may be keyed by one of our priorities or by ``"label:NAME"``, a
priority the desk's admins defined (``Ticket.priority_label``, ``PriorityChange.label``; a
fifth level such as Jira's ``"Highest"`` or a ``"P0"``). A ticket whose priority label in force
has targets of its own is measured by those, else by its category's: the engine measures
each stretch of the priority timeline against its *key*, the category or a
[`LabelKey`][servicemodel.sla._prio_labels.LabelKey]. A label whose targets are those of the
category it stands for is that category (nothing about the clock changes), so adding such
targets never changes a measurement.

Examples:
    >>> from servicemodel.model import Priority
    >>> read_target_key("label:P0", "targets")
    'label:P0'
    >>> read_target_key(" High ", "targets")
    <Priority.HIGH: 'high'>
    >>> read_target_key("P0", "targets.P0")
    Traceback (most recent call last):
    ...
    servicemodel.errors.ConfigError: targets.P0: unknown priority 'P0'; expected one of ['low', 'normal', 'high', 'urgent'], or 'label:NAME' for a priority name of the source
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError
from servicemodel.model import Priority

__all__ = ["PREFIX", "LabelKey", "TargetKey", "key_for", "keyed", "read_target_key"]

#: How a policy names a source's priority among its target keys.
PREFIX = "label:"
#: A key of a policy's targets: one of our priorities, or ``"label:NAME"``.
TargetKey = Priority | str


class LabelKey(str):
    """A ``"label:NAME"`` key in force on a ticket, with the category it stands for.

    Equal to (and hashed as) its text, so it finds the policy's targets under that key; one
    object per policy, category and label, so the engine compares keys by identity.
    """

    priority: Priority


def read_target_key(key: Any, path: str) -> TargetKey:
    """A target key: ``"label:NAME"`` as written, else one of our priorities (or an error)."""
    if isinstance(key, str) and key.startswith(PREFIX):
        if not key[len(PREFIX) :].strip():
            raise ConfigError(
                f"a label target key needs a name after 'label:', got {safe_repr(key)}",
                path=path,
            )
        return key
    try:
        return Priority.parse(key, path)
    except ConfigError as exc:
        raise ConfigError(
            f"{exc.message}, or 'label:NAME' for a priority name of the source", path=path
        ) from None


def key_text(key: TargetKey) -> str:
    """How a target key is written in a policy file."""
    return key.value if isinstance(key, Priority) else key


def key_for(
    index: Mapping[tuple[TargetKey, Any], Any],
    labels: frozenset[str],
    cache: dict[tuple[Priority, str], TargetKey],
    prio: Priority,
    label: str | None,
) -> TargetKey:
    """The key ``prio`` with ``label`` is measured by under a policy (``index``, ``labels``).

    ``labels``: the names the policy has ``"label:NAME"`` targets for; ``cache`` keeps one
    key per category and label, so the same pair always gives the same object.
    """
    if label is None or label not in labels:
        return prio
    found = cache.get((prio, label))
    if found is None:
        text = PREFIX + label
        own = {m: hit for (k, m), hit in index.items() if k == text}
        theirs = {m: hit for (k, m), hit in index.items() if k is prio}
        if own == theirs:
            found = prio
        else:
            made = LabelKey(text)
            made.priority = prio
            found = made
        cache[(prio, label)] = found
    return found


def keyed(
    policy: Any,
    priorities: Sequence[tuple[datetime, Priority]],
    labels: Sequence[str | None],
) -> list[tuple[datetime, TargetKey]]:
    """The priority timeline with each entry's key under ``policy`` (``labels`` parallel)."""
    key = policy.target_key
    return [(t, key(p, label)) for (t, p), label in zip(priorities, labels, strict=True)]


def category(key: TargetKey) -> Priority:
    """The priority a key stands for (its own category for a ``LabelKey``)."""
    return key.priority if type(key) is LabelKey else key  # type: ignore[return-value]
