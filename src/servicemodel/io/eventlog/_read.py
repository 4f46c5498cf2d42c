"""Private: reading event-log rows into histories (see the package docs)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import (
    EventOrderError,
    MissingExtraError,
    NaiveDatetimeError,
    RecordError,
    ServiceModelError,
)
from servicemodel.io._columns import (
    UNKNOWN_CHANNEL,
    id_text,
    no_text,
)
from servicemodel.io._seen import SeenIds
from servicemodel.io._vocab import map_priority
from servicemodel.io.eventlog._options import (
    COMPLETE,
    EVENT_KINDS,
    TICKET_ROLES,
    Options,
    check_frame,
    columns_of,
    read_options,
)
from servicemodel.io.eventlog._stream import HistoryStream, Item, OnError
from servicemodel.io.eventlog._time import parse_timestamp
from servicemodel.model import (
    Event,
    Priority,
    Reopen,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.model._partial import mark

__all__ = ["from_pandas", "from_polars", "histories"]


def _cell(row: Mapping[str, Any], opts: Options, role: str, where: str) -> Any:
    """The row's value for ``role``, or None when absent or a missing marker."""
    column = opts.columns.get(role)
    if column is None:
        return None
    value = row.get(column)
    if type(value) is str:  # a CSV cell (most calls): never None nor NaN
        return None if value.strip() in opts.missing else value
    if value is None or _is_nan(value):
        return None
    if isinstance(value, str):
        return None if value.strip() in opts.missing else value
    if no_text(value):  # a frame's object cell: every reader of a cell takes its text
        raise RecordError(
            f"{role} {safe_repr(value)}: no text (a number of more than 4,300 digits)",
            path=f"{where}.{column}",
        )
    return value


def _is_nan(value: Any) -> bool:
    # NaN (pandas' missing number) and NaT (its missing time) are the only values unequal to
    # themselves; both mean "no value" in a frame.
    try:
        return bool(value != value)
    except Exception:  # a value whose comparison raises is a value, not a missing marker
        return False


def _required(row: Mapping[str, Any], opts: Options, role: str, where: str) -> Any:
    value = _cell(row, opts, role, where)
    if value is None:
        column = opts.columns[role]
        raise RecordError(
            f"missing {role} (column {safe_repr(column)}), got {safe_repr(row.get(column))}",
            path=f"{where}.{column}",
        )
    return value


@attrs.frozen
class _Row:
    index: int
    case: str
    at: datetime
    activity: str
    row: Mapping[str, Any]
    #: False for a row of another lifecycle transition than ``complete`` (no event).
    done: bool = True


def _read_row(index: int, row: Any, opts: Options) -> tuple[str | None, _Row | RecordError]:
    """The row's case id (None if unreadable) and the row, or the error that sets it aside."""
    where = f"rows[{index}]"
    if not isinstance(row, Mapping):
        bad = f"a row must be a mapping, got {type(row).__name__} {safe_repr(row)}"
        return None, RecordError(bad, path=where)
    try:
        raw_case = _required(row, opts, "case", where)
        # A frame's id column with a gap is float: 12.0 is case '12', as the CSV says.
        case = raw_case if type(raw_case) is str else id_text(raw_case, opts.columns["case"], where)
    except RecordError as exc:
        return None, exc
    try:
        activity = str(_required(row, opts, "activity", where)).strip()
        raw_at = _required(row, opts, "timestamp", where)
        done = _completes(row, opts, where)
    except RecordError as exc:
        return case, exc
    try:
        at = parse_timestamp(raw_at, tz=opts.tz, dayfirst=opts.dayfirst, date_format=opts.formats)
    except NaiveDatetimeError as exc:
        # Not one bad record: the whole export is naive until tz= says where it was written.
        raise NaiveDatetimeError(f"{where}.{opts.columns['timestamp']}: {exc}") from None
    except ServiceModelError as exc:
        path = f"{where}.{opts.columns['timestamp']}"
        return case, RecordError(f"case {safe_repr(case)}: {exc}", path=path)
    return case, _Row(index, case, at, activity, row, done)


def _completes(row: Mapping[str, Any], opts: Options, where: str) -> bool:
    """Whether the row completes its activity: no lifecycle value, or ``complete``."""
    value = _cell(row, opts, "lifecycle", where)
    return value is None or str(value).strip().casefold() == COMPLETE


def _label(r: _Row, opts: Options) -> str:
    """The source's own name for the status a row sets: the activity, or the status column."""
    if r.activity in opts.status_map:
        return r.activity
    raw = _cell(r.row, opts, "status", f"rows[{r.index}]")
    return r.activity if raw is None else str(raw).strip()


def _event(r: _Row, opts: Options, status: Status, label: str | None = None) -> Event | None:
    """The event of one row, or None for an ignored activity, an unchanged status or a row
    that does not complete its activity (see ``COMPLETE``)."""
    if not r.done:
        return None
    eid = f"r{r.index}"
    agent = _cell(r.row, opts, "resource", f"rows[{r.index}]")
    agent = None if agent is None else str(agent)
    kind = opts.activity_map.get(r.activity)
    if kind is not None:
        return EVENT_KINDS[kind](eid, r.at, agent)
    new = opts.status_map.get(r.activity)
    if new is None:
        raw_status = _cell(r.row, opts, "status", f"rows[{r.index}]")
        if raw_status is not None:
            new = _status_value(raw_status, opts, r)
        elif r.activity not in opts.ignore:
            known = sorted({*opts.activity_map, *opts.status_map})
            raise RecordError(
                f"case {safe_repr(r.case)}: unknown activity {safe_repr(r.activity)}; map it in "
                f"activity_map or status_map, or name it in ignore (mapped: {known})",
                path=f"rows[{r.index}].{opts.columns['activity']}",
            )
    if new is None or (new is status and label == _label(r, opts)):
        return None
    return StatusChange(eid, r.at, status=new, label=_label(r, opts))


def _status_value(raw: Any, opts: Options, r: _Row) -> Status:
    text = str(raw).strip()
    if text in opts.status_map:
        return opts.status_map[text]
    try:
        return Status(text.lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        known = sorted({*opts.status_map, *(s.value for s in Status)})
        raise RecordError(
            f"case {safe_repr(r.case)}: unknown status {safe_repr(raw)}; expected one of {known}",
            path=f"rows[{r.index}].{opts.columns['status']}",
        ) from None


def _ticket_fields(rows: Sequence[_Row], opts: Options) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for role in TICKET_ROLES:
        for r in rows:
            value = _cell(r.row, opts, role, f"rows[{r.index}]")
            if value is not None:
                out[role] = str(value)
                break
    if "priority" in out:
        out["priority"] = map_priority(out["priority"], opts.priority_map)
    # No channel column, or no value in it: the log does not say, and "other" says so (the
    # model's own default, email, would claim every ticket came by email).
    out.setdefault("channel", UNKNOWN_CHANNEL)
    if opts.lost:
        attributes: dict[str, Any] = {}
        mark(attributes, opts.lost)
        out["attributes"] = attributes
    return out


def _case_history(rows: list[_Row], opts: Options) -> TicketHistory:
    """The history of one case; any model error is a RecordError naming the case's row."""
    rows.sort(key=lambda r: r.at.astimezone(UTC))  # stable: ties keep the file's order
    first = rows[0]
    try:
        ticket = Ticket(first.case, first.at, **_ticket_fields(rows, opts))
    except ServiceModelError as exc:
        raise RecordError(
            f"case {safe_repr(first.case)}: {exc}", path=f"rows[{first.index}]"
        ) from None
    events: list[Event] = []
    status, label = Status.NEW, None
    for r in rows:
        try:
            ev = _event(r, opts, status, label)
        except RecordError:
            raise
        except ServiceModelError as exc:
            raise RecordError(f"case {safe_repr(r.case)}: {exc}", path=f"rows[{r.index}]") from None
        if ev is None:
            continue
        if isinstance(ev, StatusChange):
            status, label = ev.status, ev.label
        elif isinstance(ev, Reopen):
            if not status.is_resolved:
                continue  # a "reopen" of an open case changes nothing; the model refuses it
            status, label = Status.OPEN, None
        events.append(ev)
    return TicketHistory(ticket, events)


class _Case:
    """The rows of the case being read, or the first error that sets the case aside."""

    def __init__(self, case: str) -> None:
        self.case = case
        self.rows: list[_Row] = []
        self.error: RecordError | None = None

    def add(self, row: _Row | RecordError, opts: Options) -> None:
        if self.error is not None:
            return
        if isinstance(row, RecordError):
            self.error = row
            return
        try:
            _event(row, opts, Status.NEW)  # an unknown activity or status, caught early
        except RecordError as exc:
            self.error = exc
            return
        self.rows.append(row)

    def result(self, opts: Options) -> Item:
        if self.error is not None:
            return self.error
        try:
            return _case_history(self.rows, opts)
        except RecordError as exc:
            return exc


def _cased(
    rows: Iterable[Any], opts: Options
) -> Iterator[RecordError | tuple[int, str, _Row | RecordError]]:
    """Each row read: ``(index, case, row or its error)``, or the error of a row without a case
    (nothing to set aside with it: the row alone is the bad record)."""
    for index, raw in enumerate(rows):
        case, row = _read_row(index, raw, opts)
        if case is None:
            assert isinstance(row, RecordError)
            yield row
        else:
            yield index, case, row


def _grouped(rows: Iterable[Any], opts: Options) -> Iterator[Item]:
    """Group every row by case in memory, then yield each case's history (or its error) in the
    order the cases first appear: for logs whose cases interleave (sorted by time)."""
    cases: dict[str, _Case] = {}
    for read in _cased(rows, opts):
        if isinstance(read, RecordError):
            yield read
            continue
        _, case, row = read
        found = cases.get(case)
        if found is None:
            found = cases[case] = _Case(case)
        found.add(row, opts)
    for found in cases.values():
        yield found.result(opts)


def _items(rows: Iterable[Any], opts: Options) -> Iterator[Item]:
    """Group contiguous rows by case and yield each case's history (or its error)."""
    if not opts.contiguous:
        yield from _grouped(rows, opts)
        return
    current: _Case | None = None
    with SeenIds() as seen:
        for read in _cased(rows, opts):
            if isinstance(read, RecordError):
                yield read
                continue
            index, case, row = read
            if current is None or case != current.case:
                if case in seen:
                    raise EventOrderError(
                        f"rows[{index}]: case {safe_repr(case)} starts again after other cases; "
                        "the rows of a case must be contiguous here (sort the log by case id "
                        "first, or pass contiguous=False to group the rows in memory)"
                    )
                if current is not None:
                    yield current.result(opts)
                seen.add(case)
                current = _Case(case)
            current.add(row, opts)
        if current is not None:
            yield current.result(opts)


def histories(
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: Mapping[str, str] | None = None,
    status_map: Mapping[str, str | Status] | None = None,
    activity_map: Mapping[str, str] | None = None,
    ignore: Iterable[str] = (),
    tz: str | tzinfo | None = None,
    dayfirst: bool = False,
    missing: Iterable[str] = ("", "?"),
    on_error: OnError = "raise",
    priority_map: Mapping[str, str | Priority] | None = None,
    date_format: str | Sequence[str] | None = None,
    contiguous: bool = True,
) -> HistoryStream:
    """Stream one [`TicketHistory`][servicemodel.model.TicketHistory] per case of an event log.

    ``rows`` are mappings (``csv.DictReader`` rows, or dicts). ``columns`` maps roles to column
    names: ``case``, ``activity``, ``timestamp`` (required), ``resource`` (the agent of a reply
    or note), ``lifecycle`` (the XES transition: a row of any but ``complete`` is no event),
    ``status`` (a status column: each change is a status change), and the ticket's
    ``requester``, ``channel``, ``priority``, ``group``, ``assignee`` (from the case's first row
    that has them; a case without a channel is ``"other"``: the log does not say). A case id
    a frame holds as a float is the integer's text (``12.0`` is ``"12"``); one beyond 2**53
    or not whole is an error. The ticket is created at the case's first event.
    ``priority_map`` maps the source's own priorities (``"P1"``) to ours; an unmapped unknown
    one is an error. Each
    status change keeps the source's name for it as its ``label``. Timestamps are read by
    [`parse_timestamp`][servicemodel.io.eventlog.parse_timestamp] with ``tz``, ``dayfirst``
    and ``date_format`` (``strptime`` formats, e.g. ``"%d/%b/%y %I:%M %p"``). A bad case is
    one [`RecordError`][servicemodel.errors.RecordError] naming the row and column.

    The rows of a case must be contiguous, so memory stays flat however long the log; a case
    that starts again is an [`EventOrderError`][servicemodel.errors.EventOrderError]. With
    ``contiguous=False`` the cases may interleave (a log sorted by time): every row is grouped
    in memory first, and the cases come out in the order they first appear.

    Examples:
        >>> rows = [{"case:concept:name": "C9", "concept:name": "Resolved",
        ...          "time:timestamp": "2026-03-02T09:00:00+00:00"}]
        >>> [h.status_at(h.created_at).value for h in histories(rows, status_map={"Resolved": "solved"})]
        ['solved']
    """  # noqa: E501
    opts = read_options(
        columns, status_map, activity_map, ignore, tz, dayfirst, missing, priority_map,
        date_format, contiguous,
    )  # fmt: skip
    return HistoryStream(_items(rows, opts), on_error=on_error)


def from_pandas(df: Any, **options: Any) -> HistoryStream:
    """Stream the histories of a pandas event log (rows grouped by case for you).

    Takes the options of [`histories`][servicemodel.io.eventlog.histories]. The frame is
    sorted by case id (stable, so each case keeps its row order) before reading.

    Examples:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"case:concept:name": ["B", "A", "B"],
        ...                    "concept:name": ["Resolved", "Resolved", "Reopened"],
        ...                    "time:timestamp": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 10:00",
        ...                                                      "2026-03-03 09:00"], utc=True)})
        >>> [h.id for h in from_pandas(df, status_map={"Resolved": "solved", "Reopened": "open"})]
        ['A', 'B']
    """  # noqa: E501
    try:
        import pandas  # noqa: F401  (only to say which extra is missing)
    except ImportError:
        raise MissingExtraError("pandas", "servicemodel.io.eventlog.from_pandas") from None
    check_frame(list(df.columns), options.get("columns"))
    case = columns_of(options.get("columns"))["case"]
    ordered = df.sort_values(case, kind="stable")
    names = [str(c) for c in ordered.columns]
    rows = (dict(zip(names, values, strict=True)) for values in ordered.itertuples(False, None))
    return histories(rows, **options)


def from_polars(df: Any, **options: Any) -> HistoryStream:
    """Stream the histories of a polars event log (rows grouped by case for you).

    Takes the options of [`histories`][servicemodel.io.eventlog.histories].

    Examples:
        >>> import polars as pl
        >>> df = pl.DataFrame({"case:concept:name": ["A"], "concept:name": ["Resolved"],
        ...                    "time:timestamp": ["2026-03-02T09:00:00Z"]})
        >>> [h.solved_at().isoformat() for h in from_polars(df, status_map={"Resolved": "solved"})]
        ['2026-03-02T09:00:00+00:00']
    """
    try:
        import polars  # noqa: F401  (only to say which extra is missing)
    except ImportError:
        raise MissingExtraError("polars", "servicemodel.io.eventlog.from_polars") from None
    check_frame(list(df.columns), options.get("columns"))
    case = columns_of(options.get("columns"))["case"]
    return histories(df.sort(case, maintain_order=True).iter_rows(named=True), **options)
