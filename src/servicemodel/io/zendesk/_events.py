"""Private: Zendesk's incremental ticket event export read as the tickets' audits.

``GET /api/v2/incremental/ticket_events`` (optionally ``?include=comment_events``) returns
pages ``{"ticket_events": [...], "next_page": ..., "count": ..., "end_time": ...,
"end_of_stream": ...}``. Each ticket event is one update of one ticket -- what the audits
endpoint calls an audit -- and is read as one: ``id``, ``ticket_id``, ``created_at`` (or the
Unix ``timestamp``), ``updater_id`` (the audit's ``author_id``) and its ``child_events``, each
with an ``event_type``. The shapes, and where each is recorded:

- the page and the event (``id``, ``ticket_id``, ``timestamp``, ``created_at``,
  ``updater_id``, ``via`` as a text such as ``"Web form"``, ``system``, ``event_type``
  ``"Audit"``, ``child_events``): Zendesk's API reference, "Incremental Exports", Incremental
  Ticket Event Export
  (https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/),
  and the recorded response in airbytehq/airbyte's source-zendesk-support unit tests
  (``TICKET_EVENTS_STREAM_RESPONSE``);
- a ``Comment`` child event with the ``comment_events`` sideload: the audit event's fields
  (``type`` ``"Comment"``, ``author_id``, ``public``, ``body``, ``audit_id``,
  ``created_at``) plus ``event_type`` ``"Comment"`` -- the same reference page's
  "Sideloading" example and the airbyte response above;
- a comment **without** the sideload: "described only by Boolean ``comment_present`` and
  ``comment_public`` object properties in the event's ``child_events`` array. The comment
  itself is not included" (the reference page): no author, so no telling a reply from a
  customer message;
- ``Create`` and ``Change`` child events name the field they set by a key of its own
  (``{"status": "open", "previous_value": "new", "event_type": "Change"}``): "there's no
  field specifying what type the data is, only what type the event is"
  (cloudbees-oss/zendesk-java-client issue #271, asking for this endpoint); the audit shape
  (``field_name`` / ``value`` / ``previous_value``) is read as well.

A ticket whose events say a comment was made but not who made it (no sideload) is a partial
history: it lacks its replies (``servicemodel.model.lost_facts``), never "unanswered".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from servicemodel.errors import RecordError
from servicemodel.io.zendesk._fields import fail, read_id

__all__: list[str] = []

#: The fields a ``Create`` or ``Change`` child event may set that the history reads.
FIELDS = (
    "status",
    "priority",
    "group_id",
    "assignee_id",
    "custom_status_id",
    "satisfaction_score",
)
#: What a ticket lacks when its events say a comment was made but not by whom.
COMMENTS_LOST = frozenset({"first_reply", "next_reply", "periodic_update"})


@attrs.frozen
class Pathed:
    """A ticket event with the stream path its errors name (``ticket_events[2]``)."""

    path: str
    raw: Any


def is_event(raw: Any) -> bool:
    """Whether ``raw`` is one ticket event of the incremental ticket event export."""
    return isinstance(raw, Mapping) and "child_events" in raw


def event_items(records: Iterable[Any], kind: str) -> Iterator[Pathed | RecordError]:
    """The ticket events of ``records`` -- export pages, or single events (one a line) --
    each with its path (``{kind}[3].ticket_events[1]`` or ``{kind}[3]``)."""
    for r, record in enumerate(records):
        where = f"{kind}[{r}]"
        if isinstance(record, RecordError):
            yield record
        elif isinstance(record, Mapping) and isinstance(record.get("ticket_events"), list):
            for j, event in enumerate(record["ticket_events"]):
                yield Pathed(f"{where}.ticket_events[{j}]", event)
        elif is_event(record):
            yield Pathed(where, record)
        else:
            why = (
                "expected a ticket event export page (a 'ticket_events' list) or one ticket "
                "event (with 'child_events')"
            )
            yield fail(where, None, "ticket event", record, why)


def instant(raw: Mapping[str, Any], path: str, tid: str) -> Any:
    """The event's ``created_at``, else its Unix ``timestamp`` as an ISO text (read as the
    audit's ``created_at``, so both are checked by the one reader)."""
    if raw.get("created_at") is not None:
        return raw["created_at"]
    ts = raw.get("timestamp")
    if isinstance(ts, bool) or not isinstance(ts, int):
        why = "expected created_at (ISO 8601) or timestamp (Unix seconds)"
        raise fail(f"{path}.timestamp", tid, "timestamp", ts, why)
    try:
        return datetime.fromtimestamp(ts, UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        raise fail(f"{path}.timestamp", tid, "timestamp", ts, "out of range") from None


def children(
    raw: Mapping[str, Any], path: str, tid: str
) -> tuple[list[tuple[str, Mapping[str, Any]]], bool]:
    """The event's child events in the audit events' shape, each with its path, and whether
    a comment was made whose author is not given (no ``comment_events`` sideload)."""
    kids = raw.get("child_events")
    if not isinstance(kids, list):
        raise fail(f"{path}.child_events", tid, "child_events", kids, "expected a list")
    out: list[tuple[str, Mapping[str, Any]]] = []
    unknown = False
    for i, kid in enumerate(kids):
        where = f"{path}.child_events[{i}]"
        # Hot (every child event): exact type tests first, the ABC only for other mappings.
        if type(kid) is not dict and not isinstance(kid, Mapping):
            raise fail(where, tid, "child event", kid, "expected a JSON object")
        key = "event_type" if kid.get("event_type") is not None else "type"
        kind = kid.get(key)
        if kind is not None and type(kind) is not str:
            raise fail(f"{where}.{key}", tid, key, kind, "expected a text")
        if kind == "Comment" and not _COMMENT_KEYS.isdisjoint(kid):  # the sideload's
            out.append((where, {**kid, "type": "Comment"}))
        elif (kind == "Comment" or "comment_present" in kid) and _flag(
            kid, "comment_present", where, tid, kind == "Comment"
        ):
            # A comment without its author: a private one is a note (whoever wrote it); a
            # public one a reply or a customer message, which cannot be told apart.
            public = _flag(kid, "comment_public", where, tid, True)
            unknown = unknown or public
            note = {**_own_id(kid), "type": "Comment", "public": public, "author_id": None}
            out.append((where, {**note, UNKNOWN_AUTHOR: True} if public else note))
        if kind == "Change" or kind == "Create":
            _fields(kid, kind, where, tid, out)
        elif kind is not None and kind != "Comment":
            out.append((where, {**kid, "type": kind}))
    return out, unknown


#: Keys of a comment itself (the ``comment_events`` sideload), not of a mere mention of one.
_COMMENT_KEYS = frozenset({"public", "author_id", "body", "html_body", "plain_body"})
#: The mark of a public comment whose author is unknown: counted, never read as an event.
UNKNOWN_AUTHOR = "servicemodel.unknown_author"


def _own_id(kid: Mapping[str, Any]) -> dict[str, Any]:
    """The child event's ``id`` when it has one (without, the audit reader numbers it)."""
    return {"id": kid["id"]} if "id" in kid else {}


def _flag(kid: Mapping[str, Any], key: str, where: str, tid: str, default: bool) -> bool:
    value = kid.get(key, default)
    if not isinstance(value, bool):
        raise fail(f"{where}.{key}", tid, key, value, "expected true or false")
    return value


def _fields(
    kid: Mapping[str, Any], kind: str, where: str, tid: str, out: list[tuple[str, Any]]
) -> None:
    """A Create or Change child event as one audit event per field it sets, onto ``out``."""
    if "field_name" in kid:  # the audit shape
        out.append((where, {**kid, "type": kind}))
        return
    named = [f for f in FIELDS if f in kid]
    several = len(named) > 1 and "id" in kid
    for field in named:
        ev = {"type": kind, "field_name": field, "value": kid[field]}
        if several:  # one child setting several fields: an id each
            ev["id"] = f"{read_id(kid['id'], f'{where}.id', tid, 'id')}.{field}"
        elif "id" in kid:
            ev["id"] = kid["id"]
        if "previous_value" in kid:
            ev["previous_value"] = kid["previous_value"]
        out.append((where, ev))
