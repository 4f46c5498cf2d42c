"""Satisfaction ratings found in ticket histories, fed to a survey accumulator.

Ratings of one survey may come on different scales (Zendesk's good/bad is 0..1, Freshdesk's
1..7, ours 1..5). Fed as scores, each rating must lie on the accumulator's own scale, else a
``ScaleError`` names the ticket, as it does for a score between two points of the scale (an NPS
of 8.5). ``Ratings.satisfied_share()`` instead judges each rating satisfied or not on *its own*
scale (``satisfied_from``: top-2-box on scales of five points or more, the top point on two- to
four-point scales) and feeds a 0..1 CSAT, so the share is comparable across scales.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool
from servicemodel._validators import instance_of, require_iterable
from servicemodel.errors import InputTypeError, ScaleError
from servicemodel.kpi._accumulator import Accumulator, MergeOperators
from servicemodel.kpi._survey import CSAT
from servicemodel.kpi._ticket_base import as_history
from servicemodel.model import Event, SatisfactionRating, TicketHistory

__all__ = ["Ratings"]


def _satisfied_from(scale_min: int, scale_max: int) -> int:
    """Return the lowest satisfied score of a ``scale_min..scale_max`` rating scale.

    The convention of top-box reporting (CSAT is the top-2-box share, 4-5 on 1-5; Zendesk's
    CSAT is good / (good + bad)): on a scale of five points or more the top two points are
    satisfied (4-5 of 1-5, 6-7 of 1-7, 9-10 of 0-10); on a two- to four-point scale only the
    top point is ("good" of bad/good, 1 of 0..1), since the second point of so short a scale
    is at or below its middle.

    Examples:
        >>> _satisfied_from(1, 5), _satisfied_from(1, 7), _satisfied_from(0, 1)
        (4, 6, 1)
    """
    for name, end in (("scale_min", scale_min), ("scale_max", scale_max)):
        if is_bool(end) or not isinstance(end, int):
            raise InputTypeError(f"{name} must be an int, got {safe_repr(end)}")
    if scale_max - scale_min + 1 >= 5:
        return scale_max - 1
    return scale_max


def _is_share_csat(value: Any) -> bool:
    return isinstance(value, CSAT) and (value.low, value.high, value.satisfied_from) == (0, 1, 1)


# --- survey ratings in histories -----------------------------------------------------------

_RATING = itertools.repeat(SatisfactionRating)  # the second argument of isinstance, for map


def _survey_accumulator(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    # A class has the protocol's methods too (unbound), so CSAT itself would pass the check.
    if isinstance(value, type):
        raise InputTypeError(
            f"accumulator: expected a survey accumulator such as {value.__name__}.empty(), "
            f"got the class {value.__name__}"
        )
    if not isinstance(value, Accumulator):
        raise InputTypeError(
            "accumulator: expected a survey accumulator such as CSAT.empty(), "
            f"got {safe_repr(value)}"
        )


@attrs.frozen
class Ratings(MergeOperators):
    """Feed the satisfaction ratings found in ticket histories to a survey accumulator.

    Ratings are events (``TicketHistory.ratings(survey)``); ``survey`` defaults to the
    accumulator's name in lower case (``"csat"``, ``"nps"``, ``"ces"``). A customer who rates
    the same ticket twice has changed their mind: with ``latest_only`` (the default, as
    helpdesks do) only the ticket's last rating of that survey counts. ``result()`` and
    ``compare`` work as on the wrapped accumulator.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.kpi import CSAT
        >>> from servicemodel.model import SatisfactionRating, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> h = TicketHistory(Ticket("T", t0), [
        ...     SatisfactionRating("r1", t0, score=2), SatisfactionRating("r2", t0, score=5)])
        >>> Ratings.empty(CSAT.empty()).add(h).result()
        CSAT 100.0 % [20.7, 100.0] (n=1, 95 %)
        >>> Ratings.empty(CSAT.empty(), latest_only=False).add(h).accumulator.n
        2

        With ``satisfied=True`` (see ``satisfied_share``) each rating is judged on its own
        scale and counted as 1 (satisfied) or 0 by a CSAT on 0..1:

        >>> good = SatisfactionRating("g", t0, score=1, scale_min=0, scale_max=1)
        >>> seven = SatisfactionRating("s", t0, score=6, scale_min=1, scale_max=7)
        >>> hs = [TicketHistory(Ticket(f"T{i}", t0), [r]) for i, r in enumerate([good, seven])]
        >>> Ratings.satisfied_share().add_many(hs).result().value
        1.0
    """

    accumulator: Accumulator[Any] = attrs.field(validator=_survey_accumulator)
    survey: str = attrs.field(validator=instance_of(str))
    latest_only: bool = attrs.field(default=True, validator=instance_of(bool))
    satisfied: bool = attrs.field(default=False, kw_only=True, validator=instance_of(bool))

    def __attrs_post_init__(self) -> None:
        if self.satisfied and not _is_share_csat(self.accumulator):
            raise InputTypeError(
                "accumulator: satisfied=True feeds 1 (satisfied) or 0, so it needs "
                "CSAT.empty(low=0, high=1, satisfied_from=1), got "
                f"{safe_repr(self.accumulator)}"
            )

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.survey, self.latest_only, self.satisfied)

    @staticmethod
    def satisfied_from(scale_min: int, scale_max: int) -> int:
        """Return the lowest score counted satisfied on a ``scale_min..scale_max`` scale.

        Top-2-box on scales of five points or more (4-5 of 1-5, 6-7 of 1-7, 9-10 of 0-10),
        the top point on two- to four-point scales ("good" of good/bad: 1 of 0..1).

        Examples:
            >>> Ratings.satisfied_from(1, 5), Ratings.satisfied_from(1, 7)
            (4, 6)
            >>> Ratings.satisfied_from(0, 1), Ratings.satisfied_from(1, 3)
            (1, 3)
        """
        return _satisfied_from(scale_min, scale_max)

    @classmethod
    def satisfied_share(cls, *, survey: str = "csat", latest_only: bool = True) -> Ratings:
        """Return the adapter giving the share of satisfied ratings, each on its own scale.

        A rating is satisfied from ``satisfied_from(rating.scale_min, rating.scale_max)`` up,
        so good/bad (0..1), 1..5 and 1..7 ratings count together; ``result()`` is a CSAT
        share in 0..1 with a Wilson interval.

        Examples:
            >>> Ratings.satisfied_share().accumulator.high
            1
        """
        share = CSAT.empty(low=0, high=1, satisfied_from=1)
        return cls(share, survey, latest_only, satisfied=True)

    @classmethod
    def empty(
        cls, accumulator: Any, *, survey: str | None = None, latest_only: bool = True
    ) -> Ratings:
        """Return the adapter around an empty survey accumulator (e.g. ``NPS.empty()``).

        Examples:
            >>> from servicemodel.kpi import NPS
            >>> Ratings.empty(NPS.empty()).survey
            'nps'
        """
        name = survey if survey is not None else type(accumulator).__name__.lower()
        return cls(accumulator, name, latest_only)

    @property
    def n(self) -> int:
        """The number of ratings counted.

        Examples:
            >>> from servicemodel.kpi import NPS
            >>> Ratings.empty(NPS.empty()).n
            0
        """
        survey: Any = self.accumulator  # the protocol has no n; survey accumulators do
        return int(survey.n)

    def scores(self, history: TicketHistory) -> list[float]:
        """Return the scores of ``history`` this adapter counts.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.kpi import NPS
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
            >>> Ratings.empty(NPS.empty()).scores(h)
            []
        """
        h = as_history(history)
        return self._scores(h, h.ratings(self.survey))

    def _scores(self, h: TicketHistory, ratings: Sequence[SatisfactionRating]) -> list[float]:
        if self.latest_only and ratings:
            ratings = ratings[-1:]
        if self.satisfied:
            return [float(r.score >= _satisfied_from(r.scale_min, r.scale_max)) for r in ratings]
        for r in ratings:
            self._check_scale(h, r)
        return [r.score for r in ratings]

    def _check_scale(self, history: TicketHistory, rating: SatisfactionRating) -> None:
        # A score read on another scale would be counted as if it were on ours (a 1 of good/bad
        # as "very dissatisfied" of 1..5): refuse it, naming the ticket, instead.
        survey: Any = self.accumulator
        low, high = getattr(survey, "low", None), getattr(survey, "high", None)
        if low is None:
            return
        name = type(survey).__name__
        if (rating.scale_min, rating.scale_max) == (low, high):
            # On our scale but between two points (8.5): the accumulator would refuse it
            # without saying whose it is.
            if not float(rating.score).is_integer():
                raise ScaleError(
                    f"ticket {safe_repr(history.ticket.id)}: {self.survey} rating "
                    f"{safe_repr(rating.id)} scores {safe_repr(rating.score)}; {name} counts "
                    f"whole scores {low}..{high}"
                )
            return
        hint = " (Ratings.satisfied_share() judges each on its own)" if name == "CSAT" else ""
        raise ScaleError(
            f"ticket {safe_repr(history.ticket.id)}: {self.survey} rating "
            f"{safe_repr(rating.id)} scores {safe_repr(rating.score)} on the scale "
            f"{rating.scale_min}..{rating.scale_max}; {name} counts ratings on {low}..{high}"
            f"{hint}",
        )

    def add(self, history: TicketHistory) -> Ratings:
        """Return a new adapter with the ratings of one more ticket.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.kpi import CSAT
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
            >>> Ratings.empty(CSAT.empty()).add(h).n
            0
        """
        return self.add_many((history,))

    def add_many(self, histories: Iterable[TicketHistory]) -> Ratings:
        """Return a new adapter with the ratings of all ``histories``, in one pass.

        Examples:
            >>> from servicemodel.kpi import CSAT
            >>> Ratings.empty(CSAT.empty()).add_many([]).n
            0
        """
        require_iterable(histories, "histories")
        return self._add_rated(Ratings._rated(histories))

    @staticmethod
    def _rated(histories: Iterable[Any]) -> list[Any]:
        """The histories with a rating, in order (and anything else than a ``TicketHistory``,
        for ``_add_rated`` to refuse); the others add nothing.

        A C-level test of each history's events; the report's single pass finds them once for
        its CSAT and NPS adapters.
        """
        return [
            h
            for h in histories
            if type(h) is not TicketHistory or any(map(isinstance, h.events, _RATING))
        ]

    def _add_rated(self, histories: Iterable[Any]) -> Ratings:
        """``add_many`` of the histories ``_rated`` kept."""
        scores: list[float] = []
        survey, latest = self.survey, self.latest_only
        for history in histories:
            h = history if type(history) is TicketHistory else as_history(history)
            # The ratings read from the events (as ``h.ratings(survey)`` finds them), which
            # leaves the history's lookup tables unbuilt.
            events = h.events
            found = _latest(events, survey) if latest else _all(events, survey)
            if found:
                scores.extend(self._scores(h, found))
        return attrs.evolve(self, accumulator=self.accumulator.add_many(scores))

    def merge(self, other: Ratings) -> Ratings:
        """Return the adapter of both inputs; surveys and accumulator parameters must match.

        Examples:
            >>> from servicemodel.kpi import CSAT, NPS
            >>> Ratings.empty(CSAT.empty()).merge(Ratings.empty(NPS.empty()))
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge Ratings with different parameters: ...
        """
        self._check_mergeable(other)
        return attrs.evolve(self, accumulator=self.accumulator.merge(other.accumulator))

    def result(self, *args: Any, **kwargs: Any) -> Any:
        """Return the wrapped accumulator's result (arguments are passed on).

        Examples:
            >>> from servicemodel.kpi import CSAT
            >>> Ratings.empty(CSAT.empty()).result(0.9).level
            0.9
        """
        return self.accumulator.result(*args, **kwargs)


def _all(events: Sequence[Event], survey: str) -> list[SatisfactionRating]:
    """The ratings of ``survey`` among ``events``, in order."""
    return [e for e in events if isinstance(e, SatisfactionRating) and e.survey == survey]


def _latest(events: Sequence[Event], survey: str) -> list[SatisfactionRating]:
    """The last rating of ``survey`` among ``events`` (``_all(...)[-1:]``).

    Found scanning back from the end, where a history's ratings usually are: only the latest
    is counted (``latest_only``), so the earlier events need not be read.
    """
    for e in reversed(events):
        if isinstance(e, SatisfactionRating) and e.survey == survey:
            return [e]
    return []
