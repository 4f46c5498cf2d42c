"""Private: reading event-log rows into histories (see the package docs)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import (
    ConfigError,
    EventOrderError,
    NaiveDatetimeError,
    RecordError,
    ServiceModelError,
)
from servicemodel.io._cells import extra_cells
from servicemodel.io._columns import (
    UNKNOWN_CHANNEL,
    attribute_value,
    channel_name,
    id_text,
    no_text,
)
from servicemodel.io._seen import SeenIds
from servicemodel.io._vocab import priority_and_label
from servicemodel.io._xlsx import FaultyRow
from servicemodel.io.eventlog._day_order import DayOrder
from servicemodel.io.eventlog._epoch import epoch_instant
from servicemodel.io.eventlog._options import (
    EVENT_KINDS,
    HAPPENED,
    LIFECYCLE,
    TICKET_ROLES,
    Options,
    read_options,
)
from servicemodel.io.eventlog._stream import HistoryStream, Incomplete, Item, OnError
from servicemodel.io.eventlog._time import parse_timestamp
from servicemodel.model import (
    AgentReply,
    Event,
    Priority,
    Reopen,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
    lost_facts,
)
from servicemodel.model._shared import mark

__all__ = ["Numbered", "histories"]


def _cell(row: Mapping[str, Any], opts: Options, role: str, where: str) -> Any:
    """The row's value for ``role``, or None when absent or a missing marker."""
    column = opts.columns.get(role)
    if column is None:
        return None
    return _value(row, opts, column, role, where)


def _value(row: Mapping[str, Any], opts: Options, column: str, role: str, where: str) -> Any:
    """The row's value in ``column`` (read for ``role``), or None when absent or missing."""
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
    # themselves; both mean "no value" in a frame. pandas' NA (nullable dtypes) answers any
    # comparison with itself -- missing -- and refuses to be a bool.
    try:
        unequal = value != value
    except Exception:  # a value whose comparison raises is a value, not a missing marker...
        # ...but for a Decimal signalling NaN, which refuses every comparison: a NaN, missing
        # as Decimal("NaN") is (it read as the text "sNaN", a value).
        return isinstance(value, Decimal) and value.is_nan()
    if unequal is value:  # pandas' NA answers NA; False != False is False, a value
        return type(value).__name__ == "NAType"
    if getattr(unequal, "ndim", 0) != 0:
        # An array compared with itself answers an array (a pandas array's is true when not
        # empty): no verdict on the cell, which is a value (its text), not a missing marker.
        return False
    try:
        return bool(unequal)
    except Exception:
        return False


def _required(
    row: Mapping[str, Any], opts: Options, role: str, where: str, case: str | None = None
) -> Any:
    """The row's value for a required role; missing, a RecordError that names the case (when
    known, as every other error of a case's row does), the column and the cell."""
    value = _cell(row, opts, role, where)
    if value is None:
        column = opts.columns[role]
        whose = "" if case is None else f"case {safe_repr(case)}: "
        raw = row.get(column)
        # A sheet's empty cell (None) and a CSV's ('') are one error, said the same way.
        blank = raw is None or (isinstance(raw, str) and not raw.strip())
        got = ": the cell is empty" if blank else f", got {safe_repr(raw)}"
        raise RecordError(
            f"{whose}missing {role} (column {safe_repr(column)}){got}", path=f"{where}.{column}"
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


def _read_row(index: int, row: Any, opts: Options) -> tuple[str | None, _Row | RecordError | None]:
    """The row's case id (None if unreadable) and the row, or the error that sets it aside,
    or None for a row of an activity ``keep`` leaves out (read no further: no event)."""
    where = f"rows[{index}]"
    if not isinstance(row, Mapping):
        bad = f"a row must be a mapping, got {type(row).__name__} {safe_repr(row)}"
        return None, RecordError(bad, path=where)
    # A workbook's row with a cell it may not be read with (see io._xlsx).
    fault = (row.column, row.why) if isinstance(row, FaultyRow) else None
    if fault is not None and fault[0] == opts.columns["case"]:
        return None, RecordError(fault[1], path=f"{where}.{fault[0]}")
    try:
        raw_case = _required(row, opts, "case", where)
        # A frame's id column with a gap is float: 12.0 is case '12', as the CSV says. Spaces
        # around the id are no part of it (`C1, Reply, ...`), as for the activity.
        case = (
            raw_case if type(raw_case) is str else id_text(raw_case, opts.columns["case"], where)
        ).strip()
    except RecordError as exc:
        return None, exc
    if fault is not None:
        return case, RecordError(f"case {safe_repr(case)}: {fault[1]}", path=f"{where}.{fault[0]}")
    shifted = extra_cells(row, where)
    if shifted is not None:  # a cell past the header: every cell may be another column's
        return case, shifted
    try:
        activity = str(_required(row, opts, "activity", where, case)).strip()
        if opts.keep and activity not in opts.keep:
            return case, None
        raw_at = _required(row, opts, "timestamp", where, case)
        done = _completes(row, opts, where, case)
    except RecordError as exc:
        return case, exc
    try:
        at = _instant(raw_at, opts)
    except NaiveDatetimeError as exc:
        # Not one bad record: the whole export is naive until tz= says where it was written.
        raise NaiveDatetimeError(f"{where}.{opts.columns['timestamp']}: {exc}") from None
    except ServiceModelError as exc:
        path = f"{where}.{opts.columns['timestamp']}"
        return case, RecordError(f"case {safe_repr(case)}: {exc}", path=path)
    return case, _Row(index, case, at, activity, row, done)


def _completes(row: Mapping[str, Any], opts: Options, where: str, case: str) -> bool:
    """Whether the row's activity happened: no lifecycle value, or one of ``HAPPENED``; a
    value outside the XES standard lifecycle model is an error (see ``LIFECYCLE``)."""
    value = _cell(row, opts, "lifecycle", where)
    if value is None:
        return True
    transition = str(value).strip().casefold()
    if transition not in LIFECYCLE:
        column = opts.columns["lifecycle"]
        raise RecordError(
            f"case {safe_repr(case)}: lifecycle {safe_repr(value)} is not a transition of the "
            f"XES standard lifecycle model ({', '.join(sorted(LIFECYCLE))}); if column "
            f"{safe_repr(column)} holds the source's statuses, map it as the status column "
            f"(columns.status = {safe_repr(column)}) and switch lifecycle off "
            '(columns.lifecycle = "")',
            path=f"{where}.{column}",
        )
    return transition in HAPPENED


def _event(r: _Row, opts: Options, status: Status, label: str | None = None) -> Event | None:
    """The event of one row, or None for an ignored activity, an unchanged status or a row
    whose activity did not happen (see ``HAPPENED``)."""
    if not r.done:
        return None
    eid = f"r{r.index}"
    agent = _cell(r.row, opts, "resource", f"rows[{r.index}]")
    agent = None if agent is None else str(agent).strip()
    kind = opts.activity_map.get(r.activity)
    if kind is not None:
        return EVENT_KINDS[kind](eid, r.at, agent)
    # The status column holds the case's status after the row, a status activity's row too
    # (an activity "Wait" with "Wait - Vendor" in the column is on hold, not pending); an
    # empty cell, or a value named in ignore (BPI Challenge 2013's "Unmatched"), sets none.
    new, text = None, r.activity
    raw_status = _cell(r.row, opts, "status", f"rows[{r.index}]")
    if raw_status is not None and str(raw_status).strip() not in opts.ignore:
        new, text = _status_value(raw_status, opts, r), str(raw_status).strip()
    elif r.activity in opts.status_map:
        new = opts.status_map[r.activity]
    elif raw_status is None and r.activity not in opts.ignore:
        known = sorted({*opts.activity_map, *opts.status_map})
        raise RecordError(
            f"case {safe_repr(r.case)}: unknown activity {safe_repr(r.activity)}; map it in "
            f"activity_map or status_map, or name it in ignore (mapped: {known})",
            path=f"rows[{r.index}].{opts.columns['activity']}",
        )
    if new is None or (new is status and label == text):
        return None
    return StatusChange(eid, r.at, status=new, label=text)


def _column_change(
    r: _Row, opts: Options, status: Status, label: str | None
) -> StatusChange | None:
    """The status change a row of a mapped activity makes through the status column, or None.

    The column holds the case's status after the row, a reply's or a message's row too: a
    reply logged with the resolution it sent solves the case there (``_event`` reads the
    activity alone for such a row)."""
    if not r.done or r.activity not in opts.activity_map:
        return None
    raw = _cell(r.row, opts, "status", f"rows[{r.index}]")
    if raw is None or str(raw).strip() in opts.ignore:
        return None
    new, text = _status_value(raw, opts, r), str(raw).strip()
    if new is status and label == text:
        return None
    return StatusChange(f"r{r.index}.status", r.at, status=new, label=text)


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
                text = str(value).strip()  # spaces around a name are no part of it
                out[role] = channel_name(text, opts.channels) if role == "channel" else text
                break
    if "priority" in out:
        out["priority"], out["priority_label"] = priority_and_label(
            out["priority"], opts.priority_map
        )
    # No channel column, or no value in it: the log does not say, and "other" says so (the
    # model's own default, email, would claim every ticket came by email).
    out.setdefault("channel", UNKNOWN_CHANNEL)
    if opts.attributes or opts.lost:
        attributes = _case_attributes(rows, opts)
        mark(attributes, opts.lost)
        out["attributes"] = attributes
    return out


def _case_attributes(rows: Sequence[_Row], opts: Options) -> dict[str, Any]:
    """Each ``attributes`` column's value for the case: the last one not missing, in time.

    The rows are in time order (ties in the file's order), so the last row wins: in a
    snapshot log (ServiceNow's, one row per update of the incident) that is the case's latest
    word -- its final category, its final ``made_sla``. A column with no value in any row of
    the case gives no attribute. A number or bool is kept as one (numpy's, as pandas' nullable
    ``Int64`` and ``boolean`` columns give them, as Python's: the same value as a polars frame
    or plain rows give); any other value (a frame's timestamp) is kept as its text, as the
    one-row reader does.
    """
    out: dict[str, Any] = {}
    for name in opts.attributes:
        for r in reversed(rows):
            value = _value(r.row, opts, name, name, f"rows[{r.index}]")
            if value is not None:
                out[name] = attribute_value(value)
                break
    return out


def _created(rows: Sequence[_Row], opts: Options) -> datetime | None:
    """The case's creation instant from its first row (in time) that has one, or None; a row
    before it is an error of the case (the log contradicts itself: never a silent shift)."""
    column = opts.columns.get("created")
    if column is None:
        return None
    for r in rows:
        raw = _cell(r.row, opts, "created", f"rows[{r.index}]")
        if raw is not None:
            break
    else:
        return None
    where = f"rows[{r.index}].{column}"
    try:
        created = _instant(raw, opts)
    except NaiveDatetimeError as exc:  # the whole export needs tz=, as for timestamps
        raise NaiveDatetimeError(f"{where}: {exc}") from None
    except ServiceModelError as exc:
        raise RecordError(f"case {safe_repr(r.case)}: {exc}", path=where) from None
    first = rows[0]
    if first.at.astimezone(UTC) < created.astimezone(UTC):
        before = sum(x.at.astimezone(UTC) < created.astimezone(UTC) for x in rows)
        raise RecordError(
            f"case {safe_repr(first.case)}: its row at {first.at.isoformat()} comes before the "
            f"case's creation {created.isoformat()} ({column} {safe_repr(raw)}); rows before "
            f"its creation: {before} of {len(rows)}",
            path=f"rows[{first.index}].{opts.columns['timestamp']}",
        )
    return created


def _case_history(rows: list[_Row], opts: Options) -> TicketHistory:
    """The history of one case; any model error is a RecordError naming the case's row."""
    rows.sort(key=lambda r: r.at.astimezone(UTC))  # stable: ties keep the file's order
    first = rows[0]
    created = _created(rows, opts)
    try:
        ticket = Ticket(first.case, created or first.at, **_ticket_fields(rows, opts))
    except ServiceModelError as exc:
        raise RecordError(
            f"case {safe_repr(first.case)}: {exc}", path=f"rows[{first.index}]"
        ) from None
    events: list[Event] = []
    status, label = Status.NEW, None
    for r in rows:
        try:
            happened, status, label = _row_events(r, opts, status, label)
        except RecordError:
            raise
        except ServiceModelError as exc:
            raise RecordError(f"case {safe_repr(r.case)}: {exc}", path=f"rows[{r.index}]") from None
        events += happened
    if _opened_by_reply(ticket, events):
        ticket = _losing_first_reply(ticket)
    return TicketHistory(ticket, events)


def _opened_by_reply(ticket: Ticket, events: Sequence[Event]) -> bool:
    """Whether the case opens with a public agent reply at its creation instant.

    The log cannot say whether an agent opened the ticket (an outbound message: Zendesk then
    counts the first reply from the second public agent reply) or the log lost the rows before
    the reply (it starts mid-case); either way a first reply time of 0 would be a guess.
    """
    if not events or type(events[0]) is not AgentReply or events[0].automated:
        return False
    return events[0].at.astimezone(UTC) == ticket.created_at.astimezone(UTC)


def _losing_first_reply(ticket: Ticket) -> Ticket:
    """``ticket`` with the lost fact ``first_reply`` added to those the mapping loses."""
    out = dict(ticket.attributes)
    mark(out, lost_facts(TicketHistory(ticket, ())) | {"first_reply"})
    return attrs.evolve(ticket, attributes=out)


def _row_events(
    r: _Row, opts: Options, status: Status, label: str | None
) -> tuple[list[Event], Status, str | None]:
    """The events of one row (its activity's, then its status column's), and the status and
    label in force after them."""
    ev = _event(r, opts, status, label)
    if isinstance(ev, StatusChange):
        status, label = ev.status, ev.label
    elif isinstance(ev, Reopen):
        if status.is_resolved:
            status, label = Status.OPEN, None
        else:
            ev = None  # a "reopen" of an open case changes nothing; the model refuses it
    change = _column_change(r, opts, status, label)
    if change is not None:
        status, label = change.status, change.label
    return [e for e in (ev, change) if e is not None], status, label


class _Repeats:
    """The rows that repeat an earlier row of their case exactly, every cell the same.

    The reader keeps each as its own event (the log has no event ids to tell a copy from two
    replies in one second), but says so: a copy -- the same file given twice under two names,
    overlapping export runs -- silently lowers the one-touch rate and FCR.
    """

    def __init__(self) -> None:
        self.count = 0
        self.cases = 0
        self.example: tuple[str, int, int] | None = None

    def note(self, case: str, repeats: list[tuple[int, int]]) -> None:
        if not repeats:
            return
        self.count += len(repeats)
        self.cases += 1
        if self.example is None:
            self.example = (case, *repeats[0])

    def warning(self) -> Incomplete | None:
        """The warning for the whole log, or ``None`` when no row repeats another.

        Examples:
            >>> r = _Repeats()
            >>> r.warning() is None
            True
            >>> r.note("T1", [(0, 3)])
            >>> print(r.warning().text)  # doctest: +ELLIPSIS
            1 row of 1 case repeats an earlier row of its case exactly (every cell the same; first: case 'T1', rows[3] repeats rows[0]): each is read as its own event, ...
        """  # noqa: E501
        if self.example is None:
            return None
        case, first, again = self.example
        rows = "1 row" if self.count == 1 else f"{self.count} rows"
        cases = "1 case" if self.cases == 1 else f"{self.cases} cases"
        verb = (
            "repeats an earlier row of its" if self.count == 1 else "repeat earlier rows of their"
        )
        return Incomplete(
            f"{rows} of {cases} {verb} case exactly (every cell the "
            f"same; first: case {safe_repr(case)}, rows[{again}] repeats rows[{first}]): each "
            "is read as its own event, so a copied reply lowers the one-touch rate and FCR; "
            "if the export repeats rows (a file given twice under two names, overlapping "
            "export runs), drop the copies first"
        )


def _day_order(opts: Options) -> DayOrder:
    """The check of the log's numeric dates (see ``_day_order``): its timestamp column and
    its ``created`` column (read as the timestamps are), unless the options say how the dates
    read.

    Examples:
        >>> rows = [{"case:concept:name": "C", "concept:name": "Opened",
        ...          "time:timestamp": "02/03/2026 09:00"}]
        >>> found = histories(rows, activity_map={"Opened": "customer_message"}, tz="UTC")
        >>> print(found.collect().warnings[0])  # doctest: +ELLIPSIS
        every numeric date of the log reads either way, and 1 was read month first ...
    """
    active = not (opts.dayfirst or opts.formats or opts.unit)
    dates = [opts.columns[role] for role in ("timestamp", "created") if role in opts.columns]
    return DayOrder(dates, active=active, what="log")


def _said(repeats: _Repeats, order: DayOrder) -> Iterator[Incomplete]:
    """The stream's warnings, once every row is read."""
    warning = repeats.warning()
    if warning is not None:
        yield warning
    text = order.warning()
    if text is not None:
        yield Incomplete(text)


#: A frame's gap (NaN of any float width, ``pandas.NA``, ``NaT``) in a row's key: gaps never
#: equal themselves, so every one is keyed as this marker.
_GAP = ("<gap>",)


def _cell_key(value: Any) -> Any:
    """A cell as a key that equals the key of the same cell in a copied row, and only that.

    Python's ``True == 1 == 1.0`` (one hash), so the key keeps the cell's kind beside it: a
    bool, a whole number and a float are different cells, as the reader keeps them
    (``attribute_value``), and so are ``0.0`` and ``-0.0``. numpy's bool, int and float
    scalars (any width) key as the Python value they read as. A ``Decimal`` is a number cell
    of a kind of its own, keyed by its exact text, which is what the reader keeps of it (an
    attribute ``Decimal("1.0")`` reads ``"1.0"``): ``Decimal("1")`` and ``Decimal("1.0")``
    are different cells, as are ``Decimal("0")`` and ``Decimal("-0")``, and none is the
    int ``1``, the float ``1.0`` or the text ``"1"``, though Python finds them equal. A gap
    of any kind is one key: NaN of any float width, a ``Decimal`` NaN, pandas' ``NA`` and
    ``NaT``.

    Examples:
        >>> import numpy as np
        >>> _cell_key(True) == _cell_key(1), _cell_key(1) == _cell_key(1.0)
        (False, False)
        >>> _cell_key(Decimal("1")) == _cell_key(Decimal("1.0")), _cell_key(Decimal("1"))
        (False, (<class 'decimal.Decimal'>, '1'))
        >>> gap = _cell_key(float("nan"))
        >>> _cell_key(np.float32("nan")) == gap, _cell_key(None) == gap
        (True, False)
        >>> _cell_key(np.int64(7)) == _cell_key(7), _cell_key(10**5000) == _cell_key(10**5000)
        (True, True)
    """
    kind = type(value)
    # Hot (every cell of a frame's row): exact types first; the rest in ``_other_key``.
    if kind is str:
        return value
    if kind is float:
        return _GAP if value != value else (float, value, math.copysign(1.0, value))
    if kind is int or kind is bool:
        return (kind, value)
    return _other_key(value)


def _other_key(value: Any) -> Any:
    """``_cell_key`` of a cell that is no ``str``, ``float``, ``int`` or ``bool`` exactly."""
    if isinstance(value, str):  # numpy's str_, a str subclass: its text
        return value
    if isinstance(value, float):  # numpy's float64, a float subclass
        return _float_key(value)
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    # A numpy scalar: a dtype, no dimensions and a hash (a 0-d array has the first two only,
    # and is keyed by its repr below, as a list is).
    if kind is not None and getattr(value, "ndim", None) == 0 and type(value).__hash__ is not None:
        if kind == "f":  # float16, float32, longdouble: NaN of any width is a gap
            return _float_key(value)
        tag = _NUMPY_TAGS.get(kind)  # numpy.True_ == True and numpy.int64(7) == 7, one hash
        if tag is not None:
            return (tag, value)
    if _is_nan(value):  # pandas' NA and NaT, numpy's NaT, a Decimal NaN: a gap, as read
        return _GAP
    if isinstance(value, int | Decimal):
        return _number_key(value)
    try:
        hash(value)
    except TypeError:  # a list or dict of a frame's object column: compared by its repr
        return ("<unhashable>", safe_repr(value, limit=10_000))
    return value


def _number_key(value: int | Decimal) -> tuple[type, Any]:
    """The key of an int subclass (an IntEnum: the number it is) or of a ``Decimal``: its text,
    which is what the reader keeps of it, so ``1`` and ``1.0`` (``0`` and ``-0``) differ."""
    if isinstance(value, Decimal):
        return (Decimal, str(value))
    return (bool, value) if isinstance(value, bool) else (int, value)


#: numpy's bool and whole-number scalar kinds (``dtype.kind``), as the Python type they hold.
_NUMPY_TAGS: dict[str, type] = {"b": bool, "i": int, "u": int}


def _float_key(value: Any) -> Any:
    """A float cell's key (any width): the gap, or the value with its sign (``-0.0``)."""
    return _GAP if value != value else (float, value, math.copysign(1.0, value))


def _cells_key(row: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The row's cells as a key: two rows give the same key when every cell is the same.

    The same cell is the same kind and value, by ``_cell_key``'s rule: ``True``, ``1``,
    ``1.0``, ``Decimal("1")`` and ``"1"`` are five different cells, ``Decimal("1")`` and
    ``Decimal("1.0")`` two (what the reader keeps of a ``Decimal`` is its text), and every
    gap is the same.

    Examples:
        >>> _cells_key({"n": 1}) == _cells_key({"n": True}), _cells_key({"n": "1"})
        (False, (('n', '1'),))
    """
    for value in row.values():
        if type(value) is not str:
            break
    else:  # a CSV's row: the cells are the key
        return tuple(row.items())
    return tuple((str(k), _cell_key(v)) for k, v in row.items())


class _Case:
    """The rows of the case being read, or the first error that sets the case aside."""

    def __init__(self, case: str) -> None:
        self.case = case
        self.rows: list[_Row] = []
        self.error: RecordError | None = None
        self.seen: dict[tuple[tuple[str, Any], ...], int] = {}
        self.repeats: list[tuple[int, int]] = []

    def add(self, row: _Row | RecordError, opts: Options) -> None:
        if self.error is not None:
            return
        if isinstance(row, RecordError):
            self.error = row
            return
        try:
            _event(row, opts, Status.NEW)  # an unknown activity or status, caught early
            _column_change(row, opts, Status.NEW, None)
        except RecordError as exc:
            self.error = exc
            return
        key = _cells_key(row.row)
        first = self.seen.setdefault(key, row.index)
        if first != row.index:
            self.repeats.append((first, row.index))
        self.rows.append(row)

    def result(self, opts: Options) -> Item:
        if self.error is not None:
            return self.error
        try:
            return _case_history(self.rows, opts)
        except RecordError as exc:
            return exc


@attrs.frozen
class Numbered(Iterable[Any]):
    """Rows, each numbered by its position in its source rather than in this order.

    A frame is read sorted by case id; its rows keep their positions in the frame in errors
    (``rows[i]`` is ``df.iloc[i]``) and event ids (``r{i}``), as its CSV's rows do, so a
    frame and its CSV give the same histories whatever the row order.
    """

    rows: Iterable[Any]
    positions: Iterable[int]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)


def _cased(
    rows: Iterable[Any], opts: Options
) -> Iterator[RecordError | tuple[int, str, _Row | RecordError]]:
    """Each row read: ``(index, case, row or its error)``, or the error of a row without a case
    (nothing to set aside with it: the row alone is the bad record)."""
    read = left = 0
    numbered: Iterable[tuple[int, Any]] = (
        zip(rows.positions, rows.rows, strict=True)
        if isinstance(rows, Numbered)
        else enumerate(rows)
    )
    for index, raw in numbered:
        case, row = _read_row(index, raw, opts)
        if case is None:
            assert isinstance(row, RecordError)
            yield row
        elif row is not None:
            read += 1
            yield index, case, row
        else:  # a row of an activity keep leaves out
            left += 1
    if left and not read:  # a keep word the log never writes (case, spelling): no ticket
        raise ConfigError(
            f"keep {safe_repr(sorted(opts.keep))} matches no row of the log: all {left} rows "
            "were left out; name the activities as the log writes them",
            path="keep",
        )


def _grouped(rows: Iterable[Any], opts: Options) -> Iterator[Item]:
    """Group every row by case in memory, then yield each case's history (or its error) in the
    order the cases first appear: for logs whose cases interleave (sorted by time)."""
    cases: dict[str, _Case] = {}
    order = _day_order(opts)
    for read in _cased(rows, opts):
        if isinstance(read, RecordError):
            yield read
            continue
        _, case, row = read
        found = cases.get(case)
        if found is None:
            found = cases[case] = _Case(case)
        found.add(row, opts)
        if isinstance(row, _Row):
            order.see(row.row)
    repeats = _Repeats()
    for found in cases.values():
        repeats.note(found.case, found.repeats)
        yield found.result(opts)
    yield from _said(repeats, order)


def _items(rows: Iterable[Any], opts: Options) -> Iterator[Item]:
    """Group contiguous rows by case and yield each case's history (or its error)."""
    if not opts.contiguous:
        yield from _grouped(rows, opts)
        return
    current: _Case | None = None
    repeats = _Repeats()
    order = _day_order(opts)
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
                    repeats.note(current.case, current.repeats)
                    yield current.result(opts)
                seen.add(case)
                current = _Case(case)
            current.add(row, opts)
            if isinstance(row, _Row):
                order.see(row.row)
        if current is not None:
            repeats.note(current.case, current.repeats)
            yield current.result(opts)
    yield from _said(repeats, order)


def _instant(raw: Any, opts: Options) -> datetime:
    """A timestamp cell read as the options say: a count since the Unix epoch with
    ``timestamp_unit``, else text (``parse_timestamp``)."""
    if opts.unit is not None:
        return epoch_instant(raw, opts.unit)
    return parse_timestamp(
        raw, tz=opts.tz, dayfirst=opts.dayfirst, date_format=opts.formats,
        month_names=opts.months,
    )  # fmt: skip


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
    channel_map: Mapping[str, str] | None = None,
    attributes: Iterable[str] = (),
    keep: Iterable[str] = (),
    month_names: str | Sequence[str | Sequence[str]] | None = None,
    timestamp_unit: str | None = None,
) -> HistoryStream:
    """Stream one [`TicketHistory`][servicemodel.model.TicketHistory] per case of an event log.

    ``rows`` are mappings (``csv.DictReader`` rows, or dicts). ``columns`` maps roles to column
    names: ``case``, ``activity``, ``timestamp`` (required), ``resource`` (the agent of a reply
    or note), ``lifecycle`` (the XES transition, see below), ``status`` (a status column, the
    case's status after each row whatever its activity: each change is a status change, after
    a reply's own event on its row; a status value named in ``ignore`` sets none), ``created``
    (the case's creation instant), and the ticket's ``requester``, ``channel``, ``priority``,
    ``group``, ``assignee`` (from the case's first row that has them). A case id a frame holds
    as a float is the integer's text (``12.0`` is ``"12"``); one beyond 2**53 or not whole is
    an error.

    The ticket is created at the ``created`` value of the case's first row (in time) that has
    one, read like a timestamp -- ServiceNow's ``opened_at``, before the first snapshot row --
    else at the case's first event; a row earlier than its creation is a
    [`RecordError`][servicemodel.errors.RecordError] for the case, naming the row.

    Lifecycle: a row counts if its transition is ``complete`` or ``unknown`` (or it has none);
    the other transitions of the XES standard lifecycle model (IEEE 1849-2016) are no event.
    Any other value is an error for its case that says to map the column as ``status`` and
    switch lifecycle off: ``columns={"lifecycle": ""}`` does, and so does a ``status`` column
    that is the lifecycle column.

    A channel is its entry in ``channel_map`` (keys matched in lowercase), else the label as a
    channel name (``"Self service"`` is ``self_service``); a case without one is ``"other"``:
    the log does not say. ``priority_map`` maps the source's own priorities (``"P1"``) to ours;
    an unmapped unknown one is an error. Each status change keeps the source's name for it as
    its ``label``. Timestamps are read by
    [`parse_timestamp`][servicemodel.io.eventlog.parse_timestamp] with ``tz``, ``dayfirst``
    and ``date_format`` (``strptime`` formats, e.g. ``"%d/%b/%y %I:%M %p"``), whose
    ``%b``/``%B`` read the month names of ``month_names`` (a language code, ``"es"``, or the
    12 months' names) in an export written in another language. With ``timestamp_unit``
    (``"s"`` or ``"ms"``) the timestamp and ``created`` cells are counts of seconds or
    milliseconds since 1970-01-01T00:00:00Z instead (an ``int``, a float or text of
    digits), read exactly, in UTC. A bad case is
    one [`RecordError`][servicemodel.errors.RecordError] naming the row and column.

    The rows of a case must be contiguous, so memory stays flat however long the log; a case
    that starts again is an [`EventOrderError`][servicemodel.errors.EventOrderError]. With
    ``contiguous=False`` the cases may interleave (a log sorted by time): every row is grouped
    in memory first, and the cases come out in the order they first appear.

    ``attributes`` names further columns kept as ticket attributes (case attributes, such as
    ServiceNow's ``category`` or ``made_sla``): each is the value of the case's **last** row,
    in time order, whose cell is not missing -- in a snapshot log, the case's latest word. A
    column empty (or a missing marker) on every row of the case gives no attribute.

    ``keep`` names the only activities read; a row of any other is no event and no part of
    its case (a case left with no row gives no history). It is for a **field-history** log,
    one row per change of any field (Zendesk's ``ticket_field_history`` as Fivetran writes
    it, ServiceNow's audit table): with ``columns={"activity": "field_name", "status":
    "value"}`` and ``keep=["status"]`` the status rows are the status changes and the other
    fields' rows are left out, however many fields there are (``ignore`` would have to name
    each of them). Empty (the default): every row is read.

    Examples:
        >>> rows = [{"case:concept:name": "C9", "concept:name": "Resolved",
        ...          "time:timestamp": "2026-03-02T09:00:00+00:00"}]
        >>> [h.status_at(h.created_at).value for h in histories(rows, status_map={"Resolved": "solved"})]
        ['solved']
    """  # noqa: E501
    opts = read_options(
        columns, status_map, activity_map, ignore, tz, dayfirst, missing, priority_map,
        date_format, contiguous, channel_map, attributes, keep, month_names, timestamp_unit,
    )  # fmt: skip
    return HistoryStream(_items(rows, opts), on_error=on_error)
