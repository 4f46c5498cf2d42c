"""Calibration: how far raters agree on the interactions several of them scored.

[`calibrate`][servicemodel.qa.calibrate] takes evaluations (any mix; only tickets scored by
two or more raters count), and reports per criterion Krippendorff's α (nominal for
``yes_no``, interval for range scales; ``n/a`` is a missing rating), α (interval) on the
overall score, α (nominal) on pass/fail, Cohen's κ on pass/fail when exactly two raters took
part, and each rater's mean offset from the other raters on the same tickets.

Examples:
    >>> from datetime import date
    >>> from servicemodel.qa import Criterion, Evaluation, Scale, Scorecard, Section
    >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
    >>> evs = [Evaluation(t, "ann", r, date(2026, 3, 2), {"tone": v})
    ...        for t, r, v in [("T1", "rob", 5), ("T1", "sue", 4), ("T2", "rob", 2),
    ...                        ("T2", "sue", 2), ("T3", "rob", 4), ("T3", "sue", 3)]]
    >>> cal = calibrate(evs, card, resamples=0)
    >>> round(cal.score.value, 3), cal.offsets
    (0.773, {'rob': 16.666666666666668, 'sue': -16.666666666666668})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from servicemodel._numbers import count_field, count_value
from servicemodel._validators import (
    instance_of,
    mapping_of,
    members_of,
    require_iterable,
    require_type,
)
from servicemodel.qa._agreement import Agreement, cohen_kappa, krippendorff_alpha
from servicemodel.qa._evaluation import Evaluation, ScoredEvaluation, score
from servicemodel.qa._scorecard import NA, Scorecard
from servicemodel.qa._scores import _duplicate

__all__ = ["Calibration", "calibrate"]


@attrs.frozen(repr=False)
class Calibration:
    """Agreement of raters on shared tickets: per criterion, on the score and on pass/fail.

    ``criteria`` maps criterion id to its α; ``score`` is α (interval) on scores;
    ``passed`` is α (nominal) on pass/fail; ``pass_kappa`` is Cohen's κ on pass/fail when
    exactly two raters took part (else ``None``); ``offsets`` maps rater to the mean of
    (their score − the mean score of the other raters of the same ticket), in points.

    Examples:
        >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
        >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
        >>> calibrate([], card).tickets
        0
    """

    raters: tuple[str, ...] = attrs.field(validator=members_of(str, tuple))
    tickets: int = attrs.field(converter=count_value, validator=count_field)
    criteria: Mapping[str, Agreement] = attrs.field(validator=mapping_of(Agreement))
    score: Agreement = attrs.field(validator=instance_of(Agreement))
    passed: Agreement = attrs.field(validator=instance_of(Agreement))
    pass_kappa: Agreement | None = attrs.field(validator=instance_of(Agreement, optional=True))
    offsets: Mapping[str, float] = attrs.field(validator=mapping_of((int, float), what="numbers"))

    def __repr__(self) -> str:
        lines = [f"Calibration({len(self.raters)} raters, {self.tickets} shared tickets)"]
        lines += [f"  score: {self.score!r}", f"  passed: {self.passed!r}"]
        lines += [f"  {cid}: {a!r}" for cid, a in self.criteria.items()]
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per coefficient, with a ``subject`` column (criterion id, score, passed).

        Examples:
            >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
            >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
            >>> [r["subject"] for r in calibrate([], card).to_records()]
            ['score', 'passed', 'tone']
        """
        rows = [{"subject": "score", **self.score.to_record()}]
        rows.append({"subject": "passed", **self.passed.to_record()})
        if self.pass_kappa is not None:
            rows.append({"subject": "passed", **self.pass_kappa.to_record()})
        rows += [{"subject": cid, **a.to_record()} for cid, a in self.criteria.items()]
        return rows


def _shared(
    evaluations: Iterable[Evaluation], card: Scorecard
) -> tuple[dict[str, dict[str, ScoredEvaluation]], list[str]]:
    by_ticket: dict[str, dict[str, ScoredEvaluation]] = {}
    for evaluation in require_iterable(evaluations, "evaluations"):
        scored = score(card, evaluation)
        ratings = by_ticket.setdefault(evaluation.ticket_id, {})
        if evaluation.rater in ratings:
            raise _duplicate(*evaluation.key)
        ratings[evaluation.rater] = scored
    shared = {t: r for t, r in by_ticket.items() if len(r) >= 2}
    raters = sorted({rater for ratings in shared.values() for rater in ratings})
    return shared, raters


def _offsets(shared: dict[str, dict[str, ScoredEvaluation]]) -> dict[str, float]:
    diffs: dict[str, list[float]] = {}
    for ratings in shared.values():
        total = sum(s.score for s in ratings.values())
        for rater, s in ratings.items():
            others = (total - s.score) / (len(ratings) - 1)
            diffs.setdefault(rater, []).append(s.score - others)
    return {rater: sum(d) / len(d) for rater, d in sorted(diffs.items())}


def calibrate(
    evaluations: Iterable[Evaluation],
    scorecard: Scorecard,
    *,
    confidence: float = 0.95,
    resamples: int = 1000,
    seed: int = 0,
) -> Calibration:
    """Measure rater agreement on the tickets two or more raters scored.

    Every evaluation is checked against ``scorecard`` (the same errors as
    [`score`][servicemodel.qa.score]); a rater scoring a ticket twice is a ``RecordError``.
    Intervals are bootstraps over tickets (``resamples``, ``seed``; see
    [`krippendorff_alpha`][servicemodel.qa.krippendorff_alpha]), except Cohen's κ (closed form).

    Examples:
        >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
        >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
        >>> calibrate([], card).score.value is None
        True
    """
    # Checked first: with no evaluations the scorecard's criteria are read before any score.
    require_type(scorecard, Scorecard, "scorecard")
    shared, raters = _shared(evaluations, scorecard)
    options: dict[str, Any] = {"confidence": confidence, "resamples": resamples, "seed": seed}
    tickets = sorted(shared)
    rows = [[shared[t].get(r) for r in raters] for t in tickets]
    criteria = {}
    for criterion in scorecard.criteria:
        units = [[None if s is None else dict(s.points)[criterion.id] for s in row] for row in rows]
        if criterion.scale.name == "yes_no":
            criteria[criterion.id] = krippendorff_alpha(
                [[None if v == NA else v for v in u] for u in units], level="nominal", **options
            )
        else:
            criteria[criterion.id] = krippendorff_alpha(
                [[None if v == NA else v for v in u] for u in units], level="interval", **options
            )
    scores = [[None if s is None else s.score for s in row] for row in rows]
    passes = [[None if s is None else s.passed for s in row] for row in rows]
    pass_kappa = None
    if len(raters) == 2:
        pass_kappa = cohen_kappa([p[0] for p in passes], [p[1] for p in passes], level=confidence)
    return Calibration(
        raters=tuple(raters),
        tickets=len(tickets),
        criteria=criteria,
        score=krippendorff_alpha(scores, level="interval", **options),
        passed=krippendorff_alpha(passes, level="nominal", **options),
        pass_kappa=pass_kappa,
        offsets=_offsets(shared),
    )
