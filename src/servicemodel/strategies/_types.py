"""Strategies ``st.from_type`` uses for types with no public strategy of their own.

Each draws whole values only, with no option worth a public name: a QA scale is one of four, a
section is one of a drawn scorecard's, a single journey event is one of a drawn list, a
stage rule one as ``stages()`` draws, with some channels and tags, a SERVQUAL
instrument one of the two shipped, a quality metric one of ``QUALITY_METRICS``, a support
tier or hand-off one as ``support_models()`` draws, and a verdict rule one of
``verdict_rules()``.

Examples:
    >>> from hypothesis import find
    >>> find(_scale(), lambda s: True)
    Scale('yes_no')
"""

from __future__ import annotations

from typing import Any

from servicemodel.strategies._planning import one_journey_event, stage_rules
from servicemodel.strategies._qa import scales, sections

__all__ = [
    "_handoff",
    "_instrument",
    "_journey_event",
    "_quality_metric",
    "_scale",
    "_section",
    "_stage_rule",
    "_tier",
    "_verdict_rule",
]


def _journey_event() -> Any:
    """One journey event of any stage kind (or ``unknown``)."""
    return one_journey_event()


def _scale() -> Any:
    """One of the QA scales ``scorecards()`` draws."""
    return scales()


def _section() -> Any:
    """The first section of a drawn scorecard."""
    return sections()


def _stage_rule() -> Any:
    """A journey stage's classification rule."""
    return stage_rules()


def _instrument() -> Any:
    """One of the shipped SERVQUAL instruments, the 1991 one first."""
    from hypothesis import strategies as st

    from servicemodel.servqual import SERVQUAL_1988, SERVQUAL_1991

    return st.sampled_from((SERVQUAL_1991, SERVQUAL_1988))


def _quality_metric() -> Any:
    """One of the quality metrics a benchmark may name (``QUALITY_METRICS``), CSAT first."""
    from hypothesis import strategies as st

    from servicemodel.standards import QUALITY_METRICS

    return st.sampled_from(list(QUALITY_METRICS.values()))


def _tier() -> Any:
    """One support tier, as ``support_models()`` draws them."""
    from servicemodel.strategies._models import tiers

    return tiers()


def _handoff() -> Any:
    """One hand-off from a tier to a later one."""
    from servicemodel.strategies._models import handoffs

    return handoffs()


def _verdict_rule() -> Any:
    """One rule reading a vendor's SLA verdict from a ticket attribute."""
    from servicemodel.strategies._models import one_verdict_rule

    return one_verdict_rule()
