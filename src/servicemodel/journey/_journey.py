"""Journeys, their stages and the rules that place events in them; read from config too.

The package docstring (``servicemodel.journey``) describes journeys. Configuration goes through
the one config layer (``servicemodel._config``): ``Journey.from_dict`` / ``from_toml`` /
``from_file`` check every table with one unknown-key rule and give each error its full path
(``stages[2].rules[0].kinds``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Self

import attrs

from servicemodel._config import Configurable, as_list, fields, join, safe_repr
from servicemodel._validators import instance_of, require_iterable
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.journey._classify import CustomerPath, place
from servicemodel.journey._config import (
    _JOURNEY_KEYS,
    _backward_pairs,
    _flag,
)
from servicemodel.journey._event import (
    JourneyEvent,
)
from servicemodel.journey._stages import Stage, StageRule, stages_of

__all__ = ["DEFAULT_STAGES", "Journey", "Stage", "StageRule"]

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


def _backward(value: Any) -> frozenset[tuple[str, str]]:
    if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__iter__"):
        raise ConfigError(
            f"expected a list of (from, to) pairs, got {type(value).__name__} {safe_repr(value)}",
            path="backward",
        )
    out: set[tuple[str, str]] = set()
    for i, pair in enumerate(value):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise ConfigError(
                f"expected a (from, to) pair, got {safe_repr(pair)}", path=f"backward[{i}]"
            )
        if not all(isinstance(name, str) for name in pair):
            raise ConfigError(
                f"a (from, to) pair names two stages, got {safe_repr(pair)}", path=f"backward[{i}]"
            )
        out.add((pair[0], pair[1]))
    return frozenset(out)


@attrs.frozen
class Journey(Configurable):
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

    stages: tuple[Stage, ...] = attrs.field(converter=stages_of)
    backward: frozenset[tuple[str, str]] = attrs.field(
        default=frozenset(), kw_only=True, converter=_backward
    )
    allow_skips: bool = attrs.field(default=True, kw_only=True, validator=instance_of(bool))
    _index: dict[str, int] = attrs.field(init=False, eq=False, repr=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        if not self.stages:
            raise ConfigError("a journey needs at least one stage", path="stages")
        index: dict[str, int] = {}
        for i, stage in enumerate(self.stages):
            if stage.name in index:
                raise ConfigError(
                    f"duplicate stage name {safe_repr(stage.name)}", path=f"stages[{i}].name"
                )
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
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> Self:
        """Read a journey: ``stages`` (tables, in order), ``backward`` pairs, ``allow_skips``.

        Every error is a [`ConfigError`][servicemodel.errors.ConfigError] with the full path
        of the offending key; ``Journey.from_file`` also names the file.

        Examples:
            >>> j = Journey.from_toml('''
            ... backward = [["retention", "support"]]
            ... [[stages]]
            ... name = "support"
            ... rules = [{kinds = ["ticket", "chat"]}]
            ... [[stages]]
            ... name = "retention"
            ... rules = [{kinds = ["renewal"]}]
            ... ''')
            >>> j.names, j.allows("retention", "support")
            (('support', 'retention'), True)
            >>> Journey.from_dict({"stages": [{"name": "a", "rules": [{"kind": ["x"]}]}]})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: stages[0].rules[0].kind: unknown key 'kind'; ...
        """
        table = fields(data, path=path, required=("stages",), optional=_JOURNEY_KEYS)
        stages_path = join(path, "stages")
        stages = [
            Stage.from_dict(stage, join(stages_path, i))
            for i, stage in enumerate(as_list(table["stages"], stages_path, "a list of stages"))
        ]
        backward = _backward_pairs(table.get("backward", []), join(path, "backward"))
        skips = _flag(table.get("allow_skips", True), join(path, "allow_skips"))
        try:
            return cls(stages, backward=backward, allow_skips=skips)
        except ConfigError as exc:
            raise exc.at(path) from None

    def to_dict(self) -> dict[str, Any]:
        """The journey in the shape ``from_dict`` reads.

        Examples:
            >>> j = Journey.default(backward=[("retention", "support")])
            >>> Journey.from_dict(j.to_dict()) == j
            True
        """
        return {
            "stages": [stage.to_dict() for stage in self.stages],
            "backward": [list(pair) for pair in sorted(self.backward)],
            "allow_skips": self.allow_skips,
        }

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
        except (KeyError, TypeError):  # a name of no hashable kind names no stage either
            raise ConfigError(
                f"unknown stage {safe_repr(name)}; stages are {list(self._index)}"
            ) from None

    def stage(self, name: str) -> Stage:
        """The stage called ``name``.

        Examples:
            >>> Journey.default().stage("advocacy").touchpoints
            ('review', 'referral', 'case_study')
        """
        return self.stages[self.index(name)]

    def allows(self, source: str, target: str) -> bool:
        """Whether moving from stage ``source`` to stage ``target`` is allowed.

        Staying in a stage (``source == target``) is no transition, so it is always allowed,
        with or without ``allow_skips`` and whatever ``backward`` says: a customer's second
        event in the same stage is never recorded as disallowed. A name that is no stage is a
        [`ConfigError`][servicemodel.errors.ConfigError], as in ``index``.

        Examples:
            >>> Journey.default(allow_skips=False).allows("awareness", "purchase")
            False
            >>> Journey.default(allow_skips=False).allows("support", "support")
            True
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
        return place(self, events, strict=strict)

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
        for e in require_iterable(events, "events"):
            if not isinstance(e, JourneyEvent):
                raise InputTypeError(f"expected JourneyEvent values, got {type(e).__name__}")
            groups[e.customer].append(e)
        return tuple(self.path(groups[c], strict=strict) for c in sorted(groups))
