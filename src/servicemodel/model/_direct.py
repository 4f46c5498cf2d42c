"""Model values built straight from plainly well-formed records (the hot path of loaders).

attrs' generated ``__init__`` calls one validator or converter function per field; over the
millions of events of a large export those calls cost more than parsing the JSON. The
builders here run the SAME checks inline for the common shapes only -- exact ``str``,
``bool``, number and ``list`` types, an aware ISO 8601 timestamp well inside the supported
range, no unknown key -- and fill the frozen slots directly. Anything else gives ``None``:
the caller then takes the ordinary path, which builds the value or reports the error exactly
as before. A value built here equals, field for field, the one the ordinary path builds from
the same record.
"""

from __future__ import annotations

from datetime import datetime
from operator import itemgetter
from typing import Any

import attrs

from servicemodel._validators import iso_stray
from servicemodel.model._events import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    InternalNote,
    PriorityChange,
    Reopen,
    SatisfactionRating,
    StatusChange,
)
from servicemodel.model._partial import MOST_REOPENS, PARTIAL_ATTRIBUTE, REOPENS_ATTRIBUTE, _facts
from servicemodel.model._slots import slot_setters
from servicemodel.model._ticket import Ticket
from servicemodel.model._values import (
    KNOWN_CHANNELS,
    MAX_INT_BITS,
    SCALE_LIMIT,
    Priority,
    Status,
    normalize_channel,
)

__all__ = ["direct_event", "direct_instant", "direct_ticket"]

_new = object.__new__
_PARTIAL = PARTIAL_ATTRIBUTE
_REOPENS = REOPENS_ATTRIBUTE
_fromiso = datetime.fromisoformat
_ABSENT: Any = object()


_EVENT_ID, _EVENT_AT = slot_setters(Event, "id", "at")
(_NOTE_AGENT,) = slot_setters(InternalNote, "agent")
_REPLY_AGENT, _REPLY_AUTOMATED = slot_setters(AgentReply, "agent", "automated")
_STATUS, _LABEL = slot_setters(StatusChange, "status", "label")
_PRIORITY, _PRIORITY_LABEL = slot_setters(PriorityChange, "priority", "label")
_GROUP, _ASSIGNEE = slot_setters(AssignmentChange, "group", "assignee")
_SCORE, _SURVEY, _SCALE_MIN, _SCALE_MAX = slot_setters(
    SatisfactionRating, "score", "survey", "scale_min", "scale_max"
)
#: Ticket's fields by name (not attrs.fields' order: reordering the class must not swap setters).
_TICKET_FIELDS = (
    "id",
    "created_at",
    "requester",
    "channel",
    "priority",
    "group",
    "assignee",
    "tags",
    "attributes",
    "created_by_agent",
    "first_contact",
    "priority_label",
)
(
    _TICKET_ID,
    _CREATED_AT,
    _REQUESTER,
    _CHANNEL,
    _TICKET_PRIORITY,
    _TICKET_GROUP,
    _TICKET_ASSIGNEE,
    _TAGS,
    _ATTRIBUTES,
    _BY_AGENT,
    _FIRST_CONTACT,
    _TICKET_PRIORITY_LABEL,
) = slot_setters(Ticket, *_TICKET_FIELDS)
if set(_TICKET_FIELDS) != {field.name for field in attrs.fields(Ticket)}:  # pragma: no cover
    raise TypeError("model._direct: a field of Ticket has no setter here; add it to _TICKET_FIELDS")

#: Canonical spellings: ``Status.parse`` and ``Priority.parse`` return these members for them.
_STATUSES = {s.value: s for s in Status}
_PRIORITIES = {p.value: p for p in Priority}
#: The values ``_values._attributes`` accepts, as exact types (a subclass takes the usual path).
_SCALARS = frozenset({str, int, float, bool, type(None)})
#: The fields read together (every one but ``priority_label``, which most records, written
#: without it when unset, lack: looked up on its own so they keep the one-call path).
_READ_FIELDS = _TICKET_FIELDS[:-1]
#: A ticket record's keys: the ticket's fields, and its events (read elsewhere, ignored here).
_TICKET_KEYS = frozenset({*_TICKET_FIELDS, "events"})


def direct_instant(value: Any) -> datetime | None:
    """The instant of an ISO 8601 text with an offset, far from the range's ends; or ``None``.

    ``fromisoformat`` gives ``None`` or a fixed-offset ``timezone`` as ``tzinfo``, so a
    ``tzinfo`` means aware; a year in 3..9997 cannot leave the supported range in UTC (an
    offset is under a day). That is ``_values._aware``'s check, done inline.
    """
    if type(value) is not str:
        return None
    try:
        parsed = _fromiso(value)
    except ValueError:
        try:  # padded (the usual path strips): rare, so stripped only when parsing fails
            value = value.strip()
            parsed = _fromiso(value)
        except ValueError:
            return None
    if parsed.tzinfo is None or not 2 < parsed.year < 9998 or iso_stray(value, parsed):
        return None  # (a character fromisoformat read past: the usual path refuses it)
    return parsed


def direct_event(data: Any) -> Event | None:
    """The event of a plainly well-formed record (a ``dict``), or ``None``."""
    if type(data) is not dict:
        return None
    try:  # subscripts, not .get(): a missing key is rare, and .get is a call per field
        cls, fill = _FILL[data["kind"]]
        ev_id, text = data["id"], data["at"]
    except (KeyError, TypeError):  # no such kind, a field missing, an unhashable kind
        return None
    try:  # direct_instant, inline for the usual unpadded timestamp (one call less per event)
        at = _fromiso(text)
    except (ValueError, TypeError):
        found = direct_instant(text)
        if found is None:
            return None
        at = found
    else:
        if at.tzinfo is None or not 2 < at.year < 9998 or iso_stray(text, at):
            return None
    if type(ev_id) is not str or not ev_id or "\x00" in ev_id:  # (_values._name)
        return None
    ev = _new(cls)
    _EVENT_ID(ev, ev_id)
    _EVENT_AT(ev, at)
    try:
        return ev if fill(ev, data) else None
    except (KeyError, TypeError, ValueError, OverflowError):  # e.g. a required field missing
        return None


# Each filler checks and sets the fields after ``id`` and ``at`` and that the record has no
# other key (``kind``, ``id`` and ``at`` are 3), as the converter's unknown-field check does.


def _fill_bare(_ev: Event, data: dict[str, Any]) -> bool:
    return len(data) == 3


def _fill_agent(ev: Event, data: dict[str, Any]) -> bool:
    agent = data.get("agent")
    if not _is_name(agent) or len(data) != 3 + ("agent" in data):
        return False
    _NOTE_AGENT(ev, agent)
    return True


def _fill_reply(ev: Event, data: dict[str, Any]) -> bool:
    if len(data) == 4 and "agent" in data:  # the usual reply: an agent, not marked automated
        agent, automated = data["agent"], False
    else:
        agent, automated = data.get("agent"), data.get("automated", False)
        if len(data) != 3 + ("agent" in data) + ("automated" in data):
            return False
    if not _is_name(agent) or type(automated) is not bool:
        return False
    _REPLY_AGENT(ev, agent)
    _REPLY_AUTOMATED(ev, automated)
    return True


def _fill_status(ev: Event, data: dict[str, Any]) -> bool:
    raw = data["status"]
    status = _STATUSES.get(raw) or _parsed(Status, raw)  # (a member is never falsy)
    if len(data) == 4:  # kind, id, at and status: no label
        label = None
    elif len(data) != 5 or "label" not in data:
        return False
    else:
        label = data["label"]
        if not _is_label(label):
            return False
    _STATUS(ev, status)
    _LABEL(ev, label)
    return True


def _fill_priority(ev: Event, data: dict[str, Any]) -> bool:
    priority = _PRIORITIES.get(data["priority"]) or _parsed(Priority, data["priority"])
    if len(data) == 4:  # kind, id, at and priority: no label
        label = None
    elif len(data) != 5 or "label" not in data:
        return False
    else:
        label = data["label"]
        if not _is_label(label):
            return False
    _PRIORITY(ev, priority)
    _PRIORITY_LABEL(ev, label)
    return True


def _is_name(name: Any) -> bool:
    # _values._optional_name: a name is None or a string without a NUL.
    return name is None or (type(name) is str and "\x00" not in name)


def _is_label(label: Any) -> bool:
    # _values._optional_label: a label is None or a string with something besides spaces.
    return label is None or (type(label) is str and bool(label.strip()))


def _parsed(enum: type[Status] | type[Priority], value: Any) -> Any:
    # Another spelling ("On-Hold"): the model's converter reads it or raises ConfigError.
    if type(value) is not str:
        raise TypeError("not a string")
    return enum.parse(value)


def _fill_assignment(ev: Event, data: dict[str, Any]) -> bool:
    group, assignee = data.get("group"), data.get("assignee")
    if not _is_name(group) or not _is_name(assignee):
        return False
    if len(data) != 3 + ("group" in data) + ("assignee" in data):
        return False
    _GROUP(ev, group)
    _ASSIGNEE(ev, assignee)
    return True


def _fill_rating(ev: Event, data: dict[str, Any]) -> bool:
    # The converters and validators of SatisfactionRating's fields and its
    # __attrs_post_init__, inline: a number (not a bool) that is finite and on the scale.
    score, survey = data["score"], data.get("survey", "csat")
    low, high = data.get("scale_min", 1), data.get("scale_max", 5)
    if type(score) is not float and type(score) is not int:
        return False
    if type(survey) is not str or not survey or "\x00" in survey:
        return False
    if type(low) is not int or type(high) is not int:
        return False
    if not -SCALE_LIMIT <= low < high <= SCALE_LIMIT:  # the validators name the value
        return False
    extra = ("survey" in data) + ("scale_min" in data) + ("scale_max" in data)
    score = float(score)  # OverflowError for an int past the floats: refused, as _score does
    if len(data) != 4 + extra or score - score != 0.0 or not low <= score <= high or low >= high:
        return False  # (score - score is not 0.0 for an infinity or NaN)
    _SCORE(ev, score)
    _SURVEY(ev, survey)
    _SCALE_MIN(ev, low)
    _SCALE_MAX(ev, high)
    return True


_FILL: dict[str, tuple[type[Event], Any]] = {
    CustomerMessage.kind: (CustomerMessage, _fill_bare),
    Reopen.kind: (Reopen, _fill_bare),
    AgentReply.kind: (AgentReply, _fill_reply),
    InternalNote.kind: (InternalNote, _fill_agent),
    StatusChange.kind: (StatusChange, _fill_status),
    PriorityChange.kind: (PriorityChange, _fill_priority),
    AssignmentChange.kind: (AssignmentChange, _fill_assignment),
    SatisfactionRating.kind: (SatisfactionRating, _fill_rating),
}


def direct_ticket(data: dict[str, Any]) -> Ticket | None:
    """The ticket of a plainly well-formed record (a ``dict``; ``events`` ignored), or ``None``."""
    if type(data) is not dict or not _TICKET_KEYS.issuperset(data):
        return None
    try:
        return _ticket(data)
    except (KeyError, TypeError, ValueError):  # e.g. no id or created_at
        return None


def _ticket(data: dict[str, Any]) -> Ticket | None:
    try:  # every field given (our own records): one C call, not a .get per field
        fields = _FIELDS(data)
    except KeyError:  # the defaults of the fields not given (KeyError for no id, created_at)
        fields = _FIELDS(_DEFAULTS | data)
    (
        tid, at, requester, channel, priority, group, assignee, tags, attributes, by_agent, first
    ) = fields  # fmt: skip
    # Absent from most records (written only when set): one lookup, not the slow path.
    label = data.get("priority_label")
    created = direct_instant(at)
    if type(channel) is not str or channel not in KNOWN_CHANNELS:  # else its own normal form
        channel = _direct_channel(channel)
    priority = _PRIORITIES.get(priority) or _parsed(Priority, priority)
    tags = _tags(tags)
    attributes = _attributes(attributes)
    if (
        type(tid) is not str
        or not tid
        or "\x00" in tid
        or created is None
        or not _is_name(requester)
        or not _is_name(group)
        or not _is_name(assignee)
        or channel is None
        or tags is None
        or attributes is None
        or type(by_agent) is not bool
        or (first is not None and type(first) is not bool)
        or not _is_label(label)
    ):
        return None
    ticket = _new(Ticket)  # the slots set one by one, unrolled: once per ticket of a load
    _TICKET_ID(ticket, tid)
    _CREATED_AT(ticket, created)
    _REQUESTER(ticket, requester)
    _CHANNEL(ticket, channel)
    _TICKET_PRIORITY(ticket, priority)
    _TICKET_GROUP(ticket, group)
    _TICKET_ASSIGNEE(ticket, assignee)
    _TAGS(ticket, tags)
    _ATTRIBUTES(ticket, attributes)
    _BY_AGENT(ticket, by_agent)
    _FIRST_CONTACT(ticket, first)
    _TICKET_PRIORITY_LABEL(ticket, label)
    return ticket


#: A ticket record's fields, in the order of ``Ticket``'s, and the defaults of the optional
#: ones (``_ABSENT``: the field's own default, see ``_tags`` and ``_attributes``).
_FIELDS = itemgetter(*_READ_FIELDS)
_DEFAULTS = {
    "requester": None,
    "channel": "email",
    "priority": "normal",
    "group": None,
    "assignee": None,
    "tags": _ABSENT,
    "attributes": _ABSENT,
    "created_by_agent": False,
    "first_contact": None,
}


def _direct_channel(value: Any) -> str | None:
    # Any other string is normalised as usual.
    if type(value) is not str:
        return None
    try:
        return normalize_channel(value)
    except ValueError:
        return None


def _tags(value: Any) -> frozenset[str] | None:
    if value is _ABSENT:
        return frozenset()  # the field's default
    if type(value) is not list:
        return None
    for tag in value:
        if type(tag) is not str or not tag or "\x00" in tag:
            return None
    return frozenset(value)


def _attributes(value: Any) -> dict[str, Any] | None:
    if value is _ABSENT:
        return {}  # the field's default (a new empty dict)
    if type(value) is not dict:
        return None
    for key, item in value.items():
        if type(key) is not str or type(item) not in _SCALARS or "\x00" in key:
            return None
        if type(item) is int and item.bit_length() > MAX_INT_BITS:
            return None  # (the converter names it)
        if type(item) is float and item - item != 0.0:
            return None  # NaN or an infinity (item - item is NaN): the converter names it
    lost = value.get(_PARTIAL)
    # A partial history's lost facts: known names read directly (cached, so a load whose
    # every ticket is partial keeps the fast path); anything else, the converter names.
    if lost is not None and (type(lost) is not str or type(_facts(lost)) is not frozenset):
        return None
    count = value.get(_REOPENS)  # a count of reopens: a whole number of at least 1
    if count is not None and (type(count) is not int or not 1 <= count <= MOST_REOPENS):
        return None
    return dict(value)  # a copy, as the converter makes
