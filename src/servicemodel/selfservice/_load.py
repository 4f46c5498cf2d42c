"""Reading a help-centre session log from CSV or JSON Lines.

One record per session, with these fields (the same names in both formats)::

    session_id,customer_id,started_at,article_ids
    s-0001,customer0032@example.com,2026-08-03T09:12:44+02:00,kb-101;kb-230

``session_id``, ``customer_id`` and ``started_at`` are required; ``article_ids`` is optional (in
CSV, ids separated by ``;``; in JSON Lines, a list of strings or such a string). ``started_at``
is an ISO datetime with an offset (``Z`` or ``+02:00``); a timestamp without one is an error
unless ``tz`` names the zone it was written in (then it is read as local time there, a
time in a DST gap moving forward as ``zoneinfo`` does). Any other field is an error (a
misspelt column would otherwise be lost). A session id seen twice is an error on the later
record naming the earlier line. Errors are [`RecordError`][servicemodel.errors.RecordError]s
naming the file, the line and the field. In a CSV file a quoted cell may hold a line break (a
spreadsheet writes one for a multi-line cell): the record then spans lines, and its errors name
the line it starts on. Lines given in Python are one record each.

Examples:
    >>> lines = ["session_id,customer_id,started_at", "s1,ann,2026-03-02T09:00:00Z",
    ...          "s2,,2026-03-02T10:00:00Z", "s3,bob,2026-03-02 11:00"]
    >>> loaded = load_sessions(lines, format="csv", on_error="collect")
    >>> len(loaded), [str(e) for e in loaded.errors]  # doctest: +NORMALIZE_WHITESPACE
    (1, ['line 3: customer_id: missing value',
         "line 4: started_at: timestamp '2026-03-02 11:00' has no UTC offset; add one (Z,
         +01:00) or pass tz= to say which zone it was written in"])
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import check_on_error, iso_datetime
from servicemodel.calendar import zone
from servicemodel.errors import ConfigError, InputTypeError, RecordError, ServiceModelError
from servicemodel.io._shared import csv_file_rows, csv_why, widen_csv_fields
from servicemodel.selfservice._session import Session

__all__ = ["SESSION_FIELDS", "LoadedSessions", "load_sessions"]

SESSION_FIELDS = ("session_id", "customer_id", "started_at", "article_ids")
"""The fields of a session record: three required, then the optional article ids."""
_REQUIRED = SESSION_FIELDS[:3]


@attrs.frozen
class LoadedSessions:
    """The sessions read, and (in collect mode) the errors of the records set aside.

    Iterating gives the sessions. ``lines_read`` counts every line (a CSV header included).

    Examples:
        >>> len(LoadedSessions((), (), 0))
        0
    """

    sessions: tuple[Session, ...]
    errors: tuple[RecordError, ...]
    lines_read: int

    def __iter__(self) -> Iterator[Session]:
        return iter(self.sessions)

    def __len__(self) -> int:
        return len(self.sessions)


def _source(source: Any, fmt: str | None) -> tuple[Iterable[Any], str | None, str]:
    """The lines to read, the file's name (``None`` for lines given) and the format."""
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        if fmt is None:
            suffix = Path(name).suffix.lower()
            fmt = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(suffix)
            if fmt is None:
                raise ConfigError(
                    f"cannot tell the format of {safe_repr(name)} from its extension; pass "
                    "format='csv' or format='jsonl'",
                    path="format",
                )
        try:
            # utf-8-sig: a spreadsheet's "CSV UTF-8" starts with a byte-order mark, which
            # would otherwise be part of the first column's name (as the other readers do).
            # newline="": a line break inside a quoted cell is kept as written (\r\n).
            with open(name, encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise ConfigError(f"cannot read: {reason}", source=name) from None
        # The file's own lines, split at \n, \r\n or \r only (str.splitlines also splits at
        # U+2028, a form feed, ..., which a cell may hold), each with its line break: a quoted
        # CSV cell may hold one, and the csv module joins the lines of such a row.
        return io.StringIO(text, newline=""), name, fmt
    if isinstance(source, bytes | bytearray) or not isinstance(source, Iterable):
        raise InputTypeError(
            f"expected a path or an iterable of lines, got {type(source).__name__}"
        )
    if fmt is None:
        raise ConfigError("pass format='csv' or format='jsonl' for lines", path="format")
    return source, None, fmt


def _when(text: Any, tz: ZoneInfo | None, line: int) -> datetime:
    if not isinstance(text, str) or not text.strip():
        raise RecordError(
            f"expected an ISO datetime, got {safe_repr(text)}", path="started_at", line=line
        )
    try:
        value = iso_datetime(text.strip())
    except ValueError:
        raise RecordError(
            f"expected an ISO datetime, got {safe_repr(text)}", path="started_at", line=line
        ) from None
    if value.tzinfo is None:
        if tz is None:
            raise RecordError(
                f"timestamp {safe_repr(text)} has no UTC offset; add one (Z, +01:00) or pass "
                "tz= to say which zone it was written in",
                path="started_at",
                line=line,
            )
        value = value.replace(tzinfo=tz)
    return value


def _articles(value: Any, line: int) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(";") if part.strip())
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    raise RecordError(
        f"expected a list of article ids or 'id;id', got {safe_repr(value)}",
        path="article_ids",
        line=line,
    )


def _session(record: Mapping[str, Any], tz: ZoneInfo | None, line: int) -> Session:
    for key in record:
        if key not in SESSION_FIELDS:
            raise RecordError(
                f"unknown field {safe_repr(key)}; expected {list(SESSION_FIELDS)}",
                path=str(key),
                line=line,
            )
    for key in _REQUIRED:
        value = record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise RecordError("missing value", path=key, line=line)
        if key != "started_at" and not isinstance(value, str):
            raise RecordError(f"expected a string, got {safe_repr(value)}", path=key, line=line)
    started = _when(record["started_at"], tz, line)
    articles = _articles(record.get("article_ids"), line)
    try:
        return Session(
            record["session_id"].strip(), record["customer_id"].strip(), started, articles
        )
    except ServiceModelError as exc:  # the instant's range: the only check left to fail here
        message = str(exc).removeprefix("started_at: ")
        raise RecordError(message, path="started_at", line=line) from None


def _given_rows(lines: Iterable[Any]) -> Iterator[tuple[int, list[str] | RecordError]]:
    """The fields of lines given in Python: each one row, numbered by its place."""
    for lineno, line in enumerate(lines, start=1):
        if not isinstance(line, str):
            yield (
                lineno,
                RecordError(f"expected a line of text, got {safe_repr(line)}", line=lineno),
            )
            continue
        if not line.strip():
            continue
        try:
            # Strict, as a file is read: a quote left open or text after a closing quote is
            # an error, not a value with the quote dropped.
            yield lineno, next(csv.reader([line.rstrip("\r\n")], strict=True), [])
        except csv.Error as exc:
            yield lineno, RecordError(f"not valid CSV: {csv_why(exc, 'on this line')}", line=lineno)


def _csv_records(
    rows: Iterable[tuple[int, list[str] | RecordError]],
) -> Iterator[tuple[int, Mapping[str, Any] | RecordError]]:
    header: list[str] | None = None
    for lineno, fields in rows:
        if isinstance(fields, RecordError):
            yield lineno, fields
            continue
        if header is None:
            header = [f.strip() for f in fields]
            _check_header(header)
            continue
        if len(fields) > len(header):
            extra = safe_repr(fields[len(header) :])
            yield lineno, RecordError(f"more fields than the header: {extra}", line=lineno)
            continue
        yield lineno, dict(zip(header, fields, strict=False))
    if header is None:
        raise RecordError("no header line", line=1)


def _check_header(header: list[str]) -> None:
    for column in header:
        if column not in SESSION_FIELDS:
            raise RecordError(
                f"unknown column {safe_repr(column)}; expected {list(SESSION_FIELDS)}",
                path=column,
                line=1,
            )
    if len(set(header)) != len(header):
        raise RecordError(
            f"columns appear twice: {sorted({c for c in header if header.count(c) > 1})}", line=1
        )
    for column in _REQUIRED:
        if column not in header:
            raise RecordError(f"missing column {column!r}", path=column, line=1)


_TOO_DEEP = "not valid JSON: nested too deeply to read (more levels than Python's recursion limit)"


def _jsonl_records(lines: Iterable[Any]) -> Iterator[tuple[int, Mapping[str, Any] | RecordError]]:
    for lineno, line in enumerate(lines, start=1):
        if isinstance(line, str) and not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, TypeError) as exc:
            yield lineno, RecordError(f"not valid JSON: {exc}", line=lineno)
            continue
        except RecursionError:  # "[[[[..." deeper than the parser's recursion limit
            yield lineno, RecordError(_TOO_DEEP, line=lineno)
            continue
        if not isinstance(record, dict):
            yield (
                lineno,
                RecordError(f"expected a JSON object, got {safe_repr(record)}", line=lineno),
            )
            continue
        yield lineno, record


def _read(
    records: Iterable[tuple[int, Mapping[str, Any] | RecordError]],
    tz: ZoneInfo | None,
    on_error: str,
    name: str | None,
) -> tuple[list[Session], list[RecordError]]:
    sessions: list[Session] = []
    errors: list[RecordError] = []
    seen: dict[str, int] = {}
    for lineno, record in records:
        try:
            if isinstance(record, RecordError):
                raise record
            session = _session(record, tz, lineno)
            if session.id in seen:
                raise RecordError(
                    f"session {safe_repr(session.id)} already appeared on line {seen[session.id]}",
                    path="session_id",
                    line=lineno,
                )
            seen[session.id] = lineno
            sessions.append(session)
        except RecordError as exc:
            if on_error == "raise":
                raise
            errors.append(exc.in_file(name) if name else exc)
    return sessions, errors


def load_sessions(
    source: str | os.PathLike[str] | Iterable[str],
    *,
    format: Literal["csv", "jsonl"] | None = None,
    tz: str | ZoneInfo | None = None,
    on_error: Literal["raise", "collect"] = "raise",
) -> LoadedSessions:
    """Read help-centre sessions from a CSV or JSON Lines file (a path) or its lines.

    The format comes from the file's extension (``.csv``, ``.jsonl``, ``.ndjson``) or
    ``format``. ``tz`` is the zone of timestamps written without an offset (none by default:
    such a timestamp is an error). With ``on_error="raise"`` the first bad record raises its
    ``RecordError``; with ``"collect"`` bad records are set aside with their errors and the
    good ones kept. A bad CSV header always raises.

    Examples:
        >>> lines = ['{"session_id": "s1", "customer_id": "ann", "started_at": "2026-03-02T09:00"}']
        >>> load_sessions(lines, format="jsonl", tz="Europe/Berlin").sessions[0].started_at
        datetime.datetime(2026, 3, 2, 9, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Berlin'))
    """
    check_on_error(on_error)
    if format is not None and (not isinstance(format, str) or format not in ("csv", "jsonl")):
        raise ConfigError(f"must be 'csv' or 'jsonl', got {safe_repr(format)}", path="format")
    zone_info = None if tz is None else zone(tz, "tz")
    lines, name, fmt = _source(source, format)
    counted: list[Any] = []

    def counting() -> Iterator[Any]:
        for line in lines:
            if not counted and isinstance(line, str):
                # Lines read with plain "utf-8" keep a file's byte-order mark at their start.
                line = line.removeprefix("\ufeff")
            counted.append(None)
            yield line

    if fmt == "csv":
        widen_csv_fields()  # a long comment is a field, as the other CSV readers read it
        rows = csv_file_rows(counting()) if name is not None else _given_rows(counting())
        records = _csv_records(rows)
    else:
        records = _jsonl_records(counting())
    try:
        sessions, errors = _read(records, zone_info, on_error, name)
    except RecordError as exc:
        raise (exc.in_file(name) if name else exc) from None
    return LoadedSessions(tuple(sessions), tuple(errors), len(counted))
