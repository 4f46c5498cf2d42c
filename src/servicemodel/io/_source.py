"""Where records come from: lines of a file or an iterable, and what a loader returns."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import as_tuple, members_of
from servicemodel.errors import ConfigError, InputTypeError, RecordError, require_instant
from servicemodel.io._columns import archive_reason
from servicemodel.io._unreadable import cannot_read
from servicemodel.model import TicketHistory

__all__ = ["LoadResult", "OnError", "Skipped", "lines"]


@attrs.frozen
class Skipped:
    """A record read and deliberately not turned into a history (e.g. a deleted ticket).

    Examples:
        >>> Skipped("1042", "deleted")
        Skipped(id='1042', reason='deleted')
    """

    id: str
    reason: str


def _instant(_: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        require_instant(value, attribute.name)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    # as_tuple: a text would be split into its letters, a number a bare TypeError.
    return as_tuple(value, "warnings")


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return as_tuple(value, "shared_replies")


@attrs.frozen
class LoadResult:
    """What a loader read: the good histories, the bad records it set aside, and the tally.

    Every physical line is accounted for: it is blank, the CSV header, (part of) a loaded
    history, or set aside. ``lines_set_aside`` lists the lines that did not load because of an
    error: each error's own line and, in a CSV export, the other rows of a ticket set aside
    with it. Each error names its line (``RecordError.line``). ``skipped`` lists the records
    read and deliberately not turned into histories (a deleted or merged ticket in a helpdesk
    export), each with its reason; they are not errors. ``warnings`` say where the export is
    visibly incomplete by its own pages' word (a Freshdesk filter query read short of its
    ``total``, a Zendesk incremental export stopped before ``end_of_stream``, a Jira issue
    search whose token pages stop before ``isLast: true``): the histories
    read are fine, but tickets are missing, and each text says which and how to fetch them.
    ``observed_until`` is the latest
    ``updated`` instant (UTC) of the loaded tickets, as a helpdesk export states it (Zendesk
    ``updated_at``, Freshdesk ``updated_at``, Jira ``fields.updated``, a one-row-per-ticket
    export's ``updated`` column): the export was pulled at or after it, so it is a lower bound
    of the export's time, often later than the last event read. It is ``None`` when the source
    states none (our own JSON Lines and CSV, event logs, one row per ticket without an
    ``updated`` column) or no loaded ticket has a readable one; ``servicemodel report``
    takes the later of it and the last event as its default snapshot, unless it is after the
    time the report is made (a skewed helpdesk clock, a typo: kept here as the export states
    it, refused there with a warning; see
    [`ReportOptions`][servicemodel.report.ReportOptions]).

    Examples:
        >>> r = load_jsonl(['{"id": "A", "created_at": "2026-01-05T09:00:00Z"}', "{oops", ""],
        ...                on_error="collect")
        >>> len(r.histories), [e.line for e in r.errors]
        (1, [2])
        >>> r.lines_read, r.blank_lines, r.lines_set_aside
        (3, 1, (2,))
    """

    histories: tuple[TicketHistory, ...]
    errors: tuple[RecordError, ...] = ()
    #: Physical lines read, the CSV header and blank lines included.
    lines_read: int = 0
    #: Lines holding only white space (skipped).
    blank_lines: int = 0
    #: Lines that did not load because of an error, in order.
    lines_set_aside: tuple[int, ...] = ()
    #: Records skipped on purpose (deleted, merged), each with its reason.
    skipped: tuple[Skipped, ...] = ()
    #: The loaded tickets' latest ``updated`` instant (UTC), or ``None``.
    observed_until: datetime | None = attrs.field(default=None, validator=_instant)
    #: Where the export is visibly incomplete (tickets missing), one text each; not errors.
    warnings: tuple[str, ...] = attrs.field(
        default=(),
        converter=_texts,
        validator=members_of(str, tuple),
    )
    #: Zendesk (``zendesk.load``): the ids of the public comments read that came from another
    #: account through ticket sharing (``via`` channel ``ticket_sharing``), in the order read,
    #: for ``zendesk_ticket_metrics(shared_replies=...)``; empty for every other source.
    shared_replies: tuple[str, ...] = attrs.field(
        default=(),
        converter=_ids,
        validator=members_of(str, tuple),
    )

    def __len__(self) -> int:
        return len(self.histories)

    def __iter__(self) -> Iterator[TicketHistory]:
        return iter(self.histories)


OnError = Literal["raise", "collect"]


# A lone CR ends a line too (old Mac exports), as in text mode with universal newlines.
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")
# Inside one item of an iterable: after a LF, or after a CR not followed by a LF.
_LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")

Line = tuple[str, RecordError | None]


def lines(source: str | Path | Iterable[str]) -> Iterator[Line]:
    """Yield each physical line with the error that reading it raised, if any.

    Files are decoded line by line, so one line that is not UTF-8 is one bad record rather
    than a traceback that loses the rest of the file. A UTF-8 byte order mark is dropped.
    An iterable may yield text or bytes (decoded the same way); an item holding several
    lines is split, so line numbers always count physical lines. Anything else in the
    iterable is a bad record for its line; a source that is neither a path nor an iterable
    is an ``InputTypeError``.
    """
    if isinstance(source, str | Path):
        yield from _file_lines(_checked_path(source))
        return
    if isinstance(source, bytes | bytearray) or not isinstance(source, Iterable):
        raise InputTypeError(
            "source: expected a path or an iterable of lines, got "
            f"{type(source).__name__} {safe_repr(source)}"
        )
    lineno = 0
    for item in source:
        if lineno and _one_line(item):  # the usual item, without _item_lines' generators
            lineno += 1
            yield item, None
            continue
        for text, bad in _item_lines(item, first=lineno == 0):
            lineno += 1
            yield text, (None if bad is None else RecordError(bad, line=lineno))


def _checked_path(source: str | Path) -> str | Path:
    # open() raises a bare ValueError for a NUL byte: name the problem instead.
    if "\x00" in str(source):
        raise ConfigError(
            f"not a usable file name: {safe_repr(str(source))} contains a NUL byte", path="source"
        )
    return source


def _file_lines(path: str | Path) -> Iterator[Line]:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the with below; its error named first
    except OSError as exc:
        raise cannot_read(path, exc) from None
    with fh:
        lineno = 0
        for raw in fh:
            # The usual line (not the first, UTF-8, no lone CR) without _decoded's generator,
            # decoded inline (no call per line).
            if lineno:
                try:
                    text = raw.decode()  # UTF-8, strict
                except UnicodeDecodeError:
                    pass
                else:
                    if "\r" not in text:
                        lineno += 1
                        yield text, None
                        continue
            # An archive (an .xlsx, a gzipped export) is no text: its first line says what to
            # do with the file rather than which byte is not UTF-8 or that it is not JSON.
            archive = None if lineno else archive_reason(raw)
            for text, bad in _decoded(raw, first=lineno == 0):
                lineno += 1
                if archive is not None:
                    bad, archive = f"not text: {archive}", None
                yield text, (None if bad is None else RecordError(bad, line=lineno))


def _decoded(raw: bytes, *, first: bool) -> Iterator[tuple[str, str | None]]:
    """The physical lines of ``raw`` (one line of bytes, perhaps with lone CRs) as text."""
    if first:
        raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text, error = raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        text = raw.decode("utf-8", errors="replace")
        error = f"not UTF-8 text: bytes {raw[exc.start : exc.end]!r} ({exc.reason})"
    for part in _LONE_CR.split(text) if "\r" in text else (text,):
        yield part, error


def _one_line(item: Any) -> bool:
    # A string holding one line: no CR, no LF but perhaps a final one (_split yields it whole).
    if type(item) is not str or "\r" in item:
        return False
    end = item.find("\n")
    return end < 0 or end == len(item) - 1


def _item_lines(item: Any, *, first: bool) -> Iterator[tuple[str, str | None]]:
    """The physical lines of one item of an iterable source, with a reason if unreadable."""
    if isinstance(item, bytes | bytearray):
        for text, error in _decoded(bytes(item), first=first):
            yield from _split(text, error)
        return
    if not isinstance(item, str):
        yield "", f"expected a line of text, got {type(item).__name__} {safe_repr(item)}"
        return
    yield from _split(item.removeprefix("\ufeff") if first else item, None)


def _split(text: str, error: str | None) -> Iterator[tuple[str, str | None]]:
    body = text.removesuffix("\n").removesuffix("\r")
    if "\n" not in body and "\r" not in body:  # the common case: one line
        yield text, error
        return
    parts = _LINE_END.split(text)
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    for part in parts:
        yield part, error
