"""Entry point Hypothesis runs on import: our types become drawable by ``st.from_type``.

It only tells ``servicemodel._from_type`` that Hypothesis is here: the packages imported so
far register their types now, and each one imported later at the end of its own ``__init__``,
so Hypothesis' import does not import all of servicemodel (see that module).
"""

from __future__ import annotations

from servicemodel._from_type import (
    _ACCUMULATORS,
    _BY_KIND,
    _CONDITIONS,
    _OTHER_ACCUMULATORS,
    _REGISTRY,
    hypothesis_loaded,
)

__all__ = ["_ACCUMULATORS", "_BY_KIND", "_CONDITIONS", "_OTHER_ACCUMULATORS", "_REGISTRY"]


def _hypothesis_setup_hook() -> None:
    """Register servicemodel's types for ``st.from_type`` (now, or as each package loads)."""
    hypothesis_loaded()
