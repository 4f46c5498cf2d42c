"""Private: ``load(paths)``: Zendesk export files as histories, errors naming file and line."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import Any

import attrs

from servicemodel.errors import ConfigError, RecordError, ServiceModelError
from servicemodel.io._complete import StreamEnd
from servicemodel.io._files import Locator, as_paths, gather, json_records
from servicemodel.io._observed import Updates
from servicemodel.io._source import LoadResult
from servicemodel.io.eventlog._shared import HistoryStream, OnError
from servicemodel.io.zendesk._events import event_items, is_event
from servicemodel.io.zendesk._fields import read_id, read_instant
from servicemodel.io.zendesk._join import Order, indexed_items, join_items, options
from servicemodel.io.zendesk._metrics import by_ticket, metric_records
from servicemodel.model import Priority, Status, TicketHistory

__all__ = ["load"]

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def _kind(path: Path) -> str:
    """``pages``, ``audits`` or ``metrics``: what a file holds, from its first record.

    A broken line (not JSON) says nothing of what the file holds: the next one does, and the
    reading sets the broken one aside as its bad record (``on_error="collect"``) or stops at
    it, as every other loader does. A file of nothing but broken lines is read as audits are
    (it gives no record of any kind): each line is its bad record.
    """
    broken: RecordError | None = None
    for record in json_records(path, Locator("peek"), 0, unwrap="audits"):
        if isinstance(record, RecordError):
            broken = broken or record
            continue
        if isinstance(record, Mapping):
            if "tickets" in record:
                return "pages"
            if "ticket_metric_events" in record or "metric" in record:
                return "metrics"
            if _is_ticket_metrics(record):
                return "ticket_metrics"
            if isinstance(record.get("ticket_events"), list) or is_event(record):
                return "events"  # the incremental ticket event export: a page, or one event
            if "ticket_id" in record or _single_audit(record) is not None:
                return "audits"
            refused = _refused(record)
            if refused is not None:
                raise ConfigError(refused, source=str(path))
        raise ConfigError(
            "not a Zendesk export file: expected incremental export pages (a 'tickets' list), "
            "ticket audits (objects with a 'ticket_id'), incremental ticket event export "
            "pages (a 'ticket_events' list) or Ticket Metrics records (a 'ticket_metrics' "
            "list, a 'ticket_metric' object, or records with a 'ticket_id'), one per line or "
            "as one JSON value",
            source=str(path),
        )
    return "empty" if broken is None else "audits"


def _is_ticket_metrics(record: Mapping[str, Any]) -> bool:
    """A Ticket Metrics response (``{"ticket_metrics": [...]}``, ``{"ticket_metric": {...}}``)
    or one ticket's metric record (its ``ticket_id`` beside ``reopens``, ``replies`` or
    ``solved_at``; an audit has ``events`` instead)."""
    if isinstance(record.get("ticket_metrics"), list):
        return True
    if isinstance(record.get("ticket_metric"), Mapping):
        return True
    return (
        "ticket_id" in record
        and "events" not in record
        and not _METRIC_KEYS.isdisjoint(record.keys())
    )


#: Fields of a Ticket Metrics record that no audit has (Zendesk API reference, "Ticket
#: Metrics": https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metrics/).
_METRIC_KEYS = frozenset({"reopens", "replies", "solved_at", "reply_time_in_minutes"})


def metric_event_files(paths: Paths) -> tuple[Path, ...]:
    """The files among ``paths`` that hold ticket metric events, which ``load`` leaves out
    (they are [`reconcile`][servicemodel.reconcile]'s), so a caller can say so.

    Examples:
        >>> metric_event_files(["tests/data/zendesk/metric_events.json",
        ...                     "tests/data/zendesk/tickets_page1.json"])
        (PosixPath('tests/data/zendesk/metric_events.json'),)
    """
    return tuple(path for path in as_paths(paths) if _kind(path) == "metrics")


def ticket_metric_files(paths: Paths) -> tuple[tuple[Path, bool], ...]:
    """The files among ``paths`` that may hold Ticket Metrics records, each with whether it
    is a Ticket Metrics file (``True``) or export pages, whose tickets may carry their
    ``metric_set`` or whose pages list ``metric_sets`` (``False``).

    Examples:
        >>> [(p.name, own) for p, own in ticket_metric_files(
        ...     ["tests/data/zendesk/metric_sets/tickets.json",
        ...      "tests/data/zendesk/metric_sets/ticket_metrics.json"])]
        [('tickets.json', False), ('ticket_metrics.json', True)]
    """
    found = ((path, _kind(path)) for path in as_paths(paths))
    return tuple((path, kind == "ticket_metrics") for path, kind in found
                 if kind in ("pages", "ticket_metrics"))  # fmt: skip


#: API responses that are not export files, each with what to give instead. The shapes are
#: the ones recorded from Zendesk in public clients' test cassettes: zendesk/zendesk_api_client_rb
#: (``spec/fixtures/cassettes/ZendeskAPI_SatisfactionRating/...``, ``.../incremental_export.json``
#: and ``ZendeskAPI_Ticket/update.json``) and facetoe/zenpy (``tests/test_api/betamax/``).
_RESPONSES = (
    ("satisfaction_ratings", "a satisfaction ratings API response: ratings are read from the "
     "tickets' audits (their SatisfactionRating events); give the audits instead"),
    ("satisfaction_rating", "a satisfaction rating API response: ratings are read from the "
     "tickets' audits (their SatisfactionRating events); give the audits instead"),
    ("field_headers", "Zendesk's legacy incremental export (/api/v2/exports/tickets, "
     "'results' rows): export the tickets with /api/v2/incremental/tickets/cursor instead"),
    ("ticket", "a single-ticket API response ({'ticket': {...}}): export the tickets with "
     "/api/v2/incremental/tickets/cursor, or wrap the tickets as {'tickets': [...]}"),
    # Recorded in nukosuke/go-zendesk's fixture/GET (ticket_comments.json, search_ticket.json).
    ("comments", "a ticket comments API response (/tickets/{id}/comments): comments do not "
     "name their ticket; give the ticket's audits (/tickets/{id}/audits), whose Comment "
     "events carry it"),
    ("results", "a search API response ({'results': [...]}): export the tickets with "
     "/api/v2/incremental/tickets/cursor instead"),
)  # fmt: skip


def _refused(record: Mapping[str, Any]) -> str | None:
    """Why a first record that is a known Zendesk response but no export file is refused."""
    if isinstance(record.get("audits"), list):
        return (
            "an audits API response ({'audits': [...]}) on a line of JSON Lines: save "
            "each response as its own .json file, or write one audit per line"
        )
    if {"status", "created_at"} <= record.keys() and (
        isinstance(record.get("comments"), list) or "/api/v2/tickets/" in str(record.get("url"))
    ):  # a ticket object on its own line: the admin JSON export
        return _JSON_EXPORT
    for key, why in _RESPONSES:
        if key in record:
            return why
    return None


#: The line of Zendesk's JSON data export (Admin Center > Account > Tools > Reports > Export
#: > JSON): one ticket object per line, its "url" an /api/v2/tickets/ address, as public
#: readers of it read it (fbarneda/zendesk, zendesk_JSON_export_validator.py, tells the export
#: by that url; scottdotjs/zendesk-flatfile, lib/Zendesk.pm and resources/ticket.tt, splits it
#: on newlines and reads each ticket's "comments" -- author_id, public, created_at,
#: plain_body, attachments -- and its requester, submitter and assignee as inline user
#: objects). Its tickets carry their comments but no audits: no status change, so no solve
#: instant, and no assignment or rating history. Read, it would give replies and nothing to
#: time a resolution by; the CSV export has the solve instant ("Solved at").
_JSON_EXPORT = (
    "Zendesk's JSON data export (one ticket object per line): it is not read -- its "
    "tickets carry their comments but no audits, so no status change and no solve instant "
    "to time a resolution by; read the CSV export with "
    "--source summary --map examples/mappings/zendesk-csv.toml, or export the tickets with "
    "/api/v2/incremental/tickets/cursor and give their audits"
)


def _single_audit(record: Any) -> Mapping[str, Any] | None:
    """The audit of a single-audit response (``{"audit": {...}}``, as ``GET
    /tickets/{id}/audits/{audit_id}`` returns it; recorded in justeat/ZendeskApiClient's
    ``test/ZendeskApi.Client.Tests/Converters/ticketAuditSingleResult.json``), else ``None``."""
    if isinstance(record, Mapping) and "ticket" not in record and "ticket_id" not in record:
        audit = record.get("audit")
        if isinstance(audit, Mapping):
            return audit
    return None


def _chain(files: list[Path], locator: Locator, unwrap: str | None = None) -> Iterator[Any]:
    index = 0
    for path in files:
        for record in json_records(path, locator, index, unwrap):
            index += 1
            if unwrap == "audits":
                record = _single_audit(record) or record
            yield record


def load(
    paths: Paths,
    *,
    on_error: OnError = "raise",
    status_map: Mapping[str, str | Status] | None = None,
    priority_map: Mapping[str, str | Priority] | None = None,
    progress: Callable[[TicketHistory], None] | None = None,
    agents: Iterable[int | str] | None = None,
    channel_map: Mapping[str, str] | None = None,
) -> LoadResult:
    """Load Zendesk export files: incremental export pages, and ticket audits or ticket events.

    Each file is ``.json`` (one page, a list of pages, an audits response
    ``{"audits": [...]}``, whether paged by offset or by cursor, or a single-audit response
    ``{"audit": {...}}``) or JSON Lines (one page or one audit per line; an audits response on
    a line is refused, naming the file); what a file holds is read from its first record.
    Pages of the incremental ticket event export (``{"ticket_events": [...]}``, or one event
    a line) are read as the tickets' audits, beside or instead of them (see
    [`histories`][servicemodel.io.zendesk.histories]'s ``ticket_events``); they are joined
    by ticket id in memory. A
    satisfaction ratings, single-ticket or legacy ``/exports/tickets`` response is refused
    with a ``ConfigError`` naming what to give instead. Pages are read in the order the files
    are given. Audits may come in any order: grouped by ticket in the pages' order (as
    [`histories`][servicemodel.io.zendesk.histories] streams them, one ticket at a time), or
    not -- one file per ticket in any order, say -- and then they are joined by ticket id in
    memory. A ticket that appears again (two incremental runs read together, or a ticket
    updated while it was exported) is read from its last record; the earlier ones are in
    ``skipped`` as superseded. ``agents`` and ``channel_map`` are
    [`histories`][servicemodel.io.zendesk.histories]'s options. Ticket Metrics files
    (``/ticket_metrics`` responses, ``{"ticket_metric": {...}}`` responses or one record or
    page a line) are read as ``histories``' ``ticket_metrics``: for tickets without audits, their
    reopens and solve. Ticket metric event files are
    recognised and left to [`reconcile`][servicemodel.reconcile]. Errors name the file, line
    and field; deleted and merged tickets are in ``skipped``. ``observed_until`` is the latest
    readable ``updated_at`` of the loaded tickets (see
    [`LoadResult`][servicemodel.io.LoadResult]). ``shared_replies`` are the ids of the
    public comments that came from another account through ticket sharing (their ``via``,
    else their audit's, has the channel ``ticket_sharing``, via id 31): pass them to
    [`zendesk_ticket_metrics`][servicemodel.reconcile.zendesk_ticket_metrics], as
    ``servicemodel report`` does.

    Examples:
        >>> from pathlib import Path
        >>> data = Path("tests/data/zendesk")
        >>> r = load([data / "tickets_page1.json", data / "tickets_page2.json",
        ...           data / "audits.jsonl"], status_map={"9002": "pending"}, on_error="collect")
        >>> len(r.histories) > 0, sorted({s.reason for s in r.skipped})
        (True, ['deleted', 'merged'])
    """
    files = as_paths(paths)
    kinds = {path: _kind(path) for path in files}
    # The ids of public comments via ticket sharing, collected as the audits are read.
    opts = attrs.evolve(options(status_map, agents, channel_map, priority_map), shared={})
    ticks = _Ticks(progress)
    metric_files = [p for p in files if kinds[p] == "ticket_metrics"]
    metrics = Locator("ticket_metrics")
    bad_metrics: list[RecordError] = []
    if metric_files:
        found, bad_metrics = _metric_sets(metric_files, metrics)
        if bad_metrics and on_error == "raise":
            raise bad_metrics[0]
        opts = attrs.evolve(opts, metrics=found)

    def join(order: Order | None) -> LoadResult:
        pages, audits = Locator("pages"), Locator("audits")
        events = Locator("ticket_events")
        updates, last = Updates(), StreamEnd()
        page_items = _noted(_chain([p for p in files if kinds[p] == "pages"], pages), updates,
                            last)  # fmt: skip
        audit_items: Iterable[Any] = _chain(
            [p for p in files if kinds[p] == "audits"], audits, "audits"
        )
        event_files = [p for p in files if kinds[p] == "events"]
        if event_files:
            audit_items = chain(audit_items, event_items(_chain(event_files, events),
                                                         "ticket_events"))  # fmt: skip
        place = _placer([audits, events])
        if order is None:
            items = indexed_items(page_items, audit_items, opts, place)
        else:
            items = join_items(page_items, audit_items, opts, order, place)
        located = [pages, audits, events, metrics]
        result = gather(HistoryStream(items, on_error=on_error), located, ticks)
        return attrs.evolve(
            result,
            observed_until=updates.until(result.histories),
            errors=(*bad_metrics, *result.errors),
            warnings=last.warnings(_placer([pages])),
            shared_replies=tuple(opts.shared or ()),
        )

    if "events" in kinds.values():  # in time order, not by ticket: joined by id at once
        return join(None)
    # First the streaming join (one ticket's audits in memory at a time); if the audits are
    # out of the pages' order or a ticket repeats, it stops, and the join runs again by id.
    order = Order()
    result = join(order)
    if not order.broken:
        return result
    return join(None)


def _metric_sets(
    files: list[Path], locator: Locator
) -> tuple[dict[str, tuple[str, Any]], list[RecordError]]:
    """The Ticket Metrics records of ``files`` by ticket id, and the errors (file and line
    named) of the records that cannot be read or name no ticket."""
    read: list[Any] = []
    bad: list[RecordError] = []
    for record in _chain(files, locator, "ticket_metrics"):
        if isinstance(record, RecordError):
            bad.append(record)
            read.append(None)  # (keeps the records' numbering)
        else:
            read.append(record)
    found, errors = by_ticket(
        got for got in metric_records(read) if isinstance(got, RecordError) or got[1] is not None
    )
    order = {str(path): k for k, path in enumerate(files)}
    located = [*bad, *(locator.locate(e) for e in errors)]
    return found, sorted(located, key=lambda e: (order.get(e.source or "", -1), e.line or 0))


def _noted(pages: Iterable[Any], updates: Updates, last: StreamEnd) -> Iterator[Any]:
    """The pages as read, each ticket's ``updated_at`` noted on the way (an unreadable one,
    or a ticket without a usable id, is not: the reader tells its error when it reads it),
    and the last page kept (``end_of_stream``)."""
    for k, page in enumerate(pages):
        last.note(f"pages[{k}]", page)
        tickets = page.get("tickets") if isinstance(page, Mapping) else None
        for raw in tickets if isinstance(tickets, list) else ():
            if isinstance(raw, Mapping):
                updates.note(
                    _quiet(read_id, raw.get("id")), _quiet(read_instant, raw.get("updated_at"))
                )
        yield page


def _quiet(read: Callable[[Any, str, None, str], Any], value: Any) -> Any:
    """``read(value)`` as the reader reads the field, or ``None`` where it fails."""
    if value is None:
        return None
    try:
        return read(value, "", None, "")
    except ServiceModelError:
        return None


def _placer(locators: list[Locator]) -> Callable[[str], str]:
    """A stream path (``audits[3]``) as the file and line it was read from, for a message
    that names a second place beside the error's own."""

    def place(path: str) -> str:
        for locator in locators:
            found = locator.locate(RecordError("", path=path))
            if found.path != path or found.source is not None:
                return str(found).rstrip(": ")
        return path

    return place


class _Ticks:
    """``progress``, told each ticket once even when the join runs twice.

    The second join reads the tickets in another order (by id, not as the audits came), so
    the ones already told are known by id, not by how many there were.
    """

    def __init__(self, progress: Callable[[TicketHistory], None] | None) -> None:
        self.progress = progress
        self.told: set[str] = set()

    def __call__(self, history: TicketHistory) -> None:
        if self.progress is not None and history.id not in self.told:
            self.told.add(history.id)
            self.progress(history)
