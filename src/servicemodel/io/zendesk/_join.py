"""Private: joining export pages with audits, one ticket at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from servicemodel.errors import RecordError
from servicemodel.io._seen import SeenIds
from servicemodel.io._vocab import read_priority_map
from servicemodel.io.eventlog import HistoryStream
from servicemodel.io.eventlog._stream import Item, OnError
from servicemodel.io.zendesk._fields import (
    CHANNELS,
    STATUSES,
    _fail,
    _Head,
    _head,
    _Options,
)
from servicemodel.io.zendesk._history import _checked
from servicemodel.model import Priority, Status

__all__ = ["histories"]

Audits = Iterable[Mapping[str, Any]] | Callable[[str], Iterable[Mapping[str, Any]]]


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


def _orphans(group: list[tuple[str, Any]], seen: SeenIds, tid: str) -> RecordError:
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
    with SeenIds() as seen:
        for head in _tickets(pages):
            if isinstance(head, RecordError):
                yield head
                continue
            if head.id in seen:
                yield _fail(
                    head.path,
                    head.id,
                    "id",
                    head.raw.get("id"),
                    "ticket appears twice in the export",
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
    priority_map: Mapping[str, str | Priority] | None = None,
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
        statuses[str(raw)] = Status.parse(ours, f"status_map.{raw}")
    opts = _Options(
        statuses,
        None if agents is None else frozenset(str(a) for a in agents),
        {**CHANNELS, **(channel_map or {})},
        read_priority_map(priority_map),
    )
    return HistoryStream(_items(ticket_pages, audits, opts), on_error=on_error)
