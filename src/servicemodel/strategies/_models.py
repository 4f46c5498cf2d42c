"""Hypothesis strategies for support models (tiers and hand-offs) and vendor verdict rules.

Examples:
    >>> from hypothesis import find
    >>> find(support_models(), lambda m: True)
    SupportModel(name='model', tiers=(Tier(name='L1', handles=(), staffed_by=(), self_service=False),), handoffs=(), dedicated_owner=False, description='', choose_when='')
"""  # noqa: E501

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from servicemodel.reconcile import VerdictRule, VerdictRules
from servicemodel.sla import Metric
from servicemodel.strategies._args import whole
from servicemodel.support import HandOff, SupportModel, Tier

__all__ = ["support_models", "verdict_rules"]

_TIER_NAMES = ("L1", "L2", "L3", "L4", "L5", "L6")
_HANDLES = st.lists(st.sampled_from(("billing", "login", "bug", "how-to")), max_size=2, unique=True)
_STAFF = st.lists(st.sampled_from(("agents", "engineers", "bot")), max_size=2, unique=True)
_WHEN = st.sampled_from(("", "cannot resolve", "needs an engineer"))


@st.composite
def _tier(draw: st.DrawFn, name: str) -> Tier:
    return Tier(name, draw(_HANDLES), draw(_STAFF), self_service=draw(st.booleans()))


def tiers() -> st.SearchStrategy[Tier]:
    """One support tier, as ``support_models()`` draws them (``st.from_type(Tier)``)."""
    return st.sampled_from(_TIER_NAMES).flatmap(_tier)


def support_models(*, max_tiers: int = 4) -> st.SearchStrategy[SupportModel]:
    """Valid [`SupportModel`][servicemodel.support.SupportModel]s: tiers and hand-offs between them.

    One to ``max_tiers`` tiers ``L1``, ``L2``, … (what each handles and who staffs it drawn),
    and hand-offs from a tier to a later one (some a consult that keeps the owner), so a
    ticket's path always ends; some models give each ticket a dedicated owner. Shrinks to one
    tier ``L1`` with no hand-off.

    Examples:
        >>> from hypothesis import given
        >>> @given(support_models())
        ... def check(model):
        ...     assert SupportModel.from_dict(model.to_dict()) == model
        ...     assert model.path(model.tiers[0].name)[0] == "L1"
        >>> check()
    """
    most = whole("support_models", "max_tiers", max_tiers, minimum=1, maximum=len(_TIER_NAMES))

    @st.composite
    def build(draw: st.DrawFn) -> SupportModel:
        count = draw(st.integers(1, most))
        names = _TIER_NAMES[:count]
        levels = [draw(_tier(name)) for name in names]
        pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
        chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=4)) if pairs else []
        handoffs = [
            HandOff(a, b, when=draw(_WHEN), keeps_owner=draw(st.booleans()))
            for a, b in sorted(chosen, key=pairs.index)
        ]
        return SupportModel("model", levels, handoffs, dedicated_owner=draw(st.booleans()))

    drawn: st.SearchStrategy[SupportModel] = build()
    return drawn


def handoffs() -> st.SearchStrategy[HandOff]:
    """One hand-off from a tier to a later one (``st.from_type(HandOff)``)."""

    @st.composite
    def build(draw: st.DrawFn) -> HandOff:
        i = draw(st.integers(0, len(_TIER_NAMES) - 2))
        j = draw(st.integers(i + 1, len(_TIER_NAMES) - 1))
        return HandOff(
            _TIER_NAMES[i], _TIER_NAMES[j], when=draw(_WHEN), keeps_owner=draw(st.booleans())
        )

    drawn: st.SearchStrategy[HandOff] = build()
    return drawn


_ATTRIBUTES = ("SLA status", "made_sla", "First response status")
_ACHIEVED = ("Within SLA", "true", "met")
_BREACHED = ("SLA Violated", "false", "missed")
# One draw, ``None`` (a clock we do not run) last: a rule shrinks to one on first reply.
_METRICS = st.sampled_from([*(m.value for m in Metric), None])


@st.composite
def _rule(draw: st.DrawFn, attribute: str) -> VerdictRule:
    achieved = draw(st.lists(st.sampled_from(_ACHIEVED), max_size=2, unique=True))
    breached = draw(st.lists(st.sampled_from(_BREACHED), max_size=2, unique=True))
    if not achieved and not breached:  # a rule names at least one value
        achieved = [_ACHIEVED[0]]
    return VerdictRule(attribute, draw(_METRICS), achieved, breached)


def verdict_rules() -> st.SearchStrategy[VerdictRules]:
    """Valid [`VerdictRules`][servicemodel.reconcile.VerdictRules]: where an export keeps verdicts.

    Up to three rules, each reading its own ticket attribute (``SLA status``, ``made_sla``,
    ``First response status``) whose values ``Within SLA``/``true``/``met`` are achieved and
    ``SLA Violated``/``false``/``missed`` breached, about one of our metrics or a clock we do
    not run (``None``). ``st.from_type(VerdictRule)`` draws one rule. Shrinks to no rules.

    Examples:
        >>> from hypothesis import given
        >>> from servicemodel.reconcile import attribute_verdicts
        >>> @given(verdict_rules())
        ... def check(rules):
        ...     assert attribute_verdicts([], rules) == ((), ())
        >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> VerdictRules:
        attributes = draw(st.lists(st.sampled_from(_ATTRIBUTES), max_size=3, unique=True))
        return VerdictRules([draw(_rule(a)) for a in attributes])

    drawn: st.SearchStrategy[VerdictRules] = build()
    return drawn


def one_verdict_rule() -> Any:
    """One rule, as ``verdict_rules()`` draws them (``st.from_type(VerdictRule)``)."""
    return st.sampled_from(_ATTRIBUTES).flatmap(_rule)
