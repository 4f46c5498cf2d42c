"""A small discrete-event simulation of a support queue that produces canonical ticket histories.

Contacts arrive as a Poisson process whose rate follows an hour-of-week profile (a
non-homogeneous Poisson process, drawn by thinning: Lewis & Shedler 1979), wait in one FIFO
queue, and are answered by ``N`` identical agents who work only while a business calendar is
open (24/7 by default). Handle times are exponential (the Erlang C assumption) or lognormal;
customers may abandon after a random patience. Work in hand when the calendar closes pauses and
resumes at the next opening.

Every contact becomes a [`TicketHistory`][servicemodel.model.TicketHistory]: a
``CustomerMessage`` at arrival, an ``AssignmentChange`` and a public ``AgentReply`` when an
agent picks it up (the answer), and a ``StatusChange`` to ``solved`` when handling ends; an
abandoned contact is ``closed`` at the moment it gives up and carries
``attributes["abandoned"] = True``. So SLA clocks, KPIs and goals all run on simulated data.

The run is seeded and deterministic: arrivals, handle times and patience come from three
``random.Random`` streams derived from ``seed``, so the same contacts are offered whatever the
number of agents (common random numbers make staffing comparisons smooth).

Examples:
    >>> from datetime import datetime, timezone
    >>> desk = SupportDesk(agents=14, arrivals=200, handle_time=180)  # 200/h, AHT 180 s
    >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
    >>> run = simulate(desk, t0, t0.replace(day=3), seed=7)
    >>> s = run.summary(within=20)
    >>> s.offered == len(run.contacts()) and 0.7 < s.service_level <= 1
    True
    >>> run.histories()[0].events[0].kind
    'customer_message'
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Protocol, TypeAlias
from zoneinfo import ZoneInfo

import attrs

from servicemodel.errors import (
    CalendarError,
    ConfigError,
    InputTypeError,
    require_aware,
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

__all__ = [
    "Contact",
    "Exponential",
    "LogNormal",
    "RateProfile",
    "SimulationResult",
    "SimulationSummary",
    "SupportDesk",
    "simulate",
]

_HOURS_PER_WEEK = 168


class CalendarLike(Protocol):
    """What the simulation needs from a business calendar (``BusinessCalendar`` has it all)."""

    def is_open(self, t: datetime) -> bool: ...  # pragma: no cover - protocol

    def next_open(self, t: datetime) -> datetime: ...  # pragma: no cover - protocol

    def next_close(self, t: datetime) -> datetime: ...  # pragma: no cover - protocol

    def elapsed(self, a: datetime, b: datetime) -> timedelta: ...  # pragma: no cover - protocol


def _seconds(value: Any, path: str) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(
            f"{path}: expected seconds (int or float) or a timedelta, "
            f"got {type(value).__name__} {value!r}"
        )
    return float(value)


def _mean_seconds(value: Any) -> float:
    seconds = _seconds(value, "mean")
    if not (math.isfinite(seconds) and seconds > 0):
        raise ConfigError(f"must be a positive finite duration, got {value!r}", path="mean")
    return seconds


# --- distributions -------------------------------------------------------------------------


@attrs.frozen
class Exponential:
    """Exponential durations with the given ``mean`` (seconds or a timedelta).

    Examples:
        >>> import random
        >>> d = Exponential(mean=180)
        >>> d.mean, d.sample(random.Random(1)) > 0
        (180.0, True)
    """

    mean: float = attrs.field(converter=_mean_seconds)

    def sample(self, rng: random.Random) -> float:
        """Draw one duration in seconds from ``rng``.

        Examples:
            >>> import random
            >>> Exponential(60).sample(random.Random(0)) >= 0
            True
        """
        return rng.expovariate(1.0 / self.mean)


def _positive_cv(_inst: Any, _attr: Any, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(f"cv: expected a number, got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise ConfigError(f"must be a positive finite number, got {value!r}", path="cv")


@attrs.frozen
class LogNormal:
    """Lognormal durations given by their ``mean`` (seconds) and coefficient of variation ``cv``.

    Handle times of real desks are right-skewed; a lognormal with ``cv`` around 1 fits them
    better than the exponential Erlang C assumes. ``sigma² = ln(1 + cv²)`` and
    ``mu = ln(mean) − sigma²/2``, so the distribution's mean is exactly ``mean``.

    Examples:
        >>> d = LogNormal(mean=300, cv=0.5)
        >>> round(d.sigma, 4)
        0.4724
    """

    mean: float = attrs.field(converter=_mean_seconds)
    cv: float = attrs.field(default=1.0, validator=_positive_cv)

    @property
    def sigma(self) -> float:
        """Standard deviation of the underlying normal.

        Examples:
            >>> round(LogNormal(mean=60, cv=1.0).sigma, 4)
            0.8326
        """
        return math.sqrt(math.log1p(self.cv * self.cv))

    @property
    def mu(self) -> float:
        """Mean of the underlying normal.

        Examples:
            >>> import math
            >>> d = LogNormal(mean=60, cv=1.0)
            >>> round(math.exp(d.mu + d.sigma ** 2 / 2), 6)
            60.0
        """
        return math.log(self.mean) - self.sigma**2 / 2

    def sample(self, rng: random.Random) -> float:
        """Draw one duration in seconds from ``rng``.

        Examples:
            >>> import random
            >>> LogNormal(60).sample(random.Random(0)) > 0
            True
        """
        return rng.lognormvariate(self.mu, self.sigma)


#: A duration distribution: exponential or lognormal.
Distribution: TypeAlias = Exponential | LogNormal


def _distribution(value: Any, path: str) -> Distribution:
    if isinstance(value, Exponential | LogNormal):
        return value
    try:
        return Exponential(value)
    except ConfigError as exc:
        raise ConfigError(exc.message, path=path) from None
    except InputTypeError:
        raise InputTypeError(
            f"{path}: expected Exponential, LogNormal, seconds or a timedelta, "
            f"got {type(value).__name__} {value!r}"
        ) from None


def _handle_time(value: Any) -> Distribution:
    return _distribution(value, "handle_time")


def _optional_patience(value: Any) -> Distribution | None:
    return None if value is None else _distribution(value, "patience")


# --- arrival profile -----------------------------------------------------------------------


def _zone(value: Any) -> tzinfo:
    if isinstance(value, tzinfo):
        return value
    if isinstance(value, str):
        try:
            return ZoneInfo(value)
        except (ValueError, LookupError):
            raise ConfigError(f"unknown time zone {value!r}", path="tz") from None
    raise InputTypeError(f"tz: expected a time zone name or tzinfo, got {value!r}")


def _rates(value: Any) -> tuple[float, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise InputTypeError(f"per_hour: expected 168 numbers, got {type(value).__name__}")
    out = []
    for i, rate in enumerate(value):
        if isinstance(rate, bool) or not isinstance(rate, int | float):
            raise InputTypeError(f"per_hour[{i}]: expected a number, got {rate!r}")
        if not (math.isfinite(rate) and rate >= 0):
            raise ConfigError(f"must be a finite rate ≥ 0, got {rate!r}", path=f"per_hour[{i}]")
        out.append(float(rate))
    if len(out) != _HOURS_PER_WEEK:
        raise ConfigError(
            f"needs one rate per hour of the week (168), got {len(out)}", path="per_hour"
        )
    return tuple(out)


@attrs.frozen
class RateProfile:
    """Arrivals per hour for each of the 168 hours of the week, Monday 00:00 first, in ``tz``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> p = RateProfile.weekly([10] * 9 + [60] * 8 + [10] * 7, days=[1] * 5 + [0.5] * 2)
        >>> p.rate_at(datetime(2026, 3, 7, 10, tzinfo=timezone.utc))  # a Saturday, 10:00
        30.0
        >>> round(p.mean, 2)  # (5 weekdays × 26.67 + 2 weekend days × 13.33) / 7
        22.86
    """

    per_hour: tuple[float, ...] = attrs.field(converter=_rates)
    tz: tzinfo = attrs.field(default=UTC, converter=_zone)

    @classmethod
    def constant(cls, per_hour: float, tz: str | tzinfo = UTC) -> RateProfile:
        """Return a stationary profile of ``per_hour`` arrivals every hour.

        Examples:
            >>> RateProfile.constant(200).mean
            200.0
        """
        return cls((per_hour,) * _HOURS_PER_WEEK, tz)

    @classmethod
    def weekly(
        cls,
        hourly: Sequence[float],
        *,
        days: Sequence[float] = (1.0,) * 7,
        tz: str | tzinfo = UTC,
    ) -> RateProfile:
        """Return the profile ``hourly[h] × days[d]``: a daily shape scaled per weekday.

        ``hourly`` has 24 rates (arrivals per hour, local time), ``days`` 7 factors (Monday
        first).

        Examples:
            >>> RateProfile.weekly([1.0] * 24, days=[2] * 5 + [0] * 2).per_hour[5 * 24]
            0.0
        """
        if len(hourly) != 24:
            raise ConfigError(f"needs 24 hourly rates, got {len(hourly)}", path="hourly")
        if len(days) != 7:
            raise ConfigError(f"needs 7 weekday factors, got {len(days)}", path="days")
        return cls(tuple(h * d for d in days for h in hourly), tz)

    @property
    def mean(self) -> float:
        """Average arrivals per hour over the week.

        Examples:
            >>> RateProfile.constant(12).mean
            12.0
        """
        return sum(self.per_hour) / _HOURS_PER_WEEK

    @property
    def is_constant(self) -> bool:
        """Whether every hour has the same rate (a stationary Poisson process).

        Examples:
            >>> RateProfile.constant(5).is_constant
            True
        """
        return min(self.per_hour) == max(self.per_hour)

    def rate_at(self, t: datetime) -> float:
        """Arrivals per hour in force at the instant ``t``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> RateProfile.constant(7).rate_at(datetime(2026, 1, 1, tzinfo=timezone.utc))
            7.0
        """
        local = require_aware(t, "t").astimezone(self.tz)
        return self.per_hour[local.weekday() * 24 + local.hour]


def _profile(value: Any) -> RateProfile:
    if isinstance(value, RateProfile):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(
            f"arrivals: expected a RateProfile or arrivals per hour, got {value!r}"
        )
    if not (math.isfinite(value) and value >= 0):
        raise ConfigError(f"must be a finite rate ≥ 0 per hour, got {value!r}", path="arrivals")
    return RateProfile.constant(float(value))


def _agents(_inst: Any, _attr: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError(f"agents: expected an int, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ConfigError(f"must be at least 1, got {value!r}", path="agents")


def _calendar(_inst: Any, _attr: Any, value: Any) -> None:
    if value is None:
        return
    for name in ("is_open", "next_open", "next_close", "elapsed"):
        if not callable(getattr(value, name, None)):
            raise InputTypeError(
                f"calendar: expected a BusinessCalendar (or None for 24/7), got {value!r}"
            )


_PROBE_AT = datetime(2000, 1, 1, tzinfo=UTC)


def _channel(value: Any) -> str:
    # The ticket model owns the channel rules; check them now, not at histories() time.
    return Ticket("probe", _PROBE_AT, channel=value).channel


def _group(value: Any) -> str | None:
    return Ticket("probe", _PROBE_AT, group=value).group


@attrs.frozen
class SupportDesk:
    """The queue to simulate: agents, arrivals, handle and patience times, working hours.

    ``arrivals`` is a [`RateProfile`][servicemodel.simulate.RateProfile] or a constant number of
    arrivals per hour. ``handle_time`` and ``patience`` are ``Exponential`` / ``LogNormal``
    distributions, or a mean in seconds (or a timedelta) for an exponential one.
    ``patience=None`` means nobody abandons. ``calendar`` is a
    [`BusinessCalendar`][servicemodel.calendar.BusinessCalendar]; agents pick up contacts
    only while it is open, and ``None`` means 24/7.

    Examples:
        >>> desk = SupportDesk(agents=3, arrivals=20, handle_time=LogNormal(300, cv=0.8),
        ...                    patience=600, channel="chat")
        >>> desk.handle_time.mean, desk.patience
        (300.0, Exponential(mean=600.0))
    """

    agents: int = attrs.field(validator=_agents)
    arrivals: RateProfile = attrs.field(converter=_profile)
    handle_time: Distribution = attrs.field(converter=_handle_time)
    patience: Distribution | None = attrs.field(default=None, converter=_optional_patience)
    calendar: CalendarLike | None = attrs.field(default=None, validator=_calendar)
    channel: str = attrs.field(default="chat", converter=_channel)
    group: str | None = attrs.field(default=None, converter=_group)


# --- results -------------------------------------------------------------------------------


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

    id: str
    arrived_at: datetime
    handle: float
    answered_at: datetime | None
    solved_at: datetime | None
    abandoned_at: datetime | None
    agent: str | None

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
    those still waiting when a non-draining run stopped. ``service_level`` is
    ``answered_within / offered`` — abandoned contacts count as not answered in time, the
    convention that matches Erlang C when nobody abandons. ``asa`` is the mean wait of answered
    contacts in seconds; ``occupancy`` the share of open agent time spent handling contacts
    (handling is clipped to the window). Ratios are ``None`` when their denominator is 0.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> run = simulate(SupportDesk(agents=2, arrivals=10, handle_time=300), t0,
        ...                t0.replace(hour=12), seed=1)
        >>> s = run.summary(within=60)
        >>> s.answered + s.abandoned == s.offered
        True
    """

    start: datetime
    end: datetime
    within: float
    offered: int
    answered: int
    answered_within: int
    abandoned: int
    censored: int
    service_level: float | None
    asa: float | None
    abandonment_rate: float | None
    occupancy: float | None


@attrs.frozen
class SimulationResult:
    """What a [`simulate`][servicemodel.simulate.simulate] run produced.

    Times are kept as seconds from ``start`` internally; ``contacts()`` and ``histories()``
    build the datetime-based values on demand, so long runs stay cheap when only the
    ``summary`` is needed.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> run = simulate(SupportDesk(agents=1, arrivals=4, handle_time=600), t0,
        ...                t0.replace(hour=6), seed=3)
        >>> len(run.histories()) == len(run.contacts()) == run.size
        True
    """

    desk: SupportDesk
    start: datetime
    end: datetime
    seed: int
    warmup: float
    id_prefix: str
    _arrive: tuple[float, ...] = attrs.field(repr=False)
    _handle: tuple[float, ...] = attrs.field(repr=False)
    _answer: tuple[float | None, ...] = attrs.field(repr=False)
    _finish: tuple[float | None, ...] = attrs.field(repr=False)
    _abandon: tuple[float | None, ...] = attrs.field(repr=False)
    _agent: tuple[int | None, ...] = attrs.field(repr=False)

    @property
    def size(self) -> int:
        """Number of contacts that arrived during the run.

        Examples:
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
        t = self.start.astimezone(UTC) + timedelta(seconds=offset)
        zone = self.start.tzinfo
        return t if zone is UTC else t.astimezone(zone)

    def _ticket_id(self, i: int) -> str:
        return f"{self.id_prefix}{i + 1:06d}"

    @staticmethod
    def _agent_name(a: int) -> str:
        return f"agent-{a + 1:02d}"

    def waits(self) -> tuple[float | None, ...]:
        """Per-contact wait in seconds (to answer or abandonment), ``None`` when censored.

        Examples:
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
    ) -> SimulationSummary:
        """Service level within ``within``, ASA, abandonment and occupancy over a window.

        The window defaults to the run after its warm-up: ``[start + warmup, end)``. Contacts
        count in the window they arrived in.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
            >>> run = simulate(SupportDesk(agents=3, arrivals=30, handle_time=240), t0,
            ...                t0.replace(hour=8), seed=4)
            >>> s = run.summary(within=30)
            >>> 0 < s.occupancy < 1
            True
        """
        t_within = _seconds(within, "within")
        if not (math.isfinite(t_within) and t_within >= 0):
            raise ConfigError(f"must be a finite duration ≥ 0, got {within!r}", path="within")
        lo = self.warmup if start is None else self._offset(start, "start")
        hi = self._horizon if end is None else self._offset(end, "end")
        if hi < lo:
            raise ConfigError(f"window ends before it starts: {start!r} to {end!r}", path="end")
        offered = answered = answered_within = abandoned = censored = 0
        total_wait = 0.0
        busy = 0.0
        cal = _calendar_or_none(self.desk.calendar)
        for i, arrive in enumerate(self._arrive):
            answer, finish = self._answer[i], self._finish[i]
            if answer is not None and finish is not None:
                busy += self._busy_in(cal, answer, finish, self._handle[i], lo, hi)
            elif answer is not None:
                busy += self._busy_in(cal, answer, self._run_end, None, lo, hi)
            if not lo <= arrive < hi:
                continue
            if answer is not None:
                offered += 1
                answered += 1
                wait = answer - arrive
                total_wait += wait
                if wait <= t_within:
                    answered_within += 1
            elif self._abandon[i] is not None:
                offered += 1
                abandoned += 1
            else:
                censored += 1
        open_seconds = self._open_seconds(cal, lo, hi)
        capacity = self.desk.agents * open_seconds
        return SimulationSummary(
            start=self._at(lo),
            end=self._at(hi),
            within=t_within,
            offered=offered,
            answered=answered,
            answered_within=answered_within,
            abandoned=abandoned,
            censored=censored,
            service_level=answered_within / offered if offered else None,
            asa=total_wait / answered if answered else None,
            abandonment_rate=abandoned / offered if offered else None,
            occupancy=busy / capacity if capacity > 0 else None,
        )

    @property
    def _horizon(self) -> float:
        return (self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds()

    @property
    def _run_end(self) -> float:
        # A non-draining run stops at the horizon; work still in hand is busy until then.
        return self._horizon

    def _offset(self, t: datetime, name: str) -> float:
        return (require_aware(t, name).astimezone(UTC) - self.start.astimezone(UTC)).total_seconds()

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


# --- the simulation ------------------------------------------------------------------------


def _calendar_or_none(cal: CalendarLike | None) -> CalendarLike | None:
    # A 24/7 calendar behaves exactly like no calendar; skipping it keeps long runs fast.
    if cal is None or getattr(cal, "is_always_open", False):
        return None
    return cal


def _arrivals(
    profile: RateProfile, start: datetime, horizon: float, rng: random.Random
) -> list[float]:
    """Arrival offsets in ``[0, horizon)`` by thinning a Poisson process of the peak rate.

    ``start`` is in UTC, so that adding seconds to it gives the right instant.
    """
    peak = max(profile.per_hour) / 3600.0
    if peak <= 0:
        return []
    thin = not profile.is_constant
    out: list[float] = []
    t = 0.0
    while True:
        t += rng.expovariate(peak)
        if t >= horizon:
            return out
        if thin:
            # Draw u before looking at the rate so the stream does not depend on the profile.
            u = rng.random()
            rate = profile.rate_at(start + timedelta(seconds=t)) / 3600.0
            if u * peak >= rate:
                continue
        out.append(t)


_FREE, _ARRIVE, _ABANDON, _OPEN = 0, 1, 2, 3


def simulate(
    desk: SupportDesk,
    start: datetime,
    end: datetime,
    *,
    seed: int = 0,
    warmup: float | timedelta = 0.0,
    drain: bool = True,
    id_prefix: str = "SIM-",
) -> SimulationResult:
    """Simulate ``desk`` for arrivals in ``[start, end)``; deterministic for a given ``seed``.

    With ``drain=True`` (the default) agents keep working after ``end`` until every contact is
    answered or abandoned, so every history is complete; with ``drain=False`` the run stops at
    ``end`` and contacts still waiting are censored (no answer yet). ``warmup`` (seconds or a
    timedelta) is excluded from the default
    [`summary`][servicemodel.simulate.SimulationResult.summary] window, because the queue
    starts empty.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> desk = SupportDesk(agents=2, arrivals=12, handle_time=480, patience=900)
        >>> a = simulate(desk, t0, t0.replace(hour=10), seed=42)
        >>> b = simulate(desk, t0, t0.replace(hour=10), seed=42)
        >>> a.contacts() == b.contacts()
        True
    """
    if not isinstance(desk, SupportDesk):
        raise InputTypeError(f"desk: expected a SupportDesk, got {type(desk).__name__}")
    require_aware(start, "start")
    require_aware(end, "end")
    # Instants are compared and subtracted in UTC: two datetimes sharing a ZoneInfo compare
    # and subtract by wall clock, an hour off across a DST change.
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    if end_utc < start_utc:
        raise ConfigError(f"end {end.isoformat()} is before start {start.isoformat()}", path="end")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InputTypeError(f"seed: expected an int, got {type(seed).__name__} {seed!r}")
    warm = _seconds(warmup, "warmup")
    horizon = (end_utc - start_utc).total_seconds()
    if not 0 <= warm <= horizon:
        raise ConfigError(
            f"must lie within the run (0 to {horizon:g} s), got {warmup!r}", path="warmup"
        )

    master = random.Random(seed)
    arrival_rng = random.Random(master.getrandbits(64))
    handle_rng = random.Random(master.getrandbits(64))
    patience_rng = random.Random(master.getrandbits(64))
    arrive = _arrivals(desk.arrivals, start_utc, horizon, arrival_rng)
    n = len(arrive)
    handle = [desk.handle_time.sample(handle_rng) for _ in range(n)]
    patience = desk.patience
    limit = [patience.sample(patience_rng) for _ in range(n)] if patience is not None else None

    answer: list[float | None] = [None] * n
    finish: list[float | None] = [None] * n
    abandon: list[float | None] = [None] * n
    agent_of: list[int | None] = [None] * n

    cal = _calendar_or_none(desk.calendar)

    def at(offset: float) -> datetime:
        return start_utc + timedelta(seconds=offset)

    def offset(t: datetime) -> float:
        return (t.astimezone(UTC) - start_utc).total_seconds()

    def is_open(now: float) -> bool:
        return cal is None or cal.is_open(at(now))

    def finish_time(now: float, work: float) -> float:
        """When ``work`` seconds of handling started at ``now`` end, pausing while closed."""
        if cal is None:
            return now + work
        t, remaining = now, work
        while True:
            try:
                close = offset(cal.next_close(at(t)))
            except CalendarError:  # a calendar that never closes
                return t + remaining
            if t + remaining <= close:
                return t + remaining
            remaining -= max(close - t, 0.0)
            t = offset(cal.next_open(at(close)))

    heap: list[tuple[float, int, int, int]] = []
    seq = 0
    free: deque[int] = deque(range(desk.agents))
    queue: deque[int] = deque()
    open_pending = False

    def push(t: float, kind: int, who: int) -> None:
        nonlocal seq
        heapq.heappush(heap, (t, seq, kind, who))
        seq += 1

    def dispatch(now: float) -> None:
        nonlocal open_pending
        while queue and abandon[queue[0]] is not None:
            queue.popleft()
        if not queue or not free:
            return
        if not is_open(now):
            if not open_pending:
                assert cal is not None
                push(offset(cal.next_open(at(now))), _OPEN, -1)
                open_pending = True
            return
        while queue and free:
            c = queue.popleft()
            if abandon[c] is not None:
                continue
            a = free.popleft()
            answer[c] = now
            agent_of[c] = a
            done = finish_time(now, handle[c])
            finish[c] = done
            push(done, _FREE, a)

    i = 0
    while True:
        next_arrival = arrive[i] if i < n else math.inf
        # Heap events at the same instant go first: an agent freed at t can take an arrival at t.
        if heap and heap[0][0] <= next_arrival:
            now, _, kind, who = heapq.heappop(heap)
        elif i < n:
            now, kind, who = next_arrival, _ARRIVE, i
            i += 1
        else:
            break
        if not drain and now >= horizon:
            break
        if kind == _ARRIVE:
            queue.append(who)
            if limit is not None:
                push(now + limit[who], _ABANDON, who)
        elif kind == _FREE:
            free.append(who)
        elif kind == _ABANDON:
            if answer[who] is None:
                abandon[who] = now
            continue
        else:
            open_pending = False
        dispatch(now)

    if not drain:
        # Handling that runs past the end is not finished as far as the record goes.
        for c in range(n):
            done = finish[c]
            if done is not None and done >= horizon:
                finish[c] = None
    return SimulationResult(
        desk=desk,
        start=start,
        end=end,
        seed=seed,
        warmup=warm,
        id_prefix=id_prefix,
        arrive=tuple(arrive),
        handle=tuple(handle),
        answer=tuple(answer),
        finish=tuple(finish),
        abandon=tuple(abandon),
        agent=tuple(agent_of),
    )
