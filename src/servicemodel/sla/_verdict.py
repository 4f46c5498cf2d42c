"""Private: a [`Measurement`][servicemodel.sla.Measurement] as plain JSON types, and back.

A desk stores a stopped clock's verdict so that it survives an edit of the policy it was
measured under; the dict therefore holds everything the value holds, the calendar and the
spans the clock counted included, so ``instant_at`` and ``warnings`` still answer after it is
read back. Instants are ISO 8601 strings with their offset (UTC, as the engine computes);
``elapsed_seconds`` and ``remaining_seconds`` are numbers of seconds (exact to the
microsecond: a bare number means minutes in policy files, hence the unit in the key); the
target is in the shape [`Target.from_dict`][servicemodel.sla.Target.from_dict] reads.

Examples:
    >>> from datetime import datetime, timezone
    >>> from servicemodel.model import Ticket, TicketHistory
    >>> from servicemodel.sla._engine import evaluate
    >>> from servicemodel.sla._policy import SLAPolicy, Target
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
    >>> (m,) = evaluate(p, TicketHistory(Ticket("T", t0), []))
    >>> data = measurement_to_dict(m)
    >>> data["state"], data["elapsed_seconds"], data["target"]["within"]
    ('active', 0, '4h')
    >>> measurement_from_dict(data) == m
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from servicemodel._config import as_list, as_mapping, fields, finite_number, join, safe_repr
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import (
    INSTANT_RANGE,
    MAX_INSTANT,
    MIN_INSTANT,
    ConfigError,
    InputTypeError,
    OutOfRangeError,
)
from servicemodel.model import Priority
from servicemodel.sla._config import calendar_ref
from servicemodel.sla._measurement import Measurement, MeasurementState, Metric

if TYPE_CHECKING:
    from servicemodel.sla._clock import ClockInterval

__all__ = ["SCHEMA", "measurement_from_dict", "measurement_to_dict"]

#: The version of the dict ``measurement_to_dict`` writes; bump it (and refuse or upgrade
#: the old shape in ``measurement_from_dict``) whenever the shape changes.
SCHEMA = 1

_ALWAYS = BusinessCalendar.always()
_REQUIRED = (
    "schema",
    "ticket_id",
    "policy",
    "metric",
    "target",
    "priority",
    "state",
    "started_at",
    "due_at",
    "elapsed_seconds",
    "remaining_seconds",
    "evaluated_at",
    "stopped_at",
    "achieved_at",
    "breached_at",
    "cycle",
    "warn_at",
    "spans",
    "target_since",
)
_INSTANTS = (
    "started_at",
    "due_at",
    "evaluated_at",
    "stopped_at",
    "achieved_at",
    "breached_at",
    "target_since",
)
#: The instants every measurement has; the others may be ``null``.
_REQUIRED_INSTANTS = ("started_at", "evaluated_at")


# -- writing -------------------------------------------------------------------------------


def _iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat()


def _seconds(d: timedelta, name: str) -> int | float:
    """Seconds as a JSON number: an int for whole seconds, else exact to the microsecond.

    A float of at most 15 significant digits reads back to the same microsecond; past that
    (a duration of centuries with a fraction of a second) it would not, so it is refused.
    """
    if not d.microseconds:
        return d.days * 86400 + d.seconds
    out = d.total_seconds()
    if timedelta(seconds=out) != d:
        raise OutOfRangeError(
            f"Measurement.{name}: {d!r} cannot be written exactly as a number of seconds"
        )
    return out


def _calendar_out(
    cal: BusinessCalendar, calendars: Mapping[str, BusinessCalendar] | None, what: str
) -> str | dict[str, Any]:
    """A calendar by its name in ``calendars`` when it is one of them, else inline."""
    if calendars is not None:
        for name, known in calendars.items():
            if known == cal:
                return name
    if not isinstance(cal, BusinessCalendar):
        raise InputTypeError(
            f"{what}: only a BusinessCalendar can be written as JSON, got "
            f"{type(cal).__name__} {safe_repr(cal)}"
        )
    return cal.to_dict()


def _calendars(value: Any) -> Mapping[str, BusinessCalendar] | None:
    """The ``calendars`` argument: ``None`` or a table of name to calendar."""
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(c, BusinessCalendar) for k, c in value.items()
    ):
        raise InputTypeError(
            f"calendars: expected a mapping of name to BusinessCalendar, got "
            f"{type(value).__name__} {safe_repr(value)}"
        )
    return value


def _default_calendar(m: Measurement) -> BusinessCalendar:
    """The calendar a dict without ``calendar`` means: the target's own, or 24/7 in UTC."""
    return m.target.calendar_in(_ALWAYS)


def measurement_to_dict(
    m: Measurement, calendars: Mapping[str, BusinessCalendar] | None = None
) -> dict[str, Any]:
    """``Measurement.to_dict`` (see the module docs)."""
    calendars = _calendars(calendars)
    target = m.target.to_dict()
    if m.target.calendar is not None:
        target["calendar"] = _calendar_out(m.target.calendar, calendars, "target.calendar")
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "ticket_id": m.ticket_id,
        "policy": m.policy,
        "metric": m.metric.value,
        "target": target,
        "priority": m.priority.value,
        "state": m.state.value,
        "elapsed_seconds": _seconds(m.elapsed, "elapsed"),
        "remaining_seconds": _seconds(m.remaining, "remaining"),
        "cycle": m.cycle,
        "warn_at": list(m.warn_at),
        "spans": [[_iso(a), _iso(b)] for a, b in m.spans],
    }
    for name in _INSTANTS:
        out[name] = _iso(getattr(m, name))
    # Written only when it is not what its absence means: the clock counts on the
    # policy's calendar (a business-hours target without one of its own).
    if m.calendar != _default_calendar(m):
        out["calendar"] = _calendar_out(m.calendar, calendars, "calendar")
    return out


# -- reading -------------------------------------------------------------------------------


def read_instant(value: Any, path: str) -> datetime:
    """An ISO 8601 instant with its offset, in the supported range, in UTC; anything else a
    ``ConfigError`` at ``path`` (the stored verdicts and live states read theirs so)."""
    if not isinstance(value, str):
        raise ConfigError(f"expected an ISO 8601 instant, got {safe_repr(value)}", path=path)
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"cannot read instant {safe_repr(value)}", path=path) from None
    if t.tzinfo is None:
        raise ConfigError(f"instant {safe_repr(value)} has no UTC offset", path=path)
    if not MIN_INSTANT <= t < MAX_INSTANT:
        raise ConfigError(
            f"instant {safe_repr(value)} is outside the supported range {INSTANT_RANGE}",
            path=path,
        )
    return t.astimezone(UTC)


def _optional_instant(value: Any, path: str) -> datetime | None:
    return None if value is None else read_instant(value, path)


def _duration(value: Any, path: str, *, negative: bool) -> timedelta:
    seconds = finite_number(value, path, what="a number of seconds")
    if seconds < 0 and not negative:
        raise ConfigError(f"expected a number of seconds >= 0, got {safe_repr(value)}", path=path)
    try:
        if isinstance(value, int):  # exact: an int never goes through a float
            return timedelta(seconds=value)
        return timedelta(seconds=seconds)
    except OverflowError:
        raise ConfigError(
            f"{safe_repr(value)} seconds is past the longest duration", path=path
        ) from None


def _choice(value: Any, kind: type[Any], path: str) -> Any:
    try:
        return kind(value)
    except (ValueError, TypeError):
        known = [k.value for k in kind]
        raise ConfigError(
            f"unknown value {safe_repr(value)}; expected one of {known}", path=path
        ) from None


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"expected a string, got {safe_repr(value)}", path=path)
    return value


#: The largest cycle read: the library's counts end at 2**53 (a longer int's repr and its
#: JSON raise ValueError past 4,300 digits).
_MAX_CYCLE = 2**53


def _cycle(value: Any, path: str) -> int:
    if type(value) is not int or not 0 <= value <= _MAX_CYCLE:
        raise ConfigError(
            f"expected a whole number from 0 to 2**53, got {safe_repr(value)}", path=path
        )
    return value


def _warn_at(value: Any, path: str) -> tuple[float, ...]:
    """The thresholds as written, each a fraction in (0, 1) as a policy's ``warn_at`` is
    (a threshold of 0 or 2 was read and warned at the clock's start or never)."""
    items = as_list(value, path, "a list of fractions")
    for i, f in enumerate(items):
        if not 0 < finite_number(f, join(path, i), what="a fraction") < 1:
            raise ConfigError(
                f"a warning threshold is a fraction in (0, 1), got {safe_repr(f)}",
                path=join(path, i),
            )
    return tuple(items)


def _spans(value: Any, path: str) -> tuple[ClockInterval, ...]:
    out: list[ClockInterval] = []
    for i, item in enumerate(as_list(value, path, "a list of [start, end or null] spans")):
        here = join(path, i)
        pair = as_list(item, here, "a [start, end or null] span")
        if len(pair) != 2:
            raise ConfigError(f"expected [start, end or null], got {safe_repr(item)}", path=here)
        start = read_instant(pair[0], join(here, 0))
        end = _optional_instant(pair[1], join(here, 1))
        if end is not None and end < start:
            raise ConfigError(
                f"span ends at {end.isoformat()}, before its start {start.isoformat()}",
                path=join(here, 1),
            )
        if out and (out[-1][1] is None or start < out[-1][1]):
            raise ConfigError(
                f"span starting at {start.isoformat()} overlaps the one before it; spans are "
                "in time order and do not overlap",
                path=join(here, 0),
            )
        out.append((start, end))
    return tuple(out)


def measurement_from_dict(
    data: Any, calendars: Mapping[str, BusinessCalendar] | None = None
) -> Measurement:
    """``Measurement.from_dict`` (see the module docs); errors name the key."""
    from servicemodel.sla._target import Target  # the target module imports the measurement's

    calendars = _calendars(calendars)
    table = fields(data, required=_REQUIRED, optional=("calendar",), what="a measurement")
    version = table["schema"]
    if type(version) is not int or version != SCHEMA:
        raise ConfigError(
            f"unsupported measurement schema {safe_repr(version)} (this version reads "
            f"schema {SCHEMA})",
            path="schema",
        )
    target = Target.from_dict(
        as_mapping(table["target"], "target", "a target table"), calendars, path="target"
    )
    instants = {name: _optional_instant(table[name], name) for name in _INSTANTS}
    for name in _REQUIRED_INSTANTS:
        if instants[name] is None:
            raise ConfigError("expected an ISO 8601 instant, got None", path=name)
    metric = _choice(table["metric"], Metric, "metric")
    if metric is not target.metric:
        raise ConfigError(
            f"metric {metric.value!r} differs from the target's {target.metric.value!r}",
            path="metric",
        )
    cal = (
        target.calendar_in(_ALWAYS)
        if "calendar" not in table
        else calendar_ref(table["calendar"], calendars, "calendar")
    )
    if cal is None:
        raise ConfigError(
            "expected a calendar mapping or a calendar name, got None", path="calendar"
        )
    return Measurement(
        ticket_id=_text(table["ticket_id"], "ticket_id"),
        policy=_text(table["policy"], "policy"),
        metric=metric,
        target=target,
        priority=_choice(table["priority"], Priority, "priority"),
        state=_choice(table["state"], MeasurementState, "state"),
        elapsed=_duration(table["elapsed_seconds"], "elapsed_seconds", negative=False),
        remaining=_duration(table["remaining_seconds"], "remaining_seconds", negative=True),
        cycle=_cycle(table["cycle"], "cycle"),
        warn_at=_warn_at(table["warn_at"], "warn_at"),
        calendar=cal,
        spans=_spans(table["spans"], "spans"),
        **instants,  # type: ignore[arg-type]
    )
