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
from servicemodel._numbers import percent_hint
from servicemodel._validators import iso_datetime
from servicemodel.calendar import BusinessCalendar, CalendarLike
from servicemodel.errors import (
    INSTANT_RANGE,
    MAX_INSTANT,
    MIN_INSTANT,
    ConfigError,
    InputTypeError,
    OutOfRangeError,
)
from servicemodel.model import Priority
from servicemodel.sla._config import calendar_ref, calendar_to_dict, is_calendar
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
    cal: CalendarLike, calendars: Mapping[str, CalendarLike] | None, what: str
) -> str | dict[str, Any]:
    """A calendar by its name in ``calendars`` when it is one of them, else inline (a
    calendar with no dict form, such as one of the caller's own classes, must be named)."""
    if calendars is not None:
        for name, known in calendars.items():
            if known == cal:
                return name
    return calendar_to_dict(cal, what)


def _calendars(value: Any) -> Mapping[str, CalendarLike] | None:
    """The ``calendars`` argument: ``None`` or a table of name to calendar."""
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and is_calendar(c) for k, c in value.items()
    ):
        raise InputTypeError(
            f"calendars: expected a mapping of name to calendar (BusinessCalendar or another "
            f"CalendarLike), got {type(value).__name__} {safe_repr(value)}"
        )
    return value


def _default_calendar(m: Measurement) -> CalendarLike:
    """The calendar a dict without ``calendar`` means: the target's own, or 24/7 in UTC."""
    return m.target.calendar_in(_ALWAYS)


def measurement_to_dict(
    m: Measurement, calendars: Mapping[str, CalendarLike] | None = None
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
        t = iso_datetime(value)
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
        share = finite_number(f, join(path, i), what="a fraction")
        if not 0 < share < 1:
            # 75 for 75 %, in the words of a policy's warn_at (_numbers.percent_hint).
            raise ConfigError(
                f"a warning threshold is a fraction in (0, 1), got {safe_repr(f)}"
                f"{percent_hint(share, hundred=False)}",
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


def _calendar_named(value: Any, calendars: Mapping[str, CalendarLike] | None) -> Any:
    """``calendar_ref``, whose error for an unknown name says where the names come from."""
    try:
        return calendar_ref(value, calendars, "calendar")
    except ConfigError as exc:
        if isinstance(value, str) and value not in (calendars or {}):
            raise ConfigError(
                f"{exc.message}; a verdict stored with to_dict(calendars=...) names its "
                "calendar: pass the same calendars= table to from_dict",
                path=exc.path,
            ) from None
        raise


def measurement_from_dict(
    data: Any, calendars: Mapping[str, CalendarLike] | None = None
) -> Measurement:
    """``Measurement.from_dict`` (see the module docs); errors name the key."""
    from servicemodel.sla._target import Target  # the target module imports the measurement's

    calendars = _calendars(calendars)
    if isinstance(data, str | bytes):
        raise InputTypeError(
            f"expected a measurement's dict, got JSON text {safe_repr(data)}; parse it first "
            "(json.loads) and pass the dict"
        )
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
        else _calendar_named(table["calendar"], calendars)
    )
    if cal is None:
        raise ConfigError(
            "expected a calendar mapping or a calendar name, got None", path="calendar"
        )
    m = Measurement(
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
    _check_relations(m)
    return m


# -- how the fields of an engine-made measurement agree ----------------------------------------

_ZERO = timedelta(0)
#: The metrics whose clock runs once per ticket: their only cycle is 0.
_ONCE = frozenset(Metric) - {Metric.NEXT_REPLY, Metric.PERIODIC_UPDATE}


def _shown(d: timedelta) -> int | float:
    """Seconds for a message (never raises, unlike the exact writer ``_seconds``)."""
    return d.days * 86400 + d.seconds if not d.microseconds else d.total_seconds()


def _when(t: datetime | None) -> str:
    return "null" if t is None else t.isoformat()


def _check_relations(m: Measurement) -> None:
    """Refuse a measurement whose fields disagree in a way no evaluation gives.

    Only the relations every measurement of the engine holds (``_engine._measure`` and its
    fast path ``_plain._measure_one``; a property test holds them over the strategies'
    policies and histories): ``remaining = target.within - elapsed``; the clock is breached
    exactly when it is past its target, and then only it has ``breached_at``; only an
    achieved clock has ``achieved_at``, its stop, at or before ``due_at`` (the engine's one
    boundary rule); a running or paused clock has no stop; only a paused one has no
    ``due_at``; the instants in order; cycles only for the metrics that run more than once.
    Each message names every field its relation reads (a changed field is always named).
    """
    state = m.state.value
    if m.remaining != m.target.within - m.elapsed:
        raise ConfigError(
            f"remaining_seconds {_shown(m.remaining)} differs from "
            f"target.within - elapsed_seconds ({_shown(m.target.within)} - "
            f"{_shown(m.elapsed)})",
            path="remaining_seconds",
        )
    breached = m.state is MeasurementState.BREACHED
    if breached != (m.remaining < _ZERO):
        raise ConfigError(
            f"state {state!r} with remaining_seconds {_shown(m.remaining)}: a "
            "clock is breached exactly when it is past its target (remaining_seconds < 0)",
            path="state",
        )
    if breached != (m.breached_at is not None):
        raise ConfigError(
            f"state {state!r} with breached_at {_when(m.breached_at)}: a breached clock has "
            "breached_at, and no other does",
            path="breached_at",
        )
    achieved = m.state is MeasurementState.ACHIEVED
    if achieved != (m.achieved_at is not None) or (achieved and m.achieved_at != m.stopped_at):
        raise ConfigError(
            f"state {state!r} with achieved_at {_when(m.achieved_at)} and stopped_at "
            f"{_when(m.stopped_at)}: an achieved clock has achieved_at, its stopped_at, and no "
            "other clock has achieved_at",
            path="achieved_at",
        )
    if not m.state.is_final and m.stopped_at is not None:
        raise ConfigError(
            f"state {state!r} with stopped_at {_when(m.stopped_at)}: a stopped clock is "
            "achieved or breached",
            path="stopped_at",
        )
    if (m.state is MeasurementState.PAUSED) != (m.due_at is None):
        raise ConfigError(
            f"state {state!r} with due_at {_when(m.due_at)}: a paused clock has no due_at, "
            "and every other clock has one",
            path="due_at",
        )
    _check_order(m)
    if m.cycle and m.metric in _ONCE:
        raise ConfigError(
            f"cycle {m.cycle} of metric {m.metric.value!r}, which runs once per ticket (only "
            "next_reply and periodic_update count cycles)",
            path="cycle",
        )


def _check_order(m: Measurement) -> None:
    """The instants of a measurement in the order the engine gives them."""
    end = m.evaluated_at if m.stopped_at is None else m.stopped_at
    end_name = "evaluated_at" if m.stopped_at is None else "stopped_at"
    pairs: list[tuple[str, datetime | None, str, datetime | None]] = [
        ("started_at", m.started_at, "evaluated_at", m.evaluated_at),
        ("started_at", m.started_at, "stopped_at", m.stopped_at),
        ("stopped_at", m.stopped_at, "evaluated_at", m.evaluated_at),
        ("started_at", m.started_at, "target_since", m.target_since),
        ("started_at", m.started_at, "breached_at", m.breached_at),
        ("due_at", m.due_at if m.breached_at is not None else None, "breached_at", m.breached_at),
        ("breached_at", m.breached_at, end_name, end),
        # The boundary rule: a clock that stops at or before due_at is achieved.
        ("stopped_at", m.stopped_at if m.achieved_at is not None else None, "due_at", m.due_at),
    ]
    for early, a, late, b in pairs:
        if a is not None and b is not None and b < a:
            raise ConfigError(
                f"{late} {b.isoformat()} is before {early} {a.isoformat()}", path=late
            )
