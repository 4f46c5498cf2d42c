"""Private: an SLA target -- what must happen within how long, on which clock.

Examples:
    >>> Target("first_reply", "4h").within
    datetime.timedelta(seconds=14400)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Self

import attrs

from servicemodel._config import Configurable, fields, join
from servicemodel._validators import instance_of
from servicemodel.calendar import BusinessCalendar, CalendarLike
from servicemodel.errors import ConfigError
from servicemodel.sla._config import (
    calendar_ref,
    calendar_to_dict,
    read_business_time,
    read_metric,
    read_optional_calendar,
    read_within,
)
from servicemodel.sla._duration import format_duration
from servicemodel.sla._measurement import Metric

__all__ = ["Target"]

_ALWAYS = BusinessCalendar.always()
_TARGET_KEYS = ("metric", "within")
_TARGET_OPTIONAL = ("time", "calendar")


def _metric(value: Any) -> Metric:
    return read_metric(value)


def _within(value: Any) -> timedelta:
    return read_within(value)


@attrs.frozen
class Target(Configurable):
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
    business: bool = attrs.field(default=True, validator=instance_of(bool))
    calendar: CalendarLike | None = attrs.field(default=None, converter=read_optional_calendar)

    def __attrs_post_init__(self) -> None:
        if not self.business and self.calendar is not None:
            raise ConfigError(
                "a target in calendar time (time = 'calendar') cannot also name a calendar",
                path="calendar",
            )

    def calendar_in(self, policy_calendar: CalendarLike) -> CalendarLike:
        """The calendar this target's clock counts on, given its policy's calendar.

        Examples:
            >>> from servicemodel.calendar import BusinessCalendar
            >>> office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
            >>> Target("resolution", "8h", business=False).calendar_in(office).is_always_open
            True
        """
        if not self.business:
            return _ALWAYS
        return self.calendar if self.calendar is not None else policy_calendar

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        calendars: Mapping[str, CalendarLike] | None = None,
        *,
        path: str = "",
    ) -> Self:
        """Read ``{"metric", "within", "time": "business"|"calendar", "calendar"}``.

        ``calendar`` is a calendar mapping or the name of one in ``calendars``; ``path`` is
        where the target sits in a larger configuration (for error messages).

        Examples:
            >>> Target.from_dict({"metric": "resolution", "within": "2d", "time": "calendar"})
            Target(metric=<Metric.RESOLUTION: 'resolution'>, within=datetime.timedelta(days=2), business=False, calendar=None)
            >>> Target.from_dict({"metric": "resolution", "withn": "2d"}, path="targets.low[0]")
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: targets.low[0].withn: unknown key 'withn'; expected one of ['calendar', 'metric', 'time', 'within']
        """  # noqa: E501
        table = fields(data, path=path, required=_TARGET_KEYS, optional=_TARGET_OPTIONAL)
        metric = read_metric(table["metric"], join(path, "metric"))
        within = read_within(table["within"], join(path, "within"))
        business = read_business_time(table.get("time", "business"), join(path, "time"))
        calendar = calendar_ref(table.get("calendar"), calendars, join(path, "calendar"))
        try:
            return cls(metric, within, business, calendar)
        except ConfigError as exc:
            raise exc.at(path) from None

    def to_dict(self) -> dict[str, Any]:
        """The target in the shape ``from_dict`` reads.

        ``within`` is written compactly, or as ISO 8601 seconds when it has a fraction of a
        second (which the compact form would drop).

        Examples:
            >>> Target("next_reply", 90).to_dict()
            {'metric': 'next_reply', 'within': '1h 30m', 'time': 'business'}
            >>> Target("next_reply", "PT90.5S").to_dict()["within"]
            'PT90.500000S'
        """
        w = self.within
        out: dict[str, Any] = {
            "metric": self.metric.value,
            "within": (
                format_duration(w)
                if not w.microseconds
                else f"PT{w.days * 86400 + w.seconds}.{w.microseconds:06d}S"
            ),
            "time": "business" if self.business else "calendar",
        }
        if self.calendar is not None:
            out["calendar"] = calendar_to_dict(self.calendar, "calendar")
        return out
