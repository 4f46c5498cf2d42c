"""Private: the one translation layer of Freshdesk records (ids, instants, codes)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, tzinfo
from pathlib import PurePath
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import (
    INSTANT_RANGE,
    ConfigError,
    NaiveDatetimeError,
    OutOfRangeError,
    RecordError,
    ServiceModelError,
)
from servicemodel.io.eventlog._shared import parse_timestamp, zone
from servicemodel.model import Priority, Status

__all__ = ["PRIORITIES", "SOURCES", "STATUSES"]

STATUSES: Mapping[int, Status] = {
    2: Status.OPEN,
    3: Status.PENDING,
    4: Status.SOLVED,
    5: Status.CLOSED,
}
"""Freshdesk's built-in ticket statuses (ids 6 and up are an account's own: map them)."""
PRIORITIES: Mapping[int, Priority] = {
    1: Priority.LOW,
    2: Priority.NORMAL,
    3: Priority.HIGH,
    4: Priority.URGENT,
}
"""Freshdesk's priorities 1 Low, 2 Medium, 3 High, 4 Urgent, as ours."""
SOURCES: Mapping[int, str] = {
    1: "email",
    2: "web",  # the customer portal
    3: "phone",
    4: "forum",
    5: "social",  # Twitter
    6: "social",  # Facebook
    7: "chat",
    8: "mobile_sdk",  # Mobihelp, Freshdesk's in-app mobile SDK
    9: "web",  # the feedback widget
    10: "email",  # an outbound email: an agent opened the ticket
    11: "ecommerce",
    12: "bot",
}
"""Ticket ``source`` codes and our channel; any other code is ``other``.

The API reference (https://developers.freshdesk.com/api/#tickets) lists 1 Email, 2 Portal,
3 Phone, 7 Chat, 9 Feedback Widget and 10 Outbound Email, and its earlier revisions 8
Mobihelp; exported tickets carry the helpdesk's whole list, as public clients mirror it
(4 Forum, 5 Twitter, 6 Facebook, 8 Mobihelp, 11 E-commerce, 12 Bot: jscarle/Freshdesk.NET's
``TicketSource``). Mobihelp takes the name Zendesk's mobile SDK channel has (``mobile_sdk``),
a forum topic the one Zendesk gives a ticket from one (``forum``).
"""
OUTBOUND = 10
# Conversation ``source`` codes are Freshdesk's note sources, in this order: 0 email (a
# reply), 1 form, 2 note, 3 status, 4 meta, 5 tweet, 6 survey feedback, 7 Facebook, 8
# forwarded email, 9 phone, 10 Mobihelp, 11 app review, 12 e-commerce, 13 ticket summary,
# 14 canned form, 15 automation rule, 16 automation rule's forward (the API reference lists
# 0, 2, 5, 6, 7 and 8: https://developers.freshdesk.com/api/#conversations; the whole list is
# NOTE_SOURCES in Freshdesk's own helpdesk code).
#: Sent to a third party (a forward, by hand or by an automation rule), never to the customer.
FORWARDS = frozenset({8, 16})
#: Status and meta records and the ticket summary: agents' notes, never a message.
NOTES = frozenset({3, 4, 13})
#: The remark a requester leaves with a satisfaction survey: Freshdesk stores it as a public,
#: incoming conversation by the requester, yet it asks for no reply and leaves a resolved
#: ticket resolved; the score itself comes with ``ratings=``.
FEEDBACK = 6
#: A public note an automation rule adds: an automated reply when it goes to the customer.
AUTOMATION = 15
#: Survey answers of ``ratings.default_question``, on a seven-point scale 1..7.
RATINGS: Mapping[int, int] = {-103: 1, -102: 2, -101: 3, 100: 4, 101: 5, 102: 6, 103: 7}


#: How to give the account's ticket fields, to the API and on the command line alike.
_FIELDS_GIVEN = (
    "the account's GET /api/v2/admin/ticket_fields response, as ticket_fields= or among the "
    "files read"
)


def fail(path: str, tid: str | None, field: str, value: Any, why: str) -> RecordError:
    """The one shape of every error: where, which ticket, which field, which value, and why."""
    # An id that would not print on one line (a newline, an escape sequence) is quoted.
    shown = safe_repr(tid) if isinstance(tid, str) and not tid.isprintable() else tid
    who = f"ticket {shown}: " if shown is not None else ""
    return RecordError(f"{who}{field} {safe_repr(value)}: {why}", path=path)


def code(value: Any) -> int | None:
    """An integer code from a JSON number or a numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text.startswith("-") else text
        # isdecimal, not isdigit: "²" is a digit that int() refuses. A code is a few digits:
        # past int()'s digit limit a text is no code either (never a ValueError).
        if digits.isdecimal() and len(digits) <= 4000:
            return int(text)
    return None


def ident(value: Any, path: str, tid: str | None, field: str) -> str:
    try:
        text = str(value).strip() if isinstance(value, int | str) else ""
    except ValueError:  # an int past the int-to-text digit limit (4,300 digits): no id
        text = ""
    if isinstance(value, bool) or text == "":
        raise fail(path, tid, field, value, "expected an id (a number or a non-blank string)")
    return text


def optional_ident(value: Any, path: str, tid: str | None, field: str) -> str | None:
    return None if value is None else ident(value, path, tid, field)


def mapping(value: Any, path: str, tid: str | None, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise fail(path, tid, what, value, f"expected {what} as a JSON object")
    return value


@attrs.frozen
class Options:
    statuses: Mapping[int, Status]
    labels: Mapping[int, str]
    priorities: Mapping[int, Priority]
    channels: Mapping[int, str]
    agents: frozenset[str] | None
    tz: tzinfo | None
    #: Custom statuses the ticket fields name without saying whether the SLA timer stops
    #: in them (``/api/v2/ticket_fields``): their label, for the unknown-status error.
    unsorted: Mapping[int, str] = attrs.field(factory=dict)

    def instant(self, value: Any, path: str, tid: str | None, field: str) -> datetime:
        if not isinstance(value, str):
            raise fail(path, tid, field, value, "expected an ISO 8601 timestamp")
        try:
            return parse_timestamp(value, tz=self.tz)
        except NaiveDatetimeError:
            raise fail(path, tid, field, value, "no offset (Freshdesk writes UTC with 'Z'); "
                       "pass tz= to read local times") from None  # fmt: skip
        except OutOfRangeError:
            # A timestamp, but outside the instants the library reads (a placeholder date).
            raise fail(path, tid, field, value, f"outside the supported range {INSTANT_RANGE}"
                       ) from None  # fmt: skip
        except ServiceModelError:
            raise fail(path, tid, field, value, "not an ISO 8601 timestamp") from None

    def after(
        self, value: Any, path: str, tid: str, field: str, created: datetime, why: str = ""
    ) -> datetime:
        """An instant that may not precede the ticket's creation (``why``: said after it)."""
        t = self.instant(value, path, tid, field)
        try:
            early = t.astimezone(UTC) < created.astimezone(UTC)
        except OverflowError:
            raise fail(path, tid, field, value, "an instant out of range") from None
        if early:
            said = f"before the ticket's creation {created.isoformat()}"
            raise fail(path, tid, field, value, f"{said}: {why}" if why else said)
        return t

    def status(self, raw: Any, path: str, tid: str) -> tuple[Status, str | None]:
        c = code(raw)
        found = self.statuses.get(c) if c is not None else None
        if found is None:
            named = self.unsorted.get(c) if c is not None else None
            if named is not None:
                raise fail(path, tid, "status", raw, f"the ticket fields name it {named!r} but "
                           "say not whether the SLA timer stops in it (GET /api/v2/ticket_fields "
                           "gives no stop_sla_timer): map it with status_map=, or give "
                           f"{_FIELDS_GIVEN}")  # fmt: skip
            known = {k: v.value for k, v in sorted(self.statuses.items())}
            raise fail(path, tid, "status", raw, f"unknown status; known: {known} (ids 6 and up "
                       "are an account's own statuses: map each with status_map=, or give "
                       f"{_FIELDS_GIVEN})")  # fmt: skip
        return found, self.labels.get(c) if c is not None else None

    def priority(self, raw: Any, path: str, tid: str) -> Priority:
        if raw is None:
            return Priority.NORMAL
        c = code(raw)
        found = self.priorities.get(c) if c is not None else None
        if found is None:
            known = {k: v.value for k, v in sorted(self.priorities.items())}
            raise fail(path, tid, "priority", raw, f"unknown priority; known: {known} "
                       "(map others with priority_map=)")  # fmt: skip
        return found


def _code_key(raw: Any, path: str) -> int:
    c = code(raw)
    # A code is a few digits: one too long to print could never be shown in a label.
    if c is None or c.bit_length() > _CODE_BITS:
        raise ConfigError(f"expected a numeric code, got {safe_repr(raw)}", path=path)
    return c


#: Bits of the longest code an option takes (about 1,000 digits, well inside int()'s limit).
_CODE_BITS = 3300


def _table(value: Any, name: str) -> Mapping[Any, Any]:
    """An option's table (``None``: empty); anything else is a ConfigError naming it."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ConfigError(f"expected a table of code to value, got {safe_repr(value)}", path=name)
    return value


def _at(name: str, raw: Any) -> str:
    """The path of an option's key (``status_map.6``), for a key of any value."""
    try:
        return f"{name}.{raw}"
    except ValueError:  # an int past the int-to-text digit limit
        return f"{name}.{safe_repr(raw)}"


def _agents(agents: Iterable[int | str] | None) -> frozenset[str] | None:
    if agents is None:
        return None
    if isinstance(agents, str | bytes | Mapping) or not isinstance(agents, Iterable):
        raise ConfigError(f"expected a list of agent ids, got {safe_repr(agents)}", path="agents")
    found = set()
    for i, a in enumerate(agents):
        try:
            ok = not isinstance(a, bool) and isinstance(a, int | str) and bool(str(a).strip())
        except ValueError:  # an int past the int-to-text digit limit: no id
            ok = False
        if not ok:
            raise ConfigError(f"expected an agent id, got {safe_repr(a)}", path=f"agents[{i}]")
        found.add(str(a))
    return frozenset(found)


def options(
    status_map: Mapping[Any, Any] | None,
    priority_map: Mapping[Any, Any] | None,
    channel_map: Mapping[Any, str] | None,
    agents: Iterable[int | str] | None,
    tz: str | tzinfo | None,
    ticket_fields: Any = None,
) -> Options:
    statuses: dict[int, Status] = dict(STATUSES)
    labels: dict[int, str | None] = {}
    unsorted: dict[int, str] = {}
    # The account's own statuses, from its ticket fields: each keeps its agent label, and the
    # SLA timer stopping in it makes it a pause, as in Freshdesk's own Pending (see
    # CUSTOM_STATUS_CATEGORY). The built-in ids keep their meaning.
    for key, (name, stops) in status_choices(ticket_fields).items():
        if key in STATUSES:
            continue
        labels[key] = name
        if stops is None:
            unsorted[key] = name
        else:
            statuses[key] = CUSTOM_STATUS_CATEGORY[stops]
    # The user's status_map wins over what the ticket fields imply.
    for raw, ours in _table(status_map, "status_map").items():
        key = _code_key(raw, _at("status_map", raw))
        name, label = (ours, None) if isinstance(ours, str | Status) else _pair(ours, raw)
        if label is not None and not _is_status(name) and _is_status(label):
            raise ConfigError(
                f"(status, label) takes our status first: {safe_repr([label, name])}, "
                f"got {safe_repr([name, label])}",
                path=_at("status_map", raw),
            )
        statuses[key] = Status.parse(name, _at("status_map", raw))
        unsorted.pop(key, None)
        labels[key] = label or labels.get(key) or (None if key in STATUSES else f"freshdesk:{key}")
    priorities = dict(PRIORITIES)
    for raw, ours in _table(priority_map, "priority_map").items():
        key = _code_key(raw, _at("priority_map", raw))
        priorities[key] = Priority.parse(ours, _at("priority_map", raw))
    channels = dict(SOURCES)
    for raw, name in _table(channel_map, "channel_map").items():
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(
                f"expected a channel name (text), got {safe_repr(name)}",
                path=_at("channel_map", raw),
            )
        channels[_code_key(raw, _at("channel_map", raw))] = name
    return Options(
        statuses,
        {k: v for k, v in labels.items() if v},
        priorities,
        channels,
        _agents(agents),
        zone(tz),
        unsorted,
    )


def _is_status(value: Any) -> bool:
    try:
        Status.parse(value, "status")
    except (ConfigError, TypeError, ValueError):
        return False
    return True


def _pair(value: Any, raw: Any) -> tuple[Any, str | None]:
    """A ``(status, label)`` pair: the label names the custom status in the history."""
    if isinstance(value, tuple | list) and len(value) == 2 and isinstance(value[1], str):
        return value[0], value[1]
    raise ConfigError(
        f"expected a status name or (status, label), got {safe_repr(value)}",
        path=f"status_map.{raw}",
    )


#: The category of an account's own status that its ticket fields describe, by
#: ``stop_sla_timer``: a status in which the SLA timer stops is a pause, ``pending`` as
#: Freshdesk's own Pending (which stops the timer by default) is read; one in which it runs
#: is ``open``. A ``status_map`` entry for the id wins.
CUSTOM_STATUS_CATEGORY: Mapping[bool, Status] = {True: Status.PENDING, False: Status.OPEN}

_FIELDS_WHAT = (
    "the response of GET /api/v2/admin/ticket_fields or GET /api/v2/ticket_fields (a list of "
    "ticket fields), or its status field"
)

#: A file's name, text or lines is the likely slip: the option takes the parsed response.
_PARSE = " (the parsed JSON: json.load the file, or give the file among load's files)"


def _status_field(value: Any) -> tuple[Mapping[str, Any], str]:
    """The status field (``type`` ``default_status``) of a ticket fields response, and its
    path; a response without one, or with two, is a ConfigError."""
    if isinstance(value, Mapping):
        kind = value.get("type")
        if "choices" not in value or kind not in (None, "default_status"):
            raise ConfigError(f"expected {_FIELDS_WHAT}, got {safe_repr(value)}",
                              path="ticket_fields")  # fmt: skip
        return value, "ticket_fields"
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        hint = _PARSE if isinstance(value, str | bytes | PurePath) else ""
        raise ConfigError(f"expected {_FIELDS_WHAT}, got {safe_repr(value)}{hint}",
                          path="ticket_fields")  # fmt: skip
    found = []
    for i, field in enumerate(value):
        at = f"ticket_fields[{i}]"
        if not isinstance(field, Mapping):
            hint = _PARSE if isinstance(field, str | bytes) else ""  # an open file's lines
            raise ConfigError(
                f"expected a ticket field (a JSON object), got {safe_repr(field)}{hint}", path=at
            )
        if field.get("type") == "default_status":
            found.append((field, at))
    if not found:
        raise ConfigError("no status field (type 'default_status') among the ticket fields",
                          path="ticket_fields")  # fmt: skip
    if len(found) > 1:
        why = f"a second status field (the first is {found[0][1]}): give one response"
        raise ConfigError(why, path=found[1][1])
    return found[0]


def _name(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"expected the status's name (text), got {safe_repr(value)}", path=path)
    return value


def _older_choices(choices: Mapping[Any, Any], path: str) -> dict[int, tuple[str, bool | None]]:
    """The older endpoint's choices, an object from the status id to ``[agent label, customer
    label]``; two keys of one id (``"6"`` and ``" 6"``) with other labels are an error, as
    in the admin endpoint's list."""
    out: dict[int, tuple[str, bool | None]] = {}
    for raw, pair in choices.items():
        at = _at(f"{path}.choices", raw)
        key = _code_key(raw, at)
        if not isinstance(pair, list | tuple) or not pair:
            raise ConfigError(f"expected [agent label, customer label], got "
                              f"{safe_repr(pair)}", path=at)  # fmt: skip
        name = _name(pair[0], f"{at}[0]")
        if key in out and out[key][0] != name:
            raise ConfigError(f"status {key} is given twice, differently", path=at)
        out[key] = (name, None)
    return out


def status_choices(value: Any) -> dict[int, tuple[str, bool | None]]:
    """Each status a ticket fields response names: its agent label, and whether the SLA timer
    stops in it (``None``: not given).

    Two shapes of the status field's ``choices`` (https://developers.freshdesk.com/api/
    #list_all_ticket_fields): the admin API's (``GET /api/v2/admin/ticket_fields``) is a list of
    objects, each with the status ``id``, its agent label ``value``, ``label_for_customers``
    and ``stop_sla_timer``; the older ``GET /api/v2/ticket_fields`` gives an object from the
    status id to ``[agent label, customer label]``, without ``stop_sla_timer``.

    Examples:
        >>> field = {"type": "default_status", "choices": [
        ...     {"id": 6, "value": "Waiting on Customer", "stop_sla_timer": True}]}
        >>> status_choices([field])
        {6: ('Waiting on Customer', True)}
        >>> status_choices({"type": "default_status", "choices": {"7": ["In Review", "Open"]}})
        {7: ('In Review', None)}
    """
    if value is None:
        return {}
    field, path = _status_field(value)
    choices = field.get("choices")
    if isinstance(choices, Mapping):  # the older endpoint: id -> [agent label, customer label]
        return _older_choices(choices, path)
    if not isinstance(choices, list):
        raise ConfigError(f"expected the status choices (a list), got {safe_repr(choices)}",
                          path=f"{path}.choices")  # fmt: skip
    out: dict[int, tuple[str, bool | None]] = {}
    for i, choice in enumerate(choices):
        at = f"{path}.choices[{i}]"
        if not isinstance(choice, Mapping):
            raise ConfigError(f"expected a status choice (a JSON object), got "
                              f"{safe_repr(choice)}", path=at)  # fmt: skip
        key = _code_key(choice.get("id"), f"{at}.id")
        name = _name(choice.get("value", choice.get("label")), f"{at}.value")
        stops = choice.get("stop_sla_timer")
        if stops is not None and not isinstance(stops, bool):
            why = "expected true or false (whether the SLA timer stops in this status)"
            raise ConfigError(f"{why}, got {safe_repr(stops)}", path=f"{at}.stop_sla_timer")
        if key in out and out[key] != (name, stops):
            raise ConfigError(f"status {key} is given twice, differently", path=f"{at}.id")
        out[key] = (name, stops)
    return out
