"""Give re-exported names their public module, so reprs, pickles and docs never name a private one.

Each subpackage keeps its implementation in private modules (``servicemodel.sla._policy``) and
re-exports the public names from its ``__init__``; calling [`publish`][servicemodel._public.publish]
there sets each name's ``__module__`` to the subpackage (``servicemodel.sla``), the way httpx
does for its package. Pickles then refer to ``servicemodel.sla.SLAPolicy``, which stays valid
however the private modules are rearranged.

Examples:
    >>> import servicemodel.kpi
    >>> servicemodel.kpi.NPS.__module__
    'servicemodel.kpi'
    >>> servicemodel.kpi.NPS.result.__module__
    'servicemodel.kpi'
"""

from __future__ import annotations

import contextlib
import inspect
import typing
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from servicemodel._from_type import loaded

__all__ = ["publish"]


def publish(module: str, namespace: Mapping[str, Any], names: Iterable[str]) -> None:
    """Set ``__module__`` of each name in ``names`` defined in a private module below ``module``.

    Names imported from another public module (``servicemodel.errors``, another subpackage) are
    left alone: they already have their own public home. Two things would break once a class's
    ``__module__`` names the public package, and are settled first:

    - string annotations (``from __future__ import annotations``) are resolved in the globals of
      ``sys.modules[cls.__module__]``, which lack the private module's imports (cattrs would
      fail with ``NameError``), so attrs classes have their types resolved here;
    - doctest collects a method's examples only from the module its ``__module__`` names, so
      methods move with their class (or their examples would silently stop running).
    """
    private = f"{module}._"
    mine = [
        namespace[name]
        for name in names
        if str(getattr(namespace[name], "__module__", "")).startswith(private)
    ]
    # Resolve every class's annotations before any is renamed: a subclass's annotations may
    # name a sibling that would otherwise already point at the public module.
    for obj in mine:
        if isinstance(obj, type):
            _settle_class(obj, module, private)
    for obj in mine:
        # A constant or a builtin has no settable __module__: nothing to rename.
        with contextlib.suppress(AttributeError, TypeError):
            obj.__module__ = module
    # The package is complete: its types become drawable by Hypothesis' ``st.from_type``.
    loaded(module)


def _settle_class(cls: type, module: str, private: str) -> None:
    if attrs.has(cls):
        # An annotation naming a type imported only for the type checker stays a string: such
        # a class is not structured by cattrs, so there is nothing to resolve for it.
        with contextlib.suppress(NameError):
            attrs.resolve_types(cls)
            # A subclass written elsewhere (a desk's own Event) under postponed annotations
            # makes typing read this class's annotations again, in the public module named by
            # ``__module__``, which lacks the private module's imports: keep them resolved.
            hints = typing.get_type_hints(cls, include_extras=True)
            own = inspect.get_annotations(cls)
            cls.__annotations__ = {k: hints.get(k, v) for k, v in own.items()}
    for member in vars(cls).values():
        func = getattr(member, "fget", None) or getattr(member, "__func__", member)
        # Functions only: attrs keeps the class itself in vars(cls) once types are resolved.
        if inspect.isfunction(func) and func.__module__.startswith(private):
            func.__module__ = module
