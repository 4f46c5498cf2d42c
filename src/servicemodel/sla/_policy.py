"""SLA policies and the clocks that measure a ticket history against them.

An [`SLAPolicy`][servicemodel.sla.SLAPolicy] says which tickets it applies to (a
[`Condition`][servicemodel.sla.Condition]), on which business calendar its clocks count, which
statuses pause them, and its [`Target`][servicemodel.sla.Target]s per priority. A
[`PolicySet`][servicemodel.sla.PolicySet] is an ordered list of policies; the first whose
condition matches a ticket applies. [`evaluate`][servicemodel.sla.evaluate] turns a
[`TicketHistory`][servicemodel.model.TicketHistory] into one
[`Measurement`][servicemodel.sla.Measurement] per clock.

The one boundary rule: ``due_at`` is the calendar's ``add(start, target)`` pushed out by paused
time, and a clock that stops **at or before** ``due_at`` is achieved; after it, breached.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> policy = SLAPolicy.from_dict({
    ...     "name": "standard",
    ...     "calendar": {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}},
    ...     "targets": {"normal": [{"metric": "first_reply", "within": "2h"}]},
    ... })
    >>> t0 = datetime(2026, 3, 6, 16, 0, tzinfo=timezone.utc)  # a Friday, one hour before close
    >>> h = TicketHistory(Ticket("T-1", t0), [AgentReply("r", t0 + timedelta(days=3))])
    >>> (m,) = evaluate(policy, h)
    >>> m.due_at.isoformat(), m.state.value, m.elapsed
    ('2026-03-09T10:00:00+00:00', 'breached', datetime.timedelta(seconds=28800))
"""

from __future__ import annotations

import enum
import json
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from servicemodel._sla_clock import Span, clock_add, clock_elapsed
from servicemodel._sla_condition import (
    AllOf,
    Always,
    AnyOf,
    AttributeIn,
    ChannelIn,
    Condition,
    GroupIn,
    HasTags,
    Not,
    PriorityIn,
    condition_from_dict,
    is_condition,
)
from servicemodel._sla_duration import format_duration, parse_duration
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, InputTypeError, require_aware
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Priority,
    PriorityChange,
    Reopen,
    Status,
    StatusChange,
    TicketHistory,
)

__all__ = [
    "AllOf",
    "Always",
    "AnyOf",
    "AttributeIn",
    "ChannelIn",
    "Condition",
    "GroupIn",
    "HasTags",
    "Measurement",
    "MeasurementState",
    "Metric",
    "Not",
    "PolicySet",
    "PriorityIn",
    "SLAPolicy",
    "Target",
    "condition_from_dict",
    "evaluate",
    "evaluate_many",
    "parse_duration",
]

_ALWAYS = BusinessCalendar.always()


class Metric(enum.StrEnum):
    """What an SLA target measures (definitions in the "SLA policies and clocks" docs page).

    Examples:
        >>> Metric("first_reply").is_reply
        True
    """

    FIRST_REPLY = "first_reply"
    NEXT_REPLY = "next_reply"
    PERIODIC_UPDATE = "periodic_update"
    RESOLUTION = "resolution"
    REQUESTER_WAIT = "requester_wait"
    AGENT_WORK = "agent_work"

    @property
    def is_reply(self) -> bool:
        """True for the metrics a public agent reply stops.

        Examples:
            >>> Metric.RESOLUTION.is_reply
            False
        """
        return self in (Metric.FIRST_REPLY, Metric.NEXT_REPLY, Metric.PERIODIC_UPDATE)


class MeasurementState(enum.StrEnum):
    """State of one SLA clock: ``active``, ``paused``, ``achieved`` or ``breached``.

    ``achieved`` and ``breached`` are final: evaluating later never changes them.

    Examples:
        >>> MeasurementState.ACHIEVED == "achieved", MeasurementState.BREACHED.is_final
        (True, True)
    """

    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    BREACHED = "breached"

    @property
    def is_final(self) -> bool:
        """True for ``achieved`` and ``breached``.

        Examples:
            >>> MeasurementState.PAUSED.is_final
            False
        """
        return self in (MeasurementState.ACHIEVED, MeasurementState.BREACHED)


_RESOLVED = frozenset({Status.SOLVED, Status.CLOSED})
#: Statuses each metric never counts, whatever the policy pauses on.
_NEVER_COUNTS = {
    Metric.FIRST_REPLY: _RESOLVED,
    Metric.NEXT_REPLY: _RESOLVED,
    Metric.PERIODIC_UPDATE: _RESOLVED,
    Metric.RESOLUTION: _RESOLVED,
    Metric.REQUESTER_WAIT: _RESOLVED | {Status.PENDING},
    Metric.AGENT_WORK: _RESOLVED | {Status.PENDING, Status.ON_HOLD},
}


def _metric(value: Any) -> Metric:
    if isinstance(value, Metric):
        return value
    try:
        return Metric(str(value).strip().lower())
    except ValueError:
        raise ConfigError(
            f"unknown metric {value!r}; expected one of {[m.value for m in Metric]}"
        ) from None


def _within(value: Any) -> timedelta:
    return parse_duration(value)


def _optional_calendar(value: Any) -> BusinessCalendar | None:
    if value is None or isinstance(value, BusinessCalendar):
        return value
    if isinstance(value, Mapping):
        return BusinessCalendar.from_dict(value)
    raise InputTypeError(f"calendar: expected a BusinessCalendar or mapping, got {value!r}")


@attrs.frozen
class Target:
    """An SLA target: ``metric`` must be met ``within`` a duration of business or calendar time.

    ``business=True`` (the default) counts the policy's calendar, or this target's own
    ``calendar`` when given; ``business=False`` counts every hour (24/7), as urgent tickets
    usually do. ``within`` accepts a ``timedelta`` or the config forms of ``parse_duration``.

    Examples:
        >>> Target("first_reply", "4h")
        Target(metric=<Metric.FIRST_REPLY: 'first_reply'>, within=datetime.timedelta(seconds=14400), business=True, calendar=None)
    """  # noqa: E501

    metric: Metric = attrs.field(converter=_metric)
    within: timedelta = attrs.field(converter=_within)
    business: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    calendar: BusinessCalendar | None = attrs.field(default=None, converter=_optional_calendar)

    def __attrs_post_init__(self) -> None:
        if not self.business and self.calendar is not None:
            raise ConfigError(
                "a target in calendar time (time = 'calendar') cannot also name a calendar",
                path="calendar",
            )

    def calendar_in(self, policy_calendar: BusinessCalendar) -> BusinessCalendar:
        """The calendar this target's clock counts on, given its policy's calendar.

        Examples:
            >>> Target("resolution", "8h", business=False).calendar_in(_ALWAYS).is_always_open
            True
        """
        if not self.business:
            return _ALWAYS
        return self.calendar if self.calendar is not None else policy_calendar

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], calendars: Mapping[str, BusinessCalendar] | None = None
    ) -> Target:
        """Read ``{"metric", "within", "time": "business"|"calendar", "calendar"}``.

        ``calendar`` is a calendar mapping or the name of one in ``calendars``.

        Examples:
            >>> Target.from_dict({"metric": "resolution", "within": "2d", "time": "calendar"})
            Target(metric=<Metric.RESOLUTION: 'resolution'>, within=datetime.timedelta(days=2), business=False, calendar=None)
        """  # noqa: E501
        if not isinstance(data, Mapping):
            raise ConfigError(f"a target must be a mapping, got {data!r}")
        _no_unknown(data, ("metric", "within", "time", "calendar"))
        for key in ("metric", "within"):
            if key not in data:
                raise ConfigError("missing", path=key)
        time = data.get("time", "business")
        if time not in ("business", "calendar"):
            raise ConfigError(f"expected 'business' or 'calendar', got {time!r}", path="time")
        out: dict[str, Any] = {}
        for key, read in (
            ("metric", _metric),
            ("within", _within),
            ("calendar", lambda v: _calendar_ref(v, calendars)),
        ):
            try:
                out[key] = read(data.get(key))
            except ConfigError as exc:
                raise exc.at(key) from None
        return cls(out["metric"], out["within"], time == "business", out["calendar"])

    def to_dict(self) -> dict[str, Any]:
        """The target in the shape ``from_dict`` reads.

        Examples:
            >>> Target("next_reply", 90).to_dict()
            {'metric': 'next_reply', 'within': '1h 30m', 'time': 'business'}
        """
        out: dict[str, Any] = {
            "metric": self.metric.value,
            "within": format_duration(self.within),
            "time": "business" if self.business else "calendar",
        }
        if self.calendar is not None:
            out["calendar"] = self.calendar.to_dict()
        return out


def _no_unknown(data: Mapping[str, Any], known: Sequence[str]) -> None:
    for key in data:
        if key not in known:
            raise ConfigError(f"unknown key; expected one of {list(known)}", path=str(key))


def _calendar_ref(
    value: Any, calendars: Mapping[str, BusinessCalendar] | None
) -> BusinessCalendar | None:
    if value is None or isinstance(value, BusinessCalendar):
        return value
    if isinstance(value, str):
        if calendars is None or value not in calendars:
            known = sorted(calendars) if calendars else []
            raise ConfigError(f"unknown calendar {value!r}; defined calendars: {known}")
        return calendars[value]
    if isinstance(value, Mapping):
        return BusinessCalendar.from_dict(value)
    raise ConfigError(f"expected a calendar mapping or a calendar name, got {value!r}")


def _targets(value: Any) -> dict[Priority, tuple[Target, ...]]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"targets must map a priority to a list of targets, got {value!r}")
    out: dict[Priority, tuple[Target, ...]] = {}
    for key, items in value.items():
        try:
            prio = Priority(str(key).strip().lower())
        except ValueError:
            raise ConfigError(
                f"unknown priority {key!r}; expected one of {[p.value for p in Priority]}",
                path=str(key),
            ) from None
        if isinstance(items, Target):
            items = (items,)
        targets = tuple(items)
        seen: set[Metric] = set()
        for i, t in enumerate(targets):
            if not isinstance(t, Target):
                raise ConfigError(f"expected a Target, got {t!r}", path=f"{key}[{i}]")
            if t.metric in seen:
                raise ConfigError(
                    f"a second {t.metric.value!r} target for priority {prio.value!r}",
                    path=f"{key}[{i}].metric",
                )
            seen.add(t.metric)
        out[prio] = targets
    return out


def _pause(value: Any) -> frozenset[Status]:
    items = [value] if isinstance(value, str) else list(value)
    out = set()
    for i, item in enumerate(items):
        try:
            status = Status(str(item).strip().lower().replace("-", "_").replace(" ", "_"))
        except ValueError:
            raise ConfigError(
                f"unknown status {item!r}; expected one of {[s.value for s in Status]}",
                path=f"[{i}]",
            ) from None
        if status.is_resolved:
            raise ConfigError(
                f"{status.value!r} cannot pause a clock: resolving stops clocks", path=f"[{i}]"
            )
        out.add(status)
    return frozenset(out)


def _warn_at(value: Any) -> tuple[float, ...]:
    items = tuple(value)
    for i, f in enumerate(items):
        if isinstance(f, bool) or not isinstance(f, int | float) or not 0 < f < 1:
            raise ConfigError(
                f"a warning threshold is a fraction in (0, 1), got {f!r}", path=f"[{i}]"
            )
    return tuple(sorted(float(f) for f in set(items)))


def _reopen(value: Any) -> str:
    if value not in ("first", "final"):
        raise ConfigError(f"expected 'first' or 'final', got {value!r}")
    return str(value)


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"a policy needs a non-empty name, got {value!r}")
    return value


@attrs.frozen
class SLAPolicy:
    """A named SLA policy: which tickets, which calendar, what pauses, targets per priority.

    ``pause`` lists the statuses that stop every clock of the policy while the ticket is in
    them (default: pending); a paused clock resumes where it stopped. ``reopen`` chooses how
    ``resolution``, ``requester_wait`` and ``agent_work`` treat a reopened ticket: ``"final"``
    (default) measures up to the final resolution, not counting the time spent resolved;
    ``"first"`` stops at the first resolution and ignores reopens. ``warn_at`` are the
    fractions of each target at which warnings are due (default 50 % and 75 %).

    Examples:
        >>> p = SLAPolicy("vip", {"urgent": [Target("first_reply", "30m", business=False)]},
        ...               condition=HasTags(["vip"]))
        >>> p.target_for(Priority.URGENT, Metric.FIRST_REPLY).within
        datetime.timedelta(seconds=1800)
        >>> p.target_for(Priority.LOW, Metric.FIRST_REPLY) is None
        True
    """

    name: str = attrs.field(converter=_name)
    targets: dict[Priority, tuple[Target, ...]] = attrs.field(converter=_targets)
    condition: Condition = attrs.field(factory=Always, validator=is_condition)
    calendar: BusinessCalendar = attrs.field(
        factory=BusinessCalendar.always, validator=attrs.validators.instance_of(BusinessCalendar)
    )
    pause: frozenset[Status] = attrs.field(default=frozenset({Status.PENDING}), converter=_pause)
    reopen: str = attrs.field(default="final", converter=_reopen)
    warn_at: tuple[float, ...] = attrs.field(default=(0.5, 0.75), converter=_warn_at)
    _index: dict[tuple[Priority, Metric], tuple[Target, BusinessCalendar]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, factory=dict
    )
    _metrics: tuple[Metric, ...] = attrs.field(
        init=False, eq=False, repr=False, hash=False, default=()
    )
    _paused: dict[Metric, frozenset[Status]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        index = {
            (prio, t.metric): (t, t.calendar_in(self.calendar))
            for prio, ts in self.targets.items()
            for t in ts
        }
        object.__setattr__(self, "_index", index)
        object.__setattr__(
            self, "_metrics", tuple(m for m in Metric if any(k[1] is m for k in index))
        )
        object.__setattr__(self, "_paused", {m: self.pause | _NEVER_COUNTS[m] for m in Metric})

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """The metrics this policy has a target for, at any priority.

        Examples:
            >>> SLAPolicy("p", {"low": [Target("resolution", "3d")]}).metrics
            (<Metric.RESOLUTION: 'resolution'>,)
        """
        return self._metrics

    def target_for(self, priority: Priority, metric: Metric) -> Target | None:
        """The target for ``metric`` at ``priority``, or ``None``.

        Examples:
            >>> p = SLAPolicy("p", {"high": [Target("first_reply", "1h")]})
            >>> p.target_for(Priority.HIGH, Metric.FIRST_REPLY).within
            datetime.timedelta(seconds=3600)
        """
        hit = self._index.get((priority, metric))
        return hit[0] if hit else None

    def applies_to(self, history: TicketHistory) -> bool:
        """Whether the policy's condition matches the history's ticket (as created).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> p = SLAPolicy("chat", {"normal": []}, condition=ChannelIn(["chat"]))
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p.applies_to(TicketHistory(Ticket("T", t0, channel="email"), []))
            False
        """
        return self.condition.matches(history.ticket)

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], calendars: Mapping[str, BusinessCalendar] | None = None
    ) -> SLAPolicy:
        """Read a policy from config; errors name the field path.

        Keys: ``name``, ``condition``, ``calendar`` (mapping or name in ``calendars``;
        default 24/7), ``pause`` (statuses), ``reopen``, ``warn_at``, ``targets``
        (``{priority: [target, ...]}``, see ``Target.from_dict``).

        Examples:
            >>> SLAPolicy.from_dict({"name": "p", "targets": {"urgent": [
            ...     {"metric": "first_reply", "within": "soon"}]}})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: targets.urgent[0].within: cannot read duration 'soon'; ...
        """  # noqa: E501
        if not isinstance(data, Mapping):
            raise ConfigError(f"a policy must be a mapping, got {data!r}")
        _no_unknown(
            data, ("name", "condition", "calendar", "pause", "reopen", "warn_at", "targets")
        )
        if "name" not in data:
            raise ConfigError("missing", path="name")
        if "targets" not in data:
            raise ConfigError("missing", path="targets")
        kw: dict[str, Any] = {}
        try:
            kw["name"] = _name(data["name"])
        except ConfigError as exc:
            raise exc.at("name") from None
        kw["targets"] = _targets_from_config(data["targets"], calendars)
        for key, read in (
            ("condition", condition_from_dict),
            ("calendar", lambda v: _calendar_ref(v, calendars)),
            ("pause", _pause),
            ("reopen", _reopen),
            ("warn_at", _warn_at),
        ):
            if key in data:
                try:
                    value = read(data[key])
                except ConfigError as exc:
                    raise exc.at(key) from None
                if value is not None:
                    kw[key] = value
        return cls(**kw)

    def to_dict(self) -> dict[str, Any]:
        """The policy in the shape ``from_dict`` reads (calendars inline).

        Examples:
            >>> SLAPolicy("p", {"low": [Target("resolution", "3d")]}).to_dict()["targets"]
            {'low': [{'metric': 'resolution', 'within': '3d', 'time': 'business'}]}
        """
        return {
            "name": self.name,
            "condition": self.condition.to_dict(),
            "calendar": self.calendar.to_dict(),
            "pause": sorted(s.value for s in self.pause),
            "reopen": self.reopen,
            "warn_at": list(self.warn_at),
            "targets": {p.value: [t.to_dict() for t in ts] for p, ts in self.targets.items()},
        }


def _targets_from_config(
    value: Any, calendars: Mapping[str, BusinessCalendar] | None
) -> dict[Priority, tuple[Target, ...]]:
    if not isinstance(value, Mapping):
        raise ConfigError(
            f"targets must map a priority to a list of targets, got {value!r}", path="targets"
        )
    built: dict[str, list[Target]] = {}
    for key, items in value.items():
        if isinstance(items, Mapping) or not isinstance(items, list | tuple):
            raise ConfigError(f"expected a list of targets, got {items!r}", path=f"targets.{key}")
        built[str(key)] = []
        for i, item in enumerate(items):
            try:
                built[str(key)].append(Target.from_dict(item, calendars))
            except ConfigError as exc:
                raise exc.at(f"targets.{key}[{i}]") from None
    try:
        return _targets(built)
    except ConfigError as exc:
        raise exc.at("targets") from None


def _policies(value: Iterable[SLAPolicy]) -> tuple[SLAPolicy, ...]:
    out = tuple(value)
    names: set[str] = set()
    for i, p in enumerate(out):
        if not isinstance(p, SLAPolicy):
            raise ConfigError(f"expected an SLAPolicy, got {p!r}", path=f"policies[{i}]")
        if p.name in names:
            raise ConfigError(f"duplicate policy name {p.name!r}", path=f"policies[{i}].name")
        names.add(p.name)
    return out


@attrs.frozen
class PolicySet:
    """Ordered SLA policies: the first whose condition matches a ticket applies.

    Examples:
        >>> ps = PolicySet.from_toml('''
        ... [[policies]]
        ... name = "vip"
        ... condition = { tags = ["vip"] }
        ... targets.normal = [{ metric = "first_reply", within = "1h" }]
        ... [[policies]]
        ... name = "default"
        ... targets.normal = [{ metric = "first_reply", within = "8h" }]
        ... ''')
        >>> [p.name for p in ps.policies]
        ['vip', 'default']
    """

    policies: tuple[SLAPolicy, ...] = attrs.field(converter=_policies)

    def policy_for(self, history: TicketHistory) -> SLAPolicy | None:
        """The first policy whose condition matches the ticket, or ``None``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> ps = PolicySet([SLAPolicy("vip", {}, condition=HasTags(["vip"])),
            ...                 SLAPolicy("default", {})])
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> ps.policy_for(TicketHistory(Ticket("T", t0, tags=["vip"]), [])).name
            'vip'
        """
        for p in self.policies:
            if p.condition.matches(history.ticket):
                return p
        return None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PolicySet:
        """Read ``{"calendars": {name: calendar}, "policies": [policy, ...]}``.

        Policies and targets may name a calendar from ``calendars`` instead of repeating it.
        Errors name the field path, e.g. ``policies[1].targets.urgent[0].within``.

        Examples:
            >>> PolicySet.from_dict({"policies": [{"name": "a", "targets": {}},
            ...     {"name": "b", "targets": {"urgent": [{"metric": "first_reply", "within": -1}]}}]})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: policies[1].targets.urgent[0].within: duration must be positive, got -1
        """  # noqa: E501
        if not isinstance(data, Mapping):
            raise ConfigError(f"a policy set must be a mapping, got {type(data).__name__}")
        _no_unknown(data, ("calendars", "policies"))
        calendars: dict[str, BusinessCalendar] = {}
        raw_cals = data.get("calendars", {})
        if not isinstance(raw_cals, Mapping):
            raise ConfigError("expected a mapping of name to calendar", path="calendars")
        for name, cal in raw_cals.items():
            try:
                calendars[str(name)] = BusinessCalendar.from_dict(cal)
            except ConfigError as exc:
                raise exc.at(f"calendars.{name}") from None
        raw = data.get("policies")
        if not isinstance(raw, list | tuple) or not raw:
            raise ConfigError("expected a non-empty list of policies", path="policies")
        policies = []
        for i, item in enumerate(raw):
            try:
                policies.append(SLAPolicy.from_dict(item, calendars))
            except ConfigError as exc:
                raise exc.at(f"policies[{i}]") from None
        return cls(policies)

    @classmethod
    def from_toml(cls, text: str) -> PolicySet:
        """Read a policy set from TOML text (see ``from_dict`` for the shape).

        Examples:
            >>> PolicySet.from_toml('policies = [{ name = "all", targets = {} }]').policies[0].name
            'all'
        """
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"not valid TOML: {exc}") from None
        return cls.from_dict(data)

    @classmethod
    def from_json(cls, text: str) -> PolicySet:
        """Read a policy set from JSON text (see ``from_dict`` for the shape).

        Examples:
            >>> PolicySet.from_json('{"policies": [{"name": "all", "targets": {}}]}').policies[0].name
            'all'
        """  # noqa: E501
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"not valid JSON: {exc}") from None
        return cls.from_dict(data)

    @classmethod
    def from_file(cls, path: str | PathLike[str]) -> PolicySet:
        """Read a ``.toml`` or ``.json`` policy file (the format follows the suffix).

        Examples:
            >>> import tempfile
            >>> with tempfile.TemporaryDirectory() as d:
            ...     path = Path(d) / "policies.json"
            ...     _ = path.write_text('{"policies": [{"name": "all", "targets": {}}]}')
            ...     print(PolicySet.from_file(path).policies[0].name)
            all
        """
        p = Path(path)
        text = p.read_text(encoding="utf-8")
        return cls.from_json(text) if p.suffix.lower() == ".json" else cls.from_toml(text)

    def to_dict(self) -> dict[str, Any]:
        """The set in the shape ``from_dict`` reads (calendars inline).

        Examples:
            >>> ps = PolicySet([SLAPolicy("p", {"low": [Target("resolution", "3d")]})])
            >>> PolicySet.from_dict(ps.to_dict()) == ps
            True
        """
        return {"policies": [p.to_dict() for p in self.policies]}


# --- measurements ------------------------------------------------------------------------------


@attrs.frozen
class Measurement:
    """One SLA clock of one ticket, evaluated at an instant.

    Every instant is in UTC (the clocks compute in UTC so the repeated hour of a DST change
    cannot reorder events); convert with ``astimezone`` for display.

    ``elapsed`` is the clock's counted time (business time on its calendar, minus pauses) up
    to ``evaluated_at`` or to the instant it stopped; ``remaining`` is ``target.within -
    elapsed`` (negative once overdue). ``due_at`` is ``None`` while paused. ``breached_at`` is
    the first instant the clock was past the target in force: ``due_at``, or the priority
    change that made ``due_at`` retroactive. ``cycle`` numbers the clocks of a metric that runs more
    than once per ticket (``next_reply``, ``periodic_update``), from 0. ``warnings`` pairs each
    warning fraction with the instant it was or will be crossed (``None``: not crossed before
    the clock stopped, or not known while paused). ``target_since`` is when the target in force
    took effect: ``started_at``, or the priority change that set it. A threshold that change
    made retroactive is crossed at the change (at the next opening, for a business-hours
    clock), never before it -- the same rule as ``breached_at``.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
        >>> (m,) = evaluate(p, TicketHistory(Ticket("T", t0), []), at=t0 + timedelta(hours=3))
        >>> m.state.value, m.remaining, [w.isoformat() for _, w in m.warnings]
        ('active', datetime.timedelta(seconds=3600), ['2026-03-02T11:00:00+00:00', '2026-03-02T12:00:00+00:00'])
    """  # noqa: E501

    ticket_id: str
    policy: str
    metric: Metric
    target: Target
    priority: Priority
    state: MeasurementState
    started_at: datetime
    due_at: datetime | None
    elapsed: timedelta
    remaining: timedelta
    evaluated_at: datetime
    stopped_at: datetime | None = None
    achieved_at: datetime | None = None
    breached_at: datetime | None = None
    cycle: int = 0
    warn_at: tuple[float, ...] = (0.5, 0.75)
    calendar: BusinessCalendar = attrs.field(default=_ALWAYS, repr=False)
    spans: tuple[Span, ...] = attrs.field(default=(), repr=False)
    target_since: datetime | None = None

    def instant_at(self, fraction: float) -> datetime | None:
        """When the clock reaches ``fraction`` of its target (past or projected).

        Projection assumes the clock keeps running after ``evaluated_at``; ``None`` when the
        clock is paused (or stopped) before getting there, so the instant is not known. After a
        priority change, never before the change (see ``target_since``).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import PriorityChange, Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "8h", business=False)],
            ...                     "urgent": [Target("first_reply", "2h", business=False)]})
            >>> raise_ = PriorityChange("c", t0 + timedelta(hours=1, minutes=30), priority="urgent")
            >>> (m,) = evaluate(p, TicketHistory(Ticket("T", t0), [raise_]))
            >>> m.instant_at(0.5).strftime("%H:%M")  # 1 h of 2 h, crossed when raised to urgent
            '10:30'
        """
        if fraction <= 0:
            return self.started_at
        x = clock_add(self.calendar, self.spans, self.target.within * fraction)
        since = self.target_since
        if x is not None and since is not None and x < since:
            # A priority change made the threshold retroactive: it is crossed at the change,
            # not in the past -- and, on a business calendar, not while the office is closed.
            x = since if self.calendar.is_always_open else self.calendar.add(since, timedelta(0))
        return x

    @property
    def warnings(self) -> tuple[tuple[float, datetime | None], ...]:
        """``(fraction, instant)`` for each warning threshold (see the class docs).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import AgentReply, Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
            >>> h = TicketHistory(Ticket("T", t0), [AgentReply("r", t0 + timedelta(hours=2, minutes=30))])
            >>> [(f, w and w.strftime("%H:%M")) for f, w in evaluate(p, h)[0].warnings]
            [(0.5, '11:00'), (0.75, None)]
        """  # noqa: E501
        out = []
        for f in self.warn_at:
            x = self.instant_at(f)
            if x is not None and self.stopped_at is not None and x >= self.stopped_at:
                x = None
            out.append((f, x))
        return tuple(out)

    @property
    def is_final(self) -> bool:
        """Whether the state is ``achieved`` or ``breached``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h")]})
            >>> evaluate(p, TicketHistory(Ticket("T", t0), []))[0].is_final  # still running
            False
        """
        return self.state.is_final


def _running_spans(
    timeline: Sequence[tuple[datetime, Status]],
    paused: frozenset[Status],
    start: datetime,
    end: datetime,
) -> tuple[list[Span], Status]:
    """Un-paused spans of ``[start, end)`` and the status in force at ``end``."""
    spans: list[Span] = []
    n = len(timeline)
    status_at_end = timeline[0][1]
    for i in range(n):
        t, status = timeline[i]
        if t > end:
            break
        status_at_end = status
        nxt = timeline[i + 1][0] if i + 1 < n else None
        lo = t if t > start else start
        hi = end if nxt is None or nxt > end else nxt
        if lo >= hi or status in paused:
            continue
        if spans and spans[-1][1] == lo:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans, status_at_end


def _open_end(spans: list[Span], at: datetime) -> tuple[Span, ...]:
    """Let the clock run on from ``at`` (for deadlines and projections)."""
    if spans and spans[-1][1] == at:
        return (*spans[:-1], (spans[-1][0], None))
    return (*spans, (at, None))


class _Facts:
    """What one pass over a history's events (up to the horizon) finds."""

    __slots__ = ("first_reply", "next_reply", "periodic", "prios", "solves", "status", "timeline")

    def __init__(self, history: TicketHistory, horizon: datetime) -> None:
        ticket = history.ticket
        status = Status.NEW
        created = ticket.created_at.astimezone(UTC)
        timeline: list[tuple[datetime, Status]] = [(created, status)]
        prios: list[tuple[datetime, Priority]] = [(created, ticket.priority)]
        solves: list[datetime] = []
        next_reply: list[tuple[datetime, datetime | None]] = []
        periodic: list[tuple[datetime, datetime | None]] = []
        first_reply: datetime | None = None
        fr_done = False
        skip = 1 if ticket.created_by_agent else 0
        replies = 0
        nr_open: datetime | None = None
        nr_waiting = False
        pu_open: datetime | None = None
        for ev in history.events:
            # UTC throughout: datetimes sharing a zone compare and subtract by wall clock,
            # which gets the repeated hour of a DST fall-back wrong.
            at = ev.at.astimezone(UTC)
            if at > horizon:
                break
            kind = type(ev)
            if kind is AgentReply:
                if not fr_done:
                    if replies == skip:
                        first_reply, fr_done = at, True
                elif nr_open is not None:
                    next_reply.append((nr_open, at))
                    nr_open = None
                nr_waiting = False
                replies += 1
                if pu_open is not None:
                    periodic.append((pu_open, at))
                    pu_open = None
                if status not in _RESOLVED:
                    pu_open = at
            elif kind is CustomerMessage:
                if fr_done and nr_open is None:
                    if status in _RESOLVED:
                        # Answered once the ticket is reopened, if it ever is.
                        nr_waiting = True
                    else:
                        nr_open = at
            elif kind is StatusChange or kind is Reopen:
                new = ev.status if isinstance(ev, StatusChange) else Status.OPEN
                if new is status:
                    continue
                if new in _RESOLVED and status not in _RESOLVED:
                    solves.append(at)
                    if not fr_done:
                        first_reply, fr_done = at, True
                    if nr_open is not None:
                        if nr_open < at:
                            next_reply.append((nr_open, at))
                        nr_open = None
                    if pu_open is not None:
                        if pu_open < at:
                            periodic.append((pu_open, at))
                        pu_open = None
                    nr_waiting = False
                elif status in _RESOLVED and new not in _RESOLVED and nr_waiting:
                    nr_open, nr_waiting = at, False
                status = new
                timeline.append((at, new))
            elif kind is PriorityChange:
                assert isinstance(ev, PriorityChange)
                prios.append((at, ev.priority))
        if nr_open is not None:
            next_reply.append((nr_open, None))
        if pu_open is not None:
            periodic.append((pu_open, None))
        self.first_reply = first_reply
        self.next_reply = next_reply
        self.periodic = periodic
        self.prios = prios
        self.solves = solves
        self.status = status
        self.timeline = timeline


def _priority_segments(
    prios: Sequence[tuple[datetime, Priority]], start: datetime, end: datetime
) -> list[tuple[Priority, datetime, datetime]]:
    """``(priority, since, until)`` pieces covering ``[start, end]``, the last one up to ``end``."""
    current = prios[0][1]
    since = start
    out: list[tuple[Priority, datetime, datetime]] = []
    for t, p in prios[1:]:
        if t <= start:
            current = p
        elif t <= end:
            if p is not current:
                out.append((current, since, t))
                current, since = p, t
        else:
            break
    out.append((current, since, end))
    return out


def _measure(
    policy: SLAPolicy,
    facts: _Facts,
    ticket_id: str,
    metric: Metric,
    cycle: int,
    start: datetime,
    stop: datetime | None,
    horizon: datetime,
) -> Measurement | None:
    index = policy._index
    segments = _priority_segments(facts.prios, start, stop if stop is not None else horizon)
    if all((p, metric) not in index for p, _, _ in segments):
        return None
    end = stop if stop is not None else horizon
    paused = policy._paused[metric]
    spans, status_at_end = _running_spans(facts.timeline, paused, start, end)
    projected = _open_end(spans, end)
    running = stop is None and status_at_end not in paused
    clock_spans = projected if stop is not None or running else tuple(spans)
    last_used: timedelta | None = None
    for prio, since, until in segments:
        hit = index.get((prio, metric))
        if hit is None:
            continue
        target, cal = hit
        used = clock_elapsed(cal, spans, until)
        last_used = used
        if used > target.within:
            due = clock_add(cal, projected, target.within)
            # The first instant the clock is past the target in force: the deadline itself,
            # or, when a priority change made the deadline retroactive, the change.
            assert due is not None
            breached = due if due >= since else since
            elapsed = used if until == end else clock_elapsed(cal, spans, end)
            return Measurement(
                ticket_id,
                policy.name,
                metric,
                target,
                prio,
                MeasurementState.BREACHED,
                start,
                due,
                elapsed,
                target.within - elapsed,
                horizon,
                stop,
                None,
                breached,
                cycle,
                policy.warn_at,
                cal,
                clock_spans,
                since,
            )
    prio, since = segments[-1][0], segments[-1][1]
    hit = index.get((prio, metric))
    if hit is None:
        return None
    target, cal = hit
    # The last segment ends at ``end`` and has just been measured on this target's calendar.
    elapsed = last_used if last_used is not None else clock_elapsed(cal, spans, end)
    if stop is not None:
        state = MeasurementState.ACHIEVED
        due = clock_add(cal, projected, target.within)
    elif running:
        state = MeasurementState.ACTIVE
        due = clock_add(cal, projected, target.within)
    else:
        state = MeasurementState.PAUSED
        due = None
    return Measurement(
        ticket_id,
        policy.name,
        metric,
        target,
        prio,
        state,
        start,
        due,
        elapsed,
        target.within - elapsed,
        horizon,
        stop,
        stop,
        None,
        cycle,
        policy.warn_at,
        cal,
        clock_spans,
        since,
    )


def _evaluate_policy(
    policy: SLAPolicy, history: TicketHistory, at: datetime | None
) -> tuple[Measurement, ...]:
    created = history.ticket.created_at.astimezone(UTC)
    if at is None:
        horizon = history.last_event_at.astimezone(UTC)
    else:
        horizon = require_aware(at, "at").astimezone(UTC)
        if horizon < created:
            return ()
    complete = horizon >= history.last_event_at.astimezone(UTC)
    facts = _Facts(history, horizon)
    tid = history.ticket.id
    out: list[Measurement] = []
    for metric in policy._metrics:
        cycles: Sequence[tuple[datetime, datetime | None]]
        if metric is Metric.FIRST_REPLY:
            cycles = ((created, facts.first_reply),)
        elif metric is Metric.NEXT_REPLY:
            cycles = facts.next_reply
        elif metric is Metric.PERIODIC_UPDATE:
            cycles = facts.periodic
        else:
            stop: datetime | None = None
            if policy.reopen == "first":
                stop = facts.solves[0] if facts.solves else None
            elif complete and facts.status.is_resolved:
                # Nothing happens after the horizon: the last resolution is the final one.
                stop = facts.solves[-1]
            cycles = ((created, stop),)
        for i, (start, stop_at) in enumerate(cycles):
            m = _measure(policy, facts, tid, metric, i, start, stop_at, horizon)
            if m is not None:
                out.append(m)
    return tuple(out)


def evaluate(
    policy_or_set: SLAPolicy | PolicySet, history: TicketHistory, at: datetime | None = None
) -> tuple[Measurement, ...]:
    """Measure ``history`` against a policy (or the first matching policy of a set).

    With ``at``, only events up to ``at`` count and running clocks are measured up to ``at``.
    Without it, clocks are measured up to the history's last event. Before the last event
    the view is live: with ``reopen="final"`` a solved ticket's resolution clock is
    ``paused`` (it may still be reopened); at or after the last event the history has ended
    and its last resolution is final (``achieved`` or ``breached``). A ticket no policy
    matches, or created after ``at``, gives ``()``.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})
        >>> h = TicketHistory(Ticket("T", t0), [AgentReply("r", t0 + timedelta(hours=1))])
        >>> [(m.metric, m.state) for m in evaluate(p, h)]  # a reply exactly at the deadline
        [(<Metric.FIRST_REPLY: 'first_reply'>, <MeasurementState.ACHIEVED: 'achieved'>)]
    """
    if not isinstance(history, TicketHistory):
        raise InputTypeError(f"history: expected a TicketHistory, got {type(history).__name__}")
    if isinstance(policy_or_set, PolicySet):
        policy = policy_or_set.policy_for(history)
        if policy is None:
            return ()
    elif isinstance(policy_or_set, SLAPolicy):
        policy = policy_or_set
        if not policy.condition.matches(history.ticket):
            return ()
    else:
        raise InputTypeError(
            f"expected an SLAPolicy or PolicySet, got {type(policy_or_set).__name__}"
        )
    return _evaluate_policy(policy, history, at)


def evaluate_many(
    policy_or_set: SLAPolicy | PolicySet,
    histories: Iterable[TicketHistory],
    at: datetime | None = None,
) -> Iterator[Measurement]:
    """Stream the measurements of many histories, holding one ticket at a time.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})
        >>> hs = (TicketHistory(Ticket(f"T{i}", t0), []) for i in range(3))
        >>> [m.ticket_id for m in evaluate_many(p, hs)]
        ['T0', 'T1', 'T2']
    """
    for history in histories:
        yield from evaluate(policy_or_set, history, at)
