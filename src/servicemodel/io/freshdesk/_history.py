"""Private: one Freshdesk ticket, its conversations and ratings, as a history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from servicemodel.errors import RecordError, ServiceModelError
from servicemodel.io.eventlog._shared import Item, Skipped
from servicemodel.io.freshdesk._fields import (
    AUTOMATION,
    FEEDBACK,
    FORWARDS,
    NOTES,
    OUTBOUND,
    RATINGS,
    Options,
    code,
    fail,
    ident,
    mapping,
    optional_ident,
)
from servicemodel.io.summary._shared import mark
from servicemodel.model import (
    REOPENS_ATTRIBUTE,
    AgentReply,
    CustomerMessage,
    Event,
    InternalNote,
    Reopen,
    SatisfactionRating,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)

__all__: list[str] = []

Records = Sequence[tuple[str, Any]]


class _Ticket:
    """One ticket being read: its id, creation, and the events found so far."""

    def __init__(self, rec: Mapping[str, Any], path: str, opts: Options) -> None:
        self.rec, self.path, self.opts = rec, path, opts
        self.tid = ident(rec.get("id"), f"{path}.id", None, "id")
        self.created = opts.instant(
            rec.get("created_at"), f"{path}.created_at", self.tid, "created_at"
        )
        self.requester = optional_ident(
            rec.get("requester_id"), f"{path}.requester_id", self.tid, "requester_id"
        )
        self.lost: set[str] = {"pauses", "status_order"}
        # A stats.reopened_at: reopened at least once, whether or not the reopen is placed.
        self.reopened = False

    def at(self, raw: Mapping[str, Any], key: str, path: str) -> datetime | None:
        value = raw.get(key)
        if value is None:
            return None
        return self.opts.after(value, f"{path}.{key}", self.tid, key, self.created)

    def updated(self) -> datetime:
        t = self.at(self.rec, "updated_at", self.path)
        if t is None:
            raise fail(f"{self.path}.updated_at", self.tid, "updated_at", None, "required")
        return t


_INTERNAL = FORWARDS | NOTES  # one lookup: never a message, whoever wrote it
#: What a ticket lacks when a conversation does not say whether it is ``private``.
_UNSAID_LOST = frozenset({"first_reply", "next_reply", "periodic_update"})


def _conversation(t: _Ticket, path: str, raw: Any) -> Event | None:
    c = mapping(raw, path, t.tid, "conversation")
    cid = ident(c.get("id"), f"{path}.id", t.tid, "conversation id")
    owner = c.get("ticket_id")
    if owner is not None and str(owner) != t.tid:
        raise fail(f"{path}.ticket_id", t.tid, "ticket_id", owner, "belongs to another ticket")
    at = t.at(c, "created_at", path)
    if at is None:
        raise fail(f"{path}.created_at", t.tid, "created_at", None, "required")
    flags = _flags(t, c, path)
    user = optional_ident(c.get("user_id"), f"{path}.user_id", t.tid, "user_id")
    eid, source = f"c{cid}", code(c.get("source"))
    # A forwarded email goes to a third party, never to the customer: not a reply.
    if source in _INTERNAL:
        return InternalNote(eid, at, agent=user)
    if _unsaid(t, c, source):
        return None
    if source == FEEDBACK and not flags["private"]:
        return None  # a survey's remark: no message to answer (see FEEDBACK)
    if flags["private"]:
        return InternalNote(eid, at, agent=user)
    agents = t.opts.agents
    if agents is not None:
        by_agent = user in agents
    else:
        # ``incoming`` is true for what came from outside Freshdesk's web portal (an email):
        # a requester's reply through the portal comes with ``incoming`` false, so the
        # requester's own conversations are customer messages whatever the flag says.
        by_agent = not flags["incoming"] and (user is None or user != t.requester)
    if not by_agent:
        return CustomerMessage(eid, at)
    if source == AUTOMATION:
        return AgentReply(eid, at, agent=user, automated=True)
    return AgentReply(eid, at, agent=user)


def _flags(t: _Ticket, c: Mapping[str, Any], path: str) -> dict[str, bool]:
    """A conversation's ``incoming`` and ``private`` (false when absent: see ``_unsaid``)."""
    flags = {}
    for key in ("incoming", "private"):
        flags[key] = c.get(key, False)
        if not isinstance(flags[key], bool):
            raise fail(f"{path}.{key}", t.tid, key, flags[key], "expected true or false")
    return flags


def _unsaid(t: _Ticket, c: Mapping[str, Any], source: int | None) -> bool:
    """Whether a conversation does not say whether it is ``private`` (it is then no event).

    Freshdesk's conversations always carry ``private``; its one documented default is at a
    note's creation (true), not a reply's. Not said, it is neither a reply nor a note, and
    the ticket lacks its replies (docs/exports-freshdesk.md) -- but for a survey's remark,
    which is no reply either way (see ``FEEDBACK``).
    """
    if "private" in c:
        return False
    if source != FEEDBACK:
        t.lost |= _UNSAID_LOST
    return True


def _rating(t: _Ticket, path: str, raw: Any) -> Event:
    r = mapping(raw, path, t.tid, "satisfaction rating")
    rid = ident(r.get("id"), f"{path}.id", t.tid, "rating id")
    answers = mapping(r.get("ratings"), f"{path}.ratings", t.tid, "ratings")
    value = answers.get("default_question")
    score = RATINGS.get(code(value)) if code(value) is not None else None  # type: ignore[arg-type]
    if score is None:
        raise fail(f"{path}.ratings.default_question", t.tid, "default_question", value,
                   f"unknown survey answer; expected one of {sorted(RATINGS)}")  # fmt: skip
    at = t.at(r, "created_at", path)
    if at is None:
        raise fail(f"{path}.created_at", t.tid, "created_at", None, "required")
    return SatisfactionRating(f"s{rid}", at, score=score, survey="csat", scale_min=1, scale_max=7)


def _change(status: Status, at: datetime, label: str | None, tid: str, name: str) -> StatusChange:
    return StatusChange(f"{tid}.{name}", at, status=status, label=label)


def _resolved(t: _Ticket, s: Mapping[str, Any], status: Status, label: str | None) -> list[Event]:
    sp = f"{t.path}.stats"
    resolved, closed = t.at(s, "resolved_at", sp), t.at(s, "closed_at", sp)
    changed, reopened = t.at(s, "status_updated_at", sp), t.at(s, "reopened_at", sp)
    solve = resolved or closed or changed or t.updated()
    out: list[Event] = []
    if status is Status.CLOSED:
        close = closed or changed or solve
        if close.astimezone(UTC) < solve.astimezone(UTC):
            raise fail(f"{sp}.closed_at", t.tid, "closed_at", s.get("closed_at"),
                       f"before resolved_at {solve.isoformat()}")  # fmt: skip
        if resolved is not None:
            out.append(_change(Status.SOLVED, solve, None, t.tid, "resolved"))
        out.append(_change(Status.CLOSED, close, label, t.tid, "closed"))
    else:
        out.append(_change(status, solve, label, t.tid, "resolved"))
    if reopened is not None:
        if reopened.astimezone(UTC) > solve.astimezone(UTC):
            why = f"after the resolution {solve.isoformat()} of a ticket still resolved"
            raise fail(f"{sp}.reopened_at", t.tid, "reopened_at", s.get("reopened_at"), why)
        # Resolved again since: the resolution before the reopen is not in stats, so no
        # reopen can be placed, but the ticket was reopened (REOPENS_ATTRIBUTE says so).
        t.lost |= {"reopens", "first_resolution"}
        t.reopened = True
    return out


def _unresolved(t: _Ticket, s: Mapping[str, Any], status: Status, label: str | None) -> list[Event]:
    sp = f"{t.path}.stats"
    resolved, reopened = t.at(s, "resolved_at", sp), t.at(s, "reopened_at", sp)
    changed, pending = t.at(s, "status_updated_at", sp), t.at(s, "pending_since", sp)
    out: list[Event] = []
    last = t.created
    if resolved is not None:
        back = reopened or changed
        if back is None or back.astimezone(UTC) < resolved.astimezone(UTC):
            raise fail(f"{sp}.resolved_at", t.tid, "resolved_at", s.get("resolved_at"),
                       "the ticket is unresolved, yet no reopened_at or status_updated_at "
                       "follows its resolution")  # fmt: skip
        out += [
            _change(Status.SOLVED, resolved, None, t.tid, "resolved"),
            Reopen(f"{t.tid}.reopened", back),
        ]
        last = back
    if reopened is not None:
        t.lost |= {"reopens", "first_resolution"}
        t.reopened = True
    # An account's own status read as open (its SLA timer runs) is still a change: to its
    # label, which the ticket has carried since status_updated_at.
    if status is not Status.OPEN or label is not None:
        # Freshdesk sets pending_since only when a ticket enters its own Pending (3); an
        # account's status read as pending (status_map, or a stop_sla_timer status) holds
        # from status_updated_at, and a pending_since there is a stale earlier Pending.
        key = (
            "pending_since"
            if status is Status.PENDING and pending is not None and code(t.rec.get("status")) == 3
            else "status_updated_at"
        )
        at = (pending if key == "pending_since" else changed) or t.updated()
        if at.astimezone(UTC) < last.astimezone(UTC):
            raise fail(f"{sp}.{key}", t.tid, key, s.get(key),
                       f"before the reopen {last.isoformat()} that preceded it")  # fmt: skip
        out.append(_change(status, at, label, t.tid, "status"))
    return out


def _statuses(t: _Ticket) -> list[Event]:
    """Status changes rebuilt from the summary timestamps of ``stats`` (see the package docs)."""
    status, label = t.opts.status(t.rec.get("status"), f"{t.path}.status", t.tid)
    out: list[Event] = [_change(Status.OPEN, t.created, None, t.tid, "created")]
    raw = t.rec.get("stats")
    if raw is None:  # no include=stats: the current status, as of the last update
        t.lost |= {"status_times", "reopens", "first_resolution"}
        if status is not Status.OPEN or label is not None:
            out.append(_change(status, t.updated(), label, t.tid, "status"))
        return out
    stats = mapping(raw, f"{t.path}.stats", t.tid, "stats")
    build = _resolved if status.is_resolved else _unresolved
    return out + build(t, stats, status, label)


#: Ticket fields kept as attributes, with the name the older API gives the same field
#: (``ticket_type``, ``isescalated``; custom fields in ``custom_field``), which recorded
#: v2 ticket lists still show.
_ATTRIBUTES = (
    ("type", "ticket_type"),
    ("company_id", None),
    ("product_id", None),
    ("source", None),
    ("fr_escalated", None),
    ("is_escalated", "isescalated"),
)


def _ticket_fields(t: _Ticket) -> dict[str, Any]:
    rec, path, tid = t.rec, t.path, t.tid
    source = code(rec.get("source"))
    tags = rec.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(x, str) and x for x in tags):
        raise fail(f"{path}.tags", tid, "tags", tags, "expected a list of non-empty strings")
    attributes: dict[str, Any] = {}
    for key, older in _ATTRIBUTES:
        value = rec.get(key)
        if value is None and older is not None and key not in rec:  # the older API's name
            value = rec.get(older)
        if isinstance(value, str | int | bool):
            attributes[key] = value
    name = "custom_fields" if "custom_fields" in rec else "custom_field"
    custom = rec.get(name) or {}
    for key, value in mapping(custom, f"{path}.{name}", tid, name).items():
        if value is not None and not isinstance(value, str | int | float | bool):
            raise fail(f"{path}.{name}.{key}", tid, key, value, "not a scalar")
        attributes[str(key)] = value
    return {
        "requester": t.requester,
        "channel": t.opts.channels.get(source, "other") if source is not None else "other",
        "priority": t.opts.priority(rec.get("priority"), f"{path}.priority", tid),
        "group": optional_ident(rec.get("group_id"), f"{path}.group_id", tid, "group_id"),
        "assignee": optional_ident(
            rec.get("responder_id"), f"{path}.responder_id", tid, "responder_id"
        ),
        "tags": tags,
        "attributes": attributes,
        "created_by_agent": source == OUTBOUND,
    }


def _history(t: _Ticket, conversations: Records | None, ratings: Records) -> TicketHistory:
    fields = _ticket_fields(t)
    # The description is the ticket's first message: the customer's, or an agent's outbound one.
    first: Event = (
        AgentReply(f"{t.tid}.description", t.created)
        if fields["created_by_agent"]
        else CustomerMessage(f"{t.tid}.description", t.created)
    )
    stats = t.rec.get("stats")
    reply = None
    if stats is not None:
        found = mapping(stats, f"{t.path}.stats", t.tid, "stats")
        reply = t.at(found, "first_responded_at", f"{t.path}.stats")
    if not conversations and reply is not None:
        conversations = None  # a response without any conversation: none were exported
    if conversations is None:
        t.lost |= {"next_reply", "periodic_update"}
        messages: list[Event] = (
            [] if reply is None else [AgentReply(f"{t.tid}.first_response", reply)]
        )
    else:
        messages = [e for p, c in conversations if (e := _conversation(t, p, c)) is not None]
        # Order-independent: by instant, then by conversation id.
        messages.sort(key=lambda e: (e.at.astimezone(UTC), e.id))
    statuses = _statuses(t)
    rated = [_rating(t, p, r) for p, r in ratings]
    events = [first, statuses[0], *messages, *statuses[1:], *rated]
    events.sort(key=lambda e: e.at.astimezone(UTC))  # stable: the order above breaks ties
    mark(fields["attributes"], t.lost)
    if t.reopened:  # reopened_at is the last reopen: at least one, how many is unknown
        fields["attributes"][REOPENS_ATTRIBUTE] = 1
    return TicketHistory(Ticket(t.tid, t.created, **fields), events)


def history(
    rec: Mapping[str, Any],
    path: str,
    conversations: Records | None,
    ratings: Records,
    opts: Options,
) -> Item:
    """The history of one ticket, a ``Skipped``, or the RecordError of its first bad field."""
    tid: str | None = None
    try:
        t = _Ticket(rec, path, opts)
        tid = t.tid
        for flag in ("deleted", "spam"):
            if rec.get(flag) is True:
                return Skipped(t.tid, flag)
        return _history(t, conversations, ratings)
    except RecordError as exc:
        return exc
    except (ServiceModelError, OverflowError) as exc:  # the model refused a value: same shape
        who = f"ticket {tid}: " if tid is not None else ""
        why = f"an instant out of range ({exc})" if isinstance(exc, OverflowError) else exc
        return RecordError(f"{who}{why}", path=path)
