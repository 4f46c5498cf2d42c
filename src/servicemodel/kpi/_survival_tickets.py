"""Kaplan–Meier survival of ticket clocks: first reply and resolution, censored as of an instant.

[FirstReplySurvival][servicemodel.kpi.FirstReplySurvival] and
[ResolutionSurvival][servicemodel.kpi.ResolutionSurvival] read ``(duration, observed)`` pairs
from ticket histories into a [SurvivalTimes][servicemodel.kpi.SurvivalTimes]: a ticket still
waiting at ``as_of`` counts as censored at ``as_of - created_at``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, Self

import attrs

from servicemodel._numbers import count_field, count_value
from servicemodel._validators import in_, instance_of, require_iterable
from servicemodel.calendar._shared import checked_elapsed
from servicemodel.kpi._accumulator import MergeOperators
from servicemodel.kpi._clock_durations import Read, calendar_durations, utc_durations
from servicemodel.kpi._survival import SurvivalTimes
from servicemodel.kpi._survival_curve import SurvivalCurve
from servicemodel.kpi._survival_fields import as_of_field as _as_of
from servicemodel.kpi._survival_fields import calendar_field as _calendar
from servicemodel.kpi._ticket_base import as_history, utc
from servicemodel.kpi._times import ElapsedCalendar
from servicemodel.model import PARTIAL_ATTRIBUTE, TicketHistory, require_facts

__all__ = ["FirstReplySurvival", "ResolutionSurvival"]

#: What a history must hold for each clock (a summary export may not: see
#: servicemodel.model.lost_facts).
_REPLY_FACTS = ("first_reply",)
_SOLVE_FACTS = ("resolution",)
_FIRST_SOLVE_FACTS = ("first_resolution", "resolution")


# --- ticket clocks ----------------------------------------------------------------------------


class _TicketSurvival(MergeOperators):
    """Shared code of the ticket clocks: a ``SurvivalTimes`` plus tickets created after as_of."""

    __slots__ = ()
    as_of: datetime
    calendar: ElapsedCalendar | None
    times: SurvivalTimes
    not_created: int

    if TYPE_CHECKING:  # each clock says when its event happened (None: not by as_of)

        def _end(self, history: TicketHistory) -> datetime | None: ...

        def _end_utc(self, history: TicketHistory, read: Read | None) -> datetime | None: ...

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.as_of, self.calendar, self.times._merge_params())

    def pair(self, history: TicketHistory) -> tuple[timedelta, bool] | None:
        """Return ``(time, observed)`` for one ticket as of ``as_of`` (None: created later).

        Examples:
            >>> from datetime import UTC, datetime, timedelta
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
            >>> acc = FirstReplySurvival.empty(as_of=t0 + timedelta(hours=2))
            >>> acc.pair(TicketHistory(Ticket("T", t0), []))
            (datetime.timedelta(seconds=7200), False)
        """
        history = as_history(history)
        start = history.created_at
        if utc(start) > self.as_of:
            return None
        end = self._end(history)
        stop = self.as_of if end is None else end
        if self.calendar is None:
            # In UTC: subtracting two datetimes that share a ZoneInfo gives wall-clock time.
            elapsed = utc(stop) - utc(start)
        else:
            elapsed = checked_elapsed(self.calendar, start, stop)
        return elapsed, end is not None

    @property
    def n(self) -> int:
        """The number of tickets created by ``as_of`` (replied or resolved, or censored).

        Examples:
            >>> from datetime import UTC, datetime
            >>> FirstReplySurvival.empty(as_of=datetime(2026, 3, 2, tzinfo=UTC)).n
            0
        """
        return self.times.n

    def add(self, item: Any) -> Self:
        """Return a new accumulator with one ticket history added.

        Examples:
            >>> from datetime import UTC, datetime
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
            >>> acc = ResolutionSurvival.empty(as_of=t0)
            >>> acc.add(TicketHistory(Ticket("T", t0), [])).times.censored
            1
        """
        return self.add_many((item,))

    def add_many(self, items: Iterable[Any]) -> Self:
        """Return a new accumulator with all ticket histories added (created after as_of: counted apart).

        Examples:
            >>> from datetime import UTC, datetime, timedelta
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
            >>> acc = FirstReplySurvival.empty(as_of=t0)
            >>> acc.add(TicketHistory(Ticket("T", t0 + timedelta(days=1)), [])).not_created
            1
        """  # noqa: E501
        require_iterable(items, "items")
        if self.calendar is not None:
            observed, censored, later = calendar_durations(self, items)
        else:
            observed, censored, later = utc_durations(self, items, None)
        return attrs.evolve(  # type: ignore[misc]
            self,
            times=self.times._with_times(observed, censored),
            not_created=self.not_created + later,
        )

    def _add_read(self, items: Sequence[TicketHistory], reads: Sequence[Read]) -> Self:
        """``add_many`` of histories whose instants a pass over them has read already.

        ``reads[i]`` is ``(created_at in UTC, last_event_at in UTC, is_resolved())`` of
        ``items[i]`` (the report's single pass reads them for its own grouping).
        """
        if self.calendar is not None:
            return self.add_many(items)
        observed, censored, later = utc_durations(self, items, reads)
        return attrs.evolve(  # type: ignore[misc]
            self,
            times=self.times._with_times(observed, censored),
            not_created=self.not_created + later,
        )

    def merge(self, other: Self) -> Self:
        """Return the accumulator of both inputs; ``as_of``, calendar and parameters must match.

        Examples:
            >>> from datetime import UTC, datetime
            >>> a = FirstReplySurvival.empty(as_of=datetime(2026, 3, 2, tzinfo=UTC))
            >>> a.merge(FirstReplySurvival.empty(as_of=datetime(2026, 3, 3, tzinfo=UTC)))
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge FirstReplySurvival with different ...
        """
        self._check_mergeable(other)
        return attrs.evolve(  # type: ignore[misc]
            self,
            times=self.times.merge(other.times),
            not_created=self.not_created + other.not_created,
        )

    def result(self, level: float = 0.95) -> SurvivalCurve:
        """Return the Kaplan–Meier curve of the tickets' times (see ``SurvivalTimes.result``).

        Examples:
            >>> from datetime import UTC, datetime
            >>> FirstReplySurvival.empty(as_of=datetime(2026, 3, 2, tzinfo=UTC)).result().n
            0
        """
        return self.times.result(level)


def _metric(base: str, calendar: Any) -> str:
    return base + (" (business)" if calendar is not None else "")


@attrs.frozen
class FirstReplySurvival(_TicketSurvival):
    """Kaplan–Meier first reply time as of an instant: tickets not yet replied to are censored.

    A ticket replied to by ``as_of`` (the first reply of ``TicketHistory.first_reply_at``:
    internal notes and automated replies never count) has its reply time; one still waiting
    counts as censored at ``as_of - created_at`` (in UTC, or ``calendar.elapsed`` for business
    time); a ticket created after ``as_of`` is counted in ``not_created`` only. Times are in
    ``unit``.

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> hs = [TicketHistory(Ticket(f"T{m}", t0), [AgentReply("r", t0 + timedelta(minutes=m))])
        ...       for m in (5, 20, 45)] + [TicketHistory(Ticket("T-open", t0), [])]
        >>> km = FirstReplySurvival.empty(as_of=t0 + timedelta(hours=1)).add_many(hs).result()
        >>> km["median"].value, km.censored
        (20.0, 1)
    """

    as_of: datetime = attrs.field(converter=_as_of)
    calendar: ElapsedCalendar | None = attrs.field(default=None, validator=_calendar)
    times: SurvivalTimes = attrs.field(factory=SurvivalTimes, validator=instance_of(SurvivalTimes))
    not_created: int = attrs.field(default=0, converter=count_value, validator=count_field)

    @classmethod
    def empty(
        cls,
        *,
        as_of: datetime,
        calendar: ElapsedCalendar | None = None,
        unit: str = "min",
        percentiles: Iterable[float] = (50, 90),
        horizon: float | None = None,
    ) -> FirstReplySurvival:
        """Return the accumulator of no tickets with these parameters.

        Examples:
            >>> from datetime import UTC, datetime
            >>> FirstReplySurvival.empty(as_of=datetime(2026, 3, 2, tzinfo=UTC)).times.metric
            'first reply time'
        """
        times = SurvivalTimes.empty(
            metric=_metric("first reply time", calendar),
            unit=unit,
            percentiles=percentiles,
            horizon=horizon,
        )
        return cls(as_of, calendar, times)

    def _end(self, history: TicketHistory) -> datetime | None:
        if PARTIAL_ATTRIBUTE in history.ticket.attributes:  # a complete history lacks nothing
            require_facts(history, _REPLY_FACTS, what="first reply time")
        reply = history.first_reply_at()
        return reply if reply is not None and utc(reply) <= self.as_of else None

    def _end_utc(self, history: TicketHistory, read: Read | None) -> datetime | None:
        # ``_end`` in UTC.
        if PARTIAL_ATTRIBUTE in history.ticket.attributes:
            require_facts(history, _REPLY_FACTS, what="first reply time")
        reply = history.first_reply_at()
        if reply is None:
            return None
        reply = reply.astimezone(UTC)
        return reply if reply <= self.as_of else None


@attrs.frozen
class ResolutionSurvival(_TicketSurvival):
    """Kaplan–Meier resolution time as of an instant: unresolved tickets are censored.

    ``which="full"``: a ticket resolved at ``as_of`` has its last resolution up to then; one
    unresolved at ``as_of`` (never solved, or reopened) is censored at ``as_of - created_at``.
    ``which="first"``: the first resolution up to ``as_of``, even if reopened later. Business
    time with ``calendar``; tickets created after ``as_of`` are counted in ``not_created``.

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> from servicemodel.model import Reopen, StatusChange, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> h = TicketHistory(Ticket("T", t0), [
        ...     StatusChange("s", t0 + timedelta(hours=2), status="solved"),
        ...     Reopen("o", t0 + timedelta(hours=5))])
        >>> ResolutionSurvival.empty(as_of=t0 + timedelta(hours=8)).pair(h)
        (datetime.timedelta(seconds=28800), False)
        >>> ResolutionSurvival.empty(as_of=t0 + timedelta(hours=8), which="first").pair(h)
        (datetime.timedelta(seconds=7200), True)
    """

    as_of: datetime = attrs.field(converter=_as_of)
    which: Literal["full", "first"] = attrs.field(default="full", validator=in_(("full", "first")))
    calendar: ElapsedCalendar | None = attrs.field(default=None, validator=_calendar)
    times: SurvivalTimes = attrs.field(factory=SurvivalTimes, validator=instance_of(SurvivalTimes))
    not_created: int = attrs.field(default=0, converter=count_value, validator=count_field)

    @classmethod
    def empty(
        cls,
        *,
        as_of: datetime,
        which: Literal["full", "first"] = "full",
        calendar: ElapsedCalendar | None = None,
        unit: str = "h",
        percentiles: Iterable[float] = (50, 90),
        horizon: float | None = None,
    ) -> ResolutionSurvival:
        """Return the accumulator of no tickets with these parameters.

        Examples:
            >>> from datetime import UTC, datetime
            >>> ResolutionSurvival.empty(as_of=datetime(2026, 3, 2, tzinfo=UTC),
            ...                          which="first").times.metric
            'first resolution time'
        """
        # Text first (an array answers == with an array); the field's validator names the rest.
        first = isinstance(which, str) and which == "first"
        base = "first resolution time" if first else "resolution time"
        times = SurvivalTimes.empty(
            metric=_metric(base, calendar), unit=unit, percentiles=percentiles, horizon=horizon
        )
        return cls(as_of, which, calendar, times)

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.which, *super()._merge_params())

    def _refuse_lost(self, history: TicketHistory) -> None:
        # An export without a solved column cannot say a ticket is still open (nor one with
        # several solves which was first).
        if PARTIAL_ATTRIBUTE in history.ticket.attributes:  # a complete history lacks nothing
            facts = _FIRST_SOLVE_FACTS if self.which == "first" else _SOLVE_FACTS
            require_facts(history, facts, what=self.times.metric)

    def _end(self, history: TicketHistory) -> datetime | None:
        self._refuse_lost(history)
        solves = [t for t in history.solve_times() if utc(t) <= self.as_of]
        if not solves:
            return None
        if self.which == "first":
            return solves[0]
        return solves[-1] if history.is_resolved(at=self.as_of) else None

    def _end_utc(self, history: TicketHistory, read: Read | None) -> datetime | None:
        # ``_end`` in UTC. Solves are in time order, so those by ``as_of`` come first.
        self._refuse_lost(history)
        solves = history.solve_times()
        if not solves:
            return None
        as_of = self.as_of
        if self.which == "first":
            first = solves[0].astimezone(UTC)
            return first if first <= as_of else None
        last = history.last_event_at.astimezone(UTC) if read is None else read[1]
        if last > as_of:
            end = self._end(history)  # the general case: look up the status at as_of
            return None if end is None else end.astimezone(UTC)
        # Every solve is by as_of, and the ticket is resolved at as_of exactly when it is after
        # its last event.
        if read is None:
            return solves[-1].astimezone(UTC) if history.is_resolved() else None
        if not read[2]:
            return None
        final = solves[-1]
        # Solved by its last event: that instant is read in UTC already.
        return read[1] if final is history.events[-1].at else final.astimezone(UTC)
