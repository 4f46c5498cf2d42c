"""Evaluations of single interactions, and their scores on a scorecard.

An [`Evaluation`][servicemodel.qa.Evaluation] is what a rater wrote about one ticket: who
handled it (``agent``, optionally ``team``), who rated it (``rater``), when (an aware datetime
or a date), and one answer per criterion — a point of the criterion's scale or
[`NA`][servicemodel.qa.NA]. [`score`][servicemodel.qa.score] checks it against a
scorecard and returns a [`ScoredEvaluation`][servicemodel.qa.ScoredEvaluation].

Examples:
    >>> from datetime import date
    >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section, score
    >>> card = Scorecard("mini", [Section("all", [
    ...     Criterion("greet", Scale.parse("yes_no")),
    ...     Criterion("accuracy", Scale.parse("1-5"), weight=3)])])
    >>> e = Evaluation("T1", "ann", "rob", date(2026, 3, 2), {"greet": "yes", "accuracy": 4})
    >>> score(card, e).score
    81.25
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from fractions import Fraction
from typing import Any

import attrs

from servicemodel._config import join, safe_repr
from servicemodel._numbers import is_bool
from servicemodel._validators import instance_of, members_of, require_nonblank
from servicemodel.errors import ConfigError, InputTypeError, require_instant
from servicemodel.qa._scorecard import NA, Point, Scorecard

__all__ = ["Evaluation", "ScoredEvaluation", "score"]


def _text(name: str, what: str) -> Any:
    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        if not isinstance(value, str):
            raise InputTypeError(
                f"{name}: expected a string, got {type(value).__name__} {safe_repr(value)}"
            )
        # A blank name is a value error (the type is right), in the words of every blank name.
        require_nonblank(value, name, what)

    return check


def _optional_text(_instance: Any, _attribute: Any, value: Any) -> None:
    if value is not None:
        _text("team", "team name")(_instance, _attribute, value)


def _when(value: Any) -> date | datetime:
    if isinstance(value, datetime):
        return require_instant(value, "at")
    if isinstance(value, date):
        return value
    raise InputTypeError(f"at: expected an aware datetime or a date, got {safe_repr(value)}")


def _stored_pairs(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        isinstance(pair, tuple) and len(pair) == 2 for pair in value
    )


def _answers(value: Any) -> tuple[tuple[str, Any], ...]:
    # Kept as sorted pairs: a hashable, order-free value (two evaluations with the same
    # answers are equal however the mapping was built).
    if _stored_pairs(value):
        # The stored form itself, so ``attrs.evolve`` and a copy built from the fields work.
        if len({key for key, _ in value}) != len(value):
            raise ConfigError(f"answers: a criterion answered twice in {safe_repr(value)}")
        value = dict(value)
    if not isinstance(value, Mapping):
        raise InputTypeError(f"answers: expected a mapping, got {safe_repr(value)}")
    for key in value:
        if not isinstance(key, str):
            raise InputTypeError(f"answers: criterion ids are text, got {safe_repr(key)}")
    return tuple(sorted(value.items()))


@attrs.frozen
class Evaluation:
    """One rater's evaluation of one interaction (ticket): answers per criterion.

    ``at`` is an aware datetime or a date (an evaluation is often dated, not timed).
    ``answers`` maps criterion id to a point of its scale or ``NA``; checking them needs the
    scorecard, so it happens in [`score`][servicemodel.qa.score] (and so in ``QAScores.add``
    and the loader). ``group`` is ``team``, so ``by("group", ...)`` segments by team.

    Examples:
        >>> from datetime import date
        >>> e = Evaluation("T1", "ann", "rob", date(2026, 3, 2), {"greet": "yes"}, team="north")
        >>> e.answer("greet"), e.group, e.day
        ('yes', 'north', datetime.date(2026, 3, 2))
    """

    ticket_id: str = attrs.field(validator=_text("ticket_id", "ticket id"))
    agent: str = attrs.field(validator=_text("agent", "agent name"))
    rater: str = attrs.field(validator=_text("rater", "rater name"))
    at: date | datetime = attrs.field(converter=_when)
    answers: tuple[tuple[str, Any], ...] = attrs.field(converter=_answers)
    team: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)

    @property
    def group(self) -> str | None:
        """The team (the name ``by("group", ...)`` reads).

        Examples:
            >>> from datetime import date
            >>> Evaluation("T", "a", "r", date(2026, 1, 1), {}).group is None
            True
        """
        return self.team

    @property
    def day(self) -> date:
        """The date of the evaluation (a datetime's date in its own zone).

        Examples:
            >>> from datetime import datetime, timezone
            >>> Evaluation("T", "a", "r", datetime(2026, 1, 1, 23, tzinfo=timezone.utc), {}).day
            datetime.date(2026, 1, 1)
        """
        return self.at.date() if isinstance(self.at, datetime) else self.at

    @property
    def key(self) -> tuple[str, str]:
        """``(ticket_id, rater)``: a rater scores an interaction at most once.

        Examples:
            >>> from datetime import date
            >>> Evaluation("T", "a", "r", date(2026, 1, 1), {}).key
            ('T', 'r')
        """
        return (self.ticket_id, self.rater)

    def answer(self, criterion_id: str) -> Any:
        """The answer given for ``criterion_id`` (``None`` when there is none).

        Examples:
            >>> from datetime import date
            >>> Evaluation("T", "a", "r", date(2026, 1, 1), {"x": 3}).answer("y") is None
            True
        """
        if not isinstance(criterion_id, str):
            raise InputTypeError(
                f"criterion_id: expected str, got {type(criterion_id).__name__} "
                f"{safe_repr(criterion_id)}"
            )
        return dict(self.answers).get(criterion_id)

    def describe(self) -> str:
        """``evaluation of ticket 'T1' by rater 'rob'``: how messages name this record.

        Examples:
            >>> from datetime import date
            >>> Evaluation("T1", "a", "rob", date(2026, 1, 1), {}).describe()
            "evaluation of ticket 'T1' by rater 'rob'"
        """
        return f"evaluation of ticket {safe_repr(self.ticket_id)} by rater {safe_repr(self.rater)}"


def _score(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: an exact score in 0..100.

    No exact number (a float, text, a bool) is an ``InputTypeError``; an int or ``Fraction``
    outside 0..100 a ``ConfigError`` (a ``ValueError``): the right type, a value not allowed.
    """
    if is_bool(value) or not isinstance(value, Fraction | int):
        raise InputTypeError(
            f"{attribute.name}: expected an exact score (Fraction) in 0..100, got "
            f"{type(value).__name__} {safe_repr(value)}"
        )
    if not 0 <= value <= 100:
        raise ConfigError(
            f"expected an exact score (Fraction) in 0..100, got {safe_repr(value)}",
            path=attribute.name,
        )


def _named(kind: Any) -> Any:
    """attrs validator: ``(criterion id, value)`` pairs, each value a ``kind``."""

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if type(value) is not tuple or not all(
            type(p) is tuple and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], kind)
            for p in value
        ):
            raise InputTypeError(
                f"{attribute.name}: expected (criterion id, value) pairs, got {safe_repr(value)}"
            )

    return check


@attrs.frozen
class ScoredEvaluation:
    """An evaluation with its checked answers, score (0–100), pass flag and critical failures.

    ``exact_score`` is the score as a fraction (what accumulators add, so merges are exact);
    ``points`` the checked answers (``NA`` kept); ``weights`` the normalised weights of the
    criteria that applied.

    Examples:
        >>> from datetime import date
        >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
        >>> card = Scorecard("c", [Section("s", [
        ...     Criterion("verify", Scale.parse("yes_no"), critical=True),
        ...     Criterion("tone", Scale.parse("1-5"))])])
        >>> s = score(card, Evaluation("T", "a", "r", date(2026, 1, 1),
        ...                            {"verify": "no", "tone": 5}))
        >>> s.score, s.passed, s.critical_failures
        (0.0, False, ('verify',))
    """

    evaluation: Evaluation = attrs.field(validator=instance_of(Evaluation))
    exact_score: Fraction = attrs.field(validator=_score)
    passed: bool = attrs.field(validator=instance_of(bool))
    critical_failures: tuple[str, ...] = attrs.field(validator=members_of(str, tuple))
    points: tuple[tuple[str, Point], ...] = attrs.field(validator=_named(str | int))
    weights: tuple[tuple[str, float], ...] = attrs.field(validator=_named(int | float))

    @property
    def score(self) -> float:
        """The score in 0..100 (0 when a critical criterion failed).

        Examples:
            >>> from datetime import date
            >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
            >>> card = Scorecard("c", [Section("s", [Criterion("a", Scale.parse("1-5"))])])
            >>> score(card, Evaluation("T", "a", "r", date(2026, 1, 1), {"a": 3})).score
            50.0
        """
        return float(self.exact_score)


def _checked_points(card: Scorecard, evaluation: Evaluation) -> dict[str, Point]:
    points: dict[str, Point] = {}
    given = dict(evaluation.answers)
    try:
        for cid in given:
            card.criterion(cid)  # unknown criteria first: a misspelt id is the likelier mistake
        for criterion in card.criteria:
            path = join("answers", criterion.id)
            if criterion.id not in given or given[criterion.id] is None:
                raise ConfigError(f"missing answer (write {NA!r} if it does not apply)", path=path)
            raw = given[criterion.id]
            if isinstance(raw, str) and raw.strip().lower() == NA:
                points[criterion.id] = NA
                continue
            points[criterion.id] = criterion.scale.read(raw, path)
    except ConfigError as exc:
        path = exc.path if exc.path.startswith("answers") else join("answers", exc.path)
        raise type(exc)(f"{evaluation.describe()}: {exc.message}", path=path) from None
    return points


def score(card: Scorecard, evaluation: Evaluation) -> ScoredEvaluation:
    """Check ``evaluation`` against ``card`` and score it (see the scoring rule in ``Scorecard``).

    Every criterion needs an answer (a point of its scale or ``NA``); an unknown criterion, a
    missing answer or an answer off its scale raises a ``ConfigError`` (``ScaleError`` for the
    scale) whose path is ``answers.<criterion>`` and whose message names the evaluation.

    Examples:
        >>> from datetime import date
        >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
        >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
        >>> score(card, Evaluation("T1", "a", "rob", date(2026, 1, 1), {"tone": 6}))
        Traceback (most recent call last):
        ...
        servicemodel.errors.ScaleError: answers.tone: evaluation of ticket 'T1' by rater 'rob': 6 is outside the scale 1-5
    """  # noqa: E501
    if not isinstance(card, Scorecard) or not isinstance(evaluation, Evaluation):
        raise InputTypeError(
            f"score needs a Scorecard and an Evaluation, got {type(card).__name__} and "
            f"{type(evaluation).__name__}"
        )
    points = _checked_points(card, evaluation)
    applicable = [cid for cid, p in points.items() if p != NA]
    if not applicable:
        raise ConfigError(
            f"{evaluation.describe()}: every criterion is {NA!r}; there is nothing to score",
            path="answers",
        )
    failures = tuple(
        cid
        for cid in applicable
        if card.criterion(cid).critical and card.criterion(cid).fails(points[cid])
    )
    weights = {cid: Fraction(card.criterion(cid).weight) for cid in applicable}
    total = sum(weights.values(), Fraction(0))
    if failures:
        exact = Fraction(0)  # the fail score
    else:
        exact = (
            100
            * sum(
                (w * card.criterion(cid).scale.value(points[cid]) for cid, w in weights.items()),
                Fraction(0),
            )
            / total
        )
    return ScoredEvaluation(
        evaluation,
        exact,
        passed=not failures and exact >= Fraction(card.pass_mark),
        critical_failures=failures,
        points=tuple(points.items()),
        weights=tuple((cid, float(w / total)) for cid, w in weights.items()),
    )
