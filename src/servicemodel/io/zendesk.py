"""Read a Zendesk export -- incremental ticket export pages and ticket audits -- as histories.

[`histories`][servicemodel.io.zendesk.histories] joins the pages of a cursor-based incremental
ticket export (``{"tickets": [...], "after_cursor": ..., "end_of_stream": ...}``) with each
ticket's audits and streams one [`TicketHistory`][servicemodel.model.TicketHistory] per ticket.
Ticket metric events (Zendesk's own SLA verdicts) are read by
[`servicemodel.reconcile.zendesk_verdicts`][servicemodel.reconcile.zendesk_verdicts].

Mapping decisions (the table is in the "Real exports" docs page):

- statuses new, open, pending, solved, closed map to ours by name; **hold maps to on_hold**
  (Zendesk's agent work time pauses on it, as ours does). ``status_map`` adds admin-defined
  custom statuses (keys: a ``status`` value or a ``custom_status_id``) or overrides a mapping.
- a comment's author is an agent when ``agents`` contains the author's id; without ``agents``,
  anyone but the requester is taken for an agent (a CC'd end user would then count as one:
  pass ``agents`` when that matters). Public agent comments are replies, public end-user
  comments customer messages, private comments internal notes. A ticket whose first comment
  is a public agent comment was created by an agent.
- satisfaction ``good`` / ``bad`` is a two-point CSAT rating: score 1 / 0 on the scale 0..1.
- deleted tickets (status ``deleted``) and merged tickets (closed with a ``merged`` tag or by
  an audit whose ``via.source.rel`` is ``merge``) are skipped and listed in ``skipped``: a
  merged ticket lives on in the ticket it was merged into, and counting its closure as a
  resolution would count the request twice.

Examples:
    >>> page = {"tickets": [{"id": 7, "created_at": "2026-03-02T09:00:00Z", "status": "solved",
    ...                      "priority": "high", "requester_id": 1, "via": {"channel": "email"}}],
    ...         "after_cursor": "c1", "end_of_stream": True}
    >>> audits = [{"id": 69, "ticket_id": 7, "created_at": "2026-03-02T09:00:00Z", "author_id": 1,
    ...            "events": [{"id": 691, "type": "Comment", "public": True}]},
    ...           {"id": 70, "ticket_id": 7, "created_at": "2026-03-02T09:30:00Z", "author_id": 5,
    ...            "events": [{"id": 701, "type": "Comment", "public": True, "author_id": 5},
    ...                       {"id": 702, "type": "Change", "field_name": "status",
    ...                        "value": "solved", "previous_value": "new"}]}]
    >>> (h,) = histories([page], audits)
    >>> h.id, h.ticket.channel, h.ticket.priority.value, h.first_reply_at().isoformat()
    ('7', 'email', 'high', '2026-03-02T09:30:00+00:00')
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, RecordError, ServiceModelError
from servicemodel.io.eventlog import HistoryStream, Skipped
from servicemodel.io.eventlog._stream import Item, OnError
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    InternalNote,
    Priority,
    PriorityChange,
    SatisfactionRating,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)

__all__ = [
    "CHANNELS",
    "STATUSES",
    "histories",
]

#: Zendesk's status categories and ours. ``hold`` is our ``on_hold``.
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
_CSAT = {"good": 1, "bad": 0}
#: Satisfaction values that carry no answer (the survey was not sent, or not answered).
_NO_ANSWER = frozenset({"offered", "unoffered"})

Audits = Iterable[Mapping[str, Any]] | Callable[[str], Iterable[Mapping[str, Any]]]


# -- one translation layer -------------------------------------------------------------------


def _fail(path: str, tid: str | None, field: str, value: Any, message: str) -> RecordError:
    """The one shape of every error: where, which ticket, which field, which value, and why."""
    who = f"ticket {tid}: " if tid is not None else ""
    return RecordError(f"{who}{field} {safe_repr(value)}: {message}", path=path)


def _id(value: Any, path: str, tid: str | None, field: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str) or value == "":
        raise _fail(path, tid, field, value, "expected an id (a number or a non-empty string)")
    return str(value)


def _optional_id(value: Any, path: str, tid: str | None, field: str) -> str | None:
    return None if value is None else _id(value, path, tid, field)


def _instant(value: Any, path: str, tid: str | None, field: str) -> datetime:
    if not isinstance(value, str):
        raise _fail(path, tid, field, value, "expected an ISO 8601 timestamp")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise _fail(path, tid, field, value, "not an ISO 8601 timestamp") from None
    if parsed.utcoffset() is None:
        raise _fail(path, tid, field, value, "timestamp has no offset (Zendesk writes 'Z')")
    return parsed


def _mapping(value: Any, path: str, tid: str | None, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, tid, what, value, f"expected {what} as a JSON object")
    return value


@attrs.frozen
class _Options:
    statuses: Mapping[str, Status]
    agents: frozenset[str] | None
    channels: Mapping[str, str]


def _status(raw: Any, opts: _Options, path: str, tid: str, field: str = "status") -> Status:
    key = str(raw) if isinstance(raw, int | str) and not isinstance(raw, bool) else None
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
        if isinstance(value, list):  # a multi-select: its options, joined
            value = ",".join(str(v) for v in value)
        if value is not None and not isinstance(value, str | int | float | bool):
            raise _fail(f"{where}.value", tid, f"custom field {fid}", value, "not a scalar")
        out[f"custom_{fid}"] = value
    return out


def _priority(raw: Any, path: str, tid: str) -> Priority:
    if raw is None:  # Zendesk leaves priority empty until someone sets it
        return Priority.NORMAL
    try:
        return Priority(raw)
    except ValueError:
        known = [p.value for p in Priority]
        raise _fail(
            path, tid, "priority", raw, f"unknown priority; expected one of {known}"
        ) from None


# -- audits -------------------------------------------------------------------------------------


@attrs.frozen
class _Audit:
    path: str
    id: str
    at: datetime
    author: str | None
    merge: bool
    events: tuple[tuple[str, Mapping[str, Any]], ...]


def _audit(raw: Mapping[str, Any], path: str, head: _Head) -> _Audit:
    tid = head.id
    aid = _id(raw.get("id"), f"{path}.id", tid, "audit id")
    at = _instant(raw.get("created_at"), f"{path}.created_at", tid, "created_at")
    if at.astimezone(UTC) < head.created_at.astimezone(UTC):
        raise _fail(
            f"{path}.created_at",
            tid,
            "created_at",
            raw.get("created_at"),
            f"audit {aid} is before the ticket's creation {head.created_at.isoformat()}",
        )
    author = _optional_id(raw.get("author_id"), f"{path}.author_id", tid, "author_id")
    via = raw.get("via") or {}
    source = via.get("source") if isinstance(via, Mapping) else None
    merge = isinstance(source, Mapping) and source.get("rel") == "merge"
    events = raw.get("events") or []
    if not isinstance(events, list):
        raise _fail(f"{path}.events", tid, "events", events, "expected a list")
    evs = tuple(
        (f"{path}.events[{i}]", _mapping(e, f"{path}.events[{i}]", tid, "audit event"))
        for i, e in enumerate(events)
    )
    return _Audit(path, aid, at, author, merge, evs)


@attrs.frozen
class _State:
    status: Status
    priority: Priority
    group: str | None
    assignee: str | None


_FIELDS = ("status", "priority", "group_id", "assignee_id")


def _initial(head: _Head, audits: list[_Audit], opts: _Options) -> dict[str, Any]:
    """The ticket's field values at creation: Create events, else the first change's previous
    value, else (never changed) the export's current value."""
    rec = head.raw
    found: dict[str, Any] = {}
    for audit in audits:
        for _path, ev in audit.events:
            name = ev.get("field_name")
            if name not in _FIELDS or name in found:
                continue
            if ev.get("type") == "Create":
                found[name] = ev.get("value")
            elif ev.get("type") == "Change":
                found[name] = ev.get("previous_value")
    return {
        # Without audits nothing says how the ticket started: it starts new (see _history).
        "status": found.get("status", rec["status"]) if audits else "new",
        "priority": found.get("priority", rec.get("priority")),
        "group_id": found.get("group_id", rec.get("group_id")),
        "assignee_id": found.get("assignee_id", rec.get("assignee_id")),
    }


class _Builder:
    """Turns one ticket's audits into events, tracking the state each change starts from."""

    def __init__(self, head: _Head, opts: _Options, requester: str | None, state: _State):
        self.head = head
        self.opts = opts
        self.requester = requester
        self.state = state
        self.events: list[Event] = []
        self.created_by_agent = False
        self.comments = 0

    def _is_agent(self, author: str | None) -> bool:
        if self.opts.agents is not None:
            return author in self.opts.agents
        return author is not None and author != self.requester

    def audit(self, audit: _Audit) -> None:
        status: tuple[str, Status] | None = None
        custom: tuple[str, Status] | None = None
        assign: str | None = None
        group, assignee = self.state.group, self.state.assignee
        tid = self.head.id
        for path, ev in audit.events:
            eid = _id(ev.get("id", f"{audit.id}.{path.rsplit('[', 1)[-1]}"), path, tid, "id")
            kind, name, value = ev.get("type"), ev.get("field_name"), ev.get("value")
            if kind == "Comment":
                self._comment(eid, audit, ev, path)
            elif kind == "SatisfactionRating":
                self._rating(eid, audit, ev, path)
            elif kind != "Change":
                continue
            elif name == "status":
                status = (eid, _status(value, self.opts, f"{path}.value", tid))
            elif name == "custom_status_id" and str(value) in self.opts.statuses:
                custom = (eid, self.opts.statuses[str(value)])
            elif name == "priority":
                new = _priority(value, f"{path}.value", tid)
                if new is not self.state.priority:
                    self.events.append(PriorityChange(eid, audit.at, priority=new))
                    self.state = attrs.evolve(self.state, priority=new)
            elif name == "group_id":
                group, assign = _optional_id(value, f"{path}.value", tid, "group_id"), eid
            elif name == "assignee_id":
                assignee, assign = _optional_id(value, f"{path}.value", tid, "assignee_id"), eid
        if assign is not None and (group, assignee) != (self.state.group, self.state.assignee):
            self.events.append(AssignmentChange(assign, audit.at, group=group, assignee=assignee))
            self.state = attrs.evolve(self.state, group=group, assignee=assignee)
        # A mapped custom status says more than its category: it wins within one audit.
        change = custom or status
        if change is not None and change[1] is not self.state.status:
            self.events.append(StatusChange(change[0], audit.at, status=change[1]))
            self.state = attrs.evolve(self.state, status=change[1])

    def _comment(self, eid: str, audit: _Audit, ev: Mapping[str, Any], path: str) -> None:
        tid = self.head.id
        author = _optional_id(
            ev.get("author_id", audit.author), f"{path}.author_id", tid, "author_id"
        )
        public = ev.get("public", True)
        if not isinstance(public, bool):
            raise _fail(f"{path}.public", tid, "public", public, "expected true or false")
        agent = self._is_agent(author)
        if self.comments == 0 and public and agent:
            self.created_by_agent = True
        self.comments += 1
        if not public:
            self.events.append(InternalNote(eid, audit.at, agent=author))
        elif agent:
            self.events.append(AgentReply(eid, audit.at, agent=author))
        else:
            self.events.append(CustomerMessage(eid, audit.at))

    def _rating(self, eid: str, audit: _Audit, ev: Mapping[str, Any], path: str) -> None:
        score = ev.get("score")
        if score in _NO_ANSWER:
            return
        if score not in _CSAT:
            raise _fail(f"{path}.score", self.head.id, "score", score,
                        f"unknown satisfaction score; expected one of {sorted(_CSAT)} "
                        f"(or {sorted(_NO_ANSWER)}, which carry no answer)")  # fmt: skip
        self.events.append(
            SatisfactionRating(
                eid, audit.at, score=_CSAT[score], survey="csat", scale_min=0, scale_max=1
            )
        )


def _history(head: _Head, raw_audits: list[tuple[str, Mapping[str, Any]]], opts: _Options) -> Item:
    """The history of one ticket, a ``Skipped``, or the RecordError of its first bad field."""
    rec, tid, path = head.raw, head.id, head.path
    if head.status == "deleted":
        return Skipped(tid, "deleted")
    current = _status(head.status, opts, f"{path}.status", tid)
    audits = sorted((_audit(a, p, head) for p, a in raw_audits), key=lambda a: a.at.astimezone(UTC))
    tags = rec.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        raise _fail(f"{path}.tags", tid, "tags", tags, "expected a list of non-empty strings")
    if current is Status.CLOSED and ("merged" in tags or any(a.merge for a in audits)):
        return Skipped(tid, "merged")
    first = _initial(head, audits, opts)
    requester = _optional_id(rec.get("requester_id"), f"{path}.requester_id", tid, "requester_id")
    state = _State(
        Status.NEW,
        _priority(first["priority"], f"{path}.priority", tid),
        _optional_id(first["group_id"], f"{path}.group_id", tid, "group_id"),
        _optional_id(first["assignee_id"], f"{path}.assignee_id", tid, "assignee_id"),
    )
    build = _Builder(head, opts, requester, state)
    initial = _status(first["status"], opts, f"{path}.status", tid)
    if initial is not Status.NEW:  # created straight into another status (an agent's ticket)
        build.events.append(StatusChange(f"{tid}.created", head.created_at, status=initial))
        build.state = attrs.evolve(state, status=initial)
    for audit in audits:
        build.audit(audit)
    if not audits and current is not Status.NEW:
        # No audits: all we know is the current status, as of the last update.
        at = _instant(rec.get("updated_at"), f"{path}.updated_at", tid, "updated_at")
        build.events.append(StatusChange(f"{tid}.status", at, status=current))
    ticket = Ticket(
        tid,
        head.created_at,
        requester=requester,
        channel=_channel(rec, opts, path, tid),
        priority=state.priority,
        group=state.group,
        assignee=state.assignee,
        tags=tags,
        attributes=_attributes(rec, path, tid),
        created_by_agent=build.created_by_agent,
    )
    return TicketHistory(ticket, build.events)


def _checked(head: _Head, audits: list[tuple[str, Mapping[str, Any]]], opts: _Options) -> Item:
    try:
        return _history(head, audits, opts)
    except RecordError as exc:
        return exc
    except ServiceModelError as exc:  # the model refused a value: same error shape
        return RecordError(f"ticket {head.id}: {exc}", path=head.path)


# -- joining pages and audits -------------------------------------------------------------------


class _Groups:
    """Audits grouped by ticket id, read one group ahead."""

    def __init__(self, audits: Iterable[Mapping[str, Any]]) -> None:
        self._it = enumerate(audits)
        self._head: tuple[str, Any] | None = None
        self._advance()

    def _advance(self) -> None:
        nxt = next(self._it, None)
        self._head = None if nxt is None else (f"audits[{nxt[0]}]", nxt[1])

    def next_ticket(self) -> str | None:
        """The ticket id of the next group ("" for an audit without a usable one)."""
        if self._head is None:
            return None
        raw = self._head[1]
        tid = raw.get("ticket_id") if isinstance(raw, Mapping) else None
        ok = isinstance(tid, int | str) and not isinstance(tid, bool) and tid != ""
        return str(tid) if ok else ""

    def take(self) -> list[tuple[str, Any]]:
        tid = self.next_ticket()
        group = []
        while self._head is not None and self.next_ticket() == tid:
            group.append(self._head)
            self._advance()
            if tid == "":
                break
        return group


def _orphans(group: list[tuple[str, Any]], seen: Collection[str], tid: str) -> RecordError:
    path, raw = group[0]
    if tid == "":
        value = raw.get("ticket_id") if isinstance(raw, Mapping) else raw
        return _fail(f"{path}.ticket_id", None, "ticket_id", value, "an audit needs a ticket id")
    if tid in seen:
        why = "come after the ticket was read: audits must be grouped by ticket in the order the tickets appear in the pages"  # noqa: E501
    else:
        why = "are for a ticket that never appears in the export"
    return _fail(f"{path}.ticket_id", tid, "ticket_id", tid, f"{len(group)} audit(s) {why}")


def _tickets(pages: Iterable[Any]) -> Iterator[_Head | RecordError]:
    for p, page in enumerate(pages):
        where = f"pages[{p}]"
        if not isinstance(page, Mapping) or not isinstance(page.get("tickets"), list):
            yield _fail(where, None, "page", page, "expected an export page with a 'tickets' list")
            continue
        for i, raw in enumerate(page["tickets"]):
            try:
                yield _head(raw, f"{where}.tickets[{i}]")
            except RecordError as exc:
                yield exc


def _items(pages: Iterable[Any], audits: Audits, opts: _Options) -> Iterator[Item]:
    lookup = audits if callable(audits) else None
    groups = None if callable(audits) else _Groups(audits)
    seen: set[str] = set()
    for head in _tickets(pages):
        if isinstance(head, RecordError):
            yield head
            continue
        if head.id in seen:
            yield _fail(
                head.path, head.id, "id", head.raw.get("id"), "ticket appears twice in the export"
            )
            continue
        mine: list[tuple[str, Any]] = []
        if lookup is not None:
            mine = [(f"audits({head.id})[{i}]", a) for i, a in enumerate(lookup(head.id))]
        elif groups is not None:
            # Groups for tickets already read (or without an id) cannot belong to this one.
            while (nxt := groups.next_ticket()) is not None and (nxt in seen or nxt == ""):
                yield _orphans(groups.take(), seen, nxt)
            if groups.next_ticket() == head.id:
                mine = groups.take()
        seen.add(head.id)
        yield _checked(head, mine, opts)
    while groups is not None and (nxt := groups.next_ticket()) is not None:
        yield _orphans(groups.take(), seen, nxt)


def histories(
    ticket_pages: Iterable[Mapping[str, Any]],
    audits: Audits = (),
    *,
    status_map: Mapping[str, str | Status] | None = None,
    agents: Iterable[int | str] | None = None,
    channel_map: Mapping[str, str] | None = None,
    on_error: OnError = "raise",
) -> HistoryStream:
    """Stream one [`TicketHistory`][servicemodel.model.TicketHistory] per ticket of a Zendesk export.

    ``ticket_pages`` are incremental export pages as parsed JSON. ``audits`` are the tickets'
    audits (``/tickets/{id}/audits``), either an iterable **grouped by ticket, groups in the
    order the tickets appear in the pages** (a ticket may have none), or a function from a
    ticket id to that ticket's audits (a per-ticket API call, a database lookup). Only one
    ticket and its audits are held at a time. Audits for a ticket that never appears are a
    [`RecordError`][servicemodel.errors.RecordError], reported when the join reaches them.

    Every error names the record's path (``pages[1].tickets[0].status``,
    ``audits[4].events[1].value``), the ticket id, the field and its value. ``status_map``
    maps custom statuses (a ``status`` value or a ``custom_status_id``) to ours; ``agents`` are
    the ids of agents (see the module docs); ``channel_map`` extends ``CHANNELS``.

    Examples:
        >>> page = {"tickets": [{"id": 1, "created_at": "2026-03-02T09:00:00Z",
        ...                      "updated_at": "2026-03-02T10:00:00Z", "status": "escalated"}],
        ...         "end_of_stream": True}
        >>> list(histories([page]))
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: pages[0].tickets[0].status: ticket 1: status 'escalated': unknown status; expected one of [...
        >>> [h.ticket.id for h in histories([page], status_map={"escalated": "open"})]
        ['1']
    """  # noqa: E501
    statuses = dict(STATUSES)
    for raw, ours in (status_map or {}).items():
        try:
            statuses[str(raw)] = Status(str(ours).strip().lower().replace("-", "_"))
        except ValueError:
            raise ConfigError(
                f"unknown status {safe_repr(ours)}; expected one of {[s.value for s in Status]}",
                path=f"status_map.{raw}",
            ) from None
    opts = _Options(
        statuses,
        None if agents is None else frozenset(str(a) for a in agents),
        {**CHANNELS, **(channel_map or {})},
    )
    return HistoryStream(_items(ticket_pages, audits, opts), on_error=on_error)
