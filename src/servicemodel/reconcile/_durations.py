"""Private: Zendesk's Ticket Metrics durations beside our KPI times, ticket by ticket.

The record's shape follows Zendesk's "Ticket Metrics" API reference
(https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metrics/): each duration
is an object of ``calendar`` and ``business`` minutes (``reply_time_in_seconds`` has only
``calendar`` seconds, "only available for Messaging tickets"). What each duration measures
follows "About native Support time duration metrics"
(https://support.zendesk.com/hc/en-us/articles/4408834848154) and "Calculating first reply
time" (https://support.zendesk.com/hc/en-us/articles/4408821871642).
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import attrs

from servicemodel._config import one_of, safe_repr
from servicemodel._numbers import count_field, count_value, two_decimals
from servicemodel._validators import (
    check_on_error,
    in_,
    instance_of,
    members_of,
    real,
    require_iterable,
    require_type,
)
from servicemodel.calendar._shared import checked_elapsed
from servicemodel.errors import ConfigError, RecordError, require_instant
from servicemodel.io import OnError
from servicemodel.io._shared import cannot_read, file_items

# The Zendesk adapter's translation layer: one error shape for every Zendesk record.
from servicemodel.io.zendesk._shared import fail, page_records, record_ticket
from servicemodel.model import AgentReply, Status, TicketHistory, lost_facts

__all__ = [
    "ZENDESK_DURATIONS",
    "DurationComparison",
    "DurationReconciliation",
    "zendesk_ticket_metrics",
]

#: Zendesk's Ticket Metrics durations and what of ours each is put beside.
ZENDESK_DURATIONS: Mapping[str, str] = {
    "reply_time_in_minutes": "first reply time: creation to the first public agent reply",
    "reply_time_in_seconds": "first reply time, in seconds (messaging tickets)",
    "first_resolution_time_in_minutes": "first resolution time: creation to the first solve",
    "full_resolution_time_in_minutes": "full resolution time: creation to the last solve",
    "requester_wait_time_in_minutes": "requester wait: time in new, open and on-hold",
    "agent_wait_time_in_minutes": "agent wait: time in pending",
    "on_hold_time_in_minutes": "on-hold time: time in on-hold",
}

#: The statuses each status-based duration counts (Zendesk: "Agent wait time, Requester wait
#: time, and On-hold time are multi-event metrics ... based on ticket status").
_COUNTED: Mapping[str, frozenset[Status]] = {
    "requester_wait_time_in_minutes": frozenset({Status.NEW, Status.OPEN, Status.ON_HOLD}),
    "agent_wait_time_in_minutes": frozenset({Status.PENDING}),
    "on_hold_time_in_minutes": frozenset({Status.ON_HOLD}),
}
#: The facts a history may lack (``lost_facts``) that each duration needs.
_NEEDS: Mapping[str, frozenset[str]] = {
    "reply_time_in_minutes": frozenset({"first_reply"}),
    "reply_time_in_seconds": frozenset({"first_reply"}),
    "first_resolution_time_in_minutes": frozenset({"first_resolution", "resolution"}),
    "full_resolution_time_in_minutes": frozenset({"resolution"}),
}
_STATUS_FACTS = frozenset({"pauses", "status_times", "status_order"})
_REPLY = ("reply_time_in_minutes", "reply_time_in_seconds")
_ROUNDINGS = ("floor", "nearest")
_ZERO = timedelta(0)

Clock = Literal["calendar", "business"]


def _duration(_instance: Any, attribute: Any, value: float | None) -> None:
    # A ServiceModelError naming the field and the value, as every value class refuses.
    if value is not None and not (math.isfinite(value) and value >= 0):
        raise ConfigError(
            f"{attribute.name}: expected a finite number of 0 or more, got {safe_repr(value)}"
        )


@attrs.frozen
class DurationComparison:
    """One of Zendesk's durations of one ticket beside ours, and why they differ.

    ``field`` is the Ticket Metrics field (``reply_time_in_minutes``), ``clock`` its
    ``"calendar"`` or ``"business"`` value; ``vendor`` is Zendesk's number (``None``: null,
    Zendesk has none yet) and ``ours`` our time in the same unit (``unit``: ``"min"``, or
    ``"s"`` for ``reply_time_in_seconds``), unrounded (``None``: we have none). ``reason`` is
    ``None`` when they agree, else its kind, a colon and why; where the caller can do
    something about it, it ends with that in parentheses (``pass calendar= with the account's
    schedule``, ``try rounding='nearest'``: ``zendesk_ticket_metrics``' arguments; the
    report's section names the command's options instead, as ``give --policy ...``). ``path``
    says where the record was read.

    Examples:
        >>> c = DurationComparison("7", "reply_time_in_minutes", "calendar", 30, 30.5)
        >>> c.agrees, str(c)
        (True, 'ticket 7 reply_time_in_minutes (calendar): vendor 30 min, ours 30.5 min')
    """

    ticket_id: str = attrs.field(validator=instance_of(str))
    field: str = attrs.field(validator=in_(ZENDESK_DURATIONS))
    clock: Clock = attrs.field(validator=in_(("calendar", "business")))
    vendor: float | None = attrs.field(validator=[real(optional=True), _duration])
    ours: float | None = attrs.field(validator=[real(optional=True), _duration])
    reason: str | None = attrs.field(
        default=None, kw_only=True, validator=attrs.validators.optional(instance_of(str))
    )
    path: str = attrs.field(default="", kw_only=True, validator=instance_of(str))

    @property
    def unit(self) -> str:
        """``"s"`` for ``reply_time_in_seconds``, else ``"min"``."""
        return "s" if self.field == "reply_time_in_seconds" else "min"

    @property
    def agrees(self) -> bool:
        """True when ours, in Zendesk's whole units, is Zendesk's number (or both have none)."""
        return self.reason is None

    def __str__(self) -> str:
        def shown(x: float | None) -> str:
            return "-" if x is None else f"{two_decimals(x)} {self.unit}"

        text = (
            f"ticket {self.ticket_id} {self.field} ({self.clock}): vendor {shown(self.vendor)}, "
            f"ours {shown(self.ours)}"
        )
        return text + (f" -- {self.reason}" if self.reason else "")


@attrs.frozen
class DurationReconciliation:
    """Every duration put side by side, with counts per field and a text rendering.

    ``unmatched`` counts the histories that had no Ticket Metrics record (nothing to compare);
    ``rounding`` is how ours was made whole minutes (``"floor"`` or ``"nearest"``).

    Examples:
        >>> r = DurationReconciliation((
        ...     DurationComparison("7", "reply_time_in_minutes", "calendar", 30, 30.2),
        ...     DurationComparison("8", "reply_time_in_minutes", "calendar", None, 12.0,
        ...                        reason="no reply in the vendor's record: ...")))
        >>> print(r)
        2 durations compared: 1 agree, 1 disagree; 0 histories without a record
          reply_time_in_minutes (calendar): 1 agree, 1 disagree
          ticket 8 reply_time_in_minutes (calendar): vendor -, ours 12 min -- no reply in the vendor's record: ...
    """  # noqa: E501

    comparisons: tuple[DurationComparison, ...] = attrs.field(
        validator=members_of(DurationComparison, tuple)
    )
    unmatched: int = attrs.field(default=0, converter=count_value, validator=count_field)
    rounding: str = attrs.field(default="floor", validator=in_(_ROUNDINGS))

    @property
    def agreements(self) -> int:
        """How many durations agree."""
        return sum(c.agrees for c in self.comparisons)

    @property
    def disagreements(self) -> tuple[DurationComparison, ...]:
        """The durations that do not agree, each with its reason."""
        return tuple(c for c in self.comparisons if not c.agrees)

    def by_field(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(agreements, disagreements) per (field, clock), in the order first met."""
        out: dict[tuple[str, str], tuple[int, int]] = {}
        for c in self.comparisons:
            agree, differ = out.get((c.field, c.clock), (0, 0))
            out[(c.field, c.clock)] = (agree + c.agrees, differ + (not c.agrees))
        return out

    def reasons(self) -> Counter[str]:
        """How many disagreements of each kind (the reason up to its first colon)."""
        return Counter(c.reason.split(":", 1)[0] for c in self.disagreements if c.reason)

    def summary(self) -> str:
        """One line: the durations compared, how many agree and disagree, and the tickets
        without a record."""
        n, agree = len(self.comparisons), self.agreements
        return (
            f"{n} durations compared: {agree} agree, {n - agree} disagree; "
            f"{self.unmatched} {'history' if self.unmatched == 1 else 'histories'} without "
            "a record"
        )

    def to_text(self) -> str:
        """The summary, the counts per field, then one line per disagreement."""
        lines = [self.summary()]
        lines += [
            f"  {field} ({clock}): {agree} agree, {differ} disagree"
            for (field, clock), (agree, differ) in self.by_field().items()
        ]
        lines += [f"  {c}" for c in self.disagreements]
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per comparison (for ``pandas.DataFrame(...)`` or a CSV writer)."""
        return [
            {
                "ticket_id": c.ticket_id,
                "field": c.field,
                "clock": c.clock,
                "unit": c.unit,
                "vendor": c.vendor,
                "ours": c.ours,
                "agrees": c.agrees,
                "reason": c.reason,
            }
            for c in self.comparisons
        ]

    def __str__(self) -> str:
        return self.to_text()


# -- reading the records ---------------------------------------------------------------------


#: A record to read: its path (within its file, when read from one), the record, and its
#: file and line (``None``: not read from a file, or not a JSON Lines file).
_Item = tuple[str, Any, str | None, int | None]


def _records(metric_records: Iterable[Any]) -> Iterator[_Item | RecordError]:
    """Each record and its path: plain records, ``/ticket_metrics`` pages
    (``{"ticket_metrics": [...]}``), ``{"ticket_metric": {...}}`` responses, pages with
    sideloaded ``metric_sets``, ticket pages whose tickets carry a ``metric_set``, and files
    (a ``Path``: JSON, or JSON Lines with one record or page a line) of any of these. A page
    with no record (the export's last ``{"tickets": [], "end_of_stream": true}``) gives
    none."""
    for i, raw in enumerate(require_iterable(metric_records, "metric_records")):
        if isinstance(raw, os.PathLike):
            yield from _file_records(Path(raw))
            continue
        yield from _items(raw, f"metric_records[{i}]", None, None)


def _file_records(path: Path) -> Iterator[_Item | RecordError]:
    name = str(path)
    try:  # a file that cannot be opened is said as every loader says it, never an OSError
        path.open("rb").close()
    except OSError as exc:
        raise cannot_read(path, exc) from None
    except ValueError:  # a NUL byte in the name: open() says only "embedded null byte"
        raise ConfigError(
            f"not a usable file name: {safe_repr(name)} contains a NUL byte"
        ) from None
    for n, got in enumerate(file_items(path)):
        if isinstance(got, RecordError):
            yield got.in_file(name)
            continue
        raw, line = got
        yield from _items(raw, f"[{n}]", name, line)


def _items(
    raw: Any, where: str, source: str | None, line: int | None
) -> Iterator[_Item | RecordError]:
    found = page_records(raw, where)
    if found is None:  # a record itself
        yield where, raw, source, line
        return
    for got in found:
        if isinstance(got, RecordError):
            yield (
                got
                if source is None
                else RecordError(got.message, path=got.path, line=line, source=source)
            )
        else:
            yield got[0], got[1], source, line


#: One record read: (ticket id, path, {(field, clock): value or None}).
_Read = tuple[str, str, dict[tuple[str, Clock], float | None]]


def _read(raw: Any, path: str) -> _Read:
    tid = record_ticket(path, raw)  # the loader's rule: a record without it names no ticket
    rec: Mapping[str, Any] = raw
    values: dict[tuple[str, Clock], float | None] = {}
    for field in ZENDESK_DURATIONS:
        if field not in rec:
            continue  # not in this record: nothing to compare
        obj = rec[field]
        clocks: tuple[Clock, ...] = (
            ("calendar",) if field == "reply_time_in_seconds" else ("calendar", "business")
        )
        if obj is None:
            if field != "reply_time_in_seconds":  # null for any ticket but a messaging one
                values.update({(field, c): None for c in clocks})
            continue
        # An object that holds none of the field's clocks ({}, {"Calendar": 42}) would compare
        # nothing and say nothing: it is no Ticket Metrics duration, as a bare number is not.
        if not isinstance(obj, Mapping) or not any(clock in obj for clock in clocks):
            what = (
                "calendar seconds"
                if field == "reply_time_in_seconds"
                else "calendar and business minutes"
            )
            raise fail(f"{path}.{field}", tid, field, obj, f"expected an object of {what}")
        for clock in clocks:
            if clock not in obj:
                continue
            value = _value(obj[clock], f"{path}.{field}.{clock}", tid, f"{field}.{clock}")
            if value is None and field == "reply_time_in_seconds":
                continue
            values[(field, clock)] = value
    return tid, path, values


def _value(value: Any, path: str, tid: str, field: str) -> float | None:
    if value is None:
        return None
    unit = "seconds" if field.startswith("reply_time_in_seconds") else "minutes"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(path, tid, field, value, f"expected a number of {unit} (0 or more) or null")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int past the float range (JSON reads 1 and 400 zeros as one)
        raise fail(path, tid, field, value, f"{unit} beyond the float range") from None
    if not finite or value < 0:
        raise fail(path, tid, field, value, f"expected a number of {unit} (0 or more) or null")
    return value


# -- ours ------------------------------------------------------------------------------------


def _utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


class _Ours:
    """Our times of one history, in calendar or business time."""

    def __init__(self, history: TicketHistory, calendar: Any, start: datetime | None) -> None:
        self.h = history
        self.calendar = calendar
        self.start = start
        self.lost = lost_facts(history)

    def span(self, start: datetime, end: datetime, clock: Clock) -> timedelta:
        if clock == "business" and self.calendar is not None:
            return checked_elapsed(self.calendar, start, end)
        return _utc(end) - _utc(start)

    def since_creation(self, end: datetime | None, clock: Clock) -> timedelta | None:
        return None if end is None else self.span(self.h.created_at, end, clock)

    def end_of(self, field: str) -> datetime | None:
        if field in _REPLY:
            return self.h.first_reply_at()
        if field == "first_resolution_time_in_minutes":
            return self.h.first_solved_at()
        return self.h.solved_at()

    def status_time(self, field: str, clock: Clock) -> tuple[timedelta | None, int]:
        """The time in the field's statuses over the spans that ended, and how many there
        were; ``None`` before the first status change (Zendesk's value is null until then)."""
        counted = _COUNTED[field]
        spans = [s for s in self.h.status_spans() if s.end is not None]
        if not spans:
            return None, 0
        parts = [self.span(s.start, s.end, clock) for s in spans if s.status in counted and s.end]
        return sum(parts, _ZERO), len(parts)

    def value(self, field: str, clock: Clock) -> tuple[timedelta | None, int]:
        if field in _COUNTED:
            return self.status_time(field, clock)
        return self.since_creation(self.end_of(field), clock), 1


def _in_unit(span: timedelta | None, field: str) -> float | None:
    if span is None:
        return None
    return span.total_seconds() / (1 if field == "reply_time_in_seconds" else 60)


def _whole(x: float, rounding: str) -> int:
    return math.floor(x) if rounding == "floor" else math.floor(x + 0.5)


# -- why they differ -------------------------------------------------------------------------


def _matches(vendor: float, ours: float | None, rounding: str) -> bool:
    return ours is not None and vendor == _whole(ours, rounding)


@attrs.frozen
class Hints:
    """What a reason tells its reader to do, in the words of where it is read: a Python
    caller's arguments (``PYTHON_HINTS``) or the command's options (``CLI_HINTS``). Each is
    the end of a reason, inside its parentheses; the words before the reason's colon (its
    kind) are the same in both."""

    calendar: str
    rounding: str
    shared: str
    lost: str


#: The hints of ``zendesk_ticket_metrics``: its own arguments.
PYTHON_HINTS = Hints(
    calendar="pass calendar= with the account's schedule",
    rounding="try rounding={other!r}",
    shared="pass shared_replies=",
    lost="lost_facts",
)
#: The hints of ``servicemodel report``: its options, or what its input can carry.
CLI_HINTS = Hints(
    calendar="give --policy whose policies share the account's schedule as their calendar",
    rounding="the report makes ours whole by {rounding}",
    shared="",  # nothing to pass: the export's own marks are all the command has
    lost="a partial history",
)


class _Explainer:
    def __init__(
        self, ours: _Ours, shared: frozenset[str], rounding: str, hints: Hints = PYTHON_HINTS
    ) -> None:
        self.o = ours
        self.shared = shared
        self.rounding = rounding
        self.hints = hints

    def at(self, t: datetime) -> str:
        return _utc(t).isoformat()

    def reply_to(self, r: AgentReply, field: str, clock: Clock) -> float | None:
        return _in_unit(self.o.since_creation(r.at, clock), field)

    def why(self, field: str, clock: Clock, vendor: float | None, ours: float | None,
            parts: int, calendar_value: float | None) -> str:  # fmt: skip
        # Zendesk's own two values differ where the account's schedule counts less.
        schedule = vendor is not None and vendor != calendar_value
        if clock == "business" and self.o.calendar is None and ours is not None and schedule:
            return (
                "business vs calendar minutes: no calendar given, so ours counts calendar "
                f"time beside the vendor's business minutes (its calendar value is "
                f"{'null' if calendar_value is None else two_decimals(calendar_value)}; "
                f"{self.hints.calendar})"
            )
        lost = (_STATUS_FACTS if field in _COUNTED else _NEEDS[field]) & self.o.lost
        if lost:
            what = (
                "status time before the export window"
                if field in _COUNTED
                else "the export lacks it"
            )
            return f"{what}: our history lacks {', '.join(sorted(lost))} ({self.hints.lost})"
        before = self.before_window(field)
        if before is not None:
            return before
        if field in _REPLY:
            found = self.reply(field, clock, vendor, ours)
        elif field in _COUNTED:
            found = self.status(vendor, ours, parts)
        else:
            found = self.resolution(field, clock, vendor, ours)
        if found.startswith("durations differ") and clock == "business" and self.o.calendar:
            return (
                f"business minutes differ: {found.split(': ', 1)[1]} on our calendar (Zendesk "
                "counts a single-event duration on the schedule in force at its end, and each "
                "status duration on the schedule in force at each status change)"
            )
        return found

    def before_window(self, field: str) -> str | None:
        start, h = self.o.start, self.o.h
        if start is None or _utc(h.created_at) >= start:
            return None
        what = "status time" if field in _COUNTED else "events"
        return (
            f"{what} before the export window: the ticket was created at "
            f"{self.at(h.created_at)}, before the export's start_time {start.isoformat()}, so "
            "our history holds only what came after it (the status it had then is counted "
            "from its creation)"
        )

    def rounding_gap(self, vendor: float, ours: float, parts: int) -> str | None:
        if abs(vendor - ours) < max(1, parts):
            other = "nearest" if self.rounding == "floor" else "floor"
            return (
                f"whole-minute rounding: ours {two_decimals(ours)} made whole by "
                f"{self.rounding} is {_whole(ours, self.rounding)}, the vendor's "
                f"{two_decimals(vendor)} (Zendesk does not document whether it truncates or "
                "rounds; "
                f"{self.hints.rounding.format(other=other, rounding=self.rounding)})"
            )
        return None

    def reply(self, field: str, clock: Clock, vendor: float | None, ours: float | None) -> str:
        h = self.o.h
        first = next((r for r in h.replies_to_customer() if not r.automated), None)
        if vendor is None:
            if first is not None and first.id in self.shared:
                return self.sharing(first, None)
            return (
                "no reply in the vendor's record: Zendesk's first reply time is null until an "
                f"agent's public reply; ours is the reply {first.id!r} at "
                f"{self.at(first.at)} (a record fetched before it?)"
                if first is not None
                else "no reply in the vendor's record"
            )
        gap = None if ours is None else self.rounding_gap(vendor, ours, 1)
        if gap is not None:
            return gap
        for r in h.agent_replies():
            if _matches(vendor, self.reply_to(r, field, clock), self.rounding):
                found = self.counted(r, first)
                if found is not None:
                    return found
        if ours is None:
            return (
                "no reply in our history: ours has no public agent reply that counts, the "
                f"vendor {two_decimals(vendor)} (a reply after the export?)"
            )
        return _differ(vendor, ours)

    def counted(self, r: AgentReply, first: AgentReply | None) -> str | None:
        """Why the vendor stops at ``r`` where ours stops at ``first`` (``None``: no reason)."""
        h = self.o.h
        if r.automated:
            return (
                f"automated reply: the vendor stops at {r.id!r} at {self.at(r.at)}, which "
                "we read as automated (a trigger's, an automation's or a bot's) and skip, "
                "as Zendesk's first reply time does"
            )
        opening = h.opening_message()
        if opening is not None and r.id == opening.id:
            return (
                f"agent-created ticket: ours skips the opening message {r.id!r} (Zendesk "
                "counts the second public agent comment of a ticket an agent created); "
                "the vendor stops at it -- the ticket was not created by an agent there"
            )
        if first is None or _utc(r.at) <= _utc(first.at):
            return None
        skipped = [s for s in h.replies_to_customer() if _utc(first.at) <= _utc(s.at) < _utc(r.at)]
        shared = [s for s in skipped if s.id in self.shared]
        if shared:
            return self.sharing(shared[0], r)
        opened = _utc(first.at) == _utc(h.created_at)  # an agent's comment made the ticket
        if not h.ticket.created_by_agent and opened and _is_second(h, r):
            return (
                f"agent-created ticket: the vendor's first reply is the second public "
                f"agent comment {r.id!r} at {self.at(r.at)}, as Zendesk's is for a "
                f"ticket an agent created; ours takes {first.id!r} (the ticket is "
                "not marked created_by_agent)"
            )
        return (
            f"a later reply: the vendor stops at {r.id!r} at {self.at(r.at)}, after "
            f"ours {first.id!r}, which it does not count (a ticket-sharing comment or "
            f"an automated reply the export did not mark?{_then(self.hints.shared)})"
        )

    def sharing(self, r: AgentReply, later: AgentReply | None) -> str:
        then = (
            f"; the vendor stops at {later.id!r} at {self.at(later.at)}"
            if later is not None
            else ""
        )
        return (
            f"ticket-sharing comment: our first reply {r.id!r} came from another account "
            "through ticket sharing (via ticket_sharing), which Zendesk does not count toward "
            f"first reply time{then}"
        )

    def resolution(self, field: str, clock: Clock, vendor: float | None,
                   ours: float | None) -> str:  # fmt: skip
        h = self.o.h
        if vendor is None:
            return (
                "unsolved in the vendor's record: Zendesk's resolution time is null until the "
                "ticket is solved (a record fetched before our solve?)"
            )
        if ours is not None:
            gap = self.rounding_gap(vendor, ours, 1)
            if gap is not None:
                return gap
        solves = h.solve_times()
        for i, t in enumerate(solves):
            if _matches(vendor, _in_unit(self.o.since_creation(t, clock), field), self.rounding):
                if field == "first_resolution_time_in_minutes" and i > 0:
                    return (
                        f"a reopen: the vendor's first resolution is our solve at {self.at(t)}, "
                        f"after a reopen; ours is the first solve at {self.at(solves[0])}"
                    )
                if field == "full_resolution_time_in_minutes":
                    now = "the ticket is open again" if ours is None else "ours is a later solve"
                    return (
                        f"a reopen: the vendor's full resolution is our solve at "
                        f"{self.at(t)}, and {now} (a record fetched before the reopen?)"
                    )
        if ours is None:
            again = " (reopened after its last solve)" if solves else ""
            return f"unsolved in our history{again}: the vendor {two_decimals(vendor)}"
        return _differ(vendor, ours)

    def status(self, vendor: float | None, ours: float | None, parts: int) -> str:
        if vendor is None:
            return "none in the vendor's record: Zendesk's value is null until a status change"
        if ours is None:
            return "none in our history: no status change in our history"
        gap = self.rounding_gap(vendor, ours, parts)
        if gap is not None:
            return gap
        return _differ(vendor, ours)


def _then(hint: str) -> str:
    return f" {hint}" if hint else ""


def _is_second(h: TicketHistory, r: AgentReply) -> bool:
    replies = h.agent_replies()
    return len(replies) > 1 and replies[1].id == r.id


def _differ(vendor: float, ours: float) -> str:
    return f"durations differ: vendor {two_decimals(vendor)}, ours {two_decimals(ours)}"


# -- side by side ----------------------------------------------------------------------------


def zendesk_ticket_metrics(
    histories: Iterable[TicketHistory],
    metric_records: Iterable[Mapping[str, Any] | os.PathLike[str]],
    *,
    calendar: Any = None,
    rounding: Literal["floor", "nearest"] = "floor",
    shared_replies: Iterable[str] = (),
    start_time: datetime | None = None,
    on_error: OnError = "raise",
) -> tuple[DurationReconciliation, tuple[RecordError, ...]]:
    """Zendesk's Ticket Metrics durations beside our KPI times, with the reason of each
    difference.

    For every ticket with both a history and a Ticket Metrics record (records, or pages of
    ``/api/v2/ticket_metrics``, ``{"ticket_metric": {...}}`` responses, pages with sideloaded
    ``metric_sets``, ticket pages whose tickets carry a ``metric_set``, or files of them --
    a ``Path``, JSON or JSON Lines --; a ticket's later record wins), each duration the
    record holds is put beside ours:

    - ``reply_time_in_minutes`` and ``reply_time_in_seconds``: creation to
      ``TicketHistory.first_reply_at`` (the first public agent reply not automated, the second
      of a ticket an agent created);
    - ``first_resolution_time_in_minutes`` / ``full_resolution_time_in_minutes``: creation to
      ``first_solved_at`` / ``solved_at``;
    - ``requester_wait_time_in_minutes``, ``agent_wait_time_in_minutes``,
      ``on_hold_time_in_minutes``: the time in new, open and on-hold / pending / on-hold over
      the status spans that ended (Zendesk adds to these "as the ticket statuses change").

    ``calendar`` values are calendar time, ``business`` ones business time on ``calendar``
    (anything with ``elapsed(a, b)``, e.g. a ``BusinessCalendar``; without it, ours is
    calendar time, and a difference says so). Ours is made a whole number of Zendesk's unit by
    ``rounding`` (``"floor"`` or ``"nearest"``: Zendesk does not document which it uses) and
    agrees when it is the vendor's number, or when both have none (null). ``shared_replies``
    names replies (event ids, as texts) that came through ticket sharing, which Zendesk does
    not count. ``start_time`` (aware), the incremental export's, says which tickets began
    before the export: a difference on one of them is put down to what came before the window.

    A record naming a ticket none of ``histories`` is, or whose duration is no number of 0 or
    more or no object of its clocks (``30``, ``{}``), is a ``RecordError`` naming the record's
    path (and file and line, read from a file), the ticket and the field;
    ``on_error="collect"`` sets such a record aside and compares the others. Returns the
    reconciliation and the errors set aside.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> h = TicketHistory(Ticket("7", t0), [AgentReply("r", t0 + timedelta(minutes=42))])
        >>> rec = {"ticket_id": 7, "reply_time_in_minutes": {"calendar": 42, "business": 0}}
        >>> r, errors = zendesk_ticket_metrics([h], [rec])
        >>> r.agreements, r.disagreements[0].reason.split(":")[0]
        (1, 'business vs calendar minutes')
    """
    found = durations_outcome(
        histories,
        metric_records,
        calendar=calendar,
        rounding=rounding,
        shared_replies=shared_replies,
        start_time=start_time,
        on_error=on_error,
    )
    return found.reconciliation, found.errors


@attrs.frozen
class DurationsOutcome:
    """What ``zendesk_ticket_metrics`` found, with the records set aside told apart:
    ``errors`` all of them in the order read, ``unknown`` those (among ``errors``) that name
    no ticket among the histories, ``bad`` the others (a record that cannot be read or
    compared)."""

    reconciliation: DurationReconciliation
    errors: tuple[RecordError, ...] = ()
    unknown: tuple[RecordError, ...] = ()

    @property
    def bad(self) -> tuple[RecordError, ...]:
        """The records set aside that are no record of a ticket outside the histories."""
        outside = {id(e) for e in self.unknown}
        return tuple(e for e in self.errors if id(e) not in outside)


def durations_outcome(
    histories: Iterable[TicketHistory],
    metric_records: Iterable[Mapping[str, Any] | os.PathLike[str]],
    *,
    calendar: Any = None,
    rounding: Literal["floor", "nearest"] = "floor",
    shared_replies: Iterable[str] = (),
    start_time: datetime | None = None,
    on_error: OnError = "raise",
    hints: Hints = PYTHON_HINTS,
) -> DurationsOutcome:
    """``zendesk_ticket_metrics``, with the records of tickets outside ``histories`` kept
    apart from the bad ones (``DurationsOutcome.unknown``), for a caller that leaves them out
    rather than sets them aside (the report's section), and each reason's hint in the words
    of ``hints`` (``CLI_HINTS``: the command's options)."""
    hints = require_type(hints, Hints, "hints")
    check_on_error(on_error)
    start = None if start_time is None else _utc(require_instant(start_time, "start_time"))
    if not one_of(rounding, _ROUNDINGS):  # (an array compares element-wise)
        raise ConfigError(f"rounding: expected 'floor' or 'nearest', got {safe_repr(rounding)}")
    shared = frozenset(
        require_type(r, str, f"shared_replies[{i}]")
        for i, r in enumerate(require_iterable(shared_replies, "shared_replies"))
    )
    if calendar is not None and not callable(getattr(calendar, "elapsed", None)):
        raise ConfigError(
            f"calendar: expected a calendar with elapsed(a, b), got {type(calendar).__name__}"
        )
    by_id: dict[str, TicketHistory] = {}
    for i, h in enumerate(require_iterable(histories, "histories")):
        h = require_type(h, TicketHistory, f"histories[{i}]")
        by_id[h.id] = h
    records, errors, unknown = _read_all(metric_records, by_id, on_error)
    out: list[DurationComparison] = []
    for tid, h in by_id.items():
        if tid in records:
            out += _compared(h, records[tid], _Ours(h, calendar, start), shared, rounding, hints)
    unmatched = sum(1 for tid in by_id if tid not in records)
    found = DurationReconciliation(tuple(out), unmatched, rounding)
    return DurationsOutcome(found, errors, unknown)


def _read_all(
    metric_records: Iterable[Any], by_id: Mapping[str, TicketHistory], on_error: str
) -> tuple[dict[str, _Read], tuple[RecordError, ...], tuple[RecordError, ...]]:
    """The records by ticket, the errors set aside, and those of them that name no ticket
    among the histories."""
    records: dict[str, _Read] = {}
    errors: list[RecordError] = []
    unknown: list[RecordError] = []
    for item in _records(metric_records):
        outside = False
        try:
            if isinstance(item, RecordError):
                raise item
            path, raw, source, line = item
            try:
                tid, where, values = _read(raw, path)
                if tid not in by_id:
                    outside = True
                    raise fail(f"{path}.ticket_id", tid, "ticket_id", tid,
                               "names no ticket among the histories")  # fmt: skip
            except RecordError as exc:
                if source is None:
                    raise
                raise RecordError(exc.message, path=exc.path, line=line, source=source) from None
        except RecordError as exc:
            if on_error == "raise":
                raise
            errors.append(exc)
            if outside:
                unknown.append(exc)
            continue
        records[tid] = (tid, where, values)  # a ticket's later record wins: read later
    return records, tuple(errors), tuple(unknown)


def _compared(
    h: TicketHistory,
    found: _Read,
    ours: _Ours,
    shared: frozenset[str],
    rounding: str,
    hints: Hints = PYTHON_HINTS,
) -> Iterator[DurationComparison]:
    explain = _Explainer(ours, shared, rounding, hints)
    _, where, values = found
    for (field, clock), vendor in values.items():
        span, parts = ours.value(field, clock)
        mine = _in_unit(span, field)
        agree = (vendor is None and mine is None) or (
            vendor is not None and _matches(vendor, mine, rounding)
        )
        theirs = values.get((field, "calendar"))
        reason = None if agree else explain.why(field, clock, vendor, mine, parts, theirs)
        yield DurationComparison(h.id, field, clock, vendor, mine, reason=reason,
                                 path=f"{where}.{field}.{clock}")  # fmt: skip
