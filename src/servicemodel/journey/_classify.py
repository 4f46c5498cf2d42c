"""Placing one customer's events in a journey: visits, transitions, what did not fit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import attrs

from servicemodel._validators import require_iterable
from servicemodel.errors import InputTypeError, JourneyError
from servicemodel.journey._event import JourneyEvent

if TYPE_CHECKING:
    from servicemodel.journey._journey import Journey

__all__ = ["CustomerPath", "Visit"]


@attrs.frozen
class Visit:
    """A stretch of time a customer spent in one stage: from ``start`` until ``end``.

    ``end`` is when the customer's next stage began, or ``None`` for the stage they are still
    in (a censored visit: its length is unknown). ``events`` counts the events in the visit.

    Examples:
        >>> from datetime import datetime, timezone
        >>> Visit("support", datetime(2026, 1, 1, tzinfo=timezone.utc), None, 2).end is None
        True
    """

    stage: str
    start: datetime
    end: datetime | None
    events: int


@attrs.frozen
class CustomerPath:
    """One customer's events placed in a journey: visits, transitions and what did not fit.

    ``transitions`` lists ``(from, to, at)`` for every change of stage; ``disallowed`` the
    ones the journey does not allow (they are kept in the path: the data says they happened).
    ``furthest`` is the index of the furthest stage reached.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
        >>> p = Journey.default().path([JourneyEvent("ada", t0, "purchase"),
        ...                             JourneyEvent("ada", t0 + timedelta(days=1), "site_visit")])
        >>> [(a, b) for a, b, _ in p.disallowed]
        [('purchase', 'consideration')]
    """

    customer: str
    visits: tuple[Visit, ...]
    classified: tuple[tuple[str, JourneyEvent], ...]
    unclassified: tuple[JourneyEvent, ...]
    transitions: tuple[tuple[str, str, datetime], ...]
    disallowed: tuple[tuple[str, str, datetime], ...]
    furthest: int | None


def _sorted_events(events: Iterable[JourneyEvent]) -> list[JourneyEvent]:
    evs = list(require_iterable(events, "events"))
    for e in evs:
        if not isinstance(e, JourneyEvent):
            raise InputTypeError(f"expected JourneyEvent values, got {type(e).__name__}")
    # By instant (UTC): two datetimes sharing a ZoneInfo compare by wall clock.
    evs.sort(key=lambda e: e.at.astimezone(UTC))
    customers = {e.customer for e in evs}
    if len(customers) > 1:
        raise InputTypeError(
            f"path() takes one customer's events, got {len(customers)} customers "
            f"({sorted(customers)[:3]}...); use Journey.paths()"
        )
    return evs


@attrs.define
class _Walk:
    """The state of one customer's walk through a journey, event by event (mutable, private)."""

    journey: Journey
    customer: str
    strict: bool
    visits: list[Visit] = attrs.Factory(list)
    classified: list[tuple[str, JourneyEvent]] = attrs.Factory(list)
    unclassified: list[JourneyEvent] = attrs.Factory(list)
    transitions: list[tuple[str, str, datetime]] = attrs.Factory(list)
    disallowed: list[tuple[str, str, datetime]] = attrs.Factory(list)
    current: str | None = None
    since: datetime | None = None
    count: int = 0
    furthest: int | None = None

    def step(self, e: JourneyEvent) -> None:
        stage = self.journey.classify(e)
        if stage is None:
            self.unclassified.append(e)
            return
        self.classified.append((stage, e))
        idx = self.journey.index(stage)
        self.furthest = idx if self.furthest is None else max(self.furthest, idx)
        if stage == self.current:
            self.count += 1
            return
        if self.current is not None and self.since is not None:
            self._move(self.current, stage, e)
        self.current, self.since, self.count = stage, e.at, 1

    def _move(self, current: str, stage: str, e: JourneyEvent) -> None:
        assert self.since is not None
        self.visits.append(Visit(current, self.since, e.at, self.count))
        self.transitions.append((current, stage, e.at))
        if self.journey.allows(current, stage):
            return
        if self.strict:
            raise JourneyError(
                f"customer {self.customer!r} moved from {current!r} to {stage!r} at "
                f"{e.at.isoformat()}, which the journey does not allow"
            )
        self.disallowed.append((current, stage, e.at))

    def finish(self) -> CustomerPath:
        if self.current is not None and self.since is not None:
            self.visits.append(Visit(self.current, self.since, None, self.count))
        return CustomerPath(
            customer=self.customer,
            visits=tuple(self.visits),
            classified=tuple(self.classified),
            unclassified=tuple(self.unclassified),
            transitions=tuple(self.transitions),
            disallowed=tuple(self.disallowed),
            furthest=self.furthest,
        )


def place(journey: Journey, events: Iterable[JourneyEvent], *, strict: bool) -> CustomerPath:
    """One customer's events placed in ``journey`` (see ``Journey.path``)."""
    evs = _sorted_events(events)
    walk = _Walk(journey, evs[0].customer if evs else "", strict)
    for e in evs:
        walk.step(e)
    return walk.finish()
