"""Private: the one translation layer of Zendesk records, and the ticket's own fields."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import OutOfRangeError, RecordError, require_instant
from servicemodel.model import (
    Priority,
    Status,
)
from servicemodel.model._direct import direct_instant

__all__ = ["CHANNELS", "STATUSES"]

STATUSES: Mapping[str, Status] = {
    "new": Status.NEW,
    "open": Status.OPEN,
    "pending": Status.PENDING,
    "hold": Status.ON_HOLD,
    "solved": Status.SOLVED,
    "closed": Status.CLOSED,
}
#: ``via.channel`` values that have a name in our vocabulary; any other passes through as is.
CHANNELS: Mapping[str, str] = {
    "voice": "phone",
    "phone": "phone",
    "web": "web",
    "web_form": "web",
    "email": "email",
    "chat": "chat",
    "native_messaging": "chat",
    "messaging": "chat",
    "twitter": "social",
    "facebook": "social",
    "instagram_dm": "social",
}

# -- one translation layer -------------------------------------------------------------------


def _fail(path: str, tid: str | None, field: str, value: Any, message: str) -> RecordError:
    """The one shape of every error: where, which ticket, which field, which value, and why."""
    who = f"ticket {tid}: " if tid is not None else ""
    return RecordError(f"{who}{field} {safe_repr(value)}: {message}", path=path)


def _id(value: Any, path: str, tid: str | None, field: str) -> str:
    why = "expected an id (a number or a non-empty string)"
    if type(value) is int:  # most ids (hot: every event); an int's text has no spaces
        try:
            return str(value)
        except ValueError:  # past the int-to-text digit limit (4,300): no id
            raise _fail(path, tid, field, value, why) from None
    if type(value) is str:
        # Spaces around a text id are no part of it: "1001 " is ticket 1001, as in Freshdesk.
        text = value.strip()
        if not text:
            raise _fail(path, tid, field, value, why)
        return text
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _fail(path, tid, field, value, why)
    try:
        return str(value).strip()
    except ValueError:  # an int past the int-to-text digit limit (4,300): no id
        raise _fail(path, tid, field, value, why) from None


def _optional_id(value: Any, path: str, tid: str | None, field: str) -> str | None:
    return None if value is None else _id(value, path, tid, field)


def _instant(value: Any, path: str, tid: str | None, field: str) -> datetime:
    # The usual text (an offset, a year far from the ends) needs none of the checks below.
    found = direct_instant(value)
    if found is not None:
        return found
    if not isinstance(value, str):
        raise _fail(path, tid, field, value, "expected an ISO 8601 timestamp")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise _fail(path, tid, field, value, "not an ISO 8601 timestamp") from None
    if parsed.utcoffset() is None:
        raise _fail(path, tid, field, value, "timestamp has no offset (Zendesk writes 'Z')")
    try:  # the one guard for instants near the ends of the calendar (UTC would overflow)
        return require_instant(parsed, field)
    except OutOfRangeError as exc:
        raise _fail(path, tid, field, value, str(exc)) from None


def _mapping(value: Any, path: str, tid: str | None, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, tid, what, value, f"expected {what} as a JSON object")
    return value


@attrs.frozen
class _Options:
    statuses: Mapping[str, Status]
    agents: frozenset[str] | None
    channels: Mapping[str, str]
    priorities: Mapping[str, Priority] = attrs.field(factory=dict)


def _key(raw: Any) -> str | None:
    """A number's or a text's key in a mapping of names, else ``None`` (a bool, a float, a
    list, or an int past Python's int-to-text digit limit is no name)."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        return None
    try:
        return str(raw)
    except ValueError:  # str() refuses ints of more than 4,300 digits
        return None


def _status(raw: Any, opts: _Options, path: str, tid: str, field: str = "status") -> Status:
    key = _key(raw)
    found = opts.statuses.get(key) if key is not None else None
    if found is None:
        known = sorted(opts.statuses)
        raise _fail(path, tid, field, raw, f"unknown status; expected one of {known} (pass "
                    "status_map= to map a custom status to one of ours)")  # fmt: skip
    return found


# -- tickets -----------------------------------------------------------------------------------


@attrs.frozen
class _Head:
    """What the export page says about one ticket."""

    path: str
    id: str
    raw: Mapping[str, Any]
    created_at: datetime
    status: str


def _head(raw: Any, path: str) -> _Head:
    rec = _mapping(raw, path, None, "ticket")
    tid = _id(rec.get("id"), f"{path}.id", None, "id")
    created = _instant(rec.get("created_at"), f"{path}.created_at", tid, "created_at")
    status = rec.get("status")
    if not isinstance(status, str):
        raise _fail(f"{path}.status", tid, "status", status, "expected a status name")
    return _Head(path, tid, rec, created, status)


def _channel(rec: Mapping[str, Any], opts: _Options, path: str, tid: str) -> str:
    via = rec.get("via")
    if via is None:
        return "other"
    channel = _mapping(via, f"{path}.via", tid, "via").get("channel")
    if not isinstance(channel, str) or not channel:
        raise _fail(f"{path}.via.channel", tid, "via.channel", channel, "expected a channel name")
    return opts.channels.get(channel, channel)


def _attributes(rec: Mapping[str, Any], path: str, tid: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("type", "organization_id", "custom_status_id", "brand_id"):
        if rec.get(key) is not None:
            out[key] = rec[key]
    fields = rec.get("custom_fields") or []
    if not isinstance(fields, list):
        raise _fail(f"{path}.custom_fields", tid, "custom_fields", fields, "expected a list")
    for i, field in enumerate(fields):
        where = f"{path}.custom_fields[{i}]"
        f = _mapping(field, where, tid, "custom field")
        fid = _id(f.get("id"), f"{where}.id", tid, "custom_fields.id")
        value = f.get("value")
        if isinstance(value, list) and all(_scalar(v) for v in value):
            value = ",".join(str(v) for v in value)  # a multi-select: its options, joined
        if value is not None and not _scalar(value):
            raise _fail(f"{where}.value", tid, f"custom field {fid}", value, "not a scalar")
        out[f"custom_{fid}"] = value
    return out


def _scalar(value: Any) -> bool:
    """A custom field's value (or a multi-select's option): text, a number or a bool, which
    has a text (an int past Python's int-to-text digit limit has none)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _key(value) is not None
    return isinstance(value, str | float | bool)


def _priority(raw: Any, path: str, tid: str, opts: _Options) -> Priority:
    if raw is None:  # Zendesk leaves priority empty until someone sets it
        return Priority.NORMAL
    key = _key(raw)
    found = None if key is None else opts.priorities.get(key)
    if found is not None:
        return found
    try:
        return Priority(raw)
    except ValueError:
        # Ours in their order, then the mapped ones (priority_map= adds a custom priority).
        known = [p.value for p in Priority] + sorted(opts.priorities)
        why = f"unknown priority; expected one of {known} (map it with priority_map=)"
        raise _fail(path, tid, "priority", raw, why) from None
