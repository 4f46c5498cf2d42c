"""Hypothesis strategies for the simulated desk: duration distributions, rates, rosters, desks.

Examples:
    >>> from hypothesis import find
    >>> find(distributions(), lambda d: True)
    Exponential(mean=180.0)
    >>> desk = find(desks(), lambda d: True)
    >>> desk.agents, desk.arrivals.mean, desk.handle_time, desk.patience, desk.roster
    (1, 0.0, Exponential(mean=180.0), None, None)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.calendar import BusinessCalendar, zone
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.simulate import Exponential, LogNormal, RateProfile, Roster, SupportDesk
from servicemodel.strategies._args import MOST, flag, names, span, strategy, whole
from servicemodel.strategies._calendar import DST_ZONES

__all__ = ["desks", "distributions", "rate_profiles", "rosters"]

_COMMON_MEANS = (180, 300, 60, 600)
_CVS = st.one_of(st.sampled_from((1.0, 0.5, 2.0)), st.floats(min_value=0.05, max_value=5.0))
_KINDS = (Exponential, LogNormal)
#: The most arrivals per hour a drawn profile may have: a run's work grows with it.
_MOST_RATE = 1e6


def distributions(
    *, kinds: Sequence[type] = _KINDS, max_mean: timedelta = timedelta(hours=1)
) -> st.SearchStrategy[Any]:
    """Valid duration distributions (handle times, patience) of the given ``kinds``.

    [`Exponential`][servicemodel.simulate.Exponential] and
    [`LogNormal`][servicemodel.simulate.LogNormal] by default, with a mean of whole seconds up
    to ``max_mean`` (the usual 3, 5, 1 and 10 minutes first) and, for a lognormal, a
    coefficient of variation in [0.05, 5]. Shrinks to ``Exponential(mean=180.0)``.

    Examples:
        >>> from hypothesis import given
        >>> from servicemodel.simulate import LogNormal
        >>> @given(distributions(kinds=[LogNormal], max_mean=timedelta(minutes=5)))
        ... def check(d):
        ...     assert d.mean <= 300 and d.cv > 0
        >>> check()
    """
    fn = "distributions"
    chosen = names(fn, "kinds", kinds, kind=object, what="distribution classes")
    for cls in chosen:
        if cls not in _KINDS:
            error = ConfigError if isinstance(cls, type) else InputTypeError
            raise error(f"{fn}: kinds holds {safe_repr(cls)}; known: Exponential, LogNormal")
    if span(fn, "max_mean", max_mean) < timedelta(seconds=1):
        raise ConfigError(f"{fn}: max_mean must be at least 1 second, got {max_mean}")
    most = min(max_mean // timedelta(seconds=1), 10**9)
    common = [m for m in _COMMON_MEANS if m <= most]
    means = st.integers(1, most)
    if common:
        means = st.one_of(st.sampled_from(common), means)
    draws = {
        Exponential: st.builds(Exponential, means),
        LogNormal: st.builds(LogNormal, means, _CVS),
    }
    strategy: st.SearchStrategy[Any] = st.one_of([draws[c] for c in dict.fromkeys(chosen)])
    return strategy


def _rate(fn: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(f"{fn}: {name} must be a number, got {safe_repr(value)}")
    if not (math.isfinite(value) and 0 <= value <= _MOST_RATE):
        raise ConfigError(f"{fn}: {name} must be in [0, {_MOST_RATE:g}], got {value!r}")
    return float(value)


def _zones(fn: str, value: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([zone(z, f"{fn}: zones").key for z in names(fn, "zones", value)])


# Shapes of a week, the simplest first: one value all week; a day's shape repeated on some
# days (the others scaled or off); one value with up to a dozen hours or half hours of their
# own. Few draws each (not one per slot of the week), so a drawn week shrinks quickly.
_SHAPES = st.sampled_from(("constant", "daily", "hours", "half_hours"))
_DAY_FACTORS = st.lists(st.sampled_from((1, 0, 0.5)), min_size=7, max_size=7)
_OWN_SLOTS = 12


def _week(draw: st.DrawFn, shape: str, value: Any) -> list[Any]:
    """A week of slots in ``shape`` (not ``constant``), each value drawn from ``value``."""
    if shape == "daily":
        return draw(st.lists(value, min_size=24, max_size=24))
    size = 168 if shape == "hours" else 336
    week = [draw(value)] * size
    own = st.dictionaries(st.integers(0, size - 1), value, max_size=_OWN_SLOTS)
    for slot, x in sorted(draw(own).items()):  # sorted: a dict's order is the draw's
        week[slot] = x
    return week


def rate_profiles(
    *, max_rate: float = 60.0, zones: Sequence[str] = DST_ZONES
) -> st.SearchStrategy[RateProfile]:
    """Valid arrival [`RateProfile`][servicemodel.simulate.RateProfile]s, at most ``max_rate`` per hour.

    A constant rate, a daily shape repeated over the week (some days halved or closed), or a
    rate with up to a dozen hours or half hours of the week at rates of their own; rates are
    whole arrivals per hour or any float up to ``max_rate``, in one of ``zones`` (by default
    zones whose DST changes stress the week's slots). Shrinks to a constant profile of no
    arrivals in UTC.

    Examples:
        >>> from hypothesis import given
        >>> @given(rate_profiles(max_rate=10, zones=["Europe/Berlin"]))
        ... def check(profile):
        ...     assert max(profile.per_hour) <= 10 and profile.tz.key == "Europe/Berlin"
        >>> check()
    """  # noqa: E501
    fn = "rate_profiles"
    most = _rate(fn, "max_rate", max_rate)
    zone_keys = _zones(fn, zones)
    rates = st.one_of(
        st.integers(0, math.floor(most)).map(float), st.floats(min_value=0.0, max_value=most)
    )

    @st.composite
    def build(draw: st.DrawFn) -> RateProfile:
        shape = draw(_SHAPES)
        tz = draw(zone_keys)
        if shape == "constant":
            return RateProfile.constant(draw(rates), tz)
        if shape == "daily":
            return RateProfile.weekly(_week(draw, shape, rates), days=draw(_DAY_FACTORS), tz=tz)
        return RateProfile(_week(draw, shape, rates), tz)

    strategy: st.SearchStrategy[RateProfile] = build()
    return strategy


def rosters(*, max_agents: int = 5, zones: Sequence[str] = DST_ZONES) -> st.SearchStrategy[Roster]:
    """Valid shift [`Roster`][servicemodel.simulate.Roster]s with at most ``max_agents`` on shift.

    The same count all week, a day's shifts repeated on weekdays (weekends the same or off),
    or one count with up to a dozen hours or half hours of their own; at least one agent is on
    shift some time. Shrinks to one agent all week in UTC.

    Examples:
        >>> from hypothesis import given
        >>> @given(rosters(max_agents=3))
        ... def check(roster):
        ...     assert 1 <= roster.most <= 3
        >>> check()
    """
    fn = "rosters"
    most = whole(fn, "max_agents", max_agents, minimum=1, maximum=MOST)
    zone_keys = _zones(fn, zones)
    counts = st.integers(0, most)

    @st.composite
    def build(draw: st.DrawFn) -> Roster:
        shape = draw(_SHAPES)
        tz = draw(zone_keys)
        if shape == "constant":
            return Roster((draw(st.integers(1, most)),) * 168, tz)
        slots = _week(draw, shape, counts)
        if shape == "daily":
            weekend = slots if draw(st.booleans()) else [0] * 24
            slots = slots * 5 + weekend * 2
        if not any(slots):  # nobody ever on shift is refused: one agent all the time instead
            slots = [1] * len(slots)
        return Roster(slots, tz)

    strategy: st.SearchStrategy[Roster] = build()
    return strategy


_CHANNELS = st.sampled_from(("chat", "email", "phone"))
_GROUPS = st.none() | st.just("support")


def _office_calendars() -> st.SearchStrategy[BusinessCalendar]:
    from servicemodel.strategies._sla import _OFFICE_HOURS

    return st.sampled_from(_OFFICE_HOURS)


def desks(
    *,
    max_agents: int = 3,
    max_rate: float = 20.0,
    max_handle_time: timedelta = timedelta(minutes=30),
    calendars: st.SearchStrategy[BusinessCalendar] | None = None,
    allow_patience: bool = True,
    allow_rosters: bool = True,
) -> st.SearchStrategy[SupportDesk]:
    """Valid small [`SupportDesk`][servicemodel.simulate.SupportDesk]s, quick to simulate.

    Up to ``max_agents`` agents, arrivals from
    [`rate_profiles`][servicemodel.strategies.rate_profiles] up to ``max_rate`` per hour, handle
    times from [`distributions`][servicemodel.strategies.distributions] with a mean up to
    ``max_handle_time``; some desks have customers who abandon (``allow_patience``), a roster
    of shifts (``allow_rosters``) or working hours: 24/7 (no calendar), a few fixed office
    calendars, or ``calendars``, your strategy. A roster may put agents on shift only while the
    calendar is closed: a draining run of that desk ends with the contacts nobody could answer
    counted as ``censored``. The defaults keep a simulated day to a few hundred contacts.
    Shrinks to one agent, no arrivals, ``Exponential(mean=180.0)`` handle times, nobody
    abandoning, no roster, 24/7, ``chat``.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from hypothesis import given, settings
        >>> from servicemodel.simulate import simulate
        >>> @settings(max_examples=10)
        ... @given(desks(max_agents=2, allow_patience=False))
        ... def check(desk):
        ...     t0 = datetime(2026, 3, 2, tzinfo=UTC)
        ...     run = simulate(desk, t0, t0 + timedelta(hours=4), seed=1)
        ...     assert run.summary().abandoned == 0
        >>> check()
    """
    fn = "desks"
    most = whole(fn, "max_agents", max_agents, minimum=1, maximum=MOST)
    profiles = rate_profiles(max_rate=_rate(fn, "max_rate", max_rate))
    handle_times = distributions(max_mean=span(fn, "max_handle_time", max_handle_time))
    strategy(fn, "calendars", calendars)
    patience = flag(fn, "allow_patience", allow_patience)
    shifts = flag(fn, "allow_rosters", allow_rosters)
    hours = st.none() | (_office_calendars() if calendars is None else calendars)
    patience_times = (st.none() | distributions()) if patience else st.none()
    roster_of: dict[int, st.SearchStrategy[Roster | None]] = {}  # made once per agent count

    @st.composite
    def build(draw: st.DrawFn) -> SupportDesk:
        agents = draw(st.integers(1, most))
        arrivals = draw(profiles)
        handle_time = draw(handle_times)
        waits = draw(patience_times)
        calendar = draw(hours)
        if calendar is not None and not isinstance(calendar, BusinessCalendar):
            raise InputTypeError(
                f"{fn}: calendars drew {safe_repr(calendar)}, not a BusinessCalendar"
            )
        if agents not in roster_of:
            roster_of[agents] = (st.none() | rosters(max_agents=agents)) if shifts else st.none()
        return SupportDesk(
            agents,
            arrivals,
            handle_time,
            patience=waits,
            calendar=calendar,
            channel=draw(_CHANNELS),
            group=draw(_GROUPS),
            roster=draw(roster_of[agents]),
        )

    desk_strategy: st.SearchStrategy[SupportDesk] = build()
    return desk_strategy
