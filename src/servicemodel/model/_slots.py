"""Filling the slots of the model's frozen attrs classes directly (the loaders' hot path).

attrs' ``__init__`` of a frozen class sets each field with ``object.__setattr__``, which looks
the name up on every call; the slot's own setter, looked up once here, does the same store in
about half the time. Only the loaders' direct builders use it, after running every check the
class's ``__init__`` runs.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MemberDescriptorType
from typing import Any

__all__ = ["slot_setters"]

Setter = Callable[[Any, Any], None]


def slot_setters(cls: type, *names: str) -> tuple[Setter, ...]:
    """The setters of the slots ``names`` of ``cls`` (its own or inherited), in that order."""
    return tuple(_setter(cls, name) for name in names)


def _setter(cls: type, name: str) -> Setter:
    for klass in cls.__mro__:
        found = klass.__dict__.get(name)
        if isinstance(found, MemberDescriptorType):
            return found.__set__
    raise TypeError(f"{cls.__name__}.{name} is not a slot")  # pragma: no cover - import time
