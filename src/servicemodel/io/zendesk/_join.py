"""Private: joining export pages with audits, one ticket at a time."""

from __future__ import annotations

from collections.abc import Callable, Container, Generator, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from itertools import chain
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import digits_order
from servicemodel._validators import iso_datetime
from servicemodel.errors import ConfigError, RecordError
from servicemodel.io._complete import StreamEnd
from servicemodel.io._repeats import once
from servicemodel.io._seen import SeenIds
from servicemodel.io._source import Skipped
from servicemodel.io._vocab import read_priority_map
from servicemodel.io.eventlog import HistoryStream
from servicemodel.io.eventlog._shared import Incomplete, Item, OnError
from servicemodel.io.zendesk._events import Pathed, event_items, is_event
from servicemodel.io.zendesk._fields import (
    CHANNELS,
    STATUSES,
    _Head,
    _head,
    _key,
    _Options,
    fail,
)
from servicemodel.io.zendesk._history import _DELETED, _checked
from servicemodel.io.zendesk._metrics import index, page_index
from servicemodel.model import Priority, Status

__all__ = ["Order", "histories", "indexed_items", "join_items", "options"]

Audits = Iterable[Mapping[str, Any]] | Callable[[str], Iterable[Mapping[str, Any]]]


# -- joining pages and audits -------------------------------------------------------------------


class _Groups:
    """Audits grouped by ticket id, read one group ahead."""

    def __init__(self, audits: Iterable[Any]) -> None:
        self._it = _pathed(audits)
        self._head: tuple[str, Any] | None = None
        self._advance()

    def _advance(self) -> None:
        self._head = next(self._it, None)

    def next_ticket(self) -> str | None:
        """The ticket id of the next group ("" for an audit without a usable one)."""
        return None if self._head is None else _ticket_of(self._head[1])

    def take(self) -> list[tuple[str, Any]]:
        tid = self.next_ticket()
        group = []
        while self._head is not None and self.next_ticket() == tid:
            group.append(self._head)
            self._advance()
            if tid == "":
                break
        return group


def _pathed(audits: Iterable[Any]) -> Iterator[tuple[str, Any]]:
    """Each audit with its stream path: ``audits[i]``, or the path a ticket event carries."""
    for i, raw in enumerate(audits):
        if type(raw) is Pathed:
            yield raw.path, raw.raw
        else:
            yield f"audits[{i}]", raw


def _ticket_of(audit: Any) -> str:
    """An audit's ticket id ("" for an audit without a usable one)."""
    tid = audit.get("ticket_id") if isinstance(audit, Mapping) else None
    ok = isinstance(tid, int | str) and not isinstance(tid, bool)
    try:
        return str(tid).strip() if ok else ""
    except ValueError:  # an int past the int-to-text digit limit (given from Python): none
        return ""


class Order:
    """What a lenient join (``load``'s first try) found: ``broken`` once the audits are out of
    the pages' order or a ticket repeats. The join then stops, and ``load`` joins again by
    ticket id in memory (``indexed_items``)."""

    __slots__ = ("broken",)

    def __init__(self) -> None:
        self.broken = False


def _orphans(group: list[tuple[str, Any]], seen: SeenIds | Container[str], tid: str) -> RecordError:
    path, raw = group[0]
    if isinstance(raw, RecordError):  # a line of an audits file that is no JSON: its own error
        return raw
    if tid == "":
        value = raw.get("ticket_id") if isinstance(raw, Mapping) else raw
        return fail(f"{path}.ticket_id", None, "ticket_id", value, "an audit needs a ticket id")
    if tid in seen:
        why = "come after the ticket was read: audits must be grouped by ticket in the order the tickets appear in the pages (zendesk.load takes them in any order)"  # noqa: E501
    else:
        why = "are for a ticket that never appears in the export"
    return fail(f"{path}.ticket_id", tid, "ticket_id", tid, f"{len(group)} audit(s) {why}")


def _tickets(pages: Iterable[Any], end: StreamEnd) -> Iterator[_Head | RecordError]:
    """The tickets of the pages, each page noted in ``end`` (``end_of_stream``) as read."""
    for p, page in enumerate(pages):
        where = f"pages[{p}]"
        end.note(where, page)
        if isinstance(page, RecordError):  # a line of a pages file that is no JSON: its own error
            yield page
            continue
        if not isinstance(page, Mapping) or not isinstance(page.get("tickets"), list):
            yield fail(where, None, "page", page, "expected an export page with a 'tickets' list")
            continue
        sideloaded, errors = page_index(page, where)  # include=metric_sets, beside the tickets
        yield from errors
        for i, raw in enumerate(page["tickets"]):
            try:
                head = _head(raw, f"{where}.tickets[{i}]")
            except RecordError as exc:
                yield exc
                continue
            found = sideloaded.get(head.id)
            yield head if found is None else attrs.evolve(head, metrics=found)


def _same(path: str) -> str:
    return path


def _update_key(raw: Any) -> Any:
    """An audit's or ticket event's ``id`` as one key for both (``7101`` and ``"7101"``,
    leading zeros or not, are one update); ``None`` where it has no usable id (its reader
    says what is wrong)."""
    rid = raw.get("id") if isinstance(raw, Mapping) else None
    if type(rid) is int:  # (never a bool)
        try:
            text = str(rid)
        except ValueError:  # past the int-to-text limit a host may set (as low as 640
            return ("n", rid)  # digits): the number itself; its reader names the id
    elif type(rid) is str:
        text = rid.strip()
    else:
        return None
    found = digits_order(text)
    return ("d", *found) if found is not None else ("t", text)


def _audited(audits: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """``audits`` without the ticket events that an audit read beside them records.

    A ticket event is the audit of the same ``id`` (``event_type`` ``"Audit"``; its
    sideloaded comments name it as their ``audit_id``): given both, the update is read once,
    from the audit, which carries every comment's author and ``public``.
    """
    # Most tickets come from one export: no ticket event, or no audit, and nothing to match.
    events = [is_event(raw) for _, raw in audits]
    if all(events) or not any(events):
        return audits
    keys = {_update_key(raw) for (_, raw), event in zip(audits, events, strict=True) if not event}
    keys.discard(None)
    if not keys:
        return audits
    return [
        (p, raw)
        for (p, raw), event in zip(audits, events, strict=True)
        if not (event and _update_key(raw) in keys)
    ]


def _joined(
    head: _Head, audits: list[tuple[str, Any]], opts: _Options, place: Callable[[str], str]
) -> Iterator[Item]:
    """The ticket's history, its audits each read once (overlapping audits files give an
    audit twice: the same ``id``; an audit and the ticket event that records it, too), and
    the errors of audits repeated with other contents."""
    mine, errors = once(_audited(audits), "audit", head.id, fail, place=place)
    yield from errors
    yield _checked(head, mine, opts)


def join_items(
    pages: Iterable[Any],
    audits: Audits,
    opts: _Options,
    order: Order | None = None,
    place: Callable[[str], str] = _same,
) -> Iterator[Item]:
    """The streaming join. With ``order``, where the strict join reports audits out of the
    pages' order or a repeated ticket, it sets ``order.broken`` and stops instead. ``place``
    names where an audit's stream path (``audits[3]``) was read, for errors."""
    lookup = audits if callable(audits) else None
    groups = None if callable(audits) else _Groups(audits)
    end = StreamEnd()
    with SeenIds() as seen:
        for head in _tickets(pages, end):
            if isinstance(head, RecordError):
                yield head
                continue
            if head.id in seen:
                if order is not None:
                    order.broken = True
                    return
                yield fail(
                    head.path,
                    head.id,
                    "id",
                    head.raw.get("id"),
                    "ticket appears twice in the export (zendesk.load keeps the latest record "
                    "of a repeated ticket)",
                )
                continue
            mine: list[tuple[str, Any]] = []
            if lookup is not None:
                mine = [(f"audits({head.id})[{i}]", a) for i, a in enumerate(lookup(head.id))]
            elif groups is not None:
                found = yield from _group_of(groups, seen, head.id, order)
                if found is None:
                    return
                mine = found
            seen.add(head.id)
            yield from _joined(head, mine, opts, place)
        if groups is not None:
            yield from _group_of(groups, seen, None, order)
    yield from _unfinished(end)


def _unfinished(end: StreamEnd) -> Iterator[Incomplete]:
    """The warning of an export stopped before its end, once every page is read (its place
    is the page's path in the stream, ``pages[3]``: ``load`` names the file and line)."""
    for text in end.warnings():
        yield Incomplete(text)


def _group_of(
    groups: _Groups, seen: SeenIds | Container[str], tid: str | None, order: Order | None
) -> Generator[Item, None, list[tuple[str, Any]] | None]:
    """Yield the orphan groups before ``tid``'s group and return its audits (``[]``: none);
    ``tid=None``: every group left. ``None``: out of order (``order.broken`` is set)."""
    # Groups for tickets already read (or without an id) cannot belong to this one.
    while (nxt := groups.next_ticket()) is not None and (tid is None or nxt in seen or nxt == ""):
        if order is not None and nxt in seen:
            order.broken = True
            return None
        yield _orphans(groups.take(), seen, nxt)
    return groups.take() if tid is not None and groups.next_ticket() == tid else []


_NEVER = datetime.min.replace(tzinfo=UTC)


def _updated(head: _Head) -> datetime:
    """A ticket record's ``updated_at`` in UTC, to order its versions; a record without a
    readable one is older than any with one (its own errors are told when it is read).
    Read by ``iso_datetime``, as the record's reader reads it: a text with a character
    ``fromisoformat`` reads past is no newer version (as for Jira and Freshdesk)."""
    raw = head.raw.get("updated_at")
    try:
        at = iso_datetime(raw.strip()) if isinstance(raw, str) else None
    except ValueError:
        return _NEVER
    if at is None or at.utcoffset() is None:
        return _NEVER
    try:
        return at.astimezone(UTC)
    except OverflowError:  # an instant at the end of the calendar, shifted past it
        return _NEVER


def indexed_items(
    pages: Iterable[Any],
    audits: Iterable[Any],
    opts: _Options,
    place: Callable[[str], str] = _same,
) -> Iterator[Item]:
    """The join in memory, for ``load``: audits in any order, grouped by ticket id here, and
    a ticket that repeats (an incremental export run again, or a ticket updated while it was
    exported) read from its latest record (latest ``updated_at``, then last read), the others
    skipped as superseded. An audit read twice (overlapping audits files) is read once."""
    index: dict[str, list[tuple[str, Any]]] = {}
    for where, raw in _pathed(audits):
        if isinstance(raw, RecordError):  # a ticket event page that is no page
            yield raw
            continue
        tid = _ticket_of(raw)
        if tid == "":
            yield _orphans([(where, raw)], (), tid)
        else:
            index.setdefault(tid, []).append((where, raw))
    end = StreamEnd()
    heads = list(_tickets(pages, end))
    last: dict[str, tuple[datetime, int]] = {}
    for k, h in enumerate(heads):
        if not isinstance(h, RecordError):
            # The latest version: the latest updated_at, then the last read -- files given
            # out of order (a shell's glob sorts page10 before page2) never bring back an
            # older version of a ticket over a newer one.
            version = (_updated(h), k)
            last[h.id] = max(last.get(h.id, version), version)
    for k, head in enumerate(heads):
        if isinstance(head, RecordError):
            yield head
        elif last[head.id][1] != k:
            yield Skipped(head.id, "superseded by a later record of the ticket")
        else:
            yield from _joined(head, index.pop(head.id, []), opts, place)
    for tid, group in index.items():
        yield _orphans(group, (), tid)
    yield from _unfinished(end)


def histories(
    ticket_pages: Iterable[Mapping[str, Any]],
    audits: Audits = (),
    *,
    status_map: Mapping[str, str | Status] | None = None,
    agents: Iterable[int | str] | None = None,
    channel_map: Mapping[str, str] | None = None,
    on_error: OnError = "raise",
    priority_map: Mapping[str, str | Priority] | None = None,
    ticket_events: Iterable[Any] = (),
    ticket_metrics: Iterable[Any] = (),
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
    the ids of agents (see the module docs); ``channel_map`` extends ``CHANNELS``;
    ``priority_map`` maps custom priorities to ours. Each status change keeps Zendesk's own
    value (``hold``, a custom status id) as its ``label``.

    ``ticket_events`` are the pages of Zendesk's incremental ticket event export
    (``/incremental/ticket_events``, best with ``include=comment_events``), or its events
    one by one: each ticket event is read as the audit it is, beside ``audits`` or instead
    of them, in any order and overlapping (an event read twice is read once; an update given
    both as an audit and as a ticket event, one ``id``, is read once, from the audit). Updates
    of one second, audits and events alike, are applied in the order of their ids. They come
    in time order, not by ticket, so the pages and events are then joined in memory. Without
    the ``comment_events`` sideload a comment's author is unknown: a ticket with such a
    comment is a partial history lacking its replies (``lost_facts``).

    A ticket without audits (or ticket events) is a partial history; its Ticket Metrics
    record -- inside the ticket (``metric_set``, the incremental export's
    ``include=metric_sets``), beside it on its page (a ``metric_sets`` list), or given as
    ``ticket_metrics`` (records or pages of ``/api/v2/ticket_metrics``, read into memory as
    [`zendesk_ticket_metrics`][servicemodel.reconcile.zendesk_ticket_metrics] reads them: an
    empty page gives none, a page key that holds no list is the page's error) --
    says how often it was reopened (``reopens``: a count above 0 is the ticket attribute
    [`REOPENS_ATTRIBUTE`][servicemodel.model.REOPENS_ATTRIBUTE], 0 means it lacks no
    reopen) and when a solved or closed one was solved (``solved_at``, so its resolution is
    known). A ticket with audits ignores it: its audits place every reopen and solve.

    Once the stream is done, its ``warnings`` say whether the export was stopped before its
    end, as [`load`][servicemodel.io.zendesk.load]'s do: a page read says
    ``end_of_stream: false`` and no page read says ``true`` (a page saying neither says
    nothing, wherever it comes). The warning names the page by its place in the stream
    (``pages[3]``) and where to continue; it is no error, so the tickets stream as usual.

    Examples:
        >>> page = {"tickets": [{"id": 1, "created_at": "2026-03-02T09:00:00Z",
        ...                      "updated_at": "2026-03-02T10:00:00Z", "status": "escalated"}],
        ...         "end_of_stream": True}
        >>> list(histories([page]))
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: pages[0].tickets[0].status: ticket 1: status 'escalated': unknown status; expected one of [...
        >>> stream = histories([page], status_map={"escalated": "open"})
        >>> [h.ticket.id for h in stream], stream.warnings
        (['1'], ())
        >>> more = {**page, "end_of_stream": False, "after_cursor": "MTU4"}
        >>> stream = histories([more], status_map={"escalated": "open"})
        >>> [h.ticket.id for h in stream], stream.warnings
        (['1'], ("Zendesk incremental export stopped before its end: the last page read (pages[0]) has end_of_stream false; continue from after_cursor 'MTU4'",))
    """  # noqa: E501
    opts = options(status_map, agents, channel_map, priority_map)
    metrics = index(ticket_metrics)
    if metrics:
        opts = attrs.evolve(opts, metrics=metrics)
    if isinstance(ticket_events, str | bytes | Mapping) or not isinstance(ticket_events, Iterable):
        raise ConfigError(
            "expected a list of ticket event export pages or ticket events, got "
            f"{safe_repr(ticket_events)} ({type(ticket_events).__name__})",
            path="ticket_events",
        )
    events = iter(ticket_events)
    first = next(events, None)
    if first is None:
        return HistoryStream(join_items(ticket_pages, audits, opts), on_error=on_error)
    if callable(audits):
        raise ConfigError(
            "ticket events are joined in memory: give the audits as a list, not a function",
            path="ticket_events",
        )
    both = chain(audits, event_items(chain([first], events), "ticket_events"))
    return HistoryStream(indexed_items(ticket_pages, both, opts), on_error=on_error)


def options(
    status_map: Mapping[str, str | Status] | None = None,
    agents: Iterable[int | str] | None = None,
    channel_map: Mapping[str, str] | None = None,
    priority_map: Mapping[str, str | Priority] | None = None,
) -> _Options:
    """The reading options of ``histories``, checked (each error names the option).

    Examples:
        >>> options({"deleted": "open"})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: status_map.deleted: 'deleted' is Zendesk's mark of a deleted ticket (skipped) or a restored one (its status kept), no status to map
        >>> options(agents="42")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: agents: expected a list of agent ids, got '42' (str)
    """  # noqa: E501
    return _Options(
        _statuses(status_map),
        _agents(agents),
        {**CHANNELS, **_channels(channel_map)},
        read_priority_map(priority_map),
    )


def _table(value: Any, name: str) -> Mapping[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ConfigError(
            f"expected a table, got {safe_repr(value)} ({type(value).__name__})", path=name
        )
    return value


def _statuses(status_map: Any) -> dict[str, Status]:
    """``STATUSES`` with ``status_map``'s keys (a status name or a ``custom_status_id``)."""
    statuses = dict(STATUSES)
    for raw, ours in _table(status_map, "status_map").items():
        key = _key(raw)
        if not key:  # no name, or an empty one: never a status or an id
            raise ConfigError(
                f"expected a status name or a custom_status_id as a key, got {safe_repr(raw)}",
                path="status_map",
            )
        if key == _DELETED:  # never a status: see _history._DELETED
            raise ConfigError(
                f"{key!r} is Zendesk's mark of a deleted ticket (skipped) or a restored one "
                "(its status kept), no status to map",
                path=f"status_map.{key}",
            )
        statuses[key] = Status.parse(ours, f"status_map.{key}")
    return statuses


def _agents(agents: Any) -> frozenset[str] | None:
    if agents is None:
        return None
    if isinstance(agents, str | bytes | Mapping) or not isinstance(agents, Iterable):
        raise ConfigError(
            f"expected a list of agent ids, got {safe_repr(agents)} ({type(agents).__name__})",
            path="agents",
        )
    out = []
    for i, agent in enumerate(agents):
        key = _key(agent)
        if key is None:
            raise ConfigError(f"expected an agent id, got {safe_repr(agent)}",
                              path=f"agents[{i}]")  # fmt: skip
        out.append(key)
    return frozenset(out)


def _channels(channel_map: Any) -> dict[str, str]:
    table = _table(channel_map, "channel_map")
    for raw, ours in table.items():
        if not isinstance(raw, str) or not isinstance(ours, str) or not ours.strip():
            raise ConfigError(
                f"expected a via.channel name to a channel name, got {safe_repr(raw)}: "
                f"{safe_repr(ours)}",
                path="channel_map",
            )
    return dict(table)
