"""Hypothesis strategies for servicemodel's types, for your own property-based tests.

Needs the ``hypothesis`` extra (``pip install 'servicemodel[hypothesis]'``).
"""

from __future__ import annotations

__all__: list[str] = []


def _hypothesis_setup_hook() -> None:
    """Register servicemodel's types for ``st.from_type`` (run by Hypothesis' entry point)."""
