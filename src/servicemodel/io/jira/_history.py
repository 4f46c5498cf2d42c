"""Private: one Jira issue -- its changelog and comments -- turned into a history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

import attrs

from servicemodel.io.jira._fields import (
    MAPPING,
    Options,
    fail,
    instant,
    is_object,
    listing,
    mapping,
    priority,
    status,
    text,
    user,
    usual_instant,
)
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    InternalNote,
    Priority,
    PriorityChange,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)

__all__: list[str] = []

Located = tuple[str, Any]  # (path, raw record)


@attrs.define
class Head:
    """What the search page says about one issue (mutable only to skip frozen attrs' cost)."""

    path: str
    key: str
    raw: Mapping[str, Any]
    fields: Mapping[str, Any]
    created: datetime
    utc: datetime  # created, in UTC: every part of the issue is compared with it
    # The histories from ``changelogs=`` (path, raw), replacing ``changelog``.
    log: list[Located] | None = None


def head(raw: Any, path: str) -> Head:
    rec = mapping(raw, path, None, "issue")
    key = text(rec.get("key"), f"{path}.key", None, "key")
    fields = rec.get("fields")
    if not isinstance(fields, MAPPING):
        why = "an issue needs its fields (a deleted or hidden issue comes back without them)"
        raise fail(f"{path}.fields", key, "fields", fields, why)
    created = usual_instant(fields.get("created"))
    if created is None:
        created = instant(fields.get("created"), f"{path}.fields.created", key, "created")
    return Head(path, key, rec, fields, created, created.astimezone(UTC))


# -- reading the parts ---------------------------------------------------------------------


# (path, raw item, its field name casefolded -- None where not text: see field_of)
Item = tuple[str, Mapping[str, Any], str | None]


@attrs.define
class _Change:
    path: str
    id: str
    at: datetime  # as Jira wrote it; ordered and compared in UTC
    utc: datetime
    items: list[Item]


def _changes(h: Head) -> list[_Change]:
    if h.log is not None:
        out = [_change(h, path, i, raw) for i, (path, raw) in enumerate(h.log)]
        if len(out) > 1:
            out.sort(key=_UTC_OF)
        return out
    log = h.raw.get("changelog")
    if log is None:
        return []
    where = f"{h.path}.changelog"
    log = mapping(log, where, h.key, "changelog")
    histories = listing(log.get("histories", []), f"{where}.histories", h.key, "histories")
    total = log.get("total")
    if isinstance(total, int) and not isinstance(total, bool) and total > len(histories):
        raise fail(f"{where}.total", h.key, "changelog.total", total,
                   f"the changelog holds {len(histories)} of {total} histories; fetch the rest "
                   f"(/issue/{h.key}/changelog) and pass its pages as changelogs=")  # fmt: skip
    out = [_change(h, f"{where}.histories[{i}]", i, raw) for i, raw in enumerate(histories)]
    if len(out) > 1:  # a stable sort: histories at one instant keep Jira's order
        out.sort(key=_UTC_OF)
    return out


_UTC_OF = attrgetter("utc")


_READ = frozenset({"status", "priority", "assignee", "key"})  # the item fields a history reads


def _change(h: Head, path: str, i: int, raw: Any) -> _Change:
    rec = mapping(raw, path, h.key, "history")
    hid = rec.get("id")
    if type(hid) is not str or not hid.strip():  # else text() takes Jira's text id as it is
        hid = text(rec.get("id", str(i)), f"{path}.id", h.key, "history id")
    at = usual_instant(rec.get("created"))
    if at is None:
        at = instant(rec.get("created"), f"{path}.created", h.key, "created")
    utc = at.astimezone(UTC)
    if utc < h.utc:
        why = f"history {hid} is before the issue's creation {h.created.isoformat()}"
        raise fail(f"{path}.created", h.key, "created", rec.get("created"), why)
    items = listing(rec.get("items", []), f"{path}.items", h.key, "items")
    found = []
    for j, it in enumerate(items):
        where = f"{path}.items[{j}]"
        item = mapping(it, where, h.key, "item")
        field = item.get("field", "")
        name = field.casefold() if type(field) is str else None
        if name in _READ:
            fid = item.get("fieldId")
            if type(fid) is str and fid.startswith("customfield_"):
                # An admin's own field: ``field`` is its display name, which may be "Status"
                # or "Priority" -- never the workflow's status or the system priority.
                name = fid.casefold()
        found.append((where, item, name))
    return _Change(path, hid, at, utc, found)


def field_of(item: Mapping[str, Any]) -> str:
    """The field name of an item whose name is not text, casefolded where it is used, as
    before (``str()`` of a hostile value may raise). Text names are folded once when read."""
    try:
        return str(item.get("field", "")).casefold()
    except ValueError:  # an int past the int-to-text digit limit names no field
        return ""


def account(item: Mapping[str, Any], path: str, key: str, names: tuple[str, str]) -> str | None:
    """An assignee item's account: the first of ``names`` (``to``/``toString`` or
    ``from``/``fromString``) that holds one; ``None`` for nobody. An id given as a number is
    its text; any other value is the issue's error at the item's field."""
    for name in names:
        value = item.get(name)
        if not value:  # null or empty: the next one, or nobody
            continue
        if isinstance(value, str):
            return value
        return text(value, f"{path}.{name}", key, "assignee")  # refuses all but an int
    return None


def inline_comments(h: Head) -> list[Located]:
    block = h.fields.get("comment")
    if block is None:
        return []
    where = f"{h.path}.fields.comment"
    block = mapping(block, where, h.key, "comment")
    comments = listing(block.get("comments", []), f"{where}.comments", h.key, "comments")
    total = block.get("total")
    if isinstance(total, int) and not isinstance(total, bool) and total > len(comments):
        raise fail(f"{where}.total", h.key, "comment.total", total,
                   f"the issue holds {len(comments)} of {total} comments; pass comments= "
                   "with all of them")  # fmt: skip
    return [(f"{where}.comments[{i}]", c) for i, c in enumerate(comments)]


def _public(c: Mapping[str, Any], path: str, key: str) -> bool:
    """Public (the customer sees it) or internal, whichever way the record says it."""
    name = "public"
    if "public" in c:  # service-desk API
        flag = c["public"]
    elif "jsdPublic" in c:  # Jira Cloud platform API
        name, flag = "jsdPublic", c["jsdPublic"]
    else:
        flag = True  # Jira's documented default for a comment without the flag
        props = c.get("properties")
        for i, prop in enumerate(props if isinstance(props, list) else ()):
            if isinstance(prop, MAPPING) and prop.get("key") == "sd.public.comment":
                flag = not _internal(prop.get("value"), f"{path}.properties[{i}].value", key)
        if c.get("visibility"):  # restricted to a group or role: customers never see it
            flag = False
    if not isinstance(flag, bool):
        raise fail(f"{path}.{name}", key, name, flag, "expected true or false")
    return flag


#: The texts an ``internal`` flag of Data Center's ``sd.public.comment`` property may be
#: written as (a property value is JSON its writer chose; ``"true"`` is the flag set).
_FLAG_TEXTS = {"true": True, "false": False}


def _internal(value: Any, path: str, key: str) -> bool:
    """Whether Data Center's ``sd.public.comment`` property value (``{"internal": true}``)
    makes the comment internal: ``true``/``false`` or their texts ``"true"``/``"false"``;
    no ``internal`` (or ``null``) leaves it public, Jira's default. Any other value -- a
    ``"yes"``, a ``1``, a value that is no object -- is the issue's error, never a comment
    silently read as public."""
    if value is None:
        return False
    if not isinstance(value, MAPPING):
        raise fail(path, key, "sd.public.comment", value, 'expected an object {"internal": ...}')
    internal = value.get("internal")
    if internal is None or isinstance(internal, bool):
        return internal is True
    if isinstance(internal, str) and internal in _FLAG_TEXTS:
        return _FLAG_TEXTS[internal]
    why = 'expected true or false (or the texts "true", "false")'
    raise fail(f"{path}.internal", key, "internal", internal, why)


# -- building ------------------------------------------------------------------------------


@attrs.define
class _State:
    status: Status
    label: str
    priority: Priority
    assignee: str | None
    priority_label: str | None = None


def _current_status(h: Head) -> tuple[Any, Any, str | None]:
    st = h.fields.get("status")
    if not isinstance(st, MAPPING):
        raise fail(f"{h.path}.fields.status", h.key, "status", st, "expected a status object")
    cat = st.get("statusCategory")
    return st.get("name"), st.get("id"), cat.get("key") if isinstance(cat, MAPPING) else None


def _first(changes: list[_Change], field: str) -> tuple[str, Mapping[str, Any]] | None:
    for change in changes:
        for path, item, name in change.items:
            if (name if name is not None else field_of(item)) == field:
                return path, item
    return None


class _Builder:
    def __init__(self, h: Head, opts: Options, state: _State, reporter: str | None) -> None:
        self.h, self.opts, self.state, self.reporter = h, opts, state, reporter
        self.name, self.sid, self.category = _current_status(h)
        self.events: list[Event] = []
        self.previous_keys: list[str] = []

    def status_of(self, name: Any, sid: Any, path: str) -> tuple[Status, str]:
        same = (sid is not None and sid == self.sid) or name == self.name
        category = self.category if same else None
        return status(name, sid, category, self.opts, path, self.h.key, "status")

    def change(self, c: _Change) -> None:
        for j, (path, item, name) in enumerate(c.items):
            field = name if name is not None else field_of(item)
            eid = f"{c.id}.{j}"
            if field == "status":
                ours, label = self.status_of(
                    item.get("toString"), item.get("to"), f"{path}.toString"
                )
                if (ours, label) != (self.state.status, self.state.label):
                    self.events.append(StatusChange(eid, c.at, status=ours, label=label))
                    self.state.status, self.state.label = ours, label
            elif field == "priority":
                new, name = priority(
                    item.get("toString"), self.opts, f"{path}.toString", self.h.key, "priority"
                )
                # A change of Jira's name alone (Low to Lowest: both low) is kept, as statuses.
                if (new, name) != (self.state.priority, self.state.priority_label):
                    self.events.append(PriorityChange(eid, c.at, priority=new, label=name))
                    self.state.priority, self.state.priority_label = new, name
            elif field == "assignee":
                who = account(item, path, self.h.key, ("to", "toString"))
                if who != self.state.assignee:
                    self.events.append(AssignmentChange(eid, c.at, assignee=who))
                    self.state.assignee = who
            elif field == "key" and isinstance(item.get("fromString"), str):
                self.previous_keys.append(item["fromString"])  # a moved issue's old key

    def is_agent(self, author: Mapping[str, Any] | None, who: str | None) -> bool:
        """Whether ``author`` (whose id is ``who``, ``user(author)``) is an agent."""
        if self.opts.agents is not None:
            return who in self.opts.agents
        if isinstance(author, MAPPING) and author.get("accountType") == "customer":
            return False
        return who is not None and who != self.reporter

    def comment(self, path: str, raw: Any, read: tuple[datetime, datetime] | None) -> None:
        """One comment; ``read`` is its instant and that in UTC if already read for ordering."""
        key = self.h.key
        c = mapping(raw, path, key, "comment")
        cid = c.get("id")
        if type(cid) is not str or not cid.strip():  # else text() takes Jira's text id as it is
            cid = text(c.get("id"), f"{path}.id", key, "comment id")
        if read is None:
            at = instant(c.get("created"), f"{path}.created", key, "created")
            read = (at, at.astimezone(UTC))
        at, utc = read
        if utc < self.h.utc:
            why = f"comment {cid} is before the issue's creation {self.h.created.isoformat()}"
            raise fail(f"{path}.created", key, "created", c.get("created"), why)
        author = c.get("author")
        if not isinstance(author, MAPPING):
            author = None
        eid, who = f"comment-{cid}", user(author)
        if not _public(c, path, key):
            self.events.append(InternalNote(eid, at, agent=who))
        elif self.is_agent(author, who):
            bot = isinstance(author, MAPPING) and author.get("accountType") == "app"
            self.events.append(AgentReply(eid, at, agent=who, automated=bot))
        else:
            self.events.append(CustomerMessage(eid, at))


def _initial(h: Head, changes: list[_Change], opts: Options, b: _Builder) -> _State:
    found = _first(changes, "status")
    if found is not None and found[1].get("fromString") is None and found[1].get("from") is None:
        # A first change from no status at all (Jira Cloud writes one when an issue is created
        # straight into a status, e.g. by an automation): the issue began in its target.
        ours, label = b.status_of(found[1].get("toString"), found[1].get("to"),
                                  f"{found[0]}.toString")  # fmt: skip
    elif found is not None:
        ours, label = b.status_of(found[1].get("fromString"), found[1].get("from"),
                                  f"{found[0]}.fromString")  # fmt: skip
    else:
        ours, label = b.status_of(b.name, b.sid, f"{h.path}.fields.status.name")
    prio = _first(changes, "priority")
    if prio is not None:
        p, plabel = priority(
            prio[1].get("fromString"), opts, f"{prio[0]}.fromString", h.key, "priority"
        )
    else:
        raw = h.fields.get("priority")
        name = raw.get("name") if is_object(raw) else raw
        p, plabel = priority(name, opts, f"{h.path}.fields.priority.name", h.key, "priority")
    who = _first(changes, "assignee")
    if who is not None:
        assignee = account(who[1], who[0], h.key, ("from", "fromString"))
    else:
        assignee = user(h.fields.get("assignee"))
    return _State(ours, label, p, assignee, plabel)


_OWN_FIELDS = (
    ("type", "issuetype", "name"),
    ("project", "project", "key"),
    ("resolution", "resolution", "name"),
)


def _attributes(h: Head, opts: Options, previous: list[str]) -> dict[str, Any]:
    f = h.fields
    out: dict[str, Any] = {}
    for name, field, part in _OWN_FIELDS:
        value = f.get(field)
        found = value.get(part) if is_object(value) else None
        if isinstance(found, str):
            out[name] = found
    if h.raw.get("id") is not None:
        try:
            out["jira_id"] = str(h.raw["id"])
        except ValueError:  # an int past the int-to-text digit limit (given from Python)
            raise fail(f"{h.path}.id", h.key, "id", h.raw["id"], "expected Jira's id") from None
    for value in f.values():  # JSM's request type field, found by its shape
        # Every field of every issue passes here: the cheapest tests first.
        if (
            (type(value) is dict or is_object(value))
            and "requestType" in value
            and is_object(value["requestType"])
        ):
            request = value["requestType"].get("name")
            if isinstance(request, str):
                out["request_type"] = request
    if previous:
        out["previous_keys"] = ",".join(previous)
    return out


def _channel(h: Head, opts: Options) -> str:
    if opts.channel_field is None:
        return "other"
    value = h.fields.get(opts.channel_field)
    if isinstance(value, MAPPING):
        value = value.get("value", value.get("name"))
    if value is None:
        return "other"
    return text(value, f"{h.path}.fields.{opts.channel_field}", h.key, opts.channel_field)


#: Statuses an issue may be assumed to have held since its creation when nothing says
#: otherwise: the workflow's start. Any other current status was reached by a transition.
_STARTING = frozenset({Status.NEW, Status.OPEN})
_RESOLVED = frozenset({Status.SOLVED, Status.CLOSED})


def _unexpanded(h: Head, first: _State) -> _Change | None:
    """The one change an issue fetched without ``expand=changelog`` tells: its current status
    (``first``), when that cannot be where it started, as of ``resolutiondate`` for a resolved
    status (the instant Jira set the resolution) and else ``updated`` (an upper bound: the
    issue keeps no earlier instant). ``None`` for an issue with a changelog, one in a starting
    status, or one with neither field (a search asked for other fields): then the status is
    taken to be where the issue began, as Jira gives no instant to place it."""
    if "changelog" in h.raw or h.log is not None or first.status in _STARTING:
        return None
    names = ("resolutiondate", "updated") if first.status in _RESOLVED else ("updated",)
    name = next((n for n in names if h.fields.get(n) is not None), None)
    if name is None:
        return None
    where, value = f"{h.path}.fields.{name}", h.fields[name]
    at = instant(value, where, h.key, name)
    if at.astimezone(UTC) < h.utc:
        why = f"{name} is before the issue's creation {h.created.isoformat()}"
        raise fail(where, h.key, name, value, why)
    st = h.fields["status"]  # a status object: _current_status read it
    item = {"field": "status", "to": st.get("id"), "toString": st.get("name")}
    return _Change(where, f"{h.key}.status", at, at.astimezone(UTC), [(where, item, "status")])


def history(h: Head, comments: list[Located], opts: Options) -> TicketHistory:
    """The history of one issue; raises the ``RecordError`` of its first bad field."""
    changes = _changes(h)
    reporter = user(h.fields.get("reporter"))
    b = _Builder(h, opts, _State(Status.NEW, "", Priority.NORMAL, None), reporter)
    b.state = first = _initial(h, changes, opts, b)
    reached = _unexpanded(h, first)
    if reached is not None:  # no changelog: the issue starts new, its status comes later
        changes = [reached]
        b.state = first = attrs.evolve(first, status=Status.NEW, label="")
    # the ticket's own fields, before any change
    first = _State(first.status, first.label, first.priority, first.assignee, first.priority_label)
    if first.status is not Status.NEW:  # created straight into the workflow's first status
        b.events.append(StatusChange(f"{h.key}.created", h.created, status=first.status,
                                     label=first.label))  # fmt: skip
    if not b.is_agent(h.fields.get("reporter"), reporter):
        # The description is the customer's opening message (not a comment in Jira).
        b.events.append(CustomerMessage(f"{h.key}.description", h.created))
    # Comments first, then changes, at one instant: a reply sent with a transition counts.
    read = _comment_times(comments)
    timeline = [(at[1], 0, i) if at is not None else (_FIRST, 0, i) for i, at in enumerate(read)]
    timeline += [(c.utc, 1, i) for i, c in enumerate(changes)]
    for _at, kind, i in sorted(timeline):  # by instant, then kind, then order
        if kind == 0:
            b.comment(*comments[i], read[i])
        else:
            b.change(changes[i])
    _check_end(h, changes, b)
    labels = h.fields.get("labels") or []
    if not isinstance(labels, list) or not all(isinstance(t, str) and t for t in labels):
        raise fail(f"{h.path}.fields.labels", h.key, "labels", labels, "expected a list of names")
    ticket = Ticket(
        h.key, h.created, requester=reporter, channel=_channel(h, opts), priority=first.priority,
        assignee=first.assignee, tags=labels, attributes=_attributes(h, opts, b.previous_keys),
        priority_label=first.priority_label,
    )  # fmt: skip
    # The loaders' constructor: TicketHistory(ticket, events), its checks fused (hot).
    return TicketHistory._of_loaded(ticket, b.events)


_FIRST = datetime.min.replace(tzinfo=UTC)


def _comment_times(comments: list[Located]) -> list[tuple[datetime, datetime] | None]:
    """Each comment's instant and that in UTC, for ordering; None for a bad one, which sorts
    first and fails when read."""
    out: list[tuple[datetime, datetime] | None] = []
    for _path, c in comments:
        try:
            at = usual_instant(c.get("created")) or instant(c.get("created"), "", None, "created")
            out.append((at, at.astimezone(UTC)))
        except (AttributeError, ValueError):
            out.append(None)
    return out


def _check_end(h: Head, changes: list[_Change], b: _Builder) -> None:
    """The changelog must end where the issue is: else histories are missing."""
    last = None
    for c in changes:
        for path, item, name in c.items:
            if (name if name is not None else field_of(item)) == "status":
                last = (path, item.get("to"))
    if (
        last is not None
        and last[1] is not None
        and b.sid is not None
        and str(last[1]) != str(b.sid)
    ):
        raise fail(f"{last[0]}.to", h.key, "status", last[1],
                   f"the changelog ends in status id {last[1]} but the issue is in {b.sid} "
                   f"({b.name!r}): histories are missing")  # fmt: skip
