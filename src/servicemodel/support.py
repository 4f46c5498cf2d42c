"""Support models: how tickets move between people and tiers (tiered, one team, and more).

A [`SupportModel`][servicemodel.support.SupportModel] names its
[`Tier`][servicemodel.support.Tier]s and the [`HandOff`][servicemodel.support.HandOff] rules
between them (functional escalation: L1 -> L2 -> L3). Four presets cover the common designs;
the "Escalation ladders" docs page says when to choose each:

- ``"tiered"``: L1 triage and known fixes, L2 specialists, L3 engineering; hand-offs on skill.
- ``"one_team"``: nobody hands off; whoever takes a ticket owns it and consults colleagues.
- ``"personalised"``: each customer has a dedicated agent, with a named backup.
- ``"convenient"``: self-service first (help centre, bot), people when it does not resolve.

Examples:
    >>> m = SupportModel.preset("tiered")
    >>> [t.name for t in m.tiers]
    ['L1', 'L2', 'L3']
    >>> m.next_tier("L1"), m.next_tier("L3")
    ('L2', None)
    >>> SupportModel.preset("one_team").max_handoffs
    0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Self

import attrs

from servicemodel._config import Configurable, as_list, fields, join, safe_repr
from servicemodel._from_type import loaded
from servicemodel._validators import instance_of, one_or_many, require_nonblank
from servicemodel.errors import ConfigError, InputTypeError

__all__ = ["PRESETS", "HandOff", "SupportModel", "Tier"]


def _name(value: Any, path: str = "") -> str:
    return require_nonblank(value, path)


def _string_list(value: Any, path: str) -> list[str]:
    items = as_list(value, path, "a list of strings")
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item:
            raise ConfigError(
                f"expected a non-empty string, got {safe_repr(item)}", path=join(path, i)
            )
    return list(items)


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"expected a string, got {safe_repr(value)}", path=path)
    return value


def _flag(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"expected true or false, got {safe_repr(value)}", path=path)
    return value


def _strings(value: Any) -> tuple[str, ...]:
    items = tuple(one_or_many(value, str, "strings"))
    for item in items:
        if not isinstance(item, str) or not item:
            raise ConfigError(f"expected non-empty strings, got {safe_repr(item)}")
    return items


@attrs.frozen
class Tier:
    """A level of support: a name, what it handles, and who staffs it.

    ``self_service`` marks a tier with no people behind it (help centre, bot).

    Examples:
        >>> Tier("L2", handles=["diagnosis"], staffed_by=["specialists"]).handles
        ('diagnosis',)
    """

    name: str = attrs.field(converter=_name)
    handles: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    staffed_by: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    self_service: bool = attrs.field(default=False, validator=instance_of(bool))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> Self:
        """Read ``{"name", "handles", "staffed_by", "self_service"}``; errors carry ``path``.

        Examples:
            >>> Tier.from_dict({"name": "L1", "handle": ["triage"]}, "tiers[0]")
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: tiers[0].handle: unknown key 'handle'; ...
        """
        table = fields(
            data, path=path, required=("name",), optional=("handles", "staffed_by", "self_service")
        )
        return cls(
            _name(table["name"], join(path, "name")),
            _string_list(table.get("handles", []), join(path, "handles")),
            _string_list(table.get("staffed_by", []), join(path, "staffed_by")),
            _flag(table.get("self_service", False), join(path, "self_service")),
        )


@attrs.frozen
class HandOff:
    """A rule: tickets go from tier ``source`` to tier ``to`` ``when`` (a plain-words reason).

    ``keeps_owner`` says the original owner stays responsible for the customer (a consult,
    not a transfer).

    Examples:
        >>> HandOff("L1", "L2", "needs diagnosis beyond the knowledge base").to
        'L2'
    """

    source: str = attrs.field(converter=_name)
    to: str = attrs.field(converter=_name)
    when: str = attrs.field(default="", validator=instance_of(str))
    keeps_owner: bool = attrs.field(default=False, validator=instance_of(bool))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> Self:
        """Read ``{"from", "to", "when", "keeps_owner"}``; errors carry ``path``.

        Examples:
            >>> HandOff.from_dict({"from": "L1", "to": "L2", "keeps_owner": "yes"}).keeps_owner
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: keeps_owner: expected true or false, got 'yes'
        """
        table = fields(data, path=path, required=("from", "to"), optional=("when", "keeps_owner"))
        return cls(
            _name(table["from"], join(path, "from")),
            _name(table["to"], join(path, "to")),
            _text(table.get("when", ""), join(path, "when")),
            _flag(table.get("keeps_owner", False), join(path, "keeps_owner")),
        )


def _tiers(value: Iterable[Tier]) -> tuple[Tier, ...]:
    out = tuple(one_or_many(value, Tier, "tiers"))
    for i, tier in enumerate(out):
        if not isinstance(tier, Tier):
            raise InputTypeError(f"tiers[{i}]: expected a Tier, got {safe_repr(tier)}")
    if not out:
        raise ConfigError("a support model needs at least one tier", path="tiers")
    first: dict[str, int] = {}
    for i, tier in enumerate(out):
        if tier.name in first:  # named at the repeat, as a file's reader looks for it
            raise ConfigError(
                f"duplicate tier name {safe_repr(tier.name)} (also tiers[{first[tier.name]}]); "
                "tier names must be unique",
                path=f"tiers[{i}].name",
            )
        first[tier.name] = i
    return out


def _handoffs(value: Iterable[HandOff]) -> tuple[HandOff, ...]:
    out = tuple(one_or_many(value, HandOff, "hand-offs"))
    for i, handoff in enumerate(out):
        if not isinstance(handoff, HandOff):
            raise InputTypeError(f"handoffs[{i}]: expected a HandOff, got {safe_repr(handoff)}")
    return out


@attrs.frozen
class SupportModel(Configurable):
    """Tiers and hand-off rules: who owns a ticket and where it goes when they cannot solve it.

    ``dedicated_owner`` means each customer has a named agent who owns all their tickets.
    Hand-offs must name existing tiers and move "up" the list (no loops), so a ticket's path
    is bounded by ``max_handoffs``.

    Examples:
        >>> m = SupportModel("two-level", [Tier("front"), Tier("back")],
        ...                  [HandOff("front", "back", "bug confirmed")])
        >>> m.path("front")
        ('front', 'back')
    """

    name: str = attrs.field(converter=_name)
    tiers: tuple[Tier, ...] = attrs.field(converter=_tiers)
    handoffs: tuple[HandOff, ...] = attrs.field(default=(), converter=_handoffs)
    dedicated_owner: bool = attrs.field(default=False, validator=instance_of(bool))
    description: str = attrs.field(default="", validator=instance_of(str))
    choose_when: str = attrs.field(default="", validator=instance_of(str))

    def __attrs_post_init__(self) -> None:
        order = {t.name: i for i, t in enumerate(self.tiers)}
        for i, h in enumerate(self.handoffs):
            if not isinstance(h, HandOff):
                raise ConfigError(f"expected a HandOff, got {safe_repr(h)}", path=f"handoffs[{i}]")
            for key, end in (("from", h.source), ("to", h.to)):
                if end not in order:
                    raise ConfigError(
                        f"unknown tier {safe_repr(end)}; tiers are {list(order)}",
                        path=f"handoffs[{i}].{key}",
                    )
            if order[h.to] <= order[h.source]:
                raise ConfigError(
                    f"a hand-off must move to a later tier, got {h.source!r} -> {h.to!r}",
                    path=f"handoffs[{i}]",
                )

    @property
    def max_handoffs(self) -> int:
        """The most transfers a ticket can see (consults that keep the owner do not count).

        Examples:
            >>> SupportModel.preset("tiered").max_handoffs
            2
        """
        return len(self.path(self.tiers[0].name)) - 1

    def next_tier(self, tier: str) -> str | None:
        """Where a ticket goes from ``tier`` when that tier cannot resolve it, or ``None``.

        Examples:
            >>> SupportModel.preset("convenient").next_tier("self-service")
            'agents'
        """
        if not isinstance(tier, str) or tier not in {t.name for t in self.tiers}:
            raise ConfigError(f"unknown tier {safe_repr(tier)}", path="tier")
        for h in self.handoffs:
            if h.source == tier and not h.keeps_owner:
                return h.to
        return None

    def path(self, tier: str) -> tuple[str, ...]:
        """The tiers a ticket starting at ``tier`` passes through when nobody can resolve it.

        Examples:
            >>> SupportModel.preset("tiered").path("L2")
            ('L2', 'L3')
        """
        out = [tier]
        nxt = self.next_tier(tier)
        while nxt is not None:
            out.append(nxt)
            nxt = self.next_tier(nxt)
        return tuple(out)

    @classmethod
    def preset(cls, name: str) -> SupportModel:
        """One of ``"tiered"``, ``"one_team"``, ``"personalised"``, ``"convenient"``.

        Examples:
            >>> SupportModel.preset("personalised").dedicated_owner
            True
        """
        key = (
            name.strip().lower().replace(" ", "_").replace("-", "_")
            if isinstance(name, str)
            else ""
        )
        if key not in PRESETS:
            raise ConfigError(
                f"unknown support model {safe_repr(name)}; presets are {sorted(PRESETS)}"
            )
        return PRESETS[key]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> Self:
        """Read ``{"name", "tiers": [{"name", "handles", "staffed_by", "self_service"}],
        "handoffs": [{"from", "to", "when", "keeps_owner"}], "dedicated_owner", ...}``.

        Every error is a [`ConfigError`][servicemodel.errors.ConfigError] with the full path
        of the offending key (``tiers[1].handles``); ``SupportModel.from_file`` also names the
        file.

        Examples:
            >>> SupportModel.from_dict({"name": "x", "tiers": [{"name": "L1"}],
            ...                         "handoffs": [{"from": "L1", "to": "L9"}]})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: handoffs[0].to: unknown tier 'L9'; tiers are ['L1']
        """
        table = fields(
            data,
            path=path,
            required=("name", "tiers"),
            optional=("handoffs", "dedicated_owner", "description", "choose_when"),
            what="a support model",
        )
        tiers_path, handoffs_path = join(path, "tiers"), join(path, "handoffs")
        tiers = [
            Tier.from_dict(t, join(tiers_path, i))
            for i, t in enumerate(as_list(table["tiers"], tiers_path, "a list of tiers"))
        ]
        handoffs = [
            HandOff.from_dict(h, join(handoffs_path, i))
            for i, h in enumerate(
                as_list(table.get("handoffs", []), handoffs_path, "a list of hand-offs")
            )
        ]
        try:
            return cls(
                _name(table["name"], join(path, "name")),
                tiers,
                handoffs,
                _flag(table.get("dedicated_owner", False), join(path, "dedicated_owner")),
                _text(table.get("description", ""), join(path, "description")),
                _text(table.get("choose_when", ""), join(path, "choose_when")),
            )
        except ConfigError as exc:
            raise exc.at(path) from None

    def to_dict(self) -> dict[str, Any]:
        """The model in the shape ``from_dict`` reads.

        Examples:
            >>> SupportModel.from_dict(SupportModel.preset("tiered").to_dict()).name
            'tiered'
        """
        return {
            "name": self.name,
            "tiers": [
                {
                    "name": t.name,
                    "handles": list(t.handles),
                    "staffed_by": list(t.staffed_by),
                    "self_service": t.self_service,
                }
                for t in self.tiers
            ],
            "handoffs": [
                {"from": h.source, "to": h.to, "when": h.when, "keeps_owner": h.keeps_owner}
                for h in self.handoffs
            ],
            "dedicated_owner": self.dedicated_owner,
            "description": self.description,
            "choose_when": self.choose_when,
        }


#: The preset support models, by name.
PRESETS: dict[str, SupportModel] = {
    "tiered": SupportModel(
        "tiered",
        [
            Tier("L1", ["triage", "known fixes", "how-to"], ["generalists"]),
            Tier("L2", ["diagnosis", "configuration", "account issues"], ["specialists"]),
            Tier("L3", ["bugs", "data fixes", "outages"], ["engineering"]),
        ],
        [
            HandOff("L1", "L2", "not solvable with the knowledge base or within L1's rights"),
            HandOff("L2", "L3", "a defect or a change only engineering can make"),
        ],
        description="Functional escalation: each tier solves what it can and passes the rest up.",
        choose_when=(
            "High volume with a long tail of hard problems; a product complex enough that "
            "specialists pay for themselves; you can afford the hand-off delay and make "
            "hand-offs carry full context."
        ),
    ),
    "one_team": SupportModel(
        "one_team",
        [Tier("team", ["everything"], ["all agents"])],
        description=(
            "No hand-offs: whoever takes a ticket owns it to the end and consults colleagues "
            "(swarming) instead of transferring it."
        ),
        choose_when=(
            "Small or mid-sized teams, customers who hate repeating themselves, problems that "
            "need judgement more than rare skills; it maximises ownership and first-contact "
            "resolution at the cost of longer training."
        ),
    ),
    "personalised": SupportModel(
        "personalised",
        [
            Tier("dedicated", ["everything for their accounts"], ["account agents"]),
            Tier("backup", ["cover when the dedicated agent is away"], ["pod colleagues"]),
        ],
        [HandOff("dedicated", "backup", "the dedicated agent is absent", keeps_owner=True)],
        dedicated_owner=True,
        description="Each customer has a named agent (with a backup) who owns all their tickets.",
        choose_when=(
            "Few, high-value customers (enterprise, premium plans) where the relationship and "
            "context matter more than queue efficiency; plan for absences and a ceiling on "
            "accounts per agent."
        ),
    ),
    "convenient": SupportModel(
        "convenient",
        [
            Tier("self-service", ["help centre", "bot", "community"], self_service=True),
            Tier("agents", ["what self-service did not resolve"], ["generalists"]),
            Tier("specialists", ["escalated problems"], ["specialists"]),
        ],
        [
            HandOff("self-service", "agents", "the customer asks for a person or did not find"),
            HandOff("agents", "specialists", "needs a specialist"),
        ],
        description="Self-service first: people handle what the help centre and bot cannot.",
        choose_when=(
            "Many repetitive, simple questions and customers who prefer to help themselves; "
            "always keep an easy way to reach a person, and measure deflection honestly."
        ),
    ),
}

# The module is complete: its types become drawable by Hypothesis' ``st.from_type``.
loaded(__name__)
