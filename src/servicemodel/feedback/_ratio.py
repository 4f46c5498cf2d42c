"""The positive-to-negative ratio of ratings: how many good ratings for each bad one.

Definition: with ``P`` positive and ``N`` negative ratings (neutral ones left out and reported
as ``missing``), the ratio is ``R = P / N``. Its interval: given ``P + N``, ``P`` is binomial
with ``π = P / (P + N)`` and ``R = π / (1 − π)``; the Wilson interval ``(l, u)`` of ``π`` maps
through that increasing function to ``[l/(1 − l), u/(1 − u)]``. With no negative rating the
ratio is not a finite number: the estimate has no value and no upper bound, only a finite
lower bound — never an infinity.

A rating is positive or negative by its place on its own scale: by default above the scale's
midpoint is positive, below it negative, at it neutral (on 1–5: 4–5 positive, 3 neutral, 1–2
negative; a good/bad rating on 0–1: good positive, bad negative). ``positive_from`` and
``negative_to`` set explicit cut-offs instead (for NPS on 0–10: ``positive_from=9``,
``negative_to=6``, promoters against detractors).

Examples:
    >>> from datetime import datetime, timezone
    >>> from servicemodel.model import SatisfactionRating
    >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
    >>> rs = [SatisfactionRating(f"r{i}", t0, score=s) for i, s in enumerate([5, 5, 4, 3, 1])]
    >>> PositiveNegative.empty().add_many(rs).result()
    positive-to-negative ratio 3 [0.4299, 20.94] (n=4, 95 %) missing=1
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value, is_bool, plain_number
from servicemodel._validators import (
    instance_of,
    require_iterable,
    require_nonblank,
    require_type,
)
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import Estimate, MergeOperators, ratio_estimate
from servicemodel.model import SatisfactionRating, TicketHistory

__all__ = ["PositiveNegative"]


def _cut(_instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and (is_bool(value) or not isinstance(value, int | float)):
        raise InputTypeError(f"{attribute.name}: expected a number or None, got {safe_repr(value)}")
    # An infinite cut-off would class every rating on one side (positive_from=inf: none is
    # positive), and NaN none at all: neither is a cut-off on a rating scale.
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(
            f"{attribute.name}: expected a finite number or None, got {safe_repr(value)}"
        )


def _survey(_instance: Any, _attribute: Any, value: str) -> None:
    # A rating's survey is never blank: a blank one here would count no rating, silently.
    require_nonblank(value, "survey", "survey name")


@attrs.frozen
class PositiveNegative(MergeOperators):
    """Accumulator of positive and negative ratings; ``result()`` is the ratio ``P / N``.

    ``add`` takes a ``TicketHistory`` (its ratings of ``survey``; with ``latest_only``, the
    default, only the ticket's last one, as helpdesks count a changed mind) or a
    ``SatisfactionRating`` event (counted when its survey is ``survey``). Ratings of other
    surveys are not counted. Segment by period with ``by(periods("month"), ...)``: a history
    falls in the period of its creation, a rating event in the period of its ``at``.

    Examples:
        >>> PositiveNegative.empty(positive_from=9, negative_to=6, survey="nps").survey
        'nps'
        >>> PositiveNegative.empty(positive_from=5, negative_to=6)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: negative_to: 6 must be below positive_from 5
    """

    survey: str = attrs.field(default="csat", validator=[instance_of(str), _survey])
    # plain_number: a cut-off from a frame or an array (numpy.int64(9)) is the number it holds.
    positive_from: float | None = attrs.field(default=None, converter=plain_number, validator=_cut)
    negative_to: float | None = attrs.field(default=None, converter=plain_number, validator=_cut)
    latest_only: bool = attrs.field(default=True, validator=instance_of(bool))
    positive: int = attrs.field(default=0, converter=count_value, validator=count_field)
    negative: int = attrs.field(default=0, converter=count_value, validator=count_field)
    neutral: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def __attrs_post_init__(self) -> None:
        cuts = (self.positive_from, self.negative_to)
        if (cuts[0] is None) != (cuts[1] is None):
            raise ConfigError(
                "give both positive_from and negative_to, or neither (the midpoint rule)",
                path="positive_from" if cuts[0] is None else "negative_to",
            )
        if cuts[0] is not None and cuts[1] is not None and not cuts[1] < cuts[0]:
            raise ConfigError(
                f"{safe_repr(cuts[1])} must be below positive_from {safe_repr(cuts[0])}",
                path="negative_to",
            )

    @classmethod
    def empty(
        cls,
        *,
        survey: str = "csat",
        positive_from: float | None = None,
        negative_to: float | None = None,
        latest_only: bool = True,
    ) -> PositiveNegative:
        """Return the accumulator with no ratings.

        Examples:
            >>> PositiveNegative.empty().result().value is None
            True
        """
        return cls(survey, positive_from, negative_to, latest_only)

    def _merge_params(self) -> Any:
        return (self.survey, self.positive_from, self.negative_to, self.latest_only)

    def classify(self, rating: SatisfactionRating) -> int:
        """Return +1 for a positive rating, -1 for a negative one and 0 for a neutral one.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import SatisfactionRating
            >>> r = SatisfactionRating("r", datetime(2026, 3, 2, tzinfo=timezone.utc), score=3)
            >>> PositiveNegative.empty().classify(r)
            0
        """
        score = require_type(rating, SatisfactionRating, "rating").score
        if self.positive_from is not None and self.negative_to is not None:
            # Cut-offs outside the rating's scale are another scale's (NPS cut-offs 9 and 6
            # against a 1–5 rating): no rating could be positive (or negative), and every one
            # would be counted on the other side, silently.
            if self.positive_from > rating.scale_max or self.negative_to < rating.scale_min:
                raise ConfigError(
                    f"rating {safe_repr(rating.id)} is on {rating.scale_min}–{rating.scale_max}, "
                    f"where positive_from={safe_repr(self.positive_from)} and "
                    f"negative_to={safe_repr(self.negative_to)} leave no rating on one side; "
                    "give cut-offs on its scale",
                    path="positive_from"
                    if self.positive_from > rating.scale_max
                    else "negative_to",
                )
            return 1 if score >= self.positive_from else (-1 if score <= self.negative_to else 0)
        twice = 2 * score - (rating.scale_min + rating.scale_max)  # exact for integer ends
        return (twice > 0) - (twice < 0)

    def _ratings(self, item: Any) -> tuple[SatisfactionRating, ...]:
        if isinstance(item, SatisfactionRating):
            return (item,) if item.survey == self.survey else ()
        if isinstance(item, TicketHistory):
            ratings = item.ratings(self.survey)
            return ratings[-1:] if self.latest_only else ratings
        raise InputTypeError(
            "expected a TicketHistory or a SatisfactionRating, got "
            f"{type(item).__name__} {safe_repr(item)}"
        )

    def add(self, item: Any) -> PositiveNegative:
        """Return a new accumulator with the ratings of one more history or rating event.

        Examples:
            >>> PositiveNegative.empty().add(4)
            Traceback (most recent call last):
            ...
            servicemodel.errors.InputTypeError: expected a TicketHistory or a SatisfactionRating, got int 4
        """  # noqa: E501
        return self.add_many((item,))

    def add_many(self, items: Iterable[Any]) -> PositiveNegative:
        """Return a new accumulator with the ratings of all ``items``, in one pass.

        Examples:
            >>> PositiveNegative.empty().add_many([]).positive
            0
        """
        tally = [self.neutral, self.positive, self.negative]  # indexed by classify(): 0, 1, -1
        for item in require_iterable(items, "items"):
            for rating in self._ratings(item):
                tally[self.classify(rating)] += 1
        return attrs.evolve(self, neutral=tally[0], positive=tally[1], negative=tally[2])

    def merge(self, other: PositiveNegative) -> PositiveNegative:
        """Return the accumulator of both inputs; surveys and cut-offs must match.

        Examples:
            >>> (PositiveNegative.empty() + PositiveNegative.empty(survey="nps"))
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge PositiveNegative with different parameters: ...
        """  # noqa: E501
        self._check_mergeable(other)
        return attrs.evolve(
            self,
            positive=self.positive + other.positive,
            negative=self.negative + other.negative,
            neutral=self.neutral + other.neutral,
        )

    def result(self, level: float = 0.95) -> Estimate:
        """Return the ratio ``positive / negative`` with its interval (neutral as ``missing``).

        Examples:
            >>> PositiveNegative(positive=4, negative=0).result()
            positive-to-negative ratio – (n=4, 95 %)
        """
        return ratio_estimate(
            self.positive,
            self.negative,
            metric="positive-to-negative ratio",
            names=("positive", "negative"),
            level=level,
            missing=self.neutral,
        )
