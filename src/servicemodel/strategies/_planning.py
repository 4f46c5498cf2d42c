"""Hypothesis strategies for the planning types: SMART goals and customer journeys.

Examples:
    >>> from hypothesis import given
    >>> @given(goals())
    ... def check(goal):
    ...     assert goal.progress(goal.baseline_value) == 0
    >>> check()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.errors import INSTANT_RANGE, MAX_INSTANT, ConfigError, InputTypeError
from servicemodel.goals import Comparator, SmartGoal
from servicemodel.journey import Journey, JourneyEvent, Stage, StageRule
from servicemodel.strategies._args import MOST, flag, instant, names, ordered, span, whole

__all__ = ["goals", "journey_events", "journeys", "stages"]

_LAST_START = MAX_INSTANT - timedelta(seconds=1)
_KPIS = ("first_reply_time", "resolution_time", "csat", "nps", "reopen_rate", "resolution_rate")


def _comparator(value: Any) -> Comparator:
    try:
        return Comparator(value)
    except (ValueError, TypeError):
        known = ", ".join(c.value for c in Comparator)
        raise ConfigError(f"goals: comparators holds {safe_repr(value)}; known: {known}") from None


def goals(
    *,
    kpis: Sequence[str] = _KPIS,
    comparators: Sequence[Comparator | str] = tuple(Comparator),
    min_start: datetime = datetime(2020, 1, 1, tzinfo=UTC),
    max_start: datetime = datetime(2030, 1, 1, tzinfo=UTC),
    max_duration: timedelta = timedelta(days=366),
) -> st.SearchStrategy[SmartGoal]:
    """Valid [`SmartGoal`][servicemodel.goals.SmartGoal]s: every letter present and consistent.

    ``min_start``/``max_start`` are aware bounds for the start; the deadline falls a whole
    number of seconds (at least one) within ``max_duration`` after it, and before the supported
    range of instants ends. Baselines lie on the unmet side of the target, and both where the
    KPI's values do: ``csat``, ``reopen_rate`` and ``resolution_rate`` in [0, 1] (shares, as
    the report's goals section requires), ``nps`` in [-100, 100], ``first_reply_time`` and
    ``resolution_time`` in [0, 1e6], any other in ±1e6; a target some value of the KPI meets
    (no share ``< 0``).

    Examples:
        >>> from hypothesis import given
        >>> @given(goals(kpis=["csat"], comparators=[">="]))
        ... def check(goal):
        ...     assert goal.kpi == "csat" and goal.baseline < goal.target
        >>> check()
    """
    fn = "goals"
    kpis = names(fn, "kpis", kpis)
    comps = [
        _comparator(c)
        for c in names(fn, "comparators", comparators, kind=object, what="comparators")
    ]
    low = instant(fn, "min_start", min_start, aware=True)
    high = instant(fn, "max_start", max_start, aware=True)
    ordered(fn, ("min_start", low), ("max_start", high))
    if high >= _LAST_START:  # a deadline at least a second after the start is still in range
        raise ConfigError(
            f"{fn}: max_start must be before {_LAST_START.isoformat()}, so that a deadline a "
            f"second later lies in the supported range {INSTANT_RANGE}, got {high.isoformat()}"
        )
    if span(fn, "max_duration", max_duration) < timedelta(seconds=1):
        # Deadlines are whole seconds after the start (was Hypothesis' InvalidArgument).
        raise ConfigError(f"{fn}: max_duration must be at least 1 second, got {max_duration}")
    most_seconds = max_duration // timedelta(seconds=1)
    kpi_names = st.sampled_from(list(kpis))

    @st.composite
    def build(draw: st.DrawFn) -> SmartGoal:
        kpi = draw(kpi_names)
        comparator = draw(st.sampled_from(comps))
        # The target and the baseline lie where the KPI's values do (a share in [0, 1], NPS in
        # [-100, 100]): a CSAT goal of 250,000 was refused by the report's goals section.
        low, high = _VALUES.get(kpi, _ANY_VALUE)
        gap = draw(_GAPS[low, high])
        # A strict comparator's target is not the KPI's bound: no value is below 0 % (< 0).
        strict = comparator in (Comparator.LT, Comparator.GT)
        if comparator.lower_is_better:  # baseline above the target
            target = draw(st.floats(min_value=low, max_value=high - gap, exclude_min=strict))
            baseline = min(high, target + gap)
        else:
            target = draw(st.floats(min_value=low + gap, max_value=high, exclude_max=strict))
            baseline = max(low, target - gap)
        start = draw(
            st.datetimes(
                min_value=min_start.astimezone(UTC).replace(tzinfo=None),
                max_value=max_start.astimezone(UTC).replace(tzinfo=None),
                timezones=st.just(UTC),
            )
        )
        # Capped where the range ends: a start near it leaves less than max_duration.
        room = (MAX_INSTANT - timedelta(microseconds=1) - start) // timedelta(seconds=1)
        seconds = draw(st.integers(min_value=1, max_value=min(most_seconds, room)))
        relevant = draw(st.booleans())
        return SmartGoal(
            name=draw(
                # A name equal to the goal it serves would make it serve itself.
                st.text("abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=20).filter(
                    lambda s: s.strip() and s.strip() != "parent goal"
                )
            ),
            kpi=kpi,
            comparator=comparator,
            target=target,
            baseline=baseline,
            max_improvement=draw(st.none() | st.floats(min_value=1e-3, max_value=1e6)),
            objective="generated objective" if relevant else None,
            serves=None if relevant else "parent goal",
            start=start,
            deadline=start + timedelta(seconds=seconds),
        )

    strategy: st.SearchStrategy[SmartGoal] = build()
    return strategy


#: Where each KPI's values lie (the report's goals section refuses a share outside [0, 1]);
#: another KPI's goals are drawn in ``_ANY_VALUE``.
_ANY_VALUE = (-1e6, 1e6)
_VALUES = {
    "csat": (0.0, 1.0),
    "reopen_rate": (0.0, 1.0),
    "resolution_rate": (0.0, 1.0),
    "nps": (-100.0, 100.0),
    "first_reply_time": (0.0, 1e6),  # a time is never negative
    "resolution_time": (0.0, 1e6),
}


def _gaps(low: float, high: float) -> st.SearchStrategy[float]:
    # How far the baseline lies from the target: at most half the range, so a target fits.
    most = min(1e5, (high - low) / 2)
    return st.floats(min_value=min(1e-3, most), max_value=most)


_GAPS = {bounds: _gaps(*bounds) for bounds in (_ANY_VALUE, *_VALUES.values())}
_MOST_JOURNEY_EVENTS = 300
_JOURNEY_START = datetime(2026, 1, 1, tzinfo=UTC)
_JOURNEY_MINUTES = st.integers(min_value=0, max_value=60 * 24 * 90)
_JOURNEY_CHANNELS = st.none() | st.sampled_from(["email", "chat", "web"])
_MAYBE = st.none() | st.booleans()
_STAGE_POOL = (
    "awareness",
    "consideration",
    "purchase",
    "onboarding",
    "support",
    "retention",
    "advocacy",
    "expansion",
    "renewal",
)


def journeys(
    *,
    min_stages: int = 1,
    max_stages: int = 7,
    backward: bool = True,
    allow_skips: bool | None = None,
) -> st.SearchStrategy[Journey]:
    """Valid [`Journey`][servicemodel.journey.Journey]s whose stage ``s`` matches kind ``s``.

    Each stage classifies events of kind ``"<stage>"`` (so ``journey_events()`` can hit every
    stage).
    ``backward=False`` gives forward-only journeys; ``allow_skips`` fixes that flag (``None``:
    drawn).

    Examples:
        >>> from hypothesis import given
        >>> @given(journeys(min_stages=2, backward=False))
        ... def check(journey):
        ...     assert len(journey.stages) >= 2 and not journey.backward
        >>> check()
    """
    fn = "journeys"
    whole(fn, "min_stages", min_stages, minimum=1)
    whole(fn, "max_stages", max_stages, minimum=1)
    flag(fn, "backward", backward)
    if allow_skips is not None:
        flag(fn, "allow_skips", allow_skips)
    if not 1 <= min_stages <= max_stages <= len(_STAGE_POOL):
        raise ConfigError(
            f"{fn}: need 1 <= min_stages <= max_stages <= {len(_STAGE_POOL)}, "
            f"got min_stages {min_stages} and max_stages {max_stages}"
        )

    @st.composite
    def build(draw: st.DrawFn) -> Journey:
        k = draw(st.integers(min_value=min_stages, max_value=max_stages))
        names = _STAGE_POOL[:k]
        stages = [Stage(n, touchpoints=[n], rules=[StageRule(kinds=[n])]) for n in names]
        pairs = [(names[i], names[j]) for i in range(k) for j in range(i)]
        back = draw(st.sets(st.sampled_from(pairs), max_size=3)) if backward and pairs else set()
        skips = draw(st.booleans()) if allow_skips is None else allow_skips
        return Journey(stages, backward=back, allow_skips=skips)

    strategy: st.SearchStrategy[Journey] = build()
    return strategy


def journey_events(
    journey: Journey,
    *,
    customers: Sequence[str] = ("ada", "bo", "cy", "di", "ed"),
    min_size: int = 0,
    max_size: int = 40,
    unclassified: bool = True,
) -> st.SearchStrategy[list[JourneyEvent]]:
    """Lists of events for ``journey`` (a journey drawn from ``journeys()``).

    Kinds are the journey's stage names, plus ``"unknown"`` (which fits no stage) when
    ``unclassified`` is true. Some events carry CSAT answers and reopen flags.

    Examples:
        >>> from hypothesis import given
        >>> j = Journey([Stage("a", rules=[StageRule(kinds=["a"])])])
        >>> @given(journey_events(j, unclassified=False))
        ... def check(events):
        ...     assert all(e.kind == "a" for e in events)
        >>> check()
    """
    fn = "journey_events"
    if not isinstance(journey, Journey):
        raise InputTypeError(f"{fn}: journey must be a Journey, got {safe_repr(journey)}")
    customers = names(fn, "customers", customers)
    # Each event takes about ten draws: 400 overran Hypothesis' buffer on every example (the
    # data_too_large health check), so a longer minimum could never be met.
    whole(fn, "min_size", min_size, maximum=_MOST_JOURNEY_EVENTS)
    ordered(fn, ("min_size", min_size), ("max_size", whole(fn, "max_size", max_size, maximum=MOST)))
    flag(fn, "unclassified", unclassified)
    kinds = [s.name for s in journey.stages] + (["unknown"] if unclassified else [])
    who = st.sampled_from(list(customers))
    what = st.sampled_from(kinds)

    @st.composite
    def event(draw: st.DrawFn) -> JourneyEvent:
        # Built here, not by st.builds with the instant mapped from minutes in a lambda:
        # Hypothesis prints a failing example as the code that built it, and the lambda's
        # start instant did not paste back. Whole minutes over 90 days (one draw, so a long
        # list still fits Hypothesis' buffer), so customers' events often tie.
        return JourneyEvent(
            draw(who),
            _JOURNEY_START + timedelta(minutes=draw(_JOURNEY_MINUTES)),
            draw(what),
            channel=draw(_JOURNEY_CHANNELS),
            satisfied=draw(_MAYBE),
            reopened=draw(_MAYBE),
        )

    strategy: st.SearchStrategy[list[JourneyEvent]] = st.lists(
        event(), min_size=min_size, max_size=max_size
    )
    return strategy


@st.composite
def stages(draw: st.DrawFn, *, channels: bool = True) -> Stage:
    """Valid journey [`Stage`][servicemodel.journey.Stage]s, as ``journeys()`` draws them.

    A stage named after a step of a customer journey (``awareness``, ``purchase``, …) that is
    its own touchpoint and classifies events of that kind, so
    [`journey_events`][servicemodel.strategies.journey_events] can hit it; with
    ``channels=True`` (the default) some stages also list the channels they are reached on.

    Examples:
        >>> from hypothesis import given
        >>> @given(stages())
        ... def check(stage):
        ...     assert Journey([stage]).stages == (stage,)
        >>> check()
    """
    flag("stages", "channels", channels)
    name = draw(_STAGE_NAMES)
    reached = draw(_STAGE_CHANNELS) if channels else frozenset()
    return Stage(name, touchpoints=[name], channels=reached, rules=[StageRule(kinds=[name])])


_STAGE_NAMES = st.sampled_from(_STAGE_POOL)
_STAGE_CHANNELS = st.frozensets(st.sampled_from(["email", "chat", "web"]), max_size=2)


@st.composite
def one_journey_event(draw: st.DrawFn) -> JourneyEvent:
    """One event of any stage kind (or ``unknown``): what ``st.from_type(JourneyEvent)`` draws."""
    (event,) = draw(_ONE_EVENT)
    return event


_ONE_EVENT = journey_events(
    Journey([Stage(n, rules=[StageRule(kinds=[n])]) for n in _STAGE_POOL]), min_size=1, max_size=1
)


def stage_rules() -> st.SearchStrategy[StageRule]:
    """A rule of kinds from the stage names, and perhaps channels and tags it also needs."""

    @st.composite
    def build(draw: st.DrawFn) -> StageRule:
        return StageRule(
            kinds=draw(st.frozensets(_STAGE_NAMES, min_size=1, max_size=2)),
            channels=draw(_STAGE_CHANNELS),
            tags=draw(st.frozensets(st.sampled_from(["vip", "bug"]), max_size=1)),
        )

    strategy: st.SearchStrategy[StageRule] = build()
    return strategy
