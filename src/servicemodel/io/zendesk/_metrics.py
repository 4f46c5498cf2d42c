"""Private: a ticket's metric set (Zendesk's Ticket Metrics), read for a ticket without audits.

Zendesk keeps one metric record per ticket (``/api/v2/ticket_metrics``, or sideloaded with
``include=metric_sets``: the incremental ticket export puts it in each ticket as
``metric_set``, as estuary/connectors' ``source-zendesk-support-native`` reads it; the tickets
and search endpoints list them beside the tickets as ``metric_sets``). Its ``reopens`` is
"Total number of times the ticket was reopened" and its ``solved_at`` when the ticket was
solved (Zendesk API reference, "Ticket Metrics":
https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metrics/).

Only a ticket read without audits uses it, or one of the ticket event export that lost its
start (``_history._lost_start``: its events say nothing of what came before them): the
audits of a whole ticket place every reopen and solve, and a metric record fetched at another
time than the audits may count one more or one fewer, so a cross-check would refuse good
exports.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, RecordError
from servicemodel.io.zendesk._fields import _Head, _key, fail, read_id, read_instant, read_mapping

__all__ = [
    "PAGE_KEYS",
    "Metrics",
    "by_ticket",
    "first_found",
    "index",
    "metric_records",
    "metric_set",
    "own_record",
    "page_index",
    "page_records",
    "read",
    "record_ticket",
]

#: Metric sets by ticket id, each with its path, and the errors of those naming no ticket.
_Indexed = tuple[dict[str, tuple[str, Any]], list[RecordError]]


@attrs.frozen
class Metrics:
    """What a ticket's metric set says: how often it was reopened, when it was last solved
    (``None``: the record does not say)."""

    reopens: int | None
    solved_at: datetime | None
    path: str


def metric_set(head: _Head, given: Mapping[str, tuple[str, Any]]) -> tuple[str, Any] | None:
    """The ticket's metric set and its path (``first_found``): its own ``metric_set``, else
    the page's ``metric_sets`` entry, else the ``ticket_metrics=`` record (``None``: none)."""
    raw = head.raw.get("metric_set")
    own = None if raw is None else (f"{head.path}.metric_set", raw)
    return first_found(own, head.metrics, given.get(head.id))


_Found = TypeVar("_Found")


def first_found(
    own: _Found | None, sideloaded: _Found | None, given: _Found | None
) -> _Found | None:
    """The one Ticket Metrics record of a ticket that is read: its own ``metric_set``, else
    its page's ``metric_sets`` entry, else a record given apart (``ticket_metrics=``, a
    Ticket Metrics file); ``None``: none. "The first found is read", by the loader and by the
    report's ticket metrics section alike.

    Examples:
        >>> first_found(None, "page's", "file's")
        "page's"
    """
    for found in (own, sideloaded, given):
        if found is not None:
            return found
    return None


def read(found: tuple[str, Any], head: _Head) -> Metrics:
    """The reopens and solve instant of a metric set, checked (a RecordError naming the field)."""
    path, raw = found
    tid = head.id
    rec = read_mapping(raw, path, tid, "metric set")
    other = _of_another(rec, path, tid)
    if other is not None:
        raise other
    reopens = rec.get("reopens")
    if reopens is not None and (type(reopens) is not int or reopens < 0):
        why = "expected the number of reopens (a whole number, at least 0)"
        raise fail(f"{path}.reopens", tid, "reopens", reopens, why)
    raw_solved = rec.get("solved_at")
    solved = None
    if raw_solved is not None:
        solved = read_instant(raw_solved, f"{path}.solved_at", tid, "solved_at")
        if solved.astimezone(UTC) < head.created_at.astimezone(UTC):
            why = f"before the ticket's creation {head.created_at.isoformat()}"
            raise fail(f"{path}.solved_at", tid, "solved_at", raw_solved, why)
    return Metrics(reopens, solved, path)


def _of_another(rec: Mapping[str, Any], path: str, tid: str) -> RecordError | None:
    """The error of a ticket's metric set whose ``ticket_id`` names another ticket (``None``:
    it names none, or this one): the loader's check and the page rule's."""
    owner = rec.get("ticket_id")
    key = _key(owner)
    # A text id's spaces are no part of it (read_id): " 3 " names ticket 3.
    if owner is not None and (key.strip() if key is not None else None) != tid:
        return fail(f"{path}.ticket_id", tid, "ticket_id", owner, "a metric set of another ticket")
    return None


def own_record(ticket: Mapping[str, Any], where: str) -> tuple[str, Any] | RecordError:
    """A ticket's own ``metric_set`` (``where`` is the ticket's path) as a Ticket Metrics
    record: it belongs to that ticket, so one without a ``ticket_id`` takes the ticket's
    ``id``, and one naming another ticket is the error the loader gives it.

    Examples:
        >>> own_record({"id": 7, "metric_set": {"reopens": 1}}, "[0].tickets[0]")
        ('[0].tickets[0].metric_set', {'reopens': 1, 'ticket_id': 7})
        >>> print(own_record({"id": 7, "metric_set": {"ticket_id": 8}}, "[0].tickets[0]"))
        [0].tickets[0].metric_set.ticket_id: ticket 7: ticket_id 8: a metric set of another ticket
    """
    path, rec = f"{where}.metric_set", ticket["metric_set"]
    raw_id = ticket.get("id")
    try:
        tid = None if raw_id is None else read_id(raw_id, f"{where}.id", None, "id")
    except RecordError:
        tid = None  # no ticket to give it: the ticket's own error says why
    if not isinstance(rec, Mapping) or tid is None:
        return path, rec
    if rec.get("ticket_id") is None:
        return path, {**rec, "ticket_id": raw_id}
    other = _of_another(rec, path, tid)
    return (path, rec) if other is None else other


def page_index(
    page: Mapping[str, Any], where: str
) -> tuple[dict[str, tuple[str, Any]], list[RecordError]]:
    """A page's sideloaded ``metric_sets`` by ticket id, and the errors of entries that name
    no ticket."""
    raw = page.get("metric_sets")
    if raw is None:
        return {}, []
    if not isinstance(raw, list):
        return {}, [fail(f"{where}.metric_sets", None, "metric_sets", raw, "expected a list")]
    return by_ticket(((f"{where}.metric_sets[{i}]", m) for i, m in enumerate(raw)))


def record_ticket(path: str, rec: Any) -> str:
    """The ticket id of one Ticket Metrics record (``path`` is where it was read), or the
    RecordError at ``{path}.ticket_id`` that says it names no ticket: the one rule of
    ``histories(ticket_metrics=...)``, ``load`` and ``zendesk_ticket_metrics``.

    Examples:
        >>> record_ticket("[0]", {"ticket_id": 7})
        '7'
        >>> record_ticket("[0]", {"reopens": 1})
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: [0].ticket_id: ticket_id None: a metric set needs its ticket's id
    """  # noqa: E501
    tid = _key(rec.get("ticket_id")) if isinstance(rec, Mapping) else None
    if tid is None:
        value = rec.get("ticket_id") if isinstance(rec, Mapping) else rec
        raise fail(f"{path}.ticket_id", None, "ticket_id", value,
                   "a metric set needs its ticket's id")  # fmt: skip
    return read_id(tid, f"{path}.ticket_id", None, "ticket_id")


def by_ticket(records: Iterable[tuple[str, Any] | RecordError]) -> _Indexed:
    """The records by ticket id (``record_ticket``), each with its path, and the errors: those
    of the records that name no ticket, and the pages' own errors given among the records
    (``metric_records``), in the order read."""
    found: dict[str, tuple[str, Any]] = {}
    errors: list[RecordError] = []
    for item in records:
        if isinstance(item, RecordError):
            errors.append(item)
            continue
        path, rec = item
        try:
            tid = record_ticket(path, rec)
        except RecordError as err:
            errors.append(err)
            continue
        found[tid] = (path, rec)  # a ticket's later record wins: it was read later
    return found, errors


def index(ticket_metrics: Any) -> dict[str, tuple[str, Any]]:
    """``histories(ticket_metrics=...)``: ticket metric records, or pages of them
    (``{"ticket_metrics": [...]}``, a ``{"ticket_metric": {...}}`` response), by ticket id.

    Examples:
        >>> sorted(index([{"ticket_metrics": [{"ticket_id": 7, "reopens": 1}]}]))
        ['7']
        >>> index([{"reopens": 1}])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: ticket_metrics[0].ticket_id: ticket_id None: a metric set needs its ticket's id
    """  # noqa: E501
    if isinstance(ticket_metrics, str | bytes | Mapping) or not isinstance(
        ticket_metrics, Iterable
    ):
        raise ConfigError(
            "expected a list of ticket metric records or /ticket_metrics pages, got "
            f"{safe_repr(ticket_metrics)} ({type(ticket_metrics).__name__})",
            path="ticket_metrics",
        )
    found, errors = by_ticket(metric_records(ticket_metrics))
    if errors:
        raise ConfigError(errors[0].message, path=errors[0].path)
    return found


def metric_records(ticket_metrics: Iterable[Any]) -> Iterator[tuple[str, Any] | RecordError]:
    """Each Ticket Metrics record of ``ticket_metrics`` with its path (``ticket_metrics[i]``,
    then the path within its page), and each page's own error, as ``page_records`` reads
    them: an item that is no page is a record."""
    for i, raw in enumerate(ticket_metrics):
        where = f"ticket_metrics[{i}]"
        found = page_records(raw, where)
        if found is None:  # a record itself
            yield where, raw
        else:
            yield from found


#: The keys that make a mapping a page of Ticket Metrics records rather than a record.
PAGE_KEYS = ("ticket_metrics", "metric_sets", "ticket_metric", "tickets")


def page_records(raw: Any, where: str) -> list[tuple[str, Any] | RecordError] | None:
    """The records of a page, each with its path, and an error for each of the page's keys
    that holds no list (no object, for ``ticket_metric``); ``None`` when ``raw`` is no page
    but a record (it has a ``ticket_id``, or none of ``PAGE_KEYS``).

    The pages are Zendesk's: ``/api/v2/ticket_metrics`` lists ``ticket_metrics``,
    ``/api/v2/ticket_metrics/{id}`` answers ``{"ticket_metric": {...}}``, and with
    ``include=metric_sets`` the tickets and search endpoints list ``metric_sets`` beside the
    tickets while the incremental export puts each in its ticket as ``metric_set``. A page is
    a page even when it holds no record: ``{"tickets": [], "end_of_stream": true}``, the
    incremental export's usual last page, gives ``[]``, and a ticket without its
    ``metric_set`` gives nothing. A ticket's own ``metric_set`` is that ticket's
    (``own_record``): without a ``ticket_id`` it takes the ticket's ``id``. This one rule is
    what ``histories(ticket_metrics=...)``, ``load`` and ``zendesk_ticket_metrics`` read.

    Examples:
        >>> page_records({"tickets": [], "end_of_stream": True}, "[0]")
        []
        >>> page_records({"ticket_metric": {"ticket_id": 7}}, "[0]")
        [('[0].ticket_metric', {'ticket_id': 7})]
        >>> page_records({"ticket_id": 7}, "[0]") is None
        True
    """
    if not isinstance(raw, Mapping) or "ticket_id" in raw:
        return None
    if not any(key in raw for key in PAGE_KEYS):
        return None
    out: list[tuple[str, Any] | RecordError] = []
    for key in PAGE_KEYS:  # a ticket's own metric_set last: the later record wins
        if key in raw:
            out += _under(key, raw[key], f"{where}.{key}")
    return out


def _under(key: str, value: Any, where: str) -> list[tuple[str, Any] | RecordError]:
    """The records under one key of a page."""
    if key == "ticket_metric":
        if isinstance(value, Mapping):
            return [(where, value)]
        return [fail(where, None, key, value, "expected a ticket metric record as a JSON object")]
    if not isinstance(value, list):
        return [fail(where, None, key, value, "expected a list")]
    if key != "tickets":
        return [(f"{where}[{j}]", rec) for j, rec in enumerate(value)]
    return [
        own_record(ticket, f"{where}[{j}]")
        for j, ticket in enumerate(value)
        if isinstance(ticket, Mapping) and ticket.get("metric_set") is not None
    ]
