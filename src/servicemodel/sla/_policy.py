"""Private: SLA policy values -- targets, policies, and ordered policy sets.

A [`Target`][servicemodel.sla.Target] says what must happen within how long; an
[`SLAPolicy`][servicemodel.sla.SLAPolicy] groups targets per priority with a condition, a
calendar and pause statuses; a [`PolicySet`][servicemodel.sla.PolicySet] orders policies, the
first matching one applying. Each reads its configuration through the one config layer
([`Configurable`][servicemodel._config.Configurable]), so ``from_toml``, ``from_json`` and
``from_file`` come with ``from_dict``.

Examples:
    >>> SLAPolicy("p", {"low": [Target("resolution", "3d")]}).metrics
    (<Metric.RESOLUTION: 'resolution'>,)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any, Self

import attrs

from servicemodel._config import Configurable, as_list, as_mapping, fields, join, safe_repr
from servicemodel._validators import instance_of, one_or_many, require_type
from servicemodel.calendar import BusinessCalendar, CalendarLike
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.model import Priority, Status, Ticket, TicketHistory
from servicemodel.sla._clock import counting
from servicemodel.sla._condition import Always, Condition, is_condition
from servicemodel.sla._config import (
    calendar_ref,
    calendar_to_dict,
    condition_from_dict,
    read_automated,
    read_calendars,
    read_name,
    read_pause,
    read_pause_items,
    read_pause_labels,
    read_reopen,
    read_warn_at,
    require_calendar,
)
from servicemodel.sla._measurement import NEVER_COUNTS, Metric
from servicemodel.sla._prio_labels import PREFIX, TargetKey, key_for, key_text, read_target_key
from servicemodel.sla._select import CalendarSelector, read_calendar_from
from servicemodel.sla._target import Target

__all__ = ["PolicySet", "SLAPolicy", "Target"]

_ALWAYS = BusinessCalendar.always()
#: One target of a policy as the engine measures it: its metric, the target, its calendar, the
#: statuses that pause its clock, how its clock counts on the calendar (``_clock.counting``)
#: and the target in microseconds.
PlainClock = tuple[Metric, Target, CalendarLike, frozenset[Status], int, int]
_ONE_US = timedelta(microseconds=1)
_POLICY_KEYS = ("name", "targets")
_POLICY_OPTIONAL = (
    "condition",
    "calendar",
    "calendar_from",
    "pause",
    "reopen",
    "warn_at",
    "automated_replies",
)
#: How ``to_dict`` writes a source label in the ``pause`` list (``read_pause_items`` reads it).
_LABEL = "label:"


def _checked_targets(key: Any, prio: TargetKey, items: Any) -> tuple[Target, ...]:
    """One priority's (or source label's) targets: ``Target`` values, at most one per metric."""
    targets = tuple(one_or_many(items, Target, "targets"))
    seen: set[Metric] = set()
    for i, t in enumerate(targets):
        if not isinstance(t, Target):
            raise ConfigError(f"expected a Target, got {safe_repr(t)}", path=join(str(key), i))
        if t.metric in seen:
            raise ConfigError(
                f"a second {t.metric.value!r} target for priority {key_text(prio)!r}",
                path=join(join(str(key), i), "metric"),
            )
        seen.add(t.metric)
    return targets


def _targets(value: Any) -> dict[TargetKey, tuple[Target, ...]]:
    if not isinstance(value, Mapping):
        raise ConfigError(
            f"targets must map a priority to a list of targets, got {safe_repr(value)}"
        )
    out: dict[TargetKey, tuple[Target, ...]] = {}
    for key, items in value.items():
        prio = read_target_key(key, str(key))
        out[prio] = _checked_targets(key, prio, items)
    return out


def _targets_from_dict(
    value: Any, calendars: Mapping[str, CalendarLike] | None, path: str
) -> dict[TargetKey, tuple[Target, ...]]:
    """``{priority: [target, ...]}`` read from config, every error under ``path``."""
    table = as_mapping(value, path, "a table of priority to a list of targets")
    built: dict[str, tuple[Target, ...]] = {}
    for key, items in table.items():
        here = join(path, key)
        read_target_key(key, here)
        listed = as_list(items, here, "a list of targets")
        built[key] = tuple(
            Target.from_dict(item, calendars, path=join(here, i)) for i, item in enumerate(listed)
        )
    try:
        return _targets(built)
    except ConfigError as exc:
        raise exc.at(path) from None


def _pause(value: Any) -> frozenset[Status]:
    return read_pause(value, path="pause")  # the field's path: errors say pause[0], not [0]


def _pause_labels(value: Any) -> frozenset[str]:
    return read_pause_labels(value, path="pause_labels")


def _reopen(value: Any) -> str:
    return read_reopen(value)


def _automated(value: Any) -> str:
    return read_automated(value)


def _warn_at(value: Any) -> tuple[float, ...]:
    return read_warn_at(value, "warn_at")


def _name(value: Any) -> str:
    return read_name(value)


def _calendar(_instance: Any, attribute: Any, value: Any) -> None:
    require_calendar(value, attribute.name)


@attrs.frozen
class SLAPolicy(Configurable):
    """A named SLA policy: which tickets, which calendar, what pauses, targets per priority.

    ``pause`` lists the statuses that stop every clock of the policy while the ticket is in
    them (default: pending); a paused clock resumes where it stopped. ``pause_labels`` lists
    source status names (``StatusChange.label``, e.g. an admin-defined ``"Awaiting Vendor"``)
    that pause them too, while the label of the ticket's last status change is one of them (a
    policy file writes them in ``pause`` as ``"label:Awaiting Vendor"``). ``reopen`` chooses how
    ``resolution``, ``requester_wait`` and ``agent_work`` treat a reopened ticket: ``"final"``
    (default) measures up to the final resolution, not counting the time spent resolved;
    ``"first"`` stops at the first resolution and ignores reopens. ``automated_replies``
    says whether an agent reply marked ``automated`` (a bot, an auto-responder) stops reply
    clocks: ``"count"`` (default) or ``"ignore"`` (it answers nobody). ``warn_at`` are the
    fractions of each target at which warnings are due (default 50 % and 75 %).
    ``calendar`` is any calendar of the calendar protocol: a ``BusinessCalendar``, a
    ``CombinedCalendar`` (``emea | americas``), a ``ScheduleHistory`` (hours that change), or
    a class of your own with ``is_always_open``, ``elapsed`` and ``add``.
    ``calendar_from`` (a [`CalendarSelector`][servicemodel.sla.CalendarSelector]) takes the
    calendar from a ticket field instead, such as its region; ``calendar`` is then the
    default, for tickets without the field (targets with their own calendar keep it).

    ``targets`` maps a priority, or a desk's own priority name as ``"label:NAME"``
    (``Ticket.priority_label``, ``PriorityChange.label``, e.g. ``"label:P0"``), to its
    targets. A ticket whose priority label in force has targets is measured by those (and only
    those), else by its category's; a label no ticket has is no error.

    Examples:
        >>> from servicemodel.model import Priority
        >>> p = SLAPolicy("vip", {"urgent": [Target("first_reply", "30m", business=False)]},
        ...               condition=HasTags(["vip"]))
        >>> p.target_for(Priority.URGENT, Metric.FIRST_REPLY).within
        datetime.timedelta(seconds=1800)
        >>> p.target_for(Priority.LOW, Metric.FIRST_REPLY) is None
        True
    """

    name: str = attrs.field(converter=_name)
    targets: dict[TargetKey, tuple[Target, ...]] = attrs.field(converter=_targets)
    condition: Condition = attrs.field(factory=Always, validator=is_condition)
    calendar: CalendarLike = attrs.field(factory=BusinessCalendar.always, validator=_calendar)
    pause: frozenset[Status] = attrs.field(default=frozenset({Status.PENDING}), converter=_pause)
    pause_labels: frozenset[str] = attrs.field(default=frozenset(), converter=_pause_labels)
    reopen: str = attrs.field(default="final", converter=_reopen)
    warn_at: tuple[float, ...] = attrs.field(default=(0.5, 0.75), converter=_warn_at)
    automated_replies: str = attrs.field(default="count", converter=_automated)
    calendar_from: CalendarSelector | None = attrs.field(
        default=None, validator=instance_of(CalendarSelector, optional=True)
    )
    _index: dict[tuple[TargetKey, Metric], tuple[Target, CalendarLike]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, factory=dict
    )
    _metrics: tuple[Metric, ...] = attrs.field(
        init=False, eq=False, repr=False, hash=False, default=()
    )
    _paused: dict[Metric, frozenset[Status]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, factory=dict
    )
    _variants: dict[str, SLAPolicy] = attrs.field(
        init=False, eq=False, repr=False, hash=False, factory=dict
    )
    _plain: dict[TargetKey, tuple[PlainClock, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, factory=dict
    )
    #: The source priority names with targets, and the key each (category, name) is measured by.
    _labels: frozenset[str] = attrs.field(
        init=False, eq=False, repr=False, hash=False, default=frozenset()
    )
    _keys: dict[tuple[Priority, str], TargetKey] = attrs.field(
        init=False, eq=False, repr=False, hash=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        # Lookups the engine reads for every ticket, built once per policy.
        index = {
            (prio, t.metric): (t, t.calendar_in(self.calendar))
            for prio, ts in self.targets.items()
            for t in ts
        }
        object.__setattr__(self, "_index", index)
        object.__setattr__(
            self, "_metrics", tuple(m for m in Metric if any(k[1] is m for k in index))
        )
        object.__setattr__(self, "_paused", {m: self.pause | NEVER_COUNTS[m] for m in Metric})
        # Per priority, in metric order, what measuring one clock of each target reads
        # together (see ``_plain.measure_plain``).
        plain = {
            prio: tuple(
                (m, t, cal, self._paused[m], counting(cal), t.within // _ONE_US)
                for m in self._metrics
                if (prio, m) in index
                for t, cal in (index[prio, m],)
            )
            for prio in (*Priority, *(k for k in self.targets if not isinstance(k, Priority)))
        }
        object.__setattr__(self, "_plain", plain)
        labels = frozenset(k[len(PREFIX) :] for k in self.targets if not isinstance(k, Priority))
        object.__setattr__(self, "_labels", labels)

    def target_key(self, priority: Priority, label: str | None) -> TargetKey:
        """The targets key a ticket at ``priority`` with source ``label`` is measured by.

        ``"label:NAME"`` when this policy has targets for the label that differ from the
        category's, else ``priority`` itself.

        Examples:
            >>> from servicemodel.model import Priority
            >>> p = SLAPolicy("p", {"urgent": [Target("first_reply", "1h")],
            ...                     "label:P0": [Target("first_reply", "15m")]})
            >>> p.target_key(Priority.URGENT, "P0"), p.target_key(Priority.URGENT, "Highest")
            ('label:P0', <Priority.URGENT: 'urgent'>)
        """
        if label is None or not self._labels:
            return priority
        return key_for(self._index, self._labels, self._keys, priority, label)

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """The metrics this policy has a target for, at any priority.

        Examples:
            >>> SLAPolicy("p", {"low": [Target("resolution", "3d")]}).metrics
            (<Metric.RESOLUTION: 'resolution'>,)
        """
        return self._metrics

    def target_for(self, priority: TargetKey, metric: Metric) -> Target | None:
        """The target for ``metric`` at ``priority`` (or a ``"label:NAME"`` key), or ``None``.

        Examples:
            >>> from servicemodel.model import Priority
            >>> p = SLAPolicy("p", {"high": [Target("first_reply", "1h")]})
            >>> p.target_for(Priority.HIGH, Metric.FIRST_REPLY).within
            datetime.timedelta(seconds=3600)
        """
        try:
            hit = self._index.get((priority, metric))
        except TypeError:  # unhashable: no priority or metric at all
            raise InputTypeError(
                f"target_for: expected a priority and a metric, got {safe_repr(priority)} and "
                f"{safe_repr(metric)}"
            ) from None
        return hit[0] if hit else None

    def applies_to(self, history: TicketHistory) -> bool:
        """Whether the policy's condition matches the history's ticket (as created).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> p = SLAPolicy("chat", {"normal": []}, condition=ChannelIn(["chat"]))
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p.applies_to(TicketHistory(Ticket("T", t0, channel="email"), []))
            False
        """
        return self.condition.matches(require_type(history, TicketHistory, "history").ticket)

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        calendars: Mapping[str, CalendarLike] | None = None,
        *,
        path: str = "",
    ) -> Self:
        """Read a policy from config; errors name the field path.

        Keys: ``name``, ``condition``, ``calendar`` (mapping or name in ``calendars``;
        default 24/7), ``calendar_from`` (``"attr:NAME"``, ``"channel"`` or ``"requester"``,
        choosing among ``calendars``; see ``CalendarSelector``), ``pause`` (statuses, and
        source labels as ``"label:NAME"``), ``reopen``, ``warn_at``, ``automated_replies``,
        ``targets`` (``{priority: [target, ...]}``, see ``Target.from_dict``; a key may be
        ``"label:NAME"``, a priority name of the source).

        Examples:
            >>> SLAPolicy.from_dict({"name": "p", "targets": {"urgent": [
            ...     {"metric": "first_reply", "within": "soon"}]}})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: targets.urgent[0].within: cannot read duration 'soon'; ...
        """  # noqa: E501
        table = fields(data, path=path, required=_POLICY_KEYS, optional=_POLICY_OPTIONAL)
        kw: dict[str, Any] = {
            "name": read_name(table["name"], join(path, "name")),
            "targets": _targets_from_dict(table["targets"], calendars, join(path, "targets")),
        }
        readers: dict[str, Callable[[Any, str], Any]] = {
            "condition": condition_from_dict,
            "calendar": lambda v, at: calendar_ref(v, calendars, at),
            "reopen": read_reopen,
            "automated_replies": read_automated,
            "warn_at": read_warn_at,
            "calendar_from": lambda v, at: read_calendar_from(v, calendars, at),
        }
        for key, read in readers.items():
            if key in table:
                value = read(table[key], join(path, key))
                if value is not None:
                    kw[key] = value
        if "pause" in table:
            kw["pause"], kw["pause_labels"] = read_pause_items(table["pause"], join(path, "pause"))
        return cls(**kw)

    def to_dict(self) -> dict[str, Any]:
        """The policy in the shape ``from_dict`` reads (calendars inline).

        Examples:
            >>> SLAPolicy("p", {"low": [Target("resolution", "3d")]}).to_dict()["targets"]
            {'low': [{'metric': 'resolution', 'within': '3d', 'time': 'business'}]}
        """
        out: dict[str, Any] = {
            "name": self.name,
            "condition": self.condition.to_dict(),
            "calendar": calendar_to_dict(self.calendar, join(self.name, "calendar")),
            "pause": [
                *sorted(s.value for s in self.pause),
                *(_LABEL + label for label in sorted(self.pause_labels)),
            ],
            "reopen": self.reopen,
            "warn_at": list(self.warn_at),
            "targets": {key_text(p): [t.to_dict() for t in ts] for p, ts in self.targets.items()},
        }
        if self.automated_replies != "count":  # written only when set, as before the option
            out["automated_replies"] = self.automated_replies
        if self.calendar_from is not None:
            out["calendar_from"] = self.calendar_from.to_dict()
        return out

    def for_ticket(self, ticket: Ticket) -> SLAPolicy:
        """This policy as it applies to ``ticket``: on the calendar its ``calendar_from`` picks.

        Without ``calendar_from``, or for a ticket without the selecting field, the policy
        itself. An unknown calendar name is a
        [`ConfigError`][servicemodel.errors.ConfigError] listing the known ones.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.calendar import BusinessCalendar
            >>> from servicemodel.model import Ticket
            >>> apac = BusinessCalendar.weekly("Asia/Singapore", {"mon-fri": "09:00-18:00"})
            >>> p = SLAPolicy("p", {}, calendar_from=CalendarSelector("attr:region", {"apac": apac}))
            >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), attributes={"region": "apac"})
            >>> p.for_ticket(t).calendar == apac, p.for_ticket(t).name
            (True, 'p')
        """  # noqa: E501
        selector = self.calendar_from
        if selector is None:
            return self
        name = selector.name_for(ticket)
        if name is None:
            return self
        found = self._variants.get(name)
        if found is None:
            # The same policy on the selected calendar; built once per name and kept.
            found = attrs.evolve(self, calendar=selector.calendars[name], calendar_from=None)
            self._variants[name] = found
        return found


def _policies(value: Iterable[SLAPolicy]) -> tuple[SLAPolicy, ...]:
    if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__iter__"):
        one_or_many(value, (), "policies")  # raises the shape error
    out = tuple(value)
    names: set[str] = set()
    for i, p in enumerate(out):
        here = join("policies", i)
        if not isinstance(p, SLAPolicy):
            raise ConfigError(f"expected an SLAPolicy, got {safe_repr(p)}", path=here)
        if p.name in names:
            raise ConfigError(f"duplicate policy name {p.name!r}", path=join(here, "name"))
        names.add(p.name)
    return out


@attrs.frozen
class PolicySet(Configurable):
    """Ordered SLA policies: the first whose condition matches a ticket applies.

    Read one from a file with ``PolicySet.from_file("policies.toml")`` (or ``.json``); errors
    then name the file and the field, e.g.
    ``policies.toml: policies[1].targets.urgent[0].within: ...``.

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
        >>> PolicySet.from_json('{"policies": [{"name": "all", "targets": {}}]}').policies[0].name
        'all'
    """

    policies: tuple[SLAPolicy, ...] = attrs.field(converter=_policies)

    def policy_for(self, history: TicketHistory) -> SLAPolicy | None:
        """The first policy whose condition matches the ticket as created, or ``None``.

        Zendesk, Freshdesk and Jira Service Management all apply the first matching policy
        (goal) in order. ``evaluate`` and ``TicketSLA`` match again after each change of a
        field a condition reads (priority, group, assignee).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> ps = PolicySet([SLAPolicy("vip", {}, condition=HasTags(["vip"])),
            ...                 SLAPolicy("default", {})])
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> ps.policy_for(TicketHistory(Ticket("T", t0, tags=["vip"]), [])).name
            'vip'
        """
        ticket = require_type(history, TicketHistory, "history").ticket
        for p in self.policies:
            if p.condition.matches(ticket):
                return p
        return None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
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
        table = fields(data, required=("policies",), optional=("calendars",), what="a policy set")
        calendars = read_calendars(table.get("calendars", {}), "calendars")
        listed = as_list(table["policies"], "policies", "a non-empty list of policies")
        if not listed:
            raise ConfigError("expected a non-empty list of policies", path="policies")
        return cls(
            SLAPolicy.from_dict(item, calendars, path=join("policies", i))
            for i, item in enumerate(listed)
        )

    def to_dict(self) -> dict[str, Any]:
        """The set in the shape ``from_dict`` reads (calendars inline).

        Examples:
            >>> ps = PolicySet([SLAPolicy("p", {"low": [Target("resolution", "3d")]})])
            >>> PolicySet.from_dict(ps.to_dict()) == ps
            True
        """
        return {"policies": [p.to_dict() for p in self.policies]}
