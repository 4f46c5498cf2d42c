"""Private: an event log's reading options -- its columns, maps and what they cannot say."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import tzinfo
from typing import Any

import attrs

from servicemodel._config import one_of, safe_repr
from servicemodel._numbers import is_bool
from servicemodel.errors import ConfigError
from servicemodel.io._columns import (
    _close,
    check_columns,
    columns_over,
    columns_table,
    read_channel_map,
    read_table,
    read_texts,
    read_words,
    required_roles,
)
from servicemodel.io._vocab import read_priority_map
from servicemodel.io.eventlog._epoch import read_unit
from servicemodel.io.eventlog._months import MonthNames
from servicemodel.io.eventlog._time import date_formats, read_month_names, zone
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    REOPENS_ATTRIBUTE,
    AgentReply,
    CustomerMessage,
    Event,
    InternalNote,
    Priority,
    Reopen,
    Status,
)

__all__ = [
    "HAPPENED",
    "LIFECYCLE",
    "DEFAULT_COLUMNS",
    "EVENT_KINDS",
    "REQUIRED",
    "ROLES",
    "TICKET_ROLES",
    "Options",
    "asked_columns",
    "attribute_names",
    "check_attributes",
    "check_overlaps",
    "check_frame",
    "columns_of",
    "flag",
    "lost_by_mapping",
    "read_options",
]

#: The pm4py column names, used for every role ``columns`` does not name.
DEFAULT_COLUMNS: Mapping[str, str] = {
    "case": "case:concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "resource": "org:resource",
    "lifecycle": "lifecycle:transition",
}
REQUIRED = ("case", "activity", "timestamp")
#: Optional roles: the ticket's fields, read from the case's first row that has them.
TICKET_ROLES = ("requester", "channel", "priority", "group", "assignee")
#: ``created``: the case's creation instant (ServiceNow's ``opened_at``), when the log has it.
ROLES = frozenset(REQUIRED) | {"resource", "lifecycle", "status", "created", *TICKET_ROLES}
#: The transitions of the XES standard lifecycle model (IEEE 1849-2016, the lifecycle
#: extension's ``standard`` model; https://www.xes-standard.org/ and
#: https://www.tf-pm.org/resources/xes-standard/about-xes/standard-extensions/lifecycle/standard).
#: Any other value in the lifecycle column is not a lifecycle: a source's sub-status (BPI
#: Challenge 2013's "Awaiting Assignment") is an error for its case, never a row dropped.
LIFECYCLE = frozenset(
    {
        "schedule", "assign", "reassign", "start", "suspend", "resume", "withdraw",
        "ate_abort", "pi_abort", "complete", "autoskip", "manualskip", "unknown",
    }
)  # fmt: skip
#: The transitions that say an activity happened: ``complete``, and ``unknown`` -- a row whose
#: transition the source did not record counts like a row without one (dropping it would
#: silently empty a log that writes ``unknown`` on every row). The others are stages of an
#: activity before it happens (``schedule`` ... ``resume``: a reply logged at its start and its
#: completion would count twice) or say it did not happen (``withdraw``, the aborts, the skips:
#: a skipped reply is no reply).
HAPPENED = frozenset({"complete", "unknown"})

#: What an activity may be mapped to in ``activity_map``.
EVENT_KINDS: Mapping[str, Callable[..., Event]] = {
    "customer_message": lambda eid, at, _agent: CustomerMessage(eid, at),
    "agent_reply": lambda eid, at, agent: AgentReply(eid, at, agent=agent),
    "internal_note": lambda eid, at, agent: InternalNote(eid, at, agent=agent),
    "reopen": lambda eid, at, _agent: Reopen(eid, at),
}


@attrs.frozen
class Options:
    columns: Mapping[str, str]
    status_map: Mapping[str, Status]
    activity_map: Mapping[str, str]
    priority_map: Mapping[str, Priority]
    ignore: frozenset[str]
    tz: tzinfo | None
    dayfirst: bool
    missing: frozenset[str]
    formats: tuple[str, ...] | None = None  # date_format, checked
    contiguous: bool = True  # the rows of a case are contiguous (else grouped in memory)
    lost: frozenset[str] = frozenset()  # what the mapping makes the log unable to say
    channels: Mapping[str, str] = attrs.field(factory=dict)  # channel_map, keys lowercase
    attributes: tuple[str, ...] = ()  # the case attributes' columns, in the order given
    #: The only activities read (a field-history log's ``status`` rows); empty: every one.
    keep: frozenset[str] = frozenset()
    months: MonthNames | None = None  # month_names, checked against formats
    unit: str | None = None  # timestamp_unit: "s" or "ms" since the Unix epoch; None: text


def lost_by_mapping(
    activity_map: Mapping[str, str], status_map: Mapping[str, Status], columns: Mapping[str, str]
) -> frozenset[str]:
    """The facts no history of this log can hold, whatever its rows say (``model.LOST``).

    A log whose ``activity_map`` names no ``agent_reply`` records no reply: its tickets are
    not unanswered, their replies are unknown (first, next and periodic reply times). Without
    a ``customer_message`` no next reply clock can start. Without a resolved status (solved or
    closed) in ``status_map`` and without a status column, no ticket can be seen solved or
    reopened. A figure that needs such a fact then says so instead of counting every ticket
    as unanswered or open.
    """
    kinds = set(activity_map.values())
    lost: set[str] = set()
    if "agent_reply" not in kinds:
        lost |= {"first_reply", "next_reply", "periodic_update"}
    if "customer_message" not in kinds:
        lost.add("next_reply")
    resolved = any(s.is_resolved for s in status_map.values())
    if not resolved and "status" not in columns:
        lost |= {"resolution", "reopens", "first_resolution"}
    return frozenset(lost)


def columns_of(columns: Mapping[str, str] | None) -> dict[str, str]:
    """The column of each role: ``columns`` over ``DEFAULT_COLUMNS``, each role checked.

    ``lifecycle = ""`` switches the lifecycle role off (TOML has no null), and so does a
    ``status`` column that is the lifecycle column: its values are then the source's statuses
    (pm4py's CSV of BPI Challenge 2013 puts sub-statuses in ``lifecycle:transition``).

    Examples:
        >>> "lifecycle" in columns_of({"lifecycle": ""})
        False
        >>> "lifecycle" in columns_of({"status": "lifecycle:transition"})
        False
    """
    asked = columns_table(columns)
    off = asked.get("lifecycle") == ""
    if off:
        del asked["lifecycle"]
    cols = columns_over(DEFAULT_COLUMNS, ROLES, asked)
    if off or cols.get("status") == cols["lifecycle"]:
        del cols["lifecycle"]
    return cols


def asked_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    """The columns the user named that a header or frame must have (a lifecycle switched off
    has none)."""
    cols = columns_of(columns)
    return {role: name for role, name in (columns or {}).items() if role in cols}


def check_frame(
    names: Sequence[Any], columns: Mapping[str, str] | None, attributes: Any = ()
) -> None:
    """Refuse a frame that lacks a column ``columns`` (or a required default) or
    ``attributes`` names."""
    asked = asked_columns(columns)
    roles = required_roles(REQUIRED, asked)
    check_columns(names, columns_of(columns), roles, where="the frame")
    check_attributes([("", names)], attribute_names(attributes), where="the frame")


def attribute_names(value: Any) -> tuple[str, ...]:
    """The ``attributes`` option: column names, each once, in the order given.

    A lone string is refused (``"category"`` would be nine one-letter columns), and so are the
    names of the partial mark and the reopen count the readers write themselves.

    Examples:
        >>> attribute_names(["category", "made_sla", "category"])
        ('category', 'made_sla')
        >>> attribute_names("category")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: attributes: expected a list of column names, got 'category' (str)
    """  # noqa: E501
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ConfigError(
            f"expected a list of column names, got {safe_repr(value)} ({type(value).__name__})",
            path="attributes",
        )
    names: dict[str, None] = {}
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item:
            raise ConfigError(f"expected a column name, got {safe_repr(item)}",
                              path=f"attributes[{i}]")  # fmt: skip
        if item == PARTIAL_ATTRIBUTE:
            raise ConfigError(
                f"{item!r} is the reader's own mark of what a history lacks; rename the column",
                path=f"attributes[{i}]",
            )
        if item == REOPENS_ATTRIBUTE:  # copied as is, it was each row's error (or a wrong count)
            raise ConfigError(
                f"{item!r} is the readers' own count of the reopens an export gives without "
                "their instants; rename the column (the one-row reader reads such a count with "
                "columns={'reopens': ...})",
                path=f"attributes[{i}]",
            )
        names[item] = None
    return tuple(names)


def check_attributes(
    headers: Sequence[tuple[str, Sequence[Any]]], names: Sequence[str], *, where: str
) -> None:
    """Refuse, before any row, an ``attributes`` column that no header (or frame) has.

    ``headers`` are (file, header) pairs; as for a mapped optional column, one header having
    it is enough (the files of one export may differ in their optional columns). The error
    is the option's, at ``attributes[i]``; its message names the file, the column, the
    columns there are and the closest of them (the file the option was read from, a
    ``--map`` file, is the error's source, as for ``columns``).

    Examples:
        >>> check_attributes([("log.csv", ["number", "category"])], ["category"], where="the header")
        >>> check_attributes([("log.csv", ["number", "category"])], ["categroy"], where="the header")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: attributes[0]: column 'categroy' is not in the header of log.csv, which has ['number', 'category'] (did you mean 'category'?); attributes must name columns there are
    """  # noqa: E501
    read = [(source, [str(c) for c in header]) for source, header in headers if len(header)]
    if not read:  # empty files have no rows to read
        return
    for i, name in enumerate(names):
        if any(name in header for _, header in read):
            continue
        source, header = read[0]
        close = _close(name, header)
        hint = "" if close is None else f" (did you mean {safe_repr(close)}?)"
        place = f"{where} of {source}" if source else where
        raise ConfigError(
            f"column {safe_repr(name)} is not in {place}, which has "
            f"{safe_repr(header, limit=300)}{hint}; attributes must name columns there are",
            path=f"attributes[{i}]",
        )


def read_options(
    columns: Mapping[str, str] | None,
    status_map: Mapping[str, str | Status] | None,
    activity_map: Mapping[str, str] | None,
    ignore: Iterable[str],
    tz: str | tzinfo | None,
    dayfirst: bool,
    missing: Iterable[str],
    priority_map: Mapping[str, str | Priority] | None = None,
    date_format: str | Sequence[str] | None = None,
    contiguous: bool = True,
    channel_map: Mapping[str, str] | None = None,
    attributes: Any = (),
    keep: Iterable[str] = (),
    month_names: Any = None,
    timestamp_unit: Any = None,
) -> Options:
    cols = columns_of(columns)
    formats = None if date_format is None else date_formats(date_format)
    statuses: dict[str, Status] = {}
    for raw, ours in read_table(status_map, "status_map").items():
        statuses[raw] = Status.parse(ours, f"status_map.{raw}")
    activities = read_table(activity_map, "activity_map")
    for raw, kind in activities.items():
        if not one_of(kind, EVENT_KINDS):
            raise ConfigError(
                f"unknown event kind {safe_repr(kind)}; expected one of {sorted(EVENT_KINDS)}",
                path=f"activity_map.{raw}",
            )
    ignored = read_words(ignore, "ignore")
    check_overlaps(activities, statuses, ignored, cols)
    return Options(
        cols,
        statuses,
        dict(activities),
        read_priority_map(priority_map),
        ignored,
        zone(tz),
        _dayfirst(dayfirst),
        read_words(missing, "missing"),
        formats,
        flag(contiguous, "contiguous"),
        lost_by_mapping(activity_map or {}, statuses, cols),
        read_channel_map(channel_map),
        attribute_names(attributes),
        read_keep(keep, activities, statuses, cols),
        read_month_names(month_names, formats),
        read_unit(timestamp_unit),
    )


def check_overlaps(
    activities: Mapping[str, str], statuses: Mapping[str, Status], ignore: frozenset[str],
    columns: Mapping[str, str],
) -> None:  # fmt: skip
    """Refuse a name the options give two meanings, which the reader would settle silently.

    A row's activity is looked up in ``activity_map``, then ``status_map``, then ``ignore``:
    ``"Resolved"`` in both ``activity_map`` and ``status_map`` would be read as a message and
    never solve a ticket, and a name both mapped and ignored says it is an event and is not.
    Without a status column ``status_map``'s names are activities, so one ``activity_map``
    names too is refused; with one they may be its values, which no activity shadows.

    Examples:
        >>> check_overlaps({"Reply": "agent_reply"}, {}, frozenset({"Reply"}), {})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: ignore: 'Reply' is ignored and mapped in activity_map (agent_reply); an activity is an event or ignored, not both: drop it from one of them
    """  # noqa: E501
    for name, kind in activities.items():
        if name in ignore:
            raise ConfigError(
                f"{safe_repr(name)} is ignored and mapped in activity_map ({kind}); an activity "
                "is an event or ignored, not both: drop it from one of them",
                path="ignore",
            )
        if name in statuses and "status" not in columns:
            raise ConfigError(
                f"{safe_repr(name)} is mapped in activity_map too ({kind}): read as that, it "
                f"would never set the status {statuses[name].value}; map each activity once",
                path=f"status_map.{name}",
            )
    for name, status in statuses.items():
        if name in ignore:
            raise ConfigError(
                f"{safe_repr(name)} is ignored and mapped in status_map ({status.value}); a "
                "status is read or ignored, not both: drop it from one of them",
                path="ignore",
            )


def read_keep(
    value: Any, activities: Mapping[str, str], statuses: Mapping[str, Status],
    columns: Mapping[str, str],
) -> frozenset[str]:  # fmt: skip
    """``keep``: the activities read, each as a cell's activity is read (spaces around it
    stripped: ``" status"`` never matched), none blank. An activity the maps name that ``keep``
    leaves out is an error: its rows would be dropped while the mapping says the log records
    them (replies left out: every ticket unanswered). ``status_map``'s names are activities
    only when the log has no status column (else they may be its values).

    Examples:
        >>> sorted(read_keep([" status", "status"], {}, {}, {}))
        ['status']
        >>> read_keep(["status"], {"Reply": "agent_reply"}, {}, {})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: keep: ['status'] leaves out ['Reply'], which activity_map or status_map maps; add it to keep, or drop it from the map
    """  # noqa: E501
    words = frozenset(w.strip() for w in read_texts(value, "keep", blank=False))
    mapped = [*activities, *(() if "status" in columns else statuses)]
    left = sorted({a for a in mapped if a.strip() not in words})
    if words and left:
        raise ConfigError(
            f"{safe_repr(sorted(words))} leaves out {safe_repr(left)}, which activity_map or "
            "status_map maps; add it to keep, or drop it from the map",
            path="keep",
        )
    return words


def _dayfirst(value: Any) -> bool:
    """``dayfirst``: a bool (numpy's too, as the one-row reader takes it). Any other value is
    refused, never taken for its truth: ``"no"`` would read every date day first.

    Examples:
        >>> _dayfirst("no")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: dayfirst: expected True or False, got 'no'
    """
    if not is_bool(value):
        raise ConfigError(f"expected True or False, got {safe_repr(value)}", path="dayfirst")
    return bool(value)


def flag(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"expected True or False, got {safe_repr(value)}", path=path)
    return value
