"""CSV: one event per row, the ticket's columns repeated on each of its rows."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from servicemodel.errors import ConfigError, RecordError, ServiceModelError
from servicemodel.io._records import as_record_error, event_from_dict, structure
from servicemodel.io._source import LoadResult, OnError, lines
from servicemodel.model import Event, Ticket, TicketHistory

__all__ = ["load_csv"]


_TICKET_COLUMNS = (
    "ticket_id",
    "created_at",
    "requester",
    "channel",
    "priority",
    "group",
    "assignee",
    "tags",
    "created_by_agent",
    "first_contact",
)
_EVENT_COLUMNS = ("event_id", "event_kind", "event_at")
_EVENT_FIELDS: dict[str, Callable[[str], Any]] = {
    "agent": str,
    "status": str,
    "priority": str,
    "group": str,
    "assignee": str,
    "score": float,
    "survey": str,
    "scale_min": int,
    "scale_max": int,
}
_KNOWN_COLUMNS = frozenset(_TICKET_COLUMNS + _EVENT_COLUMNS) | {
    f"event_{name}" for name in _EVENT_FIELDS
}
# Where a field of the model lives in a CSV row, for error paths that name the column.
_TICKET_COLUMN_OF = {"id": "ticket_id"}
_BOOLS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def _csv_bool(raw: str, column: str) -> bool:
    value = _BOOLS.get(raw.strip().lower())
    if value is None:
        raise ConfigError(f"expected true or false, got {raw!r}", path=column)
    return value


def _csv_ticket(row: Mapping[str, str]) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": row.get("ticket_id", ""), "created_at": row.get("created_at", "")}
    for col in ("requester", "channel", "priority", "group", "assignee"):
        if row.get(col):
            rec[col] = row[col]
    if row.get("tags"):
        rec["tags"] = [t for t in row["tags"].split(";") if t]
    for col in ("created_by_agent", "first_contact"):
        if row.get(col):
            rec[col] = _csv_bool(row[col], col)
    attrs_ = {
        k.removeprefix("attr_"): v for k, v in row.items() if k.startswith("attr_") and v != ""
    }
    if attrs_:
        rec["attributes"] = attrs_
    return rec


def _csv_event(row: Mapping[str, str]) -> dict[str, Any] | None:
    if not row.get("event_kind"):
        return None
    ev: dict[str, Any] = {
        "kind": row["event_kind"],
        "id": row.get("event_id", ""),
        "at": row.get("event_at", ""),
    }
    for name, parse in _EVENT_FIELDS.items():
        raw = row.get(f"event_{name}")
        if raw:
            try:
                ev[name] = parse(raw)
            except ValueError:
                raise ConfigError(f"not a valid {name}: {raw!r}", path=f"event_{name}") from None
    return ev


def _column_path(path: str, *, event: bool) -> str:
    """Translate a model field path (``at``, ``attributes.plan``) into the CSV column."""
    head, dot, rest = path.partition(".")
    if event:
        return f"event_{head}{dot}{rest}" if head else path
    if head == "attributes" and rest:
        return f"attr_{rest}"
    return _TICKET_COLUMN_OF.get(head, head) + dot + rest


def _csv_checked_ticket(rec: Mapping[str, Any]) -> Ticket:
    try:
        return structure(rec, Ticket, "")
    except ConfigError as exc:
        raise ConfigError(exc.message, path=_column_path(exc.path, event=False)) from None


def _csv_checked_event(rec: Mapping[str, Any]) -> Event:
    try:
        return event_from_dict(rec, "")
    except ConfigError as exc:
        raise ConfigError(exc.message, path=_column_path(exc.path, event=True)) from None


class _Tickets:
    """The tickets of a CSV export as its rows arrive; a bad row sets aside its whole ticket."""

    def __init__(self, on_error: OnError) -> None:
        self.on_error = on_error
        self.tickets: dict[str, Ticket] = {}
        self.raw: dict[str, dict[str, Any]] = {}
        self.events: dict[str, list[Event]] = {}
        self.first_line: dict[str, int] = {}
        self.bad: set[str] = set()
        self.errors: list[RecordError] = []

    def add(self, row: Mapping[Any, Any], lineno: int, undecodable: RecordError | None) -> None:
        """Take one row; its errors are raised or set aside with its ticket."""
        tid = row.get("ticket_id") or ""
        if tid in self.bad:
            return
        try:
            if undecodable is not None:
                raise undecodable
            if None in row:
                raise RecordError(f"row has more fields than the header: {row[None]!r}")
            self._add(tid, row, lineno)
        except ServiceModelError as exc:
            self._set_aside(exc, lineno, tid)

    def _add(self, tid: str, row: Mapping[str, str], lineno: int) -> None:
        ticket = _csv_ticket(row)
        if tid not in self.raw:
            self.tickets[tid] = _csv_checked_ticket(ticket)
            self.raw[tid] = ticket
            self.events[tid] = []
            self.first_line[tid] = lineno
        elif self.raw[tid] != ticket:
            raise RecordError(
                f"ticket {tid!r} has different ticket columns than on line {self.first_line[tid]}"
            )
        event = _csv_event(row)
        if event is not None:
            self.events[tid].append(_csv_checked_event(event))

    def _set_aside(self, exc: ServiceModelError, lineno: int, tid: str | None) -> None:
        err = as_record_error(exc, lineno)
        if self.on_error == "raise":
            raise err from exc
        self.errors.append(err)
        if tid is not None:
            self.bad.add(tid)
            for table in (self.tickets, self.raw, self.events):
                table.pop(tid, None)

    def result(self) -> LoadResult:
        """The histories of the good tickets (events sorted by time) and the errors."""
        histories: list[TicketHistory] = []
        for tid, checked in self.tickets.items():
            try:
                histories.append(TicketHistory.from_unsorted(checked, self.events[tid]))
            except ServiceModelError as exc:
                self._set_aside(exc, self.first_line[tid], None)
        return LoadResult(tuple(histories), tuple(self.errors))


def _check_header(header: list[str], undecodable: dict[int, RecordError]) -> None:
    if 1 in undecodable:
        raise undecodable[1]
    missing = [c for c in ("ticket_id", "created_at") if c not in header]
    if missing:
        raise RecordError(f"CSV header lacks required columns {missing}", line=1)
    unknown = [c for c in header if c not in _KNOWN_COLUMNS and not c.startswith("attr_")]
    if unknown:
        raise RecordError(
            f"unknown column(s) {unknown}; attributes need the prefix 'attr_'", line=1
        )


def load_csv(
    source: str | Path | Iterable[str],
    *,
    on_error: OnError = "raise",
) -> LoadResult:
    """Load a CSV export with one row per event (ticket columns repeated on each row).

    Columns: ``ticket_id, created_at, requester, channel, priority, group, assignee, tags``
    (tags separated by ``;``), ``created_by_agent`` and ``first_contact`` (``true``/``false``,
    empty when unknown), ``attr_<name>`` for attributes, and ``event_id, event_kind, event_at``
    plus ``event_<field>`` for event fields (``event_status``, ``event_score``, …). Any other
    column is an error (a misspelt column would otherwise lose its data silently). A ticket
    with no events has one row with empty event columns. Rows of one ticket need not be
    adjacent; its events are sorted by time. A bad row sets aside its whole ticket, and the
    error names the row's line and column.

    Examples:
        >>> rows = ["ticket_id,created_at,channel,event_id,event_kind,event_at",
        ...         "A,2026-01-05T09:00:00Z,chat,e1,agent_reply,2026-01-05T09:03:00Z"]
        >>> [h.first_reply_at().minute for h in load_csv(rows)]
        [3]
    """
    if on_error not in ("raise", "collect"):
        raise ConfigError(f"on_error must be 'raise' or 'collect', got {on_error!r}")
    undecodable: dict[int, RecordError] = {}

    def text_lines() -> Iterator[str]:
        for lineno, (line, bad) in enumerate(lines(source), start=1):
            if bad is not None:
                undecodable[lineno] = bad
            yield line

    reader = csv.DictReader(text_lines())
    _check_header(list(reader.fieldnames or []), undecodable)  # reads the first line
    tickets = _Tickets(on_error)
    previous_line = reader.line_num
    for row in reader:
        # A quoted field may span lines: any undecodable line of the row spoils the row.
        lineno = reader.line_num
        spoilt = (undecodable.get(n) for n in range(previous_line + 1, lineno + 1))
        previous_line = lineno
        tickets.add(row, lineno, next((e for e in spoilt if e is not None), None))
    return tickets.result()
