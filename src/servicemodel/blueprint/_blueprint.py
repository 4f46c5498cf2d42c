"""Private: the service blueprint -- one TOML file composing a support team's whole design.

Each part is given inline (a table) or as a reference: a string naming a ``.toml`` / ``.json``
file relative to the blueprint file. Loading reads every part with its own ``from_dict`` and
then checks that every reference resolves: a policy's escalation ladder, a goal's KPI,
statistic, unit and segment, a standard's or goal's channel, the scorecard file. Every error
is a [`ConfigError`][servicemodel.errors.ConfigError] naming the file and the path of the
field: ``blueprint.toml: standards.channels.email.first_reply: ...`` for an inline part, the
referenced file's own name and path for an error inside it.

Examples:
    >>> bp = Blueprint.from_toml('''
    ... name = "Acme"
    ... channels = ["email", "chat"]
    ... support_model = "one_team"
    ... [standards]
    ... name = "Acme standards"
    ... channels.email.first_reply = "8h"
    ... channels.fax.first_reply = "1d"
    ... ''')
    Traceback (most recent call last):
    ...
    servicemodel.errors.ConfigError: standards.channels.fax: unknown channel 'fax'; ...
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Self, TypeVar

import attrs

from servicemodel._config import (
    Configurable,
    as_list,
    as_mapping,
    fields,
    finite_number,
    join,
    read_config_file,
    safe_repr,
)
from servicemodel._numbers import percent_hint
from servicemodel._validators import instance_of, mapping_of, members_of, require_nonblank
from servicemodel.errors import ConfigError
from servicemodel.escalation import EscalationLadder
from servicemodel.goals import SmartGoal, goals_from_dict, goals_from_file
from servicemodel.journey import Journey
from servicemodel.model import KNOWN_CHANNELS
from servicemodel.qa import Scorecard
from servicemodel.report import goal_series
from servicemodel.servqual import DimensionWeights, Instrument, Servqual, standard_instrument
from servicemodel.sla import PolicySet, parse_duration
from servicemodel.standards import ServiceStandards
from servicemodel.support import SupportModel

__all__ = ["Blueprint", "QABenchmarks"]


T = TypeVar("T")

_KEYS = (
    "name",
    "description",
    "channels",
    "support_model",
    "standards",
    "sla",
    "goals",
    "journey",
    "qa",
    "servqual",
    "fcr_window",
)
_SHARE_KEYS = ("pass_rate", "critical_failure_rate")


def _share(value: Any, key: str) -> float | None:
    """``None``, or a QA benchmark share in [0, 1] but the worst, as a float."""
    if value is None:
        return None
    # The best value is a zero-tolerance benchmark (no critical failure, every evaluation
    # passing); the worst one always holds, as a quality benchmark's does.
    worst, sign = (0, ">=") if key == "pass_rate" else (1, "<=")
    share = finite_number(value, key) + 0.0  # -0.0 is the share 0
    if not 0 <= share <= 1:
        raise ConfigError(
            f"expected a share in [0, 1], got {safe_repr(value)}{percent_hint(share)}", path=key
        )
    if share == worst:
        raise ConfigError(
            f"{key} {sign} {worst} always holds: it is the worst value the rate can take", path=key
        )
    return share


def _pass_rate(value: Any) -> float | None:
    return _share(value, "pass_rate")


def _critical_failure_rate(value: Any) -> float | None:
    return _share(value, "critical_failure_rate")


@attrs.frozen
class QABenchmarks:
    """What the QA scores must reach: mean score ≥ the scorecard's pass mark, and optionally
    a pass rate ≥ ``pass_rate`` and a critical-failure rate ≤ ``critical_failure_rate``.

    A blueprint's ``[qa]`` takes each as a share in [0, 1] but its worst value, which always
    holds (``pass_rate = 0``, ``critical_failure_rate = 1``). The best value is a
    zero-tolerance benchmark (``critical_failure_rate = 0``: no critical failure at all;
    ``pass_rate = 1``: every evaluation passes): one evaluation against it misses it, and
    with none the figure is ``at_risk`` rather than ``met``, since no sample proves a rate of
    exactly 0 or 1 (the interval's far bound stays short of it).

    Each is checked when built, as the blueprint's ``[qa]`` is read: a number that is no
    share (``70``, NaN, text) or a share at the worst value is a
    [`ConfigError`][servicemodel.errors.ConfigError] naming the field.

    Examples:
        >>> QABenchmarks(pass_rate=0.8).critical_failure_rate is None
        True
        >>> QABenchmarks(pass_rate=70)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: pass_rate: expected a share in [0, 1], got 70 (for 70 %, write 0.7)
    """  # noqa: E501

    pass_rate: float | None = attrs.field(default=None, converter=_pass_rate)
    critical_failure_rate: float | None = attrs.field(
        default=None, converter=_critical_failure_rate
    )


class _Reader:
    """Reads the blueprint's parts; knows the folder references are relative to."""

    def __init__(self, base: Path | None) -> None:
        self.base = base

    def file(self, ref: str, path: str) -> Path:
        if self.base is None:
            raise ConfigError(
                f"the file reference {safe_repr(ref)} needs a blueprint read from a file "
                "(Blueprint.from_file), to resolve it against",
                path=path,
            )
        resolved = self.base / ref
        if not resolved.is_file():
            raise ConfigError(f"no such file {safe_repr(ref)} (looked for {resolved})", path=path)
        return resolved

    def part(
        self,
        value: Any,
        path: str,
        build: Callable[[Mapping[str, Any]], T],
        load: Callable[[Path], T],
    ) -> T:
        """An inline table (``build``) or a file reference (``load``), errors under ``path``."""
        if isinstance(value, str):
            return load(self.file(value, path))
        table = as_mapping(value, path, "a table or a file name")
        try:
            return build(table)
        except ConfigError as exc:
            if exc.source is not None:
                raise
            raise exc.at(path) from None


def _support_model(reader: _Reader, value: Any) -> SupportModel:
    if isinstance(value, str) and not value.lower().endswith((".toml", ".json")):
        try:
            return SupportModel.preset(value)
        except ConfigError as exc:
            raise ConfigError(exc.message, path="support_model") from None
    return reader.part(value, "support_model", SupportModel.from_dict, SupportModel.from_file)


def _journey(reader: _Reader, value: Any) -> Journey:
    if value == "default":
        return Journey.default()
    return reader.part(value, "journey", Journey.from_dict, Journey.from_file)


def _goals(reader: _Reader, value: Any) -> tuple[SmartGoal, ...]:
    if isinstance(value, str):
        return goals_from_file(reader.file(value, "goals"))
    return goals_from_dict({"goals": as_list(value, "goals", "a list of goal tables")})


def _channels(value: Any, standards: ServiceStandards | None) -> tuple[str, ...]:
    if value is None:
        extra = standards.extra_channels if standards is not None else ()
        return tuple(sorted(KNOWN_CHANNELS | set(extra)))
    items = as_list(value, "channels", "a list of channel names")
    out: list[str] = []
    for i, item in enumerate(items):
        name = require_nonblank(item, f"channels[{i}]", "channel name").strip().lower()
        if name in out:
            # Listed twice (perhaps in another case): a slip, like a duplicate key.
            raise ConfigError(
                f"channel {safe_repr(item)} is listed twice (as channels[{out.index(name)}])",
                path=f"channels[{i}]",
            )
        out.append(name)
    return tuple(out)


def _sla(
    reader: _Reader, value: Any
) -> tuple[PolicySet | None, dict[str, EscalationLadder], dict[str, str]]:
    table = fields(value, path="sla", optional=("policies", "calendars", "ladders", "escalation"))
    policies = None
    if "policies" in table:
        raw = table["policies"]
        if isinstance(raw, str):
            policies = PolicySet.from_file(reader.file(raw, "sla.policies"))
        else:
            inline = {
                "policies": raw,
                **({"calendars": table["calendars"]} if "calendars" in table else {}),
            }
            try:
                policies = PolicySet.from_dict(inline)
            except ConfigError as exc:
                raise exc.at("sla") from None
    ladders: dict[str, EscalationLadder] = {}
    for name, spec in as_mapping(table.get("ladders", {}), "sla.ladders").items():
        here = join("sla.ladders", name)
        ladders[name] = reader.part(
            spec, here, EscalationLadder.from_dict, EscalationLadder.from_file
        )
    escalation: dict[str, str] = {}
    for policy, ladder in as_mapping(table.get("escalation", {}), "sla.escalation").items():
        here = join("sla.escalation", policy)
        if not isinstance(ladder, str):
            raise ConfigError(f"expected the name of a ladder, got {safe_repr(ladder)}", path=here)
        escalation[policy] = ladder
    return policies, ladders, escalation


def _qa(reader: _Reader, value: Any) -> tuple[Scorecard, QABenchmarks]:
    table = fields(value, path="qa", required=("scorecard",), optional=_SHARE_KEYS)
    card = reader.part(table["scorecard"], "qa.scorecard", Scorecard.from_dict, Scorecard.from_file)
    try:
        benchmarks = QABenchmarks(**{key: table[key] for key in _SHARE_KEYS if key in table})
    except ConfigError as exc:
        raise exc.at("qa") from None
    return card, benchmarks


def _servqual(value: Any) -> tuple[Instrument, DimensionWeights | None]:
    table = fields(value, path="servqual", optional=("version", "weights", "weights_total"))
    version = table.get("version", 1991)
    # The kind first: an array's `in` asks for its truth value, and 1988.0 == 1988.
    if type(version) is not int or version not in (1988, 1991):
        raise ConfigError(
            f"expected 1988 or 1991, got {safe_repr(version)}", path="servqual.version"
        )
    instrument = standard_instrument(1988 if version == 1988 else 1991)
    if "weights" not in table:
        if "weights_total" in table:
            raise ConfigError("weights_total without weights", path="servqual.weights_total")
        return instrument, None
    points = as_mapping(table["weights"], "servqual.weights", "a table of dimension to points")
    total = table.get("weights_total", 100)
    try:
        weights = DimensionWeights.from_points(points, total=total)
        Servqual.empty(instrument=instrument, weights=weights)  # names exactly its dimensions
    except ConfigError as exc:
        where = "servqual.weights" if exc.path != "total" else "servqual.weights_total"
        stated = f" (as stated by weights_total = {total})" if "sum to" in exc.message else ""
        raise ConfigError(f"{exc.message}{stated}", path=where) from None
    return instrument, weights


def _other_parts(reader: _Reader, table: Mapping[str, Any]) -> dict[str, Any]:
    """The SLA, goals, journey, QA, SERVQUAL and FCR parts given in ``table``."""
    kw: dict[str, Any] = {}
    if "sla" in table:
        kw["policies"], kw["ladders"], kw["escalation"] = _sla(reader, table["sla"])
    if "goals" in table:
        kw["goals"] = _goals(reader, table["goals"])
    if "journey" in table:
        kw["journey"] = _journey(reader, table["journey"])
    if "qa" in table:
        kw["scorecard"], kw["qa"] = _qa(reader, table["qa"])
    if "servqual" in table:
        kw["servqual_instrument"], kw["servqual_weights"] = _servqual(table["servqual"])
    if "fcr_window" in table:
        kw["fcr_window"] = parse_duration(table["fcr_window"], path="fcr_window")
    return kw


def _nonblank_name(_instance: Any, _attribute: Any, value: str) -> None:
    require_nonblank(value, "name")  # as from_dict reads it: a blank name names nothing


def _positive_window(_instance: Any, _attribute: Any, value: timedelta) -> None:
    # As from_dict reads it (parse_duration): a window of 0 or less has closed on every
    # ticket before its first reply, so no contact could count as resolved at first contact.
    if value <= timedelta(0):
        raise ConfigError(f"duration must be positive, got {safe_repr(value)}", path="fcr_window")


@attrs.frozen
class Blueprint(Configurable):
    """A support team's service design in one value: model, standards, SLAs, goals, QA, survey.

    Every part except ``name`` is optional. ``channels`` are the channels the team offers
    (default: the known channels and the standards' extra ones); a standard or a goal segment
    naming another is an error. ``escalation`` maps an SLA policy's name to the name of its
    ladder in ``ladders``. Read one with ``Blueprint.from_file`` (references to other files
    resolve against the blueprint's folder) or ``from_toml``/``from_dict`` (inline parts only).

    Examples:
        >>> bp = Blueprint.from_dict({"name": "Acme", "support_model": "tiered"})
        >>> bp.support_model.name, bp.standards is None
        ('tiered', True)
        >>> Blueprint.from_dict({"name": "Acme", "sla": {"escalation": {"standard": "fast"}}})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: sla.escalation.standard: no SLA policies to attach a ladder to; add sla.policies
    """  # noqa: E501

    # Each part is checked when built: a value of another kind would fail later, in
    # check_references or assess, far from where it came from.
    name: str = attrs.field(validator=[instance_of(str), _nonblank_name])
    description: str = attrs.field(default="", validator=instance_of(str))
    channels: tuple[str, ...] = attrs.field(default=(), validator=members_of(str, tuple))
    support_model: SupportModel | None = attrs.field(
        default=None, validator=instance_of(SupportModel, optional=True)
    )
    standards: ServiceStandards | None = attrs.field(
        default=None, validator=instance_of(ServiceStandards, optional=True)
    )
    policies: PolicySet | None = attrs.field(
        default=None, validator=instance_of(PolicySet, optional=True)
    )
    ladders: Mapping[str, EscalationLadder] = attrs.field(
        factory=dict, validator=mapping_of(EscalationLadder)
    )
    escalation: Mapping[str, str] = attrs.field(factory=dict, validator=mapping_of(str))
    goals: tuple[SmartGoal, ...] = attrs.field(default=(), validator=members_of(SmartGoal, tuple))
    journey: Journey | None = attrs.field(
        default=None, validator=instance_of(Journey, optional=True)
    )
    scorecard: Scorecard | None = attrs.field(
        default=None, validator=instance_of(Scorecard, optional=True)
    )
    qa: QABenchmarks = attrs.field(default=QABenchmarks(), validator=instance_of(QABenchmarks))
    servqual_instrument: Instrument = attrs.field(
        factory=lambda: standard_instrument(1991), validator=instance_of(Instrument)
    )
    servqual_weights: DimensionWeights | None = attrs.field(
        default=None, validator=instance_of(DimensionWeights, optional=True)
    )
    fcr_window: timedelta = attrs.field(
        default=timedelta(days=3), validator=[instance_of(timedelta), _positive_window]
    )

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, base: str | os.PathLike[str] | None = None
    ) -> Self:
        """Read a blueprint; file references resolve against ``base`` (a folder).

        Examples:
            >>> Blueprint.from_dict({"name": "x", "goals": "goals.toml"})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: goals: the file reference 'goals.toml' needs a blueprint read from a file ...
        """  # noqa: E501
        table = fields(data, required=("name",), optional=_KEYS, what="a blueprint")
        reader = _Reader(None if base is None else Path(base))
        name = table["name"]
        require_nonblank(name, "name")
        description = table.get("description", "")
        if not isinstance(description, str):
            raise ConfigError(f"expected text, got {safe_repr(description)}", path="description")
        kw: dict[str, Any] = {"name": name, "description": description}
        if "support_model" in table:
            kw["support_model"] = _support_model(reader, table["support_model"])
        if "standards" in table:
            kw["standards"] = reader.part(
                table["standards"],
                "standards",
                ServiceStandards.from_dict,
                ServiceStandards.from_file,
            )
        kw["channels"] = _channels(table.get("channels"), kw.get("standards"))
        kw.update(_other_parts(reader, table))
        blueprint = cls(**kw)
        blueprint.check_references()
        return blueprint

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Self:
        """Read a blueprint file (``.toml`` or ``.json``); references resolve next to it.

        An error in the blueprint itself names the blueprint file and the field
        (``blueprint.toml: sla.escalation.vip: ...``); one inside a referenced file names
        that file and its field.
        """
        data = read_config_file(path)
        source = os.fspath(path)
        try:
            return cls.from_dict(data, base=Path(source).parent)
        except ConfigError as exc:
            if exc.source is not None:
                raise
            raise exc.in_file(source) from None

    def check_references(self) -> None:
        """Check that every reference resolves; raise a ``ConfigError`` naming the first that does not.

        Checked: each standard's channel and each goal's segment channel are offered
        (``channels``); each ``sla.escalation`` entry names a policy of ``sla.policies`` and a
        ladder of ``sla.ladders``; each goal's KPI, statistic, unit and segment keys are ones
        the goals report computes.

        Examples:
            >>> Blueprint("x", channels=("chat",), goals=()).check_references() is None
            True
        """  # noqa: E501
        offered = set(self.channels)
        if self.standards is not None:
            for channel in self.standards.channels:
                if channel not in offered:
                    raise ConfigError(
                        f"channel {channel!r} is not one the blueprint offers "
                        f"{list(self.channels)}",
                        path=f"standards.channels.{channel}",
                    )
        self._check_escalation()
        for i, goal in enumerate(self.goals):
            where = f"goals[{i}]"
            goal_series([], goal, where=where)  # raises for a KPI, statistic, unit or segment key
            wanted = goal.segment_dict.get("channel")
            if wanted is not None and wanted not in offered:
                raise ConfigError(
                    f"channel {wanted!r} is not one the blueprint offers {list(self.channels)}",
                    path=f"{where}.segment.channel",
                )

    def _check_escalation(self) -> None:
        names = [] if self.policies is None else [p.name for p in self.policies.policies]
        for policy, ladder in self.escalation.items():
            here = join("sla.escalation", policy)
            if self.policies is None:
                raise ConfigError(
                    "no SLA policies to attach a ladder to; add sla.policies", path=here
                )
            if policy not in names:
                raise ConfigError(
                    f"unknown policy {policy!r}; the SLA policies are {names}", path=here
                )
            if ladder not in self.ladders:
                raise ConfigError(
                    f"unknown ladder {ladder!r}; sla.ladders defines {sorted(self.ladders)}",
                    path=here,
                )
