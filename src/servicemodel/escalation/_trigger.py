"""Private: escalation triggers -- when a level of a ladder fires.

Examples:
    >>> Trigger.from_config("75%")
    Trigger(kind=<TriggerKind.FRACTION: 'fraction'>, fraction=0.75, delay=None, business=True)
    >>> Trigger.from_config({"after_breach": "2h", "time": "calendar"}).to_config()
    {'after_breach': '2h', 'time': 'calendar'}
"""

from __future__ import annotations

import enum
from datetime import timedelta
from typing import Any

import attrs

from servicemodel._config import fields, join, safe_repr
from servicemodel._numbers import percent_hint, plain_number
from servicemodel._validators import instance_of
from servicemodel.errors import ConfigError
from servicemodel.model._shared import pasteable
from servicemodel.sla._shared import format_duration, parse_duration

__all__ = ["Trigger", "TriggerKind", "optional_duration", "read_business_time"]

_DELAY_KINDS = ("after_breach", "after_previous", "before_due")


def optional_duration(value: Any) -> timedelta | None:
    """A positive duration, or ``None`` (the converter of optional delays and repeats)."""
    return None if value is None else parse_duration(value)


def read_business_time(value: Any, path: str) -> bool:
    """``time = "business"`` (the default) or ``"calendar"``: whether a delay counts open hours.

    Examples:
        >>> read_business_time("wall", "repeat.time")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: repeat.time: expected 'business' or 'calendar', got 'wall'
    """
    # The text itself is compared (str.__eq__): ``in`` would call the value's own ==, which
    # for an array raises (and for a str subclass may say anything).
    for word in ("business", "calendar"):
        if isinstance(value, str) and str.__eq__(value, word) is True:
            return word == "business"
    raise ConfigError(f"expected 'business' or 'calendar', got {safe_repr(value)}", path=path)


@pasteable
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
    BEFORE_DUE = "before_due"


#: The kinds that take a delay.
_DELAYED = (TriggerKind.AFTER_BREACH, TriggerKind.AFTER_PREVIOUS, TriggerKind.BEFORE_DUE)


def _kind(value: Any) -> TriggerKind:
    try:
        return TriggerKind(value)
    except ValueError:
        raise ConfigError(
            f"unknown trigger {safe_repr(value)}; expected one of {[k.value for k in TriggerKind]}"
        ) from None


@attrs.frozen
class Trigger:
    """When a level fires; build one with the classmethods rather than by hand.

    A ``FRACTION`` trigger fires when the clock has run ``fraction`` of its target (business
    time, pauses excluded); ``BREACH`` when the deadline passes; ``AFTER_BREACH`` and
    ``AFTER_PREVIOUS`` a ``delay`` after the breach or after the previous level (the clock's
    start, for a first level); ``BEFORE_DUE`` a ``delay`` before the deadline (a reminder,
    as Freshdesk's "2 business hours before due"), counted backwards. Delays count on the
    measurement's calendar (``business=True``) or in plain hours.

    Examples:
        >>> Trigger.after_breach("2h").delay
        datetime.timedelta(seconds=7200)
        >>> Trigger.at_fraction(1.5)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: fraction: a fraction of the target must be in (0, 1], got 1.5
    """  # noqa: E501

    kind: TriggerKind = attrs.field(converter=_kind)
    fraction: float | None = attrs.field(default=None, converter=plain_number)
    delay: timedelta | None = attrs.field(default=None, converter=optional_duration)
    business: bool = attrs.field(default=True, validator=instance_of(bool))

    def __attrs_post_init__(self) -> None:
        if self.kind is TriggerKind.FRACTION:
            f = self.fraction
            if isinstance(f, bool) or not isinstance(f, int | float) or not 0 < f <= 1:
                # 75 for 75 %: the usual slip, as OTRS and the config's "75%" speak in percent.
                hint = ""
                # Only a value that reads as a percentage (2 to 100) gets one: formatting an
                # int past the float range for the hint raised OverflowError.
                if not isinstance(f, bool) and isinstance(f, int | float) and 2 <= f <= 100:
                    hint = percent_hint(f, also=f"'{f:g}%'")
                raise ConfigError(
                    f"a fraction of the target must be in (0, 1], got {safe_repr(f)}{hint}",
                    path="fraction",
                )
        elif self.fraction is not None:
            raise ConfigError(f"only a fraction trigger has a fraction, not {self.kind.value!r}")
        needs_delay = self.kind in _DELAYED
        if needs_delay and self.delay is None:
            raise ConfigError(
                f"a {self.kind.value!r} trigger needs a delay, got None", path="delay"
            )
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
    def before_due(cls, delay: Any, *, business: bool = True) -> Trigger:
        """Fire ``delay`` before the deadline (a reminder), counted backwards from ``due_at``.

        With ``business=True`` (the default) the delay is open time on the measurement's
        calendar, counted back from the deadline (``calendar.sub``): two business hours
        before a Monday 10:00 deadline on 09:00-17:00 hours is Friday 16:00. Put another way,
        it fires when the clock has ``delay`` of its target left, so a pause that pushes the
        deadline out pushes the reminder out too. With ``business=False`` it is ``delay`` of
        wall time before the deadline as projected while the clock runs. A reminder never
        fires before the clock starts (nor before the priority change that set the target in
        force): it fires then instead.

        Examples:
            >>> Trigger.before_due("2h").to_config()
            {'before_due': '2h', 'time': 'business'}
        """
        return cls(TriggerKind.BEFORE_DUE, delay=delay, business=business)

    @classmethod
    def from_config(cls, value: Any, *, path: str = "") -> Trigger:
        """Read ``"75%"``, ``0.75``, ``"breach"``, ``{"after_breach": "2h"}``,
        ``{"before_due": "2h"}`` or ``{"after_previous": "1h", "time": "calendar"}``.

        ``path`` is where the trigger sits in a larger configuration (for error messages).

        Examples:
            >>> Trigger.from_config("50%").fraction
            0.5
            >>> Trigger.from_config({"after_brech": "2h"}, path="levels[0].trigger")
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: levels[0].trigger.after_brech: unknown key 'after_brech'; expected one of [...]
        """  # noqa: E501
        value = plain_number(value)  # a numpy number is the number it holds
        try:
            if isinstance(value, bool):
                raise ConfigError(f"expected a trigger, got {safe_repr(value)}")
            if isinstance(value, int | float):
                return cls.at_fraction(value)
            if isinstance(value, str):
                return cls._from_text(value)
        except ConfigError as exc:
            raise exc.at(path) from None
        return cls._from_table(value, path)

    @classmethod
    def _from_text(cls, value: str) -> Trigger:
        text = value.strip().lower()
        if text == "breach":
            return cls.at_breach()
        if text.endswith("%"):
            try:
                percent = float(text[:-1])
            except ValueError:
                percent = None
            if percent is not None:
                if not 0 < percent <= 100:  # named as written, not as the fraction it gives
                    raise ConfigError(
                        f"a percentage of the target must be above 0% and at most 100%, "
                        f"got {safe_repr(value)}"
                    )
                return cls.at_fraction(percent / 100)
        raise ConfigError(
            f"expected 'breach', a percentage such as '75%' or a mapping, got {safe_repr(value)}"
        )

    @classmethod
    def _from_table(cls, value: Any, path: str) -> Trigger:
        table = fields(
            value, path=path, optional=("fraction", *_DELAY_KINDS, "time"), what="a trigger"
        )
        keys = sorted(set(table) - {"time"})
        if len(keys) != 1:
            raise ConfigError(
                "expected one of 'after_breach', 'after_previous', 'before_due' or 'fraction' "
                f"(and optionally 'time'), got {sorted(table)}",
                path=path,
            )
        (key,) = keys
        business = read_business_time(table.get("time", "business"), join(path, "time"))
        try:
            if key == "fraction":
                return cls.at_fraction(table[key])
            delay = parse_duration(table[key], path=key)
            return cls(TriggerKind(key), delay=delay, business=business)
        except ConfigError as exc:
            raise exc.at(path) from None

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
