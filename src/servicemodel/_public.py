"""Give re-exported names their public module, so reprs, pickles and docs never name a private one.

Each subpackage keeps its implementation in private modules (``servicemodel.sla._policy``) and
re-exports the public names from its ``__init__``; calling [`publish`][servicemodel._public.publish]
there sets each name's ``__module__`` to the subpackage (``servicemodel.sla``), the way httpx
does for its package. Pickles then refer to ``servicemodel.sla.SLAPolicy``, which stays valid
however the private modules are rearranged.

Examples:
    >>> import servicemodel.kpi
    >>> servicemodel.kpi.Estimate.__module__
    'servicemodel.kpi'
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["publish"]


def publish(module: str, namespace: Mapping[str, Any], names: Iterable[str]) -> None:
    """Set ``__module__`` of each name in ``names`` defined in a private module below ``module``.

    Names imported from another public module (``servicemodel.errors``, another subpackage) are
    left alone: they already have their own public home.
    """
    private = f"{module}._"
    for name in names:
        obj = namespace[name]
        home = getattr(obj, "__module__", None)
        if isinstance(home, str) and home.startswith(private):
            # A constant or a builtin has no settable __module__: nothing to rename.
            with contextlib.suppress(AttributeError, TypeError):
                obj.__module__ = module
