"""Private: one-row-per-ticket exports read into partial histories (see the package docs)."""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool, real_number
from servicemodel.errors import (
    ConfigError,
    NaiveDatetimeError,
    RecordError,
    ServiceModelError,
)
from servicemodel.io._cells import extra_cells
from servicemodel.io._columns import (
    UNKNOWN_CHANNEL,
    attribute_value,
    cell_value,
    channel_name,
    columns_over,
    id_text,
    no_text,
    rating_scale_of,
    read_channel_map,
    read_table,
    read_words,
)
from servicemodel.io._seen import SeenIds
from servicemodel.io._vocab import source_label
from servicemodel.io._xlsx import FaultyRow
from servicemodel.io.eventlog._shared import (
    Item,
    MonthNames,
    attribute_names,
    date_formats,
    parse_timestamp,
    read_month_names,
    zone,
)
from servicemodel.io.summary._durations import DURATION_ROLES, is_na, parse_duration
from servicemodel.io.summary._hints import before_creation, off_scale
from servicemodel.io.summary._instants import local_instant
from servicemodel.io.summary._partial import PARTIAL_ATTRIBUTE, mark
from servicemodel.io.summary._status import read_statuses, settle, status_resolves
from servicemodel.model import (
    REOPENS_ATTRIBUTE,
    AgentReply,
    Event,
    Priority,
    SatisfactionRating,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.model._shared import MOST_REOPENS

__all__ = [
    "COLUMN_FACTS",
    "DEFAULT_COLUMNS",
    "LOST_FACTS",
    "NO_RATING",
    "Updated",
    "absent_facts",
    "stamp_columns",
    "updated_at",
]

DEFAULT_COLUMNS: Mapping[str, str] = {
    "id": "id",
    "created": "created_at",
    "first_reply": "first_reply_at",
    "solved": "solved_at",
    "closed": "closed_at",
    "rating": "rating",
    "rated": "rated_at",
    "channel": "channel",
    "priority": "priority",
    "group": "group",
    "assignee": "assignee",
    "requester": "requester",
    "tags": "tags",
    "status": "status",
    "status_changed": "status_changed",
    "updated": "updated_at",
    "reopens": "reopens",
    "reopened": "reopened_at",
    **{d: d for roles in DURATION_ROLES.values() for d in roles},
}
"""The column each role is read from unless ``columns=`` names another (a duration role,
``first_reply_after_min``, is read only where its instant role has no value; ``updated``, the
ticket's last update, is read only by ``load``, into its ``observed_until``; ``reopens``, how
many times the ticket was reopened, and ``reopened``, when it was last reopened, say whether it
was reopened: see ``histories``)."""
_REQUIRED = ("id", "created")
_INSTANTS = ("first_reply", "solved", "closed", "rated", "reopened")
#: What a row that says its ticket was never reopened (a reopen count of 0, or an empty
#: reopen instant) does not lack: no reopen, and its one resolution is its first.
_NEVER_REOPENED = frozenset({"reopens", "first_resolution"})
_NAMES = ("channel", "group", "assignee", "requester")
LOST_FACTS = frozenset(
    {"pauses", "next_reply", "periodic_update", "reopens", "first_resolution", "status_order"}
)
"""What a one-row-per-ticket export never holds: the lost facts of each of its histories."""
#: The facts lost besides ``LOST_FACTS`` when a role has no column at all: an empty cell says
#: "not replied / not solved yet", but a missing column says nothing (a Jira CSV has no first
#: reply), and reading it as "never" would call every ticket unanswered or open.
COLUMN_FACTS: Mapping[str, str] = {"first_reply": "first_reply", "solved": "resolution"}
NO_RATING = ("offered", "not offered", "unoffered")
"""What an export calls a satisfaction survey sent but not answered (Zendesk's "Offered",
"Not Offered", "Unoffered"): no rating, not a bad value (the default of ``no_rating=``)."""
_MARKED: dict[str, Any] = {}
mark(_MARKED, LOST_FACTS)  # what marks every history of this reader partial
_PRIORITIES = {"low": "low", "normal": "normal", "medium": "normal", "high": "high"}
_PRIORITIES["urgent"] = "urgent"


@attrs.frozen
class _Options:
    columns: Mapping[str, str]
    attributes: tuple[str, ...]
    priorities: Mapping[str, Priority]
    channels: Mapping[str, str]
    ratings: Mapping[str, float]
    scale: tuple[int, int]
    survey: str
    tz: tzinfo | None
    dayfirst: bool
    missing: frozenset[str]
    tag_separator: str
    local: ZoneInfo | None  # tz, where local_instant may read local times in it
    formats: tuple[str, ...] | None = None  # date_format, checked
    marked: Mapping[str, Any] = _MARKED  # the partial mark of this stream's histories
    no_rating: frozenset[str] = frozenset(NO_RATING)  # rating words that are no rating
    statuses: Mapping[str, Status] = attrs.field(factory=dict)  # status_map: see _status
    months: MonthNames | None = None  # month_names, checked against formats


def absent_facts(have: Iterable[Any], columns: Mapping[str, str]) -> frozenset[str]:
    """The facts lost because their role's column is not among ``have`` (a header, a frame's
    columns, the first row's keys): see ``COLUMN_FACTS``.

    Examples:
        >>> sorted(absent_facts(["id", "created_at", "solved_at"], DEFAULT_COLUMNS))
        ['first_reply']
    """
    names = {str(c) for c in have}
    return frozenset(
        fact
        for role, fact in COLUMN_FACTS.items()
        if all(columns[r] not in names for r in (role, *DURATION_ROLES[role]))
    )


def with_columns(opts: _Options, have: Iterable[Any]) -> _Options:
    """``opts`` for a stream whose columns are ``have``: its histories also lack the facts of
    the roles without a column."""
    names = {str(c) for c in have}
    absent = absent_facts(names, opts.columns)
    if status_resolves(opts.statuses, opts.columns.get("status"), names):
        absent -= {"resolution"}  # osTicket's export: a status, "Last Updated", no solve column
    if not absent:
        return opts
    marked: dict[str, Any] = {}
    mark(marked, LOST_FACTS | absent)
    return attrs.evolve(opts, marked=marked)


def _columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    cols = columns_over(DEFAULT_COLUMNS, DEFAULT_COLUMNS, columns)
    for role, durations in DURATION_ROLES.items():
        named = [r for r in (role, *durations) if r in (columns or {})]
        if len(named) > 1:  # two columns for one instant: which one would be the truth?
            raise ConfigError(
                f"columns= names {named} for one instant; name one of them",
                path=f"columns.{named[1]}",
            )
    return cols


def _priorities(priority_map: Mapping[str, str | Priority] | None) -> dict[str, Priority]:
    out = {k: Priority(v) for k, v in _PRIORITIES.items()}
    for raw, ours in read_table(priority_map, "priority_map").items():
        out[str(raw).strip().lower()] = Priority.parse(ours, f"priority_map.{raw}")
    return out


def _options(**o: Any) -> _Options:
    ratings: dict[str, float] = {}
    scale = rating_scale_of(o["rating_scale"])
    for raw, score in read_table(o["rating_map"], "rating_map").items():
        # A key that is no text is read as its text (5 -> "5"); safe_repr also for a huge int.
        key = raw if isinstance(raw, str) else safe_repr(raw)
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise ConfigError(
                f"expected a number, got {safe_repr(score)}", path=f"rating_map.{key}"
            )
        value = real_number(score, f"rating_map.{key}", error=ConfigError)
        if not scale[0] <= value <= scale[1]:
            # A word whose score is off the scale fails on every row that holds it: said once
            # here, naming the word, not as a bad record of each row.
            raise ConfigError(
                f"score {safe_repr(score)} is outside rating_scale {list(scale)}",
                path=f"rating_map.{key}",
            )
        ratings[key.strip().lower()] = value
    sep = o["tag_separator"]
    if not isinstance(sep, str) or not sep:
        raise ConfigError(
            f"expected a non-empty string, got {safe_repr(sep)}", path="tag_separator"
        )
    survey, dayfirst = o["survey"], o["dayfirst"]
    if not isinstance(survey, str):
        raise ConfigError(f"expected a survey name, got {safe_repr(survey)}", path="survey")
    if not is_bool(dayfirst):
        raise ConfigError(f"expected true or false, got {safe_repr(dayfirst)}", path="dayfirst")
    tz = zone(o["tz"])
    formats = None if o["date_format"] is None else date_formats(o["date_format"])
    return _Options(
        _columns(o["columns"]),
        attribute_names(o["attributes"]),
        _priorities(o["priority_map"]),
        read_channel_map(o["channel_map"]),
        ratings,
        scale,
        survey,
        tz,
        bool(dayfirst),
        read_words(o["missing"], "missing"),
        sep,
        # The fast local-time reader reads D/M/Y only: with date_format, the formats decide.
        tz if isinstance(tz, ZoneInfo) and formats is None else None,
        formats,
        no_rating=frozenset(
            w.strip().lower() for w in read_words(o.get("no_rating", NO_RATING), "no_rating")
        ),
        statuses=read_statuses(o.get("status_map"), o["columns"]),
        months=read_month_names(o.get("month_names"), formats),
    )


# -- one row -----------------------------------------------------------------------------------


def _blank(raw: Any) -> bool:
    """Whether a cell is empty: no value (a sheet's, a frame's ``None``) or blank text (a
    CSV's)."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _is_missing(value: Any, opts: _Options) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in opts.missing
    if is_na(value):  # a nullable column's NA: NA != NA is NA, not True
        return True
    try:  # NaN and NaT (a frame's missing values) are the only values unequal to themselves
        return bool(value != value)
    except Exception:
        # A Decimal signalling NaN refuses every comparison: a NaN, missing as
        # Decimal("NaN") is (it read as the text "sNaN", a value).
        return isinstance(value, Decimal) and value.is_nan()


class _Row:
    """One row being read: every error names the row, the ticket, the column and the value."""

    def __init__(self, raw: Mapping[str, Any], where: str, opts: _Options) -> None:
        self.raw, self.where, self.opts = raw, where, opts
        self.tid: str | None = None
        self.utc: dict[str, datetime] = {}  # the instants read so far, in UTC, by role
        self.status: Status | None = None  # a not-done status the row took (see _status)
        self.reopens: int | None = None  # how often the row says it was reopened, if it says

    def fail(self, role: str, value: Any, why: str) -> RecordError:
        column = self.opts.columns.get(role, role)
        who = f"ticket {safe_repr(self.tid)}: " if self.tid is not None else ""
        return RecordError(
            f"{who}{column} {safe_repr(cell_value(value))}: {why}", path=f"{self.where}.{column}"
        )

    def get(self, role: str) -> Any:
        value = self.raw.get(self.opts.columns[role])
        # Hot (every role of every row): no such column, and a CSV cell, answered inline.
        if value is None:
            return None
        if type(value) is str:
            return None if value.strip() in self.opts.missing else value
        if no_text(value):  # a frame's object cell: every reader of a cell takes its text
            raise self.fail(role, value, "no text (a number of more than 4,300 digits)")
        return None if _is_missing(value, self.opts) else value

    def present(self, role: str) -> bool:
        """Whether the row has the column mapped to ``role`` (its cell may be empty)."""
        column = self.opts.columns.get(role)
        return column is not None and column in self.raw

    def required(self, role: str) -> Any:
        value = self.get(role)
        if value is None:
            raw = self.raw.get(self.opts.columns[role])
            if _blank(raw):  # a sheet's empty cell (None) reads as a CSV's (''): one error
                column = self.opts.columns[role]
                who = f"ticket {safe_repr(self.tid)}: " if self.tid is not None else ""
                raise RecordError(
                    f"{who}{column}: the cell is empty; a value is required",
                    path=f"{self.where}.{column}",
                )
            raise self.fail(role, raw, "a value is required")
        return value

    def instant(self, role: str, value: Any) -> datetime:
        try:
            o = self.opts
            return parse_timestamp(
                value, tz=o.tz, dayfirst=o.dayfirst, date_format=o.formats, month_names=o.months
            )
        except NaiveDatetimeError:
            # Not one bad row: the whole export is naive until tz= says where it was written.
            raise NaiveDatetimeError(
                f"{self.where}.{self.opts.columns[role]}: timestamp {safe_repr(cell_value(value))} "
                "has no offset; pass tz= (e.g. tz='Europe/Berlin') to say which zone the export's "
                "local times are in"
            ) from None
        except ServiceModelError as exc:
            raise self.fail(role, value, str(exc)) from None

    def instants(self, role: str, value: Any) -> tuple[datetime, datetime]:
        """``instant(role, value)`` and the same instant in UTC."""
        local = self.opts.local
        if local is not None and type(value) is str:
            found = local_instant(value.strip(), local, self.opts.dayfirst)
            if found is not None:
                return found
        t = self.instant(role, value)
        try:
            return t, t.astimezone(UTC)
        except OverflowError:
            raise self.fail(role, value, "an instant out of range") from None


def _tid(row: _Row) -> str:
    raw = row.required("id")
    # A frame's id column with a gap is float: 12.0 is ticket '12', as the CSV says.
    tid = (raw if type(raw) is str else id_text(raw, row.opts.columns["id"], row.where)).strip()
    if not tid:
        raise row.fail("id", raw, "expected a ticket id")
    row.tid = tid
    return tid


def _rating(row: _Row, value: Any) -> float:
    opts = row.opts
    if isinstance(value, str) and value.strip().lower() in opts.ratings:
        return opts.ratings[value.strip().lower()]
    if is_bool(value):  # Excel's TRUE, a frame's bool (numpy's too): no score, even in 0..1
        raise row.fail("rating", value, "expected a score, not a boolean")
    try:
        score = float(value)
    except (TypeError, ValueError):
        known = sorted(opts.ratings)
        hint = f" or one of {known}" if known else " (pass rating_map= for words)"
        raise row.fail("rating", value, f"expected a score{hint}") from None
    low, high = opts.scale
    if not low <= score <= high:
        raise row.fail("rating", value, off_scale(score, low, high))
    return score


def _priority(row: _Row) -> Priority:
    value = row.get("priority")
    if value is None:
        return Priority.NORMAL
    found = row.opts.priorities.get(str(value).strip().lower())
    if found is None:
        known = sorted(row.opts.priorities)
        raise row.fail(
            "priority", value, f"unknown priority; expected one of {known} (pass priority_map=)"
        )
    return found


def _tags(value: Any, separator: str) -> list[str]:
    """A tags cell's tags: a text split on ``separator``; a frame's list of them (a polars
    ``List``, a list, tuple or array in an ``object`` column) item by item, unsplit.

    Examples:
        >>> _tags("vip; billing", ";"), _tags(["vip", "a;b", None, float("nan"), " "], ";")
        (['vip', 'billing'], ['vip', 'a;b'])
    """
    if isinstance(value, list | tuple) or getattr(value, "ndim", None) == 1:
        items = value.tolist() if hasattr(value, "tolist") else list(value)
        texts = [str(item).strip() for item in items if _present(item)]
        return [t for t in texts if t]
    return [t.strip() for t in str(value).split(separator) if t.strip()]


def _present(item: Any) -> bool:
    """Whether a list's item is a value: not None, NaN or pandas' NA."""
    try:
        return item is not None and bool(item == item)
    except TypeError:  # pandas' NA refuses to be a bool: missing
        return False
    except Exception:  # an item whose comparison is no bool (an array): a value
        return True


def _ticket(row: _Row, tid: str, created: datetime) -> Ticket:
    opts = row.opts
    fields: dict[str, Any] = {}
    for role in _NAMES:
        value = row.get(role)
        if value is not None:
            text = str(value).strip()
            fields[role] = channel_name(text, opts.channels) if role == "channel" else text
    # No channel column, or no value in it: the export does not say, and "other" says so (the
    # model's own default, email, would claim every ticket came by email).
    fields.setdefault("channel", UNKNOWN_CHANNEL)
    tags = row.get("tags")
    if tags is not None:
        fields["tags"] = _tags(tags, opts.tag_separator)
    attributes: dict[str, Any] = {}
    for name in opts.attributes:
        value = row.raw.get(name)
        if not _is_missing(value, opts):
            if no_text(value):
                raise row.fail(name, value, "no text (a number of more than 4,300 digits)")
            attributes[name] = attribute_value(value)
    attributes.update(opts.marked)  # mark(attributes, the stream's lost facts), computed once
    if row.reopens == 0:  # never reopened: its reopens and first resolution are known
        attributes[PARTIAL_ATTRIBUTE] = _known_reopens(attributes[PARTIAL_ATTRIBUTE])
    elif row.reopens is not None:  # reopened, at instants the row does not give
        attributes[REOPENS_ATTRIBUTE] = row.reopens
    # The desk's own name for the priority ("Sev 1", "3 - Moderate") is kept as its label, for
    # SLA targets keyed "label:NAME"; one of our own names is no label.
    label = source_label(row.get("priority"))
    return Ticket(
        tid, created, priority=_priority(row), priority_label=label, attributes=attributes,
        **fields,
    )  # fmt: skip


def _instants(row: _Row, created: datetime, created_utc: datetime) -> dict[str, datetime]:
    """The row's instants by role, each read with its UTC twin (in ``row.utc``)."""
    at: dict[str, datetime] = {}
    for role in _INSTANTS:
        value = row.get(role)
        if value is None:
            if role in DURATION_ROLES:
                _after(row, role, created, created_utc, at)
            continue
        t, utc = row.instants(role, value)
        if utc < created_utc:
            raise row.fail(role, value, before_creation(value, t, created))
        at[role] = t
        row.utc[role] = utc
    if row.opts.statuses:  # a resolved status fills an empty solve: see _status
        settle(row, row.opts.statuses, at, created, created_utc)
    return at


def _after(
    row: _Row, role: str, created: datetime, created_utc: datetime, at: dict[str, datetime]
) -> None:
    """The instant of ``role`` from a duration column, if one has a value: the creation plus
    the duration in UTC (calendar time), shown in the creation's zone."""
    for drole in DURATION_ROLES[role]:
        value = row.get(drole)
        if value is None:
            continue
        try:
            utc = created_utc + parse_duration(value, drole)
            at[role] = utc.astimezone(created.tzinfo)
        except ValueError as exc:
            raise row.fail(drole, value, str(exc)) from None
        except OverflowError:
            raise row.fail(drole, value, "an instant out of range") from None
        row.utc[role] = utc
        return


@functools.lru_cache(maxsize=64)
def _known_reopens(marked: str) -> str:
    """The lost facts ``marked`` (comma-separated) of a row known never to have been reopened."""
    return ",".join(f for f in marked.split(",") if f not in _NEVER_REOPENED)


def _reopen_count(row: _Row, at: Mapping[str, datetime]) -> int | None:
    """How many times the row says its ticket was reopened (``None``: it does not say).

    The ``reopens`` count where it has a value; else 1 with a ``reopened`` instant (the last
    reopen: at least one), 0 where that column is there but empty (not reopened, as an empty
    solve is not solved). A count of 0 beside a reopen instant is the row's error.
    """
    value = row.get("reopens")
    count = None if value is None else _whole(row, value)
    if "reopened" in at:
        if count == 0:
            raise row.fail(
                "reopens", value, f"no reopen, yet reopened at {at['reopened'].isoformat()}"
            )
        return 1 if count is None else count
    if count is None and row.present("reopened"):
        return 0
    return count


def _whole(row: _Row, value: Any) -> int:
    """A reopen count: a whole number, at least 0 (``3``, ``"3"``, a frame's ``3.0``)."""
    why = "expected a reopen count (a whole number, at least 0)"
    if is_bool(value):
        raise row.fail("reopens", value, why)
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        raise row.fail("reopens", value, why) from None
    if not math.isfinite(number) or number < 0 or number != int(number):
        raise row.fail("reopens", value, why)
    if number > MOST_REOPENS:  # "1e300": no count a JSON reader holds exactly
        raise row.fail("reopens", value, f"{why}, at most 2**53")
    return int(number)


def _events(row: _Row, created: datetime, created_utc: datetime) -> list[Event]:
    at = _instants(row, created, created_utc)
    row.reopens = _reopen_count(row, at)
    utc = row.utc
    solved, closed = at.get("solved"), at.get("closed")
    if solved is not None and closed is not None and utc["closed"] < utc["solved"]:
        raise row.fail(
            "closed", row.get("closed"), f"before the ticket was solved {solved.isoformat()}"
        )
    events: list[tuple[datetime, Event]] = []  # (in UTC, the event)
    if "first_reply" in at:
        events.append((utc["first_reply"], AgentReply("first_reply", at["first_reply"])))
    if solved is not None:
        events.append((utc["solved"], StatusChange("solved", solved, status=Status.SOLVED)))
    if closed is not None:
        events.append((utc["closed"], StatusChange("closed", closed, status=Status.CLOSED)))
    if row.status is not None:  # an open, pending ... status taken at ``at["status"]``
        events.append((utc["status"], StatusChange("status", at["status"], status=row.status)))
    score = row.get("rating")
    if score is not None and not _no_rating(row.opts, score):
        events.append(_rating_event(row, score, at, created, created_utc))
    events.sort(key=_first_of)  # stable: a reply before a solve at one time
    return [e for _, e in events]


def _no_rating(opts: _Options, score: Any) -> bool:
    """Whether ``score`` is a word for no rating (a survey offered, not answered)."""
    if not isinstance(score, str):
        return False
    word = score.strip().lower()
    return word in opts.no_rating and word not in opts.ratings


def _first_of(pair: tuple[datetime, Event]) -> datetime:
    return pair[0]


def _rating_event(
    row: _Row, score: Any, at: dict[str, datetime], created: datetime, created_utc: datetime
) -> tuple[datetime, Event]:
    # Without its own instant, a rating is taken at the ticket's last known instant (the
    # first of solved, closed, first reply that is latest in UTC; else the creation).
    role = "rated" if "rated" in at else None
    if role is None:
        known = [r for r in ("solved", "closed", "first_reply") if r in at]
        role = max(known, key=row.utc.__getitem__, default=None)
    when, when_utc = (at[role], row.utc[role]) if role is not None else (created, created_utc)
    low, high = row.opts.scale
    rating = SatisfactionRating(
        "rating", when, score=_rating(row, score), survey=row.opts.survey,
        scale_min=low, scale_max=high,
    )  # fmt: skip
    return when_utc, rating


def _history(index: int, raw: Any, opts: _Options, where: str) -> Item:
    if not isinstance(raw, Mapping):
        bad = f"a row must be a mapping, got {type(raw).__name__} {safe_repr(raw)}"
        return RecordError(bad, path=where)
    shifted = extra_cells(raw, where)
    if shifted is not None:  # a cell past the header: every cell may be another column's
        return shifted
    row = _Row(raw, where, opts)
    if isinstance(raw, FaultyRow):  # a workbook's cell the row may not be read with
        return _faulty(row, raw)
    try:
        tid = _tid(row)
        created_raw = row.required("created")
        created, created_utc = row.instants("created", created_raw)
        events = _events(row, created, created_utc)
        # The loaders' constructor: TicketHistory(ticket, events), its checks fused (hot).
        return TicketHistory._of_loaded(_ticket(row, tid, created), events)
    except RecordError as exc:
        return exc
    except NaiveDatetimeError:
        raise  # the whole export lacks a zone, not this row
    except (ServiceModelError, OverflowError) as exc:  # the model refused a value: same shape
        who = f"ticket {safe_repr(row.tid)}: " if row.tid is not None else ""
        why = f"an instant out of range ({exc})" if isinstance(exc, OverflowError) else exc
        return RecordError(f"{who}{why}", path=where)


def _faulty(row: _Row, raw: FaultyRow) -> RecordError:
    """The error of a sheet's row with a faulty cell, naming its ticket when its id reads."""
    if raw.column != row.opts.columns["id"]:
        # An id that does not read leaves the error naming the cell alone.
        with contextlib.suppress(ServiceModelError, ValueError, OverflowError):
            _tid(row)
    who = f"ticket {safe_repr(row.tid)}: " if row.tid is not None else ""
    return RecordError(f"{who}{raw.why}", path=f"{row.where}.{raw.column}")


def stamp_columns(opts: _Options) -> frozenset[str]:
    """The columns whose cells are read as timestamps (a sheet's number there is refused);
    not ``updated``, whose unreadable cell is no error."""
    roles = ("created", *_INSTANTS, "status_changed")
    return frozenset(opts.columns[r] for r in roles if r in opts.columns)


def updated_at(raw: Mapping[str, Any], opts: _Options) -> datetime | None:
    """The row's ``updated`` instant in UTC, read as its other instants are (``tz``,
    ``dayfirst``, ``date_format``); ``None`` where it has none that can be read.

    The last update only bounds the export's time from below (``LoadResult.observed_until``):
    a missing or unreadable cell is no observation, never an error -- an export is not
    refused for a column none of its figures needs. One before the creation is kept as read;
    it cannot move a snapshot that also waits for the last event.

    Examples:
        >>> from servicemodel.io.summary._api import _DEFAULTS
        >>> opts = _options(**{**_DEFAULTS, "tz": "Europe/Berlin"})
        >>> updated_at({"updated_at": "2026-03-02 10:00"}, opts).isoformat()
        '2026-03-02T09:00:00+00:00'
        >>> updated_at({"updated_at": "soon"}, opts), updated_at({"updated_at": ""}, opts)
        (None, None)
    """
    row = _Row(raw, "", opts)
    try:
        value = row.get("updated")
        return None if value is None else row.instants("updated", value)[1]
    except (ServiceModelError, OverflowError):
        return None


class Updated:
    """The ``updated`` instant (UTC) of the row that ``_items`` yielded last, if it loaded
    and has a readable one: ``load`` notes it for the ticket it accepts (a row it sets aside,
    a ticket already read from an earlier file, tells nothing)."""

    __slots__ = ("at",)

    def __init__(self) -> None:
        self.at: datetime | None = None


def _items(
    rows: Iterable[Any],
    opts: _Options,
    prefix: str = "rows",
    have: Iterable[Any] | None = None,
    updated: Updated | None = None,
) -> Iterator[Item]:
    """Read ``rows``; ``have`` are the stream's columns (a header, a frame's columns), else the
    keys of its first row that is a mapping decide which roles have no column. With
    ``updated``, each history's row's ``updated`` instant is set there before it is yielded."""
    decided = have is not None
    if have is not None:
        opts = with_columns(opts, have)
    with SeenIds() as seen:
        for index, raw in enumerate(rows):
            if not decided and isinstance(raw, Mapping):
                opts, decided = with_columns(opts, raw.keys()), True
            item = _history(index, raw, opts, f"{prefix}[{index}]")
            if updated is not None:
                updated.at = None
            if isinstance(item, TicketHistory):
                if item.id in seen:
                    item = RecordError(
                        f"ticket {safe_repr(item.id)}: appears on two rows of the export",
                        path=f"{prefix}[{index}].{opts.columns['id']}",
                    )
                else:
                    seen.add(item.id)
                    if updated is not None:
                        updated.at = updated_at(raw, opts)
            yield item
