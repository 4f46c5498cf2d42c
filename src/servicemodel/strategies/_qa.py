"""Hypothesis strategies for QA: scorecards and evaluations that fit a scorecard.

Examples:
    >>> from hypothesis import find
    >>> card = find(scorecards(), lambda c: True)
    >>> len(card.criteria)
    1
"""

from __future__ import annotations

import itertools
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import InputTypeError
from servicemodel.qa import NA, Criterion, Evaluation, Scale, Scorecard, Section
from servicemodel.strategies._args import MOST, flag, names, whole

__all__ = ["criteria", "qa_evaluations", "scorecards"]

_SCALES = ("yes_no", "1-5", "1-3", "0-10")


def criteria(*, ids: tuple[str, ...] = ("c0", "c1", "c2")) -> Any:
    """Return a strategy for valid QA [`Criterion`][servicemodel.qa.Criterion]s.

    As [`scorecards`][servicemodel.strategies.scorecards] draws them: an id from ``ids``, a
    scale among ``yes_no``, ``1-3``, ``1-5`` and ``0-10``, a weight that is a multiple of ¼ in
    ¼..5, critical or not, and the scale's default failing points.

    Examples:
        >>> from hypothesis import given
        >>> @given(criteria())
        ... def check(criterion):
        ...     card = Scorecard("c", [Section("s", [criterion])])
        ...     assert card.criteria == (criterion,)
        >>> check()
    """
    from hypothesis import strategies as st

    chosen = names("criteria", "ids", ids)

    @st.composite
    def build(draw: Any) -> Criterion:
        scale, weight, critical = draw(_criterion_parts())
        return Criterion(
            draw(st.sampled_from(chosen)), Scale.parse(scale), weight=weight, critical=critical
        )

    return build()


def _criterion_parts() -> Any:
    from hypothesis import strategies as st

    return st.tuples(
        st.sampled_from(_SCALES),
        st.integers(min_value=1, max_value=20).map(lambda w: w / 4),
        st.booleans(),
    )


def scales() -> Any:
    """Any QA scale: what ``st.from_type(Scale)`` draws (not public: a scale is one of four)."""
    from hypothesis import strategies as st

    # Drawn in a composite, not mapped: Hypothesis prints a mapped value as the call
    # (``parse('1-5')``), which does not paste back; a drawn value prints as itself.
    @st.composite
    def build(draw: Any) -> Scale:
        return Scale.parse(draw(st.sampled_from(_SCALES)))

    return build()


def sections() -> Any:
    """A section of a drawn scorecard: what ``st.from_type(Section)`` draws."""
    from hypothesis import strategies as st

    @st.composite
    def build(draw: Any) -> Section:
        card: Scorecard = draw(scorecards())
        return card.sections[0]

    return build()


def scorecards(*, max_criteria: int = 6, max_sections: int = 3) -> Any:
    """Return a strategy for valid [`Scorecard`][servicemodel.qa.Scorecard]s.

    Criteria get scales among ``yes_no``, ``1-3``, ``1-5`` and ``0-10``, weights that are
    multiples of ¼ in ¼..5 (exact in binary, so sums of scores stay small fractions), and are
    critical or not; ids are ``c0``, ``c1``, …

    Examples:
        >>> from hypothesis import given
        >>> @given(scorecards(max_criteria=3))
        ... def check(card):
        ...     assert 1 <= len(card.criteria) <= 3
        >>> check()
    """
    from hypothesis import strategies as st

    for name, value in (("max_criteria", max_criteria), ("max_sections", max_sections)):
        whole("scorecards", name, value, minimum=1, maximum=MOST)

    criterion = _criterion_parts()

    @st.composite
    def build(draw: Any) -> Scorecard:
        specs = draw(st.lists(criterion, min_size=1, max_size=max_criteria))
        criteria = [
            Criterion(f"c{i}", Scale.parse(scale), weight=weight, critical=critical)
            for i, (scale, weight, critical) in enumerate(specs)
        ]
        cuts = sorted(draw(st.lists(st.integers(0, len(criteria)), max_size=max_sections - 1)))
        bounds = [0, *cuts, len(criteria)]
        sections = [
            Section(f"s{i}", criteria[a:b])
            for i, (a, b) in enumerate(itertools.pairwise(bounds))
            if b > a
        ]
        mark = draw(st.sampled_from([0.0, 50.0, 80.0, 100.0]))
        return Scorecard("generated", sections, pass_mark=mark)

    return build()


def qa_evaluations(
    *,
    scorecard: Scorecard | None = None,
    tickets: int = 50,
    raters: tuple[str, ...] = ("rob", "sue", "kim"),
    agents: tuple[str, ...] = ("ann", "bo", "cy"),
    na: bool = True,
) -> Any:
    """Return a strategy for [`Evaluation`][servicemodel.qa.Evaluation]s valid on ``scorecard``.

    Without a scorecard, each example draws one from ``scorecards()`` first.

    Ticket ids are ``T0``..``T<tickets-1>``; each answer is a point of its criterion's scale or
    (with ``na=True``) ``NA``, never all ``NA``. Draw lists with
    ``st.lists(..., unique_by=lambda e: e.key)`` when a rater must not score a ticket twice.

    Examples:
        >>> from hypothesis import given, strategies as st
        >>> from servicemodel.qa import QAScores
        >>> card = Scorecard("c", [Section("s", [Criterion("a", Scale.parse("1-5"))])])
        >>> @given(st.lists(qa_evaluations(scorecard=card), unique_by=lambda e: e.key, max_size=5))
        ... def check(evs):
        ...     assert QAScores.empty(card).add_many(evs).n == len(evs)
        >>> check()
    """
    from datetime import date, timedelta

    from hypothesis import strategies as st

    if scorecard is None:  # any scorecard: draw one, then evaluations valid on it
        return scorecards().flatmap(
            lambda card: qa_evaluations(
                scorecard=card, tickets=tickets, raters=raters, agents=agents, na=na
            )
        )
    if not isinstance(scorecard, Scorecard):
        raise InputTypeError(
            f"qa_evaluations: scorecard must be a Scorecard, got {safe_repr(scorecard)}"
        )
    whole("qa_evaluations", "tickets", tickets, minimum=1)
    raters = names("qa_evaluations", "raters", raters)
    agents = names("qa_evaluations", "agents", agents)
    flag("qa_evaluations", "na", na)
    answers = st.fixed_dictionaries(
        {c.id: st.sampled_from(c.scale.points + ((NA,) if na else ())) for c in scorecard.criteria}
    ).filter(lambda a: any(v != NA for v in a.values()))
    return st.builds(
        Evaluation,
        st.integers(0, tickets - 1).map(lambda i: f"T{i}"),
        st.sampled_from(agents),
        st.sampled_from(raters),
        st.integers(0, 120).map(lambda d: date(2026, 1, 1) + timedelta(days=d)),
        answers,
        team=st.sampled_from([None, "north", "south"]),
    )
