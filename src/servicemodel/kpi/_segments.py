"""Segments and periods: any KPI accumulator, grouped by channel, priority, tag, week...

[`by(key, accumulator)`][servicemodel.kpi.by] returns a
[`Segmented`][servicemodel.kpi.Segmented] accumulator: a mapping of segment to
accumulator that is itself mergeable (merge merges per segment), so segmenting composes with
partitioned runs. Its ``result()`` is a
[`SegmentResult`][servicemodel.kpi.SegmentResult]: an ordered mapping of segment to
result with ``to_records()`` and ``to_frame()``.

Keys are ``"channel"``, ``"priority"``, ``"group"``, ``"agent"``, ``"tag"``, ``"attr:NAME"``, a
[`Periods`][servicemodel.kpi.Periods] value from
[`periods(...)`][servicemodel.kpi.periods], or any function of the record. Periods
(day, ISO week, month, quarter) are computed in a chosen time zone with ``dateutil``; every
period of the range is present in the result, empty ones with no value and ``n = 0``.

Examples:
    >>> from datetime import date, datetime, timedelta, timezone
    >>> from servicemodel.kpi import ReopenRate, periods
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

from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import date, datetime
from itertools import islice
from typing import Any, TypeAlias

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value
from servicemodel._validators import as_dict, as_tuple, instance_of, require_iterable
from servicemodel.errors import ConfigError, InputTypeError, MergeError, require_aware
from servicemodel.kpi._accumulator import Accumulator, MergeOperators
from servicemodel.kpi._periods import Periods
from servicemodel.kpi._segment_result import SegmentResult, ordered
from servicemodel.model import Priority, TicketHistory

__all__ = ["NAMED_KEYS", "SegmentKey", "Segmented", "by"]

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
        f"cannot segment {type(record).__name__} {safe_repr(record)} by {name!r}: it has no .{name}"
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


def _fill(value: Any) -> tuple[Any, ...]:
    out = as_tuple(value, "fill")
    for segment in out:  # segments are dict keys: a list among them broke segments()
        try:
            hash(segment)
        except TypeError:  # a list, or Decimal('sNaN'), which refuses to be hashed
            raise InputTypeError(
                f"fill: expected segments (hashable values), got {type(segment).__name__} "
                f"{safe_repr(segment)}"
            ) from None
    return out


def _parts(value: Any) -> dict[Any, Any]:
    return as_dict(value, "parts")


def _check_parts(instance: Segmented, _attribute: Any, parts: dict[Any, Any]) -> None:
    """attrs validator: each part is an accumulator of the prototype's kind.

    Another value (text, ``None``) failed only in ``result()`` or ``merge`` with an
    ``AttributeError``. Runs after the converters, so the prototype is already read.
    """
    kind = type(instance.prototype)
    for segment, acc in parts.items():
        if type(acc) is not kind:
            raise InputTypeError(
                f"parts[{safe_repr(segment)}]: expected a {kind.__name__} like the prototype, "
                f"got {type(acc).__name__} {safe_repr(acc)}"
            )


@attrs.frozen
class _Attribute:
    """The key ``"attr:NAME"``: a ticket's attribute ``NAME``, as ``--by attr:NAME`` reads it.

    A class rather than a closure, so that two ``by("attr:plan", ...)`` compare equal (and
    merge) and pickle. The value is read as text, as the report's breakdown reads it; a
    ticket without the attribute goes to the segment ``None``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), attributes={"plan": "pro"})
        >>> _Attribute("plan")(TicketHistory(t, [])), _Attribute("region")(TicketHistory(t, []))
        ('pro', None)
    """

    name: str

    def __call__(self, record: Any) -> Any:
        ticket = record.ticket if isinstance(record, TicketHistory) else record
        attributes = getattr(ticket, "attributes", None)
        if attributes is None:
            ticket = getattr(record, "ticket", None)
            attributes = getattr(ticket, "attributes", None)
        if not isinstance(attributes, Mapping):
            raise InputTypeError(
                f"cannot segment {type(record).__name__} {safe_repr(record)} "
                f"by 'attr:{self.name}': "
                "it has no .attributes"
            )
        value = attributes.get(self.name)
        return None if value is None else str(value)


# --- segmented accumulators --------------------------------------------------------------------

SegmentKey: TypeAlias = str | Periods | Callable[[Any], Any]


#: Words an analyst may give for a period ("week", "weekly"), which must be periods(...).
_PERIOD_WORDS = {
    word: unit
    for unit in ("day", "week", "month", "quarter")
    for word in (unit, f"{unit}s", "daily" if unit == "day" else f"{unit}ly")
}


def _key(value: Any) -> Any:
    if isinstance(value, str):
        # "attr:NAME" is how the report's --by, SLA calendars and themes name an attribute.
        if value.startswith("attr:") and value[len("attr:") :].strip():
            return _Attribute(value[len("attr:") :].strip())
        if value not in NAMED_KEYS:
            unit = _PERIOD_WORDS.get(value.strip().lower())
            hint = (
                f"; per {unit}, pass periods({unit!r}, tz=...): a period is cut in a time zone"
                if unit
                else ""
            )
            raise ConfigError(
                f"unknown segment key {safe_repr(value)}; expected one of {sorted(NAMED_KEYS)}, "
                f"'attr:NAME' (a ticket attribute), a periods(...) value or a function{hint}",
                path="key",
            )
        return value
    if isinstance(value, Periods) or callable(value):
        return value
    raise InputTypeError(
        f"key: expected a name, periods(...) or a function, got {safe_repr(value)}"
    )


def _prototype(value: Any) -> Accumulator[Any]:
    if isinstance(value, type):
        value = value.empty() if hasattr(value, "empty") else value()
    elif not isinstance(value, Accumulator) and callable(value):
        value = value()
    if not isinstance(value, Accumulator):
        raise InputTypeError(
            "expected an accumulator (with add, add_many, merge and result) or a factory of "
            f"one, got {safe_repr(value)}"
        )
    return value


def _refuse_periods(prototype: Any) -> None:
    """Refuse a period key over an accumulator that says periods would split what it joins.

    An accumulator whose figure joins records of different instants (a help-centre session
    and the ticket that follows it) names the reason in a class attribute ``_not_by_period``;
    cut into periods by each record's own instant, each period would lose the records of the
    next, a silently wrong number. Nested segments are looked through.
    """
    inner = prototype
    while True:
        why = getattr(type(inner), "_not_by_period", None)
        if isinstance(why, str):
            raise ConfigError(f"by(periods(...), {type(inner).__name__}): {why}", path="key")
        if not isinstance(inner, Segmented):
            return
        inner = inner.prototype


@attrs.frozen(eq=True, hash=False)
class Segmented(MergeOperators):
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
    prototype: Accumulator[Any] = attrs.field(converter=_prototype)
    name: str = attrs.field(default="segment", validator=instance_of(str))
    fill: tuple[Any, ...] = attrs.field(default=(), converter=_fill)
    parts: Mapping[Any, Any] = attrs.field(factory=dict, converter=_parts, validator=_check_parts)
    dropped: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.key, Periods):
            _refuse_periods(self.prototype)

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.key, self.prototype, self.name, self.fill)

    def _check_mergeable(self, other: Any) -> None:
        # Name the keys and accumulators, which say more than the raw parameter tuples.
        if type(other) is type(self) and other._merge_params() != self._merge_params():
            raise MergeError(
                f"cannot merge segments by {self.key!r} with segments by {other.key!r} "
                f"(accumulators {self.prototype!r} and {other.prototype!r})"
            )
        super()._check_mergeable(other)

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
        require_iterable(records, "records")
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
                parts[s] = parts.get(s, self.prototype).add_many(group)
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
        self._check_mergeable(other)
        parts = dict(self.parts)
        for s, acc in other.parts.items():
            parts[s] = parts[s].merge(acc) if s in parts else acc
        return self._with(parts, self.dropped + other.dropped)

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
        return [k for k, _ in ordered((k, None) for k in keys)]

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
        if not items:  # what a segment would hold: frames keep their columns
            empty_result = self.prototype.result(*args, **kwargs)
        return SegmentResult(
            items, name=self.name, key=self.key, dropped=self.dropped, empty=empty_result
        )


def by(
    key: SegmentKey,
    accumulator: Any,
    *,
    name: str | None = None,
    fill: Iterable[Hashable] = (),
) -> Segmented:
    """Return an empty segmented accumulator grouping ``accumulator`` by ``key``.

    ``key`` is ``"channel"``, ``"priority"``, ``"group"``, ``"agent"``, ``"tag"`` (see
    [NAMED_KEYS][servicemodel.kpi.NAMED_KEYS]), ``"attr:NAME"`` (the ticket attribute
    ``NAME`` as text, the report's ``--by attr:NAME``; its column is ``NAME``), a
    [periods][servicemodel.kpi.periods] value, or a function of the record (return a
    ``set`` to put a record in several segments).
    ``accumulator`` is an empty accumulator, its class, or a function returning one; it may be a
    ``Segmented`` itself, for nested segments such as channel × week. ``name`` is the key's
    column name in records (default: the key's name, ``"period"``, or the function's name).
    ``fill`` lists segments that must appear even if empty (for a period key, a day or an
    aware instant of each period; one naming a period wholly outside a fixed range is
    refused). A segmented
    accumulator holding a lambda cannot be pickled: use a module-level function to ship it to
    workers.

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
        elif isinstance(k, Periods | _Attribute):
            name = k.name
        else:
            fn_name = getattr(k, "__name__", "segment")
            name = fn_name if fn_name.isidentifier() else "segment"
    # A lone name is refused, not read as the list of its letters (as Segmented's own fill).
    fills: tuple[Any, ...] = as_tuple(fill, "fill")
    if k == "priority":  # "urgnt" would be a segment no ticket can reach
        fills = tuple(
            None if f is None else Priority.parse(f, f"fill[{i}]") for i, f in enumerate(fills)
        )
    elif isinstance(k, Periods):
        fills = tuple(_period_fill(k, f, f"fill[{i}]") for i, f in enumerate(fills))
    return Segmented(k, accumulator, name, fills)


def _period_fill(key: Periods, value: Any, path: str) -> date:
    """The period a fill names for a period key: the start date of the period containing it.

    A segment of a period key is the first day of its period, so a fill of another day (a
    Wednesday for weeks) was a second segment beside its week's, with the same label and
    nothing in it. A day outside a fixed range would be a period no record can reach.

    Examples:
        >>> from datetime import date
        >>> _period_fill(Periods("week"), date(2026, 3, 4), "fill[0]")
        datetime.date(2026, 3, 2)
    """
    if isinstance(value, datetime):
        day = key.floor(require_aware(value, path))  # an instant: its local day's period
    elif isinstance(value, date):
        day = key.floor_date(value)
    else:
        raise InputTypeError(
            f"{path}: a period key's segments are dates (a day of the period, or an aware "
            f"datetime), got {type(value).__name__} {safe_repr(value)}"
        )
    first, last = key.bounds()
    if (first is not None and day < first) or (last is not None and day > last):
        raise ConfigError(
            f"{safe_repr(value)} is outside the periods' range "
            f"[{key.start.isoformat() if key.start is not None else '...'}, "
            f"{key.end.isoformat() if key.end is not None else '...'}): no record can be in it",
            path=path,
        )
    return day
