"""CSV: one event per row, the ticket's columns repeated on each of its rows."""

from __future__ import annotations

import collections
import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC
from pathlib import Path
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._validators import check_on_error
from servicemodel.errors import ConfigError, RecordError
from servicemodel.io._columns import delimiter_of
from servicemodel.io._files import widen_csv_fields
from servicemodel.io._records import event_from_dict, structure
from servicemodel.io._source import LoadResult, OnError, lines
from servicemodel.io._unreadable import READ_ERRORS, as_record_error
from servicemodel.model import Event, Ticket, TicketHistory
from servicemodel.model._shared import find_violation

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
    "priority_label",
)
_EVENT_COLUMNS = ("event_id", "event_kind", "event_at")
_BOOLS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def _bool_field(raw: str) -> bool:
    value = _BOOLS.get(raw.strip().lower())
    if value is None:
        raise ValueError(raw)
    return value


_EVENT_FIELDS: dict[str, Callable[[str], Any]] = {
    "agent": str,
    "automated": _bool_field,
    "status": str,
    "label": str,
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


def _csv_bool(raw: str, column: str) -> bool:
    value = _BOOLS.get(raw.strip().lower())
    if value is None:
        raise ConfigError(f"expected true or false, got {safe_repr(raw)}", path=column)
    return value


def _csv_ticket(row: Mapping[str, str]) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": row.get("ticket_id", ""), "created_at": row.get("created_at", "")}
    for col in ("requester", "channel", "priority", "priority_label", "group", "assignee"):
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
    if not (row.get("event_kind") or "").strip():
        # No kind, no event: a row of a ticket without events leaves every event cell empty
        # (or white space, as a blank row's cells). An event cell with content but no kind
        # would otherwise drop that event silently.
        filled = [
            column
            for column, value in row.items()
            if isinstance(column, str)
            and column.startswith("event_")
            and isinstance(value, str)
            and value.strip()
        ]
        if filled:
            raise ConfigError(
                f"the cell is empty; a value is required, as the row has event cells "
                f"{safe_repr(filled, limit=200)} (a row of a ticket with no events leaves them "
                "all empty)",
                path="event_kind",
            )
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
                raise ConfigError(
                    f"not a valid {name}: {safe_repr(raw)}", path=f"event_{name}"
                ) from None
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


class _Unclosed(RecordError):
    """A quoted field opened on a line and did not close on it."""


def _fields(line: str, header: list[str], delimiter: str = ",") -> list[str]:
    """The fields of one physical line (the csv module's lenient reading).

    Raises:
        _Unclosed: a quoted field opens and does not close on this line.
        csv.Error: the line is not readable as CSV (e.g. a field over the size limit).
    """
    fields = next(csv.reader((line,), delimiter=delimiter), [])
    # The lenient reader takes an unclosed quote to the end of the input; the strict one
    # says so. Only lines with a quote need the second look.
    if '"' in line:
        try:
            next(csv.reader((line,), strict=True, delimiter=delimiter), None)
        except csv.Error as exc:
            if "end of data" in str(exc):
                k = max(len(fields) - 1, 0)
                column = header[k] if k < len(header) else f"column {k + 1}"
                raise _Unclosed(
                    f"a quoted field opens in column {safe_repr(column)} and does not close on "
                    "this line (a CSV field may not span lines)",
                    path=column,
                ) from None
    return fields


def _field_at(line: str, index: int, delimiter: str = ",") -> str | None:
    """Field ``index`` of a line the csv module cannot read, or ``None`` if it is unreadable.

    Only used to find which ticket a broken row belongs to, so that the whole ticket is set
    aside; it reads fields by the standard quoting rules up to ``index`` and no further.
    """
    pos = 0
    for i in range(index + 1):
        if line.startswith('"', pos):
            parts, pos = [], pos + 1
            while True:
                q = line.find('"', pos)
                if q < 0:
                    return None  # the field that opened the quote never closes
                parts.append(line[pos:q])
                if not line.startswith('""', q):
                    pos = q + 1
                    break
                parts.append('"')
                pos = q + 2
            comma = line.find(delimiter, pos)
            value = "".join(parts) + line[pos : comma if comma >= 0 else len(line)]
        else:
            comma = line.find(delimiter, pos)
            value = line[pos : comma if comma >= 0 else len(line)]
        if i == index:
            return value.rstrip("\r\n")
        if comma < 0:
            return None
        pos = comma + 1
    return None  # pragma: no cover - the loop returns


class _Tickets:
    """The tickets of a CSV export as its rows arrive; a bad row sets aside its whole ticket."""

    def __init__(self, on_error: OnError, header: list[str], delimiter: str = ",") -> None:
        self.on_error = on_error
        self.header = header
        self.delimiter = delimiter
        self.tid_index = header.index("ticket_id")
        self.tickets: dict[str, Ticket] = {}
        self.raw: dict[str, dict[str, Any]] = {}
        self.events: dict[str, list[tuple[Event, int]]] = {}
        self.lines_of: dict[str, list[int]] = {}
        self.bad: set[str] = set()
        self.errors: list[RecordError] = []
        self.set_aside: set[int] = set()
        #: The line of the last row whose quoted field did not close on it (collect mode).
        self.unclosed: str | None = None

    def add(self, line: str, lineno: int, undecodable: RecordError | None) -> None:
        """Take one physical line; its errors are raised or set aside with its ticket."""
        tid: str | None = None
        try:
            try:
                row = self._row(_fields(line, self.header, self.delimiter))
            except READ_ERRORS as exc:
                tid = _field_at(line, self.tid_index, self.delimiter)
                if isinstance(exc, _Unclosed):
                    self.unclosed = line
                raise
            tid = row.get("ticket_id") or ""
            if not tid.strip():
                tid = None  # a row of no ticket: its error is its own and sets aside no other
            elif tid in self.bad:
                self.set_aside.add(lineno)
                return
            if undecodable is not None:
                raise undecodable
            if None in row:
                raise RecordError(f"row has more fields than the header: {safe_repr(row[None])}")
            if tid is None:
                # Before any other cell: a bad created_at of a row with no id said nothing of
                # the id. Worded as the summary reader says an empty required cell.
                raise RecordError("the cell is empty; a value is required", path="ticket_id")
            if row.get("created_at") is None:
                # A short row (trailing cells left out, as some exporters write a ticket with no
                # events) may end before the columns it needs; said as such, not as a None.
                given = sum(1 for column in self.header if row.get(column) is not None)
                raise RecordError(
                    f"the row has {given} of the header's {len(self.header)} fields and ends "
                    "before this required column",
                    path="created_at",
                )
            self._add(tid, row, lineno)
        except READ_ERRORS as exc:  # one translation layer: see servicemodel.io._unreadable
            self._set_aside(exc, lineno, tid)

    def _row(self, fields: list[str]) -> dict[Any, Any]:
        # As csv.DictReader builds it: missing fields are None, extra ones go under None.
        row: dict[Any, Any] = dict(zip(self.header, fields, strict=False))
        for column in self.header[len(fields) :]:
            row.setdefault(column, None)
        if len(fields) > len(self.header):
            row[None] = fields[len(self.header) :]
        return row

    def _add(self, tid: str, row: Mapping[str, str], lineno: int) -> None:
        ticket = _csv_ticket(row)
        if tid not in self.raw:
            self.tickets[tid] = _csv_checked_ticket(ticket)
            self.raw[tid] = ticket
            self.events[tid] = []
            self.lines_of[tid] = []
        elif self.raw[tid] != ticket:
            raise RecordError(
                f"ticket {safe_repr(tid)} has different ticket columns than on line "
                f"{self.lines_of[tid][0]}"
            )
        event = _csv_event(row)
        if event is not None:
            self.events[tid].append((_csv_checked_event(event), lineno))
        self.lines_of[tid].append(lineno)

    def _set_aside(self, exc: BaseException, lineno: int, tid: str | None) -> None:
        err = as_record_error(exc, lineno)
        if self.on_error == "raise":
            raise err from exc
        self.errors.append(err)
        self.set_aside.add(lineno)
        if tid is not None:
            self.bad.add(tid)
            self.set_aside.update(self.lines_of.pop(tid, ()))
            for table in (self.tickets, self.raw, self.events):
                table.pop(tid, None)

    def result(self, lines_read: int, blank: int) -> LoadResult:
        """The histories of the good tickets (events sorted by time) and the errors."""
        histories: list[TicketHistory] = []
        for tid, checked in list(self.tickets.items()):
            # Sorted by instant, stably: rows of one instant keep their order in the file.
            pairs = sorted(self.events[tid], key=lambda p: p[0].at.astimezone(UTC))
            events = tuple(ev for ev, _ in pairs)
            found = find_violation(checked, events)
            if found is None:
                histories.append(TicketHistory(checked, events))
                continue
            index, message = found
            self._set_aside(RecordError(message), pairs[index][1], tid)
        return LoadResult(
            tuple(histories),
            tuple(sorted(self.errors, key=lambda e: e.line or 0)),
            lines_read,
            blank,
            tuple(sorted(self.set_aside)),
        )


def _check_header(header: list[str], undecodable: RecordError | None) -> None:
    if undecodable is not None:
        raise undecodable
    missing = [c for c in ("ticket_id", "created_at") if c not in header]
    if missing:
        raise RecordError(f"CSV header lacks required columns {missing}", line=1)
    unknown = [c for c in header if c not in _KNOWN_COLUMNS and not c.startswith("attr_")]
    if unknown:
        raise RecordError(
            f"unknown column(s) {safe_repr(unknown, limit=200)}; attributes need the prefix "
            "'attr_'",
            line=1,
        )


def _read_header(
    numbered: Iterator[tuple[int, tuple[str, RecordError | None]]], sniff: bool
) -> tuple[list[str], str]:
    """The header and the delimiter (read from the header line when ``sniff``, else ``,``)."""
    first = next(numbered, None)
    delimiter = ","
    if first is None:
        header: list[str] = []
        undecodable = None
    else:
        line, undecodable = first[1]
        delimiter = delimiter_of(line) if sniff else ","
        try:
            header = _fields(line, [], delimiter)
        except READ_ERRORS as exc:
            raise as_record_error(exc, 1) from exc
    _check_header(header, undecodable)
    return header, delimiter


def load_csv(
    source: str | Path | Iterable[str],
    *,
    on_error: OnError = "raise",
) -> LoadResult:
    """Load a CSV export with one row per event (ticket columns repeated on each row).

    Columns: ``ticket_id, created_at, requester, channel, priority, group, assignee, tags``
    (tags separated by ``;``), ``priority_label`` (the source's own name for the priority),
    ``created_by_agent`` and ``first_contact`` (``true``/``false``,
    empty when unknown), ``attr_<name>`` for attributes, and ``event_id, event_kind, event_at``
    plus ``event_<field>`` for event fields (``event_status``, ``event_label`` (the source's
    name of a status or priority), ``event_score``,
    ``event_automated`` for a bot's reply: ``true``/``false``, …). Any other
    column is an error (a misspelt column would otherwise lose its data silently). A ticket
    with no events has one row with empty event columns (a row with an event cell but no
    ``event_kind`` is an error at ``event_kind``, not a row without an event; a row may leave
    out trailing empty cells, but not end before ``created_at``). Rows of one ticket need not be
    adjacent; its events are sorted by time. A bad row sets aside its whole ticket, and the
    error names the row's line and column.

    Each physical line is one row: a quoted field may hold commas and quotes but not a line
    break, so a quote left open is an error for its own line and cannot swallow the rows
    after it (line breaks inside a value must be escaped by the exporter). When the field
    does go on over the next lines and closes within 1,000 of them with a quote in the middle
    of a field (``...,"two`` then ``lines",...``), those lines are the broken row's and are
    set aside with it, not read as rows of their own (a made-up ticket ``lines"``). A blank row -- a
    blank line, or one whose every field is empty or white space (``,,,``: Excel's CSV of an
    empty row) -- is skipped and counted as blank, as the other CSV readers skip it. A row
    with content but no ticket id (``,x,,,``) is an error of its own at ``ticket_id`` ("the
    cell is empty; a value is required", as the one-row-per-ticket reader says it), whatever
    its other cells hold.

    A file (a path) may be separated by ``;``, a tab or ``|`` instead of ``,``: the one its
    header line uses most is the delimiter (a comma when that is unclear), and a UTF-8 byte
    order mark is dropped.

    Examples:
        >>> rows = ["ticket_id,created_at,channel,event_id,event_kind,event_at",
        ...         "A,2026-01-05T09:00:00Z,chat,e1,agent_reply,2026-01-05T09:03:00Z"]
        >>> [h.first_reply_at().minute for h in load_csv(rows)]
        [3]
        >>> broken = load_csv([rows[0], 'B,"2026-01-05', rows[1]], on_error="collect")
        >>> [h.id for h in broken], broken.errors[0].line, broken.errors[0].path
        (['A'], 2, 'created_at')
    """
    check_on_error(on_error)
    widen_csv_fields()  # a long description is a field, not an unreadable line
    numbered = enumerate(lines(source), start=1)
    # A file's delimiter is read from its header (Excel writes ";" in many locales); lines
    # given in Python are the caller's own, always comma-separated.
    header, delimiter = _read_header(numbered, sniff=isinstance(source, str | Path))
    tickets = _Tickets(on_error, header, delimiter)
    lines_read, blank = 1, 0
    back: collections.deque[_Numbered] = collections.deque()
    for lineno, (line, undecodable) in _with_pushed_back(back, numbered):
        lines_read = max(lines_read, lineno)
        if undecodable is None and _blank_row(line, delimiter):
            blank += 1
            continue
        tickets.add(line, lineno, undecodable)
        if tickets.unclosed is not None:
            opened, tickets.unclosed = tickets.unclosed, None
            rest, closed = _rest_of_field(opened, back, numbered, delimiter)
            if closed:
                # The field went on over these lines: they are the broken row's, set aside
                # with it, not rows of their own (a made-up ticket from the second line).
                tickets.set_aside.update(n for n, _ in rest)
                lines_read = max([lines_read, *(n for n, _ in rest)])
            else:  # no close in sight: a stray quote; the lines after it are rows
                back.extendleft(reversed(rest))
    return tickets.result(lines_read, blank)


_Numbered = tuple[int, tuple[str, RecordError | None]]

#: How many lines after a quote left open are looked through for its close. A quoted cell
#: with line breaks in it (a description) closes within a few; a stray quote never closes
#: cleanly, and the lines after it are then read as the rows they are.
CONTINUATION_LINES = 1000


def _with_pushed_back(
    back: collections.deque[_Numbered], numbered: Iterator[_Numbered]
) -> Iterator[_Numbered]:
    """The numbered lines, each line pushed ``back`` first, in order."""
    while True:
        if back:
            yield back.popleft()
            continue
        item = next(numbered, None)
        if item is None:
            return
        yield item


def _rest_of_field(
    opened: str,
    back: collections.deque[_Numbered],
    numbered: Iterator[_Numbered],
    delimiter: str,
) -> tuple[list[_Numbered], bool]:
    """The lines after ``opened`` (a row whose quoted field did not close on it) as far as
    a strict CSV reading of the row takes them, and whether the row closed cleanly there
    within ``CONTINUATION_LINES`` lines (a quoted cell that spans lines) or not (a stray
    quote)."""
    taken: list[_Numbered] = []

    def lines() -> Iterator[str]:
        yield opened
        for item in _with_pushed_back(back, numbered):
            taken.append(item)
            yield item[1][0]
            if len(taken) >= CONTINUATION_LINES:
                return

    try:
        next(csv.reader(lines(), strict=True, delimiter=delimiter))
    except (csv.Error, StopIteration):
        return taken, False
    # Only a close that is a bare quote on its own line (``y",...``: a quote in the middle
    # of a field, which no row of its own has) is taken as the field's end. A quote that
    # starts a field (``,,"x``) opens one: two stray quotes would otherwise pair up and
    # swallow the rows between them.
    if not taken:
        return taken, False
    closing = taken[-1][1][0]
    q = closing.find('"')
    return taken, q > 0 and closing[q - 1] != delimiter


def _blank_row(line: str, delimiter: str) -> bool:
    """Whether a line is a blank row: blank, or every field empty or white space.

    Excel saves an empty row of a sheet as ``,,,``; the other CSV readers skip it as they
    skip a blank line (a sheet's empty row is no record), and so does this one, where it
    was a row without a ticket id.

    Examples:
        >>> [_blank_row(line, ",") for line in ("", ",,,", ' ,"", ,', ",x,", '" , "', '"', ',"')]
        [True, True, True, False, False, False, False]
    """
    head = line.lstrip()
    if not head:
        return True
    if head[0] not in (delimiter, '"'):  # a first field with content: the usual row
        return False
    try:
        fields = _fields(line, [], delimiter)
    except (_Unclosed, csv.Error):  # unclosed or unreadable: the row's own error says so
        return False
    return not any(field.strip() for field in fields)
