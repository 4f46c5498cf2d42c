"""Customer journeys: ordered stages, rules that place events in them, and funnel analytics.

A [`Journey`][servicemodel.journey.Journey] is an ordered tuple of
[`Stage`][servicemodel.journey.Stage]s (default template: awareness, consideration, purchase,
onboarding, support, retention, advocacy) with their touchpoints and channels, rules that
classify a customer's [`JourneyEvent`][servicemodel.journey.JourneyEvent]s (or tickets) into
stages, and the transitions it allows: forward, plus the backward ones you declare.
[`JourneyStats`][servicemodel.journey.JourneyStats] is a mergeable accumulator over customers'
paths: funnel counts with Wilson intervals for conversion, drop-off, time in stage (median and
p90), pain points (lowest CSAT, highest reopen rate), unclassified events and transitions the
journey does not allow.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
    >>> journey = Journey.default()
    >>> events = [
    ...     JourneyEvent("ada", t0, "ad_view"),
    ...     JourneyEvent("ada", t0 + timedelta(days=2), "trial_signup"),
    ...     JourneyEvent("ada", t0 + timedelta(days=9), "purchase"),
    ...     JourneyEvent("bo", t0, "site_visit"),
    ...     JourneyEvent("bo", t0 + timedelta(days=1), "coupon_printed"),
    ... ]
    >>> report = JourneyStats.empty(journey).add_events(events).result()
    >>> report.funnel()[:4]
    (('awareness', 2), ('consideration', 2), ('purchase', 1), ('onboarding', 0))
    >>> report.stage("consideration").conversion
    conversion consideration→purchase 50.0 % ±40.5 (n=2, 95 %)
    >>> [e.kind for e in report.unclassified]
    ['coupon_printed']
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import attrs

from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    JourneyError,
    MergeError,
    require_aware,
)
from servicemodel.kpi import Estimate, order_statistic_ranks, proportion
from servicemodel.model import AttributeValue, TicketHistory

__all__ = [
    "DEFAULT_STAGES",
    "CustomerPath",
    "Journey",
    "JourneyEvent",
    "JourneyReport",
    "JourneyStats",
    "Stage",
    "StageRule",
    "StageSummary",
    "Visit",
    "events_from_histories",
]

#: The default stage template, in order (as commonly used in customer-journey mapping).
DEFAULT_STAGES = (
    "awareness",
    "consideration",
    "purchase",
    "onboarding",
    "support",
    "retention",
    "advocacy",
)

# Touchpoints (event kinds) and channels of the default template.
_DEFAULT_TOUCHPOINTS: dict[str, tuple[str, ...]] = {
    "awareness": ("ad_view", "social_post", "search", "referral_visit"),
    "consideration": ("site_visit", "pricing_view", "demo_request", "trial_signup"),
    "purchase": ("purchase", "contract_signed", "checkout"),
    "onboarding": ("welcome", "setup_call", "tutorial", "first_login"),
    "support": ("ticket", "chat", "call"),
    "retention": ("renewal", "upgrade", "check_in"),
    "advocacy": ("review", "referral", "case_study"),
}
_DEFAULT_CHANNELS: dict[str, tuple[str, ...]] = {
    "awareness": ("social", "web", "ads"),
    "consideration": ("web", "email", "chat"),
    "purchase": ("web", "sales"),
    "onboarding": ("email", "web", "phone"),
    "support": ("email", "chat", "phone", "social", "web"),
    "retention": ("email", "phone", "web"),
    "advocacy": ("social", "web", "email"),
}


def _names(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        raise InputTypeError(f"expected a collection of names, got the string {value!r}")
    out = frozenset(value)
    for item in out:
        if not isinstance(item, str) or not item:
            raise InputTypeError(f"names must be non-empty strings, got {item!r}")
    return out


def _lower_names(value: Any) -> frozenset[str]:
    return frozenset(n.lower() for n in _names(value))


def _pairs(value: Any) -> tuple[tuple[str, AttributeValue], ...]:
    if value is None:
        return ()
    items = value.items() if isinstance(value, Mapping) else value
    out: dict[str, AttributeValue] = {}
    for pair in items:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InputTypeError(f"attributes: expected (name, value) pairs, got {pair!r}")
        key, item = pair
        if not isinstance(key, str):
            raise InputTypeError(f"attribute names must be strings, got {key!r}")
        if item is not None and not isinstance(item, str | int | float | bool):
            raise InputTypeError(f"attribute {key!r}: expected a scalar, got {item!r}")
        out[key] = item
    return tuple(sorted(out.items(), key=lambda kv: kv[0]))


def _ordered_names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InputTypeError(f"expected a sequence of names, got the string {value!r}")
    out = tuple(value)
    for item in out:
        if not isinstance(item, str) or not item:
            raise InputTypeError(f"names must be non-empty strings, got {item!r}")
    return out


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


@attrs.frozen
class JourneyEvent:
    """One thing a customer did or experienced: a touchpoint at an instant.

    ``kind`` names the touchpoint (``"ad_view"``, ``"purchase"``, ``"ticket"``...); ``channel``,
    ``tags`` and ``attributes`` are what stage rules look at. ``satisfied`` is the customer's
    CSAT answer where a survey was answered (top-2-box: True/False; ``None`` = no answer) and
    ``reopened`` whether a solved ticket was reopened (``None`` = not a solved ticket); both
    feed the pain-point analysis.

    Examples:
        >>> from datetime import datetime, timezone
        >>> e = JourneyEvent("ada", datetime(2026, 8, 3, tzinfo=timezone.utc), "Ticket",
        ...                  channel="Email", tags=["refund"], attributes={"plan": "team"})
        >>> e.kind, e.channel, e.attribute("plan")
        ('ticket', 'email', 'team')
    """

    customer: str = attrs.field(validator=attrs.validators.instance_of(str))
    at: datetime = attrs.field()
    kind: str = attrs.field(converter=_lower)
    channel: str | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_lower,
        validator=attrs.validators.optional(attrs.validators.instance_of(str)),
    )
    tags: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_names)
    attributes: tuple[tuple[str, AttributeValue], ...] = attrs.field(
        default=(), kw_only=True, converter=_pairs
    )
    id: str | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(attrs.validators.instance_of(str)),
    )
    satisfied: bool | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(attrs.validators.instance_of(bool)),
    )
    reopened: bool | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(attrs.validators.instance_of(bool)),
    )

    @at.validator
    def _check_at(self, _attribute: Any, value: Any) -> None:
        require_aware(value, "at")

    @kind.validator
    def _check_kind(self, _attribute: Any, value: Any) -> None:
        if not isinstance(value, str) or not value:
            raise InputTypeError(f"kind must be a non-empty string, got {value!r}")

    def attribute(self, name: str) -> AttributeValue:
        """The value of attribute ``name``, or ``None``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> JourneyEvent("c", datetime(2026, 1, 1, tzinfo=timezone.utc), "x").attribute("a")
        """
        for key, value in self.attributes:
            if key == name:
                return value
        return None

    @classmethod
    def from_history(
        cls, history: TicketHistory, *, customer: str | None = None, kind: str = "ticket"
    ) -> JourneyEvent:
        """One event for a ticket: at its creation, with its channel, tags and attributes.

        ``customer`` defaults to the ticket's requester (a ticket with neither is a
        [`ConfigError`][servicemodel.errors.ConfigError]). ``satisfied`` comes from the last
        ``"csat"`` rating (top-2-box: a score within 1 of the scale's top); ``reopened`` is set
        for tickets that were solved at least once.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import Ticket, StatusChange, Reopen, SatisfactionRating
            >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T-1", t0, requester="ada", channel="chat"), [
            ...     StatusChange("s", t0 + timedelta(hours=1), status="solved"),
            ...     SatisfactionRating("r", t0 + timedelta(hours=2), score=2),
            ...     Reopen("o", t0 + timedelta(hours=3))])
            >>> e = JourneyEvent.from_history(h)
            >>> e.customer, e.kind, e.satisfied, e.reopened
            ('ada', 'ticket', False, True)
        """
        who = customer if customer is not None else history.ticket.requester
        if who is None:
            raise ConfigError(
                f"ticket {history.id!r} has no requester; pass customer= to place it in a journey",
                path="requester",
            )
        ratings = history.ratings("csat")
        satisfied = None
        if ratings:
            last = ratings[-1]
            satisfied = last.score >= last.scale_max - 1
        solved = history.first_solved_at() is not None
        return cls(
            who,
            history.created_at,
            kind,
            channel=history.ticket.channel,
            tags=history.ticket.tags,
            attributes=history.ticket.attributes,
            id=history.id,
            satisfied=satisfied,
            reopened=history.reopen_count() > 0 if solved else None,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JourneyEvent:
        """Build an event from a JSON-style mapping (``at`` as an ISO 8601 string with offset).

        Examples:
            >>> JourneyEvent.from_dict({"customer": "c1", "at": "2026-08-03T09:00:00+02:00",
            ...                         "kind": "site_visit", "channel": "web"}).channel
            'web'
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"an event must be a mapping, got {type(data).__name__}")
        allowed = {f.name for f in attrs.fields(cls)}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ConfigError(f"unknown key {unknown[0]!r}", path=unknown[0])
        for key in ("customer", "at", "kind"):
            if key not in data:
                raise ConfigError("missing", path=key)
        kwargs = dict(data)
        at = kwargs.pop("at")
        if isinstance(at, str):
            try:
                at = datetime.fromisoformat(at)
            except ValueError:
                raise ConfigError(f"not an ISO 8601 timestamp: {at!r}", path="at") from None
        try:
            return cls(kwargs.pop("customer"), at, kwargs.pop("kind"), **kwargs)
        except (InputTypeError, ValueError, TypeError) as exc:
            raise ConfigError(str(exc)) from None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` that ``JourneyEvent.from_dict`` reads back.

        Examples:
            >>> from datetime import datetime, timezone
            >>> e = JourneyEvent("c", datetime(2026, 1, 1, tzinfo=timezone.utc), "review")
            >>> JourneyEvent.from_dict(e.to_dict()) == e
            True
        """
        out: dict[str, Any] = {
            "customer": self.customer,
            "at": self.at.isoformat(),
            "kind": self.kind,
            "channel": self.channel,
            "tags": sorted(self.tags),
            "attributes": dict(self.attributes),
            "id": self.id,
            "satisfied": self.satisfied,
            "reopened": self.reopened,
        }
        return {k: v for k, v in out.items() if v not in (None, [], {})}


def _event_key(e: JourneyEvent) -> tuple[Any, ...]:
    """A total order on events, so accumulated tuples are canonical (merge is commutative)."""
    return (
        e.customer,
        e.at.astimezone(UTC),
        e.kind,
        e.id or "",
        e.channel or "",
        tuple(sorted(e.tags)),
        repr(e.attributes),
        repr(e.satisfied),
        repr(e.reopened),
    )


def events_from_histories(
    histories: Iterable[TicketHistory],
    *,
    customer: Callable[[TicketHistory], str | None] | None = None,
) -> list[JourneyEvent]:
    """One [`JourneyEvent`][servicemodel.journey.JourneyEvent] per ticket (kind ``"ticket"``).

    ``customer`` maps a history to its customer (default: the requester).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket
        >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
        >>> hs = [TicketHistory(Ticket("T-1", t0, requester="ada", tags=["bug"]), [])]
        >>> [(e.customer, e.id) for e in events_from_histories(hs)]
        [('ada', 'T-1')]
    """
    return [
        JourneyEvent.from_history(h, customer=None if customer is None else customer(h))
        for h in histories
    ]


@attrs.frozen
class StageRule:
    """A condition that places an event in a stage; every condition given must hold.

    ``kinds``, ``channels``: the event's kind / channel is one of them. ``tags``: the event
    has at least one of them. ``attributes``: each named attribute has the given value. A rule
    with no condition at all is a [`ConfigError`][servicemodel.errors.ConfigError] (it would
    swallow every event).

    Examples:
        >>> from datetime import datetime, timezone
        >>> rule = StageRule(kinds=["ticket"], tags=["refund", "invoice"])
        >>> e = JourneyEvent("c", datetime(2026, 1, 1, tzinfo=timezone.utc), "ticket",
        ...                  tags=["invoice"])
        >>> rule.matches(e)
        True
    """

    kinds: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_lower_names)
    channels: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=_lower_names
    )
    tags: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_names)
    attributes: tuple[tuple[str, AttributeValue], ...] = attrs.field(
        default=(), kw_only=True, converter=_pairs
    )

    def __attrs_post_init__(self) -> None:
        if not (self.kinds or self.channels or self.tags or self.attributes):
            raise ConfigError(
                "a stage rule needs at least one of kinds, channels, tags, attributes"
            )

    def matches(self, event: JourneyEvent) -> bool:
        """Whether ``event`` meets every condition of the rule.

        Examples:
            >>> from datetime import datetime, timezone
            >>> e = JourneyEvent("c", datetime(2026, 1, 1, tzinfo=timezone.utc), "ticket",
            ...                  attributes={"plan": "team"})
            >>> StageRule(attributes={"plan": "enterprise"}).matches(e)
            False
        """
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.channels and event.channel not in self.channels:
            return False
        if self.tags and not (self.tags & event.tags):
            return False
        return all(event.attribute(k) == v for k, v in self.attributes)


def _rules(value: Any) -> tuple[StageRule, ...]:
    if isinstance(value, StageRule):
        return (value,)
    out = tuple(value)
    for r in out:
        if not isinstance(r, StageRule):
            raise InputTypeError(f"rules: expected StageRule values, got {type(r).__name__}")
    return out


@attrs.frozen
class Stage:
    """One stage of a journey: its name, touchpoints, channels and classification rules.

    ``touchpoints`` and ``channels`` describe the stage (for docs and journey maps); only
    ``rules`` classify: an event belongs to the stage when any of its rules matches.

    Examples:
        >>> s = Stage("support", touchpoints=["ticket"], rules=[StageRule(kinds=["ticket"])])
        >>> s.name, s.touchpoints
        ('support', ('ticket',))
    """

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    touchpoints: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_ordered_names)
    channels: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=_lower_names
    )
    rules: tuple[StageRule, ...] = attrs.field(default=(), kw_only=True, converter=_rules)

    @name.validator
    def _check_name(self, _attribute: Any, value: str) -> None:
        if not value.strip():
            raise ConfigError("a stage needs a non-empty name", path="name")

    def matches(self, event: JourneyEvent) -> bool:
        """Whether any rule of the stage matches ``event``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> s = Stage("x", rules=[StageRule(channels=["chat"])])
            >>> s.matches(JourneyEvent("c", datetime(2026, 1, 1, tzinfo=timezone.utc), "k",
            ...                        channel="chat"))
            True
        """
        return any(rule.matches(event) for rule in self.rules)


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


def _stages(value: Any) -> tuple[Stage, ...]:
    out = tuple(value)
    for i, s in enumerate(out):
        if not isinstance(s, Stage):
            raise InputTypeError(f"stages[{i}]: expected a Stage, got {type(s).__name__}")
    return out


def _backward(value: Any) -> frozenset[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for i, pair in enumerate(value):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise ConfigError(f"expected a (from, to) pair, got {pair!r}", path=f"backward[{i}]")
        out.add((str(pair[0]), str(pair[1])))
    return frozenset(out)


@attrs.frozen
class Journey:
    """Ordered stages, the rules placing events in them, and the transitions allowed.

    Moving forward (to a later stage) is always allowed; with ``allow_skips=False`` only to the
    next stage. Moving backward is allowed only for the ``(from, to)`` pairs in ``backward``.
    A customer may enter the journey at any stage (ticket data often first sees a customer in
    support). An event is placed in the first stage, in journey order, whose rules match it.

    Examples:
        >>> j = Journey.default(backward=[("retention", "support")])
        >>> j.allows("support", "retention"), j.allows("retention", "support")
        (True, True)
        >>> j.allows("advocacy", "awareness")
        False
    """

    stages: tuple[Stage, ...] = attrs.field(converter=_stages)
    backward: frozenset[tuple[str, str]] = attrs.field(
        default=frozenset(), kw_only=True, converter=_backward
    )
    allow_skips: bool = attrs.field(
        default=True, kw_only=True, validator=attrs.validators.instance_of(bool)
    )
    _index: dict[str, int] = attrs.field(init=False, eq=False, repr=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        if not self.stages:
            raise ConfigError("a journey needs at least one stage", path="stages")
        index: dict[str, int] = {}
        for i, stage in enumerate(self.stages):
            if stage.name in index:
                raise ConfigError(f"duplicate stage name {stage.name!r}", path=f"stages[{i}].name")
            index[stage.name] = i
        for a, b in sorted(self.backward):
            for name in (a, b):
                if name not in index:
                    raise ConfigError(
                        f"unknown stage {name!r} in backward transition ({a!r}, {b!r}); "
                        f"stages are {list(index)}",
                        path="backward",
                    )
            if index[b] >= index[a]:
                raise ConfigError(
                    f"({a!r}, {b!r}) is not a backward transition: {b!r} does not come "
                    f"before {a!r}",
                    path="backward",
                )
        object.__setattr__(self, "_index", index)

    @classmethod
    def default(
        cls, *, backward: Iterable[tuple[str, str]] = (), allow_skips: bool = True
    ) -> Journey:
        """The seven-stage template, each stage classifying events by its touchpoints (kinds).

        Stages: awareness, consideration, purchase, onboarding, support, retention, advocacy.

        Examples:
            >>> [s.name for s in Journey.default().stages][:3]
            ['awareness', 'consideration', 'purchase']
            >>> Journey.default().stage("support").touchpoints
            ('ticket', 'chat', 'call')
        """
        stages = [
            Stage(
                name,
                touchpoints=_DEFAULT_TOUCHPOINTS[name],
                channels=_DEFAULT_CHANNELS[name],
                rules=[StageRule(kinds=_DEFAULT_TOUCHPOINTS[name])],
            )
            for name in DEFAULT_STAGES
        ]
        return cls(stages, backward=backward, allow_skips=allow_skips)

    @property
    def names(self) -> tuple[str, ...]:
        """The stage names, in order.

        Examples:
            >>> Journey([Stage("a"), Stage("b")]).names
            ('a', 'b')
        """
        return tuple(s.name for s in self.stages)

    def index(self, name: str) -> int:
        """The position of stage ``name``.

        Examples:
            >>> Journey.default().index("support")
            4
        """
        try:
            return self._index[name]
        except KeyError:
            raise ConfigError(f"unknown stage {name!r}; stages are {list(self._index)}") from None

    def stage(self, name: str) -> Stage:
        """The stage called ``name``.

        Examples:
            >>> Journey.default().stage("advocacy").touchpoints
            ('review', 'referral', 'case_study')
        """
        return self.stages[self.index(name)]

    def allows(self, source: str, target: str) -> bool:
        """Whether moving from stage ``source`` to stage ``target`` is allowed.

        Examples:
            >>> Journey.default(allow_skips=False).allows("awareness", "purchase")
            False
        """
        i, j = self.index(source), self.index(target)
        if j > i:
            return self.allow_skips or j == i + 1
        if j == i:
            return True
        return (source, target) in self.backward

    def classify(self, event: JourneyEvent) -> str | None:
        """The name of the first stage whose rules match ``event``, or ``None``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> Journey.default().classify(
            ...     JourneyEvent("c", datetime(2026, 1, 1, tzinfo=timezone.utc), "renewal"))
            'retention'
        """
        for stage in self.stages:
            if stage.matches(event):
                return stage.name
        return None

    def path(self, events: Iterable[JourneyEvent], *, strict: bool = False) -> CustomerPath:
        """Place one customer's events in the journey (sorted by time, stable for ties).

        Events that fit no stage go to ``unclassified``; each change of stage is a transition,
        and one the journey does not allow is recorded in ``disallowed`` or, with
        ``strict=True``, raised as a [`JourneyError`][servicemodel.errors.JourneyError].
        Events of more than one customer are an
        [`InputTypeError`][servicemodel.errors.InputTypeError] (use ``paths``).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
            >>> Journey.default().path([JourneyEvent("ada", t0 + timedelta(days=1), "purchase"),
            ...                         JourneyEvent("ada", t0, "ad_view")],
            ...                        strict=True).visits[0].stage
            'awareness'
        """
        evs = list(events)
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
        customer = evs[0].customer if evs else ""
        visits: list[Visit] = []
        classified: list[tuple[str, JourneyEvent]] = []
        unclassified: list[JourneyEvent] = []
        transitions: list[tuple[str, str, datetime]] = []
        disallowed: list[tuple[str, str, datetime]] = []
        current: str | None = None
        since: datetime | None = None
        count = 0
        furthest: int | None = None
        for e in evs:
            stage = self.classify(e)
            if stage is None:
                unclassified.append(e)
                continue
            classified.append((stage, e))
            idx = self._index[stage]
            furthest = idx if furthest is None else max(furthest, idx)
            if stage == current:
                count += 1
                continue
            if current is not None and since is not None:
                visits.append(Visit(current, since, e.at, count))
                transitions.append((current, stage, e.at))
                if not self.allows(current, stage):
                    if strict:
                        raise JourneyError(
                            f"customer {customer!r} moved from {current!r} to {stage!r} at "
                            f"{e.at.isoformat()}, which the journey does not allow"
                        )
                    disallowed.append((current, stage, e.at))
            current, since, count = stage, e.at, 1
        if current is not None and since is not None:
            visits.append(Visit(current, since, None, count))
        return CustomerPath(
            customer=customer,
            visits=tuple(visits),
            classified=tuple(classified),
            unclassified=tuple(unclassified),
            transitions=tuple(transitions),
            disallowed=tuple(disallowed),
            furthest=furthest,
        )

    def paths(
        self, events: Iterable[JourneyEvent], *, strict: bool = False
    ) -> tuple[CustomerPath, ...]:
        """Group events by customer and place each customer's events (sorted by customer).

        Examples:
            >>> from datetime import datetime, timezone
            >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
            >>> [p.customer for p in Journey.default().paths(
            ...     [JourneyEvent("bo", t0, "review"), JourneyEvent("ada", t0, "search")])]
            ['ada', 'bo']
        """
        groups: dict[str, list[JourneyEvent]] = defaultdict(list)
        for e in events:
            if not isinstance(e, JourneyEvent):
                raise InputTypeError(f"expected JourneyEvent values, got {type(e).__name__}")
            groups[e.customer].append(e)
        return tuple(self.path(groups[c], strict=strict) for c in sorted(groups))


# --- analytics ------------------------------------------------------------------------------


def _quantile(values: Sequence[float], q: float, level: float, metric: str) -> Estimate:
    """Nearest-rank quantile of sorted ``values`` with a distribution-free order-statistic CI."""
    n = len(values)
    if n == 0:
        return Estimate(metric, None, 0, level=level, method="order-statistic", unit="h")
    rank = max(1, math.ceil(q * n))
    value = values[rank - 1]
    lo_rank, hi_rank = order_statistic_ranks(n, q, level)
    lower = None if lo_rank is None else min(values[lo_rank - 1], value)
    upper = None if hi_rank is None else max(values[hi_rank - 1], value)
    return Estimate(
        metric, value, n, lower=lower, upper=upper, level=level, method="order-statistic", unit="h"
    )


def _merge_counts(
    a: tuple[tuple[str, str, int], ...], b: tuple[tuple[str, str, int], ...]
) -> tuple[tuple[str, str, int], ...]:
    total: Counter[tuple[str, str]] = Counter()
    for src, dst, n in (*a, *b):
        total[(src, dst)] += n
    return tuple(sorted((s, d, n) for (s, d), n in total.items()))


def _add_tuples(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


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
        >>> s = JourneyStats.empty(Journey([Stage("a", rules=[StageRule(kinds=["x"])])]))
        >>> s.result().stages[0].reached
        0
    """

    name: str
    reached: int
    visited: int
    dropped: int
    conversion: Estimate | None
    drop_off: Estimate | None
    time_median: Estimate
    time_p90: Estimate
    open_visits: int
    csat: Estimate
    reopen_rate: Estimate

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict``.

        Examples:
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

    ``transitions`` and ``disallowed`` map ``(from, to)`` to how often it happened;
    ``unclassified`` holds the events that fit no stage.

    Examples:
        >>> JourneyStats.empty().result().customers
        0
    """

    customers: int
    stages: tuple[StageSummary, ...]
    transitions: dict[tuple[str, str], int]
    disallowed: dict[tuple[str, str], int]
    unclassified: tuple[JourneyEvent, ...]
    level: float

    def stage(self, name: str) -> StageSummary:
        """The summary of stage ``name``.

        Examples:
            >>> JourneyStats.empty().result().stage("purchase").reached
            0
        """
        for s in self.stages:
            if s.name == name:
                return s
        raise ConfigError(f"unknown stage {name!r}; stages are {[s.name for s in self.stages]}")

    def funnel(self) -> tuple[tuple[str, int], ...]:
        """``(stage, reached)`` for every stage, in order; never increasing.

        Examples:
            >>> len(JourneyStats.empty().result().funnel())
            7
        """
        return tuple((s.name, s.reached) for s in self.stages)

    def pain_points(self, by: Literal["csat", "reopen_rate"] = "csat") -> tuple[StageSummary, ...]:
        """Stages with data, worst first: lowest CSAT, or highest reopen rate.

        Stages without survey answers (or without solved tickets, for ``reopen_rate``) are
        left out. Ties keep journey order.

        Examples:
            >>> JourneyStats.empty().result().pain_points()
            ()
        """
        if by == "csat":
            rated = [s for s in self.stages if s.csat.value is not None]
            return tuple(sorted(rated, key=lambda s: s.csat.value or 0.0))
        if by == "reopen_rate":
            solved = [s for s in self.stages if s.reopen_rate.value is not None]
            return tuple(sorted(solved, key=lambda s: -(s.reopen_rate.value or 0.0)))
        raise InputTypeError(f"by must be 'csat' or 'reopen_rate', got {by!r}")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict``.

        Examples:
            >>> sorted(JourneyStats.empty().result().to_dict())[:3]
            ['customers', 'disallowed', 'level']
        """
        return {
            "customers": self.customers,
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


def _zeros(n: int) -> tuple[int, ...]:
    return (0,) * n


@attrs.frozen
class JourneyStats:
    """Mergeable journey analytics over customers' paths.

    Add whole customers (a [`CustomerPath`][servicemodel.journey.CustomerPath], or events
    with [`add_events`][servicemodel.journey.JourneyStats.add_events]); partition data by
    customer and ``merge`` (or ``+``, ``sum``) the parts: the result equals one pass. Adding a
    customer twice, or merging parts that share a customer, is a
    [`MergeError`][servicemodel.errors.MergeError], as is merging stats of different journeys.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
        >>> a = JourneyStats.empty().add_events([JourneyEvent("ada", t0, "purchase")])
        >>> b = JourneyStats.empty().add_events([JourneyEvent("bo", t0, "review")])
        >>> sum([a, b]).result().funnel()[2:4]
        (('purchase', 2), ('onboarding', 1))
    """

    journey: Journey
    customer_ids: frozenset[str]
    reached: tuple[int, ...]
    visited: tuple[int, ...]
    furthest: tuple[int, ...]
    durations: tuple[tuple[float, ...], ...]
    open_visits: tuple[int, ...]
    satisfied: tuple[int, ...]
    rated: tuple[int, ...]
    reopened: tuple[int, ...]
    solved: tuple[int, ...]
    transitions: tuple[tuple[str, str, int], ...]
    disallowed: tuple[tuple[str, str, int], ...]
    unclassified: tuple[JourneyEvent, ...]

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
        k = len(j.stages)
        return cls(
            journey=j,
            customer_ids=frozenset(),
            reached=_zeros(k),
            visited=_zeros(k),
            furthest=_zeros(k),
            durations=((),) * k,
            open_visits=_zeros(k),
            satisfied=_zeros(k),
            rated=_zeros(k),
            reopened=_zeros(k),
            solved=_zeros(k),
            transitions=(),
            disallowed=(),
            unclassified=(),
        )

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
        return self.merge(self._from_paths([path]))

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
        return self.merge(self._from_paths(self.journey.paths(events, strict=strict)))

    def _from_paths(self, paths: Sequence[CustomerPath]) -> JourneyStats:
        """The stats of ``paths`` alone, built in one pass (one customer per path)."""
        j = self.journey
        k = len(j.stages)
        reached = [0] * k
        visited = [0] * k
        furthest = [0] * k
        durations: list[list[float]] = [[] for _ in range(k)]
        open_visits = [0] * k
        satisfied = [0] * k
        rated = [0] * k
        reopened = [0] * k
        solved = [0] * k
        trans: Counter[tuple[str, str]] = Counter()
        bad: Counter[tuple[str, str]] = Counter()
        unclassified: list[JourneyEvent] = []
        customers: set[str] = set()
        for path in paths:
            if not (path.visits or path.unclassified):
                continue
            if path.customer in customers:
                raise MergeError(f"customer {path.customer!r} is added twice")
            customers.add(path.customer)
            if path.furthest is not None:
                for i in range(path.furthest + 1):
                    reached[i] += 1
                furthest[path.furthest] += 1
            seen: set[int] = set()
            for v in path.visits:
                i = j.index(v.stage)
                seen.add(i)
                if v.end is None:
                    open_visits[i] += 1
                else:
                    elapsed = v.end.astimezone(UTC) - v.start.astimezone(UTC)
                    durations[i].append(elapsed.total_seconds() / 3600)
            for i in seen:
                visited[i] += 1
            for stage, e in path.classified:
                i = j.index(stage)
                if e.satisfied is not None:
                    rated[i] += 1
                    satisfied[i] += e.satisfied
                if e.reopened is not None:
                    solved[i] += 1
                    reopened[i] += e.reopened
            trans.update((a, b) for a, b, _ in path.transitions)
            bad.update((a, b) for a, b, _ in path.disallowed)
            unclassified.extend(path.unclassified)
        return JourneyStats(
            journey=j,
            customer_ids=frozenset(customers),
            reached=tuple(reached),
            visited=tuple(visited),
            furthest=tuple(furthest),
            durations=tuple(tuple(sorted(d)) for d in durations),
            open_visits=tuple(open_visits),
            satisfied=tuple(satisfied),
            rated=tuple(rated),
            reopened=tuple(reopened),
            solved=tuple(solved),
            transitions=tuple(sorted((a, b, n) for (a, b), n in trans.items())),
            disallowed=tuple(sorted((a, b, n) for (a, b), n in bad.items())),
            unclassified=tuple(sorted(unclassified, key=_event_key)),
        )

    def merge(self, other: JourneyStats) -> JourneyStats:
        """Combine stats of two disjoint sets of customers.

        Examples:
            >>> JourneyStats.empty().merge(JourneyStats.empty()) == JourneyStats.empty()
            True
        """
        if not isinstance(other, JourneyStats):
            raise InputTypeError(f"cannot merge JourneyStats with {type(other).__name__}")
        if other.journey != self.journey:
            raise MergeError("cannot merge JourneyStats of different journeys")
        shared = self.customer_ids & other.customer_ids
        if shared:
            raise MergeError(
                f"customer {sorted(shared)[0]!r} is in both parts; partition data by customer"
            )
        return JourneyStats(
            journey=self.journey,
            customer_ids=self.customer_ids | other.customer_ids,
            reached=_add_tuples(self.reached, other.reached),
            visited=_add_tuples(self.visited, other.visited),
            furthest=_add_tuples(self.furthest, other.furthest),
            durations=tuple(
                tuple(heapq.merge(a, b))
                for a, b in zip(self.durations, other.durations, strict=True)
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

    def __add__(self, other: JourneyStats) -> JourneyStats:
        return self.merge(other)

    def __radd__(self, other: Any) -> JourneyStats:
        if isinstance(other, int) and other == 0:
            return self
        return NotImplemented

    def result(self, level: float = 0.95) -> JourneyReport:
        """Return the per-stage figures with intervals at ``level``.

        Examples:
            >>> JourneyStats.empty().result().stage("awareness").conversion
            conversion awareness→consideration – (n=0, 95 %)
        """
        names = self.journey.names
        k = len(names)
        stages: list[StageSummary] = []
        for i, name in enumerate(names):
            last = i == k - 1
            conversion = drop_off = None
            if not last:
                nxt = names[i + 1]
                conversion = proportion(
                    self.reached[i + 1],
                    self.reached[i],
                    metric=f"conversion {name}→{nxt}",
                    level=level,
                )
                drop_off = proportion(
                    self.furthest[i], self.reached[i], metric=f"drop-off {name}", level=level
                )
            stages.append(
                StageSummary(
                    name=name,
                    reached=self.reached[i],
                    visited=self.visited[i],
                    dropped=self.furthest[i],
                    conversion=conversion,
                    drop_off=drop_off,
                    time_median=_quantile(self.durations[i], 0.5, level, f"time in {name} p50"),
                    time_p90=_quantile(self.durations[i], 0.9, level, f"time in {name} p90"),
                    open_visits=self.open_visits[i],
                    csat=proportion(
                        self.satisfied[i], self.rated[i], metric=f"CSAT {name}", level=level
                    ),
                    reopen_rate=proportion(
                        self.reopened[i], self.solved[i], metric=f"reopen rate {name}", level=level
                    ),
                )
            )
        return JourneyReport(
            customers=len(self.customer_ids),
            stages=tuple(stages),
            transitions={(a, b): n for a, b, n in self.transitions},
            disallowed={(a, b): n for a, b, n in self.disallowed},
            unclassified=self.unclassified,
            level=level,
        )
