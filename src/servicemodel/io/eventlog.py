"""Read any event log (one row per event: case id, activity, timestamp) as ticket histories.

The pm4py convention: each row is one event of one case, with the case id, the activity's name
and its timestamp in named columns (``case:concept:name``, ``concept:name``,
``time:timestamp`` by default). A **status map** turns the source's statuses into ours
(``"Awaiting User Info"`` → pending, ``"Resolved"`` → solved), an **activity map** says which
activities are messages, replies, notes or reopens, and every other activity must be named in
``ignore`` -- an unmapped activity is an error, because silently dropping a ``"Resolved"`` the
map forgot would leave every ticket open.

Rows of one case must be **contiguous** (grouped by case id); inside a case they may come in
any order and are sorted by timestamp (stable). A case that starts again after another case
began is an [`EventOrderError`][servicemodel.errors.EventOrderError] -- its first part has
already been yielded, so no error policy can repair it: sort the file by case id first
(``from_pandas`` and ``from_polars`` do). Only one case is held in memory at a time.

Timestamps are ISO 8601 or ``D/M/Y H:M[:S]`` (``M/D/Y`` unless ``dayfirst=True``). A timestamp
without an offset needs an explicit ``tz``: it is never guessed
([`NaiveDatetimeError`][servicemodel.errors.NaiveDatetimeError] otherwise). Values listed in
``missing`` (``""`` and ``"?"`` by default) count as absent.

Examples:
    >>> rows = [
    ...     {"case": "C1", "activity": "Opened", "time": "02/03/2026 09:00"},
    ...     {"case": "C1", "activity": "Replied", "time": "02/03/2026 09:40"},
    ...     {"case": "C1", "activity": "Resolved", "time": "02/03/2026 11:00"},
    ... ]
    >>> (h,) = histories(rows, columns={"case": "case", "activity": "activity", "timestamp": "time"},
    ...                  activity_map={"Opened": "customer_message", "Replied": "agent_reply"},
    ...                  status_map={"Resolved": "solved"}, tz="Europe/Berlin", dayfirst=True)
    >>> h.first_reply_at().isoformat(), h.solved_at().isoformat()
    ('2026-03-02T09:40:00+01:00', '2026-03-02T11:00:00+01:00')
"""  # noqa: E501

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import (
    ConfigError,
    EventOrderError,
    InputTypeError,
    MissingExtraError,
    NaiveDatetimeError,
    RecordError,
    ServiceModelError,
)
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Event,
    InternalNote,
    Reopen,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)

__all__ = [
    "DEFAULT_COLUMNS",
    "EVENT_KINDS",
    "ExportResult",
    "HistoryStream",
    "Skipped",
    "from_pandas",
    "from_polars",
    "histories",
    "parse_timestamp",
]

OnError = Literal["raise", "collect"]

#: The pm4py column names, used for every role ``columns`` does not name.
DEFAULT_COLUMNS: Mapping[str, str] = {
    "case": "case:concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "resource": "org:resource",
}
_REQUIRED = ("case", "activity", "timestamp")
#: Optional roles: the ticket's fields, read from the case's first row that has them.
_TICKET_ROLES = ("requester", "channel", "priority", "group", "assignee")
_ROLES = frozenset(_REQUIRED) | {"resource", "status", *_TICKET_ROLES}

#: What an activity may be mapped to in ``activity_map``.
EVENT_KINDS: Mapping[str, Callable[..., Event]] = {
    "customer_message": lambda eid, at, _agent: CustomerMessage(eid, at),
    "agent_reply": lambda eid, at, agent: AgentReply(eid, at, agent=agent),
    "internal_note": lambda eid, at, agent: InternalNote(eid, at, agent=agent),
    "reopen": lambda eid, at, _agent: Reopen(eid, at),
}


# -- what a reader returns -----------------------------------------------------------------


@attrs.frozen
class Skipped:
    """A record read and deliberately not turned into a history (e.g. a deleted ticket).

    Examples:
        >>> Skipped("1042", "deleted")
        Skipped(id='1042', reason='deleted')
    """

    id: str
    reason: str


@attrs.frozen
class ExportResult:
    """Everything one adapter read: the histories, the errors set aside, the records skipped.

    Examples:
        >>> r = ExportResult((), (RecordError("bad", path="rows[3]"),), (Skipped("9", "deleted"),))
        >>> len(r), [str(e) for e in r.errors], r.skipped[0].reason
        (0, ['rows[3]: bad'], 'deleted')
    """

    histories: tuple[TicketHistory, ...]
    errors: tuple[RecordError, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    def __len__(self) -> int:
        return len(self.histories)

    def __iter__(self) -> Iterator[TicketHistory]:
        return iter(self.histories)


Item = TicketHistory | RecordError | Skipped


class HistoryStream(Iterator[TicketHistory]):
    """A one-pass stream of histories; the errors and skipped records are kept on it.

    With ``on_error="raise"`` the first bad record raises its
    [`RecordError`][servicemodel.errors.RecordError]; with ``"collect"`` it is set aside in
    ``errors`` and the stream goes on, so one broken record never loses the rest of an export.
    [`collect`][servicemodel.io.eventlog.HistoryStream.collect] reads what is left into an
    [`ExportResult`][servicemodel.io.eventlog.ExportResult].

    Examples:
        >>> s = histories([{"case:concept:name": "C", "concept:name": "x",
        ...                 "time:timestamp": "2026-03-02T09:00Z"}], on_error="collect")
        >>> s.collect().errors[0].path
        'rows[0].concept:name'
    """

    def __init__(self, items: Iterator[Item], *, on_error: OnError) -> None:
        if on_error not in ("raise", "collect"):
            raise ConfigError(
                f"on_error must be 'raise' or 'collect', got {safe_repr(on_error)}",
                path="on_error",
            )
        self._items = items
        self._on_error = on_error
        self._errors: list[RecordError] = []
        self._skipped: list[Skipped] = []

    @property
    def errors(self) -> tuple[RecordError, ...]:
        """The errors set aside so far (``on_error="collect"``)."""
        return tuple(self._errors)

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        """The records skipped so far, with the reason."""
        return tuple(self._skipped)

    def __iter__(self) -> HistoryStream:
        return self

    def __next__(self) -> TicketHistory:
        for item in self._items:
            if isinstance(item, TicketHistory):
                return item
            if isinstance(item, Skipped):
                self._skipped.append(item)
            elif self._on_error == "raise":
                raise item
            else:
                self._errors.append(item)
        raise StopIteration

    def collect(self) -> ExportResult:
        """Read the rest of the stream into an [`ExportResult`][servicemodel.io.eventlog.ExportResult].

        Examples:
            >>> histories([]).collect()
            ExportResult(histories=(), errors=(), skipped=())
        """  # noqa: E501
        found = tuple(self)
        return ExportResult(found, self.errors, self.skipped)


# -- timestamps ----------------------------------------------------------------------------

_NUMERIC = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)


def _zone(tz: str | tzinfo | None) -> tzinfo | None:
    if tz is None or isinstance(tz, tzinfo):
        return tz
    if not isinstance(tz, str):
        raise InputTypeError(f"tz: expected a zone name or a tzinfo, got {safe_repr(tz)}")
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown time zone {safe_repr(tz)}", path="tz") from None


def parse_timestamp(
    value: Any, *, tz: str | tzinfo | None = None, dayfirst: bool = False
) -> datetime:
    """An aware instant from an ISO 8601 or ``D/M/Y H:M[:S]`` text (or a datetime).

    A value without an offset takes ``tz`` (local time, the first of a repeated hour; a time in
    a DST gap moves forward by the gap); without ``tz`` it is a ``NaiveDatetimeError``.

    Examples:
        >>> parse_timestamp("03/04/2026 10:30", tz="UTC", dayfirst=True).isoformat()
        '2026-04-03T10:30:00+00:00'
        >>> parse_timestamp("2026-04-03 10:30")
        Traceback (most recent call last):
        ...
        servicemodel.errors.NaiveDatetimeError: timestamp '2026-04-03 10:30' has no offset; ...
    """
    zone = _zone(tz)
    if hasattr(value, "to_pydatetime"):  # pandas.Timestamp: a datetime with extra precision
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        parsed = _parse_text(value.strip(), dayfirst=dayfirst)
    else:
        raise InputTypeError(f"expected a timestamp, got {type(value).__name__} {safe_repr(value)}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if zone is None:
            raise NaiveDatetimeError(
                f"timestamp {safe_repr(value)} has no offset; pass tz= (e.g. tz='Europe/Berlin') "
                "to say which zone the export's local times are in"
            )
        # fold=0: a repeated local time takes the first occurrence; in a gap, the offset
        # before the change applies, which moves the time forward by the gap (DOMAIN.md).
        parsed = parsed.replace(tzinfo=zone, fold=0)
        if isinstance(zone, ZoneInfo):
            parsed = parsed.astimezone(UTC).astimezone(zone)
    return parsed


def _parse_text(text: str, *, dayfirst: bool) -> datetime:
    m = _NUMERIC.fullmatch(text)
    if m is None:
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise ConfigError(f"not a timestamp: {safe_repr(text)}") from None
    a, b, year, hh, mm, ss, frac, offset = m.groups()
    day, month = (a, b) if dayfirst else (b, a)
    iso = f"{year}-{int(month):02d}-{int(day):02d}T{int(hh or 0):02d}:{mm or '00'}:{ss or '00'}"
    if frac:
        iso += "." + frac.ljust(6, "0")
    if offset:
        iso += "+00:00" if offset == "Z" else offset
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        order = "D/M/Y" if dayfirst else "M/D/Y"
        raise ConfigError(f"not a valid {order} timestamp: {safe_repr(text)}") from None


# -- reading rows ----------------------------------------------------------------------------


@attrs.frozen
class _Options:
    columns: Mapping[str, str]
    status_map: Mapping[str, Status]
    activity_map: Mapping[str, str]
    ignore: frozenset[str]
    tz: tzinfo | None
    dayfirst: bool
    missing: frozenset[str]


def _options(
    columns: Mapping[str, str] | None,
    status_map: Mapping[str, str | Status] | None,
    activity_map: Mapping[str, str] | None,
    ignore: Iterable[str],
    tz: str | tzinfo | None,
    dayfirst: bool,
    missing: Iterable[str],
) -> _Options:
    cols = dict(DEFAULT_COLUMNS)
    for role, name in (columns or {}).items():
        if role not in _ROLES:
            raise ConfigError(
                f"unknown key {safe_repr(role)}; expected one of {sorted(_ROLES)}",
                path=f"columns.{role}",
            )
        cols[role] = name
    statuses: dict[str, Status] = {}
    for raw, ours in (status_map or {}).items():
        try:
            statuses[raw] = Status(str(ours).strip().lower().replace("-", "_"))
        except ValueError:
            raise ConfigError(
                f"unknown status {safe_repr(ours)}; expected one of {[s.value for s in Status]}",
                path=f"status_map.{raw}",
            ) from None
    for raw, kind in (activity_map or {}).items():
        if kind not in EVENT_KINDS:
            raise ConfigError(
                f"unknown event kind {safe_repr(kind)}; expected one of {sorted(EVENT_KINDS)}",
                path=f"activity_map.{raw}",
            )
    return _Options(
        cols,
        statuses,
        dict(activity_map or {}),
        frozenset(ignore),
        _zone(tz),
        dayfirst,
        frozenset(missing),
    )


def _cell(row: Mapping[str, Any], opts: _Options, role: str) -> Any:
    """The row's value for ``role``, or None when absent or a missing marker."""
    column = opts.columns.get(role)
    if column is None:
        return None
    value = row.get(column)
    if value is None or _is_nan(value):
        return None
    if isinstance(value, str) and value.strip() in opts.missing:
        return None
    return value


def _is_nan(value: Any) -> bool:
    # NaN (pandas' missing number) and NaT (its missing time) are the only values unequal to
    # themselves; both mean "no value" in a frame.
    try:
        return bool(value != value)
    except Exception:  # a value whose comparison raises is a value, not a missing marker
        return False


def _required(row: Mapping[str, Any], opts: _Options, role: str, where: str) -> Any:
    value = _cell(row, opts, role)
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


def _read_row(index: int, row: Any, opts: _Options) -> tuple[str | None, _Row | RecordError]:
    """The row's case id (None if unreadable) and the row, or the error that sets it aside."""
    where = f"rows[{index}]"
    if not isinstance(row, Mapping):
        bad = f"a row must be a mapping, got {type(row).__name__} {safe_repr(row)}"
        return None, RecordError(bad, path=where)
    try:
        case = str(_required(row, opts, "case", where))
    except RecordError as exc:
        return None, exc
    try:
        activity = str(_required(row, opts, "activity", where)).strip()
        raw_at = _required(row, opts, "timestamp", where)
    except RecordError as exc:
        return case, exc
    try:
        at = parse_timestamp(raw_at, tz=opts.tz, dayfirst=opts.dayfirst)
    except NaiveDatetimeError as exc:
        # Not one bad record: the whole export is naive until tz= says where it was written.
        raise NaiveDatetimeError(f"{where}.{opts.columns['timestamp']}: {exc}") from None
    except ServiceModelError as exc:
        path = f"{where}.{opts.columns['timestamp']}"
        return case, RecordError(f"case {safe_repr(case)}: {exc}", path=path)
    return case, _Row(index, case, at, activity, row)


def _event(r: _Row, opts: _Options, status: Status) -> Event | None:
    """The event of one row, or None for an ignored activity or an unchanged status."""
    eid = f"r{r.index}"
    agent = _cell(r.row, opts, "resource")
    agent = None if agent is None else str(agent)
    kind = opts.activity_map.get(r.activity)
    if kind is not None:
        return EVENT_KINDS[kind](eid, r.at, agent)
    new = opts.status_map.get(r.activity)
    if new is None:
        raw_status = _cell(r.row, opts, "status")
        if raw_status is not None:
            new = _status_value(raw_status, opts, r)
        elif r.activity not in opts.ignore:
            known = sorted({*opts.activity_map, *opts.status_map})
            raise RecordError(
                f"case {safe_repr(r.case)}: unknown activity {safe_repr(r.activity)}; map it in "
                f"activity_map or status_map, or name it in ignore (mapped: {known})",
                path=f"rows[{r.index}].{opts.columns['activity']}",
            )
    if new is None or new is status:
        return None
    return StatusChange(eid, r.at, status=new)


def _status_value(raw: Any, opts: _Options, r: _Row) -> Status:
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


def _ticket_fields(rows: Sequence[_Row], opts: _Options) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for role in _TICKET_ROLES:
        for r in rows:
            value = _cell(r.row, opts, role)
            if value is not None:
                out[role] = str(value)
                break
    return out


def _case_history(rows: list[_Row], opts: _Options) -> TicketHistory:
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
    status = Status.NEW
    for r in rows:
        try:
            ev = _event(r, opts, status)
        except RecordError:
            raise
        except ServiceModelError as exc:
            raise RecordError(f"case {safe_repr(r.case)}: {exc}", path=f"rows[{r.index}]") from None
        if ev is None:
            continue
        if isinstance(ev, StatusChange):
            status = ev.status
        elif isinstance(ev, Reopen):
            if not status.is_resolved:
                continue  # a "reopen" of an open case changes nothing; the model refuses it
            status = Status.OPEN
        events.append(ev)
    return TicketHistory(ticket, events)


class _Case:
    """The rows of the case being read, or the first error that sets the case aside."""

    def __init__(self, case: str) -> None:
        self.case = case
        self.rows: list[_Row] = []
        self.error: RecordError | None = None

    def add(self, row: _Row | RecordError, opts: _Options) -> None:
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

    def result(self, opts: _Options) -> Item:
        if self.error is not None:
            return self.error
        try:
            return _case_history(self.rows, opts)
        except RecordError as exc:
            return exc


def _items(rows: Iterable[Any], opts: _Options) -> Iterator[Item]:
    """Group contiguous rows by case and yield each case's history (or its error)."""
    seen: set[str] = set()
    current: _Case | None = None
    for index, raw in enumerate(rows):
        case, row = _read_row(index, raw, opts)
        if case is None:  # no case to set aside: the row alone is the bad record
            assert isinstance(row, RecordError)
            yield row
            continue
        if current is None or case != current.case:
            if case in seen:
                raise EventOrderError(
                    f"rows[{index}]: case {safe_repr(case)} starts again after other cases; "
                    "the rows of a case must be contiguous (sort the log by case id first)"
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
) -> HistoryStream:
    """Stream one [`TicketHistory`][servicemodel.model.TicketHistory] per case of an event log.

    ``rows`` are mappings (``csv.DictReader`` rows, or dicts). ``columns`` maps roles to column
    names: ``case``, ``activity``, ``timestamp`` (required), ``resource`` (the agent of a reply
    or note), ``status`` (a status column: each change is a status change), and the ticket's
    ``requester``, ``channel``, ``priority``, ``group``, ``assignee`` (from the case's first row
    that has them). The ticket is created at the case's first event. A bad case is one
    [`RecordError`][servicemodel.errors.RecordError] naming the row and column.

    Examples:
        >>> rows = [{"case:concept:name": "C9", "concept:name": "Resolved",
        ...          "time:timestamp": "2026-03-02T09:00:00+00:00"}]
        >>> [h.status_at(h.created_at).value for h in histories(rows, status_map={"Resolved": "solved"})]
        ['solved']
    """  # noqa: E501
    opts = _options(columns, status_map, activity_map, ignore, tz, dayfirst, missing)
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
    case = {**DEFAULT_COLUMNS, **(options.get("columns") or {})}["case"]
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
    case = {**DEFAULT_COLUMNS, **(options.get("columns") or {})}["case"]
    return histories(df.sort(case, maintain_order=True).iter_rows(named=True), **options)
