"""Mergeable journey analytics over customers' paths."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import Any, Self

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import members_of, require_iterable, require_type
from servicemodel.errors import InputTypeError, MergeError
from servicemodel.journey._classify import CustomerPath
from servicemodel.journey._event import JourneyEvent, _event_key
from servicemodel.journey._journey import Journey
from servicemodel.journey._report import JourneyReport, StageSummary
from servicemodel.kpi import Durations, MergeOperators, proportion

__all__ = ["JourneyStats"]


def _merge_counts(
    a: tuple[tuple[str, str, int], ...], b: tuple[tuple[str, str, int], ...]
) -> tuple[tuple[str, str, int], ...]:
    total: Counter[tuple[str, str]] = Counter()
    for src, dst, n in (*a, *b):
        total[(src, dst)] += n
    return tuple(sorted((s, d, n) for (s, d), n in total.items()))


def _add_tuples(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _zeros(n: int) -> tuple[int, ...]:
    return (0,) * n


def _stage_durations(journey: Journey) -> tuple[Durations, ...]:
    # One exact Durations per stage (hours): time in stage uses the KPI layer's percentiles.
    return tuple(Durations.empty(metric=f"time in {name}", unit="h") for name in journey.names)


@attrs.define
class _Tally:
    """Counts for a batch of paths, built in one pass (mutable and private; frozen at the end)."""

    journey: Journey
    customers: set[str] = attrs.Factory(set)
    reached: list[int] = attrs.Factory(list)
    visited: list[int] = attrs.Factory(list)
    furthest: list[int] = attrs.Factory(list)
    durations: list[list[float]] = attrs.Factory(list)
    open_visits: list[int] = attrs.Factory(list)
    satisfied: list[int] = attrs.Factory(list)
    rated: list[int] = attrs.Factory(list)
    reopened: list[int] = attrs.Factory(list)
    solved: list[int] = attrs.Factory(list)
    transitions: Counter[tuple[str, str]] = attrs.Factory(Counter)
    disallowed: Counter[tuple[str, str]] = attrs.Factory(Counter)
    unclassified: list[JourneyEvent] = attrs.Factory(list)

    def __attrs_post_init__(self) -> None:
        k = len(self.journey.stages)
        for name in ("reached", "visited", "furthest", "open_visits"):
            setattr(self, name, [0] * k)
        for name in ("satisfied", "rated", "reopened", "solved"):
            setattr(self, name, [0] * k)
        self.durations = [[] for _ in range(k)]

    def add(self, path: CustomerPath) -> None:
        if not (path.visits or path.unclassified):
            return
        if path.customer in self.customers:
            raise MergeError(f"customer {path.customer!r} is added twice")
        self._check_placed_here(path)
        self.customers.add(path.customer)
        if path.furthest is not None:
            for i in range(path.furthest + 1):
                self.reached[i] += 1
            self.furthest[path.furthest] += 1
        self._visits(path)
        self._answers(path)
        self.transitions.update((a, b) for a, b, _ in path.transitions)
        self.disallowed.update((a, b) for a, b, _ in path.disallowed)
        self.unclassified.extend(path.unclassified)

    def _check_placed_here(self, path: CustomerPath) -> None:
        """Refuse a path another journey placed: its ``furthest`` is an index in that journey's
        order and its ``disallowed`` follow that journey's rules, so counting it here would
        give a funnel in which a stage is visited but never reached."""
        furthest = max((self.journey.index(v.stage) for v in path.visits), default=None)
        disallowed = tuple(t for t in path.transitions if not self.journey.allows(t[0], t[1]))
        if path.furthest != furthest or path.disallowed != disallowed:
            raise MergeError(
                f"customer {path.customer!r}: the path was placed by another journey (its "
                f"furthest stage or disallowed transitions differ from this journey's); place "
                f"the events with this journey's path() or use add_events"
            )

    def _visits(self, path: CustomerPath) -> None:
        seen: set[int] = set()
        for v in path.visits:
            i = self.journey.index(v.stage)
            seen.add(i)
            if v.end is None:
                self.open_visits[i] += 1
            else:
                elapsed = v.end.astimezone(UTC) - v.start.astimezone(UTC)
                self.durations[i].append(elapsed.total_seconds() / 3600)
        for i in seen:
            self.visited[i] += 1

    def _answers(self, path: CustomerPath) -> None:
        for stage, e in path.classified:
            i = self.journey.index(stage)
            if e.satisfied is not None:
                self.rated[i] += 1
                self.satisfied[i] += e.satisfied
            if e.reopened is not None:
                self.solved[i] += 1
                self.reopened[i] += e.reopened

    def freeze(self) -> JourneyStats:
        return JourneyStats(
            journey=self.journey,
            customer_ids=frozenset(self.customers),
            reached=tuple(self.reached),
            visited=tuple(self.visited),
            furthest=tuple(self.furthest),
            durations=tuple(
                d.add_many(hours)
                for d, hours in zip(_stage_durations(self.journey), self.durations, strict=True)
            ),
            open_visits=tuple(self.open_visits),
            satisfied=tuple(self.satisfied),
            rated=tuple(self.rated),
            reopened=tuple(self.reopened),
            solved=tuple(self.solved),
            transitions=tuple(sorted((a, b, n) for (a, b), n in self.transitions.items())),
            disallowed=tuple(sorted((a, b, n) for (a, b), n in self.disallowed.items())),
            unclassified=tuple(sorted(self.unclassified, key=_event_key)),
        )


#: The fields holding one count per stage.
_PER_STAGE = (
    "reached",
    "visited",
    "furthest",
    "open_visits",
    "satisfied",
    "rated",
    "reopened",
    "solved",
)


def _counts(value: tuple[Any, ...]) -> bool:
    return all(type(n) is int and n >= 0 for n in value)


def _triples(name: str, value: Any) -> None:
    """Refuse anything but ``(from, to, count)`` triples."""
    if type(value) is not tuple or not all(
        type(t) is tuple
        and len(t) == 3
        and isinstance(t[0], str)
        and isinstance(t[1], str)
        and type(t[2]) is int
        for t in value
    ):
        raise InputTypeError(f"{name}: expected (from, to, count) triples, got {safe_repr(value)}")


def _size(value: Any) -> str:
    """``len(value)``, or ``?`` for a value without one (stats built by hand)."""
    try:
        return str(len(value))
    except (TypeError, ValueError, OverflowError):  # no len, or one past sys.maxsize
        return "?"


def _moves(value: Any) -> str:
    """The total count of ``(from, to, count)`` triples, or ``?`` for anything else."""
    try:
        return str(sum(n for _, _, n in value))
    except (TypeError, ValueError, ArithmeticError):  # ArithmeticError: Decimal('sNaN')
        return "?"


@attrs.frozen
class JourneyStats(MergeOperators):
    """Mergeable journey analytics over customers' paths.

    Add whole customers (a [`CustomerPath`][servicemodel.journey.CustomerPath], or events
    with [`add_events`][servicemodel.journey.JourneyStats.add_events]); partition data by
    customer and ``merge`` (or ``+``, ``sum``) the parts: the result equals one pass. Adding a
    customer twice, or merging parts that share a customer, is a
    [`MergeError`][servicemodel.errors.MergeError], as is merging stats of different journeys.
    Time in stage is kept per stage as a [`Durations`][servicemodel.kpi.Durations] (hours).
    The repr shows the counts (customers, stages, the funnel, the transitions, disallowed
    ones and unclassified events); the fields keep everything.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
        >>> a = JourneyStats.empty().add_events([JourneyEvent("ada", t0, "purchase")])
        >>> b = JourneyStats.empty().add_events([JourneyEvent("bo", t0, "review")])
        >>> sum([a, b]).result().funnel()[2:4]
        (('purchase', 2), ('onboarding', 1))
        >>> sum([a, b])  # doctest: +NORMALIZE_WHITESPACE
        JourneyStats(customers=2, stages=7, reached={'awareness': 2, 'consideration': 2,
            'purchase': 2, 'onboarding': 1, 'support': 1, 'retention': 1, 'advocacy': 1},
            transitions=0, disallowed=0, unclassified=0)
    """

    # Checked by merge and result (see _check), not when built: the stats are rebuilt for
    # every customer added, and checks there cost a tenth of add().
    journey: Journey
    customer_ids: frozenset[str]
    reached: tuple[int, ...]
    visited: tuple[int, ...]
    furthest: tuple[int, ...]
    durations: tuple[Durations, ...]
    open_visits: tuple[int, ...]
    satisfied: tuple[int, ...]
    rated: tuple[int, ...]
    reopened: tuple[int, ...]
    solved: tuple[int, ...]
    transitions: tuple[tuple[str, str, int], ...]
    disallowed: tuple[tuple[str, str, int], ...]
    unclassified: tuple[JourneyEvent, ...]

    def __repr__(self) -> str:
        # A few counts, not the journey's rules and every customer id (thousands of
        # characters); never raises, so stats built by hand with wrong fields still print.
        names = getattr(self.journey, "names", None)
        reached: Any = self.reached
        if isinstance(names, tuple) and isinstance(reached, tuple) and len(reached) == len(names):
            reached = dict(zip(names, reached, strict=True))
        stages = len(names) if isinstance(names, tuple) else "?"
        return (
            f"JourneyStats(customers={_size(self.customer_ids)}, stages={stages}, "
            f"reached={safe_repr(reached, limit=400)}, transitions={_moves(self.transitions)}, "
            f"disallowed={_moves(self.disallowed)}, unclassified={_size(self.unclassified)})"
        )

    @classmethod
    def empty(cls, journey: Journey | None = None) -> JourneyStats:
        """No customers yet, for ``journey`` (default: ``Journey.default()``).

        Examples:
            >>> JourneyStats.empty().result().customers
            0
        """
        j = Journey.default() if journey is None else journey
        if not isinstance(j, Journey):
            raise InputTypeError(f"expected a Journey, got {type(j).__name__}")
        return _Tally(j).freeze()

    def add(self, path: CustomerPath) -> JourneyStats:
        """Return these stats with one more customer's path.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
            >>> p = Journey.default().path([JourneyEvent("ada", t0, "welcome")])
            >>> JourneyStats.empty().add(p).result().stage("onboarding").visited
            1
        """
        if not isinstance(path, CustomerPath):
            raise InputTypeError(f"expected a CustomerPath, got {type(path).__name__}")
        return self._merge(self._from_paths([path]))

    def add_many(self, paths: Iterable[CustomerPath]) -> JourneyStats:
        """Return these stats with every customer's path in ``paths`` added.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
            >>> ps = Journey.default().paths([JourneyEvent("ada", t0, "welcome"),
            ...                               JourneyEvent("bo", t0, "welcome")])
            >>> JourneyStats.empty().add_many(ps).result().stage("onboarding").visited
            2
        """
        items = list(require_iterable(paths, "paths"))
        for path in items:
            if not isinstance(path, CustomerPath):
                raise InputTypeError(f"expected a CustomerPath, got {type(path).__name__}")
        return self._merge(self._from_paths(items))

    def add_events(self, events: Iterable[JourneyEvent], *, strict: bool = False) -> JourneyStats:
        """Return these stats with the customers of ``events`` added (grouped by customer).

        ``strict=True`` raises [`JourneyError`][servicemodel.errors.JourneyError] on a
        transition the journey does not allow.

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
            >>> JourneyStats.empty().add_events([JourneyEvent("ada", t0, "search")]).result(
            ...     ).stage("awareness").reached
            1
        """
        return self._merge(self._from_paths(self.journey.paths(events, strict=strict)))

    def _from_paths(self, paths: Sequence[CustomerPath]) -> JourneyStats:
        """The stats of ``paths`` alone, built in one pass (one customer per path)."""
        tally = _Tally(self.journey)
        for path in paths:
            tally.add(path)
        return tally.freeze()

    def _merge_params(self) -> tuple[Journey]:
        return (self.journey,)

    def _check_mergeable(self, other: Any) -> None:
        # Say "different journeys" rather than print two whole journeys.
        if type(other) is type(self) and other.journey != self.journey:
            raise MergeError("cannot merge JourneyStats of different journeys")
        super()._check_mergeable(other)

    def _check(self) -> None:
        """Refuse stats whose fields are of the wrong kind (built by hand, or evolved)."""
        require_type(self.journey, Journey, "journey")
        require_type(self.customer_ids, frozenset, "customer_ids")
        stages = len(self.journey.stages)
        for name in _PER_STAGE:
            value = getattr(self, name)
            if type(value) is not tuple or len(value) != stages or not _counts(value):
                raise InputTypeError(
                    f"{name}: expected one count (an int >= 0) per stage ({stages}), got "
                    f"{safe_repr(value)}"
                )
        field = attrs.fields(JourneyStats)
        members_of(Durations, tuple)(self, field.durations, self.durations)
        if len(self.durations) != stages:
            raise InputTypeError(f"durations: expected one Durations per stage ({stages})")
        _triples("transitions", self.transitions)
        _triples("disallowed", self.disallowed)
        members_of(JourneyEvent, tuple)(self, field.unclassified, self.unclassified)

    def merge(self, other: Self) -> Self:
        """Combine stats of two disjoint sets of customers.

        Examples:
            >>> JourneyStats.empty().merge(JourneyStats.empty()) == JourneyStats.empty()
            True
        """
        self._check()
        if type(other) is type(self):
            other._check()
        self._check_mergeable(other)
        return self._merge(other)

    def _merge(self, other: Self) -> Self:
        """``merge`` of two stats known to be well formed (``add`` builds the other part)."""
        shared = self.customer_ids & other.customer_ids
        if shared:
            raise MergeError(
                f"customer {sorted(shared)[0]!r} is in both parts; partition data by customer"
            )
        return attrs.evolve(
            self,
            customer_ids=self.customer_ids | other.customer_ids,
            reached=_add_tuples(self.reached, other.reached),
            visited=_add_tuples(self.visited, other.visited),
            furthest=_add_tuples(self.furthest, other.furthest),
            durations=tuple(
                a.merge(b) for a, b in zip(self.durations, other.durations, strict=True)
            ),
            open_visits=_add_tuples(self.open_visits, other.open_visits),
            satisfied=_add_tuples(self.satisfied, other.satisfied),
            rated=_add_tuples(self.rated, other.rated),
            reopened=_add_tuples(self.reopened, other.reopened),
            solved=_add_tuples(self.solved, other.solved),
            transitions=_merge_counts(self.transitions, other.transitions),
            disallowed=_merge_counts(self.disallowed, other.disallowed),
            unclassified=tuple(heapq.merge(self.unclassified, other.unclassified, key=_event_key)),
        )

    def result(self, level: float = 0.95) -> JourneyReport:
        """Return the per-stage figures with intervals at ``level``.

        Examples:
            >>> JourneyStats.empty().result().stage("awareness").conversion
            conversion awareness→consideration – (n=0)
        """
        self._check()
        return JourneyReport(
            customers=len(self.customer_ids),
            stages=tuple(self._stage(i, level) for i in range(len(self.journey.stages))),
            transitions={(a, b): n for a, b, n in self.transitions},
            disallowed={(a, b): n for a, b, n in self.disallowed},
            unclassified=self.unclassified,
            level=level,
        )

    def _stage(self, i: int, level: float) -> StageSummary:
        names = self.journey.names
        name = names[i]
        conversion = drop_off = None
        if i < len(names) - 1:
            conversion = proportion(
                self.reached[i + 1],
                self.reached[i],
                metric=f"conversion {name}→{names[i + 1]}",
                level=level,
            )
            drop_off = proportion(
                self.furthest[i], self.reached[i], metric=f"drop-off {name}", level=level
            )
        return StageSummary(
            name=name,
            reached=self.reached[i],
            visited=self.visited[i],
            dropped=self.furthest[i],
            conversion=conversion,
            drop_off=drop_off,
            time_median=self.durations[i].percentile(50, level),
            time_p90=self.durations[i].percentile(90, level),
            open_visits=self.open_visits[i],
            csat=proportion(self.satisfied[i], self.rated[i], metric=f"CSAT {name}", level=level),
            reopen_rate=proportion(
                self.reopened[i], self.solved[i], metric=f"reopen rate {name}", level=level
            ),
        )
