"""Private: what an SLA clock measures and what one evaluation of it found.

[`Metric`][servicemodel.sla.Metric] names the clocks, [`MeasurementState`][servicemodel.sla.MeasurementState]
their states, and a [`Measurement`][servicemodel.sla.Measurement] is one clock of one ticket,
evaluated at an instant.

Examples:
    >>> Metric.AGENT_WORK.is_reply, MeasurementState.BREACHED.is_final
    (False, True)
"""  # noqa: E501

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool, percent_hint, real_number
from servicemodel.calendar import BusinessCalendar, CalendarLike
from servicemodel.calendar._shared import always_open, checked_add
from servicemodel.errors import ConfigError, InputTypeError, OutOfRangeError, require_instant
from servicemodel.model import Priority, Status
from servicemodel.model._shared import pasteable, slot_setters
from servicemodel.sla._clock import ClockInterval, Memo, clock_add

if TYPE_CHECKING:  # only annotations: the policy module imports this one
    from servicemodel.sla._policy import Target

__all__ = [
    "NEVER_COUNTS",
    "Measurement",
    "MeasurementState",
    "Metric",
    "built",
    "threshold_instant",
    "warning_instants",
]

_ALWAYS = BusinessCalendar.always()
_ZERO = timedelta(0)


@pasteable
class Metric(enum.StrEnum):
    """What an SLA target measures (definitions in the "SLA policies and clocks" docs page).

    Examples:
        >>> Metric("first_reply").is_reply
        True
    """

    FIRST_REPLY = "first_reply"
    NEXT_REPLY = "next_reply"
    PERIODIC_UPDATE = "periodic_update"
    RESOLUTION = "resolution"
    REQUESTER_WAIT = "requester_wait"
    AGENT_WORK = "agent_work"

    @property
    def is_reply(self) -> bool:
        """True for the metrics a public agent reply stops.

        Examples:
            >>> Metric.RESOLUTION.is_reply
            False
        """
        return self in (Metric.FIRST_REPLY, Metric.NEXT_REPLY, Metric.PERIODIC_UPDATE)


@pasteable
class MeasurementState(enum.StrEnum):
    """State of one SLA clock: ``active``, ``paused``, ``achieved`` or ``breached``.

    ``achieved`` and ``breached`` are final: evaluating later never changes them.

    Examples:
        >>> MeasurementState.ACHIEVED == "achieved", MeasurementState.BREACHED.is_final
        (True, True)
    """

    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    BREACHED = "breached"

    @property
    def is_final(self) -> bool:
        """True for ``achieved`` and ``breached``.

        Examples:
            >>> MeasurementState.PAUSED.is_final
            False
        """
        return self in (MeasurementState.ACHIEVED, MeasurementState.BREACHED)


_RESOLVED = frozenset({Status.SOLVED, Status.CLOSED})
#: Statuses each metric never counts, whatever the policy pauses on.
NEVER_COUNTS = {
    Metric.FIRST_REPLY: _RESOLVED,
    Metric.NEXT_REPLY: _RESOLVED,
    Metric.PERIODIC_UPDATE: _RESOLVED,
    Metric.RESOLUTION: _RESOLVED,
    Metric.REQUESTER_WAIT: _RESOLVED | {Status.PENDING},
    Metric.AGENT_WORK: _RESOLVED | {Status.PENDING, Status.ON_HOLD},
}


@attrs.frozen
class Measurement:
    """One SLA clock of one ticket, evaluated at an instant.

    Every instant is in UTC (the clocks compute in UTC so the repeated hour of a DST change
    cannot reorder events); convert with ``astimezone`` for display.

    ``elapsed`` is the clock's counted time (business time on its calendar, minus pauses) up
    to ``evaluated_at`` or to the instant it stopped; ``remaining`` is ``target.within -
    elapsed`` (negative once overdue: show ``overdue`` instead). ``due_at`` is ``None`` while paused. ``breached_at`` is
    the first instant the clock was past the target in force: ``due_at``, or the priority
    change that made ``due_at`` retroactive. ``cycle`` numbers the clocks of a metric that runs more
    than once per ticket (``next_reply``, ``periodic_update``), from 0. ``warnings`` pairs each
    warning fraction with the instant it was or will be crossed (``None``: not crossed before
    the clock stopped, or not known while paused). ``target_since`` is when the target in force
    took effect: ``started_at``, or the priority change that set it (for a resolution clock,
    the reopen, when the change came while the ticket was solved). A threshold that change
    made retroactive is crossed at the change (at the next opening, for a business-hours
    clock), never before it -- the same rule as ``breached_at``.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
        >>> (m,) = evaluate(p, TicketHistory(Ticket("T", t0), []), at=t0 + timedelta(hours=3))
        >>> m.state.value, m.remaining, [w.isoformat() for _, w in m.warnings]
        ('active', datetime.timedelta(seconds=3600), ['2026-03-02T11:00:00+00:00', '2026-03-02T12:00:00+00:00'])
    """  # noqa: E501

    ticket_id: str
    policy: str
    metric: Metric
    target: Target
    priority: Priority
    state: MeasurementState
    started_at: datetime
    due_at: datetime | None
    elapsed: timedelta
    remaining: timedelta
    evaluated_at: datetime
    stopped_at: datetime | None = None
    achieved_at: datetime | None = None
    breached_at: datetime | None = None
    cycle: int = 0
    warn_at: tuple[float, ...] = (0.5, 0.75)
    calendar: CalendarLike = attrs.field(default=_ALWAYS, repr=False)
    spans: tuple[ClockInterval, ...] = attrs.field(default=(), repr=False)
    target_since: datetime | None = None

    def __attrs_post_init__(self) -> None:
        # The public constructor (and attrs.evolve) checks the fields: a value of another kind
        # would fail later, in a method. The engine builds its measurements with ``built``,
        # which skips this (its values are its own): no cost per clock.
        check_fields(self)

    def instant_at(self, fraction: float) -> datetime | None:
        """When the clock reaches ``fraction`` of its target (past or projected).

        Projection assumes the clock keeps running after ``evaluated_at``; ``None`` when the
        clock is paused (or stopped) before getting there, so the instant is not known. After a
        priority change, never before the change (see ``target_since``).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import PriorityChange, Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "8h", business=False)],
            ...                     "urgent": [Target("first_reply", "2h", business=False)]})
            >>> raise_ = PriorityChange("c", t0 + timedelta(hours=1, minutes=30), priority="urgent")
            >>> (m,) = evaluate(p, TicketHistory(Ticket("T", t0), [raise_]))
            >>> m.instant_at(0.5).strftime("%H:%M")  # 1 h of 2 h, crossed when raised to urgent
            '10:30'
        """
        x = real_number(fraction, "fraction", error=ConfigError)
        try:
            return threshold_instant(self, x)
        except OverflowError:  # target x fraction, or the instant, past the datetime range
            raise OutOfRangeError(
                f"fraction: {safe_repr(fraction)} of the target {self.target.within} lies past "
                "the supported range of instants"
            ) from None

    @property
    def warnings(self) -> tuple[tuple[float, datetime | None], ...]:
        """``(fraction, instant)`` for each warning threshold (see the class docs).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
            >>> h = TicketHistory(Ticket("T", t0), [AgentReply("r", t0 + timedelta(hours=2, minutes=30))])
            >>> [(f, w and w.strftime("%H:%M")) for f, w in evaluate(p, h)[0].warnings]
            [(0.5, '11:00'), (0.75, None)]
        """  # noqa: E501
        return warning_instants(self)

    @property
    def overdue(self) -> timedelta:
        """How far past its target the clock is (zero while on time): ``elapsed - within``.

        Print this rather than a negative ``remaining`` (which Python shows as
        ``-1 day, 23:00:00`` for one hour over).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
            >>> (m,) = evaluate(p, TicketHistory(Ticket("T", t0), []), at=t0 + timedelta(hours=2))
            >>> m.remaining, m.overdue
            (datetime.timedelta(days=-1, seconds=82800), datetime.timedelta(seconds=3600))
        """
        over = self.elapsed - self.target.within
        return over if over > _ZERO else _ZERO

    @property
    def is_final(self) -> bool:
        """Whether the state is ``achieved`` or ``breached``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h")]})
            >>> evaluate(p, TicketHistory(Ticket("T", t0), []))[0].is_final  # still running
            False
        """
        return self.state.is_final

    def to_dict(self, *, calendars: Mapping[str, CalendarLike] | None = None) -> dict[str, Any]:
        """The measurement as plain JSON types (with a ``schema`` version), for a database row.

        Every field is kept, so the verdict of a stopped clock survives an edit of its policy:
        instants as ISO 8601 strings with their offset, ``elapsed_seconds`` and
        ``remaining_seconds`` in seconds, the target as ``Target.to_dict`` writes it, the
        spans the clock counted as ``[start, end or null]`` pairs. The calendar is written
        inline, only when it is not the target's own (or 24/7 for a calendar-time target);
        a calendar equal to one of ``calendars`` is written by its name instead, which
        ``from_dict`` then needs the same table to read.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
            >>> (m,) = evaluate(p, TicketHistory(Ticket("T", t0), []))
            >>> d = m.to_dict()
            >>> d["metric"], d["state"], d["elapsed_seconds"], d["due_at"]
            ('first_reply', 'active', 0, '2026-03-02T13:00:00+00:00')
        """
        from servicemodel.sla._verdict import measurement_to_dict  # it imports this module

        return measurement_to_dict(self, calendars)

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], calendars: Mapping[str, CalendarLike] | None = None
    ) -> Measurement:
        """Read what ``to_dict`` wrote; a bad field is a ``ConfigError`` naming its path.

        Fields that disagree in a way no evaluation gives them are refused too, naming the
        fields: ``state: breached`` without ``breached_at``, ``remaining_seconds`` other than
        ``target.within - elapsed_seconds``, ``evaluated_at`` before ``started_at``, ...

        ``calendars`` resolves the calendars ``to_dict`` wrote by name (as in a policy
        set's ``calendars`` table).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
            >>> (m,) = evaluate(p, TicketHistory(Ticket("T", t0), []))
            >>> Measurement.from_dict(m.to_dict()) == m
            True
            >>> Measurement.from_dict({**m.to_dict(), "spans": [["2026-03-02T09:00:00", None]]})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: spans[0][0]: instant '2026-03-02T09:00:00' has no UTC offset
        """  # noqa: E501
        from servicemodel.sla._verdict import measurement_from_dict  # it imports this module

        return measurement_from_dict(data, calendars)


#: (field, kinds, optional) of the fields a method of a Measurement reads.
_KINDS: tuple[tuple[str, type | tuple[type, ...], bool], ...] = (
    ("ticket_id", str, False),
    ("policy", str, False),
    ("metric", Metric, False),
    ("priority", Priority, False),
    ("state", MeasurementState, False),
    ("elapsed", timedelta, False),
    ("remaining", timedelta, False),
    ("cycle", int, False),
)
_INSTANTS = ("started_at", "due_at", "evaluated_at", "stopped_at", "achieved_at", "breached_at")


#: The largest clock number a measurement takes (one per reply: never near it), as
#: ``Measurement.from_dict`` reads.
_MAX_CYCLE = 2**53


def _refuse(name: str, expected: str, value: Any) -> None:
    raise InputTypeError(
        f"Measurement.{name}: expected {expected}, got {type(value).__name__} {safe_repr(value)}"
    )


def check_fields(m: Measurement) -> None:
    """Refuse a measurement whose fields are not of their kinds (named in the error)."""
    from servicemodel.sla._target import Target  # the target module imports this one

    for name, kinds, optional in _KINDS:
        value = getattr(m, name)
        if not (optional and value is None) and (not isinstance(value, kinds) or is_bool(value)):
            _refuse(name, getattr(kinds, "__name__", str(kinds)), value)
    if not 0 <= m.cycle <= _MAX_CYCLE:  # a 5,000-digit one made repr and to_dict raise
        raise ConfigError(
            f"Measurement.cycle: expected a whole number from 0 to 2**53, got {safe_repr(m.cycle)}"
        )
    if m.elapsed < _ZERO:  # counted time; a negative one made ``overdue`` overflow
        raise ConfigError(
            f"Measurement.elapsed: a clock's counted time is never negative, got "
            f"{safe_repr(m.elapsed)}"
        )
    for name in (*_INSTANTS, "target_since"):
        value = getattr(m, name)
        if value is not None or name in ("started_at", "evaluated_at"):
            require_instant(value, f"Measurement.{name}")
    if not isinstance(m.target, Target):
        _refuse("target", "a Target", m.target)
    if not all(hasattr(m.calendar, a) for a in ("is_always_open", "add", "elapsed")):
        _refuse("calendar", "a business calendar", m.calendar)
    _check_warn_at(m.warn_at)
    _check_spans(m.spans)


def _check_warn_at(value: Any) -> None:
    if not isinstance(value, tuple) or not all(
        isinstance(f, int | float) and not is_bool(f) for f in value
    ):
        _refuse("warn_at", "a tuple of fractions", value)
    for f in value:
        if not 0 < f < 1:  # as a policy's (and from_dict's); 1e308 made ``warnings`` overflow
            raise ConfigError(
                f"Measurement.warn_at: a warning threshold is a fraction in (0, 1), got "
                f"{safe_repr(f)}{percent_hint(f, hundred=False)}"
            )


def _check_spans(value: Any) -> None:
    """The spans as ``from_dict`` reads them: aware instants in the supported range, each
    ending at or after its start, in time order without overlapping (a naive one made
    ``warnings`` raise TypeError; reversed or overlapping ones gave wrong instants)."""
    if not isinstance(value, tuple):
        _refuse("spans", "a tuple of (start, end or None) intervals", value)
    before: datetime | None = None
    for i, span in enumerate(value):
        ok = isinstance(span, tuple) and len(span) == 2
        if ok:
            start, end = span
            ok = isinstance(start, datetime) and (end is None or isinstance(end, datetime))
        if not ok:
            _refuse("spans", "(start, end or None) intervals", span)
        here = f"Measurement.spans[{i}]"
        require_instant(start, f"{here}[0]")
        if end is not None:
            require_instant(end, f"{here}[1]")
            if end < start:
                raise ConfigError(
                    f"{here}[1]: span ends at {end.isoformat()}, before its start "
                    f"{start.isoformat()}"
                )
        if i and (before is None or start < before):
            raise ConfigError(
                f"{here}[0]: span starting at {start.isoformat()} overlaps the one before it; "
                "spans are in time order and do not overlap"
            )
        before = end


def threshold_instant(m: Measurement, fraction: float, memo: Memo | None = None) -> datetime | None:
    """``Measurement.instant_at``; ``memo`` caches business time of closed intervals."""
    if fraction <= 0:
        return m.started_at
    x = clock_add(m.calendar, m.spans, m.target.within * fraction, memo)
    since = m.target_since
    if x is not None and since is not None and x < since:
        # A priority change made the threshold retroactive: it is crossed at the change,
        # not in the past -- and, on a business calendar, not while the office is closed.
        x = since if always_open(m.calendar) else checked_add(m.calendar, since, timedelta(0))
    return x


def warning_instants(
    m: Measurement, memo: Memo | None = None
) -> tuple[tuple[float, datetime | None], ...]:
    """``Measurement.warnings``; ``memo`` caches business time of closed intervals."""
    out = []
    stop = m.stopped_at
    for f in m.warn_at:
        x = threshold_instant(m, f, memo)
        if x is not None and stop is not None and x >= stop:
            x = None
        out.append((f, x))
    return tuple(out)


# -- the engine's constructor ------------------------------------------------------------------

_new = object.__new__
(
    _TICKET_ID,
    _POLICY,
    _METRIC,
    _TARGET,
    _PRIORITY,
    _STATE,
    _STARTED_AT,
    _DUE_AT,
    _ELAPSED,
    _REMAINING,
    _EVALUATED_AT,
    _STOPPED_AT,
    _ACHIEVED_AT,
    _BREACHED_AT,
    _CYCLE,
    _WARN_AT,
    _CALENDAR,
    _SPANS,
    _TARGET_SINCE,
) = slot_setters(Measurement, *(a.name for a in attrs.fields(Measurement)))


def built(
    ticket_id: str,
    policy: str,
    metric: Metric,
    target: Target,
    priority: Priority,
    state: MeasurementState,
    started_at: datetime,
    due_at: datetime | None,
    elapsed: timedelta,
    remaining: timedelta,
    evaluated_at: datetime,
    stopped_at: datetime | None,
    achieved_at: datetime | None,
    breached_at: datetime | None,
    cycle: int,
    warn_at: tuple[float, ...],
    calendar: CalendarLike,
    spans: tuple[ClockInterval, ...],
    target_since: datetime | None,
) -> Measurement:
    """``Measurement(...)`` with every field given (the engine builds one per clock).

    The same object, built by each slot's own setter (``model._slots``): attrs' frozen
    ``__init__`` stores each field through ``object.__setattr__`` by name. No field has a
    validator or converter (a test holds that); ``__init__`` then checks the fields given from
    outside (``check_fields``), which the engine's own values need not pass through again.
    """
    m = _new(Measurement)
    # Unrolled: a loop over the setters costs more than the __init__ it replaces.
    _TICKET_ID(m, ticket_id)
    _POLICY(m, policy)
    _METRIC(m, metric)
    _TARGET(m, target)
    _PRIORITY(m, priority)
    _STATE(m, state)
    _STARTED_AT(m, started_at)
    _DUE_AT(m, due_at)
    _ELAPSED(m, elapsed)
    _REMAINING(m, remaining)
    _EVALUATED_AT(m, evaluated_at)
    _STOPPED_AT(m, stopped_at)
    _ACHIEVED_AT(m, achieved_at)
    _BREACHED_AT(m, breached_at)
    _CYCLE(m, cycle)
    _WARN_AT(m, warn_at)
    _CALENDAR(m, calendar)
    _SPANS(m, spans)
    _TARGET_SINCE(m, target_since)
    return m
