"""JSON Lines: one ticket record per line, streamed in constant memory."""

from __future__ import annotations

import io as _io
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._validators import check_on_error, require_iterable
from servicemodel.errors import RecordError
from servicemodel.io._files import bulk
from servicemodel.io._records import history_from_dict, history_to_dict
from servicemodel.io._seen import SeenIds
from servicemodel.io._source import LoadResult, OnError, lines
from servicemodel.io._unreadable import READ_ERRORS, as_record_error, json_error_text
from servicemodel.model import TicketHistory

__all__ = ["dump_jsonl", "iter_jsonl", "load_jsonl"]


def iter_jsonl(
    source: str | Path | Iterable[str],
    *,
    on_error: OnError = "raise",
    errors: list[RecordError] | None = None,
    sort_events: bool = False,
) -> Iterator[TicketHistory]:
    """Stream histories from JSON Lines, one ticket at a time (constant memory).

    With ``on_error="collect"``, bad records are appended to ``errors`` (a list you pass) and
    skipped. Blank lines are ignored. Duplicate ticket ids are reported as errors too. A key
    given twice in one object keeps its last value, as ``json.loads`` does (looking for
    repeated keys slowed loading by about a fifth; ``dump_jsonl`` never writes one).

    Examples:
        >>> lines = ['{"id": "A", "created_at": "2026-01-05T09:00:00Z"}']
        >>> [h.id for h in iter_jsonl(lines)]
        ['A']
    """
    yield from _read(source, on_error, errors, sort_events, _Tally())


class _Tally:
    """How the lines of one JSON Lines source were used (for ``LoadResult``)."""

    def __init__(self) -> None:
        self.lines = 0
        self.blank = 0
        self.set_aside: list[int] = []


def _read(
    source: str | Path | Iterable[str],
    on_error: OnError,
    errors: list[RecordError] | None,
    sort_events: bool,
    tally: _Tally,
    spill: bool = True,
) -> Iterator[TicketHistory]:
    check_on_error(on_error)
    with SeenIds(spill=spill) as seen:
        known, remember = seen.ops()
        for lineno, (line, undecodable) in enumerate(lines(source), start=1):
            tally.lines = lineno
            if (not line or line.isspace()) and undecodable is None:  # not line.strip(), no copy
                tally.blank += 1
                continue
            try:
                if undecodable is not None:
                    raise undecodable
                history = _record(line, sort_events)
                tid = history.ticket.id
                if known(tid):
                    raise RecordError(f"duplicate ticket id {safe_repr(tid)}", path="id")
                remember(tid)
            except READ_ERRORS as exc:  # one translation layer: see servicemodel.io._unreadable
                err = as_record_error(exc, lineno)
                if on_error == "raise":
                    raise err from exc
                tally.set_aside.append(lineno)
                if errors is not None:
                    errors.append(err)
                continue
            yield history


def _record(line: str, sort_events: bool) -> TicketHistory:
    try:
        data = _object(line)
    except json.JSONDecodeError as exc:
        raise RecordError(json_error_text(exc)) from None
    return history_from_dict(data, sort_events=sort_events)


#: The scanner json.loads runs, with the same settings.
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _object(line: str) -> Any:
    """``json.loads(line)``, for the usual line (an object) without its wrapper's regexes."""
    if line[:1] == "{":
        try:
            data, end = _scan(line, 0)
        except Exception:  # json.loads below raises its own error for the line
            return json.loads(line)
        # What may follow is what json.loads skips: its WHITESPACE, " \t\n\r" (the usual
        # line of a file ends with its newline: tested first, no strip).
        if end == len(line) or line[end:] == "\n" or not line[end:].strip(" \t\n\r"):
            return data
    return json.loads(line)


def load_jsonl(
    source: str | Path | Iterable[str],
    *,
    on_error: OnError = "raise",
    sort_events: bool = False,
) -> LoadResult:
    """Load every history of a JSON Lines export.

    Raises:
        RecordError: on the first bad record, naming its line and field (``on_error="raise"``).

    Examples:
        >>> load_jsonl(['{"id": "A", "created_at": "2026-01-05T09:00:00"}'])
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: line 1: created_at: timestamp: naive datetime ...
    """
    errors: list[RecordError] = []
    tally = _Tally()
    with bulk():  # the collector's passes over the growing set of histories: see bulk()
        # spill=False: the histories are all kept anyway, and a set of their ids is faster.
        histories = tuple(_read(source, on_error, errors, sort_events, tally, spill=False))
    return LoadResult(histories, tuple(errors), tally.lines, tally.blank, tuple(tally.set_aside))


def dump_jsonl(histories: Iterable[TicketHistory]) -> str:
    """Write histories as JSON Lines text (one compact, key-sorted record per line).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> h = TicketHistory(Ticket("T", datetime(2026, 1, 5, 9, tzinfo=timezone.utc)), [])
        >>> load_jsonl(dump_jsonl([h]).splitlines()).histories == (h,)
        True
    """
    buf = _io.StringIO()
    for h in require_iterable(histories, "histories"):
        buf.write(json.dumps(history_to_dict(h), sort_keys=True, separators=(",", ":")))
        buf.write("\n")
    return buf.getvalue()
