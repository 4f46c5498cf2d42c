"""Agents on shift per slot of the week: the staffing a plan asks for, as the simulation runs it."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import whole_number
from servicemodel.calendar import zone
from servicemodel.errors import ConfigError, InputTypeError, OutOfRangeError, require_aware

__all__ = ["Roster", "week_slot"]

#: The slot counts a week may be cut into: hours (168) or half hours (336).
SLOT_COUNTS = (168, 336)


def week_slot(t: datetime, tz: tzinfo, slots: int) -> int:
    """The index of the slot of the (local) week that ``t`` falls in, Monday 00:00 first.

    Examples:
        >>> from datetime import datetime, timezone
        >>> week_slot(datetime(2026, 3, 3, 9, 45, tzinfo=timezone.utc), timezone.utc, 336)
        67
    """
    try:
        local = require_aware(t, "t").astimezone(tz)
    except OverflowError:  # its local time lies before year 1 or after year 9999
        raise OutOfRangeError(
            f"t: {t.isoformat()} is outside the supported range (0002-01-02 to 9998-12-31 UTC)"
        ) from None
    per_hour = slots // 168
    return (local.weekday() * 24 + local.hour) * per_hour + local.minute * per_hour // 60


def next_slot_start(t: datetime, tz: tzinfo, slots: int) -> datetime:
    """The first slot boundary strictly after ``t``, in UTC (local wall-clock boundaries).

    Across a DST change a wall-clock boundary may not exist (spring) or repeat (autumn); the
    next boundary is then the next one that lies after ``t`` in UTC.
    """
    try:
        return _next_slot_start(t, tz, slots)
    except OverflowError:  # a boundary past year 9999 or before year 1, in UTC or locally
        raise OutOfRangeError(
            f"t: {t.isoformat()} is outside the supported range (0002-01-02 to 9998-12-31 UTC)"
        ) from None


def _next_slot_start(t: datetime, tz: tzinfo, slots: int) -> datetime:
    minutes = 60 * 168 // slots
    local = t.astimezone(tz)
    floor = local.replace(minute=local.minute - local.minute % minutes, second=0, microsecond=0)
    wall = floor.replace(tzinfo=None)
    step = timedelta(minutes=minutes)
    t_utc = t.astimezone(UTC)
    # Fast path (every slot change of a simulation): the next wall-clock boundary, when the
    # offset there is t's own (no offset change between them), is the next boundary.
    first_utc = (wall + step).replace(tzinfo=tz).astimezone(UTC)
    if first_utc > t_utc and first_utc.astimezone(tz).utcoffset() == local.utcoffset():
        return first_utc
    # Both readings (fold) of each wall-clock boundary near ``t``, earlier ones too: after an
    # autumn change the repeated hour's boundaries lie behind ``t``'s wall clock but ahead of
    # it in UTC (02:45 CEST is followed by 02:00 CET, where the slot changes back).
    # A wall time the clock skips (a spring change) is no boundary: its readings are kept out.
    candidates = [
        (wall + k * step).replace(tzinfo=tz, fold=fold).astimezone(UTC)
        for k in range(-4, 8)
        for fold in (0, 1)
    ]
    after = [c for c in candidates if c > t_utc and _on_grid(c, tz, minutes)]
    found = min(after) if after else t_utc + step  # (none only for no real zone)
    # A clock set back to within a slot (Chatham: 03:45 +13:45 back to 02:45 +12:45) changes
    # the slot at the offset change itself, which is no wall-clock boundary.
    change = _offset_change(t_utc, found, tz, local.utcoffset())
    return found if change is None else min(found, change)


def _on_grid(t: datetime, tz: tzinfo, minutes: int) -> bool:
    """Whether the wall clock in ``tz`` shows a slot boundary at ``t``."""
    wall = t.astimezone(tz)
    return wall.minute % minutes == 0 and wall.second == 0 and wall.microsecond == 0


def _offset_change(
    lo: datetime, hi: datetime, tz: tzinfo, offset: timedelta | None
) -> datetime | None:
    """The first instant in ``(lo, hi]`` whose offset in ``tz`` is not ``offset`` (that of
    ``lo``), or None if ``hi`` has that offset (no change in between: they are hours apart)."""
    if hi.astimezone(tz).utcoffset() == offset:
        return None
    one = timedelta(microseconds=1)
    while hi - lo > one:  # lo has the offset, hi not: about 34 halvings for 3 hours
        mid = lo + (hi - lo) // 2
        if mid.astimezone(tz).utcoffset() == offset:
            lo = mid
        else:
            hi = mid
    return hi


def _counts(value: Any) -> tuple[int, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise InputTypeError(
            f"agents: expected 168 or 336 agent counts, got {type(value).__name__}"
        )
    out = []
    for i, count in enumerate(value):
        # Read as SupportDesk(agents=...) reads its count: a numpy int from a plan's frame
        # column, or 3.0 from a column with a gap, is the int it holds; 2.5 or NaN is a
        # ConfigError, a bool or text an InputTypeError (both naming agents[i]).
        n = whole_number(count, f"agents[{i}]")
        if n < 0:
            raise ConfigError(f"must be ≥ 0, got {safe_repr(n)}", path=f"agents[{i}]")
        out.append(n)
    if len(out) not in SLOT_COUNTS:
        raise ConfigError(
            f"needs one count per hour (168) or half hour (336) of the week, got {len(out)}",
            path="agents",
        )
    if max(out) == 0:
        raise ConfigError("nobody is ever on shift: every count is 0", path="agents")
    return tuple(out)


def tz_argument(tz: tzinfo) -> str:
    """``tz`` as the ``, tz=...`` argument of a ``repr`` (none for ``UTC``).

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> tz_argument(UTC), tz_argument(ZoneInfo("Europe/Berlin"))
        ('', ", tz='Europe/Berlin'")
    """
    zone_key = getattr(tz, "key", None)
    shown = repr(zone_key) if isinstance(zone_key, str) else repr(tz)
    return "" if tz is UTC else f", tz={shown}"


def pretty_slots(printer: Any, name: str, slots: Sequence[object], tz: tzinfo) -> None:
    """Print ``name(slots, tz=...)`` as code that makes it, for Hypothesis and IPython.

    A run of equal slots is ``[value] * n``, the runs joined by ``+``, so a failing example
    shows a week's 168 or 336 slots in a line or a few (Hypothesis printed an attrs value
    field by field: a line per slot), and pastes back into ``@example(...)``.

    Examples:
        >>> from hypothesis.vendor.pretty import RepresentationPrinter
        >>> printer = RepresentationPrinter()
        >>> pretty_slots(printer, "Roster", [0] * 18 + [3] * 16 + [1] * 302, UTC)
        >>> printer.getvalue()
        'Roster([0] * 18 + [3] * 16 + [1] * 302)'
    """
    opening = f"{name}("
    with printer.group(len(opening), opening, ")"):
        for i, (value, run) in enumerate(itertools.groupby(slots)):
            if i:
                printer.text(" +")
                with printer.group():  # each break on its own: fill lines, not one per run
                    printer.breakable()
            count = len(list(run))
            printer.text(f"[{value!r}] * {count}" if count > 1 else f"[{value!r}]")
        printer.text(tz_argument(tz))


def _zone(value: Any) -> tzinfo:
    if isinstance(value, tzinfo):
        return value
    if isinstance(value, str):
        return zone(value, "tz")
    raise InputTypeError(f"tz: expected a time zone name or tzinfo, got {safe_repr(value)}")


@attrs.frozen(repr=False)
class Roster:
    """How many agents are on shift in each hour or half hour of the week, Monday 00:00 first.

    A shift change takes effect at the slot boundary (local wall clock in ``tz``): agents who
    come on shift are free at once; agents who go off shift while handling a contact finish it
    first and then leave (nobody is cut off mid-contact). The ``repr`` is short, as a
    [`RateProfile`][servicemodel.simulate.RateProfile]'s: the same count all week as the list
    that makes it, any other by its slots and range.

    Examples:
        >>> Roster([2] * 168)
        Roster([2] * 168)
        >>> Roster([0] * 18 + [3] * 16 + [1] * 302, tz="Europe/Berlin")
        Roster(<336 half-hourly counts from 0 to 3>, tz='Europe/Berlin')
        >>> from datetime import datetime, timezone
        >>> r = Roster([0] * 18 + [3] * 16 + [1] * 302)  # half hours: 3 agents 09:00-17:00 Mon
        >>> r.agents_at(datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)), r.most
        (3, 3)
    """

    agents: tuple[int, ...] = attrs.field(converter=_counts)
    tz: tzinfo = attrs.field(default=UTC, converter=_zone)

    def __repr__(self) -> str:
        tz = tz_argument(self.tz)
        low, high = min(self.agents), max(self.agents)
        if low == high:
            return f"Roster([{high}] * {len(self.agents)}{tz})"
        kind = "hourly" if len(self.agents) == SLOT_COUNTS[0] else "half-hourly"
        return f"Roster(<{len(self.agents)} {kind} counts from {low} to {high}>{tz})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Print as the call that makes this roster, for Hypothesis and IPython.

        Examples:
            >>> from hypothesis.vendor.pretty import pretty
            >>> pretty(Roster([0] * 18 + [3] * 16 + [1] * 302, tz="Europe/Berlin"))
            "Roster([0] * 18 + [3] * 16 + [1] * 302, tz='Europe/Berlin')"
        """
        pretty_slots(printer, "Roster", self.agents, self.tz)

    @property
    def most(self) -> int:
        """The most agents on shift at once.

        Examples:
            >>> Roster([2] * 168).most
            2
        """
        return max(self.agents)

    def agents_at(self, t: datetime) -> int:
        """Agents on shift at the instant ``t``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> Roster([1] * 167 + [4]).agents_at(datetime(2026, 3, 8, 23, 30, tzinfo=timezone.utc))
            4
        """
        return self.agents[week_slot(t, self.tz, len(self.agents))]

    def next_change(self, t: datetime) -> datetime:
        """The next slot boundary after ``t`` (in UTC), where the count may change.

        Examples:
            >>> from datetime import datetime, timezone
            >>> Roster([1] * 336).next_change(datetime(2026, 3, 2, 9, 10, tzinfo=timezone.utc))
            datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.timezone.utc)
        """
        return next_slot_start(require_aware(t, "t"), self.tz, len(self.agents))
