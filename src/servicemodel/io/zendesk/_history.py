"""Private: one ticket's audits turned into events, and its history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from servicemodel._config import one_of, safe_repr
from servicemodel._numbers import digits_order
from servicemodel.errors import RecordError, ServiceModelError
from servicemodel.io.eventlog import Skipped
from servicemodel.io.eventlog._shared import Item
from servicemodel.io.summary._shared import mark
from servicemodel.io.zendesk._events import (
    COMMENTS_LOST,
    UNKNOWN_AUTHOR,
    children,
    instant,
    is_event,
)
from servicemodel.io.zendesk._fields import (
    STATUSES,
    _attributes,
    _channel,
    _Head,
    _optional_id,
    _Options,
    _priority,
    _status,
    automated_via,
    fail,
    read_id,
    read_instant,
    read_mapping,
    sharing_via,
)
from servicemodel.io.zendesk._metrics import Metrics, metric_set, read
from servicemodel.model import (
    REOPENS_ATTRIBUTE,
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

__all__: list[str] = []

_CSAT = {"good": 1, "bad": 0}
#: Satisfaction values that carry no answer (the survey was not sent, or not answered).
_NO_ANSWER = frozenset({"offered", "unoffered"})
#: The ticket field whose ``Change`` audit events record a rating (``offered`` -> ``bad``) in
#: real audits, beside or instead of a ``SatisfactionRating`` event: recorded in a public
#: project's saved ``/tickets/{id}/audits`` response, and the field Fivetran's dbt_zendesk
#: package reads ratings from (``int_zendesk__ticket_historical_satisfaction``).
_SCORE_FIELD = "satisfaction_score"
#: Tags that mark a ticket closed by a merge. Zendesk itself adds ``closed_by_merge`` to the
#: ticket it closes when merging it into another (Zendesk help, "Merging tickets":
#: https://support.zendesk.com/hc/en-us/articles/203690916); ``merged`` is the tag many
#: merge macros and apps add.
_MERGE_TAGS = frozenset({"merged", "closed_by_merge"})
#: The status Zendesk writes in audits when a ticket is deleted (``open`` -> ``deleted``) and,
#: when it is restored, back (``deleted`` -> ``open``): recorded in facetoe/zenpy's betamax
#: cassette ``tests/test_api/betamax/TestTicketAudits.test_values.json``. Not a working status:
#: a ticket still deleted is skipped; a restored one keeps the status it had.
_DELETED = "deleted"


# -- audits -------------------------------------------------------------------------------------


@attrs.frozen
class _Audit:
    path: str
    id: str
    at: datetime
    author: str | None
    merge: bool
    events: tuple[tuple[str, Mapping[str, Any]], ...]
    #: A ticket event (of the incremental ticket event export) that says a comment was
    #: made but not by whom (read without the ``comment_events`` sideload).
    unknown_comment: bool = False
    #: Read from a ticket event: its errors name it ("ticket event 7001: ...").
    event: bool = False
    #: The audit's ``via`` says no person made it (``_fields.automated_via``): its public
    #: agent comments without a ``via`` of their own are automated replies.
    automated: bool = False
    #: The audit's ``via`` says it came through ticket sharing (``_fields.sharing_via``): so
    #: did its public comments without a ``via`` of their own.
    shared: bool = False


def _audit(raw: Mapping[str, Any], path: str, head: _Head) -> _Audit:
    if is_event(raw):
        return _event_audit(raw, path, head)
    tid = head.id
    aid = read_id(raw.get("id"), f"{path}.id", tid, "audit id")
    at = read_instant(raw.get("created_at"), f"{path}.created_at", tid, "created_at")
    _after_creation(at, raw.get("created_at"), f"{path}.created_at", head, aid)
    author = _optional_id(raw.get("author_id"), f"{path}.author_id", tid, "author_id")
    via = raw.get("via") or {}
    source = via.get("source") if isinstance(via, Mapping) else None
    automated = automated_via(via)
    events = raw.get("events") or []
    if not isinstance(events, list):
        raise fail(f"{path}.events", tid, "events", events, "expected a list")
    evs = tuple(
        (f"{path}.events[{i}]", read_mapping(e, f"{path}.events[{i}]", tid, "audit event"))
        for i, e in enumerate(events)
    )
    # A merge updates both tickets: it closes the one merged away, and adds its comment to
    # the one merged into ("target_comment", Zendesk's Merge Tickets endpoint), which lives
    # on. Only the audit that closes the ticket makes it a merged one.
    merge = (
        isinstance(source, Mapping)
        and source.get("rel") == "merge"
        and any(_closes(ev) for _, ev in evs)
    )
    return _Audit(path, aid, at, author, merge, evs, automated=automated, shared=sharing_via(via))


def _closes(ev: Mapping[str, Any]) -> bool:
    """Whether an audit event changes the ticket's status to closed."""
    return (
        ev.get("type") == "Change"
        and ev.get("field_name") == "status"
        and ev.get("value") == "closed"
    )


def _named(exc: RecordError, eid: Any) -> RecordError:
    return RecordError(f"ticket event {safe_repr(eid)}: {exc.message}", path=exc.path)


def _in_time(audit: _Audit) -> tuple[datetime, int, str]:
    """An audit's place in time: its instant; of updates at one instant (a second: the
    exports' resolution), the lower id first -- Zendesk numbers them as they happen, and a
    ticket event is the audit it records under the same id (its sideloaded comments carry
    that id as their ``audit_id``), so audits and ticket events read together are ordered
    by one sequence, whatever the order of the files and pages. Updates whose ids are not
    all digits keep the order they came in, before the numbered ones of their second.

    An all-digit id is compared by its digits (their count, then the digits without leading
    zeros), as the report orders ticket ids, never ``int()``: an id given as text may have
    more than 4,300 digits, past Python's int-from-text limit, and ``int`` raised its
    ``ValueError`` out of the reader.

    Examples:
        >>> t = datetime(2026, 5, 4, tzinfo=UTC)
        >>> def event(aid): return _Audit("p", aid, t, None, False, (), event=True)
        >>> [a.id[:3] for a in sorted(map(event, ["10", "9", "2" + "0" * 5000]), key=_in_time)]
        ['9', '10', '200']
    """
    found = digits_order(audit.id)
    if found is not None:
        return audit.at.astimezone(UTC), found[0], found[1]
    return audit.at.astimezone(UTC), -1, ""


def _after_creation(at: datetime, raw: Any, path: str, head: _Head, aid: str) -> None:
    if at.astimezone(UTC) < head.created_at.astimezone(UTC):
        why = f"audit {aid} is before the ticket's creation {head.created_at.isoformat()}"
        raise fail(path, head.id, "created_at", raw, why)


def _event_audit(raw: Mapping[str, Any], path: str, head: _Head) -> _Audit:
    """One ticket event of the incremental ticket event export, read as the audit it is."""
    tid = head.id
    aid = read_id(raw.get("id"), f"{path}.id", tid, "ticket event id")
    when = instant(raw, path, tid)
    where = f"{path}.created_at" if raw.get("created_at") is not None else f"{path}.timestamp"
    at = read_instant(when, where, tid, "created_at")
    _after_creation(at, when, where, head, aid)
    author = _optional_id(raw.get("updater_id"), f"{path}.updater_id", tid, "updater_id")
    events, unknown = children(raw, path, tid)
    # The event's own ``via`` is mostly a display text ("Web form"), which says nothing here;
    # a sideloaded comment carries its own ``via`` object (see _Builder._comment).
    via = raw.get("via")
    return _Audit(path, aid, at, author, False, tuple(events), unknown, event=True,
                  automated=automated_via(via), shared=sharing_via(via))  # fmt: skip


@attrs.frozen
class _State:
    status: Status
    priority: Priority
    group: str | None
    assignee: str | None
    #: Zendesk's own name of the status in force (``StatusChange.label``).
    label: str | None = None


_FIELDS = ("status", "priority", "group_id", "assignee_id", "custom_status_id")


def _initial(head: _Head, audits: list[_Audit]) -> dict[str, tuple[Any, str]]:
    """The ticket's field values at creation, each with the path it was read from (an error
    names the audit's event or the ticket's field that holds the value): Create events, else
    the first change's previous value, else (never changed) the export's current value."""
    rec, path = head.raw, head.path
    found: dict[str, tuple[Any, str]] = {}
    for audit in audits:
        for where, ev in audit.events:
            name = ev.get("field_name")
            if not one_of(name, _FIELDS) or name in found:
                continue
            if ev.get("type") == "Create":
                found[name] = (ev.get("value"), f"{where}.value")
            elif ev.get("type") == "Change":
                before = ev.get("previous_value")
                if name == "status" and before == _DELETED:
                    continue  # a restore: the status before the deletion is the one to find
                found[name] = (before, f"{where}.previous_value")
    # The export's current value, where no audit says otherwise.
    now = {key: (rec.get(key), f"{path}.{key}") for key in _FIELDS}
    # Without audits nothing says how the ticket started: it starts new (see _history).
    status = found.get("status", now["status"]) if audits else ("new", f"{path}.status")
    # The current custom status is the first one only when nothing says the status moved.
    moved = not audits or "status" in found
    custom = found.get("custom_status_id", (None, "") if moved else now["custom_status_id"])
    return {**now, **found, "status": status, "custom_status_id": custom}


@attrs.define
class _Changes:
    """What the Change events of one audit set: applied together, once the audit is read."""

    group: str | None
    assignee: str | None
    assign: str | None = None
    status: tuple[str, Status, str] | None = None
    custom: tuple[str, Status, str] | None = None
    #: A change of ``custom_status_id`` to one ``status_map`` does not map: the event's id.
    unmapped: str | None = None
    #: The audit holds a ``SatisfactionRating`` event: its ``satisfaction_score`` change says
    #: the same rating again and is no second one.
    rated: bool = False
    #: The rating of the audit's last ``satisfaction_score`` change (None: no answer). Each
    #: change is checked, but an audit is one rating: two changes in one audit were two
    #: ratings at one instant (CSAT counted twice).
    score: SatisfactionRating | None = None


class _Builder:
    """Turns one ticket's audits into events, tracking the state each change starts from."""

    def __init__(self, head: _Head, opts: _Options, requester: str | None, state: _State):
        self.head = head
        self.opts = opts
        self.requester = requester
        self.state = state
        #: The ``status`` field's own value and name, which a mapped custom status overrides
        #: while it is in force and which is in force again when the custom status is not mapped.
        self.field: tuple[Status, str] = (state.status, state.label or state.status.value)
        self.events: list[Event] = []
        self.created_by_agent = False
        self.comments = 0
        #: A comment whose ``public`` the record does not give: whether the customer saw it
        #: is unknown, so the ticket lacks its replies (``COMMENTS_LOST``).
        self.unsaid = False

    def unsaid_lost(self) -> frozenset[str]:
        """What the ticket lacks for its comments whose ``public`` is not given: its replies."""
        return COMMENTS_LOST if self.unsaid else frozenset()

    def _is_agent(self, author: str | None) -> bool:
        if self.opts.agents is not None:
            return author in self.opts.agents
        return author is not None and author != self.requester

    def audit(self, audit: _Audit) -> None:
        tid = self.head.id
        found = _Changes(group=self.state.group, assignee=self.state.assignee)
        found.rated = any(ev.get("type") == "SatisfactionRating" for _, ev in audit.events)
        for path, ev in audit.events:
            # Without an id of its own, the event is numbered within its audit (the text is
            # built only then: most events have one).
            raw = ev["id"] if "id" in ev else f"{audit.id}.{path.rsplit('[', 1)[-1]}"
            eid = read_id(raw, path, tid, "id")
            self._event(eid, audit, ev, path, found)
        if found.score is not None:
            self.events.append(found.score)
        if found.assign is not None and (found.group, found.assignee) != (
            self.state.group,
            self.state.assignee,
        ):
            self.events.append(
                AssignmentChange(found.assign, audit.at, group=found.group, assignee=found.assignee)
            )
            s = self.state  # (built directly: attrs.evolve costs more than the audit's event)
            self.state = _State(s.status, s.priority, found.group, found.assignee, s.label)
        if found.status is not None:
            self.field = found.status[1:]
        # A mapped custom status says more than its category: it wins within one audit. A
        # change to an unmapped one (Zendesk's own Open, Pending ... have ids too) leaves the
        # status field in force: the mapped status it replaces is over.
        change = found.custom or found.status
        if change is None and found.unmapped is not None:
            change = (found.unmapped, *self.field)
        if change is not None and (change[1], change[2]) != (self.state.status, self.state.label):
            eid, status, label = change
            self.events.append(StatusChange(eid, audit.at, status=status, label=label))
            s = self.state
            self.state = _State(status, s.priority, s.group, s.assignee, label)

    def _event(
        self, eid: str, audit: _Audit, ev: Mapping[str, Any], path: str, found: _Changes
    ) -> None:
        kind = ev.get("type")
        if type(kind) is not str:  # an unknown type is skipped; no type text is an error
            if kind is not None:
                raise fail(f"{path}.type", self.head.id, "type", kind, "expected a text")
            return
        if kind == "Comment":
            self._comment(eid, audit, ev, path)
        elif kind == "SatisfactionRating":
            self._rating(eid, audit.at, ev.get("score"), f"{path}.score")
        elif kind == "Change" and _field_name(ev, path, self.head.id) == _SCORE_FIELD:
            if not found.rated:
                found.score = _two_point(
                    eid, audit.at, ev.get("value"), f"{path}.value", self.head.id
                )
        elif kind == "Change":
            self._change(eid, audit, ev, path, found)

    def _change(
        self, eid: str, audit: _Audit, ev: Mapping[str, Any], path: str, found: _Changes
    ) -> None:
        tid, name, value = self.head.id, ev.get("field_name"), ev.get("value")
        if name == "status":
            if value != _DELETED:  # a deletion: see _DELETED
                found.status = (eid, _status(value, self.opts, f"{path}.value", tid), str(value))
        elif name == "custom_status_id":
            mapped = _custom(_custom_id(value, f"{path}.value", tid), self.opts)
            if mapped is not None:
                found.custom = (eid, *mapped)
            else:
                found.unmapped = eid
        elif name == "priority":
            new = _priority(value, f"{path}.value", tid, self.opts)
            if new is not self.state.priority:
                self.events.append(PriorityChange(eid, audit.at, priority=new))
                s = self.state
                self.state = _State(s.status, new, s.group, s.assignee, s.label)
        elif name == "group_id":
            found.group = _optional_id(value, f"{path}.value", tid, "group_id")
            found.assign = eid
        elif name == "assignee_id":
            found.assignee = _optional_id(value, f"{path}.value", tid, "assignee_id")
            found.assign = eid

    def _comment(self, eid: str, audit: _Audit, ev: Mapping[str, Any], path: str) -> None:
        tid = self.head.id
        if UNKNOWN_AUTHOR in ev:  # a public comment, author unknown: no event (see _events)
            self.comments += 1
            return
        if "public" not in ev:
            # Zendesk's audits and the comment_events sideload always carry ``public``; its
            # only default is at creation, and there it is the ticket's first comment's, not
            # a fixed value (Ticket Comments reference). Read neither as a reply nor as a
            # note: counted, no event, and the ticket lacks its replies (docs/exports.md).
            self.comments += 1
            self.unsaid = True
            return
        author = _optional_id(
            ev.get("author_id", audit.author), f"{path}.author_id", tid, "author_id"
        )
        public = ev["public"]
        if not isinstance(public, bool):
            raise fail(f"{path}.public", tid, "public", public, "expected true or false")
        agent = self._is_agent(author)
        # An event has a ``via`` object of its own when it differs from its audit's (Zendesk's
        # ticket audit events reference); a sideloaded comment of the ticket event export has
        # one. Most have none: no Mapping check then (hot: every comment).
        via = ev.get("via") if public else None
        own = via is not None and isinstance(via, Mapping)
        shared = self.opts.shared
        if public and shared is not None and (sharing_via(via) if own else audit.shared):
            shared[eid] = None  # through ticket sharing: collected for load's shared_replies
        if self.comments == 0 and public and agent:
            self.created_by_agent = True
        self.comments += 1
        if not public:
            self.events.append(InternalNote(eid, audit.at, agent=author))
        elif agent:
            # A trigger's, an automation's or Answer Bot's comment is no person's reply
            # (_fields.AUTOMATED_CHANNELS); who wrote it is read as before.
            bot = automated_via(via) if own else audit.automated
            if bot:
                self.events.append(AgentReply(eid, audit.at, agent=author, automated=True))
            else:
                self.events.append(AgentReply(eid, audit.at, agent=author))
        else:
            self.events.append(CustomerMessage(eid, audit.at))

    def _rating(self, eid: str, at: datetime, score: Any, path: str) -> None:
        rating = _two_point(eid, at, score, path, self.head.id)
        if rating is not None:
            self.events.append(rating)


def _field_name(ev: Mapping[str, Any], path: str, tid: str) -> Any:
    """A change's ``field_name``: a text, or none (a change of no field read here)."""
    name = ev.get("field_name")
    if name is not None and type(name) is not str:
        raise fail(f"{path}.field_name", tid, "field_name", name, "expected a text")
    return name


def _two_point(
    eid: str, at: datetime, score: Any, path: str, tid: str
) -> SatisfactionRating | None:
    """A good/bad score as a two-point rating; ``None`` for a score that carries no answer."""
    if one_of(score, _NO_ANSWER):  # a JSON list or object is not hashable: no `in` on sets
        return None
    if not one_of(score, _CSAT):
        raise fail(path, tid, "score", score,
                    f"unknown satisfaction score; expected one of {sorted(_CSAT)} "
                    f"(or {sorted(_NO_ANSWER)}, which carry no answer)")  # fmt: skip
    return SatisfactionRating(eid, at, score=_CSAT[score], survey="csat", scale_min=0, scale_max=1)


def _unaudited(
    head: _Head,
    opts: _Options,
    current: Status,
    custom_id: str | None,
    metrics: Metrics | None = None,
) -> list[Event]:
    """What a ticket without audits says of its history: its current status and its rating
    (``satisfaction_rating.score`` of the export), both as of its last update (an upper bound:
    the export keeps no earlier instant). A solved or closed ticket whose metric set gives
    ``solved_at`` is solved then (the last solve: exact), a closed one closed at the update."""
    rec, tid, path = head.raw, head.id, head.path
    raw, where = rec.get("satisfaction_rating"), f"{path}.satisfaction_rating"
    score = (
        None if raw is None else read_mapping(raw, where, tid, "satisfaction_rating").get("score")
    )
    answered = raw is not None and not one_of(score, _NO_ANSWER)
    if current is Status.NEW and not answered:
        return []  # a new ticket without a rating needs no instant: none is read
    at = read_instant(rec.get("updated_at"), f"{path}.updated_at", tid, "updated_at")
    found: list[Event] = []
    if current is not Status.NEW:
        custom = _custom(custom_id, opts)
        status, label = custom if custom is not None else (current, head.status)
        solved = _solve(metrics, status, at, rec.get("updated_at"), tid)
        since = at
        if solved is not None and status is not Status.SOLVED and solved != at:
            found.append(StatusChange(f"{tid}.solved", solved, status=Status.SOLVED))
        elif solved is not None:  # solved (or closed) then, and no change since
            since = solved
        found.append(StatusChange(f"{tid}.status", since, status=status, label=label))
    rating = _two_point(f"{tid}.rating", at, score, f"{where}.score", tid) if answered else None
    return found if rating is None else [*found, rating]


#: What a ticket read without its audits lacks (``servicemodel.model.lost_facts``): every
#: comment, so every reply; every status before the current one and when it was set.
_UNAUDITED_LOST = frozenset(
    {
        "first_reply",
        "next_reply",
        "periodic_update",
        "pauses",
        "status_order",
        "status_times",
        "reopens",
        "first_resolution",
    }
)


def _unaudited_lost(current: Status) -> frozenset[str]:
    """The facts a ticket without audits lacks.

    None for a new one: Zendesk never sets a ticket back to new, and an agent's update opens
    it, so it has no reply and no earlier status. A solved or closed one also lacks when it
    was solved (``updated_at`` is only an upper bound: a closed ticket's is often its
    auto-close, days after the solve).
    """
    if current is Status.NEW:
        return frozenset()
    return _UNAUDITED_LOST | {"resolution"} if current.is_resolved else _UNAUDITED_LOST


def _metric_lost(current: Status, metrics: Metrics | None, tid: str) -> tuple[frozenset[str], int]:
    """The facts a ticket without audits lacks, and how often its metric set says it was
    reopened (0: never, or not said).

    A ``solved_at`` gives a solved or closed ticket its resolution (see ``_unaudited``). A
    ``reopens`` of 0 says it lacks no reopen, and its one resolution is its first; a count
    above 0 is kept beside the lost reopens (``servicemodel.reopens``), their instants unknown.
    """
    lost = _unaudited_lost(current)
    if metrics is None:
        return lost, 0
    if metrics.solved_at is not None and current.is_resolved:
        lost -= {"resolution"}
    if metrics.reopens is None:
        return lost, 0
    if current is Status.NEW and metrics.reopens:  # never solved, so never reopened
        why = "a new ticket was never solved, so never reopened"
        raise fail(f"{metrics.path}.reopens", tid, "reopens", metrics.reopens, why)
    if metrics.reopens == 0:
        lost -= {"reopens"}
        if "resolution" not in lost:
            lost -= {"first_resolution"}
    return lost, metrics.reopens


def _solve(
    metrics: Metrics | None, status: Status, updated: datetime, raw: Any, tid: str
) -> datetime | None:
    """The metric set's ``solved_at`` of a ticket solved or closed now (``None`` otherwise:
    an unsolved ticket's is a solve before a reopen, whose place is unknown); one after the
    ticket's last update is the ticket's error."""
    if metrics is None or metrics.solved_at is None or not status.is_resolved:
        return None
    if metrics.solved_at.astimezone(UTC) > updated.astimezone(UTC):
        why = f"after the ticket's last update {updated.isoformat()} ({raw})"
        raise fail(
            f"{metrics.path}.solved_at", tid, "solved_at", metrics.solved_at.isoformat(), why
        )
    return metrics.solved_at


def _custom_id(value: Any, path: str, tid: str) -> str | None:
    """A ``custom_status_id`` as read (an id, or ``None`` for none); any other value (a list,
    a bool, a float) is the ticket's error naming it, never taken for an unmapped status."""
    return _optional_id(value, path, tid, "custom_status_id")


def _custom(key: str | None, opts: _Options) -> tuple[Status, str] | None:
    """A ``custom_status_id`` (as ``_custom_id`` read it) that ``status_map`` maps, with its
    label; ``None`` otherwise."""
    found = opts.statuses.get(key) if key is not None and key not in STATUSES else None
    return None if found is None or key is None else (found, key)


def _history(head: _Head, raw_audits: list[tuple[str, Mapping[str, Any]]], opts: _Options) -> Item:
    """The history of one ticket, a ``Skipped``, or the RecordError of its first bad field."""
    rec, tid, path = head.raw, head.id, head.path
    if head.status == "deleted":
        return Skipped(tid, "deleted")
    now_custom = _custom_id(rec.get("custom_status_id"), f"{path}.custom_status_id", tid)
    current = _status(head.status, opts, f"{path}.status", tid)
    audits = sorted((_audit(a, p, head) for p, a in raw_audits), key=_in_time)
    tags = rec.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        raise fail(f"{path}.tags", tid, "tags", tags, "expected a list of non-empty strings")
    merged = any(t in _MERGE_TAGS for t in tags) or any(a.merge for a in audits)
    if current is Status.CLOSED and merged:
        return Skipped(tid, "merged")
    first = _initial(head, audits)
    requester = _optional_id(rec.get("requester_id"), f"{path}.requester_id", tid, "requester_id")
    state = _State(
        Status.NEW,
        _priority(*first["priority"], tid, opts),
        _optional_id(*first["group_id"], tid, "group_id"),
        _optional_id(*first["assignee_id"], tid, "assignee_id"),
    )
    build = _Builder(head, opts, requester, state)
    raw_status, status_at = first["status"]
    initial = _status(raw_status, opts, status_at, tid)
    label = str(raw_status)
    build.field = (initial, label)
    custom = _custom(_custom_id(*first["custom_status_id"], tid), opts)
    if custom is not None:  # created straight into a mapped custom status
        initial, label = custom
    if initial is not Status.NEW:  # created straight into another status (an agent's ticket)
        build.events.append(
            StatusChange(f"{tid}.created", head.created_at, status=initial, label=label)
        )
    build.state = attrs.evolve(state, status=initial, label=label)
    for audit in audits:
        build.audit(audit)
    lost: frozenset[str] = frozenset()
    reopens = 0
    if not audits:  # all we know is the current status and rating, as of the last update
        found = metric_set(head, opts.metrics)
        metrics = None if found is None else read(found, head)
        build.events.extend(_unaudited(head, opts, current, now_custom, metrics))
        lost, reopens = _metric_lost(current, metrics, tid)
    elif any(a.event for a in audits):  # a metric set is read only for a lost start
        lost, reopens = _from_events(head, audits, opts, (current, now_custom), build)
    attributes = _attributes(rec, path, tid)
    mark(attributes, lost | build.unsaid_lost())
    if reopens:  # reopened, at instants the export does not give
        attributes[REOPENS_ATTRIBUTE] = reopens
    ticket = Ticket(
        tid,
        head.created_at,
        requester=requester,
        channel=_channel(rec, opts, path, tid),
        priority=state.priority,
        group=state.group,
        assignee=state.assignee,
        tags=tags,
        attributes=attributes,
        created_by_agent=build.created_by_agent,
    )
    return TicketHistory(ticket, build.events)


def _event_gaps(
    head: _Head,
    audits: list[_Audit],
    opts: _Options,
    now: tuple[Status, str | None],
    build: _Builder,
) -> frozenset[str]:
    """What a ticket read from the incremental ticket event export lacks.

    The export holds the updates from its ``start_time`` to its end, not a ticket's whole
    life as its audits do: a ticket without a ``Create`` event began before the export's
    start (its earlier updates, comments among them, are not there); a ticket updated after
    the last event read (``updated_at`` later: Zendesk moves it only with an event) has
    updates after it -- its current status is then taken as of ``updated_at``, as for a
    ticket read without audits. A public comment without its author (no ``comment_events``
    sideload) costs the replies.
    """
    lost: set[str] = set()
    if any(a.unknown_comment for a in audits):
        lost |= COMMENTS_LOST
    if not any(ev.get("type") == "Create" for a in audits for _, ev in a.events):
        lost |= _UNAUDITED_LOST
    raw = head.raw.get("updated_at")
    if raw is None:
        return frozenset(lost)
    updated = read_instant(raw, f"{head.path}.updated_at", head.id, "updated_at")
    if updated.astimezone(UTC) > max(a.at.astimezone(UTC) for a in audits):
        current, custom_id = now
        lost |= _unaudited_lost(current)
        status, label = _custom(custom_id, opts) or (current, head.status)
        if (status, label) != (build.state.status, build.state.label):
            change = StatusChange(f"{head.id}.status", updated, status=status, label=label)
            build.events.append(change)
            build.state = attrs.evolve(build.state, status=status, label=label)
    return frozenset(lost)


def _from_events(
    head: _Head,
    audits: list[_Audit],
    opts: _Options,
    now: tuple[Status, str | None],
    build: _Builder,
) -> tuple[frozenset[str], int]:
    """What a ticket read from the ticket event export lacks, and the reopens its metric set
    counts where it lost its start (see ``_event_gaps`` and ``_lost_start``)."""
    lost = _event_gaps(head, audits, opts, now, build)
    return (lost, 0) if _begun(audits) else _lost_start(head, opts, audits, build, lost)


def _begun(audits: list[_Audit]) -> bool:
    """Whether the ticket's ``Create`` event is among its audits (its start is read)."""
    return any(ev.get("type") == "Create" for a in audits for _, ev in a.events)


def _lost_start(
    head: _Head, opts: _Options, audits: list[_Audit], build: _Builder, lost: frozenset[str]
) -> tuple[frozenset[str], int]:
    """What a ticket of the ticket event export that lost its start lacks, with its metric
    set read, and how often that says it was reopened (0: never, or not said).

    Its events begin at the export's start, so the status they found (the first change's
    previous value, else the current one) was set at an unknown instant before: the builder
    puts it at the creation. One resolved then and all through the export was last solved
    before its start: the metric set's ``solved_at`` (the last solve) places that solve,
    else the ticket lacks its resolution (it was not solved at its creation). ``reopens``
    counts the ticket's whole life, the reopens the events show too: 0, where they show none,
    says it lacks no reopen (and its one resolution is its first); above 0 it is kept as
    ``servicemodel.reopens``, "at least that many", beside the reopens the events show.
    Read only where no update follows the last event (see ``_event_gaps``): a metric set
    read with a ticket updated since may count a later reopen and solve.
    """
    tid = head.id
    first = build.events[0] if build.events else None
    # Resolved at the export's start and all through it: its last solve is before the start.
    before = (
        first
        if isinstance(first, StatusChange)
        and first.id == f"{tid}.created"
        and first.status.is_resolved
        and all(e.status.is_resolved for e in build.events[1:] if isinstance(e, StatusChange))
        else None
    )
    found = None if "resolution" in lost else metric_set(head, opts.metrics)
    metrics = None if found is None else read(found, head)
    if before is not None:
        start = min(a.at.astimezone(UTC) for a in audits)
        if metrics is None or metrics.solved_at is None:
            lost |= {"resolution"}
        elif (solved := metrics.solved_at).astimezone(UTC) > start:
            why = (
                f"after the export's first event of the ticket ({start.isoformat()}), which "
                f"found it {before.label} already"
            )
            raise fail(f"{metrics.path}.solved_at", tid, "solved_at", solved.isoformat(), why)
        else:
            build.events[0] = attrs.evolve(before, id=f"{tid}.solved", at=metrics.solved_at)
    if metrics is None or metrics.reopens is None:
        return lost, 0
    if build.state.status is Status.NEW and metrics.reopens:  # never solved, never reopened
        why = "a new ticket was never solved, so never reopened"
        raise fail(f"{metrics.path}.reopens", tid, "reopens", metrics.reopens, why)
    shown = TicketHistory(Ticket(tid, head.created_at), build.events).reopen_count()
    if metrics.reopens == 0 and not shown:
        lost -= {"reopens"}
        if "resolution" not in lost:
            lost -= {"first_resolution"}
    return lost, metrics.reopens


def _checked(head: _Head, audits: list[tuple[str, Mapping[str, Any]]], opts: _Options) -> Item:
    try:
        return _history(head, audits, opts)
    except RecordError as exc:
        for path, raw in audits:  # an error in a ticket event names it, as Zendesk numbers it
            if is_event(raw) and (
                exc.path == path or exc.path.startswith((f"{path}.", f"{path}["))
            ):
                return _named(exc, raw.get("id"))
        return exc
    except ServiceModelError as exc:  # the model refused a value: same error shape
        return RecordError(f"ticket {head.id}: {exc}", path=head.path)
