"""What a simulation run produced: contacts, ticket histories and queue figures."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value, is_bool
from servicemodel._validators import in_, instance_of, real
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    OutOfRangeError,
    require_instant,
)
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.simulate._desk import CalendarLike, SupportDesk, _seconds, no_nul

__all__ = ["Contact", "SimulationResult", "SimulationSummary", "calendar_or_none"]


#: How ``SimulationResult.summary`` may count abandoned contacts in the service level.
_ABANDONS = (
    "missed",
    "ignored",
    "met_if_short",
    "excluded_if_short",
    "met_if_short_abandon",
    "excluded_if_short_abandon",
)


def _duration(value: float | timedelta, name: str) -> float:
    """``value`` in seconds, refused unless it is a finite duration >= 0."""
    seconds = _seconds(value, name)
    if not (math.isfinite(seconds) and seconds >= 0):
        raise ConfigError(f"must be a finite duration ≥ 0, got {value!r}", path=name)
    return seconds


def calendar_or_none(cal: CalendarLike | None) -> CalendarLike | None:
    # A 24/7 calendar behaves exactly like no calendar; skipping it keeps long runs fast.
    if cal is None or getattr(cal, "is_always_open", False):
        return None
    return cal


def _aware(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: an aware datetime in the supported range, named in the error."""
    require_instant(value, attribute.name)


def _aware_or_none(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        _aware(instance, attribute, value)


def _offsets(member: type | tuple[type, ...], optional: bool) -> Any:
    """attrs validator: a tuple of offsets (numbers; ``None`` too when ``optional``)."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, tuple) or len(value) != len(instance._arrive):
            # A tuple of another length is of the right type with a value not allowed.
            error = ConfigError if isinstance(value, tuple) else InputTypeError
            raise error(
                f"{attribute.name.lstrip('_')}: expected a tuple with a value per arrival "
                f"(as many as in arrive), got {type(value).__name__} {safe_repr(value)}"
            )
        for x in value:
            if x is None and optional:
                continue
            if not isinstance(x, member) or is_bool(x):
                error = InputTypeError
            elif isinstance(x, float) and not math.isfinite(x):
                error = ConfigError  # a float, NaN or infinite: a value not allowed
            else:
                continue
            raise error(
                f"{attribute.name.lstrip('_')}: expected finite numbers, got "
                f"{type(x).__name__} {safe_repr(x)}"
            )

    return check


def _handle_seconds(_instance: Any, _attribute: Any, value: float) -> None:
    """attrs validator: a handle time is a finite number of seconds >= 0 (an int too)."""
    try:
        ok = math.isfinite(value) and value >= 0
    except OverflowError:  # an int past the float range
        ok = False
    if not ok:
        raise ConfigError(f"must be a finite duration ≥ 0, got {safe_repr(value)}", path="handle")


def _number(attribute: Any, value: Any) -> float:
    """``value`` of a summary's field if it is a real number (no bool, no NaN), else raise."""
    if type(value) is not float:  # a float as summary() gives it needs no type check
        _REAL(None, attribute, value)
    if isinstance(value, float) and math.isnan(value):
        raise ConfigError(f"{safe_repr(value)} is not a number (NaN)", path=attribute.name)
    return float(value)


def _seconds_field(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: a finite number of seconds >= 0 (``None`` too, for ``asa``, ``aht``)."""
    if value is None and attribute.name in ("asa", "aht"):
        return
    if not (math.isfinite(seconds := _number(attribute, value)) and seconds >= 0):
        raise ConfigError(
            f"expected a finite number of seconds ≥ 0, got {safe_repr(value)}",
            path=attribute.name,
        )


def _share_field(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: ``None`` (no denominator) or a share in [0, 1]."""
    if value is not None and not 0 <= _number(attribute, value) <= 1:
        raise ConfigError(
            f"expected a share in [0, 1] or None, got {safe_repr(value)}", path=attribute.name
        )


_REAL = real()


def _id_prefix(_instance: Any, _attribute: Any, value: str) -> None:
    no_nul(value, "id_prefix", "ticket id prefix")


@attrs.frozen
class Contact:
    """One simulated contact: when it arrived, was answered, finished or abandoned.

    ``wait`` is the time in queue in seconds: until the answer, or until the customer gave up;
    ``None`` when the run ended first (a censored wait, not a zero).

    Examples:
        >>> from datetime import datetime, timezone
        >>> t = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
        >>> Contact("SIM-1", t, 120.0, t.replace(second=30), None, None, "agent-01").wait
        30.0
    """

    id: str = attrs.field(validator=instance_of(str))
    arrived_at: datetime = attrs.field(validator=_aware)
    handle: float = attrs.field(validator=[instance_of((int, float)), _handle_seconds])
    answered_at: datetime | None = attrs.field(validator=_aware_or_none)
    solved_at: datetime | None = attrs.field(validator=_aware_or_none)
    abandoned_at: datetime | None = attrs.field(validator=_aware_or_none)
    agent: str | None = attrs.field(validator=instance_of(str, optional=True))

    def __attrs_post_init__(self) -> None:
        # A contact built by hand: an answer before the arrival gave a negative wait, and an
        # answered contact that also gave up counted as abandoned.
        # In UTC: two datetimes sharing a ZoneInfo compare by wall clock (an hour off across
        # the autumn change).
        arrived = self.arrived_at
        for name in ("answered_at", "abandoned_at", "solved_at"):
            t = getattr(self, name)
            if t is not None and t.astimezone(UTC) < arrived.astimezone(UTC):
                raise ConfigError(
                    f"{t.isoformat()} is before arrived_at {arrived.isoformat()}", path=name
                )
        if self.answered_at is not None and self.abandoned_at is not None:
            raise ConfigError(
                f"a contact is answered or abandoned, not both: answered at "
                f"{self.answered_at.isoformat()}, abandoned at {self.abandoned_at.isoformat()}",
                path="abandoned_at",
            )
        if self.solved_at is not None:
            if self.answered_at is None:
                raise ConfigError(
                    f"a contact nobody answered is not solved, got {self.solved_at.isoformat()}",
                    path="solved_at",
                )
            if self.solved_at.astimezone(UTC) < self.answered_at.astimezone(UTC):
                raise ConfigError(
                    f"{self.solved_at.isoformat()} is before answered_at "
                    f"{self.answered_at.isoformat()}",
                    path="solved_at",
                )

    @property
    def wait(self) -> float | None:
        """Seconds in queue until answered or abandoned; ``None`` if neither happened.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> Contact("SIM-1", t, 60.0, None, None, None, None).wait is None
            True
        """
        end = self.answered_at if self.answered_at is not None else self.abandoned_at
        if end is None:
            return None
        return (end.astimezone(UTC) - self.arrived_at.astimezone(UTC)).total_seconds()

    @property
    def abandoned(self) -> bool:
        """Whether the customer gave up before an agent picked the contact up.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
            >>> Contact("SIM-1", t, 60.0, None, None, t, None).abandoned
            True
        """
        return self.abandoned_at is not None


@attrs.frozen
class SimulationSummary:
    """Queue figures over the contacts that arrived in ``[start, end)``.

    ``offered`` counts contacts whose outcome is known (answered or abandoned); ``censored``
    those still waiting when the run stopped: at ``end`` without draining, or in a draining run
    that nobody on shift could serve (see [`simulate`][servicemodel.simulate.simulate]), so
    ``offered + censored`` is every contact in the window. ``service_level`` is the share
    answered within ``within`` seconds (a wait ``<= within``), abandoned contacts counting as
    ``abandons`` says; ICMI lists five formulas, which give 81 to 86 % on one data set
    (``abandoned_within`` counts those who hung up within ``within``, ``short_abandoned`` those
    who hung up in under ``short_abandon``):

    * ``"missed"`` (default): ``answered_within / offered`` (ICMI formula 3), abandons count as
      not answered in time, the convention that matches Erlang C when nobody abandons;
    * ``"ignored"``: ``answered_within / answered`` (ICMI 2);
    * ``"met_if_short"``: ``(answered_within + abandoned_within) / offered`` (ICMI 1);
    * ``"excluded_if_short"``: ``answered_within / (offered - abandoned_within)`` (ICMI 4);
    * ``"met_if_short_abandon"``: ``(answered_within + short_abandoned) / offered`` (ICMI 5);
    * ``"excluded_if_short_abandon"``: ``answered_within / (offered - short_abandoned)``, short
      abandons left out of the service level as out of the abandonment rate (Cisco's
      "short calls").

    ``abandonment_rate`` is ``(abandoned - short_abandoned) / (offered - short_abandoned)``:
    abandoned over offered, leaving out of both the contacts that hung up in under
    ``short_abandon`` seconds (default 0: none, so it is ``abandoned / offered``). ``aht`` is
    the average handle time, ``(talk + hold + after-call work) / handled``: a simulated
    contact's handle time is all three, and ``handled`` counts the contacts whose handling
    ended before the run stopped (a contact still in hand has no handle time yet). ``asa`` is
    the mean wait of answered contacts in seconds. ``occupancy`` is the share of staffed agent
    time spent handling contacts, within the window and while the calendar is open: an agent a
    roster takes off shift finishes the contact in hand, and is staffed until then, so staffed
    time is the roster's agents or the agents busy, whichever is more (at most 1, as a share
    is). Ratios are ``None`` when their denominator is 0.

    On an Erlang A desk (constant arrivals, exponential handle times and patience, open 24/7)
    with ``abandons="missed"`` and no short abandons, these estimate
    [`ErlangAMetrics`][servicemodel.staffing.ErlangAMetrics]' ``service_level``, ``asa`` (of
    answered contacts, not ``asa_all``), ``probability_of_abandoning`` and ``occupancy``;
    without patience, [`QueueMetrics`][servicemodel.staffing.QueueMetrics]' (Erlang C).

    Examples:
        >>> from servicemodel.simulate import SupportDesk, simulate
        >>> from datetime import datetime, timezone
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> run = simulate(SupportDesk(agents=2, arrivals=10, handle_time=300), t0,
        ...                t0.replace(hour=12), seed=1)
        >>> s = run.summary(within=60)
        >>> s.answered + s.abandoned == s.offered
        True
    """

    start: datetime = attrs.field(validator=_aware)
    end: datetime = attrs.field(validator=_aware)
    within: float = attrs.field(validator=_seconds_field)
    offered: int = attrs.field(converter=count_value, validator=count_field)
    answered: int = attrs.field(converter=count_value, validator=count_field)
    answered_within: int = attrs.field(converter=count_value, validator=count_field)
    abandoned: int = attrs.field(converter=count_value, validator=count_field)
    censored: int = attrs.field(converter=count_value, validator=count_field)
    service_level: float | None = attrs.field(validator=_share_field)
    asa: float | None = attrs.field(validator=_seconds_field)
    abandonment_rate: float | None = attrs.field(validator=_share_field)
    occupancy: float | None = attrs.field(validator=_share_field)
    abandons: str = attrs.field(default="missed", validator=in_(_ABANDONS))
    abandoned_within: int = attrs.field(default=0, converter=count_value, validator=count_field)
    short_abandon: float = attrs.field(default=0.0, validator=_seconds_field)
    short_abandoned: int = attrs.field(default=0, converter=count_value, validator=count_field)
    handled: int = attrs.field(default=0, converter=count_value, validator=count_field)
    aht: float | None = attrs.field(default=None, validator=_seconds_field)

    def __attrs_post_init__(self) -> None:
        # What summary() gives by construction, so a summary built by hand holds it too: a
        # window that ends after it starts, and counts that add up.
        if self.end.astimezone(UTC) < self.start.astimezone(UTC):
            raise ConfigError(
                f"{self.end.isoformat()} is before start {self.start.isoformat()}", path="end"
            )
        if self.answered + self.abandoned != self.offered:
            raise ConfigError(
                # safe_repr: past 4,300 digits str() of an int raises a bare ValueError.
                f"offered ({safe_repr(self.offered)}) counts the answered "
                f"({safe_repr(self.answered)}) and the abandoned ({safe_repr(self.abandoned)}) "
                f"contacts, which add up to {safe_repr(self.answered + self.abandoned)}",
                path="offered",
            )
        for part, whole in (
            ("answered_within", "answered"),
            ("abandoned_within", "abandoned"),
            ("short_abandoned", "abandoned"),
            ("handled", "answered"),
        ):
            if getattr(self, part) > getattr(self, whole):
                raise ConfigError(
                    f"{part} ({safe_repr(getattr(self, part))}) is more than {whole} "
                    f"({safe_repr(getattr(self, whole))}), which counts them",
                    path=part,
                )
        if (self.aht is None) != (self.handled == 0):
            raise ConfigError(
                f"aht is None exactly when no contact was handled, got "
                f"handled={safe_repr(self.handled)} "
                f"and aht={safe_repr(self.aht)}",
                path="aht",
            )


@attrs.frozen
class SimulationResult:
    """What a [`simulate`][servicemodel.simulate.simulate] run produced.

    Times are kept as seconds from ``start`` internally; ``contacts()`` and ``histories()``
    build the datetime-based values on demand, so long runs stay cheap when only the
    ``summary`` is needed.

    Examples:
        >>> from servicemodel.simulate import SupportDesk, simulate
        >>> from datetime import datetime, timezone
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> run = simulate(SupportDesk(agents=1, arrivals=4, handle_time=600), t0,
        ...                t0.replace(hour=6), seed=3)
        >>> len(run.histories()) == len(run.contacts()) == run.size
        True
    """

    desk: SupportDesk = attrs.field(validator=instance_of(SupportDesk))
    start: datetime = attrs.field(validator=_aware)
    end: datetime = attrs.field(validator=_aware)
    # repr() of an int past 4,300 digits raises ValueError: shown as its size instead.
    seed: int = attrs.field(validator=instance_of(int), repr=safe_repr)
    warmup: float = attrs.field(validator=real())  # a huge int broke summary()
    id_prefix: str = attrs.field(validator=[instance_of(str), _id_prefix])
    # Checked once per run, in order: every other column has a value per arrival.
    _arrive: tuple[float, ...] = attrs.field(repr=False, validator=_offsets((int, float), False))
    _handle: tuple[float, ...] = attrs.field(repr=False, validator=_offsets((int, float), False))
    _answer: tuple[float | None, ...] = attrs.field(
        repr=False, validator=_offsets((int, float), True)
    )
    _finish: tuple[float | None, ...] = attrs.field(
        repr=False, validator=_offsets((int, float), True)
    )
    _abandon: tuple[float | None, ...] = attrs.field(
        repr=False, validator=_offsets((int, float), True)
    )
    _agent: tuple[int | None, ...] = attrs.field(repr=False, validator=_offsets(int, True))

    @property
    def size(self) -> int:
        """Number of contacts that arrived during the run.

        Examples:
            >>> from servicemodel.simulate import SupportDesk, simulate
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
            >>> simulate(SupportDesk(agents=1, arrivals=0, handle_time=60), t0,
            ...          t0.replace(hour=1)).size
            0
        """
        return len(self._arrive)

    def _at(self, offset: float) -> datetime:
        # In UTC, then back to the start's zone: adding a timedelta to a ZoneInfo datetime
        # moves its wall clock, which is an hour off across a DST change (or in its gap).
        try:
            t = self.start.astimezone(UTC) + timedelta(seconds=offset)
            zone = self.start.tzinfo
            return t if zone is UTC else t.astimezone(zone)
        except (OverflowError, ValueError):  # an offset given from outside, past year 9999
            raise OutOfRangeError(
                f"offset {safe_repr(offset)} s from start {self.start.isoformat()} is outside "
                "the supported range of instants"
            ) from None

    def _ticket_id(self, i: int) -> str:
        return f"{self.id_prefix}{i + 1:06d}"

    @staticmethod
    def _agent_name(a: int) -> str:
        return f"agent-{a + 1:02d}"

    def waits(self) -> tuple[float | None, ...]:
        """Per-contact wait in seconds (to answer or abandonment), ``None`` when censored.

        Examples:
            >>> from servicemodel.simulate import SupportDesk, simulate
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
            >>> run = simulate(SupportDesk(agents=50, arrivals=10, handle_time=60), t0,
            ...                t0.replace(hour=4), seed=2)
            >>> set(run.waits())  # 50 agents for 0.17 Erlangs: nobody ever waits
            {0.0}
        """
        out: list[float | None] = []
        for arrive, answer, abandon in zip(self._arrive, self._answer, self._abandon, strict=True):
            end = answer if answer is not None else abandon
            out.append(None if end is None else end - arrive)
        return tuple(out)

    def contacts(self) -> tuple[Contact, ...]:
        """Every contact in arrival order.

        Examples:
            >>> from servicemodel.simulate import SupportDesk, simulate
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
            >>> run = simulate(SupportDesk(agents=1, arrivals=6, handle_time=60), t0,
            ...                t0.replace(hour=2), seed=5)
            >>> all(c.answered_at >= c.arrived_at for c in run.contacts())
            True
        """
        out = []
        for i, arrive in enumerate(self._arrive):
            answer, finish, abandon = self._answer[i], self._finish[i], self._abandon[i]
            agent = self._agent[i]
            out.append(
                Contact(
                    self._ticket_id(i),
                    self._at(arrive),
                    self._handle[i],
                    None if answer is None else self._at(answer),
                    None if finish is None else self._at(finish),
                    None if abandon is None else self._at(abandon),
                    None if agent is None else self._agent_name(agent),
                )
            )
        return tuple(out)

    def histories(self) -> tuple[TicketHistory, ...]:
        """Every contact as a canonical ticket history, in arrival order.

        Examples:
            >>> from servicemodel.simulate import SupportDesk, simulate
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
            >>> run = simulate(SupportDesk(agents=1, arrivals=6, handle_time=60), t0,
            ...                t0.replace(hour=2), seed=5)
            >>> h = run.histories()[0]
            >>> [e.kind for e in h.events]
            ['customer_message', 'assignment_change', 'agent_reply', 'status_change']
            >>> h.is_resolved(), h.ticket.attributes["abandoned"]
            (True, False)
        """
        desk = self.desk
        out = []
        for c in self.contacts():
            events: list[Event] = [CustomerMessage("m1", c.arrived_at)]
            if c.answered_at is not None:
                events.append(
                    AssignmentChange("a1", c.answered_at, group=desk.group, assignee=c.agent)
                )
                events.append(AgentReply("r1", c.answered_at, agent=c.agent))
                if c.solved_at is not None:
                    events.append(StatusChange("s1", c.solved_at, status=Status.SOLVED))
            elif c.abandoned_at is not None:
                events.append(StatusChange("s1", c.abandoned_at, status=Status.CLOSED))
            ticket = Ticket(
                c.id,
                c.arrived_at,
                channel=desk.channel,
                group=desk.group,
                attributes={"abandoned": c.abandoned, "handle_seconds": c.handle},
            )
            out.append(TicketHistory(ticket, events))
        return tuple(out)

    def summary(
        self,
        within: float | timedelta = 20.0,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        abandons: str = "missed",
        short_abandon: float | timedelta = 0.0,
    ) -> SimulationSummary:
        """Service level within ``within``, ASA, abandonment and occupancy over a window.

        The window defaults to the run after its warm-up: ``[start + warmup, end)``, and must
        lie within the run's ``[start, end)``: outside it nothing was simulated, so a window
        reaching past it is a ``ConfigError``. Contacts count in the window they arrived in.
        ``abandons`` says how abandoned contacts count in the service level (``"missed"``,
        ``"ignored"``, ``"met_if_short"``, ``"excluded_if_short"``, ``"met_if_short_abandon"``
        or ``"excluded_if_short_abandon"``: ICMI's five formulas and Cisco's "short calls", see
        [SimulationSummary][servicemodel.simulate.SimulationSummary]); abandons after less than
        ``short_abandon`` are left out of the abandonment rate.

        Examples:
            >>> from servicemodel.simulate import SupportDesk, simulate
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
            >>> run = simulate(SupportDesk(agents=3, arrivals=30, handle_time=240), t0,
            ...                t0.replace(hour=8), seed=4)
            >>> s = run.summary(within=30)
            >>> 0 < s.occupancy < 1
            True
        """
        t_within = _duration(within, "within")
        if not isinstance(abandons, str) or abandons not in _ABANDONS:
            raise ConfigError(
                f"expected one of {list(_ABANDONS)}, got {safe_repr(abandons)}", path="abandons"
            )
        t_short = _duration(short_abandon, "short_abandon")
        lo, hi = self._window(start, end)
        offered = answered = answered_within = abandoned = censored = 0
        abandoned_within = short = handled = 0
        total_wait = total_handle = 0.0
        busy = 0.0
        cal = calendar_or_none(self.desk.calendar)
        # Handling within the window, for the agents a roster dip keeps busy past their shift.
        spans: list[tuple[float, float]] | None = [] if self.desk.roster is not None else None
        for i, arrive in enumerate(self._arrive):
            answer, finish = self._answer[i], self._finish[i]
            if answer is not None:
                to = self._run_end if finish is None else finish
                handle = None if finish is None else self._handle[i]
                busy += self._busy_in(cal, answer, to, handle, lo, hi)
                if spans is not None and max(answer, lo) < min(to, hi):
                    spans.append((max(answer, lo), min(to, hi)))
            if not lo <= arrive < hi:
                continue
            if answer is not None:
                offered += 1
                answered += 1
                wait = answer - arrive
                total_wait += wait
                if wait <= t_within:
                    answered_within += 1
                if finish is not None:
                    handled += 1
                    total_handle += self._handle[i]
            elif (gave_up := self._abandon[i]) is not None:
                offered += 1
                abandoned += 1
                abandoned_within += gave_up - arrive <= t_within
                short += gave_up - arrive < t_short
            else:
                censored += 1
        capacity = self._capacity(cal, lo, hi, spans)
        met, base = {
            "missed": (answered_within, offered),
            "ignored": (answered_within, answered),
            "met_if_short": (answered_within + abandoned_within, offered),
            "excluded_if_short": (answered_within, offered - abandoned_within),
            "met_if_short_abandon": (answered_within + short, offered),
            "excluded_if_short_abandon": (answered_within, offered - short),
        }[abandons]
        counted = offered - short
        return SimulationSummary(
            start=self._at(lo),
            end=self._at(hi),
            within=t_within,
            offered=offered,
            answered=answered,
            answered_within=answered_within,
            abandoned=abandoned,
            censored=censored,
            service_level=met / base if base else None,
            asa=total_wait / answered if answered else None,
            abandonment_rate=(abandoned - short) / counted if counted else None,
            # At most 1 but for rounding: handling on a calendar is counted as its handle
            # time, open time as the calendar's elapsed time, each to the microsecond.
            occupancy=min(1.0, busy / capacity) if capacity > 0 else None,
            abandons=abandons,
            abandoned_within=abandoned_within,
            short_abandon=t_short,
            short_abandoned=short,
            handled=handled,
            aht=total_handle / handled if handled else None,
        )

    def _window(self, start: datetime | None, end: datetime | None) -> tuple[float, float]:
        """The offsets of a summary's window, checked to lie within the run."""
        lo = self.warmup if start is None else self._offset(start, "start")
        hi = self._horizon if end is None else self._offset(end, "end")
        if hi < lo:
            raise ConfigError(f"window ends before it starts: {start!r} to {end!r}", path="end")
        # Outside the run nothing was simulated: its agent time would count as idle capacity
        # and dilute the occupancy (a window twice the run's length halved it).
        if lo < 0:
            raise ConfigError(
                f"window starts at {start!r}, before the run's start {self.start!r}: nothing "
                "was simulated there",
                path="start",
            )
        if hi > self._horizon:
            raise ConfigError(
                f"window ends at {end!r}, after the run's end {self.end!r}: nothing was "
                "simulated there",
                path="end",
            )
        return lo, hi

    def _window_counts(
        self, within: float, edges: Sequence[datetime]
    ) -> tuple[list[int], list[int]]:
        """(offered, answered within ``within``) per window ``[edges[b], edges[b + 1])``.

        The counts ``summary(within, start=edges[b], end=edges[b + 1])`` gives (abandons
        missed, censored contacts left out), in one pass over the run rather than one per
        window: the check of a plan reads many batches of one long run.
        """
        bounds = [self._offset(t, "edges") for t in edges]
        windows = len(bounds) - 1
        offered, met = [0] * windows, [0] * windows
        for i, arrive in enumerate(self._arrive):
            b = bisect_right(bounds, arrive) - 1
            if not 0 <= b < windows:
                continue
            answer = self._answer[i]
            if answer is not None:
                offered[b] += 1
                met[b] += answer - arrive <= within
            elif self._abandon[i] is not None:
                offered[b] += 1
        return offered, met

    @property
    def _horizon(self) -> float:
        return (self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds()

    @property
    def _run_end(self) -> float:
        # A non-draining run stops at the horizon; work still in hand is busy until then.
        return self._horizon

    def _offset(self, t: datetime, name: str) -> float:
        instant = require_instant(t, name).astimezone(UTC)
        return (instant - self.start.astimezone(UTC)).total_seconds()

    def _capacity(
        self,
        cal: CalendarLike | None,
        lo: float,
        hi: float,
        spans: list[tuple[float, float]] | None,
    ) -> float:
        """Staffed agent-seconds while open in ``[lo, hi)``: the occupancy's denominator.

        With a roster, staffed agents are the roster's or those busy, whichever is more: an
        agent taken off shift finishes the contact in hand (and the run takes off shift the
        first agents to finish, so idle agents on shift and busy ones past their shift never
        meet). ``spans`` are the handling intervals within the window.
        """
        roster = self.desk.roster
        if roster is None:
            return self.desk.agents * self._open_seconds(cal, lo, hi)
        # Busy agents over time: +1 at each span's start, -1 at its end.
        steps = sorted([(a, 1) for a, _ in spans or ()] + [(b, -1) for _, b in spans or ()])
        total, t, j, busy = 0.0, lo, 0, 0
        while t < hi:
            at = self._at(t)
            nxt = min(hi, self._offset(roster.next_change(at), "t"))
            k = roster.agents_at(at)
            total += k * self._open_seconds(cal, t, nxt)
            # Agent time past the roster's count: the busy agents beyond it.
            since = t
            while j < len(steps) and steps[j][0] < nxt:
                when, step = steps[j]
                if busy > k and when > since:
                    total += (busy - k) * self._open_seconds(cal, since, when)
                since = max(since, when)
                busy += step
                j += 1
            if busy > k and nxt > since:
                total += (busy - k) * self._open_seconds(cal, since, nxt)
            t = nxt
        return total

    def _open_seconds(self, cal: CalendarLike | None, lo: float, hi: float) -> float:
        if hi <= lo:
            return 0.0
        if cal is None:
            return hi - lo
        return cal.elapsed(self._at(lo), self._at(hi)).total_seconds()

    def _busy_in(
        self,
        cal: CalendarLike | None,
        a: float,
        b: float,
        handle: float | None,
        lo: float,
        hi: float,
    ) -> float:
        x, y = max(a, lo), min(b, hi)
        if y <= x:
            return 0.0
        if cal is None:
            return y - x
        if handle is not None and x == a and y == b:
            return handle
        return cal.elapsed(self._at(x), self._at(y)).total_seconds()
