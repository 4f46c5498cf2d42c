"""Private: joining ticket pages with conversations and ratings; reading files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError, RecordError
from servicemodel.io._columns import undecodable
from servicemodel.io._complete import FilterTotals, filter_shortfall
from servicemodel.io._files import as_paths
from servicemodel.io._frame_input import check_options
from servicemodel.io._observed import Updates
from servicemodel.io._repeats import once
from servicemodel.io._seen import SeenIds
from servicemodel.io._unreadable import READ_ERRORS, as_record_error, cannot_read, json_error_text
from servicemodel.io.eventlog._shared import HistoryStream, Incomplete, Item, OnError, Skipped
from servicemodel.io.freshdesk._fields import Options, fail, options
from servicemodel.io.freshdesk._history import Records, history
from servicemodel.io.summary import ExportLoad
from servicemodel.model import Priority, Status, TicketHistory

__all__ = ["histories", "load"]

Lookup = Callable[[str], Iterable[Mapping[str, Any]]]
Related = Iterable[Any] | Lookup


def _tickets(pages: Iterable[Any], totals: FilterTotals | None = None) -> Iterator[tuple[str, Any]]:
    """Each ticket with its path: a page is a JSON array or a page of the filter API
    (``{"results": [...], "total": N}``, noted in ``totals`` as read), or an item is one
    ticket."""
    if isinstance(pages, Mapping | str | bytes) or not isinstance(pages, Iterable):
        raise InputTypeError(f"tickets: expected pages (lists) or tickets, got {safe_repr(pages)}")
    for p, page in enumerate(pages):
        if isinstance(page, list):
            for i, rec in enumerate(page):
                yield f"pages[{p}][{i}]", rec
        elif _is_results(page):
            if totals is not None:
                totals.add(f"tickets[{p}]", page)
            for i, rec in enumerate(page["results"]):
                yield f"tickets[{p}].results[{i}]", rec
        else:
            yield f"tickets[{p}]", page


def _is_results(page: Any) -> bool:
    """A page of ``GET /api/v2/search/tickets`` (filter tickets), which wraps its tickets in
    ``results`` (https://developers.freshdesk.com/api/#filter_tickets); a ticket has no such
    field."""
    return isinstance(page, Mapping) and isinstance(page.get("results"), list) and "id" not in page


class _Buffer:
    """Conversations (or ratings) grouped by ticket id: read whole, so any order will do.

    ``records`` are records or per-ticket arrays, or a mapping from a ticket id to its
    array (``{tid: get(f"/tickets/{tid}/conversations")}``), as ``jira.histories`` takes
    its ``comments=``: a record there belongs to its key's ticket, and one whose own
    ``ticket_id`` names another ticket is an error."""

    def __init__(self, name: str, records: Iterable[Any]) -> None:
        self.name = name
        self.by_ticket: dict[str, list[tuple[str, Any]]] = {}
        self.errors: list[RecordError] = []
        if isinstance(records, Mapping):
            for tid, item in records.items():
                where, owner = f"{name}[{safe_repr(tid)}]", _id_text(tid)
                if owner is None:
                    why = f"expected a ticket id as the key of its {name}"
                    self.errors.append(fail(where, None, "key", tid, why))
                elif isinstance(item, list):
                    for j, rec in enumerate(item):
                        self._add(f"{where}[{j}]", rec, owner)
                else:
                    self._add(where, item, owner)
            return
        for k, item in enumerate(records):
            if isinstance(item, list):
                for j, rec in enumerate(item):
                    self._add(f"{name}[{k}][{j}]", rec)
            else:
                self._add(f"{name}[{k}]", item)

    def _add(self, path: str, rec: Any, given: str | None = None) -> None:
        owner = rec.get("ticket_id") if isinstance(rec, Mapping) else None
        key = _id_text(owner)
        if given is not None and isinstance(rec, Mapping):
            if owner is None:
                key = given
            elif key != given:
                why = f"the {self.name[:-1]} is given under ticket {given} but names another"
                self.errors.append(fail(f"{path}.ticket_id", given, "ticket_id", owner, why))
                return
        if key is None:
            is_map = isinstance(rec, Mapping)
            why = f"a {self.name[:-1]} needs the id of its ticket"
            value = owner if is_map else rec
            self.errors.append(
                fail(f"{path}.ticket_id", None, "ticket_id" if is_map else "record", value, why)
            )
            return
        self.by_ticket.setdefault(key, []).append((path, rec))

    def take(self, tid: str) -> list[tuple[str, Any]]:
        return self.by_ticket.pop(tid, [])

    def orphans(self) -> Iterator[RecordError]:
        for tid, recs in sorted(self.by_ticket.items()):
            path = recs[0][0]
            # A record read twice is one record, also one without a usable id (a file given
            # twice): count the distinct ones (an orphan group is small).
            distinct: list[Any] = []
            for _, rec in once(recs, "", tid, fail)[0]:
                if rec not in distinct:
                    distinct.append(rec)
            n = len(distinct)
            why = f"{n} {self.name[:-1]}(s) for a ticket that never appears in the export"
            yield fail(f"{path}.ticket_id", tid, "ticket_id", tid, why)


def _related(name: str, source: Related | None) -> tuple[Lookup | None, _Buffer | None]:
    if source is None:
        return None, None
    if callable(source):
        return source, None
    return None, _Buffer(name, source)


def _mine(lookup: Lookup | None, buffer: _Buffer | None, name: str, tid: str) -> Records:
    if lookup is not None:
        return [(f"{name}({tid})[{i}]", c) for i, c in enumerate(lookup(tid))]
    return buffer.take(tid) if buffer is not None else []


_NEVER = datetime.min.replace(tzinfo=UTC)


def _utc(rec: Any, opts: Options) -> datetime | None:
    """A record's ``updated_at`` in UTC, read as the tickets' times are, or ``None``."""
    raw = rec.get("updated_at") if isinstance(rec, Mapping) else None
    if raw is None:
        return None
    try:
        return opts.instant(raw, "updated_at", None, "updated_at").astimezone(UTC)
    except (RecordError, OverflowError):  # unreadable: its own error is told where it is read
        return None


def _latest(found: list[tuple[str, Any]], opts: Options) -> dict[str, int]:
    """Each repeated ticket id's latest record (its index in ``found``): the latest
    ``updated_at`` in UTC (an unreadable one is older than any readable one), then the last
    read -- so files given in any order keep the same version."""
    last: dict[str, tuple[datetime, int]] = {}
    for k, (_, rec) in enumerate(found):
        tid = _tid(rec)
        if tid is not None:
            version = (_utc(rec, opts) or _NEVER, k)
            last[tid] = max(last.get(tid, version), version)
    return {tid: k for tid, (_, k) in last.items()}


def _tid(rec: Any) -> str | None:
    """A ticket record's usable id, or ``None`` (then its reader says what is wrong)."""
    return _id_text(rec.get("id") if isinstance(rec, Mapping) else None)


def _id_text(value: Any) -> str | None:
    """An id as the reader reads it (``ident``: an int or a stripped non-empty text), or
    ``None``; an int too long to print (given from Python) is ``None`` too."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        text = str(value).strip()
    except ValueError:  # past the int-to-text digit limit: its reader says so
        return None
    return text or None


def _same(path: str) -> str:
    return path


class _Children:
    """A ticket's conversations and ratings, from ``conversations=``/``ratings=`` or the
    ticket's own ``conversations``, each record once (see ``_repeats.once``)."""

    def __init__(self, conversations: Related | None, ratings: Related | None,
                 opts: Options, place: Callable[[str], str]) -> None:  # fmt: skip
        self.given = conversations is not None
        self.conv_fn, self.convs = _related("conversations", conversations)
        self.rate_fn, self.rates = _related("ratings", ratings)
        self.opts, self.place = opts, place

    def buffers(self) -> tuple[_Buffer, ...]:
        return tuple(b for b in (self.convs, self.rates) if b is not None)

    def of(self, path: str, rec: Mapping[str, Any], tid: str) -> tuple[Records | None, Records]:
        mine: Records | None = None
        if self.given:
            mine = _mine(self.conv_fn, self.convs, "conversations", tid)
        elif isinstance(rec.get("conversations"), list):  # include=conversations
            mine = [(f"{path}.conversations[{j}]", c) for j, c in enumerate(rec["conversations"])]
        return mine, _mine(self.rate_fn, self.rates, "ratings", tid)

    def newer(self, rec: Any) -> datetime | None:
        return _utc(rec, self.opts)

    def once(self, records: Records, what: str, tid: str) -> tuple[Records, list[RecordError]]:
        return once(records, what, tid, fail, newer=self.newer, place=self.place)


def _items(
    tickets: Iterable[Any],
    conversations: Related | None,
    ratings: Related | None,
    opts: Options,
    *,
    latest: bool = False,
    place: Callable[[str], str] = _same,
) -> Iterator[Item]:
    """The join. ``latest`` (``load``): a repeated ticket is read from its latest record,
    the others skipped as superseded; else a repeat is an error."""
    children = _Children(conversations, ratings, opts, place)
    for buf in children.buffers():
        yield from buf.errors
    totals = FilterTotals()
    found: Iterable[tuple[str, Any]] = _tickets(tickets, totals)
    keep = None
    if latest:
        found = list(found)
        keep = _latest(found, opts)
    with SeenIds() as seen:
        for k, (path, rec) in enumerate(found):
            if not isinstance(rec, Mapping):
                yield fail(path, None, "ticket", rec, "expected a ticket as a JSON object")
            elif keep is not None and keep.get(_tid(rec) or "", k) != k:
                yield Skipped(_tid(rec) or "", "superseded by a later record of the ticket")
            else:
                yield from _one(path, rec, children, seen)
    for buf in children.buffers():
        yield from buf.orphans()
    # Once every page is read: a filter query short of its total (its pages named by their
    # place in the stream, ``tickets[3]``; ``load`` names the file).
    for text in totals.warnings():
        yield Incomplete(text)


def _one(path: str, rec: Mapping[str, Any], children: _Children, seen: SeenIds) -> Iterator[Item]:
    tid = _tid(rec)
    if tid is None:  # no usable id, so no children and no repeat: its reader names the id
        yield history(rec, path, None, [], children.opts)
        return
    mine, rated = children.of(path, rec, tid)
    if tid in seen:
        why = "ticket appears twice in the export (freshdesk.load keeps the latest record of a "
        yield fail(f"{path}.id", tid, "id", rec.get("id"), why + "repeated ticket)")
        return
    seen.add(tid)
    if mine is not None:
        mine, errors = children.once(mine, "conversation", tid)
        yield from errors
    rated, errors = children.once(rated, "rating", tid)
    yield from errors
    yield history(rec, path, mine, rated, children.opts)


def histories(
    tickets: Iterable[Any],
    conversations: Related | None = None,
    *,
    ratings: Related | None = None,
    agents: Iterable[int | str] | None = None,
    status_map: Mapping[Any, str | Status | tuple[str, str]] | None = None,
    priority_map: Mapping[Any, str | Priority] | None = None,
    channel_map: Mapping[Any, str] | None = None,
    tz: str | tzinfo | None = None,
    ticket_fields: Any = None,
    on_error: OnError = "raise",
) -> HistoryStream:
    """Stream one [`TicketHistory`][servicemodel.model.TicketHistory] per Freshdesk ticket.

    ``tickets`` are pages of ``GET /api/v2/tickets`` (JSON arrays, best with
    ``include=stats``), pages of the filter API (``{"results": [...]}``) or single tickets
    (``GET /api/v2/tickets/{id}``). ``conversations`` are
    the tickets' conversations: per-ticket arrays (``/tickets/{id}/conversations``) or flat
    records, each with its ``ticket_id``, in any order (they are held in memory, grouped by
    ticket), a mapping from a ticket id to its array, or a function from a ticket id to its
    conversations (flat memory). Without them,
    a ticket's embedded ``conversations`` (``include=conversations``) are used, else only
    ``stats.first_responded_at``. ``ratings`` are satisfaction ratings
    (``/surveys/satisfaction_ratings``), given the same ways.

    ``status_map`` maps an account's own status ids (6 and up) to ours, as a status name or a
    ``(status, label)`` pair; ``priority_map`` and ``channel_map`` (source codes) extend the
    built-in codes. ``ticket_fields`` is the account's ticket fields
    (``GET /api/v2/admin/ticket_fields``, or the older ``GET /api/v2/ticket_fields``; the list,
    or the status field alone): each of the account's own statuses gets its agent label as
    its changes' label (a policy pauses on ``"label:NAME"``), and, unless ``status_map``
    names it, a category from ``stop_sla_timer``: ``pending`` where the SLA timer stops, as
    in Freshdesk's Pending, else ``open``. The older endpoint gives no ``stop_sla_timer``: its
    statuses get their labels only. ``agents`` are the ids of agents (else ``incoming``
    decides who wrote).
    ``tz`` reads timestamps written without an offset. Deleted and spam tickets are skipped
    (``stream.skipped``); every error names the record's path, ticket, field and value.

    Once the stream is done, its ``warnings`` say which filter queries were read short, as
    [`load`][servicemodel.io.freshdesk.load]'s do: the distinct tickets of the filter pages
    stating one ``total`` are fewer than it. The warning names the pages by their place in
    the stream (``tickets[3]``); it is no error, so the tickets stream as usual. Only the
    ids of queries still short are held, never more than their totals. Plain ticket pages
    carry no total and are never compared.

    Examples:
        >>> page = [{"id": 1, "created_at": "2026-03-02T09:00:00Z", "status": 6,
        ...          "updated_at": "2026-03-02T10:00:00Z", "source": 1}]
        >>> list(histories([page]))
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: pages[0][0].status: ticket 1: status 6: unknown status; known: ...
        >>> [h.status_at(h.last_event_at).value for h in histories([page], status_map={6: "on_hold"})]
        ['on_hold']
        >>> fields = [{"type": "default_status", "choices": [
        ...     {"id": 6, "value": "Waiting on Customer", "stop_sla_timer": True}]}]
        >>> [(e.status.value, e.label) for h in histories([page], ticket_fields=fields)
        ...  for e in h.events if e.id == "1.status"]
        [('pending', 'Waiting on Customer')]
        >>> short = {"results": page, "total": 40}  # a filter API page of a 40-ticket query
        >>> stream = histories([short], status_map={6: "on_hold"})
        >>> len(list(stream)), stream.warnings[0][:79]
        (1, 'Freshdesk filter query (total 40, 1 page: tickets[0]): 1 of its 40 tickets read')
    """  # noqa: E501
    opts = options(status_map, priority_map, channel_map, agents, tz, ticket_fields)
    return HistoryStream(_items(tickets, conversations, ratings, opts), on_error=on_error)


# -- files ------------------------------------------------------------------------------------


def _kind(rec: Any) -> str:
    """Which endpoint a record came from, by its fields (see ``load``)."""
    if _is_ticket_field(rec):
        return "fields"
    if isinstance(rec, Mapping) and "ticket_id" in rec:
        if "ratings" in rec:
            return "ratings"
        return "conversations"
    return "tickets"


def _is_ticket_field(rec: Any) -> bool:
    """A ticket field of ``/api/v2/admin/ticket_fields`` or ``/api/v2/ticket_fields``: it has
    a ``label`` and ``choices`` or ``required_for_agents``, which no ticket, conversation or
    rating has."""
    return (
        isinstance(rec, Mapping)
        and "label" in rec
        and ("choices" in rec or "required_for_agents" in rec)
        and "ticket_id" not in rec
    )


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise cannot_read(path, exc) from None
    except UnicodeDecodeError as exc:  # JSON is UTF-8 by its standard: say which line is not
        raise undecodable(path, "utf-8", exc, choosable=False) from None
    except ValueError:  # a NUL byte in the name: open() says only "embedded null byte"
        # (after UnicodeDecodeError, which is a ValueError too)
        raise ConfigError(
            f"not a usable file name: {safe_repr(str(path))} contains a NUL byte"
        ) from None


def _records(path: Path) -> Iterator[tuple[str, int | None, Any]]:
    """Each record of a file with its path inside the file and its line (JSON Lines)."""
    text = _text(path)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        # Split at line ends only (read_text made every one \n): str.splitlines also splits at
        # U+2028, a form feed, ..., which a JSON string written with ensure_ascii=False holds.
        for n, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                try:
                    yield "", n, json.loads(line)
                except json.JSONDecodeError as exc:
                    yield "", n, RecordError(json_error_text(exc), line=n, source=str(path))
                except READ_ERRORS as exc:  # too deep, too many digits: this line's fault
                    err = as_record_error(exc, n)
                    yield "", n, RecordError(err.message, line=n, source=str(path))
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield "", None, RecordError(json_error_text(exc), line=exc.lineno, source=str(path))
        return
    except READ_ERRORS as exc:  # nested too deeply, an integer over Python's digit limit
        yield "", None, RecordError(as_record_error(exc, 1).message, source=str(path))
        return
    yield from _whole(data, str(path))


def _whole(data: Any, source: str) -> Iterator[tuple[str, int | None, Any]]:
    """The records of a whole JSON file: an array's items, an object from ticket ids to
    arrays (as a loop over tickets saves their conversations), or one record. Under a ticket
    id, a record whose ``ticket_id`` names another ticket is an error naming both (as
    ``histories`` reads such a mapping), not a record of the other ticket."""
    if _by_ticket(data):
        for key, recs in data.items():
            given = _id_text(key)
            for j, rec in enumerate(recs):
                at = f"[{safe_repr(key)}][{j}]"
                owner = rec.get("ticket_id") if isinstance(rec, Mapping) else None
                if given is not None and owner is not None and _id_text(owner) != given:
                    why = f"the {_kind(rec)[:-1]} is given under ticket {given} but names another"
                    err = fail(f"{at}.ticket_id", given, "ticket_id", owner, why)
                    yield at, None, RecordError(err.message, path=err.path, source=source)
                    continue
                yield at, None, rec
        return
    for i, rec in enumerate(data if isinstance(data, list) else [data]):
        yield f"[{i}]", None, rec


def _by_ticket(data: Any) -> bool:
    """A JSON object from ticket ids to arrays (conversations or ratings by ticket): no
    ticket (it has an ``id``) and no filter page (``results``) is one."""
    return (
        isinstance(data, dict)
        and bool(data)
        and "id" not in data
        and "results" not in data
        and all(isinstance(v, list) for v in data.values())
    )


def load(
    paths: str | Path | Iterable[str | Path], *, on_error: OnError = "raise", **options: Any
) -> ExportLoad:
    """Load Freshdesk API responses saved as files (JSON arrays or JSON Lines) into histories.

    Files hold ticket pages, conversation arrays and satisfaction ratings in any mix and
    order (or a JSON object from ticket ids to their conversations); each record is told
    apart by its fields: one with ``ticket_id`` and ``ratings`` is a rating, one with
    ``ticket_id`` otherwise a conversation, one with a ``label`` and ``choices`` (or
    ``required_for_agents``) a ticket field (a saved ``/api/v2/admin/ticket_fields``
    response, read as ``ticket_fields=`` unless that is given), any other a ticket. Takes the
    options of
    [`histories`][servicemodel.io.freshdesk.histories]; every error names its file and the
    record's path (``[3].status``) or line.

    Overlapping exports may be read together (yesterday's and today's run, or pages that
    shifted while they were fetched): a ticket that appears again is read from its latest
    record (latest ``updated_at``, then the last read, whatever the files' order), the
    others are in ``skipped`` as superseded; a conversation or rating read twice is read
    once (the later ``updated_at`` where two copies differ; an error naming both places
    where that cannot tell them apart). ``observed_until`` is the latest readable
    ``updated_at`` of the loaded tickets (see [`LoadResult`][servicemodel.io.LoadResult]).

    Examples:
        >>> import glob
        >>> r = load(sorted(glob.glob("tests/data/freshdesk/*.json")), status_map={6: "on_hold"},
        ...          on_error="collect")
        >>> len(r) > 0, sorted({s.reason for s in r.skipped})
        (True, ['deleted', 'spam'])
    """
    if not isinstance(on_error, str) or on_error not in ("raise", "collect"):
        raise ConfigError(f"on_error must be 'raise' or 'collect', got {safe_repr(on_error)}")
    # A misspelt option named the private _loading in a TypeError, after every file was read.
    check_options(options, _LOAD_OPTIONS, "freshdesk.load")
    # as_paths names a value that is no path; an empty list stays an empty load.
    files = [] if isinstance(paths, list | tuple) and not paths else as_paths(paths)
    parts: dict[str, list[Any]] = {"tickets": [], "conversations": [], "ratings": [],
                                   "fields": []}  # fmt: skip
    where: dict[tuple[str, int], tuple[str, int | None, str]] = {}
    bad: list[RecordError] = []
    for f in files:
        for inner, line, rec in _records(f):
            if isinstance(rec, RecordError):
                bad.append(rec)
                continue
            kind = _kind(rec)
            where[kind, len(parts[kind])] = (str(f), line, inner)
            parts[kind].append(rec)

    def place(path: str) -> str:
        return str(_located(RecordError("", path=path), where)).rstrip(": ")

    if parts["fields"] and options.get("ticket_fields") is None:
        options["ticket_fields"] = parts["fields"]
        try:
            stream = _loading(parts, place, **options)
        except ConfigError as exc:  # a field of a file: name the file and the record in it
            raise _field_error(exc, where) from None
    else:
        stream = _loading(parts, place, **options)
    found = tuple(stream)
    errors = bad + [_located(e, where) for e in stream.errors]
    if errors and on_error == "raise":
        raise errors[0]
    observed = _observed(parts["tickets"], found, options.get("tz"))
    pages = [(place(f"tickets[{k}]"), page) for k, page in enumerate(parts["tickets"])]
    short = filter_shortfall(page for page in pages if _is_results(page[1]))
    return ExportLoad(found, tuple(errors), skipped=stream.skipped, observed_until=observed,
                      warnings=short)  # fmt: skip


def _observed(
    tickets: list[Any], found: Iterable[TicketHistory], tz: str | tzinfo | None
) -> datetime | None:
    """The latest readable ``updated_at`` of the tickets that loaded (``LoadResult``'s
    ``observed_until``), read as the tickets' times are (``tz``)."""
    opts, updates = options(None, None, None, None, tz), Updates()
    for rec in tickets:
        updates.note(_tid(rec), _utc(rec, opts))
    return updates.until(found)


def _loading(
    parts: Mapping[str, list[Any]],
    place: Callable[[str], str],
    *,
    agents: Iterable[int | str] | None = None,
    status_map: Mapping[Any, str | Status | tuple[str, str]] | None = None,
    priority_map: Mapping[Any, str | Priority] | None = None,
    channel_map: Mapping[Any, str] | None = None,
    tz: str | tzinfo | None = None,
    ticket_fields: Any = None,
) -> HistoryStream:
    """``load``'s join: ``histories``' options, and a repeated ticket read from its latest
    record (``_latest``) instead of refused."""
    opts = options(status_map, priority_map, channel_map, agents, tz, ticket_fields)
    items = _items(parts["tickets"], parts["conversations"], parts["ratings"], opts,
                   latest=True, place=place)  # fmt: skip
    return HistoryStream(items, on_error="collect")


#: The options ``load`` takes: ``histories``' own.
_LOAD_OPTIONS = ("agents", "status_map", "priority_map", "channel_map", "tz", "ticket_fields")


def _field_error(
    exc: ConfigError, where: Mapping[tuple[str, int], tuple[str, int | None, str]]
) -> ConfigError:
    """``ticket_fields[2].choices[5].id`` -> the file and the record the field was read from."""
    head, dot, rest = exc.path.partition(".")
    if not head.startswith("ticket_fields[") or not head.endswith("]"):
        return exc
    found = where.get(("fields", int(head[len("ticket_fields[") : -1])))
    if found is None:
        return exc
    source, line, inner = found
    path = f"{inner}{dot}{rest}".lstrip(".") if line is None else f"line {line}{dot}{rest}"
    return ConfigError(exc.message, path=path, source=source)


def _located(
    err: RecordError, where: Mapping[tuple[str, int], tuple[str, int | None, str]]
) -> RecordError:
    """``tickets[7].status`` -> the file, line and path of the 8th ticket read;
    ``pages[7][0].status`` -> those of the first ticket of an array read as the 8th (a file
    that holds its pages as arrays in an array)."""
    head, dot, rest = err.path.partition(".")
    name, _, index = head.partition("[")
    kind = "tickets" if name == "pages" else name
    if kind not in ("tickets", "conversations", "ratings") or not index.endswith("]"):
        return err
    number, _, within = index.partition("]")
    found = where.get((kind, int(number)))
    if found is None:
        return err
    source, line, inner = found
    return RecordError(
        err.message, path=f"{inner}{within}{dot}{rest}".lstrip("."), line=line, source=source
    )
