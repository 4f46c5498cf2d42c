"""Reply and resolution times from ticket histories: censored, in calendar or business time.

A ticket without the end event (never replied to, not resolved) has no time: it is censored,
counted in ``censored``, never 0 and never "now - created".
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, Protocol, Self, runtime_checkable

import attrs

from servicemodel._config import one_of, safe_repr
from servicemodel._numbers import count_value, is_bool
from servicemodel._validators import instance_of, require_iterable
from servicemodel.calendar._shared import checked_elapsed
from servicemodel.errors import ConfigError, InputTypeError, ScaleError
from servicemodel.kpi._accumulator import MergeOperators
from servicemodel.kpi._columns import column_kind
from servicemodel.kpi._duration_values import is_missing
from servicemodel.kpi._durations import Durations
from servicemodel.kpi._estimate import LEFT_OUT, Estimate, EstimateMapping, estimate_pairs
from servicemodel.kpi._intervals import is_percentile, percentile_float, percentile_label
from servicemodel.kpi._ticket_base import count_field, utc
from servicemodel.model import PARTIAL_ATTRIBUTE, TicketHistory, require_facts

__all__ = ["ElapsedCalendar", "FirstReplyTime", "ResolutionTime", "TimeSummary"]

#: What a history must hold for each time (a summary export may not: see
#: servicemodel.model.lost_facts).
_REPLY_FACTS = ("first_reply",)
_SOLVE_FACTS = ("resolution",)
_FIRST_SOLVE_FACTS = ("first_resolution", "resolution")
#: Already computed times of these types are never a missing marker (NaT, pandas NA).
_PLAIN = (float, int, timedelta)


@runtime_checkable
class ElapsedCalendar(Protocol):
    """Anything that measures open time between two instants (e.g. a ``BusinessCalendar``).

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> class Wall:
        ...     def elapsed(self, a: datetime, b: datetime) -> timedelta:
        ...         return b - a
        >>> isinstance(Wall(), ElapsedCalendar)
        True
    """

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        """Return the open time between ``a`` and ``b``."""
        ...  # pragma: no cover


# --- reply and resolution times ------------------------------------------------------------

_TIME_UNITS = ("s", "min", "h", "d")


def _time_unit(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise InputTypeError(
            f"unit: expected one of {_TIME_UNITS}, got {type(value).__name__} {safe_repr(value)}"
        )
    if not one_of(value, _TIME_UNITS):
        raise ConfigError(
            f"unknown time unit {safe_repr(value)}; expected one of {_TIME_UNITS}", path="unit"
        )


def _percentiles(value: Any) -> tuple[float, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InputTypeError(f"percentiles: expected numbers in 0..100, got {safe_repr(value)}")
    out: list[float] = []
    for q in value:
        if is_bool(q) or not isinstance(q, numbers.Real):  # as Durations.percentile reads q
            raise InputTypeError(
                f"each percentile must be a number in 0..100, got {type(q).__name__} {safe_repr(q)}"
            )
        if not is_percentile(q):
            raise ConfigError(
                f"each percentile must be a number in 0..100, got {safe_repr(q)}",
                path="percentiles",
            )
        out.append(percentile_float(q))
    return tuple(sorted(set(out)))


def _calendar(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not callable(getattr(value, "elapsed", None)):
        raise InputTypeError(
            "calendar: expected an object with elapsed(a, b) -> timedelta, got "
            f"{type(value).__name__} {safe_repr(value)}"
        )


@attrs.frozen
class TimeSummary(EstimateMapping):
    """Mean, median and chosen percentiles of a time KPI, with the count of censored tickets.

    A mapping ``{"mean": ..., "median": ..., "p90": ...}`` of
    [Estimate][servicemodel.kpi.Estimate]s in ``unit``; ``censored`` counts tickets without
    the end event (never replied to, not resolved), which are not in ``n`` and are also each
    estimate's ``missing``.

    Examples:
        >>> from datetime import timedelta
        >>> s = FirstReplyTime.empty(unit="min").add_many(
        ...     [timedelta(minutes=m) for m in (4, 9, 30)] + [None]).result()
        >>> s["median"]
        first reply time p50 9 min [?, ?] (n=3, 95 %) missing=1
        >>> s.censored, list(s)
        (1, ['mean', 'median', 'p90'])
    """

    metric: str = attrs.field(validator=instance_of(str))
    unit: str = attrs.field(validator=instance_of(str))
    estimates: tuple[tuple[str, Estimate], ...] = attrs.field(converter=estimate_pairs)
    censored: int = attrs.field(default=0, converter=count_value, validator=count_field)

    @property
    def n(self) -> int:
        """The number of tickets with a time (censored ones excluded).

        Examples:
            >>> FirstReplyTime.empty().result().n
            0
        """
        return self["median"].n

    @property
    def mean(self) -> Estimate:
        """The mean, with a Student's t interval.

        Examples:
            >>> FirstReplyTime.empty().add_many([1, 2, 3]).result().mean.value
            2.0
        """
        return self["mean"]

    @property
    def median(self) -> Estimate:
        """The (nearest-rank) median, with an order-statistic interval.

        Examples:
            >>> FirstReplyTime.empty().add_many([1, 2, 3]).result().median.value
            2.0
        """
        return self["median"]

    @property
    def left_out(self) -> int:
        """How many partial histories were left out (by
        [`LeaveOutPartial`][servicemodel.kpi.LeaveOutPartial]); each estimate's ``missing``
        counts them too. 0 when none were.

        Examples:
            >>> FirstReplyTime.empty().add_many([1, 2, 3]).result().left_out
            0
        """
        return dict(self["median"].counts).get(LEFT_OUT, 0)

    def __repr__(self) -> str:
        tail = f", left_out={self.left_out}" if self.left_out else ""
        lines = [f"{self.metric} (unit={self.unit}, n={self.n}, censored={self.censored}{tail})"]
        lines += [f"  {key}: {est!r}" for key, est in self.estimates]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        items = "".join(f"<li>{est._repr_html_()}</li>" for _, est in self.estimates)
        tail = f", left out={self.left_out}" if self.left_out else ""
        head = html.escape(f"{self.metric} (censored={self.censored}{tail})")
        return f'<div class="servicemodel-times"><b>{head}</b><ul>{items}</ul></div>'

    def to_records(self) -> list[dict[str, Any]]:
        """Return one flat ``dict`` per statistic, with a ``statistic`` and a ``censored`` column.

        Examples:
            >>> [r["statistic"] for r in FirstReplyTime.empty().result().to_records()]
            ['mean', 'median', 'p90']
        """
        return [
            {"statistic": key, **est.to_record(), "censored": self.censored}
            for key, est in self.estimates
        ]


class _TimeKPI(MergeOperators):
    """Shared code of the time accumulators: a ``Durations`` plus a censored count."""

    __slots__ = ()
    _base_metric: str = ""
    calendar: ElapsedCalendar | None
    unit: str
    percentiles: tuple[float, ...]
    durations: Durations
    censored: int

    @property
    def metric(self) -> str:
        """The metric's name (``" (business)"`` is appended when a calendar is used).

        Examples:
            >>> FirstReplyTime.empty().metric
            'first reply time'
        """
        return self._base_metric + (" (business)" if self.calendar is not None else "")

    if TYPE_CHECKING:
        # Defined by each subclass (first reply or resolution); declared for the type checker.
        def _span(self, history: TicketHistory) -> tuple[datetime, datetime | None]: ...

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.calendar, self.unit, self.percentiles, self.durations._merge_params())

    def _merge_param_names(self) -> tuple[str, ...]:
        return ("calendar", "unit", "percentiles", "durations")

    def _elapsed(self, history: TicketHistory) -> timedelta | None:
        start, end = self._span(history)
        if end is None:
            return None
        if self.calendar is None:
            # In UTC: subtracting two datetimes that share a ZoneInfo gives wall-clock time.
            return utc(end) - utc(start)
        return checked_elapsed(self.calendar, start, end)

    def _evolve(self, durations: Durations, censored: int) -> Self:
        return attrs.evolve(self, durations=durations, censored=censored)  # type: ignore[misc]

    @property
    def n(self) -> int:
        """The number of tickets with a time.

        Examples:
            >>> FirstReplyTime.empty().add(None).n
            0
        """
        return self.durations.n

    def add(self, item: Any) -> Self:
        """Return a new accumulator with one ticket history (or a time, or ``None`` = censored).

        Examples:
            >>> FirstReplyTime.empty().add(None).censored
            1
        """
        return self.add_many((item,))

    def add_many(self, items: Iterable[Any]) -> Self:
        """Return a new accumulator with all ``items`` added, in one pass.

        Items are ticket histories; already computed times (timedeltas, or numbers in ``unit``)
        with ``None`` for a censored ticket are accepted too, and so are pandas / polars /
        numpy columns of times, whose nulls count as censored.

        Examples:
            >>> import pandas as pd
            >>> acc = FirstReplyTime.empty(unit="h").add_many(pd.Series([1.5, None, 3.0]))
            >>> acc.n, acc.censored
            (2, 1)
        """
        kind = column_kind(items)  # (a whole data frame is refused there)
        require_iterable(items, "items")
        if kind is not None:
            d = self.durations
            column = Durations.empty(
                metric=d.metric, unit=d.unit, sketch=d.sketch, relative_accuracy=d.relative_accuracy
            ).add_many(items, skip_missing=True)
            return self._evolve(
                self.durations.merge(attrs.evolve(column, missing=0)),
                self.censored + column.missing,
            )
        values: list[Any] = []
        censored = self.censored
        for item in items:
            if isinstance(item, TicketHistory):
                item = self._elapsed(item)
            if item is None:
                censored += 1
            elif type(item) not in _PLAIN and is_missing(item):
                # Durations' own hint (skip_missing=True) is no option here: say what is.
                raise ScaleError(
                    f"{self.metric}: {safe_repr(item)} is not a time; write None for a ticket "
                    "without the end event (censored), or pass the times as a pandas, polars "
                    "or numpy column, whose nulls count as censored"
                )
            else:
                values.append(item)
        return self._evolve(self.durations.add_many(values), censored)

    def merge(self, other: Self) -> Self:
        """Return the accumulator of both inputs; calendar, unit and percentiles must match.

        Examples:
            >>> FirstReplyTime.empty(unit="min").merge(FirstReplyTime.empty(unit="h"))
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge FirstReplyTime with different ...
        """
        self._check_mergeable(other)
        return self._evolve(self.durations.merge(other.durations), self.censored + other.censored)

    def result(self, level: float = 0.95) -> TimeSummary:
        """Return the mean, median and chosen percentiles (``missing`` = censored tickets).

        Examples:
            >>> FirstReplyTime.empty().add_many([2, 4, 60]).result().mean.value
            22.0
        """
        d = self.durations
        pairs = [("mean", d.mean(level)), ("median", d.median(level))]
        pairs += [
            (f"p{percentile_label(q)}", d.percentile(q, level)) for q in self.percentiles if q != 50
        ]
        extra: dict[str, Any] = {"missing": self.censored}
        estimates = tuple((key, attrs.evolve(est, **extra)) for key, est in pairs)
        return TimeSummary(self.metric, self.unit, estimates, self.censored)


def _durations(metric: str, unit: str, sketch: bool, relative_accuracy: float) -> Durations:
    return Durations.empty(
        metric=metric, unit=unit, sketch=sketch, relative_accuracy=relative_accuracy
    )


@attrs.frozen
class FirstReplyTime(_TimeKPI):
    """First reply time: creation to the first public agent reply, in calendar or business time.

    Internal notes and automated (bot, auto-responder) replies never count; for a ticket an
    agent created, the clock stops at the second public reply (see
    ``TicketHistory.first_reply_at``). A ticket never replied to is
    censored: it has no time (never 0, never "now - created") and is counted in ``censored``.
    With ``calendar`` (anything with ``elapsed(a, b) -> timedelta``, e.g. a
    ``BusinessCalendar``) times are business time. ``sketch=True`` bounds memory, percentiles
    then within ``relative_accuracy`` (see [Durations][servicemodel.kpi.Durations]).

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> hs = [TicketHistory(Ticket(f"T{m}", t0), [AgentReply("r", t0 + timedelta(minutes=m))])
        ...       for m in (5, 20, 45)] + [TicketHistory(Ticket("T-none", t0), [])]
        >>> s = FirstReplyTime.empty().add_many(hs).result()
        >>> s.median.value, s.censored
        (20.0, 1)
    """

    _base_metric = "first reply time"
    calendar: ElapsedCalendar | None = attrs.field(default=None, validator=_calendar)
    unit: str = attrs.field(default="min", validator=_time_unit)
    percentiles: tuple[float, ...] = attrs.field(default=(50.0, 90.0), converter=_percentiles)
    durations: Durations = attrs.field(
        validator=instance_of(Durations),
        default=attrs.Factory(
            lambda self: _durations(self.metric, self.unit, False, 0.01), takes_self=True
        ),
    )
    censored: int = attrs.field(default=0, converter=count_value, validator=count_field)

    @classmethod
    def empty(
        cls,
        *,
        calendar: ElapsedCalendar | None = None,
        unit: str = "min",
        percentiles: Iterable[float] = (50, 90),
        sketch: bool = False,
        relative_accuracy: float = 0.01,
    ) -> FirstReplyTime:
        """Return the accumulator of no tickets with these parameters.

        Examples:
            >>> FirstReplyTime.empty(percentiles=(75, 95)).percentiles
            (75.0, 95.0)
        """
        metric = cls._base_metric + (" (business)" if calendar is not None else "")
        return cls(
            calendar,
            unit,
            _percentiles(percentiles),
            _durations(metric, unit, sketch, relative_accuracy),
        )

    def _span(self, history: TicketHistory) -> tuple[datetime, datetime | None]:
        # An export without a first-reply column cannot say a ticket was never answered.
        if PARTIAL_ATTRIBUTE in history.ticket.attributes:  # a complete history lacks nothing
            require_facts(history, _REPLY_FACTS, what="first reply time")
        return history.created_at, history.first_reply_at()


def _which(value: Any) -> str:
    """``which`` checked as it is set: the durations' default reads ``metric``, which reads it.

    (A validator runs after the defaults: an array there broke ``metric`` first.)
    """
    if not isinstance(value, str) or value not in ("full", "first"):
        raise ConfigError(f"which: expected 'full' or 'first', got {safe_repr(value)}")
    return value


@attrs.frozen
class ResolutionTime(_TimeKPI):
    """Resolution time: creation to the final (``"full"``) or first (``"first"``) resolution.

    Full resolution ends at the last move to solved/closed of a ticket resolved after its last
    event; first resolution at the first such move even if the ticket was reopened later.
    Unresolved tickets are censored, as for [FirstReplyTime][servicemodel.kpi.FirstReplyTime].

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import Reopen, StatusChange, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> h = TicketHistory(Ticket("T", t0), [
        ...     StatusChange("s1", t0 + timedelta(hours=2), status="solved"),
        ...     Reopen("o", t0 + timedelta(hours=5)),
        ...     StatusChange("s2", t0 + timedelta(hours=8), status="solved")])
        >>> ResolutionTime.empty().add(h).result().median.value
        8.0
        >>> ResolutionTime.empty(which="first").add(h).result().median.value
        2.0
    """

    _base_metric = "resolution time"
    which: Literal["full", "first"] = attrs.field(default="full", converter=_which)
    calendar: ElapsedCalendar | None = attrs.field(default=None, validator=_calendar)
    unit: str = attrs.field(default="h", validator=_time_unit)
    percentiles: tuple[float, ...] = attrs.field(default=(50.0, 90.0), converter=_percentiles)
    durations: Durations = attrs.field(
        validator=instance_of(Durations),
        default=attrs.Factory(
            lambda self: _durations(self.metric, self.unit, False, 0.01), takes_self=True
        ),
    )
    censored: int = attrs.field(default=0, converter=count_value, validator=count_field)

    @property
    def metric(self) -> str:
        """The metric's name, e.g. ``"first resolution time (business)"``.

        Examples:
            >>> ResolutionTime.empty(which="first").metric
            'first resolution time'
        """
        base = "first resolution time" if self.which == "first" else "resolution time"
        return base + (" (business)" if self.calendar is not None else "")

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.which, *super()._merge_params())

    def _merge_param_names(self) -> tuple[str, ...]:
        return ("which", *super()._merge_param_names())

    @classmethod
    def empty(
        cls,
        *,
        which: Literal["full", "first"] = "full",
        calendar: ElapsedCalendar | None = None,
        unit: str = "h",
        percentiles: Iterable[float] = (50, 90),
        sketch: bool = False,
        relative_accuracy: float = 0.01,
    ) -> ResolutionTime:
        """Return the accumulator of no tickets with these parameters.

        Examples:
            >>> ResolutionTime.empty(unit="d").unit
            'd'
        """
        proto = cls(which, calendar, unit)
        return attrs.evolve(
            proto,
            percentiles=_percentiles(percentiles),
            durations=_durations(proto.metric, unit, sketch, relative_accuracy),
        )

    def _span(self, history: TicketHistory) -> tuple[datetime, datetime | None]:
        if self.which == "first":
            require_facts(history, _FIRST_SOLVE_FACTS, what="first resolution time")
            return history.created_at, history.first_solved_at()
        # An export without a solved column cannot say a ticket is still open.
        if PARTIAL_ATTRIBUTE in history.ticket.attributes:  # a complete history lacks nothing
            require_facts(history, _SOLVE_FACTS, what="resolution time")
        return history.created_at, history.solved_at()
