"""Satisfaction ratings found in ticket histories, fed to a survey accumulator."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import instance_of
from servicemodel.errors import InputTypeError
from servicemodel.kpi._accumulator import Accumulator, MergeOperators
from servicemodel.kpi._ticket_base import as_history
from servicemodel.model import TicketHistory

__all__ = ["Ratings"]


# --- survey ratings in histories -----------------------------------------------------------


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
    """

    accumulator: Accumulator[Any] = attrs.field(validator=_survey_accumulator)
    survey: str = attrs.field(validator=instance_of(str))
    latest_only: bool = attrs.field(default=True, validator=instance_of(bool))

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.survey, self.latest_only)

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
        ratings = as_history(history).ratings(self.survey)
        if self.latest_only and ratings:
            ratings = ratings[-1:]
        return [r.score for r in ratings]

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
        scores: list[float] = []
        for h in histories:
            scores.extend(self.scores(h))
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
