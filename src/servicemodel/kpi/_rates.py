"""KPIs read from ticket histories: reply and resolution times, rates, backlog, SLA attainment.

Every calculator is a frozen, mergeable accumulator: ``empty(...)`` takes the parameters,
``add(history)`` / ``add_many(histories)`` and ``merge`` (or ``+``, so ``sum(parts)`` works)
return new values, and ``result()`` returns an [Estimate][servicemodel.kpi.Estimate] (or, for
times, a [TimeSummary][servicemodel.kpi.TimeSummary] of estimates). Accumulators with
different parameters refuse to merge with a [MergeError][servicemodel.errors.MergeError].

Proportions (resolution rate, FCR, reopen rate, SLA attainment) carry a Wilson score interval
and their explicit numerator and denominator in ``Estimate.counts``. Times are censored, not
zero: a ticket never replied to has no first reply time; it is counted in ``missing``.

This module depends on the ticket model only. Business time comes from anything with an
``elapsed(a, b) -> timedelta`` method (such as ``servicemodel.calendar.BusinessCalendar``), and
SLA measurements are read through their ``state`` attribute, so neither module is imported.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> solved = TicketHistory(Ticket("T-1", t0), [
    ...     AgentReply("r", t0 + timedelta(minutes=30)),
    ...     StatusChange("s", t0 + timedelta(hours=2), status="solved")])
    >>> waiting = TicketHistory(Ticket("T-2", t0), [])
    >>> ResolutionRate.empty().add_many([solved, waiting]).result()
    resolution rate 50.0 % ±40.5 (n=2, 95 %)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, Protocol, Self, runtime_checkable

import attrs

from servicemodel.errors import ConfigError, InputTypeError, MergeError, require_aware
from servicemodel.kpi._columns import column_kind
from servicemodel.kpi._estimate import Estimate, proportion
from servicemodel.kpi.durations import Durations
from servicemodel.model import AgentReply, CustomerMessage, TicketHistory


def _u(t: datetime) -> datetime:
    return t.astimezone(UTC)


__all__ = [
    "SLA_STATES",
    "Backlog",
    "ElapsedCalendar",
    "FirstContactResolution",
    "FirstReplyTime",
    "Ratings",
    "ReopenRate",
    "ResolutionRate",
    "ResolutionTime",
    "SLAAttainment",
    "SLAMeasurementLike",
    "TimeSummary",
]


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


class SLAMeasurementLike(Protocol):
    """What [SLAAttainment][servicemodel.kpi.SLAAttainment] reads from an SLA measurement.

    ``state`` is one of ``"achieved"``, ``"breached"``, ``"active"``, ``"paused"`` (a string or
    a string enum); ``metric`` and ``priority`` name what was measured, for segmenting.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class M:
        ...     state: str
        ...     metric: str = "first_reply"
        ...     priority: str = "normal"
        >>> SLAAttainment.empty().add(M("achieved")).result().value
        1.0
    """

    @property
    def state(self) -> Any:
        """The measurement's state."""
        ...  # pragma: no cover

    @property
    def metric(self) -> Any:
        """The SLA metric measured (e.g. ``"first_reply"``)."""
        ...  # pragma: no cover

    @property
    def priority(self) -> Any:
        """The ticket priority the target applied to."""
        ...  # pragma: no cover


SLA_STATES = ("achieved", "breached", "active", "paused")
"""The states an SLA measurement can be in."""


def _history(value: Any) -> TicketHistory:
    if not isinstance(value, TicketHistory):
        raise InputTypeError(f"expected a TicketHistory, got {type(value).__name__} {value!r}")
    return value


def _count(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputTypeError(f"{attribute.name} must be an int >= 0, got {value!r}")


def _optional_aware(name: str) -> Any:
    def check(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            require_aware(value, name)

    return check


def _with_counts(est: Estimate, **named: int) -> Estimate:
    """Return ``est`` with the named counts behind it appended (numerator and denominator)."""
    extra: dict[str, Any] = {"counts": (*est.counts, *named.items())}
    return attrs.evolve(est, **extra)


class _Mergeable:
    """Shared ``merge``/``+``/``sum`` behaviour; subclasses define parameters and counters."""

    __slots__ = ()

    if TYPE_CHECKING:
        # Every subclass defines these; they are declared for the type checker only, so a
        # subclass that forgot one fails loudly (AttributeError) instead of reaching a stub.
        def _params(self) -> tuple[Any, ...]: ...

        def merge(self, other: Self) -> Self: ...

    def _check_mergeable(self, other: Any) -> None:
        if type(other) is not type(self):
            raise MergeError(
                f"cannot merge {type(self).__name__} with {type(other).__name__} {other!r}"
            )
        if other._params() != self._params():
            raise MergeError(
                f"cannot merge {type(self).__name__} with different parameters: "
                f"{self._params()!r} vs {other._params()!r}"
            )

    def __add__(self, other: Self) -> Self:
        if type(other) is not type(self):
            return NotImplemented
        return self.merge(other)

    def __radd__(self, other: Any) -> Self:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented


# --- resolution rate -----------------------------------------------------------------------


@attrs.frozen
class ResolutionRate(_Mergeable):
    """Resolution rate: tickets resolved / tickets created, with a Wilson interval.

    The denominator is every ticket added (segment by creation period for "created in the
    period"); the numerator those resolved (solved or closed) at ``as_of``, or after their last
    event when ``as_of`` is ``None``. With ``as_of``, tickets created after it are not counted.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import StatusChange, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> h = TicketHistory(Ticket("T", t0), [StatusChange("s", t0, status="solved")])
        >>> acc = ResolutionRate.empty().add(h)
        >>> acc.created, acc.resolved
        (1, 1)
    """

    as_of: datetime | None = attrs.field(default=None, validator=_optional_aware("as_of"))
    created: int = attrs.field(default=0, validator=_count)
    resolved: int = attrs.field(default=0, validator=_count)

    def _params(self) -> tuple[Any, ...]:
        return (self.as_of,)

    @classmethod
    def empty(cls, *, as_of: datetime | None = None) -> ResolutionRate:
        """Return the accumulator of no tickets.

        Examples:
            >>> ResolutionRate.empty().result().value is None
            True
        """
        return cls(as_of)

    def _counts(self, history: TicketHistory) -> tuple[int, int]:
        h = _history(history)
        if self.as_of is None:
            return 1, int(h.is_resolved())
        if _u(h.created_at) > _u(self.as_of):
            return 0, 0
        return 1, int(h.is_resolved(self.as_of))

    def add(self, history: TicketHistory) -> ResolutionRate:
        """Return a new accumulator with one more ticket.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
            >>> ResolutionRate.empty().add(h).resolved
            0
        """
        c, r = self._counts(history)
        return ResolutionRate(self.as_of, self.created + c, self.resolved + r)

    def add_many(self, histories: Iterable[TicketHistory]) -> ResolutionRate:
        """Return a new accumulator with all ``histories`` added, in one pass.

        Examples:
            >>> ResolutionRate.empty().add_many([]).created
            0
        """
        created, resolved = self.created, self.resolved
        for h in histories:
            c, r = self._counts(h)
            created += c
            resolved += r
        return ResolutionRate(self.as_of, created, resolved)

    def merge(self, other: ResolutionRate) -> ResolutionRate:
        """Return the accumulator of both inputs; ``as_of`` must match.

        Examples:
            >>> (ResolutionRate.empty() + ResolutionRate.empty()).created
            0
        """
        self._check_mergeable(other)
        return ResolutionRate(
            self.as_of, self.created + other.created, self.resolved + other.resolved
        )

    def result(self, level: float = 0.95) -> Estimate:
        """Return resolved / created with a Wilson interval (no value when nothing was created).

        Examples:
            >>> ResolutionRate(None, created=4, resolved=3).result().value
            0.75
        """
        est = proportion(self.resolved, self.created, metric="resolution rate", level=level)
        return _with_counts(est, resolved=self.resolved, created=self.created)


# --- reopen rate ---------------------------------------------------------------------------


@attrs.frozen
class ReopenRate(_Mergeable):
    """Reopen rate: tickets reopened at least once / tickets solved at least once.

    A reopen is any move from solved or closed back to an unresolved status (an explicit
    ``Reopen`` event or a status change). Tickets never solved are not in the denominator.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import Reopen, StatusChange, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> h = TicketHistory(Ticket("T", t0), [StatusChange("s", t0, status="solved"),
        ...                                     Reopen("o", t0 + timedelta(days=1))])
        >>> ReopenRate.empty().add(h).result().value
        1.0
    """

    solved: int = attrs.field(default=0, validator=_count)
    reopened: int = attrs.field(default=0, validator=_count)

    def _params(self) -> tuple[Any, ...]:
        return ()

    @classmethod
    def empty(cls) -> ReopenRate:
        """Return the accumulator of no tickets.

        Examples:
            >>> ReopenRate.empty().solved
            0
        """
        return cls()

    def add(self, history: TicketHistory) -> ReopenRate:
        """Return a new accumulator with one more ticket.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
            >>> ReopenRate.empty().add(h).solved  # never solved: not counted
            0
        """
        h = _history(history)
        if not h.solve_times():
            return self
        return ReopenRate(self.solved + 1, self.reopened + (1 if h.reopens() else 0))

    def add_many(self, histories: Iterable[TicketHistory]) -> ReopenRate:
        """Return a new accumulator with all ``histories`` added, in one pass.

        Examples:
            >>> ReopenRate.empty().add_many([]).reopened
            0
        """
        solved, reopened = self.solved, self.reopened
        for history in histories:
            h = _history(history)
            if h.solve_times():
                solved += 1
                reopened += 1 if h.reopens() else 0
        return ReopenRate(solved, reopened)

    def merge(self, other: ReopenRate) -> ReopenRate:
        """Return the accumulator of both inputs.

        Examples:
            >>> ReopenRate(2, 1).merge(ReopenRate(2, 0)).result().value
            0.25
        """
        self._check_mergeable(other)
        return ReopenRate(self.solved + other.solved, self.reopened + other.reopened)

    def result(self, level: float = 0.95) -> Estimate:
        """Return reopened / solved with a Wilson interval.

        Examples:
            >>> ReopenRate.empty().result().n
            0
        """
        est = proportion(self.reopened, self.solved, metric="reopen rate", level=level)
        return _with_counts(est, reopened=self.reopened, solved=self.solved)


# --- first contact resolution --------------------------------------------------------------


def _positive_timedelta(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, timedelta):
        raise InputTypeError(f"{attribute.name} must be a timedelta, got {value!r}")
    if value < timedelta(0):
        raise ConfigError(f"must not be negative, got {value!r}", path=attribute.name)


@attrs.frozen
class FirstContactResolution(_Mergeable):
    """First contact resolution (FCR) rate among solved tickets, with a review window.

    Helpdesks have no native definition, so the rule is explicit. Among tickets solved at least
    once, a ticket is resolved on first contact when, at its first solve ``s``:

    * it had at most ``max_replies`` public agent replies up to ``s`` (for a ticket an agent
      created, its opening reply is not counted, as for first reply time);
    * it was not reopened in ``(s, s + window]``;
    * the customer sent no further message in ``(s, s + window]``.

    Where the source system knows the answer (``Ticket.first_contact`` is not ``None``) and
    ``use_source_flag`` is true, that flag wins over the rule. With ``as_of``, tickets solved
    after ``as_of`` are not counted, and those whose window is still open at ``as_of`` cannot be
    judged yet: they are left out of ``n`` and counted in ``pending`` (``Estimate.missing``).
    The window is calendar time.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> h = TicketHistory(Ticket("T", t0), [AgentReply("r", t0 + timedelta(hours=1)),
        ...                                     StatusChange("s", t0 + timedelta(hours=1),
        ...                                                  status="solved")])
        >>> FirstContactResolution.empty(window=timedelta(days=3)).add(h).result().value
        1.0
    """

    window: timedelta = attrs.field(default=timedelta(days=3), validator=_positive_timedelta)
    max_replies: int = attrs.field(default=1, validator=_count)
    use_source_flag: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    as_of: datetime | None = attrs.field(default=None, validator=_optional_aware("as_of"))
    solved: int = attrs.field(default=0, validator=_count)
    first_contact: int = attrs.field(default=0, validator=_count)
    pending: int = attrs.field(default=0, validator=_count)

    def _params(self) -> tuple[Any, ...]:
        return (self.window, self.max_replies, self.use_source_flag, self.as_of)

    @classmethod
    def empty(
        cls,
        *,
        window: timedelta = timedelta(days=3),
        max_replies: int = 1,
        use_source_flag: bool = True,
        as_of: datetime | None = None,
    ) -> FirstContactResolution:
        """Return the accumulator of no tickets with these rule parameters.

        Examples:
            >>> from datetime import timedelta
            >>> FirstContactResolution.empty(window=timedelta(days=5)).window.days
            5
        """
        return cls(window, max_replies, use_source_flag, as_of)

    def judge(self, history: TicketHistory) -> bool | None:
        """Return whether the ticket was resolved on first contact; ``None`` if not countable.

        ``None`` means the ticket is not in the denominator (never solved, or solved after
        ``as_of``) or its review window is still open at ``as_of``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
            >>> FirstContactResolution.empty().judge(h) is None
            True
        """
        return self._judge(_history(history))[0]

    def _judge(self, h: TicketHistory) -> tuple[bool | None, bool]:
        """Return (verdict, pending)."""
        first_solved = h.first_solved_at()
        if first_solved is None or (self.as_of is not None and _u(first_solved) > _u(self.as_of)):
            return None, False
        # All instants in UTC: two datetimes sharing a ZoneInfo compare and add by wall clock,
        # which is wrong across a DST change.
        solved_at = _u(first_solved)
        flag = h.ticket.first_contact
        if self.use_source_flag and flag is not None:
            return flag, False
        end = solved_at + self.window
        if self.as_of is not None and end > _u(self.as_of):
            return None, True
        skip = 1 if h.ticket.created_by_agent else 0
        replies = 0
        for ev in h.events:
            at = _u(ev.at)
            if at > end:
                break
            if isinstance(ev, AgentReply) and at <= solved_at:
                replies += 1
            elif isinstance(ev, CustomerMessage) and at > solved_at:
                return False, False
        if replies - skip > self.max_replies:
            return False, False
        if any(solved_at < _u(r) <= end for r in h.reopens()):
            return False, False
        return True, False

    def _with(self, solved: int, first_contact: int, pending: int) -> FirstContactResolution:
        return FirstContactResolution(
            self.window,
            self.max_replies,
            self.use_source_flag,
            self.as_of,
            solved,
            first_contact,
            pending,
        )

    def add(self, history: TicketHistory) -> FirstContactResolution:
        """Return a new accumulator with one more ticket.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), first_contact=True)
            >>> FirstContactResolution.empty().add(TicketHistory(t, [])).solved  # not solved
            0
        """
        return self.add_many((history,))

    def add_many(self, histories: Iterable[TicketHistory]) -> FirstContactResolution:
        """Return a new accumulator with all ``histories`` added, in one pass.

        Examples:
            >>> FirstContactResolution.empty().add_many([]).pending
            0
        """
        solved, fcr, pending = self.solved, self.first_contact, self.pending
        for history in histories:
            verdict, waiting = self._judge(_history(history))
            if waiting:
                pending += 1
            elif verdict is not None:
                solved += 1
                fcr += int(verdict)
        return self._with(solved, fcr, pending)

    def merge(self, other: FirstContactResolution) -> FirstContactResolution:
        """Return the accumulator of both inputs; the rule parameters must match.

        Examples:
            >>> from datetime import timedelta
            >>> a = FirstContactResolution.empty(window=timedelta(days=3))
            >>> b = FirstContactResolution.empty(window=timedelta(days=5))
            >>> a.merge(b)
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge FirstContactResolution with ...
        """
        self._check_mergeable(other)
        return self._with(
            self.solved + other.solved,
            self.first_contact + other.first_contact,
            self.pending + other.pending,
        )

    def result(self, level: float = 0.95) -> Estimate:
        """Return first-contact-resolved / solved with a Wilson interval; pending in ``missing``.

        Examples:
            >>> FirstContactResolution.empty().result().value is None
            True
        """
        est = proportion(
            self.first_contact, self.solved, metric="FCR", level=level, missing=self.pending
        )
        return _with_counts(
            est, first_contact=self.first_contact, solved=self.solved, pending=self.pending
        )


# --- backlog -------------------------------------------------------------------------------


@attrs.frozen
class Backlog(_Mergeable):
    """Backlog at an instant: tickets created before ``as_of`` and not resolved at it.

    The status at ``as_of`` includes events at exactly ``as_of``. The result is an exact count
    (no interval); ``n`` is the number of tickets created before ``as_of``. No such ticket gives
    no value (``None``), as for every other estimate.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> hs = [TicketHistory(Ticket(f"T{i}", t0 + timedelta(days=i)), []) for i in range(3)]
        >>> Backlog.empty(as_of=t0 + timedelta(hours=36)).add_many(hs).result()
        backlog 2 tickets (n=2, 95 %)
    """

    as_of: datetime = attrs.field(validator=lambda _i, _a, v: require_aware(v, "as_of"))
    existing: int = attrs.field(default=0, validator=_count)
    open: int = attrs.field(default=0, validator=_count)

    def _params(self) -> tuple[Any, ...]:
        return (self.as_of,)

    @classmethod
    def empty(cls, *, as_of: datetime) -> Backlog:
        """Return the accumulator of no tickets, for the instant ``as_of``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> Backlog.empty(as_of=datetime(2026, 3, 2, tzinfo=timezone.utc)).open
            0
        """
        return cls(as_of)

    def add(self, history: TicketHistory) -> Backlog:
        """Return a new accumulator with one more ticket.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
            >>> Backlog.empty(as_of=t0).add(TicketHistory(Ticket("T", t0), [])).existing
            0
        """
        return self.add_many((history,))

    def add_many(self, histories: Iterable[TicketHistory]) -> Backlog:
        """Return a new accumulator with all ``histories`` added, in one pass.

        Examples:
            >>> from datetime import datetime, timezone
            >>> Backlog.empty(as_of=datetime(2026, 3, 2, tzinfo=timezone.utc)).add_many([]).open
            0
        """
        existing, backlog = self.existing, self.open
        as_of = self.as_of
        for history in histories:
            h = _history(history)
            if _u(h.created_at) < _u(as_of):
                existing += 1
                backlog += 0 if h.is_resolved(as_of) else 1
        return Backlog(as_of, existing, backlog)

    def merge(self, other: Backlog) -> Backlog:
        """Return the accumulator of both inputs; ``as_of`` must match.

        Examples:
            >>> from datetime import datetime, timezone
            >>> b = Backlog(datetime(2026, 3, 2, tzinfo=timezone.utc), existing=3, open=1)
            >>> (b + b).open
            2
        """
        self._check_mergeable(other)
        return Backlog(self.as_of, self.existing + other.existing, self.open + other.open)

    def result(self, level: float = 0.95) -> Estimate:
        """Return the backlog count as an exact estimate (no interval).

        Examples:
            >>> from datetime import datetime, timezone
            >>> Backlog.empty(as_of=datetime(2026, 3, 2, tzinfo=timezone.utc)).result().value
        """
        value = self.open if self.existing else None
        extra: dict[str, Any] = {"counts": (("open", self.open), ("existing", self.existing))}
        return Estimate(
            "backlog", value, self.existing, level=level, method="count", unit="tickets", **extra
        )


# --- SLA attainment ------------------------------------------------------------------------


def _state_name(measurement: Any) -> str:
    try:
        state = measurement.state
    except AttributeError:
        raise InputTypeError(
            f"expected an SLA measurement with a .state, got {type(measurement).__name__} "
            f"{measurement!r}"
        ) from None
    name = state.value if hasattr(state, "value") else state
    if not isinstance(name, str) or name.lower() not in SLA_STATES:
        raise ConfigError(
            f"unknown SLA state {state!r}; expected one of {list(SLA_STATES)}", path="state"
        )
    return name.lower()


@attrs.frozen
class SLAAttainment(_Mergeable):
    """SLA attainment: achieved / (achieved + breached), active and paused clocks apart.

    Reads any objects with ``state`` (``"achieved"``, ``"breached"``, ``"active"``,
    ``"paused"``), ``metric`` and ``priority`` (see
    [SLAMeasurementLike][servicemodel.kpi.SLAMeasurementLike]), such as the SLA
    module's measurements. With ``metric`` set, measurements of other metrics are ignored.
    Clocks still running (active or paused) have no outcome yet: they are reported in
    ``active``/``paused`` and ``Estimate.missing``, never counted as achieved or breached.

    Examples:
        >>> from types import SimpleNamespace as M
        >>> ms = [M(state=s, metric="first_reply", priority="high")
        ...       for s in ["achieved"] * 9 + ["breached", "active"]]
        >>> est = SLAAttainment.empty().add_many(ms).result()
        >>> est.value, est.n, est.missing
        (0.9, 10, 1)
    """

    metric: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    achieved: int = attrs.field(default=0, validator=_count)
    breached: int = attrs.field(default=0, validator=_count)
    active: int = attrs.field(default=0, validator=_count)
    paused: int = attrs.field(default=0, validator=_count)

    def _params(self) -> tuple[Any, ...]:
        return (self.metric,)

    @classmethod
    def empty(cls, *, metric: str | None = None) -> SLAAttainment:
        """Return the accumulator of no measurements (of ``metric`` only, if given).

        Examples:
            >>> SLAAttainment.empty(metric="resolution").metric
            'resolution'
        """
        return cls(metric)

    def add(self, measurement: SLAMeasurementLike) -> SLAAttainment:
        """Return a new accumulator with one more measurement.

        Examples:
            >>> from types import SimpleNamespace as M
            >>> SLAAttainment.empty().add(M(state="paused", metric="x", priority=None)).paused
            1
        """
        return self.add_many((measurement,))

    def add_many(self, measurements: Iterable[SLAMeasurementLike]) -> SLAAttainment:
        """Return a new accumulator with all ``measurements`` added, in one pass.

        Examples:
            >>> SLAAttainment.empty().add_many([]).achieved
            0
        """
        tally = dict.fromkeys(SLA_STATES, 0)
        wanted = self.metric
        for m in measurements:
            state = _state_name(m)
            if wanted is not None:
                metric = m.metric
                if getattr(metric, "value", metric) != wanted:
                    continue
            tally[state] += 1
        return SLAAttainment(
            wanted,
            self.achieved + tally["achieved"],
            self.breached + tally["breached"],
            self.active + tally["active"],
            self.paused + tally["paused"],
        )

    def merge(self, other: SLAAttainment) -> SLAAttainment:
        """Return the accumulator of both inputs; ``metric`` must match.

        Examples:
            >>> (SLAAttainment(None, 3, 1) + SLAAttainment(None, 1, 1)).result().value
            0.6666666666666666
        """
        self._check_mergeable(other)
        return SLAAttainment(
            self.metric,
            self.achieved + other.achieved,
            self.breached + other.breached,
            self.active + other.active,
            self.paused + other.paused,
        )

    def result(self, level: float = 0.95) -> Estimate:
        """Return achieved / (achieved + breached) with a Wilson interval.

        ``missing`` is the number of clocks still running (active + paused); ``counts`` holds
        all four states.

        Examples:
            >>> SLAAttainment(None, 0, 0, active=2).result()
            SLA attainment – (n=0, 95 %) missing=2
        """
        est = proportion(
            self.achieved,
            self.achieved + self.breached,
            metric="SLA attainment",
            level=level,
            missing=self.active + self.paused,
        )
        return _with_counts(est, **{state: getattr(self, state) for state in SLA_STATES})


# --- reply and resolution times ------------------------------------------------------------

_TIME_UNITS = ("s", "min", "h", "d")


def _time_unit(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in _TIME_UNITS:
        raise ConfigError(
            f"unknown time unit {value!r}; expected one of {_TIME_UNITS}", path="unit"
        )


def _percentiles(value: Any) -> tuple[float, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InputTypeError(f"percentiles: expected numbers in 0..100, got {value!r}")
    out: list[float] = []
    for q in value:
        if isinstance(q, bool) or not isinstance(q, int | float) or not 0 <= q <= 100:
            raise ConfigError(
                f"each percentile must be a number in 0..100, got {q!r}", path="percentiles"
            )
        out.append(float(q))
    return tuple(sorted(set(out)))


def _calendar(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not callable(getattr(value, "elapsed", None)):
        raise InputTypeError(
            f"calendar: expected an object with elapsed(a, b) -> timedelta, got {value!r}"
        )


@attrs.frozen
class TimeSummary(Mapping[str, Estimate]):
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
        first reply time p50 9 min (n=3, 95 %) missing=1
        >>> s.censored, list(s)
        (1, ['mean', 'median', 'p90'])
    """

    metric: str
    unit: str
    estimates: tuple[tuple[str, Estimate], ...]
    censored: int = 0

    def __getitem__(self, name: str) -> Estimate:
        for key, est in self.estimates:
            if key == name:
                return est
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.estimates)

    def __len__(self) -> int:
        return len(self.estimates)

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

    def __repr__(self) -> str:
        lines = [f"{self.metric} (unit={self.unit}, n={self.n}, censored={self.censored})"]
        lines += [f"  {key}: {est!r}" for key, est in self.estimates]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        items = "".join(f"<li>{est._repr_html_()}</li>" for _, est in self.estimates)
        head = html.escape(f"{self.metric} (censored={self.censored})")
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


class _TimeKPI(_Mergeable):
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

    def _params(self) -> tuple[Any, ...]:
        return (self.calendar, self.unit, self.percentiles, self.durations._params())

    def _elapsed(self, history: TicketHistory) -> timedelta | None:
        start, end = self._span(history)
        if end is None:
            return None
        if self.calendar is None:
            # In UTC: subtracting two datetimes that share a ZoneInfo gives wall-clock time.
            return _u(end) - _u(start)
        return self.calendar.elapsed(start, end)

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
        if column_kind(items) is not None:
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
        pairs += [(f"p{q:g}", d.percentile(q, level)) for q in self.percentiles if q != 50]
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

    Internal notes never count; for a ticket an agent created, the clock stops at the second
    public reply (see ``TicketHistory.first_reply_at``). A ticket never replied to is
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
        default=attrs.Factory(
            lambda self: _durations(self.metric, self.unit, False, 0.01), takes_self=True
        )
    )
    censored: int = attrs.field(default=0, validator=_count)

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
        return history.created_at, history.first_reply_at()


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
    which: Literal["full", "first"] = attrs.field(
        default="full", validator=attrs.validators.in_(("full", "first"))
    )
    calendar: ElapsedCalendar | None = attrs.field(default=None, validator=_calendar)
    unit: str = attrs.field(default="h", validator=_time_unit)
    percentiles: tuple[float, ...] = attrs.field(default=(50.0, 90.0), converter=_percentiles)
    durations: Durations = attrs.field(
        default=attrs.Factory(
            lambda self: _durations(self.metric, self.unit, False, 0.01), takes_self=True
        )
    )
    censored: int = attrs.field(default=0, validator=_count)

    @property
    def metric(self) -> str:
        """The metric's name, e.g. ``"first resolution time (business)"``.

        Examples:
            >>> ResolutionTime.empty(which="first").metric
            'first resolution time'
        """
        base = "first resolution time" if self.which == "first" else "resolution time"
        return base + (" (business)" if self.calendar is not None else "")

    def _params(self) -> tuple[Any, ...]:
        return (self.which, *super()._params())

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
        end = history.first_solved_at() if self.which == "first" else history.solved_at()
        return history.created_at, end


# --- survey ratings in histories -----------------------------------------------------------


def _survey_accumulator(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if not all(hasattr(value, name) for name in ("add_many", "merge", "result")):
        raise InputTypeError(
            f"accumulator: expected a survey accumulator such as CSAT.empty(), got {value!r}"
        )


@attrs.frozen
class Ratings(_Mergeable):
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

    accumulator: Any = attrs.field(validator=_survey_accumulator)
    survey: str = attrs.field(validator=attrs.validators.instance_of(str))
    latest_only: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))

    def _params(self) -> tuple[Any, ...]:
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
        return int(self.accumulator.n)

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
        ratings = _history(history).ratings(self.survey)
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
