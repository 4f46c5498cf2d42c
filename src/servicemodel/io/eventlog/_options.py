"""Private: an event log's reading options -- its columns, maps and what they cannot say."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import tzinfo
from typing import Any

import attrs

from servicemodel._config import one_of, safe_repr
from servicemodel.errors import ConfigError
from servicemodel.io._columns import check_columns, columns_over, required_roles
from servicemodel.io._vocab import read_priority_map
from servicemodel.io.eventlog._time import date_formats, zone
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Event,
    InternalNote,
    Priority,
    Reopen,
    Status,
)

__all__ = [
    "COMPLETE",
    "DEFAULT_COLUMNS",
    "EVENT_KINDS",
    "REQUIRED",
    "ROLES",
    "TICKET_ROLES",
    "Options",
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
ROLES = frozenset(REQUIRED) | {"resource", "lifecycle", "status", *TICKET_ROLES}
#: The one lifecycle transition that says an activity happened. The XES lifecycle extension
#: (IEEE 1849, https://www.xes-standard.org/) and pm4py's ``lifecycle:transition`` column
#: give an activity a row per transition (``start``, ``suspend``, ``resume``, ``complete``...):
#: read as events, a reply logged at its start and its completion would count twice.
COMPLETE = "complete"

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
    """The column of each role: ``columns`` over ``DEFAULT_COLUMNS``, each role checked."""
    return columns_over(DEFAULT_COLUMNS, ROLES, columns)


def check_frame(names: Sequence[Any], columns: Mapping[str, str] | None) -> None:
    """Refuse a frame that lacks a column ``columns`` (or a required default) names."""
    roles = required_roles(REQUIRED, columns)
    check_columns(names, columns_of(columns), roles, where="the frame")


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
) -> Options:
    cols = columns_of(columns)
    statuses: dict[str, Status] = {}
    for raw, ours in (status_map or {}).items():
        statuses[raw] = Status.parse(ours, f"status_map.{raw}")
    for raw, kind in (activity_map or {}).items():
        if not one_of(kind, EVENT_KINDS):
            raise ConfigError(
                f"unknown event kind {safe_repr(kind)}; expected one of {sorted(EVENT_KINDS)}",
                path=f"activity_map.{raw}",
            )
    return Options(
        cols,
        statuses,
        dict(activity_map or {}),
        read_priority_map(priority_map),
        frozenset(ignore),
        zone(tz),
        dayfirst,
        frozenset(missing),
        None if date_format is None else date_formats(date_format),
        flag(contiguous, "contiguous"),
        lost_by_mapping(activity_map or {}, statuses, cols),
    )


def flag(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"expected True or False, got {safe_repr(value)}", path=path)
    return value
