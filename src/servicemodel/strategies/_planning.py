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

from hypothesis import strategies as st

from servicemodel.errors import InputTypeError
from servicemodel.goals import Comparator, SmartGoal
from servicemodel.journey import Journey, JourneyEvent, Stage, StageRule

__all__ = ["goals", "journey_events", "journeys"]

_KPIS = ("first_reply_time", "resolution_time", "csat", "nps", "reopen_rate", "resolution_rate")


def goals(
    *,
    kpis: Sequence[str] = _KPIS,
    comparators: Sequence[Comparator | str] = tuple(Comparator),
    min_start: datetime = datetime(2020, 1, 1, tzinfo=UTC),
    max_start: datetime = datetime(2030, 1, 1, tzinfo=UTC),
    max_duration: timedelta = timedelta(days=366),
) -> st.SearchStrategy[SmartGoal]:
    """Valid [`SmartGoal`][servicemodel.goals.SmartGoal]s: every letter present and consistent.

    ``min_start``/``max_start`` are aware bounds for the start; the deadline falls within
    ``max_duration`` after it. Baselines lie on the unmet side of the target.

    Examples:
        >>> from hypothesis import given
        >>> @given(goals(kpis=["csat"], comparators=[">="]))
        ... def check(goal):
        ...     assert goal.kpi == "csat" and goal.baseline < goal.target
        >>> check()
    """
    if not kpis or not comparators:
        raise InputTypeError("kpis and comparators must not be empty")
    if max_duration <= timedelta(0):
        raise InputTypeError(f"max_duration must be positive, got {max_duration!r}")
    comps = [Comparator(c) for c in comparators]
    numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)

    @st.composite
    def build(draw: st.DrawFn) -> SmartGoal:
        comparator = draw(st.sampled_from(comps))
        target = draw(numbers)
        gap = draw(st.floats(min_value=1e-3, max_value=1e5))
        baseline = target + gap if comparator.lower_is_better else target - gap
        start = draw(
            st.datetimes(
                min_value=min_start.astimezone(UTC).replace(tzinfo=None),
                max_value=max_start.astimezone(UTC).replace(tzinfo=None),
                timezones=st.just(UTC),
            )
        )
        seconds = draw(st.integers(min_value=1, max_value=int(max_duration.total_seconds())))
        relevant = draw(st.booleans())
        return SmartGoal(
            name=draw(
                # A name equal to the goal it serves would make it serve itself.
                st.text("abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=20).filter(
                    lambda s: s.strip() and s.strip() != "parent goal"
                )
            ),
            kpi=draw(st.sampled_from(list(kpis))),
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
    if not 1 <= min_stages <= max_stages <= len(_STAGE_POOL):
        raise InputTypeError(
            f"need 1 <= min_stages <= max_stages <= {len(_STAGE_POOL)}, "
            f"got {min_stages}, {max_stages}"
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
    if not customers:
        raise InputTypeError("customers must not be empty")
    kinds = [s.name for s in journey.stages] + (["unknown"] if unclassified else [])
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    event = st.builds(
        JourneyEvent,
        st.sampled_from(list(customers)),
        st.integers(min_value=0, max_value=60 * 24 * 90).map(lambda m: t0 + timedelta(minutes=m)),
        st.sampled_from(kinds),
        channel=st.none() | st.sampled_from(["email", "chat", "web"]),
        satisfied=st.none() | st.booleans(),
        reopened=st.none() | st.booleans(),
    )
    strategy: st.SearchStrategy[list[JourneyEvent]] = st.lists(
        event, min_size=min_size, max_size=max_size
    )
    return strategy
