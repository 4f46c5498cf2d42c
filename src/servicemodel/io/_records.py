"""Adapters between the canonical model and dicts, JSON Lines and CSV exports.

One record is one ticket with its events (JSON Lines), or one event per row with the ticket's
columns repeated (CSV). Loading is strict: an unknown key, a bad value or a naive timestamp is a
[`RecordError`][servicemodel.errors.RecordError] naming the line and the field. With
``on_error="collect"`` the bad records are set aside and the good ones still load, so one
broken row never loses the rest of an export.

Examples:
    >>> rec = {"id": "T-1", "created_at": "2026-03-02T09:00:00+00:00", "channel": "chat",
    ...        "events": [{"kind": "agent_reply", "id": "e1", "at": "2026-03-02T09:05:00+00:00"}]}
    >>> h = history_from_dict(rec)
    >>> h.first_reply_at().isoformat()
    '2026-03-02T09:05:00+00:00'
    >>> history_to_dict(h)["events"][0]["kind"]
    'agent_reply'
"""

from __future__ import annotations

import codecs
import csv
import io as _io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeVar, get_origin

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    RecordError,
    ServiceModelError,
    require_aware,
)
from servicemodel.model import (
    EVENT_TYPES,
    Event,
    Priority,
    Status,
    Ticket,
    TicketHistory,
)

__all__ = [
    "LoadResult",
    "dump_jsonl",
    "history_from_dict",
    "history_to_dict",
    "iter_jsonl",
    "load_csv",
    "load_jsonl",
]

T = TypeVar("T")


def _parse_datetime(value: Any, _type: Any = None) -> datetime:
    if isinstance(value, datetime):
        return require_aware(value, "timestamp")
    if not isinstance(value, str):
        raise InputTypeError(
            f"expected an ISO 8601 timestamp, got {type(value).__name__} {value!r}"
        )
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"not an ISO 8601 timestamp: {value!r}") from None
    return require_aware(parsed, "timestamp")


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(datetime, _parse_datetime)
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    # Validation of names and enums lives in the model's attrs converters: pass raw values
    # through so their messages (which name the offending value) reach the user unchanged.
    passthrough = (Priority, Status)
    for tp in passthrough:
        conv.register_structure_hook(tp, lambda v, _t: v)
    conv.register_structure_hook_func(_is_raw_container, _raw_container)
    conv.register_unstructure_hook_func(_is_frozenset, lambda s: sorted(s))
    conv.register_structure_hook(str | None, lambda v, _t: v)
    conv.register_structure_hook(bool | None, lambda v, _t: v)
    conv.register_structure_hook(bool, lambda v, _t: v)
    conv.register_structure_hook(float, lambda v, _t: v)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    return conv


def _is_raw_container(tp: Any) -> bool:
    origin: Any = get_origin(tp)
    return origin is frozenset or origin is dict


def _raw_container(value: Any, tp: Any) -> Any:
    # The model's converters check the items; here only the shape, so that the error is
    # reported with the field's path by cattrs.
    origin: Any = get_origin(tp)
    if origin is dict and not isinstance(value, Mapping):
        raise InputTypeError(f"expected a mapping, got {type(value).__name__} {value!r}")
    if origin is frozenset and (
        isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable)
    ):
        raise InputTypeError(f"expected a list of strings, got {type(value).__name__} {value!r}")
    return value


def _is_frozenset(tp: Any) -> bool:
    origin: Any = get_origin(tp)
    return tp is frozenset or origin is frozenset


def _strict_str(value: Any, _type: Any) -> str:
    # A number where a name is expected is reported rather than stringified: it is usually a
    # shifted CSV column or a mapping mistake, and silently accepting it hides the problem.
    if isinstance(value, str):
        return value
    raise InputTypeError(f"expected a string, got {type(value).__name__} {value!r}")


def _strict_int(value: Any, _type: Any) -> int:
    # cattrs' default is ``int(value)``, which turns 1.5 into 1 and "10" into 10 silently.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InputTypeError(f"expected a whole number, got {type(value).__name__} {value!r}")


_CONVERTER = _make_converter()


def _translate(exc: BaseException, path: str) -> ConfigError:
    """Turn a (possibly nested) cattrs validation error into one error with a field path."""
    if isinstance(exc, ClassValidationError):
        with_notes, others = exc.group_exceptions()
        if with_notes:
            sub, note = with_notes[0]
            return _translate(sub, f"{path}.{note.name}" if path else str(note.name))
        return _translate(others[0], path)
    if isinstance(exc, IterableValidationError):
        with_inotes, iothers = exc.group_exceptions()
        if with_inotes:
            sub, inote = with_inotes[0]
            return _translate(sub, f"{path}[{inote.index}]")
        return _translate(iothers[0], path)
    if isinstance(exc, ForbiddenExtraKeysError):
        known = sorted(a.name for a in attrs.fields(exc.cl) if a.init)
        return ConfigError(
            f"unknown field(s) {sorted(exc.extra_fields)}; known fields are {known}", path=path
        )
    if isinstance(exc, ConfigError):
        return exc.at(path) if path else exc
    if isinstance(exc, ServiceModelError | ValueError | TypeError | KeyError):
        message = str(exc)
        if isinstance(exc, KeyError):
            message = f"missing required field {exc.args[0]!r}" if exc.args else "missing field"
        return ConfigError(message, path=path)
    raise exc


def _structure(data: Any, cls: type[T], path: str) -> T:
    try:
        return _CONVERTER.structure(data, cls)
    except Exception as exc:  # translated into a ConfigError with the field's path
        raise _translate(exc, path) from exc


def _event_from_dict(data: Any, path: str) -> Event:
    if not isinstance(data, Mapping):
        raise ConfigError(
            f"an event must be a mapping, got {type(data).__name__} {data!r:.60}", path=path
        )
    kind = data.get("kind")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ConfigError(
            f"unknown event kind {kind!r}; expected one of {sorted(EVENT_TYPES)}",
            path=f"{path}.kind",
        )
    body = {k: v for k, v in data.items() if k != "kind"}
    return _structure(body, cls, path)


def history_from_dict(
    data: Mapping[str, Any], *, sort_events: bool = False, path: str = ""
) -> TicketHistory:
    """Build a [`TicketHistory`][servicemodel.model.TicketHistory] from a plain dict.

    The dict holds the ticket's fields plus an ``events`` list; each event has a ``kind``
    (``customer_message``, ``agent_reply``, ``internal_note``, ``status_change``, ``reopen``,
    ``priority_change``, ``assignment_change``, ``satisfaction``). Timestamps are ISO 8601 with
    an offset. Events must be in time order unless ``sort_events=True``.

    Raises:
        ConfigError: a field is missing, unknown or invalid; ``path`` names it.
        EventOrderError: events out of order, before creation, or with repeated ids.

    Examples:
        >>> history_from_dict({"id": "T-2", "created_at": "2026-03-02T09:00:00Z",
        ...                    "priority": "urgnt", "events": []})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: priority: unknown priority 'urgnt'; expected one of [...]
    """
    if not isinstance(data, Mapping):
        raise ConfigError(
            f"a ticket record must be a mapping, got {type(data).__name__} {data!r:.60}",
            path=path,
        )
    ticket_fields = {k: v for k, v in data.items() if k != "events"}
    raw_events = data.get("events", [])
    if isinstance(raw_events, str | bytes) or not isinstance(raw_events, Iterable):
        raise ConfigError("events must be a list", path=f"{path}.events" if path else "events")
    ticket = _structure(ticket_fields, Ticket, path)
    events_path = f"{path}.events" if path else "events"
    events = [_event_from_dict(ev, f"{events_path}[{i}]") for i, ev in enumerate(raw_events)]
    if sort_events:
        return TicketHistory.from_unsorted(ticket, events)
    return TicketHistory(ticket, events)


def history_to_dict(history: TicketHistory) -> dict[str, Any]:
    """Dump a history to plain JSON-ready data; ``history_from_dict`` reads it back unchanged.

    Examples:
        >>> from datetime import datetime, timezone
        >>> h = TicketHistory(Ticket("T-3", datetime(2026, 1, 5, 9, tzinfo=timezone.utc)), [])
        >>> history_from_dict(history_to_dict(h)) == h
        True
    """
    out: dict[str, Any] = _CONVERTER.unstructure(history.ticket)
    out["events"] = [
        {"kind": ev.kind, **_CONVERTER.unstructure(ev, type(ev))} for ev in history.events
    ]
    return out


@attrs.frozen
class LoadResult:
    """What a loader read: the good histories, and the bad records it set aside.

    Examples:
        >>> r = load_jsonl(['{"id": "A", "created_at": "2026-01-05T09:00:00Z"}', "{oops"],
        ...                on_error="collect")
        >>> len(r.histories), [e.line for e in r.errors]
        (1, [2])
    """

    histories: tuple[TicketHistory, ...]
    errors: tuple[RecordError, ...] = ()

    def __len__(self) -> int:
        return len(self.histories)

    def __iter__(self) -> Iterator[TicketHistory]:
        return iter(self.histories)


OnError = Literal["raise", "collect"]


# A lone CR ends a line too (old Mac exports), as in text mode with universal newlines.
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def _lines(source: str | Path | Iterable[str]) -> Iterator[tuple[str, RecordError | None]]:
    """Yield each line with the error that decoding it raised, if any.

    Files are decoded line by line, so one line that is not UTF-8 is one bad record rather
    than a traceback that loses the rest of the file. A UTF-8 byte order mark is dropped.
    """
    if isinstance(source, str | Path):
        with open(source, "rb") as fh:
            lineno = 0
            for raw in fh:
                if lineno == 0:
                    raw = raw.removeprefix(codecs.BOM_UTF8)
                try:
                    text, error = raw.decode("utf-8"), None
                except UnicodeDecodeError as exc:
                    text = raw.decode("utf-8", errors="replace")
                    error = (exc, raw[exc.start : exc.end])
                for part in _LONE_CR.split(text) if "\r" in text else (text,):
                    lineno += 1
                    bad = None
                    if error is not None:
                        bad = RecordError(
                            f"not UTF-8 text: bytes {error[1]!r} ({error[0].reason})", line=lineno
                        )
                    yield part, bad
    else:
        for i, line in enumerate(source):
            yield (line.removeprefix("\ufeff") if i == 0 else line), None


def iter_jsonl(
    source: str | Path | Iterable[str],
    *,
    on_error: OnError = "raise",
    errors: list[RecordError] | None = None,
    sort_events: bool = False,
) -> Iterator[TicketHistory]:
    """Stream histories from JSON Lines, one ticket at a time (constant memory).

    With ``on_error="collect"``, bad records are appended to ``errors`` (a list you pass) and
    skipped. Blank lines are ignored. Duplicate ticket ids are reported as errors too.

    Examples:
        >>> lines = ['{"id": "A", "created_at": "2026-01-05T09:00:00Z"}']
        >>> [h.id for h in iter_jsonl(lines)]
        ['A']
    """
    if on_error not in ("raise", "collect"):
        raise ConfigError(f"on_error must be 'raise' or 'collect', got {on_error!r}")
    seen: set[str] = set()
    for lineno, (line, undecodable) in enumerate(_lines(source), start=1):
        if not line.strip() and undecodable is None:
            continue
        try:
            if undecodable is not None:
                raise undecodable
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
            history = history_from_dict(data, sort_events=sort_events)
            if history.id in seen:
                raise RecordError(f"duplicate ticket id {history.id!r}", path="id")
            seen.add(history.id)
        except ServiceModelError as exc:
            err = _as_record_error(exc, lineno)
            if on_error == "raise":
                raise err from exc
            if errors is not None:
                errors.append(err)
            continue
        yield history


def _as_record_error(exc: ServiceModelError, line: int) -> RecordError:
    if isinstance(exc, ConfigError):
        return RecordError(exc.message, path=exc.path, line=line)
    return RecordError(str(exc), line=line)


def load_jsonl(
    source: str | Path | Iterable[str],
    *,
    on_error: OnError = "raise",
    sort_events: bool = False,
) -> LoadResult:
    """Load every history of a JSON Lines export.

    Raises:
        RecordError: on the first bad record, naming its line and field (``on_error="raise"``).

    Examples:
        >>> load_jsonl(['{"id": "A", "created_at": "2026-01-05T09:00:00"}'])
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: line 1: created_at: timestamp: naive datetime ...
    """
    errors: list[RecordError] = []
    histories = tuple(iter_jsonl(source, on_error=on_error, errors=errors, sort_events=sort_events))
    return LoadResult(histories, tuple(errors))


def dump_jsonl(histories: Iterable[TicketHistory]) -> str:
    """Write histories as JSON Lines text (one compact, key-sorted record per line).

    Examples:
        >>> from datetime import datetime, timezone
        >>> h = TicketHistory(Ticket("T", datetime(2026, 1, 5, 9, tzinfo=timezone.utc)), [])
        >>> load_jsonl(dump_jsonl([h]).splitlines()).histories == (h,)
        True
    """
    buf = _io.StringIO()
    for h in histories:
        buf.write(json.dumps(history_to_dict(h), sort_keys=True, separators=(",", ":")))
        buf.write("\n")
    return buf.getvalue()


# --- CSV -------------------------------------------------------------------------------------

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
        return _structure(rec, Ticket, "")
    except ConfigError as exc:
        raise ConfigError(exc.message, path=_column_path(exc.path, event=False)) from None


def _csv_checked_event(rec: Mapping[str, Any]) -> Event:
    try:
        return _event_from_dict(rec, "")
    except ConfigError as exc:
        raise ConfigError(exc.message, path=_column_path(exc.path, event=True)) from None


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
        for lineno, (line, bad) in enumerate(_lines(source), start=1):
            if bad is not None:
                undecodable[lineno] = bad
            yield line

    reader = csv.DictReader(text_lines())
    header = list(reader.fieldnames or [])  # reads the first line
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
    tickets: dict[str, Ticket] = {}
    raw_tickets: dict[str, dict[str, Any]] = {}
    events: dict[str, list[Event]] = {}
    first_line: dict[str, int] = {}
    bad: dict[str, RecordError] = {}
    errors: list[RecordError] = []
    previous_line = reader.line_num
    for row in reader:
        lineno = reader.line_num
        row_lines = range(previous_line + 1, lineno + 1)
        previous_line = lineno
        tid = row.get("ticket_id") or ""
        if tid in bad:
            continue
        try:
            for n in row_lines:
                if n in undecodable:
                    raise undecodable[n]
            if None in row:
                raise RecordError(f"row has more fields than the header: {row[None]!r}")
            ticket = _csv_ticket(row)
            if tid not in raw_tickets:
                tickets[tid] = _csv_checked_ticket(ticket)
                raw_tickets[tid] = ticket
                events[tid] = []
                first_line[tid] = lineno
            elif raw_tickets[tid] != ticket:
                raise RecordError(
                    f"ticket {tid!r} has different ticket columns than on line {first_line[tid]}"
                )
            event = _csv_event(row)
            if event is not None:
                events[tid].append(_csv_checked_event(event))
        except ServiceModelError as exc:
            err = _as_record_error(exc, lineno)
            if on_error == "raise":
                raise err from exc
            bad[tid] = err
            errors.append(err)
            for table in (tickets, raw_tickets, events):
                table.pop(tid, None)
    histories: list[TicketHistory] = []
    for tid, checked in tickets.items():
        try:
            histories.append(TicketHistory.from_unsorted(checked, events[tid]))
        except ServiceModelError as exc:
            err = _as_record_error(exc, first_line[tid])
            if on_error == "raise":
                raise err from exc
            errors.append(err)
    return LoadResult(tuple(histories), tuple(errors))
