"""Private: ServiceStandards -- the standards of a support team, and what they compile into.

Examples:
    >>> s = ServiceStandards.from_toml('''
    ... name = "Acme"
    ... [quality]
    ... csat = 0.85
    ... [channels.email]
    ... first_reply = "8h"
    ... [channels.email.priority.urgent]
    ... first_reply = { within = "1h", time = "calendar", attainment = 0.95 }
    ... ''')
    >>> [p.name for p in s.policies().policies]
    ['email']
    >>> s.channels
    ('email',)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Self

import attrs

from servicemodel._config import Configurable, as_list, as_mapping, fields, join, safe_repr
from servicemodel._numbers import column_hint, percent_hint, real_number
from servicemodel._validators import (
    instance_of,
    require_iterable,
    require_nonblank,
    require_type,
)
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, GoalError, InputTypeError
from servicemodel.goals import SmartGoal
from servicemodel.model import KNOWN_CHANNELS, Priority, Status
from servicemodel.sla import ChannelIn, Metric, PolicySet, SLAPolicy, Target
from servicemodel.sla._shared import (
    calendar_from_dict,
    format_duration,
    read_business_time,
    read_pause,
)
from servicemodel.standards._values import (
    QUALITY_METRICS,
    QualityBenchmark,
    ResponseStandard,
    _metric,
    _share,
)

__all__ = ["GOAL_KPIS", "ServiceStandards"]

_METRICS = tuple(m.value for m in Metric)
_CHANNEL_KEYS = (*_METRICS, "priority", "quality", "attainment", "calendar")
_TOP_KEYS = (
    "name",
    "channels",
    "quality",
    "quality_per_channel",
    "attainment",
    "calendar",
    "pause",
    "extra_channels",
)
_TARGET_KEYS = ("within", "time", "attainment", "calendar")
_PRIORITIES = tuple(Priority)
_METRIC_ORDER = tuple(Metric)
_QUALITY_ORDER = tuple(QUALITY_METRICS)
#: The quality metrics a compiled SMART goal can name (those the goals report computes).
GOAL_KPIS = {"csat": "share", "nps": "points", "reopen_rate": "share", "resolution_rate": "share"}


def _responses(value: Iterable[ResponseStandard]) -> tuple[ResponseStandard, ...]:
    out = tuple(require_iterable(value, "response"))
    seen: dict[tuple[str, Metric, Priority | None], int] = {}
    for i, s in enumerate(out):
        if not isinstance(s, ResponseStandard):
            raise InputTypeError(f"response[{i}]: expected a ResponseStandard, got {safe_repr(s)}")
        key = (s.channel, s.metric, s.priority)
        if key in seen:
            prio = f" at priority {s.priority.value!r}" if s.priority else ""
            raise ConfigError(
                f"a second {s.metric.value!r} standard for channel {s.channel!r}{prio} "
                f"(also response[{seen[key]}])",
                path=join("response", i),
            )
        seen[key] = i
    return out


def _qualities(value: Iterable[QualityBenchmark]) -> tuple[QualityBenchmark, ...]:
    out = tuple(require_iterable(value, "quality"))
    seen: set[tuple[str | None, str]] = set()
    for i, b in enumerate(out):
        if not isinstance(b, QualityBenchmark):
            raise InputTypeError(f"quality[{i}]: expected a QualityBenchmark, got {safe_repr(b)}")
        if (b.channel, b.metric) in seen:
            raise ConfigError(
                f"a second {b.metric!r} benchmark for {b.channel or 'all channels'}",
                path=join("quality", i),
            )
        seen.add((b.channel, b.metric))
    return out


def _extra(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InputTypeError(f"extra_channels: expected a list of names, got {safe_repr(value)}")
    items = require_iterable(value, "extra_channels")
    return tuple(_extra_channel(v, i) for i, v in enumerate(items))


def _extra_channel(value: Any, i: int) -> str:
    """The declared channel ``value``, its errors at ``extra_channels[i]``."""
    from servicemodel.model._shared import normalize_channel

    here = join("extra_channels", i)
    if not isinstance(value, str):
        raise InputTypeError(f"{here}: {_not_a_name(value)}")
    try:
        return normalize_channel(value)
    except ConfigError as exc:
        raise ConfigError(exc.message, path=here) from None


def _name(value: Any, path: str = "name") -> str:
    """The standards' name: text with something besides white space, and no NUL (a name
    nobody could type, find or write to a file: a TOML string cannot hold one), as a QA
    scorecard's name is read."""
    text = require_nonblank(value, path)
    if "\x00" in text:
        raise ConfigError(f"a name cannot hold a NUL, got {safe_repr(text)}", path=path)
    return text


def _not_a_name(value: Any) -> str:
    return f"expected a channel name (a string), got {type(value).__name__} {safe_repr(value)}"


class ResponseIndex:
    """Response standards keyed by ``(channel, metric, priority)``; see ``response_index``."""

    __slots__ = ("_by_key",)

    def __init__(self, by_key: dict[tuple[str, Metric, Priority | None], ResponseStandard]):
        self._by_key = by_key

    def get(self, channel: str, metric: Metric, priority: Priority) -> ResponseStandard | None:
        """The priority's own standard, else the channel's default (``None``: neither)."""
        found = self._by_key.get((channel, metric, priority))
        return found if found is not None else self._by_key.get((channel, metric, None))


def response_index(standards: ServiceStandards) -> ResponseIndex:
    """The response standards of ``standards`` by channel, metric and priority.

    ``response_for`` in constant time, for code that looks up many: compiling the standards
    looks up one per channel, priority and metric, and measuring them one per clock, so a
    scan of every standard made many channels quadratic (10,000 channels: minutes).

    Examples:
        >>> from servicemodel.model import Priority
        >>> from servicemodel.sla import Metric
        >>> s = ServiceStandards("x", [ResponseStandard("chat", "first_reply", "5m")])
        >>> response_index(s).get("chat", Metric.FIRST_REPLY, Priority.LOW).channel
        'chat'
    """
    return ResponseIndex({(s.channel, s.metric, s.priority): s for s in standards.response})


@attrs.frozen
class ServiceStandards(Configurable):
    """A support team's service standards: response times per channel and quality benchmarks.

    ``response`` holds [`ResponseStandard`][servicemodel.standards.ResponseStandard]s (per
    channel, and per priority where given), ``quality`` holds
    [`QualityBenchmark`][servicemodel.standards.QualityBenchmark]s (per channel, or ``None``
    for all channels together). Business-hours targets count on ``calendar`` (default: always
    open); ``pause`` are the statuses that stop the clocks (default: pending). A channel must
    be one of ``KNOWN_CHANNELS`` (email, chat, phone, social, web, other) or be declared in
    ``extra_channels``.

    The standards compile into an SLA [`PolicySet`][servicemodel.sla.PolicySet]
    ([`policies`][servicemodel.standards.ServiceStandards.policies]) and SMART goals
    ([`goals`][servicemodel.standards.ServiceStandards.goals]);
    [`measure`][servicemodel.standards.measure] measures them through those.

    Examples:
        >>> s = ServiceStandards("Acme", [ResponseStandard("whatsapp", "first_reply", "1h")])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: channels.whatsapp: unknown channel 'whatsapp'; known channels are ['chat', 'email', 'other', 'phone', 'social', 'web']; declare a new one in extra_channels
    """  # noqa: E501

    name: str = attrs.field(validator=instance_of(str))
    response: tuple[ResponseStandard, ...] = attrs.field(default=(), converter=_responses)
    quality: tuple[QualityBenchmark, ...] = attrs.field(default=(), converter=_qualities)
    calendar: BusinessCalendar = attrs.field(
        factory=BusinessCalendar.always,
        validator=instance_of(BusinessCalendar),
        kw_only=True,
    )
    pause: frozenset[Status] = attrs.field(
        default=frozenset({Status.PENDING}), converter=read_pause, kw_only=True
    )
    extra_channels: tuple[str, ...] = attrs.field(default=(), converter=_extra, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _name(self.name)  # a file refuses it: a value could not be stored
        known = KNOWN_CHANNELS | set(self.extra_channels)
        for channel in self.channels:
            if channel not in known:
                raise ConfigError(
                    f"unknown channel {channel!r}; known channels are {sorted(known)}; "
                    "declare a new one in extra_channels",
                    path=join("channels", channel),
                )
        # One order for one content: the standards are sets keyed by (channel, metric,
        # priority) and (channel, metric), and a file can only hold them grouped by channel,
        # so two values that differ only in order would not survive a file as themselves.
        # Channels keep the order first given (a file keeps it); within a channel, and for
        # the all-channels benchmarks, the order is fixed.
        at = {c: i for i, c in enumerate(self.channels)}
        response = sorted(self.response, key=lambda s: _response_key(s, at))
        quality = sorted(self.quality, key=lambda b: _quality_key(b, at))
        object.__setattr__(self, "response", tuple(response))
        object.__setattr__(self, "quality", tuple(quality))

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels with a standard, in the order first given (response standards first).

        ``response`` is kept in this channel order, then by metric, the channel's default
        before each priority's own (low to urgent); ``quality`` holds the all-channels
        benchmarks first, then each channel's in this order, by metric
        (``QUALITY_METRICS`` order). Standards given in another order are put in this one.

        Examples:
            >>> ServiceStandards("x", quality=[QualityBenchmark(None, "nps", 20)]).channels
            ()
        """
        named = [s.channel for s in self.response]
        named += [b.channel for b in self.quality if b.channel is not None]
        return tuple(dict.fromkeys(named))

    def response_for(
        self, channel: str, metric: Metric, priority: Priority
    ) -> ResponseStandard | None:
        """The response standard for a clock: the priority's own, else the channel's default.

        Examples:
            >>> from servicemodel.model import Priority
            >>> from servicemodel.sla import Metric
            >>> s = ServiceStandards("x", [ResponseStandard("chat", "first_reply", "5m")])
            >>> s.response_for("chat", Metric.FIRST_REPLY, Priority.URGENT).within.seconds
            300

        The arguments are read as a standard reads them (``"Chat"``, ``"first_reply"`` and
        ``"urgent"`` too); a value that is none of them is an error naming it, not ``None``
        (a list was a bare ``TypeError``, and any priority at all got the channel's default).
        """
        from servicemodel.model._shared import normalize_channel

        return response_index(self).get(
            normalize_channel(channel), _metric(metric), Priority.parse(priority)
        )

    def policies(self) -> PolicySet:
        """The SLA policies the response standards compile to: one per channel.

        Each policy is named after its channel and applies to tickets of that channel
        (``ChannelIn``); at each priority it holds the priority's own target for each metric,
        else the channel's default. Channels without a response standard get no policy.

        Examples:
            >>> s = ServiceStandards("x", [ResponseStandard("chat", "first_reply", "5m")])
            >>> p = s.policies().policies[0]
            >>> p.name, p.condition, sorted(x.value for x in p.targets)
            ('chat', ChannelIn(channels=('chat',)), ['high', 'low', 'normal', 'urgent'])
        """
        out = []
        index = response_index(self)
        for channel in dict.fromkeys(s.channel for s in self.response):
            targets: dict[Priority, list[Target]] = {}
            for prio in Priority:
                for metric in Metric:
                    found = index.get(channel, metric, prio)
                    if found is not None:
                        targets.setdefault(prio, []).append(found.target)
            out.append(
                SLAPolicy(
                    channel,
                    targets,
                    condition=ChannelIn([channel]),
                    calendar=self.calendar,
                    pause=self.pause,
                )
            )
        return PolicySet(out)

    def goals(
        self,
        baselines: Mapping[tuple[str | None, str], float],
        *,
        start: datetime,
        deadline: datetime,
        period: str = "week",
    ) -> tuple[SmartGoal, ...]:
        """SMART goals that bring each quality benchmark from its baseline to its threshold.

        ``baselines`` maps ``(channel or None, metric)`` to where the metric stands now; a
        goal is made for each benchmark with a baseline that misses it (a benchmark already
        met needs no goal, and a SMART goal's baseline must not meet its target). Only the
        KPIs the goals report computes are compiled (``csat``, ``nps``, ``reopen_rate``,
        ``resolution_rate``); ``fcr`` stays a benchmark measured by
        [`measure`][servicemodel.standards.measure]. A baseline no value of its KPI can take (a
        share outside [0, 1] such as 82 for 82 %, an NPS outside [-100, 100]) is a
        [GoalError][servicemodel.errors.GoalError] naming its key, not a benchmark met.

        Examples:
            >>> from datetime import UTC, datetime
            >>> s = ServiceStandards("Acme", quality=[QualityBenchmark("email", "csat", 0.9)])
            >>> (g,) = s.goals({("email", "csat"): 0.82}, start=datetime(2026, 8, 3, tzinfo=UTC),
            ...                deadline=datetime(2026, 11, 2, tzinfo=UTC))
            >>> g.describe()
            'csat [channel=email] >= 0.9 share by 2026-11-02 (baseline 0.82 share)'
        """
        # A list of pairs or None was an AttributeError ('list' object has no attribute 'get').
        require_type(baselines, (Mapping,), "baselines")
        out = []
        for b in self.quality:
            key = (b.channel, b.metric)
            base = baselines.get(key)
            if b.metric not in GOAL_KPIS or base is None:
                continue
            # Read as a goal's baseline is, and named by its key: a pandas Series (a column,
            # even of one row) was a bare "truth value of a Series is ambiguous" ValueError,
            # and text a bare TypeError. NaN is left to the goal, which says it is not finite.
            named = f"baselines[{key!r}]"
            column = column_hint(base)
            if column is not None:
                raise InputTypeError(f"{named}: expected a number, got {column}")
            base = real_number(
                base, named, error=GoalError, type_error=InputTypeError, finite=False
            )
            # Checked before "already met": a CSAT of 82 (for 82 %) met a benchmark of 0.9,
            # and an NPS of 150 one of 30, so no goal was made and nothing said why.
            low, high = (0.0, 1.0) if GOAL_KPIS[b.metric] == "share" else (-100.0, 100.0)
            # An infinity too: a CSAT of inf "met" the benchmark, so no goal and no word.
            if not (math.isnan(base) or low <= base <= high):
                what = "a share in [0, 1]" if high == 1.0 else "an NPS in [-100, 100]"
                hint = percent_hint(base) if high == 1.0 and math.isfinite(base) else ""
                raise GoalError(f"{named}: {safe_repr(base)} is not {what}{hint}")
            if b.spec.comparator.holds(base, b.threshold):
                continue
            where = b.channel or "all channels"
            out.append(
                SmartGoal(
                    name=f"{where}: {b.describe()}",
                    kpi=b.metric,
                    segment={"channel": b.channel} if b.channel else None,
                    unit=GOAL_KPIS[b.metric],
                    period=period,
                    comparator=b.spec.comparator,
                    target=b.threshold,
                    baseline=base,
                    objective=f"meet the service standard {self.name!r}",
                    start=start,
                    deadline=deadline,
                )
            )
        return tuple(out)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read standards from plain data; errors name the field (``channels.email.first_reply``).

        Keys: ``name``; ``attainment`` (default share of clocks that must meet a response
        target, default 0.9); ``calendar`` (business hours, a calendar table); ``pause``;
        ``extra_channels``; ``quality`` (``{metric: threshold}`` for all channels together and,
        unless a channel sets its own, for each channel of ``channels``);
        ``quality_per_channel`` (default ``true``; ``false``: the ``quality`` benchmarks hold
        for all channels together only, and a channel has just the benchmarks it sets);
        ``channels.<name>`` with a key per response metric (a duration, or ``{within, time,
        attainment}``), ``attainment``, ``calendar``, ``quality`` and ``priority.<priority>``
        (response metrics again).

        Examples:
            >>> ServiceStandards.from_dict({"name": "x", "channels": {"email": {"frist_reply": "1h"}}})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: channels.email.frist_reply: unknown key 'frist_reply'; expected one of [...]
        """  # noqa: E501
        table = fields(data, required=("name",), optional=_TOP_KEYS, what="a standards table")
        name = _name(table["name"])
        default = _read_share(table.get("attainment", 0.9), "attainment")
        calendar = (
            calendar_from_dict(table["calendar"], "calendar")
            if "calendar" in table
            else BusinessCalendar.always()
        )
        extra = _read_extra(table.get("extra_channels", []))
        channels = as_mapping(table.get("channels", {}), "channels", "a table of channels")
        quality = _read_quality(table.get("quality", {}), None, "quality")
        inherit = _read_flag(table.get("quality_per_channel", True), "quality_per_channel")
        response: list[ResponseStandard] = []
        per_channel: list[QualityBenchmark] = []
        known = KNOWN_CHANNELS | set(extra)  # once: per channel, it made many channels quadratic
        for channel, spec in channels.items():
            here = join("channels", channel)
            _check_channel(channel, known, here)
            got, own = _read_channel(channel, spec, default, here)
            response += got
            per_channel += own
        # The all-channels benchmarks also hold per channel, unless the channel sets its own
        # (or the file says quality_per_channel = false).
        overridden = {(b.channel, b.metric) for b in per_channel}
        for channel in channels if inherit else ():
            for b in quality:
                if (channel.strip().lower(), b.metric) not in overridden:
                    per_channel.append(QualityBenchmark(channel, b.metric, b.threshold))
        order = {c.strip().lower(): i for i, c in enumerate(channels)}
        metrics = list(QUALITY_METRICS)
        per_channel.sort(key=lambda b: (order[b.channel or ""], metrics.index(b.metric)))
        kw: dict[str, Any] = {"calendar": calendar, "extra_channels": extra}
        if "pause" in table:
            kw["pause"] = read_pause(table["pause"], "pause")
        return cls(name, response, [*quality, *per_channel], **kw)

    def to_dict(self) -> dict[str, Any]:
        """The standards in the shape ``from_dict`` reads back to an equal value.

        Every benchmark is written out, each channel's under its channel. Where an
        all-channels benchmark is not also one of a channel's (which reading ``quality``
        would add), ``quality_per_channel = false`` says so.

        Examples:
            >>> s = ServiceStandards("x", [ResponseStandard("chat", "first_reply", "5m")],
            ...                      [QualityBenchmark(None, "csat", 0.8)])
            >>> s.to_dict()["quality_per_channel"]
            False
            >>> ServiceStandards.from_dict(s.to_dict()) == s
            True
        """
        channels: dict[str, dict[str, Any]] = {}
        for s in self.response:
            table = channels.setdefault(s.channel, {})
            if s.priority is not None:
                table = table.setdefault("priority", {}).setdefault(s.priority.value, {})
            entry: dict[str, Any] = {
                "within": _written(s.within),
                "time": "business" if s.business else "calendar",
                "attainment": s.attainment,
            }
            if s.calendar is not None:
                entry["calendar"] = s.calendar.to_dict()
            table[s.metric.value] = entry
        for b in self.quality:
            if b.channel is not None:
                channels.setdefault(b.channel, {}).setdefault("quality", {})[b.metric] = b.threshold
        overall = {b.metric: b.threshold for b in self.quality if b.channel is None}
        own = {(b.channel, b.metric) for b in self.quality}
        out: dict[str, Any] = {
            "name": self.name,
            "calendar": self.calendar.to_dict(),
            "pause": sorted(s.value for s in self.pause),
            "extra_channels": list(self.extra_channels),
            "quality": overall,
        }
        # Reading applies each all-channels benchmark to every channel written that lacks it;
        # where one lacks it here, the file must say that quality holds overall only.
        if any((c, m) not in own for c in channels for m in overall):
            out["quality_per_channel"] = False
        out["channels"] = channels
        return out


def _check_channel(channel: str, known: frozenset[str] | set[str], path: str) -> None:
    norm = channel.strip().lower()
    if norm not in known:
        raise ConfigError(
            f"unknown channel {safe_repr(channel)}; known channels are {sorted(known)}; "
            "declare a new one in extra_channels",
            path=path,
        )


def _read_extra(value: Any) -> tuple[str, ...]:
    items = as_list(value, "extra_channels", "a list of channel names")
    for i, v in enumerate(items):
        # In a file a wrong type is a ConfigError at its index, as every other config error.
        if not isinstance(v, str):
            raise ConfigError(_not_a_name(v), path=join("extra_channels", i))
    return _extra(items)  # its ConfigError names the index


def _written(d: timedelta) -> str:
    """``format_duration``, which keeps a fraction of a second (``"1m 30.5s"``)."""
    return format_duration(d)


def _read_flag(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"expected true or false, got {safe_repr(value)}", path=path)
    return value


def _response_key(s: ResponseStandard, at: Mapping[str, int]) -> tuple[int, int, int]:
    prio = -1 if s.priority is None else _PRIORITIES.index(s.priority)
    return at[s.channel], prio, _METRIC_ORDER.index(s.metric)


def _quality_key(b: QualityBenchmark, at: Mapping[str, int]) -> tuple[int, int]:
    where = -1 if b.channel is None else at[b.channel]
    return where, _QUALITY_ORDER.index(b.metric)


def _read_share(value: Any, path: str) -> float:
    try:
        return _share(value, "")
    except ConfigError as exc:
        raise ConfigError(exc.message, path=path) from None


def _read_quality(value: Any, channel: str | None, path: str) -> list[QualityBenchmark]:
    table = as_mapping(value, path, "a table of metric to threshold")
    out = []
    for metric, threshold in table.items():
        here = join(path, metric)
        if metric not in QUALITY_METRICS:
            raise ConfigError(
                f"unknown quality metric {safe_repr(metric)}; expected one of "
                f"{sorted(QUALITY_METRICS)}",
                path=here,
            )
        try:
            out.append(QualityBenchmark(channel, metric, threshold))
        except ConfigError as exc:
            raise ConfigError(exc.message, path=here) from None
    return out


def _read_channel(
    channel: str, spec: Any, default: float, path: str
) -> tuple[list[ResponseStandard], list[QualityBenchmark]]:
    table = fields(spec, path=path, optional=_CHANNEL_KEYS, what="a channel table")
    attainment = _read_share(table.get("attainment", default), join(path, "attainment"))
    calendar = (
        calendar_from_dict(table["calendar"], join(path, "calendar"))
        if "calendar" in table
        else None
    )
    common = {"attainment": attainment, "calendar": calendar}
    out = _read_targets(channel, table, None, common, path)
    prios = as_mapping(table.get("priority", {}), join(path, "priority"), "a table of priorities")
    for prio, sub in prios.items():
        here = join(join(path, "priority"), prio)
        if prio not in {p.value for p in Priority}:
            raise ConfigError(
                f"unknown priority {safe_repr(prio)}; "
                f"expected one of {[p.value for p in Priority]}",
                path=here,
            )
        sub_table = fields(sub, path=here, optional=_METRICS, what="a table of response targets")
        out += _read_targets(channel, sub_table, prio, common, here)
    quality = _read_quality(table.get("quality", {}), channel, join(path, "quality"))
    return out, quality


def _read_targets(
    channel: str,
    table: Mapping[str, Any],
    priority: str | None,
    common: Mapping[str, Any],
    path: str,
) -> list[ResponseStandard]:
    out = []
    for metric in _METRICS:
        if metric not in table:
            continue
        here = join(path, metric)
        raw = table[metric]
        kw: dict[str, Any] = dict(common)
        if isinstance(raw, Mapping):
            entry = fields(raw, path=here, required=("within",), optional=_TARGET_KEYS)
            within = entry["within"]
            if "time" in entry:
                kw["business"] = read_business_time(entry["time"], join(here, "time"))
            if "attainment" in entry:
                kw["attainment"] = _read_share(entry["attainment"], join(here, "attainment"))
            if "calendar" in entry:
                kw["calendar"] = calendar_from_dict(entry["calendar"], join(here, "calendar"))
        else:
            within = raw
        if not kw.get("business", True):
            kw["calendar"] = None  # a calendar-time target counts every hour
        try:
            out.append(ResponseStandard(channel, metric, within, priority=priority, **kw))
        except ConfigError as exc:
            if not isinstance(raw, Mapping):
                raise ConfigError(exc.message, path=here) from None
            inner = exc.path if exc.path in _TARGET_KEYS else "within"
            raise ConfigError(exc.message, path=join(here, inner)) from None
    return out
