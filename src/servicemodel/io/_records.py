"""Records: one ticket with its events as a plain dict, read and written through one converter.

Serialisation stays out of the model classes (the cattrs way): one preconfigured converter
reads a dict strictly (unknown keys refused, every error with the path of its field) and
writes JSON-ready data that reads back unchanged.

Examples:
    >>> h = history_from_dict({"id": "T-1", "created_at": "2026-03-02T09:00:00Z"})
    >>> history_to_dict(h)["created_at"]
    '2026-03-02T09:00:00+00:00'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar, get_origin

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from servicemodel._config import safe_repr
from servicemodel._validators import iso_datetime
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    ServiceModelError,
    require_aware,
    require_instant,
)
from servicemodel.model import (
    EVENT_TYPES,
    Event,
    Priority,
    Status,
    Ticket,
    TicketHistory,
)
from servicemodel.model._shared import direct_event, direct_ticket

__all__ = [
    "event_from_dict",
    "event_to_dict",
    "history_from_dict",
    "history_to_dict",
    "structure",
]

T = TypeVar("T")


def _parse_datetime(value: Any, _type: Any = None) -> datetime:
    if isinstance(value, datetime):
        return _instant(value)
    if not isinstance(value, str):
        raise InputTypeError(
            f"expected an ISO 8601 timestamp, got {type(value).__name__} {safe_repr(value)}"
        )
    try:
        parsed = iso_datetime(value.strip())
    except ValueError:
        raise ConfigError(f"not an ISO 8601 timestamp: {safe_repr(value)}") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        # Text from a file: the fix is in the file, not a Python call (require_aware's hint).
        raise NaiveDatetimeError(
            f"timestamp: naive datetime {parsed.isoformat()} has no time zone; add an offset "
            "to the timestamps (e.g. 2026-03-02T09:00:00+01:00 or Z)"
        )
    return _instant(parsed)


def _instant(value: datetime) -> datetime:
    # The model checks the range too; checking here, in the structure hook, lets cattrs name
    # the field (``events[0].at``, the CSV column ``event_at``) as for a naive timestamp.
    # Only local years near the ends can leave the range (a UTC offset is under a day).
    if value.year <= 2 or value.year >= 9998:
        return require_instant(value, "timestamp")
    return require_aware(value, "timestamp")


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(datetime, _parse_datetime)
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    # Validation of names and enums lives in the model's attrs converters: pass raw values
    # through so their messages (which name the offending value) reach the user unchanged.
    passthrough = (Priority, Status)
    for tp in passthrough:
        conv.register_structure_hook(tp, lambda v, _t: v)
        # Written as their plain string values: the output is plain JSON types, which any
        # serialiser takes (a strict one such as YAML's safe dumper refuses a str subclass).
        conv.register_unstructure_hook(tp, lambda v: v.value)
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
        raise InputTypeError(f"expected a mapping, got {type(value).__name__} {safe_repr(value)}")
    if origin is frozenset and (
        isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable)
    ):
        raise InputTypeError(
            f"expected a list of strings, got {type(value).__name__} {safe_repr(value)}"
        )
    return value


def _is_frozenset(tp: Any) -> bool:
    origin: Any = get_origin(tp)
    return tp is frozenset or origin is frozenset


def _strict_str(value: Any, _type: Any) -> str:
    # A number where a name is expected is reported rather than stringified: it is usually a
    # shifted CSV column or a mapping mistake, and silently accepting it hides the problem.
    if isinstance(value, str):
        return value
    raise InputTypeError(f"expected a string, got {type(value).__name__} {safe_repr(value)}")


def _strict_int(value: Any, _type: Any) -> int:
    # cattrs' default is ``int(value)``, which turns 1.5 into 1 and "10" into 10 silently.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InputTypeError(f"expected a whole number, got {type(value).__name__} {safe_repr(value)}")


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
            f"unknown field(s) {safe_repr(sorted(exc.extra_fields), limit=200)}; "
            f"known fields are {known}",
            path=path,
        )
    if isinstance(exc, ConfigError):
        return exc.at(path) if path else exc
    if isinstance(exc, ServiceModelError | ValueError | TypeError | KeyError):
        message = str(exc)
        if isinstance(exc, KeyError):
            message = (
                f"missing required field {safe_repr(exc.args[0])}" if exc.args else "missing field"
            )
        return ConfigError(message, path=path)
    raise exc


def structure(data: Any, cls: type[T], path: str) -> T:
    """Structure ``data`` as ``cls``; any failure is one ``ConfigError`` with the field's path."""
    try:
        return _CONVERTER.structure(data, cls)
    except Exception as exc:  # translated into a ConfigError with the field's path
        raise _translate(exc, path) from exc


def event_from_dict(data: Any, path: str = "") -> Event:
    """Build one event from a plain dict whose ``kind`` names its type.

    The dict is what [`event_to_dict`][servicemodel.io.event_to_dict] writes, one item of a
    record's ``events`` list: how a live desk keeps the events it applied, to replay a ticket
    when a late event arrives. ``path`` prefixes the field in an error.

    Raises:
        ConfigError: the kind is unknown or a field is missing, unknown or invalid.

    Examples:
        >>> event_from_dict({"kind": "reopen", "id": "e7", "at": "2026-03-02T09:00:00Z"})
        Reopen(id='e7', at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc))
        >>> event_from_dict({"kind": "reply", "id": "e8", "at": "2026-03-02T09:00:00Z"})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: kind: unknown event kind 'reply'; expected one of [...]
    """
    if type(path) is not str:  # it prefixes every message: a number would fail there
        raise InputTypeError(f"path: expected str, got {type(path).__name__} {safe_repr(path)}")
    if type(data) is not dict and not isinstance(data, Mapping):
        # A stored row is JSON text: the likely slip is passing it unparsed.
        text = isinstance(data, str) and data.lstrip().startswith("{")
        hint = " (JSON text: parse it with json.loads first)" if text else ""
        raise ConfigError(
            f"an event must be a mapping, got {type(data).__name__} {safe_repr(data)}{hint}",
            path=path,
        )
    kind = data.get("kind")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ConfigError(
            f"unknown event kind {safe_repr(kind)}; expected one of {sorted(EVENT_TYPES)}",
            path=f"{path}.kind" if path else "kind",
        )
    body = {k: v for k, v in data.items() if k != "kind"}
    return structure(body, cls, path)


# -- the fast path -----------------------------------------------------------------------------
# Loading a large export spent most of its time in the converter's detailed validation, for
# records that are fine. A plainly well-formed record is built directly by the model
# (servicemodel.model._direct: the same checks as the model's validators, inline), exactly the
# value the converter builds. Anything unusual -- a missing or unknown field, a value the model
# refuses -- gives None, and the converter builds the record or reports its error with the
# field's path, as before. history_from_dict looks both up by these names (a benchmark swaps
# them for the converter-only figure).

#: The event of a plainly well-formed record, or None (the converter then decides).
_fast_event = direct_event


#: The ticket of a plainly well-formed record (its ``events`` ignored), or None.
_fast_ticket = direct_ticket


def _ticket(record: dict[str, Any], path: str) -> Ticket:
    fields = {k: v for k, v in record.items() if k != "events"}
    return structure(fields, Ticket, path)


def _events(raw_events: Iterable[Any], path: str) -> Sequence[Event]:
    if type(raw_events) is list:  # the usual record: map and all() loop in C
        events = tuple(map(_fast_event, raw_events))
        if all(events):  # (no typing.cast: a call per record)
            return events  # type: ignore[return-value]
    # The converter builds the others or reports the first error with its path, as before.
    at = f"{path}.events" if path else "events"
    return [
        _fast_event(rec) or event_from_dict(rec, f"{at}[{i}]") for i, rec in enumerate(raw_events)
    ]


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
    if type(path) is not str:  # it prefixes every message: a number would fail there
        raise InputTypeError(f"path: expected str, got {type(path).__name__} {safe_repr(path)}")
    if type(data) is not dict and not isinstance(data, Mapping):
        raise ConfigError(
            f"a ticket record must be a mapping, got {type(data).__name__} {safe_repr(data)}",
            path=path,
        )
    record = data if type(data) is dict else dict(data)
    raw_events = record.get("events", [])
    # A list (what JSON gives) is checked first: the ABC check costs more than the record.
    if type(raw_events) is not list and (
        isinstance(raw_events, str | bytes | Mapping) or not isinstance(raw_events, Iterable)
    ):
        # (A mapping iterates its keys: each was refused as an event, naming a key.)
        raise ConfigError(
            f"events must be a list, got {type(raw_events).__name__} {safe_repr(raw_events)}",
            path=f"{path}.events" if path else "events",
        )
    ticket = _fast_ticket(record) or _ticket(record, path)
    events = _events(raw_events, path)
    if sort_events:
        return TicketHistory.from_unsorted(ticket, events)
    return TicketHistory._of_loaded(ticket, events)


def history_to_dict(history: TicketHistory) -> dict[str, Any]:
    """Dump a history to plain JSON-ready data; ``history_from_dict`` reads it back unchanged.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> h = TicketHistory(Ticket("T-3", datetime(2026, 1, 5, 9, tzinfo=timezone.utc)), [])
        >>> history_from_dict(history_to_dict(h)) == h
        True
    """
    if not isinstance(history, TicketHistory):
        raise InputTypeError(
            f"history: expected TicketHistory, got {type(history).__name__} {safe_repr(history)}"
        )
    out: dict[str, Any] = _CONVERTER.unstructure(history.ticket)
    # Written only when set, so exports without the source's priority names keep their shape.
    if out["priority_label"] is None:
        del out["priority_label"]
    out["events"] = [_event_to_dict(ev) for ev in history.events]
    return out


def event_to_dict(event: Event) -> dict[str, Any]:
    """One event as plain JSON-ready data; ``event_from_dict`` reads it back equal.

    The same dict as the event's item in ``history_to_dict(...)["events"]``, for one event
    on its own: a [`Reopen`][servicemodel.model.Reopen], for example, cannot be written as
    a history without the solve it reopens.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import StatusChange
        >>> ev = StatusChange("e2", datetime(2026, 3, 2, 9, tzinfo=timezone.utc), status="pending")
        >>> event_to_dict(ev)
        {'kind': 'status_change', 'id': 'e2', 'at': '2026-03-02T09:00:00+00:00', 'status': 'pending'}
        >>> event_from_dict(event_to_dict(ev)) == ev
        True
    """  # noqa: E501
    if not isinstance(event, Event):
        raise InputTypeError(
            f"event: expected an Event, got {type(event).__name__} {safe_repr(event)}"
        )
    return _event_to_dict(event)


def _event_to_dict(ev: Event) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": ev.kind, **_CONVERTER.unstructure(ev, type(ev))}
    # A status or priority change without the source's label is written as before the field
    # existed, so exports without labels keep their exact shape.
    if body.get("label", 0) is None:
        del body["label"]
    # Likewise a reply not marked automated (a bot's) is written without the flag.
    if body.get("automated", 0) is False and ev.kind == "agent_reply":
        del body["automated"]
    return body
