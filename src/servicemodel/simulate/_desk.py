"""The desk to simulate: agents, arrival profile, handle and patience distributions, hours."""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Protocol, TypeAlias

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import (
    is_past_as_given,
    number_type,
    plain_number,
    real_number,
    type_name,
    whole_number,
)
from servicemodel._validators import require_iterable
from servicemodel.calendar import zone
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.model import Ticket
from servicemodel.simulate._roster import (
    SLOT_COUNTS,
    Roster,
    pretty_slots,
    tz_argument,
    week_slot,
)

__all__ = ["Exponential", "LogNormal", "RateProfile", "SupportDesk"]

_HOURS_PER_WEEK = 168


class CalendarLike(Protocol):
    """What the simulation needs from a business calendar (``BusinessCalendar`` has it all)."""

    def is_open(self, t: datetime) -> bool: ...  # pragma: no cover - protocol

    def next_open(self, t: datetime) -> datetime: ...  # pragma: no cover - protocol

    def next_close(self, t: datetime) -> datetime: ...  # pragma: no cover - protocol

    def elapsed(self, a: datetime, b: datetime) -> timedelta: ...  # pragma: no cover - protocol


def _check_rng(rng: Any) -> None:
    """Refuse what is no ``random.Random`` (a subclass passes); callers test the type first."""
    if not isinstance(rng, random.Random):
        raise InputTypeError(
            f"rng: expected a random.Random, got {type(rng).__name__} {safe_repr(rng)}"
        )


def _seconds(value: Any, path: str) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds()
    value = plain_number(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(
            f"{path}: expected seconds (int or float) or a timedelta, "
            f"got {type(value).__name__} {safe_repr(value)}"
        )
    try:
        return float(value)
    except OverflowError:  # an int past the float range
        raise ConfigError(f"must be a finite duration, got {safe_repr(value)}", path=path) from None


def _mean_seconds(value: Any) -> float:
    seconds = _seconds(value, "mean")
    if not (math.isfinite(seconds) and seconds > 0):
        raise ConfigError(
            f"must be a positive finite duration, got {safe_repr(value)}", path="mean"
        )
    return seconds


# --- distributions -------------------------------------------------------------------------

#: The most a draw of ``random.Random`` can be, in means (exponential) or standard deviations
#: (normal): ``random()`` is a multiple of 2**-53 below 1, so ``-log(1 - random())`` is at most
#: 53·ln 2 ≈ 36.74, and ``normalvariate``'s acceptance test (Kinderman & Monahan) keeps
#: ``|z| <= 2·sqrt(53·ln 2)`` ≈ 12.13. A distribution whose largest draw is past the float
#: range drew ``inf`` handle times or patience: refused when built.
_EXP_MOST = 37.0
_Z_MOST = 12.13
_LOG_FLOAT_MAX = math.log(sys.float_info.max)
#: The largest mean of an exponential whose every draw is a finite float.
MAX_EXPONENTIAL_MEAN = sys.float_info.max / _EXP_MOST


def _exponential_mean(value: Any) -> float:
    seconds = _mean_seconds(value)
    if seconds > MAX_EXPONENTIAL_MEAN:
        raise ConfigError(
            f"must be at most {MAX_EXPONENTIAL_MEAN:.3g} s (a draw can be 37 times the mean, "
            f"and must be a finite number of seconds), got {safe_repr(value)}",
            path="mean",
        )
    return seconds


@attrs.frozen
class Exponential:
    """Exponential durations with the given ``mean`` (seconds or a timedelta).

    A draw can be 37 times the mean, so the mean is at most ``MAX_EXPONENTIAL_MEAN``
    (about 4.86e306 s), where every draw is still a finite number of seconds.

    Examples:
        >>> import random
        >>> d = Exponential(mean=180)
        >>> d.mean, d.sample(random.Random(1)) > 0
        (180.0, True)
    """

    mean: float = attrs.field(converter=_exponential_mean)

    def sample(self, rng: random.Random) -> float:
        """Draw one duration in seconds from ``rng``.

        Examples:
            >>> import random
            >>> Exponential(60).sample(random.Random(0)) >= 0
            True
        """
        if type(rng) is not random.Random:
            _check_rng(rng)
        return rng.expovariate(1.0 / self.mean)


def _finite(value: float) -> bool:
    """``math.isfinite``, False for an int past the float range (where it overflows)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _positive_cv(_inst: Any, _attr: Any, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(
            f"cv: expected a number, got {type(value).__name__} {safe_repr(value)}"
        )
    if not (_finite(value) and value > 0):
        raise ConfigError(f"must be a positive finite number, got {safe_repr(value)}", path="cv")
    if not math.isfinite(float(value) * float(value)):
        # sigma² = ln(1 + cv²) would be infinite and every sample NaN
        raise ConfigError(
            f"must be at most about 1.34e154 (its square must be a finite float), got "
            f"{safe_repr(value)}",
            path="cv",
        )


@attrs.frozen
class LogNormal:
    """Lognormal durations given by their ``mean`` (seconds) and coefficient of variation ``cv``.

    Handle times of real desks are right-skewed; a lognormal with ``cv`` around 1 fits them
    better than the exponential Erlang C assumes. ``sigma² = ln(1 + cv²)`` and
    ``mu = ln(mean) − sigma²/2``, so the distribution's mean is exactly ``mean``. A draw can be
    ``exp(mu + 12.13 sigma)``, which must be a finite number of seconds: ``LogNormal(1e305)``
    is a ``ConfigError`` at ``mean`` (the bound is about 1e304 s for ``cv=1``).

    Examples:
        >>> d = LogNormal(mean=300, cv=0.5)
        >>> round(d.sigma, 4)
        0.4724
    """

    mean: float = attrs.field(converter=_mean_seconds)
    cv: float = attrs.field(default=1.0, converter=plain_number, validator=_positive_cv)

    def __attrs_post_init__(self) -> None:
        # The largest draw is exp(mu + 12.13 sigma): past the float range it was inf.
        sigma = self.sigma
        log_most = _LOG_FLOAT_MAX - _Z_MOST * sigma + sigma * sigma / 2
        if math.log(self.mean) > log_most:
            raise ConfigError(
                f"with cv {self.cv:g}, must be at most {math.exp(log_most):.3g} s (a draw can "
                f"be exp(mu + 12.13 sigma), and must be a finite number of seconds), got "
                f"{safe_repr(self.mean)}",
                path="mean",
            )

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
        if type(rng) is not random.Random:
            _check_rng(rng)
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
            f"got {type(value).__name__} {safe_repr(value)}"
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
        return zone(value, "tz")
    raise InputTypeError(f"tz: expected a time zone name or tzinfo, got {safe_repr(value)}")


def _rates(value: Any) -> tuple[float, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise InputTypeError(f"per_hour: expected 168 or 336 numbers, got {type(value).__name__}")
    out = []
    for i, item in enumerate(value):
        rate = plain_number(item)
        if isinstance(rate, bool) or not isinstance(rate, int | float):
            raise InputTypeError(f"per_hour[{i}]: expected a number, got {safe_repr(rate)}")
        if not (_finite(rate) and rate >= 0):
            raise ConfigError(
                f"must be a finite rate ≥ 0, got {safe_repr(rate)}", path=f"per_hour[{i}]"
            )
        out.append(float(rate))
    if len(out) not in SLOT_COUNTS:
        raise ConfigError(
            f"needs one rate per hour (168) or half hour (336) of the week, got {len(out)}",
            path="per_hour",
        )
    return tuple(out)


@attrs.frozen(repr=False)
class RateProfile:
    """Arrivals per hour in force in each hour (168) or half hour (336) of the week, in ``tz``.

    Slots run from Monday 00:00 local time; the rate is always arrivals *per hour*, whatever
    the slot length. The ``repr`` is short: a constant profile as the call that makes it, any
    other by its slots' range and mean (168 numbers filled a notebook cell, and every desk's
    and run's ``repr`` with them).

    Examples:
        >>> RateProfile.constant(200)
        RateProfile.constant(200.0)
        >>> RateProfile.weekly([2] * 8 + [30] * 10 + [5] * 6, tz="Europe/Berlin")
        RateProfile(<168 hourly rates from 2.0 to 30.0, mean 14.417>, tz='Europe/Berlin')
        >>> from datetime import datetime, timezone
        >>> p = RateProfile.weekly([10] * 9 + [60] * 8 + [10] * 7, days=[1] * 5 + [0.5] * 2)
        >>> p.rate_at(datetime(2026, 3, 7, 10, tzinfo=timezone.utc))  # a Saturday, 10:00
        30.0
        >>> round(p.mean, 2)  # (5 weekdays × 26.67 + 2 weekend days × 13.33) / 7
        22.86
    """

    per_hour: tuple[float, ...] = attrs.field(converter=_rates)
    tz: tzinfo = attrs.field(default=UTC, converter=_zone)

    def __repr__(self) -> str:
        tz = tz_argument(self.tz)
        if self.is_constant and len(self.per_hour) == _HOURS_PER_WEEK:
            return f"RateProfile.constant({self.per_hour[0]!r}{tz})"
        kind = "hourly" if len(self.per_hour) == _HOURS_PER_WEEK else "half-hourly"
        return (
            f"RateProfile(<{len(self.per_hour)} {kind} rates from {min(self.per_hour)!r} to "
            f"{max(self.per_hour)!r}, mean {self.mean:.5g}>{tz})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Print as the call that makes this profile, for Hypothesis and IPython.

        The ``repr``'s summary of slots (``<168 hourly rates ...>``) is no code; this prints
        each run of equal rates as ``[rate] * n``, a constant week as its ``repr``.

        Examples:
            >>> from hypothesis.vendor.pretty import pretty
            >>> pretty(RateProfile.constant(0.0))
            'RateProfile.constant(0.0)'
            >>> pretty(RateProfile([0.0] * 18 + [2.5] * 300 + [0.0] * 18, tz="Europe/Berlin"))
            "RateProfile([0.0] * 18 + [2.5] * 300 + [0.0] * 18, tz='Europe/Berlin')"
        """
        if self.is_constant and len(self.per_hour) == _HOURS_PER_WEEK:
            printer.text(repr(self))
        else:
            pretty_slots(printer, "RateProfile", self.per_hour, self.tz)

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
        hourly = list(require_iterable(hourly, "hourly"))
        days = list(require_iterable(days, "days"))
        if len(hourly) != 24:
            raise ConfigError(f"needs 24 hourly rates, got {len(hourly)}", path="hourly")
        if len(days) != 7:
            raise ConfigError(f"needs 7 weekday factors, got {len(days)}", path="days")
        hours = [real_number(h, f"hourly[{i}]", error=ConfigError) for i, h in enumerate(hourly)]
        factors = [real_number(d, f"days[{i}]", error=ConfigError) for i, d in enumerate(days)]
        # Named as given: the profile's own check named per_hour[i], which the caller never
        # wrote (hourly[0] = -1 read "per_hour[0]: ... got -1.0").
        for name, values in (("hourly", hours), ("days", factors)):
            for i, x in enumerate(values):
                if not (_finite(x) and x >= 0):
                    raise ConfigError(
                        f"must be a finite number ≥ 0, got {safe_repr(x)}", path=f"{name}[{i}]"
                    )
        rates = []
        for d, factor in enumerate(factors):
            for h, hour in enumerate(hours):
                rate = float(hour) * float(factor)
                if not math.isfinite(rate):
                    raise ConfigError(
                        f"hourly[{h}] × days[{d}] = {safe_repr(hour)} × {safe_repr(factor)} is "
                        "past the float range",
                        path="days",
                    )
                rates.append(rate)
        return cls(tuple(rates), tz)

    @property
    def mean(self) -> float:
        """Average arrivals per hour over the week.

        Examples:
            >>> RateProfile.constant(12).mean
            12.0
        """
        n = len(self.per_hour)
        total = sum(self.per_hour)
        if math.isfinite(total):
            return total / n
        # Rates near the float maximum: their sum overflowed, and the mean read inf.
        return math.fsum(rate / n for rate in self.per_hour)

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
        return self.per_hour[week_slot(t, self.tz, len(self.per_hour))]


def _profile(value: Any) -> RateProfile:
    if isinstance(value, RateProfile):
        return value
    value = plain_number(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(
            f"arrivals: expected a RateProfile or arrivals per hour, got {safe_repr(value)}"
        )
    if not (_finite(value) and value >= 0):
        raise ConfigError(
            f"must be a finite rate ≥ 0 per hour, got {safe_repr(value)}", path="arrivals"
        )
    return RateProfile.constant(float(value))


#: The most agents a desk may have: the run keeps one entry per agent, so 10**9 agents
#: took minutes and gigabytes before the first contact (a million is no support desk).
MAX_DESK_AGENTS = 1_000_000


def _agents_in(value: Any) -> Any:
    """A whole number of agents as a Python int, read as the staffing functions read agents
    (``whole_number``: ``numpy.int64`` from a frame's column, or ``3.0`` from a column with a
    gap); anything else is left for the validator to refuse."""
    try:
        agents = whole_number(value, "agents")
    except (ConfigError, InputTypeError):
        return value
    if is_past_as_given(value, agents, MAX_DESK_AGENTS):
        # Named as given: 1e308 read as a whole number was shown as '<int of about 309 digits>'.
        raise ConfigError(
            f"must be at most {MAX_DESK_AGENTS:,}, got {type_name(value)} {safe_repr(value)}",
            path="agents",
        )
    return agents


def _agents(_inst: Any, _attr: Any, value: Any) -> None:
    if number_type(value) and not isinstance(value, int):
        # 3.5 or NaN: a number that is no whole number (3.0 was read as 3), as every count.
        raise ConfigError(
            f"must be a whole number, got {type_name(value)} {safe_repr(value)}", path="agents"
        )
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError(f"agents: expected an int, got {type_name(value)} {safe_repr(value)}")
    if value < 1:
        raise ConfigError(f"must be at least 1, got {safe_repr(value)}", path="agents")
    if value > MAX_DESK_AGENTS:
        raise ConfigError(
            f"must be at most {MAX_DESK_AGENTS:,}, got {safe_repr(value)}", path="agents"
        )


def _calendar(_inst: Any, _attr: Any, value: Any) -> None:
    if value is None:
        return
    for name in ("is_open", "next_open", "next_close", "elapsed"):
        if not callable(getattr(value, name, None)):
            raise InputTypeError(
                "calendar: expected a BusinessCalendar (or None for 24/7), got "
                f"{type(value).__name__} {safe_repr(value)}"
            )


_PROBE_AT = datetime(2000, 1, 1, tzinfo=UTC)


def _channel(value: Any) -> str:
    # The ticket model owns the channel rules; check them now, not at histories() time.
    return Ticket("probe", _PROBE_AT, channel=value).channel


def no_nul(value: str, path: str, what: str) -> str:
    """``value``, refused if it holds a NUL: a name nobody could type, find or write to a
    file, as a QA section's name is refused."""
    if "\x00" in value:
        raise ConfigError(f"a {what} cannot hold a NUL, got {safe_repr(value)}", path=path)
    return value


def _group(value: Any) -> str | None:
    group = Ticket("probe", _PROBE_AT, group=value).group
    return None if group is None else no_nul(group, "group", "group name")


@attrs.frozen
class SupportDesk:
    """The queue to simulate: agents, arrivals, handle and patience times, working hours.

    ``arrivals`` is a [`RateProfile`][servicemodel.simulate.RateProfile] or a constant number of
    arrivals per hour. ``handle_time`` and ``patience`` are ``Exponential`` / ``LogNormal``
    distributions, or a mean in seconds (or a timedelta) for an exponential one.
    ``patience=None`` means nobody abandons. ``roster`` (a
    [`Roster`][servicemodel.simulate.Roster]) varies the agents on shift by hour or half hour
    of the week, ``agents`` being the most ever on shift; without it all ``agents`` work
    throughout. ``calendar`` is a
    [`BusinessCalendar`][servicemodel.calendar.BusinessCalendar]; agents pick up contacts
    only while it is open, and ``None`` means 24/7.

    Examples:
        >>> desk = SupportDesk(agents=3, arrivals=20, handle_time=LogNormal(300, cv=0.8),
        ...                    patience=600, channel="chat")
        >>> desk.handle_time.mean, desk.patience
        (300.0, Exponential(mean=600.0))
    """

    agents: int = attrs.field(converter=_agents_in, validator=_agents)
    arrivals: RateProfile = attrs.field(converter=_profile)
    handle_time: Distribution = attrs.field(converter=_handle_time)
    patience: Distribution | None = attrs.field(default=None, converter=_optional_patience)
    calendar: CalendarLike | None = attrs.field(default=None, validator=_calendar)
    channel: str = attrs.field(default="chat", converter=_channel)
    group: str | None = attrs.field(default=None, converter=_group)
    roster: Roster | None = attrs.field(default=None, kw_only=True)

    @roster.validator
    def _check_roster(self, _attr: Any, value: Any) -> None:
        if value is None:
            return
        if not isinstance(value, Roster):
            raise InputTypeError(f"roster: expected a Roster or None, got {safe_repr(value)}")
        if value.most > self.agents:
            raise ConfigError(
                f"the roster puts {value.most} agents on shift but the desk has {self.agents}",
                path="roster",
            )
