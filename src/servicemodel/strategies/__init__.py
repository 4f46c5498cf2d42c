"""Hypothesis strategies for servicemodel's types, for your own property-based tests.

Needs the ``hypothesis`` extra (``pip install 'servicemodel[hypothesis]'``). Names follow
Hypothesis' own style: plural nouns, keyword-only options. Importing Hypothesis registers
servicemodel's types for ``st.from_type`` (through the ``hypothesis`` entry point).

Examples:
    >>> from hypothesis import given, strategies as st
    >>> from servicemodel.model import TicketHistory
    >>> @given(st.from_type(TicketHistory))
    ... def check(history):
    ...     assert list(history.events) == sorted(history.events, key=lambda e: e.at)
    >>> check()
"""

from __future__ import annotations

from servicemodel.strategies._model import aware_datetimes, histories, tickets

__all__ = ["aware_datetimes", "histories", "tickets"]
