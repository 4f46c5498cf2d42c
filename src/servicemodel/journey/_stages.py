"""Private: a journey's stages and the rules that place events in them, read from config too."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Self

import attrs

from servicemodel._config import Configurable, as_list, fields, join, safe_repr
from servicemodel._validators import instance_of, require_nonblank, require_type
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.journey._config import (
    _RULE_KEYS,
    _STAGE_KEYS,
    _attribute_table,
    _name_list,
)
from servicemodel.journey._event import (
    JourneyEvent,
    _ordered_names,
    _pairs,
    collection,
    lower_channels,
    lower_kinds,
    no_nul,
    rule_tags,
)
from servicemodel.model import AttributeValue
from servicemodel.model._shared import MAX_INT_BITS

__all__ = ["Stage", "StageRule", "stages_of"]


@attrs.frozen
class StageRule(Configurable):
    """A condition that places an event in a stage; every condition given must hold.

    ``kinds``, ``channels``: the event's kind / channel is one of them. ``tags``: the event
    has at least one of them. ``attributes``: each named attribute has the given value (NaN,
    an infinity or a whole number of more than 13,000 bits, which no event holds, is a
    [`ConfigError`][servicemodel.errors.ConfigError] at ``attributes.<name>``).
    A rule with no condition at all is a ``ConfigError`` too (it would swallow every event).

    Examples:
        >>> from datetime import datetime, timezone
        >>> rule = StageRule(kinds=["ticket"], tags=["refund", "invoice"])
        >>> e = JourneyEvent("c", datetime(2026, 1, 1, tzinfo=timezone.utc), "ticket",
        ...                  tags=["invoice"])
        >>> rule.matches(e)
        True
    """

    kinds: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=lower_kinds)
    channels: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=lower_channels
    )
    tags: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=rule_tags)
    attributes: tuple[tuple[str, AttributeValue], ...] = attrs.field(
        default=(), kw_only=True, converter=_pairs
    )

    def __attrs_post_init__(self) -> None:
        if not (self.kinds or self.channels or self.tags or self.attributes):
            raise ConfigError(
                "a stage rule needs at least one of kinds, channels, tags, attributes"
            )
        for key, value in self.attributes:
            # NaN equals nothing, itself included, and no event holds NaN or an infinity (an
            # event's attributes are finite, as a ticket's are): such a rule would silently
            # match no event.
            if isinstance(value, float) and not math.isfinite(value):
                raise ConfigError(
                    f"attribute {key!r}: NaN or an infinity matches no event (an event's "
                    f"number is finite, and NaN equals nothing), got {safe_repr(value)}",
                    path=f"attributes.{key}",
                )
            # Nor does an event hold a whole number past a JSON writer's limit (the ticket's
            # check refuses it): such a rule would match no event either.
            if type(value) is int and value.bit_length() > MAX_INT_BITS:
                raise ConfigError(
                    f"attribute {key!r}: a whole number of {value.bit_length():,} bits matches "
                    f"no event (an event's whole number has at most {MAX_INT_BITS:,}, the most "
                    f"a JSON writer takes), got {safe_repr(value)}",
                    path=f"attributes.{key}",
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
        require_type(event, JourneyEvent, "event")
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.channels and event.channel not in self.channels:
            return False
        if self.tags and not (self.tags & event.tags):
            return False
        return all(_same_value(event.attribute(k), v) for k, v in self.attributes)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> Self:
        """Read a rule table: ``kinds``, ``channels``, ``tags`` (lists), ``attributes`` (table).

        Examples:
            >>> StageRule.from_dict({"kinds": ["ticket"], "tag": ["refund"]}, "stages[4].rules[0]")
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: stages[4].rules[0].tag: unknown key 'tag'; ...
        """
        table = fields(data, path=path, optional=_RULE_KEYS, what="a rule table")
        kwargs: dict[str, Any] = {
            key: _name_list(table[key], join(path, key))
            for key in ("kinds", "channels", "tags")
            if key in table
        }
        if "attributes" in table:
            kwargs["attributes"] = _attribute_table(table["attributes"], join(path, "attributes"))
        try:
            return cls(**kwargs)
        except ConfigError as exc:
            raise exc.at(path) from None

    def to_dict(self) -> dict[str, Any]:
        """The rule in the shape ``from_dict`` reads (conditions not given are left out).

        Examples:
            >>> StageRule(kinds=["ticket"]).to_dict()
            {'kinds': ['ticket']}
        """
        out: dict[str, Any] = {
            "kinds": sorted(self.kinds),
            "channels": sorted(self.channels),
            "tags": sorted(self.tags),
            "attributes": dict(self.attributes),
        }
        return {k: v for k, v in out.items() if v}


def _same_value(held: AttributeValue, wanted: AttributeValue) -> bool:
    """Whether an event's attribute value is the rule's: equal, and a bool only to a bool.

    bool is an int subclass, so ``True == 1``: a rule for ``{"vip": True}`` took an event
    with ``vip = 1`` (and ``{"seats": 0}`` one with ``seats = False``). A ticket's
    ``AttributeIn`` condition tells them apart; so does a rule.
    """
    return held == wanted and isinstance(held, bool) is isinstance(wanted, bool)


def rules_of(value: Any) -> tuple[StageRule, ...]:
    if isinstance(value, StageRule):
        return (value,)
    out = tuple(collection(value, "rules"))
    for r in out:
        if not isinstance(r, StageRule):
            raise InputTypeError(f"rules: expected StageRule values, got {type(r).__name__}")
    return out


@attrs.frozen
class Stage(Configurable):
    """One stage of a journey: its name, touchpoints, channels and classification rules.

    ``touchpoints`` and ``channels`` describe the stage (for docs and journey maps); only
    ``rules`` classify: an event belongs to the stage when any of its rules matches.

    Examples:
        >>> s = Stage("support", touchpoints=["ticket"], rules=[StageRule(kinds=["ticket"])])
        >>> s.name, s.touchpoints
        ('support', ('ticket',))
    """

    name: str = attrs.field(validator=instance_of(str))
    touchpoints: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_ordered_names)
    channels: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=lower_channels
    )
    rules: tuple[StageRule, ...] = attrs.field(default=(), kw_only=True, converter=rules_of)

    @name.validator
    def _check_name(self, _attribute: Any, value: str) -> None:
        # The message names the blank value, as the other names' checks do.
        no_nul(require_nonblank(value, "name"), "name", "stage name")

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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> Self:
        """Read a stage table: ``name``, ``touchpoints``, ``channels`` and ``rules`` (tables).

        Examples:
            >>> s = Stage.from_dict({"name": "support", "rules": [{"kinds": ["ticket"]}]})
            >>> s.rules[0].kinds
            frozenset({'ticket'})
        """
        table = fields(data, path=path, required=("name",), optional=_STAGE_KEYS, what="a stage")
        name = table["name"]
        if not isinstance(name, str):
            raise ConfigError(
                f"expected a stage name, got {safe_repr(name)}", path=join(path, "name")
            )
        rules_path = join(path, "rules")
        rules = [
            StageRule.from_dict(rule, join(rules_path, i))
            for i, rule in enumerate(as_list(table.get("rules", []), rules_path, "a list of rules"))
        ]
        kwargs = {
            key: _name_list(table[key], join(path, key))
            for key in ("touchpoints", "channels")
            if key in table
        }
        try:
            return cls(name, rules=rules, **kwargs)
        except ConfigError as exc:
            raise exc.at(path) from None

    def to_dict(self) -> dict[str, Any]:
        """The stage in the shape ``from_dict`` reads.

        Examples:
            >>> Stage("support", rules=[StageRule(kinds=["ticket"])]).to_dict()["rules"]
            [{'kinds': ['ticket']}]
        """
        return {
            "name": self.name,
            "touchpoints": list(self.touchpoints),
            "channels": sorted(self.channels),
            "rules": [rule.to_dict() for rule in self.rules],
        }


def stages_of(value: Any) -> tuple[Stage, ...]:
    out = tuple(collection(value, "a list of stages"))
    for i, s in enumerate(out):
        if not isinstance(s, Stage):
            raise InputTypeError(f"stages[{i}]: expected a Stage, got {type(s).__name__}")
    return out
