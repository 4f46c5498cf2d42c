"""Private: what a ``--vendor-sla`` file holds, from its first record, and what to do with it.

A file of the wrong kind given to ``--vendor-sla`` (an audits file, a tickets page, a JSM
``/sla`` response with ``--source zendesk``, a CSV export ...) would otherwise be read record
by record as the vendor's SLA records and fail on a field it never had ("metric None",
"ticket_id None"). Its first record says what it is, as ``io.zendesk``'s loader tells export
files apart: [`first_record_kind`][servicemodel.report._vendor_shapes.first_record_kind]
names the shape and [`wrong_kind`][servicemodel.report._vendor_shapes.wrong_kind] says,
naming the file, what it holds instead of what ``--source`` reads and where to give it.

The shapes are the vendors' published ones: Zendesk's incremental ticket export (``tickets``),
ticket audits (``audits``, ``audit``, or objects with ``ticket_id`` and ``events``) and ticket
metric events (``ticket_metric_events`` or objects with ``metric``); Jira's search pages
(``issues``) and issues (``key`` and ``fields``); Jira Service Management's
``/request/{key}/sla`` and ``/request/{key}/comment`` pages (``values``), alone or keyed by
issue; Freshdesk's tickets (a number ``status`` and ``source``), conversations (``incoming``
and a body), satisfaction ratings (``ticket_id`` and ``ratings``) and ticket fields (``label``
and ``choices`` or ``required_for_agents``).

Examples:
    >>> first_record_kind({"ticket_id": 7, "events": []})
    'zendesk_audits'
    >>> print(wrong_kind("zendesk", "zendesk_audits", "a.json"))
    a.json: holds Zendesk ticket audits, not ticket metric events: give it among the export's files
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from servicemodel.errors import RecordError

__all__ = ["EXPECTED", "KINDS", "first_record_kind", "text_kind", "wrong_kind"]

#: What each shape is, as the error names it.
KINDS: Mapping[str, str] = {
    "zendesk_metric_events": "Zendesk ticket metric events",
    "zendesk_tickets": "Zendesk incremental export pages (tickets)",
    "zendesk_audits": "Zendesk ticket audits",
    "jsm_sla": "Jira Service Management /request/{key}/sla responses",
    "jsm_sla_one": "one Jira Service Management /request/{key}/sla response, not keyed by issue",
    "jsm_comments": "Jira Service Management request comments",
    "jira_issues": "Jira issues (a search page or issues)",
    "freshdesk_tickets": "Freshdesk tickets",
    "freshdesk_conversations": "Freshdesk conversations",
    "freshdesk_ratings": "Freshdesk satisfaction ratings",
    "freshdesk_ticket_fields": "Freshdesk ticket fields",
    "csv": "CSV text",
    "xml": "XML",
}

#: The shape each ``--source`` reads from ``--vendor-sla``, and how the error names it.
EXPECTED: Mapping[str, tuple[str, str]] = {
    "zendesk": ("zendesk_metric_events", "ticket metric events"),
    "jira": ("jsm_sla", "/request/{key}/sla responses keyed by issue"),
    "freshdesk": ("freshdesk_tickets", "Freshdesk tickets (pages of GET /api/v2/tickets)"),
}

_EXPORT = "give it among the export's files"
_JIRA_SLA = "give it to --vendor-sla with --source jira"
_NO_SLA = "it holds no SLA records"


def _advice(source: str, kind: str) -> str:
    """Where a file of ``kind`` goes instead, for a report read with ``--source source``."""
    same = {"zendesk": "zendesk_", "jira": "jira_", "freshdesk": "freshdesk_"}.get(source, "-")
    if kind == "jira_issues" and source == "jira":
        return f"{_EXPORT} (its issues' SLA fields are read from there with --policy)"
    if kind.startswith(same) and kind != "zendesk_metric_events":
        return _EXPORT
    if kind == "jsm_sla_one":
        extra = "" if source == "jira" else " and give it with --source jira"
        return f'save it as {{"KEY": response}}, one JSON object from issue key to response{extra}'
    return {
        "zendesk_metric_events": "give it to --vendor-sla with --source zendesk",
        "zendesk_tickets": f"{_EXPORT}, with --source zendesk",
        "zendesk_audits": f"{_EXPORT}, with --source zendesk",
        "jsm_sla": _JIRA_SLA,
        "jsm_comments": f"{_NO_SLA} (in Python, give them as jira.histories(..., comments=...))",
        "jira_issues": f"{_EXPORT}, with --source jira (its issues' SLA fields are read from "
        "there with --policy)",
        "freshdesk_tickets": f"{_EXPORT}, with --source freshdesk (its tickets' due times are "
        "read from there with --policy; a CSV export's verdict columns are read by the --map "
        "file's [sla_verdicts] table)",
        "freshdesk_conversations": f"{_EXPORT}, with --source freshdesk; {_NO_SLA}",
        "freshdesk_ratings": f"{_EXPORT}, with --source freshdesk; {_NO_SLA}",
        "freshdesk_ticket_fields": f"{_EXPORT}, with --source freshdesk; {_NO_SLA}",
        "csv": "an export's verdict columns are read by the --map file's [sla_verdicts] table, "
        "the export among the files (--source summary or eventlog)",
        "xml": "an XES event log goes among the export's files, with --source eventlog",
    }[kind]


def wrong_kind(source: str, kind: str, name: str) -> RecordError:
    """The error for a ``--vendor-sla`` file ``name`` of ``kind`` read with ``--source source``.

    Examples:
        >>> print(wrong_kind("jira", "zendesk_metric_events", "e.json"))
        e.json: holds Zendesk ticket metric events, not /request/{key}/sla responses keyed by issue: give it to --vendor-sla with --source zendesk
    """  # noqa: E501
    _, wanted = EXPECTED[source]
    return RecordError(f"holds {KINDS[kind]}, not {wanted}: {_advice(source, kind)}", source=name)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else None


def _jsm_page(page: Any) -> str | None:
    """``jsm_sla`` or ``jsm_comments`` for a service-desk page (``values``), else ``None``."""
    if not isinstance(page, Mapping) or not isinstance(page.get("values"), list):
        return None
    first = _first(page["values"])
    if isinstance(first, Mapping) and "body" in first:
        return "jsm_comments"
    return "jsm_sla"


def _keyed(record: Mapping[Any, Any]) -> str | None:
    """The kind of an object from issue key to a service-desk page, by its first value."""
    for value in record.values():
        return _jsm_page(value)
    return None


def _zendesk(record: Mapping[Any, Any]) -> str | None:
    if "ticket_metric_events" in record or "metric" in record:
        return "zendesk_metric_events"
    if "tickets" in record or isinstance(record.get("ticket"), Mapping):
        return "zendesk_tickets"
    if "audits" in record or isinstance(record.get("audit"), Mapping):
        return "zendesk_audits"
    if "ticket_id" in record and isinstance(record.get("events"), list):
        return "zendesk_audits"
    if "via" in record and "status" in record:  # a ticket of a bare list
        return "zendesk_tickets"
    return None


def _other(record: Mapping[Any, Any]) -> str | None:
    if "issues" in record or ("key" in record and "fields" in record):
        return "jira_issues"
    if "incoming" in record and ("body_text" in record or "body" in record):
        return "freshdesk_conversations"
    # As io.freshdesk.load tells them apart: read as tickets, they would give no verdict and
    # no error, a file silently ignored.
    if "ticket_id" in record and "ratings" in record:
        return "freshdesk_ratings"
    if "label" in record and ("choices" in record or "required_for_agents" in record):
        return "freshdesk_ticket_fields"
    numbers = all(
        isinstance(record.get(k), int) and not isinstance(record.get(k), bool)
        for k in ("status", "source")
    )
    if numbers and "via" not in record:
        return "freshdesk_tickets"
    single = _jsm_page(record) if "size" in record or "isLastPage" in record else None
    if single == "jsm_sla":
        return "jsm_sla_one"
    return single or _keyed(record)


def first_record_kind(record: Any) -> str | None:
    """The shape of a file's first record (a key of ``KINDS``), or ``None`` if unknown.

    Examples:
        >>> first_record_kind({"SD-1": {"values": [{"name": "Time to first response"}]}})
        'jsm_sla'
        >>> first_record_kind({"values": [{"name": "Time to first response"}], "size": 1})
        'jsm_sla_one'
        >>> first_record_kind({"id": 1, "status": 2, "source": 1}), first_record_kind([1])
        ('freshdesk_tickets', None)
    """
    if not isinstance(record, Mapping):
        return None
    return _zendesk(record) or _other(record)


#: Byte order marks and the codec each says (UTF-8's first: UTF-16's is a prefix of none).
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
#: Control characters that text (CSV, XML) never holds and binary files (gzip, zip) do.
_BINARY = frozenset(map(chr, range(32))) - set("\t\n\r\f")


def _head_text(head: bytes) -> str | None:
    """The first bytes of a file as text (UTF-8 or UTF-16 by their mark, else UTF-8 or, not
    that, Latin-1), or ``None`` for binary: a gzip or zip file is no CSV text, whatever
    commas its bytes hold."""
    codec = next((name for bom, name in _BOMS if head.startswith(bom)), "utf-8")
    try:
        # Incremental: a character cut at the end of the head is no decoding error.
        text = codecs.getincrementaldecoder(codec)().decode(head)
    except UnicodeDecodeError:
        text = head.decode("latin-1")  # a spreadsheet's CSV in a legacy encoding is text too
    return None if _BINARY.intersection(text) else text


def text_kind(path: Path) -> str | None:
    """``csv`` or ``xml`` for a file that is no JSON but text of that shape, else ``None``
    (binary, such as a gzip or zip file, is neither).

    Examples:
        >>> text_kind(Path("tests/data/summary/freshdesk_tickets.csv"))
        'csv'
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    text = _head_text(head)
    if text is None:
        return None
    text = text.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return "xml"
    line = text.split("\n", 1)[0]
    if text[:1] not in ("{", "[", "") and any(sep in line for sep in (",", ";", "\t")):
        return "csv"
    return None
