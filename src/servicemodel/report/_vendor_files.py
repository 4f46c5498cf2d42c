"""Private: the helpdesk's own SLA records read from files, for the reconciliation section.

``servicemodel report --vendor-sla FILE...`` reads them with the export's ``--source``:

- ``zendesk``: ticket metric events -- each file a page of the incremental export
  (``{"ticket_metric_events": [...], ...}``), a list of events or pages, one event, or JSON
  Lines (``.jsonl``/``.ndjson``: one event or page a line), read as one stream with
  [`zendesk_verdicts`][servicemodel.reconcile.zendesk_verdicts] (a clock's events may be split
  over several files);
- ``jira``: Jira Service Management's ``/rest/servicedeskapi/request/{key}/sla`` responses, each
  file a JSON object from issue key to its response (a later file wins for a key). The SLA
  fields of the export's own issues are read too (without ``--vendor-sla`` as well): with
  [`jsm_verdicts`][servicemodel.reconcile.jsm_verdicts], whose ``read_at`` (the instant the
  records were fetched, ``--vendor-read-at``) is ``read_at`` here;
- ``freshdesk``: Freshdesk tickets (pages of ``GET /api/v2/tickets``, best with
  ``include=stats``), whose due times and escalation flags are read with
  [`freshdesk_verdicts`][servicemodel.reconcile.freshdesk_verdicts]. The export's own tickets
  are read too (without ``--vendor-sla`` as well), as one stream with the files, a ticket given
  twice read from its latest record; ``read_at`` is when they were fetched.

Any source's export may also hold the vendor's verdicts as columns (Freshdesk's "Resolution
status"): the ``--map`` file's ``[sla_verdicts]`` table reads them with
[`mapped_verdicts`][servicemodel.reconcile.mapped_verdicts], with ``--policy`` alone.

Every error names the file, the line (JSON Lines) and the path of the record within the file;
with ``on_error="collect"`` one bad record costs only its own verdicts. A file of another kind
(an audits file, a tickets page, a JSM response with ``--source zendesk``, a CSV export ...)
is recognised from its first record (the first that parses, when a first line of JSON Lines
does not) and refused as a whole, one error saying what it holds and where to give it
(``report._vendor_shapes``).

Examples:
    >>> sorted(VENDOR_SOURCES)
    ['freshdesk', 'jira', 'zendesk']
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import OnError
from servicemodel.io._shared import SourceMap, file_items, ticket_id_of
from servicemodel.model import TicketHistory
from servicemodel.reconcile import (
    FRESHDESK_FIELDS,
    VendorVerdict,
    freshdesk_verdicts,
    jsm_verdicts,
    mapped_verdicts,
    zendesk_verdicts,
)
from servicemodel.reconcile._shared import set_aside_conflicts
from servicemodel.report._build import ReportOptions
from servicemodel.report._vendor_shapes import EXPECTED, first_record_kind, text_kind, wrong_kind

__all__ = ["VENDOR_SOURCES", "check_vendor_files", "read_vendor_sla", "with_vendor_sla"]

#: The ``--source`` values whose own SLA records the report can read, and what it reads.
VENDOR_SOURCES: Mapping[str, str] = {
    "zendesk": "Zendesk ticket metric events",
    "jira": "Jira Service Management /request/{key}/sla responses; the issues' SLA fields are "
    "read with --policy alone",
    "freshdesk": "Freshdesk tickets with their due times (fr_due_by, due_by); the export's own "
    "tickets are read with --policy alone",
}

_Origin = list[tuple[str, int, int | None]]
_Read = tuple[tuple[VendorVerdict, ...], tuple[RecordError, ...]]


def check_vendor_files(source: str, paths: Sequence[str], *, policies: bool) -> None:
    """Refuse ``--vendor-sla`` before any file is read: no ``--policy``, a source that has no
    SLA records of its own, or a path that is not a file.

    Examples:
        >>> check_vendor_files("eventlog", ["e.json"], policies=True)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: --vendor-sla: --source eventlog has no SLA records of its own to read; --vendor-sla reads those of --source zendesk (Zendesk ticket metric events) or jira (...)
    """  # noqa: E501
    if not paths:
        return
    if not policies:
        raise ConfigError(
            "needs --policy: the vendor's verdicts are put beside the SLA section's, which "
            "the policy set gives",
            path="--vendor-sla",
        )
    if source not in VENDOR_SOURCES:
        known = " or ".join(f"{name} ({what})" for name, what in VENDOR_SOURCES.items())
        raise ConfigError(
            f"--source {source} has no SLA records of its own to read; --vendor-sla reads "
            f"those of --source {known} (an export's verdict columns are read by the --map "
            "file's [sla_verdicts] table)",
            path="--vendor-sla",
        )
    for name in paths:
        if name == "-" or not Path(name).is_file():
            raise ConfigError(f"not a file: {safe_repr(name)}", path="--vendor-sla")


def _wrong_kind(source: str | None, name: str, got: tuple[Any, int | None] | RecordError) -> (
    RecordError | None
):  # fmt: skip
    """The error for vendor file ``name`` whose first item is ``got``, if it is of another
    kind than ``source`` reads (``None``: no check, as for the export's own files)."""
    if source is None:
        return None
    kind = text_kind(Path(name)) if isinstance(got, RecordError) else first_record_kind(got[0])
    if kind is None or kind == EXPECTED[source][0]:
        return None
    return wrong_kind(source, kind, name)


def _refused(
    check: str | None, name: str, n: int, got: tuple[Any, int | None] | RecordError
) -> RecordError | None:
    """The wrong-kind error of item ``n`` of file ``name``, if it decides the file's kind: the
    file's first item (a line that does not parse: by the file's text), else its first record
    that parses (JSON Lines whose first lines are broken)."""
    if n > 0 and isinstance(got, RecordError):
        return None
    return _wrong_kind(check, name, got)


def _items(
    paths: Sequence[str], origin: _Origin, errors: list[RecordError], check: str | None = None
) -> Iterator[Any]:
    """Each record of every file in turn (its file, index and line noted in ``origin``); a file
    or line that does not parse goes to ``errors``, and so does a file whose first record is of
    another kind than ``--source check`` reads (its records are not read)."""
    for name in paths:
        decided = check is None
        for n, got in enumerate(file_items(Path(name))):
            if not decided and (wrong := _refused(check, name, n, got)) is not None:
                errors.append(wrong)
                break
            # A broken first line decides nothing: the first record that parses does.
            decided = decided or not isinstance(got, RecordError)
            if isinstance(got, RecordError):
                errors.append(got.in_file(name))
                continue
            origin.append((name, n, got[1]))
            yield got[0]


def _located(err: RecordError, origin: _Origin, prefixes: Sequence[str]) -> RecordError:
    """``err`` naming the file, line and path within that file of its stream item."""
    for prefix in prefixes:
        if err.source is None and err.path.startswith(prefix):
            index, rest = err.path[len(prefix) :].split("]", 1)
            name, n, line = origin[int(index)]
            return RecordError(err.message, path=f"{prefix}{n}]{rest}", line=line, source=name)
    return err


def _done(
    verdicts: tuple[VendorVerdict, ...],
    errors: list[RecordError],
    on_error: OnError,
    paths: Sequence[str],
) -> _Read:
    # In the order of the files and their lines: the first bad record is the one raised.
    order = {name: i for i, name in enumerate(paths)}
    errors.sort(key=lambda e: (order.get(e.source or "", len(order)), e.line or 0))
    if errors and on_error == "raise":
        raise errors[0]
    return verdicts, tuple(errors)


def _zendesk(paths: Sequence[str], on_error: OnError, start_time: datetime | None) -> _Read:
    origin: _Origin = []
    errors: list[RecordError] = []
    # The files are one stream: a clock's events may be in several pages, hence files.
    verdicts, found = zendesk_verdicts(
        _items(paths, origin, errors, check="zendesk"), on_error="collect", start_time=start_time
    )
    errors += (_located(e, origin, ("metric_events[",)) for e in found)
    return _done(verdicts, errors, on_error, paths)


def _responses(
    paths: Sequence[str], errors: list[RecordError], files: dict[str, str]
) -> dict[str, Any]:
    """The ``/request/{key}/sla`` responses of every file, by issue key (``files``: the file
    each key was read from)."""
    out: dict[str, Any] = {}
    for name in paths:
        decided = False
        for n, got in enumerate(file_items(Path(name))):
            if not decided and (wrong := _refused("jira", name, n, got)) is not None:
                errors.append(wrong)
                break
            decided = decided or not isinstance(got, RecordError)
            if isinstance(got, RecordError):
                errors.append(got.in_file(name))
            elif isinstance(got[0], Mapping) and n == 0:
                for k, v in got[0].items():
                    out[str(k)], files[str(k)] = v, name
            else:
                errors.append(
                    RecordError(
                        "expected one JSON object from issue key to its /request/{key}/sla "
                        f"response, got {safe_repr(got[0])}",
                        path=f"[{n}]",
                        line=got[1],
                        source=name,
                    )
                )
    return out


def _in_response_file(err: RecordError, files: Mapping[str, str]) -> RecordError:
    """``err`` about ``sla['KEY']...`` naming the file that held KEY's response."""
    for key, name in files.items():
        if err.path.startswith(f"sla[{key!r}]"):
            return err.in_file(name)
    return err


def _jira(
    paths: Sequence[str], issue_files: Sequence[str], on_error: OnError, read_at: datetime | None
) -> _Read:
    origin: _Origin = []
    errors: list[RecordError] = []
    files: dict[str, str] = {}
    sla = _responses(paths, errors, files)
    # The export's own errors (a page or issue the loader refused) are counted by the export
    # already; what is said here is about the SLA records: an issue's SLA field or a response.
    unread: list[RecordError] = []
    verdicts, found = jsm_verdicts(
        _items(issue_files, origin, unread), sla=sla, read_at=read_at, on_error="collect"
    )
    for e in found:
        if ".fields." in e.path:
            errors.append(_located(e, origin, ("pages[", "issues[")))
        elif e.path.startswith("sla["):
            errors.append(_in_response_file(e, files))
    return _done(verdicts, errors, on_error, [*paths, *issue_files])


#: The fields of a Freshdesk ticket that only the vendor's verdicts read: an error in another
#: field of the export's own tickets is the export's, counted where the export is read.
_FRESHDESK_SLA = tuple(f".{name}" for pair in FRESHDESK_FIELDS.items() for name in
                       (pair[0], pair[1][0]))  # fmt: skip


def _file_key(path: str) -> tuple[int, int] | str:
    """What names one file: its device and inode (``./a.json``, a link), or, for a path that
    cannot be looked up (no such file, a name the system refuses), the path itself."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return path
    return (found.st_dev, found.st_ino)


def _not_exported(paths: Sequence[str], export_files: Sequence[str]) -> list[str]:
    """The ``paths`` that name none of ``export_files`` (the same path, another spelling of
    it, a link), each file looked up once: comparing every pair was quadratic, seconds for a
    glob of a few thousand pages given both ways."""
    names = set(export_files)
    keys = {_file_key(f) for f in export_files}
    return [p for p in paths if p not in names and _file_key(p) not in keys]


def _record_of(located: RecordError) -> str:
    """The path, within its file (or its JSON Lines line), of the ticket record whose due time
    or escalation flag ``located`` names: ``tickets[0].results[2].fr_due_by`` -> ``[0].results[2]``
    in a JSON file, ``results[2]`` on a line of JSON Lines (the item index is the line)."""
    path = located.path
    for suffix in _FRESHDESK_SLA:
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    path = path[path.index("[") :] if "[" in path else ""
    if located.line is not None:  # the line is the item: drop its index
        path = path.split("]", 1)[1].lstrip(".") if "]" in path else ""
    return path


#: The records the export's reader set aside: (file, line, record path) for each error's
#: path and each record path it lies within (``[0].results[2]`` of ``[0].results[2].status``),
#: and (file, line, ``""``) for the file and line alone.
_SetAside = set[tuple[str | None, int | None, str]]


def _set_aside(export_errors: Sequence[RecordError]) -> _SetAside:
    """The index ``_set_aside_by_export`` looks a record up in, built once: scanning every
    error of the export for every vendor error was quadratic."""
    found: _SetAside = set()
    for e in export_errors:
        path = e.path
        found.add((e.source, e.line, ""))
        found.add((e.source, e.line, path))
        found.update((e.source, e.line, path[:i]) for i, c in enumerate(path) if i and c in ".[")
    return found


def _set_aside_by_export(located: RecordError, set_aside: _SetAside) -> bool:
    """Whether the export's reader set aside the ticket record of ``located``, a vendor error
    in one of the export's files: then it is the export's bad record, counted there once. An
    error names the record (its path), or a field or item within it (``record.field``,
    ``record[0]``); a record without a path is the file's (or the line's) one record."""
    return (located.source, located.line, _record_of(located)) in set_aside


#: A ticket record's place in the vendor reading's stream, as Freshdesk's readers name it: an
#: item (``tickets[7]``), a ticket of a filter page (``tickets[7].results[2]``) or of an array
#: read as one item (``pages[7][2]``).
_TICKET_AT = re.compile(r"pages\[(\d+)\]\[(\d+)\]|tickets\[(\d+)\](?:\.results\[(\d+)\])?")


def _ticket_at(items: Sequence[Any], path: str) -> str | None:
    """The id of the ticket record at stream path ``path`` (``tickets[7].fr_due_by``), read
    as Freshdesk's reader reads an id (an int or a stripped non-blank text), or ``None``.

    Examples:
        >>> items = [{"id": 7}, [{"id": " 8 "}], {"results": [{"id": 9}], "total": 1}]
        >>> [_ticket_at(items, p) for p in ("tickets[0].due_by", "pages[1][0].fr_due_by",
        ...                                 "tickets[2].results[0].is_escalated", "x")]
        ['7', '8', '9', None]
    """
    m = _TICKET_AT.match(path)
    if m is None:
        return None

    def at(box: Any, index: str | None) -> Any:
        if index is None:
            return box
        k = int(index)
        return box[k] if isinstance(box, Sequence) and k < len(box) else None

    if m[1] is not None:  # pages[7][2]
        rec = at(at(items, m[1]), m[2])
    else:  # tickets[7], tickets[7].results[2]
        rec = at(items, m[3])
        if m[4] is not None:
            rec = at(rec.get("results") if isinstance(rec, Mapping) else None, m[4])
    return ticket_id_of(rec)


def _freshdesk(
    paths: Sequence[str],
    export_files: Sequence[str],
    on_error: OnError,
    read_at: datetime | None,
    export_errors: Sequence[RecordError] = (),
    export_ids: Collection[str] | None = None,
) -> _Read:
    origin: _Origin = []
    errors: list[RecordError] = []
    unread: list[RecordError] = []  # the export's files that do not parse: the export's errors
    # A file given both as the export and with --vendor-sla is one file read for two purposes:
    # it is read once, as the export's. Read again, each of its bad records was counted twice,
    # among the export's bad records and among the vendor's (twice there for a record without
    # a usable id, which no later record supersedes).
    vendor = _not_exported(paths, export_files)
    # One stream, the export's tickets first: a ticket given twice is read from its latest
    # record, whichever file holds it.
    items = (*_items(export_files, origin, unread), *_items(vendor, origin, errors, "freshdesk"))
    verdicts, found = freshdesk_verdicts(items, read_at=read_at, on_error="collect")
    # An error in the export's own tickets is the vendor's only in a field that only the
    # vendor's verdicts read (a due time, an escalation flag), and only on a ticket the
    # export's reader read: any other the export's reader sets aside (or raises) already, so
    # a ticket bad in its status and its due time is one bad record, the export's. So is one
    # the export set aside for a fault in another of its files (a conversation): the ticket
    # has no history (``export_ids``), whatever file its first fault was found in.
    exported = set(export_files)
    set_aside: _SetAside | None = None  # (built only when a vendor error needs it)
    for e in found:
        located = _located(e, origin, ("pages[", "tickets["))
        if located.source not in exported:
            errors.append(located)
        elif located.path.endswith(_FRESHDESK_SLA):
            if set_aside is None:
                set_aside = _set_aside(export_errors)
            tid = None if export_ids is None else _ticket_at(items, e.path)
            no_history = tid is not None and export_ids is not None and tid not in export_ids
            if not (no_history or _set_aside_by_export(located, set_aside)):
                errors.append(located)
    return _done(verdicts, errors, on_error, [*export_files, *vendor])


def read_vendor_sla(
    source: str,
    paths: Sequence[str],
    *,
    issue_files: Sequence[str] = (),
    on_error: OnError = "raise",
    read_at: datetime | None = None,
    start_time: datetime | None = None,
    export_errors: Sequence[RecordError] = (),
    export_ids: Collection[str] | None = None,
) -> _Read:
    """The vendor's SLA verdicts in ``paths`` (and, for ``jira`` and ``freshdesk``, in the
    export's own ``issue_files``).

    ``export_errors`` are the records the export's reader set aside from ``issue_files``
    (``freshdesk``): a ticket among them is the export's bad record, not the vendor's too.
    ``export_ids`` are the ids of the tickets the export's reader read (its histories'):
    a ticket of ``issue_files`` not among them was set aside by the export, maybe for a
    fault found in another of its files (a conversation), and is the export's bad record
    alone. Without them (``None``) only ``export_errors`` tell.

    Returns the verdicts and the records set aside (``on_error="collect"``), each error
    naming its file. ``read_at`` is when JSM's records were fetched (``jsm_verdicts``' own);
    Zendesk's events carry their instants and do not read it; Freshdesk's tickets do, as the
    instant they were fetched (``freshdesk_verdicts``' own). ``start_time`` is the Zendesk
    incremental export's (``zendesk_verdicts``' own, ``--vendor-start-time``); JSM's records
    do not read it.

    Examples:
        >>> read_vendor_sla("zendesk", [])
        ((), ())
    """
    if source == "zendesk":
        return _zendesk(paths, on_error, start_time)
    if source == "jira":
        return _jira(paths, issue_files, on_error, read_at)
    if source == "freshdesk":
        return _freshdesk(paths, issue_files, on_error, read_at, export_errors, export_ids)
    raise ConfigError(f"--source {source} has no SLA records of its own", path="--vendor-sla")


def _mapped(
    mapping: SourceMap | None,
    histories: Sequence[TicketHistory],
    map_file: str | None,
    on_error: OnError,
) -> _Read:
    """The verdicts of the export's own verdict columns, by the ``--map`` file's
    ``[sla_verdicts]`` rules (none without the table)."""
    if mapping is None or not getattr(mapping, "sla_verdicts", None):
        return (), ()
    return mapped_verdicts(mapping, histories, map_file=map_file, on_error=on_error)


def check_verdict_rules(mapping: SourceMap | None, map_file: str | None) -> None:
    """Refuse a ``--map`` file's bad ``[sla_verdicts]`` rules when the file is read, before
    the export, with or without ``--policy``: a typo there fails fast, never silently.

    Examples:
        >>> from servicemodel.io._sources import SourceMap
        >>> check_verdict_rules(SourceMap.from_dict({"sla_verdicts": {"x": 1}}), "m.toml")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: m.toml: sla_verdicts.x: ...
    """
    _mapped(mapping, (), map_file, "raise")


#: The sources whose export's own records carry the vendor's SLA state.
_OWN_RECORDS = ("jira", "freshdesk")


def with_vendor_sla(
    options: ReportOptions,
    source: str,
    paths: Sequence[str],
    *,
    issue_files: Sequence[str] = (),
    on_error: OnError = "raise",
    mapping: SourceMap | None = None,
    map_file: str | None = None,
    histories: Sequence[TicketHistory] = (),
    read_at: datetime | None = None,
    start_time: datetime | None = None,
    export_errors: Sequence[RecordError] = (),
    export_ids: Collection[str] | None = None,
) -> tuple[ReportOptions, int]:
    """``options`` with the vendor's verdicts (``--vendor-sla``), and how many records were
    set aside.

    Without ``policies`` nothing is read. For ``jira`` the issues' own SLA fields, for
    ``freshdesk`` the tickets' own due times, are read even without ``paths``; an export whose
    records carry none (and no ``paths``) leaves the options as they are: no section. A
    ``mapping`` (the ``--map`` file) with an ``[sla_verdicts]`` table reads the export's own
    verdict columns from ``histories`` too (any source). With ``on_error="collect"``, a clock
    whose vendor records contradict each other (two exports holding one ticket in different
    states) is set aside as a bad record and the other clocks still count; two vendor metrics
    mapped to one clock of ours stay a ``ConfigError`` (a mapping's mistake, in any mode).
    ``read_at`` is when JSM's records or Freshdesk's tickets were fetched
    (``--vendor-read-at``, ``jsm_verdicts``' and ``freshdesk_verdicts``' own); ``start_time`` is
    where the Zendesk export began (``--vendor-start-time``, ``zendesk_verdicts``' own);
    ``export_errors`` the records the export's reader set aside and ``export_ids`` the ids
    of the tickets it read (``read_vendor_sla``'s own).

    Examples:
        >>> with_vendor_sla(ReportOptions(), "jira", [])
        (ReportOptions(...), 0)
    """
    if options.policies is None:
        return options, 0
    columns, column_errors = _mapped(mapping, histories, map_file, on_error)
    verdicts: tuple[VendorVerdict, ...] = ()
    errors: tuple[RecordError, ...] = ()
    if paths or source in _OWN_RECORDS:
        files = issue_files if source in _OWN_RECORDS else ()
        verdicts, errors = read_vendor_sla(
            source, paths, issue_files=files, on_error=on_error, read_at=read_at,
            start_time=start_time, export_errors=export_errors, export_ids=export_ids,
        )  # fmt: skip
    verdicts, errors = verdicts + columns, errors + column_errors
    if on_error == "collect":
        # One clock whose records contradict each other (two exports of one ticket) costs
        # only that clock; two vendor metrics mapped to one of ours stay a ConfigError.
        verdicts, conflicts = set_aside_conflicts(verdicts)
        errors += conflicts
    if not paths and not verdicts and not errors:
        return options, 0  # no SLA records of the vendor's (a Jira export without SLA fields)
    bad = tuple(str(e) for e in errors)
    return attrs.evolve(options, vendor_verdicts=verdicts, vendor_bad_records=bad), len(bad)
