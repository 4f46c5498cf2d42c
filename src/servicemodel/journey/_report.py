"""Journey analytics as a value: per-stage figures and data-quality counts."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value
from servicemodel._validators import instance_of, mapping_of, members_of
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.journey._event import JourneyEvent
from servicemodel.kpi import Estimate
from servicemodel.kpi._shared import level_field, level_value

__all__ = ["JourneyReport", "StageSummary"]

# A report's fields are checked when it is built: a value of another kind would fail later,
# in to_dict or funnel, far from where it came from.
_ESTIMATE = instance_of(Estimate)
_OPTIONAL_ESTIMATE = instance_of(Estimate, optional=True)


def _stage_pair(key: Any) -> bool:
    return isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)


def _not_negative(n: int) -> bool:
    return n >= 0


# ``(from, to)`` stage pairs to how often it happened: a dict of counts (ints >= 0, no bool).
_PAIR_COUNTS = mapping_of(
    int,
    what="counts (ints >= 0)",
    keys=_stage_pair,
    keys_what="(from, to) stage pairs",
    container=dict,
    condition=_not_negative,
)


@attrs.frozen
class StageSummary:
    """What a journey's analytics say about one stage.

    ``reached``: customers whose furthest stage is this one or later (the funnel count).
    ``visited``: customers seen in this stage. ``conversion``: share of those who reached this
    stage that reached the next (Wilson interval; ``None`` for the last stage). ``dropped``:
    customers whose furthest stage is this one, and ``drop_off`` their share of ``reached``
    (``None`` for the last stage, where a journey ends). ``time_median``/``time_p90``: hours
    spent per completed visit (nearest-rank, order-statistic interval); ``open_visits`` counts
    visits still in progress, left out of the times. ``csat``: share of satisfied answers among
    events in the stage; ``reopen_rate``: reopened / solved tickets in the stage.

    Examples:
        >>> from servicemodel.journey import Journey, JourneyStats, Stage, StageRule
        >>> s = JourneyStats.empty(Journey([Stage("a", rules=[StageRule(kinds=["x"])])]))
        >>> s.result().stages[0].reached
        0
    """

    name: str = attrs.field(validator=instance_of(str))
    reached: int = attrs.field(converter=count_value, validator=count_field)
    visited: int = attrs.field(converter=count_value, validator=count_field)
    dropped: int = attrs.field(converter=count_value, validator=count_field)
    conversion: Estimate | None = attrs.field(validator=_OPTIONAL_ESTIMATE)
    drop_off: Estimate | None = attrs.field(validator=_OPTIONAL_ESTIMATE)
    time_median: Estimate = attrs.field(validator=_ESTIMATE)
    time_p90: Estimate = attrs.field(validator=_ESTIMATE)
    open_visits: int = attrs.field(converter=count_value, validator=count_field)
    csat: Estimate = attrs.field(validator=_ESTIMATE)
    reopen_rate: Estimate = attrs.field(validator=_ESTIMATE)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict``.

        Examples:
            >>> from servicemodel.journey import Journey, JourneyStats, Stage, StageRule
            >>> s = JourneyStats.empty(Journey([Stage("a", rules=[StageRule(kinds=["x"])])]))
            >>> s.result().stages[0].to_dict()["conversion"] is None
            True
        """

        def rec(e: Estimate | None) -> dict[str, Any] | None:
            if e is None:
                return None
            return {"value": e.value, "lower": e.lower, "upper": e.upper, "n": e.n}

        return {
            "name": self.name,
            "reached": self.reached,
            "visited": self.visited,
            "dropped": self.dropped,
            "conversion": rec(self.conversion),
            "drop_off": rec(self.drop_off),
            "time_median_h": rec(self.time_median),
            "time_p90_h": rec(self.time_p90),
            "open_visits": self.open_visits,
            "csat": rec(self.csat),
            "reopen_rate": rec(self.reopen_rate),
        }


@attrs.frozen
class JourneyReport:
    """Journey analytics: per-stage figures and data-quality counts.

    ``customers`` counts every customer with an event, placed in a stage or not; the funnel
    counts only those placed in one (a customer none of whose events fits a stage has reached
    no stage), so ``customers`` is the first stage's ``reached`` plus
    [`unplaced`][servicemodel.journey.JourneyReport.unplaced], the customers the rules miss
    altogether. ``transitions`` and ``disallowed`` map ``(from, to)`` to how often it
    happened; ``unclassified`` holds the events that fit no stage.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.journey import Journey, JourneyEvent, JourneyStats, Stage, StageRule
        >>> t = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> j = Journey([Stage("a", rules=[StageRule(kinds=["x"])])])
        >>> r = JourneyStats.empty(j).add_events([JourneyEvent("ann", t, "x"),
        ...                                       JourneyEvent("bob", t, "spam")]).result()
        >>> r.customers, r.funnel(), r.unplaced
        (2, (('a', 1),), 1)
    """

    customers: int = attrs.field(converter=count_value, validator=count_field)
    stages: tuple[StageSummary, ...] = attrs.field(validator=members_of(StageSummary, tuple))
    transitions: dict[tuple[str, str], int] = attrs.field(validator=_PAIR_COUNTS)
    disallowed: dict[tuple[str, str], int] = attrs.field(validator=_PAIR_COUNTS)
    unclassified: tuple[JourneyEvent, ...] = attrs.field(validator=members_of(JourneyEvent, tuple))
    # The one rule of a level (kpi's): any real number, as the decimal it prints as.
    level: float = attrs.field(converter=level_value, validator=level_field)

    def __attrs_post_init__(self) -> None:
        # The funnel's first stage counts the customers placed in any stage, so no more than
        # the customers there are (a report built by hand could say otherwise).
        if self.stages and self.stages[0].reached > self.customers:
            raise ConfigError(
                # safe_repr: str() of an int past 4,300 digits raises a bare ValueError.
                f"customers ({safe_repr(self.customers)}) is fewer than the "
                f"{safe_repr(self.stages[0].reached)} "
                f"who reached the first stage {self.stages[0].name!r}; every customer in the "
                "funnel is a customer",
                path="customers",
            )

    @property
    def unplaced(self) -> int:
        """Customers none of whose events fits a stage: counted in ``customers``, not in the
        funnel (their events are in ``unclassified``).

        Examples:
            >>> from servicemodel.journey import JourneyStats
            >>> JourneyStats.empty().result().unplaced
            0
        """
        return self.customers - (self.stages[0].reached if self.stages else 0)

    def stage(self, name: str) -> StageSummary:
        """The summary of stage ``name``.

        Examples:
            >>> from servicemodel.journey import Journey, JourneyStats, Stage, StageRule
            >>> JourneyStats.empty().result().stage("purchase").reached
            0
        """
        if not isinstance(name, str):  # a stage name is text; an array's == is no bool
            raise ConfigError(f"unknown stage {safe_repr(name)}; stage names are text")
        for s in self.stages:
            if s.name == name:
                return s
        raise ConfigError(
            f"unknown stage {safe_repr(name)}; stages are {[s.name for s in self.stages]}"
        )

    def funnel(self) -> tuple[tuple[str, int], ...]:
        """``(stage, reached)`` for every stage, in order; never increasing.

        Examples:
            >>> from servicemodel.journey import Journey, JourneyStats, Stage, StageRule
            >>> len(JourneyStats.empty().result().funnel())
            7
        """
        return tuple((s.name, s.reached) for s in self.stages)

    def pain_points(self, by: Literal["csat", "reopen_rate"] = "csat") -> tuple[StageSummary, ...]:
        """Stages with data, worst first: lowest CSAT, or highest reopen rate.

        Stages without survey answers (or without solved tickets, for ``reopen_rate``) are
        left out. Ties keep journey order.

        Examples:
            >>> from servicemodel.journey import Journey, JourneyStats, Stage, StageRule
            >>> JourneyStats.empty().result().pain_points()
            ()
        """
        if not isinstance(by, str):
            raise InputTypeError(f"by must be 'csat' or 'reopen_rate', got {safe_repr(by)}")
        if by == "csat":
            rated = [s for s in self.stages if s.csat.value is not None]
            return tuple(sorted(rated, key=lambda s: s.csat.value or 0.0))
        if by == "reopen_rate":
            solved = [s for s in self.stages if s.reopen_rate.value is not None]
            return tuple(sorted(solved, key=lambda s: -(s.reopen_rate.value or 0.0)))
        raise ConfigError(f"by must be 'csat' or 'reopen_rate', got {safe_repr(by)}")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict``, ``unplaced`` included beside ``customers``.

        Examples:
            >>> from servicemodel.journey import Journey, JourneyStats, Stage, StageRule
            >>> sorted(JourneyStats.empty().result().to_dict())[:3]
            ['customers', 'disallowed', 'level']
        """
        return {
            "customers": self.customers,
            "unplaced": self.unplaced,
            "level": self.level,
            "stages": [s.to_dict() for s in self.stages],
            "transitions": [
                {"from": a, "to": b, "count": n} for (a, b), n in self.transitions.items()
            ],
            "disallowed": [
                {"from": a, "to": b, "count": n} for (a, b), n in self.disallowed.items()
            ],
            "unclassified": [e.to_dict() for e in self.unclassified],
            "pain_points": {
                "csat": [s.name for s in self.pain_points("csat")],
                "reopen_rate": [s.name for s in self.pain_points("reopen_rate")],
            },
        }
