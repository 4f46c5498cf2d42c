"""Private: composable conditions saying which tickets an SLA policy applies to.

Examples:
    >>> from datetime import datetime, timezone
    >>> from servicemodel.model import Ticket
    >>> vip_chat = HasTags(["vip"]) & ChannelIn(["chat"])
    >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), channel="chat", tags=["vip"])
    >>> vip_chat.matches(t), (~vip_chat).matches(t)
    (True, False)
    >>> HasTags(["vip"]) | PriorityIn("urgent")
    AnyOf(conditions=(HasTags(tags=('vip',), require_all=False), PriorityIn(...)))
"""

from __future__ import annotations

import abc
import math
from collections.abc import Iterable
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import instance_of, one_or_many
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.model import AttributeValue, Priority, Ticket
from servicemodel.model._shared import slot_setters

__all__ = [
    "AllOf",
    "Always",
    "AnyOf",
    "AttributeIn",
    "ChannelIn",
    "Condition",
    "GroupIn",
    "HasTags",
    "Not",
    "PriorityIn",
    "is_condition",
]


def _not_a_ticket(value: Any) -> None:
    """Refuse what is no ``Ticket`` (a subclass passes); callers test ``type(...) is`` first."""
    if not isinstance(value, Ticket):
        raise InputTypeError(
            f"ticket: expected a Ticket, got {type(value).__name__} {safe_repr(value)}"
        )


class Condition(abc.ABC):
    """Base of every condition: ``matches(ticket)``, combined with ``&``, ``|`` and ``~``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket
        >>> c = PriorityIn(["urgent"]) | GroupIn(["vip-desk"])
        >>> c.matches(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), group="vip-desk"))
        True
    """

    __slots__ = ()

    @abc.abstractmethod
    def matches(self, ticket: Ticket) -> bool:
        """Whether the condition holds for ``ticket`` with the fields it has now."""

    @abc.abstractmethod
    def to_dict(self) -> dict[str, Any]:
        """The condition in the shape ``condition_from_dict`` reads."""

    def __and__(self, other: Condition) -> Condition:
        # Flat: ``a & b & c`` is one AllOf of three, so a condition folded over many parts
        # in a loop stays one level deep (nested, it exhausted Python's recursion).
        return _joined(AllOf, self, other)

    def __or__(self, other: Condition) -> Condition:
        return _joined(AnyOf, self, other)

    def __invert__(self) -> Condition:
        return Not(self)


def is_condition(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: ``value`` is a [`Condition`][servicemodel.sla.Condition]."""
    # attrs' instance_of cannot take an abstract class under mypy (type-abstract).
    if not isinstance(value, Condition):
        raise InputTypeError(
            f"{attribute.name}: expected a Condition, got {type(value).__name__} {safe_repr(value)}"
        )


def _names(value: Any) -> tuple[str, ...]:
    items = one_or_many(value)
    for i, item in enumerate(items):
        # The item's place in a list, so a file's error reads tags[1], not the whole list.
        where = "" if isinstance(value, str) else f"[{i}]"
        if not isinstance(item, str) or not item:
            raise ConfigError(f"expected non-empty names, got {safe_repr(item)}", path=where)
        if "\x00" in item:  # no ticket's group or tag holds one: it could match none
            raise ConfigError(f"a name cannot hold a NUL, got {safe_repr(item)}", path=where)
    return tuple(sorted(set(items)))


def _channel_names(value: Any) -> tuple[str, ...]:
    out = {n.strip().lower() for n in _names(value)}
    for name in sorted(out):
        # The rule ``Ticket.channel`` reads by: a name outside it (a pattern such as '^chat$')
        # could match no ticket, and the policy would silently never apply.
        if not name or not all(c.isalnum() or c in "_-." for c in name):
            raise ConfigError(
                "channels are names of letters, digits, '_', '-' or '.' (matched literally, "
                f"not as patterns), so no ticket's channel can be {safe_repr(name)}"
            )
    return tuple(sorted(out))


def _priorities(value: Any) -> tuple[Priority, ...]:
    items = one_or_many(value, (str, Priority), "priorities")
    out = set()
    for i, item in enumerate(items):
        out.add(Priority.parse(item, "" if isinstance(value, str | Priority) else f"[{i}]"))
    return tuple(sorted(out, key=lambda p: p.rank))


def _nonempty(_inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value:
        raise ConfigError(f"{attribute.name} must not be empty")


@attrs.frozen
class Always(Condition):
    """Matches every ticket (the condition of a catch-all policy).

    Examples:
        >>> Always().to_dict()
        {}
    """

    def matches(self, ticket: Ticket) -> bool:
        """Always true."""
        return True

    def to_dict(self) -> dict[str, Any]:
        """An empty mapping."""
        return {}


@attrs.frozen
class PriorityIn(Condition):
    """The ticket's priority is one of ``priorities``.

    Clocks match the ticket again after each priority change, as Zendesk does.

    Examples:
        >>> PriorityIn(["urgent", "high"]).priorities
        (<Priority.HIGH: 'high'>, <Priority.URGENT: 'urgent'>)
    """

    priorities: tuple[Priority, ...] = attrs.field(converter=_priorities, validator=_nonempty)

    def matches(self, ticket: Ticket) -> bool:
        """Whether the ticket's priority is listed."""
        if type(ticket) is not Ticket:
            _not_a_ticket(ticket)
        return ticket.priority in self.priorities

    def to_dict(self) -> dict[str, Any]:
        """``{"priority": [...]}``."""
        return {"priority": [p.value for p in self.priorities]}


@attrs.frozen
class ChannelIn(Condition):
    """The ticket came in on one of ``channels`` (compared in lower case).

    Examples:
        >>> ChannelIn(["Chat", "phone"]).channels
        ('chat', 'phone')
    """

    channels: tuple[str, ...] = attrs.field(converter=_channel_names, validator=_nonempty)

    def matches(self, ticket: Ticket) -> bool:
        """Whether the ticket's channel is listed."""
        if type(ticket) is not Ticket:
            _not_a_ticket(ticket)
        return ticket.channel in self.channels

    def to_dict(self) -> dict[str, Any]:
        """``{"channel": [...]}``."""
        return {"channel": list(self.channels)}


@attrs.frozen
class GroupIn(Condition):
    """The ticket is in one of ``groups``.

    Clocks match the ticket again after each change of group, as Zendesk does.

    Examples:
        >>> GroupIn("billing").groups
        ('billing',)
    """

    groups: tuple[str, ...] = attrs.field(converter=_names, validator=_nonempty)

    def matches(self, ticket: Ticket) -> bool:
        """Whether the ticket's group is listed."""
        if type(ticket) is not Ticket:
            _not_a_ticket(ticket)
        return ticket.group in self.groups

    def to_dict(self) -> dict[str, Any]:
        """``{"group": [...]}``."""
        return {"group": list(self.groups)}


@attrs.frozen
class HasTags(Condition):
    """The ticket carries any (``require_all=False``) or all of ``tags``.

    Examples:
        >>> HasTags(["vip", "bug"], require_all=True).to_dict()
        {'tags_all': ['bug', 'vip']}
    """

    tags: tuple[str, ...] = attrs.field(converter=_names, validator=_nonempty)
    require_all: bool = attrs.field(default=False, validator=instance_of(bool))

    def matches(self, ticket: Ticket) -> bool:
        """Whether the tags are present."""
        if type(ticket) is not Ticket:
            _not_a_ticket(ticket)
        # ``map`` over the membership test, not a generator: every ticket is matched.
        present = map(ticket.tags.__contains__, self.tags)
        return all(present) if self.require_all else any(present)

    def to_dict(self) -> dict[str, Any]:
        """``{"tags": [...]}`` or ``{"tags_all": [...]}``."""
        return {"tags_all" if self.require_all else "tags": list(self.tags)}


def _values(value: Any) -> tuple[AttributeValue, ...]:
    listed = isinstance(value, list | tuple)  # a set has no places to name
    items = list(value) if listed or isinstance(value, set | frozenset) else [value]
    for i, item in enumerate(items):
        where = f"[{i}]" if listed else ""
        if item is not None and not isinstance(item, str | int | float | bool):
            raise ConfigError(
                f"attribute values must be scalars, got {safe_repr(item)}", path=where
            )
        if isinstance(item, float) and not math.isfinite(item):
            # NaN equals nothing, not even itself, and no ticket holds NaN or an infinity (a
            # ticket's attributes are finite): the condition could match no ticket.
            raise ConfigError(
                "an attribute value cannot be NaN or an infinity: it equals no ticket's value "
                f"(a ticket's number is finite), got {safe_repr(item)}",
                path=where,
            )
    return tuple(items)


def _no_nul(_inst: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if "\x00" in value:  # no ticket's attribute name holds one: it could match none
        raise ConfigError(
            f"an attribute name cannot hold a NUL, got {safe_repr(value)}", path=attribute.name
        )


@attrs.frozen
class AttributeIn(Condition):
    """The ticket's attribute ``name`` equals one of ``values``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket
        >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), attributes={"plan": "pro"})
        >>> AttributeIn("plan", ["pro", "enterprise"]).matches(t)
        True
    """

    name: str = attrs.field(validator=[instance_of(str), _no_nul])
    values: tuple[AttributeValue, ...] = attrs.field(converter=_values, validator=_nonempty)

    def matches(self, ticket: Ticket) -> bool:
        """Whether the attribute is present with a listed value."""
        if type(ticket) is not Ticket:
            _not_a_ticket(ticket)
        attributes = ticket.attributes
        if self.name not in attributes:
            return False
        value = attributes[self.name]
        # bool is an int subclass: True must not match 1.
        is_bool = isinstance(value, bool)
        for v in self.values:  # noqa: SIM110 -- a loop: no generator for every ticket
            if v == value and isinstance(v, bool) is is_bool:
                return True
        return False

    def to_dict(self) -> dict[str, Any]:
        """``{"attributes": {name: [...]}}``."""
        return {"attributes": {self.name: list(self.values)}}


#: The deepest nesting of ``AllOf``, ``AnyOf`` and ``Not`` a condition built in code may
#: have; a policy file's conditions nest as deep (``MAX_CONDITION_DEPTH``), so what ``to_dict``
#: writes reads back. Past this bound ``matches``, ``to_dict``, ``==`` and ``repr`` would
#: exhaust Python's recursion.
MAX_NESTING = 200


def _parts(c: Any, kind: type[Condition]) -> tuple[Any, ...]:
    """The parts of ``c`` if it is a ``kind`` itself (``AllOf``, ``AnyOf``), else ``(c,)``."""
    return c.conditions if type(c) is kind else (c,)  # type: ignore[attr-defined]


def _check_nesting(parts: tuple[Condition, ...]) -> None:
    """Refuse parts that would put a condition more than ``MAX_NESTING`` levels deep.

    A walk without recursion, over the combinators only: a leaf costs one type test.
    """
    stack = [(c, 2) for c in parts]  # the combinator being built is level 1
    while stack:
        c, level = stack.pop()
        if isinstance(c, AllOf | AnyOf):
            inner: tuple[Condition, ...] = c.conditions
        elif isinstance(c, Not):
            inner = (c.condition,)
        else:
            continue
        if inner and level >= MAX_NESTING:
            raise ConfigError(
                f"a condition nests AllOf, AnyOf and Not at most {MAX_NESTING} levels deep; "
                f"this one is deeper, at {safe_repr(c)}: combine conditions with & and | "
                "(which keep them flat), or AllOf and AnyOf of a list"
            )
        stack.extend((k, level + 1) for k in inner)


def _conditions(value: Iterable[Condition]) -> tuple[Condition, ...]:
    out = tuple(one_or_many(value, Condition, "conditions"))
    for c in out:
        if not isinstance(c, Condition):
            raise ConfigError(f"expected a Condition, got {safe_repr(c)}")
    _check_nesting(out)
    return out


def _nested_once(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator of ``Not.condition``: a Condition, not nested too deep."""
    is_condition(_instance, attribute, value)
    _check_nesting((value,))


@attrs.frozen
class AllOf(Condition):
    """Every one of ``conditions`` holds (``a & b``).

    Examples:
        >>> (PriorityIn(["low"]) & ChannelIn(["web"])).to_dict()
        {'all': [{'priority': ['low']}, {'channel': ['web']}]}
    """

    conditions: tuple[Condition, ...] = attrs.field(converter=_conditions)

    def matches(self, ticket: Ticket) -> bool:
        """Whether all hold (true when empty)."""
        for c in self.conditions:  # noqa: SIM110 -- a loop: no generator for every ticket
            if not c.matches(ticket):
                return False
        return True

    def to_dict(self) -> dict[str, Any]:
        """``{"all": [...]}``."""
        return {"all": [c.to_dict() for c in self.conditions]}


def _some(_inst: Any, _attribute: attrs.Attribute[Any], value: tuple[Condition, ...]) -> None:
    # As a policy file's empty 'any' list: a policy whose condition is "one of none" would
    # silently apply to no ticket (and its to_dict would not read back).
    if not value:
        raise ConfigError(
            "an AnyOf of no conditions matches no ticket, so the policy would never apply; "
            "give at least one condition, or use Always() to match every ticket"
        )


@attrs.frozen
class AnyOf(Condition):
    """At least one of ``conditions`` holds (``a | b``).

    Examples:
        >>> (PriorityIn(["low"]) | ChannelIn(["web"])).to_dict()
        {'any': [{'priority': ['low']}, {'channel': ['web']}]}
    """

    conditions: tuple[Condition, ...] = attrs.field(converter=_conditions, validator=_some)

    def matches(self, ticket: Ticket) -> bool:
        """Whether any holds."""
        for c in self.conditions:  # noqa: SIM110 -- a loop: no generator for every ticket
            if c.matches(ticket):
                return True
        return False

    def to_dict(self) -> dict[str, Any]:
        """``{"any": [...]}``."""
        return {"any": [c.to_dict() for c in self.conditions]}


@attrs.frozen
class Not(Condition):
    """``condition`` does not hold (``~c``).

    Examples:
        >>> (~ChannelIn(["phone"])).to_dict()
        {'not': {'channel': ['phone']}}
    """

    condition: Condition = attrs.field(validator=_nested_once)

    def matches(self, ticket: Ticket) -> bool:
        """The negation."""
        return not self.condition.matches(ticket)

    def to_dict(self) -> dict[str, Any]:
        """``{"not": {...}}``."""
        return {"not": self.condition.to_dict()}


_SET_PARTS = {kind: slot_setters(kind, "conditions")[0] for kind in (AllOf, AnyOf)}


def _joined(kind: type[AllOf | AnyOf], left: Condition, right: Any) -> Condition:
    """``left & right`` (``kind`` AllOf) or ``left | right`` (AnyOf), flat.

    When ``left`` is already a ``kind``, its parts were checked when it was built: only the
    new ones are, so a condition folded over n parts in a loop costs a tuple copy per step.
    """
    if type(left) is kind and isinstance(right, Condition):
        extra = _parts(right, kind)
        _check_nesting(extra)
        joined = object.__new__(kind)
        _SET_PARTS[kind](joined, (*left.conditions, *extra))
        return joined
    return kind((*_parts(left, kind), *_parts(right, kind)))
