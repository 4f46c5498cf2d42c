"""Escalation ladders: who is notified or assigned as an SLA clock runs toward and past breach.

An [`EscalationLadder`][servicemodel.escalation.EscalationLadder] is an ordered list of
[`EscalationLevel`][servicemodel.escalation.EscalationLevel]s. Each level has a
[`Trigger`][servicemodel.escalation.Trigger] -- a fraction of the target, the breach, or a delay
after the breach or after the previous level, in business or calendar time -- and free-form
targets ("team-lead", "tier-2"). The last level may repeat every N, a bounded number of times
(PagerDuty's ``num_loops``, Opsgenie's ``repeat``). A measurement that stops before a level's
instant never escalates to it, and levels are reached in order, never earlier than the one
before.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import Ticket, TicketHistory
    >>> from servicemodel.sla import SLAPolicy, Target, evaluate
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
    >>> (m,) = evaluate(p, TicketHistory(Ticket("T", t0), []), at=t0 + timedelta(hours=5))
    >>> ladder = EscalationLadder.from_dict({"levels": [
    ...     {"name": "warn", "trigger": "75%", "targets": ["team-lead"]},
    ...     {"name": "breach", "trigger": "breach", "targets": ["duty-manager"]},
    ... ]})
    >>> [(s.level, s.at.strftime("%H:%M")) for s in ladder.timeline(m)]
    [('warn', '12:00'), ('breach', '13:00')]
    >>> ladder.level_at(m, t0 + timedelta(hours=3, minutes=30)).level
    'warn'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import attrs

from servicemodel._sla_duration import format_duration, parse_duration
from servicemodel.errors import ConfigError, require_aware
from servicemodel.sla import Measurement, MeasurementState

__all__ = ["EscalationLadder", "EscalationLevel", "EscalationStep", "Trigger", "TriggerKind"]

#: Upper bound on ``repeat_times``: escalation loops must end.
MAX_REPEATS = 100


class TriggerKind(enum.StrEnum):
    """What starts an escalation level.

    Examples:
        >>> TriggerKind("after_breach")
        <TriggerKind.AFTER_BREACH: 'after_breach'>
    """

    FRACTION = "fraction"
    BREACH = "breach"
    AFTER_BREACH = "after_breach"
    AFTER_PREVIOUS = "after_previous"


def _kind(value: Any) -> TriggerKind:
    try:
        return TriggerKind(value)
    except ValueError:
        raise ConfigError(
            f"unknown trigger {value!r}; expected one of {[k.value for k in TriggerKind]}"
        ) from None


def _optional_duration(value: Any) -> timedelta | None:
    return None if value is None else parse_duration(value)


@attrs.frozen
class Trigger:
    """When a level fires; build one with the classmethods rather than by hand.

    A ``FRACTION`` trigger fires when the clock has run ``fraction`` of its target (business
    time, pauses excluded); ``BREACH`` when the deadline passes; ``AFTER_BREACH`` and
    ``AFTER_PREVIOUS`` a ``delay`` after the breach or after the previous level (the clock's
    start, for a first level), counted on the measurement's calendar (``business=True``) or
    in plain hours.

    Examples:
        >>> Trigger.after_breach("2h").delay
        datetime.timedelta(seconds=7200)
        >>> Trigger.at_fraction(1.5)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: fraction: a fraction of the target must be in (0, 1], got 1.5
    """  # noqa: E501

    kind: TriggerKind = attrs.field(converter=_kind)
    fraction: float | None = None
    delay: timedelta | None = attrs.field(default=None, converter=_optional_duration)
    business: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        if self.kind is TriggerKind.FRACTION:
            f = self.fraction
            if isinstance(f, bool) or not isinstance(f, int | float) or not 0 < f <= 1:
                raise ConfigError(
                    f"a fraction of the target must be in (0, 1], got {f!r}", path="fraction"
                )
        elif self.fraction is not None:
            raise ConfigError(f"only a fraction trigger has a fraction, not {self.kind.value!r}")
        needs_delay = self.kind in (TriggerKind.AFTER_BREACH, TriggerKind.AFTER_PREVIOUS)
        if needs_delay and self.delay is None:
            raise ConfigError(f"a {self.kind.value!r} trigger needs a delay", path="delay")
        if not needs_delay and self.delay is not None:
            raise ConfigError(f"a {self.kind.value!r} trigger takes no delay", path="delay")

    @classmethod
    def at_fraction(cls, fraction: float) -> Trigger:
        """Fire when the clock has used ``fraction`` (in (0, 1]) of its target.

        Examples:
            >>> Trigger.at_fraction(0.75).fraction
            0.75
        """
        return cls(TriggerKind.FRACTION, fraction=fraction)

    @classmethod
    def at_breach(cls) -> Trigger:
        """Fire when the deadline passes.

        Examples:
            >>> Trigger.at_breach().kind
            <TriggerKind.BREACH: 'breach'>
        """
        return cls(TriggerKind.BREACH)

    @classmethod
    def after_breach(cls, delay: Any, *, business: bool = True) -> Trigger:
        """Fire ``delay`` after the breach.

        Examples:
            >>> Trigger.after_breach("30m", business=False).business
            False
        """
        return cls(TriggerKind.AFTER_BREACH, delay=delay, business=business)

    @classmethod
    def after_previous(cls, delay: Any, *, business: bool = True) -> Trigger:
        """Fire ``delay`` after the previous level (after the clock's start for a first level).

        Examples:
            >>> Trigger.after_previous(60).delay
            datetime.timedelta(seconds=3600)
        """
        return cls(TriggerKind.AFTER_PREVIOUS, delay=delay, business=business)

    @classmethod
    def from_config(cls, value: Any) -> Trigger:
        """Read ``"75%"``, ``0.75``, ``"breach"``, ``{"after_breach": "2h"}`` or
        ``{"after_previous": "1h", "time": "calendar"}``.

        Examples:
            >>> Trigger.from_config("50%").fraction
            0.5
        """
        if isinstance(value, bool):
            raise ConfigError(f"expected a trigger, got {value!r}")
        if isinstance(value, int | float):
            return cls.at_fraction(value)
        if isinstance(value, str):
            text = value.strip().lower()
            if text == "breach":
                return cls.at_breach()
            if text.endswith("%"):
                try:
                    percent = float(text[:-1])
                except ValueError:
                    percent = None
                if percent is not None:
                    return cls.at_fraction(percent / 100)
            raise ConfigError(
                f"expected 'breach', a percentage such as '75%' or a mapping, got {value!r}"
            )
        if isinstance(value, Mapping):
            keys = set(value) - {"time"}
            time = value.get("time", "business")
            if time not in ("business", "calendar"):
                raise ConfigError(f"expected 'business' or 'calendar', got {time!r}", path="time")
            if len(keys) != 1 or not keys <= {"after_breach", "after_previous", "fraction"}:
                raise ConfigError(
                    "expected one of 'after_breach', 'after_previous' or 'fraction' "
                    f"(and optionally 'time'), got {sorted(value)}"
                )
            (key,) = keys
            if key == "fraction":
                return cls.at_fraction(value[key])
            try:
                delay = parse_duration(value[key])
            except ConfigError as exc:
                raise exc.at(key) from None
            return cls(TriggerKind(key), delay=delay, business=time == "business")
        raise ConfigError(f"expected a trigger, got {value!r}")

    def to_config(self) -> Any:
        """The trigger in a form ``from_config`` reads.

        Examples:
            >>> Trigger.after_previous("1h", business=False).to_config()
            {'after_previous': '1h', 'time': 'calendar'}
        """
        if self.kind is TriggerKind.FRACTION:
            return self.fraction
        if self.kind is TriggerKind.BREACH:
            return "breach"
        assert self.delay is not None
        return {
            self.kind.value: format_duration(self.delay),
            "time": "business" if self.business else "calendar",
        }


def _targets(value: Any) -> tuple[str, ...]:
    items = (value,) if isinstance(value, str) else tuple(value)
    for item in items:
        if not isinstance(item, str) or not item:
            raise ConfigError(f"targets must be non-empty names, got {item!r}")
    return items


def _action(value: Any) -> str:
    if value not in ("notify", "assign"):
        raise ConfigError(f"expected 'notify' or 'assign', got {value!r}")
    return str(value)


def _nonempty_name(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"a level needs a non-empty name, got {value!r}")
    return value


@attrs.frozen
class EscalationLevel:
    """One rung: a name, its trigger, and who is notified (or assigned, for functional escalation).

    Examples:
        >>> EscalationLevel("L2", Trigger.at_breach(), ["tier-2"], action="assign").targets
        ('tier-2',)
    """

    name: str = attrs.field(converter=_nonempty_name)
    trigger: Trigger = attrs.field(validator=attrs.validators.instance_of(Trigger))
    targets: tuple[str, ...] = attrs.field(default=(), converter=_targets)
    action: str = attrs.field(default="notify", converter=_action)


@attrs.frozen
class EscalationStep:
    """A level reached at an instant; ``repeat`` counts repeats of the last level (0: first time).

    ``projected`` is true for a step after the measurement's evaluation instant: it happens
    then unless the clock stops (or pauses) first.

    Examples:
        >>> from datetime import datetime, timezone
        >>> s = EscalationStep("L1", 0, datetime(2026, 3, 2, tzinfo=timezone.utc), ("lead",))
        >>> s.repeat, s.projected
        (0, False)
    """

    level: str
    index: int
    at: datetime
    targets: tuple[str, ...] = ()
    action: str = "notify"
    repeat: int = 0
    projected: bool = False


def _levels(value: Iterable[EscalationLevel]) -> tuple[EscalationLevel, ...]:
    out = tuple(value)
    if not out:
        raise ConfigError("a ladder needs at least one level", path="levels")
    for i, level in enumerate(out):
        if not isinstance(level, EscalationLevel):
            raise ConfigError(f"expected an EscalationLevel, got {level!r}", path=f"levels[{i}]")
    fractions = [lv.trigger.fraction for lv in out if lv.trigger.kind is TriggerKind.FRACTION]
    if any(b is not None and a is not None and b < a for a, b in pairwise(fractions)):
        raise ConfigError(f"fraction triggers must not decrease, got {fractions}", path="levels")
    return out


@attrs.frozen
class EscalationLadder:
    """Ordered escalation levels with an optional bounded repeat of the last one.

    ``repeat_every`` (business time on the measurement's calendar unless
    ``repeat_business=False``) and ``repeat_times`` (at most 100) repeat the last level after
    it fires, until the clock stops.

    Examples:
        >>> ladder = EscalationLadder(
        ...     [EscalationLevel("lead", Trigger.at_fraction(0.5), ["team-lead"])],
        ...     repeat_every="1h", repeat_times=2)
        >>> ladder.repeat_times
        2
    """

    levels: tuple[EscalationLevel, ...] = attrs.field(converter=_levels)
    repeat_every: timedelta | None = attrs.field(default=None, converter=_optional_duration)
    repeat_times: int = attrs.field(
        default=0,
        validator=[
            attrs.validators.instance_of(int),
            attrs.validators.ge(0),
            attrs.validators.le(MAX_REPEATS),
        ],
    )
    repeat_business: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        if (self.repeat_every is None) != (self.repeat_times == 0):
            raise ConfigError(
                "repeat needs both an interval and a positive number of times", path="repeat"
            )

    def timeline(self, measurement: Measurement) -> tuple[EscalationStep, ...]:
        """Every escalation step of ``measurement`` with its instant, in time order.

        Steps after the measurement's evaluation instant are projections (``projected``);
        steps that depend on a paused clock's future are left out until it runs again.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
            >>> from servicemodel.sla import SLAPolicy, Target, evaluate
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
            >>> h = TicketHistory(Ticket("T", t0), [AgentReply("r", t0 + timedelta(hours=2))])
            >>> ladder = EscalationLadder([EscalationLevel("lead", Trigger.at_fraction(0.75))])
            >>> ladder.timeline(evaluate(p, h)[0])  # replied before 75 %: no escalation
            ()
        """
        m = measurement
        steps: list[EscalationStep] = []
        prev: datetime | None = None
        stop = m.stopped_at
        for i, level in enumerate(self.levels):
            x = self._instant(level.trigger, m, prev)
            if x is None:
                return tuple(steps)
            if prev is not None and x < prev:
                x = prev
            if stop is not None and x >= stop:
                return tuple(steps)
            steps.append(
                EscalationStep(level.name, i, x, level.targets, level.action, 0, x > m.evaluated_at)
            )
            prev = x
        if self.repeat_every is not None and prev is not None:
            last = self.levels[-1]
            for k in range(1, self.repeat_times + 1):
                x = self._add(m, prev, self.repeat_every, self.repeat_business)
                if stop is not None and x >= stop:
                    break
                steps.append(
                    EscalationStep(
                        last.name,
                        len(self.levels) - 1,
                        x,
                        last.targets,
                        last.action,
                        k,
                        x > m.evaluated_at,
                    )
                )
                prev = x
        return tuple(steps)

    def level_at(self, measurement: Measurement, t: datetime) -> EscalationStep | None:
        """The step in force at ``t`` (the last one reached at or before ``t``), or ``None``.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> from servicemodel.sla import SLAPolicy, Target, evaluate
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
            >>> (m,) = evaluate(p, TicketHistory(Ticket("T", t0), []))
            >>> ladder = EscalationLadder([EscalationLevel("lead", Trigger.at_breach())])
            >>> ladder.level_at(m, t0 + timedelta(hours=3)) is None
            True
            >>> ladder.level_at(m, t0 + timedelta(hours=4)).level
            'lead'
        """
        require_aware(t, "t")
        current: EscalationStep | None = None
        for step in self.timeline(measurement):
            if step.at > t:
                break
            current = step
        return current

    @staticmethod
    def _add(m: Measurement, base: datetime, delay: timedelta, business: bool) -> datetime:
        if business:
            return m.calendar.add(base, delay)
        return base.astimezone(UTC) + delay

    def _instant(self, trigger: Trigger, m: Measurement, prev: datetime | None) -> datetime | None:
        kind = trigger.kind
        if kind is TriggerKind.FRACTION:
            assert trigger.fraction is not None
            return m.instant_at(trigger.fraction)
        if kind is TriggerKind.AFTER_PREVIOUS:
            assert trigger.delay is not None
            base = prev if prev is not None else m.started_at
            return self._add(m, base, trigger.delay, trigger.business)
        if m.state is MeasurementState.BREACHED:
            breach = m.breached_at
        elif m.state is MeasurementState.ACTIVE:
            breach = m.due_at
        else:
            # Achieved clocks never breach; a paused clock's deadline is not known yet.
            return None
        if breach is None:
            return None
        if kind is TriggerKind.BREACH:
            if m.calendar.is_always_open:
                return breach
            # A business-hours clock escalates in open time: a breach that a priority change
            # made retroactive while the office is closed fires at the next opening.
            return m.calendar.add(breach, timedelta(0))
        assert trigger.delay is not None
        return self._add(m, breach, trigger.delay, trigger.business)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EscalationLadder:
        """Read ``{"levels": [{"name", "trigger", "targets", "action"}], "repeat": {...}}``.

        ``repeat`` is ``{"every": "1h", "times": 3, "time": "business"|"calendar"}``.
        Errors name the field path (``levels[1].trigger``).

        Examples:
            >>> EscalationLadder.from_dict({"levels": [{"name": "x", "trigger": "soon"}]})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: levels[0].trigger: expected 'breach', a percentage ...
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"a ladder must be a mapping, got {type(data).__name__}")
        for key in data:
            if key not in ("levels", "repeat"):
                raise ConfigError("unknown key; expected 'levels' or 'repeat'", path=str(key))
        raw = data.get("levels")
        if not isinstance(raw, list | tuple):
            raise ConfigError("expected a list of levels", path="levels")
        levels = []
        for i, item in enumerate(raw):
            try:
                levels.append(_level_from_dict(item))
            except ConfigError as exc:
                raise exc.at(f"levels[{i}]") from None
        kw: dict[str, Any] = {}
        rep = data.get("repeat")
        if rep is not None:
            if not isinstance(rep, Mapping):
                raise ConfigError("expected {every, times, time}", path="repeat")
            for key in rep:
                if key not in ("every", "times", "time"):
                    raise ConfigError("unknown key", path=f"repeat.{key}")
            try:
                kw["repeat_every"] = parse_duration(rep.get("every"), path="every")
            except ConfigError as exc:
                raise exc.at("repeat") from None
            times = rep.get("times", 1)
            if isinstance(times, bool) or not isinstance(times, int) or not 1 <= times <= 100:
                raise ConfigError(f"expected 1..{MAX_REPEATS}, got {times!r}", path="repeat.times")
            kw["repeat_times"] = times
            time = rep.get("time", "business")
            if time not in ("business", "calendar"):
                raise ConfigError(
                    f"expected 'business' or 'calendar', got {time!r}", path="repeat.time"
                )
            kw["repeat_business"] = time == "business"
        return cls(levels, **kw)

    def to_dict(self) -> dict[str, Any]:
        """The ladder in the shape ``from_dict`` reads.

        Examples:
            >>> EscalationLadder([EscalationLevel("a", Trigger.at_breach(), "lead")]).to_dict()
            {'levels': [{'name': 'a', 'trigger': 'breach', 'targets': ['lead'], 'action': 'notify'}]}
        """  # noqa: E501
        out: dict[str, Any] = {
            "levels": [
                {
                    "name": lv.name,
                    "trigger": lv.trigger.to_config(),
                    "targets": list(lv.targets),
                    "action": lv.action,
                }
                for lv in self.levels
            ]
        }
        if self.repeat_every is not None:
            out["repeat"] = {
                "every": format_duration(self.repeat_every),
                "times": self.repeat_times,
                "time": "business" if self.repeat_business else "calendar",
            }
        return out


def _level_from_dict(data: Any) -> EscalationLevel:
    if not isinstance(data, Mapping):
        raise ConfigError(f"a level must be a mapping, got {data!r}")
    for key in data:
        if key not in ("name", "trigger", "targets", "action"):
            raise ConfigError("unknown key", path=str(key))
    if "trigger" not in data:
        raise ConfigError("missing", path="trigger")
    parts: dict[str, Any] = {}
    for key, read in (
        ("name", _nonempty_name),
        ("trigger", Trigger.from_config),
        ("targets", _targets),
        ("action", _action),
    ):
        if key in data or key == "name":
            try:
                parts[key] = read(data.get(key))
            except ConfigError as exc:
                raise exc.at(key) from None
    return EscalationLevel(**parts)
