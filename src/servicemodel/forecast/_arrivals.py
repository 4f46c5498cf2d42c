"""Arrivals per channel and half hour of the week, counted from a ticket history and forecast."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from statistics import NormalDist, fmean, variance
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import (
    count_field,
    count_value,
    is_bool,
    real_number,
    type_name,
    whole_number,
)
from servicemodel._validators import instance_of, members_of, require_iterable, require_type
from servicemodel.calendar import BusinessCalendar, zone
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    StaffingError,
    require_instant,
)
from servicemodel.kpi._shared import check_fraction, check_level, level_value

#: Half hours in a week: the forecast's slots, Monday 00:00–00:30 local time first.
SLOTS = 336
SLOT = timedelta(minutes=30)
#: Full weeks of history a forecast needs: one for the profile, one more for its spread.
MIN_WEEKS = 2
#: The most full weeks a count reads (twenty years): a span past it is refused, not counted
#: for minutes.
MAX_WEEKS = 1_044


class HistoryTooShortError(StaffingError):
    """The history holds too few full weeks to forecast (or backtest) from; says how many."""


def _created_and_channel(item: Any, i: int) -> tuple[datetime, str]:
    ticket = getattr(item, "ticket", item)  # a TicketHistory or a Ticket
    created = getattr(ticket, "created_at", None)
    channel = getattr(ticket, "channel", None)
    if not isinstance(created, datetime) or not isinstance(channel, str):
        raise InputTypeError(
            f"tickets[{i}]: expected a Ticket or TicketHistory, got {type(item).__name__} "
            f"{safe_repr(item)}"
        )
    return created, channel


def _monday(local: datetime) -> date:
    return local.date() - timedelta(days=local.weekday())


def _slot(local: datetime) -> int:
    return local.weekday() * 48 + local.hour * 2 + local.minute // 30


def slot_start(monday: date, slot: int, tz: tzinfo) -> datetime:
    """The local instant a slot of the week starting ``monday`` begins (zoneinfo's fold=0).

    Examples:
        >>> slot_start(date(2026, 3, 2), 19, ZoneInfo("UTC")).isoformat()  # Monday 09:30
        '2026-03-02T09:30:00+00:00'
    """
    day, half = divmod(slot, 48)
    wall = datetime(monday.year, monday.month, monday.day) + timedelta(days=day, minutes=30 * half)
    return wall.replace(tzinfo=tz)


def _row(value: Any, name: str, kinds: type | tuple[type, ...], width: int) -> None:
    """Refuse ``value`` unless it is a tuple of ``width`` items of ``kinds`` (no bool number)."""
    if not isinstance(value, tuple) or len(value) != width:
        raise InputTypeError(
            f"{name}: expected a tuple of {width} values, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    for item in value:
        if not isinstance(item, kinds) or (kinds is not bool and is_bool(item)):
            raise InputTypeError(
                f"{name}: expected {getattr(kinds, '__name__', 'number')} items, got "
                f"{type(item).__name__} {safe_repr(item)}"
            )


def _rows(value: Any, name: str, kinds: type | tuple[type, ...], height: int, width: int) -> None:
    """Refuse ``value`` unless it is a tuple of ``height`` rows of :func:`_row`."""
    if not isinstance(value, tuple) or len(value) != height:
        raise InputTypeError(
            f"{name}: expected a tuple of {height} weeks, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    for w, row in enumerate(value):
        _row(row, f"{name}[{w}]", kinds, width)


def _width(rows: Any) -> int:
    """The length of the first row (the slots of a week: ``SLOTS`` when counted here)."""
    first = rows[0] if isinstance(rows, tuple) and rows else None
    return len(first) if isinstance(first, tuple) else SLOTS


def _by_channel(value: Any, name: str) -> Mapping[str, Any]:
    """Refuse ``value`` unless it is a mapping keyed by channel names."""
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InputTypeError(
            f"{name}: expected a mapping of channel names, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    return value


def _level_field(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: a confidence level in (0, 1), as ``forecast_arrivals`` reads one."""
    read_level(value, attribute.name)


def _expected_counts(row: tuple[float, ...], name: str, *, floor: bool) -> None:
    """Refuse a forecast row holding a value no half hour can have: NaN, an infinity, a
    number past the float range, or (``floor``: the expected contacts) one below 0; each was
    taken, and planned, as it was. An interval's bound may lie below 0 (an unclipped one)."""
    for s, value in enumerate(row):
        x = real_number(value, f"{name}[{s}]", error=StaffingError)
        if floor and x < 0:
            raise StaffingError(
                f"{name}[{s}]: expected contacts ≥ 0, got {type_name(value)} {safe_repr(value)}"
            )


def _aware_field(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: an aware datetime in the supported range, named in the error."""
    require_instant(value, attribute.name)


@attrs.frozen
class WeeklyCounts:
    """Contacts per channel in each half hour of each full week of a history (local time).

    ``weeks`` are the Mondays of the full weeks; ``counts[channel][w][s]`` the contacts of
    week ``w`` in slot ``s``; ``open[w][s]`` whether the calendar was open then and the half
    hour happened once (closed slots -- nights, holidays, closures -- and the slots a DST
    change skipped or repeated are left out of every estimate). ``next_week`` is the
    Monday of the first week that starts at or after the history's end (``until``, default
    the last contact): the first week the data says nothing about, and the one a forecast
    is for (None: the week after the last full week).
    """

    tz: tzinfo = attrs.field(validator=instance_of(tzinfo))
    weeks: tuple[date, ...] = attrs.field(validator=members_of(date, tuple))
    counts: Mapping[str, tuple[tuple[int, ...], ...]]
    open: tuple[tuple[bool, ...], ...]
    next_week: date | None = attrs.field(default=None, validator=instance_of(date, optional=True))

    def __attrs_post_init__(self) -> None:
        # Built once per count_arrivals: checking every cell costs no more than counting them.
        width = _width(self.open)  # every grid has as many slots as the calendar's rows
        _rows(self.open, "open", bool, len(self.weeks), width)
        for channel, grid in _by_channel(self.counts, "counts").items():
            _rows(grid, f"counts[{channel!r}]", int, len(self.weeks), width)
            for w, row in enumerate(grid):
                if min(row, default=0) < 0:  # a count of contacts: a forecast of -1 a slot
                    s = row.index(min(row))
                    raise StaffingError(
                        f"counts[{channel!r}][{w}][{s}]: expected a count ≥ 0, got {row[s]}"
                    )

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels seen, sorted."""
        return tuple(sorted(self.counts))


def _zone_of(calendar: BusinessCalendar | None, tz: str | tzinfo | None) -> tzinfo:
    if tz is not None:
        # calendar.zone: an unknown name is a ConfigError naming it, not ZoneInfoNotFoundError.
        return zone(tz, "tz") if isinstance(tz, str) else require_type(tz, (tzinfo,), "tz")
    if calendar is None:
        return ZoneInfo("UTC")
    if not isinstance(getattr(calendar, "tz", None), tzinfo):
        raise InputTypeError(
            f"calendar: expected a BusinessCalendar, got {type(calendar).__name__} "
            f"{safe_repr(calendar)}"
        )
    return calendar.tz


def count_arrivals(
    tickets: Iterable[Any],
    *,
    calendar: BusinessCalendar | None = None,
    tz: str | tzinfo | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> WeeklyCounts:
    """Count contacts per channel, week and half hour (in ``tz``, default the calendar's zone).

    Only full weeks count: from the first Monday 00:00 at or after ``since`` (default the
    first contact) to the last Monday 00:00 at or before ``until`` (default the last contact,
    so a partial last week is left out). ``since`` and ``until`` are aware datetimes or None;
    a ``since`` after ``until`` is a ``ConfigError``, and a span of more than ``MAX_WEEKS``
    (1,044, twenty years) full weeks a ``StaffingError`` naming its ends.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.forecast import count_arrivals
        >>> from servicemodel.model import Ticket
        >>> t0 = datetime(2026, 3, 2, 9, 10, tzinfo=timezone.utc)  # a Monday
        >>> c = count_arrivals([Ticket(f"T{i}", t0 + timedelta(weeks=i)) for i in range(3)])
        >>> len(c.weeks), c.counts["email"][0][18]  # the first and last weeks are partial
        (1, 1)
    """
    zone = _zone_of(calendar, tz)
    items = require_iterable(tickets, "tickets")
    stamps = [_created_and_channel(item, i) for i, item in enumerate(items)]
    if not stamps:
        raise HistoryTooShortError(
            f"no tickets: a forecast needs at least {MIN_WEEKS} full weeks of history"
        )
    # Sorted by the instant (same-zone datetimes would compare by wall clock across DST).
    stamps.sort(key=lambda pair: pair[0].astimezone(UTC))
    utc = [(created.astimezone(zone), channel) for created, channel in stamps]
    # ``is None``, not truth: a 0, False or [] given for an instant was read as no bound.
    lo = (utc[0][0] if since is None else require_instant(since, "since")).astimezone(zone)
    hi = (utc[-1][0] if until is None else require_instant(until, "until")).astimezone(zone)
    if hi < lo:
        raise ConfigError(
            f"since {lo.isoformat()} is after until {hi.isoformat()}: no week lies between them"
        )
    first = _monday(lo) + (
        timedelta(0) if lo == _midnight(lo) and lo.weekday() == 0 else timedelta(7)
    )
    last = _monday(hi)
    n_weeks = max(0, (last - first).days // 7)
    if n_weeks > MAX_WEEKS:
        # Each week costs a pass over its 336 slots: a since or until a century off (a typo
        # for the year, or one stray ticket) ran for minutes instead of saying so.
        raise StaffingError(
            f"the history from {lo.isoformat()} to {hi.isoformat()} holds {n_weeks:,} full "
            f"weeks, more than the {MAX_WEEKS:,} a count of arrivals reads; give since and "
            f"until to count a shorter span"
        )
    weeks = tuple(first + timedelta(weeks=w) for w in range(n_weeks))
    index = {monday: w for w, monday in enumerate(weeks)}
    grids: dict[str, list[list[int]]] = {}
    for local, channel in utc:
        w = index.get(_monday(local))
        grid = grids.setdefault(channel, [[0] * SLOTS for _ in weeks])
        if w is not None:
            grid[w][_slot(local)] += 1
    open_ = tuple(_open_slots(calendar, monday, zone, once=True) for monday in weeks)
    counts = {ch: tuple(tuple(row) for row in grid) for ch, grid in grids.items()}
    # The export's last, partial week is in the data: the next week starts after it.
    after = last if hi == _midnight(hi) and hi.weekday() == 0 else last + timedelta(weeks=1)
    return WeeklyCounts(zone, weeks, counts, open_, after)


def _midnight(local: datetime) -> datetime:
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _happens_once(monday: date, slot: int, tz: tzinfo) -> bool:
    """Whether the slot's local times occur exactly once (no DST gap or repeat in it).

    PEP 495: a local time in a gap or a repeat has different offsets for fold=0 and fold=1.
    """
    start = slot_start(monday, slot, tz)
    return all(t.utcoffset() == t.replace(fold=1).utcoffset() for t in (start, start + SLOT / 2))


def _open_slots(
    calendar: BusinessCalendar | None, monday: date, tz: tzinfo, *, once: bool = False
) -> tuple[bool, ...]:
    # Open if the calendar is open at the slot's midpoint: a slot half open counts as open.
    out = [
        calendar is None or calendar.is_open(slot_start(monday, s, tz) + SLOT / 2)
        for s in range(SLOTS)
    ]
    if once:
        # A counted week's slot is an observation of one half hour only when it happened
        # once: the hour a spring change skips has no contacts (it was counted as a quiet
        # 0), and both passes of an autumn repeat fall into one slot (counted double). Left
        # out of the estimate, as a closed slot is.
        out = [o and _happens_once(monday, s, tz) for s, o in enumerate(out)]
    return tuple(out)


@attrs.frozen
class ArrivalForecast:
    """Forecast contacts per channel for each half hour of one week, with intervals.

    ``mean[channel][s]`` is the expected count in slot ``s`` (Monday 00:00 local first),
    ``low``/``high`` the ``level`` prediction interval; ``open[s]`` is False where the
    calendar is closed in the forecast week (forecast 0, no staff needed). A forecast of 336
    slots starts on a Monday at 00:00 in its zone (another start is a ``StaffingError``); one
    of another number of slots may start at any instant. ``level`` is in (0, 1) (else a
    ``ConfigError``), every ``mean``, ``low`` and ``high`` a finite number, and every ``mean``
    ≥ 0 (else a ``StaffingError`` naming the row, the slot and the value).
    """

    start: datetime = attrs.field(validator=_aware_field)
    level: float = attrs.field(converter=level_value, validator=_level_field)
    weeks_used: int = attrs.field(converter=count_value, validator=count_field)
    mean: Mapping[str, tuple[float, ...]]
    low: Mapping[str, tuple[float, ...]]
    high: Mapping[str, tuple[float, ...]]
    open: tuple[bool, ...]

    def __attrs_post_init__(self) -> None:
        # Every row has a value per slot of ``open`` (``SLOTS`` when forecast here).
        _row(self.open, "open", bool, len(self.open) if isinstance(self.open, tuple) else SLOTS)
        if len(self.open) == SLOTS and not _monday_midnight(self.start):
            # Slot 0 is Monday 00:00 local: from another start, the slots' forecasts would be
            # laid on the wrong half hours, and the week's rows (to_records, plan_week) would
            # stop at the next Monday, short of a week.
            raise StaffingError(
                f"start: a forecast of {SLOTS} half hours of the week starts on a Monday at "
                f"00:00 local time (slot 0), got {self.start.isoformat()} (a "
                f"{self.start.strftime('%A')})"
            )
        channels = set(_by_channel(self.mean, "mean"))
        for name in ("mean", "low", "high"):
            table = _by_channel(getattr(self, name), name)
            if set(table) != channels:
                raise InputTypeError(
                    f"{name}: channels {sorted(table)} differ from mean's {sorted(channels)}"
                )
            for channel, row in table.items():
                where = f"{name}[{channel!r}]"
                _row(row, f"{where} (a value per slot of open)", (int, float), len(self.open))
                _expected_counts(row, where, floor=name == "mean")

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels forecast, sorted."""
        return tuple(sorted(self.mean))

    def calls(self, channel: str | None = None) -> tuple[float, ...]:
        """Expected contacts per slot for ``channel`` (all channels together when None).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.forecast import forecast_arrivals
            >>> from servicemodel.model import Ticket
            >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
            >>> ts = [Ticket(f"T{i}", t0 + timedelta(weeks=i), channel="chat") for i in range(4)]
            >>> f = forecast_arrivals(ts)  # full weeks: the 2nd and 3rd
            >>> f.calls("chat")[18], f.start.date().isoformat()
            (1.0, '2026-03-30')
        """
        if channel is None:
            return tuple(map(math.fsum, zip(*self.mean.values(), strict=True)))
        if not isinstance(channel, str):  # the wrong type: no channel name at all
            raise InputTypeError(
                f"channel: expected a channel name (str) or None, got {type_name(channel)} "
                f"{safe_repr(channel)}"
            )
        if channel not in self.mean:
            raise StaffingError(
                f"no forecast for channel {safe_repr(channel)}; channels: {list(self.channels)}"
            )
        return self.mean[channel]

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per channel and real half hour of the week: start, slot, channel, mean, ...

        The records are the forecast week's real half hours, the rows ``plan_week`` staffs:
        ``start`` is a real instant in the forecast's zone with its UTC offset, each 30
        minutes of real time after the one before, from Monday 00:00 to Monday 00:00 local
        time. ``slot`` is the half hour of the local week it falls in (Monday 00:00 is 0), and
        ``mean``, ``low``, ``high`` and ``open`` are that slot's forecast: the profile is kept
        by local time of day, the time contacts follow. A week with a DST change has 334 or
        338 records per channel, not 336: the slots of the hour a spring change skips have no
        record (there is no 02:00 on that Sunday in Europe/Berlin: 01:30+01:00 is followed by
        03:00+02:00), and the two passes of an autumn repeat are two records with the same
        slot, told apart by their offsets (``02:00+02:00``, then ``02:00+01:00``), each
        expecting that half hour's contacts. The local times follow the IANA time zone
        database through ``zoneinfo`` (PEP 615; the fold of a repeated time, PEP 495).
        A forecast built with other than 336 slots has one record per slot, in real half
        hours from ``start``.

        Examples:
            >>> from datetime import datetime
            >>> from zoneinfo import ZoneInfo
            >>> from servicemodel.forecast import ArrivalForecast
            >>> f = ArrivalForecast(datetime(2026, 10, 19, tzinfo=ZoneInfo("Europe/Berlin")),
            ...     0.8, 2, {"chat": (1.0,) * 336}, {"chat": (0.0,) * 336},
            ...     {"chat": (2.0,) * 336}, (True,) * 336)
            >>> records = f.to_records()
            >>> len(records), [(r["start"].isoformat(), r["slot"]) for r in records[294:296]]
            (338, [('2026-10-25T02:00:00+01:00', 292), ('2026-10-25T02:30:00+01:00', 293)])
        """
        halves = real_half_hours(self.start, len(self.open))
        out = []
        for channel in self.channels:
            for at, s in halves:
                out.append(
                    {
                        "start": at,
                        "slot": s,
                        "channel": channel,
                        "mean": self.mean[channel][s],
                        "low": self.low[channel][s],
                        "high": self.high[channel][s],
                        "open": self.open[s],
                    }
                )
        return out


def week_end(start: datetime) -> datetime:
    """The next Monday 00:00 local after ``start``'s local date, in UTC: the end of its week.

    Local in ``start``'s own zone, by zoneinfo's fold=0 (a midnight in a gap moves forward).

    Examples:
        >>> week_end(datetime(2026, 3, 23, tzinfo=ZoneInfo("Europe/Berlin"))).isoformat()
        '2026-03-29T22:00:00+00:00'
    """
    tz = start.tzinfo
    local = start.astimezone(tz)
    monday = datetime(local.year, local.month, local.day) + timedelta(days=7 - local.weekday())
    return monday.replace(tzinfo=tz).astimezone(UTC)


def real_half_hours(start: datetime, slots: int) -> list[tuple[datetime, int]]:
    """A forecast week's real half hours from ``start``: ``(start, slot of the local week)``.

    Each is 30 minutes of real time after the one before (added in UTC, shown in ``start``'s
    zone), up to the next Monday 00:00 local: the rows ``plan_week`` gives (``week_calls``).

    Examples:
        >>> halves = real_half_hours(datetime(2026, 3, 23, tzinfo=ZoneInfo("Europe/Berlin")), 336)
        >>> len(halves), [(t.strftime("%H:%M%z"), s) for t, s in halves[291:293]]
        (334, [('01:30+0100', 291), ('03:00+0200', 294)])
    """
    tz = start.tzinfo
    assert tz is not None  # ArrivalForecast.start is aware
    first = start.astimezone(UTC)
    if slots != SLOTS:
        # No week to follow: the slots are consecutive real half hours from the start.
        return [((first + SLOT * s).astimezone(tz), s) for s in range(slots)]
    end = week_end(start)
    out = []
    for i in range(int((end - first) / SLOT)):
        at = (first + SLOT * i).astimezone(tz)
        out.append((at, _slot(at)))
    return out


def _monday_midnight(start: datetime) -> bool:
    """Whether ``start`` is written as a Monday 00:00 (its own wall time, as ``slot_start``
    gives it: a midnight in a DST gap counts, as zoneinfo moves it forward)."""
    return start.weekday() == 0 and start.time() == time(0)


def read_count(
    value: Any, name: str, low: int, high: int | None = None, *, or_none: bool = False
) -> int:
    """A count argument of the forecast functions as a Python int, from ``low`` (to ``high``).

    Read as every count is (``whole_number``): an int, a numpy int or a whole float (``3.0``,
    a frame's column with a gap) is the int it holds. The library's rule, in one message
    naming ``name``, the value and what is allowed: a bool, text or None is of the wrong
    type (``InputTypeError``); a number holding no whole value (2.5, NaN) or a whole number
    out of range a ``ConfigError``. ``or_none``: the message says None is allowed too (the
    caller reads None itself).

    Examples:
        >>> import numpy as np
        >>> read_count(np.int64(3), "weeks", 1)
        3
        >>> read_count(0, "weeks", 1)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: weeks must be a whole number ≥ 1, got int 0
        >>> read_count("3", "batches", 2, 10_000)
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: batches must be a whole number from 2 to 10000, got str '3'
    """  # noqa: E501
    allowed = f"≥ {low}" if high is None else f"from {low} to {high}"
    allowed += " or None" if or_none else ""
    message = f"{name} must be a whole number {allowed}, got {type_name(value)} {safe_repr(value)}"
    try:
        whole = whole_number(value, name)
    except InputTypeError:
        raise InputTypeError(message) from None
    except ConfigError:
        raise ConfigError(message) from None
    if whole < low or (high is not None and whole > high):
        raise ConfigError(message)
    return whole


def read_choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    """A choice argument (``mode``): one of ``choices``, else raise naming it and the value.

    Not text is of the wrong type (``InputTypeError``); text that is none of the choices a
    ``ConfigError``. Both list the choices.

    Examples:
        >>> read_choice("weekly", "mode", ("steady", "week"))
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: mode must be 'steady' or 'week', got str 'weekly'
    """
    allowed = " or ".join(map(repr, choices))
    message = f"{name} must be {allowed}, got {type_name(value)} {safe_repr(value)}"
    if not isinstance(value, str):  # text first: an array answers == with an array
        raise InputTypeError(message)
    if value not in choices:
        raise ConfigError(message)
    return value


def read_level(value: Any, name: str = "level") -> float:
    """A confidence level in (0, 1) as a float, else raise naming it and the value.

    The library's one rule of a level (``check_level``, as kpi reads one): any real number is
    of the right type, read as the decimal it prints as (``numpy.float32(0.95)`` is 0.95, not
    the 0.949999988... its bits hold; a ``Decimal`` or ``Fraction`` is the float it is); NaN,
    an infinity, one outside (0, 1) or one so close to 1 that no critical value exists in
    floating point is a ``ConfigError``; a bool, text or None an ``InputTypeError``. The
    message is this package's own.

    Examples:
        >>> import numpy as np
        >>> read_level(0.95), read_level(np.float32(0.95))
        (0.95, 0.95)
        >>> read_level(95)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: level must be a number in (0, 1), got int 95
    """
    message = f"{name} must be a number in (0, 1), got {type_name(value)} {safe_repr(value)}"
    try:
        number = check_fraction(value, name)
    except InputTypeError:
        raise InputTypeError(message) from None
    except ConfigError:
        raise ConfigError(message) from None
    try:
        return check_level(number)
    except ConfigError:  # 1 - 1e-16: 0.5 + level / 2 rounds to 1, which has no quantile
        raise ConfigError(
            f"{message}, too close to 1 for a critical value to exist in floating point"
        ) from None


def _check_level(level: float) -> float:
    return read_level(level)


def profile(
    counts: WeeklyCounts, weeks: range, level: float
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, list[float]]]:
    """Mean and ``level`` interval per channel and slot over the open slots of ``weeks``.

    The interval treats next week's count as the mean plus noise of variance
    ``max(mean, s²)·(1 + 1/n)``: Poisson at least, more if the weeks disagree (overdispersion),
    plus the uncertainty of a mean of ``n`` weeks; normal quantiles, clipped at 0.
    """
    z = NormalDist().inv_cdf(0.5 + level / 2)
    mean: dict[str, list[float]] = {}
    low: dict[str, list[float]] = {}
    high: dict[str, list[float]] = {}
    for channel, grid in counts.counts.items():
        m_row, lo_row, hi_row = [], [], []
        for s in range(SLOTS):
            seen = [grid[w][s] for w in weeks if counts.open[w][s]]
            if not seen:
                m_row.append(0.0)
                lo_row.append(0.0)
                hi_row.append(0.0)
                continue
            m = fmean(seen)
            spread = variance(seen) if len(seen) > 1 else m
            half = z * math.sqrt(max(m, spread) * (1 + 1 / len(seen)))
            m_row.append(m)
            lo_row.append(max(0.0, m - half))
            hi_row.append(m + half)
        mean[channel], low[channel], high[channel] = m_row, lo_row, hi_row
    return mean, low, high


def _check_recent(recent: int | None) -> int | None:
    """``recent``: None (every week) or a whole number of weeks ≥ 2 (``read_count``)."""
    return None if recent is None else read_count(recent, "recent", MIN_WEEKS, or_none=True)


def forecast_arrivals(
    tickets: Iterable[Any],
    *,
    calendar: BusinessCalendar | None = None,
    tz: str | tzinfo | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    recent: int | None = 8,
    level: float = 0.8,
) -> ArrivalForecast:
    """Forecast next week's contacts per channel and half hour from a ticket history.

    The seasonal profile is the mean count of each half hour of the week over the last
    ``recent`` full weeks (all of them when None), leaving out slots the calendar had closed
    (nights, holidays, closures); the forecast week is the first week starting at or after the
    history's end (``until``, default the last contact -- so never a week the export already
    holds part of, as its partial last week), and its closed slots are forecast as 0. Needs
    at least 2 full weeks; fewer raise
    [`HistoryTooShortError`][servicemodel.forecast.HistoryTooShortError] saying how many there
    are.

    ``recent`` is a count (an int, a numpy int or ``8.0``) ≥ 2, or None; ``level`` a number
    in (0, 1). A bool or text is an ``InputTypeError``; a number not allowed (``recent=1``,
    2.5, NaN, ``level=80``) a ``ConfigError``; each names the argument, the value and what is
    allowed.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.calendar import BusinessCalendar
        >>> from servicemodel.forecast import forecast_arrivals
        >>> from servicemodel.model import Ticket
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> ts = [Ticket(f"T{i}", t0 + timedelta(weeks=i)) for i in range(5)]
        >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "08:00-18:00"})
        >>> f = forecast_arrivals(ts, calendar=cal)
        >>> f.weeks_used, f.mean["email"][18], f.open[18], f.open[0]
        (3, 1.0, True, False)
        >>> f.start.date()  # the last ticket came on Monday 2026-03-30: the week after it
        datetime.date(2026, 4, 6)
    """
    counts = count_arrivals(tickets, calendar=calendar, tz=tz, since=since, until=until)
    lvl = _check_level(level)
    n = len(counts.weeks)
    if n < MIN_WEEKS:
        raise HistoryTooShortError(
            f"a forecast needs at least {MIN_WEEKS} full weeks (Monday to Monday, "
            f"{SLOTS} half hours each) of history; this one has {n}"
        )
    keep = _check_recent(recent) or n
    used = range(max(0, n - keep), n)
    mean, low, high = profile(counts, used, lvl)
    # Not the week after the last *full* week: when the export ends mid-week, that week is
    # the export's partial last week, whose first days the data already holds.
    monday = counts.next_week or counts.weeks[-1] + timedelta(weeks=1)
    open_ = _open_slots(calendar, monday, counts.tz)
    for table in (mean, low, high):
        for row in table.values():
            for s in range(SLOTS):
                if not open_[s]:
                    row[s] = 0.0
    start = slot_start(monday, 0, counts.tz)
    return ArrivalForecast(
        start=start,
        level=lvl,
        weeks_used=len(used),
        mean={c: tuple(v) for c, v in mean.items()},
        low={c: tuple(v) for c, v in low.items()},
        high={c: tuple(v) for c, v in high.items()},
        open=open_,
    )


def _handle_time(value: Any, name: str) -> float:
    """A handle time in seconds: a bool is of the wrong type (``InputTypeError``), as text is."""
    if is_bool(value):
        raise InputTypeError(
            f"{name}: expected a number, got {type_name(value)} {safe_repr(value)}"
        )
    return real_number(value, name, error=StaffingError)


def handle_times(
    tickets: Iterable[Any], *, key: str = "handle_time", given: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Mean handle time in seconds per channel, from ``attributes[key]`` where tickets have it.

    ``given`` values win over the history's (for channels whose data has no handle time).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.forecast import handle_times
        >>> from servicemodel.model import Ticket
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> ts = [Ticket("A", t0, channel="chat", attributes={"handle_time": 300}),
        ...       Ticket("B", t0, channel="chat", attributes={"handle_time": 500})]
        >>> handle_times(ts, given={"phone": 240})
        {'chat': 400.0, 'phone': 240.0}
    """
    require_type(key, str, "key")
    if given is not None and not isinstance(given, Mapping):
        raise InputTypeError(f"given: expected a mapping, got {type(given).__name__}")
    seen: dict[str, list[float]] = {}
    for i, item in enumerate(require_iterable(tickets, "tickets")):
        _created_and_channel(item, i)  # refuses what is no ticket or history
        value = getattr(item, "ticket", item).attributes.get(key)
        if value is None:
            continue
        seconds = _handle_time(value, f"tickets[{i}].attributes.{key}")
        if seconds <= 0:
            raise StaffingError(
                f"tickets[{i}].attributes.{key} must be > 0, got {safe_repr(value)}"
            )
        seen.setdefault(_created_and_channel(item, i)[1], []).append(seconds)
    out = {channel: fmean(values) for channel, values in seen.items()}
    for channel, value in (given or {}).items():
        require_type(channel, str, "given: a channel")
        seconds = _handle_time(value, f"given[{channel!r}]")
        if seconds <= 0:
            raise StaffingError(
                f"handle time for {safe_repr(channel)} must be > 0, got {safe_repr(value)}"
            )
        out[channel] = seconds
    return dict(sorted(out.items()))
