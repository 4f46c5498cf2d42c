"""Private: escalation ladders and the steps they take as an SLA clock runs.

Examples:
    >>> ladder = EscalationLadder([EscalationLevel("lead", Trigger.at_breach(), "team-lead")])
    >>> EscalationLadder.from_dict(ladder.to_dict()) == ladder
    True
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any, Literal, Self

import attrs

from servicemodel._config import Configurable, as_list, fields, join, safe_repr
from servicemodel._numbers import count_value, is_bool, is_past_as_given, type_name
from servicemodel._validators import (
    instance_of,
    one_or_many,
    require_iterable,
    require_nonblank,
    require_type,
)
from servicemodel.calendar._shared import (
    always_open,
    checked_add,
    checked_elapsed,
    checked_sub,
    utc_add,
)
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    InputTypeError,
    UnknownKeyError,
    require_instant,
)
from servicemodel.escalation._trigger import (
    Trigger,
    TriggerKind,
    optional_duration,
    read_business_time,
)
from servicemodel.model._shared import slot_setters
from servicemodel.sla import Measurement, MeasurementState
from servicemodel.sla._shared import clock_add, format_duration, parse_duration

__all__ = ["MAX_LEVELS", "MAX_REPEATS", "EscalationLadder", "EscalationLevel", "EscalationStep"]

_ONE_US = timedelta(microseconds=1)
_ZERO = timedelta(0)

#: Upper bound on ``repeat_times``: escalation loops must end.
MAX_REPEATS = 100

#: Upper bound on the number of levels. Every clock's timeline lists up to ``levels x
#: (repeat_times + 1)`` steps, and a live desk lists them after each event: 100 levels
#: repeated 100 times is about 10,000 steps, a tenth of a second; 10,000 levels made it a
#: million steps and over ten seconds an event. Helpdesks keep ladders short (Freshdesk: one
#: response and four resolution levels).
MAX_LEVELS = 100

#: What a ladder's repeat replays: its last level, or the whole ladder from its first level.
RepeatScope = Literal["last", "ladder"]
_SCOPES: tuple[RepeatScope, ...] = ("last", "ladder")


def _no_nul(value: str, path: str, what: str) -> str:
    """``value``, refused if it holds a NUL: a name nobody could type, find or write to a
    file (a TOML string cannot hold one), as a QA section's name is refused."""
    if "\x00" in value:
        raise ConfigError(f"a {what} cannot hold a NUL, got {safe_repr(value)}", path=path)
    return value


def _targets(value: Any) -> tuple[str, ...]:
    items = tuple(one_or_many(value, str, "target names"))
    for i, item in enumerate(items):
        # A blank target (" ") notifies no one a desk could find, as a blank name names no
        # level: refused, as the standards refuse a blank name.
        path = "targets" if isinstance(value, str) else f"targets[{i}]"
        if not isinstance(item, str):
            raise ConfigError(
                f"a target must be a name (a string), got {type(item).__name__} {safe_repr(item)}",
                path=path,
            )
        _no_nul(require_nonblank(item, path, "target name"), path, "target name")
    return items


def _repeat_times_in(value: Any) -> Any:
    """attrs converter: a count of repeats as the int it holds (``count_value``), refused here
    when past ``MAX_REPEATS`` and given otherwise than as an int, so that the message names it
    as given (1e308 was shown as '<int of about 309 digits>')."""
    count = count_value(value)
    if is_past_as_given(value, count, MAX_REPEATS):
        raise ConfigError(
            f"repeat_times must be a whole number in 0..{MAX_REPEATS}, got "
            f"{type_name(value)} {safe_repr(value)}",
            path="repeat_times",
        )
    return count


def _repeat_times(_instance: Any, _attribute: Any, value: Any) -> None:
    if is_bool(value) or not isinstance(value, int) or not 0 <= value <= MAX_REPEATS:
        raise ConfigError(
            f"repeat_times must be a whole number in 0..{MAX_REPEATS}, got {safe_repr(value)}",
            path="repeat_times",
        )


def _repeat_scope(value: Any, path: str = "repeat_scope") -> RepeatScope:
    for scope in _SCOPES:
        # The text itself is compared (str.__eq__): a str subclass's own == may say anything.
        if isinstance(value, str) and str.__eq__(value, scope) is True:
            return scope  # the literal itself: a str subclass does not leak into the value
    raise ConfigError(f"expected 'last' or 'ladder', got {safe_repr(value)}", path=path)


def _action(value: Any) -> str:
    if not isinstance(value, str) or value not in ("notify", "assign"):
        raise ConfigError(f"expected 'notify' or 'assign', got {safe_repr(value)}", path="action")
    return str(value)


def _nonempty_name(value: Any) -> str:
    # Blank (" ") too: a timer names its level, and ladder.level(" ") finds no one to notify.
    if not isinstance(value, str):
        raise ConfigError(
            f"a level needs a name (a string), got {type(value).__name__} {safe_repr(value)}",
            path="name",
        )
    return _no_nul(require_nonblank(value, "name"), "name", "level name")


def _step_level(_instance: Any, _attribute: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise InputTypeError(
            f"level: expected a level name (str), got {type(value).__name__} {safe_repr(value)}"
        )
    _no_nul(require_nonblank(value, "level", "level name"), "level", "level name")


def _step_index(_instance: Any, _attribute: Any, value: Any) -> None:
    if is_bool(value) or not isinstance(value, int):
        raise InputTypeError(f"index: expected int, got {type(value).__name__} {safe_repr(value)}")
    if not 0 <= value < MAX_LEVELS:
        raise ConfigError(
            f"a level's place in its ladder is in 0..{MAX_LEVELS - 1}, got {safe_repr(value)}",
            path="index",
        )


def _step_at(_instance: Any, _attribute: Any, value: Any) -> None:
    require_instant(value, "at")


def _step_repeat(_instance: Any, _attribute: Any, value: Any) -> None:
    if is_bool(value) or not isinstance(value, int):
        raise InputTypeError(f"repeat: expected int, got {type(value).__name__} {safe_repr(value)}")
    if not 0 <= value <= MAX_REPEATS:
        raise ConfigError(
            f"a repeat round is in 0..{MAX_REPEATS}, got {safe_repr(value)}", path="repeat"
        )


@attrs.frozen
class EscalationLevel:
    """One rung: a name, its trigger, and who is notified (or assigned, for functional escalation).

    Examples:
        >>> EscalationLevel("L2", Trigger.at_breach(), ["tier-2"], action="assign").targets
        ('tier-2',)
    """

    name: str = attrs.field(converter=_nonempty_name)
    trigger: Trigger = attrs.field(validator=instance_of(Trigger))
    targets: tuple[str, ...] = attrs.field(default=(), converter=_targets)
    action: str = attrs.field(default="notify", converter=_action)


@attrs.frozen
class EscalationStep:
    """A level reached at an instant; ``repeat`` is the repeat round (0: the first time).

    ``index`` is the level's place in the ladder. With the ladder's ``repeat_scope="last"``,
    ``repeat`` counts repeats of the last level; with ``repeat_scope="ladder"``, it is the
    round of the whole ladder each level belongs to (round 1 is the first repeat).

    ``projected`` is true for a step after the measurement's evaluation instant: it happens
    then unless the clock stops (or pauses) first.

    Examples:
        >>> from datetime import datetime, timezone
        >>> s = EscalationStep("L1", 0, datetime(2026, 3, 2, tzinfo=timezone.utc), ("lead",))
        >>> s.repeat, s.projected
        (0, False)
    """

    level: str = attrs.field(validator=_step_level)
    index: int = attrs.field(validator=_step_index)
    at: datetime = attrs.field(validator=_step_at)
    targets: tuple[str, ...] = attrs.field(default=(), converter=_targets)
    action: str = attrs.field(default="notify", converter=_action)
    repeat: int = attrs.field(default=0, validator=_step_repeat)
    projected: bool = attrs.field(default=False, validator=instance_of(bool))


# The slots of a step, set straight (a frozen class refuses setattr), in field order.
_SET_LEVEL, _SET_INDEX, _SET_AT, _SET_TARGETS, _SET_ACTION, _SET_REPEAT, _SET_PROJECTED = (
    slot_setters(EscalationStep, *(f.name for f in attrs.fields(EscalationStep)))
)
_new = object.__new__


def _trusted_step(
    level: str,
    index: int,
    at: datetime,
    targets: tuple[str, ...],
    action: str,
    repeat: int,
    projected: bool,
) -> EscalationStep:
    """A step from values a ladder already checked, built without the checks.

    A timeline lists up to 10,000 steps, and a live desk lists them after each event: the
    checks would cost several times the step itself, and each value comes from a checked
    level or instant. As fast as the unchecked constructor was.
    """
    step = _new(EscalationStep)
    _SET_LEVEL(step, level)
    _SET_INDEX(step, index)
    _SET_AT(step, at)
    _SET_TARGETS(step, targets)
    _SET_ACTION(step, action)
    _SET_REPEAT(step, repeat)
    _SET_PROJECTED(step, projected)
    return step


def _levels(value: Iterable[EscalationLevel]) -> tuple[EscalationLevel, ...]:
    out = tuple(require_iterable(value, "levels"))
    if not out:
        raise ConfigError("a ladder needs at least one level", path="levels")
    _check_count(len(out))
    for i, level in enumerate(out):
        if not isinstance(level, EscalationLevel):
            raise ConfigError(
                f"expected an EscalationLevel, got {safe_repr(level)}", path=f"levels[{i}]"
            )
    seen: dict[str, int] = {}
    for i, level in enumerate(out):
        # A live timer and a step name their level (Timer.level), and a desk finds whom to
        # notify by that name: two levels of one name could not be told apart.
        first = seen.setdefault(level.name, i)
        if first != i:
            raise ConfigError(
                f"level name {level.name!r} is also the name of levels[{first}]; a timer "
                "names its level, so each level needs a name of its own",
                path=f"levels[{i}].name",
            )
    fractions = [lv.trigger.fraction for lv in out if lv.trigger.kind is TriggerKind.FRACTION]
    if any(b is not None and a is not None and b < a for a, b in pairwise(fractions)):
        raise ConfigError(f"fraction triggers must not decrease, got {fractions}", path="levels")
    return out


def _check_count(n: int) -> None:
    if n > MAX_LEVELS:
        raise ConfigError(f"a ladder has at most {MAX_LEVELS} levels, got {n}", path="levels")


@attrs.frozen
class EscalationLadder(Configurable):
    """Ordered escalation levels with an optional bounded repeat of the last one or of all.

    A ladder has 1 to 100 levels (``MAX_LEVELS``). ``repeat_every`` (business time on the
    measurement's calendar unless ``repeat_business=False``) and ``repeat_times`` (at most
    100) repeat after the last level fires, until the clock stops. ``repeat_scope`` says what
    repeats:

    - ``"last"`` (the default): the last level fires again every ``repeat_every``.
    - ``"ladder"``: the whole ladder runs again from its first level, as PagerDuty's
      escalation policies ("repeat this policy", once the last rule's timeout has passed:
      https://support.pagerduty.com/hc/en-us/articles/202828950-What-is-an-Escalation-Policy-)
      and Opsgenie's escalations ("repeat after a duration, a number of times":
      https://support.atlassian.com/opsgenie/docs/how-do-escalations-work-in-opsgenie/) do.
      Each round starts ``repeat_every`` after the previous round's last level and replays
      the levels at the offsets they had from the first level in the first round (measured
      in the repeat's time: business time unless ``repeat_business=False``).

    **Nothing escalates while the clock is paused.** A step (a level or a repeat) whose
    instant falls while the clock does not run -- the ticket pending, on hold where the policy
    pauses, or solved (a resolved status pauses every clock) -- is skipped, not delayed: a
    level never repeats while the ticket is solved, and after a reopen the ladder goes on
    with its next step at that step's own instant. The batch view and the live engine's
    timers follow this one rule, so a timer loop fires exactly the steps a batch report lists.

    Examples:
        >>> ladder = EscalationLadder(
        ...     [EscalationLevel("lead", Trigger.at_fraction(0.5), ["team-lead"])],
        ...     repeat_every="1h", repeat_times=2)
        >>> ladder.repeat_times
        2
        >>> EscalationLadder([EscalationLevel("lead", Trigger.at_breach())], repeat_scope="ladder")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: repeat_scope: 'ladder' repeats nothing without repeat_every and repeat_times
    """  # noqa: E501

    levels: tuple[EscalationLevel, ...] = attrs.field(converter=_levels)
    repeat_every: timedelta | None = attrs.field(default=None, converter=optional_duration)
    repeat_times: int = attrs.field(default=0, converter=_repeat_times_in, validator=_repeat_times)
    repeat_business: bool = attrs.field(default=True, validator=instance_of(bool))
    repeat_scope: RepeatScope = attrs.field(default="last", converter=_repeat_scope)

    def __attrs_post_init__(self) -> None:
        if (self.repeat_every is None) != (self.repeat_times == 0):
            raise ConfigError(
                "repeat needs both an interval and a positive number of times", path="repeat"
            )
        if self.repeat_scope == "ladder" and self.repeat_every is None:
            raise ConfigError(
                "'ladder' repeats nothing without repeat_every and repeat_times",
                path="repeat_scope",
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
        steps = self._level_steps(measurement)
        if self.repeat_every is not None and len(steps) == len(self.levels):
            if self.repeat_scope == "ladder":
                steps += self._round_steps(measurement, steps)
            else:
                steps += self._repeat_steps(measurement, steps[-1].at)
        spans = measurement.spans
        if not spans:
            # No running interval: a clock paused since its start never ran, so nothing can
            # have come due; any other state is a measurement built by hand, without spans.
            paused = measurement.state is MeasurementState.PAUSED
            return () if paused else tuple(steps)
        return tuple(s for s in steps if _running_at(spans, s.at))

    def _level_steps(self, m: Measurement) -> list[EscalationStep]:
        """The levels reached in order, each no earlier than the one before."""
        require_type(m, Measurement, "measurement")
        steps: list[EscalationStep] = []
        prev: datetime | None = None
        # Instants compared in UTC: a measurement built by hand may hold them in one ZoneInfo,
        # where Python compares by wall clock and a repeated hour's second 02:15 (fold=1)
        # comes before its first 02:45 (PEP 495).
        stop, now = _utc_or_none(m.stopped_at), m.evaluated_at.astimezone(UTC)
        for i, level in enumerate(self.levels):
            try:
                x = self._instant(level.trigger, m, prev)
            except CalendarError as exc:
                where = f"levels[{i}] {level.name!r} (trigger {level.trigger.to_config()!r})"
                raise _naming_step(exc, where) from None
            if x is None:
                break
            if prev is not None and x.astimezone(UTC) < prev.astimezone(UTC):
                x = prev
            at = x.astimezone(UTC)
            if stop is not None and at >= stop:
                break
            steps.append(_trusted_step(level.name, i, x, level.targets, level.action, 0, at > now))
            prev = x
        return steps

    def _repeat_steps(self, m: Measurement, prev: datetime) -> list[EscalationStep]:
        """Repeats of the last level after it fired, until the clock stops."""
        assert self.repeat_every is not None
        last = self.levels[-1]
        index = len(self.levels) - 1
        steps: list[EscalationStep] = []
        stop, now = _utc_or_none(m.stopped_at), m.evaluated_at.astimezone(UTC)  # (in UTC)
        for k in range(1, self.repeat_times + 1):
            try:
                prev = self._add(m, prev, self.repeat_every, self.repeat_business)
            except CalendarError as exc:
                raise _naming_step(exc, self._repeat_text(k)) from None
            at = prev.astimezone(UTC)
            if stop is not None and at >= stop:
                break
            steps.append(
                _trusted_step(last.name, index, prev, last.targets, last.action, k, at > now)
            )
        return steps

    def _round_steps(self, m: Measurement, first: list[EscalationStep]) -> list[EscalationStep]:
        """Repeats of the whole ladder after its last level fired, until the clock stops.

        Each round starts ``repeat_every`` after the previous round's last step and replays
        the first round's offsets from its first level, so the levels keep their spacing (a
        round's steps are computed like the repeats of the last level: by time arithmetic,
        then skipped where the clock does not run).
        """
        assert self.repeat_every is not None
        business = self.repeat_business
        origin = first[0].at
        if business:
            offsets = [checked_elapsed(m.calendar, origin, s.at) for s in first]
        else:  # in UTC: one ZoneInfo subtracts by wall clock
            offsets = [s.at.astimezone(UTC) - origin.astimezone(UTC) for s in first]
        stop, now = _utc_or_none(m.stopped_at), m.evaluated_at.astimezone(UTC)
        steps: list[EscalationStep] = []
        prev = first[-1].at
        for k in range(1, self.repeat_times + 1):
            try:
                start = self._add(m, prev, self.repeat_every, business)
            except CalendarError as exc:
                raise _naming_step(exc, self._repeat_text(k)) from None
            for level, offset in zip(first, offsets, strict=True):
                try:
                    x = self._add(m, start, offset, business)
                except CalendarError as exc:
                    where = f"{self._repeat_text(k)}, levels[{level.index}] {level.level!r}"
                    raise _naming_step(exc, where) from None
                at = x.astimezone(UTC)
                if stop is not None and at >= stop:
                    return steps
                steps.append(
                    _trusted_step(
                        level.level, level.index, x, level.targets, level.action, k, at > now
                    )
                )
                prev = x
        return steps

    def _repeat_text(self, k: int) -> str:
        """Where a repeat is, for an error: ``repeat 3 of 100 (every 1h, business time)``."""
        assert self.repeat_every is not None
        time = "business" if self.repeat_business else "calendar"
        return (
            f"repeat {k} of {self.repeat_times} (every {format_duration(self.repeat_every)}, "
            f"{time} time)"
        )

    def level(self, name: str) -> EscalationLevel:
        """The level named ``name``: whom a timer or a step of that level notifies, and how.

        Examples:
            >>> ladder = EscalationLadder.from_dict({"levels": [
            ...     {"name": "lead", "trigger": "breach", "targets": ["team-lead"]}]})
            >>> ladder.level("lead").targets
            ('team-lead',)
            >>> ladder.level("manager")
            Traceback (most recent call last):
            ...
            servicemodel.errors.UnknownKeyError: no level named 'manager' in this ladder; its levels are ['lead']
        """  # noqa: E501
        # A level's name is text: anything else (a numpy array compares element-wise, with
        # no one truth value) names no level, and is a type error, not an unknown name.
        require_type(name, str, "name")
        for level in self.levels:
            if level.name == name:
                return level
        names = [level.name for level in self.levels]
        raise UnknownKeyError(
            f"no level named {safe_repr(name)} in this ladder; its levels are {names}"
        )

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
        t = require_instant(t, "t").astimezone(UTC)  # compared in UTC (see _level_steps)
        current: EscalationStep | None = None
        for step in self.timeline(measurement):
            if step.at.astimezone(UTC) > t:
                break
            current = step
        return current

    @staticmethod
    def _add(m: Measurement, base: datetime, delay: timedelta, business: bool) -> datetime:
        if business:
            return checked_add(m.calendar, base, delay)
        return utc_add(base, delay)

    def _instant(self, trigger: Trigger, m: Measurement, prev: datetime | None) -> datetime | None:
        kind = trigger.kind
        if kind is TriggerKind.FRACTION:
            assert trigger.fraction is not None
            return m.instant_at(trigger.fraction)
        if kind is TriggerKind.AFTER_PREVIOUS:
            assert trigger.delay is not None
            base = prev if prev is not None else m.started_at
            return self._add(m, base, trigger.delay, trigger.business)
        if kind is TriggerKind.BEFORE_DUE:
            assert trigger.delay is not None
            return _reminder(m, trigger.delay, trigger.business)
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
            if always_open(m.calendar):
                return breach
            # A business-hours clock escalates in open time: a breach that a priority change
            # made retroactive while the office is closed fires at the next opening.
            return checked_add(m.calendar, breach, timedelta(0))
        assert trigger.delay is not None
        return self._add(m, breach, trigger.delay, trigger.business)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read ``{"levels": [{"name", "trigger", "targets", "action"}], "repeat": {...}}``.

        ``repeat`` is ``{"every": "1h", "times": 3, "time": "business"|"calendar",
        "scope": "last"|"ladder"}`` (``scope`` defaults to ``"last"``: see ``repeat_scope``).
        Errors name the field path (``levels[1].trigger``).

        Examples:
            >>> EscalationLadder.from_dict({"levels": [{"name": "x", "trigger": "soon"}]})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: levels[0].trigger: expected 'breach', a percentage ...
            >>> EscalationLadder.from_dict({"levels": [{"name": "x", "trigger": "breach"}],
            ...                             "repeat": {"evry": "1h"}})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: repeat.evry: unknown key 'evry'; expected one of ['every', 'scope', 'time', 'times']
        """  # noqa: E501
        table = fields(data, required=("levels",), optional=("repeat",), what="a ladder")
        listed = as_list(table["levels"], "levels", "a list of levels")
        _check_count(len(listed))  # before reading each: a long list is refused at once
        levels = [_level_from_dict(item, join("levels", i)) for i, item in enumerate(listed)]
        repeat = table.get("repeat")
        return cls(levels, **({} if repeat is None else _repeat_from_dict(repeat, "repeat")))

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
            if self.repeat_scope != "last":  # the default is left out: older readers read it
                out["repeat"]["scope"] = self.repeat_scope
        return out


def _naming_step(exc: CalendarError, where: str) -> CalendarError:
    """``exc`` (of the same class) saying which level or repeat of the ladder it is about.

    A calendar query fails on an instant past the supported range or a search of 200 years
    (a delay or repeat of decades on a calendar open two hours a week): without this, the
    error said "the answer lies more than 200 years away" and named no value of the ladder.
    """
    try:
        return type(exc)(f"{where}: {exc}")
    except Exception:  # a subclass with another constructor: keep the error as it was
        return exc


def _utc_or_none(t: datetime | None) -> datetime | None:
    return None if t is None else t.astimezone(UTC)


def _in_utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


def _running_at(spans: Sequence[tuple[datetime, datetime | None]], x: datetime) -> bool:
    """Whether the clock runs at ``x`` (inside one of its intervals ``[a, b)``)."""
    i = bisect_right(spans, x, key=_span_start) - 1
    if i < 0:
        return False
    end = spans[i][1]
    return end is None or x < end


def _span_start(span: tuple[datetime, datetime | None]) -> datetime:
    return span[0]


def _reminder(m: Measurement, delay: timedelta, business: bool) -> datetime | None:
    """When ``delay`` is left before the deadline (see ``Trigger.before_due``)."""
    cal = m.calendar
    if not m.spans:  # a measurement built by hand: count back from its deadline
        due = m.due_at
        if due is None:
            return None
        if not business:
            back = utc_add(due, -delay)
        elif callable(getattr(cal, "sub", None)):  # every calendar of this package has ``sub``
            back = checked_sub(cal, due, delay)
        else:  # a CalendarLike of the caller's own: ``sub`` by bisection on its ``elapsed``
            floor = min(m.target_since or m.started_at, due, key=_in_utc)  # (not wall clock)
            back = _back(cal, due, delay, floor)
        return _not_before_target(m, back.astimezone(UTC), business)
    if business or always_open(cal):
        # ``delay`` of open time before the deadline is the instant the clock has used
        # ``within - delay``: with no pause between, exactly ``calendar.sub(due_at, delay)``;
        # a pause pushes both out together, so the live engine (which only knows the deadline
        # projected so far) and the batch view agree.
        used = max(m.target.within - delay, _ZERO)
        x = clock_add(cal, m.spans, used)
        return None if x is None else _not_before_target(m, x, business)
    return _wall_reminder(m, delay)


def _back(cal: Any, due: datetime, delay: timedelta, floor: datetime) -> datetime:
    """``cal.sub(due, delay)`` for a calendar without ``sub``, not before ``floor``: the latest
    instant ``x`` with ``delay`` of open time in ``[x, due)`` (so a subtraction onto an opening
    stays at the opening, as ``sub`` does); with less than that after ``floor``, an instant
    just before it (``sub`` lands earlier still: the caller moves it to the target's start).

    Counting forward from the clock's start instead (``add(start, within - delay)``) put the
    reminder of a measurement whose deadline a pause had moved before the one a calendar with
    ``sub`` gives. A bisection over microseconds: about 50 ``elapsed`` queries.
    """
    a = due.astimezone(UTC)
    lo_at = floor.astimezone(UTC)
    if checked_elapsed(cal, lo_at, a) < delay:
        return lo_at - _ONE_US
    lo, hi = 0, (a - lo_at) // _ONE_US  # elapsed(lo_at + lo, due) >= delay holds at ``lo``
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if checked_elapsed(cal, lo_at + mid * _ONE_US, a) >= delay:
            lo = mid
        else:
            hi = mid - 1
    return lo_at + lo * _ONE_US


def _wall_reminder(m: Measurement, delay: timedelta) -> datetime | None:
    """``delay`` of wall time before the deadline as projected while the clock runs.

    The projection changes only when the clock pauses or resumes: the reminder fires in the
    first running interval that holds ``deadline - delay``.
    """
    spans = m.spans
    for i, (a, b) in enumerate(spans):
        due = clock_add(m.calendar, (*spans[:i], (a, None)), m.target.within)
        assert due is not None  # the last interval runs on
        x = _not_before_target(m, utc_add(due, -delay), False)
        if a <= x and (b is None or x < b):
            return x
    return None


def _not_before_target(m: Measurement, x: datetime, business: bool) -> datetime:
    """``x``, or the instant the target took effect if ``x`` is earlier (in open time)."""
    since = m.target_since or m.started_at
    if x >= since:
        return x
    # A target shorter than the reminder (or made retroactive by a priority change): remind
    # when the target takes effect -- at the next opening, for a business-hours reminder.
    if business and not always_open(m.calendar):
        return checked_add(m.calendar, since, _ZERO).astimezone(UTC)
    return since


def _level_from_dict(data: Any, path: str) -> EscalationLevel:
    table = fields(data, path=path, required=("name", "trigger"), optional=("targets", "action"))
    trigger = Trigger.from_config(table["trigger"], path=join(path, "trigger"))
    parts: dict[str, Any] = {}
    for key, read in (("name", _nonempty_name), ("targets", _targets), ("action", _action)):
        if key in table:
            try:
                parts[key] = read(table[key])
            except ConfigError as exc:
                # Each reader's error is at its own field ("name", "targets[1]"); one with no
                # path (a list that is no list) is at the key.
                raise exc.at(path if exc.path else join(path, key)) from None
    return EscalationLevel(trigger=trigger, **parts)


def _repeat_from_dict(data: Any, path: str) -> dict[str, Any]:
    """``{"every": "1h", "times": 3, "time": "business", "scope": "last"}`` as repeat fields."""
    table = fields(data, path=path, required=("every",), optional=("times", "time", "scope"))
    # A count as the constructor reads it: numpy.int64(3) (a frame's column) or 3.0 is 3; it
    # was "expected 1..100, got 3", a reason the value did not have.
    times = count_value(table.get("times", 1))
    if isinstance(times, bool) or not isinstance(times, int) or not 1 <= times <= MAX_REPEATS:
        raise ConfigError(
            f"expected 1..{MAX_REPEATS}, got {safe_repr(times)}", path=join(path, "times")
        )
    return {
        "repeat_every": parse_duration(table["every"], path=join(path, "every")),
        "repeat_times": times,
        "repeat_business": read_business_time(table.get("time", "business"), join(path, "time")),
        "repeat_scope": _repeat_scope(table.get("scope", "last"), join(path, "scope")),
    }
