"""Segments and periods: any KPI accumulator, grouped by channel, priority, tag, week...

[`by(key, accumulator)`][servicemodel.kpi.by] returns a
[`Segmented`][servicemodel.kpi.Segmented] accumulator: a mapping of segment to
accumulator that is itself mergeable (merge merges per segment), so segmenting composes with
partitioned runs. Its ``result()`` is a
[`SegmentResult`][servicemodel.kpi.SegmentResult]: an ordered mapping of segment to
result with ``to_records()`` and ``to_frame()``.

Keys are ``"channel"``, ``"priority"``, ``"group"``, ``"agent"``, ``"tag"``, a
[`Periods`][servicemodel.kpi.Periods] value from
[`periods(...)`][servicemodel.kpi.periods], or any function of the record. Periods
(day, ISO week, month, quarter) are computed in a chosen time zone with ``dateutil``; every
period of the range is present in the result, empty ones with no value and ``n = 0``.

Examples:
    >>> from datetime import date, datetime, timedelta, timezone
    >>> from servicemodel.kpi import ReopenRate
    >>> from servicemodel.model import StatusChange, Ticket, TicketHistory
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> hs = [TicketHistory(Ticket(f"T{i}", t0 + timedelta(days=7 * i), channel=c),
    ...                     [StatusChange("s", t0 + timedelta(days=7 * i), status="solved")])
    ...       for i, c in enumerate(["chat", "email", "chat"])]
    >>> by("channel", ReopenRate.empty()).add_many(hs).result()
    SegmentResult(channel)
      chat: reopen rate 0.0 % [0.0, 65.8] (n=2, 95 %)
      email: reopen rate 0.0 % [0.0, 79.3] (n=1, 95 %)
    >>> weekly = by(periods("week", end=date(2026, 3, 30)), ReopenRate.empty())
    >>> [(str(k), e.n) for k, e in weekly.add_many(hs).result().items()]
    [('2026-03-02', 1), ('2026-03-09', 1), ('2026-03-16', 1), ('2026-03-23', 0)]
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import Any, Literal, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule

from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    MergeError,
    MissingExtraError,
    require_aware,
)
from servicemodel.model import TicketHistory

__all__ = [
    "NAMED_KEYS",
    "PeriodUnit",
    "Periods",
    "SegmentKey",
    "SegmentResult",
    "Segmented",
    "by",
    "periods",
]

PeriodUnit: TypeAlias = Literal["day", "week", "month", "quarter"]
_UNITS = ("day", "week", "month", "quarter")
_INSTANTS = ("created", "first_reply", "first_solved", "solved")
_CHUNK = 4096


# --- named keys ------------------------------------------------------------------------------


def _attr(record: Any, name: str, *fallbacks: str) -> Any:
    for attr in (name, *fallbacks):
        if hasattr(record, attr):
            return getattr(record, attr)
    ticket = getattr(record, "ticket", None)
    if ticket is not None:
        for attr in (name, *fallbacks):
            if hasattr(ticket, attr):
                return getattr(ticket, attr)
    raise InputTypeError(
        f"cannot segment {type(record).__name__} {record!r} by {name!r}: it has no .{name}"
    )


def _channel(record: Any) -> Any:
    if isinstance(record, TicketHistory):
        return record.ticket.channel
    return _attr(record, "channel")


def _priority(record: Any) -> Any:
    if isinstance(record, TicketHistory):
        return record.priority_at(record.last_event_at)
    return _attr(record, "priority")


def _group(record: Any) -> Any:
    if isinstance(record, TicketHistory):
        return record.final_group()
    return _attr(record, "group")


def _agent(record: Any) -> Any:
    if isinstance(record, TicketHistory):
        return record.final_assignee()
    return _attr(record, "agent", "assignee")


def _tag(record: Any) -> Any:
    tags = record.ticket.tags if isinstance(record, TicketHistory) else _attr(record, "tags")
    return frozenset(tags) if tags else frozenset({None})


NAMED_KEYS: dict[str, Callable[[Any], Any]] = {
    "channel": _channel,
    "priority": _priority,
    "group": _group,
    "agent": _agent,
    "tag": _tag,
}
"""The keys ``by`` knows by name, and how each reads a record.

For a ticket history: ``channel``; ``priority``, ``group`` and ``agent`` as the ticket ended
(after its last event); ``tag`` puts a ticket in the segment of each of its tags (untagged
tickets go to ``None``). Other records are read by attribute (``agent`` falls back to
``assignee``), or through their ``.ticket``.
"""


# --- periods ---------------------------------------------------------------------------------


def _zone(value: Any) -> str:
    name = value.key if isinstance(value, ZoneInfo) else value
    if not isinstance(name, str):
        raise InputTypeError(f"tz: expected a zone name or ZoneInfo, got {value!r}")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown time zone {name!r}", path="tz") from None
    return name


def _unit(value: Any) -> str:
    if value not in _UNITS:
        raise ConfigError(f"unknown period {value!r}; expected one of {list(_UNITS)}", path="unit")
    return str(value)


def _instant_spec(value: Any) -> Any:
    if callable(value):
        return value
    if value not in _INSTANTS:
        raise ConfigError(
            f"unknown instant {value!r}; expected one of {list(_INSTANTS)} or a function",
            path="at",
        )
    return value


def _bound(value: Any) -> date | datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return require_aware(value, "bound")
    if isinstance(value, date):
        return value
    raise InputTypeError(f"period bounds must be dates or aware datetimes, got {value!r}")


@attrs.frozen
class Periods:
    """A period key: the local start date of the day, ISO week, month or quarter of a record.

    Build one with [`periods(...)`][servicemodel.kpi.periods]. A record's instant is
    its creation by default (``at="created"``; also ``"first_reply"``, ``"first_solved"``,
    ``"solved"`` or a function returning an aware datetime or ``None``); records without that
    instant, or outside ``[start, end)``, are left out and counted in ``Segmented.dropped``.
    Weeks start on Monday (ISO 8601); quarters in January, April, July and October.

    Examples:
        >>> from datetime import datetime, timezone
        >>> p = periods("week", tz="Europe/Berlin")
        >>> p.floor(datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc))  # Monday 00:30 in Berlin
        datetime.date(2026, 3, 2)
        >>> p.label(p.floor(datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)))
        '2026-W10'
    """

    unit: str = attrs.field(converter=_unit)
    tz: str = attrs.field(default="UTC", converter=_zone)
    start: date | datetime | None = attrs.field(default=None, converter=_bound)
    end: date | datetime | None = attrs.field(default=None, converter=_bound)
    at: Any = attrs.field(default="created", converter=_instant_spec)

    def __attrs_post_init__(self) -> None:
        if self.start is None or self.end is None:
            return
        lo = self.start if isinstance(self.start, datetime) else self.period_start(self.start)
        hi = self.end if isinstance(self.end, datetime) else self.period_start(self.end)
        if hi <= lo:
            raise ConfigError(
                f"the range [{self.start.isoformat()}, {self.end.isoformat()}) is empty; "
                "end must be after start",
                path="end",
            )

    @property
    def name(self) -> str:
        """The column name of this key in records: ``"period"``.

        Examples:
            >>> periods("day").name
            'period'
        """
        return "period"

    @property
    def step(self) -> relativedelta:
        """The length of one period.

        Examples:
            >>> periods("quarter").step
            relativedelta(months=+3)
        """
        return {
            "day": relativedelta(days=1),
            "week": relativedelta(weeks=1),
            "month": relativedelta(months=1),
            "quarter": relativedelta(months=3),
        }[self.unit]

    def floor_date(self, day: date) -> date:
        """Return the first date of the period containing the local date ``day``.

        Examples:
            >>> periods("quarter").floor_date(date(2026, 8, 17))
            datetime.date(2026, 7, 1)
        """
        if self.unit == "day":
            return day
        if self.unit == "week":
            return day - timedelta(days=day.weekday())
        if self.unit == "month":
            return day.replace(day=1)
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)

    def floor(self, instant: datetime) -> date:
        """Return the first local date of the period containing the aware ``instant``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> periods("month", tz="America/New_York").floor(
            ...     datetime(2026, 3, 1, 3, tzinfo=timezone.utc))  # still February in New York
            datetime.date(2026, 2, 1)
        """
        require_aware(instant, "instant")
        return self.floor_date(instant.astimezone(ZoneInfo(self.tz)).date())

    def label(self, start: date) -> str:
        """Return a short label: ``2026-03-02``, ``2026-W10``, ``2026-03`` or ``2026-Q1``.

        Examples:
            >>> periods("quarter").label(date(2026, 7, 1))
            '2026-Q3'
        """
        if self.unit == "day":
            return start.isoformat()
        if self.unit == "week":
            year, week, _ = start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.unit == "month":
            return f"{start.year}-{start.month:02d}"
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"

    def period_start(self, start: date) -> datetime:
        """Return the aware instant at which the period beginning on ``start`` begins.

        Examples:
            >>> periods("day", tz="Europe/Berlin").period_start(date(2026, 3, 2)).isoformat()
            '2026-03-02T00:00:00+01:00'
        """
        return datetime(start.year, start.month, start.day, tzinfo=ZoneInfo(self.tz))

    def range(self, first: date, last: date) -> list[date]:
        """Return the start dates of every period from the one of ``first`` to that of ``last``.

        Examples:
            >>> periods("month").range(date(2026, 1, 15), date(2026, 4, 1))
            [datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)]
        """  # noqa: E501
        a, b = self.floor_date(first), self.floor_date(last)
        if b < a:
            return []
        freq, interval = {
            "day": (DAILY, 1),
            "week": (WEEKLY, 1),
            "month": (MONTHLY, 1),
            "quarter": (MONTHLY, 3),
        }[self.unit]
        start = datetime(a.year, a.month, a.day)
        until = datetime(b.year, b.month, b.day)
        rule = rrule(freq, interval=interval, dtstart=start, until=until)  # type: ignore[arg-type]
        return [d.date() for d in rule]

    def _local_bound(self, bound: date | datetime, *, end: bool) -> date:
        if isinstance(bound, datetime):
            local = bound.astimezone(ZoneInfo(self.tz))
            if end:
                local = (bound - timedelta(microseconds=1)).astimezone(ZoneInfo(self.tz))
            return local.date()
        return bound - timedelta(days=1) if end else bound

    def bounds(self) -> tuple[date | None, date | None]:
        """Return the first and last period start dates of the fixed range (``None`` if open).

        Examples:
            >>> periods("week", start=date(2026, 3, 4), end=date(2026, 3, 16)).bounds()
            (datetime.date(2026, 3, 2), datetime.date(2026, 3, 9))
        """
        first = last = None
        if self.start is not None:
            first = self.floor_date(self._local_bound(self.start, end=False))
        if self.end is not None:
            last = self.floor_date(self._local_bound(self.end, end=True))
        return first, last

    def instant(self, record: Any) -> datetime | None:
        """Return the instant of ``record`` that decides its period (``None``: no such instant).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
            >>> periods("day", at="solved").instant(h) is None
            True
        """
        spec = self.at
        if callable(spec):
            value = spec(record)
            return None if value is None else require_aware(value, "at(record)")
        if isinstance(record, TicketHistory):
            if spec == "created":
                return record.created_at
            if spec == "first_reply":
                return record.first_reply_at()
            if spec == "first_solved":
                return record.first_solved_at()
            return record.solved_at()
        for attr in ("at", "created_at"):
            value = getattr(record, attr, None)
            if isinstance(value, datetime):
                return require_aware(value, attr)
        raise InputTypeError(
            f"cannot find the period of {type(record).__name__} {record!r}: it is not a ticket "
            "history and has no .at or .created_at; pass at=<function>"
        )

    def _in_range(self, instant: datetime) -> bool:
        start, end = self.start, self.end
        # Instants compare in UTC (same-zone datetimes compare by wall clock, wrong across DST).
        instant = instant.astimezone(UTC)
        if start is not None:
            if isinstance(start, datetime):
                if instant < start.astimezone(UTC):
                    return False
            elif instant < self.period_start(start):
                return False
        if end is not None:
            if isinstance(end, datetime):
                if instant >= end.astimezone(UTC):
                    return False
            elif instant >= self.period_start(end):
                return False
        return True

    def __call__(self, record: Any) -> date | None:
        """Return the period start date of ``record``, or ``None`` if it falls outside."""
        instant = self.instant(record)
        if instant is None or not self._in_range(instant):
            return None
        return self.floor(instant)


def periods(
    unit: PeriodUnit,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    *,
    tz: str | ZoneInfo = "UTC",
    at: str | Callable[[Any], datetime | None] = "created",
) -> Periods:
    """Return a period key for [`by`][servicemodel.kpi.by] over ``[start, end)``.

    ``start``/``end`` are local dates in ``tz`` or aware datetimes; the result of a segmented
    accumulator has every period from the one containing ``start`` (or the first record) to the
    one containing the end (or the last record), so a trend chart has no silent gaps.

    Examples:
        >>> p = periods("month", date(2026, 1, 1), date(2026, 4, 1), tz="Europe/Berlin")
        >>> [p.label(d) for d in p.range(*p.bounds())]
        ['2026-01', '2026-02', '2026-03']
    """
    return Periods(unit, tz if isinstance(tz, str) else tz.key, start, end, at)


# --- segmented accumulators --------------------------------------------------------------------

SegmentKey: TypeAlias = str | Periods | Callable[[Any], Any]


def _key(value: Any) -> Any:
    if isinstance(value, str):
        if value not in NAMED_KEYS:
            raise ConfigError(
                f"unknown segment key {value!r}; expected one of {sorted(NAMED_KEYS)}, "
                "a periods(...) value or a function",
                path="key",
            )
        return value
    if isinstance(value, Periods) or callable(value):
        return value
    raise InputTypeError(f"key: expected a name, periods(...) or a function, got {value!r}")


def _prototype(value: Any) -> Any:
    if isinstance(value, type):
        value = value.empty() if hasattr(value, "empty") else value()
    elif not (hasattr(value, "add") and hasattr(value, "merge")) and callable(value):
        value = value()
    if not (hasattr(value, "add") and hasattr(value, "merge") and hasattr(value, "result")):
        raise InputTypeError(
            f"expected an accumulator (with add, merge and result) or a factory of one, "
            f"got {value!r}"
        )
    return value


def _sort_key(item: tuple[Any, Any]) -> tuple[int, Any]:
    return (1, 0) if item[0] is None else (0, item[0])


def _ordered(items: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    listed = list(items)
    try:
        return sorted(listed, key=_sort_key)
    except TypeError:
        return sorted(listed, key=lambda kv: (kv[0] is None, type(kv[0]).__name__, str(kv[0])))


def _add_many(acc: Any, records: list[Any]) -> Any:
    adder = getattr(acc, "add_many", None)
    if adder is not None:
        return adder(records)
    for record in records:
        acc = acc.add(record)
    return acc


@attrs.frozen(eq=True, hash=False)
class Segmented:
    """A mergeable mapping of segment to accumulator, built by [by][servicemodel.kpi.by].

    ``parts`` maps each segment seen to its accumulator; ``fill`` lists segments always present
    in the result (empty ones give the empty accumulator's result); ``dropped`` counts records
    that fell in no segment (outside a period range, or without the period's instant).

    Examples:
        >>> from servicemodel.kpi import NPS
        >>> seg = by(lambda x: "high" if x >= 7 else "low", NPS.empty(), name="band")
        >>> seg.add_many([10, 9, 3, 8]).parts["high"].n
        3
    """

    key: Any = attrs.field(converter=_key)
    prototype: Any = attrs.field(converter=_prototype)
    name: str = attrs.field(default="segment", validator=attrs.validators.instance_of(str))
    fill: tuple[Any, ...] = attrs.field(default=(), converter=tuple)
    parts: Mapping[Any, Any] = attrs.field(factory=dict, converter=dict)
    dropped: int = attrs.field(default=0, validator=attrs.validators.ge(0))

    def _params(self) -> tuple[Any, ...]:
        return (self.key, self.prototype, self.name, self.fill)

    def segments_of(self, record: Any) -> tuple[Any, ...]:
        """Return the segments ``record`` belongs to (several for tags, none if dropped).

        A key function returning a ``set``/``frozenset`` puts the record in each member's
        segment; any other value (a tuple included) is one segment.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.kpi import ReopenRate
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), tags={"vip", "bug"})
            >>> sorted(by("tag", ReopenRate.empty()).segments_of(TicketHistory(t, [])))
            ['bug', 'vip']
        """
        key = self.key
        if isinstance(key, str):
            value = NAMED_KEYS[key](record)
        else:
            value = key(record)
            if isinstance(key, Periods) and value is None:
                return ()
        if isinstance(value, set | frozenset):
            return tuple(value)
        return (value,)

    def _with(self, parts: dict[Any, Any], dropped: int) -> Segmented:
        return Segmented(self.key, self.prototype, self.name, self.fill, parts, dropped)

    def add(self, record: Any) -> Segmented:
        """Return a new accumulator with ``record`` added to each of its segments.

        Examples:
            >>> from servicemodel.kpi import CSAT
            >>> by(lambda x: x % 2, CSAT.empty()).add(5).parts[1].n
            1
        """
        segments = self.segments_of(record)
        if not segments:
            return self._with(dict(self.parts), self.dropped + 1)
        parts = dict(self.parts)
        for s in segments:
            parts[s] = parts.get(s, self.prototype).add(record)
        return self._with(parts, self.dropped)

    def add_many(self, records: Iterable[Any]) -> Segmented:
        """Return a new accumulator with all ``records`` added, in one pass.

        Records are grouped by segment in chunks and handed to each accumulator's ``add_many``,
        so memory stays bounded for a stream.

        Examples:
            >>> from servicemodel.kpi import CSAT
            >>> seg = by(lambda x: "odd" if x % 2 else "even", CSAT.empty()).add_many([1, 2, 5])
            >>> {k: a.n for k, a in seg.parts.items()}
            {'odd': 2, 'even': 1}
        """
        parts = dict(self.parts)
        dropped = self.dropped
        it = iter(records)
        while chunk := list(islice(it, _CHUNK)):
            groups: dict[Any, list[Any]] = {}
            for record in chunk:
                segments = self.segments_of(record)
                if not segments:
                    dropped += 1
                for s in segments:
                    groups.setdefault(s, []).append(record)
            for s, group in groups.items():
                parts[s] = _add_many(parts.get(s, self.prototype), group)
        return self._with(parts, dropped)

    def merge(self, other: Segmented) -> Segmented:
        """Return the accumulator of both inputs, merging segment by segment.

        Keys, prototypes (accumulator parameters), names and fills must match.

        Examples:
            >>> from servicemodel.kpi import CSAT
            >>> a = by("channel", CSAT.empty())
            >>> a.merge(by("group", CSAT.empty()))
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge segments by 'channel' with segments by 'group'...
        """  # noqa: E501
        if not isinstance(other, Segmented):
            raise MergeError(f"cannot merge Segmented with {type(other).__name__} {other!r}")
        if other._params() != self._params():
            raise MergeError(
                f"cannot merge segments by {self.key!r} with segments by {other.key!r} "
                f"(accumulators {self.prototype!r} and {other.prototype!r})"
            )
        parts = dict(self.parts)
        for s, acc in other.parts.items():
            parts[s] = parts[s].merge(acc) if s in parts else acc
        return self._with(parts, self.dropped + other.dropped)

    def __add__(self, other: Segmented) -> Segmented:
        if not isinstance(other, Segmented):
            return NotImplemented
        return self.merge(other)

    def __radd__(self, other: Any) -> Segmented:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def segments(self) -> list[Any]:
        """Return every segment of the result, in order (seen ones, fills and period gaps).

        Examples:
            >>> from servicemodel.kpi import CSAT
            >>> by("channel", CSAT.empty(), fill=["chat", "email"]).segments()
            ['chat', 'email']
        """
        keys = set(self.parts) | set(self.fill)
        if isinstance(self.key, Periods):
            first, last = self.key.bounds()
            seen = [k for k in keys if isinstance(k, date)]
            first = first if first is not None else (min(seen) if seen else None)
            last = last if last is not None else (max(seen) if seen else None)
            if first is not None and last is not None:
                keys |= set(self.key.range(first, last))
        return [k for k, _ in _ordered((k, None) for k in keys)]

    def result(self, *args: Any, **kwargs: Any) -> SegmentResult:
        """Return the ordered mapping of segment to result; arguments go to every ``result()``.

        Examples:
            >>> from servicemodel.kpi import CSAT
            >>> by("channel", CSAT.empty(), fill=["chat"]).result()["chat"].value is None
            True
        """
        empty_result = None
        items: list[tuple[Any, Any]] = []
        for s in self.segments():
            acc = self.parts.get(s)
            if acc is None:
                if empty_result is None:
                    empty_result = self.prototype.result(*args, **kwargs)
                items.append((s, empty_result))
            else:
                items.append((s, acc.result(*args, **kwargs)))
        return SegmentResult(items, name=self.name, key=self.key)


def by(
    key: SegmentKey,
    accumulator: Any,
    *,
    name: str | None = None,
    fill: Iterable[Hashable] = (),
) -> Segmented:
    """Return an empty segmented accumulator grouping ``accumulator`` by ``key``.

    ``key`` is ``"channel"``, ``"priority"``, ``"group"``, ``"agent"``, ``"tag"`` (see
    [NAMED_KEYS][servicemodel.kpi.NAMED_KEYS]), a
    [periods][servicemodel.kpi.periods] value, or a function of the record (return a
    ``set`` to put a record in several segments).
    ``accumulator`` is an empty accumulator, its class, or a function returning one; it may be a
    ``Segmented`` itself, for nested segments such as channel × week. ``name`` is the key's
    column name in records (default: the key's name, ``"period"``, or the function's name).
    ``fill`` lists segments that must appear even if empty. A segmented accumulator holding a
    lambda cannot be pickled: use a module-level function to ship it to workers.

    Examples:
        >>> from servicemodel.kpi import CSAT
        >>> acc = by(lambda x: "top" if x == 5 else "rest", CSAT.empty(), name="band")
        >>> acc.add_many([5, 5, 4, 2]).result().to_records()[0]["band"]
        'rest'
    """
    k = _key(key)
    if name is None:
        if isinstance(k, str):
            name = k
        elif isinstance(k, Periods):
            name = k.name
        else:
            fn_name = getattr(k, "__name__", "segment")
            name = fn_name if fn_name.isidentifier() else "segment"
    fills: tuple[Any, ...] = tuple(fill)
    return Segmented(k, accumulator, name, fills)


class SegmentResult(Mapping[Any, Any]):
    """An ordered, read-only mapping of segment to result (usually an Estimate).

    Examples:
        >>> from servicemodel.kpi import CSAT
        >>> res = by("channel", CSAT.empty(), fill=["chat", "email"]).result()
        >>> list(res), [r["n"] for r in res.to_records()]
        (['chat', 'email'], [0, 0])
    """

    __slots__ = ("_items", "key", "name")

    def __init__(
        self, items: Iterable[tuple[Any, Any]], *, name: str = "segment", key: Any = None
    ) -> None:
        self._items: dict[Any, Any] = dict(items)
        self.name = name
        self.key = key

    def __getitem__(self, segment: Any) -> Any:
        return self._items[segment]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SegmentResult):
            return self.name == other.name and list(self._items.items()) == list(
                other._items.items()
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        lines = [f"SegmentResult({self.name})"]
        for segment, value in self._items.items():
            shown = self.key.label(segment) if isinstance(self.key, Periods) else segment
            body = repr(value).replace("\n", "\n  ")
            lines.append(f"  {shown}: {body}")
        return "\n".join(lines)

    def _label(self, segment: Any) -> str:
        if isinstance(self.key, Periods) and isinstance(segment, date):
            return self.key.label(segment)
        return "(none)" if segment is None else str(segment)

    def _repr_html_(self) -> str:
        import html

        rows = []
        for segment, value in self._items.items():
            inner = getattr(value, "_repr_html_", None)
            body = inner() if callable(inner) else html.escape(repr(value))
            rows.append(f"<tr><th>{html.escape(self._label(segment))}</th><td>{body}</td></tr>")
        head = f"<tr><th>{html.escape(self.name)}</th><th></th></tr>"
        return f'<table class="servicemodel-segments">{head}{"".join(rows)}</table>'

    def _key_columns(self, segment: Any) -> dict[str, Any]:
        if isinstance(self.key, Periods) and isinstance(segment, date):
            return {self.name: segment, f"{self.name}_label": self.key.label(segment)}
        return {self.name: segment}

    def to_records(self) -> list[dict[str, Any]]:
        """Return one flat ``dict`` per segment (and per inner row, for nested results).

        Estimates become their ``to_record()`` with the segment column in front; a period key
        adds a ``period_label`` column (e.g. ``2026-W10``).

        Examples:
            >>> from servicemodel.kpi import CSAT
            >>> rows = by(lambda x: x > 3, CSAT.empty(), name="high").add(5).result().to_records()
            >>> rows[0]["high"], rows[0]["value"]
            (True, 1.0)
        """
        rows: list[dict[str, Any]] = []
        for segment, value in self._items.items():
            keys = self._key_columns(segment)
            if hasattr(value, "to_records"):
                inner = value.to_records()
                # An empty nested result still gets a row, so empty periods stay visible.
                rows.extend([{**keys, **row} for row in inner] or [{**keys, "value": None, "n": 0}])
            elif hasattr(value, "to_record"):
                rows.append({**keys, **value.to_record()})
            else:
                rows.append({**keys, "value": value})
        return rows

    def to_frame(self) -> Any:
        """Return a pandas ``DataFrame`` of [to_records][servicemodel.kpi.SegmentResult.to_records].

        Raises [MissingExtraError][servicemodel.errors.MissingExtraError] without pandas.

        Examples:
            >>> from servicemodel.kpi import CSAT
            >>> by("channel", CSAT.empty(), fill=["chat"]).result().to_frame().shape[0]
            1
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - pandas is in the dev venv
            raise MissingExtraError("pandas", "SegmentResult.to_frame") from exc
        return pd.DataFrame.from_records(self.to_records())
