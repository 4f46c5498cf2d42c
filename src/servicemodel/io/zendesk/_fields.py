"""Private: the one translation layer of Zendesk records, and the ticket's own fields.

Internal but shared: the readers in ``__all__`` (``fail``, ``read_id``, ``read_instant``,
``read_mapping``) are also how ``servicemodel.reconcile`` reads Zendesk's ticket metric events,
so a bad field in either export is the same ``RecordError``. They are not public API.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from servicemodel._config import one_of, safe_repr
from servicemodel._validators import iso_datetime
from servicemodel.errors import OutOfRangeError, RecordError, require_instant
from servicemodel.model import (
    Priority,
    Status,
)
from servicemodel.model._shared import direct_instant

__all__ = ["CHANNELS", "STATUSES", "fail", "read_id", "read_instant", "read_mapping"]

STATUSES: Mapping[str, Status] = {
    "new": Status.NEW,
    "open": Status.OPEN,
    "pending": Status.PENDING,
    "hold": Status.ON_HOLD,
    "solved": Status.SOLVED,
    "closed": Status.CLOSED,
}
#: ``via.channel`` values that have a name in our vocabulary; any other passes through as is.
#: A ticket's channel is mostly the "Ticket created by" name of Zendesk's "Via types
#: reference" (``email``, ``web``, ``api``, ``voice``); the via types themselves (``mail``,
#: ``web_form``, ``web_service``, the call and social types) name the same channels.
CHANNELS: Mapping[str, str] = {
    "voice": "phone",
    "phone": "phone",
    "voicemail": "phone",
    "phone_call_inbound": "phone",
    "phone_call_outbound": "phone",
    "api_voicemail": "phone",
    "api_phone_call_inbound": "phone",
    "api_phone_call_outbound": "phone",
    "web": "web",
    "web_form": "web",
    "email": "email",
    "mail": "email",
    "web_service": "api",
    "chat": "chat",
    "native_messaging": "chat",
    "messaging": "chat",
    "twitter": "social",
    "twitter_dm": "social",
    "twitter_favorite": "social",
    "facebook": "social",
    "facebook_post": "social",
    "facebook_message": "social",
    "instagram_dm": "social",
}
#: Zendesk's via ids and their via types, from the "Via types reference"
#: (https://developer.zendesk.com/documentation/ticketing/reference-guides/via-types). A
#: ``via.channel`` may be a via id -- "string or integer", the "Via object reference" says,
#: with ``"channel": 8`` and ``"channel": 56`` as its examples, and the via types reference
#: shows ``"channel": 4`` and ``"channel": "4"`` -- and is read as its via type.
VIA_IDS: Mapping[int, str] = {
    0: "web_form",
    4: "mail",
    5: "web_service",
    8: "rule",
    9: "linked_problem",
    10: "group_deletion",
    11: "user_change",
    12: "user_deletion",
    13: "group_change",
    14: "resource_push",
    15: "iphone",
    16: "get_satisfaction",
    17: "dropbox",
    19: "merge",
    20: "batch",
    21: "recovered_from_suspended_tickets",
    22: "automatic_solution_suggestions",
    23: "twitter_favorite",
    24: "topic",
    25: "user_merge",
    26: "twitter_dm",
    27: "closed_ticket",
    28: "logmein_rescue",
    29: "chat",
    30: "twitter",
    31: "ticket_sharing",
    32: "macro_reference",
    33: "voicemail",
    34: "phone_call_inbound",
    35: "phone_call_outbound",
    36: "blog",
    37: "text_message",
    38: "facebook_post",
    39: "import",
    40: "github",
    41: "facebook_message",
    44: "api_voicemail",
    45: "api_phone_call_inbound",
    46: "api_phone_call_outbound",
    48: "web_widget",
    49: "mobile_sdk",
    50: "helpcenter",
    54: "satisfaction_prediction",
    55: "any_channel",
    56: "mobile",
    57: "sms",
    62: "rule_revision",
    63: "answer_bot_for_agents",
    64: "answer_bot_for_slack",
    65: "answer_bot_for_sdk",
    66: "answer_bot_api",
    67: "answer_bot_for_web_widget",
}


def via_id(channel: Any) -> int | None:
    """A ``via.channel`` given as a via id (an int, or its digits as text), else ``None``.

    Examples:
        >>> via_id(4), via_id("4"), via_id("mail"), via_id(True), via_id(" 8 "), via_id(-1)
        (4, 4, None, None, None, None)
    """
    if type(channel) is int:  # (an id is a few digits: a huge int is no id, and has no text)
        return channel if 0 <= channel < 10**9 else None
    if type(channel) is str and channel.isascii() and channel.isdigit() and len(channel) < 10:
        return int(channel)
    return None


#: ``via.channel`` values of an update made by no person, whose public agent comments are
#: automated replies (``AgentReply(automated=True)``): Zendesk's first reply time counts agent
#: replies only, "automated or bot-related actions" are not considered (Zendesk help,
#: "Calculating first reply time",
#: https://support.zendesk.com/hc/en-us/articles/4408821871642). From Zendesk's "Via types
#: reference" (https://developer.zendesk.com/documentation/ticketing/reference-guides/via-types):
#: ``rule`` (via id 8, "Trigger, automation") and the Answer Bot channels ``answer_bot``,
#: ``answer_bot_for_slack`` (64), ``answer_bot_for_sdk`` (65), ``answer_bot_api`` (66),
#: ``answer_bot_for_web_widget`` (67); a channel may be given as its via id (the "Via object
#: reference": "string or integer"). Left out, so that no person's reply is dropped on a guess:
#: ``answer_bot_for_agents`` (63, named for agents), ``rule_revision`` (62) and any channel the
#: reference does not list (none is documented for an AI agent).
AUTOMATED_CHANNELS: frozenset[str | int] = frozenset(
    {
        "rule",
        8,
        "answer_bot",
        "answer_bot_for_slack",
        "answer_bot_for_sdk",
        "answer_bot_api",
        "answer_bot_for_web_widget",
        64,
        65,
        66,
        67,
    }
)
#: ``via.source.rel`` values of an update a business rule made ("Via object reference",
#: https://developer.zendesk.com/documentation/ticketing/reference-guides/via-object-reference:
#: ``{"channel": "rule", "source": {"from": {"id": ..., "title": ...}, "rel": "trigger"}}``).
AUTOMATED_RELS = frozenset({"trigger", "automation"})


def automated_via(via: Any) -> bool:
    """Whether a ``via`` object says no person made the update: its channel is one of
    ``AUTOMATED_CHANNELS`` or its ``source.rel`` one of ``AUTOMATED_RELS``. A ``via`` that is
    no object (the ticket event export's display text, ``"Web form"``) says nothing here.

    Examples:
        >>> automated_via({"channel": "rule", "source": {"rel": "trigger"}})
        True
        >>> automated_via({"channel": "web"}), automated_via("Web form"), automated_via(None)
        (False, False, False)
    """
    if type(via) is not dict and not isinstance(via, Mapping):
        return False
    channel = _via_text(via.get("channel"))
    number = via_id(channel)  # a via id, as an int or as its digits
    if number is not None:
        channel = number
    # Only a text or an int names a channel (a bool is no via id, a list is unhashable).
    if (type(channel) is str or type(channel) is int) and channel in AUTOMATED_CHANNELS:
        return True
    source = via.get("source")
    return isinstance(source, Mapping) and one_of(source.get("rel"), AUTOMATED_RELS)


#: ``via.channel`` of a comment added from another Zendesk account through ticket sharing
#: (via id 31), which "doesn't count toward your account's first reply time" ("Calculating
#: first reply time": https://support.zendesk.com/hc/en-us/articles/4408821871642).
SHARING_CHANNELS: frozenset[str | int] = frozenset({"ticket_sharing", 31})


def sharing_via(via: Any) -> bool:
    """Whether a ``via`` object says the update came through ticket sharing: its channel is
    ``ticket_sharing`` or via id 31 (as an int or its digits). A ``via`` that is no object
    says nothing here.

    Examples:
        >>> sharing_via({"channel": "ticket_sharing"}), sharing_via({"channel": "31"})
        (True, True)
        >>> sharing_via({"channel": "web"}), sharing_via("Ticket sharing"), sharing_via(None)
        (False, False, False)
    """
    if type(via) is not dict and not isinstance(via, Mapping):
        return False
    channel = _via_text(via.get("channel"))
    number = via_id(channel)
    if number is not None:
        channel = number
    return (type(channel) is str or type(channel) is int) and channel in SHARING_CHANNELS


# -- one translation layer -------------------------------------------------------------------


def fail(path: str, tid: str | None, field: str, value: Any, message: str) -> RecordError:
    """The one shape of every error: where, which ticket, which field, which value, and why."""
    # An id that would not print on one line (a newline, an escape sequence) is quoted.
    shown = safe_repr(tid) if isinstance(tid, str) and not tid.isprintable() else tid
    who = f"ticket {shown}: " if shown is not None else ""
    return RecordError(f"{who}{field} {safe_repr(value)}: {message}", path=path)


def read_id(value: Any, path: str, tid: str | None, field: str) -> str:
    why = "expected an id (a number or a non-blank string)"
    if type(value) is int:  # most ids (hot: every event); an int's text has no spaces
        try:
            return str(value)
        except ValueError:  # past the int-to-text digit limit (4,300): no id
            raise fail(path, tid, field, value, why) from None
    if type(value) is str:
        # Spaces around a text id are no part of it: "1001 " is ticket 1001, as in Freshdesk.
        text = value.strip()
        if not text:
            raise fail(path, tid, field, value, why)
        return text
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise fail(path, tid, field, value, why)
    try:
        return str(value).strip()
    except ValueError:  # an int past the int-to-text digit limit (4,300): no id
        raise fail(path, tid, field, value, why) from None


def _optional_id(value: Any, path: str, tid: str | None, field: str) -> str | None:
    return None if value is None else read_id(value, path, tid, field)


def read_instant(value: Any, path: str, tid: str | None, field: str) -> datetime:
    # The usual text (an offset, a year far from the ends) needs none of the checks below.
    found = direct_instant(value)
    if found is not None:
        return found
    if not isinstance(value, str):
        raise fail(path, tid, field, value, "expected an ISO 8601 timestamp")
    try:
        parsed = iso_datetime(value.strip())
    except ValueError:
        raise fail(path, tid, field, value, "not an ISO 8601 timestamp") from None
    if parsed.utcoffset() is None:
        raise fail(path, tid, field, value, "timestamp has no offset (Zendesk writes 'Z')")
    try:  # the one guard for instants near the ends of the calendar (UTC would overflow)
        return require_instant(parsed, field)
    except OutOfRangeError as exc:
        raise fail(path, tid, field, value, str(exc)) from None


def read_mapping(value: Any, path: str, tid: str | None, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise fail(path, tid, what, value, f"expected {what} as a JSON object")
    return value


@attrs.frozen
class _Options:
    statuses: Mapping[str, Status]
    agents: frozenset[str] | None
    channels: Mapping[str, str]
    priorities: Mapping[str, Priority] = attrs.field(factory=dict)
    #: The ticket metric records given apart (``histories(ticket_metrics=...)``), by ticket
    #: id, each with the path it was read from.
    metrics: Mapping[str, tuple[str, Any]] = attrs.field(factory=dict)
    #: Where ``load`` collects the ids of public comments that came through ticket sharing
    #: (``sharing_via``), in the order read; ``None``: not collected (``histories``).
    shared: dict[str, None] | None = attrs.field(default=None, eq=False)


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
        raise fail(path, tid, field, raw, f"unknown status; expected one of {known} (pass "
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
    #: The ticket's metric set sideloaded beside it on its page (a ``metric_sets`` list),
    #: with its path; one inside the ticket record (``metric_set``) is read from ``raw``.
    metrics: tuple[str, Any] | None = None


def _head(raw: Any, path: str) -> _Head:
    rec = read_mapping(raw, path, None, "ticket")
    tid = read_id(rec.get("id"), f"{path}.id", None, "id")
    created = read_instant(rec.get("created_at"), f"{path}.created_at", tid, "created_at")
    status = rec.get("status")
    if not isinstance(status, str):
        raise fail(f"{path}.status", tid, "status", status, "expected a status name")
    return _Head(path, tid, rec, created, status)


def _channel(rec: Mapping[str, Any], opts: _Options, path: str, tid: str) -> str:
    via = rec.get("via")
    if via is None:
        return "other"
    raw = read_mapping(via, f"{path}.via", tid, "via").get("channel")
    channel = _via_text(raw)
    number = via_id(channel)
    if number is not None:
        # A via id is read as its via type; one the reference does not list keeps its digits
        # (a channel_map key can name it).
        name = VIA_IDS.get(number, str(number))
        return opts.channels.get(str(channel), opts.channels.get(name, name))
    if not isinstance(channel, str) or not channel:
        why = "expected a channel name or a via id"
        raise fail(f"{path}.via.channel", tid, "via.channel", raw, why)
    # A channel_map key written as the export writes the channel wins; then the text as a
    # ticket's channel reads it.
    return opts.channels.get(str(raw), opts.channels.get(channel, channel))


def _via_text(channel: Any) -> Any:
    """A text ``via.channel`` as a ticket's channel reads it: trimmed and in lower case.

    Looked up as sent, ``"Mail"`` or ``"4 "`` missed its via type and became the channel
    ``mail`` or ``4`` once the ticket trimmed and lowered it, beside ``email`` for ``"mail"``
    and ``"4"``.

    Examples:
        >>> _via_text(" Mail "), _via_text(4)
        ('mail', 4)
    """
    return channel.strip().lower() if type(channel) is str else channel


def _attributes(rec: Mapping[str, Any], path: str, tid: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("type", "organization_id", "custom_status_id", "brand_id"):
        if rec.get(key) is not None:
            out[key] = rec[key]
    fields = rec.get("custom_fields") or []
    if not isinstance(fields, list):
        raise fail(f"{path}.custom_fields", tid, "custom_fields", fields, "expected a list")
    for i, field in enumerate(fields):
        where = f"{path}.custom_fields[{i}]"
        f = read_mapping(field, where, tid, "custom field")
        fid = read_id(f.get("id"), f"{where}.id", tid, "custom_fields.id")
        value = f.get("value")
        if isinstance(value, list) and all(_scalar(v) for v in value):
            value = ",".join(str(v) for v in value)  # a multi-select: its options, joined
        if value is not None and not _scalar(value):
            raise fail(f"{where}.value", tid, f"custom field {fid}", value, "not a scalar")
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
        raise fail(path, tid, "priority", raw, why) from None
