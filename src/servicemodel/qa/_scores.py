"""QA scores accumulated per agent, team or period: mean, pass rate, critical failures.

[`QAScores`][servicemodel.qa.QAScores] follows the one accumulator protocol
(``servicemodel.kpi.Accumulator``): ``empty(scorecard)``, ``add``, ``add_many``, ``merge`` /
``+`` / ``sum()``, ``result()``. It keeps exact sums (scores are fractions), so merging any
split of the evaluations gives exactly the one-pass accumulator. It also keeps the
``(ticket, rater)`` pairs it has seen: a rater scoring the same interaction twice is an error,
also across merged parts.

Examples:
    >>> from datetime import date
    >>> from servicemodel.kpi import by
    >>> from servicemodel.qa import Criterion, Evaluation, Scale, Scorecard, Section
    >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
    >>> evs = [Evaluation(f"T{i}", a, "rob", date(2026, 3, 2), {"tone": t})
    ...        for i, (a, t) in enumerate([("ann", 5), ("ann", 4), ("bo", 2), ("bo", 5)])]
    >>> res = by("agent", QAScores.empty(card)).add_many(evs).result()
    >>> [(agent, r.pass_rate.value) for agent, r in res.items()]
    [('ann', 0.5), ('bo', 0.5)]
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value
from servicemodel._validators import instance_of, require_iterable
from servicemodel.errors import ConfigError, InputTypeError, MergeError, RecordError
from servicemodel.kpi import Estimate, MergeOperators, mean_estimate, proportion
from servicemodel.qa._evaluation import Evaluation, score
from servicemodel.qa._scorecard import Criterion, Scorecard

__all__ = ["QAResult", "QAScores"]


def _fraction(value: Any) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Fraction | int):
        raise InputTypeError(f"expected an exact Fraction, got {safe_repr(value)}")
    return Fraction(value)


def _pairs(value: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    if type(value) is frozenset:  # add and merge build these: checked where used (merge)
        return value
    try:
        out = frozenset(require_iterable(value, "seen"))
    except TypeError:  # an unhashable member (a list): no (ticket, rater) pair
        raise InputTypeError(
            f"seen: expected (ticket, rater) pairs, got {safe_repr(value)}"
        ) from None
    for pair in out:
        _check_pair(pair)
    return out


def _check_pair(pair: Any) -> None:
    if not (type(pair) is tuple and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
        raise InputTypeError(f"seen: expected (ticket, rater) pairs, got {safe_repr(pair)}")


def _duplicate(ticket: str, rater: str) -> RecordError:
    return RecordError(
        f"rater {safe_repr(rater)} scored ticket {safe_repr(ticket)} twice; a rater scores an "
        "interaction once (calibration rounds compare different raters)",
        path="rater",
    )


def _differences(path: str, mine: Any, theirs: Any) -> list[str]:
    """``path mine vs theirs`` for each field where two scorecards differ, in scorecard order."""
    if mine == theirs:
        return []
    return [f"{path} {safe_repr(mine, 60)} vs {safe_repr(theirs, 60)}"]


def _scorecard_differences(mine: Scorecard, theirs: Scorecard) -> list[str]:
    """The fields two unequal scorecards differ in, by path (``sections[0].criteria[1].weight``).

    A merge error printed both scorecards whole, cut short before the field that differed.
    """
    found = _differences("name", mine.name, theirs.name)
    found += _differences("pass_mark", mine.pass_mark, theirs.pass_mark)
    for s, (a, b) in enumerate(zip(mine.sections, theirs.sections, strict=False)):
        spath = f"sections[{s}]"
        found += _differences(f"{spath}.name", a.name, b.name)
        for c, (x, y) in enumerate(zip(a.criteria, b.criteria, strict=False)):
            for field in attrs.fields(Criterion):
                found += _differences(
                    f"{spath}.criteria[{c}].{field.name}",
                    getattr(x, field.name),
                    getattr(y, field.name),
                )
        if len(a.criteria) != len(b.criteria):
            found.append(f"{spath}.criteria: {len(a.criteria)} vs {len(b.criteria)} criteria")
    if len(mine.sections) != len(theirs.sections):
        found.append(f"sections: {len(mine.sections)} vs {len(theirs.sections)} sections")
    return found


@attrs.frozen(repr=False)
class QAResult:
    """The figures of a ``QAScores``: mean score (t), pass rate and critical-failure rate (Wilson).

    Examples:
        >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
        >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
        >>> QAScores.empty(card).result().mean.value is None
        True
    """

    mean: Estimate = attrs.field(validator=instance_of(Estimate))
    pass_rate: Estimate = attrs.field(validator=instance_of(Estimate))
    critical_failure_rate: Estimate = attrs.field(validator=instance_of(Estimate))

    @property
    def n(self) -> int:
        """Number of evaluations.

        Examples:
            >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
            >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
            >>> QAScores.empty(card).result().n
            0
        """
        return self.mean.n

    def __repr__(self) -> str:
        return (
            f"QAResult(n={self.n})\n  {self.mean!r}\n  {self.pass_rate!r}\n"
            f"  {self.critical_failure_rate!r}"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One flat row per figure (what ``SegmentResult.to_records`` and reports read).

        Examples:
            >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
            >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
            >>> [r["metric"] for r in QAScores.empty(card).result().to_records()]
            ['QA score', 'QA pass rate', 'QA critical-failure rate']
        """
        return [e.to_record() for e in (self.mean, self.pass_rate, self.critical_failure_rate)]


@attrs.frozen
class QAScores(MergeOperators):
    """Accumulator of evaluations scored on one scorecard (mergeable, exact).

    ``result()`` gives the mean score with Student's t interval (clipped to 0..100), the pass
    rate (score ≥ ``pass_mark``) and the critical-failure rate (share of evaluations with at
    least one failed critical criterion), both with Wilson intervals. Accumulators of
    different scorecards do not merge.

    Examples:
        >>> from datetime import date
        >>> from servicemodel.qa import Criterion, Evaluation, Scale, Scorecard, Section
        >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
        >>> e = Evaluation("T1", "ann", "rob", date(2026, 3, 2), {"tone": 5})
        >>> QAScores.empty(card).add(e).add(e)
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: rater: rater 'rob' scored ticket 'T1' twice; ...
    """

    scorecard: Scorecard = attrs.field(validator=instance_of(Scorecard))
    n: int = attrs.field(default=0, converter=count_value, validator=count_field)
    passed: int = attrs.field(default=0, converter=count_value, validator=count_field)
    critical_failures: int = attrs.field(default=0, converter=count_value, validator=count_field)
    score_sum: Fraction = attrs.field(default=Fraction(0), converter=_fraction)
    score_sq_sum: Fraction = attrs.field(default=Fraction(0), converter=_fraction)
    seen: frozenset[tuple[str, str]] = attrs.field(default=frozenset(), converter=_pairs)

    def __attrs_post_init__(self) -> None:
        # A score is 0..100: sums beyond n times that are no sums of scores (and a huge one
        # would overflow in result).
        n = self.n
        # Counts and sums of the right type that contradict n: a ValueError.
        if self.passed > n or self.critical_failures > n:
            raise ConfigError(
                f"passed and critical_failures count evaluations: at most n={n}, got "
                f"{safe_repr(self.passed)} and {safe_repr(self.critical_failures)}"
            )
        if not (0 <= self.score_sum <= 100 * n and 0 <= self.score_sq_sum <= 10_000 * n):
            raise ConfigError(
                f"score_sum and score_sq_sum: expected sums of n={n} scores in 0..100, got "
                f"{safe_repr(self.score_sum)} and {safe_repr(self.score_sq_sum)}"
            )

    @classmethod
    def empty(cls, scorecard: Scorecard) -> QAScores:
        """The accumulator with no evaluations for ``scorecard`` (the identity of ``merge``).

        Examples:
            >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
            >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
            >>> QAScores.empty(card).n
            0
        """
        return cls(scorecard)

    def _merge_params(self) -> Any:
        return self.scorecard

    def _check_mergeable(self, other: Any) -> None:
        # Name the fields the scorecards differ in rather than print both in full.
        if type(other) is type(self) and other.scorecard != self.scorecard:
            found = _scorecard_differences(self.scorecard, other.scorecard)
            more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
            raise MergeError(
                "cannot merge QAScores of different scorecards: "
                + ("; ".join(found[:3]) or "unequal scorecards")
                + more
            )
        super()._check_mergeable(other)

    def add(self, evaluation: Evaluation) -> QAScores:
        """Return a new accumulator with ``evaluation`` scored and added.

        Examples:
            >>> from datetime import date
            >>> from servicemodel.qa import Criterion, Evaluation, Scale, Scorecard, Section
            >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
            >>> QAScores.empty(card).add(Evaluation("T", "a", "r", date(2026, 1, 1),
            ...                                     {"tone": 4})).passed
            0
        """
        return self.add_many((evaluation,))

    def add_many(self, evaluations: Iterable[Evaluation]) -> QAScores:
        """Return a new accumulator with all ``evaluations`` scored and added, in one pass.

        Examples:
            >>> from datetime import date
            >>> from servicemodel.qa import Criterion, Evaluation, Scale, Scorecard, Section
            >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
            >>> QAScores.empty(card).add_many(Evaluation(t, "a", "r", date(2026, 1, 1),
            ...                                          {"tone": 5}) for t in "AB").passed
            2
        """
        n, passed, failures = self.n, self.passed, self.critical_failures
        total, total_sq = self.score_sum, self.score_sq_sum
        seen = set(self.seen)
        for evaluation in require_iterable(evaluations, "evaluations"):
            scored = score(self.scorecard, evaluation)
            if evaluation.key in seen:
                raise _duplicate(*evaluation.key)
            seen.add(evaluation.key)
            n += 1
            passed += scored.passed
            failures += bool(scored.critical_failures)
            total += scored.exact_score
            total_sq += scored.exact_score**2
        return QAScores(self.scorecard, n, passed, failures, total, total_sq, frozenset(seen))

    def merge(self, other: QAScores) -> QAScores:
        """Return the accumulator of both inputs; scorecards must be equal.

        A merge of different scorecards names the fields they differ in.

        Examples:
            >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
            >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
            >>> (QAScores.empty(card) + QAScores.empty(card)).n
            0
            >>> strict = Scorecard("c", card.sections, pass_mark=90)
            >>> QAScores.empty(card) + QAScores.empty(strict)
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge QAScores of different scorecards: pass_mark 80.0 vs 90.0
        """  # noqa: E501
        self._check_mergeable(other)
        both = self.seen & other.seen
        if both:
            for pair in both:
                _check_pair(pair)
            raise _duplicate(*min(both))
        return QAScores(
            self.scorecard,
            self.n + other.n,
            self.passed + other.passed,
            self.critical_failures + other.critical_failures,
            self.score_sum + other.score_sum,
            self.score_sq_sum + other.score_sq_sum,
            self.seen | other.seen,
        )

    def result(self, level: float = 0.95) -> QAResult:
        """Return the mean score, pass rate and critical-failure rate with their intervals.

        Examples:
            >>> from datetime import date
            >>> from servicemodel.qa import Criterion, Evaluation, Scale, Scorecard, Section
            >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
            >>> acc = QAScores.empty(card).add_many(
            ...     Evaluation(f"T{i}", "a", "r", date(2026, 1, 1), {"tone": t})
            ...     for i, t in enumerate([5, 4, 2]))
            >>> acc.result().mean
            QA score 66.67 [0, 100] (n=3, 95 %)
        """
        n = self.n
        mean = self.score_sum / n if n else Fraction(0)
        m2 = self.score_sq_sum - self.score_sum * mean  # Σx² − n·mean², exact
        return QAResult(
            mean_estimate(
                n, float(mean), float(m2), metric="QA score", level=level, bounds=(0.0, 100.0)
            ),
            proportion(self.passed, n, metric="QA pass rate", level=level),
            proportion(self.critical_failures, n, metric="QA critical-failure rate", level=level),
        )
