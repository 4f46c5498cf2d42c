"""What [`publish`][servicemodel._public.publish] should also do before renaming ``__module__``.

Proposed for ``servicemodel._public`` (lead-owned); until it moves there, the model, calendar
and io packages call [`settle`][servicemodel.model._publish.settle] just before ``publish``.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = ["settle"]


def settle(module: str, namespace: Mapping[str, Any], names: Iterable[str]) -> None:
    """Resolve attrs annotations and move methods along with their classes to ``module``.

    Two things break once a class's ``__module__`` names the public package: string
    annotations (``from __future__ import annotations``) are resolved in the globals of
    ``sys.modules[cls.__module__]``, which lack the private module's imports (cattrs then fails
    with ``NameError: datetime``), so they are resolved here first; and doctest collects a
    method's examples only from the module its ``__module__`` names, so methods follow their
    class (or their examples would silently stop running).

    Examples:
        >>> import servicemodel.model as m
        >>> m.TicketHistory.first_reply_at.__module__
        'servicemodel.model'
    """
    private = f"{module}._"
    for name in names:
        cls = namespace[name]
        if not isinstance(cls, type) or not cls.__module__.startswith(private):
            continue
        if attrs.has(cls):
            attrs.resolve_types(cls)
        for member in vars(cls).values():
            func = getattr(member, "fget", None) or getattr(member, "__func__", member)
            # Functions only: attrs keeps the class itself in vars(cls) once types are resolved.
            if inspect.isfunction(func) and func.__module__.startswith(private):
                func.__module__ = module
